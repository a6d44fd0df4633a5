"""The NOVEX areas on the web: the overview with its national map, one area's page, and the programme register.

The sixteen NOVEX areas are the second pillar of NOVEX beside the twelve provinces (seed 003 §4.2;
seed 004 Bijlage 3 has a factsheet per area). Every page asks `GebiedenService` (rights are
checked there) and shows the area as `novex.gebieden.present` describes it, so the page and the
API agree. An extent is indicative unless VRO imported an official boundary; the page always
says which, with the toelichting. The boundary forms (VRO only) post with the session's CSRF
token; a refusal shows the page again with the Dutch reasons, and nothing is stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Annotated, Any, NoReturn

import shapely
from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from shapely.geometry.base import BaseGeometry

from novex.access import Actor, can
from novex.arrangement.model import ONDERDELEN
from novex.arrangement.service import ArrangementService
from novex.bootstrap import UnitOfWork
from novex.catalog.model import NovexGebied
from novex.catalog.sources import SEED_FILES
from novex.claims.model import Claim, RestrictionArea
from novex.claims.ports import ClaimFilter
from novex.claims.restrictions import RestrictionService
from novex.claims.service import ClaimService
from novex.dialogue.bob import FASE_NAMEN
from novex.dialogue.model import VraagstukFilter
from novex.dialogue.service import VraagstukService
from novex.edge.deps import UowDep, work_dir
from novex.edge.uploads import saved_upload, upload_name
from novex.errors import Forbidden, InvalidInput, NovexError
from novex.gebieden import present
from novex.gebieden.actions import SET_GRENS
from novex.gebieden.model import Begrenzing, GebiedsAnalyse
from novex.gebieden.service import GebiedenService
from novex.nl import format_number
from novex.reference.municipalities import ATTRIBUTION as MUNICIPAL_ATTRIBUTION
from novex.reference.provinces import ATTRIBUTION as PROVINCE_ATTRIBUTION
from novex.reference.service import ReferenceService
from novex.web import maps
from novex.web.forms import Refusal, form_refused
from novex.web.pages.arrangement_forms import form_date
from novex.web.pages.gebied_dossier_view import DOSSIER_GEDAAN, dossier_view
from novex.web.pages.monitor_forms import veld_refusal
from novex.web.palette import DOMAIN_COLOURS, KLASSE_COLOURS, domain_colour
from novex.web.render import PageActor, check_csrf, render

router = APIRouter(include_in_schema=False)

GebiedId = Annotated[str, Path(max_length=80)]
Keuze = Annotated[str, Query(max_length=40)]

TYPE_NAMEN = {
    "verstedelijking": "verstedelijking",
    "landelijk": "landelijk gebied",
    "haven-industrie": "haven en industrie",
    "infrastructuur": "infrastructuur",
}
TYPE_KLEUREN = {"verstedelijking": "#d7301f", "landelijk": "#1a9850", "haven-industrie": "#5e3c99",
                "infrastructuur": "#b35806"}  # fmt: skip
"""One colour per area type (its first type), for the overview's map and legend."""
SOORT = {"indicatief": "indicatieve", "officieel": "officiële"}
"""The kind of an extent as the adjective before 'begrenzing'."""
GRENS_VELDEN = ("bestand", "bron", "peildatum", "attributie")
VERWIJDER_VELDEN = ("reden",)
GEDAAN = {
    "grens": "De officiële grens is vastgelegd; de analyse rekent nu met deze grens.",
    "verwijderd": "De officiële grens is verwijderd; het gebied heeft weer zijn indicatieve begrenzing.",
} | DOSSIER_GEDAAN
NIEUWERE_NAMEN = "Nieuwere namen (na seed 003)"
"""The heading of the national programmes without a group of seed 003 Bijlage II (the names of seed 002 and later)."""


# -- shared pieces ---------------------------------------------------------------------------------------------


