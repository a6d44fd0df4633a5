"""What the accounts service needs from storage."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from novex.accounts.model import User


class UserRepository(Protocol):
    """Users, their password hashes and API token digests."""

    def add(self, user: User, password_hash: str) -> User:
        """Store a new user; returns it with its id."""
        ...

    def by_email(self, email: str) -> tuple[User, str] | None:
        """A user and password hash by (case-insensitive) email."""
        ...

    def get(self, user_id: int) -> User | None:
        """A user by id."""
        ...

    def all(self) -> list[User]:
        """All users by email."""
        ...

    def set_password(self, user_id: int, password_hash: str) -> None:
        """Replace a user's password hash."""
        ...

    def update(self, user: User) -> None:
        """Store a user's role, province, ministry, name and whether it is active."""
        ...

    def revoke_tokens(self, user_id: int) -> None:
        """Delete every API token of a user."""
        ...

    def end_sessions(self, user_id: int) -> None:
        """End every web session of a user (after a block, a new password or a new role)."""
        ...

    def lock_state(self, user_id: int, address: str) -> tuple[int, datetime | None]:
        """Consecutive failed logins of the account from a client address, and its lock."""
        ...

    def set_lock_state(self, user_id: int, address: str, failures: int, locked_until: datetime | None) -> None:
        """Store the failed-login count and lock of the account from a client address."""
        ...

    def add_session(self, digest: str, user_id: int, csrf: str, expires_at: datetime) -> None:
        """Store a web session by the digest of its cookie; expired sessions may be dropped on the way."""
        ...

    def session_user(self, digest: str, now: datetime) -> tuple[User, str] | None:
        """The active user and CSRF token of an unexpired web session."""
        ...

    def delete_session(self, digest: str) -> None:
        """End a web session."""
        ...

    def add_token(self, user_id: int, digest: str, label: str) -> None:
        """Store an API token digest for a user."""
        ...

    def by_token(self, digest: str) -> User | None:
        """The active user owning a token digest."""
        ...
