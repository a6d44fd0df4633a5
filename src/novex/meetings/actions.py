"""What the meeting cycle lets users do (actions as data; see `novex.access`).

VRO coordinates and agendas in the DO NOVEX (seed 002 §4.1 stap 2 "VRO belegt en agendeert"),
so VRO plans the meetings, fixes agendas and records outcomes; everyone reads.
"""

from __future__ import annotations

from novex.access import Action, Role

MANAGE_MEETINGS = Action(
    "overleg-beheren", "vergaderingen plannen, agenderen en uitkomsten vastleggen", frozenset({Role.VRO})
)
MEETING_ACTIONS = (MANAGE_MEETINGS,)
