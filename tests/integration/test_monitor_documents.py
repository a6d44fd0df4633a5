"""The yearly progress report (seed 003 §5.2) on a real database, read back with independent readers.

The HTML is read with the standard library's HTML parser, the PDF with poppler (pdftotext,
pdfinfo, pdfimages). Every expected status is worked out by hand below from the suggestion rules
(`novex.monitor.suggestie`) and the measurements of the scene; the programme goals are written
out by hand from seed 003 §5.2.
"""

from __future__ import annotations

import base64
import re
import subprocess
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

import pytest

from novex import bootstrap
from novex.access import Actor, Role
from novex.documents.monitor import rapport_document, rapport_pdf
from novex.errors import InvalidInput
from novex.monitor.service import MonitorService
from tests.fixtures.monitor import gevolgde_afspraak, vastgesteld

COORDINATOR = Actor(1, "coordinator@minvro.nl", Role.VRO)
PLANNER = Actor(7, "planner@utrecht.nl", Role.PROVINCIE, provincie="PV26")
HOSTILE = '<script>alert("x")</script><img src="http://127.0.0.1:9/x.png"> Mail j.jansen@zuid-holland.nl.'
LANG = "Z" * 300  # one unbroken word in an owner's motivation: the table must wrap it, not overflow
MOTIVERING = f"Project gestopt na herziening van het omgevingsplan {LANG}"

# Seed 003 §5.2, the table "Doelstellingen Indicatoren Producten", written out by hand from the seed.
SEED_DOELEN = [
    (
        "Versnellen van de uitvoering van de Nationale Omgevingsvisie",
        [
            "Analyse, knelpunten en kansen",
            "Voortgang per provincie in het behalen van de nationale doelstellingen",
            "Voortgang per NOVEX-gebied in het behalen van de nationale doelstellingen",
            "Inzet rijksuitvoeringskracht",
            "Voortgang opzetten regionale investeringsagenda",
        ],
        [
            "Lerende agenda",
            "Beeld van de puzzel per provincie",
            "Ruimtelijke arrangementen",
            "Ontwikkelperspectief NOVEX-gebieden",
            "Uitvoeringsafspraken",
            "Per NOVEX-gebied een regionale investeringsagenda",
        ],
    ),
    (
        "Versterken van de ruimtelijke regierol van het Rijk",
        ["Voortgang in het leggen van verbindingen, het maken van keuzes en prioriteren"],
        ["Provincietafel bijeenkomsten", "BWO-overleggen", "Inzet ruimtelijk instrumentarium"],
    ),
    (
        "Vernieuwen van de samenwerking in de (uitvoerings)relatie met provincies én in gebieden",
        ["Interbestuurlijke samenwerking", "Interdepartementale samenwerking",
         "Samenwerking met andere partners (OFL inzet)"],
        ["Inregelen van interbestuurlijke samenwerking", "Trekkende bewindspersoon en regionale bestuurder",
         "Inregelen interdepartementale samenwerking"],
    ),
]  # fmt: skip

# Every agreement: 0 → 4.000 homes, milestones 1.000 (30 June 2027) and 2.500 (31 Dec 2028), deadline 2030.
# On the report's day the 2027 round of Utrecht is closed (15 Nov 2027); Zuid-Holland's 2027 round is open, and
# Zuid-Holland had no round in 2026, so it has nothing to compare with ("—").
VERWACHT = {
    "Utrecht": [
        # 1.200 on 15 Jul 2027 reaches the passed milestone 1.000; the next (2028) is far: op schema.
        # 2026 snapshot: 300 on 1 Oct 2026, no milestone passed, none within 90 days: op schema too.
        ("A1", "op schema", "voorgesteld", "1.200 woningen", "15 juli 2027", "gelijk"),
        # 800 on 1 Jul 2027 misses the passed milestone 1.000: vertraagd (2026: no measurement, no status).
        ("A2", "vertraagd", "voorgesteld", "800 woningen", "1 juli 2027", "was geen status"),
        # 4.000 reaches the target: gerealiseerd.
        ("A3", "gerealiseerd", "voorgesteld", "4.000 woningen", "1 oktober 2027", "was geen status"),
        # no measurement while the milestone of 30 Jun 2027 has passed: aandacht nodig.
        ("A4", "aandacht nodig", "voorgesteld", None, None, "was geen status"),
    ],
    "Zuid-Holland": [
        # set by the owner (VRO coordinates the monitoring) with a motivation.
        ("B1", "vervallen", "vastgesteld door eigenaar", None, None, "—"),
        # 2.000 on 1 Sep 2027 reaches the passed milestone 1.000: op schema.
        ("B2", "op schema", "voorgesteld", "2.000 woningen", "1 september 2027", "—"),
    ],
}


