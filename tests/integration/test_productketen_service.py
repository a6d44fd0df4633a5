"""The chain of products of a NOVEX area on a real database (both backends): dossier, products, agreements.

Seed 003 §4.2: four phases, an ontwikkelperspectief, an uitvoeringsagenda over "vier tot tien jaar" with a
regional investment agenda in a convenant, uitvoeringsafspraken that land in the provinces' RAs. Which
provinces an area lies in comes from the catalogue: Groene Hart in PV26, PV27 and PV28; Utrecht –
Amersfoort in PV26 and PV25 (not in Zuid-Holland, PV28).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from novex import bootstrap
from novex.access import Actor, Role
from novex.audit import AuditFilter
from novex.errors import Forbidden, InvalidInput, NotFound, StateConflict
from novex.gebieden.dossier import Convenant, Investeringsagenda, Ontwikkelperspectief, Uitvoeringsagenda
from novex.monitor.model import AfspraakRef

VRO = Actor(1, "vro@minbzk.nl", Role.VRO)
ZUID_HOLLAND = Actor(2, "planner@pzh.nl", Role.PROVINCIE, provincie="PV28")
UTRECHT = Actor(3, "planner@provincie-utrecht.nl", Role.PROVINCIE, provincie="PV26")
GRONINGEN = Actor(4, "planner@provinciegroningen.nl", Role.PROVINCIE, provincie="PV20")
LNV = Actor(5, "expert@minlnv.nl", Role.DEPARTEMENT, departement="LNV")
EZK = Actor(6, "expert@minezk.nl", Role.DEPARTEMENT, departement="EZK")
BZK = Actor(7, "expert@minbzk.nl", Role.DEPARTEMENT, departement="BZK")
LEZER = Actor(8, "lezer@x.nl", Role.LEZER)
GH, UA = "novex-groene-hart", "novex-utrecht-amersfoort"
TODAY = date(2027, 8, 1)


def service(session):
    """The service as bootstrap wires it (built from the repository classes until bootstrap offers it)."""
    factory = getattr(bootstrap, "productketen_service", None)
    if factory is not None:
        made = factory(session)
    else:
        from novex.catalog.service import catalogus
        from novex.gebieden.productketen_service import ProductketenService
        from novex.reference.provinces import province_index
        from novex.store.audit_repo import SqlAuditLog
        from novex.store.productketen_repo import SqlProductketenRepository

        names = {p.code: p.naam for p in province_index().provinces}
        made = ProductketenService(SqlProductketenRepository(session), SqlAuditLog(session), catalogus(), names)
    made.today = lambda: TODAY
    return made


def events(db, prefix="novex-gebied."):
    with db.session() as session:
        return bootstrap.audit_service(session).log.events(AuditFilter(actie=prefix))


def snapshot(db, gebied):
    """Everything stored of an area's dossier, for 'nothing changed'."""
    with db.session() as session:
        d = service(session).dossier(LEZER, gebied)
        return d.version, d.fase, d.governance, dict(d.producten), d.afspraken


def test_a_new_dossier_has_no_phase_and_shows_the_catalogues_trekkers(db):
    with db.session() as session:
        d = service(session).dossier(LEZER, GH)
    assert (d.gebied, d.version, d.fase) == (GH, 0, None)
    assert d.provincies == ("PV26", "PV28", "PV27")
    assert d.fase_factsheet  # the factsheet's free text stays beside it, not derived into `fase`
    g = d.governance
    assert g.uit_catalogus and "Minister van LNV" in g.duo_rijk and "Bestuurlijke trekkers" in g.bron
    assert "gedeputeerde Zuid-Holland" in g.duo_regio and g.bestuurlijke_trekker == g.duo_regio
    assert list(d.producten) == ["ontwikkelperspectief", "uitvoeringsagenda", "regionale-investeringsagenda"]
    assert all(p.status is None and p.version == 0 for p in d.producten.values())
    assert d.afspraken == () and not d.mag_bijwerken
    with pytest.raises(NotFound, match="NOVEX-gebied 'novex-atlantis' bestaat niet"), db.session() as session:
        service(session).dossier(LEZER, "novex-atlantis")


