"""The meeting cycle, the fast procedure and the werkplaatsen (seed 002 §4.2–4.3, seed 001)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["vergaderingen"])
