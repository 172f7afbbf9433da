"""Reply templates, the chat queue, a conversation, the ticket and the Monday evaluation
on screen (issue 13), at 80x24 and 120x40, and what their keys do."""

from __future__ import annotations

from typing import Any

import pytest

from core import chat_store, templates_store
from core.db import Store
from tests.helpers import SIZE, make_app, settled

SIZES = pytest.mark.parametrize("size", [(80, 24), SIZE], ids=["80x24", "120x40"])


@SIZES
def test_chat_queue(snap_compare: Any, demo_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_store), press=["c"], terminal_size=size,
                        run_before=settled)  # fmt: skip


@SIZES
def test_ticket_of_a_marked_conversation(
    snap_compare: Any, demo_store: Store, size: tuple[int, int]
) -> None:
    keys = ["c", "j", "j", "j", "enter", "t"]  # CV-1009, marked as an ad in the demo
    assert snap_compare(make_app(demo_store), press=keys, terminal_size=size, run_before=settled)


@SIZES
def test_monday_evaluation(snap_compare: Any, demo_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_store), press=["c", "w"], terminal_size=size,
                        run_before=settled)  # fmt: skip


@SIZES
def test_templates_screen(snap_compare: Any, demo_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_store), press=["e"], terminal_size=size,
                        run_before=settled)  # fmt: skip


@SIZES
def test_template_edit_dialog(snap_compare: Any, demo_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_store), press=["e", "j", "j", "j", "enter"],
                        terminal_size=size, run_before=settled)  # fmt: skip


@SIZES
def test_reply_dialog_on_a_request(
    snap_compare: Any, demo_store: Store, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(demo_store), press=["1", "enter", "r", "down", "down", "down"],
                        terminal_size=size, run_before=settled)  # fmt: skip


async def test_copying_a_reply_records_a_use(demo_store: Store) -> None:
    before = sum(r.uses for r in templates_store.list_templates(demo_store))
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        for key in ("1", "enter", "r", "y"):
            await pilot.press(key)
            await pilot.pause()
        await settled(pilot)
    assert sum(r.uses for r in templates_store.list_templates(demo_store)) == before + 1


@pytest.mark.parametrize("queue", ["1", "2"])
async def test_the_reply_dialog_keeps_its_title_at_80x24(demo_store: Store, queue: str) -> None:
    """The title names the order; with a long filled text it was scrolled off the top at
    80x24 (a return's evidence template is four lines). The templates, the filled text
    and the conduct check are in view too, whichever template is chosen."""
    from tui.screens.replies import ReplyDialog

    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        for key in (queue, "enter", "r"):
            await pilot.press(key)
            await settled(pilot)
        dialog = app.screen
        assert isinstance(dialog, ReplyDialog)
        for _template in range(len(dialog.rows)):
            await settled(pilot)
            frame = dialog.query_one("#dialog").region
            for part in ("#banner", "#templates", "#findings"):
                shown = dialog.query_one(part).region
                assert frame.y < shown.y and shown.bottom < frame.bottom, (part, shown)
            assert dialog.query_one("#dialog").scroll_y == 0
            assert dialog.query_one("#body").scroll_y == 0
            await pilot.press("down")


async def test_a_template_breaking_a_rule_is_not_saved_from_the_screen(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        for key in ("e", "enter"):
            await pilot.press(key)
            await pilot.pause()
        area = app.screen.query_one("TextArea")
        area.text = "Kak {buyer}, WA kami aja di 0812 3456 7890"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        problems = str(app.screen.query_one("#problems").render())
        assert "0812 3456 7890" in problems
    assert "0812" not in templates_store.get(demo_store, "evidence", "id").body


@pytest.mark.parametrize("language", ["id", "en"])
async def test_template_lists_open_on_the_shops_language(demo_store: Store, language: str) -> None:
    from core import settings
    from tests.helpers import FIXED_NOW
    from tui.screens.replies import ReplyDialog, TemplatesScreen

    if language != "id":
        settings.change(demo_store, "shop_language", language, by="dewi", now=FIXED_NOW)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("e")
        await settled(pilot)
        assert isinstance(app.screen, TemplatesScreen)
        assert app.screen.current is not None and app.screen.current.language == language
        await pilot.press("escape", "1")
        await settled(pilot)
        await pilot.press("enter", "r")
        await settled(pilot)
        dialog = app.screen
        assert isinstance(dialog, ReplyDialog)
        assert dialog.rows[dialog.chosen].language == language


async def test_marking_a_buyer_message(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        for key in ("c", "enter", "m", "enter"):  # CV-1010: the first mark, harassment
            await pilot.press(key)
            await pilot.pause()
        await settled(pilot)
    lines = chat_store.conversation(demo_store, "tiktok_shop", "CV-1010")
    assert lines[0].mark == "harassment"


@pytest.mark.parametrize(("keys", "table"), [
    (["c"], "#chat-table"),
    (["e"], "#templates-table"),
    (["n"], "#metrics-table"),
    (["0"], "#reviews-table"),
    (["9"], "#claims-table"),
    (["6"], "#shelf-table"),
], ids=["chat", "templates", "metrics", "reviews", "claims", "shelf"])  # fmt: skip
async def test_g_and_G_jump_to_the_first_and_last_row_of_a_list(
    demo_store: Store, keys: list[str], table: str
) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        for key in keys:
            await settled(pilot)
            await pilot.press(key)
        await settled(pilot)
        rows = app.screen.query_one(table)
        assert rows.row_count > 2  # type: ignore[attr-defined]
        await pilot.press("G")
        await pilot.pause()
        assert rows.cursor_row == rows.row_count - 1  # type: ignore[attr-defined]
        await pilot.press("k", "g")
        await pilot.pause()
        assert rows.cursor_row == 0  # type: ignore[attr-defined]
