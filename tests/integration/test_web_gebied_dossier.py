"""The section "Producten en afspraken" of an area's page and its forms (seed 003 §4.2), and RA part 3.

Every role reads the section: the four phases in order with their results and citations, the
governance (from the catalogue until edited), the three products and the uitvoeringsafspraken with
their RA agreements. Only who may edit the area's dossier is offered the forms (VRO; a province for
an area partly in it; the ministry of the trekkend bewindspersoon); a post by anyone else is a Dutch
403 and stores nothing. Each form works end to end; every refusal is shown at its field with what was
typed, and stores nothing. The RA page lists the areas' agreements that name it in part 3.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace

import pytest

from novex import bootstrap, registry
from novex.access import Actor
from novex.gebieden.productketen_service import ProductketenService
from novex.settings import Settings
from tests.fixtures.monitor import gevolgde_afspraak, vastgesteld
from tests.fixtures.web import ROLES, XSS, alert, csrf_of, field, web_world

OPERATOR = Actor.operator()
GH = "novex-groene-hart"
UA = "novex-utrecht-amersfoort"
NZKG = "novex-nzkg"  # its trekkend bewindspersoon is of EZK, the test departement's ministry
PAGES = "novex.web.pages.gebied_dossier:router"
FASEN = ("Huiswerkfase", "Concretiseringsfase", "Operationaliseringsfase", "Uitvoeringsfase")


@contextmanager
def dossier_pages() -> Iterator[None]:
    """The dossier forms in the app, also while `novex.gebieden.context` does not declare them (yet)."""
    if any(PAGES in c.pages for c in registry.contexts()):
        yield
        return
    with registry.registered(registry.Context("gebied-dossier-paginas", pages=(PAGES,))):
        yield


def _world(settings: Settings) -> SimpleNamespace:
    """Clients per role; Utrecht's adopted RA (A1, A2); the Groene Hart with an agreement naming A1 and a lost key."""
    with dossier_pages():
        world = web_world(settings)
    with bootstrap.database(settings).session() as session:
        world.ra = vastgesteld(session, "PV26", (gevolgde_afspraak("A1", "PV26"), gevolgde_afspraak("A2", "PV26")))
    return world


def _agreement(world, gebied: str = GH, refs=("PV26/A1", "PV26/ZZ9"), tekst: str = f"Doelen per polder {XSS}"):
    """An uitvoeringsafspraak on 'te behalen doelen', in uitvoering, stored through the service."""
    with bootstrap.unit_of_work(bootstrap.database(world.settings)) as uow:
        return uow.get(ProductketenService).add_afspraak(OPERATOR, gebied, "doelen", tekst, "provincie Utrecht",
                                                         "in-uitvoering", None, list(refs))  # fmt: skip


@pytest.fixture(scope="module")
def shared(template_db, backend, tmp_path_factory):
    """One world for the tests that only read (its database is not changed after setup)."""
    from tests.browser.support import database_copy

    folder = tmp_path_factory.mktemp("gebied-dossier")
    settings = Settings(data_dir=folder / "data", database_url=database_copy(template_db, backend, folder))
    world = _world(settings)
    world.afspraak = _agreement(world)
    yield world
    bootstrap.database(settings).engine.dispose()


@pytest.fixture
def web(settings):
    return _world(settings)


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def section(page: str, section_id: str = "dossier") -> str:
    found = re.search(rf'\n<section id="{section_id}".*?\n</section>', page, re.S)
    assert found, f"no section {section_id}"
    return found.group(0)


def dossier_forms(page: str) -> list[str]:
    return re.findall(r'<form method="post" action="(/novex-gebieden/[^"]+/dossier/[^"]*)"', page)


def dossier(world, gebied: str = GH):
    with bootstrap.unit_of_work(bootstrap.database(world.settings)) as uow:
        return uow.get(ProductketenService).dossier(OPERATOR, gebied)


def post(world, who: str, path: str, data: dict, gebied: str = GH, token: str | None = None):
    client = getattr(world, who)
    token = token if token is not None else csrf_of(client.get(f"/novex-gebieden/{gebied}").text)
    return client.post(f"/novex-gebieden/{gebied}/dossier/{path}", data={"csrf": token, **data},
                       follow_redirects=False)  # fmt: skip


