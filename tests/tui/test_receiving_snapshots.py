"""Snapshots of the receiving, inspection and shelf screens (fixed clock and data, 120x40)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from core import receiving
from core.db import Store
from tests.helpers import FIXED_NOW, SIZE, make_app, settled
from tests.tui.test_receiving import LOGIN, approved, warehouse


@pytest.fixture
def shop(store: Store, tmp_path: Path) -> Store:
    return warehouse(store, tmp_path)


def with_parcels(shop: Store) -> None:
    receiving.record_unmatched(shop, code="JX7781203344", note="Tanpa label, isi kaos hitam",
                               login=LOGIN, now=FIXED_NOW - timedelta(hours=5))  # fmt: skip
    receiving.record_unmatched(shop, code="SPXID0092771", note="", login="dewi",
                               now=FIXED_NOW - timedelta(hours=26))  # fmt: skip


def test_receiving_waiting_for_a_scan(snap_compare: Any, shop: Store) -> None:
    with_parcels(shop)
    assert snap_compare(
        make_app(shop, login=LOGIN), press=["5"], terminal_size=SIZE, run_before=settled
    )


def test_receiving_a_scanned_return(snap_compare: Any, shop: Store) -> None:
    approved(shop)
    assert snap_compare(make_app(shop, login=LOGIN), press=["5", *"JX001", "enter"],
                        terminal_size=SIZE, run_before=settled)  # fmt: skip


def test_receiving_a_received_return(snap_compare: Any, shop: Store) -> None:
    pk = approved(shop)
    receiving.confirm_receipt(shop, pk=pk, login=LOGIN, version=1, now=FIXED_NOW)
    assert snap_compare(make_app(shop, login=LOGIN), press=["5", *"JX001", "enter"],
                        terminal_size=SIZE, run_before=settled)  # fmt: skip


def test_receiving_an_unknown_code(snap_compare: Any, shop: Store) -> None:
    assert snap_compare(make_app(shop, login=LOGIN), press=["5", *"SPX-404", "enter"],
                        terminal_size=SIZE, run_before=settled)  # fmt: skip


@pytest.mark.parametrize("size", [(80, 24), SIZE], ids=["80x24", "120x40"])
def test_receiving_a_code_of_several_requests(
    snap_compare: Any, shop: Store, size: tuple[int, int]
) -> None:
    approved(shop, 1, order_id="5799")
    approved(shop, 2, order_id="5799", buyer_name="Budi")
    assert snap_compare(make_app(shop, login=LOGIN), press=["5", *"5799", "enter"],
                        terminal_size=size, run_before=settled)  # fmt: skip


def test_inspection_dialog(snap_compare: Any, shop: Store) -> None:
    pk = approved(shop)
    receiving.confirm_receipt(shop, pk=pk, login=LOGIN, version=1, now=FIXED_NOW)
    assert snap_compare(
        make_app(shop, login=LOGIN),
        press=["5", *"JX001", "enter", "ctrl+p", "2", "tab", *"jahitan lepas"],
        terminal_size=SIZE,
        run_before=settled,
    )


def test_shelf_screen(snap_compare: Any, shop: Store) -> None:
    with_parcels(shop)
    for number, condition in ((1, "as_described"), (2, "damaged"), (3, None)):
        pk = approved(shop, number, sku=f"SKU-{number}")
        at = FIXED_NOW - timedelta(days=number)
        version = receiving.confirm_receipt(shop, pk=pk, login=LOGIN, version=1, now=at).version
        if condition:
            receiving.inspect(shop, pk=pk, condition=condition, note="", evidence=[],
                              login=LOGIN, version=version, now=at)  # fmt: skip
    assert snap_compare(
        make_app(shop, login=LOGIN), press=["6"], terminal_size=SIZE, run_before=settled
    )
