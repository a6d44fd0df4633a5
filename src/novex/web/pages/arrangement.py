"""Web pages of the Ruimtelijk Arrangement (seed 003 §4.1; seed 002 §3.4 and Bijlage 3).

`/arrangementen` lists the versions per province and year (with the old-versus-new framing of
seed 002 Bijlage 3 §2) and starts a new one; `/arrangementen/{id}` is one version: its five parts,
its agreements with their SMART findings, the inclusion criteria per vraagstuk, the investment
agreements, the open knots, the moves through its flow and its history; `/arrangementen/{a}/verschil/{b}`
compares two versions. Every page reads and writes through `ArrangementService`, which checks
every right and every rule again; the pages only hide what a user may not do. Forms post with the
session's CSRF token; a refusal shows the page again with the Dutch reasons next to the form and
everything the user typed (the unit of work rolls back, so nothing is stored).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from novex.access import Actor, require
from novex.arrangement import lifecycle, productbeeld
from novex.arrangement.actions import DRAFT_ARRANGEMENT
from novex.arrangement.diff import Veldwijziging
from novex.arrangement.inclusie import BRON as INCLUSIE_BRON
from novex.arrangement.inclusie import INCLUSIECRITERIA, Inclusie, Inclusiecriterium
from novex.arrangement.investeringen import fondsen, totalen
from novex.arrangement.model import (
    ONDERDELEN,
    Afspraak,
    Generatie,
    Investeringsafspraak,
    Ondertekening,
    OpenKnoop,
    RuimtelijkArrangement,
    Status,
)
from novex.arrangement.namen import CRITERIUM_NAMEN, EIGENAAR_NAMEN, GENERATIE_NAMEN, VELD_NAMEN
from novex.arrangement.service import ArrangementService
from novex.arrangement.smart import open_bevindingen, smart_check
from novex.arrangement.validatie import EERSTE_JAAR, LAATSTE_JAAR
from novex.audit import AuditService
from novex.bootstrap import UnitOfWork
from novex.dialogue.model import VraagstukFilter
from novex.dialogue.service import VraagstukService
from novex.edge.deps import Id, UowDep
from novex.edge.errors import status_of
from novex.errors import Forbidden, InvalidInput, NovexError, stale
from novex.gebieden.productketen_service import ProductketenService
from novex.gebieden.service import GebiedenService
from novex.meetings.service import MeetingService
from novex.nl import format_date, format_euro
from novex.reference.service import ReferenceService
from novex.web.forms import Refusal, download, form_refused, public_variant, refusal, yes_no
from novex.web.pages.arrangement_forms import (
    AfspraakForm,
    FilterText,
    InclusieForm,
    InvesteringForm,
    KnopenForm,
    MotiveringForm,
    NieuwForm,
    OnderdeelForm,
    OndertekeningForm,
    OvergangForm,
    SleutelForm,
    afspraak_invoer,
    bedrag,
    form_date,
    form_rows,
    form_whole,
    getal_tekst,
    toon,
    toon_veld,
)
from novex.web.render import CsrfForm, FormRefused, PageActor, check_csrf, render

router = APIRouter(include_in_schema=False)


STATUS_NAMEN = lifecycle.FASE_NAMEN
OPGENOMEN = {True: "opgenomen", False: "niet opgenomen", None: "geen besluit"}
"""An inclusion outcome in the diff."""
AFSPRAAK_VELDEN = ("tekst", "onderdeel", "partijen", "eigenaren", "vraagstuk", "resultaat", "indicator", "eenheid",
                   "basiswaarde", "streefwaarde", "middelen", "capaciteit", "randvoorwaarden", "deadline",
                   "mijlpalen")  # fmt: skip
GEDAAN = {
    "aangemaakt": "Het concept is aangemaakt.",
    "onderdeel": "De tekst van het onderdeel is opgeslagen.",
    "afspraak": "De afspraak is opgeslagen.",
    "afspraak-nieuw": "De afspraak is toegevoegd.",
    "afspraak-weg": "De afspraak is verwijderd.",
    "motivering": "De motiveringen zijn opgeslagen.",
    "inclusie": "Het besluit over de inclusiecriteria is opgeslagen.",
    "investering": "De investeringsafspraak is toegevoegd.",
    "investering-weg": "De investeringsafspraak is verwijderd.",
    "knopen": "De open knopen zijn opgeslagen.",
    "ondertekening": "De ondertekening is vastgelegd.",
    "status": "De status is gewijzigd.",
    "volgend-jaar": "Het concept voor het volgende jaar is aangemaakt als kopie van de vastgestelde versie.",
}


# -- what the pages show --------------------------------------------------------------------------


def _names(uow: UnitOfWork, actor: Actor) -> dict[str, str]:
    return {p.code: p.naam for p in uow.get(ReferenceService).provinces(actor)}


def _year(text: str, field: str = "jaar") -> int | None:
    problems: list[str] = []
    year = form_whole(text, field, problems, "jaartal")
    if problems or (year is not None and not EERSTE_JAAR <= year <= LAATSTE_JAAR):
        raise InvalidInput(
            f"{field}: kies een jaar van {EERSTE_JAAR} tot en met {LAATSTE_JAAR} (niet '{text.strip()}')"
        )
    return year


def _field_refusal(exc: Exception, fields: tuple[str, ...]) -> Refusal:
    """The refusal, with a problem tied to a field also when the service's text starts with the field's name."""
    if isinstance(exc, lifecycle.ArrangementOnveranderlijk):
        return Refusal("Niet opgeslagen: dit arrangement kan nu niet worden gewijzigd.", ((None, str(exc)),))
    found = refusal(exc, fields)
    problems = []
    for field, text in found.problemen:
        if field is None:
            field = next((f for f in fields if text.startswith((f"{f} ", f"{f}:"))), None)
        problems.append((field, text))
    return Refusal(found.kop, tuple(problems))


def _list_context(
    uow: UnitOfWork, actor: Actor, provincie: str, jaar: str, status: str
) -> dict[str, Any]:  # fmt: skip
    service = uow.get(ArrangementService)
    names = _names(uow, actor)
    context: dict[str, Any] = {
        "gekozen": {"provincie": provincie, "jaar": jaar, "status": status}, "fout": None, "rijen": [],
        "provincienamen": names, "statusnamen": STATUS_NAMEN, "generatienamen": GENERATIE_NAMEN,
        "mag_opstellen": service.may(actor, "opstellen"), "datum": format_date, "euro": format_euro,
        "productbeeld": productbeeld, "fouten": {}, "invoer": {}, "totalen": None, "zonder": [],
        "eigen_provincies": [(c, n) for c, n in names.items() if actor.provincie in (None, c)],
        "eerste_jaar": EERSTE_JAAR, "laatste_jaar": LAATSTE_JAAR, "volgend_jaar": date.today().year + 1,
    }  # fmt: skip
    try:
        year = _year(jaar)
        if provincie and provincie not in names:
            raise InvalidInput(f"filter: provincie '{provincie}' bestaat niet")
        versions = service.list(actor, provincie or None, year, status or None)
    except InvalidInput as exc:
        context["fout"] = str(exc).removeprefix("filter: ")
        return context
    today = service.today()
    rows = []
    for ra in sorted(versions, key=lambda r: (names.get(r.provincie, r.provincie), -r.jaar)):
        findings = smart_check(ra, today)
        still_open = open_bevindingen(findings, ra.motiveringen)
        rows.append({"ra": ra, "open": len(still_open), "gemotiveerd": len(findings) - len(still_open)})
    context["rijen"] = rows
    if not (provincie or year or status):
        context["zonder"] = [n for c, n in names.items() if c not in {r.provincie for r in versions}]
    context["totalen"] = service.totals(actor, year)
    return context


@router.get("/arrangementen", response_class=HTMLResponse)
def list_page(
    request: Request, actor: PageActor, uow: UowDep, provincie: FilterText = "", jaar: FilterText = "",
    status: FilterText = "",
) -> HTMLResponse:  # fmt: skip
    """The versions per province and year, with filters, the new product image and (for who may) a new one."""
    context = _list_context(uow, actor, provincie, jaar, status)
    return render(request, "arrangementen.html.j2", actor, 400 if context["fout"] else 200, **context)


@router.post("/arrangementen/nieuw", response_class=HTMLResponse)
def create(request: Request, actor: PageActor, uow: UowDep, form: Annotated[NieuwForm, Form()]) -> Response:
    """Start a concept for a province and year (a yearly version copies the newest adopted one)."""
    check_csrf(request, form.csrf)
    try:
        problems = []
        if not form.provincie:
            problems.append("provincie: kies de provincie")
        if not form.jaar.strip():
            problems.append("jaar: vul het jaar in")
        if problems:
            raise InvalidInput("nieuw arrangement: " + "; ".join(problems))
        year = _year(form.jaar)
        assert year is not None
        ra = uow.get(ArrangementService).create(actor, form.provincie, year, form.generatie)
    except NovexError as exc:
        context = _list_context(uow, actor, "", "", "")
        context["fouten"] = {"nieuw": _field_refusal(exc, ("provincie", "jaar", "generatie"))}
        context["invoer"] = {"nieuw": form.model_dump(exclude={"csrf"})}
        raise FormRefused("arrangementen.html.j2", actor, status_of(exc), context) from exc
    return RedirectResponse(f"/arrangementen/{ra.id}?gedaan=aangemaakt", status_code=303)


@dataclass(frozen=True)
class Move:
    """A move of the version as the page offers it."""

    naar: str
    naam: str
    mogelijk: bool
    redenen: tuple[str, ...]
    bol_nodig: bool


def _moves(service: ArrangementService, actor: Actor, ra: RuimtelijkArrangement) -> list[Move]:
    """The moves this user's role may make by hand (superseding follows the successor's adoption)."""
    bol_reason = lifecycle.vastgelegd(replace(ra, vastgesteld_in=None), actor)
    out = []
    for option in service.moves(actor, ra.id):
        t = option.transition
        if t.target == Status.VERVANGEN or (not actor.system and actor.role not in t.roles):
            continue
        if t.target == Status.VOORGELEGD and not service.may(actor, "opstellen", ra):
            continue
        needs_bol = t.target == Status.VASTGESTELD and ra.generatie == Generatie.JAARLIJKS
        # The form asks for the BOL, so "say in which BOL" is no reason to disable the button.
        reasons = tuple(r for r in option.reasons if not (needs_bol and r == bol_reason))
        out.append(Move(t.target, t.name[:1].upper() + t.name[1:], not reasons, reasons, needs_bol))
    return out


def _history(uow: UnitOfWork, actor: Actor, ra: RuimtelijkArrangement) -> list[dict[str, Any]]:
    """Every change and move of the version, newest first, moves named by their statuses."""
    items = []
    prefix = f"ruimtelijk arrangement {ra.provincie} {ra.jaar}: "
    for e in uow.get(AuditService).history(actor, lifecycle.FLOW_NAAM, ra.id):
        summary = e.samenvatting.removeprefix(prefix)
        summary = summary[:1].upper() + summary[1:]
        if e.actie.endswith(".fase-gewijzigd"):
            van, naar = e.details.get("van", ""), e.details.get("naar", "")
            summary = f"Status: {STATUS_NAMEN.get(van, van)} → {STATUS_NAMEN.get(naar, naar)}"
        items.append({"tijdstip": e.tijdstip, "actor": e.actor, "rol": e.rol, "samenvatting": summary,
                      "reden": e.reden, "details": {}})  # fmt: skip
    return items


def _bols(uow: UnitOfWork, actor: Actor, ra: RuimtelijkArrangement) -> tuple[Any, list[Any]]:
    """The province's landsdeel and the BOL meetings of that landsdeel (where this version can be adopted)."""
    part = next((d for d in uow.get(ReferenceService).landsdelen(actor) if ra.provincie in d.provincies), None)
    meetings = [m for m in uow.get(MeetingService).meetings(actor) if m.soort == "bol" and part
                and m.landsdeel == part.code]  # fmt: skip
    return part, sorted(meetings, key=lambda m: m.datum)