BLOKKEN = {"p", "div", "dt", "dd", "li", "h1", "h2", "h3", "h4", "section", "blockquote", "footer", "tr"}


@dataclass
class Tabel:
    """One <table> as the parser saw it: its class, caption and rows of cells (text and list items)."""

    klasse: str
    caption: str = ""
    rows: list[list[Cel]] = field(default_factory=list)


@dataclass
class Cel:
    text: str = ""
    items: list[str] = field(default_factory=list)


class Lezer(HTMLParser):
    """An independent reader of the report's HTML: its tables, the text of each element with an id, all text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Tabel] = []
        self.stack: list[Tabel] = []
        self.cell: Cel | None = None
        self.item: list[str] | None = None
        self.in_caption = False
        self.ids: dict[str, list[str]] = {}
        self.open_ids: list[tuple[str, str]] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in BLOKKEN:
            self.handle_data(" ")  # block elements are separate words
        if tag not in ("br", "col", "img", "meta", "rect", "line"):
            self.tags.append(tag)
            self.open_ids.append((tag, a.get("id") or ""))
            if a.get("id"):
                self.ids.setdefault(a["id"], [])
        if tag == "table":
            self.stack.append(Tabel(a.get("class") or ""))
        elif tag == "caption":
            self.in_caption = True
        elif tag == "tr" and self.stack:
            self.stack[-1].rows.append([])
        elif tag in ("td", "th") and self.stack:
            self.cell = Cel()
            self.stack[-1].rows[-1].append(self.cell)
        elif tag == "li" and self.cell is not None:
            self.item = []
        elif tag == "br":
            self.handle_data(" ")

    def handle_endtag(self, tag):
        if tag in ("br", "col", "img", "meta", "rect", "line"):
            return
        while self.tags:
            top = self.tags.pop()
            self.open_ids.pop()
            if top == tag:
                break
        if tag == "table" and self.stack:
            self.tables.append(self.stack.pop())
        elif tag == "caption":
            self.in_caption = False
        elif tag in ("td", "th") and self.cell is not None:
            self.cell.text = fold(self.cell.text)
            self.cell = None
        elif tag == "li" and self.item is not None and self.cell is not None:
            self.cell.items.append(fold("".join(self.item)))
            self.item = None

    def handle_data(self, data):
        self.text.append(data)
        for _, ident in self.open_ids:
            if ident:
                self.ids[ident].append(data)
        if self.in_caption and self.stack:
            self.stack[-1].caption += data
        if self.cell is not None:
            self.cell.text += data
        if self.item is not None:
            self.item.append(data)

    def table(self, klasse: str, caption: str = "") -> Tabel:
        found = [t for t in self.tables if klasse in t.klasse.split() and caption in t.caption]
        assert len(found) == 1, f"{len(found)} tables {klasse!r} {caption!r}"
        return found[0]

    def of(self, ident: str) -> str:
        return fold("".join(self.ids[ident]))


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def lees(html: bytes) -> Lezer:
    reader = Lezer()
    reader.feed(html.decode("utf-8"))
    return reader


def pdftotext(pdf: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode("utf-8")
    return fold(text)


def pdfinfo(pdf: bytes) -> str:
    return subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def uow_on(session, today: date) -> tuple[bootstrap.UnitOfWork, MonitorService]:
    uow = bootstrap.UnitOfWork(lambda: session)
    service = uow.get(MonitorService)
    service.today = lambda: today
    return uow, service


def scene(session) -> tuple[bootstrap.UnitOfWork, MonitorService]:
    """Utrecht (A1–A4) and Zuid-Holland (B1, B2) adopted for 2026; rounds 2026 and 2027; the report's day 1 Dec 2027."""
    vastgesteld(session, "PV26", [gevolgde_afspraak("A1", "PV26", novex_gebied="novex-utrecht-amersfoort"),
                                  gevolgde_afspraak("A2", "PV26", novex_gebied="novex-groene-hart"),
                                  gevolgde_afspraak("A3", "PV26"), gevolgde_afspraak("A4", "PV26")])  # fmt: skip
    vastgesteld(session, "PV28", [gevolgde_afspraak("B1", "PV28", novex_gebied="novex-groene-hart"),
                                  gevolgde_afspraak("B2", "PV28")])  # fmt: skip
    uow, service = uow_on(session, date(2026, 11, 20))
    service.add_meting(PLANNER, "PV26", "A1", 300, date(2026, 10, 1), "provinciale woningbouwmonitor")
    ronde = service.start_ronde(COORDINATOR, "PV26", 2026)
    ronde = service.update_ronde(COORDINATOR, ronde.id, ronde.version, beeld="Eerste jaar.")
    service.sluit_ronde(COORDINATOR, ronde.id, ronde.version)

    service.today = lambda: date(2027, 11, 15)
    for sleutel, waarde, datum in (("A1", 1200, date(2027, 7, 15)), ("A2", 800, date(2027, 7, 1)),
                                   ("A3", 4000, date(2027, 10, 1))):  # fmt: skip
        service.add_meting(PLANNER, "PV26", sleutel, waarde, datum, "provinciale woningbouwmonitor")
    service.add_meting(COORDINATOR, "PV28", "B2", 2000, date(2027, 9, 1), "CBS")
    service.zet_status(COORDINATOR, "PV28", "B1", "vervallen", MOTIVERING)
    ronde = service.start_ronde(COORDINATOR, "PV26", 2027)
    ronde = service.update_ronde(COORDINATOR, ronde.id, ronde.version,
                                 beeld="Utrecht ligt grotendeels op koers.\n\nRijnenburg blijft achter.")  # fmt: skip
    service.sluit_ronde(COORDINATOR, ronde.id, ronde.version)
    ronde = service.start_ronde(COORDINATOR, "PV28", 2027)
    service.update_ronde(COORDINATOR, ronde.id, ronde.version, beeld=HOSTILE)

    service.today = lambda: date(2027, 12, 1)
    # after Utrecht's snapshot: the meter now says A2 reaches the milestone, the closed round does not change
    service.add_meting(PLANNER, "PV26", "A2", 1500, date(2027, 11, 30), "provinciale woningbouwmonitor")
    return uow, service


