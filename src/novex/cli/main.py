"""The `novex` command line: a thin edge over the services, imported command by command.

`novex --help` lists every command from the light table below (name, one-line help)
without importing a context's CLI module, the services or the database layer; a
command's module is imported only when that command runs or its own help is asked for.
Heavy imports stay inside the command functions.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.markup import escape
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandInfo

from novex import registry

try:  # Typer ≥ 0.16 ships its own copy of click: its usage errors are those classes
    from typer._click import exceptions as click
except ImportError:  # pragma: no cover - an older Typer on plain click
    import click  # type: ignore[no-redef]
from novex.errors import NovexError

CORE_COMMANDS = (
    registry.Command("backup", "novex.cli.backup:backup"),
    registry.Command("restore", "novex.cli.backup:restore"),
)
"""Commands of the platform itself that live in their own module (loaded when run)."""

SUMMARIES = {
    "backup": "Schrijf een draagbare back-up van de hele database (alle tabellen, geometrie als WKB).",
    "restore": "Vervang de inhoud van de database door een back-up (in één transactie; alleen een volledige back-up).",
    "logboek": "Toon het logboek: wie wat wanneer (en waarom) wijzigde, nieuwste eerst.",
    "catalog": "De catalogus: NOVI-kader en startpakket.",
    "startpakket": "Schrijf het startpakket van één provincie (HTML of PDF).",
    "provinces": "Tabel van de provincies: code, naam, landsdeel, landoppervlak (ha).",
    "gemeenten": "Tabel van de gemeenten: code, naam, provincie, inwoners, oppervlakte (ha).",
    "user": "Gebruikers en rollen.",
    "claims": "Ruimteclaims: importeren, exporteren, tonen.",
    "voorstel": "Ruimtelijke voorstellen: tonen en vergelijken.",
    "verantwoording": "Verantwoording van een voorstel: gebruikte data, afwijkingen, indicatoren (seed 004 Bijlage 5).",
    "layers": "Beperkingenlagen: Natura 2000, NNN, defensieterreinen, …",
    "doelen": "Eigen provinciale doelen (met bron) naast de catalogus.",
    "analyse": "Analyseer de ruimtelijke puzzel: grondbalans, stapeling, conflicten, doelen.",
    "vraagstuk": "Vraagstukken van de doorlopende dialoog: signaleren, triage, fasen (BOB).",
    "vergadering": "Vergaderingen: de jaarplanning en agenda's.",
    "werkplaats": "Werkplaatsen en ontwerpend onderzoek.",
    "ra": "Ruimtelijke arrangementen: opstellen, toetsen, vaststellen, vergelijken.",
    "monitor": "De uniforme monitor: metingen, status per afspraak, monitorrondes en de voortgangsrapportage.",
    "gebieden": "De zestien NOVEX-gebieden: factsheet, begrenzing op de kaart, de analyse erbinnen en hun dossier.",
    "programma": "Het register van nationale programma's (seed 003 Bijlage II en de nieuwere namen van seed 002).",
    "scenario": "Scenario's: claims en opgaven herschikken binnen en tussen provincies, vergelijken en promoveren.",
    "document": (
        "Schrijf een document als PDF; te lang voor zijn paginalimiet: geweigerd met het onderdeel dat te lang is."
    ),
}
"""One-line help of each command loaded on demand, for `novex --help` (a test keeps it true).

A context's command missing here is listed with the help of its loaded module."""


def click_command(command: registry.Command, rich_markup_mode: Any = None) -> Any:
    """The click command (or group) that a registry `Command` names, importing its module."""
    target = registry.load(command.target)
    if command.group:
        group = typer.main.get_group(target)
        group.name = command.name
        return group
    info = CommandInfo(name=command.name, callback=target)
    return typer.main.get_command_from_info(info, pretty_exceptions_short=True, rich_markup_mode=rich_markup_mode)


class _Pending(TyperCommand):
    """A command whose module is not imported yet: its name and one-line help, for listings."""

    def __init__(self, command: registry.Command) -> None:
        super().__init__(command.name, help=getattr(command, "help", None) or SUMMARIES.get(command.name))
        self.command = command