def test_phase_and_governance_are_versioned_and_audited(db):
    with db.session() as session:
        d = service(session).zet_fase(VRO, GH, "concretiseringsfase", 0)
    assert (d.fase, d.version) == ("concretiseringsfase", 1)
    with pytest.raises(StateConflict, match="intussen gewijzigd") as stale, db.session() as session:
        service(session).zet_fase(VRO, GH, "uitvoeringsfase", 0)
    assert stale.value.current_version == 1
    with db.session() as session:
        d = service(session).zet_governance(VRO, GH, "Minister van LNV", "gedeputeerde Zuid-Holland", "Jan Trekker", 1)
    assert d.version == 2 and d.fase == "concretiseringsfase"
    assert (d.governance.duo_rijk, d.governance.bestuurlijke_trekker, d.governance.uit_catalogus) == (
        "Minister van LNV", "Jan Trekker", False)  # fmt: skip
    assert "vro@minbzk.nl" in d.governance.bron
    with db.session() as session:
        d = service(session).zet_fase(VRO, GH, None, 2)
    assert d.fase is None and d.governance.bestuurlijke_trekker == "Jan Trekker"
    found = events(db)
    assert [e.actie for e in found] == ["novex-gebied.fase", "novex-gebied.governance", "novex-gebied.fase"]
    assert {(e.object_type, e.object_id, e.actor) for e in found} == {("novex-gebied", GH, "vro@minbzk.nl")}
    assert found[2].details == {"fase": "concretiseringsfase", "was": None}
    assert found[0].details == {"fase": None, "was": "concretiseringsfase"}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda s: s.zet_fase(VRO, GH, "afrondingsfase", 0),
            "fase 'afrondingsfase' bestaat niet; kies een van huiswerkfase",
        ),
        (lambda s: s.zet_governance(VRO, GH, "", "regio", "", 0), "duo_rijk: verplicht"),
        (lambda s: s.zet_governance(VRO, GH, "rijk", "re\ngio", "", 0), "duo_regio: één regel tekst"),
        (lambda s: s.zet_governance(VRO, GH, "rijk", "regio", "x" * 301, 0), "bestuurlijke_trekker: hoogstens 300"),
    ],
)
def test_bad_dossier_writes_are_refused_in_dutch_naming_the_field(db, call, message):
    before = snapshot(db, GH)
    with pytest.raises(InvalidInput, match=message), db.session() as session:
        call(service(session))
    assert snapshot(db, GH) == before and events(db) == []


def test_the_ontwikkelperspectief_with_its_six_elements(db):
    elementen = {"hoofdopgave": "Bodemdaling en veenweide", "doelstellingen": "Minder CO2 uit veen"}
    with db.session() as session:
        s = service(session)
        saved = s.zet_product(VRO, GH, Ontwikkelperspectief(status="concept", elementen=elementen), 0)
        assert (saved.status, saved.version, dict(saved.elementen)) == ("concept", 1, elementen)
        adopted = Ontwikkelperspectief(status="vastgesteld", datum_vastgesteld=date(2023, 7, 1),
                                       vindplaats="Ontwikkelperspectief Groene Hart 2023", elementen=elementen)  # fmt: skip
        saved = s.zet_product(ZUID_HOLLAND, GH, adopted, 1)
    assert (saved.status, saved.datum_vastgesteld, saved.version) == ("vastgesteld", date(2023, 7, 1), 2)
    with db.session() as session:
        d = service(session).dossier(LEZER, GH)
    assert d.producten["ontwikkelperspectief"] == saved
    found = events(db)
    assert [(e.actie, e.details["status"], e.details["was"]) for e in reversed(found)] == [
        ("novex-gebied.product", "concept", None), ("novex-gebied.product", "vastgesteld", "concept")]  # fmt: skip
    assert found[0].actor == "planner@pzh.nl"


