"""Portable backups: every table of the store, geometries as WKB, in one gzipped JSON-lines file.

Format version 2. The first line is a header: format, catalogue version, schema revision,
time, the tables in load order, the row count per table (`rows`) and `sha256`, the
SHA-256 of every table line after it (UTF-8 bytes, newline included, in file order).
Then one line per table, `{"table": …, "rows": [...]}`. The table lines are spooled to
a temporary file first so the header can carry their counts and checksum, and the backup
appears under its name only when complete.

A backup is restored whole or not at all: `restore` first reads the entire file and
checks that every line parses, every table of the header occurs exactly once and nothing
else, every column is known, and the counts and checksum match, before it deletes
anything; then it empties the tables and loads the dump in one transaction, so a
refused or failed restore leaves the database as it was (`InvalidInput`, in Dutch).

Version 1 files (no counts, no checksum) are still restored, but only when complete by
the same checks minus counts and checksum: the header's table list proves no table line
is missing, and a line cut short does not parse.

Tables in `EXCLUDED_TABLES` (server-side web sessions) are never written and are emptied
on restore, so a restore logs everyone out. It works across every backend novex supports
(SQLite ↔ PostgreSQL/PostGIS).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import shapely
from shapely.errors import ShapelyError
from sqlalchemy import Date, DateTime, Engine, Float, Integer, Numeric, Table, func, select, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from novex.access import Actor
from novex.audit import event
from novex.errors import InvalidInput
from novex.progress import Progress, silent, tracked
from novex.store.audit_repo import SqlAuditLog
from novex.store.db import hold_write_lock
from novex.store.tables import metadata
from novex.store.tables.audit import AuditEventRow
from novex.store.tables.catalog import CatalogVersion
from novex.store.types import Money, WKBGeometry

FORMAT = "novex-backup"
FORMAT_VERSION = 2
READABLE_VERSIONS = frozenset({1, 2})

EXCLUDED_TABLES = frozenset({"web_sessions", "login_failures"})
"""Tables never written to a backup, and emptied by a restore (web sessions and login locks: state of this server)."""

NOTHING_RESTORED = "er is niets teruggezet"


@dataclass(frozen=True)
class BackupReport:
    """What a backup or restore moved."""

    path: Path
    rows: dict[str, int]
    catalog_version: str | None
    bytes: int


def _encode(column: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, WKBGeometry):
        return shapely.to_wkb(value, hex=True)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)  # exact, as written
    return value


def _decode(column: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, WKBGeometry):
        return shapely.from_wkb(value)
    if isinstance(column.type, DateTime):
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    if isinstance(column.type, Money) or (isinstance(column.type, Numeric) and not isinstance(column.type, Float)):
        return Decimal(value)
    return value


def _revision(session: Session) -> str | None:
    try:
        return session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:  # noqa: BLE001 - a database without migrations has no revision
        return None


def _backed_up_tables() -> dict[str, Table]:
    """The tables a backup holds, by name, in load (dependency) order."""
    return {t.name: t for t in metadata().sorted_tables if t.name not in EXCLUDED_TABLES}


def backup(engine: Engine, path: Path, progress: Progress = silent) -> BackupReport:
    """Write every row of every novex table to `path` (gzipped JSON lines, header with counts and checksum)."""
    tables = list(_backed_up_tables().values())
    counts: dict[str, int] = {}
    digest = hashlib.sha256()
    partial = path.with_name(f".{path.name}.partial")
    try:
        # One snapshot of every table (PostgreSQL: REPEATABLE READ; SQLite: one read transaction).
        snapshot = engine.execution_options(isolation_level="REPEATABLE READ") if engine.dialect.name == "postgresql" \
            else engine
        with tempfile.TemporaryFile(dir=path.parent) as spool, Session(snapshot) as session, session.begin():
            catalog = session.scalars(select(CatalogVersion.versie)).first()
            with gzip.GzipFile(fileobj=spool, mode="wb", compresslevel=1) as body:
                for table in tracked(tables, "tabellen", progress, every=1):
                    rows = [
                        {c.name: _encode(c, row._mapping[c.name]) for c in table.columns}
                        for row in session.execute(select(table).order_by(*table.primary_key.columns))
                    ]
                    line = (json.dumps({"table": table.name, "rows": rows}, ensure_ascii=False) + "\n").encode()
                    digest.update(line)
                    body.write(line)
                    counts[table.name] = len(rows)
            header = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "catalog_version": catalog,
                "schema_revision": _revision(session),
                "created_at": datetime.now(UTC).isoformat(),
                "tables": [t.name for t in tables],
                "rows": counts,
                "sha256": digest.hexdigest(),
            }
            spool.seek(0)
            with gzip.open(partial, "wb") as out, gzip.GzipFile(fileobj=spool, mode="rb") as body:
                out.write((json.dumps(header, ensure_ascii=False) + "\n").encode())
                shutil.copyfileobj(body, out)
        partial.replace(path)
    except OSError as exc:
        raise InvalidInput(f"{path}: back-up kan niet worden geschreven ({exc.strerror or exc})") from exc
    finally:
        partial.unlink(missing_ok=True)
    return BackupReport(path, counts, catalog, path.stat().st_size)


def _refused(path: Path, reason: str) -> InvalidInput:
    return InvalidInput(f"{path.name}: {reason}; {NOTHING_RESTORED}")


def _names(names: list[str], shown: int = 5) -> str:
    listed = ", ".join(names[:shown])
    return listed + (f" en nog {len(names) - shown}" if len(names) > shown else "")


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """The numbered raw lines of a gzipped file; every way it cannot be read as `InvalidInput`."""
    number = 0
    try:
        with gzip.open(path, "rb") as stream:
            for number, line in enumerate(stream, start=1):  # noqa: B007 - the number is reported on failure
                yield number, line
    except FileNotFoundError as exc:
        raise _refused(path, "bestand niet gevonden") from exc
    except IsADirectoryError as exc:
        raise _refused(path, "dit is een map, geen back-upbestand") from exc
    except EOFError as exc:
        raise _refused(path, f"back-up is afgebroken: het gzip-bestand houdt op na regel {number}") from exc
    except gzip.BadGzipFile as exc:
        if number == 0 and "Not a gzipped file" in str(exc):
            raise _refused(path, "geen novex-backup (geen gzip-bestand)") from exc
        raise _refused(path, f"back-up is beschadigd (gzip: {exc})") from exc
    except zlib.error as exc:
        raise _refused(path, f"back-up is beschadigd (gzip: {exc})") from exc
    except OSError as exc:
        raise _refused(path, f"bestand kan niet worden gelezen ({exc.strerror or exc})") from exc


def _json(line: bytes) -> Any:
    """A parsed line; ValueError when it is not JSON."""
    try:
        return json.loads(line)
    except RecursionError as exc:
        raise ValueError("te diep genest") from exc


def _header(path: Path, line: bytes | None) -> dict[str, Any]:
    """The checked header of a backup, from its first line."""
    if line is None:
        raise _refused(path, "geen novex-backup (leeg bestand)")
    try:
        header = _json(line)
    except ValueError as exc:
        raise _refused(path, "geen novex-backup (de eerste regel is geen JSON)") from exc
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise _refused(path, "geen novex-backup (de kop ontbreekt)")
    version = header.get("format_version")
    if version not in READABLE_VERSIONS:
        readable = " en ".join(str(v) for v in sorted(READABLE_VERSIONS))
        raise _refused(path, f"novex-backup van formaatversie {version}; deze novex leest versie {readable}")
    tables = header.get("tables")
    if not isinstance(tables, list) or not all(isinstance(t, str) for t in tables) or len(set(tables)) != len(tables):
        raise _refused(path, "kop van de back-up is ongeldig (tabellenlijst)")
    if version >= 2:
        rows = header.get("rows")
        counts_ok = isinstance(rows, dict) and set(rows) == set(tables)
        if not counts_ok or not all(type(n) is int and n >= 0 for n in rows.values()):
            raise _refused(path, "kop van de back-up is ongeldig (aantallen rijen)")
        if not isinstance(header.get("sha256"), str):
            raise _refused(path, "kop van de back-up is ongeldig (controlesom ontbreekt)")
    known = _backed_up_tables()
    excluded = [t for t in tables if t in EXCLUDED_TABLES]
    if excluded:
        raise _refused(path, f"back-up bevat tabellen die nooit in een back-up horen ({_names(excluded)})")
    unknown = [t for t in tables if t not in known]
    if unknown:
        raise _refused(path, f"onbekende tabellen {_names(unknown)} (gemaakt door een nieuwere novex?)")
    return header


def _table_line(path: Path, number: int, line: bytes) -> tuple[str, list[Any]]:
    """The table name and rows of one table line."""
    try:
        chunk = _json(line)
    except ValueError as exc:
        raise _refused(path, f"regel {number} is geen geldige JSON (afgebroken of beschadigd)") from exc
    if not isinstance(chunk, dict) or not isinstance(chunk.get("table"), str):
        raise _refused(path, f"regel {number} is geen tabelregel")
    if not isinstance(chunk.get("rows"), list):
        raise _refused(path, f"regel {number} is geen tabelregel")
    return chunk["table"], chunk["rows"]


def _vocabularies() -> dict[str, dict[str, frozenset[str]]]:
    """Columns whose values come from a closed vocabulary of the domain.

    A restored value outside it would break every page that reads the row (an account with an unknown
    role answered 500).
    """
    from novex.access import Role
    from novex.claims.model import ClaimStatus, Hardheid

    return {
        "users": {"role": frozenset(Role)},
        "claims": {"status": frozenset(ClaimStatus), "hardheid": frozenset(Hardheid)},
        "restriction_layers": {"hardheid": frozenset(Hardheid)},
    }


def _unknown_values(path: Path, name: str, rows: list[Any], number: int) -> None:
    """Refuse a row whose value in a closed-vocabulary column is not in that vocabulary."""
    for column, allowed in _vocabularies().get(name, {}).items():
        for index, row in enumerate(rows, start=1):
            value = row.get(column)
            if value is not None and value not in allowed:
                raise _refused(path, f"regel {number}, tabel {name}, rij {index}: {column} {str(value)[:40]!r} bestaat "
                                     f"niet (kies uit {', '.join(sorted(allowed))})")  # fmt: skip


def _check_table_lines(
    path: Path, expected: list[str], lines: Iterator[tuple[int, bytes]], progress: Progress
) -> tuple[dict[str, int], Any]:
    """The row count per table and the SHA-256 of the table lines; refuses tables and columns it does not know."""
    known = _backed_up_tables()
    digest = hashlib.sha256()
    counts: dict[str, int] = {}
    progress("controleren", 0, len(expected))
    for number, line in lines:
        digest.update(line)
        name, rows = _table_line(path, number, line)
        if name not in expected:
            raise _refused(path, f"regel {number} bevat tabel {name!r}, die niet in de kop van de back-up staat")
        if name in counts:
            raise _refused(path, f"tabel {name} komt twee keer voor (regel {number})")
        columns = set(known[name].columns.keys())
        for row in rows:
            if not isinstance(row, dict):
                raise _refused(path, f"regel {number}: een rij van tabel {name} is geen object")
            extra = row.keys() - columns
            if extra:
                raise _refused(path, f"tabel {name} heeft onbekende kolommen ({_names(sorted(extra))})")
        _unknown_values(path, name, rows, number)
        counts[name] = len(rows)
        progress("controleren", len(counts), len(expected))
    return counts, digest


def verify(path: Path, progress: Progress = silent) -> dict[str, Any]:
    """Check a whole backup without touching a database; its header, with `rows` the counts found.

    Streams the file once, one table line at a time; `InvalidInput` (Dutch) says why a
    backup would be refused.
    """
    with closing(_lines(path)) as lines:
        first = next(lines, None)
        header = _header(path, first[1] if first else None)
        expected: list[str] = header["tables"]
        counts, digest = _check_table_lines(path, expected, lines, progress)
    missing = [name for name in expected if name not in counts]
    if missing:
        raise _refused(
            path,
            f"back-up is onvolledig: {len(missing)} van de {len(expected)} tabellen ontbreken ({_names(missing)})",
        )
    if header["format_version"] >= 2:
        wrong = [name for name in expected if counts[name] != header["rows"][name]]
        if wrong:
            found = ", ".join(f"{n} {counts[n]} in plaats van {header['rows'][n]}" for n in wrong[:5])
            raise _refused(path, f"aantal rijen klopt niet met de kop ({found})")
        if digest.hexdigest() != header["sha256"]:
            raise _refused(path, "controlesom klopt niet: de back-up is na het maken gewijzigd of beschadigd")
    return header | {"rows": counts}


def restore(engine: Engine, path: Path, actor: Actor | None = None, progress: Progress = silent) -> BackupReport:
    """Replace the contents of every novex table with the backup, in one transaction.

    The whole file is verified first (`verify`); a refused or failed restore raises
    `InvalidInput` and changes nothing. The audit trail becomes the backup's, followed by
    one event recording this restore; tables in `EXCLUDED_TABLES` are left empty.
    """
    actor = actor or Actor.operator()
    header = verify(path, progress)
    tables = _backed_up_tables()
    total = len(header["tables"])
    counts: dict[str, int] = {}
    current: str | None = None
    try:
        with Session(engine) as session, session.begin(), _append_only_lifted(session):
            for table in reversed(metadata().sorted_tables):
                session.execute(table.delete())
            digest = hashlib.sha256()
            with closing(_lines(path)) as lines:
                next(lines)
                for done, (number, line) in enumerate(lines):
                    progress("tabellen", done, total)
                    digest.update(line)
                    current, chunk = _table_line(path, number, line)
                    table = tables[current]
                    rows = [{c.name: _decode(c, row.get(c.name)) for c in table.columns} for row in chunk]
                    if rows:
                        session.execute(table.insert(), rows)
                    counts[current] = len(rows)
            current = None
            if counts != header["rows"] or (header["format_version"] >= 2 and digest.hexdigest() != header["sha256"]):
                raise _refused(path, "het bestand is tijdens het terugzetten gewijzigd")
            progress("tabellen", total, total)
            if engine.dialect.name == "postgresql":
                _reset_sequences(session)
            restored = sum(counts.values())
            summary = f"backup {path.name} teruggezet ({restored} rijen, catalogus {header.get('catalog_version')})"
            details = {"bestand": path.name, "rijen": counts, "gemaakt": header.get("created_at")}
            restore_event = event(actor, "backup.teruggezet", ("database", "novex"), summary, details=details)
            SqlAuditLog(session).record([restore_event])
    except (SQLAlchemyError, ValueError, TypeError, ShapelyError) as exc:
        reason = str(exc.orig if isinstance(exc, DBAPIError) else exc).strip().splitlines()[0][:300]
        where = f"tabel {current} kon niet worden geladen" if current else "de database kon niet worden gevuld"
        raise _refused(path, f"{where} ({reason})") from exc
    return BackupReport(path, counts, header.get("catalog_version"), path.stat().st_size)


@contextmanager
def _append_only_lifted(session: Session) -> Iterator[None]:
    """Lift the audit trail's append-only triggers for a restore, and re-arm them in the same transaction.

    A restore replaces the audit trail by the one in the backup; a failed restore rolls back
    the lifting too, so the guard is never left off. It holds the writer lock throughout, so
    other writers wait for it (and it for them) instead of failing.
    """
    hold_write_lock(session.connection())  # SQLite: BEGIN IMMEDIATE, so the DDL below runs inside the transaction
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"ALTER TABLE {AuditEventRow.__tablename__} DISABLE TRIGGER USER"))
        yield
        session.execute(text(f"ALTER TABLE {AuditEventRow.__tablename__} ENABLE TRIGGER USER"))
        return
    triggers = session.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
        {"t": AuditEventRow.__tablename__},
    ).all()
    for name, _ in triggers:
        session.execute(text(f'DROP TRIGGER "{name}"'))
    yield
    for _, sql in triggers:
        session.execute(text(sql))


def _reset_sequences(session: Session) -> None:
    """Move PostgreSQL id sequences past the restored ids."""
    for table in metadata().sorted_tables:
        for column in table.primary_key.columns:
            if isinstance(column.type, Integer) and column.autoincrement in (True, "auto"):
                sequence = session.execute(
                    text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}
                ).scalar()
                if sequence:
                    highest = session.execute(select(func.max(column))).scalar() or 0
                    session.execute(text("SELECT setval(:s, :v, false)"), {"s": sequence, "v": highest + 1})
