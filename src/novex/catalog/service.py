"""Read-side services over the catalogue: export, show a theme, word search, a province's goals."""

from __future__ import annotations

import json
from functools import cache
from typing import Any, Literal

import yaml

from novex.access import READ, Actor, require
from novex.catalog.goals import ProvincieDoelen, province_goals
from novex.catalog.loader import Catalogus, load_catalog
from novex.catalog.model import Doel, NovexGebied, Thema
from novex.catalog.search import Hit, search
from novex.errors import NotFound

__all__ = ["CatalogService", "Hit", "as_dict", "catalogus", "export", "quantitative_goals", "search", "theme"]


@cache
def catalogus() -> Catalogus:
    """The shipped catalogue, validated once per process."""
    return load_catalog()


def as_dict(cat: Catalogus) -> dict[str, Any]:
    """The whole catalogue as plain data (JSON/YAML-ready), in a stable order."""
    dump = lambda items: [i.model_dump(mode="json", exclude_none=True) for i in items]  # noqa: E731
    return {
        "versie": cat.versie,
        "novi": cat.novi.model_dump(mode="json", exclude_none=True),
        "werkwijze": cat.werkwijze.model_dump(mode="json", exclude_none=True),
        "startpakket": dump(cat.startpakket),
        "domeinen": dump(cat.domeinen),
        "themas": dump(cat.themas),
        "novex_gebieden": dump(cat.novex_gebieden),
        "provincieprofielen": dump(cat.provincieprofielen),
        "compatibiliteit": dump(cat.compatibiliteit),
    }


def export(cat: Catalogus, fmt: Literal["json", "yaml"]) -> str:
    """Serialise the whole catalogue (UTF-8 text, non-ASCII kept as is)."""
    data = as_dict(cat)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)


def theme(cat: Catalogus, key: str) -> Thema:
    """A theme by id or (case-insensitive) name; `NotFound` lists the ids."""
    lowered = key.casefold()
    for item in cat.themas:
        if lowered in (item.id, item.naam.casefold()):
            return item
    known = ", ".join(t.id for t in cat.themas)
    raise NotFound(f"onbekend thema {key!r}; kies uit: {known}")


def quantitative_goals(cat: Catalogus) -> list[tuple[Thema | None, Doel]]:
    """Every goal with a number (national, per province or area), with its theme."""
    goals: list[tuple[Thema | None, Doel]] = [
        (t, d) for t in cat.themas for d in [*t.nationale_doelen, *t.doelen_per_gebied] if d.kwantitatief
    ]
    for profiel in cat.provincieprofielen:
        extra = [profiel.woningbouw_tot_2030] if profiel.woningbouw_tot_2030 else []
        goals += [(None, d) for d in [*extra, *profiel.doelen] if d.kwantitatief]
    return goals


class CatalogService:
    """The catalogue as use cases: every read takes the actor first and checks it may read."""

    def __init__(self, cat: Catalogus) -> None:
        self.cat = cat

    def catalogus(self, actor: Actor) -> Catalogus:
        """The whole catalogue."""
        require(actor, READ)
        return self.cat

    def theme(self, actor: Actor, key: str) -> Thema:
        """One startpakket theme by id or name; `NotFound` otherwise."""
        require(actor, READ)
        return theme(self.cat, key)

    def search(self, actor: Actor, text: str) -> list[Hit]:
        """Catalogue items holding every word of a text, best first."""
        require(actor, READ)
        return search(self.cat, text)

    def province_goals(self, actor: Actor, code: str) -> ProvincieDoelen:
        """Every startpakket goal of one province; `NotFound` for an unknown code."""
        require(actor, READ)
        return province_goals(self.cat, code)

    def novex_area(self, actor: Actor, gebied_id: str) -> NovexGebied:
        """One NOVEX area by id; `NotFound` otherwise."""
        require(actor, READ)
        for gebied in self.cat.novex_gebieden:
            if gebied.id == gebied_id:
                return gebied
        raise NotFound(f"NOVEX-gebied {gebied_id!r} bestaat niet")

    def export(self, actor: Actor, fmt: Literal["json", "yaml"]) -> str:
        """The whole catalogue as JSON or YAML text."""
        require(actor, READ)
        return export(self.cat, fmt)
