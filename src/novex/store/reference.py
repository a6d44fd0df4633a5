"""Write the catalogue and the province map into the database (idempotent)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from novex.catalog.loader import DATA_DIR, Catalogus
from novex.catalog.service import quantitative_goals
from novex.errors import InvalidInput
from novex.reference.municipalities import Municipality
from novex.reference.provinces import Province
from novex.store.tables.catalog import CatalogVersion, DomainRow, GoalRow, NovexAreaRow, ThemeRow
from novex.store.tables.claims import ClaimRow, ProvinceTargetRow, RestrictionLayerRow
from novex.store.tables.reference import MunicipalityRow, ProvinceRow


def catalog_checksum() -> str:
    """SHA-256 over every shipped catalogue data file (names and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(DATA_DIR.rglob("*.yaml")):
        digest.update(path.relative_to(DATA_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def store_catalog(session: Session, cat: Catalogus) -> bool:
    """Replace the catalogue tables when the shipped version or content changed.

    Returns True when something was (re)loaded, False when already current.
    """
    checksum = catalog_checksum()
    current = session.get(CatalogVersion, cat.versie)
    if current is not None and current.checksum == checksum:
        return False
    for table in (GoalRow, ThemeRow, NovexAreaRow):
        session.execute(delete(table))
    # Domains are referenced by claims, layers and targets: update them in place, never delete-and-reload.
    shipped = {d.slug: d.naam for d in cat.domeinen}
    gone = set(session.scalars(select(DomainRow.slug))) - shipped.keys()
    in_use = sorted(gone & _used_domains(session))
    if in_use:
        raise InvalidInput(f"catalogus {cat.versie}: de domeinen {', '.join(in_use)} zijn vervallen maar nog in "
                           "gebruik door claims, lagen of doelen; pas die eerst aan")  # fmt: skip
    if gone:
        session.execute(delete(DomainRow).where(DomainRow.slug.in_(gone)))
    for slug, naam in shipped.items():
        session.merge(DomainRow(slug=slug, naam=naam))
    session.add_all(
        ThemeRow(id=t.id, naam=t.naam, payload=t.model_dump(mode="json", exclude_none=True)) for t in cat.themas
    )
    session.add_all(
        NovexAreaRow(id=g.id, naam=g.naam, typen=g.typen, provincies=g.provincies) for g in cat.novex_gebieden
    )
    session.flush()
    session.add_all(
        GoalRow(
            id=d.id,
            theme_id=t.id if t else None,
            tekst=d.tekst,
            waarde=d.waarde,
            eenheid=d.eenheid,
            jaar=d.jaar,
            domein=d.domein,
            provincie=d.provincie,
            gebied=d.gebied,
            source=d.source.model_dump(),
        )
        for t, d in quantitative_goals(cat)
    )
    session.merge(CatalogVersion(versie=cat.versie, checksum=checksum))
    return True


def _used_domains(session: Session) -> set[str]:
    """Domains that claims, restriction layers or province targets refer to."""
    used: set[str] = set()
    for column in (ClaimRow.domein, RestrictionLayerRow.domein, ProvinceTargetRow.domein):
        used |= {d for d in session.scalars(select(column).distinct()) if d}
    return used


def store_provinces(session: Session, provinces: Iterable[Province]) -> int:
    """Insert or update the provinces; returns how many are stored."""
    for province in provinces:
        row = session.get(ProvinceRow, province.code) or ProvinceRow(code=province.code)
        row.naam, row.landsdeel, row.land_ha = province.naam, province.landsdeel, province.land_ha
        row.geometry = province.geometry
        row.set_bbox(province.geometry)
        session.add(row)
    session.flush()
    return len(session.scalars(select(ProvinceRow.code)).all())


def store_municipalities(session: Session, municipalities: Iterable[Municipality]) -> int:
    """Insert or update the municipalities; returns how many are stored."""
    for municipality in municipalities:
        row = session.get(MunicipalityRow, municipality.code) or MunicipalityRow(code=municipality.code)
        row.naam, row.provincie, row.inwoners = (
            municipality.naam,
            municipality.provincie,
            municipality.inwoners,
        )
        row.area_ha, row.geometry = municipality.area_ha, municipality.geometry
        row.set_bbox(municipality.geometry)
        session.add(row)
    session.flush()
    return len(session.scalars(select(MunicipalityRow.code)).all())
