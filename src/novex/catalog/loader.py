"""Load and validate the catalogue data files into one `Catalogus`.

Errors name the data file and the item (by id or position) so a broken edit is
found at once: a missing source, a duplicate id, an unknown domain or province,
a quote that is not in the cited seed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from novex.catalog.model import (
    Compatibiliteit,
    Doel,
    Domein,
    NovexGebied,
    Novi,
    Provincieprofiel,
    Source,
    StartpakketOnderdeel,
    Thema,
    Werkwijze,
)
from novex.catalog.sources import quote_in_seed
from novex.errors import InvalidInput

DATA_DIR = Path(str(resources.files("novex.catalog").joinpath("data")))


class CatalogError(InvalidInput):
    """A catalogue data file is invalid; the message names file and item."""


@dataclass(frozen=True)
class Catalogus:
    """The whole validated catalogue: NOVI framework, startpakket, rules, vocabulary."""

    versie: str
    novi: Novi
    werkwijze: Werkwijze
    startpakket: list[StartpakketOnderdeel]
    themas: list[Thema]
    novex_gebieden: list[NovexGebied]
    provincieprofielen: list[Provincieprofiel]
    domeinen: list[Domein]
    compatibiliteit: list[Compatibiliteit]

    def thema(self, thema_id: str) -> Thema:
        """One theme by id; `KeyError` with the known ids when absent."""
        for thema in self.themas:
            if thema.id == thema_id:
                return thema
        raise KeyError(f"onbekend thema {thema_id!r}; bekend: {', '.join(t.id for t in self.themas)}")

    def domein_slugs(self) -> set[str]:
        """The controlled vocabulary of claim domains."""
        return {d.slug for d in self.domeinen}

    def profiel(self, code: str) -> Provincieprofiel | None:
        """A province's profile by CBS code, if the seed has one."""
        return next((p for p in self.provincieprofielen if p.code == code), None)

    def goal_ids(self) -> set[str]:
        """Every goal id of the catalogue: national, per area, and per province."""
        ids = {d.id for t in self.themas for d in (*t.nationale_doelen, *t.doelen_per_gebied)}
        for profiel in self.provincieprofielen:
            ids |= {d.id for d in profiel.doelen}
            if profiel.woningbouw_tot_2030:
                ids.add(profiel.woningbouw_tot_2030.id)
        return ids


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it: 10× faster


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text("utf-8"), Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise CatalogError(f"{path.name}: geen geldige YAML: {exc}") from exc


def _validate(model: type[BaseModel], data: Any, path: Path) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise CatalogError(_describe(exc, data, path)) from exc


def _describe(exc: ValidationError, data: Any, path: Path) -> str:
    """Turn a pydantic error into 'file: item <id> (location): message' lines."""
    lines = []
    for err in exc.errors():
        loc = err["loc"]
        item = _item_label(data, loc)
        where = ".".join(str(part) for part in loc)
        lines.append(f"{path.name}: {item}{where}: {err['msg']}")
    return "\n".join(lines)


def _item_label(data: Any, loc: tuple[Any, ...]) -> str:
    """The innermost id/slug/code on the path of an error, for the message."""
    label = ""
    node = data
    for part in (None, *loc):
        if part is not None:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
        if isinstance(node, dict):
            for key in ("id", "slug", "code", "domeinen"):
                if key in node:
                    label = f"item {node[key]!r} "
                    break
    return label


def _sources(obj: Any, trail: str = "") -> Iterator[tuple[str, Source]]:
    """Every Source inside a model, with a readable trail to it."""
    if isinstance(obj, Source):
        yield trail, obj
    elif isinstance(obj, BaseModel):
        name = getattr(obj, "id", None) or getattr(obj, "slug", None) or getattr(obj, "code", None)
        here = f"{trail}/{name}" if isinstance(name, str) else trail
        for key in type(obj).model_fields:
            yield from _sources(getattr(obj, key), f"{here}.{key}" if not name else here)
    elif isinstance(obj, list):
        for index, value in enumerate(obj):
            yield from _sources(value, f"{trail}[{index}]")


def _ids(obj: Any) -> Iterator[str]:
    """Every item id inside a model (ids must be unique across the catalogue)."""
    if isinstance(obj, BaseModel):
        item_id = getattr(obj, "id", None)
        if isinstance(item_id, str) and "id" in type(obj).model_fields:
            yield item_id
        for key in type(obj).model_fields:
            yield from _ids(getattr(obj, key))
    elif isinstance(obj, list):
        for value in obj:
            yield from _ids(value)


