"""What every monitor page shares: the vocabulary, the names of provinces and areas, and what the user may do."""

from __future__ import annotations

from typing import Any

from novex.access import Actor
from novex.bootstrap import UnitOfWork
from novex.catalog.service import CatalogService
from novex.dialogue import bob
from novex.monitor.service import MonitorService
from novex.nl import format_date, format_number
from novex.reference.service import ReferenceService
from novex.web.pages.monitor_view import bronnen, kolommen, status_kleur


def names_of(uow: UnitOfWork, actor: Actor) -> dict[str, str]:
    """Province code -> name."""
    return {p.code: p.naam for p in uow.get(ReferenceService).provinces(actor)}


def gebieden_of(uow: UnitOfWork, actor: Actor) -> dict[str, str]:
    """NOVEX area id -> name (catalogue)."""
    return {g.id: g.naam for g in uow.get(CatalogService).catalogus(actor).novex_gebieden}


def common(uow: UnitOfWork, actor: Actor) -> dict[str, Any]:
    """The context every monitor page starts from."""
    service = uow.get(MonitorService)
    lijst = service.statuslijst()
    return {
        "lijst": lijst, "kolommen": kolommen(lijst), "bronnen": bronnen(), "datum": format_date,
        "getal": format_number, "provincienamen": names_of(uow, actor), "gebiednamen": gebieden_of(uow, actor),
        "mag_meten": service.may(actor, "meten"), "mag_ronde": service.may(actor, "ronde"),
        "status_kleur": lambda code: status_kleur(lijst, code), "vandaag": service.today(),
        "fasenamen": bob.FASE_NAMEN,
    }  # fmt: skip
