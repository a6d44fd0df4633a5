"""The shape of an RA version: what must hold before it can be stored (not the SMART check).

`arrangement_problemen` lists, in Dutch, every structural fault: an unknown province, status or
generation; the five parts not exactly once each (seed 003 §4.1); agreement keys missing or
doubled; a part number outside 1..5; a herschikking or uitruil outside part 2 or with too few
provinces (seed 003 §4.1, seed 004 handreiking §2.4); acceptances of parties the agreement does
not name; owners without a kind or name; an investment agreement that is invalid or serves an
agreement this version does not hold; inclusion records that are malformed. Content quality (the
SMART criteria) is `novex.arrangement.smart`, which reports findings instead of refusing.
"""

from __future__ import annotations

from collections.abc import Collection

from novex.arrangement.inclusie import inclusie_problemen
from novex.arrangement.investeringen import bekende_fondsen, investering_problemen
from novex.arrangement.model import (
    KEUZES,
    ONDERDELEN,
    Afspraak,
    EigenaarSoort,
    Generatie,
    HerschikkingSoort,
    RuimtelijkArrangement,
    Status,
)
from novex.catalog.model import PROVINCE_CODES
from novex.errors import InvalidInput

EERSTE_JAAR = 2023
"""The first generation dates from 2023 ("In oktober 2023 komen Rijk en provincies … tot een
'ruimtelijk arrangement'", seed 003 §4.1): no version is older."""
LAATSTE_JAAR = 2100


def afspraak_problemen(afspraak: Afspraak, nummer: int) -> list[str]:
    """The structural faults of one agreement (`nummer`: its 1-based position, for the message)."""
    wie = f"afspraak {nummer}"
    problems = []
    if not afspraak.sleutel.strip():
        problems.append(f"{wie}: geen sleutel")
    if not afspraak.tekst.strip():
        problems.append(f"{wie}: de tekst van de afspraak ontbreekt")
    if afspraak.onderdeel not in ONDERDELEN:
        problems.append(f"{wie}: onderdeel {afspraak.onderdeel} bestaat niet (kies 1 tot en met 5, seed 003 §4.1)")
    if len(set(afspraak.partijen)) != len(afspraak.partijen):
        problems.append(f"{wie}: een partij staat er meer dan eens")
    problems += [f"{wie}: acceptatie van {a.partij!r}, die geen partij is bij de afspraak"
                 for a in afspraak.acceptaties if a.partij not in afspraak.partijen]  # fmt: skip
    for eigenaar in afspraak.eigenaren:
        if eigenaar.soort not in set(EigenaarSoort):
            problems.append(f"{wie}: onbekende soort eigenaar {eigenaar.soort!r} ({', '.join(EigenaarSoort)})")
        if not eigenaar.naam.strip():
            problems.append(f"{wie}: een eigenaar zonder naam")
    h = afspraak.herschikking
    if h is not None:
        if afspraak.onderdeel != KEUZES:
            problems.append(
                f"{wie}: een {h.soort} is een nationale richtinggevende keuze en hoort in onderdeel 2 (seed 003 §4.1)"
            )
        if h.soort not in set(HerschikkingSoort):
            problems.append(f"{wie}: onbekende soort {h.soort!r} (herschikking of uitruil)")
        unknown = [p for p in h.provincies if p not in PROVINCE_CODES]
        if unknown:
            problems.append(f"{wie}: onbekende provincie(s) {', '.join(unknown)}")
        minimum = 2 if h.soort == HerschikkingSoort.UITRUIL else 1
        if len(set(h.provincies)) < minimum:
            problems.append(
                f"{wie}: een uitruil is tussen provincies (seed 004 handreiking §2.4): noem er minstens twee"
                if minimum == 2
                else f"{wie}: noem de provincie(s) waarbinnen of waartussen de opgaven worden herschikt"
            )
    return problems


def arrangement_problemen(ra: RuimtelijkArrangement, fondsen: Collection[str] | None = None) -> list[str]:
    """Every structural fault of a version, in Dutch (empty when sound).

    `fondsen` is the set of known fund ids the investments are checked against (default: the
    shipped register, `novex.arrangement.investeringen.bekende_fondsen`).
    """
    problems = []
    if ra.provincie not in PROVINCE_CODES:
        problems.append(f"onbekende provincie {ra.provincie!r}")
    if not EERSTE_JAAR <= ra.jaar <= LAATSTE_JAAR:
        problems.append(f"jaar {ra.jaar} valt buiten {EERSTE_JAAR}–{LAATSTE_JAAR}")
    if ra.generatie not in set(Generatie):
        problems.append(f"onbekende generatie {ra.generatie!r} (eerste of jaarlijks)")
    if ra.status not in set(Status):
        problems.append(f"onbekende status {ra.status!r}")
    numbers = [o.nummer for o in ra.onderdelen]
    if sorted(numbers) != sorted(ONDERDELEN):
        problems.append("een arrangement heeft precies de vijf onderdelen 1 tot en met 5 (seed 003 §4.1)")

    keys = [a.sleutel for a in ra.afspraken]
    problems += [f"sleutel {k!r} staat bij meer dan één afspraak" for k in sorted(set(keys)) if keys.count(k) > 1]
    for nummer, afspraak in enumerate(ra.afspraken, start=1):
        problems += afspraak_problemen(afspraak, nummer)

    known = bekende_fondsen() if fondsen is None else fondsen
    inv_keys = [i.sleutel for i in ra.investeringen]
    problems += [f"sleutel {k!r} staat bij meer dan één investeringsafspraak"
                 for k in sorted(set(inv_keys)) if inv_keys.count(k) > 1]  # fmt: skip
    for inv in ra.investeringen:
        problems += investering_problemen(inv, known)
        if inv.afspraak is not None and inv.afspraak not in keys:
            problems.append(f"investeringsafspraak {inv.sleutel!r}: dient onbekende afspraak {inv.afspraak!r}")

    ids = [i.vraagstuk_id for i in ra.inclusies]
    problems += [f"vraagstuk {v}: de inclusie staat er meer dan eens" for v in sorted(set(ids)) if ids.count(v) > 1]
    for inclusie in ra.inclusies:
        problems += inclusie_problemen(inclusie)
    return problems


def controleer(ra: RuimtelijkArrangement, fondsen: Collection[str] | None = None) -> None:
    """Raise `InvalidInput` listing every structural fault of the version."""
    problems = arrangement_problemen(ra, fondsen)
    if problems:
        raise InvalidInput("ruimtelijk arrangement ongeldig: " + "; ".join(problems))
