"""The verantwoording of a ruimtelijk voorstel: which data it was built on, and with which definitions.

Seed 004, Bijlage 5 ("Afspraken over de basisset ruimtelijke data, ex ante analyse en het ruimtelijk
voorstel"): the voorstellen of the provinces must be "vergelijkbaar en optelbaar", and it must be clear
"welke ruimtelijke data als bronmateriaal zijn gebruikt en welke definities en eenheden de provincie
gehanteerd heeft" (Inleiding). Its Spelregels give the parts recorded here:

1. metadata in the Nationaal Geo Register, with the trefwoord 'basisset NOVEX' (spelregel 1);
2. pas-toe-of-leg-uit: a deviation from the basisset is motivated and records "minimaal de naam en
   vindplaats van de dataset" (spelregel 2);
3. an overview of the datasets used, basisset or aanvullend, and the analyses and selections that
   led to the result (spelregel 3);
4. definitions, indicators and units (spelregel 4).

The seed makes "op dit moment geen afspraken over de wijze van vastlegging" (spelregel 3): the fields
below are novex's design, named after the seed's words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import MISSING, asdict, dataclass, field, fields
from functools import cache
from typing import Any

from novex.claims.model import Voorstel
from novex.errors import CONTROL, ImportRejected, InvalidInput

BRON = "seed 004 Bijlage 5 (Basisset ruimtelijke data), Spelregels 1–4"
NGR_TREFWOORD = "basisset NOVEX"
"""The keyword that marks a dataset's NGR metadata record as part of the basisset (seed 004 Bijlage 5, spelregel 1)."""

ONTWERPKEUZE = (
    "Seed 004 Bijlage 5 vraagt een overzicht van de gebruikte datasets, afwijkingen met naam en vindplaats, "
    "definities en eenheden, maar maakt 'op dit moment geen afspraken over de wijze van vastlegging' "
    "(spelregel 3): de velden zijn een ontwerpkeuze van novex."
)
MAX_TEKST = 2000
MAX_ITEMS = 500
MAX_DOCUMENT = 200_000
"""Characters of the whole verantwoording as YAML: what the web form edits, whichever edge laid it down."""
_SURROGAAT = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class GebruikteDataset:
    """A dataset the voorstel used: where it is found, which version, under which licence (spelregel 3)."""

    naam: str
    vindplaats: str
    basisset: bool = False
    versie: str | None = None
    licentie: str | None = None
    ngr: str | None = None
    gebruik: str | None = None


@dataclass(frozen=True)
class Afwijking:
    """Pas-toe-of-leg-uit (spelregel 2): a basisset dataset not applied, what was used instead, and why."""

    basisset_dataset: str
    reden: str
    vervangen_door: str | None = None


@dataclass(frozen=True)
class Indicator:
    """An indicator of the voorstel with its definition and unit (spelregel 4), optionally for a catalogue goal."""

    naam: str
    definitie: str
    eenheid: str
    doel: str | None = None


@dataclass(frozen=True)
class Verantwoording:
    """The whole verantwoording of one voorstel (seed 004 Bijlage 5)."""

    datasets: tuple[GebruikteDataset, ...] = ()
    afwijkingen: tuple[Afwijking, ...] = ()
    indicatoren: tuple[Indicator, ...] = ()
    werkwijze: str | None = None

    def gegevens(self) -> dict[str, Any]:
        """As plain data (JSON, YAML, exports), the inverse of `uit_gegevens`."""
        return {
            "datasets": [_zonder_leeg(asdict(d)) for d in self.datasets],
            "afwijkingen": [_zonder_leeg(asdict(a)) for a in self.afwijkingen],
            "indicatoren": [_zonder_leeg(asdict(i)) for i in self.indicatoren],
            "werkwijze": self.werkwijze,
        }


