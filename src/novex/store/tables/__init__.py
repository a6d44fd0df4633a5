"""SQLAlchemy 2 tables, one module per context. Portable between SQLite and PostgreSQL.

Only `store` imports these modules; domain packages talk to repositories. Each context
names its table modules in its `Context`; `metadata()` imports them all (Alembic, backups).
"""

from __future__ import annotations

from sqlalchemy import MetaData

from novex.store.tables.base import Base

PLATFORM_TABLES = ("novex.store.flow_history",)
"""Table modules of the platform itself (not of one context)."""


def metadata() -> MetaData:
    """The metadata of every table: the platform's and each registered context's."""
    from novex.registry import contexts, load

    for module in PLATFORM_TABLES + tuple(t for c in contexts() for t in c.tables):
        load(module)
    return Base.metadata


__all__ = ["Base", "metadata"]
