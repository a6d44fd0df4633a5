"""SQLAlchemy implementation of `novex.arrangement.ports.ArrangementRepository`."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from novex.arrangement import codec
from novex.arrangement.model import Afspraak, Investeringsafspraak, RuimtelijkArrangement
from novex.store.tables.arrangement import ArrangementAfspraakRow, ArrangementRow, InvesteringRow
from novex.store.versioning import versioned_update


def _inhoud(ra: RuimtelijkArrangement) -> dict[str, Any]:
    return {
        "onderdelen": codec.plain(ra.onderdelen),
        "inclusies": codec.plain(ra.inclusies),
        "open_knopen": codec.plain(ra.open_knopen),
        "ondertekening": codec.plain(ra.ondertekening),
        "vastgesteld_in": codec.plain(ra.vastgesteld_in),
        "motiveringen": dict(ra.motiveringen),
    }


def _columns(ra: RuimtelijkArrangement) -> dict[str, Any]:
    return {
        "provincie": ra.provincie,
        "jaar": ra.jaar,
        "generatie": str(ra.generatie),
        "status": str(ra.status),
        "inhoud": _inhoud(ra),
        "vastgesteld_in": ra.vastgesteld_in.vergadering_id if ra.vastgesteld_in else None,
        "vastgesteld_op": ra.vastgesteld_in.datum if ra.vastgesteld_in else None,
        "vorige_versie": ra.vorige_versie,
        "vervangen_door": ra.vervangen_door,
    }


def _afspraak_row(arrangement_id: int, volgorde: int, a: Afspraak) -> dict[str, Any]:
    data = codec.plain(a)
    data.pop("id", None)
    return {"arrangement_id": arrangement_id, "volgorde": volgorde, "sleutel": a.sleutel, "onderdeel": a.onderdeel,
            "vraagstuk_id": a.vraagstuk_id, "deadline": a.deadline, "data": data}  # fmt: skip


def _investering_row(arrangement_id: int, volgorde: int, i: Investeringsafspraak) -> dict[str, Any]:
    return {"arrangement_id": arrangement_id, "volgorde": volgorde, "sleutel": i.sleutel, "programma": i.programma,
            "fonds": i.fonds, "bedrag": i.bedrag, "gelabeld_voor": i.gelabeld_voor, "afspraak": i.afspraak}  # fmt: skip


class SqlArrangementRepository:
    """RA versions in the relational store."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _load(self, rows: Sequence[ArrangementRow]) -> list[RuimtelijkArrangement]:
        ids = [r.id for r in rows]
        if not ids:
            return []
        afspraken: dict[int, list[Afspraak]] = {i: [] for i in ids}
        query = select(ArrangementAfspraakRow).where(ArrangementAfspraakRow.arrangement_id.in_(ids))
        for a in self.session.scalars(query.order_by(ArrangementAfspraakRow.volgorde, ArrangementAfspraakRow.id)):
            afspraken[a.arrangement_id].append(codec.afspraak(a.data | {"id": a.id, "sleutel": a.sleutel}))
        investeringen: dict[int, list[Investeringsafspraak]] = {i: [] for i in ids}
        query = select(InvesteringRow).where(InvesteringRow.arrangement_id.in_(ids))
        for i in self.session.scalars(query.order_by(InvesteringRow.volgorde, InvesteringRow.id)):
            investeringen[i.arrangement_id].append(
                Investeringsafspraak(i.sleutel, i.programma, i.fonds, Decimal(i.bedrag), i.gelabeld_voor, i.afspraak,
                                     i.id)  # fmt: skip
            )
        out = []
        for r in rows:
            inhoud = r.inhoud or {}
            out.append(
                RuimtelijkArrangement(
                    provincie=r.provincie,
                    jaar=r.jaar,
                    generatie=r.generatie,
                    status=r.status,
                    onderdelen=codec.onderdelen(inhoud.get("onderdelen")),
                    afspraken=tuple(afspraken[r.id]),
                    investeringen=tuple(investeringen[r.id]),
                    inclusies=tuple(codec.inclusie(i) for i in inhoud.get("inclusies") or ()),
                    open_knopen=codec.open_knopen(inhoud.get("open_knopen")),
                    ondertekening=codec.ondertekening(inhoud.get("ondertekening")),
                    vastgesteld_in=codec.vaststelling(inhoud.get("vastgesteld_in")),
                    motiveringen=dict(inhoud.get("motiveringen") or {}),
                    vorige_versie=r.vorige_versie,
                    vervangen_door=r.vervangen_door,
                    id=r.id,
                    version=r.version,
                )
            )
        return out

    def list(
        self, provincie: str | None = None, jaar: int | None = None, status: str | None = None
    ) -> list[RuimtelijkArrangement]:
        """Versions, by province and year."""
        query = select(ArrangementRow)
        if provincie is not None:
            query = query.where(ArrangementRow.provincie == provincie)
        if jaar is not None:
            query = query.where(ArrangementRow.jaar == jaar)
        if status is not None:
            query = query.where(ArrangementRow.status == status)
        rows = self.session.scalars(
            query.order_by(ArrangementRow.provincie, ArrangementRow.jaar).execution_options(populate_existing=True)
        ).all()
        return self._load(rows)

    def get(self, arrangement_id: int) -> RuimtelijkArrangement | None:
        """One version with everything it holds."""
        row = self.session.get(ArrangementRow, arrangement_id, populate_existing=True)
        return self._load([row])[0] if row else None

    def find(self, provincie: str, jaar: int) -> RuimtelijkArrangement | None:
        """The version of a province for a year, if any."""
        found = self.list(provincie=provincie, jaar=jaar)
        return found[0] if found else None

    def adopted_in(self, vergadering_id: int) -> list[RuimtelijkArrangement]:
        """The versions adopted in one BOL."""
        query = select(ArrangementRow).where(ArrangementRow.vastgesteld_in == vergadering_id)
        return self._load(self.session.scalars(query.order_by(ArrangementRow.provincie)).all())

    def add(self, ra: RuimtelijkArrangement) -> int:
        """Store a new version with its agreements and investments; returns its id."""
        row = ArrangementRow(**_columns(ra), version=1)
        self.session.add(row)
        self.session.flush()
        self._write_items(row.id, ra)
        return row.id

    def save(self, ra: RuimtelijkArrangement, expected_version: int) -> bool:
        """Compare-and-set the whole version (agreements and investments by key); False if stale."""
        if not versioned_update(self.session, ArrangementRow, ra.id, expected_version, **_columns(ra)):
            return False
        self._write_items(ra.id, ra)
        self.session.expire_all()
        return True

    def _write_items(self, arrangement_id: int, ra: RuimtelijkArrangement) -> None:
        """Agreements and investments by key: changed rows updated in place (ids stay), the rest added or removed."""
        for table, items, row_of in (
            (ArrangementAfspraakRow, ra.afspraken, _afspraak_row),
            (InvesteringRow, ra.investeringen, _investering_row),
        ):
            existing = {
                r.sleutel: r
                for r in self.session.scalars(select(table).where(table.arrangement_id == arrangement_id))  # type: ignore[attr-defined]
            }
            keep = {item.sleutel for item in items}
            gone = [r.id for k, r in existing.items() if k not in keep]
            if gone:
                self.session.execute(delete(table).where(table.id.in_(gone)))  # type: ignore[attr-defined]
            for volgorde, item in enumerate(items, start=1):
                values = row_of(arrangement_id, volgorde, item)
                row = existing.get(item.sleutel)
                if row is None:
                    self.session.add(table(**values))
                else:
                    for name, value in values.items():
                        setattr(row, name, value)
        self.session.flush()
