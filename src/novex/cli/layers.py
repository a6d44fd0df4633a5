"""Restriction layers and user-added province targets."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from novex.cli.common import OPERATOR, fail, out, table
from novex.errors import NovexError
from novex.nl import counted, format_number

layers_app = typer.Typer(help="Beperkingenlagen: Natura 2000, NNN, defensieterreinen, …", no_args_is_help=True)
targets_app = typer.Typer(help="Eigen provinciale doelen (met bron) naast de catalogus.", no_args_is_help=True)


@layers_app.command("import")
def import_layer(
    file: Annotated[Path, typer.Argument(help="Vlakken: GeoJSON, GPKG, Shapefile, GML/GIO, KML, FlatGeobuf, CSV.")],
    name: Annotated[str, typer.Option("--name", help="Naam van de laag.")],
    hardness: Annotated[str, typer.Option("--hardness", help="zeer-hard, hard, middel of zacht.")],
    legal_basis: Annotated[str, typer.Option("--legal-basis", help="Juridische basis.")],
    peildatum: Annotated[str, typer.Option("--peildatum", help="Peildatum JJJJ-MM-DD.")],
    domain: Annotated[str, typer.Option("--domain", help="Domein van de laag, bijv. natuur.")] = "natuur",
    attribution: Annotated[str | None, typer.Option("--attribution", help="Bronvermelding.")] = None,
    name_field: Annotated[str, typer.Option("--name-field", help="Attribuut met de gebiedsnaam.")] = "naam",
    code_field: Annotated[str | None, typer.Option("--code-field", help="Attribuut met de gebiedscode.")] = None,
    laag: Annotated[str | None, typer.Option("--laag", help="Laag van een bestand met meerdere lagen.")] = None,
    kolom: Annotated[str | None, typer.Option("--kolom", help="CSV: kolom met de WKT-geometrie.")] = None,
) -> None:
    """Importeer een beperkingenlaag — alle vlakken of geen."""
    from novex import bootstrap
    from novex.claims.io import Choice
    from novex.claims.restrictions import RestrictionService

    bootstrap.init()
    try:
        day = date.fromisoformat(peildatum)
    except ValueError:
        fail(f"peildatum {peildatum!r} is geen datum (JJJJ-MM-DD)")
    try:
        with bootstrap.unit_of_work() as uow:
            result = uow.get(RestrictionService).import_layer(
                OPERATOR,
                file,
                name,
                domain,
                hardness,
                legal_basis,
                day,
                attribution,
                name_field,
                code_field,
                choice=Choice(laag, kolom),
            )
    except NovexError as exc:
        fail(exc)
    out.print(
        f"Laag '{result.layer.naam}' ({result.layer.hardheid}): {counted(result.areas, 'gebied', 'gebieden')}, "
        f"{format_number(round(result.area_ha))} ha"
    )
    for repair in result.repairs:  # each says what was repaired ("feature 3 'X': hersteld: …")
        out.print(f"  {repair}", style="yellow", markup=False, highlight=False)


@layers_app.command("list")
def list_layers() -> None:
    """Toon de beperkingenlagen met hardheid, juridische basis en peildatum."""
    from novex import bootstrap
    from novex.claims.restrictions import RestrictionService

    bootstrap.ensure_initialised()
    with bootstrap.unit_of_work(write=False) as uow:
        service = uow.get(RestrictionService)
        layers = service.layers(OPERATOR)
        counts = {layer.id: 0 for layer in layers}
        for area in service.areas(OPERATOR):
            counts[area.layer.id] += 1
    shown = table(
        "Beperkingenlagen", ("Naam", "Domein", "Hardheid", "Juridische basis", "Peildatum", "Gebieden", "Bron")
    )
    for layer in layers:
        day, count = layer.peildatum.isoformat(), str(counts[layer.id])
        shown.add_row(
            layer.naam,
            layer.domein,
            str(layer.hardheid),
            layer.juridische_basis,
            day,
            count,
            layer.attributie or "",
        )
    out.print(shown)


@targets_app.command("add")
def add_target(
    province: Annotated[str, typer.Argument(help="CBS-code, bijv. PV26.")],
    goal_id: Annotated[str, typer.Option("--id", help="Nieuwe doel-id, bijv. pv26-zon-2030.")],
    text: Annotated[str, typer.Option("--tekst", help="Omschrijving van het doel.")],
    value: Annotated[float, typer.Option("--waarde")],
    unit: Annotated[str, typer.Option("--eenheid")],
    source: Annotated[str, typer.Option("--bron", help="Waar het doel vandaan komt (verplicht).")],
    year: Annotated[int | None, typer.Option("--jaar")] = None,
    domain: Annotated[str | None, typer.Option("--domein")] = None,
) -> None:
    """Voeg een provinciaal doel toe; claims koppelen er met doel_id aan."""
    from novex import bootstrap
    from novex.claims.model import ProvincieDoel
    from novex.claims.restrictions import RestrictionService

    bootstrap.init()
    try:
        with bootstrap.unit_of_work() as uow:
            target = uow.get(RestrictionService).add_target(
                OPERATOR, ProvincieDoel(goal_id, province, text, value, unit, source, year, domain)
            )
    except NovexError as exc:
        fail(exc)
    amount = f"{format_number(target.waarde)} {target.eenheid}"
    out.print(f"Doel {target.id} toegevoegd voor {target.provincie}: {amount}")


@targets_app.command("list")
def list_targets(province: Annotated[str | None, typer.Option("--province", "-p")] = None) -> None:
    """Toon de eigen provinciale doelen."""
    from novex import bootstrap
    from novex.claims.restrictions import RestrictionService

    bootstrap.ensure_initialised()
    with bootstrap.unit_of_work(write=False) as uow:
        targets = uow.get(RestrictionService).targets(OPERATOR, province)
    shown = table("Eigen provinciale doelen", ("Id", "Provincie", "Waarde", "Jaar", "Tekst", "Bron"))
    for t in targets:
        shown.add_row(t.id, t.provincie, f"{format_number(t.waarde)} {t.eenheid}", str(t.jaar or ""), t.tekst, t.bron)
    out.print(shown)
