"""The fast procedure, sessions and werkplaatsen as plain JSON-ready dicts (one shape for the API and the CLI)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from novex.flow import MoveOption
from novex.meetings.sessies import Sessie
from novex.meetings.snelle_procedure import FASE_NAMEN, SnelleProcedure
from novex.meetings.werkplaatsen import Werkplaats


def procedure_json(p: SnelleProcedure, moves: Sequence[MoveOption] = ()) -> dict[str, Any]:
    """A fast procedure: step, products, and the steps out of it with why they are not possible now."""
    selectie = None
    if p.selectie is not None:
        selectie = asdict(p.selectie) | {
            "criteria": [{"code": k, "voldaan": v[0], "motivering": v[1]} for k, v in p.selectie.criteria.items()]
        }
    return {
        "vraagstuk_id": p.vraagstuk_id,
        "fase": p.fase,
        "fase_naam": FASE_NAMEN[p.fase],
        "signaal": asdict(p.signaal) if p.signaal else None,
        "selectie": selectie,
        "tafel": asdict(p.tafel) if p.tafel else None,
        "terugkoppeling": asdict(p.terugkoppeling) if p.terugkoppeling else None,
        "producten": sorted(p.products),
        "stappen": [
            {"naar": m.transition.target, "naam": m.transition.name, "mogelijk": m.allowed, "redenen": list(m.reasons)}
            for m in moves
        ],
        "versie": p.version,
    }


def session_json(s: Sessie) -> dict[str, Any]:
    """A session of ontwerpend onderzoek."""
    return asdict(s) | {"datum": s.datum.isoformat()}


def werkplaats_json(w: Werkplaats) -> dict[str, Any]:
    """One of seed 001's werkplaatsen, every cell as the seed writes it, with its source."""
    return w.model_dump(mode="json")
