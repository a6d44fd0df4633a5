"""Documents of the Ruimtelijk Arrangement: the RA itself, what changed between two versions, the BOL list.

`document_bytes(uow, actor, soort, key, fmt, openbaar=, other=)` is the one entry the CLI
(`novex ra export`), the API and the web pages call; it returns the bytes, the media type and a
file name for the download:

- ``arrangement`` (key: the RA version; pdf, html): the RA as a readable Dutch A4 document — the
  facts of the version (province, year, generation, status, the BOL that adopted it or the
  signatories of the first generation), a map of the province with the areas of the agreements
  and the open knots, the framing table of seed 002 Bijlage 3 §2, the five parts of seed 003 §4.1
  with their agreements, the agreements with their SMART status, the investment agreements with
  totals, the five inclusion criteria per vraagstuk and the course of the version;
- ``verschil`` (key: version A, other: version B; pdf, html): what changed from A to B, for the
  province's Staten — status, agreements added, dropped and changed field by field, the parts,
  the investments, the inclusions and the knots;
- ``bol-afsprakenlijst`` (key: a BOL meeting; pdf, html, csv, xlsx): every RA agreement adopted
  in that BOL, one row per agreement.

The public variant (``openbaar=True``) leaves out the persons the documents name: the
accounthouder of each vraagstuk and who moved the version through its statuses (e-mail
addresses of users), and it blanks those names and any other e-mail address where they occur in
free text. Parties, owners and offices (signatories) stay: they are organisations, not persons.
"""

from __future__ import annotations

import base64
import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

import shapely
from shapely.geometry.base import BaseGeometry

from novex.access import Actor
from novex.arrangement.diff import Lijstverschil, Verschil
from novex.arrangement.inclusie import INCLUSIECRITERIA, Inclusie
from novex.arrangement.investeringen import fondsen, totalen
from novex.arrangement.lifecycle import FASE_NAMEN
from novex.arrangement.model import (
    ONDERDELEN,
    Acceptatie,
    Afspraak,
    Eigenaar,
    Herschikking,
    Investeringsafspraak,
    Mijlpaal,
    Ondertekening,
    OpenKnoop,
    RuimtelijkArrangement,
    Vaststelling,
)
from novex.arrangement.namen import (
    AFSPRAAK_VELD_NAMEN,
    ARRANGEMENT_VELD_NAMEN,
    CRITERIUM_NAMEN,
    EIGENAAR_NAMEN,
    GENERATIE_NAMEN,
    INVESTERING_VELD_NAMEN,
)
from novex.arrangement.productbeeld import KOLOMMEN, KOP, OUD_EN_NIEUW, VERANDERINGEN
from novex.arrangement.smart import Bevinding, getal, smart_check
from novex.documents.arrangement_map import Kaartgebied, kaart_svg
from novex.documents.limits import render_limited
from novex.documents.overleg import PERSOON, personen, zonder_personen
from novex.documents.render import environment
from novex.documents.tables import MEDIA, to_csv, to_xlsx
from novex.errors import Forbidden, InvalidInput, NotFound
from novex.nl import counted, format_date, format_euro, format_moment, format_number

T = TypeVar("T")

FORMATEN: dict[str, tuple[str, ...]] = {
    "arrangement": ("pdf", "html"),
    "verschil": ("pdf", "html"),
    "bol-afsprakenlijst": ("pdf", "html", "csv", "xlsx"),
}
"""The documents and the formats each is made in."""

MEDIA_TYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8", **MEDIA}

RA = "Ruimtelijk Arrangement"
VERSCHIL = "Wijzigingen in het Ruimtelijk Arrangement"
AFSPRAKENLIJST = "Afsprakenlijst ruimtelijke arrangementen"
RA_BRON = (
    "Seed 003 §4.1 (Afsprakenfase: de vijf onderdelen; eerste generatie ondertekend), seed 002 §3.4 en "
    "Bijlage 3 (compact, SMART, jaarlijks geactualiseerd en vastgesteld in het BOL)"
)
VERSCHIL_BRON = "Seed 002 §3.4: het Ruimtelijk Arrangement wordt jaarlijks geactualiseerd en vastgesteld in het BOL"
LIJST_BRON = "Seed 002 §3.4: het geactualiseerde Ruimtelijk Arrangement wordt formeel vastgesteld in het BOL"
WEGGELATEN = "[naam weggelaten]"
MAX_PAGES = 120
"""A guard on the length of one document (the seeds set none): laying out more would hold a worker for long."""

LIJST_KOLOMMEN = (
    "Provincie",
    "RA-jaar",
    "Sleutel",
    "Tekst",
    "Onderdeel",
    "Eigenaar(s)",
    "Indicator",
    "Streefwaarde",
    "Eenheid",
    "Deadline",
    "Vraagstuk",
    "Vraagstuk (titel)",
    "SMART-status",
)
"""The columns of the BOL-afsprakenlijst (CSV, XLSX and the table of the PDF)."""


