"""What the monitor rests on in the seeds, the three programme goals of seed 003 §5.2, and PBL's monitors.

Every quote is verbatim in its seed (the tests find each back). The PBL monitors are sources the
platform refers to; it shows no figures of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from novex.catalog.model import Source

SEED_000 = "000_55801029982d1b38.txt"
SEED_002 = "002_007158e3502fce0d.txt"
SEED_003 = "003_ea5816389083bc68.txt"
SEED_004 = "004_96b59ff8675cf4bb.txt"
_STAP_1 = (
    "Handreiking Gebiedsgericht Werken – regie en samenhang (VNG, IPO en UvW) > Bijlage 1 - Handvatten voor een "
    "praktische aanpak > Onderdeel 2. Stappen (fasen) in een project/proces > Stap 1. Inzicht verkrijgen"
)

BRONNEN: dict[str, Source] = {
    "uniforme-monitor": Source(
        seed=SEED_002,
        section="4.1 Fasering voor de werkwijze > BOB-systematiek als denkkader > Besluitvorming > Concrete producten",
        quote="Monitor van de afspraken op basis van een uniforme monitor",
    ),
    "voortgangsmeter": Source(
        seed=SEED_002,
        section="5. Start nieuwe werkwijze en cyclus",
        quote=(
            "ook buiten het BOL om vraagstukken kunnen worden opgepakt in de dialoog bijvoorbeeld in het DO NOVEX en "
            "bijgehouden in een eenduidige voortgangsmeter bij het ruimtelijke arrangement"
        ),
    ),
    "jaarlijks": Source(
        seed=SEED_002,
        section="Bijlage 3. ANNEX – Herijking Productbeeld Ruimtelijk Arrangement > 4. Selectiecriteria en monitoring",
        quote="VRO monitort jaarlijks, samen met provincies en departementen, de voortgang van de gemaakte afspraken.",
    ),
    "vro-monitort": Source(
        seed=SEED_002,
        section="3.4 Doorontwikkeling Ruimtelijk Arrangement in de nieuwe cyclus",
        quote=(
            "De voortgang van het Ruimtelijk Arrangement wordt door VRO gemonitord in samenwerking met provincies en "
            "departementen."
        ),
    ),
    "besluit-monitoring": Source(
        seed=SEED_002,
        section="4.1 Fasering voor de werkwijze > BOB-systematiek als denkkader > Oordeelsvorming",
        quote="En hoe het besluit wordt gemonitord",
    ),
    "voortgangsrapportage": Source(
        seed=SEED_003,
        section="5.2 Monitoring van de doelen",
        quote=(
            "We rapporteren jaarlijks via een voortgangsrapportage over de realisatie van de doelstellingen van het "
            "programma en de mijlpalen en factoren die van invloed zijn op de realisatie. In de voortgangsrapportage "
            "geven we een kwalitatief beeld van de voortgang van het programma."
        ),
    ),
    "input-kwalitatief-beeld": Source(
        seed=SEED_003,
        section="5.2 Monitoring van de doelen",
        quote=(
            "Om dit kwalitatieve beeld te laden halen we input op uit de provincietafels, interdepartementale "
            "overleggen en ad-hoc escalatie overleggen."
        ),
    ),
    "monitor-novi": Source(
        seed=SEED_003,
        section="5.2 Monitoring van de doelen",
        quote="Ten aanzien van monitoring van ontwikkelingen sluiten we aan bij de monitor NOVI.",
    ),
}
"""The seed passages of the monitor."""


@dataclass(frozen=True)
class Programmadoel:
    """One goal of the NOVEX programme with its indicators and products, as seed 003 §5.2's table lists them."""

    doelstelling: str
    indicatoren: tuple[str, ...]
    producten: tuple[str, ...]


PROGRAMMADOELEN: tuple[Programmadoel, ...] = (
    Programmadoel(
        "Versnellen van de uitvoering van de Nationale Omgevingsvisie",
        ("Analyse, knelpunten en kansen",
         "Voortgang per provincie in het behalen van de nationale doelstellingen",
         "Voortgang per NOVEX-gebied in het behalen van de nationale doelstellingen",
         "Inzet rijksuitvoeringskracht",
         "Voortgang opzetten regionale investeringsagenda"),
        ("Lerende agenda",
         "Beeld van de puzzel per provincie",
         "Ruimtelijke arrangementen",
         "Ontwikkelperspectief NOVEX-gebieden",
         "Uitvoeringsafspraken",
         "Per NOVEX-gebied een regionale investeringsagenda"),
    ),
    Programmadoel(
        "Versterken van de ruimtelijke regierol van het Rijk",
        ("Voortgang in het leggen van verbindingen, het maken van keuzes en prioriteren",),
        ("Provincietafel bijeenkomsten", "BWO-overleggen", "Inzet ruimtelijk instrumentarium"),
    ),
    Programmadoel(
        "Vernieuwen van de samenwerking in de (uitvoerings)relatie met provincies én in gebieden",
        ("Interbestuurlijke samenwerking", "Interdepartementale samenwerking",
         "Samenwerking met andere partners (OFL inzet)"),
        ("Inregelen van interbestuurlijke samenwerking", "Trekkende bewindspersoon en regionale bestuurder",
         "Inregelen interdepartementale samenwerking"),
    ),
)  # fmt: skip
"""The three programme goals of seed 003 §5.2 ("Doelstellingen Indicatoren Producten"), text as in the seed."""

PROGRAMMADOELEN_BRON = Source(
    seed=SEED_003, section="5.2 Monitoring van de doelen", quote="Doelstellingen Indicatoren Producten"
)


@dataclass(frozen=True)
class ExterneMonitor:
    """A monitor of another body the report refers to (not figures of this platform)."""

    naam: str
    uitgever: str
    frequentie: str
    url: str
    bron: Source


PBL_MONITORS: tuple[ExterneMonitor, ...] = (
    ExterneMonitor(
        "Monitor NOVI (effectmonitor)",
        "Planbureau voor de Leefomgeving (PBL)",
        "tweejaarlijks",
        "https://www.pbl.nl/",
        Source(seed=SEED_004, section=_STAP_1,
               quote="De monitor van de NOVI is een tweejaarlijkse effectmonitor door het Planbureau voor de "
                     "Leefomgeving (PBL)"),
    ),
    ExterneMonitor(
        "Planmonitor NOVI",
        "Planbureau voor de Leefomgeving (PBL)",
        "jaarlijks",
        "https://www.pbl.nl/",
        Source(seed=SEED_004, section=_STAP_1,
               quote="Door het PBL is een zogeheten Planmonitor NOVI uitgewerkt die op basis van modelberekeningen "
                     "vooruitblikt op ontwikkelingen."),
    ),
)  # fmt: skip
"""PBL's two-yearly NOVI effect monitor and yearly plan monitor (seed 004), referred to by the report."""
