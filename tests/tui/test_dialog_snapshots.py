"""Every dialog not pictured elsewhere, opened from the keyboard on the demo shop, at 80x24
and at 120x40: the whole dialog, its focused control and its buttons are on screen."""

from __future__ import annotations

from typing import Any

import pytest
from textual.screen import ModalScreen

from core.db import Store
from tests.helpers import SIZE, make_app, settled

SIZES = pytest.mark.parametrize("size", [(80, 24), SIZE], ids=["80x24", "120x40"])

# name: the keys from the dashboard that open the dialog (the demo's login is a supervisor)
DIALOGS: dict[str, list[str]] = {
    "handover_notes": ["7", "w"],
    "handover_hand_over": ["7", "s"],
    "handover_assign_pic": ["7", "i"],
    "shelf_restock": ["6", *["down"] * 6, "r"],  # the 7th item came back as described
    "shelf_dispose": ["6", "x"],
    "shelf_move": ["6", "m"],
    "receiving_unmatched_parcel": ["5", *"ZZ-404", "enter", "ctrl+t"],
    "claims_by_hand": ["9", "n"],
    "claims_bulk": ["9", "x"],
    "claims_open_candidate": ["9", "enter"],
    "claim_amount": ["9", "enter", "tab", "enter", "m"],
    "metrics_classify": ["n", "r"],
    "reviews_category": ["0", "c"],
    "weekly_export": ["w", "x"],
    "template_delete": ["e", "x"],
    "chat_mark": ["c", "enter", "m"],
    "reviews_follow_up_note": ["0", "f", "enter"],
    "help": ["?"],
}


@SIZES
@pytest.mark.parametrize("name", list(DIALOGS))
def test_dialog(snap_compare: Any, demo_store: Store, name: str, size: tuple[int, int]) -> None:
    keys = DIALOGS[name]

    async def run(pilot: Any) -> None:
        await settled(pilot)
        for key in keys:
            await pilot.press(key)
            await settled(pilot)
        assert isinstance(pilot.app.screen, ModalScreen), f"{name}: no dialog after {keys}"

    assert snap_compare(make_app(demo_store), terminal_size=size, run_before=run)