def _vraagstukken(uow: UnitOfWork, actor: Actor, provincie: str) -> dict[int, str]:
    """The province's vraagstukken by number (for the selects and the titles); empty when the user may not list them."""
    try:
        found = uow.get(VraagstukService).list(actor, VraagstukFilter(provincies=(provincie,)))
    except Forbidden:
        return {}
    return {v.id: v.titel for v in sorted(found, key=lambda v: v.id)}


def _gebied_afspraken(uow: UnitOfWork, actor: Actor, ra: RuimtelijkArrangement) -> list[dict[str, Any]]:
    """Part 3: the NOVEX areas' uitvoeringsafspraken that name an agreement of this province's RA, and which ones.

    Each named key with this version's agreement number (None: the key is not in this version).
    """
    try:
        service = uow.get(ProductketenService)
        found = service.afspraken_voor_ra(actor, ra.provincie)
        namen = {g.id: g.naam for g in uow.get(GebiedenService).gebieden(actor)} if found else {}
    except Forbidden:
        return []
    keten = service.keten
    nummers = {a.sleutel: n for n, a in enumerate(ra.afspraken, start=1)}
    return [{"a": a, "gebied": namen.get(a.gebied, a.gebied),
             "onderwerp": next((o.naam for o in keten.onderwerpen if o.code == a.onderwerp), a.onderwerp),
             "status": next((s.naam for s in keten.afspraak_statussen if s.code == a.status), a.status),
             "genoemd": [(r.sleutel, nummers.get(r.sleutel)) for r in a.ra_afspraken if r.provincie == ra.provincie]}
            for a in found]  # fmt: skip


