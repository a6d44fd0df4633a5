"""Optimistic locking: a version column, and changes as compare-and-set on it.

A writer sends the version it read; a change made meanwhile by someone else makes the
update match no row, and the service answers with `novex.errors.stale` (409 in the API,
with the current version). Claims use it now; vraagstukken and agreements take the same
mixin and helper.
"""

from __future__ import annotations

from sqlalchemy import Integer, update
from sqlalchemy.orm import Mapped, Session, mapped_column


class VersionMixin:
    """A version column for optimistic locking: every change is a compare-and-set on it (see `versioned_update`)."""

    version: Mapped[int] = mapped_column(Integer, default=1)


def versioned_update(session: Session, table: type[VersionMixin], key: object, expected: int, **values: object) -> bool:
    """Change the row `key` only if its version is still `expected`, and count the version up; False if stale."""
    result = session.execute(
        update(table)
        .where(table.id == key, table.version == expected)  # type: ignore[attr-defined]
        .values(**values, version=table.version + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1
