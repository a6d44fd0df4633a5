"""Tables of the claims register: voorstellen, claims and their splits, restriction layers, province targets."""

from __future__ import annotations

from datetime import date, datetime

from shapely.geometry.base import BaseGeometry
from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from novex.store.tables.base import Base, BBoxMixin
from novex.store.types import WKBGeometry
from novex.store.versioning import VersionMixin


class VoorstelRow(Base):
    """A province's ruimtelijk voorstel (one version)."""

    __tablename__ = "voorstellen"
    __table_args__ = (UniqueConstraint("provincie", "naam", "versie"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provincie: Mapped[str] = mapped_column(ForeignKey("provinces.code"), index=True)
    naam: Mapped[str] = mapped_column(String(200))
    versie: Mapped[int] = mapped_column(Integer, default=1)
    datum: Mapped[date] = mapped_column(Date)
    toelichting: Mapped[str | None] = mapped_column(Text, nullable=True)


class VoorstelVerantwoordingRow(VersionMixin, Base):
    """The verantwoording of one voorstel version (`novex.claims.verantwoording`, seed 004 Bijlage 5), as JSON."""

    __tablename__ = "voorstel_verantwoordingen"

    id: Mapped[int] = mapped_column(ForeignKey("voorstellen.id", ondelete="CASCADE"), primary_key=True)
    inhoud: Mapped[dict] = mapped_column(JSON)
    gewijzigd_door: Mapped[str] = mapped_column(String(320))
    gewijzigd_op: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ClaimRow(BBoxMixin, VersionMixin, Base):
    """A ruimteclaim with its RD New geometry (WKB + bbox) and attributes."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    voorstel_id: Mapped[int] = mapped_column(ForeignKey("voorstellen.id", ondelete="CASCADE"), index=True)
    extern_id: Mapped[str | None] = mapped_column(String(120), nullable=True)
    naam: Mapped[str] = mapped_column(String(300))
    domein: Mapped[str] = mapped_column(ForeignKey("domains.slug"), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    hardheid: Mapped[str] = mapped_column(String(20))
    prioriteit: Mapped[int] = mapped_column(Integer, default=3)
    hoeveelheid: Mapped[float | None] = mapped_column(Float, nullable=True)
    eenheid: Mapped[str | None] = mapped_column(String(40), nullable=True)
    doel_id: Mapped[str | None] = mapped_column(String(120), nullable=True)
    start_jaar: Mapped[int | None] = mapped_column(Integer, nullable=True)
    eind_jaar: Mapped[int | None] = mapped_column(Integer, nullable=True)
    eigenaar: Mapped[str | None] = mapped_column(String(200), nullable=True)
    bron: Mapped[str | None] = mapped_column(Text, nullable=True)
    notities: Mapped[str | None] = mapped_column(Text, nullable=True)
    area_ha: Mapped[float] = mapped_column(Float)
    geometry: Mapped[BaseGeometry] = mapped_column(WKBGeometry)


class ClaimProvinceRow(Base):
    """The area (ha) of a claim inside one province; a cross-border claim has several."""

    __tablename__ = "claim_provinces"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    provincie: Mapped[str] = mapped_column(ForeignKey("provinces.code"), primary_key=True, index=True)
    area_ha: Mapped[float] = mapped_column(Float)


class RestrictionLayerRow(Base):
    """A restriction layer with hardness, legal basis and reference date."""

    __tablename__ = "restriction_layers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    naam: Mapped[str] = mapped_column(String(200), unique=True)
    domein: Mapped[str] = mapped_column(ForeignKey("domains.slug"))
    hardheid: Mapped[str] = mapped_column(String(20))
    juridische_basis: Mapped[str] = mapped_column(Text)
    peildatum: Mapped[date] = mapped_column(Date)
    attributie: Mapped[str | None] = mapped_column(Text, nullable=True)


class RestrictionAreaRow(BBoxMixin, Base):
    """One area of a restriction layer."""

    __tablename__ = "restriction_areas"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    layer_id: Mapped[int] = mapped_column(ForeignKey("restriction_layers.id", ondelete="CASCADE"), index=True)
    naam: Mapped[str] = mapped_column(String(300))
    code: Mapped[str | None] = mapped_column(String(80), nullable=True)
    status: Mapped[str | None] = mapped_column(Text, nullable=True)
    area_ha: Mapped[float] = mapped_column(Float)
    provincies: Mapped[dict] = mapped_column(JSON)
    geometry: Mapped[BaseGeometry] = mapped_column(WKBGeometry)


class ProvinceTargetRow(Base):
    """A per-province target added by a user, with its source."""

    __tablename__ = "province_targets"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    provincie: Mapped[str] = mapped_column(ForeignKey("provinces.code"), index=True)
    tekst: Mapped[str] = mapped_column(Text)
    waarde: Mapped[float] = mapped_column(Float)
    eenheid: Mapped[str] = mapped_column(String(40))
    jaar: Mapped[int | None] = mapped_column(Integer, nullable=True)
    domein: Mapped[str | None] = mapped_column(ForeignKey("domains.slug"), nullable=True)
    bron: Mapped[str] = mapped_column(Text)


class ClaimMunicipalityRow(Base):
    """The area (ha) of a claim inside one municipality."""

    __tablename__ = "claim_municipalities"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    gemeente: Mapped[str] = mapped_column(ForeignKey("municipalities.code"), primary_key=True, index=True)
    area_ha: Mapped[float] = mapped_column(Float)
