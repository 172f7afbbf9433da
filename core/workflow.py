"""Request types, their states, the allowed transitions and each type's checklist, as data.

Every transition and check names the DOMAIN.md section it comes from. Titles are
catalog messages: translate with `_()` when shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from core.i18n import N_


class RequestType(StrEnum):
    REFUND_ONLY = "refund_only"
    RETURN_REFUND = "return_refund"
    RESEND = "resend"
    EXCHANGE = "exchange"


# The marketplace's own Indonesian labels, as they appear in Seller Center exports
# (DOMAIN.md §1). Data, not translations: import accepts them in any language.
MARKETPLACE_LABELS: dict[str, RequestType] = {
    "hanya pengembalian dana": RequestType.REFUND_ONLY,
    "pengembalian barang & dana": RequestType.RETURN_REFUND,
    "pengembalian barang dan dana": RequestType.RETURN_REFUND,
    "pengiriman ulang": RequestType.RESEND,
    "penukaran": RequestType.EXCHANGE,
}

TYPE_TITLES: dict[RequestType, str] = {
    RequestType.REFUND_ONLY: N_("Refund only"),
    RequestType.RETURN_REFUND: N_("Return & refund"),
    RequestType.RESEND: N_("Resend"),
    RequestType.EXCHANGE: N_("Exchange"),
}


def parse_request_type(text: str) -> RequestType:
    """`refund_only` or the marketplace label `Hanya Pengembalian Dana` (any case) as a type."""
    key = " ".join(text.strip().lower().split())
    try:
        return RequestType(key)
    except ValueError:
        pass
    if key in MARKETPLACE_LABELS:
        return MARKETPLACE_LABELS[key]
    raise ValueError(text)


class State(StrEnum):
    NEW = "new"
    EVIDENCE_REQUESTED = "evidence_requested"
    RETURN_APPROVED = "return_approved"
    RECEIVED = "received"
    INSPECTED = "inspected"
    LOG_CHECKED = "log_checked"
    STOCK_CONFIRMED = "stock_confirmed"
    REFUNDED = "refunded"
    REJECTED = "rejected"
    DISPUTED = "disputed"
    RESENT = "resent"
    REPLACEMENT_SHIPPED = "replacement_shipped"
    OFFERED_REFUND = "offered_refund"
    CLOSED = "closed"  # the platform closed it (completed, cancelled, rejected): see PLATFORM


STATE_TITLES: dict[State, str] = {
    State.NEW: N_("New"),
    State.EVIDENCE_REQUESTED: N_("Evidence requested"),
    State.RETURN_APPROVED: N_("Return approved"),
    State.RECEIVED: N_("Received"),
    State.INSPECTED: N_("Inspected"),
    State.LOG_CHECKED: N_("Log checked"),
    State.STOCK_CONFIRMED: N_("Stock confirmed"),
    State.REFUNDED: N_("Refunded"),
    State.REJECTED: N_("Rejected"),
    State.DISPUTED: N_("Disputed"),
    State.RESENT: N_("Resent"),
    State.REPLACEMENT_SHIPPED: N_("Replacement shipped"),
    State.OFFERED_REFUND: N_("Refund offered"),
    State.CLOSED: N_("Closed by the platform"),
}


@dataclass(frozen=True)
class Transition:
    """`action` moves a request of one type from `source` to `target`.

    `irreversible`: money or goods leave, the platform cannot undo it (DOMAIN.md §3).
    """

    source: State
    target: State
    action: str
    irreversible: bool
    ref: str


S = State
WORKFLOWS: dict[RequestType, tuple[Transition, ...]] = {
    RequestType.REFUND_ONLY: (
        Transition(S.NEW, S.EVIDENCE_REQUESTED, "request_evidence", False, "DOMAIN.md §3"),
        Transition(S.NEW, S.REFUNDED, "refund", True, "DOMAIN.md §1, §3"),
        Transition(S.EVIDENCE_REQUESTED, S.REFUNDED, "refund", True, "DOMAIN.md §1, §3"),
        Transition(S.NEW, S.REJECTED, "reject", True, "DOMAIN.md §3"),
        Transition(S.EVIDENCE_REQUESTED, S.REJECTED, "reject", True, "DOMAIN.md §3"),
    ),
    RequestType.RETURN_REFUND: (
        Transition(S.NEW, S.RETURN_APPROVED, "approve_return", True, "DOMAIN.md §1"),
        Transition(S.RETURN_APPROVED, S.RECEIVED, "confirm_receipt", False, "DOMAIN.md §3"),
        Transition(S.RECEIVED, S.INSPECTED, "inspect", False, "DOMAIN.md §1"),
        Transition(S.INSPECTED, S.REFUNDED, "refund", True, "DOMAIN.md §1, §3"),
        Transition(S.RECEIVED, S.DISPUTED, "dispute", True, "DOMAIN.md §2, §6"),
        Transition(S.INSPECTED, S.DISPUTED, "dispute", True, "DOMAIN.md §2, §6"),
        Transition(S.NEW, S.REJECTED, "reject", True, "DOMAIN.md §3"),
    ),
    RequestType.RESEND: (
        Transition(S.NEW, S.LOG_CHECKED, "check_log", False, "DOMAIN.md §1"),
        Transition(S.LOG_CHECKED, S.RESENT, "resend", True, "DOMAIN.md §1"),
        Transition(S.NEW, S.REJECTED, "reject", True, "DOMAIN.md §3"),
        Transition(S.LOG_CHECKED, S.REJECTED, "reject", True, "DOMAIN.md §3"),
    ),
    RequestType.EXCHANGE: (
        Transition(S.NEW, S.STOCK_CONFIRMED, "confirm_stock", False, "DOMAIN.md §1"),
        Transition(S.STOCK_CONFIRMED, S.RETURN_APPROVED, "approve_return", False, "DOMAIN.md §1"),
        Transition(S.RETURN_APPROVED, S.RECEIVED, "confirm_receipt", False, "DOMAIN.md §3"),
        Transition(S.RECEIVED, S.INSPECTED, "inspect", False, "DOMAIN.md §1"),
        Transition(S.INSPECTED, S.REPLACEMENT_SHIPPED, "ship_replacement", True, "DOMAIN.md §1"),
        Transition(S.NEW, S.OFFERED_REFUND, "offer_refund", False, "DOMAIN.md §1"),
        Transition(S.NEW, S.REJECTED, "reject", True, "DOMAIN.md §3"),
    ),
}
del S

# What inspection finds in a returned item (issue 4; DOMAIN.md §3, §6). Anything but
# "as described" means the item may be disputed within 48 h and never goes back on sale.
CONDITIONS: dict[str, str] = {
    "as_described": N_("As described"),
    "damaged": N_("Damaged"),
    "wrong_item": N_("Wrong item"),
    "incomplete": N_("Incomplete"),
}
FAULTY_CONDITIONS = frozenset({"damaged", "wrong_item", "incomplete"})

ACTION_TITLES: dict[str, str] = {
    "refund": N_("Refund"),
    "reject": N_("Reject"),
    "approve_return": N_("Approve return"),
    "dispute": N_("Dispute: wrong or damaged item"),
    "resend": N_("Resend"),
    "ship_replacement": N_("Ship replacement"),
    "request_evidence": N_("Request evidence"),
    "confirm_receipt": N_("Confirm receipt"),
    "inspect": N_("Inspect"),
    "check_log": N_("Log checked"),
    "confirm_stock": N_("Confirm stock"),
    "offer_refund": N_("Offer refund (no stock)"),
    # events that are not transitions
    "check": N_("Check ticked"),
    "uncheck": N_("Check unticked"),
    "note": N_("Note"),
    "holding_reply": N_("Holding reply recorded"),  # Purna sends nothing (issue 10)
    "claim": N_("Claimed"),
    "release": N_("Released"),
    "import": N_("Import"),
    "created": N_("Created by an import"),
    "carried_over": N_("Carried over from an earlier Purna"),
    "store_upgraded": N_("Store upgraded"),
    "queue_review": N_("Queue reviewed"),
    "alarm_ack": N_("Alarms acknowledged"),
    "handover_notes": N_("Handover notes written"),
    "import_update": N_("Updated by an import"),
    "demo_loaded": N_("Demo data loaded"),
    "platform_closed": N_("Closed by the platform"),
    "platform_reopened": N_("Reopened by the platform"),
    "platform_answered": N_("Answered on the platform"),
    "staff_add": N_("Staff added"),
    "setting": N_("Setting changed"),
    "shelf_place": N_("Placed on the shelf"),
    "shelf_location": N_("Shelf location added"),
    "shelf_move": N_("Moved on the shelf"),
    "restock": N_("Restocked"),
    "dispose": N_("Disposed of"),
    "parcel_unmatched": N_("Unmatched parcel recorded"),
    "parcel_matched": N_("Parcel matched"),
    "inspection_detail": N_("Inspection noted"),
    "pic_assigned": N_("PIC assigned"),
    "handover": N_("Shift handed over"),
    "handover_ack": N_("Handover acknowledged"),
}

# Actions that answer the buyer, so that the platform no longer auto-approves. Asking
# for evidence is not one of them: like a holding reply it keeps the buyer informed but
# the safer reading is that the 48 h clock still runs (DOMAIN.md §2).
ANSWERS = frozenset(
    {"approve_return", "refund", "reject", "resend", "offer_refund", "dispute", "ship_replacement"}
)

# A request is open until it reaches a state no transition leaves (for its type), or the
# platform closes it.
TERMINAL_STATES: dict[RequestType, frozenset[State]] = {
    kind: frozenset({t.target for t in steps} - {t.source for t in steps}) | {State.CLOSED}
    for kind, steps in WORKFLOWS.items()
}


# --- the platform's word ---------------------------------------------------------------------

# What Purna does with the status a newer export shows (core.marketplaces.ReturnOutcome):
# open outcomes leave Purna's own state alone (the seller's 48 h clock keeps running from the
# request time); completed, cancelled and rejected close the request, whatever Purna had
# (the platform's outcome wins over stale local state). A rejected request may come back
# open when the buyer appeals: it is then reopened in the state it was closed from.
# Source: shared/formats/marketplaces.md ("Return Status values seen"; Shopee statuses).
PLATFORM_CLOSES: dict[str, bool] = {
    "waiting_seller": False,
    "in_progress": False,
    "completed": True,
    "cancelled": True,
    "rejected": True,
}
OUTCOME_TITLES: dict[str, str] = {
    "waiting_seller": N_("waiting for the seller"),
    "in_progress": N_("in process"),
    "completed": N_("completed"),
    "cancelled": N_("cancelled"),
    "rejected": N_("rejected"),
}


def platform_closes(outcome: str | None) -> bool:
    """Whether the platform's `outcome` closes a request in Purna (unknown: never)."""
    return bool(outcome) and PLATFORM_CLOSES.get(outcome or "", False)


