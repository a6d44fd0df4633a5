"""The Ruimtelijk Arrangement through its API (issue 18): draft, SMART findings, propose, adopt, locked, diff, money.

Every expectation is written by hand from the seeds and the rules (the five parts of seed 003 §4.1, the
five inclusion criteria of seed 002 Bijlage 3 §4, the SMART findings as `novex.arrangement.smart`
documents them, the register of funds), never computed by the code under test.
"""

from __future__ import annotations

from importlib import resources

import pytest

from tests.fixtures.arrangementen import ALL_MET_JSON, MONEY_JSON, SMART_JSON
from tests.fixtures.clients import make_clients
from tests.fixtures.vraagstukken import decided_in_bol

RA = "/api/v1/arrangementen"
SEED_002 = (resources.files("novex.catalog") / "sources" / "002_007158e3502fce0d.txt").read_text("utf-8")
SEED_003 = (resources.files("novex.catalog") / "sources" / "003_ea5816389083bc68.txt").read_text("utf-8")


@pytest.fixture
def world(settings):
    """API clients per role, and two Utrecht vraagstukken decided in the BOL of 2027: (clients, ids, BOL)."""
    clients = make_clients(settings)
    with clients.vro.app.state.db.session() as session:
        ids, bol = decided_in_bol(session, ("Wonen langs de A12", "Water bij Lopik"))
    yield clients, ids, bol
    clients.vro.app.state.db.engine.dispose()


def ok(response, status=200):
    assert response.status_code == status, response.text[:800]
    return response.json()


def problem(response, status):
    assert response.status_code == status, response.text[:800]
    assert response.headers["content-type"].startswith("application/problem+json")
    return response.json()


def test_a_draft_shows_the_five_parts_its_agreements_and_the_five_inclusion_criteria(world):
    clients, (a12, lopik), _ = world
    ra = ok(clients.utrecht.post(RA, json={"provincie": "PV26", "jaar": 2027}), 201)
    assert (ra["provincie"], ra["jaar"], ra["status"], ra["generatie"], ra["versie"]) == (
        "PV26", 2027, "concept", "jaarlijks", 1)  # fmt: skip
    assert [o["nummer"] for o in ra["onderdelen"]] == [1, 2, 3, 4, 5]
    assert all(o["titel"] and o["toelichting"] == "" for o in ra["onderdelen"])
    assert ra["onderdelen"][0]["titel"] == "Ruimtelijk beeld en wederkerige afspraken per provincie"
    assert "Investeringsafspraken per provincie" in ra["onderdelen"][4]["titel"]
    assert "Ruimtelijk beeld en wederkerige afspraken per provincie" in SEED_003
    # the BOL's choices became draft agreements with platform keys, in the order the BOL took them
    assert [(a["sleutel"], a["vraagstuk_id"], a["tekst"]) for a in ra["afspraken"]] == [
        ("PV26-2027-1", a12, "Het BOL kiest: Wonen langs de A12"),
        ("PV26-2027-2", lopik, "Het BOL kiest: Water bij Lopik"),
    ]
    assert all(a["id"] > 0 and a["bol_besluit_id"] for a in ra["afspraken"])
    assert all(a["partijen"] == ["VRO", "Utrecht"] for a in ra["afspraken"])
    assert {i["vraagstuk_id"] for i in ra["inclusies"]} == {a12, lopik}
    for inclusie in ra["inclusies"]:
        assert [c["nummer"] for c in inclusie["criteria"]] == [1, 2, 3, 4, 5]
        assert all(c["besluit"] is None for c in inclusie["criteria"]) and inclusie["opgenomen"] is False
        for c in inclusie["criteria"]:  # each criterion in the seed's own words
            assert c["tekst"] and c["tekst"] in SEED_002, c["tekst"]
    assert inclusie["criteria"][0]["tekst"] == "Het vraagstuk is multisectoraal en vraagt om integrale afweging"
    assert (ra["open_knopen"], ra["investeringen"], ra["motiveringen"]) == ([], [], [])
    assert (ra["vastgesteld_in"], ra["ondertekening"], ra["vorige_versie"], ra["vervangen_door"]) == (None,) * 4
    assert ok(clients.lezer.get(f"{RA}/{ra['id']}"))["id"] == ra["id"]  # drafts: readable by the parties' readers
    problem(clients.zuid_holland.get(f"{RA}/{ra['id']}"), 403)  # not by another province
    problem(clients.anonymous.get(f"{RA}/{ra['id']}"), 401)
    problem(clients.utrecht.post(RA, json={"provincie": "PV26", "jaar": 2027}), 409)  # one version per year
    problem(clients.utrecht.post(RA, json={"provincie": "PV28", "jaar": 2027}), 403)
    problem(clients.departement.post(RA, json={"provincie": "PV26", "jaar": 2028}), 403)


