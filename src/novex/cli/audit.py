"""`novex logboek`: the audit trail on the command line."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Annotated

import typer

from novex.cli.analysis import Output
from novex.cli.common import OPERATOR, fail, out, table
from novex.errors import NovexError
from novex.nl import counted, format_moment


def logboek(
    province: Annotated[str | None, typer.Option("--province", "-p", help="CBS-code, bijv. PV26.")] = None,
    actie: Annotated[str | None, typer.Option(help="Voorvoegsel van de actie, bijv. 'claim.'.")] = None,
    subject: Annotated[str | None, typer.Option("--object", help="Eén object als TYPE:ID, bijv. claim:12.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Hoeveel gebeurtenissen (nieuwste eerst).")] = 50,
    fmt: Annotated[Output, typer.Option("--format", help="json of table.")] = Output.table,
) -> None:
    """Toon het logboek: wie wat wanneer (en waarom) wijzigde, nieuwste eerst."""
    from novex import bootstrap
    from novex.audit import AuditFilter, AuditService

    object_type, _, object_id = (subject or "").partition(":")
    if subject and not object_id:
        fail(f"--object {subject!r}: verwacht TYPE:ID, bijv. claim:12")
    try:
        code = bootstrap.province_index().get(province).code if province else None
        bootstrap.ensure_initialised()
        with bootstrap.unit_of_work(write=False) as uow:
            where = AuditFilter(object_type or None, object_id or None, code, actie)
            events, total = uow.get(AuditService).page(OPERATOR, where, 1, limit)
    except NovexError as exc:
        fail(exc)
    if fmt is Output.json:
        rows = [asdict(e) | {"tijdstip": e.tijdstip.isoformat() if e.tijdstip else None} for e in events]
        sys.stdout.buffer.write(json.dumps(rows, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")
        return
    shown = table(
        f"Logboek: {len(events)} van {counted(total, 'gebeurtenis', 'gebeurtenissen')}",
        ("Wanneer", "Wie", "Actie", "Object", "Wat", "Reden"),
    )
    for e in events:
        shown.add_row(format_moment(e.tijdstip), e.actor, e.actie, f"{e.object_type}:{e.object_id}", e.samenvatting,
                      e.reden or "")  # fmt: skip
    out.print(shown)
