"""Step 4 of the cycle: the vraagstukken — the continuous dialogue between Rijk and provinces (seed 002)."""

from novex.dialogue.actions import DIALOGUE_ACTIONS
from novex.registry import Command, Context

CONTEXT = Context(
    name="dialogue",
    api=("novex.api.routes.dialogue:router",),
    pages=("novex.web.pages.dialogue:router",),
    cli=(Command("vraagstuk", "novex.cli.dialogue:vraagstuk_app", group=True),),
    actions=DIALOGUE_ACTIONS,
    audit_kinds={"vraagstuk.": "vraagstukken", "register.": "registers"},
    tables=("novex.store.tables.dialogue",),
    services={"novex.dialogue.service:VraagstukService": "novex.bootstrap:vraagstuk_service"},
    feeds_analysis=False,
)
