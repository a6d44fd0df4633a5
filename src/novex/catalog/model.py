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
    """A governance lead (trekkende bestuurder) of a NOVEX area, as seed 004 Bijlage 3 names it.

    `rol` is the seed's label ("Trekkende bewindspersoon", "Trekkende bestuurder vanuit de regio");
    `naam` and `functie` are verbatim pieces of the seed's line; `toelichting` is the line's complete
    wording where naam and functie leave words out (several people, a condition, a proposal).
    """

    rol: str
    naam: str | None = None
    functie: str
    toelichting: str | None = None


class ProgrammaBijdrage(Strict):
    """A NOVEX area's contribution to one national programme (seed table row).

    `plek` is the id of the same programme in the dialogue's register of places (`plekken.yaml`),
    only where the names clearly denote the same programme.
    """

    programma: str
    bijdrage: str
    plek: Slug | None = None


NovexType = Literal["verstedelijking", "landelijk", "haven-industrie"]
"""The three kinds of NOVEX area of seed 002 §3.5 ("haven- en industrie; landelijk; verstedelijking")."""


class Ligging(Strict):
    """A factsheet's "Ligging" paragraph (verbatim) and the municipalities and foreign regions it names."""

    tekst: str
    gemeenten: list[str] = []
    buitenland: list[str] = []


class Gebied2022(Strict):
    """An area as seed 003 Bijlage I (Programma NOVEX, 2022) describes it, texts as written there."""

    nummer: int = Field(ge=1, le=16)
    naam: str
    beschrijving: str
    achtergrond: str
    trekkend_bewindspersoon: str
    source: Source


class Kopje(Strict):
    """A headed factsheet section that has no field of its own."""

    kop: str
    tekst: str


# Factsheet headings of seed 004 Bijlage 3 per text field, for citations (`NovexGebied.bron`).
FACTSHEET_KOPPEN: dict[str, str] = {
    "ligging": "Ligging",
    "overlappende_gebieden": "Andere NOVEX-gebieden die deels overlappen",
    "overlappend_overig": "Andere NOVEX-gebieden die deels overlappen",
    "trekkers": "Bestuurlijke trekkers",
    "fase": "Fase waarin het NOVEX-gebied zich bevindt",
    "achtergrond": "Achtergrondinformatie",
    "documenten": "Beschikbare documenten",
    "hoofdopgave": "Hoofdopgave",
    "meekoppelende_opgaven": "Meekoppelende opgaven",
    "programmas_toelichting": "Belangrijkste nationale programma’s",
    "bijdragen": "Belangrijkste nationale programma’s",
    "ontwikkelprincipes": "Ontwikkelprincipes",
    "schuurpunten_en_kansen": "Ruimtelijke schuurpunten en kansen",
    "ontwikkelperspectief": "Beeld bij het ontwikkelperspectief",
    "mijlpalen": "Mijlpalen",
    "afspraken": "Welke afspraken zijn al gemaakt en met wie en op welke tafels",
    "uitvoeringskracht": "Uitvoeringskracht",
    "aandachtspunten": "Aandachtspunten",
}


class NovexGebied(Strict):
    """One of the sixteen NOVEX areas: seed 003 Bijlage I and its factsheet in seed 004 Bijlage 3.

    Factsheet texts are verbatim (whitespace aside), one paragraph or bullet item per line; `typen`
    is afgeleid (derived): no seed gives an area's type, `typering` says how.
    """

    id: Slug = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    naam: str
    afkorting: str | None = None
    typen: list[NovexType] = Field(
        min_length=1, description="Afgeleid (derived) from the seeds' words, see `typering`; types of seed 002 §3.5."
    )
    typering: str = Field(
        min_length=10, description="One Dutch sentence: how `typen` was derived ('Afgeleid: …'), from which seed words."
    )
    provincies: list[str] = Field(min_length=1)
    ligging: Ligging
    overlappende_gebieden: list[Slug] = []
    overlappend_overig: list[str] = []
    trekkers: list[Trekker] = []
    programma_2022: Gebied2022
    fase: str | None = None
    achtergrond: str | None = None
    documenten: list[str] = []
    hoofdopgave: str
    meekoppelende_opgaven: str | None = None
    programmas_toelichting: str | None = None
    bijdragen: list[ProgrammaBijdrage] = []
    ontwikkelprincipes: str | None = None
    schuurpunten_en_kansen: str | None = None
    ontwikkelperspectief: str | None = None
    mijlpalen: str | None = None
    afspraken: str | None = None
    uitvoeringskracht: str | None = None
    aandachtspunten: str | None = None
    overige: list[Kopje] = []
    source: Source

    @field_validator("provincies")
    @classmethod
    def _known_provinces(cls, value: list[str]) -> list[str]:
        unknown = [code for code in value if code not in PROVINCE_CODES]
        if unknown:
            raise ValueError(f"onbekende provinciecode(s) {unknown}")
        return value

    @model_validator(mode="after")
    def _not_overlapping_itself(self) -> NovexGebied:
        if self.id in self.overlappende_gebieden:
            raise ValueError(f"{self.id} staat in zijn eigen overlappende_gebieden")
        return self

    def bron(self, veld: str) -> str:
        """Where a field's text comes from, e.g. "seed 004 Bijlage 3 > NOVEX-gebied Groene Hart > Mijlpalen"."""
        if veld == "programma_2022":
            return f"seed 003 Bijlage I > {self.programma_2022.nummer}. {self.programma_2022.naam}"
        if veld in ("typen", "typering"):
            return f"afgeleid: {self.typering}"
        if veld not in FACTSHEET_KOPPEN:
            raise KeyError(f"geen factsheetveld: {veld!r}")
        return f"seed 004 Bijlage 3 > NOVEX-gebied {self.naam} > {FACTSHEET_KOPPEN[veld]}"


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
