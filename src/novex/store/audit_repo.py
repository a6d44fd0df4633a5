"""SQLAlchemy implementation of `novex.audit.AuditLog` (append-only `audit_events`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from novex.audit import AuditEvent, AuditFilter, Revision
from novex.store.tables.audit import AuditEventRow

COLUMNS = ("actie", "object_type", "object_id", "samenvatting", "actor", "rol", "provincie", "reden", "details")


def _event(row: AuditEventRow) -> AuditEvent:
    tijdstip = row.tijdstip if row.tijdstip.tzinfo else row.tijdstip.replace(tzinfo=UTC)
    return AuditEvent(**{name: getattr(row, name) for name in COLUMNS}, id=row.id, tijdstip=tijdstip)


class SqlAuditLog:
    """Audit events in the relational store; the caller owns the transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def record(self, events: Sequence[AuditEvent]) -> None:
        """Insert the events, all stamped with the current time (UTC)."""
        if not events:
            return
        now = datetime.now(UTC)
        rows = [{name: getattr(e, name) for name in COLUMNS} | {"tijdstip": now} for e in events]
        for row in rows:
            row["details"] = dict(row["details"])
        self.session.execute(insert(AuditEventRow), rows)

    def events(self, where: AuditFilter, offset: int = 0, limit: int | None = None) -> list[AuditEvent]:
        """Matching events, newest first."""
        query = self._filtered(select(AuditEventRow), where).order_by(AuditEventRow.id.desc())
        return [_event(r) for r in self.session.scalars(query.offset(offset).limit(limit))]

    def count(self, where: AuditFilter) -> int:
        """How many events match."""
        return self.session.scalar(self._filtered(select(func.count(AuditEventRow.id)), where)) or 0

    def revision(self, ignoring: Sequence[str] = ()) -> Revision:
        """The id and time of the newest event, leaving out actions starting with a prefix in `ignoring`."""
        query = select(AuditEventRow.id, AuditEventRow.tijdstip)
        for prefix in ignoring:
            query = query.where(~AuditEventRow.actie.startswith(prefix, autoescape=True))
        row = self.session.execute(query.order_by(AuditEventRow.id.desc()).limit(1)).first()
        return Revision(row.id, row.tijdstip) if row else Revision(0, None)

    @staticmethod
    def _filtered(query, where: AuditFilter):  # noqa: ANN001, ANN205 - a Select in, a Select out
        for name in ("object_type", "object_id", "provincie", "actor"):
            value = getattr(where, name)
            if value is not None:
                query = query.where(getattr(AuditEventRow, name) == value)
        if where.actie:
            query = query.where(AuditEventRow.actie.startswith(where.actie, autoescape=True))
        return query
