"""The NOVEX areas and the programmes through the API (issue 15): GeoJSON out, the boundary in."""

from __future__ import annotations

import json
import re

import pytest
import shapely
from shapely.geometry import shape

from novex import bootstrap
from novex.catalog.sources import seed_text
from novex.examples import load_examples
from tests.fixtures.clients import make_clients
from tests.fixtures.geo import feature, square

G = "/api/v1/novex-gebieden"


@pytest.fixture
def clients(settings):
    clients = make_clients(settings)
    with clients.vro.app.state.db.session() as session:
        load_examples(bootstrap.claim_service(session))
    yield clients
    clients.vro.app.state.db.engine.dispose()


def ok(response, status=200):
    assert response.status_code == status, response.text[:800]
    return response.json()


def problem(response, status):
    assert response.status_code == status, response.text[:800]
    assert response.headers["content-type"].startswith("application/problem+json")
    return response.json()


def boundary_file(x: float, y: float, side: float) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": [feature(square(x, y, side), naam="grens")],
                       "crs": {"type": "name", "properties": {"name": "EPSG:28992"}}}).encode()  # fmt: skip


def test_the_sixteen_areas_as_a_feature_collection_with_the_asked_fields(clients):
    body = ok(clients.lezer.get(G))
    assert body["type"] == "FeatureCollection" and len(body["features"]) == 16
    for f in body["features"]:
        p = f["properties"]
        assert {"naam", "trekker", "provincies", "fase"} <= set(p)
        assert p["typering"]["status"] == "afgeleid"
        assert p["begrenzing"]["soort"] == "indicatief"
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_one_area_is_a_feature_with_its_extent_and_whole_factsheet(clients):
    response = clients.utrecht.get(f"{G}/novex-nzkg", headers={"Accept-Crs": "epsg:28992"})
    body = ok(response)
    assert response.headers["content-type"].startswith("application/geo+json")
    assert response.headers["content-crs"] == "epsg:28992"
    assert body["type"] == "Feature" and body["id"] == "novex-nzkg"
    p = body["properties"]
    assert p["provincies"] == ["PV27"]
    assert [d["naam"] for d in p["begrenzing"]["opgebouwdUit"]] == p["factsheet"]["ligging"]["waarde"]["gemeenten"]
    assert shape(body["geometry"]).area / 10_000 == pytest.approx(p["begrenzing"]["oppervlakteHa"], rel=1e-3)
    for veld in p["factsheet"].values():  # every field says where in the seed it stands
        assert veld["bron"].startswith("seed 004 Bijlage 3 > NOVEX-gebied Noordzeekanaalgebied")
    hoofdopgave = p["factsheet"]["hoofdopgave"]["waarde"]
    assert re.sub(r"\s", "", hoofdopgave) in re.sub(r"\s", "", seed_text("004_96b59ff8675cf4bb.txt"))


def test_wgs84_by_default_and_an_unknown_area_is_a_dutch_404(clients):
    body = ok(clients.lezer.get(f"{G}/novex-groene-hart"))
    minx, miny, maxx, maxy = shapely.bounds(shape(body["geometry"]))
    assert 3 < minx < maxx < 8 and 50 < miny < maxy < 54  # degrees, the Netherlands
    assert "bestaat niet" in problem(clients.lezer.get(f"{G}/atlantis"), 404)["detail"]


def test_the_analysis_inside_an_area(clients):
    body = ok(clients.zuid_holland.get(f"{G}/novex-rotterdamse-haven/analyse", params={"minConflictHa": 0.5}))
    assert body["claims"] and body["minConflictHa"] == 0.5
    assert all(c["binnenHa"] <= c["oppervlakteHa"] + 1e-6 for c in body["claims"])
    assert problem(clients.lezer.get(f"{G}/novex-rotterdamse-haven/analyse", params={"minConflictHa": -1}), 400)