def tekstblokken(text: str | None) -> list[tuple[str, list[str]]]:
    """A multi-line factsheet text as blocks: a paragraph per line, a list for lines that start as bullets."""
    blocks: list[tuple[str, list[str]]] = []
    for raw in (text or "").split("\n"):
        line = raw.strip()
        if not line:
            continue
        bullet = line[:2] in ("- ", "• ", "* ", "– ", "· ") or line[:1] in ("•", "·")
        if bullet:
            item = line.lstrip("-•*–· ").strip()
            if blocks and blocks[-1][0] == "ul":
                blocks[-1][1].append(item)
            else:
                blocks.append(("ul", [item]))
        else:
            blocks.append(("p", [line]))
    return blocks


URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)]")


def links(text: str) -> list[tuple[str, str | None]]:
    """A text in pieces: (text, None) and (url, url) for each web address in it, for links in a template."""
    pieces: list[tuple[str, str | None]] = []
    at = 0
    for found in URL.finditer(text):
        if found.start() > at:
            pieces.append((text[at : found.start()], None))
        pieces.append((found.group(0), found.group(0)))
        at = found.end()
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces


def seed_titel(bron: str) -> str:
    """The title (and year, where the seed has one) of the seed a citation starts with ('seed 003, …')."""
    number = bron.removeprefix("seed ")[:3]
    return next((title for name, title in SEED_FILES.items() if name.startswith(number)), "")


def typen_tekst(typen: Iterable[str]) -> str:
    """The area's types in words ('verstedelijking / haven en industrie')."""
    return " / ".join(TYPE_NAMEN.get(t, t) for t in typen)


def kort(text: str | None, limit: int = 140) -> str:
    """The first line of a text, cut at a word before `limit` characters (with '…' when cut)."""
    first = (text or "").strip().split("\n")[0].strip()
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def _ha(value: float) -> str:
    return format_number(round(value, 1))


def claim_features(claims: Sequence[Claim], conflicts_of: dict[Any, list[str]], clip: BaseGeometry | None = None,
                   inside: dict[int, float] | None = None) -> list[maps.MapFeature]:  # fmt: skip
    """Claims as focusable map features coloured by domain, with the data kaart.js shows in its details panel.

    With `clip`, each claim is drawn as far as it lies inside it (an area's extent) and its label
    says how much of it lies inside (`inside`: claim id -> ha).
    """
    features = []
    for c in claims:
        geometry = shapely.intersection(c.geometry, clip) if clip is not None else c.geometry
        if geometry.is_empty:
            continue
        ha = _ha(c.area_ha)
        binnen = (inside or {}).get(c.id)
        size = f"{_ha(binnen)} van {ha} ha binnen het gebied" if binnen is not None else f"{ha} ha"
        features.append(maps.MapFeature(
            geometry, f"{c.naam} ({c.domein}, {size})", f"claim domein-{c.domein}", domain_colour(c.domein),
            data={"claim": str(c.id), "naam": c.naam, "domein": c.domein, "status": str(c.status),
                  "ha": f"{_ha(binnen)} (binnen het gebied; totaal {ha})" if binnen is not None else ha,
                  "hoeveelheid": f"{format_number(c.hoeveelheid)} {c.eenheid}" if c.hoeveelheid is not None else "",
                  "conflicten": " | ".join(conflicts_of.get(c.id, [])), "voorstel": str(c.voorstel_id)},
        ))  # fmt: skip
    return features


def conflict_features(
    conflicts: Iterable[Any], by_id: dict[Any, Claim | RestrictionArea], clip: BaseGeometry | None = None
) -> tuple[list[maps.MapFeature], dict[Any, list[str]]]:
    """Conflicts as hatched, focusable overlaps; and per claim the conflicts it is in (for the details panel)."""
    features, conflicts_of = [], {}
    for conflict in conflicts:
        a, b = (by_id.get(k) for k in conflict.claims)
        if a is None or b is None:
            continue
        overlap = shapely.intersection(a.geometry, b.geometry)
        if clip is not None:
            overlap = shapely.intersection(overlap, clip)
        area = _ha(conflict.area_ha)
        label = f"Conflict {conflict.id}: {' × '.join(conflict.names)}, {area} ha"
        features.append(maps.MapFeature(overlap, label, "conflict", "url(#arcering-conflict)",
                                        data={"conflict": conflict.id}))  # fmt: skip
        for own, other in ((0, 1), (1, 0)):
            with_other = f"{conflict.id} met {conflict.names[other]} ({area} ha)"
            conflicts_of.setdefault(conflict.claims[own], []).append(with_other)
    return features, conflicts_of


