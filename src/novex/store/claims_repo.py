"""SQLAlchemy implementation of `novex.claims.ports.ClaimRepository`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import fields
from datetime import date

from shapely.geometry.base import BaseGeometry
from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import Session, aliased

from novex.claims.model import Claim, ClaimDraft, ClaimStatus, Hardheid, Voorstel
from novex.claims.ports import ClaimFilter
from novex.geo.crs import area_ha
from novex.store.tables.claims import ClaimMunicipalityRow, ClaimProvinceRow, ClaimRow, VoorstelRow
from novex.store.types import SRID
from novex.store.versioning import versioned_update


def _columns(draft: ClaimDraft) -> dict[str, object]:
    """The claim columns of a draft (everything but ids, bbox and version)."""
    return {
        "extern_id": draft.extern_id,
        "naam": draft.naam,
        "domein": draft.domein,
        "status": str(draft.status),
        "hardheid": str(draft.hardheid),
        "prioriteit": draft.prioriteit,
        "hoeveelheid": draft.hoeveelheid,
        "eenheid": draft.eenheid,
        "doel_id": draft.doel_id,
        "start_jaar": draft.start_jaar,
        "eind_jaar": draft.eind_jaar,
        "eigenaar": draft.eigenaar,
        "bron": draft.bron,
        "notities": draft.notities,
        "area_ha": area_ha(draft.geometry),
        "geometry": draft.geometry,
    }


def _newest_versions():  # noqa: ANN202 - a Select of voorstel ids
    """The ids of the newest version of every voorstel (per province and name)."""
    newer = aliased(VoorstelRow)
    superseded = exists().where(
        newer.provincie == VoorstelRow.provincie, newer.naam == VoorstelRow.naam, newer.versie > VoorstelRow.versie
    )
    return select(VoorstelRow.id).where(~superseded)


def _voorstel(row: VoorstelRow) -> Voorstel:
    return Voorstel(row.id, row.provincie, row.naam, row.versie, row.datum, row.toelichting)


class SqlClaimRepository:
    """Voorstellen and claims in the relational store; the caller owns the transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def voorstellen(self, provincie: str | None = None) -> list[Voorstel]:
        """All voorstellen (of one province), by province, name and version."""
        query = select(VoorstelRow).order_by(VoorstelRow.provincie, VoorstelRow.naam, VoorstelRow.versie)
        if provincie:
            query = query.where(VoorstelRow.provincie == provincie)
        return [_voorstel(r) for r in self.session.scalars(query)]

    def voorstel(self, key: int | str, provincie: str | None = None) -> Voorstel | None:
        """By id, or by name (newest version)."""
        if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
            row = self.session.get(VoorstelRow, int(key))
            return _voorstel(row) if row else None
        query = select(VoorstelRow).where(VoorstelRow.naam == key).order_by(VoorstelRow.versie.desc())
        if provincie:
            query = query.where(VoorstelRow.provincie == provincie)
        row = self.session.scalars(query.limit(1)).first()
        return _voorstel(row) if row else None

    def add_voorstel(self, provincie: str, naam: str, datum: date, toelichting: str | None) -> Voorstel:
        """Create the next version of a named voorstel."""
        current = self.session.scalar(
            select(func.max(VoorstelRow.versie)).where(VoorstelRow.provincie == provincie, VoorstelRow.naam == naam)
        )
        row = VoorstelRow(
            provincie=provincie, naam=naam, versie=(current or 0) + 1, datum=datum, toelichting=toelichting
        )
        self.session.add(row)
        self.session.flush()
        return _voorstel(row)

    def add_claims(
        self,
        voorstel_id: int,
        drafts: Sequence[ClaimDraft],
        split: Sequence[dict[str, float]],
        municipal: Sequence[dict[str, float]],
    ) -> list[int]:
        """Insert claims and their per-province and per-municipality areas."""
        rows = []
        for draft in drafts:
            row = ClaimRow(voorstel_id=voorstel_id, **_columns(draft))
            row.set_bbox(draft.geometry)
            rows.append(row)
        self.session.add_all(rows)
        self.session.flush()
        self._add_province_split([row.id for row in rows], split)
        self.add_municipal_split([row.id for row in rows], municipal)
        return [row.id for row in rows]

    def _add_province_split(self, claim_ids: Sequence[int], split: Sequence[dict[str, float]]) -> None:
        self.session.add_all(
            ClaimProvinceRow(claim_id=claim_id, provincie=code, area_ha=ha)
            for claim_id, parts in zip(claim_ids, split, strict=True)
            for code, ha in parts.items()
        )

    def update_claim(
        self,
        claim_id: int,
        draft: ClaimDraft,
        split: dict[str, float],
        municipal: dict[str, float],
        expected_version: int,
    ) -> bool:
        """Compare-and-set on the version column; replaces the per-region areas too."""
        minx, miny, maxx, maxy = draft.geometry.bounds
        bbox = {"minx": minx, "miny": miny, "maxx": maxx, "maxy": maxy}
        if not versioned_update(self.session, ClaimRow, claim_id, expected_version, **_columns(draft), **bbox):
            return False
        for table in (ClaimProvinceRow, ClaimMunicipalityRow):
            self.session.execute(delete(table).where(table.claim_id == claim_id))
        self._add_province_split([claim_id], [split])
        self.add_municipal_split([claim_id], [municipal])
        return True

    def delete_claim(self, claim_id: int) -> None:
        """Delete a claim and its per-region areas."""
        for table in (ClaimProvinceRow, ClaimMunicipalityRow):
            self.session.execute(delete(table).where(table.claim_id == claim_id))
        self.session.execute(delete(ClaimRow).where(ClaimRow.id == claim_id))
        self.session.flush()

    def add_municipal_split(self, claim_ids: Sequence[int], municipal: Sequence[dict[str, float]]) -> None:
        """Store the area per municipality of existing claims."""
        self.session.add_all(
            ClaimMunicipalityRow(claim_id=claim_id, gemeente=code, area_ha=ha)
            for claim_id, parts in zip(claim_ids, municipal, strict=True)
            for code, ha in parts.items()
        )
        self.session.flush()

    def claims_without_municipalities(self) -> list[tuple[int, BaseGeometry]]:
        """Claims stored before the municipal layer was loaded (id, geometry)."""
        known = select(ClaimMunicipalityRow.claim_id)
        return list(self.session.execute(select(ClaimRow.id, ClaimRow.geometry).where(ClaimRow.id.not_in(known))))

    def claims(self, where: ClaimFilter, offset: int = 0, limit: int | None = None) -> list[Claim]:
        """Claims matching the filter (a page of them), with their per-region areas."""
        query = self._filtered(select(ClaimRow), where).order_by(ClaimRow.id).offset(offset).limit(limit)
        return self._claims(list(self.session.scalars(query)))

    def count(self, where: ClaimFilter) -> int:
        """How many claims match the filter."""
        return self.session.scalar(self._filtered(select(func.count(ClaimRow.id)), where)) or 0

    def extern_ids(self, voorstel_id: int) -> set[str]:
        """The external ids of a voorstel's claims."""
        query = select(ClaimRow.extern_id).where(ClaimRow.voorstel_id == voorstel_id, ClaimRow.extern_id.is_not(None))
        return set(self.session.scalars(query))

    def _filtered(self, query, where: ClaimFilter):  # noqa: ANN001, ANN202 - a Select in, a Select out
        if where.ids:
            query = query.where(ClaimRow.id.in_(where.ids))
        if where.voorstel_id is not None:
            query = query.where(ClaimRow.voorstel_id == where.voorstel_id)
        if where.actueel:
            query = query.where(ClaimRow.voorstel_id.in_(_newest_versions()))
        if where.provincies:
            inside = select(ClaimProvinceRow.claim_id).where(ClaimProvinceRow.provincie.in_(where.provincies))
            query = query.where(ClaimRow.id.in_(inside))
        if where.domeinen:
            query = query.where(ClaimRow.domein.in_(where.domeinen))
        if where.gemeenten:
            inside = select(ClaimMunicipalityRow.claim_id).where(ClaimMunicipalityRow.gemeente.in_(where.gemeenten))
            query = query.where(ClaimRow.id.in_(inside))
        if where.statussen:
            query = query.where(ClaimRow.status.in_(where.statussen))
        if where.bbox is not None:
            minx, miny, maxx, maxy = where.bbox
            if self.session.get_bind().dialect.name == "postgresql":  # GiST index: && on the geometry
                envelope = func.ST_MakeEnvelope(minx, miny, maxx, maxy, SRID)
                query = query.where(ClaimRow.geometry.op("&&")(envelope))
            else:
                query = query.where(
                    ClaimRow.maxx >= minx, ClaimRow.minx <= maxx, ClaimRow.maxy >= miny, ClaimRow.miny <= maxy
                )
        return query

    def _claims(self, rows: list[ClaimRow]) -> list[Claim]:
        ids = [r.id for r in rows]
        parts = self._split(ClaimProvinceRow, ClaimProvinceRow.provincie, ids)
        municipal = self._split(ClaimMunicipalityRow, ClaimMunicipalityRow.gemeente, ids)
        plain = [f.name for f in fields(ClaimDraft) if f.name not in ("status", "hardheid")]
        return [
            Claim(
                **{name: getattr(r, name) for name in plain},
                status=ClaimStatus(r.status),
                hardheid=Hardheid(r.hardheid),
                id=r.id,
                voorstel_id=r.voorstel_id,
                area_ha=r.area_ha,
                provincies=dict(parts[r.id]),
                gemeenten=dict(municipal[r.id]),
                version=r.version,
            )
            for r in rows
        ]

    def _split(self, table: type, column: object, ids: Sequence[int]) -> dict[int, dict[str, float]]:
        """Area per region (province or municipality) of the given claims."""
        parts: dict[int, dict[str, float]] = defaultdict(dict)
        for chunk in range(0, len(ids), 5000):
            query = select(table.claim_id, column, table.area_ha).where(table.claim_id.in_(ids[chunk : chunk + 5000]))
            for claim_id, code, ha in self.session.execute(query):
                parts[claim_id][code] = ha
        return parts
