"""Tables and metadata carried inside an export written before.

GeoPackage attribute tables, a GeoJSON foreign member (RFC 7946 §6.1), XLSX sheets. CSV, FlatGeobuf and
GIO hold one table only: they carry none.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

CARRIERS = ("gpkg", "geojson", "xlsx")


def attach(path: Path, kind: str, name: str, meta: Mapping[str, Any],
           tables: Mapping[str, tuple[Sequence[str], Sequence[Mapping[str, Any]]]]) -> bool:  # fmt: skip
    """Add `meta` and `tables` (name → (columns, rows)) under `name` to the export at `path`; False if `kind` can't.

    GeoPackage: an attribute table `name` (one row, the meta) and `name_<table>` per table; GeoJSON: a member
    `name` holding the meta and the tables as lists; XLSX: a sheet per table and one for the meta.
    """
    if kind == "gpkg":
        _gpkg(path, name, meta, tables)
    elif kind == "geojson":
        _geojson(path, name, meta, tables)
    elif kind == "xlsx":
        _xlsx(path, name, meta, tables)
    else:
        return False
    return True


def _gpkg(path: Path, name: str, meta: Mapping[str, Any], tables: Mapping) -> None:
    import pandas as pd
    import pyogrio

    layers = {name: (list(meta), [dict(meta)])} | {f"{name}_{t}": table for t, table in tables.items()}
    for layer, (columns, rows) in layers.items():
        frame = pd.DataFrame([[row.get(c) for c in columns] for row in rows], columns=list(columns))
        for column in columns:
            if frame[column].dtype == object or len(frame) == 0:
                frame[column] = frame[column].astype("string")
        pyogrio.write_dataframe(frame, path, layer=layer, driver="GPKG")


def _geojson(path: Path, name: str, meta: Mapping[str, Any], tables: Mapping) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data[name] = dict(meta) | {t: [dict(r) for r in rows] for t, (_, rows) in tables.items()}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _xlsx(path: Path, name: str, meta: Mapping[str, Any], tables: Mapping) -> None:
    from openpyxl import load_workbook

    from novex.geo.tables_out import as_text, sheet_text

    book = load_workbook(path)
    sheet = book.create_sheet(name[:31])
    for key, value in meta.items():
        sheet.append([key, as_text(sheet_text(value)) if isinstance(value, str) else value])
    for table, (columns, rows) in tables.items():
        sheet = book.create_sheet(f"{name}_{table}"[:31])
        sheet.append(list(columns))
        for row in rows:
            sheet.append([as_text(sheet_text(v)) if isinstance(v, str) else v for v in (row.get(c) for c in columns)])
    book.save(path)