def arrangement_view(uow: UnitOfWork, actor: Actor, arrangement_id: int) -> dict[str, Any]:
    """Everything the page of one version shows."""
    service = uow.get(ArrangementService)
    ra = service.get(actor, arrangement_id)
    names = _names(uow, actor)
    findings = list(service.smart(actor, ra.id))
    drafting = service.may(actor, "opstellen", ra)
    editable = drafting and ra.status == Status.CONCEPT
    vraagstukken = _vraagstukken(uow, actor, ra.provincie)
    rows = []
    for nummer, a in enumerate(ra.afspraken, start=1):
        own = [f for f in findings if f.afspraak == a.sleutel]
        still_open = open_bevindingen(own, ra.motiveringen)
        shown = [{"f": f, "tekst": f.melding.removeprefix(f"Afspraak {nummer}: "),
                  "motivering": (ra.motiveringen.get(f.sleutel) or "").strip()} for f in own]  # fmt: skip
        rows.append({"nummer": nummer, "a": a, "bevindingen": shown, "open": still_open,
                     "open_criteria": list(dict.fromkeys(str(f.criterium) for f in still_open)),
                     "gemotiveerd": len(own) - len(still_open)})  # fmt: skip
    still_open_all = open_bevindingen(findings, ra.motiveringen)
    versions = sorted(service.list(actor, ra.provincie), key=lambda r: r.jaar)
    part, bols = _bols(uow, actor, ra) if service.may(actor, "vaststellen") and ra.status == Status.VOORGELEGD \
        else (None, [])  # fmt: skip
    register = fondsen()
    next_year = ra.jaar + 1
    continues = ra.status == Status.VASTGESTELD and drafting and next_year <= LAATSTE_JAAR
    continues = continues and all(v.jaar != next_year for v in versions)
    return {
        "ra": ra,
        "provincienaam": names.get(ra.provincie, ra.provincie),
        "provincienamen": names,
        "statusnamen": STATUS_NAMEN,
        "fasen": lifecycle.FASEN,
        "generatienamen": GENERATIE_NAMEN,
        "onderdeeltitels": ONDERDELEN,
        "onderdeel_keuzes": [(str(n), f"{n}. {titel}") for n, titel in ONDERDELEN.items()],
        "eigenaarnamen": EIGENAAR_NAMEN,
        "criteriumnamen": CRITERIUM_NAMEN,
        "inclusiecriteria": INCLUSIECRITERIA,
        "inclusiebron": INCLUSIE_BRON,
        "afspraken": rows,
        "gebied_afspraken": _gebied_afspraken(uow, actor, ra),
        "bevindingen": findings,
        "open_totaal": len(still_open_all),
        "vraagstukken": vraagstukken,
        "fondsen": register,
        "fondsnamen": {f.id: f.naam for f in register},
        "programmas": sorted({f.programma for f in register if f.programma}),
        "investeringstotalen": totalen([ra]),
        "overgangen": _moves(service, actor, ra),
        "bols": bols,
        "landsdeel": part,
        "geschiedenis": _history(uow, actor, ra),
        "versies": [v for v in versions if v.id != ra.id],
        "volgend_jaar": next_year if continues else None,
        "mag_opstellen": drafting,
        "bewerkbaar": editable,
        "nieuwe_afspraak": afspraak_invoer(None, ("VRO", names.get(ra.provincie, ra.provincie))),
        "afspraak_invoer": afspraak_invoer,
        "toon": toon,
        "getal_tekst": getal_tekst,
        "euro": format_euro,
        "datum": format_date,
        "vandaag": service.today(),
        "fouten": {},
        "invoer": {},
        "fout_boven": None,
        "fout_formulier": None,
    }


