"""/api/v1/scenarios (issue 20 item 5): make, change, analyse, compare, undo and redo, promote; rights; bad input.

Expectations come from the crafted data (tests/fixtures/scenarios.py), the catalogue and the plain
analysis of the real voorstellen (/api/v1/analyse), not from the code under test. Every refusal is
problem+json in Dutch and leaves the scenario and the real claims as they were.
"""

from __future__ import annotations

import json

import pytest
import shapely
from shapely import affinity
from shapely.geometry import mapping

from novex import bootstrap
from novex.catalog.service import quantitative_goals
from novex.claims.ports import ClaimFilter
from novex.geo.crs import reproject
from tests.fixtures.clients import make_clients
from tests.fixtures.scenarios import HOMES, OPERATOR, bow_tie, claims_snapshot, craft, rd_file

S = "/api/v1/scenarios"
RD = {"Content-Crs": "epsg:28992"}


@pytest.fixture
def clients(settings, tmp_path):
    clients = make_clients(settings)
    clients.crafted = craft(clients.vro.app.state.db, tmp_path)
    yield clients
    clients.vro.app.state.db.engine.dispose()


def ok(response, status=200):
    assert response.status_code == status, response.text[:800]
    return response.json()


def problem(response, status):
    assert response.status_code == status, response.text[:800]
    assert response.headers["content-type"].startswith("application/problem+json")
    return response.json()["detail"]


def share(cat, code: str) -> float:
    return float(next(d.waarde for _, d in quantitative_goals(cat) if d.id == f"provincie-{code.lower()}-woningbouw-2030"))


def scenario_state(clients, scenario_id: int):
    body = ok(clients.lezer.get(f"{S}/{scenario_id}"))
    return body["versie"], body["stand"], body["wijzigingen"]


def test_a_scenario_from_creation_to_promotion(clients, cat):
    crafted, utrecht = clients.crafted, clients.utrecht
    dx, dy = crafted.offset
    db = utrecht.app.state.db
    before = claims_snapshot(db)
    created = utrecht.post(S, json={"naam": "Woonwijk uit Natura 2000", "omschrijving": "proef"})
    body = ok(created, 201)
    sid = body["id"]
    assert created.headers["Location"].endswith(f"{S}/{sid}") and created.headers["ETag"] == '"1"'
    assert (body["eigenaar"], body["versie"], body["magWijzigen"]) == ("planner@provincie-utrecht.nl", 1, True)

    moved = ok(utrecht.post(f"{S}/{sid}/wijzigingen", json={"soort": "verplaatsen", "claim": crafted.claim_id,
                                                             "dx": dx, "dy": dy, "reden": "weg uit Natura 2000",
                                                             "versie": 1}))  # fmt: skip
    assert (moved["versie"], moved["stand"]) == (2, 1)
    shifted = utrecht.post(f"{S}/{sid}/wijzigingen", headers={"If-Match": '"2"'}, json={
        "soort": "verschuiving", "verschuiving": {"doel": HOMES, "van": "PV21", "naar": "pv26", "hoeveelheid": 1000}})
    assert ok(shifted)["wijzigingen"][1]["verschuiving"]["naar"] == "PV26" and shifted.headers["ETag"] == '"3"'
    assert ok(clients.lezer.get(f"{S}/{sid}"))["magWijzigen"] is False

    base = ok(clients.lezer.get("/api/v1/analyse"))  # the real voorstellen
    assert crafted.conflict_id in {c["id"] for c in base["conflicts"]}
    analysed = ok(clients.lezer.get(f"{S}/{sid}/analyse"))
    assert analysed["scenario"]["id"] == sid and analysed["overgeslagen"] == []
    ids = {c["id"] for c in analysed["analyse"]["conflicts"]}
    assert {c["id"] for c in base["conflicts"]} - ids == {crafted.conflict_id}
    assert [r for r in analysed["analyse"]["restrictions"] if r["claim"] == crafted.claim_id] == []

    compared = ok(clients.departement.get(f"{S}/vergelijking", params={"scenario": [sid]}))
    assert [k["scenario"] for k in compared["kolommen"]] == [None, sid]
    assert compared["conflicten"][1]["opgelost"] == [crafted.conflict_id]
    assert compared["conflicten"][1]["aantal"] == compared["conflicten"][0]["aantal"] - 1
    goals = {d["doel"]: d for d in compared["doelen"]}
    assert goals["provincie-pv21-woningbouw-2030"]["doelwaarde"] == [share(cat, "PV21"), share(cat, "PV21") - 1000]
    assert goals["provincie-pv26-woningbouw-2030"]["doelwaarde"] == [share(cat, "PV26"), share(cat, "PV26") + 1000]
    (change,) = [m for m in compared["verplaatsingen"] if m["claim"] == crafted.claim_id]
    assert change["wat"] == "verplaatst"
    after, before_move = shapely.from_wkt(change["na"]), shapely.from_wkt(change["voor"])
    assert shapely.normalize(after).equals_exact(shapely.normalize(affinity.translate(before_move, dx, dy)), 0.01)

    ok(utrecht.post(f"{S}/{sid}/ongedaan", json={"versie": 3}))
    undone = ok(utrecht.post(f"{S}/{sid}/ongedaan", headers={"If-Match": '"4"'}))
    assert (undone["stand"], [w["actief"] for w in undone["wijzigingen"]]) == (0, [False, False])
    restored = ok(clients.lezer.get(f"{S}/{sid}/analyse"))["analyse"]
    assert {c["id"] for c in restored["conflicts"]} == {c["id"] for c in base["conflicts"]}
    assert restored["goals"] == base["goals"]
    ok(utrecht.post(f"{S}/{sid}/opnieuw", json={"versie": 5}))
    assert ok(utrecht.post(f"{S}/{sid}/opnieuw", json={"versie": 6}))["stand"] == 2
    assert "geen ongedane wijziging" in problem(utrecht.post(f"{S}/{sid}/opnieuw", json={"versie": 7}), 400)
    assert claims_snapshot(db) == before  # the real voorstellen are untouched until the promotion

    promoted = ok(utrecht.post(f"{S}/{sid}/promotie", json={"provincie": "PV26"}))
    ((new_id, naam, versie, count),) = [(v["id"], v["naam"], v["versie"], v["claims"]) for v in promoted["voorstellen"]]
    assert (naam, versie, count) == ("Voorstel U", 2, 1)
    assert any("deel 2 van het arrangement" in line for line in promoted["nietMeegenomen"])
    with db.session() as session:
        (stored,) = bootstrap.claim_service(session).list(OPERATOR, ClaimFilter(voorstel_id=new_id))
    expected = affinity.translate(crafted.square, dx, dy)
    assert shapely.normalize(stored.geometry).equals_exact(shapely.normalize(expected), 0.001)

    assert utrecht.delete(f"{S}/{sid}").status_code == 204
    assert "bestaat niet" in problem(clients.lezer.get(f"{S}/{sid}"), 404)


