"""An area's chain of products on its page: phase, governance, products and uitvoeringsafspraken (seed 003 §4.2).

The forms of the section "Producten en afspraken" of `/novex-gebieden/{id}` (what it shows comes from
`novex.web.pages.gebied_dossier_view`, which the page module adds to the area's page), which post to
`/novex-gebieden/{id}/dossier/…` with the session's CSRF token. `ProductketenService` checks every
right and rule again: VRO, a province's planner for an area (partly) in its province, the ministry of
the area's trekkend bewindspersoon. A refusal shows the area's page again with the Dutch reasons at
their fields and what was typed (the unit of work rolls back: nothing is stored); a stale version is
a 409 with the current version in the form, so saving again overrides.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, NoReturn

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ConfigDict

from novex.access import Actor
from novex.bootstrap import UnitOfWork
from novex.edge.deps import UowDep
from novex.errors import InvalidInput, NotFound, NovexError
from novex.gebieden.dossier import (
    INVESTERINGSAGENDA,
    ONTWIKKELPERSPECTIEF,
    PRODUCTSOORTEN,
    Convenant,
    Investeringsagenda,
    Ontwikkelperspectief,
    Product,
    Uitvoeringsagenda,
)
from novex.gebieden.productketen_service import ProductketenService
from novex.web.forms import Refusal, extra_field, refusal
from novex.web.pages.arrangement_forms import Line, Short, Text, bedrag, form_date
from novex.web.pages.gebieden import refuse_on_page
from novex.web.render import CsrfForm, PageActor, check_csrf

router = APIRouter(include_in_schema=False)

GebiedId = Annotated[str, Path(max_length=80)]
Soort = Annotated[str, Path(max_length=40)]
AfspraakId = Annotated[int, Path(ge=1, le=2_147_483_647)]
ANKER = "dossier"
FASE_VELDEN = ("fase",)
GOVERNANCE_VELDEN = ("duo_rijk", "duo_regio", "bestuurlijke_trekker")
PRODUCT_VELDEN = ("status", "vindplaats", "datum_vastgesteld", "startjaar", "eindjaar", "bedrag", "convenant_naam",
                  "convenant_datum", "convenant_vindplaats")  # fmt: skip
AFSPRAAK_VELDEN = ("onderwerp", "tekst", "eigenaar", "status", "deadline", "ra_afspraken")
VELD = re.compile(r"[a-z_]+(?:\.[a-z0-9-]+)?")


# -- reading a form ----------------------------------------------------------------------------------------------


class FaseForm(CsrfForm):
    """The phase (a code of the chain, empty: not set) and the dossier's version."""

    fase: Short = ""
    versie: Short = ""


class GovernanceForm(CsrfForm):
    """The Rijk–regio duo and the regional bestuurlijke trekker, and the dossier's version."""

    duo_rijk: Line = ""
    duo_regio: Line = ""
    bestuurlijke_trekker: Line = ""
    versie: Short = ""


class ProductForm(CsrfForm):
    """One product; the ontwikkelperspectief's elements come as `elementen_<code>` (one textarea each)."""

    model_config = ConfigDict(extra="allow")

    status: Short = ""
    vindplaats: Line = ""
    datum_vastgesteld: Short = ""
    startjaar: Short = ""
    eindjaar: Short = ""
    bedrag: Line = ""
    convenant_naam: Line = ""
    convenant_datum: Short = ""
    convenant_vindplaats: Line = ""
    versie: Short = ""


class AfspraakForm(CsrfForm):
    """A new uitvoeringsafspraak; the RA agreements typed as one text ('PV26/A1, PV26/A3')."""

    onderwerp: Short = ""
    tekst: Text = ""
    eigenaar: Line = ""
    status: Short = ""
    deadline: Short = ""
    ra_afspraken: Line = ""


class StatusForm(CsrfForm):
    """An uitvoeringsafspraak's new status and the version read."""

    status: Short = ""
    versie: Short = ""


class VerwijderForm(CsrfForm):
    """Why an uitvoeringsafspraak is deleted, and the version read."""

    reden: Text = ""
    versie: Short = ""


def _versie(text: str) -> int:
    """The version the user read (a hidden field); a form without one is refused, never saved blindly."""
    text = text.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 10):
        raise InvalidInput("formulier: de versie ontbreekt of is onleesbaar; laad de pagina opnieuw")
    return int(text)


def _jaar(text: str, field: str, problems: list[str]) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        problems.append(f"{field}: '{text[:10]}' is geen jaartal")
        return None
    return int(text)


def _veld(text: str, fields: tuple[str, ...]) -> str | None:
    """The field a problem names at its start ('onderwerp …', 'ra_afspraken[1] …', 'elementen.identiteit: …')."""
    found = VELD.match(text)
    key = found.group(0).replace(".", "_") if found else ""
    return key if key in fields else None


