"""Attacks on every input path of the monitor (issue 19): the import, the JSON API, the CLI, the report and the pages.

Bad input — a broken file, an ambiguous number, a row of another province, a request from the wrong role, a stale
version — gets a Dutch refusal naming what is wrong and where, and changes nothing: every test compares the
monitor's tables and the audit trail before and after. Expected values are worked out by hand in each test.
"""

from __future__ import annotations

import codecs
import io
import threading
import zipfile
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy import text
from typer.testing import CliRunner

from novex import bootstrap
from novex.arrangement.model import Eigenaar, Mijlpaal
from novex.cli import app as cli_app
from novex.store.monitor_repo import SqlMonitorRepository
from tests.fixtures.clients import add_accounts, clients_for, make_clients
from tests.fixtures.monitor import gevolgde_afspraak, vastgesteld
from tests.fixtures.vraagstukken import in_besluitvorming

# Most attacks are refused in front of the database (parsing, validation, rights): SQLite only. The tests marked
# every_backend are where the database matters: bulk writes, uniqueness, racing writers, versions, numbers.
pytestmark = pytest.mark.sqlite_only

M = "/api/v1/monitor"
PROBLEM = "application/problem+json"
T = date.today()
DAY = timedelta(days=1)
D = (T - 10 * DAY).isoformat()
ENGLISH = ("Input should", "Field required", "Value error", "should have", "Traceback", "valid integer", " or '",
           "String should", "Extra inputs", "field larger", "unexpected end", "expected after")  # fmt: skip
HEADER = "afspraak;waarde;datum;bron;toelichting"
HOSTILE = ('<script>alert(1)</script><img src="file:///etc/passwd" onerror="alert(2)">'
           '<link rel="stylesheet" href="http://127.0.0.1:{port}/x.css"><svg onload="alert(3)">'
           "<image href='http://127.0.0.1:{port}/i.png'/></svg><iframe src=\"http://127.0.0.1:{port}/\"></iframe>"
           "<style>@import url(http://127.0.0.1:{port}/a.css);</style>")  # fmt: skip
RAW = ("<script", "<img", "<link", "<svg onload", "<image", "<iframe", "<style>@import")
RAW_IN_PAGE = ("<script>alert", '<img src="file', '<link rel="stylesheet" href="http://127', "<svg onload", "<image href",
               "<iframe", "<style>@import")  # fmt: skip  # a page has scripts and styles of its own
runner = CliRunner()


# -- the world ------------------------------------------------------------------------------------------------


def afspraak(sleutel: str, provincie: str = "PV26", **over):
    """0 → 4.000 homes; milestone 1.000 passed 60 days ago, 2.500 in 400 days; deadline in 1.500 days."""
    mijlpalen = (Mijlpaal("eerste 1.000", T - 60 * DAY, 1000.0), Mijlpaal("2.500", T + 400 * DAY, 2500.0))
    return gevolgde_afspraak(sleutel, provincie, **({"mijlpalen": mijlpalen, "deadline": T + 1500 * DAY} | over))


class World:
    """Clients per role. Utrecht (PV26) follows A1 (the province owns it), A2 (the province and EZK), A3 (BZK only)
    and A4 (no indicator); Zuid-Holland (PV28) follows B1. Two Utrecht vraagstukken and one Zuid-Holland vraagstuk
    are in besluitvorming (outside the BOL)."""

    def __init__(self, settings, tokens: dict[str, str]) -> None:
        self.settings = settings
        self.api = clients_for(settings, tokens)
        self.db = self.api.vro.app.state.db
        for role, client in self.api.by_role.items():
            setattr(self, role, client)

    @staticmethod
    def build(settings) -> dict[str, str]:
        """The accounts, agreements and vraagstukken above, in the database of `settings`: the accounts' tokens."""
        tokens = add_accounts(settings)
        db = bootstrap.database(settings)
        with db.session() as session:
            vastgesteld(session, "PV26", (
                afspraak("A1"),
                afspraak("A2", eigenaren=(Eigenaar("provincie", "PV26"), Eigenaar("ministerie", "EZK"))),
                afspraak("A3", eigenaren=(Eigenaar("ministerie", "BZK"),)),
                afspraak("A4", indicator=None, eenheid=None, streefwaarde="zo veel mogelijk"),
            ))  # fmt: skip
            vastgesteld(session, "PV28", (afspraak("B1", "PV28"),))
            in_besluitvorming(session, "Wonen en water bij Lopik")
            in_besluitvorming(session, "Energie in de Vallei")
            in_besluitvorming(session, "Zuid-Hollands geheim", "PV28")
        db.engine.dispose()
        return tokens

    def state(self) -> dict:
        """Everything the monitor stores, and the number of audit events."""
        with self.db.engine.connect() as c:

            def rows(sql: str) -> list[tuple]:
                return [tuple(str(v) for v in r) for r in c.execute(text(sql))]

            return {
                "metingen": rows("SELECT provincie, sleutel, waarde, datum, bron, toelichting, ingevoerd_door "
                                 "FROM monitor_metingen ORDER BY id"),
                "statussen": rows("SELECT provincie, sleutel, status, motivering, door FROM monitor_statussen "
                                  "ORDER BY id"),
                "rondes": rows("SELECT id, version, status, beeld, deelnemers, momentopname FROM monitor_rondes "
                               "ORDER BY id"),
                "audit": c.execute(text("SELECT COUNT(*) FROM audit_events")).scalar_one(),
            }  # fmt: skip

    def events(self, prefix: str = "monitor") -> list[tuple[str, str]]:
        with self.db.engine.connect() as c:
            return [(a, o) for a, o in c.execute(text("SELECT actie, object_id FROM audit_events ORDER BY id"))
                    if a.startswith(prefix)]  # fmt: skip


@pytest.fixture
def world(settings, prebuilt):
    """The world, built once per worker and backend and copied into this test's database."""
    w = World(settings, prebuilt.fill(settings.database_url, "monitor-attacks", World.build))
    yield w
    w.db.engine.dispose()


def ok(response, status=200):
    assert response.status_code == status, response.text[:1500]
    return response.json() if response.content else None


def problem(response, status) -> dict:
    assert response.status_code == status, (response.status_code, response.text[:1500])
    assert response.headers["content-type"].startswith(PROBLEM), response.headers["content-type"]
    body = response.json()
    assert body["detail"] and dutch(body), body
    return body


def dutch(body) -> bool:
    blob = repr(body)
    return not any(marker in blob for marker in ENGLISH)


def raw(client) -> TestClient:
    """The same user, but a server error is a 500 answer instead of an exception in the test."""
    return TestClient(client.app, raise_server_exceptions=False, headers=dict(client.headers))


def upload(client, name: str, data: bytes):
    return raw(client).post(f"{M}/metingen/import", files={"bestand": (name, data)})


def csv_bytes(*rows: str, header: str = HEADER, sep: str = ";") -> bytes:
    return ("\n".join([header.replace(";", sep), *rows]) + "\n").encode("utf-8")


def reasons(body: dict) -> list[str]:
    return [p["reason"] for p in body.get("invalidParams", [])]


def refused_whole(world, client, name: str, data: bytes, status: int = 400) -> dict:
    """The file is refused with `status`, and nothing at all changed (no row, no event)."""
    before = world.state()
    body = problem(upload(client, name, data), status)
    assert world.state() == before
    return body


def xlsx(*rows, title: str = "metingen") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for r in rows:
        sheet.append(list(r))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, change: dict[str, bytes | None], compression=zipfile.ZIP_DEFLATED) -> bytes:
    """The same archive with members replaced (bytes) or removed (None)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        for info in source.infolist():
            body = change.get(info.filename, source.read(info.filename))
            if body is not None:
                z.writestr(info.filename, body)
    return out.getvalue()


GOOD_XLSX_ROWS = (("afspraak", "waarde", "datum", "bron"), ("PV26/A1", 1200, D, "CBS"))


def sheet_xml(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")


# -- the import: the shape of a CSV file -----------------------------------------------------------------------


def test_a_row_with_more_cells_than_the_header_is_refused_not_shifted(world):
    """A decimal comma in a comma-separated file splits the value over two cells ('1,5' → '1' and '5'): the
    row then has more cells than the header. Reading only the header's cells stored 1 instead of 1,5."""
    data = csv_bytes(f"PV26/A1,{D},CBS,1,5", header="afspraak,datum,bron,waarde")
    body = refused_whole(world, world.vro, "m.csv", data)
    assert reasons(body) == ["regel 2: 5 cellen, maar de kopregel heeft 4 kolommen (staat er een komma in een "
                             "getal? zet het tussen aanhalingstekens of gebruik ';' als scheidingsteken)"]  # fmt: skip


def test_an_unclosed_quote_is_refused_instead_of_swallowing_the_rows_after_it(world):
    """An opening quote that never closes made the rest of the file one cell: the next rows vanished into the
    source of the first."""
    data = csv_bytes(f'PV26/A1;1200;{D};"CBS;', f"PV26/A2;1300;{D};CBS;")
    body = refused_whole(world, world.vro, "m.csv", data)
    assert "aanhalingsteken" in body["detail"] and "regel 2" in body["detail"], body
    # a source is one line: a quoted line break in it is refused (the explanation may hold several lines)
    data = csv_bytes(f'PV26/A1;1200;{D};"CBS\nBAG";"eerste\ntweede"')
    assert reasons(refused_whole(world, world.vro, "m.csv", data)) == [
        "regel 2: bron: één regel tekst, zonder regeleinde"]  # fmt: skip
    ok(upload(world.vro, "m.csv", csv_bytes(f'PV26/A1;1200;{D};CBS;"eerste\ntweede"')), 201)
    assert world.state()["metingen"][0][5] == "eerste\ntweede"


def test_a_cell_over_the_csv_field_limit_is_refused_in_dutch(world):
    data = csv_bytes(f"PV26/A1;1200;{D};{'x' * 200_000};")
    body = refused_whole(world, world.vro, "m.csv", data)
    assert "regel 2" in body["detail"] and "te lang" in body["detail"], body


@pytest.mark.parametrize(
    ("sep", "cell", "expected"),
    [
        # a ';' file is written the Dutch way: '.' groups thousands, ',' is the decimal sign
        (";", "1.234", 1234.0),
        (";", "1,234", 1.234),
        (";", "1.234.567,5", 1234567.5),
        (";", "12.5", 12.5),  # no group of three after the point: only a decimal point reads it
        (";", "0,125", 0.125),
        (";", "-0", 0.0),
        (";", "1e3", 1000.0),
        # a ',' file with a decimal point; quoted decimal commas stay possible
        (",", "1.5", 1.5),
        (",", '"1,5"', 1.5),
        (",", "0.125", 0.125),
        (",", "1.234.567", 1234567.0),
    ],
)
def test_numbers_are_read_by_the_files_convention(world, sep, cell, expected):
    data = csv_bytes(sep.join(("PV26/A1", cell, D, "CBS")), header="afspraak;waarde;datum;bron", sep=sep)
    ok(upload(world.vro, "m.csv", data), 201)
    stored = ok(world.vro.get(f"{M}/metingen"))["metingen"]
    assert [m["waarde"] for m in stored] == [expected]
    assert str(stored[0]["waarde"]) != "-0.0"


