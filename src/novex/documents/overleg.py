"""Documents of the fast procedure and the formal cycle (seed 002 §4.1–4.3), A4 portrait in the house style.

- the signaal (§4.2, 1. Signalering; at most 1 page),
- the notitie of a snelle tafel (§4.2, 3. Snelle tafel; at most 2 pages),
- the agenda of a DO NOVEX, GP-DG-overleg or BOL (§4.1 stap 3, §4.3),
- the rode-draden-notitie of a DO NOVEX (§4.1 stap 2),
- the BOL-afsprakenlijst (§4.1 stap 3).

Each is a plain input dataclass with `<naam>_html(doc, *, openbaar=False)` and `<naam>_pdf(...)`.
A document over its page limit is refused with the section(s) to shorten (`novex.documents.limits`),
never cut. Fields that hold a person's name carry the `PERSOON` metadata: the public variant
(`openbaar=True`) leaves exactly those out, says so in the footer, and is refused when one of those
names also occurs in the document's other text.
"""

from __future__ import annotations

import base64
import dataclasses
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from novex.dialogue.model import DECISION_TABLES, HERKOMST_NAMEN, TAFEL_NAMEN, Tafel, Tafelbesluit, Vraagstuk
from novex.documents.limits import render_limited
from novex.documents.render import environment
from novex.errors import InvalidInput
from novex.meetings.agenda import SOORTEN_PUNT, AgendaVoorstel, Vergadering
from novex.meetings.snelle_procedure import (
    ADVIEZEN,
    Expert,
    Optie,
    Signaal,
    TafelNotitie,
    note_problems,
    signal_problems,
)
from novex.nl import MAANDEN

PERSOON: Mapping[str, Any] = {"persoon": True}
"""Field metadata: the field holds a person's name (or e-mail); the public variant leaves it out."""

SEED = "Herijking werkwijze NOVEX-provincies (juni 2026; seed 002)"
OPENBAAR = "Openbare versie: namen van personen weggelaten."

T = TypeVar("T")


# --- 1. Signaal ------------------------------------------------------------------------------------------------

SIGNAAL = "Signaal botsende ruimtelijke claim"
SIGNAAL_BRON = f"{SIGNAAL} — {SEED}, §4.2 onder 1. Signalering (output: max. 1 pagina)"
SIGNAAL_MAX_PAGES = 1  # seed 002 §4.2, 1. Signalering: "Output (max 1 pager)"
SIGNAAL_SECTIES: dict[str, str] = {
    "snelle-check": "Snelle check",
    "wat-botst": "Wat botst? (functies/claims)",
    "waar": "Waar? (gebied)",
    "waarom-urgent": "Waarom is dat urgent?",
}
"""Section id → Dutch title, in the order of the document."""
SNELLE_CHECK = "Is dit een botsende ruimtelijke claim als gevolg van nationale ruimtelijke kaders?"


@dataclass(frozen=True)
class Signaalnotitie:
    """The one-page signal of a conflicting spatial claim (seed 002 §4.2, 1. Signalering).

    The quick check (`botsend` + `motivering`) and, when it says yes, the three outputs: what
    clashes, where, why it is urgent. `kaart_svg` is an optional small map as SVG text, embedded
    in the document (no external references allowed). Free text: a blank line starts a paragraph.
    """

    vraagstuk_id: int
    titel: str
    provincies: tuple[str, ...]
    datum: date
    botsend: bool
    motivering: str
    wat_botst: str = ""
    waar: str = ""
    waarom_urgent: str = ""
    accounthouder: str | None = field(default=None, metadata=PERSOON)
    herkomst: str | None = None  # a code of HERKOMST_NAMEN or free text, e.g. "voortgang"
    kaart_svg: str | None = None
    kaart_bijschrift: str = ""

    @classmethod
    def uit_signaal(cls, signaal: Signaal, **kenmerken: Any) -> Signaalnotitie:
        """The document of a recorded `Signaal`; `kenmerken` gives vraagstuk_id, titel, provincies, datum etc."""
        return cls(
            botsend=signaal.botsend,
            motivering=signaal.motivering,
            wat_botst=signaal.wat_botst,
            waar=signaal.waar,
            waarom_urgent=signaal.waarom_urgent,
            **kenmerken,
        )


