"""Deadlines computed from stored facts, and the urgency band of a deadline.

Pure functions: every time is a parameter (`now` included), results are UTC.
Each deadline cites its policy entry (core.policy), which cites DOMAIN.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import Enum

from core import policy
from core.calendar import add_business_days, as_utc, end_of_local_day, local_date
from core.i18n import N_


def respond_by(created_at: datetime, shop_zone: tzinfo) -> datetime:
    """Hard deadline to respond to a request: 48 calendar hours after creation.

    Past it the platform auto-approves (policy RESPOND_WINDOW).
    """
    return as_utc(created_at, shop_zone) + policy.RESPOND_WINDOW.delta


def respond_by_business_days(created_at: datetime, shop_zone: tzinfo) -> date:
    """The '2 hari kerja' reading of the same rule: shown for information only.

    It is never earlier than `respond_by` and never used to extend it (DOMAIN.md §2).
    """
    return add_business_days(local_date(created_at, shop_zone), policy.RESPOND_BUSINESS_DAYS.value)


def dispute_advised_by(received_at: datetime, shop_zone: tzinfo) -> datetime:
    """Until when Purna advises disputing a wrong or damaged returned item on the platform:
    receipt + 48 h (Purna's advice, never a limit: DOMAIN.md §2)."""
    return as_utc(received_at, shop_zone) + policy.DISPUTE_ADVICE_WINDOW.delta


def claim_last_day(last_update_at: datetime, shop_zone: tzinfo) -> date:
    """Last day to file a logistics claim: shop-local date of the last update + 39 days.

    Seed 003: update on 1 Jan 2024 -> 9 Feb 2024; on 1 Feb 2024 -> 11 Mar 2024.
    """
    return local_date(last_update_at, shop_zone) + timedelta(days=policy.LOGISTICS_CLAIM_DAYS.value)


def claim_basis(
    last_update_at: datetime | None, delivered_at: datetime | None, shipped_at: datetime | None
) -> tuple[datetime | None, str]:
    """The logistics update the claim window counts from, and what it is.

    Purna's own order files carry the last logistics update; Seller Center's order exports
    do not, but their delivery (else shipping) time is a logistics update no later than the
    last one, so the window counted from it never ends after the platform's: the safer
    reading (DOMAIN.md §6). Returns (moment, "update" | "delivered" | "shipped" | "").
    """
    if last_update_at is not None:
        return last_update_at, "update"
    if delivered_at is not None:
        return delivered_at, "delivered"
    if shipped_at is not None:
        return shipped_at, "shipped"
    return None, ""


def claim_deadline(last_update_at: datetime, shop_zone: tzinfo) -> datetime:
    """The end (23:59:59.999999, shop time) of `claim_last_day`, as UTC."""
    return end_of_local_day(claim_last_day(last_update_at, shop_zone), shop_zone)


def claim_window_open(last_update_at: datetime, now: datetime, shop_zone: tzinfo) -> bool:
    return as_utc(now, shop_zone) <= claim_deadline(last_update_at, shop_zone)


@dataclass(frozen=True)
class ReplyDeadlines:
    target: datetime  # 12 h: the premium-service target
    hard: datetime  # 24 h: enforced by the platform


def chat_reply_deadlines(message_at: datetime, shop_zone: tzinfo) -> ReplyDeadlines:
    """When a buyer chat message must be answered (policy CHAT_REPLY_TARGET / _HARD)."""
    sent = as_utc(message_at, shop_zone)
    return ReplyDeadlines(
        target=sent + policy.CHAT_REPLY_TARGET.delta, hard=sent + policy.CHAT_REPLY_HARD.delta
    )


class Band(Enum):
    """How close a deadline is; members sort from most to least urgent."""

    OVERDUE = 0
    URGENT = 1  # less than 6 h left
    SOON = 2  # less than 24 h left
    LATER = 3

    @property
    def title(self) -> str:
        return _BAND_TITLES[self]


_BAND_TITLES = {
    Band.OVERDUE: N_("overdue"),
    Band.URGENT: N_("< 6 h"),
    Band.SOON: N_("< 24 h"),
    Band.LATER: N_("later"),
}


def urgency_band(deadline: datetime, now: datetime) -> Band:
    """The band of `deadline` seen at `now`: overdue at or past it, then < 6 h, < 24 h, later."""
    left = deadline - now
    if left <= timedelta(0):
        return Band.OVERDUE
    if left < policy.URGENT_WITHIN.delta:
        return Band.URGENT
    if left < policy.SOON_WITHIN.delta:
        return Band.SOON
    return Band.LATER


def band_limits(now: datetime) -> tuple[datetime, datetime]:
    """The instants where `urgent` and `soon` end, seen at `now` (for store queries)."""
    now = now.astimezone(UTC)
    return now + policy.URGENT_WITHIN.delta, now + policy.SOON_WITHIN.delta