@pytest.mark.parametrize(
    ("sep", "cell", "why"),
    [
        (",", "1.234", "dubbelzinnig"),  # 1.234 in English, 1234 in Dutch
        (",", '"1,234"', "dubbelzinnig"),  # 1234 in English, 1,234 in Dutch
        (";", "1,234.5", "geen getal"),  # English thousands: used to be read as 1,2345
        (";", "12.34,5", "geen getal"),  # a thousands group of two: used to be read as 1234,5
        (";", "1,2,3", "geen getal"),
        (";", "1e309", "te groot"),
        (";", "1e16", "te groot"),
        (";", "NaN", "geen getal"),
        (";", "inf", "geen getal"),
        (";", "1_000", "geen getal"),  # Python's digit separator
        (";", "٣", "geen getal"),  # an Arabic-Indic three
        (";", "0x10", "geen getal"),
        (";", "=1+1", "geen getal"),
    ],
)
def test_numbers_that_cannot_be_read_for_sure_are_refused(world, sep, cell, why):
    data = csv_bytes(sep.join(("PV26/A1", cell, D, "CBS")), header="afspraak;waarde;datum;bron", sep=sep)
    body = refused_whole(world, world.vro, "m.csv", data)
    assert len(reasons(body)) == 1 and reasons(body)[0].startswith("regel 2: waarde "), body
    assert why in reasons(body)[0], body


@pytest.mark.parametrize(
    ("cell", "why"),
    [
        ("0001-01-01", "tussen 2000-01-01 en vandaag"),
        ("1999-12-31", "tussen 2000-01-01 en vandaag"),
        ("31-02-2026", "geen datum"),
        ("2026-02-30", "geen datum"),
        ("9999-12-31", "tussen 2000-01-01 en vandaag"),
        ((T + DAY).isoformat(), "tussen 2000-01-01 en vandaag"),
        ("२०२६-01-01", "geen datum"),  # Devanagari digits
        ("2026-01-01T00:00", "geen datum"),
        ("01/02/03", "geen datum"),
    ],
)
def test_dates_out_of_range_or_impossible_are_refused(world, cell, why):
    body = refused_whole(world, world.vro, "m.csv", csv_bytes(f"PV26/A1;1200;{cell};CBS;"))
    assert len(reasons(body)) == 1 and reasons(body)[0].startswith("regel 2: "), body
    assert why in reasons(body)[0], body


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (codecs.BOM_UTF16_LE + HEADER.encode("utf-16-le"), "geen UTF-8"),
        (HEADER.encode("utf-16-le"), "NUL"),  # no BOM: every other byte is NUL
        (HEADER.encode("utf-32"), "geen UTF-8"),
        (HEADER.encode() + b"\nPV26/A1;1;2026-01-01;C\x00BS;\n", "NUL"),
        (b"\xef\xbb\xbf\xef\xbb\xbf" + HEADER.encode() + b"\n", "onbekende kolom"),  # a BOM twice
        (xlsx(*GOOD_XLSX_ROWS), "geen UTF-8"),  # an XLSX renamed to .csv
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "geen UTF-8"),
        (b"<html><body>metingen</body></html>", "kopregel"),
        (b"\n\n\n", "leeg"),
        (b"afspraak;waarde;datum;bron\n;;;\n", "alleen een kopregel"),
    ],
)
def test_a_file_in_another_encoding_or_format_is_refused_whole(world, data, why):
    body = refused_whole(world, world.vro, "m.csv", data)
    assert why in body["detail"], body


def test_control_characters_are_refused_and_never_echoed_raw(world):
    rows = (f"PV26/A1;1200;{D};CBS\x1b[31m;",  # 2 an escape sequence in the source
            f"PV26/A\x1b[2J1;1200;{D};CBS;",  # 3 … in the key
            f"PV26/A1;1300;{D};BAG;regel\u202eomgekeerd",  # 4 a bidirectional override in the explanation
            f"PV26/A1;1400;{D};RVO\u0007;")  # fmt: skip   # 5 a bell
    body = refused_whole(world, world.vro, "m.csv", csv_bytes(*rows))
    assert [r.split(":")[0] for r in reasons(body)] == ["regel 2", "regel 3", "regel 4", "regel 5"]
    assert "stuurteken" in reasons(body)[0] and "stuurteken" in reasons(body)[2] and "stuurteken" in reasons(body)[3]
    assert not any(ch in body["detail"] for ch in "\x1b\u202e\x07"), body
    assert "A\\x1b[2J1" in reasons(body)[1], body  # the key is named, its escape shown as text


def test_a_huge_header_is_named_short_not_echoed_whole(world):
    header = ";".join(["afspraak", "waarde", "datum", "bron", *(f"kolom{n}" + "x" * 100_000 for n in range(60))])
    body = refused_whole(world, world.vro, "m.csv", csv_bytes(f"PV26/A1;1;{D};CBS", header=header))
    assert len(body["detail"]) < 2_000 and "onbekende kolom(men): kolom0xxx" in body["detail"], body["detail"][:300]
    assert "en nog 50" in body["detail"], body["detail"][:2000]
    header = ";".join(["afspraak", "waarde", "datum", "bron", *(["y" * 100_000] * 2)])
    body = refused_whole(world, world.vro, "m.csv", csv_bytes(f"PV26/A1;1;{D};CBS", header=header))
    assert len(body["detail"]) < 2_000 and "dubbele kolom(men)" in body["detail"], body["detail"][:300]


def test_a_bom_and_crlf_line_ends_are_fine(world):
    data = "\ufeff" + HEADER + "\r\n" + f"PV26/A1;1.250,5;{D};CBS;eerste\r\nPV26/A2;7;{D};CBS;\r\n"
    assert ok(upload(world.vro, "m.csv", data.encode()), 201) == {"bestand": "m.csv", "metingen": 2, "afspraken": 2}


def test_a_formula_is_stored_as_text_and_served_as_text(world):
    """CSV injection: a source written as a spreadsheet formula is stored and served as the text it is (the
    monitor exports no CSV or XLSX of measurements, so there is no file in which it could run)."""
    formula = "=cmd|' /C calc'!A0"
    ok(upload(world.vro, "m.csv", csv_bytes(f"PV26/A1;1200;{D};{formula};@SUM(1+1)")), 201)
    stored = ok(world.vro.get(f"{M}/metingen"))["metingen"]
    assert [(m["bron"], m["toelichting"]) for m in stored] == [(formula, "@SUM(1+1)")]
    # an XLSX formula counts with the value the spreadsheet computed, never with its text
    book = Workbook()
    sheet = book.active
    sheet.append(["afspraak", "waarde", "datum", "bron"])
    sheet.append(["PV26/A2", "=1000+300", D, "CBS"])  # openpyxl stores the formula without a computed value
    buffer = io.BytesIO()
    book.save(buffer)
    body = refused_whole(world, world.vro, "m.xlsx", buffer.getvalue())
    assert reasons(body) == ["regel 2: waarde ontbreekt"]


# -- the import: many rows, huge and malformed files --------------------------------------------------------------


def test_a_file_over_20_mb_is_refused_in_dutch(world):
    data = csv_bytes(*[f"PV26/A1;1200;{D};bron {n:08d};{'x' * 200}" for n in range(90_000)])
    assert len(data) > 20 * 1024 * 1024
    body = refused_whole(world, world.vro, "m.csv", data)
    assert "groter dan 20 MB" in body["detail"]


def test_more_rows_than_the_limit_are_refused_whole(world):
    data = csv_bytes(*[f"PV26/A1;{n};{D};b{n};" for n in range(50_001)])
    body = refused_whole(world, world.vro, "m.csv", data)
    assert "te veel regels: hoogstens 50000 metingen" in body["detail"]


@pytest.mark.every_backend
def test_ten_thousand_good_rows_are_stored_once_each_with_one_event_each(world):
    days = [(T - n * DAY).isoformat() for n in range(1, 2501)]
    rows = [f"PV26/{k};{n};{day};CBS;" for k in ("A1", "A2", "A3") for n, day in enumerate(days)]
    rows += [f"PV28/B1;{n};{day};CBS;" for n, day in enumerate(days)]
    result = ok(upload(world.vro, "groot.csv", csv_bytes(*rows)), 201)
    assert result == {"bestand": "groot.csv", "metingen": 10_000, "afspraken": 4}
    state = world.state()
    assert len(state["metingen"]) == 10_000 and len(set(state["metingen"])) == 10_000
    assert len(world.events("monitor-afspraak.import")) == 10_000
    # a thousand bad rows: each named (the first 200 in the message), nothing stored
    bad = [f"PV26/A1;veel;{day};BAG;" for day in days[:1000]]
    body = refused_whole(world, world.vro, "m.csv", csv_bytes(*bad))
    assert body["detail"].count("is geen getal") == 200 and "… en nog 800 problemen" in body["detail"]
    assert (len(reasons(body)), body["invalidParamsCount"]) == (100, 1000)
    assert reasons(body)[0] == "regel 2: waarde 'veel' is geen getal"


def test_a_zip_bomb_is_refused_before_it_is_unpacked(world, monkeypatch):
    """300 MB of spaces in the sheet pack into a few hundred kB; the spreadsheet library never sees it."""
    import openpyxl

    good = xlsx(*GOOD_XLSX_ROWS)
    sheet = sheet_xml(good).replace(b"<sheetData>", b"<sheetData>" + b" " * 300_000_000)
    bomb = rezip(good, {"xl/worksheets/sheet1.xml": sheet})
    assert len(bomb) < 2_000_000
    members = zipfile.ZipFile(io.BytesIO(bomb)).infolist()
    unpacked = sum(m.file_size for m in members) // (1 << 20)  # what the archive's directory declares
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("the bomb was opened"))
    body = refused_whole(world, world.vro, "m.xlsx", bomb)
    assert body["detail"] == (f"m.xlsx: geen geldig XLSX-bestand: het zou uitgepakt {unpacked} MB worden (hoogstens "
                              "200 MB)"), body  # fmt: skip
    # a smaller bomb, under the total but a thousand times its packed size
    sheet = sheet_xml(good).replace(b"<sheetData>", b"<sheetData>" + b" " * 50_000_000)
    body = refused_whole(world, world.vro, "m.xlsx", rezip(good, {"xl/worksheets/sheet1.xml": sheet}))
    assert "xl/worksheets/sheet1.xml zou uitgepakt 47 MB worden uit" in body["detail"], body


