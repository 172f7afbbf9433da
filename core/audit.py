"""The append-only audit trail: who did what, when, from which terminal.

Each event's hash covers its own fields and the previous event's hash, so an edited
or deleted row breaks the chain and `verify` names the first event that no longer fits.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from core.identity import terminal_name
from core.models import AuditEvent

GENESIS = "0" * 64


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
    """Add one event to the chain inside the caller's write transaction."""
    last = session.exec(
        select(AuditEvent.hash).order_by(col(AuditEvent.id).desc()).limit(1)
    ).first()
    prev_hash = last or GENESIS
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
    return event


def first_broken(events: Iterable[AuditEvent]) -> AuditEvent | None:
    """The first event (in id order) whose link or hash does not fit, or None if intact."""
    prev_hash = GENESIS
    for event in events:
        if event.prev_hash != prev_hash or event.hash != _digest(prev_hash, event):
            return event
        prev_hash = event.hash
    return None
