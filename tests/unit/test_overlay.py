"""The overlay kernels against hand-checkable rectangles and a naive overlay."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
import shapely
from shapely.geometry import Polygon, box

from novex.analysis import overlay
from novex.analysis.overlay import overlap_pairs
from novex.analysis.stacking import stack_faces


def random_claims(n: int, seed: int = 7) -> np.ndarray:
    """Clustered rectangles and rotated polygons, like a proposal's claims."""
    rng = np.random.default_rng(seed)
    centres = rng.uniform(0, 20_000, (max(n // 20, 1), 2))
    pick = centres[rng.integers(0, len(centres), n)] + rng.normal(0, 800, (n, 2))
    w, h = rng.uniform(50, 900, n), rng.uniform(50, 900, n)
    boxes = shapely.box(pick[:, 0], pick[:, 1], pick[:, 0] + w, pick[:, 1] + h)
    angles = rng.uniform(0, 90, n)
    return np.array([shapely.affinity.rotate(b, a) for b, a in zip(boxes, angles, strict=True)], dtype=object)


def test_pairs_of_rectangles_with_known_overlap():
    geoms = [
        box(0, 0, 100, 100),
        box(50, 50, 150, 150),
        box(60, 60, 70, 70),
        box(100, 0, 200, 50),
        box(300, 300, 400, 400),
    ]
    pairs = overlap_pairs(geoms)
    got = {(int(i), int(j)): float(a) for i, j, a in zip(pairs.i, pairs.j, pairs.area, strict=True)}
    # (0, 3) only touch along x = 100: no overlap; (2 in 0) and (2 in 1) use the covered_by short-cut.
    assert got == {(0, 1): 2500.0, (0, 2): 100.0, (1, 2): 100.0}


def test_stack_faces_of_rectangles():
    geoms = [box(0, 0, 100, 100), box(50, 50, 150, 150), box(60, 60, 70, 70), box(300, 300, 400, 400)]
    faces = stack_faces(geoms)
    by_members = {tuple(sorted(int(k) for k in m)): a for m, a in zip(faces.members, faces.areas, strict=True)}
    assert by_members == {(0,): 7500.0, (1,): 7500.0, (0, 1): 2400.0, (0, 1, 2): 100.0, (3,): 10000.0}


def test_pairs_equal_a_naive_overlay():
    geoms = random_claims(400)
    pairs = overlap_pairs(geoms)
    naive = {}
    for i, j in combinations(range(len(geoms)), 2):
        area = geoms[i].intersection(geoms[j]).area
        if area > 0:
            naive[(i, j)] = area
    got = {(int(i), int(j)): a for i, j, a in zip(pairs.i, pairs.j, pairs.area, strict=True)}
    assert got.keys() == naive.keys()
    assert sum(got.values()) == pytest.approx(sum(naive.values()), rel=1e-4)
    for key, area in naive.items():
        assert got[key] == pytest.approx(area, rel=1e-4, abs=1e-3)


def test_stack_faces_partition_every_claim_exactly():
    geoms = random_claims(400)
    faces = stack_faces(geoms)
    # Faces do not overlap and cover the union.
    assert faces.areas.sum() == pytest.approx(shapely.union_all(geoms).area, rel=1e-4)
    # Each claim's area is the sum of the faces it covers.
    per_claim = np.zeros(len(geoms))
    for members, area in zip(faces.members, faces.areas, strict=True):
        per_claim[members] += area
    np.testing.assert_allclose(per_claim, shapely.area(geoms), rtol=1e-4)
    # The area shared by a pair equals its pairwise overlap.
    pairs = overlap_pairs(geoms)
    shared = {}
    for members, area in zip(faces.members, faces.areas, strict=True):
        for i, j in combinations(sorted(members), 2):
            shared[(i, j)] = shared.get((i, j), 0.0) + area
    for i, j, area in zip(pairs.i, pairs.j, pairs.area, strict=True):
        assert shared[(i, j)] == pytest.approx(area, rel=1e-4, abs=0.5)


def test_near_coincident_edges_do_not_raise():
    base = box(0, 0, 1000, 1000)
    wobbly = Polygon([(0, 0), (1000 + 1e-9, 0), (1000, 1000 - 1e-9), (1e-10, 1000)])
    shifted = shapely.affinity.translate(base, 1e-7, -1e-7)
    faces = stack_faces([base, wobbly, shifted])
    assert faces.areas.sum() == pytest.approx(1_000_000, rel=1e-6)


def mixed_shapes(n: int, seed: int = 11) -> np.ndarray:
    """Axis-aligned rectangles (on a 10 m grid, so many share edges) beside concave polygons,
    polygons with holes, multipolygons and rotated rectangles."""
    rng = np.random.default_rng(seed)
    out = []
    for k in range(n):
        x, y = rng.integers(0, 200, 2) * 10.0
        w, h = rng.integers(1, 30, 2) * 10.0
        kind = k % 5
        if kind in (0, 1):
            out.append(box(x, y, x + w, y + h))
        elif kind == 2:  # an L: concave
            out.append(Polygon([(x, y), (x + w, y), (x + w, y + h / 2), (x + w / 2, y + h / 2), (x + w / 2, y + h),
                                (x, y + h)]))  # fmt: skip
        elif kind == 3:  # a rectangle with a hole, or two apart
            outer = box(x, y, x + w + 20, y + h + 20)
            if rng.random() < 0.5:
                out.append(outer.difference(box(x + 10, y + 10, x + w + 10, y + h + 10)))
            else:
                out.append(shapely.MultiPolygon([box(x, y, x + w, y + h), box(x + w + 30, y, x + 2 * w + 30, y + h)]))
        else:
            out.append(shapely.affinity.rotate(box(x, y, x + w, y + h), rng.uniform(1, 89)))
    return np.array(out, dtype=object)


def test_measure_equals_the_intersection_for_every_kind_of_pair():
    """Rectangle pairs by arithmetic, rectangle × polygon by clip_by_rect (one rectangle per
    pair: the shapely ufunc this relies on), nested pairs by covered_by, the rest by
    intersection: every pair whose boxes meet, against shapely's intersection area."""
    geoms = mixed_shapes(400)
    shape = overlay.PairGeometry.of(geoms)
    assert shape.box.sum() == 160  # the axis-aligned rectangles, and only those (the holed ones are not)
    i, j = overlay.candidate_pairs(geoms, threads=1, predicate=None)
    truth = shapely.area(shapely.intersection(geoms[i], geoms[j]))
    got = shape.measure(i, j)
    assert len(i) > 1_000 and (truth == 0).sum() > 50  # disjoint and touching pairs among them
    np.testing.assert_allclose(got, truth, rtol=1e-9, atol=1e-6)
    kinds = shape.box[i].astype(int) + shape.box[j]
    assert {0, 1, 2} <= set(kinds[truth > 0].tolist())


def test_pairs_of_mixed_shapes_equal_a_naive_overlay():
    geoms = mixed_shapes(300, seed=5)
    pairs = overlap_pairs(geoms)
    naive = {}
    for i, j in combinations(range(len(geoms)), 2):
        area = geoms[i].intersection(geoms[j]).area
        if area >= overlay.MIN_OVERLAP_M2:
            naive[(i, j)] = area
    got = {(int(i), int(j)): a for i, j, a in zip(pairs.i, pairs.j, pairs.area, strict=True)}
    assert got.keys() == naive.keys()
    for key, area in naive.items():
        assert got[key] == pytest.approx(area, rel=1e-9)


def test_bounding_box_candidates_are_a_superset_of_intersecting_pairs():
    geoms = random_claims(300, seed=9)
    exact = set(zip(*overlay.candidate_pairs(geoms, threads=1), strict=True))
    boxes = set(zip(*overlay.candidate_pairs(geoms, threads=1, predicate=None), strict=True))
    assert exact < boxes
    assert all(i < j for i, j in boxes)


def test_single_thread_and_parallel_agree(monkeypatch):
    monkeypatch.setattr(overlay, "QUERY_CHUNK", 50)
    monkeypatch.setattr(overlay, "MEASURE_CHUNK", 40)
    monkeypatch.setattr(overlay, "PARALLEL_MIN", 0)
    geoms = random_claims(600, seed=3)
    one, two = overlap_pairs(geoms, threads=1), overlap_pairs(geoms, threads=2)
    assert np.array_equal(one.i, two.i) and np.array_equal(one.j, two.j)
    np.testing.assert_allclose(one.area, two.area)


def test_very_large_polygons_are_subdivided_with_exact_results(monkeypatch):
    circle = shapely.Point(0, 0).buffer(5_000, quad_segs=2_000)  # 8,000 vertices
    other = box(-1_000, -1_000, 9_000, 1_000)
    assert len(overlay.subdivide(circle, 2_000)) > 1
    faces = stack_faces([circle, other])
    by_members = {}
    for members, area in zip(faces.members, faces.areas, strict=True):
        key = tuple(sorted(int(k) for k in members))
        by_members[key] = by_members.get(key, 0.0) + area
    both = circle.intersection(other).area
    assert by_members[(0, 1)] == pytest.approx(both, rel=1e-6)
    assert by_members[(0,)] == pytest.approx(circle.area - both, rel=1e-6)
    assert by_members[(1,)] == pytest.approx(other.area - both, rel=1e-6)


@pytest.mark.parametrize("rotated", [False, True], ids=["rectangles", "rotated"])
def test_overlaps_below_a_square_millimetre_are_touching_not_overlap(rotated):
    from shapely import affinity

    def pair(overlap_m):
        a, b = box(0, 0, 10, 10), box(10 - overlap_m, 0, 20, 10)
        if rotated:
            a, b = (affinity.rotate(g, 30, origin=(0, 0)) for g in (a, b))
        return overlap_pairs([a, b])

    assert len(pair(1e-8).i) == 0  # 1e-7 m²: a rounding sliver
    found = pair(0.001)  # 1 mm × 10 m = 0.01 m²
    assert list(zip(found.i, found.j, strict=True)) == [(0, 1)] and found.area[0] == pytest.approx(0.01, rel=1e-6)


def test_small_groups_noded_together_in_batches_get_the_faces_they_get_alone():
    """Thousands of small groups are noded in batches; each still gets exactly its own faces (touching ones too)."""
    from shapely.geometry import box as rect

    from novex.analysis.overlay import components, overlap_pairs, partition_group
    from novex.analysis.stacking import BATCH_CLAIMS

    shapes = []
    for k in range(180):  # three overlapping squares, and a square that only touches them (another group)
        x = (k % 12) * 1_000.0
        y = (k // 12) * 1_000.0
        shapes += [
            rect(x, y, x + 100, y + 100),
            rect(x + 50, y + 30, x + 160, y + 90),
            rect(x + 20, y + 60, x + 90, y + 200),
        ]
        shapes.append(rect(x + 160, y, x + 260, y + 100))  # shares the edge x + 160 with the second square
    geoms = np.array(shapes, dtype=object)
    pairs = overlap_pairs(geoms)
    labels = components(len(geoms), pairs.i, pairs.j)
    assert len(geoms) > 2 * BATCH_CLAIMS and labels.max() + 1 == 360  # several batches, 360 groups
    expected: dict[tuple[int, ...], float] = {}
    for label in range(labels.max() + 1):
        group = np.flatnonzero(labels == label)
        faces, members = partition_group(geoms[group])
        for face, m in zip(faces, members, strict=True):
            key = tuple(sorted(group[m].tolist()))
            expected[key] = expected.get(key, 0.0) + face.area
    got: dict[tuple[int, ...], float] = {}
    stacked = stack_faces(geoms, pairs=pairs)
    for m, a in zip(stacked.members, stacked.areas, strict=True):
        got[tuple(m.tolist())] = got.get(tuple(m.tolist()), 0.0) + a
    assert got.keys() == expected.keys()
    for key, area in expected.items():
        assert got[key] == pytest.approx(area, rel=1e-9), key
    assert len(stacked) == sum(len(partition_group(geoms[np.flatnonzero(labels == g)])[0]) for g in range(360))
