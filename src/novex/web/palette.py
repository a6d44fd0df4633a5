"""Colours of domains and classes (WCAG-minded: distinct hues, dark outlines)."""

from __future__ import annotations

DOMAIN_COLOURS = {
    "wonen": "#d7301f",
    "economie": "#8c510a",
    "industrie": "#5e3c99",
    "energie-wind": "#0571b0",
    "energie-zon": "#f1b82d",
    "energienetten": "#6a51a3",
    "water": "#4eb3d3",
    "drinkwater": "#2b8cbe",
    "natuur": "#1a9850",
    "bos": "#00441b",
    "landbouw": "#a6d96a",
    "groen": "#66bd63",
    "recreatie": "#c2a5cf",
    "defensie": "#4d4d4d",
    "mobiliteit": "#878787",
    "erfgoed": "#b35806",
    "milieu": "#e7298a",
}
KLASSE_COLOURS = {"combineerbaar": "#1a9850", "voorwaardelijk": "#f1b82d", "conflict": "#b2182b"}
RATIO_STEPS = [(0.0, "#f7fbff"), (0.02, "#c6dbef"), (0.05, "#6baed6"), (0.1, "#2171b5"), (0.2, "#08306b")]


def domain_colour(slug: str) -> str:
    """The map colour of a domain."""
    return DOMAIN_COLOURS.get(slug, "#999999")


def ratio_colour(ratio: float) -> str:
    """Choropleth colour of an over-claim ratio (claimed ha / land ha)."""
    colour = RATIO_STEPS[0][1]
    for threshold, step in RATIO_STEPS:
        if ratio >= threshold:
            colour = step
    return colour
