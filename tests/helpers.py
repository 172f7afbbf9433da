"""Constants and builders the tests share (fixtures live in conftest.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Sunday 22 Nov 2026, 10:00 WIB: every snapshot and rule test that needs "now" uses this.
FIXED_NOW = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)
TEST_LOGIN = "tester"
SIZE = (120, 40)


def make_app(store: Any, **kwargs: Any) -> Any:
    """The workstation on `store` with the fixed clock, as the tests drive it."""
    from tui.app import PurnaApp

    kwargs.setdefault("clock", lambda: FIXED_NOW)
    kwargs.setdefault("login", TEST_LOGIN)
    return PurnaApp(store=store, **kwargs)


async def settled(pilot: Any) -> None:
    """Let the app finish its start: store, workers (counts, reminders) and their repaint."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.15)


def tamper(store: Any, *statements: str) -> None:
    """Change the store behind Purna's back, as someone with the database file could:
    the trail's append-only triggers are dropped first."""
    from core import audit

    with store.engine.begin() as conn:
        dialect = conn.dialect.name
        for statement in (*audit.DROP_APPEND_ONLY[dialect], *statements):
            conn.exec_driver_sql(statement)
