"""The seeded registers of the dialogue (places, adopted decisions) checked against the seed texts.

The seeds are read here on their own (not through the loader's quote check) and seed 003 Bijlage II
is parsed independently, so the register cannot agree with itself by construction.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest

import novex.catalog
from novex.catalog.model import PROVINCE_CODES
from novex.catalog.service import catalogus
from novex.dialogue import registers
from novex.dialogue.registers import RegisterError, load_besluiten, load_plekken

SEEDS = Path(novex.catalog.__file__).parent / "sources"
ROOT = Path(__file__).resolve().parents[2]
SEED_003 = "003_ea5816389083bc68.txt"
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def flat(text: str) -> str:
    return " ".join(text.split())


def seed(name: str) -> str:
    return flat((SEEDS / name).read_text("utf-8"))


PLEKKEN = registers.plekken()
BESLUITEN = registers.besluiten()


def all_sources():
    for p in PLEKKEN:
        yield f"plek {p.id}", p.source
        for v in p.ook_vermeld:
            yield f"plek {p.id} (ook vermeld als {v.naam})", v.source
    for b in BESLUITEN:
        yield f"besluit {b.id}", b.source


@pytest.mark.parametrize(("where", "source"), list(all_sources()), ids=lambda x: x if isinstance(x, str) else "")
def test_every_quote_is_verbatim_in_its_seed(where, source):
    assert flat(source.quote) in seed(source.seed), where


# --- seed 003 Bijlage II, parsed on its own ---------------------------------------------------------

HEADER = re.compile(r"^(?:•\s*)?(?P<groep>\S.*?)\s*\((?P<aantal>\d+)\)\s*$")
BULLET = re.compile(r"^•\s*(?P<naam>\S.*?)\s*\((?P<wie>[^()]+)\)\s*$")


def bijlage_ii() -> tuple[list[tuple[str, str, str]], dict[str, int]]:
    """(group, name, responsible) per bullet, and the count each group heading announces."""
    lines = (SEEDS / SEED_003).read_text("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if "Bijlage II" in line and "Overzicht" in line)
    assert "Op basis van RO brief maart 2022" in "\n".join(lines[start : start + 5])
    bullets, announced, group = [], {}, None
    for line in lines[start:]:
        line = line.strip()
        if header := HEADER.match(line):
            group = header["groep"]
            announced[group] = int(header["aantal"])
        elif bullet := BULLET.match(line):
            assert group is not None, line
            bullets.append((group, flat(bullet["naam"]), flat(bullet["wie"])))
        else:
            assert not line.startswith("•"), f"unparsed bullet: {line!r}"
    return bullets, announced


def test_the_parse_of_bijlage_ii_matches_the_seeds_own_counts():
    bullets, announced = bijlage_ii()
    assert len(announced) == 5
    assert len(bullets) == 25 == sum(announced.values())
    for group, count in announced.items():
        assert sum(1 for g, _, _ in bullets if g == group) == count, group


def register_listings() -> set[tuple[str, str, str]]:
    """(group, name, responsible) of every Bijlage II listing in the register, own and ook_vermeld."""
    rows = set()
    for p in PLEKKEN:
        for groep, naam, wie in [(p.groep, p.naam, p.verantwoordelijk)] + [
            (v.groep, v.naam, v.verantwoordelijk) for v in p.ook_vermeld
        ]:
            if groep is not None:
                rows.add((groep, naam, wie))
    return rows


def test_every_programme_of_bijlage_ii_is_in_the_register_as_written():
    bullets, _ = bijlage_ii()
    listed = register_listings()
    missing = [b for b in bullets if b not in listed]
    extra = [r for r in listed if r not in set(bullets)]
    assert missing == [] and extra == []


def test_a_programme_listed_twice_is_one_place_with_both_groups():
    bullets, _ = bijlage_ii()
    by_name: dict[str, list[str]] = {}
    for group, naam, _ in bullets:
        by_name.setdefault(naam.casefold(), []).append(group)
    twice = {naam: groups for naam, groups in by_name.items() if len(groups) > 1}
    assert len(twice) == 1  # Programma Werklocaties, Ruimte voor Economische Activiteit
    from_bijlage = [p for p in PLEKKEN if p.source.seed == SEED_003 and p.groep is not None]
    assert len(from_bijlage) == len(bullets) - 1 == 24
    for naam, groups in twice.items():
        (place,) = [p for p in PLEKKEN if naam in {n.casefold() for n in p.namen}]
        assert set(place.groepen) == set(groups)


def test_bijlage_ii_entries_are_national_programmes_valid_per_the_ro_brief():
    for p in PLEKKEN:
        if p.groep is not None:
            assert p.soort == "nationaal-programma", p.id
            assert "RO brief maart 2022" in p.geldigheid, p.id
            assert p.source.seed == SEED_003 and p.source.section.startswith("Bijlage II"), p.id


def test_the_newer_names_of_seed_002_are_there():
    names = {n for p in PLEKKEN for n in p.namen}
    for name in (
        "Nationaal Programma Ruimte voor Defensie",
        "Programma Ruimte voor de rivier 2.0",
        "Programma Energiehoofdstructuur",
        "Nationaal waterprogramma",
        "Programma Ruimte voor Economie",
    ):
        assert name in names
        assert name.casefold().split(" ", 1)[1] in seed("002_007158e3502fce0d.txt").casefold()


# --- ids and references ----------------------------------------------------------------------------


def test_ids_are_unique_and_not_the_ones_code_adds():
    ids = [p.id for p in PLEKKEN]
    assert len(ids) == len(set(ids))
    assert not [i for i in ids if i.startswith(("novex-gebied-", "provincie-"))]
    decision_ids = [b.id for b in BESLUITEN]
    assert len(decision_ids) == len(set(decision_ids))


def test_references_resolve():
    place_ids = {p.id for p in PLEKKEN}
    areas = {g.id for g in catalogus().novex_gebieden}
    for p in PLEKKEN:
        assert p.vervangt is None or p.vervangt in place_ids, p.id
    for b in BESLUITEN:
        assert b.plek is None or b.plek in place_ids, b.id
        assert b.novex_gebied is None or b.novex_gebied in areas, b.id
        assert b.provincie is None or b.provincie in PROVINCE_CODES, b.id


def test_a_replacement_is_a_2026_name_for_a_2022_programme_and_says_why():
    replacements = [p for p in PLEKKEN if p.vervangt]
    assert {p.id: p.vervangt for p in replacements} == {
        "nationaal-waterprogramma": "nationaal-waterprogramma-2022-2027",
        "programma-energiehoofdstructuur": "programma-energie-hoofdinfrastructuur",
    }
    for p in replacements:
        old = registers.plek(p.vervangt)
        assert p.source.seed.startswith("002") and old.source.seed == SEED_003
        assert p.toelichting


def test_lookups():
    assert registers.plek("nationaal-programma-landelijk-gebied").verantwoordelijk == "Min LNV, MV VO en Min IenW"
    assert registers.plek("bestaat-niet") is None
    assert registers.besluit("samenwerkingsafspraken-novi").datum == date(2021, 3, 3)
    assert registers.besluit("bestaat-niet") is None
    assert registers.plekken() is PLEKKEN and registers.besluiten() is BESLUITEN  # validated once


# --- dates no more precise than the seed -------------------------------------------------------------


@pytest.mark.parametrize("b", BESLUITEN, ids=lambda b: b.id)
def test_a_date_is_in_the_seeds_words(b):
    if b.datum_tekst is not None:
        assert flat(b.datum_tekst) in seed(b.source.seed)
    if b.jaartal is not None:
        assert str(b.jaartal) in b.datum_tekst
    if b.datum is not None:
        assert re.search(rf"\b0?{b.datum.day} {MONTHS[b.datum.month - 1]} {b.datum.year}\b", b.datum_tekst)
    if b.maand is not None:
        assert MONTHS[b.maand - 1] in b.datum_tekst


def test_not_adopted_per_the_seeds_is_not_in_the_register():
    """Seed 002 speaks of adopting the Herijking ("Na vaststelling in het BO VRO van 2 juli") and the Nota Ruimte in the future."""
    titles = " ".join(b.titel for b in BESLUITEN).casefold()
    assert "herijking" not in titles and "nota ruimte" not in titles


# --- broken files: the same validation, Dutch errors naming the entry --------------------------------

GOOD_PLACE = """
  - id: {id}
    naam: Programma Woningbouw
    soort: {soort}
    verantwoordelijk: Min VRO
    groep: null
    geldigheid: op basis van RO brief maart 2022
    {extra}
    source:
      seed: 003_ea5816389083bc68.txt
      section: Bijlage II
      quote: "{quote}"
