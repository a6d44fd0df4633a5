"""What the monitor pages show, built from one `Meter`: counts per status as table rows and chart segments.

No queries here: the pages ask `MonitorService` once and pass the meter (and the rounds) in, so a
dashboard of twelve provinces with hundreds of agreements costs one `meter()` call.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from novex.dialogue import bob
from novex.monitor.bronnen import BRONNEN
from novex.monitor.meter import Meter, MeterRegel, trend
from novex.monitor.model import MonitorRonde
from novex.monitor.statussen import Statuslijst
from novex.nl import counted
from novex.web.monitor_charts import INKT, Deel, Reeks, gestapelde_balk, gestapelde_balken, lijngrafiek

GEEN = None
GEEN_NAAM = "geen status"
GEEN_KLEUR = "#e6e9ee"  # light grey with a dark outline: "nothing to judge yet" stands apart from every status
GEEN_LIJN = "#767676"  # the line of 'geen status' in the trend chart (4.5:1 on white)
TRENDS = {"vooruit": ("↑", "vooruit"), "achteruit": ("↓", "achteruit"), "gelijk": ("→", "gelijk")}
"""How an agreement's trend reads: an arrow (decorative) and the word."""
BRON_VOLGORDE = ("uniforme-monitor", "voortgangsmeter", "jaarlijks", "vro-monitort", "voortgangsrapportage",
                 "input-kwalitatief-beeld", "monitor-novi")  # fmt: skip


@dataclass(frozen=True)
class Kolom:
    """A status as a column of the count tables: its code (None: no status), its name and colour."""

    code: str | None
    naam: str
    kleur: str


def kolommen(lijst: Statuslijst) -> list[Kolom]:
    """The configured statuses in order, then 'geen status'."""
    return [Kolom(s.code, s.naam, s.kleur) for s in lijst.statussen] + [Kolom(GEEN, GEEN_NAAM, GEEN_KLEUR)]


@dataclass(frozen=True)
class Telling:
    """Agreements by status for one row: per column, the total, the words and the bar."""

    label: str
    waarden: tuple[int, ...]
    totaal: int
    tekst: str
    balk: Markup
    sleutel: str = ""


def telling(
    label: str, counts: Counter[str | None], cols: Sequence[Kolom], schaal: int, sleutel: str = "", breedte: int = 240
) -> Telling:
    """One row of counts, with its sentence and its stacked bar (`breedte` wide) on the shared `schaal`."""
    waarden = tuple(counts.get(k.code, 0) for k in cols)
    totaal = sum(waarden)
    delen = [f"{n} {k.naam}" for k, n in zip(cols, waarden, strict=True) if n]
    tekst = f"{counted(totaal, 'afspraak', 'afspraken')}" + (f": {', '.join(delen)}" if delen else "")
    balk = gestapelde_balk(segmenten(counts, cols), schaal, f"{label}: {tekst}", breedte)
    return Telling(label, waarden, totaal, tekst, balk, sleutel)


def segmenten(counts: Counter[str | None], cols: Sequence[Kolom]) -> list[Deel]:
    """The segments of a stacked bar, in the vocabulary's order."""
    return [Deel(k.naam, counts.get(k.code, 0), k.kleur, INKT if k.code is None else "#fff") for k in cols]


def status_naam(lijst: Statuslijst, code: str | None) -> str:
    """The Dutch name of a status ('geen status' for None)."""
    return lijst.naam(code)


def status_kleur(lijst: Statuslijst, code: str | None) -> str:
    """The colour of a status (white with an outline for none)."""
    found = lijst.get(code)
    return found.kleur if found else GEEN_KLEUR


def bronnen() -> list[dict[str, str]]:
    """The seed passages the monitor rests on, for a citation block: seed number, section, quote."""
    return [{"seed": BRONNEN[k].seed[:3], "sectie": BRONNEN[k].section, "citaat": BRONNEN[k].quote}
            for k in BRON_VOLGORDE]  # fmt: skip


