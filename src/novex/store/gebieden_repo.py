"""SQLAlchemy implementation of `novex.gebieden.ports.GrensRepository`."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from novex.gebieden.model import OfficieleGrens
from novex.store.tables.gebieden import GebiedsgrensRow
from novex.store.versioning import versioned_update


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _grens(row: GebiedsgrensRow) -> OfficieleGrens:
    return OfficieleGrens(
        row.id, row.geometry, row.bron, row.peildatum, row.attributie, row.bestand, row.ingevoerd_door,
        _utc(row.ingevoerd_op), row.version,
    )  # fmt: skip


class SqlGrensRepository:
    """Official boundaries of NOVEX areas in the `novex_gebied_grenzen` table."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def grenzen(self) -> list[OfficieleGrens]:
        """Every stored official boundary."""
        return [_grens(row) for row in self.session.scalars(select(GebiedsgrensRow).order_by(GebiedsgrensRow.id))]

    def grens(self, gebied: str) -> OfficieleGrens | None:
        """The official boundary of one area, if any."""
        row = self.session.get(GebiedsgrensRow, gebied, populate_existing=True)
        return None if row is None else _grens(row)

    def bewaar(self, grens: OfficieleGrens, expected_version: int | None) -> OfficieleGrens | None:
        """Insert, or replace when the stored version is still `expected_version`; None when stale."""
        values = {
            "geometry": grens.geometry, "bron": grens.bron, "peildatum": grens.peildatum,
            "attributie": grens.attributie, "bestand": grens.bestand, "ingevoerd_door": grens.ingevoerd_door,
            "ingevoerd_op": grens.ingevoerd_op,
        }  # fmt: skip
        if expected_version is None:
            if self.session.get(GebiedsgrensRow, grens.gebied) is not None:
                return None
            self.session.add(GebiedsgrensRow(id=grens.gebied, version=1, **values))
            self.session.flush()
        elif not versioned_update(self.session, GebiedsgrensRow, grens.gebied, expected_version, **values):
            return None
        return self.grens(grens.gebied)

    def verwijder(self, gebied: str, expected_version: int | None) -> bool:
        """Remove an area's boundary if its version is still `expected_version` (any when None)."""
        statement = delete(GebiedsgrensRow).where(GebiedsgrensRow.id == gebied)
        if expected_version is not None:
            statement = statement.where(GebiedsgrensRow.version == expected_version)
        removed = self.session.execute(statement.execution_options(synchronize_session=False)).rowcount == 1
        self.session.expire_all()
        return removed
