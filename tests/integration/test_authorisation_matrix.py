"""Every route that writes (and the reads the roles differ on) × every role × own/other province.

The expectation is a hand-written matrix, read off the documented rules (README, "Roles are
enforced in the service layer"), not computed from `novex.access`:

- `vro`: every province; edits claims and voorstellen; manages restriction layers; reads the whole audit trail.
- `provincie`: edits the voorstellen and claims of its OWN province only; reads its own province's audit trail.
- `departement`, `lezer`: read everything, change nothing, no audit trail.
- `beheerder`: manages accounts and restriction layers; reads the whole audit trail; does NOT edit claims.
- nobody logged in: the API answers 401, a web form sends the visitor to the login page.
"""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from shapely.geometry import mapping

from novex import bootstrap
from novex.errors import Forbidden
from novex.geo.crs import reproject
from tests.fixtures.clients import ACCOUNTS, PASSWORD, add_accounts, clients_for, make_clients
from tests.fixtures.geo import feature, square, write_geojson
from tests.fixtures.matrix import AANPAK, ROLES, client_for, fresh_vraagstuk, parse_matrix, template_copy

# Rights are enforced in the service layer, in front of the database: the matrix runs once, on SQLite
# (the audit trail's and the repositories' queries run on both backends in their own tests).
pytestmark = pytest.mark.sqlite_only

# utrecht is the planner of PV26, zuid_holland of PV28: on a PV26 row utrecht acts on its OWN
# province and zuid_holland on ANOTHER one, on a PV28 row the other way round.
#   201/200/204  allowed (created / read or saved / deleted)
#   303          a web form saved the change and redirects to the province page
#   login        a web form sends an anonymous visitor to /inloggen (303), storing nothing
#   403          refused; 401: the API without credentials
#   -            not applicable (a service call needs an actor)
# `layer` is the service call itself (`novex layers import` has no API or web form): 201 = imported, 403 = Forbidden.
# Province "*": the operation is not bound to a province.
MATRIX = """
edge  operation         province  vro    utrecht  zuid_holland  departement  lezer  beheerder  anonymous
api   create_voorstel   PV26      201    201      403           403          403    403        401
api   create_voorstel   PV28      201    403      201           403          403    403        401
api   add_claim         PV26      201    201      403           403          403    403        401
api   add_claim         PV28      201    403      201           403          403    403        401
api   update_claim      PV26      200    200      403           403          403    403        401
api   update_claim      PV28      200    403      200           403          403    403        401
api   delete_claim      PV26      204    204      403           403          403    403        401
api   delete_claim      PV28      204    403      204           403          403    403        401
api   import_file       PV26      201    201      403           403          403    403        401
api   import_file       PV28      201    403      201           403          403    403        401
api   read_claims       PV26      200    200      200           200          200    200        401
api   read_claims       PV28      200    200      200           200          200    200        401
api   read_audit        PV26      200    200      403           403          403    200        401
api   read_audit        PV28      200    403      200           403          403    200        401
api   read_audit        *         200    403      403           403          403    200        401
web   upload            PV26      201    201      403           403          403    403        login
web   upload            PV28      201    403      201           403          403    403        login
web   edit_claim        PV26      303    303      403           403          403    403        login
web   edit_claim        PV28      303    403      303           403          403    403        login
web   add_account       *         403    403      403           403          403    201        login
layer import_layer      *         201    403      403           403          403    201        -
"""


EXPECTED = parse_matrix(MATRIX)
CASES = [key for key, cell in EXPECTED.items() if cell != "-"]
READS = {"read_claims", "read_audit"}
SPOT = {"PV26": (140_000, 455_000), "PV28": (92_000, 437_000)}


def wgs84(x: float, y: float, naam: str) -> dict:
    geom = reproject(square(x, y, 200), "EPSG:28992", "EPSG:4326")
    return {"type": "Feature", "geometry": mapping(geom), "properties": {"naam": naam, "domein": "wonen"}}