def _check_sources(name: str, parsed: Any) -> None:
    for trail, source in _sources(parsed):
        if not quote_in_seed(source.seed, source.quote):
            where = trail or "(top)"
            raise CatalogError(f"{name}: item {where}: citaat niet gevonden in {source.seed}: {source.quote[:80]!r}")


def load_catalog(data_dir: Path = DATA_DIR) -> Catalogus:
    """Read, validate and cross-check every data file of the catalogue."""
    meta = _read_yaml(data_dir / "catalogus.yaml")
    files: dict[str, Any] = {}

    def load(rel: str, model: type[BaseModel], key: str | None = None) -> Any:
        path = data_dir / rel
        if not path.exists():
            raise CatalogError(f"{rel}: bestand ontbreekt in {data_dir}")
        data = _read_yaml(path)
        payload = data[key] if key and isinstance(data, dict) and key in data else data
        if key and not isinstance(payload, list):
            raise CatalogError(f"{rel}: verwacht een lijst onder {key!r}")
        parsed = [_validate(model, item, path) for item in payload] if key else _validate(model, payload, path)
        _check_sources(rel, parsed)
        files[rel] = parsed
        return parsed

    novi = load("novi.yaml", Novi)
    werkwijze = load("werkwijze.yaml", Werkwijze)
    startpakket = load("startpakket.yaml", StartpakketOnderdeel, "onderdelen")
    domeinen = load("domeinen.yaml", Domein, "domeinen")
    gebieden = load("novex_gebieden.yaml", NovexGebied, "gebieden")
    profielen = load("provincies.yaml", Provincieprofiel, "profielen")
    themas = [load(f"themas/{theme_file}", Thema) for theme_file in meta["themas"]]
    matrix = load("compatibiliteit.yaml", Compatibiliteit, "paren")

    catalogus = Catalogus(
        versie=str(meta["versie"]),
        novi=novi,
        werkwijze=werkwijze,
        startpakket=startpakket,
        themas=themas,
        novex_gebieden=gebieden,
        provincieprofielen=profielen,
        domeinen=domeinen,
        compatibiliteit=matrix,
    )
    _cross_check(catalogus, files)
    return catalogus


def _cross_check(cat: Catalogus, files: dict[str, Any]) -> None:
    """Unique ids per file and across files; known domains, themes, provinces, areas."""
    seen: dict[str, str] = {}
    for rel, parsed in files.items():
        for item_id in _ids(parsed):
            if item_id in seen:
                raise CatalogError(f"{rel}: item {item_id!r}: dubbele id (ook in {seen[item_id]})")
            seen[item_id] = rel
    slugs = [d.slug for d in cat.domeinen]
    duplicate = {s for s in slugs if slugs.count(s) > 1}
    if duplicate:
        raise CatalogError(f"domeinen.yaml: dubbele domeinen {sorted(duplicate)}")
    theme_ids = {t.id for t in cat.themas}
    for domein in cat.domeinen:
        unknown = set(domein.themas) - theme_ids
        if unknown:
            raise CatalogError(f"domeinen.yaml: item {domein.slug!r}: onbekend thema {sorted(unknown)}")
    known = set(slugs)
    area_ids = {g.id for g in cat.novex_gebieden}
    for gebied in cat.novex_gebieden:
        for other in gebied.overlappende_gebieden:
            if other not in area_ids:
                raise CatalogError(
                    f"novex_gebieden.yaml: item {gebied.id!r}: onbekend overlappend NOVEX-gebied {other!r}"
                )
    for thema in cat.themas:
        rel = f"themas/{thema.id}.yaml"
        for slug in thema.domeinen:
            if slug not in known:
                raise CatalogError(f"{rel}: item {thema.id!r}: onbekend domein {slug!r}")
        for doel in [*thema.nationale_doelen, *thema.doelen_per_gebied]:
            if doel.domein is not None and doel.domein not in known:
                raise CatalogError(f"{rel}: item {doel.id!r}: onbekend domein {doel.domein!r}")
            if doel.novex_gebied is not None and doel.novex_gebied not in area_ids:
                raise CatalogError(f"{rel}: item {doel.id!r}: onbekend NOVEX-gebied {doel.novex_gebied!r}")
    national = {d.id: d for t in cat.themas for d in t.nationale_doelen}
    codes = [p.code for p in cat.provincieprofielen]
    for profiel in cat.provincieprofielen:
        if codes.count(profiel.code) > 1:
            raise CatalogError(f"provincies.yaml: item {profiel.code!r}: dubbele provincie")
        for area in profiel.novex_gebieden:
            if area not in area_ids:
                raise CatalogError(f"provincies.yaml: item {profiel.code!r}: onbekend NOVEX-gebied {area!r}")
        for doel in [
            *profiel.doelen,
            *([profiel.woningbouw_tot_2030] if profiel.woningbouw_tot_2030 else []),
        ]:
            if doel.domein is not None and doel.domein not in known:
                raise CatalogError(f"provincies.yaml: item {doel.id!r}: onbekend domein {doel.domein!r}")
            _check_share(doel, national)
    in_areas = {(g.id, code) for g in cat.novex_gebieden for code in g.provincies}
    in_profiles = {(area, p.code) for p in cat.provincieprofielen for area in p.novex_gebieden}
    for area, code in sorted(in_areas ^ in_profiles):
        where = "novex_gebieden.yaml" if (area, code) in in_areas else "provincies.yaml"
        raise CatalogError(f"{where}: item {area!r}: {code} staat niet in beide bestanden (gebied ↔ provincie)")
    _check_matrix(cat)


