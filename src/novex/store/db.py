"""Engine, sessions and schema upgrades (Alembic) for the configured database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from novex.errors import InvalidInput

MIGRATIONS = Path(__file__).with_name("migrations")


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets foreign keys on and its directory created."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
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


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at the packaged migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine) -> None:
    """Create or upgrade the schema to the newest migration (idempotent)."""
    config = alembic_config(str(engine.url.render_as_string(hide_password=False)))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


class Database:
    """The unit-of-work factory: `with db.session() as s:` commits or rolls back."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed on success, rolled back on any error."""
        with self._sessions.begin() as session:
            yield session
