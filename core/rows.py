"""The plain rows screens and commands read (no SQLAlchemy here: the first frame needs them).

`core.queries` fills them through the ORM; `core.quick` fills the dashboard's first
counts straight from an SQLite file while SQLAlchemy is still loading.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

from core.privacy import mask_name
from core.workflow import RequestType, State, is_auto_approved

# The columns of `request` a queue row is made of, in the order `queue_row` expects.
QUEUE_COLUMNS = (
    "id", "request_id", "marketplace", "order_id", "request_type", "state", "created_at",
    "respond_by", "buyer_name", "sku", "product_name", "amount", "claimed_by", "version",
    "answered", "is_open", "item_count", "return_awb",
)  # fmt: skip


class QueueRow(NamedTuple):
    """One request as a queue shows it. A NamedTuple, not a dataclass: queues build
    thousands and a frozen dataclass costs ten times more per row."""

    pk: int
    request_id: str
    marketplace: str
    order_id: str
    request_type: RequestType
    state: State
    created_at: datetime | None  # None: the export had no request time
    respond_by: datetime | None  # None: Purna cannot know the deadline (never invented)
    buyer_name: str | None
    sku: str  # the first item's
    product_name: str | None
    amount: int  # all items
    claimed_by: str | None
    version: int
    answered: bool  # the buyer has an answer: respond_by no longer threatens
    is_open: bool
    item_count: int
    return_awb: str | None

    def auto_approved(self, now: datetime) -> bool:
        """Past its respond-by time with no answer: the platform approved it on its own."""
        return is_auto_approved(self.answered, self.is_open, self.respond_by, now)

    def as_json(self, now: datetime, items: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """The `purna queue --json` element (shared/formats/CLI.md)."""
        return {
            "request_id": self.request_id,
            "marketplace": self.marketplace,
            "order_id": self.order_id,
            "request_type": self.request_type.value,
            "state": "auto_approved" if self.auto_approved(now) else self.state.value,
            "created_at": iso_z(self.created_at) if self.created_at else None,
            "respond_by": iso_z(self.respond_by) if self.respond_by else None,
            "amount": self.amount,
            "sku": self.sku,
            "items": items
            if items is not None
            else [{"sku": self.sku, "quantity": None, "amount": self.amount}],
            "product_name": self.product_name,
            "return_awb": self.return_awb,
            "buyer": mask_name(self.buyer_name),  # buyer data leaves only masked
            "claimed_by": self.claimed_by,
            "answered": self.answered,
        }


def queue_row(values: Sequence[Any]) -> QueueRow:
    """A QueueRow from values in QUEUE_COLUMNS order (times already aware UTC)."""
    return QueueRow(
        values[0],
        values[1],
        values[2],
        values[3],
        RequestType(values[4]),
        State(values[5]),
        *values[6:14],
        bool(values[14]),
        bool(values[15]),
        values[16],
        values[17],
    )


_TYPES = {kind.value: kind for kind in RequestType}
_STATES = {state.value: state for state in State}


def queue_row_from_sqlite(
    row: Sequence[Any], _types: dict[str, RequestType] = _TYPES, _states: dict[str, State] = _STATES
) -> QueueRow:
    """A QueueRow from a raw SQLite row in QUEUE_COLUMNS order (times as stored text).

    Written for speed: unpacking and `fromisoformat(text + "+00:00")` cost a quarter
    of indexing and `.replace(tzinfo=UTC)`.
    """
    (pk, rid, shop, order, kind, state, created, due, buyer, sku, name, money, claim, v, done,
     open_, items, awb) = row  # fmt: skip
    return _new_row(QueueRow, (
        pk, rid, shop, order, _types[kind], _states[state],
        None if created is None else _fromisoformat(created + "+00:00"),
        None if due is None else _fromisoformat(due + "+00:00"),
        buyer, sku, name, money, claim, v, done == 1, open_ == 1, items, awb,
    ))  # fmt: skip


_fromisoformat = datetime.fromisoformat
_new_row = tuple.__new__


@dataclass(frozen=True)
class TypeSummary:
    """One line of the dashboard. `overdue` are past their respond-by time unanswered: the
    platform has approved them on its own (auto-approved); `within_6h` and `within_24h`
    exclude them; `unknown` have no request time, so no known deadline."""

    request_type: RequestType
    open: int
    overdue: int
    within_6h: int
    within_24h: int
    most_urgent: QueueRow | None
    unknown: int = 0


def iso_z(moment: datetime) -> str:
    """ISO 8601 in UTC with a `Z`, to the second (the JSON formats' time)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def sqlite_time(moment: datetime) -> str:
    """A time as SQLAlchemy's SQLite dialect stores DATETIME: naive UTC, 6-digit fraction."""
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    return moment.replace(tzinfo=None).isoformat(" ", "microseconds")


def from_sqlite_time(text: str) -> datetime:
    return datetime.fromisoformat(text + "+00:00")
