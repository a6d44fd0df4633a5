"""A large import does not stop the server: other users get answers meanwhile (issue 13, finding 7).

A real `novex serve` in its own process, a 20,000-feature upload through the API, and a
plain GET by another user every 0.2 s while it runs. How fast those answers are is measured
by `benchmarks/responsiveness.py`, not asserted here: a time budget in the suite fails on a
busy machine and says nothing about the behaviour.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from novex import bootstrap
from novex.access import Actor
from tests.fixtures.geo import feature, square, write_geojson

FEATURES = 20_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _novex() -> str:
    return shutil.which("novex") or str(Path(sys.executable).with_name("novex"))


def _start(env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    """`novex serve` on a free port, answering; another port if one was taken between the probe and the bind."""
    for _ in range(5):
        port = _free_port()
        process = subprocess.Popen([_novex(), "serve", "--port", str(port)], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):
            if process.poll() is not None:
                break  # it could not bind the port (another process took it since): try another
            try:
                if httpx.get(f"{base}/api/v1/catalogus", timeout=1).status_code < 500:
                    return process, base
            except httpx.HTTPError:
                time.sleep(0.1)
        errors = process.stderr.read(2000).decode() if process.poll() is not None else "no answer in 60 s"
        process.kill()
        process.wait(timeout=20)
        if "address already in use" not in errors.lower():
            pytest.fail("novex serve did not start: " + errors)
    pytest.fail("novex serve found no free port")


@pytest.fixture
def served(settings, database_url):
    with bootstrap.database(settings).session() as session:
        accounts = bootstrap.account_service(session)
        planner = accounts.add_user(Actor.operator(), "p@utrecht.nl", "P", "provincie", "wachtwoord-123456", "PV26")
        reader = accounts.add_user(Actor.operator(), "l@x.nl", "L", "lezer", "wachtwoord-123456")
        tokens = accounts.issue_token(planner), accounts.issue_token(reader)
    env = os.environ | {"NOVEX_DATA_DIR": str(settings.data_dir), "NOVEX_DATABASE_URL": database_url}
    process, base = _start(env)
    try:
        yield base, tokens
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_other_users_get_answers_during_a_20000_feature_import(served, tmp_path):
    base, (planner, reader) = served
    side, columns = 30.0, 200  # 20,000 squares of 30 m in a 10 km × 8 km block inside Utrecht
    features = [feature(square(135_000 + (i % columns) * 50, 450_000 + (i // columns) * 50, side),
                        naam=f"Kavel {i}", domein="wonen") for i in range(FEATURES)]  # fmt: skip
    path = write_geojson(tmp_path / "groot.geojson", features)
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {planner}"}, timeout=600) as client:
        vid = client.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "Groot"}).json()["id"]
        outcome: dict[str, object] = {}
        importing = threading.Event()

        def upload() -> None:
            importing.set()
            with path.open("rb") as stream:
                response = client.post(
                    f"/api/v1/voorstellen/{vid}/import", files={"bestand": ("groot.geojson", stream)}
                )
            importing.clear()
            outcome["status"] = response.status_code
            outcome["claims"] = len(response.json().get("claims", []))

        during = 0  # answers asked for and received while the upload was still under way
        # The timeout only guards against a hang: a server that waits for the import would answer after it.
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {reader}"}, timeout=60) as other:
            assert other.get("/api/v1/provincies").status_code == 200  # warm: the first answer loads the provinces
            thread = threading.Thread(target=upload)
            thread.start()
            importing.wait(timeout=60)
            while thread.is_alive():
                asked_during = importing.is_set()
                assert other.get("/api/v1/provincies").status_code == 200
                if asked_during and importing.is_set():
                    during += 1
                time.sleep(0.2)
        thread.join()
    assert outcome["status"] == 201 and outcome["claims"] == FEATURES, outcome
    # Many answers came and went while the one upload was being imported: the server did not wait for it.
    assert during >= 10, (during, outcome)
