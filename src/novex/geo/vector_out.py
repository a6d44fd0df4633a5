"""Writing vector files others read: GeoPackage 1.2, GeoJSON per RFC 7946, FlatGeobuf, CSV with WKT, GIO.

- GeoPackage: version 1.2 (GDAL 3.6 warns on 1.4), the geometry type declared even when empty,
  integer columns as INTEGER, so PDOK's geopackage-validator passes a filled and an empty file.
- GeoJSON: RFC 7946, WGS84 with counter-clockwise exterior rings (right-hand rule) and 7 decimals,
  unless RD New is asked (then a `crs` member names EPSG:28992; rings oriented the same way).
- FlatGeobuf: RD New, with a spatial index.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from novex.errors import InvalidInput
from novex.geo.crs import RD_NEW

GEOMETRY_TYPE = "MultiPolygon"
EXPORT_FORMATS = {
    ".gpkg": "gpkg", ".geojson": "geojson", ".json": "geojson", ".fgb": "fgb", ".csv": "csv", ".xlsx": "xlsx",
    ".gml": "gio", ".zip": "gio",
}  # fmt: skip
MEDIA = {
    "gpkg": "application/geopackage+sqlite3",
    "geojson": "application/geo+json",
    "fgb": "application/flatgeobuf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "gio": "application/zip",
}
GPKG_EXTENSIONS = (
    "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, "
    "definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))"
)
SUFFIX = {"gpkg": ".gpkg", "geojson": ".geojson", "fgb": ".fgb", "csv": ".csv", "xlsx": ".xlsx", "gio": ".zip"}


def export_format(path: Path, chosen: str | None = None) -> str:
    """The export format: the one chosen (gpkg, geojson, fgb, csv, xlsx, gio), else by the file's suffix."""
    if chosen:
        if chosen.lower() not in SUFFIX:
            raise InvalidInput(f"formaat {chosen!r} wordt niet geleverd; kies uit {', '.join(SUFFIX)}")
        return chosen.lower()
    found = EXPORT_FORMATS.get(path.suffix.lower())
    if found is None:
        raise InvalidInput(f"{path.name}: onbekend exportformaat; kies .gpkg, .geojson, .fgb, .csv, .xlsx of .gml "
                           "(GIO)")  # fmt: skip
    return found


def frame_of(rows: Sequence[dict[str, Any]], geometries: Sequence[Any], integers: Sequence[str],
             columns: Sequence[str]) -> gpd.GeoDataFrame:  # fmt: skip
    """A GeoDataFrame in RD New with `integers` as nullable integer columns (never reals), even when empty."""
    data = pd.DataFrame(list(rows), columns=list(columns))
    for name in integers:
        data[name] = data[name].astype("Int32")
    multi = [shapely.MultiPolygon([g]) if isinstance(g, shapely.Polygon) else g for g in geometries]
    return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(multi, crs=RD_NEW), crs=RD_NEW)


def write_gpkg(frame: gpd.GeoDataFrame, path: Path, layer: str) -> None:
    """A GeoPackage 1.2 with one MultiPolygon layer.

    With no rows the layer is written as an attribute table (the same columns, no geometry):
    PDOK's validator refuses a feature layer without features (RQ2), and there is nothing to map.
    """
    path.unlink(missing_ok=True)
    if len(frame) == 0:
        pyogrio.write_dataframe(pd.DataFrame(frame.drop(columns="geometry")), path, layer=layer, driver="GPKG",
                                dataset_options={"VERSION": "1.2"})  # fmt: skip
        with closing(sqlite3.connect(path)) as db, db:
            db.execute(GPKG_EXTENSIONS)  # the standard table, empty: no spatial table needs an extension
        return
    pyogrio.write_dataframe(frame, path, layer=layer, driver="GPKG", geometry_type=GEOMETRY_TYPE,
                            dataset_options={"VERSION": "1.2"}, layer_options={"SPATIAL_INDEX": "YES"})  # fmt: skip


def write_geojson(frame: gpd.GeoDataFrame, path: Path, rd: bool = False) -> None:
    """GeoJSON per RFC 7946 (WGS84, right-hand rule), or in RD New with a `crs` member when `rd`."""
    path.unlink(missing_ok=True)
    oriented = frame.set_geometry(shapely.orient_polygons(frame.geometry.values, exterior_cw=False))
    if rd:
        pyogrio.write_dataframe(oriented, path, driver="GeoJSON", geometry_type=GEOMETRY_TYPE)
        return
    wgs84 = oriented.to_crs(4326)
    wgs84 = wgs84.set_geometry(shapely.orient_polygons(wgs84.geometry.values, exterior_cw=False))
    pyogrio.write_dataframe(wgs84, path, driver="GeoJSON", geometry_type=GEOMETRY_TYPE,
                            layer_options={"RFC7946": "YES", "WRITE_NAME": "NO"})  # fmt: skip


def write_fgb(frame: gpd.GeoDataFrame, path: Path) -> None:
    """FlatGeobuf in RD New with a spatial index."""
    path.unlink(missing_ok=True)
    pyogrio.write_dataframe(frame, path, driver="FlatGeobuf", geometry_type=GEOMETRY_TYPE,
                            layer_options={"SPATIAL_INDEX": "YES"})  # fmt: skip
