"""Why a seller rejects a buyer's request: the reasons a reject dialog offers, per marketplace.

Data with sources. The platforms keep their own lists (TikTok Shop serves them from
`GET /return_refund/202309/reject_reasons`, shared/formats/marketplaces.md "Marketplace
APIs"; Shopee rejects through a dispute) and none of Purna's sources copies them. Until
Purna reads those lists, each marketplace offers the reasons the seeds name for refusing
a request (DOMAIN.md §1, §3, §6), so the reason recorded in the audit trail is one a
supervisor can trace to a source. "Another reason" is Purna's own and asks for a note.
Titles are catalog messages: translate with `_()` when shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.i18n import N_
from core.workflow import RequestType

ALL_TYPES = frozenset(RequestType)


@dataclass(frozen=True)
class RejectReason:
    key: str
    title: str  # catalog message
    ref: str
    types: frozenset[RequestType] = ALL_TYPES  # request types it fits
    needs_note: bool = False  # the reason is only clear with a note written beside it


RIGHT_ITEM = RejectReason(
    "right_item_received",
    N_("The buyer received the right item, as ordered"),
    "DOMAIN.md §6; seed 003 'Masih dalam Masa Purna Jual'",
)
NO_CLEAR_EVIDENCE = RejectReason(
    "no_clear_evidence",
    N_("The buyer's photo or video does not show the problem clearly"),
    "DOMAIN.md §1, §3; seed 000 'Kesalahan Umum' row 3",
    frozenset({RequestType.REFUND_ONLY, RequestType.RETURN_REFUND, RequestType.RESEND}),
)
WRONG_TYPE = RejectReason(
    "wrong_request_type",
    N_("The request type does not fit the buyer's comment"),
    "DOMAIN.md §1; seed 000 'Identifikasi Jenis Permintaan', 'Kesalahan Umum' row 2",
)
OTHER = RejectReason(
    "other",
    N_("Another reason (write it in the note)"),
    "Purna's own: the platforms' lists are longer (shared/formats/marketplaces.md)",
    needs_note=True,
)

_SEED_REASONS = (RIGHT_ITEM, NO_CLEAR_EVIDENCE, WRONG_TYPE, OTHER)

# Per marketplace id (core.importer.MARKETPLACES). Tokopedia is TikTok Shop by Tokopedia:
# one Seller Center, one list (marketplaces.md).
REASONS: dict[str, tuple[RejectReason, ...]] = {
    "tiktok_shop": _SEED_REASONS,
    "tokopedia": _SEED_REASONS,
    "shopee": _SEED_REASONS,
}

# Where the decision must also be made until Purna can send it (DOMAIN.md §6: Seller
# Center; marketplaces.md: Shopee Seller Centre).
CONSOLES: dict[str, str] = {
    "tiktok_shop": "TikTok Shop Seller Center",
    "tokopedia": "TikTok Shop Seller Center",
    "shopee": "Shopee Seller Centre",
}


def reasons_for(marketplace: str, kind: RequestType) -> tuple[RejectReason, ...]:
    """The reasons offered when rejecting a `kind` request of `marketplace`, in order."""
    return tuple(r for r in REASONS.get(marketplace, _SEED_REASONS) if kind in r.types)


def find(marketplace: str, kind: RequestType, key: str) -> RejectReason | None:
    return next((r for r in reasons_for(marketplace, kind) if r.key == key), None)


def console(marketplace: str) -> str:
    """The marketplace's seller console, named as the seller knows it."""
    return CONSOLES.get(marketplace, "Seller Center")


def title_of(key: str) -> str | None:
    """The title (catalog message) of reject reason `key` in any marketplace's list: the
    audit trail keeps the key, the history and the request screen show this."""
    for reasons in REASONS.values():
        for reason in reasons:
            if reason.key == key:
                return reason.title
    return None
