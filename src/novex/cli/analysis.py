"""`novex analyse`: the spatial puzzle of one or more provinces, as JSON or tables."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from novex.cli.common import OPERATOR, Output, fail, out, progress_bar, table
from novex.errors import NovexError
from novex.nl import counted, format_fixed, format_number

if TYPE_CHECKING:
    from novex.analysis.report import AnalysisReport


def analyse(
    province: Annotated[list[str] | None, typer.Option("--province", "-p", help="CBS-code; herhaalbaar.")] = None,
    fmt: Annotated[Output, typer.Option("--format", help="json of table.")] = Output.table,
    min_conflict_ha: Annotated[float, typer.Option(help="Minimale overlap (ha) voor een conflict.")] = 1.0,
) -> None:
    """Analyseer de ruimtelijke puzzel: grondbalans, stapeling, conflicten, doelen."""
    from novex import bootstrap
    from novex.analysis.service import AnalysisService

    try:
        bootstrap.ensure_initialised()
        with bootstrap.unit_of_work(write=False) as uow, progress_bar() as progress:  # the CLI waits, with a bar
            report = uow.get(AnalysisService).analysis(OPERATOR, province or (), min_conflict_ha, progress)
    except NovexError as exc:
        fail(exc)
    if fmt is Output.json:
        sys.stdout.buffer.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2).encode("utf-8") + b"\n")
        return
    _tables(report)


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
