"""The Ruimtelijk Arrangement pages' forms: what they send, how it is read, and how values are shown in Dutch.

The form models only bound what arrives (lengths, row counts); every rule is checked again by
`ArrangementService`. Reading a form yields the domain values plus the problems found, each named
by the field, so a refusal shows next to the field with what the user typed.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import Query
from pydantic import Field

from novex.arrangement.model import (
    ONDERDELEN,
    Acceptatie,
    Afspraak,
    Eigenaar,
    EigenaarSoort,
    Generatie,
    Herschikking,
    Mijlpaal,
    Ondertekening,
    Vaststelling,
)
from novex.arrangement.namen import EIGENAAR_NAMEN
from novex.arrangement.service import MAX_TEXT
from novex.arrangement.smart import getal
from novex.errors import InvalidInput
from novex.nl import format_date, format_euro, format_number, whole_number
from novex.web.forms import yes_no
from novex.web.render import CsrfForm, VersionedForm

Text = Annotated[str, Field(max_length=MAX_TEXT)]
Line = Annotated[str, Field(max_length=400)]
Short = Annotated[str, Field(max_length=40)]
FilterText = Annotated[str, Query(max_length=40)]
MAX_ROWS = 50
"""Rows (parties, owners, milestones, knots, motivations) one form may send."""
EMPTY_ROWS = 2
"""Empty rows a form offers for another party, owner, milestone or knot."""


# -- showing values ---------------------------------------------------------------------------


def getal_tekst(value: float | str | None) -> str:
    """A baseline or target as the form shows it: a number in Dutch, or the text a person wrote."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value)
    return str(value)


def toon(value: Any) -> str:
    """Any value of an agreement, investment or version in plain Dutch (for the diff and the details)."""
    if value is None or value == "" or value == ():
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, Decimal):
        return format_euro(value)
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, Eigenaar):
        return f"{value.naam} ({EIGENAAR_NAMEN.get(value.soort, value.soort)})"  # type: ignore[call-overload]
    if isinstance(value, Acceptatie):
        wanneer = f" op {format_date(value.datum)}" if value.datum else ""
        waarom = f" ({value.toelichting})" if value.toelichting else ""
        return f"{value.partij}: {'akkoord' if value.akkoord else 'niet akkoord'}{wanneer}{waarom}"
    if isinstance(value, Mijlpaal):
        waarde = f": {format_number(value.waarde)}" if value.waarde is not None else ""
        return f"{value.omschrijving}{f' ({format_date(value.datum)}{waarde})' if value.datum else waarde}"
    if isinstance(value, Vaststelling):
        return f"{value.naam or 'BOL'} van {format_date(value.datum)}"
    if isinstance(value, Ondertekening):
        return f"ondertekend op {format_date(value.datum)} door {', '.join(value.ondertekenaars)}"
    if isinstance(value, Herschikking):
        return f"{value.soort} ({', '.join(value.provincies)}){f': {value.toelichting}' if value.toelichting else ''}"
    if isinstance(value, tuple | list):
        return "; ".join(toon(v) for v in value)
    return str(value)


def toon_veld(veld: str, value: Any) -> str:
    """A field's value in the diff: the part with its title, a vraagstuk with its number."""
    if veld == "jaar" and isinstance(value, int):
        return str(value)
    if veld == "onderdeel" and isinstance(value, int):
        return f"{value}. {ONDERDELEN.get(value, '')}"
    if veld in ("vraagstuk_id", "bol_besluit_id") and value is not None:
        return f"nr. {value}"
    if veld in ("basiswaarde", "streefwaarde"):
        return getal_tekst(value) or "—"
    return toon(value)


# -- reading what the forms send --------------------------------------------------------------


def form_date(text: str, field: str, problems: list[str]) -> date | None:
    """A typed ISO date, or None when empty; a problem named by `field` when it is no date."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(f"{field}: '{text}' is geen datum (jjjj-mm-dd)")
        return None


def form_whole(text: str, field: str, problems: list[str], what: str = "nummer") -> int | None:
    """A typed id (see `novex.nl.whole_number`), or None when empty; a problem named by `field` otherwise."""
    text = text.strip()
    if not text:
        return None
    number = whole_number(text)
    if number is None:
        problems.append(f"{field}: '{text}' is geen {what}")
    return number


def form_rows(*lists: list[str]) -> list[tuple[str, ...]]:
    """Parallel lists of a form's rows as tuples; refused when the browser sent them incomplete."""
    if len({len(values) for values in lists}) > 1:
        raise InvalidInput("formulier: het formulier is onvolledig verstuurd; laad de pagina opnieuw")
    return list(zip(*lists, strict=True))


def bedrag(text: str) -> Decimal | None:
    """An amount as a person types it: '12.500.000', '12500000', '1.250,50' or '€ 1250.5'; None if no number."""
    cleaned = text.replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


class NieuwForm(CsrfForm):
    """A new version: province, year and generation."""

    provincie: Short = ""
    jaar: Short = ""
    generatie: Short = Generatie.JAARLIJKS.value


