"""Every change to a request: one function, one transaction: guard, change, audit event.

A refused action raises `Refused` and changes nothing. Each function takes the
`version` of the request as the person saw it: if another terminal changed it since,
the action is refused with who changed it and when (`Stale`), so nothing is decided
on an old picture. SQLite writers are serialised by BEGIN IMMEDIATE; on PostgreSQL the
request row is locked FOR UPDATE (and `take_next` skips rows others hold).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlmodel import Session, col

from core import audit, conduct, guards, permissions, reject_reasons, templates
from core.db import Store
from core.errors import Refused, Stale
from core.formatting import format_local, format_rupiah
from core.i18n import _
from core.models import AuditEvent, Request, RequestCheck, RequestNote, Setting
from core.permissions import Member
from core.queries import QUEUE_ORDER
from core.rows import QUEUE_COLUMNS, QueueRow, queue_row
from core.settings import DEFAULTS
from core.workflow import (
    ANSWERS,
    CHECKLISTS,
    CONDITIONS,
    STATE_TITLES,
    TYPE_TITLES,
    RequestType,
    State,
    find_transition,
    is_auto_approved,
    is_open,
)

MIN_REASON = guards.MIN_OVERRIDE_REASON  # characters of a written override reason

__all__ = ["Done", "Refused", "Stale", "acting", "add_note", "claim", "decide", "decide_in",
           "holding_reply", "locked", "release", "set_check", "take_next"]  # fmt: skip


@dataclass(frozen=True)
class Done:
    request_pk: int
    action: str
    before: str | None
    after: str | None
    version: int
    event_id: int


# --- shared steps ---------------------------------------------------------------------


def acting(session: Session, login: str, action: str) -> Member:
    """The staff member acting as `login`, if core.permissions lets them do `action`."""
    return permissions.require(session, login, action)


def auto_approved_message(respond_by: datetime | None, zone: Any) -> str:
    """Why Purna records no new decision on a request the platform approved on its own."""
    return _(
        "Auto-approved by the platform (check Seller Center): the time to respond ended at "
        "{when} without a decision. Purna records no new decision on it until an export shows "
        "how it ended."
    ).format(when=format_local(respond_by, zone) if respond_by else "-")


def locked(session: Session, pk: int) -> Request:
    """Request `pk`, its row locked for this transaction (PostgreSQL; SQLite locks the file)."""
    row = session.execute(
        select(Request).where(col(Request.id) == pk).with_for_update()
    ).scalar_one_or_none()
    if row is None:
        raise Refused(_("This request is no longer in the store."), "missing")
    return row


def fresh(session: Session, row: Request, version: int, zone: Any) -> None:
    """Refuse (Stale) a change to `row` made from a version older than the stored one,
    naming who changed it last and when."""
    if row.version == version:
        return
    last = session.execute(
        select(AuditEvent.actor, AuditEvent.at, AuditEvent.action)
        .where(col(AuditEvent.request_pk) == row.id)
        .order_by(col(AuditEvent.id).desc())
        .limit(1)
    ).first()
    who, when = (last[0], last[1]) if last else (None, None)
    if who and when:
        message = _(
            "Not done: {who} changed this request at {when}, after it was shown here. "
            "The screen shows it again as it is now; check it and decide again."
        ).format(who=who, when=format_local(when, zone))
    else:
        message = _(
            "Not done: this request was changed after it was shown here. The screen shows it "
            "again as it is now; check it and decide again."
        )
    raise Stale(message, who, when)


def _claim_allows(row: Request, actor: Member) -> None:
    if permissions.may_act_on(actor, row.claimed_by):
        return
    raise Refused(
        _("{who} has claimed this request; only they or a supervisor can act on it.").format(
            who=row.claimed_by
        ),
        "claimed",
    )


def _checks(session: Session, pk: int) -> frozenset[str]:
    return frozenset(
        session.execute(
            select(RequestCheck.check_key).where(col(RequestCheck.request_pk) == pk)
        ).scalars()
    )


def _facts(session: Session, row: Request) -> guards.Facts:
    return guards.Facts(
        request_type=RequestType(row.request_type),
        evidence_count=row.evidence_count,
        checks=_checks(session, row.id or 0),
        received_at=row.received_at,
        inspection=row.inspection,
        amount=row.amount,
    )


def _refund_threshold(session: Session) -> int:
    """Read inside the action's transaction: the limit applies as it stands right now."""
    setting = session.get(Setting, "refund_supervisor_above")
    return int(setting.value if setting else DEFAULTS["refund_supervisor_above"])


def _done(event: AuditEvent, row: Request, action: str, before: str | None) -> Done:
    return Done(row.id or 0, action, before, row.state, row.version, event.id or 0)


# --- decisions ----------------------------------------------------------------------------


