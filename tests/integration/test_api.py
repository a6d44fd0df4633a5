"""The REST API: every route, the refusals (401/403/404/409/400 as problem+json), CRS negotiation."""

from __future__ import annotations

import json

import pytest
from shapely.geometry import box, mapping, shape

from novex.geo.crs import reproject
from tests.fixtures.clients import make_clients
from tests.fixtures.geo import UTRECHT, feature, square, write_geojson

X, Y = UTRECHT
PROBLEM = "application/problem+json"


@pytest.fixture
def api(settings):
    return make_clients(settings)


def wgs84_feature(geom, **props):
    return {
        "type": "Feature",
        "geometry": mapping(reproject(geom, "EPSG:28992", "EPSG:4326")),
        "properties": props,
    }


def is_problem(response, status):
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= set(body) and body["status"] == status
    return body


def new_voorstel(client, provincie="PV26", naam="Voorstel"):
    response = client.post("/api/v1/voorstellen", json={"provincie": provincie, "naam": naam})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_openapi_document_and_headers(api):
    response = api.anonymous.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.headers["API-Version"] == "1.0.0"
    spec = response.json()
    assert spec["openapi"].startswith("3.") and spec["info"]["contact"]["email"]
    assert all(not path.endswith("/") for path in spec["paths"])  # no trailing slashes
    from openapi_spec_validator import validate

    validate(spec)


def test_401_without_or_with_a_bad_token(api):
    body = is_problem(api.anonymous.get("/api/v1/claims"), 401)
    assert "bearer" in body["detail"].lower()
    bad = api.anonymous.get("/api/v1/claims", headers={"Authorization": "Bearer nvx_nep"})
    assert is_problem(bad, 401) and bad.headers["WWW-Authenticate"].startswith("Bearer")


def test_token_endpoint(api):
    ok = api.anonymous.post(
        "/api/v1/tokens", json={"email": "lezer@example.nl", "wachtwoord": "een-lang-wachtwoord-2026"}
    )
    assert ok.status_code == 201 and ok.json()["token"].startswith("nvx_")
    is_problem(api.anonymous.post("/api/v1/tokens", json={"email": "lezer@example.nl", "wachtwoord": "fout"}), 403)
    is_problem(api.anonymous.post("/api/v1/tokens", json={"email": "x"}), 400)


def test_catalogue_routes(api):
    assert len(api.lezer.get("/api/v1/catalogus").json()["novi"]["nationale_belangen"]) == 21
    assert {t["id"] for t in api.lezer.get("/api/v1/catalogus/themas").json()} >= {"woningbouw", "res"}
    assert api.lezer.get("/api/v1/catalogus/themas/woningbouw").json()["naam"]
    is_problem(api.lezer.get("/api/v1/catalogus/themas/kernenergie"), 404)
    assert api.lezer.get("/api/v1/catalogus/zoeken", params={"q": "bossenstrategie"}).json()
    is_problem(api.lezer.get("/api/v1/catalogus/zoeken", params={"q": "x"}), 400)
    assert api.lezer.get("/api/v1/catalogus/novex-gebieden/novex-groene-hart").json()["provincies"]
    is_problem(api.lezer.get("/api/v1/catalogus/novex-gebieden/nergens"), 404)


def test_provinces_with_crs_negotiation(api):
    wgs = api.lezer.get("/api/v1/provincies")
    assert wgs.headers["content-type"].startswith("application/geo+json") and wgs.headers["Content-Crs"] == "epsg:4326"
    assert len(wgs.json()["features"]) == 12 and "crs" not in wgs.json()
    rd = api.lezer.get("/api/v1/provincies/PV26", headers={"Accept-Crs": "epsg:28992"})
    assert rd.headers["Content-Crs"] == "epsg:28992" and rd.json()["properties"]["naam"] == "Utrecht"
    assert shape(rd.json()["geometry"]).area / 10_000 == pytest.approx(rd.json()["properties"]["land_ha"], rel=1e-4)
    is_problem(api.lezer.get("/api/v1/provincies", headers={"Accept-Crs": "epsg:3857"}), 406)
    is_problem(api.lezer.get("/api/v1/provincies/PV99"), 404)


