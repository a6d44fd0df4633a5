"""The audit trail: the log across objects, and one claim's history."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query, Request

from novex.api.deps import page_links
from novex.api.schemas import AuditEventOut, AuditPage
from novex.audit import AuditEvent, AuditFilter, AuditService
from novex.edge.deps import ActorDep, Id, UowDep
from novex.errors import NotFound
from novex.reference.service import ReferenceService

router = APIRouter(tags=["audit"])


def event_out(e: AuditEvent) -> AuditEventOut:
    """An audit event in API output."""
    return AuditEventOut(**asdict(e))


@router.get("/audit", summary="Het auditlogboek (nieuwste eerst)")
def audit_log(
    request: Request,
    actor: ActorDep,
    uow: UowDep,
    provincie: Annotated[str | None, Query(pattern=r"^[Pp][Vv]\d{2}$")] = None,
    object_type: Annotated[str | None, Query(alias="objectType", max_length=30)] = None,
    object_id: Annotated[str | None, Query(alias="objectId", max_length=64)] = None,
    actie: Annotated[str | None, Query(max_length=60, description="voorvoegsel, bijv. 'claim.'")] = None,
    door: Annotated[str | None, Query(max_length=254, description="e-mailadres van wie het deed")] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(alias="pageSize", ge=1, le=1000)] = 100,
) -> AuditPage:
    """Every recorded change, filtered; a province's planner sees its own province's events (`provincie`)."""
    code = uow.get(ReferenceService).province(actor, provincie).code if provincie else None  # an unknown one is a 404
    where = AuditFilter(object_type, object_id, code, actie, door)
    events, total = uow.get(AuditService).page(actor, where, page, page_size)
    links = page_links(request, page, page_size, total)
    return AuditPage(data=[event_out(e) for e in events], numberMatched=total, numberReturned=len(events), links=links)


@router.get("/claims/{claim_id}/geschiedenis", summary="De geschiedenis van een claim (ook na verwijderen)")
def claim_history(claim_id: Id, actor: ActorDep, uow: UowDep) -> list[AuditEventOut]:
    """Every recorded change of a claim, newest first; a deleted claim's last event holds all of it."""
    events = uow.get(AuditService).history(actor, "claim", claim_id)
    if not events:
        raise NotFound(f"claim {claim_id} heeft geen geschiedenis (bestaat niet)")
    return [event_out(e) for e in events]