def build_world(settings) -> tuple[dict[str, str], dict[str, tuple[int, int]]]:
    """The accounts, and a voorstel 'Basis' with one claim in PV26 and in PV28: (tokens, targets by province)."""
    tokens = add_accounts(settings)
    api = clients_for(settings, tokens)
    targets = {}
    for provincie, owner in (("PV26", api.utrecht), ("PV28", api.zuid_holland)):
        vid = owner.post("/api/v1/voorstellen", json={"provincie": provincie, "naam": "Basis"}).json()["id"]
        cid = owner.post(f"/api/v1/voorstellen/{vid}/claims", json=wgs84(*SPOT[provincie], "Basis")).json()["id"]
        targets[provincie] = (vid, cid)
    api.vro.app.state.db.engine.dispose()
    return tokens, targets


@pytest.fixture
def world(settings, prebuilt):
    """The world of `build_world`, built once per worker and copied into this test's database."""
    tokens, targets = prebuilt.fill(settings.database_url, "authorisation-matrix", build_world)
    return clients_for(settings, tokens), targets


def call_api(client, operation, provincie, targets, tmp_path):
    if provincie == "*":  # only read_audit is not bound to a province
        return client.get("/api/v1/audit")
    vid, cid = targets[provincie]
    x, y = SPOT[provincie]
    if operation == "create_voorstel":
        return client.post("/api/v1/voorstellen", json={"provincie": provincie, "naam": "Nieuw"})
    if operation == "add_claim":
        return client.post(f"/api/v1/voorstellen/{vid}/claims", json=wgs84(x + 500, y, "Nieuw"))
    if operation == "update_claim":
        return client.put(f"/api/v1/claims/{cid}", json=wgs84(x, y, "Gewijzigd") | {"version": 1})
    if operation == "delete_claim":
        return client.delete(f"/api/v1/claims/{cid}")
    if operation == "read_claims":
        return client.get("/api/v1/claims", params={"provincie": provincie})
    if operation == "read_audit":
        return client.get("/api/v1/audit", params={"provincie": provincie})
    assert operation == "import_file"
    path = write_geojson(tmp_path / "u.geojson", [feature(square(x + 900, y, 100), naam="Import", domein="wonen")])
    with path.open("rb") as f:
        return client.post(f"/api/v1/voorstellen/{vid}/import", files={"bestand": ("u.geojson", f)})


def web_client(app, role) -> tuple[TestClient, str]:
    """A browser session: logged in as the role (with its CSRF token), or anonymous."""
    client = TestClient(app)
    if role == "anonymous":
        return client, ""
    login = client.post("/inloggen", data={"email": ACCOUNTS[role][0], "wachtwoord": PASSWORD}, follow_redirects=False)
    assert login.status_code == 303, login.text
    return client, client.get("/catalogus").text.split('name="csrf" value="')[1].split('"')[0]


def call_web(client, csrf, operation, provincie, targets, tmp_path):
    if operation == "add_account":
        form = {"csrf": csrf, "email": "nieuw@provincie-gelderland.nl", "rol": "lezer"}
        return client.post("/beheer/accounts", data=form, follow_redirects=False)
    vid, cid = targets[provincie]
    x, y = SPOT[provincie]
    if operation == "edit_claim":
        form = {"csrf": csrf, "version": "1", "naam": "Via het formulier", "domein": "wonen", "status": "zoekgebied",
                "hardheid": "middel", "prioriteit": "2", "reden": "matrix"}  # fmt: skip
        return client.post(f"/claims/{cid}/bewerken", data=form, follow_redirects=False)
    assert operation == "upload"
    path = write_geojson(tmp_path / "w.geojson", [feature(square(x + 1500, y, 100), naam="Upload", domein="wonen")])
    with path.open("rb") as f:
        return client.post(f"/provincies/{provincie}/upload", data={"csrf": csrf, "voorstel": "Basis"},
                           files={"bestand": ("w.geojson", f)}, follow_redirects=False)  # fmt: skip


