"""Scenarios on the command line: `novex scenario new|list|show|wijzig|toevoeg|verschuif|undo|redo|analyse|…`.

A scenario is a what-if over the current voorstellen; it changes no real voorstel until it is promoted.
The operator of the server acts (as the other commands do); the rights, checks, versions and audit trail
are the service's (`novex.scenarios.service`). A geometry comes from a file, read by the import's own
rules (`novex.claims.geometrie`). JSON output is the API's shape (`novex.scenarios.present`).
"""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Any

import typer

from novex.cli.common import OPERATOR, FormatOpt, Output, err, fail, out, print_json, table, user_text
from novex.errors import NovexError
from novex.nl import format_fixed, format_number

scenario_app = typer.Typer(
    help="Scenario's: claims en opgaven herschikken binnen en tussen provincies, vergelijken en promoveren.",
    no_args_is_help=True,
)

MAX_ID = 2_147_483_647
MAX_FILE = 50 * 1024 * 1024
"""A geometry file for one claim: at most 50 MB (as an upload)."""
STATUSSEN = ("idee", "zoekgebied", "voorgenomen", "vastgesteld")

ScenarioArg = Annotated[str, typer.Argument(metavar="SCENARIO", help="Id of naam van het scenario.")]
VersieOpt = Annotated[
    int | None, typer.Option("--versie", min=1, max=MAX_ID, help="De versie die u las (zonder: de huidige).")
]
RedenOpt = Annotated[str, typer.Option("--reden", help="Waarom (komt in het scenario en het logboek).")]
HerstelOpt = Annotated[
    bool, typer.Option("--herstel", help="Ook ongeldige geometrie herstellen als het herstel de vorm verandert.")
]
MinConflictOpt = Annotated[
    float, typer.Option("--min-conflict-ha", min=0, max=1_000_000, help="Kleinste conflict dat telt, in ha.")
]


def _run(work: Any, write: bool = True) -> Any:
    """Run `work(service)` in one unit of work; a domain error ends in Dutch with exit code 1."""
    from novex import bootstrap
    from novex.scenarios.service import ScenarioService

    if write:
        bootstrap.init()
    else:
        bootstrap.ensure_initialised()
    try:
        with bootstrap.unit_of_work(write=write) as uow:
            return work(uow.get(ScenarioService))
    except NovexError as exc:
        fail(exc)


def _busy(text: str) -> Any:
    """A spinner on the terminal while a long computation runs (nothing when output is not one)."""
    return err.status(text) if err.is_terminal else nullcontext()


def _geometry(path: Path, herstel: bool) -> Any:
    """The one feature of a GeoJSON, GeoPackage or Shapefile, read by the import's rules."""
    from novex.claims.geometrie import geometry_from_file
    from novex.edge.uploads import upload_name

    if path.is_dir():
        fail(f"{path} is een map, geen bestand")
    if not path.is_file():
        fail(f"bestand {path} bestaat niet")
    if path.stat().st_size > MAX_FILE:
        fail(f"bestand {upload_name(path.name)} is groter dan {MAX_FILE // (1024 * 1024)} MB")
    try:
        return geometry_from_file(path, upload_name(path.name), herstel).geometry
    except NovexError as exc:
        fail(exc)


def _status(text: str | None) -> Any:
    from novex.claims.model import ClaimStatus

    if text is None:
        return None
    try:
        return ClaimStatus(text.strip().lower())
    except ValueError:
        fail(f"status '{user_text(text[:40])}': kies {', '.join(STATUSSEN[:-1])} of {STATUSSEN[-1]}")


def _changed(saved: Any, what: str) -> None:
    """Say which change was made and the scenario's new version."""
    from novex.scenarios.toepassen import describe

    last = saved.wijzigingen[saved.stand - 1] if saved.stand else None
    line = f": {user_text(describe(last))}" if last is not None and what == "toegevoegd" else ""
    out.print(f"Scenario '{user_text(saved.naam)}' ({saved.id}): wijziging {what}{line} — "
              f"{saved.stand} van {len(saved.wijzigingen)} gelden (versie {saved.version})")  # fmt: skip


