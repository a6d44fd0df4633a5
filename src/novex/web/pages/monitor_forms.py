"""The monitor pages' forms: what they send, how it is read, and how a refusal is tied to its fields.

The models only bound what arrives; `MonitorService` checks every rule again (rights first).
Reading a form yields the domain values plus the problems found, each named by its field.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from novex.errors import InvalidInput
from novex.monitor.invoer import getal
from novex.monitor.model import Deelnemer
from novex.web.forms import Refusal, refusal
from novex.web.pages.arrangement_forms import form_date, form_rows
from novex.web.render import CsrfForm, VersionedForm

Short = Annotated[str, Field(max_length=40)]
Line = Annotated[str, Field(max_length=400)]
Text = Annotated[str, Field(max_length=2_000)]
Beeld = Annotated[str, Field(max_length=20_000)]
MAX_ROWS = 50
TERUG = "suggestie"
"""The status form's value for 'back to the platform's suggestion'."""
METING_VELDEN = ("waarde", "datum", "bron", "toelichting")
STATUS_VELDEN = ("status", "motivering")
RONDE_VELDEN = ("provincie", "jaar", "beeld", "deelnemers")


class MetingForm(CsrfForm):
    """One measurement of an agreement's indicator."""

    waarde: Short = ""
    datum: Short = ""
    bron: Line = ""
    toelichting: Text = ""


class StatusForm(CsrfForm):
    """The owner's status with its motivation (or back to the suggestion)."""

    status: Short = ""
    motivering: Text = ""


class RondeNieuwForm(CsrfForm):
    """Open a province's round for a year."""

    provincie: Short = ""
    jaar: Short = ""


class RondeForm(VersionedForm):
    """The participants and the qualitative picture of an open round."""

    beeld: Beeld = ""
    soort: list[Short] = Field(default=[], max_length=MAX_ROWS)
    naam: list[Line] = Field(default=[], max_length=MAX_ROWS)


def lees_meting(form: MetingForm) -> tuple[float, date]:
    """The value and date typed (a Dutch '1.250,5' or '1250.5'); `InvalidInput` naming each field that is wrong."""
    problems: list[str] = []
    waarde, waarom = getal(form.waarde.strip()) if form.waarde.strip() else (None, "")
    if not form.waarde.strip():
        problems.append("waarde: vul de gemeten waarde in")
    elif waarde is None:
        problems.append(f"waarde: '{form.waarde.strip()[:40]}' {waarom} (bijvoorbeeld 1.250 of 12,5)")
    datum = form_date(form.datum, "datum", problems)
    if datum is None and not form.datum.strip():
        problems.append("datum: vul de datum van de meting in")
    if not form.bron.strip():
        problems.append("bron: noem waar de waarde vandaan komt")
    if problems:
        raise InvalidInput("meting: " + "; ".join(problems))
    assert waarde is not None and datum is not None
    return waarde, datum


def lees_status(form: StatusForm, codes: tuple[str, ...]) -> str | None:
    """The status chosen (None: back to the suggestion); `InvalidInput` when none is chosen."""
    if form.status == TERUG:
        return None
    if not form.status:
        raise InvalidInput("status: kies een status, of terug naar de suggestie")
    if form.status not in codes:
        raise InvalidInput(f"status: '{form.status}' bestaat niet (wel: {', '.join(codes)})")
    return form.status


def lees_jaar(text: str) -> int:
    """A year typed in the round form; `InvalidInput` naming the field."""
    text = text.strip()
    if not text:
        raise InvalidInput("monitorronde: jaar: vul het jaar in")
    if not (len(text) == 4 and text.isascii() and text.isdigit()):
        raise InvalidInput(f"monitorronde: jaar: '{text[:10]}' is geen jaartal")
    return int(text)


def lees_deelnemers(form: RondeForm) -> tuple[Deelnemer, ...]:
    """The participants' rows (an emptied row drops out); `InvalidInput` for a row with a kind and no name."""
    problems = []
    found = []
    for soort, naam in form_rows(form.soort, form.naam):
        if naam.strip():
            found.append(Deelnemer(soort, naam.strip()))
        elif soort:
            problems.append(f"deelnemers: bij de soort '{soort}' ontbreekt de naam")
    if problems:
        raise InvalidInput("monitorronde: " + "; ".join(problems))
    return tuple(found)


def _veld(text: str, fields: tuple[str, ...]) -> str | None:
    """The field a problem's text names at its start ('datum 2027-01-01: …', 'motivering ontbreekt: …')."""
    return next((f for f in fields if text == f or text.startswith((f"{f} ", f"{f}:"))), None)


def veld_refusal(exc: Exception, fields: tuple[str, ...]) -> Refusal:
    """The refusal with each problem tied to the field its text starts with.

    A service message is 'what: a; b' (each problem after the subject) or, when it is about one
    field, the problems themselves ('motivering ontbreekt: leg uit waarom'); both are split here.
    """
    if type(exc) is not InvalidInput:
        return refusal(exc, fields)
    message = str(exc)
    head, sep, rest = message.partition(": ")
    parts = message.split("; ") if not sep or _veld(head, fields) else rest.split("; ")
    return Refusal("Niet opgeslagen. Verbeter het volgende:", tuple((_veld(p, fields), p) for p in parts))
