"""OGC API Features at /ogc/v1 attacked from outside: every query parameter, id, header, method and role.

What holds is kept here as well as what was fixed: each test names the attack. Every refusal is a Dutch
problem+json 4xx naming what is wrong, never a 500 or a stack trace. One database per module and backend
(the tests only read); PostgreSQL matters for integers beyond 32 bits.
"""

from __future__ import annotations

import json
import uuid

import pytest

from novex.settings import Settings
from tests.conftest import POSTGRES, _pg_url, refill
from tests.fixtures.clients import make_clients
from tests.fixtures.geo import UTRECHT, square

X, Y = UTRECHT
RD = "http://www.opengis.net/def/crs/EPSG/0/28992"
ETRS89 = "http://www.opengis.net/def/crs/EPSG/0/4258"
PROBLEM = "application/problem+json"
XSS = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
BIG = "9" * 30

pytestmark = pytest.mark.sqlite_only  # the edge is tested; tests where integers reach the database: every_backend


@pytest.fixture(scope="module")
def ogc(template_db, backend, tmp_path_factory):
    """Clients per role on one database for the module; a Utrecht voorstel named with markup, two claims."""
    folder = tmp_path_factory.mktemp("ogc-attacks")
    if backend == "sqlite":
        url = f"sqlite:///{folder / 'novex.db'}"
    else:
        assert POSTGRES
        url = _pg_url(f"novex_t_{uuid.uuid4().hex[:12]}")
    refill(url, template_db)
    api = make_clients(Settings(data_dir=folder / "data", database_url=url))
    made = api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": f"Plan {XSS}"})
    assert made.status_code == 201, made.text
    api.voorstel, api.ids = made.json()["id"], []
    for i in range(2):
        body = {"type": "Feature", "geometry": square(X + i * 2000, Y, 400).__geo_interface__,
                "properties": {"naam": f"Claim {i} {XSS}", "domein": "wonen"}}  # fmt: skip
        response = api.utrecht.post(f"/api/v1/voorstellen/{api.voorstel}/claims", json=body,
                                    headers={"Content-Crs": "epsg:28992"})  # fmt: skip
        assert response.status_code == 201, response.text
        api.ids.append(response.json()["id"])
    api.settings = Settings(data_dir=folder / "data", database_url=url)
    api.layer = add_layer(api.settings, folder)
    yield api
    api.lezer.app.state.db.engine.dispose()
    if backend != "sqlite":
        from sqlalchemy import text
        from sqlalchemy.engine import make_url

        from tests.conftest import _admin

        admin = _admin()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
        admin.dispose()


def add_layer(settings, folder) -> int:
    """A restriction layer whose name, legal basis, area name and code carry markup; its id."""
    from datetime import date

    from novex import bootstrap
    from novex.access import Actor

    path = folder / "laag.geojson"
    feature = {"type": "Feature", "geometry": square(X, Y, 300).__geo_interface__,
               "properties": {"naam": f"Gebied {XSS}", "code": XSS}}  # fmt: skip
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature],
                                "crs": {"type": "name", "properties": {"name": "EPSG:28992"}}}))  # fmt: skip
    db = bootstrap.database(settings)
    with db.session() as session:
        service = bootstrap.restriction_service(session)
        service.import_layer(Actor.operator(), path, f"Laag {XSS}", "natuur", "hard", f"Wet {XSS}",
                             date(2024, 1, 1), XSS, "naam", "code")  # fmt: skip
        layer = next(x for x in service.layers(Actor.operator()) if x.naam == f"Laag {XSS}")
    db.engine.dispose()
    return layer.id


def refused(response, status: int, *words: str) -> str:
    """A problem+json refusal with `status`, its detail naming `words`, no trace of Python."""
    assert response.status_code == status, response.text[:600]
    assert response.headers["content-type"].startswith(PROBLEM), response.headers["content-type"]
    detail = response.json()["detail"]
    assert all(w in detail for w in words), detail
    assert "Traceback" not in response.text and "Error" not in detail
    return detail


