"""The second pillar beside the cycle: the sixteen NOVEX areas, their extent and the analysis inside them."""

from novex.gebieden.actions import GEBIEDEN_ACTIONS
from novex.registry import Command, Context

CONTEXT = Context(
    name="gebieden",
    api=("novex.api.routes.gebieden:router",),
    pages=("novex.web.pages.gebieden:router",),
    cli=(
        Command("gebieden", "novex.cli.gebieden:gebieden_app", group=True),
        Command("programma", "novex.cli.gebieden:programma_app", group=True),
    ),
    actions=GEBIEDEN_ACTIONS,
    audit_kinds={"novex-gebied.": "NOVEX-gebieden: begrenzing"},
    tables=("novex.store.tables.gebieden",),
    services={"novex.gebieden.service:GebiedenService": "novex.bootstrap:gebieden_service"},
    feeds_analysis=False,
)
