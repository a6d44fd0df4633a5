"""The ruimtelijke puzzel: land budget, stacked domains, conflicts, feasibility.

Pure functions over claims (RD New geometries) and the catalogue's compatibility
matrix; the stack map (`stacking.stack_faces`) is computed once and split over the
provinces, and every figure below is read from it. Every area per province (land
budget, feasibility, goals) is measured on the geometries being analysed, never on the
split stored at import, so a claim given a what-if geometry moves all its figures.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from novex.analysis.distributed import dask_client, stack_faces_dask
from novex.analysis.overlay import Faces, OverlapPairs, overlap_pairs
from novex.analysis.stacking import stack_faces
from novex.catalog.model import Compatibiliteit
from novex.claims.model import Claim, Hardheid, RestrictionArea
from novex.geo.crs import M2_PER_HA
from novex.reference.provinces import ProvinceIndex

HARDNESS_WEIGHT = {Hardheid.ZEER_HARD: 4, Hardheid.HARD: 3, Hardheid.MIDDEL: 2, Hardheid.ZACHT: 1}
SEVERITY_FORMULA = (
    "ernst = H × log2(1 + A) × P, met H = zwaarste hardheid van de twee claims "
    "(zeer-hard 4, hard 3, middel 2, zacht 1), A = overlap in ha en "
    "P = (12 − prioriteit_a − prioriteit_b) / 10 (prioriteit 1 = hoogst … 5 = laagst)"
)


def severity(a: Claim | RestrictionArea, b: Claim | RestrictionArea, area_ha: float) -> float:
    """The severity of a conflict between two claims (see `SEVERITY_FORMULA`)."""
    weight = max(HARDNESS_WEIGHT[a.hardheid], HARDNESS_WEIGHT[b.hardheid])
    priority = (12 - a.prioriteit - b.prioriteit) / 10
    return round(weight * math.log2(1 + area_ha) * priority, 2)


class Matrix:
    """The compatibility matrix as a lookup on unordered domain pairs."""

    def __init__(self, cells: Sequence[Compatibiliteit]) -> None:
        self._cells = {frozenset(c.domeinen): c for c in cells}

    def cell(self, a: str, b: str) -> Compatibiliteit:
        """The matrix cell of two domains (order does not matter)."""
        return self._cells[frozenset((a, b))]

    def klasse(self, a: str, b: str) -> str:
        """combineerbaar, voorwaardelijk or conflict."""
        return self.cell(a, b).klasse


@dataclass(frozen=True)
class ProvinceBudget:
    """The land budget of one province."""

    code: str
    naam: str
    land_ha: float
    claimed_ha: float
    covered_ha: float
    stacked_ha: float
    unclaimed_ha: float
    over_claim_ratio: float
    by_domain: dict[str, float]


@dataclass(frozen=True)
class PairArea:
    """Area where two domains lie on the same land in one province."""

    domains: tuple[str, str]
    klasse: str
    area_ha: float
    province: str


@dataclass(frozen=True)
class RestrictionOverlap:
    """A claim on land of a restriction area (per province), with the matrix's verdict."""

    layer: str
    area_name: str
    area_code: str | None
    hardness: str
    claim: int
    claim_name: str
    domain: str
    area_ha: float
    province: str
    klasse: str
    rationale: str


@dataclass(frozen=True)
class Conflict:
    """Two claims (or a claim and a restriction area) whose domains conflict on the same land."""

    id: str
    claims: tuple[int | str, int | str]
    names: tuple[str, str]
    domains: tuple[str, str]
    area_ha: float
    provinces: dict[str, float]
    crosses_border: bool
    severity: float
    rationale: str
    layer: str | None = None


@dataclass(frozen=True)
class Hotspot:
    """A face of the stack map with three or more domains on it."""

    domains: tuple[str, ...]
    claims: tuple[int, ...]
    area_ha: float
    province: str


