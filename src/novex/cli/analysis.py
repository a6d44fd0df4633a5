"""`novex analyse`: the spatial puzzle of one or more provinces, as JSON or tables (on screen, CSV or XLSX)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from novex.cli.common import OPERATOR, fail, out, progress_bar, table
from novex.errors import NovexError
from novex.nl import counted, format_fixed, format_number

if TYPE_CHECKING:
    from novex.analysis.report import AnalysisReport


class Output(StrEnum):
    """What `novex analyse` writes: tables on screen, JSON, or one table as a spreadsheet file."""

    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class Tabel(StrEnum):
    """The tables of the analysis a spreadsheet takes."""

    conflicten = "conflicten"
    doelen = "doelen"


def analyse(
    province: Annotated[list[str] | None, typer.Option("--province", "-p", help="CBS-code; herhaalbaar.")] = None,
    fmt: Annotated[Output, typer.Option("--format", help="table, json, of een tabel als csv of xlsx.")] = Output.table,
    min_conflict_ha: Annotated[float, typer.Option(help="Minimale overlap (ha) voor een conflict.")] = 1.0,
    tabel: Annotated[Tabel, typer.Option(help="Bij csv/xlsx: conflicten of doelen.")] = Tabel.conflicten,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Bij csv/xlsx: het bestand (een map: de voorgestelde naam erin)."),
    ] = None,
) -> None:
    """Analyseer de ruimtelijke puzzel: grondbalans, stapeling, conflicten, doelen."""
    from novex import bootstrap
    from novex.analysis.service import AnalysisService

    spreadsheet = fmt in (Output.csv, Output.xlsx)
    if spreadsheet:
        output = _output_path(output, f"{tabel}-{'-'.join(sorted(province or ())) or 'nl'}.{fmt}")
    try:
        bootstrap.ensure_initialised()
        with bootstrap.unit_of_work(write=False) as uow, progress_bar() as progress:  # the CLI waits, with a bar
            report = uow.get(AnalysisService).analysis(OPERATOR, province or (), min_conflict_ha, progress)
    except NovexError as exc:
        fail(exc)
    if fmt is Output.json:
        sys.stdout.buffer.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2).encode("utf-8") + b"\n")
    elif spreadsheet:
        _write_table(report, tabel, fmt, output)  # type: ignore[arg-type]
    else:
        _tables(report)


def _output_path(output: Path | None, name: str) -> Path:
    """The file to write (a folder gets the proposed name); refused before any work when it cannot be."""
    if output is None or str(output) in ("", "."):
        fail("-o / --output: geef het bestand voor de tabel (bij --format csv of xlsx)")
    target = output / name if output.is_dir() else output
    if not target.parent.is_dir():
        fail(f"uitvoerbestand {target}: de map {target.parent} bestaat niet")
    return target


def _write_table(report: AnalysisReport, tabel: Tabel, fmt: Output, target: Path) -> None:
    from novex.analysis.tables import conflict_table, goal_table
    from novex.documents.tables import to_csv, to_xlsx

    data = conflict_table(report) if tabel is Tabel.conflicten else goal_table(report)
    body = to_csv(data.header, data.rows) if fmt is Output.csv else to_xlsx(data.title, data.header, data.rows)
    try:
        target.write_bytes(body)
    except OSError as exc:
        fail(f"uitvoerbestand {target} kan niet worden geschreven: {exc.strerror or exc}")
    out.print(f"{tabel} ({counted(len(data.rows), 'rij', 'rijen')}) geschreven naar {target} ({len(body):,} bytes)")


def _tables(report: AnalysisReport) -> None:
    columns = ("Provincie", "Land ha", "Geclaimd ha", "Bedekt ha", "Gestapeld ha", "Vrij ha", "Claimdruk")
    budget = table(f"Grondbalans ({counted(report.claims, 'claim', 'claims')})", columns, right=columns[1:])
    for p in report.provinces:
        figures = (p.land_ha, p.claimed_ha, p.covered_ha, p.stacked_ha, p.unclaimed_ha)
        budget.add_row(p.naam, *(format_number(round(v)) for v in figures), format_fixed(p.over_claim_ratio))
    out.print(budget)
    conflicts = table(
        f"Conflicten (≥ {format_number(report.min_conflict_ha)} ha)",
        ("Id", "Claims", "Domeinen", "ha", "Provincies", "Ernst"),
        caption=report.severity_formula,
    )
    for c in report.conflicts:
        where = ", ".join(c.provinces) + (" (grensoverschrijdend)" if c.crosses_border else "")
        area = format_number(round(c.area_ha, 1))
        conflicts.add_row(c.id, " × ".join(c.names), " × ".join(c.domains), area, where, format_fixed(c.severity, 2))
    out.print(conflicts)
    nature = table(
        "Claims op beschermde gebieden (beperkingenlagen)",
        ("Claim", "Domein", "Laag", "Gebied", "Hardheid", "ha", "Provincie", "Oordeel"),
    )
    for r in report.restrictions:
        area = format_number(round(r.area_ha, 1))
        name = f"{r.area_name} ({r.area_code})" if r.area_code else r.area_name
        nature.add_row(r.claim_name, r.domain, r.layer, name, r.hardness, area, r.province, r.klasse)
    out.print(nature)
    goals = table("Doelen (met gekoppelde claims)", ("Doel", "Schaal", "Doelwaarde", "Gepland", "Verschil", "Status"))
    for g in (g for g in report.goals if g.claims):
        target = f"{format_number(g.target)} {g.unit}"
        planned, gap = format_number(round(g.planned, 2)), format_number(round(g.gap, 2))
        goals.add_row(g.goal, g.scope, target, planned, gap, g.status)
    out.print(goals)
