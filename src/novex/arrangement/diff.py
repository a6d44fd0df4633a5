"""What changed between two versions of an RA: for the province's Staten and for VRO's overview.

Agreements and investment agreements are matched by their stable `sleutel` (kept when a version
is copied into next year's draft), so an agreement whose text changed is *changed*, not dropped
and added. Per matched item every field except the row id is compared and reported with its old
and new value, in the order the dataclass declares them. Also reported: the status, the
version-level fields (year, generation, adoption, signing), the texts of the five parts, the
inclusion outcome per vraagstuk and the open knots added or no longer open. The comparison is
directional: `verschil(a, b)` describes the way from `a` to `b`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any, Generic, TypeVar

from novex.arrangement.model import Afspraak, Investeringsafspraak, OpenKnoop, RuimtelijkArrangement

ARRANGEMENT_VELDEN = ("jaar", "generatie", "vastgesteld_in", "ondertekening")
"""The version-level fields compared besides the status and the lists."""

_NIET_VERGELEKEN = frozenset({"id", "sleutel"})


@dataclass(frozen=True)
class Veldwijziging:
    """One field that differs: its name, the old value and the new one."""

    veld: str
    oud: Any
    nieuw: Any


@dataclass(frozen=True)
class Wijziging:
    """An item present in both versions (matched by key) whose fields differ."""

    sleutel: str
    velden: tuple[Veldwijziging, ...]

    def veld(self, naam: str) -> Veldwijziging | None:
        """The change of field `naam`, if it changed."""
        return next((v for v in self.velden if v.veld == naam), None)


Item = TypeVar("Item", Afspraak, Investeringsafspraak)


@dataclass(frozen=True)
class Lijstverschil(Generic[Item]):
    """Items added, dropped and changed between two versions, each in the order of its version."""

    toegevoegd: tuple[Item, ...] = ()
    vervallen: tuple[Item, ...] = ()
    gewijzigd: tuple[Wijziging, ...] = ()

    @property
    def leeg(self) -> bool:
        """Nothing added, dropped or changed."""
        return not (self.toegevoegd or self.vervallen or self.gewijzigd)

    def wijziging(self, sleutel: str) -> Wijziging | None:
        """The change of the item with this key, if it changed."""
        return next((w for w in self.gewijzigd if w.sleutel == sleutel), None)


@dataclass(frozen=True)
class Verschil:
    """The way from version `van` to version `naar` of an RA."""

    van: int
    naar: int
    status: tuple[str, str] | None  # (old, new) when the status changed
    velden: tuple[Veldwijziging, ...]
    onderdelen: tuple[Veldwijziging, ...]  # veld: "onderdeel <n>", the part's text
    afspraken: Lijstverschil[Afspraak]
    investeringen: Lijstverschil[Investeringsafspraak]
    inclusies: tuple[Veldwijziging, ...]  # veld: "vraagstuk <id>", included yes/no (None: no decision)
    knopen_toegevoegd: tuple[OpenKnoop, ...]
    knopen_vervallen: tuple[OpenKnoop, ...]

    @property
    def leeg(self) -> bool:
        """The two versions hold the same content and status."""
        return not (
            self.status
            or self.velden
            or self.onderdelen
            or not self.afspraken.leeg
            or not self.investeringen.leeg
            or self.inclusies
            or self.knopen_toegevoegd
            or self.knopen_vervallen
        )


def _veldwijzigingen(oud: object, nieuw: object, namen: Sequence[str]) -> tuple[Veldwijziging, ...]:
    return tuple(
        Veldwijziging(naam, getattr(oud, naam), getattr(nieuw, naam))
        for naam in namen
        if getattr(oud, naam) != getattr(nieuw, naam)
    )


def _lijst(oud: Sequence[Item], nieuw: Sequence[Item], soort: type[Item]) -> Lijstverschil[Item]:
    namen = [f.name for f in fields(soort) if f.name not in _NIET_VERGELEKEN]
    before = {i.sleutel: i for i in oud}
    after = {i.sleutel: i for i in nieuw}
    changed = []
    for item in nieuw:
        previous = before.get(item.sleutel)
        if previous is not None and (velden := _veldwijzigingen(previous, item, namen)):
            changed.append(Wijziging(item.sleutel, velden))
    return Lijstverschil(
        toegevoegd=tuple(i for i in nieuw if i.sleutel not in before),
        vervallen=tuple(i for i in oud if i.sleutel not in after),
        gewijzigd=tuple(changed),
    )


def _inclusies(a: RuimtelijkArrangement, b: RuimtelijkArrangement) -> tuple[Veldwijziging, ...]:
    ids = dict.fromkeys([i.vraagstuk_id for i in a.inclusies] + [i.vraagstuk_id for i in b.inclusies])
    changes = []
    for vraagstuk_id in ids:
        before, after = a.inclusie(vraagstuk_id), b.inclusie(vraagstuk_id)
        old = before.opgenomen if before is not None else None
        new = after.opgenomen if after is not None else None
        if old != new:
            changes.append(Veldwijziging(f"vraagstuk {vraagstuk_id}", old, new))
    return tuple(changes)


def verschil(a: RuimtelijkArrangement, b: RuimtelijkArrangement) -> Verschil:
    """What changed from version `a` to version `b` (normally of the same province)."""
    parts = sorted({o.nummer for o in a.onderdelen} | {o.nummer for o in b.onderdelen})
    onderdelen = []
    for nummer in parts:
        old, new = a.onderdeel(nummer), b.onderdeel(nummer)
        old_text = old.toelichting if old is not None else None
        new_text = new.toelichting if new is not None else None
        if old_text != new_text:
            onderdelen.append(Veldwijziging(f"onderdeel {nummer}", old_text, new_text))
    return Verschil(
        van=a.id,
        naar=b.id,
        status=(str(a.status), str(b.status)) if a.status != b.status else None,
        velden=_veldwijzigingen(a, b, ARRANGEMENT_VELDEN),
        onderdelen=tuple(onderdelen),
        afspraken=_lijst(a.afspraken, b.afspraken, Afspraak),
        investeringen=_lijst(a.investeringen, b.investeringen, Investeringsafspraak),
        inclusies=_inclusies(a, b),
        knopen_toegevoegd=tuple(k for k in b.open_knopen if k not in a.open_knopen),
        knopen_vervallen=tuple(k for k in a.open_knopen if k not in b.open_knopen),
    )
