"""Vraagstukken as plain JSON-ready dicts: one shape for the API, the CLI's `--format json` and exports."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from novex.dialogue import bob
from novex.dialogue.model import CRITERIA, Criterium, Vraagstuk

if TYPE_CHECKING:
    from novex.dialogue.service import VraagstukService


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def criterion_json(c: Criterium) -> dict[str, Any]:
    """A triage criterion as the API shows it."""
    return {
        "code": c.code,
        "omschrijving": CRITERIA[c.code],
        "suggestie": c.suggestie,
        "onderbouwing": c.onderbouwing,
        "besluit": c.besluit,
        "motivering": c.motivering,
    }


def vraagstuk_json(v: Vraagstuk, service: VraagstukService | None = None) -> dict[str, Any]:
    """A vraagstuk as the API shows it; with `service`: the triage suggestions, lead suggestion and warnings."""
    body: dict[str, Any] = {
        "id": v.id,
        "titel": v.titel,
        "beschrijving": v.beschrijving,
        "fase": v.fase,
        "fase_naam": bob.FASE_NAMEN[v.fase],
        "herkomst": v.herkomst,
        "provincies": list(v.provincies),
        "gebieden": list(v.gebieden),
        "domeinen": list(v.domeinen),
        "claims": list(v.claims),
        "conflicten": list(v.conflicten),
        "doelen": list(v.doelen),
        "belangen": list(v.belangen),
        "besluiten": list(v.besluiten),
        "accounthouder": v.accounthouder,
        "prioriteit": v.prioriteit,
        "planning": v.planning,
        "volgende_tafel": v.volgende_tafel,
        "deadline": v.deadline.isoformat() if v.deadline else None,
        "aard": list(v.aard),
        "inkadering": v.inkadering,
        "uitkomst": {"plek": v.uitkomst_plek, "reden": v.uitkomst_reden} if v.fase in bob.NEEDS_REASON else None,
        "aanpak": v.aanpak,
        "tafelbesluiten": [{**vars(b), "datum": b.datum.isoformat()} for b in v.tafelbesluiten],
        "aangemaakt_door": v.aangemaakt_door,
        "aangemaakt_op": _time(v.aangemaakt_op),
        "gewijzigd_op": _time(v.gewijzigd_op),
        "versie": v.version,
    }
    lead = {"besluit": v.leidend, "departement": v.leidend_departement, "motivering": v.leidend_motivering}
    triage = {
        "advies": v.triage.advies,
        "besloten_door": v.triage.besloten_door,
        "afwijking": v.triage.afwijking,
        "compleet": v.triage.complete,
    }
    if service is not None:
        suggestion = service.lead_suggestion(v)
        lead |= {"suggestie": suggestion.leidend, "onderbouwing": suggestion.onderbouwing}
        triage["criteria"] = [criterion_json(c) for c in service.triage_suggestions(v)]
        body["waarschuwingen"] = service.warnings(v)
    else:
        triage["criteria"] = [criterion_json(c) for c in v.triage.criteria]
    body["leidend"] = lead
    body["triage"] = triage
    return body
