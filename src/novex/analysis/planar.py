"""Polygons as flat arrays, and the faces of a noded line arrangement traced in numpy.

`Polygons` holds many polygons the way GeoArrow does (coordinates, ring offsets, polygon
offsets): millions of stack-map faces cost their coordinates, not a Python object each, and
become Shapely geometries only where a caller asks for them.

`faces_of_noded` is a fast stand-in for GEOS polygonize. Once `union_all` has noded the
claims' boundaries (every crossing a vertex, no two segments overlapping), the faces of that
planar graph are found the classic way, on whole arrays at once:

1. every segment is two half-edges; at each vertex the outgoing half-edges are sorted by angle;
2. the half-edge after u→v is the one out of v that comes just before v→u (counter-clockwise
   order), so following `next` walks round each face with the face on its left;
3. the cycles of `next` are the rings: counter-clockwise ones (positive area) are the faces'
   shells; clockwise ones bound a component from outside — a hole in the face that holds that
   component (the smallest shell that contains it), or, held by no shell, the outer frame of a
   component that lies beside the others (several groups noded at once).

Where the graph is not a clean arrangement (an edge with the same face on both sides, two
segments leaving a vertex in the same direction) it answers None and the caller uses GEOS
polygonize, so the fast path never guesses.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components


def offsets_of(lengths: np.ndarray) -> np.ndarray:
    """CSR offsets (a leading 0, then the running total) of segment lengths."""
    out = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=out[1:])
    return out


def gather(offsets: np.ndarray, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the CSR segments at `keep` (concatenated), and their lengths."""
    lengths = np.diff(offsets)[keep]
    local = np.arange(lengths.sum()) - np.repeat(offsets_of(lengths)[:-1], lengths)
    return np.repeat(offsets[:-1][keep], lengths) + local, lengths


def drain(arrays: list[np.ndarray]) -> np.ndarray:
    """The arrays concatenated; the list is emptied as they are copied, so each is freed as soon as it can be."""
    if not arrays:
        return np.empty(0)
    out = np.empty((sum(len(a) for a in arrays), *arrays[0].shape[1:]), dtype=np.result_type(*arrays))
    arrays.reverse()
    pos = 0
    while arrays:
        a = arrays.pop()
        out[pos : pos + len(a)] = a
        pos += len(a)
    return out


