"""The vraagstuk page: what it shows, and how a refused form on it is shown again.

The dialogue's own forms and those of other contexts on the same page (the fast procedure's
panel) share this; a context adds a panel through `Context.vraagstuk_panels` (see `novex.registry`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

import shapely
from fastapi.responses import RedirectResponse

from novex import registry
from novex.access import Actor
from novex.audit import AuditService
from novex.bootstrap import UnitOfWork
from novex.catalog.service import CatalogService
from novex.claims.ports import ClaimFilter
from novex.claims.restrictions import RestrictionService
from novex.claims.service import ClaimService
from novex.dialogue import bob
from novex.dialogue.model import (
    AANPAK_VELDEN,
    CRITERIA,
    DECISION_TABLES,
    HERKOMST_NAMEN,
    TAFEL_NAMEN,
    Leidend,
    Prioriteit,
    Vraagstuk,
)
from novex.dialogue.service import TEXT_LIMITS, VraagstukService
from novex.dialogue.triage import CONFLICT_ID, conflict_claims
from novex.dialogue.vuistregel import AARD_NAMEN
from novex.errors import Forbidden
from novex.nl import format_date, format_number
from novex.reference.service import ReferenceService
from novex.web import maps
from novex.web.forms import form_refused, refusal
from novex.web.palette import DOMAIN_COLOURS, domain_colour
from novex.web.render import FormRefused

CRITERIA_BRON = {
    "1": "Het onderwerp is multi-sectoraal en integraal: minstens twee domeinen raken elkaar en dat vergt een "
    "integrale afweging vanwege tegenstrijdige of botsende belangen.",
    "2a": "Het betreft een: a) specifiek gebied waar ruimteclaims voor spanning zorgen;",
    "2b": "of b) het is een provincie overstijgende opgave die meerdere regio's raakt.",
    "3": "Het heeft inhoudelijke prioriteit bij vraagstukken die in aanmerking komen wanneer aanvullende integrale "
    "interbestuurlijke afweging nodig is bovenop bestaande sectorale trajecten (bestuurlijke prioritaire "
    "vraagstukken uit de Nota Ruimte en/of POVIs).",
}
"""The criteria as seed 002 §3.3 words them (shown next to the short CRITERIA text)."""

VUISTREGEL_BRON = (
    "Gaat het om wegen, prioriteren, uitruilen, richting kiezen? Dan neemt VRO het voortouw in de afstemming met "
    "provincies en departementen. Gaat het om formele sectorale besluiten met rechtsgevolg? Dan nemen "
    "vakdepartementen het voortouw, VRO bewaakt het kader."
)
"""The vuistregel of seed 002 §3.6, quoted."""


def _utc(moment: datetime | None) -> datetime:
    if moment is None:
        return datetime.min.replace(tzinfo=UTC)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _registers(uow: UnitOfWork, actor: Actor) -> tuple[list[Any], list[Any]]:
    """The places and adopted decisions of the open registers.

    `VraagstukService.registers` checks the read right without a province, which a province's planner
    never has; until it checks the planner's own province, a planner gets empty registers here.
    """
    try:
        register = uow.get(VraagstukService).registers(actor)
    except Forbidden:
        return [], []
    return list(register.places), list(register.decisions)


def form_options(uow: UnitOfWork, actor: Actor, registers: bool = True) -> dict[str, Any]:
    """Names and choices for the forms and the board: provinces, areas, domains, goals, interests, decisions."""
    cat = uow.get(CatalogService).catalogus(actor)
    reference = uow.get(ReferenceService)
    places, decisions = _registers(uow, actor) if registers else ([], [])
    doelgroepen = [(t.naam, [(d.id, d.tekst) for d in (*t.nationale_doelen, *t.doelen_per_gebied)]) for t in cat.themas]
    for profiel in cat.provincieprofielen:
        goals = [(d.id, d.tekst) for d in profiel.doelen]
        if profiel.woningbouw_tot_2030:
            goals.append((profiel.woningbouw_tot_2030.id, profiel.woningbouw_tot_2030.tekst))
        doelgroepen.append((f"Provincie {profiel.naam}", goals))
    departementen = sorted(
        {p.naam.removeprefix("Ministerie van ").removeprefix("Ministerie voor ") for p in places
         if p.soort == "ministerie"}
    )  # fmt: skip
    return {
        "provincienamen": {p.code: p.naam for p in reference.provinces(actor)},
        "landsdelen": reference.landsdelen(actor),
        "domeinnamen": {d.slug: d.naam for d in cat.domeinen},
        "gebiednamen": {g.id: g.naam for g in cat.novex_gebieden},
        "prioriteiten": [(i.id, i.naam) for i in cat.novi.prioriteiten],
        "nationale_belangen": [(i.id, i.naam) for i in cat.novi.nationale_belangen],
        "belangnamen": {i.id: i.naam for i in (*cat.novi.prioriteiten, *cat.novi.nationale_belangen)},
        "doelgroepen": [g for g in doelgroepen if g[1]],
        "doelnamen": {i: t for _, goals in doelgroepen for i, t in goals},
        "besluitenregister": decisions,
        "besluitnamen": {d.id: d.titel for d in decisions},
        "plekken": places,
        "pleknamen": {p.id: p.naam for p in places},
        "departementen": departementen,
        "herkomsten": HERKOMST_NAMEN,
        "prioriteitniveaus": list(Prioriteit),
        "tafelnamen": TAFEL_NAMEN,
        "besluittafels": DECISION_TABLES,
        "aardnamen": AARD_NAMEN,
        "fasenamen": bob.FASE_NAMEN,
        "open_fasen": bob.OPEN_FASEN,
        "eindfasen": [f for f in bob.FASEN if f not in bob.OPEN_FASEN],
        "criteria": CRITERIA,
        "criteria_bron": CRITERIA_BRON,
        "aanpak_velden": AANPAK_VELDEN,
        "datum": format_date,
        "vandaag": date.today(),
        "limieten": TEXT_LIMITS,
    }


def lead_party(v: Vraagstuk) -> str:
    """Who leads the vraagstuk, as the page names it: VRO, the ministry, or nobody yet."""
    if v.leidend == Leidend.VRO:
        return "VRO"
    if v.leidend == Leidend.DEPARTEMENT:
        return v.leidend_departement or "vakdepartement"
    return ""


@dataclass(frozen=True)
class Move:
    """A move out of the current phase as the page offers it."""

    naar: str
    naam: str
    mogelijk: bool
    redenen: tuple[str, ...]
    reden_nodig: bool
    plek_nodig: bool


def _moves(service: VraagstukService, actor: Actor, v: Vraagstuk) -> list[Move]:
    """The moves this user's role may make at all; the others are not shown (the service checks again)."""
    place_reason = bob.needs_place(replace(v, uitkomst_plek=None), actor)
    out = []
    for option in service.moves(actor, v.id):
        t = option.transition
        if not actor.system and actor.role not in t.roles:
            continue
        # The form asks for the place, so "name the place" is no reason to disable the button.
        reasons = tuple(r for r in option.reasons if r != place_reason)
        out.append(Move(t.target, t.name, not reasons, reasons, t.target in bob.NEEDS_REASON,
                        t.target == bob.ELDERS_BELEGD))  # fmt: skip
    return out


