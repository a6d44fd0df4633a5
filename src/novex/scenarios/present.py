"""Scenarios and comparisons as plain JSON data: one shape for the API, the CLI and the documents."""

from __future__ import annotations

from typing import Any

import shapely

from novex.scenarios.codec import wijziging_to_json
from novex.scenarios.model import SOORT_LABEL, Scenario
from novex.scenarios.service import Promotie, ScenarioAnalyse
from novex.scenarios.toepassen import describe
from novex.scenarios.vergelijking import Vergelijking

BASIS_UITLEG = (
    "De basis is de nieuwste versie van elk ruimtelijk voorstel (of het gekozen basisvoorstel in plaats van "
    "de nieuwste versie van dat voorstel). Een scenario verandert de echte voorstellen niet; alleen promoveren "
    "maakt er een nieuwe voorstelversie of een voorstel voor deel 2 van het Ruimtelijk Arrangement van."
)


def scenario(s: Scenario) -> dict[str, Any]:
    """A scenario with its changes (each with `actief`: in effect, or undone and open for redo)."""
    return {
        "id": s.id,
        "naam": s.naam,
        "omschrijving": s.omschrijving,
        "basisVoorstel": s.basis_voorstel,
        "eigenaar": s.eigenaar,
        "eigenaarSoort": str(s.eigenaar_soort),
        "eigenaarRol": s.eigenaar_rol,
        "eigenaarProvincie": s.eigenaar_provincie,
        "eigenaarDepartement": s.eigenaar_departement,
        "gemaaktOp": s.gemaakt_op.isoformat(),
        "stand": s.stand,
        "kanOngedaan": s.kan_ongedaan,
        "kanOpnieuw": s.kan_opnieuw,
        "versie": s.version,
        "wijzigingen": [
            {**_change(w), "actief": n < s.stand, "omschrijving": describe(w), "label": SOORT_LABEL[w.soort]}
            for n, w in enumerate(s.wijzigingen)
        ],
    }


def samenvatting(s: Scenario) -> dict[str, Any]:
    """A scenario in a list: id, name, owner, how many changes are in effect."""
    return {
        "id": s.id,
        "naam": s.naam,
        "eigenaar": s.eigenaar,
        "basisVoorstel": s.basis_voorstel,
        "stand": s.stand,
        "wijzigingen": len(s.wijzigingen),
        "versie": s.version,
    }


def _change(w: Any) -> dict[str, Any]:
    data = wijziging_to_json(w)
    if "geometrie" in data:  # hex WKB is for storage; clients get WKT in RD New
        data["geometrie"] = shapely.to_wkt(w.geometry, rounding_precision=3)
    if "claim" in data:
        data["claim"]["geometrie"] = shapely.to_wkt(w.draft.geometry, rounding_precision=3)
    return data


def analyse(run: ScenarioAnalyse) -> dict[str, Any]:
    """A scenario's (or the base's) national analysis: the documented report plus what no longer applies."""
    return {
        "scenario": None if run.scenario is None else samenvatting(run.scenario),
        "overgeslagen": list(run.stand.overgeslagen),
        "verschuivingen": dict(sorted(run.stand.verschuivingen.items())),
        "analyse": run.report.to_json(),
    }


def vergelijking(v: Vergelijking) -> dict[str, Any]:
    """The comparison: columns (base first), then goals, budgets, conflicts, restrictions and moved claims."""
    return {
        "kolommen": [{"naam": n, "scenario": s} for n, s in zip(v.kolommen, v.scenario_ids, strict=True)],
        "uitleg": BASIS_UITLEG,
        "doelen": [
            {
                "doel": d.doel, "tekst": d.tekst, "scope": d.scope, "eenheid": d.eenheid, "gewijzigd": d.gewijzigd,
                "doelwaarde": list(d.doelwaarde), "gepland": list(d.gepland), "tekort": list(d.tekort),
                "status": list(d.status),
            }  # fmt: skip
            for d in v.doelen
        ],
        "budgetten": [
            {
                "provincie": b.provincie, "naam": b.naam, "landHa": b.land_ha, "geclaimdHa": list(b.geclaimd),
                "bedektHa": list(b.bedekt), "gestapeldHa": list(b.gestapeld), "onbeclaimdHa": list(b.onbeclaimd),
            }  # fmt: skip
            for b in v.budgetten
        ],
        "conflicten": [
            {
                "aantal": c.aantal, "ha": c.ha, "ernst": c.ernst, "grensoverschrijdend": c.grensoverschrijdend,
                "nieuw": list(c.nieuw), "opgelost": list(c.opgelost),
            }  # fmt: skip
            for c in v.conflicten
        ],
        "beperkingen": [{"laag": b.laag, "aantal": list(b.aantal), "ha": list(b.ha)} for b in v.beperkingen],
        "verplaatsingen": [
            {
                "kolom": m.kolom, "claim": m.claim_id, "naam": m.naam, "domein": m.domein, "wat": m.wat,
                "voor": shapely.to_wkt(m.voor, rounding_precision=3) if m.voor is not None else None,
                "na": shapely.to_wkt(m.na, rounding_precision=3) if m.na is not None else None,
            }  # fmt: skip
            for m in v.verplaatsingen
        ],
        "overgeslagen": [list(o) for o in v.overgeslagen],
    }


def promotie(p: Promotie) -> dict[str, Any]:
    """What a promotion made."""
    return {
        "provincie": p.provincie,
        "voorstellen": [{"id": i, "naam": n, "versie": v, "claims": c} for i, n, v, c in p.voorstellen],
        "afspraak": p.afspraak,
        "arrangement": p.arrangement_id,
        "nietMeegenomen": list(p.niet_meegenomen),
    }
