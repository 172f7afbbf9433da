"""The append-only audit trail: who did what, when, from which terminal.

Each event's hash covers its own fields and the previous event's hash, so an edited or
deleted event breaks the chain; the head (setting `audit_head`) names the newest event.
Deleting events *and* the head, or all of them, would leave a chain that still fits,
so every audited row also points at the event that last wrote it (`event_id`) and every
change to a request is numbered (`request_version`): `verify` cross-checks the rows
against their events, and a row whose event is gone, or a request whose version has no
event, is named. The store refuses UPDATE and DELETE on the trail itself (SQLite
triggers; on PostgreSQL a trigger and the application role's privileges, see README).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert, select, text, update
from sqlmodel import Session, col

from core.identity import terminal_name
from core.models import AuditEvent, Request, Setting
from core.rows import sqlite_time

if TYPE_CHECKING:
    from core.db import Store

GENESIS = "0" * 64
HEAD_KEY = "audit_head"
# The tables whose rows carry `event_id`, the event that last wrote them.
AUDITED_TABLES = (
    "request", "orders", "review", "staff", "setting", "shelf_location", "shelf_item",
    "unmatched_parcel", "shift_pic", "handover", "alarm_ack", "queue_review", "claim",
    "claim_evidence", "claim_alarm_ack", "reason_class", "review_follow_up",
    "chat_alarm_ack", "reply_template", "template_use", "chat_message", "holiday_mode",
)  # fmt: skip
# Every table with an `event_id` is in AUDITED_TABLES: none of them is a cache or derived
# data (template uses are the end-of-day count; chat messages carry the abusive-buyer marks).
# The store refuses UPDATE and DELETE on the trail (made by migration 0006; dropped and made
# again only by `purna demo --reset` of a store that holds nothing but demo data).
APPEND_ONLY: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
        "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
    ),
    "postgresql": (
        "CREATE OR REPLACE FUNCTION purna_audit_append_only() RETURNS trigger LANGUAGE plpgsql "
        "AS $$ BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$",
        "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
        "FOR EACH ROW EXECUTE FUNCTION purna_audit_append_only()",
        "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
        "FOR EACH STATEMENT EXECUTE FUNCTION purna_audit_append_only()",
    ),
}
DROP_APPEND_ONLY: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "DROP TRIGGER IF EXISTS audit_event_no_update",
        "DROP TRIGGER IF EXISTS audit_event_no_delete",
    ),
    "postgresql": (
        "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event",
        "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event",
    ),
}
# Where a request's numbered trail may start other than at version 1: a store upgraded
# from a Purna without numbered events carries each request over at its version then.
CARRIED_OVER = "carried_over"


def _digest(prev_hash: str, fields: Sequence[Any]) -> str:
    payload = json.dumps(list(fields), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


def _fields(
    at: datetime, actor: str, terminal: str, request_pk: int | None, action: str,
    before: str | None, after: str | None, detail: str, request_version: int | None,
) -> list[Any]:  # fmt: skip
    fields: list[Any] = [at.isoformat(), actor, terminal, request_pk, action, before, after,
                         detail]  # fmt: skip
    if request_version is not None:  # events written before numbering hash as they did
        fields.append(request_version)
    return fields


def digest_of(prev_hash: str, event: AuditEvent) -> str:
    return _digest(prev_hash, _fields(
        event.at, event.actor, event.terminal, event.request_pk, event.action,
        event.before_state, event.after_state, event.detail, event.request_version,
    ))  # fmt: skip


def _encode(detail: dict[str, Any] | None) -> str:
    return json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)


def _lock_head(connection: Connection) -> tuple[int, str, bool]:
    """(id, hash) of the newest event, the head row locked; the bool says whether it exists."""
    table = Setting.__table__  # type: ignore[attr-defined]
    row = connection.execute(
        select(table.c.value).where(table.c.key == HEAD_KEY).with_for_update()
    ).first()
    if row is not None:
        head_id, head_hash = row[0].split(":", 1)
        return int(head_id), head_hash, True
    last = connection.execute(  # a store older than the head row: start from its newest event
        text("SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1")
    ).first()
    return (int(last[0]), str(last[1]), False) if last else (0, GENESIS, False)


def _store_head(connection: Connection, event_id: int, event_hash: str, existed: bool) -> None:
    table = Setting.__table__  # type: ignore[attr-defined]
    value = f"{event_id}:{event_hash}"
    if existed:
        connection.execute(update(table).where(table.c.key == HEAD_KEY).values(value=value))
    else:
        connection.execute(insert(table).values(key=HEAD_KEY, value=value))


def append(
    session: Session,
    *,
    at: datetime,
    actor: str,
    action: str,
    request: Request | None = None,
    request_pk: int | None = None,
    before_state: str | None = None,
    after_state: str | None = None,
    detail: dict[str, Any] | None = None,
    terminal: str | None = None,
    touches: Iterable[Any] = (),
) -> AuditEvent:
    """Add one event to the chain inside the caller's write transaction.

    With `request`, the event is a change of that request: its version goes up by one
    and the event carries the new number. Every row in `touches` (and the request) is
    marked as last written by this event. The head row is locked first (FOR UPDATE on
    PostgreSQL; SQLite writers are serialised by BEGIN IMMEDIATE), so two terminals
    never chain onto the same event.
    """
    connection = session.connection()
    session.flush()  # the rows this event describes exist before it does
    _head_id, prev_hash, existed = _lock_head(connection)
    version = None
    if request is not None:
        request.version += 1
        request.updated_at = at
        request_pk, version = request.id, request.version
        if after_state is None:
            after_state = request.state
    event = AuditEvent(
        at=at.replace(microsecond=0),
        actor=actor,
        terminal=terminal_name() if terminal is None else terminal,
        request_pk=request_pk,
        request_version=version,
        action=action,
        before_state=before_state,
        after_state=after_state,
        detail=_encode(detail),
        prev_hash=prev_hash,
        hash="",
    )
    event.hash = digest_of(prev_hash, event)
    session.add(event)
    session.flush()
    for row in (*touches, *([request] if request is not None else [])):
        row.event_id = event.id
    _store_head(connection, event.id or 0, event.hash, existed)
    return event


@dataclass(frozen=True)
class Spec:
    """One event of a bulk append (`append_many`)."""

    at: datetime
    actor: str
    action: str
    request_pk: int | None = None
    request_version: int | None = None
    before_state: str | None = None
    after_state: str | None = None
    detail: dict[str, Any] | None = None


def append_many(
    connection: Connection, specs: Sequence[Spec], terminal: str | None = None
) -> list[int]:
    """Chain many events at once (imports, migrations); returns their ids in order.

    The caller's transaction holds the write lock: on SQLite the ids follow the newest
    event's; on PostgreSQL they come back from the insert in the order given.
    """
    if not specs:
        return []
    head_id, prev_hash, existed = _lock_head(connection)
    where = terminal_name() if terminal is None else terminal
    rows = []
    for spec in specs:
        at = spec.at.replace(microsecond=0)
        detail = _encode(spec.detail)
        digest = _digest(prev_hash, _fields(at, spec.actor, where, spec.request_pk, spec.action,
                                            spec.before_state, spec.after_state, detail,
                                            spec.request_version))  # fmt: skip
        rows.append({
            "at": at, "actor": spec.actor, "terminal": where, "request_pk": spec.request_pk,
            "request_version": spec.request_version, "action": spec.action,
            "before_state": spec.before_state, "after_state": spec.after_state,
            "detail": detail, "prev_hash": prev_hash, "hash": digest,
        })  # fmt: skip
        prev_hash = digest
    table = AuditEvent.__table__  # type: ignore[attr-defined]
    if connection.dialect.name == "sqlite":
        start = int(connection.execute(text("SELECT coalesce(max(id), 0) FROM audit_event"))
                    .scalar_one())  # fmt: skip
        ids = list(range(start + 1, start + 1 + len(rows)))
        # straight to the driver, times as SQLAlchemy stores them (per-row processing would
        # cost more than the insert for an import of many requests)
        columns = ("id", *rows[0])
        connection.exec_driver_sql(
            f"INSERT INTO audit_event ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})",
            [(event_id, *(sqlite_time(v) if isinstance(v, datetime) else v for v in row.values()))
             for event_id, row in zip(ids, rows, strict=True)],
        )  # fmt: skip
    else:
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        ids = [int(r[0]) for r in connection.execute(statement, rows)]
    _store_head(connection, ids[-1], prev_hash, existed or head_id > 0)
    return ids


# --- checking the trail -----------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """The result of checking the whole trail: `broken` is None when it is intact."""

    events: int
    broken: int | None = None  # id of the first event that does not fit (or is missing)
    reason: str = ""
    action: str | None = None  # of the broken event, when it is still there
    actor: str | None = None
    request: str | None = None  # the marketplace request id it concerns

    @property
    def intact(self) -> bool:
        return self.broken is None and not self.reason


def _broken(session: Session, count: int, event: AuditEvent, reason: str) -> Verdict:
    request = None
    if event.request_pk is not None:
        request = session.execute(
            select(Request.request_id).where(col(Request.id) == event.request_pk)
        ).scalar_one_or_none()
    return Verdict(count, event.id, reason, event.action, event.actor, request)


def verify_store(store: Store) -> Verdict:
    """`verify`, in a read of its own (for commands, which open no session)."""
    with store.read() as session:
        return verify(session)


def verify(session: Session) -> Verdict:
    """Check every event's link and hash, the head, and every audited row against its event."""
    from core.i18n import _

    count = 0
    prev_hash = GENESIS
    last_id = 0
    events = session.execute(
        select(AuditEvent).order_by(col(AuditEvent.id)).execution_options(yield_per=2000)
    ).scalars()
    for event in events:
        count += 1
        if event.prev_hash != prev_hash:
            return _broken(session, count, event, _(
                "it does not follow the event before it (an event before it was changed or "
                "deleted)"))  # fmt: skip
        if event.hash != digest_of(prev_hash, event):
            return _broken(session, count, event, _("its content was changed after it was written"))
        prev_hash, last_id = event.hash, event.id or 0
    head = session.get(Setting, HEAD_KEY)
    if head is not None:
        head_id, head_hash = head.value.split(":", 1)
        if int(head_id) != last_id or head_hash != prev_hash:
            return Verdict(
                count, int(head_id), _("the newest event, #{id}, is missing").format(id=head_id)
            )
    elif count == 0 and _any_audited_row(session):
        return Verdict(count, None, _("the trail and its head are gone, but the store holds data"))
    elif count > 0:  # every store since migration 0003 has its head: it was deleted
        return Verdict(count, None, _(
            "the head of the trail (setting {key}) is gone, so deleted newest events could "
            "not be seen"
        ).format(key=HEAD_KEY))  # fmt: skip
    problem = (
        _rows_without_events(session)
        or _requests_without_events(session)
        or _powers_unlike_their_events(session)
    )
    if problem:
        return Verdict(count, None, problem)
    return Verdict(count)


