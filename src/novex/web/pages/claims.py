"""Step 2 on the web: uploading a voorstel's claims and editing a claim."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

import shapely
from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from novex.access import Actor, can
from novex.audit import AuditService
from novex.bootstrap import UnitOfWork
from novex.catalog.service import CatalogService
from novex.claims.actions import EDIT_CLAIMS
from novex.claims.io import Choice
from novex.claims.model import TEXT_LIMITS, ClaimDraft, ClaimStatus, Hardheid
from novex.claims.ports import ClaimFilter
from novex.claims.service import ClaimService
from novex.claims.verantwoording_service import VerantwoordingService
from novex.edge.deps import Id, UowDep, work_dir
from novex.edge.errors import status_of
from novex.edge.uploads import saved_upload
from novex.errors import InvalidInput, NovexError, StateConflict
from novex.geo.vector_out import MEDIA, SUFFIX
from novex.reference.service import ReferenceService
from novex.web.forms import download
from novex.web.kaart_editor import editor, geometry_input
from novex.web.render import FormRefused, PageActor, check_csrf, render

router = APIRouter(include_in_schema=False)
VoorstelId = Annotated[int, Query(ge=1, le=2_147_483_647)]
EXPORT_CHOICES = (
    ("gpkg", "GeoPackage (RD New)"), ("geojson", "GeoJSON (WGS84)"), ("fgb", "FlatGeobuf (RD New)"),
    ("csv", "CSV-tabel (met WKT)"), ("xlsx", "Excel-tabel (XLSX)"), ("gio", "STOP-GIO (GML in .zip)"),
)  # fmt: skip


def _upload_context(uow: UnitOfWork, actor: Actor, code: str) -> dict[str, Any]:
    province = uow.get(ReferenceService).province(actor, code)
    return {
        "provincie": province,
        "voorstellen": uow.get(ClaimService).voorstellen(actor, province.code),
        "domeinen": uow.get(CatalogService).catalogus(actor).domeinen,
    }


@router.get("/provincies/{code}/upload", response_class=HTMLResponse)
def upload_page(request: Request, code: str, actor: PageActor, uow: UowDep) -> HTMLResponse:
    """The claim upload form."""
    return render(request, "upload.html.j2", actor, **_upload_context(uow, actor, code))


@router.post("/provincies/{code}/upload", response_class=HTMLResponse)
def upload(
    request: Request,
    code: str,
    actor: PageActor,
    uow: UowDep,
    bestand: Annotated[UploadFile, File()],
    csrf: Annotated[str, Form()] = "",
    voorstel: Annotated[str, Form(max_length=200)] = "",
    domein: Annotated[str, Form(max_length=40)] = "",
    herstel: Annotated[str, Form(max_length=3)] = "",
    nieuwe_versie: Annotated[str, Form(max_length=3)] = "",
    laag: Annotated[str, Form(max_length=200)] = "",
    kolom: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Import an uploaded file; show every problem when refused (nothing is stored then).

    A plain function: FastAPI runs it on its thread pool, so an import never blocks the server.
    """
    check_csrf(request, csrf)
    context = _upload_context(uow, actor, code)
    service, province = uow.get(ClaimService), context["provincie"]
    try:
        service.require_import(actor, voorstel.strip() or None, province.code)
        with saved_upload(work_dir(request, "uploads"), bestand) as saved:
            report = service.import_file(
                actor, saved.path, voorstel=voorstel.strip() or None, provincie=province.code,
                defaults={"domein": domein} if domein else None, name=saved.name, repair=herstel == "ja",
                new_version=nieuwe_versie == "ja", choice=Choice(laag.strip() or None, kolom.strip() or None),
            )  # fmt: skip
    except NovexError as exc:
        problems = getattr(exc, "problems", None) or [str(exc)]
        context |= {"fout": str(exc).split("\n")[0], "problemen": problems, "invoer_laag": laag,
                    "invoer_kolom": kolom}  # fmt: skip
        raise FormRefused("upload.html.j2", actor, status_of(exc), context) from exc
    return render(request, "upload.html.j2", actor, 201, resultaat=report, **context)


def _edit_context(
    request: Request, uow: UnitOfWork, actor: Actor, claim_id: int, typed: str | None = None, herstel: bool = False
) -> dict[str, Any]:
    claims = uow.get(ClaimService)
    claim = claims.claim(actor, claim_id)
    owner = claims.voorstel(actor, claim.voorstel_id).provincie
    may_edit = can(actor, EDIT_CLAIMS, owner)
    kaart = None
    if may_edit:  # the map editor: the other claims of the province to see and snap to
        around = claims.list(actor, ClaimFilter(provincies=(owner,)))
        kaart = editor(request, owner, around, claim.geometry, typed, skip=claim.id, herstel=herstel)
    return {
        "claim": claim,
        "eigenaar": owner,
        "mag_bewerken": may_edit,
        "kaart": kaart,
        "geschiedenis": uow.get(AuditService).history(actor, "claim", claim_id),
        "statussen": list(ClaimStatus),
        "hardheden": list(Hardheid),
        "domeinen": uow.get(CatalogService).catalogus(actor).domeinen,
    }


@router.get("/claims/{claim_id}/bewerken", response_class=HTMLResponse)
def edit_page(request: Request, claim_id: Id, actor: PageActor, uow: UowDep) -> HTMLResponse:
    """The form to edit a claim's attributes, with the claim's history."""
    return render(request, "claim_edit.html.j2", actor, **_edit_context(request, uow, actor, claim_id))


