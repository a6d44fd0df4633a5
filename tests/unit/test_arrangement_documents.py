"""The RA documents as pure functions of crafted data: Dutch values, SMART status, the public variant, the map.

Every expectation is written out by hand from the crafted input (tests/fixtures/arrangementen.py);
PDFs are read back with poppler's pdftotext, the map with an XML parser, the tables with openpyxl.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from html import unescape

import openpyxl
import pytest
from shapely.geometry import box

from novex.access import Actor
from novex.arrangement.diff import verschil
from novex.arrangement.inclusie import INCLUSIECRITERIA
from novex.arrangement.model import (
    ONDERDELEN,
    Acceptatie,
    Eigenaar,
    Herschikking,
    Mijlpaal,
    Onderdeel,
    Ondertekening,
    OpenKnoop,
    Vaststelling,
)
from novex.arrangement.productbeeld import OUD_EN_NIEUW
from novex.arrangement.smart import Bevinding
from novex.documents.arrangement import (
    LIJST_KOLOMMEN,
    WEGGELATEN,
    Afspraakrij,
    Afsprakenlijst,
    Kaartgebied,
    RaDocument,
    Stap,
    VerschilDocument,
    Vraagstukregel,
    afsprakenlijst_html,
    afsprakenlijst_tabel,
    document_bytes,
    kaart_svg,
    ra_html,
    ra_pdf,
    smart_status,
    verschil_html,
    waarde,
)
from novex.documents.limits import DocumentTooLong
from novex.errors import InvalidInput
from novex.nl import format_euro
from tests.fixtures.arrangementen import VANDAAG, afspraak, arrangement, inclusie

NAMES = {"PV26": "Utrecht", "PV25": "Gelderland"}
PERSON = "k.de.vries@utrecht.nl"
ADOPTER = "bestuurssecretaris@minvro.nl"


def pdftotext(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode("utf-8")
    return re.sub(r"\s+", " ", out)


def finding(sleutel: str, nummer: int, criterium: str, code: str, melding: str) -> Bevinding:
    return Bevinding(sleutel, nummer, criterium, code, f"Afspraak {nummer}: {melding}")


def crafted(**over) -> RaDocument:
    """Utrecht 2027, adopted, with two agreements (the second without indicator, one finding motivated)."""
    second = afspraak("a2", tekst="Rijk en provincie maken de Lopikerwaard klimaatbestendig.", indicator=None,
                      onderdeel=4, vraagstuk_id=8)  # fmt: skip
    ra = arrangement(
        status="vastgesteld",
        afspraken=(afspraak(), second),
        inclusies=(inclusie(7), inclusie(8, nee=(3,))),
        onderdelen=tuple(Onderdeel(n, f"Tekst van onderdeel {n}.") for n in ONDERDELEN),
        open_knopen=(OpenKnoop("Zon tegen natuur op de Heuvelrug", 9),),
        vastgesteld_in=Vaststelling(41, date(2027, 9, 21), "BOL Noordwest"),
        motiveringen={"a2/geen-indicator": "De indicator volgt uit de klimaatstresstest van 2028."},
    )
    findings = (
        finding("a2", 2, "meetbaar", "geen-indicator", "er is geen indicator: waaraan is te zien dat het resultaat bereikt is?"),
        finding("a2", 2, "eigenaar", "geen-eigenaar", "er is geen eigenaar van de uitvoering: wie zorgt dat het gebeurt?"),
    )  # fmt: skip
    base = RaDocument(
        ra=ra,
        provincie="Utrecht",
        landsdeel="Noordwest",
        vandaag=VANDAAG,
        bevindingen=findings,
        vraagstukken=(Vraagstukregel(7, "Wonen langs de A12", PERSON), Vraagstukregel(8, "Water bij Lopik")),
        verloop=(
            Stap("concept", "voorgelegd", "provincie", datetime(2027, 9, 1, 10, tzinfo=UTC), "klaar", PERSON),
            Stap("voorgelegd", "vastgesteld", "vro", datetime(2027, 9, 21, 15, tzinfo=UTC), None, ADOPTER),
        ),
        provincienamen=NAMES,
    )
    return replace(base, **over)


# --- values in Dutch --------------------------------------------------------------------------------------------------


def test_amounts_dates_owners_and_acceptances_are_written_in_dutch():
    assert format_euro(Decimal("12500000.5")) == "€ 12.500.000,50"
    assert format_euro(Decimal("7")) == "€ 7,00"
    assert format_euro(Decimal("999.999")) == "€ 1.000,00"  # rounded to the cent
    assert waarde(None) == waarde("") == waarde(()) == "—"
    assert waarde(date(2030, 12, 31)) == "31 december 2030"
    assert waarde(2027) == "2027" and waarde(4000.5) == "4.000,5"
    assert waarde(Eigenaar("provincie", "PV26"), NAMES) == "Utrecht (provincie)"
    assert waarde(Eigenaar("vro", "VRO")) == "VRO (VRO)"
    assert waarde(
        (Acceptatie("VRO", True, date(2027, 1, 15)), Acceptatie("Waterschap", False, None, "eerst geld"))
    ) == ("VRO: akkoord op 15 januari 2027; Waterschap: niet akkoord (eerst geld)")
    assert waarde(Mijlpaal("Plannen vastgesteld", date(2028, 6, 30))) == "Plannen vastgesteld (30 juni 2028)"
    assert waarde(Herschikking("uitruil", ("PV26", "PV25"), "natuur naar de Veluwe"), NAMES) == (
        "uitruil (Utrecht, Gelderland): natuur naar de Veluwe"
    )
    assert waarde(Vaststelling(41, date(2027, 9, 21), "BOL Noordwest")) == "BOL Noordwest, 21 september 2027"
    assert waarde(Ondertekening(date(2023, 6, 1), ("minister voor VRO", "GS van Utrecht"))) == (
        "1 juni 2023: minister voor VRO, GS van Utrecht"
    )


def test_the_smart_status_says_smart_or_counts_the_findings_open_and_motivated():
    a = finding("a2", 2, "meetbaar", "geen-indicator", "x")
    b = finding("a2", 2, "eigenaar", "geen-eigenaar", "y")
    c = finding("a2", 2, "meetbaar", "geen-eenheid", "z")
    assert smart_status([], {}) == "SMART"
    assert smart_status([a, b, c], {"a2/geen-indicator": "volgt"}) == (
        "3 bevindingen (open: eigenaar, meetbaar; gemotiveerd: meetbaar)"
    )
    assert smart_status([b], {"a2/geen-eigenaar": "  "}) == "1 bevinding (open: eigenaar)"  # blank is no motivation


# --- the RA -----------------------------------------------------------------------------------------------------------


def test_the_ra_holds_the_five_parts_the_agreements_with_their_status_and_the_inclusion_criteria():
    html = unescape(ra_html(crafted()))
    for n, title in ONDERDELEN.items():
        assert f"{n}. {title}" in html and f"Tekst van onderdeel {n}." in html
    assert "Rijk en provincie realiseren samen de woningbouw in de A12-zone." in html
    assert "Rijk en provincie maken de Lopikerwaard klimaatbestendig." in html
    assert html.count("✓ SMART") == 1  # the first agreement only
    # the second: its two findings, the motivated one marked, the other open
    assert "De indicator volgt uit de klimaatstresstest van 2028." in html
    assert html.count('<span class="label gemotiveerd">gemotiveerd</span>') == 1
    assert html.count('<span class="label open">open</span>') == 1
    for criterion in INCLUSIECRITERIA.values():
        assert criterion in html
    assert "Vraagstuk nr. 8: Water bij Lopik — " in html and "(niet voldaan of nog niet besloten: 3)" in html
    for row in OUD_EN_NIEUW:
        assert row.onderdeel in html and row.nieuwe_lijn in html
    assert "BOL Noordwest op 21 september 2027" in html
    assert "€ 12.500.000,00" in html  # the fixture's one investment, and its total
    assert PERSON in html and ADOPTER in html  # the parties' version names the persons


def test_the_public_variant_blanks_persons_and_their_names_in_free_text_and_keeps_parties():
    text_with_names = f"Afgestemd met {PERSON} en met j.bakker@example.org; de provincie Utrecht is trekker."
    doc = crafted()
    doc = replace(doc, ra=replace(doc.ra, onderdelen=(Onderdeel(1, text_with_names), *doc.ra.onderdelen[1:])))
    public = ra_html(doc, openbaar=True)
    assert PERSON not in public and ADOPTER not in public and not re.search(r"\w@\w", public)
    assert f"Afgestemd met {WEGGELATEN} en met {WEGGELATEN}; de provincie Utrecht is trekker." in public
    assert "Provincie Utrecht" in public and "Ministerie van VRO" in public  # parties stay
    assert "Utrecht (provincie)" in public  # owners stay
    assert "Openbare versie: namen van personen weggelaten." in public
    assert ">Door<" not in public  # the course without the column of persons
    parties = ra_html(doc)
    assert text_with_names in parties and ">Door<" in parties


def test_the_first_generation_shows_its_signatories_and_no_adoption():
    doc = crafted()
    first = replace(doc.ra, generatie="eerste", vastgesteld_in=None, inclusies=(),
                    ondertekening=Ondertekening(date(2023, 6, 1), ("minister voor VRO", "Gedeputeerde Staten van Utrecht")))  # fmt: skip
    html = ra_html(replace(doc, ra=first))
    assert "op 1 juni 2023 door minister voor VRO, Gedeputeerde Staten van Utrecht" in html
    assert "Vastgesteld in" not in html and "Eerste generatie" in html
    assert "kende deze selectie nog niet" in html


def test_the_ra_pdf_reads_back_with_poppler():
    text = pdftotext(ra_pdf(crafted(), openbaar=True))
    assert "Ruimtelijk Arrangement Utrecht 2027" in text
    for title in ONDERDELEN.values():
        assert title in text
    assert "✓ SMART" in text and "Meetbaar: er is geen indicator" in text
    assert PERSON not in text and ADOPTER not in text
    assert re.search(r"pagina 1 van \d", text)  # the footer is on the first page too


def test_a_far_too_long_ra_is_refused_in_dutch_before_any_layout(monkeypatch):
    import weasyprint

    def layout(*_args, **_kwargs):
        raise AssertionError("the far too long RA was laid out before it was refused")

    monkeypatch.setattr(weasyprint, "HTML", layout)
    doc = crafted()
    huge = tuple(afspraak(f"x{n}", tekst="woord " * 3000) for n in range(300))
    with pytest.raises(DocumentTooLong, match="past bij lange na niet"):
        ra_pdf(replace(doc, ra=replace(doc.ra, afspraken=huge), bevindingen=()))


# --- the map ----------------------------------------------------------------------------------------------------------


class Province:
    def __init__(self, code, naam, geometry):
        self.code, self.naam, self.geometry = code, naam, geometry


def test_the_map_is_a_self_contained_svg_with_one_pin_per_area_even_a_tiny_one():
    province = Province("PV26", "Utrecht & <Eemland>", box(120_000, 440_000, 170_000, 480_000))
    neighbour = Province("PV25", "Gelderland", box(170_000, 440_000, 220_000, 480_000))
    markers = [
        (Kaartgebied("1, 2", "afspraak", "Afspraken 1, 2"), box(125_000, 449_000, 133_000, 455_000)),
        (Kaartgebied("K1", "knoop", "Open knoop"), box(150_000, 450_000, 150_001, 450_001)),  # 1 m²
    ]
    svg = kaart_svg(province, [neighbour], markers)
    root = ET.fromstring(svg)  # well-formed XML, the text escaped
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.get("role") == "img" and "Utrecht & <Eemland>" in root.find("s:title", ns).text
    labels = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert labels[:2] == ["1, 2", "K1"] and labels[2].endswith("km")
    assert not re.search(r"(href|src)\s*=|url\(", svg)  # nothing fetched at render time
    # the viewBox frames the province (RD New, y negated) with a margin of 4 % of its largest side
    minx, miny, width, height = map(float, root.get("viewBox").split())
    assert (minx, miny, width, height) == (118_000, -482_000, 54_000, 44_000)
    # the tiny knot keeps its pin at its place
    pin = [t for t in root.iter("{http://www.w3.org/2000/svg}text") if t.text == "K1"][0]
    assert abs(float(pin.get("x")) - 150_000) < 2


# --- the diff ---------------------------------------------------------------------------------------------------------


def test_the_diff_shows_added_dropped_and_each_changed_field_with_old_and_new_value():
    a = arrangement(status="vastgesteld", afspraken=(afspraak("a1"), afspraak("a2", tekst="Vervalt")))
    b = arrangement(
        id=2,
        jaar=2028,
        afspraken=(afspraak("a1", streefwaarde=5000, deadline=date(2031, 6, 30)), afspraak("a3", tekst="Is nieuw")),
    )
    doc = VerschilDocument(a, b, verschil(a, b), NAMES, {7: "Wonen langs de A12"})
    html = verschil_html(doc)
    assert "Utrecht: 2027 → 2028" in html
    assert "Toegevoegd (1)" in html and "Is nieuw" in html
    assert "Vervallen (1)" in html and "Vervalt" in html
    assert "Gewijzigd (1)" in html
    assert "<del>4.000</del>" in html and "<ins>5.000</ins>" in html
    assert "<del>31 december 2030</del>" in html and "<ins>30 juni 2031</ins>" in html
    assert "<del>2027</del>" in html and "<ins>2028</ins>" in html  # a year, not 2.027
    assert "<del>Vastgesteld</del>" in html and "<ins>Concept</ins>" in html


def test_two_equal_versions_say_so():
    a = arrangement()
    html = verschil_html(VerschilDocument(a, a, verschil(a, a), NAMES))
    assert "De twee versies zijn inhoudelijk gelijk en hebben dezelfde status." in html


# --- the BOL list -----------------------------------------------------------------------------------------------------


def lijst() -> Afsprakenlijst:
    row = Afspraakrij("Utrecht", 2027, "PV26-2027-1", "=HYPERLINK(\"http://x\")", 1, "Utrecht (provincie)",
                      "opgeleverde woningen", 4000, "woningen", date(2030, 12, 31), 7, "Wonen langs de A12", "SMART")  # fmt: skip
    other = replace(row, sleutel="PV26-2027-2", tekst=f"Vraag {PERSON}", streefwaarde=12.5, deadline=None,
                    vraagstuk_id=None, vraagstuk="", smart="1 bevinding (gemotiveerd: meetbaar)")  # fmt: skip
    return Afsprakenlijst(41, "BOL Noordwest", date(2027, 9, 21), "Noordwest", (row, other))


def test_the_bol_list_as_csv_and_xlsx_one_row_per_agreement_formulas_as_text():
    data = afsprakenlijst_tabel(lijst(), "csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        list(LIJST_KOLOMMEN),
        ["Utrecht", "2027", "PV26-2027-1", "'=HYPERLINK(\"http://x\")", "1", "Utrecht (provincie)",
         "opgeleverde woningen", "4000", "woningen", "2030-12-31", "7", "Wonen langs de A12", "SMART"],
        ["Utrecht", "2027", "PV26-2027-2", f"Vraag {PERSON}", "1", "Utrecht (provincie)", "opgeleverde woningen",
         "12,5", "woningen", "", "", "", "1 bevinding (gemotiveerd: meetbaar)"],
    ]  # fmt: skip
    sheet = openpyxl.load_workbook(io.BytesIO(afsprakenlijst_tabel(lijst(), "xlsx"))).active
    assert sheet.title == "BOL 2027-09-21"
    assert [c.value for c in sheet[1]] == list(LIJST_KOLOMMEN)
    assert sheet["D2"].data_type == "s" and sheet["D2"].value == '=HYPERLINK("http://x")'  # text, never a formula
    assert (sheet["H2"].value, sheet["H3"].value, sheet["J2"].value.date()) == (4000, 12.5, date(2030, 12, 31))
    public = afsprakenlijst_tabel(lijst(), "csv", openbaar=True).decode("utf-8-sig")
    assert PERSON not in public and f"Vraag {WEGGELATEN}" in public


def test_the_bol_list_html_numbers_the_rows_and_says_when_nothing_was_adopted():
    html = afsprakenlijst_html(lijst())
    assert html.count('<td class="sleutel">') == 2 and "1." in html and "2." in html
    assert "=HYPERLINK(&#34;http://x&#34;)" in html  # escaped, inert
    empty = afsprakenlijst_html(replace(lijst(), rijen=()))
    assert "In dit BOL is (nog) geen ruimtelijk arrangement vastgesteld." in empty


def test_unknown_documents_and_formats_are_refused_before_anything_is_read():
    actor = Actor.operator()
    with pytest.raises(
        InvalidInput, match="onbekend document 'startpakket' \\(wel: arrangement, verschil, bol-afsprakenlijst\\)"
    ):
        document_bytes(None, actor, "startpakket", 1, "pdf")
    with pytest.raises(InvalidInput, match="onbekend formaat 'xlsx' voor arrangement \\(wel: pdf, html\\)"):
        document_bytes(None, actor, "arrangement", 1, "xlsx")
    with pytest.raises(InvalidInput, match="onbekend formaat 'docx' voor bol-afsprakenlijst"):
        document_bytes(None, actor, "bol-afsprakenlijst", 1, "docx")