@dataclass(frozen=True)
class VastgelegdeVerantwoording:
    """A stored verantwoording: of which voorstel version, who laid it down, and its optimistic-lock version."""

    verantwoording: Verantwoording
    voorstel_id: int
    versie: int
    gewijzigd_door: str
    gewijzigd_op: Any
    overgenomen_van: int | None = field(default=None)
    """The voorstel id it was taken over from, when this voorstel version has none of its own."""


def _zonder_leeg(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


DELEN = {"datasets": GebruikteDataset, "afwijkingen": Afwijking, "indicatoren": Indicator}
"""The parts of a verantwoording and the record each row is; their fields are the columns of an export."""


def _text_fields(kind: type) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A record's text fields: (required — no default, optional — default None); `basisset` is yes/no, not text."""
    text = [f for f in fields(kind) if f.name != "basisset"]
    return tuple(f.name for f in text if f.default is MISSING), tuple(f.name for f in text if f.default is None)


_VELDEN = {deel: _text_fields(kind) for deel, kind in DELEN.items()}


class _Lezer:
    """Collects every problem of the input, each with where it is, before anything is refused."""

    def __init__(self) -> None:
        self.problemen: list[str] = []

    def tekst(self, value: Any, waar: str, verplicht: bool) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if verplicht:
                self.problemen.append(f"{waar}: ontbreekt")
            return None
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.problemen.append(f"{waar}: verwacht tekst, kreeg {type(value).__name__}")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.problemen.append(f"{waar}: verwacht tekst, kreeg het getal {value}")
            return None
        text = str(value).strip()
        if _SURROGAAT.search(text):
            self.problemen.append(f"{waar}: bevat een ongeldig teken (losse UTF-16-surrogaat)")
            return None
        if CONTROL.search(text) or "\x00" in text:
            self.problemen.append(f"{waar}: bevat stuur- of richtingstekens")
            return None
        if len(text) > MAX_TEKST:
            self.problemen.append(f"{waar}: langer dan {MAX_TEKST} tekens ({len(text)})")
            return None
        return text

    def lijst(self, data: Mapping[str, Any], deel: str) -> list[dict[str, Any]]:
        raw = data.get(deel) or []
        if not isinstance(raw, list):
            self.problemen.append(f"{deel}: verwacht een lijst")
            return []
        if len(raw) > MAX_ITEMS:
            self.problemen.append(f"{deel}: meer dan {MAX_ITEMS} regels ({len(raw)})")
            return []
        verplicht, optioneel = _VELDEN[deel]
        rows = []
        for nummer, item in enumerate(raw, start=1):
            waar = f"{deel}[{nummer}]"
            if not isinstance(item, Mapping):
                self.problemen.append(f"{waar}: verwacht velden ({', '.join(verplicht + optioneel)})")
                continue
            bekend = set(verplicht) | set(optioneel) | ({"basisset"} if deel == "datasets" else set())
            onbekend = sorted(set(item) - bekend, key=repr)
            if onbekend:
                self.problemen.append(f"{waar}: onbekend veld {', '.join(map(repr, onbekend))}")
            row: dict[str, Any] = {k: self.tekst(item.get(k), f"{waar}.{k}", True) for k in verplicht}
            row |= {k: self.tekst(item.get(k), f"{waar}.{k}", False) for k in optioneel}
            if deel == "datasets":
                row["basisset"] = self.ja_nee(item.get("basisset", False), f"{waar}.basisset")
            rows.append(row)
        return rows

    def ja_nee(self, value: Any, waar: str) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in {"ja", "nee", "true", "false"}:
            return value.strip().lower() in {"ja", "true"}
        self.problemen.append(f"{waar}: verwacht ja of nee")
        return False


def lees_tekst(tekst: str, bron: str) -> Any:
    """YAML or JSON text as plain data; `InvalidInput` naming `bron` and the line when it is not.

    Safe YAML only (no tags that build objects); a key twice in one mapping, a value YAML cannot build (month
    13, `!!int abc`, an integer of thousands of digits) and nesting deeper than Python recurses are refused too.
    """
    import yaml

    try:
        return yaml.load(tekst, Loader=_loader())  # noqa: S506 - a SafeLoader subclass
    except _DubbeleSleutel as exc:
        raise InvalidInput(f"{bron}: sleutel {exc.sleutel!r} staat twee keer in dezelfde velden "
                           f"(regel {exc.regel})") from None  # fmt: skip
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (regel {mark.line + 1}, kolom {mark.column + 1})" if mark else ""
        raise InvalidInput(f"{bron}: geen geldige YAML of JSON{where}") from exc
    except (ValueError, OverflowError, TypeError):
        raise InvalidInput(
            f"{bron}: een waarde is geen geldige datum of getal (zoals maand 13, een getal van duizenden cijfers "
            "of !!int bij tekst); zet tekst tussen aanhalingstekens"
        ) from None
    except RecursionError:
        raise InvalidInput(f"{bron}: te diep genest") from None


class _DubbeleSleutel(Exception):
    def __init__(self, sleutel: Any, regel: int) -> None:
        super().__init__(sleutel)
        self.sleutel, self.regel = sleutel, regel


@cache
def _loader() -> type:
    """PyYAML's SafeLoader, refusing a key given twice in one mapping (PyYAML keeps the last silently)."""
    import yaml

    class Loader(yaml.SafeLoader):
        def construct_mapping(self, node: Any, deep: bool = False) -> dict:
            seen: set[Any] = set()
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=deep)
                try:
                    if key in seen:
                        raise _DubbeleSleutel(key, key_node.start_mark.line + 1)
                    seen.add(key)
                except TypeError:  # an unhashable key: SafeLoader refuses it with its mark
                    break
            return super().construct_mapping(node, deep=deep)

    return Loader


