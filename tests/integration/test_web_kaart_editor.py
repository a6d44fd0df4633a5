"""Drawing and reshaping a claim on the web: the map editor's pages and their posts.

On a database with two Utrecht claims (tests/fixtures/web.py). A new claim is drawn in a voorstel
(`/voorstellen/{id}/claims/nieuw`) and an existing one reshaped on its edit page; the geometry comes
from the map's hidden GeoJSON, typed coordinates (RD New pairs, degrees, WKT, GeoJSON) or a file, and
is checked as an import checks it: a bow-tie is refused with the import's Dutch message and nothing is
stored. Only who may edit the voorstel's province is offered the page, and the service refuses the rest.
Expected areas and positions are worked out here from the coordinates typed, not read back from novex.
"""

from __future__ import annotations

import json
import re

import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import box, mapping

from novex.web import vendor
from tests.fixtures.geo import UTRECHT
from tests.fixtures.web import alert, csrf_of, field, web_world

X, Y = UTRECHT
BOW_TIE = f"{X + 2000} {Y + 2000}\n{X + 2400} {Y + 2400}\n{X + 2400} {Y + 2000}\n{X + 2000} {Y + 2400}"
TO_WGS84 = Transformer.from_crs(28992, 4326, always_xy=True)


@pytest.fixture
def fake_vendor(tmp_path):
    """A vendor folder holding stand-ins for the pinned files (no network in these tests)."""
    folder = tmp_path / "vendor"
    for package in vendor.PACKAGES:
        (folder / package.folder).mkdir(parents=True)
        for _, name in package.files:
            (folder / package.folder / name).write_text(f"/* {package.name} {name} */", "utf-8")
    return folder


@pytest.fixture
def web(settings, fake_vendor):
    world = web_world(settings.model_copy(update={"vendor_dir": fake_vendor}))
    world.voorstel = world.api.utrecht.get(f"/api/v1/claims/{world.claims[0]}").json()["properties"]["voorstel_id"]
    return world


def page_of(web, who: str, vid: int | None = None):
    return getattr(web, who).get(f"/voorstellen/{vid or web.voorstel}/claims/nieuw")


def post_new(web, who: str, files=None, vid: int | None = None, **fields):
    client = getattr(web, who)
    token = csrf_of(client.get("/provincies/PV26/voorstellen").text)
    form = {"csrf": token, "naam": "Getekend", "domein": "wonen", "status": "idee", "hardheid": "middel",
            "prioriteit": "3"} | fields  # fmt: skip
    return client.post(f"/voorstellen/{vid or web.voorstel}/claims/nieuw", data=form, files=files,
                       follow_redirects=False)  # fmt: skip


def claims_of(web, vid: int) -> list[dict]:
    return web.api.vro.get("/api/v1/claims", params={"voorstel": vid, "pageSize": 100},
                           headers={"Accept-Crs": "epsg:28992"}).json()["features"]  # fmt: skip


def rectangle(x: float, y: float, w: float, h: float) -> str:
    return f"{x} {y}\n{x + w} {y}\n{x + w} {y + h}\n{x} {y + h}"


