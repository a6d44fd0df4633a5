"""Step 4 of the cycle, continued: the yearly meeting cycle, the fast procedure and the werkplaatsen."""

from novex.meetings.actions import MEETING_ACTIONS
from novex.registry import Command, Context

CONTEXT = Context(
    name="meetings",
    api=("novex.api.routes.meetings:router",),
    pages=(
        "novex.web.pages.meetings:router",
        "novex.web.pages.snelle_procedure:router",
        "novex.web.pages.werkplaatsen:router",
    ),
    cli=(
        Command("vergadering", "novex.cli.meetings:vergadering_app", group=True),
        Command("werkplaats", "novex.cli.meetings:werkplaats_app", group=True),
        Command("document", "novex.cli.meetings:document"),
    ),
    actions=MEETING_ACTIONS,
    audit_kinds={"vergadering.": "vergaderingen"},
    tables=("novex.store.tables.meetings",),
    services={"novex.meetings.service:MeetingService": "novex.bootstrap:meeting_service"},
    feeds_analysis=False,
    vraagstuk_panels={"snelle": "novex.web.pages.snelle_procedure:procedure_panel"},  # seed 002 §4.2
)
