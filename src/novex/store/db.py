"""Engine, sessions and schema upgrades (Alembic) for the configured database.

Concurrency: writers take turns, readers do not wait for them. A unit of work that may
write (`Database.session()`, the default) holds the database's writer lock from its
first statement to its commit: `BEGIN IMMEDIATE` on SQLite (WAL), a transaction-level
advisory lock on PostgreSQL. So what it read still holds when it writes (no lost
check-then-insert, no SQLITE_BUSY_SNAPSHOT), and a second writer (another CLI import,
an API request) waits its turn, up to `WRITE_WAIT_SECONDS`, instead of failing; only
then it gets `DatabaseBusy` (a Dutch message, nothing stored). Read-only work
(`Database.session(write=False)`, `Database.reader()`) takes no lock, so it does not
queue behind a long import.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from novex.errors import InvalidInput, StateConflict

MIGRATIONS = Path(__file__).with_name("migrations")

WRITE_WAIT_SECONDS = 60.0
"""How long a writer waits for the writer lock (and a connection) before giving up."""

WRITER_LOCK_KEY = 0x6E6F_7665_7800_0001
"""The PostgreSQL advisory lock (per database) that writers hold until they commit."""

WAIT_OPTION = "novex_wait_seconds"
"""The engine's execution option holding its `wait_seconds`."""

SQLITE_BUSY = 5


class DatabaseBusy(StateConflict):
    """Another writer held the database longer than a writer waits; nothing was stored."""


def make_engine(url: str, wait_seconds: float = WRITE_WAIT_SECONDS) -> Engine:
    """An engine for `url`; SQLite gets its directory, WAL, foreign keys and a busy timeout of `wait_seconds`."""
    sqlite = url.startswith("sqlite")
    in_memory = sqlite and (url in ("sqlite://", "sqlite:///") or ":memory:" in url)
    if url.startswith("sqlite:///") and not in_memory:
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    # Writers queue for the lock holding a pooled connection: the pool waits as long as the lock.
    engine = create_engine(
        url,
        execution_options={WAIT_OPTION: wait_seconds},
        **({} if in_memory else {"pool_timeout": wait_seconds}),
    )
    if engine.dialect.name == "sqlite":
        busy_ms = max(0, round(wait_seconds * 1000))
        event.listen(engine, "connect", lambda dbapi_connection, _record: _sqlite_pragmas(dbapi_connection, busy_ms))
    event.listen(engine, "before_cursor_execute", _refuse_nul_characters)
    return engine


def _refuse_nul_characters(_conn, _cursor, _statement, parameters, _context, _executemany) -> None:  # noqa: ANN001
    """Refuse text with a NUL character (U+0000) on every backend alike.

    PostgreSQL cannot store it in text and fails the statement; SQLite would store it. Input
    borders name the field where they can; this is the net under all of them.
    """
    for name, value in _named_values(parameters):
        if isinstance(value, str) and "\x00" in value:
            raise InvalidInput(f"tekst met een NUL-teken (\\0) wordt niet opgeslagen of gezocht (parameter {name})")


def _named_values(parameters: object, name: object = "") -> Iterator[tuple[object, object]]:
    """Every value in a statement's parameters (a dict, a row, a list of rows), with its name or position."""
    if isinstance(parameters, dict):
        for key, value in parameters.items():
            yield from _named_values(value, key)
    elif isinstance(parameters, list | tuple):
        for position, value in enumerate(parameters):
            yield from _named_values(value, name or position)
    else:
        yield name, parameters


def _sqlite_pragmas(dbapi_connection, busy_ms: int) -> None:  # noqa: ANN001
    """Foreign keys on; WAL (readers and one writer side by side); a writer waits `busy_ms` for the lock."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe in WAL: a crash may lose the last commits, never corrupts
    cursor.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
    cursor.close()


def wait_seconds_of(bind: Engine | Connection) -> float:
    """How long writers on this engine (or connection) wait for the writer lock."""
    return float(bind.get_execution_options().get(WAIT_OPTION, WRITE_WAIT_SECONDS))


def hold_write_lock(connection: Connection) -> None:
    """Take the database's writer lock for the rest of `connection`'s transaction, waiting as `make_engine` was told.

    Call it first thing in a transaction that will write. SQLite: `BEGIN IMMEDIATE` (the
    connection must not be in a DBAPI transaction yet; Python's sqlite3 then adds no BEGIN
    of its own). PostgreSQL: `pg_advisory_xact_lock`, released at commit or rollback.
    Raises `DatabaseBusy` when the wait runs out.
    """
    dialect, wait_seconds = connection.dialect.name, wait_seconds_of(connection)
    try:
        if dialect == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif dialect == "postgresql":
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{max(1, round(wait_seconds * 1000))}ms'")
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_LOCK_KEY})
    except DBAPIError as exc:
        if _waited_too_long(exc):
            raise _busy(wait_seconds) from exc
        raise


def _waited_too_long(exc: DBAPIError) -> bool:
    """Whether `exc` is a lock wait that ran out (SQLite SQLITE_BUSY*, PostgreSQL lock_not_available)."""
    orig = getattr(exc, "orig", None)
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF == SQLITE_BUSY
    return getattr(orig, "sqlstate", None) == "55P03"


def _busy(wait_seconds: float) -> DatabaseBusy:
    return DatabaseBusy(
        f"de database is na {wait_seconds:g} s wachten nog bezig met een andere schrijfactie "
        "(bijvoorbeeld een grote import); er is niets opgeslagen, probeer het straks opnieuw"
    )


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at the packaged migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine) -> None:
    """Create or upgrade the schema to the newest migration (idempotent), in one transaction.

    Holds the writer lock, so processes starting at once (two `novex claims import`s on a
    new database) migrate one after the other: the second finds the schema current.
    """
    config = alembic_config(str(engine.url.render_as_string(hide_password=False)))
    with engine.connect() as connection:
        hold_write_lock(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        connection.commit()


class Database:
    """The unit-of-work factory: `with db.session() as s:` commits or rolls back."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.wait_seconds = wait_seconds_of(engine)
        self._writers = sessionmaker(engine, expire_on_commit=False)
        self._readers = sessionmaker(engine, expire_on_commit=False)
        event.listen(self._writers, "after_begin", self._lock_for_writing)

    def _lock_for_writing(self, _session: Session, transaction: SessionTransaction, connection: Connection) -> None:
        """A writer's transaction starts by taking the writer lock (not again for a savepoint)."""
        if not transaction.nested:
            hold_write_lock(connection)

    @contextmanager
    def session(self, write: bool = True) -> Iterator[Session]:
        """A transaction: committed on success, rolled back on any error.

        `write=True` (the default): the transaction holds the writer lock from its first
        statement on, so it may read, decide and write safely; other writers wait for it.
        `write=False`: for work that only reads — no lock, does not wait for writers. (A
        write in it would still wait its turn at that statement, but what it read before
        is not protected against other writers.)
        """
        try:
            with (self._writers if write else self._readers).begin() as session:
                yield session
        except DBAPIError as exc:
            if _waited_too_long(exc):
                raise _busy(self.wait_seconds) from exc
            raise
        except PoolTimeout as exc:
            raise _busy(self.wait_seconds) from exc

    def reader(self) -> AbstractContextManager[Session]:
        """A read-only unit of work: `session(write=False)`."""
        return self.session(write=False)
