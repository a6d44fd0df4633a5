"""Account use cases: add users, log in, issue and resolve API tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import cache

from novex.access import MANAGE_USERS, Actor, Role, require
from novex.accounts.model import User
from novex.accounts.passwords import MIN_LENGTH, hash_password, new_password, new_token, token_digest, verify_password
from novex.accounts.ports import UserRepository
from novex.audit import AuditLog, event
from novex.errors import Forbidden, InvalidInput, NotFound, StateConflict
from novex.reference.provinces import ProvinceIndex

MAX_FAILURES = 5
LOCK_MINUTES = 15
SESSION_HOURS = 8  # a working day
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class WebSession:
    """A new web session: the cookie value (shown to the browser once), its CSRF token and expiry."""

    cookie: str
    csrf: str
    expires_at: datetime


@cache
def _dummy_hash() -> str:
    """A fixed hash to verify against when the email is unknown: both paths take the same time."""
    return hash_password("novex-dummy-password")


class AccountService:
    """Users and authentication over one repository (one unit of work)."""

    def __init__(self, repo: UserRepository, audit: AuditLog, provinces: ProvinceIndex) -> None:
        self.repo, self.audit, self.provinces = repo, audit, provinces

    def add_user(
        self,
        actor: Actor,
        email: str,
        naam: str,
        role: str,
        password: str,
        provincie: str | None = None,
        departement: str | None = None,
    ) -> User:
        """Create an account; only a beheerder (or the operator) may."""
        require(actor, MANAGE_USERS)
        email = email.strip().lower()
        if not EMAIL.match(email):
            raise InvalidInput(f"{email!r} is geen e-mailadres")
        role_, provincie, departement = self._role_binding(role, provincie, departement)
        if len(password) < MIN_LENGTH:
            raise InvalidInput(f"het wachtwoord moet minstens {MIN_LENGTH} tekens hebben")
        if self.repo.by_email(email) is not None:
            raise StateConflict(f"er bestaat al een account voor {email}")
        user = User(0, email, naam.strip() or email, role_, provincie, departement)
        stored = self.repo.add(user, hash_password(password))
        where = f" ({stored.provincie or stored.departement})" if stored.provincie or stored.departement else ""
        summary = f"account {email} aangemaakt met rol {role_}{where}"
        self.audit.record([event(actor, "gebruiker.aangemaakt", ("gebruiker", stored.id), summary, stored.provincie)])
        return stored

    def authenticate(self, email: str, password: str, address: str = "?", now: datetime | None = None) -> User:
        """The user with these credentials; `Forbidden` with one message for every failure.

        After `MAX_FAILURES` wrong passwords in a row from one client `address` the account
        is locked for `LOCK_MINUTES` *from that address*; a correct password from there is
        refused too during the lock. Others can thus not lock a user out from elsewhere.
        """
        now = now or datetime.now(UTC)
        found = self.repo.by_email(email.strip().lower())
        stored = found[1] if found else _dummy_hash()
        ok = verify_password(stored, password)
        if found is None or not found[0].actief:
            raise Forbidden("onjuiste combinatie van e-mailadres en wachtwoord")
        user, address = found[0], address[:64]
        failures, locked_until = self.repo.lock_state(user.id, address)
        if locked_until is not None and locked_until > now:
            raise Forbidden(f"account tijdelijk geblokkeerd vanaf dit adres na {MAX_FAILURES} mislukte pogingen; "
                            f"probeer het na {locked_until.astimezone().strftime('%H:%M')} opnieuw")  # fmt: skip
        if not ok:
            failures += 1
            lock = now + timedelta(minutes=LOCK_MINUTES) if failures >= MAX_FAILURES else None
            self.repo.set_lock_state(user.id, address, 0 if lock else failures, lock)
            if lock:
                summary = f"account {user.email} geblokkeerd vanaf {address} tot {lock.isoformat(timespec='minutes')}"
                details = {"mislukte_pogingen": failures, "tot": lock.isoformat(), "adres": address}
                self.audit.record(
                    [event(Actor.operator(), "gebruiker.geblokkeerd", ("gebruiker", user.id), summary, details=details)]
                )
            raise Forbidden("onjuiste combinatie van e-mailadres en wachtwoord")
        if failures or locked_until:
            self.repo.set_lock_state(user.id, address, 0, None)
        return user

    def start_session(self, user: User, now: datetime | None = None) -> WebSession:
        """A new web session for a logged-in user; only the digest of its cookie is stored."""
        now = now or datetime.now(UTC)
        started = WebSession(new_token(), new_token(), now + timedelta(hours=SESSION_HOURS))
        self.repo.add_session(token_digest(started.cookie), user.id, started.csrf, started.expires_at)
        return started

    def session_user(self, cookie: str | None, now: datetime | None = None) -> tuple[User, str] | None:
        """The active user and CSRF token behind a session cookie; None when absent, ended or expired."""
        if not cookie or len(cookie) > 200:
            return None
        return self.repo.session_user(token_digest(cookie), now or datetime.now(UTC))

    def end_session(self, cookie: str | None) -> None:
        """Log out: the session cookie is worthless from now on, wherever a copy of it is."""
        if cookie and len(cookie) <= 200:
            self.repo.delete_session(token_digest(cookie))

    def issue_token(self, user: User, label: str = "api") -> str:
        """A new API token for the user (returned once; only its digest is stored)."""
        token = new_token()
        self.repo.add_token(user.id, token_digest(token), label)
        summary = f"API-token '{label}' uitgegeven aan {user.email}"
        self.audit.record([event(user.actor(), "token.uitgegeven", ("gebruiker", user.id), summary)])
        return token

    def user_for_token(self, token: str) -> User | None:
        """The active user owning a bearer token, if any."""
        return self.repo.by_token(token_digest(token))

    def ensure_demo_user(
        self,
        actor: Actor,
        email: str,
        role: str,
        password: str,
        provincie: str | None = None,
        departement: str | None = None,
    ) -> User:
        """Create a demo account, or give an existing one this (new) password."""
        require(actor, MANAGE_USERS)
        found = self.repo.by_email(email)
        if found is None:
            return self.add_user(actor, email, f"Demo {role}", role, password, provincie, departement)
        self.repo.set_password(found[0].id, hash_password(password))
        summary = f"nieuw wachtwoord voor demo-account {email}"
        self.audit.record([event(actor, "gebruiker.wachtwoord-gezet", ("gebruiker", found[0].id), summary)])
        return found[0]

    def users(self, actor: Actor) -> list[User]:
        """All accounts (beheerder only)."""
        require(actor, MANAGE_USERS)
        return self.repo.all()

    def user(self, actor: Actor, user_id: int) -> User:
        """One account (beheerder only); `NotFound` otherwise."""
        require(actor, MANAGE_USERS)
        found = self.repo.get(user_id)
        if found is None:
            raise NotFound(f"account {user_id} bestaat niet")
        return found

    def set_active(self, actor: Actor, user_id: int, active: bool, reden: str | None = None) -> User:
        """Block or unblock an account; a block ends its sessions at once (and its tokens stop working)."""
        user = self.user(actor, user_id)
        if actor.user_id == user.id and not active:
            raise InvalidInput("u kunt uw eigen account niet blokkeren")
        changed = replace(user, actief=active)
        self.repo.update(changed)
        if not active:
            self.repo.end_sessions(user.id)
        what = "gedeblokkeerd" if active else "geblokkeerd"
        kind = "gebruiker.gedeblokkeerd" if active else "gebruiker.uitgeschakeld"
        self.audit.record([event(actor, kind, ("gebruiker", user.id), f"account {user.email} {what}",
                                 user.provincie, reden=reden)])  # fmt: skip
        return changed

    def reset_password(self, actor: Actor, user_id: int) -> str:
        """Give an account a new random password (returned once); end its sessions and revoke its API tokens."""
        user = self.user(actor, user_id)
        password = new_password()
        self.repo.set_password(user.id, hash_password(password))
        self.repo.end_sessions(user.id)
        self.repo.revoke_tokens(user.id)
        summary = f"nieuw wachtwoord voor {user.email}"
        self.audit.record([event(actor, "gebruiker.wachtwoord-gezet", ("gebruiker", user.id), summary, user.provincie)])
        return password

    def change_role(
        self, actor: Actor, user_id: int, role: str, provincie: str | None = None, departement: str | None = None
    ) -> User:
        """Give an account another role (with its province or ministry); its sessions end."""
        user = self.user(actor, user_id)
        role_, provincie, departement = self._role_binding(role, provincie, departement)
        if actor.user_id == user.id and role_ is not Role.BEHEERDER:
            raise InvalidInput("u kunt uw eigen beheerrol niet afgeven; laat een andere beheerder dat doen")
        changed = replace(user, role=role_, provincie=provincie, departement=departement)
        self.repo.update(changed)
        self.repo.end_sessions(user.id)
        where = f" ({provincie or departement})" if provincie or departement else ""
        summary = f"rol van {user.email}: {user.role} → {role_}{where}"
        details = {"rol": [str(user.role), str(role_)], "provincie": [user.provincie, provincie]}
        self.audit.record([event(actor, "gebruiker.rol-gewijzigd", ("gebruiker", user.id), summary, provincie,
                                 details)])  # fmt: skip
        return changed

    def _role_binding(
        self, role: str, provincie: str | None, departement: str | None
    ) -> tuple[Role, str | None, str | None]:
        """A role with the province or ministry it needs (and nothing it does not)."""
        try:
            role_ = Role(role)
        except ValueError:
            raise InvalidInput(f"onbekende rol {role!r}; kies uit {', '.join(Role)}") from None
        provincie = (provincie or "").strip() or None
        departement = (departement or "").strip() or None
        if role_ is Role.PROVINCIE:
            if not provincie:
                raise InvalidInput("een provincie-account hoort bij een provincie: kies de provincie")
            provincie = self.provinces.get(provincie).code
        elif provincie:
            raise InvalidInput(f"alleen de rol 'provincie' hoort bij een provincie, niet '{role_}'")
        if role_ is Role.DEPARTEMENT and not departement:
            raise InvalidInput("een departement-account hoort bij een ministerie: geef het ministerie")
        return role_, provincie, departement if role_ is Role.DEPARTEMENT else None
