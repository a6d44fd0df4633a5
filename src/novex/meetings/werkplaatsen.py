"""The ministry's earlier werkplaatsen (seed 001) as historical records, and the session vocabulary.

`data/werkplaatsen.yaml` holds every numbered row of seed 001's "Tabel Werkplaatsen & Bouwstenen",
each column as the seed writes it, with the seed's line number, the link the seed gives for the row
(if any) and a verbatim quote. The file is hand-extracted and so untrusted: `load_werkplaatsen`
validates it (fields, dates, unique numbers, quotes found back in the seed) and reports in Dutch;
`werkplaatsen()` returns the shipped records, validated once per process.

`SESSIE_SOORTEN` and `VELDEN` are the vocabulary for sessions of ontwerpend onderzoek (seed 002
§4.1 stap 1) and the four fields of co-creation that seed 001 names; `SESSIE_SOORT_BRONNEN` and
`VELD_BRONNEN` say where each word comes from (None: not in the seeds, a design choice).
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import yaml
from pydantic import Field, ValidationError, model_validator

from novex.catalog.model import Source, Strict
from novex.catalog.sources import quote_in_seed
from novex.errors import InvalidInput

__all__ = [
    "SESSIE_SOORTEN",
    "SESSIE_SOORT_BRONNEN",
    "VELDEN",
    "VELD_BRONNEN",
    "WERKPLAATSEN_FILE",
    "Werkplaats",
    "load_werkplaatsen",
    "werkplaatsen",
]

DATA: Traversable = resources.files("novex.meetings").joinpath("data")
WERKPLAATSEN_FILE = "werkplaatsen.yaml"
SEED_001 = "001_3843d3c6ab845a18.txt"
SEED_002 = "002_007158e3502fce0d.txt"
_DATUM = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")

SESSIE_SOORTEN: tuple[str, ...] = ("werkplaats", "kaartsessie", "atelier", "ontwerpend-onderzoek")
"""Kinds of session in which a vraagstuk is explored: workshop, map session, design studio, design research."""

_ONTWERPEND_ONDERZOEK = Source(
    seed=SEED_002,
    section="4.1 Fasering voor de werkwijze > Stap 1 – Beeldvorming > Concrete producten",
    quote="Uitvoeren van ontwerpend onderzoek, bijvoorbeeld een werkplaats of kaartsessies.",
)
SESSIE_SOORT_BRONNEN: dict[str, Source | None] = {
    "werkplaats": _ONTWERPEND_ONDERZOEK,
    "kaartsessie": _ONTWERPEND_ONDERZOEK,
    # Ontwerpkeuze: the seeds never say "atelier"; the design studio is a common form of ontwerpend
    # onderzoek in Dutch spatial planning, offered next to the werkplaats and the kaartsessie.
    "atelier": None,
    "ontwerpend-onderzoek": _ONTWERPEND_ONDERZOEK,
}
"""Where each session kind comes from; None marks a design choice (ontwerpkeuze), not a seed term."""

VELDEN: tuple[str, ...] = ("interdepartementaal", "interbestuurlijk", "kennis-en-advies", "maatschappelijk")
"""The four fields co-creation takes place in: ministries, governments, knowledge and advice, society."""


def _inleiding(quote: str) -> Source:
    return Source(seed=SEED_001, section="Inleiding", quote=quote)


VELD_BRONNEN: dict[str, Source] = {
    "interdepartementaal": _inleiding("het interdepartementale veld (acht ministeries)"),
    "interbestuurlijk": _inleiding("het interbestuurlijke veld (verschillende overheden)"),
    "kennis-en-advies": _inleiding("kennis en advies (adviesraden, kennisinstellingen, planbureaus)"),
    "maatschappelijk": _inleiding(
        "het maatschappelijke veld (bedrijven, burgers en maatschappelijke (belangen)groepen in de samenleving)"
    ),
}
"""Seed 001's words for each field ("Co-creatie vindt plaats op en tussen vier velden: ...")."""


