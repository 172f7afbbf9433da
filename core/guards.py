"""What must be true before an action, and signs that a request sits under the wrong type.

Pure data and functions: `missing(...)` lists the unmet requirements of an action on a
request; `type_mismatch(...)` reads the buyer's words against the request type.
Every requirement and sign cites DOMAIN.md. Titles are catalog messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from core.deadlines import dispute_advised_by
from core.i18n import N_
from core.reject_reasons import RejectReason
from core.workflow import (
    CHECKLISTS,
    FAULTY_CONDITIONS,
    WORKFLOWS,
    RequestType,
    State,
    transitions_from,
)


@dataclass(frozen=True)
class Facts:
    """What the guards look at, read from the store in the action's transaction."""

    request_type: RequestType
    evidence_count: int | None  # None: the export does not say; the reviewed check decides
    checks: frozenset[str]
    received_at: datetime | None
    inspection: str | None  # a condition of core.workflow.CONDITIONS, or None
    amount: int


@dataclass(frozen=True)
class Requirement:
    """What must hold before an action. A requirement that does not block only warns: the
    dialog shows its `title` and `advice`, and the action goes ahead."""

    key: str
    title: str
    ref: str
    met: Callable[[Facts, datetime], bool]
    blocking: bool = True
    advice: str = ""  # for a warning: what to do instead (catalog message)


def _check(key: str) -> Callable[[Facts, datetime], bool]:
    return lambda facts, _now: key in facts.checks


TYPE_CHECKED = Requirement(
    "type_matches_comment",
    N_("The request type was checked against the buyer's comment"),
    "DOMAIN.md §1, §3; seed 000 'Kesalahan Umum' row 2",
    _check("type_matches_comment"),
)
EVIDENCE_ATTACHED = Requirement(
    "evidence_attached",
    N_("The buyer attached photo or video evidence"),
    "DOMAIN.md §1, §3",
    # Seller Center exports do not carry the count: then the person who reviewed the
    # evidence in Seller Center (the next check) is the one who knows.
    lambda facts, _now: facts.evidence_count is None or facts.evidence_count > 0,
)
EVIDENCE_REVIEWED = Requirement(
    "evidence_reviewed",
    N_("The buyer's evidence was reviewed"),
    "DOMAIN.md §1, §3",
    _check("evidence_reviewed"),
)
# Confirming receipt is an action Purna records ("Konfirmasi Penerimaan", DOMAIN.md §3:
# confirm_receipt sets received_at), not something a person states by ticking a box: the
# requirement reads the fact.
RECEIPT_CONFIRMED = Requirement(
    "receipt_confirmed",
    N_("Receipt of the returned parcel was confirmed"),
    "DOMAIN.md §1, §3",
    lambda facts, _now: facts.received_at is not None,
)
INSPECTION_PASSED = Requirement(
    "inspection_passed",
    N_("The returned item passed inspection"),
    "DOMAIN.md §1, §3",
    lambda facts, _now: facts.inspection == "as_described",
)
INSPECTION_FAILED = Requirement(
    "inspection_failed",
    N_("Inspection found the wrong or a damaged item"),
    "DOMAIN.md §2, §6",
    lambda facts, _now: facts.inspection in FAULTY_CONDITIONS,
)
# DOMAIN.md §2 (as corrected): the 48 hours of seed 003 are for rejecting a buyer's request,
# not a limit on disputing a wrong item the buyer sent back; past them Purna warns and points
# to a logistics claim (§6, 40 days), it never blocks.
WITHIN_DISPUTE_WINDOW = Requirement(
    "within_dispute_window",
    N_("More than 48 hours have passed since the returned parcel was received"),
    "DOMAIN.md §2, §6; seed 003 'Masih dalam Masa Purna Jual', 'Jangka Waktu Klaim'",
    lambda facts, now: (
        facts.received_at is not None and now < dispute_advised_by(facts.received_at, UTC)
    ),
    blocking=False,
    advice=N_(
        "The platform may no longer take a dispute for it. For a wrong or damaged item the "
        "buyer sent back, file a logistics claim (within 40 days of the last logistics update)."
    ),
)
LOG_CHECKED = Requirement(
    "warehouse_log_checked",
    N_("The warehouse log was re-checked"),
    "DOMAIN.md §1",
    _check("warehouse_log_checked"),
)
SLIP_CHECKED = Requirement(
    "packing_slip_checked",
    N_("The packing slip was re-checked"),
    "DOMAIN.md §1",
    _check("packing_slip_checked"),
)
STOCK_CONFIRMED = Requirement(
    "stock_confirmed",
    N_("Stock of the replacement was confirmed"),
    "DOMAIN.md §1",
    _check("stock_confirmed"),
)

