"""The meeting cycle, werkplaatsen and documents on the command line."""

from __future__ import annotations

import typer

vergadering_app = typer.Typer(help="Vergaderingen: de jaarplanning en agenda's.", no_args_is_help=True)
werkplaats_app = typer.Typer(help="Werkplaatsen en ontwerpend onderzoek.", no_args_is_help=True)
document_app = typer.Typer(
    help="Documenten: signaal, snelle tafel, A5, agenda, BOL-afsprakenlijst.", no_args_is_help=True
)
