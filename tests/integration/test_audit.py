"""The audit trail: every change recorded with who/when/what/why, append-only in the database itself."""

from __future__ import annotations

import gzip
import json

import pytest
import shapely
from shapely.geometry import box
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from novex import bootstrap
from novex.access import Actor, Role
from novex.audit import AuditFilter
from novex.claims.model import ClaimDraft
from novex.errors import Forbidden
from novex.store.backup import backup, restore
from tests.fixtures.clients import PASSWORD, make_clients
from tests.fixtures.geo import UTRECHT
from tests.integration.test_api import is_problem, new_voorstel, wgs84_feature

X, Y = UTRECHT
PLANNER = Actor(7, "planner@provincie-utrecht.nl", Role.PROVINCIE, "PV26")


def events(db, **where) -> list:
    with db.session() as session:
        return bootstrap.audit_service(session).log.events(AuditFilter(**where))


def draft(naam: str, side: float = 300, **extra) -> ClaimDraft:
    return ClaimDraft(naam=naam, domein="wonen", geometry=box(X, Y, X + side, Y + side), **extra)


def test_a_claims_life_is_recorded_and_a_deleted_claim_can_be_read_back(db):
    with db.session() as session:
        service = bootstrap.claim_service(session)
        voorstel = service.create_voorstel(PLANNER, "PV26", "Woningbouw 2030")
        claim = service.add_claim(PLANNER, voorstel.id, draft("Wijk A"))
    with db.session() as session:
        changed = bootstrap.claim_service(session).update_claim(
            PLANNER, claim.id, draft("Wijk A-Noord", side=400, prioriteit=1), 1, reden="afspraak met de gemeente"
        )
    with db.session() as session:
        bootstrap.claim_service(session).delete_claim(PLANNER, claim.id, reden="vervalt")

    deleted, updated, created = events(db, object_type="claim", object_id=str(claim.id))
    assert [e.actie for e in (created, updated, deleted)] == ["claim.aangemaakt", "claim.gewijzigd", "claim.verwijderd"]
    assert {e.actor for e in (created, updated, deleted)} == {PLANNER.email}
    assert all(e.provincie == "PV26" and e.tijdstip is not None for e in (created, updated, deleted))
    assert created.tijdstip <= updated.tijdstip <= deleted.tijdstip
    # the update names each changed field with its old and new value, and keeps the old geometry
    assert updated.reden == "afspraak met de gemeente"
    assert updated.details["velden"]["naam"] == ["Wijk A", "Wijk A-Noord"]
    assert updated.details["velden"]["prioriteit"] == [3, 1]
    assert updated.details["velden"]["geometrie"] == [pytest.approx(9.0), pytest.approx(16.0)]
    assert shapely.from_wkb(updated.details["geometrie_voor"]).equals(box(X, Y, X + 300, Y + 300))
    assert "status" not in updated.details["velden"]  # unchanged fields are not listed
    # the deletion keeps all of the claim: attributes and geometry
    assert deleted.reden == "vervalt"
    kept = deleted.details
    assert (
        kept["naam"] == "Wijk A-Noord"
        and kept["version"] == changed.version == 2
        and kept["provincies"] == {"PV26": pytest.approx(16.0)}
    )
    assert shapely.from_wkb(kept["geometrie"]).area == pytest.approx(160_000)
    (made,) = events(db, object_type="voorstel", object_id=str(voorstel.id))
    assert made.actie == "voorstel.aangemaakt" and "Woningbouw 2030" in made.samenvatting


def test_an_import_records_the_file_and_every_claim(db, tmp_path):
    from tests.fixtures.geo import feature, square, write_geojson

    path = write_geojson(tmp_path / "wijken.geojson", [feature(square(X + i * 500, Y, 200), naam=f"W{i}", domein="wonen")
                                                      for i in range(3)])  # fmt: skip
    with db.session() as session:
        report = bootstrap.claim_service(session).import_file(PLANNER, path, voorstel="Wijken", provincie="PV26")
    (imported,) = events(db, actie="voorstel.claims-geimporteerd")
    assert imported.details["bestand"] == "wijken.geojson" and imported.details["claims"] == 3
    assert imported.object_id == str(report.voorstel.id)
    created = events(db, actie="claim.aangemaakt")
    assert sorted(int(e.object_id) for e in created) == sorted(report.claim_ids)
    assert all("wijken.geojson" in e.samenvatting for e in created)


