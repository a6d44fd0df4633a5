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
NO_CLAIMS = "#d4d4d4"  # grey, not the palest blue: a province without claims must not look like a small voorstel
RATIO_STEPS = [(0.0, "#9ecae1"), (0.05, "#4292c6"), (0.1, "#2171b5"), (0.2, "#08306b")]


def domain_colour(slug: str) -> str:
    """The map colour of a domain."""
    return DOMAIN_COLOURS.get(slug, "#999999")


def ratio_colour(ratio: float) -> str:
    """Choropleth colour of the claim pressure (claimed ha per ha of land); grey for none at all."""
    if ratio <= 0:
        return NO_CLAIMS
    colour = RATIO_STEPS[0][1]
    for threshold, step in RATIO_STEPS:
        if ratio >= threshold:
            colour = step
    return colour