# -- the overview ------------------------------------------------------------------------------------------------


def _rij(g: NovexGebied, b: Begrenzing, namen: dict[str, str]) -> dict[str, Any]:
    s = present.samenvatting(g)
    return s | {"provincienamen": [namen.get(c, c) for c in s["provincies"]], "begrenzing": b.soort,
                "typen_tekst": typen_tekst(s["typen"]), "fase_kort": kort(s["fase"]), "oppervlakte": b.area_ha,
                "kleur": TYPE_KLEUREN.get(s["typen"][0], "#154273")}  # fmt: skip


@router.get("/novex-gebieden", response_class=HTMLResponse)
def overview(request: Request, actor: PageActor, uow: UowDep) -> HTMLResponse:
    """The sixteen areas on a national map (semi-transparent, they overlap) and in a table, its alternative."""
    service = uow.get(GebiedenService)
    gebieden = service.gebieden(actor)
    begrenzingen = {b.gebied: b for b in service.begrenzingen(actor)}
    provinces = uow.get(ReferenceService).provinces(actor)
    namen = {p.code: p.naam for p in provinces}
    rijen = [_rij(g, begrenzingen[g.id], namen) for g in gebieden]
    features = [
        maps.MapFeature(
            begrenzingen[r["id"]].geometry,
            f"NOVEX-gebied {r['naam']}: {r['typen_tekst']} (afgeleid), {', '.join(r['provincienamen'])}; "
            f"{SOORT[r['begrenzing']]} begrenzing",
            f"novex-gebied type-{r['typen'][0]}", r["kleur"], href=f"/novex-gebieden/{r['id']}",
        )
        for r in sorted(rijen, key=lambda r: -r["oppervlakte"])  # the largest first: the smaller ones stay on top
    ]  # fmt: skip
    base = [maps.MapFeature(p.geometry, p.naam, "ondergrond", "#ffffff", name=p.naam.upper()) for p in provinces]
    kaart = maps.render(
        [maps.MapLayer("provincies", "Provinciegrenzen", base, focusable=False),
         maps.MapLayer("gebieden", "NOVEX-gebieden", features)],
        shapely.union_all([p.geometry for p in provinces]), "Kaart van Nederland met de zestien NOVEX-gebieden",
        "kaart-gebieden",
    )  # fmt: skip
    typen = [(t, TYPE_NAMEN[t], TYPE_KLEUREN[t]) for t in TYPE_NAMEN if any(r["typen"][0] == t for r in rijen)]
    officieel = sum(1 for b in begrenzingen.values() if b.soort == "officieel")
    return render(request, "gebieden.html.j2", actor, kaart=kaart, rijen=rijen, typen=typen, officieel=officieel,
                  attributie=[PROVINCE_ATTRIBUTION], typering=present.TYPERING)  # fmt: skip


# -- one area ------------------------------------------------------------------------------------------------------