# --- the documents as data -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vraagstukregel:
    """A vraagstuk the RA refers to: its number, title and accounthouder (a person: left out in public)."""

    id: int
    titel: str
    accounthouder: str | None = field(default=None, metadata=PERSOON)


@dataclass(frozen=True)
class Stap:
    """One move of the version through its statuses: who (a person), with which role, when and why."""

    van: str
    naar: str
    rol: str
    tijdstip: datetime
    reden: str | None = None
    door: str | None = field(default=None, metadata=PERSOON)


@dataclass(frozen=True)
class RaDocument:
    """Everything the RA document shows of one version."""

    ra: RuimtelijkArrangement
    provincie: str  # the province's name
    landsdeel: str
    vandaag: date
    bevindingen: tuple[Bevinding, ...] = ()
    vraagstukken: tuple[Vraagstukregel, ...] = ()
    verloop: tuple[Stap, ...] = ()
    kaart_svg: str | None = None
    kaartgebieden: tuple[Kaartgebied, ...] = ()
    provincienamen: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class VerschilDocument:
    """The way from version `a` to version `b` of an RA, with the names the document shows."""

    a: RuimtelijkArrangement
    b: RuimtelijkArrangement
    verschil: Verschil
    provincienamen: Mapping[str, str] = field(default_factory=dict)
    vraagstuktitels: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Afspraakrij:
    """One row of the BOL-afsprakenlijst: an agreement of an RA adopted in that BOL."""

    provincie: str
    jaar: int
    sleutel: str
    tekst: str
    onderdeel: int
    eigenaren: str
    indicator: str | None
    streefwaarde: float | int | str | None
    eenheid: str | None
    deadline: date | None
    vraagstuk_id: int | None
    vraagstuk: str
    smart: str
    arrangement_id: int = 0

    def cellen(self) -> list[Any]:
        """The row's cells in the order of `LIJST_KOLOMMEN` (numbers as numbers, the deadline as a date)."""
        return [self.provincie, self.jaar, self.sleutel, self.tekst, self.onderdeel, self.eigenaren,
                self.indicator, self.streefwaarde, self.eenheid, self.deadline, self.vraagstuk_id, self.vraagstuk,
                self.smart]  # fmt: skip


@dataclass(frozen=True)
class Afsprakenlijst:
    """The RA agreements adopted in one BOL."""

    vergadering_id: int
    naam: str
    datum: date
    landsdeel: str
    rijen: tuple[Afspraakrij, ...]


# --- the entry point -------------------------------------------------------------------------------------------


def document_bytes(
    uow: Any, actor: Actor, soort: str, key: int, fmt: str, *, openbaar: bool = False, other: int | None = None
) -> tuple[bytes, str, str]:
    """One document of the RA: (content, media type, download file name).

    `soort` is ``arrangement`` (key: RA id), ``verschil`` (key: version A, `other`: version B) or
    ``bol-afsprakenlijst`` (key: BOL meeting id); `fmt` one of `FORMATEN[soort]`. Refusals in Dutch.
    """
    if soort not in FORMATEN:
        raise InvalidInput(f"onbekend document '{soort}' (wel: {', '.join(FORMATEN)})")
    if fmt not in FORMATEN[soort]:
        raise InvalidInput(f"onbekend formaat '{fmt}' voor {soort} (wel: {', '.join(FORMATEN[soort])})")
    suffix = "-openbaar" if openbaar else ""
    if soort == "arrangement":
        doc = ra_document(uow, actor, key)
        name = f"ruimtelijk-arrangement-{_slug(doc.provincie)}-{doc.ra.jaar}-v{doc.ra.id}{suffix}.{fmt}"
        content = ra_pdf(doc, openbaar=openbaar) if fmt == "pdf" else ra_html(doc, openbaar=openbaar)
    elif soort == "verschil":
        if other is None:
            raise InvalidInput("verschil: noem de tweede versie (other) om mee te vergelijken")
        vdoc = verschil_document(uow, actor, key, other)
        provincie = _slug(vdoc.provincienamen.get(vdoc.b.provincie, vdoc.b.provincie))
        name = f"ra-wijzigingen-{provincie}-{vdoc.a.jaar}-v{vdoc.a.id}-{vdoc.b.jaar}-v{vdoc.b.id}{suffix}.{fmt}"
        content = verschil_pdf(vdoc, openbaar=openbaar) if fmt == "pdf" else verschil_html(vdoc, openbaar=openbaar)
    else:
        lijst = afsprakenlijst(uow, actor, key)
        name = f"ra-afspraken-{_slug(lijst.naam)}-{lijst.datum.isoformat()}{suffix}.{fmt}"
        if fmt in ("csv", "xlsx"):
            content = afsprakenlijst_tabel(lijst, fmt, openbaar=openbaar)
        elif fmt == "pdf":
            content = afsprakenlijst_pdf(lijst, openbaar=openbaar)
        else:
            content = afsprakenlijst_html(lijst, openbaar=openbaar)
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    return data, MEDIA_TYPES[fmt], name


