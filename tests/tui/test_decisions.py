"""Deciding from the keyboard: no stray, repeated or wrong key completes an action."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from textual.widgets import Static, TextArea

from core import actions, staff
from core.db import Store
from core.models import AuditEvent, Request
from tests.core.test_actions import add_request, current, tick
from tests.helpers import FIXED_NOW, SIZE, TEST_LOGIN, make_app, settled
from tui.screens.detail import DetailScreen
from tui.screens.dialogs import ChecklistDialog, DecisionDialog, MessageDialog
from tui.screens.not_staff import NotStaffScreen
from tui.screens.queue import QueueScreen
from tui.screens.replies import HoldingReplyDialog


@pytest.fixture
def shop(store: Store) -> Store:
    staff.ensure_first_supervisor(store, "dewi", FIXED_NOW)
    staff.add(store, login=TEST_LOGIN, name="Tester", role="staff", by="dewi", now=FIXED_NOW)
    return store


async def open_detail(pilot: Any, pk: int) -> DetailScreen:
    await settled(pilot)
    screen = DetailScreen(pk)
    await pilot.app.push_screen(screen)
    await settled(pilot)
    return screen


def ready_refund(store: Store) -> int:
    pk = add_request(store)
    tick(store, pk, "type_matches_comment", "evidence_reviewed", login="dewi")
    return pk


def trail(store: Store) -> list[str]:
    with store.read() as session:
        return list(session.execute(select(AuditEvent.action).order_by(AuditEvent.id)).scalars())


@pytest.mark.parametrize(
    "keys",
    [
        ["u", "u", "u", "u"],  # the action key held down
        ["u", "enter", "enter", "enter"],  # Enter held: lands on Cancel
        ["u", "space"],  # Space on Cancel
        ["u", "escape", "u", "b"],  # Escape and the letter cancel
        ["u", "tab", "enter"],  # Tab reaches the code field, not the button
        ["u", "tab", "1", "2", "3", "4", "tab", "tab", "enter"],  # wrong last characters
        ["u", "tab", "8", "2", "6", "9", "enter", "enter"],  # Enter in the field never confirms
        ["x", "x", "u", "enter", "u"],  # refund and reject keys mixed up
    ],
)
async def test_wrong_repeated_or_stray_keys_never_refund(shop: Store, keys: list[str]) -> None:
    pk = ready_refund(shop)
    before = trail(shop)
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, pk)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await settled(pilot)
    row = current(shop, pk)
    assert (row.state, row.is_open) == ("new", True)
    assert trail(shop) == before


async def test_refund_needs_the_code_then_tab_to_the_button_then_enter(shop: Store) -> None:
    pk = ready_refund(shop)
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, pk)
        await pilot.press("u")
        dialog = app.screen
        assert isinstance(dialog, DecisionDialog)
        assert dialog.focused is not None and dialog.focused.id == "cancel"
        await pilot.press("tab", *"8269")
        assert dialog.query_one("#confirm").disabled is False
        await pilot.press("tab")  # right after the code: the action button
        assert dialog.focused.id == "confirm"
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, DetailScreen)
    row = current(shop, pk)
    assert (row.state, row.claimed_by) == ("refunded", TEST_LOGIN)
    assert trail(shop)[-1] == "refund"


async def test_reject_takes_a_reason_and_the_code_and_looks_unlike_refund(shop: Store) -> None:
    pk = add_request(shop)
    tick(shop, pk, "type_matches_comment", login="dewi")
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, pk)
        await pilot.press("x")
        dialog = app.screen
        assert isinstance(dialog, DecisionDialog)
        assert "reject" in dialog.query_one("#dialog").classes
        await pilot.press("tab", "enter")  # the reported `x` Tab Enter: nothing happens
        await settled(pilot)
        assert current(shop, pk).state == "new"
        await pilot.press("x", "tab", "tab", *"8269", "tab", "enter")  # a code, no reason
        await settled(pilot)
        assert current(shop, pk).state == "new"
        assert isinstance(app.screen, DetailScreen)  # Tab skipped the disabled button
        await pilot.press("x", "1")  # the reason: the focus moves to the code
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DecisionDialog) and dialog.focused.id == "code"
        said = str(dialog.query_one("#code-state", Static).render())
        assert "ketik 4 karakter sekarang" in said  # the move is said where it happened
        await pilot.press(*"8269", "tab", "enter")
        await settled(pilot)
    assert current(shop, pk).state == "rejected"
    with shop.read() as session:
        event = session.execute(select(AuditEvent).order_by(AuditEvent.id.desc())).scalar()
    assert event.action == "reject"
    assert json.loads(event.detail)["reject_reason"] == "right_item_received"


async def test_a_wrong_code_says_it_is_wrong(shop: Store) -> None:
    pk = add_request(shop)
    tick(shop, pk, "type_matches_comment", login="dewi")
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, pk)
        await pilot.press("x", "2", *"1234")
        dialog = app.screen
        state = str(dialog.query_one("#code-state", Static).render())
        assert "1234" in state and "570000000001" in state  # names what is wrong, and why
        assert dialog.query_one("#confirm").disabled is True
        await pilot.press("tab", "enter")  # the button is disabled: Tab goes to Cancel
        await settled(pilot)
    assert current(shop, pk).state == "new"


async def test_another_reason_needs_a_note_recorded_with_it(shop: Store) -> None:
    pk = add_request(shop)
    tick(shop, pk, "type_matches_comment", login="dewi")
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, pk)
        await pilot.press("x", "4")  # another reason: the focus moves to the note
        dialog = app.screen
        assert dialog.focused.id == "note"
        await pilot.press("tab", *"8269")
        assert dialog.query_one("#confirm").disabled is True  # no note yet
        await pilot.press("tab", "tab", *"sudah dikirim ulang", "tab", "tab", "enter")
        await settled(pilot)
    assert current(shop, pk).state == "rejected"
    with shop.read() as session:
        event = session.execute(select(AuditEvent).order_by(AuditEvent.id.desc())).scalar()
    detail = json.loads(event.detail)
    assert (detail["reject_reason"], detail["note"]) == ("other", "sudah dikirim ulang")


async def test_staff_see_which_checks_block_an_action(shop: Store) -> None:
    pk = add_request(shop, evidence_count=0)
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, pk)
        await pilot.press("u")
        assert isinstance(app.screen, MessageDialog)
        body = str(app.screen.body)
        assert "Jenis permintaan sudah dicocokkan" in body
        assert "Pembeli melampirkan bukti" in body
        await pilot.press("enter")
        assert isinstance(app.screen, DetailScreen)
    assert current(shop, pk).state == "new"


async def test_a_change_from_another_terminal_is_refused_and_reloaded(shop: Store) -> None:
    pk = add_request(shop)
    tick(shop, pk, "type_matches_comment", login="dewi")
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, pk)
        shown = screen.detail.row.version
        await pilot.press("x", "1")  # the dialog shows version `shown`
        actions.add_note(shop, pk=pk, text="catatan", login="dewi", now=FIXED_NOW)  # a change
        await pilot.press(*"8269", "tab", "enter")
        await settled(pilot)
        assert isinstance(app.screen, MessageDialog)
        assert "dewi" in str(app.screen.body)
        await pilot.press("escape")
        assert screen.detail.row.version == shown + 1  # shown again as it is now
    assert current(shop, pk).state == "new"


async def test_holding_reply_is_recorded_and_the_deadline_stays(shop: Store) -> None:
    pk = add_request(shop)
    deadline = current(shop, pk).respond_by
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, pk)
        await pilot.press("m")
        await settled(pilot)
        assert isinstance(app.screen, HoldingReplyDialog)
        start = app.screen.query_one(TextArea).text
        assert "sedang memproses" in start and current(shop, pk).order_id in start
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert screen.detail.holding_reply_at == FIXED_NOW
        assert app.clipboard == start
    row = current(shop, pk)
    assert row.respond_by == deadline and not row.answered


async def test_a_holding_reply_breaking_a_conduct_rule_is_neither_copied_nor_recorded(
    shop: Store,
) -> None:
    pk = add_request(shop)
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, pk)
        await pilot.press("m")
        await settled(pilot)
        dialog = app.screen
        assert isinstance(dialog, HoldingReplyDialog)
        dialog.query_one(TextArea).load_text("Sabar kak, wa aja ke 0812 3456 7890 ya")
        await settled(pilot)
        shown = str(dialog.query_one("#findings", Static).render())
        assert "0812 3456 7890" in shown and "contact" in shown
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert app.screen is dialog  # refused: still open, nothing copied
        assert app.clipboard == ""
        dialog.query_one(TextArea).load_text("Sabar ya kak, sedang kami cek ke gudang")
        await settled(pilot)
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert not isinstance(app.screen, HoldingReplyDialog)
        assert app.clipboard == "Sabar ya kak, sedang kami cek ke gudang"
    assert current(shop, pk).holding_reply_at == FIXED_NOW
    with shop.read() as session:
        last = session.execute(select(AuditEvent).order_by(AuditEvent.id.desc())).scalars().first()
    assert last is not None and last.action == "holding_reply"
    assert json.loads(last.detail)["text"] == "Sabar ya kak, sedang kami cek ke gudang"


async def test_checklist_letters_tick_and_untick(shop: Store) -> None:
    pk = add_request(shop)
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, pk)
        await pilot.press("c")
        assert isinstance(app.screen, ChecklistDialog)
        await pilot.press("a", "s", "a")
        await pilot.press("escape")
        await settled(pilot)
    assert trail(shop)[-3:] == ["check", "check", "uncheck"]


async def test_the_receipt_check_has_no_letter_before_the_parcel_is_received(shop: Store) -> None:
    """Receipt and inspection are recorded by doing them (core.guards.RECORDED): their
    letters tick nothing, the others keep theirs."""
    pk = add_request(shop, kind="return_refund")
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, pk)
        await pilot.press("c")
        assert isinstance(app.screen, ChecklistDialog)
        await pilot.press("s", "d", "f")  # receipt, condition: nothing; unboxing video: ticked
        await settled(pilot)
        await pilot.press("escape")
        await settled(pilot)
    assert trail(shop)[-1:] == ["check"] and trail(shop).count("check") == 1
    assert current(shop, pk).received_at is None


async def test_take_next_claims_the_most_urgent_and_opens_it(shop: Store) -> None:
    add_request(shop, number=1, respond_by=FIXED_NOW + timedelta(hours=20))
    urgent = add_request(shop, number=2, respond_by=FIXED_NOW + timedelta(hours=1))
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("1")
        await settled(pilot)
        assert isinstance(app.screen, QueueScreen)
        await pilot.press("t")
        await settled(pilot)
        assert isinstance(app.screen, DetailScreen) and app.screen.pk == urgent
    assert current(shop, urgent).claimed_by == TEST_LOGIN


async def test_a_busy_store_when_taking_the_next_request_is_said_not_raised(
    shop: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another terminal holds the write lock: the clerk reads why, nothing was claimed."""
    from core.errors import Busy

    pk = add_request(shop, number=1, respond_by=FIXED_NOW + timedelta(hours=2))

    def busy(*_args: Any, **_kwargs: Any) -> None:
        raise Busy("the database is busy", "busy")

    monkeypatch.setattr(actions, "take_next", busy)
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("1")
        await settled(pilot)
        await pilot.press("t")
        await settled(pilot)
        assert isinstance(app.screen, MessageDialog)
        shown = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "the database is busy" in shown
    assert current(shop, pk).claimed_by is None