class OnderdeelForm(VersionedForm):
    """The version's own text for one of the five parts."""

    toelichting: Text = ""


class AfspraakForm(VersionedForm):
    """An agreement as the form sends it: fields, and rows of parties (with acceptance), owners and milestones."""

    sleutel: Line = ""
    tekst: Text = ""
    onderdeel: Short = ""
    partij: list[Line] = Field(default=[], max_length=MAX_ROWS)
    akkoord: list[Short] = Field(default=[], max_length=MAX_ROWS)
    akkoord_datum: list[Short] = Field(default=[], max_length=MAX_ROWS)
    akkoord_toelichting: list[Line] = Field(default=[], max_length=MAX_ROWS)
    eigenaar_soort: list[Short] = Field(default=[], max_length=MAX_ROWS)
    eigenaar_naam: list[Line] = Field(default=[], max_length=MAX_ROWS)
    vraagstuk: Short = ""
    resultaat: Text = ""
    indicator: Line = ""
    eenheid: Line = ""
    basiswaarde: Short = ""
    streefwaarde: Short = ""
    middelen: Text = ""
    capaciteit: Text = ""
    randvoorwaarden: Text = ""
    deadline: Short = ""
    mijlpaal: list[Line] = Field(default=[], max_length=MAX_ROWS)
    mijlpaal_datum: list[Short] = Field(default=[], max_length=MAX_ROWS)
    mijlpaal_waarde: list[Short] = Field(default=[], max_length=MAX_ROWS)

    @property
    def waarden(self) -> list[str]:
        """The milestones' values; a form without that column (an older page) sends none."""
        return self.mijlpaal_waarde or [""] * len(self.mijlpaal)

    def typed(self) -> dict[str, Any]:
        """What the user typed, in the shape the form shows (rows as dicts)."""
        return {
            **self.model_dump(exclude={"csrf", "partij", "akkoord", "akkoord_datum", "akkoord_toelichting",
                                       "eigenaar_soort", "eigenaar_naam", "mijlpaal", "mijlpaal_datum",
                                       "mijlpaal_waarde"}),
            "partijen": [{"partij": p, "akkoord": a, "datum": d, "toelichting": t} for p, a, d, t in
                         form_rows(self.partij, self.akkoord, self.akkoord_datum, self.akkoord_toelichting)],
            "eigenaren": [{"soort": s, "naam": n} for s, n in form_rows(self.eigenaar_soort, self.eigenaar_naam)],
            "mijlpalen": [{"omschrijving": m, "datum": d, "waarde": w}
                          for m, d, w in form_rows(self.mijlpaal, self.mijlpaal_datum, self.waarden)],
        }  # fmt: skip

    def fields(self) -> dict[str, Any]:
        """The agreement's fields from the form, or `InvalidInput` naming every field that cannot be read."""
        problems: list[str] = []
        if not self.tekst.strip():
            problems.append("tekst: vul de tekst van de afspraak in")
        nummer = form_whole(self.onderdeel, "onderdeel", problems)
        if nummer not in ONDERDELEN:
            problems.append("onderdeel: kies een van de vijf onderdelen (seed 003 §4.1)")
        partijen: list[str] = []
        acceptaties = []
        for partij, akkoord, datum, toelichting in form_rows(self.partij, self.akkoord, self.akkoord_datum,
                                                         self.akkoord_toelichting):  # fmt: skip
            name = partij.strip()
            if not name:
                if akkoord or datum.strip() or toelichting.strip():
                    problems.append("partijen: een acceptatie zonder partij; vul de naam van de partij in")
                continue
            if name in partijen:
                problems.append(f"partijen: '{name}' staat er meer dan eens")
                continue
            partijen.append(name)
            when = form_date(datum, "partijen", problems)
            if yes_no(akkoord) is not None:
                acceptaties.append(Acceptatie(name, bool(yes_no(akkoord)), when, toelichting.strip()))
        eigenaren = []
        for soort, naam in form_rows(self.eigenaar_soort, self.eigenaar_naam):
            if not naam.strip():
                continue
            if soort not in set(EigenaarSoort):
                problems.append(f"eigenaren: kies wat voor eigenaar '{naam.strip()}' is")
                continue
            eigenaren.append(Eigenaar(soort, naam.strip()))
        mijlpalen = []
        for omschrijving, datum, waarde in form_rows(self.mijlpaal, self.mijlpaal_datum, self.waarden):
            when = form_date(datum, "mijlpalen", problems)
            value = getal(waarde) if waarde.strip() else None
            if waarde.strip() and value is None:
                problems.append(f"mijlpalen: de waarde '{waarde.strip()[:40]}' is geen getal (bijv. 1.250 of 12,5)")
            if omschrijving.strip():
                mijlpalen.append(Mijlpaal(omschrijving.strip(), when, value))
            elif datum.strip() or waarde.strip():
                problems.append("mijlpalen: een datum zonder omschrijving; zeg wat er dan klaar is")
        fields = {
            "tekst": self.tekst.strip(),
            "onderdeel": nummer or 0,
            "partijen": tuple(partijen),
            "acceptaties": tuple(acceptaties),
            "eigenaren": tuple(eigenaren),
            "vraagstuk_id": form_whole(self.vraagstuk, "vraagstuk", problems, "vraagstuknummer"),
            "resultaat": self.resultaat.strip(),
            "indicator": self.indicator.strip() or None,
            "eenheid": self.eenheid.strip() or None,
            "basiswaarde": _measure(self.basiswaarde),
            "streefwaarde": _measure(self.streefwaarde),
            "middelen": self.middelen.strip() or None,
            "capaciteit": self.capaciteit.strip() or None,
            "randvoorwaarden": self.randvoorwaarden.strip() or None,
            "deadline": form_date(self.deadline, "deadline", problems),
            "mijlpalen": tuple(mijlpalen),
        }
        if problems:
            raise InvalidInput("afspraak: " + "; ".join(problems))
        return fields


