"""Coordinate reference systems: everything is stored and measured in RD New."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import numpy as np
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError
from shapely.geometry.base import BaseGeometry

from novex.errors import InvalidInput
from novex.geo.shipped import M2_PER_HA, hectares

__all__ = ["M2_PER_HA", "RD_NEW", "WGS84", "area_ha", "authority_crs", "reproject"]

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


AUTHORITY_CODE = re.compile(
    r"^(?:EPSG:{1,2}|urn:ogc:def:crs:EPSG:[\d.]*:|https?://www\.opengis\.net/def/crs/EPSG/[\d.]+/)(\d{4,6})$",
    re.IGNORECASE,
)
CRS84 = re.compile(r"^(?:urn:ogc:def:crs:OGC:1\.3:CRS84|https?://www\.opengis\.net/def/crs/OGC/1\.3/CRS84|OGC:CRS84)$",
                   re.IGNORECASE)  # fmt: skip


def authority_crs(name: str, shown: str) -> CRS:
    """The CRS an authority reference names (EPSG:28992, urn:ogc:def:crs:EPSG::4326, OGC CRS84); else refused."""
    if CRS84.match(name.strip()):
        return CRS.from_epsg(4326)
    found = AUTHORITY_CODE.match(name.strip())
    if found is None:
        raise InvalidInput(f"{shown}: coördinatenstelsel {name[:80]!r} niet herkend; geef een EPSG-code, "
                           "bijv. urn:ogc:def:crs:EPSG::28992")  # fmt: skip
    try:
        return CRS.from_epsg(int(found.group(1)))
    except CRSError:
        raise InvalidInput(f"{shown}: onbekend coördinatenstelsel {name!r}") from None
