"""Step 3 on the web: the national overview and each province's puzzle (map, budget, goals, conflicts)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import shapely
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from novex.access import READ_AUDIT, Actor, can
from novex.analysis.goals import GoalBalance
from novex.analysis.report import AnalysisReport
from novex.analysis.service import AnalysisService, AnalysisState
from novex.analysis.tables import conflict_table, goal_table
from novex.audit import AuditFilter, AuditService
from novex.bootstrap import UnitOfWork
from novex.claims.actions import EDIT_CLAIMS
from novex.claims.model import Claim, RestrictionArea
from novex.claims.ports import ClaimFilter
from novex.claims.restrictions import RestrictionService
from novex.claims.service import ClaimService
from novex.documents.tables import MEDIA, to_csv, to_xlsx
from novex.edge.deps import UowDep
from novex.errors import NotFound
from novex.nl import counted, format_fixed, format_number
from novex.reference.layers import SHIPPED
from novex.reference.municipalities import ATTRIBUTION as MUNICIPAL_ATTRIBUTION
from novex.reference.provinces import ATTRIBUTION as PROVINCE_ATTRIBUTION
from novex.reference.service import ReferenceService
from novex.web import charts, maps
from novex.web.forms import download
from novex.web.palette import DOMAIN_COLOURS, KLASSE_COLOURS, NO_CLAIMS, RATIO_STEPS, domain_colour, ratio_colour
from novex.web.render import PageActor, render

router = APIRouter(include_in_schema=False)


def dutch_age(age: timedelta) -> str:
    """How old something is, in Dutch words: 'minder dan een minuut', '5 minuten', '2 uur', '3 dagen'."""
    minutes = int(age.total_seconds()) // 60
    if minutes < 1:
        return "minder dan een minuut"
    if minutes < 60:
        return counted(minutes, "minuut", "minuten")
    if minutes < 48 * 60:
        return counted(minutes // 60, "uur", "uur")
    return counted(minutes // (24 * 60), "dag", "dagen")


def analysis_banner(request: Request, state: AnalysisState, codes: Sequence[str], onderwerp: str) -> dict | None:
    """What the banner of `analyse_stand.html.j2` shows for a state that is not current (None when it is)."""
    if state.current:
        return None
    age = state.age(datetime.now(UTC))
    query = urlencode([("provincie", code) for code in codes])
    return {
        "bezig": state.running,
        "fout": state.error,
        "procent": int((state.progress or 0.0) * 100),
        "stap": state.stage or "in de wachtrij",
        "leeftijd": dutch_age(age) if age is not None else None,
        "tijdstip": state.computed_at,
        "onderwerp": onderwerp,
        "status_url": "/api/v1/analyse/status" + (f"?{query}" if query else ""),
        "herladen": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
    }


def waiting_page(request: Request, actor: Actor, state: AnalysisState, codes: Sequence[str], onderwerp: str,
                 kruimel: str | None = None, download: bool = False) -> HTMLResponse:  # fmt: skip
    """The page shown before a scope's first analysis is complete: its progress, or why it failed.

    200 while it runs (the page refreshes itself); 503 when it failed or when a file was asked for.
    """
    banner = analysis_banner(request, state, codes, onderwerp)
    status = 503 if state.error or download else 200
    kop = f"De analyse van {onderwerp} wordt berekend" if state.running else f"Geen analyse van {onderwerp}"
    answer = render(request, "analyse_bezig.html.j2", actor, status=status, kop=kop, stand=banner, kruimel=kruimel)
    if status == 503:
        answer.headers["Retry-After"] = "60" if state.error else "5"
    return answer


@router.get("/", response_class=HTMLResponse)
def home(request: Request, actor: PageActor, uow: UowDep) -> HTMLResponse:
    """Dashboard: the provinces coloured by claim pressure; conflicts, goal gaps and hotspots per province."""
    state = uow.get(AnalysisService).state(actor)
    if state.report is None:
        return waiting_page(request, actor, state, (), "Nederland")
    result = state.report
    budget = {p.code: p for p in result.provinces}
    conflicts = {code: 0 for code in budget}
    for conflict in result.conflicts:
        for code in conflict.provinces:
            conflicts[code] += 1
    features = [
        maps.MapFeature(
            p.geometry,
            f"{p.naam}: claimdruk {format_fixed(budget[p.code].over_claim_ratio)}, {conflicts[p.code]} conflicten",
            "provincie",
            ratio_colour(budget[p.code].over_claim_ratio),
            href=f"/provincies/{p.code}",
            name=p.naam,
        )
        for p in uow.get(ReferenceService).provinces(actor)
    ]
    extent = shapely.union_all([p.geometry for p in uow.get(ReferenceService).provinces(actor)])
    kaart = maps.render(
        [maps.MapLayer("provincies", "Provincies", features)], extent, "Kaart van Nederland", "kaart-nl"
    )
    gaps: dict[str, list[GoalBalance]] = {}
    for goal in result.goals:
        if goal.status == "tekort" and goal.scope in budget and budget[goal.scope].claimed_ha:
            gaps.setdefault(goal.scope, []).append(goal)
    hotspots = sorted(result.hotspots, key=lambda h: (-len(h.domains), -h.area_ha))[:10]
    return render(
        request, "home.html.j2", actor, kaart=kaart, budget=budget, conflicts=conflicts, result=result,
        stappen=RATIO_STEPS, geen_claims=NO_CLAIMS, attributie=PROVINCE_ATTRIBUTION, tekorten=gaps,
        hotspots=hotspots, stand=analysis_banner(request, state, (), "Nederland"),
    )  # fmt: skip


def _province_view(uow: UnitOfWork, actor: Actor, code: str, result: AnalysisReport) -> dict[str, Any]:
    """Everything the province page shows, with the province's newest complete analysis `result`."""
    province = uow.get(ReferenceService).province(actor, code)
    claims = uow.get(ClaimService).list(actor, ClaimFilter(provincies=(province.code,), actueel=True))
    areas = uow.get(RestrictionService).areas(actor, [province.code])
    by_id: dict[Any, Claim | RestrictionArea] = {c.id: c for c in claims} | {a.key: a for a in areas}
    reference = uow.get(ReferenceService)
    conflict_features, conflicts_of = [], {}
    for conflict in result.conflicts:
        a, b = (by_id.get(k) for k in conflict.claims)
        if a is None or b is None:
            continue
        overlap = shapely.intersection(a.geometry, b.geometry)
        area = format_number(round(conflict.area_ha, 1))
        label = f"Conflict {conflict.id}: {' × '.join(conflict.names)}, {area} ha"
        conflict_features.append(maps.MapFeature(overlap, label, "conflict", "url(#arcering-conflict)",
                                                 data={"conflict": conflict.id}))  # fmt: skip
        for own, other in ((0, 1), (1, 0)):
            conflicts_of.setdefault(conflict.claims[own], []).append(
                f"{conflict.id} met {conflict.names[other]} ({area} ha)"
            )
    claim_features = [
        maps.MapFeature(
            c.geometry,
            f"{c.naam} ({c.domein}, {format_number(round(c.area_ha, 1))} ha)",
            f"claim domein-{c.domein}",
            domain_colour(c.domein),
            data={
                "claim": str(c.id),
                "naam": c.naam,
                "domein": c.domein,
                "status": str(c.status),
                "ha": format_number(round(c.area_ha, 1)),
                "hoeveelheid": f"{format_number(c.hoeveelheid)} {c.eenheid}" if c.hoeveelheid is not None else "",
                "conflicten": " | ".join(conflicts_of.get(c.id, [])),
                "voorstel": str(c.voorstel_id),
            },  # fmt: skip
        )
        for c in claims
    ]
    frame = shapely.box(*province.geometry.buffer(2_000).bounds)
    municipal = [
        maps.MapFeature(m.geometry, m.naam, "gemeente", "none", name=m.naam if m.provincie == province.code else None)
        for m in reference.municipalities(actor)
        if shapely.intersects(m.geometry, frame)
    ]
    layer_features: dict[str, list[maps.MapFeature]] = {}
    for area in areas:
        layer_features.setdefault(area.layer.naam, []).append(
            maps.MapFeature(area.geometry, f"{area.layer.naam}: {area.naam}", "beperking", "url(#arcering-natuur)")
        )
    attribution = {layer.naam: layer.attributie for layer in SHIPPED}
    base = [
        maps.MapFeature(
            p.geometry,
            p.naam,
            "ondergrond" + (" eigen" if p.code == province.code else ""),
            "#ffffff" if p.code == province.code else "#e9edf2",
            name=None if p.code == province.code else p.naam.upper(),
        )  # fmt: skip
        for p in reference.provinces(actor)
        if shapely.intersects(p.geometry, frame)
    ]
    layers = (
        [maps.MapLayer("ondergrond", "Provinciegrenzen", base, focusable=False),
         maps.MapLayer("gemeenten", "Gemeentegrenzen en -namen", municipal, focusable=False)]
        + [
            maps.MapLayer(f"beperking-{k}", name, feats, focusable=False, attribution=attribution.get(name))
            for k, (name, feats) in enumerate(sorted(layer_features.items()))
        ]
        + [
            maps.MapLayer("claims", "Claims", claim_features),
            maps.MapLayer("conflicten", "Conflicten", conflict_features),
        ]
    )
    kaart = maps.render(
        layers, province.geometry, f"Kaart van {province.naam} met claims en conflicten", "kaart-provincie"
    )
    owners = {v.id: v.provincie for v in uow.get(ClaimService).voorstellen(actor)}
    budget = result.provinces[0]
    chart = charts.bar_chart(
        [(d, ha, domain_colour(d)) for d, ha in sorted(budget.by_domain.items(), key=lambda kv: -kv[1])],
        f"Geclaimde hectares per domein in {province.naam}",
    )
    names = {m.code: m.naam for m in reference.municipalities(actor)}
    return {
        "provincie": province, "claims": claims, "result": result, "budget": budget, "kaart": kaart,
        "grafiek": chart, "lagen": layers, "gemeentenamen": names, "eigenaren": owners,
        "kan_bewerken": any(can(actor, EDIT_CLAIMS, owners.get(c.voorstel_id)) for c in claims),
    }  # fmt: skip


