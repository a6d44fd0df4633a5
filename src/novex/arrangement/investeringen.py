"""Investment agreements (part 5 of the RA): the register of known funds, validation and totals.

An investment agreement bundles or labels *existing* money of a national programme for an area
task ("gebundelde inzet en/of labelen voor gebiedsopgaven vanuit bestaande fondsen", seed 003
§4.1); "De investeringen vanuit het Rijk betreffen nadrukkelijk alleen bestaande budgetten" and the
national programmes stay responsible for allocating them (seed 003 §3). So the validation asks
for a named programme and a fund that exists in the register of known funds; the register
(`data/fondsen.yaml`) is configuration, every shipped entry cited from the seeds.

Amounts are `Decimal` euros, so totals add up exactly.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, ValidationError, model_validator

from novex.arrangement.model import Investeringsafspraak, RuimtelijkArrangement
from novex.catalog.model import Source, Strict
from novex.catalog.sources import quote_in_seed
from novex.errors import InvalidInput

DATA: Traversable = resources.files("novex.arrangement").joinpath("data")
FONDSEN_FILE = "fondsen.yaml"

FondsSoort = Literal["fonds", "regeling", "budget"]


class Fonds(Strict):
    """A known national fund, regulation or budget; `uit_seeds` says whether the seeds name it."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    naam: str = Field(min_length=2)
    soort: FondsSoort
    programma: str | None
    uit_seeds: bool
    toelichting: str | None = None
    source: Source | None

    @model_validator(mode="after")
    def _cited_or_explained(self) -> Fonds:
        if self.uit_seeds and self.source is None:
            raise ValueError("een fonds uit de seeds heeft een bron (seed, sectie, citaat)")
        if not self.uit_seeds and not (self.toelichting or "").strip():
            raise ValueError("een fonds dat niet uit de seeds komt heeft een toelichting: waar komt het vandaan?")
        return self