def test_a_sheet_claiming_sixteen_thousand_columns_is_read_forty_columns_wide(world, monkeypatch):
    """Every row with a value in column XFD: padding each row to 16.384 cells took minutes and gigabytes (2.000
    such rows: 15 s and 500 MB). Of a data row the first 40 columns are read; the header is read whole, and a
    heading beyond column 40 is refused."""
    from novex.monitor import invoer

    widths: list[int] = []
    regels = invoer.regels
    monkeypatch.setattr(
        invoer, "regels", lambda cellen, *a: (widths.extend(len(r) for r in cellen), regels(cellen, *a))[1]
    )
    good = xlsx(*GOOD_XLSX_ROWS)
    far = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>PV26/ZZ</t></is></c><c r="XFD%d"><v>1</v></c></row>'
                   % (n, n, n) for n in range(3, 20_003))  # fmt: skip
    sheet = (
        sheet_xml(good).replace(b"</sheetData>", far + b"</sheetData>").replace(b'ref="A1:D2"', b'ref="A1:XFD20002"')
    )
    body = refused_whole(world, world.vro, "m.xlsx", rezip(good, {"xl/worksheets/sheet1.xml": sheet}))
    assert len(widths) == 20_002 and max(widths) == 40
    # by hand: 20.000 rows, each without value, date and source; the first 200 problems are listed
    assert reasons(body)[0] == "regel 3: waarde ontbreekt" and "60000 problemen" in body["detail"], body
    assert body["detail"].endswith("… en nog 59800 problemen"), body
    heading = b'<c r="XFD1" t="inlineStr"><is><t>toelichting</t></is></c></row>'
    sheet = sheet_xml(good).replace(b"</row>", heading, 1).replace(b'ref="A1:D2"', b'ref="A1:XFD2"')
    body = refused_whole(world, world.vro, "m.xlsx", rezip(good, {"xl/worksheets/sheet1.xml": sheet}))
    assert "regel 1 (kopregel): een kop in kolom 16384" in body["detail"], body


@pytest.mark.parametrize(
    "change",
    [
        {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row"},  # broken XML
        {"xl/styles.xml": b"<styleSheet"},
        {"xl/worksheets/sheet1.xml": None},  # the sheet is missing
        {"xl/workbook.xml": None},
        {"[Content_Types].xml": None},
        {"xl/_rels/workbook.xml.rels": b"not xml at all"},
    ],
)
def test_a_malformed_xlsx_is_refused_in_dutch_not_a_server_error(world, change):
    body = refused_whole(world, world.vro, "m.xlsx", rezip(xlsx(*GOOD_XLSX_ROWS), change))
    assert "geen geldig XLSX-bestand" in body["detail"], body


def test_entities_in_an_xlsx_neither_read_files_nor_expand(world):
    good = xlsx(*GOOD_XLSX_ROWS)
    xxe = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    sheet = xxe + sheet_xml(good).replace(b"<t>CBS</t>", b"<t>&x;</t>")
    body = refused_whole(world, world.vro, "m.xlsx", rezip(good, {"xl/worksheets/sheet1.xml": sheet}))
    assert "root:" not in repr(body) and "geen geldig XLSX-bestand" in body["detail"]
    laughs = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">' + b"".join(
        b'<!ENTITY %c "%s">' % (98 + i, b"&%c;" % (97 + i) * 10) for i in range(8)) + b"]>"  # fmt: skip
    sheet = laughs + sheet_xml(good).replace(b"<t>CBS</t>", b"<t>&i;</t>")
    body = refused_whole(world, world.vro, "m.xlsx", rezip(good, {"xl/worksheets/sheet1.xml": sheet}))
    assert "geen geldig XLSX-bestand" in body["detail"]


def test_odd_xlsx_cells_are_named(world):
    from datetime import datetime

    data = xlsx(("afspraak", "waarde", "datum", "bron", "toelichting"),
                ("PV26/A1", True, D, "CBS", None),  # 2 a yes/no cell is no number
                ("PV26/A1", datetime(2026, 1, 1), D, "BAG", None),  # 3 a date is no number
                ("PV26/A1", 1200, 45000, "RVO", None),  # 4 a number where a date belongs
                ("PV26/A1", 1200, datetime(2001, 1, 1, 13, 30), "RVO", None),  # 5 good: date and time
                ("PV26/A1", 1200, D, "CBS", None, "notitie"))  # fmt: skip   # 6 a value beyond the header
    body = refused_whole(world, world.vro, "m.xlsx", data)
    assert [r.split(":")[0] for r in reasons(body)] == ["regel 2", "regel 3", "regel 4", "regel 6"], body
    assert "geen getal" in reasons(body)[0] and "geen getal" in reasons(body)[1] and "geen datum" in reasons(body)[2]
    for junk in (
        b"",
        b"PK\x03\x04" + b"\x00" * 100,
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500,
    ):  # OLE: encrypted
        assert "geen geldig XLSX-bestand" in refused_whole(world, world.vro, "m.xlsx", junk)["detail"]


# -- the import: duplicates, provinces, agreements ------------------------------------------------------------------


@pytest.mark.every_backend
def test_duplicates_within_a_file_and_against_the_database_are_refused_whole(world):
    rows = (f"PV26/A1;1200;{D};CBS;", f"Utrecht/A1;1250;{D};CBS;",  # 2, 3: the same agreement, date and source
            f"pv26/A1;1200;{D};BAG;", f"PV28/B1;10;{D};CBS;")  # fmt: skip
    body = refused_whole(world, world.vro, "m.csv", csv_bytes(*rows))
    assert reasons(body) == ["regel 3: dezelfde meting als regel 2 (afspraak, datum en bron)"]
    ok(world.vro.post(f"{M}/metingen", json={"afspraak": "PV26/A1", "waarde": 1, "datum": D, "bron": "BAG"}), 201)
    body = refused_whole(world, world.vro, "m.csv", csv_bytes(rows[0], rows[2], rows[3]))
    assert reasons(body) == [f"regel 3: afspraak PV26/A1 heeft al een meting op {D} uit 'BAG'"]


def test_a_row_of_another_province_refuses_the_planners_whole_file(world):
    rows = [f"PV26/A{n % 3 + 1};{n};{(T - n * DAY).isoformat()};CBS;" for n in range(1, 30)]
    rows.insert(17, f"Zuid-Holland/B1;5;{D};CBS;")
    body = refused_whole(world, world.utrecht, "m.csv", csv_bytes(*rows))
    assert reasons(body) == ["regel 19: u mag geen metingen invoeren voor de afspraken van PV28"]
    # the same file from Zuid-Holland: 29 rows are not its own
    assert len(reasons(refused_whole(world, world.zuid_holland, "m.csv", csv_bytes(*rows)))) == 29
    # a ministry's expert measures any province; VRO too
    ok(upload(world.departement, "m.csv", csv_bytes(*rows)), 201)
    assert len(world.state()["metingen"]) == 30


def test_unknown_provinces_and_agreements_are_named(world):
    rows = (f"Atlantis/A1;1;{D};CBS;", f"PV99/A1;1;{D};CBS;", f"PV26/../A1;1;{D};CBS;", f"PV26/{'A' * 1000};1;{D};x;",
            f"PV26/a1;1;{D};CBS;", f"PV26/A4;1;{D};CBS;", f"PV28/A1;1;{D};CBS;")  # fmt: skip
    body = refused_whole(world, world.vro, "m.csv", csv_bytes(*rows))
    got = reasons(body)
    assert [r.split(":")[0] for r in got] == [f"regel {n}" for n in range(2, 9)]
    assert "provincie 'Atlantis' bestaat niet" in got[0] and "provincie 'PV99' bestaat niet" in got[1]
    assert "afspraak PV26/../A1 staat niet in het vastgestelde ruimtelijk arrangement van Utrecht" in got[2]
    assert len(got[3]) < 300 and "…" in got[3]  # a 1.000-character key is cut short in the message
    assert "PV26/a1 staat niet" in got[4]
    assert got[5] == "regel 7: afspraak PV26/A4 heeft geen indicator: er valt niets te meten"
    assert "PV28/A1 staat niet in het vastgestelde ruimtelijk arrangement van Zuid-Holland" in got[6]


def test_roles_that_may_not_measure_are_refused_before_the_file_is_read(world):
    for role in ("lezer", "beheerder"):
        body = refused_whole(world, getattr(world, role), "m.csv", b"\xff\xfe garbage", 403)
        assert "geen UTF-8" not in body["detail"]
    problem(world.api.anonymous.post(f"{M}/metingen/import", files={"bestand": ("m.csv", b"x")}), 401)


def test_a_file_name_is_cleaned_before_it_is_shown_or_logged(world):
    name = "../../etc/\x1b[31mmetingen\u202e.csv"  # the escape character and the override go, "[31m" is text
    response = upload(world.vro, name, csv_bytes(f"PV26/A1;1200;{D};CBS;"))
    assert ok(response, 201)["bestand"] == "[31mmetingen.csv"
    with world.db.engine.connect() as c:
        summary = c.execute(text("SELECT samenvatting FROM audit_events WHERE actie = 'monitor-afspraak.import'"))
        assert [s for (s,) in summary] == [f"meting van afspraak PV26/A1: 1200 op {D} (import [31mmetingen.csv)"]


# -- the import at the same time, and the database's own guard -------------------------------------------------------


