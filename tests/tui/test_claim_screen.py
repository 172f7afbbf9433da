"""One claim's screen and the queue's keys around it: the evidence letters, the two
confirmations, the amount, filing refused while something is missing (and named), the
state changes through a confirm dialog, opening a claim by hand, the bulk spreadsheet;
snapshots at 80x24 and 120x40 (fixed clock and data)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from rich.console import Console
from sqlalchemy import update
from sqlmodel import col
from textual.widgets import Input

from core import claims_store, staff
from core.claims import ClaimState, Confirmation, Scenario, evidence_item
from core.db import Store
from core.formatting import parse_local_time
from core.i18n import _
from core.importer import import_file
from core.models import Order
from tests.helpers import FIXED_NOW, SIZE, TEST_LOGIN, make_app, settled
from tui.screens.claim import ClaimScreen, render_claim
from tui.screens.claims import ClaimsScreen
from tui.screens.dialogs import ChooseDialog, MessageDialog, PromptDialog

ORDERS = (
    "order_id,sku,status,delivered_at,courier,awb,last_logistics_update_at,logistics_status\n"
    "576900000000005801,MDU-500,in_transit,,J&T Express,JX5801,2026-11-20 12:00,Paket Rusak\n"
    "576900000000005803,MGA-1,delivered,2026-11-18 09:00,JNE,CGK5803,2026-11-18 09:00,"
    "Paket Dimusnahkan\n"
)
MP = "tiktok_shop"


@pytest.fixture
def shop(store: Store, tmp_path: Path) -> Store:
    staff.ensure_first_supervisor(store, TEST_LOGIN, FIXED_NOW)
    path = tmp_path / "orders.csv"
    path.write_text(ORDERS, encoding="utf-8")
    import_file(store, path, now=FIXED_NOW, actor=TEST_LOGIN)
    with store.write() as session:  # as a Seller Center export gives it ("Shipped Time")
        session.execute(update(Order).where(col(Order.order_id) == "576900000000005803")
                        .values(shipped_at=datetime(2026, 11, 11, 1, 0, tzinfo=UTC)))  # fmt: skip
    return store


def shown_claim(screen: ClaimScreen) -> str:
    """The claim's text as the screen renders it."""
    assert screen.detail is not None
    console = Console(width=120)
    with console.capture() as captured:
        console.print(render_claim(screen.detail, screen.purna.shop_zone))
    return captured.get()


def open_one(store: Store, order: str, scenario: str) -> int:
    return claims_store.open_claim(store, marketplace=MP, order_id=order, scenario=scenario,
                                   login=TEST_LOGIN, now=FIXED_NOW)  # fmt: skip


def damaged_claim(store: Store) -> int:
    pk = open_one(store, "576900000000005801", "damaged")
    version = claims_store.claim_detail(store, pk, FIXED_NOW).row.version
    version = claims_store.attach_evidence(store, pk=pk, item_key="awb_photo",
                                           ref="/foto/5801/awb.jpg", login=TEST_LOGIN,
                                           version=version, now=FIXED_NOW)  # fmt: skip
    claims_store.set_amount_claimed(store, pk=pk, amount=1_250_000, login=TEST_LOGIN,
                                    version=version, now=FIXED_NOW)  # fmt: skip
    return pk


def on_claim(pk: int) -> Any:
    async def run(pilot: Any) -> None:
        await settled(pilot)
        await pilot.app.push_screen(ClaimScreen(pk))
        await settled(pilot)

    return run


@pytest.mark.parametrize("size", [(80, 24), SIZE])
def test_claim_screen(snap_compare: Any, shop: Store, size: tuple[int, int]) -> None:
    pk = damaged_claim(shop)
    assert snap_compare(make_app(shop), terminal_size=size, run_before=on_claim(pk))


@pytest.mark.parametrize("size", [(80, 24), SIZE])
def test_fruit_claim_screen(snap_compare: Any, shop: Store, size: tuple[int, int]) -> None:
    pk = open_one(shop, "576900000000005803", "damaged_fruit")
    assert snap_compare(make_app(shop), terminal_size=size, run_before=on_claim(pk))