def als_tekst(verantwoording: Verantwoording | None) -> str:
    """The verantwoording as YAML, for editing (an empty outline when there is none)."""
    import yaml

    data = verantwoording.gegevens() if verantwoording else {"datasets": [], "afwijkingen": [], "indicatoren": [],
                                                              "werkwijze": None}  # fmt: skip
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def uit_gegevens(data: Any, bron: str = "verantwoording", doelen: Iterable[str] | None = None) -> Verantwoording:
    """Read a verantwoording from plain data (parsed JSON or YAML); every problem at once, in Dutch.

    `doelen`, when given, are the catalogue's goal ids an indicator may name.
    Raises `ImportRejected` naming each problem and where it is; nothing is kept then.
    """
    lezer = _Lezer()
    if not isinstance(data, Mapping):
        raise ImportRejected(bron, ["verwacht velden datasets, afwijkingen, indicatoren en werkwijze"])
    onbekend = sorted(set(data) - {"datasets", "afwijkingen", "indicatoren", "werkwijze"}, key=repr)
    if onbekend:
        lezer.problemen.append(f"onbekend veld {', '.join(map(repr, onbekend))}")
    datasets = lezer.lijst(data, "datasets")
    afwijkingen = lezer.lijst(data, "afwijkingen")
    indicatoren = lezer.lijst(data, "indicatoren")
    werkwijze = lezer.tekst(data.get("werkwijze"), "werkwijze", False)
    lezer.problemen += _regels(datasets, afwijkingen, indicatoren, set(doelen) if doelen is not None else None)
    if lezer.problemen:
        raise ImportRejected(bron, lezer.problemen)
    found = Verantwoording(
        tuple(GebruikteDataset(**d) for d in datasets),
        tuple(Afwijking(**a) for a in afwijkingen),
        tuple(Indicator(**i) for i in indicatoren),
        werkwijze,
    )
    texts = sum(len(v) for row in (*datasets, *afwijkingen, *indicatoren) for v in row.values() if isinstance(v, str))
    size = texts + len(werkwijze or "")
    if size <= MAX_DOCUMENT:  # the text alone fits: measure the YAML it is edited as
        size = len(als_tekst(found))
    if size > MAX_DOCUMENT:
        raise ImportRejected(bron, [f"samen langer dan {MAX_DOCUMENT} tekens (als YAML: {size}); de verantwoording "
                                    "moet in het webformulier passen"])  # fmt: skip
    return found


