"""The audit trail (logboek)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from novex import registry
from novex.audit import AuditFilter, AuditService
from novex.edge.deps import UowDep
from novex.reference.service import ReferenceService
from novex.web.render import PageActor, render

router = APIRouter(include_in_schema=False)

AUDIT_PAGE = 50


@router.get("/logboek", response_class=HTMLResponse)
def audit_page(
    request: Request,
    actor: PageActor,
    uow: UowDep,
    provincie: str = "",
    actie: Annotated[str, Query(max_length=60)] = "",
    pagina: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    """The audit trail, newest first; a province's planner sees its own province."""
    code = uow.get(ReferenceService).province(actor, provincie).code if provincie else actor.provincie
    where = AuditFilter(provincie=code, actie=actie or None)
    events, total = uow.get(AuditService).page(actor, where, pagina, AUDIT_PAGE)
    return render(request, "logboek.html.j2", actor, gebeurtenissen=events, totaal=total, pagina=pagina,
                  paginas=max(1, -(-total // AUDIT_PAGE)), gekozen=code or "", actie=actie,
                  acties=registry.audit_kinds())  # fmt: skip
