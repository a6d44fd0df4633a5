"""SQLAlchemy implementation of `novex.claims.ports.RestrictionRepository`."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from novex.claims.model import Hardheid, ProvincieDoel, RestrictionArea, RestrictionLayer
from novex.claims.ports import AreaRecord
from novex.geo.crs import area_ha
from novex.store.tables.claims import ProvinceTargetRow, RestrictionAreaRow, RestrictionLayerRow


def _layer(row: RestrictionLayerRow) -> RestrictionLayer:
    return RestrictionLayer(
        row.id,
        row.naam,
        row.domein,
        Hardheid(row.hardheid),
        row.juridische_basis,
        row.peildatum,
        row.attributie,
    )


class SqlRestrictionRepository:
    """Restriction layers, their areas and province targets; the caller owns the transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def layers(self) -> list[RestrictionLayer]:
        """All layers by name."""
        return [_layer(r) for r in self.session.scalars(select(RestrictionLayerRow).order_by(RestrictionLayerRow.naam))]

    def layer(self, naam: str) -> RestrictionLayer | None:
        """A layer by name."""
        row = self.session.scalars(select(RestrictionLayerRow).where(RestrictionLayerRow.naam == naam)).first()
        return _layer(row) if row else None

    def add_layer(self, layer: RestrictionLayer, areas: Sequence[AreaRecord]) -> RestrictionLayer:
        """Insert a layer and its areas."""
        row = RestrictionLayerRow(
            naam=layer.naam,
            domein=layer.domein,
            hardheid=str(layer.hardheid),
            juridische_basis=layer.juridische_basis,
            peildatum=layer.peildatum,
            attributie=layer.attributie,
        )
        self.session.add(row)
        self.session.flush()
        for record in areas:
            area = RestrictionAreaRow(
                layer_id=row.id,
                naam=record.naam,
                code=record.code,
                status=record.status,
                area_ha=area_ha(record.geometry),
                provincies=record.provincies,
                geometry=record.geometry,
            )
            area.set_bbox(record.geometry)
            self.session.add(area)
        self.session.flush()
        return _layer(row)

    def areas(self, provincies: Sequence[str] = (), layer_ids: Sequence[int] = ()) -> list[RestrictionArea]:
        """Areas of the layers (all when empty) touching the provinces (all when empty)."""
        query = (
            select(RestrictionAreaRow, RestrictionLayerRow).join(RestrictionLayerRow).order_by(RestrictionAreaRow.id)
        )
        if layer_ids:
            query = query.where(RestrictionAreaRow.layer_id.in_(layer_ids))
        wanted = set(provincies)
        return [
            RestrictionArea(a.id, _layer(layer), a.naam, a.code, a.geometry, a.area_ha, dict(a.provincies), a.status)
            for a, layer in self.session.execute(query)
            if not wanted or wanted & set(a.provincies)
        ]

    def targets(self, provincie: str | None = None) -> list[ProvincieDoel]:
        """User-added targets (of one province)."""
        query = select(ProvinceTargetRow).order_by(ProvinceTargetRow.provincie, ProvinceTargetRow.id)
        if provincie:
            query = query.where(ProvinceTargetRow.provincie == provincie)
        return [
            ProvincieDoel(r.id, r.provincie, r.tekst, r.waarde, r.eenheid, r.bron, r.jaar, r.domein)
            for r in self.session.scalars(query)
        ]

    def add_target(self, target: ProvincieDoel) -> None:
        """Insert a target."""
        self.session.add(ProvinceTargetRow(**target.__dict__))
        self.session.flush()
