"""Masking customer data before it leaves the workstation (DOMAIN.md §7: never disclose it).

Summaries meant for a team chat show buyer names as initials and hide phone numbers,
e-mail addresses and bank or e-wallet account numbers.
"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"(\+?62|0)[\s.-]?8[\d\s.-]{7,14}\d")
# a bank or e-wallet account written out (order ids and AWBs stay readable)
_ACCOUNT = re.compile(
    r"(?i)\b(rek(ening)?|norek|no\.?\s?rek|bca|bri|bni|mandiri|dana|ovo|gopay)\b\W{0,4}\d[\d\s.-]{4,}\d"
)


def mask_name(name: str | None) -> str:
    """`Siti Rahma` -> `S*** R****`: enough to tell two buyers apart, not to find them."""
    if not name:
        return "-"
    return " ".join(word[0] + "*" * max(2, len(word) - 1) for word in name.split())


def mask_contacts(text: str | None) -> str:
    """`text` with e-mail addresses, Indonesian phone numbers and long numbers hidden."""
    if not text:
        return ""
    text = _EMAIL.sub("[email]", text)
    text = _PHONE.sub("[telepon]", text)
    return _ACCOUNT.sub("[rekening]", text)
