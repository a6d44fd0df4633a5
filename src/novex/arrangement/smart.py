"""The SMART check of the agreements of an RA version, in plain Dutch.

Agreements in the new RA are "concreet en SMART" (seed 002 §3.4; Bijlage 3 §2: "SMART-geformuleerd
en uitvoeringsgericht"). The seeds spell SMART once, in the handreiking of seed 004 (Bijlage 1,
onderdeel 2, "Kwaliteit van projectresultaten"): "SMART-model (Specifiek, Meetbaar, Acceptabel,
Realistisch en Tijdsgebonden)". To those five the check adds the owner of the execution (seed 002
§4.1, besluitvorming: "het eigenaarschap voor de uitvoering, planning en juridische doorwerking").

The check reports findings, it refuses nothing; `may_propose` is the rule that uses them: a
version may be proposed for the BOL only when every finding is resolved or has a recorded
motivation. What counts as a finding is this platform's design, kept simple enough to explain:

- specifiek: no result; a result of fewer than `MIN_WOORDEN` words; a result that uses a word of
  `VAGE_WOORDEN` (saying what parties will *do*, not what will *be there*) and holds no number
  (a number on its own: the 12 of "A12" does not count);
- meetbaar: no indicator; with an indicator: no target, a target that is not a number, no unit,
  no baseline, a baseline that is not a number;
- acceptabel: no parties; each party without a recorded acceptance (named);
- realistisch: no resources (middelen); no capacity;
- tijdsgebonden: no deadline; in a draft (concept or voorgelegd) a deadline before today; a
  milestone after the deadline;
- eigenaar: no owner.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from novex.arrangement.model import Afspraak, RuimtelijkArrangement, Status
from novex.nl import format_date


class Criterium(StrEnum):
    """The criteria a finding belongs to: the five of SMART (seed 004 handreiking) and the owner (seed 002 §4.1)."""

    SPECIFIEK = "specifiek"
    MEETBAAR = "meetbaar"
    ACCEPTABEL = "acceptabel"
    REALISTISCH = "realistisch"
    TIJDSGEBONDEN = "tijdsgebonden"
    EIGENAAR = "eigenaar"


MIN_WOORDEN = 4
"""A result of fewer words is too short to be specific (a design choice, not from the seeds)."""

VAGE_WOORDEN: tuple[str, ...] = (
    "verkennen",
    "onderzoeken",
    "bespreken",
    "bekijken",
    "nagaan",
    "overleggen",
    "afstemmen",
    "streven",
    "inzetten",
    "bevorderen",
    "stimuleren",
    "intensiveren",
    "aandacht",
    "zoveel mogelijk",
    "waar mogelijk",
)
"""Words that say what parties will do rather than what will be there (a design choice, not from the seeds)."""

_VAAG = re.compile(r"\b(" + "|".join(re.escape(w) for w in VAGE_WOORDEN) + r")\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"(?<!\w)\d+(?:[.,]\d+)*(?!\w)")  # a number on its own, not the 12 of "A12"
_DUTCH_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3})+$")  # 0.125 is a decimal, not 125

CONCEPT_STATUSSEN = frozenset({Status.CONCEPT, Status.VOORGELEGD})
"""The statuses in which a version is still a draft, so a past deadline is a finding."""


@dataclass(frozen=True)
class Bevinding:
    """One finding of the SMART check: which agreement, which criterion, what is wrong (Dutch).

    `code` names the kind of finding (`geen-indicator`, `niet-geaccepteerd:<partij>`, …);
    `sleutel` (agreement key + code) is what a motivation is recorded under.
    """

    afspraak: str  # the agreement's stable key
    nummer: int  # its 1-based position in the version
    criterium: str  # a Criterium
    code: str
    melding: str
    afspraak_id: int = 0

    @property
    def sleutel(self) -> str:
        """The key a motivation for this finding is recorded under."""
        return f"{self.afspraak}/{self.code}"


def getal(value: object) -> float | None:
    """A finite number from a number or from text as a person types it, else None.

    Text may use a Dutch decimal comma ("12,5"), Dutch thousands points ("1.250" or "1.250,5") or
    a decimal point ("12.5"); anything else (words, NaN, infinity) is not a number.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip().replace(" ", "")
        if "," in text and "." in text and text.rfind(".") > text.rfind(","):
            text = text.replace(",", "")  # 1,234.5: commas group thousands, the point is the decimal
        elif "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif _DUTCH_THOUSANDS.match(text):
            text = text.replace(".", "")
        try:
            number = float(text)
        except ValueError:
            return None
    else:
        try:
            number = float(value)  # type: ignore[arg-type]  # e.g. a Decimal
        except (TypeError, ValueError):
            return None
    return number if math.isfinite(number) else None


