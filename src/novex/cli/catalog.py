"""Catalogue commands: export, show a theme, search; the startpakket of a province."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from novex.cli.common import OPERATOR, Format, fail, out, table
from novex.errors import NovexError
from novex.nl import counted, format_number

catalog_app = typer.Typer(help="De catalogus: NOVI-kader en startpakket.", no_args_is_help=True)


@catalog_app.command("export")
def catalog_export(
    fmt: Annotated[Format, typer.Option("--format", help="json of yaml.")] = Format.json,
) -> None:
    """De hele catalogus naar stdout (UTF-8)."""
    from novex import bootstrap
    from novex.catalog.service import CatalogService

    with bootstrap.unit_of_work(write=False) as uow:
        text = uow.get(CatalogService).export(OPERATOR, fmt.value)
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n")


@catalog_app.command("show")
def catalog_show(thema: Annotated[str, typer.Argument(help="Thema-id of naam, bijv. woningbouw.")]) -> None:
    """Toon één thema van het startpakket."""
    from novex import bootstrap
    from novex.catalog.service import CatalogService

    try:
        with bootstrap.unit_of_work(write=False) as uow:
            item = uow.get(CatalogService).theme(OPERATOR, thema)
    except NovexError as exc:
        fail(exc)
    out.rule(f"[bold]{item.naam}[/] ({item.id})")
    out.print(f"[bold]Programma:[/] {item.programma}  [bold]Departement(en):[/] {', '.join(item.departementen)}")
    out.print(f"[bold]Domeinen:[/] {', '.join(item.domeinen)}")
    out.print(f"\n[bold]Opgave[/]\n{item.opgave}\n\n[bold]Nationale doelen[/]\n{item.nationale_doelen_tekst}")
    goals = [d for d in [*item.nationale_doelen, *item.doelen_per_gebied] if d.kwantitatief]
    if goals:
        shown = table("Kwantitatieve doelen", ("Id", "Waarde", "Eenheid", "Jaar", "Provincie/gebied"))
        for d in goals:
            shown.add_row(d.id, format_number(d.waarde), d.eenheid, str(d.jaar or ""), d.provincie or d.gebied or "NL")
        out.print(shown)
    for title, items in (
        ("Inrichtingsprincipes", item.inrichtingsprincipes),
        ("Randvoorwaarden", item.randvoorwaarden),
        ("Vastgestelde locaties", item.locaties.vastgesteld),
        ("Zoekgebieden", item.locaties.zoekgebieden),
    ):
        out.print(f"\n[bold]{title}[/] ({len(items)})")
        for point in items:
            out.print(f" • {point.tekst}")
    if item.structurerende_keuzes:
        out.print(f"\n[bold]Structurerende keuzes[/] ({len(item.structurerende_keuzes)})")
        for keuze in item.structurerende_keuzes:
            out.print(f" {keuze.nummer:>2}. {keuze.tekst}")


@catalog_app.command("search")
def catalog_search(text: Annotated[str, typer.Argument(help="Zoektekst.")]) -> None:
    """Zoek in de hele catalogus (hoofdletterongevoelig)."""
    from novex import bootstrap
    from novex.catalog.service import CatalogService

    with bootstrap.unit_of_work(write=False) as uow:
        hits = uow.get(CatalogService).search(OPERATOR, text)
    if not hits:
        out.print(f"Niets gevonden voor {text!r}.")
        raise typer.Exit(code=1)
    shown = table(f"{counted(len(hits), 'treffer', 'treffers')} voor {text!r}", ("Deel", "Id", "Titel", "Fragment"))
    for hit in hits:
        shown.add_row(hit.deel, hit.id, hit.titel, hit.fragment)
    out.print(shown)


class DocFormat(StrEnum):
    """Document formats."""

    html = "html"
    pdf = "pdf"


def startpakket(
    code: Annotated[str, typer.Argument(help="CBS-code van de provincie, bijv. PV26 (Utrecht).")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Uitvoerbestand.")] = None,
    fmt: Annotated[DocFormat, typer.Option("--format", help="html of pdf.")] = DocFormat.html,
) -> None:
    """Schrijf het startpakket van één provincie (HTML of PDF)."""
    from novex import bootstrap
    from novex.catalog.service import CatalogService
    from novex.documents import startpakket as startpakket_doc
    from novex.reference.provinces import province_index

    try:
        with bootstrap.unit_of_work(write=False) as uow:
            pakket = startpakket_doc.build(uow.get(CatalogService).catalogus(OPERATOR), province_index(), code)
    except NovexError as exc:
        fail(exc)
    html = startpakket_doc.render_html(pakket)
    target = output or Path(f"startpakket-{pakket.provincie.code}.{fmt.value}")
    if fmt is DocFormat.pdf:
        from novex.documents.render import write_pdf

        with out.status("PDF maken…"):
            write_pdf(html, target)
    else:
        target.write_text(html, "utf-8")
    out.print(f"Startpakket {pakket.provincie.naam} geschreven naar {target}")
