"""A round's snapshot and participants as plain JSON and back (storage and the API share one shape)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from novex.arrangement.codec import plain
from novex.monitor.model import Deelnemer, Momentopname, Stand


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def deelnemers(data: Sequence[Mapping[str, Any]]) -> tuple[Deelnemer, ...]:
    """Participants from their JSON."""
    return tuple(Deelnemer(str(d["soort"]), str(d["naam"])) for d in data or ())


def momentopname(data: Mapping[str, Any] | None) -> Momentopname | None:
    """A frozen snapshot from its JSON."""
    if data is None:
        return None
    standen = tuple(
        Stand(
            sleutel=s["sleutel"],
            tekst=s.get("tekst", ""),
            indicator=s.get("indicator"),
            eenheid=s.get("eenheid"),
            streefwaarde=s.get("streefwaarde"),
            laatste_waarde=s.get("laatste_waarde"),
            laatste_datum=_date(s.get("laatste_datum")),
            status=s.get("status"),
            gezet=bool(s.get("gezet")),
            reden=s.get("reden", ""),
            themas=tuple(s.get("themas") or ()),
            novex_gebied=s.get("novex_gebied"),
            deadline=_date(s.get("deadline")),
        )  # fmt: skip
        for s in data.get("standen") or ()
    )
    return Momentopname(
        datum=date.fromisoformat(data["datum"]),
        arrangement_id=data.get("arrangement_id"),
        arrangement_jaar=data.get("arrangement_jaar"),
        standen=standen,
        vraagstukken_per_fase=tuple((str(f), int(n)) for f, n in data.get("vraagstukken_per_fase") or ()),
        open_knopen=int(data.get("open_knopen") or 0),
    )


__all__ = ["deelnemers", "momentopname", "plain"]
