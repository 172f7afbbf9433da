"""What screens and commands read: plain frozen rows, never live ORM objects.

Queues are read a page at a time (`queue_page`), most urgent first: unanswered requests
before answered ones, each by `respond_by` (the hard deadline), then by id so that the
order is stable between pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    Dialect,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    false,
    func,
    or_,
    select,
)
from sqlmodel import Session, col

from core.db import Store
from core.deadlines import (
    band_limits,
    claim_basis,
    claim_last_day,
    respond_by_business_days,
)
from core.guards import Facts, Mismatch, Option, options, recorded_holds, type_mismatch
from core.models import AuditEvent, Order, Request, RequestCheck, RequestItem, RequestNote, Staff
from core.rows import QUEUE_COLUMNS, QueueRow, TypeSummary, queue_row, queue_row_from_sqlite
from core.workflow import CHECKLISTS, CheckItem, RequestType

if TYPE_CHECKING:
    from core.tags import Tag

_QUEUE_COLUMNS = tuple(getattr(Request, name) for name in QUEUE_COLUMNS)
# Most urgent first: unanswered before answered, each by the platform's deadline; a request
# whose deadline Purna cannot know (no request time in its export) comes first of its group.
QUEUE_ORDER = (
    col(Request.answered),
    col(Request.respond_by).asc().nulls_first(),
    col(Request.id),
)


def _queue_filter(with_kind: bool, with_text: bool) -> list[ColumnElement[bool]]:
    """Which requests a queue holds: open ones, of one type, matching the filter text
    (bound as `kind` and `pattern`, see `_filter_params`)."""
    conditions: list[ColumnElement[bool]] = [col(Request.is_open).is_(True)]
    if with_kind:
        conditions.append(col(Request.request_type) == bindparam("kind", type_=String))
    if with_text:
        conditions.append(or_(*(
            func.lower(column).like(bindparam("pattern", type_=String), escape="/")
            for column in (Request.order_id, Request.sku, Request.buyer_name, Request.request_id)
        )))  # fmt: skip
    return conditions


def _filter_params(kind: RequestType | None, text: str) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if kind is not None:
        params["kind"] = kind.value
    text = text.strip().lower()
    if text:
        escaped = text.replace("/", "//").replace("%", "/%").replace("_", "/_")
        params["pattern"] = f"%{escaped}%"
    return params


def queue_count(session: Session, kind: RequestType | None, text: str = "") -> int:
    where = _queue_filter(kind is not None, bool(text.strip()))
    statement = select(func.count()).select_from(Request).where(*where)
    return int(session.execute(statement, _filter_params(kind, text)).scalar_one())


def queue_statement(kind: RequestType | None, offset: int, limit: int, text: str = "") -> Select:
    """The SELECT behind `queue_page`, with its values bound (the benchmark runs it raw)."""
    return _page_statement(kind is not None, bool(text.strip())).params(
        _page_params(kind, offset, limit, text)
    )


@lru_cache(maxsize=8)
def _page_statement(with_kind: bool, with_text: bool) -> Select:
    """The queue page query with bind parameters, built once per shape."""
    return (
        select(*_QUEUE_COLUMNS)
        .where(*_queue_filter(with_kind, with_text))
        .order_by(*QUEUE_ORDER)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )


def _page_params(kind: RequestType | None, offset: int, limit: int, text: str) -> dict[str, Any]:
    return {"offset": offset, "limit": limit, **_filter_params(kind, text)}


@lru_cache(maxsize=8)
def _page_sql(dialect: Dialect, with_kind: bool, with_text: bool) -> tuple[str, tuple[str, ...]]:
    compiled = _page_statement(with_kind, with_text).compile(dialect=dialect)
    return compiled.string, tuple(compiled.positiontup or ())


def queue_page(
    session: Session, kind: RequestType | None, offset: int, limit: int, text: str = ""
) -> list[QueueRow]:
    """Open requests of `kind` (all types if None), most urgent first, rows offset..offset+limit.

    The hot read of every screen: on SQLite the compiled SQL runs straight on the
    driver and rows are built by `queue_row_from_sqlite` (see bench/ for why).
    """
    with_kind, with_text = kind is not None, bool(text.strip())
    params = _page_params(kind, offset, limit, text)
    engine = session.get_bind()
    if engine.dialect.name == "sqlite":
        # One SELECT needs no transaction: a pooled driver connection, no BEGIN/ROLLBACK,
        # no result metadata. (Not for use inside a write: it cannot see that write.)
        sql, order = _page_sql(engine.dialect, with_kind, with_text)
        raw = engine.raw_connection()  # type: ignore[union-attr]
        try:
            found = raw.cursor().execute(sql, tuple(params[name] for name in order)).fetchall()
        finally:
            raw.close()
        return [queue_row_from_sqlite(row) for row in found]
    statement = _page_statement(with_kind, with_text)
    return [queue_row(row) for row in session.execute(statement, params)]


def sample(
    session: Session,
    conditions: Sequence[ColumnElement[bool]],
    limit: int,
    order: Sequence[ColumnElement[Any]] = QUEUE_ORDER,
) -> tuple[int, list[QueueRow]]:
    """How many requests meet `conditions`, and the first `limit` of them (for lists that
    show a few examples under a count: the handover, the end-of-day checklist)."""
    rows = [queue_row(r) for r in session.execute(
        select(*_QUEUE_COLUMNS).where(*conditions).order_by(*order).limit(limit)
    )]  # fmt: skip
    if len(rows) < limit:
        return len(rows), rows
    count = session.execute(select(func.count()).select_from(Request).where(*conditions))
    return int(count.scalar_one()), rows


def queue_position(
    session: Session, kind: RequestType | None, pk: int, text: str = ""
) -> int | None:
    """Where request `pk` now stands in its queue (to keep the cursor on it after a reload)."""
    found = session.execute(
        select(Request.answered, Request.respond_by).where(Request.id == pk)
    ).first()
    if found is None:
        return None
    answered, deadline = found
    unknown = col(Request.respond_by).is_(None)
    if deadline is None:
        same_group = and_(col(Request.answered) == answered, unknown, col(Request.id) < pk)
    else:
        same_group = and_(
            col(Request.answered) == answered,
            or_(
                unknown,
                col(Request.respond_by) < deadline,
                and_(col(Request.respond_by) == deadline, col(Request.id) < pk),
            ),
        )
    earlier_group = col(Request.answered).is_(False) if answered else false()
    before = and_(*_queue_filter(kind is not None, bool(text.strip())),
                  or_(earlier_group, same_group))  # fmt: skip
    statement = select(func.count()).select_from(Request).where(before)
    return int(session.execute(statement, _filter_params(kind, text)).scalar_one())


def dashboard(session: Session, now: datetime) -> list[TypeSummary]:
    """Counts per request type (in the order of RequestType) and the most urgent request.

    Overdue and due-soon count only unanswered requests: an answered one no longer
    risks the platform's auto-approval.
    """
    urgent_end, soon_end = band_limits(now)
    deadline = col(Request.respond_by)
    waiting = col(Request.answered).is_(False)

    def counted(condition: ColumnElement[bool]) -> Any:
        return func.coalesce(func.sum(case((and_(waiting, condition), 1), else_=0)), 0)

    statement = (
        select(
            Request.request_type,
            func.count(),
            counted(deadline <= now),
            counted(and_(deadline > now, deadline < urgent_end)),
            counted(and_(deadline > now, deadline < soon_end)),
            counted(deadline.is_(None)),
        )
        .where(col(Request.is_open).is_(True))
        .group_by(Request.request_type)
    )
    counts = {row[0]: row[1:] for row in session.execute(statement)}
    summaries = []
    for kind in RequestType:
        total, overdue, six, day, unknown = counts.get(kind.value, (0, 0, 0, 0, 0))
        first = queue_page(session, kind, 0, 1) if total else []
        summaries.append(
            TypeSummary(
                kind,
                int(total),
                int(overdue),
                int(six),
                int(day),
                first[0] if first else None,
                int(unknown),
            )
        )
    return summaries


@dataclass(frozen=True)
class CheckState:
    item: CheckItem
    done_by: str | None
    done_at: datetime | None


@dataclass(frozen=True)
class OrderInfo:
    status: str
    delivered_at: datetime | None
    courier: str | None
    awb: str | None
    last_logistics_update_at: datetime | None
    logistics_status: str | None
    shipped_at: datetime | None
    claim_last_day: date | None
    claim_basis: str = ""  # what the window counts from (core.deadlines.claim_basis)


@dataclass(frozen=True)
class ItemRow:
    """One SKU of a request, as the request screen, receiving and the shelf show it."""

    item_pk: int
    position: int
    sku: str
    product_name: str | None
    variation: str | None
    quantity: int
    amount: int
    condition: str | None  # its inspection, once inspected

    def as_json(self) -> dict[str, Any]:
        return {"sku": self.sku, "quantity": self.quantity, "amount": self.amount}


def whole_queue(
    store: Store, kind: RequestType | None, *, with_items: bool = False
) -> tuple[list[QueueRow], dict[int, list[ItemRow]]]:
    """Every open request of `kind` (all types if None), most urgent first, and, if asked,
    their items (`purna queue`)."""
    with store.read() as session:
        rows = queue_page(session, kind, 0, 1_000_000)
        items = items_of(session, [row.pk for row in rows]) if with_items else {}
    return rows, items


def items_of(session: Session, pks: Sequence[int]) -> dict[int, list[ItemRow]]:
    """The items of requests `pks`, in the export's order."""
    found: dict[int, list[ItemRow]] = {}
    for start in range(0, len(pks), 2000):
        for row in session.execute(
            select(RequestItem.request_pk, RequestItem.id, RequestItem.position, RequestItem.sku,
                   RequestItem.product_name, RequestItem.variation, RequestItem.quantity,
                   RequestItem.amount, RequestItem.condition)
            .where(col(RequestItem.request_pk).in_(pks[start : start + 2000]))
            .order_by(col(RequestItem.request_pk), col(RequestItem.position))
        ):  # fmt: skip
            found.setdefault(row[0], []).append(ItemRow(*row[1:]))
    return found