def ra_pdf(doc: RaDocument, *, openbaar: bool = False) -> bytes:
    """The RA document as an A4 PDF (`DocumentTooLong` past the guard of `MAX_PAGES`)."""
    return _pdf(ra_html(doc, openbaar=openbaar), ra_secties(doc), f"{RA} {doc.provincie} {doc.ra.jaar}")


def verschil_pdf(doc: VerschilDocument, *, openbaar: bool = False) -> bytes:
    """The changes between two versions as an A4 PDF."""
    return _pdf(verschil_html(doc, openbaar=openbaar), VERSCHIL_SECTIES, VERSCHIL)


def afsprakenlijst_pdf(lijst: Afsprakenlijst, *, openbaar: bool = False) -> bytes:
    """The BOL's RA agreements as an A4 landscape PDF."""
    return _pdf(afsprakenlijst_html(lijst, openbaar=openbaar), {"afspraken": "Afspraken"}, AFSPRAKENLIJST)


def afsprakenlijst_tabel(lijst: Afsprakenlijst, fmt: str, *, openbaar: bool = False) -> bytes:
    """The BOL's RA agreements as CSV (semicolons, UTF-8 with BOM) or XLSX (openpyxl), columns `LIJST_KOLOMMEN`."""
    rows = [r.cellen() for r in (_openbaar(lijst) if openbaar else lijst).rijen]
    if fmt == "csv":
        return to_csv(LIJST_KOLOMMEN, rows)
    if fmt == "xlsx":
        return to_xlsx(f"BOL {lijst.datum.isoformat()}", LIJST_KOLOMMEN, rows)
    raise InvalidInput(f"onbekend formaat '{fmt}' voor een tabel (wel: csv, xlsx)")


def _pdf(html: str, sections: Mapping[str, str], document: str) -> bytes:
    return render_limited(html, max_pages=MAX_PAGES, sections=sections, document=document)


# --- gathering what a document shows ---------------------------------------------------------------------------


def ra_document(uow: Any, actor: Actor, arrangement_id: int) -> RaDocument:
    """The RA document of one version, read through the services (the actor's rights apply)."""
    from novex.arrangement.service import ArrangementService
    from novex.dialogue.service import VraagstukService
    from novex.reference.service import ReferenceService

    service = uow.get(ArrangementService)
    ra = service.get(actor, arrangement_id)
    vandaag = service.today()
    reference = uow.get(ReferenceService)
    provinces = reference.provinces(actor)
    names = {p.code: p.naam for p in provinces}
    province = next(p for p in provinces if p.code == ra.provincie)
    landsdeel = next((part.naam for part in reference.landsdelen(actor) if ra.provincie in part.provincies), "")
    vraagstukken = uow.get(VraagstukService)
    wanted = dict.fromkeys(
        [i.vraagstuk_id for i in ra.inclusies]
        + [a.vraagstuk_id for a in ra.afspraken if a.vraagstuk_id is not None]
        + [k.vraagstuk_id for k in ra.open_knopen if k.vraagstuk_id is not None]
    )
    found: dict[int, Any] = {}
    for vid in wanted:
        try:
            found[vid] = vraagstukken.get(actor, vid)
        except (NotFound, Forbidden):
            continue
    rows = tuple(
        Vraagstukregel(vid, found[vid].titel, found[vid].accounthouder) if vid in found else Vraagstukregel(vid, "")
        for vid in wanted
    )
    gebieden, kaart = _map_of(uow, actor, ra, province, provinces, found)
    steps = tuple(
        Stap(s.source, s.target, s.rol, s.tijdstip, s.reden, s.actor) for s in service.history_of(actor, ra.id)
    )
    return RaDocument(ra, province.naam, landsdeel, vandaag, smart_check(ra, vandaag), rows, steps, kaart, gebieden,
                      names)  # fmt: skip


def verschil_document(uow: Any, actor: Actor, van: int, naar: int) -> VerschilDocument:
    """The diff document from version `van` to version `naar` (both must be readable by the actor)."""
    from novex.arrangement.service import ArrangementService
    from novex.dialogue.service import VraagstukService
    from novex.reference.service import ReferenceService

    service = uow.get(ArrangementService)
    a, b = service.get(actor, van), service.get(actor, naar)
    diff = service.diff(actor, van, naar)
    names = {p.code: p.naam for p in uow.get(ReferenceService).provinces(actor)}
    ids = {x.vraagstuk_id for x in (*a.afspraken, *b.afspraken) if x.vraagstuk_id is not None}
    ids |= {i.vraagstuk_id for i in (*a.inclusies, *b.inclusies)}
    titles: dict[int, str] = {}
    for vid in sorted(ids):
        try:
            titles[vid] = uow.get(VraagstukService).get(actor, vid).titel
        except (NotFound, Forbidden):
            continue
    return VerschilDocument(a, b, diff, names, titles)


