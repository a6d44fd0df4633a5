"""The Ruimtelijk Arrangement and what it holds (seed 003 §4.1; seed 002 §3.4 and Bijlage 3).

A `RuimtelijkArrangement` is one version of the agreements of the Rijk and one province for one
year. It has the five parts of seed 003 §4.1 (`ONDERDELEN`), its agreements (`Afspraak`, with the
SMART fields), its investment agreements (`Investeringsafspraak`, part 5), the inclusion decision
per vraagstuk (`novex.arrangement.inclusie`), and the knots still open. Its status follows the flow
of `novex.arrangement.lifecycle`.

Two generations (seed 002 §1 and §3.4): the first, signed in 2023 by the minister for VRO with the
other bewindslieden (seed 003 §4.1), is the baseline; from the end of September 2026 the RA is a
compact yearly version adopted in the following BOL and not signed again.

Everything here is plain data: the checks live in `validatie` (shape), `smart` (SMART findings),
`investeringen` (funds and totals) and `lifecycle` (moves, immutability, next year's copy).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from novex.arrangement.inclusie import Inclusie
from novex.catalog.model import Source

SEED_002 = "002_007158e3502fce0d.txt"
SEED_003 = "003_ea5816389083bc68.txt"
SEED_004 = "004_96b59ff8675cf4bb.txt"
_HANDREIKING = "Handreiking Gebiedsgericht Werken – regie en samenhang (VNG, IPO en UvW)"
_AFSPRAKENFASE = "4.1 Regie per provincie: van startpakket naar ruimtelijk arrangement > Afsprakenfase"


class Generatie(StrEnum):
    """The two generations of the RA (seed 002 §1, §3.4)."""

    EERSTE = "eerste"  # the broad, signed RA of 2023 (seed 003 §4.1): the baseline
    JAARLIJKS = "jaarlijks"  # the compact yearly version of seed 002 Bijlage 3, adopted in the BOL


class Status(StrEnum):
    """The status of one version (the states of the flow in `novex.arrangement.lifecycle`)."""

    CONCEPT = "concept"
    VOORGELEGD = "voorgelegd"  # proposed for the BOL
    VASTGESTELD = "vastgesteld"  # adopted in a BOL (or, first generation, signed): immutable
    VERVANGEN = "vervangen"  # superseded by next year's adopted version


class EigenaarSoort(StrEnum):
    """Who can own the execution of an agreement (seed 002 §4.1: "eigenaarschap voor de uitvoering")."""

    MINISTERIE = "ministerie"  # a vakdepartement
    VRO = "vro"
    PROVINCIE = "provincie"
    NOVEX_GEBIED = "novex-gebied"
    OVERIG = "overig"  # e.g. a water board, a rijksuitvoeringsorganisatie


ONDERDELEN: dict[int, str] = {
    1: "Ruimtelijk beeld en wederkerige afspraken per provincie",
    2: "Cruciale nationale richtinggevende keuzes op de spanningspunten (door het Rijk)",
    3: "Bijdrage vanuit de NOVEX-gebieden op basis van de ontwikkelperspectieven",
    4: "Wederkerige afspraken over samenhangen in uitvoering (planning, organisatie, uitvoeringskracht Rijk)",
    5: "Investeringsafspraken per provincie (gebundelde inzet en/of labelen voor gebiedsopgaven vanuit "
    "bestaande fondsen)",
}
"""The five parts of an RA by number, with the seed's titles (seed 003 §4.1, Afsprakenfase)."""

INVESTERINGEN = 5
"""The part that holds the investment agreements (seed 003 §4.1)."""

KEUZES = 2
"""The part of the national directional choices, where a herschikking or uitruil belongs (seed 003 §4.1)."""