def signaal_html(doc: Signaalnotitie, *, openbaar: bool = False) -> str:
    """The signal as HTML; `InvalidInput` if a required part is missing or the map is not a self-contained SVG."""
    problems = _kop_problems(doc.titel, doc.provincies)
    problems += signal_problems(Signaal(doc.botsend, doc.motivering, doc.wat_botst, doc.waar, doc.waarom_urgent))
    problems += _kaart_problems(doc.kaart_svg)
    _refuse(SIGNAAL, f"vraagstuk {doc.vraagstuk_id}", problems)
    d = _shown(doc, openbaar, SIGNAAL)
    kaart = base64.b64encode(d.kaart_svg.encode("utf-8")).decode("ascii") if d.kaart_svg else None
    return _render(
        "signaal.html.j2",
        openbaar=openbaar,
        bron=SIGNAAL_BRON,
        d=d,
        secties=SIGNAAL_SECTIES,
        vraag=SNELLE_CHECK,
        herkomst=HERKOMST_NAMEN.get(d.herkomst or "", d.herkomst),
        kaart=kaart,
    )


def signaal_pdf(doc: Signaalnotitie, *, openbaar: bool = False) -> bytes:
    """The one-page A4 PDF; `InvalidInput` (`DocumentTooLong`) if it does not fit one page."""
    html = signaal_html(doc, openbaar=openbaar)
    return render_limited(html, max_pages=SIGNAAL_MAX_PAGES, sections=SIGNAAL_SECTIES, document=SIGNAAL)


# --- 2. Snelle tafel -------------------------------------------------------------------------------------------

TAFEL = "Notitie snelle tafel"
TAFEL_BRON = f"{TAFEL} — {SEED}, §4.2 onder 3. Snelle tafel (output: max. 2 pagina's)"
TAFEL_MAX_PAGES = 2  # seed 002 §4.2, 3. Snelle tafel: "Output (max 2 pagina's)"
GEEN_BESLUIT = "Een snelle tafel verkent opties maar neemt geen besluiten (seed 002 §4.2)."


@dataclass(frozen=True)
class Deelnemer:
    """A person at a snelle tafel and their ministry (or, for a province's expert, the province)."""

    naam: str | None = field(metadata=PERSOON)
    departement: str

    @classmethod
    def van_expert(cls, expert: Expert) -> Deelnemer:
        """The participant for an expert of the directory."""
        return cls(naam=expert.naam, departement=expert.departement)


@dataclass(frozen=True)
class SnelleTafelnotitie:
    """The note of a snelle tafel (seed 002 §4.2, 3. Snelle tafel): it explores options, it decides nothing.

    The shared problem definition, 2–3 realistic directions (`Optie`: pros, cons and the spatial,
    administrative and legal implications) and the advice on what next (a code of `ADVIEZEN`) with
    its explanation. Participants: the accounthouder, the experts (people, not whole ministries) and
    at most one adviser on the Nota Ruimte.
    """

    vraagstuk_id: int
    titel: str
    provincies: tuple[str, ...]
    datum: date
    experts: tuple[Deelnemer, ...]
    probleemdefinitie: str
    richtingen: tuple[Optie, ...]
    advies: str
    advies_toelichting: str
    accounthouder: str | None = field(default=None, metadata=PERSOON)
    nota_ruimte_adviseur: Deelnemer | None = None


