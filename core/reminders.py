"""Reminders that keep requests from falling between shifts.

- Queue reviews: opening a queue is recorded; a banner warns when the last review is
  older than the interval (twice a day by default, more often in campaign mode:
  DOMAIN.md §2 "at least twice a day, more during campaigns").
- Alarms: an unanswered request crossing 24 h, 6 h or 1 h before `respond_by` raises
  one alarm per threshold; acknowledging it (one key) records it, so it never repeats.
- Holidays ahead: the platform keeps counting through public holidays and cuti
  bersama, so the PIC sees the next 14 days' holidays with the requests due on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlmodel import col

from core import audit, policy, settings
from core.calendar import Holiday, end_of_local_day, holidays_between, local_date
from core.db import Store
from core.models import AlarmAck, QueueReview, Request
from core.permissions import require

THRESHOLDS = tuple(rule.value for rule in policy.ALARMS)  # hours, from the policy table


def _campaign(store: Store) -> bool:
    return settings.current(store, "campaign_mode") == "on"


def review_interval(store: Store) -> timedelta:
    key = "campaign_review_per_day" if _campaign(store) else "review_per_day"
    return timedelta(hours=24) / int(settings.current(store, key))


def record_review(store: Store, *, login: str, kind: str, now: datetime) -> None:
    """A staff member looked at a queue."""
    now = now.astimezone(UTC)
    with store.write() as session:
        require(session, login, "queue_review")
        review = QueueReview(login=login, at=now, request_type=kind)
        session.add(review)
        audit.append(session, at=now, actor=login, action="queue_review", touches=[review],
                     detail={"queue": kind})  # fmt: skip


@dataclass(frozen=True)
class Review:
    last_at: datetime | None
    last_by: str | None
    interval: timedelta
    campaign: bool

    def overdue(self, now: datetime) -> bool:
        return self.last_at is None or now - self.last_at > self.interval


def last_review(store: Store) -> Review:
    with store.read() as session:
        row = session.execute(
            select(QueueReview.at, QueueReview.login).order_by(col(QueueReview.at).desc()).limit(1)
        ).first()
    return Review(row[0] if row else None, row[1] if row else None, review_interval(store),
                  _campaign(store))  # fmt: skip


@dataclass(frozen=True)
class Alarm:
    request_pk: int
    request_id: str
    request_type: str
    respond_by: datetime
    hours: int  # the threshold crossed: 24, 6 or 1


def crossed(respond_by: datetime, now: datetime) -> int | None:
    """The closest threshold `respond_by` has crossed at `now` (None before 24 h; not past it)."""
    left = respond_by - now
    if left <= timedelta(0):
        return None  # overdue: the overdue counts and the handover carry it
    hits = [hours for hours in THRESHOLDS if left <= timedelta(hours=hours)]
    return min(hits) if hits else None


def alarms(store: Store, now: datetime) -> list[Alarm]:
    """Unanswered requests whose crossed threshold nobody acknowledged, closest first."""
    now = now.astimezone(UTC)
    widest = timedelta(hours=max(THRESHOLDS))
    with store.read() as session:
        rows = session.execute(
            select(Request.id, Request.request_id, Request.request_type, Request.respond_by)
            .where(col(Request.is_open).is_(True), col(Request.answered).is_(False),
                   col(Request.respond_by) > now, col(Request.respond_by) <= now + widest)
            .order_by(col(Request.respond_by))
        ).all()  # fmt: skip
        seen = {
            (pk, hours)
            for pk, hours in session.execute(
                select(AlarmAck.request_pk, AlarmAck.hours).where(
                    col(AlarmAck.request_pk).in_([r[0] for r in rows] or [0])
                )
            )
        }
    found = []
    for pk, request_id, kind, respond_by in rows:
        hours = crossed(respond_by, now)
        if hours is not None and (pk, hours) not in seen:
            found.append(Alarm(pk, request_id, kind, respond_by, hours))
    return found


def acknowledge(store: Store, found: list[Alarm], *, login: str, now: datetime) -> int:
    """Record that `login` saw these alarms (and every wider threshold they passed)."""
    now = now.astimezone(UTC)
    with store.write() as session:
        require(session, login, "alarm_ack")
        existing = {
            (pk, hours)
            for pk, hours in session.execute(
                select(AlarmAck.request_pk, AlarmAck.hours).where(
                    col(AlarmAck.request_pk).in_([a.request_pk for a in found] or [0])
                )
            )
        }
        added = 0
        acks: list[AlarmAck] = []
        for alarm in found:
            for hours in (h for h in THRESHOLDS if h >= alarm.hours):
                if (alarm.request_pk, hours) not in existing:
                    ack = AlarmAck(request_pk=alarm.request_pk, hours=hours,
                                   acknowledged_by=login, acknowledged_at=now)  # fmt: skip
                    session.add(ack)
                    acks.append(ack)
                    existing.add((alarm.request_pk, hours))
                    added += 1
        if acks:
            audit.append(session, at=now, actor=login, action="alarm_ack", touches=acks,
                         detail={"alarms": [[a.request_pk, a.hours] for a in acks]})  # fmt: skip
    return added


@dataclass(frozen=True)
class HolidayLoad:
    holiday: Holiday
    due: int  # open, unanswered requests whose respond_by falls on that day


def holiday_forecast(store: Store, now: datetime, days: int | None = None) -> list[HolidayLoad]:
    """Holidays of the next `days` days (policy HOLIDAY_LOOKAHEAD) and the requests due on them."""
    zone = store.shop_zone
    today = local_date(now, zone)
    last = today + timedelta(days=days if days is not None else policy.HOLIDAY_LOOKAHEAD.value)
    ahead = holidays_between(today, last)
    if not ahead:
        return []
    with store.read() as session:
        due = session.execute(
            select(Request.respond_by).where(
                col(Request.is_open).is_(True), col(Request.answered).is_(False),
                col(Request.respond_by) >= now.astimezone(UTC),
                col(Request.respond_by) <= end_of_local_day(last, zone),
            )
        ).scalars().all()  # fmt: skip
    per_day: dict[date, int] = {}
    for moment in due:
        day = local_date(moment, zone)
        per_day[day] = per_day.get(day, 0) + 1
    return [HolidayLoad(h, per_day.get(h.day, 0)) for h in ahead]


def open_unanswered(store: Store) -> int:
    with store.read() as session:
        return int(session.execute(
            select(func.count()).select_from(Request)
            .where(col(Request.is_open).is_(True), col(Request.answered).is_(False))
        ).scalar_one())  # fmt: skip
