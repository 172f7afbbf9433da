"""Who may do what: one rule for every action, command and setting.

Who is acting is the OS account of the process (core.identity), matched to a staff
record. There are three kinds of people: supervisors, staff, and everyone else. People
who are not staff see no buyer data at all and are told to ask a supervisor. Every
core write and every command asks `require`; screens ask `allows` only to decide which
keys to show. The table below is the whole rule: adding an action means adding a line.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlmodel import Session, col

if TYPE_CHECKING:
    from core.db import Store

from core.errors import NotAllowed
from core.i18n import N_, _
from core.models import Staff


class Role(IntEnum):
    """Ordered: a supervisor may do everything staff may."""

    STAFF = 1
    SUPERVISOR = 2


@dataclass(frozen=True)
class Member:
    login: str
    name: str
    role: str
    active: bool

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"

    @property
    def level(self) -> Role:
        return Role.SUPERVISOR if self.is_supervisor else Role.STAFF


@dataclass(frozen=True)
class Permission:
    who: Role
    what: str  # catalog message completing "Only a supervisor may …" / "… may not …"


STAFF, SUPERVISOR = Role.STAFF, Role.SUPERVISOR

RULES: dict[str, Permission] = {
    # reading anything that holds buyer data (queues, requests, handover, exports)
    "view": Permission(STAFF, N_("see requests and buyer data")),
    "audit_verify": Permission(STAFF, N_("check the audit trail")),
    # decisions on a request (core.workflow actions)
    "refund": Permission(STAFF, N_("refund")),
    "reject": Permission(STAFF, N_("reject a request")),
    "approve_return": Permission(STAFF, N_("approve a return")),
    "dispute": Permission(STAFF, N_("dispute a returned item")),
    "resend": Permission(STAFF, N_("send goods again")),
    "ship_replacement": Permission(STAFF, N_("ship a replacement")),
    "request_evidence": Permission(STAFF, N_("ask the buyer for evidence")),
    "confirm_receipt": Permission(STAFF, N_("confirm receipt of a parcel")),
    "inspect": Permission(STAFF, N_("record an inspection")),
    "check_log": Permission(STAFF, N_("record the warehouse log check")),
    "confirm_stock": Permission(STAFF, N_("confirm stock")),
    "offer_refund": Permission(STAFF, N_("offer a refund")),
    # beside the decisions
    "check": Permission(STAFF, N_("tick a check")),
    "note": Permission(STAFF, N_("add a note")),
    "holding_reply": Permission(STAFF, N_("record a holding reply")),
    "claim": Permission(STAFF, N_("take a request")),
    "release": Permission(STAFF, N_("release a request")),
    "override_checks": Permission(SUPERVISOR, N_("go ahead without the missing checks")),
    "refund_above_limit": Permission(SUPERVISOR, N_("refund above the shop's limit")),
    "act_on_claimed": Permission(SUPERVISOR, N_("act on a request another person holds")),
    # logistics claims (core.claims_store): open, evidence, confirmations, state, money
    "claims_work": Permission(STAFF, N_("work on a logistics claim")),
    # reason categories (core.tags) and negative reviews (core.review_queue)
    "tag_reason": Permission(STAFF, N_("change a request's reason category")),
    "classify_reason": Permission(SUPERVISOR, N_("classify a reason text for every request")),
    "review_follow_up": Permission(STAFF, N_("follow up a negative review")),
    # files
    "import": Permission(STAFF, N_("import files")),
    # warehouse
    "parcel_record": Permission(STAFF, N_("record an unmatched parcel")),
    "parcel_match": Permission(STAFF, N_("match a parcel")),
    "restock": Permission(STAFF, N_("restock an item")),
    "dispose": Permission(STAFF, N_("dispose of an item")),
    "shelf_move": Permission(STAFF, N_("move an item on the shelf")),
    "label": Permission(STAFF, N_("print a label")),
    "shelf_add": Permission(SUPERVISOR, N_("set up shelf locations")),
    # shifts
    "handover_notes": Permission(STAFF, N_("write handover notes")),
    "hand_over": Permission(STAFF, N_("hand a shift over")),
    "handover_ack": Permission(STAFF, N_("acknowledge a handover")),
    "alarm_ack": Permission(STAFF, N_("acknowledge alarms")),
    "queue_review": Permission(STAFF, N_("record a queue review")),
    "shift_plan": Permission(SUPERVISOR, N_("change the shift plan")),
    "shift_pic": Permission(SUPERVISOR, N_("assign the PIC of a shift")),
    # replies and buyer chat (core.templates_store, core.chat_store)
    "template_use": Permission(STAFF, N_("use a reply template")),
    "template_edit": Permission(SUPERVISOR, N_("edit reply templates")),
    "chat_import": Permission(STAFF, N_("import buyer chats")),
    "chat_mark": Permission(STAFF, N_("mark a buyer's message as abusive")),
    "holiday_mode": Permission(SUPERVISOR, N_("record the shop's holiday mode")),
    # the shop
    "staff_add": Permission(SUPERVISOR, N_("add staff")),
    "setting": Permission(SUPERVISOR, N_("change settings")),
    "demo_reset": Permission(SUPERVISOR, N_("start the demo over")),
    # where each rule of the policy table comes from (the policy screen, `purna policy`)
    "policy_sources": Permission(SUPERVISOR, N_("see where each rule comes from")),
}

# What each `purna` command needs before it touches the store (shared/formats/CLI.md).
COMMANDS: dict[str, str] = {
    "queue": "view",
    "handover": "view",
    "metrics": "view",
    "claims": "view",
    "review-week": "view",
    "import": "import",
    "staff list": "view",
    "staff add": "staff_add",
    "audit verify": "audit_verify",
    "shelf list": "view",
    "shelf add": "shelf_add",
    "shift list": "view",
    "shift set": "shift_plan",
    "shift pic": "shift_pic",
    "setting list": "view",
    "setting change": "setting",
    "demo reset": "demo_reset",
    "policy": "view",
    "template list": "view",
    "template show": "view",
    "template add": "template_edit",
    "template edit": "template_edit",
    "template delete": "template_edit",
    "chat import": "chat_import",
    "chat list": "view",
    "cs-report": "view",
    "holiday-mode list": "view",
    "holiday-mode add": "holiday_mode",
}


def find(session: Session, login: str) -> Member | None:
    """The active staff record of `login`, or None."""
    row = session.execute(select(Staff).where(col(Staff.login) == login)).scalar_one_or_none()
    if row is None or not row.active:
        return None
    return Member(row.login, row.name, row.role, row.active)


def member_of(store: Store, login: str) -> Member | None:
    """`find`, in a read of its own (for screens and commands, which open no session)."""
    with store.read() as session:
        return find(session, login)


def not_staff_message(login: str) -> str:
    return _(
        "The login '{login}' is not registered as staff of this shop, so it sees no buyer "
        'data and cannot act. Ask a supervisor to run: purna staff add {login} --name "Your Name"'
    ).format(login=login)


def allows(member: Member | None, action: str) -> bool:
    """Whether `member` may do `action` (screens: which keys to show)."""
    rule = RULES[action]
    return member is not None and member.level >= rule.who


def refusal(member: Member | None, login: str, action: str) -> NotAllowed:
    """The refusal `require` raises, in words for the person at the terminal."""
    if member is None:
        return NotAllowed(not_staff_message(login), "not_staff")
    return NotAllowed(
        _("Only a supervisor may {what}; '{login}' is staff. Ask a supervisor.").format(
            what=_(RULES[action].what), login=login
        ),
        "supervisor",
    )


def require(session: Session, login: str, action: str) -> Member:
    """The staff record of `login` if it may do `action`; else NotAllowed (nothing changes)."""
    member = find(session, login)
    if not allows(member, action):
        raise refusal(member, login, action)
    assert member is not None
    return member


def require_command(store: Store, login: str, command: str) -> Member:
    """The staff record of `login` if it may run the `purna` command `command`."""
    with store.read() as session:
        return require(session, login, COMMANDS[command])


def may_act_on(member: Member, claimed_by: str | None) -> bool:
    """A request someone has claimed is theirs to act on (or a supervisor's)."""
    return claimed_by in (None, member.login) or allows(member, "act_on_claimed")


def needs_supervisor_for(amount: int, limit: int) -> bool:
    """Refunds above the shop's limit (policy REFUND_SUPERVISOR_ABOVE) need a supervisor."""
    return amount > limit


def is_pic_or_supervisor(member: Member | None, pic_login: str | None) -> bool:
    """Handing a shift over and acknowledging it: that shift's PIC, or a supervisor."""
    return member is not None and (member.is_supervisor or member.login == pic_login)