def _leeg(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def check_afspraak(afspraak: Afspraak, nummer: int, *, vandaag: date, concept: bool = True) -> list[Bevinding]:
    """The findings of one agreement (`nummer`: its position; `concept`: the version is still a draft)."""
    found: list[Bevinding] = []
    wie = f"Afspraak {nummer}"

    def add(criterium: Criterium, code: str, melding: str) -> None:
        found.append(Bevinding(afspraak.sleutel, nummer, criterium, code, f"{wie}: {melding}", afspraak.id))

    # Specifiek
    resultaat = afspraak.resultaat.strip()
    vaag = sorted({m.lower() for m in _VAAG.findall(resultaat)})
    if not resultaat:
        add(
            Criterium.SPECIFIEK,
            "geen-resultaat",
            "er is geen specifiek resultaat beschreven. Schrijf op wat er na afloop concreet ligt of besloten is.",
        )
    elif len(_WORD.findall(resultaat)) < MIN_WOORDEN:
        add(
            Criterium.SPECIFIEK,
            "resultaat-te-kort",
            f"het resultaat '{resultaat}' is te kort om specifiek te zijn "
            f"(minder dan {MIN_WOORDEN} woorden). Zeg wat, hoeveel en waar.",
        )
    elif vaag and not _NUMBER.search(resultaat):
        woorden = ", ".join(f"'{w}'" for w in vaag)
        add(
            Criterium.SPECIFIEK,
            "resultaat-vaag",
            f"het resultaat is vaag ({woorden}): het zegt wat partijen gaan "
            "doen, niet wat er na afloop ligt. Beschrijf het resultaat (wat, hoeveel, waar).",
        )

    # Meetbaar
    if _leeg(afspraak.indicator):
        add(
            Criterium.MEETBAAR,
            "geen-indicator",
            "er is geen indicator: waaraan is te zien dat het resultaat bereikt is?",
        )
    else:
        indicator = str(afspraak.indicator).strip()
        if _leeg(afspraak.streefwaarde):
            add(Criterium.MEETBAAR, "geen-streefwaarde", f"bij de indicator '{indicator}' ontbreekt de streefwaarde.")
        elif getal(afspraak.streefwaarde) is None:
            add(
                Criterium.MEETBAAR,
                "streefwaarde-geen-getal",
                f"de streefwaarde '{afspraak.streefwaarde}' is geen "
                f"getal; bij de indicator '{indicator}' hoort een getal.",
            )
        if _leeg(afspraak.eenheid):
            add(
                Criterium.MEETBAAR,
                "geen-eenheid",
                f"de indicator '{indicator}' heeft geen eenheid (bijvoorbeeld woningen, hectare of megawatt).",
            )
        if _leeg(afspraak.basiswaarde):
            add(
                Criterium.MEETBAAR,
                "geen-basiswaarde",
                f"bij de indicator '{indicator}' ontbreekt de basiswaarde: vanaf welke stand wordt gemeten?",
            )
        elif getal(afspraak.basiswaarde) is None:
            add(Criterium.MEETBAAR, "basiswaarde-geen-getal", f"de basiswaarde '{afspraak.basiswaarde}' is geen getal.")

    # Acceptabel
    if not afspraak.partijen:
        add(Criterium.ACCEPTABEL, "geen-partijen", "er zijn geen partijen genoemd die de afspraak aangaan.")
    for partij in afspraak.niet_geaccepteerd:
        acceptatie = afspraak.acceptatie(partij)
        if acceptatie is None:
            add(
                Criterium.ACCEPTABEL,
                f"niet-geaccepteerd:{partij}",
                f"{partij} heeft de afspraak nog niet geaccepteerd.",
            )
        else:
            waarom = f" ({acceptatie.toelichting.strip()})" if acceptatie.toelichting.strip() else ""
            add(
                Criterium.ACCEPTABEL,
                f"niet-geaccepteerd:{partij}",
                f"{partij} is niet akkoord met de afspraak{waarom}.",
            )

    # Realistisch
    if _leeg(afspraak.middelen):
        add(Criterium.REALISTISCH, "geen-middelen", "er zijn geen middelen vastgelegd (geld, grond of instrumenten).")
    if _leeg(afspraak.capaciteit):
        add(Criterium.REALISTISCH, "geen-capaciteit", "er is geen capaciteit vastgelegd (mensen, uitvoeringskracht).")

    # Tijdsgebonden
    if afspraak.deadline is None:
        add(Criterium.TIJDSGEBONDEN, "geen-deadline", "er is geen deadline: wanneer moet het resultaat er zijn?")
    else:
        if concept and afspraak.deadline < vandaag:
            add(
                Criterium.TIJDSGEBONDEN,
                "deadline-verstreken",
                f"de deadline {format_date(afspraak.deadline)} is "
                f"al verstreken (vandaag is het {format_date(vandaag)}); kies in dit concept een nieuwe datum.",
            )
        for index, mijlpaal in enumerate(afspraak.mijlpalen, start=1):
            if mijlpaal.datum is not None and mijlpaal.datum > afspraak.deadline:
                add(
                    Criterium.TIJDSGEBONDEN,
                    f"mijlpaal-na-deadline:{index}",
                    f"mijlpaal '{mijlpaal.omschrijving}' "
                    f"({format_date(mijlpaal.datum)}) valt na de deadline {format_date(afspraak.deadline)}.",
                )

    # Eigenaar
    if not afspraak.eigenaren:
        add(Criterium.EIGENAAR, "geen-eigenaar", "er is geen eigenaar van de uitvoering: wie zorgt dat het gebeurt?")
    return found


def smart_check(ra: RuimtelijkArrangement, vandaag: date) -> tuple[Bevinding, ...]:
    """Every finding of every agreement of a version, agreement by agreement, criterion by criterion."""
    concept = ra.status in CONCEPT_STATUSSEN
    return tuple(
        bevinding
        for nummer, afspraak in enumerate(ra.afspraken, start=1)
        for bevinding in check_afspraak(afspraak, nummer, vandaag=vandaag, concept=concept)
    )


def open_bevindingen(findings: Iterable[Bevinding], motivations: Mapping[str, str]) -> tuple[Bevinding, ...]:
    """The findings without a recorded motivation (a blank motivation does not count)."""
    return tuple(f for f in findings if not (motivations.get(f.sleutel) or "").strip())


def may_propose(findings: Iterable[Bevinding], motivations: Mapping[str, str]) -> bool:
    """Whether a version may be proposed for the BOL: no finding is open without a recorded motivation."""
    return not open_bevindingen(findings, motivations)


def weigering(findings: Sequence[Bevinding], motivations: Mapping[str, str], shown: int = 3) -> str | None:
    """Why proposing is refused, in Dutch (None when `may_propose`): the count and the first open findings."""
    still_open = open_bevindingen(findings, motivations)
    if not still_open:
        return None
    first = "; ".join(f.melding for f in still_open[:shown])
    more = f" (en nog {len(still_open) - shown})" if len(still_open) > shown else ""
    noun = "SMART-bevinding staat" if len(still_open) == 1 else "SMART-bevindingen staan"
    return (
        f"{len(still_open)} {noun} nog open zonder motivering: {first.rstrip('.')}{more}. "
        "Los ze op of leg per bevinding vast waarom de afspraak toch zo naar het BOL gaat"
    )
