"""What the vraagstukken service needs from storage (implemented in `novex.store.dialogue_repo`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Protocol

from novex.dialogue.model import Bijdrage, Vraagstuk, VraagstukDraft, VraagstukFilter, VraagstukKaart


class VraagstukRepository(Protocol):
    """Storage of vraagstukken, their links and contributions, inside one unit of work."""

    def add(self, draft: VraagstukDraft, fase: str, door: str, tijdstip: datetime) -> int:
        """Store a new vraagstuk in phase `fase`; returns its id."""
        ...

    def get(self, vraagstuk_id: int) -> Vraagstuk | None:
        """One vraagstuk with all its links."""
        ...

    def list(self, where: VraagstukFilter, offset: int = 0, limit: int | None = None) -> list[Vraagstuk]:
        """Matching vraagstukken, newest first (a page when `limit` is given)."""
        ...

    def cards(self, where: VraagstukFilter) -> list[VraagstukKaart]:
        """Every matching vraagstuk as a board card, newest first."""
        ...

    def count(self, where: VraagstukFilter) -> int:
        """How many vraagstukken match."""
        ...

    def update(self, vraagstuk_id: int, expected_version: int, tijdstip: datetime, **values: Any) -> bool:
        """Change columns and links (draft fields by name) if the version is still `expected_version`."""
        ...

    def add_bijdrage(self, vraagstuk_id: int, bijdrage: Bijdrage) -> Bijdrage:
        """Store a contribution."""
        ...

    def bijdragen(self, vraagstuk_id: int) -> list[Bijdrage]:
        """The contributions on one vraagstuk, oldest first."""
        ...


class UserDirectory(Protocol):
    """Who is who: the accounthouder must be a VRO user."""

    def role_of(self, email: str) -> str | None:
        """The role of the active user with this e-mail address (None when unknown or inactive)."""
        ...

    def with_role(self, role: str) -> list[str]:
        """The e-mail addresses of the active users with this role, sorted."""
        ...


class RegisterRepository(Protocol):
    """Entries users added to the open registers of places and adopted decisions."""

    def entries(self, soort: str) -> list[Mapping[str, Any]]:
        """Added entries of one kind ('plek' or 'besluit'), oldest first."""
        ...

    def add_entry(self, soort: str, values: Mapping[str, Any], door: str, datum: date | None) -> None:
        """Store an added entry."""
        ...
