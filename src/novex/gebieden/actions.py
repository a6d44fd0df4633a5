"""What the NOVEX-areas context lets users do (actions as data; see `novex.access`).

Every role reads the areas, their extents and the analysis inside them (the areas are national,
shared work: seed 003 §4.2). Only VRO, which coordinates NOVEX for the Rijk, replaces an area's
indicative extent by an official boundary; that mapping of rights is this platform's design.
"""

from __future__ import annotations

from novex.access import EVERY_ROLE, Action, Role

READ_GEBIEDEN = Action("gebieden-lezen", "de NOVEX-gebieden, hun begrenzing en de analyse erin lezen", EVERY_ROLE)
SET_GRENS = Action(
    "gebiedsgrens-vastleggen",
    "de officiële begrenzing van een NOVEX-gebied importeren of verwijderen",
    frozenset({Role.VRO}),
)
GEBIEDEN_ACTIONS = (READ_GEBIEDEN, SET_GRENS)
