"""Step 5 of the cycle: the Ruimtelijk Arrangement — yearly SMART agreements per province, adopted in the BOL."""

from novex.arrangement.actions import ARRANGEMENT_ACTIONS
from novex.registry import Command, Context

CONTEXT = Context(
    name="arrangement",
    api=("novex.api.routes.arrangement:router", "novex.api.routes.arrangement_documents:router"),
    pages=("novex.web.pages.arrangement:router",),
    cli=(Command("ra", "novex.cli.arrangement:ra_app", group=True),),
    actions=ARRANGEMENT_ACTIONS,
    audit_kinds={"ruimtelijk-arrangement.": "ruimtelijke arrangementen"},
    tables=("novex.store.tables.arrangement",),
    services={"novex.arrangement.service:ArrangementService": "novex.bootstrap:arrangement_service"},
    feeds_analysis=False,
)
