"""The open registers as one view: places to put a vraagstuk elsewhere, and adopted decisions.

Seeded from the shipped registers (`novex.dialogue.registers`: seed 003 Bijlage II and the
newer names of seed 002), the catalogue's NOVEX areas and the twelve provinces, plus the
entries users added (stored in the database).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from novex.catalog.loader import Catalogus
from novex.dialogue import registers
from novex.dialogue.ports import RegisterRepository
from novex.errors import text_problems

PLACE_KINDS = ("nationaal-programma", "provinciaal-programma", "ministerie", "novex-gebied", "provincie", "overig")
RESERVED = ("novex-gebied-", "provincie-")
"""Id prefixes of the places novex adds itself (the NOVEX areas and the provinces)."""
KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}\Z")


@dataclass(frozen=True)
class PlekRef:
    """A place where a vraagstuk can be placed (seed 002 §4.1 stap 1: "bij een specifiek departement, …")."""

    id: str
    naam: str
    soort: str
    verantwoordelijk: str | None
    bron: str
    geldigheid: str | None = None
    groep: str | None = None  # the group heading of seed 003 Bijlage II, for national programmes
    geldig_vanaf: str | None = None  # ISO dates of an added programme's validity
    geldig_tot: str | None = None


@dataclass(frozen=True)
class BesluitRef:
    """Adopted policy or a decision that is not reopened (seed 002 §3.3 NB)."""

    id: str
    titel: str
    orgaan: str | None
    wanneer: str
    bron: str


def _source(item: Any) -> str:
    source = getattr(item, "source", None)
    if source is None:
        return ""
    return f"seed {source.seed[:3]}, {source.section}"


def _when(item: Any) -> str:
    for name in ("datum_tekst", "datum", "jaar"):
        value = getattr(item, name, None)
        if value:
            return value.isoformat() if isinstance(value, date) else str(value)
    return "datum onbekend"


class Register:
    """Both registers, merged and looked up by id."""

    def __init__(self, places: list[PlekRef], decisions: list[BesluitRef]) -> None:
        self.places = places
        self.decisions = decisions
        self._places = {p.id: p for p in places}
        self._decisions = {d.id: d for d in decisions}

    def plek(self, key: str) -> PlekRef | None:
        """A place by id."""
        return self._places.get(key)

    def besluit(self, key: str) -> BesluitRef | None:
        """An adopted decision by id."""
        return self._decisions.get(key)

    def entry_problems(self, soort: str, values: Mapping[str, Any]) -> list[str]:
        """What is wrong with an entry a user adds (empty when sound)."""
        problems = []
        key = str(values.get("id") or "")
        if soort not in ("plek", "besluit"):
            return [f"soort '{soort}' bestaat niet (plek of besluit)"]
        if not KEY.match(key):
            problems.append("id: kleine letters, cijfers en '-', hoogstens 80 tekens")
        elif self.plek(key) or self.besluit(key):
            problems.append(f"id: '{key}' bestaat al")
        elif key.startswith(RESERVED):
            problems.append(f"id: '{key}' begint met {' of '.join(RESERVED)}: die ids maakt novex zelf")
        name = "naam" if soort == "plek" else "titel"
        if not str(values.get(name) or "").strip():
            problems.append(f"{name}: verplicht")
        if not str(values.get("bron") or "").strip():
            problems.append("bron: verplicht (waar staat het?)")
        if soort == "plek" and values.get("soort") not in PLACE_KINDS:
            problems.append(f"soort: kies uit {', '.join(PLACE_KINDS)}")
        problems += _validity_problems(values)
        if soort == "besluit" and not isinstance(values.get("datum"), date):
            problems.append("datum: verplicht (JJJJ-MM-DD)")
        problems += [p for k, v in values.items() if isinstance(v, str) for p in text_problems(k, v, 500)]
        return problems


def _validity_problems(values: Mapping[str, Any]) -> list[str]:
    """A national programme added by a user carries the date it is valid from (and may end)."""
    vanaf, tot = values.get("geldig_vanaf"), values.get("geldig_tot")
    problems = [f"{k}: geen datum (JJJJ-MM-DD)" for k, v in (("geldig_vanaf", vanaf), ("geldig_tot", tot))
                if v is not None and not isinstance(v, date)]  # fmt: skip
    if values.get("soort") == "nationaal-programma" and vanaf is None:
        problems.append("geldig_vanaf: verplicht voor een nationaal programma (vanaf wanneer geldt het?)")
    if isinstance(vanaf, date) and isinstance(tot, date) and tot < vanaf:
        problems.append(f"geldig_tot: {tot.isoformat()} ligt vóór geldig_vanaf {vanaf.isoformat()}")
    return problems


def register_for(cat: Catalogus, provinces: Mapping[str, str], added: RegisterRepository) -> Register:
    """The merged registers for this catalogue, these provinces and the added entries."""
    places = [
        PlekRef(p.id, p.naam, p.soort, p.verantwoordelijk, _source(p), p.geldigheid, p.groep)
        for p in registers.plekken()
    ]
    places += [
        PlekRef(f"novex-gebied-{g.id}", f"NOVEX-gebied {g.naam}", "novex-gebied", None, _source(g))
        for g in cat.novex_gebieden
    ]
    places += [
        PlekRef(
            f"provincie-{code.lower()}",
            f"de provincie {naam} zelf",
            "provincie",
            None,
            'seed 002 §4.1 stap 1 ("bij een provincie zelf")',
        )
        for code, naam in provinces.items()
    ]
    decisions = [
        BesluitRef(b.id, b.titel, getattr(b, "orgaan", None), _when(b), _source(b)) for b in registers.besluiten()
    ]
    for row in added.entries("plek"):
        places.append(
            PlekRef(
                row["id"],
                row["naam"],
                row.get("soort") or "overig",
                row.get("verantwoordelijk"),
                row.get("bron") or "",
                row.get("geldigheid"),
                row.get("groep"),
                row.get("geldig_vanaf"),
                row.get("geldig_tot"),
            )
        )
    for row in added.entries("besluit"):
        decisions.append(
            BesluitRef(
                row["id"],
                row["titel"],
                row.get("orgaan"),
                str(row.get("datum") or "datum onbekend"),
                row.get("bron") or "",
            )
        )
    return Register(places, decisions)
