"""Snapshots of every decision dialog and blocked-action message (fixed clock, 80x24 and 120x40)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from core import actions, staff
from core.db import Store
from tests.core.test_actions import add_request, current, tick
from tests.helpers import FIXED_NOW, SIZE, make_app, settled
from tui.screens.detail import DetailScreen

SUPERVISOR, STAFF = "dewi", "agus"
SIZES = pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x40", "80x24"])


@pytest.fixture
def shop(store: Store) -> Store:
    staff.ensure_first_supervisor(store, SUPERVISOR, FIXED_NOW)
    staff.add(store, login=STAFF, name="Agus Saputra", role="staff", by=SUPERVISOR, now=FIXED_NOW)
    return store


def opened(pk: int) -> Any:
    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.app.push_screen(DetailScreen(pk))
        await pilot.pause(0.1)

    return run_before


def refund_request(shop: Store, **extra: Any) -> int:
    pk = add_request(
        shop, buyer_name="Siti Rahma", buyer_comment="Botolnya pecah, madu tumpah ke kardus.",
        reason="Kemasan atau produk rusak", product_name="Madu Hutan Asli 500g", **extra,
    )  # fmt: skip
    return pk


@SIZES
def test_refund_dialog_with_checks_done(
    snap_compare: Any, shop: Store, size: tuple[int, int]
) -> None:
    pk = refund_request(shop)
    tick(shop, pk, "type_matches_comment", "evidence_reviewed", login=SUPERVISOR)
    app = make_app(shop, login=STAFF)
    assert snap_compare(app, press=["u"], terminal_size=size, run_before=opened(pk))


@SIZES
def test_refund_dialog_code_typed_and_button_focused(
    snap_compare: Any, shop: Store, size: tuple[int, int]
) -> None:
    pk = refund_request(shop)
    tick(shop, pk, "type_matches_comment", "evidence_reviewed", login=SUPERVISOR)
    app = make_app(shop, login=STAFF)
    assert snap_compare(app, press=["u", "tab", *"8269", "tab"], terminal_size=size,
                        run_before=opened(pk))  # fmt: skip


@SIZES
def test_supervisor_override_dialog(snap_compare: Any, shop: Store, size: tuple[int, int]) -> None:
    pk = refund_request(shop, evidence_count=0)
    app = make_app(shop, login=SUPERVISOR)
    assert snap_compare(app, press=["u"], terminal_size=size, run_before=opened(pk))


@SIZES
def test_reject_dialog(snap_compare: Any, shop: Store, size: tuple[int, int]) -> None:
    pk = refund_request(shop)
    tick(shop, pk, "type_matches_comment", login=SUPERVISOR)
    app = make_app(shop, login=STAFF)
    assert snap_compare(app, press=["x", "1", *"82"], terminal_size=size, run_before=opened(pk))


@SIZES
def test_blocked_refund_message_for_staff(
    snap_compare: Any, shop: Store, size: tuple[int, int]
) -> None:
    pk = refund_request(shop, evidence_count=0)
    app = make_app(shop, login=STAFF)
    assert snap_compare(app, press=["u"], terminal_size=size, run_before=opened(pk))


def test_type_mismatch_in_the_detail_and_the_dialog(snap_compare: Any, shop: Store) -> None:
    pk = add_request(shop, buyer_comment="Ukurannya kekecilan, mau tukar ke ukuran L saja.",
                     reason="Produk tidak sesuai deskripsi", buyer_name="Ayu Lestari")  # fmt: skip
    tick(shop, pk, "type_matches_comment", login=SUPERVISOR)
    app = make_app(shop, login=STAFF)
    assert snap_compare(app, press=["x"], terminal_size=SIZE, run_before=opened(pk))


def test_detail_with_type_mismatch(snap_compare: Any, shop: Store) -> None:
    pk = add_request(shop, buyer_comment="Ukurannya kekecilan, mau tukar ke ukuran L saja.",
                     reason="Produk tidak sesuai deskripsi", buyer_name="Ayu Lestari")  # fmt: skip
    app = make_app(shop, login=STAFF)
    assert snap_compare(app, terminal_size=SIZE, run_before=opened(pk))


def test_stale_message(snap_compare: Any, shop: Store) -> None:
    pk = refund_request(shop)
    tick(shop, pk, "type_matches_comment", login=SUPERVISOR)

    async def run_before(pilot: Any) -> None:
        await opened(pk)(pilot)
        await pilot.press("x", "1")
        actions.claim(shop, pk=pk, login=SUPERVISOR, version=2, now=FIXED_NOW)
        await pilot.press(*"8269", "tab", "enter")
        await pilot.pause(0.3)

    app = make_app(shop, login=STAFF)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_not_staff_screen(snap_compare: Any, shop: Store) -> None:
    refund_request(shop)
    app = make_app(shop, login="tamu")  # no buyer data: only whom to ask
    assert snap_compare(app, press=["1", "x"], terminal_size=SIZE, run_before=settled)


@SIZES
def test_inspect_dialog(snap_compare: Any, shop: Store, size: tuple[int, int]) -> None:
    pk = add_request(
        shop,
        kind="return_refund",
        state="received",
        answered=True,
        received_at=FIXED_NOW - timedelta(hours=2),
        responded_at=FIXED_NOW,
        buyer_comment="Tidak mau menyala sama sekali.",
        return_awb="JX1234567890",
    )
    app = make_app(shop, login=STAFF)
    assert snap_compare(app, press=["i"], terminal_size=size, run_before=opened(pk))


@SIZES
def test_resend_dialog_with_awb(snap_compare: Any, shop: Store, size: tuple[int, int]) -> None:
    pk = add_request(shop, kind="resend", state="log_checked",
                     buyer_comment="Isi paket tidak lengkap, kurang satu.")  # fmt: skip
    tick(shop, pk, "type_matches_comment", "warehouse_log_checked", "packing_slip_checked",
         login=SUPERVISOR)  # fmt: skip
    app = make_app(shop, login=STAFF)
    assert snap_compare(app, press=["s", "tab", *"JX0099", "tab", *"826"], terminal_size=size,
                        run_before=opened(pk))  # fmt: skip


@SIZES
def test_checklist_dialog(snap_compare: Any, shop: Store, size: tuple[int, int]) -> None:
    pk = add_request(shop, kind="return_refund")
    tick(shop, pk, "type_matches_comment", login=SUPERVISOR)
    app = make_app(shop, login=STAFF)
    assert snap_compare(app, press=["c", "f"], terminal_size=size, run_before=opened(pk))


@SIZES
def test_note_dialog(snap_compare: Any, shop: Store, size: tuple[int, int]) -> None:
    pk = refund_request(shop)
    app = make_app(shop, login=STAFF)
    assert snap_compare(app, press=["n", *"minta video"], terminal_size=size,
                        run_before=opened(pk))  # fmt: skip


def test_history_screen(snap_compare: Any, shop: Store) -> None:
    pk = refund_request(shop)
    tick(shop, pk, "type_matches_comment", login=SUPERVISOR)
    actions.add_note(shop, pk=pk, text="Minta video unboxing lewat chat", login=STAFF,
                     now=FIXED_NOW)  # fmt: skip
    actions.holding_reply(shop, pk=pk, login=STAFF, now=FIXED_NOW + timedelta(minutes=5))
    version = current(shop, pk).version
    actions.decide(shop, pk=pk, action="refund", login=SUPERVISOR, version=version,
                   now=FIXED_NOW + timedelta(minutes=30), confirmation="8269",
                   override_reason="Video diterima lewat chat, tiket 4471")  # fmt: skip
    app = make_app(shop, login=STAFF)
    assert snap_compare(app, press=["h", "down", "down", "down"], terminal_size=SIZE,
                        run_before=opened(pk))  # fmt: skip


def rejected_request(shop: Store) -> int:
    """A request rejected for one of the platform's reasons, with a note beside it."""
    pk = refund_request(shop)
    version = tick(shop, pk, "type_matches_comment", login=STAFF)
    actions.decide(shop, pk=pk, action="reject", login=STAFF, version=version,
                   now=FIXED_NOW + timedelta(minutes=20), confirmation="8269",
                   reject_reason="right_item_received",
                   note="Video pembeli menunjukkan botol utuh")  # fmt: skip
    return pk


