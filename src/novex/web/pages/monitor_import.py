"""Measurements from a CSV or XLSX file: the upload page, its example file, and the import (all rows or none).

Who may measure (VRO, a province for its own agreements, a ministry) uploads a file; the service
checks every row and stores all of them or none. A refusal lists every bad row with its line number.
"""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from novex.access import Actor
from novex.bootstrap import UnitOfWork
from novex.edge.deps import UowDep
from novex.edge.errors import status_of
from novex.edge.uploads import upload_name
from novex.errors import InvalidInput, NovexError
from novex.monitor.invoer import KOLOMMEN, MAX_REGELS
from novex.monitor.service import MonitorService
from novex.web.forms import download
from novex.web.pages.monitor_context import common
from novex.web.render import FormRefused, PageActor, check_csrf, render

router = APIRouter(include_in_schema=False)

MAX_BYTES = 10 * 1024 * 1024
VOORBEELD_KOLOMMEN = ("afspraak", "waarde", "datum", "bron", "toelichting")
VOORBEELD_NAAM = "monitor-metingen-voorbeeld.csv"


def _context(uow: UnitOfWork, actor: Actor) -> dict[str, Any]:
    context = common(uow, actor)
    context |= {"kolommen_invoer": KOLOMMEN, "max_regels": MAX_REGELS, "max_mb": MAX_BYTES // (1024 * 1024),
                "resultaat": None, "fout": None, "problemen": []}  # fmt: skip
    return context


@router.get("/monitor/import", response_class=HTMLResponse)
def import_page(request: Request, actor: PageActor, uow: UowDep) -> HTMLResponse:
    """The upload form (for who may measure), the columns explained, and the example file."""
    return render(request, "monitor_import.html.j2", actor, **_context(uow, actor))


def _voorbeeld_rijen(uow: UnitOfWork, actor: Actor) -> list[tuple[str, ...]]:
    """Example rows for agreements this user may measure (their real keys), or a made-up key."""
    service = uow.get(MonitorService)
    today = service.today()
    meter = service.meter(actor, actor.provincie) if actor.provincie else service.meter(actor)
    keys = [f"{r.provincie}/{r.afspraak.sleutel}" for r in meter.regels
            if (r.afspraak.indicator or "").strip() and service.may(actor, "meten", r.provincie)][:2]  # fmt: skip
    keys = keys or [f"{actor.provincie or 'PV26'}/A1"]
    return [(key, "1.250", today.replace(day=1).isoformat(), "Monitor woningbouw (provincie)",
             "voorbeeldregel: vervang door uw eigen meting") for key in keys]  # fmt: skip


@router.get("/monitor/import/voorbeeld.csv")
def example(actor: PageActor, uow: UowDep) -> Response:
    """An example CSV (UTF-8, ';'-separated) with the columns the import reads."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(VOORBEELD_KOLOMMEN)
    writer.writerows(_voorbeeld_rijen(uow, actor))
    return download(("\ufeff" + buffer.getvalue()).encode("utf-8"), VOORBEELD_NAAM, "text/csv; charset=utf-8")


@router.post("/monitor/import", response_class=HTMLResponse)
def import_file(
    request: Request, actor: PageActor, uow: UowDep, bestand: Annotated[UploadFile, File()],
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:  # fmt: skip
    """Store every measurement of the file, or none: a refusal lists every bad row (a plain function: thread pool)."""
    check_csrf(request, csrf)
    context = _context(uow, actor)
    name = upload_name(bestand.filename)
    try:
        data = bestand.file.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InvalidInput(f"{name}: het bestand is groter dan {context['max_mb']} MB; splits het op")
        result = uow.get(MonitorService).importeer(actor, data, name)
    except NovexError as exc:
        head, _, rest = str(exc).partition("\n")
        context |= {"fout": head, "problemen": [line for line in rest.split("\n") if line.strip()]}
        raise FormRefused("monitor_import.html.j2", actor, status_of(exc), context) from exc
    context["resultaat"] = result
    return render(request, "monitor_import.html.j2", actor, 201, **context)
