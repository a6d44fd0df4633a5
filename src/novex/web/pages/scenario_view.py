"""What the scenario pages show: a scenario with its changes, the comparison with the base, the map of what moved.

The tables come from `novex.documents.scenario.tabellen` (the printable document shows the same rows);
the map is an SVG of `novex.web.maps` with the shapes before (dashed outline) and after (filled), and
the table of changed claims as its alternative. The forms of the scenario page post to
`novex.web.pages.scenario_forms`; a refusal shows this view again with the reason (`refuse`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NoReturn

import shapely
from fastapi import Request
from markupsafe import Markup

from novex.access import Actor, can
from novex.arrangement.actions import DRAFT_ARRANGEMENT
from novex.arrangement.service import ArrangementService
from novex.bootstrap import UnitOfWork
from novex.catalog.service import CatalogService, quantitative_goals
from novex.claims.actions import EDIT_CLAIMS
from novex.claims.model import Claim, RestrictionArea
from novex.claims.restrictions import RestrictionService
from novex.claims.service import ClaimService
from novex.documents.scenario import tabellen
from novex.errors import Forbidden, NotFound, NovexError
from novex.reference.provinces import province_index
from novex.scenarios.actions import EDIT_SCENARIOS
from novex.scenarios.model import SOORT_LABEL, Scenario, Soort
from novex.scenarios.present import BASIS_UITLEG
from novex.scenarios.service import ScenarioService
from novex.scenarios.toepassen import describe
from novex.scenarios.vergelijking import Vergelijking
from novex.web import maps
from novex.web.forms import form_refused
from novex.web.kaart_editor import editor
from novex.web.pages.claim_tekenen import attribute_choices
from novex.web.pages.monitor_forms import veld_refusal
from novex.web.palette import domain_colour

GEDAAN = {
    "gewijzigd": "De wijziging staat in het scenario; de vergelijking hieronder rekent ermee.",
    "ongedaan": "De laatste wijziging is ongedaan gemaakt; met Opnieuw komt ze terug.",
    "opnieuw": "De wijziging is opnieuw gedaan.",
    "gemaakt": "Het scenario is gemaakt. Voeg hieronder wijzigingen toe.",
    "gepromoveerd": "Het scenario is gepromoveerd.",
}


def provincienamen() -> dict[str, str]:
    """Province code → name, and NL → Nederland (the scope of a national goal)."""
    return {p.code: p.naam for p in province_index().provinces} | {"NL": "Nederland"}


def largest_province(claim: Claim) -> str:
    """The province holding the largest part of a claim (the editor opens on its map)."""
    split = claim.provincies or province_index().split(claim.geometry)
    return max(split, key=lambda code: split[code]) if split else "PV26"


def moved_map(v: Vergelijking, map_id: str, restrictions: Sequence[RestrictionArea] = ()) -> Markup | None:
    """The claims the scenarios changed: before as a dashed outline, after filled in the domain's colour.

    Behind them the restriction areas in view (hatched), so a claim moved off a Natura 2000 area shows it.
    """
    if not v.verplaatsingen:
        return None
    shapes = [g for m in v.verplaatsingen for g in (m.voor, m.na) if g is not None]
    around = shapely.union_all(shapes).envelope
    minx, miny, maxx, maxy = around.bounds
    extent = around.buffer(max(800.0, (maxx - minx) * 0.15, (maxy - miny) * 0.15)).envelope
    several = len(v.kolommen) > 2
    base = [maps.MapFeature(p.geometry, p.naam, "ondergrond", "#ffffff", name=p.naam.upper())
            for p in province_index().provinces if shapely.intersects(p.geometry, extent)]  # fmt: skip
    before, after = [], []
    for m in v.verplaatsingen:
        who = f"{m.kolom}: " if several else ""
        if m.voor is not None:
            before.append(maps.MapFeature(m.voor, f"{who}{m.naam} (claim {m.claim_id}) vóór, {m.wat}", "scenario-voor"))
        if m.na is not None:
            after.append(maps.MapFeature(m.na, f"{who}{m.naam} (claim {m.claim_id}) na, {m.wat}",
                                         "claim scenario-na", domain_colour(m.domein)))  # fmt: skip
    hatched = [maps.MapFeature(a.geometry, f"{a.layer.naam}: {a.naam}", "beperking", "url(#arcering-natuur)")
               for a in restrictions if shapely.intersects(a.geometry, extent)]  # fmt: skip
    layers = [
        maps.MapLayer("ondergrond", "Provincies", base, focusable=False),
        *([maps.MapLayer("beperking", "Beschermde gebieden", hatched, focusable=False)] if hatched else []),
        maps.MapLayer("voor", "Vóór (basis)", before),
        maps.MapLayer("na", "Na (scenario)", after),
    ]
    return maps.render(layers, extent, "Kaart van de gewijzigde claims: vóór gestreept, na gevuld", map_id)


def comparison(uow: UnitOfWork, actor: Actor, v: Vergelijking, map_id: str) -> dict[str, Any]:
    """The comparison's tables and map (with the restriction areas of the provinces the moved claims lie in)."""
    shapes = [g for m in v.verplaatsingen for g in (m.voor, m.na) if g is not None]
    codes = [p.code for p in province_index().provinces if shapes and shapely.intersects(p.geometry, shapes).any()]
    restrictions = uow.get(RestrictionService).areas(actor, codes) if codes else []
    return {"t": tabellen(v, provincienamen()), "kaart_verplaatst": moved_map(v, map_id, restrictions),
            "domeinkleuren": sorted({(m.domein, domain_colour(m.domein)) for m in v.verplaatsingen})}  # fmt: skip


