"""Reading and laying down the verantwoording of a voorstel (seed 004 Bijlage 5), with its rights and audit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from novex.access import READ, Actor, require
from novex.audit import AuditLog, event
from novex.claims.actions import EDIT_CLAIMS
from novex.claims.model import Voorstel
from novex.claims.ports import ClaimRepository, VerantwoordingRepository
from novex.claims.verantwoording import VastgelegdeVerantwoording, uit_gegevens
from novex.errors import NotFound, stale


class VerantwoordingService:
    """Every reader may read a voorstel's verantwoording; who may edit the province's claims may lay it down."""

    def __init__(
        self, repo: VerantwoordingRepository, voorstellen: ClaimRepository, audit: AuditLog, doelen: Iterable[str]
    ) -> None:
        self.repo, self.voorstellen, self.audit = repo, voorstellen, audit
        self.doelen = frozenset(doelen)

    def _voorstel(self, key: int | str) -> Voorstel:
        found = self.voorstellen.voorstel(key)
        if found is None:
            raise NotFound(f"voorstel {key!r} bestaat niet")
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
