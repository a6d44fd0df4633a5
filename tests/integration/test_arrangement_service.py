"""The Ruimtelijk Arrangement on a real database: drafted from BOL decisions, SMART-mended, adopted, copied, compared."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from novex import bootstrap
from novex.access import Actor, Role
from novex.arrangement.inclusie import INCLUSIECRITERIA, Inclusie, Inclusiecriterium
from novex.arrangement.model import Acceptatie, Eigenaar, Investeringsafspraak, Mijlpaal
from novex.audit import AuditFilter
from novex.errors import Forbidden, InvalidInput, StateConflict, TransitionRefused
from novex.reference.provinces import landsdelen
from tests.fixtures.vraagstukken import VRO, decided_in_bol

UTRECHT = Actor(7, "planner@utrecht.nl", Role.PROVINCIE, provincie="PV26")
ZUID_HOLLAND = Actor(8, "planner@pzh.nl", Role.PROVINCIE, provincie="PV28")
EZK = Actor(9, "expert@minezk.nl", Role.DEPARTEMENT, departement="EZK")
ALL_MET = tuple(Inclusiecriterium(n, True, f"voldaan: {n}") for n in INCLUSIECRITERIA)


def smart(a, partijen=("VRO", "Utrecht")):
    """`a` with every SMART field filled (independently of the check: by the handreiking's five letters)."""
    return replace(
        a,
        partijen=partijen,
        eigenaren=(Eigenaar("provincie", "PV26"),),
        resultaat="4.000 woningen opgeleverd in de A12-zone bij Woerden",
        indicator="opgeleverde woningen",
        eenheid="woningen",
        basiswaarde=0,
        streefwaarde=4000,
        acceptaties=tuple(Acceptatie(p, True, date(2027, 10, 1)) for p in partijen),
        middelen="Woningbouwimpuls",
        capaciteit="2 fte provincie",
        deadline=date(2030, 12, 31),
        mijlpalen=(Mijlpaal("Plannen vastgesteld", date(2028, 6, 30)),),
    )


@pytest.fixture
def decided(db):
    """Two Utrecht vraagstukken decided in the BOL of 2027; returns (ids, BOL meeting)."""
    with db.session() as session:
        return decided_in_bol(session, ("Wonen langs de A12", "Water bij Lopik"))


def test_a_draft_starts_from_the_bol_decisions_and_is_proposed_only_when_smart(db, decided):
    (a12, lopik), bol = decided
    with db.session() as session:
        service = bootstrap.arrangement_service(session)
        ra = service.create(UTRECHT, "PV26", 2027)
        assert [(a.vraagstuk_id, a.tekst) for a in ra.afspraken] == [
            (a12, "Het BOL kiest: Wonen langs de A12"),
            (lopik, "Het BOL kiest: Water bij Lopik"),
        ]
        assert {i.vraagstuk_id for i in ra.inclusies} == {a12, lopik}
        assert all(not i.opgenomen for i in ra.inclusies)  # undecided until a person decides
        with pytest.raises(TransitionRefused) as refused:
            service.move(UTRECHT, ra.id, "voorgelegd")
        assert "inclusiecriteria" in str(refused.value.reasons)
        for vid in (a12, lopik):
            ra = service.set_inclusie(UTRECHT, ra.id, Inclusie(vid, ALL_MET), ra.version)
        with pytest.raises(TransitionRefused) as refused:
            service.move(UTRECHT, ra.id, "voorgelegd")
        assert "SMART-bevindingen staan nog open" in " ".join(refused.value.reasons)
        first, second = ra.afspraken
        ra = service.update_afspraak(UTRECHT, ra.id, first.sleutel, smart(first), ra.version)
        open_findings = service.smart(UTRECHT, ra.id)
        assert open_findings and {f.afspraak for f in open_findings} == {second.sleutel}
        for finding in open_findings:
            ra = service.set_motivering(UTRECHT, ra.id, finding.sleutel, "volgt in het BOL", ra.version)
        ra = service.move(UTRECHT, ra.id, "voorgelegd", "klaar voor het BOL")
        assert ra.status == "voorgelegd"
        with pytest.raises(StateConflict, match="voorgelegd"):
            service.set_onderdeel(UTRECHT, ra.id, 1, "Nieuw beeld", ra.version)


def adopt(service, ra, bol):
    """Propose (findings motivated) and adopt `ra` in `bol`."""
    for finding in service.smart(VRO, ra.id):
        ra = service.set_motivering(VRO, ra.id, finding.sleutel, "gemotiveerd", ra.version)
    for inclusie in ra.inclusies:
        ra = service.set_inclusie(VRO, ra.id, Inclusie(inclusie.vraagstuk_id, ALL_MET), ra.version)
    service.move(VRO, ra.id, "voorgelegd")
    return service.move(VRO, ra.id, "vastgesteld", vergadering_id=bol.id)


def test_adopted_is_locked_next_year_copies_it_and_supersedes_it_on_adoption(db, decided):
    _, bol = decided
    with db.session() as session:
        service = bootstrap.arrangement_service(session)
        ra = service.create(VRO, "PV26", 2027)
        other_bol = next(m for m in bootstrap.meeting_service(session).meetings(VRO, 2027)
                         if m.soort == "bol" and m.id != bol.id)  # fmt: skip
        ra = adopt_refusing_wrong_bol(service, ra, other_bol)
        ra = service.move(VRO, ra.id, "vastgesteld", vergadering_id=bol.id)
        assert (ra.status, ra.vastgesteld_in.vergadering_id, ra.vastgesteld_in.datum) == ("vastgesteld", bol.id,
                                                                                           bol.datum)  # fmt: skip
        for change in (
            lambda: service.set_onderdeel(VRO, ra.id, 1, "Na afloop", ra.version),
            lambda: service.remove_afspraak(VRO, ra.id, ra.afspraken[0].sleutel, ra.version),
            lambda: service.set_knopen(VRO, ra.id, (), ra.version),
        ):
            with pytest.raises(StateConflict, match="vastgesteld"):
                change()
        assert service.get(VRO, ra.id).version == ra.version
        nxt = service.create(VRO, "PV26", 2028)
        assert nxt.vorige_versie == ra.id and [a.sleutel for a in nxt.afspraken] == [a.sleutel for a in ra.afspraken]
        assert all(not a.acceptaties for a in nxt.afspraken)  # each party accepts the new text again
        kept, dropped = nxt.afspraken
        nxt = service.remove_afspraak(VRO, nxt.id, dropped.sleutel, nxt.version)
        nxt = service.update_afspraak(VRO, nxt.id, kept.sleutel, replace(kept, tekst="Aangescherpt", onderdeel=4),
                                      nxt.version)  # fmt: skip
        nxt, added = service.add_afspraak(VRO, nxt.id, replace(kept, sleutel="", tekst="Nieuw", vraagstuk_id=None),
                                          nxt.version)  # fmt: skip
        diff = service.diff(VRO, ra.id, nxt.id)
        assert [a.sleutel for a in diff.afspraken.toegevoegd] == [added.sleutel]
        assert [a.sleutel for a in diff.afspraken.vervallen] == [dropped.sleutel]
        (changed,) = diff.afspraken.gewijzigd
        assert {(v.veld, v.oud, v.nieuw) for v in changed.velden} >= {("tekst", kept.tekst, "Aangescherpt"),
                                                                      ("onderdeel", kept.onderdeel, 4)}  # fmt: skip
        (ids_2028, bol_2028) = decided_in_bol(session, ("Nog een keuze",), jaar=2028)
        nxt = service.get(VRO, nxt.id)
        adopt(service, nxt, bol_2028)
        assert service.get(VRO, ra.id).status == "vervangen" and service.get(VRO, ra.id).vervangen_door == nxt.id
        assert ids_2028


def adopt_refusing_wrong_bol(service, ra, wrong_bol):
    """Propose `ra`; adopting it in another landsdeel's BOL is refused. Returns the proposed version."""
    for finding in service.smart(VRO, ra.id):
        ra = service.set_motivering(VRO, ra.id, finding.sleutel, "gemotiveerd", ra.version)
    for inclusie in ra.inclusies:
        ra = service.set_inclusie(VRO, ra.id, Inclusie(inclusie.vraagstuk_id, ALL_MET), ra.version)
    ra = service.move(VRO, ra.id, "voorgelegd")
    with pytest.raises(InvalidInput, match="niet het BOL van landsdeel"):
        service.move(VRO, ra.id, "vastgesteld", vergadering_id=wrong_bol.id)
    with pytest.raises(InvalidInput, match="kies het BOL"):
        service.move(VRO, ra.id, "vastgesteld")
    with pytest.raises(Forbidden):
        service.move(UTRECHT, ra.id, "vastgesteld")
    return service.get(VRO, ra.id)


def test_the_bol_list_holds_exactly_the_agreements_adopted_there(db, decided):
    (a12, lopik), bol = decided
    with db.session() as session:
        service = bootstrap.arrangement_service(session)
        utrecht = service.create(VRO, "PV26", 2027)
        adopt(service, utrecht, bol)
        service.create(VRO, "PV27", 2027)  # Noord-Holland's concept: not adopted, not on the list
        listed = service.adopted_in(VRO, bol.id)
    assert [(ra.provincie, a.vraagstuk_id) for ra, a in listed] == [("PV26", a12), ("PV26", lopik)]


def test_provinces_draft_their_own_and_read_others_only_once_adopted(db, decided):
    _, bol = decided
    with db.session() as session:
        service = bootstrap.arrangement_service(session)
        with pytest.raises(Forbidden, match="PV28"):
            service.create(UTRECHT, "PV28", 2027)
        mine = service.create(UTRECHT, "PV26", 2027)
        theirs = service.create(ZUID_HOLLAND, "PV28", 2027)
        with pytest.raises(Forbidden):
            service.get(UTRECHT, theirs.id)
        with pytest.raises(Forbidden):
            service.set_onderdeel(ZUID_HOLLAND, mine.id, 1, "Niet van ons", mine.version)
        with pytest.raises(Forbidden):
            service.create(EZK, "PV26", 2028)
        assert {ra.provincie for ra in service.list(UTRECHT)} == {"PV26"}
        assert {ra.provincie for ra in service.list(EZK)} == {"PV26", "PV28"}
        adopted = adopt(service, mine, bol)
        assert adopted.id in {ra.id for ra in service.list(ZUID_HOLLAND)}  # a public document once adopted
        assert service.get(ZUID_HOLLAND, adopted.id).status == "vastgesteld"


def test_investments_are_validated_and_totalled_per_province_and_programme(db, decided):
    _, bol = decided
    part = next(x for x in landsdelen()[0] if "PV26" in x.provincies)
    assert part.code == bol.landsdeel
    with db.session() as session:
        service = bootstrap.arrangement_service(session)
        ra = service.create(VRO, "PV26", 2027)
        good = Investeringsafspraak("", "Programma Woningbouw", "woningbouwimpuls", Decimal("12500000.50"), "A12-zone")
        for bad, reason in (
            (replace(good, bedrag=Decimal("0")), "bedrag"),
            (replace(good, bedrag=Decimal("-5")), "bedrag"),
            (replace(good, bedrag=Decimal("NaN")), "bedrag"),
            (replace(good, programma=" "), "programma"),
            (replace(good, fonds="geldboom"), "geldboom"),
        ):
            with pytest.raises(InvalidInput, match=reason):
                service.add_investering(VRO, ra.id, bad, ra.version)
        ra = service.add_investering(VRO, ra.id, good, ra.version)
        ra = service.add_investering(VRO, ra.id, replace(good, bedrag=Decimal("2500000")), ra.version)
        ra = service.add_investering(VRO, ra.id, replace(good, programma="NPLG", fonds="transitiefonds-landelijk-gebied-en-natuur",
                                                         bedrag=Decimal("1000000")), ra.version)  # fmt: skip
        zh = service.create(VRO, "PV28", 2027)
        service.add_investering(VRO, zh.id, replace(good, bedrag=Decimal("7")), zh.version)
        totals = service.totals(VRO, jaar=2027)
    # by hand: Utrecht 12,500,000.50 + 2,500,000 + 1,000,000; Zuid-Holland 7
    assert totals.per_provincie == {"PV26": Decimal("16000000.50"), "PV28": Decimal("7")}
    assert totals.per_programma == {"Programma Woningbouw": Decimal("15000007.50"), "NPLG": Decimal("1000000")}
    assert totals.totaal == Decimal("16000007.50")


def test_every_change_is_one_audit_event_and_refusals_change_nothing(db, decided):
    with db.session() as session:
        service = bootstrap.arrangement_service(session)
        ra = service.create(UTRECHT, "PV26", 2027)
        before = service.get(VRO, ra.id)
        for refused in (
            lambda: service.set_onderdeel(UTRECHT, ra.id, 6, "x", ra.version),
            lambda: service.set_onderdeel(UTRECHT, ra.id, 1, "x\x00", ra.version),
            lambda: service.set_onderdeel(UTRECHT, ra.id, 1, "x", ra.version + 5),
            lambda: service.set_inclusie(UTRECHT, ra.id, Inclusie(999_999, ALL_MET), ra.version),
            lambda: service.create(UTRECHT, "PV26", 2027),
            lambda: service.create(UTRECHT, "PV99", 2027),
        ):
            with pytest.raises((InvalidInput, StateConflict)):
                refused()
        assert service.get(VRO, ra.id) == before
        service.set_onderdeel(UTRECHT, ra.id, 3, "Bijdrage Foodvalley", ra.version)
    with db.session(write=False) as session:
        events, _ = bootstrap.audit_service(session).page(VRO, AuditFilter(), 1, 100)
    mine = [e for e in events if e.actie.startswith("ruimtelijk-arrangement.")]
    assert [e.actie for e in mine] == ["ruimtelijk-arrangement.onderdeel", "ruimtelijk-arrangement.aangemaakt"]
    assert all(e.actor == UTRECHT.email and e.provincie == "PV26" for e in mine)


def test_what_cannot_be_stored_exactly_or_points_nowhere_is_refused_in_dutch(db, decided):
    """Keys, names and amounts within their columns; no control characters; links to what exists in the province."""
    (a12, _), bol = decided
    with db.session() as session:
        service = bootstrap.arrangement_service(session)
        ra = service.create(VRO, "PV26", 2027)
        first = ra.afspraken[0]
        good = Investeringsafspraak("", "Programma Woningbouw", "woningbouwimpuls", Decimal("1.25"), "A12-zone")
        refusals = [
            (lambda: service.add_investering(VRO, ra.id, replace(good, bedrag=Decimal("1.005")), ra.version),
             "twee decimalen"),
            (lambda: service.add_investering(VRO, ra.id, replace(good, bedrag=Decimal(10) ** 16), ra.version),
             "kleiner dan"),
            (lambda: service.add_investering(VRO, ra.id, replace(good, programma="P" * 301), ra.version),
             "programma: hoogstens 300"),
            (lambda: service.add_investering(VRO, ra.id, replace(good, sleutel="a/b"), ra.version),
             "geen geldige sleutel"),
            (lambda: service.add_afspraak(VRO, ra.id, replace(first, sleutel="k" * 61), ra.version),
             "geen geldige sleutel"),
            (lambda: service.update_afspraak(VRO, ra.id, first.sleutel, replace(first, tekst="a\u202eb"), ra.version),
             "stuurteken"),
            (lambda: service.update_afspraak(VRO, ra.id, first.sleutel, replace(first, doelen=("verzonnen",)),
                                             ra.version), "doel 'verzonnen' staat niet in de catalogus"),
            (lambda: service.update_afspraak(VRO, ra.id, first.sleutel, replace(first, novex_gebied="atlantis"),
                                             ra.version), "NOVEX-gebied 'atlantis'"),
            (lambda: service.update_afspraak(VRO, ra.id, first.sleutel, replace(first, claims=(999_999,)),
                                             ra.version), "claim 999999 bestaat niet"),
            (lambda: service.update_afspraak(VRO, ra.id, first.sleutel, replace(first, bol_besluit_id=999_999),
                                             ra.version), "BOL-besluit 999999"),
            (lambda: service.set_onderdeel(VRO, ra.id, 2, "x\x1b[2J", ra.version), "stuurteken"),
        ]  # fmt: skip
        for refuse, message in refusals:
            with pytest.raises(InvalidInput, match=message):
                refuse()
        assert service.get(VRO, ra.id) == ra  # nothing changed
        kept = service.update_afspraak(VRO, ra.id, first.sleutel, replace(first, bol_besluit_id=None), ra.version)
        assert kept.afspraak(first.sleutel).bol_besluit_id == first.bol_besluit_id  # where it came from stays
        nxt = service.create(VRO, "PV26", 2028)
        for inclusie in nxt.inclusies:
            nxt = service.set_inclusie(VRO, nxt.id, Inclusie(inclusie.vraagstuk_id, ALL_MET), nxt.version)
        for finding in service.smart(VRO, nxt.id):
            nxt = service.set_motivering(VRO, nxt.id, finding.sleutel, "gemotiveerd", nxt.version)
        nxt = service.move(VRO, nxt.id, "voorgelegd")
        with pytest.raises(InvalidInput, match="het arrangement 2028 wordt vastgesteld in het BOL van 2028"):
            service.move(VRO, nxt.id, "vastgesteld", vergadering_id=bol.id)  # the BOL of 2027
        with pytest.raises(StateConflict, match="intussen gewijzigd"):
            service.move(VRO, nxt.id, "concept", expected_version=nxt.version - 1)
    assert a12
