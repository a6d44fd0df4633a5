"""A geometry typed or pasted by a person: coordinate pairs, WKT or GeoJSON, with the CRS it is in.

Only reading happens here; what may be stored (CRS → RD New, inside the Netherlands, valid, on the
1 mm grid) is decided by the import's own rules (`novex.claims.geometrie`).

- **Pairs**: one "x y" per line, RD New metres (`140000 455000`, `140000,5 455000,25`,
  `140000;455000`, `140000, 455000`); the ring closes itself; an empty line starts another part.
  Pairs whose numbers are all degrees (|x| ≤ 180, |y| ≤ 90) are WGS84: no place in the Netherlands
  has RD coordinates that small. Latitude first (`52.09 5.12`, as map sites copy it) is recognised
  in the Netherlands' range and turned round.
- **WKT**: `POLYGON ((…))` or `MULTIPOLYGON (…)`, RD New unless it starts with `SRID=4326;`.
- **GeoJSON**: a geometry, a Feature or a FeatureCollection of one feature; without a `crs` member
  it is WGS84 (RFC 7946), as in the import.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

from novex.geo.crs import RD_NEW, WGS84
from novex.geo.hygiene import GeometryRejected

MAX_TEXT = 2_000_000  # characters
MAX_DEPTH = 8  # brackets deep: a MultiPolygon's coordinates inside a FeatureCollection need six
WKT_START = re.compile(r"^\s*(?:SRID=(\d+)\s*;)?\s*((?:MULTI)?POLYGON\b.*)$", re.I | re.S)
WKT_OTHER = re.compile(
    r"^\s*(SRID=[^;]*;\s*)*(?P<kind>(?:MULTI)?(?:POINT|LINESTRING|POLYGON)|GEOMETRYCOLLECTION|CIRCULARSTRING|"
    r"COMPOUNDCURVE|CURVEPOLYGON|MULTICURVE|MULTISURFACE|POLYHEDRALSURFACE|TIN|TRIANGLE)\b",
    re.I,
)
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?")
WKT_TYPES = {"POINT": "Point", "LINESTRING": "LineString", "POLYGON": "Polygon", "MULTIPOINT": "MultiPoint",
             "MULTILINESTRING": "MultiLineString", "MULTIPOLYGON": "MultiPolygon",
             "GEOMETRYCOLLECTION": "GeometryCollection"}  # fmt: skip
NL_LATITUDE, NL_LONGITUDE = (50.0, 54.0), (3.0, 8.0)


@dataclass(frozen=True)
class TypedGeometry:
    """What the text holds: the geometry in its own CRS, that CRS, and the form it was written in."""

    geometry: BaseGeometry
    crs: CRS
    vorm: str  # "coördinaten", "WKT" or "GeoJSON"


def parse_geometry_text(text: str) -> TypedGeometry:
    """Read pairs, WKT or GeoJSON; `GeometryRejected` (Dutch) saying what could not be read and where."""
    stripped = text.strip()
    if not stripped:
        raise GeometryRejected("er zijn geen coördinaten ingevuld")
    if len(stripped) > MAX_TEXT:
        raise GeometryRejected(f"de invoer is langer dan {MAX_TEXT:,} tekens".replace(",", "."))
    if "\x00" in stripped:
        raise GeometryRejected("de invoer bevat een NUL-teken")
    if stripped[0] in "{[":
        typed = _geojson(stripped)
    elif (wkt := WKT_START.match(stripped)) is not None:
        typed = _wkt(wkt.group(2), wkt.group(1))
    elif (other := WKT_OTHER.match(stripped)) is not None:
        kind = other.group("kind").upper()
        if kind.endswith("POLYGON"):  # a second SRID, or another odd prefix
            raise GeometryRejected("geen geldige WKT: begin met POLYGON of MULTIPOLYGON, hoogstens één SRID=…; ervoor")
        raise GeometryRejected(f"geometrietype {WKT_TYPES.get(kind, kind)}; verwacht Polygon of MultiPolygon")
    else:
        typed = _pairs(stripped)
    if typed.geometry.is_empty:
        raise GeometryRejected(f"de geometrie ({typed.vorm}) is leeg: er staan geen hoekpunten in")
    return typed


def _crs(value: str, where: str) -> CRS:
    try:
        return CRS.from_user_input(value)
    except CRSError:
        raise GeometryRejected(f"{where}: onbekend coördinatenstelsel {value!r}") from None


def _depth(text: str) -> int:
    """How deep the brackets of a JSON text nest (strings left out), before anyone parses it."""
    depth = deepest = 0
    for token in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]', text):
        mark = token.group()
        if mark in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif mark in "]}":
            depth -= 1
    return deepest


def crs_name(data: dict) -> str | None:
    """The name a GeoJSON object's (old-style) `crs` member gives; None without one; refused when malformed."""
    if "crs" not in data or data["crs"] is None:
        return None
    member = data["crs"]
    properties = member.get("properties") if isinstance(member, dict) else None
    name = properties.get("name") if isinstance(properties, dict) else None
    if not isinstance(name, str) or not name.strip():
        example = '{"type": "name", "properties": {"name": "EPSG:28992"}}'
        raise GeometryRejected(f"GeoJSON 'crs': verwacht {example}")
    return name


