"""Domain errors, free of any web or database framework.

The edges translate them: the API into problem+json, the CLI into a message
and a non-zero exit, the web app into a page with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
"""Control characters and bidirectional overrides: refused in every text (they rewrite terminals and pages)."""


class NovexError(Exception):
    """Base of every error novex reports to a user (message in Dutch)."""


class InvalidInput(NovexError):
    """Input is malformed or violates a rule; the message says what and where."""


MAX_REPORTED = 25


class ImportRejected(InvalidInput):
    """Input (a file, a batch) of which some parts cannot be used; lists every problem found."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        shown = self.problems[:MAX_REPORTED]
        more = len(self.problems) - len(shown)
        text = "\n".join(f"  - {p}" for p in shown) + (f"\n  … en nog {more} problemen" if more else "")
        super().__init__(f"{source}: import geweigerd, er is niets opgeslagen:\n{text}")


class NotFound(NovexError):
    """The requested object does not exist."""


class Forbidden(NovexError):
    """The actor's role does not allow this action on this object."""


class StateConflict(NovexError):
    """The change conflicts with the stored state: a stale version, a duplicate (HTTP 409).

    Not to be confused with `novex.analysis.puzzle.Conflict`, two claims that conflict on the map.
    """

    def __init__(self, message: str, current_version: int | None = None) -> None:
        super().__init__(message)
        self.current_version = current_version


def stale(what: str, current_version: int, expected_version: int) -> StateConflict:
    """The refusal of a change to `what` (e.g. 'claim 12') made on an old version."""
    versions = f"versie {current_version}, u had versie {expected_version}"
    return StateConflict(f"{what} is intussen gewijzigd ({versions})", current_version=current_version)


class TransitionRefused(NovexError):
    """A workflow move that may not be made now; `reasons` says why, each in Dutch."""

    def __init__(self, subject: str, reasons: Sequence[str]) -> None:
        self.reasons = list(reasons)
        super().__init__(f"{subject} geweigerd: {'; '.join(self.reasons)}")


def text_problems(name: str, value: str | None, limit: int) -> list[str]:
    """What is wrong with a user's text (Dutch, naming the field): over `limit`, a NUL, a control character."""
    if value is not None and len(value) > limit:
        return [f"{name}: hoogstens {limit} tekens (nu {len(value)})"]
    if value is not None and "\x00" in value:
        return [f"{name}: bevat een NUL-teken"]
    if value is not None and CONTROL.search(value):
        return [f"{name}: bevat een stuurteken (alleen tekst, regeleinden en tabs)"]
    return []
