"""Incremental re-analysis equals a full analysis, on random claims and random changes (property-based).

The reference is `puzzle.analyse` run afresh over the changed items; `overlap_pairs` gives the
reference pair set. Claims are drawn around a point of the Utrecht–Gelderland border, so
claims and faces split over two provinces; a few restriction areas take part as well.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely import affinity
from shapely.geometry import box

from novex.analysis.incremental import IncrementalPuzzle, key_of
from novex.analysis.overlay import overlap_pairs
from novex.analysis.puzzle import Matrix, analyse
from novex.claims.model import Claim, Hardheid, RestrictionArea, RestrictionLayer

DOMAINS = ("wonen", "energie-wind", "natuur", "landbouw", "water", "industrie")
LAYER = RestrictionLayer(1, "Natura 2000", "natuur", Hardheid.ZEER_HARD, "Wnb", date(2024, 1, 1))


@pytest.fixture(scope="module")
def matrix(cat):
    return Matrix(cat.compatibiliteit)


@pytest.fixture(scope="module")
def border(provinces):
    """A point on the border of Utrecht and Gelderland (RD New)."""
    shared = provinces.get("PV26").geometry.boundary.intersection(provinces.get("PV25").geometry.boundary)
    point = shared.interpolate(0.5, normalized=True)
    return point.x, point.y


def polygon(draw, origin: tuple[float, float]) -> shapely.Geometry:
    """A rectangle of 100–1,500 m, maybe rotated, within about 3 km of the origin, on the 1 mm grid."""
    x0, y0 = origin
    x = draw(st.integers(-3000, 2500)) + x0
    y = draw(st.integers(-3000, 2500)) + y0
    w, h = draw(st.integers(100, 1500)), draw(st.integers(100, 1500))
    shape = box(x, y, x + w, y + h)
    if draw(st.booleans()):
        shape = affinity.rotate(shape, draw(st.integers(0, 89)))
    return shapely.set_precision(shape, 0.001)


def claim(draw, cid: int, origin: tuple[float, float]) -> Claim:
    return Claim(
        naam=f"claim {cid}",
        domein=draw(st.sampled_from(DOMAINS)),
        geometry=polygon(draw, origin),
        hardheid=draw(st.sampled_from(list(Hardheid))),
        prioriteit=draw(st.integers(1, 5)),
        id=cid,
        voorstel_id=1,
    )


@st.composite
def scenario(draw, origin: tuple[float, float]):
    """Base claims and restriction areas, and a list of changes (what, claim id, new claim or None)."""
    n = draw(st.integers(3, 25))
    claims = [claim(draw, cid, origin) for cid in range(1, n + 1)]
    areas = [
        RestrictionArea(k, LAYER, f"gebied {k}", f"N{k}", polygon(draw, origin), 0.0)
        for k in range(1, draw(st.integers(0, 3)) + 1)
    ]
    changes, next_id = [], n + 1
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["verplaats", "vorm", "verwijder", "toevoeg", "domein"]))
        if kind == "toevoeg":
            changes.append((kind, next_id, claim(draw, next_id, origin)))
            next_id += 1
            continue
        cid = draw(st.integers(1, next_id - 1))
        if kind == "verplaats":
            changes.append((kind, cid, (draw(st.integers(-800, 800)), draw(st.integers(-800, 800)))))
        elif kind == "vorm":
            changes.append((kind, cid, polygon(draw, origin)))
        elif kind == "domein":
            changes.append((kind, cid, draw(st.sampled_from(DOMAINS))))
        else:
            changes.append((kind, cid, None))
    return claims, areas, changes


def apply_naively(claims: dict[int, Claim], change) -> tuple[list[Claim], list[tuple[int, int]]]:
    """Apply one change to the dict of claims; the upserts and removals it means for the engine."""
    kind, cid, value = change
    if kind == "toevoeg":
        claims[cid] = value
        return [value], []
    if cid not in claims:
        return [], []
    if kind == "verwijder":
        del claims[cid]
        return [], [(0, cid)]
    old = claims[cid]
    if kind == "verplaats":
        new = replace(old, geometry=shapely.set_precision(affinity.translate(old.geometry, *value), 0.001))
    elif kind == "vorm":
        new = replace(old, geometry=value)
    else:
        new = replace(old, domein=value)
    claims[cid] = new
    return [new], []


def assert_same(incremental, reference, tol: float = 1.0001e-4) -> None:
    """Same pairs, conflicts, overlaps, hotspots; areas and budgets equal up to summation order.

    `tol` (ha): by default one unit of the reported 0.0001 ha, as the two overlays node in another order.
    """
    inc_budget = {b.code: b for b in incremental.provinces}
    for b in reference.provinces:
        mine = inc_budget[b.code]
        for name in ("claimed_ha", "covered_ha", "stacked_ha", "unclaimed_ha"):
            assert getattr(mine, name) == pytest.approx(getattr(b, name), abs=tol), (b.code, name)
        assert mine.by_domain.keys() == b.by_domain.keys()
        for d, ha in b.by_domain.items():
            assert mine.by_domain[d] == pytest.approx(ha, abs=tol)
    ref_pairs = {(p.domains, p.province): (p.klasse, p.area_ha) for p in reference.pairs}
    inc_pairs = {(p.domains, p.province): (p.klasse, p.area_ha) for p in incremental.pairs}
    assert inc_pairs.keys() == ref_pairs.keys()
    for k, (klasse, ha) in ref_pairs.items():
        assert inc_pairs[k][0] == klasse and inc_pairs[k][1] == pytest.approx(ha, abs=tol)
    assert incremental.conflicts == reference.conflicts  # same ids, areas, severities, order
    assert sorted(incremental.restrictions, key=repr) == sorted(reference.restrictions, key=repr)
    spot = lambda h: (h.domains, tuple(sorted(h.claims)), h.province, h.area_ha)  # noqa: E731
    mine, theirs = sorted(map(spot, incremental.hotspots)), sorted(map(spot, reference.hotspots))
    assert [m[:3] for m in mine] == [t[:3] for t in theirs], (mine, theirs)  # the same faces of three or more domains
    assert [m[3] for m in mine] == pytest.approx([t[3] for t in theirs], abs=max(tol, 1e-3))
    assert incremental.claim_areas.provincies == reference.claim_areas.provincies
    assert incremental.claim_areas.area_ha == reference.claim_areas.area_ha
    inc_feas = {(f.province, f.domain): f for f in incremental.feasibility}
    for f in reference.feasibility:
        mine = inc_feas.pop((f.province, f.domain))
        assert mine.not_fitting == f.not_fitting
        for name in ("claimed_ha", "available_ha", "in_conflict_ha"):
            assert getattr(mine, name) == pytest.approx(getattr(f, name), abs=tol)
    assert not inc_feas


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_incremental_equals_full_after_random_changes(data, provinces, matrix, border) -> None:
    claims, areas, changes = data.draw(scenario(border))
    engine = IncrementalPuzzle(claims, areas, provinces, matrix, domains=DOMAINS)
    current = {c.id: c for c in claims}
    for change in changes:
        upserts, removals = apply_naively(current, change)
        engine.apply(upserts, removals)
    items = [*(current[k] for k in sorted(current)), *areas]
    reference = analyse(items[: len(current)], provinces, matrix, restrictions=areas)
    assert_same(engine.puzzle(), reference)
    geoms = np.array([item.geometry for item in items], dtype=object)
    pairs = overlap_pairs(geoms)
    keys = [key_of(item) for item in items]
    expected = {(keys[i], keys[j]): m2 for i, j, m2 in zip(pairs.i, pairs.j, pairs.area, strict=True)}
    assert engine.pairs() == expected  # the same pairs, with the very same overlap areas


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_groups_noded_per_tile_equal_full_after_random_changes(data, provinces, matrix, border) -> None:
    """Groups of more than two claims noded on 700 m tiles: what a change re-nodes, and the stitched hotspots.

    Tile borders cut rotated edges at points off the 1 mm grid; snapped, each moves an area by well under
    a square metre, hence the 0.001 ha.
    """
    claims, areas, changes = data.draw(scenario(border))
    engine = IncrementalPuzzle(claims, areas, provinces, matrix, domains=DOMAINS, tiled_group=2, tile_m=700)
    current = {c.id: c for c in claims}
    for change in changes:
        engine.apply(*apply_naively(current, change))
    reference = analyse([current[k] for k in sorted(current)], provinces, matrix, restrictions=areas)
    assert_same(engine.puzzle(), reference, tol=1e-3)


def test_a_fork_leaves_its_origin_unchanged(provinces, matrix, border) -> None:
    x, y = border
    a = Claim("A", "wonen", box(x - 500, y - 500, x + 500, y + 500), id=1, voorstel_id=1)
    b = Claim("B", "natuur", box(x, y, x + 1000, y + 1000), id=2, voorstel_id=1)
    base = IncrementalPuzzle([a, b], [], provinces, matrix, domains=DOMAINS)
    before = base.puzzle()
    fork = base.fork()
    fork.apply([replace(a, geometry=affinity.translate(a.geometry, -3000, 0))])
    assert [c.id for c in fork.puzzle().conflicts] == []  # moved apart: no conflict left
    after = base.puzzle()  # the origin still has its conflict, its figures unchanged
    assert after.conflicts == before.conflicts and after.provinces == before.provinces
    assert len(before.conflicts) == 1 and before.conflicts[0].area_ha == pytest.approx(25.0)  # 500 × 500 m


def test_a_restriction_area_of_many_vertices_cuts_the_faces_as_a_full_analysis_does(provinces, matrix, border) -> None:
    """A round area of 4,800 vertices is cut into pieces for the engine; faces under it come out the same."""
    x, y = border
    circle = shapely.set_precision(shapely.Point(x, y).buffer(1500, quad_segs=1200), 0.001)
    assert shapely.get_num_coordinates(circle) > 4000
    areas = [RestrictionArea(1, LAYER, "rond gebied", "N1", circle, 0.0)]
    claims = [
        Claim("A", "wonen", box(x - 2000, y - 300, x + 2000, y + 300), id=1, voorstel_id=1),
        Claim("B", "energie-wind", box(x - 200, y - 2000, x + 400, y + 2000), id=2, voorstel_id=1),
        Claim("C", "landbouw", box(x - 1000, y - 1000, x + 100, y + 100), id=3, voorstel_id=1),
    ]
    engine = IncrementalPuzzle(claims, areas, provinces, matrix, domains=DOMAINS)
    assert len(engine._restriction_pieces) > 1
    moved = replace(claims[2], geometry=affinity.translate(claims[2].geometry, 700, -200))
    engine.apply([moved])
    reference = analyse([claims[0], claims[1], moved], provinces, matrix, restrictions=areas)
    mine = engine.puzzle()
    # The full overlay nodes the round area in its subdivision pieces, so it also cuts the multi-domain
    # face where two pieces meet (4 + 8 ha); the engine joins the pieces again first (12 ha). Same land:
    def total(puzzle) -> dict[tuple, float]:
        summed: dict[tuple, float] = {}
        for h in puzzle.hotspots:
            key = (h.domains, tuple(sorted(h.claims)), h.province)
            summed[key] = summed.get(key, 0.0) + h.area_ha
        return summed

    assert total(mine) == pytest.approx(total(reference), abs=1e-4) and total(mine)
    assert_same(replace(mine, hotspots=[]), replace(reference, hotspots=[]))
