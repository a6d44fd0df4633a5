"""OGC API Features at /ogc/v1: conformance, collections, items with paging, bbox and crs, errors, rights, HTML."""

from __future__ import annotations

import json
import shutil

import pytest
from pyproj import Transformer
from shapely.geometry import LinearRing, box, shape

from novex.settings import Settings
from tests.fixtures.clients import make_clients
from tests.fixtures.geo import UTRECHT, square

pytestmark = pytest.mark.sqlite_only

X, Y = UTRECHT
RD = "http://www.opengis.net/def/crs/EPSG/0/28992"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
ETRS89 = "http://www.opengis.net/def/crs/EPSG/0/4258"
PROBLEM = "application/problem+json"
SIDE = 500.0
SQUARES = [square(X + i * 2000, Y, SIDE) for i in range(5)]  # 2 km apart, none touching
NATURE = square(X + SIDE / 2, Y, SIDE)  # over the eastern half of claim 0: an overlap of 250 m × 500 m = 12.5 ha
TO_WGS84 = Transformer.from_crs(28992, 4326, always_xy=True)


@pytest.fixture(scope="module")
def ogc(template_db, backend, tmp_path_factory):
    """Clients per role on one database for the module (the tests only read).

    Utrecht's voorstel "OGC-proef" holds five wonen claims (RD New squares, ids in SQUARES order); a second
    voorstel holds one natuur claim over half of claim 0, a conflict.
    """
    assert backend == "sqlite"  # the module is sqlite_only: the edge is tested, the services on every backend
    folder = tmp_path_factory.mktemp("ogc")
    shutil.copy(template_db.removeprefix("sqlite:///"), folder / "novex.db")
    api = make_clients(Settings(data_dir=folder / "data", database_url=f"sqlite:///{folder / 'novex.db'}"))
    api.voorstel, api.ids = add_voorstel(api, "OGC-proef", [(g, f"Claim {i}", "wonen") for i, g in enumerate(SQUARES)])
    api.natuur_voorstel, (api.natuur,) = add_voorstel(api, "Natuur", [(NATURE, "Natuur", "natuur")])
    return api


def add_voorstel(api, naam, claims):
    made = api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": naam})
    assert made.status_code == 201, made.text
    vid, ids = made.json()["id"], []
    for geom, label, domein in claims:
        body = {"type": "Feature", "geometry": geom.__geo_interface__, "properties": {"naam": label, "domein": domein}}
        response = api.utrecht.post(f"/api/v1/voorstellen/{vid}/claims", json=body, headers={"Content-Crs": "epsg:28992"})
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    return vid, ids


def is_problem(response, status, *words):
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    detail = response.json()["detail"]
    assert all(w in detail for w in words), detail
    return detail