@pytest.mark.sqlite_only  # rights and parsing in front of the database
def test_who_may_not_is_refused_in_dutch_and_nothing_changes(clients):
    crafted = clients.crafted
    sid = ok(clients.utrecht.post(S, json={"naam": "Van Utrecht"}), 201)["id"]
    ok(clients.utrecht.post(f"{S}/{sid}/wijzigingen", json={"soort": "verplaatsen", "claim": crafted.claim_id,
                                                             "dx": crafted.offset[0], "dy": crafted.offset[1],
                                                             "versie": 1}))  # fmt: skip
    state, before = scenario_state(clients, sid), claims_snapshot(clients.vro.app.state.db)
    remove = {"soort": "verwijderen", "claim": crafted.claim_id, "versie": 2}
    assert "scenario's maken en wijzigen" in problem(clients.lezer.post(f"{S}/{sid}/wijzigingen", json=remove), 403)
    assert "mag het lezen, niet wijzigen" in problem(clients.zuid_holland.post(f"{S}/{sid}/wijzigingen", json=remove),
                                                     403)  # fmt: skip
    assert "mag het lezen, niet wijzigen" in problem(clients.vro.post(f"{S}/{sid}/wijzigingen", json=remove), 403)
    assert "niet wijzigen" in problem(clients.vro.post(f"{S}/{sid}/ongedaan", json={"versie": 2}), 403)
    assert "niet wijzigen" in problem(clients.zuid_holland.delete(f"{S}/{sid}"), 403)
    files = {"bestand": ("vorm.geojson", b"{}", "application/geo+json")}
    upload = clients.lezer.post(f"{S}/{sid}/wijzigingen/bestand", data={"soort": "vorm", "versie": "2",
                                                                         "claim": str(crafted.claim_id)}, files=files)
    assert "scenario's maken en wijzigen" in problem(upload, 403)  # refused before the file is read
    assert "scenario's maken en wijzigen" in problem(clients.lezer.post(S, json={"naam": "Lezer"}), 403)
    # a province promotes only into its own voorstellen
    assert "PV26" in problem(clients.zuid_holland.post(f"{S}/{sid}/promotie", json={"provincie": "PV26"}), 403)
    assert "PV28" in problem(clients.utrecht.post(f"{S}/{sid}/promotie", json={"provincie": "PV28"}), 403)
    assert scenario_state(clients, sid) == state
    assert claims_snapshot(clients.vro.app.state.db) == before
    assert [s["naam"] for s in ok(clients.lezer.get(S))] == ["Van Utrecht"]


