"""Claims register services: import, list, export and compare voorstellen."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

import shapely

from novex.access import READ, Actor, require
from novex.audit import AuditEvent, AuditLog, event
from novex.catalog.loader import Catalogus
from novex.catalog.service import quantitative_goals
from novex.claims.actions import EDIT_CLAIMS
from novex.claims.io import Choice, ImportRejected, read_claims, write_claims
from novex.claims.model import TEXT_LIMITS, Claim, ClaimDraft, ProvincieDoel, Voorstel
from novex.claims.ports import ClaimFilter, ClaimRepository
from novex.errors import CONTROL, InvalidInput, NotFound, stale
from novex.geo.hygiene import GRID
from novex.nl import counted, format_fixed, format_number
from novex.progress import Progress, silent, tracked
from novex.reference.municipalities import MunicipalityIndex
from novex.reference.provinces import ProvinceIndex


@dataclass(frozen=True)
class ImportReport:
    """The outcome of an import: the voorstel, new claim ids and repairs made."""

    voorstel: Voorstel
    claim_ids: list[int]
    repairs: list[str]
    source_crs: str
    area_ha: float


class ClaimService:
    """Use cases of the claims register over one repository (one unit of work)."""

    def __init__(
        self,
        repo: ClaimRepository,
        audit: AuditLog,
        cat: Catalogus,
        provinces: ProvinceIndex,
        municipalities: MunicipalityIndex,
        targets: Callable[[], Sequence[ProvincieDoel]] = tuple,
    ) -> None:
        self.repo, self.audit, self.cat, self.provinces, self.targets = repo, audit, cat, provinces, targets
        self.municipalities = municipalities

    def check_drafts(
        self, drafts: Sequence[ClaimDraft], provincie: str | None, source: str = "invoer", progress: Progress = silent
    ) -> list[dict[str, float]]:
        """Validate domains, goals and location of every draft; area per province of each.

        Raises `ImportRejected` listing every problem (by feature index), so a file is
        imported whole or not at all.
        """
        domains = self.cat.domein_slugs()
        goals = {d.id: d for _, d in quantitative_goals(self.cat)} | {t.id: t for t in self.targets()}
        problems, splits = [], []
        for index, draft in enumerate(tracked(drafts, "controleren", progress)):
            label = f"feature {index} '{draft.naam[:80]}'"
            problems += [f"{label}: {problem}" for problem in draft_problems(draft)]
            if draft.domein not in domains:
                problems.append(f"{label}: onbekend domein {draft.domein!r}; kies uit {', '.join(sorted(domains))}")
            goal = goals.get(draft.doel_id) if draft.doel_id else None
            if draft.doel_id is not None and goal is None:
                problems.append(f"{label}: onbekend doel {draft.doel_id!r} (zie `novex catalog export`)")
            elif goal is not None and draft.eenheid != goal.eenheid:
                problems.append(f"{label}: eenheid {draft.eenheid!r} past niet bij doel {goal.id} ({goal.eenheid})")
            split = self.provinces.split(draft.geometry)
            if not split:
                problems.append(f"{label}: ligt in geen enkele Nederlandse provincie (zee of buitenland?)")
            elif provincie is not None and (problem := self._ownership_problem(split, provincie)):
                problems.append(f"{label}: {problem}")
            splits.append(split)
        if problems:
            raise ImportRejected(source, problems)
        return splits

    def _ownership_problem(self, split: Mapping[str, float], provincie: str) -> str | None:
        """Why a claim with this area per province may not be stored in `provincie`'s voorstel, if so.

        A claim belongs to the province holding the largest part of it: a province may store
        a claim that crosses its border, but not one lying mostly in another province (that
        part is the neighbour's to claim). Design choice; the seeds do not rule on it.
        """
        own = split.get(provincie, 0.0)
        largest = max(split, key=lambda code: split[code])
        if own >= split[largest]:
            return None
        where, ranked = self.provinces.get(provincie).naam, sorted(split, key=lambda code: -split[code])
        if own == 0:
            return f"ligt niet in {where} maar in {', '.join(self.provinces.get(c).naam for c in ranked)}"
        total = sum(split.values())
        shares = ", ".join(f"{format_number(round(100 * split[c] / total, 1))} % in {self.provinces.get(c).naam}"
                           for c in ranked)  # fmt: skip
        return (
            f"ligt {shares}: een claim hoort bij de provincie met het grootste deel, dus niet bij {where}; "
            f"beperk de claim tot {where} of laat {self.provinces.get(largest).naam} dit deel claimen"
        )

    def voorstel(self, actor: Actor, key: int | str) -> Voorstel:
        """A voorstel by id or name; `NotFound` otherwise."""
        require(actor, READ)
        found = self.repo.voorstel(key)
        if found is None:
            raise NotFound(f"voorstel {key!r} bestaat niet")
        return found

    def voorstel_for(
        self,
        actor: Actor,
        key: int | str | None,
        provincie: str | None,
        create: bool,
        new_version: bool = False,
    ) -> Voorstel:
        """Find a voorstel by id or name, or create it (or its next version) when allowed.

        Creating, and writing into, a voorstel needs the right to edit its province's claims.
        """
        if provincie is not None:
            provincie = self.provinces.get(provincie).code
        if key is not None:
            found = self.repo.voorstel(key, provincie)
            if found is not None:
                require(actor, EDIT_CLAIMS, found.provincie)
                if new_version:
                    return self._new_voorstel(actor, found.provincie, found.naam, found.toelichting)
                return found
            if not create or isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
                raise NotFound(f"voorstel {key!r} bestaat niet")
        if provincie is None:
            raise InvalidInput("geef de provincie voor een nieuw voorstel")
        require(actor, EDIT_CLAIMS, provincie)
        if key is None:  # the province's default voorstel: reused, a new version only when asked for
            default = f"Ruimtelijk voorstel {provincie}"
            found = self.repo.voorstel(default, provincie)
            if found is not None and not new_version:
                return found
            return self._new_voorstel(actor, provincie, default, found.toelichting if found else None)
        return self._new_voorstel(actor, provincie, str(key), None)

    def require_import(self, actor: Actor, voorstel: int | str | None, provincie: str | None) -> None:
        """Refuse (`Forbidden`) an import the actor may not make, before anything is read or written.

        The voorstel's province decides when the voorstel exists; else the given province.
        """
        found = self.repo.voorstel(voorstel, provincie) if voorstel is not None else None
        code = found.provincie if found else (self.provinces.get(provincie).code if provincie else None)
        require(actor, EDIT_CLAIMS, code)

    def create_voorstel(self, actor: Actor, provincie: str, naam: str, toelichting: str | None = None) -> Voorstel:
        """Start a new voorstel (or the next version of one with that name) for a province."""
        code = self.provinces.get(provincie).code
        require(actor, EDIT_CLAIMS, code)
        if not naam.strip():
            raise InvalidInput("een voorstel heeft een naam")
        return self._new_voorstel(actor, code, naam.strip(), toelichting)

    def _new_voorstel(self, actor: Actor, provincie: str, naam: str, toelichting: str | None) -> Voorstel:
        for field, value in (("naam", naam), ("toelichting", toelichting)):
            if value is not None and CONTROL.search(value):  # they break XLSX and GML; NUL: refused when stored
                raise InvalidInput(f"voorstel {field}: bevat een stuurteken (alleen tekst, regeleinden en tabs)")
        created = self.repo.add_voorstel(provincie, naam, date.today(), toelichting)
        what = f"voorstel '{created.naam}' versie {created.versie} aangemaakt"
        self.audit.record([event(actor, "voorstel.aangemaakt", ("voorstel", created.id), what, provincie)])
        return created

    def import_file(
        self,
        actor: Actor,
        path: Path,
        voorstel: int | str | None = None,
        provincie: str | None = None,
        field_map: Mapping[str, str] | None = None,
        defaults: Mapping[str, Any] | None = None,
        new_version: bool = False,
        progress: Progress = silent,
        name: str | None = None,
        repair: bool = False,
        choice: Choice | None = None,
    ) -> ImportReport:
        """Import every feature of a file into a voorstel — all of them, or none.

        With `new_version` the claims go into the next version of the named voorstel,
        so that versions can be compared (`diff`). `progress` hears of each stage. `name`
        is the file's own name (an upload's), used in messages and the audit trail. The
        actor's right to edit is checked before a byte of the file is read. `repair` asks for
        invalid geometries to be repaired even where that changes their shape.

        A file whose `extern_id`s are already in the voorstel (or twice in the file) is refused,
        naming them: a changed file goes into a new version of the voorstel (`new_version`).
        """
        self.require_import(actor, voorstel, provincie)
        shown = name or path.name
        read = read_claims(path, field_map, defaults, name=shown, repair=repair, choice=choice)
        target = self.voorstel_for(actor, voorstel, provincie, create=True, new_version=new_version)
        if provincie is not None and self.provinces.get(provincie).code != target.provincie:
            raise InvalidInput(
                f"voorstel {target.id} '{target.naam}' hoort bij {target.provincie}, niet bij {provincie}"
            )
        self._refuse_duplicates(read.drafts, target, shown)
        splits = self.check_drafts(read.drafts, target.provincie, shown, progress)
        pairs = list(zip(read.drafts, splits, strict=True))
        municipal = [self.municipalities.split(d.geometry, s) for d, s in tracked(pairs, "gemeenten", progress)]
        progress("opslaan", 0, 1)
        ids = self.repo.add_claims(target.id, read.drafts, splits, municipal)
        area = sum(sum(s.values()) for s in splits)
        details = {"bestand": shown, "claims": len(ids), "area_ha": round(area, 4), "bron_crs": read.source_crs,
                   "herstellingen": read.repairs}  # fmt: skip
        hectares = format_number(round(area, 1))
        summary = f"{counted(len(ids), 'claim', 'claims')} geïmporteerd uit {shown} ({hectares} ha)"
        created = f"aangemaakt bij import van {shown}"
        self.audit.record(
            [event(actor, "voorstel.claims-geimporteerd", ("voorstel", target.id), summary, target.provincie, details)]
            + [self._created(actor, cid, d, target, created) for cid, d in zip(ids, read.drafts, strict=True)]
        )
        progress("opslaan", 1, 1)
        return ImportReport(target, ids, read.repairs, read.source_crs, area)

    def new_version_with(
        self, actor: Actor, voorstel_id: int, drafts: Sequence[ClaimDraft], source: str
    ) -> ImportReport:
        """The next version of a voorstel holding exactly `drafts`, checked and stored as an import (all or nothing).

        How a scenario is promoted: the earlier versions stay as they were.
        """
        current = self.voorstel(actor, voorstel_id)
        require(actor, EDIT_CLAIMS, current.provincie)
        if not drafts:
            raise InvalidInput(f"voorstel '{current.naam}' zou zonder claims komen; een versie heeft claims")
        splits = self.check_drafts(drafts, current.provincie, source)
        target = self._new_voorstel(actor, current.provincie, current.naam, current.toelichting)
        municipal = [self.municipalities.split(d.geometry, s) for d, s in zip(drafts, splits, strict=True)]
        ids = self.repo.add_claims(target.id, drafts, splits, municipal)
        area = sum(sum(s.values()) for s in splits)
        summary = (f"{counted(len(ids), 'claim', 'claims')} uit {source} in versie {target.versie} "
                   f"({format_number(round(area, 1))} ha)")  # fmt: skip
        details = {"bron": source, "vorige_versie": current.id, "claims": len(ids), "area_ha": round(area, 4)}
        created = f"aangemaakt uit {source}"
        self.audit.record(
            [event(actor, "voorstel.claims-geimporteerd", ("voorstel", target.id), summary, target.provincie, details)]
            + [self._created(actor, cid, d, target, created) for cid, d in zip(ids, drafts, strict=True)]
        )
        return ImportReport(target, ids, [], "EPSG:28992", area)

    def _refuse_duplicates(self, drafts: Sequence[ClaimDraft], target: Voorstel, source: str) -> None:
        """Refuse external ids the voorstel already has, or the file has twice (nothing is doubled)."""
        stored, seen, problems = self.repo.extern_ids(target.id), set(), []
        for index, draft in enumerate(drafts):
            key = draft.extern_id
            if key is None:
                continue
            if key in stored:
                problems.append(f"feature {index} (id {key}): staat al in voorstel '{target.naam}' versie "
                                f"{target.versie}; importeer een gewijzigd bestand als nieuwe versie")  # fmt: skip
            elif key in seen:
                problems.append(f"feature {index} (id {key}): komt twee keer voor in het bestand")
            seen.add(key)
        if problems:
            raise ImportRejected(source, problems)

    def _created(self, actor: Actor, claim_id: int, draft: ClaimDraft, target: Voorstel, how: str) -> AuditEvent:
        summary = f"claim '{draft.naam}' ({draft.domein}) {how}"
        return event(actor, "claim.aangemaakt", ("claim", claim_id), summary, target.provincie, {"voorstel": target.id})

    def add_claim(self, actor: Actor, voorstel_id: int, draft: ClaimDraft) -> Claim:
        """Add one claim (already cleaned) to a voorstel."""
        target = self.voorstel(actor, voorstel_id)
        require(actor, EDIT_CLAIMS, target.provincie)
        splits = self.check_drafts([draft], target.provincie)
        municipal = [self.municipalities.split(draft.geometry, splits[0])]
        (claim_id,) = self.repo.add_claims(target.id, [draft], splits, municipal)
        self.audit.record([self._created(actor, claim_id, draft, target, "aangemaakt")])
        return self.claim(actor, claim_id)

    def claim(self, actor: Actor, claim_id: int) -> Claim:
        """One claim by id; `NotFound` otherwise."""
        require(actor, READ)
        found = self.repo.claims(ClaimFilter(ids=(claim_id,)))
        if not found:
            raise NotFound(f"claim {claim_id} bestaat niet")
        return found[0]

    def update_claim(
        self, actor: Actor, claim_id: int, draft: ClaimDraft, expected_version: int, reden: str | None = None
    ) -> Claim:
        """Replace a claim's attributes and geometry, if nobody changed it since `expected_version`.

        Raises `StateConflict` naming the current version when the claim was changed meanwhile.
        The audit trail keeps every changed field (old and new) and the old geometry.
        """
        current = self.claim(actor, claim_id)
        target = self.voorstel(actor, current.voorstel_id)
        require(actor, EDIT_CLAIMS, target.provincie)
        splits = self.check_drafts([draft], target.provincie)
        municipal = [self.municipalities.split(draft.geometry, splits[0])]
        if not self.repo.update_claim(claim_id, draft, splits[0], municipal[0], expected_version):
            raise stale(f"claim {claim_id}", self.claim(actor, claim_id).version, expected_version)
        updated = self.claim(actor, claim_id)
        changes = changed_fields(current, updated)
        summary = f"claim '{updated.naam}' gewijzigd naar versie {updated.version}: {', '.join(changes) or 'niets'}"
        details = {"versie": updated.version, "velden": changes}
        if "geometrie" in changes:
            details["geometrie_voor"] = shapely.to_wkb(current.geometry, hex=True)
        self.audit.record(
            [event(actor, "claim.gewijzigd", ("claim", claim_id), summary, target.provincie, details, reden)]
        )
        return updated

    def delete_claim(self, actor: Actor, claim_id: int, reden: str | None = None) -> None:
        """Remove a claim from its voorstel; the audit trail keeps all of it, geometry included."""
        current = self.claim(actor, claim_id)
        provincie = self.voorstel(actor, current.voorstel_id).provincie
        require(actor, EDIT_CLAIMS, provincie)
        self.repo.delete_claim(claim_id)
        summary = f"claim '{current.naam}' ({current.domein}, {format_number(round(current.area_ha, 1))} ha) verwijderd"
        self.audit.record(
            [event(actor, "claim.verwijderd", ("claim", claim_id), summary, provincie, snapshot(current), reden)]
        )

    def list(self, actor: Actor, where: ClaimFilter | None = None) -> list[Claim]:
        """Claims matching a filter (all when None)."""
        require(actor, READ)
        return self.repo.claims(self._known(where or ClaimFilter()))

    def voorstellen(self, actor: Actor, provincie: str | None = None) -> list[Voorstel]:
        """Every voorstel (of one province), by province, name and version."""
        require(actor, READ)
        return self.repo.voorstellen(self.provinces.get(provincie).code if provincie else None)

    def has_voorstel(self, actor: Actor, naam: str, provincie: str) -> bool:
        """Whether the province has a voorstel of this name."""
        require(actor, READ)
        return self.repo.voorstel(naam, provincie) is not None

    def page(self, actor: Actor, where: ClaimFilter, page: int, size: int) -> tuple[list[Claim], int]:
        """One page of the matching claims (1-based) and the total count."""
        require(actor, READ)
        where = self._known(where)
        return self.repo.claims(where, (page - 1) * size, size), self.repo.count(where)

    def compare(self, actor: Actor, old: int | str, new: int | str) -> tuple[Voorstel, Voorstel, VoorstelDiff]:
        """Two voorstellen (versions) and what changed from the first to the second."""
        a, b = self.voorstel(actor, old), self.voorstel(actor, new)
        before, after = (self.list(actor, ClaimFilter(voorstel_id=v.id)) for v in (a, b))
        return a, b, diff(before, after)

    def _known(self, where: ClaimFilter) -> ClaimFilter:
        """The filter with its province codes checked (`NotFound` naming the valid ones) and normalised."""
        if not where.provincies:
            return where
        return replace(where, provincies=tuple(self.provinces.get(code).code for code in where.provincies))

    def export(
        self, actor: Actor, path: Path, where: ClaimFilter | None = None, formaat: str | None = None, rd: bool = False
    ) -> int:
        """Write the selected claims to a file (format chosen or by suffix, `write_claims`); returns the count."""
        claims = self.list(actor, where)
        write_claims(claims, path, formaat=formaat, rd=rd)
        return len(claims)


def draft_problems(draft: ClaimDraft) -> list[str]:
    """What is wrong with a draft's own values: text too long or with NUL, numbers not finite, years reversed."""
    problems = []
    for name, limit in TEXT_LIMITS.items():
        value = getattr(draft, name) or ""
        if "\x00" in value:
            problems.append(f"NUL-teken (\\0) in {name}")
        elif CONTROL.search(value):  # a worksheet cannot hold them, GML neither; bidi overrides disguise names
            problems.append(f"{name} bevat een stuurteken (alleen tekst, regeleinden en tabs)")
        if len(value) > limit:
            problems.append(f"{name} is {format_number(len(value))} tekens lang; maximaal {format_number(limit)}")
    if draft.hoeveelheid is not None and not math.isfinite(draft.hoeveelheid):
        problems.append(f"hoeveelheid {draft.hoeveelheid} is geen eindig getal")
    if (draft.hoeveelheid is None) != (draft.eenheid is None):
        problems.append("hoeveelheid en eenheid horen samen")
    if draft.start_jaar and draft.eind_jaar and draft.start_jaar > draft.eind_jaar:
        problems.append(f"startjaar {draft.start_jaar} ligt na eindjaar {draft.eind_jaar}")
    return problems


