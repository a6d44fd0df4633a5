"""The Ruimtelijk Arrangement on the command line: `novex ra new|show|check|propose|adopt|diff|export`."""

from __future__ import annotations

import typer

ra_app = typer.Typer(
    help="Ruimtelijke arrangementen: opstellen, toetsen, vaststellen, vergelijken.", no_args_is_help=True
)
