"""The numpy face tracer gives GEOS polygonize's faces; flat polygons keep areas and shapes."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from novex.analysis import planar
from novex.analysis.overlay import GRID, Faces
from novex.analysis.planar import Polygons, faces_of_noded


def random_noded(seed: int) -> shapely.Geometry:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 30))
    discs = shapely.buffer(shapely.points(rng.uniform(0, 100, (n, 2))), rng.uniform(1, 30, n), quad_segs=2)
    corners = rng.uniform(0, 100, (6, 2))
    boxes = shapely.box(*corners[:3].T, *(corners[:3] + rng.uniform(5, 40, (3, 2))).T)
    geoms = shapely.set_precision(np.concatenate([discs, boxes]), GRID)
    frame = shapely.box(-50, -50, 150, 150)
    return shapely.union_all(np.append(shapely.boundary(geoms), frame.boundary), grid_size=GRID)


@pytest.mark.parametrize("seed", range(40))
def test_traced_faces_are_the_faces_geos_polygonize_finds(seed):
    noded = random_noded(seed)
    want = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    traced = faces_of_noded(noded)
    assert traced is not None
    got = traced.geometries()
    assert len(got) == len(want)
    assert shapely.is_valid(got).all()
    got_i, want_i = shapely.STRtree(want).query(shapely.point_on_surface(got), predicate="within")
    assert sorted(got_i.tolist()) == list(range(len(got)))
    assert shapely.equals(got[got_i], want[want_i]).all()


def test_a_face_with_a_hole_holds_the_component_inside_it():
    noded = shapely.union_all(
        [shapely.box(0, 0, 10, 10).boundary, shapely.box(4, 4, 6, 6).boundary, shapely.box(1, 1, 2, 2).boundary]
    )
    faces = faces_of_noded(noded).geometries()
    areas = sorted(shapely.area(faces).tolist())
    assert areas == [1.0, 4.0, 100.0 - 4.0 - 1.0]
    outer = faces[np.argmax(shapely.area(faces))]
    assert len(outer.interiors) == 2


def test_an_edge_with_one_face_on_both_sides_is_left_to_geos():
    dangling = shapely.union_all([shapely.box(0, 0, 10, 10).boundary, shapely.LineString([(0, 5), (5, 5)])])
    assert faces_of_noded(dangling) is None


def test_flat_polygons_keep_areas_bounds_and_shapes():
    shapes = np.array(
        [shapely.box(0, 0, 4, 3), shapely.Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], [[(2, 2), (2, 4), (4, 4)]])],
        dtype=object,
    )
    flat = Polygons.of(shapes)
    np.testing.assert_allclose(flat.areas(), [12.0, 100.0 - 2.0])
    np.testing.assert_allclose(flat.bounds(), shapely.bounds(shapes))
    assert shapely.equals(flat.take(np.array([1])).geometries(), shapes[1:]).all()
    both = Polygons.concat([flat, Polygons.of(shapes[:1])])
    assert shapely.equals(both.geometries(), np.append(shapes, shapes[0])).all()


def test_shared_member_sets_read_as_whole_member_lists():
    shapes = Polygons.of(np.array([shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1), shapely.box(2, 0, 3, 1)]))
    faces = Faces(
        shapes,
        own=np.array([4, 1, 7], dtype=np.int32),
        own_offsets=np.array([0, 1, 3, 3]),
        face_set=np.array([0, -1, 0]),
        sets=np.array([2, 9], dtype=np.int32),
        set_offsets=np.array([0, 2]),
    )
    assert [m.tolist() for m in faces.members] == [[2, 4, 9], [1, 7], [2, 9]]
    assert faces.depth.tolist() == [3, 2, 2]
    values = np.arange(10) * 10
    assert faces.sums(values).tolist() == [150, 80, 110]
    bits = 1 << np.arange(10)
    assert faces.masks(bits).tolist() == [(1 << 2) | (1 << 4) | (1 << 9), (1 << 1) | (1 << 7), (1 << 2) | (1 << 9)]
    kept = faces.take(np.array([2, 0]))
    assert [m.tolist() for m in kept.members] == [[2, 9], [2, 4, 9]]


@pytest.mark.parametrize("block", [1, 3, 1 << 18])
def test_areas_in_blocks_equal_geos(block):
    rng = np.random.default_rng(7)
    discs = shapely.buffer(shapely.points(rng.uniform(0, 1e4, (200, 2))), rng.uniform(1, 50, 200), quad_segs=3)
    holed = shapely.difference(shapely.box(0, 0, 100, 100), shapely.box(10, 10, 20, 20))
    geoms = np.append(discs, holed)
    np.testing.assert_allclose(Polygons.of(geoms).areas(block=block), shapely.area(geoms), rtol=1e-12)


def ragged_route(noded: shapely.Geometry) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates and line number per coordinate the general way: one Shapely object per part."""
    parts = shapely.get_parts(noded)
    return shapely.get_coordinates(parts), np.repeat(np.arange(len(parts)), shapely.get_num_coordinates(parts))


@pytest.mark.parametrize("seed", range(12))
def test_line_numbers_read_from_wkb_are_those_of_the_parts(seed):
    noded = random_noded(seed)
    lengths = planar._segment_part_lengths(noded)
    assert lengths is not None  # noded boundaries: nearly all parts one segment
    coords, line = planar._coordinates_by_line(noded)
    want_coords, want_line = ragged_route(noded)
    np.testing.assert_array_equal(coords, want_coords)
    np.testing.assert_array_equal(line, want_line)