@dataclass(frozen=True)
class RequestDetail:
    row: QueueRow
    buyer_comment: str | None
    reason: str | None
    quantity: int
    evidence_count: int | None
    return_awb: str | None
    claimed_by_name: str | None
    respond_by_business_day: date | None  # '2 hari kerja', information only
    order: OrderInfo | None
    checks: tuple[CheckState, ...]
    notes: tuple[tuple[datetime, str, str], ...]  # (at, author, text), oldest first
    responded_at: datetime | None
    holding_reply_at: datetime | None
    received_at: datetime | None
    inspection: str | None
    resend_awb: str | None
    mismatches: tuple[Mismatch, ...]  # signs the buyer's words fit another type
    items: tuple[ItemRow, ...] = ()
    platform_status: str | None = None  # verbatim, from the newest export
    platform_outcome: str | None = None  # core.marketplaces.ReturnOutcome value
    platform_sub_status: str | None = None
    compensation_amount: int | None = None
    tag: Tag | None = None  # the reason's category (core.tags)
    # the seller's reject, as the audit trail recorded it: its reason's key
    # (core.reject_reasons) and the note written beside it
    reject_reason: str | None = None
    reject_note: str | None = None

    @property
    def facts(self) -> Facts:
        return Facts(
            request_type=self.row.request_type,
            evidence_count=self.evidence_count,
            checks=frozenset(c.item.key for c in self.checks if c.done_by),
            received_at=self.received_at,
            inspection=self.inspection,
            amount=self.row.amount,
        )

    def options(self, now: datetime) -> list[Option]:
        """What may be done now, each with its unmet requirements. Nothing, once the
        platform has approved the request on its own (core.timing)."""
        if self.row.auto_approved(now):
            return []
        return options(self.row.request_type, self.row.state, self.facts, now)

    def may_tick_checks(self) -> bool:
        """Whether core.actions.set_check would take a tick: only on an open request."""
        return self.row.is_open

    def may_hold_reply(self, now: datetime) -> bool:
        """Whether core.actions.holding_reply would record one at `now`: an open request the
        platform has not approved on its own (DOMAIN.md §2)."""
        return self.row.is_open and not self.row.auto_approved(now)

    def option(self, action: str, now: datetime) -> Option | None:
        return next((o for o in self.options(now) if o.action == action), None)

    def action_for(self, name: str) -> str:
        """The workflow action a screen's key `name` means for this request: "send" is
        sending the goods again for a resend, the replacement for an exchange."""
        if name == "send":
            return SEND_ACTIONS.get(self.row.request_type, name)
        return name