BRONNEN: dict[str, Source] = {
    "onderdelen": Source(seed=SEED_003, section=_AFSPRAKENFASE, quote="Het ruimtelijk arrangement bestaat uit:"),
    "ondertekening": Source(
        seed=SEED_003,
        section=_AFSPRAKENFASE,
        quote="De minister voor VRO tekent samen met de andere betrokken bewindslieden de afspraken met provincies",
    ),
    "niet-opnieuw-ondertekend": Source(
        seed=SEED_002,
        section="3.4 Doorontwikkeling Ruimtelijk Arrangement in de nieuwe cyclus",
        quote=(
            "Geactualiseerde arrangementen worden goedgekeurd in het BOL, maar hoeven formeel niet opnieuw "
            "ondertekend te worden."
        ),
    ),
    "vaststelling-in-bol": Source(
        seed=SEED_002,
        section="3.4 Doorontwikkeling Ruimtelijk Arrangement in de nieuwe cyclus",
        quote=(
            "Het geactualiseerde Ruimtelijk Arrangement wordt formeel vastgesteld in het daaropvolgende BOL en kan "
            "daarna jaarlijks worden geactualiseerd."
        ),
    ),
    "smart": Source(
        seed=SEED_002,
        section="3.4 Doorontwikkeling Ruimtelijk Arrangement in de nieuwe cyclus",
        quote="Afspraken zijn concreet en SMART.",
    ),
    "smart-model": Source(
        seed=SEED_004,
        section=(
            f"{_HANDREIKING} > Bijlage 1 - Handvatten voor een praktische aanpak > Onderdeel 2. Stappen (fasen) "
            "in een project/proces > Kwaliteit van projectresultaten"
        ),
        quote="SMART-model (Specifiek, Meetbaar, Acceptabel, Realistisch en Tijdsgebonden)",
    ),
    "eigenaarschap": Source(
        seed=SEED_002,
        section="4.1 Fasering voor de werkwijze > BOB-systematiek als denkkader > Besluitvorming",
        quote=(
            "Richtinggevende keuzes worden bestuurlijk bekrachtigd door overheden, net zoals het eigenaarschap voor "
            "de uitvoering, planning en juridische doorwerking."
        ),
    ),
    "herschikking": Source(
        seed=SEED_003,
        section="4.1 Regie per provincie: van startpakket naar ruimtelijk arrangement > Puzzelfase",
        quote="bijvoorbeeld een herschikking van opgaves binnen en tussen provincies",
    ),
    "uitruil": Source(
        seed=SEED_004,
        section=f"{_HANDREIKING} > 2.4 Werk integraal",
        quote="bijvoorbeeld een uitruil tussen provincies",
    ),
    "bestaande-budgetten": Source(
        seed=SEED_003,
        section="3 Inzet Rijksoverheid op ruimtelijke ordening > Gezamenlijke (regionale) investeringsagenda’s",
        quote=(
            "De investeringen vanuit het Rijk betreffen nadrukkelijk alleen bestaande budgetten, onder meer uit de "
            "nationale programma’s."
        ),
    ),
    "toewijzing-blijft-bij-programma": Source(
        seed=SEED_003,
        section="3 Inzet Rijksoverheid op ruimtelijke ordening > Gezamenlijke (regionale) investeringsagenda’s",
        quote="De nationale programma’s blijven eindverantwoordelijk voor de toewijzing van de budgetten.",
    ),
    "open-knoop": Source(
        seed=SEED_002,
        section=(
            "4.2 Uitwerking werkwijze doorbraken realiseren bij botsende ruimtelijke claims > "
            "4. Terugkoppeling in bestaande lijn > Rol Ruimtelijk Arrangement (RA)"
        ),
        quote=(
            "Niet als doel, maar als plek om uitkomst bestuurlijk te verankeren, of de markering van een knelpunt "
            "(indien er nog geen oplossing is)."
        ),
    ),
}
"""The seed passages this model rests on (the tests find each quote back in its seed)."""


@dataclass(frozen=True)
class Onderdeel:
    """One of the five parts of an RA: its number and this RA's own text for it (title from the seed)."""

    nummer: int
    toelichting: str = ""

    @property
    def titel(self) -> str:
        """The part's title in the words of seed 003 §4.1."""
        return ONDERDELEN.get(self.nummer, "")


