"""Domain errors → HTTP statuses, and the handlers that answer every error (for the API and the web app).

How an error is *shown* belongs to each edge: the composition root (`novex.server`) gives
`install` one renderer per path prefix — problem+json for `/api/`, a Dutch page elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from novex.edge.ratelimit import TooManyRequests
from novex.errors import Forbidden, InvalidInput, NotFound, NovexError, StateConflict, TransitionRefused

TITLES = {
    400: "Ongeldig verzoek",
    401: "Niet ingelogd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Niet aanvaardbaar",
    409: "Conflict",
    413: "Te groot",
    415: "Mediatype niet ondersteund",
    429: "Te veel verzoeken",
    500: "Interne fout",
}


class Unauthenticated(NovexError):
    """No valid credentials were given."""


class NotAcceptable(NovexError):
    """The client asks for a representation (e.g. a CRS) that is not offered."""


STATUS_OF: dict[type[NovexError], int] = {
    TooManyRequests: 429,
    Unauthenticated: 401,
    NotAcceptable: 406,
    Forbidden: 403,
    NotFound: 404,
    TransitionRefused: 409,
    StateConflict: 409,
    InvalidInput: 400,  # the NL API Design Rules: invalid input is a 400 Bad Request
}


def status_of(exc: NovexError) -> int:
    """The HTTP status for a domain error."""
    for kind, status in STATUS_OF.items():
        if isinstance(exc, kind):
            return status
    return 400


MESSAGES = {
    "missing": "ontbreekt",
    "extra_forbidden": "is geen bekend veld",
    "string_too_long": "is te lang (maximaal {max_length} tekens)",
    "string_too_short": "is te kort (minstens {min_length} teken(s))",
    "too_long": "heeft te veel elementen (maximaal {max_length})",
    "greater_than_equal": "moet minstens {ge} zijn",
    "less_than_equal": "mag hoogstens {le} zijn",
    "greater_than": "moet groter zijn dan {gt}",
    "less_than": "moet kleiner zijn dan {lt}",
    "int_parsing": "is geen geheel getal",
    "int_from_float": "is geen geheel getal",
    "float_parsing": "is geen getal",
    "finite_number": "is geen eindig getal",
    "bool_parsing": "is geen ja/nee-waarde (true of false)",
    "string_type": "is geen tekst",
    "dict_type": "is geen object",
    "list_type": "is geen lijst",
    "enum": "kies uit {expected}",
    "literal_error": "kies uit {expected}",
    "string_pattern_mismatch": "heeft niet de verwachte vorm ({pattern})",
    "json_invalid": "is geen geldige JSON ({error})",
    "model_attributes_type": "is geen object",
    "date_parsing": "is geen datum (JJJJ-MM-DD)",
    "date_from_datetime_parsing": "is geen datum (JJJJ-MM-DD)",
    "date_from_datetime_inexact": "is geen datum zonder tijd (JJJJ-MM-DD)",
    "date_type": "is geen datum (JJJJ-MM-DD)",
    "datetime_parsing": "is geen tijdstip (JJJJ-MM-DDTuu:mm)",
    "datetime_from_date_parsing": "is geen tijdstip (JJJJ-MM-DDTuu:mm)",
    "datetime_type": "is geen tijdstip (JJJJ-MM-DDTuu:mm)",
    "int_type": "is geen geheel getal",
    "float_type": "is geen getal",
    "bool_type": "is geen ja/nee-waarde (true of false)",
    "string_unicode": "is geen geldige tekst (UTF-8)",
    "decimal_parsing": "is geen bedrag (cijfers met een punt, bijv. 1250000.50)",
    "decimal_type": "is geen bedrag (cijfers met een punt, bijv. 1250000.50)",
    "decimal_max_places": "heeft te veel decimalen (hoogstens {decimal_places})",
    "decimal_max_digits": "heeft te veel cijfers (hoogstens {max_digits})",
    "decimal_whole_digits": "heeft te veel cijfers vóór de punt (hoogstens {whole_digits})",
    "value_error": "{error}",
}


FRAMEWORK_DETAILS = {
    "There was an error parsing the body": "de body kon niet worden gelezen (geen geldige JSON of te diep genest)",
    "Not Found": "deze pagina of dit adres bestaat niet",
    "Method Not Allowed": "deze methode is hier niet toegestaan",
}
"""The framework's own English details, in Dutch."""

