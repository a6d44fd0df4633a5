"""The 'Format aanpak vraagstuk (kort A5)' (seed 002 §4.1 stap 2): the proposed approach of one vraagstuk.

One A5 page, or refused with the sections to shorten (see `novex.documents.limits`); never cut.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from novex.documents.limits import render_limited
from novex.documents.render import environment
from novex.errors import InvalidInput
from novex.nl import MAANDEN

DOCUMENT = "Format aanpak vraagstuk (kort A5)"
BRON = f"{DOCUMENT} — Herijking werkwijze NOVEX-provincies (juni 2026), §4.1 stap 2"
MAX_PAGES = 1

AANPAK_SECTIES: dict[str, str] = {
    "aanpak": "Aanpak",
    "tempo": "Tempo",
    "fasering": "Fasering",
    "rolverdeling": "Rolverdeling",
    "besluitvorming": "Besluitvorming: wat moet bestuurlijk worden vastgelegd",
    "monitoring": "Monitoring: hoe het besluit wordt gemonitord",
}
"""Section id (the field and the HTML id) → Dutch title, in the order of the document."""


@dataclass(frozen=True)
class AanpakVraagstuk:
    """The proposed approach of one vraagstuk: the choices seed 002 §4.1 stap 2 says it must contain.

    The six contents (`aanpak` … `monitoring`) are free text: a blank line starts a new paragraph,
    a single line break is kept. `accounthouder` is a person (name or e-mail): left out of the
    public variant. Names of persons inside the free text are the author's to avoid.
    """

    vraagstuk_id: int
    titel: str
    provincies: list[str]
    fase: str
    leidend: str
    accounthouder: str | None
    datum: date
    aanpak: str
    tempo: str
    fasering: str
    rolverdeling: str
    besluitvorming: str
    monitoring: str


def aanpak_html(aanpak: AanpakVraagstuk, *, openbaar: bool = False) -> str:
    """The document as HTML (A5 print styles); `InvalidInput` if the title or a section is empty."""
    _check(aanpak)
    secties = [
        {"id": key, "titel": titel, "alineas": _paragraphs(getattr(aanpak, key))}
        for key, titel in AANPAK_SECTIES.items()
    ]
    return (
        environment()
        .get_template("aanpak_a5.html.j2")
        .render(
            a=aanpak,
            openbaar=openbaar,
            secties=secties,
            datum=f"{aanpak.datum.day} {MAANDEN[aanpak.datum.month - 1]} {aanpak.datum.year}",
            bron=BRON,
        )
    )


def aanpak_pdf(aanpak: AanpakVraagstuk, *, openbaar: bool = False) -> bytes:
    """The one-page A5 PDF; `InvalidInput` if a section is empty or the text does not fit one page.

    `openbaar=True` is the public variant: the accounthouder (a person) is left out, as the
    footer says.
    """
    return render_limited(
        aanpak_html(aanpak, openbaar=openbaar), max_pages=MAX_PAGES, sections=AANPAK_SECTIES, document=DOCUMENT
    )


def _check(aanpak: AanpakVraagstuk) -> None:
    """Refuse an approach without a title or with empty sections: all six are required."""
    empty = [titel for key, titel in AANPAK_SECTIES.items() if not (getattr(aanpak, key) or "").strip()]
    problems = []
    if not aanpak.titel.strip():
        problems.append("de titel ontbreekt")
    if empty:
        problems.append(f"{'dit onderdeel is' if len(empty) == 1 else 'deze onderdelen zijn'} leeg: {', '.join(empty)}")
    if not [p for p in aanpak.provincies if p.strip()]:
        problems.append("er is geen provincie genoemd")
    if problems:
        raise InvalidInput(
            f"{DOCUMENT} voor vraagstuk {aanpak.vraagstuk_id} kan niet worden gemaakt: {'; '.join(problems)} "
            f"(alle zes onderdelen zijn verplicht)"
        )


def _paragraphs(text: str) -> list[list[str]]:
    """Paragraphs (split on blank lines), each a list of its lines."""
    blocks: list[list[str]] = [[]]
    for line in text.strip().splitlines():
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]