@pytest.mark.sqlite_only  # rights and parsing in front of the database
def test_a_shared_scenario_is_changed_by_the_makers_role_and_province_only(clients):
    sid = ok(clients.utrecht.post(S, json={"naam": "Gedeeld", "gedeeld": True}), 201)["id"]
    shift = {"soort": "verschuiving", "verschuiving": {"doel": HOMES, "van": "PV26", "naar": "PV21", "hoeveelheid": 5}}
    assert "niet wijzigen" in problem(clients.zuid_holland.post(f"{S}/{sid}/wijzigingen", json=shift | {"versie": 1}),
                                      403)  # fmt: skip
    assert scenario_state(clients, sid)[0] == 1


@pytest.mark.sqlite_only  # rights and parsing in front of the database
def test_bad_input_is_a_dutch_4xx_and_stores_nothing(clients):
    crafted, utrecht = clients.crafted, clients.utrecht
    sid = ok(utrecht.post(S, json={"naam": "Proef"}), 201)["id"]
    x, y = crafted.square.bounds[:2]
    claim = crafted.claim_id
    path = f"{S}/{sid}/wijzigingen"
    nan = utrecht.post(path, content=f'{{"soort": "verplaatsen", "claim": {claim}, "dx": NaN, "dy": 0, "versie": 1}}',
                       headers={"Content-Type": "application/json"})  # fmt: skip
    assert "dx" in problem(nan, 400) and "eindig" in nan.json()["detail"]
    cases = [
        ({"soort": "domein", "claim": claim, "domein": "kernenergie"}, {}, 400, "onbekend domein 'kernenergie'"),
        ({"soort": "verwijderen", "claim": 999_999}, {}, 404, "claim 999999 staat niet in scenario 'Proef'"),
        ({"soort": "verplaatsen", "claim": claim, "dx": 0, "dy": -400_000}, {}, 400, "dy: een verplaatsing"),
        ({"soort": "verplaatsen", "claim": claim, "dx": 5}, {}, 400, "dy: ontbreekt (nodig voor soort verplaatsen)"),
        ({"soort": "verwijderen", "claim": claim, "domein": "natuur"}, {}, 400, "domein: hoort niet bij"),
        ({"soort": "vorm", "claim": claim, "geometrie": bow_tie(x, y)}, RD, 400, "geometrie: ongeldige geometrie"),
        ({"soort": "vorm", "claim": claim, "geometrie": mapping(crafted.square)}, {}, 400, "ligt buiten Nederland"),
        ({"soort": "vorm", "claim": claim, "geometrie": mapping(crafted.square)}, {"Content-Crs": "epsg:3857"}, 406,
         "wordt niet geleverd"),
        ({"soort": "vorm", "claim": claim, "geometrie": {"type": "Point", "coordinates": [x, y]}}, RD, 400,
         "verwacht Polygon of MultiPolygon"),
        ({"soort": "toevoegen", "naam": "X", "domein": "wonen", "geometrie": mapping(crafted.square),
          "hoeveelheid": 4}, RD, 400, "hoeveelheid en eenheid horen samen"),
        ({"soort": "verschuiving", "verschuiving": {"doel": HOMES, "van": "PV21", "naar": "PV26",
                                                    "hoeveelheid": 10**7}}, {}, 400, "niet meer af dan dat"),
        ({"soort": "verschuiving", "verschuiving": {"doel": "geen-doel", "van": "PV21", "naar": "PV26",
                                                    "hoeveelheid": 1}}, {}, 400, "heeft geen aandeel"),
        ({"soort": "status", "claim": claim, "status": "misschien"}, {}, 400, "status"),
        ({"soort": "verwijderen", "claim": claim}, {}, 400, "geef de versie die u wijzigt"),
    ]  # fmt: skip
    for body, headers, status, message in cases:
        sent = body if "versie" in body or message.startswith("geef de versie") else body | {"versie": 1}
        detail = problem(utrecht.post(path, json=sent, headers=headers), status)
        assert message in detail, (body, detail)
    stale = utrecht.post(path, json={"soort": "verwijderen", "claim": claim, "versie": 7})
    assert "intussen gewijzigd (versie 1, u had versie 7)" in problem(stale, 409)
    assert stale.json()["currentVersion"] == 1
    wrong_if_match = utrecht.post(path, json={"soort": "verwijderen", "claim": claim}, headers={"If-Match": '"x"'})
    assert "geen versienummer" in problem(wrong_if_match, 400)
    bow_file = rd_file(crafted_folder(clients), bow_tie(x, y)).read_bytes()
    upload = utrecht.post(f"{path}/bestand", data={"soort": "vorm", "claim": str(claim), "versie": "1"},
                          files={"bestand": ("strik.geojson", bow_file, "application/geo+json")})  # fmt: skip
    assert "ongeldige geometrie" in problem(upload, 400)
    assert "alleen cijfers" in problem(utrecht.post(S, json={"naam": "2027"}), 400)
    assert "er is al een scenario 'Proef'" in problem(utrecht.post(S, json={"naam": "Proef"}), 400)
    too_many = clients.lezer.get(f"{S}/vergelijking", params={"scenario": [sid, sid, sid, sid, sid]})
    assert too_many.status_code == 400
    assert "twee keer" in problem(clients.lezer.get(f"{S}/vergelijking", params={"scenario": [sid, sid]}), 400)
    assert scenario_state(clients, sid) == (1, 0, [])  # nothing stored


