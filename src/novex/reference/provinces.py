"""The twelve provinces (CBS 2023) and the five landsdelen, with point/polygon lookup.

Geometry comes from the shipped `provincies_2023_rd.geojson` (CC BY 4.0, "Bron: CBS,
Kadaster/PDOK, gebiedsindelingen 2023"); land area is computed from it in hectares.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import shapely
import yaml
from shapely.geometry.base import BaseGeometry

from novex.catalog.model import Source
from novex.errors import InvalidInput, NotFound
from novex.geo.shipped import hectares, read_rd_features

DATA = Path(str(resources.files("novex.reference").joinpath("data")))
PROVINCES_FILE = DATA / "provincies_2023_rd.geojson"
ATTRIBUTION = "Bron: CBS, Kadaster/PDOK, gebiedsindelingen 2023 (CC BY 4.0)"


@dataclass(frozen=True)
class Landsdeel:
    """One of the five landsdelen (MIRT regions) in which the BOL meets."""

    code: str
    naam: str
    provincies: tuple[str, ...]


@dataclass(frozen=True)
class Province:
    """A province: CBS code (PV20–PV31), CBS name, landsdeel, RD New geometry, land area."""

    code: str
    naam: str
    landsdeel: str
    geometry: BaseGeometry
    land_ha: float


@cache
def landsdelen() -> tuple[tuple[Landsdeel, ...], Source]:
    """The five landsdelen and the seed passage they rest on."""
    data = yaml.safe_load((DATA / "landsdelen.yaml").read_text("utf-8"))
    parts = tuple(Landsdeel(d["code"], d["naam"], tuple(d["provincies"])) for d in data["landsdelen"])
    return parts, Source.model_validate(data["source"])


@cache
def load_provinces(path: Path = PROVINCES_FILE) -> tuple[Province, ...]:
    """Read the province layer (RD New) and attach landsdeel and land area, sorted by code."""
    landsdeel_of = {code: part.code for part in landsdelen()[0] for code in part.provincies}
    provinces = [
        Province(
            code=row["statcode"],
            naam=row["statnaam"],
            landsdeel=landsdeel_of[row["statcode"]],
            geometry=geometry,
            land_ha=hectares(geometry),
        )
        for row, geometry in read_rd_features(path)
    ]
    return tuple(sorted(provinces, key=lambda p: p.code))


class ProvinceIndex:
    """Spatial lookup of provinces for points and polygons (STRtree over the 12 shapes)."""

    def __init__(self, provinces: tuple[Province, ...]) -> None:
        self.provinces = provinces
        self._by_code = {p.code: p for p in provinces}
        self._geoms = np.array([p.geometry for p in provinces], dtype=object)
        self._tree = shapely.STRtree(self._geoms)

    def get(self, code: str) -> Province:
        """A province by CBS code; `NotFound` naming the valid codes otherwise."""
        try:
            return self._by_code[code.upper()]
        except KeyError:
            valid = ", ".join(self._by_code)
            raise NotFound(f"onbekende provincie {code!r}; geldige codes: {valid}") from None

    def at_point(self, x: float, y: float) -> Province | None:
        """The province containing an RD New point, or None (sea, abroad)."""
        hits = self._tree.query(shapely.Point(x, y), predicate="intersects")
        return self.provinces[int(hits[0])] if len(hits) else None

    def split(self, geometry: BaseGeometry) -> dict[str, float]:
        """Area in ha per province of an RD New polygon (only provinces it overlaps)."""
        if geometry.is_empty:
            raise InvalidInput("lege geometrie")
        hits = self._tree.query(geometry, predicate="intersects")
        areas = shapely.area(shapely.intersection(self._geoms[hits], geometry)) / 10_000.0
        return {self.provinces[int(i)].code: float(a) for i, a in zip(hits, areas, strict=True) if a > 0}


@cache
def province_index() -> ProvinceIndex:
    """The shared index over the shipped province layer."""
    return ProvinceIndex(load_provinces())
