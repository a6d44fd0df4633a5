"""Page-limited documents: lay out once, refuse (never cut) what does not fit, and say where to shorten.

Overflow is measured on the laid-out document (WeasyPrint's box tree): the height of the content
that runs on past the last allowed page, from the top of the page area of each extra page to the
bottom of the last line (or image) on it. Removing that much text makes the document fit; it can be
a line or two more than strictly needed when the break left space at the bottom of the last allowed
page (widows, a heading kept with its text). It is reported in millimetres, in lines of body text
(the most common line height in the named sections) and as a share of a page's text area. The
sections named are the longest one whose text alone is at least that high, or else the longest
ones that together are.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser

from novex.errors import InvalidInput
from novex.nl import counted, format_fixed

MM_PER_PX = 25.4 / 96  # WeasyPrint lays out in CSS pixels
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
PAPER = {"A3": (297, 420), "A4": (210, 297), "A5": (148, 210), "A6": (105, 148)}


@dataclass(frozen=True)
class _BoxTypes:
    line: type
    margin: type


@cache
def _box_types() -> _BoxTypes:
    """WeasyPrint's line and margin box classes (imported when first needed: WeasyPrint loads slowly)."""
    from weasyprint.formatting_structure.boxes import LineBox, MarginBox

    return _BoxTypes(line=LineBox, margin=MarginBox)


@dataclass(frozen=True)
class SectionHeight:
    """The laid-out height of one section (all its fragments, over all pages), in CSS px."""

    id: str
    titel: str
    hoogte: float
    inkortbaar: float  # its content height less its headings: what shortening the text can take away


class DocumentTooLong(InvalidInput):
    """A page-limited document does not fit; the message says by how much and which sections to shorten."""

    def __init__(
        self,
        message: str,
        *,
        document: str,
        max_pages: int,
        pages: int,
        overflow_mm: float,
        overflow_lines: int,
        sections: list[str],
    ) -> None:
        super().__init__(message)
        self.document = document
        self.max_pages = max_pages
        self.pages = pages
        self.overflow_mm = overflow_mm
        self.overflow_lines = overflow_lines
        self.sections = sections  # the Dutch titles of the sections named in the message


def render_limited(html: str, *, max_pages: int, sections: Mapping[str, str], document: str) -> bytes:
    """The PDF of `html` if it fits on `max_pages` pages; else `DocumentTooLong` (an `InvalidInput`).

    `sections` maps the id of each `<section id="...">` that may be shortened to its Dutch title;
    `document` is the document's Dutch name, used in the message. One layout pass.
    """
    if max_pages < 1:
        raise ValueError("max_pages must be at least 1")
    _refuse_far_too_long(html, max_pages=max_pages, sections=sections, document=document)
    from weasyprint import HTML

    laid_out = HTML(string=html).render()
    if len(laid_out.pages) <= max_pages:
        return laid_out.write_pdf()
    raise _too_long(laid_out.pages, max_pages=max_pages, sections=sections, document=document)


GENEROUS_CHARS_PER_LINE = 110  # more than fits on an A4 line in the house style
GENEROUS_LINES_PER_PAGE = 90  # more than fits on an A4 page
PAGINAS = "pagina's"
FAR_TOO_LONG = 2  # refuse without laying out when even the generous estimate needs twice the pages


class _SectionText(HTMLParser):
    """The text of each `<section id>` of a document, as lines (paragraphs and line breaks kept)."""

    def __init__(self, ids: Collection[str]) -> None:
        super().__init__()
        self.ids, self.open, self.text = set(ids), [], {i: [] for i in ids}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ident = dict(attrs).get("id")
        if tag == "section":
            self.open.append(ident if ident in self.ids else None)
        if tag in ("br", "p", "li", "div") and self._current():
            self.text[self._current()].append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if self._current():
            self.text[self._current()].append(data)

    def _current(self) -> str | None:
        return next((i for i in reversed(self.open) if i), None)


def _estimated_lines(text: str) -> int:
    """A lower bound of the lines a text takes: every line break counts, long lines wrap generously."""
    return sum(
        max(1, math.ceil(len(line.strip()) / GENEROUS_CHARS_PER_LINE)) for line in text.split("\n") if line.strip()
    )


