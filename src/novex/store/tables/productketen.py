"""Tables of the NOVEX areas' chain of products: each area's dossier, its products and its uitvoeringsafspraken."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from novex.store.tables.base import Base
from novex.store.versioning import VersionMixin


class GebiedsdossierRow(VersionMixin, Base):
    """The dossier of one NOVEX area: its phase and governance (None: not set; the catalogue prefills)."""

    __tablename__ = "gebiedsdossiers"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)  # the area's catalogue id
    fase: Mapped[str | None] = mapped_column(String(40), nullable=True)
    duo_rijk: Mapped[str | None] = mapped_column(String(300), nullable=True)
    duo_regio: Mapped[str | None] = mapped_column(String(300), nullable=True)
    trekker: Mapped[str | None] = mapped_column(String(300), nullable=True)
    gewijzigd_door: Mapped[str] = mapped_column(String(320))
    gewijzigd_op: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class GebiedsproductRow(VersionMixin, Base):
    """One product of an area (ontwikkelperspectief, uitvoeringsagenda, regionale investeringsagenda).

    `id` is "<area>/<kind>"; the fields of its kind are JSON (`novex.gebieden.dossier.Product.velden`).
    """

    __tablename__ = "gebiedsproducten"
    __table_args__ = (UniqueConstraint("gebied", "soort", name="uq_gebiedsproduct_gebied_soort"),)

    id: Mapped[str] = mapped_column(String(130), primary_key=True)
    gebied: Mapped[str] = mapped_column(String(80), index=True)
    soort: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(40))
    vindplaats: Mapped[str] = mapped_column(String(500))
    velden: Mapped[dict[str, Any]] = mapped_column(JSON)
    gewijzigd_door: Mapped[str] = mapped_column(String(320))
    gewijzigd_op: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UitvoeringsafspraakRow(VersionMixin, Base):
    """One uitvoeringsafspraak of an area, with the RA agreements it lands in ("PV26/A1", JSON list)."""

    __tablename__ = "uitvoeringsafspraken"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    gebied: Mapped[str] = mapped_column(String(80), index=True)
    onderwerp: Mapped[str] = mapped_column(String(40))
    tekst: Mapped[str] = mapped_column(Text)
    eigenaar: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(40))
    deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    ra_afspraken: Mapped[list[str]] = mapped_column(JSON)
    gewijzigd_door: Mapped[str] = mapped_column(String(320))
    gewijzigd_op: Mapped[datetime] = mapped_column(DateTime(timezone=True))
