"""Reading measurements from a CSV or XLSX file: one row per measurement, every bad row named.

Columns (the first row, in any order, case-insensitive): ``afspraak`` (``PV26/A1``: province code
or name, '/', the agreement's key) — or ``provincie`` and ``sleutel`` — then ``waarde``, ``datum``
and ``bron``; ``toelichting`` is optional. A value in a column without a heading is refused (in a
','-separated file it is a decimal comma that split a number over two cells). Dates as 2026-03-31
or 31-03-2026. CSV is UTF-8 (with or without BOM), separated by ';' or ','.

Numbers are read only when their reading is certain. A ';'-separated file and the text cells of a
spreadsheet are written the Dutch way ('.' groups thousands, ',' is the decimal sign: "1.250,5",
"1.234" = 1234, "1,234" = 1,234); in a ','-separated file "1.234" and "1,234" could be either, so
they are refused as ambiguous there. English grouping ("1,234.5"), groups of other than three digits,
digit separators and non-ASCII digits are no numbers here. Spreadsheet numbers are taken as they are.

An XLSX file is checked before it is unpacked (at most `MAX_UITGEPAKT` bytes, no member that
unpacks more than `MAX_VERHOUDING` times its size); its header must lie in the first `MAX_KOLOMMEN`
columns, and of the other rows only those columns are read.

This module only reads; the service checks every row against the agreements and stores all rows or
none.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

KOLOMMEN = ("afspraak", "provincie", "sleutel", "waarde", "datum", "bron", "toelichting")
VERPLICHT = ("waarde", "datum", "bron")
MAX_REGELS = 50_000
MAX_WAARDE = 1e15
MAX_KOLOMMEN = 40
"""Columns of a spreadsheet read per row (a row padded to column XFD would be 16.384 cells)."""
MAX_UITGEPAKT = 200 * 1024 * 1024
"""An XLSX file unpacks to at most 200 MB (a zip bomb packs gigabytes in a few hundred kB)."""
MAX_VERHOUDING = 200
"""No member of an XLSX file unpacks to more than 200 times its packed size (real sheets: about 10)."""
CEL_LIMIET = 131_072
"""The longest cell of a CSV (Python's default field limit, checked here too: the limit is one per process)."""

_GROEP = "\u00a0\u202f "  # spaces that group thousands: "1 250", also non-breaking ones
_GEHEEL = re.compile(r"[+-]?[0-9]+")
_EXPONENT = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]+")
_EEN_TEKEN = re.compile(r"[+-]?[0-9]+([.,])[0-9]+")
_DUBBELZINNIG = re.compile(r"[+-]?[1-9][0-9]{0,2}[.,][0-9]{3}")
_NEDERLANDS = re.compile(r"[+-]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?")
_SPATIES = re.compile(rf"[+-]?[1-9][0-9]{{0,2}}(?:[{_GROEP}][0-9]{{3}})+(?:[.,][0-9]+)?")
_DATUM = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}[-/][0-9]{1,2}[-/][0-9]{4}")
GEEN_GETAL = "is geen getal"


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
        return regels(_xlsx_cellen(data), None)
    if naam.endswith(".csv") or naam.endswith(".txt"):
        cellen, scheiding = _csv_cellen(data)
        return regels(cellen, scheiding)
    raise Onleesbaar(f"{bestandsnaam}: kies een .csv- of .xlsx-bestand")