@pytest.mark.parametrize(
    ("product", "message"),
    [
        (Ontwikkelperspectief(status="vastgesteld"), "datum_vastgesteld: verplicht bij status vastgesteld"),
        (Ontwikkelperspectief(status="concept", datum_vastgesteld=date(2023, 1, 1)), "datum_vastgesteld: alleen bij"),
        (
            Ontwikkelperspectief(status="vastgesteld", datum_vastgesteld=date(2027, 8, 2)),
            "ligt tussen 2020-01-01 en vandaag",
        ),
        (
            Ontwikkelperspectief(elementen={"visie": "x"}),
            r"elementen\.visie: geen onderdeel van het ontwikkelperspectief",
        ),
        (
            Ontwikkelperspectief(status="klaar"),
            "status 'klaar': kies een van concept, in-voorbereiding, vastgesteld, vervallen",
        ),
        (Uitvoeringsagenda(startjaar=2024, eindjaar=2027), "de horizon van 2024 tot 2027 is 3 jaar; seed 003 §4.2"),
        (Uitvoeringsagenda(startjaar=2024, eindjaar=2035), "is 11 jaar; seed 003 §4.2 .*vier tot tien jaar"),
        (Uitvoeringsagenda(startjaar=2024), "startjaar en eindjaar: geef beide"),
        (Uitvoeringsagenda(startjaar=1999, eindjaar=2005), "startjaar: een jaartal van 2020"),
        (Investeringsagenda(bedrag=Decimal("10.005")), "bedrag: hoogstens twee decimalen"),
        (Investeringsagenda(bedrag=Decimal("-1")), "bedrag: een bedrag in euro's van 0 tot 10"),
        (Investeringsagenda(bedrag=Decimal("NaN")), "bedrag: een bedrag in euro's van 0 tot 10"),
        (Investeringsagenda(convenant=Convenant("")), "convenant.naam: verplicht"),
    ],
)
def test_bad_products_are_refused_naming_the_field(db, product, message):
    with pytest.raises(InvalidInput, match=message), db.session() as session:
        service(session).zet_product(VRO, GH, product, 0)
    assert events(db) == []


def test_the_agenda_horizon_is_four_to_ten_years_and_the_ria_amount_exact(db):
    with db.session() as session:
        s = service(session)
        four = s.zet_product(VRO, GH, Uitvoeringsagenda(status="in-voorbereiding", startjaar=2024, eindjaar=2028), 0)
        ten = s.zet_product(VRO, GH, Uitvoeringsagenda(startjaar=2024, eindjaar=2034), 1)
        assert (four.eindjaar, ten.eindjaar, ten.status, ten.version) == (2028, 2034, "concept", 2)
        ria = Investeringsagenda(status="vastgesteld", bedrag=Decimal("1234567890123.45"),
                                 convenant=Convenant("Convenant RIA Groene Hart", date(2025, 3, 1), "Stcrt. 2025, 1"))  # fmt: skip
        s.zet_product(VRO, GH, ria, 0)
    with db.session() as session:
        stored = service(session).dossier(LEZER, GH).producten["regionale-investeringsagenda"]
    assert stored.bedrag == Decimal("1234567890123.45") and isinstance(stored.bedrag, Decimal)
    assert stored.convenant == Convenant("Convenant RIA Groene Hart", date(2025, 3, 1), "Stcrt. 2025, 1")
    with db.session() as session:
        pm = service(session).zet_product(VRO, GH, Investeringsagenda(bedrag="PM, volgt in 2026"), 1)
    assert pm.bedrag == "PM, volgt in 2026" and pm.convenant is None
    with pytest.raises(StateConflict) as stale, db.session() as session:
        service(session).zet_product(VRO, GH, Investeringsagenda(), 1)
    assert stale.value.current_version == 2


