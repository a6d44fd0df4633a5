"""The yearly meeting cycle: plan a year's Regietafel, DO NOVEX, GP-DG and BOL meetings and the informal tables.

What the seeds fix (seed 002 §4.3, Bijlage 3 §3): one DO NOVEX and one GP-DG round per province per year
(12 each), one BOL per landsdeel per year (5); the Regietafel aligns the agenda of the DO NOVEX, the DO
NOVEX advises the GP-DG round, which advises (without deciding) for the BOL (seed 002 §4.1 stap 3). The
new way of working starts after the BOLs of September 2026 (seed 002 §1, §5), so the first year planned
is 2027. What they leave open (lead times, the BOL day, the frequency of the informal tables) are the
settings of `data/cyclus.yaml`, each a design choice (ontwerpkeuze).

`plan_year` plans back from each landsdeel's BOL: its provinces' GP-DGs before it, their DOs before those,
the Regietafel alignment of each DO agenda before that; then the periodic informal tables (Regietafel
NOVEX, accountteams, werkgroepen) through the cycle year, which by default runs from 1 October to
1 October. Landsdelen and their provinces come from `novex.reference.provinces.landsdelen()`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import Any, Literal

import yaml

from novex.catalog.model import Source
from novex.errors import InvalidInput
from novex.reference.provinces import Landsdeel, landsdelen, load_provinces

__all__ = [
    "BRONNEN",
    "CYCLUS_FILE",
    "EERSTE_JAAR",
    "SOORTEN",
    "VOLGORDE",
    "WERKDAGEN",
    "CyclusSettings",
    "GeplandOverleg",
    "Soort",
    "TafelSetting",
    "cyclus_settings",
    "load_cyclus",
    "plan_year",
]

DATA: Traversable = resources.files("novex.meetings").joinpath("data")
CYCLUS_FILE = "cyclus.yaml"
SEED_002 = "002_007158e3502fce0d.txt"

Soort = Literal["regietafel", "do-novex", "gp-dg", "bol", "accountteam", "werkgroep"]
SOORTEN: tuple[Soort, ...] = ("regietafel", "do-novex", "gp-dg", "bol", "accountteam", "werkgroep")
VOLGORDE: tuple[Soort, ...] = ("regietafel", "do-novex", "gp-dg", "bol")
"""The order of the formal cycle per province: align the DO agenda, DO NOVEX, GP-DG round, BOL."""

EERSTE_JAAR = 2027
"""The first year whose BOLs close a cycle of the new way of working (it starts after the BOLs of September 2026)."""

LAATSTE_JAAR = 9999  # the last year a Python date can hold

WERKDAGEN: dict[str, int] = {"maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4}
"""Dutch working-day names and their `date.weekday()` numbers."""

ONTWERPKEUZE = "ontwerpkeuze"
_GOVERNANCE = "Bijlage 3. ANNEX > 3. Nieuwe werkwijze en governance"
_INFORMEEL = (
    "Het grootste deel van de inhoudelijke voorbereiding vindt plaats in informele verbanden, zoals landsdelige "
    "accountteams, thematische werkgroepen en de interdepartementale Regietafel NOVEX."
)
BRONNEN: dict[str, Source] = {
    "regietafel": Source(
        seed=SEED_002, section="4.3 Vertaling naar governance", quote="Hier wordt de agenda van het DO NOVEX afgestemd."
    ),
    "do-novex": Source(seed=SEED_002, section=_GOVERNANCE, quote="Eén DO NOVEX per provincie per jaar;"),
    "gp-dg": Source(seed=SEED_002, section=_GOVERNANCE, quote="Eén GP/DG-ronde per provincie per jaar;"),
    "bol": Source(seed=SEED_002, section=_GOVERNANCE, quote="Eén BO Leefomgeving per landsdeel per jaar."),
    "informele-tafels": Source(seed=SEED_002, section=_GOVERNANCE, quote=_INFORMEEL),
    "do-voor-gp-dg": Source(
        seed=SEED_002,
        section="4.1 Fasering voor de werkwijze > Stap 3 – Besluitvorming > Wat doen we hier?",
        quote=(
            "Daarna komt het DO NOVEX met een eenduidig advies voor de politieke keuzes die gemaakt moeten worden "
            "in het GP-DG gesprek"
        ),
    ),
    "gp-dg-voor-bol": Source(
        seed=SEED_002,
        section="4.1 Fasering voor de werkwijze > Stap 3 – Besluitvorming > Wat doen we hier?",
        quote="Daarmee wordt een BOL-besluit voorbereid met advisering vanuit de GP-DG-overleggen.",
    ),
    "start": Source(
        seed=SEED_002,
        section="5. Start nieuwe werkwijze en cyclus",
        quote="na de BOL's van september 2026 kan de nieuwe werkwijze starten.",
    ),
}
"""The seed passages the planner rests on (the tests find each quote back in seed 002)."""

# The `bron` of each planned meeting: the seed passage that makes it exist (its date is always planned
# from the settings). Periodic informal meetings exist by the seed, but that they meet at a frequency
# is a design choice, so their bron is "ontwerpkeuze".
_BRON: dict[str, str] = {
    "regietafel": "seed 002 §4.3",
    "do-novex": "seed 002 Bijlage 3 §3",
    "gp-dg": "seed 002 Bijlage 3 §3",
    "bol": "seed 002 Bijlage 3 §3",
}


@dataclass(frozen=True)
class TafelSetting:
    """An informal table's rhythm: every `interval_weken` weeks on weekday `dag` (None: not planned)."""

    interval_weken: int | None
    dag: str