@dataclass(frozen=True)
class Polygons:
    """Polygons as flat arrays: coordinates, ring offsets into them, polygon offsets into the rings."""

    coords: np.ndarray
    ring_offsets: np.ndarray
    offsets: np.ndarray

    @classmethod
    def of(cls, geometries: np.ndarray) -> Polygons:
        """The (single-part) polygons of a Shapely array."""
        if not len(geometries):
            return cls.empty()
        kind, coords, (rings, polys) = shapely.to_ragged_array(np.asarray(geometries, dtype=object))
        if kind != shapely.GeometryType.POLYGON:
            raise ValueError(f"vlakken moeten polygonen zijn, niet {kind.name}")
        return cls(coords, rings.astype(np.int64), polys.astype(np.int64))

    @classmethod
    def empty(cls) -> Polygons:
        """No polygons."""
        return cls(np.empty((0, 2)), np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.int64))

    @classmethod
    def concat(cls, parts: list[Polygons]) -> Polygons:
        """All polygons of `parts`, in order (the list is emptied: each part is freed once copied)."""
        if not parts:
            return cls.empty()
        n_coords = np.cumsum([0] + [len(p.coords) for p in parts])
        n_rings = np.cumsum([0] + [len(p.ring_offsets) - 1 for p in parts])
        coords = [p.coords for p in parts]
        rings = [p.ring_offsets[1:] + k for p, k in zip(parts, n_coords, strict=False)]
        polys = [p.offsets[1:] + k for p, k in zip(parts, n_rings, strict=False)]
        parts.clear()
        return cls(drain(coords), drain([np.zeros(1, np.int64), *rings]), drain([np.zeros(1, np.int64), *polys]))

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def take(self, keep: np.ndarray) -> Polygons:
        """The polygons at positions `keep`."""
        rings, n_rings = gather(self.offsets, keep)
        points, n_points = gather(self.ring_offsets, rings)
        return Polygons(self.coords[points], offsets_of(n_points), offsets_of(n_rings))

    def geometries(self) -> np.ndarray:
        """The polygons as a Shapely array."""
        if not len(self):
            return np.empty(0, dtype=object)
        return shapely.from_ragged_array(shapely.GeometryType.POLYGON, self.coords, (self.ring_offsets, self.offsets))

    def areas(self, block: int = 1 << 18) -> np.ndarray:
        """Area of each polygon (shell minus holes), by the shoelace formula on coordinates relative to each ring.

        Computed `block` polygons at a time, so the temporaries stay small beside millions of faces.
        """
        out = np.empty(len(self), dtype=np.float64)
        for start in range(0, len(self), block):
            stop = min(start + block, len(self))
            out[start:stop] = self._areas(start, stop)
        return out

    def _areas(self, start: int, stop: int) -> np.ndarray:
        rings = self.ring_offsets[self.offsets[start] : self.offsets[stop] + 1]
        coords = self.coords[rings[0] : rings[-1]]
        rings = rings - rings[0]
        n_rings = len(rings) - 1
        ring_len = np.diff(rings)
        ring_of = np.repeat(np.arange(n_rings), ring_len)
        xy = coords - np.repeat(coords[rings[:-1]], ring_len, axis=0)
        ahead = np.arange(1, len(xy) + 1)
        ahead[rings[1:] - 1] = rings[:-1]  # the last point pairs with the first
        cross = xy[:, 0] * xy[ahead, 1] - xy[ahead, 0] * xy[:, 1]
        ring_area = np.abs(np.bincount(ring_of, weights=cross, minlength=n_rings)) / 2
        offsets = self.offsets[start : stop + 1] - self.offsets[start]
        shell = np.zeros(n_rings, dtype=bool)
        shell[offsets[:-1]] = True
        poly_of = np.repeat(np.arange(stop - start), np.diff(offsets))
        return np.bincount(poly_of, weights=np.where(shell, ring_area, -ring_area), minlength=stop - start)

    def bounds(self) -> np.ndarray:
        """(minx, miny, maxx, maxy) of each polygon (its shell)."""
        starts = self.ring_offsets[self.offsets[:-1]]
        out = np.empty((len(self), 4))
        if not len(self):
            return out
        out[:, :2] = np.minimum.reduceat(self.coords, starts)
        out[:, 2:] = np.maximum.reduceat(self.coords, starts)
        return out

    def interior_points(self) -> np.ndarray:
        """A point inside each polygon, (x, y), found the way GEOS's InteriorPointArea finds it, on whole arrays.

        A horizontal line halfway between the two vertex heights nearest the middle of the polygon's
        box meets no vertex. Its crossings with the rings, sorted, bound the stretches inside the
        polygon (1st to 2nd, 3rd to 4th, ...); the point is the middle of the widest.
        """
        n = len(self)
        out = np.full((n, 2), np.nan)
        if not n:
            return out
        x, y = self.coords[:, 0], self.coords[:, 1]
        ring_of = np.repeat(np.arange(len(self.ring_offsets) - 1), np.diff(self.ring_offsets))
        poly_of = np.repeat(np.arange(n), np.diff(self.offsets))[ring_of]
        starts = self.ring_offsets[self.offsets[:-1]]
        middle = (np.minimum.reduceat(y, starts) + np.maximum.reduceat(y, starts)) / 2
        lower = np.maximum.reduceat(np.where(y <= middle[poly_of], y, -np.inf), starts)
        upper = np.minimum.reduceat(np.where(y > middle[poly_of], y, np.inf), starts)
        scan = (lower + upper) / 2
        a = np.flatnonzero(ring_of[:-1] == ring_of[1:])  # edges: consecutive points of a ring
        b = a + 1
        poly = poly_of[a]
        crossing = (y[a] < scan[poly]) != (y[b] < scan[poly])
        a, b, poly = a[crossing], b[crossing], poly[crossing]
        xa, ya, xb, yb, line = x[a], y[a], x[b], y[b], scan[poly]
        cross_x = xa + (line - ya) * (xb - xa) / (yb - ya)
        order = np.lexsort((cross_x, poly))
        poly, cross_x = poly[order], cross_x[order]
        first = np.searchsorted(poly, poly)  # each crossing's polygon's first crossing
        opens = (np.arange(len(poly)) - first) % 2 == 0  # an inside stretch starts here
        opens &= np.append(poly[1:] == poly[:-1], False)
        k = np.flatnonzero(opens)
        width = cross_x[k + 1] - cross_x[k]
        widest = np.lexsort((-width, poly[k]))
        pick = k[widest][np.flatnonzero(np.diff(poly[k][widest], prepend=-1) != 0)]
        found = poly[pick]
        out[found, 0] = (cross_x[pick] + cross_x[pick + 1]) / 2
        out[found, 1] = scan[found]
        return out


