"""The seed documents the catalogue is extracted from, shipped with the package.

Every catalogue item cites a seed file, a section and a short verbatim quote.
`quote_in_seed` checks such a quote against the seed text, with whitespace
normalised (the seeds are PDF extractions with hard line breaks).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

SEED_FILES: dict[str, str] = {
    "000_55801029982d1b38.txt": "Samenwerkingsafspraken Nationale Omgevingsvisie (2021)",
    "001_3843d3c6ab845a18.txt": "Werkplaats NOVI",
    "002_007158e3502fce0d.txt": "Herijking werkwijze NOVEX-provincies (juni 2026)",
    "003_ea5816389083bc68.txt": "Programma NOVEX (2022)",
    "004_96b59ff8675cf4bb.txt": "Startpakket: nationale opgaven per thema en NOVEX-gebieden",
}

_WHITESPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends."""
    return _WHITESPACE.sub(" ", text).strip()


@cache
def seed_text(seed: str) -> str:
    """The normalised full text of one seed file (by file name)."""
    if seed not in SEED_FILES:
        raise KeyError(f"onbekend bronbestand {seed!r}; bekend: {', '.join(SEED_FILES)}")
    raw = resources.files("novex.catalog").joinpath("sources", seed).read_text("utf-8")
    return normalise(raw)


def quote_in_seed(seed: str, quote: str) -> bool:
    """True when `quote` occurs verbatim (whitespace-normalised) in `seed`."""
    return normalise(quote) in seed_text(seed)
