"""Shared pieces of the CLI: consoles, tables, error exit, output formats."""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console, ConsoleDimensions
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as Bar
from rich.table import Table

from novex.access import Actor
from novex.errors import NovexError
from novex.nl import whole_number
from novex.progress import Progress

OPERATOR = Actor.operator()  # whoever runs the command line of the server itself

WIDTH_OFF_TERMINAL = 200
"""How wide output is when it goes to a file or a pipe (CI logs) and `COLUMNS` does not say."""


class WideConsole(Console):
    """A console as wide as its terminal; off a terminal as wide as `COLUMNS` says, else 200 columns.

    Rich's own default off a terminal is 80 columns, which cuts table cells to "Natuur…".
    The width is decided at each print, so a changed `COLUMNS` or output stream counts.
    """

    @property
    def size(self) -> ConsoleDimensions:
        """The terminal's size, or the wide width when the output is not a terminal."""
        size = super().size
        if self._on_terminal():
            return size
        columns = os.environ.get("COLUMNS", "")
        return ConsoleDimensions(whole_number(columns, 10_000) or WIDTH_OFF_TERMINAL, size.height)

    def _on_terminal(self) -> bool:
        """Whether the output really is a terminal (FORCE_COLOR in a CI log does not make it one)."""
        isatty = getattr(self.file, "isatty", None)
        try:
            return bool(isatty and isatty())
        except ValueError:  # a closed stream
            return False


out = WideConsole()
err = WideConsole(stderr=True)


class Format(StrEnum):
    """Serialisation formats for exports."""

    json = "json"
    yaml = "yaml"


def table(title: str, columns: Iterable[str], right: Collection[str] = (), caption: str | None = None) -> Table:
    """A table whose cells wrap, and fold a word too long for its column, but never cut it with '…'."""
    made = Table(title=title, caption=caption)
    for column in columns:
        made.add_column(column, justify="right" if column in right else "left", overflow="fold")
    return made


class Output(StrEnum):
    """What a listing prints: a table for people, or JSON for scripts."""

    table = "table"
    json = "json"


FormatOpt = Annotated[Output, typer.Option("--format", help="table of json.")]


def print_json(data: Any) -> None:
    """Print data as JSON (UTF-8 text kept as is)."""
    out.print_json(json.dumps(data, ensure_ascii=False))


def fail(exc: NovexError | str) -> NoReturn:
    """Print a Dutch error message and exit with code 1."""
    err.print(f"[bold red]Fout:[/] {escape(str(exc))}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(code=1)


@contextmanager
def progress_bar() -> Iterator[Progress]:
    """A progress report that draws one bar per stage on the terminal (nothing when output is not one)."""
    columns = (TextColumn("{task.description:<12}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Bar(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        stages: dict[str, object] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in stages:
                stages[stage] = bar.add_task(stage, total=total)
            bar.update(stages[stage], completed=done, total=total)

        yield report


def user_text(text: str | None) -> str:
    """User text for the terminal: Rich markup escaped, control characters shown as escapes (never executed)."""
    from rich.markup import escape

    shown = "".join(ch if ch.isprintable() or ch in "\n\t" else repr(ch)[1:-1] for ch in text or "")
    return escape(shown)
