"""Word search over the catalogue: every word must match, accents and case ignored, best first.

Each searchable unit is one item (a theme, a goal, a design principle, a NOVEX area, a NOVI
rule, …) with its own text and its context (the theme it belongs to, the province or area it
is for). A unit is found when every word of the query occurs in its text or its context and
at least one in its own text. Units with more words in their own text, and those words closer
together, come first (then the shorter text); the fragment shown is the part of the item's
text where they are.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from novex.catalog.loader import Catalogus
from novex.catalog.model import Doel, Thema
from novex.catalog.sources import normalise

_PUNCTUATION = ".,;:!?()[]{}\"'“”‘’«»…–—/\\"
_WIDTH = 70


@dataclass(frozen=True)
class Hit:
    """A search result: which part, which item, its title, the matching text and its theme (if any)."""

    deel: str
    id: str
    titel: str
    fragment: str
    thema: str = ""


@dataclass(frozen=True)
class _Unit:
    deel: str
    id: str
    titel: str
    texts: tuple[str, ...]
    context: tuple[str, ...]
    thema: str = ""


class _Folded:
    """A text folded for matching (no accents, casefolded) that maps back to the original."""

    def __init__(self, text: str) -> None:
        self.text = normalise(text)
        chars: list[str] = []
        self.origin: list[int] = []
        for index, char in enumerate(self.text):
            for folded in fold(char):
                chars.append(folded)
                self.origin.append(index)
        self.folded = "".join(chars)

    def positions(self, word: str) -> list[int]:
        found, at = [], self.folded.find(word)
        while at >= 0:
            found.append(at)
            at = self.folded.find(word, at + 1)
        return found


def fold(text: str) -> str:
    """Text without accents, casefolded: 'Fryslân' → 'fryslan', 'ÉÉN' → 'een'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(query: str) -> list[str]:
    """The distinct search words of a query, folded, surrounding punctuation stripped."""
    found: list[str] = []
    for raw in fold(normalise(query)).split(" "):
        word = raw.strip(_PUNCTUATION)
        if word and word not in found:
            found.append(word)
    return found


def _window(text: _Folded, present: list[str]) -> tuple[int, int]:
    """The shortest stretch of `text` that holds every word in `present` (start, end)."""
    events = sorted((at, i, len(w)) for i, w in enumerate(present) for at in text.positions(w))
    best = (0, len(text.folded) + 1)
    counts = [0] * len(present)
    covered, left = 0, 0
    for right in range(len(events)):
        _, word, _ = events[right]
        counts[word] += 1
        covered += counts[word] == 1
        while covered == len(present):
            start = events[left][0]
            end = max(at + size for at, _, size in events[left : right + 1])
            if end - start < best[1] - best[0]:
                best = (start, end)
            counts[events[left][1]] -= 1
            covered -= counts[events[left][1]] == 0
            left += 1
    return best


def _fragment(text: _Folded, start: int, end: int) -> str:
    """The original text around folded positions start..end, with … where it is cut."""
    flat = text.text
    if not text.origin:
        return flat
    begin = text.origin[min(start, len(text.origin) - 1)]
    stop = text.origin[min(end, len(text.origin)) - 1] + 1
    first, last = max(begin - _WIDTH, 0), min(stop + _WIDTH, len(flat))
    return ("…" if first else "") + flat[first:last] + ("…" if last < len(flat) else "")


@dataclass(frozen=True)
class _Prepared:
    unit: _Unit
    texts: list[_Folded]
    context: str


_PREPARED: dict[int, tuple[Catalogus, list[_Prepared]]] = {}


def _prepared(cat: Catalogus) -> list[_Prepared]:
    """The catalogue's units with their texts folded, once per catalogue."""
    cached = _PREPARED.get(id(cat))
    if cached is None or cached[0] is not cat:
        units = [
            _Prepared(u, [_Folded(t) for t in u.texts if t], fold(" ".join(normalise(c) for c in u.context if c)))
            for u in _units(cat)
        ]
        cached = _PREPARED[id(cat)] = (cat, units)
    return cached[1]


def _rank(item: _Prepared, query: list[str]) -> tuple[tuple[int, int, int, int], str] | None:
    """Sort key and fragment of a unit, or None when a word is missing."""
    texts, context = item.texts, item.context
    own = [w for w in query if any(w in t.folded for t in texts)]
    if not own or any(w not in own and w not in context for w in query):
        return None
    # the item's text holding the most words, closest together
    windows = []
    for order, text in enumerate(texts):
        present = [w for w in own if w in text.folded]
        if present:
            start, end = _window(text, present)
            windows.append((-len(present), end - start, order, start, end))
    count, span, order, start, end = min(windows)
    # ties go to the shorter, more specific text (a goal before the paragraph that repeats it)
    return (-len(own), count, span, len(texts[order].folded)), _fragment(texts[order], start, end)


