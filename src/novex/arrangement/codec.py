"""An RA version's parts as plain JSON and back (storage and the edges share one shape).

Dates are ISO strings, amounts decimal strings (exact), tuples lists. Reading is lenient about
missing keys (older rows) and strict about types (a wrong type raises `ValueError`/`TypeError`,
which the edges turn into a Dutch refusal).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any

from novex.arrangement.inclusie import Inclusie, Inclusiecriterium
from novex.arrangement.model import (
    Acceptatie,
    Afspraak,
    Eigenaar,
    Herschikking,
    Investeringsafspraak,
    Mijlpaal,
    Onderdeel,
    Ondertekening,
    OpenKnoop,
    Vaststelling,
)


def plain(value: Any) -> Any:
    """Any model value as JSON: dataclasses as objects, tuples as lists, dates ISO, decimals as strings."""
    if hasattr(value, "__dataclass_fields__"):
        return {k: plain(v) for k, v in asdict(value).items()}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _date(value: Any) -> date | None:
    return None if value in (None, "") else date.fromisoformat(value) if isinstance(value, str) else value


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"verwacht een getal, niet {type(value).__name__}")
    return float(value)


def afspraak(data: Mapping[str, Any]) -> Afspraak:
    """An agreement from its JSON."""
    h = data.get("herschikking")
    return Afspraak(
        sleutel=data["sleutel"],
        tekst=data.get("tekst", ""),
        onderdeel=int(data.get("onderdeel", 1)),
        partijen=tuple(data.get("partijen") or ()),
        eigenaren=tuple(Eigenaar(e["soort"], e["naam"]) for e in data.get("eigenaren") or ()),
        vraagstuk_id=data.get("vraagstuk_id"),
        bol_besluit_id=data.get("bol_besluit_id"),
        doelen=tuple(data.get("doelen") or ()),
        claims=tuple(int(c) for c in data.get("claims") or ()),
        novex_gebied=data.get("novex_gebied"),
        resultaat=data.get("resultaat", ""),
        indicator=data.get("indicator"),
        eenheid=data.get("eenheid"),
        basiswaarde=data.get("basiswaarde"),
        streefwaarde=data.get("streefwaarde"),
        acceptaties=tuple(
            Acceptatie(a["partij"], bool(a.get("akkoord", True)), _date(a.get("datum")), a.get("toelichting", ""))
            for a in data.get("acceptaties") or ()
        ),
        middelen=data.get("middelen"),
        capaciteit=data.get("capaciteit"),
        randvoorwaarden=data.get("randvoorwaarden"),
        deadline=_date(data.get("deadline")),
        mijlpalen=tuple(
            Mijlpaal(m["omschrijving"], _date(m.get("datum")), _number(m.get("waarde")))
            for m in data.get("mijlpalen") or ()
        ),  # fmt: skip
        herschikking=Herschikking(h["soort"], tuple(h.get("provincies") or ()), h.get("toelichting", ""))
        if h
        else None,
        id=int(data.get("id") or 0),
    )


def investering(data: Mapping[str, Any]) -> Investeringsafspraak:
    """An investment agreement from its JSON (the amount exact, as a decimal)."""
    return Investeringsafspraak(
        sleutel=data["sleutel"],
        programma=data.get("programma", ""),
        fonds=data.get("fonds", ""),
        bedrag=Decimal(str(data.get("bedrag"))),
        gelabeld_voor=data.get("gelabeld_voor", ""),
        afspraak=data.get("afspraak"),
        id=int(data.get("id") or 0),
    )


def inclusie(data: Mapping[str, Any]) -> Inclusie:
    """An inclusion decision from its JSON."""
    return Inclusie(
        int(data["vraagstuk_id"]),
        tuple(
            Inclusiecriterium(int(c["nummer"]), c.get("besluit"), c.get("motivering", ""))
            for c in data.get("criteria") or ()
        ),
    )


def onderdelen(items: Any) -> tuple[Onderdeel, ...]:
    """The five parts from their JSON."""
    return tuple(Onderdeel(int(o["nummer"]), o.get("toelichting", "")) for o in items or ())


def open_knopen(items: Any) -> tuple[OpenKnoop, ...]:
    """The open knots from their JSON."""
    return tuple(OpenKnoop(k["omschrijving"], k.get("vraagstuk_id")) for k in items or ())


def ondertekening(data: Mapping[str, Any] | None) -> Ondertekening | None:
    """The signing of a first-generation RA from its JSON."""
    if not data:
        return None
    signed = _date(data["datum"])
    assert signed is not None
    return Ondertekening(signed, tuple(data.get("ondertekenaars") or ()))


def vaststelling(data: Mapping[str, Any] | None) -> Vaststelling | None:
    """The adoption in a BOL from its JSON."""
    if not data:
        return None
    adopted = _date(data["datum"])
    assert adopted is not None
    return Vaststelling(int(data["vergadering_id"]), adopted, data.get("naam", ""))