@router.post("/claims/{claim_id}/bewerken", response_class=HTMLResponse)
def edit(
    request: Request,
    claim_id: Id,
    actor: PageActor,
    uow: UowDep,
    naam: Annotated[str, Form(min_length=1, max_length=TEXT_LIMITS["naam"])],
    domein: Annotated[str, Form(max_length=TEXT_LIMITS["domein"])],
    status: Annotated[str, Form(max_length=20)],
    hardheid: Annotated[str, Form(max_length=20)],
    prioriteit: Annotated[int, Form(ge=1, le=5)],
    version: Annotated[int, Form(ge=1)],
    csrf: Annotated[str, Form()] = "",
    notities: Annotated[str, Form(max_length=TEXT_LIMITS["notities"])] = "",
    reden: Annotated[str, Form(max_length=2000)] = "",
    geometrie: Annotated[str, Form(max_length=2_000_000)] = "",
    coordinaten: Annotated[str, Form(max_length=2_000_000)] = "",
    herstel: Annotated[str, Form(max_length=3)] = "",
    bestand: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Save the edited attributes and geometry (drawn, typed or a file; unchanged when none is sent).

    Refusals are shown on the form, with everything typed kept.
    """
    check_csrf(request, csrf)
    context = _edit_context(request, uow, actor, claim_id)
    claim = context["claim"]
    try:
        if context["mag_bewerken"]:  # others are refused by the service below, before any file is read
            cleaned = geometry_input(request, geometrie, coordinaten, bestand, herstel == "ja")
        else:
            cleaned = None
        # the same shape posted back (the map and the text always send it) is no change: keep the stored one
        unchanged = cleaned is None or shapely.equals(cleaned.geometry, claim.geometry)
        draft = ClaimDraft(
            naam=naam, domein=domein, geometry=claim.geometry if unchanged else cleaned.geometry,
            hoeveelheid=claim.hoeveelheid, eenheid=claim.eenheid,
            doel_id=claim.doel_id, start_jaar=claim.start_jaar, eind_jaar=claim.eind_jaar,
            status=ClaimStatus(status), hardheid=Hardheid(hardheid), prioriteit=prioriteit,
            eigenaar=claim.eigenaar, bron=claim.bron, notities=notities or None, extern_id=claim.extern_id,
        )  # fmt: skip
        updated = uow.get(ClaimService).update_claim(actor, claim_id, draft, version, reden.strip() or None)
    except (NovexError, ValueError) as exc:
        status_code = status_of(exc) if isinstance(exc, NovexError) else 400
        typed = {"naam": naam, "domein": domein, "status": status, "hardheid": hardheid, "prioriteit": prioriteit,
                 "notities": notities, "version": version}  # fmt: skip
        message = str(exc)
        if isinstance(exc, StateConflict) and exc.current_version is not None:
            # Keep the planner's change in the form, now on top of the current version: nothing typed is lost.
            typed["version"] = exc.current_version
            message += ". Uw wijziging staat nog in het formulier; bekijk de geschiedenis en sla opnieuw op."
        if context["mag_bewerken"]:
            context = _edit_context(request, uow, actor, claim_id, coordinaten or geometrie or None, herstel == "ja")
        context |= {"fout": message, "reden": reden, "invoer": typed}
        raise FormRefused("claim_edit.html.j2", actor, status_code, context) from exc
    province = next(iter(sorted(updated.provincies)), "")
    return RedirectResponse(f"/provincies/{province}?opgeslagen={updated.id}#claims", status_code=303)


@router.get("/provincies/{code}/voorstellen", response_class=HTMLResponse)
def voorstellen_page(request: Request, code: str, actor: PageActor, uow: UowDep) -> HTMLResponse:
    """The province's voorstellen and their versions, with a form to compare two."""
    province = uow.get(ReferenceService).province(actor, code)
    return render(request, "voorstellen.html.j2", actor, provincie=province, exportformaten=EXPORT_CHOICES,
                  voorstellen=uow.get(ClaimService).voorstellen(actor, province.code))  # fmt: skip


@router.get("/voorstellen/export")
def export(request: Request, actor: PageActor, uow: UowDep, voorstel: VoorstelId, formaat: str = "gpkg") -> Response:
    """A voorstel's claims as a download in the chosen format (the same files as the API and the CLI)."""
    if formaat not in SUFFIX:
        raise InvalidInput(f"formaat {formaat!r} wordt niet geleverd; kies uit {', '.join(SUFFIX)}")
    service = uow.get(ClaimService)
    target = service.voorstel(actor, voorstel)
    with tempfile.TemporaryDirectory(prefix="export-", dir=work_dir(request, "exports")) as folder:
        path = Path(folder) / f"voorstel-{target.id}{SUFFIX[formaat]}"
        service.export(actor, path, ClaimFilter(voorstel_id=target.id), formaat=formaat)
        uow.get(VerantwoordingService).bij_export(actor, target.id, path, formaat)
        body = path.read_bytes()
    return download(body, path.name, MEDIA[formaat])


@router.get("/voorstellen/vergelijk", response_class=HTMLResponse)
def compare_page(request: Request, actor: PageActor, uow: UowDep, a: VoorstelId, b: VoorstelId) -> HTMLResponse:
    """What changed between two voorstellen (added, removed, changed claims)."""
    old, new, changes = uow.get(ClaimService).compare(actor, a, b)
    province = uow.get(ReferenceService).province(actor, new.provincie)
    return render(request, "voorstel_diff.html.j2", actor, oud=old, nieuw=new, verschil=changes, provincie=province,
                  voorstellen=uow.get(ClaimService).voorstellen(actor, province.code))  # fmt: skip
