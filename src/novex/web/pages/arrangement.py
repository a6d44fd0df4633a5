"""Web pages of the Ruimtelijk Arrangement (seed 003 §4.1; seed 002 §3.4 and Bijlage 3)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
