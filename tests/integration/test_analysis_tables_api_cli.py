"""Issue 23, files out: the analysis' conflicts and goals as CSV and XLSX through the API and the CLI (as on the web)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook
from shapely.geometry import mapping
from typer.testing import CliRunner

from novex.cli import app
from tests.fixtures.clients import make_clients
from tests.fixtures.geo import UTRECHT, feature, square, write_geojson

X, Y = UTRECHT
RD = {"Content-Crs": "epsg:28992"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def rows_of(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def api(settings):
    clients = make_clients(settings)
    vid = clients.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "V"}).json()["id"]
    for naam, domein, x in (("Wijk", "wonen", X), ("Windpark", "energie-wind", X + 100)):
        body = {"type": "Feature", "geometry": mapping(square(x, Y, 300)),
                "properties": {"naam": naam, "domein": domein, "extern_id": naam}}  # fmt: skip
        assert clients.utrecht.post(f"/api/v1/voorstellen/{vid}/claims", json=body, headers=RD).status_code == 201
    return clients.lezer


def test_the_conflicts_as_csv_and_xlsx_in_the_api(api):
    response = api.get("/api/v1/conflicten", params={"provincie": "PV26", "formaat": "csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == 'attachment; filename="conflicten-PV26.csv"'
    assert response.headers["analyse-status"] == "actueel"  # the state headers as on the JSON answer
    rows = rows_of(response.content)
    assert rows[0][:3] == ["id", "claim a", "claim b"] and len(rows) == 2  # one conflict: wonen × wind
    assert {rows[1][3], rows[1][4]} == {"Wijk", "Windpark"} and rows[1][7] == "6,0"  # 200 m × 300 m = 6 ha
    book = api.get("/api/v1/conflicten", params={"provincie": "PV26", "formaat": "xlsx"})
    assert book.headers["content-type"] == XLSX
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert sheet.max_row == 2 and sheet.cell(2, 8).value == pytest.approx(6.0)
    as_json = api.get("/api/v1/conflicten", params={"provincie": "PV26"}).json()
    assert as_json["count"] == 1 and as_json["data"][0]["id"] == rows[1][0] == sheet.cell(2, 1).value


def test_the_goals_as_json_csv_and_xlsx_in_the_api(api):
    as_json = api.get("/api/v1/doelbereik", params={"provincie": "PV26"})
    assert as_json.status_code == 200, as_json.text
    goals = as_json.json()["data"]
    assert as_json.json()["count"] == len(goals) > 0
    rows = rows_of(api.get("/api/v1/doelbereik", params={"provincie": "PV26", "formaat": "csv"}).content)
    assert rows[0][:5] == ["doel", "tekst", "schaal", "jaar", "doelwaarde"]
    assert [r[0] for r in rows[1:]] == [g["goal"] for g in goals]
    sheet = load_workbook(io.BytesIO(api.get("/api/v1/doelbereik", params={"formaat": "xlsx"}).content)).active
    assert sheet.max_row > 1 and sheet.cell(1, 9).value == "status"


def test_an_unknown_table_format_is_a_400_naming_it(api):
    response = api.get("/api/v1/conflicten", params={"formaat": "pdf"})
    assert response.status_code == 400 and "formaat" in response.json()["invalidParams"][0]["name"]


def test_a_file_name_never_carries_what_the_client_typed(api):
    response = api.get("/api/v1/conflicten", params={"provincie": 'PV26"\r\nX-Evil: 1', "formaat": "csv"})
    assert response.status_code in (400, 404)  # an unknown province, before any file is made
    assert "x-evil" not in response.headers


runner = CliRunner()


@pytest.fixture
def claims_in_cli(cli_env, tmp_path):
    path = write_geojson(tmp_path / "c.geojson", [
        feature(square(X, Y, 1000), naam="Wijk", domein="wonen"),
        feature(square(X + 500, Y, 1000), naam="Bos", domein="bos"),
    ])  # fmt: skip
    result = runner.invoke(app, ["claims", "import", str(path), "--voorstel", "T", "-p", "PV26"])
    assert result.exit_code == 0, result.output
    return tmp_path


def test_the_cli_writes_the_conflicts_as_csv_and_the_goals_as_xlsx(claims_in_cli):
    folder = claims_in_cli
    result = runner.invoke(app, ["analyse", "-p", "PV26", "--format", "csv", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    rows = rows_of((folder / "conflicten-PV26.csv").read_bytes())
    assert len(rows) == 2 and {rows[1][3], rows[1][4]} == {"Wijk", "Bos"}
    assert rows[1][7] == "50,0"  # 500 m × 1000 m = 50 ha
    target = folder / "doelen.xlsx"
    result = runner.invoke(app, ["analyse", "-p", "PV26", "--format", "xlsx", "--tabel", "doelen", "-o", str(target)])
    assert result.exit_code == 0, result.output
    goals = json.loads(runner.invoke(app, ["analyse", "-p", "PV26", "--format", "json"]).stdout)["goals"]
    sheet = load_workbook(target).active
    assert [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)] == [g["goal"] for g in goals]


def test_the_cli_refuses_a_table_without_a_file_before_any_work(claims_in_cli):
    result = runner.invoke(app, ["analyse", "-p", "PV26", "--format", "xlsx"])
    assert result.exit_code == 1 and "-o / --output" in result.output
    result = runner.invoke(app, ["analyse", "--format", "csv", "-o", str(claims_in_cli / "nergens" / "x.csv")])
    assert result.exit_code == 1 and "bestaat niet" in result.output
