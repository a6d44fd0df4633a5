"""The monitor's web pages: the dashboard (national, province, NOVEX area), agreements, rounds, import."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