def _timeline(uow: UnitOfWork, service: VraagstukService, actor: Actor, v: Vraagstuk) -> list[dict[str, Any]]:
    """Phase moves and recorded changes merged, newest first (a move's own audit event is the move)."""
    items = [
        {"tijdstip": _utc(s.tijdstip), "wie": s.actor, "rol": s.rol, "reden": s.reden, "soort": "fase",
         "wat": f"Fase: {bob.FASE_NAMEN.get(s.source, s.source)} → {bob.FASE_NAMEN.get(s.target, s.target)}",
         "details": {}}
        for s in service.history_of(actor, v.id)
    ]  # fmt: skip
    for e in uow.get(AuditService).history(actor, "vraagstuk", v.id):
        if e.actie.endswith(".fase-gewijzigd"):
            continue
        items.append({"tijdstip": _utc(e.tijdstip), "wie": e.actor, "rol": e.rol,
                      "reden": e.reden, "soort": e.actie.split(".")[-1], "wat": e.samenvatting,
                      "details": dict(e.details)})  # fmt: skip
    return sorted(items, key=lambda i: i["tijdstip"], reverse=True)


def _map(uow: UnitOfWork, actor: Actor, v: Vraagstuk) -> dict[str, Any]:
    """The linked claims (and those of the linked conflicts) on a map, with the same claims as a table."""
    ids = set(v.claims)
    pairs = []
    for conflict in v.conflicten:
        found = CONFLICT_ID.match(conflict)
        if found:
            ids |= set(conflict_claims(conflict))
            pairs.append((conflict, found.group(1), found.group(2)))
    claims = uow.get(ClaimService).list(actor, ClaimFilter(ids=tuple(sorted(ids)))) if ids else []
    if not claims:
        return {"kaart": None, "kaartclaims": [], "kaartconflicten": []}
    by_key: dict[str, Any] = {str(c.id): c for c in claims}
    wanted_areas = {b for _, a, b in pairs if b.startswith("R")} | {a for _, a, _ in pairs if a.startswith("R")}
    if wanted_areas:
        for area in uow.get(RestrictionService).areas(actor, list(v.provincies)):
            if area.key in wanted_areas:
                by_key[area.key] = area
    conflict_rows, conflict_features, conflicts_of = [], [], {}
    for conflict, a_key, b_key in pairs:
        a, b = by_key.get(a_key), by_key.get(b_key)
        if a is None or b is None:
            conflict_rows.append({"id": conflict, "namen": None, "ha": None})
            continue
        overlap = shapely.intersection(a.geometry, b.geometry)
        ha = overlap.area / 10_000
        names = (a.naam, b.naam)
        conflict_rows.append({"id": conflict, "namen": names, "ha": ha})
        label = f"Conflict {conflict}: {' × '.join(names)}, {format_number(round(ha, 1))} ha"
        if not overlap.is_empty:
            conflict_features.append(maps.MapFeature(overlap, label, "conflict", "url(#arcering-conflict)",
                                                     data={"conflict": conflict}))  # fmt: skip
        for own, other in ((a_key, b.naam), (b_key, a.naam)):
            conflicts_of.setdefault(own, []).append(f"{conflict} met {other} ({format_number(round(ha, 1))} ha)")
    features = [
        maps.MapFeature(
            c.geometry,
            f"{c.naam} ({c.domein}, {format_number(round(c.area_ha, 1))} ha)",
            f"claim domein-{c.domein}",
            domain_colour(c.domein),
            data={"claim": str(c.id), "naam": c.naam, "domein": c.domein, "status": str(c.status),
                  "ha": format_number(round(c.area_ha, 1)),
                  "hoeveelheid": f"{format_number(c.hoeveelheid)} {c.eenheid}" if c.hoeveelheid is not None else "",
                  "conflicten": " | ".join(conflicts_of.get(str(c.id), [])), "voorstel": str(c.voorstel_id)},
        )
        for c in claims
    ]  # fmt: skip
    extent = shapely.union_all([c.geometry for c in claims])
    frame = extent.buffer(max(2_000.0, (extent.bounds[2] - extent.bounds[0]) * 0.3))
    base = [
        maps.MapFeature(p.geometry, p.naam, "ondergrond" + (" eigen" if p.code in v.provincies else ""),
                        "#ffffff" if p.code in v.provincies else "#e9edf2", name=p.naam.upper())
        for p in uow.get(ReferenceService).provinces(actor)
        if shapely.intersects(p.geometry, frame)
    ]  # fmt: skip
    restricted = [a for k, a in by_key.items() if k.startswith("R")]
    layers = [maps.MapLayer("ondergrond", "Provinciegrenzen", base, focusable=False)]
    if restricted:
        layers.append(maps.MapLayer("beperking", "Beschermde gebieden in de conflicten", [
            maps.MapFeature(a.geometry, f"{a.layer.naam}: {a.naam}", "beperking", "url(#arcering-natuur)")
            for a in restricted], focusable=False))  # fmt: skip
    layers += [
        maps.MapLayer("claims", "Claims", features),
        maps.MapLayer("conflicten", "Conflicten", conflict_features),
    ]
    kaart = maps.render(layers, extent.buffer(500), f"Kaart van de claims bij vraagstuk {v.id}", "kaart-vraagstuk")
    return {"kaart": kaart, "kaartclaims": claims, "kaartconflicten": conflict_rows, "kaartlagen": layers,
            "kleuren": DOMAIN_COLOURS}  # fmt: skip