def call_layer_service(settings, api, role, tmp_path) -> int:
    """`RestrictionService.import_layer` as the role's own user: 201 when imported, 403 when Forbidden."""
    path = write_geojson(tmp_path / "laag.geojson", [feature(square(150_000, 450_000, 300), naam="Veld", code="X1")])
    token = getattr(api, role).headers["Authorization"].removeprefix("Bearer ")
    database = bootstrap.database(settings)
    try:
        with database.session() as session:
            actor = bootstrap.account_service(session).user_for_token(token).actor()
        with database.session() as session:
            bootstrap.restriction_service(session).import_layer(
                actor, path, "Matrixlaag", "natuur", "hard", "Omgevingswet", date(2024, 1, 1)
            )
        return 201
    except Forbidden:
        return 403
    finally:
        database.engine.dispose()


def counts(api) -> tuple[int, int, int]:
    """Claims in PV26, claims in PV28, events in the audit trail (as seen by vro)."""
    claims = [api.vro.get("/api/v1/claims", params={"provincie": p}).json()["numberMatched"] for p in ("PV26", "PV28")]
    return *claims, api.vro.get("/api/v1/audit", params={"pageSize": 1}).json()["numberMatched"]


@pytest.mark.parametrize(("edge", "operation", "provincie", "role"), CASES, ids=["-".join(c) for c in CASES])
def test_authorisation(world, settings, tmp_path, edge, operation, provincie, role):
    api, targets = world
    expected = EXPECTED[(edge, operation, provincie, role)]
    before = counts(api)
    if edge == "api":
        response = call_api(client_for(api, role), operation, provincie, targets, tmp_path)
        status = response.status_code
    elif edge == "web":
        client, csrf = web_client(api.anonymous.app, role)
        response = call_web(client, csrf, operation, provincie, targets, tmp_path)
        status = response.status_code
        if expected == "login":
            assert status == 303 and response.headers["location"].startswith("/inloggen"), response.text
            status = "login"
        elif status == 303:
            assert response.headers["location"].startswith(f"/provincies/{provincie}?opgeslagen="), response.headers
    else:
        response, status = None, call_layer_service(settings, api, role, tmp_path)
    assert str(status) == expected, response.text if response is not None else status
    after = counts(api)

    if expected in ("401", "403", "login") or operation in READS:  # a refusal, or a read, changes and records nothing
        assert after == before
    else:  # every change is in the audit trail, by whoever made it (for the province it touched)
        assert after[2] > before[2]
        latest = api.vro.get("/api/v1/audit", params={"pageSize": 1}).json()["data"][0]
        assert latest["actor"] == ACCOUNTS[role][0]
        if provincie != "*":
            assert latest["provincie"] == provincie
    if operation == "read_audit" and expected == "200":
        events = response.json()["data"]
        assert events  # the fixture's voorstellen and claims are in the trail
        if provincie != "*":  # a filtered read shows that province only
            assert {e["provincie"] for e in events} == {provincie}
    if operation == "read_claims" and expected == "200":
        assert response.json()["numberMatched"] == 1  # the one claim the fixture made there


def test_the_matrix_is_complete():
    rows = {(edge, op, prov) for edge, op, prov, _ in EXPECTED}
    assert len(rows) == 21 and len(EXPECTED) == 21 * len(ROLES)
    assert len(CASES) == 21 * 7 - 1  # only the service call has no anonymous case


