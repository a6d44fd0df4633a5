"""What the vraagstukken dialogue lets users do (actions as data; see `novex.access`).

Seed 002 §3.6 and §4.1: provinces signal where integral weighing is needed and read what
became of it; VRO (the accounthouder) triages, advises and moves the phases; the ministries
contribute expertise and lead formal sectoral decisions. How these map to rights is this
platform's design.
"""

from __future__ import annotations

from novex.access import EVERY_ROLE, Action, Role

READ_VRAAGSTUKKEN = Action(
    "vraagstukken-lezen",
    "vraagstukken lezen",
    EVERY_ROLE,
    province_refusal="mag de vraagstukken van {provincie} niet lezen",
)
SIGNAL = Action(
    "vraagstuk-signaleren",
    "een vraagstuk signaleren",
    frozenset({Role.VRO, Role.PROVINCIE}),
    province_refusal="mag geen vraagstuk voor {provincie} signaleren",
)
CONTRIBUTE = Action(
    "vraagstuk-bijdragen",
    "bijdragen aan een vraagstuk",
    frozenset({Role.VRO, Role.PROVINCIE, Role.DEPARTEMENT}),
    province_refusal="mag niet bijdragen aan vraagstukken van {provincie}",
)
HANDLE = Action("vraagstuk-behandelen", "vraagstukken behandelen (triage, advies, fasen)", frozenset({Role.VRO}))
DECIDE = Action(
    "vraagstuk-besluit-vastleggen",
    "de uitkomst van een overlegtafel vastleggen",
    frozenset({Role.VRO, Role.DEPARTEMENT}),
)
DIALOGUE_ACTIONS = (READ_VRAAGSTUKKEN, SIGNAL, CONTRIBUTE, HANDLE, DECIDE)