def context_block(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="kaart-editor-context">(.*?)</script>', page, re.S)
    assert found, "no context block"
    return json.loads(found.group(1))


# --- the page ---------------------------------------------------------------------------------------------


def test_the_planner_gets_the_editor_with_the_province_and_its_claims(web):
    page = page_of(web, "utrecht")
    assert page.status_code == 200
    text = page.text
    assert "data-kaart-editor" in text and 'name="geometrie"' in text and 'name="coordinaten"' in text
    assert f'src="/static/vendor/{vendor.OL.folder}/ol.js"' in text and "/static/kaart-editor.js" in text
    assert '<label for="kaart-editor-coordinaten">Coördinaten</label>' in text
    assert 'name="bestand" type="file"' in text
    context = context_block(text)
    kinds = {f["properties"]["soort"] for f in context["features"]}
    assert kinds == {"provincie", "gemeente", "claim"}
    assert {f["properties"]["naam"] for f in context["features"] if f["properties"]["soort"] == "claim"} >= {
        "Wijk", "Windpark"}  # fmt: skip
    assert context["crs"]["properties"]["name"] == "EPSG:28992"
    notice = re.search(r'<p class="melding" id="kaart-editor-melding"([^>]*)>', text).group(1)
    assert "hidden" in notice  # the map is there: the fallback notice is hidden


def test_without_the_libraries_the_keyboard_alternative_and_a_dutch_notice(settings, tmp_path):
    world = web_world(settings.model_copy(update={"vendor_dir": tmp_path / "leeg"}))
    vid = world.api.utrecht.get(f"/api/v1/claims/{world.claims[0]}").json()["properties"]["voorstel_id"]
    text = world.utrecht.get(f"/voorstellen/{vid}/claims/nieuw").text
    assert "/static/vendor/" not in text and "Tekengereedschap" not in text
    notice = re.search(r'<p class="melding" id="kaart-editor-melding"([^>]*)>(.*?)</p>', text, re.S)
    assert "hidden" not in notice.group(1)
    assert "nog niet opgehaald van het npm-register" in notice.group(2)
    assert 'name="coordinaten"' in text and 'name="bestand"' in text
    x, y = X + 3000, Y + 3000
    token = csrf_of(text)
    form = {"csrf": token, "naam": "Zonder kaart", "domein": "wonen", "coordinaten": rectangle(x, y, 100, 100)}
    assert world.utrecht.post(f"/voorstellen/{vid}/claims/nieuw", data=form, follow_redirects=False).status_code == 303


@pytest.mark.parametrize("who", ["zuid_holland", "departement", "lezer"])
def test_who_may_not_edit_utrecht_is_refused_and_nothing_is_stored(web, who):
    before = len(claims_of(web, web.voorstel))
    assert page_of(web, who).status_code == 403
    refused = post_new(web, who, coordinaten=rectangle(X + 3000, Y + 3000, 100, 100))
    assert refused.status_code == 403
    assert len(claims_of(web, web.voorstel)) == before


def test_vro_may_draw_in_a_province_voorstel(web):
    assert page_of(web, "vro").status_code == 200
    assert post_new(web, "vro", coordinaten=rectangle(X + 3000, Y + 3000, 100, 100)).status_code == 303


def test_the_links_to_draw_only_for_who_may_edit_the_province(web):
    for who, offered in (("utrecht", True), ("vro", True), ("zuid_holland", False), ("lezer", False)):
        voorstellen = getattr(web, who).get("/provincies/PV26/voorstellen").text
        assert (f'href="/voorstellen/{web.voorstel}/claims/nieuw"' in voorstellen) is offered, who
        province = getattr(web, who).get("/provincies/PV26").text
        assert (">Claim tekenen</a>" in province) is offered, who
    assert f"/voorstellen/{web.voorstel}/claims/nieuw" not in web.utrecht.get("/provincies/PV28/voorstellen").text


# --- a new claim ------------------------------------------------------------------------------------------


def test_typed_rd_coordinates_make_the_claim(web):
    x, y = X + 3000, Y + 3000
    response = post_new(web, "utrecht", coordinaten=rectangle(x, y, 200, 300), naam="Bedrijventerrein Oost",
                        domein="economie", hoeveelheid="12,5", eenheid="ha", start_jaar="2027", eind_jaar="2031")  # fmt: skip
    assert response.status_code == 303, alert(response.text)
    assert response.headers["location"].startswith("/provincies/PV26?opgeslagen=")
    (made,) = [f for f in claims_of(web, web.voorstel) if f["properties"]["naam"] == "Bedrijventerrein Oost"]
    props = made["properties"]
    assert props["area_ha"] == pytest.approx(200 * 300 / 10_000)  # 6 ha
    assert props["domein"] == "economie" and props["hoeveelheid"] == 12.5 and props["eenheid"] == "ha"
    assert (props["start_jaar"], props["eind_jaar"]) == (2027, 2031)
    assert shapely.geometry.shape(made["geometry"]).bounds == (x, y, x + 200, y + 300)
    history = web.api.vro.get(f"/api/v1/claims/{made['id']}/geschiedenis").json()
    assert any(e["actie"] == "claim.aangemaakt" for e in history)


def test_the_maps_hidden_geojson_counts_when_nothing_is_typed(web):
    x, y = X + 3000, Y + 3500
    drawn = json.dumps(mapping(box(x, y, x + 100, y + 50)) | {"crs": {"type": "name",
                       "properties": {"name": "EPSG:28992"}}})  # fmt: skip
    assert post_new(web, "utrecht", geometrie=drawn, naam="Van de kaart").status_code == 303
    (made,) = [f for f in claims_of(web, web.voorstel) if f["properties"]["naam"] == "Van de kaart"]
    assert made["properties"]["area_ha"] == pytest.approx(0.5)


def test_a_bow_tie_is_refused_with_the_imports_dutch_message_and_nothing_stored(web):
    before = claims_of(web, web.voorstel)
    refused = post_new(web, "utrecht", coordinaten=BOW_TIE, naam="Strik")
    assert refused.status_code == 400
    message = alert(refused.text)
    assert "Niet opgeslagen" in message
    assert "ongeldige geometrie: zelfdoorsnijding (de rand kruist zichzelf)" in message
    crossing = f"({X + 2200:.3f}; {Y + 2200:.3f})".replace(".", ",")  # where the two edges cross
    assert crossing in message
    assert claims_of(web, web.voorstel) == before
    assert field(refused.text, "coordinaten").strip() == BOW_TIE  # what was typed is kept
    assert field(refused.text, "naam") == "Strik"


def test_a_bow_tie_repaired_on_request_as_the_import_does(web):
    response = post_new(web, "utrecht", coordinaten=BOW_TIE, naam="Strik hersteld", herstel="ja")
    assert response.status_code == 303, alert(response.text)
    (made,) = [f for f in claims_of(web, web.voorstel) if f["properties"]["naam"] == "Strik hersteld"]
    assert made["geometry"]["type"] == "MultiPolygon"
    assert made["properties"]["area_ha"] == pytest.approx(2 * (400 * 200 / 2) / 10_000)  # two triangles


def test_wgs84_geojson_without_crs_is_accepted_as_in_the_import(web):
    square = box(X + 4000, Y + 4000, X + 4300, Y + 4300)
    lonlat = shapely.transform(square, lambda c: __import__("numpy").column_stack(TO_WGS84.transform(c[:, 0], c[:, 1])))
    body = json.dumps({"type": "Feature", "properties": {}, "geometry": mapping(lonlat)})
    response = post_new(web, "utrecht", coordinaten=body, naam="Uit WGS84")
    assert response.status_code == 303, alert(response.text)
    (made,) = [f for f in claims_of(web, web.voorstel) if f["properties"]["naam"] == "Uit WGS84"]
    assert made["properties"]["area_ha"] == pytest.approx(9.0, rel=1e-4)


def test_rd_coordinates_under_a_wgs84_label_get_the_imports_hint(web):
    body = json.dumps({"type": "Polygon", "coordinates": [[[X, Y], [X + 100, Y], [X + 100, Y + 100], [X, Y]]]})
    refused = post_new(web, "utrecht", coordinaten=body)
    assert refused.status_code == 400
    assert "ligt buiten Nederland" in alert(refused.text) and "RD New" in alert(refused.text)


def test_degrees_latitude_first_as_map_sites_copy_them(web):
    lon, lat = TO_WGS84.transform(X + 5000, Y + 5000)
    typed = "\n".join(f"{la:.6f}, {lo:.6f}".replace(".", ",").replace(", ", " ", 1)
                      for lo, la in ((lon, lat), (lon + 0.002, lat), (lon + 0.002, lat + 0.002)))  # fmt: skip
    response = post_new(web, "utrecht", coordinaten=typed, naam="Graden")
    assert response.status_code == 303, alert(response.text)


def test_a_claim_mostly_in_another_province_is_refused_as_in_the_import(web):
    refused = post_new(web, "utrecht", coordinaten=rectangle(90_000, 440_000, 500, 500), naam="In Zuid-Holland")
    assert refused.status_code == 400
    assert "ligt niet in Utrecht maar in Zuid-Holland" in alert(refused.text)


def test_a_file_with_one_feature_and_one_with_two(web):
    one = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:28992"}},
           "features": [{"type": "Feature", "properties": {}, "geometry": mapping(box(X + 6000, Y, X + 6100, Y + 100))}]}  # fmt: skip
    response = post_new(web, "utrecht", files={"bestand": ("vlak.geojson", json.dumps(one).encode(), "application/geo+json")},
                        naam="Uit een bestand", coordinaten=BOW_TIE)  # the file goes first  # fmt: skip
    assert response.status_code == 303, alert(response.text)
    two = one | {"features": one["features"] * 2}
    refused = post_new(
        web, "utrecht", files={"bestand": ("twee.geojson", json.dumps(two).encode(), "application/geo+json")}
    )
    assert refused.status_code == 400 and "het bestand heeft 2 features" in alert(refused.text)
    wrong = post_new(web, "utrecht", files={"bestand": ("vlak.dwg", b"AC1032", "application/octet-stream")})
    assert wrong.status_code == 400 and "wordt niet ondersteund" in alert(wrong.text)


