"""Masking customer data before it leaves the workstation (DOMAIN.md §7: never disclose it).

Everything that goes out (`purna queue --json`, the handover for a team chat, exports,
labels) shows buyer names as initials, and free text goes through `mask_contacts`: the
conduct check's detectors (core.conduct, phone numbers through the `phonenumbers`
library, region ID) hide phone numbers, e-mail addresses, bank and e-wallet accounts,
links and street addresses. Order ids, AWBs, invoice numbers, prices and dates stay
readable.
"""

from __future__ import annotations


def mask_name(name: str | None) -> str:
    """`Siti Rahma` -> `S*** R****`: enough to tell two buyers apart, not to find them."""
    if not name or not name.strip():
        return "-"
    return " ".join(word[0] + "*" * max(2, len(word) - 1) for word in name.split())


def mask_contacts(text: str | None) -> str:
    """`text` with phone numbers, e-mails, accounts, links and addresses hidden."""
    if not text:
        return ""
    from core.conduct import mask  # its patterns load on first use

    return mask(text)
