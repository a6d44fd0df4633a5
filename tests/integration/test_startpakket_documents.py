"""Issue 14, finding 1: a province's startpakket shows its sources, never the catalogue editors' notes."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
from pydantic import BaseModel

from novex.catalog.model import PROVINCE_CODES
from novex.catalog.sources import SEED_FILES, seed_text
from novex.documents import startpakket

# Words of the catalogue's editors, not of the sources: notes on the extraction ("de seed noemt …"),
# doubts ("vermoedelijk"), field names ("doelen_per_gebied", "waarde = ondergrens"), to-dos.
MARKERS = (
    "seed", "vermoedelijk", "todo", "fixme", "let op", "niet in de bron", "redactie", "noot:",
    "zoals geschreven", "geen doeljaar genoemd", "waarde =", "doelen_per_gebied", "in de opsomming",
    "jaartal ontbreekt", "principe-tekst", "zelfde bullet", "vermeld onder",
)  # fmt: skip


class _Text(HTMLParser):
    """The visible text of an HTML document (no style or script)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def notes_in(text: str, goal_ids: set[str]) -> list[str]:
    lowered = text.casefold()
    found = [m for m in MARKERS if m in lowered]
    return found + sorted(i for i in goal_ids if i in text)


@pytest.fixture(scope="module")
def goal_ids(cat) -> set[str]:
    return {d.id for t in cat.themas for d in [*t.nationale_doelen, *t.doelen_per_gebied]}


@pytest.mark.parametrize("code", PROVINCE_CODES)
def test_the_startpakket_of_every_province_has_no_editor_notes_but_its_sources(cat, provinces, goal_ids, code):
    pakket = startpakket.build(cat, provinces, code)
    text = visible_text(startpakket.render_html(pakket))
    assert notes_in(text, goal_ids) == []
    # the citations stay: document number and section with every item
    assert (
        text.count("Bron: 004 · ") > 50 and "Bron: 000 · Richtinggevende kaders voor uitwerking en uitvoering" in text
    )
    assert f"Startpakket provincie {pakket.provincie.naam}" in text


def _texts(obj, trail=""):
    if isinstance(obj, str):
        yield trail, obj
    elif isinstance(obj, BaseModel):
        for key in type(obj).model_fields:
            if key != "quote":  # the verbatim seed quote is never shown
                yield from _texts(getattr(obj, key), f"{trail}.{key}")
    elif isinstance(obj, list | tuple):
        for i, value in enumerate(obj):
            yield from _texts(value, f"{trail}[{i}]")


def _seed_words(text: str) -> bool:
    """Whether every line of `text` stands word for word in a seed (whitespace aside): the source speaking, not us."""
    seeds = ["".join(seed_text(name).split()) for name in SEED_FILES]
    return all(any("".join(line.split()) in seed for seed in seeds) for line in text.splitlines() if line.strip())


def test_no_catalogue_text_shown_anywhere_holds_an_editor_note(cat, goal_ids):
    """The web pages, search and API show every text field too, not only the startpakket.

    A factsheet quoting its seed verbatim ("Vermoedelijk wel.", "Gelet op …") is the source's own words.
    """
    parts = [cat.novi, cat.werkwijze, cat.startpakket, cat.themas, cat.novex_gebieden, cat.provincieprofielen,
             cat.domeinen, cat.compatibiliteit]  # fmt: skip
    found = [(trail, notes_in(text, set())) for part in parts for trail, text in _texts(part)
             if notes_in(text, set()) and not _seed_words(text)]  # fmt: skip
    assert [(trail, notes) for trail, notes in found if notes] == []


def _pdf_text(pdf: bytes, document) -> str:
    """The PDF's text: pypdf when installed, else the text WeasyPrint laid out on the pages."""
    try:
        from pypdf import PdfReader
    except ImportError:
        from weasyprint.formatting_structure.boxes import TextBox

        boxes = (box for page in document.pages for box in page._page_box.descendants())
        return " ".join(box.text for box in boxes if isinstance(box, TextBox))
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_utrecht_pdf_has_no_editor_notes(cat, provinces, goal_ids):
    from weasyprint import HTML

    html = startpakket.render_html(startpakket.build(cat, provinces, "PV26"))
    document = HTML(string=html).render()
    pdf = document.write_pdf()
    assert pdf.startswith(b"%PDF")
    text = re.sub(r"\s+", " ", _pdf_text(pdf, document))
    assert "Startpakket provincie Utrecht" in text and "Bron: 004" in text
    assert notes_in(text, goal_ids) == []