class LazyGroup(TyperGroup):
    """The `novex` group: a command's module is imported only when the command is used.

    Listings (`--help`, shell completion) show the pending commands' one-line help; running a
    command, or asking for its own help, loads it from its import path. Any domain error, and a
    database that cannot be reached or was never set up, ends in a Dutch message and exit code 1
    instead of a traceback.
    """

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        for context_command in (*CORE_COMMANDS, *(c for ctx in registry.contexts() for c in ctx.cli)):
            self.commands.setdefault(context_command.name, _Pending(context_command))
        self._listing = False

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command by name; a pending one is loaded unless only its name and help are needed."""
        found = self.commands.get(cmd_name)
        if isinstance(found, _Pending) and not (self._listing and found.help):
            found = self.commands[cmd_name] = click_command(found.command, self.rich_markup_mode)
        return found

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """The group's help, listing the commands without importing them."""
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def shell_complete(self, ctx: Any, incomplete: str) -> Any:
        """Completions of command names, without importing the commands."""
        self._listing = True
        try:
            return super().shell_complete(ctx, incomplete)
        finally:
            self._listing = False

    def make_context(self, info_name: Any, args: Any, parent: Any = None, **extra: Any) -> Any:
        """Parse the command line; a usage error (a bad value, a missing option) ends in Dutch."""
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            _usage_error(exc)

    def invoke(self, ctx: Any) -> Any:
        """Run the command; a domain or database problem ends in a Dutch message and exit code 1."""
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            _usage_error(exc)
        except NovexError as exc:
            _fail(exc)
        except Exception as exc:
            problem = _database_problem(exc)
            if problem is None:
                raise
            _fail(problem)


USAGE_PHRASES = (
    (re.compile(r"(.+?) is not in the range (\S+?)<=x<=(\S+?)\.?$"), "{0} ligt niet tussen {1} en {2}"),
    (re.compile(r"(.+?) is not in the range x<=(\S+?)\.?$"), "{0} is groter dan {1}"),
    (re.compile(r"(.+?) is not in the range x>=(\S+?)\.?$"), "{0} is kleiner dan {1}"),
    (re.compile(r"(.+?) is not a valid integer( range)?\.?$"), "{0} is geen geheel getal"),
    (re.compile(r"(.+?) is not a valid float( range)?\.?$"), "{0} is geen getal"),
    (re.compile(r"(.+?) is not one of (.+?)\.?$"), "{0}: kies uit {1}"),
    (re.compile(r".*Input should be less than or equal to (\S+)"), "mag hoogstens {0} zijn"),
    (re.compile(r".*Input should be greater than or equal to (\S+)"), "moet minstens {0} zijn"),
)
"""Click's and Typer's English refusals of a value, in Dutch."""


def dutch_usage(exc: click.UsageError) -> str:
    """A command-line usage error (a value out of range, not a number, an unknown choice, missing) in Dutch."""
    param = getattr(exc, "param", None)
    hint = getattr(exc, "param_hint", None)
    if not hint and param is not None:
        opts = [o for o in getattr(param, "opts", []) if o.startswith("-")]
        hint = " / ".join(opts) if opts else str(getattr(param, "name", "") or "").upper()
    hint = hint or "de invoer"
    if isinstance(hint, list | tuple):
        hint = " / ".join(hint)
    if isinstance(exc, click.MissingParameter):
        return f"{hint} ontbreekt (zie --help)"
    if isinstance(exc, click.NoSuchOption):
        return f"onbekende optie {exc.option_name} (zie --help)"
    if isinstance(exc, click.BadParameter):
        message = exc.message.removeprefix("Value error, ")
        for pattern, template in USAGE_PHRASES:
            found = pattern.match(message)
            if found:
                return f"ongeldige waarde voor {hint}: " + template.format(*(g or "" for g in found.groups()))
        return f"ongeldige waarde voor {hint} (zie --help)"
    unknown = re.match(r"No such command '(.+?)'\.(?:\s*Did you mean '(.+?)'\?)?", exc.message)
    if unknown:
        return f"onbekend commando '{unknown.group(1)}'" + (
            f"; bedoelt u '{unknown.group(2)}'?" if unknown.group(2) else ""
        )
    return "ongeldige aanroep (zie --help)"