@pytest.mark.every_backend
def test_two_imports_of_the_same_file_at_once_store_it_once(world):
    data = csv_bytes(*[f"PV26/A1;{n};{(T - n * DAY).isoformat()};CBS;" for n in range(1, 400)])
    answers: list = []
    go = threading.Barrier(2)

    def send(client) -> None:
        go.wait()
        answers.append(upload(client, "m.csv", data))

    threads = [threading.Thread(target=send, args=(c,)) for c in (world.vro, world.utrecht)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(a.status_code for a in answers) == [201, 400], [a.text[:300] for a in answers]
    refused = next(a for a in answers if a.status_code == 400).json()
    assert all("heeft al een meting" in r for r in reasons(refused)) and dutch(refused)
    assert len(world.state()["metingen"]) == 399
    assert len(world.events("monitor-afspraak.import")) == 399


@pytest.mark.every_backend
def test_two_rounds_for_the_same_province_and_year_at_once_make_one(world):
    answers: list = []
    go = threading.Barrier(3)

    def send() -> None:
        go.wait()
        answers.append(raw(world.vro).post(f"{M}/rondes", json={"provincie": "PV26", "jaar": 2026}))

    threads = [threading.Thread(target=send) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(a.status_code for a in answers) == [201, 409, 409], [a.text[:200] for a in answers]
    assert all("bestaat al" in a.json()["detail"] for a in answers if a.status_code == 409)
    assert len(world.state()["rondes"]) == 1 and len(world.events("monitorronde.geopend")) == 1


@pytest.mark.every_backend
def test_two_removals_of_one_measurement_at_once_remove_it_once(world):
    mid = ok(world.utrecht.post(f"{M}/metingen", json=meting()), 201)["id"]
    answers: list = []
    go = threading.Barrier(2)

    def send(client) -> None:
        go.wait()
        answers.append(raw(client).delete(f"{M}/metingen/{mid}", params={"reden": "dubbel"}))

    threads = [threading.Thread(target=send, args=(c,)) for c in (world.vro, world.utrecht)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(a.status_code for a in answers) == [204, 404], [a.text[:200] for a in answers]
    assert world.state()["metingen"] == [] and len(world.events("monitor-afspraak.meting-verwijderd")) == 1


@pytest.mark.every_backend
def test_the_unique_constraint_becomes_a_dutch_409_when_the_check_is_outrun(world, monkeypatch):
    """Should another writer slip past the service's duplicate check, the database's unique constraint refuses the
    row; the answer is a Dutch 409 naming the agreement, not a 500, and nothing of the request is stored."""
    body = {"afspraak": "PV26/A1", "waarde": 1200, "datum": D, "bron": "CBS"}
    ok(world.vro.post(f"{M}/metingen", json=body), 201)
    before = world.state()
    monkeypatch.setattr(SqlMonitorRepository, "bestaande", lambda self, keys: set())
    refused = problem(raw(world.vro).post(f"{M}/metingen", json=body | {"waarde": 1300}), 409)
    assert "PV26/A1" in refused["detail"] and D in refused["detail"], refused
    refused = problem(upload(world.vro, "m.csv", csv_bytes(f"PV26/A2;1;{D};CBS;", f"PV26/A1;1;{D};CBS;")), 409)
    assert "PV26/A1" in refused["detail"], refused
    assert world.state() == before
    # one round per province and year, even past the service's check
    ok(world.vro.post(f"{M}/rondes", json={"provincie": "PV26", "jaar": T.year}), 201)
    before = world.state()
    monkeypatch.setattr(SqlMonitorRepository, "rondes", lambda self, provincie=None, jaar=None: [])
    refused = problem(raw(world.vro).post(f"{M}/rondes", json={"provincie": "PV26", "jaar": T.year}), 409)
    assert "monitorronde" in refused["detail"] and str(T.year) in refused["detail"], refused
    assert world.state() == before


# -- the JSON API: bodies, paths and ids -------------------------------------------------------------------------


def meting(**over) -> dict:
    return {"afspraak": "PV26/A1", "waarde": 1200, "datum": D, "bron": "CBS"} | over


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (meting(kleur="rood"), "kleur"),
        (meting(waarde="1200"), "waarde"),
        (meting(waarde=True), "waarde"),
        (meting(waarde=[1]), "waarde"),
        (meting(waarde=None), "waarde"),
        (meting(waarde=2**63), "waarde"),
        (meting(waarde=1e16), "waarde"),
        (meting(datum=20260101), "datum"),
        (meting(datum="2026-02-30"), "datum"),
        (meting(datum="2026-13-01"), "datum"),
        (meting(datum="0001-01-01"), "datum"),
        (meting(datum="2026-1-1"), "datum"),
        (meting(datum="2026-01-01T00:00:00"), "datum"),
        (meting(bron="x" * 1_000_000), "bron"),
        (meting(bron="C\x00BS"), "bron"),
        (meting(bron="   "), "bron"),
        (meting(bron="CBS\nBAG"), "bron"),
        (meting(bron="CBS\x1b[2J"), "bron"),
        (meting(toelichting="a\x00b"), "toelichting"),
        (meting(toelichting="x" * 2_001), "toelichting"),
        (meting(afspraak="PV26/../x"), "PV26/../x"),
        (meting(afspraak="PV26//A1"), "PV26//A1"),
        (meting(afspraak="PV26/" + "A" * 1000), "afspraak"),
        (meting(afspraak="Atlantis/A1"), "Atlantis"),
        (meting(afspraak="PV26"), "PROVINCIE/SLEUTEL"),
        (meting(afspraak="PV26/A1\x00"), "A1"),
        ({k: v for k, v in meting(provincie="Utrecht", sleutel="A1").items() if k != "afspraak"}, "provincie"),
        ({k: v for k, v in meting(provincie="PV26", sleutel="A" * 1000).items() if k != "afspraak"}, "sleutel"),
        ([meting()], "body"),
        ("PV26/A1", "body"),
    ],
)
def test_a_bad_measurement_body_is_refused_in_dutch_naming_what(world, body, field):
    before = world.state()
    refused = problem(raw(world.vro).post(f"{M}/metingen", json=body), 400)
    assert field in repr(refused), refused
    assert world.state() == before


def test_unparseable_json_and_its_special_numbers_are_refused(world):
    before = world.state()
    client = raw(world.vro)
    for content in (b"{", b"", b"\xff\xfe{}", b'{"afspraak": "PV26/A1", "waarde": NaN, "datum": "' + D.encode()
                    + b'", "bron": "CBS"}', b'{"afspraak": "PV26/A1", "waarde": 1e999, "datum": "' + D.encode()
                    + b'", "bron": "CBS"}', b'{"afspraak": "PV26/A1", "waarde": -Infinity, "datum": "' + D.encode()
                    + b'", "bron": "CBS"}'):  # fmt: skip
        problem(client.post(f"{M}/metingen", content=content, headers={"content-type": "application/json"}), 400)
    assert world.state() == before


@pytest.mark.every_backend
def test_a_province_may_be_named_by_code_or_name_and_minus_zero_is_zero(world):
    created = ok(world.vro.post(f"{M}/metingen", json=meting(afspraak="utrecht/A1", waarde=-0.0)), 201)
    assert (created["afspraak"], created["provincie"], created["waarde"]) == ("PV26/A1", "PV26", 0)
    assert str(created["waarde"]) == "0.0"
    # the same agreement, date and source under its code: a duplicate (409), named
    refused = problem(world.vro.post(f"{M}/metingen", json=meting(afspraak="PV26/A1")), 409)
    assert f"afspraak PV26/A1 heeft al een meting op {D} uit 'CBS'" in refused["detail"]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "metingen/1.0", 400),
        ("get", "metingen/-1", 400),
        ("get", f"metingen/{2**63}", 400),
        ("get", "metingen/0", 400),
        ("get", "metingen/%D9%A1", 400),  # an Arabic-Indic one
        ("get", "metingen/1e3", 400),
        ("delete", "metingen/1.0?reden=x", 400),
        ("get", "rondes/1.0", 400),
        ("get", f"rondes/{2**31}", 400),
        ("get", "afspraken/PV26/..%2Fx", 404),
        ("get", "afspraken/PV26/%2e%2e", 404),
        ("get", "afspraken/PV26%2F..%2FPV28/B1", 404),
        ("get", f"afspraken/PV26/{'A' * 1000}", 400),
        ("get", "afspraken/Utrecht/A1", 400),
        ("get", "afspraken/PV99/A1", 400),
        ("get", "afspraken/PV26/A1%00", 400),
        ("put", "afspraken/PV26/%00/status", 404),
        ("get", "rapporten/2027.0", 400),
        ("get", "rapporten/+2027", 400),
        ("get", "rondes?jaar=2026.0", 400),
        ("get", "rapporten/99999", 400),
        ("get", "rapporten/2022", 400),
        ("get", f"rapporten/{T.year + 2}", 400),
        ("get", "rapporten/2027?formaat=docx", 400),
        ("get", "meter?provincie=PV26%00", 400),
        ("get", "meter?pageSize=100000", 400),
        ("get", "metingen?afspraak=PV26/../../x", 200),
    ],
)
def test_paths_ids_and_queries_are_checked_and_never_a_server_error(world, method, path, status):
    before = world.state()
    kwargs = {"json": {"status": "vertraagd", "motivering": "m"}} if method == "put" else {}
    response = getattr(raw(world.vro), method)(f"{M}/{path}", **kwargs)
    if status == 200:
        assert ok(response)["numberMatched"] == 0
    else:
        problem(response, status)
    assert world.state() == before


@pytest.mark.parametrize("reden", ["", " ", "a\x00b", "a\x1bb", "x" * 2_001])
def test_a_measurement_is_removed_only_with_a_real_reason(world, reden):
    mid = ok(world.vro.post(f"{M}/metingen", json=meting()), 201)["id"]
    before = world.state()
    problem(raw(world.vro).delete(f"{M}/metingen/{mid}", params={"reden": reden}), 400)
    assert world.state() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "", "motivering": "m"}, "status"),
        ({"status": "<script>", "motivering": "m"}, "bestaat niet"),
        ({"status": "x" * 61, "motivering": "m"}, "status"),
        ({"status": 3, "motivering": "m"}, "status"),
        ({"status": "vertraagd", "motivering": "a\x00b"}, "motivering"),
        ({"status": "vertraagd", "motivering": "a\x1bb"}, "motivering"),
        ({"status": "vertraagd", "motivering": "x" * 2_001}, "motivering"),
        ({"status": "vertraagd", "motivering": "m", "door": "iemand"}, "door"),
        ({"status": "vertraagd"}, "motivering"),
    ],
)
def test_a_bad_status_body_is_refused_and_changes_nothing(world, body, field):
    before = world.state()
    refused = problem(raw(world.vro).put(f"{M}/afspraken/PV26/A1/status", json=body), 400)
    assert field in repr(refused), refused
    assert world.state() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"provincie": "Utrecht", "jaar": 2026}, "provincie"),
        ({"provincie": "PV26", "jaar": "2026"}, "jaar"),
        ({"provincie": "PV26", "jaar": 2026.0}, "jaar"),
        ({"provincie": "PV26", "jaar": 2**63}, "jaar"),
        ({"provincie": "PV26", "jaar": 2022}, "jaar"),
        ({"provincie": "PV26", "jaar": T.year + 2}, "2023"),
        ({"provincie": "PV26", "jaar": 2026, "deelnemers": [{"soort": "gemeente", "naam": "x"}]}, "soort"),
        ({"provincie": "PV26", "jaar": 2026, "deelnemers": [{"soort": "overig", "naam": ""}]}, "naam"),
        ({"provincie": "PV26", "jaar": 2026, "deelnemers": [{"soort": "overig", "naam": "a\x00"}]}, "deelnemer"),
        ({"provincie": "PV26", "jaar": 2026, "deelnemers": [{"soort": "overig", "naam": "a\u202e"}]}, "deelnemer"),
        ({"provincie": "PV26", "jaar": 2026, "deelnemers": [{"soort": "overig", "naam": "n"}] * 51}, "deelnemers"),
        ({"provincie": "PV26", "jaar": 2026, "status": "afgesloten"}, "status"),
    ],
)
def test_a_bad_round_body_is_refused_and_changes_nothing(world, body, field):
    before = world.state()
    refused = problem(raw(world.vro).post(f"{M}/rondes", json=body), 400)
    assert field in repr(refused), refused
    assert world.state() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"versie": "1", "beeld": "b"}, "versie"),
        ({"versie": 0, "beeld": "b"}, "versie"),
        ({"versie": 1.0, "beeld": "b"}, "versie"),
        ({"versie": 2**31, "beeld": "b"}, "versie"),
        ({"beeld": "b"}, "versie"),
        ({"versie": 1, "beeld": "x" * 20_001}, "beeld"),
        ({"versie": 1, "beeld": "a\x00b"}, "beeld"),
        ({"versie": 1, "beeld": "a\x1b[2Jb"}, "beeld"),
        ({"versie": 1, "beeld": "b", "momentopname": {}}, "momentopname"),
        ({"versie": 1, "status": "afgesloten"}, "status"),
    ],
)
def test_a_bad_round_update_is_refused_and_changes_nothing(world, body, field):
    rid = ok(world.vro.post(f"{M}/rondes", json={"provincie": "PV26", "jaar": 2026}), 201)["id"]
    before = world.state()
    refused = problem(raw(world.vro).patch(f"{M}/rondes/{rid}", json=body), 400)
    assert field in repr(refused), refused
    assert world.state() == before