def test_history_of_a_rejected_request(snap_compare: Any, shop: Store) -> None:
    """The reject row names its reason's title and the note; the check its title, not its key."""
    pk = rejected_request(shop)
    app = make_app(shop, login=STAFF)
    assert snap_compare(app, press=["h", "down", "down"], terminal_size=SIZE,
                        run_before=opened(pk))  # fmt: skip


def test_detail_of_a_rejected_request(snap_compare: Any, shop: Store) -> None:
    pk = rejected_request(shop)
    app = make_app(shop, login=STAFF)
    assert snap_compare(app, terminal_size=SIZE, run_before=opened(pk))


def test_detail_after_a_holding_reply(snap_compare: Any, shop: Store) -> None:
    pk = refund_request(shop)
    actions.holding_reply(shop, pk=pk, login=STAFF, now=FIXED_NOW)
    app = make_app(shop, login=STAFF)
    assert snap_compare(app, terminal_size=SIZE, run_before=opened(pk))


@SIZES
def test_refund_dialog_ticking_the_missing_checks(
    snap_compare: Any, shop: Store, size: tuple[int, int]
) -> None:
    pk = refund_request(shop)  # nothing ticked: staff tick the type check in the dialog
    app = make_app(shop, login=STAFF)
    assert snap_compare(app, press=["u", "a"], terminal_size=size, run_before=opened(pk))


@SIZES
def test_approve_return_dialog(snap_compare: Any, shop: Store, size: tuple[int, int]) -> None:
    pk = add_request(shop, kind="return_refund", buyer_comment="Jahitan lepas di lengan.")
    tick(shop, pk, "type_matches_comment", login=SUPERVISOR)
    app = make_app(shop, login=STAFF)
    assert snap_compare(app, press=["a", "tab"], terminal_size=size, run_before=opened(pk))


def holding_dialog(pk: int, typed: str = "") -> Any:
    """The request opened, m pressed and the holding-reply dialog shown (typed into)."""

    async def run_before(pilot: Any) -> None:
        from tui.screens.replies import HoldingReplyDialog

        await opened(pk)(pilot)
        await pilot.press("m")
        for _ in range(50):
            if isinstance(pilot.app.screen, HoldingReplyDialog):
                break
            await pilot.pause(0.05)
        if typed:
            await pilot.press(*typed)
        await pilot.pause(0.1)

    return run_before


@SIZES
def test_holding_reply_dialog(snap_compare: Any, shop: Store, size: tuple[int, int]) -> None:
    pk = refund_request(shop)
    app = make_app(shop, login=STAFF)
    assert snap_compare(app, terminal_size=size, run_before=holding_dialog(pk))


@SIZES
def test_holding_reply_dialog_with_a_conduct_finding(
    snap_compare: Any, shop: Store, size: tuple[int, int]
) -> None:
    pk = refund_request(shop)
    app = make_app(shop, login=STAFF)
    typed = "wa 0812 3456 7890 "
    assert snap_compare(app, terminal_size=size, run_before=holding_dialog(pk, typed))
