"""The NOVEX areas as plain data for the edges: one shape for the API, `--format json` and the pages.

`samenvatting` holds what a list shows (`naam`, `trekker`, `provincies`, `fase`, the derived type);
`detail` adds the whole factsheet of seed 004 Bijlage 3 (`factsheet`, each field with its citation)
and the entry of seed 003 Bijlage I (`programma2022`). Keys are camelCase, as the API's are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from novex.catalog.model import FACTSHEET_KOPPEN, NovexGebied
from novex.gebieden.model import Begrenzing, GebiedsAnalyse

KOP_OP_SCHERM = {
    "overlappend_overig": "Andere NOVEX-gebieden die deels overlappen (verder genoemd)",
    "bijdragen": "Nationale programma’s en de bijdrage vanuit het NOVEX-gebied",
}
"""Where two fields sit under one seed heading, the second is shown under its table's own words (seed 004's
column headers "Nationale programma's | Bijdrage vanuit NOVEX-gebied …"); the citation keeps the seed heading."""

FACTSHEET: tuple[tuple[str, str], ...] = tuple(
    (veld, KOP_OP_SCHERM.get(veld, kop)) for veld, kop in FACTSHEET_KOPPEN.items()
)
"""The factsheet's fields in the seed's order, each with one heading of its own (`overige`: each its own)."""

TYPERING = "afgeleid"
"""The area type is not given per area by the seeds (seed 002 §3.5 names the three types): it is derived."""


def camel(name: str) -> str:
    """snake_case → camelCase."""
    first, *rest = name.split("_")
    return first + "".join(part.capitalize() for part in rest)


def _plain(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return {camel(k): _plain(v) for k, v in value.model_dump(mode="json").items()}
    if isinstance(value, dict):
        return {camel(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _trekker(gebied: NovexGebied, woord: str) -> str | None:
    for t in gebied.trekkers:
        if woord in t.rol.casefold():
            return ": ".join(part for part in (t.functie, t.naam) if part)
    return None


def samenvatting(gebied: NovexGebied) -> dict[str, Any]:
    """What a list of areas shows."""
    return {
        "id": gebied.id,
        "naam": gebied.naam,
        "afkorting": gebied.afkorting,
        "typen": list(gebied.typen),
        "typering": {"status": TYPERING, "toelichting": gebied.typering},
        "provincies": list(gebied.provincies),
        "trekker": {
            "bewindspersoon": _trekker(gebied, "bewindspersoon"),
            "bewindspersoon2022": gebied.programma_2022.trekkend_bewindspersoon,
            "regio": _trekker(gebied, "regio"),
        },
        "fase": gebied.fase,
        "achtergrond2022": gebied.programma_2022.achtergrond,
    }


def detail(gebied: NovexGebied) -> dict[str, Any]:
    """One area completely: the summary, the factsheet field by field with citations, and seed 003's entry."""
    factsheet = {
        camel(veld): {"kop": kop, "waarde": _plain(getattr(gebied, veld)), "bron": gebied.bron(veld)}
        for veld, kop in FACTSHEET
        if getattr(gebied, veld) not in (None, [], "")
    }
    if gebied.overige:  # headings only some factsheets have: each cited by its own heading
        section = gebied.bron("hoofdopgave").rsplit(" > ", 1)[0]
        factsheet["overige"] = {
            "kop": "Overige onderdelen",
            "waarde": [{"kop": o.kop, "tekst": o.tekst, "bron": f"{section} > {o.kop}"} for o in gebied.overige],
            "bron": section,
        }
    p = gebied.programma_2022
    return samenvatting(gebied) | {
        "factsheet": factsheet,
        "programma2022": _plain(p) | {"bron": gebied.bron("programma_2022")},
    }


def begrenzing(b: Begrenzing) -> dict[str, Any]:
    """How the extent was made (without the geometry, which the edge writes in the asked CRS)."""
    out: dict[str, Any] = {"soort": b.soort, "toelichting": b.toelichting, "oppervlakteHa": round(b.area_ha, 1)}
    if b.delen:
        out["opgebouwdUit"] = [
            {"soort": d.soort, "code": d.code, "naam": d.naam, "provincie": d.provincie} for d in b.delen
        ]
    if b.buiten_kaart:
        out["buitenDeKaart"] = list(b.buiten_kaart)
    if b.officieel is not None:
        g = b.officieel
        out |= {
            "bron": g.bron, "peildatum": g.peildatum.isoformat(), "attributie": g.attributie, "bestand": g.bestand,
            "ingevoerdDoor": g.ingevoerd_door, "ingevoerdOp": g.ingevoerd_op.isoformat(), "versie": g.version,
        }  # fmt: skip
    return out


def analyse(a: GebiedsAnalyse) -> dict[str, Any]:
    """The analysis inside an area as plain data."""
    return {
        "gebied": a.gebied,
        "begrenzing": a.begrenzing,
        "oppervlakteHa": round(a.area_ha, 1),
        "minConflictHa": a.min_conflict_ha,
        "claims": [
            {
                "id": c.id,
                "naam": c.naam,
                "domein": c.domein,
                "provincie": c.provincie,
                "oppervlakteHa": round(c.area_ha, 4),
                "binnenHa": round(c.binnen_ha, 4),
            }
            for c in a.claims
        ],  # fmt: skip
        "domeinen": {d: round(ha, 4) for d, ha in a.domeinen.items()},
        "gestapeld": [
            {"domeinen": list(s.domeinen), "klasse": s.klasse, "oppervlakteHa": s.area_ha} for s in a.stapels
        ],
        "conflicten": [
            {
                "id": c.id,
                "claims": [str(x) for x in c.claims],
                "namen": list(c.names),
                "domeinen": list(c.domains),
                "oppervlakteHa": c.area_ha,
                "provincies": c.provinces,
                "ernst": c.severity,
                "toelichting": c.rationale,
                "laag": c.layer,
            }
            for c in a.conflicten
        ],  # fmt: skip
        "hotspots": len(a.hotspots),
        "beperkingen": [
            {
                "laag": r.layer,
                "gebied": r.area_name,
                "hardheid": r.hardness,
                "claim": r.claim,
                "claimNaam": r.claim_name,
                "domein": r.domain,
                "oppervlakteHa": r.area_ha,
                "provincie": r.province,
                "klasse": r.klasse,
            }
            for r in a.beperkingen
        ],  # fmt: skip
    }


def programmas(places: Sequence[Any], gebieden: Sequence[NovexGebied]) -> list[dict[str, Any]]:
    """The national programmes of the open register, each with the areas whose factsheet links to it.

    `places` are the register's places (`novex.dialogue.open_registers.PlekRef`); only national
    programmes are kept, in register order (seed 003 Bijlage II's groups, then the newer names).
    """
    linked: dict[str, list[str]] = {}
    for gebied in gebieden:
        for bijdrage in gebied.bijdragen:
            if bijdrage.plek and gebied.id not in linked.setdefault(bijdrage.plek, []):
                linked[bijdrage.plek].append(gebied.id)
    return [
        {"id": p.id, "naam": p.naam, "groep": p.groep, "verantwoordelijk": p.verantwoordelijk,
         "geldigheid": p.geldigheid, "geldigVanaf": p.geldig_vanaf, "geldigTot": p.geldig_tot, "bron": p.bron,
         "gebieden": linked.get(p.id, [])}
        for p in places
        if p.soort == "nationaal-programma"
    ]  # fmt: skip
