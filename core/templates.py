"""Reply templates (seed 000 "Kebiasaan Operasional": standard replies; DOMAIN.md §4, §7).

A template is a text with `{placeholders}` filled from a request: `fill` replaces them,
`problems` says why a template may not be saved (an unknown placeholder, an empty text,
a conduct rule broken: core.conduct). Pure: no database, clock or UI.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo

from core.conduct import Finding, check
from core.formatting import format_local, format_rupiah
from core.i18n import N_, _
from core.workflow import TYPE_TITLES, RequestType

LANGUAGES = ("id", "en")
# Every placeholder a template may use, with what it holds (catalog messages).
VARIABLES: dict[str, str] = {
    "buyer": N_("the buyer's first name"),
    "order": N_("the order id"),
    "request": N_("the request id"),
    "request_type": N_("the request type, in the template's language"),
    "deadline": N_("the time the request must be answered by, shop time"),
    "awb": N_("the return parcel's tracking number (AWB), else the order's"),
    "amount": N_("the request's amount in rupiah"),
    "sku": N_("the SKU of the first item"),
    "product": N_("the product name of the first item"),
}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
# The request types in each template language (the buyer reads them).
TYPE_WORDS = {
    "id": {
        RequestType.REFUND_ONLY: "Pengembalian Dana",
        RequestType.RETURN_REFUND: "Pengembalian Barang & Dana",
        RequestType.RESEND: "Pengiriman Ulang",
        RequestType.EXCHANGE: "Penukaran",
    },
    "en": {
        RequestType.REFUND_ONLY: "refund",
        RequestType.RETURN_REFUND: "return and refund",
        RequestType.RESEND: "resend",
        RequestType.EXCHANGE: "exchange",
    },
}


@dataclass(frozen=True)
class Filled:
    """A template filled for one request; `empty` names the placeholders with no value."""

    text: str
    empty: tuple[str, ...]
    findings: tuple[Finding, ...]


def placeholders(body: str) -> list[str]:
    return [m.group(1) for m in _PLACEHOLDER.finditer(body)]


def problems(key: str, language: str, title: str, body: str) -> list[str]:
    """Why this template cannot be saved (translated sentences), or nothing."""
    found: list[str] = []
    if not KEY.match(key):
        found.append(_("The key must be lower-case letters, digits, - or _ (at most 64)."))
    if language not in LANGUAGES:
        found.append(_("The language must be id or en."))
    if not title.strip():
        found.append(_("The title is empty."))
    if not body.strip():
        found.append(_("The text is empty."))
    unknown = sorted({name for name in placeholders(body) if name not in VARIABLES})
    if unknown:
        found.append(
            _("Unknown placeholders: {names}. Known: {known}.").format(
                names=", ".join("{" + n + "}" for n in unknown),
                known=", ".join("{" + n + "}" for n in VARIABLES),
            )
        )
    # the title too: staff choose by it and may copy it, and README promises that a template
    # breaking a rule is not saved
    for finding in (*check(title), *check(body)):
        found.append(conduct_line(finding))
    return found


def conduct_line(finding: Finding) -> str:
    """One conduct finding as a sentence: the words, the rule and why (DOMAIN.md §7)."""
    return _("“{text}” breaks the conduct rules ({rule}): {why}.").format(
        text=finding.text, rule=finding.rule, why=_(finding.why)
    )


def values(
    *,
    language: str,
    buyer_name: str | None,
    order_id: str,
    request_id: str,
    request_type: RequestType,
    respond_by: datetime | None,
    awb: str | None,
    amount: int,
    sku: str,
    product: str | None,
    zone: tzinfo,
) -> dict[str, str]:
    """The placeholders' values for one request (empty where the request has none)."""
    first = (buyer_name or "").split()
    return {
        "buyer": first[0] if first else "",
        "order": order_id,
        "request": request_id,
        "request_type": TYPE_WORDS.get(language, TYPE_WORDS["id"])[request_type],
        "deadline": format_local(respond_by, zone) if respond_by else "",
        "awb": awb or "",
        "amount": format_rupiah(amount),
        "sku": sku,
        "product": product or "",
    }


# Placeholders a sentence reads well without: with no value they go, with the space before
# them ("Halo Kak {buyer}," → "Halo Kak,", "Hi {buyer}," → "Hi,"), instead of leaving "…".
OPTIONAL = ("buyer",)


def fill(body: str, given: Mapping[str, str]) -> Filled:
    """`body` with every placeholder replaced; the filled text is checked again."""
    empty: list[str] = []
    for name in OPTIONAL:
        if not given.get(name):
            body = re.sub(r"^\{" + name + r"\}[,;:!]?[ \t]*|[ \t]*\{" + name + r"\}", "", body,
                          flags=re.M)  # fmt: skip

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        text = given.get(name, "")
        if not text:
            empty.append(name)
            return "…"
        return text

    text = _PLACEHOLDER.sub(value, body)
    return Filled(text, tuple(dict.fromkeys(empty)), tuple(check(text)))


def type_title(request_type: RequestType) -> str:
    return _(TYPE_TITLES[request_type])


# The library a new shop starts with (seed 000: "Kami sedang memproses permintaan Anda...").
DEFAULTS: tuple[tuple[str, str, str, str], ...] = (
    ("holding", "id", "Sedang diproses",
     "Halo Kak {buyer}, terima kasih sudah menghubungi kami. Kami sedang memproses "
     "permintaan {request_type} untuk pesanan {order}. Kami kabari lagi paling lambat "
     "{deadline} ya, Kak."),
    ("holding", "en", "Being processed",
     "Hi {buyer}, thank you for contacting us. We are processing your {request_type} "
     "request for order {order} and will update you by {deadline} at the latest."),
    ("evidence", "id", "Minta bukti foto/video",
     "Kak {buyer}, mohon bantu kirimkan foto dan video unboxing yang jelas untuk pesanan "
     "{order} lewat fitur pengajuan di aplikasi, supaya permintaan {request_type} Kakak "
     "bisa segera kami periksa. Terima kasih."),
    ("evidence", "en", "Ask for photo/video",
     "Hi {buyer}, please send clear photos and the unboxing video for order {order} through "
     "the request page in the app, so we can check your {request_type} request quickly."),
    ("return_received", "id", "Paket retur diterima",
     "Kak {buyer}, paket retur untuk pesanan {order} (resi {awb}) sudah kami terima dan "
     "sedang kami periksa kondisinya. Hasilnya kami kabari segera."),
    ("return_received", "en", "Return parcel received",
     "Hi {buyer}, the return parcel for order {order} (AWB {awb}) has arrived and we are "
     "checking its condition. We will let you know the result soon."),
    ("resent", "id", "Barang dikirim ulang",
     "Kak {buyer}, barang pengganti untuk pesanan {order} sudah kami kirim dengan resi "
     "{awb}. Mohon maaf atas ketidaknyamanannya."),
    ("resent", "en", "Goods sent again",
     "Hi {buyer}, the replacement for order {order} is on its way with AWB {awb}. We are "
     "sorry for the trouble."),
    ("refund_approved", "id", "Pengembalian dana disetujui",
     "Kak {buyer}, pengembalian dana {amount} untuk pesanan {order} sudah kami setujui di "
     "aplikasi; dana diproses oleh platform ke metode pembayaran Kakak."),
    ("refund_approved", "en", "Refund approved",
     "Hi {buyer}, we approved the refund of {amount} for order {order} in the app; the "
     "platform returns it to your payment method."),
)  # fmt: skip
