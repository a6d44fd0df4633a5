"""Web pages of the vraagstukken dialogue (seed 002): the board, a vraagstuk, signalling, triage, moves."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
