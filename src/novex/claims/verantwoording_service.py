"""Reading and laying down the verantwoording of a voorstel (seed 004 Bijlage 5), with its rights and audit."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from novex.access import READ, Actor, require
from novex.audit import AuditLog, event
from novex.claims.actions import EDIT_CLAIMS
from novex.claims.model import Voorstel
from novex.claims.ports import ClaimRepository, VerantwoordingRepository
from novex.claims.verantwoording import (
    BRON,
    DELEN,
    VastgelegdeVerantwoording,
    uit_gegevens,
)
from novex.errors import NotFound, stale
from novex.geo.bijlagen import attach

KOLOMMEN = {part: [f.name for f in fields(kind)] for part, kind in DELEN.items()}
"""The columns of each part of a verantwoording in an export."""

MAX_ID = 2_147_483_647


class VerantwoordingService:
    """Every reader may read a voorstel's verantwoording; who may edit the province's claims may lay it down."""

    def __init__(
        self, repo: VerantwoordingRepository, voorstellen: ClaimRepository, audit: AuditLog, doelen: Iterable[str]
    ) -> None:
        self.repo, self.voorstellen, self.audit = repo, voorstellen, audit
        self.doelen = frozenset(doelen)

    def _voorstel(self, key: int | str) -> Voorstel:
        shown = str(key).strip()[:40]
        if isinstance(key, str) and re.fullmatch(r"[0-9]+", key.strip()):
            key = int(key.strip()) if len(key.strip()) <= 10 else 0
        if isinstance(key, int) and not 1 <= key <= MAX_ID:  # no 64-bit overflow in the database
            raise NotFound(f"voorstel {shown} bestaat niet")
        if isinstance(key, str) and key.isdigit():  # '²' or '٣': digits to str.isdigit, which the lookup trusts
            raise NotFound(f"voorstel {shown!r} bestaat niet")
        found = self.voorstellen.voorstel(key)
        if found is None:
            raise NotFound(f"voorstel {str(key)[:80]!r} bestaat niet")
        return found

    def lees(self, actor: Actor, key: int | str) -> tuple[Voorstel, VastgelegdeVerantwoording | None]:
        """The voorstel and its verantwoording: its own, else that of its newest earlier version (taken over).

        A taken-over verantwoording has `versie` 0 and `overgenomen_van` set: laying one down for this
        version sends 0.
        """
        require(actor, READ)
        voorstel = self._voorstel(key)
        own = self.repo.lees(voorstel.id)
        if own is not None:
            return voorstel, own
        earlier = sorted(
            (v for v in self.voorstellen.voorstellen(voorstel.provincie) if v.naam == voorstel.naam
             and v.versie < voorstel.versie),
            key=lambda v: v.versie, reverse=True,
        )  # fmt: skip
        for version in earlier:
            found = self.repo.lees(version.id)
            if found is not None:
                return voorstel, replace(found, voorstel_id=voorstel.id, versie=0, overgenomen_van=version.id)
        return voorstel, None

    def leg_vast(self, actor: Actor, key: int | str, gegevens: Any, versie: int) -> VastgelegdeVerantwoording:
        """Lay down (replace) the verantwoording of one voorstel version; `versie` is the one read (0: none yet).

        Invalid content is refused whole (`ImportRejected`, every problem with where it is); a stale
        `versie` is a `StateConflict`; nothing is stored then.
        """
        voorstel = self._voorstel(key)
        require(actor, EDIT_CLAIMS, voorstel.provincie)
        verantwoording = uit_gegevens(gegevens, f"verantwoording van voorstel {voorstel.id}", self.doelen)
        own = self.repo.lees(voorstel.id)
        current = own.versie if own else 0
        what = f"de verantwoording van voorstel {voorstel.id}"
        if versie != current or not self.repo.bewaar(voorstel.id, verantwoording.gegevens(), actor.email, versie):
            now = self.repo.lees(voorstel.id)
            raise stale(what, now.versie if now else 0, versie)
        counts = {"datasets": len(verantwoording.datasets), "afwijkingen": len(verantwoording.afwijkingen),
                  "indicatoren": len(verantwoording.indicatoren)}  # fmt: skip
        summary = (f"verantwoording van voorstel '{voorstel.naam}' versie {voorstel.versie} vastgelegd: "
                   f"{counts['datasets']} datasets, {counts['afwijkingen']} afwijkingen, "
                   f"{counts['indicatoren']} indicatoren")  # fmt: skip
        self.audit.record([event(actor, "voorstel.verantwoording-vastgelegd", ("voorstel", voorstel.id), summary,
                                 voorstel.provincie, counts)])  # fmt: skip
        stored = self.repo.lees(voorstel.id)
        assert stored is not None  # just written in this unit of work
        return stored

    def bij_export(self, actor: Actor, key: int | str, path: Path, kind: str) -> bool:
        """Carry the voorstel's verantwoording inside its export at `path` (GeoPackage, GeoJSON, XLSX).

        False when the format holds one table only (CSV, FlatGeobuf, GIO) or there is no verantwoording.
        """
        voorstel, found = self.lees(actor, key)
        if found is None:
            return False
        data = found.verantwoording.gegevens()
        meta = {"voorstel_id": voorstel.id, "voorstel": voorstel.naam, "voorstel_versie": voorstel.versie,
                "provincie": voorstel.provincie, "werkwijze": data["werkwijze"], "bron": BRON,
                "vastgelegd_door": found.gewijzigd_door, "vastgelegd_op": found.gewijzigd_op.isoformat(),
                "overgenomen_van": found.overgenomen_van}  # fmt: skip
        tables = {part: (KOLOMMEN[part], data[part]) for part in KOLOMMEN}
        return attach(path, kind, "verantwoording", meta, tables)
