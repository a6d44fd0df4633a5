"""The restriction layers shipped with novex and loaded by `novex init`.

- Natura 2000 (RVO/LNV via PDOK, CC BY 4.0): `zeer-hard`, the European Habitats and
  Birds Directives as implemented in the Omgevingswet. Its reference date is the
  most recent designation decision (Natura 2000-besluit) named in the file.
- Natuurnetwerk Nederland, Zuid-Holland (the two official GIOs of the provincial
  omgevingsverordening, 2023-09-29): `hard`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyogrio

from novex.reference.provinces import DATA

MONTHS = {
    m: i + 1
    for i, m in enumerate(["jan", "feb", "maart", "april", "mei", "juni", "juli", "aug", "sep", "okt", "nov", "dec"])
}
_DATE = re.compile(r"(?:(\d{1,2})\s+)?([a-z]+)\s*((?:19|20)\d{2})\b|(?<![/\d])((?:19|20)\d{2})(?![/\d])")


@dataclass(frozen=True)
class ShippedLayer:
    """A restriction layer file in the package and how to load it."""

    file: str
    naam: str
    domein: str
    hardheid: str
    juridische_basis: str
    attributie: str
    name_field: str
    code_field: str
    status_field: str | None
    peildatum: date | None = None

    @property
    def path(self) -> Path:
        """The file inside the package."""
        return DATA / self.file


def _month(word: str) -> int | None:
    return next((n for name, n in MONTHS.items() if word.startswith(name[:3])), None)


def latest_decision(statuses: list[str]) -> date:
    """The most recent date named in designation texts ('… 4 juni 2013, wijzigingsbesluit dec 2022')."""
    found = []
    for text in statuses:
        for day, month, year, bare_year in _DATE.findall(text.lower()):
            if bare_year:
                found.append(date(int(bare_year), 1, 1))
            elif (m := _month(month)) is not None:
                found.append(date(int(year), m, int(day or 1)))
    if not found:
        raise ValueError("geen besluitdatum gevonden")
    return max(found)


NATURA_2000 = ShippedLayer(
    file="natura2000_nl_rd.geojson",
    naam="Natura 2000",
    domein="natuur",
    hardheid="zeer-hard",
    juridische_basis="Habitatrichtlijn (92/43/EEG) en Vogelrichtlijn (2009/147/EG); Omgevingswet",
    attributie=(
        "Natura 2000-begrenzing: RVO/LNV via PDOK; gebiedsnummers en sitecodes: RCE linked data "
        "(CC BY 4.0); bewerking: BoerderijenNatura2000NL, CC BY 4.0"
    ),
    name_field="naam",
    code_field="gebiedsnummer",
    status_field="status",
)

NNN_ZUID_HOLLAND = ShippedLayer(
    file="nnn_zuid_holland_2023_rd.geojson",
    naam="Natuurnetwerk Nederland Zuid-Holland",
    domein="natuur",
    hardheid="hard",
    juridische_basis=("Omgevingsverordening Zuid-Holland, GIO Natuurnetwerk Nederland (Bkl-instructieregel NNN)"),
    attributie="Provincie Zuid-Holland, Omgevingsverordening, GIO Natuurnetwerk Nederland, 2023",
    name_field="naam",
    code_field="gio_work",
    status_field=None,
    peildatum=date(2023, 9, 29),
)

SHIPPED = (NATURA_2000, NNN_ZUID_HOLLAND)


def peildatum(layer: ShippedLayer) -> date:
    """The layer's reference date: fixed, or the latest decision in its status field."""
    if layer.peildatum is not None:
        return layer.peildatum
    frame = pyogrio.read_dataframe(layer.path, columns=[layer.status_field], read_geometry=False)
    return latest_decision([s for s in frame[layer.status_field] if s])
