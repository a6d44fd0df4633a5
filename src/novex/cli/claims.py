"""Claims register commands: import, export, list; voorstel list and diff."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from novex.cli.common import OPERATOR, fail, out, progress_bar, table
from novex.errors import ImportRejected, InvalidInput, NotFound, NovexError
from novex.nl import counted, format_number

if TYPE_CHECKING:
    from novex.claims.io import Choice
    from novex.reference.provinces import ProvinceIndex

claims_app = typer.Typer(help="Ruimteclaims: importeren, exporteren, tonen.", no_args_is_help=True)
voorstel_app = typer.Typer(help="Ruimtelijke voorstellen: tonen en vergelijken.", no_args_is_help=True)

ProvinceOpt = Annotated[list[str] | None, typer.Option("--province", "-p", help="CBS-code, bijv. PV28; herhaalbaar.")]

REPAIRABLE = "laat novex haar herstellen"
"""How a refusal of an invalid geometry that novex could repair ends (`novex.geo.hygiene`)."""


def _voorstel_key(value: str | None) -> int | str | None:
    return int(value) if value and value.isascii() and value.isdigit() else value  # '²' is a name, not an id


@claims_app.command("import")
def import_claims(
    file: Annotated[
        Path,
        typer.Argument(help="GeoJSON, GeoPackage, Shapefile (.shp of .zip), GML (ook STOP-GIO), KML, FlatGeobuf "
                       "of CSV met WKT."),
    ],
    voorstel: Annotated[str | None, typer.Option(help="Naam of id van het voorstel (nieuw of bestaand).")] = None,
    province: Annotated[
        str | None,
        typer.Option("--province", "-p", help="CBS-code; zonder: de provincie waarin de features liggen."),
    ] = None,
    domain: Annotated[str | None, typer.Option("--domain", help="Domein voor features zonder domein.")] = None,
    mapping: Annotated[list[str] | None, typer.Option("--map", help="veld=attribuut, bijv. naam=NAME.")] = None,
    new_version: Annotated[
        bool, typer.Option("--nieuwe-versie", help="Importeer in een nieuwe versie van het voorstel.")
    ] = False,
    repair: Annotated[
        bool, typer.Option("--herstel", help="Herstel ongeldige geometrie, ook als haar vorm daardoor verandert.")
    ] = False,
    laag: Annotated[str | None, typer.Option("--laag", help="Laag van een bestand met meerdere lagen.")] = None,
    kolom: Annotated[str | None, typer.Option("--kolom", help="CSV: kolom met de WKT-geometrie.")] = None,
) -> None:
    """Importeer alle features van een bestand als claims — alles of niets."""
    from novex import bootstrap
    from novex.claims.io import Choice, parse_field_map
    from novex.claims.service import ClaimService

    choice = Choice(laag, kolom)
    bootstrap.init()  # schema and reference data must exist before a write
    key = _voorstel_key(voorstel)
    try:
        field_map, defaults = parse_field_map(mapping or []), {"domein": domain} if domain else None
        if province is None and not isinstance(key, int) and not _existing_voorstel(key):
            province = _province_of_file(file, field_map, defaults, repair, choice)
        with bootstrap.unit_of_work() as uow, progress_bar() as progress:
            result = uow.get(ClaimService).import_file(
                OPERATOR,
                file,
                voorstel=key,
                provincie=province,
                field_map=field_map,
                defaults=defaults,
                new_version=new_version,
                progress=progress,
                repair=repair,
                choice=choice,
            )
    except ImportRejected as exc:
        hint = "\nMet --herstel herstelt novex zulke geometrie (de melding zegt wat er verandert)."
        fail(f"{exc}{hint if not repair and REPAIRABLE in str(exc) else ''}")
    except NovexError as exc:
        fail(exc)
    v = result.voorstel
    out.print(
        f"{counted(len(result.claim_ids), 'claim', 'claims')} geïmporteerd in voorstel {v.id} '{v.naam}' "
        f"(versie {v.versie}, {v.provincie}); {format_number(round(result.area_ha, 1))} ha; "
        f"bron-CRS {result.source_crs}"
    )
    for note in result.repairs:  # each says what was repaired ("feature 3 'X': hersteld: …")
        out.print(f"  {note}", style="yellow", markup=False, highlight=False)


def _existing_voorstel(key: str | None) -> bool:
    """Whether a voorstel of this name exists (its own province then decides)."""
    from novex import bootstrap
    from novex.claims.service import ClaimService

    if key is None:
        return False
    with bootstrap.unit_of_work() as uow:
        try:
            uow.get(ClaimService).voorstel(OPERATOR, key)
        except NotFound:
            return False
    return True


def _province_of_file(
    file: Path, field_map: Mapping[str, str], defaults: Mapping[str, Any] | None, repair: bool, choice: Choice
) -> str:
    """The province a new voorstel from this file belongs to, said aloud; `fail` when the file spans several.

    A claim belongs to the province holding its largest part (`ClaimService`); a voorstel
    belongs to one province, so every feature must belong to the same one.
    """
    from novex.claims.io import read_claims
    from novex.reference.provinces import province_index

    index = province_index()
    read = read_claims(file, field_map, defaults, repair=repair, choice=choice)
    code, crossing = owner_of([index.split(d.geometry) for d in read.drafts], index)
    naam = index.get(code).naam
    where = "geheel of grotendeels in" if crossing else "in"
    out.print(f"Alle features liggen {where} {naam} ({code}); het voorstel hoort bij {naam}.")
    return code


def owner_of(splits: Iterable[Mapping[str, float]], index: ProvinceIndex) -> tuple[str, bool]:
    """The one province holding the largest part of every feature, and whether any feature crosses its border.

    Raises `InvalidInput` naming the provinces (and how many features each holds) when the
    features belong to several, or to none.
    """
    held: dict[str, int] = {}
    crossing = False
    for split in splits:
        if not split:
            continue  # outside every province: the import names that feature itself
        largest = max(split, key=lambda code: split[code])
        held[largest] = held.get(largest, 0) + 1
        crossing = crossing or len(split) > 1
    if len(held) == 1:
        return next(iter(held)), crossing
    if not held:
        raise InvalidInput("geen enkele feature ligt in een provincie; geef de provincie met --province")
    ranked = sorted(held, key=lambda code: (-held[code], code))
    spread = ", ".join(f"{index.get(c).naam} ({c}) {counted(held[c], 'feature', 'features')}" for c in ranked)
    raise InvalidInput(
        f"de features liggen (grotendeels) in verschillende provincies: {spread}. Een voorstel hoort bij één "
        f"provincie: geef die met --province (bijv. --province {ranked[0]}) of splits het bestand per provincie."
    )


@claims_app.command("export")
def export_claims(
    file: Annotated[
        Path, typer.Argument(help="Doelbestand: .gpkg, .geojson, .fgb, .csv, .xlsx of .gml/.zip (STOP-GIO).")
    ],
    voorstel: Annotated[int | None, typer.Option(help="Id van het voorstel.")] = None,
    province: ProvinceOpt = None,
    formaat: Annotated[
        str | None, typer.Option("--format", help="gpkg, geojson, fgb, csv, xlsx of gio (anders: de extensie).")
    ] = None,
    rd: Annotated[bool, typer.Option("--rd", help="GeoJSON in RD New (EPSG:28992) in plaats van WGS84.")] = False,
) -> None:
    """Exporteer claims: GeoPackage/FlatGeobuf (RD New), GeoJSON (WGS84, RFC 7946), CSV/XLSX of STOP-GIO."""
    from novex import bootstrap
    from novex.claims.ports import ClaimFilter
    from novex.claims.service import ClaimService
    from novex.claims.verantwoording_service import VerantwoordingService
    from novex.geo.vector_out import export_format

    try:
        bootstrap.ensure_initialised()
        with bootstrap.unit_of_work(write=False) as uow:
            count = uow.get(ClaimService).export(
                OPERATOR, file, ClaimFilter(voorstel, tuple(province or ())), formaat=formaat, rd=rd
            )
            carried = voorstel is not None and uow.get(VerantwoordingService).bij_export(
                OPERATOR, voorstel, file, export_format(file, formaat)
            )
    except NovexError as exc:
        fail(exc)
    out.print(f"{counted(count, 'claim', 'claims')} geschreven naar {file}")
    if carried:
        out.print("met de verantwoording van het voorstel (gebruikte data, afwijkingen, indicatoren)")
    if file.suffix.lower() == ".gml":
        out.print(f"STOP-GIO; {file.with_suffix('.gfs').name} ernaast laat GDAL en QGIS de locaties als features lezen")


@claims_app.command("list")
def list_claims(
    province: ProvinceOpt = None,
    domain: Annotated[list[str] | None, typer.Option("--domain", help="Domein; herhaalbaar.")] = None,
    status: Annotated[list[str] | None, typer.Option("--status", help="Status; herhaalbaar.")] = None,
    voorstel: Annotated[int | None, typer.Option(help="Id van het voorstel.")] = None,
    gemeente: Annotated[list[str] | None, typer.Option("--gemeente", help="CBS-code, bijv. GM0344.")] = None,
) -> None:
    """Toon claims met domein, status, oppervlakte, provincie(s) en gemeente(n)."""
    from novex import bootstrap
    from novex.claims.ports import ClaimFilter
    from novex.claims.service import ClaimService
    from novex.reference.municipalities import municipality_index

    codes = tuple(g.upper() for g in gemeente or ())
    where = ClaimFilter(voorstel, tuple(province or ()), tuple(domain or ()), tuple(status or ()), codes)
    bootstrap.ensure_initialised()
    with bootstrap.unit_of_work(write=False) as uow:
        claims = uow.get(ClaimService).list(OPERATOR, where)
    columns = ("Id", "Naam", "Domein", "Status", "Hoeveelheid", "ha", "Provincies", "Gemeenten")
    shown = table(counted(len(claims), "claim", "claims"), columns, right=("Id", "ha"))
    names = {m.code: m.naam for m in municipality_index().municipalities}
    for c in claims:
        amount = f"{format_number(c.hoeveelheid)} {c.eenheid}" if c.hoeveelheid is not None else ""
        parts = ", ".join(f"{k} {format_number(round(v, 1))}" for k, v in sorted(c.provincies.items()))
        places = ", ".join(f"{names.get(k, k)} {format_number(round(v, 1))}" for k, v in sorted(c.gemeenten.items()))
        area = format_number(round(c.area_ha, 1))
        shown.add_row(str(c.id), c.naam, c.domein, str(c.status), amount, area, parts, places)
    out.print(shown)


@voorstel_app.command("list")
def list_voorstellen(province: Annotated[str | None, typer.Option("--province", "-p")] = None) -> None:
    """Toon de voorstellen (per provincie, naam en versie)."""
    from novex import bootstrap
    from novex.claims.ports import ClaimFilter
    from novex.claims.service import ClaimService

    bootstrap.ensure_initialised()
    with bootstrap.unit_of_work(write=False) as uow:
        service = uow.get(ClaimService)
        rows = [(v, len(service.list(OPERATOR, ClaimFilter(voorstel_id=v.id))))
                for v in service.voorstellen(OPERATOR, province)]  # fmt: skip
    shown = table("Ruimtelijke voorstellen", ("Id", "Provincie", "Naam", "Versie", "Datum", "Claims"))
    for v, count in rows:
        shown.add_row(str(v.id), v.provincie, v.naam, str(v.versie), v.datum.isoformat(), str(count))
    out.print(shown)


@voorstel_app.command("diff")
def diff_voorstellen(
    a: Annotated[int, typer.Argument(help="Id van het oude voorstel.")],
    b: Annotated[int, typer.Argument(help="Id van het nieuwe voorstel.")],
) -> None:
    """Vergelijk twee voorstellen: toegevoegde, vervallen en gewijzigde claims."""
    from novex import bootstrap
    from novex.claims.ports import ClaimFilter
    from novex.claims.service import ClaimService, diff

    try:
        bootstrap.ensure_initialised()
        with bootstrap.unit_of_work(write=False) as uow:
            service = uow.get(ClaimService)
            old, new = (service.voorstel(OPERATOR, k) for k in (a, b))
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