def _refuse(
    uow: UnitOfWork, actor: Actor, arrangement_id: int, form: str, exc: Exception, typed: dict[str, Any],
    fields: tuple[str, ...] = (), view: dict[str, Any] | None = None,
) -> FormRefused:  # fmt: skip
    """The version's page again, with the refusal next to the form `form` (and at the top) and what was typed."""
    context = view or arrangement_view(uow, actor, arrangement_id)
    context["fout_formulier"] = form  # the fields of form `form` have the ids "<form>-<field>"
    return form_refused("arrangement.html.j2", actor, context, form, exc, typed, _field_refusal(exc, fields))


def _done(arrangement_id: int, what: str, anchor: str | None = None) -> RedirectResponse:
    fragment = f"#{anchor}" if anchor else ""
    return RedirectResponse(f"/arrangementen/{arrangement_id}?gedaan={what}{fragment}", status_code=303)


@router.get("/arrangementen/{arrangement_id}", response_class=HTMLResponse)
def arrangement_page(
    request: Request, arrangement_id: Id, actor: PageActor, uow: UowDep, gedaan: FilterText = ""
) -> HTMLResponse:
    """One version: header, parts, agreements with SMART findings, inclusion, investments, knots, moves, history."""
    view = arrangement_view(uow, actor, arrangement_id)
    return render(request, "arrangement.html.j2", actor, **view, gedaan=gedaan, gedaan_tekst=GEDAAN)


