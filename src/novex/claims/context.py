"""Step 2 of the cycle: the ruimtelijk voorstel — claims, voorstellen, restriction layers, own targets."""

from novex.claims.actions import CLAIM_ACTIONS
from novex.registry import Command, Context

CONTEXT = Context(
    name="claims",
    api=("novex.api.routes.claims:router", "novex.api.routes.verantwoording:router"),
    pages=(
        "novex.web.pages.claims:router",
        "novex.web.pages.claim_tekenen:router",
        "novex.web.pages.verantwoording:router",
    ),
    cli=(
        Command("claims", "novex.cli.claims:claims_app", group=True),
        Command("voorstel", "novex.cli.claims:voorstel_app", group=True),
        Command("verantwoording", "novex.cli.verantwoording:verantwoording_app", group=True),
        Command("layers", "novex.cli.layers:layers_app", group=True),
        Command("doelen", "novex.cli.layers:targets_app", group=True),
    ),
    actions=CLAIM_ACTIONS,
    audit_kinds={"claim.": "claims", "voorstel.": "voorstellen", "laag.": "beperkingenlagen", "doel.": "doelen"},
    tables=("novex.store.tables.claims",),
    services={
        "novex.claims.service:ClaimService": "novex.bootstrap:claim_service",
        "novex.claims.restrictions:RestrictionService": "novex.bootstrap:restriction_service",
        "novex.claims.verantwoording_service:VerantwoordingService": "novex.bootstrap:verantwoording_service",
    },
)
