"""Handover, acknowledgement, alarm banner and end-of-day checklist, from the keyboard."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from core import handover, reminders, roster, staff
from core.db import Store
from tests.core.test_actions import add_request, current
from tests.helpers import FIXED_NOW, SIZE, make_app, settled
from tui.screens.checklist import ChecklistScreen
from tui.screens.detail import DetailScreen
from tui.screens.dialogs import PromptDialog
from tui.screens.handover import HandoverScreen

LATER = FIXED_NOW + timedelta(hours=5, minutes=10)  # 15:10 WIB: Siang on duty


@pytest.fixture
def shop(store: Store) -> Store:
    staff.ensure_first_supervisor(store, "dewi", FIXED_NOW)
    staff.add(store, login="agus", name="Agus Saputra", role="staff", by="dewi", now=FIXED_NOW)
    staff.add(store, login="bayu", name="Bayu Pratama", role="staff", by="dewi", now=FIXED_NOW)
    roster.assign(store, shift="Pagi", login="agus", day=None, by="dewi", now=FIXED_NOW)
    roster.assign(store, shift="Siang", login="bayu", day=None, by="dewi", now=FIXED_NOW)
    reminders.record_review(store, login="agus", kind="resend", now=FIXED_NOW)
    add_request(store, number=1, respond_by=FIXED_NOW - timedelta(hours=2),
                buyer_name="Siti Rahma")  # fmt: skip
    add_request(store, number=2, respond_by=FIXED_NOW + timedelta(hours=8), claimed_by="bayu")
    add_request(store, kind="return_refund", number=3, state="return_approved", answered=True,
                respond_by=FIXED_NOW - timedelta(hours=30))  # fmt: skip
    add_request(store, kind="return_refund", number=4, state="received", answered=True,
                respond_by=FIXED_NOW - timedelta(hours=20))  # fmt: skip
    return store


async def test_pic_writes_notes_and_hands_over_the_next_pic_acknowledges(shop: Store) -> None:
    app = make_app(shop, login="agus")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("7")
        await settled(pilot)
        assert isinstance(app.screen, HandoverScreen)
        await pilot.press("w", *"Cek paket KRT-01", "enter")  # the note field takes Enter
        await settled(pilot)
        assert app.screen.summary.notes == "Cek paket KRT-01"
        await pilot.press("s")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press("enter")  # Enter on Cancel: not handed over
        await settled(pilot)
        assert handover.outgoing(shop, FIXED_NOW) is None
        await pilot.press("s", "tab", "enter")
        await settled(pilot)
    record = handover.outgoing(shop, FIXED_NOW)
    assert record is not None and record.notes == "Cek paket KRT-01"

    later = make_app(shop, login="bayu", clock=lambda: LATER)
    async with later.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("7")
        await settled(pilot)
        await pilot.press("a", "tab", "enter")
        await settled(pilot)
    incoming = handover.incoming(shop, LATER)
    assert incoming is not None and incoming.acknowledged_by == "bayu"


async def test_the_header_shows_shift_and_pic_and_one_key_acknowledges_alarms(
    shop: Store,
) -> None:
    soon = add_request(shop, number=9, respond_by=FIXED_NOW + timedelta(minutes=40))
    app = make_app(shop, login="agus")
    bells: list[int] = []
    app.bell = lambda: bells.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert app.duty is not None and app.duty.pic is not None
        assert (app.duty.slot.name, app.duty.pic.login) == ("Pagi", "agus")
        assert [a.request_pk for a in app.alarms if a.hours == 1] == [soon]
        assert app.banner is not None and "Tekan ! untuk mengakui" in app.banner.plain
        assert bells == [1]
        await pilot.press("exclamation_mark")
        await settled(pilot)
        assert app.alarms == [] and app.banner is None
        app.check_reminders()
        assert bells == [1]  # not repeated for the same request and threshold
    assert reminders.alarms(shop, FIXED_NOW) == []


async def test_review_reminder_after_the_interval(shop: Store) -> None:
    app = make_app(shop, login="agus", clock=lambda: FIXED_NOW + timedelta(hours=13))
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert app.banner is not None and "terakhir ditinjau" in app.banner.plain
        await pilot.press("3")  # looking at a queue is a review
        await settled(pilot)
        assert app.banner is None or "terakhir ditinjau" not in app.banner.plain


async def test_checklist_opens_a_missing_request(shop: Store) -> None:
    app = make_app(shop, login="agus")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("8")
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, ChecklistScreen)
        first = next(i for i, pk in enumerate(screen.rows) if pk is not None)
        await pilot.press(*["down"] * first, "enter")
        await settled(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.pk == screen.rows[first]
    assert current(shop, screen.rows[first]).state == "new"


# --- snapshots --------------------------------------------------------------------------------


async def waited(pilot: Any) -> None:
    await settled(pilot)
    await pilot.pause(0.1)


def test_handover_screen(snap_compare: Any, shop: Store) -> None:
    handover.save_notes(shop, text="Dua paket tanpa label di KRT-01", login="agus", now=FIXED_NOW)
    assert snap_compare(
        make_app(shop, login="agus"), press=["7"], terminal_size=SIZE, run_before=waited
    )


@pytest.mark.parametrize("size", [(80, 24), SIZE], ids=["80x24", "120x40"])
def test_acknowledgement_dialog(snap_compare: Any, shop: Store, size: tuple[int, int]) -> None:
    handover.save_notes(shop, text="Dua paket tanpa label di KRT-01", login="agus", now=FIXED_NOW)
    handover.hand_over(shop, login="agus", now=FIXED_NOW + timedelta(hours=4, minutes=50))
    app = make_app(shop, login="bayu", clock=lambda: LATER)
    assert snap_compare(app, press=["7", "a"], terminal_size=size, run_before=waited)


def test_past_handovers(snap_compare: Any, shop: Store) -> None:
    handover.hand_over(shop, login="agus", now=FIXED_NOW + timedelta(hours=4, minutes=50))
    handover.acknowledge(shop, handover_id=1, login="bayu", now=LATER)
    app = make_app(shop, login="bayu", clock=lambda: LATER)
    assert snap_compare(app, press=["7", "p"], terminal_size=SIZE, run_before=waited)


def test_alarm_banner_on_the_dashboard(snap_compare: Any, shop: Store) -> None:
    later = FIXED_NOW + timedelta(hours=13)  # 23:00 WIB: the last review was at 10:00
    add_request(shop, number=9, respond_by=later + timedelta(minutes=40))
    add_request(shop, number=10, respond_by=later + timedelta(hours=5))
    app = make_app(shop, login="agus", clock=lambda: later)
    assert snap_compare(app, terminal_size=SIZE, run_before=waited)


def test_checklist_screen(snap_compare: Any, shop: Store) -> None:
    assert snap_compare(
        make_app(shop, login="agus"), press=["8"], terminal_size=SIZE, run_before=waited
    )


def test_handover_screen_before_idul_fitri(snap_compare: Any, shop: Store) -> None:
    """The holidays of the next 14 days show on the handover screen too (Idul Fitri 2025)."""
    from datetime import UTC, datetime

    before = datetime(2025, 3, 27, 8, 0, tzinfo=UTC)  # Thursday 27 Mar 2025, 15:00 WIB
    add_request(shop, number=20, respond_by=datetime(2025, 3, 31, 3, 0, tzinfo=UTC))
    app = make_app(shop, login="bayu", clock=lambda: before)
    assert snap_compare(app, press=["7"], terminal_size=SIZE, run_before=waited)
