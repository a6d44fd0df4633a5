"""The vraagstuk and what is recorded on it (seed 002 §3.3, §3.6, §4.1).

A `Vraagstuk` is one spatial question in the continuous strategic dialogue between the Rijk
and one or more provinces. Its phase follows the BOB flow (`novex.dialogue.bob`); its triage,
lead party, approach (Format aanpak vraagstuk) and decisions per table are recorded on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Herkomst(StrEnum):
    """Where a vraagstuk comes from (seed 002 §4.2 Signalering; §4.1 Resumé; §4.1 stap 1)."""

    RUIMTELIJK_ARRANGEMENT = "ruimtelijk-arrangement"  # signaal van de provincie via het RA (§4.2)
    VOORTGANG = "voortgang"  # signaal via de voortgang (§4.2)
    INFORMEEL = "informeel-contact"  # signaal via informeel contact (§4.2)
    ONTWERPEND_ONDERZOEK = "ontwerpend-onderzoek"  # werkplaats of kaartsessie (§4.1 stap 1)
    UITVOERINGSSTRATEGIE = "uitvoeringsstrategie"  # Nota Ruimte als eerste inkadering (§4.1 Resumé)


HERKOMST_NAMEN: dict[str, str] = {
    Herkomst.RUIMTELIJK_ARRANGEMENT: "signaal van de provincie via het Ruimtelijk Arrangement",
    Herkomst.VOORTGANG: "signaal van de provincie via de voortgang",
    Herkomst.INFORMEEL: "signaal van de provincie via informeel contact",
    Herkomst.ONTWERPEND_ONDERZOEK: "ontwerpend onderzoek (werkplaats, kaartsessie)",
    Herkomst.UITVOERINGSSTRATEGIE: "uitvoeringsstrategie van de Nota Ruimte (eerste inkadering)",
}


class Prioriteit(StrEnum):
    """Priority on the shared list of beeldvorming ("inclusief prioritering en planning", §4.1 stap 1).

    The seeds give no scale; three levels are a design choice of this platform.
    """

    HOOG = "hoog"
    MIDDEN = "midden"
    LAAG = "laag"


class Tafel(StrEnum):
    """The tables a vraagstuk can be brought to (seed 002 §4.1, §4.3)."""

    ACCOUNTTEAM = "accountteam"  # landsdelig accountteam (informeel)
    REGIETAFEL = "regietafel"  # interdepartementale Regietafel NOVEX
    DO_NOVEX = "do-novex"  # Directeurenoverleg NOVEX, per provincie
    GP_DG = "gp-dg"  # Gedeputeerde–directeur-generaal, per provincie
    BOL = "bol"  # Bestuurlijk Overleg Leefomgeving, per landsdeel


TAFEL_NAMEN: dict[str, str] = {
    Tafel.ACCOUNTTEAM: "accountteam (landsdeel)",
    Tafel.REGIETAFEL: "Regietafel NOVEX",
    Tafel.DO_NOVEX: "DO NOVEX",
    Tafel.GP_DG: "GP-DG-overleg",
    Tafel.BOL: "BOL",
}

DECISION_TABLES = (Tafel.DO_NOVEX, Tafel.GP_DG, Tafel.BOL)
"""The tables of besluitvorming, in their order (seed 002 §4.1 stap 3)."""


class Leidend(StrEnum):
    """Who leads a vraagstuk by the vuistregel of seed 002 §3.6."""

    VRO = "vro"  # wegen, prioriteren, uitruilen, richting kiezen
    DEPARTEMENT = "departement"  # formele sectorale besluiten met rechtsgevolg


class Aard(StrEnum):
    """What a vraagstuk asks for, the input of the vuistregel (seed 002 §3.6)."""

    WEGEN = "wegen"
    PRIORITEREN = "prioriteren"
    UITRUILEN = "uitruilen"
    RICHTING_KIEZEN = "richting-kiezen"
    SECTORAAL_BESLUIT = "formeel-sectoraal-besluit"  # formeel sectoraal besluit met rechtsgevolg


CRITERIA: dict[str, str] = {
    "1": "multi-sectoraal en integraal: minstens twee domeinen raken elkaar en dat vergt een integrale afweging",
    "2a": "een specifiek gebied waar ruimteclaims voor spanning zorgen",
    "2b": "een provincie-overstijgende opgave die meerdere regio's raakt",
    "3": "inhoudelijke prioriteit (bestuurlijk prioritaire vraagstukken uit de Nota Ruimte en/of POVI's)",
}
"""The selection criteria of seed 002 §3.3 (and §4.1 stap 1), by code."""


@dataclass(frozen=True)
class Criterium:
    """One triage criterion: what the data suggest (None: the data cannot tell), and a person's decision."""

    code: str
    suggestie: bool | None = None
    onderbouwing: str = ""
    besluit: bool | None = None
    motivering: str | None = None


@dataclass(frozen=True)
class Triage:
    """The thorough triage of §3.3 / §4.1 stap 1: four criteria, the accounthouder's advice and who decided."""

    criteria: tuple[Criterium, ...] = ()
    advies: str | None = None  # the VRO accounthouder's advice
    besloten_door: str | None = None  # e.g. "Regietafel NOVEX" or "accountteam Noordwest"
    afwijking: str | None = None  # motivation when going on although the criteria are not met

    def criterium(self, code: str) -> Criterium | None:
        """The criterion with this code, if recorded."""
        return next((c for c in self.criteria if c.code == code), None)

    @property
    def complete(self) -> bool:
        """Every criterion decided by a person, an advice and who decided recorded."""
        decided = {c.code for c in self.criteria if c.besluit is not None}
        return decided >= set(CRITERIA) and bool(self.advies) and bool(self.besloten_door)

    @property
    def criteria_met(self) -> bool:
        """Whether the decided criteria support going on: 1, 2a or 2b, and 3 (seed 002 §3.3)."""
        met = {c.code for c in self.criteria if c.besluit}
        return "1" in met and ("2a" in met or "2b" in met) and "3" in met