def findings(client, ra_id):
    return ok(client.get(f"{RA}/{ra_id}/smart"))


def test_smart_findings_propose_adopt_and_locked(world):
    clients, (a12, lopik), bol = world
    utrecht, vro = clients.utrecht, clients.vro
    ra = ok(utrecht.post(RA, json={"provincie": "PV26", "jaar": 2027}), 201)
    rid, first, second = ra["id"], "PV26-2027-1", "PV26-2027-2"
    # by hand: an agreement straight from the BOL has text and two parties, nothing else
    expected = {("specifiek", "geen-resultaat"), ("meetbaar", "geen-indicator"),
                ("acceptabel", "niet-geaccepteerd:VRO"), ("acceptabel", "niet-geaccepteerd:Utrecht"),
                ("realistisch", "geen-middelen"), ("realistisch", "geen-capaciteit"),
                ("tijdsgebonden", "geen-deadline"), ("eigenaar", "geen-eigenaar")}  # fmt: skip
    found = findings(utrecht, rid)
    assert {(f["criterium"], f["code"]) for f in found if f["afspraak"] == first} == expected
    assert {(f["criterium"], f["code"]) for f in found if f["afspraak"] == second} == expected
    assert len(found) == 16 and not any(f["gemotiveerd"] for f in found)
    assert {f["sleutel"] for f in found} >= {f"{first}/geen-eigenaar", f"{second}/niet-geaccepteerd:VRO"}
    owner = next(f for f in found if f["sleutel"] == f"{first}/geen-eigenaar")
    assert owner["melding"].startswith("Afspraak 1: ") and "eigenaar" in owner["melding"]
    # proposing waits for the inclusion decisions, then for the SMART findings
    refused = problem(utrecht.post(f"{RA}/{rid}/overgangen", json={"naar": "voorgelegd", "versie": 1}), 409)
    assert "inclusiecriteria" in refused["detail"]
    version = ra["versie"]
    for vid in (a12, lopik):
        version = ok(utrecht.put(f"{RA}/{rid}/inclusies/{vid}", json={"criteria": ALL_MET_JSON, "versie": version}))[
            "versie"
        ]
    shown = ok(utrecht.get(f"{RA}/{rid}"))
    assert all(i["opgenomen"] and i["compleet"] for i in shown["inclusies"]) and shown["versie"] == version == 3
    refused = problem(utrecht.post(f"{RA}/{rid}/overgangen", json={"naar": "voorgelegd", "versie": version}), 409)
    assert "16 SMART-bevindingen staan nog open zonder motivering" in refused["detail"]
    # mend the first agreement; motivate each finding of the second
    body = SMART_JSON | {"vraagstuk_id": a12, "versie": version}
    version = ok(utrecht.put(f"{RA}/{rid}/afspraken/{first}", json=body))["versie"]
    found = findings(utrecht, rid)
    assert {f["afspraak"] for f in found} == {second} and len(found) == 8
    for f in found:  # the key holds a '/' and a ':' (and a party's name): it travels as the path's tail
        version = ok(utrecht.put(f"{RA}/{rid}/motiveringen/{f['sleutel']}",
                                 json={"tekst": "volgt in het BOL", "versie": version}))["versie"]  # fmt: skip
    found = findings(utrecht, rid)
    assert len(found) == 8 and all(f["gemotiveerd"] and f["motivering"] == "volgt in het BOL" for f in found)
    problem(utrecht.put(f"{RA}/{rid}/motiveringen/{first}/geen-eigenaar",
                        json={"tekst": "x", "versie": version}), 400)  # fmt: skip  # not open: nothing to motivate
    moves = ok(utrecht.get(f"{RA}/{rid}/overgangen"))
    assert moves == [{"naar": "voorgelegd", "naam": "voorleggen aan het BOL", "mogelijk": True, "redenen": []}]
    (lezer_move,) = ok(clients.lezer.get(f"{RA}/{rid}/overgangen"))
    assert lezer_move["mogelijk"] is False and "lezer" in lezer_move["redenen"][0]
    # a stale version is refused with the current one; then proposed
    stale = problem(utrecht.post(f"{RA}/{rid}/overgangen", json={"naar": "voorgelegd", "versie": version - 1}), 409)
    assert stale["currentVersion"] == version
    problem(clients.lezer.post(f"{RA}/{rid}/overgangen", json={"naar": "voorgelegd", "versie": version - 1}), 403)
    proposed = ok(utrecht.post(f"{RA}/{rid}/overgangen",
                               json={"naar": "voorgelegd", "reden": "klaar voor het BOL", "versie": version}))  # fmt: skip
    assert proposed["status"] == "voorgelegd"
    problem(utrecht.put(f"{RA}/{rid}/onderdelen/1", json={"toelichting": "x", "versie": proposed["versie"]}), 409)
    # only VRO records the adoption, in the BOL of the province's landsdeel
    adopt = {"naar": "vastgesteld", "vergadering_id": bol.id, "versie": proposed["versie"]}
    problem(utrecht.post(f"{RA}/{rid}/overgangen", json=adopt), 403)
    problem(vro.post(f"{RA}/{rid}/overgangen", json=adopt | {"vergadering_id": None}), 400)
    adopted = ok(vro.post(f"{RA}/{rid}/overgangen", json=adopt))
    assert adopted["status"] == "vastgesteld" and adopted["vastgesteld_in"]["vergadering_id"] == bol.id
    assert adopted["vastgesteld_in"]["datum"] == bol.datum.isoformat()
    # locked: every change is a 409 that says why, and changes nothing
    v = adopted["versie"]
    for method, path, payload in (
        ("put", "onderdelen/1", {"toelichting": "Na afloop", "versie": v}),
        ("post", "afspraken", SMART_JSON | {"versie": v}),
        ("put", f"afspraken/{first}", SMART_JSON | {"versie": v}),
        ("delete", f"afspraken/{first}?versie={v}", None),
        ("put", f"inclusies/{a12}", {"criteria": ALL_MET_JSON, "versie": v}),
        ("post", "investeringen", MONEY_JSON | {"versie": v}),
        ("put", "open-knopen", {"knopen": [], "versie": v}),
        ("put", f"motiveringen/{second}/geen-deadline", {"tekst": "", "versie": v}),
        ("post", "overgangen", {"naar": "concept", "versie": v}),
    ):
        for client in (vro, utrecht):
            kwargs = {} if payload is None else {"json": payload}
            locked = problem(client.request(method.upper(), f"{RA}/{rid}/{path}", **kwargs), 409)
            assert "vastgesteld" in locked["detail"], (path, locked)
    assert ok(vro.get(f"{RA}/{rid}")) == adopted
    assert ok(clients.zuid_holland.get(f"{RA}/{rid}"))["status"] == "vastgesteld"  # a public document now
    history = ok(utrecht.get(f"{RA}/{rid}/geschiedenis"))
    assert [(s["van"], s["naar"], s["door"]) for s in history["overgangen"]] == [
        ("concept", "voorgelegd", "planner@provincie-utrecht.nl"), ("voorgelegd", "vastgesteld", "vro@minbzk.nl")]  # fmt: skip
    assert history["overgangen"][0]["reden"] == "klaar voor het BOL"
    assert history["wijzigingen"][-1]["actie"] == "ruimtelijk-arrangement.aangemaakt"


