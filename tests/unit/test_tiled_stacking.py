"""Tiled stacking equals the untiled planar partition: the same faces, depths and areas, no tile seams."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
import shapely
from shapely.geometry import box

from novex.analysis import overlay, tiles
from novex.analysis.overlay import GRID, overlap_pairs, partition_group
from novex.analysis.stacking import stack_faces
from novex.analysis.tiles import quadtree, tiled_partition


def random_claims(n: int, seed: int = 11) -> np.ndarray:
    """Scattered rectangles, rotated rectangles and 8-gons (one connected group is not guaranteed)."""
    rng = np.random.default_rng(seed)
    x, y = rng.uniform(0, 3_000, n), rng.uniform(0, 3_000, n)
    w, h = rng.uniform(50, 700, n), rng.uniform(50, 700, n)
    rects = shapely.box(x, y, x + w, y + h)
    out = []
    for k, (r, a) in enumerate(zip(rects, rng.uniform(0, 90, n), strict=True)):
        kind = k % 3
        out.append(r if kind == 0 else shapely.affinity.rotate(r, a) if kind == 1 else r.centroid.buffer(w[k] / 2, 2))
    return shapely.set_precision(np.array(out, dtype=object), GRID)


def dense_claims(n: int, seed: int = 5) -> np.ndarray:
    """Claims piled on one spot (normally scattered, sigma 60 m, 150–500 m wide): depth well over 20."""
    rng = np.random.default_rng(seed)
    cx, cy = rng.normal(0, 60, n), rng.normal(0, 60, n)
    w, h = rng.uniform(150, 500, n), rng.uniform(150, 500, n)
    rects = shapely.box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
    angles = rng.uniform(0, 90, n)
    out = [r if k % 2 else shapely.affinity.rotate(r, a) for k, (r, a) in enumerate(zip(rects, angles, strict=True))]
    return shapely.set_precision(np.array(out, dtype=object), GRID)


def by_members(faces: np.ndarray, members: list[np.ndarray]) -> dict[tuple[int, ...], list[float]]:
    """Face areas per covering set, largest first (a set can cover several separate faces)."""
    out: dict[tuple[int, ...], list[float]] = {}
    for face, m in zip(faces, members, strict=True):
        out.setdefault(tuple(sorted(int(k) for k in m)), []).append(float(face.area))
    return {k: sorted(v, reverse=True) for k, v in out.items()}


def perimeters(faces: np.ndarray, members: list[np.ndarray]) -> dict[tuple[int, ...], float]:
    out: dict[tuple[int, ...], float] = {}
    for face, m in zip(faces, members, strict=True):
        key = tuple(sorted(int(k) for k in m))
        out[key] = out.get(key, 0.0) + float(face.length)
    return out


def assert_same_partition(tiled: tuple, untiled: tuple) -> None:
    """Same faces (covering sets, count of faces per set), same depths, areas within 0.01 %.

    A face's area may also differ by its perimeter × 1 mm: each partition snaps its own
    noding to the 1 mm grid, so an edge can move by half a millimetre either way.
    """
    got, want = by_members(*tiled), by_members(*untiled)
    assert got.keys() == want.keys()
    assert {k: len(v) for k, v in got.items()} == {k: len(v) for k, v in want.items()}
    length = perimeters(*untiled)
    for key, areas in want.items():
        tolerance = max(1e-4 * sum(areas), length[key] * GRID)
        assert sum(got[key]) == pytest.approx(sum(areas), abs=tolerance), key
    depth_got, depth_want = {}, {}
    for source, target in ((got, depth_got), (want, depth_want)):
        for key, areas in source.items():
            target[len(key)] = target.get(len(key), 0.0) + sum(areas)
    assert depth_got.keys() == depth_want.keys()
    for d, area in depth_want.items():
        assert depth_got[d] == pytest.approx(area, rel=1e-4)


def seams(faces: np.ndarray, members: list[np.ndarray]) -> int:
    """Pairs of faces with the same covering set that share a stretch of boundary (> 1 cm)."""
    keys = [np.sort(m).tobytes() for m in members]
    a, b = shapely.STRtree(faces).query(faces, predicate="dwithin", distance=GRID)
    same = np.array([i < j and keys[i] == keys[j] for i, j in zip(a.tolist(), b.tolist(), strict=True)], dtype=bool)
    a, b = a[same], b[same]
    shared = shapely.length(
        shapely.intersection(shapely.boundary(faces[a]), shapely.buffer(shapely.boundary(faces[b]), GRID))
    )
    return int((shared > 10 * GRID).sum())


def assert_no_seams(tiled: tuple, untiled: tuple) -> None:
    """No face is cut by a tile border: no more same-set faces share an edge than untiled (snapping makes a few)."""
    assert seams(*tiled) <= seams(*untiled)


def test_quadtree_splits_where_claims_are_dense_and_covers_them():
    geoms = np.array([*(box(k, k, k + 10, k + 10) for k in range(0, 40, 2)), box(900, 900, 1000, 1000)], dtype=object)
    boxes = quadtree(geoms, max_claims=4, min_edge=1.0)
    frames = shapely.box(*np.array(boxes).T)
    assert shapely.area(frames).sum() < 0.5 * shapely.area(shapely.box(*shapely.total_bounds(geoms)))
    assert shapely.union_all(frames).covers(shapely.union_all(geoms))
    assert len(boxes) > 4
    assert shapely.area(shapely.intersection(frames[:, None], frames[None, :])).sum() == pytest.approx(
        shapely.area(frames).sum()
    )  # tiles do not overlap


def test_a_face_cut_by_tile_borders_is_one_face_again():
    geoms = np.array([box(0, 0, 100, 100), box(50, 50, 150, 150)], dtype=object)
    tiled = tiled_partition(geoms, threads=1, max_claims=1, min_edge=1.0)
    got = by_members(tiled.geometries, tiled.members)
    assert got == {(0,): [pytest.approx(7500.0)], (1,): [pytest.approx(7500.0)], (0, 1): [pytest.approx(2500.0)]}


@pytest.mark.parametrize("max_claims", [5, 12])
def test_tiled_equals_untiled_on_random_claims(max_claims):
    geoms = random_claims(120)
    untiled = partition_group(geoms)
    tiled = tiled_partition(geoms, threads=2, max_claims=max_claims, min_edge=20.0)
    assert len(quadtree(geoms, max_claims, 20.0)) > 30  # many tile borders to stitch across
    assert_same_partition((tiled.geometries, tiled.members), untiled)
    assert_no_seams((tiled.geometries, tiled.members), untiled)


def test_tiled_equals_untiled_on_dense_clustered_claims():
    geoms = dense_claims(50)
    untiled = partition_group(geoms)
    depth = max(len(m) for m in untiled[1])
    assert depth > 20
    tiled = tiled_partition(geoms, threads=2, max_claims=10, min_edge=10.0)
    assert_same_partition((tiled.geometries, tiled.members), untiled)
    assert_no_seams((tiled.geometries, tiled.members), untiled)


def test_tiled_equals_a_naive_overlay():
    """Area per covering set against inclusion–exclusion free truth: each set's region built by hand."""
    geoms = random_claims(14, seed=2)
    tiled = tiled_partition(geoms, threads=1, max_claims=2, min_edge=5.0)
    got = {k: sum(v) for k, v in by_members(tiled.geometries, tiled.members).items()}
    for key, area in got.items():
        inside = shapely.intersection_all(geoms[list(key)])
        others = [g for k, g in enumerate(geoms) if k not in key]
        region = inside.difference(shapely.union_all(others)) if others else inside
        assert area == pytest.approx(region.area, rel=1e-4, abs=0.05), key
    assert sum(got.values()) == pytest.approx(shapely.union_all(geoms).area, rel=1e-6)


