"""The sixteen NOVEX areas held to their seeds: factsheet texts verbatim and complete, trekkers, overlaps, types.

Seed 004 Bijlage 3 (one factsheet per area) and seed 003 Bijlage I are sliced here with their own simple
regexes, so the expectations never come from the catalogue data. Texts are compared with all whitespace
removed (the seeds are PDF extractions with hard line breaks and words broken over lines); the URL lines
that the PDF put between the text at page breaks are footnote links, not text.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from functools import cache
from pathlib import Path
from typing import get_args

import pytest
import yaml

import novex.catalog
from novex.catalog.loader import DATA_DIR, CatalogError, load_catalog
from novex.catalog.model import FACTSHEET_KOPPEN, NovexGebied, NovexType
from novex.dialogue.registers import plekken

SEEDS = Path(novex.catalog.__file__).parent / "sources"
SEED_002 = "002_007158e3502fce0d.txt"
SEED_003 = "003_ea5816389083bc68.txt"
SEED_004 = "004_96b59ff8675cf4bb.txt"
DATA = Path(novex.catalog.__file__).parent / "data" / "novex_gebieden.yaml"

TEXT_FIELDS = [
    "fase", "achtergrond", "hoofdopgave", "meekoppelende_opgaven", "programmas_toelichting", "ontwikkelprincipes",
    "schuurpunten_en_kansen", "ontwikkelperspectief", "mijlpalen", "afspraken", "uitvoeringskracht",
    "aandachtspunten",
]  # fmt: skip

# Factsheet headings (a whole line, optionally ending in ':'). They are the catalogue's field names, not text.
HEADING = re.compile(
    r"^(?:Andere NOVEX-gebieden die deels overlappen|Bestuurlijke trekkers"
    r"|(?:De )?[Ff]ase (?:waarin|in welke) het NOVEX-gebied zich bevindt|Achtergrondinformatie"
    r"|Beschikbare documenten(?: lijst)?|Hoofdopgave|Kern van hoofdopgave|Meekoppelende opgaven|Meegekoppelde opgaven"
    r"|Belangrijkste [Nn]ationale [Pp]?rogramma['’]s"
    r"|Ontwikkelprincipes(?: die van belang zijn voor de ruimtelijke puzzel)?|Ruimtelijke schuurpunten en kansen"
    r"|Beeld bij (?:het )?ontwikkelperspectief|Mijlpalen"
    r"|(?:Welke afspraken zijn al gemaakt|Afspraken die al gemaakt zijn|Reeds gemaakte afspraken)"
    r" en met wie en op welke tafels|Uitvoeringskracht|Aandachtspunt(?:en)?)\s*:?\s*$"
)
# Headings that share their line with text: the heading words are dropped, the rest of the line is text.
HEADING_PREFIX = re.compile(
    r"^(?:[•▪]\s*)?(?:Ligging:|Beeld bij ontwikkelperspectief(?= \()"
    r"|Welke afspraken zijn al gemaakt en met wie en op welke tafels:)"
)
# The column headers of each programme table ("Nationale Programma’s | Bijdrage vanuit NOVEX-gebied X").
TABLE_HEADER = re.compile(r"^Nationale [Pp]rogramma['’]s\s+Bijdrage vanuit\b.*$")
# A page number the PDF left in the text (one, in the ANF factsheet: "31").
PAGE_NUMBER = re.compile(r"^\d{1,3}$")
BULLET = re.compile(r"^(?:[•▪]|-(?=\s)|o(?=\s+[A-Z]))\s*")


def squash(text: str) -> str:
    """The text with all whitespace removed: how the PDF broke lines no longer matters."""
    return re.sub(r"\s+", "", text)


def tokens(text: str) -> list[str]:
    """Words and numbers (a number like 1.000 is two tokens, as in the seed)."""
    return re.findall(r"\w+", text)


def is_url(line: str) -> bool:
    """A footnote link: a web address, or once (Lelylijn) a mail program's file:// path."""
    return line.strip().startswith(("http", "file:"))


@cache
def seed_lines(seed: str) -> tuple[str, ...]:
    return tuple((SEEDS / seed).read_text("utf-8").splitlines())


def findable(lines: list[str] | tuple[str, ...]) -> tuple[str, str]:
    """The squashed text as is, and without URL and page-number lines (a document may cite its own URL)."""
    text = [line for line in lines if not is_url(line) and not PAGE_NUMBER.match(line.strip())]
    return squash("\n".join(lines)), squash("\n".join(text))


def found(text: str, haystacks: tuple[str, str]) -> bool:
    return any(squash(text) in h for h in haystacks)


