"""Opening the store: which database, engine settings, schema migrations, sessions.

The database is chosen in `core.location`. SQLite runs in WAL mode with a busy timeout
and foreign keys on; write transactions start with BEGIN IMMEDIATE so that two
terminals never deadlock on a lock upgrade. A write that waits too long for another
terminal is refused with `Busy` ("nothing was changed, try again"), never a traceback.
The schema is brought to the newest Alembic revision on open.

Before anything touches a file, `open_store` checks what it is: reading commands never
create a database (a mistyped path is an error, not an empty all-clear), and a file
that is not a Purna store (another application's SQLite file) is refused untouched,
so it is never given Purna's tables or switched to WAL.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Boolean,
    Engine,
    Table,
    bindparam,
    create_engine,
    event,
    insert,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlmodel import Session

from core.errors import Busy, StoreError
from core.i18n import _
from core.location import default_path, resolve_url, sqlite_file
from core.migrations import HEAD_REVISION, KNOWN_REVISIONS, MIGRATIONS_DIR
from core.models import UTCDateTime
from core.policy import DEFAULT_SHOP_ZONE
from core.rows import sqlite_time

BUSY_TIMEOUT_MS = 15_000  # how long a write waits for another terminal's before `Busy`
# Settings are read often (the shop's zone on every time shown) and changed rarely, maybe
# on another terminal: each is cached this many seconds, so such a change arrives soon.
SETTING_TTL_SECONDS = 30.0


__all__ = ["Store", "StoreError", "migrate", "open_store"]


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


def _postgres_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # A write waiting on another terminal's lock gives up like SQLite's busy timeout does.
    with dbapi_connection.cursor() as cursor:
        cursor.execute(f"SET lock_timeout = {BUSY_TIMEOUT_MS}")
    dbapi_connection.commit()


def busy_message() -> str:
    return _("Another terminal is writing to the database: nothing was changed. Try again.")


def _is_busy(exc: DBAPIError) -> bool:
    """Lock waits that ran out (SQLite busy, PostgreSQL lock timeout, deadlock, serialisation)."""
    code = getattr(exc.orig, "sqlstate", None)
    if code in ("55P03", "40P01", "40001"):
        return True
    text = str(exc.orig).lower()
    return "database is locked" in text or "database is busy" in text


def _is_read_only(exc: DBAPIError) -> bool:
    return "readonly database" in str(exc.orig).lower()


def _same_columns(table: Table, rows: list[dict[str, Any]], names: list[str]) -> None:
    wanted = set(names)
    for row in rows:
        if row.keys() != wanted:  # a silently dropped column would lose data
            raise ValueError(f"bulk write into {table.name}: rows with different columns")


def _sqlite_insert(session: Session, table: Table, names: Sequence[str], values: Any) -> None:
    """One INSERT of many rows straight on the SQLite driver (no ORM or Core per row)."""
    columns = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join("?" * len(names))
    session.connection().exec_driver_sql(
        f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})', values
    )


def _driver_values(
    table: Table, rows: list[dict[str, Any]], names: list[str]
) -> list[tuple[Any, ...]]:
    """Rows as tuples for the SQLite driver (see _driver_records)."""
    _same_columns(table, rows, names)
    pick = itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
    return _driver_records(table, map(pick, rows), names)


def _driver_records(
    table: Table, records: Iterable[Sequence[Any]], names: Sequence[str]
) -> list[tuple[Any, ...]]:
    """Values in `names` order for the SQLite driver: times as SQLAlchemy stores them,
    flags as 0/1."""
    times = [i for i, n in enumerate(names) if isinstance(table.c[n].type, UTCDateTime)]
    flags = [i for i, n in enumerate(names) if isinstance(table.c[n].type, Boolean)]
    written: dict[datetime, str] = {}  # many rows share a time (imported_at)
    values = []
    for given in records:
        record = list(given)
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
    return values


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(
            _("not a database URL: {url!r} ({error})").format(url=url, error=exc)
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    try:
        engine = create_engine(parsed, pool_pre_ping=True)
        if engine.dialect.name == "postgresql":
            event.listen(engine, "connect", _postgres_on_connect)
        return engine
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
    with engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # SQLite migrations rebuild tables (copy, drop, rename): with foreign keys on,
            # dropping a table that notes and audit events point at fails. They are checked
            # once at the end instead, inside the same transaction.
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        try:
            with conn.begin():
                if not sqlite:
                    conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7306021)")  # one migrator
                config.attributes["connection"] = conn
                command.upgrade(config, revision)
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").first()
                    if broken is not None:
                        raise StoreError(
                            _("the upgrade would break a link in table {table}; nothing was "
                              "changed").format(table=broken[0])
                        )  # fmt: skip
        finally:
            if sqlite:  # outside any transaction, where the pragma takes effect
                conn.connection.dbapi_connection.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]


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
        """One write transaction: committed if the block ends normally, else rolled back.

        Waiting too long for another terminal's write ends in `Busy`; a read-only file in
        `StoreError`: either way nothing was changed.
        """
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
                yield session
                session.commit()
        except OperationalError as exc:
            if _is_busy(exc):
                raise Busy(busy_message(), "busy") from None
            if _is_read_only(exc):
                raise StoreError(
                    _("The database {db} is read-only for this login: nothing was changed. "
                      "Ask whoever set up Purna to give the purna group write access.")
                    .format(db=self.describe()), "read_only",
                ) from None  # fmt: skip
            raise
        except DBAPIError as exc:
            if _is_busy(exc):
                raise Busy(busy_message(), "busy") from None
            raise

    def lock(self, session: Session, name: str) -> None:
        """Serialise writers that check-then-insert (first supervisor, imports) by `name`.

        SQLite writers are already serialised by BEGIN IMMEDIATE; PostgreSQL takes a
        transaction-scoped advisory lock, released at commit or rollback.
        """
        if not self.is_sqlite:
            key = zlib.crc32(f"purna:{name}".encode()) & 0x7FFFFFFF
            session.connection().exec_driver_sql(f"SELECT pg_advisory_xact_lock({key})")

    def bulk_insert(self, session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
        """Insert many rows in one executemany, inside the caller's transaction.

        On SQLite the rows go straight to the driver, with times written in the exact
        format SQLAlchemy stores them in (naive UTC): per-value type processing costs
        more than the insert itself for a 100,000-row export.
        """
        if not rows:
            return
        names = list(rows[0])
        if not self.is_sqlite:
            _same_columns(table, rows, names)
            session.execute(insert(table), rows)
            return
        _sqlite_insert(session, table, names, _driver_values(table, rows, names))

    def insert_records(
        self, session: Session, table: Table, names: Sequence[str], records: list[list[Any]]
    ) -> None:
        """`bulk_insert` of rows given as values in `names` order: an import of 100,000
        order lines then builds no dict per row (PostgreSQL gets them made here)."""
        if not records:
            return
        if any(len(record) != len(names) for record in records):
            raise ValueError(f"bulk write into {table.name}: records of another width")
        if not self.is_sqlite:
            session.execute(insert(table), [dict(zip(names, r, strict=True)) for r in records])
            return
        _sqlite_insert(session, table, names, _driver_records(table, records, names))

    def bulk_update(self, session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
        """Update many rows by `id` in one executemany (rows: `id` and the same columns)."""
        if not rows:
            return
        names = [n for n in rows[0] if n != "id"]
        if not self.is_sqlite:
            _same_columns(table, rows, [*names, "id"])
            statement = update(table).where(table.c.id == bindparam("_id")).values(
                {n: bindparam(n) for n in names})  # fmt: skip
            session.connection().execute(statement, [
                {**{n: row[n] for n in names}, "_id": row["id"]} for row in rows])  # fmt: skip
            return
        assigned = ", ".join(f'"{n}" = ?' for n in names)
        session.connection().exec_driver_sql(
            f'UPDATE "{table.name}" SET {assigned} WHERE id = ?',
            _driver_values(table, rows, [*names, "id"]),
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
        if self.engine.dialect.name == "postgresql" and all(
            isinstance(v, str) for key in keys for v in key
        ):
            # unnest() gives the planner a relation to join on the whole unique index;
            # a tuple IN list used only its first column (an import grew quadratic)
            arrays = ", ".join(f"CAST(:k{i} AS text[])" for i in range(len(key_names)))
            aliases = ", ".join(f"k{i}" for i in range(len(key_names)))
            matches = " AND ".join(f't."{name}" = k.k{i}' for i, name in enumerate(key_names))
            names = ", ".join(f't."{name}"' for name in key_names)
            statement = text(
                f'SELECT t.id, {names} FROM "{table.name}" t '
                f"JOIN unnest({arrays}) AS k({aliases}) ON {matches}"
            )
            for start in range(0, len(keys), 20_000):
                part = keys[start : start + 20_000]
                params = {f"k{i}": [key[i] for key in part] for i in range(len(key_names))}
                for row in session.execute(statement, params):
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


def _check_sqlite_file(path: Path, *, create: bool, default: bool) -> None:
    """Refuse, untouched, a file that is not a Purna store; never create one unless asked."""
    shown = str(path)
    if path.is_dir():
        raise StoreError(_("{path} is a folder, not a database file").format(path=shown))
    if not path.exists():
        if not create:
            raise StoreError(_(
                "There is no Purna database at {path}: nothing was created. Check --db or "
                "$PURNA_DB (a command that writes, such as purna import, creates it)."
            ).format(path=shown), "missing")  # fmt: skip
        folder = path.parent
        if default:
            try:
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            except OSError as exc:
                raise StoreError(_("cannot create the folder {folder}: {error}").format(
                    folder=folder, error=exc.strerror)) from None  # fmt: skip
        if not folder.is_dir():
            raise StoreError(_(
                "The folder {folder} does not exist: nothing was created. Create it first or "
                "choose another path."
            ).format(folder=folder), "missing")  # fmt: skip
        if not os.access(folder, os.W_OK | os.X_OK):
            raise StoreError(_(
                "This login may not create files in {folder}: nothing was created. Choose "
                "another path or ask whoever set up Purna."
            ).format(folder=folder), "read_only")  # fmt: skip
        return
    if not os.access(path, os.R_OK):
        raise StoreError(_(
            "This login may not read {path}. Ask whoever set up Purna to add it to the "
            "purna group."
        ).format(path=shown), "read_only")  # fmt: skip
    with path.open("rb") as handle:
        magic = handle.read(16)
    if not magic:
        return  # an empty file: a new store
    if magic != b"SQLite format 3\x00":
        raise StoreError(_(
            "{path} is not an SQLite database: it was left untouched. Choose another file "
            "with --db."
        ).format(path=shown), "foreign")  # fmt: skip
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            tables = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}  # fmt: skip
            revision = None
            if "alembic_version" in tables:
                found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = found[0] if found else None
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise StoreError(_("cannot read {path}: {error}").format(path=shown, error=exc)) from None
    _check_revision(shown, tables, revision)


def _check_revision(shown: str, tables: set[str], revision: str | None) -> None:
    if not tables:
        return  # empty: a new store
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise StoreError(_(
            "{db} was made by a newer Purna (schema {revision}); it was left untouched. "
            "Update Purna on this machine."
        ).format(db=shown, revision=revision), "newer")  # fmt: skip
    if revision is None:
        names = ", ".join(sorted(tables)[:5])
        raise StoreError(_(
            "{db} is not a Purna database (it holds other tables: {tables}); it was left "
            "untouched. Choose another database with --db."
        ).format(db=shown, tables=names), "foreign")  # fmt: skip


def _check_server(engine: Engine, shown: str, *, create: bool) -> None:
    """The same checks for a database server (PostgreSQL): no foreign tables, no silent create."""
    with engine.connect() as conn:
        names = set(sa_inspect(conn).get_table_names())
        revision = None
        if "alembic_version" in names:
            found = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
            revision = found[0] if found else None
    if not names and not create:
        raise StoreError(_(
            "There is no Purna store in {db} yet: nothing was created. A command that writes, "
            "such as purna import, creates it."
        ).format(db=shown), "missing")  # fmt: skip
    _check_revision(shown, names, revision)


def open_store(url: str | None = None, *, create: bool = True, upgrade: bool = True) -> Store:
    """Open the store named by `url` (see `resolve_url`), upgrading its schema if needed.

    `create=False` (reading commands) never makes a new database; a file or database that
    is not a Purna store is refused with `StoreError` and left as it was.
    """
    resolved = resolve_url(url)
    engine = make_engine(resolved)  # a URL it cannot read is refused here, before any file
    engine.dispose()
    shown = make_url(resolved).render_as_string(hide_password=True)
    path = sqlite_file(resolved)
    if path is not None:
        _check_sqlite_file(path, create=create, default=path == default_path())
    engine = make_engine(resolved)
    try:
        if path is None and engine.dialect.name != "sqlite":
            _check_server(engine, shown, create=create)
        if upgrade and current_revision(engine) != HEAD_REVISION:
            migrate(engine)
    except StoreError:
        engine.dispose()
        raise
    except DBAPIError as exc:
        engine.dispose()
        if _is_read_only(exc):
            raise StoreError(_(
                "The database {db} is read-only for this login and needs an upgrade: nothing "
                "was changed. Run Purna once from an account that may write to it."
            ).format(db=shown), "read_only") from None  # fmt: skip
        raise StoreError(
            _("cannot open the database {db}: {error}").format(db=shown, error=exc.orig)
        ) from exc
    return Store(resolved, engine)
