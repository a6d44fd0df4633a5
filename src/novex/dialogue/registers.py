"""The two seeded registers of the vraagstukken dialogue: places (plekken) and adopted decisions.

`data/plekken.yaml` lists where a vraagstuk can be placed after triage ("elders belegd", seed 002
§4.1 stap 1): the national programmes of seed 003 Bijlage II, the newer programme names of seed 002,
the ministries and a few other tables. NOVEX areas and provinces are not in the file; the open
registers add them from the catalogue.

`data/besluiten.yaml` lists adopted policy and decisions (vastgesteld beleid, genomen besluiten) that
the dialogue does not reopen (seed 002 §3.3 NB); the platform warns when a vraagstuk touches one.

Both files are hand-extracted from the seeds and so untrusted: every entry is validated, every quote
is looked up in its seed, ids are unique and references resolve. Errors are in Dutch and name the file
and the entry. `load_plekken` and `load_besluiten` validate any file (an editor's copy, a test's temp
file); `plekken()` and `besluiten()` return the shipped registers, validated once per process.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import date
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from novex.catalog.model import PROVINCE_CODES, Slug, Source, Strict
from novex.catalog.service import catalogus
from novex.catalog.sources import quote_in_seed
from novex.errors import InvalidInput

__all__ = [
    "BESLUITEN_FILE",
    "PLEKKEN_FILE",
    "Plek",
    "RegisterError",
    "VastgesteldBesluit",
    "Vermelding",
    "besluit",
    "besluiten",
    "load_besluiten",
    "load_plekken",
    "plek",
    "plekken",
]

DATA: Traversable = resources.files("novex.dialogue").joinpath("data")
PLEKKEN_FILE = "plekken.yaml"
BESLUITEN_FILE = "besluiten.yaml"
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
# Ids the open registers give the places they add from the catalogue (novex.dialogue.open_registers).
RESERVED_PREFIXES = ("novex-gebied-", "provincie-")

PlekSoort = Literal["nationaal-programma", "ministerie", "overig"]
BesluitSoort = Literal["beleid", "besluit"]


class RegisterError(InvalidInput):
    """A register data file is invalid; the message names the file and the entry."""


class Vermelding(Strict):
    """Another mention of the same place in the seeds: another spelling, group or owner."""

    naam: str = Field(min_length=2)
    verantwoordelijk: str | None
    groep: str | None
    source: Source


class Plek(Strict):
    """A place where a vraagstuk can be placed: a national programme, a ministry, another table.

    `naam`, `verantwoordelijk` and `groep` are as the seed writes them (`groep`: the heading of seed
    003 Bijlage II without its count). `vervangt` names the entry a newer name replaces, only where
    the seeds make that clear; `toelichting` then says why. `ook_vermeld` holds other mentions of the
    same place (seed 003 lists one programme in two groups).
    """

    id: Slug = Field(pattern=ID_PATTERN)
    naam: str = Field(min_length=2)
    soort: PlekSoort
    verantwoordelijk: str | None
    groep: str | None
    geldigheid: str = Field(min_length=4)
    vervangt: Slug | None = None
    toelichting: str | None = None
    ook_vermeld: tuple[Vermelding, ...] = ()
    source: Source

    @field_validator("id")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value.startswith(RESERVED_PREFIXES):
            raise ValueError(f"id mag niet beginnen met {' of '.join(RESERVED_PREFIXES)} (die voegt de code toe)")
        return value

    @model_validator(mode="after")
    def _replacement_explained(self) -> Plek:
        if self.vervangt == self.id:
            raise ValueError("een plek kan zichzelf niet vervangen")
        if self.vervangt is not None and not self.toelichting:
            raise ValueError("bij vervangt hoort een toelichting: waarom is het dezelfde plek?")
        return self

    @property
    def groepen(self) -> tuple[str, ...]:
        """Every group heading the place is listed under (one, two, or none)."""
        heads = (self.groep, *(v.groep for v in self.ook_vermeld))
        return tuple(dict.fromkeys(g for g in heads if g is not None))

    @property
    def namen(self) -> tuple[str, ...]:
        """Every name the seeds give the place, its own first."""
        return tuple(dict.fromkeys((self.naam, *(v.naam for v in self.ook_vermeld))))


class VastgesteldBesluit(Strict):
    """Adopted policy or a decision taken, as the seeds describe it.

    The date is only as precise as the seed: `datum` when it names a day, else `jaar` (and `maand`);
    `datum_tekst` holds the seed's own words. `plek` links to a place in plekken.yaml,
    `novex_gebied` to a NOVEX area of the catalogue, `provincie` to a province (CBS code).
    """

    id: Slug = Field(pattern=ID_PATTERN)
    titel: str = Field(min_length=2)
    orgaan: str | None
    datum: date | None = None
    jaar: int | None = Field(default=None, ge=1900, le=2100)
    maand: int | None = Field(default=None, ge=1, le=12)
    datum_tekst: str | None
    soort: BesluitSoort
    plek: Slug | None = None
    novex_gebied: Slug | None = None
    provincie: str | None = None
    toelichting: str | None = None
    source: Source

    @model_validator(mode="after")
    def _date_as_precise_as_the_seed(self) -> VastgesteldBesluit:
        if self.datum is not None and (self.jaar is not None or self.maand is not None):
            raise ValueError("geef óf een datum óf jaar/maand, niet beide")
        if self.maand is not None and self.jaar is None:
            raise ValueError("een maand zonder jaar kan niet; zet de woorden van de seed in datum_tekst")
        if (self.datum is not None or self.jaar is not None) and not self.datum_tekst:
            raise ValueError("bij een datum of jaar hoort datum_tekst: de woorden van de seed")
        if self.provincie is not None and self.provincie not in PROVINCE_CODES:
            raise ValueError(f"onbekende provinciecode {self.provincie!r}")
        return self

    @property
    def jaartal(self) -> int | None:
        """The year of adoption, where the seed gives one."""
        return self.datum.year if self.datum is not None else self.jaar

    @property
    def wanneer(self) -> str:
        """When, in the seed's words; 'datum onbekend' when the seed gives none."""
        return self.datum_tekst or "datum onbekend"


