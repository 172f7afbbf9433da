"""The store's tables (SQLModel). Times are stored as UTC; money as integer rupiah.

Columns that come from marketplace exports are overwritten by a newer import;
Purna's own data (state, claim, notes, checks, audit events) never is.
The schema is created and upgraded by the Alembic migrations in `core/migrations/`;
a test checks that these models and the migrations agree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import BigInteger, Column, DateTime, Index, Text, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; stored as naive UTC on every backend."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; convert to UTC first")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utc_field(*, nullable: bool = False, index: bool = False) -> datetime:  # type: ignore[return]
    return Field(  # type: ignore[no-any-return]
        default=None if nullable else ...,
        sa_column=Column(UTCDateTime(), nullable=nullable, index=index),
    )


def event_field() -> int | None:  # type: ignore[return]
    """The audit event that last wrote the row (core.audit cross-checks rows against it)."""
    return Field(default=None)  # type: ignore[no-any-return]


class Staff(SQLModel, table=True):
    __tablename__ = "staff"

    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=64, unique=True)
    name: str = Field(max_length=200)
    role: str = Field(default="staff", max_length=20)  # staff | supervisor
    active: bool = True
    created_at: datetime = utc_field()
    event_id: int | None = event_field()


class Order(SQLModel, table=True):
    """One line of an orders export: an order's SKU, delivery and logistics status."""

    __tablename__ = "orders"
    __table_args__ = (
        UniqueConstraint("marketplace", "order_id", "sku", name="uq_orders_key"),
        # the metrics' one pass over delivered order lines (core.metrics)
        Index("ix_orders_delivered_lines", "delivered_at", "marketplace", "order_id", "sku"),
    )

    id: int | None = Field(default=None, primary_key=True)
    marketplace: str = Field(max_length=20)
    order_id: str = Field(max_length=64, index=True)
    sku: str = Field(max_length=100)
    status: str = Field(max_length=40)
    delivered_at: datetime | None = utc_field(nullable=True)
    courier: str | None = Field(default=None, max_length=100)
    awb: str | None = Field(default=None, max_length=100, index=True)
    last_logistics_update_at: datetime | None = utc_field(nullable=True)
    logistics_status: str | None = Field(default=None, max_length=100)
    quantity: int = 1
    amount: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    created_at: datetime | None = utc_field(nullable=True)  # when the buyer ordered
    shipped_at: datetime | None = utc_field(nullable=True)
    sub_status: str | None = Field(default=None, max_length=100)  # the platform's own words
    source_format: str | None = Field(default=None, max_length=20)  # core.marketplaces id
    imported_at: datetime = utc_field()
    updated_at: datetime = utc_field()
    event_id: int | None = event_field()


