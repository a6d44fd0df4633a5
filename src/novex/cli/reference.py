"""`novex provinces` and `novex gemeenten`: the reference geography."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from novex import bootstrap
from novex.cli.common import OPERATOR, fail, out
from novex.errors import NovexError
from novex.nl import format_number
from novex.reference.municipalities import ATTRIBUTION as MUNICIPAL_ATTRIBUTION
from novex.reference.provinces import ATTRIBUTION
from novex.reference.service import ReferenceService


def provinces() -> None:
    """Tabel van de provincies: code, naam, landsdeel, landoppervlak (ha)."""
    with bootstrap.unit_of_work() as uow:
        reference = uow.get(ReferenceService)
        names = {p.code: p.naam for p in reference.landsdelen(OPERATOR)}
        provinces = reference.provinces(OPERATOR)
    table = Table(title="Provincies", caption=ATTRIBUTION)
    for column, justify in (
        ("Code", "left"),
        ("Naam", "left"),
        ("Landsdeel", "left"),
        ("Land (ha)", "right"),
    ):
        table.add_column(column, justify=justify)
    for p in provinces:
        table.add_row(p.code, p.naam, names[p.landsdeel], format_number(round(p.land_ha)))
    table.add_row("", "Nederland", "", format_number(round(sum(p.land_ha for p in provinces))))
    out.print(table)


def gemeenten(
    province: Annotated[str | None, typer.Option("--province", "-p", help="CBS-code van de provincie.")] = None,
) -> None:
    """Tabel van de gemeenten: code, naam, provincie, inwoners, oppervlakte (ha)."""
    try:
        with bootstrap.unit_of_work() as uow:
            rows = uow.get(ReferenceService).municipalities(OPERATOR, province)
    except NovexError as exc:
        fail(exc)
    table = Table(title=f"{len(rows)} gemeenten", caption=MUNICIPAL_ATTRIBUTION)
    for column, justify in (
        ("Code", "left"),
        ("Naam", "left"),
        ("Provincie", "left"),
        ("Inwoners", "right"),
        ("ha", "right"),
    ):
        table.add_column(column, justify=justify)
    for m in rows:
        table.add_row(m.code, m.naam, m.provincie, format_number(m.inwoners), format_number(round(m.area_ha)))
    out.print(table)
