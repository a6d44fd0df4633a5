"""Shared pieces of the CLI: consoles, error exit, output formats."""

from __future__ import annotations

from enum import StrEnum
from typing import NoReturn

import typer
from rich.console import Console

from novex.errors import NovexError

out = Console()
err = Console(stderr=True)


class Format(StrEnum):
    """Serialisation formats for exports."""

    json = "json"
    yaml = "yaml"


def fail(exc: NovexError | str) -> NoReturn:
    """Print a Dutch error message and exit with code 1."""
    err.print(f"[bold red]Fout:[/] {exc}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(code=1)
