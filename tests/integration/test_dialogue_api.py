"""The vraagstukken API end to end (TestClient, bearer tokens per role): signal, read, filter, change with
versions, triage, moves (409 naming what is possible now, 403 for a role that may not), history, the A5 PDF."""

from __future__ import annotations

import contextlib
import re
import zlib

import pytest
from fastapi.testclient import TestClient
from shapely.geometry import mapping

from novex import bootstrap
from novex.access import Actor
from novex.geo.crs import reproject
from tests.fixtures.clients import make_clients
from tests.fixtures.geo import UTRECHT, square

X, Y = UTRECHT
PROBLEM = "application/problem+json"
V = "/api/v1/vraagstukken"
AANPAK = {
    "aanpak": "Ontwerpend onderzoek naar woningbouw en natuur.",
    "tempo": "Binnen zes maanden.",
    "fasering": "Onderzoek, dan keuze.",
    "rolverdeling": "VRO coördineert; LVVN en de provincie leveren inbreng.",
    "besluitvorming": "Het BOL legt de richting vast.",
    "monitoring": "Jaarlijks in het Ruimtelijk Arrangement.",
}
ALL_MET = [{"code": c, "besluit": True, "motivering": "afgewogen"} for c in ("1", "2a", "2b", "3")]


@pytest.fixture(autouse=True)
def fresh_analyses():
    bootstrap.analyses().clear()
    yield
    bootstrap.analyses().clear()


@pytest.fixture
def api(settings):
    return make_clients(settings)


def is_problem(response, status):
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= set(body) and body["status"] == status
    return body


def claim(client, voorstel: int, x: float, y: float, side: float, naam: str, domein: str) -> int:
    geometry = mapping(reproject(square(x, y, side), "EPSG:28992", "EPSG:4326"))
    body = {"type": "Feature", "geometry": geometry, "properties": {"naam": naam, "domein": domein}}
    response = client.post(f"/api/v1/voorstellen/{voorstel}/claims", json=body)
    assert response.status_code == 201, response.text
    return response.json()["id"]


@pytest.fixture
def conflict(api):
    """A wonen claim on a natuur claim in Utrecht (overlap 500 m × 1000 m = 50 ha), and its conflict id."""
    voorstel = api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "Dialoog"}).json()["id"]
    wonen = claim(api.utrecht, voorstel, X, Y, 1000, "Wijk", "wonen")
    natuur = claim(api.utrecht, voorstel, X + 500, Y, 1000, "Natuurgebied", "natuur")
    found = api.vro.get("/api/v1/conflicten", params={"provincie": "PV26"}).json()["data"]
    (c,) = [c for c in found if set(c["claims"]) == {wonen, natuur}]
    assert c["area_ha"] == pytest.approx(50.0, rel=1e-3)
    return wonen, natuur, c["id"]


