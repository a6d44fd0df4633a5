"""The embedded default's demo: one account per role (fresh passwords on each start) and the monitor's example RA."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from novex.access import Actor, Role
from novex.accounts.passwords import new_password
from novex.accounts.service import AccountService
from novex.arrangement.model import Acceptatie, Afspraak, Eigenaar, Mijlpaal

if TYPE_CHECKING:
    from novex.bootstrap import UnitOfWork

DEMO_ACCOUNTS = (
    ("demo-vro@novex.local", "vro", None, None),
    ("demo-utrecht@novex.local", "provincie", "PV26", None),
    ("demo-zuid-holland@novex.local", "provincie", "PV28", None),
    ("demo-departement@novex.local", "departement", None, "Ministerie van Klimaat en Groene Groei"),
    ("demo-lezer@novex.local", "lezer", None, None),
    ("demo-beheerder@novex.local", "beheerder", None, None),
)


@dataclass(frozen=True)
class DemoLogin:
    """A demo account and its password for this run."""

    email: str
    role: str
    scope: str
    password: str


def ensure_demo_accounts(service: AccountService) -> list[DemoLogin]:
    """Create (or reset) the demo accounts and return their logins."""
    logins = []
    for email, role, provincie, departement in DEMO_ACCOUNTS:
        password = new_password()
        service.ensure_demo_user(Actor.operator(), email, role, password, provincie, departement)
        logins.append(DemoLogin(email, role, provincie or departement or "", password))
    return logins


# -- the monitor's demo: an adopted RA for Utrecht and Zuid-Holland, measurements, two yearly rounds -----------

DEMO_VRO = Actor(None, "demo-vro@novex.local", Role.VRO)
DEMO_PROVINCIES = {"PV26": Actor(None, "demo-utrecht@novex.local", Role.PROVINCIE, "PV26"),
                   "PV28": Actor(None, "demo-zuid-holland@novex.local", Role.PROVINCIE, "PV28")}  # fmt: skip
DEMO_MINISTERIE = "Ministerie van Klimaat en Groene Groei"
DEMO_DEPARTEMENT = Actor(None, "demo-departement@novex.local", Role.DEPARTEMENT, departement=DEMO_MINISTERIE)
VOORBEELD = "(illustratief)"
"""The mark of example data, as on the example voorstellen and vraagstukken."""
AFGESLOTEN_OP = date(2025, 12, 15)
"""The day the demo's 2025 round was closed: its snapshot shows the meter as it stood then."""
RA_JAAR = 2023
ONDERTEKEND_OP = date(2023, 6, 30)
DEMO_ONDERDEEL = (
    f"Voorbeeld {VOORBEELD}: de afspraken van Rijk en provincie over woningbouw, water en bodem, "
    "energie, natuur en bereikbaarheid, met indicatoren en mijlpalen zodat de monitor ze kan volgen."
)


@dataclass(frozen=True)
class DemoAfspraak:
    """One example agreement and its measurements (date, value, source)."""

    afspraak: Afspraak
    metingen: tuple[tuple[date, float, str], ...]


def _afspraak(sleutel: str, provincie: str, tekst: str, resultaat: str, indicator: str, eenheid: str, basis: float,
              doel: float, deadline: date, mijlpalen: tuple[tuple[str, date, float], ...], *, doelen: tuple[str, ...],
              gebied: str | None, eigenaar: Eigenaar, middelen: str, capaciteit: str) -> Afspraak:  # fmt: skip
    partijen = ("Ministerie van VRO", f"Provincie {_NAMEN[provincie]}")
    return Afspraak(
        sleutel=sleutel, tekst=f"{tekst} {VOORBEELD}", onderdeel=1, partijen=partijen, eigenaren=(eigenaar,),
        doelen=doelen, novex_gebied=gebied, resultaat=resultaat, indicator=indicator, eenheid=eenheid,
        basiswaarde=basis, streefwaarde=doel, acceptaties=tuple(Acceptatie(p) for p in partijen), middelen=middelen,
        capaciteit=capaciteit, deadline=deadline, mijlpalen=tuple(Mijlpaal(o, d, w) for o, d, w in mijlpalen),
    )  # fmt: skip