@dataclass(frozen=True)
class CyclusSettings:
    """The planner's settings (all design choices; the defaults are data/cyclus.yaml, `cyclus_settings()`).

    Invalid values raise `InvalidInput` on construction (also through `dataclasses.replace`).

    Lead times are in weeks between the steps of one province's chain; `spreiding_provincies_werkdagen`
    spreads a landsdeel's provinces over consecutive working days; `bol_standaard` gives per landsdeel
    the default BOL as (n, weekday): the n-th weekday of September; `cyclusstart` is (month, day) on
    which a cycle year begins (in the year before its BOLs) and the previous one ends.
    """

    regietafel_voor_do_weken: int
    do_voor_gp_dg_weken: int
    gp_dg_voor_bol_weken: int
    spreiding_provincies_werkdagen: int
    bol_standaard: Mapping[str, tuple[int, str]]
    cyclusstart: tuple[int, int]
    regietafel: TafelSetting
    accountteam: TafelSetting
    werkgroep: TafelSetting

    def __post_init__(self) -> None:
        object.__setattr__(self, "bol_standaard", MappingProxyType(dict(self.bol_standaard)))  # read-only copy
        problems = list(self._problems())
        if problems:
            raise InvalidInput("ongeldige cyclusinstellingen: " + "; ".join(problems))

    def _problems(self) -> Iterator[str]:
        for name in ("regietafel_voor_do_weken", "do_voor_gp_dg_weken", "gp_dg_voor_bol_weken"):
            value = getattr(self, name)
            if not _is_int(value) or value <= 0:
                yield f"doorlooptijd {name} moet een positief aantal weken zijn, niet {value!r}"
        spread = self.spreiding_provincies_werkdagen
        if not _is_int(spread) or spread < 0:
            yield f"spreiding_provincies_werkdagen moet 0 of meer werkdagen zijn, niet {spread!r}"
        codes = {part.code for part in landsdelen()[0]}
        unknown = sorted(set(self.bol_standaard) - codes)
        missing = sorted(codes - set(self.bol_standaard))
        if unknown:
            yield f"bol_standaard: onbekend landsdeel {', '.join(unknown)}; bekend: {', '.join(sorted(codes))}"
        if missing:
            yield f"bol_standaard: geen BOL-dag voor landsdeel {', '.join(missing)}"
        for code, (week, dag) in self.bol_standaard.items():
            if not _is_int(week) or not 1 <= week <= 4:
                yield f"bol_standaard {code}: week moet 1 t/m 4 zijn (de n-de {dag} van september), niet {week!r}"
            if dag not in WERKDAGEN:
                yield f"bol_standaard {code}: {dag!r} is geen werkdag; kies uit {', '.join(WERKDAGEN)}"
        month, day = self.cyclusstart
        try:
            date(2001, month, day)
        except (TypeError, ValueError):
            yield f"cyclusstart ({month!r}, {day!r}) is geen geldige maand en dag"
        for name in ("regietafel", "accountteam", "werkgroep"):
            tafel: TafelSetting = getattr(self, name)
            interval = tafel.interval_weken
            if interval is not None and (not _is_int(interval) or interval <= 0):
                yield f"{name}: interval_weken moet een positief aantal weken of leeg zijn, niet {interval!r}"
            if tafel.dag not in WERKDAGEN:
                yield f"{name}: {tafel.dag!r} is geen werkdag; kies uit {', '.join(WERKDAGEN)}"


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class GeplandOverleg:
    """One planned meeting of the cycle.

    `soort` is the kind of meeting; `datum` a working day; `provincie` (CBS code) is set for the DO NOVEX,
    the GP-DG round and the Regietafel alignment of that province's DO agenda; `landsdeel` (code) for
    the BOL, the accountteam and the werkgroep. `naam` is the Dutch name; `bron` the seed passage the
    meeting rests on ("seed 002 §4.3") or "ontwerpkeuze" for a periodic informal meeting.
    """

    soort: Soort
    datum: date
    naam: str
    bron: str
    provincie: str | None = None
    landsdeel: str | None = None


