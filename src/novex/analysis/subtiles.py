"""Which polygons cover each face of a tile, with the polygons that cover a whole sub-tile shared.

In a deep stack most of a face's covering claims are large next to the face: they cover the
whole neighbourhood. The tile is therefore split (without noding: only for bookkeeping) into a
small quadtree of sub-tiles — 2×2, then 4×4 — and each face belongs to the smallest sub-tile that
holds its box. The polygons covering that sub-tile whole are the sub-tile's one shared member set
(`overlay.Faces` keeps one set per face); only the others, which reach into the sub-tile without
covering it, are tested point-in-polygon against the face. In dense data this takes most of the
point tests and most of the per-face member lists away, and with them memory and copying.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from novex.analysis.planar import Polygons

SUBTILE_LEVELS = 2  # sub-tiles 2×2, then 4×4


@dataclass(frozen=True)
class TileMembers:
    """Per face its own covering polygons (`hits` face by face, `depth` per face) and its sub-tile (`node`).

    `covers[node]` are the polygons that cover sub-tile `node` whole: members of every face in it.
    Node 0 is the tile itself; level L's sub-tiles follow, row by row.
    """

    hits: np.ndarray
    depth: np.ndarray
    node: np.ndarray
    covers: list[np.ndarray]


def subtile_boxes(box: tuple[float, float, float, float], levels: int) -> np.ndarray:
    """(minx, miny, maxx, maxy) of every node: the tile, then each level's sub-tiles row by row."""
    x0, y0, x1, y1 = box
    out = []
    for level in range(levels + 1):
        cells = 2**level
        xs, ys = np.linspace(x0, x1, cells + 1), np.linspace(y0, y1, cells + 1)
        iy, ix = np.divmod(np.arange(cells * cells), cells)
        out.append(np.column_stack([xs[ix], ys[iy], xs[ix + 1], ys[iy + 1]]))
    return np.concatenate(out)


def node_of(bounds: np.ndarray, box: tuple[float, float, float, float], levels: int) -> np.ndarray:
    """Per face box, the smallest sub-tile holding it (node number as in `subtile_boxes`)."""
    x0, y0, x1, y1 = box
    node = np.zeros(len(bounds), dtype=np.int64)
    for level in range(1, levels + 1):
        cells = 2**level
        col = np.clip(np.floor((bounds[:, [0, 2]] - x0) / (x1 - x0) * cells), 0, cells - 1)
        row = np.clip(np.floor((bounds[:, [1, 3]] - y0) / (y1 - y0) * cells), 0, cells - 1)
        inside = (col[:, 0] == col[:, 1]) & (row[:, 0] == row[:, 1])
        first = (4**level - 1) // 3
        node[inside] = first + (row[inside, 0] * cells + col[inside, 0]).astype(np.int64)
    return node


def members_by_subtile(
    faces: Polygons,
    polygons: np.ndarray,
    box: tuple[float, float, float, float],
    levels: int = SUBTILE_LEVELS,
) -> TileMembers:
    """Which of `polygons` (each inside the tile `box`) cover each face, shared per sub-tile."""
    boxes = subtile_boxes(box, levels)
    node = node_of(faces.bounds(), box, levels)
    shapely.prepare(polygons)  # local to this tile (and thread): prepared once for every sub-tile's query
    bounds = shapely.bounds(polygons).reshape(-1, 4)
    points = shapely.points(_interior_points(faces))
    by_node = np.argsort(node, kind="stable")
    count = np.bincount(node, minlength=len(boxes))
    ends = np.cumsum(count)
    none = np.empty(0, dtype=np.int64)
    covers: list[np.ndarray] = []
    found_face, found_polygon = [], []
    for k, (bx0, by0, bx1, by1) in enumerate(boxes):
        here = by_node[ends[k] - count[k] : ends[k]]
        if not len(here):  # no face in this sub-tile: its set is never asked for
            covers.append(none)
            continue
        reach = np.flatnonzero(
            (bounds[:, 0] < bx1) & (bounds[:, 2] > bx0) & (bounds[:, 1] < by1) & (bounds[:, 3] > by0)
        )
        around = (bounds[reach, 0] <= bx0) & (bounds[reach, 1] <= by0) & (bounds[reach, 2] >= bx1)
        around &= bounds[reach, 3] >= by1
        whole = np.zeros(len(reach), dtype=bool)
        if k and around.any():
            whole[around] = shapely.covers(polygons[reach[around]], shapely.box(bx0, by0, bx1, by1))
        covers.append(reach[whole])
        test = reach[~whole]
        if not len(test):
            continue
        hit_polygon, hit_point = shapely.STRtree(points[here]).query(polygons[test], predicate="contains")
        found_face.append(here[hit_point])
        found_polygon.append(test[hit_polygon])
    face = np.concatenate(found_face) if found_face else np.empty(0, dtype=np.int64)
    polygon = np.concatenate(found_polygon) if found_polygon else np.empty(0, dtype=np.int64)
    # Within a sub-tile the hits come polygon by polygon; a stable sort by face keeps them ascending.
    order = np.argsort(face.astype(np.uint16) if len(faces) < 2**16 else face, kind="stable")
    return TileMembers(polygon[order], np.bincount(face, minlength=len(faces)), node, covers)


def _interior_points(faces: Polygons) -> np.ndarray:
    """A point inside each face: in numpy (`Polygons.interior_points`), by GEOS for any it leaves out."""
    xy = faces.interior_points()
    missing = np.flatnonzero(np.isnan(xy[:, 0]))
    if len(missing):
        xy[missing] = shapely.get_coordinates(shapely.point_on_surface(faces.take(missing).geometries()))
    return xy
