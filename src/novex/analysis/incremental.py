"""The national puzzle kept up to date change by change: only the touched groups of claims are recomputed.

`IncrementalPuzzle` holds the pieces `puzzle.analyse` computes — overlapping pairs with their
areas, the faces of each connected group of overlapping claims (cut where restriction areas begin
and end) split over the provinces, each claim's area per province, and what each pair adds to the
report — keyed by item, so that a change to a few claims recomputes only:

- the pairs of the changed claims (an STRtree of the first geometries, plus the changed ones);
- the connected groups of claims the changed claims were or now are in (noded and polygonized
  again with the kernel `stacking.stack_faces` uses, then cut by the restriction areas over them);
- the changed claims' areas per province and the findings of their pairs.

A large connected group (more than `tiled_group` claims, e.g. thousands of overlapping search areas)
is not noded as a whole: its claims are noded per tile of a fixed grid in RD New (`tile_m` metres),
cut at the tile borders, and a change re-nodes only the tiles the changed claims cover before and
after. Areas add up over the tiles; the multi-domain faces (hotspots) are stitched back across tile
borders, so they read as the untiled faces do (to the millimetre grid the borders are snapped to).

Restriction areas never join claims into one group: a large Natura 2000 area under thousands of
claims would otherwise make one group of them all. The land under restriction areas that no claim
covers is their own land (overlaid once) minus the claimed faces under them.

`puzzle()` sums the pieces into the `Puzzle` a full `analyse` gives for the same items in the
same order (claims by id, then restriction areas by id): the same pairs with the same areas, the
same conflicts and overlaps, and the same figures to the reported 0.0001 ha (the two overlays
node in another order). The national scope only; a scope of provinces is a full `analyse`.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import shapely

from novex.analysis.overlay import (
    MIN_OVERLAP_M2,
    OverlapPairs,
    PairGeometry,
    components,
    overlap_pairs,
    partition_group,
    subdivide,
)
from novex.analysis.puzzle import (
    ClaimAreas,
    Hotspot,
    Matrix,
    PairArea,
    PairFinding,
    Puzzle,
    _budgets,
    _claimed,
    _feasibility,
    claim_areas,
    pair_findings,
    select_findings,
    split_by_province,
    sum_groups,
)
from novex.claims.model import Claim, RestrictionArea
from novex.geo.crs import M2_PER_HA
from novex.geo.hygiene import GRID
from novex.reference.provinces import ProvinceIndex

Item = Claim | RestrictionArea
T, R = TypeVar("T"), TypeVar("R")
Key = tuple[int, int]  # (0, claim id) or (1, restriction area id): the canonical order of the items


def key_of(item: Item) -> Key:
    """An item's place in the canonical order: claims by id, then restriction areas by id."""
    return (0, item.id) if isinstance(item, Claim) else (1, item.id)


Tile = tuple[int, int]  # (column, row) of the grid large groups are noded on
TILED_GROUP = 300  # claims in a connected group beyond which it is noded per tile
TILE_M = 2_000.0  # edge of a tile in metres (RD New)


@dataclass
class _Group:
    """A connected group of overlapping items and the ids of its faces (none when noded per tile)."""

    members: tuple[Key, ...]
    faces: list[int]
    tiled: bool = False


@dataclass
class _FaceTable:
    """Face pieces per province as growable columns; rows of replaced groups are marked dead."""

    face: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    prov: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    ha: np.ndarray = field(default_factory=lambda: np.empty(0))
    claim_mask: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))  # domain bits of claims
    restriction_mask: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    depth: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))  # how many claims
    alive: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=bool))

    COLUMNS = ("face", "prov", "ha", "claim_mask", "restriction_mask", "depth", "alive")

    def append(self, **columns: np.ndarray) -> None:
        """Add rows (every column but `alive`, which new rows get as True)."""
        columns["alive"] = np.ones(len(columns["face"]), dtype=bool)
        for name in self.COLUMNS:
            setattr(self, name, np.concatenate([getattr(self, name), columns[name]]))

    def kill(self, faces: Iterable[int]) -> None:
        gone = np.fromiter(faces, dtype=np.int64)
        if len(gone):
            self.alive &= ~np.isin(self.face, gone)

    def copy(self) -> _FaceTable:
        """A copy whose columns can change without changing these."""
        return _FaceTable(*(getattr(self, name).copy() for name in self.COLUMNS))