SMART_CASES = [  # (what is changed in a SMART agreement, criterion, code, words of the message) — by hand
    ({"resultaat": "Woningen bouwen"}, "specifiek", "resultaat-te-kort", "te kort om specifiek te zijn"),
    ({"resultaat": "Partijen gaan de woningbouw in de regio verkennen"}, "specifiek", "resultaat-vaag",
     "het resultaat is vaag ('verkennen')"),
    ({"indicator": None, "eenheid": None, "basiswaarde": None, "streefwaarde": None}, "meetbaar", "geen-indicator",
     "er is geen indicator"),
    ({"streefwaarde": "heel veel"}, "meetbaar", "streefwaarde-geen-getal", "de streefwaarde 'heel veel' is geen getal"),
    ({"acceptaties": [{"partij": "VRO"}, {"partij": "Utrecht", "akkoord": False, "toelichting": "eerst de Staten"}]},
     "acceptabel", "niet-geaccepteerd:Utrecht", "Utrecht is niet akkoord met de afspraak (eerst de Staten)"),
    ({"middelen": None}, "realistisch", "geen-middelen", "er zijn geen middelen vastgelegd"),
    ({"deadline": None, "mijlpalen": []}, "tijdsgebonden", "geen-deadline", "er is geen deadline"),
    ({"deadline": "2026-01-31", "mijlpalen": []}, "tijdsgebonden", "deadline-verstreken",
     "de deadline 31 januari 2026 is al verstreken"),
    ({"eigenaren": []}, "eigenaar", "geen-eigenaar", "er is geen eigenaar van de uitvoering"),
]  # fmt: skip