@dataclass(frozen=True)
class Feasibility:
    """Per province and domain: claimed vs available land, and what does not fit."""

    province: str
    domain: str
    claimed_ha: float
    available_ha: float
    in_conflict_ha: float
    not_fitting: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class ClaimAreas:
    """Each claim's area and its area per province, measured on the claim's geometry.

    The live counterpart of a stored claim's `area_ha` and `provincies` (computed once
    at import); lists are aligned with the claims.
    """

    area_ha: list[float]
    provincies: list[dict[str, float]]
    pieces: tuple[np.ndarray, np.ndarray, np.ndarray]  # (claim index, province index, ha), in claim order


@dataclass(frozen=True)
class Puzzle:
    """Everything the analysis reports for a scope of provinces."""

    provinces: list[ProvinceBudget]
    pairs: list[PairArea]
    conflicts: list[Conflict]
    hotspots: list[Hotspot]
    feasibility: list[Feasibility]
    restrictions: list[RestrictionOverlap]
    claim_areas: ClaimAreas


def split_by_province(
    geometries: np.ndarray, areas: np.ndarray, index: ProvinceIndex
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pieces per province: (geometry index, province index, area m²), vectorised.

    A geometry inside one province keeps its own area; only those on a border are intersected.
    """
    province_geoms = np.array([p.geometry for p in index.provinces], dtype=object)
    tree = shapely.STRtree(province_geoms)
    geom_i, prov_i = tree.query(geometries, predicate="intersects")
    inside = shapely.covered_by(geometries[geom_i], province_geoms[prov_i])
    area = np.where(inside, areas[geom_i], 0.0)
    border = ~inside
    area[border] = shapely.area(shapely.intersection(geometries[geom_i[border]], province_geoms[prov_i[border]]))
    keep = area > 0
    return geom_i[keep], prov_i[keep], area[keep]


def split_faces(faces: Faces, index: ProvinceIndex) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Face pieces per province: (face index, province index, area m²)."""
    return split_by_province(faces.geometries, faces.areas, index)


def claim_areas(claims: Sequence[Claim], index: ProvinceIndex) -> ClaimAreas:
    """Area and area per province of each claim, from its geometry; vectorised.

    Measured as the import measures `Claim.provincies` (`ProvinceIndex.split`: the
    province's intersection with the claim), but a claim inside one province keeps its
    own area, so an unchanged claim gets its stored figures back within floating error.
    """
    geometries = np.array([c.geometry for c in claims], dtype=object)
    province_geoms = np.array([p.geometry for p in index.provinces], dtype=object)
    prepared = shapely.from_wkb(shapely.to_wkb(province_geoms))  # own copies: preparing is in place
    shapely.prepare(prepared)
    claim_i, prov_i = shapely.STRtree(prepared).query(geometries)  # envelopes; prepared predicates below
    order = np.argsort(claim_i, kind="stable")  # claim order: sums run as over the claims
    claim_i, prov_i = claim_i[order], prov_i[order]
    area_m2 = shapely.area(geometries) if len(claims) else np.zeros(0)
    inside = shapely.covers(prepared[prov_i], geometries[claim_i])
    piece_m2 = np.where(inside, area_m2[claim_i], 0.0)
    border = np.flatnonzero(~inside)
    border = border[shapely.intersects(prepared[prov_i[border]], geometries[claim_i[border]])]
    piece_m2[border] = shapely.area(shapely.intersection(province_geoms[prov_i[border]], geometries[claim_i[border]]))
    keep = piece_m2 > 0
    claim_i, prov_i, piece_ha = claim_i[keep], prov_i[keep], piece_m2[keep] / M2_PER_HA
    split: list[dict[str, float]] = [{} for _ in claims]
    for k, p, ha in zip(claim_i.tolist(), prov_i.tolist(), piece_ha.tolist(), strict=True):
        split[k][index.provinces[p].code] = ha
    return ClaimAreas((area_m2 / M2_PER_HA).tolist(), split, (claim_i, prov_i, piece_ha))


def analyse(
    claims: Sequence[Claim],
    index: ProvinceIndex,
    matrix: Matrix,
    scope: Sequence[str] | None = None,
    min_conflict_ha: float = 1.0,
    restrictions: Sequence[RestrictionArea] = (),
) -> Puzzle:
    """Run the spatial puzzle over `claims` for the provinces in `scope` (all when None).

    Restriction areas take part in the overlay as land of their layer's domain and
    hardness: they block conflicting domains and make conflicts, but they are not
    claims, so they do not count in the land budget.
    """
    codes = [p.code for p in index.provinces]
    scope_codes = list(scope) if scope else codes
    if scope:
        restrictions = _clipped(restrictions, [index.get(code).geometry for code in scope_codes])
    items: list[Claim | RestrictionArea] = [*claims, *restrictions]
    n_claims = len(claims)
    geoms = np.array([item.geometry for item in items], dtype=object)
    pairs = overlap_pairs(geoms)
    cluster = dask_client()  # NOVEX_DASK_SCHEDULER set: the large groups' tiles run on that Dask cluster
    faces = stack_faces(geoms, pairs=pairs) if cluster is None else stack_faces_dask(geoms, cluster, pairs=pairs)
    face_i, prov_i, piece_m2 = split_faces(faces, index)

    # Each face's claim domains and restriction domains as bit masks; every figure is a
    # sum over (province, claim mask, restriction mask) groups.
    all_domains = sorted({item.domein for item in items})
    bit = {d: 1 << k for k, d in enumerate(all_domains)}
    is_claim = np.arange(len(items)) < n_claims
    item_bits = np.array([bit[item.domein] for item in items], dtype=np.int64)
    claim_mask = faces.masks(np.where(is_claim, item_bits, 0))
    restriction_mask = faces.masks(np.where(is_claim, 0, item_bits))
    claim_depth = faces.sums(is_claim.astype(np.int64))
    in_scope = np.isin(prov_i, [codes.index(c) for c in scope_codes])
    face_i, prov_i, piece_ha = face_i[in_scope], prov_i[in_scope], piece_m2[in_scope] / M2_PER_HA
    claimed_piece = claim_depth[face_i] > 0
    deep = claim_depth[face_i] > 1
    covered = np.bincount(prov_i[claimed_piece], weights=piece_ha[claimed_piece], minlength=len(codes))
    stacked = np.bincount(prov_i[deep], weights=piece_ha[deep], minlength=len(codes))
    pair_areas, blocked, conflict_area = sum_groups(
        prov_i, claim_mask[face_i], restriction_mask[face_i], piece_ha, all_domains, bit, matrix
    )
    hot = np.flatnonzero(np.bitwise_count(claim_mask[face_i]) >= 3)
    hotspots = [
        Hotspot(
            tuple(d for d in all_domains if claim_mask[face_i[k]] & bit[d]),
            tuple(int(claims[m].id) for m in faces.member_of(face_i[k]) if m < n_claims),
            round(float(piece_ha[k]), 4),
            codes[prov_i[k]],
        )
        for k in hot
    ]
    in_scope_idx = sorted({codes.index(c) for c in scope_codes})
    areas = claim_areas(claims, index)
    claimed = _claimed(claims, areas, all_domains, len(codes))
    budgets = _budgets(claimed, index, in_scope_idx, covered, stacked)
    conflicts, overlaps = _conflicts(items, n_claims, pairs, matrix, index, min_conflict_ha, set(scope_codes))
    feasibility = _feasibility(claims, claimed, index, in_scope_idx, conflict_area, blocked, conflicts)
    return Puzzle(
        provinces=budgets,
        pairs=[
            PairArea((a, b), matrix.klasse(a, b), round(ha, 4), codes[p])
            for (a, b, p), ha in sorted(pair_areas.items(), key=lambda kv: (kv[0][2], kv[0][0], kv[0][1]))
        ],
        conflicts=conflicts,
        hotspots=sorted(hotspots, key=lambda h: -h.area_ha),
        feasibility=feasibility,
        restrictions=overlaps,
        claim_areas=areas,
    )


def _clipped(areas: Sequence[RestrictionArea], scope: Sequence[BaseGeometry]) -> list[RestrictionArea]:
    """Restriction areas cut to the bounding box of the scope.

    Large areas (Rijntakken, NNN) then take part in the overlay with only the vertices
    that matter there; overlaps and blocked land inside the scope are unchanged.
    """
    minx, miny, maxx, maxy = shapely.total_bounds(np.array(scope, dtype=object))
    cut = shapely.clip_by_rect(np.array([a.geometry for a in areas], dtype=object), minx, miny, maxx, maxy)
    return [replace(a, geometry=g) for a, g in zip(areas, cut, strict=True) if not g.is_empty and g.area > 0]


def _claimed(
    claims: Sequence[Claim], areas: ClaimAreas, domains: Sequence[str], n_provinces: int
) -> list[dict[str, float]]:
    """Per province index: claimed ha per domain (sorted), summed over the claims' live pieces in claim order."""
    claim_i, prov_i, piece_ha = areas.pieces
    column = {d: k for k, d in enumerate(domains)}
    claim_domain = np.array([column[c.domein] for c in claims], dtype=np.intp)
    cell = prov_i * len(domains) + claim_domain[claim_i]
    size = n_provinces * len(domains)
    total = np.bincount(cell, weights=piece_ha, minlength=size).reshape(n_provinces, len(domains)).tolist()
    present = (np.bincount(cell, minlength=size) > 0).reshape(n_provinces, len(domains)).tolist()
    return [
        {d: ha for d, ha, has in zip(domains, total[p], present[p], strict=True) if has} for p in range(n_provinces)
    ]


def _budgets(
    claimed_by: Sequence[dict[str, float]],
    index: ProvinceIndex,
    in_scope: Sequence[int],
    covered: np.ndarray,
    stacked: np.ndarray,
) -> list[ProvinceBudget]:
    """The land budget per province in scope."""
    budgets = []
    for p in in_scope:
        province = index.provinces[p]
        by_domain = {d: round(v, 4) for d, v in claimed_by[p].items()}
        claimed = sum(by_domain.values())
        budgets.append(
            ProvinceBudget(
                code=province.code,
                naam=province.naam,
                land_ha=round(province.land_ha, 2),
                claimed_ha=round(claimed, 4),
                covered_ha=round(float(covered[p]), 4),
                stacked_ha=round(float(stacked[p]), 4),
                unclaimed_ha=round(float(province.land_ha - covered[p]), 4),
                over_claim_ratio=round(claimed / province.land_ha, 6),
                by_domain=by_domain,
            )
        )
    return budgets


def sum_groups(
    prov_i: np.ndarray,
    claim_mask: np.ndarray,
    restriction_mask: np.ndarray,
    piece_ha: np.ndarray,
    domains: Sequence[str],
    bit: dict[str, int],
    matrix: Matrix,
) -> tuple[dict[tuple[str, str, int], float], dict[tuple[int, str], float], dict[tuple[int, str], float]]:
    """Stacked pair areas, blocked land and land in conflict, from face pieces.

    Each piece is a face's part in one province with the domain bits of its claims and of its
    restriction areas; every figure is a sum over (province, claim mask, restriction mask) groups:
    ha per (domain a, domain b, province index), land blocked for a domain and land where a
    domain's claims are in conflict, per (province index, domain).
    """
    width = max(len(domains), 1)
    if 2 * width + int(prov_i.max(initial=0)).bit_length() > 63:
        raise ValueError(f"{len(domains)} domeinen passen niet in de bitmaskers van de analyse")
    packed = (prov_i.astype(np.int64) << (2 * width)) | (claim_mask.astype(np.int64) << width) | restriction_mask
    unique, group = np.unique(packed, return_inverse=True)  # one int64 per (province, masks): 2 × 20 domain bits fit
    group_ha = np.bincount(group.ravel(), weights=piece_ha, minlength=len(unique))
    low = (1 << width) - 1
    prov, mask, rmask = unique >> (2 * width), (unique >> width) & low, unique & low
    present = [d for d in domains if d in bit]
    pair_areas: dict[tuple[str, str, int], float] = {}
    blocked: dict[tuple[int, str], float] = defaultdict(float)
    conflict_area: dict[tuple[int, str], float] = defaultdict(float)

    def per_province(selected: np.ndarray) -> list[tuple[int, float]]:
        """(province index, ha) of the selected groups, for the provinces that have any."""
        ha = np.bincount(prov[selected], weights=group_ha[selected], minlength=0)
        seen = np.bincount(prov[selected], minlength=len(ha)) > 0
        return [(int(p), float(ha[p])) for p in np.flatnonzero(seen)]

    has = {d: (mask & bit[d]) != 0 for d in present}
    for a, b in combinations(present, 2):
        both = has[a] & has[b]
        if both.any():
            for p, ha in per_province(both):
                pair_areas[(a, b, p)] = ha
    for d in present:
        conflicting = sum(bit[o] for o in present if o != d and matrix.klasse(d, o) == "conflict")
        hit = ((mask | rmask) & conflicting) != 0
        for p, ha in per_province(hit):
            blocked[(p, d)] = ha
        for p, ha in per_province(hit & has[d]):
            conflict_area[(p, d)] = ha
    return pair_areas, blocked, conflict_area


@dataclass(frozen=True)
class PairFinding:
    """What one overlapping pair (a claim and a claim or restriction area) adds to the report.

    `conflict` when the matrix says conflict and the overlap is at least the minimum (always for
    a restriction area), `overlaps` per province for a restriction area; `provinces` where it lies.
    """

    conflict: Conflict | None
    overlaps: tuple[RestrictionOverlap, ...]
    provinces: frozenset[str]


def pair_findings(
    items: Sequence[Claim | RestrictionArea],
    n_claims: int,
    pairs: OverlapPairs,
    matrix: Matrix,
    index: ProvinceIndex,
    min_ha: float,
) -> list[tuple[int, int, PairFinding]]:
    """The finding of every pair (i, j) with a claim that the report shows, in pair order.

    Claim × restriction pairs are all reported (as overlaps, and as conflicts when the
    matrix says so); claim × claim pairs only as conflicts of at least `min_ha`.
    """
    wanted = []
    for i, j, m2 in zip(pairs.i.tolist(), pairs.j.tolist(), pairs.area.tolist(), strict=True):
        if i >= n_claims:  # both restrictions (pairs have i < j): not a claim matter
            continue
        klasse = matrix.klasse(items[i].domein, items[j].domein)
        if j >= n_claims or (m2 / M2_PER_HA >= min_ha and klasse == "conflict"):
            wanted.append((i, j, m2 / M2_PER_HA, klasse))
    geometries = np.array([item.geometry for item in items], dtype=object)
    first_of, second_of = (np.array([w[k] for w in wanted], dtype=np.intp) for k in (0, 1))
    shared = shapely.intersection(geometries[first_of], geometries[second_of])  # one vectorised GEOS call
    splits: list[dict[str, float]] = [{} for _ in wanted]  # ha per province of each overlap
    for k, p, m2 in zip(*(a.tolist() for a in split_by_province(shared, shapely.area(shared), index)), strict=True):
        splits[k][index.provinces[p].code] = m2 / M2_PER_HA
    found = []
    for (i, j, ha, klasse), split in zip(wanted, splits, strict=True):
        a, b = items[i], items[j]
        restriction = j >= n_claims
        cell = matrix.cell(a.domein, b.domein)
        overlaps: tuple[RestrictionOverlap, ...] = ()
        if restriction:
            overlaps = tuple(
                RestrictionOverlap(
                    b.layer.naam,
                    b.naam,
                    b.code,
                    str(b.hardheid),
                    a.id,
                    a.naam,
                    a.domein,
                    round(part, 4),
                    code,
                    klasse,
                    cell.toelichting,
                )  # fmt: skip
                for code, part in sorted(split.items())
            )
        conflict = None
        if ha >= min_ha and klasse == "conflict":
            first, second = (a, b) if restriction else sorted((a, b), key=lambda c: c.id)
            conflict = Conflict(
                id=f"C-{first.key}-{second.key}",
                claims=(_ref(first), _ref(second)),
                names=(first.naam, second.naam),
                domains=(first.domein, second.domein),
                area_ha=round(ha, 4),
                provinces={k: round(v, 4) for k, v in sorted(split.items())},
                crosses_border=len(split) > 1,
                severity=severity(a, b, ha),
                rationale=cell.toelichting,
                layer=b.layer.naam if restriction else None,
            )
        found.append((i, j, PairFinding(conflict, overlaps, frozenset(split))))
    return found


def select_findings(
    findings: Iterable[PairFinding], scope: set[str]
) -> tuple[list[Conflict], list[RestrictionOverlap]]:
    """Conflicts (most severe first) and restriction overlaps of the findings touching the scope."""
    conflicts, overlaps = [], []
    for finding in findings:
        if not scope & finding.provinces:
            continue
        overlaps += finding.overlaps
        if finding.conflict is not None:
            conflicts.append(finding.conflict)
    overlaps.sort(key=lambda o: (o.claim, o.layer, o.area_code or "", o.area_name, o.province))
    return sorted(conflicts, key=lambda c: (-c.severity, c.id)), overlaps


def _conflicts(
    items: Sequence[Claim | RestrictionArea],
    n_claims: int,
    pairs: OverlapPairs,
    matrix: Matrix,
    index: ProvinceIndex,
    min_ha: float,
    scope: set[str],
) -> tuple[list[Conflict], list[RestrictionOverlap]]:
    """Conflicting overlaps (claim × claim, claim × restriction) and every restriction overlap."""
    findings = pair_findings(items, n_claims, pairs, matrix, index, min_ha)
    return select_findings((finding for _, _, finding in findings), scope)


def _ref(item: Claim | RestrictionArea) -> int | str:
    """A claim by its id, a restriction area by its key (R<id>)."""
    return item.id if isinstance(item, Claim) else item.key


def _feasibility(
    claims: Sequence[Claim],
    claimed: Sequence[dict[str, float]],
    index: ProvinceIndex,
    in_scope: Sequence[int],
    conflict_area: dict[tuple[int, str], float],
    blocked: dict[tuple[int, str], float],
    conflicts: list[Conflict],
) -> list[Feasibility]:
    """Claimed vs available land per province and domain; conflicting claims listed."""
    domain_of = {c.id: c.domein for c in claims}
    in_conflict: dict[tuple[str, str], set[int]] = defaultdict(set)  # (province, domain) → its conflicting claims
    for k in conflicts:
        for cid in k.claims:
            if cid in domain_of:
                for code in k.provinces:
                    in_conflict[(code, domain_of[cid])].add(cid)
    rows = []
    for p in in_scope:
        code = index.provinces[p].code
        for domain, ha in claimed[p].items():
            not_fitting = sorted(in_conflict[(code, domain)])
            rows.append(
                Feasibility(
                    province=code,
                    domain=domain,
                    claimed_ha=round(ha, 4),
                    available_ha=round(index.provinces[p].land_ha - blocked[(p, domain)], 4),
                    in_conflict_ha=round(conflict_area[(p, domain)], 4),
                    not_fitting=not_fitting,
                )
            )
    return rows
