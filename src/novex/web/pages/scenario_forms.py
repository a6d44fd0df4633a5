"""The forms of a scenario's page: a claim on the map, a new claim, remove or change one, shifts, undo, promote.

Each posts with the session's CSRF token and the scenario version the person read; `ScenarioService`
checks the owner, the change and the version again (a stale version: the Dutch 409 message on the
page). A geometry comes from the map editor, typed coordinates or a file, read by `geometry_input`
under the import's rules (a bow-tie is refused naming the spot). A new shape that is the old one
shifted (after moving it back by the offset of its bounding box, equal within 1 mm) is stored as a
move by (dx, dy), any other shape as a new outline. A refusal shows the page again with the reason
at the form and what was typed; nothing is stored.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

import shapely
from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from shapely import affinity
from shapely.geometry.base import BaseGeometry

from novex.access import Actor
from novex.claims.model import TEXT_LIMITS, ClaimDraft, ClaimStatus
from novex.edge.deps import Id, UowDep
from novex.errors import InvalidInput, NovexError
from novex.geo.hygiene import Cleaned
from novex.nl import whole_number
from novex.scenarios.model import Scenario, Soort, Verschuiving, Wijziging
from novex.scenarios.service import ScenarioService
from novex.web.kaart_editor import geometry_input
from novex.web.pages.claim_tekenen import number
from novex.web.pages.scenario_view import refuse
from novex.web.render import PageActor, check_csrf

router = APIRouter(include_in_schema=False)
TOLERANCE_M = 0.001  # 1 mm: the import's grid
Short = Annotated[str, Form(max_length=40)]
Reden = Annotated[str, Form(max_length=2000)]
Geo = Annotated[str, Form(max_length=2_000_000)]
KAART_VELDEN = ("claim", "geometrie", "coordinaten", "bestand", "reden")
NIEUW_VELDEN = ("naam", "domein", "hoeveelheid", "eenheid", "doel_id", "status", "voorstel", "geometrie", "reden")
CLAIM_VELDEN = ("claim", "soort", "hoeveelheid", "domein", "status", "reden")
SCHUIF_VELDEN = ("doel", "van", "naar", "hoeveelheid", "reden")
PROMOTIE_VELDEN = ("provincie", "naar", "arrangement")


class GeometrieFout(InvalidInput):
    """A shape refused under the import's rules, shown whole: the spot it names holds a ';' ("bij (x; y)")."""


def shape_input(
    request: Request, geometrie: str, coordinaten: str, bestand: UploadFile | None, herstel: str
) -> Cleaned | None:
    """The posted shape (`geometry_input`), its refusal kept in one piece."""
    try:
        return geometry_input(request, geometrie, coordinaten, bestand, herstel == "ja")
    except InvalidInput as exc:
        raise GeometrieFout(str(exc)) from exc


def versie(text: str) -> int:
    """The scenario version the form was read on (a hidden field); a form without one is refused."""
    found = whole_number(text.strip())
    if found is None:
        raise InvalidInput("formulier: de versie ontbreekt of is onleesbaar; laad de pagina opnieuw")
    return found


def claim_id(text: str) -> int:
    """A claim of the scenario: a stored claim's id, or a negative id of a claim the scenario added."""
    text = text.strip()
    found = whole_number(text.removeprefix("-"))
    if found is None:
        raise InvalidInput("claim: kies een claim van het scenario")
    return -found if text.startswith("-") else found


def owned(service: ScenarioService, actor: Actor, scenario_id: int) -> Scenario:
    """The scenario, when `actor` may change it; refused before anything (a file) is read otherwise."""
    return service.bewerkbaar(actor, scenario_id)


def shape_change(old: BaseGeometry, new: BaseGeometry, claim: int, reden: str) -> Wijziging:
    """A move by (dx, dy) when `new` is `old` shifted (within 1 mm), else a new outline."""
    dx = round(new.bounds[0] - old.bounds[0], 3)
    dy = round(new.bounds[1] - old.bounds[1], 3)
    back = shapely.normalize(affinity.translate(new, -dx, -dy))
    if back.geom_type == old.geom_type and back.equals_exact(shapely.normalize(old), TOLERANCE_M + 1e-9):
        return Wijziging(Soort.VERPLAATSEN, claim, dx=dx, dy=dy, reden=reden)
    return Wijziging(Soort.VORM, claim, geometry=new, reden=reden)


