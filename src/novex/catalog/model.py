"""Pydantic models of the catalogue data files: the NOVI framework, the startpakket.

The data files under `novex/catalog/data/` are untrusted input (hand-extracted
from the seeds), so every record is validated here. Each item carries a
`Source`: the seed file, the section it comes from and a short verbatim quote
that the tests find back in the seed text.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from novex.catalog.sources import SEED_FILES

Slug = str
PROVINCE_CODES = tuple(f"PV{n}" for n in range(20, 32))


class Strict(BaseModel):
    """Base: unknown fields are errors, models are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    """Where an item comes from: seed file name, section/heading, verbatim quote."""

    seed: str
    section: str = Field(min_length=2)
    quote: str = Field(min_length=8, max_length=600)

    @field_validator("seed")
    @classmethod
    def _known_seed(cls, value: str) -> str:
        if value not in SEED_FILES:
            raise ValueError(f"onbekend bronbestand {value!r}")
        return value


class Item(Strict):
    """A citable catalogue entry: id, name, optional number and description."""

    id: Slug = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    naam: str
    nummer: int | None = None
    beschrijving: str | None = None
    source: Source


class Voorkeursvolgorde(Item):
    """A preference order (voorkeursvolgorde): its ordered steps where a seed gives them.

    `onderdeel_van` marks an elaboration of another order (the Zon order of seed 004
    elaborates NOVI's energy order) so that NOVI's own four stay countable.
    """

    herkomst: Literal["novi", "bestuurlijk"]
    stappen: list[str] = []
    onderdeel_van: Slug | None = None


class Doel(Strict):
    """A goal (doel): text, and where the text gives a number, value/unit/year.

    Per-province goals name the province (CBS code); per-area goals the area and, where the
    sources place the area, where it lies: a NOVEX area (`novex_gebied`, whose provinces
    novex_gebieden.yaml gives) or the provinces the goal's own section names (`provincies`;
    `alle` where it asks every province). `aandeel_van` marks a province's share of a national goal.
    `domein` links the goal to the claim domain vocabulary for goal accounting.
    """

    id: Slug = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    tekst: str
    waarde: float | None = None
    eenheid: str | None = None
    jaar: int | None = Field(default=None, ge=1990, le=2100)
    domein: Slug | None = None
    provincie: str | None = None
    gebied: str | None = None
    novex_gebied: Slug | None = None
    provincies: list[str] | Literal["alle"] | None = None
    aandeel_van: Slug | None = None
    source: Source

    @model_validator(mode="after")
    def _value_and_unit_together(self) -> Doel:
        if (self.waarde is None) != (self.eenheid is None):
            raise ValueError(f"doel {self.id}: waarde en eenheid horen samen")
        if self.provincie is not None and self.provincie not in PROVINCE_CODES:
            raise ValueError(f"doel {self.id}: onbekende provincie {self.provincie!r}")
        if isinstance(self.provincies, list):
            unknown = [code for code in self.provincies if code not in PROVINCE_CODES]
            if unknown or not self.provincies:
                raise ValueError(f"doel {self.id}: onbekende of geen provincies {unknown}")
        placed = [name for name in ("provincie", "novex_gebied", "provincies") if getattr(self, name) is not None]
        if len(placed) > 1:
            raise ValueError(f"doel {self.id}: kies één van provincie, novex_gebied of provincies, niet {placed}")
        if self.novex_gebied and not self.gebied:
            raise ValueError(f"doel {self.id}: novex_gebied hoort bij een doel per gebied")
        if self.aandeel_van and not (self.provincie and self.waarde is not None):
            raise ValueError(f"doel {self.id}: een aandeel (aandeel_van) is een doel van één provincie met een waarde")
        return self

    def geldt_voor(self, code: str, gebied_provincies: dict[str, list[str]]) -> bool:
        """Whether the goal is placed in province `code` (its own, its NOVEX area's, or named)."""
        if self.provincie is not None:
            return self.provincie == code
        if self.novex_gebied is not None:
            return code in gebied_provincies.get(self.novex_gebied, [])
        return self.provincies == "alle" or (self.provincies is not None and code in self.provincies)

    @property
    def geplaatst(self) -> bool:
        """True when the sources place the goal in one or more provinces."""
        return self.provincie is not None or self.novex_gebied is not None or self.provincies is not None

    @property
    def kwantitatief(self) -> bool:
        """True when the goal has a number to account claims against."""
        return self.waarde is not None


class Tekstpunt(Strict):
    """A cited text point: an inrichtingsprincipe, randvoorwaarde or location."""

    tekst: str
    source: Source


class StructurerendeKeuze(Strict):
    """A numbered structuring choice (structurerende keuze) of water & soil."""

    nummer: int = Field(ge=1)
    tekst: str
    gebied: str | None = None
    source: Source