def tafel_secties(doc: SnelleTafelnotitie) -> dict[str, str]:
    """Section id → Dutch title of this note (one section per direction), in the order of the document."""
    richtingen = {f"richting-{k}": f"Richting {k}: {o.titel}" for k, o in enumerate(doc.richtingen, start=1)}
    return {
        "deelnemers": "Deelnemers",
        "probleemdefinitie": "Probleemdefinitie (gedeeld beeld)",
        **richtingen,
        "advies": "Advies over het vervolg",
    }


def snelle_tafel_html(doc: SnelleTafelnotitie, *, openbaar: bool = False) -> str:
    """The note as HTML; `InvalidInput` (before any rendering) unless it has 2–3 complete directions etc."""
    problems = _kop_problems(doc.titel, doc.provincies)
    notitie = TafelNotitie(doc.probleemdefinitie, tuple(doc.richtingen), doc.advies, doc.advies_toelichting)
    problems += note_problems(notitie)
    if _blank(doc.advies_toelichting):
        problems.append("advies over het vervolg: de toelichting ontbreekt")
    if not doc.experts:
        problems.append("er zijn geen inhoudelijke experts genoemd (seed 002 §4.2: personen, niet hele departementen)")
    problems += [
        f"expert {k}: het departement ontbreekt" for k, e in enumerate(doc.experts, 1) if _blank(e.departement)
    ]
    _refuse(TAFEL, f"vraagstuk {doc.vraagstuk_id}", problems)
    d = _shown(doc, openbaar, TAFEL)
    return _render(
        "snelle_tafel.html.j2",
        openbaar=openbaar,
        bron=TAFEL_BRON,
        d=d,
        secties=tafel_secties(doc),
        advies=ADVIEZEN[doc.advies],
        geen_besluit=GEEN_BESLUIT,
    )


def snelle_tafel_pdf(doc: SnelleTafelnotitie, *, openbaar: bool = False) -> bytes:
    """The A4 PDF of at most two pages; `InvalidInput` (`DocumentTooLong`) naming the sections to shorten."""
    html = snelle_tafel_html(doc, openbaar=openbaar)
    return render_limited(html, max_pages=TAFEL_MAX_PAGES, sections=tafel_secties(doc), document=TAFEL)


# --- 3. Agenda -------------------------------------------------------------------------------------------------

# The seed sets no page limit for an agenda; 4 A4 pages is a configured limit of this platform,
# a guard against an agenda that has stopped being one.
AGENDA_MAX_PAGES = 4
AGENDA_BRON = f"{SEED}, §4.1 stap 3 en §4.3"
ROL_OVERLEG = {
    Tafel.DO_NOVEX: "Eerste ronde besluitvorming en eventuele doorgeleiding naar het BOL; "
    "de Regietafel NOVEX stemt de agenda af (seed 002 §4.3).",
    Tafel.GP_DG: "Adviserend voor de voorbereiding van het BOL, niet besluitvormend (seed 002 §4.3).",
    Tafel.BOL: "Het bestuurlijke moment waarop Rijk en provincies richtinggevende keuzes maken; de afspraken komen "
    "in de BOL-afsprakenlijst (seed 002 §4.1 stap 3, §4.3).",
}
"""The role of each meeting in the cycle, printed under the agenda's header."""


@dataclass(frozen=True)
class Agendaregel:
    """One agenda item: a vraagstuk, its kind (a code of `SOORTEN_PUNT`) and why it is on the agenda.

    An escalation (`escalatie`) carries the differences of view, described concretely (seed 002
    §4.1 stap 3).
    """

    titel: str
    soort: str
    reden: str
    vraagstuk_id: int | None = None
    verschillen: str | None = None

    @classmethod
    def uit_voorstel(cls, voorstel: AgendaVoorstel, verschillen: str | None = None) -> Agendaregel:
        """The item for a proposal of the draft agenda."""
        return cls(voorstel.titel, voorstel.soort, voorstel.reden, voorstel.vraagstuk_id, verschillen)


