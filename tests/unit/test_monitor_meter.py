"""The meter: one code path for every province, counts by province, theme and area, overdue milestones, knots."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from novex.arrangement.model import OpenKnoop, RuimtelijkArrangement, Status
from novex.dialogue.model import Tafelbesluit, Vraagstuk
from novex.monitor.meter import bouw_meter, buiten_bol, huidige_versies, trend
from novex.monitor.model import Meting, Momentopname, MonitorRonde, RondeStatus, Stand, StatusZetting
from novex.monitor.statussen import statuslijst
from tests.fixtures.monitor import gevolgde_afspraak

VANDAAG = date(2027, 8, 1)


def ra(provincie: str, jaar: int = 2026, status: str = Status.VASTGESTELD, **over) -> RuimtelijkArrangement:
    afspraken = (gevolgde_afspraak("A1", provincie, doelen=("woningbouw-900k",), novex_gebied="a12-zone"),
                 gevolgde_afspraak("A2", provincie))  # fmt: skip
    return RuimtelijkArrangement(provincie=provincie, jaar=jaar, status=status, afspraken=afspraken, **over)


def meting(p: str, s: str, d: str, v: float, n: int = 0) -> Meting:
    return Meting(p, s, v, date.fromisoformat(d), "CBS", id=n)


def test_the_current_version_is_the_newest_adopted_one():
    versies = [ra("PV26", 2025), ra("PV26", 2026), ra("PV26", 2027, Status.CONCEPT), ra("PV28", 2026, Status.VERVANGEN)]
    current = huidige_versies(versies)
    assert list(current) == ["PV26"] and current["PV26"].jaar == 2026


def test_two_provinces_with_the_same_series_get_the_same_statuses():
    versies = {"PV26": ra("PV26"), "PV28": ra("PV28")}
    metingen = [meting(p, "A1", "2027-06-01", 1100, i) for i, p in enumerate(("PV26", "PV28"))]
    metingen += [meting(p, "A2", "2027-06-01", 900, 10 + i) for i, p in enumerate(("PV26", "PV28"))]
    meter = bouw_meter(versies, metingen, [], {}, {"woningbouw-900k": "Wonen"}, VANDAAG, statuslijst())
    by_province = {p: {r.afspraak.sleutel: r.status for r in meter.regels if r.provincie == p} for p in versies}
    assert by_province["PV26"] == by_province["PV28"] == {"A1": "op-schema", "A2": "vertraagd"}
    assert meter.per_provincie() == {"PV26": {"op-schema": 1, "vertraagd": 1}, "PV28": {"op-schema": 1, "vertraagd": 1}}
    assert meter.per_thema() == {"Wonen": {"op-schema": 2}, "zonder thema": {"vertraagd": 2}}
    assert meter.per_gebied() == {"a12-zone": {"op-schema": 2}}
    assert meter.totaal() == {"op-schema": 2, "vertraagd": 2}


def test_an_owner_status_overrides_the_suggestion_until_it_is_returned():
    versies = {"PV26": ra("PV26")}
    at = datetime(2027, 7, 1, tzinfo=UTC)
    gezet = [StatusZetting("PV26", "A2", "op-schema", "cijfers lopen achter", "x@y.nl", at, 1)]
    meter = bouw_meter(versies, [], gezet, {}, {}, VANDAAG, statuslijst())
    a2 = next(r for r in meter.regels if r.afspraak.sleutel == "A2")
    assert (a2.status, a2.reden, a2.gezet is not None) == ("op-schema", "cijfers lopen achter", True)
    back = [*gezet, StatusZetting("PV26", "A2", None, "terug", "x@y.nl", at.replace(day=2), 2)]
    a2 = next(
        r for r in bouw_meter(versies, [], back, {}, {}, VANDAAG, statuslijst()).regels if r.afspraak.sleutel == "A2"
    )
    assert a2.gezet is None and a2.status == "aandacht-nodig"  # no measurement, milestone 2027-06-30 passed


def test_overdue_milestones_and_open_knots():
    knoop = OpenKnoop("Netcongestie blokkeert de A12-zone", 4)
    versies = {"PV26": ra("PV26", open_knopen=(knoop,))}
    metingen = [meting("PV26", "A1", "2027-06-01", 1100, 1), meting("PV26", "A2", "2027-06-01", 900, 2)]
    meter = bouw_meter(versies, metingen, [], {}, {}, VANDAAG, statuslijst())
    late = [(m.sleutel, m.omschrijving, m.laatste_waarde) for m in meter.achterstallig()]
    assert late == [("A2", "eerste 1.000", 900.0)]  # A1 reached its 1.000
    assert meter.open_knopen() == [("PV26", knoop)]


def test_trend_from_a_measurement_pair_follows_the_direction():
    versies = {"PV26": ra("PV26")}
    metingen = [meting("PV26", "A1", "2027-01-01", 500, 1), meting("PV26", "A1", "2027-06-01", 400, 2)]
    r = bouw_meter(versies, metingen, [], {}, {}, VANDAAG, statuslijst()).regels[0]
    assert r.trend == "achteruit"


def test_vraagstukken_outside_the_bol_by_phase():
    def v(i, fase, provincies, bol=False):
        besluiten = (Tafelbesluit("bol", date(2027, 1, 1), "besloten"),) if bol else ()
        return Vraagstuk(titel=f"v{i}", provincies=provincies, herkomst="provincie", id=i, fase=fase,
                         tafelbesluiten=besluiten)  # fmt: skip

    vs = [
        v(1, "beeldvorming", ("PV26",)),
        v(2, "oordeelsvorming", ("PV26", "PV28")),
        v(3, "vastgelegd", ("PV26",), True),
    ]
    found = buiten_bol(vs, ["PV26", "PV28"])
    assert [x.id for x in found["PV26"]] == [1, 2] and [x.id for x in found["PV28"]] == [2]
    meter = bouw_meter({}, [], [], found, {}, VANDAAG, statuslijst(), ("beeldvorming", "oordeelsvorming"))
    assert meter.vraagstukken_per_fase == {"PV26": {"beeldvorming": 1, "oordeelsvorming": 1},
                                           "PV28": {"oordeelsvorming": 1}}  # fmt: skip


def test_trend_over_years_sums_closed_rounds_only():
    def stand(status):
        return Stand("A", "t", None, None, None, None, None, status, False, "")

    def ronde(p, jaar, statuses, closed=True):
        snap = Momentopname(date(jaar, 12, 1), 1, jaar, tuple(stand(s) for s in statuses))
        return MonitorRonde(p, jaar, status=RondeStatus.AFGESLOTEN if closed else RondeStatus.OPEN,
                            momentopname=snap if closed else None)  # fmt: skip

    rounds = [ronde("PV26", 2025, ["op-schema", "vertraagd"]), ronde("PV28", 2025, ["op-schema"]),
              ronde("PV26", 2026, ["gerealiseerd"]), ronde("PV28", 2026, [], closed=False)]  # fmt: skip
    assert trend(rounds) == [(2025, {"op-schema": 2, "vertraagd": 1}), (2026, {"gerealiseerd": 1})]


def test_a_snapshot_keeps_what_the_meter_shows():
    versies = {"PV26": ra("PV26")}
    meter = bouw_meter(versies, [meting("PV26", "A1", "2027-06-01", 1100, 1)], [], {}, {}, VANDAAG, statuslijst())
    snap = meter.momentopname("PV26")
    assert [(s.sleutel, s.status, s.laatste_waarde) for s in snap.standen] == [("A1", "op-schema", 1100.0),
                                                                              ("A2", "aandacht-nodig", None)]  # fmt: skip
    assert replace(snap) == snap and snap.datum == VANDAAG