def test_claim_lifecycle_by_the_owning_province(api):
    vid = new_voorstel(api.utrecht)
    created = api.utrecht.post(
        f"/api/v1/voorstellen/{vid}/claims",
        json=wgs84_feature(square(X, Y, 1000), naam="Wijk", domein="wonen"),
    )
    assert created.status_code == 201 and created.headers["ETag"] == '"1"'
    claim = created.json()
    assert claim["properties"]["area_ha"] == pytest.approx(100.0, rel=1e-3) and claim["properties"][
        "provincies"
    ].keys() == {"PV26"}
    cid = claim["id"]
    rd = api.lezer.get(f"/api/v1/claims/{cid}", headers={"Accept-Crs": "epsg:28992"}).json()
    assert shape(rd["geometry"]).area == pytest.approx(1_000_000, rel=1e-3)
    update = wgs84_feature(square(X, Y, 500), naam="Wijk (kleiner)", domein="wonen")
    changed = api.utrecht.put(f"/api/v1/claims/{cid}", json=update, headers={"If-Match": '"1"'})
    assert changed.status_code == 200 and changed.json()["properties"]["version"] == 2
    stale = is_problem(api.utrecht.put(f"/api/v1/claims/{cid}", json=update | {"version": 1}), 409)
    assert stale["currentVersion"] == 2
    is_problem(api.utrecht.put(f"/api/v1/claims/{cid}", json=update), 400)  # no version given
    listed = api.lezer.get("/api/v1/claims", params={"provincie": "PV26", "domein": "wonen"}).json()
    assert listed["numberMatched"] == 1 and listed["features"][0]["properties"]["naam"] == "Wijk (kleiner)"
    assert api.utrecht.delete(f"/api/v1/claims/{cid}").status_code == 204
    is_problem(api.lezer.get(f"/api/v1/claims/{cid}"), 404)


def test_utrecht_cannot_change_a_zuid_holland_claim(api):
    vid = new_voorstel(api.zuid_holland, "PV28", "ZH")
    zh = wgs84_feature(square(92_000, 437_000, 500), naam="Den Haag", domein="wonen")
    cid = api.zuid_holland.post(f"/api/v1/voorstellen/{vid}/claims", json=zh).json()["id"]
    body = is_problem(api.utrecht.put(f"/api/v1/claims/{cid}", json=zh | {"version": 1}), 403)
    assert "mag geen gegevens van PV28 wijzigen" in body["detail"]
    is_problem(api.utrecht.delete(f"/api/v1/claims/{cid}"), 403)
    is_problem(api.utrecht.post(f"/api/v1/voorstellen/{vid}/claims", json=zh), 403)
    is_problem(api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV28", "naam": "X"}), 403)
    # Reading is allowed: a province reads others' data.
    assert api.utrecht.get(f"/api/v1/claims/{cid}").status_code == 200


@pytest.mark.parametrize("role", ["lezer", "departement", "beheerder"])
def test_read_only_roles_cannot_write(api, role):
    client = getattr(api, role)
    is_problem(client.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "X"}), 403)


