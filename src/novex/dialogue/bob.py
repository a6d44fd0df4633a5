"""The BOB phases of a vraagstuk as a transition table (seed 002 §4.1, the newest rule).

gesignaleerd → beeldvorming → oordeelsvorming → besluitvorming → vastgelegd, with the exits
`elders-belegd` and `afgesloten` ("hoeft niet door") from beeldvorming and oordeelsvorming,
and `knelpunt` when besluitvorming ends without a solution (§4.2: the Ruimtelijk
Arrangement records the outcome, or marks the knot). Products needed to leave a phase:

- gesignaleerd: the light first framing (`inkadering`) on the uitvoeringsstrategie of the
  Nota Ruimte and the POVI (§4.1 Resumé, "eerste inkadering (lichte triage)");
- beeldvorming: a complete `triage` (§3.3; §4.1 stap 1 "onderbouwde selectie (ook wel: 'triage')");
- oordeelsvorming → besluitvorming: the Format aanpak vraagstuk (kort A5) (`aanpak`, §4.1 stap 2);
- besluitvorming → vastgelegd: a settling decision (`besluit`: the BOL's choice or a DO NOVEX
  with consensus, §4.1 stap 3); → knelpunt: at least one table outcome (`tafelbesluit`).

Roles (§3.6, §4.1): VRO coordinates the integral weighing and moves the phases; the ministry
(vakdepartement) leads formal sectoral decisions, so a ministry that is the lead party may
close besluitvorming. Which role may make which move beyond that is a design choice of this
platform.
"""

from __future__ import annotations

from novex.access import Actor, Role
from novex.dialogue.model import Leidend, Vraagstuk
from novex.flow import Flow, Transition

GESIGNALEERD = "gesignaleerd"
BEELDVORMING = "beeldvorming"
OORDEELSVORMING = "oordeelsvorming"
BESLUITVORMING = "besluitvorming"
VASTGELEGD = "vastgelegd"
ELDERS_BELEGD = "elders-belegd"
AFGESLOTEN = "afgesloten"
KNELPUNT = "knelpunt"

FASEN = (GESIGNALEERD, BEELDVORMING, OORDEELSVORMING, BESLUITVORMING, VASTGELEGD, ELDERS_BELEGD, AFGESLOTEN, KNELPUNT)
OPEN_FASEN = (GESIGNALEERD, BEELDVORMING, OORDEELSVORMING, BESLUITVORMING)

FASE_NAMEN = {
    GESIGNALEERD: "Gesignaleerd",
    BEELDVORMING: "Beeldvorming",
    OORDEELSVORMING: "Oordeelsvorming",
    BESLUITVORMING: "Besluitvorming",
    VASTGELEGD: "Vastgelegd",
    ELDERS_BELEGD: "Elders belegd",
    AFGESLOTEN: "Afgesloten (hoeft niet door)",
    KNELPUNT: "Knelpunt",
}

VRO = frozenset({Role.VRO})
VRO_OF_DEPARTEMENT = frozenset({Role.VRO, Role.DEPARTEMENT})


def criteria_of_motivation(item: Vraagstuk, actor: Actor) -> str | None:
    """Going on against the triage criteria needs a motivation: the criteria guide, they are not a gate (§3.3)."""
    if item.triage.criteria_met or (item.triage.afwijking or "").strip():
        return None
    return (
        "de triage voldoet niet aan de criteria van §3.3 (1, 2a of 2b, en 3): "
        "leg in de triage vast waarom het vraagstuk toch doorgaat (afwijking)"
    )


def lead_ministry_only(item: Vraagstuk, actor: Actor) -> str | None:
    """A ministry closes besluitvorming only when it is the lead party (vuistregel §3.6)."""
    if actor.system or actor.role is not Role.DEPARTEMENT:
        return None
    if item.leidend == Leidend.DEPARTEMENT and item.leidend_departement == actor.departement:
        return None
    return "alleen het leidende vakdepartement (vuistregel §3.6) of VRO mag de besluitvorming afronden"


def needs_place(item: Vraagstuk, actor: Actor) -> str | None:
    """Elders beleggen names the place (set on the item before the move by the service)."""
    return None if item.uitkomst_plek else "noem de plek waar het vraagstuk belegd wordt"


BOB = Flow(
    name="vraagstuk",
    states=FASEN,
    initial=GESIGNALEERD,
    final=frozenset({VASTGELEGD, ELDERS_BELEGD, AFGESLOTEN, KNELPUNT}),
    transitions=(
        Transition(GESIGNALEERD, BEELDVORMING, "in beeldvorming nemen", VRO, requires=("inkadering",)),
        Transition(
            BEELDVORMING,
            OORDEELSVORMING,
            "agenderen voor oordeelsvorming",
            VRO,
            guards=(criteria_of_motivation,),
            requires=("triage",),
        ),
        Transition(BEELDVORMING, ELDERS_BELEGD, "elders beleggen", VRO, guards=(needs_place,), requires=("triage",)),
        Transition(BEELDVORMING, AFGESLOTEN, "afsluiten: hoeft niet door", VRO, requires=("triage",)),
        Transition(OORDEELSVORMING, BESLUITVORMING, "voorleggen voor besluitvorming", VRO, requires=("aanpak",)),
        Transition(OORDEELSVORMING, ELDERS_BELEGD, "elders beleggen", VRO, guards=(needs_place,)),
        Transition(OORDEELSVORMING, AFGESLOTEN, "afsluiten: hoeft niet door", VRO),
        Transition(BESLUITVORMING, OORDEELSVORMING, "terug naar oordeelsvorming (verder uitwerken)", VRO),
        Transition(
            BESLUITVORMING,
            VASTGELEGD,
            "besluit vastleggen",
            VRO_OF_DEPARTEMENT,
            guards=(lead_ministry_only,),
            requires=("besluit",),
        ),
        Transition(
            BESLUITVORMING,
            KNELPUNT,
            "als knelpunt markeren",
            VRO_OF_DEPARTEMENT,
            guards=(lead_ministry_only,),
            requires=("tafelbesluit",),
        ),
    ),
)
"""The BOB flow of a vraagstuk."""

NEEDS_REASON = frozenset({ELDERS_BELEGD, AFGESLOTEN, KNELPUNT})
"""Outcomes that need a reason the province can read (seed 002 §4.1: "navolgbaar en uitlegbaar")."""