def get(client, path: str, **params):
    return client.get(f"/ogc/v1{path}", params=params)


# -- limit and offset -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [("limit", "-1"), ("limit", "0"), ("limit", "abc"), ("limit", "1.5"), ("limit", "1e3"), ("limit", "+5"),
     ("limit", "²"), ("limit", "٣"), ("limit", "1\u200b"), ("offset", "-1"), ("offset", "²"), ("offset", "0x10"),
     ("limit", "")],
)  # fmt: skip
def test_a_limit_or_offset_that_is_no_whole_number_is_a_400_naming_it(ogc, name, value):
    refused(get(ogc.lezer, "/collections/claims/items", **{name: value}), 400, name)


@pytest.mark.every_backend
@pytest.mark.parametrize("offset", ["2147483648", "9223372036854775808", BIG, "1" * 5000])
def test_an_offset_beyond_64_bits_is_an_empty_page_not_a_database_overflow(ogc, offset):
    for collection in ("claims", f"claims-voorstel-{ogc.voorstel}", "provincies"):
        for limit in ("1", "3", BIG, "1" * 5000):
            body = get(ogc.lezer, f"/collections/{collection}/items", offset=offset, limit=limit).json()
            assert body["numberReturned"] == 0 and body["features"] == [], body
            assert not [link for link in body["links"] if link["rel"] == "next"]


@pytest.mark.every_backend
def test_a_huge_limit_is_clamped_to_the_maximum(ogc):
    body = get(ogc.lezer, "/collections/gemeenten/items", limit=BIG).json()
    assert body["numberReturned"] == body["numberMatched"] > 300  # every municipality, under the maximum of 5000
    assert get(ogc.lezer, "/collections/claims/items", limit=BIG).json()["numberReturned"] == 2


# -- bbox, bbox-crs, crs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bbox",
    ["nan,0,1,1", "0,0,inf,1", "0,0,1e309,1", "-Infinity,0,1,1", "1,2,3", "1,2,3,4,5", "a,b,c,d", "", ",,,",
     "5,52,4,53", "4,53,5,52", "1,2,3,4,5,0", "0x1,0,1,1"],
)  # fmt: skip
def test_a_bbox_that_is_no_box_is_a_400_naming_bbox(ogc, bbox):
    refused(get(ogc.lezer, "/collections/claims/items", bbox=bbox), 400, "bbox")


def test_a_bbox_crossing_the_antimeridian_is_refused_clearly(ogc):
    # OGC lets a CRS84 bbox cross 180° with minx > maxx; novex has nothing there and says what is wrong
    refused(get(ogc.lezer, "/collections/claims/items", bbox="170,50,-170,55"), 400, "ondergrens")


@pytest.mark.every_backend
@pytest.mark.parametrize(
    ("bbox", "crs"),
    [("4,52,4.5,1000", None), ("4,52,1e300,53", None), ("-180,-90,180,90", None), ("0,0,1e300,1e300", RD),
     ("-1e300,-1e300,1e300,1e300", RD), ("52,4,1000,5", ETRS89), ("1e300,1e300,1e301,1e301", ETRS89),
     ("-1e308,-1e308,1e308,1e308", RD)],
)  # fmt: skip
def test_an_absurd_but_finite_bbox_is_a_400_or_an_answer_never_a_500(ogc, bbox, crs):
    params = {"bbox": bbox} | ({"bbox-crs": crs} if crs else {})
    response = get(ogc.lezer, "/collections/claims/items", **params)
    if response.status_code == 400:
        refused(response, 400, "bbox")
    else:
        assert response.status_code == 200, response.text[:600]
        assert response.json()["numberMatched"] in (0, 2)
    assert get(ogc.lezer, "/collections/gemeenten/items", **params).status_code in (200, 400)