def decide(
    store: Store,
    *,
    pk: int,
    action: str,
    login: str,
    version: int,
    now: datetime,
    confirmation: str = "",
    override_reason: str = "",
    awb: str = "",
    inspection: str = "",
    reject_reason: str = "",
    note: str = "",
) -> Done:
    """Move request `pk` along its workflow by `action` (refund, reject, approve_return, ...).

    Irreversible actions need their guards (core.guards) met, or a supervisor's written
    override, and `confirmation`, the order id's last characters (a `confirmation` given
    to any other action must match too); a refund above the
    configured amount needs a supervisor. A reject names one of the marketplace's reasons
    (core.reject_reasons) with an optional `note`; both go into the audit trail.
    """
    with store.write() as session:
        return decide_in(
            session, store, pk=pk, action=action, login=login, version=version, now=now,
            confirmation=confirmation, override_reason=override_reason, awb=awb,
            inspection=inspection, reject_reason=reject_reason, note=note,
        )  # fmt: skip


def decide_in(
    session: Session,
    store: Store,
    *,
    pk: int,
    action: str,
    login: str,
    version: int,
    now: datetime,
    confirmation: str = "",
    override_reason: str = "",
    awb: str = "",
    inspection: str = "",
    reject_reason: str = "",
    note: str = "",
) -> Done:
    """`decide` inside the caller's write transaction (receiving adds shelf work to it)."""
    now = now.astimezone(UTC)
    actor = acting(session, login, action if action in permissions.RULES else "view")
    row = locked(session, pk)
    fresh(session, row, version, store.shop_zone)
    kind, state = RequestType(row.request_type), State(row.state)
    step = find_transition(kind, state, action)
    if step is None:
        raise Refused(
            _("This cannot be done to a {type} request that is {state}.").format(
                type=_(TYPE_TITLES[kind]), state=_(STATE_TITLES[state]).lower()
            ),
            "state",
        )
    _claim_allows(row, actor)
    if is_auto_approved(row.answered, row.is_open, row.respond_by, now):
        raise Refused(auto_approved_message(row.respond_by, store.shop_zone), "auto_approved")
    if action == "inspect" and inspection not in CONDITIONS:
        raise Refused(_("Say what condition the item is in."), "input")
    # every irreversible step needs the code typed, whoever calls (screen, command, script)
    if (step.irreversible or confirmation.strip()) and not guards.code_matches(
        confirmation, row.order_id
    ):
        raise Refused(wrong_code_message(confirmation, row.order_id), "confirmation")
    reason = _reject_reason(row, kind, action, reject_reason, note)
    limit = _refund_threshold(session)
    if guards.needs_supervisor(action, row.amount, limit) and not permissions.allows(
        actor, "refund_above_limit"
    ):
        raise Refused(
            _("A refund above {limit} needs a supervisor.").format(limit=format_rupiah(limit)),
            "supervisor",
        )
    lacking = guards.missing(action, _facts(session, row), now)
    overridden: list[str] = []
    if lacking:
        titles = tuple(r.title for r in lacking)
        if not override_reason.strip():
            raise Refused(_("Not done: checks are missing."), "guard", titles)
        if not permissions.allows(actor, "override_checks"):
            raise Refused(_("Only a supervisor may override missing checks."), "guard", titles)
        if len(override_reason.strip()) < MIN_REASON:
            raise Refused(
                _("Write why the checks are overridden (at least {n} characters).").format(
                    n=MIN_REASON
                ),
                "input",
                titles,
            )
        overridden = [r.key for r in lacking]

    before = row.state
    row.state = step.target.value
    row.is_open = is_open(kind, step.target)
    if row.claimed_by is None:
        row.claimed_by = actor.login
    if action in ANSWERS and not row.answered:
        row.answered, row.responded_at = True, now
    if action == "confirm_receipt":
        row.received_at = now
    if action == "inspect":
        row.inspection = inspection
    if awb.strip():
        row.resend_awb = awb.strip()
    ticked = guards.TICKS.get(action)
    if ticked and ticked in {i.key for i in CHECKLISTS[kind]}:
        _tick(session, row.id or 0, ticked, actor.login, now)
    detail: dict[str, Any] = {}
    if overridden:
        detail.update(override_reason=override_reason.strip(), overridden=overridden)
    if awb.strip():
        detail["awb"] = awb.strip()
    if inspection:
        detail["inspection"] = inspection
    if action in guards.MONEY_ACTIONS:
        detail["amount"] = row.amount
    if reason is not None:
        detail["reject_reason"] = reason.key
    if note.strip():
        detail["note"] = note.strip()
    event = audit.append(session, at=now, actor=actor.login, action=action, request=row,
                         before_state=before, detail=detail)  # fmt: skip
    return _done(event, row, action, before)


