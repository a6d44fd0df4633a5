"""The monitor dashboard with 12 provinces × 50 agreements × 20 measurements each (issue 19: p95 < 300 ms).

Loads an adopted RA version per province (50 measurable agreements with two milestones each),
20 measurements per agreement (12,000 in all), a few owners' statuses and a closed monitor round per
province for the previous year, then starts `novex serve` on loopback and measures the national
dashboard, a province page and the meter in the API from a few concurrent clients. Beside it, in
process, the meter as novex builds it (one query per kind) against a naive peer that asks the
database for each agreement's measurements and statuses separately (what a page written
agreement by agreement does), both giving the same statuses (checked).

    python benchmarks/monitor_dashboard.py                       # SQLite
    python benchmarks/monitor_dashboard.py --postgres-admin postgresql+psycopg://novex:pw@localhost/postgres
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from api_latency import free_port, fresh_postgis, hammer  # noqa: E402

from novex import bootstrap  # noqa: E402
from novex.access import Actor  # noqa: E402
from novex.arrangement.model import Afspraak, Eigenaar, Mijlpaal, RuimtelijkArrangement, Status  # noqa: E402
from novex.monitor.model import Meting, StatusZetting  # noqa: E402
from novex.monitor.service import MonitorService  # noqa: E402
from novex.monitor.statussen import statuslijst  # noqa: E402
from novex.monitor.suggestie import suggereer  # noqa: E402
from novex.reference.provinces import province_index  # noqa: E402
from novex.settings import Settings  # noqa: E402
from novex.store.arrangement_repo import SqlArrangementRepository  # noqa: E402
from novex.store.monitor_repo import SqlMonitorRepository  # noqa: E402

PASSWORD = "monitor-benchmark-2026"
VANDAAG = date.today()


def agreement(k: int, provincie: str, rng: random.Random) -> Afspraak:
    """A measurable agreement: 0 → target by a deadline, milestones at a third and two thirds."""
    target = rng.choice((500, 1000, 4000, 12000))
    start = VANDAAG - timedelta(days=700)
    deadline = start + timedelta(days=rng.randint(900, 2000))
    third = (deadline - start) / 3
    return Afspraak(
        sleutel=f"A{k}", tekst=f"Afspraak {k} van {provincie}: realiseer {target} eenheden", indicator="gerealiseerd",
        eenheid="eenheden", basiswaarde=0, streefwaarde=target, deadline=deadline,
        eigenaren=(Eigenaar("provincie", provincie),), doelen=(),
        mijlpalen=(Mijlpaal("een derde", start + third, target / 3), Mijlpaal("twee derde", start + 2 * third,
                                                                              2 * target / 3)),
    )  # fmt: skip


def load(settings: Settings, provinces: int, agreements: int, measurements: int, seed: int = 19) -> float:
    """Store the versions, measurements, statuses and last year's closed rounds; returns seconds taken."""
    rng = random.Random(seed)
    started = time.perf_counter()
    db = bootstrap.database(settings)
    codes = [p.code for p in province_index().provinces][:provinces]
    with db.session() as session:
        repo, monitor = SqlArrangementRepository(session), SqlMonitorRepository(session)
        for code in codes:
            afspraken = tuple(agreement(k, code, rng) for k in range(1, agreements + 1))
            repo.add(RuimtelijkArrangement(code, VANDAAG.year - 1, status=Status.VASTGESTELD, afspraken=afspraken))
            rows = []
            for a in afspraken:
                pace = rng.uniform(0.5, 1.3) * float(a.streefwaarde) / 1000  # per day
                for n in range(measurements):
                    day = VANDAAG - timedelta(days=600 - n * 30)
                    rows.append(Meting(code, a.sleutel, round(pace * (600 - (VANDAAG - day).days + 100)), day, "CBS",
                                       "", "benchmark@novex.test", datetime.now(UTC)))  # fmt: skip
            monitor.add_metingen(rows)
            for a in afspraken[:5]:
                monitor.add_status(StatusZetting(code, a.sleutel, "op-schema", "eigenaar: telling loopt achter",
                                                 "benchmark@novex.test", datetime.now(UTC)))  # fmt: skip
    with bootstrap.unit_of_work(db) as uow:
        service = uow.get(MonitorService)
        for code in codes:
            ronde = service.start_ronde(Actor.operator(), code, VANDAAG.year - 1)
            ronde = service.update_ronde(Actor.operator(), ronde.id, ronde.version, beeld="Kwalitatief beeld (test).")
            service.sluit_ronde(Actor.operator(), ronde.id, ronde.version)
    with bootstrap.unit_of_work(db) as uow:
        from novex.accounts.service import AccountService

        uow.get(AccountService).add_user(Actor.operator(), "monitor@novex.test", "M", "vro", PASSWORD)
    db.engine.dispose()
    return time.perf_counter() - started


