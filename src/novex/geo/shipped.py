"""Reading the GeoJSON layers novex ships (RD New), without GDAL or GeoPandas: quick to load at start-up."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from novex.errors import InvalidInput

RD_NAMES = ("EPSG:28992", "EPSG::28992", "urn:ogc:def:crs:EPSG::28992")
M2_PER_HA = 10_000.0


def read_rd_features(path: Path) -> list[tuple[dict[str, Any], BaseGeometry]]:
    """The (properties, geometry) of every feature of a shipped RD New GeoJSON file."""
    document = json.loads(path.read_text("utf-8"))
    crs = str((document.get("crs") or {}).get("properties", {}).get("name", ""))
    if not any(crs.endswith(name) or crs == name for name in RD_NAMES):
        raise InvalidInput(f"{path.name}: verwacht EPSG:28992, kreeg {crs or 'geen CRS'}")
    return [(f.get("properties") or {}, shape(f["geometry"])) for f in document["features"]]


def hectares(geometry: BaseGeometry) -> float:
    """Planar area in hectares of an RD New geometry."""
    return float(geometry.area) / M2_PER_HA