def test_nothing_given_is_refused_in_dutch(web):
    refused = post_new(web, "utrecht")
    assert refused.status_code == 400
    assert "teken de claim op de kaart, typ de coördinaten of kies een bestand" in alert(refused.text)


# --- reshaping an existing claim --------------------------------------------------------------------------


def edit_form(web, cid: int, **fields) -> dict:
    page = web.utrecht.get(f"/claims/{cid}/bewerken").text
    return {"csrf": csrf_of(page), "version": field(page, "version"), "naam": field(page, "naam"), "domein": "wonen",
            "status": "idee", "hardheid": "middel", "prioriteit": "3", "coordinaten": field(page, "coordinaten")} | fields  # fmt: skip


def test_the_edit_page_shows_the_claims_coordinates_and_moves_it(web):
    cid = web.claims[0]  # "Wijk": a 300 m square at UTRECHT
    page = web.utrecht.get(f"/claims/{cid}/bewerken").text
    assert "data-kaart-editor" in page
    typed = field(page, "coordinaten").splitlines()
    assert sorted(typed) == sorted([f"{X:.0f} {Y:.0f}", f"{X + 300:.0f} {Y:.0f}", f"{X + 300:.0f} {Y + 300:.0f}",
                                    f"{X:.0f} {Y + 300:.0f}"])  # fmt: skip
    assert all(f["properties"].get("id") != cid for f in context_block(page)["features"])  # not snapping to itself
    moved = rectangle(X + 1000, Y, 300, 300)
    response = web.utrecht.post(f"/claims/{cid}/bewerken", data=edit_form(web, cid, coordinaten=moved, reden="verschoven"),
                                follow_redirects=False)  # fmt: skip
    assert response.status_code == 303, alert(response.text)
    stored = web.api.vro.get(f"/api/v1/claims/{cid}", headers={"Accept-Crs": "epsg:28992"}).json()
    assert shapely.geometry.shape(stored["geometry"]).bounds == (X + 1000, Y, X + 1300, Y + 300)
    assert stored["properties"]["version"] == 2
    history = web.api.vro.get(f"/api/v1/claims/{cid}/geschiedenis").json()
    assert "geometrie" in history[0]["details"]["velden"]


