"""What the chain-of-products service needs from storage (implemented in `novex.store.productketen_repo`)."""

from __future__ import annotations

from typing import Protocol

from novex.gebieden.dossier import Gebiedsdossier, Product, Uitvoeringsafspraak


class ProductketenRepository(Protocol):
    """Dossiers, products and uitvoeringsafspraken of the NOVEX areas (one unit of work).

    Every write is a compare-and-set on the version read (0: the object is new); it answers False
    when another writer was first, and then stores nothing.
    """

    def dossier(self, gebied: str) -> Gebiedsdossier | None:
        """The stored dossier of an area (phase, governance), if any."""
        ...

    def bewaar_dossier(self, dossier: Gebiedsdossier, expected_version: int) -> bool:
        """Insert (version 0) or update the dossier; False when stale."""
        ...

    def producten(self, gebied: str) -> list[Product]:
        """The stored products of an area."""
        ...

    def bewaar_product(self, gebied: str, product: Product, expected_version: int) -> bool:
        """Insert (version 0) or update one product of an area; False when stale."""
        ...

    def afspraken(self, gebied: str | None = None) -> list[Uitvoeringsafspraak]:
        """Uitvoeringsafspraken of one area (every area when None), by area and id."""
        ...

    def afspraak(self, afspraak_id: int) -> Uitvoeringsafspraak | None:
        """One uitvoeringsafspraak."""
        ...

    def add_afspraak(self, afspraak: Uitvoeringsafspraak) -> int:
        """Store a new uitvoeringsafspraak (version 1); its id."""
        ...

    def bewaar_afspraak(self, afspraak: Uitvoeringsafspraak, expected_version: int) -> bool:
        """Update an uitvoeringsafspraak (its area never changes); False when stale."""
        ...

    def verwijder_afspraak(self, afspraak_id: int, expected_version: int) -> bool:
        """Delete an uitvoeringsafspraak if its version is still `expected_version`; False otherwise."""
        ...
