"""Issue 14, finding 13: the beheerder manages accounts in the web app (add, block, reset, role)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.fixtures.clients import PASSWORD, make_clients


@pytest.fixture
def api(settings):
    return make_clients(settings)


def logged_in(app, email, password=PASSWORD) -> tuple[TestClient, str]:
    client = TestClient(app)
    response = client.post("/inloggen", data={"email": email, "wachtwoord": password}, follow_redirects=False)
    assert response.status_code == 303, response.text
    csrf = client.get("/catalogus").text.split('name="csrf" value="')[1].split('"')[0]
    return client, csrf


def user_id(api, email) -> int:
    web, _ = logged_in(api.anonymous.app, "beheer@minbzk.nl")
    page = web.get("/beheer/accounts").text
    return int(page.split(f">{email}</a>")[0].rsplit('href="/beheer/accounts/', 1)[1].split('"')[0])


def test_the_beheerder_adds_an_account_that_can_log_in_with_the_password_shown_once(api):
    admin, csrf = logged_in(api.anonymous.app, "beheer@minbzk.nl")
    form = {"csrf": csrf, "email": "nieuw@provincie-gelderland.nl", "naam": "Nieuwe planner", "rol": "provincie",
            "provincie": "PV25"}  # fmt: skip
    page = admin.post("/beheer/accounts", data=form)
    assert page.status_code == 201
    password = page.text.split('<code class="wachtwoord">')[1].split("<")[0]
    planner, _ = logged_in(api.anonymous.app, "nieuw@provincie-gelderland.nl", password)
    assert "provincie PV25" in planner.get("/catalogus").text
    assert admin.get("/beheer/accounts").text.count("nieuw@provincie-gelderland.nl") == 1


def test_a_refused_account_keeps_the_form_and_names_the_reason(api):
    admin, csrf = logged_in(api.anonymous.app, "beheer@minbzk.nl")
    page = admin.post("/beheer/accounts", data={"csrf": csrf, "email": "x@y.nl", "rol": "provincie"})
    assert page.status_code == 400 and "hoort bij een provincie" in page.text and 'value="x@y.nl"' in page.text


def test_blocking_ends_the_users_sessions_and_tokens(api):
    target = user_id(api, "lezer@example.nl")
    reader, _ = logged_in(api.anonymous.app, "lezer@example.nl")
    assert reader.get("/provincies/PV26", follow_redirects=False).status_code == 200
    admin, csrf = logged_in(api.anonymous.app, "beheer@minbzk.nl")
    done = admin.post(f"/beheer/accounts/{target}", data={"csrf": csrf, "actie": "blokkeren", "reden": "vertrokken"},
                      follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    assert reader.get("/provincies/PV26", follow_redirects=False).status_code == 303  # back to the login page
    assert api.lezer.get("/api/v1/provincies").status_code == 401  # the bearer token no longer works
    log = api.vro.get("/api/v1/audit", params={"actie": "gebruiker.uitgeschakeld"}).json()["data"]
    assert log[0]["reden"] == "vertrokken"
    admin.post(f"/beheer/accounts/{target}", data={"csrf": csrf, "actie": "deblokkeren"})
    assert api.lezer.get("/api/v1/provincies").status_code == 200


def test_a_new_password_replaces_the_old_one(api):
    target = user_id(api, "lezer@example.nl")
    admin, csrf = logged_in(api.anonymous.app, "beheer@minbzk.nl")
    page = admin.post(f"/beheer/accounts/{target}", data={"csrf": csrf, "actie": "wachtwoord"})
    password = page.text.split('<code class="wachtwoord">')[1].split("<")[0]
    refused = TestClient(api.anonymous.app).post("/inloggen", data={"email": "lezer@example.nl", "wachtwoord": PASSWORD})
    assert refused.status_code == 401
    logged_in(api.anonymous.app, "lezer@example.nl", password)


def test_a_role_change_takes_effect_and_is_checked(api):
    target = user_id(api, "lezer@example.nl")
    admin, csrf = logged_in(api.anonymous.app, "beheer@minbzk.nl")
    refused = admin.post(f"/beheer/accounts/{target}", data={"csrf": csrf, "actie": "rol", "rol": "departement"})
    assert refused.status_code == 400 and "hoort bij een ministerie" in refused.text
    admin.post(f"/beheer/accounts/{target}", data={"csrf": csrf, "actie": "rol", "rol": "provincie", "provincie": "PV26"})
    assert api.lezer.get("/api/v1/voorstellen").status_code == 200
    vid = api.lezer.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "Nu mag het"})
    assert vid.status_code == 201  # a planner of Utrecht now


@pytest.mark.parametrize("email", ["planner@provincie-utrecht.nl", "vro@minbzk.nl", "lezer@example.nl"])
def test_only_the_beheerder_sees_or_uses_account_management(api, email):
    web, csrf = logged_in(api.anonymous.app, email)
    assert "/beheer/accounts" not in web.get("/catalogus").text
    assert web.get("/beheer/accounts").status_code == 403
    target = user_id(api, "lezer@example.nl")
    assert web.post(f"/beheer/accounts/{target}", data={"csrf": csrf, "actie": "blokkeren"}).status_code == 403
