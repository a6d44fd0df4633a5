import json

import pytest
import yaml
from typer.testing import CliRunner

from novex.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def isolated(cli_env):
    return cli_env


def test_init_and_provinces_table():
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    assert "Provincies: 12" in result.output
    table = runner.invoke(app, ["provinces"])
    assert "Fryslân" in table.output and "Zuidwest" in table.output and "155.027" in table.output


def test_catalog_export_json_contains_every_part(cat):
    result = runner.invoke(app, ["catalog", "export", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) >= {"novi", "werkwijze", "startpakket", "domeinen", "themas", "novex_gebieden",
                         "provincieprofielen"}  # fmt: skip
    assert len(data["novi"]["nationale_belangen"]) == 21
    assert len(data["themas"]) == len(cat.themas)
    assert "Fryslân" in result.stdout  # UTF-8, not \u escapes


def test_catalog_export_yaml_round_trips(cat):
    result = runner.invoke(app, ["catalog", "export", "--format", "yaml"])
    assert yaml.safe_load(result.stdout)["versie"] == cat.versie


def test_catalog_show_and_search():
    shown = runner.invoke(app, ["catalog", "show", "woningbouw"])
    assert shown.exit_code == 0 and "900.000" in shown.output
    found = runner.invoke(app, ["catalog", "search", "bossenstrategie"])
    assert found.exit_code == 0 and "landelijk-gebied" in found.output
    missing = runner.invoke(app, ["catalog", "show", "kernenergie"])
    assert missing.exit_code == 1 and "onbekend thema 'kernenergie'" in missing.output


def test_startpakket_utrecht_html_and_pdf(tmp_path, cat):
    result = runner.invoke(app, ["startpakket", "PV26", "-o", str(tmp_path / "u.html")])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "u.html").read_text("utf-8")
    assert "Startpakket provincie Utrecht" in html and "<svg" in html
    for gebied in (g for g in cat.novex_gebieden if "PV26" in g.provincies):
        assert gebied.naam in html
    assert "900.000" in html
    pdf = runner.invoke(app, ["startpakket", "PV26", "--format", "pdf", "-o", str(tmp_path / "u.pdf")])
    assert pdf.exit_code == 0, pdf.output
    assert (tmp_path / "u.pdf").read_bytes()[:5] == b"%PDF-"


def test_startpakket_unknown_province_is_a_clear_error():
    result = runner.invoke(app, ["startpakket", "PV99"])
    assert result.exit_code == 1
    assert "onbekende provincie 'PV99'" in result.output