def afsprakenlijst(uow: Any, actor: Actor, vergadering_id: int) -> Afsprakenlijst:
    """The RA agreements adopted in one BOL, by province (name) and year, each agreement in its RA's order."""
    from novex.arrangement.service import ArrangementService
    from novex.dialogue.service import VraagstukService
    from novex.meetings.service import MeetingService
    from novex.reference.service import ReferenceService

    service = uow.get(ArrangementService)
    adopted = service.adopted_in(actor, vergadering_id)  # refuses a meeting that is no BOL
    meeting = uow.get(MeetingService).meeting(actor, vergadering_id)
    reference = uow.get(ReferenceService)
    names = {p.code: p.naam for p in reference.provinces(actor)}
    landsdeel = next((p.naam for p in reference.landsdelen(actor) if p.code == meeting.landsdeel), "")
    vandaag = service.today()
    findings: dict[int, tuple[Bevinding, ...]] = {}
    titles: dict[int, str] = {}
    rows = []
    for ra, a in sorted(adopted, key=lambda pair: (names.get(pair[0].provincie, ""), pair[0].jaar, pair[0].id)):
        if ra.id not in findings:
            findings[ra.id] = smart_check(ra, vandaag)
        if a.vraagstuk_id is not None and a.vraagstuk_id not in titles:
            try:
                titles[a.vraagstuk_id] = uow.get(VraagstukService).get(actor, a.vraagstuk_id).titel
            except (NotFound, Forbidden):
                titles[a.vraagstuk_id] = ""
        mine = [f for f in findings[ra.id] if f.afspraak == a.sleutel]
        rows.append(
            Afspraakrij(
                provincie=names.get(ra.provincie, ra.provincie),
                jaar=ra.jaar,
                sleutel=a.sleutel,
                tekst=a.tekst,
                onderdeel=a.onderdeel,
                eigenaren="; ".join(eigenaar(e, names) for e in a.eigenaren),
                indicator=a.indicator,
                streefwaarde=_as_number(a.streefwaarde),
                eenheid=a.eenheid,
                deadline=a.deadline,
                vraagstuk_id=a.vraagstuk_id,
                vraagstuk=titles.get(a.vraagstuk_id, "") if a.vraagstuk_id is not None else "",
                smart=smart_status(mine, ra.motiveringen),
                arrangement_id=ra.id,
            )
        )
    return Afsprakenlijst(meeting.id, meeting.naam, meeting.datum, landsdeel, tuple(rows))


# --- the map -----------------------------------------------------------------------------------------------------

def _map_of(
    uow: Any, actor: Actor, ra: RuimtelijkArrangement, province: Any, provinces: Sequence[Any], vraagstukken: Mapping
) -> tuple[tuple[Kaartgebied, ...], str | None]:
    """The markers and the SVG map: the claims of each agreement (else of its vraagstuk) and of each open knot."""
    from novex.claims.ports import ClaimFilter
    from novex.claims.service import ClaimService

    def claims_of(a: Afspraak) -> tuple[int, ...]:
        own = tuple(a.claims)
        v = vraagstukken.get(a.vraagstuk_id) if a.vraagstuk_id is not None else None
        return own or (tuple(v.claims) if v is not None else ())

    per_afspraak = [(n, claims_of(a)) for n, a in enumerate(ra.afspraken, start=1)]
    per_knoop = [(n, tuple(vraagstukken[k.vraagstuk_id].claims) if k.vraagstuk_id in vraagstukken else ())
                 for n, k in enumerate(ra.open_knopen, start=1)]  # fmt: skip
    ids = sorted({c for _, cs in per_afspraak + per_knoop for c in cs})
    claims = {}
    if ids:
        try:
            claims = {c.id: c for c in uow.get(ClaimService).list(actor, ClaimFilter(ids=tuple(ids)))}
        except Forbidden:
            claims = {}
    groups: dict[tuple[int, ...], list[int]] = {}
    for n, cs in per_afspraak:
        known = tuple(sorted(c for c in cs if c in claims))
        if known:
            groups.setdefault(known, []).append(n)
    markers: list[tuple[Kaartgebied, BaseGeometry]] = []
    for cs, numbers in groups.items():
        label = ", ".join(str(n) for n in numbers)
        wat = ("Afspraak " if len(numbers) == 1 else "Afspraken ") + label
        geometry = shapely.union_all([claims[c].geometry for c in cs])
        area = sum(claims[c].area_ha for c in cs)
        markers.append((Kaartgebied(label, "afspraak", wat, tuple(claims[c].naam for c in cs), area), geometry))
    for n, cs in per_knoop:
        known = tuple(c for c in cs if c in claims)
        if known:
            knoop = ra.open_knopen[n - 1]
            geometry = shapely.union_all([claims[c].geometry for c in known])
            area = sum(claims[c].area_ha for c in known)
            markers.append(
                (Kaartgebied(f"K{n}", "knoop", knoop.omschrijving, tuple(claims[c].naam for c in known), area),
                 geometry)
            )  # fmt: skip
    svg = kaart_svg(province, [p for p in provinces if p.code != province.code], markers)
    return tuple(m for m, _ in markers), svg


