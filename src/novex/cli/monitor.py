"""`novex monitor …`: measurements, import, statuses, rounds and the yearly report on the command line."""

from __future__ import annotations

import typer

monitor_app = typer.Typer(
    help="De uniforme monitor: metingen, status per afspraak, monitorrondes en de voortgangsrapportage.",
    no_args_is_help=True,
)
