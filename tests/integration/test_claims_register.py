"""The claims register on a real database: import, split, atomicity, round trip, diff, analysis."""

from __future__ import annotations

import subprocess

import pytest
import shapely
from sqlalchemy import func, select

from novex import bootstrap
from novex.access import Actor
from novex.analysis.report import report
from novex.claims.io import ImportRejected
from novex.claims.ports import ClaimFilter
from novex.claims.service import diff
from novex.reference.provinces import province_index
from novex.store.tables.claims import ClaimProvinceRow, ClaimRow, VoorstelRow
from tests.fixtures.geo import UTRECHT, feature, square, write_geojson

X, Y = UTRECHT

OPERATOR = Actor.operator()


def import_file(db, path, **kwargs):
    with db.session() as session:
        return bootstrap.claim_service(session).import_file(OPERATOR, path, **kwargs)


def claims(db, **where):
    with db.session() as session:
        return bootstrap.claim_service(session).list(OPERATOR, ClaimFilter(**where))


def counts(db):
    with db.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in (VoorstelRow, ClaimRow, ClaimProvinceRow))


def border_point(a: str, b: str):
    index = province_index()
    return index.get(a).geometry.intersection(index.get(b).geometry).representative_point()


def test_import_stores_claims_with_area_per_province(db, tmp_path):
    path = write_geojson(tmp_path / "u.geojson", [
        feature(square(X, Y, 1000), naam="Wijk", domein="wonen", hoeveelheid=4000, eenheid="woningen",
                doel_id="provincie-pv26-woningbouw-2030"),
        feature(square(X + 500, Y, 1000), naam="Natuur", domein="natuur"),
    ])  # fmt: skip
    heard = []
    result = import_file(db, path, voorstel="Voorstel Utrecht", provincie="PV26", progress=lambda *a: heard.append(a))
    assert len(result.claim_ids) == 2 and result.voorstel.versie == 1
    assert [h for h in heard if h[1] == h[2]] == [("controleren", 2, 2), ("gemeenten", 2, 2), ("opslaan", 1, 1)]
    stored = claims(db, voorstel_id=result.voorstel.id)
    assert [c.naam for c in stored] == ["Wijk", "Natuur"]
    assert stored[0].provincies == {"PV26": pytest.approx(100.0)} and stored[0].area_ha == pytest.approx(100.0)


def test_cross_border_claim_is_split_over_both_provinces(db, tmp_path):
    p = border_point("PV26", "PV28")
    path = write_geojson(
        tmp_path / "b.geojson", [feature(square(p.x - 1000, p.y - 1000, 2000), naam="Grens", domein="water")]
    )
    import_file(db, path, voorstel="Grens", provincie="PV26")
    (claim,) = claims(db)
    assert set(claim.provincies) >= {"PV26", "PV28"}
    assert sum(claim.provincies.values()) == pytest.approx(claim.area_ha, rel=1e-9)
    index = province_index()
    for code, ha in claim.provincies.items():
        assert ha == pytest.approx(claim.geometry.intersection(index.get(code).geometry).area / 10_000)
    assert [c.id for c in claims(db, provincies=("PV28",))] == [claim.id]


def test_rejected_file_leaves_the_database_unchanged(db, tmp_path):
    good = write_geojson(tmp_path / "g.geojson", [feature(square(X, Y, 100), naam="A", domein="wonen")])
    import_file(db, good, voorstel="V", provincie="PV26")
    before = counts(db)
    bad = write_geojson(tmp_path / "b.geojson", [
        feature(square(X, Y, 100), naam="B", domein="wonen"),
        feature(square(X, Y, 100), naam="C", domein="kernenergie"),
        feature(square(50_000, 500_000, 100), naam="Zee", domein="wonen"),
    ])  # fmt: skip
    with pytest.raises(ImportRejected) as info:
        import_file(db, bad, voorstel="Nieuw", provincie="PV26")
    assert "feature 1 'C': onbekend domein 'kernenergie'" in str(info.value)
    assert "feature 2 'Zee': ligt in geen enkele Nederlandse provincie" in str(info.value)
    assert counts(db) == before  # not even the new voorstel was kept