@pytest.mark.parametrize(
    ("name", "value"),
    [("crs", "EPSG:28992"), ("crs", "http://www.opengis.net/def/crs/EPSG/0/99999"), ("crs", XSS),
     ("bbox-crs", "file:///etc/passwd"), ("crs", "http://localhost:1/x")],
)  # fmt: skip
def test_an_unoffered_crs_is_a_400_listing_the_offered_ones(ogc, name, value):
    params = {name: value} | ({"bbox": "4,52,5,53"} if name == "bbox-crs" else {})
    detail = refused(get(ogc.lezer, "/collections/claims/items", **params), 400, name, RD)
    assert value != XSS or "<script>" in detail  # JSON, not HTML: the value is echoed as data (the type says so)


def test_a_nul_in_a_parameter_is_refused_before_the_ogc_api(ogc):
    # the app's generic input layer refuses it, as invalid input: 400
    response = get(ogc.lezer, "/collections/claims/items", crs="\x00")
    assert response.status_code == 400 and "NUL" in response.json()["detail"]


def test_bbox_crs_without_bbox_and_unknown_or_repeated_parameters(ogc):
    refused(get(ogc.lezer, "/collections/claims/items", **{"bbox-crs": RD}), 400, "bbox-crs")
    refused(get(ogc.lezer, "/collections/claims/items", datetime="2020-01-01"), 400, "datetime")
    refused(get(ogc.lezer, "/collections/claims/items", **{"naam": XSS}), 400, "naam")
    refused(get(ogc.lezer, "/collections", limit="1"), 400, "limit")
    refused(get(ogc.lezer, "", bbox="1,2,3,4"), 400, "bbox")
    refused(get(ogc.lezer, f"/collections/claims/items/{ogc.ids[0]}", limit="1"), 400, "limit")
    refused(get(ogc.lezer, "/collections/claims/items", f="xml"), 400, "f")
    refused(get(ogc.lezer, "/collections/claims/items", f="HTML"), 400, "f")


# -- ids and paths ----------------------------------------------------------------------------------------------


@pytest.mark.every_backend
@pytest.mark.parametrize(
    "collection",
    ["claims-voorstel-0", "claims-voorstel--1", f"claims-voorstel-{BIG}", "claims-voorstel-2147483648",
     "claims-voorstel-²", "claims-voorstel-٣", "claims-voorstel-1.0", "claims-voorstel- 1", "beperkingen-0",
     f"beperkingen-{BIG}", "beperkingen--1", "beperkingen-x", "Claims", "claims%00", "ｃｌａｉｍｓ", XSS],
)  # fmt: skip
def test_a_collection_that_does_not_exist_is_a_404_naming_it(ogc, collection):
    for path in (f"/collections/{collection}", f"/collections/{collection}/items"):
        refused(ogc.lezer.get("/ogc/v1" + path.replace("%", "%25")), 404, "bestaat niet")


@pytest.mark.every_backend
@pytest.mark.parametrize(
    "feature", ["0", "-1", "2147483648", BIG, "1" * 5000, "²", "٣", "1.0", " 1", "abc", XSS, "PV26x"]
)
def test_a_feature_that_does_not_exist_is_a_404_in_every_collection(ogc, feature):
    for collection in ("claims", f"claims-voorstel-{ogc.voorstel}", "provincies", "gemeenten", "novex-gebieden"):
        refused(ogc.lezer.get(f"/ogc/v1/collections/{collection}/items/{feature}"), 404, "bestaat niet")


def test_a_claim_of_another_voorstel_is_not_in_this_voorstels_collection(ogc):
    other = ogc.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "Ander"}).json()["id"]
    refused(ogc.lezer.get(f"/ogc/v1/collections/claims-voorstel-{other}/items/{ogc.ids[0]}"), 404, "hoort niet bij")


