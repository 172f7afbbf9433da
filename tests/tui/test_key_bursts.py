"""Keys typed faster than screens change (issue 10, point 4).

A PIC types from memory: `Esc` `/` and an order id, or `1` `/` and an id, without
waiting for the screen. Every key must reach the screen that is in front once the
previous key is done, in order, or be dropped with nothing done; a text field that a
key opens takes the characters typed after that key; digits in a text field never
navigate. `burst` puts all keys on the app's queue at once, as a fast typist or a
pasted line over SSH does (`pilot.press` waits for the app to be idle after every key).
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input

from core.db import Store
from core.workflow import RequestType
from tests.helpers import make_app, settled
from tui.screens.dashboard import DashboardScreen
from tui.screens.detail import DetailScreen
from tui.screens.help import HelpScreen
from tui.screens.queue import QueueScreen
from tui.screens.receiving import ReceivingScreen

SMALL = (80, 24)
ORDER = "4020"  # the start of many demo order ids; each digit is also a global key


async def burst(pilot: Any, *keys: str) -> None:
    """Send `keys` to the app all at once, then wait until everything they caused is done."""
    app = pilot.app
    for key in keys:
        character = key if len(key) == 1 else {"slash": "/", "question_mark": "?"}.get(key)
        event = events.Key(key, character)
        event.set_sender(app)
        app._driver.send_message(event)
    await settled(pilot)


def typed(screen: Any, selector: str) -> str:
    return screen.query_one(selector, Input).value


async def test_escape_slash_and_an_id_from_the_request_screen_filter_the_queue(
    demo_store: Store,
) -> None:
    """The reported case: back from a request, open the filter, type the id, all at once."""
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        await pilot.press("1", "enter")
        await settled(pilot)
        assert isinstance(app.screen, DetailScreen)
        await burst(pilot, "escape", "slash", *ORDER)
        assert isinstance(app.screen, QueueScreen)
        assert app.screen.kind is RequestType.REFUND_ONLY
        assert len(app.screen_stack) == 2  # the digits opened no other screen
        assert typed(app.screen, "#queue-filter") == ORDER
        assert app.screen.filter_input.has_focus


async def test_queue_key_slash_and_an_id_from_the_dashboard(demo_store: Store) -> None:
    """`1/4020` typed fast: the queue opens, the filter opens, and it holds the digits."""
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        await burst(pilot, "1", "slash", *ORDER)
        assert isinstance(app.screen, QueueScreen)
        assert app.screen.kind is RequestType.REFUND_ONLY
        assert typed(app.screen, "#queue-filter") == ORDER


async def test_receiving_key_and_a_scan_typed_at_once(demo_store: Store) -> None:
    """`5` then an order id: the scan field takes every digit, none of them navigates."""
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        await burst(pilot, "5", *"40201", "8")
        assert isinstance(app.screen, ReceivingScreen)
        assert typed(app.screen, "#scan") == "402018"
        assert len(app.screen_stack) == 2


async def test_digits_in_an_open_field_never_navigate(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        await pilot.press("2", "slash")
        await settled(pilot)
        await burst(pilot, *"12345678")
        assert isinstance(app.screen, QueueScreen)
        assert app.screen.kind is RequestType.RETURN_REFUND
        assert typed(app.screen, "#queue-filter") == "12345678"


async def test_back_and_back_again_then_a_queue_key(demo_store: Store) -> None:
    """Two screens popped and a third opened in one burst: each key acts on the front."""
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        await pilot.press("3", "enter")
        await settled(pilot)
        await burst(pilot, "escape", "escape", "4")
        assert isinstance(app.screen, QueueScreen)
        assert app.screen.kind is RequestType.EXCHANGE
        assert [type(s) for s in app.screen_stack] == [DashboardScreen, QueueScreen]


async def test_help_opened_and_closed_in_a_burst(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        await burst(pilot, "question_mark", "escape", "2")
        assert not isinstance(app.screen, HelpScreen)
        assert isinstance(app.screen, QueueScreen)
        assert app.screen.kind is RequestType.RETURN_REFUND
