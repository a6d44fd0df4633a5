"""Restriction layers (Natura 2000, NNN, military terrain, …) and user province targets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from novex.access import READ, Actor, require
from novex.audit import AuditLog, event
from novex.catalog.loader import Catalogus
from novex.catalog.service import quantitative_goals
from novex.claims.actions import EDIT_CLAIMS, MANAGE_LAYERS
from novex.claims.io import RD_BOUNDS_WITH_SEA, Choice, field_value, read_features
from novex.claims.model import Hardheid, ProvincieDoel, RestrictionArea, RestrictionLayer
from novex.claims.ports import AreaRecord, RestrictionRepository
from novex.errors import InvalidInput, StateConflict
from novex.nl import format_number
from novex.reference.provinces import ProvinceIndex


@dataclass(frozen=True)
class LayerImport:
    """The outcome of a layer import."""

    layer: RestrictionLayer
    areas: int
    area_ha: float
    repairs: list[str]


def parse_hardness(value: str) -> Hardheid:
    """A hardness from its Dutch name; `InvalidInput` listing the scale otherwise."""
    try:
        return Hardheid(value)
    except ValueError:
        raise InvalidInput(f"onbekende hardheid {value!r}; kies uit {', '.join(Hardheid)}") from None


class RestrictionService:
    """Use cases of restriction layers and province targets over one repository."""

    def __init__(self, repo: RestrictionRepository, audit: AuditLog, cat: Catalogus, provinces: ProvinceIndex) -> None:
        self.repo, self.audit, self.cat, self.provinces = repo, audit, cat, provinces

    def import_layer(
        self,
        actor: Actor,
        path: Path,
        naam: str,
        domein: str,
        hardheid: str,
        juridische_basis: str,
        peildatum: date,
        attributie: str | None = None,
        name_field: str = "naam",
        code_field: str | None = "code",
        status_field: str | None = None,
        choice: Choice | None = None,
    ) -> LayerImport:
        """Import every polygon of a file as one restriction layer — all of them, or none.

        `choice` names the layer of a file with several (and a CSV's WKT column).
        """
        require(actor, MANAGE_LAYERS)
        hardness = parse_hardness(hardheid)
        if domein not in self.cat.domein_slugs():
            raise InvalidInput(f"onbekend domein {domein!r}; kies uit {', '.join(sorted(self.cat.domein_slugs()))}")
        if not juridische_basis.strip():
            raise InvalidInput("geef de juridische basis van de laag (bijv. 'Omgevingswet, Bkl art. 7.…')")
        if self.repo.layer(naam) is not None:
            raise StateConflict(f"laag {naam!r} bestaat al")
        mapping = {"naam": name_field, "code": code_field, "status": status_field}
        mapping = {key: attr for key, attr in mapping.items() if attr}

        def area(row: dict[str, Any], geometry: Any) -> AreaRecord:
            name = field_value(row, "naam", mapping)
            if not name:
                raise ValueError(f"naam ontbreekt (attribuut {name_field!r})")
            code, status = (field_value(row, key, mapping) if key in mapping else None for key in ("code", "status"))
            return AreaRecord(
                str(name),
                None if code is None else str(code),
                status,
                geometry,
                self.provinces.split(geometry),
            )

        features, areas = read_features(path, mapping, area, RD_BOUNDS_WITH_SEA, choice=choice)
        layer = RestrictionLayer(0, naam, domein, hardness, juridische_basis, peildatum, attributie)
        stored = self.repo.add_layer(layer, areas)
        total = sum(a.geometry.area for a in areas) / 10_000
        size = f"{len(areas)} gebieden, {format_number(round(total))} ha"
        summary = f"beperkingenlaag '{naam}' ({hardness}) geïmporteerd: {size}"
        details = {"bestand": path.name, "gebieden": len(areas), "area_ha": round(total, 4), "domein": domein,
                   "juridische_basis": juridische_basis, "peildatum": peildatum.isoformat(),
                   "herstellingen": len(features.repairs)}  # fmt: skip
        self.audit.record([event(actor, "laag.geimporteerd", ("laag", stored.id), summary, details=details)])
        return LayerImport(stored, len(areas), total, features.repairs)

    def areas(self, actor: Actor, provincies: Sequence[str] = ()) -> list[RestrictionArea]:
        """Restriction areas touching the provinces (all when empty)."""
        require(actor, READ)
        return self.repo.areas(provincies)

    def layers(self, actor: Actor) -> list[RestrictionLayer]:
        """Every restriction layer with its hardness, legal basis and reference date."""
        require(actor, READ)
        return self.repo.layers()

    def has_layer(self, actor: Actor, naam: str) -> bool:
        """Whether a layer of this name is loaded."""
        require(actor, READ)
        return self.repo.layer(naam) is not None

    def targets(self, actor: Actor, provincie: str | None = None) -> list[ProvincieDoel]:
        """The provinces' own targets (of one province when given)."""
        require(actor, READ)
        return self.repo.targets(self.provinces.get(provincie).code if provincie else None)

    def add_target(self, actor: Actor, target: ProvincieDoel) -> ProvincieDoel:
        """Add a per-province target; its id must be new and its source given."""
        code = self.provinces.get(target.provincie).code
        require(actor, EDIT_CLAIMS, code)
        if not target.bron.strip():
            raise InvalidInput("een doel zonder bron wordt niet opgeslagen: geef --bron")
        if target.domein is not None and target.domein not in self.cat.domein_slugs():
            raise InvalidInput(f"onbekend domein {target.domein!r}")
        catalogue_ids = {d.id for _, d in quantitative_goals(self.cat)}
        if target.id in catalogue_ids or any(t.id == target.id for t in self.repo.targets()):
            raise StateConflict(f"doel-id {target.id!r} bestaat al")
        target = ProvincieDoel(**{**target.__dict__, "provincie": code})
        self.repo.add_target(target)
        summary = f"doel {target.id} toegevoegd: {format_number(target.waarde)} {target.eenheid} (bron: {target.bron})"
        self.audit.record([event(actor, "doel.toegevoegd", ("doel", target.id), summary, code, target.__dict__)])
        return target
