"""SQLAlchemy implementation of `novex.claims.ports.VerantwoordingRepository`."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from novex.claims.verantwoording import VastgelegdeVerantwoording, uit_gegevens
from novex.store.tables.claims import VoorstelVerantwoordingRow
from novex.store.versioning import versioned_update


class SqlVerantwoordingRepository:
    """The verantwoording of voorstel versions, one JSON document per version."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def lees(self, voorstel_id: int) -> VastgelegdeVerantwoording | None:
        """The verantwoording stored for this voorstel version, if any."""
        row = self.session.get(VoorstelVerantwoordingRow, voorstel_id, populate_existing=True)
        if row is None:
            return None
        moment = row.gewijzigd_op if row.gewijzigd_op.tzinfo else row.gewijzigd_op.replace(tzinfo=UTC)
        stored = uit_gegevens(row.inhoud, f"verantwoording van voorstel {voorstel_id}")
        return VastgelegdeVerantwoording(stored, voorstel_id, row.version, row.gewijzigd_door, moment)

    def bewaar(self, voorstel_id: int, inhoud: dict, door: str, expected_version: int) -> bool:
        """Insert (version 0, in a savepoint so a writer who was first makes it False) or compare-and-set."""
        values = {"inhoud": inhoud, "gewijzigd_door": door, "gewijzigd_op": datetime.now(UTC)}
        if expected_version != 0:
            return versioned_update(self.session, VoorstelVerantwoordingRow, voorstel_id, expected_version, **values)
        try:
            with self.session.begin_nested():
                self.session.add(VoorstelVerantwoordingRow(id=voorstel_id, version=1, **values))
                self.session.flush()
        except IntegrityError:
            return False
        return True
