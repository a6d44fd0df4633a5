"""Portable column types: geometry stored as WKB (SQLite) with an explicit bbox."""

from __future__ import annotations

from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import LargeBinary
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class WKBGeometry(TypeDecorator[BaseGeometry]):
    """A Shapely geometry in EPSG:28992 stored as WKB bytes.

    Tables pair it with minx/miny/maxx/maxy columns for bounding-box filters,
    which work on every database; a PostGIS backend can map it to `geometry`.
    """

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: BaseGeometry | None, dialect: Dialect) -> bytes | None:
        """Shapely → WKB."""
        return None if value is None else shapely.to_wkb(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> BaseGeometry | None:
        """WKB → Shapely."""
        return None if value is None else shapely.from_wkb(bytes(value))
