"""Meetings of the formal cycle and their agendas (seed 002 §4.1 stap 3, §4.3).

A draft agenda is built from the vraagstukken ready for that table:

- **DO NOVEX** (per province): vraagstukken in oordeelsvorming (the approach is discussed),
  in besluitvorming whose next table is the DO NOVEX or not yet set (the first round of
  decision-making starts there), and in beeldvorming with a complete triage ("de triage zelf
  kan ook een bespreekpunt zijn in het DO NOVEX", §4.1 Resumé);
- **GP-DG** (per province): vraagstukken in besluitvorming whose next table is the GP-DG —
  a DO NOVEX without consensus escalates there with the differences of view (§4.1 stap 3);
- **BOL** (per landsdeel): vraagstukken of its provinces in besluitvorming whose next table
  is the BOL, or with a GP-DG advice and no BOL choice yet.

A person edits the draft; after the meeting the outcome per item is recorded and moves the
vraagstuk (see `novex.meetings.service`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from novex.dialogue import bob
from novex.dialogue.model import Tafel, Vraagstuk

SOORTEN_PUNT = {
    "besluitvorming": "besluitvorming",
    "escalatie": "opgeschaald zonder consensus in het DO NOVEX",
    "advies": "advies voor het BOL",
    "oordeelsvorming": "oordeelsvorming: aanpak bespreken",
    "triage": "triage (bespreekpunt)",
    "onderwerp": "vrij onderwerp",
}
"""Kinds of agenda item, by code, in agenda order: decisions first."""


@dataclass(frozen=True)
class Vergadering:
    """One meeting of the cycle: a DO NOVEX or GP-DG round of a province, or a BOL of a landsdeel."""

    id: int
    soort: str  # do-novex, gp-dg, bol
    datum: date
    naam: str
    provincie: str | None = None
    landsdeel: str | None = None
    rode_draden: str | None = None  # the DO NOVEX's rode-draden notitie (seed 002 §4.1 stap 2)
    version: int = 1


@dataclass(frozen=True)
class AgendaVoorstel:
    """A proposed agenda item: which vraagstuk, what kind, and why it is ready for this table."""

    vraagstuk_id: int
    titel: str
    soort: str
    reden: str


def _next_table(v: Vraagstuk) -> str | None:
    return v.volgende_tafel


def _has(v: Vraagstuk, tafel: str) -> bool:
    return any(b.tafel == tafel for b in v.tafelbesluiten)


def draft_agenda(meeting: Vergadering, vraagstukken: Sequence[Vraagstuk],
                 landsdeel_provinces: Collection[str] = ()) -> list[AgendaVoorstel]:  # fmt: skip
    """The vraagstukken ready for `meeting`, in a sensible order: decisions first, then approaches, then triage."""
    if meeting.soort == Tafel.BOL:
        scope = set(landsdeel_provinces)
    else:
        scope = {meeting.provincie} if meeting.provincie else set()
    items: list[AgendaVoorstel] = []
    for v in vraagstukken:
        if not scope & set(v.provincies):
            continue
        item = _item_for(meeting.soort, v)
        if item is not None:
            items.append(AgendaVoorstel(v.id, v.titel, *item))
    order = list(SOORTEN_PUNT)
    return sorted(items, key=lambda i: (order.index(i.soort) if i.soort in order else 99, i.vraagstuk_id))


def _item_for(soort: str, v: Vraagstuk) -> tuple[str, str] | None:
    """(kind, reason) when `v` is ready for a table of kind `soort`, else None."""
    nxt = _next_table(v)
    if soort == Tafel.DO_NOVEX:
        if v.fase == bob.BESLUITVORMING and nxt in (None, Tafel.DO_NOVEX) and not _has(v, Tafel.DO_NOVEX):
            return "besluitvorming", "in besluitvorming: de eerste ronde start in het DO NOVEX (§4.1 stap 3)"
        if v.fase == bob.OORDEELSVORMING and nxt in (None, Tafel.DO_NOVEX):
            return "oordeelsvorming", "in oordeelsvorming: de aanpak wordt in het DO NOVEX gewogen (§4.1 stap 2)"
        if v.fase == bob.BEELDVORMING and v.triage.complete and nxt in (None, Tafel.DO_NOVEX):
            return "triage", "triage afgerond: de triage zelf kan een bespreekpunt zijn (§4.1 Resumé)"
        return None
    if soort == Tafel.GP_DG:
        if v.fase == bob.BESLUITVORMING and nxt == Tafel.GP_DG:
            escalated = any(b.tafel == Tafel.DO_NOVEX and b.consensus is False for b in v.tafelbesluiten)
            if escalated:
                return "escalatie", "geen consensus in het DO NOVEX: opgeschaald met de verschillen van inzicht (§4.1)"
            return "advies", "het DO NOVEX gaf een advies voor de politieke keuze (§4.1 stap 3)"
        return None
    ready = v.fase == bob.BESLUITVORMING and not _has(v, Tafel.BOL) and (nxt == Tafel.BOL or _has(v, Tafel.GP_DG))
    if soort == Tafel.BOL and ready:
        return "besluitvorming", "klaar voor de politieke keuze in het BOL (§4.1 stap 3)"
    return None


@dataclass(frozen=True)
class Uitkomst:
    """What a table concluded on one agenda item (seed 002 §4.1 stap 3).

    DO NOVEX: an advice and whether there was consensus (none: escalate to the GP-DG with
    the differences of view); GP-DG: an advice (not decision-making, §4.3); BOL: the
    political choice, which becomes an entry of the BOL-afsprakenlijst.
    """

    tekst: str
    consensus: bool | None = None
    verschillen: str | None = None
    vastgelegd_door: str = ""


@dataclass(frozen=True)
class Agendapunt:
    """An item on a meeting's agenda: a vraagstuk (or a free subject), its kind, and its outcome once recorded."""

    id: int
    vergadering_id: int
    volgorde: int
    onderwerp: str
    soort: str
    reden: str = ""
    vraagstuk_id: int | None = None
    uitkomst: Uitkomst | None = None


@dataclass(frozen=True)
class BolAfspraak:
    """An entry of the BOL-afsprakenlijst (annex to the Kamerbrief "Uitkomsten BO's Leefomgeving", §4.1 stap 3)."""

    id: int
    vergadering_id: int
    datum: date
    landsdeel: str | None
    provincies: tuple[str, ...]
    vraagstuk_id: int | None
    titel: str
    tekst: str
    vastgelegd_door: str = ""