def _any_audited_row(session: Session) -> bool:
    connection = session.connection()
    return any(
        connection.execute(text(f'SELECT 1 FROM "{table}" LIMIT 1')).first() is not None
        for table in AUDITED_TABLES
    )


def _rows_without_events(session: Session) -> str:
    """A row whose last event is gone: the events that wrote it were deleted."""
    from core.i18n import _

    connection = session.connection()
    for table in AUDITED_TABLES:
        key = (
            "key"
            if table in ("setting", "reason_class")
            else ("code" if table == "shelf_location" else "id")
        )
        skip = f" AND t.key <> '{HEAD_KEY}'" if table == "setting" else ""
        found = connection.execute(text(
            f'SELECT t."{key}", t.event_id FROM "{table}" t '
            "LEFT JOIN audit_event e ON e.id = t.event_id "
            f"WHERE e.id IS NULL{skip} ORDER BY t.event_id DESC LIMIT 1"
        )).first()  # fmt: skip
        if found is not None:
            if table == "request":
                shown = connection.execute(
                    text("SELECT request_id FROM request WHERE id = :id"), {"id": found[0]}
                ).scalar_one()
                return _("request {request} was last changed by event #{event}, which is "
                         "missing").format(request=shown, event=found[1] or "?")  # fmt: skip
            return _("{table} {row} was last written by event #{event}, which is missing").format(
                table=table, row=found[0], event=found[1] or "?")  # fmt: skip
    return ""


