"""The audit trail: every change is recorded append-only — who, when, what, why.

Services record an `AuditEvent` in the same unit of work as the change itself, so a
change and its record are committed together or not at all. The store keeps the
events append-only (database triggers refuse UPDATE and DELETE), and the newest event
doubles as the data revision that cached analyses are keyed on. The dialogue and the
arrangement record their phase changes and decisions through the same log.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from novex.access import READ, READ_AUDIT, Actor, require


@dataclass(frozen=True)
class AuditEvent:
    """One recorded change: what happened (`actie`, e.g. ``claim.gewijzigd``) to which object, by whom."""

    actie: str
    object_type: str
    object_id: str
    samenvatting: str
    actor: str
    rol: str
    provincie: str | None = None
    reden: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)
    id: int = 0
    tijdstip: datetime | None = None


@dataclass(frozen=True)
class AuditFilter:
    """Which events to list: any combination of object, province, action prefix and actor."""

    object_type: str | None = None
    object_id: str | None = None
    provincie: str | None = None
    actie: str | None = None  # a prefix: "claim." matches every claim event
    actor: str | None = None


@dataclass(frozen=True)
class Revision:
    """The newest event of a database: changes whenever anything is recorded."""

    event_id: int
    tijdstip: datetime | None


class AuditLog(Protocol):
    """Append-only storage of audit events inside one unit of work."""

    def record(self, events: Sequence[AuditEvent]) -> None:
        """Append events (in order)."""
        ...

    def events(self, where: AuditFilter, offset: int = 0, limit: int | None = None) -> list[AuditEvent]:
        """Matching events, newest first."""
        ...

    def count(self, where: AuditFilter) -> int:
        """How many events match."""
        ...

    def revision(self, ignoring: Sequence[str] = ()) -> Revision:
        """The newest event (id 0 when none), leaving out actions starting with a prefix in `ignoring`."""
        ...


def event(
    actor: Actor,
    actie: str,
    subject: tuple[str, object],
    samenvatting: str,
    provincie: str | None = None,
    details: Mapping[str, Any] | None = None,
    reden: str | None = None,
) -> AuditEvent:
    """An event by `actor` on `subject` (object type, id)."""
    object_type, object_id = subject
    return AuditEvent(
        actie=actie,
        object_type=object_type,
        object_id=str(object_id),
        samenvatting=samenvatting,
        actor=actor.email,
        rol=str(actor.role),
        provincie=provincie,
        reden=reden,
        details=dict(details or {}),
    )


class AuditService:
    """Reading the audit trail: one object's timeline, or the log across objects."""

    def __init__(self, log: AuditLog) -> None:
        self.log = log

    def history(self, actor: Actor, object_type: str, object_id: object) -> list[AuditEvent]:
        """Every event of one object, newest first (whoever may read the object may read its history)."""
        require(actor, READ)
        return self.log.events(AuditFilter(object_type=object_type, object_id=str(object_id)))

    def page(self, actor: Actor, where: AuditFilter, page: int, size: int) -> tuple[list[AuditEvent], int]:
        """One page (1-based) of the matching events, newest first, and their count.

        A province's planner reads its own province's events only, so must filter on it.
        """
        require(actor, READ_AUDIT, where.provincie)
        return self.log.events(where, (page - 1) * size, size), self.log.count(where)
