"""A terminal that goes away without SIGHUP (a wrapper swallowed it): Purna notices the
hang-up and ends, instead of spinning on end-of-file with its connection open."""

from __future__ import annotations

import os
import pty
import time

from core.db import Store
from tests.helpers import SIZE, make_app, settled
from tui.terminal import hung_up


def test_a_closed_pseudo_terminal_reads_as_hung_up() -> None:
    master, slave = pty.openpty()
    try:
        assert not hung_up(slave)
        os.close(master)  # the SSH server's side closes: the link dropped
        assert hung_up(slave)
    finally:
        os.close(slave)
    assert hung_up(slave)  # a closed descriptor is gone too


async def test_the_app_ends_itself_when_its_terminal_hangs_up(demo_store: Store) -> None:
    master, slave = pty.openpty()
    app = make_app(demo_store, tty_fd=slave)
    app.HANGUP_SECONDS = 0.1
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settled(pilot)
            await pilot.pause(0.3)
            assert app.is_running  # the terminal is there: nothing happens
            os.close(master)
            deadline = time.monotonic() + 5
            while app.is_running and time.monotonic() < deadline:
                await pilot.pause(0.1)
            assert not app.is_running
            assert app.return_code == 1
    finally:
        os.close(slave)