@dataclass(frozen=True)
class AgendaDocument:
    """The agenda of one meeting of the cycle (DO NOVEX or GP-DG per province, BOL per landsdeel)."""

    vergadering: Vergadering
    punten: tuple[Agendaregel, ...]


def agenda_document_naam(doc: AgendaDocument) -> str:
    """'Agenda DO NOVEX' etc., the name used in messages."""
    return f"Agenda {TAFEL_NAMEN.get(doc.vergadering.soort, doc.vergadering.soort)}"


def agenda_secties(doc: AgendaDocument) -> dict[str, str]:
    """Section id → Dutch title: one section per agenda item."""
    return {f"punt-{k}": f"Agendapunt {k}: {p.titel}" for k, p in enumerate(doc.punten, start=1)}


def agenda_html(doc: AgendaDocument, *, openbaar: bool = False) -> str:
    """The agenda as HTML; `InvalidInput` for an unknown kind of item or an escalation without its differences."""
    v = doc.vergadering
    problems = _vergadering_problems(v, DECISION_TABLES)
    for k, p in enumerate(doc.punten, start=1):
        if _blank(p.titel):
            problems.append(f"agendapunt {k}: de titel ontbreekt")
        if p.soort not in SOORTEN_PUNT:
            problems.append(f"agendapunt {k}: soort '{p.soort}' bestaat niet (wel: {', '.join(SOORTEN_PUNT)})")
        if p.soort == "escalatie" and _blank(p.verschillen):
            problems.append(
                f"agendapunt {k}: bij opschaling zonder consensus worden de verschillen van inzicht concreet "
                f"beschreven (seed 002 §4.1 stap 3)"
            )
    name = agenda_document_naam(doc)
    _refuse(name, v.naam or f"vergadering {v.id}", problems)
    d = _shown(doc, openbaar, name)
    return _render(
        "agenda.html.j2",
        openbaar=openbaar,
        bron=f"{name} — {AGENDA_BRON}",
        d=d,
        naam=name,
        overleg=TAFEL_NAMEN[v.soort],
        rol=ROL_OVERLEG[v.soort],
        plaats=_plaats(v),
        secties=agenda_secties(doc),
        soorten=SOORTEN_PUNT,
    )


def agenda_pdf(doc: AgendaDocument, *, openbaar: bool = False) -> bytes:
    """The A4 PDF of at most `AGENDA_MAX_PAGES` pages; `DocumentTooLong` naming the items to shorten."""
    html = agenda_html(doc, openbaar=openbaar)
    return render_limited(
        html, max_pages=AGENDA_MAX_PAGES, sections=agenda_secties(doc), document=agenda_document_naam(doc)
    )


# --- 4. Rode-draden-notitie ------------------------------------------------------------------------------------

RODE_DRADEN = "Rode draden notitie DO NOVEX"
RODE_DRADEN_BRON = f"{RODE_DRADEN} — {SEED}, §4.1 stap 2 (concrete producten) en stap 3"
# The seed names the product but sets no length; 2 A4 pages is a design choice of this platform
# (a notitie of the main lines, in line with the snelle-tafel note of §4.2).
RODE_DRADEN_MAX_PAGES = 2


@dataclass(frozen=True)
class Besproken:
    """A vraagstuk discussed at the DO NOVEX and its outcome: the advice, consensus, the differences of view."""

    vraagstuk_id: int
    titel: str
    uitkomst: str
    consensus: bool | None = None
    verschillen: str | None = None
    vastgelegd_door: str | None = field(default=None, metadata=PERSOON)

    @classmethod
    def uit_tafelbesluit(cls, vraagstuk: Vraagstuk, besluit: Tafelbesluit) -> Besproken:
        """The outcome of a vraagstuk as recorded for a table."""
        return cls(
            vraagstuk.id,
            vraagstuk.titel,
            besluit.uitkomst,
            besluit.consensus,
            besluit.verschillen,
            besluit.vastgelegd_door or None,
        )