def test_the_smart_check_finds_and_words_one_case_per_criterion(world):
    clients, _, _ = world
    vro = clients.vro
    ra = ok(vro.post(RA, json={"provincie": "PV28", "jaar": 2027}), 201)  # Zuid-Holland: no BOL choices yet
    version = ra["versie"]
    added = ok(vro.post(f"{RA}/{ra['id']}/afspraken", json=SMART_JSON | {"sleutel": "goed", "versie": version}), 201)
    assert added["sleutel"] == "goed" and added["id"] > 0 and added["arrangement_versie"] == version + 1
    version = added["arrangement_versie"]
    assert findings(vro, ra["id"]) == []  # the SMART agreement has no finding
    keys = []
    for n, (change, _, _, _) in enumerate(SMART_CASES, start=2):
        made = ok(vro.post(f"{RA}/{ra['id']}/afspraken", json=SMART_JSON | change | {"versie": version}), 201)
        assert made["sleutel"] == f"PV28-2027-{n}"  # the platform's key: province, year, position
        keys.append(made["sleutel"])
        version = made["arrangement_versie"]
    found = findings(clients.zuid_holland, ra["id"])
    by_key = {}
    for f in found:
        by_key.setdefault(f["afspraak"], []).append(f)
    for n, (key, (_, criterium, code, words)) in enumerate(zip(keys, SMART_CASES, strict=True), start=2):
        (finding,) = by_key[key]  # exactly the one deficiency, no other finding
        assert (finding["criterium"], finding["code"], finding["nummer"]) == (criterium, code, n)
        assert finding["melding"].startswith(f"Afspraak {n}: ") and words in finding["melding"], finding
    assert {f["criterium"] for f in found} == {"specifiek", "meetbaar", "acceptabel", "realistisch",
                                               "tijdsgebonden", "eigenaar"}  # fmt: skip


