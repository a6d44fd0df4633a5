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


@dataclass(frozen=True)
class Action:
    """Something a user can be allowed to do, as data: who may, and whether it is bound to a province.

    Contexts declare their own actions (e.g. `novex.claims.actions`) and list them in their
    `Context`; this module declares the platform's own.
    """

    key: str  # e.g. "claims-bewerken"
    name: str  # Dutch, as in a refusal: "de rol 'lezer' mag niet: <name>"
    roles: frozenset[Role]
    province_refusal: str | None = None  # set when a province's planner may do it only for its own province

    def __str__(self) -> str:
        return self.key


EVERY_ROLE = frozenset(Role)

READ = Action("lezen", "gegevens lezen", EVERY_ROLE)
MANAGE_USERS = Action("gebruikers-beheren", "gebruikers beheren", frozenset({Role.BEHEERDER}))
READ_AUDIT = Action(
    "audit-lezen", "het auditlogboek lezen", frozenset({Role.VRO, Role.PROVINCIE, Role.BEHEERDER}),
    province_refusal="mag het auditlogboek van {provincie} niet lezen",
)  # fmt: skip
PLATFORM_ACTIONS = (READ, MANAGE_USERS, READ_AUDIT)


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
    if actor.role not in action.roles:
        return False
    return not (actor.role is Role.PROVINCIE and action.province_refusal and provincie != actor.provincie)


def require(actor: Actor, action: Action, provincie: str | None = None) -> None:
    """Raise `Forbidden` with a Dutch reason unless `can(actor, action, provincie)`."""
    if can(actor, action, provincie):
        return
    if actor.role in action.roles and action.province_refusal:
        refusal = action.province_refusal.format(provincie=provincie or "alle provincies")
        raise Forbidden(f"{actor.email} werkt voor provincie {actor.provincie} en {refusal}")
    raise Forbidden(f"de rol '{actor.role}' mag niet: {action.name}")