def test_stack_faces_tiles_large_groups_with_the_same_result():
    geoms = random_claims(300, seed=4)
    pairs = overlap_pairs(geoms)
    untiled = stack_faces(geoms, pairs=pairs, tiled_group=10**9)
    tiled = stack_faces(geoms, pairs=pairs, tiled_group=20)
    assert_same_partition((tiled.geometries, tiled.members), (untiled.geometries, untiled.members))
    per_claim = np.zeros(len(geoms))
    for m, a in zip(tiled.members, tiled.areas, strict=True):
        per_claim[m] += a
    np.testing.assert_allclose(per_claim, shapely.area(geoms), rtol=1e-4)
    shared: dict[tuple[int, int], float] = {}
    for m, a in zip(tiled.members, tiled.areas, strict=True):
        for i, j in combinations(sorted(m.tolist()), 2):
            shared[(i, j)] = shared.get((i, j), 0.0) + a
    for i, j, area in zip(pairs.i.tolist(), pairs.j.tolist(), pairs.area, strict=True):
        assert shared[(i, j)] == pytest.approx(area, rel=1e-4, abs=0.5)


def test_a_multipolygon_claim_alone_beside_a_tiled_group():
    """A claim that overlaps nothing is its own face; a multipolygon one is one face per part among tiled faces."""
    group = random_claims(300, seed=4)
    far = shapely.MultiPolygon([box(10_000, 0, 10_100, 100), box(10_300, 0, 10_350, 100)])
    geoms = np.append(group, np.array([far], dtype=object))
    faces = stack_faces(geoms, tiled_group=20)
    alone = [k for k, m in enumerate(faces.members) if m.tolist() == [len(group)]]
    assert sorted(faces.areas[alone].round(6).tolist()) == [5_000.0, 10_000.0]  # 50 × 100 and 100 × 100 m
    union = shapely.union_all(geoms, grid_size=GRID).area
    assert faces.areas.sum() == pytest.approx(union, rel=1e-6)  # floating-point noding against the 1 mm grid


def test_subdivided_large_polygons_show_no_seams():
    circle = shapely.Point(0, 0).buffer(5_000, quad_segs=2_000)  # 8,000 vertices: cut in pieces before noding
    other = box(-1_000, -1_000, 9_000, 1_000)
    faces, members = partition_group(np.array([circle, other], dtype=object))
    assert len(overlay.subdivide(circle)) > 1
    assert sorted(len(v) for v in by_members(faces, members).values()) == [1, 1, 1]
    assert seams(faces, members) == 0


def test_tile_claims_default_is_used(monkeypatch):
    """stack_faces uses the module's tile size: a tiny one still gives the untiled result."""
    geoms = dense_claims(60, seed=9)
    untiled = stack_faces(geoms, tiled_group=10**9)
    monkeypatch.setattr(tiles, "TILE_CLAIMS", 4)
    monkeypatch.setattr(tiles, "MIN_TILE_M", 40.0)
    tiled = stack_faces(geoms, tiled_group=10)
    assert_same_partition((tiled.geometries, tiled.members), (untiled.geometries, untiled.members))
