"""The analysis as plain tables (header + rows) for spreadsheets: conflicts and goals of a scope.

Numbers stay numbers (a spreadsheet formats them); the columns are named in Dutch as on the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from novex.analysis.report import AnalysisReport


@dataclass(frozen=True)
class Table:
    """A titled table: column names and rows of plain values."""

    title: str
    header: tuple[str, ...]
    rows: list[tuple[Any, ...]]


def conflict_table(report: AnalysisReport) -> Table:
    """Every conflict of the report, most severe first."""
    header = ("id", "claim a", "claim b", "naam a", "naam b", "domein a", "domein b", "oppervlakte (ha)",
              "provincies", "over de grens", "ernst", "beperkingenlaag", "toelichting")  # fmt: skip
    rows = [
        (c.id, str(c.claims[0]), str(c.claims[1]), c.names[0], c.names[1], c.domains[0], c.domains[1],
         round(c.area_ha, 4), ", ".join(sorted(c.provinces)), "ja" if c.crosses_border else "nee",
         round(c.severity, 4), c.layer or "", c.rationale)  # fmt: skip
        for c in report.conflicts
    ]
    return Table(f"Conflicten ({report.severity_formula})", header, rows)


def goal_table(report: AnalysisReport) -> Table:
    """Every goal of the report with its target, what the claims plan, the gap and the status."""
    header = ("doel", "tekst", "schaal", "jaar", "doelwaarde", "eenheid", "gepland", "verschil", "status",
              "claims")  # fmt: skip
    rows = [
        (g.goal, g.tekst, g.scope, g.year, g.target, g.unit, round(g.planned, 4), round(g.gap, 4), g.status,
         ", ".join(str(c) for c in g.claims))  # fmt: skip
        for g in report.goals
    ]
    return Table("Doelen", header, rows)
