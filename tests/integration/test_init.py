import numpy as np
import pytest
import shapely
from pyproj import Geod, Transformer
from sqlalchemy import func, inspect, select

from novex import bootstrap
from novex.settings import Settings
from novex.store.tables.catalog import CatalogVersion, DomainRow, GoalRow
from novex.store.tables.claims import RestrictionAreaRow, RestrictionLayerRow
from novex.store.tables.reference import MunicipalityRow, ProvinceRow
from tests.conftest import empty_database


@pytest.fixture
def empty(tmp_path, backend):
    """Settings for an empty database (a new SQLite file, or a new PostGIS database)."""
    with empty_database(backend, tmp_path, "empty") as url:
        yield Settings(data_dir=tmp_path / "data", database_url=url)


def count(db, table):
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(table))


def geodesic_ha(rd_geometry) -> float:
    """An independent measurement: the area on the WGS84 ellipsoid (pyproj.Geod) of the polygon taken to lon/lat."""
    to_wgs84 = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
    lonlat = shapely.transform(rd_geometry, lambda xy: np.column_stack(to_wgs84.transform(xy[:, 0], xy[:, 1])))
    area_m2, _ = Geod(ellps="WGS84").geometry_area_perimeter(lonlat)
    return abs(area_m2) / 10_000


def test_init_creates_schema_and_loads_reference_data(empty, cat):
    report = bootstrap.init(empty)
    assert report.catalog_loaded and report.provinces == 12 and report.municipalities == 342
    assert report.layers_loaded == ("Natura 2000", "Natuurnetwerk Nederland Zuid-Holland")
    db = bootstrap.database(empty)
    assert count(db, MunicipalityRow) == 342 and count(db, RestrictionLayerRow) == 2
    assert count(db, RestrictionAreaRow) == 162  # 160 Natura 2000 areas + the 2 NNN GIOs
    assert {"alembic_version", "provinces", "goals", "domains"} <= set(inspect(db.engine).get_table_names())
    assert count(db, DomainRow) == len(cat.domeinen)
    assert count(db, GoalRow) == report.goals > 0
    with db.session() as s:
        utrecht = s.get(ProvinceRow, "PV26")
        assert utrecht.naam == "Utrecht" and utrecht.landsdeel == "noordwest"
        # RD New is conformal (scale within ±0.02 % over the Netherlands): every stored land area in
        # hectares agrees with the geodesic area of the stored shape on the ellipsoid within 0.1 %.
        rows = s.scalars(select(ProvinceRow)).all()
        assert len(rows) == 12
        for row in rows:
            assert row.land_ha == pytest.approx(geodesic_ha(row.geometry), rel=1e-3), row.code
        assert sum(row.land_ha for row in rows) / 100 == pytest.approx(35_094, rel=1e-3)  # km², see test_provinces
        assert (utrecht.minx, utrecht.miny, utrecht.maxx, utrecht.maxy) == utrecht.geometry.bounds
        assert s.scalar(select(CatalogVersion.versie)) == cat.versie


def test_init_is_idempotent(empty):
    first = bootstrap.init(empty)
    second = bootstrap.init(empty)
    assert first.catalog_loaded and not second.catalog_loaded and second.layers_loaded == ()
    assert (second.provinces, second.goals) == (first.provinces, first.goals)


# Indexes the migrations make for one backend only (0006), and PostGIS's own table: not in the models on purpose.
DIALECT_ONLY = {"ix_claims_bbox", "spatial_ref_sys"} | {
    f"ix_{t}_geometry" for t in ("claims", "municipalities", "provinces", "restriction_areas")
}


def test_the_migrations_build_exactly_the_models(db):
    """Alembic finds no difference between the migrated schema and the SQLAlchemy models."""
    import warnings

    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from novex.store.tables import metadata

    def include(obj, name, kind, reflected, compare_to):
        return name not in DIALECT_ONLY

    with db.engine.connect() as connection, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # reflection does not know the PostGIS geometry type
        context = MigrationContext.configure(connection, opts={"compare_type": False, "include_object": include})
        assert compare_metadata(context, metadata()) == []
