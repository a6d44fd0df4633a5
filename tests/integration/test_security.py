"""Issue 13: the attacks an outside test found, each refused (and changing nothing)."""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime, timedelta

import pyogrio
import pytest
from shapely.geometry import MultiPolygon, mapping

from novex import bootstrap
from novex.access import Actor
from novex.edge import uploads
from novex.errors import Forbidden
from tests.fixtures.clients import PASSWORD, make_clients
from tests.fixtures.geo import UTRECHT, feature, square, write_geojson

X, Y = UTRECHT
ROTTERDAM = (88_000.0, 436_000.0)  # inside Zuid-Holland, clear of its borders
SECRET = "geheim-7f3a9c-niet-lezen"


@pytest.fixture
def api(settings):
    return make_clients(settings)


def claim_count(api) -> int:
    return api.vro.get("/api/v1/claims", params={"pageSize": 1}).json()["numberMatched"]


def web_login(client, email: str) -> str:
    """Log a TestClient in through the form; returns the page's CSRF token."""
    response = client.post("/inloggen", data={"email": email, "wachtwoord": PASSWORD}, follow_redirects=False)
    assert response.status_code == 303, response.text
    page = client.get("/provincies/PV26/upload").text
    return page.split('name="csrf" value="')[1].split('"')[0]


def vrt(source: str) -> str:
    """A GDAL VRT document that reads `source` (a CSV of the server, or a URL)."""
    return (
        '<OGRVRTDataSource><OGRVRTLayer name="secret">'
        f"<SrcDataSource>{source}</SrcDataSource><SrcLayer>secret</SrcLayer>"
        "</OGRVRTLayer></OGRVRTDataSource>"
    )


@pytest.fixture
def secret_csv(tmp_path):
    path = tmp_path / "secret.csv"
    path.write_text(f"naam,status\n{SECRET},x\n", "utf-8")
    return path


@pytest.mark.parametrize("kind", ["file", "vsicurl"])
def test_a_vrt_upload_is_refused_through_the_api_without_reading_its_target(api, secret_csv, kind, monkeypatch):
    source = f"CSV:{secret_csv}" if kind == "file" else "/vsicurl/http://127.0.0.1:9/secret.csv"
    opened = []

    def gdal_reads(path, **_options):  # GDAL would follow the VRT to its target
        opened.append(path)
        raise pyogrio.errors.DataSourceError("opened with GDAL")

    monkeypatch.setattr(pyogrio, "read_dataframe", gdal_reads)
    vid = api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "V"}).json()["id"]
    response = api.utrecht.post(f"/api/v1/voorstellen/{vid}/import",
                                files={"bestand": ("x.geojson", vrt(source).encode(), "application/geo+json")})  # fmt: skip
    assert opened == []  # refused on its first bytes, before GDAL opens anything
    assert response.status_code == 400, response.text
    assert "de inhoud is geen GeoJSON" in response.json()["detail"]
    assert SECRET not in response.text and str(secret_csv.parent) not in response.text
    assert claim_count(api) == 0


def test_a_vrt_upload_is_refused_through_the_web_form(api, secret_csv):
    web = api.anonymous
    csrf = web_login(web, "planner@provincie-utrecht.nl")
    for name in ("x.geojson", "x.gpkg", "x.json"):
        response = web.post("/provincies/PV26/upload", data={"csrf": csrf, "voorstel": "V", "domein": "wonen"},
                            files={"bestand": (name, vrt(f"CSV:{secret_csv}").encode())})  # fmt: skip
        assert response.status_code == 400, response.text
        assert "de inhoud is geen" in response.text and SECRET not in response.text
    assert claim_count(api) == 0


def test_a_readers_upload_is_refused_before_the_file_is_read(api, tmp_path, monkeypatch):
    opened = []
    import novex.claims.io as claims_io

    monkeypatch.setattr(claims_io, "open_vector", lambda *a, **k: opened.append(a) or pytest.fail("file read"))
    path = write_geojson(tmp_path / "c.geojson", [feature(square(X, Y, 100), naam="A", domein="wonen")])
    vid = api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "V"}).json()["id"]
    for client in (api.lezer, api.zuid_holland, api.departement):
        response = client.post(f"/api/v1/voorstellen/{vid}/import", files={"bestand": ("c.geojson", path.read_bytes())})
        assert response.status_code == 403, response.text
    web = api.anonymous
    response = web.post("/inloggen", data={"email": "lezer@example.nl", "wachtwoord": PASSWORD}, follow_redirects=False)
    csrf = web.get("/provincies/PV26").text.split('name="csrf" value="')[1].split('"')[0]
    response = web.post("/provincies/PV26/upload", data={"csrf": csrf, "voorstel": "V"},
                        files={"bestand": ("c.geojson", path.read_bytes())})  # fmt: skip
    assert response.status_code == 403 and "lezer" in response.text
    assert opened == [] and claim_count(api) == 0


