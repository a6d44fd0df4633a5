"""The documents of the dialogue and the meeting cycle, built from what the services hold.

`document_pdf` writes any of them (signal, snelle-tafel note, Format aanpak A5, agenda,
rode-draden notitie, BOL-afsprakenlijst) for the CLI and the API; `checker` gives the
page-limit check a service runs before it stores a product, so a signal that would not fit
one page is refused when it is saved, naming the section that is too long; `rode_draden_checker`
does the same for the DO NOVEX's rode-draden notitie (its text and its outcomes).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from novex.access import Actor
from novex.errors import InvalidInput, NotFound
from novex.meetings.agenda import Agendapunt, Vergadering
from novex.meetings.snelle_procedure import SnelleProcedure


def _names() -> dict[str, str]:
    from novex.reference.provinces import province_index

    return {p.code: p.naam for p in province_index().provinces}


def _named(codes: tuple[str, ...]) -> tuple[str, ...]:
    names = _names()
    return tuple(names.get(c, c) for c in codes)


def _signal(p: SnelleProcedure, v: Any) -> Any:
    from novex.documents.overleg import Signaalnotitie

    if p.signaal is None:
        raise InvalidInput(f"vraagstuk {v.id}: er is nog geen signaal vastgelegd")
    return Signaalnotitie.uit_signaal(
        p.signaal,
        vraagstuk_id=v.id,
        titel=v.titel,
        provincies=_named(v.provincies),
        datum=date.today(),
        accounthouder=v.accounthouder,
        herkomst=v.herkomst,
    )


def _note(p: SnelleProcedure, v: Any, experts: dict[int, Any]) -> Any:
    from novex.documents.overleg import Deelnemer, SnelleTafelnotitie

    if p.tafel is None:
        raise InvalidInput(f"vraagstuk {v.id}: er is nog geen notitie van de snelle tafel")
    t = p.tafel
    people = tuple(Deelnemer.van_expert(experts[e]) for e in t.experts if e in experts)
    adviser = Deelnemer(t.nota_ruimte_adviseur, "Nota Ruimte") if t.nota_ruimte_adviseur else None
    return SnelleTafelnotitie(
        v.id,
        v.titel,
        _named(v.provincies),
        date.today(),
        people,
        t.probleemdefinitie,
        t.opties,
        t.advies,
        t.advies_toelichting,
        v.accounthouder,
        adviser,
    )


def checker(product: str) -> Callable[[SnelleProcedure, Any, Any], None]:
    """The page-limit check of a fast-procedure product's document (signal: 1 page, note: 2 pages).

    The service runs it on the procedure as it would be stored, with its vraagstuk, before storing.
    """
    from novex.documents import overleg

    def check(p: SnelleProcedure, v: Any, experts: Any) -> None:
        if product == "signaal" and p.signaal is not None:  # also the quick check alone (botsend: no)
            overleg.signaal_pdf(_signal(p, v))
        if product == "tafel" and p.tafel is not None:
            overleg.snelle_tafel_pdf(_note(p, v, {e.id: e for e in experts}))

    return check


PLACEHOLDER = "…"
"""The rode draden while they are not written yet: the outcomes are checked with the shortest text in their place."""


def _rode_draden(meeting: Vergadering, items: Sequence[Agendapunt], tekst: str) -> Any:
    from novex.documents import overleg

    discussed = tuple(
        overleg.Besproken(
            i.vraagstuk_id or 0,
            i.onderwerp,
            i.uitkomst.tekst,
            i.uitkomst.consensus,
            i.uitkomst.verschillen,
            i.uitkomst.vastgelegd_door,
        )
        for i in items
        if i.uitkomst is not None
    )
    return overleg.RodeDradenNotitie(meeting, tekst, discussed)


def rode_draden_checker() -> Callable[[Vergadering, Sequence[Agendapunt]], None]:
    """The two-page check of a DO NOVEX's rode-draden notitie: its text and the outcomes on its agenda.

    The service runs it before it stores the text or an outcome (outcomes cannot be changed once recorded,
    so an outcome that would push the notitie over two pages is refused when it is recorded).
    """
    from novex.documents import overleg

    def check(meeting: Vergadering, items: Sequence[Agendapunt]) -> None:
        overleg.rode_draden_pdf(_rode_draden(meeting, items, meeting.rode_draden or PLACEHOLDER))

    return check


def document_pdf(uow: Any, actor: Actor, soort: str, key: int, *, openbaar: bool = False) -> bytes:
    """One document as PDF: `key` is a vraagstuk id (signaal, snelle-tafel, a5) or a meeting id (the others)."""
    from novex.dialogue.service import VraagstukService
    from novex.documents import overleg
    from novex.documents.vraagstuk import a5_pdf
    from novex.meetings.service import MeetingService

    meetings = uow.get(MeetingService)
    if soort in ("signaal", "snelle-tafel", "a5"):
        v = uow.get(VraagstukService).get(actor, key)
        if soort == "a5":
            return a5_pdf(v, openbaar=openbaar)
        p = meetings.procedure(actor, key)
        if p is None:
            raise NotFound(f"vraagstuk {key}: de snelle procedure is niet gestart")
        if soort == "signaal":
            return overleg.signaal_pdf(_signal(p, v), openbaar=openbaar)
        experts = {e.id: e for e in meetings.experts(actor)}
        return overleg.snelle_tafel_pdf(_note(p, v, experts), openbaar=openbaar)
    meeting = meetings.meeting(actor, key)
    if soort == "agenda":
        rows = tuple(
            overleg.Agendaregel(
                i.onderwerp,
                i.soort,
                i.reden,
                i.vraagstuk_id,
                _differences(uow, actor, i.vraagstuk_id) if i.soort == "escalatie" else None,
            )
            for i in meetings.agenda(actor, meeting.id)
        )
        return overleg.agenda_pdf(overleg.AgendaDocument(meeting, rows), openbaar=openbaar)
    if soort == "rode-draden":
        if not meeting.rode_draden:
            raise InvalidInput(f"{meeting.naam}: er is nog geen rode-draden notitie vastgelegd")
        notitie = _rode_draden(meeting, meetings.agenda(actor, meeting.id), meeting.rode_draden)
        return overleg.rode_draden_pdf(notitie, openbaar=openbaar)
    if soort == "bol-afsprakenlijst":
        if meeting.soort != "bol":
            raise InvalidInput(f"{meeting.naam} is geen BOL: de BOL-afsprakenlijst hoort bij een BOL")
        names = _names()
        rows = tuple(
            overleg.Afspraakregel(
                ", ".join(names.get(p, p) for p in a.provincies), a.titel, a.tekst, a.vraagstuk_id, a.vastgelegd_door
            )
            for a in meetings.afsprakenlijst(actor, None, meeting.id)
        )
        doc = overleg.BolAfsprakenlijst(
            f"BOL-afsprakenlijst {meeting.naam}", meeting.datum, (overleg.BolOverleg(meeting, rows),)
        )
        return overleg.bol_afsprakenlijst_pdf(doc, openbaar=openbaar)
    raise InvalidInput(
        f"onbekend document '{soort}' (wel: signaal, snelle-tafel, a5, agenda, rode-draden, bol-afsprakenlijst)"
    )


def _differences(uow: Any, actor: Actor, vraagstuk_id: int | None) -> str | None:
    from novex.dialogue.service import VraagstukService

    if vraagstuk_id is None:
        return None
    v = uow.get(VraagstukService).get(actor, vraagstuk_id)
    return next((b.verschillen for b in reversed(v.tafelbesluiten) if b.consensus is False), None)
