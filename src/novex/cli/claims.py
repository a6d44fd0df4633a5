"""Claims register commands: import, export, list; voorstel list and diff."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from novex import bootstrap
from novex.access import Actor
from novex.claims.io import parse_field_map
from novex.claims.ports import ClaimFilter
from novex.claims.service import ClaimService, diff
from novex.cli.common import OPERATOR, fail, out, progress_bar
from novex.errors import NovexError
from novex.nl import format_number
from novex.reference.municipalities import municipality_index

claims_app = typer.Typer(help="Ruimteclaims: importeren, exporteren, tonen.", no_args_is_help=True)
voorstel_app = typer.Typer(help="Ruimtelijke voorstellen: tonen en vergelijken.", no_args_is_help=True)

ProvinceOpt = Annotated[list[str] | None, typer.Option("--province", "-p", help="CBS-code, bijv. PV28; herhaalbaar.")]


def _voorstel_key(value: str | None) -> int | str | None:
    return int(value) if value and value.isdigit() else value


@claims_app.command("import")
def import_claims(
    file: Annotated[Path, typer.Argument(help="GeoJSON, GeoPackage of Shapefile.")],
    voorstel: Annotated[str | None, typer.Option(help="Naam of id van het voorstel (nieuw: --province nodig).")] = None,
    province: Annotated[str | None, typer.Option("--province", "-p", help="CBS-code van de provincie.")] = None,
    domain: Annotated[str | None, typer.Option("--domain", help="Domein voor features zonder domein.")] = None,
    mapping: Annotated[list[str] | None, typer.Option("--map", help="veld=attribuut, bijv. naam=NAME.")] = None,
    new_version: Annotated[
        bool, typer.Option("--nieuwe-versie", help="Importeer in een nieuwe versie van het voorstel.")
    ] = False,
) -> None:
    """Importeer alle features van een bestand als claims — alles of niets."""
    bootstrap.init()  # schema and reference data must exist before a write
    try:
        with bootstrap.unit_of_work() as uow, progress_bar() as progress:
            result = uow.get(ClaimService).import_file(
                Actor.operator(),
                file,
                voorstel=_voorstel_key(voorstel),
                provincie=province,
                field_map=parse_field_map(mapping or []),
                defaults={"domein": domain} if domain else None,
                new_version=new_version,
                progress=progress,
            )
    except NovexError as exc:
        fail(exc)
    v = result.voorstel
    out.print(
        f"{len(result.claim_ids)} claims geïmporteerd in voorstel {v.id} '{v.naam}' "
        f"(versie {v.versie}, {v.provincie}); {format_number(round(result.area_ha, 1))} ha; "
        f"bron-CRS {result.source_crs}"
    )
    for repair in result.repairs:
        out.print(f"  [yellow]hersteld:[/] {repair}")


@claims_app.command("export")
def export_claims(
    file: Annotated[Path, typer.Argument(help="Doelbestand .gpkg of .geojson.")],
    voorstel: Annotated[int | None, typer.Option(help="Id van het voorstel.")] = None,
    province: ProvinceOpt = None,
) -> None:
    """Exporteer claims naar GeoPackage of GeoJSON (EPSG:28992)."""
    try:
        with bootstrap.unit_of_work() as uow:
            count = uow.get(ClaimService).export(OPERATOR, file, ClaimFilter(voorstel, tuple(province or ())))
    except NovexError as exc:
        fail(exc)
    out.print(f"{count} claims geschreven naar {file}")


@claims_app.command("list")
def list_claims(
    province: ProvinceOpt = None,
    domain: Annotated[list[str] | None, typer.Option("--domain", help="Domein; herhaalbaar.")] = None,
    status: Annotated[list[str] | None, typer.Option("--status", help="Status; herhaalbaar.")] = None,
    voorstel: Annotated[int | None, typer.Option(help="Id van het voorstel.")] = None,
    gemeente: Annotated[list[str] | None, typer.Option("--gemeente", help="CBS-code, bijv. GM0344.")] = None,
) -> None:
    """Toon claims met domein, status, oppervlakte, provincie(s) en gemeente(n)."""
    codes = tuple(g.upper() for g in gemeente or ())
    where = ClaimFilter(voorstel, tuple(province or ()), tuple(domain or ()), tuple(status or ()), codes)
    with bootstrap.unit_of_work() as uow:
        claims = uow.get(ClaimService).list(OPERATOR, where)
    table = Table(title=f"{len(claims)} claims")
    names = {m.code: m.naam for m in municipality_index().municipalities}
    for column in ("Id", "Naam", "Domein", "Status", "Hoeveelheid", "ha", "Provincies", "Gemeenten"):
        table.add_column(column, justify="right" if column in ("Id", "ha") else "left")
    for c in claims:
        amount = f"{format_number(c.hoeveelheid)} {c.eenheid}" if c.hoeveelheid is not None else ""
        parts = ", ".join(f"{k} {format_number(round(v, 1))}" for k, v in sorted(c.provincies.items()))
        places = ", ".join(f"{names.get(k, k)} {format_number(round(v, 1))}" for k, v in sorted(c.gemeenten.items()))
        area = format_number(round(c.area_ha, 1))
        table.add_row(str(c.id), c.naam, c.domein, str(c.status), amount, area, parts, places)
    out.print(table)


@voorstel_app.command("list")
def list_voorstellen(province: Annotated[str | None, typer.Option("--province", "-p")] = None) -> None:
    """Toon de voorstellen (per provincie, naam en versie)."""
    with bootstrap.unit_of_work() as uow:
        service = uow.get(ClaimService)
        rows = [(v, len(service.list(OPERATOR, ClaimFilter(voorstel_id=v.id))))
                for v in service.voorstellen(OPERATOR, province)]
    table = Table(title="Ruimtelijke voorstellen")
    for column in ("Id", "Provincie", "Naam", "Versie", "Datum", "Claims"):
        table.add_column(column)
    for v, count in rows:
        table.add_row(str(v.id), v.provincie, v.naam, str(v.versie), v.datum.isoformat(), str(count))
    out.print(table)


@voorstel_app.command("diff")
def diff_voorstellen(
    a: Annotated[int, typer.Argument(help="Id van het oude voorstel.")],
    b: Annotated[int, typer.Argument(help="Id van het nieuwe voorstel.")],
) -> None:
    """Vergelijk twee voorstellen: toegevoegde, vervallen en gewijzigde claims."""
    try:
        with bootstrap.unit_of_work() as uow:
            service = uow.get(ClaimService)
            old, new = (service.voorstel(Actor.operator(), k) for k in (a, b))
            result = diff(service.list(OPERATOR, ClaimFilter(old.id)), service.list(OPERATOR, ClaimFilter(new.id)))
    except NovexError as exc:
        fail(exc)
    out.print(f"Van voorstel {old.id} '{old.naam}' v{old.versie} naar {new.id} '{new.naam}' v{new.versie}:")
    for claim in result.added:
        out.print(f"  [green]+ {claim.naam}[/] ({claim.domein}, {format_number(round(claim.area_ha, 1))} ha)")
    for claim in result.removed:
        out.print(f"  [red]- {claim.naam}[/] ({claim.domein}, {format_number(round(claim.area_ha, 1))} ha)")
    for before, _after, what in result.changed:
        out.print(f"  [yellow]~ {before.naam}[/]: {'; '.join(what)}")
    out.print(f"  {result.unchanged} ongewijzigd")
