"""The meeting cycle on a real database: the year's calendar, agendas, outcomes that move vraagstukken, the fast procedure."""

from __future__ import annotations

import pytest

from novex import bootstrap
from novex.access import Actor, Role
from novex.audit import AuditFilter
from novex.errors import Forbidden, InvalidInput, StateConflict, TransitionRefused
from novex.meetings.agenda import Uitkomst
from novex.meetings.snelle_procedure import (
    ESCALATIECRITERIA,
    Expert,
    Optie,
    Selectie,
    Signaal,
    TafelNotitie,
    Terugkoppeling,
)
from novex.reference.provinces import landsdelen
from tests.fixtures.vraagstukken import VRO, in_besluitvorming, run_to_terugkoppeling

UTRECHT = Actor(5, "planner@utrecht.nl", Role.PROVINCIE, provincie="PV26")


def test_a_year_is_scheduled_once_with_twelve_do_twelve_gpdg_and_five_bol(db):
    with db.session() as session:
        meetings = bootstrap.meeting_service(session).schedule(VRO, 2027)
    kinds = [m.soort for m in meetings]
    assert (kinds.count("do-novex"), kinds.count("gp-dg"), kinds.count("bol")) == (12, 12, 5)
    assert all(m.datum.month == 9 for m in meetings if m.soort == "bol")
    with db.session() as session, pytest.raises(StateConflict, match="al gepland"):
        bootstrap.meeting_service(session).schedule(VRO, 2027)


def test_a_do_without_consensus_escalates_to_the_gpdg_and_a_bol_choice_lands_on_the_list(db):
    with db.session() as session:
        meetings = bootstrap.meeting_service(session).schedule(VRO, 2027)
        vid = in_besluitvorming(session, "Wonen en water bij Lopik")
    do = next(m for m in meetings if m.soort == "do-novex" and m.provincie == "PV26")
    gpdg = next(m for m in meetings if m.soort == "gp-dg" and m.provincie == "PV26")
    utrecht_part = next(part.code for part in landsdelen()[0] if "PV26" in part.provincies)
    bol = next(m for m in meetings if m.soort == "bol" and m.landsdeel == utrecht_part)
    with db.session() as session:
        service = bootstrap.meeting_service(session)
        draft = service.draft(VRO, do.id)
        assert [(d.vraagstuk_id, d.soort) for d in draft] == [(vid, "besluitvorming")]
        item = service.set_agenda(VRO, do.id, draft, do.version)[0]
        with pytest.raises(InvalidInput, match="verschillen van inzicht"):
            service.record_outcome(VRO, do.id, item.id, Uitkomst("Geen eensgezind advies", consensus=False))
    with db.session() as session:
        service = bootstrap.meeting_service(session)
        service.record_outcome(VRO, do.id, item.id, Uitkomst("Geen eensgezind advies", False, "Rijk: water eerst"))
        v = bootstrap.vraagstuk_service(session).get(VRO, vid)
        assert v.volgende_tafel == "gp-dg"
        assert v.tafelbesluiten[-1].verschillen == "Rijk: water eerst"
        assert [(d.vraagstuk_id, d.soort) for d in service.draft(VRO, gpdg.id)] == [(vid, "escalatie")]
        gp_item = service.set_agenda(VRO, gpdg.id, service.draft(VRO, gpdg.id), gpdg.version)[0]
        service.record_outcome(VRO, gpdg.id, gp_item.id, Uitkomst("Advies: richting 2"))
        bol_item = service.set_agenda(VRO, bol.id, service.draft(VRO, bol.id), bol.version)[0]
        service.record_outcome(VRO, bol.id, bol_item.id, Uitkomst("Het BOL kiest richting 2"))
        listed = service.afsprakenlijst(VRO, 2027)
    assert [(a.vraagstuk_id, a.tekst, a.vergadering_id) for a in listed] == [(vid, "Het BOL kiest richting 2", bol.id)]


