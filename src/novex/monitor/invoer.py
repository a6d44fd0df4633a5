"""Reading measurements from a CSV or XLSX file: one row per measurement, every bad row named.

Columns (the first row, in any order, case-insensitive): ``afspraak`` (``PV26/A1``: province code
or name, '/', the agreement's key) — or ``provincie`` and ``sleutel`` — then ``waarde``, ``datum``
and ``bron``; ``toelichting`` is optional. Numbers as written in Dutch ("1.250,5") or with a
decimal point ("1250.5"); dates as 2026-03-31 or 31-03-2026. CSV is UTF-8 (with or without BOM),
separated by ';' or ','. This module only reads; the service checks every row against the
agreements and stores all rows or none.
"""

from __future__ import annotations

import csv
import io
import math
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from novex.arrangement.smart import getal

KOLOMMEN = ("afspraak", "provincie", "sleutel", "waarde", "datum", "bron", "toelichting")
VERPLICHT = ("waarde", "datum", "bron")
MAX_REGELS = 50_000
MAX_WAARDE = 1e15


@dataclass(frozen=True)
class Regel:
    """One row read from the file: its line number and its values (province as written)."""

    regel: int
    provincie: str
    sleutel: str
    waarde: float
    datum: date
    bron: str
    toelichting: str = ""


class Onleesbaar(ValueError):
    """The file cannot be read at all (not CSV/XLSX, wrong encoding, no header)."""


def lees(data: bytes, bestandsnaam: str) -> tuple[list[Regel], list[str]]:
    """The rows of a CSV or XLSX file, and the problems of every bad row ('regel N: …'); `Onleesbaar` if unreadable."""
    naam = bestandsnaam.lower()
    if naam.endswith(".xlsx"):
        cellen = _xlsx_cellen(data)
    elif naam.endswith(".csv") or naam.endswith(".txt"):
        cellen = _csv_cellen(data)
    else:
        raise Onleesbaar(f"{bestandsnaam}: kies een .csv- of .xlsx-bestand")
    return regels(cellen)


def _csv_cellen(data: bytes) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Onleesbaar(f"het bestand is geen UTF-8-tekst (byte {exc.start}); sla het op als CSV UTF-8") from None
    if "\x00" in text:
        raise Onleesbaar("het bestand bevat NUL-tekens: geen CSV-tekst")
    eerste = text.split("\n", 1)[0]
    scheiding = ";" if eerste.count(";") >= eerste.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=scheiding))
    except csv.Error as exc:
        raise Onleesbaar(f"CSV niet te lezen: {exc}") from None


def _xlsx_cellen(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook  # a spreadsheet library, loaded only for an XLSX file

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise Onleesbaar(f"geen geldig XLSX-bestand ({type(exc).__name__})") from None
    try:
        blad = book["metingen"] if "metingen" in book.sheetnames else book.worksheets[0]
        rows: list[list[Any]] = []
        for row in blad.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_REGELS + 1:
                break
        return rows
    finally:
        book.close()


def regels(cellen: Sequence[Sequence[Any]]) -> tuple[list[Regel], list[str]]:
    """Rows from a header row and data rows (line numbers as a spreadsheet shows them: the header is line 1)."""
    rows = [list(r) for r in cellen]
    while rows and _leeg(rows[-1]):
        rows.pop()
    if not rows:
        raise Onleesbaar("het bestand is leeg: verwacht een kopregel met afspraak, waarde, datum en bron")
    if len(rows) > MAX_REGELS + 1:
        raise Onleesbaar(f"te veel regels: hoogstens {MAX_REGELS} metingen per bestand")
    kop = [_tekst(c).lower() for c in rows[0]]
    onbekend = [k for k in kop if k and k not in KOLOMMEN]
    ontbrekend = [k for k in VERPLICHT if k not in kop]
    if "afspraak" not in kop and not {"provincie", "sleutel"} <= set(kop):
        ontbrekend.append("afspraak (of provincie en sleutel)")
    dubbel = sorted({k for k in kop if k and kop.count(k) > 1})
    if onbekend or ontbrekend or dubbel:
        delen = ([f"onbekende kolom(men): {', '.join(onbekend)}"] if onbekend else []) + (
            [f"ontbrekende kolom(men): {', '.join(ontbrekend)}"] if ontbrekend else []) + (
            [f"dubbele kolom(men): {', '.join(dubbel)}"] if dubbel else [])  # fmt: skip
        raise Onleesbaar("regel 1 (kopregel): " + "; ".join(delen) + f" (kolommen: {', '.join(KOLOMMEN)})")
    gelezen: list[Regel] = []
    problemen: list[str] = []
    for nummer, row in enumerate(rows[1:], start=2):
        if _leeg(row):
            continue
        waarden = {k: (row[i] if i < len(row) else None) for i, k in enumerate(kop) if k}
        fouten, regel = _regel(nummer, waarden)
        problemen += [f"regel {nummer}: {f}" for f in fouten]
        if regel is not None:
            gelezen.append(regel)
    if not gelezen and not problemen:
        raise Onleesbaar("het bestand bevat alleen een kopregel: geen metingen")
    return gelezen, problemen


def _regel(nummer: int, w: dict[str, Any]) -> tuple[list[str], Regel | None]:
    fouten: list[str] = []
    if "afspraak" in w and _tekst(w["afspraak"]):
        provincie, slash, sleutel = _tekst(w["afspraak"]).partition("/")
        if not slash or not provincie.strip() or not sleutel.strip():
            fouten.append(f"afspraak '{_kort(w['afspraak'])}' heeft niet de vorm PROVINCIE/SLEUTEL (bijv. PV26/A1)")
    else:
        provincie, sleutel = _tekst(w.get("provincie")), _tekst(w.get("sleutel"))
        if not provincie or not sleutel:
            fouten.append("afspraak ontbreekt (kolom afspraak, of provincie en sleutel)")
    waarde = _getal(w.get("waarde"))
    if waarde is None:
        fouten.append(f"waarde '{_kort(w.get('waarde'))}' is geen getal" if _tekst(w.get("waarde"))
                      else "waarde ontbreekt")  # fmt: skip
    datum = _datum(w.get("datum"))
    if datum is None:
        fouten.append(f"datum '{_kort(w.get('datum'))}' is geen datum (bijv. 2026-03-31 of 31-03-2026)"
                      if _tekst(w.get("datum")) else "datum ontbreekt")  # fmt: skip
    bron = _tekst(w.get("bron"))
    if not bron:
        fouten.append("bron ontbreekt: noem waar de waarde vandaan komt")
    if fouten or waarde is None or datum is None:
        return fouten, None
    return [], Regel(nummer, provincie.strip(), sleutel.strip(), waarde, datum, bron, _tekst(w.get("toelichting")))


def _getal(value: Any) -> float | None:
    number = getal(value)
    return number if number is not None and math.isfinite(number) and abs(number) <= MAX_WAARDE else None


def _datum(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _tekst(value)
    for shape in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, shape).date()
        except ValueError:
            continue
    return None


def _tekst(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _kort(value: Any) -> str:
    text = _tekst(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _leeg(row: Iterable[Any]) -> bool:
    return all(not _tekst(c) for c in row)
