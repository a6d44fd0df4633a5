"""Step 1 of the cycle: the startpakket catalogue inside the NOVI framework (seeds 000, 004)."""

from novex.registry import Command, Context

CONTEXT = Context(
    name="catalog",
    api=("novex.api.routes.catalog:router",),
    pages=("novex.web.pages.catalog:router",),
    cli=(
        Command("catalog", "novex.cli.catalog:catalog_app", group=True),
        Command("startpakket", "novex.cli.catalog:startpakket"),
    ),
    tables=("novex.store.tables.catalog",),
    services={"novex.catalog.service:CatalogService": "novex.bootstrap:catalog_service"},
)
