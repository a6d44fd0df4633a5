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
from tests.fixtures.clients import ACCOUNTS, PASSWORD, make_clients
from tests.fixtures.geo import feature, square, write_geojson

ROLES = ["vro", "utrecht", "zuid_holland", "departement", "lezer", "beheerder", "anonymous"]

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


def _parse(table: str) -> dict[tuple[str, str, str, str], str]:
    header, *rows = (line.split() for line in table.strip().splitlines())
    assert header[3:] == ROLES
    return {
        (edge, op, prov, role): cell for edge, op, prov, *cells in rows for role, cell in zip(ROLES, cells, strict=True)
    }


EXPECTED = _parse(MATRIX)
CASES = [key for key, cell in EXPECTED.items() if cell != "-"]
READS = {"read_claims", "read_audit"}
SPOT = {"PV26": (140_000, 455_000), "PV28": (92_000, 437_000)}


def wgs84(x: float, y: float, naam: str) -> dict:
    geom = reproject(square(x, y, 200), "EPSG:28992", "EPSG:4326")
    return {"type": "Feature", "geometry": mapping(geom), "properties": {"naam": naam, "domein": "wonen"}}


@pytest.fixture
def world(settings):
    api = make_clients(settings)
    targets = {}
    for provincie, owner in (("PV26", api.utrecht), ("PV28", api.zuid_holland)):
        vid = owner.post("/api/v1/voorstellen", json={"provincie": provincie, "naam": "Basis"}).json()["id"]
        cid = owner.post(f"/api/v1/voorstellen/{vid}/claims", json=wgs84(*SPOT[provincie], "Basis")).json()["id"]
        targets[provincie] = (vid, cid)
    return api, targets


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
        client = api.anonymous if role == "anonymous" else getattr(api, role)
        response = call_api(client, operation, provincie, targets, tmp_path)
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
