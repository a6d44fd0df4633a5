"""Opening vector files from outside: one allowed format, content checked, that one GDAL driver only.

GDAL picks a driver from a file's *content*: a file named `x.geojson` that holds a VRT
document would be opened as VRT, which can read any file the server can read or fetch
URLs. So the format comes from the name (the allowed list), the first bytes must match
it, and GDAL opens the file with that driver alone (`GeoJSON:`/`GPKG:` prefixes); network
access through GDAL is switched off. Messages name the file as the user knows it, never
a server path.

Formats: GeoJSON, GeoPackage (one layer, or the layer chosen by name), Shapefile (loose or
zipped), GML (the STOP GeoInformatieObject is read by `novex.geo.gio`, keeping its
identifiers), KML, FlatGeobuf and CSV with a WKT column (`novex.geo.csv_wkt`).
"""

from __future__ import annotations

import glob
import json
import math
from pathlib import Path
from typing import Any

import pyogrio
from pyproj import CRS
from pyproj.exceptions import CRSError

from novex.errors import ImportRejected, InvalidInput
from novex.geo.crs import authority_crs
from novex.geo.vector_types import Choice, VectorFile
from novex.geo.xml_guard import check_xml

FORMATS = {
    ".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG", ".shp": "ESRI Shapefile", ".zip": "ZIP",
    ".gml": "GML", ".xml": "GML", ".kml": "KML", ".fgb": "FlatGeobuf", ".csv": "CSV",
}  # fmt: skip
FORMAT_NAMES = {
    "GeoJSON": "GeoJSON", "GPKG": "GeoPackage", "ESRI Shapefile": "Shapefile", "ZIP": "gezipte Shapefile (.zip)",
    "GML": "GML (ook STOP-GIO)", "KML": "KML", "FlatGeobuf": "FlatGeobuf", "CSV": "CSV met WKT-geometrie",
}  # fmt: skip
SQLITE_MAGIC = b"SQLite format 3\x00"
GPKG_APPLICATION_IDS = (b"GPKG", b"GP10", b"GP11")
SHAPEFILE_MAGIC = b"\x00\x00\x27\x0a"
FLATGEOBUF_MAGIC = b"fgb\x03"
LAYERED = ("GPKG", "GML", "KML", "FlatGeobuf")
CHOOSE_LAYER = (
    "kies er één (bij het importeren van claims en lagen: --laag, de parameter laag of het veld Laag) of lever een "
    "bestand met één laag"
)

# No network and no external access through GDAL, for every file novex opens.
pyogrio.set_gdal_config_options(
    {
        "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".novex-geen-netwerk",
        "GDAL_HTTP_TIMEOUT": "1",
        "GDAL_HTTP_MAX_RETRY": "0",
        "OGR_SQLITE_ALLOW_EXTERNAL_ACCESS": "NO",
        "GML_SKIP_RESOLVE_ELEMS": "ALL",
        "GML_DOWNLOAD_WFS_SCHEMA": "NO",
        "GML_SKIP_CORRUPTED_FEATURES": "NO",
    }
)


