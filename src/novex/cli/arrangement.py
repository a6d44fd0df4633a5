"""The Ruimtelijk Arrangement on the command line: `novex ra new|list|show|check|propose|adopt|diff|export`."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from novex.cli.common import OPERATOR, FormatOpt, Output, fail, out, print_json, table, user_text
from novex.errors import NovexError

ra_app = typer.Typer(
    help="Ruimtelijke arrangementen: opstellen, toetsen, vaststellen, vergelijken.", no_args_is_help=True
)

MAX_ID = 2_147_483_647


class Generatie(StrEnum):
    """The two generations of the RA (seed 002 §1, §3.4)."""

    jaarlijks = "jaarlijks"
    eerste = "eerste"


class Soort(StrEnum):
    """The documents of the RA."""

    arrangement = "arrangement"
    verschil = "verschil"
    bol_afsprakenlijst = "bol-afsprakenlijst"


class Bestandsformaat(StrEnum):
    """The file formats of a document (CSV and XLSX: the BOL-afsprakenlijst only)."""

    pdf = "pdf"
    html = "html"
    csv = "csv"
    xlsx = "xlsx"


ArrangementId = Annotated[int, typer.Argument(metavar="ID", help="Id van het ruimtelijk arrangement.", min=1,
                                              max=MAX_ID)]  # fmt: skip


def _json(service: Any, ra: Any) -> dict[str, Any]:
    from novex.arrangement.present import arrangement_json

    return arrangement_json(ra, service.province_names.get(ra.provincie))


@ra_app.command("new")
def new(
    provincie: Annotated[str, typer.Argument(metavar="PROVINCIE", help="CBS-code, bijv. PV26.")],
    jaar: Annotated[
        int, typer.Argument(metavar="JAAR", help="Het jaar van de versie, bijv. 2027.", min=2023, max=2100)
    ],  # fmt: skip
    generatie: Annotated[
        Generatie, typer.Option(help="jaarlijks (compact, vastgesteld in het BOL) of eerste (ondertekend, 2023).")
    ] = Generatie.jaarlijks,
    fmt: FormatOpt = Output.table,
) -> None:
    """Begin een concept voor een provincie en jaar (een jaarlijkse versie kopieert de laatst vastgestelde)."""
    from novex import bootstrap
    from novex.arrangement.service import ArrangementService

    bootstrap.init()
    try:
        with bootstrap.unit_of_work() as uow:
            service = uow.get(ArrangementService)
            created = service.create(OPERATOR, provincie.upper(), jaar, str(generatie))
            body = _json(service, created)
    except NovexError as exc:
        fail(exc)
    if fmt is Output.json:
        print_json(body)
        return
    basis = f", kopie van versie {created.vorige_versie}" if created.vorige_versie else ""
    out.print(
        f"ruimtelijk arrangement {created.id} aangemaakt: {body['provincie_naam'] or created.provincie} {jaar} "
        f"({created.generatie}{basis}; {len(created.afspraken)} afspraken, {len(created.open_knopen)} open knopen)"
    )


@ra_app.command("list")
def list_(
    provincie: Annotated[str | None, typer.Option("--provincie", "-p", help="CBS-code, bijv. PV26.")] = None,
    jaar: Annotated[int | None, typer.Option(help="Het jaar.", min=2023, max=2100)] = None,
    status: Annotated[str | None, typer.Option(help="concept, voorgelegd, vastgesteld of vervangen.")] = None,
    fmt: FormatOpt = Output.table,
) -> None:
    """Toon de versies per provincie en jaar."""
    from novex import bootstrap
    from novex.arrangement.present import summary_json
    from novex.arrangement.service import ArrangementService

    try:
        with bootstrap.unit_of_work(write=False) as uow:
            service = uow.get(ArrangementService)
            found = service.list(OPERATOR, provincie.upper() if provincie else None, jaar, status)
            items = [summary_json(ra, service.province_names.get(ra.provincie)) for ra in found]
    except NovexError as exc:
        fail(exc)
    if fmt is Output.json:
        print_json(items)
        return
    columns = ["id", "provincie", "jaar", "generatie", "status", "afspraken", "investeringen", "vastgesteld in"]
    shown = table("Ruimtelijke arrangementen", columns, right={"afspraken", "investeringen"})
    for i in items:
        bol = i["vastgesteld_in"]
        shown.add_row(str(i["id"]), i["provincie_naam"] or i["provincie"], str(i["jaar"]), i["generatie"],
                      i["status_naam"], str(i["afspraken"]), str(i["investeringen"]),
                      f"{user_text(bol['naam'])} ({bol['datum']})" if bol else "")  # fmt: skip
    out.print(shown)


@ra_app.command("show")
def show(id: ArrangementId, fmt: FormatOpt = Output.table) -> None:
    """Toon één versie: de vijf onderdelen, de afspraken, investeringen, inclusies en open knopen."""
    from novex import bootstrap
    from novex.arrangement.present import bevindingen_json, history_json
    from novex.arrangement.service import ArrangementService

    try:
        with bootstrap.unit_of_work(write=False) as uow:
            service = uow.get(ArrangementService)
            ra = service.get(OPERATOR, id)
            body = _json(service, ra)
            findings = bevindingen_json(service.smart(OPERATOR, id), ra)
            body["geschiedenis"] = history_json(service.history_of(OPERATOR, id))
    except NovexError as exc:
        fail(exc)
    if fmt is Output.json:
        print_json(body)
        return
    out.print(f"[bold]Ruimtelijk arrangement {body['id']}: {body['provincie_naam'] or body['provincie']} "
              f"{body['jaar']}[/]", highlight=False)  # fmt: skip
    adopted = body["vastgesteld_in"]
    where = f" in {user_text(adopted['naam'])} ({adopted['datum']})" if adopted else ""
    out.print(f"status: {body['status_naam']}{where} · generatie: {body['generatie']} · versie {body['versie']}")
    if body["ondertekening"]:
        signed = body["ondertekening"]
        out.print(f"ondertekend op {signed['datum']} door {user_text(', '.join(signed['ondertekenaars']))}")
    parts = table("Onderdelen (seed 003 §4.1)", ["#", "onderdeel", "toelichting"])
    for o in body["onderdelen"]:
        parts.add_row(str(o["nummer"]), o["titel"], user_text(o["toelichting"]))
    out.print(parts)
    open_per_key: dict[str, int] = {}
    for f in findings:
        if not f["gemotiveerd"]:
            open_per_key[f["afspraak"]] = open_per_key.get(f["afspraak"], 0) + 1
    agreements = table("Afspraken", ["sleutel", "onderdeel", "afspraak", "eigenaren", "deadline", "SMART"])
    for a in body["afspraken"]:
        owners = ", ".join(e["naam"] for e in a["eigenaren"])
        count = open_per_key.get(a["sleutel"], 0)
        agreements.add_row(user_text(a["sleutel"]), str(a["onderdeel"]), user_text(a["tekst"]), user_text(owners),
                           a["deadline"] or "", f"{count} open" if count else "in orde")  # fmt: skip
    out.print(agreements)
    if body["investeringen"]:
        money = table("Investeringsafspraken (onderdeel 5)", ["sleutel", "programma", "fonds", "bedrag (€)",
                                                               "gelabeld voor"], right={"bedrag (€)"})  # fmt: skip
        for i in body["investeringen"]:
            money.add_row(user_text(i["sleutel"]), user_text(i["programma"]), i["fonds"], i["bedrag"],
                          user_text(i["gelabeld_voor"]))  # fmt: skip
        out.print(money)
    for i in body["inclusies"]:
        verdict = "opgenomen" if i["opgenomen"] else "niet (of nog niet) opgenomen"
        met = " ".join(f"{c['nummer']}:{_yes_no(c['besluit'])}" for c in i["criteria"])
        out.print(f"vraagstuk {i['vraagstuk_id']}: {verdict} (inclusiecriteria {met})")
    for k in body["open_knopen"]:
        out.print(f"[yellow]Open knoop:[/] {user_text(k['omschrijving'])}", highlight=False)


@ra_app.command("check")
def check(id: ArrangementId, fmt: FormatOpt = Output.table) -> None:
    """De SMART-toets: per afspraak en criterium wat ontbreekt of vaag is (met de vastgelegde motivering)."""
    from novex import bootstrap
    from novex.arrangement.present import bevindingen_json
    from novex.arrangement.service import ArrangementService

    try:
        with bootstrap.unit_of_work(write=False) as uow:
            service = uow.get(ArrangementService)
            ra = service.get(OPERATOR, id)
            findings = bevindingen_json(service.smart(OPERATOR, id), ra)
    except NovexError as exc:
        fail(exc)
    if fmt is Output.json:
        print_json(findings)
        return
    if not findings:
        out.print(f"ruimtelijk arrangement {id}: geen SMART-bevindingen")
        return
    shown = table(f"SMART-toets van ruimtelijk arrangement {id}", ["afspraak", "criterium", "melding", "motivering"])
    for f in findings:
        shown.add_row(user_text(f["afspraak"]), f["criterium"], user_text(f["melding"]),
                      user_text(f["motivering"] or "–"))  # fmt: skip
    out.print(shown)
    still_open = sum(not f["gemotiveerd"] for f in findings)
    out.print(f"{len(findings)} bevindingen, waarvan {still_open} zonder motivering")


def _move(id: int, naar: str, reden: str | None, vergadering_id: int | None, fmt: Output) -> None:
    from novex import bootstrap
    from novex.arrangement.service import ArrangementService

    try:
        with bootstrap.unit_of_work() as uow:
            service = uow.get(ArrangementService)
            body = _json(service, service.move(OPERATOR, id, naar, reden, vergadering_id))
    except NovexError as exc:
        fail(exc)
    if fmt is Output.json:
        print_json(body)
        return
    adopted = body["vastgesteld_in"]
    where = f" in {user_text(adopted['naam'])} ({adopted['datum']})" if adopted and naar == "vastgesteld" else ""
    out.print(f"ruimtelijk arrangement {id} is nu {body['status_naam'].lower()}{where}")


@ra_app.command("propose")
def propose(
    id: ArrangementId,
    reden: Annotated[str | None, typer.Option(help="Waarom nu (komt in de geschiedenis).")] = None,
    fmt: FormatOpt = Output.table,
) -> None:
    """Leg een concept voor aan het BOL (geweigerd zolang een SMART-bevinding zonder motivering openstaat)."""
    _move(id, "voorgelegd", reden, None, fmt)


@ra_app.command("adopt")
def adopt(
    id: ArrangementId,
    bol: Annotated[
        int | None,
        typer.Option(
            metavar="VERGADERING_ID", help="Het BOL waarin het is vastgesteld (jaarlijkse versie).", min=1, max=MAX_ID
        ),
    ] = None,  # fmt: skip
    reden: Annotated[str | None, typer.Option(help="Toelichting (komt in de geschiedenis).")] = None,
    fmt: FormatOpt = Output.table,
) -> None:
    """Leg de vaststelling van een voorgelegde versie vast: in welk BOL (een eerste generatie: na ondertekening)."""
    _move(id, "vastgesteld", reden, bol, fmt)


@ra_app.command("diff")
def diff(
    a: Annotated[int, typer.Argument(metavar="A", help="Id van de oude versie.", min=1, max=MAX_ID)],
    b: Annotated[int, typer.Argument(metavar="B", help="Id van de nieuwe versie.", min=1, max=MAX_ID)],
    fmt: FormatOpt = Output.table,
) -> None:
    """Wat veranderde van versie A naar versie B: afspraken erbij, vervallen, per veld gewijzigd; de status."""
    from novex import bootstrap
    from novex.arrangement.present import verschil_json
    from novex.arrangement.service import ArrangementService

    try:
        with bootstrap.unit_of_work(write=False) as uow:
            body = verschil_json(uow.get(ArrangementService).diff(OPERATOR, a, b))
    except NovexError as exc:
        fail(exc)
    if fmt is Output.json:
        print_json(body)
        return
    out.print(f"[bold]Van versie {a} naar versie {b}[/]", highlight=False)
    if body["leeg"]:
        out.print("geen verschillen")
        return
    if body["status"]:
        out.print(f"status: {body['status']['oud']} → {body['status']['nieuw']}")
    changes = table("Wijzigingen", ["wat", "veld", "oud", "nieuw"])
    for c in body["velden"] + body["onderdelen"] + body["inclusies"]:
        changes.add_row("arrangement", c["veld"], _short(c["oud"]), _short(c["nieuw"]))
    for kind in ("afspraken", "investeringen"):
        for item in body[kind]["toegevoegd"]:
            changes.add_row(f"{kind}: {user_text(item['sleutel'])}", "toegevoegd", "", _short(_label(item)))
        for item in body[kind]["vervallen"]:
            changes.add_row(f"{kind}: {user_text(item['sleutel'])}", "vervallen", _short(_label(item)), "")
        for w in body[kind]["gewijzigd"]:
            for c in w["velden"]:
                changes.add_row(f"{kind}: {user_text(w['sleutel'])}", c["veld"], _short(c["oud"]), _short(c["nieuw"]))
    for k in body["knopen_toegevoegd"]:
        changes.add_row("open knoop", "toegevoegd", "", _short(k["omschrijving"]))
    for k in body["knopen_vervallen"]:
        changes.add_row("open knoop", "niet meer open", _short(k["omschrijving"]), "")
    out.print(changes)


@ra_app.command("export")
def export(
    id: Annotated[
        int,
        typer.Argument(
            metavar="ID",
            help="Id van het arrangement; bij bol-afsprakenlijst: vergadering-id van het BOL.",
            min=1,
            max=MAX_ID,
        ),
    ],  # fmt: skip
    output: Annotated[Path, typer.Option("-o", "--output", help="Het bestand (een map: de voorgestelde naam erin).")],
    soort: Annotated[Soort, typer.Option(help="arrangement, verschil of bol-afsprakenlijst.")] = Soort.arrangement,
    fmt: Annotated[
        Bestandsformaat, typer.Option("--format", help="pdf of html; bij bol-afsprakenlijst ook csv of xlsx.")
    ] = Bestandsformaat.pdf,
    openbaar: Annotated[
        bool, typer.Option("--openbaar", help="Openbare variant: namen van personen weggelaten.")
    ] = False,
    met: Annotated[
        int | None,
        typer.Option(metavar="B", help="Bij --soort verschil: de versie om mee te vergelijken.", min=1, max=MAX_ID),
    ] = None,
) -> None:
    """Schrijf een document van het arrangement: het arrangement, het verschil tussen twee versies, de BOL-lijst."""
    from novex import bootstrap

    if soort is Soort.verschil and met is None:
        fail("--met: geef de versie om mee te vergelijken (bij --soort verschil)")
    if str(output) in ("", "."):
        fail("-o / --output: geef de naam van het bestand (nu leeg)")
    if not output.is_dir() and not output.parent.is_dir():
        fail(f"uitvoerbestand {output}: de map {output.parent} bestaat niet")
    from novex.documents.arrangement import document_bytes

    try:
        with bootstrap.unit_of_work(write=False) as uow:
            content, media_type, name = document_bytes(uow, OPERATOR, str(soort), id, str(fmt), openbaar=openbaar,
                                                       other=met)  # fmt: skip
    except NovexError as exc:
        fail(exc)
    target = output / name if output.is_dir() else output
    try:
        target.write_bytes(content)
    except OSError as exc:
        fail(f"uitvoerbestand {target} kan niet worden geschreven: {_why(exc)}")
    shown = f"{soort} {id}" + (f" en {met}" if soort is Soort.verschil else "")
    out.print(f"{shown} geschreven naar {target} ({len(content):,} bytes, {media_type}"
              f"{', openbaar' if openbaar else ''})")  # fmt: skip


def _why(exc: OSError) -> str:
    """Why a file could not be written, in Dutch (the operating system's own message is English)."""
    reasons = {
        IsADirectoryError: "dat is een map",
        FileNotFoundError: "de map bestaat niet",
        NotADirectoryError: "een deel van het pad is geen map",
        PermissionError: "geen schrijfrechten",
    }
    return next((text for kind, text in reasons.items() if isinstance(exc, kind)), f"systeemfout {exc.errno}")


def _yes_no(value: bool | None) -> str:
    return {True: "ja", False: "nee", None: "–"}[value]


def _label(item: dict[str, Any]) -> str:
    return str(item.get("tekst") or f"{item.get('programma')}: € {item.get('bedrag')}")


def _short(value: Any, limit: int = 120) -> str:
    """A value for a table cell: text as is, anything else as JSON; long text cut with '…'."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return user_text(text if len(text) <= limit else text[: limit - 1] + "…")
