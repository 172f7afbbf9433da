"""Masking customer data before it leaves the workstation (DOMAIN.md §7: never disclose it).

Everything that goes out (`purna queue --json`, the handover for a team chat, exports,
labels) shows buyer names as initials, and free text goes through `mask_contacts`,
which hides phone numbers (the `phonenumbers` library, region ID, also spaced or
dotted), e-mail addresses, bank and e-wallet account numbers and street addresses.
Order ids, AWBs, invoice numbers, prices and dates stay readable.
"""

from __future__ import annotations

import re

_EMAIL = re.compile(
    r"[\w.+-]+\s*(?:@|\[at\]|\(at\)|\sat\s)\s*[\w-]+(?:\s*(?:\.|\[dot\]|\(dot\)|\sdot\s)\s*[\w-]+)+",
    re.I,
)
# Banks, e-wallets and the words that announce an account number (seed 004 §4.2).
_ACCOUNT_WORDS = (
    r"rek(?:ening)?|no\.?\s?rek|norek|a\.?\s?n\.?|atas\s+nama|va|virtual\s+account|"
    r"bca|bri|bni|mandiri|bsi|cimb(?:\s+niaga)?|btn|permata|danamon|jago|seabank|"
    r"dana|ovo|gopay|go-pay|shopeepay|linkaja|jenius"
)
_ACCOUNT = re.compile(rf"(?i)\b(?:{_ACCOUNT_WORDS})\b[\s:.,#-]{{0,6}}(\d[\d\s.-]{{5,24}}\d)")
# An Indonesian mobile number written out: 08…, 628…, +62 8…, with spaces, dots or dashes.
_PHONE_LIKE = re.compile(r"(?<![\w/])(?:\+?62|0)[\s.-]?8(?:[\s.-]?\d){7,11}(?![\w/])")
# A street address runs from its first word (Jl., Gg., RT 02/RW 05, Kel., Kec., …) to the
# end of its clause, at most 80 characters.
_ADDRESS = re.compile(
    r"(?:\b(?i:jl|jln|gg|komp|kompleks|komplek|perum|perumahan|kelurahan|kecamatan|kabupaten)\b"
    r"|\b(?i:kel|kec|kab)\.|\b[Jj]alan(?=\s+[A-Z0-9])|\b[Gg]ang(?=\s+[A-Z0-9])"
    r"|\b(?i:rt)\.?\s?\d{1,3}\s?/\s?(?i:rw))\.?\s*\w[^,;\n]{0,80}"
)


def mask_name(name: str | None) -> str:
    """`Siti Rahma` -> `S*** R****`: enough to tell two buyers apart, not to find them."""
    if not name or not name.strip():
        return "-"
    return " ".join(word[0] + "*" * max(2, len(word) - 1) for word in name.split())


def _phones(text: str) -> list[tuple[int, int]]:
    import phonenumbers

    spans = [
        (match.start, match.end)
        for match in phonenumbers.PhoneNumberMatcher(
            text, "ID", leniency=phonenumbers.Leniency.POSSIBLE
        )
        if phonenumbers.number_type(match.number)
        in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    ]  # fmt: skip
    spans += [(m.start(), m.end()) for m in _PHONE_LIKE.finditer(text)]
    # digits inside a longer token (an AWB such as JX7781203344, an invoice) are no phone
    return [(a, b) for a, b in spans if not _joined(text, a, b)]


def _joined(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before.isalnum() or before in "/_" or after.isalnum() or after in "/_"


def mask_contacts(text: str | None) -> str:
    """`text` with phone numbers, e-mails, bank/e-wallet accounts and addresses hidden."""
    if not text:
        return ""
    text = _EMAIL.sub("[email]", text)
    text = _ACCOUNT.sub(lambda m: m.group()[: m.start(1) - m.start()] + "[rekening]", text)
    text = _ADDRESS.sub("[alamat]", text)
    spans = sorted(_phones(text))
    out, last = [], 0
    for start, end in spans:
        if start < last:
            continue
        out += [text[last:start], "[telepon]"]
        last = end
    out.append(text[last:])
    return "".join(out)
