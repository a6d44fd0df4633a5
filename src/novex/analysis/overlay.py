"""Vectorised overlay kernels over arrays of RD New polygons (Shapely 2, STRtree).

Pure functions over numpy arrays of geometries returning plain arrays, used by the
CLI, the API and the benchmarks alike:

- `overlap_pairs`: every pair (i < j) whose interiors overlap, with the overlap area.
- `stack_faces`: the exact planar partition (the *stapelkaart*): every face with the
  set of input polygons covering it. A large connected group is noded per tile and
  stitched (`analysis.tiles`, `merge_seams`), with the same faces as untiled.

Work is split in chunks over a small thread pool: Shapely releases the GIL inside its
vectorised operations, so both cores are used without copying geometries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache

import numpy as np
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from novex.geo.hygiene import GRID  # 1 mm in RD New: the precision grid of ingest and of every overlay

# Overlaps below one square millimetre (the grid's precision) are rounding where two polygons
# touch, not overlap: whether such a sliver comes out as 0 or 1e-7 m² depends on how the
# coordinates were read, and the pair set must not.
MIN_OVERLAP_M2 = GRID * GRID
DEFAULT_THREADS = 2
QUERY_CHUNK = 20_000  # geometries per STRtree query task
MEASURE_CHUNK = 50_000  # pairs per intersection task
PARALLEL_MIN = 2_000  # items below which one thread does the work
TILED_GROUP = 2_000  # claims in a connected group beyond which it is noded per tile (analysis.tiles)


def _chunks(n: int, size: int) -> list[slice]:
    return [slice(start, min(start + size, n)) for start in range(0, n, size)]


def _parallel(func: Callable[[slice], object], n: int, threads: int, size: int) -> list:
    """Run `func` over chunks of at most `size` items (at least 4 per thread) on a thread pool.

    Below `PARALLEL_MIN` items the work runs on the calling thread: threads do not pay
    off there, and an interactive request then never touches the pool.
    """
    if n < PARALLEL_MIN:
        threads = 1
    if threads > 1:
        size = max(1, min(size, -(-n // (4 * threads))))
    parts = _chunks(n, size)
    if threads <= 1 or len(parts) <= 1:
        return [func(part) for part in parts]
    return list(_pool(threads).map(func, parts))


@cache
def _pool(threads: int) -> ThreadPoolExecutor:
    """One long-lived pool per size.

    Worker threads (and their GEOS contexts) are made once, not created and torn down
    around every overlay.
    """
    return ThreadPoolExecutor(threads, thread_name_prefix="novex-overlay")


@dataclass(frozen=True)
class OverlapPairs:
    """Pairs of overlapping polygons: indices `i < j` and overlap area in m²."""

    i: np.ndarray
    j: np.ndarray
    area: np.ndarray

    def __len__(self) -> int:
        return len(self.i)


@dataclass(frozen=True)
class PairGeometry:
    """What measuring overlaps needs of an array of polygons: the polygons, areas, boxes, which are rectangles.

    One measurement (`measure`) for the full overlay and for incremental updates, so a pair's
    overlap area is the same number on both paths.
    """

    geoms: np.ndarray
    areas: np.ndarray
    bounds: np.ndarray
    box: np.ndarray

    @classmethod
    def of(cls, geoms: np.ndarray) -> PairGeometry:
        """Areas, bounding boxes and the axis-aligned rectangles among `geoms`."""
        areas = shapely.area(geoms)
        bounds = shapely.bounds(geoms).reshape(-1, 4)
        box = (shapely.get_num_coordinates(geoms) == 5) & np.isclose(
            areas, (bounds[:, 2] - bounds[:, 0]) * (bounds[:, 3] - bounds[:, 1]), rtol=1e-12, atol=0
        )
        return cls(geoms, areas, bounds, box)

    def measure(self, pi: np.ndarray, pj: np.ndarray) -> np.ndarray:
        """Overlap area (m²) of each pair (pi[k], pj[k]), pi < pj in the caller's canonical order.

        Two axis-aligned rectangles overlap by the product of their box overlaps; where one
        polygon is covered by the other (tried only when its box lies inside the other's) the
        overlap is its own area; the other pairs are intersected.
        """
        geoms, areas, bounds, box = self.geoms, self.areas, self.bounds, self.box
        bi, bj = bounds[pi], bounds[pj]
        dx = np.minimum(bi[:, 2], bj[:, 2]) - np.maximum(bi[:, 0], bj[:, 0])
        dy = np.minimum(bi[:, 3], bj[:, 3]) - np.maximum(bi[:, 1], bj[:, 1])
        out = np.where(box[pi] & box[pj], np.clip(dx, 0, None) * np.clip(dy, 0, None), np.nan)
        todo = np.isnan(out)
        j_box_in_i = (
            todo & (bj[:, 0] >= bi[:, 0]) & (bj[:, 1] >= bi[:, 1]) & (bj[:, 2] <= bi[:, 2]) & (bj[:, 3] <= bi[:, 3])
        )
        i_box_in_j = (
            todo & (bi[:, 0] >= bj[:, 0]) & (bi[:, 1] >= bj[:, 1]) & (bi[:, 2] <= bj[:, 2]) & (bi[:, 3] <= bj[:, 3])
        )
        j_in_i = np.zeros(len(pi), dtype=bool)
        i_in_j = np.zeros(len(pi), dtype=bool)
        j_in_i[j_box_in_i] = shapely.covered_by(geoms[pj[j_box_in_i]], geoms[pi[j_box_in_i]])
        i_in_j[i_box_in_j & ~j_in_i] = shapely.covered_by(
            geoms[pi[i_box_in_j & ~j_in_i]], geoms[pj[i_box_in_j & ~j_in_i]]
        )
        out[j_in_i] = areas[pj[j_in_i]]
        out[i_in_j] = areas[pi[i_in_j]]
        rest = todo & ~(j_in_i | i_in_j)
        out[rest] = shapely.area(shapely.intersection(geoms[pi[rest]], geoms[pj[rest]]))
        return out


def candidate_pairs(geoms: np.ndarray, threads: int = DEFAULT_THREADS) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i < j) whose geometries intersect (STRtree bulk query)."""
    tree = shapely.STRtree(geoms)

    def query(part: slice) -> np.ndarray:
        found = tree.query(geoms[part], predicate="intersects")
        found[0] += part.start
        return found[:, found[0] < found[1]]

    found = _parallel(query, len(geoms), threads, QUERY_CHUNK)
    pairs = np.concatenate(found, axis=1) if found else np.empty((2, 0), dtype=np.intp)
    return pairs[0], pairs[1]


def overlap_pairs(geoms: Sequence | np.ndarray, threads: int = DEFAULT_THREADS) -> OverlapPairs:
    """Every pair (i < j) of polygons whose interiors overlap, with the overlap area (m²).

    Candidates come from an STRtree bulk query. Three kinds of work are skipped:
    two axis-aligned rectangles overlap by the product of their bounding-box overlaps
    (no geometry needed); where one polygon is covered by the other (tested only when
    its bounding box lies inside the other's) the overlap is its own area; only the
    remaining pairs are intersected. Touching pairs (overlap below `MIN_OVERLAP_M2`) drop out.
    """
    geoms = np.asarray(geoms, dtype=object)
    shapely.prepare(geoms)
    try:
        i, j = candidate_pairs(geoms, threads)  # each thread uses only its own inputs' prepared state
    finally:
        # GEOS builds a prepared geometry's indexes lazily, on first use: two threads using the same
        # prepared geometry at once can crash. The pairs below mix geometries across threads, so
        # they run on plain geometries (covered_by is only tried on the few bbox-nested pairs).
        shapely.destroy_prepared(geoms)
    shape = PairGeometry.of(geoms)
    measured = _parallel(lambda part: shape.measure(i[part], j[part]), len(i), threads, MEASURE_CHUNK)
    area = np.concatenate(measured) if measured else np.empty(0)
    keep = area >= MIN_OVERLAP_M2
    return OverlapPairs(i[keep], j[keep], area[keep])


@dataclass(frozen=True)
class Faces:
    """The planar partition: face geometries and, per face, the covering input indices."""

    geometries: np.ndarray
    members: list[np.ndarray]

    @property
    def areas(self) -> np.ndarray:
        """Face areas in m²."""
        return shapely.area(self.geometries)

    @property
    def depth(self) -> np.ndarray:
        """How many input polygons cover each face."""
        return np.fromiter((len(m) for m in self.members), dtype=np.intp, count=len(self.members))


def components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Connected-component label per polygon of the overlap graph."""
    graph = coo_matrix((np.ones(len(i), dtype=np.int8), (i, j)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


MAX_VERTICES = 2_000  # larger polygons are cut into pieces before noding


def subdivide(geometry: shapely.Geometry, max_vertices: int = MAX_VERTICES) -> list[shapely.Geometry]:
    """Cut a polygon into pieces of at most `max_vertices`, halving its box (like ST_Subdivide)."""
    if shapely.get_num_coordinates(geometry) <= max_vertices:
        return [geometry]
    minx, miny, maxx, maxy = geometry.bounds
    if maxx - minx >= maxy - miny:
        mid = (minx + maxx) / 2
        halves = [(minx, miny, mid, maxy), (mid, miny, maxx, maxy)]
    else:
        mid = (miny + maxy) / 2
        halves = [(minx, miny, maxx, mid), (minx, mid, maxx, maxy)]
    pieces = []
    for box in halves:
        part = shapely.clip_by_rect(geometry, *box)
        if not part.is_empty and shapely.area(part) > 0:
            pieces += subdivide(part, max_vertices)
    return pieces


def partition_group(geoms: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Faces of a small set of overlapping polygons: node the boundaries, polygonize, assign.

    Very large polygons are subdivided first, so that noding stays local; a face then
    lies inside one piece, and each piece answers for the polygon it came from.
    """
    owners = None
    if shapely.get_num_coordinates(geoms).max() > MAX_VERTICES:
        pieces = [subdivide(g) for g in geoms]
        owners = np.repeat(np.arange(len(geoms)), [len(p) for p in pieces])
        geoms = np.array([piece for p in pieces for piece in p], dtype=object)
    lines = shapely.union_all(shapely.boundary(geoms), grid_size=GRID)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
    if len(faces) == 0:
        return faces, []
    points = shapely.point_on_surface(faces)
    # Each polygon prepared once and asked which face points it contains (fast point-in-polygon),
    # rather than each point against every polygon near it.
    hit_geom, hit_point = shapely.STRtree(points).query(geoms, predicate="contains")
    order = np.argsort(hit_point, kind="stable")
    hit_point, hit_geom = hit_point[order], hit_geom[order]
    bounds = np.searchsorted(hit_point, np.arange(len(faces) + 1))
    members = [hit_geom[bounds[k] : bounds[k + 1]] for k in range(len(faces))]
    if owners is not None:
        members = [np.unique(owners[m]) for m in members]
    covered = np.fromiter((len(m) > 0 for m in members), dtype=bool, count=len(faces))
    faces, members = faces[covered], [m for m, c in zip(members, covered, strict=True) if c]
    if owners is not None:  # faces cut by the subdivision lines are one face again
        faces, members = merge_seams(faces, members, np.ones(len(faces), dtype=bool))
    return faces, members


def merge_seams(
    faces: np.ndarray, members: list[np.ndarray], candidates: np.ndarray
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Faces with the same covering polygons that share a stretch of boundary, merged into one face.

    Such faces are pieces of one face cut by a line that is no polygon's boundary (a tile border,
    a subdivision line): joined on the 1 mm grid, they are that face again. Only the faces marked
    in `candidates` (those on a cut line) take part; pieces that meet in a point stay apart.
    """
    by_members: dict[bytes, list[int]] = {}
    for k in np.flatnonzero(candidates).tolist():
        by_members.setdefault(np.sort(members[k]).astype(np.int64).tobytes(), []).append(k)
    groups = [ks for ks in by_members.values() if len(ks) > 1]
    if not groups:
        return faces, members
    new_faces, new_members = [], []
    for ks in groups:
        parts = shapely.get_parts(shapely.union_all(faces[ks], grid_size=GRID))
        parts = parts[shapely.area(parts) > 0]
        new_faces.append(parts)
        new_members += [members[ks[0]]] * len(parts)
    gone = np.zeros(len(faces), dtype=bool)
    gone[np.concatenate([np.asarray(ks) for ks in groups])] = True
    kept = np.flatnonzero(~gone)
    return (
        np.concatenate([faces[kept], *new_faces]),
        [members[k] for k in kept.tolist()] + new_members,
    )


def stack_faces(
    geoms: Sequence | np.ndarray,
    threads: int = DEFAULT_THREADS,
    pairs: OverlapPairs | None = None,
    tiled_group: int = TILED_GROUP,
) -> Faces:
    """The exact planar partition (stapelkaart) of the polygons.

    Polygons that overlap nothing are their own face. Each connected group of
    overlapping polygons is noded and polygonized on a 1 mm grid; each face keeps the
    indices of the polygons that cover it (faces in holes between polygons drop out).
    A group of more than `tiled_group` polygons is noded per tile and stitched
    (`analysis.tiles`): the same faces, in bounded memory and on every thread.
    """
    from novex.analysis.tiles import tiled_partition  # tiles builds on this module

    geoms = np.asarray(geoms, dtype=object)
    n = len(geoms)
    pairs = pairs if pairs is not None else overlap_pairs(geoms, threads)
    labels = components(n, pairs.i, pairs.j)
    sizes = np.bincount(labels, minlength=labels.max() + 1 if n else 0)
    alone = np.flatnonzero(sizes[labels] == 1)
    out_geoms: list[np.ndarray] = [geoms[alone]]
    out_members: list[list[np.ndarray]] = [[np.array([k]) for k in alone]]

    grouped = np.argsort(labels[sizes[labels] > 1], kind="stable")
    multi = np.flatnonzero(sizes[labels] > 1)[grouped]
    starts = np.flatnonzero(np.diff(labels[multi], prepend=-1))
    groups = np.split(multi, starts[1:]) if len(multi) else []
    large = [g for g in groups if len(g) > tiled_group]
    groups = [g for g in groups if len(g) <= tiled_group]

    def run(part: slice) -> tuple[list[np.ndarray], list[list[np.ndarray]]]:
        gs, ms = [], []
        for group in groups[part]:
            faces, members = partition_group(geoms[group])
            gs.append(faces)
            ms.append([group[m] for m in members])
        return gs, ms

    for gs, ms in _parallel(run, len(groups), threads, max(1, len(groups) // (4 * max(threads, 1)) + 1)):
        out_geoms.extend(gs)
        out_members.extend(ms)
    for group in large:
        faces, members = tiled_partition(geoms[group], threads)
        out_geoms.append(faces)
        out_members.append([group[m] for m in members])
    return Faces(np.concatenate(out_geoms) if out_geoms else np.empty(0, dtype=object),
                 [m for ms in out_members for m in ms])  # fmt: skip
