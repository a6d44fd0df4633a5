"""Reading measurement files: every bad row named with its line, good rows read exactly."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from novex.monitor.invoer import Onleesbaar, lees


def csv(text: str) -> bytes:
    return text.encode("utf-8")


def test_a_good_csv_with_semicolons_dutch_numbers_and_dates():
    rows, problems = lees(csv("afspraak;waarde;datum;bron;toelichting\nPV26/A1;1.250,5;31-03-2027;CBS;eerste\n"
                              "PV28/A2;12.5;2027-04-01;provincie;\n"), "m.csv")  # fmt: skip
    assert problems == []
    assert [(r.regel, r.provincie, r.sleutel, r.waarde, r.datum, r.bron, r.toelichting) for r in rows] == [
        (2, "PV26", "A1", 1250.5, date(2027, 3, 31), "CBS", "eerste"),
        (3, "PV28", "A2", 12.5, date(2027, 4, 1), "provincie", ""),
    ]


def test_comma_separated_with_a_bom_and_province_and_key_columns():
    rows, problems = lees("\ufeffprovincie,sleutel,waarde,datum,bron\nUtrecht,A1,7,2027-01-02,CBS\n".encode(), "m.csv")
    assert problems == [] and (rows[0].provincie, rows[0].sleutel, rows[0].waarde) == ("Utrecht", "A1", 7.0)


def test_every_bad_row_is_named_with_its_line_and_reason():
    text = ("afspraak;waarde;datum;bron\n"
            "PV26/A1;10;2027-01-01;CBS\n"      # 2: good
            "PV26;10;2027-01-01;CBS\n"         # 3: no key
            "PV26/A1;tien;2027-01-01;CBS\n"    # 4: not a number
            "PV26/A1;10;31-02-2027;CBS\n"      # 5: no such date
            "PV26/A1;10;2027-01-01;\n"         # 6: no source
            ";;;\n"                            # 7: empty line, skipped
            "PV26/A2;nan;;CBS\n")  # fmt: skip   # 8: two problems
    rows, problems = lees(csv(text), "m.csv")
    assert [r.regel for r in rows] == [2]
    lines = [p.split(":", 1)[0] for p in problems]
    assert lines == ["regel 3", "regel 4", "regel 5", "regel 6", "regel 8", "regel 8"]
    assert "PROVINCIE/SLEUTEL" in problems[0] and "'tien' is geen getal" in problems[1]
    assert "'31-02-2027' is geen datum" in problems[2] and "bron ontbreekt" in problems[3]


def test_unknown_missing_and_double_columns_are_refused_at_the_header():
    with pytest.raises(Onleesbaar, match=r"regel 1 .*onbekende kolom\(men\): wardee.*ontbrekende kolom\(men\): waarde"):
        lees(csv("afspraak;wardee;datum;bron\nPV26/A1;1;2027-01-01;x\n"), "m.csv")
    with pytest.raises(Onleesbaar, match="dubbele kolom"):
        lees(csv("afspraak;waarde;waarde;datum;bron\n"), "m.csv")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [(b"\xff\xfeA\x00", "m.csv", "geen UTF-8"), (b"", "m.csv", "leeg"), (b"afspraak;waarde;datum;bron\n", "m.csv",
      "alleen een kopregel"), (b"PK\x03\x04rubbish", "m.xlsx", "geen geldig XLSX"), (b"x", "m.pdf", ".csv- of .xlsx")],
)  # fmt: skip
def test_unreadable_files_say_why(data, name, message):
    with pytest.raises(Onleesbaar, match=message):
        lees(data, name)


def test_an_xlsx_with_native_numbers_and_dates():
    book = Workbook()
    sheet = book.active
    sheet.append(["Afspraak", "Waarde", "Datum", "Bron"])
    sheet.append(["PV26/A1", 1250, datetime(2027, 3, 31), "CBS"])
    sheet.append(["PV26/A2", "abc", datetime(2027, 3, 31), "CBS"])
    buffer = io.BytesIO()
    book.save(buffer)
    rows, problems = lees(buffer.getvalue(), "metingen.XLSX")
    assert [(r.regel, r.waarde, r.datum) for r in rows] == [(2, 1250.0, date(2027, 3, 31))]
    assert problems == ["regel 3: waarde 'abc' is geen getal"]
