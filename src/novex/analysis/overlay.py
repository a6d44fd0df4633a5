"""Vectorised overlay kernels over arrays of RD New polygons (Shapely 2, STRtree).

Pure functions over numpy arrays of geometries returning plain arrays, used by the
CLI, the API and the benchmarks alike:

- `overlap_pairs`: every pair (i < j) whose interiors overlap, with the overlap area.
- `partition_group`: the exact planar partition of one group of overlapping polygons: every
  face with the set of input polygons covering it (`Faces`); `merge_seams` joins faces cut by
  lines that are no polygon's boundary. `analysis.stacking` builds the whole stack map on these.

Work is split in chunks over a small thread pool: Shapely releases the GIL inside its
vectorised operations, so both cores are used without copying geometries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cache, cached_property

import numpy as np
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from novex.analysis.planar import Polygons, drain, faces_of_noded, gather, offsets_of
from novex.geo.hygiene import GRID  # 1 mm in RD New: the precision grid of ingest and of every overlay

# Overlaps below one square millimetre (the grid's precision) are rounding where two polygons
# touch, not overlap: whether such a sliver comes out as 0 or 1e-7 m² depends on how the
# coordinates were read, and the pair set must not.
MIN_OVERLAP_M2 = GRID * GRID
DEFAULT_THREADS = 2
QUERY_CHUNK = 20_000  # geometries per STRtree query task
MEASURE_CHUNK = 50_000  # pairs per intersection task
PARALLEL_MIN = 2_000  # items below which one thread does the work


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

        Any pairs may be given (pairs whose boxes merely overlap measure 0). Two axis-aligned
        rectangles overlap by the product of their box overlaps; a rectangle and another polygon
        by the area of the polygon clipped to the rectangle (`clip_by_rect`, a fraction of the
        cost of a general intersection); where one polygon is covered by the other (tried only
        when its box lies inside the other's) the overlap is its own area; the other pairs are
        intersected. No prepared geometry is used: chunks of pairs may run on several threads
        at once over the same polygons.
        """
        geoms, areas, bounds, box = self.geoms, self.areas, self.bounds, self.box
        bi, bj = bounds[pi], bounds[pj]
        dx = np.minimum(bi[:, 2], bj[:, 2]) - np.maximum(bi[:, 0], bj[:, 0])
        dy = np.minimum(bi[:, 3], bj[:, 3]) - np.maximum(bi[:, 1], bj[:, 1])
        box_i, box_j = box[pi], box[pj]
        out = np.where(box_i & box_j, np.clip(dx, 0, None) * np.clip(dy, 0, None), np.nan)
        one_box = box_i ^ box_j
        if one_box.any():
            rect = np.where(box_i, pi, pj)[one_box]
            other = np.where(box_i, pj, pi)[one_box]
            r = bounds[rect]
            # The ufunc behind shapely.clip_by_rect, which takes one rectangle per geometry (the
            # public wrapper accepts only scalars); shapely is pinned, tests/unit/test_overlay checks it.
            clipped = shapely.lib.clip_by_rect(geoms[other], r[:, 0], r[:, 1], r[:, 2], r[:, 3])
            out[one_box] = shapely.area(clipped)
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


