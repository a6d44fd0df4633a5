"""The dossier of one NOVEX area: its phase, governance, products and uitvoeringsafspraken (seed 003 §4.2).

Plain data. The phase is one of the four phases of seed 003 §4.2, or None ("onbekend") until VRO or
the area's trekkers set it — the factsheet's free-text phase stays in the catalogue. The governance
(the Rijk–regio duo and the regional bestuurlijke trekker) is stored only once somebody edits it;
until then the edges show what the catalogue's `trekkers` say (`Governance.uit_catalogus`).

Products and agreements each carry a version for optimistic locking; version 0 means "not stored yet"
(a write on version 0 creates it). `velden`/`uit_velden` are the products' JSON shape, shared by
the store and the edges: dates ISO, amounts decimal strings (exact).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from novex.monitor.model import AfspraakRef

ONTWIKKELPERSPECTIEF = "ontwikkelperspectief"
UITVOERINGSAGENDA = "uitvoeringsagenda"
INVESTERINGSAGENDA = "regionale-investeringsagenda"


@dataclass(frozen=True)
class Gebiedsdossier:
    """What is stored of an area's dossier itself: the phase and the governance (None: not set)."""

    gebied: str
    fase: str | None = None
    duo_rijk: str | None = None
    duo_regio: str | None = None
    bestuurlijke_trekker: str | None = None
    gewijzigd_door: str | None = None
    gewijzigd_op: datetime | None = None
    version: int = 0

    @property
    def governance_vastgelegd(self) -> bool:
        """Whether the governance was edited (else the catalogue's trekkers are shown)."""
        return self.duo_rijk is not None


@dataclass(frozen=True)
class Governance:
    """The duo of a Rijk and a regional representative and the regional bestuurlijke trekker, as shown.

    `uit_catalogus`: nothing is stored yet, so the values are prefilled from the catalogue's `trekkers`
    (seed 004 Bijlage 3, "Bestuurlijke trekkers"); `bron` says where they come from.
    """

    duo_rijk: str
    duo_regio: str
    bestuurlijke_trekker: str
    uit_catalogus: bool
    bron: str


@dataclass(frozen=True)
class Product:
    """What every product of the dossier has: a status (None: not stored yet), where its document is, a version."""

    SOORT: ClassVar[str] = ""

    status: str | None = None
    vindplaats: str = ""  # the document: a title, a link, a decision number
    gewijzigd_door: str | None = None
    gewijzigd_op: datetime | None = None
    version: int = 0

    @property
    def soort(self) -> str:
        """The product's kind (`ontwikkelperspectief`, `uitvoeringsagenda`, `regionale-investeringsagenda`)."""
        return self.SOORT

    def velden(self) -> dict[str, Any]:
        """The fields of its kind as JSON (status and vindplaats apart)."""
        return {}


@dataclass(frozen=True)
class Ontwikkelperspectief(Product):
    """The ontwikkelperspectief: adopted on a date, and its six elements "op hoofdlijnen", each a text."""

    SOORT: ClassVar[str] = ONTWIKKELPERSPECTIEF

    datum_vastgesteld: date | None = None
    elementen: Mapping[str, str] = field(default_factory=dict)  # element code -> text

    def velden(self) -> dict[str, Any]:
        """Date and elements as JSON."""
        return {"datum_vastgesteld": _iso(self.datum_vastgesteld), "elementen": dict(self.elementen)}


@dataclass(frozen=True)
class Uitvoeringsagenda(Product):
    """The uitvoeringsagenda: what, when, with whom, over a horizon of four to ten years (startjaar..eindjaar)."""

    SOORT: ClassVar[str] = UITVOERINGSAGENDA

    startjaar: int | None = None
    eindjaar: int | None = None

    def velden(self) -> dict[str, Any]:
        """The years as JSON."""
        return {"startjaar": self.startjaar, "eindjaar": self.eindjaar}


@dataclass(frozen=True)
class Convenant:
    """The convenant a regional investment agenda is laid down in."""

    naam: str
    datum: date | None = None
    vindplaats: str = ""