def test_claim_outside_the_named_province_is_refused(db, tmp_path):
    path = write_geojson(
        tmp_path / "zh.geojson", [feature(square(92_000, 437_000, 100), naam="Den Haag", domein="wonen")]
    )
    with pytest.raises(ImportRejected, match="ligt niet in Utrecht maar in Zuid-Holland"):
        import_file(db, path, voorstel="V", provincie="PV26")


def test_goal_unit_must_match(db, tmp_path):
    path = write_geojson(tmp_path / "u.geojson", [
        feature(square(X, Y, 100), naam="A", domein="wonen", hoeveelheid=5, eenheid="ha", doel_id="provincie-pv26-woningbouw-2030"),
    ])  # fmt: skip
    with pytest.raises(ImportRejected, match="eenheid 'ha' past niet bij doel provincie-pv26-woningbouw-2030"):
        import_file(db, path, voorstel="V", provincie="PV26")


def test_export_import_round_trip(db, tmp_path):
    path = write_geojson(tmp_path / "u.geojson", [
        feature(square(X, Y, 700), naam="Wijk", domein="wonen", hoeveelheid=900, eenheid="woningen", status="zoekgebied",
                hardheid="hard", prioriteit=1, eigenaar="Provincie Utrecht", bron="POVI 2024", notities="ë ü"),
        feature(square(X + 2000, Y, 300), naam="Zon", domein="energie-zon", start_jaar=2026, eind_jaar=2030),
    ])  # fmt: skip
    first = import_file(db, path, voorstel="Rond", provincie="PV26")
    out = tmp_path / "export.gpkg"
    with db.session() as session:
        assert bootstrap.claim_service(session).export(OPERATOR, out, ClaimFilter(first.voorstel.id)) == 2
    info = subprocess.run(["ogrinfo", "-so", str(out), "claims"], capture_output=True, text=True, check=True).stdout
    assert 'EPSG",28992' in info.replace(" ", "") or "28992" in info
    assert "Feature Count: 2" in info
    second = import_file(db, out, voorstel="Rond terug", provincie="PV26")
    a, b = claims(db, voorstel_id=first.voorstel.id), claims(db, voorstel_id=second.voorstel.id)
    fields = ("naam", "domein", "hoeveelheid", "eenheid", "status", "hardheid", "prioriteit", "eigenaar", "bron",
              "notities", "start_jaar", "eind_jaar", "area_ha")  # fmt: skip
    for x, y in zip(a, b, strict=True):
        assert {f: getattr(x, f) for f in fields} == {f: getattr(y, f) for f in fields}
        assert shapely.normalize(x.geometry).equals_exact(shapely.normalize(y.geometry), 1e-6)


def test_new_version_and_diff(db, tmp_path):
    v1 = write_geojson(tmp_path / "v1.geojson", [
        feature(square(X, Y, 500), naam="Blijft", domein="wonen"),
        feature(square(X + 1000, Y, 500), naam="Groeit", domein="natuur"),
        feature(square(X + 3000, Y, 500), naam="Vervalt", domein="water"),
    ])  # fmt: skip
    v2 = write_geojson(tmp_path / "v2.geojson", [
        feature(square(X, Y, 500), naam="Blijft", domein="wonen"),
        feature(square(X + 1000, Y, 800), naam="Groeit", domein="natuur", status="voorgenomen"),
        feature(square(X + 5000, Y, 500), naam="Nieuw", domein="bos"),
    ])  # fmt: skip
    a = import_file(db, v1, voorstel="Voorstel", provincie="PV26").voorstel
    b = import_file(db, v2, voorstel="Voorstel", provincie="PV26", new_version=True).voorstel
    assert (a.versie, b.versie) == (1, 2)
    result = diff(claims(db, voorstel_id=a.id), claims(db, voorstel_id=b.id))
    assert [c.naam for c in result.added] == ["Nieuw"] and [c.naam for c in result.removed] == ["Vervalt"]
    ((before, after, what),) = result.changed
    assert before.naam == "Groeit" and "status" in what and any("geometrie" in w for w in what)
    assert result.unchanged == 1