def _check_share(doel: Doel, national: dict[str, Doel]) -> None:
    """A province's share (`aandeel_van`) names a national goal with a number in the same unit."""
    if doel.aandeel_van is None:
        return
    whole = national.get(doel.aandeel_van)
    if whole is None or whole.waarde is None:
        raise CatalogError(f"provincies.yaml: item {doel.id!r}: aandeel van onbekend doel {doel.aandeel_van!r}")
    if whole.eenheid != doel.eenheid:
        raise CatalogError(
            f"provincies.yaml: item {doel.id!r}: eenheid {doel.eenheid!r} past niet bij {whole.id} ({whole.eenheid!r})"
        )


def _check_matrix(cat: Catalogus) -> None:
    """Every unordered pair of known domains (self-pairs included) has exactly one cell."""
    slugs = sorted(d.slug for d in cat.domeinen)
    seen: set[tuple[str, str]] = set()
    for cell in cat.compatibiliteit:
        a, b = cell.domeinen
        for slug in (a, b):
            if slug not in slugs:
                raise CatalogError(f"compatibiliteit.yaml: item {[a, b]}: onbekend domein {slug!r}")
        pair = (min(a, b), max(a, b))
        if pair in seen:
            raise CatalogError(f"compatibiliteit.yaml: item {[a, b]}: paar staat er twee keer in")
        seen.add(pair)
    missing = [(a, b) for i, a in enumerate(slugs) for b in slugs[i:] if (a, b) not in seen]
    if missing:
        shown = ", ".join(f"{a}×{b}" for a, b in missing[:10])
        raise CatalogError(f"compatibiliteit.yaml: {len(missing)} domeinparen ontbreken, o.a. {shown}")


def check_file(path: Path) -> list[str]:
    """Validate one data file on its own (helper for editors of the catalogue).

    Returns the problems found, empty when the file is valid.
    """
    models: dict[str, tuple[type[BaseModel], str | None]] = {
        "novi.yaml": (Novi, None),
        "werkwijze.yaml": (Werkwijze, None),
        "startpakket.yaml": (StartpakketOnderdeel, "onderdelen"),
        "domeinen.yaml": (Domein, "domeinen"),
        "novex_gebieden.yaml": (NovexGebied, "gebieden"),
        "provincies.yaml": (Provincieprofiel, "profielen"),
        "compatibiliteit.yaml": (Compatibiliteit, "paren"),
    }
    model, key = models.get(path.name, (Thema, None))
    try:
        data = _read_yaml(path)
        payload = data[key] if key else data
        parsed = [_validate(model, item, path) for item in payload] if key else _validate(model, payload, path)
        _check_sources(path.name, parsed)
        ids = list(_ids(parsed))
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            return [f"{path.name}: dubbele id(s) {dupes}"]
    except CatalogError as exc:
        return str(exc).splitlines()
    return []


if __name__ == "__main__":
    import sys

    problems = [p for arg in sys.argv[1:] for p in check_file(Path(arg))]
    print("\n".join(problems) or "ok")
    raise SystemExit(1 if problems else 0)
