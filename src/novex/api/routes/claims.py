"""Voorstellen and claims: CRUD, file import and export, GeoJSON with CRS negotiation."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any

import shapely
from fastapi import APIRouter, File, Header, Query, Request, Response, UploadFile
from fastapi.responses import FileResponse, JSONResponse
from shapely.geometry import shape

from novex.api.deps import CrsDep, crs_named, page_links
from novex.api.geojson import feature_collection, geojson_response
from novex.api.schemas import READ_ONLY, ClaimFeatureIn, VoorstelIn, VoorstelOut
from novex.claims.io import Choice
from novex.claims.model import Claim, ClaimDraft
from novex.claims.ports import ClaimFilter
from novex.claims.service import ClaimService
from novex.claims.verantwoording_service import VerantwoordingService
from novex.edge.deps import ActorDep, Id, UowDep, work_dir
from novex.edge.errors import NotAcceptable
from novex.edge.uploads import saved_upload
from novex.errors import InvalidInput
from novex.geo.crs import authority_crs, reproject
from novex.geo.hygiene import GeometryRejected, clean_polygon
from novex.geo.vector_out import MEDIA, SUFFIX

router = APIRouter(tags=["voorstellen en claims"])

ListParam = Annotated[list[str] | None, Query()]
LaagParam = Annotated[
    str | None, Query(max_length=200, description="De laag om te lezen, bij een bestand met meerdere lagen.")
]
KolomParam = Annotated[
    str | None, Query(max_length=200, description="CSV: de kolom met WKT (standaard geometry, wkt of geom).")
]
HerstelParam = Annotated[
    bool, Query(description="Ook ongeldige geometrie herstellen als het herstel de vorm verandert (een strik).")
]


def claim_properties(c: Claim) -> dict[str, Any]:
    """The properties of a claim in API output."""
    return {
        "naam": c.naam, "domein": c.domein, "status": str(c.status), "hardheid": str(c.hardheid),
        "prioriteit": c.prioriteit, "hoeveelheid": c.hoeveelheid, "eenheid": c.eenheid, "doel_id": c.doel_id,
        "start_jaar": c.start_jaar, "eind_jaar": c.eind_jaar, "eigenaar": c.eigenaar, "bron": c.bron,
        "notities": c.notities, "extern_id": c.extern_id, "voorstel_id": c.voorstel_id, "version": c.version,
        "area_ha": round(c.area_ha, 4), "provincies": c.provincies, "gemeenten": c.gemeenten,
    }  # fmt: skip


@router.get("/voorstellen", summary="Ruimtelijke voorstellen")
def voorstellen(actor: ActorDep, uow: UowDep, provincie: str | None = None) -> list[VoorstelOut]:
    """Every voorstel (of one province), by province, name and version."""
    return [VoorstelOut(**v.__dict__) for v in uow.get(ClaimService).voorstellen(actor, provincie)]


@router.post("/voorstellen", status_code=201, summary="Nieuw voorstel")
def create_voorstel(body: VoorstelIn, actor: ActorDep, uow: UowDep) -> VoorstelOut:
    """Start a voorstel for a province (the next version when the name exists)."""
    v = uow.get(ClaimService).create_voorstel(actor, body.provincie, body.naam, body.toelichting)
    return VoorstelOut(**v.__dict__)


@router.get("/voorstellen/{voorstel_id}", summary="Eén voorstel")
def voorstel(voorstel_id: Id, actor: ActorDep, uow: UowDep) -> VoorstelOut:
    """One voorstel."""
    return VoorstelOut(**uow.get(ClaimService).voorstel(actor, voorstel_id).__dict__)


@router.post("/voorstellen/{voorstel_id}/import", status_code=201, summary="Claims importeren uit een bestand")
def import_file(
    request: Request, voorstel_id: Id, actor: ActorDep, uow: UowDep, bestand: Annotated[UploadFile, File()],
    herstel: HerstelParam = False,
    laag: LaagParam = None,
    kolom: KolomParam = None,
) -> dict[str, Any]:
    """Import a file into the voorstel: all features or none (the problem lists why).

    Formats: GeoJSON, GeoPackage, zipped Shapefile (.zip), GML (the STOP GIO keeps its basisgeo:id as
    `extern_id`), KML, FlatGeobuf, CSV with WKT. A file with several layers needs `laag`.
    External ids already in the voorstel are refused: import a changed file into a new voorstel version.
    """
    service = uow.get(ClaimService)
    target = service.voorstel(actor, voorstel_id)
    service.require_import(actor, target.id, target.provincie)
    with saved_upload(work_dir(request, "uploads"), bestand) as upload:
        report = service.import_file(actor, upload.path, voorstel=target.id, name=upload.name, repair=herstel,
                                     choice=Choice(laag or None, kolom or None))  # fmt: skip
    return {
        "voorstel": VoorstelOut(**report.voorstel.__dict__).model_dump(mode="json"),
        "claims": report.claim_ids,
        "herstellingen": report.repairs,
        "area_ha": round(report.area_ha, 4),
        "bron_crs": report.source_crs,
    }


@router.get("/voorstellen/{voorstel_id}/export", summary="Claims exporteren", response_class=FileResponse)
def export(
    request: Request,
    voorstel_id: Id,
    actor: ActorDep,
    uow: UowDep,
    formaat: Annotated[
        str, Query(description="gpkg, geojson, fgb, csv, xlsx of gio (STOP-GIO als .zip met .gml en .gfs)")
    ] = "gpkg",
    crs: Annotated[
        str | None, Query(description="Alleen GeoJSON: EPSG:28992 voor RD New; anders WGS84 (RFC 7946)")
    ] = None,
) -> FileResponse:
    """The voorstel's claims as GeoPackage 1.2, GeoJSON (RFC 7946), FlatGeobuf, CSV, XLSX or STOP GIO."""
    if formaat not in SUFFIX:
        raise NotAcceptable(f"formaat {formaat!r} wordt niet geleverd; kies uit {', '.join(SUFFIX)}")
    rd = crs is not None and authority_crs(crs, "crs").to_epsg() == 28992
    service = uow.get(ClaimService)
    target = service.voorstel(actor, voorstel_id)
    folder = Path(tempfile.mkdtemp(prefix="export-", dir=work_dir(request, "exports")))
    path = folder / f"voorstel-{target.id}{SUFFIX[formaat]}"
    try:
        service.export(actor, path, ClaimFilter(voorstel_id=target.id), formaat=formaat, rd=rd)
        uow.get(VerantwoordingService).bij_export(actor, target.id, path, formaat)
    except BaseException:
        shutil.rmtree(folder, True)
        raise
    media = MEDIA[formaat]
    from starlette.background import BackgroundTask

    return FileResponse(
        path, media_type=media, filename=path.name, background=BackgroundTask(shutil.rmtree, folder, True)
    )


