"""Draft agendas from crafted vraagstukken (seed 002 §4.1 stap 3, Resumé)."""

from __future__ import annotations

from datetime import date

from novex.dialogue.model import Criterium, Tafelbesluit, Triage, Vraagstuk
from novex.meetings.agenda import Vergadering, draft_agenda

DONE_TRIAGE = Triage(tuple(Criterium(c, besluit=True) for c in ("1", "2a", "2b", "3")), "advies", "Regietafel NOVEX")
DO_UTRECHT = Vergadering(1, "do-novex", date(2027, 6, 14), "DO NOVEX Utrecht", provincie="PV26")
GPDG_UTRECHT = Vergadering(2, "gp-dg", date(2027, 8, 30), "GP-DG Utrecht", provincie="PV26")
BOL_MIDDEN = Vergadering(3, "bol", date(2027, 9, 14), "BOL Noordwest", landsdeel="NW")


def v(k: int, fase: str, provincies=("PV26",), **extra) -> Vraagstuk:
    return Vraagstuk(titel=f"V{k}", provincies=provincies, herkomst="voortgang", id=k, fase=fase, **extra)


def do(consensus: bool) -> Tafelbesluit:
    return Tafelbesluit("do-novex", date(2027, 6, 14), "advies", consensus, None if consensus else "verschil")


CRAFTED = [
    v(1, "gesignaleerd"),  # not ready for any table
    v(2, "beeldvorming"),  # triage not complete: not yet
    v(3, "beeldvorming", triage=DONE_TRIAGE),  # the triage itself on the DO agenda
    v(4, "oordeelsvorming"),  # approach discussed at the DO
    v(5, "besluitvorming"),  # first round at the DO
    v(6, "besluitvorming", volgende_tafel="gp-dg", tafelbesluiten=(do(False),)),  # escalated without consensus
    v(7, "besluitvorming", volgende_tafel="gp-dg", tafelbesluiten=(do(True),)),  # DO advice for the GP-DG
    v(8, "besluitvorming", volgende_tafel="bol", tafelbesluiten=(do(True),)),  # ready for the BOL
    v(9, "besluitvorming", provincies=("PV28",)),  # another province
    v(10, "vastgelegd"),
    v(11, "oordeelsvorming", volgende_tafel="regietafel"),  # planned for another table first
]


def test_the_do_novex_gets_decisions_then_approaches_then_triage_of_its_own_province():
    items = draft_agenda(DO_UTRECHT, CRAFTED)
    assert [(i.vraagstuk_id, i.soort) for i in items] == [(5, "besluitvorming"), (4, "oordeelsvorming"), (3, "triage")]
    assert "bespreekpunt" in items[2].reden


def test_the_gp_dg_gets_the_escalation_with_its_reason_and_the_do_advice():
    items = draft_agenda(GPDG_UTRECHT, CRAFTED)
    assert [(i.vraagstuk_id, i.soort) for i in items] == [(6, "escalatie"), (7, "advies")]
    assert "zonder consensus" in items[0].reden or "geen consensus" in items[0].reden


def test_the_bol_gets_what_waits_for_a_political_choice_in_its_landsdeel():
    items = draft_agenda(BOL_MIDDEN, CRAFTED, landsdeel_provinces=("PV26", "PV27", "PV25"))
    assert [i.vraagstuk_id for i in items] == [8]
    with_gpdg = v(12, "besluitvorming", tafelbesluiten=(do(True), Tafelbesluit("gp-dg", date(2027, 8, 30), "advies")))
    assert [i.vraagstuk_id for i in draft_agenda(BOL_MIDDEN, [with_gpdg], ("PV26",))] == [12]
    decided = v(
        13, "besluitvorming", volgende_tafel="bol", tafelbesluiten=(Tafelbesluit("bol", date(2027, 9, 14), "x"),)
    )
    assert draft_agenda(BOL_MIDDEN, [decided], ("PV26",)) == []


def test_a_vraagstuk_crossing_into_the_province_is_on_its_agenda():
    crossing = v(14, "oordeelsvorming", provincies=("PV27", "PV26"))
    assert [i.vraagstuk_id for i in draft_agenda(DO_UTRECHT, [crossing])] == [14]