_NAMEN = {"PV26": "Utrecht", "PV28": "Zuid-Holland"}
_CBS = "CBS Statline, woningvoorraad (voorbeeld)"
_WATERSCHAP = "Waterschap De Stichtse Rijnlanden (voorbeeld)"
_KLIMAATMONITOR = "Klimaatmonitor (voorbeeld)"
_EMISSIES = "Emissieregistratie (voorbeeld)"
# fmt: off
DEMO_AFSPRAKEN: dict[str, tuple[DemoAfspraak, ...]] = {
    "PV26": (
        DemoAfspraak(_afspraak(
            "A1", "PV26", "Rijk en provincie realiseren samen 12.000 woningen in de regio Utrecht – Amersfoort.",
            "12.000 woningen opgeleverd in de NOVEX-regio Utrecht – Amersfoort", "opgeleverde woningen", "woningen",
            0, 12_000, date(2030, 12, 31),
            (("eerste 2.000 woningen", date(2025, 12, 31), 2_000), ("4.500 woningen", date(2026, 9, 30), 4_500),
             ("7.000 woningen", date(2027, 12, 31), 7_000), ("10.000 woningen", date(2029, 6, 30), 10_000)),
            doelen=("provincie-pv26-woningbouw-2030",), gebied="novex-utrecht-amersfoort",
            eigenaar=Eigenaar("provincie", "Utrecht"), middelen="Woningbouwimpuls en provinciale grondposities",
            capaciteit="Versnellingsteam woningbouw van provincie en Rijk (4 fte)"),
            ((date(2025, 3, 31), 800, _CBS), (date(2025, 6, 30), 1_400, _CBS), (date(2025, 9, 30), 2_100, _CBS),
             (date(2026, 3, 31), 3_300, _CBS), (date(2026, 6, 30), 4_100, _CBS), (date(2026, 9, 30), 4_700, _CBS))),
        DemoAfspraak(_afspraak(
            "A2", "PV26", "Minder bodemdaling in de veenweiden van het Groene Hart door een hoger waterpeil.",
            "1.500 hectare veenweide met verhoogd zomerpeil in het Utrechtse deel van het Groene Hart",
            "hectare veenweide met verhoogd waterpeil", "ha", 0, 1_500, date(2030, 12, 31),
            (("400 ha", date(2026, 6, 30), 400), ("900 ha", date(2028, 12, 31), 900)),
            doelen=("water-bodem-sturend-gebied-laagveengebieden",), gebied="novex-groene-hart",
            eigenaar=Eigenaar("provincie", "Utrecht"), middelen="Gebiedsprogramma NPLG en veenweidegelden",
            capaciteit="Gebiedsregisseurs van provincie en waterschappen (3 fte)"),
            ((date(2025, 6, 30), 120, _WATERSCHAP), (date(2025, 11, 30), 180, _WATERSCHAP),
             (date(2026, 10, 31), 310, _WATERSCHAP))),
        DemoAfspraak(_afspraak(
            "A3", "PV26", "Meer zonnepanelen op bedrijfsdaken in de RES-regio U16.",
            "250 megawatt zon op bedrijfsdaken opgesteld in de RES-regio U16", "opgesteld vermogen zon op dak", "MW",
            90, 250, date(2027, 12, 31), (("150 MW", date(2025, 12, 31), 150), ("200 MW", date(2026, 12, 31), 200)),
            doelen=("res-doel-35-twh-grootschalig-op-land-2030",), gebied=None,
            eigenaar=Eigenaar("provincie", "Utrecht"), middelen="SDE++ en provinciale subsidie zon op dak",
            capaciteit="RES-programmabureau U16 (2 fte)"),
            ((date(2025, 6, 30), 130, _KLIMAATMONITOR), (date(2025, 10, 31), 152, _KLIMAATMONITOR),
             (date(2026, 6, 30), 212, _KLIMAATMONITOR), (date(2026, 10, 31), 255, _KLIMAATMONITOR))),
        DemoAfspraak(_afspraak(
            "A4", "PV26", "Het Natuurnetwerk Nederland in de Gelderse Vallei wordt ingericht.",
            "180 hectare nieuwe natuur van het Natuurnetwerk Nederland ingericht in de Gelderse Vallei",
            "ingerichte hectare NNN", "ha", 0, 180, date(2027, 12, 31),
            (("40 ha", date(2025, 6, 30), 40), ("120 ha", date(2027, 6, 30), 120)),
            doelen=("landelijk-gebied-doel-nnn-40571-ha-2027",), gebied=None,
            eigenaar=Eigenaar("provincie", "Utrecht"), middelen="Natuurpact en grondbank van de provincie",
            capaciteit="Team natuurontwikkeling provincie (2 fte)"),
            ((date(2025, 5, 31), 45, "Natuurbeheerplan provincie Utrecht (voorbeeld)"),)),
        DemoAfspraak(_afspraak(
            "A5", "PV26", "De tram naar Nieuwegein-Zuid en IJsselstein rijdt tien keer per uur.",
            "Tien trams per uur per richting tussen Utrecht Centraal en IJsselstein", "trams per uur per richting",
            "trams per uur", 6, 10, date(2029, 12, 31), (("dienstregeling 8 per uur", date(2028, 6, 30), 8),),
            doelen=("mobiliteit-doel-bereikbaar-leefbaar-veilig",), gebied="novex-utrecht-amersfoort",
            eigenaar=Eigenaar("provincie", "Utrecht"), middelen="Mobiliteitsfonds en provinciale OV-middelen",
            capaciteit="Regiotram Utrecht (projectorganisatie)"), ()),
    ),
    "PV28": (
        DemoAfspraak(_afspraak(
            "B1", "PV28", "Woningbouw langs de Oude Lijn tussen Leiden en Dordrecht.",
            "30.000 woningen opgeleverd langs de Oude Lijn (deel van de 170.000 uit het verstedelijkingsakkoord)",
            "opgeleverde woningen", "woningen", 0, 30_000, date(2030, 12, 31),
            (("5.000 woningen", date(2025, 12, 31), 5_000), ("11.000 woningen", date(2026, 12, 31), 11_000),
             ("20.000 woningen", date(2028, 12, 31), 20_000)),
            doelen=("provincie-pv28-doel-oude-lijn-170000-woningen",), gebied="novex-zuidelijke-randstad",
            eigenaar=Eigenaar("provincie", "Zuid-Holland"), middelen="Woningbouwimpuls en Programma Move",
            capaciteit="Programmabureau Oude Lijn (5 fte)"),
            ((date(2025, 6, 30), 2_600, _CBS), (date(2025, 10, 31), 4_300, _CBS), (date(2026, 6, 30), 7_900, _CBS),
             (date(2026, 10, 31), 9_800, _CBS))),
        DemoAfspraak(_afspraak(
            "B2", "PV28", "De CO2-uitstoot van het industriecluster Rotterdam-Moerdijk daalt.",
            "CO2-uitstoot van het industriecluster Rotterdam-Moerdijk verlaagd van 20 naar 14 megaton per jaar",
            "CO2-uitstoot industriecluster", "Mton per jaar", 20, 14, date(2030, 12, 31),
            (("18 Mton", date(2026, 6, 30), 18), ("16 Mton", date(2028, 12, 31), 16)),
            doelen=("duurzame-industrie-gebied-rotterdam-moerdijk-20-25-procent",), gebied="novex-rotterdamse-haven",
            eigenaar=Eigenaar("ministerie", DEMO_MINISTERIE), middelen="PIDI en de Nationale Klimaatfondsen",
            capaciteit="Programma Verduurzaming Industrie (ministerie en Havenbedrijf)"),
            ((date(2025, 6, 30), 19.4, _EMISSIES), (date(2026, 6, 30), 17.6, _EMISSIES))),
        DemoAfspraak(_afspraak(
            "B3", "PV28", "Zoetwaterbuffer in de Krimpenerwaard voor droge zomers.",
            "Een zoetwaterbuffer van 2 miljoen kubieke meter aangelegd in de Krimpenerwaard",
            "aangelegde bufferberging", "m³", 0, 2_000_000, date(2029, 12, 31),
            (("ontwerp en eerste 500.000 m³", date(2027, 12, 31), 500_000),),
            doelen=("nationaal-waterprogramma-gebied-klimaatadaptatie-zoetwater",), gebied="novex-groene-hart",
            eigenaar=Eigenaar("provincie", "Zuid-Holland"), middelen="Deltafonds zoetwater",
            capaciteit="Hoogheemraadschap van Schieland en de Krimpenerwaard"),
            ((date(2025, 9, 30), 60_000, "Hoogheemraadschap (voorbeeld)"),)),
    ),
}
# fmt: on
"""The example agreements: measured so that the meter shows every status at the end of 2026."""

