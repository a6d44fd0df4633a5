"""The yearly progress report of the monitor (seed 003 §5.2) as a Dutch A4 document: HTML or PDF.

`rapport_document(uow, actor, jaar, fmt)` is the one entry the API, the web pages and the CLI
call; it returns the bytes, the media type and a file name (``voortgangsrapportage-2027.pdf``).

The document is meant for publication: it names offices and organisations (participants of the
rounds, owners' statuses), never who entered a measurement or closed a round, and it blanks any
e-mail address in free text. Every value is escaped by the template; the PDF is laid out with a
URL fetcher that loads nothing but ``data:`` URIs, so no text can make WeasyPrint fetch a file
or a web address.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import Any

from novex.access import Actor
from novex.catalog.model import Source
from novex.catalog.sources import SEED_FILES
from novex.errors import InvalidInput, NotFound
from novex.monitor.bronnen import BRONNEN, PROGRAMMADOELEN_BRON
from novex.monitor.model import DeelnemerSoort, Stand
from novex.monitor.rapport import Jaarrapport, ProvincieRapport, Regel
from novex.monitor.statussen import Statuslijst
from novex.nl import counted, format_date, format_number

FORMATEN = ("pdf", "html")
"""The formats the report is made in."""

MEDIA_TYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}
TITEL = "Voortgangsrapportage NOVEX"
GRONDSLAG = ("uniforme-monitor", "jaarlijks", "voortgangsrapportage")
"""The seed passages the report rests on (keys of `BRONNEN`): uniform monitor, yearly by VRO, the report."""
GEEN_STATUS = "geen status"
MAX_AFSPRAAK = 220
"""An agreement's text is shortened to about this many characters (at a word) in the tables."""
MAX_REDEN = 400
WEGGELATEN = "[e-mailadres weggelaten]"
_HEX = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

PER_PROVINCIE = "Voortgang per provincie in het behalen van de nationale doelstellingen"
PER_GEBIED = "Voortgang per NOVEX-gebied in het behalen van de nationale doelstellingen"
ARRANGEMENTEN = "Ruimtelijke arrangementen"


@dataclass(frozen=True)
class RapportDocument:
    """Everything the report shows: the report's content and the facts around it, read through the services."""

    rapport: Jaarrapport
    provincienamen: Mapping[str, str]  # every province, code -> name
    versies: Mapping[str, int] = field(default_factory=dict)  # province -> year of its newest adopted version
    vorige: Mapping[str, date] = field(default_factory=dict)  # province -> date of last year's frozen snapshot
    gebiednamen: Mapping[str, str] = field(default_factory=dict)  # NOVEX area id -> name


@dataclass(frozen=True)
class Cijfer:
    """A figure of this platform beside an indicator or product of the programme goals."""

    soort: str  # "Indicator" or "Product"
    naam: str
    doelstelling: str
    regels: tuple[str, ...]


# --- the entry point -----------------------------------------------------------------------------------------


def rapport_document(uow: Any, actor: Actor, jaar: int, fmt: str) -> tuple[bytes, str, str]:
    """The yearly progress report of `jaar`: (content, media type, download file name); refusals in Dutch."""
    if fmt not in FORMATEN:
        raise InvalidInput(f"onbekend formaat '{str(fmt)[:20]}' voor de voortgangsrapportage (wel: "
                           f"{', '.join(FORMATEN)})")  # fmt: skip
    html = rapport_html(verzamel(uow, actor, jaar))
    content = rapport_pdf(html) if fmt == "pdf" else html.encode("utf-8")
    return content, MEDIA_TYPES[fmt], f"voortgangsrapportage-{jaar}.{fmt}"


def verzamel(uow: Any, actor: Actor, jaar: int) -> RapportDocument:
    """The report of `jaar` and what it needs beside it, read through the services (the actor's rights apply)."""
    from novex.catalog.service import CatalogService
    from novex.monitor.service import MonitorService

    service = uow.get(MonitorService)
    rapport = service.jaarrapport(actor, jaar)
    versies = {code: ra.jaar for code, ra in service.meter(actor).versies.items()}
    vorige = {r.provincie: r.momentopname.datum for r in service.rondes(actor, jaar - 1)
              if r.afgesloten and r.momentopname is not None}  # fmt: skip
    wanted = sorted({r.stand.novex_gebied for p in rapport.provincies for r in p.regels if r.stand.novex_gebied})
    catalog = uow.get(CatalogService)
    gebieden = {}
    for gebied in wanted:
        try:
            gebieden[gebied] = catalog.novex_area(actor, gebied).naam
        except NotFound:
            gebieden[gebied] = gebied
    return RapportDocument(rapport, dict(service.province_names), versies, vorige, gebieden)