def items(client, collection, **params):
    response = client.get(f"/ogc/v1/collections/{collection}/items", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/geo+json")
    return response


def test_landing_page_and_conformance(ogc):
    landing = ogc.lezer.get("/ogc/v1")
    assert landing.status_code == 200
    rels = {link["rel"]: link for link in landing.json()["links"]}
    assert {"self", "alternate", "service-desc", "conformance", "data"} <= set(rels)
    assert rels["service-desc"]["href"].endswith("/ogc/v1/api")
    classes = set(ogc.lezer.get("/ogc/v1/conformance").json()["conformsTo"])
    assert {
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    } <= classes


def test_api_definition_is_valid_openapi_and_absent_from_the_rest_document(ogc):
    from openapi_spec_validator import validate

    spec = ogc.anonymous.get("/ogc/v1/api").json()
    validate(spec)
    limit = spec["components"]["parameters"]["limit"]["schema"]
    assert limit["maximum"] == 5000 and limit["default"] == 100
    rest = ogc.anonymous.get("/api/v1/openapi.json").json()
    assert not [path for path in rest["paths"] if "ogc" in path]


def test_collections_list_every_kind_with_the_offered_crs(ogc):
    body = ogc.lezer.get("/ogc/v1/collections").json()
    ids = [c["id"] for c in body["collections"]]
    assert {"claims", f"claims-voorstel-{ogc.voorstel}", "provincies", "gemeenten", "novex-gebieden", "conflicten"} <= set(ids)
    assert any(i.startswith("beperkingen-") for i in ids)  # the template database holds restriction layers
    for c in body["collections"]:
        assert set(c["crs"]) == {RD, CRS84, ETRS89} and c["storageCrs"] == RD
        minx, miny, maxx, maxy = c["extent"]["spatial"]["bbox"][0]
        assert 3 < minx < maxx < 7.5 and 50.5 < miny < maxy < 54  # the Netherlands in lon/lat
    one = ogc.lezer.get(f"/ogc/v1/collections/claims-voorstel-{ogc.voorstel}").json()
    assert one["id"] == f"claims-voorstel-{ogc.voorstel}" and "OGC-proef" in one["title"]
    assert any(link["rel"] == "items" and link["type"] == "application/geo+json" for link in one["links"])


def test_items_page_with_limit_and_next_links(ogc):
    collection = f"claims-voorstel-{ogc.voorstel}"
    first = items(ogc.lezer, collection, limit=2).json()
    assert first["numberMatched"] == 5 and first["numberReturned"] == 2 and first["timeStamp"].endswith("Z")
    assert not [link for link in first["links"] if link["rel"] == "prev"]
    seen, page, pages = [], first, 0
    while True:
        pages += 1
        seen += [f["id"] for f in page["features"]]
        nxt = [link["href"] for link in page["links"] if link["rel"] == "next" and link["type"] == "application/geo+json"]
        if not nxt:
            break
        page = ogc.lezer.get(nxt[0]).json()
        assert [link for link in page["links"] if link["rel"] == "prev"]
    assert seen == ogc.ids and pages == 3  # 2 + 2 + 1, in id order, none twice
    assert items(ogc.lezer, collection).json()["numberReturned"] == 5  # default limit 100
    assert items(ogc.lezer, collection, limit=999_999).json()["numberReturned"] == 5  # above the maximum: clamped


def test_bbox_in_wgs84_and_in_rd(ogc):
    collection = f"claims-voorstel-{ogc.voorstel}"
    # A 100 m box in the middle of claim 0, given in lon/lat.
    x0, y0 = X + 200, Y + 200
    (lon1, lon2), (lat1, lat2) = TO_WGS84.transform([x0, x0 + 100], [y0, y0 + 100])
    wgs = items(ogc.lezer, collection, bbox=f"{lon1},{lat1},{lon2},{lat2}").json()
    assert [f["id"] for f in wgs["features"]] == [ogc.ids[0]] and wgs["numberMatched"] == 1
    # In RD: a box from inside claim 1 to inside claim 2 touches exactly those two.
    rd_box = f"{X + 2000 + 400},{Y + 100},{X + 4000 + 100},{Y + 200}"
    rd = items(ogc.lezer, collection, bbox=rd_box, **{"bbox-crs": RD}).json()
    assert [f["id"] for f in rd["features"]] == ogc.ids[1:3]
    # The next link keeps the bbox and its CRS: the second page holds claim 2 alone.
    first = items(ogc.lezer, collection, bbox=rd_box, limit=1, **{"bbox-crs": f" <{RD}>"}).json()
    nxt = [link["href"] for link in first["links"] if link["rel"] == "next" and link["type"] == "application/geo+json"]
    assert [f["id"] for f in first["features"]] == ogc.ids[1:2] and len(nxt) == 1 and " " not in nxt[0]
    second = ogc.lezer.get(nxt[0]).json()
    assert [f["id"] for f in second["features"]] == ogc.ids[2:3] and second["numberMatched"] == 2
    # The gap between claims 0 and 1 holds none (envelope and exact test agree here).
    gap = f"{X + SIDE + 100},{Y},{X + 1900},{Y + SIDE}"
    assert items(ogc.lezer, collection, bbox=gap, **{"bbox-crs": RD}).json()["numberMatched"] == 0


def test_crs_rd_gives_rd_coordinates_and_content_crs(ogc):
    collection = f"claims-voorstel-{ogc.voorstel}"
    rd = items(ogc.lezer, collection, crs=RD)
    assert rd.headers["Content-Crs"] == f"<{RD}>"
    for feature, expected in zip(rd.json()["features"], SQUARES, strict=True):
        assert shape(feature["geometry"]).bounds == pytest.approx(expected.bounds, abs=0.01)
    default = items(ogc.lezer, collection, limit=1)
    assert default.headers["Content-Crs"] == f"<{CRS84}>"
    ring = default.json()["features"][0]["geometry"]["coordinates"][0]
    lons, lats = TO_WGS84.transform([X, X + SIDE, X + SIDE, X], [Y, Y, Y + SIDE, Y + SIDE])
    assert sorted(p[0] for p in ring[:4]) == pytest.approx(sorted(lons), abs=1e-6)
    assert sorted(p[1] for p in ring[:4]) == pytest.approx(sorted(lats), abs=1e-6)
    assert LinearRing(ring).is_ccw  # RFC 7946 right-hand rule: exterior counterclockwise
    etrs = items(ogc.lezer, collection, limit=1, crs=ETRS89)
    assert etrs.headers["Content-Crs"] == f"<{ETRS89}>"
    first = etrs.json()["features"][0]["geometry"]["coordinates"][0][0]
    assert 50 < first[0] < 54 and 3 < first[1] < 7.5  # EPSG:4258 axis order: latitude first
    one = ogc.lezer.get(f"/ogc/v1/collections/claims/items/{ogc.ids[3]}", params={"crs": RD})
    assert one.status_code == 200 and one.headers["Content-Crs"] == f"<{RD}>"
    assert shape(one.json()["geometry"]).bounds == pytest.approx(SQUARES[3].bounds, abs=0.01)


def test_reference_collections_read_through_the_services(ogc):
    provinces = items(ogc.lezer, "provincies", crs=RD).json()
    assert provinces["numberMatched"] == 12
    utrecht = [f for f in provinces["features"] if f["id"] == "PV26"][0]
    assert shape(utrecht["geometry"]).contains(box(X, Y, X + 1, Y + 1))
    areas = items(ogc.lezer, "novex-gebieden").json()
    assert areas["numberMatched"] == 16 and all(f["geometry"] for f in areas["features"])
    # The municipality under claim 1 (the claims service split it over municipalities when it was made).
    under = ogc.lezer.get(f"/ogc/v1/collections/claims/items/{ogc.ids[1]}").json()["properties"]["gemeenten"]
    code = json.loads(under).popitem()[0]
    tiny = f"{X + 2000 + 200},{Y + 200},{X + 2000 + 201},{Y + 201}"
    municipalities = items(ogc.lezer, "gemeenten", bbox=tiny, **{"bbox-crs": RD}).json()
    assert [f["id"] for f in municipalities["features"]] == [code]
    layers = [c["id"] for c in ogc.lezer.get("/ogc/v1/collections").json()["collections"] if c["id"].startswith("beperkingen-")]
    layer = items(ogc.lezer, layers[0], limit=3).json()
    assert layer["numberMatched"] > 0 and all(shape(f["geometry"]).is_valid for f in layer["features"])
    fid = layer["features"][0]["id"]
    assert ogc.lezer.get(f"/ogc/v1/collections/{layers[0]}/items/{fid}").json()["id"] == fid


def test_errors_are_problems_naming_the_parameter(ogc):
    is_problem(ogc.lezer.get("/ogc/v1/collections/bestaat-niet"), 404, "bestaat-niet")
    is_problem(ogc.lezer.get("/ogc/v1/collections/bestaat-niet/items"), 404)
    is_problem(ogc.lezer.get("/ogc/v1/collections/claims/items/999999"), 404)
    is_problem(ogc.lezer.get("/ogc/v1/collections/claims/items/abc"), 404)
    is_problem(ogc.lezer.get("/ogc/v1/bestaat-niet"), 404, "/ogc/v1/bestaat-niet")
    is_problem(ogc.lezer.get("/ogc/v1/collections/", follow_redirects=False), 404)  # no trailing slashes
    base = "/ogc/v1/collections/claims/items"
    is_problem(ogc.lezer.get(base, params={"bbox": "1,2,3"}), 400, "bbox")
    is_problem(ogc.lezer.get(base, params={"bbox": "a,b,c,d"}), 400, "bbox")
    is_problem(ogc.lezer.get(base, params={"bbox": "5,53,4,52"}), 400, "bbox")
    is_problem(ogc.lezer.get(base, params={"bbox": "140000,455000,141000,456000"}), 400, "bbox")  # RD without bbox-crs
    is_problem(ogc.lezer.get(base, params={"crs": "EPSG:3857"}), 400, "crs")
    is_problem(ogc.lezer.get(base, params={"bbox": "4,52,5,53", "bbox-crs": "x"}), 400, "bbox-crs")
    is_problem(ogc.lezer.get(base, params={"limit": "0"}), 400, "limit")
    is_problem(ogc.lezer.get(base, params={"limit": "tien"}), 400, "limit")
    is_problem(ogc.lezer.get(base, params={"onbekend": "1"}), 400, "onbekend")
    is_problem(ogc.lezer.get(base, params={"f": "xml"}), 400, "f")


def test_the_same_rights_as_the_api(ogc):
    is_problem(ogc.anonymous.get("/ogc/v1/collections"), 401)
    bad = ogc.anonymous.get("/ogc/v1/collections/claims/items", headers={"Authorization": "Bearer nvx_nep"})
    is_problem(bad, 401) and bad.headers["WWW-Authenticate"].startswith("Bearer")
    # A province's planner reads what the REST API lets it read: every province's claims (seed rules), no less, no more.
    rest = ogc.zuid_holland.get("/api/v1/claims", params={"pageSize": 100}).json()
    mine = items(ogc.zuid_holland, "claims").json()
    assert mine["numberMatched"] == rest["numberMatched"] == 6
    assert [f["id"] for f in mine["features"]] == [f["id"] for f in rest["features"]] == [*ogc.ids, ogc.natuur]


def test_html_pages_are_dutch_and_without_inline_code(ogc):
    for path in ("/ogc/v1", "/ogc/v1/conformance", "/ogc/v1/collections", "/ogc/v1/collections/provincies",
                 f"/ogc/v1/collections/claims-voorstel-{ogc.voorstel}/items", f"/ogc/v1/collections/claims/items/{ogc.ids[0]}"):
        page = ogc.lezer.get(path, params={"f": "html"})
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html"), path
        text = page.text
        assert '<html lang="nl">' in text and "<script" not in text and "style=" not in text and "<style" not in text
    listing = ogc.lezer.get(f"/ogc/v1/collections/claims-voorstel-{ogc.voorstel}/items", params={"limit": 2},
                            headers={"Accept": "text/html"})
    assert listing.headers["content-type"].startswith("text/html")
    assert "Claim 0" in listing.text and "Volgende pagina" in listing.text and "Claim 2" not in listing.text


def test_conflicts_are_the_overlaps_the_analysis_finds(ogc):
    nid = ogc.natuur
    rest = ogc.lezer.get("/api/v1/conflicten").json()["data"]
    ours = [c for c in rest if set(c["claims"]) == {ogc.ids[0], nid}]
    found = items(ogc.lezer, "conflicten", crs=RD, limit=5000).json()
    assert found["numberMatched"] == len(rest)  # every conflict of the analysis has its overlap as a feature
    mine = [f for f in found["features"] if {f["properties"]["deel_a"], f["properties"]["deel_b"]} == {str(ogc.ids[0]), str(nid)}]
    assert len(mine) == len(ours) == 1
    assert shape(mine[0]["geometry"]).area == pytest.approx(SIDE / 2 * SIDE, rel=1e-6)
    assert mine[0]["properties"]["area_ha"] == pytest.approx(12.5, rel=1e-3)