# One key, "send goods", for the two workflows whose last step ships goods (DOMAIN.md §1).
SEND_ACTIONS = {RequestType.RESEND: "resend", RequestType.EXCHANGE: "ship_replacement"}


def request_detail(session: Session, pk: int, shop_zone: tzinfo) -> RequestDetail | None:
    found = session.execute(
        select(
            *_QUEUE_COLUMNS,
            Request.buyer_comment,
            Request.reason,
            Request.quantity,
            Request.evidence_count,
            Request.return_awb,
            Request.responded_at,
            Request.holding_reply_at,
            Request.received_at,
            Request.inspection,
            Request.resend_awb,
            Request.platform_status,
            Request.platform_outcome,
            Request.platform_sub_status,
            Request.compensation_amount,
        ).where(Request.id == pk)
    ).first()
    if found is None:
        return None
    row = queue_row(found)
    (comment, reason, quantity, evidence, return_awb, responded, holding, received, inspection,
     resend_awb, platform_status, outcome, sub_status, compensation,
     ) = found[len(_QUEUE_COLUMNS) :]  # fmt: skip
    order_row = session.execute(
        select(
            Order.status,
            Order.delivered_at,
            Order.courier,
            Order.awb,
            Order.last_logistics_update_at,
            Order.logistics_status,
            Order.shipped_at,
        )
        .where(Order.marketplace == row.marketplace, Order.order_id == row.order_id)
        .order_by(col(Order.sku) != row.sku, col(Order.id))
        .limit(1)
    ).first()
    order = None
    if order_row is not None:
        last_update, basis = claim_basis(order_row[4], order_row[1], order_row[6])
        order = OrderInfo(
            *order_row,
            claim_last_day=(claim_last_day(last_update, shop_zone) if last_update else None),
            claim_basis=basis,
        )
    done = {
        key: (by, at)
        for key, by, at in session.execute(
            select(RequestCheck.check_key, RequestCheck.done_by, RequestCheck.done_at).where(
                RequestCheck.request_pk == pk
            )
        )
    }
    done = {k: v for k, v in done.items() if recorded_holds(k, received, inspection)}
    checks = tuple(
        CheckState(item, *done.get(item.key, (None, None))) for item in CHECKLISTS[row.request_type]
    )
    notes = tuple(
        (at, author, text)
        for at, author, text in session.execute(
            select(RequestNote.at, RequestNote.author, RequestNote.text)
            .where(RequestNote.request_pk == pk)
            .order_by(col(RequestNote.at))
        )
    )
    reject_reason, reject_note = _rejection(session, pk)
    claimed_name = None
    if row.claimed_by:
        claimed_name = session.execute(
            select(Staff.name).where(Staff.login == row.claimed_by)
        ).scalar_one_or_none()
    return RequestDetail(
        row=row,
        buyer_comment=comment,
        reason=reason,
        quantity=quantity,
        evidence_count=evidence,
        return_awb=return_awb,
        claimed_by_name=claimed_name,
        respond_by_business_day=(
            respond_by_business_days(row.created_at, shop_zone) if row.created_at else None
        ),
        order=order,
        checks=checks,
        notes=notes,
        responded_at=responded,
        holding_reply_at=holding,
        received_at=received,
        inspection=inspection,
        resend_awb=resend_awb,
        mismatches=tuple(type_mismatch(row.request_type, comment, reason)),
        items=tuple(items_of(session, [pk]).get(pk, [])),
        platform_status=platform_status,
        platform_outcome=outcome,
        platform_sub_status=sub_status,
        compensation_amount=compensation,
        tag=_tag(session, pk, reason),
        reject_reason=reject_reason,
        reject_note=reject_note,
    )


