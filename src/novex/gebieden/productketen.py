"""The chain of products of a NOVEX area (seed 003 §4.2), as configuration read from `data/productketen.yaml`.

Seed 003 §4.2 sets out four phases, each with its result — huiswerkfase (the provincial startpakket
translated to the areas), concretiseringsfase (an *ontwikkelperspectief* per area, with six elements
"op hoofdlijnen"), operationaliseringsfase (an *uitvoeringsagenda* with a regional investment agenda,
RIA, "in de komende vier tot tien jaar", laid down in a convenant) and uitvoeringsfase
(*uitvoeringsafspraken* per area "onder andere" on eight topics) — a Rijk–regio duo with one regional
bestuurlijke trekker, VRO coordinating, and agreements that run together with the provinces' RAs.

Every item carries a verbatim quote of seed 003 that the loader finds back (`quote_in_seed`); the
statuses of products and agreements and the ministries behind a trekkend bewindspersoon are not in the
seeds and are marked `ontwerpkeuze` (the text the screens show). Read and checked once; a broken file is
an `InvalidInput` naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from novex.catalog.sources import SEED_FILES, quote_in_seed
from novex.errors import InvalidInput

DATA: Traversable = resources.files("novex.gebieden").joinpath("data")
PRODUCTKETEN_FILE = "productketen.yaml"
CODE = re.compile(r"[a-z][a-z0-9-]{0,39}")
"""A code of a phase, product, element, topic or status: stored in the database (at most 40 characters)."""
VASTGESTELD = "vastgesteld"
"""The product status that needs a date (a product is adopted on a day); the list must hold it."""


@dataclass(frozen=True)
class Citaat:
    """Where an item comes from: seed file, section, and a verbatim quote."""

    seed: str
    sectie: str
    tekst: str

    def __str__(self) -> str:
        return f"seed {self.seed[:3]} {self.sectie}: \u201c{self.tekst}\u201d"


@dataclass(frozen=True)
class Fase:
    """One of the four phases of seed 003 §4.2 and its result."""

    code: str
    naam: str
    resultaat: str
    citaat: Citaat


@dataclass(frozen=True)
class ProductDef:
    """A product the dossier keeps: its kind, Dutch name and the phase whose result it is."""

    soort: str
    naam: str
    fase: str
    citaat: Citaat


@dataclass(frozen=True)
class Item:
    """An element of the ontwikkelperspectief, a topic of the uitvoeringsafspraken or a governance rule."""

    code: str
    naam: str
    citaat: Citaat


@dataclass(frozen=True)
class Horizon:
    """The uitvoeringsagenda's horizon: eindjaar − startjaar lies in [min_jaren, max_jaren]."""

    min_jaren: int
    max_jaren: int
    citaat: Citaat


@dataclass(frozen=True)
class Status:
    """A status of a product or an agreement (a design choice of this platform)."""

    code: str
    naam: str
    betekenis: str


@dataclass(frozen=True)
class Ministerie:
    """A ministry and the words that name it in a trekker's function (a design choice of this platform)."""

    code: str
    naam: str
    woorden: tuple[str, ...]

    def in_tekst(self, tekst: str) -> bool:
        """Whether one of its words stands in `tekst` as a whole word (case-insensitive)."""
        return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", tekst, re.IGNORECASE) for w in self.woorden)

    def is_(self, departement: str) -> bool:
        """Whether an account's ministry (`Actor.departement`, e.g. 'EZK') is this one."""
        wanted = departement.strip().casefold()
        return bool(wanted) and wanted in {self.code.casefold(), *(w.casefold() for w in self.woorden)}


@dataclass(frozen=True)
class Productketen:
    """The whole chain: phases, products, horizon, elements, topics, governance, statuses, ministries."""

    fasen: tuple[Fase, ...]
    producten: tuple[ProductDef, ...]
    horizon: Horizon
    elementen: tuple[Item, ...]
    onderwerpen: tuple[Item, ...]
    governance: tuple[Item, ...]
    product_statussen: tuple[Status, ...]
    afspraak_statussen: tuple[Status, ...]
    ontwerpkeuze: str
    ministeries: tuple[Ministerie, ...]
    ministeries_toelichting: str

    def fase(self, code: str) -> Fase | None:
        """The phase with this code."""
        return next((f for f in self.fasen if f.code == code), None)

    def product(self, soort: str) -> ProductDef | None:
        """The product of this kind."""
        return next((p for p in self.producten if p.soort == soort), None)

    def governance_item(self, code: str) -> Item:
        """A governance rule by code (`KeyError` when unknown: a typo in the code fails loudly)."""
        found = next((g for g in self.governance if g.code == code), None)
        if found is None:
            raise KeyError(code)
        return found

    @property
    def fase_codes(self) -> tuple[str, ...]:
        """The phase codes, in order."""
        return tuple(f.code for f in self.fasen)

    @property
    def element_codes(self) -> tuple[str, ...]:
        """The ontwikkelperspectief's element codes, in order."""
        return tuple(e.code for e in self.elementen)

    @property
    def onderwerp_codes(self) -> tuple[str, ...]:
        """The agreement topic codes, in order."""
        return tuple(o.code for o in self.onderwerpen)

    @property
    def product_codes(self) -> tuple[str, ...]:
        """The product status codes, in order (the first is a new product's default)."""
        return tuple(s.code for s in self.product_statussen)

    @property
    def afspraak_codes(self) -> tuple[str, ...]:
        """The agreement status codes, in order (the first is a new agreement's default)."""
        return tuple(s.code for s in self.afspraak_statussen)

    def ministeries_van(self, teksten: Sequence[str]) -> tuple[Ministerie, ...]:
        """The ministries one of `teksten` (a trekker's function, seed 003's trekkend bewindspersoon) names."""
        return tuple(m for m in self.ministeries if any(m.in_tekst(t) for t in teksten if t))


