"""How long the analysis API keeps a client waiting after a change, with and without the background run.

Loads N clustered claims (as `api_latency.py`), then runs `novex serve` twice on the same
database: once with the budget switched off (every analysis on the request thread: how it
was before) and once with the default budget (beyond it the analysis runs in the background
and the API answers at once with the last result). Each time: a cold national analysis, then
a planner saves a change to one claim and a reader asks for the national analysis every
0.25 s until the new one is there. Prints the latencies the reader saw and how long the new
analysis took to arrive.

    python benchmarks/analysis_background.py --claims 50000
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from api_latency import PASSWORD, claims_geojson, free_port, load

from novex import bootstrap
from novex.settings import Settings


def serve(folder: Path, url: str, extra: dict[str, str]) -> tuple[subprocess.Popen, str, dict[str, str]]:
    """`novex serve` on a free port; the reader's and the planner's bearer headers."""
    port = free_port()
    env = os.environ | {"NOVEX_DATA_DIR": str(folder), "NOVEX_DATABASE_URL": url} | extra
    server = subprocess.Popen([sys.executable, "-m", "novex.cli.main", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            tokens = [
                httpx.post(f"{base}/api/v1/tokens", json={"email": e, "wachtwoord": PASSWORD}).json()["token"]
                for e in ("latentie@novex.test", "planner@novex.test")
            ]
            return server, base, {"reader": tokens[0], "planner": tokens[1]}
        except (httpx.ConnectError, KeyError):
            time.sleep(0.2)
    server.kill()
    raise SystemExit("server did not start")


def until_current(client: httpx.Client, started: float) -> tuple[list[float], list[str], float]:
    """Ask for the national analysis every 0.25 s until it is current: latencies, statuses, seconds to current."""
    latencies, statuses = [], []
    while True:
        asked = time.perf_counter()
        answer = client.get("/api/v1/analyse")
        latencies.append(time.perf_counter() - asked)
        status = answer.headers.get("Analyse-Status", str(answer.status_code))
        statuses.append(status if answer.status_code == 200 else str(answer.status_code))
        if answer.status_code == 200 and status == "actueel":
            return latencies, statuses, time.perf_counter() - started
        time.sleep(0.25)


def change_one_claim(base: str, token: str) -> None:
    auth = {"Authorization": f"Bearer {token}", "Accept-Crs": "epsg:28992", "Content-Crs": "epsg:28992"}
    with httpx.Client(base_url=base, timeout=120, headers=auth) as client:
        claim = client.get("/api/v1/claims", params={"provincie": "PV26", "pageSize": 1}).json()["features"][0]
        feature = client.get(f"/api/v1/claims/{claim['id']}").json()
        props = {k: feature["properties"][k] for k in ("naam", "domein", "status", "hardheid")}
        props["prioriteit"] = 1 + feature["properties"]["prioriteit"] % 5
        body = {"type": "Feature", "geometry": feature["geometry"], "properties": props,
                "version": feature["properties"]["version"], "reden": "benchmark"}  # fmt: skip
        assert client.put(f"/api/v1/claims/{claim['id']}", json=body).status_code == 200


def run(label: str, folder: Path, url: str, extra: dict[str, str]) -> None:
    server, base, tokens = serve(folder, url, extra)
    try:
        with httpx.Client(base_url=base, timeout=600, headers={"Authorization": f"Bearer {tokens['reader']}"}) as c:
            cold = until_current(c, time.perf_counter())
            change_one_claim(base, tokens["planner"])
            after = until_current(c, time.perf_counter())
        for name, (latencies, statuses, ready) in (("cold", cold), ("after a change", after)):
            seen = {s: statuses.count(s) for s in dict.fromkeys(statuses)}
            print(f"{label:<34} {name:<15} requests {len(latencies):3d}  latency p50 "
                  f"{statistics.median(latencies):7.3f} s  max {max(latencies):7.3f} s  "
                  f"current after {ready:6.1f} s  statuses {seen}")  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=50_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="novex-background-"))
    settings = Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'novex.db'}")
    bootstrap.init(settings)
    n = claims_geojson(args.claims, folder / "claims.geojson")
    timing = load(settings, folder / "claims.geojson")
    print(f"{n} claims loaded: read {timing['read_s']:.1f} s, split + store {timing['store_s']:.1f} s; SQLite")
    url = settings.resolved_database_url
    run("before: on the request thread", folder, url, {"NOVEX_ANALYSE_DIRECT_MAX_CLAIMS": str(10**9),
                                                        "NOVEX_ANALYSE_DIRECT_MAX_SECONDEN": "1e9"})  # fmt: skip
    run("after: beyond the budget, background", folder, url, {})


if __name__ == "__main__":
    main()
