"""The web pages (Dutch), thin over the same services as the API and the CLI."""

from __future__ import annotations

import hmac
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

import shapely
from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from sqlalchemy.orm import Session

from novex import bootstrap
from novex.access import Action, Actor, can
from novex.accounts.service import SESSION_HOURS
from novex.api.deps import SESSION_COOKIE, Id, optional_actor, unit_of_work, work_dir
from novex.api.problems import status_of
from novex.api.ratelimit import TooManyRequests
from novex.api.uploads import saved_upload
from novex.audit import AuditFilter
from novex.catalog import service as catalog_service
from novex.claims.model import TEXT_LIMITS, Claim, ClaimDraft, ClaimStatus, Hardheid, RestrictionArea
from novex.claims.ports import ClaimFilter
from novex.errors import Forbidden, NovexError
from novex.nl import format_fixed, format_moment, format_number
from novex.reference.layers import SHIPPED
from novex.reference.municipalities import ATTRIBUTION as MUNICIPAL_ATTRIBUTION
from novex.reference.provinces import ATTRIBUTION as PROVINCE_ATTRIBUTION
from novex.web import charts, maps
from novex.web.palette import DOMAIN_COLOURS, KLASSE_COLOURS, RATIO_STEPS, domain_colour, ratio_colour

router = APIRouter(include_in_schema=False)
# Every template is autoescaped, whatever its name (`select_autoescape` would skip `*.html.j2`).
templates = Jinja2Templates(
    env=Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")), autoescape=True)
)
templates.env.filters["getal"] = format_number
templates.env.filters["tijdstip"] = format_moment
templates.env.filters["decimaal"] = format_fixed


AUDIT_PAGE = 50
AUDIT_KINDS = {"": "alle", "claim.": "claims", "voorstel.": "voorstellen", "laag.": "beperkingenlagen",
               "doel.": "doelen", "gebruiker.": "accounts", "token.": "API-tokens", "backup.": "back-ups"}  # fmt: skip


class LoginRequired(Exception):
    """The page needs a logged-in user; handled by a redirect to the login page."""

    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


SessionDep = Annotated[Session, Depends(unit_of_work)]


def page_actor(request: Request, actor: Annotated[Actor | None, Depends(optional_actor)]) -> Actor:
    """The logged-in user of a page, or a redirect to /inloggen."""
    if actor is None:
        raise LoginRequired(str(request.url.path))
    return actor


ActorDep = Annotated[Actor, Depends(page_actor)]


def csrf_token(request: Request) -> str:
    """The CSRF token of the current session ('' when not logged in; set by `optional_actor`)."""
    return getattr(request.state, "csrf", "")


def check_csrf(request: Request, token: str) -> None:
    """Refuse a form post whose CSRF token does not match the session's."""
    expected = csrf_token(request)
    if not expected or not hmac.compare_digest(expected, token):
        raise Forbidden("het formulier is verlopen of niet van deze site (CSRF); laad de pagina opnieuw")


def render(request: Request, name: str, actor: Actor | None, status: int = 200, **context: Any) -> HTMLResponse:
    """Render a page with the common context."""
    context |= {"request": request, "actor": actor, "csrf": csrf_token(request), "kan": can, "Action": Action}
    context.setdefault("provincies", bootstrap.province_index().provinces)
    return templates.TemplateResponse(request, name, context, status_code=status)


@router.get("/inloggen", response_class=HTMLResponse)
def login_page(request: Request, volgende: str = "/") -> HTMLResponse:
    """The login form."""
    return render(request, "login.html.j2", None, volgende=_safe_next(volgende))


