"""The comparison of scenarios with their base: the tables the web page and the printable document share.

`tabellen(v, namen)` turns a `novex.scenarios.vergelijking.Vergelijking` into plain rows (only what a
scenario changes, with the difference from the base); `vergelijking_document` makes the Dutch A4
document of it, as HTML (print CSS) or PDF. The PDF is laid out with a URL fetcher that loads nothing
but ``data:`` URIs, so no text in a scenario can make WeasyPrint fetch a file or a web address.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from novex.errors import InvalidInput
from novex.geo.crs import M2_PER_HA
from novex.nl import format_moment
from novex.scenarios.present import BASIS_UITLEG
from novex.scenarios.vergelijking import Vergelijking

FORMATEN = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}
TITEL = "Vergelijking van scenario's"
WAT = {"verplaatst": "verplaatst", "anders begrensd": "anders begrensd", "verwijderd": "verwijderd",
       "toegevoegd": "toegevoegd", "gewijzigd": "gewijzigd (zelfde vorm)"}  # fmt: skip
EPS = 0.005  # ha or units: below this a difference is rounding, not a change


def _verschil(values: Sequence[float]) -> list[float | None]:
    """Each column's difference from the base (column 0), None for the base itself."""
    return [None] + [round(v - values[0], 4) for v in values[1:]]


def _anders(*rows: Sequence[float]) -> bool:
    return any(abs(v - row[0]) > EPS for row in rows for v in row)


def tabellen(v: Vergelijking, namen: Mapping[str, str]) -> dict[str, Any]:
    """The comparison as rows: changed goals, changed land budgets (and NL), conflicts, restrictions, moved claims."""
    doelen = [
        {
            "doel": d.doel,
            "tekst": d.tekst,
            "scope": d.scope,
            "scope_naam": namen.get(d.scope, d.scope),
            "eenheid": d.eenheid,
            "doelwaarde": d.doelwaarde,
            "gepland": d.gepland,
            "tekort": d.tekort,
            "status": d.status,
            "verschil": _verschil(d.tekort),
            "nationaal": d.scope == "NL",
        }  # fmt: skip
        for d in v.doelen
        if d.gewijzigd
    ]
    doelen.sort(key=lambda r: (not r["nationaal"], r["doel"], r["scope"]))
    budgetten = [
        {
            "code": b.provincie,
            "naam": b.naam,
            "land": b.land_ha,
            "geclaimd": b.geclaimd,
            "gestapeld": b.gestapeld,
            "onbeclaimd": b.onbeclaimd,
            "verschil": _verschil(b.geclaimd),
        }  # fmt: skip
        for b in v.budgetten
        if b.provincie == "NL" or _anders(b.geclaimd, b.bedekt, b.gestapeld)
    ]
    conflicten = [
        {
            "kolom": naam,
            "aantal": c.aantal,
            "ha": c.ha,
            "ernst": c.ernst,
            "grens": c.grensoverschrijdend,
            "nieuw": c.nieuw,
            "opgelost": c.opgelost,
            "basis": k == 0,
        }  # fmt: skip
        for k, (naam, c) in enumerate(zip(v.kolommen, v.conflicten, strict=True))
    ]
    beperkingen = [
        {
            "laag": b.laag,
            "aantal": b.aantal,
            "ha": b.ha,
            "verschil": _verschil(b.ha),
            "gewijzigd": _anders(b.ha) or len(set(b.aantal)) > 1,
        }  # fmt: skip
        for b in v.beperkingen
    ]
    verplaatst = []
    for m in v.verplaatsingen:
        shift = None
        if m.voor is not None and m.na is not None and m.wat == "verplaatst":
            shift = (round(m.na.bounds[0] - m.voor.bounds[0], 3), round(m.na.bounds[1] - m.voor.bounds[1], 3))
        verplaatst.append({
            "kolom": m.kolom, "claim": m.claim_id, "naam": m.naam, "domein": m.domein, "wat": WAT.get(m.wat, m.wat),
            "voor_ha": None if m.voor is None else round(m.voor.area / M2_PER_HA, 2),
            "na_ha": None if m.na is None else round(m.na.area / M2_PER_HA, 2), "verschuiving": shift,
        })  # fmt: skip
    overgeslagen = [(naam, list(o)) for naam, o in zip(v.kolommen, v.overgeslagen, strict=True) if o]
    return {
        "kolommen": list(v.kolommen), "scenario_ids": list(v.scenario_ids), "doelen": doelen, "budgetten": budgetten,
        "provincies_gelijk": len(v.budgetten) - len(budgetten), "conflicten": conflicten, "beperkingen": beperkingen,
        "verplaatst": verplaatst, "overgeslagen": overgeslagen, "uitleg": BASIS_UITLEG,
    }  # fmt: skip


def vergelijking_html(v: Vergelijking, namen: Mapping[str, str], beschrijvingen: Mapping[int, str],
                      nu: datetime | None = None) -> str:  # fmt: skip
    """The comparison as a standalone Dutch HTML document (house style; A4 landscape when printed)."""
    from novex.documents.render import environment

    return environment().get_template("scenario_vergelijking.html.j2").render(
        titel=TITEL, t=tabellen(v, namen), beschrijvingen=beschrijvingen,
        datum=format_moment(nu or datetime.now().astimezone()),
    )  # fmt: skip


def vergelijking_pdf(html: str) -> bytes:
    """The document's HTML as a PDF; WeasyPrint may load nothing but ``data:`` URIs."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",))).write_pdf()


def vergelijking_document(v: Vergelijking, namen: Mapping[str, str], beschrijvingen: Mapping[int, str],
                          fmt: str) -> tuple[bytes, str, str]:  # fmt: skip
    """(content, media type, file name) of the comparison in `fmt` (html or pdf); refusals in Dutch."""
    if fmt not in FORMATEN:
        raise InvalidInput(f"format: onbekend formaat '{str(fmt)[:20]}'; kies html of pdf")
    html = vergelijking_html(v, namen, beschrijvingen)
    ids = "-".join(str(i) for i in v.scenario_ids if i is not None)
    body = vergelijking_pdf(html) if fmt == "pdf" else html.encode("utf-8")
    return body, FORMATEN[fmt], f"scenario-vergelijking-{ids}.{fmt}"