def _looks_like_a_header(trailing: int) -> float:
    """A coordinate whose first five bytes are a LineString's WKB header (byte order 1, type 2)."""
    return float(np.frombuffer(bytes([1, 2, 0, 0, 0, trailing, 0xF0, 0x40]), dtype="<f8")[0])


@pytest.mark.parametrize("seed", range(6))
def test_parts_of_many_points_and_header_bytes_in_coordinates_are_read_right(seed):
    rng = np.random.default_rng(seed)
    parts = [rng.uniform(0, 100, (int(rng.integers(2, 40)), 2)) for _ in range(int(rng.integers(1, 400)))]
    for part in rng.choice(len(parts), size=min(len(parts), 20), replace=False):
        parts[part][rng.integers(len(parts[part])), rng.integers(2)] = _looks_like_a_header(int(rng.integers(256)))
    lines = shapely.MultiLineString(parts)
    wkb = shapely.to_wkb(lines, byte_order=1)
    assert wkb.count(bytes([1, 2, 0, 0, 0])) > len(parts)  # candidates that are no header
    want = shapely.get_num_coordinates(shapely.get_parts(lines))
    np.testing.assert_array_equal(planar._segment_part_lengths(lines), want)
    for geometry in (lines, shapely.LineString([(0, 0), (1, 1)])):
        coords, line = planar._coordinates_by_line(geometry)
        np.testing.assert_array_equal(coords, ragged_route(geometry)[0])
        np.testing.assert_array_equal(line, ragged_route(geometry)[1])


@pytest.mark.parametrize("after", [0, 1])
def test_a_false_header_that_leads_onto_the_chain_is_not_taken_for_a_part(after):
    """Header bytes across a point (x's last byte, y's first four) whose count leads exactly to the
    next true header, or to the last byte: it joins the chain but does not start on it."""
    x = float(np.frombuffer(bytes([0, 0, 0, 0, 0, 0, 0x10, 0x01]), dtype="<f8")[0])
    y = float(np.frombuffer(bytes([2, 0, 0, 0, 2, 0, 0, 0]), dtype="<f8")[0])  # count 2 at y's last four bytes
    parts = [[(0, 0), (1, 1)], [(x, y), (5, 6), (7, 8)]] + [[(9, 9), (10, 10)]] * after
    lines = shapely.MultiLineString(parts)
    wkb = np.frombuffer(shapely.to_wkb(lines, byte_order=1), dtype=np.uint8)
    false_at = 9 + (9 + 32) + 9 + 7
    assert list(wkb[false_at : false_at + 9]) == [1, 2, 0, 0, 0, 2, 0, 0, 0]
    assert false_at + 9 + 16 * 2 == (len(wkb) if not after else 9 + (9 + 32) + (9 + 48))
    np.testing.assert_array_equal(planar._segment_part_lengths(lines), [2, 3, 2][: 2 + after])


def test_components_side_by_side_and_nested_are_traced_like_polygonize():
    """Groups noded at once: rings beside each other, one inside another's face, one inside a hole."""
    squares = [
        shapely.box(0, 0, 10, 10),
        shapely.box(5, 5, 15, 15),  # overlaps the first: one component
        shapely.box(30, 0, 40, 10),  # beside it
        shapely.box(60, 0, 100, 40),
        shapely.box(70, 10, 80, 20),  # inside the large square's face: a hole of it
        shapely.box(90, 30, 95, 35),
    ]
    noded = shapely.union_all(shapely.boundary(np.array(squares, dtype=object)))
    traced = faces_of_noded(noded)
    assert traced is not None
    want = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    got = traced.geometries()
    assert len(got) == len(want) == 7
    key = lambda g: (round(g.area, 6), round(g.centroid.x, 6), round(g.centroid.y, 6))  # noqa: E731
    assert sorted(map(key, got)) == sorted(map(key, want))
    assert all(shapely.equals(a, b) for a, b in zip(sorted(got, key=key), sorted(want, key=key), strict=True))


@pytest.mark.parametrize("seed", range(20))
def test_interior_points_lie_strictly_inside_each_face(seed):
    faces = faces_of_noded(random_noded(seed))
    points = shapely.points(faces.interior_points())
    assert shapely.contains_properly(faces.geometries(), points).all()


def test_interior_point_of_a_ring_with_a_hole_and_of_a_u_shape():
    ring = shapely.box(0, 0, 10, 10).difference(shapely.box(2, 2, 8, 8))  # the box's middle is in the hole
    u_shape = shapely.Polygon([(20, 0), (30, 0), (30, 10), (28, 10), (28, 2), (22, 2), (22, 10), (20, 10)])
    sliver = shapely.Polygon([(40, 0), (50, 0.001), (40, 0.002)])
    shapes = np.array([ring, u_shape, sliver], dtype=object)
    points = shapely.points(Polygons.of(shapes).interior_points())
    assert shapely.contains_properly(shapes, points).all()


def test_an_empty_arrangement_has_no_faces():
    empty = shapely.from_wkt("MULTILINESTRING EMPTY")
    assert planar._segment_part_lengths(empty) is None
    assert len(faces_of_noded(empty)) == 0


def test_a_segment_given_twice_is_left_to_geos():
    """Two half-edges leaving a vertex the same way: no clean arrangement, the tracer says None."""
    square = [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]
    lines = [shapely.LineString(square[k : k + 2]) for k in range(4)]
    doubled = shapely.multilinestrings([*lines, shapely.LineString([(1, 0), (0, 0)])])
    assert faces_of_noded(doubled) is None
    assert len(faces_of_noded(shapely.multilinestrings(lines))) == 1
