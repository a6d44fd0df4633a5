"""Tables of the catalogue: version, domains, themes, goals, NOVEX areas."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from novex.store.tables.base import Base


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
