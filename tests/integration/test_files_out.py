"""Files out, read back by real clients: ogrinfo (GDAL 3.6), PDOK's geopackage-validator, the API download."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import openpyxl
import pytest
import shapely
from typer.testing import CliRunner

from novex.cli import app
from tests.fixtures.clients import make_clients
from tests.fixtures.geo import UTRECHT, square, write_geojson

runner = CliRunner()
X, Y = UTRECHT
VALIDATOR = "pdok-geopackage-validator==0.14.5"


@pytest.fixture(scope="session")
def validator() -> Path:
    """PDOK's geopackage-validator in a venv over the system Python with GDAL's bindings (python3-gdal).

    `NOVEX_PDOK_VALIDATOR` may name an installed `geopackage-validator`; else one is installed once.
    """
    given = os.environ.get("NOVEX_PDOK_VALIDATOR")
    if given:
        return Path(given)
    folder = Path.home() / ".cache" / "novex" / "pdok-validator"
    tool = folder / "bin" / "geopackage-validator"
    if not tool.exists():
        python = "/usr/bin/python3"
        check = subprocess.run([python, "-c", "import osgeo"], capture_output=True)
        assert check.returncode == 0, "installeer python3-gdal (apt-get install python3-gdal) voor de PDOK-validator"
        subprocess.run([python, "-m", "venv", "--system-site-packages", str(folder)], check=True)
        subprocess.run([str(folder / "bin" / "pip"), "install", "-q", VALIDATOR], check=True)
    return tool


def pdok(tool: Path, path: Path) -> list[tuple[str, str]]:
    """The errors PDOK's validator finds (code, where)."""
    done = subprocess.run([str(tool), "validate", "--gpkg-path", str(path)], capture_output=True, text=True, check=False)
    report = json.loads(done.stdout)
    return [(r["validation_code"], "; ".join(r["locations"])) for r in report["results"] if r["level"] != "recommendation"]


def ogrinfo(source: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["ogrinfo", "-ro", "-al", "-so", source], capture_output=True, text=True, check=False)


@pytest.fixture
def filled(cli_env, tmp_path):
    path = write_geojson(tmp_path / "in.geojson", [
        {"type": "Feature", "geometry": shapely.geometry.mapping(shapely.orient_polygons(square(X, Y, 500),
                                                                                         exterior_cw=True)),
         "properties": {"naam": "Wijk", "domein": "wonen", "start_jaar": 2030, "eind_jaar": 2040,
                        "hoeveelheid": 500, "eenheid": "woningen", "extern_id": "w1"}},
        {"type": "Feature", "geometry": shapely.geometry.mapping(square(X + 1000, Y, 400)),
         "properties": {"naam": "Bos", "domein": "bos", "extern_id": "b1"}},
    ])  # fmt: skip
    result = runner.invoke(app, ["claims", "import", str(path), "--voorstel", "T", "-p", "PV26"])
    assert result.exit_code == 0, result.output
    return tmp_path


def test_gpkg_reads_without_warnings_and_passes_pdok(filled, validator):
    out = filled / "uit.gpkg"
    assert runner.invoke(app, ["claims", "export", str(out), "-p", "PV26"]).exit_code == 0
    info = ogrinfo(str(out))
    assert info.returncode == 0 and info.stderr == "", info.stderr
    assert "Geometry: Multi Polygon" in info.stdout and "Feature Count: 2" in info.stdout
    assert "start_jaar: Integer" in info.stdout and "prioriteit: Integer" in info.stdout
    assert pdok(validator, out) == []
    empty = filled / "leeg.gpkg"
    assert runner.invoke(app, ["claims", "export", str(empty), "-p", "PV27"]).exit_code == 0
    info = ogrinfo(str(empty))
    assert info.stderr == "" and "Feature Count: 0" in info.stdout and "naam: String" in info.stdout
    assert pdok(validator, empty) == []


