"""Scenarios on the web: the list with a form for a new one, one scenario's page, the comparison and its document.

A scenario is a what-if over the current voorstellen: a base plus ordered changes, compared with the
base (`ScenarioService`; rights are checked there). Every role reads every scenario; who may make
scenarios (`scenarios-bewerken`) gets the form "Nieuw scenario", and only a scenario's owner gets the
forms that change it (`novex.web.pages.scenario_forms`). `/scenarios/vergelijking?scenario=…` puts the
base and one to four scenarios side by side; `/scenarios/vergelijking/document` is the same as a
printable document (HTML, or PDF with `format=pdf`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from novex.access import Actor
from novex.bootstrap import UnitOfWork
from novex.claims.service import ClaimService
from novex.documents.scenario import vergelijking_document
from novex.edge.deps import Id, UowDep
from novex.errors import InvalidInput, NovexError
from novex.reference.provinces import province_index
from novex.scenarios.present import BASIS_UITLEG
from novex.scenarios.service import ScenarioService
from novex.web.forms import download, form_refused, id_list, refusal
from novex.web.pages.scenario_view import GEDAAN, comparison, may_make, scenario_row, scenario_view
from novex.web.render import CsrfForm, PageActor, check_csrf, render

router = APIRouter(include_in_schema=False)
Keuze = Annotated[str, Query(max_length=40)]
Ids = Annotated[list[str], Query(max_length=10)]
NIEUW_VELDEN = ("naam", "basis", "omschrijving")


class NieuwForm(CsrfForm):
    """A new scenario: its name, base (empty: the current voorstellen), description, shared with the role."""

    naam: Annotated[str, Form(max_length=400)] = ""
    basis: Annotated[str, Form(max_length=12)] = ""
    omschrijving: Annotated[str, Form(max_length=4000)] = ""
    gedeeld: Annotated[str, Form(max_length=3)] = ""


def _list_view(uow: UnitOfWork, actor: Actor) -> dict[str, Any]:
    scenarios = uow.get(ScenarioService).scenarios(actor)
    voorstellen = []
    if may_make(actor):
        names = {p.code: p.naam for p in province_index().provinces}
        voorstellen = [(str(v.id), f"{names.get(v.provincie, v.provincie)} · {v.naam} versie {v.versie}")
                       for v in sorted(uow.get(ClaimService).voorstellen(actor),
                                       key=lambda v: (v.provincie, v.naam, v.versie))]  # fmt: skip
    return {"rijen": [scenario_row(s) for s in scenarios], "mag_maken": may_make(actor), "basiskeuzes": voorstellen,
            "uitleg": BASIS_UITLEG, "fouten": {}, "invoer": {}, "fout_boven": None, "gekozen": []}  # fmt: skip


@router.get("/scenarios", response_class=HTMLResponse)
def scenarios_page(request: Request, actor: PageActor, uow: UowDep) -> HTMLResponse:
    """Every scenario, the form for a new one (for who may make them) and the comparison form."""
    return render(request, "scenarios.html.j2", actor, **_list_view(uow, actor))


@router.post("/scenarios", response_class=HTMLResponse)
def new_scenario(request: Request, actor: PageActor, uow: UowDep, form: Annotated[NieuwForm, Form()]) -> Response:
    """Make an empty scenario over the current voorstellen (or a chosen voorstel version)."""
    check_csrf(request, form.csrf)
    try:
        basis: int | None = None
        if form.basis.strip():
            ids, problems = id_list([form.basis.strip()], "basis")
            if problems:
                raise InvalidInput("; ".join(problems))
            basis = ids[0]
        made = uow.get(ScenarioService).nieuw(actor, form.naam, basis, form.omschrijving, form.gedeeld == "ja")
    except NovexError as exc:
        context = _list_view(uow, actor)
        raise form_refused("scenarios.html.j2", actor, context, "nieuw", exc, form.model_dump(exclude={"csrf"}),
                           refusal(exc, NIEUW_VELDEN)) from exc  # fmt: skip
    return RedirectResponse(f"/scenarios/{made.id}?gedaan=gemaakt", status_code=303)


def _keys(scenario: list[str]) -> tuple[int, ...]:
    ids, problems = id_list(scenario, "scenario")
    if problems:
        raise InvalidInput("; ".join(problems))
    return ids


def _compare(uow: UnitOfWork, actor: Actor, scenario: list[str]) -> tuple[Any, list[Any]]:
    keys = _keys(scenario)
    service = uow.get(ScenarioService)
    v = service.vergelijk(actor, list(keys))
    return v, [service.scenario(actor, k) for k in keys]


@router.get("/scenarios/vergelijking", response_class=HTMLResponse)
def compare_page(request: Request, actor: PageActor, uow: UowDep, scenario: Ids = []) -> HTMLResponse:  # noqa: B006
    """The base and one to four scenarios side by side; a refusal shows the list with the reason at the form."""
    try:
        v, scenarios = _compare(uow, actor, scenario)
    except InvalidInput as exc:
        context = _list_view(uow, actor) | {"gekozen": scenario}
        raise form_refused("scenarios.html.j2", actor, context, "vergelijk", exc, {}, refusal(exc, ("scenario",))
                           ) from exc  # fmt: skip
    query = "&".join(f"scenario={s.id}" for s in scenarios)
    return render(request, "scenario_vergelijking.html.j2", actor, scenarios=scenarios, query=query,
                  uitleg=BASIS_UITLEG, **comparison(uow, actor, v, "vergelijking-kaart"))  # fmt: skip


@router.get("/scenarios/vergelijking/document")
def compare_document(
    actor: PageActor,
    uow: UowDep,
    scenario: Ids = [],  # noqa: B006
    format: Annotated[str, Query(max_length=10)] = "html",
) -> Response:  # noqa: A002 - the query's name
    """The comparison as a printable document: HTML (print CSS) to read and print, or a PDF to download."""
    from novex.web.pages.scenario_view import provincienamen

    v, scenarios = _compare(uow, actor, scenario)
    descriptions = {s.id: s.omschrijving for s in scenarios}
    body, media_type, name = vergelijking_document(v, provincienamen(), descriptions, format)
    if format == "pdf":
        return download(body, name, media_type)
    return Response(body, media_type=media_type, headers={"Cache-Control": "private"})


@router.get("/scenarios/{scenario_id}", response_class=HTMLResponse)
def scenario_page(request: Request, scenario_id: Id, actor: PageActor, uow: UowDep,
                  claim: Annotated[int | None, Query(ge=-2_147_483_647, le=2_147_483_647)] = None,
                  provincie: Annotated[str | None, Query(max_length=10)] = None,
                  gedaan: Keuze = "", voorstel: Annotated[list[int], Query(max_length=20)] = [],  # noqa: B006
                  afspraak: Keuze = "",
                  arrangement: Annotated[int | None, Query(ge=1)] = None) -> HTMLResponse:  # fmt: skip
    """One scenario: its changes, the forms for its owner, the comparison with the base, promotion.

    `claim` opens that claim (a stored one, or one the scenario added: a negative id) in the map editor.
    """
    view = scenario_view(request, uow, actor, scenario_id, claim=claim, provincie=provincie)
    made = []
    if gedaan == "gepromoveerd":
        claims = uow.get(ClaimService)
        for vid in voorstel:
            try:
                new = claims.voorstel(actor, vid)
            except NovexError:
                continue
            previous = next((o.id for o in claims.voorstellen(actor, new.provincie)
                             if o.naam == new.naam and o.versie == new.versie - 1), None)  # fmt: skip
            made.append({"v": new, "vorige": previous})
    return render(request, "scenario.html.j2", actor, **view, gedaan=GEDAAN.get(gedaan), gemaakt=made,
                  afspraak=afspraak, arrangement=arrangement)  # fmt: skip