class Request(SQLModel, table=True):
    """An after-sales request. `respond_by` and `is_open` are derived, stored for the queues.

    A request holds one or more items (`RequestItem`); `sku`, `product_name`, `quantity`
    and `amount` summarise them for the queues (the first item's SKU, the sums). A request
    whose export has no request time has no `created_at` and no `respond_by`: Purna never
    invents a deadline, and says so on screen.
    """

    __tablename__ = "request"
    __table_args__ = (
        UniqueConstraint("marketplace", "request_id", name="uq_request_key"),
        Index("ix_request_queue", "is_open", "request_type", "answered", "respond_by", "id"),
        Index("ix_request_created_at", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    marketplace: str = Field(max_length=20)
    request_id: str = Field(max_length=64)
    order_id: str = Field(max_length=64, index=True)
    request_type: str = Field(max_length=20)
    created_at: datetime | None = utc_field(nullable=True)
    respond_by: datetime | None = utc_field(nullable=True)
    buyer_name: str | None = Field(default=None, max_length=200)
    buyer_comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    reason: str | None = Field(default=None, max_length=500)
    sku: str = Field(max_length=100)
    product_name: str | None = Field(default=None, max_length=500)
    quantity: int = 1
    amount: int = Field(sa_column=Column(BigInteger, nullable=False))
    evidence_count: int | None = 0  # None: the export does not say (see Seller Center)
    return_awb: str | None = Field(default=None, max_length=100, index=True)
    item_count: int = 1
    # What the platform's newest export says (core.marketplaces, core.workflow.PLATFORM).
    platform_status: str | None = Field(default=None, max_length=60)  # verbatim
    platform_outcome: str | None = Field(default=None, max_length=20)  # ReturnOutcome
    platform_sub_status: str | None = Field(default=None, max_length=100)
    compensation_amount: int | None = Field(
        default=None, sa_column=Column(BigInteger, nullable=True)
    )
    refunded_at: datetime | None = utc_field(nullable=True)
    source_format: str | None = Field(default=None, max_length=20)
    # Purna's own columns: never touched by an import.
    state: str = Field(default="new", max_length=30)
    is_open: bool = True
    claimed_by: str | None = Field(default=None, max_length=64, foreign_key="staff.login")
    version: int = 1  # one per audit event: a terminal acting on an older version is refused
    responded_at: datetime | None = utc_field(nullable=True)  # first answer to the buyer
    answered: bool = False  # responded_at is set: respond_by no longer threatens
    holding_reply_at: datetime | None = utc_field(nullable=True)  # never moves respond_by
    received_at: datetime | None = utc_field(nullable=True)  # returned parcel confirmed
    # as_described | damaged | wrong_item | incomplete (core.receiving.CONDITIONS)
    inspection: str | None = Field(default=None, max_length=20)
    inspection_note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    inspection_evidence: str | None = Field(  # JSON list of photo/video paths or ids
        default=None, sa_column=Column(Text, nullable=True)
    )
    resend_awb: str | None = Field(default=None, max_length=100)  # resend / replacement
    # the reason's category as staff tagged this request (core.tags); None: from its text
    category: str | None = Field(default=None, max_length=20)
    imported_at: datetime = utc_field()
    updated_at: datetime = utc_field()
    event_id: int | None = event_field()


class RequestItem(SQLModel, table=True):
    """One SKU of a request (a return of two SKUs is one request with two items)."""

    __tablename__ = "request_item"
    __table_args__ = (UniqueConstraint("request_pk", "position", name="uq_request_item"),)

    id: int | None = Field(default=None, primary_key=True)
    request_pk: int = Field(foreign_key="request.id", index=True)
    position: int  # 1, 2, ... in the order of the export's rows
    sku: str = Field(max_length=100)
    product_name: str | None = Field(default=None, max_length=500)
    variation: str | None = Field(default=None, max_length=200)
    quantity: int = 1
    amount: int = Field(sa_column=Column(BigInteger, nullable=False))  # refund amount of the item
    condition: str | None = Field(default=None, max_length=20)  # inspection (core.workflow)


class Review(SQLModel, table=True):
    __tablename__ = "review"
    __table_args__ = (
        UniqueConstraint("marketplace", "order_id", "sku", name="uq_review_key"),
        Index("ix_review_created_rating", "created_at", "rating", "marketplace", "order_id", "sku"),
    )

    id: int | None = Field(default=None, primary_key=True)
    marketplace: str = Field(max_length=20)
    order_id: str = Field(max_length=64, index=True)
    sku: str = Field(max_length=100)
    rating: int
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = utc_field()
    imported_at: datetime = utc_field()
    event_id: int | None = event_field()


class AuditEvent(SQLModel, table=True):
    """Append-only history. Each event's `hash` covers its fields and the previous hash."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = utc_field()
    actor: str = Field(max_length=64)
    terminal: str = Field(default="", max_length=200)
    request_pk: int | None = Field(default=None, foreign_key="request.id", index=True)
    request_version: int | None = None  # the request's version this event made (core.audit)
    action: str = Field(max_length=40)
    before_state: str | None = Field(default=None, max_length=30)
    after_state: str | None = Field(default=None, max_length=30)
    detail: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class RequestNote(SQLModel, table=True):
    __tablename__ = "request_note"

    id: int | None = Field(default=None, primary_key=True)
    request_pk: int = Field(foreign_key="request.id", index=True)
    author: str = Field(max_length=64)
    at: datetime = utc_field()
    text: str = Field(sa_column=Column(Text, nullable=False))


class RequestCheck(SQLModel, table=True):
    """A ticked item of a type's checklist (core.workflow.CHECKLISTS)."""

    __tablename__ = "request_check"
    __table_args__ = (UniqueConstraint("request_pk", "check_key", name="uq_request_check"),)

    id: int | None = Field(default=None, primary_key=True)
    request_pk: int = Field(foreign_key="request.id", index=True)
    check_key: str = Field(max_length=40)
    done_by: str = Field(max_length=64)
    done_at: datetime = utc_field()


class Setting(SQLModel, table=True):
    """Shop-wide settings (e.g. `shop_zone`), one row per key."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=500)
    event_id: int | None = event_field()


class ShelfLocation(SQLModel, table=True):
    """A place on the return shelf, e.g. `RTR-A-01`; quarantine holds damaged and wrong items."""

    __tablename__ = "shelf_location"

    code: str = Field(primary_key=True, max_length=40)
    area: str = Field(default="return", max_length=20)  # return | quarantine
    active: bool = True
    created_at: datetime = utc_field()
    event_id: int | None = event_field()


class UnmatchedParcel(SQLModel, table=True):
    """A returned parcel whose code matched no request; listed until someone matches it."""

    __tablename__ = "unmatched_parcel"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=100, index=True)
    received_at: datetime = utc_field()
    received_by: str = Field(max_length=64)
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    matched_request_pk: int | None = Field(default=None, foreign_key="request.id")
    matched_at: datetime | None = utc_field(nullable=True)
    matched_by: str | None = Field(default=None, max_length=64)
    event_id: int | None = event_field()


class ShelfItem(SQLModel, table=True):
    """A returned item on the shelf, from receipt until it is restocked or disposed of."""

    __tablename__ = "shelf_item"
    __table_args__ = (Index("ix_shelf_item_active", "outcome", "location"),)

    id: int | None = Field(default=None, primary_key=True)
    request_pk: int | None = Field(default=None, foreign_key="request.id", index=True)
    request_item_pk: int | None = Field(default=None, foreign_key="request_item.id")
    parcel_pk: int | None = Field(default=None, foreign_key="unmatched_parcel.id")
    sku: str | None = Field(default=None, max_length=100)
    condition: str | None = Field(default=None, max_length=20)  # None until inspected
    location: str = Field(max_length=40, foreign_key="shelf_location.code")
    placed_at: datetime = utc_field()
    placed_by: str = Field(max_length=64)
    outcome: str | None = Field(default=None, max_length=20)  # restocked | disposed
    decided_at: datetime | None = utc_field(nullable=True)
    decided_by: str | None = Field(default=None, max_length=64)
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    event_id: int | None = event_field()


class ShiftPic(SQLModel, table=True):
    """Who is PIC of a shift: on one day, or (day empty) every day it has no other."""

    __tablename__ = "shift_pic"
    __table_args__ = (UniqueConstraint("shift", "day", name="uq_shift_pic"),)

    id: int | None = Field(default=None, primary_key=True)
    shift: str = Field(max_length=40)
    day: date | None = None
    login: str = Field(max_length=64, foreign_key="staff.login")
    assigned_by: str = Field(max_length=64)
    assigned_at: datetime = utc_field()
    event_id: int | None = event_field()


class Handover(SQLModel, table=True):
    """One shift handing over to the next: notes, a snapshot of what was open, the receipt."""

    __tablename__ = "handover"
    __table_args__ = (Index("ix_handover_to", "to_day", "to_shift"),)

    id: int | None = Field(default=None, primary_key=True)
    shift: str = Field(max_length=40)
    day: date
    to_shift: str = Field(max_length=40)
    to_day: date
    handed_by: str = Field(max_length=64)
    handed_at: datetime = utc_field()
    notes: str = Field(default="", sa_column=Column(Text, nullable=False))
    summary: str = Field(default="{}", sa_column=Column(Text, nullable=False))  # JSON snapshot
    acknowledged_by: str | None = Field(default=None, max_length=64)
    acknowledged_at: datetime | None = utc_field(nullable=True)
    event_id: int | None = event_field()


class QueueReview(SQLModel, table=True):
    """Someone looked at a queue: reminders compare the last one with the interval."""

    __tablename__ = "queue_review"

    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=64)
    at: datetime = utc_field(index=True)
    request_type: str = Field(max_length=20)
    event_id: int | None = event_field()


class AlarmAck(SQLModel, table=True):
    """An alarm (a request crossing 24 h, 6 h or 1 h before respond_by) somebody saw."""

    __tablename__ = "alarm_ack"
    __table_args__ = (UniqueConstraint("request_pk", "hours", name="uq_alarm_ack"),)

    id: int | None = Field(default=None, primary_key=True)
    request_pk: int = Field(foreign_key="request.id", index=True)
    hours: int
    acknowledged_by: str = Field(max_length=64)
    acknowledged_at: datetime = utc_field()
    event_id: int | None = event_field()


class Claim(SQLModel, table=True):
    """A logistics claim to the platform (core.claims): one per order and scenario, or one
    per unmatched parcel.

    Candidates are found from orders and inspections and not stored; opening one (or any
    order, by hand) makes a claim row. The window counts from `basis_at` (core.claims).
    """

    __tablename__ = "claim"
    __table_args__ = (
        UniqueConstraint("marketplace", "order_id", "scenario", name="uq_claim_key"),
        Index("ix_claim_state_deadline", "state", "deadline"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # None on a claim about an unmatched parcel until someone finds its order (0013)
    marketplace: str | None = Field(default=None, max_length=20)
    order_id: str | None = Field(default=None, max_length=64, index=True)
    scenario: str = Field(max_length=30)  # core.claims.Scenario
    parcel_pk: int | None = Field(  # a claim about an unmatched parcel (one per parcel)
        default=None, foreign_key="unmatched_parcel.id", unique=True, index=True
    )
    state: str = Field(default="draft", max_length=20)  # core.claims.ClaimState
    origin: str = Field(default="manual", max_length=20)  # status|inspection|not_returned|manual
    request_pk: int | None = Field(default=None, foreign_key="request.id")  # a return's claim
    awb: str | None = Field(default=None, max_length=100)
    courier: str | None = Field(default=None, max_length=100)
    basis_at: datetime | None = utc_field(nullable=True)  # the update the window counts from
    basis: str = Field(default="", max_length=20)  # update | delivered | shipped | received
    deadline: datetime | None = utc_field(nullable=True)  # end of the last day, UTC
    seal_intact: bool = False
    awb_matches: bool = False
    amount_claimed: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    compensation: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    compensation_source: str | None = Field(default=None, max_length=10)  # typed | export
    ticket_ref: str | None = Field(default=None, max_length=100)  # the platform's ticket number
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    opened_by: str = Field(max_length=64)
    opened_at: datetime = utc_field()
    filed_at: datetime | None = utc_field(nullable=True)
    answered_at: datetime | None = utc_field(nullable=True)
    closed_at: datetime | None = utc_field(nullable=True)  # compensated or refused
    updated_at: datetime = utc_field()
    version: int = 1  # one per change: a terminal acting on an older version is refused
    event_id: int | None = event_field()


class ClaimEvidence(SQLModel, table=True):
    """A file path or id attached to one evidence item of a claim's checklist."""

    __tablename__ = "claim_evidence"

    id: int | None = Field(default=None, primary_key=True)
    claim_pk: int = Field(foreign_key="claim.id", index=True)
    item_key: str = Field(max_length=40)  # core.claims.Evidence.key
    ref: str = Field(max_length=500)
    added_by: str = Field(max_length=64)
    added_at: datetime = utc_field()
    event_id: int | None = event_field()


# --- replies and conduct (issue 13): templates, buyer chat, holiday mode ---------------------


class ReplyTemplate(SQLModel, table=True):
    """A reply template (seed 000 habit): `{placeholders}` filled from a request."""

    __tablename__ = "reply_template"
    __table_args__ = (UniqueConstraint("key", "language", name="uq_reply_template_key"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64)
    language: str = Field(max_length=5)  # id | en
    title: str = Field(max_length=200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_by: str = Field(max_length=64)
    created_at: datetime = utc_field()
    updated_by: str = Field(max_length=64)
    updated_at: datetime = utc_field()
    event_id: int | None = event_field()


class TemplateUse(SQLModel, table=True):
    """One real use of a template: filled for a request and copied (the checklist counts them)."""

    __tablename__ = "template_use"

    id: int | None = Field(default=None, primary_key=True)
    template_key: str = Field(max_length=64)
    language: str = Field(max_length=5)
    request_pk: int | None = Field(default=None, foreign_key="request.id", index=True)
    login: str = Field(max_length=64)
    at: datetime = utc_field(index=True)
    event_id: int | None = event_field()


class ChatMessage(SQLModel, table=True):
    """A buyer chat message or the shop's reply, imported from a chat file (formats/chats)."""

    __tablename__ = "chat_message"
    __table_args__ = (
        UniqueConstraint("marketplace", "conversation_id", "message_id", name="uq_chat_message"),
        Index("ix_chat_message_conversation", "marketplace", "conversation_id", "sent_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    marketplace: str = Field(max_length=20)
    conversation_id: str = Field(max_length=64)
    message_id: str = Field(max_length=64)
    order_id: str | None = Field(default=None, max_length=64)
    sender: str = Field(max_length=10)  # buyer | seller
    staff: str | None = Field(default=None, max_length=64)  # who answered for the shop
    buyer_name: str | None = Field(default=None, max_length=200)
    sent_at: datetime = utc_field(index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    auto_reply: bool = False
    mark: str | None = Field(default=None, max_length=20)  # core.chat.MARKS
    marked_by: str | None = Field(default=None, max_length=64)
    marked_at: datetime | None = utc_field(nullable=True)
    event_id: int | None = event_field()


class HolidayMode(SQLModel, table=True):
    """A period the shop was in the platform's holiday mode: no evaluation (seed 004 §6.2)."""

    __tablename__ = "holiday_mode"

    id: int | None = Field(default=None, primary_key=True)
    first_day: date
    last_day: date
    set_by: str = Field(max_length=64)
    set_at: datetime = utc_field()
    event_id: int | None = event_field()


class ClaimAlarmAck(SQLModel, table=True):
    """A claim alarm (the last day to file 7, 2 or 1 days away) somebody saw. Keyed by the
    order (or the unmatched parcel) and scenario, not the claim: a candidate's alarm is
    acknowledged too."""

    __tablename__ = "claim_alarm_ack"
    __table_args__ = (
        UniqueConstraint("marketplace", "order_id", "scenario", "days", name="uq_claim_alarm_ack"),
        Index("uq_claim_alarm_ack_parcel", "parcel_pk", "scenario", "days", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    marketplace: str | None = Field(default=None, max_length=20)  # None: keyed by parcel_pk
    order_id: str | None = Field(default=None, max_length=64)
    parcel_pk: int | None = Field(default=None, foreign_key="unmatched_parcel.id")
    scenario: str = Field(max_length=30)
    days: int
    acknowledged_by: str = Field(max_length=64)
    acknowledged_at: datetime = utc_field()
    event_id: int | None = event_field()


class ReasonClass(SQLModel, table=True):
    """A supervisor's category for a reason text (core.tags): it applies to every request
    with that text, and wins over core.reasons' table. Keyed by `core.reasons.normalise`."""

    __tablename__ = "reason_class"

    key: str = Field(primary_key=True, max_length=500)
    text: str = Field(max_length=500)  # as first classified
    category: str = Field(max_length=20)  # core.reasons.Category
    set_by: str = Field(max_length=64)
    set_at: datetime = utc_field()
    event_id: int | None = event_field()


class ReviewFollowUp(SQLModel, table=True):
    """What the shop did about a 1-2 star review (core.review_queue); no row: new."""

    __tablename__ = "review_follow_up"

    id: int | None = Field(default=None, primary_key=True)
    review_pk: int = Field(foreign_key="review.id", unique=True)
    category: str | None = Field(default=None, max_length=20)  # product | service | courier
    state: str = Field(default="new", max_length=20)  # core.review_queue.FollowUp
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    updated_by: str = Field(max_length=64)
    updated_at: datetime = utc_field()
    version: int = 1  # one per change: a terminal acting on an older version is refused
    event_id: int | None = event_field()


class ChatAlarmAck(SQLModel, table=True):
    """A buyer-chat alarm somebody saw: the turn (its first waiting message) and the hours
    left to its 24 h deadline that the alarm marked (core.chat.ALARM_HOURS)."""

    __tablename__ = "chat_alarm_ack"
    __table_args__ = (UniqueConstraint("message_pk", "hours", name="uq_chat_alarm_ack"),)

    id: int | None = Field(default=None, primary_key=True)
    message_pk: int = Field(foreign_key="chat_message.id", index=True)
    hours: int
    acknowledged_by: str = Field(max_length=64)
    acknowledged_at: datetime = utc_field()
    event_id: int | None = event_field()
