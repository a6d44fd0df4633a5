"""The API answers within seconds while a long analysis runs: the last result, its age and state in headers.

A real server (uvicorn in a thread of this process, so the analysis can be held at a gate)
and an HTTP client with a timeout of a few seconds: a request that waited for the held
analysis would time out and fail the test.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx
import pytest
from shapely.geometry import mapping

from tests.fixtures.clients import add_accounts
from tests.fixtures.geo import UTRECHT, square
from tests.fixtures.serving import uvicorn_thread
from tests.fixtures.slow_analysis import GUARD, slow_analysis  # noqa: F401 - the `slow` fixture

pytestmark = pytest.mark.sqlite_only  # what is checked is the edge; the service test runs on every backend
TIMEOUT = 5.0
X, Y = UTRECHT


@pytest.fixture
def served(settings):
    """The app on a free port, and a client per role (bearer tokens) with a timeout of a few seconds."""
    tokens = add_accounts(settings)
    with uvicorn_thread(settings, GUARD) as root:
        clients = {role: httpx.Client(base_url=f"{root}/api/v1", timeout=TIMEOUT,
                                      headers={"Authorization": f"Bearer {token}"}) for role, token in tokens.items()}  # fmt: skip
        try:
            yield clients
        finally:
            for client in clients.values():
                client.close()


def add_claim(client, voorstel, naam, dx):
    body = {"type": "Feature", "geometry": mapping(square(X + dx, Y, 300)),
            "properties": {"naam": naam, "domein": "wonen", "extern_id": naam}}  # fmt: skip
    answer = client.post(f"/voorstellen/{voorstel}/claims", json=body, headers={"Content-Crs": "epsg:28992"})
    assert answer.status_code == 201, answer.text


def test_the_analysis_answers_with_the_last_result_and_its_age_while_a_long_one_runs(served, slow):
    planner, reader = served["utrecht"], served["lezer"]
    voorstel = planner.post("/voorstellen", json={"provincie": "PV26", "naam": "V"}).json()["id"]
    add_claim(planner, voorstel, "Wijk", 0)
    first = reader.get("/analyse", params={"provincie": "PV26"})  # small: computed at once, as before
    assert first.status_code == 200 and first.headers["Analyse-Status"] == "actueel"
    assert first.json()["claims"] == 1
    slow.over_budget()
    slow.gate.close()
    add_claim(planner, voorstel, "Wijk 2", 2000)
    during = reader.get("/analyse", params={"provincie": "PV26"})  # the gate is shut: it cannot have waited
    assert slow.gate.entered.wait(GUARD) and not slow.gate.opened.is_set()
    assert during.status_code == 200 and during.json() == first.json()  # the last complete result
    assert during.headers["Content-Encoding"] == "gzip"  # compressed once per report, decoded by the client
    plain = reader.get("/analyse", params={"provincie": "PV26"}, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers and plain.json() == first.json()
    assert during.headers["Analyse-Status"] == "bezig"
    assert 0 <= int(during.headers["Analyse-Voortgang"]) < 100
    computed = parsedate_to_datetime(during.headers["Last-Modified"])
    assert computed <= datetime.now(UTC) and int(during.headers["Age"]) >= 0
    assert computed == parsedate_to_datetime(first.headers["Last-Modified"])
    status = reader.get("/analyse/status", params={"provincie": "PV26"}).json()
    assert status["status"] == "bezig" and status["bezig"] is True and status["fout"] is None
    assert status["stap"] == "gegevens laden" and status["voortgang"] == pytest.approx(0.333)
    assert status["leeftijdSeconden"] >= 0 and status["berekendOp"].endswith("Z")
    conflicts = reader.get("/conflicten", params={"provincie": "PV26"})
    assert conflicts.status_code == 200 and conflicts.headers["Analyse-Status"] == "bezig"
    slow.finish()
    after = reader.get("/analyse", params={"provincie": "PV26"})
    assert after.status_code == 200 and after.headers["Analyse-Status"] == "actueel" and after.json()["claims"] == 2
    assert "Analyse-Voortgang" not in after.headers


def with_one_claim(served):
    planner = served["utrecht"]
    add_claim(planner, planner.post("/voorstellen", json={"provincie": "PV26", "naam": "V"}).json()["id"], "Wijk", 0)


def test_before_the_first_result_202_with_progress_and_retry_after(served, slow):
    with_one_claim(served)  # (a scope without claims is computed at once: nothing to wait for)
    slow.over_budget()
    slow.gate.close()
    reader = served["lezer"]
    pending = reader.get("/analyse")
    assert pending.status_code == 202 and int(pending.headers["Retry-After"]) > 0
    body = pending.json()
    assert body["status"] == "bezig" and body["berekendOp"] is None and body["leeftijdSeconden"] is None
    assert reader.get("/conflicten").status_code == 202
    slow.finish()
    done = reader.get("/analyse")
    assert done.status_code == 200 and done.headers["Analyse-Status"] == "actueel"


def test_a_failed_first_analysis_is_503_problem_json_in_dutch_never_500(served, slow):
    with_one_claim(served)
    slow.over_budget()
    slow.gate.close(fail=RuntimeError("kapot"))
    reader = served["lezer"]
    assert reader.get("/analyse").status_code == 202
    slow.finish()
    failed = reader.get("/analyse")
    assert failed.status_code == 503 and failed.headers["Content-Type"] == "application/problem+json"
    assert int(failed.headers["Retry-After"]) >= 1
    assert failed.json()["detail"].startswith("de analyse kon niet worden berekend: een onverwachte fout (RuntimeError)")
    assert reader.get("/analyse/status").json()["status"] == "mislukt"


def test_the_new_fields_and_headers_are_in_the_openapi_document(served):
    document = served["lezer"].get("/openapi.json").json()
    operation = document["paths"]["/analyse"]["get"]["responses"]  # relative to the server /api/v1
    assert set(operation["200"]["headers"]) == {"API-Version", "Last-Modified", "Age", "Analyse-Status", "Analyse-Voortgang"}
    assert "Retry-After" in operation["202"]["headers"] and "Retry-After" in operation["503"]["headers"]
    status = document["paths"]["/analyse/status"]["get"]["responses"]["200"]["content"]["application/json"]
    assert {"status", "bezig", "berekendOp", "leeftijdSeconden", "voortgang", "stap", "fout"} <= set(
        status["schema"]["properties"]
    )


def test_accept_encoding_is_read_with_its_weights():
    from novex.api.routes.analysis import accepts_gzip

    assert accepts_gzip("gzip, deflate, br") and accepts_gzip("*") and accepts_gzip("br;q=1.0, GZIP; q=0.5")
    assert not any(accepts_gzip(h) for h in ("", "identity", "deflate, br", "gzip;q=0", "gzip; q=0.000"))
