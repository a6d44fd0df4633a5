"""The reference geography as use cases: every read takes the actor first and checks it may read."""

from __future__ import annotations

from novex.access import READ, Actor, require
from novex.reference.municipalities import Municipality, MunicipalityIndex
from novex.reference.provinces import Landsdeel, Province, ProvinceIndex, landsdelen


class ReferenceService:
    """Provinces, municipalities and landsdelen (shipped, read-only data)."""

    def __init__(self, provinces: ProvinceIndex, municipalities: MunicipalityIndex) -> None:
        self.index, self.municipal = provinces, municipalities

    def provinces(self, actor: Actor) -> tuple[Province, ...]:
        """The twelve provinces."""
        require(actor, READ)
        return self.index.provinces

    def province(self, actor: Actor, code: str) -> Province:
        """One province by CBS code; `NotFound` naming the valid codes otherwise."""
        require(actor, READ)
        return self.index.get(code)

    def municipalities(self, actor: Actor, provincie: str | None = None) -> list[Municipality]:
        """The municipalities, of one province when given."""
        require(actor, READ)
        code = self.index.get(provincie).code if provincie else None
        return [m for m in self.municipal.municipalities if code is None or m.provincie == code]

    def landsdelen(self, actor: Actor) -> tuple[Landsdeel, ...]:
        """The landsdelen (a design choice: the seeds do not list their members)."""
        require(actor, READ)
        return landsdelen()[0]