def _csv_cellen(data: bytes) -> tuple[list[list[Any]], str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Onleesbaar(f"het bestand is geen UTF-8-tekst (byte {exc.start}); sla het op als CSV UTF-8") from None
    if "\x00" in text:
        raise Onleesbaar("het bestand bevat NUL-tekens: geen CSV-tekst")
    eerste = text.split("\n", 1)[0]
    scheiding = ";" if eerste.count(";") >= eerste.count(",") else ","
    rows: list[list[Any]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=scheiding, strict=True)
    try:
        for row in reader:
            if any(len(cell) > CEL_LIMIET for cell in row):
                raise csv.Error("field larger than field limit")
            rows.append(row)
            if len(rows) > MAX_REGELS + 1:
                break
    except csv.Error as exc:
        raise Onleesbaar(f"regel {len(rows) + 1}: {_csv_fout(str(exc), scheiding)}") from None
    return rows, scheiding


def _csv_fout(melding: str, scheiding: str) -> str:
    """Python's CSV error in Dutch (line numbers as a spreadsheet shows them)."""
    if "field larger than field limit" in melding:
        return f"een cel is te lang (hoogstens {CEL_LIMIET:,} tekens)".replace(",", ".")
    if "unexpected end of data" in melding:
        return 'een aanhalingsteken (") wordt niet gesloten: de rest van het bestand zou één cel worden'
    if "expected after" in melding:
        return f"na een afsluitend aanhalingsteken (\") hoort '{scheiding}' of het einde van de regel"
    return "geen geldige CSV-regel"


def _xlsx_cellen(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook  # a spreadsheet library, loaded only for an XLSX file

    _check_zip(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001  # any failure to read a broken or hostile workbook is the file's
        raise Onleesbaar(f"geen geldig XLSX-bestand ({type(exc).__name__})") from None
    try:
        if not book.worksheets:
            raise Onleesbaar("geen geldig XLSX-bestand: het heeft geen werkblad")
        blad = book["metingen"] if "metingen" in book.sheetnames else book.worksheets[0]
        kop = next(blad.iter_rows(max_row=1, values_only=True), ())  # the header whole: one row, however wide
        verder = [i + 1 for i, c in enumerate(kop) if i >= MAX_KOLOMMEN and _tekst(c)]
        if verder:
            raise Onleesbaar(f"regel 1 (kopregel): een kop in kolom {verder[0]}; de kolommen staan in de eerste "
                             f"{MAX_KOLOMMEN}")  # fmt: skip
        rows: list[list[Any]] = []
        for row in blad.iter_rows(max_col=MAX_KOLOMMEN, values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_REGELS + 1:
                break
        return rows
    except Onleesbaar:
        raise
    except Exception as exc:  # noqa: BLE001  # a malformed sheet (broken XML, an entity) fails while it is read
        raise Onleesbaar(f"geen geldig XLSX-bestand ({type(exc).__name__})") from None
    finally:
        book.close()


def _check_zip(data: bytes) -> None:
    """Refuse a zip bomb from its directory, before anything is unpacked (the sizes it declares are enforced)."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise Onleesbaar(f"geen geldig XLSX-bestand ({type(exc).__name__})") from None
    total = sum(m.file_size for m in members)
    if total > MAX_UITGEPAKT:
        raise Onleesbaar(f"geen geldig XLSX-bestand: het zou uitgepakt {total // (1 << 20):,} MB worden (hoogstens "
                         f"{MAX_UITGEPAKT // (1 << 20)} MB)".replace(",", "."))  # fmt: skip
    for m in members:
        if m.file_size > 1 << 20 and m.file_size > MAX_VERHOUDING * max(m.compress_size, 1):
            raise Onleesbaar(f"geen geldig XLSX-bestand: {_kort(m.filename)} zou uitgepakt "
                             f"{m.file_size // (1 << 20)} MB worden uit {m.compress_size // 1024} kB")  # fmt: skip


def regels(cellen: Sequence[Sequence[Any]], scheiding: str | None = None) -> tuple[list[Regel], list[str]]:
    """Rows from a header row and data rows (line numbers as a spreadsheet shows them: the header is line 1).

    `scheiding` is a CSV file's separator (';' or ','): in a ','-separated file a number like "1.234" is
    ambiguous; None for a spreadsheet (read as ';').
    """
    rows = [list(r) for r in cellen]
    while rows and _leeg(rows[-1]):
        rows.pop()
    if not rows:
        raise Onleesbaar("het bestand is leeg: verwacht een kopregel met afspraak, waarde, datum en bron")
    if len(rows) > MAX_REGELS + 1:
        raise Onleesbaar(f"te veel regels: hoogstens {MAX_REGELS} metingen per bestand")
    kop = [_tekst(c).lower() for c in rows[0]]
    while kop and not kop[-1]:
        kop.pop()
    onbekend = [k for k in kop if k and k not in KOLOMMEN]
    ontbrekend = [k for k in VERPLICHT if k not in kop]
    if "afspraak" not in kop and not {"provincie", "sleutel"} <= set(kop):
        ontbrekend.append("afspraak (of provincie en sleutel)")
    dubbel = sorted({k for k in kop if k and kop.count(k) > 1})
    if onbekend or ontbrekend or dubbel:
        delen = ([f"onbekende kolom(men): {_opsomming(onbekend)}"] if onbekend else []) + (
            [f"ontbrekende kolom(men): {', '.join(ontbrekend)}"] if ontbrekend else []) + (
            [f"dubbele kolom(men): {_opsomming(dubbel)}"] if dubbel else [])  # fmt: skip
        raise Onleesbaar("regel 1 (kopregel): " + "; ".join(delen) + f" (kolommen: {', '.join(KOLOMMEN)})")
    gelezen: list[Regel] = []
    problemen: list[str] = []
    for nummer, row in enumerate(rows[1:], start=2):
        if _leeg(row):
            continue
        waarden = {k: (row[i] if i < len(row) else None) for i, k in enumerate(kop) if k}
        fouten, regel = _regel(nummer, waarden, scheiding)
        fouten = _zonder_kop(row, kop, scheiding) + fouten
        problemen += [f"regel {nummer}: {f}" for f in fouten]
        if regel is not None:
            gelezen.append(regel)
    if not gelezen and not problemen:
        raise Onleesbaar("het bestand bevat alleen een kopregel: geen metingen")
    return gelezen, problemen


def _zonder_kop(row: Sequence[Any], kop: Sequence[str], scheiding: str | None) -> list[str]:
    """A value in a cell without a heading: never dropped silently."""
    gevuld = [i for i, c in enumerate(row) if _tekst(c)]
    if gevuld and gevuld[-1] >= len(kop):
        hint = (" (staat er een komma in een getal? zet het tussen aanhalingstekens of gebruik ';' als "
                "scheidingsteken)") if scheiding == "," else ""  # fmt: skip
        return [f"{gevuld[-1] + 1} cellen, maar de kopregel heeft {len(kop)} kolommen{hint}"]
    return [f"kolom {i + 1} heeft een waarde maar geen kop" for i in gevuld if not kop[i]][:1]


def _regel(nummer: int, w: dict[str, Any], scheiding: str | None = None) -> tuple[list[str], Regel | None]:
    fouten: list[str] = []
    if "afspraak" in w and _tekst(w["afspraak"]):
        provincie, slash, sleutel = _tekst(w["afspraak"]).partition("/")
        if not slash or not provincie.strip() or not sleutel.strip():
            fouten.append(f"afspraak '{_kort(w['afspraak'])}' heeft niet de vorm PROVINCIE/SLEUTEL (bijv. PV26/A1)")
    else:
        provincie, sleutel = _tekst(w.get("provincie")), _tekst(w.get("sleutel"))
        if not provincie or not sleutel:
            fouten.append("afspraak ontbreekt (kolom afspraak, of provincie en sleutel)")
    waarde, waarom = getal(w.get("waarde"), scheiding)
    if waarde is None:
        fouten.append(f"waarde '{_kort(w.get('waarde'))}' {waarom}" if _tekst(w.get("waarde"))
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


def getal(value: Any, scheiding: str | None = None) -> tuple[float | None, str]:
    """A number from a cell, or None and why not (see the module's docstring for what is read)."""
    if isinstance(value, bool | datetime | date | time):
        return None, GEEN_GETAL
    if isinstance(value, int | float | Decimal):
        return _binnen(float(value))
    text = _tekst(value)
    if _SPATIES.fullmatch(text):
        text = re.sub(f"[{_GROEP}]", "", text)
    if _GEHEEL.fullmatch(text) or _EXPONENT.fullmatch(text):
        return _binnen(float(text))
    if _EEN_TEKEN.fullmatch(text):
        teken = _EEN_TEKEN.fullmatch(text).group(1)  # type: ignore[union-attr]
        if _DUBBELZINNIG.fullmatch(text):
            if scheiding == ",":
                return None, ("is dubbelzinnig: duizendtallen of decimalen? Schrijf het getal zonder scheiding van "
                              "duizendtallen, of gebruik ';' als scheidingsteken")  # fmt: skip
            if teken == ".":  # Dutch: a point groups thousands
                return _binnen(float(text.replace(".", "")))
        return _binnen(float(text.replace(",", ".")))
    if _NEDERLANDS.fullmatch(text):
        return _binnen(float(text.replace(".", "").replace(",", ".")))
    return None, GEEN_GETAL


def _binnen(number: float) -> tuple[float | None, str]:
    """A finite number within ±10^15 (and never -0), else None and why."""
    if math.isnan(number):
        return None, GEEN_GETAL
    if not abs(number) <= MAX_WAARDE:
        return None, "is te groot: een getal tussen -10^15 en 10^15"
    return number + 0.0, ""


def _datum(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _tekst(value)
    if not _DATUM.fullmatch(text):
        return None
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
    """A value for a message: at most 40 characters, control characters shown as escapes (never sent raw)."""
    text = _tekst(value)
    text = text if len(text) <= 40 else text[:40] + "…"
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _opsomming(namen: Sequence[str], hoogstens: int = 10) -> str:
    """Column names for a message: each short, at most `hoogstens` of them."""
    shown = ", ".join(_kort(n) for n in namen[:hoogstens])
    return shown + (f" en nog {len(namen) - hoogstens}" if len(namen) > hoogstens else "")


def _leeg(row: Iterable[Any]) -> bool:
    return all(not _tekst(c) for c in row)
