"""The new product image of the RA as the seeds frame it: old line versus new line (seed 002 Bijlage 3).

For the framing on the RA page: the changes of Bijlage 3 §1 and the table of Bijlage 3 §2, each
in the seed's own words (the tests find every cell back in the seed). The seed captions the
table "Tabel 2 Overzicht wettelijke instrumenten voor beleid en normstelling binnen het Rijk",
a caption that belongs to the table of Bijlage 1; the page uses the heading of §2 instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from novex.catalog.model import Source

SEED_002 = "002_007158e3502fce0d.txt"
KOP = "Oude werkwijze versus nieuwe lijn"
"""The heading of seed 002 Bijlage 3 §2, used as the table's caption."""


@dataclass(frozen=True)
class Vergelijking:
    """One row of the table: an aspect of the RA, the old line and the new line."""

    onderdeel: str
    oude_lijn: str
    nieuwe_lijn: str


OUD_EN_NIEUW: tuple[Vergelijking, ...] = (
    Vergelijking("Karakter RA", "Breed arrangement", "Selectief arrangement en focus op prioritaire vraagstukken"),
    Vergelijking("Werkwijze", "Productgericht", "Doorlopende strategische dialoog"),
    Vergelijking("Scope", "Vrijwel alle opgaven", "Integrale en bestuurlijk prioritaire vraagstukken"),
    Vergelijking("Afspraken", "Beschrijvend", "SMART-geformuleerd en uitvoeringsgericht"),
    Vergelijking("Governance", "Meerdere formele overlegmomenten", "Compacte governance met informele voorbereiding"),
    Vergelijking("Cycli", "Ondertekening centraal", "Jaarlijkse actualisatie centraal"),
    Vergelijking(
        "Relatie beleid",
        "Op zichzelf staand",
        "Doorwerking van Nota Ruimte en POVI's naar het omgevingsbeleid van het Rijk en provincies",
    ),
)
"""Seed 002 Bijlage 3 §2, row by row (columns: Onderdeel, Oude lijn, Nieuwe lijn)."""

KOLOMMEN = ("Onderdeel", "Oude lijn", "Nieuwe lijn")

BRON_TABEL = Source(seed=SEED_002, section="Bijlage 3. ANNEX > 2. Oude werkwijze versus nieuwe lijn", quote=KOP)

VERANDERINGEN: tuple[str, ...] = (
    "Het RA richt zich niet langer op een brede inventarisatie, maar op prioritaire vraagstukken",
    "Het RA ontwikkelt zich van een statistisch document naar een jaarlijks geactualiseerd product binnen een "
    "cyclische werkwijze",
    "Integrale ruimtelijke afwegingen en de stapeling van opgaven krijgen een prominentere plek",
    "Selectiecriteria bepalen welke vraagstukken in het RA worden opgenomen",
    "Afspraken worden SMART geformuleerd, zodat zij beter bijdragen uitvoering en doorwerking",
    "De BOB-systematiek vormt het organiserend principe voor de dialoog",
)
"""The changes the new product image brings (seed 002 Bijlage 3 §1), verbatim, the list's ';' left off.

Verbatim includes the seed's slips: "statistisch" (most likely *statisch*, static) and "bijdragen
uitvoering" (a missing *aan*). They are quoted, not corrected.
"""

BRON_VERANDERINGEN = Source(
    seed=SEED_002,
    section="Bijlage 3. ANNEX > 1. Kern van de wijziging",
    quote="Deze herijking brengt de volgende veranderingen met zich mee:",
)
