"""Scenarios: herschikking of claims and goals within and between provinces, tried without touching the voorstellen."""