async def test_a_login_that_is_not_staff_sees_no_buyer_data_and_cannot_act(shop: Store) -> None:
    pk = add_request(shop, buyer_name="Siti Rahma")
    tick(shop, pk, "type_matches_comment", login="dewi")
    app = make_app(shop, login="tamu")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert isinstance(app.screen, NotStaffScreen)
        for key in ("1", "5", "7", "d", "x", "escape", "b"):
            await pilot.press(key)
            await settled(pilot)
            assert isinstance(app.screen, NotStaffScreen)
        shown = app.screen.query_one(Static).parent
        text = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "purna staff add tamu" in text and "Siti" not in text and shown is not None
    assert current(shop, pk).state == "new"


async def test_only_the_keys_this_state_allows_are_offered(shop: Store) -> None:
    pk = add_request(shop, kind="return_refund")
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, pk)
        offered = {b.binding.action for b in screen.active_bindings.values()}
        assert "decide('approve_return')" in offered and "decide('reject')" in offered
        assert "decide('refund')" not in offered  # no refund before the parcel is back
        await pilot.press("u")
        assert app.screen is screen
    with shop.read() as session:
        assert session.get(Request, pk).state == "new"


async def press_counted(pilot: Any, keys: list[str]) -> None:
    for key in keys:
        await pilot.press(key)
        await settled(pilot)