# --- the vraagstukken dialogue (seed 002): every route × every role × own/other province ----------------
#
# Hand-written from the documented roles (README "Roles"; `novex.dialogue.actions`; seed 002 §3.6 and §4.1),
# not computed from the code:
# - everybody logged in reads vraagstukken and the registers; a province's planner only those of (or
#   crossing into) its own province, and may not ask for another province's list;
# - provinces signal for their own province, VRO for any; ministries, lezers and beheerders do not signal;
#   the pre-filled draft from a conflict is for those who signal (an input, not a signal: any conflict);
# - VRO handles a vraagstuk: changes, triage, lead party, approach, moves between the phases;
# - a table outcome is recorded by VRO or the ministry that leads; the fixture's vraagstukken are led by EZK,
#   the ministry of the `departement` account, which therefore may also close besluitvorming (→ knelpunt),
#   but not send it back to oordeelsvorming;
# - comments and expert input: VRO, the own province, the ministries.
# Each case acts on a fresh vraagstuk in besluitvorming (triage, approach and a DO NOVEX without consensus
# recorded) in one database per module; cells as above, province "*": not bound to a province.
DIALOGUE_MATRIX = """
operation      province  vro  utrecht  zuid_holland  departement  lezer  beheerder  anonymous
list           *         200  200      200           200          200    200        401
list           PV26      200  200      403           200          200    200        401
list           PV28      200  403      200           200          200    200        401
signal         PV26      201  201      403           403          403    403        401
signal         PV28      201  403      201           403          403    403        401
read           PV26      200  200      403           200          200    200        401
read           PV28      200  403      200           200          200    200        401
update         PV26      200  403      403           403          403    403        401
update         PV28      200  403      403           403          403    403        401
triage         PV26      200  403      403           403          403    403        401
triage         PV28      200  403      403           403          403    403        401
lead           PV26      200  403      403           403          403    403        401
lead           PV28      200  403      403           403          403    403        401
aanpak         PV26      200  403      403           403          403    403        401
aanpak         PV28      200  403      403           403          403    403        401
decision       PV26      201  403      403           201          403    403        401
decision       PV28      201  403      403           201          403    403        401
move_back      PV26      200  403      403           403          403    403        401
move_back      PV28      200  403      403           403          403    403        401
knelpunt       PV26      200  403      403           200          403    403        401
knelpunt       PV28      200  403      403           200          403    403        401
history        PV26      200  200      403           200          200    200        401
history        PV28      200  403      200           200          200    200        401
contributions  PV26      200  200      403           200          200    200        401
contributions  PV28      200  403      200           200          200    200        401
contribute     PV26      201  201      403           201          403    403        401
contribute     PV28      201  403      201           201          403    403        401
pdf            PV26      200  200      403           200          200    200        401
pdf            PV28      200  403      200           200          200    200        401
prefill        PV26      200  200      403           403          403    403        401
prefill        PV28      200  403      200           403          403    403        401
places         *         200  200      200           200          200    200        401
decisions      *         200  200      200           200          200    200        401
add_place      *         201  403      403           403          403    403        401
add_decision   *         201  403      403           403          403    403        401
"""
DIALOGUE_EXPECTED = parse_matrix(DIALOGUE_MATRIX)
DIALOGUE_CASES = sorted(DIALOGUE_EXPECTED)
DIALOGUE_ROUTES = {  # operation -> (method, path template in the OpenAPI document)
    "list": ("get", "/api/v1/vraagstukken"),
    "signal": ("post", "/api/v1/vraagstukken"),
    "read": ("get", "/api/v1/vraagstukken/{vraagstuk_id}"),
    "update": ("put", "/api/v1/vraagstukken/{vraagstuk_id}"),
    "triage": ("put", "/api/v1/vraagstukken/{vraagstuk_id}/triage"),
    "lead": ("put", "/api/v1/vraagstukken/{vraagstuk_id}/leidend"),
    "aanpak": ("put", "/api/v1/vraagstukken/{vraagstuk_id}/aanpak"),
    "decision": ("post", "/api/v1/vraagstukken/{vraagstuk_id}/tafelbesluiten"),
    "move_back": ("post", "/api/v1/vraagstukken/{vraagstuk_id}/overgangen"),
    "knelpunt": ("post", "/api/v1/vraagstukken/{vraagstuk_id}/overgangen"),
    "history": ("get", "/api/v1/vraagstukken/{vraagstuk_id}/geschiedenis"),
    "contributions": ("get", "/api/v1/vraagstukken/{vraagstuk_id}/bijdragen"),
    "contribute": ("post", "/api/v1/vraagstukken/{vraagstuk_id}/bijdragen"),
    "pdf": ("get", "/api/v1/vraagstukken/{vraagstuk_id}/aanpak.pdf"),
    "prefill": ("get", "/api/v1/vraagstukken-uit-conflict/{conflict_id}"),
    "places": ("get", "/api/v1/registers/plekken"),
    "decisions": ("get", "/api/v1/registers/besluiten"),
    "add_place": ("post", "/api/v1/registers/plekken"),
    "add_decision": ("post", "/api/v1/registers/besluiten"),
}