def scenario_row(s: Scenario) -> dict[str, Any]:
    """A scenario in the list."""
    owner = s.eigenaar if str(s.eigenaar_soort) == "gebruiker" else f"{s.eigenaar} (gedeeld met {s.gedeeld_met})"
    return {"s": s, "eigenaar": owner}


def changes(s: Scenario, names: dict[int, str]) -> list[dict[str, Any]]:
    """The scenario's changes in order, each with its line, author, reason, time, and whether it is in effect."""
    return [
        {
            "nummer": n,
            "w": w,
            "omschrijving": describe(w, names),
            "label": SOORT_LABEL[w.soort],
            "actief": n <= s.stand,
            "soort": str(w.soort),
        }  # fmt: skip
        for n, w in enumerate(s.wijzigingen, start=1)
    ]


def _near(claims: Sequence[Claim], code: str) -> list[Claim]:
    outline = province_index().get(code).geometry
    return [c for c in claims if shapely.intersects(c.geometry, outline)]


def _promote_choices(uow: UnitOfWork, actor: Actor) -> dict[str, Any]:
    """The provinces whose voorstellen `actor` may promote into, and the RA drafts it may add an agreement to."""
    names = {p.code: p.naam for p in province_index().provinces}
    codes = [(code, naam) for code, naam in names.items() if can(actor, EDIT_CLAIMS, code)]
    drafts = []
    if any(can(actor, DRAFT_ARRANGEMENT, p.code) for p in province_index().provinces):
        try:
            versions = uow.get(ArrangementService).list(actor)
        except Forbidden:
            versions = []
        drafts = [ra for ra in versions if ra.status == "concept" and can(actor, DRAFT_ARRANGEMENT, ra.provincie)]
    arrangementen = [(f"{ra.id}:{ra.version}", f"{names.get(ra.provincie, ra.provincie)} {ra.jaar} (id {ra.id}, versie "
                      f"{ra.version})") for ra in drafts]  # fmt: skip
    return {
        "promoveer_provincies": codes,
        "promoveer_arrangementen": drafts,
        "arrangementkeuzes": arrangementen,
        "promotieprovincies": sorted(
            {*codes, *((ra.provincie, names.get(ra.provincie, ra.provincie)) for ra in drafts)}
        ),
        "provinciekeuzes": list(names.items()),
    }


