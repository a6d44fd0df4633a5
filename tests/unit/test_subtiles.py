"""Members per face with sub-tile sets: the same covering claims as measuring each face against each claim."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from novex.analysis.overlay import polygonize_noded
from novex.analysis.subtiles import members_by_subtile, node_of, subtile_boxes

from .test_tiled_stacking import dense_claims, random_claims

BOX = (-150.0, -120.0, 170.0, 160.0)


def tile_faces(claims: np.ndarray, box: tuple[float, float, float, float]):
    cut = shapely.clip_by_rect(claims, *box)
    cut = cut[shapely.area(cut) > 0]
    lines = np.append(shapely.clip_by_rect(shapely.boundary(cut), *box), shapely.box(*box).boundary)
    return polygonize_noded(shapely.union_all(lines)), cut


def inner_point(face: shapely.Polygon) -> shapely.Point:
    """A point inside the face found another way than the code's: the centroid of its largest triangle."""
    triangles = shapely.get_parts(shapely.constrained_delaunay_triangles(face))
    return shapely.centroid(triangles[np.argmax(shapely.area(triangles))])


@pytest.mark.parametrize("levels", [0, 1, 2, 3])
@pytest.mark.parametrize(
    ("claims", "box"),
    [(dense_claims(40, seed=3), BOX), (random_claims(60, seed=8), (400.0, 300.0, 2_100.0, 1_900.0))],
    ids=["dense", "random"],
)
def test_members_are_the_claims_that_cover_the_face(claims, box, levels):
    faces, cut = tile_faces(claims, box)
    got = members_by_subtile(faces, cut, box, levels)
    shapes = faces.geometries()
    own = np.split(got.hits, np.cumsum(got.depth)[:-1])
    shared = 0
    for k, face in enumerate(shapes):
        members = np.union1d(own[k], got.covers[got.node[k]])
        assert len(members) == got.depth[k] + len(got.covers[got.node[k]])  # no claim twice
        np.testing.assert_array_equal(members, np.flatnonzero(shapely.contains(cut, inner_point(face))))
        shared += len(got.covers[got.node[k]])
    if levels >= 2 and len(claims) == 40:
        assert shared > got.depth.sum()  # in a deep stack most members are shared


def test_each_face_lies_in_its_sub_tile_and_each_shared_claim_covers_it():
    claims = dense_claims(40, seed=3)
    faces, cut = tile_faces(claims, BOX)
    boxes = subtile_boxes(BOX, 2)
    assert len(boxes) == 1 + 4 + 16
    node = node_of(faces.bounds(), BOX, 2)
    b, f = boxes[node], faces.bounds()
    assert np.all((b[:, 0] <= f[:, 0]) & (b[:, 1] <= f[:, 1]) & (f[:, 2] <= b[:, 2]) & (f[:, 3] <= b[:, 3]))
    assert np.bincount(node, minlength=len(boxes))[5:].sum() > len(faces) / 2  # most faces in a 4×4 sub-tile
    got = members_by_subtile(faces, cut, BOX, 2)
    for k, covering in enumerate(got.covers):
        if not np.any(got.node == k):
            continue  # a sub-tile without faces: its set is never asked for
        sub = shapely.box(*boxes[k])
        assert shapely.covers(cut[covering], sub).all()
        others = np.setdiff1d(np.arange(len(cut)), covering)
        assert not shapely.covers(cut[others], sub).any() or k == 0