@dataclass(frozen=True)
class RodeDradenNotitie:
    """The rode-draden-notitie of one DO NOVEX (seed 002 §4.1 stap 2): the main lines and the outcome per vraagstuk."""

    vergadering: Vergadering
    tekst: str
    besproken: tuple[Besproken, ...]


def rode_draden_secties(doc: RodeDradenNotitie) -> dict[str, str]:
    """Section id → Dutch title: the main lines, then one section per discussed vraagstuk."""
    return {
        "rode-draden": "Rode draden",
        **{f"uitkomst-{k}": f"Uitkomst: {b.titel}" for k, b in enumerate(doc.besproken, start=1)},
    }


def rode_draden_html(doc: RodeDradenNotitie, *, openbaar: bool = False) -> str:
    """The note as HTML; `InvalidInput` if it is not of a DO NOVEX, or text, an outcome or differences are missing."""
    v = doc.vergadering
    problems = _vergadering_problems(v, (Tafel.DO_NOVEX,))
    if _blank(doc.tekst):
        problems.append("de tekst van de rode draden ontbreekt")
    for k, b in enumerate(doc.besproken, start=1):
        if _blank(b.uitkomst):
            problems.append(f"vraagstuk {b.vraagstuk_id} ({k}e besproken): de uitkomst ontbreekt")
        if b.consensus is False and _blank(b.verschillen):
            problems.append(
                f"vraagstuk {b.vraagstuk_id}: zonder consensus worden de verschillen van inzicht concreet "
                f"beschreven (seed 002 §4.1 stap 3)"
            )
    _refuse(RODE_DRADEN, v.naam or f"vergadering {v.id}", problems)
    d = _shown(doc, openbaar, RODE_DRADEN)
    return _render(
        "rode_draden.html.j2",
        openbaar=openbaar,
        bron=RODE_DRADEN_BRON,
        d=d,
        plaats=_plaats(v),
        secties=rode_draden_secties(doc),
    )


def rode_draden_pdf(doc: RodeDradenNotitie, *, openbaar: bool = False) -> bytes:
    """The A4 PDF of at most two pages; `DocumentTooLong` naming the sections to shorten."""
    html = rode_draden_html(doc, openbaar=openbaar)
    return render_limited(
        html, max_pages=RODE_DRADEN_MAX_PAGES, sections=rode_draden_secties(doc), document=RODE_DRADEN
    )


# --- 5. BOL-afsprakenlijst -------------------------------------------------------------------------------------

BOL_LIJST = "BOL-afsprakenlijst"
BOL_BRON = (
    f"{BOL_LIJST} — {SEED}, §4.1 stap 3: bestuurlijke afspraken in de BOL-afsprakenlijst "
    f"(bijlage bij de Kamerbrief Uitkomsten BO's Leefomgeving)"
)
# The seed sets no length; 10 A4 pages is a guard of this platform, not a rule.
BOL_MAX_PAGES = 10


@dataclass(frozen=True)
class Afspraakregel:
    """One bestuurlijke afspraak of a BOL: the province(s), the vraagstuk and the agreed text."""

    provincie: str
    titel: str
    tekst: str
    vraagstuk_id: int | None = None
    vastgelegd_door: str | None = field(default=None, metadata=PERSOON)


@dataclass(frozen=True)
class BolOverleg:
    """The afspraken of one BOL (one landsdeel, one date), in their order."""

    vergadering: Vergadering
    afspraken: tuple[Afspraakregel, ...]


@dataclass(frozen=True)
class BolAfsprakenlijst:
    """The BOL-afsprakenlijst: per BOL the afspraken, numbered in order over the whole list."""

    titel: str
    datum: date
    overleggen: tuple[BolOverleg, ...]


def bol_secties(doc: BolAfsprakenlijst) -> dict[str, str]:
    """Section id → Dutch title: one section per BOL."""
    return {f"bol-{k}": _bol_titel(o.vergadering) for k, o in enumerate(doc.overleggen, start=1)}