def _regels(
    datasets: list[dict], afwijkingen: list[dict], indicatoren: list[dict], doelen: set[str] | None
) -> list[str]:
    """The rules between fields: unique names, basisset datasets findable in the NGR, deviations that name a dataset."""
    problemen = _dubbel(datasets, "datasets") + _dubbel(indicatoren, "indicatoren")
    for nummer, d in enumerate(datasets, start=1):
        if d["basisset"] and d["naam"] and not d["ngr"]:
            problemen.append(
                f"datasets[{nummer}].ngr: een dataset uit de basisset is vindbaar in het Nationaal Geo Register "
                f"(metadata met trefwoord '{NGR_TREFWOORD}'); geef het adres of de identificatie van dat record"
            )
    by_name = {d["naam"]: d for d in datasets if d["naam"]}
    for nummer, a in enumerate(afwijkingen, start=1):
        vervangen = a["vervangen_door"]
        if vervangen is None:
            continue
        if vervangen not in by_name:
            problemen.append(f"afwijkingen[{nummer}].vervangen_door: {vervangen!r} staat niet onder datasets "
                             "(vermeld minimaal de naam en vindplaats van de dataset)")  # fmt: skip
        elif by_name[vervangen]["basisset"]:
            problemen.append(f"afwijkingen[{nummer}].vervangen_door: {vervangen!r} hoort zelf bij de basisset; "
                             "een afwijking gebruikt een andere dataset")  # fmt: skip
    if doelen is not None:
        for nummer, i in enumerate(indicatoren, start=1):
            if i["doel"] and i["doel"] not in doelen:
                problemen.append(f"indicatoren[{nummer}].doel: onbekend doel {i['doel']!r} in de catalogus")
    return problemen


def _dubbel(rows: list[dict], deel: str) -> list[str]:
    seen: dict[str, int] = {}
    problemen = []
    for nummer, row in enumerate(rows, start=1):
        naam = row.get("naam")
        if naam is None:
            continue
        if naam.casefold() in seen:
            problemen.append(f"{deel}[{nummer}].naam: {naam!r} staat er al ({deel}[{seen[naam.casefold()]}])")
        else:
            seen[naam.casefold()] = nummer
    return problemen


def _camel_key(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _camel(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{_camel_key(k): v for k, v in row.items()} for row in rows]


def verantwoording_json(voorstel: Voorstel, found: VastgelegdeVerantwoording | None) -> dict[str, Any]:
    """The API's answer: the voorstel, the verantwoording (empty when none) and where its fields come from."""
    data = found.verantwoording.gegevens() if found else {"datasets": [], "afwijkingen": [], "indicatoren": []}
    return {
        "voorstel": {"id": voorstel.id, "naam": voorstel.naam, "versie": voorstel.versie,
                     "provincie": voorstel.provincie},  # fmt: skip
        "vastgelegd": found is not None,
        "versie": found.versie if found else 0,
        "overgenomenVan": found.overgenomen_van if found else None,
        "gewijzigdDoor": found.gewijzigd_door if found else None,
        "gewijzigdOp": found.gewijzigd_op.isoformat() if found else None,
        "datasets": _camel(data["datasets"]),
        "afwijkingen": _camel(data["afwijkingen"]),
        "indicatoren": _camel(data["indicatoren"]),
        "werkwijze": data.get("werkwijze"),
        "bron": BRON,
        "ngrTrefwoord": NGR_TREFWOORD,
        "ontwerpkeuze": ONTWERPKEUZE,
    }
