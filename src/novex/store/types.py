"""Portable column types: geometry (WKB + bbox on SQLite, PostGIS on PostgreSQL) and exact money."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import LargeBinary, Numeric, String
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


class Money(TypeDecorator[Decimal]):
    """An amount in euros, exact to the cent on every backend.

    PostgreSQL stores `NUMERIC(18, 2)`; SQLite has no exact decimal type (its NUMERIC goes through a
    float and loses cents above 2^53), so there it is the decimal text, read back as `Decimal`.
    """

    impl = String(24)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """NUMERIC(18, 2) on PostgreSQL, text elsewhere."""
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Numeric(18, 2, asdecimal=True))
        return dialect.type_descriptor(String(24))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        """The amount rounded to the cent: a Decimal for PostgreSQL, its text for the others."""
        if value is None:
            return None
        cents = Decimal(value).quantize(Decimal("0.01"))
        return cents if dialect.name == "postgresql" else str(cents)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        """The stored amount as a Decimal."""
        return None if value is None else Decimal(str(value))
