"""The Ruimtelijk Arrangement as plain JSON, the one shape the API and the command line both show.

Dutch field names as the model has them; dates ISO; amounts as decimal strings with two decimals
(euros and cents, exact: never a float); every inclusion with all five criteria of seed 002
Bijlage 3 §4 in the seed's words, decided or not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from novex.arrangement.codec import plain
from novex.arrangement.diff import Lijstverschil, Veldwijziging, Verschil
from novex.arrangement.inclusie import INCLUSIECRITERIA, Inclusie
from novex.arrangement.investeringen import Totalen
from novex.arrangement.lifecycle import FASE_NAMEN
from novex.arrangement.model import Afspraak, Investeringsafspraak, RuimtelijkArrangement
from novex.arrangement.smart import Bevinding
from novex.flow import FlowStep, MoveOption

CENT = Decimal("0.01")


def bedrag_tekst(bedrag: Decimal) -> str:
    """An amount in euros as a decimal string with two decimals: Decimal('12500000.5') → '12500000.50'."""
    return f"{Decimal(bedrag).quantize(CENT)}"


def _value(value: Any) -> Any:
    """A field's value as JSON (amounts with two decimals)."""
    if isinstance(value, Decimal):
        return bedrag_tekst(value)
    return plain(value)


def afspraak_json(a: Afspraak) -> dict[str, Any]:
    """An agreement: its stable key, its row id, text, parties, owners, origin and every SMART field."""
    return plain(a)


def investering_json(i: Investeringsafspraak) -> dict[str, Any]:
    """An investment agreement of part 5 (the amount a decimal string)."""
    return {
        "id": i.id,
        "sleutel": i.sleutel,
        "programma": i.programma,
        "fonds": i.fonds,
        "bedrag": bedrag_tekst(i.bedrag),
        "gelabeld_voor": i.gelabeld_voor,
        "afspraak": i.afspraak,
    }


def inclusie_json(i: Inclusie) -> dict[str, Any]:
    """The inclusion decision on one vraagstuk: all five criteria (seed text, decision, motivation) and the verdict."""
    criteria = []
    for nummer, tekst in INCLUSIECRITERIA.items():
        c = i.criterium(nummer)
        criteria.append({"nummer": nummer, "tekst": tekst, "besluit": c.besluit if c else None,
                         "motivering": c.motivering if c else ""})  # fmt: skip
    return {"vraagstuk_id": i.vraagstuk_id, "opgenomen": i.opgenomen, "compleet": i.compleet, "criteria": criteria}


def arrangement_json(ra: RuimtelijkArrangement, provincie_naam: str | None = None) -> dict[str, Any]:
    """One version with everything it holds."""
    return {
        "id": ra.id,
        "provincie": ra.provincie,
        "provincie_naam": provincie_naam,
        "jaar": ra.jaar,
        "generatie": str(ra.generatie),
        "status": str(ra.status),
        "status_naam": FASE_NAMEN.get(ra.status, ra.status),
        "onderdelen": [{"nummer": o.nummer, "titel": o.titel, "toelichting": o.toelichting} for o in ra.onderdelen],
        "afspraken": [afspraak_json(a) for a in ra.afspraken],
        "investeringen": [investering_json(i) for i in ra.investeringen],
        "inclusies": [inclusie_json(i) for i in ra.inclusies],
        "open_knopen": plain(ra.open_knopen),
        "vastgesteld_in": plain(ra.vastgesteld_in),
        "ondertekening": plain(ra.ondertekening),
        "motiveringen": [{"bevinding": k, "tekst": v} for k, v in ra.motiveringen.items()],
        "vorige_versie": ra.vorige_versie,
        "vervangen_door": ra.vervangen_door,
        "versie": ra.version,
    }