# --- reading the settings --------------------------------------------------------------------------


def _setting(data: Mapping[str, Any], *path: str) -> Any:
    """The `waarde` of a setting at `path`, after checking it is marked as a design choice with a reason."""
    node: Any = data
    for key in path:
        if not isinstance(node, Mapping) or key not in node:
            raise InvalidInput(f"{CYCLUS_FILE}: instelling {'.'.join(path)} ontbreekt")
        node = node[key]
    where = ".".join(path)
    if not isinstance(node, Mapping) or set(node) != {"waarde", "ontwerpkeuze", "toelichting"}:
        raise InvalidInput(f"{CYCLUS_FILE}: {where} moet precies waarde, ontwerpkeuze en toelichting hebben")
    if node["ontwerpkeuze"] is not True:
        raise InvalidInput(f"{CYCLUS_FILE}: {where} staat niet in de seeds en moet ontwerpkeuze: true hebben")
    if "de seeds geven de volgorde, niet de doorlooptijden" not in str(node["toelichting"]).lower():
        raise InvalidInput(f"{CYCLUS_FILE}: de toelichting van {where} moet zeggen dat de seeds de volgorde geven")
    return node["waarde"]


def _tafel(data: Mapping[str, Any], name: str) -> TafelSetting:
    value = _setting(data, "informele_tafels", name)
    if not isinstance(value, Mapping) or set(value) != {"interval_weken", "dag"}:
        raise InvalidInput(f"{CYCLUS_FILE}: informele_tafels.{name} vraagt interval_weken en dag")
    return TafelSetting(value["interval_weken"], value["dag"])


