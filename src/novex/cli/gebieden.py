"""The NOVEX areas and the national programmes on the command line: `novex gebieden …`, `novex programma …`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from novex.cli.common import OPERATOR, FormatOpt, Output, fail, out, print_json, table, user_text
from novex.cli.productketen import dossier_app
from novex.errors import NovexError
from novex.nl import format_number

gebieden_app = typer.Typer(
    help="De zestien NOVEX-gebieden: factsheet, begrenzing op de kaart, de analyse erbinnen en hun dossier.",
    no_args_is_help=True,
)
gebieden_app.add_typer(dossier_app, name="dossier")
programma_app = typer.Typer(
    help="Het register van nationale programma's (seed 003 Bijlage II en de nieuwere namen van seed 002).",
    no_args_is_help=True,
)

GebiedArg = Annotated[str, typer.Argument(metavar="ID", help="Id van het NOVEX-gebied, bijv. novex-groene-hart.")]
MAX_FILE = 200 * 1024 * 1024
"""A boundary file: at most 200 MB (as a restriction layer)."""


def _service(uow: Any) -> Any:
    from novex.gebieden.service import GebiedenService

    return uow.get(GebiedenService)


def _run(work: Any) -> Any:
    """Run `work(service)` in one unit of work; a domain error ends in Dutch with exit code 1."""
    from novex import bootstrap

    bootstrap.init()
    try:
        with bootstrap.unit_of_work() as uow:
            return work(_service(uow))
    except NovexError as exc:
        fail(exc)


@gebieden_app.command("list")
def list_areas(fmt: FormatOpt = Output.table) -> None:
    """De zestien gebieden: naam, type (afgeleid), provincies, trekkers en fase."""
    from novex.gebieden import present

    items = _run(lambda s: [present.samenvatting(g) for g in s.gebieden(OPERATOR)])
    if fmt is Output.json:
        print_json(items)
        return
    shown = table("NOVEX-gebieden", ["id", "naam", "type (afgeleid)", "provincies", "trekkend bewindspersoon", "fase"])
    for g in items:
        fase = (g["fase"] or "").split("\n")[0]
        shown.add_row(g["id"], g["naam"], ", ".join(g["typen"]), ", ".join(g["provincies"]),
                      user_text(g["trekker"]["bewindspersoon"]), user_text(fase[:120]))  # fmt: skip
    out.print(shown)


@gebieden_app.command("show")
def show(gebied: GebiedArg, fmt: FormatOpt = Output.table) -> None:
    """Eén gebied: de hele factsheet met bronnen, en waar het ligt (indicatief of officieel)."""
    from novex.gebieden import present

    data = _run(lambda s: present.detail(s.gebied(OPERATOR, gebied)) | {
        "begrenzing": present.begrenzing(s.begrenzing(OPERATOR, gebied))})  # fmt: skip
    if fmt is Output.json:
        print_json(data)
        return
    out.print(f"[bold]{user_text(data['naam'])}[/] ({data['id']})")
    out.print(f"Type: {', '.join(data['typen'])} — {user_text(data['typering']['toelichting'])}")
    out.print(f"Provincies: {', '.join(data['provincies'])}")
    b = data["begrenzing"]
    out.print(f"Begrenzing: {b['soort']}, {format_number(b['oppervlakteHa'])} ha — {user_text(b['toelichting'])}")
    for veld in data["factsheet"].values():
        out.print(f"\n[bold]{user_text(veld['kop'])}[/] [dim]({user_text(veld['bron'])})[/]")
        out.print(_text(veld["waarde"]))


def _text(value: Any) -> str:
    """A factsheet value as terminal text."""
    if isinstance(value, list):
        return "\n".join(f"• {_text(v)}" for v in value)
    if isinstance(value, dict):
        return " — ".join(user_text(str(v)) for v in value.values() if v)
    return user_text(str(value))


@gebieden_app.command("analyse")
def analyse(
    gebied: GebiedArg,
    min_conflict_ha: Annotated[float, typer.Option("--min-conflict-ha", min=0, max=1_000_000)] = 1.0,
    fmt: FormatOpt = Output.table,
) -> None:
    """Claims, gestapelde domeinen, conflicten en beperkingen binnen het gebied."""
    from novex.gebieden import present

    data = _run(lambda s: present.analyse(s.analyse(OPERATOR, gebied, min_conflict_ha)))
    if fmt is Output.json:
        print_json(data)
        return
    out.print(f"{data['gebied']}: begrenzing {data['begrenzing']}, {format_number(data['oppervlakteHa'])} ha")
    columns = ["id", "naam", "domein", "ha binnen", "ha totaal"]
    claims = table(f"Claims binnen het gebied ({len(data['claims'])})", columns, right={"ha binnen", "ha totaal"})
    for c in data["claims"]:
        claims.add_row(str(c["id"]), user_text(c["naam"]), c["domein"], format_number(round(c["binnenHa"], 1)),
                       format_number(round(c["oppervlakteHa"], 1)))  # fmt: skip
    out.print(claims)
    stacked = table("Gestapelde domeinen", ["domeinen", "klasse", "ha"], right={"ha"})
    for s in data["gestapeld"]:
        stacked.add_row(" + ".join(s["domeinen"]), s["klasse"], format_number(round(s["oppervlakteHa"], 1)))
    out.print(stacked)
    conflicts = table(f"Conflicten ({len(data['conflicten'])})", ["id", "tussen", "domeinen", "ha"], right={"ha"})
    for c in data["conflicten"]:
        conflicts.add_row(c["id"], user_text(" ↔ ".join(c["namen"])), " ↔ ".join(c["domeinen"]),
                          format_number(round(c["oppervlakteHa"], 1)))  # fmt: skip
    out.print(conflicts)
    out.print(f"Beperkingen geraakt: {len(data['beperkingen'])}; hotspots (3+ domeinen): {data['hotspots']}")


@gebieden_app.command("grens")
def grens(
    gebied: GebiedArg,
    file: Annotated[Path, typer.Argument(help="GeoJSON, GeoPackage of Shapefile met de officiële grens.")],
    bron: Annotated[str, typer.Option("--bron", help="Waar de grens vandaan komt (document, besluit).")],
    peildatum: Annotated[str, typer.Option("--peildatum", help="Peildatum JJJJ-MM-DD.")],
    attributie: Annotated[str | None, typer.Option("--attributie", help="Bronvermelding.")] = None,
    versie: Annotated[int | None, typer.Option("--versie", min=1, help="Versie van de grens die u vervangt.")] = None,
) -> None:
    """Leg de officiële grens van een gebied vast (VRO); die vervangt de indicatieve begrenzing."""
    try:
        day = date.fromisoformat(peildatum)
    except ValueError:
        fail(f"peildatum {peildatum!r} is geen datum (JJJJ-MM-DD)")
    if file.is_dir():
        fail(f"{file} is een map, geen bestand")
    if not file.is_file():
        fail(f"bestand {file} bestaat niet")
    if file.stat().st_size > MAX_FILE:
        fail(f"bestand {file.name} is groter dan {MAX_FILE // (1024 * 1024)} MB")
    from novex.edge.uploads import upload_name

    shown = upload_name(file.name)  # the name as stored and shown: no control characters
    stored = _run(lambda s: s.leg_grens_vast(OPERATOR, gebied, file, bron, day, attributie, shown, versie))
    area = format_number(round(stored.geometry.area / 10_000))
    out.print(f"Officiële grens van {stored.gebied} vastgelegd: {area} ha (versie {stored.version})")


@gebieden_app.command("grens-verwijderen")
def grens_verwijderen(
    gebied: GebiedArg,
    reden: Annotated[str, typer.Option("--reden", help="Waarom de officiële grens vervalt.")],
    versie: Annotated[int | None, typer.Option("--versie", min=1, help="Versie van de grens.")] = None,
) -> None:
    """Verwijder de officiële grens: het gebied krijgt weer zijn indicatieve begrenzing."""
    _run(lambda s: s.verwijder_grens(OPERATOR, gebied, reden, versie))
    out.print(f"Officiële grens van {gebied} verwijderd; de begrenzing is weer indicatief.")


@programma_app.command("list")
def list_programmes(fmt: FormatOpt = Output.table) -> None:
    """De nationale programma's: naam, groep en verantwoordelijke bewindspersoon zoals de seed ze schrijft."""
    from novex import bootstrap
    from novex.dialogue.service import VraagstukService
    from novex.gebieden import present

    bootstrap.init()
    try:
        with bootstrap.unit_of_work() as uow:
            places = uow.get(VraagstukService).registers(OPERATOR).places
            items = present.programmas(places, _service(uow).gebieden(OPERATOR))
    except NovexError as exc:
        fail(exc)
    if fmt is Output.json:
        print_json(items)
        return
    shown = table(f"Nationale programma's ({len(items)})", ["naam", "groep", "verantwoordelijk", "NOVEX-gebieden"])
    for p in items:
        shown.add_row(user_text(p["naam"]), user_text(p["groep"] or "—"), user_text(p["verantwoordelijk"] or "—"),
                      ", ".join(p["gebieden"]))  # fmt: skip
    out.print(shown)


