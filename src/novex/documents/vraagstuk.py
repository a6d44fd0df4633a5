"""A vraagstuk's Format aanpak vraagstuk (kort A5) as a document: the check that it fits, and the PDF."""

from __future__ import annotations

from datetime import date

from novex.dialogue.bob import FASE_NAMEN
from novex.dialogue.model import Vraagstuk
from novex.documents.aanpak import AanpakVraagstuk, aanpak_html, aanpak_pdf


def aanpak_of(v: Vraagstuk, datum: date | None = None) -> AanpakVraagstuk:
    """The A5 document's content from a vraagstuk (province names from the reference layer)."""
    from novex.reference.provinces import province_index

    names = {p.code: p.naam for p in province_index().provinces}
    lead = {"vro": "VRO", "departement": v.leidend_departement or "vakdepartement"}.get(
        v.leidend or "", "nog niet besloten"
    )
    return AanpakVraagstuk(
        vraagstuk_id=v.id,
        titel=v.titel,
        provincies=[names.get(p, p) for p in v.provincies],
        fase=FASE_NAMEN[v.fase],
        leidend=lead,
        accounthouder=v.accounthouder,
        datum=datum or date.today(),
        **{
            k: v.aanpak.get(k, "")
            for k in ("aanpak", "tempo", "fasering", "rolverdeling", "besluitvorming", "monitoring")
        },
    )


def fits_one_page(v: Vraagstuk) -> None:
    """Raise `DocumentTooLong` (naming the section and by how much) unless the A5 document fits one page."""
    aanpak_pdf(aanpak_of(v))


def a5_pdf(v: Vraagstuk, *, openbaar: bool = False) -> bytes:
    """The Format aanpak vraagstuk as a one-page A5 PDF (public variant: names of persons left out)."""
    return aanpak_pdf(aanpak_of(v), openbaar=openbaar)


def a5_html(v: Vraagstuk, *, openbaar: bool = False) -> str:
    """The same document as HTML."""
    return aanpak_html(aanpak_of(v), openbaar=openbaar)
