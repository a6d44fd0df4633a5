"""Sessions of ontwerpend onderzoek — werkplaats, kaartsessie, atelier — and the bouwstenen they produce.

Seed 002 §4.1 stap 1 names "ontwerpend onderzoek, bijvoorbeeld een werkplaats of kaartsessies"
as a product of beeldvorming; seed 001 shows how the ministry ran 39 werkplaatsen before
(loaded as historical records, `novex.meetings.werkplaatsen`). A session can be linked to
vraagstukken as input to their beeldvorming.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from novex.meetings.werkplaatsen import SESSIE_SOORTEN, VELDEN

BOUWSTEEN_STATUSSEN = ("in voorbereiding", "concept", "gereed", "verslag")
"""Status of a bouwsteen; seed 001 writes Gereed, Verslag, Volgt, … — this short list is a design choice."""


@dataclass(frozen=True)
class Bouwsteen:
    """A document a session produced, with its status and where it is kept."""

    titel: str
    status: str
    link: str | None = None


@dataclass(frozen=True)
class Sessie:
    """A session of ontwerpend onderzoek: kind, date, trekker, organising body, subject, fields, products, links."""

    id: int
    soort: str
    titel: str
    datum: date
    trekker: str | None
    organisatie: str
    hoofdonderwerp: str
    velden: tuple[str, ...] = ()
    bouwstenen: tuple[Bouwsteen, ...] = ()
    vraagstukken: tuple[int, ...] = ()


def session_problems(s: Sessie) -> list[str]:
    """What is wrong with a session a user records (Dutch, naming the field; empty when sound)."""
    problems = []
    if s.soort not in SESSIE_SOORTEN:
        problems.append(f"soort: kies uit {', '.join(SESSIE_SOORTEN)}")
    for name in ("titel", "organisatie", "hoofdonderwerp"):
        if not (getattr(s, name) or "").strip():
            problems.append(f"{name}: verplicht")
        elif len(getattr(s, name)) > 300:
            problems.append(f"{name}: hoogstens 300 tekens")
    problems += [f"velden: '{v}' bestaat niet (wel: {', '.join(VELDEN)})" for v in s.velden if v not in VELDEN]
    for k, b in enumerate(s.bouwstenen, start=1):
        if not b.titel.strip():
            problems.append(f"bouwsteen {k}: titel verplicht")
        if b.status not in BOUWSTEEN_STATUSSEN:
            problems.append(f"bouwsteen {k}: status kies uit {', '.join(BOUWSTEEN_STATUSSEN)}")
        if b.link and not b.link.startswith(("https://", "http://")):
            problems.append(f"bouwsteen {k}: een link begint met https://")
    return problems
