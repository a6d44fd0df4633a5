"""`novex monitor …`: measurements, import, statuses, rounds and the yearly report on the command line.

The operator of the server acts (as `novex ra` does); the rights, checks and audit trail are the
service's (`novex.monitor.service`). JSON output is the shape the API gives for the same objects.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from novex.cli.common import OPERATOR, FormatOpt, Output, err, fail, out, print_json, table, user_text
from novex.errors import NovexError

monitor_app = typer.Typer(
    help="De uniforme monitor: metingen, status per afspraak, monitorrondes en de voortgangsrapportage.",
    no_args_is_help=True,
)
meting_app = typer.Typer(help="Metingen van afspraken: invoeren, tonen, verwijderen.", no_args_is_help=True)
ronde_app = typer.Typer(
    help="De jaarlijkse monitorronde per provincie: openen, beeld schrijven, afsluiten, tonen.", no_args_is_help=True
)
monitor_app.add_typer(meting_app, name="meting")
monitor_app.add_typer(ronde_app, name="ronde")

MAX_ID = 2_147_483_647
MAX_FILE = 20 * 1024 * 1024
"""An import file or a picture's text file: at most 20 MB."""
SUGGESTIE = "suggestie"
"""The STATUS of `zet-status` that returns an agreement to the platform's suggestion."""


AfspraakArg = Annotated[str, typer.Argument(metavar="AFSPRAAK", help="PROVINCIE/SLEUTEL, bijv. PV26/A1.")]
ProvincieOpt = Annotated[str | None, typer.Option("--provincie", "-p", help="CBS-code of naam, bijv. PV26.")]
RondeId = Annotated[int, typer.Argument(metavar="ID", help="Id van de monitorronde.", min=1, max=MAX_ID)]
VersieOpt = Annotated[int, typer.Option("--versie", help="De versie die u hebt gelezen (ronde show).", min=1,
                                        max=MAX_ID)]  # fmt: skip


def _service(uow: Any) -> Any:
    from novex.monitor.service import MonitorService

    return uow.get(MonitorService)


def _code(service: Any, text: str | None) -> str | None:
    """A province's CBS code from its code or name; as given when unknown (the service then names it)."""
    if text is None:
        return None
    wanted = text.strip().lower()
    return next((c for c, n in service.province_names.items() if wanted in (c.lower(), n.lower())), text)


def _meting_json(m: Any) -> dict[str, Any]:
    from novex.monitor.codec import plain

    return {"afspraak": str(m.afspraak)} | plain(m)


def _ronde_json(service: Any, ronde: Any) -> dict[str, Any]:
    """A round as the API shows it: `versie` for the next write, the province's name beside its code."""
    from novex.monitor.codec import plain

    body = plain(ronde)
    body["versie"] = body.pop("version")
    return body | {"provincie_naam": service.province_names.get(ronde.provincie)}


def _shown(text: object, limit: int = 40) -> str:
    """What the user typed, for an error message: `limit` characters, control characters as escapes.

    (`fail` escapes Rich markup itself.)
    """
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in str(text)[:limit])


def _waarde(text: str) -> float:
    """A value as typed, read the way an import reads a ';'-separated file (the Dutch way, never a guess)."""
    from novex.monitor.invoer import getal

    number, why = getal(text)
    if number is None:
        fail(f"--waarde: '{_shown(text)}' {why} (bijv. 1250, 1250.5 of 1.250,5)")
    return number


def _datum(text: str) -> date:
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text.strip()):
            return date.fromisoformat(text.strip())
    except ValueError:
        pass
    fail(f"--datum: '{_shown(text)}' is geen datum (JJJJ-MM-DD, bijv. 2026-03-31)")


def _read(path: Path, what: str) -> bytes:
    """A file's bytes for `what` (an option's name), refused in Dutch when absent, a folder or too large."""
    if not path.is_file():
        fail(f"{what} {_shown(path, 300)}: " + ("dat is een map" if path.is_dir() else "het bestand bestaat niet"))
    if path.stat().st_size > MAX_FILE:
        fail(f"{what} {_shown(path, 300)}: het bestand is groter dan {MAX_FILE // (1 << 20)} MB")
    try:
        return path.read_bytes()
    except OSError as exc:
        fail(f"{what} {_shown(path, 300)} kan niet worden gelezen (systeemfout {exc.errno})")


