"""The fast procedure for conflicting spatial claims (seed 002 §4.2) as a flow on a vraagstuk.

1. *Signalering* — the accounthouder leads; a signal from the province (via the Ruimtelijk
   Arrangement, voortgang, informal contact) gets the quick check "is dit een botsende
   ruimtelijke claim als gevolg van nationale ruimtelijke kaders?". Output, at most one page:
   what clashes, where, why it is urgent.
2. *Snelle selectie* — accounthouder, NOVEX expert(s) and the relevant ministries decide
   whether a snelle tafel is needed, against the four escalation criteria, and choose the
   experts: people, "niet automatisch hele departementen".
3. *Snelle tafel* — content-driven and informal: the accounthouder directs, experts of the
   Rijk (and possibly the province), at most one Nota Ruimte adviser. It explores options but
   takes no decision. Output, at most two pages: the shared problem definition, 2–3 realistic
   options with pros and cons and their spatial, administrative and legal implications, and
   advice on what next.
4. *Terugkoppeling in bestaande lijn* — to the DO NOVEX, the GP-DG round or the BOL depending
   on weight (possibly via the Regietafel), or back to official consultation with the
   province; the Ruimtelijk Arrangement anchors the outcome or marks the knot.

Which role may make which move is a design choice: the accounthouder (VRO) leads every step.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from novex.access import Actor, Role
from novex.flow import Flow, Transition

SIGNALERING = "signalering"
SNELLE_SELECTIE = "snelle-selectie"
SNELLE_TAFEL = "snelle-tafel"
TERUGKOPPELING = "terugkoppeling"
AFGEROND = "afgerond"
GEEN_BOTSING = "geen-botsing"

FASEN = (SIGNALERING, SNELLE_SELECTIE, SNELLE_TAFEL, TERUGKOPPELING, AFGEROND, GEEN_BOTSING)
FASE_NAMEN = {
    SIGNALERING: "1. Signalering",
    SNELLE_SELECTIE: "2. Snelle selectie",
    SNELLE_TAFEL: "3. Snelle tafel",
    TERUGKOPPELING: "4. Terugkoppeling in bestaande lijn",
    AFGEROND: "Afgerond",
    GEEN_BOTSING: "Geen botsende claim (snelle check)",
}

ESCALATIECRITERIA: dict[str, str] = {
    "meerdere-sectoren": (
        "conflicterende claims raken meerdere sectoren (bijvoorbeeld woningbouw tegenover water of bodem)"
    ),
    "bilateraal-niet-uit": "provincie en Rijk komen er bilateraal niet uit",
    "tijdsdruk": "tijdsdruk en urgentie richting het BOL, het Gedeputeerde-DG-overleg of een bestuurlijke keuze",
    "genomen-besluiten": "de opschaling gaat uit van genomen besluiten door Rijk en provincies",
}
"""The criteria for escalating to a snelle tafel (seed 002 §4.2, 2. Snelle selectie), by code."""

LIJNEN = {
    "do-novex": "DO NOVEX",
    "gp-dg": "Gedeputeerde-DG-overleg",
    "bol": "BOL",
    "ambtelijk": "terug naar ambtelijk overleg met de provincie",
}
"""Where the outcome is fed back (seed 002 §4.2, 4. Terugkoppeling in bestaande lijn)."""

ADVIEZEN = {"bestuurlijk": "bestuurlijk agenderen", "verder-uitwerken": "verder uitwerken"}
"""The advice on what next of a snelle tafel (seed 002 §4.2, 3. Snelle tafel, Output)."""

MIN_OPTIES, MAX_OPTIES = 2, 3
"""A snelle tafel formulates 2–3 realistic options (seed 002 §4.2, 3. Snelle tafel, Werkwijze)."""


@dataclass(frozen=True)
class Signaal:
    """The signal and its quick check; the one-page output: what clashes, where, why urgent."""

    botsend: bool  # the quick check: a conflicting claim resulting from national spatial frameworks?
    motivering: str
    wat_botst: str = ""
    waar: str = ""
    waarom_urgent: str = ""


@dataclass(frozen=True)
class Selectie:
    """The snelle selectie: per escalation criterion yes/no with motivation, the decision, the experts chosen."""

    criteria: dict[str, tuple[bool, str]]
    opschalen: bool
    experts: tuple[int, ...] = ()
    motivering: str = ""


@dataclass(frozen=True)
class Optie:
    """One option explored at a snelle tafel, with pros, cons and its implications."""

    titel: str
    voordelen: str
    nadelen: str
    ruimtelijk: str
    bestuurlijk: str
    juridisch: str


@dataclass(frozen=True)
class TafelNotitie:
    """The snelle tafel's note (max two pages): problem definition, 2–3 options, advice. No decision."""

    probleemdefinitie: str
    opties: tuple[Optie, ...]
    advies: str  # bestuurlijk or verder-uitwerken
    advies_toelichting: str = ""
    experts: tuple[int, ...] = ()
    nota_ruimte_adviseur: str | None = None  # at most one