@pytest.mark.parametrize("size", [(80, 24), SIZE])
def test_step_dialog(snap_compare: Any, shop: Store, size: tuple[int, int]) -> None:
    pk = damaged_claim(shop)

    async def run(pilot: Any) -> None:
        await on_claim(pk)(pilot)
        await pilot.press("t")
        await settled(pilot)

    assert snap_compare(make_app(shop), terminal_size=size, run_before=run)


async def type_into(pilot: Any, text: str) -> None:
    field = pilot.app.screen.query_one("#field", Input)
    field.value = text
    await pilot.pause()


async def confirm(pilot: Any) -> None:
    """Tab from Cancel to the action button, then Enter (as a person does)."""
    pilot.app.screen.query_one("#confirm").focus()
    await pilot.press("enter")
    await settled(pilot)


async def test_evidence_confirmations_and_filing(shop: Store) -> None:
    pk = damaged_claim(shop)
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        await on_claim(pk)(pilot)
        screen = app.screen
        assert isinstance(screen, ClaimScreen)
        assert not screen.check_action("confirm", ("seal_intact",))  # not this scenario's
        # filing now is refused, naming what is missing
        await pilot.press("t")
        await settled(pilot)
        assert isinstance(app.screen, ChooseDialog)
        await pilot.press("enter")  # the first step: file
        await settled(pilot)
        assert isinstance(app.screen, MessageDialog)
        shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
        for key in ("outer_packaging", "inside_opened", "damaged_part"):
            item = evidence_item(Scenario.DAMAGED, key)
            assert item is not None and _(item.title) in shown
        assert _(Confirmation.AWB_MATCHES.title) in shown
        await pilot.press("escape")
        await settled(pilot)
        # s: the second item (outer packaging), typed in the small dialog
        # typed straight after the letter, as a person does: the letters of a path (b, u,
        # i, m...) go into the field, never to the claim's own keys
        for letter, ref in (("s", "/foto/luar.jpg"), ("f", "/foto/dalam-sebelum.jpg"),
                            ("g", "VID-0042")):  # fmt: skip
            await pilot.press(letter, *ref, "enter")
            await settled(pilot)
            assert isinstance(app.screen, ClaimScreen)
        assert screen.detail is not None
        assert not dict(screen.detail.confirmations)[Confirmation.AWB_MATCHES]
        assert [r for v in screen.detail.items for _pk, r in v.refs] == [
            "/foto/5801/awb.jpg",
            "/foto/luar.jpg",
            "/foto/dalam-sebelum.jpg",
            "VID-0042",
        ]
        await pilot.press("i")  # order id matches the AWB
        await settled(pilot)
        detail = screen.detail
        assert detail is not None and not detail.row.missing
        assert dict(detail.confirmations)[Confirmation.AWB_MATCHES]
        # x takes a file off again; then it is missing once more
        await pilot.press("x")
        await settled(pilot)
        assert isinstance(app.screen, ChooseDialog)
        await pilot.press("down", "enter")  # the second attached: /foto/luar.jpg
        await settled(pilot)
        assert screen.detail is not None and screen.detail.row.missing
        await pilot.press("s")
        await settled(pilot)
        await type_into(pilot, "/foto/luar-2.jpg")
        await confirm(pilot)
        # t, file, with the ticket number typed
        await pilot.press("t")
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, PromptDialog)
        await type_into(pilot, "TK-778812")
        await confirm(pilot)
        assert screen.detail is not None and screen.detail.row.state is ClaimState.FILED
        assert screen.detail.ticket_ref == "TK-778812"
        # compensation typed as the platform shows it
        await pilot.press("t")
        await settled(pilot)
        await pilot.press("down", "enter")  # answer, compensate, refuse: compensate
        await settled(pilot)
        await type_into(pilot, "Rp1.100.000")
        await confirm(pilot)
        row = screen.detail.row if screen.detail else None
        assert row is not None and row.state is ClaimState.COMPENSATED
        assert row.compensation == 1_100_000
        assert "Rp1.100.000" in shown_claim(screen)
    assert claims_store.summary(shop, FIXED_NOW).recovered_this_month == 1_100_000