def test_the_fast_procedure_refuses_one_or_four_options_and_runs_to_the_end(db):
    with db.session() as session:
        vid = in_besluitvorming(session, "Botsing wonen en defensie")
        service = bootstrap.meeting_service(session)
        expert = service.add_expert(VRO, Expert(0, "A. Deskundige", "Ministerie van Defensie", ("defensie",)))
        p = service.start_procedure(VRO, vid)
        p = service.save_product(VRO, vid, Signaal(True, "nationaal kader", "wonen x defensie", "Soest", "BOL"),
                                 p.version)  # fmt: skip
        p = service.move_procedure(VRO, vid, "snelle-selectie")
        every = {code: (True, "omdat") for code in ESCALATIECRITERIA}
        p = service.save_product(VRO, vid, Selectie(every, True, (expert.id,)), p.version)
        p = service.move_procedure(VRO, vid, "snelle-tafel")
        option = Optie("R", "voor", "tegen", "ruimtelijk", "bestuurlijk", "juridisch")
        for count in (1, 4):
            with pytest.raises(InvalidInput, match=f"2–3 realistische oplossingsrichtingen.*nu {count}"):
                service.save_product(
                    VRO,
                    vid,
                    TafelNotitie("beeld", (option,) * count, "bestuurlijk", "naar het DO", (expert.id,)),
                    p.version,
                )
        p = service.save_product(
            VRO, vid, TafelNotitie("beeld", (option,) * 2, "bestuurlijk", "naar het DO", (expert.id,)), p.version
        )
        p = service.move_procedure(VRO, vid, "terugkoppeling")
        with pytest.raises(TransitionRefused, match="terugkoppeling"):
            service.move_procedure(VRO, vid, "afgerond")
        p = service.save_product(VRO, vid, Terugkoppeling("do-novex", True, "Naar het DO NOVEX"), p.version)
        assert service.move_procedure(VRO, vid, "afgerond").fase == "afgerond"
        steps = [(s.source, s.target) for s in service.procedure_history(VRO, vid)]
    assert steps[-1] == ("terugkoppeling", "afgerond") and len(steps) == 4


def test_a_terugkoppeling_to_a_table_puts_the_vraagstuk_on_that_tables_draft_agenda(db):
    """Seed 002 §4.2 step 4: fed back to the GP-DG round, the vraagstuk is on the GP-DG's draft agenda."""
    with db.session() as session:
        meetings = bootstrap.meeting_service(session).schedule(VRO, 2027)
        to_gpdg = in_besluitvorming(session, "Terug naar het GP-DG")
        official = in_besluitvorming(session, "Terug naar ambtelijk overleg")
        service = bootstrap.meeting_service(session)
        gpdg = next(m for m in meetings if m.soort == "gp-dg" and m.provincie == "PV26")
        assert to_gpdg not in {d.vraagstuk_id for d in service.draft(VRO, gpdg.id)}  # no DO outcome yet
        for vid, lijn in ((to_gpdg, "gp-dg"), (official, "ambtelijk")):
            p = run_to_terugkoppeling(service, vid)
            service.save_product(VRO, vid, Terugkoppeling(lijn, lijn == "gp-dg", "Teruggelegd"), p.version)
        dialogue = bootstrap.vraagstuk_service(session)
        assert dialogue.get(VRO, to_gpdg).volgende_tafel == "gp-dg"
        assert dialogue.get(VRO, official).volgende_tafel is None  # back to the province: no table
        assert to_gpdg in {d.vraagstuk_id for d in service.draft(VRO, gpdg.id)}
        assert official not in {d.vraagstuk_id for d in service.draft(VRO, gpdg.id)}
    with db.session(write=False) as session:
        events, _ = bootstrap.audit_service(session).page(VRO, AuditFilter(), 1, 50)
    moved = [e for e in events if e.actie == "vraagstuk.volgende-tafel"]
    assert len(moved) == 1 and moved[0].reden == "terugkoppeling van de snelle procedure via de Regietafel NOVEX"


def test_a_province_cannot_run_the_procedure_or_plan_meetings(db):
    with db.session() as session:
        vid = in_besluitvorming(session, "Eigen vraagstuk")
        service = bootstrap.meeting_service(session)
        with pytest.raises(Forbidden):
            service.start_procedure(UTRECHT, vid)
        with pytest.raises(Forbidden):
            service.schedule(UTRECHT, 2028)