DEMO_KNOPEN = {"PV28": ("Ruimte voor energieopslag bij de aanlanding van wind op zee op de Maasvlakte: nog geen "
                        f"locatiekeuze {VOORBEELD}",)}  # fmt: skip
DEMO_STATUSSEN = (
    (DEMO_DEPARTEMENT, "PV28", "B2", "aandacht-nodig",
     "De mijlpaal van 2026 is gehaald, maar de CO2-opslag onder de Noordzee loopt een jaar vertraging op; zonder "
     "opslag haalt het cluster de 16 megaton van 2028 niet (voorbeeld)."),
    (DEMO_PROVINCIES["PV28"], "PV28", "B3", "vervallen",
     "Opgegaan in het gebiedsprogramma Krimpenerwaard van het NPLG, dat de buffer als eigen maatregel uitvoert "
     "(voorbeeld)."),
)  # fmt: skip
DEMO_BEELD = {
    2025: "Voorbeeld: de woningbouw ligt op schema en de eerste mijlpalen zijn gehaald. De tafels melden dat de "
    "netcapaciteit de komende jaren de grootste onzekerheid is.",
    2026: "Voorbeeld (concept): de woningbouw en zon op dak gaan goed; het verhogen van het waterpeil in de "
    "veenweiden blijft achter bij de mijlpaal van juni. Nog aan te vullen na de provincietafel.",
}


