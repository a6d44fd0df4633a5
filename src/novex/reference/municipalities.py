"""The 342 municipalities of 2024 (CBS/Kadaster, CC BY 4.0) and claim → municipality split.

The shipped layer is generalised per feature, so neighbouring borders do not share
vertices: about 0.08 % of the land lies in two municipalities (overlaps) or in none
(slivers), and the coast differs from the province layer's. At load, each overlap is
given to the municipality with the lower CBS code. When a claim is split, the part of
it that lies in a province but in no municipality (slivers) is shared out over its
municipalities in proportion to their parts — or, when it touches none, given to the
nearest — so the parts add up to the claim's area in the provinces.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pyogrio
import shapely
from shapely.geometry.base import BaseGeometry

from novex.errors import NotFound
from novex.geo.crs import M2_PER_HA
from novex.reference.provinces import DATA, ProvinceIndex, province_index

MUNICIPALITIES_FILE = DATA / "gemeenten_2024_rd.geojson"
ATTRIBUTION = "Bron: CBS / Kadaster, Wijk- en buurtkaart 2024 (CC BY 4.0)"


@dataclass(frozen=True)
class Municipality:
    """A municipality: CBS code (GM…), name, province, inhabitants, area and geometry."""

    code: str
    naam: str
    provincie: str
    inwoners: int
    area_ha: float
    geometry: BaseGeometry


def _without_overlaps(geoms: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Each geometry minus the parts it shares with geometries earlier in `order`."""
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))
    i, j = shapely.STRtree(geoms).query(geoms, predicate="overlaps")
    later = rank[i] > rank[j]
    out = geoms.copy()
    for k in np.unique(i[later]):
        earlier = j[later & (i == k)]
        out[k] = shapely.difference(geoms[k], shapely.union_all(geoms[earlier]))
    return out


@cache
def load_municipalities(path: Path = MUNICIPALITIES_FILE) -> tuple[Municipality, ...]:
    """Read the municipal layer, remove overlaps, and attach province and area."""
    frame = pyogrio.read_dataframe(path)
    codes = frame["statcode"].to_numpy()
    geoms = _without_overlaps(frame.geometry.to_numpy(), np.argsort(codes, kind="stable"))
    provinces = province_index()
    municipalities = []
    for row, geometry in zip(frame.itertuples(), geoms, strict=True):
        split = provinces.split(geometry)
        municipalities.append(
            Municipality(
                code=row.statcode,
                naam=row.statnaam,
                provincie=max(split, key=split.get) if split else "",
                inwoners=int(row.aantal_inwoners),
                area_ha=float(geometry.area) / M2_PER_HA,
                geometry=geometry,
            )
        )
    return tuple(sorted(municipalities, key=lambda m: m.code))


class MunicipalityIndex:
    """Spatial lookup of municipalities and the split of claims over them."""

    def __init__(self, municipalities: tuple[Municipality, ...], provinces: ProvinceIndex) -> None:
        self.municipalities = municipalities
        self.provinces = provinces
        self._by_code = {m.code: m for m in municipalities}
        self._geoms = np.array([m.geometry for m in municipalities], dtype=object)
        self._tree = shapely.STRtree(self._geoms)

    def get(self, code: str) -> Municipality:
        """A municipality by CBS code."""
        try:
            return self._by_code[code.upper()]
        except KeyError:
            raise NotFound(f"onbekende gemeente {code!r} (verwacht een CBS-code als GM0344)") from None

    def of_province(self, provincie: str | None) -> list[Municipality]:
        """The municipalities of a province (all when None)."""
        return [m for m in self.municipalities if provincie is None or m.provincie == provincie]

    def split(self, geometry: BaseGeometry, land_ha: float | None = None) -> dict[str, float]:
        """Area in ha per municipality; slivers shared out so parts add up to `land_ha`.

        `land_ha` is the claim's area inside the provinces (computed when omitted).
        """
        if land_ha is None:
            land_ha = sum(self.provinces.split(geometry).values())
        hits = self._tree.query(geometry, predicate="intersects")
        parts = shapely.area(shapely.intersection(self._geoms[hits], geometry)) / M2_PER_HA
        found = {self.municipalities[int(k)].code: float(a) for k, a in zip(hits, parts, strict=True) if a > 0}
        covered = sum(found.values())
        if covered <= 0:
            if land_ha <= 0:
                return {}
            nearest = int(self._tree.query_nearest(geometry)[0])
            return {self.municipalities[nearest].code: land_ha}
        scale = land_ha / covered if land_ha > covered else 1.0
        return {code: area * scale for code, area in sorted(found.items())}


@cache
def municipality_index() -> MunicipalityIndex:
    """The shared index over the shipped municipal layer."""
    return MunicipalityIndex(load_municipalities(), province_index())