# -- reading -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_section(shared, role):
    response = getattr(shared, role).get(f"/novex-gebieden/{GH}")
    assert response.status_code == 200, response.text[:500]
    page = response.text
    assert (
        '<li><a href="#bestuur">Bestuur en fase</a></li><li><a href="#dossier">Producten en afspraken</a></li>' in page
    )
    assert page.index('id="bestuur"') < page.index('id="dossier"') < page.index('id="begrenzing"')
    s = section(page)
    text = text_of(s)
    # the four phases in order, each with its result and citation; no phase recorded yet
    steps = re.findall(r'<li class="ketenfase[^"]*"', s)
    assert len(steps) == 4 and 'aria-current="step"' not in s
    assert [text.index(f) for f in FASEN] == sorted(text.index(f) for f in FASEN)
    assert "Huidige fase in het dossier: nog niet vastgelegd" in text and "de factsheet zegt zelf" in text
    assert "Resultaat: ontwikkelperspectief per NOVEX-gebied" in text
    assert "Bron: seed 003 §4.2 > Concretiseringsfase: “Concretiseringsfase Resultaat: ontwikkelperspectief" in text
    # governance from the catalogue, marked as such
    assert "uit de factsheet (catalogus)" in text and "Duo: Rijk" in text and "Bestuurlijke trekker (regio)" in text
    # the products: six elements by their seed names, the horizon rule, the RIA with its convenant
    for name in ("Hoofdopgave en meekoppelende opgaven", "Bijdrage aan de provinciale puzzel",
                 "Aangescherpte doelstelling(en)", "Gezamenlijk beeld van de ruimtelijke keuzes"):  # fmt: skip
        assert name in text, name
    assert "“in de komende vier tot tien jaar”" in text and "4 tot en met 10 jaar" in text
    assert "Regionale investeringsagenda (RIA)" in text and "Convenant" in text
    assert "Deze statussen zijn een ontwerpkeuze van dit platform" in text
    # the agreement: topic, text (escaped), owner, status, RA links to the monitor, part 3
    assert XSS not in page and html.escape(XSS, quote=False) in s
    row = re.search(rf'<tr id="uitvoeringsafspraak-{shared.afspraak.id}">.*?</tr>', s, re.S).group(0)
    assert 'href="/monitor/afspraken/PV26/A1"' in row and 'href="/monitor/afspraken/PV26/ZZ9"' in row
    assert "onderdeel 3 van het RA van Utrecht" in text_of(row)
    assert "te behalen doelen" in text_of(row) and "in uitvoering" in text_of(row)


@pytest.mark.parametrize(("role", "gebied", "may"), [
    ("vro", GH, True), ("zuid_holland", GH, True), ("zuid_holland", UA, False), ("utrecht", UA, True),
    ("departement", NZKG, True), ("departement", GH, False), ("lezer", GH, False), ("lezer", NZKG, False),
])  # fmt: skip
def test_the_forms_only_for_who_may_edit_the_dossier(shared, role, gebied, may):
    page = getattr(shared, role).get(f"/novex-gebieden/{gebied}").text
    forms = dossier_forms(page)
    if not may:
        assert forms == [] and "U kunt dit dossier bijwerken" not in page
        return
    expected = {f"/novex-gebieden/{gebied}/dossier/{p}" for p in (
        "fase", "governance", "producten/ontwikkelperspectief", "producten/uitvoeringsagenda",
        "producten/regionale-investeringsagenda", "afspraken")}  # fmt: skip
    assert expected <= set(forms), forms
    s = section(page)
    assert s.count('name="csrf"') == len(forms) and s.count('name="versie"') == len(forms) - 1  # add: no version
    for code in ("hoofdopgave", "bijdrage-programmas", "identiteit", "ruimtelijke-keuzes", "provinciale-puzzel",
                 "doelstellingen"):  # fmt: skip
        assert re.search(rf'<label for="dossier-ontwikkelperspectief-elementen_{code}">\d\. ', s), code
    onderwerpen = re.search(r'<select id="dossier-afspraak-onderwerp".*?</select>', s, re.S).group(0)
    assert onderwerpen.count("<option") == 9  # the eight topics and the empty choice