def signal(client, **body):
    body = {"titel": "Vraagstuk", "provincies": ["PV26"], "herkomst": "informeel-contact"} | body
    response = client.post(V, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def move(client, vid, naar, reden=None, **extra):
    return client.post(f"{V}/{vid}/overgangen", json={"naar": naar, "reden": reden} | extra)


# --- signal and read -------------------------------------------------------------------------------


def test_signal_from_a_conflict_and_read_the_triage_suggestions(api, conflict):
    wonen, natuur, cid = conflict
    prefill = api.utrecht.get(f"/api/v1/vraagstukken-uit-conflict/{cid}")
    assert prefill.status_code == 200, prefill.text
    draft = prefill.json()
    assert set(draft["claims"]) == {wonen, natuur} and draft["conflicten"] == [cid]
    assert draft["provincies"] == ["PV26"] and draft["oppervlakte_ha"] == pytest.approx(50.0, rel=1e-3)
    assert draft["ernst_formule"]

    created = signal(api.utrecht, titel="Wijk op natuur", provincies=["PV26"], claims=[wonen, natuur],
                     conflicten=[cid], herkomst="ruimtelijk-arrangement")  # fmt: skip
    assert created["fase"] == "gesignaleerd" and created["versie"] == 1
    assert created["aangemaakt_door"] == "planner@provincie-utrecht.nl"

    one = api.lezer.get(f"{V}/{created['id']}")
    assert one.status_code == 200, one.text
    body = one.json()
    assert body["fase"] == "gesignaleerd" and body["provincies"] == ["PV26"]
    assert body["claims"] == [wonen, natuur] and body["conflicten"] == [cid]
    assert body["herkomst"] == "ruimtelijk-arrangement"
    assert {"besluit", "suggestie", "onderbouwing"} <= set(body["leidend"]) and body["leidend"]["besluit"] is None
    criteria = {c["code"]: c for c in body["triage"]["criteria"]}
    assert list(criteria) == ["1", "2a", "2b", "3"]
    assert criteria["1"]["suggestie"] is True  # wonen × natuur is `conflict` in the matrix
    assert "Wonen" in criteria["1"]["onderbouwing"] and "Natuur" in criteria["1"]["onderbouwing"]
    assert criteria["2a"]["suggestie"] is True and cid in criteria["2a"]["onderbouwing"]
    assert criteria["2b"]["suggestie"] is False
    assert criteria["3"]["suggestie"] is None
    assert all(c["besluit"] is None and c["onderbouwing"] for c in criteria.values())
    assert body["triage"]["compleet"] is False
    assert [o["naar"] for o in body["overgangen"]] == ["beeldvorming"]
    assert body["overgangen"][0]["mogelijk"] is False  # the lezer may not, and there is no inkadering


def test_a_province_signals_for_its_own_province_only(api):
    refused = is_problem(api.utrecht.post(V, json={"titel": "Elders", "provincies": ["PV28"]}), 403)
    assert "PV28" in refused["detail"]
    for role in ("departement", "lezer", "beheerder"):
        is_problem(getattr(api, role).post(V, json={"titel": "X", "provincies": ["PV26"]}), 403)
    is_problem(api.anonymous.post(V, json={"titel": "X", "provincies": ["PV26"]}), 401)
    assert api.vro.get(V).json()["numberMatched"] == 0


def test_bad_bodies_are_422_naming_the_field(api):
    cases = [
        ({"provincies": ["PV26"]}, "titel"),
        ({"titel": "x", "provincies": []}, "provincies"),
        ({"titel": "x", "provincies": ["PV99"]}, "PV99"),
        ({"titel": "x", "provincies": ["PV26"], "domeinen": ["kernenergie"]}, "domeinen"),
        ({"titel": "x", "provincies": ["PV26"], "claims": [424242]}, "claim 424242"),
        ({"titel": "x", "provincies": ["PV26"], "conflicten": ["C-1"]}, "conflicten"),
        ({"titel": "x", "provincies": ["PV26"], "herkomst": "roddel"}, "herkomst"),
        ({"titel": "x", "provincies": ["PV26"], "onbekend": 1}, "onbekend"),
        ({"titel": "x" * 201, "provincies": ["PV26"]}, "titel"),
        ({"titel": "a\x00b", "provincies": ["PV26"]}, "titel"),
    ]
    for body, needle in cases:
        problem = is_problem(api.vro.post(V, json=body), 400)
        assert needle in problem["detail"], (body, problem["detail"])
    assert api.vro.get(V).json()["numberMatched"] == 0


ENGLISH = ("Input should", "Field required", "should be", "must be", "Value error", "is not a valid", "Extra inputs")


def dutch(detail: str) -> bool:
    return bool(detail.strip()) and not any(marker in detail for marker in ENGLISH)


def surviving(client):
    """The same user on the same app, but a server error comes back as the 500 a user would see."""
    other = TestClient(client.app, raise_server_exceptions=False)
    other.headers["Authorization"] = client.headers["Authorization"]
    return other


def test_a_conflict_id_with_a_huge_claim_number_is_422_not_500(api):
    vro = surviving(api.vro)
    for conflict in ("C-2147483648-1", "C-99999999999999999999-1", "C-1-R99999999999999999999"):
        response = vro.post(V, json={"titel": "x", "provincies": ["PV26"], "conflicten": [conflict]})
        problem = is_problem(response, 400)
        assert "conflicten" in problem["detail"] or "claim" in problem["detail"], problem["detail"]
    assert vro.get(V).json()["numberMatched"] == 0


def test_bad_dates_are_refused_in_dutch(api):
    v = signal(api.vro)
    cases = [
        (V, {"titel": "x", "provincies": ["PV26"], "deadline": "gisteren"}, "deadline"),
        (V, {"titel": "x", "provincies": ["PV26"], "deadline": "0000-01-01"}, "deadline"),
        (V, {"titel": "x", "provincies": ["PV26"], "deadline": "2026-02-30"}, "deadline"),
        (f"{V}/{v['id']}/tafelbesluiten", {"tafel": "do-novex", "datum": "morgen", "uitkomst": "x"}, "datum"),
    ]
    for url, body, field in cases:
        problem = is_problem(api.vro.post(url, json=body), 400)
        assert field in problem["detail"] and dutch(problem["detail"]), problem["detail"]


def test_a_nul_in_a_triage_motivation_is_refused(api):
    v = signal(api.vro)
    body = {"criteria": [{"code": "3", "besluit": True, "motivering": "a\x00b"}], "versie": 1}
    problem = is_problem(api.vro.put(f"{V}/{v['id']}/triage", json=body), 400)
    assert "motivering" in problem["detail"] or "NUL" in problem["detail"]
    after = api.vro.get(f"{V}/{v['id']}").json()
    assert after["versie"] == 1 and all(c["motivering"] is None for c in after["triage"]["criteria"])


def test_list_filters_by_province_phase_and_domain(api):
    a = signal(api.vro, titel="A", provincies=["PV26"], domeinen=["wonen"], inkadering="NR")
    b = signal(api.vro, titel="B", provincies=["PV28"], domeinen=["natuur"])
    c = signal(api.vro, titel="C", provincies=["PV28", "PV26"], domeinen=["wonen", "water"])
    assert move(api.vro, a["id"], "beeldvorming").status_code == 200

    def titles(client=api.vro, **params):
        response = client.get(V, params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["numberMatched"] == body["numberReturned"] == len(body["vraagstukken"])
        return [v["titel"] for v in body["vraagstukken"]]

    assert titles() == ["C", "B", "A"]  # newest first
    assert titles(provincie="PV26") == ["C", "A"]
    assert titles(provincie=["PV28"]) == ["C", "B"]
    assert titles(provincie="pv28") == ["C", "B"]
    assert titles(fase="beeldvorming") == ["A"]
    assert titles(fase=["gesignaleerd"]) == ["C", "B"]
    assert titles(domein="wonen") == ["C", "A"]
    assert titles(domein=["natuur", "water"]) == ["C", "B"]
    assert titles(provincie="PV26", fase="gesignaleerd", domein="wonen") == ["C"]
    assert titles(tekst="b") == ["B"]
    assert titles(client=api.utrecht) == ["C", "A"]  # a province sees its own and what crosses into it
    assert titles(client=api.zuid_holland) == ["C", "B"]
    paged = api.vro.get(V, params={"pageSize": 2, "page": 2}).json()
    assert paged["numberMatched"] == 3 and [v["titel"] for v in paged["vraagstukken"]] == ["A"]
    is_problem(api.utrecht.get(V, params={"provincie": "PV28"}), 403)
    assert "fase" in is_problem(api.vro.get(V, params={"fase": "klaar"}), 400)["detail"]
    assert "domein" in is_problem(api.vro.get(V, params={"domein": "kernenergie"}), 400)["detail"]
    assert "PV99" in is_problem(api.vro.get(V, params={"provincie": "PV99"}), 400)["detail"]
    is_problem(api.utrecht.get(f"{V}/{b['id']}"), 403)
    assert api.utrecht.get(f"{V}/{c['id']}").status_code == 200
    is_problem(api.vro.get(f"{V}/99999"), 404)


# --- changes with versions --------------------------------------------------------------------------


def test_put_with_version_or_if_match_and_a_stale_one_is_409(api):
    v = signal(api.utrecht, titel="Eerst")
    body = {"titel": "Tweede", "provincies": ["PV26"], "inkadering": "NR"}
    first = api.vro.put(f"{V}/{v['id']}", json=body | {"versie": 1, "reden": "scherper"})
    assert first.status_code == 200, first.text
    assert first.json()["versie"] == 2 and first.json()["titel"] == "Tweede"
    stale = is_problem(api.vro.put(f"{V}/{v['id']}", json=body | {"titel": "Derde", "versie": 1}), 409)
    assert stale["currentVersion"] == 2 and "versie 2" in stale["detail"]
    stale = is_problem(api.vro.put(f"{V}/{v['id']}", json=body | {"titel": "Derde"}, headers={"If-Match": '"1"'}), 409)
    assert stale["currentVersion"] == 2
    assert api.vro.get(f"{V}/{v['id']}").json()["titel"] == "Tweede"  # nothing changed
    third = api.vro.put(f"{V}/{v['id']}", json=body | {"titel": "Derde"}, headers={"If-Match": 'W/"2"'})
    assert third.status_code == 200 and third.json()["versie"] == 3
    assert "versie" in is_problem(api.vro.put(f"{V}/{v['id']}", json=body), 400)["detail"]
    assert (
        "If-Match" in is_problem(api.vro.put(f"{V}/{v['id']}", json=body, headers={"If-Match": "nee"}), 400)["detail"]
    )
    is_problem(api.utrecht.put(f"{V}/{v['id']}", json=body | {"versie": 3}), 403)  # only VRO handles
    history = api.utrecht.get(f"{V}/{v['id']}/geschiedenis").json()["wijzigingen"]
    assert [e["actie"] for e in history] == ["vraagstuk.gewijzigd", "vraagstuk.gewijzigd", "vraagstuk.gesignaleerd"]
    assert history[-1]["door"] == "planner@provincie-utrecht.nl" and history[1]["reden"] == "scherper"


def test_put_triage_records_decisions_and_refuses_an_unmotivated_override(api, conflict):
    wonen, natuur, cid = conflict
    v = signal(api.vro, claims=[wonen, natuur], conflicten=[cid])
    override = {"criteria": [{"code": "1", "besluit": False}], "versie": 1}
    assert "criterium 1" in is_problem(api.vro.put(f"{V}/{v['id']}/triage", json=override), 400)["detail"]
    assert "code" in is_problem(api.vro.put(f"{V}/{v['id']}/triage", json={"criteria": [{"code": "4"}], "versie": 1}),
                                400)["detail"]  # fmt: skip
    is_problem(api.utrecht.put(f"{V}/{v['id']}/triage", json={"criteria": ALL_MET, "versie": 1}), 403)
    body = {"criteria": [{"code": "1", "besluit": False, "motivering": "lokaal al opgelost"},
                         {"code": "3", "besluit": True}], "advies": "niet oppakken", "besloten_door": "accountteam"}  # fmt: skip
    done = api.vro.put(f"{V}/{v['id']}/triage", json=body, headers={"If-Match": "1"})
    assert done.status_code == 200, done.text
    criteria = {c["code"]: c for c in done.json()["triage"]["criteria"]}
    assert (criteria["1"]["suggestie"], criteria["1"]["besluit"], criteria["1"]["motivering"]) == (
        True, False, "lokaal al opgelost")  # fmt: skip
    assert criteria["3"]["besluit"] is True and criteria["2a"]["besluit"] is None
    assert done.json()["triage"]["compleet"] is False and done.json()["versie"] == 2
    is_problem(api.vro.put(f"{V}/{v['id']}/triage", json=body | {"versie": 1}), 409)


# --- moves -------------------------------------------------------------------------------------------


def test_a_refused_move_is_409_naming_what_is_possible_now(api):
    v = signal(api.vro, titel="Zonder inkadering")
    refused = is_problem(move(api.vro, v["id"], "beeldvorming"), 409)
    assert "'inkadering' ontbreekt" in refused["detail"] and "nu mogelijk: geen" in refused["detail"]
    api.vro.put(f"{V}/{v['id']}", json={"titel": "Met", "provincies": ["PV26"], "inkadering": "NR", "versie": 1})
    skip = is_problem(move(api.vro, v["id"], "besluitvorming"), 409)
    assert "nu mogelijk: 'beeldvorming'" in skip["detail"]
    assert any("nu mogelijk" in p["reason"] for p in skip["invalidParams"])
    assert api.vro.get(f"{V}/{v['id']}").json()["fase"] == "gesignaleerd"
    moved = move(api.vro, v["id"], "beeldvorming", "ingekaderd")
    assert moved.status_code == 200 and moved.json()["fase"] == "beeldvorming"
    untriaged = is_problem(move(api.vro, v["id"], "oordeelsvorming"), 409)
    assert "'triage' ontbreekt" in untriaged["detail"] and "nu mogelijk: geen" in untriaged["detail"]
    is_problem(move(api.vro, v["id"], "klaar"), 400)  # not a phase at all


def test_a_role_that_may_not_move_is_403(api):
    v = signal(api.utrecht, titel="Utrecht", inkadering="NR")
    for role in ("utrecht", "departement", "beheerder"):
        problem = is_problem(move(getattr(api, role), v["id"], "beeldvorming"), 403)
        assert "mag" in problem["detail"]
    is_problem(move(api.lezer, v["id"], "beeldvorming"), 403)
    is_problem(move(api.zuid_holland, v["id"], "beeldvorming"), 403)
    is_problem(move(api.anonymous, v["id"], "beeldvorming"), 401)
    assert api.vro.get(f"{V}/{v['id']}").json()["fase"] == "gesignaleerd"
    assert api.vro.get(f"{V}/{v['id']}/geschiedenis").json()["overgangen"] == []


def test_the_whole_cycle_over_the_api_and_its_history(api, conflict):
    wonen, natuur, cid = conflict
    v = signal(api.utrecht, claims=[wonen, natuur], conflicten=[cid], inkadering="NR")
    vid = v["id"]
    assert move(api.vro, vid, "beeldvorming", "ingekaderd").status_code == 200
    triage = api.vro.put(f"{V}/{vid}/triage", json={"criteria": ALL_MET, "advies": "ja", "besloten_door": "Regietafel",
                                                   "versie": 2})  # fmt: skip
    assert triage.status_code == 200, triage.text
    assert move(api.vro, vid, "oordeelsvorming", "voldoet").status_code == 200
    lead = api.vro.put(f"{V}/{vid}/leidend", json={"leidend": "departement", "departement": "EZK", "versie": 4})
    assert lead.status_code == 200, lead.text
    aanpak = api.vro.put(f"{V}/{vid}/aanpak", json=AANPAK | {"versie": 5})
    assert aanpak.status_code == 200, aanpak.text
    assert move(api.vro, vid, "besluitvorming").status_code == 200
    do = {"tafel": "do-novex", "datum": "2026-10-01", "uitkomst": "eenduidig advies", "consensus": True, "versie": 7}
    is_problem(api.utrecht.post(f"{V}/{vid}/tafelbesluiten", json=do), 403)
    recorded = api.departement.post(f"{V}/{vid}/tafelbesluiten", json=do)  # EZK is the lead ministry
    assert recorded.status_code == 201, recorded.text
    assert api.departement.post(f"{V}/{vid}/bijdragen", json={"tekst": "EZK akkoord"}).status_code == 201
    done = move(api.departement, vid, "vastgelegd", "DO NOVEX eensgezind")
    assert done.status_code == 200, done.text
    assert done.json()["fase"] == "vastgelegd"
    final = is_problem(move(api.vro, vid, "oordeelsvorming"), 409)
    assert "eindfase" in final["detail"]

    history = api.utrecht.get(f"{V}/{vid}/geschiedenis")
    assert history.status_code == 200
    moves = [(m["van"], m["naar"], m["door"], m["reden"]) for m in history.json()["overgangen"]]
    assert moves == [
        ("gesignaleerd", "beeldvorming", "vro@minbzk.nl", "ingekaderd"),
        ("beeldvorming", "oordeelsvorming", "vro@minbzk.nl", "voldoet"),
        ("oordeelsvorming", "besluitvorming", "vro@minbzk.nl", None),
        ("besluitvorming", "vastgelegd", "expert@minezk.nl", "DO NOVEX eensgezind"),
    ]
    changes = [(e["actie"], e["door"]) for e in reversed(history.json()["wijzigingen"])]
    assert changes == [
        ("vraagstuk.gesignaleerd", "planner@provincie-utrecht.nl"),
        ("vraagstuk.fase-gewijzigd", "vro@minbzk.nl"),
        ("vraagstuk.triage", "vro@minbzk.nl"),
        ("vraagstuk.fase-gewijzigd", "vro@minbzk.nl"),
        ("vraagstuk.leidend", "vro@minbzk.nl"),
        ("vraagstuk.aanpak", "vro@minbzk.nl"),
        ("vraagstuk.fase-gewijzigd", "vro@minbzk.nl"),
        ("vraagstuk.tafel", "expert@minezk.nl"),
        ("vraagstuk.bijdrage", "expert@minezk.nl"),
        ("vraagstuk.fase-gewijzigd", "expert@minezk.nl"),
    ]
    is_problem(api.zuid_holland.get(f"{V}/{vid}/geschiedenis"), 403)
    contributions = api.utrecht.get(f"{V}/{vid}/bijdragen").json()
    assert [(b["auteur"], b["tekst"], b["departement"]) for b in contributions] == [
        ("expert@minezk.nl", "EZK akkoord", "EZK")
    ]


def test_elders_belegd_over_the_api_needs_reason_and_a_known_place(api):
    v = signal(api.vro, inkadering="NR")
    move(api.vro, v["id"], "beeldvorming")
    api.vro.put(f"{V}/{v['id']}/triage", json={"criteria": ALL_MET, "advies": "elders", "besloten_door": "Regietafel",
                                               "versie": 2})  # fmt: skip
    assert "reden" in is_problem(move(api.vro, v["id"], "elders-belegd", plek="provincie-pv26"), 400)["detail"]
    assert "nergens" in is_problem(move(api.vro, v["id"], "elders-belegd", "x", plek="nergens"), 400)["detail"]
    places = {p["id"] for p in api.lezer.get("/api/v1/registers/plekken").json()}
    assert "provincie-pv26" in places
    done = move(api.vro, v["id"], "elders-belegd", "de provincie pakt het op", plek="provincie-pv26")
    assert done.status_code == 200, done.text
    assert done.json()["uitkomst"] == {"plek": "provincie-pv26", "reden": "de provincie pakt het op"}


def test_the_guard_warns_over_the_api(api):
    decisions = api.lezer.get("/api/v1/registers/besluiten").json()
    assert decisions
    first = decisions[0]
    v = signal(api.vro, besluiten=[first["id"]])
    (warning,) = api.vro.get(f"{V}/{v['id']}").json()["waarschuwingen"]
    assert first["titel"] in warning


def test_vro_adds_to_the_open_registers_and_bad_entries_are_refused(api):
    place = {"id": "gebiedstafel-rijnenburg", "naam": "Gebiedstafel Rijnenburg", "soort": "overig", "bron": "BOL 2026"}
    added = api.vro.post("/api/v1/registers/plekken", json=place)
    assert added.status_code == 201, added.text
    assert added.json()["naam"] == "Gebiedstafel Rijnenburg"
    decision = {"id": "besluit-rijnenburg", "titel": "Besluit Rijnenburg", "datum": "2025-06-01", "bron": "BOL"}
    assert api.vro.post("/api/v1/registers/besluiten", json=decision).status_code == 201
    is_problem(api.utrecht.post("/api/v1/registers/plekken", json=place | {"id": "van-utrecht"}), 403)
    places = {p["id"]: p for p in api.utrecht.get("/api/v1/registers/plekken").json()}
    assert places["gebiedstafel-rijnenburg"]["naam"] == "Gebiedstafel Rijnenburg" and "van-utrecht" not in places
    decisions = {d["id"]: d for d in api.lezer.get("/api/v1/registers/besluiten").json()}
    assert decisions["besluit-rijnenburg"]["wanneer"] == "2025-06-01"

    refusals = [
        ("plekken", place, "bestaat al"),  # the same id again
        ("plekken", place | {"id": "nul-in-naam", "naam": "Gebieds\x00tafel"}, "naam"),
        ("besluiten", decision | {"id": "nul-in-titel", "titel": "Besluit\x00"}, "titel"),
        ("plekken", place | {"id": "provincie-pv99", "naam": "de provincie Atlantis zelf"}, "provincie-"),
        ("plekken", place | {"id": "novex-gebied-nep", "naam": "NOVEX-gebied Nep"}, "novex-gebied-"),
    ]
    for kind, body, needle in refusals:
        problem = is_problem(api.vro.post(f"/api/v1/registers/{kind}", json=body), 400)
        assert needle in problem["detail"], (body["id"], problem["detail"])
    places = {p["id"] for p in api.vro.get("/api/v1/registers/plekken").json()}
    decisions = {d["id"] for d in api.vro.get("/api/v1/registers/besluiten").json()}
    assert not {"nul-in-naam", "provincie-pv99", "novex-gebied-nep"} & places and "nul-in-titel" not in decisions


# --- the Format aanpak vraagstuk (A5 PDF) ------------------------------------------------------------

A5_POINTS = (419.53, 595.28)  # 148 mm × 210 mm


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """The size of each page object (the PDF's object streams inflated first)."""
    parts = [pdf]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        with contextlib.suppress(zlib.error):  # not every stream is deflated
            parts.append(zlib.decompress(stream.group(1)))
    text = b"\n".join(parts)
    pages = re.findall(rb"/Type\s*/Page\b(?!s)", text)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", text)
    assert len(boxes) == len(pages)
    return [(float(w), float(h)) for w, h in boxes]


def test_the_a5_pdf_and_its_refusals(api, settings):
    v = signal(api.vro, titel="Rijnenburg", accounthouder=None)
    vid = v["id"]
    missing = is_problem(api.lezer.get(f"{V}/{vid}/aanpak.pdf"), 400)
    assert "Tempo" in missing["detail"] and "Monitoring" in missing["detail"]  # the empty sections named
    too_long = api.vro.put(f"{V}/{vid}/aanpak", json=AANPAK | {"fasering": "stap " * 900, "versie": 1})
    assert "Fasering" in is_problem(too_long, 400)["detail"]
    assert api.vro.get(f"{V}/{vid}").json()["aanpak"] == {}  # nothing stored
    assert api.vro.put(f"{V}/{vid}/aanpak", json=AANPAK | {"versie": 1}).status_code == 200

    pdf = api.lezer.get(f"{V}/{vid}/aanpak.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and pdf.content.rstrip().endswith(b"%%EOF")
    (size,) = page_sizes(pdf.content)  # exactly one page
    assert size == pytest.approx(A5_POINTS, abs=0.5)
    assert f'aanpak-vraagstuk-{vid}.pdf"' in pdf.headers["content-disposition"]
    public = api.anonymous.get(f"{V}/{vid}/aanpak.pdf", params={"openbaar": "true"})
    assert public.status_code == 401  # the public variant still needs a login
    public = api.lezer.get(f"{V}/{vid}/aanpak.pdf", params={"openbaar": "true"})
    assert public.status_code == 200 and public.content.startswith(b"%PDF-")
    assert f"aanpak-vraagstuk-{vid}-openbaar.pdf" in public.headers["content-disposition"]
    assert len(page_sizes(public.content)) == 1

    # an approach stored without the page check (e.g. before it existed) is refused, never cut
    with bootstrap.database(settings).session() as session:
        service = bootstrap.vraagstuk_service(session)
        current = service.get(Actor.operator(), vid)
        service.set_aanpak(Actor.operator(), vid, AANPAK | {"monitoring": "meten " * 800}, current.version)
    refused = is_problem(api.lezer.get(f"{V}/{vid}/aanpak.pdf"), 400)
    assert "Monitoring" in refused["detail"] and "past niet" in refused["detail"]
    is_problem(api.lezer.get(f"{V}/99999/aanpak.pdf"), 404)
