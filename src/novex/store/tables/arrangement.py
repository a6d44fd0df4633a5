"""Tables of the Ruimtelijk Arrangement: one row per version, its agreements and its investment agreements."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from novex.store.tables.base import Base
from novex.store.types import Money
from novex.store.versioning import VersionMixin


class ArrangementRow(VersionMixin, Base):
    """One version of the RA of a province for a year; parts, inclusions, knots and motivations as JSON."""

    __tablename__ = "arrangementen"
    __table_args__ = (UniqueConstraint("provincie", "jaar", name="uq_arrangement_provincie_jaar"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provincie: Mapped[str] = mapped_column(String(10), index=True)
    jaar: Mapped[int] = mapped_column(Integer, index=True)
    generatie: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), index=True)
    inhoud: Mapped[dict[str, Any]] = mapped_column(JSON)
    vastgesteld_in: Mapped[int | None] = mapped_column(
        ForeignKey("vergaderingen.id", ondelete="SET NULL"), nullable=True, index=True
    )
    vastgesteld_op: Mapped[date | None] = mapped_column(Date, nullable=True)
    vorige_versie: Mapped[int | None] = mapped_column(
        ForeignKey("arrangementen.id", ondelete="SET NULL"), nullable=True
    )
    vervangen_door: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ArrangementAfspraakRow(Base):
    """An agreement of one RA version (all SMART fields as JSON; the stable key as a column)."""

    __tablename__ = "arrangement_afspraken"
    __table_args__ = (UniqueConstraint("arrangement_id", "sleutel", name="uq_afspraak_sleutel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    arrangement_id: Mapped[int] = mapped_column(ForeignKey("arrangementen.id", ondelete="CASCADE"), index=True)
    volgorde: Mapped[int] = mapped_column(Integer)
    sleutel: Mapped[str] = mapped_column(String(60), index=True)
    onderdeel: Mapped[int] = mapped_column(Integer)
    vraagstuk_id: Mapped[int | None] = mapped_column(
        ForeignKey("vraagstukken.id", ondelete="SET NULL"), nullable=True, index=True
    )
    deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class InvesteringRow(Base):
    """An investment agreement of part 5 of one RA version (exact amount)."""

    __tablename__ = "arrangement_investeringen"
    __table_args__ = (UniqueConstraint("arrangement_id", "sleutel", name="uq_investering_sleutel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    arrangement_id: Mapped[int] = mapped_column(ForeignKey("arrangementen.id", ondelete="CASCADE"), index=True)
    volgorde: Mapped[int] = mapped_column(Integer)
    sleutel: Mapped[str] = mapped_column(String(60))
    programma: Mapped[str] = mapped_column(String(300))
    fonds: Mapped[str] = mapped_column(String(100))
    bedrag: Mapped[Decimal] = mapped_column(Money())
    gelabeld_voor: Mapped[str] = mapped_column(Text)
    afspraak: Mapped[str | None] = mapped_column(String(60), nullable=True)