def naive_statuses(settings: Settings) -> dict[tuple[str, str], str | None]:
    """The peer: every agreement's measurements and statuses asked for separately."""
    db = bootstrap.database(settings)
    found = {}
    with db.session() as session:
        repo, monitor = SqlArrangementRepository(session), SqlMonitorRepository(session)
        for ra in repo.list(None, None, Status.VASTGESTELD):
            for a in ra.afspraken:
                series = monitor.metingen(ra.provincie, a.sleutel)
                gezet = monitor.statussen(ra.provincie, a.sleutel)
                last = gezet[-1] if gezet else None
                found[(ra.provincie, a.sleutel)] = (last.status if last and last.status else
                                                    suggereer(a, series, VANDAAG, statuslijst()).status)  # fmt: skip
    db.engine.dispose()
    return found


def novex_statuses(settings: Settings) -> dict[tuple[str, str], str | None]:
    """novex: the meter, as the dashboard builds it."""
    db = bootstrap.database(settings)
    with bootstrap.unit_of_work(db) as uow:
        meter = uow.get(MonitorService).meter(Actor.operator())
        found = {(r.provincie, r.afspraak.sleutel): r.status for r in meter.regels}
    db.engine.dispose()
    return found


def timed(fn, settings: Settings, reps: int) -> tuple[float, dict]:
    times, result = [], {}
    for _ in range(reps):
        started = time.perf_counter()
        result = fn(settings)
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--provinces", type=int, default=12)
    parser.add_argument("--agreements", type=int, default=50)
    parser.add_argument("--measurements", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--postgres-admin", help="admin URL of a PostgreSQL server: run on a fresh PostGIS database")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="novex-monitor-"))
    url = fresh_postgis(args.postgres_admin, "novex_monitor_bench") if args.postgres_admin else (
        f"sqlite:///{folder / 'novex.db'}")  # fmt: skip
    settings = Settings(data_dir=folder, database_url=url)
    bootstrap.init(settings)
    seconds = load(settings, args.provinces, args.agreements, args.measurements)
    total = args.provinces * args.agreements
    backend = "PostgreSQL/PostGIS" if args.postgres_admin else "SQLite"
    print(f"{backend}: {args.provinces} provinces × {args.agreements} agreements × {args.measurements} measurements "
          f"= {total * args.measurements} measurements, loaded in {seconds:.1f} s")  # fmt: skip

    ours, ours_result = timed(novex_statuses, settings, args.reps)
    naive, naive_result = timed(naive_statuses, settings, args.reps)
    same = ours_result == naive_result
    print(f"\nin process, median of {args.reps} (same statuses for all {len(ours_result)} agreements: {same})")
    print(f"{'':<44} {'seconds':>8} {'ratio':>7}")
    print(f"{'novex meter (one query per kind)':<44} {ours:8.3f} {1:7.2f}")
    print(f"{'naive peer (per-agreement queries)':<44} {naive:8.3f} {naive / ours:7.2f}")
    if not same:
        raise SystemExit("the peer and novex disagree")

    port = free_port()
    env = os.environ | {"NOVEX_DATA_DIR": str(folder), "NOVEX_DATABASE_URL": settings.resolved_database_url}
    server = subprocess.Popen([sys.executable, "-m", "novex.cli.main", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                token = httpx.post(f"{base}/api/v1/tokens", json={"email": "monitor@novex.test",
                                                                  "wachtwoord": PASSWORD}).json()["token"]  # fmt: skip
                break
            except (httpx.ConnectError, KeyError):
                time.sleep(0.2)
        else:
            raise SystemExit("server did not start")
        login = httpx.post(f"{base}/inloggen", data={"email": "monitor@novex.test", "wachtwoord": PASSWORD})
        web = {"Cookie": "; ".join(f"{k}={v}" for k, v in login.cookies.items())}
        cases = {
            "web /monitor (national dashboard)": ("/monitor", {}, web),
            "web /monitor/provincies/PV26 (province page)": ("/monitor/provincies/PV26", {}, web),
            "GET /api/v1/monitor/meter (all agreements)": ("/api/v1/monitor/meter", {}, {}),
            "GET /api/v1/monitor/status (counts)": ("/api/v1/monitor/status", {}, {}),
        }
        print(f"\nover HTTP: {args.requests} requests per page, {args.clients} concurrent clients, loopback")
        print(f"{'page':<48} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>6} "
              f"{'p95/300':>8}")  # fmt: skip
        for name, (path, params, headers) in cases.items():
            stats, errors, _ = hammer(base, token, path, params, headers, args.requests, args.clients)
            figures = " ".join(f"{stats.get(k, float('nan')):8.1f}" for k in ("p50", "p95", "p99", "max"))
            print(f"{name:<48} {figures} {errors:6d} {stats.get('p95', float('nan')) / 300:8.2f}")
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
