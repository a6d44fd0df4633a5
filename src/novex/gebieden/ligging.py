"""An area's indicative extent, built from the *Ligging* of its factsheet (seed 004 Bijlage 3).

The factsheet names the provinces an area lies in and, for some areas, the municipalities it
consists of ("Het deelgebied NZKG bestaat uit de gemeenten Amsterdam, Zaanstad, …"; Utrecht –
Amersfoort: "een stukje in provincie Gelderland (gemeenten Barneveld, Nijkerk)"). The extent is,
per province of the area, the named municipalities that lie in it, or the whole province where
the ligging names none there — cut to the area's provinces, so it never reaches outside them.
Regions outside the Netherlands (North Sea Port District: Oost-Vlaanderen) are not on the shipped
layers; they are listed with the extent instead. Seed 004 calls its own map an "(indicatieve)
afbakening"; an official boundary imported by VRO replaces this one.
"""

from __future__ import annotations

from collections.abc import Sequence

import shapely

from novex.errors import InvalidInput
from novex.gebieden.model import INDICATIEF, Begrenzing, Deel
from novex.reference.municipalities import MunicipalityIndex
from novex.reference.provinces import ProvinceIndex


def indicatieve_begrenzing(
    gebied: str,
    provincies: Sequence[str],
    gemeenten: Sequence[str],
    buitenland: Sequence[str],
    municipalities: MunicipalityIndex,
    provinces: ProvinceIndex,
) -> Begrenzing:
    """The indicative extent of one area from its provinces and the municipalities its ligging names."""
    by_name = {m.naam.casefold(): m for m in municipalities.municipalities}
    unknown = [naam for naam in gemeenten if naam.casefold() not in by_name]
    if unknown:
        raise InvalidInput(f"NOVEX-gebied {gebied}: gemeente(n) {', '.join(unknown)} niet gevonden in de gemeentekaart")
    named = [by_name[naam.casefold()] for naam in gemeenten]
    outside = [m.naam for m in named if m.provincie not in provincies]
    if outside:
        raise InvalidInput(f"NOVEX-gebied {gebied}: gemeente(n) {', '.join(outside)} liggen niet in zijn provincies")
    delen: list[Deel] = []
    for code in provincies:
        province = provinces.get(code)
        here = [m for m in named if m.provincie == code]
        if here:
            delen += [Deel("gemeente", m.code, m.naam, code) for m in here]
        else:
            delen.append(Deel("provincie", province.code, province.naam, code))
    geometries = [
        municipalities.get(d.code).geometry if d.soort == "gemeente" else provinces.get(d.code).geometry for d in delen
    ]
    within = shapely.union_all([provinces.get(code).geometry for code in provincies])
    geometry = shapely.intersection(shapely.union_all(geometries), within)
    return Begrenzing(gebied, "indicatief", geometry, INDICATIEF, tuple(delen), tuple(buitenland))
