"""Concurrent writers: they take turns instead of failing, and a stale change is a StateConflict.

Every test runs on SQLite and, where configured, PostgreSQL (see tests/conftest.py).
"""

from __future__ import annotations

import contextlib
import json
import threading
import time

import pytest
from sqlalchemy import event, text

from novex import bootstrap
from novex.access import Actor
from novex.claims.model import ClaimDraft
from novex.errors import StateConflict
from novex.store.db import Database, DatabaseBusy, make_engine
from tests.fixtures.geo import UTRECHT, feature, square, write_geojson

OPERATOR = Actor.operator()


def test_two_concurrent_writers_one_wins(db, tmp_path):
    path = write_geojson(tmp_path / "c.geojson", [feature(square(*UTRECHT, 500), naam="Gedeeld", domein="wonen")])
    with db.session() as session:
        (claim_id,) = (
            bootstrap.claim_service(session).import_file(OPERATOR, path, voorstel="V", provincie="PV26").claim_ids
        )
    with db.session() as session:
        base = bootstrap.claim_service(session).claim(OPERATOR, claim_id)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def writer(name: str) -> None:
        draft = ClaimDraft(**{**{f: getattr(base, f) for f in ClaimDraft.__dataclass_fields__}, "naam": f"door {name}"})
        try:
            with db.session() as session:
                service = bootstrap.claim_service(session)
                barrier.wait(timeout=10)
                outcomes[name] = service.update_claim(OPERATOR, claim_id, draft, base.version).version
        except StateConflict as exc:
            outcomes[name] = exc
        except Exception as exc:  # noqa: BLE001 - a database lock error is a failure of this test
            outcomes[name] = exc

    threads = [threading.Thread(target=writer, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    wins = [n for n, o in outcomes.items() if o == 2]
    losses = [o for o in outcomes.values() if isinstance(o, StateConflict)]
    assert len(wins) == 1 and len(losses) == 1, outcomes
    assert losses[0].current_version == 2
    with db.session() as session:
        final = bootstrap.claim_service(session).claim(OPERATOR, claim_id)
    assert final.version == 2 and final.naam == f"door {wins[0]}"


def test_stale_version_is_refused_sequentially(db, tmp_path):
    path = write_geojson(tmp_path / "c.geojson", [feature(square(*UTRECHT, 500), naam="A", domein="wonen")])
    with db.session() as session:
        service = bootstrap.claim_service(session)
        (claim_id,) = service.import_file(OPERATOR, path, voorstel="V", provincie="PV26").claim_ids
        base = service.claim(OPERATOR, claim_id)
        draft = ClaimDraft(**{f: getattr(base, f) for f in ClaimDraft.__dataclass_fields__})
        service.update_claim(OPERATOR, claim_id, draft, 1)
        with pytest.raises(StateConflict, match="versie 2, u had versie 1"):
            service.update_claim(OPERATOR, claim_id, draft, 1)


# --- Writers take turns: nothing fails with "database is locked" (SQLite) or a lost race (PostgreSQL).


def _grid(prefix: str, count: int) -> list[dict]:
    """`count` 50 m squares on a 100 m grid inside Utrecht province."""
    x, y = UTRECHT
    return [
        feature(square(x + 100 * (i % 20), y + 100 * (i // 20), 50), naam=f"{prefix}{i}", domein="wonen")
        for i in range(count)
    ]


def _claims_in_database(db) -> int:
    """The number of stored claims, counted in SQL (not through the service)."""
    with db.session(write=False) as session:
        return session.execute(text("SELECT count(*) FROM claims")).scalar_one()


def _run(threads: list[threading.Thread], started: bool = False) -> None:
    """Start (unless `started`) and join the threads; fail if one hangs."""
    for t in threads if not started else []:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a writer never finished"


def test_two_imports_into_one_new_voorstel_at_once_both_land(db, tmp_path):
    """Two imports naming the same new voorstel (as two `novex claims import … --voorstel X` at once)."""
    files = {name: write_geojson(tmp_path / f"{name}.geojson", _grid(name, n)) for name, n in (("a", 300), ("b", 200))}
    expected = sum(len(json.loads(path.read_text("utf-8"))["features"]) for path in files.values())
    before = _claims_in_database(db)
    # Both imports look for voorstel X before either creates it (the race two CLI runs hit), unless
    # the first one already holds the writer lock: then the other waits and this gives up after 1.5 s.
    meet = threading.Barrier(2)

    def meet_before_creating(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("INSERT INTO VOORSTELLEN"):
            with contextlib.suppress(threading.BrokenBarrierError):
                meet.wait(timeout=1.5)

    outcomes: dict[str, object] = {}

    def importer(name: str) -> None:
        try:
            with db.session() as session:
                service = bootstrap.claim_service(session)
                report = service.import_file(OPERATOR, files[name], voorstel="X", provincie="PV26")
            outcomes[name] = len(report.claim_ids)
        except Exception as exc:  # noqa: BLE001 - any failure (locked, duplicate voorstel) fails the test
            outcomes[name] = exc

    event.listen(db.engine, "before_cursor_execute", meet_before_creating)
    try:
        _run([threading.Thread(target=importer, args=(name,)) for name in files])
    finally:
        event.remove(db.engine, "before_cursor_execute", meet_before_creating)
    assert outcomes == {"a": 300, "b": 200}, outcomes
    assert _claims_in_database(db) == before + expected
    with db.session(write=False) as session:
        rows = session.execute(text("SELECT count(*) FROM voorstellen WHERE naam = 'X'")).scalar_one()
    assert rows == 1


HOLD_SECONDS = 6.0  # longer than sqlite3's default busy timeout of 5 s: a long import


def test_small_writes_during_a_long_import_wait_their_turn(db, tmp_path):
    """50 claim additions (as API requests) while an import holds the database: all succeed, none fail.

    Readers meanwhile neither wait nor see the unfinished import.
    """
    with db.session() as session:
        other = bootstrap.claim_service(session).voorstel_for(OPERATOR, "Los", "PV26", create=True).id
    before = _claims_in_database(db)
    path = write_geojson(tmp_path / "groot.geojson", _grid("g", 200))
    holding, read, timeline = threading.Event(), threading.Event(), {}
    importer_thread: list[threading.Thread] = []

    def hold_after_storing(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        first = threading.current_thread() in importer_thread and not holding.is_set()
        if first and statement.lstrip().upper().startswith("INSERT INTO CLAIMS"):
            holding.set()
            time.sleep(HOLD_SECONDS)  # the import goes on writing, slowly, inside its transaction
            read.wait(timeout=120)  # ... at least until the reader has its answer (the timeout only ends a hang)
            timeline["held until"] = time.monotonic()

    def importer() -> None:
        try:
            with db.session() as session:
                bootstrap.claim_service(session).import_file(OPERATOR, path, voorstel="Groot", provincie="PV26")
            timeline["import"] = "ok"
        except Exception as exc:  # noqa: BLE001
            timeline["import"] = exc

    errors: list[str] = []
    done: list[float] = []

    def small_writes(first: int) -> None:
        for i in range(first, first + 5):
            x, y = UTRECHT
            draft = ClaimDraft(naam=f"klein {i}", domein="wonen", geometry=square(x + 60 * i, y - 2_000, 40))
            try:
                with db.session() as session:
                    bootstrap.claim_service(session).add_claim(OPERATOR, other, draft)
                done.append(time.monotonic())
            except Exception as exc:  # noqa: BLE001 - "database is locked" is what this test is about
                errors.append(f"{type(exc).__name__}: {exc}")

    event.listen(db.engine, "after_cursor_execute", hold_after_storing)
    try:
        importer_thread.append(threading.Thread(target=importer))
        importer_thread[0].start()
        assert holding.wait(timeout=30), "the import never stored its claims"
        writers = [threading.Thread(target=small_writes, args=(5 * n,)) for n in range(10)]
        for t in writers:
            t.start()
        with db.reader() as session:  # a GET during the import: answered while it holds, from before the import
            seen = session.execute(text("SELECT count(*) FROM claims")).scalar_one()
        read_while_held = "held until" not in timeline  # the import holds on until `read` is set
        read.set()
        _run([*writers, *importer_thread], started=True)
    finally:
        read.set()
        event.remove(db.engine, "after_cursor_execute", hold_after_storing)
    assert errors == [], errors[:3]
    assert timeline["import"] == "ok", timeline["import"]
    assert seen == before and read_while_held
    assert len(done) == 50 and min(done) > timeline["held until"]  # each write waited for the import
    assert _claims_in_database(db) == before + 200 + 50


def test_a_writer_that_waits_too_long_is_told_so_in_dutch(database_url):
    """After `wait_seconds` a writer gives up with `DatabaseBusy` (nothing stored); a reader does not wait."""
    db = Database(make_engine(database_url, wait_seconds=0.5))
    holding, release = threading.Event(), threading.Event()

    def holder() -> None:
        with db.session() as session:
            session.execute(text("SELECT 1"))
            holding.set()
            release.wait(timeout=30)

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert holding.wait(timeout=10)
        started = time.monotonic()
        busy = pytest.raises(DatabaseBusy, match="bezig met een andere schrijfactie.*er is niets opgeslagen")
        with busy, db.session() as session:
            session.execute(text("SELECT count(*) FROM voorstellen"))
        assert time.monotonic() - started >= 0.4  # it did wait its `wait_seconds` first
        with db.reader() as session:
            assert session.execute(text("SELECT 1")).scalar_one() == 1
        assert thread.is_alive()  # the reader had its answer while the writer still held the database
    finally:
        release.set()
        thread.join(timeout=30)
        db.engine.dispose()