class _Reader:
    """Reads the YAML's parts, collecting every problem with the path of its field."""

    def __init__(self, seed: str) -> None:
        self.seed = seed
        self.problems: list[str] = []

    def text(self, data: Mapping[str, Any], key: str, where: str, required: bool = True) -> str:
        value = data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problems.append(f"{where}.{key}: {'ontbreekt' if value is None else 'moet tekst zijn'}")
            return ""
        return value.strip()

    def code(self, data: Mapping[str, Any], key: str, where: str) -> str:
        value = self.text(data, key, where)
        if value and not CODE.fullmatch(value):
            self.problems.append(f"{where}.{key}: '{value[:60]}' mag alleen kleine letters, cijfers en '-' bevatten "
                                 "(hoogstens 40 tekens, begint met een letter)")  # fmt: skip
        return value

    def citaat(self, data: Mapping[str, Any], where: str, sectie: str | None = None) -> Citaat:
        tekst = self.text(data, "citaat", where)
        sectie = sectie or self.text(data, "sectie", where)
        if tekst and self.seed in SEED_FILES and not quote_in_seed(self.seed, tekst):
            self.problems.append(f"{where}.citaat: '{tekst[:80]}' staat niet letterlijk in seed {self.seed[:3]}")
        return Citaat(self.seed, sectie, tekst)

    def items(self, data: Mapping[str, Any], key: str) -> list[tuple[str, Mapping[str, Any]]]:
        value = data.get(key)
        if not isinstance(value, list) or not value:
            self.problems.append(f"{key}: verwacht een niet-lege lijst")
            return []
        found = []
        for n, item in enumerate(value, start=1):
            if isinstance(item, dict):
                found.append((f"{key}[{n}]", item))
            else:
                self.problems.append(f"{key}[{n}]: verwacht velden (code, naam, …)")
        return found

    def unique(self, key: str, codes: Sequence[str]) -> None:
        doubles = sorted({c for c in codes if c and codes.count(c) > 1})
        self.problems += [f"{key}: '{c}' staat er dubbel in" for c in doubles]

    def simple_items(self, data: Mapping[str, Any], key: str, sectie: str) -> tuple[Item, ...]:
        found = tuple(
            Item(self.code(d, "code", w), self.text(d, "naam", w), self.citaat(d, w, d.get("sectie") or sectie))
            for w, d in self.items(data, key)
        )
        self.unique(key, [i.code for i in found])
        return found

    def statussen(self, data: Mapping[str, Any], key: str) -> tuple[Status, ...]:
        found = tuple(
            Status(self.code(d, "code", w), self.text(d, "naam", w), self.text(d, "betekenis", w, required=False))
            for w, d in self.items(data, key)
        )
        self.unique(key, [s.code for s in found])
        return found