# --- reading and validating -----------------------------------------------------------------------

M = TypeVar("M", bound=BaseModel)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (libyaml when present) that leaves dates as text for pydantic to check.

    PyYAML would turn 2021-02-30 into an exception without a line; pydantic names the entry.
    """


_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)

_MESSAGES: dict[str, Callable[[dict[str, Any]], str]] = {
    "missing": lambda e: "verplicht veld ontbreekt",
    "extra_forbidden": lambda e: "onbekend veld",
    "model_type": lambda e: "verwacht velden (sleutel: waarde)",
    "model_attributes_type": lambda e: "verwacht velden (sleutel: waarde)",
    "string_type": lambda e: "moet tekst zijn",
    "string_too_short": lambda e: "te kort",
    "string_too_long": lambda e: "te lang",
    "string_pattern_mismatch": lambda e: "alleen kleine letters, cijfers en '-'",
    "literal_error": lambda e: f"ongeldige waarde {e.get('input')!r}; kies uit {_dutch_or(e['ctx']['expected'])}",
    "int_type": lambda e: "moet een geheel getal zijn",
    "int_parsing": lambda e: "moet een geheel getal zijn",
    "greater_than_equal": lambda e: f"moet minstens {e['ctx']['ge']} zijn",
    "less_than_equal": lambda e: f"mag hoogstens {e['ctx']['le']} zijn",
    "date_type": lambda e: "geen geldige datum (JJJJ-MM-DD)",
    "date_parsing": lambda e: "geen geldige datum (JJJJ-MM-DD)",
    "date_from_datetime_parsing": lambda e: "geen geldige datum (JJJJ-MM-DD)",
    "tuple_type": lambda e: "verwacht een lijst",
    "value_error": lambda e: str(e["ctx"]["error"]) if "ctx" in e else e["msg"],
}


def _dutch_or(expected: str) -> str:
    """Pydantic's "'a' or 'b'" as "'a' of 'b'"."""
    return expected.replace(" or ", " of ")


def _label(noun: str, item: Any, index: int) -> str:
    """'plek 'x'' by id, or 'plek nr. 3' when the entry has no usable id."""
    if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"]:
        return f"{noun} {item['id']!r}"
    return f"{noun} nr. {index + 1}"


def _describe(exc: ValidationError, name: str, label: str) -> list[str]:
    """One Dutch line per validation error: file, entry, field, what is wrong."""
    lines = []
    for err in exc.errors():
        where = ".".join(str(part) for part in err["loc"]) or "(geheel)"
        explain = _MESSAGES.get(err["type"])
        lines.append(f"{name}: {label}, veld {where}: {explain(dict(err)) if explain else err['msg']}")
    return lines


