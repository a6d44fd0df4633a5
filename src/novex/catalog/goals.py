"""The goals of the startpakket as they apply to one province.

National goals apply everywhere; a province's share of one (its housing number) is shown with
it. Goals per province or area apply where the sources place them: the province itself, a
NOVEX area that lies in it, the provinces a goal's section names, or every province. Goals for
areas the sources do not place (Laagveengebieden, Noordzee, …) are kept apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from novex.catalog.loader import Catalogus
from novex.catalog.model import PROVINCE_CODES, Doel, Thema
from novex.errors import NotFound

Schaal = Literal["nationaal", "provincie", "gebied", "alle provincies"]


@dataclass(frozen=True)
class DoelVoorProvincie:
    """One goal for one province: its theme (None for a goal of the province description), scale, share."""

    thema: Thema | None
    doel: Doel
    schaal: Schaal
    aandeel: Doel | None = None


@dataclass(frozen=True)
class ProvincieDoelen:
    """Every startpakket goal of one province, and the area goals the sources place nowhere."""

    code: str
    naam: str
    doelen: list[DoelVoorProvincie]
    niet_geplaatst: list[DoelVoorProvincie]

    def per_thema(self) -> list[tuple[Thema | None, list[DoelVoorProvincie]]]:
        """The goals grouped by theme, in catalogue order; the province description's own goals last."""
        groups: dict[str | None, tuple[Thema | None, list[DoelVoorProvincie]]] = {}
        for goal in self.doelen:
            key = goal.thema.id if goal.thema else None
            groups.setdefault(key, (goal.thema, []))[1].append(goal)
        return sorted(groups.values(), key=lambda group: group[0] is None)


def _schaal(doel: Doel) -> Schaal:
    if doel.provincie is not None:
        return "provincie"
    return "alle provincies" if doel.provincies == "alle" else "gebied"


def province_goals(cat: Catalogus, code: str) -> ProvincieDoelen:
    """The goals of province `code` (CBS code, e.g. PV26); `NotFound` for an unknown code."""
    code = code.upper()
    profiel = cat.profiel(code)
    if code not in PROVINCE_CODES or profiel is None:
        raise NotFound(f"provincie {code!r} bestaat niet; kies uit {', '.join(PROVINCE_CODES)}")
    areas = {g.id: g.provincies for g in cat.novex_gebieden}
    own = [d for d in [profiel.woningbouw_tot_2030, *profiel.doelen] if d is not None]
    shares = {d.aandeel_van: d for d in own if d.aandeel_van}
    doelen: list[DoelVoorProvincie] = []
    elsewhere: list[DoelVoorProvincie] = []
    for thema in cat.themas:
        doelen += [DoelVoorProvincie(thema, d, "nationaal", shares.get(d.id)) for d in thema.nationale_doelen]
        for doel in thema.doelen_per_gebied:
            if doel.geldt_voor(code, areas):
                doelen.append(DoelVoorProvincie(thema, doel, _schaal(doel)))
            elif not doel.geplaatst:
                elsewhere.append(DoelVoorProvincie(thema, doel, "gebied"))
    national = {d.id for t in cat.themas for d in t.nationale_doelen}
    doelen += [DoelVoorProvincie(None, d, "provincie") for d in own if d.aandeel_van not in national]
    return ProvincieDoelen(code, profiel.naam, doelen, elsewhere)
