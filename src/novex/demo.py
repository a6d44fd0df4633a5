"""Demo accounts for the embedded default: one per role, fresh passwords on each start."""

from __future__ import annotations

from dataclasses import dataclass

from novex.access import Actor
from novex.accounts.passwords import new_password
from novex.accounts.service import AccountService

DEMO_ACCOUNTS = (
    ("demo-vro@novex.local", "vro", None, None),
    ("demo-utrecht@novex.local", "provincie", "PV26", None),
    ("demo-zuid-holland@novex.local", "provincie", "PV28", None),
    ("demo-departement@novex.local", "departement", None, "Ministerie van Klimaat en Groene Groei"),
    ("demo-lezer@novex.local", "lezer", None, None),
    ("demo-beheerder@novex.local", "beheerder", None, None),
)


@dataclass(frozen=True)
class DemoLogin:
    """A demo account and its password for this run."""

    email: str
    role: str
    scope: str
    password: str


def ensure_demo_accounts(service: AccountService) -> list[DemoLogin]:
    """Create (or reset) the demo accounts and return their logins."""
    logins = []
    for email, role, provincie, departement in DEMO_ACCOUNTS:
        password = new_password()
        service.ensure_demo_user(Actor.operator(), email, role, password, provincie, departement)
        logins.append(DemoLogin(email, role, provincie or departement or "", password))
    return logins
