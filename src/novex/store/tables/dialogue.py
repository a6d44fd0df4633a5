"""Tables of the vraagstukken dialogue: vraagstukken, their links, contributions, and the open registers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from novex.store.tables.base import Base
from novex.store.versioning import VersionMixin


class VraagstukRow(VersionMixin, Base):
    """A vraagstuk: its texts, phase, outcome, lead party, and triage/approach/decisions as JSON."""

    __tablename__ = "vraagstukken"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    titel: Mapped[str] = mapped_column(String(200))
    beschrijving: Mapped[str | None] = mapped_column(Text, nullable=True)
    herkomst: Mapped[str] = mapped_column(String(40))
    fase: Mapped[str] = mapped_column(String(40), index=True)
    accounthouder: Mapped[str | None] = mapped_column(String(254), nullable=True, index=True)
    prioriteit: Mapped[str | None] = mapped_column(String(20), nullable=True)
    planning: Mapped[str | None] = mapped_column(Text, nullable=True)
    volgende_tafel: Mapped[str | None] = mapped_column(String(20), nullable=True)
    deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    inkadering: Mapped[str | None] = mapped_column(Text, nullable=True)
    uitkomst_plek: Mapped[str | None] = mapped_column(String(120), nullable=True)
    uitkomst_reden: Mapped[str | None] = mapped_column(Text, nullable=True)
    leidend: Mapped[str | None] = mapped_column(String(20), nullable=True, index=True)
    leidend_departement: Mapped[str | None] = mapped_column(String(200), nullable=True)
    leidend_motivering: Mapped[str | None] = mapped_column(Text, nullable=True)
    triage: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    aanpak: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    tafelbesluiten: Mapped[list[Any]] = mapped_column(JSON, default=list)
    aangemaakt_door: Mapped[str] = mapped_column(String(254))
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    gewijzigd_op: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class VraagstukLinkRow(Base):
    """One link of a vraagstuk, in order: province, area, domain, claim, conflict, goal, interest, decision, nature."""

    __tablename__ = "vraagstuk_links"
    __table_args__ = (Index("ix_vraagstuk_links_waarde", "soort", "waarde"),)

    vraagstuk_id: Mapped[int] = mapped_column(ForeignKey("vraagstukken.id", ondelete="CASCADE"), primary_key=True)
    soort: Mapped[str] = mapped_column(String(20), primary_key=True)
    waarde: Mapped[str] = mapped_column(String(120), primary_key=True)
    positie: Mapped[int] = mapped_column(Integer)


class VraagstukBijdrageRow(Base):
    """A comment or expert contribution on a vraagstuk."""

    __tablename__ = "vraagstuk_bijdragen"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    vraagstuk_id: Mapped[int] = mapped_column(ForeignKey("vraagstukken.id", ondelete="CASCADE"), index=True)
    auteur: Mapped[str] = mapped_column(String(254))
    rol: Mapped[str] = mapped_column(String(20))
    departement: Mapped[str | None] = mapped_column(String(200), nullable=True)
    provincie: Mapped[str | None] = mapped_column(String(10), nullable=True)
    tekst: Mapped[str] = mapped_column(Text)
    tijdstip: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RegisterEntryRow(Base):
    """An entry users added to the open registers: a place ('plek') or an adopted decision ('besluit')."""

    __tablename__ = "register_entries"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    soort: Mapped[str] = mapped_column(String(10), index=True)
    waarden: Mapped[dict[str, Any]] = mapped_column(JSON)
    datum: Mapped[date | None] = mapped_column(Date, nullable=True)
    door: Mapped[str] = mapped_column(String(254))
    toegevoegd_op: Mapped[datetime] = mapped_column(DateTime(timezone=True))