@dataclass(frozen=True)
class VoorstelDiff:
    """What changed between two voorstellen, matched on claim name (or extern id)."""

    added: list[Claim]
    removed: list[Claim]
    changed: list[tuple[Claim, Claim, list[str]]]
    unchanged: int


COMPARED = (
    "domein",
    "status",
    "hardheid",
    "prioriteit",
    "hoeveelheid",
    "eenheid",
    "doel_id",
    "start_jaar",
    "eind_jaar",
)


AUDITED = ("naam", "extern_id", *COMPARED, "eigenaar", "bron", "notities")


def changed_fields(before: Claim, after: Claim) -> dict[str, list[Any]]:
    """The fields that differ between two versions of a claim, as [old, new] (geometry as areas in ha)."""
    changes = {f: [_plain(getattr(before, f)), _plain(getattr(after, f))] for f in AUDITED}
    changes = {f: pair for f, pair in changes.items() if pair[0] != pair[1]}
    same = shapely.normalize(before.geometry).equals_exact(shapely.normalize(after.geometry), GRID)
    if not same:  # the same shape on the 1 mm grid (whatever vertex its rings start at): unchanged
        changes["geometrie"] = [round(before.area_ha, 4), round(after.area_ha, 4)]
    return changes


def snapshot(claim: Claim) -> dict[str, Any]:
    """Everything of a claim as JSON-ready data (geometry as hex WKB in EPSG:28992)."""
    data = {f.name: _plain(getattr(claim, f.name)) for f in fields(Claim) if f.name != "geometry"}
    return data | {"geometrie": shapely.to_wkb(claim.geometry, hex=True), "crs": "EPSG:28992"}


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, StrEnum) else value


def diff(old: Sequence[Claim], new: Sequence[Claim]) -> VoorstelDiff:
    """Compare two voorstellen: added, removed and changed claims (attributes, geometry)."""
    key = lambda c: c.extern_id or c.naam  # noqa: E731
    before, after = {key(c): c for c in old}, {key(c): c for c in new}
    changed, same = [], 0
    for name in before.keys() & after.keys():
        a, b = before[name], after[name]
        changes = changed_fields(a, b)
        what = [f for f in COMPARED if f in changes]
        if "geometrie" in changes:
            what.append(f"geometrie ({format_fixed(a.area_ha, 2)} → {format_fixed(b.area_ha, 2)} ha)")
        if what:
            changed.append((a, b, what))
        else:
            same += 1
    return VoorstelDiff(
        added=[after[k] for k in sorted(after.keys() - before.keys())],
        removed=[before[k] for k in sorted(before.keys() - after.keys())],
        changed=sorted(changed, key=lambda t: key(t[0])),
        unchanged=same,
    )
