"""What the chain of products lets users do (actions as data; see `novex.access`).

Seed 003 §4.2: per area "een duo van een Rijk- en Regio vertegenwoordiger" — the trekkend
bewindspersoon and one regional bestuurlijke trekker — carries the result, and "De minister voor VRO
heeft een coördinerende verantwoordelijkheid over de NOVEX-gebieden". So VRO, the ministry of the
trekkend bewindspersoon (role `departement`; the service checks which ministry) and the planners of
the provinces an area lies in (partly) keep its dossier. How that maps to rights is this platform's
design. Reading is `gebieden-lezen` (`novex.gebieden.actions.READ_GEBIEDEN`).
"""

from __future__ import annotations

from novex.access import Action, Role

EDIT_DOSSIER = Action(
    "gebiedsdossier-bijwerken",
    "het dossier van een NOVEX-gebied bijwerken (fase, governance, producten, uitvoeringsafspraken)",
    frozenset({Role.VRO, Role.DEPARTEMENT, Role.PROVINCIE}),
    province_refusal="mag alleen dossiers bijwerken van NOVEX-gebieden die (deels) in de eigen provincie liggen; "
    "dit gebied ligt in {provincie}",
)
PRODUCTKETEN_ACTIONS = (EDIT_DOSSIER,)