# -- making, listing, showing -------------------------------------------------------------------------------


@scenario_app.command("new")
def new(
    naam: Annotated[str, typer.Argument(metavar="NAAM", help="Naam van het scenario (met letters).")],
    basis: Annotated[
        int | None, typer.Option("--basis", min=1, max=MAX_ID, help="Voorstel(versie) die de basis vormt (id).")
    ] = None,
    omschrijving: Annotated[str, typer.Option("--omschrijving", help="Wat het scenario onderzoekt.")] = "",
    gedeeld: Annotated[
        bool, typer.Option("--gedeeld", help="Iedereen met de rol (en provincie) van de maker mag het wijzigen.")
    ] = False,
) -> None:
    """Maak een leeg scenario over de huidige voorstellen (of met een gekozen basisvoorstel)."""
    made = _run(lambda s: s.nieuw(OPERATOR, naam, basis, omschrijving, gedeeld))
    base = "de huidige voorstellen" if made.basis_voorstel is None else f"voorstel {made.basis_voorstel}"
    out.print(f"Scenario '{user_text(made.naam)}' aangemaakt (id {made.id}) op {base}.")


@scenario_app.command("list")
def list_scenarios(fmt: FormatOpt = Output.table) -> None:
    """De scenario's: id, naam, eigenaar, basis en hoeveel wijzigingen gelden."""
    from novex.scenarios import present

    items = _run(lambda s: [present.samenvatting(x) for x in s.scenarios(OPERATOR)], write=False)
    if fmt is Output.json:
        print_json(items)
        return
    shown = table(f"Scenario's ({len(items)})", ["id", "naam", "eigenaar", "basis", "wijzigingen", "versie"],
                  right={"id", "versie"})  # fmt: skip
    for s in items:
        basis = "huidige voorstellen" if s["basisVoorstel"] is None else f"voorstel {s['basisVoorstel']}"
        shown.add_row(str(s["id"]), user_text(s["naam"]), user_text(s["eigenaar"]), basis,
                      f"{s['stand']} van {s['wijzigingen']}", str(s["versie"]))  # fmt: skip
    out.print(shown)


@scenario_app.command("show")
def show(scenario: ScenarioArg, fmt: FormatOpt = Output.table) -> None:
    """Eén scenario met zijn wijzigingen in volgorde (ongedaan gemaakte gemarkeerd)."""
    from novex.scenarios import present

    data = _run(lambda s: present.scenario(s.scenario(OPERATOR, scenario)), write=False)
    if fmt is Output.json:
        print_json(data)
        return
    basis = "de huidige voorstellen" if data["basisVoorstel"] is None else f"voorstel {data['basisVoorstel']}"
    out.print(f"[bold]{user_text(data['naam'])}[/] (id {data['id']}, versie {data['versie']}) op {basis}")
    owner = "gedeeld met de rol " + data["eigenaarRol"] if data["eigenaarSoort"] == "rol" else "eigen scenario"
    out.print(f"Eigenaar: {user_text(data['eigenaar'])} ({owner}); gemaakt {data['gemaaktOp'][:16]}")
    if data["omschrijving"]:
        out.print(user_text(data["omschrijving"]))
    shown = table(f"Wijzigingen ({data['stand']} van {len(data['wijzigingen'])} gelden)",
                  ["nr", "wat", "reden", "door", "geldt"], right={"nr"})  # fmt: skip
    for w in data["wijzigingen"]:
        shown.add_row(str(w.get("volgnummer", "")), user_text(w["omschrijving"]), user_text(w.get("reden", "")),
                      user_text(w.get("auteur", "")), "ja" if w["actief"] else "nee (ongedaan)")  # fmt: skip
    out.print(shown)


# -- changing ----------------------------------------------------------------------------------------------------


