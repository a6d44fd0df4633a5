"""The monitor in the API: /api/v1/monitor/… (the meter, measurements as a resource, statuses, rounds, the report)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["monitor"])
