"""An area's dossier on the command line: `novex gebieden dossier …` (phase, governance, products, agreements).

Seed 003 §4.2's chain of products. The operator of the server acts (as `novex gebieden grens` does);
the rights, checks, versions and audit trail are the service's (`novex.gebieden.productketen_service`).
Without `--versie` a write is made on the version just read. JSON output is the API's shape.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

import typer

from novex.cli.common import OPERATOR, FormatOpt, Output, fail, out, print_json, table, user_text
from novex.errors import NovexError

dossier_app = typer.Typer(
    help="Het dossier van een NOVEX-gebied (seed 003 §4.2): fase, governance, producten, uitvoeringsafspraken.",
    no_args_is_help=True,
)
afspraak_app = typer.Typer(help="De uitvoeringsafspraken van een NOVEX-gebied.", no_args_is_help=True)
dossier_app.add_typer(afspraak_app, name="afspraak")

MAX_ID = 2_147_483_647
ONBEKEND = "onbekend"
"""The FASE that sets an area's phase back to unknown."""
FASE_HELP = "huiswerkfase, concretiseringsfase, operationaliseringsfase, uitvoeringsfase of onbekend."
SOORT_HELP = "ontwikkelperspectief, uitvoeringsagenda of regionale-investeringsagenda."
RA_HELP = "Afspraak in een ruimtelijk arrangement, bijv. PV26/A1; herhaalbaar."

GebiedArg = Annotated[str, typer.Argument(metavar="ID", help="Id van het NOVEX-gebied, bijv. novex-groene-hart.")]
VersieOpt = Annotated[
    int | None, typer.Option("--versie", min=0, max=MAX_ID, help="De versie die u las (zonder: de huidige).")
]


def _run(work: Any) -> Any:
    """Run `work(service)` in one unit of work; a domain error ends in Dutch with exit code 1."""
    from novex import bootstrap
    from novex.gebieden.productketen_service import ProductketenService

    bootstrap.init()
    try:
        with bootstrap.unit_of_work() as uow:
            return work(uow.get(ProductketenService))
    except NovexError as exc:
        fail(exc)


def _shown(text: object, limit: int = 40) -> str:
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in str(text)[:limit])


def _day(text: str | None, name: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"{name} '{_shown(text)}' is geen datum (JJJJ-MM-DD)")


@dossier_app.command("show")
def show(gebied: GebiedArg, fmt: FormatOpt = Output.table) -> None:
    """Het dossier: fase, governance (uit de catalogus tot iemand haar vastlegt), producten en afspraken."""
    from novex.gebieden.dossier import dossier_json

    data = _run(lambda s: dossier_json(s.dossier(OPERATOR, gebied), s.keten))
    if fmt is Output.json:
        print_json(data)
        return
    out.print(f"[bold]{user_text(data['naam'])}[/] ({data['gebied']}) — dossierversie {data['versie']}")
    out.print(f"Fase: {user_text(data['faseNaam'])}" + (f" (resultaat: {user_text(data['faseResultaat'])})"
                                                       if data["faseResultaat"] else ""))  # fmt: skip
    g = data["governance"]
    out.print(f"Duo: Rijk {user_text(g['duoRijk'] or '—')}; regio {user_text(g['duoRegio'] or '—')}")
    out.print(f"Bestuurlijke trekker: {user_text(g['bestuurlijkeTrekker'] or '—')} [dim]({user_text(g['bron'])})[/]")
    producten = table("Producten", ["product", "status", "versie", "vindplaats", "details"])
    for p in data["producten"]:
        producten.add_row(user_text(p["naam"]), user_text(p["statusNaam"] or "nog niet vastgelegd"), str(p["versie"]),
                          user_text(p["vindplaats"]), user_text(_details(p)))  # fmt: skip
    out.print(producten)
    _afspraken_table(data["afspraken"])
    out.print(f"[dim]{user_text(data['ontwerpkeuze'])}[/]")


def _details(p: dict[str, Any]) -> str:
    if p["soort"] == "ontwikkelperspectief":
        filled = sum(1 for e in p["elementen"] if e["tekst"])
        datum = f"vastgesteld {p['datumVastgesteld']}; " if p["datumVastgesteld"] else ""
        return f"{datum}{filled} van {len(p['elementen'])} onderdelen beschreven"
    if p["soort"] == "uitvoeringsagenda":
        return f"{p['startjaar']}–{p['eindjaar']} ({p['horizonJaren']} jaar)" if p["startjaar"] else ""
    bedrag = p.get("bedrag") or {}
    parts = [f"€ {bedrag['euro']}" if "euro" in bedrag else bedrag.get("tekst", "")]
    if p.get("convenant"):
        parts.append(f"convenant {p['convenant']['naam']}" + (f" ({p['convenant']['datum']})"
                                                              if p["convenant"]["datum"] else ""))  # fmt: skip
    return "; ".join(x for x in parts if x)


