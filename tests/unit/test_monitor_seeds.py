"""The monitor's seed quotes are verbatim, and the programme goals are seed 003 §5.2's table, parsed independently."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import novex.catalog
from novex.monitor import bronnen

SEEDS = Path(novex.catalog.__file__).parent / "sources"


def flat(text: str) -> str:
    return " ".join(text.split())


def sources():
    yield from bronnen.BRONNEN.items()
    yield "tabel", bronnen.PROGRAMMADOELEN_BRON
    for m in bronnen.PBL_MONITORS:
        yield m.naam, m.bron


@pytest.mark.parametrize(("where", "source"), list(sources()), ids=lambda x: x if isinstance(x, str) else "")
def test_every_quote_is_in_its_seed(where, source):
    assert flat(source.quote) in flat((SEEDS / source.seed).read_text("utf-8")), where


def test_the_programme_goals_table_is_seed_003_section_5_2():
    text = (SEEDS / bronnen.SEED_003).read_text("utf-8")
    table = text[text.index("Doelstellingen Indicatoren Producten") : text.index("Om dit kwalitatieve beeld")]
    # bullets joined across their line breaks; "NOVEX-\ngebieden" is a hyphen kept at a break
    joined = re.sub(r"-\s*\n\s*", "-", table)
    bullets = [flat(b) for b in re.findall(r"•\s*(.+?)(?=\s*•|\n\s*\n\s*[A-Z][a-z]+ (?:van|de)\b|\Z)", joined, re.S)]
    ours = [x for d in bronnen.PROGRAMMADOELEN for x in (*d.indicatoren, *d.producten)]
    assert [flat(b) for b in bullets] == ours
    for doel in bronnen.PROGRAMMADOELEN:
        assert flat(doel.doelstelling) in flat(table)
