"""SQLAlchemy implementation of `novex.monitor.ports.MonitorRepository`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from novex.monitor import codec
from novex.monitor.model import Meting, MonitorRonde, StatusZetting
from novex.monitor.ports import AlOpgeslagen
from novex.store.tables.monitor import MetingRow, MonitorRondeRow, StatusZettingRow
from novex.store.versioning import versioned_update

_METING_COLUMNS = (MetingRow.provincie, MetingRow.sleutel, MetingRow.waarde, MetingRow.datum, MetingRow.bron,
                   MetingRow.toelichting, MetingRow.ingevoerd_door, MetingRow.ingevoerd_op, MetingRow.id)  # fmt: skip
_BATCH = 400


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _meting(row: Any) -> Meting:
    p, s, waarde, datum, bron, toelichting, door, op, meting_id = row
    return Meting(p, s, waarde, datum, bron, toelichting or "", door, _utc(op), meting_id)


def _ronde(row: MonitorRondeRow) -> MonitorRonde:
    return MonitorRonde(
        provincie=row.provincie, jaar=row.jaar, deelnemers=codec.deelnemers(row.deelnemers), beeld=row.beeld or "",
        status=row.status, momentopname=codec.momentopname(row.momentopname), afgesloten_door=row.afgesloten_door,
        afgesloten_op=_utc(row.afgesloten_op), id=row.id, version=row.version,
    )  # fmt: skip


def _ronde_values(r: MonitorRonde) -> dict[str, Any]:
    return {"provincie": r.provincie, "jaar": r.jaar, "status": str(r.status), "deelnemers": codec.plain(r.deelnemers),
            "beeld": r.beeld, "momentopname": codec.plain(r.momentopname), "afgesloten_door": r.afgesloten_door,
            "afgesloten_op": r.afgesloten_op}  # fmt: skip


class SqlMonitorRepository:
    """Measurements, statuses and rounds in the relational store."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def metingen(self, provincie: str | None = None, sleutel: str | None = None) -> list[Meting]:
        """Measurements, of one province and/or agreement when given (oldest stored first)."""
        query = select(*_METING_COLUMNS)
        if provincie is not None:
            query = query.where(MetingRow.provincie == provincie)
        if sleutel is not None:
            query = query.where(MetingRow.sleutel == sleutel)
        return [_meting(row) for row in self.session.execute(query.order_by(MetingRow.id))]

    def laatste_metingen(self, provincie: str | None = None, per_afspraak: int = 2) -> list[Meting]:
        """The latest `per_afspraak` measurements of every agreement (by date, then id): what the meter needs."""
        newest_first = (MetingRow.datum.desc(), MetingRow.id.desc())
        rank = func.row_number().over(partition_by=(MetingRow.provincie, MetingRow.sleutel), order_by=newest_first)
        ranked = select(MetingRow.id, rank.label("rang"))  # the index alone: no row is read to rank
        if provincie is not None:
            ranked = ranked.where(MetingRow.provincie == provincie)
        newest = ranked.subquery()
        chosen = select(newest.c.id).where(newest.c.rang <= per_afspraak)
        query = select(*_METING_COLUMNS).where(MetingRow.id.in_(chosen))
        return [_meting(row) for row in self.session.execute(query)]

    def meting(self, meting_id: int) -> Meting | None:
        """One measurement."""
        row = self.session.execute(select(*_METING_COLUMNS).where(MetingRow.id == meting_id)).first()
        return _meting(row) if row else None

    def add_metingen(self, metingen: Sequence[Meting]) -> list[int]:
        """Store measurements in this unit of work; their ids in order.

        In a savepoint: when the unique constraint (agreement, date, source) refuses a row another writer
        stored first, none of them is stored, the unit of work stays usable, and `AlOpgeslagen` names the rows.
        """
        rows = [MetingRow(provincie=m.provincie, sleutel=m.sleutel, waarde=float(m.waarde), datum=m.datum,
                          bron=m.bron, toelichting=m.toelichting, ingevoerd_door=m.ingevoerd_door,
                          ingevoerd_op=m.ingevoerd_op or datetime.now(UTC)) for m in metingen]  # fmt: skip
        try:
            with self.session.begin_nested():
                self.session.add_all(rows)
                self.session.flush()
        except IntegrityError:
            keys = [(m.provincie, m.sleutel, m.datum.isoformat(), m.bron) for m in metingen]
            raise AlOpgeslagen(sorted(self._bestaande(keys)) or keys[:1]) from None
        return [r.id for r in rows]

    def remove_meting(self, meting_id: int) -> None:
        """Delete one measurement."""
        self.session.execute(delete(MetingRow).where(MetingRow.id == meting_id))

    def bestaande(self, sleutels: Sequence[tuple[str, str, str, str]]) -> set[tuple[str, str, str, str]]:
        """Which of (provincie, sleutel, ISO date, bron) are stored already."""
        return self._bestaande(sleutels)

    def _bestaande(self, sleutels: Sequence[tuple[str, str, str, str]]) -> set[tuple[str, str, str, str]]:
        found: set[tuple[str, str, str, str]] = set()
        keys = list(sleutels)
        for start in range(0, len(keys), _BATCH):
            batch = keys[start : start + _BATCH]
            match = or_(*(and_(MetingRow.provincie == p, MetingRow.sleutel == s,
                               MetingRow.datum == date.fromisoformat(d), MetingRow.bron == b)
                          for p, s, d, b in batch))  # fmt: skip
            rows = self.session.execute(select(MetingRow.provincie, MetingRow.sleutel, MetingRow.datum, MetingRow.bron)
                                        .where(match))  # fmt: skip
            found |= {(p, s, d.isoformat(), b) for p, s, d, b in rows}
        return found

    def statussen(self, provincie: str | None = None, sleutel: str | None = None) -> list[StatusZetting]:
        """Statuses set, oldest first."""
        query = select(StatusZettingRow)
        if provincie is not None:
            query = query.where(StatusZettingRow.provincie == provincie)
        if sleutel is not None:
            query = query.where(StatusZettingRow.sleutel == sleutel)
        return [StatusZetting(r.provincie, r.sleutel, r.status, r.motivering, r.door, _utc(r.op) or r.op, r.id)
                for r in self.session.scalars(query.order_by(StatusZettingRow.id))]  # fmt: skip

    def add_status(self, zetting: StatusZetting) -> int:
        """Record a status set by an owner."""
        row = StatusZettingRow(provincie=zetting.provincie, sleutel=zetting.sleutel, status=zetting.status,
                               motivering=zetting.motivering, door=zetting.door, op=zetting.op)  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return row.id

    def rondes(self, provincie: str | None = None, jaar: int | None = None) -> list[MonitorRonde]:
        """Monitor rounds by year and province."""
        query = select(MonitorRondeRow)
        if provincie is not None:
            query = query.where(MonitorRondeRow.provincie == provincie)
        if jaar is not None:
            query = query.where(MonitorRondeRow.jaar == jaar)
        rows = self.session.scalars(query.order_by(MonitorRondeRow.jaar, MonitorRondeRow.provincie))
        return [_ronde(r) for r in rows]

    def ronde(self, ronde_id: int) -> MonitorRonde | None:
        """One round."""
        row = self.session.get(MonitorRondeRow, ronde_id, populate_existing=True)
        return _ronde(row) if row else None

    def add_ronde(self, ronde: MonitorRonde) -> int:
        """Store a new round; `AlOpgeslagen` (nothing stored) when its province has a round of that year already."""
        row = MonitorRondeRow(**_ronde_values(ronde), version=1)
        try:
            with self.session.begin_nested():
                self.session.add(row)
                self.session.flush()
        except IntegrityError:
            raise AlOpgeslagen([(ronde.provincie, str(ronde.jaar))]) from None
        return row.id

    def save_ronde(self, ronde: MonitorRonde, expected_version: int) -> bool:
        """Compare-and-set a round (province and year never change); False if stale."""
        values = _ronde_values(ronde)
        values.pop("provincie")
        values.pop("jaar")
        return versioned_update(self.session, MonitorRondeRow, ronde.id, expected_version, **values)