def _measure(text: str) -> float | str | None:
    """A baseline or target: a number when it reads as one, else the text (the SMART check names it)."""
    text = text.strip()
    if not text:
        return None
    number = getal(text)
    return number if number is not None else text


def afspraak_invoer(a: Afspraak | None, default_parties: tuple[str, ...] = ()) -> dict[str, Any]:
    """A stored agreement (or a new one) as the form shows it, with empty rows to add to."""
    parties = a.partijen if a is not None else default_parties
    rows = []
    for p in parties:
        acc = a.acceptatie(p) if a is not None else None
        rows.append({"partij": p, "akkoord": "" if acc is None else ("ja" if acc.akkoord else "nee"),
                     "datum": acc.datum.isoformat() if acc and acc.datum else "",
                     "toelichting": acc.toelichting if acc else ""})  # fmt: skip
    rows += [{"partij": "", "akkoord": "", "datum": "", "toelichting": ""} for _ in range(EMPTY_ROWS)]
    owners = [{"soort": e.soort, "naam": e.naam} for e in (a.eigenaren if a else ())]
    owners += [{"soort": "", "naam": ""} for _ in range(EMPTY_ROWS)]
    steps = [{"omschrijving": m.omschrijving, "datum": m.datum.isoformat() if m.datum else "",
              "waarde": getal_tekst(m.waarde)} for m in (a.mijlpalen if a else ())]  # fmt: skip
    steps += [{"omschrijving": "", "datum": "", "waarde": ""} for _ in range(EMPTY_ROWS)]
    return {
        "sleutel": a.sleutel if a else "",
        "tekst": a.tekst if a else "",
        "onderdeel": str(a.onderdeel) if a else "1",
        "partijen": rows,
        "eigenaren": owners,
        "vraagstuk": str(a.vraagstuk_id) if a and a.vraagstuk_id else "",
        "resultaat": a.resultaat if a else "",
        "indicator": (a.indicator or "") if a else "",
        "eenheid": (a.eenheid or "") if a else "",
        "basiswaarde": getal_tekst(a.basiswaarde) if a else "",
        "streefwaarde": getal_tekst(a.streefwaarde) if a else "",
        "middelen": (a.middelen or "") if a else "",
        "capaciteit": (a.capaciteit or "") if a else "",
        "randvoorwaarden": (a.randvoorwaarden or "") if a else "",
        "deadline": a.deadline.isoformat() if a and a.deadline else "",
        "mijlpalen": steps,
    }


class SleutelForm(VersionedForm):
    """Which agreement or investment agreement to remove."""

    sleutel: Line = ""


class MotiveringForm(VersionedForm):
    """The motivations of the open SMART findings of one agreement (parallel rows: finding key, text)."""

    afspraak: Line = ""
    bevinding: list[Line] = Field(default=[], max_length=MAX_ROWS)
    motivering: list[Text] = Field(default=[], max_length=MAX_ROWS)


class InclusieForm(VersionedForm):
    """The decision on the five inclusion criteria for one vraagstuk (seed 002 Bijlage 3 §4)."""

    formulier: Short = ""
    vraagstuk: Short = ""
    besluit_1: Short = ""
    besluit_2: Short = ""
    besluit_3: Short = ""
    besluit_4: Short = ""
    besluit_5: Short = ""
    motivering_1: Text = ""
    motivering_2: Text = ""
    motivering_3: Text = ""
    motivering_4: Text = ""
    motivering_5: Text = ""


class InvesteringForm(VersionedForm):
    """A new investment agreement of part 5."""

    programma: Line = ""
    fonds: Line = ""
    bedrag: Short = ""
    gelabeld_voor: Text = ""
    afspraak: Line = ""


class KnopenForm(VersionedForm):
    """The open knots (parallel rows: description, vraagstuk)."""

    knoop: list[Text] = Field(default=[], max_length=MAX_ROWS)
    knoop_vraagstuk: list[Short] = Field(default=[], max_length=MAX_ROWS)


class OndertekeningForm(VersionedForm):
    """The signing of a first-generation RA."""

    datum: Short = ""
    ondertekenaars: Text = ""


class OvergangForm(VersionedForm):
    """A move of the version: propose, take back, adopt (in which BOL)."""

    naar: Short = ""
    reden: Text = ""
    vergadering: Short = ""
