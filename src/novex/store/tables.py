"""SQLAlchemy 2 tables. Portable between SQLite and PostgreSQL.

Only `store` imports this module; domain packages talk to repositories.
"""

from __future__ import annotations

from datetime import date, datetime

from shapely.geometry.base import BaseGeometry
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from novex.store.types import WKBGeometry
from novex.store.versioning import VersionMixin


class Base(DeclarativeBase):
    """Declarative base of every novex table."""


class BBoxMixin:
    """Bounding box columns beside a WKB geometry, for portable spatial filters."""

    minx: Mapped[float] = mapped_column(Float)
    miny: Mapped[float] = mapped_column(Float)
    maxx: Mapped[float] = mapped_column(Float)
    maxy: Mapped[float] = mapped_column(Float)

    def set_bbox(self, geometry: BaseGeometry) -> None:
        """Copy the geometry's bounds into the bbox columns."""
        self.minx, self.miny, self.maxx, self.maxy = geometry.bounds


class CatalogVersion(Base):
    """Which catalogue version was loaded, when, and its content checksum."""

    __tablename__ = "catalog_versions"

    versie: Mapped[str] = mapped_column(String(32), primary_key=True)
    checksum: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class DomainRow(Base):
    """A claim domain from the catalogue vocabulary."""

    __tablename__ = "domains"

    slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    naam: Mapped[str] = mapped_column(String(120))


class ThemeRow(Base):
    """A startpakket theme; the full record is kept as JSON."""

    __tablename__ = "themes"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    naam: Mapped[str] = mapped_column(String(200))
    payload: Mapped[dict] = mapped_column(JSON)


class GoalRow(Base):
    """A catalogue goal (national, per province or per area), quantitative or not."""

    __tablename__ = "goals"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    theme_id: Mapped[str | None] = mapped_column(ForeignKey("themes.id"), nullable=True)
    tekst: Mapped[str] = mapped_column(Text)
    waarde: Mapped[float | None] = mapped_column(Float, nullable=True)
    eenheid: Mapped[str | None] = mapped_column(String(40), nullable=True)
    jaar: Mapped[int | None] = mapped_column(Integer, nullable=True)
    domein: Mapped[str | None] = mapped_column(ForeignKey("domains.slug"), nullable=True)
    provincie: Mapped[str | None] = mapped_column(String(4), nullable=True, index=True)
    gebied: Mapped[str | None] = mapped_column(String(200), nullable=True)
    source: Mapped[dict] = mapped_column(JSON)


class NovexAreaRow(Base):
    """A NOVEX area with its types and provinces."""

    __tablename__ = "novex_areas"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    naam: Mapped[str] = mapped_column(String(200))
    typen: Mapped[list] = mapped_column(JSON)
    provincies: Mapped[list] = mapped_column(JSON)


class ProvinceRow(BBoxMixin, Base):
    """A province with its RD New geometry and land area in hectares."""

    __tablename__ = "provinces"

    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    naam: Mapped[str] = mapped_column(String(80))
    landsdeel: Mapped[str] = mapped_column(String(20))
    land_ha: Mapped[float] = mapped_column(Float)
    geometry: Mapped[BaseGeometry] = mapped_column(WKBGeometry)


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


class MunicipalityRow(BBoxMixin, Base):
    """A municipality (CBS 2024) with province, inhabitants, area and geometry."""

    __tablename__ = "municipalities"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    naam: Mapped[str] = mapped_column(String(120))
    provincie: Mapped[str] = mapped_column(ForeignKey("provinces.code"), index=True)
    inwoners: Mapped[int] = mapped_column(Integer)
    area_ha: Mapped[float] = mapped_column(Float)
    geometry: Mapped[BaseGeometry] = mapped_column(WKBGeometry)


class ClaimMunicipalityRow(Base):
    """The area (ha) of a claim inside one municipality."""

    __tablename__ = "claim_municipalities"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    gemeente: Mapped[str] = mapped_column(ForeignKey("municipalities.code"), primary_key=True, index=True)
    area_ha: Mapped[float] = mapped_column(Float)


class UserRow(Base):
    """A user account with an Argon2id password hash."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    naam: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    provincie: Mapped[str | None] = mapped_column(ForeignKey("provinces.code"), nullable=True)
    departement: Mapped[str | None] = mapped_column(String(120), nullable=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    actief: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ApiTokenRow(Base):
    """An API token of a user, stored as its SHA-256 digest."""

    __tablename__ = "api_tokens"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class LoginFailureRow(Base):
    """Consecutive failed logins of one account from one client address, and its lock."""

    __tablename__ = "login_failures"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class WebSessionRow(Base):
    """A logged-in web session, stored as the SHA-256 digest of its cookie; logging out deletes it."""

    __tablename__ = "web_sessions"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class AuditEventRow(Base):
    """One event of the append-only audit trail (triggers refuse UPDATE and DELETE)."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tijdstip: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(254), index=True)
    rol: Mapped[str] = mapped_column(String(20))
    actie: Mapped[str] = mapped_column(String(60), index=True)
    object_type: Mapped[str] = mapped_column(String(30))
    object_id: Mapped[str] = mapped_column(String(64))
    provincie: Mapped[str | None] = mapped_column(String(4), nullable=True, index=True)
    samenvatting: Mapped[str] = mapped_column(Text)
    reden: Mapped[str | None] = mapped_column(Text, nullable=True)
    details: Mapped[dict] = mapped_column(JSON)
