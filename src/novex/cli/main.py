"""The `novex` command line: a thin edge over the services."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from novex import bootstrap
from novex.catalog import service as catalog_service
from novex.cli.analysis import Output, analyse
from novex.cli.audit import logboek
from novex.cli.backup import backup, restore
from novex.cli.catalog import catalog_app
from novex.cli.claims import claims_app, voorstel_app
from novex.cli.common import fail, out, progress_bar
from novex.cli.layers import layers_app, targets_app
from novex.cli.users import users_app
from novex.demo import ensure_demo_accounts
from novex.documents import startpakket as startpakket_doc
from novex.documents.render import write_pdf
from novex.errors import NovexError
from novex.examples import load_examples
from novex.nl import format_number
from novex.progress import tracked
from novex.reference.municipalities import ATTRIBUTION as MUNICIPAL_ATTRIBUTION
from novex.reference.municipalities import municipality_index
from novex.reference.provinces import ATTRIBUTION, landsdelen, province_index
from novex.settings import get_settings

app = typer.Typer(
    help="novex — de ruimtelijke puzzel van Rijk en provincies (NOVEX-werkwijze).",
    no_args_is_help=False,
    invoke_without_command=True,
    pretty_exceptions_enable=False,
)
app.add_typer(catalog_app, name="catalog")
app.add_typer(claims_app, name="claims")
app.add_typer(voorstel_app, name="voorstel")
app.add_typer(layers_app, name="layers")
app.add_typer(users_app, name="user")
app.add_typer(targets_app, name="doelen")
app.command("analyse")(analyse)
app.command("backup")(backup)
app.command("restore")(restore)
app.command("logboek")(logboek)


class DocFormat(StrEnum):
    """Document formats."""

    html = "html"
    pdf = "pdf"


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
        fail(exc)
    state = "geladen" if report.catalog_loaded else "al actueel"
    out.print(f"Database: {report.database_url}")
    out.print(f"Catalogus {report.catalog_version}: {state} ({report.goals} kwantitatieve doelen)")
    out.print(f"Provincies: {report.provinces}, gemeenten: {report.municipalities}")
    for layer in report.layers_loaded:
        out.print(f"Beperkingenlaag geladen: {layer}")


@app.command()
def start(
    output: Annotated[Path | None, typer.Option(help="Map voor de startpakketten.")] = None,
    serve_app: Annotated[bool, typer.Option("--serve/--no-serve", help="Daarna de webapp starten.")] = True,
) -> None:
    """Zet alles klaar op de ingebouwde standaard en start de webapp met demo-accounts."""
    init()
    with bootstrap.database().session() as session:
        loaded = load_examples(bootstrap.claim_service(session))
    for name in loaded:
        out.print(f"Voorbeeld geladen: {name}")
    provinces()
    analyse(province=["PV26", "PV28"], fmt=Output.table, min_conflict_ha=1.0)
    target = output or get_settings().data_dir / "startpakketten"
    target.mkdir(parents=True, exist_ok=True)
    cat, index = catalog_service.catalogus(), province_index()
    with progress_bar() as progress:
        for province in tracked(index.provinces, "startpakketten", progress, every=1):
            html = startpakket_doc.render_html(startpakket_doc.build(cat, index, province.code))
            (target / f"startpakket-{province.code}.html").write_text(html, "utf-8")
    out.print(f"Startpakketten (HTML) voor 12 provincies in: {target.resolve()}")
    with bootstrap.database().session() as session:
        logins = ensure_demo_accounts(bootstrap.account_service(session))
    settings = get_settings()
    out.print("[bold]Demo-accounts[/] (de wachtwoorden gelden tot de volgende start):")
    for login in logins:
        who = f"{login.role} {login.scope}".strip()
        out.print(f"  {login.email:<31} wachtwoord: {login.password:<18} ({who})", soft_wrap=True)
    if serve_app:
        serve(settings.host, settings.port)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Adres om op te luisteren.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Poort.")] = 8000,
) -> None:
    """Start de webapp en de API (ververst schema en referentiedata eerst)."""
    import uvicorn

    from novex.api.app import create_app

    bootstrap.init()
    out.print(
        f"[bold]novex draait op http://{host}:{port}/[/]  (API: http://{host}:{port}/api/v1/docs) — stop met Ctrl+C"
    )
    uvicorn.run(create_app(), host=host, port=port, log_level="warning")


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
def gemeenten(
    province: Annotated[str | None, typer.Option("--province", "-p", help="CBS-code van de provincie.")] = None,
) -> None:
    """Tabel van de gemeenten: code, naam, provincie, inwoners, oppervlakte (ha)."""
    index = municipality_index()
    try:
        code = province_index().get(province).code if province else None
    except NovexError as exc:
        fail(exc)
    rows = index.of_province(code)
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
        fail(exc)
    html = startpakket_doc.render_html(pakket)
    target = output or Path(f"startpakket-{pakket.provincie.code}.{fmt.value}")
    if fmt is DocFormat.pdf:
        with out.status("PDF maken…"):
            write_pdf(html, target)
    else:
        target.write_text(html, "utf-8")
    out.print(f"Startpakket {pakket.provincie.naam} geschreven naar {target}")


if __name__ == "__main__":
    app()
