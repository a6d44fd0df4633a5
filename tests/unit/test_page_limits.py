"""Page-limited documents: the A5 'Format aanpak vraagstuk' fits one page or is refused with the section to shorten."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import zlib
from datetime import date

import pytest

from novex.documents.aanpak import AANPAK_SECTIES, BRON, AanpakVraagstuk, aanpak_html, aanpak_pdf
from novex.documents.limits import DocumentTooLong, render_limited
from novex.errors import InvalidInput

ACCOUNTHOUDER = "Jan de Vries-Bakker"

BASE = AanpakVraagstuk(
    vraagstuk_id=12,
    titel="Woningbouw en waterberging rond Zwolle",
    provincies=["Overijssel", "Gelderland"],
    fase="Oordeelsvorming",
    leidend="VRO",
    accounthouder=ACCOUNTHOUDER,
    datum=date(2026, 6, 15),
    aanpak="Gezamenlijke verkenning met experts van IenW, LVVN en beide provincies; twee richtingen uitwerken.",
    tempo="Binnen zes maanden een voorstel in het DO NOVEX.",
    fasering="1. Probleemdefinitie (Q3 2026).\n2. Oplossingsrichtingen (Q4 2026).\n3. Besluit (Q1 2027).",
    rolverdeling="VRO coördineert; IenW en de provincies leveren inhoud vanuit eigen bevoegdheden.",
    besluitvorming="In het BO NOVEX vastleggen: de gekozen richting en de verdeling van de kosten.",
    monitoring="Halfjaarlijks in de regietafel; jaarlijks in de voortgangsrapportage.",
)


def lines(n: int) -> str:
    """n lines of body text, each short enough for one line: cutting k of them shortens the text by k lines."""
    return "\n".join(f"Regel {i} van dit onderdeel." for i in range(n))


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


def refusal(aanpak: AanpakVraagstuk) -> DocumentTooLong:
    with pytest.raises(DocumentTooLong) as caught:
        aanpak_pdf(aanpak)
    return caught.value


def test_short_aanpak_is_one_a5_page():
    pdf = aanpak_pdf(BASE)
    assert pdf.startswith(b"%PDF-")
    assert page_count(pdf) == 1
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf_objects(pdf))
    assert box is not None
    assert (round(float(box[1])), round(float(box[2]))) == (420, 595)  # A5 in points: 148 × 210 mm


def test_footer_names_the_source():
    html = aanpak_html(BASE)
    assert BRON in html
    assert "§4.1 stap 2" in BRON and "Herijking werkwijze NOVEX-provincies (juni 2026)" in BRON


@pytest.mark.parametrize("key", list(AANPAK_SECTIES))
def test_an_overlong_section_is_refused_by_its_title(key):
    error = refusal(dataclasses.replace(BASE, **{key: lines(60)}))
    assert isinstance(error, InvalidInput)
    assert error.sections == [AANPAK_SECTIES[key]]
    message = str(error)
    assert f"‘{AANPAK_SECTIES[key]}’" in message
    for other, title in AANPAK_SECTIES.items():
        if other != key:
            assert f"‘{title}’" not in message
    assert "Format aanpak vraagstuk (kort A5)" in message and "1 A5-pagina" in message
    assert f"{error.overflow_lines} regels" in message and "% van de tekstruimte van een pagina" in message


@pytest.mark.parametrize("key", ["tempo", "monitoring"])  # a section in the middle and the last one
def test_the_reported_overflow_is_what_has_to_go(key):
    n = 60
    error = refusal(dataclasses.replace(BASE, **{key: lines(n)}))
    cut = error.overflow_lines
    assert 20 < cut < n
    assert error.overflow_mm == pytest.approx(cut * 4.29, abs=4.3)  # 9 pt × 1.35 = 4.29 mm a line
    # cut by the reported amount plus a line: it fits
    assert page_count(aanpak_pdf(dataclasses.replace(BASE, **{key: lines(n - cut - 1)}))) == 1
    # cut by clearly less (three lines short of it): still refused
    assert refusal(dataclasses.replace(BASE, **{key: lines(n - cut + 3)})).sections == [AANPAK_SECTIES[key]]


def test_when_no_section_alone_suffices_the_largest_together_are_named():
    error = refusal(dataclasses.replace(BASE, **{key: lines(9) for key in AANPAK_SECTIES}))
    assert 1 < len(error.sections) <= len(AANPAK_SECTIES)
    assert "samen" in str(error)
    assert all(f"‘{t}’" in str(error) for t in error.sections)


def test_empty_sections_are_named():
    with pytest.raises(InvalidInput) as caught:
        aanpak_html(dataclasses.replace(BASE, tempo="", monitoring="  \n "))
    message = str(caught.value)
    assert "Tempo" in message and AANPAK_SECTIES["monitoring"] in message
    for key in ("aanpak", "fasering", "rolverdeling", "besluitvorming"):
        assert AANPAK_SECTIES[key] not in message
    assert not isinstance(caught.value, DocumentTooLong)


def test_public_variant_leaves_out_the_accounthouder():
    parties = aanpak_html(BASE)
    public = aanpak_html(BASE, openbaar=True)
    assert ACCOUNTHOUDER in parties
    assert ACCOUNTHOUDER not in public
    assert "namen van personen weggelaten" in public
    assert "namen van personen weggelaten" not in parties


def test_public_pdf_text_has_no_accounthouder():
    def text(pdf: bytes) -> str:
        return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()

    assert ACCOUNTHOUDER in text(aanpak_pdf(BASE))
    public = text(aanpak_pdf(BASE, openbaar=True))
    assert ACCOUNTHOUDER not in public
    assert "namen van personen weggelaten" in public


def test_user_text_is_escaped():
    evil = dataclasses.replace(BASE, titel="<script>alert('x')</script> & co", tempo="<b>vet</b> of niet")
    html = aanpak_html(evil)
    assert "<script>" not in html and "<b>vet" not in html
    assert "&lt;script&gt;" in html and "&amp; co" in html and "&lt;b&gt;vet&lt;/b&gt;" in html
    assert page_count(aanpak_pdf(evil)) == 1


GENERIC = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 20mm; }} body {{ font-size: 10pt; line-height: 1.4; }} p {{ margin: 0; }}
</style></head><body><h1>Notitie</h1>
<section id="kort"><h2>Kort</h2><p>Eén regel.</p></section>
<section id="lang"><h2>Lang</h2><p>{lang}</p></section>
</body></html>"""


def test_generic_document_over_its_limit_names_a_section():
    html = GENERIC.format(lang="<br>".join(f"Regel {i}" for i in range(120)))  # ≈ 2½ A4 pages
    sections = {"kort": "Korte sectie", "lang": "Lange sectie"}
    with pytest.raises(DocumentTooLong) as caught:
        render_limited(html, max_pages=2, sections=sections, document="Testnotitie")
    error = caught.value
    assert (error.pages, error.max_pages, error.sections) == (3, 2, ["Lange sectie"])
    assert "Testnotitie past niet op 2 A4-pagina's" in str(error)
    assert page_count(render_limited(html, max_pages=3, sections=sections, document="Testnotitie")) == 3
