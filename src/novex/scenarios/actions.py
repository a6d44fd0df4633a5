"""What the scenarios context lets users do (actions as data; see `novex.access`).

Every role reads every scenario (a what-if is shared work). Making and changing scenarios is for
VRO, the provinces and the ministries; a reader only reads. Promoting a scenario into a real
voorstel needs the right to edit that province's claims (`claims-bewerken`), so a province
promotes only into its own voorstellen; as a proposal for part 2 of the Ruimtelijk Arrangement
it needs the right to edit that arrangement. This mapping of rights is this platform's design.
"""

from __future__ import annotations

from novex.access import Action, Role

EDIT_SCENARIOS = Action(
    "scenarios-bewerken", "scenario's maken en wijzigen", frozenset({Role.VRO, Role.PROVINCIE, Role.DEPARTEMENT})
)
SCENARIO_ACTIONS = (EDIT_SCENARIOS,)