def rapport_pdf(html: str) -> bytes:
    """The report's HTML as a PDF; WeasyPrint may load nothing but ``data:`` URIs."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",))).write_pdf()


# --- HTML ----------------------------------------------------------------------------------------------------


def rapport_html(doc: RapportDocument) -> str:
    """The report as a standalone Dutch HTML page (house style, A4 portrait when printed)."""
    from novex.documents.render import environment

    r, lijst = doc.rapport, doc.rapport.statuslijst
    kolommen = _kolommen(r)
    provincies = [_provincie_view(p, doc, lijst) for p in r.provincies]
    zonder = [naam for code, naam in sorted(doc.provincienamen.items()) if code not in doc.versies]
    context = {
        "titel": f"{TITEL} {r.jaar}",
        "r": r,
        "datum": format_date(r.datum),
        "grondslag": [_bron(BRONNEN[k]) for k in GRONDSLAG],
        "input_beeld": _bron(BRONNEN["input-kwalitatief-beeld"]),
        "monitor_novi": _bron(BRONNEN["monitor-novi"]),
        "doelen_bron": _bron(PROGRAMMADOELEN_BRON),
        "kolommen": kolommen,
        "provincies": provincies,
        "totaal": {k: r.telling.get(c, 0) for c, k in kolommen},
        "aantal": sum(r.telling.values()),
        "grafiek": staafdiagram(r.telling, lijst),
        "statussen": lijst.statussen,
        "ontwerpkeuze": lijst.ontwerpkeuze,
        "zonder_arrangement": zonder,
        "aantal_provincies": len(doc.provincienamen),
        "aantal_met_arrangement": len(doc.versies),
        "cijfers": programma_cijfers(doc),
        "pbl": [(m, _bron(m.bron)) for m in r.externe_monitors],
        "datum_van": format_date,
        "kleur": _kleur,
    }
    return environment().get_template("monitor_rapport.html.j2").render(**context)


def _kolommen(r: Jaarrapport) -> list[tuple[str | None, str]]:
    """The status columns of the summary: every configured status, then 'geen status' when any has none."""
    cols: list[tuple[str | None, str]] = [(s.code, s.naam) for s in r.statuslijst.statussen]
    extra = sorted(c for c in r.telling if c is not None and r.statuslijst.get(c) is None)  # from an older list
    cols += [(c, c) for c in extra]
    if r.telling.get(None):
        cols.append((None, GEEN_STATUS))
    return cols


def _provincie_view(p: ProvincieRapport, doc: RapportDocument, lijst: Statuslijst) -> dict[str, Any]:
    ronde = p.ronde
    jaar = doc.rapport.jaar
    if ronde is None:
        ronde_tekst = f"nog geen monitorronde {jaar}"
    elif p.bevroren:
        ronde_tekst = f"afgesloten; de stand is de momentopname van {format_date(p.peildatum)}"
    else:
        ronde_tekst = f"ronde nog open: stand van {format_date(p.peildatum)}, niet bevroren"
    if p.bevroren and ronde is not None and ronde.momentopname is not None:
        ra_jaar = ronde.momentopname.arrangement_jaar
    else:
        ra_jaar = doc.versies.get(p.provincie)
    vorige = doc.vorige.get(p.provincie)
    return {
        "p": p,
        "id": f"provincie-{p.provincie.lower()}",
        "ronde": ronde_tekst,
        "ra_jaar": ra_jaar,
        "deelnemers": [_deelnemer(d.soort, d.naam) for d in ronde.deelnemers] if ronde else [],
        "beeld": _alineas(_openbaar(ronde.beeld)) if ronde else [],
        "vorige": format_date(vorige) if vorige else None,
        "telling": _telling(p.telling, lijst),
        "regels": [_regel_view(n, regel, lijst, vorige is not None) for n, regel in enumerate(p.regels, start=1)],
    }


def _regel_view(nummer: int, regel: Regel, lijst: Statuslijst, vergelijkbaar: bool) -> dict[str, Any]:
    s = regel.stand
    status = lijst.get(s.status)
    return {
        "nummer": nummer,
        "sleutel": s.sleutel,
        "tekst": inkorten(_openbaar(s.tekst), MAX_AFSPRAAK),
        "indicator": s.indicator or "",
        "streef": _streef(s),
        "waarde": _waarde(s.laatste_waarde, s.eenheid) if s.laatste_waarde is not None else None,
        "meetdatum": format_date(s.laatste_datum),
        "status": lijst.naam(s.status) if s.status is not None else GEEN_STATUS,
        "kleur": _kleur(status.kleur if status else None),
        "wie": "vastgesteld door eigenaar" if s.gezet else "voorgesteld",
        "reden": inkorten(_openbaar(s.reden), MAX_REDEN),
        "verandering": verandering(regel, lijst) if vergelijkbaar else "—",
    }


def verandering(regel: Regel, lijst: Statuslijst) -> str:
    """`Regel.verandering` in the report's words: 'nieuw', 'gelijk', or 'was <status name>'."""
    if regel.vorig is None:
        return "nieuw"
    if regel.vorig.status == regel.stand.status:
        return "gelijk"
    return f"was {lijst.naam(regel.vorig.status)}"


