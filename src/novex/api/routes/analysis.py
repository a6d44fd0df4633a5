"""Analysis results per scope, and the conflicts.

A large analysis is computed in the background: these routes answer at once with the newest
complete result, its age and state in headers (`Last-Modified`, `Age`, `Analyse-Status`,
`Analyse-Voortgang`), 202 with the progress before the first result exists, and 503
problem+json with `Retry-After` when that first computation failed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime
from math import ceil
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from novex.access import Actor
from novex.analysis.report import AnalysisReport
from novex.analysis.service import AnalysisService, AnalysisState
from novex.analysis.tables import Table, conflict_table, goal_table
from novex.api.problems import PROBLEM, problem
from novex.documents.tables import MEDIA, to_csv, to_xlsx
from novex.edge.deps import ActorDep, UowDep

router = APIRouter(tags=["analyse"])

RETRY_SECONDS = 5
"""How soon a client may ask again while an analysis is being computed."""


def scope(
    provincie: Annotated[list[str] | None, Query(description="CBS-codes; leeg = heel Nederland")] = None,
    min_conflict_ha: Annotated[float, Query(alias="minConflictHa", ge=0, le=100_000, allow_inf_nan=False)] = 1.0,
) -> tuple[tuple[str, ...], float]:
    """The provinces to analyse (none: the whole country) and the smallest overlap that counts as a conflict."""
    return tuple(provincie or ()), min_conflict_ha


ScopeDep = Annotated[tuple[tuple[str, ...], float], Depends(scope)]


def _header(description: str, kind: str = "string", **schema: Any) -> dict[str, Any]:
    return {"description": description, "schema": {"type": kind, **schema}}


STATE_HEADERS = {
    "Last-Modified": _header("Wanneer deze analyse klaar was (HTTP-datum)."),
    "Age": _header("Hoeveel seconden geleden deze analyse klaar was.", "integer", minimum=0),
    "Analyse-Status": _header(
        "`actueel`: van de gegevens zoals ze nu zijn; `bezig`: een nieuwere analyse wordt berekend; "
        "`mislukt`: de nieuwere analyse is mislukt (de reden staat in `/analyse/status`).",
        enum=["actueel", "bezig", "mislukt"],
    ),
    "Analyse-Voortgang": _header("Bij `bezig`: hoeveel procent van de nieuwe berekening klaar is.", "integer"),
}
STATUS_SCHEMA = {
    "type": "object",
    "required": ["status", "bezig", "berekendOp", "leeftijdSeconden", "voortgang", "stap", "fout"],
    "properties": {
        "status": {"type": "string", "enum": ["actueel", "bezig", "mislukt"]},
        "bezig": {"type": "boolean", "description": "Een nieuwere analyse wordt op de achtergrond berekend."},
        "berekendOp": {"type": ["string", "null"], "format": "date-time",
                       "description": "Wanneer de nieuwste complete analyse klaar was (null: nog geen)."},
        "leeftijdSeconden": {"type": ["integer", "null"], "description": "Hoe oud die analyse is, in seconden."},
        "voortgang": {"type": ["number", "null"], "minimum": 0, "maximum": 1,
                      "description": "Deel van de lopende berekening dat klaar is (0-1)."},
        "stap": {"type": ["string", "null"], "description": "De stap van de lopende berekening."},
        "fout": {"type": ["string", "null"], "description": "Waarom de nieuwere analyse mislukte."},
    },
}  # fmt: skip
PENDING = {
    202: {
        "description": "Er is nog geen complete analyse van deze scope; zij wordt berekend. Vraag opnieuw na "
        "`Retry-After` seconden.",
        "headers": {"Retry-After": _header("Seconden tot een volgende vraag zinvol is.", "integer")},
        "content": {"application/json": {"schema": STATUS_SCHEMA}},
    },
    503: {
        "description": "De eerste analyse van deze scope is mislukt; een nieuwe poging volgt na `Retry-After` "
        "seconden of na de volgende wijziging.",
        "headers": {"Retry-After": _header("Seconden tot een nieuwe poging.", "integer")},
        "content": {PROBLEM: {}},
    },
}


def status_of(state: AnalysisState) -> str:
    """The state in one word: actueel, bezig or mislukt."""
    if state.current:
        return "actueel"
    return "mislukt" if state.error and not state.running else "bezig"


def status_body(state: AnalysisState, now: datetime) -> dict[str, Any]:
    """The documented status object (`STATUS_SCHEMA`)."""
    age = state.age(now)
    return {
        "status": status_of(state),
        "bezig": state.running,
        "berekendOp": state.computed_at.isoformat().replace("+00:00", "Z") if state.computed_at else None,
        "leeftijdSeconden": int(age.total_seconds()) if age is not None else None,
        "voortgang": round(state.progress, 3) if state.progress is not None else None,
        "stap": state.stage,
        "fout": state.error,
    }


def state_headers(state: AnalysisState, now: datetime) -> dict[str, str]:
    """`STATE_HEADERS` for a state with a report."""
    headers = {"Analyse-Status": status_of(state), "Cache-Control": "private, no-cache"}
    if state.computed_at is not None:
        headers["Last-Modified"] = format_datetime(state.computed_at.astimezone(UTC), usegmt=True)
        headers["Age"] = str(int(state.age(now).total_seconds()))  # type: ignore[union-attr]
    if state.running and state.progress is not None:
        headers["Analyse-Voortgang"] = str(int(state.progress * 100))
    return headers


def without_report(
    request: Request, service: AnalysisService, actor: Actor, where: tuple[tuple[str, ...], float], state: AnalysisState
) -> Response:
    """202 with the progress while the first analysis runs; 503 problem+json when it failed."""
    if state.error and not state.running:
        wait = max(1, ceil(service.retry_after(actor, *where)))
        answer = problem(request, 503, f"de analyse kon niet worden berekend: {state.error}")
        answer.headers["Retry-After"] = str(wait)
        return answer
    return JSONResponse(status_body(state, datetime.now(UTC)), status_code=202,
                        headers={"Retry-After": str(RETRY_SECONDS), "Cache-Control": "no-store"})  # fmt: skip


def accepts_gzip(header: str) -> bool:
    """Whether an Accept-Encoding header accepts gzip (named or `*`, without q=0)."""
    for item in header.lower().split(","):
        name, _, params = item.strip().partition(";")
        if name.strip() in ("gzip", "*"):
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


@router.get(
    "/analyse",
    summary="De ruimtelijke puzzel van een scope",
    response_class=JSONResponse,
    responses={200: {"description": "De nieuwste complete analyse.", "headers": STATE_HEADERS}, **PENDING},
)
def analyse(request: Request, actor: ActorDep, uow: UowDep, where: ScopeDep) -> Response:
    """Land budget, domain pairs, conflicts, hotspots, feasibility, restriction overlaps and goals.

    A large analysis runs in the background: the answer is the newest complete one at once, with
    its age (`Age`, `Last-Modified`) and state (`Analyse-Status`, `Analyse-Voortgang`). The JSON is
    encoded once per data revision and scope (a national report of 50,000 claims is ~11 MB).
    """
    service = uow.get(AnalysisService)
    gzipped = accepts_gzip(request.headers.get("accept-encoding", ""))
    state, body = service.state_json(actor, *where, gzipped=gzipped)
    if body is None:
        return without_report(request, service, actor, where, state)
    headers = state_headers(state, datetime.now(UTC)) | {"Vary": "Accept-Encoding"}
    if gzipped:  # compressed once per report, not per request (the middleware passes an encoded body through)
        headers["Content-Encoding"] = "gzip"
    return Response(body, media_type="application/json", headers=headers)


@router.get(
    "/analyse/status",
    summary="De stand van de analyse van een scope: leeftijd, lopende berekening, voortgang",
    response_class=JSONResponse,
    responses={200: {"description": "De stand.", "content": {"application/json": {"schema": STATUS_SCHEMA}}}},
)
def analyse_status(actor: ActorDep, uow: UowDep, where: ScopeDep) -> JSONResponse:
    """How old the newest complete analysis is, whether a newer one is being computed and how far it is."""
    state = uow.get(AnalysisService).state(actor, *where)
    return JSONResponse(status_body(state, datetime.now(UTC)), headers={"Cache-Control": "no-store"})


TableFormat = Annotated[
    Literal["json", "csv", "xlsx"],
    Query(description="Het formaat: json, of als tabel voor een spreadsheet csv (puntkomma's, UTF-8) of xlsx."),
]
TABLE_CONTENT = {"application/json": {}, MEDIA["csv"]: {}, MEDIA["xlsx"]: {}}


def _table_or_json(
    request: Request,
    actor: Actor,
    uow: UowDep,
    where: ScopeDep,
    formaat: str,
    name: str,
    table_of: Callable[[AnalysisReport], Table],
    json_of: Callable[[dict[str, Any]], dict[str, Any]],
) -> Response:
    """One part of the newest complete analysis: as JSON, or as a CSV/XLSX attachment for a spreadsheet."""
    service = uow.get(AnalysisService)
    state = service.state(actor, *where)
    if state.report is None:
        return without_report(request, service, actor, where, state)
    headers = state_headers(state, datetime.now(UTC))
    if formaat == "json":
        return JSONResponse(json_of(state.report.to_json()), headers=headers)
    table = table_of(state.report)
    body = to_csv(table.header, table.rows) if formaat == "csv" else to_xlsx(table.title, table.header, table.rows)
    headers["Content-Disposition"] = f'attachment; filename="{name}-{_scope_name(where)}.{formaat}"'
    return Response(body, media_type=MEDIA[formaat], headers=headers)


def _scope_name(where: tuple[tuple[str, ...], float]) -> str:
    """The scope in a file name: its province codes (letters and digits only), or nl."""
    return "-".join(sorted({re.sub(r"[^A-Za-z0-9]", "", code) for code in where[0]})) or "nl"


@router.get(
    "/conflicten",
    summary="Conflicten in een scope",
    response_class=JSONResponse,
    responses={200: {"description": "De conflicten van de nieuwste complete analyse; als tabel met `formaat`.",
                     "headers": STATE_HEADERS, "content": TABLE_CONTENT},
               **PENDING},
)  # fmt: skip
def conflicts(
    request: Request, actor: ActorDep, uow: UowDep, where: ScopeDep, formaat: TableFormat = "json"
) -> Response:
    """The conflicts (claim × claim and claim × restriction area) with the severity formula."""

    def as_json(report: dict[str, Any]) -> dict[str, Any]:
        found = report["conflicts"]
        return {"severity_formula": report["severity_formula"], "data": found, "count": len(found)}

    return _table_or_json(request, actor, uow, where, formaat, "conflicten", conflict_table, as_json)


@router.get(
    "/doelbereik",
    summary="Doelbereik in een scope: per doel de doelwaarde, wat de claims plannen, het verschil en de status",
    response_class=JSONResponse,
    responses={200: {"description": "De doelen van de nieuwste complete analyse; als tabel met `formaat`.",
                     "headers": STATE_HEADERS, "content": TABLE_CONTENT},
               **PENDING},
)  # fmt: skip
def goal_reach(
    request: Request, actor: ActorDep, uow: UowDep, where: ScopeDep, formaat: TableFormat = "json"
) -> Response:
    """Every goal of the scope with its target, what the linked claims plan, the gap and the status."""

    def as_json(report: dict[str, Any]) -> dict[str, Any]:
        return {"data": report["goals"], "count": len(report["goals"])}

    return _table_or_json(request, actor, uow, where, formaat, "doelen", goal_table, as_json)