def test_invalid_claims_are_422_and_change_nothing(api):
    vid = new_voorstel(api.utrecht)
    before = api.lezer.get("/api/v1/claims").json()["numberMatched"]
    cases = [
        {
            "type": "Feature",
            "geometry": {"type": "Polygon", "coordinates": "nope"},
            "properties": {"naam": "A", "domein": "wonen"},
        },
        wgs84_feature(square(X, Y, 100), naam="A", domein="kernenergie"),
        wgs84_feature(square(X, Y, 100), naam="A"),
        wgs84_feature(box(0, 0, 1, 1), naam="A", domein="wonen")
        | {"geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}},
        wgs84_feature(square(60_000, 480_000, 500), naam="Zee", domein="wonen"),
    ]
    for body in cases:
        problem = is_problem(api.utrecht.post(f"/api/v1/voorstellen/{vid}/claims", json=body), 400)
        assert problem["detail"]
    assert api.lezer.get("/api/v1/claims").json()["numberMatched"] == before


def test_import_upload_and_export(api, tmp_path):
    vid = new_voorstel(api.utrecht)
    path = write_geojson(tmp_path / "c.geojson", [
        feature(square(X, Y, 1000), naam="A", domein="wonen"), feature(square(X + 500, Y, 1000), naam="B", domein="natuur"),
    ])  # fmt: skip
    with path.open("rb") as f:
        imported = api.utrecht.post(
            f"/api/v1/voorstellen/{vid}/import", files={"bestand": ("c.geojson", f, "application/geo+json")}
        )
    assert imported.status_code == 201 and len(imported.json()["claims"]) == 2
    bad = write_geojson(tmp_path / "bad.geojson", [feature(square(X, Y, 10), naam="A", domein="kernenergie")])
    with bad.open("rb") as f:
        problem = is_problem(
            api.utrecht.post(f"/api/v1/voorstellen/{vid}/import", files={"bestand": ("bad.geojson", f)}), 400
        )
    assert "onbekend domein 'kernenergie'" in problem["invalidParams"][0]["reason"]
    is_problem(api.utrecht.post(f"/api/v1/voorstellen/{vid}/import", files={"bestand": ("x.exe", b"MZ")}), 400)
    exported = api.lezer.get(f"/api/v1/voorstellen/{vid}/export", params={"formaat": "geojson"})
    assert exported.status_code == 200 and len(json.loads(exported.content)["features"]) == 2
    gpkg = api.lezer.get(f"/api/v1/voorstellen/{vid}/export")
    assert gpkg.content[:16] == b"SQLite format 3\x00"
    is_problem(api.lezer.get(f"/api/v1/voorstellen/{vid}/export", params={"formaat": "shp"}), 406)
    is_problem(api.lezer.get("/api/v1/voorstellen/999"), 404)


def test_pagination_and_filters(api):
    vid = new_voorstel(api.utrecht)
    for k in range(5):
        api.utrecht.post(
            f"/api/v1/voorstellen/{vid}/claims",
            json=wgs84_feature(square(X + k * 2000, Y, 100), naam=f"C{k}", domein="wonen"),
        )
    first = api.lezer.get("/api/v1/claims", params={"pageSize": 2}).json()
    assert first["numberMatched"] == 5 and first["numberReturned"] == 2
    assert {link["rel"] for link in first["links"]} == {"self", "next"}
    last = api.lezer.get("/api/v1/claims", params={"pageSize": 2, "page": 3}).json()
    assert last["numberReturned"] == 1 and {link["rel"] for link in last["links"]} == {"self", "prev"}
    boxed = api.lezer.get("/api/v1/claims", params={"bbox": f"{X},{Y},{X + 2100},{Y + 100}"}).json()
    assert boxed["numberMatched"] == 2
    is_problem(api.lezer.get("/api/v1/claims", params={"bbox": "1,2,3"}), 400)
    is_problem(api.lezer.get("/api/v1/claims", params={"provincie": "PV99"}), 404)
    assert api.lezer.get("/api/v1/claims", params={"gemeente": "GM0344"}).json()["numberMatched"] >= 1
    assert [v["naam"] for v in api.lezer.get("/api/v1/voorstellen", params={"provincie": "PV26"}).json()] == [
        "Voorstel"
    ]


def test_analysis_and_conflicts(api):
    vid = new_voorstel(api.utrecht)
    api.utrecht.post(
        f"/api/v1/voorstellen/{vid}/claims",
        json=wgs84_feature(square(X, Y, 1000), naam="Wonen", domein="wonen"),
    )
    api.utrecht.post(
        f"/api/v1/voorstellen/{vid}/claims",
        json=wgs84_feature(square(X + 600, Y, 1000), naam="Natuur", domein="natuur"),
    )
    result = api.departement.get("/api/v1/analyse", params={"provincie": "PV26"}).json()
    assert {"provinces", "pairs", "conflicts", "goals", "restrictions"} <= set(result)
    conflicts = api.lezer.get("/api/v1/conflicten", params={"provincie": "PV26"}).json()
    assert conflicts["count"] == 1 and conflicts["data"][0]["area_ha"] == pytest.approx(40.0, rel=1e-3)
    is_problem(api.lezer.get("/api/v1/analyse", params={"minConflictHa": -1}), 400)


def test_login_attempts_are_rate_limited(api):
    wrong = {"email": "lezer@example.nl", "wachtwoord": "fout"}
    statuses = [api.anonymous.post("/api/v1/tokens", json=wrong).status_code for _ in range(21)]
    assert statuses[:20] == [403] * 20
    body = is_problem(api.anonymous.post("/api/v1/tokens", json=wrong), 429)
    assert "te veel inlogpogingen" in body["detail"]


def test_security_headers(api):
    response = api.lezer.get("/api/v1/catalogus/themas")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff" and response.headers["X-Frame-Options"] == "DENY"


def test_uploads_stay_inside_the_data_directory(api, settings, tmp_path):
    vid = new_voorstel(api.utrecht)
    path = write_geojson(tmp_path / "c.geojson", [feature(square(X, Y, 100), naam="A", domein="wonen")])
    with path.open("rb") as f:
        # a hostile file name is never used on disk
        response = api.utrecht.post(
            f"/api/v1/voorstellen/{vid}/import", files={"bestand": ("../../../etc/x.geojson", f)}
        )
    assert response.status_code == 201
    assert (settings.data_dir / "uploads").is_dir() and not any((settings.data_dir / "uploads").iterdir())


def test_nul_characters_are_refused_on_every_backend(api):
    """PostgreSQL cannot store U+0000 in text (schemathesis found a 500 on ?domein=%00); SQLite could: both refuse.

    (Files cannot carry one: GDAL reads attribute text as C strings, ending at a NUL.)
    """
    body = is_problem(api.lezer.get("/api/v1/claims", params={"domein": "wo\x00nen"}), 400)
    assert "queryparameter 'domein'" in body["detail"] and "NUL" in body["detail"]
    is_problem(api.vro.get("/api/v1/audit", params={"door": "\x00"}), 400)
    vid = new_voorstel(api.utrecht)
    claim = wgs84_feature(box(X, Y, X + 200, Y + 200), naam="Wijk\x00", domein="wonen")
    body = is_problem(api.utrecht.post(f"/api/v1/voorstellen/{vid}/claims", json=claim), 400)
    assert "NUL-teken" in body["detail"] and "naam" in body["detail"]
    body = is_problem(api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "V\x00"}), 400)
    assert "NUL-teken" in body["detail"]
    assert api.lezer.get("/api/v1/claims", params={"voorstel": vid}).json()["numberMatched"] == 0  # nothing stored