def open_vector(
    path: Path, name: str | None = None, formats: dict[str, str] | None = None, choice: Choice | None = None
) -> VectorFile:
    """Read a vector file whose content matches its name; `InvalidInput` otherwise.

    Args:
        path: the file on disk.
        name: the file's name as the user knows it (an upload's own name), used in messages.
        formats: suffix → GDAL driver of the formats allowed here (default: all of `FORMATS`).
        choice: the layer to read (files with several) and the WKT column (CSV).

    """
    shown = name or path.name
    allowed = formats or FORMATS
    choice = choice or Choice()
    driver = allowed.get(path.suffix.lower())
    if driver is None:
        kinds = ", ".join(sorted({FORMAT_NAMES[d] for d in allowed.values()}))
        raise InvalidInput(f"{shown}: onbekend formaat; ondersteund: {kinds}")
    if not path.is_file():
        raise InvalidInput(f"{shown}: bestand bestaat niet")
    if driver == "ZIP":
        from novex.geo.zipped import open_zipped

        return open_zipped(path, shown, choice, lambda inner, label: open_vector(inner, label, allowed, choice))
    _check_choice(shown, driver, choice)
    if driver == "CSV":
        from novex.geo.csv_wkt import read_csv_wkt

        frame, crs = read_csv_wkt(path, shown, choice.kolom)
        return VectorFile(frame, driver, crs)
    declared = _check_content(path, shown, driver)
    if driver == "GML":
        from novex.geo.gio import is_gio, read_gio

        if is_gio(path):
            frame = read_gio(path, shown)
            return VectorFile(frame, "GIO", frame.crs)
    source = {"GeoJSON": f"GeoJSON:{path}", "GPKG": f"GPKG:{path}"}.get(driver, str(path))
    options = {"WRITE_GFS": "NO"} if driver == "GML" else {}
    try:
        layer = _layer(source, shown, driver, choice.laag)
        frame = pyogrio.read_dataframe(source, layer=layer, on_invalid="ignore", **options)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError, UnicodeError) as exc:
        detail = str(exc).replace(source, shown).replace(str(path), shown).replace(str(path.parent), "…")
        raise InvalidInput(f"{shown}: kan het bestand niet lezen als {FORMAT_NAMES[driver]}: {detail}") from None
    if len(frame) == 0:
        raise InvalidInput(f"{shown}" + (f", laag {layer}" if layer else "") + ": het bestand bevat geen features")
    if driver == "KML":  # KML is WGS84 by definition
        return VectorFile(frame, driver, CRS.from_epsg(4326))
    try:
        crs = declared if driver == "GeoJSON" else (by_code(CRS.from_user_input(frame.crs), shown)
                                                     if frame.crs is not None else None)  # fmt: skip
    except CRSError as exc:
        raise InvalidInput(f"{shown}: onbruikbaar coördinatenstelsel ({str(exc)[:200]})") from None
    return VectorFile(frame, driver, crs)


def layers_of(source: str, driver: str) -> list[str]:
    """The names of a file's layers that hold geometry."""
    if driver not in LAYERED:
        return []
    return [str(name) for name, geometry in pyogrio.list_layers(source) if geometry is not None]


def _check_choice(shown: str, driver: str, choice: Choice) -> None:
    """Refuse a choice the file cannot honour: a layer of a file without layers, a WKT column outside a CSV."""
    if choice.laag and driver not in LAYERED:
        raise InvalidInput(f"{shown}: een {FORMAT_NAMES[driver]} heeft geen lagen om uit te kiezen "
                           f"(gekozen laag {choice.laag!r})")  # fmt: skip
    if choice.kolom and driver != "CSV":
        raise InvalidInput(f"{shown}: alleen bij een CSV met WKT-geometrie kiest u de geometriekolom "
                           f"(gekozen kolom {choice.kolom!r})")  # fmt: skip


def _layer(source: str, shown: str, driver: str, chosen: str | None) -> str | None:
    """The layer to read: the chosen one (it must exist), else the only one; several without a choice: refused."""
    layers = layers_of(source, driver)
    listed = ", ".join(layers[:20]) + (" …" if len(layers) > 20 else "")
    if chosen:
        if chosen not in layers:
            raise InvalidInput(f"{shown}: laag {chosen!r} bestaat niet; lagen met geometrie: {listed or '(geen)'}")
        return chosen
    if len(layers) > 1:
        raise InvalidInput(f"{shown}: bevat {len(layers)} lagen met geometrie ({listed}); {CHOOSE_LAYER}")
    if driver in LAYERED and not layers:
        raise InvalidInput(f"{shown}: geen laag met geometrie gevonden (is het bestand beschadigd of leeg?)")
    return layers[0] if layers else None