def load_demo_monitor(uow: UnitOfWork) -> list[str]:
    """The monitor's demo for Utrecht and Zuid-Holland, when they have no RA yet; what was made, in Dutch.

    Through the services, by the demo accounts: per province the RA of the first generation (2023,
    signed, seed 003 §4.1 — the yearly versions adopted in a BOL start after the BOLs of September
    2026) with the example agreements, drafted, signed and adopted; measured over 2025; its round of
    2025 opened, written and closed with the clock set to 15 December 2025 (so the snapshot is the
    meter of that day); measured over 2026; statuses set by their owners; the round of 2026 left
    open. Example data, marked '(illustratief)'. A province that has any RA already is left alone,
    so a second run adds nothing.
    """
    from novex.arrangement.service import ArrangementService
    from novex.monitor.service import MonitorService

    arrangementen, monitor = uow.get(ArrangementService), uow.get(MonitorService)
    todo = [p for p in DEMO_AFSPRAKEN if not arrangementen.list(DEMO_VRO, p)]
    for provincie in todo:
        _adopt(arrangementen, provincie)
        _measure(monitor, provincie, 2025)
        _round(monitor, provincie, 2025, close=True)
        _measure(monitor, provincie, 2026)
    for actor, provincie, sleutel, status, motivering in DEMO_STATUSSEN:
        if provincie in todo:
            monitor.zet_status(actor, provincie, sleutel, status, motivering)
    for provincie in todo:
        _round(monitor, provincie, 2026, close=False)
    return [f"ruimtelijk arrangement {_NAMEN[p]} {RA_JAAR} {VOORBEELD} met metingen over 2025 en 2026 en twee "
            "monitorrondes" for p in todo]  # fmt: skip