# -- rights: every role on every write path ------------------------------------------------------------------------

ROLES = ("vro", "utrecht", "zuid_holland", "departement", "lezer", "beheerder")
# (what, expected status per role in ROLES order, audit events on success), worked out from the rules: VRO, a
# province for its own agreements and a ministry measure; VRO or whoever entered a measurement removes it; an
# owner (VRO always; the province or EZK when named) sets a status; VRO runs rounds; VRO or the province writes
# the picture. A row of another province in a file is a bad row: the whole file is refused with 400.
MATRIX = [
    ("meting PV26/A1", (201, 201, 403, 201, 403, 403), 1),
    ("meting PV28/B1", (201, 403, 201, 201, 403, 403), 1),
    ("import PV26/A2", (201, 201, 400, 201, 403, 403), 1),
    ("verwijder meting van VRO", (204, 403, 403, 403, 403, 403), 1),
    ("verwijder meting van Utrecht", (204, 204, 403, 403, 403, 403), 1),
    ("status PV26/A1", (200, 200, 403, 403, 403, 403), 1),
    ("status PV26/A2", (200, 200, 403, 200, 403, 403), 1),
    ("status PV26/A3", (200, 403, 403, 403, 403, 403), 1),
    ("status PV28/B1", (200, 403, 200, 403, 403, 403), 1),
    ("ronde openen PV26", (201, 403, 403, 403, 403, 403), 1),
    ("beeld PV26", (200, 200, 403, 403, 403, 403), 1),
    ("beeld PV28", (200, 403, 200, 403, 403, 403), 1),
    ("ronde sluiten PV28", (200, 403, 403, 403, 403, 403), 1),
]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_on_every_write_path_of_the_api(world, role):
    vro, utrecht = world.vro, world.utrecht
    by_vro = ok(vro.post(f"{M}/metingen", json=meting(bron="door VRO")), 201)["id"]
    by_utrecht = ok(utrecht.post(f"{M}/metingen", json=meting(bron="door Utrecht")), 201)["id"]
    r28 = ok(vro.post(f"{M}/rondes", json={"provincie": "PV28", "jaar": 2026}), 201)
    ok(vro.patch(f"{M}/rondes/{r28['id']}", json={"versie": 1, "beeld": "Zuid-Holland ligt op koers."}))
    client = raw(getattr(world, role))
    status = {"status": "aandacht-nodig", "motivering": f"gezet door {role}"}
    requests = {
        "meting PV26/A1": lambda: client.post(f"{M}/metingen", json=meting(bron=role)),
        "meting PV28/B1": lambda: client.post(f"{M}/metingen", json=meting(afspraak="PV28/B1", bron=role)),
        "import PV26/A2": lambda: client.post(
            f"{M}/metingen/import", files={"bestand": ("m.csv", csv_bytes(f"PV26/A2;5;{D};{role};"))}
        ),  # fmt: skip
        "verwijder meting van VRO": lambda: client.delete(f"{M}/metingen/{by_vro}", params={"reden": "fout"}),
        "verwijder meting van Utrecht": lambda: client.delete(f"{M}/metingen/{by_utrecht}", params={"reden": "fout"}),
        "status PV26/A1": lambda: client.put(f"{M}/afspraken/PV26/A1/status", json=status),
        "status PV26/A2": lambda: client.put(f"{M}/afspraken/PV26/A2/status", json=status),
        "status PV26/A3": lambda: client.put(f"{M}/afspraken/PV26/A3/status", json=status),
        "status PV28/B1": lambda: client.put(f"{M}/afspraken/PV28/B1/status", json=status),
        "ronde openen PV26": lambda: client.post(f"{M}/rondes", json={"provincie": "PV26", "jaar": 2026}),
        "beeld PV26": lambda: client.patch(f"{M}/rondes/{r26()}", json={"versie": v(r26()), "beeld": role}),
        "beeld PV28": lambda: client.patch(f"{M}/rondes/{r28['id']}", json={"versie": v(r28["id"]), "beeld": role}),
        "ronde sluiten PV28": lambda: client.post(f"{M}/rondes/{r28['id']}/afsluiten", json={"versie": v(r28["id"])}),
    }

    def r26() -> int:
        found = ok(vro.get(f"{M}/rondes", params={"provincie": "PV26", "jaar": 2026}))["rondes"]
        return found[0]["id"] if found else ok(vro.post(f"{M}/rondes", json={"provincie": "PV26", "jaar": 2026}),
                                               201)["id"]  # fmt: skip

    def v(rid: int) -> int:
        return ok(vro.get(f"{M}/rondes/{rid}"))["versie"]

    for what, statuses, events in MATRIX:
        expected = statuses[ROLES.index(role)]
        if what == "beeld PV26":
            r26()  # the round exists whoever may open it
        before = world.state()
        response = requests[what]()
        after = world.state()
        assert response.status_code == expected, (what, response.status_code, response.text[:300])
        if expected >= 400:
            body = response.json()
            assert after == before and dutch(body), (what, body)
            if expected == 403:
                assert "mag" in body["detail"] or "geen eigenaar" in body["detail"], body
        else:
            assert after["audit"] == before["audit"] + events, what


def test_a_province_planner_never_changes_another_provinces_data_by_any_route(world):
    """Zuid-Holland aims at Utrecht's data in every way the API offers: each refused with 403, nothing changed."""
    zh = raw(world.zuid_holland)
    mid = ok(world.utrecht.post(f"{M}/metingen", json=meting()), 201)["id"]
    rid = ok(world.vro.post(f"{M}/rondes", json={"provincie": "PV26", "jaar": 2026}), 201)["id"]
    before = world.state()
    for response in (
        zh.post(f"{M}/metingen", json=meting(afspraak="Utrecht/A2")),
        zh.post(f"{M}/metingen", json={"provincie": "pv26", "sleutel": "A2", "waarde": 1, "datum": D, "bron": "x"}),
        zh.delete(f"{M}/metingen/{mid}", params={"reden": "weg"}),
        zh.put(f"{M}/afspraken/pv26/A1/status", json={"status": "vervallen", "motivering": "m"}),
        zh.put(f"{M}/afspraken/PV26/A9/status", json={"status": "vervallen", "motivering": "m"}),  # no such key: 403
        zh.patch(f"{M}/rondes/{rid}", json={"versie": 1, "beeld": "overgenomen"}),
        zh.patch(f"{M}/rondes/{rid}", json={"versie": 1, "deelnemers": [{"soort": "provincie", "naam": "ZH"}]}),
        zh.post(f"{M}/rondes/{rid}/afsluiten", json={"versie": 1}),
    ):
        problem(response, 403)
    assert world.state() == before


# -- reads that could leak ---------------------------------------------------------------------------------------


def test_the_meter_of_another_province_is_readable_without_its_vraagstukken(world):
    """The meter is readable by every role, but a province's planner reads only the vraagstukken of (or crossing
    into) its own province: Zuid-Holland's own vraagstuk outside the BOL is not counted for Utrecht's planner."""
    utrecht = world.utrecht
    other = ok(utrecht.get(f"{M}/meter", params={"provincie": "PV28"}))
    assert [a["afspraak"] for a in other["afspraken"]] == ["PV28/B1"]
    assert other["buiten_bol_per_fase"] == {"PV28": {}}
    assert ok(utrecht.get(f"{M}/afspraken/PV28/B1"))["afspraak"] == "PV28/B1"
    assert ok(utrecht.get(f"{M}/status", params={"provincie": "PV28"}))["PV28"]["aandacht-nodig"] == 1
    everything = ok(utrecht.get(f"{M}/meter"))["buiten_bol_per_fase"]
    assert (everything["PV26"], everything["PV28"]) == ({"besluitvorming": 2}, {})
    mine = ok(world.zuid_holland.get(f"{M}/meter"))["buiten_bol_per_fase"]
    assert (mine["PV26"], mine["PV28"]) == ({}, {"besluitvorming": 1})
    for role in ("vro", "lezer", "departement"):
        shown = ok(getattr(world, role).get(f"{M}/meter"))["buiten_bol_per_fase"]
        assert (shown["PV26"], shown["PV28"]) == ({"besluitvorming": 2}, {"besluitvorming": 1}), role
    for response in (utrecht.get(f"{M}/meter"), utrecht.get(f"{M}/meter", params={"provincie": "PV28"}),
                     utrecht.get(f"{M}/afspraken/PV28/B1")):  # fmt: skip
        assert "Zuid-Hollands geheim" not in response.text