# -- the forms on the page of one version ------------------------------------------------------------


@router.post("/arrangementen/{arrangement_id}/onderdelen/{nummer}", response_class=HTMLResponse)
def set_part(
    request: Request, arrangement_id: Id, nummer: Id, actor: PageActor, uow: UowDep,
    form: Annotated[OnderdeelForm, Form()],
) -> Response:  # fmt: skip
    """Save the version's own text of one part (seed 003 §4.1)."""
    check_csrf(request, form.csrf)
    try:
        uow.get(ArrangementService).set_onderdeel(actor, arrangement_id, nummer, form.toelichting, form.versie)
    except NovexError as exc:
        raise _refuse(uow, actor, arrangement_id, f"onderdeel-{nummer}", exc, form.model_dump(exclude={"csrf"}),
                      ("toelichting",)) from exc  # fmt: skip
    return _done(arrangement_id, "onderdeel", f"onderdeel-{nummer}")


@router.post("/arrangementen/{arrangement_id}/afspraak", response_class=HTMLResponse)
def save_agreement(
    request: Request, arrangement_id: Id, actor: PageActor, uow: UowDep, form: Annotated[AfspraakForm, Form()]
) -> Response:
    """Add an agreement (no key) or change one (its key): text, part, parties and acceptance, SMART fields."""
    check_csrf(request, form.csrf)
    service = uow.get(ArrangementService)
    key = form.sleutel.strip()
    slot = "afspraak-nieuw"
    typed: dict[str, Any] = {}
    try:
        typed = form.typed()
        current = service.get(actor, arrangement_id)
        if key:
            old = current.afspraak(key)
            nummer = next((n for n, a in enumerate(current.afspraken, start=1) if a.sleutel == key), 0)
            slot = f"afspraak-{nummer}"
            if old is None:
                raise InvalidInput(f"afspraak: '{key}' staat niet (meer) in dit arrangement; laad de pagina opnieuw")
            service.update_afspraak(actor, arrangement_id, key, replace(old, **form.fields()), form.versie)
        else:
            service.add_afspraak(actor, arrangement_id, Afspraak(sleutel="", **form.fields()), form.versie)
    except NovexError as exc:
        raise _refuse(uow, actor, arrangement_id, slot, exc, typed or {"versie": form.versie},
                      AFSPRAAK_VELDEN) from exc  # fmt: skip
    return _done(arrangement_id, "afspraak" if key else "afspraak-nieuw", "afspraken")


@router.post("/arrangementen/{arrangement_id}/afspraak/verwijderen", response_class=HTMLResponse)
def remove_agreement(
    request: Request, arrangement_id: Id, actor: PageActor, uow: UowDep, form: Annotated[SleutelForm, Form()]
) -> Response:
    """Drop an agreement from the concept."""
    check_csrf(request, form.csrf)
    service = uow.get(ArrangementService)
    nummer = 0
    try:
        current = service.get(actor, arrangement_id)
        nummer = next((n for n, a in enumerate(current.afspraken, start=1) if a.sleutel == form.sleutel), 0)
        service.remove_afspraak(actor, arrangement_id, form.sleutel, form.versie)
    except NovexError as exc:
        raise _refuse(uow, actor, arrangement_id, f"afspraak-{nummer}", exc, {"versie": form.versie}) from exc
    return _done(arrangement_id, "afspraak-weg", "afspraken")


@router.post("/arrangementen/{arrangement_id}/motiveringen", response_class=HTMLResponse)
def motivate(
    request: Request, arrangement_id: Id, actor: PageActor, uow: UowDep, form: Annotated[MotiveringForm, Form()]
) -> Response:
    """Record (or withdraw, when emptied) why an agreement goes to the BOL with a SMART finding open."""
    check_csrf(request, form.csrf)
    service = uow.get(ArrangementService)
    nummer = 0
    typed: dict[str, Any] = {"versie": form.versie}
    try:
        current = service.get(actor, arrangement_id)
        nummer = next((n for n, a in enumerate(current.afspraken, start=1) if a.sleutel == form.afspraak), 0)
        pairs = form_rows(form.bevinding, form.motivering)
        typed |= {"motiveringen": dict(pairs)}
        # Also when nothing changed: no silent success on a version the user may not change, or that is locked.
        require(actor, DRAFT_ARRANGEMENT, current.provincie)
        lifecycle.controleer_bewerkbaar(current)
        version = form.versie
        for key, text in pairs:
            if text.strip() == (current.motiveringen.get(key) or "").strip():
                continue
            version = service.set_motivering(actor, arrangement_id, key, text, version).version
    except NovexError as exc:
        raise _refuse(uow, actor, arrangement_id, f"motivering-{nummer}", exc, typed) from exc
    return _done(arrangement_id, "motivering", f"afspraak-{nummer}")