def found_in_pieces(text: str, haystack: str, max_pieces: int = 2) -> bool:
    """`text` occurs in `haystack` in order, in at most `max_pieces` contiguous pieces.

    A two-column table is extracted row by row, so one cell can be split by lines of its neighbour.
    """
    rest, pos = squash(text), 0
    for _ in range(max_pieces):
        lo, hi = 0, len(rest)
        while lo < hi:  # the longest prefix of `rest` that occurs after `pos`
            mid = (lo + hi + 1) // 2
            if haystack.find(rest[:mid], pos) >= 0:
                lo = mid
            else:
                hi = mid - 1
        if lo == 0:
            return False
        pos = haystack.find(rest[:lo], pos) + lo
        rest = rest[lo:]
        if not rest:
            return True
    return False


# --- seed 004 Bijlage 3, sliced on its own -------------------------------------------------------------------


@cache
def factsheets() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(heading name, lines) per factsheet: from " NOVEX-gebied <Naam>" (a new page, then "Ligging") onwards."""
    lines = seed_lines(SEED_004)
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("BIJLAGE 3 - Beschrijving"))
    end = next(i for i, line in enumerate(lines) if i > start and line.strip().startswith("BIJLAGE 4"))

    def next_text(i: int) -> str:
        return next(line.strip() for line in lines[i + 1 : end] if line.strip())

    heads = [
        i for i in range(start, end) if lines[i].startswith(" NOVEX-gebied ") and next_text(i).startswith("Ligging")
    ]
    return tuple(
        (lines[i].strip().removeprefix("NOVEX-gebied "), lines[i + 1 : j])
        for i, j in zip(heads, [*heads[1:], end], strict=True)
    )


def section(lines: tuple[str, ...], first: str, until: str) -> list[str]:
    """The non-blank lines after the line starting with `first`, up to the next one starting with `until`."""
    texts = [line.strip() for line in lines if line.strip()]
    i = next(k for k, line in enumerate(texts) if line.startswith(first))
    j = next(k for k in range(i + 1, len(texts)) if re.match(until, texts[k]))
    return texts[i + 1 : j]


def items(lines: list[str]) -> list[str]:
    """Bullet items: a bullet line and its continuation lines, joined."""
    out: list[str] = []
    for line in lines:
        if bullet := BULLET.match(line):
            out.append(line[bullet.end() :])
        elif out:
            out[-1] += " " + line
    return [re.sub(r"(?<=\w)- (?=[A-Z])", "-", " ".join(item.split())) for item in out]


def unwrap_urls(lines: tuple[str, ...]) -> list[str]:
    """The non-blank lines, a web address the PDF wrapped onto the next line joined back into one line."""
    out: list[str] = []
    for line in (line.strip() for line in lines if line.strip()):
        wrapped = " " not in line and not is_url(line) and re.search(r"[/=?.]", line)
        if out and "://" in out[-1].split(" ")[-1] and wrapped:
            out[-1] += line
        else:
            out.append(line)
    return out


def seed_tokens(lines: tuple[str, ...]) -> Counter[str]:
    """The tokens of one factsheet that the catalogue must hold.

    Left out, each for its reason: URL lines (footnote links at page breaks), bullet markers, the page number, the
    headings and the table column headers (they are the catalogue's field names), and the overlap list
    (stored as area ids; `test_overlapping_areas_are_the_ones_the_factsheet_lists` checks it).
    """
    overlap = set(section(lines, "Andere NOVEX-gebieden", r"Bestuurlijke trekkers"))
    counted: Counter[str] = Counter()
    for line in unwrap_urls(lines):
        if is_url(line) or PAGE_NUMBER.match(line) or HEADING.match(line) or TABLE_HEADER.match(line):
            continue
        if line in overlap:
            continue
        counted.update(tokens(BULLET.sub("", HEADING_PREFIX.sub("", line))))  # a bullet "o" is not a word
    return counted


def record_tokens(gebied: NovexGebied) -> Counter[str]:
    """The tokens of the factsheet fields of one area (seed 003 texts, ids and the derived type left out)."""
    texts = [gebied.ligging.tekst, *gebied.overlappend_overig, *gebied.documenten]
    texts += [t or "" for t in (getattr(gebied, field) for field in TEXT_FIELDS)]
    for trekker in gebied.trekkers:
        texts += [trekker.rol, trekker.naam or "", trekker.functie, trekker.toelichting or ""]
    for bijdrage in gebied.bijdragen:
        texts += [bijdrage.programma, bijdrage.bijdrage]
    for kopje in gebied.overige:
        texts += [kopje.kop, kopje.tekst]
    counted: Counter[str] = Counter()
    for text in texts:
        counted.update(tokens(text))
    return counted


def name_key(text: str) -> str:
    """An area name without prefixes, parentheses, spaces and dashes: "Groningen – Assen" → "groningenassen"."""
    text = re.sub(r"\(.*?\)", "", text).strip()
    text = re.sub(r"^(?:NOVEX-gebied |Verstedelijkingsgebied |Verstedelijkinggebied |Het )", "", text)
    text = re.sub(r"\s+en$", "", text.strip())
    return re.sub(r"[\s\-–]", "", text).casefold()


@pytest.fixture(scope="module")
def pairs(cat):
    """(area, factsheet name, factsheet lines), in catalogue order = factsheet order."""
    sheets = factsheets()
    assert len(sheets) == 16 == len(cat.novex_gebieden)
    return [(g, name, lines) for g, (name, lines) in zip(cat.novex_gebieden, sheets, strict=True)]


def test_the_catalogue_follows_the_factsheets_of_seed_004_in_order(pairs):
    for gebied, name, _ in pairs:
        assert name_key(gebied.naam) == name_key(name), (gebied.id, name)
        if "(" in name:
            assert f"({gebied.afkorting})" in name, gebied.id


def test_every_factsheet_text_is_verbatim_in_its_factsheet(pairs):
    missing = []
    for gebied, _, lines in pairs:
        where = findable(lines)
        texts = {"ligging": gebied.ligging.tekst}
        texts |= {field: getattr(gebied, field) for field in TEXT_FIELDS if getattr(gebied, field)}
        for field, text in texts.items():
            for line in text.split("\n"):
                if not found(line, where):
                    missing.append((gebied.id, field, line[:70]))
        for field, values in (("documenten", gebied.documenten), ("overlappend_overig", gebied.overlappend_overig)):
            missing += [(gebied.id, field, v[:70]) for v in values if not found(v, where)]
        for t in gebied.trekkers:
            pieces = [t.naam or "", t.functie, *(t.toelichting or "").split("\n")]
            missing += [(gebied.id, "trekkers", p) for p in pieces if not found(p, where)]
        for kopje in gebied.overige:
            missing += [
                (gebied.id, "overige", p[:70]) for p in [kopje.kop, *kopje.tekst.split("\n")] if not found(p, where)
            ]
        table = findable(section(lines, "Belangrijkste", r"Ontwikkelprincipes|Ruimtelijke schuurpunten"))[1]
        for b in gebied.bijdragen:
            for field, text in (("programma", b.programma), ("bijdrage", b.bijdrage)):
                if not all(found_in_pieces(line, table) for line in text.split("\n")):
                    missing.append((gebied.id, f"bijdragen.{field}", text[:70]))
    assert missing == []


def test_every_word_and_number_of_each_factsheet_is_in_the_catalogue(pairs):
    """Complete: the multiset of the factsheet's tokens is contained in that of the area's record."""
    short = {}
    for gebied, _, lines in pairs:
        lacking = seed_tokens(lines) - record_tokens(gebied)
        if lacking:
            short[gebied.id] = dict(lacking)
    assert short == {}


def test_the_seed_003_texts_are_verbatim(cat):
    where = findable(seed_lines(SEED_003))
    for gebied in cat.novex_gebieden:
        p = gebied.programma_2022
        for text in (p.naam, p.beschrijving, p.achtergrond, p.trekkend_bewindspersoon, p.source.quote):
            assert found(text, where), (gebied.id, text[:70])
        assert p.source.seed == SEED_003


@cache
def bijlage_i() -> list[tuple[int, str, str, str]]:
    """(number, heading start, Achtergrond, Trekkend bewindspersoon) of seed 003 Bijlage I, in order."""
    lines = seed_lines(SEED_003)
    start = next(i for i, line in enumerate(lines) if line.strip() == "Bijlage I")
    end = next(i for i, line in enumerate(lines) if i > start and "Bijlage II" in line)
    rows: list[list] = []
    for line in (line.strip() for line in lines[start:end]):
        if (m := re.match(r"^(\d{1,2})\.\s+(\S.*)$", line)) and int(m[1]) == len(rows) + 1:
            rows.append([int(m[1]), m[2], None, None])
        elif line.startswith("Achtergrond:"):
            rows[-1][2] = line.removeprefix("Achtergrond:").strip()
        elif line.startswith("Trekkend bewindspersoon:"):
            rows[-1][3] = line.removeprefix("Trekkend bewindspersoon:").strip()
    return [tuple(row) for row in rows]


def test_seed_003_lists_the_sixteen_areas_in_catalogue_order(cat):
    rows = bijlage_i()
    assert [n for n, *_ in rows] == list(range(1, 17))
    for gebied, (nummer, kop, achtergrond, trekkend) in zip(cat.novex_gebieden, rows, strict=True):
        p = gebied.programma_2022
        assert p.nummer == nummer
        assert squash(p.naam).startswith(squash(kop))
        assert p.achtergrond == achtergrond
        assert p.trekkend_bewindspersoon == trekkend
        assert f"{nummer}. " in p.source.section


def seed_trekkers(lines: tuple[str, ...]) -> dict[str, str]:
    """Label → text of the factsheet's "Trekkende …: …" bullets (continuation lines joined)."""
    block = section(lines, "Bestuurlijke trekkers", r"(?:De )?[Ff]ase ")
    out = {}
    for item in items(block):
        label, _, text = item.partition(": ")
        if label.startswith("Trekkende"):
            out[label] = text
    return out


def test_the_trekkers_are_those_of_the_factsheet(pairs):
    for gebied, _, lines in pairs:
        found_lines = seed_trekkers(lines)
        assert set(found_lines) == {"Trekkende bewindspersoon", "Trekkende bestuurder vanuit de regio"}, gebied.id
        assert {t.rol for t in gebied.trekkers} == set(found_lines), gebied.id
        for rol, text in found_lines.items():
            mine = [t for t in gebied.trekkers if t.rol == rol]
            words = set(tokens(" ".join(f"{t.naam or ''} {t.functie} {t.toelichting or ''}" for t in mine)))
            assert set(tokens(text)) <= words, (gebied.id, rol, set(tokens(text)) - words)
            for t in mine:
                for piece in (t.naam, t.functie):
                    assert piece is None or squash(piece) in squash(text), (gebied.id, piece)
        # "Minister van EZK: Micky Adriaansens": the office before the last colon, the name after it.
        functie, _, naam = found_lines["Trekkende bewindspersoon"].rstrip(" .").rpartition(": ")
        (bewind,) = [t for t in gebied.trekkers if t.rol == "Trekkende bewindspersoon"]
        assert (bewind.functie, bewind.naam) == (functie, naam), gebied.id


def test_both_offices_are_kept_each_with_its_source(cat):
    """Seed 003 (2022) writes the office in full, seed 004 abbreviated or as another office ("Minister/
    staatssecretaris van Infrastructuur en Waterstaat" / "Staatssecretaris van IenW"): both stay, each cited."""
    for gebied in cat.novex_gebieden:
        (bewind,) = [t for t in gebied.trekkers if t.rol == "Trekkende bewindspersoon"]
        assert bewind.functie and gebied.programma_2022.trekkend_bewindspersoon, gebied.id
        assert gebied.programma_2022.source.seed == SEED_003
        assert gebied.bron("trekkers").startswith("seed 004 Bijlage 3 > NOVEX-gebied ")
        assert gebied.bron("programma_2022").startswith("seed 003 Bijlage I > ")
    zuid_limburg = next(g for g in cat.novex_gebieden if g.id == "novex-zuid-limburg")
    assert zuid_limburg.programma_2022.trekkend_bewindspersoon.startswith("Minister/ staatssecretaris")
    assert zuid_limburg.trekkers[0].functie == "Staatssecretaris van IenW"


def test_overlapping_areas_are_the_ones_the_factsheet_lists(pairs, cat):
    ids = {g.id for g in cat.novex_gebieden}
    keys: dict[str, str] = {}
    for gebied, name, _ in pairs:
        for label in (gebied.naam, name, gebied.afkorting or "", gebied.programma_2022.naam):
            if label:
                keys.setdefault(name_key(label), gebied.id)
    for gebied, _, lines in pairs:
        listed = items(section(lines, "Andere NOVEX-gebieden", r"Bestuurlijke trekkers"))
        assert set(gebied.overlappende_gebieden) <= ids - {gebied.id}, gebied.id
        if len(listed) == 1 and listed[0].startswith("Geen overlap"):
            assert gebied.overlappende_gebieden == [] and gebied.overlappend_overig == [], gebied.id
            continue
        expected = [keys.get(name_key(entry)) for entry in listed if entry not in gebied.overlappend_overig]
        assert None not in expected, (gebied.id, listed)
        assert gebied.overlappende_gebieden == expected, gebied.id
        assert all(entry in listed for entry in gebied.overlappend_overig), gebied.id


def test_overlaps_are_not_symmetric_in_the_seed(cat):
    """Seed 004 does not list every overlap on both sides (NZKG names Regio Schiphol and MRA; Zuidelijke
    Randstad does not name Regio Schiphol, which names it), so symmetry is not asserted, only recorded."""
    pairs_ = {(g.id, other) for g in cat.novex_gebieden for other in g.overlappende_gebieden}
    assert any((b, a) not in pairs_ for a, b in pairs_)


def test_municipalities_and_foreign_regions_are_those_the_ligging_names(pairs):
    for gebied, _, lines in pairs:
        first = next(line.strip() for line in lines if line.strip().startswith("Ligging"))
        ligging = " ".join([first, *section(lines, "Ligging", r"Andere NOVEX-gebieden")])
        named = re.search(r"gemeenten\s+([^.)]*)", ligging)
        expected = re.split(r",\s*|\s+en\s+", named[1].strip()) if named else []
        assert gebied.ligging.gemeenten == expected, gebied.id
        abroad = re.findall(r"[\w-]+ \((?:België|Duitsland)\)", ligging)
        assert gebied.ligging.buitenland == abroad, gebied.id


def test_provinces_are_the_ones_the_ligging_names(pairs, cat):
    aliases = {"Friesland": "Fryslân"}  # seed 004 writes the Dutch name, the province profiles the Frisian one
    names = {p.naam: p.code for p in cat.provincieprofielen}
    pattern = re.compile("|".join(sorted(map(re.escape, [*names, *aliases]), key=len, reverse=True)))
    for gebied, _, _ in pairs:
        text = gebied.ligging.tekst.split("(gemeenten")[0]
        mentioned = {names[aliases.get(m, m)] for m in pattern.findall(text)}
        assert mentioned == set(gebied.provincies), gebied.id


def test_types_are_the_three_of_seed_002_and_derived(cat):
    text = " ".join(" ".join(seed_lines(SEED_002)).split())
    named = re.search(r"NOVEX-gebieden \(([^)]*)\)", text)
    assert named is not None
    seed_types = {re.sub(r"- en ", "-", t.strip()) for t in named[1].split(";")}
    assert seed_types == set(get_args(NovexType)) == {"haven-industrie", "landelijk", "verstedelijking"}
    for gebied in cat.novex_gebieden:
        assert gebied.typen and len(set(gebied.typen)) == len(gebied.typen)
        assert gebied.typering.startswith("Afgeleid"), gebied.id
        assert re.search(r"\b00[234] \(", gebied.typering), gebied.id  # cites its source document
    assert "afgeleid" in (NovexGebied.model_fields["typen"].description or "").casefold()
    assert "AFGELEID" in DATA.read_text("utf-8").split("\ngebieden:")[0]


def test_every_programme_link_names_a_national_programme_of_the_register(cat):
    register = {p.id: p for p in plekken()}
    linked = 0
    for gebied in cat.novex_gebieden:
        for b in gebied.bijdragen:
            if b.plek is None:
                continue
            linked += 1
            assert b.plek in register, (gebied.id, b.plek)
            assert register[b.plek].soort == "nationaal-programma", (gebied.id, b.plek)
    assert linked >= 40


def test_each_field_can_be_cited(cat):
    gebied = cat.novex_gebieden[0]
    assert gebied.bron("mijlpalen") == "seed 004 Bijlage 3 > NOVEX-gebied Noordzeekanaalgebied > Mijlpalen"
    for field in FACTSHEET_KOPPEN:
        assert gebied.bron(field).startswith("seed 004 Bijlage 3 > ")
    with pytest.raises(KeyError):
        gebied.bron("id")


def test_an_unknown_overlapping_area_is_refused(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "novex_gebieden.yaml"
    content = yaml.safe_load(path.read_text("utf-8"))
    content["gebieden"][0]["overlappende_gebieden"].append("novex-atlantis")
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), "utf-8")
    with pytest.raises(CatalogError, match=r"novex_gebieden\.yaml: item 'novex-nzkg': onbekend overlappend.*atlantis"):
        load_catalog(data)


def test_an_area_overlapping_itself_is_refused(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "novex_gebieden.yaml"
    content = yaml.safe_load(path.read_text("utf-8"))
    content["gebieden"][0]["overlappende_gebieden"].append("novex-nzkg")
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), "utf-8")
    with pytest.raises(CatalogError, match=r"novex-nzkg.*eigen overlappende_gebieden"):
        load_catalog(data)
