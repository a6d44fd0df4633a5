"""A scenario change as plain JSON data (geometry as hex WKB in EPSG:28992), for storage and the API."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from typing import Any

import shapely

from novex.claims.model import ClaimDraft, ClaimStatus, Hardheid
from novex.scenarios.model import Soort, Verschuiving, Wijziging


def wijziging_to_json(change: Wijziging) -> dict[str, Any]:
    """Every field of a change that holds something, JSON-ready."""
    data: dict[str, Any] = {"soort": str(change.soort)}
    for name in ("claim_id", "dx", "dy", "voorstel_id", "hoeveelheid", "domein", "reden", "auteur", "claim_versie",
                 "volgnummer"):  # fmt: skip
        value = getattr(change, name)
        if value not in (None, ""):
            data[name] = value
    if change.status is not None:
        data["status"] = str(change.status)
    if change.geometry is not None:
        data["geometrie"] = shapely.to_wkb(change.geometry, hex=True)
    if change.tijdstip is not None:
        data["tijdstip"] = change.tijdstip.isoformat()
    if change.verschuiving is not None:
        v = change.verschuiving
        data["verschuiving"] = {"doel": v.doel, "van": v.van, "naar": v.naar, "hoeveelheid": v.hoeveelheid}
    if change.draft is not None:
        draft = {f.name: getattr(change.draft, f.name) for f in fields(ClaimDraft) if f.name != "geometry"}
        draft["status"], draft["hardheid"] = str(change.draft.status), str(change.draft.hardheid)
        data["claim"] = {**draft, "geometrie": shapely.to_wkb(change.draft.geometry, hex=True)}
    return data


def wijziging_from_json(data: dict[str, Any]) -> Wijziging:
    """The change `wijziging_to_json` wrote."""
    draft = None
    if "claim" in data:
        values = dict(data["claim"])
        geometry = shapely.from_wkb(values.pop("geometrie"))
        values["status"], values["hardheid"] = ClaimStatus(values["status"]), Hardheid(values["hardheid"])
        draft = ClaimDraft(geometry=geometry, **values)
    move = data.get("verschuiving")
    return Wijziging(
        soort=Soort(data["soort"]),
        claim_id=data.get("claim_id"),
        dx=data.get("dx"),
        dy=data.get("dy"),
        geometry=shapely.from_wkb(data["geometrie"]) if "geometrie" in data else None,
        draft=draft,
        voorstel_id=data.get("voorstel_id"),
        hoeveelheid=data.get("hoeveelheid"),
        domein=data.get("domein"),
        status=ClaimStatus(data["status"]) if "status" in data else None,
        verschuiving=Verschuiving(move["doel"], move["van"], move["naar"], move["hoeveelheid"]) if move else None,
        reden=data.get("reden", ""),
        auteur=data.get("auteur", ""),
        tijdstip=datetime.fromisoformat(data["tijdstip"]) if "tijdstip" in data else None,
        claim_versie=data.get("claim_versie"),
        volgnummer=data.get("volgnummer", 0),
    )