def _province_state(request: Request, uow: UnitOfWork, actor: Actor, code: str) -> tuple[AnalysisState, Any]:
    """The province's analysis state, and its page context: the banner, or the waiting page before a first result."""
    province = uow.get(ReferenceService).province(actor, code)
    state = uow.get(AnalysisService).state(actor, [province.code])
    onderwerp = f"provincie {province.naam}"
    if state.report is None:
        return state, waiting_page(request, actor, state, [province.code], onderwerp, province.naam)
    return state, analysis_banner(request, state, [province.code], onderwerp)


@router.get("/provincies/{code}", response_class=HTMLResponse)
def province_page(request: Request, code: str, actor: PageActor, uow: UowDep) -> HTMLResponse:
    """A province: its voorstel on the map, land budget, goals, conflicts, nature overlaps."""
    state, banner = _province_state(request, uow, actor, code)
    if state.report is None:
        return banner
    view = _province_view(uow, actor, code, state.report) | {"stand": banner}
    own = view["provincie"].code
    recent = None  # the latest changes, for those who may read this province's audit trail
    if can(actor, READ_AUDIT, own):
        recent, _ = uow.get(AuditService).page(actor, AuditFilter(provincie=own), 1, 5)
    return render(request, "province.html.j2", actor, **view, wijzigingen=recent, kleuren=DOMAIN_COLOURS,
                  klassekleuren=KLASSE_COLOURS, attributie=[PROVINCE_ATTRIBUTION, MUNICIPAL_ATTRIBUTION])  # fmt: skip