class Werkplaats(Strict):
    """One row of seed 001's table of werkplaatsen: a workshop held in 2015–2016, as the seed records it.

    Every text cell is as written (whitespace normalised). `trekker` (content lead) is None where the
    seed writes '-'. `datum` is the Datum column as a date, `datum_tekst` the seed's own writing of it.
    `bouwsteen` is the status of the building block (Gereed, Verslag, ...). `link` is the link the seed
    ties to this row, on seed line `link_regel`; `regel` is the seed line of the row. `toelichting`
    explains a split of the row that could have been made otherwise.
    """

    nummer: int = Field(ge=1)
    werkplaats: str = Field(min_length=2)
    datum: date
    datum_tekst: str
    trekker: str | None
    bouwsteen: str = Field(min_length=2)
    hoofdonderwerp: str = Field(min_length=2)
    organisatie: str = Field(min_length=2)
    link: str | None = Field(pattern=r"^https://\S+$")
    link_regel: int | None = Field(ge=1)
    regel: int = Field(ge=1)
    toelichting: str | None = None
    source: Source

    @model_validator(mode="after")
    def _consistent(self) -> Werkplaats:
        match = _DATUM.match(self.datum_tekst)
        if match is None:
            raise ValueError(f"datum_tekst {self.datum_tekst!r} is niet als d-m-jjjj geschreven")
        day, month, year = (int(part) for part in match.groups())
        if (year, month, day) != (self.datum.year, self.datum.month, self.datum.day):
            raise ValueError(f"datum {self.datum.isoformat()} wijkt af van datum_tekst {self.datum_tekst!r}")
        if (self.link is None) != (self.link_regel is None):
            raise ValueError("link en link_regel horen samen")
        if self.trekker is not None and self.trekker.strip() in ("", "-"):
            raise ValueError("een trekker '-' of leeg wordt null")
        if self.source.seed != SEED_001:
            raise ValueError(f"een werkplaats komt uit seed {SEED_001}, niet uit {self.source.seed}")
        return self


_MESSAGES = {
    "missing": "verplicht veld ontbreekt",
    "extra_forbidden": "onbekend veld",
    "string_type": "moet tekst zijn",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "date_type": "geen geldige datum (JJJJ-MM-DD)",
    "date_parsing": "geen geldige datum (JJJJ-MM-DD)",
    "date_from_datetime_parsing": "geen geldige datum (JJJJ-MM-DD)",
    "string_pattern_mismatch": "ongeldige vorm (een link begint met https://)",
    "greater_than_equal": "moet minstens 1 zijn",
}


def _dutch(error: Any) -> str:
    """A pydantic error in Dutch; our own validators already speak Dutch."""
    if error["type"] == "value_error":
        return str(error["ctx"]["error"]) if "ctx" in error else str(error["msg"])
    return _MESSAGES.get(error["type"], str(error["msg"]))


def load_werkplaatsen(text: str, name: str = WERKPLAATSEN_FILE) -> tuple[Werkplaats, ...]:
    """Validate a werkplaatsen file (YAML text); `InvalidInput` in Dutch naming the file and the row."""
    try:
        data: Any = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError) as error:  # PyYAML raises ValueError on an impossible date
        raise InvalidInput(f"{name}: geen geldige YAML ({error})") from None
    rows = data.get("werkplaatsen") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not rows:
        raise InvalidInput(f"{name}: verwacht een niet-lege lijst 'werkplaatsen'")
    records: list[Werkplaats] = []
    problems: list[str] = []
    for index, row in enumerate(rows, start=1):
        label = f"rij {row.get('nummer', index) if isinstance(row, dict) else index}"
        try:
            record = Werkplaats.model_validate(row)
        except ValidationError as error:
            fields = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'rij'}: {_dutch(e)}" for e in error.errors())
            problems.append(f"{label}: {fields}")
            continue
        if not quote_in_seed(record.source.seed, record.source.quote):
            problems.append(f"{label}: citaat niet gevonden in {record.source.seed}")
        if record.link is not None and not quote_in_seed(record.source.seed, record.link):
            problems.append(f"{label}: link niet gevonden in {record.source.seed}")
        records.append(record)
    numbers = [r.nummer for r in records]
    doubles = sorted({n for n in numbers if numbers.count(n) > 1})
    if doubles:
        problems.append(f"dubbele nummers: {', '.join(map(str, doubles))}")
    if problems:
        raise InvalidInput(f"{name}: ongeldig:\n" + "\n".join(f"  - {p}" for p in problems))
    return tuple(sorted(records, key=lambda r: r.nummer))


@cache
def werkplaatsen() -> tuple[Werkplaats, ...]:
    """The shipped records of seed 001's werkplaatsen, by number, validated once per process."""
    return load_werkplaatsen(DATA.joinpath(WERKPLAATSEN_FILE).read_text("utf-8"))
