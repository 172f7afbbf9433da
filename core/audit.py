"""The append-only audit trail: who did what, when, from which terminal.

Each event's hash covers its own fields and the previous event's hash, so an edited
or deleted row breaks the chain and `verify` names the first event that no longer fits;
the head (setting `audit_head`) names the newest event, so deleting it shows too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from core.identity import terminal_name
from core.models import AuditEvent, Setting

GENESIS = "0" * 64
HEAD_KEY = "audit_head"


def _digest(prev_hash: str, event: AuditEvent) -> str:
    payload = json.dumps(
        [
            event.at.isoformat(),
            event.actor,
            event.terminal,
            event.request_pk,
            event.action,
            event.before_state,
            event.after_state,
            event.detail,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


def append(
    session: Session,
    *,
    at: datetime,
    actor: str,
    action: str,
    request_pk: int | None = None,
    before_state: str | None = None,
    after_state: str | None = None,
    detail: dict[str, Any] | None = None,
    terminal: str | None = None,
) -> AuditEvent:
    """Add one event to the chain inside the caller's write transaction.

    The head row is locked first (FOR UPDATE on PostgreSQL; SQLite writers are already
    serialised by BEGIN IMMEDIATE), so two terminals never chain onto the same event.
    """
    head = session.execute(
        select(Setting).where(col(Setting.key) == HEAD_KEY).with_for_update()
    ).scalar_one_or_none()
    if head is None:  # a store older than the head row: start it from the newest event
        last = session.execute(
            select(AuditEvent.id, AuditEvent.hash).order_by(col(AuditEvent.id).desc()).limit(1)
        ).first()
        head = Setting(key=HEAD_KEY, value=f"{last[0]}:{last[1]}" if last else f"0:{GENESIS}")
        session.add(head)
    prev_hash = head.value.split(":", 1)[1]
    event = AuditEvent(
        at=at.replace(microsecond=0),
        actor=actor,
        terminal=terminal_name() if terminal is None else terminal,
        request_pk=request_pk,
        action=action,
        before_state=before_state,
        after_state=after_state,
        detail=json.dumps(detail or {}, ensure_ascii=False, sort_keys=True),
        prev_hash=prev_hash,
        hash="",
    )
    event.hash = _digest(prev_hash, event)
    session.add(event)
    session.flush()
    head.value = f"{event.id}:{event.hash}"
    return event


@dataclass(frozen=True)
class Verdict:
    """The result of checking the whole trail: `broken` is None when it is intact."""

    events: int
    broken: int | None = None  # id of the first event that does not fit
    reason: str = ""


def verify(session: Session) -> Verdict:
    """Check every event's link and hash, and that the newest one is the recorded head."""
    from core.i18n import _

    count = 0
    prev_hash = GENESIS
    last_id = 0
    events = session.execute(select(AuditEvent).order_by(col(AuditEvent.id))).scalars()
    for event in events:
        count += 1
        if event.prev_hash != prev_hash:
            return Verdict(
                count,
                event.id,
                _(
                    "it does not follow the event before it "
                    "(an event before it was changed or deleted)"
                ),
            )
        if event.hash != _digest(prev_hash, event):
            return Verdict(count, event.id, _("its content was changed after it was written"))
        prev_hash, last_id = event.hash, event.id or 0
    head = session.get(Setting, HEAD_KEY)
    if head is not None:
        head_id, head_hash = head.value.split(":", 1)
        if int(head_id) != last_id or head_hash != prev_hash:
            return Verdict(
                count, int(head_id), _("the newest event, #{id}, is missing").format(id=head_id)
            )
    return Verdict(count)


def first_broken(events: Iterable[AuditEvent]) -> AuditEvent | None:
    """The first event (in id order) whose link or hash does not fit, or None if intact."""
    prev_hash = GENESIS
    for event in events:
        if event.prev_hash != prev_hash or event.hash != _digest(prev_hash, event):
            return event
        prev_hash = event.hash
    return None