def _refusal(exc: Exception, fields: tuple[str, ...]) -> Refusal:
    """The service's refusal with each problem at its field ('what: a; b', or the problems themselves)."""
    if type(exc) is not InvalidInput:
        return refusal(exc, fields)
    message = str(exc)
    head, sep, rest = message.partition(": ")
    parts = rest.split("; ") if sep and _veld(head, fields) is None else message.split("; ")
    problems = tuple((_veld(p, fields) or (fields[0] if len(fields) == 1 else None), p) for p in parts)
    return Refusal("Niet opgeslagen. Verbeter het volgende:", problems)


def _refuse(uow: UnitOfWork, actor: Actor, gebied_id: str, form: str, exc: Exception, typed: dict[str, Any],
            fields: tuple[str, ...]) -> NoReturn:  # fmt: skip
    """The area's page again with the refusal at its fields (the unit of work rolls back: nothing stored)."""
    refuse_on_page(uow, actor, gebied_id, form, exc, typed, _refusal(exc, fields))


def _done(gebied_id: str, what: str, anchor: str = ANKER) -> RedirectResponse:
    return RedirectResponse(f"/novex-gebieden/{gebied_id}?gedaan={what}#{anchor}", status_code=303)


# -- the forms -----------------------------------------------------------------------------------------------------


@router.post("/novex-gebieden/{gebied_id}/dossier/fase", response_class=HTMLResponse)
def set_phase(request: Request, gebied_id: GebiedId, actor: PageActor, uow: UowDep,
              form: Annotated[FaseForm, Form()]) -> Response:  # fmt: skip
    """Set the area's phase (one of the four of seed 003 §4.2, or back to 'nog niet vastgelegd')."""
    check_csrf(request, form.csrf)
    try:
        uow.get(ProductketenService).zet_fase(actor, gebied_id, form.fase or None, _versie(form.versie))
    except NovexError as exc:
        _refuse(uow, actor, gebied_id, "dossier-fase", exc, form.model_dump(exclude={"csrf"}), FASE_VELDEN)
    return _done(gebied_id, "dossier-fase", "dossier-fase")


@router.post("/novex-gebieden/{gebied_id}/dossier/governance", response_class=HTMLResponse)
def set_governance(request: Request, gebied_id: GebiedId, actor: PageActor, uow: UowDep,
                   form: Annotated[GovernanceForm, Form()]) -> Response:  # fmt: skip
    """Record the Rijk–regio duo and the regional bestuurlijke trekker."""
    check_csrf(request, form.csrf)
    try:
        uow.get(ProductketenService).zet_governance(actor, gebied_id, form.duo_rijk, form.duo_regio,
                                                    form.bestuurlijke_trekker, _versie(form.versie))  # fmt: skip
    except NovexError as exc:
        typed = form.model_dump(exclude={"csrf"})
        _refuse(uow, actor, gebied_id, "dossier-governance", exc, typed, GOVERNANCE_VELDEN)
    return _done(gebied_id, "dossier-governance", "dossier-governance")


def _product(soort: str, form: ProductForm, element_codes: tuple[str, ...]) -> Product:
    """The product the form describes (its own fields only); `InvalidInput` for what is no date, year or amount."""
    problems: list[str] = []
    common = {"status": form.status.strip() or None, "vindplaats": form.vindplaats}
    product: Product
    if soort == ONTWIKKELPERSPECTIEF:
        elementen = {code: extra_field(form, f"elementen_{code}") for code in element_codes}
        day = form_date(form.datum_vastgesteld, "datum_vastgesteld", problems)
        product = Ontwikkelperspectief(**common, datum_vastgesteld=day, elementen=elementen)
    elif soort == INVESTERINGSAGENDA:
        text = form.bedrag.strip()
        amount: Decimal | str | None = (bedrag(text) if bedrag(text) is not None else text) if text else None
        convenant = None
        if any(v.strip() for v in (form.convenant_naam, form.convenant_datum, form.convenant_vindplaats)):
            day = form_date(form.convenant_datum, "convenant_datum", problems)
            convenant = Convenant(form.convenant_naam, day, form.convenant_vindplaats)
        product = Investeringsagenda(**common, bedrag=amount, convenant=convenant)
    else:
        start = _jaar(form.startjaar, "startjaar", problems)
        end = _jaar(form.eindjaar, "eindjaar", problems)
        product = Uitvoeringsagenda(**common, startjaar=start, eindjaar=end)
    if problems:
        raise InvalidInput(f"{soort}: " + "; ".join(problems))
    return product