def _editing(request: Request, uow: UnitOfWork, actor: Actor, s: Scenario, claims: dict[int, Claim],
             claim: int | None, provincie: str | None, typed: str | None, herstel: bool) -> dict[str, Any]:  # fmt: skip
    """The owner's forms: the claim on the map editor (or a new claim), the choices of the other forms."""
    service = uow.get(ScenarioService)
    ordered = sorted(claims.values(), key=lambda c: (c.naam.lower(), c.id))
    context: dict[str, Any] = {"claimkeuzes": [(c.id, f"{c.naam} ({c.domein}, claim {c.id})") for c in ordered],
                               "gekozen_claim": None, "kaart_claim": None, "kaart_nieuw": None}  # fmt: skip
    if claim is not None:
        chosen = claims.get(claim)
        if chosen is None:
            raise NotFound(f"claim {claim} staat niet in scenario '{s.naam}'")
        code = largest_province(chosen)
        context["gekozen_claim"] = chosen
        context["kaart_claim"] = editor(request, code, _near(ordered, code), chosen.geometry, typed, skip=chosen.id,
                                        herstel=herstel, editor_id="kaart-claim")  # fmt: skip
        code_new = provincie or actor.provincie or s.eigenaar_provincie or code
    else:
        code_new = provincie or actor.provincie or s.eigenaar_provincie or "PV26"
        code_new = province_index().get(code_new).code
        context["kaart_nieuw"] = editor(request, code_new, _near(ordered, code_new), None, typed, herstel=herstel,
                                        editor_id="kaart-nieuw")  # fmt: skip
    cat = uow.get(CatalogService).catalogus(actor)
    goals = {d.id: d for _, d in quantitative_goals(cat)}
    national = sorted({goal for goal, _ in service.shares})
    code_new = province_index().get(code_new).code
    choices = attribute_choices(uow, actor)
    context |= {
        "nieuw_provincie": code_new,
        "voorstelkeuzes": [
            (str(v.id), f"{v.naam} versie {v.versie}") for v in uow.get(ClaimService).voorstellen(actor, code_new)
        ],  # fmt: skip
        "doelkeuzes": [(g, f"{goals[g].tekst[:90]} ({g})" if g in goals else g) for g in national],
        "domeinkeuzes": [(d.slug, d.naam) for d in choices["domeinen"]],
        "statuskeuzes": [(str(x), str(x)) for x in choices["statussen"]],
        "doelen": choices["doelen"],
    }
    return context


def scenario_view(request: Request, uow: UnitOfWork, actor: Actor, scenario_id: int, *, claim: int | None = None,
                  provincie: str | None = None, typed: str | None = None,
                  herstel: bool = False) -> dict[str, Any]:  # fmt: skip
    """Everything the scenario's page shows (the owner's forms only for who may change it)."""
    service = uow.get(ScenarioService)
    s = service.scenario(actor, scenario_id)
    mag = service.mag_wijzigen(actor, s)
    v = service.vergelijk(actor, [s.id])
    run = service.analyse(actor, s.id)
    names = {c_id: c.naam for c_id, c in run.stand.claims.items()}
    names |= {m.claim_id: m.naam for m in v.verplaatsingen if m.claim_id not in names}
    basis = None
    if s.basis_voorstel is not None:
        try:
            basis = uow.get(ClaimService).voorstel(actor, s.basis_voorstel)
        except NotFound:
            basis = None
    context: dict[str, Any] = {
        "s": s, "rij": scenario_row(s), "mag_wijzigen": mag, "basis": basis, "wijzigingen": changes(s, names),
        "uitleg": BASIS_UITLEG, "provincienamen": provincienamen(), "verschuift": any(
            w.soort is Soort.VERSCHUIVING for w in s.actief),
        "fouten": {}, "invoer": {}, "fout_boven": None, "fout_formulier": None,
        **comparison(uow, actor, v, "vergelijking-kaart"), **_promote_choices(uow, actor),
    }  # fmt: skip
    if mag:
        context |= _editing(request, uow, actor, s, run.stand.claims, claim, provincie, typed, herstel)
    return context


def refuse(request: Request, uow: UnitOfWork, actor: Actor, scenario_id: int, form: str, exc: Exception,
           entered: dict[str, Any], fields: tuple[str, ...], **editing: Any) -> NoReturn:  # fmt: skip
    """The scenario's page again with the refusal at form `form` (the unit of work rolls back: nothing stored)."""
    try:
        context = scenario_view(request, uow, actor, scenario_id, **editing)
    except NovexError:
        raise exc from None  # the scenario or the claim is gone: its own Dutch reason, on the error page
    context["fout_formulier"] = form
    raise form_refused("scenario.html.j2", actor, context, form, exc, entered, veld_refusal(exc, fields))


def may_make(actor: Actor) -> bool:
    """Whether `actor` may make scenarios (the list page's form)."""
    return can(actor, EDIT_SCENARIOS)
