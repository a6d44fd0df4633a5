"""Signed, expiring session cookies for the web app (itsdangerous), with a CSRF token."""

from __future__ import annotations

import secrets
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer

MAX_AGE = 8 * 3600  # a working day


class Sessions:
    """Issue and read session cookies: {user id, csrf token}, signed and time-limited."""

    def __init__(self, secret: str) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="novex-sessie")

    def issue(self, user_id: int) -> str:
        """A cookie value for a logged-in user."""
        return self._serializer.dumps({"u": user_id, "c": secrets.token_urlsafe(24)})

    def read(self, cookie: str | None) -> dict | None:
        """The session data, or None when absent, forged or expired."""
        if not cookie:
            return None
        try:
            return self._serializer.loads(cookie, max_age=MAX_AGE)
        except BadSignature:
            return None

    def user_id(self, cookie: str | None) -> int | None:
        """The logged-in user id of a cookie."""
        data = self.read(cookie)
        return int(data["u"]) if data else None

    def csrf(self, cookie: str | None) -> str | None:
        """The CSRF token bound to a session."""
        data = self.read(cookie)
        return data["c"] if data else None


def secret_key(configured: str | None, data_dir: Path) -> str:
    """The configured secret, or one generated once into the data directory (never in the repo)."""
    if configured:
        return configured
    path = data_dir / "secret.key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), "utf-8")
        path.chmod(0o600)
    return path.read_text("utf-8").strip()
