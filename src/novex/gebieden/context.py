"""The second pillar beside the cycle: the sixteen NOVEX areas, their extent, the analysis inside, their products."""

from novex.gebieden.actions import GEBIEDEN_ACTIONS
from novex.gebieden.productketen_actions import PRODUCTKETEN_ACTIONS
from novex.registry import Command, Context

CONTEXT = Context(
    name="gebieden",
    api=("novex.api.routes.productketen:router", "novex.api.routes.gebieden:router"),  # fixed paths first
    pages=("novex.web.pages.gebieden:router", "novex.web.pages.gebied_dossier:router"),
    cli=(
        Command("gebieden", "novex.cli.gebieden:gebieden_app", group=True),
        Command("programma", "novex.cli.gebieden:programma_app", group=True),
    ),
    actions=GEBIEDEN_ACTIONS + PRODUCTKETEN_ACTIONS,
    audit_kinds={"novex-gebied.": "NOVEX-gebieden"},
    tables=("novex.store.tables.gebieden", "novex.store.tables.productketen"),
    services={
        "novex.gebieden.service:GebiedenService": "novex.bootstrap:gebieden_service",
        "novex.gebieden.productketen_service:ProductketenService": "novex.bootstrap:productketen_service",
    },
    feeds_analysis=False,
)
