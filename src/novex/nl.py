"""Dutch notation for numbers and moments, for every edge and for the texts of the audit trail."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo


def format_number(value: float | int | None) -> str:
    """Dutch number format: 900.000, 14,3; empty for None."""
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", " ").replace(".", ",").replace(" ", ".")


def format_fixed(value: float | None, digits: int = 3) -> str:
    """A number with a fixed count of decimals, Dutch style: 0,103; empty for None."""
    return "" if value is None else f"{value:.{digits}f}".replace(".", ",")


MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")  # fmt: skip
NL_TIME = ZoneInfo("Europe/Amsterdam")


def format_date(value: date | None) -> str:
    """A date in Dutch: '1 maart 2027'; empty for None."""
    return f"{value.day} {MAANDEN[value.month - 1]} {value.year}" if value else ""


def format_moment(value: datetime | None) -> str:
    """A moment in Dutch, in Dutch time: '1 december 2026 18:05'; empty for None."""
    if value is None:
        return ""
    local = value.astimezone(NL_TIME)
    return f"{local.day} {MAANDEN[local.month - 1]} {local.year} {local:%H:%M}"


def counted(number: int, singular: str, plural: str) -> str:
    """A count with its noun in the right number, Dutch style: '1 claim', '2.400 claims'."""
    return f"{format_number(number)} {singular if number == 1 else plural}"


MAX_INT = 2_147_483_647
"""The largest id or number a column holds (a 32-bit integer, as PostgreSQL's INTEGER)."""
_DIGITS = re.compile(r"[0-9]{1,10}")


def whole_number(text: str, maximum: int = MAX_INT) -> int | None:
    """A typed whole number from 1 to `maximum`, ASCII digits only; None for anything else.

    `str.isdigit()` is true for '²' and '①', which `int()` then refuses; Arabic-Indic digits `int()` takes.
    """
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if 0 < number <= maximum else None


def format_euro(value: Decimal | float | int | str | None) -> str:
    """An amount in euros, Dutch style with two decimals: '€ 12.500.000,50'."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value)).quantize(Decimal("0.01"))
    whole, cents = f"{abs(amount):,.2f}".split(".")
    return f"{'−' if amount < 0 else ''}€ {whole.replace(',', '.')},{cents}"