def summary_json(ra: RuimtelijkArrangement, provincie_naam: str | None = None) -> dict[str, Any]:
    """One version in a list: what it is and how much it holds."""
    return {
        "id": ra.id,
        "provincie": ra.provincie,
        "provincie_naam": provincie_naam,
        "jaar": ra.jaar,
        "generatie": str(ra.generatie),
        "status": str(ra.status),
        "status_naam": FASE_NAMEN.get(ra.status, ra.status),
        "afspraken": len(ra.afspraken),
        "investeringen": len(ra.investeringen),
        "vastgesteld_in": plain(ra.vastgesteld_in),
        "vorige_versie": ra.vorige_versie,
        "vervangen_door": ra.vervangen_door,
        "versie": ra.version,
    }


def bevinding_json(b: Bevinding, motiveringen: Mapping[str, str]) -> dict[str, Any]:
    """A SMART finding: the agreement, the criterion, the message, and the motivation recorded for it."""
    reason = (motiveringen.get(b.sleutel) or "").strip()
    return {
        "afspraak": b.afspraak,
        "afspraak_id": b.afspraak_id,
        "nummer": b.nummer,
        "criterium": str(b.criterium),
        "code": b.code,
        "melding": b.melding,
        "sleutel": b.sleutel,
        "gemotiveerd": bool(reason),
        "motivering": reason or None,
    }


def bevindingen_json(findings: Iterable[Bevinding], ra: RuimtelijkArrangement) -> list[dict[str, Any]]:
    """Every SMART finding of a version, with its motivation."""
    return [bevinding_json(b, ra.motiveringen) for b in findings]


def _changes(changes: Sequence[Veldwijziging]) -> list[dict[str, Any]]:
    return [{"veld": c.veld, "oud": _value(c.oud), "nieuw": _value(c.nieuw)} for c in changes]


def _list(diff: Lijstverschil[Any], item: Any) -> dict[str, Any]:
    return {
        "toegevoegd": [item(i) for i in diff.toegevoegd],
        "vervallen": [item(i) for i in diff.vervallen],
        "gewijzigd": [{"sleutel": w.sleutel, "velden": _changes(w.velden)} for w in diff.gewijzigd],
    }


def verschil_json(v: Verschil) -> dict[str, Any]:
    """The way from version `van` to version `naar`: status, fields, parts, agreements field by field, knots."""
    return {
        "van": v.van,
        "naar": v.naar,
        "leeg": v.leeg,
        "status": {"oud": v.status[0], "nieuw": v.status[1]} if v.status else None,
        "velden": _changes(v.velden),
        "onderdelen": _changes(v.onderdelen),
        "afspraken": _list(v.afspraken, afspraak_json),
        "investeringen": _list(v.investeringen, investering_json),
        "inclusies": _changes(v.inclusies),
        "knopen_toegevoegd": plain(v.knopen_toegevoegd),
        "knopen_vervallen": plain(v.knopen_vervallen),
    }


def totalen_json(t: Totalen, jaar: int | None) -> dict[str, Any]:
    """Investment totals per province and programme (decimal strings)."""
    return {
        "jaar": jaar,
        "totaal": bedrag_tekst(t.totaal),
        "per_provincie": [{"provincie": p, "bedrag": bedrag_tekst(b)} for p, b in t.per_provincie.items()],
        "per_programma": [{"programma": p, "bedrag": bedrag_tekst(b)} for p, b in t.per_programma.items()],
        "per_provincie_en_programma": [
            {"provincie": p, "programma": q, "bedrag": bedrag_tekst(b)}
            for (p, q), b in t.per_provincie_en_programma.items()
        ],
    }


def moves_json(moves: Iterable[MoveOption]) -> list[dict[str, Any]]:
    """The moves out of the current status, each with why it is not possible now (empty: possible)."""
    return [
        {"naar": m.transition.target, "naam": m.transition.name, "mogelijk": m.allowed, "redenen": list(m.reasons)}
        for m in moves
    ]


def history_json(steps: Iterable[FlowStep]) -> list[dict[str, Any]]:
    """The status moves of a version, oldest first."""
    return [
        {"van": s.source, "naar": s.target, "door": s.actor, "rol": s.rol, "reden": s.reden,
         "tijdstip": s.tijdstip.isoformat()}
        for s in steps
    ]  # fmt: skip
