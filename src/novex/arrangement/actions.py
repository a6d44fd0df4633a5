"""What the Ruimtelijk Arrangement lets users do (actions as data; see `novex.access`).

The RA is agreed between the Rijk and one province (seed 003 §4.1) and adopted in the BOL
(seed 002 §3.4): VRO and the province draft and propose their own version; VRO records the
adoption. Adopted versions are public documents; drafts are read by the parties (VRO, the
ministries) and by the province itself. How this maps to rights is this platform's design.
"""

from __future__ import annotations

from novex.access import EVERY_ROLE, Action, Role

READ_ARRANGEMENTS = Action(
    "arrangementen-lezen",
    "ruimtelijke arrangementen lezen",
    EVERY_ROLE,
    province_refusal="mag het concept van het ruimtelijk arrangement van {provincie} niet lezen",
)
DRAFT_ARRANGEMENT = Action(
    "arrangement-opstellen",
    "een ruimtelijk arrangement opstellen en voorleggen",
    frozenset({Role.VRO, Role.PROVINCIE}),
    province_refusal="mag het ruimtelijk arrangement van {provincie} niet opstellen of wijzigen",
)
ADOPT_ARRANGEMENT = Action(
    "arrangement-vaststellen",
    "de vaststelling van een ruimtelijk arrangement in het BOL vastleggen",
    frozenset({Role.VRO}),
)
ARRANGEMENT_ACTIONS = (READ_ARRANGEMENTS, DRAFT_ARRANGEMENT, ADOPT_ARRANGEMENT)
