"""Read claims from vector files (`novex.geo.vector_files`) and write them to the export formats.

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

import numpy as np
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from novex.claims.model import Claim, ClaimDraft, ClaimStatus, Hardheid
from novex.errors import ImportRejected, InvalidInput
from novex.geo.crs import RD_NEW, reproject
from novex.geo.hygiene import Cleaned, GeometryRejected, clean_polygon
from novex.geo.vector_files import Choice, VectorFile, open_vector

__all__ = [
    "Choice", "ImportRejected", "ReadResult", "clean_geometry", "parse_field_map", "read_claims", "read_features",
    "write_claims",
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
    choice: Choice | None = None,
) -> tuple[Features, list[Any]]:
    """Read a vector file, reproject to RD New and clean every geometry (all or nothing).

    `build(row, geometry)` turns each feature into a domain object and may raise
    `ValueError` with a reason; every problem is collected and reported together.
    `name` is the file's name as the user knows it (an upload's own name), for messages;
    `repair` lets `make_valid` repair geometries whose repair changes their shape; `choice`
    names the layer (files with several) and the CSV's WKT column.
    """
    shown = name or path.name
    file = open_vector(path, shown, choice=choice)
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
    choice: Choice | None = None,
) -> ReadResult:
    """Read and validate every feature of a claims file (all or nothing).

    Args:
        path: a file of `novex.geo.vector_files.FORMATS` in any declared CRS.
        field_map: novex field → attribute name in the file, e.g. {"naam": "NAME"}.
        defaults: values for fields the file leaves empty, e.g. {"domein": "wonen"}.
        name: the file's name as the user knows it (an upload's own name), for messages.
        repair: repair invalid geometries even where the repair changes their shape.
        choice: the layer to read and the CSV's WKT column.

    Raises:
        ImportRejected: listing every feature that cannot be used, by index and id.

    """
    mapping, defaults = dict(field_map or {}), dict(defaults or {})
    features, drafts = read_features(
        path, mapping, lambda row, geom: _draft(row, geom, mapping, defaults), name=name, repair=repair,
        choice=choice,
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


COLUMNS = [
    "id", "extern_id", "voorstel_id", "naam", "domein", "status", "hardheid", "prioriteit", "hoeveelheid", "eenheid",
    "doel_id", "start_jaar", "eind_jaar", "eigenaar", "bron", "notities", "area_ha", "provincies", "gemeenten",
]  # fmt: skip
INTEGERS = ("id", "voorstel_id", "prioriteit", "start_jaar", "eind_jaar")


def claim_row(c: Claim) -> dict[str, Any]:
    """A claim's attributes as exported (one row of every export format)."""
    return {
        "id": c.id, "extern_id": c.extern_id, "voorstel_id": c.voorstel_id, "naam": c.naam, "domein": c.domein,
        "status": str(c.status), "hardheid": str(c.hardheid), "prioriteit": c.prioriteit, "hoeveelheid": c.hoeveelheid,
        "eenheid": c.eenheid, "doel_id": c.doel_id, "start_jaar": c.start_jaar, "eind_jaar": c.eind_jaar,
        "eigenaar": c.eigenaar, "bron": c.bron, "notities": c.notities, "area_ha": round(c.area_ha, 4),
        "provincies": ",".join(sorted(c.provincies)), "gemeenten": ",".join(sorted(c.gemeenten)),
    }  # fmt: skip


def write_claims(
    claims: Sequence[Claim], path: Path, layer: str = "claims", formaat: str | None = None, rd: bool = False
) -> Path:
    """Write claims to `path` in the format chosen or named by its suffix (`novex.geo.vector_out`).

    GeoPackage and FlatGeobuf are RD New; GeoJSON is WGS84 per RFC 7946 unless `rd`; CSV holds the
    geometry as WKT (RD New) so it imports again; XLSX the attributes; GIO (.gml, or a .zip holding
    the .gml and its GDAL .gfs) the claimed areas with their basisgeo:id.
    """
    from novex.geo import vector_out

    kind = vector_out.export_format(path, formaat)
    rows = [claim_row(c) for c in claims]
    if kind in ("csv", "xlsx"):
        from novex.geo.tables_out import to_csv, to_xlsx

        if kind == "csv":
            wkt = [shapely.to_wkt(c.geometry, rounding_precision=3) for c in claims]
            body = to_csv([*COLUMNS, "geometry"], [[*r.values(), w] for r, w in zip(rows, wkt, strict=True)])
        else:
            body = to_xlsx("claims", COLUMNS, [list(r.values()) for r in rows])
        path.write_bytes(body)
        return path
    if kind == "gio":
        return _write_gio(claims, path)
    frame = vector_out.frame_of(rows, [c.geometry for c in claims], INTEGERS, COLUMNS)
    if kind == "gpkg":
        vector_out.write_gpkg(frame, path, layer)
    elif kind == "geojson":
        vector_out.write_geojson(frame, path, rd)
    else:
        vector_out.write_fgb(frame, path)
    return path


def _write_gio(claims: Sequence[Claim], path: Path) -> Path:
    """Claimed areas as a STOP GIO; a .zip holds the .gml with its .gfs, a .gml gets its .gfs beside it."""
    import tempfile
    import zipfile
    from datetime import date

    from novex.geo.gio import Locatie, locatie_id, write_gfs, write_gio

    provinces = {p for c in claims for p in c.provincies} or {"mnre1034"}
    gezag = next(iter(provinces)).lower() if len(provinces) == 1 else "mnre1034"
    voorstellen = sorted({c.voorstel_id for c in claims})
    slug = f"novex-voorstel-{voorstellen[0]}" if len(voorstellen) == 1 else "novex-claims"
    today = date.today()
    work = f"/join/id/regdata/{gezag}/{today.year}/{slug}"
    expression = f"{work}/nld@{today.isoformat()};1"
    locaties = [Locatie(c.geometry, locatie_id(c.extern_id or f"novex/claim/{c.id}"), c.naam) for c in claims]
    if path.suffix.lower() != ".zip":
        write_gio(path, locaties, work, expression)
        write_gfs(path)
        return path
    with tempfile.TemporaryDirectory(prefix="gio-", dir=path.parent) as folder:
        gml = Path(folder) / f"{path.stem}.gml"
        write_gio(gml, locaties, work, expression)
        gfs = write_gfs(gml)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(gml, gml.name)
            archive.write(gfs, gfs.name)
    return path