# An open request the platform shows "in process" was answered there: marketplaces.md
# ("In process: the seller acted; the buyer ships, or the parcel is on its way back"). Its
# 48 h clock no longer threatens, so it is never shown auto-approved; only "waiting for the
# seller" keeps the clock from the request time (issue 9).
PLATFORM_ANSWERED = frozenset({"in_progress"})


def platform_answered(outcome: str | None) -> bool:
    """Whether the platform's `outcome` says the seller already responded there."""
    return outcome in PLATFORM_ANSWERED


def states_of(kind: RequestType) -> frozenset[State]:
    steps = WORKFLOWS[kind]
    return frozenset({t.source for t in steps} | {t.target for t in steps})


def is_open(kind: RequestType, state: State) -> bool:
    """True while the seller still has to act on a request of `kind` in `state`."""
    return state not in TERMINAL_STATES[kind]


def open_states() -> frozenset[State]:
    """States that are open for at least one type (used to index the queues)."""
    return frozenset(s for kind in RequestType for s in states_of(kind) if is_open(kind, s))


def is_auto_approved(
    answered: bool, is_open_now: bool, respond_by: datetime | None, now: datetime
) -> bool:
    """Past its respond-by time with no answer, the platform has approved the request on its
    own (DOMAIN.md §2, as corrected): Purna shows so and refuses new decisions on it until
    an export says how it ended. Unknown deadline: never assumed."""
    return is_open_now and not answered and respond_by is not None and now >= respond_by


