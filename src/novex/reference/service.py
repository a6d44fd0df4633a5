"""The reference geography as use cases: every read takes the actor first and checks it may read."""

from __future__ import annotations

from novex.access import READ, Actor, require
from novex.reference.municipalities import Municipality, MunicipalityIndex, municipality_index
from novex.reference.provinces import Landsdeel, Province, ProvinceIndex, landsdelen, province_index


class ReferenceService:
    """Provinces, municipalities and landsdelen (shipped, read-only data)."""

    def __init__(self, provinces: ProvinceIndex | None = None, municipalities: MunicipalityIndex | None = None) -> None:
        self._index, self._municipal = provinces, municipalities

    @property
    def index(self) -> ProvinceIndex:
        """The province index (the shipped one unless given)."""
        if self._index is None:
            self._index = province_index()
        return self._index

    @property
    def municipal(self) -> MunicipalityIndex:
        """The municipal index, loaded when first needed (it takes a while)."""
        if self._municipal is None:
            self._municipal = municipality_index()
        return self._municipal

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