def _usage_error(exc: click.UsageError) -> NoReturn:
    """Print a usage error in Dutch and exit with code 2, as command lines do for usage errors."""
    from novex.cli.common import err

    err.print(f"[bold red]Fout:[/] {escape(dutch_usage(exc))}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(code=2)


def _fail(problem: NovexError | str) -> NoReturn:
    from novex.cli.common import fail

    fail(problem)


def _database_problem(exc: Exception) -> str | None:
    """Why the database cannot be used, when `exc` comes from the database layer (else None)."""
    if not type(exc).__module__.startswith(("sqlalchemy", "alembic")):
        return None
    from novex import bootstrap

    return bootstrap.database_problem(exc)


app = typer.Typer(
    cls=LazyGroup,
    help="novex — de ruimtelijke puzzel van Rijk en provincies (NOVEX-werkwijze).",
    no_args_is_help=False,
    invoke_without_command=True,
    pretty_exceptions_enable=False,
)


def add_context_commands(target: typer.Typer) -> typer.Typer:
    """Add every registered context's commands (in cycle order) to a Typer app, importing them now.

    For building another app; `novex` itself (`LazyGroup`) imports a command only when it is used.
    """
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
    from novex import bootstrap
    from novex.cli.common import fail, out

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
    from novex import bootstrap
    from novex.accounts.service import AccountService
    from novex.analysis.service import AnalysisService
    from novex.catalog.service import CatalogService
    from novex.claims.service import ClaimService
    from novex.claims.verantwoording_service import VerantwoordingService
    from novex.cli.analysis import Output, analyse
    from novex.cli.common import OPERATOR, out, progress_bar
    from novex.cli.reference import provinces
    from novex.demo import ensure_demo_accounts, load_demo_gebieden, load_demo_monitor, load_demo_scenarios
    from novex.dialogue.service import VraagstukService
    from novex.documents import startpakket as startpakket_doc
    from novex.examples import load_example_verantwoording, load_example_vraagstukken, load_examples
    from novex.progress import tracked
    from novex.reference.provinces import province_index
    from novex.settings import get_settings

    init()
    with bootstrap.unit_of_work() as uow:
        loaded = load_examples(uow.get(ClaimService))
        verantwoord = load_example_verantwoording(uow.get(VerantwoordingService))
    for name in loaded:
        out.print(f"Voorbeeld geladen: {name}")
    for name in verantwoord:
        out.print(f"Verantwoording (gebruikte data, indicatoren) vastgelegd voor: {name}")
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
    with bootstrap.unit_of_work() as uow:
        report = uow.get(AnalysisService).analysis(OPERATOR, ("PV26", "PV28"))
        worst = [c.id for c in report.conflicts if c.layer is None][:3]
        made = load_example_vraagstukken(uow.get(VraagstukService), worst, "demo-vro@novex.local")
    if made:
        out.print(f"Voorbeeldvraagstukken gesignaleerd uit de zwaarste conflicten: {made}")
    with bootstrap.unit_of_work() as uow:
        for line in load_demo_monitor(uow):
            out.print(f"Voorbeeld voor de monitor: {line}")
    with bootstrap.unit_of_work() as uow:
        for line in load_demo_gebieden(uow):
            out.print(f"Voorbeeld voor de NOVEX-gebieden: {line}")
    with bootstrap.unit_of_work() as uow:
        for line in load_demo_scenarios(uow):
            out.print(f"Voorbeeldscenario: {line}")
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

    from novex import bootstrap
    from novex.cli.common import out
    from novex.server import create_app

    bootstrap.init()
    out.print(
        f"[bold]novex draait op http://{host}:{port}/[/]  (API: http://{host}:{port}/api/v1/docs) — stop met Ctrl+C"
    )
    app = create_app()
    _freeze_long_lived()
    # No X-Forwarded-For trust: the login limits count the address that really connects.
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False)


def _freeze_long_lived() -> None:
    """Load the shipped data once and move everything alive to the collector's permanent generation.

    The catalogue, the reference geography and the app live as long as the server; without this every
    full collection walks them again, a pause that showed as the dashboard's latency tail.
    """
    import gc

    from novex.catalog.service import catalogus
    from novex.reference.provinces import province_index

    catalogus()
    province_index()
    gc.collect()
    gc.freeze()


if __name__ == "__main__":
    app()
