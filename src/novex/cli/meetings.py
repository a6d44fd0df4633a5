"""The meeting cycle, werkplaatsen and documents on the command line."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from novex.cli.common import OPERATOR, FormatOpt, Output, fail, out, print_json, table, user_text
from novex.errors import NovexError

vergadering_app = typer.Typer(help="Vergaderingen: de jaarplanning en agenda's.", no_args_is_help=True)
werkplaats_app = typer.Typer(help="Werkplaatsen en ontwerpend onderzoek.", no_args_is_help=True)


@vergadering_app.command("plan")
def plan(
    jaar: Annotated[int, typer.Argument(help="Het vergaderjaar, bijv. 2027.")],
    opslaan: Annotated[bool, typer.Option("--opslaan", help="Leg de DO's, GP-DG's en BOL's vast.")] = False,
    fmt: FormatOpt = Output.table,
) -> None:
    """De jaarplanning per landsdeel, teruggerekend vanaf het BOL (doorlooptijden: ontwerpkeuze)."""
    from novex import bootstrap
    from novex.meetings.service import MeetingService

    if opslaan:
        bootstrap.init()
    try:
        with bootstrap.unit_of_work(write=opslaan) as uow:
            service = uow.get(MeetingService)
            planned = service.plan(OPERATOR, jaar)
            if opslaan:
                service.schedule(OPERATOR, jaar)
    except NovexError as exc:
        fail(exc)
    items = [
        {"soort": p.soort, "datum": p.datum.isoformat(), "naam": p.naam, "provincie": p.provincie,
         "landsdeel": p.landsdeel, "bron": p.bron}
        for p in planned
    ]  # fmt: skip
    if fmt is Output.json:
        print_json(items)
        return
    shown = table(f"Vergaderjaar {jaar}", ["datum", "soort", "naam", "provincie", "landsdeel"])
    for i in items:
        shown.add_row(i["datum"], i["soort"], i["naam"], i["provincie"] or "", i["landsdeel"] or "")
    out.print(shown)
    out.print("De seeds geven de volgorde, niet de doorlooptijden: die zijn een ontwerpkeuze (cyclus.yaml).")
    if opslaan:
        out.print(f"De DO's, GP-DG's en BOL's van {jaar} zijn vastgelegd.")


@werkplaats_app.command("list")
def werkplaats_list(fmt: FormatOpt = Output.table) -> None:
    """De werkplaatsen van seed 001 (historisch, zoals de seed ze schrijft) en de vastgelegde sessies."""
    from novex import bootstrap
    from novex.meetings.present import session_json, werkplaats_json
    from novex.meetings.service import MeetingService

    try:
        with bootstrap.unit_of_work(write=False) as uow:
            history, sessions = uow.get(MeetingService).werkplaatsen(OPERATOR)
    except NovexError as exc:
        fail(exc)
    if fmt is Output.json:
        print_json(
            {"historisch": [werkplaats_json(w) for w in history], "sessies": [session_json(s) for s in sessions]}
        )
        return
    shown = table(
        "Werkplaatsen (seed 001)", ["#", "werkplaats", "datum", "trekker", "bouwsteen", "onderwerp", "organisatie"]
    )
    for w in history:
        shown.add_row(str(w.nummer), w.werkplaats, w.datum_tekst, w.trekker or "-", w.bouwsteen, w.hoofdonderwerp,
                      w.organisatie)  # fmt: skip
    out.print(shown)
    if sessions:
        recent = table("Sessies", ["id", "soort", "titel", "datum", "organisatie"])
        for s in sessions:
            recent.add_row(str(s.id), s.soort, user_text(s.titel), s.datum.isoformat(), user_text(s.organisatie))
        out.print(recent)


class Soort(StrEnum):
    """The documents that can be written."""

    signaal = "signaal"
    snelle_tafel = "snelle-tafel"
    a5 = "a5"
    agenda = "agenda"
    rode_draden = "rode-draden"
    bol_afsprakenlijst = "bol-afsprakenlijst"


def document(
    soort: Annotated[Soort, typer.Argument(help="signaal, snelle-tafel, a5, agenda, rode-draden, bol-afsprakenlijst.")],
    id: Annotated[  # named as the usage line and --help show it (ID), so a refusal names it the same way
        int,
        typer.Argument(
            metavar="ID", help="Vraagstuk-id; bij agenda/rode-draden/BOL: vergadering-id.", min=1, max=2_147_483_647
        ),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="Het PDF-bestand.")],
    openbaar: Annotated[
        bool, typer.Option("--openbaar", help="Openbare variant: namen van personen weggelaten.")
    ] = False,
) -> None:
    """Schrijf een document als PDF; te lang voor zijn paginalimiet: geweigerd met het onderdeel dat te lang is."""
    from novex import bootstrap
    from novex.documents.dialoog import document_pdf

    unwritable = _unwritable(output)  # before the PDF is made: a wrong -o should not wait for a layout
    if unwritable:
        fail(unwritable)
    try:
        with bootstrap.unit_of_work(write=False) as uow:
            pdf = document_pdf(uow, OPERATOR, str(soort), id, openbaar=openbaar)
    except NovexError as exc:
        fail(exc)
    try:
        output.write_bytes(pdf)
    except OSError as exc:
        fail(_why_unwritable(output, exc))
    out.print(f"{soort} {id} geschreven naar {output} ({len(pdf):,} bytes{', openbaar' if openbaar else ''})")


def _unwritable(output: Path) -> str | None:
    """Why the PDF cannot be written to `output` (Dutch, naming the file), or None when it looks writable."""
    if str(output) in ("", "."):
        return "-o / --output: geef de naam van het PDF-bestand (nu leeg)"
    if output.is_dir():
        return f"uitvoerbestand {output}: dat is een map; geef de naam van het PDF-bestand"
    if not output.parent.is_dir():
        return f"uitvoerbestand {output}: de map {output.parent} bestaat niet"
    return None


def _why_unwritable(output: Path, exc: OSError) -> str:
    """Why writing `output` failed, in Dutch (the operating system's own message is English)."""
    reasons = {
        IsADirectoryError: "dat is een map",
        FileNotFoundError: "de map bestaat niet",
        NotADirectoryError: "een deel van het pad is geen map",
        PermissionError: "geen schrijfrechten",
    }
    reason = next((text for kind, text in reasons.items() if isinstance(exc, kind)), None)
    return f"uitvoerbestand {output} kan niet worden geschreven: {reason or f'fout {exc.errno} van het systeem'}"
