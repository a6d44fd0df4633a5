"""SQLAlchemy implementation of `novex.gebieden.productketen_ports.ProductketenRepository`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from novex.gebieden.dossier import Gebiedsdossier, Product, Uitvoeringsafspraak, uit_velden
from novex.monitor.model import AfspraakRef
from novex.store.tables.productketen import GebiedsdossierRow, GebiedsproductRow, UitvoeringsafspraakRow
from novex.store.versioning import versioned_update


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _dossier(row: GebiedsdossierRow) -> Gebiedsdossier:
    return Gebiedsdossier(row.id, row.fase, row.duo_rijk, row.duo_regio, row.trekker, row.gewijzigd_door,
                          _utc(row.gewijzigd_op), row.version)  # fmt: skip


def _product(row: GebiedsproductRow) -> Product:
    return uit_velden(row.soort, row.status, row.vindplaats, row.velden or {}, row.gewijzigd_door,
                      _utc(row.gewijzigd_op), row.version)  # fmt: skip


def _ref(text: str) -> AfspraakRef:
    provincie, _, sleutel = text.partition("/")
    return AfspraakRef(provincie, sleutel)


def _afspraak(row: UitvoeringsafspraakRow) -> Uitvoeringsafspraak:
    return Uitvoeringsafspraak(
        row.gebied, row.onderwerp, row.tekst, row.status, row.eigenaar, row.deadline,
        tuple(_ref(r) for r in row.ra_afspraken or ()), row.gewijzigd_door, _utc(row.gewijzigd_op), row.id,
        row.version,
    )  # fmt: skip


def _afspraak_values(a: Uitvoeringsafspraak) -> dict[str, Any]:
    return {"onderwerp": a.onderwerp, "tekst": a.tekst, "eigenaar": a.eigenaar, "status": a.status,
            "deadline": a.deadline, "ra_afspraken": [str(r) for r in a.ra_afspraken],
            "gewijzigd_door": a.gewijzigd_door or "", "gewijzigd_op": a.gewijzigd_op or datetime.now(UTC)}  # fmt: skip


class SqlProductketenRepository:
    """Dossiers, products and uitvoeringsafspraken in the relational store."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def dossier(self, gebied: str) -> Gebiedsdossier | None:
        """The stored dossier of an area, if any."""
        row = self.session.get(GebiedsdossierRow, gebied, populate_existing=True)
        return None if row is None else _dossier(row)

    def bewaar_dossier(self, dossier: Gebiedsdossier, expected_version: int) -> bool:
        """Insert (version 0; in a savepoint, so a writer who was first makes it False) or compare-and-set."""
        values = {"fase": dossier.fase, "duo_rijk": dossier.duo_rijk, "duo_regio": dossier.duo_regio,
                  "trekker": dossier.bestuurlijke_trekker, "gewijzigd_door": dossier.gewijzigd_door or "",
                  "gewijzigd_op": dossier.gewijzigd_op or datetime.now(UTC)}  # fmt: skip
        if expected_version == 0:
            return self._insert(GebiedsdossierRow(id=dossier.gebied, version=1, **values))
        return versioned_update(self.session, GebiedsdossierRow, dossier.gebied, expected_version, **values)

    def producten(self, gebied: str) -> list[Product]:
        """The stored products of an area."""
        query = select(GebiedsproductRow).where(GebiedsproductRow.gebied == gebied).order_by(GebiedsproductRow.id)
        return [_product(row) for row in self.session.scalars(query.execution_options(populate_existing=True))]

    def bewaar_product(self, gebied: str, product: Product, expected_version: int) -> bool:
        """Insert (version 0) or compare-and-set one product of an area."""
        values = {"status": product.status or "", "vindplaats": product.vindplaats, "velden": product.velden(),
                  "gewijzigd_door": product.gewijzigd_door or "",
                  "gewijzigd_op": product.gewijzigd_op or datetime.now(UTC)}  # fmt: skip
        key = f"{gebied}/{product.soort}"
        if expected_version == 0:
            return self._insert(GebiedsproductRow(id=key, gebied=gebied, soort=product.soort, version=1, **values))
        return versioned_update(self.session, GebiedsproductRow, key, expected_version, **values)

    def afspraken(self, gebied: str | None = None) -> list[Uitvoeringsafspraak]:
        """Uitvoeringsafspraken of one area (every area when None), by area and id."""
        query = select(UitvoeringsafspraakRow)
        if gebied is not None:
            query = query.where(UitvoeringsafspraakRow.gebied == gebied)
        query = query.order_by(UitvoeringsafspraakRow.gebied, UitvoeringsafspraakRow.id)
        return [_afspraak(row) for row in self.session.scalars(query.execution_options(populate_existing=True))]

    def afspraak(self, afspraak_id: int) -> Uitvoeringsafspraak | None:
        """One uitvoeringsafspraak."""
        row = self.session.get(UitvoeringsafspraakRow, afspraak_id, populate_existing=True)
        return None if row is None else _afspraak(row)

    def add_afspraak(self, afspraak: Uitvoeringsafspraak) -> int:
        """Store a new uitvoeringsafspraak (version 1); its id."""
        row = UitvoeringsafspraakRow(gebied=afspraak.gebied, version=1, **_afspraak_values(afspraak))
        self.session.add(row)
        self.session.flush()
        return row.id

    def bewaar_afspraak(self, afspraak: Uitvoeringsafspraak, expected_version: int) -> bool:
        """Compare-and-set an uitvoeringsafspraak (its area never changes)."""
        return versioned_update(self.session, UitvoeringsafspraakRow, afspraak.id, expected_version,
                                **_afspraak_values(afspraak))  # fmt: skip

    def verwijder_afspraak(self, afspraak_id: int, expected_version: int) -> bool:
        """Delete an uitvoeringsafspraak if its version is still `expected_version`."""
        statement = delete(UitvoeringsafspraakRow).where(
            UitvoeringsafspraakRow.id == afspraak_id, UitvoeringsafspraakRow.version == expected_version
        )
        removed = self.session.execute(statement.execution_options(synchronize_session=False)).rowcount == 1
        self.session.expire_all()
        return removed

    def _insert(self, row: Any) -> bool:
        """Add a row in a savepoint: False (nothing stored, the unit of work usable) when its key exists."""
        try:
            with self.session.begin_nested():
                self.session.add(row)
                self.session.flush()
        except IntegrityError:
            return False
        return True
