"""SQLAlchemy implementation of `novex.claims.ports.ClaimRepository`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from novex.claims.model import Claim, ClaimDraft, ClaimStatus, Hardheid, Voorstel
from novex.claims.ports import ClaimFilter
from novex.geo.crs import area_ha
from novex.store.tables import ClaimProvinceRow, ClaimRow, VoorstelRow


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
            select(func.max(VoorstelRow.versie)).where(
                VoorstelRow.provincie == provincie, VoorstelRow.naam == naam
            )
        )
        row = VoorstelRow(
            provincie=provincie, naam=naam, versie=(current or 0) + 1, datum=datum, toelichting=toelichting
        )
        self.session.add(row)
        self.session.flush()
        return _voorstel(row)

    def add_claims(
        self, voorstel_id: int, drafts: Sequence[ClaimDraft], split: Sequence[dict[str, float]]
    ) -> list[int]:
        """Insert claims and their per-province areas."""
        rows = []
        for draft in drafts:
            row = ClaimRow(
                voorstel_id=voorstel_id,
                extern_id=draft.extern_id,
                naam=draft.naam,
                domein=draft.domein,
                status=str(draft.status),
                hardheid=str(draft.hardheid),
                prioriteit=draft.prioriteit,
                hoeveelheid=draft.hoeveelheid,
                eenheid=draft.eenheid,
                doel_id=draft.doel_id,
                start_jaar=draft.start_jaar,
                eind_jaar=draft.eind_jaar,
                eigenaar=draft.eigenaar,
                bron=draft.bron,
                notities=draft.notities,
                area_ha=area_ha(draft.geometry),
                geometry=draft.geometry,
            )
            row.set_bbox(draft.geometry)
            rows.append(row)
        self.session.add_all(rows)
        self.session.flush()
        self.session.add_all(
            ClaimProvinceRow(claim_id=row.id, provincie=code, area_ha=ha)
            for row, parts in zip(rows, split, strict=True)
            for code, ha in parts.items()
        )
        self.session.flush()
        return [row.id for row in rows]

    def claims(self, where: ClaimFilter) -> list[Claim]:
        """Claims matching the filter, with their per-province areas."""
        query = select(ClaimRow).order_by(ClaimRow.id)
        if where.voorstel_id is not None:
            query = query.where(ClaimRow.voorstel_id == where.voorstel_id)
        if where.provincies:
            inside = select(ClaimProvinceRow.claim_id).where(ClaimProvinceRow.provincie.in_(where.provincies))
            query = query.where(ClaimRow.id.in_(inside))
        if where.domeinen:
            query = query.where(ClaimRow.domein.in_(where.domeinen))
        if where.statussen:
            query = query.where(ClaimRow.status.in_(where.statussen))
        if where.bbox is not None:
            minx, miny, maxx, maxy = where.bbox
            query = query.where(
                ClaimRow.maxx >= minx, ClaimRow.minx <= maxx, ClaimRow.maxy >= miny, ClaimRow.miny <= maxy
            )
        rows = list(self.session.scalars(query))
        parts: dict[int, dict[str, float]] = defaultdict(dict)
        if rows:
            ids = [r.id for r in rows]
            for chunk in range(0, len(ids), 5000):
                for p in self.session.scalars(
                    select(ClaimProvinceRow).where(ClaimProvinceRow.claim_id.in_(ids[chunk : chunk + 5000]))
                ):
                    parts[p.claim_id][p.provincie] = p.area_ha
        return [
            Claim(
                naam=r.naam,
                domein=r.domein,
                geometry=r.geometry,
                hoeveelheid=r.hoeveelheid,
                eenheid=r.eenheid,
                doel_id=r.doel_id,
                start_jaar=r.start_jaar,
                eind_jaar=r.eind_jaar,
                status=ClaimStatus(r.status),
                hardheid=Hardheid(r.hardheid),
                prioriteit=r.prioriteit,
                eigenaar=r.eigenaar,
                bron=r.bron,
                notities=r.notities,
                extern_id=r.extern_id,
                id=r.id,
                voorstel_id=r.voorstel_id,
                area_ha=r.area_ha,
                provincies=dict(parts[r.id]),
                version=r.version,
            )  # fmt: skip
            for r in rows
        ]
