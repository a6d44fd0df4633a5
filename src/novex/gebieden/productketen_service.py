"""The chain of products of a NOVEX area: its dossier's phase, governance, products and uitvoeringsafspraken.

Seed 003 §4.2: huiswerkfase → concretiseringsfase (ontwikkelperspectief) → operationaliseringsfase
(uitvoeringsagenda with a regional investment agenda, four to ten years, laid down in a convenant) →
uitvoeringsfase (uitvoeringsafspraken), carried by a Rijk–regio duo, VRO coordinating; the agreements
"lopen, daar waar mogelijk, samen op met de ruimtelijke arrangementen" — an agreement names the RA
agreements it lands in (``PV26/A1``), which gives part 3 of the RA its content (`bijdrage_deel3`,
`afspraken_voor_ra`).

Every use case checks its right first; every write is validated (Dutch errors naming the field),
made on the version read (stale: `novex.errors.stale`, 409 at the edge), recorded as one audit event
in the same unit of work, and stores all or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from novex.access import Actor, Role, require
from novex.arrangement.model import ONDERDELEN
from novex.audit import AuditLog, event
from novex.catalog.loader import Catalogus
from novex.catalog.model import NovexGebied
from novex.errors import Forbidden, InvalidInput, NotFound, StateConflict, stale, text_problems
from novex.gebieden.actions import READ_GEBIEDEN
from novex.gebieden.dossier import (
    PRODUCTSOORTEN,
    BijdrageDeel3,
    Convenant,
    Dossier,
    Gebiedsdossier,
    Governance,
    Investeringsagenda,
    Ontwikkelperspectief,
    Product,
    Uitvoeringsafspraak,
    Uitvoeringsagenda,
)
from novex.gebieden.productketen import VASTGESTELD, Ministerie, Productketen, productketen
from novex.gebieden.productketen_actions import EDIT_DOSSIER
from novex.gebieden.productketen_ports import ProductketenRepository
from novex.monitor.model import AfspraakRef

SUBJECT = "novex-gebied"
"""The audit trail's object kind of an area (object id: its catalogue id), shared with its boundary's events."""
DEEL3 = 3
"""The RA part the areas contribute to: "Bijdrage vanuit de NOVEX-gebieden op basis van de ontwikkelperspectieven"."""
VERVALLEN = "vervallen"
"""A status that no longer counts: a lapsed agreement is left out of the contribution to RA part 3."""
MAX_NAAM = 300
MAX_VINDPLAATS = 500
MAX_TEKST = 5_000
MAX_ELEMENT = 20_000
MAX_REDEN = 2_000
MAX_RA = 20
MAX_AFSPRAKEN = 500
MAX_BEDRAG = Decimal(10) ** 16
EERSTE_JAAR, LAATSTE_JAAR = 2020, 2100
EERSTE_DATUM, LAATSTE_DATUM = date(2000, 1, 1), date(2100, 12, 31)
PROVINCIE = re.compile(r"PV\d{2}")
SLEUTEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,59}")
"""An RA agreement's stable key, as the arrangement writes it (`novex.arrangement.service.KEY`)."""