# -- measurements ---------------------------------------------------------------------------------------


@meting_app.command("add")
def meting_add(
    afspraak: AfspraakArg,
    waarde: Annotated[str, typer.Option(help="De gemeten waarde, bijv. 1250 of 1.250,5.")],
    datum: Annotated[str, typer.Option(help="De datum van de meting (JJJJ-MM-DD).")],
    bron: Annotated[str, typer.Option(help="Waar de waarde vandaan komt, bijv. CBS.")],
    toelichting: Annotated[str, typer.Option(help="Een toelichting bij de meting.")] = "",
    fmt: FormatOpt = Output.table,
) -> None:
    """Voer een meting in van een afspraak uit het vastgestelde ruimtelijk arrangement."""
    from novex import bootstrap
    from novex.monitor.service import parse_ref

    number, day = _waarde(waarde), _datum(datum)
    try:
        ref = parse_ref(afspraak)
        with bootstrap.unit_of_work() as uow:
            saved = _service(uow).add_meting(OPERATOR, ref.provincie, ref.sleutel, number, day, bron, toelichting)
    except NovexError as exc:
        fail(exc)
    if fmt is Output.json:
        print_json(_meting_json(saved))
        return
    from novex.nl import format_number

    shown = f"{format_number(saved.waarde)} op {saved.datum.isoformat()} (bron: {user_text(saved.bron)})"
    out.print(f"meting {saved.id} opgeslagen: afspraak {user_text(str(saved.afspraak))} = {shown}")


@meting_app.command("list")
def meting_list(
    provincie: ProvincieOpt = None,
    afspraak: Annotated[str | None, typer.Option(help="PROVINCIE/SLEUTEL, bijv. PV26/A1.")] = None,
    fmt: FormatOpt = Output.table,
) -> None:
    """Toon de metingen (oudste eerst), van een provincie of een afspraak."""
    from novex import bootstrap
    from novex.monitor.service import parse_ref

    try:
        with bootstrap.unit_of_work(write=False) as uow:
            service = _service(uow)
            code, sleutel = _code(service, provincie), None
            if afspraak is not None:
                ref = parse_ref(afspraak)
                wanted = _code(service, ref.provincie)
                if code is not None and code != wanted:
                    fail(f"--provincie {_shown(provincie)} en --afspraak {_shown(afspraak)} spreken elkaar tegen")
                code, sleutel = wanted, ref.sleutel
            items = [_meting_json(m) for m in service.metingen(OPERATOR, code, sleutel)]
    except NovexError as exc:
        fail(exc)
    if fmt is Output.json:
        print_json(items)
        return
    from novex.nl import format_number

    shown = table("Metingen", ["id", "afspraak", "datum", "waarde", "bron", "toelichting", "ingevoerd door"],
                  right={"id", "waarde"})  # fmt: skip
    for m in items:
        shown.add_row(str(m["id"]), user_text(m["afspraak"]), m["datum"], format_number(m["waarde"]),
                      user_text(m["bron"]), user_text(m["toelichting"]), user_text(m["ingevoerd_door"]))  # fmt: skip
    out.print(shown)
    out.print(f"{len(items)} metingen")


@meting_app.command("remove")
def meting_remove(
    id: Annotated[int, typer.Argument(metavar="ID", help="Id van de meting.", min=1, max=MAX_ID)],
    reden: Annotated[str, typer.Option(help="Waarom (komt in het logboek).")],
) -> None:
    """Verwijder een foute meting; het logboek bewaart haar waarden en de reden."""
    from novex import bootstrap

    try:
        with bootstrap.unit_of_work() as uow:
            removed = _service(uow).remove_meting(OPERATOR, id, reden)
    except NovexError as exc:
        fail(exc)
    out.print(f"meting {removed.id} van afspraak {user_text(str(removed.afspraak))} op {removed.datum.isoformat()} "
              "verwijderd")  # fmt: skip


