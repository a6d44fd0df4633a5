"""Password hashing with Argon2id (argon2-cffi), and random secrets."""

from __future__ import annotations

import hashlib
import os
import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12


@cache
def _hasher() -> PasswordHasher:
    """Argon2id with the library's RFC 9106 defaults.

    `NOVEX_PASSWORD_HASH_COST=test` lowers the cost for the test suite only (hundreds of
    accounts are made there); hashes stay Argon2id and verify the same way.
    """
    if os.environ.get("NOVEX_PASSWORD_HASH_COST") == "test":
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()


def hash_password(password: str) -> str:
    """An Argon2id hash of the password."""
    return _hasher().hash(password)


def verify_password(stored: str, password: str) -> bool:
    """Whether the password matches the stored hash (constant-time inside argon2)."""
    try:
        return _hasher().verify(stored, password)
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
