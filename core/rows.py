"""The plain rows screens and commands read (no SQLAlchemy here: the first frame needs them).

`core.queries` fills them through the ORM; `core.quick` fills the dashboard's first
counts straight from an SQLite file while SQLAlchemy is still loading.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from core.workflow import RequestType, State

# The columns of `request` a queue row is made of, in the order `queue_row` expects.
QUEUE_COLUMNS = (
    "id", "request_id", "marketplace", "order_id", "request_type", "state", "created_at",
    "respond_by", "buyer_name", "sku", "product_name", "amount", "claimed_by", "version",
)  # fmt: skip


@dataclass(frozen=True)
class QueueRow:
    pk: int
    request_id: str
    marketplace: str
    order_id: str
    request_type: RequestType
    state: State
    created_at: datetime
    respond_by: datetime
    buyer_name: str | None
    sku: str
    product_name: str | None
    amount: int
    claimed_by: str | None
    version: int

    def as_json(self) -> dict[str, Any]:
        """The `purna queue --json` element (shared/formats/CLI.md)."""
        return {
            "request_id": self.request_id,
            "marketplace": self.marketplace,
            "order_id": self.order_id,
            "request_type": self.request_type.value,
            "state": self.state.value,
            "created_at": iso_z(self.created_at),
            "respond_by": iso_z(self.respond_by),
            "amount": self.amount,
            "sku": self.sku,
            "product_name": self.product_name,
            "buyer_name": self.buyer_name,
            "claimed_by": self.claimed_by,
        }


def queue_row(values: Sequence[Any]) -> QueueRow:
    """A QueueRow from values in QUEUE_COLUMNS order (times already aware UTC)."""
    return QueueRow(
        pk=values[0], request_id=values[1], marketplace=values[2], order_id=values[3],
        request_type=RequestType(values[4]), state=State(values[5]), created_at=values[6],
        respond_by=values[7], buyer_name=values[8], sku=values[9], product_name=values[10],
        amount=values[11], claimed_by=values[12], version=values[13],
    )  # fmt: skip


@dataclass(frozen=True)
class TypeSummary:
    """One line of the dashboard. `within_6h` and `within_24h` exclude overdue requests."""

    request_type: RequestType
    open: int
    overdue: int
    within_6h: int
    within_24h: int
    most_urgent: QueueRow | None


def iso_z(moment: datetime) -> str:
    """ISO 8601 in UTC with a `Z`, to the second (the JSON formats' time)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def sqlite_time(moment: datetime) -> str:
    """A time as SQLAlchemy's SQLite dialect stores DATETIME: naive UTC, 6-digit fraction."""
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    return moment.replace(tzinfo=None).isoformat(" ", "microseconds")


def from_sqlite_time(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)
