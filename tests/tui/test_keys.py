"""Escape typed fast, just before another key, reaches Purna as Escape and then that key."""

from __future__ import annotations

import pytest
from textual.drivers import linux_driver

import tui.app  # noqa: F401  (installs the parser)
from tui.keys import EscapeFirstParser


def keys(data: str) -> list[str]:
    parser = EscapeFirstParser()
    found = [*parser.feed(data), *parser.feed("")]
    return [event.key for event in found if hasattr(event, "key")]


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("\x1b/", ["escape", "slash"]),  # Esc then the queue filter: not alt+slash
        ("\x1bb", ["escape", "b"]),  # Esc then b (both "back"): not ctrl+left
        ("\x1b5", ["escape", "5"]),  # Esc then receiving: not "∞"
        ("\x1b/4020", ["escape", "slash", "4", "0", "2", "0"]),
        ("x\x1bjy", ["x", "escape", "j", "y"]),
    ],
)
def test_escape_glued_to_the_next_key_is_escape_then_that_key(typed: str, read: list[str]) -> None:
    assert keys(typed) == read


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("\x1b[A", ["up"]),
        ("\x1bOB", ["down"]),
        ("\x1b[Z", ["shift+tab"]),
        ("\x1b\x1b", ["escape", "escape"]),
    ],
)
def test_the_terminal_s_own_sequences_still_read_as_keys(typed: str, read: list[str]) -> None:
    assert keys(typed) == read


def test_the_app_reads_the_terminal_with_this_parser() -> None:
    assert linux_driver.XTermParser is EscapeFirstParser