def _kaart(uow: UnitOfWork, actor: Actor, gebied: NovexGebied, b: Begrenzing, a: GebiedsAnalyse) -> dict[str, Any]:
    """The area's map: its extent on the provinces and municipalities, the claims inside by domain, conflicts."""
    reference = uow.get(ReferenceService)
    extent = b.geometry
    frame = shapely.box(*extent.buffer(2_000).bounds)
    ids = [c.id for c in a.claims]
    claims = uow.get(ClaimService).list(actor, ClaimFilter(ids=ids)) if ids else []
    areas = uow.get(RestrictionService).areas(actor, gebied.provincies)
    by_id: dict[Any, Claim | RestrictionArea] = {c.id: c for c in claims} | {r.key: r for r in areas}
    conflicts, conflicts_of = conflict_features(a.conflicten, by_id, extent)
    inside = {c.id: c.binnen_ha for c in a.claims}
    deelcodes = {d.code for d in b.delen}
    base = [
        maps.MapFeature(p.geometry, p.naam, "ondergrond" + (" eigen" if p.code in gebied.provincies else ""),
                        "#ffffff" if p.code in gebied.provincies else "#e9edf2",
                        name=None if p.code in gebied.provincies else p.naam.upper())
        for p in reference.provinces(actor) if shapely.intersects(p.geometry, frame)
    ]  # fmt: skip
    municipal = [
        maps.MapFeature(m.geometry, m.naam, "gemeente", "none", name=m.naam if m.code in deelcodes else None)
        for m in reference.municipalities(actor)
        if shapely.intersects(m.geometry, frame)
    ]
    soort = "Officiële grens" if b.soort == "officieel" else "Indicatieve begrenzing"
    grens = [maps.MapFeature(extent, f"{soort} van {gebied.naam}", f"gebiedsgrens gebiedsgrens-{b.soort}", "#154273")]
    layers = [
        maps.MapLayer("ondergrond", "Provinciegrenzen", base, focusable=False),
        maps.MapLayer("gemeenten", "Gemeentegrenzen", municipal, focusable=False),
        maps.MapLayer("begrenzing", f"Begrenzing ({b.soort})", grens, focusable=False),
        maps.MapLayer("claims", "Claims binnen het gebied", claim_features(claims, conflicts_of, extent, inside)),
        maps.MapLayer("conflicten", "Conflicten", conflicts),
    ]
    title = f"Kaart van NOVEX-gebied {gebied.naam} met de claims en conflicten erin"
    return {"kaart": maps.render(layers, extent, title, "kaart-gebied"), "lagen": layers,
            "claimstatus": {c.id: c.status for c in claims}}  # fmt: skip


def _vraagstukken(uow: UnitOfWork, actor: Actor, gebied_id: str) -> list[Any] | None:
    """The vraagstukken linked to the area that the user may read (None: the user reads none)."""
    try:
        return uow.get(VraagstukService).list(actor, VraagstukFilter(gebieden=(gebied_id,)))
    except Forbidden:
        return None


def _ra_afspraken(uow: UnitOfWork, actor: Actor, gebied_id: str) -> list[dict[str, Any]] | None:
    """The agreements of the readable RA versions (not superseded) that name the area (None: no RA readable)."""
    try:
        versions = uow.get(ArrangementService).list(actor)
    except Forbidden:
        return None
    rows = []
    for ra in sorted(versions, key=lambda r: (r.provincie, -r.jaar, -r.id)):
        if ra.vervangen_door is not None:
            continue
        for nummer, a in enumerate(ra.afspraken, start=1):
            if a.novex_gebied == gebied_id:
                rows.append({"ra": ra, "a": a, "nummer": nummer, "onderdeel": ONDERDELEN.get(a.onderdeel, ""),
                             "href": f"/arrangementen/{ra.id}#afspraak-{nummer}"})  # fmt: skip
    return rows


def _programmas(uow: UnitOfWork, actor: Actor) -> list[Any]:
    """The national programmes of the register (seed 003 Bijlage II, then the newer names)."""
    try:
        places = uow.get(VraagstukService).registers(actor).places
    except Forbidden:
        return []
    return [p for p in places if p.soort == "nationaal-programma"]