def test_a_frozen_snapshot_shows_vraagstukken_counts_only_to_who_may_read_them(world):
    vro = world.vro
    rid = ok(vro.post(f"{M}/rondes", json={"provincie": "PV28", "jaar": 2026}), 201)["id"]
    ok(vro.patch(f"{M}/rondes/{rid}", json={"versie": 1, "beeld": "beeld"}))
    closed = ok(vro.post(f"{M}/rondes/{rid}/afsluiten", json={"versie": 2}))
    assert closed["momentopname"]["vraagstukken_per_fase"] == [["besluitvorming", 1]]
    for role, expected in (("zuid_holland", [["besluitvorming", 1]]), ("lezer", [["besluitvorming", 1]]),
                           ("utrecht", [])):  # fmt: skip
        client = getattr(world, role)
        assert ok(client.get(f"{M}/rondes/{rid}"))["momentopname"]["vraagstukken_per_fase"] == expected, role
        listed = ok(client.get(f"{M}/rondes"))["rondes"]
        assert [r["momentopname"]["vraagstukken_per_fase"] for r in listed] == [expected], role
    # the rest of the snapshot is the same for everyone
    seen = {role: ok(getattr(world, role).get(f"{M}/rondes/{rid}")) for role in ("utrecht", "vro")}
    for body in seen.values():
        body["momentopname"].pop("vraagstukken_per_fase")
    assert seen["utrecht"] == seen["vro"]


# -- rounds: stale versions, a closed round -------------------------------------------------------------------------


@pytest.mark.every_backend
def test_a_stale_version_is_409_and_changes_nothing(world):
    vro, utrecht = world.vro, world.utrecht
    rid = ok(vro.post(f"{M}/rondes", json={"provincie": "PV26", "jaar": 2026}), 201)["id"]
    ok(utrecht.patch(f"{M}/rondes/{rid}", json={"versie": 1, "beeld": "eerste"}))
    before = world.state()
    for response in (utrecht.patch(f"{M}/rondes/{rid}", json={"versie": 1, "beeld": "verouderd"}),
                     vro.patch(f"{M}/rondes/{rid}", json={"versie": 3, "beeld": "uit de toekomst"}),
                     vro.patch(f"{M}/rondes/{rid}", json={"versie": 1, "deelnemers": []}),
                     vro.post(f"{M}/rondes/{rid}/afsluiten", json={"versie": 1})):  # fmt: skip
        body = problem(response, 409)
        assert body["currentVersion"] == 2 and "intussen gewijzigd" in body["detail"], body
    assert world.state() == before
    # two writers on the same version at once: one wins, the other gets 409
    answers: list = []
    go = threading.Barrier(2)

    def send(client, beeld: str) -> None:
        go.wait()
        answers.append(client.patch(f"{M}/rondes/{rid}", json={"versie": 2, "beeld": beeld}))

    threads = [threading.Thread(target=send, args=(raw(c), b)) for c, b in ((vro, "van VRO"), (utrecht, "van U"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(a.status_code for a in answers) == [200, 409]
    winner = next(a for a in answers if a.status_code == 200).json()
    assert ok(vro.get(f"{M}/rondes/{rid}"))["beeld"] == winner["beeld"] and winner["versie"] == 3
    assert len(world.events("monitorronde.bijgewerkt")) == 2


@pytest.mark.every_backend
def test_an_update_that_changes_nothing_is_no_event_and_no_new_version(world):
    vro = world.vro
    rid = ok(vro.post(f"{M}/rondes", json={"provincie": "PV26", "jaar": 2026}), 201)["id"]
    current = ok(vro.patch(f"{M}/rondes/{rid}", json={"versie": 1, "beeld": "beeld"}))
    before = world.state()
    same = ok(vro.patch(f"{M}/rondes/{rid}", json={"versie": 2}))
    assert same == current
    same = ok(vro.patch(f"{M}/rondes/{rid}", json={"versie": 2, "beeld": "beeld",
                                                    "deelnemers": current["deelnemers"]}))  # fmt: skip
    assert same == current and world.state() == before
    problem(vro.patch(f"{M}/rondes/{rid}", json={"versie": 1}), 409)  # stale stays stale


def test_a_closed_round_never_changes_by_any_path(world, cli_env, monkeypatch):
    vro, utrecht = world.vro, world.utrecht
    monkeypatch.setenv("NOVEX_DATABASE_URL", world.settings.database_url)
    rid = ok(vro.post(f"{M}/rondes", json={"provincie": "PV26", "jaar": 2026}), 201)["id"]
    ok(utrecht.patch(f"{M}/rondes/{rid}", json={"versie": 1, "beeld": "beeld"}))
    closed = ok(vro.post(f"{M}/rondes/{rid}/afsluiten", json={"versie": 2}))
    before = world.state()
    for response in (utrecht.patch(f"{M}/rondes/{rid}", json={"versie": 3, "beeld": "later"}),
                     vro.patch(f"{M}/rondes/{rid}", json={"versie": 3, "deelnemers": []}),
                     vro.patch(f"{M}/rondes/{rid}", json={"versie": 3}),
                     vro.post(f"{M}/rondes/{rid}/afsluiten", json={"versie": 3}),
                     vro.post(f"{M}/rondes", json={"provincie": "PV26", "jaar": 2026})):  # fmt: skip
        assert "afgesloten" in problem(response, 409)["detail"] or "bestaat al" in response.json()["detail"]
    for args in (["ronde", "beeld", str(rid), "--versie", "3", "--tekst", "later"],
                 ["ronde", "sluit", str(rid), "--versie", "3"], ["ronde", "start", "PV26", "2026"]):  # fmt: skip
        result = runner.invoke(cli_app, ["monitor", *args])
        assert result.exit_code == 1 and "Fout:" in result.output and "Traceback" not in result.output, result.output
    assert world.state() == before
    # measurements and statuses move the meter, never the snapshot
    ok(utrecht.post(f"{M}/metingen", json=meting(waarde=4100)), 201)
    ok(vro.put(f"{M}/afspraken/PV26/A3/status", json={"status": "vervallen", "motivering": "opgegaan in A2"}))
    assert ok(vro.get(f"{M}/rondes/{rid}")) == closed


# -- hostile text ----------------------------------------------------------------------------------------------------


class Listener:
    """A local web server that counts every request made to it (nothing should ever be)."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        seen = self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                seen.append(self.path)
                self.send_response(404)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener():
    found = Listener()
    yield found
    found.close()


def test_hostile_text_is_inert_in_the_api_the_report_and_the_pdf(world, listener):
    hostile = HOSTILE.format(port=listener.port)
    vro, utrecht = world.vro, world.utrecht
    created = ok(utrecht.post(f"{M}/metingen", json=meting(bron=hostile[:300], toelichting=hostile)), 201)
    ok(vro.put(f"{M}/afspraken/PV26/A1/status", json={"status": "vertraagd", "motivering": hostile}))
    rid = ok(vro.post(f"{M}/rondes", json={"provincie": "PV26", "jaar": 2026,
                                           "deelnemers": [{"soort": "overig", "naam": hostile[:300]}]}), 201)["id"]  # fmt: skip
    ok(utrecht.patch(f"{M}/rondes/{rid}", json={"versie": 1, "beeld": hostile}))
    # the API hands the text back exactly, as JSON
    shown = vro.get(f"{M}/metingen/{created['id']}")
    assert shown.headers["content-type"] == "application/json"
    assert (shown.json()["bron"], shown.json()["toelichting"]) == (hostile[:300], hostile)
    assert ok(vro.get(f"{M}/afspraken/PV26/A1"))["reden"] == hostile
    assert ok(vro.get(f"{M}/rondes/{rid}"))["beeld"] == hostile
    # the report's HTML escapes every piece; it is an attachment, not a page of the site
    report = vro.get(f"{M}/rapporten/2026", params={"formaat": "html"})
    assert report.status_code == 200 and report.headers["content-disposition"].startswith("attachment")
    page = report.text
    for tag in RAW:
        assert tag not in page, tag
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert f"http://127.0.0.1:{listener.port}" in page  # … shown as text
    # the PDF is laid out without fetching anything
    pdf = vro.get(f"{M}/rapporten/2026")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert listener.requests == []


def test_rich_markup_and_escapes_in_stored_text_print_as_text_on_the_command_line(world, cli_env, monkeypatch):
    monkeypatch.setenv("NOVEX_DATABASE_URL", world.settings.database_url)
    markup = "[bold red]CBS[/] [link=file:///etc/passwd]klik[/link] [/unclosed]"
    ok(world.vro.post(f"{M}/metingen", json=meting(bron=markup, toelichting="[blink]t[/blink]")), 201)
    rid = ok(world.vro.post(f"{M}/rondes", json={"provincie": "PV26", "jaar": 2026}), 201)["id"]
    ok(world.vro.patch(f"{M}/rondes/{rid}", json={"versie": 1, "beeld": markup}))
    for args in (["meting", "list"], ["ronde", "show", str(rid)], ["ronde", "list"]):
        result = runner.invoke(cli_app, ["monitor", *args])
        assert result.exit_code == 0 and "Traceback" not in result.output, result.output
        assert "[bold red]CBS[/]" in result.output and "[/unclosed]" in result.output, result.output


# -- the command line --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["meting", "add", "PV26/A1", "--waarde", "1e309", "--datum", D, "--bron", "CBS"], "te groot"),
        (["meting", "add", "PV26/A1", "--waarde", "1,234.5", "--datum", D, "--bron", "CBS"], "geen getal"),
        (["meting", "add", "PV26/A1", "--waarde", "NaN", "--datum", D, "--bron", "CBS"], "geen getal"),
        (["meting", "add", "PV26/A1", "--waarde", "1", "--datum", "0001-01-01", "--bron", "CBS"], "2000-01-01"),
        (["meting", "add", "PV26/A1", "--waarde", "1", "--datum", "2026-02-30", "--bron", "CBS"], "geen datum"),
        (["meting", "add", "PV26/A1", "--waarde", "1", "--datum", D, "--bron", "C\x1b[2JBS"], "stuurteken"),
        (["meting", "add", "PV26/\x1b[2JA1", "--waarde", "1", "--datum", D, "--bron", "CBS"], "staat niet"),
        (["meting", "add", "PV26/A4", "--waarde", "1", "--datum", D, "--bron", "CBS"], "geen indicator"),
        (["meting", "add", "Atlantis/A1", "--waarde", "1", "--datum", D, "--bron", "CBS"], "bestaat niet"),
        (["meting", "remove", "99", "--reden", "x"], "bestaat niet"),
        (["meting", "remove", "0", "--reden", "x"], "minstens 1"),
        (["meting", "list", "--provincie", "PV28", "--afspraak", "PV26/A1"], "spreken elkaar tegen"),
        (["zet-status", "PV26/A1", "groen", "--motivering", "m"], "bestaat niet"),
        (["zet-status", "PV26/A1", "vertraagd", "--motivering", " "], "motivering ontbreekt"),
        (["zet-status", "PV26/ZZ", "vertraagd", "--motivering", "m"], "staat niet"),
        (["ronde", "start", "PV99", "2026"], "bestaat niet"),
        (["ronde", "start", "PV26", "2030"], "tussen 2023"),
        (["ronde", "start", "PV26", "2026", "--deelnemer", "gemeente:Utrecht"], "soort"),
        (["ronde", "start", "PV26", "2026", "--deelnemer", "zonder-naam"], "SOORT:NAAM"),
        (["ronde", "beeld", "1", "--versie", "1", "--tekst", "x"], "bestaat niet"),
        (["rapport", "2022", "-o", "r.pdf"], "minstens 2023"),
        (["rapport", "2030", "-o", "r.pdf"], "tussen 2023 en 2027"),
        (["rapport", "2026", "-o", "r.docx"], ".pdf of .html"),
        (["import", "nergens.csv"], "bestaat niet"),
    ],
)
def test_the_command_line_refuses_in_dutch_without_a_traceback_or_a_raw_escape(world, cli_env, monkeypatch, args,
                                                                                message):  # fmt: skip
    monkeypatch.setenv("NOVEX_DATABASE_URL", world.settings.database_url)
    before = world.state()
    result = runner.invoke(cli_app, ["monitor", *args])
    assert result.exit_code != 0, result.output
    assert message in result.output and "Traceback" not in result.output, result.output
    assert "\x1b[2J" not in result.output
    assert world.state() == before


def test_the_command_line_import_refuses_a_broken_file_whole(world, cli_env, monkeypatch):
    monkeypatch.setenv("NOVEX_DATABASE_URL", world.settings.database_url)
    files = {"bom.xlsx": rezip(xlsx(*GOOD_XLSX_ROWS), {"xl/worksheets/sheet1.xml": b"<worksheet"}),
             "gesplitst.csv": csv_bytes(f"PV26/A1,{D},CBS,1,5", header="afspraak,datum,bron,waarde"),
             "utf16.csv": codecs.BOM_UTF16_LE + HEADER.encode("utf-16-le"),
             "escape.csv": csv_bytes(f"PV26/\x1b[2JA1;1;{D};CBS;")}  # fmt: skip
    before = world.state()
    for name, data in files.items():
        (cli_env / name).write_bytes(data)
        result = runner.invoke(cli_app, ["monitor", "import", str(cli_env / name)])
        assert result.exit_code == 1 and "Fout:" in result.output and "Traceback" not in result.output, result.output
        assert "\x1b[2J" not in result.output, result.output
    assert world.state() == before


# -- the report and the dashboard at their edges ------------------------------------------------------------------------


@pytest.mark.every_backend
def test_the_meter_and_the_report_with_no_agreement_at_all(settings):
    clients = make_clients(settings)
    try:
        meter_ = ok(clients.lezer.get(f"{M}/meter"))
        assert (meter_["afspraken"], meter_["numberMatched"], meter_["per_provincie"]) == ([], 0, {})
        assert set(meter_["totaal"].values()) == {0}
        assert ok(clients.lezer.get(f"{M}/status")) == {}
        html_ = clients.lezer.get(f"{M}/rapporten/2026", params={"formaat": "html"})
        assert html_.status_code == 200 and "nog geen vastgesteld ruimtelijk arrangement" in html_.text
        pdf = clients.lezer.get(f"{M}/rapporten/2026")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        problem(clients.vro.post(f"{M}/metingen", json=meting()), 400)
        problem(clients.vro.put(f"{M}/afspraken/PV26/A1/status", json={"status": None, "motivering": "m"}), 404)
        web = logged_in(clients, "lezer")
        for path in ("/monitor", "/monitor/provincies/PV26", "/monitor/rondes", "/monitor/rapport/2026?formaat=html"):
            assert web.get(path).status_code == 200, path
    finally:
        clients.vro.app.state.db.engine.dispose()


@pytest.mark.every_backend
def test_the_meter_and_the_report_with_six_hundred_agreements(settings):
    clients = make_clients(settings)
    try:
        with clients.vro.app.state.db.session() as session:
            vastgesteld(session, "PV26", tuple(afspraak(f"A{n:03d}") for n in range(600)))
        lezer = clients.lezer
        # by hand: no measurement while the milestone of 60 days ago has passed → aandacht nodig, for all 600
        page = ok(lezer.get(f"{M}/meter", params={"pageSize": 1000}))
        assert (page["numberMatched"], page["numberReturned"]) == (600, 600)
        assert page["per_provincie"]["PV26"]["aandacht-nodig"] == 600 and page["totaal"]["aandacht-nodig"] == 600
        last = ok(lezer.get(f"{M}/meter", params={"pageSize": 100, "page": 6}))
        assert [a["sleutel"] for a in last["afspraken"]][-1] == "A599" and last["numberReturned"] == 100
        assert ok(lezer.get(f"{M}/meter", params={"pageSize": 100, "page": 7}))["afspraken"] == []
        rows = csv_bytes(*[f"PV26/A{n:03d};{1000 + n};{D};CBS;" for n in range(600)])
        assert ok(upload(clients.vro, "m.csv", rows), 201)["metingen"] == 600
        html_ = lezer.get(f"{M}/rapporten/2026", params={"formaat": "html"}).text
        assert all(f">A{n:03d}<" in html_ for n in (0, 299, 599)), "every agreement is in the report"
        pdf = lezer.get(f"{M}/rapporten/2026")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        web = logged_in(clients, "lezer")
        page = web.get("/monitor/provincies/PV26")
        assert page.status_code == 200 and all(f"A{n:03d}" in page.text for n in (0, 599))
        assert web.get("/monitor").status_code == 200
    finally:
        clients.vro.app.state.db.engine.dispose()


def logged_in(clients, role: str) -> TestClient:
    from tests.fixtures.clients import ACCOUNTS, PASSWORD

    client = TestClient(clients.anonymous.app, raise_server_exceptions=False, follow_redirects=False)
    response = client.post("/inloggen", data={"email": ACCOUNTS[role][0], "wachtwoord": PASSWORD})
    assert response.status_code == 303, response.text[:300]
    return client


# -- the status vocabulary is configuration ------------------------------------------------------------------------

GOOD_LIST = """ontwerpkeuze: Een ontwerpkeuze van dit platform.
statussen:
  - {code: op-schema, naam: op schema, kleur: "#1b6e3a"}
  - {code: aandacht-nodig, naam: aandacht nodig, kleur: "#8a5a00"}
  - {code: vertraagd, naam: vertraagd, kleur: "#b3261e"}
  - {code: gerealiseerd, naam: gerealiseerd, kleur: "#154273"}
"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe" + GOOD_LIST.encode("utf-16-le"), "geen UTF-8"),
        (b"statussen: [\n  - code: x\n", "regel "),
        (GOOD_LIST.replace('"#154273"', '"red; background: url(http://x/)"').encode(), "kleur"),
        (GOOD_LIST.replace("{code: vertraagd,", "{code: vertraagd, suggestie: nee,").encode(), "suggestie"),
        (GOOD_LIST.replace("naam: vertraagd,", "naam: '',").encode(), "naam"),
        (GOOD_LIST.replace("code: gerealiseerd,", "code: gerealiseerd, betekenis: [1, 2],").encode(), "betekenis"),
        ((GOOD_LIST + "  - {code: " + "x" * 41 + ", naam: x, kleur: '#000'}\n").encode(), "40 tekens"),
        (
            GOOD_LIST.replace("ontwerpkeuze: Een ontwerpkeuze van dit platform.", "ontwerpkeuze: [1]").encode(),
            "ontwerpkeuze",
        ),
        (b"", "verwacht een lijst"),
    ],
)
def test_a_broken_status_vocabulary_is_named_clearly(tmp_path, content, message):
    from novex.errors import InvalidInput
    from novex.monitor.statussen import lees_statuslijst

    path = tmp_path / "statussen.yaml"
    path.write_bytes(content)
    with pytest.raises(InvalidInput) as refused:
        lees_statuslijst(path)
    assert str(refused.value).startswith(f"statuslijst {path}: ") and message in str(refused.value), refused.value
    assert dutch(str(refused.value).replace(str(path), "")), refused.value