@router.post("/novex-gebieden/{gebied_id}/dossier/producten/{soort}", response_class=HTMLResponse)
def set_product(request: Request, gebied_id: GebiedId, soort: Soort, actor: PageActor, uow: UowDep,
                form: Annotated[ProductForm, Form()]) -> Response:  # fmt: skip
    """Store one product whole: the ontwikkelperspectief, the uitvoeringsagenda or the regional investment agenda."""
    check_csrf(request, form.csrf)
    service = uow.get(ProductketenService)
    name = f"dossier-{soort}" if soort in PRODUCTSOORTEN else "dossier-product"
    codes = service.keten.element_codes
    typed = form.model_dump(exclude={"csrf"}) | {f"elementen_{c}": extra_field(form, f"elementen_{c}") for c in codes}
    fields = PRODUCT_VELDEN + tuple(f"elementen_{c}" for c in codes)
    try:
        if soort not in PRODUCTSOORTEN:
            raise NotFound(f"product '{soort[:40]}' bestaat niet; kies een van {', '.join(PRODUCTSOORTEN)}")
        version = _versie(form.versie)
        service.zet_product(actor, gebied_id, _product(soort, form, codes), version)
    except NovexError as exc:
        _refuse(uow, actor, gebied_id, name, exc, typed, fields)
    return _done(gebied_id, "dossier-product", name)


def _refs(text: str) -> list[str]:
    """RA agreements typed as one text, 'PV26/A1, PV26/A3' (commas, semicolons or line breaks between)."""
    return [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]


@router.post("/novex-gebieden/{gebied_id}/dossier/afspraken", response_class=HTMLResponse)
def add_agreement(request: Request, gebied_id: GebiedId, actor: PageActor, uow: UowDep,
                  form: Annotated[AfspraakForm, Form()]) -> Response:  # fmt: skip
    """Record a new uitvoeringsafspraak of the area, on one of the eight topics of seed 003 §4.2."""
    check_csrf(request, form.csrf)
    try:
        problems: list[str] = []
        deadline = form_date(form.deadline, "deadline", problems)
        if problems:
            raise InvalidInput("uitvoeringsafspraak: " + "; ".join(problems))
        uow.get(ProductketenService).add_afspraak(actor, gebied_id, form.onderwerp, form.tekst, form.eigenaar,
                                                  form.status or None, deadline, _refs(form.ra_afspraken))  # fmt: skip
    except NovexError as exc:
        _refuse(uow, actor, gebied_id, "dossier-afspraak", exc, form.model_dump(exclude={"csrf"}), AFSPRAAK_VELDEN)
    return _done(gebied_id, "dossier-afspraak", "dossier-afspraken")


@router.post("/novex-gebieden/{gebied_id}/dossier/afspraken/{afspraak_id}/status", response_class=HTMLResponse)
def set_agreement_status(request: Request, gebied_id: GebiedId, afspraak_id: AfspraakId, actor: PageActor,
                         uow: UowDep, form: Annotated[StatusForm, Form()]) -> Response:  # fmt: skip
    """Change an uitvoeringsafspraak's status (its other fields stay as they are)."""
    check_csrf(request, form.csrf)
    service = uow.get(ProductketenService)
    name = f"dossier-afspraak-{afspraak_id}-status"
    try:
        a = service.afspraak(actor, gebied_id, afspraak_id)
        service.update_afspraak(actor, gebied_id, afspraak_id, _versie(form.versie), a.onderwerp, a.tekst, a.eigenaar,
                                form.status, a.deadline, a.ra_afspraken)  # fmt: skip
    except NovexError as exc:
        _refuse(uow, actor, gebied_id, name, exc, form.model_dump(exclude={"csrf"}), ("status",))
    return _done(gebied_id, "dossier-status", f"uitvoeringsafspraak-{afspraak_id}")


@router.post("/novex-gebieden/{gebied_id}/dossier/afspraken/{afspraak_id}/verwijderen", response_class=HTMLResponse)
def remove_agreement(request: Request, gebied_id: GebiedId, afspraak_id: AfspraakId, actor: PageActor,
                     uow: UowDep, form: Annotated[VerwijderForm, Form()]) -> Response:  # fmt: skip
    """Delete a wrong uitvoeringsafspraak, with a reason (the audit trail keeps its values)."""
    check_csrf(request, form.csrf)
    name = f"dossier-afspraak-{afspraak_id}-weg"
    try:
        uow.get(ProductketenService).verwijder_afspraak(actor, gebied_id, afspraak_id, _versie(form.versie),
                                                        form.reden)  # fmt: skip
    except NovexError as exc:
        _refuse(uow, actor, gebied_id, name, exc, form.model_dump(exclude={"csrf"}), ("reden",))
    return _done(gebied_id, "dossier-weg", "dossier-afspraken")