@router.post("/arrangementen/{arrangement_id}/inclusie", response_class=HTMLResponse)
def include(
    request: Request, arrangement_id: Id, actor: PageActor, uow: UowDep, form: Annotated[InclusieForm, Form()]
) -> Response:
    """Record the decision on the five inclusion criteria for one vraagstuk, each with a motivation."""
    check_csrf(request, form.csrf)
    slot = "inclusie-nieuw" if form.formulier == "nieuw" else f"inclusie-{form.vraagstuk}"
    values = form.model_dump()
    try:
        problems: list[str] = []
        vid = form_whole(form.vraagstuk, "vraagstuk", problems, "vraagstuknummer")
        if vid is None and not problems:
            problems.append("vraagstuk: kies het vraagstuk")
        if problems:
            raise InvalidInput("inclusie: " + "; ".join(problems))
        assert vid is not None
        criteria = tuple(Inclusiecriterium(n, yes_no(values[f"besluit_{n}"]), values[f"motivering_{n}"])
                         for n in INCLUSIECRITERIA)  # fmt: skip
        uow.get(ArrangementService).set_inclusie(actor, arrangement_id, Inclusie(vid, criteria), form.versie)
    except NovexError as exc:
        raise _refuse(uow, actor, arrangement_id, slot, exc, form.model_dump(exclude={"csrf"}),
                      ("vraagstuk",) if form.formulier == "nieuw" else ()) from exc  # fmt: skip
    return _done(arrangement_id, "inclusie", "inclusie")


@router.post("/arrangementen/{arrangement_id}/investeringen", response_class=HTMLResponse)
def invest(
    request: Request, arrangement_id: Id, actor: PageActor, uow: UowDep, form: Annotated[InvesteringForm, Form()]
) -> Response:
    """Add an investment agreement: existing money of a programme's fund, labelled for an area task (seed 003 §3)."""
    check_csrf(request, form.csrf)
    try:
        problems = []
        amount = bedrag(form.bedrag)
        if not form.bedrag.strip():
            problems.append("bedrag: vul het bedrag in euro in")
        elif amount is None:
            problems.append(f"bedrag: '{form.bedrag.strip()}' is geen bedrag (bijvoorbeeld 12.500.000)")
        elif amount <= 0:
            problems.append("bedrag: het bedrag moet groter dan nul zijn")
        if not form.programma.strip():
            problems.append("programma: noem het nationale programma; dat blijft verantwoordelijk voor de toewijzing "
                            "(seed 003 §3)")  # fmt: skip
        if not form.fonds:
            problems.append("fonds: kies het bestaande fonds waaruit het geld komt")
        elif form.fonds not in {f.id for f in fondsen()}:
            problems.append(f"fonds: '{form.fonds}' staat niet in het register van bestaande fondsen")
        if not form.gelabeld_voor.strip():
            problems.append("gelabeld_voor: zeg voor welke gebiedsopgave het geld gelabeld is")
        if problems:
            raise InvalidInput("investeringsafspraak: " + "; ".join(problems))
        assert amount is not None
        investment = Investeringsafspraak("", form.programma.strip(), form.fonds, amount, form.gelabeld_voor.strip(),
                                          form.afspraak or None)  # fmt: skip
        uow.get(ArrangementService).add_investering(actor, arrangement_id, investment, form.versie)
    except NovexError as exc:
        raise _refuse(uow, actor, arrangement_id, "investering", exc, form.model_dump(exclude={"csrf"}),
                      ("programma", "fonds", "bedrag", "gelabeld_voor", "afspraak")) from exc  # fmt: skip
    return _done(arrangement_id, "investering", "investeringen")


@router.post("/arrangementen/{arrangement_id}/investeringen/verwijderen", response_class=HTMLResponse)
def divest(
    request: Request, arrangement_id: Id, actor: PageActor, uow: UowDep, form: Annotated[SleutelForm, Form()]
) -> Response:
    """Drop an investment agreement from the concept."""
    check_csrf(request, form.csrf)
    try:
        uow.get(ArrangementService).remove_investering(actor, arrangement_id, form.sleutel, form.versie)
    except NovexError as exc:
        raise _refuse(uow, actor, arrangement_id, "investering", exc, {"versie": form.versie}) from exc
    return _done(arrangement_id, "investering-weg", "investeringen")