def bol_afsprakenlijst_html(doc: BolAfsprakenlijst, *, openbaar: bool = False) -> str:
    """The list as HTML; `InvalidInput` if a meeting is not a BOL or an afspraak lacks its text."""
    problems = ["de titel ontbreekt"] if _blank(doc.titel) else []
    if not doc.overleggen:
        problems.append("er is geen BOL opgenomen")
    nummer = 0
    for o in doc.overleggen:
        problems += _vergadering_problems(o.vergadering, (Tafel.BOL,))
        for a in o.afspraken:
            nummer += 1
            missing = [name for name in ("provincie", "titel", "tekst") if _blank(getattr(a, name))]
            problems += [f"afspraak {nummer}: '{name}' ontbreekt" for name in missing]
    _refuse(BOL_LIJST, doc.titel, problems)
    d = _shown(doc, openbaar, BOL_LIJST)
    blokken, nummer = [], 0
    for k, o in enumerate(d.overleggen, start=1):
        regels = []
        for a in o.afspraken:
            nummer += 1
            regels.append((nummer, a))
        blokken.append({"id": f"bol-{k}", "titel": _bol_titel(o.vergadering), "regels": regels})
    return _render("bol_afsprakenlijst.html.j2", openbaar=openbaar, bron=BOL_BRON, d=d, blokken=blokken)


def bol_afsprakenlijst_pdf(doc: BolAfsprakenlijst, *, openbaar: bool = False) -> bytes:
    """The A4 PDF (a guard of `BOL_MAX_PAGES` pages); `DocumentTooLong` naming the BOLs to shorten."""
    html = bol_afsprakenlijst_html(doc, openbaar=openbaar)
    return render_limited(html, max_pages=BOL_MAX_PAGES, sections=bol_secties(doc), document=BOL_LIJST)


# --- shared ----------------------------------------------------------------------------------------------------


def personen(doc: Any) -> list[str]:
    """Every person's name in `doc` (the values of the fields marked `PERSOON`, nested ones included)."""
    return [value for path, value, persoon in _strings(doc) if persoon and value.strip()]


def zonder_personen(doc: T) -> T:
    """A copy of `doc` with every field marked `PERSOON` (nested ones included) set to None."""
    return _blanked(doc)