R = RequestType
# Requirements beyond the state machine, per (type, action). Irreversible actions all
# need the type checked first: the wrong type is the first source of wrong decisions.
REQUIREMENTS: dict[tuple[RequestType, str], tuple[Requirement, ...]] = {
    (R.REFUND_ONLY, "refund"): (TYPE_CHECKED, EVIDENCE_ATTACHED, EVIDENCE_REVIEWED),
    (R.REFUND_ONLY, "reject"): (TYPE_CHECKED,),
    (R.RETURN_REFUND, "approve_return"): (TYPE_CHECKED,),
    (R.RETURN_REFUND, "refund"): (TYPE_CHECKED, RECEIPT_CONFIRMED, INSPECTION_PASSED),
    (R.RETURN_REFUND, "dispute"): (TYPE_CHECKED, INSPECTION_FAILED, WITHIN_DISPUTE_WINDOW),
    (R.RETURN_REFUND, "reject"): (TYPE_CHECKED,),
    (R.RESEND, "check_log"): (LOG_CHECKED, SLIP_CHECKED),
    (R.RESEND, "resend"): (TYPE_CHECKED, LOG_CHECKED, SLIP_CHECKED),
    (R.RESEND, "reject"): (TYPE_CHECKED,),
    (R.EXCHANGE, "ship_replacement"): (TYPE_CHECKED, STOCK_CONFIRMED),
    (R.EXCHANGE, "reject"): (TYPE_CHECKED,),
}
del R

# Checks an action ticks by being done (the action is the check).
TICKS: dict[str, str] = {
    "confirm_receipt": "receipt_confirmed",
    "inspect": "condition_inspected",
    "confirm_stock": "stock_confirmed",
}

# Those checks state a fact Purna records itself, by that action (DOMAIN.md §3: confirm receipt
# after the parcel arrives; §1: check the condition on receipt; confirm the replacement's
# stock): they are derived from doing it and never ticked or unticked by hand, so the trail
# cannot say the receipt was confirmed before the parcel was scanned. Check key -> action.
RECORDED: dict[str, str] = {check: action for action, check in TICKS.items()}


def by_hand(key: str) -> bool:
    """Whether a person may tick or untick checklist item `key` (False: an action records it)."""
    return key not in RECORDED


def recorded_holds(key: str, received_at: datetime | None, inspection: str | None) -> bool:
    """Whether the fact behind check `key` holds: a receipt or an inspection Purna recorded.
    A tick of it by hand (possible before Purna derived these checks) does not count."""
    if key == "receipt_confirmed":
        return received_at is not None
    if key == "condition_inspected":
        return inspection is not None
    return True


# Actions that move money (a supervisor above the shop's limit: needs_supervisor).
MONEY_ACTIONS = frozenset({"refund"})
# Confirming an irreversible action needs the order id's last characters typed (issue 10:
# every irreversible decision equally hard to do by accident, DOMAIN.md §3).
CONFIRM_CHARS = 4
# A supervisor going ahead without the missing checks writes at least this much.
MIN_OVERRIDE_REASON = 10


@dataclass(frozen=True)
class Option:
    """An action the request's state allows now, what it still lacks and what it warns of."""

    action: str
    irreversible: bool
    missing: tuple[Requirement, ...]
    warnings: tuple[Requirement, ...] = ()


def options(kind: RequestType, state: State, facts: Facts, now: datetime) -> list[Option]:
    """Every action the workflow allows from `state`, each with its unmet requirements."""
    return [
        Option(step.action, step.irreversible, tuple(missing(step.action, facts, now)),
               tuple(warnings(step.action, facts, now)))
        for step in transitions_from(kind, state)
    ]  # fmt: skip


def requirements(kind: RequestType, action: str) -> tuple[Requirement, ...]:
    return REQUIREMENTS.get((kind, action), ())


def missing(action: str, facts: Facts, now: datetime) -> list[Requirement]:
    """The blocking requirements of `action` that `facts` do not meet at `now`."""
    return [
        r for r in requirements(facts.request_type, action) if r.blocking and not r.met(facts, now)
    ]


def warnings(action: str, facts: Facts, now: datetime) -> list[Requirement]:
    """The requirements of `action` that only warn, unmet at `now` (shown, never blocking)."""
    return [
        r
        for r in requirements(facts.request_type, action)
        if not r.blocking and not r.met(facts, now)
    ]


def needs_supervisor(action: str, amount: int, threshold: int) -> bool:
    """Refunds above the configured amount need a supervisor (policy REFUND_SUPERVISOR_ABOVE)."""
    return action in MONEY_ACTIONS and amount > threshold


def confirmation_code(order_id: str) -> str:
    """What a person types to confirm moving money: the order id's last characters."""
    return order_id.strip()[-CONFIRM_CHARS:].upper()


