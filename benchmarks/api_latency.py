"""Latency of the claims list, the map's GeoJSON and the analysis with many claims loaded.

Loads N random claims (clustered inside the provinces, like real proposals), starts
`novex serve` on loopback, and sends a bounded number of requests from a few concurrent
clients. Prints p50/p95/p99 per endpoint and the error count. The analysis is cached per
data revision, so it is measured twice: on an unchanged database (the first request
computes, the rest are served from the cache), and while a planner saves a change to a
PV26 claim every `--edit-interval` seconds (each save makes the next analysis compute
afresh; the edits' own latencies are printed too).

With `--vraagstukken N` (default 1,000) the dialogue is in the mix: N vraagstukken spread over
the provinces, phases, domains and linked claims; the API list (a page of 100, and one
province), one vraagstuk with its triage evidence, and the web board (all phases, one
province, and page 3 of its table view) are measured beside the claims and the analysis.

    python benchmarks/api_latency.py --claims 50000 --vraagstukken 1000 --requests 300 --clients 4
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import numpy as np
import shapely
from shapely.geometry import mapping

from novex import bootstrap
from novex.access import Actor
from novex.reference.provinces import province_index
from novex.settings import Settings

PASSWORD = "latency-wachtwoord-2026"


def claims_geojson(n: int, path: Path, seed: int = 11) -> int:
    """Write n clustered random claims (RD New) that lie inside a province; returns the count."""
    rng = np.random.default_rng(seed)
    index = province_index()
    land = shapely.union_all([p.geometry for p in index.provinces])
    shapely.prepare(land)
    centres = []
    while len(centres) < max(n // 40, 1):
        x, y = rng.uniform(20_000, 270_000), rng.uniform(320_000, 610_000)
        if land.contains(shapely.Point(x, y)):
            centres.append((x, y))
    centres = np.array(centres)
    pick = centres[rng.integers(0, len(centres), n * 2)] + rng.normal(0, 1200, (n * 2, 2))
    size = rng.uniform(80, 900, (n * 2, 2))
    boxes = shapely.box(pick[:, 0], pick[:, 1], pick[:, 0] + size[:, 0], pick[:, 1] + size[:, 1])
    boxes = boxes[shapely.contains(land, boxes)][:n]
    domains = np.array(["wonen", "natuur", "water", "energie-zon", "energie-wind", "landbouw", "economie", "bos"])
    features = [
        {
            "type": "Feature",
            "geometry": mapping(g),
            "properties": {"naam": f"Claim {k}", "domein": str(domains[k % len(domains)])},
        }
        for k, g in enumerate(boxes)
    ]
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}
    path.write_text(json.dumps({"type": "FeatureCollection", "crs": crs, "features": features}), "utf-8")
    return len(features)


def load(settings: Settings, path: Path) -> dict[str, float]:
    """Import the claims per province (each province its own voorstel), timed."""
    from novex.claims.io import read_claims

    started = time.perf_counter()
    drafts = read_claims(path).drafts
    read_s = time.perf_counter() - started
    index = province_index()
    by_province: dict[str, list[int]] = {}
    for k, draft in enumerate(drafts):
        hit = index.at_point(*draft.geometry.centroid.coords[0])
        by_province.setdefault(hit.code if hit else "PV26", []).append(k)
    started = time.perf_counter()
    db = bootstrap.database(settings)
    with db.session() as session:
        service = bootstrap.claim_service(session)
        for code, members in sorted(by_province.items()):
            voorstel = service.create_voorstel(Actor.operator(), code, f"Latentietest {code}")
            selected = [drafts[k] for k in members]
            splits = [service.provinces.split(d.geometry) for d in selected]
            municipal = [
                service.municipalities.split(d.geometry, s) for d, s in zip(selected, splits, strict=True)
            ]
            service.repo.add_claims(voorstel.id, selected, splits, municipal)
        accounts = bootstrap.account_service(session)
        accounts.add_user(Actor.operator(), "latentie@novex.test", "L", "lezer", PASSWORD)
        accounts.add_user(Actor.operator(), "planner@novex.test", "P", "vro", PASSWORD)
    return {"read_s": read_s, "store_s": time.perf_counter() - started}


def load_vraagstukken(settings: Settings, n: int, seed: int = 5) -> float:
    """Store n vraagstukken spread over provinces, phases, domains, links and outcomes; returns seconds."""
    from datetime import UTC, datetime

    from novex.claims.ports import ClaimFilter
    from novex.dialogue import bob
    from novex.dialogue.model import Criterium, Herkomst, Triage, VraagstukDraft

    rng = np.random.default_rng(seed)
    codes = [p.code for p in province_index().provinces]
    domains = ["wonen", "natuur", "water", "energie-zon", "energie-wind", "landbouw", "economie", "bos"]
    started = time.perf_counter()
    db = bootstrap.database(settings)
    with db.session() as session:
        claim_ids = [c.id for c in bootstrap.claim_service(session).repo.claims(ClaimFilter(), limit=5000)]
        service = bootstrap.vraagstuk_service(session)
        now = datetime.now(UTC)
        for k in range(n):
            provinces = tuple(sorted(set(rng.choice(codes, size=1 + (k % 7 == 0) * 1, replace=False).tolist())))
            draft = VraagstukDraft(
                titel=f"Vraagstuk {k}: {domains[k % 8]} en {domains[(k + 3) % 8]}",
                provincies=provinces,
                herkomst=list(Herkomst)[k % len(Herkomst)],
                domeinen=(domains[k % 8], domains[(k + 3) % 8]),
                claims=tuple(int(c) for c in rng.choice(claim_ids, size=min(3, len(claim_ids)), replace=False)),
                aard=("wegen",) if k % 3 else ("formeel-sectoraal-besluit",),
                inkadering="Uitvoeringsstrategie Nota Ruimte",
            )
            new_id = service.repo.add(draft, bob.FASEN[k % len(bob.FASEN)], "benchmark@novex.test", now)
            if k % 2:
                criteria = tuple(Criterium(c, besluit=bool(k % 4)) for c in ("1", "2a", "2b", "3"))
                service.repo.update(new_id, 1, now, triage=Triage(criteria, "advies", "Regietafel NOVEX"))
    return time.perf_counter() - started


def fresh_postgis(admin_url: str, name: str) -> str:
    """Create (or recreate) a PostGIS database and return its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    engine = create_engine(url)
    with engine.begin() as c:
        c.execute(text("CREATE EXTENSION postgis"))
    engine.dispose()
    return url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentiles(times: list[float]) -> dict[str, float]:
    q = statistics.quantiles(times, n=100, method="inclusive")
    return {"p50": q[49] * 1000, "p95": q[94] * 1000, "p99": q[98] * 1000, "max": max(times) * 1000}


