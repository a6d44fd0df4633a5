"""The `novex` command line: a thin edge over the services."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from novex import bootstrap
from novex.catalog import service as catalog_service
from novex.documents import startpakket as startpakket_doc
from novex.documents.render import format_number, write_pdf
from novex.errors import NovexError
from novex.reference.provinces import ATTRIBUTION, landsdelen, province_index
from novex.settings import get_settings

app = typer.Typer(
    help="novex — de ruimtelijke puzzel van Rijk en provincies (NOVEX-werkwijze).",
    no_args_is_help=False,
    invoke_without_command=True,
    pretty_exceptions_enable=False,
)
catalog_app = typer.Typer(help="De catalogus: NOVI-kader en startpakket.", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")

out = Console()
err = Console(stderr=True)


class Format(StrEnum):
    """Serialisation formats for exports."""

    json = "json"
    yaml = "yaml"


class DocFormat(StrEnum):
    """Document formats."""

    html = "html"
    pdf = "pdf"


def _fail(exc: NovexError) -> None:
    err.print(f"[bold red]Fout:[/] {exc}")
    raise typer.Exit(code=1)


@app.callback()
def main(ctx: typer.Context) -> None:
    """Zonder opdracht: database klaarzetten en een overzicht tonen (zie `novex start`)."""
    if ctx.invoked_subcommand is None:
        start()


@app.command()
def init() -> None:
    """Maak of upgrade de database en laad catalogus en provincies (idempotent)."""
    try:
        report = bootstrap.init()
    except NovexError as exc:
        _fail(exc)
    state = "geladen" if report.catalog_loaded else "al actueel"
    out.print(f"Database: {report.database_url}")
    out.print(f"Catalogus {report.catalog_version}: {state} ({report.goals} kwantitatieve doelen)")
    out.print(f"Provincies: {report.provinces}")


@app.command()
def start(
    output: Annotated[Path | None, typer.Option(help="Map voor de startpakketten.")] = None,
) -> None:
    """Zet alles klaar op de ingebouwde standaard en maak de twaalf startpakketten."""
    init()
    provinces()
    target = output or get_settings().data_dir / "startpakketten"
    target.mkdir(parents=True, exist_ok=True)
    cat, index = catalog_service.catalogus(), province_index()
    with out.status("Startpakketten maken…"):
        for province in index.provinces:
            html = startpakket_doc.render_html(startpakket_doc.build(cat, index, province.code))
            (target / f"startpakket-{province.code}.html").write_text(html, "utf-8")
    out.print(f"Startpakketten (HTML) voor 12 provincies in: {target.resolve()}")
    out.print(
        "Volgende stap: [bold]novex startpakket PV26 --format pdf[/] of [bold]novex catalog search wind[/]"
    )


@app.command()
def provinces() -> None:
    """Tabel van de provincies: code, naam, landsdeel, landoppervlak (ha)."""
    parts, _ = landsdelen()
    names = {p.code: p.naam for p in parts}
    table = Table(title="Provincies", caption=ATTRIBUTION)
    for column, justify in (
        ("Code", "left"),
        ("Naam", "left"),
        ("Landsdeel", "left"),
        ("Land (ha)", "right"),
    ):
        table.add_column(column, justify=justify)
    index = province_index()
    for p in index.provinces:
        table.add_row(p.code, p.naam, names[p.landsdeel], format_number(round(p.land_ha)))
    table.add_row("", "Nederland", "", format_number(round(sum(p.land_ha for p in index.provinces))))
    out.print(table)


@app.command()
def startpakket(
    code: Annotated[str, typer.Argument(help="CBS-code van de provincie, bijv. PV26 (Utrecht).")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Uitvoerbestand.")] = None,
    fmt: Annotated[DocFormat, typer.Option("--format", help="html of pdf.")] = DocFormat.html,
) -> None:
    """Schrijf het startpakket van één provincie (HTML of PDF)."""
    try:
        pakket = startpakket_doc.build(catalog_service.catalogus(), province_index(), code)
    except NovexError as exc:
        _fail(exc)
    html = startpakket_doc.render_html(pakket)
    target = output or Path(f"startpakket-{pakket.provincie.code}.{fmt.value}")
    if fmt is DocFormat.pdf:
        with out.status("PDF maken…"):
            write_pdf(html, target)
    else:
        target.write_text(html, "utf-8")
    out.print(f"Startpakket {pakket.provincie.naam} geschreven naar {target}")


@catalog_app.command("export")
def catalog_export(
    fmt: Annotated[Format, typer.Option("--format", help="json of yaml.")] = Format.json,
) -> None:
    """De hele catalogus naar stdout (UTF-8)."""
    text = catalog_service.export(catalog_service.catalogus(), fmt.value)
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n")


@catalog_app.command("show")
def catalog_show(thema: Annotated[str, typer.Argument(help="Thema-id of naam, bijv. woningbouw.")]) -> None:
    """Toon één thema van het startpakket."""
    try:
        item = catalog_service.theme(catalog_service.catalogus(), thema)
    except NovexError as exc:
        _fail(exc)
    out.rule(f"[bold]{item.naam}[/] ({item.id})")
    out.print(
        f"[bold]Programma:[/] {item.programma}  [bold]Departement(en):[/] {', '.join(item.departementen)}"
    )
    out.print(f"[bold]Domeinen:[/] {', '.join(item.domeinen)}")
    out.print(f"\n[bold]Opgave[/]\n{item.opgave}\n\n[bold]Nationale doelen[/]\n{item.nationale_doelen_tekst}")
    goals = [d for d in [*item.nationale_doelen, *item.doelen_per_gebied] if d.kwantitatief]
    if goals:
        table = Table(title="Kwantitatieve doelen")
        for column in ("Id", "Waarde", "Eenheid", "Jaar", "Provincie/gebied"):
            table.add_column(column)
        for d in goals:
            table.add_row(
                d.id, format_number(d.waarde), d.eenheid, str(d.jaar or ""), d.provincie or d.gebied or "NL"
            )
        out.print(table)
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
    hits = catalog_service.search(catalog_service.catalogus(), text)
    if not hits:
        out.print(f"Niets gevonden voor {text!r}.")
        raise typer.Exit(code=1)
    table = Table(title=f"{len(hits)} treffers voor {text!r}")
    for column in ("Deel", "Id", "Titel", "Fragment"):
        table.add_column(column)
    for hit in hits:
        table.add_row(hit.deel, hit.id, hit.titel, hit.fragment)
    out.print(table)


if __name__ == "__main__":
    app()
