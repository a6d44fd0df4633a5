"""Portable geometry column: WKB + bbox columns on SQLite, PostGIS `geometry(…, 28992)` on PostgreSQL."""

from __future__ import annotations

from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import LargeBinary
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine, UserDefinedType

SRID = 28992


class PostgisGeometry(UserDefinedType):
    """The PostGIS column type `geometry(Geometry, 28992)`."""

    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        """DDL of the column."""
        return f"geometry(Geometry,{SRID})"


class WKBGeometry(TypeDecorator[BaseGeometry]):
    """A Shapely geometry in EPSG:28992.

    On SQLite it is stored as WKB bytes, paired with minx/miny/maxx/maxy columns for
    bounding-box filters; on PostgreSQL it is a PostGIS geometry (bound as EWKB, which
    PostGIS casts implicitly) with a GiST index, so spatial filters run in the database.
    """

    impl = LargeBinary
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """PostGIS geometry on PostgreSQL, bytes elsewhere."""
        if dialect.name == "postgresql":
            return dialect.type_descriptor(PostgisGeometry())
        return dialect.type_descriptor(LargeBinary())

    def process_bind_param(self, value: BaseGeometry | None, dialect: Dialect) -> bytes | None:
        """Shapely → (E)WKB."""
        if value is None:
            return None
        if dialect.name == "postgresql":
            return shapely.to_wkb(shapely.set_srid(value, SRID), include_srid=True)
        return shapely.to_wkb(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> BaseGeometry | None:
        """(E)WKB bytes or hex text → Shapely (SRID dropped: everything is RD New)."""
        if value is None:
            return None
        geometry = shapely.from_wkb(value if isinstance(value, str) else bytes(value))
        return shapely.set_srid(geometry, 0)
