"""Municipalities and the shipped nature layers in real analyses (issue: real reference geography)."""

from __future__ import annotations

import json

import pytest
import shapely
from shapely.geometry import box
from typer.testing import CliRunner

from novex import bootstrap
from novex.access import Actor
from novex.analysis.report import report
from novex.claims.io import ImportRejected
from novex.claims.ports import ClaimFilter
from novex.cli import app
from novex.reference.municipalities import municipality_index
from novex.reference.provinces import province_index
from tests.fixtures.geo import feature, write_geojson

runner = CliRunner()
OPERATOR = Actor.operator()


def import_file(db, path, provincie="PV26"):
    with db.session() as session:
        return bootstrap.claim_service(session).import_file(OPERATOR, path, voorstel="T", provincie=provincie)


def analyse(db, cat, scope):
    with db.session() as session:
        claims = bootstrap.claim_service(session).list(Actor.operator(), ClaimFilter(provincies=tuple(scope)))
        areas = bootstrap.restriction_service(session).areas(Actor.operator(), scope)
    return report(claims, cat, province_index(), scope, 1.0, areas)


def natura2000_area(db, name):
    with db.session() as session:
        return next(a for a in bootstrap.restriction_service(session).areas(Actor.operator()) if a.naam == name)


def test_claim_inside_a_named_natura_2000_area(db, tmp_path, cat):
    botshol = natura2000_area(db, "Botshol")
    assert botshol.layer.hardheid == "zeer-hard" and botshol.code == "83" and botshol.status
    inner = shapely.buffer(botshol.geometry, -150)
    p = inner.representative_point()
    claim = box(p.x - 60, p.y - 60, p.x + 60, p.y + 60)
    assert claim.within(botshol.geometry)
    import_file(
        db,
        write_geojson(tmp_path / "b.geojson", [feature(claim, naam="Woningen in Botshol", domein="wonen")]),
    )
    result = analyse(db, cat, ["PV26"])
    (hit,) = [r for r in result["restrictions"] if r["claim_name"] == "Woningen in Botshol"]
    assert (hit["layer"], hit["area_name"], hit["area_code"], hit["hardness"]) == (
        "Natura 2000",
        "Botshol",
        "83",
        "zeer-hard",
    )
    assert hit["area_ha"] == pytest.approx(1.44, rel=1e-6) and hit["province"] == "PV26"
    assert hit["klasse"] == "conflict" and hit["domain"] == "wonen"
    conflict = next(c for c in result["conflicts"] if c["layer"] == "Natura 2000")
    assert conflict["names"][1] == "Botshol"


def test_claim_across_two_municipalities_splits_its_area(db, tmp_path):
    index = municipality_index()
    utrecht, nieuwegein = index.get("GM0344"), index.get("GM0356")
    border = utrecht.geometry.intersection(nieuwegein.geometry.buffer(1)).representative_point()
    claim = box(border.x - 400, border.y - 400, border.x + 400, border.y + 400)
    import_file(db, write_geojson(tmp_path / "m.geojson", [feature(claim, naam="Grens", domein="water")]))
    with db.session() as session:
        (stored,) = bootstrap.claim_service(session).list(Actor.operator(), ClaimFilter(gemeenten=("GM0356",)))
    assert {"GM0344", "GM0356"} <= set(stored.gemeenten)
    assert sum(stored.gemeenten.values()) == pytest.approx(stored.area_ha, rel=1e-3)


def test_municipal_parts_add_up_for_every_example_claim(db):
    from novex.examples import load_examples

    with db.session() as session:
        service = bootstrap.claim_service(session)
        load_examples(service)
        claims = service.list(Actor.operator())
    for claim in claims:
        assert sum(claim.gemeenten.values()) == pytest.approx(sum(claim.provincies.values()), rel=1e-3), claim.naam


@pytest.mark.parametrize(("x", "y", "where"), [(60_000, 480_000, "zee"), (100_000, 370_000, "buitenland")])
def test_claim_in_the_sea_or_abroad_is_refused_clearly(db, tmp_path, x, y, where):
    path = write_geojson(
        tmp_path / f"{where}.geojson", [feature(box(x, y, x + 500, y + 500), naam=where, domein="wonen")]
    )
    with pytest.raises(ImportRejected, match=f"feature 0 '{where}': ligt in geen enkele Nederlandse provincie"):
        import_file(db, path)


def test_cli_gemeenten_layers_and_example_overlaps(cli_env):
    listed = runner.invoke(app, ["gemeenten", "--province", "PV26"])
    assert listed.exit_code == 0 and "26 gemeenten" in listed.output and "GM0344" in listed.output
    layers = runner.invoke(app, ["layers", "list"])
    assert "Natura 2000" in layers.output and "zeer-hard" in layers.output and "2023-09-29" in layers.output
    assert runner.invoke(app, ["start", "--no-serve"]).exit_code == 0
    data = json.loads(runner.invoke(app, ["analyse", "--format", "json"]).stdout)
    named = {(r["claim_name"], r["area_name"]) for r in data["restrictions"]}
    assert ("Valkenburg (Katwijk)", "Meijendel & Berkheide") in named
    assert ("Woningbouw Maarssen-Noord", "Oostelijke Vechtplassen") in named
    assert any(c == "Windzoekgebied Hoeksche Waard" and "Natuurnetwerk" in a for c, a in named)
    by_gemeente = runner.invoke(app, ["claims", "list", "--gemeente", "GM0344"])
    assert "Merwede (Utrecht)" in by_gemeente.output and "Binckhorst" not in by_gemeente.output


def test_cli_user_layer_with_unknown_hardness_changes_nothing(cli_env):
    path = write_geojson(cli_env / "l.geojson", [feature(box(140_000, 455_000, 140_500, 455_500), naam="Kazerne")])
    before = runner.invoke(app, ["layers", "list"]).output
    result = runner.invoke(app, ["layers", "import", str(path), "--name", "Defensieterreinen", "--hardness", "keihard",
                                 "--legal-basis", "Barro", "--peildatum", "2024-01-01", "--domain", "defensie"])  # fmt: skip
    assert result.exit_code == 1 and "onbekende hardheid 'keihard'" in result.output
    assert runner.invoke(app, ["layers", "list"]).output == before


@pytest.mark.parametrize("corner", [(167_000, 450_000), (168_000, 449_000), (170_000, 445_000), (164_000, 454_000)])
def test_a_claims_municipal_parts_agree_with_its_province_parts(corner):
    """Along the Gelderland–Utrecht border (Ede, Veenendaal, Rhenen): no municipality gets the other province's land."""
    from shapely.geometry import box

    from novex.reference.municipalities import municipality_index
    from novex.reference.provinces import province_index

    claim = box(corner[0], corner[1], corner[0] + 600, corner[1] + 600)
    by_province = {p.code: p.geometry.intersection(claim).area / 10_000 for p in province_index().provinces}
    by_province = {code: ha for code, ha in by_province.items() if ha > 0}
    municipal = municipality_index().split(claim)
    per_province: dict[str, float] = {}
    for code, ha in municipal.items():
        per_province[municipality_index().get(code).provincie] = per_province.get(
            municipality_index().get(code).provincie, 0
        ) + ha
    assert per_province.keys() == by_province.keys()
    for code, ha in by_province.items():
        assert per_province[code] == pytest.approx(ha, rel=1e-3)