def standaard_onderdelen() -> tuple[Onderdeel, ...]:
    """The five parts, in order, without text yet."""
    return tuple(Onderdeel(n) for n in ONDERDELEN)


@dataclass(frozen=True)
class Eigenaar:
    """An owner of the execution of an agreement: its kind and its name (a ministry, a province code, an area id)."""

    soort: str  # an EigenaarSoort
    naam: str


@dataclass(frozen=True)
class Acceptatie:
    """A party's acceptance of an agreement (the A of SMART), recorded per party."""

    partij: str
    akkoord: bool = True  # False: the party has explicitly not (yet) agreed
    datum: date | None = None
    toelichting: str = ""


@dataclass(frozen=True)
class Mijlpaal:
    """A milestone on the way to an agreement's deadline; `waarde` the indicator's value expected by then.

    The value lets the monitor hold measurements against the milestone (`novex.monitor.suggestie`).
    """

    omschrijving: str
    datum: date | None = None
    waarde: float | None = None


class HerschikkingSoort(StrEnum):
    """A national directional choice that moves tasks (seed 003 §4.1 herschikking; seed 004 §2.4 uitruil)."""

    HERSCHIKKING = "herschikking"  # "van opgaves binnen en tussen provincies"
    UITRUIL = "uitruil"  # "tussen provincies"


@dataclass(frozen=True)
class Herschikking:
    """A herschikking or uitruil of tasks, within or between provinces (part 2 of the RA)."""

    soort: str  # a HerschikkingSoort
    provincies: tuple[str, ...]  # CBS codes of the provinces involved
    toelichting: str = ""


@dataclass(frozen=True)
class Afspraak:
    """One agreement of an RA: what, who, where it comes from, and the SMART fields.

    `sleutel` is stable: it is kept when the agreement is copied into next year's version, so two
    versions can be compared agreement by agreement (`novex.arrangement.diff`); `id` is the row of
    this version. `basiswaarde` and `streefwaarde` hold what was entered: a number, or text when a
    person wrote one (the SMART check then says it is not a number).
    """

    sleutel: str
    tekst: str
    onderdeel: int = 1  # 1..5, a key of ONDERDELEN
    partijen: tuple[str, ...] = ()
    eigenaren: tuple[Eigenaar, ...] = ()
    # where it comes from and what it touches
    vraagstuk_id: int | None = None
    bol_besluit_id: int | None = None  # the BOL-afsprakenlijst entry (novex.meetings.agenda.BolAfspraak)
    doelen: tuple[str, ...] = ()  # catalogue goal ids
    claims: tuple[int, ...] = ()
    novex_gebied: str | None = None  # catalogue id of a NOVEX area
    # Specifiek
    resultaat: str = ""
    # Meetbaar
    indicator: str | None = None
    eenheid: str | None = None
    basiswaarde: float | str | None = None
    streefwaarde: float | str | None = None
    # Acceptabel
    acceptaties: tuple[Acceptatie, ...] = ()
    # Realistisch
    middelen: str | None = None
    capaciteit: str | None = None
    randvoorwaarden: str | None = None
    # Tijdsgebonden
    deadline: date | None = None
    mijlpalen: tuple[Mijlpaal, ...] = ()
    # part 2: a herschikking or uitruil of tasks
    herschikking: Herschikking | None = None
    id: int = 0

    def acceptatie(self, partij: str) -> Acceptatie | None:
        """The acceptance recorded for `partij`, if any."""
        return next((a for a in self.acceptaties if a.partij == partij), None)

    @property
    def niet_geaccepteerd(self) -> tuple[str, ...]:
        """The parties that have not (yet) accepted, in the order of `partijen`."""
        return tuple(p for p in self.partijen if (a := self.acceptatie(p)) is None or not a.akkoord)