@pytest.mark.parametrize(
    "path",
    ["/collections/", "/collections/claims/", "/collections/claims/items/", "/collections/..%2f..%2fapi",
     "/collections/claims/items/1/x", "//collections", "/%2e%2e/%2e%2e/etc/passwd", "/collections/claims/items/%00"],
)  # fmt: skip
def test_paths_that_are_not_resources_are_404_not_another_resource(ogc, path):
    refused(ogc.lezer.get("/ogc/v1" + path), 404, "bestaat niet")


def test_an_encoded_slash_is_a_slash_and_dots_stay_under_the_same_rights(ogc):
    # the server decodes %2F before routing: the same resource, read with the same rights, nothing outside /ogc/v1
    encoded = ogc.lezer.get(f"/ogc/v1/collections/claims%2Fitems%2F{ogc.ids[0]}")
    assert encoded.status_code == 200 and encoded.json()["id"] == ogc.ids[0]
    assert ogc.anonymous.get(f"/ogc/v1/collections/claims%2Fitems%2F{ogc.ids[0]}").status_code == 401
    up = ogc.anonymous.get("/ogc/v1/../api/v1/voorstellen")  # no path escapes its rights: 401 or 404, no data
    assert up.status_code in (401, 404) and "OGC-proef" not in up.text and "Plan " not in up.text


def test_other_methods_are_a_405_problem_and_change_nothing(ogc):
    before = get(ogc.lezer, "/collections/claims/items").json()["numberMatched"]
    for method in ("POST", "PUT", "PATCH", "DELETE", "OPTIONS"):
        for path in ("/collections/claims/items", f"/collections/claims/items/{ogc.ids[0]}", "", "/nergens"):
            response = ogc.utrecht.request(method, f"/ogc/v1{path}", json={"type": "Feature"})
            refused(response, 405, "alleen-lezen", method)
            assert response.headers["Allow"] == "GET, HEAD"
    assert get(ogc.lezer, "/collections/claims/items").json()["numberMatched"] == before
    assert ogc.utrecht.get(f"/api/v1/claims/{ogc.ids[0]}").status_code == 200  # the claim is still there


def test_head_answers_like_get_without_a_body(ogc):
    for path in ("", "/collections", "/collections/claims/items", f"/collections/claims/items/{ogc.ids[0]}", "/api"):
        head, full = ogc.lezer.head(f"/ogc/v1{path}"), ogc.lezer.get(f"/ogc/v1{path}")
        assert head.status_code == full.status_code == 200, path
        assert head.content == b"" and head.headers["content-type"] == full.headers["content-type"]
    assert ogc.anonymous.head("/ogc/v1/collections").status_code == 401
    assert ogc.lezer.head("/ogc/v1/nergens").status_code == 404


# -- representation ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "accept",
    ["text/html", "application/json", "*/*", "", "text/html;q=0.1, application/json", "x" * 8000, "text/html" * 500,
     "application/xml"],
)  # fmt: skip
def test_any_accept_header_gets_json_or_html(ogc, accept):
    response = ogc.lezer.get("/ogc/v1/collections/claims/items", headers={"Accept": accept})
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].split(";")[0] in ("application/geo+json", "text/html")


def test_stored_names_are_escaped_in_every_html_page(ogc):
    pages = [f"/collections/claims-voorstel-{ogc.voorstel}", f"/collections/claims-voorstel-{ogc.voorstel}/items",
             "/collections/claims/items", f"/collections/claims/items/{ogc.ids[0]}", "/collections",
             f"/collections/beperkingen-{ogc.layer}", f"/collections/beperkingen-{ogc.layer}/items"]  # fmt: skip
    for path in pages:
        response = ogc.lezer.get(f"/ogc/v1{path}", params={"f": "html"})
        assert response.status_code == 200, (path, response.text[:300])
        assert "<script>alert" not in response.text and "onerror=alert(2)>" not in response.text, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text, path
        assert "script-src" not in response.text  # the CSP is a header, not something a page loosens
    layer = get(ogc.lezer, f"/collections/beperkingen-{ogc.layer}/items").json()
    assert XSS in layer["features"][0]["properties"]["naam"]  # the markup is stored: the pages above escaped it
    odd = ogc.lezer.get(f"/ogc/v1/collections/claims/items/{ogc.ids[0]}", params={"f": "html", "crs": RD})
    assert odd.status_code == 200 and "<script>" not in odd.text