# --- HTML ---------------------------------------------------------------------------------------------------------


def ra_secties(doc: RaDocument) -> dict[str, str]:
    """Section id → Dutch title, in the order of the RA document."""
    parts = {f"onderdeel-{o.nummer}": f"{o.nummer}. {o.titel}" for o in doc.ra.onderdelen}
    return {
        "kaart": "Kaart: gebieden van de afspraken en open knopen",
        "kader": "Het arrangement in de nieuwe werkwijze",
        **parts,
        "afspraken": "Afspraken en SMART-toets",
        "inclusie": "Inclusiecriteria per vraagstuk",
        "verloop": "Verloop van deze versie",
    }


def ra_html(doc: RaDocument, *, openbaar: bool = False) -> str:
    """The RA document as a standalone Dutch HTML page (house style, A4 when printed)."""
    d = _openbaar(doc) if openbaar else doc
    ra = d.ra
    names = dict(d.provincienamen)
    titles = {v.id: v.titel for v in d.vraagstukken}
    per_afspraak: dict[str, list[Bevinding]] = {}
    for f in d.bevindingen:
        per_afspraak.setdefault(f.afspraak, []).append(f)
    afspraken = [
        _afspraak_view(n, a, per_afspraak.get(a.sleutel, []), ra.motiveringen, names, titles)
        for n, a in enumerate(ra.afspraken, start=1)
    ]
    nummers = {a.sleutel: n for n, a in enumerate(ra.afspraken, start=1)}
    fondsnamen = {f.id: f.naam for f in fondsen()}
    investeringen = [
        {
            "i": i,
            "fonds": fondsnamen.get(i.fonds, i.fonds),
            "afspraak": f"nr. {nummers[i.afspraak]} ({i.afspraak})" if i.afspraak in nummers else (i.afspraak or ""),
            "bedrag": format_euro(i.bedrag),
        }
        for i in ra.investeringen
    ]
    totals = totalen([ra]) if ra.investeringen else None
    smart_ok = sum(1 for a in afspraken if a["status"] == "smart")
    return _render(
        "ruimtelijk_arrangement.html.j2",
        d=d,
        ra=ra,
        openbaar=openbaar,
        bron=RA_BRON,
        secties=ra_secties(d),
        generatie=GENERATIE_NAMEN.get(ra.generatie, ra.generatie),
        status=FASE_NAMEN.get(ra.status, ra.status),
        fasen=FASE_NAMEN,
        kaart=base64.b64encode(d.kaart_svg.encode("utf-8")).decode("ascii") if d.kaart_svg else None,
        kader=OUD_EN_NIEUW,
        kader_kop=KOP,
        kader_kolommen=KOLOMMEN,
        veranderingen=VERANDERINGEN,
        afspraken=afspraken,
        smart_ok=smart_ok,
        investeringen=investeringen,
        totaal=format_euro(totals.totaal) if totals else None,
        per_programma=[(p, format_euro(v)) for p, v in totals.per_programma.items()] if totals else [],
        inclusies=[_inclusie_view(i, titles) for i in ra.inclusies],
        criteria=INCLUSIECRITERIA,
        inclusie_bron="seed 002 Bijlage 3 §4",
        knopen=list(enumerate(ra.open_knopen, start=1)),
        op_kaart={g.label for g in d.kaartgebieden if g.soort == "knoop"},
        accounthouders=[(v.id, v.accounthouder) for v in d.vraagstukken if v.accounthouder],
    )


VERSCHIL_SECTIES = {
    "samenvatting": "Samenvatting",
    "gegevens": "Status en gegevens van de versie",
    "afspraken": "Afspraken",
    "onderdelen": "Teksten van de vijf onderdelen",
    "investeringen": "Investeringsafspraken",
    "inclusie": "Opname van vraagstukken",
    "knopen": "Open knopen",
}