def test_vro_sets_and_removes_an_official_boundary_others_are_refused(clients):
    upload = {"bestand": ("grens.geojson", boundary_file(83_000, 428_000, 10_000), "application/geo+json")}
    form = {"bron": "Convenant 2027", "peildatum": "2026-01-15"}
    assert problem(clients.zuid_holland.put(f"{G}/novex-rotterdamse-haven/grens", files=upload, data=form), 403)
    body = ok(clients.vro.put(f"{G}/novex-rotterdamse-haven/grens", files=upload, data=form,
                              headers={"Accept-Crs": "epsg:28992"}))  # fmt: skip
    assert body["properties"]["begrenzing"]["soort"] == "officieel"
    assert shape(body["geometry"]).area == pytest.approx(100_000_000)
    again = problem(clients.vro.put(f"{G}/novex-rotterdamse-haven/grens", files=upload, data=form), 409)
    assert "heeft al een officiële grens" in again["detail"]
    assert problem(clients.vro.delete(f"{G}/novex-rotterdamse-haven/grens", params={"reden": "x", "versie": 9}), 409)
    assert (
        clients.vro.delete(f"{G}/novex-rotterdamse-haven/grens", params={"reden": "fout", "versie": 1}).status_code
        == 204
    )
    assert ok(clients.lezer.get(f"{G}/novex-rotterdamse-haven"))["properties"]["begrenzing"]["soort"] == "indicatief"


def test_a_broken_boundary_file_is_refused_in_dutch_and_nothing_changes(clients):
    form = {"bron": "Convenant 2027", "peildatum": "2026-01-15"}
    broken = {"bestand": ("grens.geojson", b"{ niet af", "application/geo+json")}
    detail = problem(clients.vro.put(f"{G}/novex-rotterdamse-haven/grens", files=broken, data=form), 400)["detail"]
    assert "grens.geojson" in detail
    elsewhere = {"bestand": ("grens.geojson", boundary_file(140_000, 455_000, 1_000), "application/geo+json")}
    detail = problem(clients.vro.put(f"{G}/novex-rotterdamse-haven/grens", files=elsewhere, data=form), 400)["detail"]
    assert "ligt niet in de provincies" in detail
    assert ok(clients.lezer.get(f"{G}/novex-rotterdamse-haven"))["properties"]["begrenzing"]["soort"] == "indicatief"


def test_the_programmes_register_with_name_group_and_minister_as_written(clients):
    items = ok(clients.lezer.get("/api/v1/programmas"))
    seed = seed_text("003_ea5816389083bc68.txt")
    bijlage = seed[seed.index("Bijlage II – Overzicht") :]
    bullets = re.findall(r"• ([^•]+?)\s*\(((?:Min|Staatssecretaris)[^()]*)\)(?=\s*(?:•|Programma’s|$))", bijlage)
    counts = [int(n) for n in re.findall(r"programma’s [^•]*?\((\d+)\)(?= •)", bijlage, flags=re.IGNORECASE)]
    assert counts == [6, 2, 9, 6, 2] and len(bullets) == sum(counts)  # the five groups as the seed counts them
    by_name = {" ".join(p["naam"].split()).casefold(): p for p in items}
    seen = set()
    for naam, minister in bullets:
        key = " ".join(naam.split()).casefold()
        if key in seen:  # the programme seed 003 lists twice (Werklocaties) is one record
            assert "werklocaties" in key, naam
            continue
        seen.add(key)
        found = by_name[key]
        assert " ".join(found["verantwoordelijk"].split()) == " ".join(minister.split()), naam
        assert found["groep"], naam
    assert len(seen) == 24
    assert any(p["gebieden"] for p in items), "factsheets link to programmes"


def test_vro_adds_a_programme_with_its_source_and_validity(clients):
    body = {"id": "programma-x", "naam": "Programma X", "bron": "Kamerbrief 2027", "geldigVanaf": "2027-06-01"}
    assert problem(clients.utrecht.post("/api/v1/programmas", json=body), 403)
    missing = problem(clients.vro.post("/api/v1/programmas", json={**body, "geldigVanaf": None}), 400)
    assert any("geldigVanaf" in p["name"] for p in missing["invalidParams"])
    wrong = problem(clients.vro.post("/api/v1/programmas", json={**body, "geldigTot": "2027-01-01"}), 400)
    assert "ligt vóór" in wrong["detail"]
    added = ok(clients.vro.post("/api/v1/programmas", json=body), 201)
    assert (added["naam"], added["geldigVanaf"], added["bron"]) == ("Programma X", "2027-06-01", "Kamerbrief 2027")
    assert any(p["id"] == "programma-x" for p in ok(clients.lezer.get("/api/v1/programmas")))
