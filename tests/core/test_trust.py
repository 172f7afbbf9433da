"""Trust, tried as an attacker would: another OS account, a wiped trail, a foreign file,
a busy database, a demo reset of a real store (issue 8)."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from core import actions, audit, demo, permissions, settings, staff
from core.db import open_store
from core.errors import Busy, NotAllowed, Refused, StoreError
from core.models import AuditEvent, Staff
from tests.core.test_actions import add_request, current
from tests.helpers import FIXED_NOW, ROOT, tamper
from tui.cli import main

NOBODY = 65534


@pytest.fixture
def shop(store):  # type: ignore[no-untyped-def]
    staff.ensure_first_supervisor(store, "dewi", FIXED_NOW)
    staff.add(store, login="agus", name="Agus", role="staff", by="dewi", now=FIXED_NOW)
    return store


# --- who acts --------------------------------------------------------------------------------


def test_the_login_is_the_processes_account_not_an_environment_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pwd

    from core.identity import current_login

    monkeypatch.setenv("LOGNAME", "dewi")
    monkeypatch.setenv("USER", "dewi")
    monkeypatch.setenv("LNAME", "dewi")
    monkeypatch.setenv("USERNAME", "dewi")
    assert current_login() == pwd.getpwuid(os.getuid()).pw_name


@pytest.mark.skipif(os.geteuid() != 0, reason="running a command as another uid needs root")
def test_another_account_claiming_a_supervisors_name_is_refused(tmp_path: Path) -> None:
    import pwd

    shared = Path("/tmp") / f"purna-uid-{uuid.uuid4().hex[:8]}"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    db = shared / "shop.db"
    store = open_store(str(db))
    staff.ensure_first_supervisor(store, "dewi", FIXED_NOW)
    store.close()
    for path in shared.iterdir():
        os.chown(path, NOBODY, NOBODY)
    os.chown(shared, NOBODY, NOBODY)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(shared), "LOGNAME": "dewi", "USER": "dewi",
           "PYTHONPATH": str(ROOT)}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", "staff", "add", "me", "--name", "Me", "--role",
         "supervisor", "--db", str(db)],
        user=NOBODY, group=NOBODY, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    nobody = pwd.getpwuid(NOBODY).pw_name
    assert f"'{nobody}'" in done.stderr and "Traceback" not in done.stderr
    store = open_store(str(db))
    with store.read() as session:
        assert session.execute(select(Staff.login)).scalars().all() == ["dewi"]
        actors = set(session.execute(select(AuditEvent.actor)).scalars())
    assert actors == {"dewi"}  # nothing was recorded in the supervisor's name
    store.close()


def test_one_rule_names_every_action_and_command() -> None:
    from core.workflow import WORKFLOWS
    from tui.cli import build_parser

    for steps in WORKFLOWS.values():
        for step in steps:
            assert step.action in permissions.RULES
    for action in permissions.COMMANDS.values():
        assert action in permissions.RULES
    commands = set(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    named = {name.split()[0] for name in permissions.COMMANDS}
    # demo: empty stores and demo-only resets; check-message reads no store, no buyer data
    assert commands <= named | {"demo", "check-message"}


def test_staff_may_not_change_settings_staff_shifts_shelves_or_the_printer(shop) -> None:  # type: ignore[no-untyped-def]
    from core import roster, settings, shelf

    with pytest.raises(NotAllowed):
        settings.change(shop, "label_printer", "lp -d zebra", by="agus", now=FIXED_NOW)
    with pytest.raises(NotAllowed):
        staff.add(shop, login="me", name="Me", role="supervisor", by="agus", now=FIXED_NOW)
    with pytest.raises(NotAllowed):
        roster.assign(shop, shift="Pagi", login="agus", day=None, by="agus", now=FIXED_NOW)
    with pytest.raises(NotAllowed):
        shelf.add_location(shop, "RTR-Z-01", "return", by="agus", now=FIXED_NOW)
    with pytest.raises(NotAllowed):  # not staff at all: not even a note
        actions.add_note(shop, pk=add_request(shop), text="x", login="tamu", now=FIXED_NOW)


def test_alarm_acknowledgements_and_queue_reviews_are_audited_staff_writes(shop) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from core import reminders

    add_request(shop, respond_by=FIXED_NOW + timedelta(minutes=30))
    found = reminders.alarms(shop, FIXED_NOW)
    with pytest.raises(NotAllowed):
        reminders.acknowledge(shop, found, login="tamu", now=FIXED_NOW)
    assert reminders.acknowledge(shop, found, login="agus", now=FIXED_NOW) == 3
    reminders.record_review(shop, login="agus", kind="refund_only", now=FIXED_NOW)
    with shop.read() as session:
        trail = session.execute(select(AuditEvent.action)).scalars().all()
        assert {"alarm_ack", "queue_review"} <= set(trail)
        assert audit.verify(session).intact


# --- a trail that cannot be wiped silently -------------------------------------------------------


def _verdict(store):  # type: ignore[no-untyped-def]
    with store.read() as session:
        return audit.verify(session)


def _busy_shop(shop):  # type: ignore[no-untyped-def]
    pk = add_request(shop)
    actions.add_note(shop, pk=pk, text="cek CCTV", login="agus", now=FIXED_NOW)
    actions.decide(shop, pk=pk, action="reject", login="dewi", version=current(shop, pk).version,
                   now=FIXED_NOW, override_reason="pembeli salah pilih jenis", confirmation="8269", reject_reason="wrong_request_type")  # fmt: skip
    return pk


def test_deleting_every_event_and_the_head_is_caught(shop) -> None:  # type: ignore[no-untyped-def]
    _busy_shop(shop)
    assert _verdict(shop).intact
    tamper(shop, "DELETE FROM audit_event", "DELETE FROM setting WHERE key = 'audit_head'")
    verdict = _verdict(shop)
    assert not verdict.intact and verdict.reason


def test_deleting_only_the_head_is_caught_and_named(shop) -> None:  # type: ignore[no-untyped-def]
    _busy_shop(shop)
    tamper(shop, "DELETE FROM setting WHERE key = 'audit_head'")
    verdict = _verdict(shop)
    assert not verdict.intact and "audit_head" in verdict.reason


def test_deleting_the_newest_events_and_the_head_is_caught_and_named(shop) -> None:  # type: ignore[no-untyped-def]
    _busy_shop(shop)
    with shop.read() as session:
        newest = session.execute(select(sa.func.max(AuditEvent.id))).scalar_one()
        keep = session.execute(
            select(AuditEvent.id, AuditEvent.hash).where(AuditEvent.id == newest - 2)
        ).one()
    tamper(shop, f"DELETE FROM audit_event WHERE id > {keep[0]}",
           f"UPDATE setting SET value = '{keep[0]}:{keep[1]}' WHERE key = 'audit_head'")  # fmt: skip
    verdict = _verdict(shop)
    assert not verdict.intact
    assert "400000000000000001" in verdict.reason  # the request whose events are gone


def test_an_edited_event_names_its_action_actor_and_request(shop) -> None:  # type: ignore[no-untyped-def]
    pk = _busy_shop(shop)
    with shop.read() as session:
        note = session.execute(
            select(AuditEvent.id).where(AuditEvent.action == "note", AuditEvent.request_pk == pk)
        ).scalar_one()
    tamper(shop, f"UPDATE audit_event SET detail = '{{}}' WHERE id = {note}")
    verdict = _verdict(shop)
    assert (verdict.broken, verdict.action, verdict.actor, verdict.request) == (
        note,
        "note",
        "agus",
        "400000000000000001",
    )


def test_a_changed_request_state_without_its_event_is_caught(shop) -> None:  # type: ignore[no-untyped-def]
    pk = _busy_shop(shop)
    tamper(shop, f"UPDATE request SET state = 'refunded' WHERE id = {pk}")
    assert "400000000000000001" in _verdict(shop).reason


def test_a_role_or_setting_changed_in_the_database_is_caught(shop) -> None:  # type: ignore[no-untyped-def]
    """Promoting oneself or swapping the label printer in the file leaves the row pointing
    at a real event: verify compares them with what that event wrote."""
    _busy_shop(shop)
    settings.change(shop, "label_printer", "lp -d zebra", by="dewi", now=FIXED_NOW)
    assert _verdict(shop).intact
    tamper(shop, "UPDATE staff SET role = 'supervisor' WHERE login = 'agus'")
    assert "agus" in _verdict(shop).reason
    tamper(shop, "UPDATE staff SET role = 'staff' WHERE login = 'agus'",
           "UPDATE setting SET value = 'lp -d evil' WHERE key = 'label_printer'")  # fmt: skip
    assert "label_printer" in _verdict(shop).reason


def test_postgresql_app_role_of_the_readme_may_not_change_the_trail(pg_url: str) -> None:
    """The README's role set-up, run against the server: the app role appends, never edits."""
    block = re.search(r"```sql\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert block is not None, "README.md shows the PostgreSQL role set-up in a sql block"
    name = f"purna_roles_{uuid.uuid4().hex[:8]}"
    role = f"purna_app_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    owner_url = pg_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        store = open_store(owner_url)  # the owner creates the schema
        staff.ensure_first_supervisor(store, "dewi", FIXED_NOW)
        store.close()
        setup = (
            block.group(1)
            .replace("purna_app", role)
            .replace("DATABASE purna", f'DATABASE "{name}"')
        )
        owner = sa.create_engine(owner_url, isolation_level="AUTOCOMMIT")
        with owner.connect() as conn:
            for statement in filter(str.strip, setup.split(";")):
                if not statement.strip().startswith("--"):
                    conn.exec_driver_sql(statement)
        owner.dispose()
        app_url = owner_url.replace("://postgres@", f"://{role}@")
        store = open_store(app_url)
        staff.add(store, login="agus", name="Agus", role="staff", by="dewi", now=FIXED_NOW)
        for statement in ("UPDATE audit_event SET actor = 'x'", "DELETE FROM audit_event",
                          "TRUNCATE audit_event"):  # fmt: skip
            with pytest.raises(sa.exc.ProgrammingError), store.engine.begin() as conn:
                conn.exec_driver_sql(statement)
        with store.read() as session:
            assert audit.verify(session).intact
        store.close()
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{role}"')
        admin.dispose()


# --- databases and files ---------------------------------------------------------------------------


def test_another_applications_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "kasir.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE penjualan (id INTEGER PRIMARY KEY, total INTEGER)")
    other.commit()
    other.close()
    before = path.read_bytes()
    for create in (True, False):
        with pytest.raises(StoreError, match="penjualan"):
            open_store(str(path), create=create)
    assert path.read_bytes() == before  # not switched to WAL, no tables added
    assert not Path(f"{path}-wal").exists()
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database")
    with pytest.raises(StoreError, match="SQLite"):
        open_store(str(junk))
    assert junk.read_text() == "not a database"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to a read-only file")
