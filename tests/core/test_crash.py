"""kill -9 in the middle (issue 8, point 10): an import or a decision killed mid-way leaves
all of it or nothing, a trail that verifies, and a store the next terminal can write to.

An import is `purna import` itself, killed with SIGKILL once its one write transaction has
demonstrably written part of the file: on SQLite the -wal file has grown to a chosen
fraction of what the whole file makes it grow to before the commit (measured once, on an
import left to finish); on PostgreSQL the request tables have grown. A decision (a refund,
its checks done and its confirmation typed) runs in a worker process that stops inside its
transaction at a chosen point, says so, and waits to be killed.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, NoReturn

import pytest
from sqlalchemy import Connection, create_engine, func, select
from sqlmodel import Session, col

from core import actions, audit, guards, staff
from core.db import Store, open_store
from core.errors import Stale
from core.identity import current_login
from core.importer import import_file
from core.models import AuditEvent, Request, RequestItem, Setting
from tests.helpers import FIXED_NOW, ROOT, add_requests

pytestmark = pytest.mark.skipif(
    os.name != "posix" or not hasattr(signal, "SIGKILL"),
    reason="kill -9 (SIGKILL) of a running process is POSIX-only",
)

SIGKILL = getattr(signal, "SIGKILL", 9)
ROWS = 20_000  # requests in the big export: 10 chunks, a few seconds of import
PREFIX = "BIG-"  # request ids of the big export
WAIT = 90.0  # seconds any one step may take before the test gives up (a slow CI machine)
ORDER_ID = "576012345678901234"
CONFIRM = guards.confirmation_code(ORDER_ID)  # what the person types to move money


# --- the store, as a person would look at it after the crash -------------------------------


@dataclass(frozen=True)
class Seen:
    """What the store holds after a crash, read through a fresh engine (recovery included)."""

    requests: int  # of the big export
    items: int  # of the big export's requests
    events: int
    actions: tuple[str, ...]  # of every event, oldest first
    verdict: audit.Verdict


def look(url: str) -> Seen:
    store = open_store(url, create=False)
    try:
        with store.read() as session:
            big = col(Request.request_id).startswith(PREFIX)
            requests = session.execute(select(func.count()).where(big)).scalar_one()
            items = session.execute(
                select(func.count())
                .select_from(RequestItem)
                .join(Request, col(Request.id) == col(RequestItem.request_pk))
                .where(big)
            ).scalar_one()
            trail = tuple(
                session.execute(select(AuditEvent.action).order_by(col(AuditEvent.id))).scalars()
            )
            verdict = audit.verify(session)
    finally:
        store.close()
    return Seen(int(requests), int(items), len(trail), trail, verdict)


def all_or_nothing(seen: Seen) -> None:
    assert (seen.requests, seen.items) in ((0, 0), (ROWS, ROWS)), seen
    assert seen.verdict.intact, seen.verdict
    # an import's events come in pairs: one that opens it, one that closes it with its counts
    assert seen.actions.count("import") == seen.actions.count("import_done"), seen.actions


def purna(*args: str) -> list[str]:
    return [sys.executable, "-m", "tui.cli", *args]


def start_import(csv: Path, url: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        purna("import", str(csv), "--db", url),
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def kill(process: subprocess.Popen[str], *, may_have_ended: bool = False) -> None:
    """kill -9, then reap it; it must have died of the signal, not ended on its own (unless
    `may_have_ended`: then it may have finished, well, just before)."""
    process.send_signal(SIGKILL)  # Popen never signals a process it has already reaped
    process.wait(timeout=WAIT)
    ends = (-SIGKILL, 0) if may_have_ended else (-SIGKILL,)
    assert process.returncode in ends, process.communicate()


def wait_until(
    process: subprocess.Popen[str], reached: Callable[[], bool], what: str, *,
    may_end: bool = False,
) -> None:  # fmt: skip
    """Poll `reached()` until it holds; the import must still be running then (unless
    `may_end`: a kill point so late that a busy machine may let the import finish first)."""
    deadline = time.monotonic() + WAIT
    while not reached():
        if process.poll() is not None and may_end:
            return
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"the import ended (exit {process.returncode}) before {what}: {out}{err}")
        if time.monotonic() > deadline:
            pytest.fail(f"the import did not reach {what} within {WAIT:.0f} s")
        time.sleep(0.002)


def import_small(url: str, tmp_path: Path) -> int:
    """A later import by the same person: the store took the crash and still takes writes."""
    small = tmp_path / "small.csv"
    small.write_text(
        "request_id,order_id,request_type,created_at,sku,amount\n"
        + "".join(f"SMALL-{n},S{n},resend,2026-11-21 10:00,SKU,10000\n" for n in range(3))
    )
    store = open_store(url)
    try:
        return import_file(store, small, now=FIXED_NOW, actor=current_login()).inserted
    finally:
        store.close()


# --- a big export, and a store it goes into -------------------------------------------------


@dataclass(frozen=True)
class BigExport:
    csv: Path
    template: Path  # a store whose one staff member is this OS account; no -wal beside it
    events: int  # in the template
    wal_bytes: int  # how far importing `csv` grows the -wal file, up to its commit


def write_export(path: Path) -> Path:
    lines = ["request_id,order_id,request_type,created_at,sku,amount"]
    lines += [f"{PREFIX}{n},57{n:016d},resend,2026-11-21 10:00,SKU-{n % 7},{10_000 + n}"
              for n in range(ROWS)]  # fmt: skip
    path.write_text("\n".join(lines) + "\n")
    return path


def wal_size(db: Path) -> int:
    try:
        return db.with_name(db.name + "-wal").stat().st_size
    except FileNotFoundError:
        return 0


def sqlite_url(db: Path) -> str:
    return f"sqlite:///{db}"


@pytest.fixture(scope="module")
def big_export(tmp_path_factory: pytest.TempPathFactory) -> BigExport:
    """The export, an empty shop, and how far an import left to finish grows the -wal file."""
    folder = tmp_path_factory.mktemp("crash")
    csv = write_export(folder / "requests.csv")
    template = folder / "template.db"
    store = open_store(sqlite_url(template))
    staff.ensure_first_supervisor(store, current_login(), FIXED_NOW)
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    assert wal_size(template) == 0
    events = look(sqlite_url(template)).events

    db = folder / "whole.db"
    shutil.copy(template, db)
    process = start_import(csv, sqlite_url(db))
    grown = 0
    while process.poll() is None:  # the -wal file is removed when the import closes the store
        grown = max(grown, wal_size(db))
        time.sleep(0.002)
    out, err = process.communicate()
    assert (process.returncode, err) == (0, ""), out + err
    assert grown > 4_000_000, grown  # it really spills to the -wal as it goes
    return BigExport(csv, template, events, grown)


def fresh_shop(big_export: BigExport, tmp_path: Path) -> Path:
    db = tmp_path / "shop.db"
    shutil.copy(big_export.template, db)
    return db


# --- an import killed --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fraction", "before_commit"),
    [(0.05, True), (0.5, True), (0.98, False)],
    ids=["at-5%", "at-50%", "during-the-commit"],
)
def test_import_killed_mid_way_leaves_nothing_and_an_intact_trail(
    big_export: BigExport, tmp_path: Path, fraction: float, before_commit: bool
) -> None:
    db = fresh_shop(big_export, tmp_path)
    threshold = int(big_export.wal_bytes * fraction)
    process = start_import(big_export.csv, sqlite_url(db))
    try:  # the last few percent are written by the commit itself, as it flushes the cache
        wait_until(process, lambda: wal_size(db) >= threshold, f"a -wal of {threshold} bytes",
                   may_end=not before_commit)  # fmt: skip
    finally:
        kill(process, may_have_ended=not before_commit)
    seen = look(sqlite_url(db))
    all_or_nothing(seen)
    if before_commit:  # the -wal was well short of what the whole file writes up to its commit
        assert (seen.requests, seen.events) == (0, big_export.events), seen
    elif process.returncode == 0:  # it finished before the kill: then all of it is there
        assert seen.requests == ROWS, seen
    # the next import is not kept waiting by a lock the dead one held
    assert import_small(sqlite_url(db), tmp_path) == 3
    after = look(sqlite_url(db))
    assert after.verdict.intact, after.verdict
    assert after.requests == seen.requests


def test_import_killed_then_run_again_and_killed_after_its_commit_has_the_file_once(
    big_export: BigExport, tmp_path: Path
) -> None:
    db = fresh_shop(big_export, tmp_path)
    threshold = big_export.wal_bytes // 2
    process = start_import(big_export.csv, sqlite_url(db))
    try:
        wait_until(process, lambda: wal_size(db) >= threshold, f"a -wal of {threshold} bytes")
    finally:
        kill(process)
    assert look(sqlite_url(db)).requests == 0

    again = start_import(big_export.csv, sqlite_url(db))  # the same file, after the crash
    assert again.stdout is not None
    try:
        summary = again.stdout.readline()  # written after the commit, before the store closes
    finally:
        again.send_signal(SIGKILL)  # it may have ended already: then this changes nothing
        again.wait(timeout=WAIT)
    assert summary.startswith(str(big_export.csv)), summary + again.communicate()[1]
    seen = look(sqlite_url(db))
    all_or_nothing(seen)
    assert (seen.requests, seen.events) == (ROWS, big_export.events + ROWS + 2), seen
    assert seen.actions[-1] == "import_done"
    verified = subprocess.run(purna("audit", "verify", "--db", str(db)), cwd=ROOT,
                              capture_output=True, text=True, timeout=WAIT)  # fmt: skip
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert str(seen.events) in verified.stdout


# --- the same on PostgreSQL ----------------------------------------------------------------


@pytest.fixture
def pg_database(pg_url: str) -> Iterator[str]:
    """An empty PostgreSQL database of its own (PURNA_TEST_PG_URL names the server)."""
    name = f"purna_crash_{uuid.uuid4().hex[:10]}"
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield pg_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def table_bytes(conn: Connection) -> int:
    """What the request tables take on disk: rows not yet committed take room too."""
    return int(conn.exec_driver_sql(
        "SELECT pg_relation_size('request') + pg_relation_size('request_item')"
    ).scalar_one())  # fmt: skip


@pytest.mark.postgres
def test_import_killed_mid_way_on_postgresql_leaves_nothing_and_no_lock(
    big_export: BigExport, pg_database: str, tmp_path: Path
) -> None:
    store = open_store(pg_database)
    staff.ensure_first_supervisor(store, current_login(), FIXED_NOW)
    store.close()
    before = look(pg_database)
    watch = create_engine(pg_database, isolation_level="AUTOCOMMIT")
    try:
        with watch.connect() as conn:
            start = table_bytes(conn)
            process = start_import(big_export.csv, pg_database)
            try:  # a megabyte of the file's rows: an early chunk or two of its ten
                wait_until(process, lambda: table_bytes(conn) >= start + 1_000_000,
                           "a megabyte of rows")  # fmt: skip
            finally:
                kill(process)
    finally:
        watch.dispose()
    seen = look(pg_database)
    all_or_nothing(seen)
    assert (seen.requests, seen.events) == (0, before.events), seen
    # the dead import's transaction, its import lock and the trail's head are let go
    assert import_small(pg_database, tmp_path) == 3
    assert look(pg_database).verdict.intact


# --- a decision killed -------------------------------------------------------------------

STOPS = ("row_written", "event_written", "committed")


def _stop_here(ready: Any) -> NoReturn:
    ready.set()
    time.sleep(WAIT * 4)  # the test kills it long before
    os._exit(3)


def refund_and_wait(url: str, pk: int, version: int, stop: str, ready: Any) -> None:
    """The worker: refund request `pk` as this OS account, and stop at `stop` to be killed.

    row_written: the request's new state is written, its event not yet (the head is
    about to be locked); event_written: the event and the head are written too, only the
    commit is missing; committed: the refund is done and committed.
    """
    if stop == "row_written":

        def lock_head(connection: Connection) -> tuple[int, str, bool]:
            _stop_here(ready)

        audit._lock_head = lock_head
    elif stop == "event_written":
        append = audit.append

        def append_then_stop(session: Session, **kwargs: Any) -> AuditEvent:
            append(session, **kwargs)
            session.flush()  # the version and the row's event, written too
            _stop_here(ready)

        audit.append = append_then_stop  # type: ignore[assignment]
    store = open_store(url)
    actions.decide(store, pk=pk, action="refund", login=current_login(), version=version,
                   now=FIXED_NOW, confirmation=CONFIRM)  # fmt: skip
    _stop_here(ready)


@dataclass(frozen=True)
class Snapshot:
    state: str
    version: int
    event_id: int | None
    events: int
    head: str


def snapshot(store: Store, pk: int) -> Snapshot:
    with store.read() as session:
        row = session.get(Request, pk)
        assert row is not None
        events = session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
        head = session.get(Setting, audit.HEAD_KEY)
        return Snapshot(row.state, row.version, row.event_id, int(events),
                        head.value if head else "")  # fmt: skip


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def shop_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store of each kind (PostgreSQL only where PURNA_TEST_PG_URL is set)."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "shop.db")
    return str(request.getfixturevalue("pg_database"))


def refund_request(url: str) -> tuple[int, int]:
    """A refund-only request ready to be refunded by this OS account (a supervisor):
    its checks done. Returns its pk and version."""
    store = open_store(url)
    login = current_login()
    staff.ensure_first_supervisor(store, login, FIXED_NOW)
    [pk] = add_requests(store, [{
        "marketplace": "tiktok_shop", "request_id": "KILL-1", "order_id": ORDER_ID,
        "request_type": "refund_only", "created_at": FIXED_NOW - timedelta(hours=1),
        "respond_by": FIXED_NOW + timedelta(hours=47), "sku": "MDU-500", "amount": 98_000,
        "quantity": 1, "evidence_count": 2, "state": "new", "is_open": True,
        "imported_at": FIXED_NOW, "updated_at": FIXED_NOW,
    }], actor=login)  # fmt: skip
    version = 1
    for key in ("type_matches_comment", "evidence_reviewed"):
        version = actions.set_check(store, pk=pk, key=key, done=True, login=login,
                                    version=version, now=FIXED_NOW).version  # fmt: skip
    store.close()
    return pk, version


@pytest.mark.parametrize("stop", STOPS)
def test_decision_killed_mid_way_is_all_or_nothing_and_leaves_no_lock(
    shop_url: str, stop: str
) -> None:
    pk, version = refund_request(shop_url)
    store = open_store(shop_url)
    before = snapshot(store, pk)
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    worker = context.Process(target=refund_and_wait, args=(shop_url, pk, version, stop, ready),
                             daemon=True)  # fmt: skip
    worker.start()
    try:
        assert ready.wait(WAIT), f"the worker never reached {stop} (exit {worker.exitcode})"
    finally:
        worker.kill()  # SIGKILL
        worker.join(WAIT)
    assert worker.exitcode == -SIGKILL

    after = snapshot(store, pk)
    login = current_login()
    if stop == "committed":
        assert (after.state, after.version) == ("refunded", version + 1), after
        assert after.events == before.events + 1 and after.head != before.head, after
        with pytest.raises(Stale):  # the same decision, on the picture before it: not twice
            actions.decide(store, pk=pk, action="refund", login=login, version=version,
                           now=FIXED_NOW, confirmation=CONFIRM)  # fmt: skip
        done = actions.add_note(store, pk=pk, text="dicek setelah crash", login=login,
                                now=FIXED_NOW)  # fmt: skip
        assert done.version == version + 2
    else:
        assert after == before  # not the state, not the version, no event, the same head
        started = time.monotonic()
        done = actions.decide(store, pk=pk, action="refund", login=login, version=version,
                              now=FIXED_NOW, confirmation=CONFIRM)  # fmt: skip
        assert time.monotonic() - started < 10  # no lock left behind to wait out
        assert (done.after, done.version) == ("refunded", version + 1)
    with store.read() as session:
        assert audit.verify(session).intact
        refunds = session.execute(
            select(func.count()).where(col(AuditEvent.action) == "refund")
        ).scalar_one()
        assert refunds == 1
    store.close()