@monitor_app.command("import")
def importeer(
    bestand: Annotated[Path, typer.Argument(metavar="BESTAND", help="Een .csv- of .xlsx-bestand met metingen.")],
) -> None:
    """Lees metingen uit een CSV- of XLSX-bestand: alle regels of geen, met elke foute regel genoemd.

    Kolommen: afspraak (PV26/A1) of provincie en sleutel, dan waarde, datum en bron; toelichting mag.
    """
    from novex import bootstrap

    if bestand.suffix.lower() not in (".csv", ".xlsx"):
        fail(f"{_shown(bestand.name, 300)}: kies een .csv- of .xlsx-bestand")
    data = _read(bestand, "bestand")
    try:
        with bootstrap.unit_of_work() as uow:
            if err.is_terminal:
                with err.status(f"{bestand.name} lezen en controleren …"):
                    result = _service(uow).importeer(OPERATOR, data, bestand.name)
            else:
                result = _service(uow).importeer(OPERATOR, data, bestand.name)
    except NovexError as exc:
        fail(exc)
    out.print(f"{user_text(bestand.name)}: {result.metingen} metingen ingelezen voor {result.afspraken} afspraken")


# -- statuses -------------------------------------------------------------------------------------------


@monitor_app.command("status")
def status(provincie: ProvincieOpt = None, fmt: FormatOpt = Output.table) -> None:
    """Tel de afspraken per status, per provincie (de status van de eigenaar, anders de suggestie)."""
    from novex import bootstrap

    try:
        with bootstrap.unit_of_work(write=False) as uow:
            service = _service(uow)
            counts = service.telling(OPERATOR, _code(service, provincie))
            lijst, namen = service.statuslijst(), dict(service.province_names)
    except NovexError as exc:
        fail(exc)
    if fmt is Output.json:
        print_json(counts)
        return
    columns = ["provincie", *(s.naam for s in lijst.statussen), "geen status", "totaal"]
    shown = table("Afspraken per status", columns, right=set(columns[1:]), caption=lijst.ontwerpkeuze)
    for code, per in counts.items():
        shown.add_row(f"{namen.get(code, code)} ({code})", *(str(per[s.code]) for s in lijst.statussen),
                      str(per["geen"]), str(sum(per.values())))  # fmt: skip
    out.print(shown)


@monitor_app.command("zet-status")
def zet_status(
    afspraak: AfspraakArg,
    status: Annotated[
        str,
        typer.Argument(metavar="STATUS", help=f"Een statuscode, of '{SUGGESTIE}' om terug te gaan naar de suggestie."),
    ],
    motivering: Annotated[str, typer.Option(help="Waarom deze status (komt in het logboek).")],
) -> None:
    """Stel als eigenaar de status van een afspraak vast, met motivering (of terug naar de suggestie)."""
    from novex import bootstrap
    from novex.monitor.service import parse_ref

    try:
        ref = parse_ref(afspraak)
        with bootstrap.unit_of_work() as uow:
            service = _service(uow)
            chosen = None if status.strip().lower() == SUGGESTIE else status.strip()
            saved = service.zet_status(OPERATOR, ref.provincie, ref.sleutel, chosen, motivering)
            nu = service.afspraak(OPERATOR, saved.provincie, saved.sleutel).regel
            naam = service.statuslijst().naam(nu.status)
    except NovexError as exc:
        fail(exc)
    wat = "vastgesteld" if saved.status else "terug naar de suggestie"
    out.print(f"afspraak {user_text(f'{saved.provincie}/{saved.sleutel}')}: status {wat}; nu '{naam}' "
              f"({user_text(nu.reden)})")  # fmt: skip


# -- the yearly round -----------------------------------------------------------------------------------


def _deelnemer(text: str) -> Any:
    from novex.monitor.model import Deelnemer

    soort, colon, naam = text.partition(":")
    if not colon or not naam.strip():
        fail(f"--deelnemer '{_shown(text)}': schrijf SOORT:NAAM, bijv. ministerie:LVVN")
    return Deelnemer(soort.strip().lower(), naam.strip())