def fasen_tabel(per_fase: Mapping[str, Mapping[str, int]], names: Mapping[str, str]) -> dict[str, Any]:
    """Vraagstukken outside the BOL by phase: the phases that occur (in BOB order), a row per province."""
    present = {f for fasen in per_fase.values() for f, n in fasen.items() if n}
    fasen = [f for f in bob.FASEN if f in present] + sorted(present - set(bob.FASEN))
    rows = [{"code": p, "naam": names.get(p, p), "waarden": [per_fase[p].get(f, 0) for f in fasen],
             "totaal": sum(per_fase[p].values())} for p in sorted(per_fase, key=lambda c: names.get(c, c))
            if sum(per_fase[p].values())]  # fmt: skip
    return {"fasen": [(f, bob.FASE_NAMEN.get(f, f)) for f in fasen], "rijen": rows,
            "zonder": [names.get(p, p) for p in sorted(per_fase, key=lambda c: names.get(c, c))
                       if not sum(per_fase[p].values())]}  # fmt: skip


def trend_view(rondes: Iterable[MonitorRonde], lijst: Statuslijst) -> dict[str, Any]:
    """The trend over the closed rounds: a table row per year, and a line chart once there are two years."""
    cols = kolommen(lijst)
    per_jaar = trend(rondes)
    jaren = [j for j, _ in per_jaar]
    rijen = [{"jaar": j, "waarden": [c.get(k.code, 0) for k in cols], "totaal": sum(c.values())} for j, c in per_jaar]
    reeksen = [Reeks(k.naam, k.kleur if k.code is not None else GEEN_LIJN, tuple(c.get(k.code, 0) for _, c in per_jaar))
               for k in cols if any(c.get(k.code, 0) for _, c in per_jaar)]  # fmt: skip
    titel = f"Afspraken per status per jaar, {jaren[0]}–{jaren[-1]}" if len(jaren) > 1 else ""
    return {"jaren": jaren, "rijen": rijen, "grafiek": lijngrafiek(jaren, reeksen, titel) if len(jaren) > 1 else None}


def themas_view(meter: Meter, cols: Sequence[Kolom]) -> dict[str, Any]:
    """Agreements by status per theme: the rows and one chart of stacked bars."""
    per_thema = meter.per_thema()
    schaal = max([sum(c.values()) for c in per_thema.values()] or [1])
    rows = [telling(thema, counts, cols, schaal) for thema, counts in per_thema.items()]
    chart = gestapelde_balken([(t, segmenten(c, cols)) for t, c in per_thema.items()],
                              "Afspraken per thema, gestapeld per status")  # fmt: skip
    return {"rijen": rows, "grafiek": chart}


def regel_view(r: MeterRegel, lijst: Statuslijst) -> dict[str, Any]:
    """One agreement as a row of a table: what the row shows."""
    last = r.laatste
    return {
        "provincie": r.provincie, "sleutel": r.afspraak.sleutel, "tekst": r.afspraak.tekst,
        "indicator": r.afspraak.indicator, "eenheid": r.afspraak.eenheid, "laatste": last,
        "status": r.status, "status_naam": lijst.naam(r.status), "kleur": status_kleur(lijst, r.status),
        "gezet": r.gezet is not None, "reden": r.reden, "trend": TRENDS.get(r.trend),
        "novex_gebied": r.afspraak.novex_gebied, "streefwaarde": r.afspraak.streefwaarde,
    }  # fmt: skip


def dashboard(
    meter: Meter, lijst: Statuslijst, names: Mapping[str, str], rondes: Iterable[MonitorRonde]
) -> dict[str, Any]:
    """Everything the national dashboard shows (and, for one province, its counts)."""
    cols = kolommen(lijst)
    per_provincie = meter.per_provincie()
    schaal = max([sum(c.values()) for c in per_provincie.values()] or [1])
    provincies = [telling(names.get(p, p), counts, cols, schaal, p)
                  for p, counts in sorted(per_provincie.items(), key=lambda x: names.get(x[0], x[0]))]  # fmt: skip
    totaal = meter.totaal()
    return {
        "kolommen": cols,
        "per_provincie": provincies,
        "zonder": [n for c, n in sorted(names.items(), key=lambda x: x[1]) if c not in per_provincie],
        "totaal": telling("Alle provincies", totaal, cols, max(sum(totaal.values()), 1), breedte=640),
        "themas": themas_view(meter, cols),
        "trend": trend_view(rondes, lijst),
        "achterstallig": meter.achterstallig(),
        "knopen": meter.open_knopen(),
        "buiten_bol": fasen_tabel(meter.vraagstukken_per_fase, names),
    }