def verschil_html(doc: VerschilDocument, *, openbaar: bool = False) -> str:
    """The diff as a standalone Dutch HTML page: what changed from version a to version b."""
    d = _openbaar(doc) if openbaar else doc
    v = d.verschil
    names = dict(d.provincienamen)
    titles = dict(d.vraagstuktitels)

    def fmt_afspraak(veld: str, value: Any) -> str:
        if veld == "onderdeel" and isinstance(value, int):
            return f"{value}. {ONDERDELEN.get(value, '')}"
        if veld in ("basiswaarde", "streefwaarde"):
            return _getal(value) or "—"
        if veld == "vraagstuk_id" and isinstance(value, int):
            return f"nr. {value}" + (f" ({titles[value]})" if titles.get(value) else "")
        return waarde(value, names)

    def fmt_investering(veld: str, value: Any) -> str:
        if veld == "bedrag" and value is not None:
            return format_euro(value)
        if veld == "fonds" and value:
            return {f.id: f.naam for f in fondsen()}.get(value, value)
        return waarde(value, names)

    def changes(lijst: Lijstverschil, labels: Mapping[str, str], fmt: Callable[[str, Any], str]) -> list[dict]:
        return [
            {
                "sleutel": w.sleutel,
                "velden": [(labels.get(f.veld, f.veld), fmt(f.veld, f.oud), fmt(f.veld, f.nieuw)) for f in w.velden],
            }  # fmt: skip
            for w in lijst.gewijzigd
        ]

    inclusies = [(_vraagstuk_label(c.veld, titles), _opgenomen(c.oud), _opgenomen(c.nieuw)) for c in v.inclusies]
    onderdelen = [(_onderdeel_label(c.veld), c.oud or "", c.nieuw or "") for c in v.onderdelen]
    velden = [
        (ARRANGEMENT_VELD_NAMEN.get(c.veld, c.veld), waarde(c.oud, names), waarde(c.nieuw, names)) for c in v.velden
    ]
    return _render(
        "ra_verschil.html.j2",
        d=d,
        v=v,
        openbaar=openbaar,
        bron=VERSCHIL_BRON,
        secties=VERSCHIL_SECTIES,
        provincie_a=names.get(d.a.provincie, d.a.provincie),
        provincie_b=names.get(d.b.provincie, d.b.provincie),
        fasen=FASE_NAMEN,
        status=(FASE_NAMEN.get(v.status[0], v.status[0]), FASE_NAMEN.get(v.status[1], v.status[1]))
        if v.status
        else None,
        velden=velden,
        onderdelen=onderdelen,
        toegevoegd=[_kort(a, titles) for a in v.afspraken.toegevoegd],
        vervallen=[_kort(a, titles) for a in v.afspraken.vervallen],
        gewijzigd=changes(v.afspraken, AFSPRAAK_VELD_NAMEN, fmt_afspraak),
        tekst_b={a.sleutel: a.tekst for a in d.b.afspraken},
        inv_toegevoegd=[
            (i.sleutel, i.programma, fmt_investering("fonds", i.fonds), format_euro(i.bedrag), i.gelabeld_voor)
            for i in v.investeringen.toegevoegd
        ],  # fmt: skip
        inv_vervallen=[
            (i.sleutel, i.programma, fmt_investering("fonds", i.fonds), format_euro(i.bedrag), i.gelabeld_voor)
            for i in v.investeringen.vervallen
        ],  # fmt: skip
        inv_gewijzigd=changes(v.investeringen, INVESTERING_VELD_NAMEN, fmt_investering),
        inclusies=inclusies,
        tellingen=_tellingen(v),
    )


def afsprakenlijst_html(lijst: Afsprakenlijst, *, openbaar: bool = False) -> str:
    """The BOL's RA agreements as a standalone Dutch HTML page (A4 landscape when printed)."""
    d = _openbaar(lijst) if openbaar else lijst
    provincies = list(dict.fromkeys(r.provincie for r in d.rijen))
    return _render(
        "ra_afsprakenlijst.html.j2",
        d=d,
        openbaar=openbaar,
        bron=LIJST_BRON,
        provincies=provincies,
        kolommen=LIJST_KOLOMMEN,
        kort={"Onderdeel": "Ond.", "Streefwaarde": "Streef­waarde", "Eigenaar(s)": "Eigenaar(s)"},
        onderdelen=ONDERDELEN,
    )


def _render(template: str, **context: Any) -> str:
    helpers = {"datum": format_date, "moment": format_moment, "getal": _getal, "alineas": _paragraphs}
    return environment().get_template(template).render(**context, **helpers)


# --- views of the parts -----------------------------------------------------------------------------------------


def smart_status(findings: Sequence[Bevinding], motiveringen: Mapping[str, str]) -> str:
    """One agreement's SMART status in a line: 'SMART', or its findings by criterion, open or motivated."""
    if not findings:
        return "SMART"
    motivated = [f for f in findings if (motiveringen.get(f.sleutel) or "").strip()]
    still_open = [f for f in findings if f not in motivated]
    parts = []
    if still_open:
        parts.append(f"open: {_criteria(still_open)}")
    if motivated:
        parts.append(f"gemotiveerd: {_criteria(motivated)}")
    return f"{counted(len(findings), 'bevinding', 'bevindingen')} ({'; '.join(parts)})"