def vraagstuk_view(uow: UnitOfWork, actor: Actor, vraagstuk_id: int) -> dict[str, Any]:
    """Everything the vraagstuk page shows."""
    service = uow.get(VraagstukService)
    v = service.get(actor, vraagstuk_id)
    open_phase = v.fase in bob.OPEN_FASEN
    handles = service.may(actor, "behandelen", v)
    return {
        **form_options(uow, actor),
        **_map(uow, actor, v),
        "v": v,
        "leidend": lead_party(v),
        "criteria_stand": service.triage_suggestions(v),
        "leidend_suggestie": service.lead_suggestion(v),
        "vuistregel": VUISTREGEL_BRON,
        "waarschuwingen": service.warnings(v),
        "overgangen": _moves(service, actor, v),
        "tijdlijn": _timeline(uow, service, actor, v),
        "bijdragen": service.contributions(actor, vraagstuk_id),
        **{name: panel(uow, actor, v) for name, panel in registry.vraagstuk_panels().items()},
        "mag_behandelen": handles and open_phase,
        "mag_bewerken": handles,
        "mag_besluiten": service.may(actor, "besluiten", v) and v.fase == bob.BESLUITVORMING,
        "mag_bijdragen": service.may(actor, "bijdragen", v),
        "fouten": {},
        "invoer": {},
        "fout_boven": None,
    }


def refuse_on_page(
    uow: UnitOfWork, actor: Actor, vraagstuk_id: int, form: str, exc: Exception, typed: dict[str, Any],
    fields: tuple[str, ...] = (), view: dict[str, Any] | None = None,
) -> FormRefused:  # fmt: skip
    """The vraagstuk page again, with the refusal next to the form `form` and what the user typed in it."""
    context = view or vraagstuk_view(uow, actor, vraagstuk_id)
    return form_refused("vraagstuk.html.j2", actor, context, form, exc, typed, refusal(exc, fields))


def done(vraagstuk_id: int, what: str, anchor: str | None = None) -> RedirectResponse:
    """Back to the vraagstuk page (at the section of the form), saying what was done."""
    fragment = f"#{anchor}" if anchor else ""
    return RedirectResponse(f"/vraagstukken/{vraagstuk_id}?gedaan={what}{fragment}", status_code=303)
