"""SQLAlchemy implementation of `novex.accounts.ports.UserRepository`."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from novex.access import Role
from novex.accounts.model import User
from novex.store.tables.accounts import ApiTokenRow, LoginFailureRow, UserRow, WebSessionRow


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; they are stored in UTC."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


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

    def update(self, user: User) -> None:
        """Store role, province, ministry, name and active flag."""
        row = self.session.get(UserRow, user.id)
        row.role, row.provincie, row.departement = str(user.role), user.provincie, user.departement
        row.naam, row.actief = user.naam, user.actief
        self.session.flush()

    def revoke_tokens(self, user_id: int) -> None:
        """Delete every API token of a user."""
        self.session.execute(delete(ApiTokenRow).where(ApiTokenRow.user_id == user_id))

    def end_sessions(self, user_id: int) -> None:
        """Delete every web session of a user."""
        self.session.execute(delete(WebSessionRow).where(WebSessionRow.user_id == user_id))

    def lock_state(self, user_id: int, address: str) -> tuple[int, datetime | None]:
        """Failed logins and lock of a user from one client address."""
        row = self.session.get(LoginFailureRow, (user_id, address))
        return (row.failures, _aware(row.locked_until)) if row else (0, None)

    def set_lock_state(self, user_id: int, address: str, failures: int, locked_until: datetime | None) -> None:
        """Store failed logins and lock from one address (no row once both are cleared)."""
        row = self.session.get(LoginFailureRow, (user_id, address))
        if not failures and locked_until is None:
            if row is not None:
                self.session.delete(row)
        elif row is None:
            self.session.add(LoginFailureRow(user_id=user_id, address=address, failures=failures,
                                             locked_until=locked_until))  # fmt: skip
        else:
            row.failures, row.locked_until = failures, locked_until
        self.session.flush()

    def add_session(self, digest: str, user_id: int, csrf: str, expires_at: datetime) -> None:
        """Store a web session; sessions that have expired are removed on the way."""
        self.session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at < datetime.now(UTC)))
        self.session.add(WebSessionRow(digest=digest, user_id=user_id, csrf=csrf, expires_at=expires_at))
        self.session.flush()

    def session_user(self, digest: str, now: datetime) -> tuple[User, str] | None:
        """The active user and CSRF token of an unexpired session."""
        found = self.session.execute(
            select(UserRow, WebSessionRow.csrf, WebSessionRow.expires_at)
            .join(WebSessionRow, WebSessionRow.user_id == UserRow.id)
            .where(WebSessionRow.digest == digest)
        ).first()
        if found is None or not found[0].actief or _aware(found[2]) <= now:
            return None
        return _user(found[0]), found[1]

    def delete_session(self, digest: str) -> None:
        """End a session."""
        self.session.execute(delete(WebSessionRow).where(WebSessionRow.digest == digest))

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
