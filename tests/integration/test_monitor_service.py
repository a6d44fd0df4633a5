"""The monitor on a real database: one meter for every province, all-or-nothing import, owners' statuses, rounds.

Expectations are worked out by hand from crafted series (see tests/fixtures/monitor.py: 0 → 4.000
homes, milestones 1.000 on 2027-06-30 and 2.500 on 2028-12-31).
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from openpyxl import Workbook

from novex import bootstrap
from novex.access import Actor, Role
from novex.arrangement.model import Eigenaar
from novex.audit import AuditFilter
from novex.errors import Forbidden, InvalidInput, NotFound, StateConflict
from tests.fixtures.monitor import gevolgde_afspraak, vastgesteld
from tests.fixtures.vraagstukken import VRO, decided_in_bol

UTRECHT = Actor(7, "planner@utrecht.nl", Role.PROVINCIE, provincie="PV26")
ZUID_HOLLAND = Actor(8, "planner@pzh.nl", Role.PROVINCIE, provincie="PV28")
IENW = Actor(9, "expert@minienw.nl", Role.DEPARTEMENT, departement="IenW")
LEZER = Actor(10, "lezer@x.nl", Role.LEZER)
VANDAAG = date(2027, 8, 1)


def monitor(session):
    service = bootstrap.monitor_service(session)
    service.today = lambda: VANDAAG
    return service


@pytest.fixture
def two(db):
    """Utrecht and Zuid-Holland each with an adopted version holding A1 and A2 (A2 owned by IenW)."""
    with db.session() as session:
        for p in ("PV26", "PV28"):
            a2 = gevolgde_afspraak("A2", p, eigenaren=(Eigenaar("ministerie", "IenW"),))
            vastgesteld(session, p, (gevolgde_afspraak("A1", p), a2))
    return db


def counts(db) -> int:
    with db.session() as session:
        return len(monitor(session).metingen(VRO))


def test_the_same_meter_for_two_provinces(two):
    with two.session() as session:
        m = monitor(session)
        for p, planner in (("PV26", UTRECHT), ("PV28", ZUID_HOLLAND)):
            m.add_meting(planner, p, "A1", 1100, date(2027, 6, 1), "CBS")
            m.add_meting(planner, p, "A2", 900, date(2027, 6, 1), "CBS")
        telling = m.telling(LEZER)
    expected = {"op-schema": 1, "aandacht-nodig": 0, "vertraagd": 1, "gerealiseerd": 0, "vervallen": 0, "geen": 0}
    assert telling == {"PV26": expected, "PV28": expected}


def test_the_monitor_follows_an_ra_adopted_in_the_bol(db):
    with db.session() as session:
        (a12, _), bol = decided_in_bol(session, ("Wonen langs de A12", "Water bij Lopik"))
    with db.session() as session:
        from tests.integration.test_arrangement_service import adopt, smart

        ra_service = bootstrap.arrangement_service(session)
        ra = ra_service.create(VRO, "PV26", 2027)
        first = ra.afspraken[0]
        ra = ra_service.update_afspraak(VRO, ra.id, first.sleutel, smart(first), ra.version)
        adopt(ra_service, ra, bol)
    with db.session() as session:
        m = monitor(session)
        assert [r.afspraak.sleutel for r in m.meter(VRO).regels] == [a.sleutel for a in ra.afspraken]
        m.add_meting(UTRECHT, "PV26", first.sleutel, 10, date(2027, 7, 1), "provincie")
        with pytest.raises(InvalidInput, match="geen indicator"):
            m.add_meting(UTRECHT, "PV26", ra.afspraken[1].sleutel, 10, date(2027, 7, 1), "provincie")


def test_a_concept_version_is_not_followed(db):
    with db.session() as session:
        from novex.arrangement.model import RuimtelijkArrangement
        from novex.store.arrangement_repo import SqlArrangementRepository

        SqlArrangementRepository(session).add(RuimtelijkArrangement("PV26", 2027, afspraken=(gevolgde_afspraak(),)))
    with db.session() as session, pytest.raises(InvalidInput, match="staat niet in het vastgestelde"):
        monitor(session).add_meting(VRO, "PV26", "A1", 1, date(2027, 1, 1), "CBS")


def test_a_file_with_bad_rows_is_refused_whole_and_names_every_row(two):
    text = ("afspraak;waarde;datum;bron\n"
            "PV26/A1;100;2027-01-01;CBS\n"        # 2 good
            "PV99/A1;100;2027-01-01;CBS\n"        # 3 unknown province
            "PV26/A9;100;2027-01-01;CBS\n"        # 4 unknown agreement
            "PV26/A1;100;2030-01-01;CBS\n"        # 5 in the future
            "PV26/A1;veel;2027-01-01;CBS\n"       # 6 not a number
            "PV26/A1;100;2027-01-01;CBS\n")  # fmt: skip  # 7 same as line 2
    with two.session() as session, pytest.raises(InvalidInput) as refused:
        monitor(session).importeer(VRO, text.encode(), "metingen.csv")
    message = str(refused.value)
    for line in (3, 4, 5, 6, 7):
        assert f"regel {line}:" in message
    assert "regel 2:" not in message and "niets ingelezen" in message and "dezelfde meting als regel 2" in message
    assert counts(two) == 0


def test_a_good_csv_and_xlsx_are_stored_whole_and_not_twice(two):
    text = "afspraak;waarde;datum;bron\nPV26/A1;100;2027-01-01;CBS\nPV28/A2;250,5;15-02-2027;provincie\n"
    with two.session() as session:
        result = monitor(session).importeer(VRO, text.encode(), "m.csv")
    assert (result.metingen, result.afspraken) == (2, 2)
    book = Workbook()
    book.active.append(["provincie", "sleutel", "waarde", "datum", "bron"])
    for day in range(1, 4):
        book.active.append(["Zuid-Holland", "A1", day * 10, date(2027, 3, day), "CBS"])
    buffer = io.BytesIO()
    book.save(buffer)
    with two.session() as session:
        assert monitor(session).importeer(VRO, buffer.getvalue(), "m.xlsx").metingen == 3
    with two.session() as session, pytest.raises(InvalidInput, match="heeft al een meting"):
        monitor(session).importeer(VRO, text.encode(), "m.csv")
    with two.session() as session:
        stored = monitor(session).metingen(VRO, "PV28", "A1")
    assert [(m.waarde, m.datum) for m in stored] == [(10.0 * d, date(2027, 3, d)) for d in range(1, 4)]
    assert counts(two) == 5


def test_a_province_measures_only_its_own_agreements(two):
    with two.session() as session:
        m = monitor(session)
        with pytest.raises(Forbidden, match="PV28"):
            m.add_meting(UTRECHT, "PV28", "A1", 1, date(2027, 1, 1), "CBS")
        with pytest.raises(InvalidInput, match="regel 2: u mag geen metingen"):
            m.importeer(UTRECHT, b"afspraak;waarde;datum;bron\nPV28/A1;1;2027-01-01;CBS\n", "m.csv")
        with pytest.raises(Forbidden):
            m.add_meting(LEZER, "PV26", "A1", 1, date(2027, 1, 1), "CBS")
    assert counts(two) == 0


def test_an_owner_sets_the_status_with_a_motivation_in_the_audit_trail(two):
    with two.session() as session:
        m = monitor(session)
        m.add_meting(UTRECHT, "PV26", "A1", 900, date(2027, 7, 1), "CBS")
        assert m.afspraak(LEZER, "PV26", "A1").regel.status == "vertraagd"
        with pytest.raises(Forbidden, match="geen eigenaar"):
            m.zet_status(UTRECHT, "PV26", "A2", "op-schema", "ministerie is eigenaar")  # A2 is IenW's
        with pytest.raises(Forbidden):
            m.zet_status(ZUID_HOLLAND, "PV26", "A1", "op-schema", "niet mijn provincie")
        with pytest.raises(InvalidInput, match="motivering ontbreekt"):
            m.zet_status(UTRECHT, "PV26", "A1", "op-schema", "  ")
        with pytest.raises(InvalidInput, match="status 'prima' bestaat niet"):
            m.zet_status(UTRECHT, "PV26", "A1", "prima", "x")
        m.zet_status(UTRECHT, "PV26", "A1", "op-schema", "De opleveringen van juli zijn nog niet geteld")
        m.zet_status(IENW, "PV26", "A2", "vervallen", "Opgave is overgeheveld naar het programma Water")
        shown = m.afspraak(LEZER, "PV26", "A1")
        assert (shown.regel.status, shown.regel.gezet is not None) == ("op-schema", True)
        assert shown.regel.suggestie.status == "vertraagd"  # the suggestion stays visible beside it
        m.zet_status(VRO, "PV26", "A1", None, "Terug naar de suggestie na de nieuwe telling")
        assert m.afspraak(LEZER, "PV26", "A1").regel.status == "vertraagd"
    with two.session() as session:
        events, _ = bootstrap.audit_service(session).page(VRO, AuditFilter(actie="monitor-afspraak.status"), 1, 10)
    assert [(e.actor, e.object_id, e.provincie, e.reden) for e in reversed(events)] == [
        ("planner@utrecht.nl", "A1", "PV26", "De opleveringen van juli zijn nog niet geteld"),
        ("expert@minienw.nl", "A2", "PV26", "Opgave is overgeheveld naar het programma Water"),
        (VRO.email, "A1", "PV26", "Terug naar de suggestie na de nieuwe telling"),
    ]


def test_a_rounds_snapshot_is_unchanged_after_later_measurements(two):
    with two.session() as session:
        m = monitor(session)
        m.add_meting(VRO, "PV26", "A1", 1100, date(2027, 6, 1), "CBS")
        ronde = m.start_ronde(VRO, "PV26", 2027)
        assert [d.naam for d in ronde.deelnemers] == ["ministerie van VRO", "Utrecht", "IenW"]
        with pytest.raises(Forbidden):
            m.start_ronde(UTRECHT, "PV26", 2026)
        with pytest.raises(InvalidInput, match="kwalitatieve beeld"):
            m.sluit_ronde(VRO, ronde.id, ronde.version)
        ronde = m.update_ronde(UTRECHT, ronde.id, ronde.version, beeld="Woningbouw loopt; A2 wacht op IenW.")
        with pytest.raises(Forbidden):
            m.update_ronde(ZUID_HOLLAND, ronde.id, ronde.version, beeld="x")
        with pytest.raises(StateConflict, match="intussen gewijzigd"):
            m.update_ronde(VRO, ronde.id, ronde.version - 1, beeld="oud")
        closed = m.sluit_ronde(VRO, ronde.id, ronde.version)
    with two.session() as session:
        m = monitor(session)
        m.today = lambda: date(2027, 9, 1)
        m.add_meting(VRO, "PV26", "A1", 1600, date(2027, 8, 20), "CBS")
        m.zet_status(VRO, "PV26", "A2", "vervallen", "niet meer nodig")
        again = m.ronde(LEZER, closed.id)
        with pytest.raises(StateConflict, match="afgesloten"):
            m.update_ronde(VRO, closed.id, again.version, beeld="later")
    assert again.momentopname == closed.momentopname
    standen = {s.sleutel: (s.status, s.laatste_waarde) for s in again.momentopname.standen}
    assert standen == {"A1": ("op-schema", 1100.0), "A2": ("aandacht-nodig", None)}
    assert again.momentopname.datum == VANDAAG and again.beeld == "Woningbouw loopt; A2 wacht op IenW."


def test_bad_measurements_change_nothing(two):
    with two.session() as session:
        m = monitor(session)
        bad = [("PV26", "A1", float("nan"), date(2027, 1, 1), "CBS", "eindig getal"),
               ("PV26", "A1", 1.0, date(1999, 1, 1), "CBS", "tussen 2000-01-01 en vandaag"),
               ("PV26", "A1", 1.0, date(2027, 1, 1), "", "bron ontbreekt"),
               ("PV26", "A1", 1.0, date(2027, 1, 1), "C\x00BS", "NUL"),
               ("Atlantis", "A1", 1.0, date(2027, 1, 1), "CBS", "provincie 'Atlantis' bestaat niet")]  # fmt: skip
        for p, s, v, d, b, message in bad:
            with pytest.raises(InvalidInput, match=message):
                m.add_meting(VRO, p, s, v, d, b)
        with pytest.raises(NotFound):
            m.zet_status(VRO, "PV26", "A9", "op-schema", "x")
        first = m.add_meting(VRO, "Utrecht", "A1", 5, date(2027, 1, 1), "CBS")
        with pytest.raises(StateConflict, match="al een meting"):
            m.add_meting(VRO, "PV26", "A1", 6, date(2027, 1, 1), "CBS")
        with pytest.raises(Forbidden, match="alleen eigen metingen"):
            m.remove_meting(replace(UTRECHT, email="ander@utrecht.nl"), first.id, "fout")
        m.remove_meting(VRO, first.id, "dubbel ingevoerd")
    assert counts(two) == 0


def test_the_meter_reads_the_latest_two_measurements_and_agrees_with_the_whole_series(two):
    from novex.monitor.suggestie import suggereer

    entered = [("A1", "2027-05-01", 1200), ("A1", "2027-06-29", 950), ("A1", "2027-03-01", 500),
               ("A2", "2027-02-01", 300), ("A2", "2027-01-01", 400), ("A2", "2027-07-30", 1000)]  # fmt: skip
    with two.session() as session:
        m = monitor(session)
        for sleutel, day, value in entered:  # entered out of date order
            m.add_meting(VRO, "PV26", sleutel, value, date.fromisoformat(day), "CBS")
        regels = {r.afspraak.sleutel: r for r in m.meter(LEZER, "PV26").regels}
        series = {s: m.metingen(LEZER, "PV26", s) for s in ("A1", "A2")}
    assert (regels["A1"].laatste.waarde, regels["A1"].trend) == (950, "achteruit")
    assert (regels["A2"].laatste.waarde, regels["A2"].trend) == (1000, "vooruit")
    for sleutel, regel in regels.items():  # the naive reference: the suggestion over every measurement
        assert regel.status == suggereer(regel.afspraak, series[sleutel], VANDAAG, m.statuslijst()).status


def test_a_province_reads_another_provinces_meter_by_code_or_name(two):
    with two.session() as session:
        m = monitor(session)
        m.add_meting(VRO, "PV28", "A1", 1100, date(2027, 6, 1), "CBS")
        by_code = m.meter(UTRECHT, "PV28")
        by_name = m.meter(UTRECHT, "zuid-holland")
        assert [r.provincie for r in by_code.regels] == ["PV28", "PV28"] == [r.provincie for r in by_name.regels]
        assert [x.waarde for x in m.metingen(UTRECHT, "Zuid-Holland")] == [1100.0]
        assert list(m.telling(UTRECHT, "pv28")) == ["PV28"]
        assert m.afspraak(UTRECHT, "PV28", "A1").regel.laatste.waarde == 1100
