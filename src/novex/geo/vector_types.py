"""What reading a vector file takes and gives: the choice of layer or column, and the features read."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
from pyproj import CRS


@dataclass(frozen=True)
class Choice:
    """What to read from a file with more than one: the layer by name, the CSV column holding WKT."""

    laag: str | None = None
    kolom: str | None = None


@dataclass(frozen=True)
class VectorFile:
    """The features of a file as read, its driver and the CRS it declares (None: none declared)."""

    frame: gpd.GeoDataFrame
    driver: str
    crs: CRS | None