def test_a_new_geometry_in_wgs84_or_from_a_file_passes_the_imports_rules(clients, tmp_path):
    crafted, utrecht = clients.crafted, clients.utrecht
    dx, dy = crafted.offset
    sid = ok(utrecht.post(S, json={"naam": "Vormen"}), 201)["id"]
    target = affinity.translate(crafted.square, dx, dy)
    wgs84 = mapping(reproject(target, "EPSG:28992", "EPSG:4326"))
    reshaped = ok(utrecht.post(f"{S}/{sid}/wijzigingen", json={"soort": "vorm", "claim": crafted.claim_id,
                                                               "geometrie": wgs84, "versie": 1}))  # fmt: skip
    stored = shapely.from_wkt(reshaped["wijzigingen"][0]["geometrie"])
    assert stored.symmetric_difference(target).area < 1.0  # m²: the same square after the round trip through degrees
    file = rd_file(tmp_path / "nieuw.geojson", affinity.translate(target, 300, 0), naam="genegeerd")
    added = utrecht.post(f"{S}/{sid}/wijzigingen/bestand",
                         data={"soort": "toevoegen", "naam": "Nieuwe wijk", "domein": "wonen", "versie": "2"},
                         files={"bestand": ("nieuw.geojson", file.read_bytes(), "application/geo+json")})  # fmt: skip
    change = ok(added)["wijzigingen"][1]
    assert (change["soort"], change["claim_id"], change["claim"]["naam"]) == ("toevoegen", -1, "Nieuwe wijk")
    analysed = ok(clients.lezer.get(f"{S}/{sid}/analyse"))["analyse"]
    assert analysed["claims"] == ok(clients.lezer.get("/api/v1/analyse"))["claims"] + 1


def crafted_folder(clients):
    folder = clients.vro.app.state.settings.data_dir
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "strik.geojson"


@pytest.mark.sqlite_only  # rights and parsing in front of the database
def test_the_scenario_routes_are_in_the_openapi_document(clients):
    spec = json.loads(clients.anonymous.get("/api/v1/openapi.json").text)
    assert {f"{S}", f"{S}/vergelijking", f"{S}/{{scenario_id}}", f"{S}/{{scenario_id}}/wijzigingen",
            f"{S}/{{scenario_id}}/wijzigingen/bestand", f"{S}/{{scenario_id}}/ongedaan",
            f"{S}/{{scenario_id}}/opnieuw", f"{S}/{{scenario_id}}/analyse",
            f"{S}/{{scenario_id}}/promotie"} <= {spec["servers"][0]["url"] + path for path in spec["paths"]}  # fmt: skip
    from openapi_spec_validator import validate

    validate(spec)
