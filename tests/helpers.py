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
    """Let the app finish what it started (store, workers: counts, reminders, writes) and
    draw it, the debounced detail pane included. The one wait of the screen tests.

    A change runs in a worker that awaits its dialog (push_screen_wait), so while a dialog
    is in front only the workers that cannot be waiting for it are waited for: the ones in
    threads (reads, writes) and the screens' loads."""
    from textual.screen import ModalScreen

    await pilot.pause()
    app = pilot.app
    # keys typed ahead wait in the app until the key before them has settled (tui/app.py);
    # on a loaded machine that can outlast one pause, so wait until none is left waiting
    for _round in range(200):
        if getattr(app, "_settling", None) is None:
            break
        await pilot.pause(0.05)
    for _round in range(1500):
        running = [w for w in app.workers if w.is_running]
        if not running:
            break
        if isinstance(app.screen, ModalScreen):
            free = [w for w in running if w._thread_worker or w.group == "load"]
            if free:  # (an empty list would mean every worker)
                await app.workers.wait_for_complete(free)
            break
        await pilot.pause(0.02)
    await pilot.pause(0.2)


def tamper(store: Any, *statements: str) -> None:
    """Change the store behind Purna's back, as someone with the database file could:
    the trail's append-only triggers are dropped first."""
    from core import audit

    with store.engine.begin() as conn:
        dialect = conn.dialect.name
        for statement in (*audit.DROP_APPEND_ONLY[dialect], *statements):
            conn.exec_driver_sql(statement)


def add_requests(store: Any, rows: list[dict[str, Any]], actor: str = "tester") -> list[int]:
    """Insert request rows as an import does: each at version 1 with its own "created"
    event, so that `purna audit verify` finds every request's trail complete."""
    from sqlalchemy import insert, select, text

    from core import audit
    from core.models import Request

    with store.write() as session:
        session.execute(insert(Request), [{**row, "version": 1} for row in rows])
        found = session.execute(
            select(Request.id, Request.state)
            .where(
                Request.request_id.in_([r["request_id"] for r in rows])  # type: ignore[attr-defined]
            )
            .order_by(Request.id)
        ).all()
        connection = session.connection()
        events = audit.append_many(connection, [
            audit.Spec(at=FIXED_NOW, actor=actor, action="created", request_pk=pk,
                       request_version=1, after_state=state, detail={"test": True})
            for pk, state in found
        ])  # fmt: skip
        connection.execute(
            text("UPDATE request SET event_id = :e WHERE id = :pk"),
            [{"e": e, "pk": pk} for e, (pk, _s) in zip(events, found, strict=True)],
        )
    return [pk for pk, _state in found]


def code_of(store: Any, pk: int) -> str:
    """The confirmation a person types for request `pk`: its order id's last characters."""
    from core.guards import confirmation_code
    from core.models import Request

    with store.read() as session:
        row = session.get(Request, pk)
        assert row is not None
        return confirmation_code(row.order_id)