def _telling(telling: Counter[str | None], lijst: Statuslijst) -> str:
    """'4 afspraken: 1 op schema, 2 vertraagd, 1 geen status' (statuses in the configured order)."""
    total = sum(telling.values())
    order = [*lijst.codes, *sorted(c for c in telling if c is not None and c not in lijst.codes), None]
    parts = [f"{telling[c]} {lijst.naam(c) if c is not None else GEEN_STATUS}" for c in order if telling.get(c)]
    return counted(total, "afspraak", "afspraken") + (f": {', '.join(parts)}" if parts else "")


def _deelnemer(soort: str, naam: str) -> str:
    naam = _openbaar(naam)
    label = {DeelnemerSoort.VRO: "VRO"}.get(soort, soort)  # type: ignore[call-overload]
    return naam if label.lower() in naam.lower() else f"{naam} ({label})"


def _streef(s: Stand) -> str:
    if s.streefwaarde is None or (isinstance(s.streefwaarde, str) and not s.streefwaarde.strip()):
        return ""
    if isinstance(s.streefwaarde, str):
        return f"streefwaarde {s.streefwaarde}"
    return f"streefwaarde {_waarde(float(s.streefwaarde), s.eenheid)}"


def _kleur(kleur: str | None) -> str:
    """A configured colour if it is a hex colour (it goes into a style attribute), else grey."""
    return kleur if kleur and _HEX.fullmatch(kleur) else "#545454"


def _waarde(value: float, eenheid: str | None) -> str:
    return f"{format_number(value)} {eenheid}".strip() if eenheid else format_number(value)


# --- the programme goals' figures ------------------------------------------------------------------------------


def programma_cijfers(doc: RapportDocument) -> list[Cijfer]:
    """Figures of this platform for the indicators and products it can count; nothing for the others."""
    r, lijst = doc.rapport, doc.rapport.statuslijst
    doel = {i: d.doelstelling for d in r.programmadoelen for i in (*d.indicatoren, *d.producten)}
    found: list[Cijfer] = []
    if PER_PROVINCIE in doel:
        regels = tuple(f"{p.naam}: {_telling(p.telling, lijst)}" for p in r.provincies if p.regels)
        found.append(Cijfer("Indicator", PER_PROVINCIE, doel[PER_PROVINCIE],
                            regels or ("geen afspraken in een vastgesteld ruimtelijk arrangement",)))  # fmt: skip
    if PER_GEBIED in doel:
        per_gebied: dict[str, Counter[str | None]] = {}
        for p in r.provincies:
            for regel in p.regels:
                if regel.stand.novex_gebied:
                    per_gebied.setdefault(regel.stand.novex_gebied, Counter())[regel.stand.status] += 1
        named = sorted(per_gebied.items(), key=lambda kv: doc.gebiednamen.get(kv[0], kv[0]).lower())
        regels = tuple(f"{doc.gebiednamen.get(g, g)}: {_telling(t, lijst)}" for g, t in named)
        found.append(Cijfer("Indicator", PER_GEBIED, doel[PER_GEBIED],
                            regels or ("geen afspraak is aan een NOVEX-gebied gekoppeld",)))  # fmt: skip
    if ARRANGEMENTEN in doel:
        met = [f"{doc.provincienamen.get(c, c)} ({j})" for c, j in sorted(doc.versies.items())]
        eerste = (f"{len(met)} van de {len(doc.provincienamen)} provincies hebben een vastgesteld ruimtelijk "
                  f"arrangement" + (f": {', '.join(met)}" if met else ""))  # fmt: skip
        found.append(Cijfer("Product", ARRANGEMENTEN, doel[ARRANGEMENTEN], (eerste,)))
    return found


