"""Tables of the NOVEX-areas context: the official boundaries VRO imported (at most one per area)."""

from __future__ import annotations

from datetime import date, datetime

from shapely.geometry.base import BaseGeometry
from sqlalchemy import Date, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from novex.store.tables.base import Base
from novex.store.types import WKBGeometry
from novex.store.versioning import VersionMixin


class GebiedsgrensRow(VersionMixin, Base):
    """The official boundary of one NOVEX area (RD New), replacing its indicative extent."""

    __tablename__ = "novex_gebied_grenzen"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)  # the area's catalogue id
    geometry: Mapped[BaseGeometry] = mapped_column(WKBGeometry)
    bron: Mapped[str] = mapped_column(Text)
    peildatum: Mapped[date] = mapped_column(Date)
    attributie: Mapped[str | None] = mapped_column(Text, nullable=True)
    bestand: Mapped[str] = mapped_column(String(300))
    ingevoerd_door: Mapped[str] = mapped_column(String(320))
    ingevoerd_op: Mapped[datetime] = mapped_column(DateTime(timezone=True))