@router.get("/claims", summary="Claims (GeoJSON, met filters en paginering)", response_class=Response)
def claims(
    request: Request,
    actor: ActorDep,
    uow: UowDep,
    crs: CrsDep,
    provincie: ListParam = None,
    domein: ListParam = None,
    status: ListParam = None,
    gemeente: ListParam = None,
    voorstel: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    bbox: Annotated[str | None, Query(description="minx,miny,maxx,maxy in RD New (EPSG:28992)")] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(alias="pageSize", ge=1, le=5000)] = 100,
    simplify: Annotated[float, Query(ge=0, le=1000, description="vereenvoudiging in meters (kaart)")] = 0.0,
) -> JSONResponse:
    """Claims as a FeatureCollection in the CRS of `Accept-Crs`, filtered and paginated."""
    box = _bbox(bbox)
    where = ClaimFilter(voorstel, tuple(provincie or ()), tuple(domein or ()), tuple(status or ()),
                        tuple(g.upper() for g in gemeente or ()), box)  # fmt: skip
    page_items, total = uow.get(ClaimService).page(actor, where, page, page_size)
    links = page_links(request, page, page_size, total)
    body = feature_collection(
        [(c.id, c.geometry, claim_properties(c)) for c in page_items],
        crs,
        simplify,
        {"numberMatched": total, "numberReturned": len(page_items), "links": links},
    )
    return geojson_response(body, crs)


