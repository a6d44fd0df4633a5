"""The verantwoording of a voorstel in the API: /api/v1/voorstellen/{id}/verantwoording (seed 004 Bijlage 5).

Which datasets a voorstel used (name, vindplaats, version, licence, NGR record, whether it belongs to the
basisset), its deviations from the basisset under pas-toe-of-leg-uit with their reason, the analyses and
selections behind it, and the definitions and units of its indicators. A write names the version it was
made on (`versie`; 0 when the voorstel version has none of its own yet); a stale one is a 409.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from novex.claims.verantwoording import MAX_ITEMS, MAX_TEKST, verantwoording_json
from novex.claims.verantwoording_service import VerantwoordingService
from novex.edge.deps import ActorDep, Id, UowDep

router = APIRouter(tags=["voorstellen"])

Tekst = Annotated[str, Field(max_length=MAX_TEKST)]


class Strict(BaseModel):
    """Unknown fields refused; camelCase on the wire."""

    model_config = ConfigDict(extra="forbid", alias_generator=to_camel, populate_by_name=False)


class DatasetIn(Strict):
    """A dataset used (spelregel 3); `basisset`: its NGR record carries the keyword 'basisset NOVEX'."""

    naam: Tekst
    vindplaats: Tekst
    basisset: bool = False
    versie: Tekst | None = None
    licentie: Tekst | None = None
    ngr: Annotated[str | None, Field(max_length=MAX_TEKST, description="Adres of id van het NGR-record.")] = None
    gebruik: Tekst | None = None


class AfwijkingIn(Strict):
    """Pas-toe-of-leg-uit (spelregel 2): the basisset dataset not applied, the one used instead, the reason."""

    basisset_dataset: Tekst
    reden: Tekst
    vervangen_door: Tekst | None = None


class IndicatorIn(Strict):
    """An indicator with its definition and unit (spelregel 4); `doel`: a catalogue goal id."""

    naam: Tekst
    definitie: Tekst
    eenheid: Tekst
    doel: Tekst | None = None


class VerantwoordingIn(Strict):
    """The whole verantwoording, replacing what was stored, and the version it was made on."""

    versie: Annotated[int, Field(ge=0, le=2_147_483_647, strict=True, description="De versie die u las; 0: nog geen.")]
    datasets: Annotated[list[DatasetIn], Field(max_length=MAX_ITEMS)] = []
    afwijkingen: Annotated[list[AfwijkingIn], Field(max_length=MAX_ITEMS)] = []
    indicatoren: Annotated[list[IndicatorIn], Field(max_length=MAX_ITEMS)] = []
    werkwijze: Tekst | None = None


@router.get(
    "/voorstellen/{voorstel_id}/verantwoording",
    summary="De verantwoording van een voorstel: gebruikte data, afwijkingen, indicatoren",
    description="Seed 004 Bijlage 5. Zonder eigen verantwoording: die van de nieuwste eerdere versie "
    "(`overgenomenVan`), met `versie` 0.",
)
def lees(voorstel_id: Id, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """A voorstel's verantwoording (its own, or taken over from an earlier version)."""
    voorstel, found = uow.get(VerantwoordingService).lees(actor, voorstel_id)
    return verantwoording_json(voorstel, found)


@router.put(
    "/voorstellen/{voorstel_id}/verantwoording",
    summary="De verantwoording van een voorstel vastleggen",
    description="Vervangt de hele verantwoording van deze voorstelversie. Ongeldige inhoud wordt in zijn geheel "
    "geweigerd (elke fout met waar ze zit); een verouderde `versie` geeft 409.",
)
def leg_vast(voorstel_id: Id, body: VerantwoordingIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Lay down the verantwoording; the answer is what is now stored."""
    service = uow.get(VerantwoordingService)
    gegevens = body.model_dump(exclude={"versie"})
    stored = service.leg_vast(actor, voorstel_id, gegevens, body.versie)
    voorstel, _ = service.lees(actor, voorstel_id)
    return verantwoording_json(voorstel, stored)
