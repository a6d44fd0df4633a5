"""Sessions of ontwerpend onderzoek — werkplaats, kaartsessie, atelier — and the bouwstenen they produce.

Seed 002 §4.1 stap 1 names "ontwerpend onderzoek, bijvoorbeeld een werkplaats of kaartsessies"
as a product of beeldvorming; seed 001 shows how the ministry ran 39 werkplaatsen before
(loaded as historical records, `novex.meetings.werkplaatsen`). A session can be linked to
vraagstukken as input to their beeldvorming.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from novex.errors import text_problems
from novex.meetings.werkplaatsen import SESSIE_SOORTEN, VELDEN
from novex.nl import format_date

BOUWSTEEN_STATUSSEN = ("in voorbereiding", "concept", "gereed", "verslag")
"""Status of a bouwsteen; seed 001 writes Gereed, Verslag, Volgt, … — this short list is a design choice."""

LIMITS = {"titel": 300, "trekker": 300, "organisatie": 300, "hoofdonderwerp": 300}
"""The most characters of each text of a session (the columns of `sessies` are VARCHAR(300))."""
BOUWSTEEN_LIMITS = {"titel": 300, "link": 500}
"""The most characters of a bouwsteen's title and link."""
MAX_BOUWSTENEN, MAX_VRAAGSTUKKEN = 30, 50
"""The most bouwstenen and linked vraagstukken of one session."""
EERSTE_DATUM, LAATSTE_DATUM = date(2000, 1, 1), date(2100, 12, 31)
"""The dates a session may have. Design choice: the years the meeting calendar takes (2000–2100); seed 001's
werkplaatsen (2015–2016) lie well inside, and a date like 0001-01-01 or 9999-12-31 is a typing error."""


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
    for name, limit in LIMITS.items():
        value = getattr(s, name)
        if name != "trekker" and not (value or "").strip():
            problems.append(f"{name}: verplicht")
        else:
            problems += text_problems(name, value, limit)
    if not EERSTE_DATUM <= s.datum <= LAATSTE_DATUM:
        problems.append(f"datum: een sessie valt tussen {format_date(EERSTE_DATUM)} en {format_date(LAATSTE_DATUM)} "
                        f"(nu {s.datum.isoformat()})")  # fmt: skip
    problems += [f"velden: '{v}' bestaat niet (wel: {', '.join(VELDEN)})" for v in s.velden if v not in VELDEN]
    if len(s.bouwstenen) > MAX_BOUWSTENEN:
        problems.append(f"bouwstenen: hoogstens {MAX_BOUWSTENEN} (nu {len(s.bouwstenen)})")
    if len(s.vraagstukken) > MAX_VRAAGSTUKKEN:
        problems.append(f"vraagstukken: hoogstens {MAX_VRAAGSTUKKEN} (nu {len(s.vraagstukken)})")
    for k, b in enumerate(s.bouwstenen, start=1):
        if not b.titel.strip():
            problems.append(f"bouwsteen {k}: titel verplicht")
        for name, limit in BOUWSTEEN_LIMITS.items():
            problems += [f"bouwsteen {k}: {p}" for p in text_problems(name, getattr(b, name), limit)]
        if b.status not in BOUWSTEEN_STATUSSEN:
            problems.append(f"bouwsteen {k}: status kies uit {', '.join(BOUWSTEEN_STATUSSEN)}")
        if b.link and not b.link.startswith(("https://", "http://")):
            problems.append(f"bouwsteen {k}: een link begint met https://")
    return problems
