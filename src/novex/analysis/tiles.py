"""Tiled stacking: the planar partition of one large connected group, built per tile and stitched.

A dense group (tens of thousands of overlapping claims) is not noded as a whole, which takes
time and memory beyond any budget and keeps one core busy. Instead:

1. `quadtree`: the group's box is split in four until a tile meets the boxes of at most
   `TILE_CLAIMS` claims (or its edge is below `MIN_TILE_M`); split lines lie on the 1 mm grid.
2. `tile_partition`: per tile, every claim reaching into it is cut at the tile's border and the
   pieces are noded and polygonized on the 1 mm grid (`overlay.partition_group`). Claims that
   cover the whole tile take no part in the noding: they cover every face of the tile.
   Tiles are independent, so they run on a thread pool (both cores, whatever the connectivity)
   and each holds only its own claims' pieces in memory.
3. `overlay.merge_seams`: faces cut by a tile border are merged back — pieces with the same
   covering claims that share a stretch of border are one face — so the faces, their depths and
   their areas are those of the untiled partition (to the 1 mm grid).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import numpy as np
import shapely

from novex.analysis.overlay import DEFAULT_THREADS, GRID, _chunks, _pool, merge_seams, partition_group

TILE_CLAIMS = 120  # claims (by box) per tile beyond which a tile is split in four
MIN_TILE_M = 100.0  # tiles are not split below this edge (m), however deep the claims
Box = tuple[float, float, float, float]
T = TypeVar("T")


def _on_grid(value: float) -> float:
    return round(value / GRID) * GRID


def quadtree(geoms: np.ndarray, max_claims: int = TILE_CLAIMS, min_edge: float = MIN_TILE_M) -> list[Box]:
    """Tiles covering the polygons: split in four where more than `max_claims` boxes meet a tile."""
    if not len(geoms):
        return []
    tree = shapely.STRtree(geoms)
    minx, miny, maxx, maxy = shapely.total_bounds(geoms)
    todo: list[Box] = [(np.floor(minx), np.floor(miny), np.ceil(maxx) + 1.0, np.ceil(maxy) + 1.0)]
    out: list[Box] = []
    while todo:
        frames = shapely.box(*np.array(todo, dtype=float).T)
        counts = np.bincount(tree.query(frames)[0], minlength=len(todo))
        split: list[Box] = []
        for (x0, y0, x1, y1), count in zip(todo, counts.tolist(), strict=True):
            if count == 0:
                continue
            if count <= max_claims or max(x1 - x0, y1 - y0) / 2 < min_edge:
                out.append((x0, y0, x1, y1))
                continue
            xm, ym = _on_grid((x0 + x1) / 2), _on_grid((y0 + y1) / 2)
            split += [(x0, y0, xm, ym), (xm, y0, x1, ym), (x0, ym, xm, y1), (xm, ym, x1, y1)]
        todo = split
    return out


def tile_partition(geoms: np.ndarray, tree: shapely.STRtree, box: Box) -> tuple[np.ndarray, list[np.ndarray]]:
    """Faces of the polygons inside `box` (each cut at its border) with the covering indices into `geoms`."""
    frame = shapely.box(*box)
    near = tree.query(frame, predicate="intersects")
    if not len(near):
        return np.empty(0, dtype=object), []
    full = near[shapely.covers(geoms[near], frame)]
    part = near[~np.isin(near, full)]
    cut = shapely.clip_by_rect(geoms[part], *box)
    keep = shapely.area(cut) > 0
    part, cut = part[keep], cut[keep]
    if not len(part):
        return (np.array([frame], dtype=object), [full]) if len(full) else (np.empty(0, dtype=object), [])
    if len(full):  # the tile itself stands for the claims that cover it (index len(part))
        cut = np.append(cut, frame)
    if len(cut) == 1:
        faces, members = cut, [np.array([0])]
    else:
        faces, members = partition_group(cut)
    n_part = len(part)
    out = []
    for m in members:
        inner = m[m < n_part]
        covered = np.concatenate([part[inner], full]) if len(inner) < len(m) else part[inner]
        out.append(np.sort(covered))
    return faces, out


def tiled_partition(
    geoms: np.ndarray,
    threads: int = DEFAULT_THREADS,
    max_claims: int | None = None,
    min_edge: float | None = None,
) -> tuple[np.ndarray, list[np.ndarray]]:
    """The faces of a connected group of polygons (as `partition_group` gives them), built per tile.

    Tiles hold at most `max_claims` claims (`TILE_CLAIMS`) unless their edge is `min_edge` (`MIN_TILE_M`).
    """
    geoms = np.asarray(geoms, dtype=object)
    max_claims = TILE_CLAIMS if max_claims is None else max_claims
    min_edge = MIN_TILE_M if min_edge is None else min_edge
    boxes = quadtree(geoms, max_claims, min_edge)
    tree = shapely.STRtree(geoms)

    def run(part: slice) -> list[tuple[np.ndarray, list[np.ndarray]]]:
        return [tile_partition(geoms, tree, box) for box in boxes[part]]

    faces: list[np.ndarray] = []
    members: list[np.ndarray] = []
    # Tiles differ a lot in cost (a deep core against a sparse rim): small chunks balance the threads.
    for chunk in _pool_map(run, len(boxes), threads):
        for f, m in chunk:
            faces.append(f)
            members += m
    if not faces:
        return np.empty(0, dtype=object), []
    all_faces = np.concatenate(faces)
    if len(boxes) == 1:
        return all_faces, members
    xs = np.unique([b[k] for b in boxes for k in (0, 2)])
    ys = np.unique([b[k] for b in boxes for k in (1, 3)])
    bounds = shapely.bounds(all_faces)
    on_border = _touches(bounds[:, 0], xs) | _touches(bounds[:, 2], xs)
    on_border |= _touches(bounds[:, 1], ys) | _touches(bounds[:, 3], ys)
    return merge_seams(all_faces, members, on_border)


def _pool_map(func: Callable[[slice], T], n: int, threads: int) -> list[T]:
    """`func` over small chunks of `n` tiles on the shared pool (tiles differ a lot in cost)."""
    parts = _chunks(n, 2)
    if threads <= 1 or len(parts) <= 1:
        return [func(part) for part in parts]
    return list(_pool(threads).map(func, parts))


def _touches(values: np.ndarray, lines: np.ndarray) -> np.ndarray:
    """Whether each value lies on one of the sorted `lines` (within the grid)."""
    if len(lines) < 2:
        return np.zeros(len(values), dtype=bool)
    where = np.clip(np.searchsorted(lines, values), 1, len(lines) - 1)
    return np.minimum(np.abs(values - lines[where - 1]), np.abs(values - lines[where])) <= 2 * GRID
