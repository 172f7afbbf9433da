"""Opening the store: which database, engine settings, schema migrations, sessions.

The database is chosen in `core.location`. SQLite runs in WAL mode with a busy timeout
and foreign keys on; write transactions start with BEGIN IMMEDIATE so that two
terminals never deadlock on a lock upgrade ("database is locked"). The schema is
brought to the newest Alembic revision on open.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Boolean, Engine, Table, create_engine, event, insert, select, tuple_
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlmodel import Session

from core.i18n import _
from core.location import resolve_url
from core.migrations import HEAD_REVISION, MIGRATIONS_DIR
from core.models import UTCDateTime
from core.policy import DEFAULT_SHOP_ZONE
from core.rows import sqlite_time

BUSY_TIMEOUT_MS = 15_000
# Settings are read often (the shop's zone on every time shown) and changed rarely, maybe
# on another terminal: each is cached this many seconds, so such a change arrives soon.
SETTING_TTL_SECONDS = 30.0


class StoreError(Exception):
    """The store cannot be opened or used; the message says what to do."""


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
    _settings: dict[str, tuple[float, str]] = field(default_factory=dict)  # key: (read at, value)

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

    def bulk_insert(self, session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
        """Insert many rows in one executemany, inside the caller's transaction.

        On SQLite the rows go straight to the driver, with times written in the exact
        format SQLAlchemy stores them in (naive UTC): per-value type processing costs
        more than the insert itself for a 100,000-row export.
        """
        if not rows:
            return
        names = list(rows[0])
        wanted = set(names)
        for row in rows:
            if row.keys() != wanted:  # a silently dropped column would lose data
                raise ValueError(f"bulk_insert into {table.name}: rows with different columns")
        if not self.is_sqlite:
            session.execute(insert(table), rows)
            return
        times = [i for i, n in enumerate(names) if isinstance(table.c[n].type, UTCDateTime)]
        flags = [i for i, n in enumerate(names) if isinstance(table.c[n].type, Boolean)]
        pick = itemgetter(*names)
        written: dict[datetime, str] = {}  # many rows share a time (imported_at)
        values = []
        for row in rows:
            record = list(pick(row)) if len(names) > 1 else [pick(row)]
            for i in times:
                moment = record[i]
                if moment is not None:
                    text = written.get(moment)
                    if text is None:
                        text = written[moment] = sqlite_time(moment)
                    record[i] = text
            for i in flags:
                if record[i] is not None:
                    record[i] = int(record[i])
            values.append(tuple(record))
        columns = ", ".join(f'"{n}"' for n in names)
        marks = ", ".join("?" * len(names))
        session.connection().exec_driver_sql(
            f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})', values
        )

    def existing_ids(
        self, session: Session, table: Table, key_names: Sequence[str], keys: list[tuple[Any, ...]]
    ) -> dict[tuple[Any, ...], int]:
        """The id of every row of `table` whose `key_names` columns equal one of `keys`.

        On SQLite all keys travel as one JSON parameter joined against the unique index;
        elsewhere as tuple IN lists of a few thousand keys.
        """
        found: dict[tuple[Any, ...], int] = {}
        if not keys:
            return found
        if self.is_sqlite:
            matches = " AND ".join(
                f"t.\"{name}\" = json_extract(k.value, '$[{i}]')"
                for i, name in enumerate(key_names)
            )
            names = ", ".join(f't."{name}"' for name in key_names)
            sql = f'SELECT t.id, {names} FROM "{table.name}" t JOIN json_each(?) k ON {matches}'
            rows = session.connection().exec_driver_sql(sql, (json.dumps(keys),))
            for row in rows:
                found[tuple(row[1:])] = row[0]
            return found
        key_columns = [table.c[name] for name in key_names]
        for start in range(0, len(keys), 2000):
            statement = select(table.c.id, *key_columns).where(
                tuple_(*key_columns).in_(keys[start : start + 2000])
            )
            for row in session.execute(statement):
                found[tuple(row[1:])] = row[0]
        return found

    def setting(self, key: str, default: str) -> str:
        """The stored value of setting `key` (or `default`), at most SETTING_TTL_SECONDS old."""
        cached = self._settings.get(key)
        now = time.monotonic()
        if cached is not None and now - cached[0] < SETTING_TTL_SECONDS:
            return cached[1]
        from core.models import Setting

        with self.read() as session:
            row = session.get(Setting, key)
        value = row.value if row else default
        self._settings[key] = (now, value)
        return value

    def forget_settings(self) -> None:
        """Read settings afresh next time (after this terminal changed one)."""
        self._settings.clear()

    @property
    def shop_zone(self) -> ZoneInfo:
        return ZoneInfo(self.setting("shop_zone", DEFAULT_SHOP_ZONE))

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

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
