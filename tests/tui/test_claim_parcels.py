"""Unmatched parcels on the claims screens: listed by their code as candidates, opened as a
claim, their order id typed on the claim (o), `purna claims --json`; snapshots at 80x24
and 120x40 (fixed clock and data)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from core import claims_store, receiving, shelf, staff
from core.claims import ClaimState, Scenario
from core.db import Store
from core.identity import current_login
from tests.helpers import FIXED_NOW, SIZE, TEST_LOGIN, make_app, settled
from tests.tui.test_claim_screen import MP, confirm, on_claim, shop, type_into
from tui.cli import main
from tui.screens.claim import ClaimScreen
from tui.screens.claims import ClaimsScreen
from tui.screens.dialogs import MessageDialog

__all__ = ["shop"]  # the claim screens' shop, with a parcel added here
CODE = "JX-RETUR-0042"


@pytest.fixture
def desk(shop: Store) -> Store:
    shelf.add_location(shop, "KRT-01", "quarantine", by=TEST_LOGIN, now=FIXED_NOW)
    receiving.record_unmatched(shop, code=CODE, note="tanpa label", login=TEST_LOGIN,
                               now=FIXED_NOW - timedelta(hours=3))  # fmt: skip
    return shop


def parcel_claim(store: Store) -> int:
    [row] = [r for r in claims_store.list_claims(store, FIXED_NOW) if r.parcel_pk]
    return claims_store.open_parcel_claim(store, parcel_pk=row.parcel_pk or 0, login=TEST_LOGIN,
                                          now=FIXED_NOW)  # fmt: skip


async def on_queue(pilot: Any) -> None:
    await settled(pilot)
    await pilot.press("9")
    await settled(pilot)


@pytest.mark.parametrize("size", [(80, 24), SIZE])
def test_queue_with_a_parcel_candidate(
    snap_compare: Any, desk: Store, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(desk), terminal_size=size, run_before=on_queue)


@pytest.mark.parametrize("size", [(80, 24), SIZE])
def test_parcel_claim_screen(snap_compare: Any, desk: Store, size: tuple[int, int]) -> None:
    pk = parcel_claim(desk)
    assert snap_compare(make_app(desk), terminal_size=size, run_before=on_claim(pk))


async def test_open_a_parcel_candidate_then_type_its_order_id(desk: Store) -> None:
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_queue(pilot)
        queue = app.screen
        assert isinstance(queue, ClaimsScreen)
        index = next(n for n, r in enumerate(queue.rows) if r.parcel_pk is not None)
        assert CODE in queue.rows[index].label
        for _step in range(index):
            await pilot.press("down")
        assert queue.check_action("open_claim", ())
        await pilot.press("enter")
        await settled(pilot)
        await confirm(pilot)  # the "open a claim on parcel ..." dialog
        screen = app.screen
        assert isinstance(screen, ClaimScreen) and screen.detail is not None
        assert screen.detail.row.needs_order and screen.check_action("order", ())
        await pilot.press("t")  # filing waits for the order id, and says so
        await settled(pilot)
        await pilot.press("enter")  # "Mark filed"
        await settled(pilot)
        assert isinstance(app.screen, MessageDialog)
        await pilot.press("escape")
        await settled(pilot)
        await pilot.press("o")
        await settled(pilot)
        await type_into(pilot, "576900000000005801")  # in the store: its marketplace is known
        await confirm(pilot)
        assert app.screen is screen and screen.detail is not None
        row = screen.detail.row
        assert (row.order_id, row.marketplace, row.awb) == ("576900000000005801", MP, CODE)
        assert not screen.check_action("order", ())
    [claim] = [r for r in claims_store.list_claims(desk, FIXED_NOW) if r.parcel_pk]
    assert (claim.state, claim.scenario) == (ClaimState.DRAFT, Scenario.WRONG_ITEM_RETURNED)


async def test_a_refused_open_is_a_message_not_a_traceback(desk: Store) -> None:
    app = make_app(desk)
    async with app.run_test(size=SIZE) as pilot:
        await on_queue(pilot)
        queue = app.screen
        assert isinstance(queue, ClaimsScreen)
        index = next(n for n, r in enumerate(queue.rows) if r.parcel_pk is not None)
        for _step in range(index):
            await pilot.press("down")
        parcel_claim(desk)  # another terminal opened it meanwhile
        await pilot.press("enter")
        await settled(pilot)
        await confirm(pilot)
        assert isinstance(app.screen, MessageDialog)
        assert isinstance(app.screen_stack[-2], ClaimsScreen)


def test_claims_json_lists_the_parcel_with_no_order_id(
    desk: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PURNA_NOW", FIXED_NOW.isoformat())
    if current_login() != TEST_LOGIN:  # the command acts as the OS account
        staff.add(desk, login=current_login(), name="Operator", role="staff", by=TEST_LOGIN,
                  now=FIXED_NOW)  # fmt: skip
    assert main(["claims", "--json", "--db", desk.url]) == 0
    items = json.loads(capsys.readouterr().out)
    [found] = [i for i in items if i["parcel_id"] is not None]
    assert (found["order_id"], found["awb"], found["scenario"], found["state"]) == (
        None, CODE, "wrong_item_returned", "candidate",
    )  # fmt: skip
    assert found["file_by"] == "2026-12-31" and found["last_update"] == "2026-11-22T00:00:00Z"
    assert main(["claims", "--db", desk.url]) == 0
    assert CODE in capsys.readouterr().out
