"""The `novex` command line: a thin edge over the services."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from novex import bootstrap, registry
from novex.accounts.service import AccountService
from novex.catalog.service import CatalogService
from novex.claims.service import ClaimService
from novex.cli.analysis import Output, analyse
from novex.cli.backup import backup, restore
from novex.cli.common import OPERATOR, fail, out, progress_bar
from novex.cli.reference import provinces
from novex.demo import ensure_demo_accounts
from novex.documents import startpakket as startpakket_doc
from novex.errors import NovexError
from novex.examples import load_examples
from novex.progress import tracked
from novex.reference.provinces import province_index
from novex.settings import get_settings

app = typer.Typer(
    help="novex — de ruimtelijke puzzel van Rijk en provincies (NOVEX-werkwijze).",
    no_args_is_help=False,
    invoke_without_command=True,
    pretty_exceptions_enable=False,
)
app.command("backup")(backup)
app.command("restore")(restore)


def add_context_commands(target: typer.Typer) -> typer.Typer:
    """Add every registered context's commands (in cycle order) to a Typer app."""
    for context in registry.contexts():
        for command in context.cli:
            if command.group:
                target.add_typer(registry.load(command.target), name=command.name)
            else:
                target.command(command.name)(registry.load(command.target))
    return target


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
    with bootstrap.unit_of_work() as uow:
        loaded = load_examples(uow.get(ClaimService))
    for name in loaded:
        out.print(f"Voorbeeld geladen: {name}")
    provinces()
    analyse(province=["PV26", "PV28"], fmt=Output.table, min_conflict_ha=1.0)
    target = output or get_settings().data_dir / "startpakketten"
    target.mkdir(parents=True, exist_ok=True)
    with bootstrap.unit_of_work() as uow:
        cat = uow.get(CatalogService).catalogus(OPERATOR)
    index = province_index()
    with progress_bar() as progress:
        for province in tracked(index.provinces, "startpakketten", progress, every=1):
            html = startpakket_doc.render_html(startpakket_doc.build(cat, index, province.code))
            (target / f"startpakket-{province.code}.html").write_text(html, "utf-8")
    out.print(f"Startpakketten (HTML) voor 12 provincies in: {target.resolve()}")
    with bootstrap.unit_of_work() as uow:
        logins = ensure_demo_accounts(uow.get(AccountService))
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

    from novex.server import create_app

    bootstrap.init()
    out.print(
        f"[bold]novex draait op http://{host}:{port}/[/]  (API: http://{host}:{port}/api/v1/docs) — stop met Ctrl+C"
    )
    uvicorn.run(create_app(), host=host, port=port, log_level="warning")


add_context_commands(app)

if __name__ == "__main__":
    app()