@scenario_app.command("wijzig")
def wijzig(
    scenario: ScenarioArg,
    claim: Annotated[int, typer.Option("--claim", min=-MAX_ID, max=MAX_ID, help="De claim (negatief: toegevoegd).")],
    verplaats: Annotated[
        tuple[float, float] | None, typer.Option("--verplaats", metavar="DX DY", help="Verplaats over DX, DY meter.")
    ] = None,
    verwijder: Annotated[bool, typer.Option("--verwijder", help="Haal de claim uit het scenario.")] = False,
    geometrie: Annotated[
        Path | None, typer.Option("--geometrie", metavar="FILE", help="Nieuwe begrenzing uit een bestand.")
    ] = None,
    hoeveelheid: Annotated[float | None, typer.Option("--hoeveelheid", help="Nieuwe hoeveelheid.")] = None,
    domein: Annotated[str | None, typer.Option("--domein", help="Nieuw domein (slug uit de catalogus).")] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="idee, zoekgebied, voorgenomen of vastgesteld.")
    ] = None,
    reden: RedenOpt = "",
    herstel: HerstelOpt = False,
    versie: VersieOpt = None,
) -> None:
    """Wijzig één claim in het scenario (precies één van --verplaats, --verwijder, --geometrie, --hoeveelheid, …)."""
    from novex.scenarios.model import Soort, Wijziging

    actions = {"--verplaats": verplaats, "--verwijder": verwijder or None, "--geometrie": geometrie,
               "--hoeveelheid": hoeveelheid, "--domein": domein, "--status": status}  # fmt: skip
    chosen = [name for name, value in actions.items() if value is not None]
    if len(chosen) != 1:
        given = f"u gaf {' en '.join(chosen)}" if chosen else "u gaf er geen"
        fail(f"kies precies één wijziging: {', '.join(actions)} ({given})")
    match chosen[0]:
        case "--verplaats":
            change = Wijziging(Soort.VERPLAATSEN, claim, dx=verplaats[0], dy=verplaats[1], reden=reden)
        case "--verwijder":
            change = Wijziging(Soort.VERWIJDEREN, claim, reden=reden)
        case "--geometrie":
            change = Wijziging(Soort.VORM, claim, geometry=_geometry(geometrie, herstel), reden=reden)
        case "--hoeveelheid":
            change = Wijziging(Soort.HOEVEELHEID, claim, hoeveelheid=hoeveelheid, reden=reden)
        case "--domein":
            change = Wijziging(Soort.DOMEIN, claim, domein=domein, reden=reden)
        case _:
            change = Wijziging(Soort.STATUS, claim, status=_status(status), reden=reden)
    _changed(_run(lambda s: s.wijzig(OPERATOR, scenario, change, versie)), "toegevoegd")


@scenario_app.command("toevoeg")
def toevoeg(
    scenario: ScenarioArg,
    geometrie: Annotated[Path, typer.Option("--geometrie", metavar="FILE", help="GeoJSON, GeoPackage of Shapefile.")],
    naam: Annotated[str, typer.Option("--naam", help="Naam van de nieuwe claim.")],
    domein: Annotated[str, typer.Option("--domein", help="Domein (slug uit de catalogus).")],
    voorstel: Annotated[
        int | None, typer.Option("--voorstel", min=1, max=MAX_ID, help="Het voorstel waar de claim bij hoort.")
    ] = None,
    hoeveelheid: Annotated[float | None, typer.Option("--hoeveelheid", help="Hoeveelheid (met --eenheid).")] = None,
    eenheid: Annotated[str | None, typer.Option("--eenheid", help="Eenheid, bijv. woningen.")] = None,
    doel: Annotated[str | None, typer.Option("--doel", help="Catalogusdoel waar de claim aan bijdraagt.")] = None,
    status: Annotated[str | None, typer.Option("--status", help="idee (standaard), zoekgebied, …")] = None,
    reden: RedenOpt = "",
    herstel: HerstelOpt = False,
    versie: VersieOpt = None,
) -> None:
    """Voeg een nieuwe claim toe aan het scenario (geometrie uit een bestand met één feature)."""
    from novex.claims.model import ClaimDraft, ClaimStatus
    from novex.scenarios.model import Soort, Wijziging

    if (hoeveelheid is None) != (eenheid is None):
        fail("--hoeveelheid en --eenheid horen samen")
    draft = ClaimDraft(naam, domein, _geometry(geometrie, herstel), hoeveelheid, eenheid, doel,
                       status=_status(status) or ClaimStatus.IDEE)  # fmt: skip
    change = Wijziging(Soort.TOEVOEGEN, draft=draft, voorstel_id=voorstel, reden=reden)
    _changed(_run(lambda s: s.wijzig(OPERATOR, scenario, change, versie)), "toegevoegd")


