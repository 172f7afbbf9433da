"""The insight screens: negative reviews (key 0), metrics (n), weekly review (w), and the
reason category on the request screen (g); snapshots at 80x24 and 120x40 (fixed clock
and data)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from core import tags
from core.db import Store
from core.models import Request
from core.reasons import Category
from core.review_queue import FollowUp
from tests.helpers import SIZE, make_app, settled
from tui.screens.detail import DetailScreen
from tui.screens.metrics import MetricsScreen
from tui.screens.reviews import ReviewsScreen
from tui.screens.weekly import WeeklyScreen

SIZES = [(80, 24), SIZE]


async def _press(pilot: Any, *keys: str) -> None:
    await settled(pilot)
    await pilot.press(*keys)
    await settled(pilot)


async def _keys(pilot: Any, *keys: str) -> None:
    """Press keys while a dialog is open (its worker waits for it: never wait for workers)."""
    await pilot.press(*keys)
    await pilot.pause(0.3)


@pytest.mark.parametrize("size", SIZES)
def test_negative_reviews_screen(snap_compare: Any, demo_store: Store, size: Any) -> None:
    async def run(pilot: Any) -> None:
        await _press(pilot, "0")

    assert snap_compare(make_app(demo_store), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_metrics_screen(snap_compare: Any, demo_store: Store, size: Any) -> None:
    async def run(pilot: Any) -> None:
        await _press(pilot, "n")

    assert snap_compare(make_app(demo_store), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_weekly_review_screen(snap_compare: Any, demo_store: Store, size: Any) -> None:
    async def run(pilot: Any) -> None:
        await _press(pilot, "w")

    assert snap_compare(make_app(demo_store), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_follow_up_dialog(snap_compare: Any, demo_store: Store, size: Any) -> None:
    async def run(pilot: Any) -> None:
        await _press(pilot, "0")
        await _keys(pilot, "f")

    assert snap_compare(make_app(demo_store), terminal_size=size, run_before=run)


def _unknown_request(store: Store) -> int:
    with store.read() as session:
        return session.execute(select(Request.id).where(Request.reason == "Ukuran tidak sesuai")
                               .order_by(Request.id).limit(1)).scalar_one()  # fmt: skip


@pytest.mark.parametrize("size", SIZES)
def test_category_dialog_on_the_request(snap_compare: Any, demo_store: Store, size: Any) -> None:
    pk = _unknown_request(demo_store)

    async def run(pilot: Any) -> None:
        await settled(pilot)
        await pilot.app.push_screen(DetailScreen(pk))
        await settled(pilot)
        await _keys(pilot, "g")

    assert snap_compare(make_app(demo_store), terminal_size=size, run_before=run)


async def test_keys_open_the_screens_from_anywhere(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _press(pilot, "0")
        assert isinstance(app.screen, ReviewsScreen)
        await _press(pilot, "1", "0")  # from a queue too
        assert isinstance(app.screen, ReviewsScreen)
        await _press(pilot, "d", "n")
        assert isinstance(app.screen, MetricsScreen)
        await _press(pilot, "d", "w")
        assert isinstance(app.screen, WeeklyScreen)


async def test_follow_up_from_the_queue_with_a_note(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _press(pilot, "0")
        screen = app.screen
        assert isinstance(screen, ReviewsScreen)
        target = screen.rows[1]
        await _press(pilot, "down")
        await _keys(pilot, "f")
        await _keys(pilot, "down", "enter")  # resolved
        await _keys(pilot, *"Kirim ulang")
        await _keys(pilot, "enter")
        await settled(pilot)
        assert isinstance(app.screen, ReviewsScreen)
        assert target.pk not in {r.pk for r in screen.rows}  # done: off the open list
        await _press(pilot, "a")
        found = {r.pk: r for r in screen.rows}[target.pk]
        assert (found.state, found.note) == (FollowUp.RESOLVED, "Kirim ulang")


async def test_enter_opens_the_linked_request(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _press(pilot, "0")
        screen = app.screen
        assert isinstance(screen, ReviewsScreen)
        index = next(i for i, r in enumerate(screen.rows) if r.request_pk)
        screen.table.move_cursor(row=index)
        await _press(pilot, "enter")
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.pk == screen.rows[index].request_pk


async def test_a_supervisor_classifies_the_text_with_g(demo_store: Store) -> None:
    pk = _unknown_request(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await app.push_screen(DetailScreen(pk))
        await settled(pilot)
        await _keys(pilot, "g")
        await _keys(pilot, "down", "enter")  # service
        await settled(pilot)
        assert isinstance(app.screen, DetailScreen)
        tag = app.screen.detail.tag if app.screen.detail else None
        assert tag == tags.Tag(Category.SERVICE, tags.Source.SHOP)
    assert tags.to_classify(demo_store) == []


async def test_weekly_export_writes_the_xlsx(demo_store: Store, tmp_path: Path) -> None:
    app = make_app(demo_store)
    target = tmp_path / "minggu.xlsx"
    async with app.run_test(size=SIZE) as pilot:
        await _press(pilot, "w")
        await _keys(pilot, "x")
        field = app.screen.query_one("#field")
        field.value = str(target)  # type: ignore[attr-defined]
        await _keys(pilot, "tab", "tab", "enter")  # field → Cancel → Write
        await settled(pilot)
    assert target.exists()