AANPAK_VELDEN: dict[str, str] = {
    "aanpak": "Aanpak",
    "tempo": "Tempo",
    "fasering": "Fasering",
    "rolverdeling": "Rolverdeling",
    "besluitvorming": "Benodigde besluitvorming: wat moet bestuurlijk worden vastgelegd?",
    "monitoring": "Hoe het besluit wordt gemonitord",
}
"""The contents of the Format aanpak vraagstuk (kort A5), seed 002 §4.1 stap 2."""


@dataclass(frozen=True)
class Tafelbesluit:
    """What one table of besluitvorming concluded on a vraagstuk (seed 002 §4.1 stap 3)."""

    tafel: str  # do-novex, gp-dg or bol
    datum: date
    uitkomst: str  # the advice or the decision
    consensus: bool | None = None  # DO NOVEX: was there consensus? (no: escalate to GP-DG)
    verschillen: str | None = None  # the differences of view, required without consensus
    vastgelegd_door: str = ""


@dataclass(frozen=True)
class Bijdrage:
    """A comment or expert contribution on a vraagstuk."""

    id: int
    auteur: str
    rol: str
    tekst: str
    tijdstip: datetime
    departement: str | None = None
    provincie: str | None = None


@dataclass(frozen=True)
class VraagstukDraft:
    """What a user gives to signal or change a vraagstuk (lists of links by id)."""

    titel: str
    provincies: tuple[str, ...]
    herkomst: str
    beschrijving: str | None = None
    gebieden: tuple[str, ...] = ()  # NOVEX areas (catalogue ids)
    domeinen: tuple[str, ...] = ()
    claims: tuple[int, ...] = ()
    conflicten: tuple[str, ...] = ()  # the analysis' conflict ids, e.g. "C-12-40"
    doelen: tuple[str, ...] = ()  # catalogue goal ids
    belangen: tuple[str, ...] = ()  # NOVI national interests / priorities (catalogue ids)
    besluiten: tuple[str, ...] = ()  # adopted decisions in the register (the guard)
    accounthouder: str | None = None  # e-mail of a VRO user
    prioriteit: str | None = None
    planning: str | None = None
    volgende_tafel: str | None = None
    deadline: date | None = None
    aard: tuple[str, ...] = ()
    inkadering: str | None = None  # the light first framing (NR uitvoeringsstrategie, POVI)


@dataclass(frozen=True)
class Vraagstuk(VraagstukDraft):
    """A stored vraagstuk: its phase, outcome, triage, lead party, approach, decisions and version."""

    id: int = 0
    fase: str = "gesignaleerd"
    uitkomst_plek: str | None = None  # elders belegd: where
    uitkomst_reden: str | None = None  # elders belegd / afgesloten / knelpunt: why
    leidend: str | None = None  # decided by a person: vro or departement
    leidend_departement: str | None = None
    leidend_motivering: str | None = None
    triage: Triage = field(default_factory=Triage)
    aanpak: dict[str, str] = field(default_factory=dict)
    tafelbesluiten: tuple[Tafelbesluit, ...] = ()
    aangemaakt_door: str = ""
    aangemaakt_op: datetime | None = None
    gewijzigd_op: datetime | None = None
    version: int = 1

    @property
    def state(self) -> str:
        """The BOB phase, for the flow engine."""
        return self.fase

    @property
    def provincie(self) -> str | None:
        """The first province (the audit trail files the vraagstuk under it)."""
        return self.provincies[0] if self.provincies else None

    @property
    def aanpak_compleet(self) -> bool:
        """All six parts of the Format aanpak vraagstuk are filled in."""
        return all((self.aanpak.get(k) or "").strip() for k in AANPAK_VELDEN)

    @property
    def products(self) -> frozenset[str]:
        """The products present, by the names the BOB flow requires (see `novex.dialogue.bob`)."""
        present = set()
        if (self.inkadering or "").strip():
            present.add("inkadering")
        if self.triage.complete:
            present.add("triage")
        if self.aanpak_compleet:
            present.add("aanpak")
        if self.tafelbesluiten:
            present.add("tafelbesluit")
        if any(_settles(b) for b in self.tafelbesluiten):
            present.add("besluit")
        return frozenset(present)


def _settles(besluit: Tafelbesluit) -> bool:
    """A table outcome that settles the vraagstuk: the BOL's choice, or a DO NOVEX with consensus."""
    return besluit.tafel == Tafel.BOL or (besluit.tafel == Tafel.DO_NOVEX and besluit.consensus is True)


@dataclass(frozen=True)
class VraagstukKaart:
    """What a card on the board shows of a vraagstuk (read in one light query for a thousand of them)."""

    id: int
    titel: str
    fase: str
    provincies: tuple[str, ...]
    prioriteit: str | None = None
    accounthouder: str | None = None
    leidend: str | None = None
    leidend_departement: str | None = None
    volgende_tafel: str | None = None
    deadline: date | None = None
    gewijzigd_op: datetime | None = None


@dataclass(frozen=True)
class VraagstukFilter:
    """Which vraagstukken to list: any combination of the board's filters."""

    provincies: tuple[str, ...] = ()
    fasen: tuple[str, ...] = ()
    domeinen: tuple[str, ...] = ()
    gebieden: tuple[str, ...] = ()
    leidend: str | None = None
    accounthouder: str | None = None
    tekst: str | None = None