"""


def place(id="kapotte-plek", soort="nationaal-programma", quote="Programma Woningbouw (Min VRO)", extra=""):
    return GOOD_PLACE.format(id=id, soort=soort, quote=quote, extra=extra)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_a_sound_temp_file_loads(tmp_path):
    (loaded,) = load_plekken(write(tmp_path, "plekken.yaml", "plekken:" + place()))
    assert loaded.id == "kapotte-plek"


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        (place(soort="gemeente"), ["plek 'kapotte-plek'", "veld soort", "ongeldige waarde 'gemeente'"]),
        (place(quote="Dit staat nergens in de seed"), ["plek 'kapotte-plek'", "citaat niet gevonden in 003_"]),
        (place() + place(), ["plek 'kapotte-plek'", "dubbele id"]),
        (
            place(extra="vervangt: verdwenen-plek\n    toelichting: omdat."),
            ["vervangt onbekende plek 'verdwenen-plek'"],
        ),
        (place(extra="vervangt: programma-woningbouw"), ["plek 'kapotte-plek'", "bij vervangt hoort een toelichting"]),
        (place(id="provincie-pv20"), ["plek 'provincie-pv20'", "veld id", "mag niet beginnen met"]),
        (place(extra="kleur: rood"), ["plek 'kapotte-plek'", "veld kleur", "onbekend veld"]),
        (place() + "\n  - naam: zonder id\n", ["plek nr. 2", "veld id", "verplicht veld ontbreekt"]),
    ],
    ids=[
        "soort",
        "citaat",
        "dubbel",
        "vervangt-onbekend",
        "vervangt-zonder-toelichting",
        "gereserveerd",
        "extra",
        "geen-id",
    ],
)
def test_a_broken_place_is_refused_in_dutch_naming_file_and_entry(tmp_path, entries, expected):
    with pytest.raises(RegisterError) as refused:
        load_plekken(write(tmp_path, "plekken.yaml", "plekken:" + entries))
    message = str(refused.value)
    assert message.startswith("plekken.yaml: ")
    for part in expected:
        assert part in message


DECISION = """
besluiten:
  - id: kapot-besluit
    titel: Samenwerkingsafspraken Nationale Omgevingsvisie
    orgaan: null
    {dates}
    soort: besluit
    {extra}
    source:
      seed: 000_55801029982d1b38.txt
      section: Ondertekening
      quote: "Den Haag; 03 maart 2021"
