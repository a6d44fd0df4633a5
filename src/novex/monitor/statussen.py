"""The status vocabulary of the progress meter and the thresholds of the suggestion: configuration.

The seeds ask for a uniform monitor and one progress meter (seed 002 §4.1, §5) but define no
statuses, so the list lives in `data/statussen.yaml` and every screen that shows a status says it
is a design choice of this platform (`Statuslijst.ontwerpkeuze`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

import yaml

from novex.errors import InvalidInput

DATA: Traversable = resources.files("novex.monitor").joinpath("data")
STATUSSEN_FILE = "statussen.yaml"
CODE_SHAPE = "kleine letters, cijfers en '-'"
MAX_CODE = 40
"""A status code is stored with every status an owner sets (at most 40 characters)."""
KLEUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?")
"""A colour goes into style attributes and charts: a hex code only."""


@dataclass(frozen=True)
class StatusDef:
    """One status: its code, its Dutch name, what it means, its colour, and whether the platform may suggest it."""

    code: str
    naam: str
    betekenis: str
    kleur: str
    suggestie: bool = True


@dataclass(frozen=True)
class Statuslijst:
    """The configured vocabulary, the design-choice text the screens show, and the suggestion's thresholds."""

    statussen: tuple[StatusDef, ...]
    ontwerpkeuze: str
    meting_verouderd_na_dagen: int = 400
    mijlpaal_dichtbij_dagen: int = 90

    @property
    def codes(self) -> tuple[str, ...]:
        """The status codes, in the configured order."""
        return tuple(s.code for s in self.statussen)

    def get(self, code: str | None) -> StatusDef | None:
        """The status with this code, if configured."""
        return next((s for s in self.statussen if s.code == code), None)

    def naam(self, code: str | None) -> str:
        """The Dutch name of a status code ('geen status' for None)."""
        found = self.get(code)
        return found.naam if found else ("geen status" if code is None else code)


SUGGESTED = ("op-schema", "aandacht-nodig", "vertraagd", "gerealiseerd")
"""The codes the suggestion rules produce: a configured list must hold each of them."""


def lees_statuslijst(source: Traversable | Path | None = None) -> Statuslijst:
    """Read and check a status vocabulary (by default the shipped one); `InvalidInput` naming what is wrong."""
    source = source or DATA.joinpath(STATUSSEN_FILE)
    try:
        data = yaml.safe_load(source.read_text("utf-8"))
    except OSError as exc:
        raise InvalidInput(f"statuslijst {source}: niet te lezen (systeemfout {exc.errno})") from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"statuslijst {source}: geen UTF-8-tekst (byte {exc.start})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        waar = f" op regel {mark.line + 1}, kolom {mark.column + 1}" if mark is not None else ""
        raise InvalidInput(f"statuslijst {source}: niet te lezen, geen geldige YAML{waar}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("statussen"), list):
        raise InvalidInput(f"statuslijst {source}: verwacht een lijst 'statussen'")
    problems: list[str] = []
    statussen = []
    for n, item in enumerate(data["statussen"], start=1):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("code", "naam", "kleur")):
            problems.append(f"status {n}: code, naam en kleur zijn verplicht")
            continue
        code = item["code"]
        if not code or not all(c.isascii() and (c.islower() or c.isdigit() or c == "-") for c in code):
            problems.append(f"status {n}: code '{code[:60]}' mag alleen {CODE_SHAPE} bevatten")
        elif len(code) > MAX_CODE:
            problems.append(f"status {n}: code '{code[:60]}…' is langer dan {MAX_CODE} tekens")
        if not item["naam"].strip():
            problems.append(f"status {n}: naam is leeg")
        if not KLEUR.fullmatch(item["kleur"]):
            problems.append(f"status {n}: kleur '{item['kleur'][:40]}' is geen kleurcode als #1b6e3a of #abc")
        if not isinstance(item.get("betekenis", ""), str):
            problems.append(f"status {n}: betekenis is geen tekst")
        if not isinstance(item.get("suggestie", True), bool):
            problems.append(f"status {n}: suggestie is true of false")
        statussen.append(StatusDef(code, item["naam"], str(item.get("betekenis", "")), item["kleur"],
                                   item.get("suggestie", True) is True))  # fmt: skip
    codes = [s.code for s in statussen]
    problems += [f"status '{c}' staat er dubbel in" for c in sorted({c for c in codes if codes.count(c) > 1})]
    problems += [f"status '{c}' ontbreekt: de suggestie gebruikt die" for c in SUGGESTED if c not in codes]
    days = {k: data.get(k, default) for k, default in (("meting_verouderd_na_dagen", 400),
                                                        ("mijlpaal_dichtbij_dagen", 90))}  # fmt: skip
    problems += [f"{k}: een geheel aantal dagen van 1 tot 3650" for k, v in days.items()
                 if not isinstance(v, int) or isinstance(v, bool) or not 0 < v <= 3650]  # fmt: skip
    if not isinstance(data.get("ontwerpkeuze") or "", str):
        problems.append("ontwerpkeuze: is geen tekst")
    elif not str(data.get("ontwerpkeuze") or "").strip():
        problems.append("ontwerpkeuze: de tekst die het scherm toont ontbreekt")
    if problems:
        raise InvalidInput(f"statuslijst {source}: " + "; ".join(problems))
    return Statuslijst(tuple(statussen), str(data["ontwerpkeuze"]).strip(), **days)


@cache
def statuslijst() -> Statuslijst:
    """The shipped vocabulary (read once)."""
    return lees_statuslijst()
