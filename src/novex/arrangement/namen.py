"""Dutch names of the Ruimtelijk Arrangement's values and fields, shared by its pages, documents and exports."""

from __future__ import annotations

from novex.arrangement.model import EigenaarSoort, Generatie
from novex.arrangement.smart import Criterium

GENERATIE_NAMEN = {
    Generatie.EERSTE: "Eerste generatie (breed, ondertekend; seed 003 §4.1)",
    Generatie.JAARLIJKS: "Jaarlijkse versie (compact en selectief; seed 002 Bijlage 3)",
}
CRITERIUM_NAMEN = {
    Criterium.SPECIFIEK: "Specifiek",
    Criterium.MEETBAAR: "Meetbaar",
    Criterium.ACCEPTABEL: "Acceptabel",
    Criterium.REALISTISCH: "Realistisch",
    Criterium.TIJDSGEBONDEN: "Tijdsgebonden",
    Criterium.EIGENAAR: "Eigenaar",
}
EIGENAAR_NAMEN = {
    EigenaarSoort.MINISTERIE: "ministerie",
    EigenaarSoort.VRO: "VRO",
    EigenaarSoort.PROVINCIE: "provincie",
    EigenaarSoort.NOVEX_GEBIED: "NOVEX-gebied",
    EigenaarSoort.OVERIG: "overig (bijvoorbeeld een waterschap)",
}
AFSPRAAK_VELD_NAMEN = {
    "tekst": "Tekst",
    "onderdeel": "Onderdeel",
    "partijen": "Partijen",
    "eigenaren": "Eigenaar(s)",
    "vraagstuk_id": "Vraagstuk",
    "bol_besluit_id": "BOL-besluit",
    "doelen": "Doelen",
    "claims": "Claims",
    "novex_gebied": "NOVEX-gebied",
    "resultaat": "Resultaat (specifiek)",
    "indicator": "Indicator",
    "eenheid": "Eenheid",
    "basiswaarde": "Basiswaarde",
    "streefwaarde": "Streefwaarde",
    "acceptaties": "Acceptaties",
    "middelen": "Middelen",
    "capaciteit": "Capaciteit",
    "randvoorwaarden": "Randvoorwaarden",
    "deadline": "Deadline",
    "mijlpalen": "Mijlpalen",
    "herschikking": "Herschikking of uitruil",
}
INVESTERING_VELD_NAMEN = {
    "programma": "Programma",
    "fonds": "Fonds",
    "bedrag": "Bedrag",
    "gelabeld_voor": "Gelabeld voor",
    "afspraak": "Dient afspraak",
}
ARRANGEMENT_VELD_NAMEN = {
    "jaar": "Jaar",
    "generatie": "Generatie",
    "vastgesteld_in": "Vastgesteld in",
    "ondertekening": "Ondertekening",
}
VELD_NAMEN = AFSPRAAK_VELD_NAMEN | INVESTERING_VELD_NAMEN | ARRANGEMENT_VELD_NAMEN
"""Every field a diff can report, by name."""