def _blanked(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return type(value)(_blanked(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: None if f.metadata.get("persoon") else _blanked(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.init
        }
        return dataclasses.replace(value, **changes)
    return value


def _strings(value: Any, path: tuple[str, ...] = (), persoon: bool = False) -> Iterator[tuple[str, str, bool]]:
    """(path, text, is a person field) for every string in `value`, nested dataclasses and tuples included."""
    if isinstance(value, str):
        yield " › ".join(path), value, persoon
    elif isinstance(value, tuple | list):
        for k, item in enumerate(value, start=1):
            yield from _strings(item, (*path[:-1], f"{path[-1]} nr. {k}") if path else (f"nr. {k}",), persoon)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            name = f.name.replace("_", " ")
            yield from _strings(getattr(value, f.name), (*path, name), persoon or bool(f.metadata.get("persoon")))


def _shown(doc: T, openbaar: bool, document: str) -> T:
    """What the template shows: `doc` itself, or for the public variant a copy without persons' names.

    The public variant is refused when a person's name (whole words, any case) occurs in other text.
    """
    if not openbaar:
        return doc
    names = [n.strip() for n in personen(doc) if n.strip()]
    found = []
    for path, text, persoon in _strings(doc):
        if persoon:
            continue
        if any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text, re.IGNORECASE) for n in names):
            found.append(f"‘{path}’")
    if found:
        raise InvalidInput(
            f"De openbare versie van {document} kan niet worden gemaakt: de naam van een persoon uit het document "
            f"staat ook in {', '.join(found)}. Haal die naam daar weg; er is niets weggelaten of aangepast."
        )
    return zonder_personen(doc)


def _render(template: str, **context: Any) -> str:
    """Render one of this module's templates."""
    return environment().get_template(template).render(**context, alineas=_paragraphs, datum=_datum)


def _refuse(document: str, subject: str, problems: list[str]) -> None:
    """`InvalidInput` listing every problem, if any."""
    if problems:
        raise InvalidInput(f"{document} ({subject}) kan niet worden gemaakt: {'; '.join(problems)}")


def _blank(text: str | None) -> bool:
    return not (text or "").strip()


def _kop_problems(titel: str, provincies: tuple[str, ...]) -> list[str]:
    problems = ["de titel ontbreekt"] if _blank(titel) else []
    if not [p for p in provincies if p.strip()]:
        problems.append("er is geen provincie genoemd")
    return problems


def _vergadering_problems(v: Vergadering, soorten: tuple[str, ...]) -> list[str]:
    """A meeting of the wrong kind, or without its name, province (DO NOVEX, GP-DG) or landsdeel (BOL)."""
    if v.soort not in soorten:
        allowed = " of ".join(TAFEL_NAMEN[s] for s in soorten)
        return [f"de vergadering is een '{v.soort}', verwacht: {allowed}"]
    problems = ["de naam van de vergadering ontbreekt"] if _blank(v.naam) else []
    if v.soort == Tafel.BOL and _blank(v.landsdeel):
        problems.append("het landsdeel van het BOL ontbreekt")
    if v.soort != Tafel.BOL and _blank(v.provincie):
        problems.append(f"de provincie van het {TAFEL_NAMEN[v.soort]} ontbreekt")
    return problems


# Only references inside the SVG itself (#id) or data: URIs; anything else would be fetched at render time.
_EXTERNAL = re.compile(r"""(?:href|src)\s*=\s*["']\s*(?!#|data:)|url\(\s*["']?\s*(?!#|data:)|@import""", re.I)


def _kaart_problems(svg: str | None) -> list[str]:
    """A map must be SVG text that loads nothing from outside the document."""
    if svg is None:
        return []
    if not re.search(r"<svg[\s>]", svg):
        return ["de kaart moet een SVG-afbeelding zijn (tekst met een <svg>-element)"]
    if _EXTERNAL.search(svg):
        return ["de kaart verwijst naar een externe bron (href, src, url() of @import); neem alles op in de SVG zelf"]
    return []


def _plaats(v: Vergadering) -> tuple[str, str]:
    """('Provincie', name) or ('Landsdeel', name), names from the reference layer when a code is given."""
    if v.soort == Tafel.BOL:
        from novex.reference.provinces import landsdelen

        names = {part.code: part.naam for part in landsdelen()[0]}
        return "Landsdeel", names.get(v.landsdeel or "", v.landsdeel or "")
    return "Provincie", _provincie_naam(v.provincie or "")


def _provincie_naam(code: str) -> str:
    """The province's name for a CBS code (PV20–PV31); any other text as it is."""
    if not re.fullmatch(r"PV\d\d", code):
        return code
    from novex.reference.provinces import load_provinces

    return {p.code: p.naam for p in load_provinces()}.get(code, code)


def _bol_titel(v: Vergadering) -> str:
    """'BOL Oost, 14 september 2027' (the landsdeel added when the name does not say it)."""
    landsdeel = _plaats(v)[1]
    naam = v.naam if landsdeel.casefold() in v.naam.casefold() else f"{v.naam} (landsdeel {landsdeel})"
    return f"{naam}, {_datum(v.datum)}"


def _datum(d: date) -> str:
    """'15 juni 2026'."""
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


def _paragraphs(text: str | None) -> list[list[str]]:
    """Paragraphs (split on blank lines), each a list of its lines."""
    blocks: list[list[str]] = [[]]
    for line in (text or "").strip().splitlines():
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]