def test_uitvoeringsafspraken_land_in_the_ras_of_the_areas_provinces(db):
    with db.session() as session:
        s = service(session)
        a = s.add_afspraak(ZUID_HOLLAND, GH, "financiering", "Rijk en regio leggen 40 mln in voor veenweide",
                           "LNV en provincie Zuid-Holland", deadline=date(2028, 12, 31),
                           ra_afspraken=["pv28/A1", "PV26/veen.2"])  # fmt: skip
        assert (a.status, a.version, a.ra_afspraken) == (
            "open",
            1,
            (AfspraakRef("PV28", "A1"), AfspraakRef("PV26", "veen.2")),
        )
        b = s.add_afspraak(VRO, GH, "doelen", "Bodemdaling halveren in 2030", status="in-uitvoering")
        c = s.add_afspraak(VRO, UA, "instrumenten", "Inzet ontwikkeleenheid", ra_afspraken=["PV26/U7"])
    with db.session() as session:
        s = service(session)
        changed = s.update_afspraak(VRO, GH, a.id, 1, "financiering", a.tekst, a.eigenaar, "in-uitvoering",
                                    a.deadline, ["PV28/A1"])  # fmt: skip
        assert (changed.status, changed.version, changed.ra_afspraken) == (
            "in-uitvoering",
            2,
            (AfspraakRef("PV28", "A1"),),
        )
        assert [x.id for x in s.afspraken_voor_ra(LEZER, "PV28")] == [a.id]
        assert [x.id for x in s.afspraken_voor_ra(LEZER, "pv26")] == [c.id]  # Groene Hart no longer names PV26
        assert s.afspraken_voor_ra(LEZER, "PV20") == []
        bijdrage = s.bijdrage_deel3(LEZER, GH)
    assert bijdrage.onderdeel == 3 and bijdrage.onderdeel_titel.startswith("Bijdrage vanuit de NOVEX-gebieden")
    assert [x.id for x in bijdrage.afspraken] == [a.id, b.id] and bijdrage.ontwikkelperspectief.status is None
    with pytest.raises(StateConflict) as stale, db.session() as session:
        service(session).update_afspraak(VRO, GH, a.id, 1, "financiering", "oud", status="afgerond")
    assert stale.value.current_version == 2
    elsewhere = f"uitvoeringsafspraak {c.id} van NOVEX-gebied {GH} bestaat niet"
    with pytest.raises(NotFound, match=elsewhere), db.session() as session:
        service(session).update_afspraak(VRO, GH, c.id, 1, "doelen", "in het verkeerde gebied")
    with db.session() as session:
        s = service(session)
        s.update_afspraak(VRO, GH, b.id, 1, "doelen", b.tekst, status="vervallen")
        assert [x.id for x in s.bijdrage_deel3(LEZER, GH).afspraken] == [a.id]  # a lapsed one contributes nothing
        s.verwijder_afspraak(VRO, GH, b.id, 2, "dubbel ingevoerd")
        assert [x.id for x in s.afspraken(LEZER, GH)] == [a.id]
    removed = events(db, "novex-gebied.afspraak-verwijderd")
    assert len(removed) == 1 and removed[0].reden == "dubbel ingevoerd" and removed[0].details["tekst"] == b.tekst
    assert len(events(db, "novex-gebied.afspraak")) == 6  # 3 added, 2 changed, 1 removed


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"onderwerp": "geld"}, "onderwerp 'geld': kies een van doelen, voorkeursvolgordes"),
        ({"tekst": "  "}, "tekst: verplicht"),
        ({"status": "klaar"}, "status 'klaar': kies een van open, in-uitvoering, afgerond, vervallen"),
        (
            {"ra_afspraken": ["PV28-A1"]},
            r"ra_afspraken\[1\] 'PV28-A1': schrijf PROVINCIE/SLEUTEL, bijvoorbeeld PV26/A1",
        ),
        ({"ra_afspraken": ["PV28/A 1"]}, r"ra_afspraken\[1\] 'PV28/A 1': schrijf PROVINCIE/SLEUTEL"),
        (
            {"ra_afspraken": ["PV30/A1"]},
            r"ra_afspraken\[1\] 'PV30/A1': NOVEX-gebied Groene Hart ligt niet in PV30; het ligt in PV26, PV28, PV27",
        ),
        ({"ra_afspraken": ["PV99/A1"]}, "provincie PV99 bestaat niet"),
        ({"ra_afspraken": ["PV28/A1", "pv28/A1"]}, r"ra_afspraken\[2\] 'pv28/A1': staat er dubbel in"),
        ({"ra_afspraken": [f"PV28/A{n}" for n in range(21)]}, "hoogstens 20 afspraken"),
        ({"deadline": date(1999, 12, 31)}, "deadline 1999-12-31: ligt tussen 2000-01-01"),
        ({"eigenaar": "x\x07"}, "eigenaar: bevat een stuurteken"),
    ],
)
def test_bad_uitvoeringsafspraken_are_refused_naming_the_field(db, kwargs, message):
    args = {"onderwerp": "doelen", "tekst": "Doel"} | kwargs
    with pytest.raises(InvalidInput, match=message), db.session() as session:
        service(session).add_afspraak(VRO, GH, **args)
    assert snapshot(db, GH)[4] == () and events(db) == []