def wrong_code_message(typed: str, order_id: str) -> str:
    """What a person is told when the confirmation code is missing or wrong."""
    if not typed.strip():
        return _("Type the last {n} characters of order {order} to confirm.").format(
            n=guards.CONFIRM_CHARS, order=order_id
        )
    return _(
        "{typed} is not the end of order {order}: type its last {n} characters to confirm."
    ).format(typed=typed.strip(), order=order_id, n=guards.CONFIRM_CHARS)


def _reject_reason(
    row: Request, kind: RequestType, action: str, key: str, note: str
) -> reject_reasons.RejectReason | None:
    """The reject reason chosen, checked against the marketplace's list (None: not a
    reject). A reject without one is refused: the platforms ask for it (DOMAIN.md §3)."""
    if action != "reject":
        return None
    reason = reject_reasons.find(row.marketplace, kind, key)
    if reason is None:
        raise Refused(_("Choose one of the platform's reasons for rejecting."), "input")
    if reason.needs_note and not note.strip():
        raise Refused(_("Write the reason for rejecting in the note."), "input")
    return reason


def _tick(session: Session, pk: int, key: str, login: str, now: datetime) -> bool:
    exists = session.execute(
        select(RequestCheck.id).where(
            col(RequestCheck.request_pk) == pk, col(RequestCheck.check_key) == key
        )
    ).first()
    if exists:
        return False
    session.add(RequestCheck(request_pk=pk, check_key=key, done_by=login, done_at=now))
    return True


def set_check(
    store: Store, *, pk: int, key: str, done: bool, login: str, version: int, now: datetime
) -> Done:
    """Tick (or untick) one item of the request type's checklist."""
    now = now.astimezone(UTC)
    with store.write() as session:
        actor = acting(session, login, "check")
        row = locked(session, pk)
        fresh(session, row, version, store.shop_zone)
        kind = RequestType(row.request_type)
        if key not in {item.key for item in CHECKLISTS[kind]}:
            raise Refused(_("That check does not belong to this request type."), "input")
        if not guards.by_hand(key):
            raise Refused(recorded_message(key), "recorded")
        if not row.is_open:
            raise Refused(_("This request is already decided."), "state")
        _claim_allows(row, actor)
        if done:
            changed = _tick(session, pk, key, actor.login, now)
        else:
            found = session.execute(
                select(RequestCheck).where(
                    col(RequestCheck.request_pk) == pk, col(RequestCheck.check_key) == key
                )
            ).scalar_one_or_none()
            changed = found is not None
            if found is not None:
                session.delete(found)
        if not changed:
            raise Refused(_("Nothing to change."), "input")
        event = audit.append(session, at=now, actor=actor.login,
                             action="check" if done else "uncheck", request=row,
                             before_state=row.state, detail={"check": key})  # fmt: skip
        return _done(event, row, "check" if done else "uncheck", row.state)


def recorded_message(key: str) -> str:
    """Why check `key` cannot be ticked by hand: the action that records it (core.guards)."""
    from core.trail import check_title
    from core.workflow import ACTION_TITLES

    return _("“{check}” is ticked by doing it: {action}. It cannot be ticked by hand.").format(
        check=check_title(key), action=_(ACTION_TITLES[guards.RECORDED[key]])
    )


def add_note(store: Store, *, pk: int, text: str, login: str, now: datetime) -> Done:
    """A note beside the request; it does not change the request, so any version will do."""
    now = now.astimezone(UTC)
    text = text.strip()
    if not text:
        raise Refused(_("The note is empty."), "input")
    with store.write() as session:
        actor = acting(session, login, "note")
        row = locked(session, pk)
        session.add(RequestNote(request_pk=pk, author=actor.login, at=now, text=text))
        event = audit.append(session, at=now, actor=actor.login, action="note", request=row,
                             before_state=row.state, detail={"text": text})  # fmt: skip
        return _done(event, row, "note", row.state)


def holding_reply(
    store: Store, *, pk: int, login: str, now: datetime, text: str | None = None
) -> Done:
    """Record that a holding reply ("still investigating") was sent to the buyer.

    It never moves `respond_by`: the platform keeps counting (DOMAIN.md §2). `text`, the
    words meant for the buyer, is refused while it breaks a conduct rule (DOMAIN.md §7) and
    kept in the audit trail.
    """
    now = now.astimezone(UTC)
    if text is not None:
        text = text.strip()
        if not text:
            raise Refused(_("The reply is empty."), "input")
        found = [templates.conduct_line(f) for f in conduct.check(text)]
        if found:
            raise Refused(_("Not recorded: the reply breaks a conduct rule.") + "\n- "
                          + "\n- ".join(found), "conduct")  # fmt: skip
    with store.write() as session:
        actor = acting(session, login, "holding_reply")
        row = locked(session, pk)
        if not row.is_open:
            raise Refused(_("This request is already decided."), "state")
        if is_auto_approved(row.answered, row.is_open, row.respond_by, now):
            raise Refused(auto_approved_message(row.respond_by, store.shop_zone), "auto_approved")
        row.holding_reply_at = now
        deadline = row.respond_by.isoformat() if row.respond_by else None
        said: dict[str, Any] = {"respond_by": deadline}
        if text is not None:
            said["text"] = text
        event = audit.append(session, at=now, actor=actor.login, action="holding_reply",
                             request=row, before_state=row.state, detail=said)  # fmt: skip
        return _done(event, row, "holding_reply", row.state)