def faces_of_noded(noded: shapely.Geometry) -> Polygons | None:
    """The bounded faces of a noded (Multi)LineString, or None if it is no clean arrangement."""
    coords, line = _coordinates_by_line(noded)
    if len(coords) < 3:
        return Polygons.empty()
    vertex_of, vertex_first = _vertices(coords)
    xy = coords[vertex_first]
    rel = xy - xy.min(axis=0)  # relative coordinates keep the shoelace sums exact enough
    same_line = line[:-1] == line[1:]
    u, v = vertex_of[:-1][same_line], vertex_of[1:][same_line]
    keep = u != v
    u, v = u[keep], v[keep]
    n_seg = len(u)
    if n_seg < 3:
        return None
    orig, dest = np.concatenate([u, v]), np.concatenate([v, u])
    twin = np.concatenate([np.arange(n_seg, 2 * n_seg), np.arange(n_seg)])
    nxt = _next_half_edge(orig, dest, rel, twin)
    if nxt is None:
        return None
    n_cycles, label = connected_components(
        csr_matrix((np.ones(2 * n_seg, dtype=np.int8), (np.arange(2 * n_seg), nxt)), shape=(2 * n_seg,) * 2),
        directed=True,
        connection="weak",
    )
    if np.any(label == label[twin]):  # an edge with one face on both sides: not a clean arrangement
        return None
    cross = rel[orig, 0] * rel[dest, 1] - rel[dest, 0] * rel[orig, 1]
    area2 = np.bincount(label, weights=cross, minlength=n_cycles)
    order = _walk_order(nxt, label)
    return _faces(order, label, orig, xy, area2)


def _coordinates_by_line(noded: shapely.Geometry) -> tuple[np.ndarray, np.ndarray]:
    """All coordinates of the lines, with the number of the line each belongs to."""
    lengths = _segment_part_lengths(noded)
    if lengths is not None:
        return shapely.get_coordinates(noded), np.repeat(np.arange(len(lengths)), lengths)
    kind, coords, offsets = shapely.to_ragged_array([noded])
    starts = offsets[0] if kind == shapely.GeometryType.MULTILINESTRING else np.array([0, len(coords)])
    return coords, np.repeat(np.arange(len(starts) - 1), np.diff(starts))


