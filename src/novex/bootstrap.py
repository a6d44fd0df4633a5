"""The one place that wires settings → engine → database → services.

Edges (API, web, CLI) get their services from a `UnitOfWork`: one transaction, committed
when the work succeeds and rolled back when it raises. They never see the session or a
repository. Each context names its service factories in its `Context` (`novex.registry`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from novex import registry
from novex.access import Actor
from novex.progress import Progress, silent
from novex.settings import Settings, get_settings

if TYPE_CHECKING:  # the wiring imports its layers where it uses them: a quick `novex --help` and `novex provinces`
    from sqlalchemy.engine import URL
    from sqlalchemy.orm import Session

    from novex.accounts.service import AccountService
    from novex.analysis.background import Background, Budget
    from novex.analysis.cache import ResultCache
    from novex.analysis.report import AnalysisReport
    from novex.analysis.service import AnalysisService
    from novex.arrangement.service import ArrangementService
    from novex.audit import AuditService
    from novex.catalog.loader import Catalogus
    from novex.catalog.service import CatalogService
    from novex.claims.restrictions import RestrictionService
    from novex.claims.service import ClaimService
    from novex.claims.verantwoording_service import VerantwoordingService
    from novex.dialogue.service import VraagstukService
    from novex.gebieden.productketen_service import ProductketenService
    from novex.gebieden.service import GebiedenService
    from novex.meetings.service import MeetingService
    from novex.monitor.service import Gepland, MonitorService
    from novex.reference.service import ReferenceService
    from novex.scenarios.service import ScenarioService
    from novex.store import backup as store_backup
    from novex.store import db as store_db
    from novex.store.claims_repo import SqlClaimRepository


@dataclass(frozen=True)
class InitReport:
    """What `novex init` did."""

    database_url: str
    catalog_version: str
    catalog_loaded: bool
    provinces: int
    goals: int
    municipalities: int = 0
    layers_loaded: tuple[str, ...] = ()


T = TypeVar("T")


class UnitOfWork:
    """One transaction and the services bound to it: `uow.get(ClaimService).list(actor, …)`.

    The transaction opens when the first service that needs the database is asked for;
    services over shipped data (`static`) never open one.
    """

    def __init__(self, open_session: Callable[[], Session]) -> None:
        self._open_session = open_session
        self._session: Session | None = None
        self._services: dict[type, object] = {}

    def get(self, kind: type[T]) -> T:
        """The service of this class, bound to this unit of work (built on first use)."""
        if kind not in self._services:
            factory = service_factory(kind)
            if getattr(factory, "static", False):
                self._services[kind] = factory(None)
            else:
                if self._session is None:
                    self._session = self._open_session()
                self._services[kind] = factory(self._session)
        return self._services[kind]  # type: ignore[return-value]


def static(factory: Callable[..., T]) -> Callable[..., T]:
    """Mark a service factory that needs no database (the catalogue, the reference geography)."""
    factory.static = True  # type: ignore[attr-defined]
    return factory


def service_factory(kind: type[T]) -> Callable[[Session | None], T]:
    """The factory(session) a registered context names for a service class (imports only that one)."""
    reference = f"{kind.__module__}:{kind.__qualname__}"
    for context in registry.contexts():
        if reference in context.services:
            return registry.load(context.services[reference])
    raise LookupError(f"no context offers a {kind.__name__}")


@contextmanager
def unit_of_work(db: store_db.Database | None = None, write: bool = True) -> Iterator[UnitOfWork]:
    """A unit of work on `db` (default: the configured database, connected only when a service needs it).

    Committed when the block succeeds, rolled back when it raises. `write=False` for work that
    only reads: it takes no writer lock, so it never waits behind a long import.
    """
    with ExitStack() as stack:

        def open_session() -> Session:
            target = db if db is not None else stack.enter_context(configured_database())
            return stack.enter_context(target.session(write=write))

        yield UnitOfWork(open_session)


@contextmanager
def configured_database(settings: Settings | None = None) -> Iterator[store_db.Database]:
    """The database of the settings for one piece of work; its connections are closed afterwards."""
    db = database(settings)
    try:
        yield db
    finally:
        db.engine.dispose()


def database(settings: Settings | None = None) -> store_db.Database:
    """The database of the given (or process) settings."""
    from novex.store import db as store_db

    settings = settings or get_settings()
    return store_db.Database(store_db.make_engine(settings.resolved_database_url))


def init(settings: Settings | None = None) -> InitReport:
    """Create/upgrade the schema and load the catalogue and provinces (idempotent)."""
    from sqlalchemy import func, select

    from novex.catalog.service import catalogus
    from novex.reference.municipalities import municipality_index
    from novex.reference.provinces import province_index
    from novex.store import db as store_db
    from novex.store.claims_repo import SqlClaimRepository
    from novex.store.reference import store_catalog, store_municipalities, store_provinces
    from novex.store.tables.catalog import GoalRow

    settings = settings or get_settings()
    cat = catalogus()
    with configured_database(settings) as db:
        store_db.upgrade(db.engine)
        with db.session() as session:
            loaded = store_catalog(session, cat)
            provinces = store_provinces(session, province_index().provinces)
            goals = session.scalar(select(func.count()).select_from(GoalRow)) or 0
            municipalities = store_municipalities(session, municipality_index().municipalities)
            layers = load_shipped_layers(restriction_service(session))
            backfill_municipalities(SqlClaimRepository(session))
    return InitReport(
        database_url=db.engine.url.render_as_string(hide_password=True),
        catalog_version=cat.versie,
        catalog_loaded=loaded,
        provinces=provinces,
        goals=goals,
        municipalities=municipalities,
        layers_loaded=tuple(layers),
    )


def load_shipped_layers(service: RestrictionService) -> list[str]:
    """Import the shipped restriction layers that are not in the database yet."""
    from novex.reference.layers import SHIPPED, peildatum

    loaded = []
    for layer in SHIPPED:
        if not service.has_layer(Actor.operator(), layer.naam):
            service.import_layer(
                Actor.operator(),
                layer.path,
                layer.naam,
                layer.domein,
                layer.hardheid,
                layer.juridische_basis,
                peildatum(layer),
                layer.attributie,
                layer.name_field,
                layer.code_field,
                layer.status_field,
            )
            loaded.append(layer.naam)
    return loaded


def backfill_municipalities(repo: SqlClaimRepository) -> int:
    """Give claims stored before the municipal layer existed their municipal split."""
    from novex.reference.municipalities import municipality_index

    missing = repo.claims_without_municipalities()
    if missing:
        index = municipality_index()
        repo.add_municipal_split([cid for cid, _ in missing], [index.split(geom) for _, geom in missing])
    return len(missing)


def claim_service(session: Session) -> ClaimService:
    """The claims service bound to one unit of work."""
    from novex.catalog.service import catalogus
    from novex.claims.service import ClaimService
    from novex.reference.municipalities import municipality_index
    from novex.reference.provinces import province_index
    from novex.store.audit_repo import SqlAuditLog
    from novex.store.claims_repo import SqlClaimRepository
    from novex.store.restrictions_repo import SqlRestrictionRepository

    targets = SqlRestrictionRepository(session).targets
    return ClaimService(
        SqlClaimRepository(session), SqlAuditLog(session), catalogus(), province_index(), municipality_index(), targets
    )


def verantwoording_service(session: Session) -> VerantwoordingService:
    """The verantwoording of voorstellen (seed 004 Bijlage 5) bound to one unit of work."""
    from novex.catalog.service import catalogus
    from novex.claims.verantwoording_service import VerantwoordingService
    from novex.store.audit_repo import SqlAuditLog
    from novex.store.claims_repo import SqlClaimRepository
    from novex.store.verantwoording_repo import SqlVerantwoordingRepository

    return VerantwoordingService(
        SqlVerantwoordingRepository(session), SqlClaimRepository(session), SqlAuditLog(session), catalogus().goal_ids()
    )


def restriction_service(session: Session) -> RestrictionService:
    """The restriction-layer and province-target service bound to one unit of work."""
    from novex.catalog.service import catalogus
    from novex.claims.restrictions import RestrictionService
    from novex.reference.provinces import province_index
    from novex.store.audit_repo import SqlAuditLog
    from novex.store.restrictions_repo import SqlRestrictionRepository

    return RestrictionService(SqlRestrictionRepository(session), SqlAuditLog(session), catalogus(), province_index())


@cache
def analyses() -> ResultCache[object]:
    """Analyses of this process, by database, data revision, catalogue version and scope."""
    from novex.analysis.cache import ResultCache

    return ResultCache(size=16)


@cache
def analysis_runs() -> Background[AnalysisReport]:
    """The newest analysis per scope in this process, and its background runs (one worker thread)."""
    from novex.analysis.background import Background
    from novex.analysis.service import STAGES

    return Background(STAGES)


def analysis_budget() -> Budget:
    """What an analysis may cost while a page or API request waits (`NOVEX_ANALYSE_DIRECT_MAX_*`)."""
    from novex.analysis.background import Budget

    settings = get_settings()
    return Budget(settings.analyse_direct_max_claims, settings.analyse_direct_max_seconden)


@cache
def dialogue_reads() -> ResultCache[object]:
    """Vraagstukken lists and boards of this process, by database, data revision and filter."""
    from novex.analysis.cache import ResultCache

    return ResultCache(size=64)


def analysis_service(session: Session) -> AnalysisService:
    """The analysis service bound to one unit of work, sharing the process's cache of results."""
    from novex.analysis.service import AnalysisService
    from novex.catalog.service import catalogus
    from novex.reference.provinces import province_index
    from novex.store import db as store_db
    from novex.store.audit_repo import SqlAuditLog
    from novex.store.claims_repo import SqlClaimRepository
    from novex.store.restrictions_repo import SqlRestrictionRepository

    engine = session.get_bind()
    database_url = engine.url.render_as_string(hide_password=True)
    audit = SqlAuditLog(session)
    ignoring = registry.kinds_outside_analysis()

    @contextmanager
    def reader() -> Iterator[tuple[SqlClaimRepository, SqlRestrictionRepository]]:
        """The repositories on a read-only session of their own, for a run after this unit of work has ended."""
        with store_db.Database(engine).reader() as own:  # type: ignore[arg-type]
            yield SqlClaimRepository(own), SqlRestrictionRepository(own)

    return AnalysisService(
        SqlClaimRepository(session),
        SqlRestrictionRepository(session),
        lambda: audit.revision(ignoring),
        catalogus(),
        province_index(),
        analyses(),
        source=database_url,
        background=analysis_runs(),
        budget=analysis_budget(),
        reader=None if _in_memory(engine.url) else reader,  # another connection would see another, empty database
    )


