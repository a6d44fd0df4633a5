"""What the data can tell about the triage criteria of seed 002 §3.3, with the evidence shown.

The criteria guide the selection ("kan … plaatsvinden op basis van"); the system only
suggests, a person confirms or overrides each criterion with a motivation. A suggestion is
True or False where the linked data decide it, and None where they cannot (no linked
claims; priorities of the Nota Ruimte and POVIs that the platform does not hold).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from novex.dialogue.model import CRITERIA, Criterium, Triage

CONFLICT_ID = re.compile(r"^C-(\d+|R\d+)-(\d+|R\d+)\Z")
"""The analysis' stable conflict id: C-<claim>-<claim or R<restriction area>>."""


@dataclass(frozen=True)
class LinkedClaim:
    """What the triage reads of a linked claim: its domain and its area per province."""

    id: int
    naam: str
    domein: str
    provincies: Mapping[str, float]


def conflict_claims(conflict_id: str) -> tuple[int, ...]:
    """The claim ids inside a conflict id (restriction areas left out); `ValueError` for a malformed id."""
    found = CONFLICT_ID.match(conflict_id)
    if not found:
        raise ValueError(conflict_id)
    return tuple(int(part) for part in found.groups() if not part.startswith("R"))


def suggest(
    claims: Sequence[LinkedClaim],
    conflicten: Sequence[str],
    provincies: Sequence[str],
    prioriteiten: Sequence[str],
    klasse: Callable[[str, str], str],
    domein_naam: Callable[[str], str] = str,
    provincie_naam: Callable[[str], str] = str,
) -> tuple[Criterium, ...]:
    """The four criteria (1, 2a, 2b, 3) as suggested by the linked claims, conflicts and priorities.

    `claims` are the linked claims and those inside the linked conflicts; `klasse(a, b)` is the
    compatibility class of two domains; `prioriteiten` the names of linked NOVI priorities and
    national interests.
    """
    domeinen = sorted({c.domein for c in claims})
    in_provinces = sorted({p for c in claims for p, ha in c.provincies.items() if ha > 0})
    return (
        _integral(domeinen, klasse, domein_naam),
        _area(claims, conflicten, in_provinces, provincie_naam),
        _crossing(claims, in_provinces, provincies, provincie_naam),
        _priority(prioriteiten),
    )


def _named(items: Iterable[str], name: Callable[[str], str]) -> str:
    return ", ".join(name(i) for i in items)


def _integral(domeinen: list[str], klasse: Callable[[str, str], str], name: Callable[[str], str]) -> Criterium:
    """Criterion 1: at least two domains touch, with conflicting or conditional interests."""
    if not domeinen:
        return Criterium("1", None, "geen gekoppelde claims of conflicten: de data zeggen niets over de domeinen")
    if len(domeinen) == 1:
        return Criterium("1", False, f"alle gekoppelde claims hebben één domein: {name(domeinen[0])}")
    tense = [
        (a, b, klasse(a, b))
        for i, a in enumerate(domeinen)
        for b in domeinen[i + 1 :]
        if klasse(a, b) != "combineerbaar"
    ]
    listed = _named(domeinen, name)
    if not tense:
        return Criterium("1", False, f"domeinen {listed} raken elkaar, maar zijn volgens de matrix combineerbaar")
    pairs = "; ".join(f"{name(a)} – {name(b)}: {k}" for a, b, k in tense)
    return Criterium(
        "1", True, f"{len(domeinen)} domeinen raken elkaar ({listed}); spanning volgens de matrix: {pairs}"
    )


def _area(
    claims: Sequence[LinkedClaim], conflicten: Sequence[str], in_provinces: list[str], name: Callable[[str], str]
) -> Criterium:
    """Criterion 2a: a specific area where claims cause tension (a linked conflict inside one province)."""
    if not claims and not conflicten:
        return Criterium("2a", None, "geen gekoppelde claims of conflicten: geen gebied bekend")
    if not conflicten:
        return Criterium(
            "2a", False, "geen gekoppeld conflict: de data tonen geen spanning tussen claims in een gebied"
        )
    if len(in_provinces) == 1:
        return Criterium(
            "2a",
            True,
            f"{len(conflicten)} gekoppeld(e) conflict(en) ({', '.join(conflicten)}) "
            f"binnen één provincie: {name(in_provinces[0])}",
        )
    return Criterium(
        "2a",
        False,
        f"de gekoppelde conflicten liggen in {len(in_provinces)} provincies ({_named(in_provinces, name)}): zie 2b",
    )


def _crossing(
    claims: Sequence[LinkedClaim], in_provinces: list[str], provincies: Sequence[str], name: Callable[[str], str]
) -> Criterium:
    """Criterion 2b: a task crossing provinces (linked geometry in several provinces, or several provinces named)."""
    crossing = [c for c in claims if sum(1 for ha in c.provincies.values() if ha > 0) > 1]
    if len(in_provinces) > 1:
        over = f"; over de grens: {', '.join(f'claim {c.id}' for c in crossing)}" if crossing else ""
        return Criterium("2b", True, f"de gekoppelde geometrie ligt in {_named(in_provinces, name)}{over}")
    if len(set(provincies)) > 1:
        return Criterium(
            "2b",
            True,
            f"het vraagstuk betreft {len(set(provincies))} provincies: {_named(sorted(set(provincies)), name)}",
        )
    if not claims:
        return Criterium("2b", None, "geen gekoppelde geometrie en één provincie: de data zeggen niet meer")
    return Criterium("2b", False, f"de gekoppelde geometrie ligt geheel in {name(in_provinces[0])}")


def _priority(prioriteiten: Sequence[str]) -> Criterium:
    """Criterion 3: substantive priority; the platform knows NOVI priorities and national interests, not the POVIs."""
    if prioriteiten:
        return Criterium("3", True, f"gekoppeld aan {', '.join(prioriteiten)}")
    return Criterium(
        "3",
        None,
        "geen NOVI-prioriteit of nationaal belang gekoppeld; de prioriteiten van de Nota Ruimte "
        "en de POVI's kent het platform niet: beoordeel zelf",
    )


def merged(suggested: Sequence[Criterium], recorded: Triage) -> tuple[Criterium, ...]:
    """The suggestions with a person's recorded decision and motivation on top, in criterion order."""
    out = []
    for s in suggested:
        mine = recorded.criterium(s.code)
        out.append(
            Criterium(
                s.code, s.suggestie, s.onderbouwing, mine.besluit if mine else None, mine.motivering if mine else None
            )
        )
    return tuple(out)


def decision_problems(criteria: Sequence[Criterium]) -> list[str]:
    """What is wrong with decisions a person records: unknown codes, overrides without motivation."""
    problems = []
    seen: set[str] = set()
    for c in criteria:
        if c.code not in CRITERIA:
            problems.append(f"criterium '{c.code}' bestaat niet (wel: {', '.join(CRITERIA)})")
        if c.code in seen:
            problems.append(f"criterium '{c.code}' staat er twee keer in")
        seen.add(c.code)
        overridden = c.besluit is not None and c.suggestie is not None and c.besluit != c.suggestie
        if overridden and not (c.motivering or "").strip():
            problems.append(f"criterium {c.code}: afwijken van de suggestie vraagt een motivering")
    return problems
