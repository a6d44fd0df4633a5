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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from novex.gebieden.productketen import Citaat, Productketen
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


# -- as plain data for the edges (the API, `--format json`): keys camelCase as the area routes' are --------


def _naam(statussen: Sequence[Any], code: str | None) -> str | None:
    return None if code is None else next((s.naam for s in statussen if s.code == code), code)


def citaat_json(c: Citaat) -> dict[str, str]:
    """Where an item comes from: seed (3 digits), section and the verbatim quote."""
    return {"seed": c.seed[:3], "sectie": c.sectie, "citaat": c.tekst}


def keten_json(keten: Productketen) -> dict[str, Any]:
    """The chain: phases, products, horizon, elements, topics, governance, statuses, ministries (`ontwerpkeuze`)."""

    def items(found: Sequence[Any]) -> list[dict[str, Any]]:
        return [{"code": i.code, "naam": i.naam, "bron": citaat_json(i.citaat)} for i in found]

    def statussen(found: Sequence[Any]) -> list[dict[str, str]]:
        return [{"code": s.code, "naam": s.naam, "betekenis": s.betekenis} for s in found]

    h = keten.horizon
    return {
        "fasen": [{"code": f.code, "naam": f.naam, "resultaat": f.resultaat, "bron": citaat_json(f.citaat)}
                  for f in keten.fasen],
        "producten": [{"soort": p.soort, "naam": p.naam, "fase": p.fase, "bron": citaat_json(p.citaat)}
                      for p in keten.producten],
        "horizon": {"minJaren": h.min_jaren, "maxJaren": h.max_jaren, "bron": citaat_json(h.citaat)},
        "elementen": items(keten.elementen),
        "onderwerpen": items(keten.onderwerpen),
        "governance": items(keten.governance),
        "statussen": {"ontwerpkeuze": True, "toelichting": keten.ontwerpkeuze,
                      "product": statussen(keten.product_statussen), "afspraak": statussen(keten.afspraak_statussen)},
        "ministeries": {"ontwerpkeuze": True, "toelichting": keten.ministeries_toelichting,
                        "lijst": [{"code": m.code, "naam": m.naam} for m in keten.ministeries]},
    }  # fmt: skip


def product_json(p: Product, keten: Productketen) -> dict[str, Any]:
    """One product: kind, status (null: not stored yet), where its document is, its own fields, `versie`."""
    d = keten.product(p.soort)
    out: dict[str, Any] = {
        "soort": p.soort, "naam": d.naam if d else p.soort, "fase": d.fase if d else None, "status": p.status,
        "statusNaam": _naam(keten.product_statussen, p.status), "vindplaats": p.vindplaats, "versie": p.version,
        "gewijzigdDoor": p.gewijzigd_door, "gewijzigdOp": p.gewijzigd_op.isoformat() if p.gewijzigd_op else None,
    }  # fmt: skip
    if isinstance(p, Ontwikkelperspectief):
        out["datumVastgesteld"] = _iso(p.datum_vastgesteld)
        out["elementen"] = [{"code": e.code, "naam": e.naam, "tekst": p.elementen.get(e.code, "")}
                            for e in keten.elementen]  # fmt: skip
    elif isinstance(p, Uitvoeringsagenda):
        span = p.eindjaar - p.startjaar if p.startjaar is not None and p.eindjaar is not None else None
        out |= {"startjaar": p.startjaar, "eindjaar": p.eindjaar, "horizonJaren": span}
    elif isinstance(p, Investeringsagenda):
        out |= p.velden()
    return out


def afspraak_json(a: Uitvoeringsafspraak, keten: Productketen) -> dict[str, Any]:
    """One uitvoeringsafspraak: topic, text, owner, status, deadline, the RA agreements it lands in, `versie`."""
    return {
        "id": a.id, "gebied": a.gebied, "onderwerp": a.onderwerp,
        "onderwerpNaam": next((o.naam for o in keten.onderwerpen if o.code == a.onderwerp), a.onderwerp),
        "tekst": a.tekst, "eigenaar": a.eigenaar, "status": a.status,
        "statusNaam": _naam(keten.afspraak_statussen, a.status), "deadline": _iso(a.deadline),
        "raAfspraken": [str(r) for r in a.ra_afspraken], "versie": a.version, "gewijzigdDoor": a.gewijzigd_door,
        "gewijzigdOp": a.gewijzigd_op.isoformat() if a.gewijzigd_op else None,
    }  # fmt: skip


def dossier_json(d: Dossier, keten: Productketen) -> dict[str, Any]:
    """An area's dossier; `versie` is the dossier's own (phase and governance), each product and agreement has one."""
    fase = keten.fase(d.fase) if d.fase else None
    g = d.governance
    return {
        "gebied": d.gebied, "naam": d.naam, "provincies": list(d.provincies), "fase": d.fase,
        "faseNaam": fase.naam if fase else "onbekend", "faseResultaat": fase.resultaat if fase else None,
        "faseFactsheet": d.fase_factsheet,
        "governance": {"duoRijk": g.duo_rijk, "duoRegio": g.duo_regio, "bestuurlijkeTrekker": g.bestuurlijke_trekker,
                       "uitCatalogus": g.uit_catalogus, "bron": g.bron},
        "producten": [product_json(p, keten) for p in d.producten.values()],
        "afspraken": [afspraak_json(a, keten) for a in d.afspraken],
        "versie": d.version, "magBijwerken": d.mag_bijwerken, "ontwerpkeuze": keten.ontwerpkeuze,
    }  # fmt: skip


def bijdrage_json(b: BijdrageDeel3, keten: Productketen) -> dict[str, Any]:
    """What an area contributes to part 3 of the RA."""
    return {
        "gebied": b.gebied, "naam": b.naam, "provincies": list(b.provincies), "onderdeel": b.onderdeel,
        "onderdeelTitel": b.onderdeel_titel, "fase": b.fase,
        "ontwikkelperspectief": product_json(b.ontwikkelperspectief, keten),
        "afspraken": [afspraak_json(a, keten) for a in b.afspraken], "ontwerpkeuze": keten.ontwerpkeuze,
    }  # fmt: skip
