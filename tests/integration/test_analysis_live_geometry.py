"""Budgets, areas per province, feasibility, goals and conflicts all come from the geometry analysed.

Stored claims are read back from the database; a what-if moves one of them in memory
(`dataclasses.replace`) and every figure must follow it, although the claim's stored
split per province (computed once, at import) still says where it was.
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from shapely.geometry import box

from novex import bootstrap
from novex.access import Actor
from novex.analysis.puzzle import claim_areas
from novex.analysis.report import AnalysisReport, build_report, report
from novex.claims.model import ClaimDraft
from tests.fixtures.geo import UTRECHT

OPERATOR = Actor.operator()
UX, UY = UTRECHT
RX, RY = 88_000.0, 436_000.0  # Rotterdam, Zuid-Holland (RD New)
GOAL = "provincie-pv26-woningbouw-2030"


def store(db, provincie, *drafts):
    with db.session() as session:
        service = bootstrap.claim_service(session)
        voorstel = service.voorstel_for(OPERATOR, f"Wat-als {provincie}", provincie, create=True)
        return [service.add_claim(OPERATOR, voorstel.id, draft) for draft in drafts]


@pytest.fixture
def stored(db):
    """Homes (100 ha, 500 woningen for the Utrecht goal) in Utrecht and a wind farm (100 ha) in Rotterdam."""
    square = box(UX, UY, UX + 1000, UY + 1000)
    (homes,) = store(
        db, "PV26", ClaimDraft("Woonwijk", "wonen", square, hoeveelheid=500.0, eenheid="woningen", doel_id=GOAL)
    )
    (wind,) = store(db, "PV28", ClaimDraft("Windpark", "energie-wind", box(RX, RY, RX + 1000, RY + 1000)))
    return homes, wind


def rows(result: AnalysisReport):
    budgets = {p.code: p for p in result.provinces}
    feasible = {(f.province, f.domain): f for f in result.feasibility}
    goal = next(g for g in result.goals if g.goal == GOAL)
    return budgets, feasible, goal


def test_stored_claims_in_two_provinces_do_not_conflict(stored, cat, provinces):
    homes, wind = stored
    assert (homes.provincies, wind.provincies) == ({"PV26": 100.0}, {"PV28": 100.0})
    result = build_report([homes, wind], cat, provinces, ["PV26", "PV28"])
    budgets, feasible, goal = rows(result)
    assert budgets["PV26"].by_domain == {"wonen": 100.0} and budgets["PV28"].by_domain == {"energie-wind": 100.0}
    assert result.conflicts == () and set(feasible) == {("PV26", "wonen"), ("PV28", "energie-wind")}
    assert (goal.planned, goal.claims) == (500.0, [homes.id])


def test_a_moved_claim_takes_its_budget_areas_goal_and_conflicts_along(stored, cat, provinces):
    homes, wind = stored
    # What-if: the homes go to Rotterdam, half over the wind farm (500 × 1,000 m = 50 ha shared).
    moved = dataclasses.replace(homes, geometry=box(RX + 500, RY, RX + 1500, RY + 1000))
    assert moved.provincies == {"PV26": 100.0}  # the stored split still says Utrecht
    result = build_report([moved, wind], cat, provinces, ["PV26", "PV28"])
    budgets, feasible, goal = rows(result)
    utrecht, zh = budgets["PV26"], budgets["PV28"]
    assert (utrecht.by_domain, utrecht.claimed_ha, utrecht.covered_ha, utrecht.stacked_ha) == ({}, 0.0, 0.0, 0.0)
    assert zh.by_domain == {"energie-wind": 100.0, "wonen": 100.0}
    assert (zh.claimed_ha, zh.covered_ha, zh.stacked_ha) == (200.0, 150.0, 50.0)
    assert zh.unclaimed_ha == round(provinces.get("PV28").land_ha - 150, 4)
    land = provinces.get("PV28").land_ha
    assert set(feasible) == {("PV28", "wonen"), ("PV28", "energie-wind")}  # nothing left in Utrecht
    homes_row, wind_row = feasible[("PV28", "wonen")], feasible[("PV28", "energie-wind")]
    assert (homes_row.claimed_ha, homes_row.available_ha, homes_row.in_conflict_ha) == (
        100.0,
        round(land - 100, 4),
        50.0,
    )
    assert (wind_row.claimed_ha, wind_row.available_ha, wind_row.in_conflict_ha) == (100.0, round(land - 100, 4), 50.0)
    assert (homes_row.not_fitting, wind_row.not_fitting) == ([homes.id], [wind.id])
    (conflict,) = result.conflicts
    first, second = sorted((homes.id, wind.id))
    assert (conflict.id, conflict.area_ha, conflict.provinces) == (f"C-{first}-{second}", 50.0, {"PV28": 50.0})
    assert conflict.severity == 6.81  # middel (2) × log2(1 + 50) = 5.672… × (12 − 3 − 3) / 10 = 6.806…
    assert (goal.planned, goal.gap, goal.claims) == (0.0, goal.target, [])  # no homes left in Utrecht
    assert claim_areas([moved], provinces).provincies == [{"PV28": 100.0}]
    assert report([moved, wind], cat, provinces, ["PV26", "PV28"]) == result.to_json()


def test_a_claim_across_a_border_is_split_as_stored(db, cat, provinces):
    border = provinces.get("PV26").geometry.intersection(provinces.get("PV28").geometry).representative_point()
    square = box(border.x - 700, border.y - 400, border.x + 700, border.y + 400)  # 112 ha
    split = provinces.split(square)
    assert set(split) == {"PV26", "PV28"}
    (crossing,) = store(db, max(split, key=split.get), ClaimDraft("Waterberging", "water", square))
    (areas,) = claim_areas([crossing], provinces).provincies
    assert areas == pytest.approx(crossing.provincies, rel=1e-12, abs=1e-9)
    budgets = {p.code: p for p in build_report([crossing], cat, provinces, ["PV26", "PV28"]).provinces}
    assert {code: b.by_domain["water"] for code, b in budgets.items()} == {
        code: round(ha, 4) for code, ha in crossing.provincies.items()
    }
    assert sum(areas.values()) == pytest.approx(112.0, rel=1e-9)


def test_the_service_serves_the_typed_report_its_dict_and_the_same_json(db, stored):
    bootstrap.analyses().clear()
    try:
        with db.session() as session:
            service = bootstrap.analysis_service(session)
            typed = service.analysis(OPERATOR, ["PV26"])
            assert isinstance(typed, AnalysisReport) and service.analysis(OPERATOR, ["PV26"]) is typed
            assert service.report_dict(OPERATOR, ["PV26"]) == typed.to_json()
            body = json.dumps(typed.to_json(), ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
            assert service.report_json(OPERATOR, ["PV26"]) == body
            assert typed.claims == 1 and typed.provinces[0].by_domain == {"wonen": 100.0}
    finally:
        bootstrap.analyses().clear()


def test_the_national_housing_goal_is_the_sum_of_the_provinces_contributions(db, tmp_path):
    """900.000 homes (seed 004, Woningbouw > Nationale doelen): the provinces' shares add up to it."""
    from novex.access import Actor
    from tests.fixtures.geo import feature, square, write_geojson

    rotterdam = (88_000.0, 436_000.0)
    files = {
        "PV26": [feature(square(140_000, 455_000, 200), naam="U", domein="wonen", hoeveelheid=400,
                         eenheid="woningen", doel_id="provincie-pv26-woningbouw-2030")],
        "PV28": [feature(square(*rotterdam, 200), naam="Z", domein="wonen", hoeveelheid=300, eenheid="woningen",
                         doel_id="provincie-pv28-woningbouw-2030"),
                 feature(square(rotterdam[0] + 500, rotterdam[1], 200), naam="N", domein="wonen", hoeveelheid=100,
                         eenheid="woningen", doel_id="woningbouw-doel-900000-woningen-2030")],
    }  # fmt: skip
    with db.session() as session:
        for code, features in files.items():
            path = write_geojson(tmp_path / f"{code}.geojson", features)
            bootstrap.claim_service(session).import_file(Actor.operator(), path, voorstel="V", provincie=code)
    with db.session() as session:
        report = bootstrap.analysis_service(session).analysis(Actor.operator())
    goals = {g.goal: g for g in report.goals}
    national = goals["woningbouw-doel-900000-woningen-2030"]
    assert national.target == 900_000 and national.planned == 800  # 400 + 300 + 100, by hand
    assert national.gap == 899_200 and len(national.claims) == 3
    assert goals["provincie-pv26-woningbouw-2030"].planned == 400
    assert goals["provincie-pv28-woningbouw-2030"].planned == 300
