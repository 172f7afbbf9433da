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
from core.workflow import RequestType, State

# The columns of `request` a queue row is made of, in the order `queue_row` expects.
QUEUE_COLUMNS = (
    "id", "request_id", "marketplace", "order_id", "request_type", "state", "created_at",
    "respond_by", "buyer_name", "sku", "product_name", "amount", "claimed_by", "version",
    "answered",
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
    created_at: datetime
    respond_by: datetime
    buyer_name: str | None
    sku: str
    product_name: str | None
    amount: int
    claimed_by: str | None
    version: int
    answered: bool  # the buyer has an answer: respond_by no longer threatens

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
    pk, rid, shop, order, kind, state, created, due, buyer, sku, name, money, claim, v, done = row
    return _new_row(QueueRow, (
        pk, rid, shop, order, _types[kind], _states[state],
        _fromisoformat(created + "+00:00"), _fromisoformat(due + "+00:00"),
        buyer, sku, name, money, claim, v, done == 1,
    ))  # fmt: skip


_fromisoformat = datetime.fromisoformat
_new_row = tuple.__new__


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
    return datetime.fromisoformat(text + "+00:00")
