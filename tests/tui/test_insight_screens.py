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


async def test_the_selected_review_shows_its_order_and_request_at_80x24(
    demo_store: Store,
) -> None:
    """At 80 columns the table drops the request and comment columns: the pane below it
    names the order and the request (or that there is none) whole, and the comment; Enter
    on a review without a request says so instead of doing nothing."""
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _press(pilot, "0")
        screen = app.screen
        assert isinstance(screen, ReviewsScreen)
        assert "request" not in screen.table.shown_keys()
        pane = screen.query_one("#reviews-selected")

        def shown() -> str:
            return "\n".join("".join(s.text for s in pane.render_line(y))
                             for y in range(pane.size.height))  # fmt: skip

        linked = next(i for i, r in enumerate(screen.rows) if r.request_id and r.comment)
        screen.table.move_cursor(row=linked)
        await settled(pilot)
        review = screen.rows[linked]
        assert review.order_id in shown() and str(review.request_id) in shown()
        assert str(review.comment)[:20] in shown()
        alone = next(i for i, r in enumerate(screen.rows) if r.request_pk is None)
        screen.table.move_cursor(row=alone)
        await settled(pilot)
        assert screen.rows[alone].order_id in shown() and "tidak ada di Purna" in shown()
        await _press(pilot, "enter")
        assert app.screen is screen
        said = [n.message for n in app._notifications]
        assert any(screen.rows[alone].order_id in m and "Tidak ada permintaan" in m
                   for m in said), said  # fmt: skip


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
        await _keys(pilot, "enter")  # a file path is an entry: Enter in the field takes it
        await settled(pilot)
    assert target.exists()


async def test_weekly_export_writes_the_review_shown_without_reading_it_again(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core import weekly

    app = make_app(demo_store)
    target = tmp_path / "minggu.xlsx"
    async with app.run_test(size=SIZE) as pilot:
        await _press(pilot, "w")

        def no_second_read(*args: Any) -> Any:
            raise AssertionError("the review was read again")

        monkeypatch.setattr(weekly, "week_review", no_second_read)
        await _keys(pilot, "x")
        app.screen.query_one("#field").value = str(target)  # type: ignore[attr-defined]
        await _keys(pilot, "tab", "tab", "enter")  # field → Cancel → Write
        await settled(pilot)
    assert target.exists()


async def test_weekly_export_to_a_folder_that_cannot_be_written_says_so(
    demo_store: Store, tmp_path: Path
) -> None:
    from tui.screens.dialogs import MessageDialog

    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _press(pilot, "w")
        await _keys(pilot, "x")
        app.screen.query_one("#field").value = str(tmp_path / "nope" / "w.xlsx")  # type: ignore[attr-defined]
        await _keys(pilot, "tab", "tab", "enter")  # field → Cancel → Write
        await pilot.pause(0.5)
        assert isinstance(app.screen, MessageDialog)


# --- the 12-week chart and reads off the UI thread ----------------------------------------


def test_weeks_without_a_rate_are_gaps_not_joined() -> None:
    from tui.screens.metrics import runs

    xs = list(range(-5, 1))
    assert runs(xs, [None, 0.1, None, None, 0.2, 0.3]) == [[(-4, 0.1)], [(-1, 0.2), (0, 0.3)]]
    assert runs(xs, [None] * 6) == []


async def test_the_trend_chart_spans_all_12_weeks(demo_store: Store) -> None:
    """The demo's orders reach back about a month: the older weeks have no rate, and the
    axis still runs from 11 weeks ago to today."""
    from textual_plotext import PlotextPlot

    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _press(pilot, "n")
        screen = app.screen
        assert isinstance(screen, MetricsScreen)
        chart = screen.query_one(PlotextPlot)
        axis = chart.render().plain.splitlines()[-1].split()  # type: ignore[union-attr]
        assert axis[0] == "-10" and axis[-1] == "0"
        assert len(axis) == 6  # every other week labelled: -10, -8, … 0


@pytest.mark.parametrize("screen_class", [MetricsScreen, WeeklyScreen])
async def test_a_busy_store_shows_loading_and_the_screen_still_answers(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch, screen_class: type
) -> None:
    import threading

    from core import insight, weekly
    from tui.screens.help import HelpScreen

    release = threading.Event()
    slow = {MetricsScreen: (insight, "metrics_view"), WeeklyScreen: (weekly, "week_review")}
    module, name = slow[screen_class]
    read = getattr(module, name)

    def blocked(*args: Any) -> Any:
        release.wait(10)
        return read(*args)

    monkeypatch.setattr(module, name, blocked)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("n" if screen_class is MetricsScreen else "w")
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, screen_class)
        assert "memuat…" in _shown_text(screen)
        await pilot.press("question_mark")  # the UI thread is free while the store is busy
        await pilot.pause(0.1)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        release.set()
        await settled(pilot)
        assert "memuat…" not in _shown_text(screen)
        assert (screen.shown if screen_class is MetricsScreen else screen.review) is not None


@pytest.mark.parametrize("screen_class", [MetricsScreen, WeeklyScreen])
async def test_a_failed_read_is_a_message_not_a_crash(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch, screen_class: type
) -> None:
    from core import insight, weekly
    from core.errors import Busy

    def failing(*args: Any) -> Any:
        raise Busy("Database sedang dipakai terminal lain: coba lagi sebentar.")

    module, name = {MetricsScreen: (insight, "metrics_view"),
                    WeeklyScreen: (weekly, "week_review")}[screen_class]  # fmt: skip
    monkeypatch.setattr(module, name, failing)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _press(pilot, "n" if screen_class is MetricsScreen else "w")
        screen = app.screen
        assert isinstance(screen, screen_class)
        shown = _shown_text(screen)
        assert "Database tidak bisa dibaca" in shown and "terminal lain" in shown
        if screen_class is WeeklyScreen:
            await _press(pilot, "x")  # nothing to export: no dialog
            assert app.screen is screen


def _shown_text(screen: Any) -> str:
    from textual.widgets import Static

    return "\n".join(str(s.render()) for s in screen.query(Static))


def test_the_charts_percent_marks_are_round_and_evenly_spaced() -> None:
    import itertools

    from tui.screens.metrics import percent_ticks

    assert percent_ticks(27.9) == [0, 10, 20, 30]
    assert percent_ticks(5.3) == [0, 2, 4, 6]
    assert percent_ticks(45) == [0, 10, 20, 30, 40, 50]
    assert percent_ticks(0) == [0, 1]  # no rate yet: still an axis
    for top in (0.4, 3, 7.5, 12, 33, 61, 99):
        marks = percent_ticks(top)
        steps = {b - a for a, b in itertools.pairwise(marks)}
        assert len(steps) == 1 and marks[-1] >= top and len(marks) <= 7
