"""SQLAlchemy implementation of `novex.meetings.ports.MeetingRepository`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, extract, select
from sqlalchemy.orm import Session

from novex.meetings.agenda import Agendapunt, BolAfspraak, Uitkomst, Vergadering
from novex.meetings.sessies import Bouwsteen, Sessie
from novex.meetings.snelle_procedure import (
    Expert,
    Optie,
    Selectie,
    Signaal,
    SnelleProcedure,
    TafelNotitie,
    Terugkoppeling,
)
from novex.store.tables.meetings import (
    AgendapuntRow,
    BolAfspraakRow,
    ExpertRow,
    SessieRow,
    SnelleProcedureRow,
    VergaderingRow,
)
from novex.store.versioning import versioned_update


def _meeting(r: VergaderingRow) -> Vergadering:
    return Vergadering(r.id, r.soort, r.datum, r.naam, r.provincie, r.landsdeel, r.rode_draden, r.version)


def _punt(r: AgendapuntRow) -> Agendapunt:
    outcome = Uitkomst(**r.uitkomst) if r.uitkomst else None
    return Agendapunt(r.id, r.vergadering_id, r.volgorde, r.onderwerp, r.soort, r.reden, r.vraagstuk_id, outcome)


def _afspraak(r: BolAfspraakRow) -> BolAfspraak:
    return BolAfspraak(
        r.id,
        r.vergadering_id,
        r.datum,
        r.landsdeel,
        tuple(r.provincies),
        r.vraagstuk_id,
        r.titel,
        r.tekst,
        r.vastgelegd_door,
    )


def procedure_json(name: str, value: Any) -> Any:
    """A product of the fast procedure as JSON (tuples as lists)."""
    if value is None:
        return None
    data = asdict(value)
    if name == "selectie":
        data["criteria"] = {k: list(v) for k, v in value.criteria.items()}
    return data


def _procedure(r: SnelleProcedureRow) -> SnelleProcedure:
    signaal = Signaal(**r.signaal) if r.signaal else None
    selectie = None
    if r.selectie:
        data = dict(r.selectie)
        selectie = Selectie(
            {k: (bool(v[0]), str(v[1])) for k, v in data["criteria"].items()},
            data["opschalen"],
            tuple(data.get("experts", ())),
            data.get("motivering", ""),
        )
    tafel = None
    if r.tafel:
        data = dict(r.tafel)
        tafel = TafelNotitie(
            data["probleemdefinitie"],
            tuple(Optie(**o) for o in data["opties"]),
            data["advies"],
            data.get("advies_toelichting", ""),
            tuple(data.get("experts", ())),
            data.get("nota_ruimte_adviseur"),
        )
    terug = Terugkoppeling(**r.terugkoppeling) if r.terugkoppeling else None
    return SnelleProcedure(r.id, r.fase, signaal, selectie, tafel, terug, r.version)


class SqlMeetingRepository:
    """Meetings, agendas, BOL agreements, fast procedures, experts and sessions in the relational store."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def meetings(self, jaar: int | None = None) -> list[Vergadering]:
        """Meetings (of one calendar year), by date."""
        query = select(VergaderingRow).order_by(VergaderingRow.datum, VergaderingRow.id)
        if jaar is not None:
            query = query.where(extract("year", VergaderingRow.datum) == jaar)
        return [_meeting(r) for r in self.session.scalars(query)]

    def meeting(self, vergadering_id: int) -> Vergadering | None:
        """One meeting."""
        row = self.session.get(VergaderingRow, vergadering_id, populate_existing=True)
        return _meeting(row) if row else None

    def add_meeting(self, v: Vergadering) -> int:
        """Store a meeting; returns its id."""
        row = VergaderingRow(
            soort=v.soort,
            datum=v.datum,
            naam=v.naam,
            provincie=v.provincie,
            landsdeel=v.landsdeel,
            rode_draden=v.rode_draden,
            version=1,
        )
        self.session.add(row)
        self.session.flush()
        return row.id

    def update_meeting(self, vergadering_id: int, expected_version: int, **values: Any) -> bool:
        """Compare-and-set columns of a meeting."""
        return versioned_update(self.session, VergaderingRow, vergadering_id, expected_version, **values)

    def agenda(self, vergadering_id: int) -> list[Agendapunt]:
        """A meeting's agenda items in order."""
        query = select(AgendapuntRow).where(AgendapuntRow.vergadering_id == vergadering_id)
        return [_punt(r) for r in self.session.scalars(query.order_by(AgendapuntRow.volgorde, AgendapuntRow.id))]

    def replace_agenda(self, vergadering_id: int, items: Sequence[Agendapunt]) -> None:
        """Replace the items of a meeting's agenda."""
        self.session.execute(delete(AgendapuntRow).where(AgendapuntRow.vergadering_id == vergadering_id))
        for item in items:
            self.session.add(
                AgendapuntRow(
                    vergadering_id=vergadering_id,
                    volgorde=item.volgorde,
                    onderwerp=item.onderwerp,
                    soort=item.soort,
                    reden=item.reden,
                    vraagstuk_id=item.vraagstuk_id,
                )
            )
        self.session.flush()

    def set_outcome(self, punt_id: int, uitkomst: Uitkomst) -> None:
        """Record an item's outcome."""
        row = self.session.get(AgendapuntRow, punt_id)
        if row is not None:
            row.uitkomst = asdict(uitkomst)
            self.session.flush()

    def add_afspraak(self, afspraak: BolAfspraak) -> int:
        """Add an entry to the BOL-afsprakenlijst."""
        row = BolAfspraakRow(
            vergadering_id=afspraak.vergadering_id,
            datum=afspraak.datum,
            landsdeel=afspraak.landsdeel,
            provincies=list(afspraak.provincies),
            vraagstuk_id=afspraak.vraagstuk_id,
            titel=afspraak.titel,
            tekst=afspraak.tekst,
            vastgelegd_door=afspraak.vastgelegd_door,
        )
        self.session.add(row)
        self.session.flush()
        return row.id

    def afspraken(self, jaar: int | None = None, vergadering_id: int | None = None) -> list[BolAfspraak]:
        """The BOL-afsprakenlijst, by date and id."""
        query = select(BolAfspraakRow).order_by(BolAfspraakRow.datum, BolAfspraakRow.id)
        if jaar is not None:
            query = query.where(extract("year", BolAfspraakRow.datum) == jaar)
        if vergadering_id is not None:
            query = query.where(BolAfspraakRow.vergadering_id == vergadering_id)
        return [_afspraak(r) for r in self.session.scalars(query)]

    def procedure(self, vraagstuk_id: int) -> SnelleProcedure | None:
        """The fast procedure of a vraagstuk, if started."""
        row = self.session.get(SnelleProcedureRow, vraagstuk_id, populate_existing=True)
        return _procedure(row) if row else None

    def add_procedure(self, p: SnelleProcedure) -> None:
        """Start a fast procedure."""
        self.session.add(
            SnelleProcedureRow(
                id=p.vraagstuk_id,
                fase=p.fase,
                version=1,
                **{n: procedure_json(n, getattr(p, n)) for n in ("signaal", "selectie", "tafel", "terugkoppeling")},
            )
        )
        self.session.flush()

    def update_procedure(self, vraagstuk_id: int, expected_version: int, **values: Any) -> bool:
        """Compare-and-set a procedure's step or products."""
        plain = {k: (v if k == "fase" else procedure_json(k, v)) for k, v in values.items()}
        return versioned_update(self.session, SnelleProcedureRow, vraagstuk_id, expected_version, **plain)

    def experts(self) -> list[Expert]:
        """The directory of experts, by ministry and name."""
        query = select(ExpertRow).order_by(ExpertRow.departement, ExpertRow.naam)
        return [
            Expert(r.id, r.naam, r.departement, tuple(r.domeinen), r.email, r.nota_ruimte_adviseur, r.actief)
            for r in self.session.scalars(query)
        ]

    def add_expert(self, e: Expert) -> int:
        """Add a person to the directory."""
        row = ExpertRow(
            naam=e.naam,
            departement=e.departement,
            domeinen=list(e.domeinen),
            email=e.email,
            nota_ruimte_adviseur=e.nota_ruimte_adviseur,
            actief=e.actief,
        )
        self.session.add(row)
        self.session.flush()
        return row.id

    def sessions(self) -> list[Sessie]:
        """Sessions of ontwerpend onderzoek, newest first."""
        query = select(SessieRow).order_by(SessieRow.datum.desc(), SessieRow.id.desc())
        return [
            Sessie(
                r.id,
                r.soort,
                r.titel,
                r.datum,
                r.trekker,
                r.organisatie,
                r.hoofdonderwerp,
                tuple(r.velden),
                tuple(Bouwsteen(**b) for b in r.bouwstenen),
                tuple(r.vraagstukken),
            )
            for r in self.session.scalars(query)
        ]

    def add_session(self, s: Sessie) -> int:
        """Store a session."""
        row = SessieRow(
            soort=s.soort,
            titel=s.titel,
            datum=s.datum,
            trekker=s.trekker,
            organisatie=s.organisatie,
            hoofdonderwerp=s.hoofdonderwerp,
            velden=list(s.velden),
            bouwstenen=[asdict(b) for b in s.bouwstenen],
            vraagstukken=list(s.vraagstukken),
            aangemaakt_op=datetime.now(UTC),
        )
        self.session.add(row)
        self.session.flush()
        return row.id


__all__ = ["SqlMeetingRepository"]