def test_the_html_shows_each_provinces_agreements_with_the_status_worked_out_by_hand(db):
    with db.session() as session:
        uow, _ = scene(session)
        content, media, name = rapport_document(uow, COORDINATOR, 2027, "html")
    assert (media, name) == ("text/html; charset=utf-8", "voortgangsrapportage-2027.html")
    doc = lees(content)
    assert doc.of("grondslag-kop") == "1. Grondslag en opzet"
    for provincie, rows in VERWACHT.items():
        table = doc.table("afspraken", caption=provincie)
        got = [[c.text for c in row] for row in table.rows[1:]]
        assert [r[0] for r in got] == [r[0] for r in rows]
        for cells, (sleutel, status, wie, waarde, datum, verschil) in zip(got, rows, strict=True):
            assert cells[1] == f"Woningbouw in de A12-zone ({sleutel})"
            assert cells[2] == "opgeleverde woningen streefwaarde 4.000 woningen"
            assert cells[3] == (f"{waarde} {datum}" if waarde else "nog geen meting")
            assert cells[4] == f"{status} {wie}"
            assert cells[6] == verschil
    b1 = doc.table("afspraken", caption="Zuid-Holland").rows[1]
    assert b1[5].text == MOTIVERING  # the owner's motivation is the reason
    a2 = doc.table("afspraken", caption="Utrecht").rows[2]
    assert "800" in a2[5].text and "1.000" in a2[5].text  # the suggestion's reason names measurement and milestone

    # the national summary: per province and status, by hand from the table above
    telling = doc.table("telling")
    header = [c.text for c in telling.rows[0]]
    assert header == ["Provincie", "op schema", "aandacht nodig", "vertraagd", "gerealiseerd", "vervallen", "Totaal",
                      "Stand"]  # fmt: skip
    body = [[c.text for c in row] for row in telling.rows[1:]]
    assert body == [
        ["Utrecht", "1", "1", "1", "1", "0", "4", "momentopname 15 november 2027"],
        ["Zuid-Holland", "1", "0", "0", "0", "1", "2", "ronde open"],
        ["Totaal", "2", "1", "1", "1", "1", "6", ""],
    ]
    # the bar chart is inline SVG with one bar per status, and the page holds no script
    svg = content.decode().split("<svg", 1)[1].split("</svg>", 1)[0]
    assert len(re.findall(r"<rect ", svg)) == 5
    assert "<script" not in content.decode().lower()

    # the rounds: participants and picture of Utrecht's closed round; Zuid-Holland's is open
    utrecht = doc.of("provincie-pv26")
    assert "afgesloten; de stand is de momentopname van 15 november 2027" in utrecht
    assert "Deelnemers ministerie van VRO; Utrecht (provincie)" in utrecht
    assert "Utrecht ligt grotendeels op koers. Rijnenburg blijft achter." in utrecht
    assert "de momentopname van de monitorronde 2026 (20 november 2026)" in utrecht
    zh = doc.of("provincie-pv28")
    assert "ronde nog open: stand van 1 december 2027, niet bevroren" in zh
    assert "geen afgesloten monitorronde 2026" in zh

    # the status vocabulary with its meanings and the design-choice note
    statussen = doc.table("statussen")
    assert [r[0].text for r in statussen.rows[1:]] == ["op schema", "aandacht nodig", "vertraagd", "gerealiseerd",
                                                       "vervallen"]  # fmt: skip
    assert "De laatste meting haalt de streefwaarde." in statussen.rows[4][1].text
    assert "Ontwerpkeuze van dit platform." in doc.of("landelijk")
    assert "ontwerpkeuze van dit platform" in doc.of("landelijk")