def test_a_broken_shipped_vocabulary_is_a_clear_refusal_on_every_edge(world, cli_env, monkeypatch, tmp_path):
    from novex.monitor import statussen

    (tmp_path / "statussen.yaml").write_text("statussen: [{code: op-schema}]\nontwerpkeuze: x\n", "utf-8")
    monkeypatch.setattr(statussen, "DATA", tmp_path)
    statussen.statuslijst.cache_clear()
    monkeypatch.setenv("NOVEX_DATABASE_URL", world.settings.database_url)
    try:
        before = world.state()
        for response in (raw(world.lezer).get(f"{M}/statussen"), raw(world.lezer).get(f"{M}/meter"),
                         raw(world.vro).post(f"{M}/metingen", json=meting())):  # fmt: skip
            assert response.status_code == 400 and dutch(response.json()), response.text
            assert "statuslijst" in response.json()["detail"] and "code, naam en kleur" in response.json()["detail"]
        result = runner.invoke(cli_app, ["monitor", "status"])
        assert result.exit_code == 1 and "Fout: statuslijst" in result.output and "Traceback" not in result.output
        assert world.state() == before
    finally:
        statussen.statuslijst.cache_clear()


# -- the audit trail -------------------------------------------------------------------------------------------------


@pytest.mark.every_backend
def test_every_change_is_exactly_one_event_and_a_refusal_none(world):
    vro, utrecht, zh = world.vro, world.utrecht, raw(world.zuid_holland)
    mid = ok(utrecht.post(f"{M}/metingen", json=meting()), 201)["id"]
    problem(zh.post(f"{M}/metingen", json=meting(bron="ZH")), 403)
    problem(raw(utrecht).post(f"{M}/metingen", json=meting()), 409)
    ok(upload(utrecht, "m.csv", csv_bytes(f"PV26/A1;1;{D};BAG;", f"PV26/A2;2;{D};BAG;", f"PV26/A3;3;{D};BAG;")), 201)
    problem(upload(utrecht, "m.csv", csv_bytes(f"PV26/A1;1;{D};RVO;", f"PV28/B1;2;{D};RVO;")), 400)
    problem(zh.delete(f"{M}/metingen/{mid}", params={"reden": "weg"}), 403)
    assert utrecht.delete(f"{M}/metingen/{mid}", params={"reden": "dubbel"}).status_code == 204
    ok(utrecht.put(f"{M}/afspraken/PV26/A1/status", json={"status": "vertraagd", "motivering": "m"}))
    problem(zh.put(f"{M}/afspraken/PV26/A1/status", json={"status": "vertraagd", "motivering": "m"}), 403)
    rid = ok(vro.post(f"{M}/rondes", json={"provincie": "PV26", "jaar": 2026}), 201)["id"]
    problem(raw(vro).post(f"{M}/rondes", json={"provincie": "PV26", "jaar": 2026}), 409)
    ok(utrecht.patch(f"{M}/rondes/{rid}", json={"versie": 1, "beeld": "beeld"}))
    ok(utrecht.patch(f"{M}/rondes/{rid}", json={"versie": 2, "beeld": "beeld"}))  # no change
    problem(raw(utrecht).patch(f"{M}/rondes/{rid}", json={"versie": 1, "beeld": "oud"}), 409)
    ok(vro.post(f"{M}/rondes/{rid}/afsluiten", json={"versie": 2}))
    problem(raw(vro).post(f"{M}/rondes/{rid}/afsluiten", json={"versie": 3}), 409)
    assert world.events() == [
        ("monitor-afspraak.meting", "A1"),
        ("monitor-afspraak.import", "A1"), ("monitor-afspraak.import", "A2"), ("monitor-afspraak.import", "A3"),
        ("monitor-afspraak.meting-verwijderd", "A1"),
        ("monitor-afspraak.status", "A1"),
        ("monitorronde.geopend", str(rid)), ("monitorronde.bijgewerkt", str(rid)), ("monitorronde.afgesloten", str(rid)),
    ]  # fmt: skip


