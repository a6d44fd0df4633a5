"""Scenarios: herschikking of claims and goals within and between provinces, compared, promoted by a person."""

from novex.registry import Command, Context
from novex.scenarios.actions import SCENARIO_ACTIONS

CONTEXT = Context(
    name="scenarios",
    api=("novex.api.routes.scenarios:router",),
    pages=("novex.web.pages.scenarios:router", "novex.web.pages.scenario_forms:router"),
    cli=(Command("scenario", "novex.cli.scenarios:scenario_app", group=True),),
    actions=SCENARIO_ACTIONS,
    audit_kinds={"scenario.": "Scenario's"},
    tables=("novex.store.tables.scenarios",),
    services={"novex.scenarios.service:ScenarioService": "novex.bootstrap:scenario_service"},
    feeds_analysis=False,
)