FRAMEWORK_PATTERNS = [
    (re.compile(r"(?:Field|Part) exceeded maximum size of (\d+)KB\.?"),
     "een formulierveld is langer dan {0} kB; kies een bestand in plaats van geplakte tekst"),
    (re.compile(r"Too many fields\. Maximum number of fields is (\d+)\.?"),
     "het formulier heeft te veel velden (hoogstens {0})"),
    (re.compile(r"Too many files\. Maximum number of files is (\d+)\.?"),
     "het formulier heeft te veel bestanden (hoogstens {0})"),
    (re.compile(r"Missing boundary in multipart\.?|Invalid multipart data\.?|"
                r"The Content-Disposition header field \"name\" must be provided\.?"),
     "het formulier (multipart) kon niet worden gelezen"),
]  # fmt: skip
"""Starlette's form parser's English details (with their limits), in Dutch."""


def framework_detail(detail: str) -> str:
    """The framework's English detail in Dutch; an unknown detail as it is."""
    if detail in FRAMEWORK_DETAILS:
        return FRAMEWORK_DETAILS[detail]
    for pattern, dutch_text in FRAMEWORK_PATTERNS:
        if found := pattern.fullmatch(detail):
            return dutch_text.format(*found.groups())
    return detail


def dutch(error: dict[str, Any]) -> str:
    """A Pydantic validation error in Dutch (its English text when the kind is not known)."""
    if error.get("type") == "value_error":  # our own validators speak Dutch already
        message = str(error.get("msg", "ongeldig")).removeprefix("Value error, ")
        if message.startswith("Expected UploadFile"):  # FastAPI's check of a file part
            return "verwacht een bestand (een bestandsdeel met een bestandsnaam), geen tekst"
        return message
    template = MESSAGES.get(error.get("type", ""))
    if template is None:
        return str(error.get("msg", "ongeldig"))
    context = {k: v.replace(" or ", " of ") if isinstance(v, str) else v for k, v in (error.get("ctx") or {}).items()}
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return template.split(" (")[0]


MAX_PROBLEMS = 100  # listed in an answer; the count says how many there were

Renderer = Callable[[Request, int, str, dict[str, Any]], Response]
"""Shows an error: (request, status, detail, extra members such as invalidParams) → response."""


def install(app: FastAPI, renderers: Sequence[tuple[str, Renderer]]) -> None:
    """Answer every error with the renderer of the first matching path prefix."""

    def answer(request: Request, status: int, detail: str, **extra: Any) -> Response:
        path = request.url.path
        render = next(r for prefix, r in renderers if path.startswith(prefix))
        return render(request, status, detail, extra)

    @app.exception_handler(NovexError)
    async def domain_error(request: Request, exc: NovexError) -> Response:
        extra: dict[str, Any] = {}
        if isinstance(exc, StateConflict) and exc.current_version is not None:
            extra["currentVersion"] = exc.current_version
        problems = getattr(exc, "problems", None) or getattr(exc, "reasons", None)
        if problems:
            extra["invalidParams"] = [{"reason": p} for p in problems[:MAX_PROBLEMS]]
            if len(problems) > MAX_PROBLEMS:
                extra["invalidParamsCount"] = len(problems)
        return answer(request, status_of(exc), str(exc), **extra)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        params = [{"name": ".".join(str(p) for p in e["loc"]), "reason": dutch(e)} for e in exc.errors()]
        detail = "; ".join(f"{p['name']}: {p['reason']}" for p in params)
        return answer(request, 400, detail, invalidParams=params)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return answer(request, exc.status_code, framework_detail(str(exc.detail)))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:  # pragma: no cover - last resort
        return answer(request, 500, "er ging iets mis aan de kant van de server; de fout is gelogd")
