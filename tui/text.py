"""Showing text that came from outside (files, marketplaces, buyers, other terminals).

Such text is never parsed as markup and never carries a control character to the
terminal: `lit` wraps it in a rich `Text` after `core.text.clean`. Everything a screen
shows from a request, an order, a parcel, a note or a file goes through here.
"""

from __future__ import annotations

from rich.text import Text

from core.text import clean


def lit(value: object, style: str = "", *, lines: bool = False) -> Text:
    """`value` as literal text in `style` (one line unless `lines`)."""
    return Text(clean(value, lines=lines), style=style)


def plain(value: object) -> str:
    """`value` safe to put inside a message or a Segment (still no markup: use it in Text)."""
    return clean(value)
