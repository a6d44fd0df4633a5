"""Step 3 of the cycle: the spatial puzzle — land budget, stacked and conflicting claims, goal gaps."""

from novex.registry import Command, Context

CONTEXT = Context(
    name="analysis",
    api=("novex.api.routes.analysis:router",),
    pages=("novex.web.pages.analysis:router",),
    cli=(Command("analyse", "novex.cli.analysis:analyse"),),
    services={"novex.analysis.service:AnalysisService": "novex.bootstrap:analysis_service"},
)
