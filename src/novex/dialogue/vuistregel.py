"""The lead party by the VRO vuistregel (seed 002 §3.6): suggested from what a vraagstuk asks, decided by a person.

"Gaat het om wegen, prioriteren, uitruilen, richting kiezen? Dan neemt VRO het voortouw in
de afstemming met provincies en departementen. Gaat het om formele sectorale besluiten met
rechtsgevolg? Dan nemen vakdepartementen het voortouw, VRO bewaakt het kader."
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from novex.dialogue.model import Aard, Leidend

SOURCE = "vuistregel, seed 002 §3.6"
AARD_NAMEN = {
    Aard.WEGEN: "wegen",
    Aard.PRIORITEREN: "prioriteren",
    Aard.UITRUILEN: "uitruilen",
    Aard.RICHTING_KIEZEN: "richting kiezen",
    Aard.SECTORAAL_BESLUIT: "formeel sectoraal besluit met rechtsgevolg",
}


@dataclass(frozen=True)
class LeadSuggestion:
    """The suggested lead party (None: the nature is not recorded yet) and why."""

    leidend: Leidend | None
    onderbouwing: str


def suggest_lead(aard: Collection[str]) -> LeadSuggestion:
    """The vuistregel applied to what the vraagstuk asks for."""
    sectoral = Aard.SECTORAAL_BESLUIT in aard
    weighing = [AARD_NAMEN[Aard(a)] for a in aard if a != Aard.SECTORAAL_BESLUIT and a in AARD_NAMEN]
    if sectoral and weighing:
        return LeadSuggestion(
            Leidend.DEPARTEMENT,
            f"het vraagt een formeel sectoraal besluit met rechtsgevolg: het vakdepartement neemt daarvoor het "
            f"voortouw, VRO bewaakt het kader en leidt de afstemming over {', '.join(weighing)} ({SOURCE})",
        )
    if sectoral:
        return LeadSuggestion(
            Leidend.DEPARTEMENT,
            f"formeel sectoraal besluit met rechtsgevolg: het vakdepartement neemt het voortouw, "
            f"VRO bewaakt het kader ({SOURCE})",
        )
    if weighing:
        return LeadSuggestion(
            Leidend.VRO, f"het gaat om {', '.join(weighing)}: VRO neemt het voortouw in de afstemming ({SOURCE})"
        )
    return LeadSuggestion(None, f"leg vast waar het vraagstuk om vraagt (wegen, prioriteren, …) ({SOURCE})")
