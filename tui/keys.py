"""Escape typed fast, just before another key, stays Escape.

A terminal sends Escape as the byte ESC, and Alt+key as ESC followed by the key. When a
person presses Escape and then `/` (or `b`, or a digit) quickly, or a slow SSH link
delivers both in one packet, Textual's input parser reads ESC + key as one Alt
combination ("alt+slash") or as a macOS Option mapping (ESC b is ctrl+left, ESC 5 is
"∞"): the Escape is lost and the key does something else. Purna binds no Alt keys, so
ESC followed by a printable character that does not open an escape sequence is read as
what the person typed: Escape, then that key.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual._xterm_parser import XTermParser
from textual.drivers import linux_driver, linux_inline_driver

# Characters that, after ESC, start a control sequence the terminal itself sends:
# CSI `[`, SS3 `O` (arrow keys in application mode), DCS `P`, OSC `]`, APC `_`, PM `^`,
# SOS `X`, ST `\`.
INTRODUCERS = frozenset("[O]P_^X\\")
ESC = "\x1b"


class EscapeFirstParser(XTermParser):
    """Textual's parser, with ESC + a plain character read as Escape, then the character."""

    def _sequence_to_key_events(self, sequence: str, alt: bool = False) -> Iterable[events.Key]:
        if (
            len(sequence) == 2
            and sequence[0] == ESC
            and sequence[1] not in INTRODUCERS
            and sequence[1].isprintable()
        ):
            yield events.Key("escape", ESC)
            yield from super()._sequence_to_key_events(sequence[1])
            return
        yield from super()._sequence_to_key_events(sequence, alt)


def install() -> None:
    """Make the terminal drivers read keys with `EscapeFirstParser`."""
    linux_driver.XTermParser = EscapeFirstParser  # type: ignore[misc]
    linux_inline_driver.XTermParser = EscapeFirstParser  # type: ignore[misc]
