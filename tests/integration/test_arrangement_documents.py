"""The documents of the Ruimtelijk Arrangement on a real database, read back with independent readers.

PDFs are read with poppler (pdftotext, pdfinfo), spreadsheets with openpyxl and pandas, CSV with
the csv module and pandas; every expectation is written out by hand from the scene built here.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from dataclasses import replace
from datetime import date
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest
from shapely.geometry import box

from novex import bootstrap
from novex.access import Actor, Role
from novex.arrangement.inclusie import INCLUSIECRITERIA, Inclusie, Inclusiecriterium
from novex.arrangement.model import ONDERDELEN, Acceptatie, Eigenaar, Investeringsafspraak, Mijlpaal, OpenKnoop
from novex.arrangement.productbeeld import OUD_EN_NIEUW
from novex.claims.model import ClaimDraft
from novex.dialogue.model import VraagstukDraft
from novex.documents.arrangement import LIJST_KOLOMMEN, document_bytes
from novex.errors import Forbidden, InvalidInput
from tests.fixtures.clients import make_clients
from tests.fixtures.vraagstukken import VRO, decided_in_bol

UTRECHT = Actor(7, "planner@utrecht.nl", Role.PROVINCIE, provincie="PV26")
ACCOUNTHOUDER = "a.jansen@minbzk.nl"
ALL_MET = tuple(Inclusiecriterium(n, True, f"voldaan: reden {n}") for n in INCLUSIECRITERIA)
NOT_4 = tuple(Inclusiecriterium(n, n != 4, f"afweging {n}") for n in INCLUSIECRITERIA)
PARTS_TEXT = {n: f"Eigen tekst van onderdeel {n} voor Utrecht." for n in ONDERDELEN}


def pdftotext(pdf: bytes, layout: bool = False) -> str:
    """The text of a PDF as poppler reads it, whitespace folded (independent of the code that wrote it)."""
    args = ["pdftotext", *(["-layout"] if layout else []), "-", "-"]
    text = subprocess.run(args, input=pdf, capture_output=True, check=True).stdout.decode("utf-8")
    return re.sub(r"\s+", " ", text)


def pages(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def values(column) -> list:
    """A pandas column as a list, an empty cell (NaN) as None."""
    return [None if pd.isna(x) else x for x in column]


def smart(a, claims=()):
    """`a` with every SMART field filled (by the handreiking's five letters, not by the check's code)."""
    partijen = ("VRO", "Provincie Utrecht")
    return replace(
        a,
        partijen=partijen,
        eigenaren=(Eigenaar("provincie", "PV26"),),
        claims=claims,
        resultaat="4.000 woningen opgeleverd in de A12-zone bij Woerden",
        indicator="opgeleverde woningen",
        eenheid="woningen",
        basiswaarde=0,
        streefwaarde=4000,
        acceptaties=tuple(Acceptatie(p, True, date(2027, 10, 1)) for p in partijen),
        middelen="Woningbouwimpuls",
        capaciteit="2 fte provincie",
        deadline=date(2030, 12, 31),
        mijlpalen=(Mijlpaal("Plannen vastgesteld", date(2028, 6, 30)),),
    )


def scene(session):
    """Utrecht's RA adopted in the BOL Noordwest 2027, Zuid-Holland's in the BOL Zuidwest, Noord-Holland's a concept.

    Utrecht: two agreements from the BOL decisions (the first made SMART with a claim of its own, the
    second left with findings that are motivated), a third added in part 2, two investments, the
    five parts' texts, and an open knot whose vraagstuk (accounthouder: a VRO user, a person) has a
    claim of its own and is not included (criterion 4 not met); the two decided vraagstukken are.
    """
    accounts = bootstrap.account_service(session)
    accounts.add_user(VRO, ACCOUNTHOUDER, "A. Jansen", "vro", "een-lang-wachtwoord-2026")
    (a12, lopik), bol = decided_in_bol(session, ("Wonen langs de A12", "Water bij Lopik"))
    (zh_vid,), bol_zw = decided_in_bol(session, ("Haven en natuur Rotterdam",), provincie="PV28")
    claims = bootstrap.claim_service(session)
    voorstel = claims.create_voorstel(VRO, "PV26", "Ruimtelijk voorstel Utrecht 2027")
    woon = claims.add_claim(
        VRO, voorstel.id, ClaimDraft("Woningbouw A12-zone", "wonen", box(125_000, 449_000, 133_000, 455_000))
    )
    heuvelrug = claims.add_claim(
        VRO, voorstel.id, ClaimDraft("Zonneveld Heuvelrug", "energie-zon", box(150_000, 447_000, 158_000, 453_000))
    )
    knot_v = bootstrap.vraagstuk_service(session).signal(
        VRO,
        VraagstukDraft(
            "Energie tegen natuur op de Heuvelrug",
            ("PV26",),
            "voortgang",
            claims=(heuvelrug.id,),
            accounthouder=ACCOUNTHOUDER,
        ),
    )
    service = bootstrap.arrangement_service(session)
    ra = service.create(UTRECHT, "PV26", 2027)
    for n, text in PARTS_TEXT.items():
        ra = service.set_onderdeel(UTRECHT, ra.id, n, text, ra.version)
    first, second = ra.afspraken
    ra = service.update_afspraak(UTRECHT, ra.id, first.sleutel, smart(first, claims=(woon.id,)), ra.version)
    ra, third = service.add_afspraak(
        UTRECHT, ra.id,
        replace(smart(first), sleutel="", tekst="Het Rijk herschikt de opgave voor natuur tussen Utrecht en Gelderland.",
                onderdeel=2, vraagstuk_id=None, bol_besluit_id=None),
        ra.version,
    )  # fmt: skip
    ra = service.add_investering(UTRECHT, ra.id, Investeringsafspraak("", "Programma Woningbouw", "woningbouwimpuls",
                                 Decimal("12500000.50"), "bovenplanse kosten A12-zone", first.sleutel), ra.version)  # fmt: skip
    ra = service.add_investering(UTRECHT, ra.id, Investeringsafspraak("", "Nationaal Programma Landelijk Gebied",
                                 "transitiefonds-landelijk-gebied-en-natuur", Decimal("2500000"), "natuur Lopik"),
                                 ra.version)  # fmt: skip
    ra = service.set_knopen(UTRECHT, ra.id, (OpenKnoop("Energie tegen natuur op de Heuvelrug", knot_v.id),), ra.version)
    ra = service.set_inclusie(UTRECHT, ra.id, Inclusie(a12, ALL_MET), ra.version)
    ra = service.set_inclusie(UTRECHT, ra.id, Inclusie(lopik, ALL_MET), ra.version)
    ra = service.set_inclusie(UTRECHT, ra.id, Inclusie(knot_v.id, NOT_4), ra.version)
    for finding in service.smart(UTRECHT, ra.id):
        ra = service.set_motivering(UTRECHT, ra.id, finding.sleutel, "Wordt in het eerste kwartaal uitgewerkt",
                                    ra.version)  # fmt: skip
    service.move(UTRECHT, ra.id, "voorgelegd", "klaar voor het BOL")
    ra = service.move(VRO, ra.id, "vastgesteld", vergadering_id=bol.id)
    # Zuid-Holland: adopted in its own landsdeel's BOL; Noord-Holland (same landsdeel as Utrecht): a concept.
    zh = service.create(VRO, "PV28", 2027)
    for finding in service.smart(VRO, zh.id):
        zh = service.set_motivering(VRO, zh.id, finding.sleutel, "gemotiveerd", zh.version)
    zh = service.set_inclusie(VRO, zh.id, Inclusie(zh_vid, ALL_MET), zh.version)
    service.move(VRO, zh.id, "voorgelegd")
    zh = service.move(VRO, zh.id, "vastgesteld", vergadering_id=bol_zw.id)
    nh = service.create(VRO, "PV27", 2027)
    nh, _ = service.add_afspraak(VRO, nh.id, replace(smart(first), sleutel="", tekst="Concept van Noord-Holland",
                                                     vraagstuk_id=None, bol_besluit_id=None), nh.version)  # fmt: skip
    return {
        "ra": service.get(VRO, ra.id), "bol": bol, "bol_zw": bol_zw, "zh": zh, "nh": nh, "a12": a12, "lopik": lopik,
        "knot": knot_v.id, "third": third, "claims": (woon, heuvelrug),
    }  # fmt: skip


@pytest.fixture
def built(db):
    with db.session() as session:
        return scene(session)


def doc(db, actor, soort, key, fmt, **kw):
    with bootstrap.unit_of_work(db, write=False) as uow:
        return document_bytes(uow, actor, soort, key, fmt, **kw)


# --- the BOL-afsprakenlijst -------------------------------------------------------------------------------------------


def test_the_bol_list_holds_exactly_the_agreements_adopted_in_that_bol_in_csv_xlsx_and_pdf(db, built):
    ra, bol = built["ra"], built["bol"]
    # By hand: Utrecht's three agreements, in their order; not Zuid-Holland's (other BOL), not Noord-Holland's (concept).
    expected_keys = [a.sleutel for a in ra.afspraken]
    assert len(expected_keys) == 3 and expected_keys[2] == built["third"].sleutel
    data, media, name = doc(db, VRO, "bol-afsprakenlijst", bol.id, "csv")
    assert media.startswith("text/csv") and name.endswith(".csv") and name.startswith("ra-afspraken-")
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == list(LIJST_KOLOMMEN)
    assert [r[2] for r in rows[1:]] == expected_keys
    assert {r[0] for r in rows[1:]} == {"Utrecht"} and {r[1] for r in rows[1:]} == {"2027"}
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Tekst"] == "Het BOL kiest: Wonen langs de A12"
    assert (first["Indicator"], first["Streefwaarde"], first["Eenheid"], first["Deadline"]) == (
        "opgeleverde woningen", "4000", "woningen", "2030-12-31")  # fmt: skip
    assert first["Eigenaar(s)"] == "Utrecht (provincie)" and first["Onderdeel"] == "1"
    assert first["Vraagstuk"] == str(built["a12"]) and first["Vraagstuk (titel)"] == "Wonen langs de A12"
    assert first["SMART-status"] == "SMART"
    second = dict(zip(rows[0], rows[2], strict=True))
    # by hand, the drafted agreement: no result, no indicator, two parties without acceptance, no resources, no
    # capacity, no deadline, no owner = 8 findings, all motivated (none open: the version was adopted)
    assert second["SMART-status"] == (
        "8 bevindingen (gemotiveerd: specifiek, meetbaar, acceptabel, realistisch, tijdsgebonden, eigenaar)"
    )
    assert rows[3][4] == "2" and rows[3][10] == ""  # the third: part 2, no vraagstuk

    xlsx, media, name = doc(db, VRO, "bol-afsprakenlijst", bol.id, "xlsx")
    assert media == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" and name.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert cells[0] == list(LIJST_KOLOMMEN)
    assert [r[2] for r in cells[1:]] == expected_keys
    assert cells[1][7] == 4000 and cells[1][9].date() == date(2030, 12, 31)  # a number and a date, not text

    frame_x = pd.read_excel(io.BytesIO(xlsx))
    frame_c = pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig")
    assert list(frame_x.columns) == list(frame_c.columns) == list(LIJST_KOLOMMEN)
    assert len(frame_x) == len(frame_c) == 3
    for column in (
        "Provincie",
        "RA-jaar",
        "Sleutel",
        "Tekst",
        "Onderdeel",
        "Eigenaar(s)",
        "Streefwaarde",
        "SMART-status",
    ):
        assert values(frame_x[column]) == values(frame_c[column]), column
    deadlines_x = [d.date() if pd.notna(d) else None for d in frame_x["Deadline"]]
    deadlines_c = [date.fromisoformat(d) if isinstance(d, str) else None for d in frame_c["Deadline"]]
    assert deadlines_x == deadlines_c == [date(2030, 12, 31), None, date(2030, 12, 31)]

    pdf, media, name = doc(db, VRO, "bol-afsprakenlijst", bol.id, "pdf")
    assert media == "application/pdf" and pdf.startswith(b"%PDF")
    text = pdftotext(pdf)
    for key in expected_keys:
        assert key in text
    assert "Concept van Noord-Holland" not in text and "Zuid-Holland" not in text
    html, media, _ = doc(db, VRO, "bol-afsprakenlijst", bol.id, "html")
    assert media.startswith("text/html") and html.decode().count('<td class="sleutel">') == 3

    # Zuid-Holland's BOL holds only Zuid-Holland's agreement.
    other, _, _ = doc(db, VRO, "bol-afsprakenlijst", built["bol_zw"].id, "csv")
    other_rows = list(csv.reader(io.StringIO(other.decode("utf-8-sig")), delimiter=";"))[1:]
    assert [(r[0], r[2]) for r in other_rows] == [("Zuid-Holland", a.sleutel) for a in built["zh"].afspraken]


def test_a_bol_without_adopted_arrangements_gives_a_header_only_and_a_meeting_that_is_no_bol_is_refused(db, built):
    with db.session() as session:
        meetings = bootstrap.meeting_service(session).meetings(VRO, 2027)
    empty_bol = next(m for m in meetings if m.soort == "bol" and m.landsdeel == "zuid")
    data, _, _ = doc(db, VRO, "bol-afsprakenlijst", empty_bol.id, "csv")
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")) == [list(LIJST_KOLOMMEN)]
    xlsx, _, _ = doc(db, VRO, "bol-afsprakenlijst", empty_bol.id, "xlsx")
    assert pd.read_excel(io.BytesIO(xlsx)).empty
    assert "nog) geen ruimtelijk arrangement vastgesteld" in pdftotext(doc(db, VRO, "bol-afsprakenlijst",
                                                                              empty_bol.id, "pdf")[0])  # fmt: skip
    do_novex = next(m for m in meetings if m.soort == "do-novex")
    with pytest.raises(InvalidInput, match="geen BOL"):
        doc(db, VRO, "bol-afsprakenlijst", do_novex.id, "csv")


# --- the RA -----------------------------------------------------------------------------------------------------------


def test_the_ra_pdf_holds_the_five_parts_every_agreement_the_smart_status_and_the_inclusion_table(db, built):
    ra = built["ra"]
    pdf, media, name = doc(db, VRO, "arrangement", ra.id, "pdf")
    assert media == "application/pdf" and name == f"ruimtelijk-arrangement-utrecht-2027-v{ra.id}.pdf"
    text = pdftotext(pdf)
    assert "Ruimtelijk Arrangement Utrecht 2027" in text
    bol = built["bol"]
    assert bol.datum.month == 9 and bol.naam == "BOL Noordwest"
    assert f"BOL Noordwest op {bol.datum.day} september 2027" in text
    for n, title in ONDERDELEN.items():  # the seed's title and the RA's own text
        assert f"{n}. {title}" in text, title
        assert PARTS_TEXT[n] in text
    for a in ra.afspraken:
        assert a.tekst in text and a.sleutel in text
    assert "✓ SMART" in text  # the first and third agreements
    assert "gemotiveerd Wordt in het eerste kwartaal uitgewerkt" in text  # the second's findings, marked as motivated
    assert "Meetbaar: er is geen indicator" in text
    for criterion in INCLUSIECRITERIA.values():
        assert criterion in text
    assert "Wonen langs de A12 — opgenomen" in text and "Water bij Lopik — opgenomen" in text
    assert "Energie tegen natuur op de Heuvelrug — niet opgenomen" in text
    assert "afweging 4" in text and "voldaan: reden 3" in text
    for row in OUD_EN_NIEUW:  # the framing table of seed 002 Bijlage 3 §2
        assert row.oude_lijn in text and row.nieuwe_lijn in text
    # investments, by hand: 12.500.000,50 + 2.500.000 = 15.000.000,50
    assert "€ 12.500.000,50" in text and "€ 2.500.000,00" in text and "Totaal € 15.000.000,50" in text
    # the map's legend: agreement 1 on its own claim, the knot on its vraagstuk's claim
    # by hand: each claim is 8 km × 6 km = 48 km² = 4.800 ha
    assert "Afspraak 1 Woningbouw A12-zone · 4.800 ha" in text
    assert "K1 Energie tegen natuur op de Heuvelrug Zonneveld Heuvelrug · 4.800 ha" in text
    # the persons, in the parties' version
    assert ACCOUNTHOUDER in text and UTRECHT.email in text
    assert pages(pdf) >= 3


def test_the_public_variant_leaves_out_persons_and_keeps_parties_and_offices(db, built):
    ra = built["ra"]
    pdf, _, name = doc(db, VRO, "arrangement", ra.id, "pdf", openbaar=True)
    assert name.endswith("-openbaar.pdf")
    text = pdftotext(pdf)
    assert ACCOUNTHOUDER not in text and UTRECHT.email not in text and "@" not in text
    assert "Openbare versie: namen van personen weggelaten." in text
    assert "Provincie Utrecht ✓ akkoord" in text and "Utrecht (provincie)" in text  # parties and owners stay
    assert "vastgesteld" in text.lower()
    html, media, _ = doc(db, VRO, "arrangement", ra.id, "html", openbaar=True)
    assert media.startswith("text/html") and b"a.jansen" not in html and b"planner@" not in html


def test_a_province_reads_another_provinces_adopted_ra_but_not_its_concept(db, built):
    zuid_holland = Actor(8, "planner@pzh.nl", Role.PROVINCIE, provincie="PV28")
    assert doc(db, zuid_holland, "arrangement", built["ra"].id, "pdf")[0].startswith(b"%PDF")
    with pytest.raises(Forbidden):
        doc(db, zuid_holland, "arrangement", built["nh"].id, "pdf")


# --- the diff ---------------------------------------------------------------------------------------------------------


def test_the_diff_document_lists_agreements_added_dropped_and_changed_field_by_field(db, built):
    ra = built["ra"]
    with db.session() as session:
        service = bootstrap.arrangement_service(session)
        nxt = service.create(VRO, "PV26", 2028)
        kept, dropped, third = nxt.afspraken[0], nxt.afspraken[1], nxt.afspraken[2]
        nxt = service.remove_afspraak(VRO, nxt.id, dropped.sleutel, nxt.version)
        nxt = service.update_afspraak(VRO, nxt.id, kept.sleutel, replace(kept, streefwaarde=5000,
                                      deadline=date(2031, 6, 30)), nxt.version)  # fmt: skip
        nxt, added = service.add_afspraak(VRO, nxt.id, replace(third, sleutel="", tekst="Nieuw: mobiliteitshub Lunetten"),
                                          nxt.version)  # fmt: skip
        nxt = service.set_onderdeel(VRO, nxt.id, 3, "Bijdrage Foodvalley, herzien", nxt.version)
    pdf, media, name = doc(db, VRO, "verschil", ra.id, "pdf", other=nxt.id)
    assert name == f"ra-wijzigingen-utrecht-2027-v{ra.id}-2028-v{nxt.id}.pdf"
    text = pdftotext(pdf)
    assert "Wat is er veranderd in het Ruimtelijk Arrangement Utrecht: 2027 → 2028" in text
    assert "Toegevoegd (1)" in text and "Nieuw: mobiliteitshub Lunetten" in text and added.sleutel in text
    assert "Vervallen (1)" in text and dropped.sleutel in text and "Het BOL kiest: Water bij Lopik" in text
    # changed, by hand: the kept one (target, deadline, acceptances) and the third (its acceptances): the copy
    # starts without acceptances, each party accepts next year's text again
    assert "Gewijzigd (2)" in text and f"Afspraak {kept.sleutel}" in text and f"Afspraak {third.sleutel}" in text
    assert "Streefwaarde 4.000 5.000" in text and "Deadline 31 december 2030 30 juni 2031" in text
    # field by field: acceptances were reset in the copy (each party accepts the new text again)
    assert "Acceptaties VRO: akkoord op 1 oktober 2027" in text
    assert "Status Vastgesteld → Concept" in text
    assert "Bijdrage Foodvalley, herzien" in text and PARTS_TEXT[3] in text
    html, _, _ = doc(db, VRO, "verschil", ra.id, "html", other=nxt.id)
    assert "<del>4.000</del>" in html.decode() and "<ins>5.000</ins>" in html.decode()


def test_unknown_documents_and_formats_are_refused_in_dutch(db, built):
    ra = built["ra"]
    for soort, fmt, kw, message in (
        ("kaart", "pdf", {}, "onbekend document 'kaart'"),
        ("arrangement", "csv", {}, "onbekend formaat 'csv' voor arrangement"),
        ("verschil", "xlsx", {"other": ra.id}, "onbekend formaat 'xlsx'"),
        ("verschil", "pdf", {}, "noem de tweede versie"),
    ):
        with pytest.raises(InvalidInput, match=re.escape(message)):
            doc(db, VRO, soort, ra.id, fmt, **kw)


# --- the API ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def api(settings):
    clients = make_clients(settings)
    with bootstrap.database(settings).session() as session:
        built = scene(session)
    return clients, built


def test_the_document_routes_answer_attachments_and_dutch_refusals(api):
    clients, built = api
    ra, bol = built["ra"], built["bol"]
    r = clients.vro.get(f"/api/v1/arrangementen/{ra.id}/document", params={"formaat": "pdf", "openbaar": "true"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    assert (
        r.headers["content-disposition"]
        == f'attachment; filename="ruimtelijk-arrangement-utrecht-2027-v{ra.id}-openbaar.pdf"'
    )
    assert ACCOUNTHOUDER not in pdftotext(r.content)
    r = clients.vro.get(f"/api/v1/arrangementen/{ra.id}/document", params={"formaat": "html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.headers["content-disposition"].startswith("attachment;")
    r = clients.vro.get(f"/api/v1/arrangementen/{ra.id}/verschil/{built['zh'].id}/document")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    answers = {}
    for fmt, media in (("csv", "text/csv"), ("xlsx", "application/vnd.openxmlformats"), ("html", "text/html"),
                       ("pdf", "application/pdf")):  # fmt: skip
        r = clients.lezer.get(f"/api/v1/vergaderingen/{bol.id}/arrangementafspraken", params={"formaat": fmt})
        assert r.status_code == 200, (fmt, r.text)
        assert r.headers["content-type"].startswith(media) and "attachment" in r.headers["content-disposition"]
        answers[fmt] = r.content
    assert len(pd.read_excel(io.BytesIO(answers["xlsx"]))) == 3
    assert len(pd.read_csv(io.BytesIO(answers["csv"]), sep=";", encoding="utf-8-sig")) == 3
    for url, status, words in (
        (f"/api/v1/arrangementen/{ra.id}/document?formaat=docx", 400, "kies uit"),
        (f"/api/v1/arrangementen/{ra.id}/document?formaat=csv", 400, "kies uit"),
        (f"/api/v1/vergaderingen/{bol.id}/arrangementafspraken?formaat=odt", 400, "kies uit"),
        ("/api/v1/arrangementen/0/document", 400, ""),
        ("/api/v1/arrangementen/1.5/document", 400, ""),
        ("/api/v1/arrangementen/true/document", 400, ""),
        ("/api/v1/arrangementen/2147483648/document", 400, ""),
        ("/api/v1/arrangementen/999999/document", 404, "bestaat niet"),
        (f"/api/v1/arrangementen/{ra.id}/verschil/999999/document", 404, "bestaat niet"),
    ):
        r = clients.vro.get(url)
        assert r.status_code == status, (url, r.text)
        assert words in r.text
    assert clients.anonymous.get(f"/api/v1/arrangementen/{ra.id}/document").status_code == 401
    r = clients.zuid_holland.get(f"/api/v1/arrangementen/{built['nh'].id}/document")
    assert r.status_code == 403