async def test_amount_typed_and_a_wrong_amount_named(shop: Store) -> None:
    pk = damaged_claim(shop)
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        await on_claim(pk)(pilot)
        await pilot.press("m")
        await settled(pilot)
        await type_into(pilot, "dua juta")
        await confirm(pilot)
        assert isinstance(app.screen, MessageDialog)
        await pilot.press("escape")
        await settled(pilot)
        await pilot.press("m", *"2.000.000", "enter")  # typed at once: into the field
        await settled(pilot)
    assert claims_store.claim_detail(shop, pk, FIXED_NOW).row.amount_claimed == 2_000_000


async def test_queue_enter_opens_and_a_candidate_becomes_a_draft(shop: Store) -> None:
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("9")
        await settled(pilot)
        queue = app.screen
        assert isinstance(queue, ClaimsScreen)
        assert [r.order_id[-4:] for r in queue.rows] == ["5803", "5801"]
        await pilot.press("enter")
        await settled(pilot)
        await confirm(pilot)  # the "open a claim" dialog
        assert isinstance(app.screen, ClaimScreen)
        await pilot.press("b")
        await settled(pilot)
        assert app.screen is queue and queue.rows[0].pk is not None
        await pilot.press("o")  # a stored claim opens straight away
        await settled(pilot)
        assert isinstance(app.screen, ClaimScreen)


async def test_a_claim_by_hand_on_an_order_not_in_the_store(shop: Store) -> None:
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("9")
        await settled(pilot)
        await pilot.press("n")
        await settled(pilot)
        await type_into(pilot, "INV/20261101/MPL/777")
        await confirm(pilot)
        assert isinstance(app.screen, ChooseDialog)  # marketplace
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, ChooseDialog)  # scenario
        await pilot.press("down", "down", "enter")  # lost parcel
        await settled(pilot)
        await type_into(pilot, "2026-11-01 10:00")
        await confirm(pilot)
        assert isinstance(app.screen, ClaimScreen)
        detail = app.screen.detail
        assert detail is not None and detail.row.order_id == "INV/20261101/MPL/777"
        assert str(detail.row.window.last_day) == "2026-12-10"
        assert detail.row.origin == "manual"


def test_typed_update_times() -> None:
    from zoneinfo import ZoneInfo

    wib = ZoneInfo("Asia/Jakarta")
    moment = parse_local_time(" 2026-11-01 10:00 ", wib)
    assert moment is not None and moment.utcoffset() == timedelta(hours=7)
    assert parse_local_time("2026-11-01", wib) is not None
    assert parse_local_time("1 Nov", wib) is None


async def test_bulk_spreadsheet_to_a_confirmed_path(shop: Store, tmp_path: Path) -> None:
    pk = damaged_claim(shop)
    detail = claims_store.claim_detail(shop, pk, FIXED_NOW)
    version = detail.row.version
    for key in ("outer_packaging", "inside_opened", "damaged_part"):
        version = claims_store.attach_evidence(shop, pk=pk, item_key=key, ref=f"/f/{key}.jpg",
                                               login=TEST_LOGIN, version=version,
                                               now=FIXED_NOW)  # fmt: skip
    claims_store.set_confirmation(shop, pk=pk, confirmation="awb_matches", value=True,
                                  login=TEST_LOGIN, version=version, now=FIXED_NOW)  # fmt: skip
    target = tmp_path / "klaim.xlsx"
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("9")
        await settled(pilot)
        await pilot.press("x")
        await settled(pilot)
        assert isinstance(app.screen, PromptDialog)
        await type_into(pilot, str(target))
        await confirm(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        # the same path again is refused: nothing is overwritten
        await pilot.press("x")
        await settled(pilot)
        await type_into(pilot, str(target))
        await confirm(pilot)
        assert isinstance(app.screen, MessageDialog)
    sheet = load_workbook(target).active
    assert sheet is not None and sheet.max_row == 2
    assert sheet["B2"].value == "576900000000005801"