def _in_memory(url: URL) -> bool:
    """Whether a database URL is an in-memory SQLite database (each connection its own)."""
    return url.drivername.startswith("sqlite") and url.database in (None, "", ":memory:")


def vraagstuk_service(session: Session) -> VraagstukService:
    """The vraagstukken dialogue bound to one unit of work (claims, users, registers; conflicts from the analysis)."""
    from novex.analysis.puzzle import SEVERITY_FORMULA
    from novex.catalog.service import catalogus
    from novex.claims.ports import ClaimFilter
    from novex.dialogue.service import VraagstukService
    from novex.dialogue.triage import LinkedClaim
    from novex.reference.provinces import province_index
    from novex.store.audit_repo import SqlAuditLog
    from novex.store.claims_repo import SqlClaimRepository
    from novex.store.dialogue_repo import SqlRegisterRepository, SqlUserDirectory, SqlVraagstukRepository
    from novex.store.flow_history import SqlFlowHistory

    claims = SqlClaimRepository(session)
    database_url = session.get_bind().url.render_as_string(hide_password=True)
    audit = SqlAuditLog(session)

    def memo(key: tuple[object, ...], compute: Callable[[], object]) -> object:
        """Lists and boards per database and data revision: reads repeat far more often than changes."""
        return dialogue_reads().get((database_url, audit.revision(), *key), compute)

    def linked(ids: Sequence[int]) -> list[LinkedClaim]:
        return [LinkedClaim(c.id, c.naam, c.domein, c.provincies) for c in claims.claims(ClaimFilter(ids=ids))]

    def conflict(actor: Actor, conflict_id: str) -> object | None:
        """From the newest complete national analysis (a pre-fill may use it; waits only before the first)."""
        service = analysis_service(session)
        report = service.state(actor).report or service.analysis(actor)
        return next((c for c in report.conflicts if c.id == conflict_id), None)

    return VraagstukService(
        SqlVraagstukRepository(session),
        SqlFlowHistory(session),
        audit,
        catalogus(),
        {p.code: p.naam for p in province_index().provinces},
        linked,
        SqlUserDirectory(session),
        SqlRegisterRepository(session),
        conflict,
        SEVERITY_FORMULA,
        memo,
    )