@router.get("/provincies/{code}/{table}.{fmt}")
def table_download(request: Request, code: str, table: str, fmt: str, actor: PageActor, uow: UowDep) -> Response:
    """The province's conflicts or goals as CSV or XLSX (for the spreadsheet the planner works in)."""
    if table not in ("conflicten", "doelen") or fmt not in MEDIA:
        raise NotFound(f"/{table}.{fmt} bestaat niet; kies conflicten of doelen, als .csv of .xlsx")
    province = uow.get(ReferenceService).province(actor, code)
    state = uow.get(AnalysisService).state(actor, [province.code])
    report = state.report
    if report is None:
        return waiting_page(request, actor, state, [province.code], f"provincie {province.naam}", province.naam, True)
    data = conflict_table(report) if table == "conflicten" else goal_table(report)
    body = to_csv(data.header, data.rows) if fmt == "csv" else to_xlsx(data.title, data.header, data.rows)
    name = f"{table}-{province.code}.{fmt}"
    return download(body, name, MEDIA[fmt])


@router.get("/provincies/{code}/samenvatting", response_class=HTMLResponse)
def summary_page(request: Request, code: str, actor: PageActor, uow: UowDep) -> HTMLResponse:
    """A printable one-page summary of the province's puzzle (A4, black and white friendly)."""
    state, banner = _province_state(request, uow, actor, code)
    if state.report is None:
        return banner
    view = _province_view(uow, actor, code, state.report) | {"stand": banner}
    report = view["result"]
    top = sorted(report.conflicts, key=lambda c: -c.severity)[:8]
    gaps = [g for g in report.goals if g.scope == view["provincie"].code and g.status == "tekort"]
    moment = datetime.now(UTC) if state.current else state.computed_at  # the analysis shown is older: its time
    return render(request, "samenvatting.html.j2", actor, **view, zwaarste=top, tekorten=gaps, nu=moment)
