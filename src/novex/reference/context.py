"""The reference geography: provinces, municipalities (CBS/Kadaster), landsdelen."""

from novex.registry import Command, Context

CONTEXT = Context(
    name="reference",
    api=("novex.api.routes.provinces:router",),
    cli=(
        Command("provinces", "novex.cli.reference:provinces"),
        Command("gemeenten", "novex.cli.reference:gemeenten"),
    ),
    tables=("novex.store.tables.reference",),
    services={"novex.reference.service:ReferenceService": "novex.bootstrap:reference_service"},
)
