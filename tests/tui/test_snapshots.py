"""Snapshots of every screen at 120x40 with the fixed clock and the demo data set."""

from __future__ import annotations

from typing import Any

import pytest

from core.db import Store
from core.i18n import set_language
from tests.helpers import SIZE, make_app, settled


def test_dashboard(snap_compare: Any, demo_store: Store) -> None:
    assert snap_compare(make_app(demo_store), terminal_size=SIZE, run_before=settled)


def test_dashboard_empty_store(snap_compare: Any, store: Store) -> None:
    assert snap_compare(make_app(store), terminal_size=SIZE, run_before=settled)


def test_queue_refund_only(snap_compare: Any, demo_store: Store) -> None:
    assert snap_compare(make_app(demo_store), press=["1"], terminal_size=SIZE, run_before=settled)


def test_queue_return_refund(snap_compare: Any, demo_store: Store) -> None:
    assert snap_compare(make_app(demo_store), press=["2"], terminal_size=SIZE, run_before=settled)


def test_queue_resend(snap_compare: Any, demo_store: Store) -> None:
    assert snap_compare(make_app(demo_store), press=["3"], terminal_size=SIZE, run_before=settled)


def test_queue_exchange(snap_compare: Any, demo_store: Store) -> None:
    assert snap_compare(make_app(demo_store), press=["4"], terminal_size=SIZE, run_before=settled)


def test_queue_cursor_moved_shows_that_request(snap_compare: Any, demo_store: Store) -> None:
    assert snap_compare(
        make_app(demo_store),
        press=["1", "_", "j", "j", "j"],
        terminal_size=SIZE,
        run_before=settled,
    )


def test_queue_filtered(snap_compare: Any, demo_store: Store) -> None:
    assert snap_compare(
        make_app(demo_store),
        press=["1", "_", "slash", *"kpc"],
        terminal_size=SIZE,
        run_before=settled,
    )


def test_queue_filter_without_match(snap_compare: Any, demo_store: Store) -> None:
    assert snap_compare(
        make_app(demo_store),
        press=["2", "_", "slash", *"zzz", "enter"],
        terminal_size=SIZE,
        run_before=settled,
    )


def test_detail_screen(snap_compare: Any, demo_store: Store) -> None:
    assert snap_compare(
        make_app(demo_store),
        press=["3", "_", "j", "enter"],
        terminal_size=SIZE,
        run_before=settled,
    )


def test_help_on_queue(snap_compare: Any, demo_store: Store) -> None:
    assert snap_compare(
        make_app(demo_store),
        press=["1", "_", "question_mark"],
        terminal_size=SIZE,
        run_before=settled,
    )


def test_help_on_dashboard(snap_compare: Any, demo_store: Store) -> None:
    assert snap_compare(
        make_app(demo_store), press=["question_mark"], terminal_size=SIZE, run_before=settled
    )


def test_queue_in_english(snap_compare: Any, demo_store: Store) -> None:
    set_language("en")
    assert snap_compare(make_app(demo_store), press=["2"], terminal_size=SIZE, run_before=settled)


@pytest.mark.parametrize("size", [(80, 24), SIZE], ids=["80x24", "120x40"])
def test_store_that_cannot_open(snap_compare: Any, size: tuple[int, int]) -> None:
    app = make_app(None, db_url="mysql+nodriver://shop@dbhost/purna")
    assert snap_compare(app, terminal_size=size, run_before=settled)
