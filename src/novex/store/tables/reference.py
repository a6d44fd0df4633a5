"""Tables of the reference geography: provinces and municipalities."""

from __future__ import annotations

from shapely.geometry.base import BaseGeometry
from sqlalchemy import (
    Float,
    ForeignKey,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from novex.store.tables.base import Base, BBoxMixin
from novex.store.types import WKBGeometry


class ProvinceRow(BBoxMixin, Base):
    """A province with its RD New geometry and land area in hectares."""

    __tablename__ = "provinces"

    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    naam: Mapped[str] = mapped_column(String(80))
    landsdeel: Mapped[str] = mapped_column(String(20))
    land_ha: Mapped[float] = mapped_column(Float)
    geometry: Mapped[BaseGeometry] = mapped_column(WKBGeometry)


class MunicipalityRow(BBoxMixin, Base):
    """A municipality (CBS 2024) with province, inhabitants, area and geometry."""

    __tablename__ = "municipalities"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    naam: Mapped[str] = mapped_column(String(120))
    provincie: Mapped[str] = mapped_column(ForeignKey("provinces.code"), index=True)
    inwoners: Mapped[int] = mapped_column(Integer)
    area_ha: Mapped[float] = mapped_column(Float)
    geometry: Mapped[BaseGeometry] = mapped_column(WKBGeometry)