def test_every_page_escapes_user_text(api):
    """A claim named like HTML reaches other users' pages as text, not markup."""
    hostile = '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
    vid = api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": hostile}).json()["id"]
    body = {"type": "Feature", "geometry": mapping(square(X, Y, 300)),
            "properties": {"naam": hostile, "domein": "wonen", "notities": "<script>alert(1)</script>"}}  # fmt: skip
    created = api.utrecht.post(f"/api/v1/voorstellen/{vid}/claims", json=body, headers={"Content-Crs": "epsg:28992"})
    assert created.status_code == 201, created.text
    web = api.anonymous
    web.post("/inloggen", data={"email": "planner@pzh.nl", "wachtwoord": PASSWORD}, follow_redirects=False)
    pages = ["/provincies/PV26", f"/claims/{created.json()['id']}/bewerken", "/", "/catalogus?q=" + hostile]
    for url in pages:
        text = web.get(url).text
        assert "<meta http-equiv" not in text and "<script>alert" not in text, url
    assert "&lt;meta http-equiv=" in web.get("/provincies/PV26").text


def test_every_web_template_is_autoescaped():
    from novex.web.render import templates

    env = templates.env
    names = env.list_templates()
    assert len(names) >= 10
    for name in names:
        escaping = env.autoescape(name) if callable(env.autoescape) else env.autoescape
        assert escaping, name
        assert "<b>" not in env.from_string("{{ x }}").render(x="<b>")


def test_a_claim_lying_mostly_in_another_province_is_refused(api):
    """As Utrecht: 400 ha in Zuid-Holland plus 1 m² in Utrecht is Zuid-Holland's land."""
    land = MultiPolygon([square(*ROTTERDAM, 2000), square(X, Y, 1)])
    vid = api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "V"}).json()["id"]
    body = {"type": "Feature", "geometry": mapping(land), "properties": {"naam": "Grensgeval", "domein": "wonen"}}
    response = api.utrecht.post(f"/api/v1/voorstellen/{vid}/claims", json=body, headers={"Content-Crs": "epsg:28992"})
    assert response.status_code == 400, response.text
    detail = response.json()["detail"]
    assert "100 % in Zuid-Holland" in detail and "niet bij Utrecht" in detail
    assert claim_count(api) == 0
    # a claim crossing the border with its larger part at home is the province's own
    home = MultiPolygon([square(X, Y, 2000), square(*ROTTERDAM, 1000)])
    body["geometry"] = mapping(home)
    response = api.utrecht.post(f"/api/v1/voorstellen/{vid}/claims", json=body, headers={"Content-Crs": "epsg:28992"})
    assert response.status_code == 201, response.text
    shares = response.json()["properties"]["provincies"]
    assert shares["PV26"] == pytest.approx(400, rel=1e-6) and shares["PV28"] == pytest.approx(100, rel=1e-6)
    # and Zuid-Holland sees it in its province
    assert api.zuid_holland.get("/api/v1/claims", params={"provincie": "PV28"}).json()["numberMatched"] == 1


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e309"])
def test_non_finite_quantities_are_refused_and_the_lists_stay_up(api, number):
    vid = api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "V"}).json()["id"]
    geometry = json.dumps(mapping(square(X, Y, 300)))
    raw = ('{"type": "Feature", "geometry": ' + geometry + ', "properties": {"naam": "A", "domein": "wonen", '
           f'"hoeveelheid": {number}, "eenheid": "woningen"}}}}')  # fmt: skip
    response = api.utrecht.post(f"/api/v1/voorstellen/{vid}/claims", content=raw,
                                headers={"Content-Crs": "epsg:28992", "Content-Type": "application/json"})  # fmt: skip
    assert response.status_code == 400, response.text
    assert claim_count(api) == 0
    assert api.vro.get("/api/v1/claims").status_code == 200
    assert api.vro.get("/api/v1/analyse").status_code == 200


@pytest.mark.parametrize("number", ["inf", "nan", "-inf"])
def test_a_non_finite_quantity_in_a_file_is_refused(db, tmp_path, number):
    path = write_geojson(tmp_path / "c.geojson", [feature(square(X, Y, 300), naam="A", domein="wonen",
                                                          hoeveelheid=number, eenheid="woningen")])  # fmt: skip
    with db.session() as session, pytest.raises(Exception, match="hoeveelheid .* geen eindig getal"):
        bootstrap.claim_service(session).import_file(Actor.operator(), path, voorstel="V", provincie="PV26")


