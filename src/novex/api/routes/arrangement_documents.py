"""Documents of the Ruimtelijk Arrangement in the API: the RA, the diff between versions, the BOL list."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["arrangementen"])