def test_the_diff_of_crafted_versions(world):
    clients, (a12, lopik), bol = world
    vro = clients.vro
    ra = ok(vro.post(RA, json={"provincie": "PV26", "jaar": 2027}), 201)
    rid, v = ra["id"], ra["versie"]
    for vid in (a12, lopik):
        v = ok(vro.put(f"{RA}/{rid}/inclusies/{vid}", json={"criteria": ALL_MET_JSON, "versie": v}))["versie"]
    for a, vid in zip(ra["afspraken"], (a12, lopik), strict=True):  # SMART, still from the BOL's decision
        origin = {"vraagstuk_id": vid, "bol_besluit_id": a["bol_besluit_id"], "versie": v}
        v = ok(vro.put(f"{RA}/{rid}/afspraken/{a['sleutel']}", json=SMART_JSON | origin))["versie"]
    v = ok(vro.post(f"{RA}/{rid}/overgangen", json={"naar": "voorgelegd", "versie": v}))["versie"]
    ok(vro.post(f"{RA}/{rid}/overgangen", json={"naar": "vastgesteld", "vergadering_id": bol.id, "versie": v}))
    # next year's draft copies it (same keys; each party accepts the new text again)
    new = ok(vro.post(RA, json={"provincie": "PV26", "jaar": 2028}), 201)
    nid, w = new["id"], new["versie"]
    assert new["vorige_versie"] == rid and [a["sleutel"] for a in new["afspraken"]] == ["PV26-2027-1", "PV26-2027-2"]
    assert all(a["acceptaties"] == [] for a in new["afspraken"])
    kept = new["afspraken"][0]
    changed = SMART_JSON | {"tekst": "Aangescherpt: 5.000 woningen", "onderdeel": 4, "streefwaarde": 5000,
                       "vraagstuk_id": a12, "bol_besluit_id": kept["bol_besluit_id"], "versie": w}  # fmt: skip
    w = ok(vro.put(f"{RA}/{nid}/afspraken/PV26-2027-1", json=changed))["versie"]
    w = ok(vro.delete(f"{RA}/{nid}/afspraken/PV26-2027-2", params={"versie": w}))["versie"]
    added = ok(vro.post(f"{RA}/{nid}/afspraken", json=SMART_JSON | {"sleutel": "nieuw", "tekst": "Nieuw", "versie": w}), 201)
    w = added["arrangement_versie"]
    w = ok(vro.put(f"{RA}/{nid}/onderdelen/3", json={"toelichting": "Bijdrage Foodvalley", "versie": w}))["versie"]
    money = ok(vro.post(f"{RA}/{nid}/investeringen", json=MONEY_JSON | {"versie": w}), 201)
    w = money["arrangement_versie"]
    w = ok(vro.put(f"{RA}/{nid}/open-knopen", json={"knopen": [{"omschrijving": "Water bij Lopik", "vraagstuk_id": lopik}],
                                                    "versie": w}))["versie"]  # fmt: skip
    diff = ok(clients.utrecht.get(f"{RA}/{rid}/verschil/{nid}"))
    assert (diff["van"], diff["naar"], diff["leeg"]) == (rid, nid, False)
    assert diff["status"] == {"oud": "vastgesteld", "nieuw": "concept"}
    assert diff["velden"] == [
        {"veld": "jaar", "oud": 2027, "nieuw": 2028},
        {"veld": "vastgesteld_in", "oud": {"vergadering_id": bol.id, "datum": bol.datum.isoformat(),
                                           "naam": bol.naam}, "nieuw": None},
    ]  # fmt: skip
    assert diff["onderdelen"] == [{"veld": "onderdeel 3", "oud": "", "nieuw": "Bijdrage Foodvalley"}]
    assert [a["sleutel"] for a in diff["afspraken"]["toegevoegd"]] == ["nieuw"]
    assert [a["sleutel"] for a in diff["afspraken"]["vervallen"]] == ["PV26-2027-2"]
    (wijziging,) = diff["afspraken"]["gewijzigd"]
    assert wijziging == {"sleutel": "PV26-2027-1", "velden": [  # in the order the agreement's fields are declared
        {"veld": "tekst", "oud": SMART_JSON["tekst"], "nieuw": "Aangescherpt: 5.000 woningen"},
        {"veld": "onderdeel", "oud": 1, "nieuw": 4},
        {"veld": "streefwaarde", "oud": 4000, "nieuw": 5000},
    ]}  # fmt: skip  # the acceptances, reset in the copy, were given again as they were
    assert [i["bedrag"] for i in diff["investeringen"]["toegevoegd"]] == ["12500000.50"]
    assert diff["investeringen"]["vervallen"] == diff["investeringen"]["gewijzigd"] == []
    assert diff["inclusies"] == []  # both vraagstukken stay included
    assert diff["knopen_toegevoegd"] == [{"omschrijving": "Water bij Lopik", "vraagstuk_id": lopik}]
    assert diff["knopen_vervallen"] == []
    back = ok(vro.get(f"{RA}/{nid}/verschil/{rid}"))  # the other way round
    assert [a["sleutel"] for a in back["afspraken"]["toegevoegd"]] == ["PV26-2027-2"]
    assert [a["sleutel"] for a in back["afspraken"]["vervallen"]] == ["nieuw"]
    assert back["status"] == {"oud": "concept", "nieuw": "vastgesteld"}
    assert ok(vro.get(f"{RA}/{rid}/verschil/{rid}"))["leeg"] is True
    problem(clients.zuid_holland.get(f"{RA}/{rid}/verschil/{nid}"), 403)  # the 2028 concept is Utrecht's
    problem(vro.get(f"{RA}/{rid}/verschil/999999"), 404)