def load_fondsen(source: Traversable | Path | None = None) -> tuple[Fonds, ...]:
    """Read and validate a register of funds (by default the shipped fondsen.yaml); `InvalidInput` if wrong.

    Every entry is checked; ids are unique; every quote is found in its seed.
    """
    source = source if source is not None else DATA.joinpath(FONDSEN_FILE)
    name = source.name
    try:
        data = yaml.safe_load(source.read_text("utf-8"))
    except FileNotFoundError as exc:
        raise InvalidInput(f"{name}: bestand ontbreekt") from exc
    except yaml.YAMLError as exc:
        raise InvalidInput(f"{name}: geen geldige YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("fondsen"), list):
        raise InvalidInput(f"{name}: verwacht een lijst onder 'fondsen:'")
    fondsen: list[Fonds] = []
    problems: list[str] = []
    for index, item in enumerate(data["fondsen"]):
        label = _label(item, index)
        try:
            fonds = Fonds.model_validate(item)
        except ValidationError as exc:
            problems += [f"{name}: {label}, veld {'.'.join(map(str, e['loc'])) or '(geheel)'}: {e['msg']}"
                         for e in exc.errors()]  # fmt: skip
            continue
        if any(f.id == fonds.id for f in fondsen):
            problems.append(f"{name}: {label}: dubbele id")
        if fonds.source is not None and not quote_in_seed(fonds.source.seed, fonds.source.quote):
            quote = fonds.source.quote[:80]
            problems.append(f"{name}: {label}: citaat niet gevonden in {fonds.source.seed}: {quote!r}")
        fondsen.append(fonds)
    if problems:
        raise InvalidInput("\n".join(problems))
    return tuple(fondsen)


def _label(item: Any, index: int) -> str:
    if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"]:
        return f"fonds {item['id']!r}"
    return f"fonds nr. {index + 1}"


@cache
def fondsen() -> tuple[Fonds, ...]:
    """The shipped register of known funds, validated once per process."""
    return load_fondsen()


def bekende_fondsen() -> frozenset[str]:
    """The ids of the shipped register: the default set an investment's fund is checked against."""
    return frozenset(f.id for f in fondsen())


# --- validation -----------------------------------------------------------------------------------


def als_bedrag(value: object) -> Decimal | None:
    """An amount as a `Decimal`, or None when it is not a number (text, bool, None)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            return None
    return None


def investering_problemen(investering: Investeringsafspraak, fondsen: Collection[str]) -> list[str]:
    """What is wrong with one investment agreement, in Dutch (empty when valid).

    The amount must be a positive, finite number; a programme must be named (it stays responsible for
    the allocation); the fund must be one of `fondsen` (the ids of the register of known funds); what
    the money is labelled for must be said.
    """
    problems = []
    wie = f"investeringsafspraak {investering.sleutel!r}"
    bedrag = als_bedrag(investering.bedrag)
    if bedrag is None or not bedrag.is_finite():
        problems.append(f"{wie}: het bedrag {investering.bedrag!r} is geen eindig getal")
    elif bedrag <= 0:
        problems.append(f"{wie}: het bedrag moet groter dan nul zijn (nu {bedrag})")
    if not (investering.programma or "").strip():
        problems.append(
            f"{wie}: noem het nationale programma; dat blijft verantwoordelijk voor de toewijzing (seed 003 §3)"
        )
    if not (investering.fonds or "").strip():
        problems.append(f"{wie}: noem het bestaande fonds waaruit het geld komt (seed 003 §4.1, onderdeel 5)")
    elif investering.fonds not in fondsen:
        problems.append(
            f"{wie}: onbekend fonds {investering.fonds!r}: alleen bestaande fondsen uit het register "
            "(seed 003 §3: alleen bestaande budgetten)"
        )
    if not (investering.gelabeld_voor or "").strip():
        problems.append(f"{wie}: zeg voor welke gebiedsopgave het geld gelabeld is (seed 003 §4.1, onderdeel 5)")
    return problems


def controleer_investering(investering: Investeringsafspraak, fondsen: Collection[str] | None = None) -> None:
    """Raise `InvalidInput` with every problem of the investment (default: the shipped register's funds)."""
    problems = investering_problemen(investering, bekende_fondsen() if fondsen is None else fondsen)
    if problems:
        raise InvalidInput("; ".join(problems))


# --- totals ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Totalen:
    """Investment totals in euros: overall, per province, per programme, per (province, programme)."""

    totaal: Decimal
    per_provincie: dict[str, Decimal]
    per_programma: dict[str, Decimal]
    per_provincie_en_programma: dict[tuple[str, str], Decimal]


def totalen(arrangementen: Iterable[RuimtelijkArrangement]) -> Totalen:
    """The totals of the investment agreements of the given versions.

    Pass one version per province (e.g. each province's current one): versions of several years of
    the same province would count the same labelled money twice. Keys are sorted; the programme is
    taken as written, trimmed. Amounts that are not finite numbers are refused (`InvalidInput`).
    """
    per_provincie: dict[str, Decimal] = {}
    per_programma: dict[str, Decimal] = {}
    per_paar: dict[tuple[str, str], Decimal] = {}
    for ra in arrangementen:
        for inv in ra.investeringen:
            bedrag = als_bedrag(inv.bedrag)
            if bedrag is None or not bedrag.is_finite():
                raise InvalidInput(f"investeringsafspraak {inv.sleutel!r}: het bedrag is geen eindig getal")
            programma = inv.programma.strip()
            per_provincie[ra.provincie] = per_provincie.get(ra.provincie, Decimal(0)) + bedrag
            per_programma[programma] = per_programma.get(programma, Decimal(0)) + bedrag
            key = (ra.provincie, programma)
            per_paar[key] = per_paar.get(key, Decimal(0)) + bedrag
    return Totalen(
        totaal=sum(per_provincie.values(), Decimal(0)),
        per_provincie=dict(sorted(per_provincie.items())),
        per_programma=dict(sorted(per_programma.items())),
        per_provincie_en_programma=dict(sorted(per_paar.items())),
    )