def _rejection(session: Session, pk: int) -> tuple[str | None, str | None]:
    """The reason and note of the request's last reject (issue 10: recorded in the audit
    trail), or (None, None) when the seller never rejected it."""
    import json

    found = session.execute(
        select(AuditEvent.detail)
        .where(col(AuditEvent.request_pk) == pk, col(AuditEvent.action) == "reject")
        .order_by(col(AuditEvent.id).desc())
        .limit(1)
    ).scalar_one_or_none()
    if found is None:
        return None, None
    detail = json.loads(found)
    return detail.get("reject_reason") or None, detail.get("note") or None


def _tag(session: Session, pk: int, reason: str | None) -> Tag:
    from core import tags

    tagged = session.execute(select(Request.category).where(Request.id == pk)).scalar_one()
    return tags.tag_of(tagged, reason, tags.overrides_in(session))


@dataclass(frozen=True)
class HistoryEntry:
    """One audit event of a request, as the history screen lists it."""

    event_id: int
    at: datetime
    actor: str
    terminal: str
    action: str
    before_state: str | None
    after_state: str | None
    detail: dict[str, Any]


def history(session: Session, pk: int) -> list[HistoryEntry]:
    """Every audit event of request `pk`, oldest first."""
    import json

    rows = session.execute(
        select(AuditEvent).where(col(AuditEvent.request_pk) == pk).order_by(col(AuditEvent.id))
    ).scalars()
    return [
        HistoryEntry(
            e.id or 0,
            e.at,
            e.actor,
            e.terminal,
            e.action,
            e.before_state,
            e.after_state,
            json.loads(e.detail),
        )
        for e in rows
    ]