def _ronde_out(body: dict[str, Any], fmt: Output, done: str) -> None:
    if fmt is Output.json:
        print_json(body)
        return
    naam = body["provincie_naam"] or body["provincie"]
    out.print(f"monitorronde {body['id']} ({naam} {body['jaar']}) {done}; status {body['status']}, "
              f"versie {body['versie']}")  # fmt: skip


@ronde_app.command("start")
def ronde_start(
    provincie: Annotated[str, typer.Argument(metavar="PROVINCIE", help="CBS-code of naam, bijv. PV26.")],
    jaar: Annotated[int, typer.Argument(metavar="JAAR", help="Het jaar van de ronde.", min=2023, max=2100)],
    deelnemer: Annotated[
        list[str] | None,
        typer.Option(
            help="SOORT:NAAM (soort: vro, provincie, ministerie, overig); herhaalbaar. Zonder: VRO, de "
            "provincie en de ministeries onder de eigenaren."
        ),
    ] = None,
    fmt: FormatOpt = Output.table,
) -> None:
    """Open de monitorronde van een provincie voor een jaar (alleen VRO, één per provincie en jaar)."""
    from novex import bootstrap

    chosen = [_deelnemer(d) for d in deelnemer] if deelnemer else None
    try:
        with bootstrap.unit_of_work() as uow:
            service = _service(uow)
            body = _ronde_json(service, service.start_ronde(OPERATOR, provincie, jaar, chosen))
    except NovexError as exc:
        fail(exc)
    _ronde_out(body, fmt, "geopend")


@ronde_app.command("beeld")
def ronde_beeld(
    id: RondeId,
    versie: VersieOpt,
    tekst: Annotated[str | None, typer.Option(help="Het kwalitatieve beeld.")] = None,
    bestand: Annotated[Path | None, typer.Option(help="Een UTF-8-tekstbestand met het kwalitatieve beeld.")] = None,
    fmt: FormatOpt = Output.table,
) -> None:
    """Schrijf het kwalitatieve beeld van een open ronde (seed 003 §5.2), uit --tekst of --bestand."""
    from novex import bootstrap

    if (tekst is None) == (bestand is None):
        fail("geef het beeld met --tekst of met --bestand (één van beide)")
    if bestand is not None:
        try:
            tekst = _read(bestand, "--bestand").decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            fail(f"--bestand {_shown(bestand, 300)}: geen UTF-8-tekst (byte {exc.start})")
    try:
        with bootstrap.unit_of_work() as uow:
            service = _service(uow)
            body = _ronde_json(service, service.update_ronde(OPERATOR, id, versie, beeld=tekst))
    except NovexError as exc:
        fail(exc)
    _ronde_out(body, fmt, "bijgewerkt")


@ronde_app.command("sluit")
def ronde_sluit(id: RondeId, versie: VersieOpt, fmt: FormatOpt = Output.table) -> None:
    """Sluit een ronde af: de voortgangsmeter van de provincie wordt bevroren als momentopname."""
    from novex import bootstrap

    try:
        with bootstrap.unit_of_work() as uow:
            service = _service(uow)
            body = _ronde_json(service, service.sluit_ronde(OPERATOR, id, versie))
    except NovexError as exc:
        fail(exc)
    _ronde_out(body, fmt, f"afgesloten met een momentopname van {len(body['momentopname']['standen'])} afspraken")


