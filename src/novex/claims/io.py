"""Read claims from GeoJSON, GeoPackage or Shapefile and write them to GeoPackage.

Reading is all-or-nothing: every feature is checked (geometry, CRS, attributes) and
any problem is reported with the feature's index and id; nothing is returned unless
every feature is usable. Geometry is reprojected to RD New and cleaned
(`novex.geo.hygiene`); repairs are reported.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pyogrio
from pyproj import CRS
from pyproj.exceptions import CRSError

from novex.claims.model import Claim, ClaimDraft, ClaimStatus, Hardheid
from novex.errors import ImportRejected, InvalidInput
from novex.geo.crs import RD_NEW, reproject
from novex.geo.hygiene import Cleaned, GeometryRejected, clean_polygon
from novex.geo.vector_files import FORMATS, VectorFile, open_vector

__all__ = [
    "ImportRejected", "ReadResult", "clean_geometry", "parse_field_map", "read_claims", "read_features", "write_claims",
]  # fmt: skip

# Plausible RD New extents (metres): the Netherlands with a margin for the coast, and
# the Netherlands with its part of the North Sea (offshore restriction areas).
RD_BOUNDS = (-10_000.0, 290_000.0, 310_000.0, 640_000.0)
RD_BOUNDS_WITH_SEA = (-120_000.0, 290_000.0, 310_000.0, 1_000_000.0)
FIELDS = [f.name for f in fields(ClaimDraft) if f.name != "geometry"]


@dataclass(frozen=True)
class ReadResult:
    """The usable claims of a file plus the geometry repairs made on the way."""

    drafts: list[ClaimDraft]
    repairs: list[str]
    source_crs: str


def parse_field_map(pairs: Sequence[str]) -> dict[str, str]:
    """Turn ['naam=NAME', …] into {'naam': 'NAME'}; unknown novex fields are an error."""
    mapping = {}
    for pair in pairs:
        target, sep, attribute = pair.partition("=")
        if not sep or not attribute:
            raise InvalidInput(f"veldkoppeling {pair!r}: verwacht veld=attribuut, bijv. naam=NAME")
        if target not in FIELDS:
            raise InvalidInput(f"veldkoppeling {pair!r}: onbekend veld {target!r}; kies uit {', '.join(FIELDS)}")
        mapping[target] = attribute
    return mapping


def _source_crs(shown: str, file: VectorFile) -> CRS:
    if file.crs is not None:
        return file.crs
    if file.driver == "GeoJSON":  # RFC 7946: GeoJSON without a crs member is WGS84
        return CRS.from_epsg(4326)
    raise InvalidInput(f"{shown}: het bestand heeft geen coördinatenstelsel (ontbreekt het .prj-bestand?)")


def field_value(row: Mapping[str, Any], key: str, mapping: Mapping[str, str]) -> Any:
    """The value of novex field `key` in a row (via the mapping); None for empty/NaN."""
    value = row.get(mapping.get(key, key))
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    return value.strip() or None if isinstance(value, str) else value


def _draft(
    row: Mapping[str, Any], geometry: Any, mapping: Mapping[str, str], defaults: Mapping[str, Any]
) -> ClaimDraft:
    values: dict[str, Any] = {k: field_value(row, k, mapping) for k in FIELDS}
    for key, default in defaults.items():
        if values.get(key) is None:
            values[key] = default
    if not values["naam"]:
        raise ValueError("naam ontbreekt")
    if not values["domein"]:
        raise ValueError("domein ontbreekt (geef het attribuut 'domein' of de optie --domain)")
    try:
        values["status"] = ClaimStatus(values["status"] or ClaimStatus.IDEE)
    except ValueError:
        raise ValueError(f"onbekende status {values['status']!r}; kies uit {', '.join(ClaimStatus)}") from None
    try:
        values["hardheid"] = Hardheid(values["hardheid"] or Hardheid.MIDDEL)
    except ValueError:
        raise ValueError(f"onbekende hardheid {values['hardheid']!r}; kies uit {', '.join(Hardheid)}") from None
    for key, kind in (("hoeveelheid", float), ("start_jaar", int), ("eind_jaar", int), ("prioriteit", int)):
        if values[key] is not None:
            try:
                values[key] = kind(values[key])
            except (TypeError, ValueError):
                raise ValueError(f"{key} {values[key]!r} is geen getal") from None
    if values["prioriteit"] is None:
        values["prioriteit"] = 3
    for key in ("naam", "domein", "eenheid", "doel_id", "eigenaar", "bron", "notities", "extern_id"):
        if values[key] is not None:
            values[key] = str(values[key])
    return ClaimDraft(geometry=geometry, **values)


@dataclass(frozen=True)
class Features:
    """The usable features of a file: attribute rows, cleaned RD New geometries, repairs."""

    rows: list[dict[str, Any]]
    geometries: list[Any]
    labels: list[str]
    repairs: list[str]
    source_crs: str


def read_features(
    path: Path,
    mapping: Mapping[str, str],
    build: Callable[[dict, Any], Any] | None = None,
    extent: tuple[float, float, float, float] = RD_BOUNDS,
    name: str | None = None,
    repair: bool = False,
) -> tuple[Features, list[Any]]:
    """Read a vector file, reproject to RD New and clean every geometry (all or nothing).

    `build(row, geometry)` turns each feature into a domain object and may raise
    `ValueError` with a reason; every problem is collected and reported together.
    `name` is the file's name as the user knows it (an upload's own name), for messages;
    `repair` lets `make_valid` repair geometries whose repair changes their shape.
    """
    shown = name or path.name
    file = open_vector(path, shown)
    frame, crs = file.frame, _source_crs(shown, file)
    missing = [attr for attr in mapping.values() if attr not in frame.columns]
    if missing:
        known = ", ".join(c for c in frame.columns if c != "geometry")
        raise InvalidInput(f"{shown}: attribuut {', '.join(missing)} bestaat niet; wel: {known}")
    rows = frame.drop(columns="geometry").to_dict("records")
    features = Features([], [], [], [], crs.to_string())
    built, problems = [], []
    for index, (row, geometry) in enumerate(zip(rows, frame.geometry, strict=True)):
        extern_id, name = field_value(row, "extern_id", mapping), field_value(row, "naam", mapping)
        label = f"feature {index}" + (f" (id {extern_id})" if extern_id is not None else "")
        label += f" '{name}'" if name else ""
        try:
            if geometry is None:
                raise GeometryRejected("geen of onleesbare geometrie")
            cleaned = clean_polygon(_to_rd(geometry, crs, extent), repair)
            built.append(build(row, cleaned.geometry) if build else None)
            features.rows.append(row)
            features.geometries.append(cleaned.geometry)
            features.labels.append(label)
            if cleaned.repair:
                features.repairs.append(f"{label}: {cleaned.repair}")
        except (GeometryRejected, ValueError) as exc:
            problems.append(f"{label}: {exc}")
    if problems:
        raise ImportRejected(shown, problems)
    return features, built


def read_claims(
    path: Path,
    field_map: Mapping[str, str] | None = None,
    defaults: Mapping[str, Any] | None = None,
    name: str | None = None,
    repair: bool = False,
) -> ReadResult:
    """Read and validate every feature of a claims file (all or nothing).

    Args:
        path: a .geojson/.json, .gpkg or .shp file in any declared CRS.
        field_map: novex field → attribute name in the file, e.g. {"naam": "NAME"}.
        defaults: values for fields the file leaves empty, e.g. {"domein": "wonen"}.
        name: the file's name as the user knows it (an upload's own name), for messages.
        repair: repair invalid geometries even where the repair changes their shape.

    Raises:
        ImportRejected: listing every feature that cannot be used, by index and id.

    """
    mapping, defaults = dict(field_map or {}), dict(defaults or {})
    features, drafts = read_features(
        path, mapping, lambda row, geom: _draft(row, geom, mapping, defaults), name=name, repair=repair
    )
    return ReadResult(drafts, features.repairs, features.source_crs)


def clean_geometry(geometry: Any, crs: CRS, repair: bool = False) -> Cleaned:
    """One claim geometry through the import's own rules: to RD New, inside the Netherlands, cleaned."""
    return clean_polygon(_to_rd(geometry, crs, RD_BOUNDS), repair)