@pytest.fixture(scope="module")
def dialogue_world(template_db, backend, tmp_path_factory):
    """One database for the module (each case acts on its own fresh vraagstuk), clients, and a conflict per province."""
    from novex.access import Actor, Role
    from novex.claims.model import ClaimDraft
    from novex.settings import Settings

    folder = tmp_path_factory.mktemp("dialoog-matrix")
    with template_copy(template_db, backend, folder) as url:
        api = make_clients(Settings(data_dir=folder / "data", database_url=url))
        planner = Actor(None, "matrix@novex.test", Role.PROVINCIE)
        conflicts = {}
        with api.vro.app.state.db.session() as session:
            claims = bootstrap.claim_service(session)
            for provincie, (x, y) in SPOT.items():
                voorstel = claims.voorstel_for(Actor.operator(), "Dialoog", provincie, create=True)
                a = claims.add_claim(Actor.operator(), voorstel.id, ClaimDraft("Wijk", "wonen", square(x, y, 400)))
                b = claims.add_claim(
                    Actor.operator(), voorstel.id, ClaimDraft("Natuur", "natuur", square(x + 200, y, 400))
                )
                conflicts[provincie] = f"C-{min(a.id, b.id)}-{max(a.id, b.id)}"
        with api.vro.app.state.db.session(write=False) as session:
            found = {c.id for c in bootstrap.analysis_service(session).analysis(planner).conflicts}
        assert set(conflicts.values()) <= found, found
        yield api, conflicts
        api.vro.app.state.db.engine.dispose()


def call_dialogue(client, operation, provincie, vid, version, conflicts):
    v = f"/api/v1/vraagstukken/{vid}"
    calls = {
        "list": lambda: client.get("/api/v1/vraagstukken", params={} if provincie == "*" else {"provincie": provincie}),
        "signal": lambda: client.post("/api/v1/vraagstukken", json={"titel": "Nieuw", "provincies": [provincie]}),
        "read": lambda: client.get(v),
        "update": lambda: client.put(v, json={"titel": "Gewijzigd", "provincies": [provincie], "inkadering": "NR",
                                              "versie": version}),  # fmt: skip
        "triage": lambda: client.put(f"{v}/triage", json={"advies": "anders", "besloten_door": "DO", "versie": version}),
        "lead": lambda: client.put(f"{v}/leidend", json={"leidend": "departement", "departement": "EZK",
                                                         "versie": version}),  # fmt: skip
        "aanpak": lambda: client.put(f"{v}/aanpak", json=AANPAK | {"tempo": "sneller", "versie": version}),
        "decision": lambda: client.post(f"{v}/tafelbesluiten", json={"tafel": "gp-dg", "datum": "2026-10-20",
                                                                     "uitkomst": "advies", "versie": version}),  # fmt: skip
        "move_back": lambda: client.post(f"{v}/overgangen", json={"naar": "oordeelsvorming", "reden": "matrix"}),
        "knelpunt": lambda: client.post(f"{v}/overgangen", json={"naar": "knelpunt", "reden": "geen oplossing"}),
        "history": lambda: client.get(f"{v}/geschiedenis"),
        "contributions": lambda: client.get(f"{v}/bijdragen"),
        "contribute": lambda: client.post(f"{v}/bijdragen", json={"tekst": "matrix"}),
        "pdf": lambda: client.get(f"{v}/aanpak.pdf"),
        "prefill": lambda: client.get(f"/api/v1/vraagstukken-uit-conflict/{conflicts.get(provincie)}"),
        "places": lambda: client.get("/api/v1/registers/plekken"),
        "decisions": lambda: client.get("/api/v1/registers/besluiten"),
        "add_place": lambda: client.post("/api/v1/registers/plekken", json={
            "id": f"plek-{vid}", "naam": "Gebiedstafel", "soort": "overig", "bron": "matrix"}),
        "add_decision": lambda: client.post("/api/v1/registers/besluiten", json={
            "id": f"besluit-{vid}", "titel": "Besluit", "datum": "2025-01-01", "bron": "matrix"}),
    }  # fmt: skip
    return calls[operation]()


