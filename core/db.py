"""Opening the store: which database, engine settings, schema migrations, sessions.

The database is `--db URL`, else `$PURNA_DB`, else an SQLite file in the user's data
directory. SQLite runs in WAL mode with a busy timeout and foreign keys on; write
transactions start with BEGIN IMMEDIATE so that two terminals never deadlock on a
lock upgrade ("database is locked"). The schema is brought to the newest Alembic
revision on open.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlmodel import Session

from core.i18n import _
from core.migrations import HEAD_REVISION, MIGRATIONS_DIR
from core.policy import DEFAULT_SHOP_ZONE

ENV_VAR = "PURNA_DB"
BUSY_TIMEOUT_MS = 15_000


class StoreError(Exception):
    """The store cannot be opened or used; the message says what to do."""


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("purna", appauthor=False)) / "purna.db"


def resolve_url(given: str | None = None) -> str:
    """The database URL: `given`, else $PURNA_DB, else the default SQLite file.

    A bare file path is taken as an SQLite file.
    """
    url = given or os.environ.get(ENV_VAR) or ""
    if not url:
        return f"sqlite:///{default_path()}"
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    return url


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (see _sqlite_on_begin)
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(
            _("not a database URL: {url!r} ({error})").format(url=url, error=exc)
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except NoSuchModuleError:
        raise StoreError(
            _(
                "unknown kind of database {kind!r} in {url!r}; use an SQLite file path, "
                "sqlite:///PATH or postgresql+psycopg://USER@HOST/DB"
            ).format(kind=parsed.drivername, url=url)
        ) from None
    except ModuleNotFoundError as exc:
        raise StoreError(
            _(
                "the driver for {kind} is not installed ({module}); for PostgreSQL install Purna "
                "with the 'postgres' extra"
            ).format(kind=parsed.drivername, module=exc.name)
        ) from exc


def current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
            return None if row is None else str(row[0])
    except DBAPIError:
        return None


def migrate(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema to `revision` (one transaction, one migrator at a time)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7306021)")  # one migrator
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


@dataclass
class Store:
    """An open database: sessions for reads, write transactions, and shop settings."""

    url: str
    engine: Engine
    _settings: dict[str, str] = field(default_factory=dict)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed if the block ends normally, else rolled back."""
        with Session(self.engine, expire_on_commit=False) as session:
            session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            yield session
            session.commit()

    def setting(self, key: str, default: str) -> str:
        if key not in self._settings:
            from core.models import Setting

            with self.read() as session:
                row = session.get(Setting, key)
            self._settings[key] = row.value if row else default
        return self._settings[key]

    @property
    def shop_zone(self) -> ZoneInfo:
        return ZoneInfo(self.setting("shop_zone", DEFAULT_SHOP_ZONE))

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def short_name(self) -> str:
        """The SQLite file's name, or the server URL without a password (for status lines)."""
        parsed = make_url(self.url)
        if parsed.get_backend_name() == "sqlite":
            return f"{Path(parsed.database or ':memory:').name} (SQLite)"
        return parsed.render_as_string(hide_password=True)

    def describe(self) -> str:
        """The URL without a password, for messages."""
        return make_url(self.url).render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None, *, upgrade: bool = True) -> Store:
    """Open the store named by `url` (see `resolve_url`), upgrading its schema if needed."""
    resolved = resolve_url(url)
    engine = make_engine(resolved)
    try:
        if upgrade and current_revision(engine) != HEAD_REVISION:
            migrate(engine)
    except DBAPIError as exc:
        engine.dispose()
        shown = make_url(resolved).render_as_string(hide_password=True)
        raise StoreError(
            _("cannot open the database {db}: {error}").format(db=shown, error=exc.orig)
        ) from exc
    return Store(resolved, engine)