@dataclass(frozen=True)
class Terugkoppeling:
    """Where the outcome went back in the existing line, what came of it, and how the RA holds it."""

    lijn: str  # do-novex, gp-dg, bol, ambtelijk
    via_regietafel: bool
    uitkomst: str
    knelpunt: bool = False  # True: the RA marks the knot (no solution yet); False: the RA anchors the outcome


@dataclass(frozen=True)
class SnelleProcedure:
    """The fast procedure of one vraagstuk: its step and the products recorded so far."""

    vraagstuk_id: int
    fase: str = SIGNALERING
    signaal: Signaal | None = None
    selectie: Selectie | None = None
    tafel: TafelNotitie | None = None
    terugkoppeling: Terugkoppeling | None = None
    version: int = 1
    provincie: str | None = None

    @property
    def id(self) -> int:
        """The vraagstuk's id (the procedure is one per vraagstuk)."""
        return self.vraagstuk_id

    @property
    def state(self) -> str:
        """The step, for the flow engine."""
        return self.fase

    @property
    def products(self) -> frozenset[str]:
        """The products present, by the names the flow requires."""
        present: set[str] = set()
        if self.signaal is not None and not _blank(self.signaal.motivering):
            present.add("snelle-check")
            if self.signaal.botsend and not signal_problems(self.signaal):
                present.add("signaal")
        if self.selectie is not None and not selection_problems(self.selectie):
            present.add("selectie-opschalen" if self.selectie.opschalen else "selectie-niet-opschalen")
        if self.tafel is not None and not note_problems(self.tafel):
            present.add("tafelnotitie")
        if self.terugkoppeling is not None and self.terugkoppeling.uitkomst.strip():
            present.add("terugkoppeling")
        return frozenset(present)


def _blank(text: str | None) -> bool:
    return not (text or "").strip()


def signal_problems(s: Signaal) -> list[str]:
    """What a signal of a conflicting claim lacks (seed 002 §4.2, 1. Signalering, Output)."""
    problems = ["snelle check: de motivering ontbreekt"] if _blank(s.motivering) else []
    if s.botsend:
        names = {"wat_botst": "wat botst (functies/claims)", "waar": "waar (gebied)", "waarom_urgent": "waarom urgent"}
        problems += [f"signaal: '{label}' ontbreekt" for name, label in names.items() if _blank(getattr(s, name))]
    return problems


def selection_problems(s: Selectie) -> list[str]:
    """What a snelle selectie lacks: every escalation criterion answered with motivation; experts when escalating."""
    problems = [f"escalatiecriterium '{c}' bestaat niet (wel: {', '.join(ESCALATIECRITERIA)})"
                for c in s.criteria if c not in ESCALATIECRITERIA]  # fmt: skip
    for code in ESCALATIECRITERIA:
        answer = s.criteria.get(code)
        if answer is None:
            problems.append(f"escalatiecriterium '{code}' is niet beantwoord")
        elif _blank(answer[1]):
            problems.append(f"escalatiecriterium '{code}': de motivering ontbreekt")
    if s.opschalen and not s.experts:
        problems.append("kies de inhoudelijke experts voor de snelle tafel (personen, niet hele departementen)")
    return problems


