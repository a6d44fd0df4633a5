"""Applying a scenario's changes to its base claims and goals: a pure function, the same for every reader."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace

import shapely
from shapely import affinity

from novex.claims.model import Claim
from novex.geo.crs import M2_PER_HA
from novex.geo.hygiene import GRID
from novex.nl import format_number
from novex.scenarios.model import Soort, Wijziging


class ChangeRefused(ValueError):
    """A change that cannot apply to the scenario as it stands (Dutch message)."""


@dataclass(frozen=True)
class Stand:
    """A scenario's claims and goal shifts after its changes in effect.

    `geraakt` holds the claim ids some change touched (added, removed or changed); `overgeslagen`
    says which changes no longer apply because their claim left the base meanwhile.
    """

    claims: dict[int, Claim]
    verschuivingen: dict[str, float]  # goal id → change of its target
    geraakt: frozenset[int]
    overgeslagen: tuple[str, ...] = ()


def toepassen(
    base: Mapping[int, Claim],
    wijzigingen: Sequence[Wijziging],
    shares: Mapping[tuple[str, str], str],
    overslaan: bool = False,
) -> Stand:
    """The claims and goal shifts after `wijzigingen`, in order, on the base claims.

    `shares` maps (national goal, province) to the province's share goal. A change whose claim
    is gone from the base (removed from the real voorstel after the change was made) is skipped
    and named in `overgeslagen`; any other change that cannot apply raises `ChangeRefused`, or with
    `overslaan` (stored changes, whose base changed since: a claim lost its unit, a goal its share) is
    skipped as well, with its reason.
    """
    claims, shifts, touched, skipped = dict(base), {}, set(), []
    for number, change in enumerate(wijzigingen, start=1):
        try:
            apply_one(claims, shifts, change, shares)
        except _Gone as gone:
            skipped.append(f"wijziging {number} ({change.soort}): {gone}; overgeslagen")
            continue
        except ChangeRefused as refused:
            if not overslaan:
                raise
            skipped.append(f"wijziging {number} ({change.soort}): {refused}; geldt niet meer, overgeslagen")
            continue
        if change.claim_id is not None:
            touched.add(change.claim_id)
    return Stand(claims, shifts, frozenset(touched), tuple(skipped))


class _Gone(Exception):
    """The claim a change names is not in the scenario."""


def apply_one(
    claims: dict[int, Claim], shifts: dict[str, float], change: Wijziging, shares: Mapping[tuple[str, str], str]
) -> None:
    """Apply one change in place; `_Gone` when its claim is missing, `ChangeRefused` when it cannot apply."""
    if change.soort is Soort.VERSCHUIVING:
        _shift(shifts, change, shares)
        return
    if change.soort is Soort.TOEVOEGEN:
        claims[change.claim_id] = added_claim(change)
        return
    current = claims.get(change.claim_id)
    if current is None:
        raise _Gone(f"claim {change.claim_id} staat niet (meer) in het scenario")
    if change.soort is Soort.VERWIJDEREN:
        del claims[change.claim_id]
        return
    claims[change.claim_id] = changed_claim(current, change)


def changed_claim(current: Claim, change: Wijziging) -> Claim:
    """The claim after a move, reshape, or new quantity, domain or status."""
    match change.soort:
        case Soort.VERPLAATSEN:
            moved = affinity.translate(current.geometry, change.dx or 0.0, change.dy or 0.0)
            return _with_geometry(current, shapely.set_precision(moved, GRID))
        case Soort.VORM:
            return _with_geometry(current, change.geometry)
        case Soort.HOEVEELHEID:
            if current.eenheid is None:
                raise ChangeRefused(f"claim {current.id} '{current.naam}' heeft geen hoeveelheid met eenheid")
            return replace(current, hoeveelheid=change.hoeveelheid)
        case Soort.DOMEIN:
            return replace(current, domein=change.domein)
        case Soort.STATUS:
            return replace(current, status=change.status)
    raise ChangeRefused(f"onbekende wijziging {change.soort!r}")


def added_claim(change: Wijziging) -> Claim:
    """The claim a `toevoegen` change adds, with its scenario id (negative) and area."""
    draft = change.draft
    if draft is None or change.claim_id is None:
        raise ChangeRefused("een toegevoegde claim heeft een naam, domein en geometrie")
    values = {f.name: getattr(draft, f.name) for f in fields(draft)}
    return Claim(**values, id=change.claim_id, voorstel_id=change.voorstel_id or 0,
                 area_ha=draft.geometry.area / M2_PER_HA)  # fmt: skip


def _with_geometry(claim: Claim, geometry) -> Claim:  # noqa: ANN001 - a Polygon or MultiPolygon
    return replace(claim, geometry=geometry, area_ha=geometry.area / M2_PER_HA, provincies={}, gemeenten={})


def _shift(shifts: dict[str, float], change: Wijziging, shares: Mapping[tuple[str, str], str]) -> None:
    """Move part of a national goal from one province's share to another's."""
    move = change.verschuiving
    if move is None:
        raise ChangeRefused("een verschuiving noemt doel, van, naar en hoeveelheid")
    missing = [code for code in (move.van, move.naar) if (move.doel, code) not in shares]
    if missing:
        raise ChangeRefused(f"doel {move.doel} heeft geen aandeel voor {', '.join(missing)}")
    source, target = shares[(move.doel, move.van)], shares[(move.doel, move.naar)]
    shifts[source] = shifts.get(source, 0.0) - move.hoeveelheid
    shifts[target] = shifts.get(target, 0.0) + move.hoeveelheid


def describe(change: Wijziging, names: Mapping[int, str] | None = None) -> str:
    """A change in one Dutch line, e.g. "claim 12 'Woonwijk' verplaatst over (300, −200) m"."""
    names = names or {}
    claim = f"claim {change.claim_id}" + (f" '{names[change.claim_id]}'" if change.claim_id in names else "")
    match change.soort:
        case Soort.VERPLAATSEN:
            return f"{claim} verplaatst over ({format_number(change.dx)}, {format_number(change.dy)}) m"
        case Soort.VORM:
            return f"{claim} anders begrensd ({format_number(round(change.geometry.area / M2_PER_HA, 2))} ha)"
        case Soort.HOEVEELHEID:
            return f"{claim}: hoeveelheid {format_number(change.hoeveelheid)}"
        case Soort.DOMEIN:
            return f"{claim}: domein {change.domein}"
        case Soort.STATUS:
            return f"{claim}: status {change.status}"
        case Soort.VERWIJDEREN:
            return f"{claim} verwijderd"
        case Soort.TOEVOEGEN:
            return f"claim '{change.draft.naam}' ({change.draft.domein}) toegevoegd"
    move = change.verschuiving
    return f"{format_number(move.hoeveelheid)} van {move.doel} verschoven van {move.van} naar {move.naar}"
