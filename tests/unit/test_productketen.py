"""The chain of products held to seed 003 §4.2: phases, the ontwikkelperspectief's elements, the agreement topics.

The expectations are parsed here from the seed's own text with simple regexes (never copied from the
YAML): the four "…fase / Resultaat: …" headings in order, the six bullets after "Het ontwikkelperspectief
omvat op hoofdlijnen:", the eight after "Het zijn onder andere afspraken over:", and the horizon
"in de komende vier tot tien jaar".
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

import novex.catalog
import novex.gebieden
from novex.access import Actor, Role
from novex.catalog.service import catalogus
from novex.catalog.sources import normalise, quote_in_seed
from novex.errors import InvalidInput
from novex.gebieden.dossier import Uitvoeringsagenda
from novex.gebieden.productketen import lees_productketen, productketen
from novex.gebieden.productketen_service import ProductketenService

SEED_003 = "003_ea5816389083bc68.txt"
RAW = (Path(novex.catalog.__file__).parent / "sources" / SEED_003).read_text("utf-8")
SHIPPED = Path(novex.gebieden.__file__).parent / "data" / "productketen.yaml"
NUMBERS = {
    "een": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
}


def section_42() -> str:
    start = RAW.index("4.2 Gebiedsgerichte regie in de NOVEXgebieden")
    return RAW[start : RAW.index("NOVEX-gebieden in relatie tot regie per provincie", start)]


def bullets(after: str, before: str) -> list[str]:
    text = section_42()
    start = text.index(after) + len(after)
    block = text[start : text.index(before, start)]
    return [normalise(b) for b in block.split("•") if normalise(b)]


def seed_phases() -> list[tuple[str, str]]:
    return re.findall(r"^\s*([A-Z][a-z]+fase)\s*\n\s*(?:\n\s*)?Resultaat: ([^\n]+?)\s*$", section_42(), re.MULTILINE)


def test_every_quote_of_the_yaml_stands_in_seed_003():
    data = yaml.safe_load(SHIPPED.read_text("utf-8"))
    quotes = [item["citaat"] for key in ("fasen", "producten", "elementen", "onderwerpen", "governance")
              for item in data[key]] + [data["horizon"]["citaat"]]  # fmt: skip
    assert len(quotes) == 4 + 3 + 6 + 8 + 4 + 1
    missing = [q for q in quotes if not quote_in_seed(SEED_003, q)]
    assert missing == []


def test_four_phases_in_the_seeds_order_each_with_its_result():
    found = seed_phases()
    assert [naam for naam, _ in found] == ["Huiswerkfase", "Concretiseringsfase", "Operationaliseringsfase",
                                           "Uitvoeringsfase"]  # fmt: skip
    keten = productketen()
    assert [(f.naam, f.resultaat) for f in keten.fasen] == found
    assert keten.fase_codes == tuple(naam.lower() for naam, _ in found)


def test_the_six_elements_of_the_ontwikkelperspectief():
    seed = bullets("Het ontwikkelperspectief omvat op hoofdlijnen:", "Essentieel hierbij")
    assert len(seed) == 6
    elementen = productketen().elementen
    assert len(elementen) == 6
    for element, bullet in zip(elementen, seed, strict=True):
        assert bullet.startswith(normalise(element.citaat.tekst)), (element.code, bullet)


def test_the_eight_topics_of_the_uitvoeringsafspraken():
    seed = bullets("Het zijn onder andere afspraken over:", "Deze afspraken worden vastgesteld")
    assert len(seed) == 8
    assert [o.naam for o in productketen().onderwerpen] == seed
    assert [o.citaat.tekst for o in productketen().onderwerpen] == seed


def test_the_horizon_is_the_seeds_four_to_ten_years():
    low, high = re.search(r"in de komende\s+(\w+) tot (\w+) jaar", section_42()).groups()
    horizon = productketen().horizon
    assert (horizon.min_jaren, horizon.max_jaren) == (NUMBERS[low], NUMBERS[high]) == (4, 10)


def test_the_statuses_are_marked_as_this_platforms_design_choice():
    keten = productketen()
    assert keten.ontwerpkeuze == "Deze statussen zijn een ontwerpkeuze van dit platform; de seeds noemen ze niet."
    assert keten.product_codes == ("concept", "in-voorbereiding", "vastgesteld", "vervallen")
    assert keten.afspraak_codes == ("open", "in-uitvoering", "afgerond", "vervallen")
    for item in [*keten.product_statussen, *keten.afspraak_statussen]:
        assert not quote_in_seed(SEED_003, item.betekenis)  # nothing of it pretends to be seed text


def test_every_area_has_the_ministry_of_its_trekkend_bewindspersoon():
    keten = productketen()
    for gebied in catalogus().novex_gebieden:
        functies = [t.functie for t in gebied.trekkers if "bewindspersoon" in t.rol.casefold()]
        found = keten.ministeries_van([*functies, gebied.programma_2022.trekkend_bewindspersoon])
        assert len(found) == 1, (gebied.id, functies, found)
    assert [m.code for m in keten.ministeries if m.is_("lvvn")] == ["LNV"]


# -- the horizon rule, on the service with an in-memory store ----------------------------------------


class MemoryRepo:
    def __init__(self):
        self.stored = {}

    def dossier(self, gebied):
        return None

    def producten(self, gebied):
        return [p for (g, _), p in self.stored.items() if g == gebied]

    def bewaar_product(self, gebied, product, expected_version):
        self.stored[(gebied, product.soort)] = replace(product, version=expected_version + 1)
        return True

    def afspraken(self, gebied=None):
        return []


class MemoryAudit:
    def __init__(self):
        self.events = []

    def record(self, events):
        self.events += events


@pytest.mark.parametrize(("start", "end", "ok"), [(2024, 2027, False), (2024, 2028, True), (2024, 2031, True),
                                                  (2024, 2034, True), (2024, 2035, False), (2030, 2024, False)])  # fmt: skip
def test_an_agenda_spans_four_to_ten_years(start, end, ok):
    audit = MemoryAudit()
    service = ProductketenService(MemoryRepo(), audit, catalogus(), {"PV26": "Utrecht"})
    agenda = Uitvoeringsagenda(startjaar=start, eindjaar=end)
    vro = Actor(1, "vro@minbzk.nl", Role.VRO)
    if ok:
        assert service.zet_product(vro, "novex-groene-hart", agenda, 0).eindjaar == end
        assert len(audit.events) == 1
    else:
        with pytest.raises(InvalidInput, match=rf"is {end - start} jaar; seed 003 §4.2 .*vier tot tien jaar"):
            service.zet_product(vro, "novex-groene-hart", agenda, 0)
        assert audit.events == []


# -- a broken file ---------------------------------------------------------------------------------------


def broken(tmp_path, change) -> str:
    data = yaml.safe_load(SHIPPED.read_text("utf-8"))
    change(data)
    path = tmp_path / "productketen.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(InvalidInput) as refused:
        lees_productketen(path)
    return str(refused.value)


def test_a_broken_file_is_refused_in_dutch_naming_the_field(tmp_path):
    assert "fasen[2].resultaat: ontbreekt" in broken(tmp_path, lambda d: d["fasen"][1].pop("resultaat"))
    assert "elementen[3].citaat: 'Toekomstbestendig wonen' staat niet letterlijk in seed 003" in broken(
        tmp_path, lambda d: d["elementen"][2].update(citaat="Toekomstbestendig wonen"))  # fmt: skip
    assert "statussen.ontwerpkeuze: moet true zijn" in broken(
        tmp_path, lambda d: d["statussen"].update(ontwerpkeuze=False)
    )
    assert "onderwerpen: 'doelen' staat er dubbel in" in broken(
        tmp_path, lambda d: d["onderwerpen"][1].update(code="doelen"))  # fmt: skip
    assert "producten[1].fase: 'afsprakenfase' is geen fase" in broken(
        tmp_path, lambda d: d["producten"][0].update(fase="afsprakenfase"))  # fmt: skip
    assert "horizon.min_jaren: groter dan horizon.max_jaren" in broken(
        tmp_path, lambda d: d["horizon"].update(min_jaren=11)
    )
    assert "statussen.product: 'vastgesteld' ontbreekt" in broken(
        tmp_path, lambda d: d["statussen"]["product"][2].update(code="klaar"))  # fmt: skip
    path = tmp_path / "kapot.yaml"
    path.write_text("fasen: [\n", "utf-8")
    with pytest.raises(InvalidInput, match="kapot.yaml: niet te lezen, geen geldige YAML op regel"):
        lees_productketen(path)