def test_the_ra_page_lists_the_area_agreements_that_name_it_in_part_3(shared):
    for role in ("utrecht", "lezer", "vro"):
        page = getattr(shared, role).get(f"/arrangementen/{shared.ra}").text
        part = re.search(r'<div class="onderdeel" id="onderdeel-3">.*?\n  </div>', page, re.S).group(0)
        text = text_of(part)
        assert "Uitvoeringsafspraken uit NOVEX-gebieden voor deze provincie" in text, role
        assert f'href="/novex-gebieden/{GH}#uitvoeringsafspraak-{shared.afspraak.id}"' in part
        assert "Groene Hart · te behalen doelen · in uitvoering" in text
        assert 'href="#afspraak-1"' in part and "afspraak 1 (A1)" in text and "ZZ9 (niet in deze versie)" in text
        assert XSS not in page
        other = re.search(r'<div class="onderdeel" id="onderdeel-2">.*?\n  </div>', page, re.S).group(0)
        assert "NOVEX-gebieden voor deze provincie" not in other


# -- writing -----------------------------------------------------------------------------------------------------


def test_each_form_works_end_to_end(web):
    d = dossier(web)
    response = post(web, "zuid_holland", "fase", {"fase": "concretiseringsfase", "versie": d.version})
    assert response.status_code == 303, alert(response.text)
    assert response.headers["location"] == f"/novex-gebieden/{GH}?gedaan=dossier-fase#dossier-fase"
    page = web.lezer.get(f"/novex-gebieden/{GH}").text
    current = re.search(r'<li class="ketenfase ketenfase-nu" aria-current="step">.*?</li>', page, re.S).group(0)
    assert "Concretiseringsfase" in current and "huidige fase" in current
    assert "Huidige fase in het dossier: Concretiseringsfase" in text_of(section(page))

    d = dossier(web)
    response = post(web, "vro", "governance", {"duo_rijk": "minister van LNV", "duo_regio": "gedeputeerde Utrecht",
                                               "bestuurlijke_trekker": "gedeputeerde Utrecht",
                                               "versie": d.version})  # fmt: skip
    assert response.status_code == 303, alert(response.text)
    text = text_of(section(web.lezer.get(f"/novex-gebieden/{GH}").text))
    assert "minister van LNV" in text and "Vastgelegd in het dossier: vastgelegd door vro@minbzk.nl" in text
    assert "uit de factsheet (catalogus)" not in text

    elementen = {f"elementen_{c}": f"Tekst {c}" for c in ("hoofdopgave", "identiteit", "doelstellingen")}
    response = post(web, "utrecht", "producten/ontwikkelperspectief",
                    {"status": "vastgesteld", "datum_vastgesteld": "2024-05-01", "vindplaats": "Besluit 12",
                     "versie": "0", **elementen})  # fmt: skip
    assert response.status_code == 303, alert(response.text)
    response = post(
        web,
        "vro",
        "producten/uitvoeringsagenda",
        {"status": "concept", "startjaar": "2024", "eindjaar": "2030", "versie": "0"},
    )
    assert response.status_code == 303, alert(response.text)
    response = post(web, "vro", "producten/regionale-investeringsagenda",
                    {"status": "in-voorbereiding", "bedrag": "12.500.000", "convenant_naam": "Convenant RIA",
                     "convenant_datum": "2025-02-01", "versie": "0"})  # fmt: skip
    assert response.status_code == 303, alert(response.text)
    d = dossier(web)
    p = d.producten["ontwikkelperspectief"]
    assert p.status == "vastgesteld" and p.elementen["identiteit"] == "Tekst identiteit" and p.version == 1
    assert (d.producten["uitvoeringsagenda"].startjaar, d.producten["uitvoeringsagenda"].eindjaar) == (2024, 2030)
    assert str(d.producten["regionale-investeringsagenda"].bedrag) == "12500000.00"
    text = text_of(section(web.lezer.get(f"/novex-gebieden/{GH}").text))
    assert "Tekst identiteit" in text and "1 mei 2024" in text and "2024–2030 (6 jaar)" in text
    assert "€ 12.500.000,00" in text and "Convenant RIA (1 februari 2025)" in text

    response = post(web, "zuid_holland", "afspraken",
                    {"onderwerp": "financiering", "tekst": "Rijk en regio dragen samen bij", "eigenaar": "Rijk",
                     "status": "open", "deadline": "2027-12-31", "ra_afspraken": "PV26/A1, PV26/A2"})  # fmt: skip
    assert response.status_code == 303, alert(response.text)
    (a,) = dossier(web).afspraken
    assert [str(r) for r in a.ra_afspraken] == ["PV26/A1", "PV26/A2"] and a.deadline.isoformat() == "2027-12-31"
    response = post(web, "vro", f"afspraken/{a.id}/status", {"status": "afgerond", "versie": a.version})
    assert response.status_code == 303, alert(response.text)
    (b,) = dossier(web).afspraken
    assert b.status == "afgerond" and b.tekst == a.tekst and b.ra_afspraken == a.ra_afspraken
    ra = web.lezer.get(f"/arrangementen/{web.ra}").text
    assert "Rijk en regio dragen samen bij" in ra and "afspraak 2 (A2)" in text_of(ra)
    response = post(web, "vro", f"afspraken/{a.id}/verwijderen", {"reden": "Dubbel ingevoerd", "versie": b.version})
    assert response.status_code == 303, alert(response.text)
    assert dossier(web).afspraken == ()
    status = web.vro.get(response.headers["location"]).text
    assert "De uitvoeringsafspraak is verwijderd." in text_of(status)