def test_a_query_value_with_markup_is_escaped_in_the_html_links(ogc):
    response = ogc.lezer.get("/ogc/v1/collections/claims/items",
                             params={"f": "html", "bbox": "4,52,5,53", "bbox-crs": f" <{RD}>", "limit": "1"})  # fmt: skip
    assert response.status_code == 200, response.text[:300]
    assert f"<{RD}>" not in response.text  # the angle brackets of the bbox-crs value are escaped in links


# -- rights -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["", "/conformance", "/collections", "/collections/claims/items"])
def test_anonymous_and_bad_tokens_read_nothing(ogc, path):
    anonymous = ogc.anonymous.get(f"/ogc/v1{path}", headers={"Accept": "application/json"})
    assert anonymous.status_code == 401, anonymous.text[:300]
    for token in ("garbage", "Bearer", "", "x" * 5000, "eyJhbGciOiJub25lIn0.e30.", "\u00e9"):
        response = ogc.anonymous.get(f"/ogc/v1{path}", headers={"Authorization": f"Bearer {token}".encode()})
        assert response.status_code == 401, (token[:20], response.status_code, response.text[:300])
    assert ogc.anonymous.get("/ogc/v1/api").status_code == 200  # the API definition is public


@pytest.mark.parametrize("role", ["lezer", "utrecht", "zuid_holland", "vro", "departement", "beheerder"])
def test_every_role_reads_the_same_collections_as_through_the_api(ogc, role):
    client = getattr(ogc, role)
    ids = {c["id"] for c in get(client, "/collections").json()["collections"]}
    assert f"claims-voorstel-{ogc.voorstel}" in ids
    body = get(client, f"/collections/claims-voorstel-{ogc.voorstel}/items").json()
    assert sorted(f["id"] for f in body["features"]) == sorted(ogc.ids)


def test_a_browser_session_reads_with_its_cookie_and_no_csrf(ogc):
    from tests.fixtures.clients import ACCOUNTS, PASSWORD

    browser = type(ogc.anonymous)(ogc.anonymous.app)
    login = browser.post("/inloggen", data={"email": ACCOUNTS["lezer"][0], "wachtwoord": PASSWORD},
                         follow_redirects=False)  # fmt: skip
    assert login.status_code == 303
    page = browser.get("/ogc/v1/collections", headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    refused(browser.post("/ogc/v1/collections/claims/items", json={}), 405, "alleen-lezen")


def test_a_blocked_accounts_token_and_session_read_nothing(ogc):
    from novex import bootstrap
    from novex.access import Actor

    db = bootstrap.database(ogc.settings)
    with db.session() as session:
        accounts = bootstrap.account_service(session)
        user = accounts.add_user(
            Actor.operator(), "geblokkeerd@example.nl", "lezer", "lezer", "een-lang-wachtwoord-2026"
        )
        token = accounts.issue_token(user)
    bearer = {"Authorization": f"Bearer {token}"}
    assert ogc.anonymous.get("/ogc/v1/collections", headers=bearer).status_code == 200
    with db.session() as session:
        bootstrap.account_service(session).set_active(Actor.operator(), user.id, False, "proef")
    db.engine.dispose()
    refused(ogc.anonymous.get("/ogc/v1/collections", headers=bearer), 401)
    refused(ogc.anonymous.get("/ogc/v1/collections/claims/items", headers=bearer), 401)