def lees_productketen(source: Traversable | Path | None = None) -> Productketen:
    """Read and check the chain of products (by default the shipped file); `InvalidInput` naming each bad field."""
    source = source or DATA.joinpath(PRODUCTKETEN_FILE)
    name = getattr(source, "name", PRODUCTKETEN_FILE)
    try:
        data = yaml.safe_load(source.read_text("utf-8"))
    except OSError as exc:
        raise InvalidInput(f"productketen {name}: niet te lezen (systeemfout {exc.errno})") from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"productketen {name}: geen UTF-8-tekst (byte {exc.start})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        waar = f" op regel {mark.line + 1}, kolom {mark.column + 1}" if mark is not None else ""
        raise InvalidInput(f"productketen {name}: niet te lezen, geen geldige YAML{waar}") from exc
    if not isinstance(data, dict):
        raise InvalidInput(f"productketen {name}: verwacht velden (bron, fasen, producten, …)")
    bron = data.get("bron") if isinstance(data.get("bron"), dict) else {}
    seed = bron.get("seed") if isinstance(bron.get("seed"), str) else ""
    r = _Reader(seed)
    if seed not in SEED_FILES:
        r.problems.append(f"bron.seed: '{str(seed)[:60]}' is geen bronbestand; bekend: {', '.join(SEED_FILES)}")
    r.text(bron, "sectie", "bron")

    fasen = tuple(
        Fase(r.code(d, "code", w), r.text(d, "naam", w), r.text(d, "resultaat", w), r.citaat(d, w))
        for w, d in r.items(data, "fasen")
    )
    r.unique("fasen", [f.code for f in fasen])
    for n, f in enumerate(fasen, start=1):
        if f.resultaat and f.citaat.tekst and f.resultaat not in f.citaat.tekst:
            r.problems.append(f"fasen[{n}].resultaat: staat niet in het citaat van de fase")
    producten = tuple(
        ProductDef(r.code(d, "soort", w), r.text(d, "naam", w), r.code(d, "fase", w), r.citaat(d, w))
        for w, d in r.items(data, "producten")
    )
    r.unique("producten", [p.soort for p in producten])
    fase_codes = {f.code for f in fasen}
    r.problems += [f"producten[{n}].fase: '{p.fase}' is geen fase" for n, p in enumerate(producten, start=1)
                   if p.fase and p.fase not in fase_codes]  # fmt: skip

    h = data.get("horizon") if isinstance(data.get("horizon"), dict) else {}
    bounds = [h.get("min_jaren"), h.get("max_jaren")]
    if not all(isinstance(b, int) and not isinstance(b, bool) and 1 <= b <= 50 for b in bounds):
        r.problems.append("horizon.min_jaren en horizon.max_jaren: gehele aantallen jaren van 1 tot 50")
        bounds = [0, 0]
    elif bounds[0] > bounds[1]:
        r.problems.append("horizon.min_jaren: groter dan horizon.max_jaren")
    horizon = Horizon(bounds[0], bounds[1], r.citaat(h, "horizon"))

    elementen = r.simple_items(data, "elementen", r.text(data, "elementen_sectie", "elementen_sectie"))
    onderwerpen = r.simple_items(data, "onderwerpen", r.text(data, "onderwerpen_sectie", "onderwerpen_sectie"))
    governance = r.simple_items(data, "governance", "")
    missing = {"duo", "bestuurlijke-trekker", "coordinatie", "ra-koppeling"} - {g.code for g in governance}
    r.problems += [f"governance: '{code}' ontbreekt" for code in sorted(missing)]

    s = data.get("statussen") if isinstance(data.get("statussen"), dict) else {}
    if s.get("ontwerpkeuze") is not True:
        r.problems.append("statussen.ontwerpkeuze: moet true zijn (de seeds noemen geen statussen)")
    toelichting = r.text(s, "toelichting", "statussen")
    product_statussen = r.statussen(s, "product")
    afspraak_statussen = r.statussen(s, "afspraak")
    if product_statussen and VASTGESTELD not in {p.code for p in product_statussen}:
        r.problems.append(f"statussen.product: '{VASTGESTELD}' ontbreekt (een vastgesteld product krijgt een datum)")

    m = data.get("ministeries") if isinstance(data.get("ministeries"), dict) else {}
    if m.get("ontwerpkeuze") is not True:
        r.problems.append("ministeries.ontwerpkeuze: moet true zijn (de seeds noemen geen ministeries per functie)")
    ministeries = []
    for w, d in r.items(m, "lijst"):
        woorden = d.get("woorden")
        if not isinstance(woorden, list) or not woorden or not all(isinstance(x, str) and x.strip() for x in woorden):
            r.problems.append(f"ministeries.{w}.woorden: verwacht een niet-lege lijst van woorden")
            woorden = []
        ministeries.append(Ministerie(r.text(d, "code", f"ministeries.{w}"), r.text(d, "naam", f"ministeries.{w}"),
                                      tuple(x.strip() for x in woorden)))  # fmt: skip
    r.unique("ministeries.lijst", [x.code for x in ministeries])
    ministeries_toelichting = r.text(m, "toelichting", "ministeries")

    if r.problems:
        raise InvalidInput(f"productketen {name}: " + "; ".join(r.problems))
    return Productketen(
        fasen, producten, horizon, elementen, onderwerpen, governance, product_statussen, afspraak_statussen,
        toelichting, tuple(ministeries), ministeries_toelichting,
    )  # fmt: skip


@cache
def productketen() -> Productketen:
    """The shipped chain of products (read and checked once)."""
    return lees_productketen()
