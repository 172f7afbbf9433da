"""The rules screen (`p` on the dashboard) at 80x24 and 120x40, for a supervisor and for staff."""

from __future__ import annotations

from typing import Any

import pytest

from core.db import Store
from tests.helpers import SIZE, make_app, settled


@pytest.mark.parametrize("size", [(80, 24), SIZE], ids=["80x24", "120x40"])
def test_policy_screen_for_a_supervisor(
    snap_compare: Any, demo_store: Store, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(demo_store), press=["p"], terminal_size=size, run_before=settled)


def test_policy_screen_for_staff_has_no_sources(snap_compare: Any, demo_store: Store) -> None:
    app = make_app(demo_store, login="agus")  # staff in the demo shop
    assert snap_compare(app, press=["p"], terminal_size=(80, 24), run_before=settled)