def test_investments_are_validated_in_dutch_and_totalled_per_province_and_programme(world):
    clients, _, _ = world
    vro = clients.vro
    ra = ok(vro.post(RA, json={"provincie": "PV26", "jaar": 2027}), 201)
    rid, v = ra["id"], ra["versie"]
    for change, words in (
        ({"bedrag": "0"}, "het bedrag moet groter dan nul zijn (nu 0)"),
        ({"bedrag": -5}, "het bedrag moet groter dan nul zijn (nu -5)"),
        ({"programma": " "}, "noem het nationale programma"),
        ({"fonds": "geldboom"}, "onbekend fonds 'geldboom'"),
        ({"fonds": ""}, "noem het bestaande fonds"),
        ({"gelabeld_voor": ""}, "zeg voor welke gebiedsopgave het geld gelabeld is"),
        ({"bedrag": "veel"}, "is geen bedrag"),
        ({"bedrag": "NaN"}, "geen eindig getal"),
        ({"bedrag": "12.345"}, "hoogstens twee decimalen"),
        ({"bedrag": "1e20"}, "te groot"),
        ({"bedrag": True}, "als getal of als tekst"),
        ({"afspraak": "bestaat-niet"}, "dient onbekende afspraak 'bestaat-niet'"),
    ):
        refused = problem(vro.post(f"{RA}/{rid}/investeringen", json=MONEY_JSON | change | {"versie": v}), 400)
        assert words in refused["detail"], (change, refused["detail"])
    assert ok(vro.get(f"{RA}/{rid}"))["versie"] == v  # nothing stored
    first = ok(vro.post(f"{RA}/{rid}/investeringen", json=MONEY_JSON | {"afspraak": "PV26-2027-1", "versie": v}), 201)
    assert (first["sleutel"], first["bedrag"], first["afspraak"]) == ("I1", "12500000.50", "PV26-2027-1")
    second = ok(vro.post(f"{RA}/{rid}/investeringen",
                         json=MONEY_JSON | {"bedrag": 2500000, "versie": first["arrangement_versie"]}), 201)  # fmt: skip
    third = ok(vro.post(f"{RA}/{rid}/investeringen", json=MONEY_JSON | {
        "sleutel": "nplg", "programma": "NPLG", "fonds": "transitiefonds-landelijk-gebied-en-natuur",
        "bedrag": "1000000", "versie": second["arrangement_versie"]}), 201)  # fmt: skip
    assert (second["sleutel"], second["bedrag"], third["sleutel"]) == ("I2", "2500000.00", "nplg")
    zh = ok(vro.post(RA, json={"provincie": "PV28", "jaar": 2027}), 201)
    ok(vro.post(f"{RA}/{zh['id']}/investeringen", json=MONEY_JSON | {"bedrag": "7", "versie": zh["versie"]}), 201)
    # by hand: Utrecht 12,500,000.50 + 2,500,000 + 1,000,000; Zuid-Holland 7
    totals = ok(vro.get("/api/v1/investeringen/totalen", params={"jaar": 2027}))
    assert totals == {
        "jaar": 2027,
        "totaal": "16000007.50",
        "per_provincie": [{"provincie": "PV26", "bedrag": "16000000.50"}, {"provincie": "PV28", "bedrag": "7.00"}],
        "per_programma": [{"programma": "NPLG", "bedrag": "1000000.00"},
                          {"programma": "Programma Woningbouw", "bedrag": "15000007.50"}],
        "per_provincie_en_programma": [
            {"provincie": "PV26", "programma": "NPLG", "bedrag": "1000000.00"},
            {"provincie": "PV26", "programma": "Programma Woningbouw", "bedrag": "15000000.50"},
            {"provincie": "PV28", "programma": "Programma Woningbouw", "bedrag": "7.00"},
        ],
    }  # fmt: skip
    mine = ok(clients.utrecht.get("/api/v1/investeringen/totalen", params={"jaar": 2027}))
    assert mine["totaal"] == "16000000.50"  # Zuid-Holland's concept is not Utrecht's to read
    adopted_only = ok(vro.get("/api/v1/investeringen/totalen"))  # without a year: the adopted versions only
    assert adopted_only["totaal"] == "0.00" and adopted_only["per_provincie"] == []
    v = third["arrangement_versie"]
    assert problem(vro.delete(f"{RA}/{rid}/investeringen/I2", params={"versie": v - 1}), 409)["currentVersion"] == v
    problem(vro.delete(f"{RA}/{rid}/investeringen/I9", params={"versie": v}), 404)
    left = ok(vro.delete(f"{RA}/{rid}/investeringen/I2", params={"versie": v}))
    assert [(i["sleutel"], i["bedrag"]) for i in left["investeringen"]] == [
        ("I1", "12500000.50"),
        ("nplg", "1000000.00"),
    ]


