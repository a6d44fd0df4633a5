"""Documents of the Ruimtelijk Arrangement in the API: the RA, the diff between versions, the BOL list.

Every route answers the file as an attachment (PDF, HTML, or for the BOL list also CSV and XLSX),
made by `novex.documents.arrangement.document_bytes`; the rights are the service's.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from novex.edge.deps import ActorDep, Id, UowDep

router = APIRouter(tags=["arrangementen"])

Openbaar = Annotated[bool, Query(description="Openbare variant: namen van personen weggelaten.")]
Document = Annotated[Literal["pdf", "html"], Query(description="Het formaat: pdf of html.")]
Lijst = Annotated[Literal["pdf", "html", "csv", "xlsx"], Query(description="Het formaat: pdf, html, csv of xlsx.")]
FILES = {
    200: {
        "description": "Het document als bijlage (Content-Disposition: attachment).",
        "content": {"application/pdf": {}, "text/html": {}},
    }
}


def _attachment(content: bytes, media: str, name: str) -> Response:
    return Response(
        content,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store"},
    )


@router.get(
    "/arrangementen/{arrangement_id}/document",
    summary="Het ruimtelijk arrangement als document",
    response_class=Response,
    responses=FILES,
)
def arrangement_document(
    arrangement_id: Id, actor: ActorDep, uow: UowDep, formaat: Document = "pdf", openbaar: Openbaar = False
) -> Response:
    """The RA as a Dutch A4 document: map, the five parts, agreements with SMART status, inclusion criteria."""
    from novex.documents.arrangement import document_bytes

    return _attachment(*document_bytes(uow, actor, "arrangement", arrangement_id, formaat, openbaar=openbaar))


@router.get(
    "/arrangementen/{a}/verschil/{b}/document",
    summary="Wat is er veranderd tussen twee versies, als document",
    response_class=Response,
    responses=FILES,
)
def verschil_document(
    a: Id, b: Id, actor: ActorDep, uow: UowDep, formaat: Document = "pdf", openbaar: Openbaar = False
) -> Response:
    """The changes from version `a` to version `b` (agreements added, dropped, changed field by field, status)."""
    from novex.documents.arrangement import document_bytes

    return _attachment(*document_bytes(uow, actor, "verschil", a, formaat, openbaar=openbaar, other=b))


@router.get(
    "/vergaderingen/{vergadering_id}/arrangementafspraken",
    summary="De afspraken uit de ruimtelijke arrangementen die in een BOL zijn vastgesteld",
    response_class=Response,
    responses={
        200: {
            "description": "De afsprakenlijst als bijlage (Content-Disposition: attachment).",
            "content": {
                "application/pdf": {},
                "text/html": {},
                "text/csv": {},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
            },
        }
    },
)
def bol_afsprakenlijst(
    vergadering_id: Id, actor: ActorDep, uow: UowDep, formaat: Lijst = "pdf", openbaar: Openbaar = False
) -> Response:
    """One row per agreement adopted in this BOL: province, RA year, key, text, part, owners, SMART status."""
    from novex.documents.arrangement import document_bytes

    return _attachment(*document_bytes(uow, actor, "bol-afsprakenlijst", vergadering_id, formaat, openbaar=openbaar))