@router.post("/inloggen")
def login(
    request: Request,
    session: SessionDep,
    email: Annotated[str, Form(max_length=254)],
    wachtwoord: Annotated[str, Form(max_length=200)],
    volgende: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    """Check the credentials and start a session."""
    try:
        address = request.client.host if request.client else "?"
        request.app.state.login_limiter.hit(address)
        accounts = bootstrap.account_service(session)
        user = accounts.authenticate(email, wachtwoord, address)
    except (Forbidden, TooManyRequests) as exc:
        status = 429 if isinstance(exc, TooManyRequests) else 401
        return render(request, "login.html.j2", None, status, fout=str(exc), email=email, volgende=_safe_next(volgende))
    started = accounts.start_session(user)
    response = RedirectResponse(_safe_next(volgende), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        started.cookie,
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/uitloggen")
def logout(
    request: Request, session: SessionDep, _: Annotated[Actor | None, Depends(optional_actor)],
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """End the session, server-side: the cookie is worthless afterwards, also where it was copied."""
    check_csrf(request, csrf)
    bootstrap.account_service(session).end_session(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/inloggen", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def _safe_next(url: str) -> str:
    """Only local paths as redirect targets (no open redirects)."""
    return url if url.startswith("/") and not url.startswith("//") else "/"


@router.get("/", response_class=HTMLResponse)
def home(request: Request, actor: ActorDep, session: SessionDep) -> HTMLResponse:
    """Dashboard: the provinces coloured by over-claim ratio, and the conflicts per province."""
    result = bootstrap.analysis_service(session).report(actor)
    budget = {p["code"]: p for p in result["provinces"]}
    conflicts = {code: 0 for code in budget}
    for conflict in result["conflicts"]:
        for code in conflict["provinces"]:
            conflicts[code] += 1
    features = [
        maps.MapFeature(
            p.geometry,
            f"{p.naam}: overclaim {format_fixed(budget[p.code]['over_claim_ratio'])}, {conflicts[p.code]} conflicten",
            "provincie",
            ratio_colour(budget[p.code]["over_claim_ratio"]),
            href=f"/provincies/{p.code}",
        )
        for p in bootstrap.province_index().provinces
    ]
    extent = shapely.union_all([p.geometry for p in bootstrap.province_index().provinces])
    kaart = maps.render(
        [maps.MapLayer("provincies", "Provincies", features)], extent, "Kaart van Nederland", "kaart-nl"
    )
    return render(
        request, "home.html.j2", actor, kaart=kaart, budget=budget, conflicts=conflicts, result=result,
        stappen=RATIO_STEPS, attributie=PROVINCE_ATTRIBUTION,
    )  # fmt: skip


def _province_view(session: Session, actor: Actor, code: str) -> dict[str, Any]:
    """Everything the province page shows."""
    province = bootstrap.province_index().get(code)
    claims = bootstrap.claim_service(session).list(ClaimFilter(provincies=(province.code,)), actor)
    result = bootstrap.analysis_service(session).report(actor, [province.code])
    areas = bootstrap.restriction_service(session).areas([province.code])
    by_id: dict[Any, Claim | RestrictionArea] = {c.id: c for c in claims} | {a.key: a for a in areas}
    conflict_features = []
    for conflict in result["conflicts"]:
        a, b = (by_id.get(k) for k in conflict["claims"])
        if a is None or b is None:
            continue
        overlap = shapely.intersection(a.geometry, b.geometry)
        area = format_number(round(conflict["area_ha"], 1))
        label = f"Conflict {conflict['id']}: {' × '.join(conflict['names'])}, {area} ha"
        conflict_features.append(maps.MapFeature(overlap, label, "conflict", "url(#arcering-conflict)",
                                                 data={"conflict": conflict["id"]}))  # fmt: skip
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
                "voorstel": str(c.voorstel_id),
            },  # fmt: skip
        )
        for c in claims
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
        )  # fmt: skip
        for p in bootstrap.province_index().provinces
    ]
    layers = (
        [maps.MapLayer("ondergrond", "Provinciegrenzen", base, focusable=False)]
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
    budget = result["provinces"][0]
    chart = charts.bar_chart(
        [(d, ha, domain_colour(d)) for d, ha in sorted(budget["by_domain"].items(), key=lambda kv: -kv[1])],
        f"Geclaimde hectares per domein in {province.naam}",
    )
    names = {m.code: m.naam for m in bootstrap.municipality_index().municipalities}
    return {
        "provincie": province, "claims": claims, "result": result, "budget": budget, "kaart": kaart,
        "grafiek": chart, "lagen": layers, "gemeentenamen": names,
    }  # fmt: skip


@router.get("/provincies/{code}", response_class=HTMLResponse)
def province_page(request: Request, code: str, actor: ActorDep, session: SessionDep) -> HTMLResponse:
    """A province: its voorstel on the map, land budget, goals, conflicts, nature overlaps."""
    view = _province_view(session, actor, code)
    own = view["provincie"].code
    recent = None  # the latest changes, for those who may read this province's audit trail
    if can(actor, Action.READ_AUDIT, own):
        recent, _ = bootstrap.audit_service(session).page(actor, AuditFilter(provincie=own), 1, 5)
    return render(request, "province.html.j2", actor, **view, wijzigingen=recent, kleuren=DOMAIN_COLOURS,
                  klassekleuren=KLASSE_COLOURS, attributie=[PROVINCE_ATTRIBUTION, MUNICIPAL_ATTRIBUTION])  # fmt: skip


@router.get("/provincies/{code}/upload", response_class=HTMLResponse)
def upload_page(request: Request, code: str, actor: ActorDep, session: SessionDep) -> HTMLResponse:
    """The claim upload form."""
    province = bootstrap.province_index().get(code)
    voorstellen = bootstrap.claim_service(session).repo.voorstellen(province.code)
    return render(request, "upload.html.j2", actor, provincie=province, voorstellen=voorstellen,
                  domeinen=catalog_service.catalogus().domeinen)  # fmt: skip


@router.post("/provincies/{code}/upload", response_class=HTMLResponse)
def upload(
    request: Request,
    code: str,
    actor: ActorDep,
    session: SessionDep,
    bestand: Annotated[UploadFile, File()],
    csrf: Annotated[str, Form()] = "",
    voorstel: Annotated[str, Form(max_length=200)] = "",
    domein: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Import an uploaded file; show every problem when refused (nothing is stored then).

    A plain function: FastAPI runs it on its thread pool, so an import never blocks the server.
    """
    check_csrf(request, csrf)
    province = bootstrap.province_index().get(code)
    service = bootstrap.claim_service(session)
    context = {"provincie": province, "voorstellen": service.repo.voorstellen(province.code),
               "domeinen": catalog_service.catalogus().domeinen}  # fmt: skip
    try:
        service.require_import(actor, voorstel.strip() or None, province.code)
        with saved_upload(work_dir(request, "uploads"), bestand) as saved:
            report = service.import_file(
                actor, saved.path, voorstel=voorstel.strip() or None, provincie=province.code,
                defaults={"domein": domein} if domein else None, name=saved.name,
            )  # fmt: skip
    except NovexError as exc:
        session.rollback()
        problems = getattr(exc, "problems", None) or [str(exc)]
        status = status_of(exc)
        return render(
            request,
            "upload.html.j2",
            actor,
            status,
            fout=str(exc).split("\n")[0],
            problemen=problems,
            **context,
        )
    return render(request, "upload.html.j2", actor, 201, resultaat=report, **context)


@router.get("/claims/{claim_id}/bewerken", response_class=HTMLResponse)
def edit_page(request: Request, claim_id: Id, actor: ActorDep, session: SessionDep) -> HTMLResponse:
    """The form to edit a claim's attributes, with the claim's history."""
    return render(request, "claim_edit.html.j2", actor, **_edit_context(session, actor, claim_id))


def _edit_context(session: Session, actor: Actor, claim_id: int) -> dict[str, Any]:
    return {
        "claim": bootstrap.claim_service(session).claim(actor, claim_id),
        "geschiedenis": bootstrap.audit_service(session).history(actor, "claim", claim_id),
        "statussen": list(ClaimStatus),
        "hardheden": list(Hardheid),
        "domeinen": catalog_service.catalogus().domeinen,
    }


@router.post("/claims/{claim_id}/bewerken", response_class=HTMLResponse)
def edit(
    request: Request,
    claim_id: Id,
    actor: ActorDep,
    session: SessionDep,
    naam: Annotated[str, Form(min_length=1, max_length=TEXT_LIMITS["naam"])],
    domein: Annotated[str, Form(max_length=40)],
    status: Annotated[str, Form(max_length=20)],
    hardheid: Annotated[str, Form(max_length=20)],
    prioriteit: Annotated[int, Form(ge=1, le=5)],
    version: Annotated[int, Form(ge=1)],
    csrf: Annotated[str, Form()] = "",
    notities: Annotated[str, Form(max_length=TEXT_LIMITS["notities"])] = "",
    reden: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Save the edited attributes (geometry unchanged); refusals are shown on the form."""
    check_csrf(request, csrf)
    service = bootstrap.claim_service(session)
    context = _edit_context(session, actor, claim_id)
    claim = context["claim"]
    try:
        draft = ClaimDraft(
            naam=naam, domein=domein, geometry=claim.geometry, hoeveelheid=claim.hoeveelheid, eenheid=claim.eenheid,
            doel_id=claim.doel_id, start_jaar=claim.start_jaar, eind_jaar=claim.eind_jaar,
            status=ClaimStatus(status), hardheid=Hardheid(hardheid), prioriteit=prioriteit,
            eigenaar=claim.eigenaar, bron=claim.bron, notities=notities or None, extern_id=claim.extern_id,
        )  # fmt: skip
        updated = service.update_claim(actor, claim_id, draft, version, reden.strip() or None)
    except (NovexError, ValueError) as exc:
        session.rollback()
        status_code = status_of(exc) if isinstance(exc, NovexError) else 422
        return render(request, "claim_edit.html.j2", actor, status_code, fout=str(exc), reden=reden, **context)
    province = next(iter(sorted(updated.provincies)), "")
    return RedirectResponse(f"/provincies/{province}?opgeslagen={updated.id}#claims", status_code=303)


@router.get("/logboek", response_class=HTMLResponse)
def audit_page(
    request: Request,
    actor: ActorDep,
    session: SessionDep,
    provincie: str = "",
    actie: Annotated[str, Query(max_length=60)] = "",
    pagina: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    """The audit trail, newest first; a province's planner sees its own province."""
    code = bootstrap.province_index().get(provincie).code if provincie else actor.provincie
    where = AuditFilter(provincie=code, actie=actie or None)
    events, total = bootstrap.audit_service(session).page(actor, where, pagina, AUDIT_PAGE)
    return render(request, "logboek.html.j2", actor, gebeurtenissen=events, totaal=total, pagina=pagina,
                  paginas=max(1, -(-total // AUDIT_PAGE)), gekozen=code or "", actie=actie,
                  acties=AUDIT_KINDS)  # fmt: skip


@router.get("/catalogus", response_class=HTMLResponse)
def catalog_page(request: Request, actor: ActorDep, q: str = "") -> HTMLResponse:
    """The catalogue browser with search."""
    cat = catalog_service.catalogus()
    hits = catalog_service.search(cat, q) if q.strip() else []
    return render(request, "catalog.html.j2", actor, cat=cat, q=q, treffers=hits)


@router.get("/catalogus/themas/{thema_id}", response_class=HTMLResponse)
def theme_page(request: Request, thema_id: str, actor: ActorDep) -> HTMLResponse:
    """One startpakket theme."""
    return render(request, "theme.html.j2", actor, thema=catalog_service.theme(catalog_service.catalogus(), thema_id))


@router.get("/toegankelijkheid", response_class=HTMLResponse)
def accessibility(request: Request, actor: Annotated[Actor | None, Depends(optional_actor)]) -> HTMLResponse:
    """The accessibility statement (toegankelijkheidsverklaring)."""
    return render(request, "toegankelijkheid.html.j2", actor)


def login_redirect(request: Request, exc: LoginRequired) -> RedirectResponse:
    """Send an anonymous visitor to the login page, and back afterwards."""
    return RedirectResponse(f"/inloggen?volgende={quote(exc.next_url)}", status_code=303)
