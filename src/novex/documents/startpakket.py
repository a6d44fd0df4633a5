"""The startpakket of one province (seed 003 §4.1): generic and specific part."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from novex.catalog.goals import province_goals
from novex.catalog.loader import Catalogus
from novex.catalog.model import Doel, NovexGebied, Provincieprofiel, Thema
from novex.documents.render import environment
from novex.geo.svg import Layer, svg_map
from novex.reference.provinces import ATTRIBUTION, Province, ProvinceIndex, landsdelen


@dataclass(frozen=True)
class ThemaVoorProvincie:
    """One theme as it applies to one province: national goals plus those placed in the province."""

    thema: Thema
    eigen_doelen: list[Doel]


@dataclass(frozen=True)
class Startpakket:
    """Everything the startpakket document of one province shows."""

    provincie: Province
    landsdeel: str
    profiel: Provincieprofiel | None
    themas: list[ThemaVoorProvincie]
    novex_gebieden: list[NovexGebied]
    kaart_svg: str
    catalogus: Catalogus


def build(cat: Catalogus, index: ProvinceIndex, code: str) -> Startpakket:
    """Assemble the startpakket of province `code` from the catalogue."""
    province = index.get(code)
    parts, _ = landsdelen()
    landsdeel = next(p.naam for p in parts if province.code in p.provincies)
    eigen = province_goals(cat, province.code).doelen
    themas = [
        ThemaVoorProvincie(t, [g.doel for g in eigen if g.thema is t and g.schaal != "nationaal"]) for t in cat.themas
    ]
    gebieden = [g for g in cat.novex_gebieden if province.code in g.provincies]
    neighbours = [p for p in index.provinces if p.code != province.code]
    kaart = svg_map(
        [
            Layer([p.geometry for p in neighbours], fill="#eef1f4", stroke="#9aa5b1", stroke_width=0.6),
            Layer(
                [province.geometry],
                fill="#cfe3f5",
                stroke="#154273",
                stroke_width=1.6,
                labels=[province.naam],
            ),
        ],
        extent=province.geometry,
        width=520,
        title=f"Kaart van de provincie {province.naam}",
    )
    return Startpakket(province, landsdeel, cat.profiel(province.code), themas, gebieden, kaart, cat)


def render_html(pakket: Startpakket, stylesheet: str | None = None) -> str:
    """The startpakket as a Dutch HTML document: styles inline (standalone, PDF) or linked from `stylesheet`."""
    template = environment().get_template("startpakket.html.j2")
    return template.render(p=pakket, attributie=ATTRIBUTION, vandaag=date.today(), stylesheet=stylesheet)


def stylesheet() -> str:
    """The document's CSS, for a web page whose security policy allows no inline styles."""
    return environment().get_template("startpakket.css").render()