def _to_rd(geometry: Any, crs: CRS, extent: tuple[float, float, float, float]) -> Any:
    try:
        rd = reproject(geometry, crs, RD_NEW)
    except CRSError as exc:
        raise GeometryRejected(f"kan niet omrekenen van {crs.name} naar RD New: {exc}") from exc
    minx, miny, maxx, maxy = rd.bounds
    finite = all(math.isfinite(v) for v in (minx, miny, maxx, maxy))
    x0, y0, x1, y1 = extent
    if not finite or minx < x0 or miny < y0 or maxx > x1 or maxy > y1:
        hint = (
            " (staan de coördinaten in RD New terwijl het bestand WGS84 opgeeft of geen CRS heeft?)"
            if crs.is_geographic
            else ""
        )
        raise GeometryRejected(f"ligt buiten Nederland na omrekening uit {crs.name}{hint}")
    return rd


def write_claims(claims: Sequence[Claim], path: Path, layer: str = "claims") -> Path:
    """Write claims to a GeoPackage (or GeoJSON by suffix) in EPSG:28992."""
    driver = FORMATS.get(path.suffix.lower())
    if driver is None or driver == "ESRI Shapefile":
        raise InvalidInput(f"{path.name}: exporteer naar .gpkg of .geojson")
    rows = [
        {
            "id": c.id,
            "extern_id": c.extern_id,
            "voorstel_id": c.voorstel_id,
            "naam": c.naam,
            "domein": c.domein,
            "status": str(c.status),
            "hardheid": str(c.hardheid),
            "prioriteit": c.prioriteit,
            "hoeveelheid": c.hoeveelheid,
            "eenheid": c.eenheid,
            "doel_id": c.doel_id,
            "start_jaar": c.start_jaar,
            "eind_jaar": c.eind_jaar,
            "eigenaar": c.eigenaar,
            "bron": c.bron,
            "notities": c.notities,
            "area_ha": round(c.area_ha, 4),
            "provincies": ",".join(sorted(c.provincies)),
            "gemeenten": ",".join(sorted(c.gemeenten)),
        }  # fmt: skip
        for c in claims
    ]
    frame = gpd.GeoDataFrame(rows, geometry=[c.geometry for c in claims], crs=RD_NEW)
    if path.exists():
        path.unlink()
    pyogrio.write_dataframe(frame, path, layer=layer if driver == "GPKG" else None, driver=driver,
                            promote_to_multi=True)  # fmt: skip
    return path