def _check_content(path: Path, shown: str, driver: str) -> CRS | None:
    """Refuse a file whose first bytes do not belong to `driver`; for GeoJSON, its declared CRS."""
    with path.open("rb") as stream:
        head = stream.read(100)
    what = FORMAT_NAMES[driver]
    if driver in ("GML", "KML"):
        check_xml(path, shown, what, b"<kml" if driver == "KML" else b"<")
        return None
    if driver == "FlatGeobuf":
        if not head.startswith(FLATGEOBUF_MAGIC):
            raise InvalidInput(f"{shown}: de inhoud is geen {what}")
        return None
    if driver == "GPKG":
        if not head.startswith(SQLITE_MAGIC) or head[68:72] not in GPKG_APPLICATION_IDS:
            raise InvalidInput(f"{shown}: de inhoud is geen {what} (verwacht SQLite met application_id GPKG)")
        return None
    if driver == "ESRI Shapefile":
        if not head.startswith(SHAPEFILE_MAGIC):
            raise InvalidInput(f"{shown}: de inhoud is geen {what}")
        siblings = {p.suffix.lower() for p in path.parent.glob(f"{glob.escape(path.stem)}.*")}
        missing = [suffix for suffix in (".shx", ".dbf") if suffix not in siblings]
        if missing:
            raise InvalidInput(f"{shown}: het {' en '.join(missing)}-bestand ontbreekt ernaast; "
                               "lever de .shp, .shx, .dbf en .prj samen in één map")  # fmt: skip
        return None
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        raise InvalidInput(f"{shown}: de inhoud is geen {what} (verwacht een JSON-object dat met {{ begint)")
    return _geojson_crs(path, shown)


def _geojson_crs(path: Path, shown: str) -> CRS | None:
    """Parse a GeoJSON document fully: valid JSON, finite numbers, no NUL in text, a known `crs` if any."""
    try:
        with path.open("rb") as stream:
            document = json.load(stream, parse_constant=_refuse_constant, parse_float=_finite)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{shown}: geen geldige JSON ({exc})") from None
    except RecursionError:
        raise InvalidInput(f"{shown}: de JSON is te diep genest") from None
    except ValueError as exc:
        raise InvalidInput(f"{shown}: {exc}") from None
    if not isinstance(document, dict) or document.get("type") not in ("FeatureCollection", "Feature"):
        raise InvalidInput(f"{shown}: geen GeoJSON FeatureCollection of Feature")
    features = document.get("features", [document]) if document["type"] == "FeatureCollection" else [document]
    if not isinstance(features, list):
        raise InvalidInput(f"{shown}: 'features' is geen lijst")
    problems = [p for index, feature in enumerate(features) for p in _feature_problems(index, feature)]
    if problems:
        raise ImportRejected(shown, problems)
    return _declared_crs(document.get("crs"), shown)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"het getal {name} is niet toegestaan in JSON (alleen eindige getallen)")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"het getal {text[:40]} is te groot (alleen eindige getallen)")
    return value


def _feature_problems(index: int, feature: Any) -> list[str]:
    """NUL characters anywhere in a feature's properties (GDAL would cut the text there)."""
    properties = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(properties, dict):
        return []
    return [
        f"feature {index}: NUL-teken (\\0) in attribuut {key.replace(chr(0), '')!r}"
        for key, value in properties.items()
        if "\x00" in key or _has_nul(value)
    ]


def _has_nul(value: Any) -> bool:
    """Whether a JSON value holds a NUL character in any string, at any depth."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any("\x00" in k or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _declared_crs(member: Any, shown: str) -> CRS | None:
    """The CRS a GeoJSON names in its (pre-RFC 7946) `crs` member; None when it names none.

    Only a reference to an authority's code is taken (EPSG, OGC CRS84): a PROJ string could
    make PROJ open files on the server (`+nadgrids=…`).
    """
    if member is None:
        return None
    properties = member.get("properties") if isinstance(member, dict) else None
    name = properties.get("name") if isinstance(properties, dict) else None
    if not isinstance(name, str) or member.get("type") != "name":
        raise InvalidInput(f"{shown}: het 'crs'-lid moet een naam geven, bijv. urn:ogc:def:crs:EPSG::28992")
    return authority_crs(name, shown)


def by_code(crs: CRS, shown: str) -> CRS:
    """A file's CRS by its EPSG code only (never its definition text, which could name grid files)."""
    try:
        code = crs.to_epsg(min_confidence=70)
    except CRSError:
        code = None
    if code is None:
        raise InvalidInput(f"{shown}: het coördinatenstelsel van het bestand heeft geen EPSG-code; "
                           "sla het op in bijv. EPSG:28992 (RD New) of EPSG:4326")  # fmt: skip
    return CRS.from_epsg(code)
