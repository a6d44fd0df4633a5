"""Heavy requests and the server's responsiveness: the timings the test suite no longer asserts.

The suite checks behaviour only — another user gets answers during a large import, an over-long
document is refused before any layout, adding an agreement writes that one agreement — because a
wall-clock budget fails on a busy (or parallel) test machine and passes on a fast one without saying
anything about the code. This script measures the times, each against a baseline on the same
machine in the same run, and prints the ratios. The "former budget" column is the bound the test
used to assert, for reference.

1. import: GET /api/v1/provincies by a reader while `novex serve` imports a 20,000-feature upload
   (tests/integration/test_responsive_server.py), against the same GET on the idle server.
2. aanpak: the one-page A5 PDF of the heaviest approach that still fits, and the refusal of an approach
   of 2,500 lines, against a plain one-page approach (tests/integration/test_dialogue_attacks.py).
3. ra: the refusal of the PDF of a 500-agreement RA, and adding one agreement to a concept of 450,
   against adding one to a concept of 1 (tests/integration/test_arrangement_attacks.py,
   tests/unit/test_arrangement_documents.py).

The dialogue board of 1,000 vraagstukken (tests/integration/test_web_dialogue.py) is timed by
`api_latency.py`.

    python benchmarks/responsiveness.py                       # all cases, SQLite
    python benchmarks/responsiveness.py --cases aanpak ra --reps 9
    python benchmarks/responsiveness.py --postgres-admin postgresql+psycopg://novex:pw@localhost/postgres
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import httpx
from api_latency import free_port, fresh_postgis, percentiles

from novex import bootstrap
from novex.access import Actor
from novex.settings import Settings

PASSWORD = "responsiveness-wachtwoord-2026"
RA = "/api/v1/arrangementen"
AANPAK = {
    "aanpak": "Ontwerpend onderzoek.", "tempo": "Een half jaar.", "fasering": "Verkennen, dan kiezen.",
    "rolverdeling": "VRO trekt.", "besluitvorming": "Het BOL legt vast.", "monitoring": "Via de voortgang.",
}  # fmt: skip
# The same texts as WORST_AANPAK in tests/integration/test_dialogue_attacks.py: the heaviest approach that fits.
WORST_AANPAK = AANPAK | {"aanpak": "a" + "\u0301" * 4_999, "tempo": "x" * 700, "fasering": "مرحبا بالعالم " * 8,
                         "rolverdeling": "\u200b" * 2_000}  # fmt: skip
AGREEMENT = {"tekst": "Rijk en provincie realiseren de woningbouw in de A12-zone", "partijen": ["VRO"],
             "eigenaren": [{"soort": "provincie", "naam": "PV26"}],
             "resultaat": "4.000 woningen opgeleverd in de A12-zone bij Woerden", "indicator": "opgeleverde woningen",
             "eenheid": "woningen", "basiswaarde": 0, "streefwaarde": 4000, "acceptaties": [],
             "middelen": "Woningbouwimpuls", "capaciteit": "2 fte provincie", "deadline": "2030-12-31"}  # fmt: skip


def timed(action: Callable[[], object], reps: int) -> tuple[float, object]:
    """Median seconds of `reps` runs of `action`, and its last result."""
    seconds, result = [], None
    for _ in range(reps):
        started = time.perf_counter()
        result = action()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), result


def row(name: str, seconds: float, baseline: float | None, budget: str) -> None:
    ratio = f"{seconds / baseline:8.1f}×" if baseline else f"{'(base)':>9}"
    print(f"  {name:<66} {seconds * 1000:10.1f} {ratio} {budget:>14}")


def header(title: str) -> None:
    print(f"\n{title}\n  {'what':<66} {'median ms':>10} {'× base':>9} {'former budget':>14}")


def fresh_settings(args: argparse.Namespace, label: str) -> Settings:
    folder = Path(tempfile.mkdtemp(prefix=f"novex-responsiveness-{label}-"))
    url = f"sqlite:///{folder / 'novex.db'}"
    if args.postgres_admin:
        url = fresh_postgis(args.postgres_admin, f"novex_responsiveness_{label}")
    settings = Settings(data_dir=folder, database_url=url)
    bootstrap.init(settings)
    return settings


def user_token(settings: Settings, email: str, role: str, provincie: str | None = None) -> str:
    with bootstrap.database(settings).session() as session:
        accounts = bootstrap.account_service(session)
        return accounts.issue_token(accounts.add_user(Actor.operator(), email, email, role, PASSWORD, provincie))


# --------------------------------------------------------------------------- 1. a GET during a large import


def squares_geojson(path: Path, n: int) -> None:
    """n squares of 30 m in a block inside Utrecht (RD New), as the responsiveness test uploads."""
    side, columns = 30.0, 200
    features = []
    for i in range(n):
        x, y = 135_000 + (i % columns) * 50, 450_000 + (i // columns) * 50
        ring = [[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]
        features.append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
                         "properties": {"naam": f"Kavel {i}", "domein": "wonen"}})  # fmt: skip
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}
    path.write_text(json.dumps({"type": "FeatureCollection", "crs": crs, "features": features}), "utf-8")


def case_import(args: argparse.Namespace) -> None:
    settings = fresh_settings(args, "import")
    planner = user_token(settings, "p@utrecht.nl", "provincie", "PV26")
    reader = user_token(settings, "l@x.nl", "lezer")
    upload = settings.data_dir / "groot.geojson"
    squares_geojson(upload, args.features)
    port = free_port()
    env = os.environ | {"NOVEX_DATA_DIR": str(settings.data_dir), "NOVEX_DATABASE_URL": settings.resolved_database_url}
    server = subprocess.Popen([sys.executable, "-m", "novex.cli.main", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{base}/api/v1/catalogus", timeout=1).status_code < 500:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise SystemExit("novex serve did not start: " + server.stderr.read(2000).decode())
        with (
            httpx.Client(base_url=base, headers={"Authorization": f"Bearer {reader}"}, timeout=120) as other,
            httpx.Client(base_url=base, headers={"Authorization": f"Bearer {planner}"}, timeout=900) as client,
        ):
            other.get("/api/v1/provincies")  # warm: the first answer loads the provinces

            def get() -> float:
                started = time.perf_counter()
                assert other.get("/api/v1/provincies").status_code == 200
                return time.perf_counter() - started

            idle = []
            for _ in range(args.idle_requests):
                idle.append(get())
                time.sleep(0.2)
            vid = client.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "Groot"}).json()["id"]
            outcome: dict[str, object] = {}

            def post() -> None:
                started = time.perf_counter()
                with upload.open("rb") as stream:
                    response = client.post(f"/api/v1/voorstellen/{vid}/import",
                                           files={"bestand": ("groot.geojson", stream)})  # fmt: skip
                outcome["status"], outcome["seconds"] = response.status_code, time.perf_counter() - started

            thread = threading.Thread(target=post)
            thread.start()
            during = []
            while thread.is_alive():
                during.append(get())
                time.sleep(0.2)
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=20)
    if outcome.get("status") != 201:
        raise SystemExit(f"the import failed: {outcome}")
    quiet, busy = percentiles(idle), percentiles(during)
    header(f"1. GET /api/v1/provincies during a {args.features:,}-feature import "
           f"({outcome['seconds']:.1f} s, {len(during)} GETs; idle: {len(idle)} GETs)")  # fmt: skip
    for key in ("p50", "p95", "max"):
        row(f"idle server, {key}", quiet[key] / 1000, None, "")
        row(f"during the import, {key}", busy[key] / 1000, quiet[key] / 1000, "< 1 s" if key == "p95" else "")
    slowest = sorted(during)
    print(f"  the slowest answer during the import {slowest[-1]:.2f} s, the next {slowest[-2]:.2f} s "
          "(the test asserted: all but one < 1 s, that one < 2 s)")  # fmt: skip


# --------------------------------------------------------------------------- 2. the A5 approach document


def case_aanpak(args: argparse.Namespace) -> None:
    from novex.documents.aanpak import AanpakVraagstuk, aanpak_pdf
    from novex.documents.limits import DocumentTooLong

    plain = AanpakVraagstuk(vraagstuk_id=1, titel="Vraagstuk", provincies=["Utrecht"], fase="Besluitvorming",
                            leidend="VRO", accounthouder="vro@minbzk.nl", datum=date(2027, 3, 1), **AANPAK)  # fmt: skip
    worst = replace(plain, **WORST_AANPAK)
    over = replace(plain, aanpak="a\n" * 2_500)

    def refused() -> str:
        try:
            aanpak_pdf(over)
        except DocumentTooLong as exc:
            return str(exc)
        raise SystemExit("the approach of 2,500 lines was not refused")

    aanpak_pdf(plain)  # warm: WeasyPrint's import and fonts
    base, _ = timed(lambda: aanpak_pdf(plain), args.reps)
    heavy, _ = timed(lambda: aanpak_pdf(worst), args.reps)
    refusal, _ = timed(refused, args.reps)
    header("2. Format aanpak vraagstuk (A5), `aanpak_pdf` (what GET …/aanpak.pdf and PUT …/aanpak call)")
    row("a plain one-page approach, laid out", base, None, "")
    row("the heaviest approach that still fits one page, laid out", heavy, base, "< 3 s")
    row("an approach of 2,500 lines, refused before any layout", refusal, base, "< 1.5 s")


# --------------------------------------------------------------------------- 3. the Ruimtelijk Arrangement


def case_ra(args: argparse.Namespace) -> None:
    from fastapi.testclient import TestClient

    from novex.arrangement.model import Afspraak, RuimtelijkArrangement
    from novex.server import create_app
    from novex.store.arrangement_repo import SqlArrangementRepository

    settings = fresh_settings(args, "ra")
    token = user_token(settings, "vro@minbzk.nl", "vro")
    client = TestClient(create_app(settings), headers={"Authorization": f"Bearer {token}"})
    db = bootstrap.database(settings)

    def concept(year: int, n: int, text: str = "Afspraak over water") -> int:
        items = tuple(Afspraak(sleutel=f"A{k}", tekst=text, partijen=("VRO",)) for k in range(n))
        with db.session() as session:
            rid = SqlArrangementRepository(session).add(replace(RuimtelijkArrangement("PV28", year), afspraken=items))
            session.commit()
        return rid

    def adder(rid: int) -> tuple[Callable[[], None], list[float]]:
        seconds: list[float] = []

        def add() -> None:
            version = client.get(f"{RA}/{rid}").json()["versie"]
            started = time.perf_counter()
            response = client.post(f"{RA}/{rid}/afspraken", json=AGREEMENT | {"versie": version})
            seconds.append(time.perf_counter() - started)
            assert response.status_code == 201, response.text[:300]

        return add, seconds

    (add_small, small), (add_large, large) = adder(concept(2027, 1)), adder(concept(2028, 450))
    for _ in range(args.reps + 1):  # alternating, so both see the same machine; the first round warms up
        add_small()
        add_large()
    one, many = statistics.median(small[1:]), statistics.median(large[1:])
    huge = concept(2029, 500, "Een lange afspraak met veel woorden over woningbouw en water. " * 300)
    refusal, response = timed(lambda: client.get(f"{RA}/{huge}/document", params={"formaat": "pdf"}), args.reps)
    assert response.status_code == 422, response.status_code  # type: ignore[union-attr]
    header("3. Ruimtelijk Arrangement through the API (TestClient, in process)")
    row("POST …/afspraken: one agreement added to a concept of 1", one, None, "")
    row("POST …/afspraken: one agreement added to a concept of 450", many, one, "< 1 s")
    row("GET …/document?formaat=pdf of 500 long agreements, refused (422)", refusal, one, "< 30 s")
    db.engine.dispose()


CASES = {"import": case_import, "aanpak": case_aanpak, "ra": case_ra}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", nargs="+", choices=list(CASES), default=list(CASES))
    parser.add_argument("--reps", type=int, default=5, help="runs per timing (the median is shown)")
    parser.add_argument("--features", type=int, default=20_000, help="features in the upload of the import case")
    parser.add_argument("--idle-requests", type=int, default=30, help="GETs on the idle server (the baseline)")
    parser.add_argument("--postgres-admin", help="admin URL of a PostgreSQL server with PostGIS: run on PostGIS")
    args = parser.parse_args()
    backend = "PostgreSQL/PostGIS" if args.postgres_admin else "SQLite"
    print(f"novex responsiveness, {backend}, {os.cpu_count()} cores, median of {args.reps} runs where repeated")
    for name in args.cases:
        CASES[name](args)


if __name__ == "__main__":
    main()
