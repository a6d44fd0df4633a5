"""SQLAlchemy implementation of `novex.scenarios.ports.ScenarioRepository`."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from novex.scenarios.codec import wijziging_from_json, wijziging_to_json
from novex.scenarios.model import EigenaarSoort, Scenario, Wijziging
from novex.store.tables.scenarios import ScenarioRow, ScenarioWijzigingRow
from novex.store.versioning import versioned_update


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class SqlScenarioRepository:
    """Scenarios in the `scenarios` table, their changes in `scenario_wijzigingen`; the caller owns the transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def scenarios(self) -> list[Scenario]:
        """Every scenario, by name."""
        rows = self.session.scalars(select(ScenarioRow).order_by(ScenarioRow.naam, ScenarioRow.id))
        return [self._scenario(row) for row in rows]

    def scenario(self, key: int | str) -> Scenario | None:
        """By id (a number) or by name."""
        if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
            row = self.session.get(ScenarioRow, int(key), populate_existing=True)
        else:
            row = self.session.scalars(select(ScenarioRow).where(ScenarioRow.naam == key)).first()
        return None if row is None else self._scenario(row)

    def maak(self, scenario: Scenario) -> Scenario:
        """Insert a new scenario without changes."""
        row = ScenarioRow(
            naam=scenario.naam, eigenaar=scenario.eigenaar, eigenaar_soort=str(scenario.eigenaar_soort),
            eigenaar_rol=scenario.eigenaar_rol, eigenaar_provincie=scenario.eigenaar_provincie,
            eigenaar_departement=scenario.eigenaar_departement,
            gemaakt_op=scenario.gemaakt_op, basis_voorstel=scenario.basis_voorstel,
            omschrijving=scenario.omschrijving, stand=0, version=1,
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return self._scenario(row)

    def bewaar(
        self, scenario_id: int, stand: int, wijzigingen: tuple[Wijziging, ...], expected_version: int
    ) -> Scenario | None:
        """Compare-and-set on the version; the changes are replaced as a whole."""
        if not versioned_update(self.session, ScenarioRow, scenario_id, expected_version, stand=stand):
            return None
        self.session.execute(delete(ScenarioWijzigingRow).where(ScenarioWijzigingRow.scenario_id == scenario_id))
        self.session.add_all(
            ScenarioWijzigingRow(scenario_id=scenario_id, volgorde=n, gegevens=json.dumps(wijziging_to_json(w)))
            for n, w in enumerate(wijzigingen, start=1)
        )
        self.session.flush()
        return self.scenario(scenario_id)

    def verwijder(self, scenario_id: int) -> None:
        """Delete a scenario and its changes."""
        self.session.execute(delete(ScenarioWijzigingRow).where(ScenarioWijzigingRow.scenario_id == scenario_id))
        self.session.execute(delete(ScenarioRow).where(ScenarioRow.id == scenario_id))
        self.session.flush()

    def _scenario(self, row: ScenarioRow) -> Scenario:
        query = (
            select(ScenarioWijzigingRow.gegevens)
            .where(ScenarioWijzigingRow.scenario_id == row.id)
            .order_by(ScenarioWijzigingRow.volgorde)
        )
        changes = tuple(wijziging_from_json(json.loads(data)) for data in self.session.scalars(query))
        return Scenario(
            row.id, row.naam, row.eigenaar, EigenaarSoort(row.eigenaar_soort), row.eigenaar_rol,
            row.eigenaar_provincie, _utc(row.gemaakt_op), row.basis_voorstel, row.omschrijving, row.stand, changes,
            row.version, row.eigenaar_departement,
        )  # fmt: skip
