"""A new catalogue version loads into a database that already has claims (domains are updated, not reloaded)."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from novex import bootstrap
from novex.access import Actor
from novex.catalog.service import catalogus
from novex.errors import InvalidInput
from novex.store import reference
from novex.store.tables.catalog import CatalogVersion, DomainRow
from novex.store.tables.claims import ClaimRow
from tests.fixtures.geo import UTRECHT, feature, square, write_geojson


def test_a_changed_catalogue_reloads_under_existing_claims(db, tmp_path, monkeypatch):
    path = write_geojson(tmp_path / "c.geojson", [feature(square(*UTRECHT, 300), naam="A", domein="wonen")])
    with db.session() as session:
        bootstrap.claim_service(session).import_file(Actor.operator(), path, voorstel="V", provincie="PV26")
    monkeypatch.setattr(reference, "catalog_checksum", lambda: "een-nieuwe-inhoud")
    with db.session() as session:
        assert reference.store_catalog(session, catalogus()) is True  # reloaded, no FOREIGN KEY failure
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(ClaimRow)) == 1
        assert session.get(CatalogVersion, catalogus().versie).checksum == "een-nieuwe-inhoud"
        assert session.get(DomainRow, "wonen") is not None


def test_a_domain_still_in_use_is_not_dropped_silently(db, tmp_path, monkeypatch):
    path = write_geojson(tmp_path / "c.geojson", [feature(square(*UTRECHT, 300), naam="A", domein="wonen")])
    with db.session() as session:
        bootstrap.claim_service(session).import_file(Actor.operator(), path, voorstel="V", provincie="PV26")
    cat = catalogus()
    without_wonen = dataclasses.replace(cat, domeinen=[d for d in cat.domeinen if d.slug != "wonen"])
    monkeypatch.setattr(reference, "catalog_checksum", lambda: "zonder-wonen")
    with db.session() as session, pytest.raises(InvalidInput, match="domeinen wonen zijn vervallen maar nog in gebruik"):
        reference.store_catalog(session, without_wonen)