@dataclass(frozen=True)
class Investeringsafspraak:
    """An investment agreement of part 5: existing money of a national programme labelled for an area task.

    Only existing budgets; the programme stays responsible for allocating them (seed 003 §3), so
    this records the bundling or labelling, not an allocation. `fonds` is an id of the register of
    known funds (`novex.arrangement.investeringen`); `afspraak` the `sleutel` of the agreement it serves.
    """

    sleutel: str
    programma: str
    fonds: str
    bedrag: Decimal
    gelabeld_voor: str
    afspraak: str | None = None
    id: int = 0


@dataclass(frozen=True)
class Ondertekening:
    """The signing of a first-generation RA: the date and the signatories (offices, not persons)."""

    datum: date
    ondertekenaars: tuple[str, ...]  # e.g. "minister voor VRO", "Gedeputeerde Staten van Utrecht"


@dataclass(frozen=True)
class Vaststelling:
    """The adoption of a yearly version: the BOL (meeting id of novex.meetings) and its date."""

    vergadering_id: int
    datum: date
    naam: str = ""  # e.g. "BOL Noordwest 2026"


@dataclass(frozen=True)
class OpenKnoop:
    """A knot still open: marked in the RA because there is no solution yet (seed 002 §4.2, step 4)."""

    omschrijving: str
    vraagstuk_id: int | None = None


@dataclass(frozen=True)
class RuimtelijkArrangement:
    """One version of the RA of one province for one year.

    `motiveringen` maps the key of a SMART finding (`novex.arrangement.smart.Bevinding.sleutel`) to
    the recorded reason why the version may go to the BOL with that finding open. `vorige_versie`
    and `vervangen_door` link the versions of one province (ids).
    """

    provincie: str  # CBS code, e.g. "PV26"
    jaar: int
    generatie: str = Generatie.JAARLIJKS
    status: str = Status.CONCEPT
    onderdelen: tuple[Onderdeel, ...] = field(default_factory=standaard_onderdelen)
    afspraken: tuple[Afspraak, ...] = ()
    investeringen: tuple[Investeringsafspraak, ...] = ()
    inclusies: tuple[Inclusie, ...] = ()
    open_knopen: tuple[OpenKnoop, ...] = ()
    ondertekening: Ondertekening | None = None
    vastgesteld_in: Vaststelling | None = None
    motiveringen: Mapping[str, str] = field(default_factory=dict)
    vorige_versie: int | None = None
    vervangen_door: int | None = None
    id: int = 0
    version: int = 1

    @property
    def state(self) -> str:
        """The status, for the flow engine."""
        return self.status

    @property
    def products(self) -> frozenset[str]:
        """What is recorded on the version, for the flow engine's `requires`."""
        present = {
            "vaststelling": self.vastgesteld_in is not None,
            "ondertekening": self.ondertekening is not None,
            "opvolger": self.vervangen_door is not None,
        }
        return frozenset(name for name, there in present.items() if there)

    def onderdeel(self, nummer: int) -> Onderdeel | None:
        """Part `nummer` of this version."""
        return next((o for o in self.onderdelen if o.nummer == nummer), None)

    def afspraak(self, sleutel: str) -> Afspraak | None:
        """The agreement with this stable key."""
        return next((a for a in self.afspraken if a.sleutel == sleutel), None)

    def afspraken_van(self, nummer: int) -> tuple[Afspraak, ...]:
        """The agreements of part `nummer`, in order."""
        return tuple(a for a in self.afspraken if a.onderdeel == nummer)

    def inclusie(self, vraagstuk_id: int) -> Inclusie | None:
        """The inclusion decision for a vraagstuk."""
        return next((i for i in self.inclusies if i.vraagstuk_id == vraagstuk_id), None)

    @property
    def opgenomen_vraagstukken(self) -> tuple[int, ...]:
        """The vraagstukken that meet all five inclusion criteria (seed 002 Bijlage 3 §4)."""
        return tuple(i.vraagstuk_id for i in self.inclusies if i.opgenomen)