def test_writes_need_the_version_read_as_a_number_and_known_fields(world):
    clients, _, _ = world
    utrecht = clients.utrecht
    ra = ok(utrecht.post(RA, json={"provincie": "PV26", "jaar": 2027}), 201)
    part = f"{RA}/{ra['id']}/onderdelen/2"
    for versie in ("1", True, 1.0, None, 0):
        problem(utrecht.put(part, json={"toelichting": "x", "versie": versie}), 400)
    refused = problem(utrecht.put(part, json={"toelichting": "x", "versie": 1, "besluit": "ja"}), 400)
    assert "besluit: is geen bekend veld" in refused["detail"]
    refused = problem(utrecht.put(part, json={"toelichting": "x\u202ey", "versie": 1}), 400)
    assert "stuurteken" in refused["detail"]
    problem(utrecht.put(f"{RA}/{ra['id']}/onderdelen/6", json={"toelichting": "x", "versie": 1}), 400)
    problem(utrecht.post(RA, json={"provincie": "PV26", "jaar": "2028"}), 400)
    assert "PV99" in problem(utrecht.post(RA, json={"provincie": "PV99", "jaar": 2028}), 400)["detail"]
    changed = ok(utrecht.put(part, json={"toelichting": "Nationale keuze: A12", "versie": 1}))
    assert changed["versie"] == 2 and changed["onderdelen"][1]["toelichting"] == "Nationale keuze: A12"
    stale = problem(utrecht.put(part, json={"toelichting": "later", "versie": 1}), 409)
    assert stale["currentVersion"] == 2 and "versie 2, u had versie 1" in stale["detail"]
    problem(utrecht.get(f"{RA}/999999"), 404)
    problem(utrecht.get(f"{RA}/2147483648"), 400)
    problem(clients.zuid_holland.put(part, json={"toelichting": "niet van ons", "versie": 2}), 403)
    problem(clients.lezer.put(part, json={"toelichting": "lezen", "versie": 2}), 403)
    assert ok(utrecht.get(f"{RA}/{ra['id']}"))["versie"] == 2


