"""Driving the workstation from the keyboard as a PIC would (Textual Pilot)."""

from __future__ import annotations

from typing import Any

import pytest

from core.db import Store
from core.workflow import RequestType
from tests.helpers import SIZE, make_app, settled
from tui.screens.dashboard import DashboardScreen
from tui.screens.detail import DetailScreen
from tui.screens.help import HelpScreen
from tui.screens.queue import QueueScreen
from tui.widgets.queue_table import QueueTable


@pytest.mark.parametrize(
    ("key", "kind"),
    [("1", "refund_only"), ("2", "return_refund"), ("3", "resend"), ("4", "exchange")],
)
async def test_each_queue_has_a_single_key_from_the_dashboard(
    demo_store: Store, key: str, kind: str
) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press(key)
        await settled(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert app.screen.kind is RequestType(kind)
        table = app.screen.query_one(QueueTable)
        first = table.highlighted
        assert first is not None and first.request_type is RequestType(kind)


async def test_queue_keys_work_from_another_queue_and_the_detail(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("1")
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("4")
        await settled(pilot)
        assert isinstance(app.screen, QueueScreen) and app.screen.kind is RequestType.EXCHANGE
        # the stack never grows: dashboard, then one queue
        assert len(app.screen_stack) == 2
        await pilot.press("d")
        await settled(pilot)
        assert isinstance(app.screen, DashboardScreen)


@pytest.mark.parametrize("back", ["escape", "b"])
async def test_escape_or_b_goes_back_one_screen(demo_store: Store, back: str) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("2", "enter")
        await settled(pilot)
        assert isinstance(app.screen, DetailScreen)
        await pilot.press(back)
        assert isinstance(app.screen, QueueScreen)
        await pilot.press(back)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press(back)  # nothing below the dashboard: stays
        assert isinstance(app.screen, DashboardScreen)


async def test_most_urgent_first_and_cursor_moves(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("1")
        await settled(pilot)
        table = app.screen.query_one(QueueTable)
        rows = [table.row_at(i) for i in range(table.row_count)]
        deadlines = [r.respond_by for r in rows if r is not None]
        assert deadlines == sorted(deadlines)
        await pilot.press("j", "j", "down")
        assert table.cursor == 3
        await pilot.press("k")
        assert table.cursor == 2
        await pilot.press("G")
        assert table.cursor == table.row_count - 1
        await pilot.press("g")
        assert table.cursor == 0
        await pilot.press("n")
        assert table.cursor > 10
        await pilot.press("p")
        assert table.cursor == 0


async def test_detail_pane_follows_the_cursor(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("3")
        await settled(pilot)
        screen = app.screen
        table = screen.query_one(QueueTable)
        await pilot.press("j")
        await settled(pilot)
        pane = screen.query_one("#queue-detail")
        assert pane.detail is not None
        assert pane.detail.row.pk == table.highlighted.pk


async def test_filter_by_order_sku_or_buyer_and_escape_clears(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("1")
        await settled(pilot)
        screen = app.screen
        table = screen.query_one(QueueTable)
        everything = table.row_count
        target = table.row_at(5)
        assert target is not None
        for text in (target.order_id, target.sku.lower(), (target.buyer_name or "")[:6]):
            await pilot.press("slash")
            await pilot.press(*text)
            await settled(pilot)
            assert 1 <= table.row_count < everything
            assert all(
                text.lower()
                in " ".join([r.order_id, r.sku, r.buyer_name or "", r.request_id]).lower()
                for r in (table.row_at(i) for i in range(table.row_count))
                if r
            )
            await pilot.press("escape")  # clears the filter, stays in the queue
            await settled(pilot)
            assert isinstance(app.screen, QueueScreen)
            assert table.row_count == everything


async def test_digits_typed_in_the_filter_do_not_switch_queue(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("1")
        await settled(pilot)
        screen = app.screen
        await pilot.press("slash", "4", "0", "d", "b", "question_mark")
        await settled(pilot)
        assert app.screen is screen
        assert screen.query_one("#queue-filter").value == "40db?"
        await pilot.press("enter")  # keeps the filter, back to the rows
        assert screen.query_one(QueueTable).has_focus


async def test_help_opens_and_closes_everywhere(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        for close in ("escape", "b", "question_mark"):
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press(close)
            assert isinstance(app.screen, DashboardScreen)
        await pilot.press("2")
        await settled(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)


async def test_queue_loads_pages_not_all_rows(tmp_path: Any) -> None:
    from datetime import timedelta

    from sqlalchemy import insert

    from core.db import open_store
    from core.models import Request
    from tests.helpers import FIXED_NOW

    store = open_store(f"sqlite:///{tmp_path / 'big.db'}")
    rows = [
        {
            "marketplace": "tiktok_shop",
            "request_id": f"R{i:06d}",
            "order_id": f"O{i:06d}",
            "request_type": "refund_only",
            "created_at": FIXED_NOW - timedelta(minutes=i),
            "respond_by": FIXED_NOW + timedelta(hours=48, minutes=-i),
            "sku": "SKU",
            "amount": 1000,
            "quantity": 1,
            "evidence_count": 0,
            "state": "new",
            "is_open": True,
            "version": 1,
            "imported_at": FIXED_NOW,
            "updated_at": FIXED_NOW,
        }
        for i in range(3000)
    ]
    with store.write() as session:
        session.execute(insert(Request), rows)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("1")
        await settled(pilot)
        table = app.screen.query_one(QueueTable)
        assert table.row_count == 3000
        assert table.pages_loaded == 1
        await pilot.press("G")
        await settled(pilot)
        assert table.highlighted.request_id == "R000000"  # the latest deadline is last
        assert table.pages_loaded == 2
    store.close()


async def test_store_opens_after_the_first_frame(tmp_path: Any) -> None:
    from core import demo
    from core.db import open_store
    from tests.helpers import FIXED_NOW

    url = f"sqlite:///{tmp_path / 'later.db'}"
    prepared = open_store(url)
    demo.load(prepared, FIXED_NOW, "tester")
    prepared.close()
    app = make_app(None, db_url=url)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, DashboardScreen)  # drawn before the store is open
        await settled(pilot)
        assert app.store is not None
        summaries = app.screen.summaries
        assert sum(s.open for s in summaries) == 300


async def test_a_database_that_cannot_open_is_explained(tmp_path: Any) -> None:
    folder = tmp_path / "not-a-database"
    folder.mkdir()
    app = make_app(None, db_url=f"sqlite:///{folder}")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert app.store is None
        assert "folder" in app.store_error
        assert "--db" in app.store_error
        await pilot.press("1")  # a queue still opens and says why it is empty
        await settled(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert "--db" in app.screen.query_one("#queue-detail").children[0].render().plain


async def test_dashboard_enter_opens_the_highlighted_type(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("down", "j", "enter")
        await settled(pilot)
        assert isinstance(app.screen, QueueScreen) and app.screen.kind is RequestType.RESEND


async def test_help_lists_only_purnas_keys_translated(demo_store: Store) -> None:
    from tui.screens.help import key_list

    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        dashboard = dict(key_list(app.screen))
        assert "Esc / b" not in dashboard  # nothing below the dashboard
        assert dashboard["Enter"] == "Buka antrean"
        await pilot.press("1")
        await settled(pilot)
        queue = dict(key_list(app.screen))
        assert queue["Esc / b"] == "Kembali" and queue["/"] == "Saring"
        assert queue["PgDn / n"] == "Halaman berikut"
        assert all(description[0].isupper() for description in queue.values())
        assert not {"left", "right", "tab"} & set(queue)