def test_an_unchanged_geometry_is_no_geometry_change(web):
    cid = web.claims[1]
    response = web.utrecht.post(f"/claims/{cid}/bewerken", data=edit_form(web, cid, naam="Windpark Noord", domein="energie-wind"),
                                follow_redirects=False)  # fmt: skip
    assert response.status_code == 303
    history = web.api.vro.get(f"/api/v1/claims/{cid}/geschiedenis").json()
    assert list(history[0]["details"]["velden"]) == ["naam"]


def test_a_stale_version_and_a_bow_tie_leave_the_claim_as_it_was(web):
    cid = web.claims[0]
    before = web.api.vro.get(f"/api/v1/claims/{cid}", headers={"Accept-Crs": "epsg:28992"}).json()
    stale = web.utrecht.post(f"/claims/{cid}/bewerken", data=edit_form(web, cid, version="7",
                             coordinaten=rectangle(X + 1000, Y, 300, 300)))  # fmt: skip
    assert stale.status_code == 409 and "intussen gewijzigd" in alert(stale.text)
    assert field(stale.text, "coordinaten").strip() == rectangle(X + 1000, Y, 300, 300)  # the change is kept
    bow = web.utrecht.post(f"/claims/{cid}/bewerken", data=edit_form(web, cid, coordinaten=BOW_TIE))
    assert bow.status_code == 400 and "zelfdoorsnijding (de rand kruist zichzelf)" in alert(bow.text)
    after = web.api.vro.get(f"/api/v1/claims/{cid}", headers={"Accept-Crs": "epsg:28992"}).json()
    assert after == before