"""


@pytest.mark.parametrize(
    ("dates", "extra", "expected"),
    [
        ("datum: 2021-03-03\n    jaar: 2021\n    datum_tekst: 03 maart 2021", "", "óf een datum óf jaar/maand"),
        ("maand: 3\n    datum_tekst: maart", "", "een maand zonder jaar kan niet"),
        ("jaar: 2021\n    datum_tekst: null", "", "bij een datum of jaar hoort datum_tekst"),
        ("datum: 2021-02-30\n    datum_tekst: 30 februari 2021", "", "geen geldige datum"),
        ("datum_tekst: null", "plek: nergens", "onbekende plek 'nergens' (niet in plekken.yaml)"),
        ("datum_tekst: null", "novex_gebied: novex-atlantis", "onbekend NOVEX-gebied 'novex-atlantis'"),
        ("datum_tekst: null", "provincie: PV99", "onbekende provinciecode 'PV99'"),
        ("datum_tekst: null", "soort: wet", "veld soort"),
    ],
    ids=[
        "datum-en-jaar",
        "maand-zonder-jaar",
        "geen-datumtekst",
        "30-februari",
        "plek",
        "gebied",
        "provincie",
        "soort",
    ],
)
def test_a_broken_decision_is_refused_in_dutch_naming_file_and_entry(tmp_path, dates, extra, expected):
    text = DECISION.format(dates=dates, extra=extra)
    if extra.startswith("soort:"):
        text = text.replace("    soort: besluit\n", "")
    path = write(tmp_path, "besluiten.yaml", text)
    with pytest.raises(RegisterError) as refused:
        load_besluiten(path, bekende_plekken=PLEKKEN, bekende_gebieden={"novex-mra"})
    message = str(refused.value)
    assert message.startswith("besluiten.yaml: besluit 'kapot-besluit'")
    assert expected in message


def test_a_sound_decision_loads(tmp_path):
    path = write(
        tmp_path, "besluiten.yaml", DECISION.format(dates="datum: 2021-03-03\n    datum_tekst: 03 maart 2021", extra="")
    )
    (loaded,) = load_besluiten(path, bekende_plekken=PLEKKEN, bekende_gebieden=set())
    assert loaded.datum == date(2021, 3, 3) and loaded.wanneer == "03 maart 2021"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plekken: [\n", "plekken.yaml: geen geldige YAML"),
        ("plekjes: []\n", "plekken.yaml: verwacht een lijst onder 'plekken:'"),
    ],
)
def test_a_file_that_is_no_register_is_refused(tmp_path, text, expected):
    with pytest.raises(RegisterError, match=re.escape(expected)):
        load_plekken(write(tmp_path, "plekken.yaml", text))


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(RegisterError, match="plekken.yaml: bestand ontbreekt"):
        load_plekken(tmp_path / "plekken.yaml")


# --- packaging and purity ----------------------------------------------------------------------------


def test_the_data_files_are_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["novex"]
    assert "**/*.yaml" in patterns
    assert (ROOT / "src" / "novex" / "dialogue" / "__init__.py").exists()  # a package, so setuptools finds it


def test_the_registers_are_domain_code():
    """Importing the registers loads no web, database, CLI or template framework and no edge."""
    forbidden = (
        "sqlalchemy",
        "fastapi",
        "typer",
        "jinja2",
        "novex.store",
        "novex.api",
        "novex.web",
        "novex.cli",
        "novex.edge",
    )
    code = "import sys, novex.dialogue.registers as r; r.besluiten(); print('\\n'.join(sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert [m for m in loaded if m.startswith(tuple(f + "." for f in forbidden)) or m in forbidden] == []