@router.post("/arrangementen/{arrangement_id}/knopen", response_class=HTMLResponse)
def set_knots(
    request: Request, arrangement_id: Id, actor: PageActor, uow: UowDep, form: Annotated[KnopenForm, Form()]
) -> Response:
    """The knots still open, marked in the RA (an emptied row is no longer open)."""
    check_csrf(request, form.csrf)
    typed: dict[str, Any] = {"versie": form.versie}
    try:
        rows = form_rows(form.knoop, form.knoop_vraagstuk)
        typed |= {"knopen": [{"omschrijving": o, "vraagstuk": v} for o, v in rows]}
        problems: list[str] = []
        knots = []
        for text, vraagstuk in rows:
            vid = form_whole(vraagstuk, "knopen", problems, "vraagstuknummer")
            if text.strip():
                knots.append(OpenKnoop(text.strip(), vid))
            elif vid is not None:
                problems.append(f"knopen: bij vraagstuk {vid} ontbreekt de omschrijving van de knoop")
        if problems:
            raise InvalidInput("open knopen: " + "; ".join(problems))
        uow.get(ArrangementService).set_knopen(actor, arrangement_id, knots, form.versie)
    except NovexError as exc:
        raise _refuse(uow, actor, arrangement_id, "knopen", exc, typed, ("knopen",)) from exc
    return _done(arrangement_id, "knopen", "knopen")


@router.post("/arrangementen/{arrangement_id}/ondertekening", response_class=HTMLResponse)
def sign(
    request: Request, arrangement_id: Id, actor: PageActor, uow: UowDep, form: Annotated[OndertekeningForm, Form()]
) -> Response:
    """Record the signing of a first-generation RA: the date and the signatories (offices, seed 003 §4.1)."""
    check_csrf(request, form.csrf)
    try:
        problems: list[str] = []
        when = form_date(form.datum, "datum", problems)
        if when is None and not problems:
            problems.append("datum: vul de datum van de ondertekening in")
        if problems:
            raise InvalidInput("ondertekening: " + "; ".join(problems))
        assert when is not None
        names = tuple(line.strip() for line in form.ondertekenaars.splitlines() if line.strip())
        signed = Ondertekening(when, names)
        uow.get(ArrangementService).set_ondertekening(actor, arrangement_id, signed, form.versie)
    except NovexError as exc:
        raise _refuse(uow, actor, arrangement_id, "ondertekening", exc, form.model_dump(exclude={"csrf"}),
                      ("datum", "ondertekenaars")) from exc  # fmt: skip
    return _done(arrangement_id, "ondertekening", "status")


@router.post("/arrangementen/{arrangement_id}/overgang", response_class=HTMLResponse)
def transition(
    request: Request, arrangement_id: Id, actor: PageActor, uow: UowDep, form: Annotated[OvergangForm, Form()]
) -> Response:
    """Propose the version for the BOL, take it back to concept, or record its adoption in a BOL (VRO)."""
    check_csrf(request, form.csrf)
    service = uow.get(ArrangementService)
    # Built before the move: a refused move may already have written its history in this (rolled back) transaction.
    view = arrangement_view(uow, actor, arrangement_id)
    try:
        current = view["ra"]
        if current.version != form.versie and service.may(actor, "opstellen", current):
            # The service moves whatever is stored now; the user moves what they read, or nothing. (Who may not
            # move the version at all hears that from the service, not that the page was old.)
            raise stale(f"ruimtelijk arrangement {arrangement_id}", current.version, form.versie)
        problems: list[str] = []
        meeting = form_whole(form.vergadering, "vergadering", problems, "vergadering")
        if form.naar == Status.VASTGESTELD and current.generatie == Generatie.JAARLIJKS and meeting is None:
            problems.append("vergadering: kies het BOL waarin het arrangement is vastgesteld (seed 002 §3.4)")
        if problems:
            raise InvalidInput("vaststellen: " + "; ".join(problems))
        service.move(actor, arrangement_id, form.naar, form.reden.strip() or None, meeting)
    except NovexError as exc:
        raise _refuse(uow, actor, arrangement_id, f"overgang-{form.naar}", exc, form.model_dump(exclude={"csrf"}),
                      ("reden", "vergadering"), view) from exc  # fmt: skip
    return _done(arrangement_id, "status")


