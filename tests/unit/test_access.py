import pytest

from novex import registry
from novex.access import MANAGE_USERS, READ, READ_AUDIT, Actor, Role, can, require
from novex.claims.actions import EDIT_CLAIMS, MANAGE_LAYERS
from novex.errors import Forbidden

UTRECHT = Actor(1, "planner@provincie-utrecht.nl", Role.PROVINCIE, provincie="PV26")

# Who may do what, written out by hand from the README's role table (not read from the code).
READ_Q, SIGNAL_Q, CONTRIBUTE_Q = "vraagstukken-lezen", "vraagstuk-signaleren", "vraagstuk-bijdragen"
HANDLE_Q, DECIDE_Q = "vraagstuk-behandelen", "vraagstuk-besluit-vastleggen"
READ_RA, DRAFT_RA, ADOPT_RA = "arrangementen-lezen", "arrangement-opstellen", "arrangement-vaststellen"
READ_M, MEASURE, SET_STATUS = "monitor-lezen", "monitor-meten", "monitor-status-zetten"
ROUND, PICTURE = "monitorronde-voeren", "monitorbeeld-schrijven"
READ_G, BOUNDARY, DOSSIER = "gebieden-lezen", "gebiedsgrens-vastleggen", "gebiedsdossier-bijwerken"
SCENARIO = "scenarios-bewerken"
EXPECTED = {
    Role.VRO: {"lezen", "claims-bewerken", "lagen-beheren", "audit-lezen",
               READ_Q, SIGNAL_Q, CONTRIBUTE_Q, HANDLE_Q, DECIDE_Q, "overleg-beheren",
               READ_RA, DRAFT_RA, ADOPT_RA, READ_M, MEASURE, SET_STATUS, ROUND, PICTURE, READ_G, BOUNDARY,
               DOSSIER, SCENARIO},
    Role.PROVINCIE: {"lezen", "claims-bewerken", "audit-lezen", READ_Q, SIGNAL_Q, CONTRIBUTE_Q, READ_RA, DRAFT_RA,
                     READ_M, MEASURE, SET_STATUS, PICTURE, READ_G, DOSSIER, SCENARIO},
    Role.DEPARTEMENT: {"lezen", READ_Q, CONTRIBUTE_Q, DECIDE_Q, READ_RA, READ_M, MEASURE, SET_STATUS, READ_G,
                       DOSSIER, SCENARIO},
    Role.LEZER: {"lezen", READ_Q, READ_RA, READ_M, READ_G},
    Role.BEHEERDER: {"lezen", "gebruikers-beheren", "lagen-beheren", "audit-lezen", READ_Q, READ_RA, READ_M, READ_G},
}  # fmt: skip


def actor_of(role: Role) -> Actor:
    return Actor(9, f"{role}@x.nl", role, provincie="PV26" if role is Role.PROVINCIE else None)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_may_do_exactly_its_listed_actions(role):
    """Every registered action, checked for every role (own province where a province is involved)."""
    allowed = {key for key, action in registry.actions().items() if can(actor_of(role), action, "PV26")}
    assert allowed == EXPECTED[role]


def test_every_registered_action_is_in_the_table():
    assert set(registry.actions()) == set().union(*EXPECTED.values())


@pytest.mark.parametrize(
    ("actor", "action", "provincie", "allowed"),
    [
        (UTRECHT, EDIT_CLAIMS, "PV26", True),
        (UTRECHT, EDIT_CLAIMS, "PV28", False),
        (UTRECHT, READ_AUDIT, "PV28", False),
        (UTRECHT, MANAGE_USERS, None, False),
        (Actor(2, "vro@minbzk.nl", Role.VRO), EDIT_CLAIMS, "PV28", True),
        (Actor(3, "ezk@minezk.nl", Role.DEPARTEMENT, departement="EZK"), EDIT_CLAIMS, "PV26", False),
        (Actor(4, "lezer@x.nl", Role.LEZER), READ, None, True),
        (Actor(4, "lezer@x.nl", Role.LEZER), EDIT_CLAIMS, "PV26", False),
        (Actor(5, "beheer@x.nl", Role.BEHEERDER), MANAGE_USERS, None, True),
        (Actor(5, "beheer@x.nl", Role.BEHEERDER), MANAGE_LAYERS, None, True),
        (Actor(5, "beheer@x.nl", Role.BEHEERDER), EDIT_CLAIMS, "PV26", False),
        (Actor.operator(), EDIT_CLAIMS, "PV31", True),
    ],
)
def test_can(actor, action, provincie, allowed):
    assert can(actor, action, provincie) is allowed


def test_refusals_explain_in_dutch():
    with pytest.raises(Forbidden, match="werkt voor provincie PV26 en mag geen gegevens van PV28 wijzigen"):
        require(UTRECHT, EDIT_CLAIMS, "PV28")
    with pytest.raises(Forbidden, match="de rol 'lezer' mag niet: claims, voorstellen en eigen doelen bewerken"):
        require(Actor(4, "lezer@x.nl", Role.LEZER), EDIT_CLAIMS, "PV26")
