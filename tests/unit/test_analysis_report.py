"""The typed analysis report and the pure puzzle, against figures worked out by hand (no database).

Squares of whole hectares deep inside Utrecht, so every area, union and overlap below is
exact: a 1,000 m square is 100 ha.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest
from shapely.geometry import box

from novex.analysis.goals import GoalBalance
from novex.analysis.puzzle import (
    SEVERITY_FORMULA,
    Conflict,
    Feasibility,
    Matrix,
    RestrictionOverlap,
    analyse,
    claim_areas,
    severity,
)
from novex.analysis.report import AnalysisReport, build_report, report
from novex.claims.model import Claim, Hardheid, ProvincieDoel, RestrictionArea, RestrictionLayer
from tests.fixtures.geo import UTRECHT

X, Y = UTRECHT


def claim(id_, naam, domein, geometry, hardheid=Hardheid.MIDDEL, prioriteit=3, **extra):
    split = {"PV26": geometry.area / 10_000}  # inside Utrecht: what the import would store
    return Claim(naam, domein, geometry, hardheid=hardheid, prioriteit=prioriteit, id=id_, voorstel_id=1,
                 area_ha=geometry.area / 10_000, provincies=split, **extra)  # fmt: skip


@pytest.fixture(scope="module")
def matrix(cat):
    return Matrix(cat.compatibiliteit)


@pytest.fixture(scope="module")
def bare(cat):
    """The catalogue without its goals, so the goal rows are only the target given below."""
    return dataclasses.replace(cat, themas=[], provincieprofielen=[])


# Three squares: A (wonen, 100 ha) and B (energie-wind, 100 ha) share 500 × 1,000 m = 50 ha;
# C (natuur, 100 ha) overlaps A by 250 × 500 m = 12.5 ha (inside A ∩ B) and B by 750 × 500 m = 37.5 ha.
A = claim(1, "Woonwijk", "wonen", box(X, Y, X + 1000, Y + 1000), Hardheid.HARD, 1,
          hoeveelheid=600.0, eenheid="woningen", doel_id="pv26-test")  # fmt: skip
B = claim(2, "Windpark", "energie-wind", box(X + 500, Y, X + 1500, Y + 1000), Hardheid.ZACHT, 3)
C = claim(3, "Natuurkern", "natuur", box(X + 750, Y + 500, X + 1750, Y + 1500), Hardheid.ZEER_HARD, 2)
TARGET = ProvincieDoel("pv26-test", "PV26", "Testdoel woningen", 1000.0, "woningen", "test", 2030)


def test_severity_by_hand():
    zeer_hard = claim(1, "a", "wonen", box(0, 0, 1, 1), Hardheid.ZEER_HARD, 1)
    zacht = claim(2, "b", "natuur", box(0, 0, 1, 1), Hardheid.ZACHT, 1)
    assert severity(zeer_hard, zacht, 3.0) == 8.0  # H 4 × log2(4) = 2 × P (12 − 1 − 1) / 10 = 1
    middel = claim(3, "c", "wonen", box(0, 0, 1, 1), Hardheid.MIDDEL, 5)
    laag = claim(4, "d", "natuur", box(0, 0, 1, 1), Hardheid.ZACHT, 5)
    assert severity(middel, laag, 7.0) == 1.2  # H 2 × log2(8) = 3 × P (12 − 5 − 5) / 10 = 0.2
    assert severity(A, B, 50.0) == 13.61  # H 3 × log2(51) = 5.6724… × P 0.8 = 13.6138…
    assert severity(A, C, 12.5) == 13.52  # H 4 × log2(13.5) = 3.7549… × P 0.9 = 13.5176…


def test_puzzle_feasibility_and_budget_by_hand(provinces, matrix):
    puzzle = analyse([A, B, C], provinces, matrix, ["PV26"])
    land = provinces.get("PV26").land_ha
    (budget,) = puzzle.provinces
    assert budget.by_domain == {"energie-wind": 100.0, "natuur": 100.0, "wonen": 100.0}
    assert budget.claimed_ha == 300.0
    assert budget.covered_ha == 212.5  # A ∪ B = 150 ha, plus C outside them: 100 − 37.5
    assert budget.stacked_ha == 75.0  # A ∩ B (50) ∪ B ∩ C (37.5), which share A ∩ B ∩ C (12.5)
    assert budget.unclaimed_ha == round(land - 212.5, 4)
    assert budget.over_claim_ratio == round(300 / land, 6)
    # Available land of a domain: the province minus the land under domains that conflict with it.
    assert puzzle.feasibility == [
        # energie-wind conflicts with wonen (A: 100 ha) and is voorwaardelijk with natuur
        Feasibility("PV26", "energie-wind", 100.0, round(land - 100, 4), 50.0, [2]),
        # natuur conflicts with wonen (A); in conflict where C meets A: 12.5 ha
        Feasibility("PV26", "natuur", 100.0, round(land - 100, 4), 12.5, [3]),
        # wonen conflicts with energie-wind and natuur: B ∪ C = 162.5 ha blocked; A in conflict on A ∩ B = 50 ha
        Feasibility("PV26", "wonen", 100.0, round(land - 162.5, 4), 50.0, [1]),
    ]
    assert [(c.id, c.area_ha, c.severity) for c in puzzle.conflicts] == [("C-1-2", 50.0, 13.61), ("C-1-3", 12.5, 13.52)]
    assert [(h.domains, h.claims, h.area_ha) for h in puzzle.hotspots] == [
        (("energie-wind", "natuur", "wonen"), (1, 2, 3), 12.5)
    ]


def test_claim_areas_are_measured_on_the_geometry(provinces):
    moved = dataclasses.replace(A, geometry=box(X, Y, X + 2000, Y + 1000))  # the stored split still says 100 ha
    areas = claim_areas([moved, B], provinces)
    assert areas.area_ha == [200.0, 100.0]
    assert areas.provincies == [{"PV26": 200.0}, {"PV26": 100.0}]


def test_a_restriction_area_blocks_and_conflicts_by_hand(provinces, matrix, cat):
    layer = RestrictionLayer(1, "Testnatuur", "natuur", Hardheid.ZEER_HARD, "test", date(2026, 1, 1))
    area = RestrictionArea(9, layer, "Testveen", "T1", box(X + 750, Y, X + 1750, Y + 1000), 100.0, {"PV26": 100.0})
    home = claim(1, "Woonwijk", "wonen", box(X, Y, X + 1000, Y + 1000))  # middel, priority 3
    sun = claim(2, "Zonneveld", "energie-zon", box(X - 500, Y, X + 500, Y + 1000))  # combineerbaar with wonen
    puzzle = analyse([home, sun], provinces, matrix, ["PV26"], restrictions=[area])
    land = provinces.get("PV26").land_ha
    rationale = matrix.cell("wonen", "natuur").toelichting
    overlap = RestrictionOverlap(
        "Testnatuur", "Testveen", "T1", "zeer-hard", 1, "Woonwijk", "wonen", 25.0, "PV26", "conflict", rationale
    )
    assert puzzle.restrictions == [overlap]
    # H 4 (the area's zeer-hard) × log2(26) = 4.7004… × P (12 − 3 − 1) / 10 = 0.8 → 15.0414…
    conflict = Conflict(
        id="C-1-R9",
        claims=(1, "R9"),
        names=("Woonwijk", "Testveen"),
        domains=("wonen", "natuur"),
        area_ha=25.0,
        provinces={"PV26": 25.0},
        crosses_border=False,
        severity=15.04,
        rationale=rationale,
        layer="Testnatuur",
    )
    assert puzzle.conflicts == [conflict]
    (budget,) = puzzle.provinces  # the restriction area is not a claim: not in the land budget
    assert (budget.claimed_ha, budget.covered_ha, budget.stacked_ha) == (200.0, 150.0, 50.0)
    assert puzzle.feasibility == [
        Feasibility("PV26", "energie-zon", 100.0, round(land, 4), 0.0, []),  # natuur is voorwaardelijk with it
        Feasibility("PV26", "wonen", 100.0, round(land - 100, 4), 25.0, [1]),  # the area's 100 ha are blocked
    ]


def test_the_typed_report_serialises_to_the_documented_shape(provinces, matrix, bare):
    typed = build_report([A, B, C], bare, provinces, ["pv26"], targets=[TARGET])
    assert isinstance(typed, AnalysisReport)
    with pytest.raises(dataclasses.FrozenInstanceError):
        typed.claims = 4  # type: ignore[misc]
    land = provinces.get("PV26").land_ha
    klasse, toelichting = matrix.klasse, (lambda a, b: matrix.cell(a, b).toelichting)
    expected = {
        "scope": ["PV26"],
        "catalog_version": bare.versie,
        "claims": 3,
        "min_conflict_ha": 1.0,
        "severity_formula": SEVERITY_FORMULA,
        "provinces": [
            {"code": "PV26", "naam": "Utrecht", "land_ha": round(land, 2), "claimed_ha": 300.0, "covered_ha": 212.5,
             "stacked_ha": 75.0, "unclaimed_ha": round(land - 212.5, 4), "over_claim_ratio": round(300 / land, 6),
             "by_domain": {"energie-wind": 100.0, "natuur": 100.0, "wonen": 100.0}},
        ],
        "pairs": [
            {"domains": ["energie-wind", "natuur"], "klasse": klasse("energie-wind", "natuur"), "area_ha": 37.5,
             "province": "PV26"},
            {"domains": ["energie-wind", "wonen"], "klasse": "conflict", "area_ha": 50.0, "province": "PV26"},
            {"domains": ["natuur", "wonen"], "klasse": "conflict", "area_ha": 12.5, "province": "PV26"},
        ],
        "conflicts": [
            {"id": "C-1-2", "claims": [1, 2], "names": ["Woonwijk", "Windpark"], "domains": ["wonen", "energie-wind"],
             "area_ha": 50.0, "provinces": {"PV26": 50.0}, "crosses_border": False, "severity": 13.61,
             "rationale": toelichting("wonen", "energie-wind"), "layer": None},
            {"id": "C-1-3", "claims": [1, 3], "names": ["Woonwijk", "Natuurkern"], "domains": ["wonen", "natuur"],
             "area_ha": 12.5, "provinces": {"PV26": 12.5}, "crosses_border": False, "severity": 13.52,
             "rationale": toelichting("wonen", "natuur"), "layer": None},
        ],
        "hotspots": [{"domains": ["energie-wind", "natuur", "wonen"], "claims": [1, 2, 3], "area_ha": 12.5,
                      "province": "PV26"}],
        "hotspot_count": 1,
        "feasibility": [
            {"province": "PV26", "domain": "energie-wind", "claimed_ha": 100.0, "available_ha": round(land - 100, 4),
             "in_conflict_ha": 50.0, "not_fitting": [2]},
            {"province": "PV26", "domain": "natuur", "claimed_ha": 100.0, "available_ha": round(land - 100, 4),
             "in_conflict_ha": 12.5, "not_fitting": [3]},
            {"province": "PV26", "domain": "wonen", "claimed_ha": 100.0, "available_ha": round(land - 162.5, 4),
             "in_conflict_ha": 50.0, "not_fitting": [1]},
        ],
        "restrictions": [],
        "goals": [
            {"goal": "pv26-test", "scope": "PV26", "unit": "woningen", "year": 2030, "target": 1000.0,
             "planned": 600.0, "gap": 400.0, "status": "tekort", "claims": [1], "tekst": "Testdoel woningen"},
        ],
    }  # fmt: skip
    data = typed.to_json()
    assert json.loads(json.dumps(data)) == expected
    assert json.dumps(data, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)  # key order too
    assert report([A, B, C], bare, provinces, ["PV26"], targets=[TARGET]) == data  # the dict path is the same
    assert typed.goals == (GoalBalance("pv26-test", "Testdoel woningen", "PV26", "woningen", 2030, 1000.0, 600.0,
                                       400.0, [1]),)  # fmt: skip


def test_the_hotspot_list_is_capped_but_counted(provinces, bare, monkeypatch):
    from novex.analysis import report as module

    monkeypatch.setattr(module, "MAX_HOTSPOTS", 0)
    typed = build_report([A, B, C], bare, provinces, ["PV26"])
    assert (typed.hotspots, typed.hotspot_count) == ((), 1)
    assert (typed.to_json()["hotspots"], typed.to_json()["hotspot_count"]) == ([], 1)


def test_a_reduction_goal_without_plans_is_a_shortfall():
    """Geluid −30 % (seed 004, Geluid > Nationale doelen): nothing planned yet is 'tekort', not 'overschot'."""
    from novex.analysis.goals import GoalBalance

    def balance(planned: float, target: float) -> GoalBalance:
        return GoalBalance("g", "t", "NL", "%", 2030, target, planned, round(target - planned, 4), [])

    assert balance(0, -30).status == "tekort"
    assert balance(-10, -30).status == "tekort"
    assert balance(-30, -30).status == "gehaald"
    assert balance(-35, -30).status == "overschot"
    assert balance(0, 30).status == "tekort" and balance(30, 30).status == "gehaald" and balance(40, 30).status == "overschot"
