"""`novex backup FILE` and `novex restore FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from novex.cli.common import err, fail, out, progress_bar
from novex.errors import NovexError
from novex.nl import counted


def backup(file: Annotated[Path, typer.Argument(help="Doelbestand, bijv. novex-2026-11-25.backup.gz.")]) -> None:
    """Schrijf een draagbare back-up van de hele database (alle tabellen, geometrie als WKB)."""
    from novex import bootstrap

    try:
        bootstrap.init()  # the schema must be current: a backup always has the newest layout
        with progress_bar() as progress:
            report = bootstrap.backup(file, progress)
    except NovexError as exc:
        fail(exc)
    rows, tables = counted(sum(report.rows.values()), "rij", "rijen"), counted(len(report.rows), "tabel", "tabellen")
    out.print(f"Back-up geschreven: {file} ({report.bytes / 1024:.0f} KiB, {rows} in {tables})")


def restore(
    file: Annotated[Path, typer.Argument(help="Een bestand van `novex backup`.")],
    yes: Annotated[bool, typer.Option("--ja", help="Zonder vragen de huidige inhoud vervangen.")] = False,
) -> None:
    """Vervang de inhoud van de database door een back-up (in één transactie; alleen een volledige back-up)."""
    from novex import bootstrap

    try:
        if not yes:  # check the whole file before asking, so nobody agrees to a backup that will be refused
            with progress_bar() as progress:
                header = bootstrap.verify_backup(file, progress)
            _confirm(header)
        bootstrap.init()
        with progress_bar() as progress:
            report = bootstrap.restore(file, progress)
    except NovexError as exc:
        fail(exc)
    rows = counted(sum(report.rows.values()), "rij", "rijen")
    out.print(f"Back-up teruggezet: {rows} (catalogus {report.catalog_version})")


def _confirm(header: dict[str, Any]) -> None:
    """Ask before replacing the database; a no (or no answer at all) ends with exit code 1."""
    rows = counted(sum(header["rows"].values()), "rij", "rijen")
    question = (
        f"De database wordt vervangen door de back-up van {header.get('created_at')} "
        f"({rows}, catalogus {header.get('catalog_version')}). Doorgaan?"
    )
    try:
        agreed = typer.confirm(question, default=False)
    except typer.Abort:  # end of input or Ctrl-C at the prompt
        agreed = False
    if not agreed:
        err.print("Niets teruggezet.")
        raise typer.Exit(code=1)