def gebied_view(uow: UnitOfWork, actor: Actor, gebied_id: str) -> dict[str, Any]:
    """Everything one area's page shows."""
    service = uow.get(GebiedenService)
    gebied = service.gebied(actor, gebied_id)
    info = present.detail(gebied)
    b = service.begrenzing(actor, gebied.id)
    a = service.analyse(actor, gebied.id)
    namen = {p.code: p.naam for p in uow.get(ReferenceService).provinces(actor)}
    gebiednamen = {g.id: g.naam for g in service.gebieden(actor)}
    factsheet = info["factsheet"]
    overlap = (factsheet.get("overlappendeGebieden") or {}).get("waarde") or []
    programmas = {p.id: p for p in _programmas(uow, actor)}
    context = {
        "gebied": gebied, "info": info, "b": b, "begrenzing": present.begrenzing(b), "a": a,
        "provincienamen": namen, "gebiednamen": gebiednamen, "overlappend": [o for o in overlap if o in gebiednamen],
        "typen_tekst": typen_tekst(info["typen"]), "vraagstukken": _vraagstukken(uow, actor, gebied.id),
        "fasenamen": FASE_NAMEN, "ra_afspraken": _ra_afspraken(uow, actor, gebied.id), "programmas": programmas,
        "kleuren": DOMAIN_COLOURS, "klassekleuren": KLASSE_COLOURS, "seed_titel": seed_titel,
        "tekstblokken": tekstblokken, "links": links, "SOORT": SOORT, "mag_grens": can(actor, SET_GRENS),
        "attributie": [PROVINCE_ATTRIBUTION, MUNICIPAL_ATTRIBUTION],
        "fouten": {}, "invoer": {}, "fout_boven": None, "fout_formulier": None,
    }  # fmt: skip
    return context | dossier_view(uow, actor, gebied.id) | _kaart(uow, actor, gebied, b, a)


@router.get("/novex-gebieden/{gebied_id}", response_class=HTMLResponse)
def area_page(request: Request, gebied_id: GebiedId, actor: PageActor, uow: UowDep, gedaan: Keuze = "") -> HTMLResponse:
    """One area: summary, governance, its extent and what lies inside, the whole factsheet, links."""
    view = gebied_view(uow, actor, gebied_id)
    return render(request, "gebied.html.j2", actor, **view, gedaan=GEDAAN.get(gedaan))


def refuse_on_page(uow: UnitOfWork, actor: Actor, gebied_id: str, form: str, exc: Exception, typed: dict[str, Any],
                   found: Refusal) -> NoReturn:  # fmt: skip
    """The area's page again with the refusal `found` at form `form` (the unit of work rolls back: nothing stored)."""
    try:
        context = gebied_view(uow, actor, gebied_id)
    except NovexError:
        raise exc from None  # an unknown area: its own Dutch reason, on the error page
    context["fout_formulier"] = form
    raise form_refused("gebied.html.j2", actor, context, form, exc, typed, found)


def _refuse(uow: UnitOfWork, actor: Actor, gebied_id: str, form: str, exc: Exception, typed: dict[str, Any],
            fields: tuple[str, ...]) -> NoReturn:  # fmt: skip
    refuse_on_page(uow, actor, gebied_id, form, exc, typed, veld_refusal(exc, fields))