def cookie(base: str) -> str:
    """A web session cookie of the VRO planner (the board is a web page)."""
    response = httpx.post(f"{base}/inloggen", data={"email": "planner@novex.test", "wachtwoord": PASSWORD})
    return "; ".join(f"{k}={v}" for k, v in response.cookies.items())


class Editor(threading.Thread):
    """Saves a change to one claim every `interval` seconds until stopped (a planner at work)."""

    def __init__(self, base: str, token: str, claim_id: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.base, self.token, self.claim_id, self.interval = base, token, claim_id, interval
        self.stop, self.times, self.errors = threading.Event(), [], 0

    def run(self) -> None:
        auth = {"Authorization": f"Bearer {self.token}", "Accept-Crs": "epsg:28992", "Content-Crs": "epsg:28992"}
        with httpx.Client(base_url=self.base, timeout=60, headers=auth) as client:
            while not self.stop.wait(self.interval):
                feature = client.get(f"/api/v1/claims/{self.claim_id}").json()
                props = {k: feature["properties"][k] for k in ("naam", "domein", "status", "hardheid")}
                props["prioriteit"] = 1 + feature["properties"]["prioriteit"] % 5
                body = {"type": "Feature", "geometry": feature["geometry"], "properties": props,
                        "version": feature["properties"]["version"], "reden": "latentietest"}  # fmt: skip
                started = time.perf_counter()
                response = client.put(f"/api/v1/claims/{self.claim_id}", json=body)
                self.times.append(time.perf_counter() - started)
                self.errors += response.status_code != 200


def hammer(
    base: str, token: str, path: str, params: dict, headers: dict, requests: int, clients: int, seconds: float = 0
):
    """`requests` GETs from `clients` threads; with `seconds`, go on until that much time has passed too."""
    deadline = time.perf_counter() + seconds
    sent = iter(range(requests * 100 if seconds else requests))  # bounded in count as well as in time

    def client_loop(_: int) -> list[tuple[float, int, int]]:
        out = []
        with httpx.Client(base_url=base, timeout=60) as client:
            for k in sent:
                if k >= requests and time.perf_counter() > deadline:
                    break
                started = time.perf_counter()
                response = client.get(path, params=params, headers={"Authorization": f"Bearer {token}"} | headers)
                out.append((time.perf_counter() - started, response.status_code, len(response.content)))
        return out

    with ThreadPoolExecutor(clients) as pool:
        results = [r for chunk in pool.map(client_loop, range(clients)) for r in chunk]
    times = [t for t, status, _ in results if status == 200]
    errors = sum(1 for _, status, _ in results if status != 200)
    return percentiles(times) if times else {}, errors, statistics.mean(size for *_, size in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--vraagstukken", type=int, default=1000, help="vraagstukken in the mix (0: none)")
    parser.add_argument("--edit-interval", type=float, default=2.0, help="seconds between a planner's saves")
    parser.add_argument("--edit-seconds", type=float, default=30.0, help="how long the analysis is read during edits")
    parser.add_argument(
        "--postgres-admin",
        help="admin URL of a PostgreSQL server with PostGIS (e.g. postgresql+psycopg://novex:pw@localhost/postgres): "
        "run on a fresh PostGIS database instead of SQLite",
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="novex-latency-"))
    url = f"sqlite:///{folder / 'novex.db'}"
    if args.postgres_admin:
        url = fresh_postgis(args.postgres_admin, "novex_latency")
    settings = Settings(data_dir=folder, database_url=url)
    bootstrap.init(settings)
    n = claims_geojson(args.claims, folder / "claims.geojson")
    timing = load(settings, folder / "claims.geojson")
    print(f"{n} claims loaded: read {timing['read_s']:.1f} s, split + store {timing['store_s']:.1f} s")
    if args.vraagstukken:
        print(f"{args.vraagstukken} vraagstukken loaded in {load_vraagstukken(settings, args.vraagstukken):.1f} s")
    port = free_port()
    env = os.environ | {"NOVEX_DATA_DIR": str(folder), "NOVEX_DATABASE_URL": settings.resolved_database_url}
    server = subprocess.Popen([sys.executable, "-m", "novex.cli.main", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                token, editor_token = (
                    httpx.post(f"{base}/api/v1/tokens", json={"email": email, "wachtwoord": PASSWORD}).json()["token"]
                    for email in ("latentie@novex.test", "planner@novex.test")
                )
                break
            except (httpx.ConnectError, KeyError):
                time.sleep(0.2)
        else:
            raise SystemExit("server did not start")
        auth = {"Authorization": f"Bearer {token}"}
        first = httpx.get(f"{base}/api/v1/claims", params={"provincie": "PV26", "pageSize": 1}, headers=auth)
        edited = first.json()["features"][0]["id"]
        analysis = ("/api/v1/analyse", {"provincie": "PV26"}, {})
        cases = {
            "GET /api/v1/claims?provincie=PV26 (page of 100)": ("/api/v1/claims", {"provincie": "PV26"}, {}, False),
            "map GeoJSON: PV26, bbox 20x20 km, RD, simplify 10 m, up to 5000": (
                "/api/v1/claims",
                {"provincie": "PV26", "bbox": "125000,445000,145000,465000", "simplify": 10, "pageSize": 5000},
                {"Accept-Crs": "epsg:28992"},
                False,
            ),
            "GET /api/v1/analyse?provincie=PV26, unchanged data (cached after 1st)": (*analysis, False),
            f"GET /api/v1/analyse?provincie=PV26, a save every {args.edit_interval:g} s": (*analysis, True),
            "GET /api/v1/analyse (national: the dashboard), unchanged data": ("/api/v1/analyse", {}, {}, False),
        }
        if args.vraagstukken:
            cases |= {
                "GET /api/v1/vraagstukken (page of 100)": ("/api/v1/vraagstukken", {}, {}, False),
                "GET /api/v1/vraagstukken?provincie=PV26": ("/api/v1/vraagstukken", {"provincie": "PV26"}, {}, False),
                "GET /api/v1/vraagstukken/{id} (with triage evidence)": ("/api/v1/vraagstukken/500", {}, {}, False),
                "board /vraagstukken (web page, all phases)": ("/vraagstukken", {}, {"Cookie": cookie(base)}, False),
                "board /vraagstukken?provincie=PV26 (web page)": (
                    "/vraagstukken",
                    {"provincie": "PV26"},
                    {"Cookie": cookie(base)},
                    False,
                ),
                "board as a table, page 3 (web page)": (
                    "/vraagstukken",
                    {"weergave": "tabel", "pagina": 3},
                    {"Cookie": cookie(base)},
                    False,
                ),
            }
        backend = "PostgreSQL/PostGIS" if args.postgres_admin else "SQLite"
        print(f"{args.requests} requests per endpoint (at least {args.edit_seconds:g} s during the edits), "
              f"{args.clients} concurrent clients, loopback, {backend}")  # fmt: skip
        print(f"{'endpoint':<72} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>6} {'KiB':>7}")
        for name, (path, params, headers, edits) in cases.items():
            editor = Editor(base, editor_token, edited, args.edit_interval) if edits else None
            if editor:
                editor.start()
            seconds = args.edit_seconds if edits else 0
            stats, errors, size = hammer(base, token, path, params, headers, args.requests, args.clients, seconds)
            figures = " ".join(f"{stats[k]:8.1f}" for k in ("p50", "p95", "p99", "max"))
            print(f"{name:<72} {figures} {errors:6d} {size / 1024:7.1f}")
            if editor:
                editor.stop.set()
                editor.join()
                saves = percentiles(editor.times) if len(editor.times) > 1 else {}
                figures = " ".join(f"{saves.get(k, float('nan')):8.1f}" for k in ("p50", "p95", "p99", "max"))
                print(f"{f'  PUT /api/v1/claims/{edited} meanwhile ({len(editor.times)} saves)':<72} {figures} "
                      f"{editor.errors:6d}")  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
