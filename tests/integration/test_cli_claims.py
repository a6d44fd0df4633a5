import json

import pytest
from typer.testing import CliRunner

from novex.cli import app
from tests.fixtures.geo import UTRECHT, feature, square, write_geojson

runner = CliRunner()
X, Y = UTRECHT


@pytest.fixture(autouse=True)
def isolated(cli_env):
    return cli_env


def test_import_list_analyse_export(tmp_path):
    path = write_geojson(tmp_path / "c.geojson", [
        feature(square(X, Y, 1000), NAME="Wijk", hoeveelheid=2000, eenheid="woningen"),
        feature(square(X + 500, Y, 1000), NAME="Bos", domein="bos"),
    ])  # fmt: skip
    result = runner.invoke(app, ["claims", "import", str(path), "--voorstel", "Test", "-p", "PV26",
                                 "--domain", "wonen", "--map", "naam=NAME"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2 claims geïmporteerd in voorstel 1 'Test'" in result.output
    listed = runner.invoke(app, ["claims", "list", "-p", "PV26", "--domain", "bos"])
    assert "Bos" in listed.output and "Wijk" not in listed.output
    analysed = runner.invoke(app, ["analyse", "-p", "PV26", "--format", "json"])
    data = json.loads(analysed.stdout)
    assert {"provinces", "pairs", "conflicts", "goals"} <= set(data)
    (province,) = data["provinces"]
    assert province["code"] == "PV26" and province["claimed_ha"] == pytest.approx(200.0)
    assert province["stacked_ha"] == pytest.approx(50.0) and province["by_domain"] == {
        "bos": 100.0,
        "wonen": 100.0,
    }
    (conflict,) = data["conflicts"]
    assert conflict["domains"] == ["wonen", "bos"] and conflict["area_ha"] == pytest.approx(50.0)
    assert conflict["crosses_border"] is False and conflict["provinces"] == {"PV26": 50.0}
    exported = runner.invoke(app, ["claims", "export", str(tmp_path / "out.gpkg"), "-p", "PV26"])
    assert exported.exit_code == 0 and (tmp_path / "out.gpkg").exists()


def test_import_refusal_exits_non_zero_and_names_the_feature(tmp_path):
    path = write_geojson(tmp_path / "c.geojson", [feature(square(X, Y, 10), naam="A", domein="kernenergie")])
    result = runner.invoke(app, ["claims", "import", str(path), "--voorstel", "T", "-p", "PV26"])
    assert result.exit_code == 1
    assert "feature 0 'A': onbekend domein 'kernenergie'" in result.output
    assert "er is niets opgeslagen" in result.output


def test_unknown_province_in_analyse():
    result = runner.invoke(app, ["analyse", "-p", "PV99"])
    assert result.exit_code == 1 and "onbekende provincie 'PV99'" in result.output


def test_start_loads_the_examples_once(tmp_path):
    first = runner.invoke(app, ["start", "--no-serve"])
    assert first.exit_code == 0, first.output
    assert "Voorbeeld geladen: Ruimtelijk voorstel Utrecht 2026 (illustratief)" in first.output
    assert "C-2-3" in first.output or "Rijnenburg" in first.output
    assert first.output.count("Verantwoording (gebruikte data, indicatoren) vastgelegd voor") == 2
    second = runner.invoke(app, ["start", "--no-serve"])
    assert "Voorbeeld geladen" not in second.output and "Verantwoording (gebruikte" not in second.output
    zh = json.loads(runner.invoke(app, ["verantwoording", "show", "Ruimtelijk voorstel Zuid-Holland 2026 (illustratief)",
                                        "--format", "json"]).stdout)  # fmt: skip
    assert (zh["versie"], zh["datasets"][-1]["naam"]) == (1, "Natuurnetwerk Nederland Zuid-Holland (GIO, gegeneraliseerd)")
    assert not any(d["basisset"] for d in zh["datasets"]) and {i["eenheid"] for i in zh["indicatoren"]} == {"woningen",
                                                                                                       "TWh"}  # fmt: skip
    listed = runner.invoke(app, ["voorstel", "list"])
    assert listed.output.count("(illustratief)") == 2
    analysed = json.loads(runner.invoke(app, ["analyse", "--format", "json"]).stdout)
    names = {tuple(c["names"]) for c in analysed["conflicts"]}
    assert ("Rijnenburg woningbouw", "Windzoekgebied Rijnenburg") in names
    assert any(p["code"] == "PV28" and p["claimed_ha"] > 0 for p in analysed["provinces"])
    exported = runner.invoke(app, ["claims", "export", str(tmp_path / "all.geojson")])
    assert exported.exit_code == 0
    features = json.loads((tmp_path / "all.geojson").read_text("utf-8"))["features"]
    crossing = {f["properties"]["naam"] for f in features if f["properties"]["provincies"] == "PV26,PV28"}
    assert crossing == {"Groene Hart veenweide: water vasthouden", "Natuurverbinding Groene Hart"}