def _geojson(text: str) -> TypedGeometry:
    if _depth(text) > MAX_DEPTH:
        raise GeometryRejected(f"geen geldige GeoJSON: de haakjes zijn meer dan {MAX_DEPTH} diep genest")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GeometryRejected(f"geen geldige GeoJSON: onleesbaar op regel {exc.lineno}, kolom {exc.colno}") from None
    except RecursionError:
        raise GeometryRejected("geen geldige GeoJSON: te diep genest") from None
    if not isinstance(data, dict):
        raise GeometryRejected("geen geldige GeoJSON: verwacht een object met 'type'")
    crs = WGS84
    name = crs_name(data)
    if name:
        crs = _crs(name, "GeoJSON 'crs'")
    kind = data.get("type")
    if kind == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list):
            raise GeometryRejected("geen geldige GeoJSON: 'features' van de FeatureCollection is geen lijst")
        if len(features) != 1:
            raise GeometryRejected(f"de FeatureCollection heeft {len(features)} features; voor één claim hoort er één "
                                   "in (meerdere claims tegelijk: Claims uploaden)")  # fmt: skip
        data = features[0]
        kind = data.get("type") if isinstance(data, dict) else None
    if kind == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict) or data.get("type") not in {"Polygon", "MultiPolygon"}:
        found = data.get("type") if isinstance(data, dict) else "geen"
        raise GeometryRejected(f"geometrietype {found}; verwacht Polygon of MultiPolygon")
    _check_coordinates(data)
    try:
        geometry = shape(data)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, shapely.errors.GEOSException):
        raise GeometryRejected("geen geldige GeoJSON-geometrie: de coördinaten vormen geen vlak") from None
    return TypedGeometry(geometry, crs, "GeoJSON")


def _check_coordinates(data: dict) -> None:
    """A Polygon's or MultiPolygon's `coordinates`: rings of at least four [x, y] numbers, the first one repeated."""
    coordinates = data.get("coordinates")
    if not isinstance(coordinates, list):
        raise GeometryRejected(f"geen geldige GeoJSON-geometrie: 'coordinates' van de {data['type']} ontbreekt of is "
                               "geen lijst")  # fmt: skip
    polygons = [coordinates] if data["type"] == "Polygon" else coordinates
    for p, polygon in enumerate(polygons, start=1):
        where = f"vlak {p}, " if data["type"] == "MultiPolygon" else ""
        if not isinstance(polygon, list):
            raise GeometryRejected(f"geen geldige GeoJSON-geometrie: {where}verwacht een lijst van ringen")
        for r, ring in enumerate(polygon, start=1):
            if not isinstance(ring, list):
                raise GeometryRejected(f"geen geldige GeoJSON-geometrie: {where}ring {r} is geen lijst van punten")
            for n, point in enumerate(ring, start=1):
                numbers = isinstance(point, list) and 2 <= len(point) <= 3
                if not numbers or not all(
                    isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in point
                ):
                    shown = json.dumps(point)[:60]
                    raise GeometryRejected(f"geen geldige GeoJSON-geometrie: {where}ring {r}, punt {n}: {shown} is "
                                           "geen coördinatenpaar [x, y] van eindige getallen")  # fmt: skip
            if len(ring) < 4 or ring[0][:2] != ring[-1][:2]:
                raise GeometryRejected(f"geen geldige GeoJSON-geometrie: {where}ring {r} heeft {len(ring)} punten; "
                                       "een ring heeft er minstens vier en eindigt waar hij begint")  # fmt: skip