def test_analysis_report_of_hand_checkable_rectangles(db, tmp_path, cat):
    p = border_point("PV26", "PV28")
    path = write_geojson(tmp_path / "a.geojson", [
        feature(square(X, Y, 1000), naam="Wonen", domein="wonen", hoeveelheid=3000, eenheid="woningen",
                doel_id="provincie-pv26-woningbouw-2030", hardheid="hard", prioriteit=1),
        feature(square(X + 600, Y, 1000), naam="Natuur", domein="natuur"),
        feature(square(X + 800, Y + 800, 1000), naam="Water", domein="water"),
        feature(square(p.x - 500, p.y - 500, 1000), naam="Grens wonen", domein="wonen"),
        feature(square(p.x - 400, p.y - 400, 800), naam="Grens natuur", domein="natuur"),
    ])  # fmt: skip
    import_file(db, path, voorstel="Analyse", provincie="PV26")
    stored = claims(db)
    result = report(stored, cat, province_index(), ["PV26", "PV28"])
    utrecht = next(r for r in result["provinces"] if r["code"] == "PV26")
    assert utrecht["by_domain"]["water"] == pytest.approx(100.0)
    pair = {(tuple(r["domains"]), r["province"]): r for r in result["pairs"]}
    assert pair[(("natuur", "wonen"), "PV26")]["area_ha"] >= 40.0 - 1e-6  # 40 ha in the centre + part at the border
    assert pair[(("natuur", "wonen"), "PV26")]["klasse"] == "conflict"
    conflicts = {tuple(c["names"]): c for c in result["conflicts"]}
    centre = conflicts[("Wonen", "Natuur")]
    assert centre["area_ha"] == pytest.approx(40.0) and centre["crosses_border"] is False
    assert centre["id"] == f"C-{stored[0].id}-{stored[1].id}"
    border = conflicts[("Grens wonen", "Grens natuur")]
    assert border["area_ha"] == pytest.approx(64.0) and border["crosses_border"] is True
    assert sum(border["provinces"].values()) == pytest.approx(64.0)
    hot = [h for h in result["hotspots"] if set(h["domains"]) == {"natuur", "water", "wonen"}]
    assert sum(h["area_ha"] for h in hot) == pytest.approx(4.0)  # 200 m × 200 m under all three
    goal = next(g for g in result["goals"] if g["goal"] == "provincie-pv26-woningbouw-2030")
    assert goal["planned"] == 3000 and goal["gap"] == goal["target"] - 3000 and goal["status"] == "tekort"
    # The severity the report states it uses (ernst = H × log2(1 + A) × P) is the one it applies,
    # worked out by hand: H = heaviest hardness (hard 3, middel 2), P = (12 − prio_a − prio_b) / 10.
    # Wonen (hard, prio 1) × Natuur (middel, prio 3), 40 ha: 3 × log2(41) × 0.8 = 12.858124… → 12.86
    assert centre["severity"] == pytest.approx(12.86, abs=1e-6)
    # Grens wonen × Grens natuur (both middel, prio 3), 64 ha: 2 × log2(65) × 0.6 = 7.226841… → 7.23
    assert border["severity"] == pytest.approx(7.23, abs=1e-6)
    # and the conflicts come heaviest first, as the formula is there to rank them
    listed = [tuple(c["names"]) for c in result["conflicts"]]
    assert listed.index(("Wonen", "Natuur")) < listed.index(("Grens wonen", "Grens natuur"))
    assert [c["severity"] for c in result["conflicts"]] == sorted(
        (c["severity"] for c in result["conflicts"]), reverse=True
    )
