import pytest

from novex.access import ROLE_ACTIONS, Action, Actor, Role, can, require
from novex.errors import Forbidden

UTRECHT = Actor(1, "planner@provincie-utrecht.nl", Role.PROVINCIE, provincie="PV26")


def test_every_role_has_read_and_only_listed_actions():
    assert set(ROLE_ACTIONS) == set(Role)
    for role, actions in ROLE_ACTIONS.items():
        assert Action.READ in actions, role


@pytest.mark.parametrize(
    ("actor", "action", "provincie", "allowed"),
    [
        (UTRECHT, Action.EDIT_CLAIMS, "PV26", True),
        (UTRECHT, Action.EDIT_CLAIMS, "PV28", False),
        (UTRECHT, Action.MANAGE_USERS, None, False),
        (Actor(2, "vro@minbzk.nl", Role.VRO), Action.EDIT_CLAIMS, "PV28", True),
        (Actor(3, "ezk@minezk.nl", Role.DEPARTEMENT, departement="EZK"), Action.EDIT_CLAIMS, "PV26", False),
        (Actor(4, "lezer@x.nl", Role.LEZER), Action.READ, None, True),
        (Actor(4, "lezer@x.nl", Role.LEZER), Action.EDIT_CLAIMS, "PV26", False),
        (Actor(5, "beheer@x.nl", Role.BEHEERDER), Action.MANAGE_USERS, None, True),
        (Actor(5, "beheer@x.nl", Role.BEHEERDER), Action.EDIT_CLAIMS, "PV26", False),
        (Actor.operator(), Action.EDIT_CLAIMS, "PV31", True),
    ],
)
def test_can(actor, action, provincie, allowed):
    assert can(actor, action, provincie) is allowed


def test_refusals_explain_in_dutch():
    with pytest.raises(Forbidden, match="werkt voor provincie PV26 en mag geen gegevens van PV28 wijzigen"):
        require(UTRECHT, Action.EDIT_CLAIMS, "PV28")
    with pytest.raises(Forbidden, match="de rol 'lezer' mag niet: claims en voorstellen bewerken"):
        require(Actor(4, "lezer@x.nl", Role.LEZER), Action.EDIT_CLAIMS, "PV26")