def _wkt(body: str, srid: str | None) -> TypedGeometry:
    try:
        geometry = shapely.from_wkt(body)
    except shapely.errors.GEOSException as exc:
        raise GeometryRejected(f"geen geldige WKT: {_wkt_problem(str(exc))}") from None
    crs = _crs(f"EPSG:{srid}", "WKT 'SRID'") if srid else RD_NEW
    return TypedGeometry(geometry, crs, "WKT")


def _wkt_problem(message: str) -> str:
    """GEOS's reason in Dutch (its own words are English)."""
    if "closed" in message:
        return "een ring eindigt niet op het punt waar hij begint"
    if "after end of geometry" in message:
        return "er staat nog tekst na de geometrie"
    if "at least 4" in message or "must have" in message:
        return "een ring heeft minstens vier punten"
    return "de tekst is niet te lezen als POLYGON ((x y, …)) of MULTIPOLYGON (((x y, …)))"


def _number(token: str, line: int, text: str) -> float:
    token = token.strip().rstrip(",")
    value = float(token.replace(",", ".")) if NUMBER.fullmatch(token) else math.nan
    if not math.isfinite(value):
        raise GeometryRejected(f"regel {line}: {text!r} is geen coördinatenpaar (verwacht “x y”, bijv. 140000 455000)")
    return value


def _pair(text: str, line: int) -> tuple[float, float]:
    if ";" in text:
        tokens = [t for t in text.split(";") if t.strip()]
    elif re.fullmatch(r"\S+\s+,\s*\S+", text):  # "x , y"
        tokens = [t for t in re.split(r"\s*,\s*", text) if t]
    elif re.search(r"\s", text):
        tokens = text.split()
    else:
        tokens = text.split(",")
    if len(tokens) != 2:
        raise GeometryRejected(f"regel {line}: {text!r} is geen coördinatenpaar (verwacht “x y”, bijv. 140000 455000)")
    return _number(tokens[0], line, text), _number(tokens[1], line, text)


def _pairs(text: str) -> TypedGeometry:
    parts: list[list[tuple[float, float]]] = [[]]
    lines: list[list[int]] = [[]]
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            if parts[-1]:
                parts.append([])
                lines.append([])
            continue
        if line.startswith("#"):
            continue
        parts[-1].append(_pair(line, number))
        lines[-1].append(number)
    lines = [n for n in lines if n]
    parts = [p for p in parts if p]
    everything = [xy for part in parts for xy in part]
    crs = RD_NEW
    if all(abs(x) <= 180 and abs(y) <= 90 for x, y in everything):
        crs = WGS84
        if all(_inside(x, NL_LATITUDE) and _inside(y, NL_LONGITUDE) for x, y in everything):
            parts = [[(y, x) for x, y in part] for part in parts]  # latitude first: turned round to x = longitude
    polygons = []
    for part, numbers in zip(parts, lines, strict=True):
        ring = part[:-1] if len(part) > 1 and part[0] == part[-1] else part
        if len(set(ring)) < 3:
            where = f"regel {numbers[0]}" + (f"–{numbers[-1]}" if len(numbers) > 1 else "")
            raise GeometryRejected(f"{where}: een vlak heeft minstens drie verschillende hoekpunten")
        polygons.append(Polygon(ring))
    geometry = polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)
    return TypedGeometry(geometry, crs, "coördinaten")


def _inside(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


def as_text(geometry: Polygon | MultiPolygon) -> str:
    """A geometry as a person would type it: "x y" lines for one ring, else WKT (RD New, to the mm)."""
    if isinstance(geometry, Polygon) and not geometry.interiors:
        return "\n".join(f"{_mm(x)} {_mm(y)}" for x, y in geometry.exterior.coords[:-1])
    return shapely.to_wkt(geometry, rounding_precision=3, trim=True)


def _mm(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")