class IncrementalPuzzle:
    """The national puzzle over claims and restriction areas, updated by `apply` and read by `puzzle`."""

    def __init__(
        self,
        claims: Sequence[Claim],
        restrictions: Sequence[RestrictionArea],
        index: ProvinceIndex,
        matrix: Matrix,
        min_conflict_ha: float = 1.0,
        domains: Iterable[str] = (),
        tiled_group: int = TILED_GROUP,
        tile_m: float = TILE_M,
    ) -> None:
        self.index, self.matrix, self.min_ha = index, matrix, float(min_conflict_ha)
        self.tiled_group, self.tile_m = tiled_group, float(tile_m)
        items = sorted([*claims, *restrictions], key=key_of)
        self.items: dict[Key, Item] = {key_of(item): item for item in items}
        self.claim_keys = [key for key in self.items if key[0] == 0]  # canonical order
        self.domains = sorted({*domains, *(item.domein for item in items)})
        self.bit = {d: 1 << k for k, d in enumerate(self.domains)}
        keys = list(self.items)
        geoms = np.array([item.geometry for item in items], dtype=object)
        self._tree_keys, self._tree = keys, shapely.STRtree(geoms)
        self._moved: set[Key] = set()  # keys whose geometry is no longer the tree's
        pairs = overlap_pairs(geoms)
        self.adjacent: dict[Key, dict[Key, float]] = {k: {} for k in keys}
        for i, j, m2 in zip(pairs.i.tolist(), pairs.j.tolist(), pairs.area.tolist(), strict=True):
            self.adjacent[keys[i]][keys[j]] = m2
            self.adjacent[keys[j]][keys[i]] = m2
        self.findings: dict[tuple[Key, Key], PairFinding] = {}
        n_claims = sum(1 for k in keys if k[0] == 0)
        for i, j, finding in pair_findings(items, n_claims, pairs, matrix, index, self.min_ha):
            self.findings[(keys[i], keys[j])] = finding
        claim_list = [item for item in items if isinstance(item, Claim)]
        self.claim_split: dict[Key, tuple[float, dict[str, float], np.ndarray, np.ndarray]] = {}
        self._measure_claims(claim_list)
        self.groups: dict[int, _Group] = {}
        self.group_of: dict[Key, int] = {}
        self.face_geoms: dict[int, shapely.Geometry] = {}
        self.face_members: dict[int, tuple[Key, ...]] = {}
        self.hotspots: dict[int, list[Hotspot]] = {}  # per face id, its parts of three or more claim domains
        self.tile_spots: dict[int, list[tuple[int, float]]] = {}  # per tile piece of a hotspot: (province, m²)
        self.spot_pieces: dict[tuple[Key, ...], frozenset[int]] = {}  # those pieces by their items (sorted)
        self.stitched: dict[tuple[Key, ...], list[Hotspot]] = {}  # the stitched hotspots of those items, once made
        self.tiled: set[Key] = set()  # claims of groups noded per tile
        self.tile_faces: dict[Tile, list[int]] = {}
        self.table = _FaceTable()
        self._next_group = self._next_face = 0
        restriction_keys = keys[n_claims:]
        # Restriction areas in pieces of at most `MAX_VERTICES` (a Natura 2000 area can have a hundred
        # thousand): a face is tested against, and cut by, only the pieces near it.
        pieces = [subdivide(g) for g in geoms[n_claims:]]
        self._restriction_pieces = np.array([piece for p in pieces for piece in p], dtype=object)
        self._piece_keys = [key for key, p in zip(restriction_keys, pieces, strict=True) for _ in p]
        self._restriction_tree = shapely.STRtree(self._restriction_pieces)
        self._restriction_keys = restriction_keys
        self._restricted = self._restriction_land(geoms[n_claims:], restriction_keys, pairs, n_claims)
        among_claims = (pairs.i < n_claims) & (pairs.j < n_claims)
        self._build_groups(_groups(keys[:n_claims], pairs.i[among_claims], pairs.j[among_claims]))
        self._build_tiles(self._tiles([self.items[k].geometry for k in self.tiled]))
        self._stitched_spots()  # made once here, so that forks re-stitch only what they change

    def _restriction_land(
        self, geoms: np.ndarray, keys: Sequence[Key], pairs: OverlapPairs, n_claims: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Land under each combination of restriction areas per province: (province, restriction bits, ha).

        Computed once: scenarios change claims, not restriction areas. The land a restriction
        combination blocks without any claim on it is this minus the claimed faces under it.
        """
        among = (pairs.i >= n_claims) & (pairs.j >= n_claims)
        faces, masks = [], []
        for group in _groups(list(keys), pairs.i[among] - n_claims, pairs.j[among] - n_claims):
            if len(group) == 1:
                faces.append(self.items[group[0]].geometry)
                masks.append(self._masks(group)[1])
                continue
            parts, members = partition_group(np.array([self.items[k].geometry for k in group], dtype=object))
            faces += list(parts)
            masks += [self._masks([group[m] for m in idx])[1] for idx in members]
        if not faces:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0)
        array = np.array(faces, dtype=object)
        face_i, prov_i, m2 = split_by_province(array, shapely.area(array), self.index)
        packed = prov_i.astype(np.int64) * (1 << 40) + np.asarray(masks, dtype=np.int64)[face_i]
        unique, group = np.unique(packed, return_inverse=True)
        ha = np.bincount(group.ravel(), weights=m2 / M2_PER_HA, minlength=len(unique))
        return unique >> 40, unique & ((1 << 40) - 1), ha

    def fork(self) -> IncrementalPuzzle:
        """An independent copy to change (the geometries and findings are shared, not copied)."""
        other = object.__new__(IncrementalPuzzle)
        other.__dict__.update(self.__dict__)
        other.items = dict(self.items)
        other._moved = set(self._moved)
        other.adjacent = {k: v for k, v in self.adjacent.items()}  # inner dicts are replaced, never changed
        other.findings = dict(self.findings)
        other.claim_split = dict(self.claim_split)
        other.groups, other.group_of = dict(self.groups), dict(self.group_of)
        other.face_geoms, other.face_members = dict(self.face_geoms), dict(self.face_members)
        other.hotspots = dict(self.hotspots)
        other.tile_spots, other.tiled = dict(self.tile_spots), set(self.tiled)
        other.spot_pieces, other.stitched = dict(self.spot_pieces), dict(self.stitched)
        other.tile_faces = dict(self.tile_faces)  # lists are replaced, never changed
        other.claim_keys = list(self.claim_keys)
        other.table = self.table.copy()
        return other

    # -- changes -------------------------------------------------------------------------------------

    def apply(self, upserts: Sequence[Item] = (), removals: Iterable[Key] = ()) -> None:
        """Replace or add `upserts` and remove the items keyed `removals`, recomputing only what they touch."""
        changed = {key_of(item) for item in upserts} | set(removals)
        if any(key[0] != 0 for key in changed):
            raise ValueError("een scenario wijzigt claims, geen beperkingsgebieden")
        touched: set[int] = set()
        before = [self.items[key].geometry for key in changed & self.tiled]
        for key in changed & self.items.keys():
            touched.add(self.group_of.pop(key))
            for other in self.adjacent.pop(key):
                self.adjacent[other] = {k: v for k, v in self.adjacent[other].items() if k != key}
                self.findings.pop(_ordered(key, other), None)
            self.items.pop(key)
            self.claim_split.pop(key, None)
        self._moved |= changed
        for item in upserts:
            self.items[key_of(item)] = item
        if any(key[0] == 0 for key in changed):
            self.claim_keys = [key for key in self.claim_keys if key not in changed]
            for key in sorted(key_of(item) for item in upserts if isinstance(item, Claim)):
                bisect.insort(self.claim_keys, key)
        new_keys = [key_of(item) for item in sorted(upserts, key=key_of)]
        self._add_pairs(new_keys)
        for key in new_keys:
            touched |= {self.group_of[k] for k in self.adjacent[key] if k in self.group_of}
        members = {k for g in touched for k in self.groups[g].members if k in self.items} | set(new_keys)
        for g in touched:
            self._drop_faces(self.groups.pop(g).faces)
        for key in members:
            self.group_of.pop(key, None)
        was_tiled = (members & self.tiled) - changed
        self.tiled -= members | changed
        self._build_groups(self._connected(members))
        # Tiles to node again: where changed claims of tiled groups were and are, and where a claim
        # joined or left the tiled groups (its group grew past or shrank below `tiled_group`).
        flipped = was_tiled ^ (self.tiled & (members - changed))
        after = [self.items[k].geometry for k in self.tiled & changed]
        self._build_tiles(self._tiles([*before, *after, *(self.items[k].geometry for k in flipped)]))
        self._measure_claims([self.items[k] for k in new_keys if k[0] == 0])

    def _drop_faces(self, faces: Sequence[int]) -> None:
        """Forget faces: their rows, geometries, members and hotspots."""
        self.table.kill(faces)
        for face in faces:
            if self.tile_spots.pop(face, None) is not None:
                items = tuple(sorted(self.face_members[face]))
                self.spot_pieces[items] -= {face}
                if not self.spot_pieces[items]:
                    del self.spot_pieces[items]
                self.stitched.pop(items, None)
            del self.face_geoms[face], self.face_members[face]
            self.hotspots.pop(face, None)

    def _add_pairs(self, new_keys: Sequence[Key]) -> None:
        """Pairs of the new items with every item (and each other), measured as `overlap_pairs` measures."""
        for key in new_keys:
            self.adjacent[key] = {}
        if not new_keys:
            return
        new_geoms = np.array([self.items[k].geometry for k in new_keys], dtype=object)
        found: set[tuple[Key, Key]] = set()
        source, target = self._tree.query(new_geoms, predicate="intersects")
        for s, t in zip(source.tolist(), target.tolist(), strict=True):
            other = self._tree_keys[t]
            if other not in self._moved and other != new_keys[s]:
                found.add(_ordered(new_keys[s], other))
        moved = [k for k in self._moved if k in self.items]
        if moved:
            moved_geoms = np.array([self.items[k].geometry for k in moved], dtype=object)
            hit_new, hit_moved = shapely.STRtree(moved_geoms).query(new_geoms, predicate="intersects")
            for s, t in zip(hit_new.tolist(), hit_moved.tolist(), strict=True):
                if moved[t] != new_keys[s]:
                    found.add(_ordered(new_keys[s], moved[t]))
        pairs = sorted(found)
        if not pairs:
            return
        keys = sorted({k for pair in pairs for k in pair})
        where = {k: n for n, k in enumerate(keys)}
        shape = PairGeometry.of(np.array([self.items[k].geometry for k in keys], dtype=object))
        pi = np.array([where[a] for a, _ in pairs], dtype=np.intp)
        pj = np.array([where[b] for _, b in pairs], dtype=np.intp)
        area = shape.measure(pi, pj)
        keep = area >= MIN_OVERLAP_M2
        for (a, b), m2 in zip(pairs, area.tolist(), strict=True):
            if m2 >= MIN_OVERLAP_M2:
                self.adjacent[a] = {**self.adjacent[a], b: m2}
                self.adjacent[b] = {**self.adjacent[b], a: m2}
        kept = OverlapPairs(pi[keep], pj[keep], area[keep])
        self._find(keys, kept)

    def _find(self, keys: Sequence[Key], pairs: OverlapPairs) -> None:
        """The findings of `pairs` (indices into `keys`, which are in canonical order)."""
        items = [self.items[k] for k in keys]
        n_claims = sum(1 for k in keys if k[0] == 0)
        for i, j, finding in pair_findings(items, n_claims, pairs, self.matrix, self.index, self.min_ha):
            self.findings[(keys[i], keys[j])] = finding

    def _connected(self, members: set[Key]) -> list[tuple[Key, ...]]:
        """The connected groups of `members` in the overlap graph, each in canonical order."""
        seen: set[Key] = set()
        groups = []
        for start in sorted(members):
            if start in seen:
                continue
            seen.add(start)
            todo, group = [start], []
            while todo:
                key = todo.pop()
                group.append(key)
                for other in self.adjacent[key]:
                    if other[0] == 0 and other not in seen:
                        seen.add(other)
                        todo.append(other)
            groups.append(tuple(sorted(group)))
        return groups

    # -- groups and faces ------------------------------------------------------------------------------

    def _build_groups(self, groups: Sequence[tuple[Key, ...]]) -> None:
        """Node and polygonize each group (a single item is its own face) and split the faces per province.

        A group of more than `tiled_group` claims only joins `tiled`: its faces are made per tile.
        """
        multi = [g for g in groups if 1 < len(g) <= self.tiled_group]

        def run(group: tuple[Key, ...]) -> tuple[np.ndarray, list[np.ndarray]]:
            return partition_group(np.array([self.items[k].geometry for k in group], dtype=object))

        partitions = dict(zip(multi, _map(run, multi), strict=True))
        new_geoms, new_members, new_groups = [], [], []
        for group in groups:
            gid = self._next_group
            self._next_group += 1
            for key in group:
                self.group_of[key] = gid
            if len(group) > self.tiled_group:
                self.groups[gid] = _Group(group, [], tiled=True)
                self.tiled.update(group)
                continue
            if len(group) == 1:
                geoms, members = [self.items[group[0]].geometry], [(group[0],)]
            else:
                faces, member_idx = partitions[group]
                geoms, members = list(faces), [tuple(map(group.__getitem__, idx.tolist())) for idx in member_idx]
            geoms, members = self._under_restrictions(geoms, members)
            new_groups.append((gid, group, len(geoms)))
            new_geoms += geoms
            new_members += members
        ids = iter(self._add_faces(new_geoms, new_members))
        for gid, group, count in new_groups:
            self.groups[gid] = _Group(group, [next(ids) for _ in range(count)])

    def _tiles(self, geoms: Sequence[shapely.Geometry]) -> set[Tile]:
        """The tiles the boxes of `geoms` reach into."""
        out: set[Tile] = set()
        if not len(geoms):
            return out
        cells = np.floor(shapely.bounds(np.array(geoms, dtype=object)) / self.tile_m).astype(np.int64)
        for x0, y0, x1, y1 in cells.tolist():
            out.update((x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1))
        return out

    def _build_tiles(self, tiles: set[Tile]) -> None:
        """Node the claims of tiled groups again in each of `tiles`: each claim cut at the tile's border."""
        if not tiles:
            return
        order = sorted(tiles)
        for tile in order:
            self._drop_faces(self.tile_faces.pop(tile, []))
        size = self.tile_m
        boxes = [(x * size, y * size, (x + 1) * size, (y + 1) * size) for x, y in order]
        inside = self._tiled_in(boxes)

        def run(n: int) -> tuple[np.ndarray, list[tuple[Key, ...]]]:
            keys = inside[n]
            if not keys:
                return np.empty(0, dtype=object), []
            cut = shapely.clip_by_rect(np.array([self.items[k].geometry for k in keys], dtype=object), *boxes[n])
            keep = shapely.area(cut) > 0
            keys, cut = [k for k, kept in zip(keys, keep, strict=True) if kept], cut[keep]
            if len(keys) == 1:
                return cut, [(keys[0],)]
            faces, member_idx = partition_group(cut) if len(keys) else (cut, [])
            return faces, [tuple(map(keys.__getitem__, idx.tolist())) for idx in member_idx]

        for tile, (faces, members) in zip(order, _map(run, range(len(order))), strict=True):
            geoms, who = self._under_restrictions(list(faces), members)
            self.tile_faces[tile] = self._add_faces(geoms, who, tiled=True)

    def _tiled_in(self, boxes: Sequence[tuple[float, float, float, float]]) -> list[list[Key]]:
        """Per box, the claims of tiled groups whose geometry (as it now is) reaches into it, in canonical order."""
        frames = shapely.box(*np.array(boxes, dtype=float).T) if boxes else np.empty(0, dtype=object)
        found: list[set[Key]] = [set() for _ in boxes]
        box_i, tree_i = self._tree.query(frames, predicate="intersects")
        for b, t in zip(box_i.tolist(), tree_i.tolist(), strict=True):
            key = self._tree_keys[t]
            if key in self.tiled and key not in self._moved:
                found[b].add(key)
        moved = [k for k in self._moved if k in self.tiled]
        if moved:
            hit_box, hit_moved = shapely.STRtree(np.array([self.items[k].geometry for k in moved], dtype=object)).query(
                frames, predicate="intersects"
            )
            for b, m in zip(hit_box.tolist(), hit_moved.tolist(), strict=True):
                found[b].add(moved[m])
        return [sorted(keys) for keys in found]

    def _add_faces(
        self, geoms: Sequence[shapely.Geometry], members: Sequence[tuple[Key, ...]], tiled: bool = False
    ) -> list[int]:
        """Register faces: ids, geometries, members, their rows per province and their hotspots."""
        ids = list(range(self._next_face, self._next_face + len(geoms)))
        self._next_face += len(geoms)
        if not ids:
            return ids
        for face, geom, who in zip(ids, geoms, members, strict=True):
            self.face_geoms[face], self.face_members[face] = geom, who
        array = np.array(geoms, dtype=object)
        face_i, prov_i, m2 = split_by_province(array, shapely.area(array), self.index)
        masks = [self._masks(who) for who in members]
        claim_mask, restriction_mask, depth = np.array(masks, dtype=np.int64).reshape(-1, 3)[face_i].T
        codes = [p.code for p in self.index.provinces]
        for k in np.flatnonzero(np.bitwise_count(claim_mask) >= 3).tolist():
            face = ids[face_i[k]]
            if tiled:  # stitched with its neighbours across tile borders when read
                if face not in self.tile_spots:
                    items = tuple(sorted(self.face_members[face]))
                    self.spot_pieces[items] = self.spot_pieces.get(items, frozenset()) | {face}
                    self.stitched.pop(items, None)
                self.tile_spots.setdefault(face, []).append((int(prov_i[k]), float(m2[k])))
                continue
            self.hotspots.setdefault(face, []).append(
                Hotspot(
                    tuple(d for d in self.domains if claim_mask[k] & self.bit[d]),
                    tuple(key[1] for key in self.face_members[face] if key[0] == 0),
                    round(float(m2[k] / M2_PER_HA), 4),
                    codes[prov_i[k]],
                )
            )
        self.table.append(
            face=np.asarray(ids, dtype=np.int64)[face_i], prov=prov_i.astype(np.int64), ha=m2 / M2_PER_HA,
            claim_mask=claim_mask, restriction_mask=restriction_mask, depth=depth,
        )  # fmt: skip
        return ids

    def _stitched_spots(self) -> list[Hotspot]:
        """Hotspots of the tiled groups, stitched anew only for the items whose pieces changed."""
        for items, faces in self.spot_pieces.items():
            if items not in self.stitched:
                self.stitched[items] = self._stitch(items, sorted(faces))
        return [spot for spots in self.stitched.values() for spot in spots]

    def _stitch(self, members: tuple[Key, ...], faces: list[int]) -> list[Hotspot]:
        """One item set's hotspot pieces: pieces that share a stretch of tile border are one face."""
        codes = [p.code for p in self.index.provinces]
        labels = np.zeros(len(faces), dtype=np.intp)
        if len(faces) > 1:
            geoms = np.array([self.face_geoms[f] for f in faces], dtype=object)
            a, b = shapely.STRtree(geoms).query(geoms, predicate="dwithin", distance=GRID)
            a, b = a[a < b], b[a < b]
            # Pieces either side of a tile border share its stretch (to the grid they were snapped to).
            edge = shapely.buffer(shapely.boundary(geoms[b]), GRID)
            shared = shapely.length(shapely.intersection(shapely.boundary(geoms[a]), edge)) > 10 * GRID
            labels = components(len(faces), a[shared], b[shared])
        claim_bits = self._masks(members)[0]
        domains = tuple(d for d in self.domains if claim_bits & self.bit[d])
        ids = tuple(key[1] for key in members if key[0] == 0)
        summed: dict[tuple[int, int], float] = {}
        for face, label in zip(faces, labels.tolist(), strict=True):
            for prov, m2 in self.tile_spots[face]:
                summed[(label, prov)] = summed.get((label, prov), 0.0) + m2
        return [Hotspot(domains, ids, round(m2 / M2_PER_HA, 4), codes[prov]) for (_, prov), m2 in summed.items()]

    def _under_restrictions(
        self, faces: Sequence[shapely.Geometry], members: Sequence[tuple[Key, ...]]
    ) -> tuple[list[shapely.Geometry], list[tuple[Key, ...]]]:
        """Claim faces cut where restriction areas begin and end, each part with the areas over it.

        The same arrangement a full overlay of claims and restriction areas makes inside the claims,
        noded per face with the areas clipped to its box, so a large area never joins claims into one group.
        The areas are found by box, then clipped, then tested: testing a face against a whole Natura 2000
        area of a hundred thousand vertices would cost more than all the rest.
        """
        if not len(faces) or not len(self._restriction_keys):
            return list(faces), list(members)
        hit_face, hit_piece = self._restriction_tree.query(np.array(faces, dtype=object))
        over: dict[int, list[int]] = {}
        for f, a in zip(hit_face.tolist(), hit_piece.tolist(), strict=True):
            over.setdefault(f, []).append(a)
        out_faces, out_members = [], []
        for n, (face, who) in enumerate(zip(faces, members, strict=True)):
            keys, clipped = self._restrictions_over(face, over.get(n, []))
            if not keys:
                out_faces.append(face)
                out_members.append(who)
                continue
            parts, part_members = partition_group(np.array([face, *clipped], dtype=object))
            for part, idx in zip(parts, part_members, strict=True):
                if 0 in idx:  # inside the claim face
                    out_faces.append(part)
                    out_members.append((*who, *(keys[m - 1] for m in idx if m > 0)))
        return out_faces, out_members

    def _restrictions_over(self, face: shapely.Geometry, near: list[int]) -> tuple[list[Key], np.ndarray]:
        """The restriction areas that reach the face (canonical order), each clipped to the face's box.

        `near` are pieces whose box meets the face's; the pieces of one area are clipped and joined again.
        """
        if not near:
            return [], np.empty(0, dtype=object)
        clipped = shapely.clip_by_rect(self._restriction_pieces[near], *shapely.bounds(face))
        by_key: dict[Key, list[shapely.Geometry]] = {}
        for piece, part in zip(near, clipped, strict=True):
            if not part.is_empty:
                by_key.setdefault(self._piece_keys[piece], []).append(part)
        keys = sorted(by_key)
        joined = np.array([parts[0] if len(parts) == 1 else shapely.union_all(parts) for parts in
                           (by_key[k] for k in keys)], dtype=object)  # fmt: skip
        touching = shapely.intersects(joined, face) if keys else np.empty(0, dtype=bool)
        return [k for k, t in zip(keys, touching, strict=True) if t], joined[touching]

    def _masks(self, members: Sequence[Key]) -> tuple[int, int, int]:
        """A face's claim domain bits, restriction domain bits and claim count."""
        claim_bits = restriction_bits = depth = 0
        for key in members:
            if key[0] == 0:
                claim_bits |= self.bit[self.items[key].domein]
                depth += 1
            else:
                restriction_bits |= self.bit[self.items[key].domein]
        return claim_bits, restriction_bits, depth

    def _measure_claims(self, claims: Sequence[Claim]) -> None:
        """Each claim's area and area per province, as `puzzle.claim_areas` measures them."""
        if not claims:
            return
        areas = claim_areas(claims, self.index)
        claim_i, prov_i, piece_ha = areas.pieces
        bounds = np.searchsorted(claim_i, np.arange(len(claims) + 1))
        for n, (claim, ha, split) in enumerate(zip(claims, areas.area_ha, areas.provincies, strict=True)):
            part = slice(bounds[n], bounds[n + 1])
            self.claim_split[key_of(claim)] = (ha, split, prov_i[part], piece_ha[part])

    # -- reading -------------------------------------------------------------------------------------

    def claims(self) -> list[Claim]:
        """The claims now in the puzzle, in canonical order."""
        return [self.items[key] for key in self.claim_keys]  # type: ignore[misc]

    def pairs(self) -> dict[tuple[Key, Key], float]:
        """Every overlapping pair (canonical order) with its overlap in m²."""
        return {(a, b): m2 for a, others in self.adjacent.items() for b, m2 in others.items() if a < b}

    def puzzle(self) -> Puzzle:
        """The national `Puzzle` of the items as they now are."""
        index, codes = self.index, [p.code for p in self.index.provinces]
        claims = self.claims()
        t, alive = self.table, self.table.alive
        prov_i, piece_ha = t.prov[alive], t.ha[alive]
        claim_mask, restriction_mask, claim_depth = t.claim_mask[alive], t.restriction_mask[alive], t.depth[alive]
        only_prov, only_mask, only_ha = self._unclaimed_restricted(prov_i, restriction_mask, piece_ha)
        all_prov = np.concatenate([prov_i, only_prov])
        all_claim = np.concatenate([claim_mask, np.zeros(len(only_prov), dtype=np.int64)])
        all_restriction = np.concatenate([restriction_mask, only_mask])
        all_ha = np.concatenate([piece_ha, only_ha])
        claimed_piece, deep = claim_depth > 0, claim_depth > 1
        covered = np.bincount(prov_i[claimed_piece], weights=piece_ha[claimed_piece], minlength=len(codes))
        stacked = np.bincount(prov_i[deep], weights=piece_ha[deep], minlength=len(codes))
        pair_areas, blocked, conflict_area = sum_groups(
            all_prov, all_claim, all_restriction, all_ha, self.domains, self.bit, self.matrix
        )
        hotspots = [spot for spots in self.hotspots.values() for spot in spots] + self._stitched_spots()
        areas = self._claim_areas(claims)
        in_scope = list(range(len(codes)))
        claimed = _claimed(claims, areas, self.domains, len(codes))
        budgets = _budgets(claimed, index, in_scope, covered, stacked)
        conflicts, overlaps = select_findings((self.findings[pair] for pair in sorted(self.findings)), set(codes))
        feasibility = _feasibility(claims, claimed, index, in_scope, conflict_area, blocked, conflicts)
        return Puzzle(
            provinces=budgets,
            pairs=[
                PairArea((a, b), self.matrix.klasse(a, b), round(ha, 4), codes[p])
                for (a, b, p), ha in sorted(pair_areas.items(), key=lambda kv: (kv[0][2], kv[0][0], kv[0][1]))
            ],
            conflicts=conflicts,
            hotspots=sorted(hotspots, key=lambda h: -h.area_ha),
            feasibility=feasibility,
            restrictions=overlaps,
            claim_areas=areas,
        )

    def _unclaimed_restricted(
        self, prov_i: np.ndarray, restriction_mask: np.ndarray, piece_ha: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Land under restriction areas that no claim covers: per (province, restriction bits), all minus claimed."""
        r_prov, r_mask, r_ha = self._restricted
        under = restriction_mask != 0
        packed = prov_i[under] * (1 << 40) + restriction_mask[under]
        claimed = np.zeros(len(r_ha))
        if len(packed) and len(r_ha):
            where = np.searchsorted(r_prov * (1 << 40) + r_mask, packed)
            np.add.at(claimed, where, piece_ha[under])
        return r_prov, r_mask, r_ha - claimed

    def _claim_areas(self, claims: Sequence[Claim]) -> ClaimAreas:
        """`ClaimAreas` of the claims (canonical order) from each claim's own measurement."""
        rows = [self.claim_split[key] for key in self.claim_keys]
        lengths = np.fromiter((len(row[2]) for row in rows), dtype=np.intp, count=len(rows))
        prov_i = np.concatenate([row[2] for row in rows]) if rows else np.empty(0, dtype=np.intp)
        piece_ha = np.concatenate([row[3] for row in rows]) if rows else np.empty(0)
        claim_i = np.repeat(np.arange(len(rows), dtype=np.intp), lengths)
        return ClaimAreas([row[0] for row in rows], [row[1] for row in rows], (claim_i, prov_i, piece_ha))


def _groups(keys: Sequence[Key], i: np.ndarray, j: np.ndarray) -> list[tuple[Key, ...]]:
    """The connected groups of `keys` in the graph of pairs (i, j), each in canonical order."""
    if not len(keys):
        return []
    labels = components(len(keys), i, j)
    order = np.argsort(labels, kind="stable")
    starts = np.flatnonzero(np.diff(labels[order], prepend=-1))
    return [tuple(keys[k] for k in part) for part in np.split(order, starts[1:])]


def _map(func: Callable[[T], R], work: Sequence[T]) -> list[R]:
    """`func` over `work`, on two threads when there is enough of it (Shapely releases the GIL)."""
    if len(work) <= 8:
        return [func(w) for w in work]
    with ThreadPoolExecutor(2, thread_name_prefix="novex-incremental") as pool:
        return list(pool.map(func, work))


def _ordered(a: Key, b: Key) -> tuple[Key, Key]:
    return (a, b) if a < b else (b, a)
