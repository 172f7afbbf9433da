"""Where a request stands against the platform's deadline, decided once for every screen.

A request still waiting for the seller counts down to its respond-by time (coloured by
urgency band). Past it with no decision, the platform has approved it on its own
(DOMAIN.md §2): "auto-approved, check Seller Center", no countdown. An answered or
decided request shows no countdown at all, and one whose export had no request time
says that Purna cannot know its deadline. Queues, the request screen, the dashboard,
the handover and `purna queue` all read this one answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum

from core.deadlines import Band, urgency_band
from core.formatting import format_remaining
from core.i18n import N_, _


class Status(StrEnum):
    COUNTING = "counting"  # waiting for the seller, deadline ahead
    AUTO_APPROVED = "auto_approved"  # deadline passed without a decision
    UNKNOWN = "unknown"  # waiting for the seller, no request time known
    ANSWERED = "answered"  # the buyer has an answer; the request goes on
    DECIDED = "decided"  # no longer open (Purna's decision or the platform's)


_LABELS = {
    Status.AUTO_APPROVED: N_("auto-approved"),
    Status.UNKNOWN: N_("deadline unknown"),
    Status.ANSWERED: N_("answered"),
    Status.DECIDED: N_("decided"),
}
_EXPLAIN = {
    Status.AUTO_APPROVED: N_("auto-approved by the platform (check Seller Center)"),
    Status.UNKNOWN: N_(
        "the export had no request time: Purna cannot know the deadline (check Seller Center)"
    ),
}


@dataclass(frozen=True)
class Timing:
    status: Status
    band: Band | None = None  # for COUNTING; AUTO_APPROVED and UNKNOWN read as the most urgent
    left: timedelta | None = None

    @property
    def countdown(self) -> str:
        """`1 hr 02 jam` while counting, else empty."""
        return format_remaining(self.left) if self.left is not None else ""

    @property
    def label(self) -> str:
        """A word or two for a table cell: the band, or what happened instead."""
        if self.status is Status.COUNTING and self.band is not None:
            return _(self.band.title)
        return _(_LABELS[self.status])

    @property
    def explanation(self) -> str:
        """The sentence for a screen or message where the label is not enough ("" if none)."""
        return _(_EXPLAIN[self.status]) if self.status in _EXPLAIN else ""

    @property
    def urgent(self) -> Band:
        """How the row is coloured: auto-approved and unknown deadlines as overdue."""
        if self.status in (Status.AUTO_APPROVED, Status.UNKNOWN):
            return Band.OVERDUE
        return self.band if self.band is not None else Band.LATER


def timing(answered: bool, is_open: bool, respond_by: datetime | None, now: datetime) -> Timing:
    if not is_open:
        return Timing(Status.DECIDED)
    if answered:
        return Timing(Status.ANSWERED)
    if respond_by is None:
        return Timing(Status.UNKNOWN)
    if now >= respond_by:
        return Timing(Status.AUTO_APPROVED)
    return Timing(Status.COUNTING, urgency_band(respond_by, now), respond_by - now)


def due_words(respond_by: datetime | None, zone: tzinfo) -> str:
    """`due 22 Nov 10:00 WIB`, or that the deadline is unknown (lists, chat messages)."""
    from core.formatting import format_local

    if respond_by is None:
        return _("deadline unknown")
    return _("due {when}").format(when=format_local(respond_by, zone))


def of_row(row: object, now: datetime) -> Timing:
    """The timing of a core.rows.QueueRow (or anything with its three fields)."""
    return timing(row.answered, row.is_open, row.respond_by, now)  # type: ignore[attr-defined]
