"""Noticing a terminal that is gone.

An SSH link that drops normally sends the session SIGHUP and Purna ends. But when the
signal does not reach it (a `su`/`sudo` wrapper, `nohup`, a supervisor script), the
terminal's input reads end-of-file forever and Textual's input thread spins on it: the
process stays, at most of a CPU, holding its database connection. A hung-up terminal
answers `tcgetattr` with EIO, so the app asks every few seconds and ends itself then.
Nothing is lost: every change is written in its own transaction when it is confirmed.
"""

from __future__ import annotations

import sys
import termios


def terminal_fd() -> int | None:
    """The terminal Purna reads keys from, if it is one (not a pipe or a test)."""
    stream = sys.__stdin__
    if stream is None:
        return None
    try:
        fd = stream.fileno()
        termios.tcgetattr(fd)
    except (OSError, ValueError, termios.error):
        return None
    return fd


def hung_up(fd: int) -> bool:
    """Whether the terminal on `fd` has gone away (the SSH link or the window closed)."""
    try:
        termios.tcgetattr(fd)
    except termios.error:
        return True
    except (OSError, ValueError):  # a closed descriptor: also gone
        return True
    return False