_VERSIONS = f"""
SELECT r.request_id, r.version, v.first, v.last, v.n, v.distinct_n, last.after_state, r.state,
       first.action
FROM request r
LEFT JOIN (
    SELECT request_pk, min(request_version) AS first, max(request_version) AS last,
           count(*) AS n, count(DISTINCT request_version) AS distinct_n
    FROM audit_event WHERE request_version IS NOT NULL GROUP BY request_pk
) v ON v.request_pk = r.id
LEFT JOIN audit_event last ON last.request_pk = r.id AND last.request_version = r.version
LEFT JOIN audit_event first ON first.request_pk = r.id AND first.request_version = v.first
WHERE v.request_pk IS NULL OR v.last <> r.version OR v.n <> v.distinct_n
   OR v.last - v.first + 1 <> v.n OR (v.first <> 1 AND first.action <> '{CARRIED_OVER}')
   OR last.id IS NULL OR last.after_state <> r.state
ORDER BY r.id LIMIT 1
"""


# (table, key column, value column, the event that writes it, its detail's names for both)
_POWERS = (
    ("staff", "login", "role", "staff_add", ("login", "role")),
    ("setting", "key", "value", "setting", ("key", "after")),
)


def _powers_unlike_their_events(session: Session) -> str:
    """A staff member's role and a setting's value must be what their last event wrote:
    who may refund and what command prints labels are what someone with the database file
    would change, and the row still points at a real event then (issue 8, point 5)."""
    from core.i18n import _

    connection = session.connection()
    for table, key, value, action, names in _POWERS:
        rows = connection.execute(text(
            f'SELECT t."{key}", t."{value}", e.id, e.detail FROM "{table}" t '
            f"JOIN audit_event e ON e.id = t.event_id WHERE e.action = '{action}' "
            f'ORDER BY t."{key}"'
        ))  # fmt: skip
        for row_key, row_value, event, detail in rows:
            written = json.loads(detail or "{}")
            if (written.get(names[0]), written.get(names[1])) != (row_key, row_value):
                return _("{table} {row} is not what event #{event} that wrote it says").format(
                    table=table, row=row_key, event=event)  # fmt: skip
    return ""


def _requests_without_events(session: Session) -> str:
    """A request at version N must have one event per version (1..N, or from where it was
    carried over) and be in the state its last event left it in."""
    from core.i18n import _

    row = session.connection().execute(text(_VERSIONS)).first()
    if row is None:
        return ""
    request_id, version, _first, last, _n, _distinct, after, state, _action = row
    if last is None or last < version:
        return _("request {request} is at version {version} but its newest events are "
                 "missing").format(request=request_id, version=version)  # fmt: skip
    if after is not None and after != state:
        return _("request {request} is {state} but its last event left it {after}").format(
            request=request_id, state=state, after=after)  # fmt: skip
    return _("the events of request {request} do not add up to its version {version}").format(
        request=request_id, version=version)  # fmt: skip


def first_broken(events: Iterable[AuditEvent]) -> AuditEvent | None:
    """The first event (in id order) whose link or hash does not fit, or None if intact."""
    prev_hash = GENESIS
    for event in events:
        if event.prev_hash != prev_hash or event.hash != digest_of(prev_hash, event):
            return event
        prev_hash = event.hash
    return None
