"""The life of an RA version as a flow, its immutability once adopted, and next year's draft.

`concept → voorgelegd → vastgesteld → vervangen`, and `voorgelegd → concept` to mend a proposal.
The yearly version "wordt formeel vastgesteld in het daaropvolgende BOL en kan daarna jaarlijks
worden geactualiseerd" and is approved in the BOL without signing again (seed 002 §3.4); the first
generation was signed by the minister for VRO with the other bewindslieden (seed 003 §4.1), so for
it the signing takes the place of the BOL adoption.

Guards, each with a Dutch reason:

- proposing (`voorleggen`) needs a sound version (`validatie`), and for a yearly version also:
  every agreement that comes from a vraagstuk comes from one that meets all five inclusion
  criteria (seed 002 Bijlage 3 §4), and no SMART finding is open without a recorded motivation
  (`smart.may_propose`). The first generation is exempt from these two: it is the broad, descriptive
  RA of the old line (seed 002 Bijlage 3 §2), recorded as the baseline;
- adopting (`vaststellen`) needs the BOL (meeting and date) for a yearly version, the signing
  (date and signatories) for the first generation;
- superseding needs the successor (`vervangen_door`): the service moves the old version when it
  adopts the new one, in one unit of work.

A province's planner may propose and withdraw only its own province's version; only VRO records an
adoption and a replacement. These roles are a design choice (the seeds say VRO coordinates).

Only a concept can be edited: a proposed version goes back to concept first (so the BOL adopts
what was proposed), and an adopted or superseded one never changes (`ArrangementOnveranderlijk`,
a `StateConflict`: HTTP 409 at the API).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import date
from typing import Any

from novex.access import Actor, Role
from novex.arrangement.inclusie import reden_niet_opgenomen
from novex.arrangement.model import Generatie, RuimtelijkArrangement, Status
from novex.arrangement.smart import smart_check, weigering
from novex.arrangement.validatie import arrangement_problemen
from novex.errors import InvalidInput, StateConflict
from novex.flow import Flow, Guard, Transition
from novex.nl import format_date

CONCEPT = Status.CONCEPT.value
VOORGELEGD = Status.VOORGELEGD.value
VASTGESTELD = Status.VASTGESTELD.value
VERVANGEN = Status.VERVANGEN.value

FASEN = (CONCEPT, VOORGELEGD, VASTGESTELD, VERVANGEN)
FASE_NAMEN = {
    CONCEPT: "Concept",
    VOORGELEGD: "Voorgelegd aan het BOL",
    VASTGESTELD: "Vastgesteld",
    VERVANGEN: "Vervangen door een nieuwere versie",
}

FLOW_NAAM = "ruimtelijk-arrangement"
VRO = frozenset({Role.VRO})
VRO_OF_PROVINCIE = frozenset({Role.VRO, Role.PROVINCIE})

BEWERKBAAR = frozenset({CONCEPT})
"""The statuses in which a version may be changed."""

_NIET_VIA_BEWERKEN = frozenset({"status", "vastgesteld_in", "vervangen_door", "id", "version", "provincie"})


class ArrangementOnveranderlijk(StateConflict):
    """A change to a version that may not change now: proposed, adopted or superseded (HTTP 409)."""


# --- guards ---------------------------------------------------------------------------------------


def eigen_provincie(item: RuimtelijkArrangement, actor: Actor) -> str | None:
    """A province's planner acts only on its own province's RA."""
    if actor.system or actor.role is not Role.PROVINCIE or actor.provincie == item.provincie:
        return None
    return f"alleen provincie {item.provincie} of VRO mag dit arrangement voorleggen of terugnemen"


def _sound(fondsen: Collection[str] | None) -> Guard:
    def sound(item: RuimtelijkArrangement, actor: Actor) -> str | None:
        """The version is structurally sound (`validatie.arrangement_problemen`)."""
        problems = arrangement_problemen(item, fondsen)
        return "het arrangement is niet in orde: " + "; ".join(problems) if problems else None

    return sound


def alleen_opgenomen_vraagstukken(item: RuimtelijkArrangement, actor: Actor) -> str | None:
    """A yearly version holds agreements only on vraagstukken that meet all five criteria (Bijlage 3 §4)."""
    if item.generatie == Generatie.EERSTE:
        return None
    reasons = []
    for vraagstuk_id in dict.fromkeys(a.vraagstuk_id for a in item.afspraken if a.vraagstuk_id is not None):
        inclusie = item.inclusie(vraagstuk_id)
        if inclusie is None:
            reasons.append(f"vraagstuk {vraagstuk_id} heeft geen besluit over de vijf inclusiecriteria")
        elif (reden := reden_niet_opgenomen(inclusie)) is not None:
            reasons.append(reden)
    return "; ".join(reasons) or None


def _smart(vandaag: Callable[[], date]) -> Guard:
    def smart_gemotiveerd(item: RuimtelijkArrangement, actor: Actor) -> str | None:
        """No SMART finding open without a motivation (yearly versions; smart.may_propose)."""
        if item.generatie == Generatie.EERSTE:
            return None
        return weigering(smart_check(item, vandaag()), item.motiveringen)

    return smart_gemotiveerd


def vastgelegd(item: RuimtelijkArrangement, actor: Actor) -> str | None:
    """Adopted in a BOL (yearly version) or signed (first generation), recorded before the move."""
    if item.generatie == Generatie.EERSTE:
        signed = item.ondertekening
        if signed is None or not [s for s in signed.ondertekenaars if s.strip()]:
            return (
                "een arrangement van de eerste generatie wordt ondertekend (seed 003 §4.1): "
                "leg de datum en de ondertekenaars vast"
            )
        return None
    if item.vastgesteld_in is None:
        return "leg vast in welk BOL (vergadering en datum) het arrangement is vastgesteld (seed 002 §3.4)"
    return None


def ruimtelijk_arrangement_flow(
    vandaag: Callable[[], date] = date.today, fondsen: Collection[str] | None = None
) -> Flow:
    """The flow of an RA version; `vandaag` gives today's date to the SMART guard, `fondsen` the known funds."""
    return Flow(
        name=FLOW_NAAM,
        states=FASEN,
        initial=CONCEPT,
        final=frozenset({VERVANGEN}),
        transitions=(
            Transition(
                CONCEPT,
                VOORGELEGD,
                "voorleggen aan het BOL",
                VRO_OF_PROVINCIE,
                guards=(eigen_provincie, _sound(fondsen), alleen_opgenomen_vraagstukken, _smart(vandaag)),
            ),
            Transition(VOORGELEGD, CONCEPT, "terug naar concept", VRO_OF_PROVINCIE, guards=(eigen_provincie,)),
            Transition(VOORGELEGD, VASTGESTELD, "vaststellen", VRO, guards=(vastgelegd,)),
            Transition(VASTGESTELD, VERVANGEN, "vervangen door de nieuwe versie", VRO, requires=("opvolger",)),
        ),
    )