def _segment_part_lengths(noded: shapely.Geometry) -> np.ndarray | None:
    """The point count of each part of a noded MultiLineString, read from its WKB; None if it cannot be.

    Splitting a MultiLineString into parts makes a Python object per part, the largest cost of
    tracing. In the WKB each part starts with a header — byte order 1, type 2 (LineString), point
    count — and its points follow (16 bytes each), so each header says where the next one is.
    Every place where the header's five bytes occur is a candidate (coordinates may hold them by
    chance); the parts are the chain of candidates that starts at the first part and ends at the
    last byte, found by pointer doubling. Every header on it is checked again at the end.
    """
    if shapely.get_type_id(noded) != shapely.GeometryType.MULTILINESTRING:
        return None
    n_parts = int(shapely.get_num_geometries(noded))
    if not n_parts:
        return None
    wkb = np.frombuffer(shapely.to_wkb(noded, output_dimension=2, byte_order=1), dtype=np.uint8)
    end = len(wkb) - 9
    head = np.flatnonzero(
        (wkb[:end] == 1) & (wkb[1 : end + 1] == 2) & (wkb[2 : end + 2] == 0) & (wkb[3 : end + 3] == 0)
        & (wkb[4 : end + 4] == 0)
    )  # fmt: skip
    if not len(head) or head[0] != 9:  # the first part follows the MultiLineString's own 9 bytes
        return None
    count = _uint32_at(wkb, head + 5)
    following = head + 9 + 16 * count
    ahead = np.minimum(np.searchsorted(head, following), len(head) - 1)
    last, broken = len(head), len(head) + 1  # absorbing: the chain ended at the last byte / ran astray
    succ = np.where(head[ahead] == following, ahead, np.where(following == len(wkb), last, broken))
    succ = np.append(succ, [last, broken])
    jumps = [succ]  # jumps[k]: 2**k steps along the chain
    while 2 ** len(jumps) <= n_parts:
        jumps.append(jumps[-1][jumps[-1]])
    reached = np.zeros(len(succ), dtype=bool)
    reached[0] = True
    for jump in reversed(jumps):  # from the first part: every part within 2**len(jumps) steps
        reached[jump[np.flatnonzero(reached)]] = True
    on_chain = np.flatnonzero(reached[: len(head)])
    if reached[broken] or not reached[last] or len(on_chain) != n_parts:
        return None
    lengths, at = count[on_chain], head[on_chain]
    headers_ok = at[-1] + 9 + 16 * lengths[-1] == len(wkb) and np.array_equal(
        at, 9 + 9 * np.arange(n_parts) + 16 * (np.cumsum(lengths) - lengths)
    )
    return lengths if headers_ok else None