@scenario_app.command("verschuif")
def verschuif(
    scenario: ScenarioArg,
    doel: Annotated[
        str, typer.Option("--doel", help="Het landelijke doel, bijv. woningbouw-doel-900000-woningen-2030.")
    ],
    van: Annotated[str, typer.Option("--van", help="Provincie die minder krijgt (CBS-code, bijv. PV21).")],
    naar: Annotated[str, typer.Option("--naar", help="Provincie die meer krijgt (CBS-code).")],
    hoeveelheid: Annotated[float, typer.Option("--hoeveelheid", help="Hoeveel van het doel verschuift.")],
    reden: RedenOpt = "",
    versie: VersieOpt = None,
) -> None:
    """Verschuif een deel van een landelijk doel van het aandeel van de ene provincie naar dat van de andere."""
    from novex.scenarios.model import Soort, Verschuiving, Wijziging

    change = Wijziging(Soort.VERSCHUIVING, verschuiving=Verschuiving(doel, van, naar, hoeveelheid), reden=reden)
    _changed(_run(lambda s: s.wijzig(OPERATOR, scenario, change, versie)), "toegevoegd")


@scenario_app.command("undo")
def undo(scenario: ScenarioArg, versie: VersieOpt = None) -> None:
    """Maak de laatste geldende wijziging ongedaan (ze blijft beschikbaar voor redo)."""
    _changed(_run(lambda s: s.ongedaan(OPERATOR, scenario, versie)), "ongedaan gemaakt")


@scenario_app.command("redo")
def redo(scenario: ScenarioArg, versie: VersieOpt = None) -> None:
    """Doe de eerste ongedane wijziging opnieuw."""
    _changed(_run(lambda s: s.opnieuw(OPERATOR, scenario, versie)), "opnieuw gedaan")


@scenario_app.command("verwijder")
def verwijder(scenario: ScenarioArg) -> None:
    """Verwijder een scenario (het logboek bewaart wat het bevatte)."""
    _run(lambda s: s.verwijder(OPERATOR, scenario))
    out.print(f"Scenario '{user_text(scenario)}' verwijderd.")


# -- analysing, comparing, promoting ----------------------------------------------------------------------------


@scenario_app.command("analyse")
def analyse(scenario: ScenarioArg, min_conflict_ha: MinConflictOpt = 1.0, fmt: FormatOpt = Output.table) -> None:
    """De landelijke analyse van het scenario: grondbalans, conflicten, beperkingen, doelen."""
    from novex.cli.analysis import _tables
    from novex.scenarios import present

    with _busy("Scenario analyseren…"):
        run = _run(lambda s: s.analyse(OPERATOR, scenario, min_conflict_ha), write=False)
    if fmt is Output.json:
        print_json(present.analyse(run))
        return
    s = run.scenario
    out.print(
        f"[bold]Scenario '{user_text(s.naam)}'[/] (id {s.id}): {s.stand} van {len(s.wijzigingen)} wijzigingen gelden"
    )
    for line in run.stand.overgeslagen:
        out.print(f"[yellow]Geldt niet meer:[/] {user_text(line)}")
    _tables(run.report)
    if run.stand.verschuivingen:
        shifts = table("Verschoven doelen", ["doel", "verandering doelwaarde"], right={"verandering doelwaarde"})
        for goal, delta in sorted(run.stand.verschuivingen.items()):
            shifts.add_row(goal, f"{delta:+,.0f}".replace(",", "."))
        out.print(shifts)