def _adopt(service: Any, provincie: str) -> None:
    """Draft the province's first-generation RA with the demo agreements and knots, sign it and adopt it."""
    from novex.arrangement.model import Ondertekening, OpenKnoop

    planner = DEMO_PROVINCIES[provincie]
    ra = service.create(planner, provincie, RA_JAAR, "eerste")
    ra = service.set_onderdeel(planner, ra.id, 1, DEMO_ONDERDEEL, ra.version)
    for demo in DEMO_AFSPRAKEN[provincie]:
        ra, _ = service.add_afspraak(planner, ra.id, demo.afspraak, ra.version)
    if provincie in DEMO_KNOPEN:
        ra = service.set_knopen(planner, ra.id, [OpenKnoop(k) for k in DEMO_KNOPEN[provincie]], ra.version)
    signatories = ("minister voor VRO", f"Gedeputeerde Staten van {_NAMEN[provincie]}")
    ra = service.set_ondertekening(planner, ra.id, Ondertekening(ONDERTEKEND_OP, signatories), ra.version)
    service.move(planner, ra.id, "voorgelegd", f"Voorbeeld {VOORBEELD}")
    service.move(DEMO_VRO, ra.id, "vastgesteld", f"Voorbeeld: ondertekend {VOORBEELD}")


def _measure(service: Any, provincie: str, jaar: int) -> None:
    """The demo measurements of one year, entered by the province's demo account."""
    for demo in DEMO_AFSPRAKEN[provincie]:
        for datum, waarde, bron in demo.metingen:
            if datum.year == jaar:
                service.add_meting(DEMO_PROVINCIES[provincie], provincie, demo.afspraak.sleutel, waarde, datum, bron)


def _round(service: Any, provincie: str, jaar: int, close: bool) -> None:
    """The province's round of `jaar` with its picture; closed on 15 December 2025 (the clock set to that day)."""
    today, now = service.today, service.now
    if close:
        service.today = lambda: AFGESLOTEN_OP
        service.now = lambda: datetime(AFGESLOTEN_OP.year, AFGESLOTEN_OP.month, AFGESLOTEN_OP.day, 15, tzinfo=UTC)
    try:
        ronde = service.start_ronde(DEMO_VRO, provincie, jaar)
        ronde = service.update_ronde(DEMO_PROVINCIES[provincie], ronde.id, ronde.version, DEMO_BEELD[jaar])
        if close:
            service.sluit_ronde(DEMO_VRO, ronde.id, ronde.version)
    finally:
        service.today, service.now = today, now


# -- the NOVEX areas' demo: two dossiers in the chain of products of seed 003 §4.2 ------------------------------

DEMO_GROENE_HART = "novex-groene-hart"
DEMO_ZUIDELIJKE_RANDSTAD = "novex-zuidelijke-randstad"
DEMO_ELEMENTEN = {
    "hoofdopgave": "Voorbeeld: bodemdaling in het veenweidegebied remmen, met water, natuur en landbouw als "
    "meekoppelende opgaven.",
    "bijdrage-programmas": "Voorbeeld: bijdragen aan het landelijk gebied en aan de wateropgave, en aan de "
    "regionale doelen voor het Groene Hart.",
    "identiteit": "Voorbeeld: het open veenweidelandschap met zijn slagenlandschap als vertrekpunt.",
    "ruimtelijke-keuzes": "Voorbeeld: welke polders een hoger waterpeil krijgen en waar verstedelijking niet past.",
    "provinciale-puzzel": "Voorbeeld: hoe de keuzes in Utrecht, Zuid-Holland en Noord-Holland op elkaar aansluiten.",
    "doelstellingen": "Voorbeeld: een doel voor de daling van de bodem per polder, nog uit te werken.",
}
"""Short texts for the six elements of the Groene Hart's example ontwikkelperspectief, each marked as example."""