def transitions_from(kind: RequestType, state: State) -> tuple[Transition, ...]:
    return tuple(t for t in WORKFLOWS[kind] if t.source is state)


def find_transition(kind: RequestType, state: State, action: str) -> Transition | None:
    for step in transitions_from(kind, state):
        if step.action == action:
            return step
    return None


@dataclass(frozen=True)
class CheckItem:
    key: str
    title: str
    ref: str


TYPE_MATCHES = CheckItem(
    "type_matches_comment",
    N_("Request type matches the buyer's comment and reason"),
    "DOMAIN.md §1; seed 000 'Kesalahan Umum' row 2",
)

CHECKLISTS: dict[RequestType, tuple[CheckItem, ...]] = {
    RequestType.REFUND_ONLY: (
        TYPE_MATCHES,
        CheckItem(
            "evidence_reviewed",
            N_("Buyer's photo/video evidence reviewed; never assume the buyer is right"),
            "DOMAIN.md §1, §3",
        ),
    ),
    RequestType.RETURN_REFUND: (
        TYPE_MATCHES,
        CheckItem(
            "receipt_confirmed",
            N_("Parcel receipt confirmed (Konfirmasi Penerimaan)"),
            "DOMAIN.md §3",
        ),
        CheckItem(
            "condition_inspected",
            N_("Item condition checked on receipt, before any refund"),
            "DOMAIN.md §1",
        ),
        CheckItem("unboxing_video", N_("Unboxing video kept"), "DOMAIN.md §1"),
    ),
    RequestType.RESEND: (
        TYPE_MATCHES,
        CheckItem("warehouse_log_checked", N_("Warehouse log re-checked"), "DOMAIN.md §1"),
        CheckItem("packing_slip_checked", N_("Packing slip re-checked"), "DOMAIN.md §1"),
    ),
    RequestType.EXCHANGE: (
        TYPE_MATCHES,
        CheckItem("stock_confirmed", N_("Replacement stock confirmed"), "DOMAIN.md §1"),
        CheckItem(
            "return_started", N_("Return of the original item started early"), "DOMAIN.md §1"
        ),
    ),
}