def _criteria(findings: Iterable[Bevinding]) -> str:
    return ", ".join(dict.fromkeys(CRITERIUM_NAMEN.get(f.criterium, f.criterium).lower() for f in findings))


def _afspraak_view(
    nummer: int,
    a: Afspraak,
    findings: Sequence[Bevinding],
    motiveringen: Mapping[str, str],
    names: Mapping[str, str],
    titles: Mapping[int, str],
) -> dict[str, Any]:
    prefix = f"Afspraak {nummer}: "
    bevindingen = [
        {
            "criterium": CRITERIUM_NAMEN.get(f.criterium, f.criterium),
            "melding": f.melding.removeprefix(prefix),
            "motivering": (motiveringen.get(f.sleutel) or "").strip() or None,
        }
        for f in findings
    ]
    groepen: list[dict[str, Any]] = []  # findings with the same motivation (or none) shown together
    for b in bevindingen:
        group = next((g for g in groepen if g["motivering"] == b["motivering"]), None)
        if group is None:
            groepen.append(group := {"motivering": b["motivering"], "bevindingen": []})
        group["bevindingen"].append(b)
    accepted = {x.partij: x for x in a.acceptaties}
    partijen = [(p, accepted.get(p)) for p in a.partijen]
    status = "smart" if not findings else "open" if any(b["motivering"] is None for b in bevindingen) else "gemotiveerd"
    meetbaar = None
    if a.indicator:
        basis = _getal(a.basiswaarde)
        streef = _getal(a.streefwaarde)
        eenheid = f" {a.eenheid}" if a.eenheid else ""
        meetbaar = f"{basis or '?'} → {streef or '?'}{eenheid}"
    return {
        "nummer": nummer,
        "a": a,
        "onderdeel": ONDERDELEN.get(a.onderdeel, ""),
        "partijen": partijen,
        "eigenaren": [eigenaar(e, names) for e in a.eigenaren],
        "vraagstuk": (f"nr. {a.vraagstuk_id}" + (f": {titles[a.vraagstuk_id]}" if titles.get(a.vraagstuk_id) else ""))
        if a.vraagstuk_id is not None
        else None,
        "meetbaar": meetbaar,
        "herschikking": waarde(a.herschikking, names) if a.herschikking else None,
        "bevindingen": bevindingen,
        "groepen": groepen,
        "status": status,
    }


def _inclusie_view(i: Inclusie, titles: Mapping[int, str]) -> dict[str, Any]:
    rows = []
    for n, tekst in INCLUSIECRITERIA.items():
        c = i.criterium(n)
        besluit = None if c is None else c.besluit
        rows.append({"nummer": n, "tekst": tekst, "besluit": besluit, "motivering": c.motivering if c else ""})
    return {
        "vraagstuk": i.vraagstuk_id,
        "titel": titles.get(i.vraagstuk_id, ""),
        "opgenomen": i.opgenomen,
        "niet_voldaan": i.niet_voldaan,
        "criteria": rows,
    }


def _kort(a: Afspraak, titles: Mapping[int, str]) -> dict[str, Any]:
    return {
        "sleutel": a.sleutel,
        "onderdeel": a.onderdeel,
        "tekst": a.tekst,
        "vraagstuk": _vraagstuk_label(f"vraagstuk {a.vraagstuk_id}", titles) if a.vraagstuk_id is not None else "",
        "deadline": format_date(a.deadline),
    }


def _tellingen(v: Verschil) -> list[tuple[str, int]]:
    return [
        ("afspraken toegevoegd", len(v.afspraken.toegevoegd)),
        ("afspraken vervallen", len(v.afspraken.vervallen)),
        ("afspraken gewijzigd", len(v.afspraken.gewijzigd)),
        ("investeringsafspraken toegevoegd, vervallen of gewijzigd",
         len(v.investeringen.toegevoegd) + len(v.investeringen.vervallen) + len(v.investeringen.gewijzigd)),
        ("onderdelen met een andere tekst", len(v.onderdelen)),
        ("vraagstukken anders opgenomen", len(v.inclusies)),
        ("open knopen bij of af", len(v.knopen_toegevoegd) + len(v.knopen_vervallen)),
    ]  # fmt: skip


def _vraagstuk_label(veld: str, titles: Mapping[int, str]) -> str:
    number = veld.removeprefix("vraagstuk ").strip()
    title = titles.get(int(number)) if number.isdigit() else None
    return f"Vraagstuk nr. {number}" + (f": {title}" if title else "")


