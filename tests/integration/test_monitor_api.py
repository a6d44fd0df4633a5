"""The monitor through its API (issue 19): measurements, the import, owner statuses, the meter, rounds.

Agreements are stored as adopted versions directly (tests/fixtures/monitor.py) with milestones and
deadlines relative to today, so every expected status below is worked out by hand from the rules in
`novex.monitor.suggestie`'s docstring, never by calling the code under test.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from importlib import resources

import pytest
import yaml

from novex.arrangement.model import Eigenaar, Mijlpaal
from tests.fixtures.clients import ACCOUNTS, make_clients
from tests.fixtures.monitor import gevolgde_afspraak, vastgesteld
from tests.fixtures.vraagstukken import in_besluitvorming

M = "/api/v1/monitor"
T = date.today()
DAY = timedelta(days=1)
CODES = ("op-schema", "aandacht-nodig", "vertraagd", "gerealiseerd", "vervallen")


def afspraak(sleutel: str, provincie: str = "PV26", **over):
    """0 → 4.000 homes; milestone 1.000 passed 60 days ago, 2.500 in 400 days; deadline in 1.500 days."""
    mijlpalen = (Mijlpaal("eerste 1.000", T - 60 * DAY, 1000.0), Mijlpaal("2.500", T + 400 * DAY, 2500.0))
    return gevolgde_afspraak(sleutel, provincie, mijlpalen=mijlpalen, deadline=T + 1500 * DAY, **over)


@pytest.fixture
def world(settings):
    """Clients per role; Utrecht (PV26) follows A1 (province owns), A2 (province and EZK own), A3 (BZK owns,
    in the NOVEX area Groene Hart); Zuid-Holland (PV28) follows B1; two Utrecht vraagstukken outside the BOL."""
    clients = make_clients(settings)
    with clients.vro.app.state.db.session() as session:
        vastgesteld(session, "PV26", (
            afspraak("A1"),
            afspraak("A2", eigenaren=(Eigenaar("provincie", "PV26"), Eigenaar("ministerie", "EZK"))),
            afspraak("A3", eigenaren=(Eigenaar("ministerie", "BZK"),), novex_gebied="Groene Hart"),
        ))  # fmt: skip
        vastgesteld(session, "PV28", (afspraak("B1", "PV28"),))
        in_besluitvorming(session, "Wonen en water bij Lopik")
        in_besluitvorming(session, "Energie in de Vallei")
    yield clients
    clients.vro.app.state.db.engine.dispose()


def ok(response, status=200):
    assert response.status_code == status, response.text[:800]
    return response.json()


def problem(response, status):
    assert response.status_code == status, response.text[:800]
    assert response.headers["content-type"].startswith("application/problem+json")
    return response.json()


def meting(afspraak="PV26/A1", waarde=1200, datum=None, bron="CBS woningvoorraad", **extra):
    return {"afspraak": afspraak, "waarde": waarde, "datum": (datum or T - 10 * DAY).isoformat(), "bron": bron} | extra


def count(client, **params) -> int:
    return ok(client.get(f"{M}/metingen", params=params))["numberMatched"]


def row(meter: dict, ref: str) -> dict:
    return next(a for a in meter["afspraken"] if a["afspraak"] == ref)


def test_a_measurement_is_added_read_back_shown_in_the_meter_and_removed_with_a_reason(world):
    utrecht = world.utrecht
    body = meting(toelichting="opgeleverd volgens de BAG")
    response = utrecht.post(f"{M}/metingen", json=body)
    created = ok(response, 201)
    assert response.headers["location"].endswith(f"/api/v1/monitor/metingen/{created['id']}")
    shown = ok(utrecht.get(response.headers["location"]))
    assert shown == created
    assert (shown["afspraak"], shown["provincie"], shown["sleutel"], shown["waarde"], shown["datum"], shown["bron"],
            shown["toelichting"], shown["ingevoerd_door"]) == (
        "PV26/A1", "PV26", "A1", 1200, body["datum"], "CBS woningvoorraad", "opgeleverd volgens de BAG",
        ACCOUNTS["utrecht"][0])  # fmt: skip
    assert shown["ingevoerd_op"]
    # the other way to name the agreement, read by anyone
    second = ok(utrecht.post(f"{M}/metingen", json={"provincie": "PV26", "sleutel": "A2", "waarde": 800.5,
                                                    "datum": (T - 3 * DAY).isoformat(), "bron": "eigen telling"}), 201)  # fmt: skip
    assert (second["afspraak"], second["waarde"]) == ("PV26/A2", 800.5)
    listed = ok(world.lezer.get(f"{M}/metingen", params={"afspraak": "PV26/A1"}))
    assert [m["id"] for m in listed["metingen"]] == [created["id"]] and listed["numberMatched"] == 1
    assert count(world.lezer, provincie="PV26") == 2 and count(world.lezer, provincie="PV28") == 0
    # by hand: A1 at 1.200 reaches the passed milestone of 1.000; the next (2.500) is 400 days away → op schema
    meter = ok(world.lezer.get(f"{M}/meter", params={"provincie": "PV26"}))
    a1 = row(meter, "PV26/A1")
    assert a1["laatste_meting"]["waarde"] == 1200 and a1["laatste_meting"]["id"] == created["id"]
    assert (a1["status"], a1["gezet"], a1["aantal_metingen"], a1["trend"]) == ("op-schema", False, 1, "")
    # A2 at 800.5 misses the passed milestone of 1.000 → vertraagd
    assert row(meter, "PV26/A2")["status"] == "vertraagd"
    # the same agreement, date and source again: 409; bad input: 400, nothing stored
    assert "heeft al een meting" in problem(utrecht.post(f"{M}/metingen", json=body), 409)["detail"]
    for bad in (body | {"waarde": "1200"}, body | {"waarde": True}, body | {"datum": "2026-3-1"},
                body | {"datum": 1767225600}, body | {"datum": (T + DAY).isoformat()}, body | {"kleur": "rood"},
                body | {"bron": ""}, body | {"provincie": "PV26"}, {k: v for k, v in body.items() if k != "afspraak"},
                body | {"afspraak": "PV26-A1"}, body | {"afspraak": "PV26/ZZ"}):  # fmt: skip
        problem(utrecht.post(f"{M}/metingen", json=bad), 400)
    assert count(utrecht) == 2
    problem(world.lezer.post(f"{M}/metingen", json=meting(datum=T - 2 * DAY)), 403)
    problem(world.anonymous.get(f"{M}/metingen"), 401)
    # only VRO or whoever entered it removes a measurement, always with a reason
    problem(world.zuid_holland.delete(f"{M}/metingen/{created['id']}", params={"reden": "fout"}), 403)
    problem(utrecht.delete(f"{M}/metingen/{created['id']}"), 400)
    assert utrecht.delete(f"{M}/metingen/{created['id']}", params={"reden": "dubbel geteld"}).status_code == 204
    problem(utrecht.get(f"{M}/metingen/{created['id']}"), 404)
    gone = ok(world.vro.get("/api/v1/audit", params={"actie": "monitor-afspraak.meting-verwijderd"}))["data"]
    assert [(e["object_id"], e["reden"], e["details"]["waarde"]) for e in gone] == [("A1", "dubbel geteld", 1200)]


def test_ids_codes_and_dates_are_checked_strictly(world):
    vro = world.vro
    for path in ("metingen/1.0", "metingen/abc", "metingen/0", "metingen/99999999999", "rondes/+1",
                 "afspraken/Utrecht/A1", "afspraken/PV2/A1"):  # fmt: skip
        problem(vro.get(f"{M}/{path}"), 400)
    problem(vro.get(f"{M}/metingen/12345"), 404)
    problem(vro.get(f"{M}/afspraken/PV26/ZZ"), 404)
    for params in ({"provincie": "Utrecht"}, {"afspraak": "Utrecht"}, {"afspraak": "Utrecht/A1"},
                   {"provincie": "PV28", "afspraak": "PV26/A1"}, {"pageSize": 0}):  # fmt: skip
        problem(vro.get(f"{M}/metingen", params=params), 400)
    problem(vro.get(f"{M}/rondes", params={"jaar": 1999}), 400)
    problem(vro.get(f"{M}/meter", params={"provincie": "PV99x"}), 400)
    problem(vro.get(f"{M}/status", params={"provincie": "PV99"}), 400)  # the shape of a code, but no province


def test_a_province_measures_and_judges_only_its_own_agreements(world):
    utrecht, zuid_holland = world.utrecht, world.zuid_holland
    refused = problem(utrecht.post(f"{M}/metingen", json=meting("PV28/B1")), 403)
    assert "PV28" in refused["detail"]
    ok(zuid_holland.post(f"{M}/metingen", json=meting("PV28/B1")), 201)
    body = {"status": "vertraagd", "motivering": "de aannemer is failliet"}
    problem(utrecht.put(f"{M}/afspraken/PV28/B1/status", json=body), 403)
    ok(zuid_holland.put(f"{M}/afspraken/PV28/B1/status", json=body))
    # nor through an import: the row of another province is named, nothing stored
    csv = f"afspraak;waarde;datum;bron\nPV26/A1;900;{T - 5 * DAY};CBS\nPV28/B1;950;{T - 5 * DAY};CBS\n"
    refused = problem(utrecht.post(f"{M}/metingen/import", files={"bestand": ("metingen.csv", csv.encode())}), 400)
    assert [p["reason"] for p in refused["invalidParams"]] == [
        "regel 3: u mag geen metingen invoeren voor de afspraken van PV28"]  # fmt: skip
    assert count(utrecht) == 1  # only Zuid-Holland's own measurement
    detail = ok(utrecht.get(f"{M}/afspraken/PV26/A1"))
    assert (detail["mag_meten"], detail["mag_status_zetten"]) == (True, True)
    detail = ok(zuid_holland.get(f"{M}/afspraken/PV28/B1"))
    assert (detail["mag_meten"], detail["mag_status_zetten"], detail["status"]) == (True, True, "vertraagd")


def test_a_department_sets_the_status_only_where_its_ministry_is_an_owner(world):
    expert, utrecht, vro = world.departement, world.utrecht, world.vro  # the expert works for EZK
    body = {"status": "aandacht-nodig", "motivering": "netcongestie remt de bouw"}
    shown = ok(expert.put(f"{M}/afspraken/PV26/A2/status", json=body))  # owners: the province and EZK
    assert (shown["status"], shown["gezet"], shown["reden"]) == ("aandacht-nodig", True, "netcongestie remt de bouw")
    assert "geen eigenaar" in problem(expert.put(f"{M}/afspraken/PV26/A1/status", json=body), 403)["detail"]
    problem(expert.put(f"{M}/afspraken/PV26/A3/status", json=body), 403)  # BZK's agreement
    problem(utrecht.put(f"{M}/afspraken/PV26/A3/status", json=body), 403)  # the province is no owner of A3
    ok(vro.put(f"{M}/afspraken/PV26/A3/status", json=body))  # VRO coordinates: always
    problem(world.lezer.put(f"{M}/afspraken/PV26/A1/status", json=body), 403)
    # a department enters measurements for any province
    ok(expert.post(f"{M}/metingen", json=meting("PV28/B1", bron="RVO")), 201)
    assert (ok(expert.get(f"{M}/afspraken/PV26/A2"))["mag_status_zetten"],
            ok(expert.get(f"{M}/afspraken/PV26/A1"))["mag_status_zetten"]) == (True, False)  # fmt: skip


def test_an_owners_status_shows_in_the_meter_with_its_motivation_and_in_the_audit_trail(world):
    vro = world.vro
    before = row(ok(vro.get(f"{M}/meter")), "PV26/A1")
    # by hand: no measurement while the milestone of 60 days ago has passed → aandacht nodig, suggested
    assert (before["status"], before["gezet"], before["suggestie"]["status"]) == ("aandacht-nodig", False,
                                                                                    "aandacht-nodig")  # fmt: skip
    body = {"status": "vertraagd", "motivering": "bouwstop door stikstofuitspraak"}
    ok(vro.put(f"{M}/afspraken/PV26/A1/status", json=body))
    after = row(ok(vro.get(f"{M}/meter")), "PV26/A1")
    assert (after["status"], after["status_naam"], after["gezet"], after["reden"]) == (
        "vertraagd", "vertraagd", True, "bouwstop door stikstofuitspraak")  # fmt: skip
    assert after["suggestie"]["status"] == "aandacht-nodig"  # the suggestion stays beside it
    trail = ok(vro.get("/api/v1/audit", params={"actie": "monitor-afspraak.status"}))["data"]
    assert [(e["object_id"], e["provincie"], e["reden"], e["details"]["status"], e["actor"]) for e in trail] == [
        ("A1", "PV26", "bouwstop door stikstofuitspraak", "vertraagd", ACCOUNTS["vro"][0])]  # fmt: skip
    # back to the suggestion (status null), also with a motivation; unknown statuses and empty reasons refused
    problem(vro.put(f"{M}/afspraken/PV26/A1/status", json={"status": "groen", "motivering": "x"}), 400)
    problem(vro.put(f"{M}/afspraken/PV26/A1/status", json={"status": None, "motivering": " "}), 400)
    problem(vro.put(f"{M}/afspraken/PV26/A1/status", json={"status": "vertraagd"}), 400)
    problem(vro.put(f"{M}/afspraken/PV26/ZZ/status", json=body), 404)
    back = ok(vro.put(f"{M}/afspraken/PV26/A1/status", json={"status": None, "motivering": "bouwstop opgeheven"}))
    assert (back["status"], back["gezet"]) == ("aandacht-nodig", False)
    assert [(z["status"], z["motivering"]) for z in back["statussen"]] == [
        ("vertraagd", "bouwstop door stikstofuitspraak"), (None, "bouwstop opgeheven")]  # fmt: skip
    assert len(ok(vro.get("/api/v1/audit", params={"actie": "monitor-afspraak.status"}))["data"]) == 2


def test_the_vocabulary_says_it_is_a_design_choice_and_the_meter_counts_by_hand(world):
    shipped = yaml.safe_load((resources.files("novex.monitor") / "data" / "statussen.yaml").read_text("utf-8"))
    vocabulary = ok(world.lezer.get(f"{M}/statussen"))
    assert [(s["code"], s["naam"], s["kleur"]) for s in vocabulary["statussen"]] == [
        (s["code"], s["naam"], s["kleur"]) for s in shipped["statussen"]]  # fmt: skip
    assert "ontwerpkeuze van dit platform" in vocabulary["ontwerpkeuze"]
    utrecht, zuid_holland, vro = world.utrecht, world.zuid_holland, world.vro
    ok(utrecht.post(f"{M}/metingen", json=meting("PV26/A1", 4100)), 201)  # reaches 4.000 → gerealiseerd
    ok(utrecht.post(f"{M}/metingen", json=meting("PV26/A2", 500)), 201)  # misses the passed 1.000 → vertraagd
    ok(zuid_holland.post(f"{M}/metingen", json=meting("PV28/B1", 1100, T - 20 * DAY)), 201)  # op schema …
    ok(zuid_holland.post(f"{M}/metingen", json=meting("PV28/B1", 1300, T - 2 * DAY, "BAG")), 201)  # … and rising
    ok(vro.put(f"{M}/afspraken/PV26/A3/status", json={"status": "vervallen", "motivering": "opgegaan in A2"}))
    expected = {"PV26": dict.fromkeys([*CODES, "geen"], 0) | {"gerealiseerd": 1, "vertraagd": 1, "vervallen": 1},
                "PV28": dict.fromkeys([*CODES, "geen"], 0) | {"op-schema": 1}}  # fmt: skip
    assert ok(world.lezer.get(f"{M}/status")) == expected
    assert ok(world.lezer.get(f"{M}/status", params={"provincie": "pv28"})) == {"PV28": expected["PV28"]}
    meter = ok(world.lezer.get(f"{M}/meter"))
    assert meter["per_provincie"] == expected and meter["ontwerpkeuze"] == vocabulary["ontwerpkeuze"]
    assert meter["totaal"] == {code: expected["PV26"][code] + expected["PV28"][code] for code in expected["PV26"]}
    assert meter["per_gebied"] == {"Groene Hart": dict.fromkeys([*CODES, "geen"], 0) | {"vervallen": 1}}
    assert row(meter, "PV28/B1")["trend"] == "vooruit" and row(meter, "PV28/B1")["laatste_meting"]["waarde"] == 1300
    # the milestone of 60 days ago is overdue only for A2 (500 < 1.000); A1 is realised, A3 vervallen, B1 past it
    assert [(m["provincie"], m["sleutel"], m["waarde"], m["laatste_waarde"]) for m in meter["achterstallig"]] == [
        ("PV26", "A2", 1000, 500)]  # fmt: skip
    assert meter["buiten_bol_per_fase"]["PV26"] == {"besluitvorming": 2}
    assert meter["buiten_bol_per_fase"]["PV28"] == {}
    # one NOVEX area; a page of the agreements with the counts over all of them
    area = ok(world.lezer.get(f"{M}/meter", params={"novexGebied": "Groene Hart"}))
    assert [a["afspraak"] for a in area["afspraken"]] == ["PV26/A3"]
    paged = ok(world.lezer.get(f"{M}/meter", params={"pageSize": 1, "page": 2}))
    assert (paged["numberMatched"], paged["numberReturned"], paged["totaal"]) == (4, 1, meter["totaal"])
    assert {link["rel"] for link in paged["links"]} == {"self", "next", "prev"}


def csv_bytes(rows: list[str], header: str = "afspraak;waarde;datum;bron;toelichting") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def upload(client, name: str, data: bytes):
    return client.post(f"{M}/metingen/import", files={"bestand": (name, data)})


def test_the_import_stores_every_row_or_none_and_names_every_bad_row(world):
    vro = world.vro
    d = (T - 7 * DAY).isoformat()
    bad = csv_bytes([
        f"PV26/A1;1000;{d};CBS;goed",  # 2
        f"PV26/A1;veel;{d};CBS;",  # 3 no number
        "PV26/A2;1000;31-13-2026;CBS;",  # 4 no date
        f"PV26/ZZ;1000;{d};CBS;",  # 5 not followed
        f"PV26/A2;1000;{(T + 3 * DAY).isoformat()};CBS;",  # 6 in the future
        f"PV26/A2;1000;{d};;",  # 7 no source
        f"PV28/B1;1000;{d};CBS;",  # 8 good
        f"PV26/A1;1000;{d};CBS;nog eens",  # 9 the same as line 2
    ])  # fmt: skip
    assert count(vro) == 0
    refused = problem(upload(vro, "metingen.csv", bad), 400)
    named = [p["reason"].split(":")[0] for p in refused["invalidParams"]]
    assert named == ["regel 3", "regel 4", "regel 5", "regel 6", "regel 7", "regel 9"]
    assert "niets ingelezen" in refused["detail"] and "regel 8" not in refused["detail"]
    assert count(vro) == 0
    good = csv_bytes([f"PV26/A1;1.250,5;{d};CBS;", f"PV26/A1;1300;{T.isoformat()};BAG;", f"pv28/B1;900;{d};CBS;"])
    assert ok(upload(vro, "metingen.csv", good), 201) == {"bestand": "metingen.csv", "metingen": 3, "afspraken": 2}
    stored = ok(vro.get(f"{M}/metingen"))["metingen"]
    assert [(m["afspraak"], m["waarde"], m["datum"], m["bron"]) for m in stored] == [
        ("PV26/A1", 1250.5, d, "CBS"), ("PV26/A1", 1300, T.isoformat(), "BAG"), ("PV28/B1", 900, d, "CBS")]  # fmt: skip
    again = problem(upload(vro, "metingen.csv", good), 400)
    assert [p["reason"].split(":")[0] for p in again["invalidParams"]] == ["regel 2", "regel 3", "regel 4"]
    assert all("heeft al een meting" in p["reason"] for p in again["invalidParams"])
    assert count(vro) == 3
    problem(upload(vro, "metingen.pdf", good), 400)
    problem(upload(vro, "metingen.csv", b"\xff\xfe\x00garbage"), 400)
    problem(upload(world.lezer, "metingen.csv", good), 403)


def test_an_xlsx_file_is_stored_whole(world):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "metingen"
    sheet.append(["provincie", "sleutel", "waarde", "datum", "bron", "toelichting"])
    sheet.append(["PV26", "A2", 1500, T - 30 * DAY, "CBS", "kwartaal 3"])
    sheet.append(["Utrecht", "A3", 250.25, T - 4 * DAY, "RVO", None])
    buffer = io.BytesIO()
    book.save(buffer)
    result = ok(upload(world.utrecht, "metingen.xlsx", buffer.getvalue()), 201)
    assert (result["metingen"], result["afspraken"]) == (2, 2)
    stored = ok(world.utrecht.get(f"{M}/metingen", params={"provincie": "PV26"}))["metingen"]
    assert [(m["sleutel"], m["waarde"], m["datum"], m["bron"], m["toelichting"]) for m in stored] == [
        ("A2", 1500, (T - 30 * DAY).isoformat(), "CBS", "kwartaal 3"),
        ("A3", 250.25, (T - 4 * DAY).isoformat(), "RVO", "")]  # fmt: skip
    problem(upload(world.utrecht, "metingen.xlsx", buffer.getvalue()), 400)  # duplicates
    assert count(world.utrecht) == 2


def test_a_round_is_opened_written_closed_and_its_snapshot_stays_frozen(world):
    vro, utrecht = world.vro, world.utrecht
    ok(utrecht.post(f"{M}/metingen", json=meting("PV26/A1", 1200)), 201)
    problem(utrecht.post(f"{M}/rondes", json={"provincie": "PV26", "jaar": T.year}), 403)  # VRO runs the round
    response = vro.post(f"{M}/rondes", json={"provincie": "PV26", "jaar": T.year})
    ronde = ok(response, 201)
    rid = ronde["id"]
    assert response.headers["location"].endswith(f"/api/v1/monitor/rondes/{rid}")
    assert (ronde["status"], ronde["versie"], ronde["beeld"], ronde["momentopname"]) == ("open", 1, "", None)
    # by default: VRO, the province, and the ministries among the owners (EZK of A2, BZK of A3)
    assert [(d["soort"], d["naam"]) for d in ronde["deelnemers"]] == [
        ("vro", "ministerie van VRO"), ("provincie", "Utrecht"), ("ministerie", "EZK"), ("ministerie", "BZK")]  # fmt: skip
    problem(vro.post(f"{M}/rondes", json={"provincie": "PV26", "jaar": T.year}), 409)  # one per province and year
    problem(vro.post(f"{M}/rondes", json={"provincie": "PV26", "jaar": T.year + 2}), 400)
    problem(vro.post(f"{M}/rondes", json={"provincie": "PV26", "jaar": T.year - 1, "kleur": 1}), 400)
    refused = problem(vro.post(f"{M}/rondes/{rid}/afsluiten", json={"versie": 1}), 400)
    assert "kwalitatieve beeld" in refused["detail"]
    # the province writes the picture; a write on an old version is 409 with the current one
    beeld = "De woningbouw loopt; netcongestie is de knelpunt.\nZie ook de regietafel."
    written = ok(utrecht.patch(f"{M}/rondes/{rid}", json={"versie": 1, "beeld": beeld}))
    assert (written["beeld"], written["versie"]) == (beeld, 2)
    stale = problem(utrecht.patch(f"{M}/rondes/{rid}", json={"versie": 1, "beeld": "ander beeld"}), 409)
    assert stale["currentVersion"] == 2
    problem(world.zuid_holland.patch(f"{M}/rondes/{rid}", json={"versie": 2, "beeld": "x"}), 403)
    problem(utrecht.patch(f"{M}/rondes/{rid}", json={"versie": 2, "deelnemers": [{"soort": "gemeente", "naam": "x"}]}),
            400)  # fmt: skip
    problem(utrecht.post(f"{M}/rondes/{rid}/afsluiten", json={"versie": 2}), 403)
    assert problem(vro.post(f"{M}/rondes/{rid}/afsluiten", json={"versie": 1}), 409)["currentVersion"] == 2
    closed = ok(vro.post(f"{M}/rondes/{rid}/afsluiten", json={"versie": 2}))
    assert (closed["status"], closed["afgesloten_door"], closed["versie"]) == ("afgesloten", ACCOUNTS["vro"][0], 3)
    snapshot = closed["momentopname"]
    assert [(s["sleutel"], s["laatste_waarde"], s["status"]) for s in snapshot["standen"]] == [
        ("A1", 1200, "op-schema"), ("A2", None, "aandacht-nodig"), ("A3", None, "aandacht-nodig")]  # fmt: skip
    assert snapshot["vraagstukken_per_fase"] == [["besluitvorming", 2]]
    frozen = ok(vro.get(f"{M}/rondes/{rid}"))
    assert frozen == closed
    # a later measurement moves the meter, never the snapshot
    ok(utrecht.post(f"{M}/metingen", json=meting("PV26/A1", 4200, T - DAY, "BAG")), 201)
    assert row(ok(vro.get(f"{M}/meter")), "PV26/A1")["status"] == "gerealiseerd"
    assert ok(vro.get(f"{M}/rondes/{rid}")) == frozen
    problem(utrecht.patch(f"{M}/rondes/{rid}", json={"versie": 3, "beeld": "te laat"}), 409)
    listed = ok(world.lezer.get(f"{M}/rondes", params={"jaar": T.year}))
    assert [r["id"] for r in listed["rondes"]] == [rid] and listed["numberMatched"] == 1
    assert ok(world.lezer.get(f"{M}/rondes", params={"provincie": "PV28"}))["numberMatched"] == 0


def test_the_yearly_report_is_a_document(world):
    vro = world.vro
    ronde = ok(vro.post(f"{M}/rondes", json={"provincie": "PV26", "jaar": T.year}), 201)
    ok(vro.patch(f"{M}/rondes/{ronde['id']}", json={"versie": 1, "beeld": "Het beeld van Utrecht in woorden."}))
    html = vro.get(f"{M}/rapporten/{T.year}", params={"formaat": "html"})
    assert html.status_code == 200, html.text[:500]
    assert html.headers["content-type"].startswith("text/html")
    assert "attachment" in html.headers["content-disposition"]
    assert "Het beeld van Utrecht in woorden." in html.text
    pdf = world.lezer.get(f"{M}/rapporten/{T.year}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    problem(vro.get(f"{M}/rapporten/{T.year}", params={"formaat": "docx"}), 400)
    problem(vro.get(f"{M}/rapporten/1999"), 400)