class ProductketenService:
    """Use cases of the areas' chain of products, on one unit of work."""

    def __init__(
        self,
        repo: ProductketenRepository,
        audit: AuditLog,
        cat: Catalogus,
        province_names: Mapping[str, str],
        keten: Productketen | None = None,
        today: Callable[[], date] = date.today,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.repo, self.audit, self.cat, self.province_names = repo, audit, cat, province_names
        self.keten = keten or productketen()
        self.today, self.now = today, now

    # -- reading ---------------------------------------------------------------------------------

    def productketen(self, actor: Actor) -> Productketen:
        """The phases, products, elements, topics and statuses (the statuses are a design choice)."""
        require(actor, READ_GEBIEDEN)
        return self.keten

    def dossier(self, actor: Actor, gebied_id: str) -> Dossier:
        """An area's dossier: phase, governance (prefilled from the catalogue until edited), products, agreements."""
        require(actor, READ_GEBIEDEN)
        gebied = self._gebied(gebied_id)
        stored = self.repo.dossier(gebied.id)
        producten = {p.soort: p for p in self.repo.producten(gebied.id)}
        return Dossier(
            gebied=gebied.id,
            naam=gebied.naam,
            provincies=tuple(gebied.provincies),
            fase=stored.fase if stored else None,
            fase_factsheet=gebied.fase,
            governance=self._governance(gebied, stored),
            producten={soort: producten.get(soort) or kind() for soort, kind in PRODUCTSOORTEN.items()},
            afspraken=tuple(self.repo.afspraken(gebied.id)),
            version=stored.version if stored else 0,
            mag_bijwerken=self.mag_bijwerken(actor, gebied.id),
        )

    def afspraken(self, actor: Actor, gebied_id: str) -> list[Uitvoeringsafspraak]:
        """The uitvoeringsafspraken of one area, oldest first."""
        require(actor, READ_GEBIEDEN)
        return self.repo.afspraken(self._gebied(gebied_id).id)

    def afspraak(self, actor: Actor, gebied_id: str, afspraak_id: int) -> Uitvoeringsafspraak:
        """One uitvoeringsafspraak of an area; NotFound in Dutch (also when it belongs to another area)."""
        require(actor, READ_GEBIEDEN)
        return self._afspraak(self._gebied(gebied_id), afspraak_id)

    def afspraken_voor_ra(self, actor: Actor, provincie: str) -> list[Uitvoeringsafspraak]:
        """The areas' agreements that name an agreement of this province's RA (the RA part-3 link), by area and id."""
        require(actor, READ_GEBIEDEN)
        code = (provincie or "").strip().upper()
        if code not in self.province_names:
            raise InvalidInput(f"provincie '{_kort(provincie)}' bestaat niet (gebruik de CBS-code, bijv. PV26)")
        order = {g.id: n for n, g in enumerate(self.cat.novex_gebieden)}
        found = [a for a in self.repo.afspraken() if any(r.provincie == code for r in a.ra_afspraken)]
        return sorted(found, key=lambda a: (order.get(a.gebied, len(order)), a.id))

    def bijdrage_deel3(self, actor: Actor, gebied_id: str) -> BijdrageDeel3:
        """What the area contributes to part 3 of the RA: its ontwikkelperspectief's state and its live agreements."""
        require(actor, READ_GEBIEDEN)
        gebied = self._gebied(gebied_id)
        stored = self.repo.dossier(gebied.id)
        perspectief = next((p for p in self.repo.producten(gebied.id) if isinstance(p, Ontwikkelperspectief)),
                           Ontwikkelperspectief())  # fmt: skip
        return BijdrageDeel3(
            gebied.id, gebied.naam, tuple(gebied.provincies), DEEL3, ONDERDELEN[DEEL3], stored.fase if stored else None,
            perspectief, tuple(a for a in self.repo.afspraken(gebied.id) if a.status != VERVALLEN),
        )  # fmt: skip

    def mag_bijwerken(self, actor: Actor, gebied_id: str) -> bool:
        """Whether the actor may edit this area's dossier (for the edges; the writes check it themselves)."""
        try:
            self._require_edit(actor, self._gebied(gebied_id))
        except Forbidden:
            return False
        return True

    def ministeries(self, gebied_id: str) -> tuple[Ministerie, ...]:
        """The ministries of the area's trekkend bewindspersoon (a design choice: from the seeds' function text)."""
        return self._ministeries(self._gebied(gebied_id))

    # -- the dossier: phase and governance -------------------------------------------------------

    def zet_fase(self, actor: Actor, gebied_id: str, fase: str | None, expected_version: int) -> Dossier:
        """Set the area's phase (one of the four of seed 003 §4.2; None: back to 'onbekend')."""
        gebied = self._require_edit(actor, self._gebied(gebied_id))
        fase = (fase or "").strip() or None
        if fase is not None and self.keten.fase(fase) is None:
            raise InvalidInput(f"fase '{_kort(fase)}' bestaat niet; kies een van {', '.join(self.keten.fase_codes)} "
                               "(seed 003 §4.2)")  # fmt: skip
        current = self._dossier_for_write(gebied, expected_version)
        changed = replace(current, fase=fase, gewijzigd_door=actor.email, gewijzigd_op=self.now())
        self._save_dossier(gebied, changed, expected_version)
        naam = self.keten.fase(fase).naam if fase else "onbekend"  # type: ignore[union-attr]
        self._record(actor, gebied, "fase", f"fase van NOVEX-gebied {gebied.naam}: {naam}",
                     {"fase": fase, "was": current.fase})  # fmt: skip
        return self.dossier(actor, gebied.id)

    def zet_governance(
        self, actor: Actor, gebied_id: str, duo_rijk: str, duo_regio: str, bestuurlijke_trekker: str,
        expected_version: int,
    ) -> Dossier:  # fmt: skip
        """Record the Rijk–regio duo and the regional bestuurlijke trekker (replacing the catalogue's prefill)."""
        gebied = self._require_edit(actor, self._gebied(gebied_id))
        values = {"duo_rijk": duo_rijk, "duo_regio": duo_regio, "bestuurlijke_trekker": bestuurlijke_trekker}
        problems = [p for name, v in values.items() for p in _regel(name, v, MAX_NAAM)]
        problems += [f"{name}: verplicht (seed 003 §4.2: een duo van een Rijk- en Regio vertegenwoordiger)"
                     for name in ("duo_rijk", "duo_regio") if not (values[name] or "").strip()]  # fmt: skip
        if problems:
            raise InvalidInput(f"governance van NOVEX-gebied {gebied.id}: " + "; ".join(problems))
        current = self._dossier_for_write(gebied, expected_version)
        changed = replace(current, duo_rijk=duo_rijk.strip(), duo_regio=duo_regio.strip(),
                          bestuurlijke_trekker=(bestuurlijke_trekker or "").strip(), gewijzigd_door=actor.email,
                          gewijzigd_op=self.now())  # fmt: skip
        self._save_dossier(gebied, changed, expected_version)
        self._record(actor, gebied, "governance", f"governance van NOVEX-gebied {gebied.naam} vastgelegd",
                     {"duo_rijk": changed.duo_rijk, "duo_regio": changed.duo_regio,
                      "bestuurlijke_trekker": changed.bestuurlijke_trekker})  # fmt: skip
        return self.dossier(actor, gebied.id)

    # -- products --------------------------------------------------------------------------------

    def zet_product(self, actor: Actor, gebied_id: str, product: Product, expected_version: int) -> Product:
        """Store one product of the area whole (replacing what was stored), on the version read (0: new)."""
        gebied = self._require_edit(actor, self._gebied(gebied_id))
        if type(product) not in PRODUCTSOORTEN.values():
            raise InvalidInput(f"productsoort: kies een van {', '.join(PRODUCTSOORTEN)}")
        product = self._check_product(gebied, product)
        current = next((p for p in self.repo.producten(gebied.id) if p.soort == product.soort), None)
        version = current.version if current else 0
        what = f"het {self._productnaam(product.soort).lower()} van NOVEX-gebied {gebied.id}"
        if expected_version != version:
            raise stale(what, version, expected_version)
        product = replace(product, gewijzigd_door=actor.email, gewijzigd_op=self.now())
        if not self.repo.bewaar_product(gebied.id, product, expected_version):
            latest = next((p for p in self.repo.producten(gebied.id) if p.soort == product.soort), None)
            raise stale(what, latest.version if latest else 0, expected_version)
        saved = next(p for p in self.repo.producten(gebied.id) if p.soort == product.soort)
        status = self._statusnaam(self.keten.product_statussen, saved.status)
        self._record(actor, gebied, "product",
                     f"{self._productnaam(saved.soort)} van NOVEX-gebied {gebied.naam}: {status}",
                     {"soort": saved.soort, "status": saved.status, "was": current.status if current else None,
                      "versie": saved.version})  # fmt: skip
        return saved

    # -- uitvoeringsafspraken --------------------------------------------------------------------

    def add_afspraak(
        self, actor: Actor, gebied_id: str, onderwerp: str, tekst: str, eigenaar: str = "", status: str | None = None,
        deadline: date | None = None, ra_afspraken: Sequence[str | AfspraakRef] = (),
    ) -> Uitvoeringsafspraak:  # fmt: skip
        """Record a new uitvoeringsafspraak of the area (status: the first of the list when not given)."""
        gebied = self._require_edit(actor, self._gebied(gebied_id))
        afspraak = self._check_afspraak(gebied, onderwerp, tekst, eigenaar, status, deadline, ra_afspraken)
        if len(self.repo.afspraken(gebied.id)) >= MAX_AFSPRAKEN:
            raise StateConflict(f"NOVEX-gebied {gebied.id} heeft al {MAX_AFSPRAKEN} uitvoeringsafspraken")
        afspraak = replace(afspraak, gewijzigd_door=actor.email, gewijzigd_op=self.now())
        afspraak_id = self.repo.add_afspraak(afspraak)
        saved = self.repo.afspraak(afspraak_id)
        assert saved is not None
        self._record_afspraak(actor, gebied, saved, "toegevoegd")
        return saved

    def update_afspraak(
        self, actor: Actor, gebied_id: str, afspraak_id: int, expected_version: int, onderwerp: str, tekst: str,
        eigenaar: str = "", status: str | None = None, deadline: date | None = None,
        ra_afspraken: Sequence[str | AfspraakRef] = (),
    ) -> Uitvoeringsafspraak:  # fmt: skip
        """Replace an uitvoeringsafspraak's fields, on the version read."""
        gebied = self._require_edit(actor, self._gebied(gebied_id))
        current = self._afspraak(gebied, afspraak_id)
        checked = self._check_afspraak(gebied, onderwerp, tekst, eigenaar, status or current.status, deadline,
                                       ra_afspraken)  # fmt: skip
        what = f"uitvoeringsafspraak {afspraak_id} van NOVEX-gebied {gebied.id}"
        if current.version != expected_version:
            raise stale(what, current.version, expected_version)
        changed = replace(checked, id=current.id, version=current.version, gewijzigd_door=actor.email,
                          gewijzigd_op=self.now())  # fmt: skip
        if not self.repo.bewaar_afspraak(changed, expected_version):
            latest = self.repo.afspraak(afspraak_id)
            raise stale(what, latest.version if latest else 0, expected_version)
        saved = self.repo.afspraak(afspraak_id)
        assert saved is not None
        self._record_afspraak(actor, gebied, saved, "gewijzigd", was=current)
        return saved

    def verwijder_afspraak(
        self, actor: Actor, gebied_id: str, afspraak_id: int, expected_version: int, reden: str
    ) -> Uitvoeringsafspraak:
        """Delete a wrong uitvoeringsafspraak, with a reason; the audit trail keeps its values."""
        gebied = self._require_edit(actor, self._gebied(gebied_id))
        current = self._afspraak(gebied, afspraak_id)
        problems = text_problems("reden", reden, MAX_REDEN)
        if not (reden or "").strip():
            problems.append("reden: verplicht, leg uit waarom de afspraak weg moet")
        if problems:
            raise InvalidInput("; ".join(problems))
        what = f"uitvoeringsafspraak {afspraak_id} van NOVEX-gebied {gebied.id}"
        if current.version != expected_version:
            raise stale(what, current.version, expected_version)
        if not self.repo.verwijder_afspraak(afspraak_id, expected_version):
            latest = self.repo.afspraak(afspraak_id)
            raise stale(what, latest.version if latest else 0, expected_version)
        self._record_afspraak(actor, gebied, current, "verwijderd", reden=reden.strip())
        return current

    # -- checks ----------------------------------------------------------------------------------

    def _gebied(self, gebied_id: str) -> NovexGebied:
        for gebied in self.cat.novex_gebieden:
            if gebied.id == gebied_id:
                return gebied
        known = ", ".join(g.id for g in self.cat.novex_gebieden)
        raise NotFound(f"NOVEX-gebied '{_kort(gebied_id)}' bestaat niet; bekend: {known}")

    def _require_edit(self, actor: Actor, gebied: NovexGebied) -> NovexGebied:
        """VRO; a province's planner for an area (partly) in its province; the trekkend bewindspersoon's ministry."""
        where = actor.provincie if actor.provincie in gebied.provincies else ", ".join(gebied.provincies)
        require(actor, EDIT_DOSSIER, where)
        if actor.role is Role.DEPARTEMENT and not actor.system:
            ministeries = self._ministeries(gebied)
            if not any(m.is_(actor.departement or "") for m in ministeries):
                trekt = ", ".join(m.code for m in ministeries) or "geen bekend ministerie"
                raise Forbidden(
                    f"{actor.email} werkt voor ministerie {_kort(actor.departement or '?')}; het dossier van "
                    f"NOVEX-gebied {gebied.naam} werkt het ministerie van de trekkende bewindspersoon bij ({trekt}), "
                    "of VRO"
                )
        return gebied

    def _ministeries(self, gebied: NovexGebied) -> tuple[Ministerie, ...]:
        teksten = [t.functie for t in gebied.trekkers if "bewindspersoon" in t.rol.casefold()]
        return self.keten.ministeries_van([*teksten, gebied.programma_2022.trekkend_bewindspersoon])

    def _governance(self, gebied: NovexGebied, stored: Gebiedsdossier | None) -> Governance:
        if stored is not None and stored.governance_vastgelegd:
            op = f" op {stored.gewijzigd_op:%d-%m-%Y}" if stored.gewijzigd_op else ""
            return Governance(stored.duo_rijk or "", stored.duo_regio or "", stored.bestuurlijke_trekker or "", False,
                              f"vastgelegd door {stored.gewijzigd_door}{op}")  # fmt: skip

        def line(woord: str) -> str:
            t = next((t for t in gebied.trekkers if woord in t.rol.casefold()), None)
            return ": ".join(part for part in (t.functie, t.naam) if part) if t else ""

        rijk = line("bewindspersoon") or gebied.programma_2022.trekkend_bewindspersoon
        regio = line("regio")
        bron = gebied.bron("trekkers") if gebied.trekkers else gebied.bron("programma_2022")
        return Governance(rijk, regio, regio, True, f"uit de catalogus: {bron}")

    def _dossier_for_write(self, gebied: NovexGebied, expected_version: int) -> Gebiedsdossier:
        current = self.repo.dossier(gebied.id) or Gebiedsdossier(gebied.id)
        if current.version != expected_version:
            raise stale(f"het dossier van NOVEX-gebied {gebied.id}", current.version, expected_version)
        return current

    def _save_dossier(self, gebied: NovexGebied, changed: Gebiedsdossier, expected_version: int) -> None:
        if not self.repo.bewaar_dossier(changed, expected_version):
            latest = self.repo.dossier(gebied.id)
            raise stale(f"het dossier van NOVEX-gebied {gebied.id}", latest.version if latest else 0, expected_version)

    def _afspraak(self, gebied: NovexGebied, afspraak_id: int) -> Uitvoeringsafspraak:
        found = self.repo.afspraak(afspraak_id) if 0 < afspraak_id < 2**31 else None
        if found is None or found.gebied != gebied.id:
            raise NotFound(f"uitvoeringsafspraak {afspraak_id} van NOVEX-gebied {gebied.id} bestaat niet")
        return found

    def _check_product(self, gebied: NovexGebied, product: Product) -> Product:
        """The product with its texts trimmed and its status defaulted; `InvalidInput` naming every bad field."""
        naam = self._productnaam(product.soort).lower()
        status = (product.status or "").strip() or self.keten.product_codes[0]
        problems = []
        if status not in self.keten.product_codes:
            problems.append(f"status '{_kort(status)}': kies een van {', '.join(self.keten.product_codes)}")
        problems += _regel("vindplaats", product.vindplaats, MAX_VINDPLAATS)
        product = replace(product, status=status, vindplaats=(product.vindplaats or "").strip())
        if isinstance(product, Ontwikkelperspectief):
            product, more = self._check_perspectief(product)
        elif isinstance(product, Uitvoeringsagenda):
            product, more = self._check_agenda(product)
        else:
            assert isinstance(product, Investeringsagenda)
            product, more = self._check_ria(product)
        problems += more
        if problems:
            raise InvalidInput(f"{naam} van NOVEX-gebied {gebied.id}: " + "; ".join(problems))
        return product

    def _check_perspectief(self, p: Ontwikkelperspectief) -> tuple[Ontwikkelperspectief, list[str]]:
        problems = []
        codes = self.keten.element_codes
        unknown = [k for k in p.elementen if k not in codes]
        problems += [f"elementen.{_kort(k)}: geen onderdeel van het ontwikkelperspectief; kies uit {', '.join(codes)}"
                     for k in unknown]  # fmt: skip
        problems += [x for k, v in p.elementen.items() if k in codes for x in _tekst(f"elementen.{k}", v, MAX_ELEMENT)]
        elementen = {k: v.strip() for k in codes if isinstance(v := p.elementen.get(k, ""), str) and v.strip()}
        if p.status == VASTGESTELD and p.datum_vastgesteld is None:
            problems.append("datum_vastgesteld: verplicht bij status vastgesteld")
        if p.datum_vastgesteld is not None:
            if p.status not in (VASTGESTELD, VERVALLEN):
                problems.append(f"datum_vastgesteld: alleen bij status {VASTGESTELD} (of {VERVALLEN})")
            if not date(EERSTE_JAAR, 1, 1) <= p.datum_vastgesteld <= self.today():
                problems.append(f"datum_vastgesteld {p.datum_vastgesteld.isoformat()}: ligt tussen "
                                f"{EERSTE_JAAR}-01-01 en vandaag")  # fmt: skip
        return replace(p, elementen=elementen), problems

    def _check_agenda(self, a: Uitvoeringsagenda) -> tuple[Uitvoeringsagenda, list[str]]:
        problems = []
        jaren = {"startjaar": a.startjaar, "eindjaar": a.eindjaar}
        for name, jaar in jaren.items():
            if jaar is not None and (isinstance(jaar, bool) or not isinstance(jaar, int)
                                     or not EERSTE_JAAR <= jaar <= LAATSTE_JAAR):  # fmt: skip
                problems.append(f"{name}: een jaartal van {EERSTE_JAAR} tot en met {LAATSTE_JAAR}")
        if (a.startjaar is None) != (a.eindjaar is None):
            problems.append("startjaar en eindjaar: geef beide, of geen van beide (de horizon van de agenda)")
        elif not problems and a.startjaar is not None and a.eindjaar is not None:
            h = self.keten.horizon
            jaren_ = a.eindjaar - a.startjaar
            if not h.min_jaren <= jaren_ <= h.max_jaren:
                problems.append(
                    f"eindjaar: de horizon van {a.startjaar} tot {a.eindjaar} is {jaren_} jaar; seed 003 §4.2 "
                    f"(Operationaliseringsfase) noemt de stip op de horizon \u201c{h.citaat.tekst}\u201d: "
                    f"{h.min_jaren} tot en met {h.max_jaren} jaar"
                )
        return a, problems

    def _check_ria(self, r: Investeringsagenda) -> tuple[Investeringsagenda, list[str]]:
        problems = []
        bedrag = r.bedrag
        if isinstance(bedrag, str):
            problems += _regel("bedrag", bedrag, MAX_NAAM)
            if not bedrag.strip():
                problems.append("bedrag: een lege tekst is geen bedrag (laat het bedrag weg, of schrijf bijv. 'PM')")
            bedrag = bedrag.strip()
        elif isinstance(bedrag, Decimal | int) and not isinstance(bedrag, bool):
            try:
                bedrag = Decimal(bedrag)
                ok = bedrag.is_finite() and Decimal(0) <= bedrag < MAX_BEDRAG
                cents = ok and bedrag == bedrag.quantize(Decimal("0.01"))
            except InvalidOperation:
                ok = cents = False
            if not ok:
                problems.append("bedrag: een bedrag in euro's van 0 tot 10^16")
            elif not cents:
                problems.append("bedrag: hoogstens twee decimalen (centen)")
            else:
                bedrag = abs(bedrag.quantize(Decimal("0.01")))  # abs: -0.00 is 0.00
        elif bedrag is not None:
            problems.append("bedrag: een bedrag in euro's of een tekst (bijv. 'PM')")
        c = r.convenant
        if c is not None:
            problems += _regel("convenant.naam", c.naam, MAX_NAAM) + _regel("convenant.vindplaats", c.vindplaats,
                                                                           MAX_VINDPLAATS)  # fmt: skip
            if not (c.naam or "").strip():
                problems.append("convenant.naam: verplicht (seed 003 §4.2: de investeringsagenda wordt vastgelegd "
                                "in een convenant)")  # fmt: skip
            if c.datum is not None and not date(EERSTE_JAAR, 1, 1) <= c.datum <= LAATSTE_DATUM:
                problems.append(f"convenant.datum {c.datum.isoformat()}: ligt tussen {EERSTE_JAAR}-01-01 en "
                                f"{LAATSTE_DATUM.isoformat()}")  # fmt: skip
            c = Convenant((c.naam or "").strip(), c.datum, (c.vindplaats or "").strip())
        return replace(r, bedrag=bedrag, convenant=c), problems

    def _check_afspraak(
        self, gebied: NovexGebied, onderwerp: str, tekst: str, eigenaar: str, status: str | None,
        deadline: date | None, ra_afspraken: Sequence[str | AfspraakRef],
    ) -> Uitvoeringsafspraak:  # fmt: skip
        problems = []
        onderwerp = (onderwerp or "").strip()
        if onderwerp not in self.keten.onderwerp_codes:
            problems.append(f"onderwerp '{_kort(onderwerp)}': kies een van {', '.join(self.keten.onderwerp_codes)} "
                            "(seed 003 §4.2)")  # fmt: skip
        problems += _tekst("tekst", tekst, MAX_TEKST)
        if not (tekst or "").strip():
            problems.append("tekst: verplicht, schrijf wat er is afgesproken")
        problems += _regel("eigenaar", eigenaar, MAX_NAAM)
        status = (status or "").strip() or self.keten.afspraak_codes[0]
        if status not in self.keten.afspraak_codes:
            problems.append(f"status '{_kort(status)}': kies een van {', '.join(self.keten.afspraak_codes)}")
        if deadline is not None and not EERSTE_DATUM <= deadline <= LAATSTE_DATUM:
            problems.append(f"deadline {deadline.isoformat()}: ligt tussen {EERSTE_DATUM.isoformat()} en "
                            f"{LAATSTE_DATUM.isoformat()}")  # fmt: skip
        refs, more = self._refs(gebied, ra_afspraken)
        problems += more
        if problems:
            raise InvalidInput(f"uitvoeringsafspraak van NOVEX-gebied {gebied.id}: " + "; ".join(problems))
        return Uitvoeringsafspraak(gebied.id, onderwerp, tekst.strip(), status, (eigenaar or "").strip(), deadline,
                                   refs)  # fmt: skip

    def _refs(
        self, gebied: NovexGebied, given: Sequence[str | AfspraakRef]
    ) -> tuple[tuple[AfspraakRef, ...], list[str]]:
        """RA agreements as PROVINCIE/SLEUTEL, each of one of the area's provinces, none twice."""
        problems: list[str] = []
        refs: list[AfspraakRef] = []
        if len(given) > MAX_RA:
            return (), [f"ra_afspraken: hoogstens {MAX_RA} afspraken van ruimtelijke arrangementen"]
        for n, item in enumerate(given, start=1):
            text = str(item).strip()
            provincie, slash, sleutel = text.partition("/")
            where = f"ra_afspraken[{n}] '{_kort(text)}'"
            provincie, sleutel = provincie.strip().upper(), sleutel.strip()
            if not slash or not PROVINCIE.fullmatch(provincie) or not SLEUTEL.fullmatch(sleutel):
                problems.append(f"{where}: schrijf PROVINCIE/SLEUTEL, bijvoorbeeld PV26/A1 (CBS-code van de "
                                "provincie, sleutel van de afspraak in het ruimtelijk arrangement)")  # fmt: skip
                continue
            if provincie not in self.province_names:
                problems.append(f"{where}: provincie {provincie} bestaat niet")
            elif provincie not in gebied.provincies:
                problems.append(f"{where}: NOVEX-gebied {gebied.naam} ligt niet in {provincie}; het ligt in "
                                f"{', '.join(gebied.provincies)}")  # fmt: skip
            ref = AfspraakRef(provincie, sleutel)
            if ref in refs:
                problems.append(f"{where}: staat er dubbel in")
            refs.append(ref)
        return tuple(refs), problems

    # -- audit -----------------------------------------------------------------------------------

    def _record(self, actor: Actor, gebied: NovexGebied, soort: str, summary: str, details: Mapping[str, Any],
                reden: str | None = None) -> None:  # fmt: skip
        provincie = gebied.provincies[0] if len(gebied.provincies) == 1 else actor.provincie
        self.audit.record([event(actor, f"{SUBJECT}.{soort}", (SUBJECT, gebied.id), summary, provincie=provincie,
                                 details=details, reden=reden)])  # fmt: skip

    def _record_afspraak(
        self, actor: Actor, gebied: NovexGebied, a: Uitvoeringsafspraak, wat: str,
        was: Uitvoeringsafspraak | None = None, reden: str | None = None,
    ) -> None:  # fmt: skip
        details: dict[str, Any] = {
            "afspraak": a.id, "onderwerp": a.onderwerp, "tekst": a.tekst, "eigenaar": a.eigenaar, "status": a.status,
            "deadline": a.deadline.isoformat() if a.deadline else None,
            "ra_afspraken": [str(r) for r in a.ra_afspraken], "versie": a.version,
        }  # fmt: skip
        if was is not None and was.status != a.status:
            details["was"] = was.status
        soort = "afspraak-verwijderd" if wat == "verwijderd" else "afspraak"
        summary = (
            f"uitvoeringsafspraak {a.id} ({self._onderwerpnaam(a.onderwerp)}) van NOVEX-gebied {gebied.naam} {wat}"
        )
        self._record(actor, gebied, soort, summary, details, reden)

    def _productnaam(self, soort: str) -> str:
        found = self.keten.product(soort)
        return found.naam if found else soort

    def _onderwerpnaam(self, code: str) -> str:
        return next((o.naam for o in self.keten.onderwerpen if o.code == code), code)

    @staticmethod
    def _statusnaam(statussen: Sequence[Any], code: str | None) -> str:
        return next((s.naam for s in statussen if s.code == code), code or "geen status")


def _tekst(name: str, value: object, limit: int) -> list[str]:
    if value is not None and not isinstance(value, str):
        return [f"{name}: moet tekst zijn"]
    return text_problems(name, value, limit)


def _regel(name: str, value: object, limit: int) -> list[str]:
    """A one-line text: the checks of `_tekst`, and no line break."""
    problems = _tekst(name, value, limit)
    if not problems and isinstance(value, str) and ("\n" in value or "\r" in value):
        problems.append(f"{name}: één regel tekst, zonder regeleinde")
    return problems


def _kort(text: object) -> str:
    """User text for a message: at most 60 characters, control characters shown as escapes."""
    value = str(text)
    value = value if len(value) <= 60 else value[:60] + "…"
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in value)
