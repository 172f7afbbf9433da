"""What screens and commands read: plain frozen rows, never live ORM objects.

Queues are read a page at a time (`queue_page`), most urgent first: by `respond_by`
(the hard deadline), then by id so that the order is stable between pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlmodel import Session, col

from core.deadlines import band_limits, claim_last_day, respond_by_business_days
from core.models import Order, Request, RequestCheck, RequestNote, Staff
from core.rows import QUEUE_COLUMNS, QueueRow, TypeSummary, queue_row
from core.workflow import CHECKLISTS, CheckItem, RequestType

_QUEUE_COLUMNS = tuple(getattr(Request, name) for name in QUEUE_COLUMNS)


def _queue_filter(kind: RequestType | None, text: str) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [col(Request.is_open).is_(True)]
    if kind is not None:
        conditions.append(col(Request.request_type) == kind.value)
    text = text.strip()
    if text:
        conditions.append(
            or_(
                *(
                    col(column).icontains(text, autoescape=True)
                    for column in (
                        Request.order_id,
                        Request.sku,
                        Request.buyer_name,
                        Request.request_id,
                    )
                )
            )
        )
    return conditions


def queue_count(session: Session, kind: RequestType | None, text: str = "") -> int:
    statement = select(func.count()).select_from(Request).where(*_queue_filter(kind, text))
    return int(session.execute(statement).scalar_one())


def queue_statement(kind: RequestType | None, offset: int, limit: int, text: str = "") -> Select:
    """The SELECT behind `queue_page` (the benchmark runs it in raw sqlite3 too)."""
    return (
        select(*_QUEUE_COLUMNS)
        .where(*_queue_filter(kind, text))
        .order_by(col(Request.respond_by), col(Request.id))
        .offset(offset)
        .limit(limit)
    )


def queue_page(
    session: Session, kind: RequestType | None, offset: int, limit: int, text: str = ""
) -> list[QueueRow]:
    """Open requests of `kind` (all types if None), most urgent first, rows offset..offset+limit."""
    statement = queue_statement(kind, offset, limit, text)
    return [queue_row(row) for row in session.execute(statement)]


def queue_position(
    session: Session, kind: RequestType | None, pk: int, text: str = ""
) -> int | None:
    """Where request `pk` now stands in its queue (to keep the cursor on it after a reload)."""
    found = session.execute(select(Request.respond_by).where(Request.id == pk)).first()
    if found is None:
        return None
    deadline = found[0]
    before = and_(
        *_queue_filter(kind, text),
        or_(
            col(Request.respond_by) < deadline,
            and_(col(Request.respond_by) == deadline, col(Request.id) < pk),
        ),
    )
    return int(
        session.execute(select(func.count()).select_from(Request).where(before)).scalar_one()
    )


def dashboard(session: Session, now: datetime) -> list[TypeSummary]:
    """Counts per request type (in the order of RequestType) and the most urgent request."""
    urgent_end, soon_end = band_limits(now)
    deadline = col(Request.respond_by)

    def counted(condition: ColumnElement[bool]) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    statement = (
        select(
            Request.request_type,
            func.count(),
            counted(deadline <= now),
            counted(and_(deadline > now, deadline < urgent_end)),
            counted(and_(deadline > now, deadline < soon_end)),
        )
        .where(col(Request.is_open).is_(True))
        .group_by(Request.request_type)
    )
    counts = {row[0]: row[1:] for row in session.execute(statement)}
    summaries = []
    for kind in RequestType:
        total, overdue, six, day = counts.get(kind.value, (0, 0, 0, 0))
        first = queue_page(session, kind, 0, 1) if total else []
        summaries.append(
            TypeSummary(
                kind, int(total), int(overdue), int(six), int(day), first[0] if first else None
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
    claim_last_day: date | None


@dataclass(frozen=True)
class RequestDetail:
    row: QueueRow
    buyer_comment: str | None
    reason: str | None
    quantity: int
    evidence_count: int
    return_awb: str | None
    claimed_by_name: str | None
    respond_by_business_day: date  # '2 hari kerja', information only
    order: OrderInfo | None
    checks: tuple[CheckState, ...]
    notes: tuple[tuple[datetime, str, str], ...]  # (at, author, text), oldest first


def request_detail(session: Session, pk: int, shop_zone: tzinfo) -> RequestDetail | None:
    found = session.execute(
        select(
            *_QUEUE_COLUMNS,
            Request.buyer_comment,
            Request.reason,
            Request.quantity,
            Request.evidence_count,
            Request.return_awb,
        ).where(Request.id == pk)
    ).first()
    if found is None:
        return None
    row = queue_row(found)
    comment, reason, quantity, evidence, return_awb = found[len(_QUEUE_COLUMNS) :]
    order_row = session.execute(
        select(
            Order.status,
            Order.delivered_at,
            Order.courier,
            Order.awb,
            Order.last_logistics_update_at,
            Order.logistics_status,
        )
        .where(Order.marketplace == row.marketplace, Order.order_id == row.order_id)
        .order_by(col(Order.sku) != row.sku, col(Order.id))
        .limit(1)
    ).first()
    order = None
    if order_row is not None:
        last_update = order_row[4]
        order = OrderInfo(
            *order_row,
            claim_last_day=(claim_last_day(last_update, shop_zone) if last_update else None),
        )
    done = {
        key: (by, at)
        for key, by, at in session.execute(
            select(RequestCheck.check_key, RequestCheck.done_by, RequestCheck.done_at).where(
                RequestCheck.request_pk == pk
            )
        )
    }
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
        respond_by_business_day=respond_by_business_days(row.created_at, shop_zone),
        order=order,
        checks=checks,
        notes=notes,
    )
