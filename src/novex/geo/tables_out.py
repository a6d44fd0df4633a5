"""A table as CSV (UTF-8 with BOM, semicolons, as Dutch spreadsheet software expects) or as XLSX (openpyxl).

In `geo` (no novex imports) so that every context can write tables; `novex.documents.tables` re-exports it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: str) -> str:
    """Text a spreadsheet will not run as a formula (a leading quote before = + - @)."""
    return "'" + value if value.startswith(FORMULA_START) else value


NOT_IN_SHEET = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""What a worksheet (XML 1.0) cannot hold: openpyxl refuses the control characters and writes U+FFFE into a file
no spreadsheet opens."""


def sheet_text(value: str) -> str:
    """Text a worksheet can hold: the characters of `NOT_IN_SHEET` are left out."""
    return NOT_IN_SHEET.sub("", value)


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return as_text(value) if isinstance(value, str) else value


def to_csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """CSV with a header row; decimals with a comma, so a Dutch spreadsheet reads them as numbers.

    User text that starts like a formula (= + - @) gets a leading quote: no formula injection.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """One sheet: a bold header row, numbers as numbers, columns wide enough to read."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31].translate(str.maketrans("", "", "[]:*?/\\")) or "Blad1"
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([sheet_text(v) if isinstance(v, str) else v for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.data_type == "f":
                cell.data_type = "s"  # user text, never a live formula
    for index, name in enumerate(header, start=1):
        width = max([len(str(name)), *(len(str(r[index - 1] or "")) for r in rows[:200])])
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(60, width + 2)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
