"""Coordinate reference systems: everything is stored and measured in RD New."""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry.base import BaseGeometry

from novex.geo.shipped import M2_PER_HA, hectares

__all__ = ["M2_PER_HA", "RD_NEW", "WGS84", "area_ha", "reproject"]

RD_NEW = CRS.from_epsg(28992)
WGS84 = CRS.from_epsg(4326)


@cache
def _transformer(source: CRS, target: CRS) -> Transformer:
    return Transformer.from_crs(source, target, always_xy=True)


def reproject(geometry: BaseGeometry | np.ndarray, source: str | CRS, target: str | CRS = RD_NEW) -> Any:
    """Reproject a geometry or an array of them; x/y axis order (lon/lat for geographic CRSs)."""
    src, dst = CRS.from_user_input(source), CRS.from_user_input(target)
    if src == dst:
        return geometry
    transformer = _transformer(src, dst)

    def _apply(coords: np.ndarray) -> np.ndarray:
        return np.column_stack(transformer.transform(coords[:, 0], coords[:, 1]))

    return shapely.transform(geometry, _apply)


area_ha = hectares  # planar area in hectares of an RD New geometry
