"""The logistics claims queue screen: listing, countdown, opening a candidate; snapshots at
80x24 and 120x40 (fixed clock and data)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core import claims_store, staff
from core.claims import ClaimState
from core.db import Store
from core.importer import import_file
from tests.helpers import FIXED_NOW, SIZE, TEST_LOGIN, make_app, settled
from tui.screens.claim import ClaimScreen
from tui.screens.claims import ClaimsScreen

ORDERS = (
    "order_id,sku,status,delivered_at,courier,awb,last_logistics_update_at,logistics_status\n"
    "576900000000005801,MDU-500,in_transit,,J&T Express,JX5801,2026-11-10 12:00,Paket Rusak\n"
    "576900000000005802,KPC-M,in_transit,,SiCepat,SC5802,2026-10-14 12:00,Paket Hilang\n"
    "576900000000005803,MGA-1,in_transit,,JNE,CGK5803,2026-10-01 09:00,Paket Dimusnahkan\n"
    "576900000000005805,MDU-500,in_transit,,Anteraja,AA5805,2026-11-17 10:00,Package lost\n"
)


@pytest.fixture
def shop(store: Store, tmp_path: Path) -> Store:
    staff.ensure_first_supervisor(store, TEST_LOGIN, FIXED_NOW)
    path = tmp_path / "orders.csv"
    path.write_text(ORDERS, encoding="utf-8")
    import_file(store, path, now=FIXED_NOW, actor=TEST_LOGIN)
    claims_store.open_claim(store, marketplace="tiktok_shop", order_id="576900000000005801",
                            scenario="damaged", login=TEST_LOGIN, now=FIXED_NOW)  # fmt: skip
    return store


async def on_claims(pilot: Any) -> None:
    await settled(pilot)
    await pilot.app.push_screen(ClaimsScreen())
    await settled(pilot)


@pytest.mark.parametrize("size", [(80, 24), SIZE])
def test_claims_queue(snap_compare: Any, shop: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(shop), terminal_size=size, run_before=on_claims)


async def test_open_a_candidate_from_the_queue(shop: Store) -> None:
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        await on_claims(pilot)
        screen = app.screen
        assert isinstance(screen, ClaimsScreen)
        assert [r.order_id[-4:] for r in screen.rows] == ["5803", "5802", "5801", "5805"]
        assert not screen.check_action("open_claim", ())  # 5803 has expired
        await pilot.press("down")
        assert screen.check_action("open_claim", ())
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("tab", "enter")  # focus starts on Cancel
        for _round in range(50):  # the claim's own screen opens on the new draft
            await pilot.pause(0.05)
            if isinstance(app.screen, ClaimScreen):
                break
        assert isinstance(app.screen, ClaimScreen)
    row = next(r for r in claims_store.list_claims(shop, FIXED_NOW) if r.order_id.endswith("5802"))
    assert row.state is ClaimState.DRAFT and row.pk is not None


async def test_claim_alarms_in_the_banner_and_acknowledged_with_the_request_alarms(
    shop: Store,
) -> None:
    app = make_app(shop)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert [a.order_id[-4:] for a in app.claim_alarms] == ["5802"]
        assert app.banner is not None and "576900000000005802" in app.banner.plain
        await pilot.press("exclamation_mark")
        await settled(pilot)
        assert app.claim_alarms == []
        assert app.banner is None or "576900000000005802" not in app.banner.plain
    assert claims_store.alarms(shop, FIXED_NOW) == []
