"""Meeting documents (seed 002 §4.1–4.3): page limits refused by section, public variants, escaping, the map."""

from __future__ import annotations

import base64
import dataclasses
import re
import shutil
import subprocess
import zlib
from datetime import date

import pytest

from novex.dialogue.model import Tafelbesluit, Vraagstuk
from novex.documents import overleg
from novex.documents.limits import DocumentTooLong
from novex.documents.overleg import (
    AGENDA_MAX_PAGES,
    OPENBAAR,
    Afspraakregel,
    AgendaDocument,
    Agendaregel,
    Besproken,
    BolAfsprakenlijst,
    BolOverleg,
    Deelnemer,
    RodeDradenNotitie,
    Signaalnotitie,
    SnelleTafelnotitie,
    agenda_html,
    agenda_pdf,
    bol_afsprakenlijst_html,
    bol_afsprakenlijst_pdf,
    personen,
    rode_draden_html,
    rode_draden_pdf,
    signaal_html,
    signaal_pdf,
    snelle_tafel_html,
    snelle_tafel_pdf,
    zonder_personen,
)
from novex.errors import InvalidInput
from novex.meetings.agenda import AgendaVoorstel, Vergadering
from novex.meetings.snelle_procedure import Expert, Optie, Signaal

ACCOUNTHOUDER = "Jan de Vries-Bakker"
EXPERTS = (Deelnemer("Anna Smit", "IenW"), Deelnemer("Pieter Bos", "LVVN"), Deelnemer("Fatima El Idrissi", "EZ"))
ADVISEUR = Deelnemer("Els Kok-Verhoeven", "VRO")
NOTULIST = "Kees van Dam"

KAART = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="140" viewBox="0 0 240 140">'
    '<rect x="10" y="10" width="220" height="120" fill="#e8eef5" stroke="#154273"/>'
    '<text x="20" y="70" font-size="12">Zoekgebied waterberging</text></svg>'
)

SIGNAAL = Signaalnotitie(
    vraagstuk_id=12,
    titel="Woningbouw en waterberging rond Zwolle",
    provincies=("Overijssel",),
    datum=date(2026, 6, 15),
    botsend=True,
    motivering="Ja: de bergingsopgave uit het Nationaal Water Programma botst met de woningbouwlocatie.",
    wat_botst="Woningbouw (2.000 woningen) tegenover waterberging en bodemdaling.",
    waar="Polder Zwolle-Zuid, tussen de IJssel en de A28.",
    waarom_urgent="De gemeente stelt in het najaar het omgevingsplan vast; het BOL van september moet kiezen.",
    accounthouder=ACCOUNTHOUDER,
    herkomst="voortgang",
    kaart_svg=KAART,
    kaart_bijschrift="Zoekgebied waterberging (indicatief)",
)


def richting(k: int, tekst: str = "") -> Optie:
    return Optie(
        titel=["Wonen eerst", "Water eerst", "Gefaseerd"][k - 1],
        voordelen=tekst or f"Snel woningen (richting {k}).",
        nadelen=tekst or "Meer kosten voor waterbeheer.",
        ruimtelijk="Minder ruimte voor berging in de polder.",
        bestuurlijk="Afspraak provincie en waterschap nodig.",
        juridisch="Instructieregel Bkl mogelijk.",
    )


TAFEL = SnelleTafelnotitie(
    vraagstuk_id=12,
    titel="Woningbouw en waterberging rond Zwolle",
    provincies=("Overijssel", "Gelderland"),
    datum=date(2026, 6, 22),
    experts=EXPERTS,
    probleemdefinitie="Woningbouw en waterberging claimen dezelfde polder; beide opgaven zijn nationaal.",
    richtingen=(richting(1), richting(2), richting(3)),
    advies="bestuurlijk",
    advies_toelichting="De keuze vraagt een bestuurlijke afweging tussen twee nationale belangen.",
    accounthouder=ACCOUNTHOUDER,
    nota_ruimte_adviseur=ADVISEUR,
)