@programma_app.command("add")
def add_programme(
    programma_id: Annotated[str, typer.Argument(metavar="ID", help="Nieuwe id, bijv. programma-ruimte-voor-x.")],
    naam: Annotated[str, typer.Option("--naam", help="Naam zoals de bron hem schrijft.")],
    bron: Annotated[str, typer.Option("--bron", help="Waar het programma staat (document, datum).")],
    geldig_vanaf: Annotated[str, typer.Option("--geldig-vanaf", help="JJJJ-MM-DD.")],
    geldig_tot: Annotated[str | None, typer.Option("--geldig-tot", help="JJJJ-MM-DD, als bekend.")] = None,
    groep: Annotated[str | None, typer.Option("--groep", help="Groep, zoals in seed 003 Bijlage II.")] = None,
    verantwoordelijk: Annotated[str | None, typer.Option("--verantwoordelijk", help="Bewindspersoon.")] = None,
) -> None:
    """Voeg een nationaal programma toe aan het register, met bron en geldigheid."""
    from novex import bootstrap
    from novex.dialogue.service import VraagstukService

    days = {}
    for name, text in (("geldig-vanaf", geldig_vanaf), ("geldig-tot", geldig_tot)):
        try:
            days[name] = None if text is None else date.fromisoformat(text)
        except ValueError:
            fail(f"--{name} {text!r} is geen datum (JJJJ-MM-DD)")
    values = {"id": programma_id, "naam": naam, "soort": "nationaal-programma", "groep": groep,
              "verantwoordelijk": verantwoordelijk, "bron": bron, "geldig_vanaf": days["geldig-vanaf"],
              "geldig_tot": days["geldig-tot"]}  # fmt: skip
    bootstrap.init()
    try:
        with bootstrap.unit_of_work() as uow:
            uow.get(VraagstukService).add_register_entry(OPERATOR, "plek", values)
    except NovexError as exc:
        fail(exc)
    out.print(f"Programma '{user_text(naam)}' ({programma_id}) toegevoegd aan het register.")
