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

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from novex.errors import NotFound
from novex.geo.shipped import M2_PER_HA, read_rd_features
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
    features = read_rd_features(path)
    codes = np.array([row["statcode"] for row, _ in features])
    raw = np.array([geometry for _, geometry in features], dtype=object)
    geoms = _without_overlaps(raw, np.argsort(codes, kind="stable"))
    provinces = province_index()
    municipalities = []
    for (row, _), geometry in zip(features, geoms, strict=True):
        split = provinces.split(geometry)
        municipalities.append(
            Municipality(
                code=row["statcode"],
                naam=row["statnaam"],
                provincie=max(split, key=split.get) if split else "",
                inwoners=int(row["aantal_inwoners"]),
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

    def split(self, geometry: BaseGeometry, by_province: Mapping[str, float] | None = None) -> dict[str, float]:
        """Area in ha per municipality, consistent with the claim's area per province.

        The municipal layer is generalised, so its borders do not follow the provinces'. Per
        province, the claim's area there (`by_province`, computed when omitted) is shared out
        over that province's municipalities in proportion to their overlap with the claim; a
        part no municipality of the province covers goes to its nearest one. So the municipal
        parts of a province add up to the claim's area in that province, and a municipality
        never gets land the claim has in another province.
        """
        if by_province is None:
            by_province = self.provinces.split(geometry)
        hits = self._tree.query(geometry, predicate="intersects")
        parts = shapely.area(shapely.intersection(self._geoms[hits], geometry)) / M2_PER_HA
        found: dict[str, dict[str, float]] = {}
        for k, area in zip(hits, parts, strict=True):
            municipality = self.municipalities[int(k)]
            if area > 0:
                found.setdefault(municipality.provincie, {})[municipality.code] = float(area)
        result: dict[str, float] = {}
        for provincie, province_ha in by_province.items():
            if province_ha <= 0:
                continue
            own = found.get(provincie)
            if not own:
                result[self._nearest_in(geometry, provincie)] = province_ha
                continue
            scale = province_ha / sum(own.values())
            result |= {code: area * scale for code, area in own.items()}
        return dict(sorted(result.items()))

    def _nearest_in(self, geometry: BaseGeometry, provincie: str) -> str:
        """The municipality of a province nearest to a geometry."""
        members = [m for m in self.municipalities if m.provincie == provincie]
        distances = shapely.distance(np.array([m.geometry for m in members], dtype=object), geometry)
        return members[int(np.argmin(distances))].code


@cache
def municipality_index() -> MunicipalityIndex:
    """The shared index over the shipped municipal layer."""
    return MunicipalityIndex(load_municipalities(), province_index())
