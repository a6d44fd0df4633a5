"""Portable backups: every table of the store, geometries as WKB, in one gzipped JSON-lines file.

The file starts with a header (format, catalogue version, schema revision, time, row
counts), then one line per table with its rows. It restores into any backend novex
supports (SQLite ↔ PostgreSQL/PostGIS): `restore` empties the tables and loads the dump
in one transaction, so a failed restore leaves the database as it was.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import shapely
from sqlalchemy import Date, DateTime, Engine, Integer, func, select, text
from sqlalchemy.orm import Session

from novex.access import Actor
from novex.audit import event
from novex.errors import InvalidInput
from novex.progress import Progress, silent, tracked
from novex.store.audit_repo import SqlAuditLog
from novex.store.tables import AuditEventRow, Base, CatalogVersion
from novex.store.types import WKBGeometry

FORMAT = "novex-backup"
FORMAT_VERSION = 1


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
    return value


def _revision(session: Session) -> str | None:
    try:
        return session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:  # noqa: BLE001 - a database without migrations has no revision
        return None


def backup(engine: Engine, path: Path, progress: Progress = silent) -> BackupReport:
    """Write every row of every novex table to `path` (gzipped JSON lines)."""
    counts: dict[str, int] = {}
    with Session(engine) as session, gzip.open(path, "wt", encoding="utf-8") as out:
        catalog = session.scalars(select(CatalogVersion.versie)).first()
        tables = Base.metadata.sorted_tables
        header = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "catalog_version": catalog,
            "schema_revision": _revision(session),
            "created_at": datetime.now(UTC).isoformat(),
            "tables": [t.name for t in tables],
        }
        out.write(json.dumps(header, ensure_ascii=False) + "\n")
        for table in tracked(tables, "tabellen", progress, every=1):
            rows = [
                {c.name: _encode(c, row._mapping[c.name]) for c in table.columns}
                for row in session.execute(select(table).order_by(*table.primary_key.columns))
            ]
            counts[table.name] = len(rows)
            out.write(json.dumps({"table": table.name, "rows": rows}, ensure_ascii=False) + "\n")
    return BackupReport(path, counts, catalog, path.stat().st_size)


def read_header(path: Path) -> dict[str, Any]:
    """The header of a backup file; `InvalidInput` when it is not one."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            header = json.loads(stream.readline())
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{path.name}: geen novex-backup ({exc})") from exc
    if header.get("format") != FORMAT or header.get("format_version") != FORMAT_VERSION:
        raise InvalidInput(f"{path.name}: geen novex-backup van versie {FORMAT_VERSION}")
    return header


def restore(engine: Engine, path: Path, actor: Actor | None = None, progress: Progress = silent) -> BackupReport:
    """Replace the contents of every novex table with the backup, in one transaction.

    The audit trail becomes the backup's, followed by one event recording this restore.
    """
    actor = actor or Actor.operator()
    header = read_header(path)
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    unknown = [name for name in header["tables"] if name not in tables]
    if unknown:
        raise InvalidInput(f"{path.name}: onbekende tabellen {unknown} (nieuwere novex?)")
    counts: dict[str, int] = {}
    with Session(engine) as session, session.begin(), _append_only_lifted(session):
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(table.delete())
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            stream.readline()
            for done, line in enumerate(stream):
                progress("tabellen", done, len(header["tables"]))
                chunk = json.loads(line)
                table = tables[chunk["table"]]
                rows = [{c.name: _decode(c, row.get(c.name)) for c in table.columns} for row in chunk["rows"]]
                if rows:
                    session.execute(table.insert(), rows)
                counts[table.name] = len(rows)
        progress("tabellen", len(header["tables"]), len(header["tables"]))
        if engine.dialect.name == "postgresql":
            _reset_sequences(session)
        restored = sum(counts.values())
        summary = f"backup {path.name} teruggezet ({restored} rijen, catalogus {header.get('catalog_version')})"
        details = {"bestand": path.name, "rijen": counts, "gemaakt": header.get("created_at")}
        restore_event = event(actor, "backup.teruggezet", ("database", "novex"), summary, details=details)
        SqlAuditLog(session).record([restore_event])
    return BackupReport(path, counts, header.get("catalog_version"), path.stat().st_size)


@contextmanager
def _append_only_lifted(session: Session) -> Iterator[None]:
    """Lift the audit trail's append-only triggers for a restore, and re-arm them in the same transaction.

    A restore replaces the audit trail by the one in the backup; a failed restore rolls back
    the lifting too, so the guard is never left off.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"ALTER TABLE {AuditEventRow.__tablename__} DISABLE TRIGGER USER"))
        yield
        session.execute(text(f"ALTER TABLE {AuditEventRow.__tablename__} ENABLE TRIGGER USER"))
        return
    # Python's sqlite3 opens a transaction only before DML, so DDL would run outside it: open it first.
    session.connection().exec_driver_sql("BEGIN")
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
    for table in Base.metadata.sorted_tables:
        for column in table.primary_key.columns:
            if isinstance(column.type, Integer) and column.autoincrement in (True, "auto"):
                sequence = session.execute(
                    text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}
                ).scalar()
                if sequence:
                    highest = session.execute(select(func.max(column))).scalar() or 0
                    session.execute(text("SELECT setval(:s, :v, false)"), {"s": sequence, "v": highest + 1})