def _uint32_at(buffer: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Little-endian unsigned 32-bit integers at byte offsets `at`."""
    return buffer[at[:, None] + np.arange(4)].copy().view("<u4").ravel().astype(np.int64)


def _vertices(coords: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vertex id per coordinate (exactly equal coordinates are one vertex) and each vertex's first coordinate."""
    keys = np.ascontiguousarray(coords).view(np.complex128).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return inverse.ravel(), first


def _next_half_edge(orig: np.ndarray, dest: np.ndarray, rel: np.ndarray, twin: np.ndarray) -> np.ndarray | None:
    """`next` per half-edge: out of its head, the edge just clockwise of the way back (face on the left).

    None if two half-edges leave a vertex the same way: a segment given twice, or overlapping lines.
    """
    d = rel[dest] - rel[orig]
    angle = np.arctan2(d[:, 1], d[:, 0])
    order = np.lexsort((angle, orig))
    so, sa = orig[order], angle[order]
    if np.any((so[1:] == so[:-1]) & (sa[1:] == sa[:-1])):  # two edges leave a vertex the same way
        return None
    pos = np.empty_like(order)
    pos[order] = np.arange(len(order))
    n_vertices = int(orig.max()) + 1
    start = np.searchsorted(so, np.arange(n_vertices))
    degree = np.bincount(orig, minlength=n_vertices)
    back = pos[twin]  # position of v→u among the half-edges out of v
    before = np.where(back > start[dest], back - 1, start[dest] + degree[dest] - 1)
    return order[before]


def _walk_order(nxt: np.ndarray, label: np.ndarray) -> np.ndarray:
    """Half-edges sorted by cycle, each cycle in walking order (list ranking by pointer doubling)."""
    n = len(nxt)
    itself = np.arange(n)
    head = np.full(int(label.max()) + 1, n, dtype=np.int64)
    np.minimum.at(head, label, itself)  # the lowest half-edge of each cycle starts its walk
    is_head = np.zeros(n, dtype=bool)
    is_head[head] = True
    succ = np.where(is_head[nxt], itself, nxt)  # each cycle broken just before its head
    rest = (succ != itself).astype(np.int64)  # steps to the end of the broken cycle
    while True:
        jumped = succ[succ]
        if np.array_equal(jumped, succ):
            break
        rest = rest + rest[succ]
        succ = jumped
    return np.lexsort((-rest, label))


def _faces(
    order: np.ndarray, label: np.ndarray, orig: np.ndarray, xy: np.ndarray, area2: np.ndarray
) -> Polygons | None:
    """Shells (counter-clockwise cycles) with their holes (clockwise cycles inside them)."""
    cyc = label[order]
    shell_ids = np.flatnonzero(area2 > 0)
    hole_ids = np.flatnonzero(area2 < 0)
    hole_ids = hole_ids[hole_ids != np.argmin(area2)]  # the outer frame bounds no face
    start = np.searchsorted(cyc, np.arange(len(area2)))
    length = np.bincount(cyc, minlength=len(area2))
    vertex_at = orig[order]
    shells = _rings(shell_ids, np.arange(len(shell_ids)), start, length, vertex_at, xy)
    if not len(hole_ids):
        return shells
    hit_hole, hit_shell = _points_in_shells(xy[vertex_at[start[hole_ids]]], shells)
    if not len(hit_hole):  # each bounds a component lying in no face (groups side by side)
        return shells
    pick = np.lexsort((area2[shell_ids][hit_shell], hit_hole))
    first = np.flatnonzero(np.diff(hit_hole[pick], prepend=-1) != 0)
    hole_ids = hole_ids[hit_hole[pick][first]]  # the others lie in no face
    owner = hit_shell[pick][first]  # per hole (in hole order): the smallest shell around it
    face_of_ring = np.concatenate([np.arange(len(shell_ids)), owner])
    ring_ids = np.concatenate([shell_ids, hole_ids])
    is_hole = np.concatenate([np.zeros(len(shell_ids), bool), np.ones(len(hole_ids), bool)])
    ring_order = np.lexsort((is_hole, face_of_ring))
    return _rings(ring_ids[ring_order], face_of_ring[ring_order], start, length, vertex_at, xy)


def _points_in_shells(points: np.ndarray, shells: Polygons) -> tuple[np.ndarray, np.ndarray]:
    """(point, shell) pairs with the point strictly inside the shell; only shells whose box holds a point are built."""
    bounds = shells.bounds()
    hit_point, hit_box = shapely.STRtree(shapely.points(points)).query(shapely.box(*bounds.T))[::-1]
    candidates, local = np.unique(hit_box, return_inverse=True)
    inside = shapely.within(shapely.points(points[hit_point]), shells.take(candidates).geometries()[local])
    return hit_point[inside], hit_box[inside]


def _rings(
    cycles: np.ndarray, face: np.ndarray, start: np.ndarray, length: np.ndarray, vertex_at: np.ndarray, xy: np.ndarray
) -> Polygons:
    """Polygons from cycles (grouped by `face`, shell first), each ring closed on its first vertex."""
    n = length[cycles] + 1
    ring_offsets = offsets_of(n)
    local = np.arange(ring_offsets[-1]) - np.repeat(ring_offsets[:-1], n)
    local[ring_offsets[1:] - 1] = 0
    coords = xy[vertex_at[np.repeat(start[cycles], n) + local]]
    return Polygons(coords, ring_offsets, offsets_of(np.bincount(face, minlength=int(face.max(initial=-1)) + 1)))
