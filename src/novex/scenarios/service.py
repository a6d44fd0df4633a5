"""The scenario use cases: make, change, undo and redo, analyse, compare and promote a scenario."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from novex.access import READ, Actor, Role, require
from novex.analysis.cache import ResultCache
from novex.analysis.incremental import IncrementalPuzzle
from novex.analysis.puzzle import Matrix
from novex.analysis.report import AnalysisReport, report_of
from novex.arrangement.model import Afspraak, Herschikking, HerschikkingSoort
from novex.arrangement.service import ArrangementService
from novex.audit import AuditLog, event
from novex.catalog.loader import Catalogus
from novex.catalog.service import quantitative_goals
from novex.claims.model import TEXT_LIMITS, Claim, ClaimDraft, Voorstel
from novex.claims.ports import ClaimFilter, ClaimRepository, RestrictionRepository
from novex.claims.service import ClaimService
from novex.errors import Forbidden, InvalidInput, NotFound, StateConflict, stale, text_problems
from novex.nl import counted, format_number
from novex.reference.provinces import ProvinceIndex
from novex.scenarios.actions import EDIT_SCENARIOS
from novex.scenarios.model import EigenaarSoort, Scenario, Soort, Verschuiving, Wijziging
from novex.scenarios.ports import ScenarioRepository
from novex.scenarios.toepassen import ChangeRefused, Stand, describe, toepassen
from novex.scenarios.vergelijking import Kolom, Vergelijking, vergelijk

MAX_NAAM, MAX_TEKST = 200, 2000
MAX_WIJZIGINGEN = 500
MAX_VERGELIJK = 4
MAX_VERPLAATSING_M = 100_000.0  # further than the width of the Netherlands is a typing error
MIN_VERPLAATSING_M = 0.001  # the 1 mm grid: a smaller move changes nothing
MAX_HOEVEELHEID = 1e12  # larger amounts are typing errors (the whole national housing goal is 900.000)
MAX_ID = 2_147_483_647


def naam_sleutel(naam: str) -> str:
    """A scenario name as people read it: without case, invisible characters, or more than single spaces.

    Two names with the same key look alike on a screen ('Proef', 'proef', 'Proef\u200b', 'Proef  '), so
    only one of them may exist: a name finds one scenario.
    """
    text = "".join(c for c in unicodedata.normalize("NFKC", naam) if unicodedata.category(c) != "Cf")
    return " ".join(text.split()).casefold()


def _invisible(naam: str) -> str | None:
    """The first invisible (format) character of a name, as U+XXXX; None when there is none."""
    found = next((c for c in naam if unicodedata.category(c) == "Cf"), None)
    return None if found is None else f"U+{ord(found):04X}"


@dataclass(frozen=True)
class ScenarioAnalyse:
    """A scenario's report, its claims as they stand, and the changes that no longer apply."""

    scenario: Scenario | None  # None: the base
    report: AnalysisReport
    stand: Stand


@dataclass(frozen=True)
class Promotie:
    """What a promotion made: new voorstel versions, or an agreement in part 2 of an RA."""

    provincie: str
    voorstellen: tuple[tuple[int, str, int, int], ...] = ()  # (id, naam, versie, claims)
    afspraak: str | None = None  # the RA agreement key (e.g. PV26/A7)
    arrangement_id: int | None = None
    niet_meegenomen: tuple[str, ...] = ()