def holding_reply_words(
    *, answered: bool, respond_by: datetime | None, now: datetime, zone: Any, console: str
) -> str:
    """What a person is told after recording a holding reply, true for the request's timing:
    Purna sends nothing, and only an unanswered request still has a platform deadline."""
    from core.timing import Status, timing

    recorded = _("Holding reply recorded. Purna sends nothing: write it in the buyer's chat.")
    status = timing(answered, True, respond_by, now).status
    if status is Status.COUNTING and respond_by is not None:
        then = _(
            "It does not stop the clock: unless the request is decided before {when}, the "
            "platform approves it on its own."
        ).format(when=format_local(respond_by, zone))
    elif status is Status.ANSWERED:
        then = _(
            "The request is already answered, so no platform deadline runs on it: the reply "
            "only keeps the buyer informed."
        )
    elif status is Status.AUTO_APPROVED:
        then = auto_approved_message(respond_by, zone)
    else:
        then = _("Purna does not know this request's deadline: check it in {console}.").format(
            console=console
        )
    return f"{recorded} {then}"


# --- who works on what ------------------------------------------------------------------


def take_next(store: Store, *, kind: RequestType, login: str, now: datetime) -> QueueRow | None:
    """Claim the most urgent unclaimed open request of `kind` for `login`, atomically. One
    the platform has auto-approved is skipped: no decision can be taken on it any more
    (workflow.is_auto_approved), so it is not work to hand out."""
    now = now.astimezone(UTC)
    with store.write() as session:
        actor = acting(session, login, "claim")
        statement = (
            select(Request)
            .where(
                col(Request.is_open).is_(True),
                col(Request.request_type) == kind.value,
                col(Request.claimed_by).is_(None),
                or_(
                    col(Request.answered).is_(True),
                    col(Request.respond_by).is_(None),
                    col(Request.respond_by) > now,
                ),
            )
            .order_by(*QUEUE_ORDER)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        row = session.execute(statement).scalar_one_or_none()
        if row is None:
            return None
        row.claimed_by = actor.login
        audit.append(session, at=now, actor=actor.login, action="claim", request=row,
                     before_state=row.state, detail={"take_next": True})  # fmt: skip
        return queue_row([getattr(row, name) for name in QUEUE_COLUMNS])


def claim(store: Store, *, pk: int, login: str, version: int, now: datetime) -> Done:
    """Take request `pk` for `login`; refused if someone else holds it."""
    now = now.astimezone(UTC)
    with store.write() as session:
        actor = acting(session, login, "claim")
        row = locked(session, pk)
        fresh(session, row, version, store.shop_zone)
        if row.claimed_by == actor.login:
            raise Refused(_("You already have this request."), "input")
        if row.claimed_by is not None:
            raise Refused(
                _("{who} has claimed this request already.").format(who=row.claimed_by), "claimed"
            )
        row.claimed_by = actor.login
        event = audit.append(session, at=now, actor=actor.login, action="claim", request=row,
                             before_state=row.state)  # fmt: skip
        return _done(event, row, "claim", row.state)


def release(store: Store, *, pk: int, login: str, version: int, now: datetime) -> Done:
    """Give request `pk` back to the queue (its holder, or a supervisor)."""
    now = now.astimezone(UTC)
    with store.write() as session:
        actor = acting(session, login, "release")
        row = locked(session, pk)
        fresh(session, row, version, store.shop_zone)
        if row.claimed_by is None:
            raise Refused(_("Nobody has claimed this request."), "input")
        if not permissions.may_act_on(actor, row.claimed_by):
            raise Refused(
                _("{who} has claimed this request; only they or a supervisor can release it.")
                .format(who=row.claimed_by),
                "claimed",
            )  # fmt: skip
        holder = row.claimed_by
        row.claimed_by = None
        event = audit.append(session, at=now, actor=actor.login, action="release", request=row,
                             before_state=row.state, detail={"holder": holder})  # fmt: skip
        return _done(event, row, "release", row.state)
