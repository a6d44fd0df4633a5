"""The Ruimtelijk Arrangement in the API (seed 003 §4.1; seed 002 §3.4 and Bijlage 3)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["arrangementen"])
