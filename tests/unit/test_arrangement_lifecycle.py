"""The RA flow: its table, the guards on proposing and adopting, immutability, and next year's draft."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from novex.access import Actor, Role
from novex.arrangement.lifecycle import (
    RA_FLOW,
    ArrangementOnveranderlijk,
    bewerk,
    controleer_bewerkbaar,
    ruimtelijk_arrangement_flow,
    volgende_versie,
)
from novex.arrangement.model import Generatie, Ondertekening, OpenKnoop, Status, Vaststelling
from novex.errors import InvalidInput, StateConflict, TransitionRefused
from novex.flow import allowed_moves, move, possible_moves
from tests.fixtures.arrangementen import VANDAAG, afspraak, arrangement, inclusie

VRO = Actor(1, "vro@x.nl", Role.VRO)
UTRECHT = Actor(2, "u@x.nl", Role.PROVINCIE, provincie="PV26")
GELDERLAND = Actor(3, "g@x.nl", Role.PROVINCIE, provincie="PV25")
LEZER = Actor(4, "l@x.nl", Role.LEZER)
FLOW = ruimtelijk_arrangement_flow(lambda: VANDAAG)
BOL = Vaststelling(31, date(2027, 9, 21), "BOL Noordwest 2027")


class Memory:
    def __init__(self):
        self.steps, self.events = [], []

    def record(self, item):
        (self.events if isinstance(item, list) else self.steps).append(item)

    def history(self, flow, item_id):
        return self.steps


def go(ra, target, actor=VRO, flow=FLOW):
    memory = Memory()
    new = move(flow, ra, target, actor, "reden", memory, memory)
    return replace(ra, status=new), memory


def refused(ra, target, actor=VRO, flow=FLOW) -> str:
    with pytest.raises(TransitionRefused) as refusal:
        go(ra, target, actor, flow)
    return str(refusal.value)


def test_the_table():
    assert FLOW.name == RA_FLOW.name == "ruimtelijk-arrangement"
    assert FLOW.states == ("concept", "voorgelegd", "vastgesteld", "vervangen")
    assert FLOW.final == {"vervangen"}
    moves = {(t.source, t.target) for t in FLOW.transitions}
    assert moves == {
        ("concept", "voorgelegd"),
        ("voorgelegd", "concept"),
        ("voorgelegd", "vastgesteld"),
        ("vastgesteld", "vervangen"),
    }
    assert possible_moves(FLOW, "vervangen") == ()


def test_the_whole_way_with_history_and_audit():
    ra, memory = go(arrangement(), "voorgelegd", UTRECHT)
    assert ra.status == "voorgelegd"
    assert (memory.steps[0].source, memory.steps[0].target, memory.steps[0].flow) == (
        "concept",
        "voorgelegd",
        "ruimtelijk-arrangement",
    )
    assert memory.events[0][0].provincie == "PV26"
    ra, _ = go(ra, "concept", UTRECHT)
    ra, _ = go(ra, "voorgelegd", VRO)
    ra, _ = go(replace(ra, vastgesteld_in=BOL), "vastgesteld")
    ra, _ = go(replace(ra, vervangen_door=2), "vervangen")
    assert ra.status == "vervangen"


def test_no_way_back_from_vastgesteld_or_vervangen():
    adopted = arrangement(status="vastgesteld", vastgesteld_in=BOL)
    assert "alleen naar 'vervangen'" in refused(adopted, "concept")
    assert "'vervangen' is een eindfase" in refused(arrangement(status="vervangen"), "concept")
    assert "vanuit 'concept' kan" in refused(arrangement(), "vastgesteld")


def test_roles():
    assert "de rol 'lezer' mag 'voorleggen aan het BOL' niet doen" in refused(arrangement(), "voorgelegd", LEZER)
    assert "alleen provincie PV26 of VRO mag" in refused(arrangement(), "voorgelegd", GELDERLAND)
    proposed = arrangement(status="voorgelegd", vastgesteld_in=BOL)
    assert "de rol 'provincie' mag 'vaststellen' niet doen" in refused(proposed, "vastgesteld", UTRECHT)


def test_proposing_is_refused_with_an_open_smart_finding_and_allowed_with_a_motivation():
    ra = arrangement(afspraken=(afspraak(eigenaren=()),))
    reason = refused(ra, "voorgelegd")
    assert "1 SMART-bevinding staat nog open zonder motivering: Afspraak 1: er is geen eigenaar" in reason
    options = allowed_moves(FLOW, ra, VRO)
    assert [o.allowed for o in options] == [False]
    motivated = replace(ra, motiveringen={"a1/geen-eigenaar": "De eigenaar wordt in het BOL aangewezen."})
    assert go(motivated, "voorgelegd")[0].status == "voorgelegd"


def test_the_smart_guard_uses_the_flows_date():
    ra = arrangement(afspraken=(afspraak(deadline=date(2027, 6, 1), mijlpalen=()),))
    assert go(ra, "voorgelegd")[0].status == "voorgelegd"  # 1 March 2027: still ahead
    later = ruimtelijk_arrangement_flow(lambda: date(2027, 7, 1))
    assert "de deadline 1 juni 2027 is al verstreken" in refused(ra, "voorgelegd", flow=later)


def test_proposing_needs_every_vraagstuk_to_meet_all_five_inclusion_criteria():
    assert "vraagstuk 7 heeft geen besluit over de vijf inclusiecriteria" in refused(
        arrangement(inclusies=()), "voorgelegd"
    )
    reason = refused(arrangement(inclusies=(inclusie(nee=(3, 5)),)), "voorgelegd")
    assert "vraagstuk 7 voldoet niet aan alle vijf inclusiecriteria" in reason
    assert "niet voldaan of nog niet besloten: 3, 5" in reason
    no_vraagstuk = arrangement(afspraken=(afspraak(vraagstuk_id=None),), inclusies=())
    assert go(no_vraagstuk, "voorgelegd")[0].status == "voorgelegd"


def test_proposing_needs_a_sound_version():
    broken = arrangement(afspraken=(afspraak(onderdeel=6),))
    assert "het arrangement is niet in orde: afspraak 1: onderdeel 6 bestaat niet" in refused(broken, "voorgelegd")


def test_the_first_generation_is_the_descriptive_baseline_exempt_from_smart_and_inclusion():
    first = arrangement(jaar=2023, generatie="eerste", afspraken=(afspraak(indicator=None),), inclusies=())
    ra, _ = go(first, "voorgelegd")
    assert "wordt ondertekend (seed 003 §4.1)" in refused(ra, "vastgesteld")
    assert "wordt ondertekend" in refused(replace(ra, ondertekening=Ondertekening(date(2023, 10, 5), (" ",))),
                                          "vastgesteld")  # fmt: skip
    signed = replace(ra, ondertekening=Ondertekening(date(2023, 10, 5), ("minister voor VRO", "GS van Utrecht")))
    assert go(signed, "vastgesteld")[0].status == "vastgesteld"


def test_adopting_a_yearly_version_needs_its_bol():
    proposed = arrangement(status="voorgelegd")
    assert "leg vast in welk BOL (vergadering en datum)" in refused(proposed, "vastgesteld")
    assert go(replace(proposed, vastgesteld_in=BOL), "vastgesteld")[0].status == "vastgesteld"


def test_superseding_needs_the_successor():
    adopted = arrangement(status="vastgesteld", vastgesteld_in=BOL)
    assert "'opvolger' ontbreekt" in refused(adopted, "vervangen")


# --- immutability -------------------------------------------------------------------------------------


def test_only_a_concept_can_be_edited():
    ra = arrangement()
    edited = bewerk(ra, open_knopen=(OpenKnoop("Waterberging tegenover woningbouw", 7),))
    assert edited.open_knopen[0].vraagstuk_id == 7
    assert ra.open_knopen == ()  # frozen: the original is untouched


def test_a_vastgesteld_version_is_immutable_with_a_409_error():
    adopted = arrangement(status="vastgesteld", vastgesteld_in=BOL, version=4)
    with pytest.raises(ArrangementOnveranderlijk) as refusal:
        bewerk(adopted, afspraken=())
    assert isinstance(refusal.value, StateConflict)  # the edges map StateConflict to HTTP 409
    assert refusal.value.current_version == 4
    assert "is vastgesteld in BOL Noordwest 2027 van 21 september 2027 en kan niet meer worden gewijzigd" in str(
        refusal.value
    )


@pytest.mark.parametrize(
    ("status", "words"),
    [("voorgelegd", "zet het eerst terug naar concept"), ("vervangen", "is vervangen door een nieuwere versie")],
)
def test_proposed_and_superseded_versions_are_not_edited_either(status, words):
    with pytest.raises(ArrangementOnveranderlijk, match=words):
        controleer_bewerkbaar(arrangement(status=status))


def test_status_changes_only_through_the_flow():
    with pytest.raises(InvalidInput, match="status wijzigt niet door te bewerken"):
        bewerk(arrangement(), status="vastgesteld")


# --- next year's draft -----------------------------------------------------------------------------


def test_next_years_draft_is_a_copy_with_acceptances_reset():
    adopted = arrangement(
        id=9,
        status="vastgesteld",
        vastgesteld_in=BOL,
        version=3,
        afspraken=(afspraak(id=100),),
        open_knopen=(OpenKnoop("Knoop", 7),),
        motiveringen={"a1/x": "y"},
    )
    draft = volgende_versie(adopted)
    assert (draft.provincie, draft.jaar, draft.status, draft.generatie) == ("PV26", 2028, "concept", "jaarlijks")
    assert (draft.id, draft.version, draft.vorige_versie, draft.vastgesteld_in) == (0, 1, 9, None)
    assert draft.motiveringen == {}
    assert [a.sleutel for a in draft.afspraken] == ["a1"]
    assert draft.afspraken[0].id == 0
    assert draft.afspraken[0].acceptaties == ()
    assert draft.afspraken[0].resultaat == adopted.afspraken[0].resultaat
    assert draft.open_knopen == adopted.open_knopen
    assert draft.investeringen[0].sleutel == "i1"
    assert draft.inclusies == adopted.inclusies
    assert adopted.status == "vastgesteld"  # the adopted version is untouched


def test_a_first_generation_copy_becomes_yearly_and_unsigned():
    first = arrangement(
        jaar=2023,
        generatie=Generatie.EERSTE,
        status=Status.VASTGESTELD,
        ondertekening=Ondertekening(date(2023, 10, 5), ("minister voor VRO",)),
    )
    draft = volgende_versie(first, 2026)
    assert (draft.jaar, draft.generatie, draft.ondertekening) == (2026, "jaarlijks", None)


def test_next_year_only_from_an_adopted_version_and_a_later_year():
    with pytest.raises(StateConflict, match="alleen een vastgestelde versie"):
        volgende_versie(arrangement())
    with pytest.raises(InvalidInput, match="een later jaar"):
        volgende_versie(arrangement(status="vastgesteld"), 2027)
