"""Web pages of the meeting cycle, the fast procedure and the werkplaatsen."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
