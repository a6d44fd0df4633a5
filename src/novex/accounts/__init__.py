"""Accounts: users, password hashes (argon2), API tokens."""