def test_geojson_is_rfc7946_unless_rd_asked(filled):
    out = filled / "uit.geojson"
    assert runner.invoke(app, ["claims", "export", str(out)]).exit_code == 0
    document = json.loads(out.read_text("utf-8"))
    assert "crs" not in document
    for feature in document["features"]:
        polygon = shapely.geometry.shape(feature["geometry"]).geoms[0]
        assert polygon.exterior.is_ccw  # the Wijk was imported clockwise
        lon, lat = polygon.exterior.coords[0]
        assert 4.9 < lon < 5.3 and 51.9 < lat < 52.2
    assert {f["properties"]["start_jaar"] for f in document["features"]} == {2030, None}
    rd = filled / "rd.geojson"
    assert runner.invoke(app, ["claims", "export", str(rd), "--rd"]).exit_code == 0
    corner = json.loads(rd.read_text("utf-8"))["features"][0]["geometry"]["coordinates"][0][0][0]
    assert 139_000 < corner[0] < 142_000 and 454_000 < corner[1] < 456_000
    assert ogrinfo(str(out)).stderr == "" and ogrinfo(str(rd)).stderr == ""


def test_flatgeobuf_csv_xlsx(filled):
    for name in ("uit.fgb", "uit.csv", "uit.xlsx"):
        assert runner.invoke(app, ["claims", "export", str(filled / name)]).exit_code == 0
    info = ogrinfo(str(filled / "uit.fgb"))
    assert info.stderr == "" and "Feature Count: 2" in info.stdout and "start_jaar: Integer" in info.stdout
    lines = (filled / "uit.csv").read_text("utf-8-sig").splitlines()
    assert lines[0].startswith("id;extern_id;voorstel_id;naam") and lines[0].endswith(";geometry")
    assert len(lines) == 3 and "POLYGON" in lines[1]
    sheet = openpyxl.load_workbook(filled / "uit.xlsx").active
    header = [c.value for c in sheet[1]]
    rows = {r[header.index("naam")]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Wijk"][header.index("start_jaar")] == 2030 and rows["Bos"][header.index("area_ha")] == 16.0
    # the CSV goes back in: a round trip (new voorstel)
    again = runner.invoke(app, ["claims", "import", str(filled / "uit.csv"), "--voorstel", "Terug", "-p", "PV26"])
    assert again.exit_code == 0 and "2 claims geïmporteerd" in again.output, again.output


def test_gio_export_reads_in_ogrinfo_and_back_into_novex(filled):
    gml = filled / "gio.gml"
    result = runner.invoke(app, ["claims", "export", str(gml), "--voorstel", "1"])
    assert result.exit_code == 0, result.output
    text = gml.read_text("utf-8")
    assert "geo:GeoInformatieObjectVaststelling" in text and "/join/id/regdata/pv26/" in text
    info = ogrinfo(str(gml))
    assert info.stderr == "" and "Layer name: Locatie" in info.stdout and "Feature Count: 2" in info.stdout
    assert "Geometry: Multi Polygon" in info.stdout
    zipped = filled / "gio.zip"
    assert runner.invoke(app, ["claims", "export", str(zipped), "--voorstel", "1"]).exit_code == 0
    assert "Feature Count: 2" in ogrinfo(f"/vsizip/{zipped}/gio.gml").stdout
    back = runner.invoke(app, ["claims", "import", str(gml), "--voorstel", "GIO", "-p", "PV26", "--domain", "wonen"])
    assert back.exit_code == 0, back.output
    listed = runner.invoke(app, ["claims", "list", "--voorstel", "2"]).output
    assert "Wijk" in listed and "Bos" in listed


def test_api_export_formats(settings, tmp_path):
    api = make_clients(settings)
    vid = api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "V"}).json()["id"]
    media = {}
    for formaat in ("gpkg", "geojson", "fgb", "csv", "xlsx", "gio"):
        response = api.utrecht.get(f"/api/v1/voorstellen/{vid}/export", params={"formaat": formaat})
        assert response.status_code == 200, response.text
        media[formaat] = response.headers["content-type"].split(";")[0]
        (tmp_path / f"x.{formaat}").write_bytes(response.content)
    assert media["gio"] == "application/zip" and media["fgb"] == "application/flatgeobuf"
    assert ogrinfo(str(tmp_path / "x.gpkg")).stderr == ""
    refused = api.utrecht.get(f"/api/v1/voorstellen/{vid}/export", params={"formaat": "dwg"})
    assert refused.status_code == 406 and "kies uit gpkg" in refused.text