# --- the bar chart ---------------------------------------------------------------------------------------------


def staafdiagram(telling: Counter[str | None], lijst: Statuslijst) -> str:
    """A horizontal bar per status (the configured ones, then 'geen status' when any): inline SVG, no script."""
    rows = [(s.naam, telling.get(s.code, 0), _kleur(s.kleur)) for s in lijst.statussen]
    rows += [(c, telling[c], "#545454") for c in sorted(c for c in telling if c is not None and lijst.get(c) is None)]
    if telling.get(None):
        rows.append((GEEN_STATUS, telling[None], "#8c8c8c"))
    most = max((n for _, n, _ in rows), default=0) or 1
    label_w, bar_w, row_h, bar_h = 120, 300, 20, 13
    height = row_h * len(rows) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="staafdiagram" viewBox="0 0 {label_w + bar_w + 60} {height}" '
        f'width="{label_w + bar_w + 60}" height="{height}" role="img" aria-labelledby="staaf-titel">',
        '<title id="staaf-titel">Afspraken per status, alle provincies</title>',
    ]
    for n, (naam, aantal, kleur) in enumerate(rows):
        y = 2 + n * row_h
        width = round(bar_w * aantal / most, 1)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_h - 3}" text-anchor="end" font-size="10" fill="#1a1a1a">'
            f"{escape(naam)}</text>"
            f'<rect x="{label_w}" y="{y}" width="{width}" height="{bar_h}" fill="{kleur}"/>'
            f'<text x="{label_w + width + 4}" y="{y + bar_h - 3}" font-size="10" fill="#1a1a1a">{aantal}</text>'
        )
    parts.append(f'<line x1="{label_w}" y1="0" x2="{label_w}" y2="{height}" stroke="#4a4a4a" stroke-width=".8"/>')
    parts.append("</svg>")
    return "".join(parts)


# --- text helpers ----------------------------------------------------------------------------------------------


def inkorten(text: str, limit: int) -> str:
    """`text` on one line, cut at the last word boundary before `limit` characters with '…' when longer."""
    flat = " ".join((text or "").split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit * 0.6 else cut).rstrip(" ,;:.-") + " …"


def _openbaar(text: str) -> str:
    """Free text for publication: every e-mail address blanked."""
    return _EMAIL.sub(WEGGELATEN, text or "")


def _alineas(text: str) -> list[list[str]]:
    """Paragraphs (split on blank lines), each a list of its lines."""
    blocks: list[list[str]] = [[]]
    for line in (text or "").strip().splitlines():
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _bron(s: Source) -> dict[str, str]:
    """A seed citation: the quote, and 'seed 003, Programma NOVEX (2022), §5.2 Monitoring van de doelen'."""
    titel = SEED_FILES.get(s.seed)
    sectie = s.section if not s.section[:1].isdigit() else f"§{s.section}"
    return {"citaat": " ".join(s.quote.split()), "waar": f"seed {s.seed[:3]}{f', {titel}' if titel else ''}, {sectie}"}


__all__: Sequence[str] = (
    "FORMATEN",
    "RapportDocument",
    "programma_cijfers",
    "rapport_document",
    "rapport_html",
    "rapport_pdf",
    "staafdiagram",
    "verandering",
    "verzamel",
)
