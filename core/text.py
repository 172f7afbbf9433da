"""Text that came from outside (files, marketplaces, buyers, other terminals) made safe to show.

Such text is hostile: it is stored exactly as it came and made safe only where it is
shown. `clean` keeps every printable character literally and replaces what a terminal
would act on (control characters, escape sequences, bidirectional overrides) with a
visible stand-in, so a name like `Budi [/x] Santoso` or `\\x1b[2J` reads as written and
never clears a screen. Screens wrap the result in rich `Text`, never parse it as markup.
"""

from __future__ import annotations

import re

# C0 controls become their Unicode "control picture" (ESC shows as ␛), so the reader sees
# that something odd was there; C1 controls and text-direction overrides become U+FFFD.
_C0 = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
_C0_OR_OTHER = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb]")
_LINE_BREAKS = re.compile("\r\n|[\r\n\u2028\u2029\x85\x0b\x0c]")


def _picture(match: re.Match[str]) -> str:
    char = match.group()
    return _C0.get(ord(char), "\ufffd")


def clean(text: object, *, lines: bool = False) -> str:
    """`text` safe for a terminal: one line (line breaks become ` ↵ `), or with `lines`
    its line breaks kept as newlines. Tabs become spaces. None becomes ``."""
    if text is None:
        return ""
    value = str(text)
    if not _C0_OR_OTHER.search(value) and "\u2028" not in value and "\u2029" not in value:
        return value  # the common case: nothing to do
    value = _LINE_BREAKS.sub("\n", value).replace("\t", " ")
    if not lines:
        value = value.replace("\n", " \u21b5 ")
    kept = "\n" if lines else ""
    return _C0_OR_OTHER.sub(lambda m: kept if m.group() == "\n" else _picture(m), value)


def has_nul(text: str) -> bool:
    """A NUL never belongs in an export's text: the importer refuses it."""
    return "\x00" in text