@dataclass(frozen=True)
class Investeringsagenda(Product):
    """The regional investment agenda (RIA): an amount (exact euros, or a text such as 'PM') and its convenant."""

    SOORT: ClassVar[str] = INVESTERINGSAGENDA

    bedrag: Decimal | str | None = None
    convenant: Convenant | None = None

    def velden(self) -> dict[str, Any]:
        """Amount (decimal string or text, marked) and convenant as JSON."""
        bedrag: dict[str, str] | None = None
        if isinstance(self.bedrag, Decimal):
            bedrag = {"euro": str(self.bedrag)}
        elif isinstance(self.bedrag, str):
            bedrag = {"tekst": self.bedrag}
        c = self.convenant
        return {
            "bedrag": bedrag,
            "convenant": None if c is None else {"naam": c.naam, "datum": _iso(c.datum), "vindplaats": c.vindplaats},
        }


PRODUCTSOORTEN: dict[str, type[Product]] = {
    ONTWIKKELPERSPECTIEF: Ontwikkelperspectief,
    UITVOERINGSAGENDA: Uitvoeringsagenda,
    INVESTERINGSAGENDA: Investeringsagenda,
}
"""The products by kind, in the order of the chain."""


def uit_velden(
    soort: str, status: str | None, vindplaats: str, velden: Mapping[str, Any], door: str | None = None,
    op: datetime | None = None, version: int = 0,
) -> Product:  # fmt: skip
    """A product from its stored JSON (`ValueError`/`KeyError` on a malformed value)."""
    common: dict[str, Any] = {"status": status, "vindplaats": vindplaats or "", "gewijzigd_door": door,
                              "gewijzigd_op": op, "version": version}  # fmt: skip
    if soort == ONTWIKKELPERSPECTIEF:
        elementen = {str(k): str(v) for k, v in (velden.get("elementen") or {}).items()}
        return Ontwikkelperspectief(**common, datum_vastgesteld=_date(velden.get("datum_vastgesteld")),
                                    elementen=elementen)  # fmt: skip
    if soort == UITVOERINGSAGENDA:
        return Uitvoeringsagenda(**common, startjaar=velden.get("startjaar"), eindjaar=velden.get("eindjaar"))
    if soort == INVESTERINGSAGENDA:
        b = velden.get("bedrag") or {}
        bedrag: Decimal | str | None = Decimal(b["euro"]) if "euro" in b else b.get("tekst")
        c = velden.get("convenant")
        convenant = None if not c else Convenant(str(c["naam"]), _date(c.get("datum")), str(c.get("vindplaats") or ""))
        return Investeringsagenda(**common, bedrag=bedrag, convenant=convenant)
    raise ValueError(f"onbekende productsoort {soort!r}")


@dataclass(frozen=True)
class Uitvoeringsafspraak:
    """One uitvoeringsafspraak of an area: a topic of seed 003 §4.2, what is agreed, who owns it, its status.

    `ra_afspraken` names the agreements of the provinces' Ruimtelijk Arrangement it lands in (written
    ``PV26/A1``: province and the RA agreement's stable `sleutel`), part 3 of the RA: "Bijdrage vanuit de
    NOVEX-gebieden op basis van de ontwikkelperspectieven".
    """

    gebied: str
    onderwerp: str
    tekst: str
    status: str
    eigenaar: str = ""
    deadline: date | None = None
    ra_afspraken: tuple[AfspraakRef, ...] = ()
    gewijzigd_door: str | None = None
    gewijzigd_op: datetime | None = None
    id: int = 0
    version: int = 0


@dataclass(frozen=True)
class Dossier:
    """An area's whole dossier as read: the stored part, the governance shown, each product, the agreements."""

    gebied: str
    naam: str
    provincies: tuple[str, ...]
    fase: str | None
    fase_factsheet: str | None  # the catalogue's free text (seed 004 Bijlage 3), shown beside, never derived
    governance: Governance
    producten: Mapping[str, Product]  # by kind, every kind present (status None: not stored yet)
    afspraken: tuple[Uitvoeringsafspraak, ...]
    version: int
    mag_bijwerken: bool


@dataclass(frozen=True)
class BijdrageDeel3:
    """What an area contributes to part 3 of the RA: its ontwikkelperspectief's state and its agreements."""

    gebied: str
    naam: str
    provincies: tuple[str, ...]
    onderdeel: int
    onderdeel_titel: str
    fase: str | None
    ontwikkelperspectief: Ontwikkelperspectief
    afspraken: tuple[Uitvoeringsafspraak, ...]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
