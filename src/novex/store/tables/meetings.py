"""Tables of the meeting cycle: meetings, agenda items, the BOL-afsprakenlijst, fast procedures, experts, sessions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from novex.store.tables.base import Base
from novex.store.versioning import VersionMixin


class VergaderingRow(VersionMixin, Base):
    """A DO NOVEX or GP-DG round of a province, or a BOL of a landsdeel."""

    __tablename__ = "vergaderingen"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    soort: Mapped[str] = mapped_column(String(20), index=True)
    datum: Mapped[date] = mapped_column(Date, index=True)
    naam: Mapped[str] = mapped_column(String(200))
    provincie: Mapped[str | None] = mapped_column(String(10), nullable=True)
    landsdeel: Mapped[str | None] = mapped_column(String(20), nullable=True)
    rode_draden: Mapped[str | None] = mapped_column(Text, nullable=True)


class AgendapuntRow(Base):
    """An agenda item of a meeting, with its outcome (JSON) once recorded."""

    __tablename__ = "agendapunten"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    vergadering_id: Mapped[int] = mapped_column(ForeignKey("vergaderingen.id", ondelete="CASCADE"), index=True)
    volgorde: Mapped[int] = mapped_column(Integer)
    onderwerp: Mapped[str] = mapped_column(String(300))
    soort: Mapped[str] = mapped_column(String(30))
    reden: Mapped[str] = mapped_column(Text, default="")
    vraagstuk_id: Mapped[int | None] = mapped_column(
        ForeignKey("vraagstukken.id", ondelete="SET NULL"), nullable=True, index=True
    )
    uitkomst: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class BolAfspraakRow(Base):
    """An entry of the BOL-afsprakenlijst."""

    __tablename__ = "bol_afspraken"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    vergadering_id: Mapped[int] = mapped_column(ForeignKey("vergaderingen.id", ondelete="CASCADE"), index=True)
    datum: Mapped[date] = mapped_column(Date)
    landsdeel: Mapped[str | None] = mapped_column(String(20), nullable=True)
    provincies: Mapped[list[str]] = mapped_column(JSON)
    vraagstuk_id: Mapped[int | None] = mapped_column(
        ForeignKey("vraagstukken.id", ondelete="SET NULL"), nullable=True, index=True
    )
    titel: Mapped[str] = mapped_column(String(300))
    tekst: Mapped[str] = mapped_column(Text)
    vastgelegd_door: Mapped[str] = mapped_column(String(254))


class SnelleProcedureRow(VersionMixin, Base):
    """The fast procedure of one vraagstuk: its step and its products (JSON)."""

    __tablename__ = "snelle_procedures"

    id: Mapped[int] = mapped_column(ForeignKey("vraagstukken.id", ondelete="CASCADE"), primary_key=True)
    fase: Mapped[str] = mapped_column(String(40), index=True)
    signaal: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    selectie: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    tafel: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    terugkoppeling: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class ExpertRow(Base):
    """A person in the directory of experts per domain and ministry."""

    __tablename__ = "experts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    naam: Mapped[str] = mapped_column(String(200))
    departement: Mapped[str] = mapped_column(String(200), index=True)
    domeinen: Mapped[list[str]] = mapped_column(JSON)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    nota_ruimte_adviseur: Mapped[bool] = mapped_column(Boolean, default=False)
    actief: Mapped[bool] = mapped_column(Boolean, default=True)


class SessieRow(Base):
    """A session of ontwerpend onderzoek, with its bouwstenen and linked vraagstukken (JSON)."""

    __tablename__ = "sessies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    soort: Mapped[str] = mapped_column(String(30))
    titel: Mapped[str] = mapped_column(String(300))
    datum: Mapped[date] = mapped_column(Date, index=True)
    trekker: Mapped[str | None] = mapped_column(String(300), nullable=True)
    organisatie: Mapped[str] = mapped_column(String(300))
    hoofdonderwerp: Mapped[str] = mapped_column(String(300))
    velden: Mapped[list[str]] = mapped_column(JSON)
    bouwstenen: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    vraagstukken: Mapped[list[int]] = mapped_column(JSON)
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime(timezone=True))