def find_request(session: Session, request_id: str) -> QueueRow | None:
    """The request with this marketplace request id (any marketplace), if exactly one."""
    rows = session.execute(
        select(*_QUEUE_COLUMNS).where(
            func.upper(col(Request.request_id)) == request_id.strip().upper()
        )
    ).all()
    return queue_row(rows[0]) if len(rows) == 1 else None


# --- reads that take the store (screens never open a session) ---------------------------


class StoreQueue:
    """The rows of one request type's queue, read from `store` with the current filter
    `text` (the screen's `QueueSource`)."""

    def __init__(self, store: Store, kind: RequestType) -> None:
        self.store = store
        self.kind = kind
        self.text = ""

    def count(self) -> int:
        with self.store.read() as session:
            return queue_count(session, self.kind, self.text)

    def page(self, offset: int, limit: int) -> list[QueueRow]:
        with self.store.read() as session:
            return queue_page(session, self.kind, offset, limit, self.text)

    def position(self, pk: int) -> int | None:
        with self.store.read() as session:
            return queue_position(session, self.kind, pk, self.text)


def detail_of(store: Store, pk: int) -> RequestDetail | None:
    """Request `pk` with everything its screen shows, or None once it is gone."""
    with store.read() as session:
        return request_detail(session, pk, store.shop_zone)


def history_of(store: Store, pk: int) -> list[HistoryEntry]:
    with store.read() as session:
        return history(session, pk)


def find_in(store: Store, request_id: str) -> QueueRow | None:
    with store.read() as session:
        return find_request(session, request_id)


def dashboard_of(store: Store, now: datetime) -> list[TypeSummary]:
    with store.read() as session:
        return dashboard(session, now)
