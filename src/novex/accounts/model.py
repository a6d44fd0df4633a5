"""A user account (no password material here; see `passwords`)."""

from __future__ import annotations

from dataclasses import dataclass

from novex.access import Actor, Role


@dataclass(frozen=True)
class User:
    """A person with a login: role, and the province or ministry the role is bound to."""

    id: int
    email: str
    naam: str
    role: Role
    provincie: str | None = None
    departement: str | None = None
    actief: bool = True

    def actor(self) -> Actor:
        """The actor this user acts as."""
        return Actor(self.id, self.email, self.role, self.provincie, self.departement)