def test_the_list_filters_by_province_year_and_status(world):
    clients, _, bol = world
    vro = clients.vro
    utrecht = ok(vro.post(RA, json={"provincie": "PV26", "jaar": 2027}), 201)
    ok(vro.post(RA, json={"provincie": "PV28", "jaar": 2027}), 201)
    first = ok(vro.post(RA, json={"provincie": "PV28", "jaar": 2023, "generatie": "eerste"}), 201)
    listed = ok(vro.get(RA))
    assert [(a["provincie"], a["jaar"]) for a in listed["arrangementen"]] == [
        ("PV26", 2027), ("PV28", 2023), ("PV28", 2027)]  # fmt: skip
    assert (listed["numberMatched"], listed["numberReturned"]) == (3, 3)
    assert listed["arrangementen"][0]["afspraken"] == 2 and listed["arrangementen"][0]["provincie_naam"] == "Utrecht"
    assert [a["id"] for a in ok(vro.get(RA, params={"provincie": "pv26"}))["arrangementen"]] == [utrecht["id"]]
    assert [a["jaar"] for a in ok(vro.get(RA, params={"provincie": "PV28", "jaar": 2023}))["arrangementen"]] == [2023]
    paged = ok(vro.get(RA, params={"pageSize": 2, "page": 2}))
    assert paged["numberReturned"] == 1 and paged["numberMatched"] == 3
    assert {link["rel"] for link in paged["links"]} == {"self", "prev"}
    # Utrecht's planner: its own drafts, another province's versions once adopted (a first generation is signed)
    assert {a["provincie"] for a in ok(clients.utrecht.get(RA))["arrangementen"]} == {"PV26"}
    problem(vro.post(f"{RA}/{utrecht['id']}/overgangen",
                     json={"naar": "vastgesteld", "vergadering_id": bol.id, "versie": 1}), 409)  # fmt: skip
    problem(vro.put(f"{RA}/{utrecht['id']}/ondertekening",
                    json={"datum": "2023-10-10", "ondertekenaars": ["minister voor VRO"], "versie": 1}), 400)  # fmt: skip
    signed = ok(vro.put(f"{RA}/{first['id']}/ondertekening", json={
        "datum": "2023-10-10", "ondertekenaars": ["minister voor VRO", "Gedeputeerde Staten van Zuid-Holland"],
        "versie": first["versie"]}))  # fmt: skip
    assert signed["ondertekening"] == {"datum": "2023-10-10",
                                       "ondertekenaars": ["minister voor VRO", "Gedeputeerde Staten van Zuid-Holland"]}  # fmt: skip
    proposed = ok(vro.post(f"{RA}/{first['id']}/overgangen", json={"naar": "voorgelegd", "versie": signed["versie"]}))
    ok(vro.post(f"{RA}/{first['id']}/overgangen", json={"naar": "vastgesteld", "versie": proposed["versie"]}))
    assert {(a["provincie"], a["status"]) for a in ok(clients.utrecht.get(RA))["arrangementen"]} == {
        ("PV26", "concept"), ("PV28", "vastgesteld")}  # fmt: skip
    assert [a["id"] for a in ok(vro.get(RA, params={"status": "vastgesteld"}))["arrangementen"]] == [first["id"]]
    problem(vro.get(RA, params={"status": "verlopen"}), 400)
    assert "PV99" in problem(vro.get(RA, params={"provincie": "PV99"}), 400)["detail"]
    problem(clients.anonymous.get(RA), 401)