def test_a_read_only_store_is_explained(tmp_path: Path) -> None:  # pragma: no cover (root CI)
    path = tmp_path / "ro.db"
    open_store(str(path)).close()
    path.chmod(0o444)
    with pytest.raises(StoreError):
        store = open_store(str(path))
        staff.ensure_first_supervisor(store, "dewi", FIXED_NOW)


def test_a_write_waiting_on_another_terminal_is_told_busy(
    shop, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    pk = add_request(shop)
    monkeypatch.setattr("core.db.BUSY_TIMEOUT_MS", 200)
    other = open_store(shop.url)  # a second terminal, connected after the shorter wait
    holder = sqlite3.connect(shop.url.removeprefix("sqlite:///"), timeout=1)
    holder.execute("BEGIN IMMEDIATE")  # a long import holds the write lock
    try:
        with pytest.raises(Busy, match="Terminal lain"):
            actions.add_note(other, pk=pk, text="x", login="agus", now=FIXED_NOW)
        monkeypatch.setattr("core.identity.current_login", lambda: "dewi")
        assert main(["setting", "campaign_mode", "on", "--db", other.url]) == 1
        err = capsys.readouterr().err
        assert "Terminal lain sedang menulis" in err and "Traceback" not in err
    finally:
        holder.rollback()
        holder.close()
        other.close()
    with shop.read() as session:  # nothing of the waiting writes landed
        assert "note" not in set(session.execute(select(AuditEvent.action)).scalars())


def test_demo_reset_only_ever_resets_a_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    db = str(tmp_path / "demo.db")
    monkeypatch.setattr("core.identity.current_login", lambda: "owner")
    assert main(["demo", "--no-open", "--db", db]) == 0
    monkeypatch.setattr("core.identity.current_login", lambda: "agus")  # demo staff, not supervisor
    assert main(["demo", "--no-open", "--reset", "--db", db]) == 1
    monkeypatch.setattr("core.identity.current_login", lambda: "owner")
    assert main(["demo", "--no-open", "--reset", "--db", db]) == 0  # the demo's own supervisor
    capsys.readouterr()
    real = tmp_path / "real.csv"
    real.write_text("request_id,order_id,request_type,created_at,sku,amount\n"
                    "R1,O1,resend,2026-11-21 10:00,SKU,10000\n")  # fmt: skip
    assert main(["import", str(real), "--db", db]) == 0  # the shop's own data arrives
    capsys.readouterr()
    assert main(["demo", "--no-open", "--reset", "--db", db]) == 1
    assert "data toko sendiri" in capsys.readouterr().err
    store = open_store(db)
    assert not demo.is_empty(store)
    with store.read() as session:
        assert audit.verify(session).intact
    store.close()
    store = open_store(str(tmp_path / "shop.db"))
    with pytest.raises(Refused):  # a store never filled by the demo is never reset
        demo.clear(store, login="owner")
    store.close()