def _read(source: Traversable | Path, key: str) -> list[Any]:
    """The list under `key` in a YAML file; `RegisterError` when unreadable or shaped otherwise."""
    try:
        data = yaml.load(source.read_text("utf-8"), Loader=_Loader)  # noqa: S506 - a safe loader
    except FileNotFoundError as exc:
        raise RegisterError(f"{source.name}: bestand ontbreekt") from exc
    except yaml.YAMLError as exc:
        raise RegisterError(f"{source.name}: geen geldige YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise RegisterError(f"{source.name}: verwacht een lijst onder '{key}:'")
    return data[key]


def _parse(model: type[M], items: list[Any], name: str, noun: str) -> tuple[list[M], list[str]]:
    """Validate every entry; the valid ones and one problem line per fault."""
    parsed: list[M] = []
    problems: list[str] = []
    for index, item in enumerate(items):
        try:
            parsed.append(model.model_validate(item))
        except ValidationError as exc:
            problems += _describe(exc, name, _label(noun, item, index))
    return parsed, problems


def _sources(entry: Plek | VastgesteldBesluit) -> Iterator[Source]:
    yield entry.source
    if isinstance(entry, Plek):
        yield from (v.source for v in entry.ook_vermeld)


def _common_checks(entries: list[Plek] | list[VastgesteldBesluit], name: str, noun: str) -> list[str]:
    """Unique ids and quotes that are in their seeds."""
    problems = []
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            problems.append(f"{name}: {noun} {entry.id!r}: dubbele id")
        seen.add(entry.id)
        for source in _sources(entry):
            if not quote_in_seed(source.seed, source.quote):
                problems.append(
                    f"{name}: {noun} {entry.id!r}: citaat niet gevonden in {source.seed}: {source.quote[:80]!r}"
                )
    return problems


def _raise(problems: list[str]) -> None:
    if problems:
        raise RegisterError("\n".join(problems))


def load_plekken(source: Traversable | Path | None = None) -> tuple[Plek, ...]:
    """Read and validate a register of places (by default the shipped plekken.yaml)."""
    source = source if source is not None else DATA.joinpath(PLEKKEN_FILE)
    name = source.name
    entries, problems = _parse(Plek, _read(source, "plekken"), name, "plek")
    problems += _common_checks(entries, name, "plek")
    ids = {p.id for p in entries}
    for entry in entries:
        if entry.vervangt is not None and entry.vervangt not in ids:
            problems.append(f"{name}: plek {entry.id!r}: vervangt onbekende plek {entry.vervangt!r}")
    _raise(problems)
    return tuple(entries)


def load_besluiten(
    source: Traversable | Path | None = None,
    *,
    bekende_plekken: Iterable[Plek] | None = None,
    bekende_gebieden: Collection[str] | None = None,
) -> tuple[VastgesteldBesluit, ...]:
    """Read and validate a register of adopted decisions (by default the shipped besluiten.yaml).

    `plek` must name a place of `bekende_plekken` (default: the shipped register) and `novex_gebied`
    an area of `bekende_gebieden` (default: the catalogue's NOVEX areas).
    """
    source = source if source is not None else DATA.joinpath(BESLUITEN_FILE)
    name = source.name
    entries, problems = _parse(VastgesteldBesluit, _read(source, "besluiten"), name, "besluit")
    problems += _common_checks(entries, name, "besluit")
    place_ids = {p.id for p in (bekende_plekken if bekende_plekken is not None else plekken())}
    for entry in entries:
        if entry.plek is not None and entry.plek not in place_ids:
            problems.append(f"{name}: besluit {entry.id!r}: onbekende plek {entry.plek!r} (niet in {PLEKKEN_FILE})")
    if any(entry.novex_gebied for entry in entries):
        area_ids = set(bekende_gebieden) if bekende_gebieden is not None else _catalogue_areas()
        for entry in entries:
            if entry.novex_gebied is not None and entry.novex_gebied not in area_ids:
                problems.append(f"{name}: besluit {entry.id!r}: onbekend NOVEX-gebied {entry.novex_gebied!r}")
    _raise(problems)
    return tuple(entries)


def _catalogue_areas() -> set[str]:
    """The ids of the catalogue's NOVEX areas (loaded only when an entry names an area)."""
    return {g.id for g in catalogus().novex_gebieden}


# --- the shipped registers ------------------------------------------------------------------------


@cache
def plekken() -> tuple[Plek, ...]:
    """The shipped register of places, validated once per process."""
    return load_plekken()


@cache
def besluiten() -> tuple[VastgesteldBesluit, ...]:
    """The shipped register of adopted decisions, validated once per process."""
    return load_besluiten(bekende_plekken=plekken())


@cache
def _plekken_by_id() -> dict[str, Plek]:
    return {p.id: p for p in plekken()}


@cache
def _besluiten_by_id() -> dict[str, VastgesteldBesluit]:
    return {b.id: b for b in besluiten()}


def plek(key: str) -> Plek | None:
    """A place of the shipped register by id, or None."""
    return _plekken_by_id().get(key)


def besluit(key: str) -> VastgesteldBesluit | None:
    """An adopted decision of the shipped register by id, or None."""
    return _besluiten_by_id().get(key)
