"""Hostile files on every import path (CLI, API, web form): each is refused in Dutch, names what is wrong,
leaves nothing behind and never takes the process down.

The files are built here byte by byte: XML entity bombs and external entities (also late in the file and in
UTF-16), zip slip, zip bombs, damaged, encrypted and oddly compressed zip members, WKT nested deep enough to
overflow GEOS's recursive reader (a crash of the whole server before the fix), non-finite and unknown-SRID WKT,
truncated FlatGeobuf and an unknown layer of a GeoPackage.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from novex.cli import app
from novex.errors import InvalidInput
from novex.geo.vector_files import open_vector
from tests.fixtures.clients import make_clients
from tests.fixtures.geo import UTRECHT, square
from tests.fixtures.web import ACCOUNTS, PASSWORD, alert, csrf_of
from tests.integration.test_files_in import two_layers

runner = CliRunner()
X, Y = UTRECHT
GOOD_WKT = square(X, Y, 100).wkt
CSV_ROW = f"naam;domein;wkt\nA;wonen;{GOOD_WKT}\n"
GML_NS = 'xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:n="urn:x"'
GML_FEATURE = (f"<gml:FeatureCollection {GML_NS}><gml:featureMember><n:c><n:naam>&e;</n:naam><n:g>"
               f'<gml:Point srsName="EPSG:28992"><gml:pos>{X} {Y}</gml:pos></gml:Point></n:g></n:c>'
               "</gml:featureMember></gml:FeatureCollection>")  # fmt: skip
LAUGHS = ('<!DOCTYPE c [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          '<!ENTITY e "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')  # fmt: skip
XXE = '<!DOCTYPE kml [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
KML = ('<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&e;</name>'
       "<Point><coordinates>5.1,52.1</coordinates></Point></Placemark></kml>")  # fmt: skip
DEEP = 200_000  # GEOMETRYCOLLECTION( this deep overflowed GEOS's stack: a segmentation fault, not an error


def zipped(members: list[tuple[str | zipfile.ZipInfo, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def patched(data: bytes, local: dict[int, tuple[str, int]], central: dict[int, tuple[str, int]]) -> bytes:
    """A one-member zip with fields of its local and central headers overwritten (offset: (format, value))."""
    out = bytearray(data)
    for marker, fields in ((b"PK\x03\x04", local), (b"PK\x01\x02", central)):
        at = out.find(marker)
        for offset, (fmt, value) in fields.items():
            struct.pack_into(fmt, out, at + offset, value)
    return bytes(out)


def flipped_flag(data: bytes, bit: int) -> bytes:
    """A zip whose general-purpose flag has `bit` set in both headers (bit 0: encrypted)."""
    out = bytearray(data)
    out[out.find(b"PK\x03\x04") + 6] |= bit
    out[out.find(b"PK\x01\x02") + 8] |= bit
    return bytes(out)


def damaged_deflate() -> bytes:
    data = bytearray(zipped([("a.csv", CSV_ROW.encode() * 50)]))
    at = data.find(b"PK\x03\x04")
    start = at + 30 + struct.unpack_from("<H", data, at + 26)[0]
    for k in range(start, start + 16):
        data[k] ^= 0x55
    return bytes(data)


def symlink_zip() -> bytes:
    link = zipfile.ZipInfo("a.csv")
    link.external_attr = 0o120777 << 16
    return zipped([(link, b"/etc/passwd")])


def attacks() -> dict[str, tuple[str, bytes, str]]:
    """id → (file name, content, the message it must get)."""
    stored = zipped([("a.csv", CSV_ROW.encode())], zipfile.ZIP_STORED)
    bad_crc = patched(stored, {14: ("<I", 0xDEADBEEF)}, {16: ("<I", 0xDEADBEEF)})
    deflate64 = patched(zipped([("a.csv", CSV_ROW.encode())]), {8: ("<H", 9)}, {10: ("<H", 9)})
    padding = "<!--" + "x" * 70_000 + "-->"  # the DOCTYPE after the first 64 KiB
    return {
        "gml-billion-laughs": ("bom.gml", f'<?xml version="1.0"?>{LAUGHS}{GML_FEATURE}'.encode(),
                               "bom.gml: XML met een DOCTYPE of entiteiten wordt niet gelezen"),
        "gml-doctype-after-64k": ("laat.gml", f'<?xml version="1.0"?>{padding}{LAUGHS}{GML_FEATURE}'.encode(),
                                  "laat.gml: XML met een DOCTYPE of entiteiten wordt niet gelezen"),
        "gml-utf16-bomb": ("utf16.gml", f"{LAUGHS}{GML_FEATURE}".encode("utf-16-le"),
                           "utf16.gml: XML moet UTF-8 (of ASCII) zijn"),
        "gml-utf16-bom": ("bomteken.gml", f"{LAUGHS}{GML_FEATURE}".encode("utf-16"),
                          "bomteken.gml: XML moet UTF-8 (of ASCII) zijn"),
        "kml-xxe": ("xxe.kml", f'<?xml version="1.0"?>{XXE}{KML}'.encode(),
                    "xxe.kml: XML met een DOCTYPE of entiteiten wordt niet gelezen"),
        "gio-bomb": ("gio.gml", (f'<?xml version="1.0"?>{LAUGHS}<geo:GeoInformatieObjectVaststelling '
                                 'xmlns:geo="https://standaarden.overheid.nl/stop/imop/geo/"/>').encode(),
                     "gio.gml: XML met een DOCTYPE of entiteiten wordt niet gelezen"),
        "zip-slip": ("slip.zip", zipped([("../../a.csv", CSV_ROW.encode())]),
                     "slip.zip: onveilig pad in de zip: '../../a.csv'"),
        "zip-slip-windows": ("win.zip", zipped([("..\\..\\a.csv", CSV_ROW.encode())]),
                             "win.zip: onveilig pad in de zip"),
        "zip-absolute": ("abs.zip", zipped([("/etc/a.csv", CSV_ROW.encode())]), "abs.zip: onveilig pad in de zip"),
        "zip-symlink": ("link.zip", symlink_zip(), "link.zip: de zip bevat een koppeling (symlink): 'a.csv'"),
        "zip-bomb": ("bom.zip", zipped([("a.csv", b"\0" * (501 << 20))]), "bom.zip: uitgepakt 501 MB; maximaal 500 MB"),
        "zip-lying-size": ("lieg.zip", patched(zipped([("a.csv", b"a" * (1 << 20))]), {22: ("<I", 10)},
                                               {24: ("<I", 10)}), "lieg.zip: 'a.csv' in de zip is beschadigd"),
        "zip-bad-crc": ("crc.zip", bad_crc, "crc.zip: 'a.csv' in de zip is beschadigd (Bad CRC-32"),
        "zip-damaged-deflate": ("kapot.zip", damaged_deflate(), "kapot.zip: 'a.csv' in de zip is beschadigd"),
        "zip-encrypted": ("slot.zip", flipped_flag(zipped([("a.csv", CSV_ROW.encode())]), 1),
                          "slot.zip: 'a.csv' in de zip is versleuteld"),
        "zip-deflate64": ("d64.zip", deflate64, "d64.zip: 'a.csv' is ingepakt met een compressiemethode die niet"),
        "zip-many-members": ("veel.zip", zipped([(f"f{i}.txt", b"x") for i in range(201)]),
                             "veel.zip: de zip bevat 201 bestanden; maximaal 200"),
        "zip-in-zip": ("nest.zip", zipped([("binnen.zip", zipped([("a.csv", CSV_ROW.encode())]))]),
                       "nest.zip: de zip bevat geen gegevensbestand"),
        "zip-vrt-as-geojson": ("vrt.zip", zipped([("a.geojson", b"<OGRVRTDataSource><OGRVRTLayer name='a'>"
                                                                b"<SrcDataSource>/etc/passwd</SrcDataSource>"
                                                                b"</OGRVRTLayer></OGRVRTDataSource>")]),
                               "vrt.zip/a.geojson: de inhoud is geen GeoJSON"),
        "csv-deep-wkt": ("diep.csv", ("naam;domein;wkt\nA;wonen;" + "GEOMETRYCOLLECTION(" * DEEP + ")" * DEEP + "\n")
                         .encode(), "regel 2: kolom wkt: de WKT is dieper genest dan 16 haakjes"),
        "csv-invalid-wkt": ("kapot.csv", b"naam;domein;wkt\nA;wonen;POLYGON ((1 2, 3\n",
                            "regel 2: kolom wkt: geen geldige WKT"),
        "csv-infinite": ("oneindig.csv", b"naam;domein;wkt\nA;wonen;POLYGON ((0 0, 1e400 0, 1 1, 0 0))\n",
                         "regel 2: kolom wkt: coördinaten moeten eindige getallen zijn"),
        "csv-nan": ("nan.csv", b"naam;domein;wkt\nA;wonen;POLYGON ((0 0, nan 0, 1 1, 0 0))\n",
                    "regel 2: kolom wkt: coördinaten moeten eindige getallen zijn"),
        "csv-unknown-srid": ("srid.csv", b"naam,domein,wkt\nA,wonen,SRID=99999;POINT (1 2)\n",
                             "srid.csv: kolom wkt: onbekend coördinatenstelsel SRID=99999"),
        "fgb-truncated": ("kort.fgb", b"fgb\x03fgb\x01" + b"\xff" * 200, "kort.fgb: geen laag met geometrie gevonden"),
        "fgb-huge-header": ("kop.fgb", b"fgb\x03fgb\x01" + struct.pack("<I", 0x7FFFFFFF) + bytes(64),
                            "kop.fgb: geen laag met geometrie gevonden"),
    }  # fmt: skip


ATTACKS = attacks()
# The CLI, API and web form share one reader: a spread of kinds goes through all three edges.
EDGE_CASES = ["gml-billion-laughs", "kml-xxe", "zip-slip", "zip-bomb", "zip-encrypted", "csv-deep-wkt",
              "fgb-truncated", "csv-unknown-srid"]  # fmt: skip


def written(folder: Path, case: str) -> tuple[Path, str]:
    name, content, message = ATTACKS[case]
    path = folder / name
    path.write_bytes(content)
    return path, message


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("case", sorted(ATTACKS))
def test_each_hostile_file_is_refused_by_the_reader(tmp_path, case):
    path, message = written(tmp_path, case)
    with pytest.raises(InvalidInput) as refused:
        open_vector(path)
    assert message in str(refused.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # nothing unpacked is left behind
    assert not (tmp_path.parent / "a.csv").exists() and not Path("/etc/a.csv").exists()


@pytest.fixture
def cli(cli_env):
    return cli_env


def test_cli_refuses_every_hostile_file_and_stores_nothing(cli, tmp_path):
    for case in EDGE_CASES:
        path, message = written(tmp_path, case)
        result = runner.invoke(app, ["claims", "import", str(path), "--voorstel", "T", "-p", "PV26"])
        assert result.exit_code == 1 and message in flat(result.output), (case, result.output)
        assert "Traceback" not in result.output
    assert "0 claims" in runner.invoke(app, ["claims", "list"]).output
    good = tmp_path / "goed.csv"
    good.write_text(CSV_ROW, "utf-8")
    assert runner.invoke(app, ["claims", "import", str(good), "--voorstel", "T", "-p", "PV26"]).exit_code == 0


def test_cli_refuses_a_hostile_restriction_layer(cli, tmp_path):
    path, message = written(tmp_path, "gml-billion-laughs")
    result = runner.invoke(app, ["layers", "import", str(path), "--name", "L", "--hardness", "hard",
                                 "--legal-basis", "x", "--peildatum", "2024-01-01"])  # fmt: skip
    assert result.exit_code == 1 and message in flat(result.output), result.output
    assert "L" not in runner.invoke(app, ["layers", "list"]).output.split()


@pytest.fixture
def api(settings):
    return make_clients(settings)


def test_api_refuses_every_hostile_file_and_stores_nothing(api, settings, tmp_path):
    vid = api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "A"}).json()["id"]
    for case in EDGE_CASES:
        path, message = written(tmp_path, case)
        response = api.utrecht.post(f"/api/v1/voorstellen/{vid}/import",
                                    files={"bestand": (path.name, path.read_bytes())})  # fmt: skip
        assert response.status_code == 400, (case, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert message in response.json()["detail"], (case, response.text)
        assert "/tmp" not in response.text and str(tmp_path) not in response.text  # no server paths
    assert api.utrecht.get("/api/v1/claims", params={"voorstel": vid}).json()["numberMatched"] == 0
    uploads = [p for p in Path(settings.data_dir).rglob("*") if p.is_file() and "upload" in str(p)]
    assert uploads == []  # every upload and unpacked member removed


def test_api_refuses_an_unknown_layer_and_a_layer_for_a_file_without_layers(api, tmp_path):
    vid = api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "A"}).json()["id"]
    layered = two_layers(tmp_path)
    for path, params, message in (
        (layered, {"laag": "x'; DROP TABLE claims; --"},
         "laag \"x'; DROP TABLE claims; --\" bestaat niet; lagen met geometrie: wonen, natuur"),
        (written(tmp_path, "csv-invalid-wkt")[0], {"laag": "wonen"}, "een CSV met WKT-geometrie heeft geen lagen"),
    ):  # fmt: skip
        response = api.utrecht.post(f"/api/v1/voorstellen/{vid}/import", params=params,
                                    files={"bestand": (path.name, path.read_bytes())})  # fmt: skip
        assert response.status_code == 400 and message in response.json()["detail"], response.text
    assert api.utrecht.get("/api/v1/claims", params={"voorstel": vid}).json()["numberMatched"] == 0


def test_web_form_refuses_every_hostile_file_escaped_and_stores_nothing(api, tmp_path):
    browser = type(api.anonymous)(api.anonymous.app)
    browser.post("/inloggen", data={"email": ACCOUNTS["utrecht"][0], "wachtwoord": PASSWORD}, follow_redirects=False)
    form = browser.get("/provincies/PV26/upload").text
    for case in EDGE_CASES:
        path, message = written(tmp_path, case)
        refused = browser.post("/provincies/PV26/upload", data={"csrf": csrf_of(form), "voorstel": "W"},
                               files={"bestand": (path.name, path.read_bytes())})  # fmt: skip
        assert refused.status_code == 400 and message in flat(alert(refused.text)), (case, alert(refused.text))
    layered = two_layers(tmp_path)
    script = "<script>alert(1)</script>"
    refused = browser.post("/provincies/PV26/upload", data={"csrf": csrf_of(form), "voorstel": "W", "laag": script},
                           files={"bestand": (layered.name, layered.read_bytes())})  # fmt: skip
    assert refused.status_code == 400 and "bestaat niet" in alert(refused.text)
    assert script not in refused.text and "&lt;script&gt;" in refused.text
    assert api.utrecht.get("/api/v1/claims", params={"provincie": "PV26"}).json()["numberMatched"] == 0
    assert api.utrecht.get("/api/v1/voorstellen", params={"provincie": "PV26"}).json() == []  # no voorstel W either


def test_an_official_boundary_from_a_hostile_file_is_refused_and_the_area_stays_indicative(api, tmp_path):
    area = "/api/v1/novex-gebieden/novex-rotterdamse-haven"
    form = {"bron": "Convenant 2027", "peildatum": "2026-01-15"}
    for case in ("csv-deep-wkt", "zip-encrypted", "gml-doctype-after-64k"):
        path, message = written(tmp_path, case)
        response = api.vro.put(f"{area}/grens", files={"bestand": (path.name, path.read_bytes())}, data=form)
        assert response.status_code == 400 and message in response.json()["detail"], (case, response.text)
    assert api.lezer.get(area).json()["properties"]["begrenzing"]["soort"] == "indicatief"