@router.get("/claims/{claim_id}", summary="Eén claim (GeoJSON Feature)", response_class=Response)
def claim(claim_id: Id, actor: ActorDep, uow: UowDep, crs: CrsDep) -> JSONResponse:
    """One claim."""
    c = uow.get(ClaimService).claim(actor, claim_id)
    return _feature(c, crs)


@router.post("/voorstellen/{voorstel_id}/claims", status_code=201, summary="Claim toevoegen", response_class=Response)
def add_claim(
    voorstel_id: Id,
    body: ClaimFeatureIn,
    actor: ActorDep,
    uow: UowDep,
    crs: CrsDep,
    content_crs: Annotated[str | None, Header(alias="Content-Crs")] = None,
    herstel: HerstelParam = False,
) -> JSONResponse:
    """Add a claim (GeoJSON Feature; geometry in `Content-Crs`, WGS84 by default) to a voorstel."""
    c = uow.get(ClaimService).add_claim(actor, voorstel_id, _draft(body, content_crs, herstel))
    return _feature(c, crs, 201)


@router.put("/claims/{claim_id}", summary="Claim wijzigen", response_class=Response)
def update_claim(
    claim_id: Id,
    body: ClaimFeatureIn,
    actor: ActorDep,
    uow: UowDep,
    crs: CrsDep,
    content_crs: Annotated[str | None, Header(alias="Content-Crs")] = None,
    if_match: Annotated[str | None, Header(alias="If-Match")] = None,
    herstel: HerstelParam = False,
) -> JSONResponse:
    """Replace a claim. Send the version you edit (`version`, `properties.version` as read, or `If-Match`).

    A stale version gets 409. The read-only properties a GET gives (`area_ha`, `provincies`, …) may be sent back.
    """
    version = body.version or body.properties.version or _version(if_match)
    if version is None:
        raise InvalidInput("geef de versie die u wijzigt: 'version' in de body of de header If-Match")
    draft = _draft(body, content_crs, herstel)
    c = uow.get(ClaimService).update_claim(actor, claim_id, draft, version, body.reden)
    return _feature(c, crs)


@router.delete("/claims/{claim_id}", status_code=204, summary="Claim verwijderen")
def delete_claim(
    claim_id: Id,
    actor: ActorDep,
    uow: UowDep,
    reden: Annotated[str | None, Query(max_length=2000, description="waarom (in de geschiedenis)")] = None,
) -> Response:
    """Remove a claim; its history (`/claims/{id}/geschiedenis`) keeps all of it, geometry included."""
    uow.get(ClaimService).delete_claim(actor, claim_id, reden)
    return Response(status_code=204)


def _feature(c: Claim, crs: str, status: int = 200) -> JSONResponse:
    body = feature_collection([(c.id, c.geometry, claim_properties(c))], crs)
    feature = body["features"][0] | ({"crs": body["crs"]} if "crs" in body else {})
    response = geojson_response(feature, crs, status)
    response.headers["ETag"] = f'"{c.version}"'
    return response


def _version(if_match: str | None) -> int | None:
    if not if_match:
        return None
    try:
        return int(if_match.strip().strip("W/").strip('"'))
    except ValueError:
        raise InvalidInput(f"If-Match {if_match!r} is geen versienummer") from None


def _draft(body: ClaimFeatureIn, content_crs: str | None, repair: bool = False) -> ClaimDraft:
    source = crs_named(content_crs)
    try:
        geometry = shape(body.geometry)
    except (ValueError, TypeError, AttributeError, KeyError, shapely.errors.GEOSException) as exc:
        raise InvalidInput(f"geometry: geen geldige GeoJSON-geometrie ({exc})") from None
    try:
        cleaned = clean_polygon(reproject(geometry, source) if not geometry.is_empty else geometry, repair)
    except GeometryRejected as exc:
        raise InvalidInput(f"geometry: {exc}") from None
    return ClaimDraft(geometry=cleaned.geometry, **body.properties.model_dump(exclude=READ_ONLY))


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    try:
        minx, miny, maxx, maxy = (float(v) for v in value.split(","))
    except ValueError:
        raise InvalidInput(f"bbox {value!r}: verwacht vier getallen minx,miny,maxx,maxy (RD New)") from None
    if minx > maxx or miny > maxy:
        raise InvalidInput(f"bbox {value!r}: min is groter dan max")
    return minx, miny, maxx, maxy
