"""What the web pages share: a refusal split into its problems per field, yes/no choices, downloads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.responses import Response
from pydantic import BaseModel

from novex.edge.errors import status_of
from novex.errors import CONTROL, Forbidden, InvalidInput, NovexError, StateConflict, TransitionRefused
from novex.nl import whole_number
from novex.web.render import FormRefused


@dataclass(frozen=True)
class Refusal:
    """What went wrong with a form, for the template: a headline and the problems, each maybe tied to a field."""

    kop: str
    problemen: tuple[tuple[str | None, str], ...]

    def van(self, veld: str) -> list[str]:
        """The problems of one field."""
        return [text for field, text in self.problemen if field == veld]


def refusal(exc: Exception, fields: tuple[str, ...] = ()) -> Refusal:
    """Split a service refusal into its problems ('what: a; b'), each tied to a field when it names one."""
    if isinstance(exc, TransitionRefused):
        return Refusal("De overgang is niet gemaakt.", tuple((None, r) for r in exc.reasons))
    message = str(exc)
    if isinstance(exc, StateConflict):
        return Refusal("Niet opgeslagen: iemand anders was u voor.", ((None, message),))
    if isinstance(exc, Forbidden):
        return Refusal("Dit mag u niet.", ((None, message),))
    _, _, rest = message.partition(": ")
    parts = rest.split("; ") if rest and type(exc) is InvalidInput else [message]
    problems = []
    for part in parts:
        field = part.split(":")[0].strip()
        problems.append((field, part) if field in fields else (None, part))
    return Refusal("Niet opgeslagen. Verbeter het volgende:", tuple(problems))


def yes_no(value: str) -> bool | None:
    """A form's 'ja'/'nee' as a boolean; anything else (not answered) as None."""
    return {"ja": True, "nee": False}.get(value)


def public_variant(openbaar: str) -> bool:
    """Whether `?openbaar=` asks for the public variant of a document (names of persons left out)."""
    return openbaar in ("ja", "true", "1")


def download(body: bytes, name: str, media_type: str = "application/pdf") -> Response:
    """A file the browser saves as `name` (a PDF unless said otherwise)."""
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private"}
    return Response(body, media_type=media_type, headers=headers)


def extra_field(form: BaseModel, name: str, limit: int = 20_000) -> str:
    """A form field that is not declared on the model (criteria per code), at most `limit` characters."""
    value = (form.model_extra or {}).get(name, "")
    value = value[-1] if isinstance(value, list) and value else value
    return value[:limit] if isinstance(value, str) else ""


def id_list(values: list[str], what: str) -> tuple[tuple[int, ...], list[str]]:
    """Numbers typed in a form (ids, ASCII digits only), each checked; the problems name the field `what`."""
    ids, problems = [], []
    for value in values:
        number = whole_number(value)
        if number is not None:
            ids.append(number)
        else:
            problems.append(f"{what}: '{value}' is geen nummer")
    return tuple(dict.fromkeys(ids)), problems


def form_refused(
    template: str, actor: Any, context: dict[str, Any], form: str, exc: Exception, typed: dict[str, Any],
    found: Refusal,
) -> FormRefused:  # fmt: skip
    """The page `template` again: the refusal `found` next to form `form` and at the top, and what was typed.

    At the top too, because the form may not be on the page (another phase, a role's hidden form), and
    a refusal is never silent; a stale version is replaced by the current one, so saving again overrides.
    """
    if isinstance(exc, StateConflict) and exc.current_version is not None:
        typed = typed | {"versie": exc.current_version}
    shown = {k: CONTROL.sub("", v.replace("\x00", "")) if isinstance(v, str) else v for k, v in typed.items()}
    context |= {"fouten": {form: found}, "invoer": {form: shown}, "fout_boven": found}
    return FormRefused(template, actor, status_of(exc) if isinstance(exc, NovexError) else 400, context)
