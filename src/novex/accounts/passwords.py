"""Password hashing with Argon2id (argon2-cffi), and random secrets."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # Argon2id with the library's RFC 9106 defaults
MIN_LENGTH = 12


def hash_password(password: str) -> str:
    """An Argon2id hash of the password."""
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    """Whether the password matches the stored hash (constant-time inside argon2)."""
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    """A new random API token (shown once to its owner)."""
    return "nvx_" + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What is stored of a token: its SHA-256 (tokens are long random strings)."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_password() -> str:
    """A random password for demo and new accounts."""
    return secrets.token_urlsafe(12)