def load_demo_gebieden(uow: UnitOfWork) -> list[str]:
    """Two example dossiers of NOVEX areas, by the demo VRO account; what was made, in Dutch.

    The Groene Hart in the concretiseringsfase with a concept ontwikkelperspectief (its six elements
    short example texts) and one uitvoeringsafspraak on 'te behalen doelen' that names agreement A2
    of Utrecht's demo RA (the peat meadows of the Groene Hart) when that RA exists; the Zuidelijke
    Randstad in the uitvoeringsfase with an uitvoeringsagenda 2024–2030. Example data, marked
    '(illustratief)', not policy. An area whose dossier holds anything already is left alone, so a
    second run adds nothing.
    """
    from novex.arrangement.service import ArrangementService
    from novex.gebieden.dossier import Ontwikkelperspectief, Uitvoeringsagenda
    from novex.gebieden.productketen_service import ProductketenService

    service = uow.get(ProductketenService)
    made = []

    def untouched(gebied: str) -> bool:
        d = service.dossier(DEMO_VRO, gebied)
        return d.version == 0 and not d.afspraken and all(p.version == 0 for p in d.producten.values())

    if untouched(DEMO_GROENE_HART):
        service.zet_fase(DEMO_VRO, DEMO_GROENE_HART, "concretiseringsfase", 0)
        elementen = {code: f"{tekst} {VOORBEELD}" for code, tekst in DEMO_ELEMENTEN.items()}
        perspectief = Ontwikkelperspectief(status="concept", vindplaats=f"Voorbeeld {VOORBEELD}: nog geen document",
                                           elementen=elementen)  # fmt: skip
        service.zet_product(DEMO_VRO, DEMO_GROENE_HART, perspectief, 0)
        utrecht = [ra for ra in uow.get(ArrangementService).list(DEMO_VRO, "PV26") if ra.vervangen_door is None]
        refs = ["PV26/A2"] if any(a.sleutel == "A2" for ra in utrecht for a in ra.afspraken) else []
        service.add_afspraak(DEMO_VRO, DEMO_GROENE_HART, "doelen",
                             f"Voorbeeld {VOORBEELD}: Rijk en regio spreken per polder een doel af voor het remmen "
                             "van de bodemdaling.", "provincie Utrecht", "open", None, refs)  # fmt: skip
        made.append(f"dossier Groene Hart {VOORBEELD}: concretiseringsfase, concept-ontwikkelperspectief en één "
                    "uitvoeringsafspraak")  # fmt: skip
    if untouched(DEMO_ZUIDELIJKE_RANDSTAD):
        service.zet_fase(DEMO_VRO, DEMO_ZUIDELIJKE_RANDSTAD, "uitvoeringsfase", 0)
        agenda = Uitvoeringsagenda(status="concept", vindplaats=f"Voorbeeld {VOORBEELD}: nog geen document",
                                   startjaar=2024, eindjaar=2030)  # fmt: skip
        service.zet_product(DEMO_VRO, DEMO_ZUIDELIJKE_RANDSTAD, agenda, 0)
        made.append(f"dossier Zuidelijke Randstad {VOORBEELD}: uitvoeringsfase en uitvoeringsagenda 2024–2030")
    return made


