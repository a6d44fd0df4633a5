from sqlalchemy import func, inspect, select

from novex import bootstrap
from novex.store.tables import CatalogVersion, DomainRow, GoalRow, ProvinceRow


def count(db, table):
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(table))


def test_init_creates_schema_and_loads_reference_data(settings, cat):
    report = bootstrap.init(settings)
    assert report.catalog_loaded and report.provinces == 12
    db = bootstrap.database(settings)
    assert {"alembic_version", "provinces", "goals", "domains"} <= set(inspect(db.engine).get_table_names())
    assert count(db, DomainRow) == len(cat.domeinen)
    assert count(db, GoalRow) == report.goals > 0
    with db.session() as s:
        utrecht = s.get(ProvinceRow, "PV26")
        assert utrecht.naam == "Utrecht" and utrecht.landsdeel == "noordwest"
        assert utrecht.geometry.area / 10_000 == utrecht.land_ha
        assert (utrecht.minx, utrecht.miny, utrecht.maxx, utrecht.maxy) == utrecht.geometry.bounds
        assert s.scalar(select(CatalogVersion.versie)) == cat.versie


def test_init_is_idempotent(settings):
    first = bootstrap.init(settings)
    second = bootstrap.init(settings)
    assert first.catalog_loaded and not second.catalog_loaded
    assert (second.provinces, second.goals) == (first.provinces, first.goals)
