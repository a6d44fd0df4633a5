"""The declarative base and mixins shared by every context's tables."""

from __future__ import annotations

from shapely.geometry.base import BaseGeometry
from sqlalchemy import (
    Float,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


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
