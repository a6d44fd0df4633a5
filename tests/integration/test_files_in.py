"""Files planners receive, imported through the CLI, the API and the web form alike (all or nothing)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely
from typer.testing import CliRunner

from novex.cli import app
from novex.geo.gio import Locatie, locatie_id, write_gio
from novex.reference.layers import NNN_ZUID_HOLLAND
from tests.fixtures.clients import make_clients
from tests.fixtures.geo import UTRECHT, square
from tests.fixtures.web import ACCOUNTS, PASSWORD, alert, csrf_of

runner = CliRunner()
X, Y = UTRECHT
NNN = Path(__file__).parents[2] / "src/novex/reference/data" / NNN_ZUID_HOLLAND.file


def claims_frame(crs: int = 28992) -> gpd.GeoDataFrame:
    """Two Utrecht claims (RD New), in `crs`."""
    frame = gpd.GeoDataFrame(
        {"naam": ["Wijk", "Bos"], "domein": ["wonen", "bos"], "extern_id": ["w1", "b1"]},
        geometry=[square(X, Y, 500), square(X + 1000, Y, 400)], crs=28992,
    )  # fmt: skip
    return frame.to_crs(crs)


def shapefile_zip(folder: Path) -> Path:
    claims_frame().to_file(folder / "claims.shp")
    target = folder / "claims.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for suffix in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
            if (folder / f"claims{suffix}").exists():
                archive.write(folder / f"claims{suffix}", f"map/claims{suffix}")
    return target


def nnn_gio(folder: Path) -> Path:
    """A GIO of the shipped NNN layer (the three largest parts of each location, for speed)."""
    nnn = pyogrio.read_dataframe(NNN)
    locaties = [
        Locatie(shapely.MultiPolygon(sorted(row.geometry.geoms, key=lambda p: -p.area)[:3]),
                locatie_id(f"nnn-{index}"), row.naam)
        for index, row in nnn.iterrows()
    ]  # fmt: skip
    return write_gio(folder / "nnn.gml", locaties, nnn.gio_work[0], nnn.gio_expression[0])


def two_layers(folder: Path) -> Path:
    target = folder / "twee.gpkg"
    frame = claims_frame()
    pyogrio.write_dataframe(frame.iloc[:1], target, layer="wonen", driver="GPKG")
    pyogrio.write_dataframe(frame.iloc[1:], target, layer="natuur", driver="GPKG", append=True)
    return target


def made(folder: Path, kind: str) -> Path:
    frame = claims_frame()
    if kind == "zip":
        return shapefile_zip(folder)
    if kind == "kml":
        target = folder / "claims.kml"
        pyogrio.write_dataframe(frame.to_crs(4326), target, driver="KML")
        return target
    if kind == "fgb":
        target = folder / "claims.fgb"
        pyogrio.write_dataframe(frame, target, driver="FlatGeobuf")
        return target
    if kind == "csv":
        target = folder / "claims.csv"
        lines = ["naam;domein;extern_id;wkt"] + [f"{r.naam};{r.domein};{r.extern_id};{r.geometry.wkt}"
                                                   for r in frame.itertuples()]  # fmt: skip
        target.write_text("\n".join(lines) + "\n", "utf-8")
        return target
    if kind == "gml":
        target = folder / "claims.gml"
        pyogrio.write_dataframe(frame, target, driver="GML")
        return target
    raise AssertionError(kind)


@pytest.fixture
def cli(cli_env):
    return cli_env


@pytest.mark.parametrize("kind", ["zip", "kml", "fgb", "csv", "gml"])
def test_cli_imports_each_format(cli, tmp_path, kind):
    path = made(tmp_path, kind)
    result = runner.invoke(app, ["claims", "import", str(path), "--voorstel", "T", "-p", "PV26"])
    assert result.exit_code == 0, result.output
    assert "2 claims geïmporteerd" in result.output
    listed = runner.invoke(app, ["claims", "list", "-p", "PV26"]).output
    assert "Wijk" in listed and "Bos" in listed
    # 500 m and 400 m squares: 25 + 16 ha, whatever the format (KML goes through WGS84)
    assert "41 ha" in result.output


def test_cli_gio_of_the_nnn_keeps_its_identifiers(cli, tmp_path):
    path = nnn_gio(tmp_path)
    result = runner.invoke(app, ["claims", "import", str(path), "--voorstel", "NNN", "-p", "PV28", "--domain", "natuur"])
    assert result.exit_code == 0, result.output
    exported = tmp_path / "uit.geojson"
    assert runner.invoke(app, ["claims", "export", str(exported), "-p", "PV28"]).exit_code == 0
    rows = gpd.read_file(exported)
    assert sorted(rows.naam) == ["Natuurnetwerk Nederland1", "Natuurnetwerk Nederland2"]
    assert sorted(rows.extern_id) == sorted([locatie_id("nnn-0"), locatie_id("nnn-1")])
    assert set(rows.bron) == {pyogrio.read_dataframe(NNN).gio_expression[0]}


def test_cli_multi_layer_gpkg_needs_a_choice(cli, tmp_path):
    path = two_layers(tmp_path)
    refused = runner.invoke(app, ["claims", "import", str(path), "--voorstel", "T", "-p", "PV26"])
    assert refused.exit_code == 1
    assert "twee.gpkg: bevat 2 lagen met geometrie (wonen, natuur)" in refused.output
    assert "--laag" in refused.output
    assert "0 claims" in runner.invoke(app, ["claims", "list"]).output
    chosen = runner.invoke(app, ["claims", "import", str(path), "--voorstel", "T", "-p", "PV26", "--laag", "natuur"])
    assert chosen.exit_code == 0, chosen.output
    listed = runner.invoke(app, ["claims", "list"]).output
    assert "Bos" in listed and "Wijk" not in listed


def test_cli_bad_inputs_are_refused_in_dutch(cli, tmp_path):
    slip = tmp_path / "slip.zip"
    with zipfile.ZipFile(slip, "w") as archive:
        archive.writestr("../../evil.shp", b"\x00\x00\x27\x0a")
    no_column = tmp_path / "geen.csv"
    no_column.write_text("naam,domein,vorm\nA,wonen,POINT (1 2)\n", "utf-8")
    broken = tmp_path / "kapot.csv"
    broken.write_text(f"naam,domein,geometry\nA,wonen,\"{square(X, Y, 10).wkt}\"\nB,wonen,\"POLYGON ((1 2, 3\"\n",
                      "utf-8")  # fmt: skip
    expected = {
        slip: "slip.zip: onveilig pad in de zip: '../../evil.shp'",
        no_column: "geen.csv: geen geometriekolom; verwacht een kolom geometry, wkt of geom",
        broken: "regel 3: kolom geometry: geen geldige WKT",
    }
    for path, message in expected.items():
        result = runner.invoke(app, ["claims", "import", str(path), "--voorstel", "T", "-p", "PV26"])
        assert result.exit_code == 1 and message in " ".join(result.output.split()), result.output
    assert "0 claims" in runner.invoke(app, ["claims", "list"]).output
    assert not (tmp_path.parent / "evil.shp").exists()


def test_cli_csv_with_a_chosen_column(cli, tmp_path):
    path = tmp_path / "gekozen.csv"
    path.write_text(f"naam;domein;vorm\nA;wonen;{square(X, Y, 100).wkt}\n", "utf-8")
    result = runner.invoke(app, ["claims", "import", str(path), "--voorstel", "T", "-p", "PV26", "--kolom", "vorm"])
    assert result.exit_code == 0, result.output


@pytest.fixture
def api(settings):
    return make_clients(settings)


def test_api_imports_zip_gio_and_a_chosen_layer(api, tmp_path):
    vid = api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "V"}).json()["id"]
    for path, params in ((made(tmp_path, "zip"), {}), (two_layers(tmp_path), {"laag": "natuur"})):
        with path.open("rb") as stream:
            response = api.utrecht.post(f"/api/v1/voorstellen/{vid}/import", params=params,
                                        files={"bestand": (path.name, stream)})  # fmt: skip
        if params:  # the zip put Bos in already: the layer natuur holds Bos again
            assert response.status_code == 400 and "b1" in response.text
        else:
            assert response.status_code == 201, response.text
            assert len(response.json()["claims"]) == 2
    zh = api.zuid_holland.post("/api/v1/voorstellen", json={"provincie": "PV28", "naam": "NNN"}).json()["id"]
    gio = nnn_gio(tmp_path)
    with gio.open("rb") as stream:
        refused = api.zuid_holland.post(f"/api/v1/voorstellen/{zh}/import", files={"bestand": (gio.name, stream)})
    assert refused.status_code == 400 and "domein ontbreekt" in refused.text  # a GIO has no domein
    (tmp_path / "apart").mkdir()
    layered = two_layers(tmp_path / "apart")
    with layered.open("rb") as stream:
        response = api.utrecht.post(f"/api/v1/voorstellen/{vid}/import", files={"bestand": (layered.name, stream)})
    assert response.status_code == 400
    assert "bevat 2 lagen met geometrie (wonen, natuur)" in response.json()["detail"]


def test_web_form_imports_a_zip_and_refuses_a_multi_layer_file(api, tmp_path):
    browser = type(api.anonymous)(api.anonymous.app)
    email = ACCOUNTS["utrecht"][0]
    browser.post("/inloggen", data={"email": email, "wachtwoord": PASSWORD}, follow_redirects=False)
    page = browser.get("/provincies/PV26/upload").text
    layered = two_layers(tmp_path)
    with layered.open("rb") as stream:
        refused = browser.post("/provincies/PV26/upload", data={"csrf": csrf_of(page), "voorstel": "W"},
                               files={"bestand": (layered.name, stream)})  # fmt: skip
    assert refused.status_code == 400 and "bevat 2 lagen met geometrie (wonen, natuur)" in alert(refused.text)
    with layered.open("rb") as stream:
        chosen = browser.post("/provincies/PV26/upload", data={"csrf": csrf_of(page), "voorstel": "W", "laag": "wonen"},
                              files={"bestand": (layered.name, stream)})  # fmt: skip
    assert chosen.status_code == 201, alert(chosen.text)
    archive = made(tmp_path, "zip")
    with archive.open("rb") as stream:
        done = browser.post("/provincies/PV26/upload", data={"csrf": csrf_of(page), "voorstel": "Z"},
                            files={"bestand": (archive.name, stream)})  # fmt: skip
    assert done.status_code == 201 and "2 claims geïmporteerd" in done.text
    browser.post("/uitloggen", data={"csrf": csrf_of(page)})
    zh = type(api.anonymous)(api.anonymous.app)
    zh.post("/inloggen", data={"email": ACCOUNTS["zuid_holland"][0], "wachtwoord": PASSWORD}, follow_redirects=False)
    form = zh.get("/provincies/PV28/upload").text
    gio = nnn_gio(tmp_path)
    with gio.open("rb") as stream:
        taken = zh.post("/provincies/PV28/upload", data={"csrf": csrf_of(form), "voorstel": "NNN", "domein": "natuur"},
                        files={"bestand": (gio.name, stream)})  # fmt: skip
    assert taken.status_code == 201, alert(taken.text)
    assert "2 claims geïmporteerd" in taken.text


def test_cli_restriction_layer_from_the_nnn_gio_and_a_chosen_layer(cli, tmp_path):
    path = nnn_gio(tmp_path)
    result = runner.invoke(app, ["layers", "import", str(path), "--name", "NNN ZH (GIO)", "--hardness", "hard",
                                 "--legal-basis", "Omgevingsverordening", "--peildatum", "2023-09-29",
                                 "--code-field", "extern_id"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Laag 'NNN ZH (GIO)' (hard): 2 gebieden" in result.output
    layered = two_layers(tmp_path)
    base = ["layers", "import", str(layered), "--name", "L", "--hardness", "hard", "--legal-basis", "x",
            "--peildatum", "2024-01-01"]  # fmt: skip
    refused = runner.invoke(app, base)
    assert refused.exit_code == 1 and "bevat 2 lagen met geometrie" in refused.output
    assert runner.invoke(app, [*base, "--laag", "wonen"]).exit_code == 0


def test_web_offers_every_export_format(api):
    api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "V"})
    browser = type(api.anonymous)(api.anonymous.app)
    browser.post("/inloggen", data={"email": ACCOUNTS["lezer"][0], "wachtwoord": PASSWORD}, follow_redirects=False)
    page = browser.get("/provincies/PV26/voorstellen").text
    for code in ("gpkg", "geojson", "fgb", "csv", "xlsx", "gio"):
        assert f'<option value="{code}">' in page
    gio = browser.get("/voorstellen/export", params={"voorstel": 1, "formaat": "gio"})
    assert gio.status_code == 200 and gio.content.startswith(b"PK")
    assert 'filename="voorstel-1.zip"' in gio.headers["content-disposition"]
    table = browser.get("/voorstellen/export", params={"voorstel": 1, "formaat": "csv"})
    assert table.status_code == 200 and table.text.lstrip("\ufeff").startswith("id;extern_id")
    assert browser.get("/voorstellen/export", params={"voorstel": 1, "formaat": "dwg"}).status_code == 400


@pytest.mark.parametrize("kind", ["zip", "kml", "fgb", "csv", "gml"])
def test_api_and_web_import_each_format(api, tmp_path, kind):
    path = made(tmp_path, kind)
    vid = api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "A"}).json()["id"]
    with path.open("rb") as stream:
        response = api.utrecht.post(f"/api/v1/voorstellen/{vid}/import", files={"bestand": (path.name, stream)})
    assert response.status_code == 201, response.text
    assert response.json()["area_ha"] == pytest.approx(41.0, abs=0.01)
    browser = type(api.anonymous)(api.anonymous.app)
    browser.post("/inloggen", data={"email": ACCOUNTS["utrecht"][0], "wachtwoord": PASSWORD}, follow_redirects=False)
    form = browser.get("/provincies/PV26/upload").text
    with path.open("rb") as stream:
        done = browser.post("/provincies/PV26/upload", data={"csrf": csrf_of(form), "voorstel": "W"},
                            files={"bestand": (path.name, stream)})  # fmt: skip
    assert done.status_code == 201, alert(done.text)
    assert "2 claims geïmporteerd" in done.text


def test_api_refuses_a_zip_slip_and_a_csv_without_geometry_and_stores_nothing(api, tmp_path):
    vid = api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "A"}).json()["id"]
    slip = tmp_path / "slip.zip"
    with zipfile.ZipFile(slip, "w") as archive:
        archive.writestr("/etc/evil.shp", b"\x00\x00\x27\x0a")
    for name, body, params, message in (
        ("slip.zip", slip.read_bytes(), {}, "slip.zip: onveilig pad in de zip: '/etc/evil.shp'"),
        ("geen.csv", b"naam,vorm\nA,POINT (1 2)\n", {}, "geen.csv: geen geometriekolom"),
        ("geen.csv", b"naam,vorm\nA,POINT (1 2)\n", {"kolom": "wkt"}, "kolom 'wkt' bestaat niet; kolommen: naam, vorm"),
    ):
        response = api.utrecht.post(f"/api/v1/voorstellen/{vid}/import", params=params, files={"bestand": (name, body)})
        assert response.status_code == 400 and message in response.json()["detail"], response.text
    assert api.utrecht.get("/api/v1/claims", params={"voorstel": vid}).json()["numberMatched"] == 0