class ScenarioService:
    """Scenarios over the current voorstellen; the real voorstellen change only by `promoveer`.

    A scenario's analysis forks the incremental puzzle of its base (built once per data revision
    and cached) and applies only the claims its changes touch.
    """

    def __init__(
        self,
        repo: ScenarioRepository,
        claims: ClaimRepository,
        restrictions: RestrictionRepository,
        claim_service: ClaimService,
        arrangements: ArrangementService | None,
        audit: AuditLog,
        cat: Catalogus,
        provinces: ProvinceIndex,
        revision: Callable[[], Hashable],
        engines: ResultCache[IncrementalPuzzle] | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.repo, self.claims, self.restrictions = repo, claims, restrictions
        self.claim_service, self.arrangements, self.audit = claim_service, arrangements, audit
        self.cat, self.provinces, self.revision, self.now = cat, provinces, revision, now
        self.engines = engines if engines is not None else ResultCache(size=0)
        self.shares = {
            (d.aandeel_van, d.provincie): d.id
            for _, d in quantitative_goals(cat)
            if getattr(d, "aandeel_van", None) and d.provincie
        }

    # -- reading -------------------------------------------------------------------------------------

    def scenarios(self, actor: Actor) -> list[Scenario]:
        """Every scenario (every role reads them all)."""
        require(actor, READ)
        return self.repo.scenarios()

    def scenario(self, actor: Actor, key: int | str) -> Scenario:
        """A scenario by id (ASCII digits) or name; `NotFound` otherwise.

        A key of other digits ('²', '١٢') is neither: no name is only digits, and only 0-9 make an id.
        """
        require(actor, READ)
        if isinstance(key, str):
            text = key.strip()
            if re.fullmatch(r"[0-9]+", text):
                key = int(text)
            elif text.isdigit() or not text:
                raise NotFound(f"scenario {key[:40]!r} bestaat niet (een id is een getal van de cijfers 0-9)")
        found = self.repo.scenario(key) if not isinstance(key, int) or 1 <= key <= MAX_ID else None
        if found is None:
            raise NotFound(f"scenario {key!r} bestaat niet")
        return found

    def mag_wijzigen(self, actor: Actor, scenario: Scenario) -> bool:
        """Whether `actor` may change this scenario: its maker, or (when shared) the maker's role and province."""
        try:
            self._require_owner(actor, scenario)
        except Forbidden:
            return False
        return True

    def bewerkbaar(self, actor: Actor, key: int | str, expected_version: int | None = None) -> Scenario:
        """The scenario when `actor` may change it (and `expected_version` is current); refused otherwise.

        For an edge that must refuse before it reads what the change needs (an uploaded file).
        """
        return self._editable(actor, key, expected_version)

    def analyse(self, actor: Actor, key: int | str | None, min_conflict_ha: float = 1.0) -> ScenarioAnalyse:
        """The national analysis of a scenario (of the base when `key` is None)."""
        require(actor, READ)
        scenario = None if key is None else self.scenario(actor, key)
        basis = scenario.basis_voorstel if scenario else None
        engine, base = self._base(basis, min_conflict_ha)
        stand = self._stand(base, scenario.actief if scenario else ())
        if stand.geraakt:
            engine = engine.fork()
            upserts = [stand.claims[k] for k in sorted(stand.geraakt) if k in stand.claims]
            engine.apply(upserts, [(0, k) for k in sorted(stand.geraakt) if k not in stand.claims])
        claims = engine.claims()
        targets = self.restrictions.targets()
        report = report_of(
            engine.puzzle(), claims, self.cat, self.provinces, None, min_conflict_ha, targets, stand.verschuivingen
        )
        return ScenarioAnalyse(scenario, report, stand)

    def vergelijk(self, actor: Actor, keys: Sequence[int | str], min_conflict_ha: float = 1.0) -> Vergelijking:
        """The base and two to four scenarios side by side (one scenario is compared with the base)."""
        require(actor, READ)
        if not 1 <= len(keys) <= MAX_VERGELIJK:
            raise InvalidInput(f"vergelijk 1 tot {MAX_VERGELIJK} scenario's met de basis (kreeg {len(keys)})")
        scenarios = [self.scenario(actor, k) for k in keys]
        if len({s.id for s in scenarios}) != len(scenarios):
            raise InvalidInput("een scenario staat twee keer in de vergelijking")
        bases = {s.basis_voorstel for s in scenarios}
        if len(bases) > 1:
            raise InvalidInput("vergelijk scenario's met dezelfde basis (ze hebben verschillende basisvoorstellen)")
        base = self._basis_analyse(next(iter(bases)), min_conflict_ha)
        runs = [self.analyse(actor, s.id, min_conflict_ha) for s in scenarios]
        base_claims = self._base_claims(next(iter(bases)))
        columns = [Kolom("Basis", None, base.report, base.stand)] + [
            Kolom(r.scenario.naam, r.scenario.id, r.report, r.stand) for r in runs if r.scenario is not None
        ]
        return vergelijk(columns, base_claims, self.provinces)

    # -- making and changing ---------------------------------------------------------------------------

    def nieuw(
        self,
        actor: Actor,
        naam: str,
        basis: int | str | None = None,
        omschrijving: str = "",
        gedeeld: bool = False,
    ) -> Scenario:
        """A new, empty scenario over the current voorstellen (or with voorstel `basis` standing for its name)."""
        require(actor, EDIT_SCENARIOS)
        naam = (naam or "").strip()
        problems = text_problems("naam", naam, MAX_NAAM) + text_problems("omschrijving", omschrijving, MAX_TEKST)
        if not naam:
            problems.append("naam: een scenario heeft een naam")
        elif naam.isdigit():
            problems.append(f"naam: '{naam}' is alleen cijfers; een naam bevat ook letters (cijfers zijn het id)")
        elif (hidden := _invisible(naam)) is not None:
            problems.append(f"naam: bevat een onzichtbaar teken ({hidden}); typ de naam zonder")
        if problems:
            raise InvalidInput("; ".join(problems))
        key = naam_sleutel(naam)
        same = next((s for s in self.repo.scenarios() if naam_sleutel(s.naam) == key), None)
        if same is not None:
            alike = "" if same.naam == naam else " (hoofdletters en spaties maken geen andere naam)"
            raise InvalidInput(f"naam: er is al een scenario '{same.naam}'{alike}")
        basis_id = self.claim_service.voorstel(actor, basis).id if basis is not None else None
        made = self.repo.maak(
            Scenario(
                0,
                naam,
                actor.email,
                EigenaarSoort.ROL if gedeeld else EigenaarSoort.GEBRUIKER,
                str(actor.role),
                actor.provincie,
                self.now(),
                basis_id,
                omschrijving.strip(),
                eigenaar_departement=actor.departement if gedeeld else None,
            )
        )
        base = "de huidige voorstellen" if basis_id is None else f"voorstel {basis_id}"
        self._record(actor, "scenario.aangemaakt", made, f"scenario '{made.naam}' aangemaakt op {base}")
        return made

    def wijzig(
        self, actor: Actor, key: int | str, wijziging: Wijziging, expected_version: int | None = None
    ) -> Scenario:
        """Add a change after the ones in effect (undone changes after them are dropped); all or nothing.

        The change is checked against the scenario as it stands: its claim exists there, a new
        geometry passes the import's rules (inside the Netherlands), a domain is the catalogue's,
        a shift moves at most what the province's share holds.
        """
        scenario = self._editable(actor, key, expected_version)
        if scenario.stand >= MAX_WIJZIGINGEN:
            raise InvalidInput(f"een scenario houdt hoogstens {MAX_WIJZIGINGEN} wijzigingen")
        engine_claims = self._base_claims(scenario.basis_voorstel)
        stand = self._stand(engine_claims, scenario.actief)
        change = self._checked(actor, scenario, stand, wijziging)
        changes = (*scenario.actief, change)
        saved = self._save(scenario, len(changes), changes)
        self._record(
            actor,
            "scenario.gewijzigd",
            saved,
            f"scenario '{saved.naam}': {describe(change, self._names(stand))}",
            {"volgnummer": change.volgnummer, "soort": str(change.soort)},
            change.reden or None,
        )
        return saved

    def ongedaan(self, actor: Actor, key: int | str, expected_version: int | None = None) -> Scenario:
        """Undo the last change in effect (it stays available for redo)."""
        scenario = self._editable(actor, key, expected_version)
        if not scenario.kan_ongedaan:
            raise InvalidInput(f"scenario '{scenario.naam}' heeft geen wijziging om ongedaan te maken")
        saved = self._save(scenario, scenario.stand - 1, scenario.wijzigingen)
        undone = scenario.wijzigingen[scenario.stand - 1]
        self._record(
            actor,
            "scenario.ongedaan",
            saved,
            f"scenario '{saved.naam}': wijziging {undone.volgnummer} ongedaan gemaakt ({describe(undone)})",
        )
        return saved

    def opnieuw(self, actor: Actor, key: int | str, expected_version: int | None = None) -> Scenario:
        """Redo the first undone change."""
        scenario = self._editable(actor, key, expected_version)
        if not scenario.kan_opnieuw:
            raise InvalidInput(f"scenario '{scenario.naam}' heeft geen ongedane wijziging om opnieuw te doen")
        redone = scenario.wijzigingen[scenario.stand]
        self._stand(self._base_claims(scenario.basis_voorstel), scenario.wijzigingen[: scenario.stand + 1])
        saved = self._save(scenario, scenario.stand + 1, scenario.wijzigingen)
        self._record(
            actor,
            "scenario.opnieuw",
            saved,
            f"scenario '{saved.naam}': wijziging {redone.volgnummer} opnieuw gedaan ({describe(redone)})",
        )
        return saved

    def verwijder(self, actor: Actor, key: int | str) -> None:
        """Remove a scenario (its owner); the audit trail keeps what it held."""
        scenario = self._editable(actor, key, None)
        self.repo.verwijder(scenario.id)
        details = {"wijzigingen": [describe(w) for w in scenario.wijzigingen]}
        self._record(actor, "scenario.verwijderd", scenario, f"scenario '{scenario.naam}' verwijderd", details)

    # -- promoting ---------------------------------------------------------------------------------------

    def promoveer(
        self,
        actor: Actor,
        key: int | str,
        provincie: str,
        naar: str = "voorstel",
        arrangement_id: int | None = None,
        expected_arrangement_version: int | None = None,
    ) -> Promotie:
        """Carry a scenario's changes for one province into the real voorstellen, or into part 2 of an RA.

        `naar="voorstel"`: every voorstel of the province that the scenario changes gets its next
        version, holding its claims as the scenario has them (checked and stored as an import, all or
        nothing); needs the right to edit that province's claims. `naar="arrangement"`: the changes
        and goal shifts concerning the province become one agreement in part 2 ("door het Rijk") of
        that province's arrangement `arrangement_id`; needs the right to edit that arrangement.
        """
        require(actor, READ)
        scenario = self.scenario(actor, key)
        code = self.provinces.get(provincie).code
        base = self._base_claims(scenario.basis_voorstel)
        stand = self._stand(base, scenario.actief)
        if naar == "voorstel":
            return self._to_voorstellen(actor, scenario, code, base, stand)
        if naar == "arrangement":
            return self._to_arrangement(
                actor, scenario, code, base, stand, arrangement_id, expected_arrangement_version
            )
        raise InvalidInput(f"naar: '{naar}' is geen keuze; kies voorstel of arrangement")

    def _to_voorstellen(
        self, actor: Actor, scenario: Scenario, code: str, base: dict[int, Claim], stand: Stand
    ) -> Promotie:
        from novex.claims.actions import EDIT_CLAIMS

        require(actor, EDIT_CLAIMS, code)
        owner = {v.id: v for v in self.claims.voorstellen(code)}
        touched_voorstellen = sorted(
            {
                (base.get(k) or stand.claims[k]).voorstel_id
                for k in stand.geraakt
                if (base.get(k) or stand.claims.get(k)) is not None
            }
            & owner.keys()
        )
        if not touched_voorstellen:
            raise InvalidInput(f"scenario '{scenario.naam}' wijzigt geen claim van een voorstel van {code}")
        self._require_base_versions(scenario, touched_voorstellen, owner)
        made = []
        for voorstel_id in touched_voorstellen:
            drafts = [
                _draft(c)
                for k, c in sorted(stand.claims.items(), key=lambda kv: _order(kv[0]))
                if c.voorstel_id == voorstel_id
            ]
            report = self.claim_service.new_version_with(actor, voorstel_id, drafts, f"scenario '{scenario.naam}'")
            made.append((report.voorstel.id, report.voorstel.naam, report.voorstel.versie, len(report.claim_ids)))
        skipped = tuple(describe(w) for w in scenario.actief if w.soort is Soort.VERSCHUIVING)
        note = tuple(f"{s}: een verschuiving van opgaven hoort in deel 2 van het arrangement" for s in skipped)
        loose = [c for k, c in stand.claims.items() if k < 0 and c.voorstel_id not in owner]
        note += tuple(
            f"toegevoegde claim '{c.naam}' hoort bij geen voorstel van {code}; voeg hem toe met een voorstel "
            "van deze provincie"
            for c in loose
            if code in self.provinces.split(c.geometry)
        )
        versions = counted(len(made), "nieuwe voorstelversie", "nieuwe voorstelversies")
        summary = f"scenario '{scenario.naam}' gepromoveerd naar {versions} van {code}"
        self._record(
            actor, "scenario.gepromoveerd", scenario, summary, {"provincie": code, "voorstellen": [m[0] for m in made]}
        )
        return Promotie(code, tuple(made), niet_meegenomen=note)

    def _to_arrangement(
        self,
        actor: Actor,
        scenario: Scenario,
        code: str,
        base: dict[int, Claim],
        stand: Stand,
        arrangement_id: int | None,
        expected_version: int | None,
    ) -> Promotie:
        if self.arrangements is None or arrangement_id is None or expected_version is None:
            raise InvalidInput("geef het arrangement (id) en de versie die u las")
        ra = self.arrangements.get(actor, arrangement_id)
        if ra.provincie != code:
            raise InvalidInput(f"arrangement {arrangement_id} is van {ra.provincie}, niet van {code}")
        if expected_version != ra.version:
            raise stale(f"ruimtelijk arrangement {arrangement_id}", ra.version, expected_version)
        names = self._names(stand) | {k: c.naam for k, c in base.items()}
        concerning = [w for w in scenario.actief if self._concerns(w, code, base, stand)]
        if not concerning:
            raise InvalidInput(f"scenario '{scenario.naam}' heeft geen wijziging die {code} raakt")
        shifts = [w.verschuiving for w in concerning if w.verschuiving is not None]
        provinces = tuple(sorted({code, *(p for s in shifts for p in (s.van, s.naar))}))
        lines = "; ".join(describe(w, names) for w in concerning)
        herschikking = Herschikking(
            str(HerschikkingSoort.UITRUIL if len(provinces) > 1 else HerschikkingSoort.HERSCHIKKING),
            provinces,
            f"Voorstel uit scenario '{scenario.naam}' (id {scenario.id}); het Rijk besluit.",
        )
        tekst = f"Herschikking uit scenario '{scenario.naam}': {lines}"[:2000]
        twin = next((a for a in ra.afspraken if a.tekst == tekst and a.herschikking == herschikking), None)
        if twin is not None:
            raise StateConflict(f"scenario '{scenario.naam}' staat al als afspraak {twin.sleutel} in deel 2 van "
                                f"arrangement {arrangement_id}; er is niets toegevoegd")  # fmt: skip
        afspraak = Afspraak(
            sleutel="",
            tekst=tekst,
            onderdeel=2,
            partijen=("Rijk", code),
            doelen=tuple(sorted({self.shares[(s.doel, p)] for s in shifts for p in (s.van, s.naar)})),
            claims=tuple(sorted(k for k in {w.claim_id for w in concerning} if k is not None and k > 0)),
            herschikking=herschikking,
        )
        saved, stored = self.arrangements.add_afspraak(actor, arrangement_id, afspraak, expected_version)
        self._record(
            actor,
            "scenario.gepromoveerd",
            scenario,
            f"scenario '{scenario.naam}' voorgesteld als afspraak {stored.sleutel} in deel 2 van het "
            f"arrangement van {code}",
            {"provincie": code, "arrangement": saved.id, "afspraak": stored.sleutel},
        )
        return Promotie(code, afspraak=stored.sleutel, arrangement_id=saved.id)

    @staticmethod
    def _require_base_versions(scenario: Scenario, touched: Sequence[int], owner: dict[int, Voorstel]) -> None:
        """Every voorstel a promotion makes a version of is the one the scenario's base holds (no later version).

        A later version (a promotion before this one, an import) holds claims the scenario never saw: a new
        version from the older one would drop them. Refused (409), naming the version there is now.
        """
        newest: dict[str, Voorstel] = {}
        for v in owner.values():
            if v.naam not in newest or v.versie > newest[v.naam].versie:
                newest[v.naam] = v
        basis = owner.get(scenario.basis_voorstel) if scenario.basis_voorstel is not None else None
        for voorstel_id in touched:
            v = owner[voorstel_id]
            current = basis if basis is not None and basis.naam == v.naam else newest[v.naam]
            if current.id != v.id:
                raise StateConflict(
                    f"scenario '{scenario.naam}' rekent met voorstel '{v.naam}' versie {v.versie} (id {v.id}), maar "
                    f"versie {current.versie} (id {current.id}) is er intussen (al gepromoveerd?); een nieuwe versie "
                    "uit de oude zou de claims van de nieuwe kwijtraken. Er is niets gepromoveerd."
                )

    def _concerns(self, change: Wijziging, code: str, base: dict[int, Claim], stand: Stand) -> bool:
        """Whether a change touches province `code`: a shift from or to it, or a claim lying in it."""
        if change.verschuiving is not None:
            return code in (change.verschuiving.van, change.verschuiving.naar)
        claim = base.get(change.claim_id) or stand.claims.get(change.claim_id)
        if claim is None:
            return False
        split = claim.provincies or self.provinces.split(claim.geometry)
        return code in split

    # -- helpers -------------------------------------------------------------------------------------------

    def _checked(self, actor: Actor, scenario: Scenario, stand: Stand, change: Wijziging) -> Wijziging:
        """The change as stored (number, author, time, claim version), after checking it applies."""
        problems = text_problems("reden", change.reden, MAX_TEKST)
        if problems:
            raise InvalidInput("; ".join(problems))
        if change.verschuiving is not None:
            change = replace(change, verschuiving=self._codes(change.verschuiving))
        claim_id = change.claim_id
        if change.soort is Soort.TOEVOEGEN:
            claim_id = scenario.volgend_claim_id()
            self._check_new_claim(actor, change)
        elif change.soort is not Soort.VERSCHUIVING:
            if claim_id is None:
                raise InvalidInput(f"{change.soort}: noem de claim (id)")
            if claim_id not in stand.claims:
                raise NotFound(f"claim {claim_id} staat niet in scenario '{scenario.naam}'")
        self._check_values(change, stand)
        current = stand.claims.get(claim_id) if claim_id is not None else None
        stored = replace(
            change,
            claim_id=claim_id,
            auteur=actor.email,
            tijdstip=self.now(),
            volgnummer=max((w.volgnummer for w in scenario.wijzigingen[: scenario.stand]), default=0) + 1,
            claim_versie=current.version if current is not None and claim_id and claim_id > 0 else None,
        )
        try:
            after = toepassen(stand.claims, [stored], self.shares)
        except ChangeRefused as refused:
            raise InvalidInput(str(refused)) from None
        if change.soort in (Soort.VERPLAATSEN, Soort.VORM) and claim_id is not None:
            moved = after.claims[claim_id]
            self.claim_service.check_drafts([_draft(moved)], None, f"claim {claim_id}")
        if change.soort is Soort.VERSCHUIVING:
            self._check_shift(stand, stored)
        return stored

    def _codes(self, move: Verschuiving) -> Verschuiving:
        """The shift with CBS codes as the catalogue keys them (pv21 → PV21); an unknown province refused."""
        codes = {}
        for name in ("van", "naar"):
            try:
                codes[name] = self.provinces.get(str(getattr(move, name))).code
            except NotFound as exc:
                raise InvalidInput(f"{name}: {exc}") from None
        return replace(move, **codes)

    def _check_new_claim(self, actor: Actor, change: Wijziging) -> None:
        """A claim to add: its fields, domain, goal and place as an import checks them; its voorstel readable."""
        if change.draft is None:
            raise InvalidInput("toevoegen: geef naam, domein en geometrie van de claim")
        if change.voorstel_id is not None:
            self.claim_service.voorstel(actor, change.voorstel_id)
        draft = change.draft
        problems = [p for name in ("naam", "eenheid", "doel_id", "notities")
                    for p in text_problems(name, getattr(draft, name), TEXT_LIMITS.get(name, MAX_TEKST))]  # fmt: skip
        if problems:
            raise InvalidInput("; ".join(problems))
        self.claim_service.check_drafts([change.draft], None, "nieuwe claim")

    def _check_values(self, change: Wijziging, stand: Stand) -> None:
        """The numbers and words of a change: finite amounts, a known domain and status."""
        if change.soort is Soort.VERPLAATSEN:
            for name, value in (("dx", change.dx), ("dy", change.dy)):
                if value is None or not math.isfinite(value) or abs(value) > MAX_VERPLAATSING_M:
                    raise InvalidInput(
                        f"{name}: een verplaatsing is een eindig getal in meters (hoogstens "
                        f"{format_number(MAX_VERPLAATSING_M)} m); kreeg {value!r}"
                    )
            if change.dx == 0 and change.dy == 0:
                raise InvalidInput("verplaatsen: dx en dy zijn allebei 0; er verandert niets")
            if abs(change.dx) < MIN_VERPLAATSING_M and abs(change.dy) < MIN_VERPLAATSING_M:
                raise InvalidInput("verplaatsen: dx en dy zijn allebei kleiner dan 1 mm (het raster van de claims); "
                                   "er verandert niets")  # fmt: skip
        if change.soort is Soort.VORM and change.geometry is None:
            raise InvalidInput("vorm: geef de nieuwe geometrie")
        if change.soort is Soort.HOEVEELHEID and (
            change.hoeveelheid is None
            or not math.isfinite(change.hoeveelheid)
            or abs(change.hoeveelheid) > MAX_HOEVEELHEID
        ):
            raise InvalidInput(
                f"hoeveelheid: een eindig getal van hoogstens {format_number(MAX_HOEVEELHEID)}, "
                f"kreeg {change.hoeveelheid!r}"
            )
        if change.soort is Soort.DOMEIN and change.domein not in self.cat.domein_slugs():
            raise InvalidInput(
                f"domein: onbekend domein {change.domein!r}; kies uit {', '.join(sorted(self.cat.domein_slugs()))}"
            )
        if change.soort is Soort.STATUS and change.status is None:
            raise InvalidInput("status: kies idee, zoekgebied, voorgenomen of vastgesteld")

    def _check_shift(self, stand: Stand, change: Wijziging) -> None:
        """A shift moves a positive amount between two provinces, at most what the source's share holds."""
        move = change.verschuiving
        if move is None:
            raise InvalidInput("verschuiving: noem doel, van, naar en hoeveelheid")
        if not math.isfinite(move.hoeveelheid) or move.hoeveelheid <= 0:
            raise InvalidInput(f"hoeveelheid: een positief getal, kreeg {format_number(move.hoeveelheid)}")
        if move.van == move.naar:
            raise InvalidInput(f"van en naar zijn allebei {move.van}; verschuif tussen twee provincies")
        goals = {d.id: d for _, d in quantitative_goals(self.cat)}
        source = goals[self.shares[(move.doel, move.van)]]
        left = float(source.waarde) + stand.verschuivingen.get(source.id, 0.0)
        if move.hoeveelheid > left + 1e-9:
            raise InvalidInput(
                f"hoeveelheid: {move.van} heeft voor {move.doel} nog {format_number(left)} "
                f"{source.eenheid}; er kan niet meer af dan dat"
            )

    def _editable(self, actor: Actor, key: int | str, expected_version: int | None) -> Scenario:
        require(actor, EDIT_SCENARIOS)
        scenario = self.scenario(actor, key)
        self._require_owner(actor, scenario)
        if expected_version is not None and expected_version != scenario.version:
            raise stale(f"scenario '{scenario.naam}'", scenario.version, expected_version)
        return scenario

    def _require_owner(self, actor: Actor, scenario: Scenario) -> None:
        require(actor, EDIT_SCENARIOS)
        if actor.system or actor.email == scenario.eigenaar:
            return
        same_role = scenario.eigenaar_soort is EigenaarSoort.ROL and str(actor.role) == scenario.eigenaar_rol
        same_body = (actor.role is not Role.PROVINCIE or actor.provincie == scenario.eigenaar_provincie) and (
            actor.role is not Role.DEPARTEMENT or actor.departement == scenario.eigenaar_departement
        )
        if same_role and same_body:
            return
        owner = scenario.eigenaar if scenario.eigenaar_soort is EigenaarSoort.GEBRUIKER else scenario.gedeeld_met
        raise Forbidden(f"scenario '{scenario.naam}' is van {owner}; {actor.email} mag het lezen, niet wijzigen")

    def _save(self, scenario: Scenario, stand: int, changes: tuple[Wijziging, ...]) -> Scenario:
        saved = self.repo.bewaar(scenario.id, stand, changes, scenario.version)
        if saved is None:
            current = self.repo.scenario(scenario.id)
            raise stale(f"scenario '{scenario.naam}'", current.version if current else 0, scenario.version)
        return saved

    def _record(self, actor: Actor, action: str, scenario: Scenario, summary: str, details=None, reden=None) -> None:  # noqa: ANN001
        self.audit.record([event(actor, action, ("scenario", scenario.id), summary, None, details, reden)])

    def _base(self, basis: int | None, min_conflict_ha: float) -> tuple[IncrementalPuzzle, dict[int, Claim]]:
        """The incremental puzzle of the base and its claims, cached by data revision, catalogue and basis."""
        claims = self._base_claims(basis)
        key = ("scenario-basis", self.revision(), self.cat.versie, basis, float(min_conflict_ha))

        def build() -> IncrementalPuzzle:
            matrix = Matrix(self.cat.compatibiliteit)
            domains = self.cat.domein_slugs()
            return IncrementalPuzzle(
                list(claims.values()),
                self.restrictions.areas(),
                self.provinces,
                matrix,
                float(min_conflict_ha),
                domains,
            )

        return self.engines.get(key, build), claims

    def _basis_analyse(self, basis: int | None, min_conflict_ha: float) -> ScenarioAnalyse:
        engine, claims = self._base(basis, min_conflict_ha)
        report = report_of(
            engine.puzzle(),
            engine.claims(),
            self.cat,
            self.provinces,
            None,
            min_conflict_ha,
            self.restrictions.targets(),
        )
        return ScenarioAnalyse(None, report, Stand(claims, {}, frozenset()))

    def _base_claims(self, basis: int | None) -> dict[int, Claim]:
        """The base: the newest version of every voorstel; with `basis`, that version instead of its name's newest."""
        if basis is None:
            claims = self.claims.claims(ClaimFilter(actueel=True))
        else:
            chosen = self.claims.voorstel(basis)
            if chosen is None:
                raise NotFound(f"basisvoorstel {basis} bestaat niet meer")
            siblings = {v.id for v in self.claims.voorstellen(chosen.provincie) if v.naam == chosen.naam}
            current = [c for c in self.claims.claims(ClaimFilter(actueel=True)) if c.voorstel_id not in siblings]
            claims = current + self.claims.claims(ClaimFilter(voorstel_id=chosen.id))
        return {c.id: c for c in sorted(claims, key=lambda c: c.id)}

    def _stand(self, base: dict[int, Claim], changes: Sequence[Wijziging]) -> Stand:
        """The stored changes on the base; one that no longer applies (its claim or share changed) is skipped."""
        try:
            return toepassen(base, changes, self.shares, overslaan=True)
        except ChangeRefused as refused:
            raise InvalidInput(str(refused)) from None

    @staticmethod
    def _names(stand: Stand) -> dict[int, str]:
        return {k: stand.claims[k].naam for k in stand.geraakt if k in stand.claims}


def _draft(claim: Claim) -> ClaimDraft:
    """A claim's own fields, as a draft to store in a new voorstel version."""
    from dataclasses import fields

    return ClaimDraft(**{f.name: getattr(claim, f.name) for f in fields(ClaimDraft)})


def _order(claim_id: int) -> tuple[int, int]:
    """Stored claims by id first, then the scenario's added claims in the order they were added."""
    return (0, claim_id) if claim_id > 0 else (1, -claim_id)