@router.post("/novex-gebieden/{gebied_id}/grens", response_class=HTMLResponse)
def set_boundary(
    request: Request, gebied_id: GebiedId, actor: PageActor, uow: UowDep,
    bestand: Annotated[UploadFile | None, File()] = None,
    csrf: Annotated[str, Form(max_length=200)] = "",
    bron: Annotated[str, Form(max_length=600)] = "",
    peildatum: Annotated[str, Form(max_length=40)] = "",
    attributie: Annotated[str, Form(max_length=600)] = "",
    versie: Annotated[str, Form(max_length=12)] = "",
) -> Response:  # fmt: skip
    """VRO imports an official boundary from a GeoJSON or GeoPackage file (a plain function: thread pool)."""
    check_csrf(request, csrf)
    typed = {"bron": bron, "peildatum": peildatum, "attributie": attributie}
    service = uow.get(GebiedenService)
    try:
        service.gebied(actor, gebied_id)
        service.mag_grens_vastleggen(actor)  # before the file is read
        problems: list[str] = []
        day = form_date(peildatum, "peildatum", problems)
        if day is None and not peildatum.strip():
            problems.append("peildatum: vul de peildatum van de grens in")
        elif day is not None and day > date.today():
            problems.append(f"peildatum: {day:%d-%m-%Y} ligt in de toekomst")
        if not bron.strip():
            problems.append("bron: noem waar de grens vandaan komt")
        if bestand is None or not bestand.filename:
            problems.append("bestand: kies een GeoJSON- of GeoPackage-bestand")
        if problems:
            raise InvalidInput("grens: " + "; ".join(problems))
        assert bestand is not None and day is not None
        expected = form_version(versie)
        name = upload_name(bestand.filename)
        try:
            with saved_upload(work_dir(request, "uploads"), bestand) as saved:
                service.leg_grens_vast(actor, gebied_id, saved.path, bron, day, attributie or None, name, expected)
        except InvalidInput as exc:  # a problem of the file: shown at the file field, with the file's name
            if str(exc).startswith(f"{name}:"):
                raise InvalidInput(f"bestand: {exc}") from exc
            raise
    except NovexError as exc:
        _refuse(uow, actor, gebied_id, "grens", exc, typed, GRENS_VELDEN)
    return RedirectResponse(f"/novex-gebieden/{gebied_id}?gedaan=grens#begrenzing", status_code=303)


@router.post("/novex-gebieden/{gebied_id}/grens/verwijderen", response_class=HTMLResponse)
def remove_boundary(
    request: Request, gebied_id: GebiedId, actor: PageActor, uow: UowDep,
    csrf: Annotated[str, Form(max_length=200)] = "",
    reden: Annotated[str, Form(max_length=600)] = "",
    versie: Annotated[str, Form(max_length=12)] = "",
) -> Response:  # fmt: skip
    """VRO removes the official boundary: the area falls back to its indicative extent."""
    check_csrf(request, csrf)
    try:
        expected = form_version(versie)
        uow.get(GebiedenService).verwijder_grens(actor, gebied_id, reden, expected)
    except NovexError as exc:
        _refuse(uow, actor, gebied_id, "verwijderen", exc, {"reden": reden}, VERWIJDER_VELDEN)
    return RedirectResponse(f"/novex-gebieden/{gebied_id}?gedaan=verwijderd#begrenzing", status_code=303)


def form_version(versie: str) -> int | None:
    """The version a form says it was read on: empty (none), or ASCII digits — anything else is refused."""
    if not versie.strip():
        return None
    if not (versie.isascii() and versie.isdigit() and 0 < int(versie) < 2**31):
        raise InvalidInput(f"versie: {versie[:20]!r} is geen versienummer")
    return int(versie)


# -- the programme register ---------------------------------------------------------------------------------------


@router.get("/programmas", response_class=HTMLResponse)
def programmes(request: Request, actor: PageActor, uow: UowDep) -> HTMLResponse:
    """The national programmes in the groups of seed 003 Bijlage II, then the newer names; each with its NOVEX areas.

    An area is listed with a programme when its factsheet names a contribution linked to it (`plek`).
    """
    gebieden = uow.get(GebiedenService).gebieden(actor)
    bijdragen: dict[str, list[tuple[NovexGebied, Any]]] = {}
    for g in gebieden:
        for bijdrage in getattr(g, "bijdragen", ()):
            plek = getattr(bijdrage, "plek", None)
            if plek:
                bijdragen.setdefault(plek, []).append((g, bijdrage))
    groepen: dict[str, list[Any]] = {}
    for p in _programmas(uow, actor):
        groepen.setdefault(p.groep or NIEUWERE_NAMEN, []).append(p)
    if NIEUWERE_NAMEN in groepen:  # the newer names after the five groups of seed 003
        groepen[NIEUWERE_NAMEN] = groepen.pop(NIEUWERE_NAMEN)
    return render(request, "programmas.html.j2", actor, groepen=groepen, bijdragen=bijdragen,
                  nieuwere=NIEUWERE_NAMEN)  # fmt: skip