def _done(scenario_id: int, what: str = "gewijzigd", anchor: str = "wijzigingen") -> RedirectResponse:
    return RedirectResponse(f"/scenarios/{scenario_id}?gedaan={what}#{anchor}", status_code=303)


@router.post("/scenarios/{scenario_id}/kaart", response_class=HTMLResponse)
def change_on_map(
    request: Request, scenario_id: Id, actor: PageActor, uow: UowDep,
    claim: Short = "", versie_: Annotated[str, Form(alias="versie", max_length=12)] = "", reden: Reden = "",
    geometrie: Geo = "", coordinaten: Geo = "", herstel: Annotated[str, Form(max_length=3)] = "",
    bestand: Annotated[UploadFile | None, File()] = None, csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:  # fmt: skip
    """A claim moved or reshaped on the map (or by typed coordinates or a file)."""
    check_csrf(request, csrf)
    service = uow.get(ScenarioService)
    chosen: int | None = None
    try:
        s = owned(service, actor, scenario_id)
        chosen = claim_id(claim)
        current = service.analyse(actor, s.id).stand.claims.get(chosen)
        if current is None:
            chosen = None
            raise InvalidInput(f"claim: claim {claim_id(claim)} staat niet in scenario '{s.naam}'")
        cleaned = shape_input(request, geometrie, coordinaten, bestand, herstel)
        if cleaned is None:
            raise InvalidInput(
                "geometrie: verplaats of teken de claim op de kaart, typ de coördinaten of kies een bestand"
            )
        service.wijzig(actor, s.id, shape_change(current.geometry, cleaned.geometry, chosen, reden), versie(versie_))
    except NovexError as exc:
        editing: dict[str, Any] = {"typed": coordinaten or geometrie or None, "herstel": herstel == "ja"}
        refuse(request, uow, actor, scenario_id, "kaart", exc, {"reden": reden}, KAART_VELDEN, claim=chosen, **editing)
    return _done(scenario_id)


@router.post("/scenarios/{scenario_id}/claims", response_class=HTMLResponse)
def add_claim(
    request: Request, scenario_id: Id, actor: PageActor, uow: UowDep,
    naam: Annotated[str, Form(max_length=TEXT_LIMITS["naam"])] = "",
    domein: Annotated[str, Form(max_length=TEXT_LIMITS["domein"])] = "",
    status: Short = "idee", hoeveelheid: Short = "",
    eenheid: Annotated[str, Form(max_length=TEXT_LIMITS["eenheid"])] = "",
    doel_id: Annotated[str, Form(max_length=TEXT_LIMITS["doel_id"])] = "",
    voorstel: Short = "", provincie: Short = "", reden: Reden = "",
    versie_: Annotated[str, Form(alias="versie", max_length=12)] = "",
    geometrie: Geo = "", coordinaten: Geo = "", herstel: Annotated[str, Form(max_length=3)] = "",
    bestand: Annotated[UploadFile | None, File()] = None, csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:  # fmt: skip
    """A new claim drawn in the scenario (the real voorstellen stay as they are)."""
    check_csrf(request, csrf)
    service = uow.get(ScenarioService)
    typed = {"naam": naam, "domein": domein, "status": status, "hoeveelheid": hoeveelheid, "eenheid": eenheid,
             "doel_id": doel_id, "voorstel": voorstel, "reden": reden}  # fmt: skip
    try:
        s = owned(service, actor, scenario_id)
        cleaned = shape_input(request, geometrie, coordinaten, bestand, herstel)
        problems = []
        if cleaned is None:
            problems.append("geometrie: teken de claim op de kaart, typ de coördinaten of kies een bestand")
        if not naam.strip():
            problems.append("naam: geef de claim een naam")
        if status not in {str(v) for v in ClaimStatus}:
            problems.append("status: kies idee, zoekgebied, voorgenomen of vastgesteld")
        voorstel_id = None
        if voorstel.strip():
            voorstel_id = whole_number(voorstel.strip())
            if voorstel_id is None:
                problems.append("voorstel: kies een voorstel uit de lijst")
        if problems:
            raise InvalidInput("nieuwe claim: " + "; ".join(problems))
        assert cleaned is not None
        draft = ClaimDraft(naam=naam.strip(), domein=domein, geometry=cleaned.geometry,
                           hoeveelheid=number(hoeveelheid, "hoeveelheid"), eenheid=eenheid.strip() or None,
                           doel_id=doel_id.strip() or None, status=ClaimStatus(status))  # fmt: skip
        change = Wijziging(Soort.TOEVOEGEN, draft=draft, voorstel_id=voorstel_id, reden=reden)
        service.wijzig(actor, s.id, change, versie(versie_))
    except NovexError as exc:
        editing = {
            "typed": coordinaten or geometrie or None,
            "herstel": herstel == "ja",
            "provincie": provincie or None,
        }
        refuse(request, uow, actor, scenario_id, "nieuw", exc, typed, NIEUW_VELDEN, **editing)
    return _done(scenario_id)


@router.post("/scenarios/{scenario_id}/wijziging", response_class=HTMLResponse)
def change_claim(
    request: Request, scenario_id: Id, actor: PageActor, uow: UowDep,
    claim: Short = "", soort: Short = "", hoeveelheid: Short = "", domein: Short = "", status: Short = "",
    reden: Reden = "", versie_: Annotated[str, Form(alias="versie", max_length=12)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:  # fmt: skip
    """Remove a claim from the scenario, or set its quantity, domain or status."""
    check_csrf(request, csrf)
    service = uow.get(ScenarioService)
    typed = {"claim": claim, "soort": soort, "hoeveelheid": hoeveelheid, "domein": domein, "status": status,
             "reden": reden}  # fmt: skip
    try:
        s = owned(service, actor, scenario_id)
        chosen = claim_id(claim)
        if soort == "verwijderen":
            change = Wijziging(Soort.VERWIJDEREN, chosen, reden=reden)
        elif soort == "hoeveelheid":
            amount = number(hoeveelheid, "hoeveelheid")
            if amount is None:
                raise InvalidInput("hoeveelheid: vul de nieuwe hoeveelheid in")
            change = Wijziging(Soort.HOEVEELHEID, chosen, hoeveelheid=amount, reden=reden)
        elif soort == "domein":
            change = Wijziging(Soort.DOMEIN, chosen, domein=domein, reden=reden)
        elif soort == "status":
            if status not in {str(v) for v in ClaimStatus}:
                raise InvalidInput("status: kies idee, zoekgebied, voorgenomen of vastgesteld")
            change = Wijziging(Soort.STATUS, chosen, status=ClaimStatus(status), reden=reden)
        else:
            raise InvalidInput("soort: kies verwijderen, hoeveelheid, domein of status")
        service.wijzig(actor, s.id, change, versie(versie_))
    except NovexError as exc:
        refuse(request, uow, actor, scenario_id, "claim", exc, typed, CLAIM_VELDEN)
    return _done(scenario_id)


@router.post("/scenarios/{scenario_id}/verschuiving", response_class=HTMLResponse)
def shift_goal(
    request: Request, scenario_id: Id, actor: PageActor, uow: UowDep,
    doel: Annotated[str, Form(max_length=120)] = "", van: Short = "", naar: Short = "", hoeveelheid: Short = "",
    reden: Reden = "", versie_: Annotated[str, Form(alias="versie", max_length=12)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:  # fmt: skip
    """Move part of a national goal from one province's share to another's."""
    check_csrf(request, csrf)
    service = uow.get(ScenarioService)
    typed = {"doel": doel, "van": van, "naar": naar, "hoeveelheid": hoeveelheid, "reden": reden}
    try:
        s = owned(service, actor, scenario_id)
        problems = []
        if (doel, van) not in service.shares:
            problems.append(f"van: doel '{doel[:120]}' heeft geen aandeel van provincie '{van[:10]}'")
        if (doel, naar) not in service.shares:
            problems.append(f"naar: doel '{doel[:120]}' heeft geen aandeel van provincie '{naar[:10]}'")
        amount = number(hoeveelheid, "hoeveelheid")
        if amount is None:
            problems.append("hoeveelheid: vul in hoeveel er verschuift")
        if problems:
            raise InvalidInput("verschuiving: " + "; ".join(problems))
        assert amount is not None
        change = Wijziging(Soort.VERSCHUIVING, verschuiving=Verschuiving(doel, van, naar, amount), reden=reden)
        service.wijzig(actor, s.id, change, versie(versie_))
    except NovexError as exc:
        refuse(request, uow, actor, scenario_id, "verschuiving", exc, typed, SCHUIF_VELDEN)
    return _done(scenario_id)


@router.post("/scenarios/{scenario_id}/ongedaan", response_class=HTMLResponse)
def undo(request: Request, scenario_id: Id, actor: PageActor, uow: UowDep,
         versie_: Annotated[str, Form(alias="versie", max_length=12)] = "",
         csrf: Annotated[str, Form(max_length=200)] = "") -> Response:  # fmt: skip
    """Undo the last change in effect (it stays, marked, for Opnieuw)."""
    check_csrf(request, csrf)
    try:
        uow.get(ScenarioService).ongedaan(actor, scenario_id, versie(versie_))
    except NovexError as exc:
        refuse(request, uow, actor, scenario_id, "ongedaan", exc, {}, ())
    return _done(scenario_id, "ongedaan")


@router.post("/scenarios/{scenario_id}/opnieuw", response_class=HTMLResponse)
def redo(request: Request, scenario_id: Id, actor: PageActor, uow: UowDep,
         versie_: Annotated[str, Form(alias="versie", max_length=12)] = "",
         csrf: Annotated[str, Form(max_length=200)] = "") -> Response:  # fmt: skip
    """Redo the first undone change."""
    check_csrf(request, csrf)
    try:
        uow.get(ScenarioService).opnieuw(actor, scenario_id, versie(versie_))
    except NovexError as exc:
        refuse(request, uow, actor, scenario_id, "ongedaan", exc, {}, ())
    return _done(scenario_id, "opnieuw")


@router.post("/scenarios/{scenario_id}/promoveren", response_class=HTMLResponse)
def promote(request: Request, scenario_id: Id, actor: PageActor, uow: UowDep,
            provincie: Short = "", naar: Short = "voorstel", arrangement: Short = "",
            csrf: Annotated[str, Form(max_length=200)] = "") -> Response:  # fmt: skip
    """Carry the scenario into new voorstel versions of a province, or into part 2 of its RA draft."""
    check_csrf(request, csrf)
    typed = {"provincie": provincie, "naar": naar, "arrangement": arrangement}
    try:
        ra_id = ra_version = None
        if naar == "arrangement":
            ra, _, version = arrangement.partition(":")
            ra_id, ra_version = whole_number(ra), whole_number(version)
            if ra_id is None or ra_version is None:
                raise InvalidInput("arrangement: kies het arrangement (concept) waarin de afspraak komt")
        made = uow.get(ScenarioService).promoveer(actor, scenario_id, provincie, naar, ra_id, ra_version)
    except NovexError as exc:
        refuse(request, uow, actor, scenario_id, "promoveren", exc, typed, PROMOTIE_VELDEN)
    query = "".join(f"&voorstel={m[0]}" for m in made.voorstellen)
    if made.afspraak:
        query += f"&afspraak={quote(made.afspraak)}&arrangement={made.arrangement_id}"
    return RedirectResponse(f"/scenarios/{scenario_id}?gedaan=gepromoveerd{query}#promoveren", status_code=303)
