"""Starlette's own English error details reach users in Dutch, with their limits kept."""

import pytest

from novex.edge.errors import framework_detail


@pytest.mark.parametrize(
    ("english", "words"),
    [
        ("Field exceeded maximum size of 1024KB.", ("langer dan 1024 kB",)),
        ("Part exceeded maximum size of 2048KB.", ("langer dan 2048 kB",)),
        ("Too many fields. Maximum number of fields is 1000.", ("te veel velden", "1000")),
        ("Too many files. Maximum number of files is 7.", ("te veel bestanden", "7")),
        ("Missing boundary in multipart.", ("multipart", "niet worden gelezen")),
        ("Invalid multipart data.", ("multipart", "niet worden gelezen")),
        ("Not Found", ("bestaat niet",)),
    ],
)
def test_known_details_are_dutch_and_keep_their_numbers(english, words):
    said = framework_detail(english)
    assert said != english
    for word in words:
        assert word in said


def test_an_unknown_detail_is_passed_on_as_it_is():
    assert framework_detail("Field exceeded maximum size of lots") == "Field exceeded maximum size of lots"
