"""Shared pieces of the CLI: consoles, error exit, output formats."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as Bar

from novex.access import Actor
from novex.errors import NovexError
from novex.progress import Progress

OPERATOR = Actor.operator()  # whoever runs the command line of the server itself
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


@contextmanager
def progress_bar() -> Iterator[Progress]:
    """A progress report that draws one bar per stage on the terminal (nothing when output is not one)."""
    columns = (TextColumn("{task.description:<12}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Bar(*columns, console=err, transient=True) as bar:
        stages: dict[str, object] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in stages:
                stages[stage] = bar.add_task(stage, total=total)
            bar.update(stages[stage], completed=done, total=total)

        yield report