def test_a_closed_rounds_snapshot_is_what_the_report_shows_after_later_measurements(db):
    with db.session() as session:
        uow, service = scene(session)
        now = {r.afspraak.sleutel: r for r in service.meter(COORDINATOR, "PV26").regels}
        content, _, _ = rapport_document(uow, COORDINATOR, 2027, "html")
    # the meter today: A2's latest measurement (1.500 on 30 Nov 2027) reaches the passed milestone 1.000
    assert now["A2"].laatste.waarde == 1500 and now["A2"].status == "op-schema"
    a2 = lees(content).table("afspraken", caption="Utrecht").rows[2]
    assert [a2[0].text, a2[3].text, a2[4].text] == ["A2", "800 woningen 1 juli 2027", "vertraagd voorgesteld"]
    assert "1.500" not in lees(content).of("provincie-pv26")


def test_the_programme_goals_are_seed_003s_table_and_the_platforms_figures_are_labelled(db):
    with db.session() as session:
        uow, _ = scene(session)
        content, _, _ = rapport_document(uow, COORDINATOR, 2027, "html")
    doc = lees(content)
    doelen = doc.table("doelen")
    assert [c.text for c in doelen.rows[0]] == ["Doelstelling", "Indicatoren", "Producten"]
    assert [(r[0].text, r[1].items, r[2].items) for r in doelen.rows[1:]] == SEED_DOELEN
    assert "Monitoring van de doelen" in doc.of("doelen")

    cijfers = doc.table("cijfers")
    assert cijfers.rows[0][1].text.startswith("Cijfers van dit platform")
    rows = {r[0].text: r[1] for r in cijfers.rows[1:]}
    per_provincie = next(v for k, v in rows.items() if k.endswith("Voortgang per provincie in het behalen van de "
                                                                   "nationale doelstellingen"))  # fmt: skip
    assert per_provincie.items == ["Utrecht: 4 afspraken: 1 op schema, 1 aandacht nodig, 1 vertraagd, 1 gerealiseerd",
                                   "Zuid-Holland: 2 afspraken: 1 op schema, 1 vervallen"]  # fmt: skip
    per_gebied = next(v for k, v in rows.items() if "per NOVEX-gebied" in k)
    # A2 (vertraagd) and B1 (vervallen) lie in the Groene Hart, A1 (op schema) in Utrecht – Amersfoort
    assert per_gebied.items == ["Groene Hart: 2 afspraken: 1 vertraagd, 1 vervallen",
                                "Utrecht – Amersfoort: 1 afspraak: 1 op schema"]  # fmt: skip
    arrangementen = next(v for k, v in rows.items() if k.endswith("Ruimtelijke arrangementen"))
    assert arrangementen.text == ("2 van de 12 provincies hebben een vastgesteld ruimtelijk arrangement: "
                                  "Utrecht (2026), Zuid-Holland (2026)")  # fmt: skip

    pbl = doc.of("pbl")
    assert "Monitor NOVI (effectmonitor)" in pbl and "Planmonitor NOVI" in pbl and "https://www.pbl.nl/" in pbl
    assert "seed 004" in pbl and "neemt geen cijfers uit die monitors over" in pbl
    grondslag = doc.of("grondslag")
    for quote in (
        "Monitor van de afspraken op basis van een uniforme monitor",
        "VRO monitort jaarlijks, samen met provincies en departementen, de voortgang van de gemaakte afspraken.",
        "In de voortgangsrapportage geven we een kwalitatief beeld van de voortgang van het programma.",
    ):
        assert quote in grondslag  # fmt: skip


