"""The analysis inside one area: the spatial puzzle over claims and restriction areas cut to its extent.

Each claim and restriction area that touches the extent takes part with only its part inside,
so the pairs of stacked domains, the conflicts, the hotspots and the restriction overlaps are
exactly those on land inside the area (seed 002 §3.5: the provinces' dialogue and the areas'
work look at the same land, "om inhoudelijke tegenstrijdigheden en dubbel overleg te voorkomen").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

import numpy as np
import shapely

from novex.analysis.puzzle import Matrix, analyse
from novex.catalog.loader import Catalogus
from novex.claims.model import Claim, RestrictionArea
from novex.gebieden.model import Begrenzing, ClaimInGebied, DomeinStapel, GebiedsAnalyse
from novex.reference.provinces import ProvinceIndex

Item = TypeVar("Item", Claim, RestrictionArea)

MIN_PART_M2 = 1.0
"""A part inside the extent smaller than this (a shared border, a rounding sliver) does not count."""


def _inside(items: Sequence[Item], extent: shapely.Geometry) -> list[tuple[Item, float]]:
    """The items touching the extent, each cut to it, with the area inside (m²)."""
    if not items:
        return []
    geoms = np.array([item.geometry for item in items], dtype=object)
    shapely.prepare(extent)
    touching = np.flatnonzero(shapely.intersects(geoms, extent))
    parts = shapely.intersection(geoms[touching], extent, grid_size=None)
    kept = []
    for k, part in zip(touching.tolist(), parts, strict=True):
        polygons = shapely.get_parts(part)
        polygons = polygons[shapely.get_type_id(polygons) == 3]  # the cut can add lines and points: drop them
        if len(polygons) == 0:
            continue
        area = float(shapely.area(polygons).sum())
        if area >= MIN_PART_M2:
            kept.append((replace(items[k], geometry=shapely.multipolygons(polygons)), area))
    return kept


def analyse_gebied(
    begrenzing: Begrenzing,
    provincies: Sequence[str],
    claims: Sequence[Claim],
    restrictions: Sequence[RestrictionArea],
    cat: Catalogus,
    index: ProvinceIndex,
    min_conflict_ha: float = 1.0,
) -> GebiedsAnalyse:
    """Claims, stacked domains, conflicts and restriction overlaps inside the area's extent."""
    inside = _inside(claims, begrenzing.geometry)
    cut_claims = [claim for claim, _ in inside]
    cut_areas = [area for area, _ in _inside(restrictions, begrenzing.geometry)]
    puzzle = analyse(cut_claims, index, Matrix(cat.compatibiliteit), list(provincies), min_conflict_ha, cut_areas)
    original = {c.id: c for c in claims}
    rows = tuple(
        ClaimInGebied(
            claim.id,
            claim.naam,
            claim.domein,
            max(original[claim.id].provincies, key=original[claim.id].provincies.get, default=None),
            original[claim.id].area_ha,
            m2 / 10_000,
        )
        for claim, m2 in sorted(inside, key=lambda pair: (-pair[1], pair[0].id))
    )
    domeinen: dict[str, float] = defaultdict(float)
    for row in rows:
        domeinen[row.domein] += row.binnen_ha
    stapels: dict[tuple[str, str], list] = {}
    for pair in puzzle.pairs:
        entry = stapels.setdefault(pair.domains, [pair.klasse, 0.0])
        entry[1] += pair.area_ha
    return GebiedsAnalyse(
        gebied=begrenzing.gebied,
        begrenzing=begrenzing.soort,
        area_ha=begrenzing.area_ha,
        min_conflict_ha=min_conflict_ha,
        claims=rows,
        domeinen=dict(sorted(domeinen.items(), key=lambda kv: -kv[1])),
        stapels=tuple(
            sorted(
                (DomeinStapel(domains, klasse, round(ha, 4)) for domains, (klasse, ha) in stapels.items()),
                key=lambda s: -s.area_ha,
            )
        ),
        conflicten=tuple(puzzle.conflicts),
        hotspots=tuple(puzzle.hotspots),
        beperkingen=tuple(puzzle.restrictions),
    )