DO = Vergadering(1, "do-novex", date(2027, 6, 14), "DO NOVEX Utrecht", provincie="PV26")
GPDG = Vergadering(2, "gp-dg", date(2027, 8, 30), "GP-DG Utrecht", provincie="PV26")
BOL_OOST = Vergadering(3, "bol", date(2027, 9, 14), "BOL Oost", landsdeel="oost")
BOL_NOORD = Vergadering(4, "bol", date(2027, 9, 21), "BOL Noord", landsdeel="noord")

AGENDA = AgendaDocument(
    GPDG,
    tuple(
        Agendaregel(
            titel=f"Vraagstuk {k}",
            soort="escalatie" if k <= 2 else "advies",
            reden="geen consensus in het DO NOVEX" if k <= 2 else "het DO NOVEX gaf een advies",
            vraagstuk_id=100 + k,
            verschillen=f"Rijk: eerst water (punt {k}).\n\nProvincie: eerst wonen." if k <= 2 else None,
        )
        for k in range(1, 13)
    ),
)

RODE_DRADEN = RodeDradenNotitie(
    DO,
    "Rode draad 1: water en bodem sturend.\n\nRode draad 2: woningbouw blijft prioriteit.",
    (
        Besproken(5, "Woningbouw Utrecht-Oost", "Advies: variant B.", True, vastgelegd_door=NOTULIST),
        Besproken(6, "Energiehub Lage Weide", "Geen eenduidig advies.", False, "Rijk wil A, provincie wil B."),
    ),
)

AFSPRAKEN = BolAfsprakenlijst(
    "BOL-afsprakenlijst najaar 2027",
    date(2027, 10, 1),
    (
        BolOverleg(
            BOL_OOST,
            (
                Afspraakregel("Gelderland", "Waterberging Rivierenland", "Afspraak een: berging eerst.", 8, NOTULIST),
                Afspraakregel("Overijssel", "Woningbouw Zwolle", "Afspraak twee: gefaseerd bouwen.", 12),
            ),
        ),
        BolOverleg(
            BOL_NOORD, (Afspraakregel("Groningen", "Energiehaven Eemshaven", "Afspraak drie: netcapaciteit.", 9),)
        ),
    ),
)


# --- helpers: read the PDF itself (as test_page_limits.py does) and its text (pdftotext) -------------------------


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's bytes with every Flate stream (object streams included) decompressed and appended."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)


