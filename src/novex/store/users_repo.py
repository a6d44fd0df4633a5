"""SQLAlchemy implementation of `novex.accounts.ports.UserRepository`."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from novex.access import Role
from novex.accounts.model import User
from novex.store.tables import ApiTokenRow, UserRow


def _user(row: UserRow) -> User:
    return User(row.id, row.email, row.naam, Role(row.role), row.provincie, row.departement, row.actief)


class SqlUserRepository:
    """Users and API tokens; the caller owns the transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, user: User, password_hash: str) -> User:
        """Insert a user."""
        row = UserRow(
            email=user.email,
            naam=user.naam,
            role=str(user.role),
            provincie=user.provincie,
            departement=user.departement,
            password_hash=password_hash,
            actief=user.actief,
        )
        self.session.add(row)
        self.session.flush()
        return _user(row)

    def by_email(self, email: str) -> tuple[User, str] | None:
        """User and password hash by email (case-insensitive)."""
        row = self.session.scalars(select(UserRow).where(func.lower(UserRow.email) == email.lower())).first()
        return (_user(row), row.password_hash) if row else None

    def get(self, user_id: int) -> User | None:
        """User by id."""
        row = self.session.get(UserRow, user_id)
        return _user(row) if row else None

    def all(self) -> list[User]:
        """All users."""
        return [_user(r) for r in self.session.scalars(select(UserRow).order_by(UserRow.email))]

    def set_password(self, user_id: int, password_hash: str) -> None:
        """Replace the password hash."""
        self.session.get(UserRow, user_id).password_hash = password_hash
        self.session.flush()

    def lock_state(self, user_id: int) -> tuple[int, datetime | None]:
        """Failed logins and lock of a user."""
        row = self.session.get(UserRow, user_id)
        until = row.locked_until
        if until is not None and until.tzinfo is None:  # SQLite returns naive datetimes
            until = until.replace(tzinfo=UTC)
        return row.failed_logins or 0, until

    def set_lock_state(self, user_id: int, failures: int, locked_until: datetime | None) -> None:
        """Store failed logins and lock."""
        row = self.session.get(UserRow, user_id)
        row.failed_logins, row.locked_until = failures, locked_until
        self.session.flush()

    def add_token(self, user_id: int, digest: str, label: str) -> None:
        """Store a token digest."""
        self.session.add(ApiTokenRow(digest=digest, user_id=user_id, label=label))
        self.session.flush()

    def by_token(self, digest: str) -> User | None:
        """The active owner of a token digest."""
        row = self.session.scalars(
            select(UserRow).join(ApiTokenRow, ApiTokenRow.user_id == UserRow.id).where(ApiTokenRow.digest == digest)
        ).first()
        return _user(row) if row and row.actief else None