async def test_refunding_the_most_urgent_refund_takes_7_keys_and_the_code(shop: Store) -> None:
    """Issue 10 point 3: from the dashboard, at most 7 keys plus the 4 typed characters,
    ticking the two missing checks inside the dialog."""
    add_request(shop, number=1, respond_by=FIXED_NOW + timedelta(hours=20))
    urgent = add_request(shop, number=2, respond_by=FIXED_NOW + timedelta(hours=1))
    keys = ["1", "enter", "u", "a", "s"]  # queue, most urgent, refund, tick type, tick evidence
    then = ["tab", "enter"]  # after the code: the button, Enter
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await press_counted(pilot, keys)
        assert app.screen.focused is not None and app.screen.focused.id == "code"
        await press_counted(pilot, list("8269"))
        await press_counted(pilot, then)
        assert isinstance(app.screen, DetailScreen) and app.screen.pk == urgent
    assert len(keys) + len(then) == 7
    assert current(shop, urgent).state == "refunded"
    assert trail(shop)[-3:] == ["check", "check", "refund"]


async def test_a_supervisor_ticking_checks_never_types_their_letters_into_a_field(
    store: Store,
) -> None:
    """A supervisor may override, but the check letters tick checks: after `a` the focus
    stays on the checks, so `s` ticks the second one instead of typing into the reason."""
    staff.ensure_first_supervisor(store, "dewi", FIXED_NOW)
    staff.add(store, login=TEST_LOGIN, name="Tester", role="supervisor", by="dewi",
              now=FIXED_NOW)  # fmt: skip
    urgent = add_request(store, number=2, respond_by=FIXED_NOW + timedelta(hours=1))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await press_counted(pilot, ["1", "enter", "u", "a", "s"])
        assert app.screen.focused is not None and app.screen.focused.id == "code"
        await press_counted(pilot, [*"8269", "tab", "enter"])
    assert current(store, urgent).state == "refunded"
    assert trail(store)[-3:] == ["check", "check", "refund"]  # ticked, not overridden