RA_FLOW = ruimtelijk_arrangement_flow()
"""The flow with the real date and the shipped register of funds."""


# --- immutability -----------------------------------------------------------------------------------


def controleer_bewerkbaar(ra: RuimtelijkArrangement) -> None:
    """Raise `ArrangementOnveranderlijk` unless the version is a concept."""
    if ra.status in BEWERKBAAR:
        return
    wat = f"ruimtelijk arrangement {ra.provincie} {ra.jaar} (versie {ra.id})"
    if ra.status == VOORGELEGD:
        raise ArrangementOnveranderlijk(
            f"{wat} is voorgelegd aan het BOL en kan zo niet worden gewijzigd; zet het eerst terug naar concept",
            current_version=ra.version,
        )
    if ra.status == VASTGESTELD:
        waar = (
            f" in {ra.vastgesteld_in.naam or 'het BOL'} van {format_date(ra.vastgesteld_in.datum)}"
            if ra.vastgesteld_in is not None
            else ""
        )
        raise ArrangementOnveranderlijk(
            f"{wat} is vastgesteld{waar} en kan niet meer worden gewijzigd; begin een nieuwe versie voor volgend jaar",
            current_version=ra.version,
        )
    raise ArrangementOnveranderlijk(
        f"{wat} is vervangen door een nieuwere versie en kan niet meer worden gewijzigd", current_version=ra.version
    )


def bewerk(ra: RuimtelijkArrangement, **wijzigingen: Any) -> RuimtelijkArrangement:
    """The version with `wijzigingen` applied; refused unless it is a concept.

    Status, adoption, successor, identity and province change only through the flow or the
    service, never through an edit (`InvalidInput`).
    """
    controleer_bewerkbaar(ra)
    forbidden = sorted(set(wijzigingen) & _NIET_VIA_BEWERKEN)
    if forbidden:
        raise InvalidInput(f"{', '.join(forbidden)} wijzigt niet door te bewerken (alleen via een overgang)")
    return replace(ra, **wijzigingen)


# --- next year's draft ----------------------------------------------------------------------------------


def volgende_versie(ra: RuimtelijkArrangement, jaar: int | None = None) -> RuimtelijkArrangement:
    """Next year's draft: a copy of an adopted version (default: the next year).

    The copy is a yearly-generation concept of the same province that points back to `ra`
    (`vorige_versie`); it keeps the parts' texts, the agreements (with their stable keys, so the
    diff can follow them), the investment agreements, the inclusion decisions and the open knots.
    It drops what belonged to the adopted version: the signing and the BOL adoption (a yearly
    version is not signed again, seed 002 §3.4), the row ids, and the SMART motivations.

    It also resets every party's acceptance: an acceptance was given to last year's text in last
    year's BOL, and the new version is a new proposal that each party accepts again (design choice;
    the SMART check then names each party still to accept). Copying from a first-generation RA
    carries its broad agreements over; the compact form keeps only those on included vraagstukken,
    which the guard on proposing enforces.
    """
    if ra.status != VASTGESTELD:
        raise StateConflict(
            f"alleen een vastgestelde versie is de basis voor volgend jaar; deze is '{ra.status}'",
            current_version=ra.version,
        )
    jaar = ra.jaar + 1 if jaar is None else jaar
    if jaar <= ra.jaar:
        raise InvalidInput(f"de nieuwe versie moet een later jaar hebben dan {ra.jaar} (niet {jaar})")
    return replace(
        ra,
        jaar=jaar,
        generatie=Generatie.JAARLIJKS.value,
        status=CONCEPT,
        afspraken=tuple(replace(a, id=0, acceptaties=()) for a in ra.afspraken),
        investeringen=tuple(replace(i, id=0) for i in ra.investeringen),
        ondertekening=None,
        vastgesteld_in=None,
        motiveringen={},
        vorige_versie=ra.id or None,
        vervangen_door=None,
        id=0,
        version=1,
    )