@ronde_app.command("list")
def ronde_list(
    jaar: Annotated[int | None, typer.Option(help="Het jaar.", min=2023, max=2100)] = None,
    provincie: ProvincieOpt = None,
    fmt: FormatOpt = Output.table,
) -> None:
    """Toon de monitorrondes, per jaar en provincie."""
    from novex import bootstrap

    try:
        with bootstrap.unit_of_work(write=False) as uow:
            service = _service(uow)
            items = [_ronde_json(service, r) for r in service.rondes(OPERATOR, jaar, _code(service, provincie))]
    except NovexError as exc:
        fail(exc)
    if fmt is Output.json:
        print_json(items)
        return
    shown = table("Monitorrondes", ["id", "provincie", "jaar", "status", "versie", "deelnemers", "beeld"],
                  right={"id", "jaar", "versie"})  # fmt: skip
    for r in items:
        beeld = r["beeld"] if len(r["beeld"]) <= 80 else r["beeld"][:79] + "…"
        shown.add_row(str(r["id"]), r["provincie_naam"] or r["provincie"], str(r["jaar"]), r["status"],
                      str(r["versie"]), user_text(", ".join(d["naam"] for d in r["deelnemers"])),
                      user_text(beeld) or "–")  # fmt: skip
    out.print(shown)


@ronde_app.command("show")
def ronde_show(id: RondeId, fmt: FormatOpt = Output.table) -> None:
    """Toon één ronde: deelnemers, het kwalitatieve beeld en, na afsluiten, de bevroren momentopname."""
    from novex import bootstrap

    try:
        with bootstrap.unit_of_work(write=False) as uow:
            service = _service(uow)
            ronde = service.ronde(OPERATOR, id)
            body, lijst = _ronde_json(service, ronde), service.statuslijst()
    except NovexError as exc:
        fail(exc)
    if fmt is Output.json:
        print_json(body)
        return
    out.print(f"[bold]Monitorronde {id}: {body['provincie_naam'] or body['provincie']} {body['jaar']}[/]",
              highlight=False)  # fmt: skip
    out.print(f"status: {body['status']} · versie {body['versie']}")
    out.print("deelnemers: " + user_text(", ".join(f"{d['naam']} ({d['soort']})" for d in body["deelnemers"])))
    out.print("kwalitatief beeld: " + (user_text(body["beeld"]) or "nog niet geschreven"))
    snapshot = body["momentopname"]
    if snapshot is None:
        return
    shown = table(f"Momentopname van {snapshot['datum']}", ["afspraak", "laatste meting", "status", "reden"],
                  caption=lijst.ontwerpkeuze)  # fmt: skip
    for s in snapshot["standen"]:
        gemeten = f"{s['laatste_waarde']:g} ({s['laatste_datum']})" if s["laatste_waarde"] is not None else "–"
        gezet = " (eigenaar)" if s["gezet"] else ""
        shown.add_row(user_text(s["sleutel"]), gemeten, lijst.naam(s["status"]) + gezet, user_text(s["reden"]))
    out.print(shown)


# -- the yearly report ----------------------------------------------------------------------------------

FORMATEN = {".pdf": "pdf", ".html": "html", ".htm": "html"}


@monitor_app.command("rapport")
def rapport(
    jaar: Annotated[int, typer.Argument(metavar="JAAR", help="Het jaar van de rapportage.", min=2023, max=2100)],
    output: Annotated[Path, typer.Option("-o", "--output", help="Het bestand: .pdf of .html.")],
) -> None:
    """Schrijf de jaarlijkse voortgangsrapportage (seed 003 §5.2); het formaat volgt uit de extensie."""
    from novex import bootstrap

    fmt = FORMATEN.get(output.suffix.lower())
    if fmt is None:
        fail(f"-o {_shown(output, 300)}: kies een bestand dat eindigt op .pdf of .html")
    if output.is_dir():
        fail(f"uitvoerbestand {_shown(output, 300)}: dat is een map")
    if not output.parent.is_dir():
        fail(f"uitvoerbestand {_shown(output, 300)}: de map {_shown(output.parent, 300)} bestaat niet")
    from novex.documents.monitor import rapport_document

    try:
        with bootstrap.unit_of_work(write=False) as uow:
            content, media_type, _ = rapport_document(uow, OPERATOR, jaar, fmt)
    except NovexError as exc:
        fail(exc)
    try:
        output.write_bytes(content)
    except OSError as exc:
        fail(f"uitvoerbestand {_shown(output, 300)} kan niet worden geschreven (systeemfout {exc.errno})")
    out.print(f"voortgangsrapportage {jaar} geschreven naar {output} ({len(content):,} bytes, {media_type})")