@scenario_app.command("vergelijk")
def vergelijk(
    scenarios: Annotated[list[str], typer.Argument(metavar="A [B C D]", help="Eén tot vier scenario's (id of naam).")],
    min_conflict_ha: MinConflictOpt = 1.0,
    fmt: FormatOpt = Output.table,
) -> None:
    """De basis en één tot vier scenario's naast elkaar: doelen, conflicten en grondbalans per provincie."""
    from novex.scenarios import present

    with _busy("Scenario's vergelijken…"):
        data = _run(lambda s: present.vergelijking(s.vergelijk(OPERATOR, scenarios, min_conflict_ha)), write=False)
    if fmt is Output.json:
        print_json(data)
        return
    names = [user_text(k["naam"]) for k in data["kolommen"]]
    goals = table("Doelen die veranderen (tekort = doelwaarde − gepland)", ["doel", "schaal", "eenheid", *names],
                  right=set(names))  # fmt: skip
    changed = [d for d in data["doelen"] if d["gewijzigd"]]
    for d in changed:
        cells = [f"{format_number(round(t, 2))} ({s})" for t, s in zip(d["tekort"], d["status"], strict=True)]
        goals.add_row(d["doel"], d["scope"], d["eenheid"], *cells)
    out.print(goals if changed else "Geen doel verandert ten opzichte van de basis.")
    conflicts = table("Conflicten", ["", *names], right=set(names))
    joined = lambda ids: ", ".join(ids) or "—"  # noqa: E731
    rows = (
        ("aantal", "aantal", str),
        ("ha", "ha", lambda v: format_number(round(v, 1))),
        ("ernst (som)", "ernst", lambda v: format_fixed(v, 2)),
        ("grensoverschrijdend", "grensoverschrijdend", str),
        ("nieuw", "nieuw", joined),
        ("opgelost", "opgelost", joined),
    )
    for label, key, shown in rows:
        conflicts.add_row(label, *(shown(c[key]) for c in data["conflicten"]))
    out.print(conflicts)
    budget = table("Grondbalans: geclaimd ha per provincie", ["provincie", "land ha", *names],
                   right={"land ha", *names})  # fmt: skip
    for b in data["budgetten"]:
        budget.add_row(
            b["naam"], format_number(round(b["landHa"])), *(format_number(round(v, 1)) for v in b["geclaimdHa"])
        )
    out.print(budget)
    for kolom, lines in zip(names, data["overgeslagen"], strict=True):
        for line in lines:
            out.print(f"[yellow]{kolom}, geldt niet meer:[/] {user_text(line)}")


@scenario_app.command("promoveer")
def promoveer(
    scenario: ScenarioArg,
    provincie: Annotated[str, typer.Option("--provincie", help="CBS-code, bijv. PV26.")],
    naar: Annotated[
        str, typer.Option("--naar", help="voorstel (nieuwe voorstelversies) of arrangement (deel 2).")
    ] = "voorstel",
    arrangement: Annotated[
        int | None, typer.Option("--arrangement", min=1, max=MAX_ID, help="Het arrangement (id).")
    ] = None,
    versie: Annotated[
        int | None, typer.Option("--versie", min=1, max=MAX_ID, help="De versie van het arrangement die u las.")
    ] = None,
) -> None:
    """Neem de wijzigingen voor één provincie over in haar voorstellen, of als afspraak in deel 2 van haar RA."""
    made = _run(lambda s: s.promoveer(OPERATOR, scenario, provincie, naar, arrangement, versie))
    for voorstel_id, naam, nummer, claims in made.voorstellen:
        out.print(f"Voorstel '{user_text(naam)}' versie {nummer} (id {voorstel_id}) gemaakt met {claims} claims.")
    if made.afspraak:
        out.print(
            f"Afspraak {made.afspraak} voorgesteld in deel 2 van arrangement {made.arrangement_id} ({made.provincie})."
        )
    for line in made.niet_meegenomen:
        out.print(f"[yellow]Niet meegenomen:[/] {user_text(line)}")