async def test_rejecting_a_return_takes_6_keys_a_reason_and_the_code(shop: Store) -> None:
    """Issue 10 point 3: at most 7 keys plus a reason choice (and the typed code)."""
    pk = add_request(shop, kind="return_refund")
    keys = ["2", "enter", "x", "a"]  # queue, the request, reject, tick the type check
    reason = ["1"]
    then = ["tab", "enter"]
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await press_counted(pilot, keys + reason)
        assert app.screen.focused is not None and app.screen.focused.id == "code"
        await press_counted(pilot, list("8269"))
        await press_counted(pilot, then)
    assert len(keys) + len(then) == 6
    assert current(shop, pk).state == "rejected"


async def test_a_blocked_dialog_names_only_what_blocks_it(shop: Store) -> None:
    pk = add_request(shop, kind="return_refund")  # approving needs the type check only
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, pk)
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, DecisionDialog)
        checks = str(dialog.query_one("#checks", Static).render())
        assert "Jenis permintaan" in checks
        assert "video unboxing" not in checks.lower()  # unticked, but it blocks nothing
        assert dialog.query_one("#confirm").disabled is True
    assert current(shop, pk).state == "new"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_decision_dialog_is_centred_and_its_focus_on_screen(
    shop: Store, size: tuple[int, int]
) -> None:
    pk = add_request(shop)
    app = make_app(shop, login="dewi")  # a supervisor: the tallest dialog, with an override
    async with app.run_test(size=size) as pilot:
        await open_detail(pilot, pk)
        await pilot.press("u")
        dialog = app.screen
        box = dialog.query_one("#dialog").region
        width, height = size
        assert box.right <= width and box.bottom <= height
        assert abs(box.x - (width - box.right)) <= 1  # centred
        for key in ("tab", "tab", "tab"):
            await pilot.press(key)
            focused = dialog.focused
            assert focused is not None
            assert dialog.query_one("#dialog").region.contains_region(focused.region)


async def test_holding_reply_on_an_answered_request_promises_no_deadline(shop: Store) -> None:
    pk = add_request(shop, kind="return_refund", state="return_approved", answered=True,
                     responded_at=FIXED_NOW, respond_by=FIXED_NOW - timedelta(hours=12))  # fmt: skip
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, pk)
        await pilot.press("m")
        await settled(pilot)
        await pilot.press("ctrl+s")
        await settled(pilot)
        said = " ".join(str(n.message) for n in app._notifications)
    assert "sudah dijawab" in said.lower() or "already answered" in said.lower()
    assert "sebelum" not in said.lower()


async def test_a_wrong_code_is_named_and_never_records(shop: Store) -> None:
    urgent = add_request(shop, number=2, respond_by=FIXED_NOW + timedelta(hours=1))
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await press_counted(pilot, ["1", "enter", "u", "a", "s", *"0000"])
        dialog = app.screen
        assert isinstance(dialog, DecisionDialog)
        assert "0000" in dialog._code_state().plain  # it says the code is wrong
        await press_counted(pilot, ["tab", "enter"])  # the button cannot take a wrong code
    assert current(shop, urgent).state != "refunded"
    assert "refund" not in trail(shop)


async def test_no_holding_reply_is_offered_for_an_auto_approved_request(shop: Store) -> None:
    """Core refuses a holding reply once the platform approved the request on its own: the
    footer does not offer m, and pressing it writes nothing."""
    pk = add_request(shop, respond_by=FIXED_NOW - timedelta(hours=1))  # platform approved it
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, pk)
        assert not screen.check_action("holding_reply", ())
        assert screen.check_action("checklist", ())  # set_check still takes a tick
        offered = {b.binding.action for b in screen.active_bindings.values()}
        assert "holding_reply" not in offered and "checklist" in offered
        await pilot.press("m")
        await settled(pilot)
        assert app.screen is screen
    assert current(shop, pk).holding_reply_at is None
