"""The receiving and shelf screens, fed like a barcode scanner: characters, then Enter, fast."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from core import receiving, settings, shelf, staff
from core.db import Store
from tests.core.test_actions import add_request, current
from tests.helpers import FIXED_NOW, SIZE, make_app, settled
from tui.screens.dialogs import ChooseDialog, PromptDialog
from tui.screens.help import HelpScreen
from tui.screens.inspection import InspectionDialog
from tui.screens.receiving import ReceivingScreen
from tui.screens.shelf import ShelfScreen

LOGIN = "agus"


@pytest.fixture
def shop(store: Store, tmp_path: Path) -> Store:
    return warehouse(store, tmp_path)


def warehouse(store: Store, tmp_path: Path) -> Store:
    """Staff, two return locations, one in quarantine, labels into `tmp_path`."""
    staff.ensure_first_supervisor(store, "dewi", FIXED_NOW)
    staff.add(store, login=LOGIN, name="Agus Saputra", role="staff", by="dewi", now=FIXED_NOW)
    for code in ("RTR-A-01", "RTR-A-02"):
        shelf.add_location(store, code, "return", by="dewi", now=FIXED_NOW)
    shelf.add_location(store, "KRT-01", "quarantine", by="dewi", now=FIXED_NOW)
    settings.change(store, "label_dir", str(tmp_path / "labels"), by="dewi", now=FIXED_NOW)
    return store


def approved(shop: Store, number: int = 1, **extra: Any) -> int:
    values: dict[str, Any] = {
        "state": "return_approved", "answered": True, "return_awb": f"JX00{number}",
        "responded_at": FIXED_NOW - timedelta(hours=20), "sku": "KPC30S-HTM-L",
        "buyer_name": "Siti Rahma", "buyer_comment": "Jahitan lepas di lengan.",
        "product_name": "Kaos Polos Cotton Combed 30s", "reason": "Produk cacat",
    }  # fmt: skip
    values.update(extra)
    return add_request(shop, kind="return_refund", number=number, **values)


async def scan(pilot: Any, code: str) -> None:
    """What a scanner does: every character at once, then Enter, no pauses between."""
    await pilot.press(*code, "enter")
    await pilot.pause()


async def open_receiving(pilot: Any) -> ReceivingScreen:
    await settled(pilot)
    await pilot.press("5")
    await settled(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReceivingScreen)
    assert screen.scan.has_focus  # the cursor waits in the scan field
    return screen


async def test_scan_shows_the_request_and_ctrl_r_receives_it(shop: Store, tmp_path: Path) -> None:
    pk = approved(shop)
    app = make_app(shop, login=LOGIN)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_receiving(pilot)
        await scan(pilot, "jx001")
        assert screen.detail is not None and screen.detail.row.pk == pk
        assert screen.scan.value == "" and screen.scan.has_focus
        await pilot.press("ctrl+r")
        await settled(pilot)
        assert screen.detail.row.state.value == "received"
    row = current(shop, pk)
    assert (row.state, row.received_at, row.claimed_by) == ("received", FIXED_NOW, LOGIN)
    assert [e.location for e in shelf.contents(shop)] == ["RTR-A-01"]
    written = sorted(p.name for p in (tmp_path / "labels").iterdir())
    assert written == [f"{row.request_id}-1.txt", f"{row.request_id}-1.zpl"]


async def test_letters_of_a_scan_never_act(shop: Store) -> None:
    pk = approved(shop, 1, return_awb="RXUTPGO-1")  # letters that are keys elsewhere
    app = make_app(shop, login=LOGIN)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_receiving(pilot)
        await scan(pilot, "RXUTPGO-1")
        await scan(pilot, "RXUTPGO-1")  # scanned twice in a row
        await settled(pilot)
        assert isinstance(app.screen, ReceivingScreen)
        assert screen.detail is not None and screen.detail.row.pk == pk
    assert current(shop, pk).state == "return_approved"


async def test_digits_and_question_mark_in_the_scan_field(shop: Store) -> None:
    app = make_app(shop, login=LOGIN)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_receiving(pilot)
        await pilot.press("1", "2", "3", "4")  # queue keys elsewhere: here part of a code
        assert isinstance(app.screen, ReceivingScreen) and screen.scan.value == "1234"
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert screen.scan.value == "1234"


async def test_unknown_code_can_be_recorded_as_an_unmatched_parcel(shop: Store) -> None:
    app = make_app(shop, login=LOGIN)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_receiving(pilot)
        await scan(pilot, "SPX-404")
        assert screen.found is not None and not screen.found.requests
        await pilot.press("ctrl+t")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"isi kaos", "enter")  # the note field has the focus and takes Enter
        await settled(pilot)
        assert isinstance(app.screen, ReceivingScreen)
    [parcel] = receiving.unmatched(shop)
    assert (parcel.code, parcel.location, parcel.note) == ("SPX-404", "KRT-01", "isi kaos")


async def test_a_code_matching_several_requests_asks_which(shop: Store) -> None:
    first = approved(shop, 1, order_id="5799")
    second = approved(shop, 2, order_id="5799")
    app = make_app(shop, login=LOGIN)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_receiving(pilot)
        await scan(pilot, "5799")
        assert isinstance(app.screen, ChooseDialog)
        await pilot.press("down", "enter")
        await settled(pilot)
        assert screen.detail is not None and screen.detail.row.pk in {first, second}
        chosen = screen.detail.row.pk
        assert screen.scan.has_focus
    assert chosen == second


async def test_matching_a_waiting_parcel_then_receiving_it(shop: Store) -> None:
    receiving.record_unmatched(shop, code="BOX-77", note="", login=LOGIN, now=FIXED_NOW)
    pk = approved(shop, 3)
    request_id = current(shop, pk).request_id
    app = make_app(shop, login=LOGIN)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_receiving(pilot)
        await scan(pilot, "BOX-77")
        assert screen.parcel is not None
        await pilot.press("ctrl+g")
        # the field has the focus; Tab, Tab reach Find (Enter in the field only moves on)
        await pilot.press(*request_id, "tab", "tab", "enter")
        await settled(pilot)
        assert screen.detail is not None and screen.detail.row.pk == pk
        await pilot.press("ctrl+r")
        await settled(pilot)
    assert receiving.unmatched(shop) == []
    assert [(e.reference, e.location) for e in shelf.contents(shop)] == [(request_id, "KRT-01")]


async def test_inspection_from_the_scan_screen(shop: Store) -> None:
    pk = approved(shop)
    receiving.confirm_receipt(shop, pk=pk, login=LOGIN, version=1, now=FIXED_NOW)
    app = make_app(shop, login=LOGIN)
    async with app.run_test(size=SIZE) as pilot:
        await open_receiving(pilot)
        await scan(pilot, "JX001")
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, InspectionDialog)
        await pilot.press("3")  # the one item: wrong item; the focus moves to Save
        await pilot.press("tab", *"isi kaos putih", "tab", *"IMG_1.jpg, VID_2.mp4")
        await pilot.press("tab", "tab", "tab", "enter")
        await settled(pilot)
    row = current(shop, pk)
    assert (row.state, row.inspection, row.inspection_note) == ("inspected", "wrong_item",
                                                                "isi kaos putih")  # fmt: skip
    assert [e.location for e in shelf.contents(shop)] == ["KRT-01"]


async def test_the_common_inspection_is_three_keys_from_the_scan(shop: Store) -> None:
    pk = approved(shop)
    receiving.confirm_receipt(shop, pk=pk, login=LOGIN, version=1, now=FIXED_NOW)
    app = make_app(shop, login=LOGIN)
    async with app.run_test(size=SIZE) as pilot:
        await open_receiving(pilot)
        await scan(pilot, "JX001")
        await pilot.press("ctrl+p", "a", "enter")  # open, every item as described, save
        await settled(pilot)
    assert (current(shop, pk).state, current(shop, pk).inspection) == ("inspected", "as_described")


async def test_shelf_restock_and_a_faulty_item_that_cannot_be(shop: Store) -> None:
    good, bad = approved(shop, 1), approved(shop, 2)
    for pk, condition in ((good, "as_described"), (bad, "damaged")):
        version = receiving.confirm_receipt(shop, pk=pk, login=LOGIN, version=1,
                                            now=FIXED_NOW).version  # fmt: skip
        receiving.inspect(shop, pk=pk, condition=condition, note="", evidence=[], login=LOGIN,
                          version=version, now=FIXED_NOW)  # fmt: skip
    app = make_app(shop, login=LOGIN)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("6")
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, ShelfScreen)
        assert [e.location for e in screen.entries] == ["KRT-01", "RTR-A-01"]
        await pilot.press("r")  # first row: damaged, in quarantine
        assert app.screen is screen  # no restock offered
        await pilot.press("j", "r")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press("enter")  # Enter on Cancel: nothing
        await settled(pilot)
        assert len(screen.entries) == 2
        await pilot.press("r", "tab", "enter")
        await settled(pilot)
        assert [e.location for e in screen.entries] == ["KRT-01"]


async def test_receipt_from_the_request_screen_also_shelves_and_labels(
    shop: Store, tmp_path: Path
) -> None:
    from tui.screens.detail import DetailScreen

    pk = approved(shop)
    app = make_app(shop, login=LOGIN)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await app.push_screen(DetailScreen(pk))
        await settled(pilot)
        await pilot.press("p", "tab", "enter")  # confirm receipt through its dialog
        await settled(pilot)
    assert current(shop, pk).state == "received"
    assert [e.location for e in shelf.contents(shop)] == ["RTR-A-01"]
    assert len(list((tmp_path / "labels").iterdir())) == 2


async def test_a_held_enter_in_a_prompt_field_never_confirms(shop: Store) -> None:
    """Matching a parcel is a step: Enter in its field moves on to Cancel, so Enter held
    down after typing a code cancels instead of matching."""
    from core import receiving

    receiving.record_unmatched(shop, code="BOX-88", note="", login=LOGIN, now=FIXED_NOW)
    request_id = current(shop, approved(shop, 3)).request_id
    app = make_app(shop, login=LOGIN)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_receiving(pilot)
        await scan(pilot, "BOX-88")
        assert screen.parcel is not None
        await pilot.press("ctrl+g", *request_id, "enter", "enter", "enter")
        await settled(pilot)
        assert app.screen is screen and screen.parcel is not None  # still unmatched
    assert [p.code for p in receiving.unmatched(shop)] == ["BOX-88"]
