"""Illustrative example voorstellen (Utrecht, Zuid-Holland) and vraagstukken, loaded by `novex start`.

Made for novex from the startpakket's descriptions (woningbouwlocaties, RES
zoekgebieden, Groene Hart, Rotterdamse haven); they are examples, not policy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from novex.access import Actor
from novex.claims.service import ClaimService

if TYPE_CHECKING:
    from novex.claims.verantwoording_service import VerantwoordingService
    from novex.dialogue.service import VraagstukService

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


VERANTWOORDING = "verantwoording.yaml"
NNN_ZUID_HOLLAND = {
    "naam": "Natuurnetwerk Nederland Zuid-Holland (GIO, gegeneraliseerd)",
    "vindplaats": "Provincie Zuid-Holland, Omgevingsverordening, GIO Natuurnetwerk Nederland, 2023",
    "versie": "2023-09-29",
    "licentie": "officiële regeling (Auteurswet art. 11)",
    "gebruik": "beperkingenlaag (hard) in de analyse",
}


def load_example_verantwoording(service: VerantwoordingService) -> list[str]:
    """Lay down the example verantwoording on the example voorstellen that have none; returns their names.

    Zuid-Holland's also names the NNN of Zuid-Holland, the restriction layer only it lies in.
    """
    from novex.claims.verantwoording import lees_tekst

    base = lees_tekst((DATA / VERANTWOORDING).read_text(encoding="utf-8"), VERANTWOORDING)
    laid = []
    for example in EXAMPLES:
        voorstel, found = service.lees(Actor.operator(), example.naam)
        if found is not None:
            continue
        data = dict(base)
        if example.provincie == "PV28":
            data["datasets"] = [*base["datasets"], NNN_ZUID_HOLLAND]
        service.leg_vast(Actor.operator(), voorstel.id, data, 0)
        laid.append(example.naam)
    return laid


EXAMPLE_MARK = "(illustratief)"


def load_example_vraagstukken(service: VraagstukService, conflict_ids: Sequence[str], accounthouder: str | None) -> int:
    """Signal a vraagstuk from each of the given conflicts when there are no vraagstukken yet; returns how many.

    The first is taken into beeldvorming with a first framing, to show the flow; they are examples, not policy.
    """
    operator = Actor.operator()
    if service.list(operator, limit=1):
        return 0
    made = 0
    for k, conflict_id in enumerate(conflict_ids):
        draft = service.prefill_from_conflict(operator, conflict_id).draft
        draft = replace(draft, titel=f"{draft.titel} {EXAMPLE_MARK}"[:200], accounthouder=accounthouder,
                        aard=("wegen", "uitruilen"))  # fmt: skip
        created = service.signal(operator, draft)
        made += 1
        if k == 0:
            framed = replace(
                draft, inkadering="Eerste inkadering op de uitvoeringsstrategie van de Nota Ruimte en de POVI."
            )
            service.update(operator, created.id, framed, created.version, "voorbeeld")
            service.move_to(operator, created.id, "beeldvorming", "voorbeeld: in beeldvorming genomen")
    return made
