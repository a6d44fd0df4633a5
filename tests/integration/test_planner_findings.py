"""Issue 14: what a planner found wrong when trying the platform as a new user (claims and forms)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from shapely.geometry import Polygon, mapping

from tests.fixtures.clients import PASSWORD, make_clients
from tests.fixtures.geo import UTRECHT, feature, square, write_geojson

X, Y = UTRECHT
RD = {"Content-Crs": "epsg:28992", "Accept-Crs": "epsg:28992"}


@pytest.fixture
def api(settings):
    return make_clients(settings)


def voorstel(api, naam="V") -> int:
    return api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": naam}).json()["id"]


def count(api, vid) -> int:
    return api.vro.get("/api/v1/claims", params={"voorstel": vid, "pageSize": 1}).json()["numberMatched"]


def test_uploading_the_same_file_again_doubles_nothing_and_names_the_duplicates(api, tmp_path):
    path = write_geojson(tmp_path / "c.geojson", [
        feature(square(X, Y, 100), naam="A", domein="wonen", extern_id="W-1"),
        feature(square(X + 500, Y, 100), naam="B", domein="wonen", extern_id="W-2"),
    ])  # fmt: skip
    vid = voorstel(api)
    first = api.utrecht.post(f"/api/v1/voorstellen/{vid}/import", files={"bestand": ("c.geojson", path.read_bytes())})
    assert first.status_code == 201
    again = api.utrecht.post(f"/api/v1/voorstellen/{vid}/import", files={"bestand": ("c.geojson", path.read_bytes())})
    assert again.status_code == 400
    reasons = [p["reason"] for p in again.json()["invalidParams"]]
    assert len(reasons) == 2 and "(id W-1): staat al in voorstel 'V' versie 1" in reasons[0]
    assert count(api, vid) == 2  # not 4


def test_a_file_with_an_id_twice_is_refused(db, tmp_path):
    from novex import bootstrap
    from novex.access import Actor

    path = write_geojson(tmp_path / "c.geojson", [
        feature(square(X, Y, 100), naam="A", domein="wonen", extern_id="W-1"),
        feature(square(X + 500, Y, 100), naam="B", domein="wonen", extern_id="W-1"),
    ])  # fmt: skip
    with db.session() as session, pytest.raises(Exception, match=r"feature 1 \(id W-1\): komt twee keer voor"):
        bootstrap.claim_service(session).import_file(Actor.operator(), path, voorstel="V", provincie="PV26")


def test_a_bow_tie_is_refused_unless_the_planner_asks_for_the_repair(api):
    vid = voorstel(api)
    bow_tie = Polygon([(X, Y), (X + 100, Y + 100), (X + 100, Y), (X, Y + 100)])
    body = {"type": "Feature", "geometry": mapping(bow_tie), "properties": {"naam": "Strik", "domein": "wonen"}}
    refused = api.utrecht.post(f"/api/v1/voorstellen/{vid}/claims", json=body, headers=RD)
    assert refused.status_code == 400
    detail = refused.json()["detail"]
    assert "zelfdoorsnijding" in detail and f"({X + 50:.0f},000; {Y + 50:.0f},000)" in detail
    assert "Self-intersection" not in detail
    repaired = api.utrecht.post(f"/api/v1/voorstellen/{vid}/claims", json=body, headers=RD, params={"herstel": "true"})
    assert repaired.status_code == 201
    assert repaired.json()["properties"]["area_ha"] == pytest.approx(0.5)  # two triangles of 2,500 m²


def test_what_the_api_gives_is_what_it_takes(api):
    vid = voorstel(api)
    body = {"type": "Feature", "geometry": mapping(square(X, Y, 200)),
            "properties": {"naam": "Wijk", "domein": "wonen", "hoeveelheid": 40, "eenheid": "woningen"}}  # fmt: skip
    cid = api.utrecht.post(f"/api/v1/voorstellen/{vid}/claims", json=body, headers=RD).json()["id"]
    got = api.utrecht.get(f"/api/v1/claims/{cid}", headers=RD).json()
    got["properties"]["naam"] = "Wijk Noord"
    put = api.utrecht.put(f"/api/v1/claims/{cid}", json=got, headers=RD)
    assert put.status_code == 200, put.text
    assert put.json()["properties"]["naam"] == "Wijk Noord" and put.json()["properties"]["version"] == 2
    # sending the same (now stale) feature again is a 409, not a silent overwrite
    assert api.utrecht.put(f"/api/v1/claims/{cid}", json=got, headers=RD).status_code == 409


def test_validation_errors_are_dutch(api):
    vid = voorstel(api)
    body = {"type": "Feature", "geometry": mapping(square(X, Y, 200)),
            "properties": {"naam": "n" * 301, "domein": "wonen", "onbekend": 1, "prioriteit": 9}}  # fmt: skip
    response = api.utrecht.post(f"/api/v1/voorstellen/{vid}/claims", json=body, headers=RD)
    assert response.status_code == 400
    reasons = {p["name"]: p["reason"] for p in response.json()["invalidParams"]}
    assert reasons["body.properties.naam"] == "is te lang (maximaal 300 tekens)"
    assert reasons["body.properties.onbekend"] == "is geen bekend veld"
    assert reasons["body.properties.prioriteit"] == "mag hoogstens 5 zijn"


def web_login(client, email):
    client.post("/inloggen", data={"email": email, "wachtwoord": PASSWORD}, follow_redirects=False)


def test_a_stale_edit_keeps_the_typed_change_in_the_form(api):
    vid = voorstel(api)
    body = {"type": "Feature", "geometry": mapping(square(X, Y, 200)), "properties": {"naam": "Wijk", "domein": "wonen"}}
    cid = api.utrecht.post(f"/api/v1/voorstellen/{vid}/claims", json=body, headers=RD).json()["id"]
    web = api.anonymous
    web_login(web, "planner@provincie-utrecht.nl")
    csrf = web.get(f"/claims/{cid}/bewerken").text.split('name="csrf" value="')[1].split('"')[0]
    # meanwhile someone else saves version 2
    api.vro.put(f"/api/v1/claims/{cid}", json=body | {"version": 1}, headers=RD)
    form = {"csrf": csrf, "version": "1", "naam": "Mijn nieuwe naam", "domein": "wonen", "status": "zoekgebied",
            "hardheid": "hard", "prioriteit": "2", "notities": "mijn notitie", "reden": "kaartsessie"}  # fmt: skip
    page = web.post(f"/claims/{cid}/bewerken", data=form)
    assert page.status_code == 409
    html = page.text
    assert 'value="Mijn nieuwe naam"' in html and "mijn notitie</textarea>" in html and "kaartsessie</textarea>" in html
    assert '<option value="zoekgebied" selected>' in html and '<option value="hard" selected>' in html
    assert 'name="version" value="2"' in html  # on top of the current version now
    # saving again stores the change and the reason together
    assert web.post(f"/claims/{cid}/bewerken", data=form | {"version": "2"}, follow_redirects=False).status_code == 303
    stored = api.vro.get(f"/api/v1/claims/{cid}").json()["properties"]
    assert stored["naam"] == "Mijn nieuwe naam" and stored["version"] == 3


@pytest.mark.parametrize("email", ["lezer@example.nl", "expert@minezk.nl", "planner@pzh.nl"])
def test_who_may_not_edit_sees_no_edit_links_or_forms(api, email):
    vid = voorstel(api)
    body = {"type": "Feature", "geometry": mapping(square(X, Y, 200)), "properties": {"naam": "Wijk", "domein": "wonen"}}
    cid = api.utrecht.post(f"/api/v1/voorstellen/{vid}/claims", json=body, headers=RD).json()["id"]
    web = api.anonymous
    web_login(web, email)
    province = web.get("/provincies/PV26").text
    assert "Bewerken" not in province and "/upload" not in province
    edit = web.get(f"/claims/{cid}/bewerken").text
    assert 'name="naam"' not in edit and "u kunt haar bekijken, niet wijzigen" in edit
    # while the owner does see them
    owner = TestClient(web.app)
    web_login(owner, "planner@provincie-utrecht.nl")
    assert f'href="/claims/{cid}/bewerken"' in owner.get("/provincies/PV26").text


def test_figures_read_dutch_and_counts_agree_with_their_noun(api):
    import re

    from novex.nl import counted

    assert counted(1, "claim", "claims") == "1 claim" and counted(2400, "treffer", "treffers") == "2.400 treffers"
    vid = voorstel(api)
    for naam, domein, x in (("Wijk", "wonen", X), ("Windpark", "energie-wind", X + 100)):
        body = {"type": "Feature", "geometry": mapping(square(x, Y, 300)), "properties": {"naam": naam, "domein": domein}}
        api.utrecht.post(f"/api/v1/voorstellen/{vid}/claims", json=body, headers=RD)
    web = api.anonymous
    web_login(web, "lezer@example.nl")
    page = web.get("/provincies/PV26").text
    assert "2 claims · 1 conflict." in page
    table = page.split('class="conflicten"')[1].split("</table>")[0]
    cells = re.findall(r'<td class="getal">([^<]*)</td>', table)
    assert cells and all("." not in c for c in cells) and any(re.fullmatch(r"\d+,\d\d", c) for c in cells)


def test_a_province_page_says_a_national_goal_shows_the_provinces_share(api):
    vid = voorstel(api)
    body = {"type": "Feature", "geometry": mapping(square(X, Y, 300)),
            "properties": {"naam": "Zonneveld", "domein": "energie-zon", "hoeveelheid": 0.5, "eenheid": "TWh",
                           "doel_id": "res-doel-35-twh-grootschalig-op-land-2030"}}  # fmt: skip
    assert api.utrecht.post(f"/api/v1/voorstellen/{vid}/claims", json=body, headers=RD).status_code == 201
    web = api.anonymous
    web_login(web, "lezer@example.nl")
    goals = web.get("/provincies/PV26").text.split('id="kop-doelen"')[1].split("</table>")[0]
    row = next(r for r in goals.split("<tr>") if "35" in r and "TWh" in r)
    assert "NL" in row and "(bijdrage van Utrecht)" in row and "0,5" in row