def _refuse_far_too_long(html: str, *, max_pages: int, sections: Mapping[str, str], document: str) -> None:
    """Refuse at once, without a layout, a document that cannot fit even by a generous estimate.

    Laying out hundreds of pages only to refuse them would hold a writer for many seconds.
    """
    reader = _SectionText(sections)
    reader.feed(html)
    lines = {i: _estimated_lines("".join(parts)) for i, parts in reader.text.items()}
    capacity = max_pages * GENEROUS_LINES_PER_PAGE
    if sum(lines.values()) <= FAR_TOO_LONG * capacity:
        return
    longest = max(lines, key=lambda i: lines[i])
    over = sum(lines.values()) - capacity
    raise DocumentTooLong(
        f"{document} past bij lange na niet op {counted(max_pages, 'pagina', PAGINAS)}: de tekst beslaat ruim "
        f"{counted(sum(lines.values()), 'regel', 'regels')}, minstens {counted(over, 'regel', 'regels')} te veel. "
        f"Het langste onderdeel is ‘{sections[longest]}’ (ruim {counted(lines[longest], 'regel', 'regels')}). "
        "Er is niets ingekort of weggelaten; pas de tekst aan en probeer het opnieuw.",
        document=document, max_pages=max_pages, pages=math.ceil(sum(lines.values()) / GENEROUS_LINES_PER_PAGE),
        overflow_mm=0.0, overflow_lines=over, sections=[sections[longest]],
    )  # fmt: skip


def _too_long(pages: list, *, max_pages: int, sections: Mapping[str, str], document: str) -> DocumentTooLong:
    """The refusal of a document laid out on `pages`, more than `max_pages`."""
    overflow = sum(_used_height(page._page_box) for page in pages[max_pages:])
    heights = _section_heights(pages, sections)
    line = _body_line_height(pages, sections)
    page_area = pages[0]._page_box.height
    lines = max(1, math.ceil(overflow / line - 0.05))
    mm = overflow * MM_PER_PX
    share = max(1, round(100 * overflow / page_area))
    amount = f"{counted(lines, 'regel', 'regels')} ({format_fixed(mm, 0)} mm)"
    named, advice = _advice(heights, overflow, line, amount)
    paper = _paper(pages[0])
    limit = counted(max_pages, f"{paper}pagina" if paper else "pagina", f"{paper}pagina's" if paper else "pagina's")
    message = (
        f"{document} past niet op {limit} (het zijn er nu {len(pages)}): er loopt ongeveer {format_fixed(mm, 0)} mm "
        f"door naar de volgende pagina, dat is {counted(lines, 'regel', 'regels')} lopende tekst "
        f"({share}% van de tekstruimte van een pagina). {advice} "
        f"Er is niets ingekort of weggelaten; pas de tekst aan en probeer het opnieuw."
    )
    return DocumentTooLong(
        message,
        document=document,
        max_pages=max_pages,
        pages=len(pages),
        overflow_mm=mm,
        overflow_lines=lines,
        sections=[h.titel for h in named],
    )


def _advice(heights: list[SectionHeight], overflow: float, line: float, amount: str) -> tuple[list[SectionHeight], str]:
    """The sections to name and the Dutch sentence that names them."""

    def described(h: SectionHeight) -> str:
        return f"‘{h.titel}’ (nu {counted(round(h.inkortbaar / line), 'regel', 'regels')} tekst)"

    if not heights:
        return [], "Geen van de onderdelen die ingekort kunnen worden is in het document gevonden."
    # longest first; equal lengths (to a tenth of a line) in document order
    by_height = sorted(heights, key=lambda h: -round(h.inkortbaar / line, 1))
    alone = [h for h in by_height if h.inkortbaar >= overflow]
    if alone:
        longest = alone[0]
        return [longest], (
            f"Het langste onderdeel is {described(longest)}: kort dat ongeveer {amount} in, "
            f"of kort andere onderdelen samen zoveel in."
        )
    together: list[SectionHeight] = []
    for h in by_height:
        together.append(h)
        if sum(t.inkortbaar for t in together) >= overflow:
            names = ", ".join(described(t) for t in together)
            return together, (
                f"Geen onderdeel is alleen lang genoeg; kort deze onderdelen samen ongeveer {amount} in: {names}."
            )
    names = ", ".join(described(t) for t in by_height)
    return by_height, (
        f"Ook alle onderdelen samen ({names}) zijn korter dan dat: de vaste delen van het document "
        f"(kop, kenmerken) nemen te veel ruimte."
    )