def _afspraken_table(afspraken: list[dict[str, Any]]) -> None:
    shown = table(f"Uitvoeringsafspraken ({len(afspraken)})",
                  ["id", "onderwerp", "tekst", "eigenaar", "status", "deadline", "RA-afspraken", "versie"])  # fmt: skip
    for a in afspraken:
        shown.add_row(str(a["id"]), user_text(a["onderwerpNaam"]), user_text(a["tekst"]), user_text(a["eigenaar"]),
                      user_text(a["statusNaam"]), a["deadline"] or "", ", ".join(a["raAfspraken"]),
                      str(a["versie"]))  # fmt: skip
    out.print(shown)


@dossier_app.command("fase")
def fase(
    gebied: GebiedArg,
    code: Annotated[str, typer.Argument(metavar="FASE", help=FASE_HELP)],
    versie: VersieOpt = None,
) -> None:
    """Zet de fase van het gebied (seed 003 §4.2)."""

    def work(s: Any) -> Any:
        current = s.dossier(OPERATOR, gebied).version if versie is None else versie
        return s.zet_fase(OPERATOR, gebied, None if code == ONBEKEND else code, current)

    saved = _run(work)
    out.print(f"Fase van {saved.gebied}: {saved.fase or ONBEKEND} (dossierversie {saved.version})")


@dossier_app.command("governance")
def governance(
    gebied: GebiedArg,
    rijk: Annotated[str, typer.Option("--rijk", help="De Rijksvertegenwoordiger van het duo.")],
    regio: Annotated[str, typer.Option("--regio", help="De regiovertegenwoordiger van het duo.")],
    trekker: Annotated[str, typer.Option("--trekker", help="De bestuurlijke trekker uit de regio.")] = "",
    versie: VersieOpt = None,
) -> None:
    """Leg het Rijk-regioduo en de bestuurlijke trekker vast (vervangt wat de catalogus noemt)."""

    def work(s: Any) -> Any:
        current = s.dossier(OPERATOR, gebied).version if versie is None else versie
        return s.zet_governance(OPERATOR, gebied, rijk, regio, trekker, current)

    saved = _run(work)
    out.print(f"Governance van {saved.gebied} vastgelegd (dossierversie {saved.version})")


