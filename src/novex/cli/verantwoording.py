"""The verantwoording of a voorstel on the command line: `novex verantwoording show|leg-vast` (seed 004 Bijlage 5).

`leg-vast` reads a YAML or JSON file with `datasets`, `afwijkingen`, `indicatoren` and `werkwijze` (the
fields of `novex.claims.verantwoording`) and replaces the voorstel version's verantwoording; without
`--versie` it is laid down on the version just read. JSON output is the API's shape.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from novex.cli.common import OPERATOR, FormatOpt, Output, fail, out, print_json, table, user_text
from novex.errors import NovexError

verantwoording_app = typer.Typer(
    help="Verantwoording van een voorstel: gebruikte data, afwijkingen, indicatoren (seed 004 Bijlage 5).",
    no_args_is_help=True,
)
MAX_BESTAND = 1 << 20

VoorstelArg = Annotated[str, typer.Argument(metavar="VOORSTEL", help="Id of naam van het voorstel.")]


def _run(work: Any) -> Any:
    """Run `work(service)` in one unit of work; a domain error ends in Dutch with exit code 1."""
    from novex import bootstrap
    from novex.claims.verantwoording_service import VerantwoordingService

    bootstrap.init()
    try:
        with bootstrap.unit_of_work() as uow:
            return work(uow.get(VerantwoordingService))
    except NovexError as exc:
        fail(exc)


def _json(service: Any, key: int | str) -> dict[str, Any]:
    from novex.claims.verantwoording import verantwoording_json

    return verantwoording_json(*service.lees(OPERATOR, key))


@verantwoording_app.command("show")
def show(voorstel: VoorstelArg, fmt: FormatOpt = Output.table) -> None:
    """De gebruikte datasets, de afwijkingen van de basisset, de indicatoren en de werkwijze."""
    data = _run(lambda s: _json(s, voorstel))  # digits: an id (the service checks its range); else a name
    if fmt is Output.json:
        print_json(data)
        return
    v = data["voorstel"]
    out.print(f"[bold]Verantwoording van {user_text(v['naam'])}[/] (voorstel {v['id']}, versie {v['versie']}, "
              f"{v['provincie']})")  # fmt: skip
    if not data["vastgelegd"]:
        out.print("Nog geen verantwoording vastgelegd.")
    elif data["overgenomenVan"]:
        out.print(f"Overgenomen van voorstel {data['overgenomenVan']} (een eerdere versie).")
    datasets = table("Gebruikte datasets", ["naam", "basisset", "vindplaats", "versie", "licentie", "NGR"])
    for d in data["datasets"]:
        shown = {**d, "basisset": "ja" if d["basisset"] else "nee"}
        datasets.add_row(*_cells(shown, "naam", "basisset", "vindplaats", "versie", "licentie", "ngr"))
    out.print(datasets)
    afwijkingen = table("Afwijkingen van de basisset (pas toe of leg uit)", ["basisset", "vervangen door", "reden"])
    for a in data["afwijkingen"]:
        afwijkingen.add_row(*_cells(a, "basissetDataset", "vervangenDoor", "reden"))
    out.print(afwijkingen)
    indicatoren = table("Indicatoren", ["naam", "definitie", "eenheid", "doel"])
    for i in data["indicatoren"]:
        indicatoren.add_row(*_cells(i, "naam", "definitie", "eenheid", "doel"))
    out.print(indicatoren)
    out.print(f"Werkwijze: {user_text(data['werkwijze'] or '—')}")
    out.print(f"[dim]Bron: {user_text(data['bron'])}. {user_text(data['ontwerpkeuze'])}[/]")


def _cells(row: dict[str, Any], *keys: str) -> list[str]:
    return [user_text(str(row.get(k) or "—")) for k in keys]


@verantwoording_app.command("leg-vast")
def leg_vast(
    voorstel: VoorstelArg,
    bestand: Annotated[Path, typer.Argument(metavar="BESTAND", help="YAML- of JSON-bestand met de verantwoording.")],
    versie: Annotated[int | None, typer.Option("--versie", min=0, help="De versie die u las (zonder: de huidige).")] = (
        None
    ),
) -> None:
    """Leg de verantwoording van een voorstelversie vast (vervangt de vorige); alles of niets."""
    gegevens = read_file(bestand)

    def work(service: Any) -> dict[str, Any]:
        key = voorstel
        if versie is None:
            found = service.lees(OPERATOR, key)[1]
        expected = versie if versie is not None else (found.versie if found else 0)
        service.leg_vast(OPERATOR, key, gegevens, expected)
        return _json(service, key)

    data = _run(work)
    out.print(f"Verantwoording van voorstel {data['voorstel']['id']} vastgelegd (versie {data['versie']}): "
              f"{len(data['datasets'])} datasets, {len(data['afwijkingen'])} afwijkingen, "
              f"{len(data['indicatoren'])} indicatoren.")  # fmt: skip


def read_file(path: Path) -> Any:
    """A YAML or JSON file as plain data; a Dutch error naming the file (and line) when it cannot be read."""
    from novex.claims.verantwoording import lees_tekst

    try:
        if path.is_dir():
            fail(f"{path}: is een map, geen bestand")
        if not path.is_file() and path.exists():  # a device, FIFO or socket: it may never end
            fail(f"{path}: is geen gewoon bestand")
        with path.open("rb") as handle:
            raw = handle.read(MAX_BESTAND + 1)  # a file that grows while read is still cut off here
        if len(raw) > MAX_BESTAND:
            fail(f"{path.name}: groter dan {MAX_BESTAND // 1024} kB")
        return lees_tekst(raw.decode("utf-8"), path.name)
    except FileNotFoundError:
        fail(f"{path}: bestand bestaat niet")
    except UnicodeDecodeError:
        fail(f"{path.name}: geen UTF-8-tekst")
    except OSError as exc:
        fail(f"{path}: kan niet worden gelezen ({exc.strerror})")
    except NovexError as exc:
        fail(exc)
