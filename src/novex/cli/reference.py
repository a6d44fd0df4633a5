"""`novex provinces` and `novex gemeenten`: the reference geography."""

from __future__ import annotations

from typing import Annotated

import typer

from novex.cli.common import OPERATOR, fail, out, table
from novex.errors import NovexError
from novex.nl import counted, format_number


def provinces() -> None:
    """Tabel van de provincies: code, naam, landsdeel, landoppervlak (ha)."""
    from novex import bootstrap
    from novex.reference.provinces import ATTRIBUTION
    from novex.reference.service import ReferenceService

    with bootstrap.unit_of_work(write=False) as uow:
        reference = uow.get(ReferenceService)
        names = {p.code: p.naam for p in reference.landsdelen(OPERATOR)}
        provinces = reference.provinces(OPERATOR)
    shown = table("Provincies", ("Code", "Naam", "Landsdeel", "Land (ha)"), right=("Land (ha)",), caption=ATTRIBUTION)
    for p in provinces:
        shown.add_row(p.code, p.naam, names[p.landsdeel], format_number(round(p.land_ha)))
    shown.add_row("", "Nederland", "", format_number(round(sum(p.land_ha for p in provinces))))
    out.print(shown)


def gemeenten(
    province: Annotated[str | None, typer.Option("--province", "-p", help="CBS-code van de provincie.")] = None,
) -> None:
    """Tabel van de gemeenten: code, naam, provincie, inwoners, oppervlakte (ha)."""
    from novex import bootstrap
    from novex.reference.municipalities import ATTRIBUTION
    from novex.reference.service import ReferenceService

    try:
        with bootstrap.unit_of_work(write=False) as uow:
            rows = uow.get(ReferenceService).municipalities(OPERATOR, province)
    except NovexError as exc:
        fail(exc)
    columns = ("Code", "Naam", "Provincie", "Inwoners", "ha")
    shown = table(counted(len(rows), "gemeente", "gemeenten"), columns, right=("Inwoners", "ha"), caption=ATTRIBUTION)
    for m in rows:
        shown.add_row(m.code, m.naam, m.provincie, format_number(m.inwoners), format_number(round(m.area_ha)))
    out.print(shown)
