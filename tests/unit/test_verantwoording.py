"""The verantwoording of a voorstel read from plain data (seed 004 Bijlage 5): kept whole, or refused with every problem."""

from __future__ import annotations

import pytest

from novex.claims.verantwoording import GebruikteDataset, uit_gegevens
from novex.errors import ImportRejected

GOED = {
    "datasets": [
        {"naam": "Natura 2000", "vindplaats": "https://service.pdok.nl/rvo/natura2000/atom/index.xml",
         "basisset": True, "ngr": "https://www.nationaalgeoregister.nl/geonetwork/srv/dut/catalog.search#/metadata/x",
         "versie": "2024", "licentie": "CC BY 4.0"},
        {"naam": "Eigen woningbouwlocaties", "vindplaats": "https://example.org/woningbouw.gpkg", "basisset": "nee"},
    ],
    "afwijkingen": [{"basisset_dataset": "Plancapaciteit woningbouw (landelijk)", "vervangen_door":
                     "Eigen woningbouwlocaties", "reden": "provinciale monitor is actueler"}],
    "indicatoren": [{"naam": "Woningen", "definitie": "netto toevoeging aan de voorraad", "eenheid": "woningen"}],
    "werkwijze": "selectie van locaties buiten Natura 2000",
}


def problems(data, doelen=None) -> list[str]:
    with pytest.raises(ImportRejected) as refused:
        uit_gegevens(data, doelen=doelen)
    return refused.value.problems


def test_a_good_verantwoording_is_kept_whole_and_round_trips():
    read = uit_gegevens(GOED)
    assert read.datasets[0] == GebruikteDataset("Natura 2000", GOED["datasets"][0]["vindplaats"], True, "2024",
                                                "CC BY 4.0", GOED["datasets"][0]["ngr"])  # fmt: skip
    assert read.datasets[1].basisset is False  # "nee" is read as no
    assert read.afwijkingen[0].vervangen_door == "Eigen woningbouwlocaties"
    assert uit_gegevens(read.gegevens()) == read


def test_every_problem_is_named_with_where_it_is():
    data = {
        "datasets": [
            {"naam": "A", "vindplaats": " "},  # a blank vindplaats is missing
            {"naam": "a", "vindplaats": "x", "basisset": True},  # same name, and basisset without NGR record
            {"naam": "B", "vindplaats": "y", "kleur": "rood"},
            {"naam": "C\u202e", "vindplaats": "z", "basisset": "misschien"},
        ],
        "afwijkingen": [{"basisset_dataset": "X", "reden": "r", "vervangen_door": "Onbekend"}, {"reden": "r"}],
        "indicatoren": [{"naam": "I", "definitie": "d", "eenheid": "e", "doel": "geen-doel"}],
        "extra": 1,
    }
    found = problems(data, doelen={"provincie-pv26-woningbouw-2030"})
    assert found == [
        "onbekend veld 'extra'",
        "datasets[1].vindplaats: ontbreekt",
        "datasets[3]: onbekend veld 'kleur'",
        "datasets[4].naam: bevat stuur- of richtingstekens",
        "datasets[4].basisset: verwacht ja of nee",
        "afwijkingen[2].basisset_dataset: ontbreekt",
        "datasets[2].naam: 'a' staat er al (datasets[1])",
        "datasets[2].ngr: een dataset uit de basisset is vindbaar in het Nationaal Geo Register (metadata met "
        "trefwoord 'basisset NOVEX'); geef het adres of de identificatie van dat record",
        "afwijkingen[1].vervangen_door: 'Onbekend' staat niet onder datasets (vermeld minimaal de naam en "
        "vindplaats van de dataset)",
        "indicatoren[1].doel: onbekend doel 'geen-doel' in de catalogus",
    ]


def test_a_deviation_uses_another_dataset_than_the_basisset():
    data = {"datasets": [{"naam": "N2000", "vindplaats": "v", "basisset": True, "ngr": "uuid-1"}],
            "afwijkingen": [{"basisset_dataset": "N2000 oud", "vervangen_door": "N2000", "reden": "r"}]}  # fmt: skip
    assert problems(data) == ["afwijkingen[1].vervangen_door: 'N2000' hoort zelf bij de basisset; een afwijking "
                              "gebruikt een andere dataset"]  # fmt: skip


@pytest.mark.parametrize(("data", "expected"), [
    ([1, 2], "verwacht velden datasets, afwijkingen, indicatoren en werkwijze"),
    ({"datasets": {"naam": "A"}}, "datasets: verwacht een lijst"),
    ({"datasets": ["A"]}, "datasets[1]: verwacht velden (naam, vindplaats, versie, licentie, ngr, gebruik)"),
    ({"werkwijze": "x" * 2001}, "werkwijze: langer dan 2000 tekens (2001)"),
    ({"indicatoren": [{"naam": ["I"], "definitie": "d", "eenheid": "e"}]}, "indicatoren[1].naam: verwacht tekst, kreeg list"),
    ({"datasets": [{"naam": "A", "vindplaats": "v"}] * 501}, "datasets: meer dan 500 regels (501)"),
])  # fmt: skip
def test_malformed_shapes_are_refused_in_dutch(data, expected):
    assert problems(data) == [expected]