def test_others_are_refused_in_dutch_and_nothing_is_stored(web):
    for who, gebied in (("lezer", GH), ("zuid_holland", UA), ("departement", GH)):
        response = post(web, who, "fase", {"fase": "huiswerkfase", "versie": "0"}, gebied=gebied)
        assert response.status_code == 403, (who, response.text[:300])
        assert "Dit mag u niet." in alert(response.text)
        response = post(web, who, "afspraken", {"onderwerp": "doelen", "tekst": "x"}, gebied=gebied)
        assert response.status_code == 403
        assert dossier(web, gebied).version == 0 and dossier(web, gebied).afspraken == ()
    assert "mag alleen dossiers bijwerken van NOVEX-gebieden die (deels) in de eigen provincie liggen" in alert(
        post(web, "zuid_holland", "fase", {"fase": "huiswerkfase", "versie": "0"}, gebied=UA).text
    )
    assert "werkt voor ministerie EZK" in alert(post(web, "departement", "fase", {"versie": "0"}).text)


def test_refusals_are_shown_at_their_fields_with_what_was_typed(web):
    # a horizon of sixteen years
    response = post(
        web,
        "vro",
        "producten/uitvoeringsagenda",
        {"status": "concept", "startjaar": "2024", "eindjaar": "2040", "vindplaats": "Agenda", "versie": "0"},
    )
    assert response.status_code == 400, alert(response.text)
    assert "de horizon van 2024 tot 2040 is 16 jaar" in alert(response.text)
    assert re.search(r'<p class="veldfout" id="dossier-uitvoeringsagenda-eindjaar-fout-1">', response.text)
    assert 'href="#dossier-uitvoeringsagenda-eindjaar"' in response.text  # the summary links to the field
    form = re.search(r'action="[^"]+/producten/uitvoeringsagenda".*?</form>', response.text, re.S).group(0)
    assert field(form, "eindjaar") == "2040" and field(form, "vindplaats") == "Agenda"
    # an unknown topic and a malformed RA reference
    typed = {"onderwerp": "geluk", "tekst": f"Iets {XSS}", "eigenaar": "Rijk", "status": "open",
             "ra_afspraken": "PV26-A1, PV26/A2"}  # fmt: skip
    response = post(web, "vro", "afspraken", typed)
    assert response.status_code == 400
    message = alert(response.text)
    assert "onderwerp 'geluk': kies een van doelen" in message
    assert "ra_afspraken[1] 'PV26-A1': schrijf PROVINCIE/SLEUTEL, bijvoorbeeld PV26/A1" in message
    assert 'id="dossier-afspraak-onderwerp-fout-1"' in response.text
    assert 'id="dossier-afspraak-ra_afspraken-fout-1"' in response.text
    form = re.search(r'action="[^"]+/dossier/afspraken".*?</form>', response.text, re.S).group(0)
    assert field(form, "ra_afspraken") == "PV26-A1, PV26/A2" and field(form, "tekst") == f"Iets {XSS}"
    assert XSS not in response.text
    # a province of which the area lies elsewhere; a bad date
    response = post(web, "vro", "afspraken", {"onderwerp": "doelen", "tekst": "x", "ra_afspraken": "PV20/A1",
                                              "deadline": "morgen"})  # fmt: skip
    assert response.status_code == 400 and "'morgen' is geen datum" in alert(response.text)
    assert dossier(web).afspraken == ()
    # an ontwikkelperspectief adopted without a date
    response = post(
        web,
        "vro",
        "producten/ontwikkelperspectief",
        {"status": "vastgesteld", "elementen_hoofdopgave": "Getypt", "versie": "0"},
    )
    assert response.status_code == 400
    assert 'id="dossier-ontwikkelperspectief-datum_vastgesteld-fout-1"' in response.text
    form = re.search(r'action="[^"]+/producten/ontwikkelperspectief".*?</form>', response.text, re.S).group(0)
    assert field(form, "elementen_hoofdopgave") == "Getypt"
    assert dossier(web).producten["ontwikkelperspectief"].version == 0
    # governance without its duo
    response = post(web, "vro", "governance", {"duo_rijk": "", "duo_regio": "", "versie": "0"})
    assert response.status_code == 400 and 'id="dossier-governance-duo_rijk-fout-1"' in response.text
    assert dossier(web).version == 0