def load_cyclus(text: str) -> CyclusSettings:
    """Read and validate settings (the YAML of cyclus.yaml); `InvalidInput` in Dutch otherwise."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise InvalidInput(f"{CYCLUS_FILE}: geen geldige YAML ({error})") from None
    if not isinstance(data, Mapping):
        raise InvalidInput(f"{CYCLUS_FILE}: verwacht instellingen (sleutel: waarde)")
    bol: dict[str, tuple[int, str]] = {}
    for code in data.get("bol_standaard") or {}:
        value = _setting(data, "bol_standaard", code)
        if not isinstance(value, Mapping) or set(value) != {"week", "dag"}:
            raise InvalidInput(f"{CYCLUS_FILE}: bol_standaard.{code} vraagt week en dag")
        bol[code] = (value["week"], value["dag"])
    start = _setting(data, "cyclusstart")
    if not isinstance(start, Mapping) or set(start) != {"maand", "dag"}:
        raise InvalidInput(f"{CYCLUS_FILE}: cyclusstart vraagt maand en dag")
    return CyclusSettings(
        regietafel_voor_do_weken=_setting(data, "doorlooptijden", "regietafel_voor_do_weken"),
        do_voor_gp_dg_weken=_setting(data, "doorlooptijden", "do_voor_gp_dg_weken"),
        gp_dg_voor_bol_weken=_setting(data, "doorlooptijden", "gp_dg_voor_bol_weken"),
        spreiding_provincies_werkdagen=_setting(data, "doorlooptijden", "spreiding_provincies_werkdagen"),
        bol_standaard=bol,
        cyclusstart=(start["maand"], start["dag"]),
        regietafel=_tafel(data, "regietafel"),
        accountteam=_tafel(data, "accountteam"),
        werkgroep=_tafel(data, "werkgroep"),
    )


@cache
def cyclus_settings() -> CyclusSettings:
    """The shipped settings of data/cyclus.yaml, validated once per process."""
    return load_cyclus(DATA.joinpath(CYCLUS_FILE).read_text("utf-8"))


# --- dates ------------------------------------------------------------------------------------------


def _werkdag(day: date) -> date:
    """The day itself if it is Monday–Friday, else the Friday before it."""
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _werkdagen_terug(day: date, count: int) -> date:
    """`count` working days before `day` (a working day)."""
    for _ in range(count):
        day = _werkdag(day - timedelta(days=1))
    return day


def _nde_weekdag(year: int, month: int, n: int, dag: str) -> date:
    """The n-th `dag` (Dutch weekday name) of a month."""
    first = date(year, month, 1)
    offset = (WERKDAGEN[dag] - first.weekday()) % 7
    return first + timedelta(days=offset + 7 * (n - 1))


def _eerste_weekdag_vanaf(day: date, dag: str) -> date:
    return day + timedelta(days=(WERKDAGEN[dag] - day.weekday()) % 7)


# --- planning ---------------------------------------------------------------------------------------


def _provincienamen() -> dict[str, str]:
    return {p.code: p.naam for p in load_provinces()}


def _check_year(year: int) -> None:
    if not _is_int(year):
        raise InvalidInput(f"jaar moet een geheel getal zijn, niet {year!r}")
    if year > LAATSTE_JAAR:
        raise InvalidInput(f"jaar {year} ligt te ver weg; plan een jaar tot en met {LAATSTE_JAAR}")
    if year < EERSTE_JAAR:
        raise InvalidInput(
            f"jaar {year} kan niet: de nieuwe werkwijze start na de BOL's van september 2026 "
            f"(seed 002 §1 en §5); plan een jaar vanaf {EERSTE_JAAR}"
        )


def _bol_datums(
    year: int, parts: tuple[Landsdeel, ...], bol_dates: Mapping[str, date] | None, settings: CyclusSettings
) -> dict[str, date]:
    codes = [part.code for part in parts]
    given = dict(bol_dates or {})
    problems: list[str] = []
    for code, day in given.items():
        if code not in codes:
            problems.append(f"onbekend landsdeel {code!r} in bol_dates; bekend: {', '.join(codes)}")
        elif not isinstance(day, date) or isinstance(day, datetime):
            problems.append(f"BOL-datum voor {code} moet een datum zijn, niet {day!r}")
        elif day.year != year:
            problems.append(f"BOL-datum {day.isoformat()} voor {code} valt niet in {year}")
        elif day.weekday() >= 5:
            problems.append(f"BOL-datum {day.isoformat()} voor {code} valt in het weekend; kies een werkdag")
    if problems:
        raise InvalidInput("; ".join(problems))
    dates: dict[str, date] = {}
    for code in codes:
        if code in given:
            dates[code] = given[code]
        else:
            week, dag = settings.bol_standaard[code]
            dates[code] = _nde_weekdag(year, 9, week, dag)
    return dates


def _periodiek(start: date, end: date, tafel: TafelSetting) -> Iterator[date]:
    """Every `interval_weken` weeks on `dag`, from the first such day on or after `start`, before `end`."""
    if tafel.interval_weken is None:
        return
    day = _eerste_weekdag_vanaf(start, tafel.dag)
    while day < end:
        yield _werkdag(day)
        day += timedelta(weeks=tafel.interval_weken)


def plan_year(
    year: int, *, bol_dates: Mapping[str, date] | None = None, settings: CyclusSettings | None = None
) -> tuple[GeplandOverleg, ...]:
    """Plan the meeting cycle that ends with the BOLs of `year`, sorted by date.

    `bol_dates` fixes the BOL of some landsdelen (code -> a working day in `year`); the others get their
    default September day from the settings. Per landsdeel, each province's GP-DG lies
    `gp_dg_voor_bol_weken` before the BOL (provinces spread over working days), its DO NOVEX
    `do_voor_gp_dg_weken` before that and the Regietafel alignment of the DO agenda
    `regietafel_voor_do_weken` before the DO. The informal tables meet periodically through the whole
    cycle year, from `cyclusstart` in `year - 1` up to the same day in `year` (the dialogue is continuous,
    so they do not depend on the BOL dates). Invalid input raises `InvalidInput` in Dutch.
    """
    _check_year(year)
    settings = settings if settings is not None else cyclus_settings()
    if not isinstance(settings, CyclusSettings):
        raise InvalidInput("settings moeten CyclusSettings zijn")
    parts, _ = landsdelen()
    bols = _bol_datums(year, parts, bol_dates, settings)
    names = _provincienamen()
    month, day = settings.cyclusstart
    start, end = date(year - 1, month, day), date(year, month, day)

    plan: list[GeplandOverleg] = []
    for part in parts:
        bol = bols[part.code]
        plan.append(GeplandOverleg("bol", bol, f"BOL {part.naam}", _BRON["bol"], landsdeel=part.code))
        gp_dg_base = _werkdag(bol - timedelta(weeks=settings.gp_dg_voor_bol_weken))
        last = len(part.provincies) - 1
        for index, code in enumerate(part.provincies):
            naam = names[code]
            gp_dg = _werkdagen_terug(gp_dg_base, (last - index) * settings.spreiding_provincies_werkdagen)
            do = _werkdag(gp_dg - timedelta(weeks=settings.do_voor_gp_dg_weken))
            regie = _werkdag(do - timedelta(weeks=settings.regietafel_voor_do_weken))
            if regie < start:
                raise InvalidInput(
                    f"de keten voor {naam} begint op {regie.isoformat()}, vóór de start van het cyclusjaar "
                    f"({start.isoformat()}); kies een latere BOL-datum voor {part.naam} of kortere doorlooptijden"
                )
            plan += [
                GeplandOverleg(
                    "regietafel",
                    regie,
                    f"Regietafel NOVEX: agenda DO NOVEX {naam}",
                    _BRON["regietafel"],
                    provincie=code,
                ),
                GeplandOverleg("do-novex", do, f"DO NOVEX {naam}", _BRON["do-novex"], provincie=code),
                GeplandOverleg("gp-dg", gp_dg, f"GP-DG-overleg {naam}", _BRON["gp-dg"], provincie=code),
            ]
        for when in _periodiek(start, end, settings.accountteam):
            plan.append(
                GeplandOverleg("accountteam", when, f"Accountteam {part.naam}", ONTWERPKEUZE, landsdeel=part.code)
            )
        for when in _periodiek(start, end, settings.werkgroep):
            naam = f"Thematische werkgroep {part.naam}"
            plan.append(GeplandOverleg("werkgroep", when, naam, ONTWERPKEUZE, landsdeel=part.code))
    for when in _periodiek(start, end, settings.regietafel):
        plan.append(GeplandOverleg("regietafel", when, "Regietafel NOVEX", ONTWERPKEUZE))
    order = {soort: i for i, soort in enumerate(SOORTEN)}
    return tuple(sorted(plan, key=lambda o: (o.datum, order[o.soort], o.naam)))