def _texts(obj: Any) -> Iterator[str]:
    """Every string inside a model (its source quote left out)."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, BaseModel):
        for key in type(obj).model_fields:
            if key != "source":
                yield from _texts(getattr(obj, key))
    elif isinstance(obj, list | tuple):
        for value in obj:
            yield from _texts(value)


def _goal_context(cat: Catalogus, doel: Doel, names: dict[str, str]) -> list[str]:
    """Where a goal applies, as words: its province(s), its NOVEX area and that area's provinces."""
    codes: list[str] = []
    if doel.provincie:
        codes = [doel.provincie]
    elif isinstance(doel.provincies, list):
        codes = doel.provincies
    elif doel.provincies == "alle":
        codes = list(names)
    context = [names.get(code, code) for code in codes]
    for gebied in cat.novex_gebieden:
        if gebied.id == doel.novex_gebied:
            context += [gebied.naam, *(names.get(code, code) for code in gebied.provincies)]
    return context


def _theme_units(cat: Catalogus, thema: Thema, names: dict[str, str]) -> Iterator[_Unit]:
    yield _Unit(
        "thema",
        thema.id,
        thema.naam,
        (thema.naam, thema.programma, thema.opgave, thema.nationale_doelen_tekst, *thema.departementen),
        tuple(thema.domeinen),
        thema.id,
    )
    where = (thema.naam, thema.programma)
    for doel in [*thema.nationale_doelen, *thema.doelen_per_gebied]:
        context = (*where, doel.gebied or "", *_goal_context(cat, doel, names))
        yield _Unit("doel", doel.id, thema.naam, (doel.tekst, doel.eenheid or ""), context, thema.id)
    points: Iterable[tuple[str, list[Any]]] = (
        ("structurerende keuze", thema.structurerende_keuzes),
        ("inrichtingsprincipe", thema.inrichtingsprincipes),
        ("randvoorwaarde", thema.randvoorwaarden),
        ("locatie", [*thema.locaties.vastgesteld, *thema.locaties.zoekgebieden]),
    )
    for deel, items in points:
        for item in items:
            context = (*where, getattr(item, "gebied", None) or "")
            yield _Unit(deel, thema.id, thema.naam, (item.tekst,), context, thema.id)


def _units(cat: Catalogus) -> Iterator[_Unit]:
    """Every searchable unit, in catalogue order."""
    names = {p.code: p.naam for p in cat.provincieprofielen}
    for thema in cat.themas:
        yield from _theme_units(cat, thema, names)
    for gebied in cat.novex_gebieden:
        context = tuple(names.get(code, code) for code in gebied.provincies)
        yield _Unit("novex-gebied", gebied.id, gebied.naam, tuple(_texts(gebied)), context)
    shares = {d.id: t for t in cat.themas for d in t.nationale_doelen}
    for profiel in cat.provincieprofielen:
        own = (profiel.naam, profiel.situatie, *_texts(profiel.hoofdopgaven), *_texts(profiel.lopende_trajecten))
        yield _Unit("provincie", profiel.code, profiel.naam, own, (profiel.code, "provincie"))
        extra = [profiel.woningbouw_tot_2030] if profiel.woningbouw_tot_2030 else []
        for doel in [*extra, *profiel.doelen]:
            thema = shares.get(doel.aandeel_van or "")
            context = (profiel.naam, "provincie", *((thema.naam,) if thema else ()))
            titel = f"Provincie {profiel.naam}"
            yield _Unit("doel", doel.id, titel, (doel.tekst, doel.eenheid or ""), context, thema.id if thema else "")
    parts: list[tuple[str, list[Any]]] = [
        ("domein", cat.domeinen),
        ("startpakket", cat.startpakket),
        *[(f"novi:{name}", getattr(cat.novi, name)) for name in type(cat.novi).model_fields],
        *[(f"werkwijze:{name}", getattr(cat.werkwijze, name)) for name in type(cat.werkwijze).model_fields],
    ]
    for deel, items in parts:
        for item in items:
            key = getattr(item, "id", None) or item.slug
            yield _Unit(deel, key, item.naam, tuple(_texts(item)), ())


def search(cat: Catalogus, query: str) -> list[Hit]:
    """Catalogue items holding every word of `query` (in the item or its context), best first."""
    wanted = words(query)
    if not wanted:
        return []
    ranked = []
    for order, item in enumerate(_prepared(cat)):
        found = _rank(item, wanted)
        if found is not None:
            key, fragment = found
            unit = item.unit
            ranked.append(((*key, order), Hit(unit.deel, unit.id, unit.titel, fragment, unit.thema)))
    return [hit for _, hit in sorted(ranked, key=lambda pair: pair[0])]