def _boxes(page_box) -> Iterator:
    """All boxes of the page's content (not of its margin boxes: running headers and footers)."""
    for child in _top_level(page_box):
        yield from child.descendants()


def _used_height(page_box) -> float:
    """How far the content of a page reaches below the top of its page area (CSS px)."""
    top = page_box.content_box_y()
    return max([top, *(_content_bottom(box) for box in _top_level(page_box))]) - top


def _top_level(page_box) -> list:
    """The page's content boxes (not its margin boxes: running headers and footers)."""
    return [child for child in page_box.children if not isinstance(child, _box_types().margin)]


def _content_bottom(box) -> float:
    """The bottom of the lowest line, image or childless box inside `box` (CSS px).

    Leaves, not the box itself: WeasyPrint stretches a block that breaks over a page to the
    bottom of the page area, which would count the empty space under its last line.
    """
    children = getattr(box, "children", [])
    if not children or isinstance(box, _box_types().line):
        return box.position_y + box.margin_top + box.border_height()
    return max(_content_bottom(c) for c in children)


def _section_heights(pages: list, sections: Mapping[str, str]) -> list[SectionHeight]:
    """The laid-out height of every listed section found in the document, summed over its fragments."""
    total: dict[str, float] = {}
    text: dict[str, float] = {}
    for page in pages:
        for box in _boxes(page._page_box):
            key = _section_id(box, sections)
            if key is None:
                continue
            bottom = _content_bottom(box)
            # the text starts below the section's own headings (whose margins may collapse through its top)
            heads = [c for c in getattr(box, "children", []) if c.element_tag in HEADINGS]
            start = max([box.content_box_y(), *(h.position_y + h.margin_height() for h in heads)])
            total[key] = total.get(key, 0.0) + max(0.0, bottom - box.position_y)
            text[key] = text.get(key, 0.0) + max(0.0, bottom - start)
    return [
        SectionHeight(id=key, titel=sections[key], hoogte=total[key], inkortbaar=text[key])
        for key in sections
        if key in total
    ]


def _section_id(box, sections: Mapping[str, str]) -> str | None:
    """The id of `box` if it is the principal box of one of the listed sections."""
    if box.element_tag != "section" or box.element is None:
        return None
    key = box.element.get("id")
    return key if key in sections else None


def _body_line_height(pages: list, sections: Mapping[str, str]) -> float:
    """The most common line height in the listed sections (else in the whole document), in CSS px."""
    inside: Counter[float] = Counter()
    anywhere: Counter[float] = Counter()
    for page in pages:
        for child in _top_level(page._page_box):
            _count_lines(child, False, sections, inside, anywhere)
    for counter in (inside, anywhere):
        if counter:
            return counter.most_common(1)[0][0]
    return 16.0  # 12pt; only if the document has no text at all


def _count_lines(box, in_section: bool, sections: Mapping[str, str], inside: Counter, anywhere: Counter) -> None:
    """Tally the heights of the line boxes below `box`."""
    in_section = in_section or _section_id(box, sections) is not None
    if isinstance(box, _box_types().line):
        height = round(box.height, 2)
        anywhere[height] += 1
        if in_section:
            inside[height] += 1
        return
    for child in getattr(box, "children", []):
        _count_lines(child, in_section, sections, inside, anywhere)


def _paper(page) -> str:
    """'A5-' etc. if the page has a standard portrait or landscape size, else ''."""
    size = sorted((page.width * MM_PER_PX, page.height * MM_PER_PX))
    for name, (w, h) in PAPER.items():
        if abs(size[0] - w) < 1 and abs(size[1] - h) < 1:
            return f"{name}-"
    return ""