@router.post("/arrangementen/{arrangement_id}/volgend-jaar", response_class=HTMLResponse)
def next_year(
    request: Request, arrangement_id: Id, actor: PageActor, uow: UowDep, form: Annotated[CsrfForm, Form()]
) -> Response:
    """Start next year's concept as a copy of this adopted version (seed 002 §3.4: updated every year)."""
    check_csrf(request, form.csrf)
    service = uow.get(ArrangementService)
    try:
        ra = service.get(actor, arrangement_id)
        if ra.status != Status.VASTGESTELD:
            lifecycle.volgende_versie(ra)  # refuses in Dutch: only an adopted version is the basis
        created = service.create(actor, ra.provincie, ra.jaar + 1)
    except NovexError as exc:
        raise _refuse(uow, actor, arrangement_id, "volgend-jaar", exc, {}) from exc
    return _done(created.id, "volgend-jaar")


# -- the difference between two versions ------------------------------------------------------------


def _changes(changes: tuple[Veldwijziging, ...]) -> list[dict[str, str]]:
    return [{"veld": VELD_NAMEN.get(c.veld, c.veld), "oud": toon_veld(c.veld, c.oud),
             "nieuw": toon_veld(c.veld, c.nieuw)} for c in changes]  # fmt: skip


@router.get("/arrangementen/{van}/verschil/{naar}", response_class=HTMLResponse)
def diff_page(request: Request, van: Id, naar: Id, actor: PageActor, uow: UowDep) -> HTMLResponse:
    """What changed from version `van` to version `naar`: agreements added, dropped and changed field by field."""
    service = uow.get(ArrangementService)
    a, b = service.get(actor, van), service.get(actor, naar)
    d = service.diff(actor, van, naar)
    names = _names(uow, actor)
    context = {
        "a": a, "b": b, "d": d, "provincienamen": names, "statusnamen": STATUS_NAMEN, "toon": toon,
        "velden": _changes(d.velden),
        "onderdelen": [{"veld": f"{c.veld.split()[-1]}. {ONDERDELEN.get(int(c.veld.split()[-1]), '')}",
                        "oud": c.oud or "—", "nieuw": c.nieuw or "—"} for c in d.onderdelen],
        "afspraken_gewijzigd": [(w.sleutel, b.afspraak(w.sleutel), _changes(w.velden)) for w in d.afspraken.gewijzigd],
        "investeringen_gewijzigd": [(w.sleutel, _changes(w.velden)) for w in d.investeringen.gewijzigd],
        "inclusies": [{"vraagstuk": c.veld.split()[-1], "oud": OPGENOMEN[c.oud], "nieuw": OPGENOMEN[c.nieuw]}
                      for c in d.inclusies],
        "vraagstukken": _vraagstukken(uow, actor, b.provincie), "euro": format_euro, "datum": format_date,
        "onderdeeltitels": ONDERDELEN,
    }  # fmt: skip
    return render(request, "arrangement_verschil.html.j2", actor, **context)


# -- documents -------------------------------------------------------------------------------------------


def _document(uow: UnitOfWork, actor: Actor, soort: str, key: int, fmt: str, openbaar: str,
              other: int | None = None) -> Response:  # fmt: skip
    from novex.documents.arrangement import document_bytes

    body, media_type, name = document_bytes(uow, actor, soort, key, fmt, openbaar=public_variant(openbaar),
                                            other=other)  # fmt: skip
    return download(body, name, media_type)


Openbaar = Annotated[str, Query(max_length=5)]
Formaat = Annotated[str, Path(max_length=10)]


@router.get("/arrangementen/{arrangement_id}/document.{fmt}")
def arrangement_document(
    arrangement_id: Id, fmt: Formaat, actor: PageActor, uow: UowDep, openbaar: Openbaar = "nee"
) -> Response:
    """The RA as a readable Dutch document (PDF or HTML; the public variant leaves out names of persons)."""
    return _document(uow, actor, "arrangement", arrangement_id, fmt, openbaar)


@router.get("/arrangementen/{van}/verschil/{naar}/document.{fmt}")
def diff_document(
    van: Id, naar: Id, fmt: Formaat, actor: PageActor, uow: UowDep, openbaar: Openbaar = "nee"
) -> Response:
    """What changed between two versions, as a document a province can give its Staten."""
    return _document(uow, actor, "verschil", van, fmt, openbaar, naar)


@router.get("/arrangementen/afsprakenlijst/{vergadering_id}.{fmt}")
def adopted_list(
    vergadering_id: Id, fmt: Formaat, actor: PageActor, uow: UowDep, openbaar: Openbaar = "nee"
) -> Response:
    """The RA agreements adopted in one BOL: the annex as PDF or HTML, or CSV and XLSX for further use."""
    return _document(uow, actor, "bol-afsprakenlijst", vergadering_id, fmt, openbaar)