def is_irreversible(kind: RequestType, action: str) -> bool:
    return any(t.action == action and t.irreversible for t in WORKFLOWS[kind])


def needs_code(kind: RequestType, action: str) -> bool:
    """Whether confirming `action` takes the order id's last characters typed: every
    irreversible decision and every money action (DOMAIN.md §3)."""
    return action in MONEY_ACTIONS or is_irreversible(kind, action)


def code_matches(typed: str, order_id: str) -> bool:
    return typed.strip().upper() == confirmation_code(order_id)


@dataclass(frozen=True)
class Form:
    """What the dialog of one action asks before it may be confirmed, decided here so that
    the screen holds no rule: the code to type, the missing checks the person may tick in
    the dialog, those they cannot, the reject reasons, and whether an override is open."""

    action: str
    code: str  # the order id's last characters to type; "" when none is needed
    tickable: tuple[Requirement, ...]  # missing checklist items, ticked in the dialog
    blocking: tuple[Requirement, ...]  # missing facts no tick can supply
    warnings: tuple[Requirement, ...]
    reasons: tuple[RejectReason, ...]  # a reject: one must be chosen
    asks_awb: bool  # goods leave: the new parcel's AWB may be written
    may_override: bool  # the person may go ahead without the missing checks
    min_reason: int  # characters of an override reason
    console: str  # where the decision must also be made until Purna can send it

    @property
    def missing(self) -> tuple[Requirement, ...]:
        return self.tickable + self.blocking


def form(
    kind: RequestType, marketplace: str, order_id: str, option: Option, *, may_override: bool
) -> Form:
    """The dialog of `option` on a `kind` request of `marketplace` with `order_id`.
    `may_override`: core.permissions allows the person "override_checks"."""
    from core.reject_reasons import console, reasons_for

    keys = {item.key for item in CHECKLISTS[kind] if by_hand(item.key)}  # what a person can tick
    action = option.action
    return Form(
        action=action,
        code=confirmation_code(order_id) if needs_code(kind, action) else "",
        tickable=tuple(r for r in option.missing if r.key in keys),
        blocking=tuple(r for r in option.missing if r.key not in keys),
        warnings=option.warnings,
        reasons=reasons_for(marketplace, kind) if action == "reject" else (),
        asks_awb=action in ("resend", "ship_replacement"),
        may_override=may_override and bool(option.missing),
        min_reason=MIN_OVERRIDE_REASON,
        console=console(marketplace),
    )


# --- the wrong type -----------------------------------------------------------------


@dataclass(frozen=True)
class Sign:
    """Words in a buyer's comment or reason that suggest another request type."""

    types: frozenset[RequestType]
    words: tuple[str, ...]
    suggests: RequestType
    ref: str


_SIZE_WORDS = ("ukuran", "size", "kekecilan", "kebesaran", "kesempitan", "kelonggaran",
               "tukar", "ganti warna", "warna lain", "model lain", "ganti model")  # fmt: skip
_MISSING_WORDS = ("tidak lengkap", "kurang satu", "isinya kurang", "salah kirim",
                  "yang dikirim salah", "barang salah")  # fmt: skip
_MONEY_WORDS = ("refund", "uang kembali", "kembalikan uang", "kembalikan dana", "dana kembali")

SIGNS: tuple[Sign, ...] = (
    Sign(frozenset({RequestType.REFUND_ONLY, RequestType.RETURN_REFUND}), _SIZE_WORDS,
         RequestType.EXCHANGE, "DOMAIN.md §1 (exchange: another size or model)"),
    Sign(frozenset({RequestType.EXCHANGE}), _MISSING_WORDS, RequestType.RESEND,
         "DOMAIN.md §1 (resend: wrong, damaged or incomplete item)"),
    Sign(frozenset({RequestType.RESEND, RequestType.EXCHANGE}), _MONEY_WORDS,
         RequestType.REFUND_ONLY, "DOMAIN.md §1 (refund: the buyer wants money back)"),
    Sign(frozenset({RequestType.RESEND}), ("ukuran lain", "tukar", "ganti ukuran"),
         RequestType.EXCHANGE, "DOMAIN.md §1 (exchange: another size or model)"),
)  # fmt: skip


@dataclass(frozen=True)
class Mismatch:
    suggests: RequestType
    words: tuple[str, ...]  # the words found, as written in the sign
    ref: str


def type_mismatch(kind: RequestType, *texts: str | None) -> list[Mismatch]:
    """Signs in the buyer's `texts` (comment, reason) that the request is of another type."""
    text = " ".join(t for t in texts if t).lower()
    found = []
    for sign in SIGNS:
        if kind not in sign.types:
            continue
        words = tuple(w for w in sign.words if re.search(rf"\b{re.escape(w)}\b", text))
        if words:
            found.append(Mismatch(sign.suggests, words, sign.ref))
    return found