# -- the web pages ---------------------------------------------------------------------------------------------------


def browser(world, role: str) -> TestClient:
    """A logged-in browser of `role` (its session cookie), raising no server error as an exception."""
    return logged_in(world.api, role)


def csrf(client: TestClient) -> str:
    page = client.get("/monitor").text
    return page.split('name="csrf" value="')[1].split('"')[0]


# (what, expected per role in ROLES order): 303 a stored change; 201 an import shown; 403 refused by the service.
WEB_MATRIX = [
    ("meting PV26/A1", (303, 303, 403, 303, 403, 403)),
    ("status PV26/A3", (303, 403, 403, 403, 403, 403)),
    ("status PV26/A2", (303, 303, 403, 303, 403, 403)),
    ("import PV28/B1", (201, 400, 201, 201, 403, 403)),
    ("ronde openen PV26", (303, 403, 403, 403, 403, 403)),
    ("beeld PV28", (303, 403, 303, 403, 403, 403)),
    ("ronde sluiten PV28", (303, 403, 403, 403, 403, 403)),
]


@pytest.mark.parametrize("role", ROLES)
def test_forged_web_posts_are_refused_by_the_service(world, role):
    vro = world.vro
    r28 = ok(vro.post(f"{M}/rondes", json={"provincie": "PV28", "jaar": 2026}), 201)["id"]
    ok(vro.patch(f"{M}/rondes/{r28}", json={"versie": 1, "beeld": "Zuid-Holland ligt op koers."}))
    client = browser(world, role)
    token = csrf(client)

    def version() -> int:
        return ok(vro.get(f"{M}/rondes/{r28}"))["versie"]

    posts = {
        "meting PV26/A1": lambda: client.post(
            "/monitor/afspraken/PV26/A1/metingen", data={"csrf": token, "waarde": "1.250", "datum": D, "bron": role}
        ),  # fmt: skip
        "status PV26/A3": lambda: client.post(
            "/monitor/afspraken/PV26/A3/status", data={"csrf": token, "status": "vertraagd", "motivering": role}
        ),  # fmt: skip
        "status PV26/A2": lambda: client.post(
            "/monitor/afspraken/PV26/A2/status", data={"csrf": token, "status": "vertraagd", "motivering": role}
        ),  # fmt: skip
        "import PV28/B1": lambda: client.post(
            "/monitor/import",
            data={"csrf": token},
            files={"bestand": ("m.csv", csv_bytes(f"PV28/B1;5;{D};{role};"), "text/csv")},
        ),  # fmt: skip
        "ronde openen PV26": lambda: client.post(
            "/monitor/rondes", data={"csrf": token, "provincie": "PV26", "jaar": "2026"}
        ),  # fmt: skip
        "beeld PV28": lambda: client.post(
            f"/monitor/rondes/{r28}",
            data={
                "csrf": token,
                "versie": str(version()),
                "beeld": f"beeld van {role}",
                "soort": ["vro"],
                "naam": ["ministerie van VRO"],
            },
        ),  # fmt: skip
        "ronde sluiten PV28": lambda: client.post(
            f"/monitor/rondes/{r28}/afsluiten", data={"csrf": token, "versie": str(version())}
        ),  # fmt: skip
    }
    for what, statuses in WEB_MATRIX:
        expected = statuses[ROLES.index(role)]
        before = world.state()
        response = posts[what]()
        assert response.status_code == expected, (what, response.status_code, response.text[:500])
        if expected >= 400:
            assert world.state() == before, what
            assert "Interne fout" not in response.text
        else:
            assert world.state() != before, what
    # without the session's token nothing is done, whoever asks
    before = world.state()
    for post in (lambda: client.post("/monitor/afspraken/PV26/A1/metingen", data={"waarde": "1", "datum": D,
                                                                                "bron": "x"}),
                 lambda: client.post("/monitor/import", data={"csrf": "vals"}, files={
                     "bestand": ("m.csv", csv_bytes(f"PV26/A1;5;{D};x;"), "text/csv")}),
                 lambda: client.post(f"/monitor/rondes/{r28}/afsluiten", data={"csrf": "", "versie": "1"})):  # fmt: skip
        assert post().status_code == 403
    assert world.state() == before


def test_the_pages_show_hostile_text_as_text(world):
    vro, utrecht = world.vro, world.utrecht
    hostile = HOSTILE.format(port=9)
    ok(utrecht.post(f"{M}/metingen", json=meting(bron=hostile[:300], toelichting=hostile)), 201)
    ok(vro.put(f"{M}/afspraken/PV26/A1/status", json={"status": "vertraagd", "motivering": hostile}))
    rid = ok(vro.post(f"{M}/rondes", json={"provincie": "PV26", "jaar": 2026,
                                           "deelnemers": [{"soort": "overig", "naam": hostile[:300]}]}), 201)["id"]  # fmt: skip
    ok(utrecht.patch(f"{M}/rondes/{rid}", json={"versie": 1, "beeld": hostile}))
    client = browser(world, "utrecht")
    token = csrf(client)
    pages = [client.get(path) for path in ("/monitor", "/monitor/provincies/PV26", "/monitor/afspraken/PV26/A1",
                                           f"/monitor/rondes/{rid}", "/monitor/rondes")]  # fmt: skip
    pages.append(client.post("/monitor/import", data={"csrf": token}, files={
        "bestand": ("<svg onload=alert(1)>.csv", csv_bytes(f"PV26/<script>alert(1)</script>;1;{D};x;"), "text/csv")}))  # fmt: skip
    pages.append(client.post("/monitor/afspraken/PV26/A1/metingen", data={
        "csrf": token, "waarde": "<script>alert(1)</script>", "datum": D, "bron": hostile[:300]}))  # fmt: skip
    for page in pages:
        assert page.status_code in (200, 400), page.text[:300]
        for tag in RAW_IN_PAGE:
            assert tag not in page.text, (page.url, tag)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[2].text


def test_a_closed_round_is_not_changed_through_the_web(world):
    vro = world.vro
    rid = ok(vro.post(f"{M}/rondes", json={"provincie": "PV26", "jaar": 2026}), 201)["id"]
    ok(vro.patch(f"{M}/rondes/{rid}", json={"versie": 1, "beeld": "beeld"}))
    ok(vro.post(f"{M}/rondes/{rid}/afsluiten", json={"versie": 2}))
    before = world.state()
    for role in ("vro", "utrecht"):
        client = browser(world, role)
        token = csrf(client)
        page = client.get(f"/monitor/rondes/{rid}").text
        assert f'action="/monitor/rondes/{rid}/afsluiten"' not in page  # no form for what may not be done
        response = client.post(f"/monitor/rondes/{rid}", data={"csrf": token, "versie": "3", "beeld": "later"})
        assert response.status_code == 409 and "is afgesloten" in response.text, response.text[:300]
        response = client.post(f"/monitor/rondes/{rid}/afsluiten", data={"csrf": token, "versie": "3"})
        assert response.status_code == {"vro": 409, "utrecht": 403}[role], response.text[:300]  # only VRO closes
    assert world.state() == before


# What each role's pages offer: the forms (by their action) a role sees are exactly those it may use.
SHOWN = {
    "vro": {"A1 meting", "A1 status", "A3 status", "B1 meting", "import", "ronde openen", "beeld 26", "sluiten 26"},
    "utrecht": {"A1 meting", "A1 status", "import", "beeld 26"},
    "zuid_holland": {"B1 meting", "import"},
    "departement": {"A1 meting", "B1 meting", "import"},
    "lezer": set(),
    "beheerder": set(),
}


@pytest.mark.parametrize("role", ROLES)
def test_the_pages_offer_only_the_forms_a_role_may_use(world, role):
    rid = ok(world.vro.post(f"{M}/rondes", json={"provincie": "PV26", "jaar": 2026}), 201)["id"]
    client = browser(world, role)
    page = {path: client.get(path).text for path in ("/monitor/afspraken/PV26/A1", "/monitor/afspraken/PV26/A3",
                                                     "/monitor/afspraken/PV28/B1", "/monitor/import", "/monitor/rondes",
                                                     f"/monitor/rondes/{rid}")}  # fmt: skip
    forms = {
        "A1 meting": 'action="/monitor/afspraken/PV26/A1/metingen"' in page["/monitor/afspraken/PV26/A1"],
        "A1 status": 'action="/monitor/afspraken/PV26/A1/status"' in page["/monitor/afspraken/PV26/A1"],
        "A3 status": 'action="/monitor/afspraken/PV26/A3/status"' in page["/monitor/afspraken/PV26/A3"],
        "B1 meting": 'action="/monitor/afspraken/PV28/B1/metingen"' in page["/monitor/afspraken/PV28/B1"],
        "import": 'action="/monitor/import"' in page["/monitor/import"],
        "ronde openen": 'action="/monitor/rondes"' in page["/monitor/rondes"],
        "beeld 26": f'action="/monitor/rondes/{rid}"' in page[f"/monitor/rondes/{rid}"],
        "sluiten 26": f'action="/monitor/rondes/{rid}/afsluiten"' in page[f"/monitor/rondes/{rid}"],
    }
    assert {k for k, shown in forms.items() if shown} == SHOWN[role]