def candidate_pairs(
    geoms: np.ndarray, threads: int = DEFAULT_THREADS, predicate: str | None = "intersects"
) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i < j) whose geometries intersect (STRtree bulk query), in order of i.

    With `predicate=None`, the pairs whose bounding boxes intersect: no geometry is
    tested (a tenth of the cost), a superset of the intersecting pairs.
    """
    tree = shapely.STRtree(geoms)

    def query(part: slice) -> np.ndarray:
        found = tree.query(geoms[part], predicate=predicate)
        found[0] += part.start
        return found[:, found[0] < found[1]]

    found = _parallel(query, len(geoms), threads, QUERY_CHUNK)
    pairs = np.concatenate(found, axis=1) if found else np.empty((2, 0), dtype=np.intp)
    return pairs[0], pairs[1]


def overlap_pairs(geoms: Sequence | np.ndarray, threads: int = DEFAULT_THREADS) -> OverlapPairs:
    """Every pair (i < j) of polygons whose interiors overlap, with the overlap area (m²).

    Candidates are the pairs whose bounding boxes intersect (STRtree bulk query without a
    predicate: an `intersects` test per candidate would cost more than it saves, the
    measurement below does the work once). Each chunk of candidates is measured by
    `PairGeometry.measure` on the thread pool (rectangles by arithmetic or `clip_by_rect`,
    nested polygons by their own area, the rest by intersection); only the areas are kept,
    so the intersection geometries of one chunk at a time are in memory. Touching and
    disjoint pairs (overlap below `MIN_OVERLAP_M2`) drop out.

    Thread safety: GEOS builds a prepared geometry's indexes lazily, on first use, so two
    threads using the same prepared geometry at once can crash. Nothing here prepares the
    polygons; a kernel that does must prepare its own copies, per thread.
    """
    geoms = np.asarray(geoms, dtype=object)
    i, j = candidate_pairs(geoms, threads, predicate=None)
    shape = PairGeometry.of(geoms)

    def measure(part: slice) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        area = shape.measure(i[part], j[part])
        keep = area >= MIN_OVERLAP_M2
        return i[part][keep], j[part][keep], area[keep]

    measured = _parallel(measure, len(i), threads, MEASURE_CHUNK)
    if not measured:
        return OverlapPairs(np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp), np.empty(0))
    return OverlapPairs(*(np.concatenate(parts) for parts in zip(*measured, strict=True)))


@dataclass(frozen=True, eq=False)
class Faces:
    """The planar partition: face shapes and, per face, the input polygons covering it.

    Shapes are a Shapely array or, for large partitions, flat arrays (`planar.Polygons`,
    turned into geometries only when asked). Members are kept in two parts, so that deep
    stacks do not cost memory per face: each face's own list (`own`, CSR with
    `own_offsets`) and, optionally, one shared set (`face_set`, an index into the CSR
    `sets`/`set_offsets`, -1 for none) — the claims that cover a whole (sub-)tile are one
    set for all its faces. A face's members are both together.
    """

    shapes: np.ndarray | Polygons
    own: np.ndarray
    own_offsets: np.ndarray
    face_set: np.ndarray
    sets: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int32))
    set_offsets: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))

    @classmethod
    def from_lists(cls, shapes: np.ndarray | Polygons, members: Sequence[np.ndarray]) -> Faces:
        """Faces with each face's members as its own list."""
        lengths = np.fromiter((len(m) for m in members), dtype=np.int64, count=len(members))
        own = np.concatenate(members).astype(np.int32) if len(members) else np.empty(0, dtype=np.int32)
        return cls(shapes, own, offsets_of(lengths), np.full(len(members), -1, dtype=np.int64))

    @classmethod
    def concat(cls, parts: list[Faces]) -> Faces:
        """One partition from several, shared sets renumbered (the list is emptied: parts are freed as copied)."""
        if not parts:
            return cls.from_lists(np.empty(0, dtype=object), [])
        plain = all(isinstance(p.shapes, np.ndarray) for p in parts)
        if not plain:  # flat arrays hold polygons: a multipolygon face (a claim alone) becomes one face per part
            parts[:] = [p.exploded() for p in parts]
        shape_parts = [p.shapes if plain else p.polygons for p in parts]
        n_sets = np.cumsum([0] + [len(p.set_offsets) - 1 for p in parts])
        face_set = [np.where(p.face_set >= 0, p.face_set + k, -1) for p, k in zip(parts, n_sets, strict=False)]
        own_len = [np.diff(p.own_offsets) for p in parts]
        set_len = [np.diff(p.set_offsets) for p in parts]
        own, sets = [p.own for p in parts], [p.sets for p in parts]
        parts.clear()
        shapes = drain(shape_parts) if plain else Polygons.concat(shape_parts)
        return cls(
            shapes,
            drain(own).astype(np.int32, copy=False),
            offsets_of(drain(own_len)),
            drain(face_set).astype(np.int64, copy=False),
            drain(sets).astype(np.int32, copy=False),
            offsets_of(drain(set_len)),
        )

    def __len__(self) -> int:
        return len(self.face_set)

    @cached_property
    def geometries(self) -> np.ndarray:
        """The faces as a Shapely array."""
        return self.shapes if isinstance(self.shapes, np.ndarray) else self.shapes.geometries()

    @cached_property
    def polygons(self) -> Polygons:
        """The faces as flat arrays."""
        return self.shapes if isinstance(self.shapes, Polygons) else Polygons.of(self.shapes)

    def take(self, keep: np.ndarray) -> Faces:
        """The faces at the positions `keep`, with their members."""
        at, lengths = gather(self.own_offsets, keep)
        shapes = self.shapes[keep] if isinstance(self.shapes, np.ndarray) else self.shapes.take(keep)
        return replace(
            self, shapes=shapes, own=self.own[at], own_offsets=offsets_of(lengths), face_set=self.face_set[keep]
        )

    def exploded(self) -> Faces:
        """The faces with each multi-part face split into one face per polygon (the same members each)."""
        if not isinstance(self.shapes, np.ndarray):
            return self
        parts, whose = shapely.get_parts(self.shapes, return_index=True)
        if len(parts) == len(self.shapes):
            return self
        return replace(self.take(whose), shapes=parts)

    @property
    def areas(self) -> np.ndarray:
        """Face areas in m²."""
        return shapely.area(self.shapes) if isinstance(self.shapes, np.ndarray) else self.shapes.areas()

    @property
    def depth(self) -> np.ndarray:
        """How many input polygons cover each face."""
        return np.diff(self.own_offsets) + _with_none(np.diff(self.set_offsets))[self.face_set]

    def member_of(self, k: int) -> np.ndarray:
        """The sorted indices of the input polygons covering face `k`."""
        own = self.own[self.own_offsets[k] : self.own_offsets[k + 1]]
        s = int(self.face_set[k])
        if s < 0:
            return np.sort(own)
        return np.sort(np.concatenate([own, self.sets[self.set_offsets[s] : self.set_offsets[s + 1]]]))

    @cached_property
    def members(self) -> list[np.ndarray]:
        """Per face the sorted covering indices (built on first use: costly for deep partitions)."""
        return [self.member_of(k) for k in range(len(self))]

    def sums(self, values: np.ndarray) -> np.ndarray:
        """Per face the sum of a per-input integer value over its covering inputs (unsigned ones wrap)."""
        per_set = _segment_sums(values[self.sets], self.set_offsets)
        return _segment_sums(values[self.own], self.own_offsets) + _with_none(per_set)[self.face_set]

    def masks(self, bits: np.ndarray) -> np.ndarray:
        """Per face the OR of a per-input bit mask over its covering inputs."""
        return (
            _segment_or(bits[self.own], self.own_offsets)
            | _with_none(_segment_or(bits[self.sets], self.set_offsets))[self.face_set]
        )