def test_a_reader_sees_no_editor_and_a_forged_geometry_post_is_refused(web):
    cid = web.claims[0]
    page = web.zuid_holland.get(f"/claims/{cid}/bewerken").text
    assert "data-kaart-editor" not in page
    form = edit_form(web, cid, coordinaten=rectangle(X + 1000, Y, 300, 300)) | {"csrf": csrf_of(page)}
    refused = web.zuid_holland.post(f"/claims/{cid}/bewerken", data=form)
    assert refused.status_code == 403


# --- the served libraries ---------------------------------------------------------------------------------


def test_the_libraries_are_served_with_long_cache_headers_and_nothing_else(web):
    client = web.anonymous if hasattr(web, "anonymous") else web.api.anonymous
    ol = client.get(f"/static/vendor/{vendor.OL.folder}/ol.js")
    assert ol.status_code == 200 and ol.text == "/* ol ol.js */"
    assert ol.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "script-src 'self'" in ol.headers["content-security-policy"]
    assert "unsafe" not in ol.headers["content-security-policy"]
    licence = client.get(f"/static/vendor/{vendor.PROJ4.folder}/LICENSE.md")
    assert licence.status_code == 200 and licence.headers["content-type"].startswith("text/plain")
    for path in (f"/static/vendor/{vendor.OL.folder}/package.json", "/static/vendor/ol-9.0.0/ol.js",
                 f"/static/vendor/{vendor.OL.folder}/..%2F..%2Fnovex.db"):  # fmt: skip
        assert client.get(path).status_code == 404, path
    assert client.get("/static/kaart-editor.js").status_code == 200


def test_the_context_block_cannot_break_out_of_its_script(web):
    hostile = "</script><script>alert(1)</script>"
    token = csrf_of(web.utrecht.get("/provincies/PV26/voorstellen").text)
    form = {"csrf": token, "naam": hostile, "domein": "wonen", "coordinaten": rectangle(X + 7000, Y, 100, 100)}
    assert web.utrecht.post(f"/voorstellen/{web.voorstel}/claims/nieuw", data=form,
                            follow_redirects=False).status_code == 303  # fmt: skip
    page = page_of(web, "utrecht").text
    block = re.search(r'<script type="application/json" id="kaart-editor-context">(.*?)</script>', page, re.S).group(1)
    assert "</script>" not in block and "<" not in block
    assert hostile in {f["properties"]["naam"] for f in json.loads(block)["features"]}