def test_text_a_file_carries_is_bounded_and_whole(db, tmp_path):
    """A NUL is not silently cut off, a 100,000-character name not stored, an unknown CRS not guessed."""
    cases = {
        "nul": ([feature(square(X, Y, 300), naam="a\x00b", domein="wonen")], "EPSG:28992", "NUL-teken"),
        "lang": ([feature(square(X, Y, 300), naam="n" * 100_000, domein="wonen")], "EPSG:28992",
                 "naam is 100.000 tekens lang; maximaal 300"),
        "crs": ([feature(square(X, Y, 300), naam="a", domein="wonen")], "EPSG:999999",
                "onbekend coördinatenstelsel 'EPSG:999999'"),
    }  # fmt: skip
    for name, (features, crs, message) in cases.items():
        path = write_geojson(tmp_path / f"{name}.geojson", features, crs)
        with db.session() as session, pytest.raises(Exception, match=message):
            bootstrap.claim_service(session).import_file(Actor.operator(), path, voorstel="V", provincie="PV26")
    with db.session() as session:
        assert bootstrap.claim_service(session).list(Actor.operator()) == []


def test_upload_errors_name_the_users_file_never_a_server_path(api, settings):
    vid = api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "V"}).json()["id"]
    broken_gpkg = b"SQLite format 3\x00" + b"\x00" * 52 + b"GPKG" + b"\x00" * 200
    for name, content in (("mijn kaart.gpkg", broken_gpkg), ("mijn kaart.geojson", b'{"type": "Feature"')):
        response = api.utrecht.post(f"/api/v1/voorstellen/{vid}/import", files={"bestand": (name, content)})
        assert response.status_code == 400, response.text
        detail = response.json()["detail"]
        assert detail.startswith("mijn kaart.")
        assert str(settings.data_dir) not in response.text and "upload-" not in response.text
        assert "/tmp" not in response.text and "upload.g" not in response.text


def test_an_import_is_recorded_under_the_users_file_name(api, tmp_path):
    path = write_geojson(tmp_path / "c.geojson", [feature(square(X, Y, 100), naam="A", domein="wonen")])
    vid = api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "V"}).json()["id"]
    response = api.utrecht.post(f"/api/v1/voorstellen/{vid}/import",
                                files={"bestand": ("woningbouw 2027.geojson", path.read_bytes())})  # fmt: skip
    assert response.status_code == 201, response.text
    log = api.vro.get("/api/v1/audit", params={"actie": "voorstel.claims-geimporteerd"}).json()["data"]
    assert "woningbouw 2027.geojson" in log[0]["samenvatting"]


def test_work_folders_left_by_a_killed_process_are_swept(tmp_path):
    folder = tmp_path / "uploads"
    old, fresh, other = folder / "upload-abc", folder / "upload-def", folder / "mine"
    for path in (old, fresh, other):
        path.mkdir(parents=True)
        (path / "upload.geojson").write_text("{}")
    hour_ago = time.time() - uploads.STALE_AFTER - 60
    os.utime(old, (hour_ago, hour_ago))
    assert uploads.sweep_stale(folder) == 1
    assert not old.exists() and fresh.exists() and other.exists()


def test_upload_names_are_made_safe():
    assert uploads.upload_name("../../etc/passwd.geojson") == "passwd.geojson"
    assert uploads.upload_name("C:\\Users\\x\\kaart.gpkg") == "kaart.gpkg"
    assert uploads.upload_name("a\x00b\nc.geojson") == "abc.geojson"
    long = uploads.upload_name("x" * 500 + ".geojson")
    assert len(long) <= uploads.MAX_NAME and long.endswith(".geojson")


def test_logging_out_kills_the_cookie_everywhere(api):
    web = api.anonymous
    csrf = web_login(web, "planner@provincie-utrecht.nl")
    cookie = web.cookies.get("novex_sessie")
    assert web.get("/provincies/PV26", follow_redirects=False).status_code == 200
    assert web.post("/uitloggen", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    web.cookies.set("novex_sessie", cookie)  # a copy of the old cookie
    response = web.get("/provincies/PV26", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/inloggen")


def test_a_forged_or_expired_session_is_no_session(db):
    with db.session() as session:
        accounts = bootstrap.account_service(session)
        user = accounts.add_user(Actor.operator(), "p@x.nl", "P", "provincie", PASSWORD, "PV26")
        started = accounts.start_session(user)
        assert accounts.session_user(started.cookie)[0].id == user.id
        assert accounts.session_user(started.cookie + "x") is None
        assert accounts.session_user(started.cookie, datetime.now(UTC) + timedelta(hours=9)) is None


def test_others_cannot_lock_an_account_from_elsewhere(db):
    with db.session() as session:
        accounts = bootstrap.account_service(session)
        accounts.add_user(Actor.operator(), "p@x.nl", "P", "provincie", PASSWORD, "PV26")
    for _ in range(5):
        with db.session() as session, pytest.raises(Forbidden, match="onjuiste combinatie"):
            bootstrap.account_service(session).authenticate("p@x.nl", "fout-wachtwoord", "203.0.113.9")
    with db.session() as session, pytest.raises(Forbidden, match="geblokkeerd vanaf dit adres"):
        bootstrap.account_service(session).authenticate("p@x.nl", PASSWORD, "203.0.113.9")
    with db.session() as session:  # the owner, from their own address, still gets in
        assert bootstrap.account_service(session).authenticate("p@x.nl", PASSWORD, "198.51.100.7").email == "p@x.nl"