def test_who_may_edit_an_areas_dossier(db):
    with db.session() as session:
        s = service(session)
        assert s.mag_bijwerken(ZUID_HOLLAND, GH) and s.mag_bijwerken(UTRECHT, GH) and s.mag_bijwerken(UTRECHT, UA)
        assert not s.mag_bijwerken(ZUID_HOLLAND, UA) and not s.mag_bijwerken(GRONINGEN, GH)
        assert s.mag_bijwerken(LNV, GH) and not s.mag_bijwerken(EZK, GH) and s.mag_bijwerken(BZK, UA)
        assert not s.mag_bijwerken(LEZER, GH) and s.mag_bijwerken(VRO, UA)
        assert s.dossier(ZUID_HOLLAND, GH).mag_bijwerken and not s.dossier(ZUID_HOLLAND, UA).mag_bijwerken
        assert [m.code for m in s.ministeries(GH)] == ["LNV"] and [m.code for m in s.ministeries(UA)] == ["BZK"]
        # Zuid-Holland's planner edits Groene Hart (it lies partly in PV28) ...
        s.zet_fase(ZUID_HOLLAND, GH, "huiswerkfase", 0)
        s.zet_fase(LNV, GH, "concretiseringsfase", 1)
    before_ua, before_gh, audit = snapshot(db, UA), snapshot(db, GH), len(events(db))
    refusals = [
        (ZUID_HOLLAND, UA, "werkt voor provincie PV28 en mag alleen dossiers bijwerken van NOVEX-gebieden die "
                           r"\(deels\) in de eigen provincie liggen; dit gebied ligt in PV26, PV25"),
        (GRONINGEN, GH, "dit gebied ligt in PV26, PV28, PV27"),
        (EZK, GH, "werkt voor ministerie EZK; het dossier van NOVEX-gebied Groene Hart werkt het ministerie van de "
                  r"trekkende bewindspersoon bij \(LNV\)"),
        (LEZER, GH, "de rol 'lezer' mag niet: het dossier van een NOVEX-gebied bijwerken"),
    ]  # fmt: skip
    writes = [
        lambda s, who, g: s.zet_fase(who, g, "uitvoeringsfase", snapshot(db, g)[0]),
        lambda s, who, g: s.zet_governance(who, g, "rijk", "regio", "trekker", snapshot(db, g)[0]),
        lambda s, who, g: s.zet_product(who, g, Ontwikkelperspectief(), 0),
        lambda s, who, g: s.add_afspraak(who, g, "doelen", "Doel"),
    ]
    for who, gebied, message in refusals:
        for write in writes:
            with pytest.raises(Forbidden, match=message), db.session() as session:
                write(service(session), who, gebied)
    # ... and after every refusal nothing changed
    assert snapshot(db, UA) == before_ua and snapshot(db, GH) == before_gh and len(events(db)) == audit


def test_an_agreement_of_another_area_cannot_be_reached_through_an_area_one_may_edit(db):
    with db.session() as session:
        ua = service(session).add_afspraak(VRO, UA, "doelen", "Woningbouw langs de A12")
    for call in (
        lambda s: s.update_afspraak(ZUID_HOLLAND, GH, ua.id, 1, "doelen", "gekaapt"),
        lambda s: s.verwijder_afspraak(ZUID_HOLLAND, GH, ua.id, 1, "weg ermee"),
        lambda s: s.afspraak(ZUID_HOLLAND, GH, ua.id),
    ):
        with pytest.raises(NotFound), db.session() as session:
            call(service(session))
    with db.session() as session:
        assert service(session).afspraak(LEZER, UA, ua.id).tekst == "Woningbouw langs de A12"