def dialogue_counts(db) -> dict[str, int]:
    from sqlalchemy import func, select

    from novex.store.tables import metadata

    tables = metadata().tables
    names = (
        "vraagstukken",
        "vraagstuk_links",
        "vraagstuk_bijdragen",
        "flow_history",
        "register_entries",
        "audit_events",
    )
    with db.session(write=False) as session:
        counts = {n: session.scalar(select(func.count()).select_from(tables[n])) for n in names}
        versions = session.execute(select(tables["vraagstukken"].c.id, tables["vraagstukken"].c.version)).all()
    return counts | {"versions": sorted(tuple(r) for r in versions)}


@pytest.mark.parametrize(("operation", "provincie", "role"), DIALOGUE_CASES, ids=["-".join(c) for c in DIALOGUE_CASES])
def test_dialogue_authorisation(dialogue_world, operation, provincie, role):
    from novex.access import Actor
    from novex.audit import AuditFilter

    api, conflicts = dialogue_world
    db = api.vro.app.state.db
    expected = DIALOGUE_EXPECTED[(operation, provincie, role)]
    vid, version = fresh_vraagstuk(db, "PV26" if provincie == "*" else provincie)
    before = dialogue_counts(db)
    response = call_dialogue(client_for(api, role), operation, provincie, vid, version, conflicts)
    assert str(response.status_code) == expected, response.text[:500]
    after = dialogue_counts(db)
    if expected in ("401", "403") or response.request.method == "GET":  # a refusal or a read changes nothing
        assert after == before
        if expected in ("401", "403"):
            assert response.headers["content-type"].startswith("application/problem+json")
    else:  # every change is in the audit trail, by whoever made it, for the province it touched
        assert after["audit_events"] > before["audit_events"]
        with db.session(write=False) as session:
            (latest,) = bootstrap.audit_service(session).page(Actor.operator(), AuditFilter(), 1, 1)[0]
        assert latest.actor == ACCOUNTS[role][0] and latest.provincie == (None if provincie == "*" else provincie)
    if operation == "pdf" and expected == "200":
        assert response.content.startswith(b"%PDF-")
    if operation == "list" and expected == "200":
        shown = {p for v in response.json()["vraagstukken"] for p in v["provincies"]}
        own = {"utrecht": {"PV26"}, "zuid_holland": {"PV28"}}.get(role)
        assert shown and (own is None or shown == own) and (provincie == "*" or shown == {provincie})


def test_the_dialogue_matrix_covers_every_dialogue_route():
    """Every route of the dialogue's API router has its row above (a new route needs its expectations)."""
    from fastapi.routing import APIRoute

    from novex.api.routes.dialogue import router

    routes = {
        (method.lower(), "/api/v1" + route.path)
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    assert routes == set(DIALOGUE_ROUTES.values())
    assert {op for op, _, _ in DIALOGUE_EXPECTED} == set(DIALOGUE_ROUTES)
    assert len(DIALOGUE_EXPECTED) == 35 * len(ROLES)
