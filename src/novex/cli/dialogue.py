"""Vraagstukken on the command line: signal, list, show, triage, move (seed 002)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

from novex.cli.common import OPERATOR, FormatOpt, Output, fail, out, print_json, table, user_text
from novex.errors import NovexError

vraagstuk_app = typer.Typer(
    help="Vraagstukken van de doorlopende dialoog: signaleren, triage, fasen (BOB).", no_args_is_help=True
)


VraagstukId = Annotated[int, typer.Argument(help="Id van het vraagstuk.", min=1, max=2_147_483_647)]
ListOpt = Annotated[list[str] | None, typer.Option(help="Herhaalbaar.")]


@vraagstuk_app.command("new")
def new(
    titel: Annotated[str, typer.Option(help="Korte titel.")],
    provincie: Annotated[list[str], typer.Option("--provincie", "-p", help="CBS-code, bijv. PV26; herhaalbaar.")],
    herkomst: Annotated[str, typer.Option(help="ruimtelijk-arrangement, voortgang, informeel-contact, …")] = (
        "informeel-contact"
    ),
    beschrijving: Annotated[str | None, typer.Option(help="Wat speelt er?")] = None,
    claim: Annotated[
        list[int] | None, typer.Option(help="Gekoppelde claim-id; herhaalbaar.", min=1, max=2_147_483_647)
    ] = None,
    conflict: Annotated[list[str] | None, typer.Option(help="Conflict-id uit de analyse, bijv. C-12-40.")] = None,
    domein: ListOpt = None,
    gebied: Annotated[list[str] | None, typer.Option(help="NOVEX-gebied (catalogus-id); herhaalbaar.")] = None,
    accounthouder: Annotated[str | None, typer.Option(help="E-mailadres van een VRO-gebruiker.")] = None,
    deadline: Annotated[str | None, typer.Option(help="JJJJ-MM-DD.")] = None,
    fmt: FormatOpt = Output.table,
) -> None:
    """Signaleer een vraagstuk (fase gesignaleerd)."""
    from novex import bootstrap
    from novex.dialogue.model import VraagstukDraft
    from novex.dialogue.present import vraagstuk_json
    from novex.dialogue.service import VraagstukService

    bootstrap.init()
    try:
        draft = VraagstukDraft(
            titel=titel, provincies=tuple(provincie), herkomst=herkomst, beschrijving=beschrijving,
            claims=tuple(claim or ()), conflicten=tuple(conflict or ()), domeinen=tuple(domein or ()),
            gebieden=tuple(gebied or ()), accounthouder=accounthouder, deadline=_date(deadline),
        )  # fmt: skip
        with bootstrap.unit_of_work() as uow:
            service = uow.get(VraagstukService)
            created = service.signal(OPERATOR, draft)
            body = vraagstuk_json(created, service)
    except NovexError as exc:
        fail(exc)
    if fmt is Output.json:
        print_json(body)
    else:
        out.print(f"vraagstuk {created.id} gesignaleerd: {user_text(created.titel)} ({', '.join(created.provincies)})")


@vraagstuk_app.command("list")
def list_(
    provincie: Annotated[list[str] | None, typer.Option("--provincie", "-p", help="CBS-code; herhaalbaar.")] = None,
    fase: ListOpt = None,
    domein: ListOpt = None,
    fmt: FormatOpt = Output.table,
) -> None:
    """Toon de vraagstukken, nieuwste eerst."""
    from novex import bootstrap
    from novex.dialogue.bob import FASE_NAMEN
    from novex.dialogue.model import VraagstukFilter
    from novex.dialogue.present import vraagstuk_json
    from novex.dialogue.service import VraagstukService

    where = VraagstukFilter(tuple(p.upper() for p in provincie or ()), tuple(fase or ()), tuple(domein or ()))
    try:
        with bootstrap.unit_of_work(write=False) as uow:
            found = uow.get(VraagstukService).list(OPERATOR, where)
    except NovexError as exc:
        fail(exc)
    if fmt is Output.json:
        print_json([vraagstuk_json(v) for v in found])
        return
    shown = table("Vraagstukken", ["id", "titel", "fase", "provincies", "leidend", "volgende tafel", "deadline"])
    for v in found:
        deadline = v.deadline.isoformat() if v.deadline else ""
        shown.add_row(str(v.id), user_text(v.titel), FASE_NAMEN[v.fase], ", ".join(v.provincies), v.leidend or "",
                      v.volgende_tafel or "", deadline)  # fmt: skip
    out.print(shown)


@vraagstuk_app.command("show")
def show(vraagstuk_id: VraagstukId, fmt: FormatOpt = Output.table) -> None:
    """Toon één vraagstuk: fase, triage met onderbouwing, leidende partij, waarschuwingen, geschiedenis."""
    from novex import bootstrap
    from novex.dialogue.present import vraagstuk_json
    from novex.dialogue.service import VraagstukService

    try:
        with bootstrap.unit_of_work(write=False) as uow:
            service = uow.get(VraagstukService)
            body = vraagstuk_json(service.get(OPERATOR, vraagstuk_id), service)
            body["geschiedenis"] = [
                {
                    "van": m.source,
                    "naar": m.target,
                    "door": m.actor,
                    "reden": m.reden,
                    "tijdstip": m.tijdstip.isoformat(),
                }
                for m in service.history_of(OPERATOR, vraagstuk_id)
            ]
    except NovexError as exc:
        fail(exc)
    if fmt is Output.json:
        print_json(body)
        return
    out.print(f"[bold]Vraagstuk {body['id']}: {user_text(body['titel'])}[/]", highlight=False)
    out.print(f"fase: {body['fase_naam']} · provincies: {', '.join(body['provincies'])} · versie {body['versie']}")
    lead = body["leidend"]
    out.print(f"leidend: {lead['besluit'] or '(nog niet besloten)'}; suggestie: {user_text(lead['onderbouwing'])}")
    criteria = table("Triage (seed 002 §3.3)", ["criterium", "suggestie", "besluit", "onderbouwing"])
    for c in body["triage"]["criteria"]:
        criteria.add_row(c["code"], _yes_no(c["suggestie"]), _yes_no(c["besluit"]), user_text(c["onderbouwing"]))
    out.print(criteria)
    for warning in body["waarschuwingen"]:
        out.print(f"[yellow]Let op:[/] {user_text(warning)}", highlight=False)
    for step in body["geschiedenis"]:
        out.print(
            f"{step['tijdstip'][:16]} {step['van']} → {step['naar']} "
            f"({user_text(step['door'])}) {user_text(step['reden'] or '')}"
        )


@vraagstuk_app.command("triage")
def triage(
    vraagstuk_id: VraagstukId,
    criterium: Annotated[
        list[str] | None,
        typer.Option(help="code=ja|nee[:motivering], bijv. 1=ja of 3=nee:geen prioriteit in de POVI; herhaalbaar."),
    ] = None,
    advies: Annotated[str | None, typer.Option(help="Advies van de VRO-accounthouder.")] = None,
    besloten_door: Annotated[str | None, typer.Option(help="Bijv. 'Regietafel NOVEX'.")] = None,
    afwijking: Annotated[str | None, typer.Option(help="Waarom het vraagstuk doorgaat ondanks de criteria.")] = None,
    fmt: FormatOpt = Output.table,
) -> None:
    """Leg de triage vast: per criterium (1, 2a, 2b, 3) een besluit, het advies en wie besloot."""
    from novex import bootstrap
    from novex.dialogue.model import Criterium, Triage
    from novex.dialogue.present import vraagstuk_json
    from novex.dialogue.service import VraagstukService

    try:
        criteria = tuple(_criterion(text) for text in criterium or ())
        with bootstrap.unit_of_work() as uow:
            service = uow.get(VraagstukService)
            current = service.get(OPERATOR, vraagstuk_id)
            recorded = Triage(criteria or tuple(Criterium(c.code, besluit=c.besluit, motivering=c.motivering)
                                                for c in current.triage.criteria),
                              advies or current.triage.advies, besloten_door or current.triage.besloten_door,
                              afwijking or current.triage.afwijking)  # fmt: skip
            changed = service.set_triage(OPERATOR, vraagstuk_id, recorded, current.version)
            body = vraagstuk_json(changed, service)
    except NovexError as exc:
        fail(exc)
    if fmt is Output.json:
        print_json(body)
    else:
        state = "compleet" if body["triage"]["compleet"] else "nog niet compleet"
        out.print(f"triage van vraagstuk {vraagstuk_id} vastgelegd ({state})")


@vraagstuk_app.command("move")
def move(
    vraagstuk_id: VraagstukId,
    naar: Annotated[str, typer.Argument(help="De nieuwe fase, bijv. beeldvorming.")],
    reden: Annotated[
        str | None, typer.Option(help="Waarom (verplicht voor elders-belegd, afgesloten, knelpunt).")
    ] = None,
    plek: Annotated[str | None, typer.Option(help="Bij elders-belegd: de plek uit het register.")] = None,
    fmt: FormatOpt = Output.table,
) -> None:
    """Zet een vraagstuk in een andere fase (de stroom bepaalt wat kan)."""
    from novex import bootstrap
    from novex.dialogue.present import vraagstuk_json
    from novex.dialogue.service import VraagstukService

    try:
        with bootstrap.unit_of_work() as uow:
            service = uow.get(VraagstukService)
            moved = service.move_to(OPERATOR, vraagstuk_id, naar, reden, plek=plek)
            body = vraagstuk_json(moved, service)
    except NovexError as exc:
        fail(exc)
    if fmt is Output.json:
        print_json(body)
    else:
        out.print(f"vraagstuk {vraagstuk_id} is nu in fase {body['fase_naam']}")


def _yes_no(value: bool | None) -> str:
    return {True: "ja", False: "nee", None: "–"}[value]


def _criterion(text: str) -> Any:
    from novex.dialogue.model import CRITERIA, Criterium
    from novex.errors import InvalidInput

    code, _, rest = text.partition("=")
    answer, _, motivation = rest.partition(":")
    if code.strip() not in CRITERIA or answer.strip().lower() not in ("ja", "nee"):
        raise InvalidInput(f"--criterium {text!r}: verwacht code=ja|nee[:motivering] met code {', '.join(CRITERIA)}")
    return Criterium(code.strip(), besluit=answer.strip().lower() == "ja", motivering=motivation.strip() or None)


def _date(text: str | None) -> date | None:
    from novex.errors import InvalidInput

    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"--deadline {text!r}: verwacht JJJJ-MM-DD") from None
