"""Who may do what: roles, actions as data, and the one check every service calls.

The service layer starts each use case with `require(actor, action, provincie=…)`; the
edges may call `can()` to hide a button, but the service check is the one that counts.
A refusal is a `Forbidden` with a Dutch reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from novex.errors import Forbidden


class Role(StrEnum):
    """The roles of the NOVEX platform."""

    VRO = "vro"  # account holder at the ministry: all provinces, dialogue and arrangements
    PROVINCIE = "provincie"  # a province's planner: edits its own voorstel and claims
    DEPARTEMENT = "departement"  # a ministry's expert: reads all, contributes in its domain
    LEZER = "lezer"  # read-only
    BEHEERDER = "beheerder"  # manages users


class Action(StrEnum):
    """Everything a user can be allowed to do."""

    READ = "lezen"
    EDIT_CLAIMS = "claims-bewerken"  # create/import/update/delete claims and voorstellen
    MANAGE_LAYERS = "lagen-beheren"  # restriction layers and province targets
    MANAGE_USERS = "gebruikers-beheren"
    READ_AUDIT = "audit-lezen"  # the audit trail across objects (a province: its own province's)


ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.VRO: frozenset({Action.READ, Action.EDIT_CLAIMS, Action.MANAGE_LAYERS, Action.READ_AUDIT}),
    Role.PROVINCIE: frozenset({Action.READ, Action.EDIT_CLAIMS, Action.READ_AUDIT}),
    Role.DEPARTEMENT: frozenset({Action.READ}),
    Role.LEZER: frozenset({Action.READ}),
    Role.BEHEERDER: frozenset({Action.READ, Action.MANAGE_USERS, Action.MANAGE_LAYERS, Action.READ_AUDIT}),
}

# Actions a province's planner may take only on its own province's data, with the refusal's wording.
PROVINCE_SCOPED = {
    Action.EDIT_CLAIMS: "mag geen gegevens van {provincie} wijzigen",
    Action.READ_AUDIT: "mag het auditlogboek van {provincie} niet lezen",
}

ACTION_NAMES = {
    Action.READ: "gegevens lezen",
    Action.EDIT_CLAIMS: "claims en voorstellen bewerken",
    Action.MANAGE_LAYERS: "beperkingenlagen en doelen beheren",
    Action.MANAGE_USERS: "gebruikers beheren",
    Action.READ_AUDIT: "het auditlogboek lezen",
}


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user with a role, bound to a province or ministry where the role needs it."""

    user_id: int | None
    email: str
    role: Role
    provincie: str | None = None
    departement: str | None = None
    system: bool = False

    @classmethod
    def operator(cls) -> Actor:
        """The operator on the command line of the server itself: trusted with every action."""
        return cls(None, "systeem", Role.BEHEERDER, system=True)


def can(actor: Actor, action: Action, provincie: str | None = None) -> bool:
    """Whether `actor` may do `action` (on data of `provincie`, when given)."""
    if actor.system:
        return True
    if action not in ROLE_ACTIONS[actor.role]:
        return False
    return not (actor.role is Role.PROVINCIE and action in PROVINCE_SCOPED and provincie != actor.provincie)


def require(actor: Actor, action: Action, provincie: str | None = None) -> None:
    """Raise `Forbidden` with a Dutch reason unless `can(actor, action, provincie)`."""
    if can(actor, action, provincie):
        return
    if action in ROLE_ACTIONS[actor.role]:
        refusal = PROVINCE_SCOPED[action].format(provincie=provincie or "alle provincies")
        raise Forbidden(f"{actor.email} werkt voor provincie {actor.provincie} en {refusal}")
    raise Forbidden(f"de rol '{actor.role}' mag niet: {ACTION_NAMES[action]}")
