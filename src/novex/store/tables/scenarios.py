"""Tables of the scenarios context: a scenario and its ordered changes (each as JSON)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from novex.store.tables.base import Base
from novex.store.versioning import VersionMixin


class ScenarioRow(VersionMixin, Base):
    """A named what-if over the voorstellen: base, owner and how many changes are in effect."""

    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    naam: Mapped[str] = mapped_column(String(200), unique=True)
    eigenaar: Mapped[str] = mapped_column(String(320))
    eigenaar_soort: Mapped[str] = mapped_column(String(20))
    eigenaar_rol: Mapped[str] = mapped_column(String(20))
    eigenaar_provincie: Mapped[str | None] = mapped_column(String(4), nullable=True)
    eigenaar_departement: Mapped[str | None] = mapped_column(String(120), nullable=True)
    gemaakt_op: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    basis_voorstel: Mapped[int | None] = mapped_column(Integer, nullable=True)
    omschrijving: Mapped[str] = mapped_column(Text, default="")
    stand: Mapped[int] = mapped_column(Integer, default=0)


class ScenarioWijzigingRow(Base):
    """One change of a scenario, in order (`volgorde` from 1)."""

    __tablename__ = "scenario_wijzigingen"

    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id", ondelete="CASCADE"), primary_key=True)
    volgorde: Mapped[int] = mapped_column(Integer, primary_key=True)
    gegevens: Mapped[str] = mapped_column(Text)  # JSON (novex.scenarios.codec)
