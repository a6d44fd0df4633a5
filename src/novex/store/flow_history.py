"""The `flow_history` table and its repository, implementing `novex.flow.FlowHistory`.

Append-only by use: the repository inserts and reads, and never changes or deletes a row.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Index, Integer, String, Text, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from novex.flow import FlowStep
from novex.store.tables import Base


class FlowHistoryRow(Base):
    """One move of a workflow item: which flow and item, from, to, who (with which role), when and why."""

    __tablename__ = "flow_history"
    __table_args__ = (Index("ix_flow_history_item", "flow", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    flow: Mapped[str] = mapped_column(String(30))
    item_id: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(254))
    rol: Mapped[str] = mapped_column(String(20))
    reden: Mapped[str | None] = mapped_column(Text, nullable=True)
    tijdstip: Mapped[datetime] = mapped_column(DateTime(timezone=True))


COLUMNS = ("flow", "item_id", "source", "target", "actor", "rol", "reden", "tijdstip")


def _utc(moment: datetime) -> datetime:
    """A stored time as an aware UTC datetime (SQLite hands back naive UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class SqlFlowHistory:
    """The moves of workflow items in the relational store; the caller owns the transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def record(self, step: FlowStep) -> None:
        """Insert one move (its time in UTC)."""
        row = {name: getattr(step, name) for name in COLUMNS}
        row["tijdstip"] = _utc(step.tijdstip)
        self.session.execute(insert(FlowHistoryRow), [row])

    def history(self, flow: str, item_id: object) -> list[FlowStep]:
        """Every move of one item, oldest first (newest last)."""
        query = (
            select(FlowHistoryRow)
            .where(FlowHistoryRow.flow == flow, FlowHistoryRow.item_id == str(item_id))
            .order_by(FlowHistoryRow.id)
        )
        return [
            FlowStep(**{name: getattr(r, name) for name in COLUMNS[:-1]}, tijdstip=_utc(r.tijdstip), id=r.id)
            for r in self.session.scalars(query)
        ]