@dossier_app.command("product")
def product(
    gebied: GebiedArg,
    soort: Annotated[str, typer.Argument(metavar="SOORT", help=SOORT_HELP)],
    status: Annotated[str | None, typer.Option("--status", help="concept, in-voorbereiding, vastgesteld, …")] = None,
    vindplaats: Annotated[str, typer.Option("--vindplaats", help="Titel, link of besluitnummer.")] = "",
    datum_vastgesteld: Annotated[str | None, typer.Option("--datum-vastgesteld", help="JJJJ-MM-DD.")] = None,
    element: Annotated[list[str] | None, typer.Option("--element", help="CODE=TEKST; herhaalbaar.")] = None,
    startjaar: Annotated[int | None, typer.Option("--startjaar", min=1900, max=2200)] = None,
    eindjaar: Annotated[int | None, typer.Option("--eindjaar", min=1900, max=2200)] = None,
    bedrag_euro: Annotated[str | None, typer.Option("--bedrag-euro", help="Exact, bijv. 1250000.50.")] = None,
    bedrag_tekst: Annotated[str | None, typer.Option("--bedrag-tekst", help="Bijv. PM.")] = None,
    convenant: Annotated[str | None, typer.Option("--convenant", help="Naam van het convenant.")] = None,
    convenant_datum: Annotated[str | None, typer.Option("--convenant-datum", help="JJJJ-MM-DD.")] = None,
    convenant_vindplaats: Annotated[str, typer.Option("--convenant-vindplaats")] = "",
    versie: VersieOpt = None,
) -> None:
    """Leg een product van het gebied in zijn geheel vast (wat u weglaat, is daarna leeg)."""
    from novex.gebieden import dossier as d

    given = {"--datum-vastgesteld": datum_vastgesteld, "--element": element, "--startjaar": startjaar,
             "--eindjaar": eindjaar, "--bedrag-euro": bedrag_euro, "--bedrag-tekst": bedrag_tekst,
             "--convenant": convenant, "--convenant-datum": convenant_datum}  # fmt: skip
    own = {d.ONTWIKKELPERSPECTIEF: {"--datum-vastgesteld", "--element"},
           d.UITVOERINGSAGENDA: {"--startjaar", "--eindjaar"},
           d.INVESTERINGSAGENDA: {"--bedrag-euro", "--bedrag-tekst", "--convenant", "--convenant-datum"}}  # fmt: skip
    if soort not in own:
        fail(f"productsoort '{_shown(soort)}': kies een van {', '.join(own)}")
    stray = [name for name, value in given.items() if value not in (None, []) and name not in own[soort]]
    if stray or (convenant_vindplaats and soort != d.INVESTERINGSAGENDA):
        fail(f"{', '.join(stray) or '--convenant-vindplaats'}: hoort niet bij een {soort}")
    common: dict[str, Any] = {"status": status, "vindplaats": vindplaats}
    made: Any
    if soort == d.ONTWIKKELPERSPECTIEF:
        elementen = {}
        for item in element or []:
            code, eq, tekst = item.partition("=")
            if not eq:
                fail(f"--element '{_shown(item)}': schrijf CODE=TEKST, bijv. hoofdopgave=Bodemdaling")
            elementen[code.strip()] = tekst
        made = d.Ontwikkelperspectief(**common, datum_vastgesteld=_day(datum_vastgesteld, "--datum-vastgesteld"),
                                      elementen=elementen)  # fmt: skip
    elif soort == d.UITVOERINGSAGENDA:
        made = d.Uitvoeringsagenda(**common, startjaar=startjaar, eindjaar=eindjaar)
    else:
        if bedrag_euro is not None and bedrag_tekst is not None:
            fail("--bedrag-euro en --bedrag-tekst: kies er één")
        bedrag: Decimal | str | None = bedrag_tekst
        if bedrag_euro is not None:
            try:
                bedrag = Decimal(bedrag_euro.strip())
            except InvalidOperation:
                fail(f"--bedrag-euro '{_shown(bedrag_euro)}' is geen bedrag (bijv. 1250000.50)")
        if convenant is None and (convenant_datum or convenant_vindplaats):
            fail("--convenant: noem de naam van het convenant")
        day = _day(convenant_datum, "--convenant-datum")
        c = d.Convenant(convenant, day, convenant_vindplaats) if convenant is not None else None  # '' → refused
        made = d.Investeringsagenda(**common, bedrag=bedrag, convenant=c)

    def work(s: Any) -> Any:
        current = versie
        if current is None:
            current = s.dossier(OPERATOR, gebied).producten[soort].version
        return s.zet_product(OPERATOR, gebied, made, current)

    saved = _run(work)
    out.print(f"{soort} van {gebied} vastgelegd: status {saved.status} (versie {saved.version})")


@afspraak_app.command("add")
def afspraak_add(
    gebied: GebiedArg,
    onderwerp: Annotated[str, typer.Option("--onderwerp", help="doelen, voorkeursvolgordes, …, financiering.")],
    tekst: Annotated[str, typer.Option("--tekst", help="Wat er is afgesproken.")],
    eigenaar: Annotated[str, typer.Option("--eigenaar", help="Wie de afspraak uitvoert.")] = "",
    status: Annotated[str | None, typer.Option("--status", help="open, in-uitvoering, afgerond, vervallen.")] = None,
    deadline: Annotated[str | None, typer.Option("--deadline", help="JJJJ-MM-DD.")] = None,
    ra: Annotated[list[str] | None, typer.Option("--ra", help=RA_HELP)] = None,
) -> None:
    """Voeg een uitvoeringsafspraak toe aan het gebied."""
    day = _day(deadline, "--deadline")
    saved = _run(lambda s: s.add_afspraak(OPERATOR, gebied, onderwerp, tekst, eigenaar, status, day, ra or []))
    out.print(f"Uitvoeringsafspraak {saved.id} van {saved.gebied} toegevoegd ({saved.status}, versie {saved.version})")


@afspraak_app.command("list")
def afspraak_list(gebied: GebiedArg, fmt: FormatOpt = Output.table) -> None:
    """De uitvoeringsafspraken van het gebied, oudste eerst."""
    from novex.gebieden.dossier import afspraak_json

    items = _run(lambda s: [afspraak_json(a, s.keten) for a in s.afspraken(OPERATOR, gebied)])
    if fmt is Output.json:
        print_json(items)
        return
    _afspraken_table(items)