def note_problems(t: TafelNotitie) -> list[str]:
    """What is wrong with a snelle-tafel note (seed 002 §4.2, 3. Snelle tafel): 2–3 options, all parts present."""
    problems = ["probleemdefinitie: ontbreekt"] if _blank(t.probleemdefinitie) else []
    if not MIN_OPTIES <= len(t.opties) <= MAX_OPTIES:
        problems.append(
            f"een snelle tafel formuleert {MIN_OPTIES}–{MAX_OPTIES} realistische oplossingsrichtingen "
            f"(seed 002 §4.2): nu {len(t.opties)}"
        )
    parts = ("titel", "voordelen", "nadelen", "ruimtelijk", "bestuurlijk", "juridisch")
    for k, option in enumerate(t.opties, start=1):
        problems += [f"optie {k}: '{p}' ontbreekt" for p in parts if _blank(getattr(option, p))]
    if t.advies not in ADVIEZEN:
        problems.append(f"advies over het vervolg: kies {' of '.join(ADVIEZEN)}")
    return problems


def participant_problems(t: TafelNotitie) -> list[str]:
    """Who sat at the table and why the advice: the experts as people, and the advice's explanation (§4.2)."""
    problems = []
    if _blank(t.advies_toelichting):
        problems.append("advies over het vervolg: de toelichting ontbreekt")
    if not t.experts:
        problems.append("deelnemers: kies de inhoudelijke experts (personen) die aan tafel zaten")
    return problems


def accounthouder_leads(item: SnelleProcedure, actor: Actor) -> str | None:
    """Every step is led by the VRO accounthouder (seed 002 §4.2); the role check is in the table."""
    return None


VRO = frozenset({Role.VRO})

SNELLE_PROCEDURE = Flow(
    name="snelle-procedure",
    states=FASEN,
    initial=SIGNALERING,
    final=frozenset({AFGEROND, GEEN_BOTSING}),
    transitions=(
        Transition(SIGNALERING, SNELLE_SELECTIE, "naar de snelle selectie", VRO, requires=("signaal",)),
        Transition(SIGNALERING, GEEN_BOTSING, "afsluiten: geen botsende claim", VRO, requires=("snelle-check",)),
        Transition(SNELLE_SELECTIE, SNELLE_TAFEL, "opschalen naar een snelle tafel", VRO,
                   requires=("selectie-opschalen",)),
        Transition(SNELLE_SELECTIE, TERUGKOPPELING, "niet opschalen: terug in de bestaande lijn", VRO,
                   requires=("selectie-niet-opschalen",)),
        Transition(SNELLE_TAFEL, TERUGKOPPELING, "terugkoppelen in de bestaande lijn", VRO, requires=("tafelnotitie",)),
        Transition(TERUGKOPPELING, AFGEROND, "afronden", VRO, requires=("terugkoppeling",)),
    ),
)  # fmt: skip
"""The fast procedure as a transition table."""


@dataclass(frozen=True)
class Expert:
    """A person in the directory of experts per domain and ministry (seed 002 §4.2: experts, not whole ministries)."""

    id: int
    naam: str
    departement: str
    domeinen: tuple[str, ...] = ()
    email: str | None = None
    nota_ruimte_adviseur: bool = False
    actief: bool = True
    extra: dict[str, str] = field(default_factory=dict)


def experts_for(directory: Collection[Expert], domeinen: Collection[str]) -> list[Expert]:
    """The active experts of any of the domains, by ministry and name (a suggestion for the snelle selectie)."""
    wanted = set(domeinen)
    found = [e for e in directory if e.actief and (not wanted or wanted & set(e.domeinen))]
    return sorted(found, key=lambda e: (e.departement, e.naam))
