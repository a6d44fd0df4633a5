"""What the claims register lets users do (actions as data; see `novex.access`)."""

from __future__ import annotations

from novex.access import Action, Role

EDIT_CLAIMS = Action(
    "claims-bewerken", "claims, voorstellen en eigen doelen bewerken", frozenset({Role.VRO, Role.PROVINCIE}),
    province_refusal="mag geen gegevens van {provincie} wijzigen",
)  # fmt: skip
MANAGE_LAYERS = Action("lagen-beheren", "beperkingenlagen beheren", frozenset({Role.VRO, Role.BEHEERDER}))
CLAIM_ACTIONS = (EDIT_CLAIMS, MANAGE_LAYERS)
