"""Illustrative example voorstellen (Utrecht, Zuid-Holland), loaded by `novex start`.

Made for novex from the startpakket's descriptions (woningbouwlocaties, RES
zoekgebieden, Groene Hart, Rotterdamse haven); they are examples, not policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from novex.access import Actor
from novex.claims.service import ClaimService

DATA = Path(str(resources.files("novex.examples")))


@dataclass(frozen=True)
class Example:
    """One example voorstel file and the province and name it is loaded under."""

    file: str
    provincie: str
    naam: str


EXAMPLES = (
    Example("voorstel_utrecht.geojson", "PV26", "Ruimtelijk voorstel Utrecht 2026 (illustratief)"),
    Example("voorstel_zuid_holland.geojson", "PV28", "Ruimtelijk voorstel Zuid-Holland 2026 (illustratief)"),
)


def load_examples(service: ClaimService) -> list[str]:
    """Import the example voorstellen that are not in the database yet; returns their names."""
    loaded = []
    for example in EXAMPLES:
        if not service.has_voorstel(Actor.operator(), example.naam, example.provincie):
            service.import_file(
                Actor.operator(), DATA / example.file, voorstel=example.naam, provincie=example.provincie
            )
            loaded.append(example.naam)
    return loaded