def _with_none(per_set: np.ndarray) -> np.ndarray:
    """Per-set values with a zero at the end, for faces without a set (`face_set` -1)."""
    return np.concatenate([per_set, np.zeros(1, dtype=per_set.dtype)])


def _segment_sums(values: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    total = np.zeros(len(values) + 1, dtype=values.dtype)
    np.cumsum(values, out=total[1:])
    return total[offsets[1:]] - total[offsets[:-1]]


def _segment_or(values: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    if not len(values):
        return np.zeros(len(offsets) - 1, dtype=values.dtype)
    starts = offsets[:-1]
    nonempty = starts < offsets[1:]
    out = np.zeros(len(starts), dtype=values.dtype)
    out[nonempty] = np.bitwise_or.reduceat(values, starts[nonempty])
    return out


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


def polygonize_noded(noded: shapely.Geometry) -> Polygons:
    """The faces of noded lines: traced in numpy (`planar`), or by GEOS where that path declines."""
    faces = faces_of_noded(noded)
    return faces if faces is not None else Polygons.of(shapely.get_parts(shapely.polygonize(shapely.get_parts(noded))))


def assign(faces: np.ndarray, geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per face, which of `geoms` cover it: (covering indices face by face, count per face).

    Each polygon is prepared once and asked which faces' inner points it contains (fast
    point-in-polygon), rather than each point against every polygon near it.
    """
    points = shapely.point_on_surface(faces)
    hit_geom, hit_point = shapely.STRtree(points).query(geoms, predicate="contains")
    if len(faces) < 2**16:  # numpy sorts 16-bit keys by radix, in linear time
        hit_point = hit_point.astype(np.uint16)
    order = np.argsort(hit_point, kind="stable")
    return hit_geom[order], np.bincount(hit_point, minlength=len(faces))


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
    faces = polygonize_noded(shapely.union_all(shapely.boundary(geoms))).geometries()
    if len(faces) == 0:
        return faces, []
    hits, depth = assign(faces, geoms)
    if owners is not None:
        hits = owners[hits]
    covered = depth > 0
    members = np.split(hits, np.cumsum(depth)[:-1])
    faces, members = faces[covered], [m for m, c in zip(members, covered, strict=True) if c]
    if owners is not None:  # faces cut by the subdivision lines are one face again
        merged = merge_seams(Faces.from_lists(faces, [np.unique(m) for m in members]))
        return merged.geometries, merged.members
    return faces, members


def merge_seams(faces: Faces, seed: int = 20_260_101) -> Faces:
    """Faces with the same covering polygons that share a stretch of boundary, merged into one face.

    `faces` are pieces of faces cut by lines that are no polygon's boundary (tile borders,
    subdivision lines): joined, pieces with the same covering set are that face again; pieces
    that meet in a point stay apart. The pieces come out of noded arrangements, so they are joined
    in floating point (GEOS OverlayNG) rather than snapped to the grid once more, at a quarter of
    the cost; a face of a large restriction area cut into many pieces is one
    `disjoint_subset_union_all`. Pieces are matched by two independent
    64-bit hashes of their covering set (a random number per polygon, summed) and their depth.
    """
    if len(faces) < 2:
        return faces
    n_inputs = int(max(faces.own.max(initial=-1), faces.sets.max(initial=-1))) + 1
    noise = np.random.default_rng(seed).integers(0, 2**63, size=(2, n_inputs), dtype=np.uint64)
    depth, h0, h1 = faces.depth, faces.sums(noise[0]), faces.sums(noise[1])
    order = np.lexsort((depth, h1, h0))
    keys = np.column_stack([h0, h1, depth.astype(np.uint64)])[order]
    bounds = np.concatenate([[0], np.flatnonzero(np.any(np.diff(keys, axis=0) != 0, axis=1)) + 1, [len(order)]])
    size = np.diff(bounds)
    if not np.any(size > 1):
        return faces
    two = bounds[:-1][size == 2]
    pairs = np.column_stack([order[two], order[two + 1]])
    larger = [order[a:b] for a, b in zip(bounds[:-1][size > 2], bounds[1:][size > 2], strict=True)]
    geometries = faces.geometries
    merged = [
        g
        for part in _parallel(
            lambda part: shapely.union(geometries[pairs[part, 0]], geometries[pairs[part, 1]]),
            len(pairs),
            DEFAULT_THREADS,
            MEASURE_CHUNK,
        )
        for g in part
    ]
    merged += [shapely.disjoint_subset_union_all(geometries[g]) for g in larger]
    firsts = np.concatenate([pairs[:, 0], np.array([g[0] for g in larger], dtype=np.int64)])
    parts, whose = shapely.get_parts(np.array(merged, dtype=object), return_index=True)
    keep = shapely.area(parts) > 0
    parts, whose = parts[keep], whose[keep]
    gone = np.zeros(len(faces), dtype=bool)
    gone[order[np.repeat(size > 1, size)]] = True
    joined = replace(faces.take(firsts[whose]), shapes=parts)  # each piece keeps the members of its group
    return Faces.concat([faces.take(np.flatnonzero(~gone)), joined])
