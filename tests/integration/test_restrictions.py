"""Restriction layers and user province targets in the store and the analysis."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from novex import bootstrap
from novex.access import Actor
from novex.analysis.report import report
from novex.claims.model import ProvincieDoel
from novex.claims.ports import ClaimFilter
from novex.errors import InvalidInput, StateConflict
from novex.reference.provinces import province_index
from novex.store.tables.claims import RestrictionAreaRow, RestrictionLayerRow
from tests.fixtures.geo import UTRECHT, feature, square, write_geojson

X, Y = UTRECHT

OPERATOR = Actor.operator()


def import_layer(db, path, name="Testnatuur", hardness="zeer-hard", **kw):
    with db.session() as session:
        return bootstrap.restriction_service(session).import_layer(
            OPERATOR,
            path, name, kw.pop("domain", "natuur"), hardness, "Habitatrichtlijn; Omgevingswet", date(2024, 1, 1),
            "RVO/LNV via PDOK", "naam", "code",
        )  # fmt: skip


def run_analysis(db, cat, scope=("PV26",)):
    with db.session() as session:
        claims = bootstrap.claim_service(session).list(Actor.operator(), ClaimFilter(provincies=scope))
        service = bootstrap.restriction_service(session)
        return report(
            claims,
            cat,
            province_index(),
            list(scope),
            1.0,
            service.areas(Actor.operator(), scope),
            service.targets(Actor.operator()),
        )


@pytest.fixture
def nature(db, tmp_path):
    path = write_geojson(tmp_path / "n2000.geojson", [
        feature(square(X, Y, 1000), naam="Testveen", code="NL9999001"),
        feature(square(X + 5000, Y, 500), naam="Testbos", code="NL9999002"),
    ])  # fmt: skip
    return import_layer(db, path)


def import_claims(db, tmp_path, features, name="V"):
    path = write_geojson(tmp_path / f"{name}.geojson", features)
    with db.session() as session:
        return bootstrap.claim_service(session).import_file(OPERATOR, path, voorstel=name, provincie="PV26")


def test_layer_import_and_the_overlap_by_name(db, tmp_path, cat, nature):
    assert nature.areas == 2 and nature.area_ha == pytest.approx(125.0)
    import_claims(db, tmp_path, [
        feature(square(X + 600, Y, 1000), naam="Wijk aan het veen", domein="wonen"),
        feature(square(X + 200, Y + 200, 300), naam="Natuurherstel", domein="natuur"),
    ])  # fmt: skip
    result = run_analysis(db, cat)
    overlaps = {(r["claim_name"], r["area_name"]): r for r in result["restrictions"] if r["layer"] == "Testnatuur"}
    wijk = overlaps[("Wijk aan het veen", "Testveen")]
    assert wijk["area_ha"] == pytest.approx(40.0) and wijk["area_code"] == "NL9999001"
    assert wijk["hardness"] == "zeer-hard" and wijk["klasse"] == "conflict" and wijk["province"] == "PV26"
    herstel = overlaps[("Natuurherstel", "Testveen")]
    assert herstel["klasse"] != "conflict" and herstel["rationale"]
    conflict = next(c for c in result["conflicts"] if c["layer"] == "Testnatuur")
    assert list(conflict["names"]) == ["Wijk aan het veen", "Testveen"] and conflict["area_ha"] == pytest.approx(40.0)
    assert conflict["id"].startswith("C-") and conflict["id"].split("-")[-1].startswith("R")
    # ernst = H × log2(1 + A) × P by hand: H = max(middel 2, zeer-hard 4) = 4 (the claim has the default
    # hardness middel), A = 40 ha, P = (12 − 3 (the claim's default priority) − 1 (a restriction)) / 10 = 0.8:
    # 4 × log2(41) × 0.8 = 3.2 × 5.357552… = 17.144166… → 17.14 (the report keeps two decimals)
    assert conflict["severity"] == pytest.approx(17.14, abs=1e-6)
    assert abs(conflict["severity"] - 17.144166414778) <= 0.005
    # Restrictions are not claims: the land budget counts only the two claims.
    (utrecht,) = result["provinces"]
    assert utrecht["claimed_ha"] == pytest.approx(109.0) and utrecht["covered_ha"] == pytest.approx(109.0)
    assert utrecht["stacked_ha"] == 0.0  # the claims overlap the layer, not each other
    feasible = {f["domain"]: f for f in result["feasibility"]}
    assert feasible["wonen"]["in_conflict_ha"] == pytest.approx(40.0) and feasible["wonen"]["not_fitting"]


def test_unknown_hardness_is_refused_and_changes_nothing(db, tmp_path):
    path = write_geojson(tmp_path / "x.geojson", [feature(square(X, Y, 100), naam="A", code="1")])

    def counts():
        with db.session() as s:
            return [s.scalar(select(func.count()).select_from(t)) for t in (RestrictionLayerRow, RestrictionAreaRow)]

    before = counts()
    with pytest.raises(InvalidInput, match="onbekende hardheid 'heel-hard'; kies uit zeer-hard, hard, middel, zacht"):
        import_layer(db, path, hardness="heel-hard")
    assert counts() == before


def test_duplicate_layer_and_bad_area_are_refused(db, tmp_path, nature):
    path = write_geojson(tmp_path / "y.geojson", [feature(square(X, Y, 100), naam="A", code="1")])
    with pytest.raises(StateConflict, match="bestaat al"):
        import_layer(db, path)
    broken = write_geojson(
        tmp_path / "z.geojson",
        [feature(square(X, Y, 100), naam=None, code="2"), feature(square(X, Y, 50), naam="B", code="3")],
    )
    with pytest.raises(InvalidInput, match="feature 0: naam ontbreekt"):
        import_layer(db, broken, name="Andere laag")


def test_user_province_target_counts_linked_claims(db, tmp_path, cat):
    with db.session() as session:
        bootstrap.restriction_service(session).add_target(
            OPERATOR,
            ProvincieDoel(
                "pv26-zon-2030",
                "pv26",
                "Zon op land Utrecht",
                1.5,
                "TWh",
                "POVI Utrecht 2024, p. 12",
                2030,
                "energie-zon",
            ),
        )
    import_claims(db, tmp_path, [
        feature(square(X, Y, 400), naam="Zonneveld", domein="energie-zon", hoeveelheid=0.4, eenheid="TWh", doel_id="pv26-zon-2030"),
    ])  # fmt: skip
    goal = next(g for g in run_analysis(db, cat)["goals"] if g["goal"] == "pv26-zon-2030")
    assert (goal["target"], goal["planned"], goal["gap"], goal["scope"]) == (1.5, 0.4, 1.1, "PV26")
    with db.session() as session, pytest.raises(InvalidInput, match="zonder bron"):
        bootstrap.restriction_service(session).add_target(OPERATOR, ProvincieDoel("pv26-x", "PV26", "x", 1, "ha", " "))
    with db.session() as session, pytest.raises(StateConflict, match="bestaat al"):
        bootstrap.restriction_service(session).add_target(
            OPERATOR, ProvincieDoel("pv26-zon-2030", "PV26", "x", 1, "ha", "b")
        )