def test_a_stale_edit_is_a_409_and_saving_again_overrides(web):
    assert post(web, "vro", "fase", {"fase": "huiswerkfase", "versie": "0"}).status_code == 303
    response = post(web, "zuid_holland", "fase", {"fase": "uitvoeringsfase", "versie": "0"})
    assert response.status_code == 409
    assert "Niet opgeslagen: iemand anders was u voor." in alert(response.text)
    assert "intussen gewijzigd (versie 1, u had versie 0)" in alert(response.text)
    assert dossier(web).fase == "huiswerkfase"
    form = re.search(r'action="[^"]+/dossier/fase".*?</form>', response.text, re.S).group(0)
    assert field(form, "versie") == "1" and 'value="uitvoeringsfase" selected' in form
    token = csrf_of(response.text)
    again = post(web, "zuid_holland", "fase", {"fase": "uitvoeringsfase", "versie": field(form, "versie")}, token=token)
    assert again.status_code == 303 and dossier(web).fase == "uitvoeringsfase"
    # a stale product and a stale agreement status
    assert post(web, "vro", "producten/uitvoeringsagenda", {"startjaar": "2024", "eindjaar": "2030", "versie": "0"}
                ).status_code == 303  # fmt: skip
    response = post(web, "vro", "producten/uitvoeringsagenda", {"startjaar": "2025", "eindjaar": "2031", "versie": "0"})
    assert response.status_code == 409 and dossier(web).producten["uitvoeringsagenda"].startjaar == 2024
    a = _agreement(web, refs=())
    response = post(web, "vro", f"afspraken/{a.id}/status", {"status": "afgerond", "versie": str(a.version + 1)})
    assert response.status_code == 409 and dossier(web).afspraken[0].status == "in-uitvoering"


def test_a_post_without_the_sessions_csrf_token_is_refused(web):
    response = post(web, "vro", "fase", {"fase": "huiswerkfase", "versie": "0"}, token="vals")
    assert response.status_code == 403
    assert "CSRF" in html.unescape(response.text)
    a = _agreement(web, refs=())
    response = post(web, "vro", f"afspraken/{a.id}/verwijderen", {"reden": "weg", "versie": a.version}, token="")
    assert response.status_code == 403
    assert dossier(web).version == 0 and len(dossier(web).afspraken) == 1


# -- the demo ----------------------------------------------------------------------------------------------------


def test_the_demo_dossiers_load_once(db):
    from novex.demo import load_demo_gebieden, load_demo_monitor

    with bootstrap.unit_of_work(db) as uow:
        load_demo_monitor(uow)
    with bootstrap.unit_of_work(db) as uow:
        made = load_demo_gebieden(uow)
    assert len(made) == 2 and all("(illustratief)" in m for m in made)

    def state():
        with bootstrap.unit_of_work(db) as uow:
            service = uow.get(ProductketenService)
            return [service.dossier(OPERATOR, g) for g in (GH, "novex-zuidelijke-randstad")]

    before = state()
    gh, zr = before
    assert gh.fase == "concretiseringsfase" and zr.fase == "uitvoeringsfase"
    p = gh.producten["ontwikkelperspectief"]
    assert p.status == "concept" and len(p.elementen) == 6 and all("(illustratief)" in t for t in p.elementen.values())
    (a,) = gh.afspraken
    assert a.onderwerp == "doelen" and [str(r) for r in a.ra_afspraken] == ["PV26/A2"] and "(illustratief)" in a.tekst
    agenda = zr.producten["uitvoeringsagenda"]
    assert (agenda.startjaar, agenda.eindjaar) == (2024, 2030)
    with bootstrap.unit_of_work(db) as uow:
        assert load_demo_gebieden(uow) == []
    assert state() == before
