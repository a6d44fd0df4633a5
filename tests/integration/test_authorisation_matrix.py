"""Every mutating API route × every role × own/other province: allowed exactly when the rules say so."""

from __future__ import annotations

import itertools

import pytest
from shapely.geometry import mapping

from novex.geo.crs import reproject
from tests.fixtures.clients import ACCOUNTS, make_clients
from tests.fixtures.geo import feature, square, write_geojson

ROLES = ["vro", "utrecht", "zuid_holland", "departement", "lezer", "beheerder", "anonymous"]
OWN = {"utrecht": "PV26", "zuid_holland": "PV28"}
OPERATIONS = ["create_voorstel", "add_claim", "update_claim", "delete_claim", "import_file"]
SPOT = {"PV26": (140_000, 455_000), "PV28": (92_000, 437_000)}
CASES = list(itertools.product(OPERATIONS, ROLES, ["PV26", "PV28"]))


def allowed(role: str, provincie: str) -> bool:
    return role == "vro" or OWN.get(role) == provincie


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


def call(api, role, operation, provincie, targets, tmp_path):
    client = api.anonymous if role == "anonymous" else getattr(api, role)
    vid, cid = targets[provincie]
    x, y = SPOT[provincie]
    if operation == "create_voorstel":
        return client.post("/api/v1/voorstellen", json={"provincie": provincie, "naam": f"Nieuw {role}"})
    if operation == "add_claim":
        return client.post(f"/api/v1/voorstellen/{vid}/claims", json=wgs84(x + 500, y, role))
    if operation == "update_claim":
        return client.put(f"/api/v1/claims/{cid}", json=wgs84(x, y, f"Door {role}") | {"version": 1})
    if operation == "delete_claim":
        return client.delete(f"/api/v1/claims/{cid}")
    path = write_geojson(tmp_path / "u.geojson", [feature(square(x + 900, y, 100), naam=role, domein="wonen")])
    with path.open("rb") as f:
        return client.post(f"/api/v1/voorstellen/{vid}/import", files={"bestand": ("u.geojson", f)})


@pytest.mark.parametrize(("operation", "role", "provincie"), CASES, ids=["-".join(c) for c in CASES])
def test_authorisation(world, tmp_path, operation, role, provincie):
    api, targets = world
    before = api.vro.get("/api/v1/claims", params={"provincie": provincie}).json()["numberMatched"]
    recorded = audit_count(api)
    response = call(api, role, operation, provincie, targets, tmp_path)
    if role == "anonymous":
        expected = 401
    elif allowed(role, provincie):
        expected = {"delete_claim": 204, "update_claim": 200}.get(operation, 201)
    else:
        expected = 403
    assert response.status_code == expected, response.text
    after = api.vro.get("/api/v1/claims", params={"provincie": provincie}).json()["numberMatched"]
    if expected in (401, 403):
        assert after == before  # a refusal changes nothing
        assert audit_count(api) == recorded  # and records nothing
    else:  # every change is in the audit trail, by whoever made it, for the province it touched
        latest = api.vro.get("/api/v1/audit", params={"provincie": provincie, "pageSize": 1}).json()["data"][0]
        assert audit_count(api) > recorded and latest["actor"] == ACCOUNTS[role][0]


def audit_count(api) -> int:
    return api.vro.get("/api/v1/audit", params={"pageSize": 1}).json()["numberMatched"]


def test_the_matrix_is_complete():
    assert len(CASES) == len(OPERATIONS) * len(ROLES) * 2 == 70