def test_hostile_text_is_inert_and_no_person_is_named(db):
    with db.session() as session:
        uow, _ = scene(session)
        content, _, _ = rapport_document(uow, COORDINATOR, 2027, "html")
    html = content.decode()
    assert "<script" not in html.lower() and "<img" not in html.lower()
    beeld = lees(content).of("provincie-pv28")
    assert '<script>alert("x")</script><img src="http://127.0.0.1:9/x.png">' in beeld  # shown as text
    # who entered measurements, set a status or closed a round is left out; an address in free text is blanked
    for person in ("planner@utrecht.nl", "coordinator@minvro.nl", "j.jansen@zuid-holland.nl", "systeem"):
        assert person not in html
    assert "Mail [e-mailadres weggelaten]." in beeld


def test_the_pdf_is_a4_with_the_provinces_the_goals_and_nothing_overflowing(db):
    with db.session() as session:
        uow, _ = scene(session)
        pdf, media, name = rapport_document(uow, COORDINATOR, 2027, "pdf")
    assert (media, name) == ("application/pdf", "voortgangsrapportage-2027.pdf")
    assert pdf.startswith(b"%PDF")
    info = pdfinfo(pdf)
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert "595.276 x 841.89 pts (A4)" in info
    text = pdftotext(pdf)
    assert "Voortgangsrapportage NOVEX 2027" in text
    assert "Utrecht" in text and "Zuid-Holland" in text
    for doel, _, _ in SEED_DOELEN:
        assert doel in text
    assert f"pagina {pages} van {pages}" in text
    assert '<script>alert("x")</script>' in text  # the hostile picture is printed as text
    listing = subprocess.run(["pdfimages", "-list", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert len(listing.strip().splitlines()) == 2  # the two header lines only: the document holds no image
    # every word lies inside the page's text area (15 mm margins), the long unbroken motivation included
    boxes = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    xs = [(float(a), float(b)) for a, b in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', boxes)]
    margin = 15 / 25.4 * 72
    assert xs and all(margin - 1 <= x0 and x1 <= 595.276 - margin + 1 for x0, x1 in xs)
    assert "Z" * 20 in text


def test_nothing_outside_the_document_is_fetched(tmp_path):
    png = tmp_path / "x.png"
    png.write_bytes(base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="))  # fmt: skip
    inline = f"data:image/png;base64,{base64.b64encode(png.read_bytes()).decode()}"

    def images(html: str) -> int:
        listing = subprocess.run(["pdfimages", "-list", "-"], input=rapport_pdf(html), capture_output=True,
                                 check=True).stdout.decode()  # fmt: skip
        return sum(1 for line in listing.splitlines()[2:] if line.split()[2] == "image")  # not its alpha mask

    assert images(f'<p><img src="{inline}" width="10" height="10"></p>') == 1  # data: URIs are part of the document
    assert images(f'<p><img src="{png.as_uri()}" width="10" height="10"></p>') == 0
    assert images(f'<p><img src="{inline}" width="10" height="10"><img src="{png.as_uri()}"></p>') == 1


def test_a_report_without_any_adopted_arrangement(db):
    with db.session() as session:
        uow, _ = uow_on(session, date(2027, 3, 1))
        content, _, _ = rapport_document(uow, COORDINATOR, 2027, "html")
    doc = lees(content)
    assert "Er is nog geen vastgesteld ruimtelijk arrangement" in doc.of("landelijk")
    cijfers = {r[0].text: r[1].text for r in doc.table("cijfers").rows[1:]}
    assert any(v.startswith("0 van de 12 provincies") for v in cijfers.values())
    assert len(doc.table("doelen").rows) == 4


@pytest.mark.parametrize("fmt", ["docx", "PDF", "csv", ""])
def test_an_unknown_format_is_refused_in_dutch(db, fmt):
    with db.session() as session:
        uow, _ = uow_on(session, date(2027, 3, 1))
        with pytest.raises(InvalidInput, match=r"onbekend formaat .* \(wel: pdf, html\)"):
            rapport_document(uow, COORDINATOR, 2027, fmt)


def test_a_year_outside_the_monitor_is_refused_in_dutch(db):
    with db.session() as session:
        uow, _ = uow_on(session, date(2027, 3, 1))
        with pytest.raises(InvalidInput, match="een voortgangsrapportage valt tussen 2023 en 2028"):
            rapport_document(uow, COORDINATOR, 2031, "html")
