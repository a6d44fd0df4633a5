"""The OpenAPI document against the NL API Design Rules linter (Logius ruleset, Spectral), and the promises it makes.

Spectral comes from npm at set-up (`.ci/run`: `npm install --prefix .ci/tools @stoplight/spectral-cli@6.16.3`);
`NOVEX_SPECTRAL` names another binary. Missing in CI it is a failure, not a skip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from novex.server import create_app
from novex.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
RULESET = ROOT / "standards" / "adr-linter.yaml"


def spectral() -> str | None:
    """The Spectral binary: $NOVEX_SPECTRAL, .ci/tools, or on PATH."""
    for candidate in (os.environ.get("NOVEX_SPECTRAL"), ROOT / ".ci/tools/node_modules/.bin/spectral"):
        if candidate and Path(candidate).is_file():
            return str(candidate)
    return shutil.which("spectral")


@pytest.fixture(scope="module")
def client(tmp_path_factory, template_db):
    folder = tmp_path_factory.mktemp("openapi")
    shutil.copy(template_db.removeprefix("sqlite:///"), folder / "novex.db") if template_db.startswith(
        "sqlite"
    ) else None
    url = f"sqlite:///{folder / 'novex.db'}" if template_db.startswith("sqlite") else template_db
    with TestClient(create_app(Settings(data_dir=folder, database_url=url))) as c:
        yield c


def test_the_served_document_passes_the_adr_linter_with_no_errors(client, tmp_path):
    binary = spectral()
    if binary is None:
        message = "Spectral ontbreekt: npm install --prefix .ci/tools @stoplight/spectral-cli@6.16.3"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = tmp_path / "openapi.json"
    document.write_text(response.text)
    report = tmp_path / "report.json"
    run = subprocess.run(
        [binary, "lint", "-r", str(RULESET), str(document), "-f", "json", "-o", str(report), "--fail-severity", "error"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    findings = json.loads(report.read_text())
    errors = [f"{f['code']} {'.'.join(map(str, f['path']))}: {f['message']}" for f in findings if f["severity"] == 0]
    assert errors == [], "\n".join(errors[:30])
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_operation_is_secured_versioned_and_answers_problems(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["servers"] == [{"url": "/api/v1", "description": "Deze server (relatief)"}]
    assert set(doc["components"]["securitySchemes"]) == {"bearerToken", "sessieCookie"}
    assert not any(path.startswith(("/api/", "/ogc", "/docs")) for path in doc["paths"])
    ids = []
    for path, item in doc["paths"].items():
        for method, op in item.items():
            ids.append(op["operationId"])
            assert "_" not in op["operationId"], (method, path)
            assert op["security"], (method, path)
            for status, response in op["responses"].items():
                assert "API-Version" in response["headers"], (method, path, status)
                if status[0] in "45":
                    assert list(response["content"]) == ["application/problem+json"], (method, path, status)
    assert len(ids) == len(set(ids))
    claims = doc["paths"]["/claims"]["get"]
    assert claims["operationId"] == "claims"
    assert "application/geo+json" in claims["responses"]["200"]["content"]


def test_invalid_input_is_a_documented_problem_in_dutch(client):
    response = client.post("/api/v1/tokens", json={"email": "x"})
    documented = client.get("/api/v1/openapi.json").json()["paths"]["/tokens"]["post"]["responses"]
    assert str(response.status_code) in documented
    assert response.headers["content-type"] == "application/problem+json"
    assert "wachtwoord: ontbreekt" in response.json()["detail"]
    assert response.headers["API-Version"] == "1.0.0"


def test_a_trailing_slash_is_a_404_not_a_redirect(client):
    for path in ("/api/v1/claims/", "/api/v1/provincies/", "/api/v1/tokens/"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 404, path
        assert response.headers["content-type"] == "application/problem+json"
        assert "schuine streep" in response.json()["detail"] and response.headers["API-Version"] == "1.0.0"
    assert client.get("/api/v1/openapi.json/", follow_redirects=False).status_code == 404


def test_the_docs_page_and_its_files_are_served_by_novex(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and "<script>" not in page.text and "cdn" not in page.text.lower()
    for name, kind in (
        ("swagger-ui.css", "text/css"),
        ("swagger-ui-bundle.js", "javascript"),
        ("swagger-init.js", "javascript"),
    ):
        asset = client.get(f"/api/v1/docs/{name}")
        assert asset.status_code == 200 and kind in asset.headers["content-type"], name
    assert client.get("/api/v1/docs/secret.js").status_code == 404
