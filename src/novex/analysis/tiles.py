"""Tiled stacking: the planar partition of one large connected group, built per tile and stitched.

A dense group (tens of thousands of overlapping claims) is not noded as a whole, which takes
time and memory beyond any budget and keeps one core busy. Instead:

1. `quadtree`: the group's box is split in four until a tile meets the boxes of at most
   `TILE_CLAIMS` claims (or its edge is below `MIN_TILE_M`); split lines lie on the 1 mm grid.
2. `tile_partition`: per tile, the boundaries of the claims reaching into it are clipped to the
   tile and noded together with the tile's border (`union_all`: the border is noded once, not
   once per claim), the faces are traced in numpy (`planar.faces_of_noded`) and each face gets
   the claims that contain a point inside it. Claims that cover the whole tile take no part in
   the noding, and claims that cover a whole sub-tile take no part in the point tests of its
   faces (`subtiles`): they are shared member sets (`overlay.Faces`), so a deep stack costs
   little memory per face. Tiles are independent: with two or more cores they run on worker
   processes (`tile_workers`), else on a thread, and each holds only its own claims in memory.
3. `overlay.merge_seams`: faces on a tile border are merged back — pieces with the same
   covering claims that share a stretch of border are one face — so the faces, their depths and
   their areas are those of the untiled partition (to the 1 mm grid).

Faces are kept as flat coordinate arrays (`planar.Polygons`), not one Shapely object each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

import numpy as np
import shapely

from novex.analysis import tile_workers
from novex.analysis.overlay import (
    DEFAULT_THREADS,
    GRID,
    Faces,
    _chunks,
    _pool,
    merge_seams,
    polygonize_noded,
)
from novex.analysis.planar import Polygons, gather, offsets_of
from novex.analysis.subtiles import members_by_subtile

TILE_CLAIMS = 300  # claims (by box) per tile beyond which a tile is split in four
MIN_TILE_M = 100.0  # tiles are not split below this edge (m), however deep the claims
COMPACT_FACES = 1_000_000  # tile results are joined into parts of about this many faces as they arrive
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


def tile_partition(
    geoms: np.ndarray, tree: shapely.STRtree, box: Box, index: np.ndarray | None = None
) -> tuple[Faces, Faces]:
    """Faces of the polygons inside `box` (each cut at its border), members as `index[k]` for `geoms[k]`.

    Returns the faces inside the tile and, apart, those on its border (pieces, perhaps, of a
    face that goes on in the next tile). Only the claims' boundaries inside the tile are noded,
    with the tile's border once: clipping lines instead of polygons keeps the border out of every
    claim's noding. The claims that cover the whole tile take no part in the noding; with the
    claims that cover a whole sub-tile, they are the shared member sets of its faces (`subtiles`).
    """
    frame = shapely.box(*box)
    near = np.sort(tree.query(frame, predicate="intersects"))  # in claim order, whichever tree holds them
    if not len(near):
        return _no_faces(), _no_faces()
    covers = shapely.covers(geoms[near], frame)
    full, part = near[covers], near[~covers]
    cut = shapely.clip_by_rect(geoms[part], *box)
    keep = shapely.area(cut) > 0
    part, cut = part[keep], cut[keep]
    named = index[part] if index is not None else part
    shared = np.sort(index[full] if index is not None else full).astype(np.int32)
    if not len(part):
        whole = Polygons.of(np.array([frame], dtype=object))
        return _no_faces(), _tile_faces(whole, np.empty(0, np.int32), np.zeros(1, np.int64), shared)
    lines = shapely.clip_by_rect(shapely.boundary(geoms[part]), *box)
    faces = polygonize_noded(shapely.union_all(np.append(lines, frame.boundary)))
    members = members_by_subtile(faces, cut, box)
    sets = [np.sort(np.concatenate([shared, named[c]])).astype(np.int32) for c in members.covers]
    set_size = np.fromiter(map(len, sets), dtype=np.int64, count=len(sets))
    hits, depth, node = members.hits, members.depth, members.node
    if not len(full):  # faces no claim covers (between the claims) drop out
        covered = np.flatnonzero(depth + set_size[node] > 0)
        faces, node = faces.take(covered), node[covered]
        at, depth = gather(offsets_of(depth), covered)
        hits = hits[at]
    tile = Faces(
        faces, named[hits].astype(np.int32), offsets_of(depth), node, np.concatenate(sets), offsets_of(set_size)
    )
    on_border = _on_box_border(faces.bounds(), box)
    return tile.take(np.flatnonzero(~on_border)), tile.take(np.flatnonzero(on_border))


def _no_faces() -> Faces:
    return Faces.from_lists(Polygons.empty(), [])


def _tile_faces(faces: Polygons, own: np.ndarray, depth: np.ndarray, shared: np.ndarray) -> Faces:
    face_set = np.zeros(len(faces), dtype=np.int64) if len(shared) else np.full(len(faces), -1, dtype=np.int64)
    set_offsets = np.array([0, len(shared)], dtype=np.int64) if len(shared) else np.zeros(1, dtype=np.int64)
    return Faces(faces, own, offsets_of(depth), face_set, shared, set_offsets)


def _on_box_border(bounds: np.ndarray, box: Box) -> np.ndarray:
    """Whether each face's box reaches the tile's border (within the grid)."""
    x0, y0, x1, y1 = box
    near = 2 * GRID
    return (
        (bounds[:, 0] <= x0 + near)
        | (bounds[:, 1] <= y0 + near)
        | (bounds[:, 2] >= x1 - near)
        | (bounds[:, 3] >= y1 - near)
    )


def tiled_partition(
    geoms: np.ndarray,
    threads: int = DEFAULT_THREADS,
    max_claims: int | None = None,
    min_edge: float | None = None,
    index: np.ndarray | None = None,
) -> Faces:
    """The faces of a connected group of polygons (as `partition_group` gives them), built per tile.

    Members are positions in `geoms`, or `index[position]` when an index is given.

    Tiles hold at most `max_claims` claims (`TILE_CLAIMS`) unless their edge is `min_edge` (`MIN_TILE_M`).
    """
    return Faces.concat(tiled_parts(geoms, threads, max_claims, min_edge, index))


def tiled_parts(
    geoms: np.ndarray,
    threads: int = DEFAULT_THREADS,
    max_claims: int | None = None,
    min_edge: float | None = None,
    index: np.ndarray | None = None,
) -> list[Faces]:
    """`tiled_partition` as parts (each tile's inner faces, then the stitched border faces), not yet joined.

    A caller joining them with other parts (`stacking.stack_faces`) copies each face once: joining the
    group first and then the whole would hold two copies of the largest partition at once.
    """
    geoms = np.asarray(geoms, dtype=object)
    max_claims = TILE_CLAIMS if max_claims is None else max_claims
    min_edge = MIN_TILE_M if min_edge is None else min_edge
    boxes = quadtree(geoms, max_claims, min_edge)
    tree = shapely.STRtree(geoms)
    if tile_workers.wanted(threads, len(boxes)):
        try:
            return _collected(tile_workers.in_processes(tile_partition, geoms, tree, boxes, index, threads))
        except BrokenProcessPool:  # a worker died (a crash in GEOS): the same tiles on threads
            tile_workers.forget_pool(threads)

    def run(part: slice) -> list[tuple[Faces, Faces]]:
        return [tile_partition(geoms, tree, box, index) for box in boxes[part]]

    # Tiles differ a lot in cost (a deep core against a sparse rim): small chunks balance the threads.
    return _collected(tile for chunk in _pool_iter(run, len(boxes), threads) for tile in chunk)


def _collected(tiles: Iterable[tuple[Faces, Faces]]) -> list[Faces]:
    """The tiles' inner faces, in parts, and their border pieces stitched (`stitched`)."""
    inner, border = _Compacted(), _Compacted()
    for tile_inner, tile_border in tiles:
        inner.add(tile_inner)
        border.add(tile_border)
    return stitched(inner.parts(), border.parts())


class _Compacted:
    """Tile results joined into large parts as they arrive (`COMPACT_FACES` faces each).

    Thousands of small per-tile arrays, freed only at the end, stay resident in the allocator's
    heap; a few large parts are mapped memory that is handed back to the system as soon as the
    final join has copied it. At 100,000 dense claims this keeps one copy of the faces, not two.
    """

    def __init__(self) -> None:
        self.done: list[Faces] = []
        self.pending: list[Faces] = []
        self.faces = 0

    def add(self, faces: Faces) -> None:
        self.pending.append(faces)
        self.faces += len(faces)
        if self.faces >= COMPACT_FACES:
            self.done.append(Faces.concat(self.pending))
            self.faces = 0

    def parts(self) -> list[Faces]:
        if self.pending:
            self.done.append(Faces.concat(self.pending))
        return self.done


def stitched(inner: list[Faces], border: list[Faces]) -> list[Faces]:
    """The tiles' inner faces and their border pieces merged back (`border` is emptied, `inner` extended)."""
    inner.append(merge_seams(Faces.concat(border)))
    return inner


def _pool_iter(func: Callable[[slice], T], n: int, threads: int) -> Iterator[T]:
    """`func` over small chunks of `n` tiles on the shared pool (tiles differ a lot in cost), in order as done."""
    parts = _chunks(n, 2)
    if threads <= 1 or len(parts) <= 1:
        return map(func, parts)
    return _pool(threads).map(func, parts)