def test_a_refused_change_records_nothing(db):
    with db.session() as session:
        voorstel = bootstrap.claim_service(session).create_voorstel(PLANNER, "PV26", "Eigen")
    before = len(events(db))
    other = Actor(8, "planner@pzh.nl", Role.PROVINCIE, "PV28")
    with pytest.raises(Forbidden), db.session() as session:
        bootstrap.claim_service(session).add_claim(other, voorstel.id, draft("Niet van mij"))
    assert len(events(db)) == before


def test_the_database_refuses_to_change_or_remove_events(db):
    before = events(db)
    assert before  # the shipped layers' imports at least
    statements = ["UPDATE audit_events SET samenvatting = 'anders'", "DELETE FROM audit_events"]
    if db.engine.dialect.name == "postgresql":
        statements.append("TRUNCATE audit_events")  # SQLite has no TRUNCATE statement
    for statement in statements:
        with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as connection:
            connection.execute(text(statement))
    assert events(db) == before


def test_the_guard_survives_a_restore_and_a_failed_one(db, tmp_path):
    dump = tmp_path / "a.backup.gz"
    backup(db.engine, dump)
    restore(db.engine, dump)
    # a restore whose last table is broken fails as a whole, and leaves the guard on
    lines = gzip.decompress(dump.read_bytes()).decode("utf-8").splitlines()
    lines[-1] = json.dumps({"table": json.loads(lines[-1])["table"], "rows": [{"no": "such column"}]})
    broken = tmp_path / "broken.backup.gz"
    broken.write_bytes(gzip.compress("\n".join(lines).encode("utf-8")))
    before = events(db)
    with pytest.raises(Exception):  # noqa: B017 - any database error; what matters is what is left
        restore(db.engine, broken)
    assert events(db) == before and before[0].actie == "backup.teruggezet"
    for statement in ("UPDATE audit_events SET actor = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as connection:
            connection.execute(text(statement))


# --- the API and the web pages ---------------------------------------------------------------------------------


@pytest.fixture
def api(settings):
    return make_clients(settings)


def test_api_history_of_a_claim_outlives_it(api):
    vid = new_voorstel(api.utrecht)
    claim = api.utrecht.post(f"/api/v1/voorstellen/{vid}/claims", json=wgs84_feature(box(X, Y, X + 200, Y + 200),
                                                                                     naam="Tijdelijk", domein="wonen"))  # fmt: skip
    cid = claim.json()["id"]
    assert api.utrecht.delete(f"/api/v1/claims/{cid}", params={"reden": "dubbel ingevoerd"}).status_code == 204
    assert api.lezer.get(f"/api/v1/claims/{cid}").status_code == 404
    history = api.lezer.get(f"/api/v1/claims/{cid}/geschiedenis")
    assert history.status_code == 200
    deleted, created = history.json()
    assert (deleted["actie"], deleted["reden"], deleted["actor"]) == (
        "claim.verwijderd",
        "dubbel ingevoerd",
        "planner@provincie-utrecht.nl",
    )
    assert created["actie"] == "claim.aangemaakt" and deleted["details"]["naam"] == "Tijdelijk"
    is_problem(api.lezer.get("/api/v1/claims/999999/geschiedenis"), 404)


def test_api_put_records_its_reason(api):
    vid = new_voorstel(api.utrecht)
    body = wgs84_feature(box(X, Y, X + 200, Y + 200), naam="Wijk", domein="wonen")
    cid = api.utrecht.post(f"/api/v1/voorstellen/{vid}/claims", json=body).json()["id"]
    body["properties"]["status"] = "voorgenomen"
    response = api.utrecht.put(f"/api/v1/claims/{cid}", json=body | {"version": 1, "reden": "PS-besluit 12 mei"})
    assert response.status_code == 200, response.text
    latest = api.utrecht.get(f"/api/v1/claims/{cid}/geschiedenis").json()[0]
    assert latest["reden"] == "PS-besluit 12 mei" and latest["details"]["velden"]["status"] == ["idee", "voorgenomen"]


def test_api_audit_log_who_reads_what(api):
    new_voorstel(api.utrecht, "PV26", "U")
    new_voorstel(api.zuid_holland, "PV28", "ZH")
    everything = api.vro.get("/api/v1/audit").json()
    assert everything["numberMatched"] >= 2 + 6  # two voorstellen, six accounts, tokens, layers
    own = api.utrecht.get("/api/v1/audit", params={"provincie": "PV26"}).json()
    assert own["numberMatched"] >= 1 and {e["provincie"] for e in own["data"]} == {"PV26"}
    assert (
        "mag het auditlogboek van PV28 niet lezen"
        in is_problem(api.utrecht.get("/api/v1/audit", params={"provincie": "PV28"}), 403)["detail"]
    )
    is_problem(api.utrecht.get("/api/v1/audit"), 403)  # all provinces
    is_problem(api.lezer.get("/api/v1/audit"), 403)
    assert (
        "onbekende provincie" in is_problem(api.vro.get("/api/v1/audit", params={"provincie": "PV99"}), 404)["detail"]
    )
    is_problem(api.departement.get("/api/v1/audit"), 403)
    assert api.beheerder.get("/api/v1/audit", params={"actie": "gebruiker."}).json()["numberMatched"] == 6
    page = api.vro.get("/api/v1/audit", params={"pageSize": 2}).json()
    assert page["numberReturned"] == 2 and any(link["rel"] == "next" for link in page["links"])


def test_api_lockout_counts_failed_token_requests(api, db):
    wrong = {"email": "lezer@example.nl", "wachtwoord": "fout-fout-fout"}
    for _ in range(5):
        is_problem(api.anonymous.post("/api/v1/tokens", json=wrong), 403)
    right = {"email": "lezer@example.nl", "wachtwoord": PASSWORD}
    assert "tijdelijk geblokkeerd" in is_problem(api.anonymous.post("/api/v1/tokens", json=right), 403)["detail"]
    (locked,) = events(db, actie="gebruiker.geblokkeerd")
    assert "lezer@example.nl" in locked.samenvatting and locked.details["mislukte_pogingen"] == 5


def test_web_edit_shows_the_history_with_the_reason(api):
    vid = new_voorstel(api.utrecht)
    body = wgs84_feature(box(X, Y, X + 200, Y + 200), naam="Wijk", domein="wonen")
    cid = api.utrecht.post(f"/api/v1/voorstellen/{vid}/claims", json=body).json()["id"]
    web = api.anonymous
    login = web.post("/inloggen", data={"email": "planner@provincie-utrecht.nl", "wachtwoord": PASSWORD},
                     follow_redirects=False)  # fmt: skip
    assert login.status_code == 303
    page = web.get(f"/claims/{cid}/bewerken")
    csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    form = {"csrf": csrf, "version": "1", "naam": "Wijk Oost", "domein": "wonen", "status": "zoekgebied",
            "hardheid": "middel", "prioriteit": "2", "reden": "na de kaartsessie"}  # fmt: skip
    assert web.post(f"/claims/{cid}/bewerken", data=form, follow_redirects=False).status_code == 303
    page = web.get(f"/claims/{cid}/bewerken").text
    history = page.split('id="geschiedenis"')[1]
    assert "na de kaartsessie" in history and "Wijk Oost" in history and "zoekgebied" in history
    assert history.index("gewijzigd") < history.index("aangemaakt")  # newest first
    log = web.get("/logboek", params={"provincie": "PV26", "actie": "claim."})
    assert log.status_code == 200 and "Wijk Oost" in log.text
    assert web.get("/logboek", params={"provincie": "PV28"}).status_code == 403
    province = web.get("/provincies/PV26").text
    assert "Laatste wijzigingen" in province and "Wijk Oost" in province.split('id="kop-wijzigingen"')[1]
    assert "Laatste wijzigingen" not in web.get("/provincies/PV28").text  # not this planner's province's log


def test_web_reader_sees_no_audit_trail_links(api):
    web = api.anonymous
    login = web.post("/inloggen", data={"email": "lezer@example.nl", "wachtwoord": PASSWORD}, follow_redirects=False)
    assert login.status_code == 303
    page = web.get("/provincies/PV26").text
    assert 'href="/logboek"' not in page and "Laatste wijzigingen" not in page
    assert web.get("/logboek").status_code == 403
