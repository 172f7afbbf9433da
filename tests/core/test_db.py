"""The store against a real SQLite file (and PostgreSQL when PURNA_TEST_PG_URL is set)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import IntegrityError, StatementError

from core import audit
from core.db import Store, StoreError, open_store
from core.location import ENV_VAR, resolve_url
from core.models import AuditEvent, Staff
from tests.helpers import tamper


def test_sqlite_runs_in_wal_with_busy_timeout_and_foreign_keys(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_url_comes_from_the_flag_then_the_environment_then_the_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(ENV_VAR, "postgresql+psycopg://purna@dbhost/purna")
    assert resolve_url("sqlite:///x.db") == "sqlite:///x.db"
    assert resolve_url(None) == "postgresql+psycopg://purna@dbhost/purna"
    monkeypatch.delenv(ENV_VAR)
    assert resolve_url(None).startswith("sqlite:///") and resolve_url(None).endswith("purna.db")
    # a bare path is an SQLite file
    assert resolve_url(str(tmp_path / "shop.db")) == f"sqlite:///{tmp_path / 'shop.db'}"


def test_a_missing_folder_is_an_error_and_nothing_is_created(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="deep/er"):
        open_store(str(tmp_path / "deep" / "er" / "purna.db"))
    assert not (tmp_path / "deep").exists()


def test_a_bad_url_or_unreachable_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="bukan URL database"):
        open_store("::nonsense://")
    with pytest.raises(StoreError, match="jenis database tidak dikenal"):
        open_store("nonsense://host/db")
    with pytest.raises(StoreError, match="folder"):
        open_store(f"sqlite:///{tmp_path}")  # a folder, not a file


def test_times_are_stored_as_utc_and_read_back_aware(store: Store) -> None:
    wib = timezone(timedelta(hours=7))
    with store.write() as session:
        session.add(
            Staff(login="ani", name="Ani", created_at=datetime(2026, 1, 1, 7, 0, tzinfo=wib))
        )
    with store.engine.connect() as conn:
        raw = conn.exec_driver_sql("SELECT created_at FROM staff").scalar()
    assert str(raw).startswith("2026-01-01 00:00:00")  # UTC on disk
    with store.read() as session:
        staff = session.get(Staff, 1)
    assert staff is not None and staff.created_at == datetime(2026, 1, 1, 0, 0, tzinfo=UTC)
    assert staff.created_at.tzinfo is not None


def test_naive_times_are_refused_by_the_store(store: Store) -> None:
    with pytest.raises(StatementError, match="naive datetime"), store.write() as session:
        session.add(Staff(login="x", name="X", created_at=datetime(2026, 1, 1)))
        session.flush()


def test_a_failed_write_leaves_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.write() as session:
        session.add(Staff(login="ani", name="Ani", created_at=datetime.now(UTC)))
        session.flush()
        raise RuntimeError("boom")
    with store.read() as session:
        assert session.execute(select(Staff)).first() is None


def test_audit_chain_detects_an_edited_or_deleted_event(store: Store) -> None:
    now = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)
    with store.write() as session:
        for number in range(4):
            audit.append(
                session,
                at=now + timedelta(minutes=number),
                actor="ani",
                action="note",
                detail={"n": number},
                terminal="t1",
            )
    with store.read() as session:
        events = session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars().all()
    assert audit.first_broken(events) is None
    # the store itself refuses to change or delete an event
    for statement in ("UPDATE audit_event SET detail = '{}' WHERE id = 2",
                      "DELETE FROM audit_event WHERE id = 2"):  # fmt: skip
        with pytest.raises(IntegrityError, match="append-only"), store.write() as session:
            session.execute(text(statement))
    tamper(store, "UPDATE audit_event SET detail = '{\"n\": 9}' WHERE id = 2")
    with store.read() as session:
        events = session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars().all()
    broken = audit.first_broken(events)
    assert broken is not None and broken.id == 2
    tamper(store, "DELETE FROM audit_event WHERE id = 2")
    with store.read() as session:
        events = session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars().all()
    broken = audit.first_broken(events)
    assert broken is not None and broken.id == 3


@pytest.mark.postgres
def test_postgresql_store_migrates_imports_and_queries(pg_url: str, tmp_path: Path) -> None:
    from core import demo, queries
    from tests.helpers import FIXED_NOW

    name = f"purna_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = pg_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        opened = open_store(url)
        demo.load(opened, FIXED_NOW, "tester")
        with opened.read() as session:
            summaries = queries.dashboard(session, FIXED_NOW)
            assert sum(s.open for s in summaries) == 300
            first = queries.queue_page(session, None, 0, 5)
        assert first == sorted(first, key=lambda r: (r.respond_by, r.pk))
        assert first[0].respond_by.tzinfo is not None
        opened.close()
        reopened = open_store(url)  # already current: no migration needed
        reopened.close()
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def test_short_names_never_show_a_password() -> None:
    from core.location import short_name, sqlite_file

    assert short_name("sqlite:////var/lib/purna/purna.db") == "purna.db (SQLite)"
    assert sqlite_file("sqlite:///rel/x.db") == Path("rel/x.db")
    assert sqlite_file("postgresql+psycopg://u@h/db") is None
    assert short_name("postgresql+psycopg://purna:secret@dbhost/purna") == (
        "postgresql+psycopg://purna@dbhost/purna"
    )