def page_count(pdf: bytes) -> int:
    """The number of page objects, counted in the file itself (not through WeasyPrint)."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf_objects(pdf)))


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def html_text(html: str) -> str:
    """The HTML's text (tags dropped, entities of & and ' resolved), to look for names."""
    return re.sub(r"<[^>]+>", " ", html).replace("&amp;", "&").replace("&#39;", "'")


def lines(n: int) -> str:
    return "\n".join(f"Regel {i} van dit onderdeel." for i in range(n))


def test_pdftotext_is_installed():
    """The public-variant checks read the PDF text; poppler-utils is part of the test environment (and CI)."""
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is required for these tests"


# --- 1. Signaal ----------------------------------------------------------------------------------------------


def test_signal_that_fits_is_exactly_one_a4_page():
    pdf = signaal_pdf(SIGNAAL)
    assert page_count(pdf) == 1
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf_objects(pdf))
    assert box is not None and (round(float(box[1])), round(float(box[2]))) == (595, 842)  # A4 in points
    text = pdf_text(pdf)
    for title in ("Snelle check", "Wat botst? (functies/claims)", "Waar? (gebied)", "Waarom is dat urgent?"):
        assert title in text
    assert "Geen uitputtende analyse, maar voldoende om een knelpunt te agenderen (seed 002 §4.2)" in text


def test_an_overlong_urgency_is_refused_by_that_section():
    with pytest.raises(DocumentTooLong) as caught:
        signaal_pdf(dataclasses.replace(SIGNAAL, waarom_urgent=lines(80)))
    error = caught.value
    assert error.sections == ["Waarom is dat urgent?"] and error.max_pages == 1
    assert "‘Waarom is dat urgent?’" in str(error) and "1 A4-pagina" in str(error)
    assert "‘Wat botst? (functies/claims)’" not in str(error)


def test_the_map_is_embedded_as_a_data_uri_and_nothing_is_fetched():
    html = signaal_html(SIGNAAL)
    found = re.search(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html)
    assert found is not None
    assert base64.b64decode(found[1]).decode("utf-8") == KAART
    assert not re.search(r"https?:|file:", html, re.IGNORECASE)
    # the image is drawn: the PDF holds a form XObject that the map's SVG became
    assert b"/XObject" in pdf_objects(signaal_pdf(SIGNAAL))
    assert "data:image" not in signaal_html(dataclasses.replace(SIGNAAL, kaart_svg=None))


@pytest.mark.parametrize(
    "svg",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tiles.example/1.png"/></svg>',
        '<svg><image xlink:href="file:///etc/passwd"/></svg>',
        '<svg><rect style="fill: url(http://x.example/p.svg#a)"/></svg>',
        "geen svg maar tekst",
    ],
)
def test_a_map_that_is_not_self_contained_svg_is_refused(svg):
    with pytest.raises(InvalidInput, match="kaart"):
        signaal_html(dataclasses.replace(SIGNAAL, kaart_svg=svg))


def test_a_signal_without_its_outputs_is_refused_and_a_no_is_recorded():
    with pytest.raises(InvalidInput, match="waarom urgent"):
        signaal_html(dataclasses.replace(SIGNAAL, waarom_urgent=" "))
    nee = Signaalnotitie(
        13, "Geen botsing", ("Utrecht",), date(2026, 6, 1), False, "Lokaal vraagstuk, geen nationaal kader."
    )
    text = html_text(signaal_html(nee))
    assert "Nee: geen botsende claim" in text and "Waarom is dat urgent?" not in text


def test_signal_from_the_recorded_signal():
    signaal = Signaal(True, "m", "w", "g", "u")
    doc = Signaalnotitie.uit_signaal(
        signaal, vraagstuk_id=1, titel="t", provincies=("Utrecht",), datum=date(2026, 1, 2)
    )
    assert (doc.botsend, doc.motivering, doc.wat_botst, doc.waar, doc.waarom_urgent) == (True, "m", "w", "g", "u")


# --- 2. Snelle tafel -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [2, 3])
def test_snelle_tafel_with_two_or_three_directions_fits_two_pages(n):
    doc = dataclasses.replace(TAFEL, richtingen=TAFEL.richtingen[:n])
    pdf = snelle_tafel_pdf(doc)
    assert 1 <= page_count(pdf) <= 2
    text = pdf_text(pdf)
    assert "Een snelle tafel verkent opties maar neemt geen besluiten (seed 002 §4.2)" in text
    assert all(o.titel in text for o in doc.richtingen)
    assert "Advies: bestuurlijk agenderen." in text


def test_one_overlong_direction_is_named():
    long = dataclasses.replace(TAFEL, richtingen=(richting(1), richting(2, lines(140)), richting(3)))
    with pytest.raises(DocumentTooLong) as caught:
        snelle_tafel_pdf(long)
    assert caught.value.sections == [f"Richting 2: {richting(2).titel}"]
    assert "2 A4-pagina's" in str(caught.value)


def test_directions_too_long_together_are_named_together():
    long = dataclasses.replace(TAFEL, richtingen=tuple(richting(k, lines(22)) for k in (1, 2, 3)))
    with pytest.raises(DocumentTooLong) as caught:
        snelle_tafel_pdf(long)
    named = caught.value.sections
    assert len(named) >= 2 and all(t.startswith("Richting ") for t in named)
    assert "samen" in str(caught.value)


@pytest.mark.parametrize("n", [1, 4])
def test_fewer_than_two_or_more_than_three_directions_are_refused_before_rendering(n, monkeypatch):
    def no_rendering(*args, **kwargs):
        raise AssertionError("nothing may be rendered")

    monkeypatch.setattr(overleg, "_render", no_rendering)
    monkeypatch.setattr(overleg, "render_limited", no_rendering)
    doc = dataclasses.replace(TAFEL, richtingen=tuple(richting(1 + k % 3) for k in range(n)))
    with pytest.raises(InvalidInput) as caught:
        snelle_tafel_pdf(doc)
    assert not isinstance(caught.value, DocumentTooLong)
    message = str(caught.value)
    assert "Notitie snelle tafel (vraagstuk 12) kan niet worden gemaakt" in message
    assert f"2–3 realistische oplossingsrichtingen (seed 002 §4.2): nu {n}" in message


def test_a_snelle_tafel_needs_experts_and_an_explained_advice():
    with pytest.raises(InvalidInput) as caught:
        snelle_tafel_html(dataclasses.replace(TAFEL, experts=(), advies="besluiten", advies_toelichting=""))
    message = str(caught.value)
    assert "inhoudelijke experts" in message and "advies over het vervolg" in message and "toelichting" in message


def test_participants_show_people_with_their_ministry():
    text = html_text(snelle_tafel_html(TAFEL))
    assert "Anna Smit (IenW)" in text and "Els Kok-Verhoeven (VRO)" in text and ACCOUNTHOUDER in text
    public = html_text(snelle_tafel_html(TAFEL, openbaar=True))
    assert all(e.departement in public for e in EXPERTS) and "Adviseur Nota Ruimte: VRO" in re.sub(r"\s+", " ", public)
    assert Deelnemer.van_expert(Expert(7, "Bo Ra", "BZK", nota_ruimte_adviseur=True)) == Deelnemer("Bo Ra", "BZK")


# --- 3. Agenda -----------------------------------------------------------------------------------------------


def test_an_agenda_of_twelve_items_renders_numbered_within_its_limit():
    pdf = agenda_pdf(AGENDA)
    assert 1 <= page_count(pdf) <= AGENDA_MAX_PAGES
    text = pdf_text(pdf)
    positions = [text.index(f"{k}. Vraagstuk {k}\n") for k in range(1, 13)]
    assert positions == sorted(positions)
    assert text.count("Verschillen van inzicht") == 2 and "Rijk: eerst water (punt 2)." in text
    assert "Utrecht" in text and "30 augustus 2027" in text and "niet besluitvormend (seed 002 §4.3)" in text


def test_an_escalation_without_its_differences_or_an_unknown_kind_is_refused():
    missing = dataclasses.replace(AGENDA.punten[0], verschillen="  ")
    wrong = dataclasses.replace(AGENDA.punten[3], soort="hamerstuk")
    with pytest.raises(InvalidInput) as caught:
        agenda_html(dataclasses.replace(AGENDA, punten=(missing, *AGENDA.punten[1:3], wrong)))
    message = str(caught.value)
    assert "agendapunt 1" in message and "verschillen van inzicht" in message and "§4.1 stap 3" in message
    assert "agendapunt 4: soort 'hamerstuk' bestaat niet" in message


def test_agenda_item_from_a_draft_proposal():
    voorstel = AgendaVoorstel(5, "V5", "escalatie", "geen consensus")
    assert Agendaregel.uit_voorstel(voorstel, "verschil") == Agendaregel(
        "V5", "escalatie", "geen consensus", 5, "verschil"
    )


def test_bol_agenda_names_its_landsdeel():
    bol = AgendaDocument(BOL_OOST, (Agendaregel("V8", "besluitvorming", "klaar voor de politieke keuze", 8),))
    text = html_text(agenda_html(bol))
    assert "Landsdeel" in text and "Oost" in text and "BOL-afsprakenlijst" in text
    with pytest.raises(InvalidInput, match="landsdeel"):
        agenda_html(dataclasses.replace(bol, vergadering=dataclasses.replace(BOL_OOST, landsdeel=None)))


# --- 4. Rode draden ------------------------------------------------------------------------------------------


def test_rode_draden_note_gives_each_outcome():
    pdf = rode_draden_pdf(RODE_DRADEN)
    assert page_count(pdf) <= 2
    text = pdf_text(pdf)
    assert "Rode draad 2: woningbouw blijft prioriteit." in text
    assert (
        "Advies: variant B." in text
        and "Rijk wil A, provincie wil B." in text
        and "opgeschaald naar de GP-DG-tafel" in text
    )


def test_rode_draden_needs_a_do_novex_and_differences_without_consensus():
    bad = dataclasses.replace(RODE_DRADEN.besproken[1], verschillen=None)
    with pytest.raises(InvalidInput, match="vraagstuk 6: zonder consensus"):
        rode_draden_html(dataclasses.replace(RODE_DRADEN, besproken=(bad,)))
    with pytest.raises(InvalidInput, match="verwacht: DO NOVEX"):
        rode_draden_html(dataclasses.replace(RODE_DRADEN, vergadering=GPDG))


def test_rode_draden_overflow_names_the_main_lines():
    with pytest.raises(DocumentTooLong) as caught:
        rode_draden_pdf(dataclasses.replace(RODE_DRADEN, tekst=lines(160)))
    assert caught.value.sections == ["Rode draden"]


def test_outcome_from_a_table_decision():
    v = Vraagstuk(titel="V6", provincies=("PV26",), herkomst="voortgang", id=6)
    besluit = Tafelbesluit("do-novex", date(2027, 6, 14), "geen advies", False, "verschil", "k@x.nl")
    assert Besproken.uit_tafelbesluit(v, besluit) == Besproken(6, "V6", "geen advies", False, "verschil", "k@x.nl")


# --- 5. BOL-afsprakenlijst -----------------------------------------------------------------------------------


def test_bol_list_has_each_afspraak_once_numbered_in_order():
    pdf = bol_afsprakenlijst_pdf(AFSPRAKEN)
    text = pdf_text(pdf)
    teksten = [a.tekst for o in AFSPRAKEN.overleggen for a in o.afspraken]
    for nummer, tekst in enumerate(teksten, start=1):
        assert text.count(tekst) == 1
        assert re.search(rf"^\s*{nummer}\.\s+\S.*{re.escape(tekst)}", text, re.M), nummer
    assert [text.index(t) for t in teksten] == sorted(text.index(t) for t in teksten)
    assert re.findall(r"^\s*(\d+)\.\s", text, re.M) == ["1", "2", "3"]
    assert "BOL Oost, 14 september 2027" in text and "BOL Noord, 21 september 2027" in text
    assert "Kamerbrief Uitkomsten BO's Leefomgeving" in text and "seed 002), §4.1 stap 3" in text


def test_bol_list_refuses_a_meeting_that_is_not_a_bol_and_an_empty_afspraak():
    bad = BolOverleg(DO, (Afspraakregel("Utrecht", "V1", " "),))
    with pytest.raises(InvalidInput) as caught:
        bol_afsprakenlijst_html(dataclasses.replace(AFSPRAKEN, overleggen=(*AFSPRAKEN.overleggen, bad)))
    assert "verwacht: BOL" in str(caught.value)
    with pytest.raises(InvalidInput, match="afspraak 4: 'tekst' ontbreekt"):
        bol_afsprakenlijst_html(
            dataclasses.replace(AFSPRAKEN, overleggen=(*AFSPRAKEN.overleggen, BolOverleg(BOL_OOST, bad.afspraken)))
        )


# --- all five: public variant, escaping, sources -------------------------------------------------------------

DOCUMENTS = {
    "signaal": (SIGNAAL, signaal_html, signaal_pdf),
    "snelle tafel": (TAFEL, snelle_tafel_html, snelle_tafel_pdf),
    "agenda": (AGENDA, agenda_html, agenda_pdf),
    "rode draden": (RODE_DRADEN, rode_draden_html, rode_draden_pdf),
    "BOL-afsprakenlijst": (AFSPRAKEN, bol_afsprakenlijst_html, bol_afsprakenlijst_pdf),
}


def test_the_person_fields_are_the_ones_marked():
    assert set(personen(SIGNAAL)) == {ACCOUNTHOUDER}
    assert set(personen(TAFEL)) == {ACCOUNTHOUDER, ADVISEUR.naam, *(e.naam for e in EXPERTS)}
    assert set(personen(RODE_DRADEN)) == {NOTULIST} == set(personen(AFSPRAKEN))
    assert personen(AGENDA) == []
    assert personen(zonder_personen(TAFEL)) == [] and zonder_personen(TAFEL).experts[0].departement == "IenW"


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_public_variant_has_no_person_names_in_html_or_pdf(name):
    doc, html_of, pdf_of = DOCUMENTS[name]
    names = personen(doc)
    parties = html_text(html_of(doc))
    assert all(n in parties for n in names)
    public_html = html_text(html_of(doc, openbaar=True))
    public_pdf = pdf_text(pdf_of(doc, openbaar=True))
    for public in (public_html, public_pdf):
        assert [n for n in names if n in public] == []
        assert OPENBAAR in public
    assert OPENBAAR not in parties


def test_public_variant_is_refused_when_a_name_is_in_the_text():
    leaky = dataclasses.replace(SIGNAAL, waarom_urgent=f"Volgens {ACCOUNTHOUDER.upper()} is het urgent.")
    assert ACCOUNTHOUDER.upper() in signaal_html(leaky)  # the parties' version may name people
    with pytest.raises(InvalidInput) as caught:
        signaal_html(leaky, openbaar=True)
    assert "‘waarom urgent’" in str(caught.value) and ACCOUNTHOUDER not in str(caught.value)
    tafel = dataclasses.replace(TAFEL, richtingen=(richting(1), richting(2, "Voorstel van Anna Smit.")))
    with pytest.raises(InvalidInput, match="richtingen nr. 2 › voordelen"):
        snelle_tafel_html(tafel, openbaar=True)


EVIL = "<script>alert('x')</script> & co"


@pytest.mark.parametrize(
    ("name", "doc"),
    [
        ("signaal", dataclasses.replace(SIGNAAL, titel=EVIL, waar=EVIL, kaart_bijschrift=EVIL)),
        (
            "snelle tafel",
            dataclasses.replace(TAFEL, probleemdefinitie=EVIL, richtingen=(richting(1), richting(2, EVIL))),
        ),
        ("agenda", dataclasses.replace(AGENDA, punten=(Agendaregel(EVIL, "escalatie", EVIL, 1, EVIL),))),
        ("rode draden", dataclasses.replace(RODE_DRADEN, tekst=EVIL)),
        (
            "BOL-afsprakenlijst",
            dataclasses.replace(AFSPRAKEN, overleggen=(BolOverleg(BOL_OOST, (Afspraakregel(EVIL, EVIL, EVIL),)),)),
        ),
    ],
)
def test_user_text_is_escaped(name, doc):
    html = DOCUMENTS[name][1](doc)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co" in html


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_footer_cites_the_seed_and_section(name):
    doc, html_of, _ = DOCUMENTS[name]
    footer = re.search(r'<footer class="voet">(.*?)</footer>', html_of(doc), re.S)
    assert footer is not None
    assert re.search(r"Herijking werkwijze NOVEX-provincies \(juni 2026; seed 002\), §4\.[123]", footer[1])