def _onderdeel_label(veld: str) -> str:
    number = veld.removeprefix("onderdeel ").strip()
    return f"{number}. {ONDERDELEN.get(int(number), '')}" if number.isdigit() else veld


def _opgenomen(value: bool | None) -> str:
    return "geen besluit" if value is None else "opgenomen" if value else "niet opgenomen"


# --- values in Dutch ------------------------------------------------------------------------------------------------


def eigenaar(e: Eigenaar, names: Mapping[str, str]) -> str:
    """An owner as the documents write it: 'Utrecht (provincie)', 'EZK (ministerie)'."""
    naam = names.get(e.naam, e.naam) if e.soort == "provincie" else e.naam
    return f"{naam} ({EIGENAAR_NAMEN.get(e.soort, e.soort)})"


def waarde(value: Any, names: Mapping[str, str] | None = None) -> str:
    """Any value of an RA field as Dutch text ('—' when empty): dates, amounts, owners, acceptances, milestones."""
    names = names or {}
    if value is None or value == "" or value == ():
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, Decimal):
        return format_euro(value)
    if isinstance(value, int):
        return str(value)  # years, ids and parts: no thousands point
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, tuple | list):
        return "; ".join(waarde(v, names) for v in value)
    if isinstance(value, Eigenaar):
        return eigenaar(value, names)
    if isinstance(value, Acceptatie):
        wanneer = f" op {format_date(value.datum)}" if value.datum else ""
        why = f" ({value.toelichting})" if value.toelichting.strip() else ""
        return f"{value.partij}: {'akkoord' if value.akkoord else 'niet akkoord'}{wanneer}{why}"
    if isinstance(value, Mijlpaal):
        return value.omschrijving + (f" ({format_date(value.datum)})" if value.datum else "")
    if isinstance(value, Herschikking):
        where = ", ".join(names.get(p, p) for p in value.provincies)
        return f"{value.soort} ({where})" + (f": {value.toelichting}" if value.toelichting.strip() else "")
    if isinstance(value, Vaststelling):
        return f"{value.naam or f'vergadering {value.vergadering_id}'}, {format_date(value.datum)}"
    if isinstance(value, Ondertekening):
        return f"{format_date(value.datum)}: {', '.join(value.ondertekenaars)}"
    if isinstance(value, OpenKnoop):
        return value.omschrijving
    if isinstance(value, Investeringsafspraak):
        return f"{value.programma}, {format_euro(value.bedrag)}"
    return str(value)


def _getal(value: Any) -> str:
    """A base or target value: a number in Dutch notation, text as typed, '' when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    if isinstance(value, str):
        return value
    number = getal(value)
    return format_number(number) if number is not None else str(value)


def _as_number(value: float | int | str | None) -> float | int | str | None:
    """A target as a number for the spreadsheet when it is one (a whole number as int), else as typed."""
    if value is None or isinstance(value, str):
        return value
    number = getal(value)
    if number is None:
        return str(value)
    return int(number) if float(number).is_integer() else number


def _paragraphs(text: str | None) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in (text or "").strip().splitlines():
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _slug(text: str) -> str:
    """ASCII for a file name: 'Fryslân' → 'fryslan', 'BOL Noord-West 2027' → 'bol-noord-west-2027'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60] or "document"


# --- the public variant -------------------------------------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _openbaar(doc: T) -> T:
    """`doc` without persons: the person fields blanked, their names and any e-mail address in text replaced."""
    names = sorted({n.strip() for n in personen(doc) if n.strip()}, key=len, reverse=True)
    patterns = [re.compile(rf"(?<!\w){re.escape(n)}(?!\w)", re.IGNORECASE) for n in names]

    def clean(text: str) -> str:
        for pattern in patterns:
            text = pattern.sub(WEGGELATEN, text)
        return _EMAIL.sub(WEGGELATEN, text)

    return _cleaned(zonder_personen(doc), clean)


def _cleaned(value: Any, clean: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, tuple | list):
        return type(value)(_cleaned(v, clean) for v in value)
    if isinstance(value, Mapping):
        return {_cleaned(k, clean): _cleaned(v, clean) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _cleaned(getattr(value, f.name), clean)
            for f in dataclasses.fields(value)
            if f.init and f.name != "kaart_svg"  # the map holds claim names and numbers only
        }
        return dataclasses.replace(value, **changes)
    return value


__all__ = [
    "FORMATEN",
    "LIJST_KOLOMMEN",
    "Afspraakrij",
    "Afsprakenlijst",
    "RaDocument",
    "VerschilDocument",
    "afsprakenlijst",
    "afsprakenlijst_html",
    "afsprakenlijst_pdf",
    "afsprakenlijst_tabel",
    "document_bytes",
    "kaart_svg",
    "ra_document",
    "ra_html",
    "ra_pdf",
    "verschil_document",
    "verschil_html",
    "verschil_pdf",
    "waarde",
]