class Locaties(Strict):
    """Where: locations fixed by the Rijk and preferred locations / search areas."""

    vastgesteld: list[Tekstpunt] = []
    zoekgebieden: list[Tekstpunt] = []


class Thema(Strict):
    """A startpakket theme (seed 004): one national programme's asks of the provinces."""

    id: Slug = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    naam: str
    programma: str
    departementen: list[str] = []
    domeinen: list[Slug] = Field(min_length=1)
    opgave: str
    nationale_doelen_tekst: str
    nationale_doelen: list[Doel] = []
    doelen_per_gebied: list[Doel] = []
    inrichtingsprincipes: list[Tekstpunt] = []
    randvoorwaarden: list[Tekstpunt] = []
    locaties: Locaties = Locaties()
    structurerende_keuzes: list[StructurerendeKeuze] = []
    source: Source


class Trekker(Strict):
    """A governance lead (trekkende bestuurder) of a NOVEX area."""

    rol: str
    naam: str | None = None
    functie: str


class ProgrammaBijdrage(Strict):
    """A NOVEX area's contribution to one national programme (seed table row)."""

    programma: str
    bijdrage: str


NovexType = Literal["verstedelijking", "landelijk", "haven-industrie", "infrastructuur"]


class NovexGebied(Strict):
    """One of the sixteen NOVEX areas (seeds 003 and 004 Bijlage 3)."""

    id: Slug = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    naam: str
    afkorting: str | None = None
    typen: list[NovexType] = Field(min_length=1)
    provincies: list[str] = Field(min_length=1)
    trekkers: list[Trekker] = []
    fase: str | None = None
    hoofdopgave: str
    meekoppelende_opgaven: str | None = None
    bijdragen: list[ProgrammaBijdrage] = []
    source: Source

    @field_validator("provincies")
    @classmethod
    def _known_provinces(cls, value: list[str]) -> list[str]:
        unknown = [code for code in value if code not in PROVINCE_CODES]
        if unknown:
            raise ValueError(f"onbekende provinciecode(s) {unknown}")
        return value


class Provincieprofiel(Strict):
    """A province's section near the end of seed 004: situation, tasks, housing share."""

    code: str
    naam: str
    situatie: str
    hoofdopgaven: list[Tekstpunt] = []
    woningbouw_tot_2030: Doel | None = None
    doelen: list[Doel] = []
    lopende_trajecten: list[Tekstpunt] = []
    novex_gebieden: list[Slug] = []
    source: Source

    @field_validator("code")
    @classmethod
    def _known_province(cls, value: str) -> str:
        if value not in PROVINCE_CODES:
            raise ValueError(f"onbekende provinciecode {value!r}")
        return value


class Domein(Strict):
    """A claim domain: the controlled vocabulary claims are tagged with."""

    slug: Slug = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    naam: str
    beschrijving: str
    themas: list[Slug] = []
    source: Source


Klasse = Literal["combineerbaar", "voorwaardelijk", "conflict"]


class Compatibiliteit(Strict):
    """One cell of the compatibility matrix: whether two domains may share the same land.

    `combineerbaar`: combine freely (meekoppelkans); `voorwaardelijk`: only under the
    conditions in `toelichting`; `conflict`: the claims exclude each other.
    """

    domeinen: tuple[Slug, Slug]
    klasse: Klasse
    toelichting: str = Field(min_length=10)
    source: Source


class Novi(Strict):
    """The NOVI framework (seed 000)."""

    prioriteiten: list[Item]
    nationale_belangen: list[Item]
    afwegingsprincipes: list[Item]
    voorkeursvolgordes: list[Voorkeursvolgorde]
    spelregels: list[Item]
    uitgangspunten: list[Item]
    mer_kwetsbaarheden: list[Item]


class Vergaderfrequentie(Item):
    """How often a meeting (DO NOVEX, GP-DG, BOL, …) takes place, and per what."""

    per_jaar: float | None = None
    schaal: Literal["provincie", "landsdeel", "nationaal"]


class Paginalimiet(Item):
    """A page limit of a product of the fast procedure (seed 002 §4.2)."""

    max_paginas: int = Field(ge=1)


class Werkwijze(Strict):
    """Rules of the NOVEX way of working (seed 002): instruments, criteria, rhythm."""

    juridische_instrumenten: list[Item]
    bob_fasen: list[Item]
    triagecriteria: list[Item]
    ra_criteria: list[Item]
    escalatiecriteria: list[Item]
    vergaderfrequenties: list[Vergaderfrequentie]
    paginalimieten: list[Paginalimiet]
    snelle_procedure: list[Item]


class StartpakketOnderdeel(Item):
    """A part of a startpakket (seed 003 §4.1): generic or specific per province."""

    deel: Literal["generiek", "specifiek"]
