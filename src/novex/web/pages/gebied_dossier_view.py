"""What the section "Producten en afspraken" of an area's page shows: its dossier and the chain it follows.

The page module (`novex.web.pages.gebieden`) adds it to the area's page; the forms are in
`novex.web.pages.gebied_dossier`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from novex.access import Actor
from novex.bootstrap import UnitOfWork
from novex.gebieden.productketen_service import ProductketenService
from novex.nl import format_date, format_euro

DOSSIER_GEDAAN = {
    "dossier-fase": "De fase is vastgelegd.",
    "dossier-governance": "De governance is vastgelegd.",
    "dossier-product": "Het product is opgeslagen.",
    "dossier-afspraak": "De uitvoeringsafspraak is toegevoegd.",
    "dossier-status": "De status van de uitvoeringsafspraak is gewijzigd.",
    "dossier-weg": "De uitvoeringsafspraak is verwijderd.",
}
"""The confirmation after each form (`?gedaan=`), read by the area's page."""


def dossier_view(uow: UnitOfWork, actor: Actor, gebied_id: str) -> dict[str, Any]:
    """The area's dossier and the chain it follows, for the section "Producten en afspraken"."""
    service = uow.get(ProductketenService)
    keten = service.productketen(actor)
    d = service.dossier(actor, gebied_id)
    return {
        "dossier": d, "keten": keten, "huidige_fase": keten.fase(d.fase) if d.fase else None,
        "productdefs": {p.soort: p for p in keten.producten},
        "productstatus": {s.code: s for s in keten.product_statussen},
        "afspraakstatus": {s.code: s for s in keten.afspraak_statussen},
        "onderwerpnamen": {o.code: o.naam for o in keten.onderwerpen},
        "duo_bron": keten.governance_item("duo").citaat,
        "trekker_bron": keten.governance_item("bestuurlijke-trekker").citaat,
        "ra_bron": keten.governance_item("ra-koppeling").citaat, "datum": format_date, "euro": format_euro,
        "bedrag_tekst": bedrag_tekst,
    }  # fmt: skip


def bedrag_tekst(value: Decimal | str | None) -> str:
    """An amount as shown and as the form holds it: euros in Dutch, or the text a person wrote ('PM')."""
    if isinstance(value, Decimal):
        return format_euro(value)
    return value or ""