def meeting_service(session: Session) -> MeetingService:
    """The meeting cycle, the fast procedure and the werkplaatsen, bound to one unit of work."""
    from novex.meetings.service import MeetingService
    from novex.reference.provinces import landsdelen, province_index
    from novex.store.audit_repo import SqlAuditLog
    from novex.store.flow_history import SqlFlowHistory
    from novex.store.meetings_repo import SqlMeetingRepository

    return MeetingService(
        SqlMeetingRepository(session),
        vraagstuk_service(session),
        SqlFlowHistory(session),
        SqlAuditLog(session),
        {part.code: part.provincies for part in landsdelen()[0]},
        {p.code: p.naam for p in province_index().provinces},
    )


def arrangement_service(session: Session) -> ArrangementService:
    """The Ruimtelijk Arrangement per province and year, bound to one unit of work."""
    from novex.arrangement.service import ArrangementService
    from novex.catalog.service import catalogus
    from novex.claims.ports import ClaimFilter
    from novex.reference.provinces import landsdelen, province_index
    from novex.store.arrangement_repo import SqlArrangementRepository
    from novex.store.audit_repo import SqlAuditLog
    from novex.store.claims_repo import SqlClaimRepository
    from novex.store.flow_history import SqlFlowHistory

    claims = SqlClaimRepository(session)
    cat = catalogus()

    def claim_provinces(ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        return {c.id: tuple(c.provincies) for c in claims.claims(ClaimFilter(ids=tuple(ids)))}

    return ArrangementService(
        SqlArrangementRepository(session),
        vraagstuk_service(session),
        meeting_service(session),
        SqlFlowHistory(session),
        SqlAuditLog(session),
        {part.code: part.provincies for part in landsdelen()[0]},
        {p.code: p.naam for p in province_index().provinces},
        catalogue_ids=lambda: (cat.goal_ids(), {g.id for g in cat.novex_gebieden}),
        claim_provinces=claim_provinces,
    )


def monitor_service(session: Session) -> MonitorService:
    """The uniform monitor of the agreements, bound to one unit of work."""
    from novex.catalog.service import catalogus
    from novex.monitor.service import MonitorService
    from novex.reference.provinces import province_index
    from novex.store.arrangement_repo import SqlArrangementRepository
    from novex.store.audit_repo import SqlAuditLog
    from novex.store.monitor_repo import SqlMonitorRepository

    return MonitorService(
        SqlMonitorRepository(session),
        SqlArrangementRepository(session),
        vraagstuk_service(session),
        SqlAuditLog(session),
        {p.code: p.naam for p in province_index().provinces},
        themas_van_doel(catalogus()),
        gepland=lambda provincie: planned_towards_goals(session, provincie),
    )


def gebieden_service(session: Session) -> GebiedenService:
    """The NOVEX areas with their extent and analysis, bound to one unit of work."""
    from novex.catalog.service import catalogus
    from novex.gebieden.service import GebiedenService
    from novex.reference.municipalities import municipality_index
    from novex.reference.provinces import province_index
    from novex.store.audit_repo import SqlAuditLog
    from novex.store.claims_repo import SqlClaimRepository
    from novex.store.gebieden_repo import SqlGrensRepository
    from novex.store.restrictions_repo import SqlRestrictionRepository

    database_url = session.get_bind().url.render_as_string(hide_password=True)
    audit = SqlAuditLog(session)
    ignoring = registry.kinds_outside_analysis()
    return GebiedenService(
        SqlGrensRepository(session),
        SqlClaimRepository(session),
        SqlRestrictionRepository(session),
        audit,
        catalogus(),
        province_index(),
        municipality_index,
        lambda: (database_url, audit.revision(ignoring)),
        analyses(),
    )


def productketen_service(session: Session) -> ProductketenService:
    """The NOVEX areas' chain of products (dossier, products, uitvoeringsafspraken), bound to one unit of work."""
    from novex.catalog.service import catalogus
    from novex.gebieden.productketen_service import ProductketenService
    from novex.reference.provinces import province_index
    from novex.store.audit_repo import SqlAuditLog
    from novex.store.productketen_repo import SqlProductketenRepository

    return ProductketenService(
        SqlProductketenRepository(session),
        SqlAuditLog(session),
        catalogus(),
        {p.code: p.naam for p in province_index().provinces},
    )


@cache
def scenario_engines() -> ResultCache[object]:
    """The incremental puzzles of scenario bases in this process, by database, data revision and base."""
    from novex.analysis.cache import ResultCache

    return ResultCache(size=2)


def scenario_service(session: Session) -> ScenarioService:
    """Scenarios over the voorstellen, bound to one unit of work (claims, restrictions, arrangements)."""
    from novex.catalog.service import catalogus
    from novex.reference.provinces import province_index
    from novex.scenarios.service import ScenarioService
    from novex.store.audit_repo import SqlAuditLog
    from novex.store.claims_repo import SqlClaimRepository
    from novex.store.restrictions_repo import SqlRestrictionRepository
    from novex.store.scenarios_repo import SqlScenarioRepository

    database_url = session.get_bind().url.render_as_string(hide_password=True)
    audit = SqlAuditLog(session)
    ignoring = registry.kinds_outside_analysis()
    return ScenarioService(
        SqlScenarioRepository(session),
        SqlClaimRepository(session),
        SqlRestrictionRepository(session),
        claim_service(session),
        arrangement_service(session),
        audit,
        catalogus(),
        province_index(),
        lambda: (database_url, audit.revision(ignoring)),
        scenario_engines(),
    )


def themas_van_doel(cat: Catalogus) -> dict[str, str]:
    """Goal id -> the name of its startpakket theme (a province goal: the theme of its domain)."""
    found = {d.id: t.naam for t in cat.themas for d in [*t.nationale_doelen, *t.doelen_per_gebied]}
    by_domain = {dom: t.naam for t in cat.themas for dom in t.domeinen}
    for profiel in cat.provincieprofielen:
        extra = [profiel.woningbouw_tot_2030] if profiel.woningbouw_tot_2030 else []
        for d in [*extra, *profiel.doelen]:
            if d.id not in found and d.domein in by_domain:
                found[d.id] = by_domain[d.domein]
    return found


def planned_towards_goals(session: Session, provincie: str) -> list[Gepland]:
    """The goal accounting of the spatial analysis for one province, as planned values (cached analysis)."""
    from novex.access import Actor
    from novex.monitor.service import Gepland

    service = analysis_service(session)  # the newest complete analysis: a long one never holds the monitor page
    report = service.state(Actor.operator(), [provincie]).report or service.analysis(Actor.operator(), [provincie])
    return [Gepland(b.goal, b.tekst, b.unit, b.planned, b.target) for b in report.goals]


@static
def catalog_service(_session: Session | None = None) -> CatalogService:
    """The catalogue service (static, shipped data)."""
    from novex.catalog.service import CatalogService, catalogus

    return CatalogService(catalogus())


@static
def reference_service(_session: Session | None = None) -> ReferenceService:
    """The reference-geography service (static, shipped data; the municipalities load when first asked for)."""
    from novex.reference.service import ReferenceService

    return ReferenceService()


def audit_service(session: Session) -> AuditService:
    """The audit-trail reader bound to one unit of work."""
    from novex.audit import AuditService
    from novex.store.audit_repo import SqlAuditLog

    return AuditService(SqlAuditLog(session))


def account_service(session: Session) -> AccountService:
    """The account service bound to one unit of work."""
    from novex.accounts.service import AccountService
    from novex.reference.provinces import province_index
    from novex.store.audit_repo import SqlAuditLog
    from novex.store.users_repo import SqlUserRepository

    return AccountService(SqlUserRepository(session), SqlAuditLog(session), province_index())


def backup(path: Path, progress: Progress = silent) -> store_backup.BackupReport:
    """Write a backup of the configured database (`novex.store.backup`)."""
    from novex.store import backup as store_backup

    with configured_database() as db:
        return store_backup.backup(db.engine, path, progress=progress)


def verify_backup(path: Path, progress: Progress = silent) -> dict:
    """Check a whole backup file before anything is restored; its header."""
    from novex.store import backup as store_backup

    return store_backup.verify(path, progress=progress)


def restore(path: Path, progress: Progress = silent) -> store_backup.BackupReport:
    """Replace the configured database's contents by a backup, in one transaction."""
    from novex.store import backup as store_backup

    with configured_database() as db:
        return store_backup.restore(db.engine, path, progress=progress)


def ensure_initialised(settings: Settings | None = None) -> bool:
    """Initialise the database (`init`) unless its schema is already the newest; True when it did.

    For the commands that use the database: a new data directory is set up rather than
    failing on a missing table, and a database that is current costs one query.
    """
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from novex.store import db as store_db

    settings = settings or get_settings()
    url = settings.resolved_database_url
    engine = store_db.make_engine(url)
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
    if current == ScriptDirectory.from_config(store_db.alembic_config(url)).get_current_head():
        return False
    init(settings)
    return True


def database_problem(exc: BaseException) -> str | None:
    """In Dutch, why the database cannot be used, when `exc` says it is unreachable or not set up; else None."""
    from alembic.util import CommandError
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError, ProgrammingError

    configured = get_settings().resolved_database_url
    try:
        where = make_url(configured).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        where = "NOVEX_DATABASE_URL"
    if isinstance(exc, NoSuchModuleError) or (isinstance(exc, ArgumentError) and "URL" in str(exc)):
        return f"NOVEX_DATABASE_URL is geen bruikbare database-URL ({configured!r}): {exc}"
    if isinstance(exc, CommandError):
        return f"het schema van de database {where} past niet bij deze versie van novex: {exc}"
    if not isinstance(exc, DBAPIError):
        return None
    reason = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else type(exc.orig).__name__
    missing_table = "no such table" in reason or getattr(exc.orig, "sqlstate", None) == "42P01"
    if isinstance(exc, OperationalError | ProgrammingError) and missing_table:
        return f"de database {where} is nog niet klaargezet (er ontbreekt een tabel: {reason}); voer `novex init` uit"
    if isinstance(exc, OperationalError) and "locked" in reason:
        return f"de database {where} is bezet door een ander proces ({reason}); probeer het zo opnieuw"
    if isinstance(exc, OperationalError) or exc.connection_invalidated:
        return (
            f"de database is niet bereikbaar ({where}): {reason}. "
            "Controleer NOVEX_DATABASE_URL en of de databaseserver draait."
        )
    return None
