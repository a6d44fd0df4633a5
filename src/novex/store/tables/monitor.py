"""Tables of the monitor: measurements, statuses set by owners, and the yearly monitor rounds."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Float, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from novex.store.tables.base import Base
from novex.store.versioning import VersionMixin


class MetingRow(Base):
    """One measurement of an agreement (province + stable key): a value on a date from a source."""

    __tablename__ = "monitor_metingen"
    __table_args__ = (
        UniqueConstraint("provincie", "sleutel", "datum", "bron", name="uq_meting_afspraak_datum_bron"),
        # the meter ranks the latest two per agreement from this index alone (it covers the row id)
        Index("ix_monitor_metingen_afspraak", "provincie", "sleutel", "datum", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provincie: Mapped[str] = mapped_column(String(10))
    sleutel: Mapped[str] = mapped_column(String(60))
    waarde: Mapped[float] = mapped_column(Float)
    datum: Mapped[date] = mapped_column(Date)
    bron: Mapped[str] = mapped_column(String(300))
    toelichting: Mapped[str] = mapped_column(Text, default="")
    ingevoerd_door: Mapped[str] = mapped_column(String(320))
    ingevoerd_op: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class StatusZettingRow(Base):
    """A status set by an owner, with its motivation (append-only: the newest one counts)."""

    __tablename__ = "monitor_statussen"
    __table_args__ = (Index("ix_monitor_statussen_afspraak", "provincie", "sleutel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provincie: Mapped[str] = mapped_column(String(10))
    sleutel: Mapped[str] = mapped_column(String(60))
    status: Mapped[str | None] = mapped_column(String(40), nullable=True)
    motivering: Mapped[str] = mapped_column(Text)
    door: Mapped[str] = mapped_column(String(320))
    op: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class MonitorRondeRow(VersionMixin, Base):
    """The yearly monitor round of a province: participants, the qualitative picture, the frozen snapshot."""

    __tablename__ = "monitor_rondes"
    __table_args__ = (UniqueConstraint("provincie", "jaar", name="uq_monitorronde_provincie_jaar"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provincie: Mapped[str] = mapped_column(String(10), index=True)
    jaar: Mapped[int] = mapped_column(Integer, index=True)
    status: Mapped[str] = mapped_column(String(20))
    deelnemers: Mapped[list[Any]] = mapped_column(JSON)
    beeld: Mapped[str] = mapped_column(Text, default="")
    momentopname: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    afgesloten_door: Mapped[str | None] = mapped_column(String(320), nullable=True)
    afgesloten_op: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
