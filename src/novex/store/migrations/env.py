"""Alembic environment: imports only the table metadata, never the app."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from novex.store.tables import metadata

config = context.config
target_metadata = metadata()


def run_migrations() -> None:
    """Run migrations on the connection handed in by `novex.store.db`, or on the URL."""
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url"))
        with engine.begin() as connection:
            _run(connection)
    else:
        _run(connection)


def _run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
