"""CSV with a WKT geometry column: every line checked, problems named by line number and column.

The geometry column is `geometry`, `wkt` or `geom` (any case) unless one is chosen. The
separator (`,` `;` or tab) is taken from the header line; with `;` a decimal comma is read. Coordinates are RD New
(EPSG:28992) unless the WKT says otherwise as EWKT (`SRID=4326;POLYGON(…)`), the same
for every line.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from novex.errors import ImportRejected, InvalidInput

GEOMETRY_COLUMNS = ("geometry", "wkt", "geom")
EWKT = re.compile(r"^\s*SRID=(\d{4,6})\s*;\s*(.*)$", re.IGNORECASE | re.DOTALL)
MAX_FIELD = 50 * 1024 * 1024
DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")
# GEOS reads nested WKT recursively: a deep enough GEOMETRYCOLLECTION(GEOMETRYCOLLECTION(… overflows the stack
# and ends the process. A GEOMETRYCOLLECTION of MULTIPOLYGONs nests 4 deep.
MAX_NESTING = 16


def nesting(wkt: str) -> int:
    """The deepest nesting of parentheses in a WKT text (vectorised: WKT cells may be megabytes long)."""
    raw = np.frombuffer(wkt.encode("utf-8", "replace"), dtype=np.uint8)
    if raw.size == 0:
        return 0
    steps = (raw == ord("(")).astype(np.int32) - (raw == ord(")"))
    return int(np.cumsum(steps).max(initial=0))


def read_csv_wkt(path: Path, shown: str, column: str | None = None) -> tuple[gpd.GeoDataFrame, CRS]:
    """The rows of a CSV as a GeoDataFrame (attributes as text) and the CRS of its WKT."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{shown}: geen UTF-8-tekst (byte {exc.start}); sla de CSV op als UTF-8") from None
    if "\x00" in text:
        raise InvalidInput(f"{shown}: NUL-teken (\\0) in de CSV")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    header, records = _records(text, delimiter, shown)
    if not header:
        raise InvalidInput(f"{shown}: de CSV is leeg")
    header = [h.strip() for h in header]
    geometry_column = _geometry_column(header, shown, column)
    at = header.index(geometry_column)
    rows, geometries, problems, srids = [], [], [], set()
    for line, row in records:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(f"regel {line}: {len(row)} velden, de kopregel heeft er {len(header)}")
            continue
        wkt = row[at].strip()
        found = EWKT.match(wkt)
        if found:
            srids.add(int(found.group(1)))
            wkt = found.group(2)
        if nesting(wkt) > MAX_NESTING:
            problems.append(f"regel {line}: kolom {geometry_column}: de WKT is dieper genest dan {MAX_NESTING} haakjes")
            continue
        try:
            with np.errstate(invalid="ignore", over="ignore"):
                geometry = shapely.from_wkt(wkt) if wkt else None
        except shapely.errors.GEOSException as exc:
            problems.append(f"regel {line}: kolom {geometry_column}: geen geldige WKT ({str(exc)[:120]})")
            continue
        if geometry is None:
            problems.append(f"regel {line}: kolom {geometry_column}: geen geometrie")
            continue
        if not np.isfinite(shapely.get_coordinates(geometry)).all():
            problems.append(f"regel {line}: kolom {geometry_column}: coördinaten moeten eindige getallen zijn "
                            "(geen NaN of Infinity)")  # fmt: skip
            continue
        rows.append({h: _number(v, delimiter) for h, v in zip(header, row, strict=True) if h != geometry_column})
        geometries.append(geometry)
    if problems:
        raise ImportRejected(shown, problems)
    if not rows:
        raise InvalidInput(f"{shown}: het bestand bevat geen features")
    if len(srids) > 1:
        listed = ", ".join(map(str, sorted(srids)))
        raise InvalidInput(f"{shown}: kolom {geometry_column}: verschillende SRID's ({listed}); gebruik één "
                           "coördinatenstelsel")  # fmt: skip
    srid = srids.pop() if srids else 28992
    try:
        crs = CRS.from_epsg(srid)
    except CRSError:
        raise InvalidInput(f"{shown}: kolom {geometry_column}: onbekend coördinatenstelsel SRID={srid}") from None
    return gpd.GeoDataFrame(rows, geometry=geometries, crs=crs), crs


def _records(text: str, delimiter: str, shown: str) -> tuple[list[str] | None, list[tuple[int, list[str]]]]:
    """The header and the rows with their line numbers; WKT cells may be long (`MAX_FIELD`).

    `csv.field_size_limit` is one setting for the whole process: it is raised only while this file is read and
    put back at once, so other CSV readers (the monitor's) keep their limit.
    """
    previous = csv.field_size_limit(MAX_FIELD)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = next(reader, None)
        return header, [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise InvalidInput(f"{shown}: regel {reader.line_num + 1}: geen geldige CSV-regel ({exc})") from None
    finally:
        csv.field_size_limit(previous)


def _number(value: str, delimiter: str) -> str:
    """A decimal comma (Dutch spreadsheets, semicolon-separated) read as a decimal point: '2,5' → '2.5'."""
    return value.replace(",", ".") if delimiter == ";" and DECIMAL_COMMA.match(value.strip()) else value


def _geometry_column(header: list[str], shown: str, column: str | None) -> str:
    listed = ", ".join(header)
    if column:
        if column not in header:
            raise InvalidInput(f"{shown}: kolom {column!r} bestaat niet; kolommen: {listed}")
        return column
    found = [h for h in header if h.lower() in GEOMETRY_COLUMNS]
    if len(found) != 1:
        why = "geen geometriekolom" if not found else f"meer dan één geometriekolom ({', '.join(found)})"
        raise InvalidInput(
            f"{shown}: {why}; verwacht een kolom geometry, wkt of geom met WKT, of kies de kolom "
            f"met --kolom (CLI), de parameter kolom (API) of het veld Kolom (web); kolommen: {listed}"
        )
    return found[0]