DEMO_SCENARIO_VERPLAATSING = f"Woningbouw buiten de Natura 2000-zone {VOORBEELD}"
DEMO_SCENARIO_UITRUIL = f"Uitruil woningen Utrecht en Zuid-Holland {VOORBEELD}"
DEMO_UITRUIL = 1000.0  # homes from Utrecht's share to Zuid-Holland's
DEMO_DOEL_WONINGEN = "woningbouw-doel-900000-woningen-2030"


def load_demo_scenarios(uow: UnitOfWork) -> list[str]:
    """Two example scenarios; what was made, in Dutch. A second run adds nothing.

    Utrecht's demo planner moves the housing claim of its example voorstel with the largest Natura 2000
    conflict to the nearest open land in the province (searched in steps of 500 m, clear of every
    restriction area); the demo VRO shifts 1.000 homes of the national goal from Utrecht's share to
    Zuid-Holland's. Example data, marked '(illustratief)', not policy.
    """
    import shapely
    from shapely import affinity

    from novex.claims.ports import ClaimFilter
    from novex.claims.restrictions import RestrictionService
    from novex.claims.service import ClaimService
    from novex.reference.provinces import province_index
    from novex.scenarios.model import Soort, Verschuiving, Wijziging
    from novex.scenarios.service import ScenarioService

    service, made = uow.get(ScenarioService), []
    existing = {s.naam for s in service.scenarios(DEMO_VRO)}
    utrecht = DEMO_PROVINCIES["PV26"]
    if DEMO_SCENARIO_VERPLAATSING not in existing:
        base = service.analyse(utrecht, None).report
        claims = {c.id: c for c in uow.get(ClaimService).list(utrecht, ClaimFilter(provincies=("PV26",)))}
        natura = [c.claims[0] for c in base.conflicts if (c.layer or "").startswith("Natura 2000")]
        housing = [claims[k] for k in natura if k in claims and claims[k].domein == "wonen"]
        areas = uow.get(RestrictionService).areas(utrecht, ["PV26"])
        blocked = shapely.union_all([a.geometry for a in areas]) if areas else None
        province = province_index().get("PV26").geometry
        if housing:
            claim = housing[0]
            steps = [(d * sx, d * sy) for d in range(500, 20_001, 500) for sx, sy in ((1, 0), (-1, 0), (0, 1), (0, -1))]
            clear = (
                (dx, dy) for dx, dy in steps
                if province.contains(moved := affinity.translate(claim.geometry, dx, dy))
                and (blocked is None or not moved.intersects(blocked))
            )  # fmt: skip
            offset = next(clear, None)
            if offset is not None:
                scenario = service.nieuw(utrecht, DEMO_SCENARIO_VERPLAATSING, omschrijving="Voorbeeldscenario van "
                                         "de demo-planner van Utrecht.")  # fmt: skip
                service.wijzig(utrecht, scenario.id, Wijziging(Soort.VERPLAATSEN, claim.id, dx=float(offset[0]),
                               dy=float(offset[1]), reden=f"Uit het Natura 2000-gebied {VOORBEELD}"))  # fmt: skip
                made.append(f"scenario '{scenario.naam}': claim {claim.id} '{claim.naam}' verplaatst over "
                            f"({offset[0]}, {offset[1]}) m")  # fmt: skip
    if DEMO_SCENARIO_UITRUIL not in existing:
        scenario = service.nieuw(DEMO_VRO, DEMO_SCENARIO_UITRUIL, omschrijving="Voorbeeld van een uitruil tussen "
                                 "provincies (seed 004 handreiking §2.4).", gedeeld=True)  # fmt: skip
        move = Verschuiving(DEMO_DOEL_WONINGEN, "PV26", "PV28", DEMO_UITRUIL)
        service.wijzig(DEMO_VRO, scenario.id, Wijziging(Soort.VERSCHUIVING, verschuiving=move,
                                                        reden=f"Uitruil {VOORBEELD}"))  # fmt: skip
        made.append(f"scenario '{scenario.naam}': 1.000 woningen van Utrecht naar Zuid-Holland")
    return made
