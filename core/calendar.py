"""Time zones, shop-local days, Indonesian public holidays and business-day arithmetic.

Stored times are UTC; the shop works in its own zone (default Asia/Jakarta, WIB).
A time without an offset is read in the shop's zone. Holidays (public holidays and
cuti bersama) come from the maintained `holidays` package and business days from
`dateutil.rrule`, never from a hand-written list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, FR, MO, TH, TU, WE, rrule, rruleset


def zone(name: str) -> ZoneInfo:
    """The IANA zone `name` (e.g. `Asia/Jakarta`, `Asia/Makassar`, `Asia/Jayapura`)."""
    return ZoneInfo(name)


def as_utc(moment: datetime, shop_zone: tzinfo) -> datetime:
    """`moment` in UTC; a naive `moment` is read as wall-clock time in `shop_zone`."""
    if moment.tzinfo is UTC:
        return moment
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        moment = moment.replace(tzinfo=shop_zone)
    return moment.astimezone(UTC)


def local_date(moment: datetime, shop_zone: tzinfo) -> date:
    """The calendar date of `moment` on the shop's wall clock."""
    return as_utc(moment, shop_zone).astimezone(shop_zone).date()


def start_of_local_day(day: date, shop_zone: tzinfo) -> datetime:
    """00:00 of `day` in the shop's zone, as UTC."""
    return datetime.combine(day, time.min, tzinfo=shop_zone).astimezone(UTC)


def end_of_local_day(day: date, shop_zone: tzinfo) -> datetime:
    """The last instant (23:59:59.999999) of `day` in the shop's zone, as UTC."""
    return datetime.combine(day, time.max, tzinfo=shop_zone).astimezone(UTC)


@dataclass(frozen=True)
class Holiday:
    day: date
    name: str  # Indonesian name, as the government calendar gives it

    @property
    def is_cuti_bersama(self) -> bool:
        return self.name.lower().startswith("cuti bersama")


@lru_cache(maxsize=16)
def _indonesian_holidays(year: int) -> dict[date, str]:
    import holidays  # imported on first use: it is slow to load

    calendar = holidays.country_holidays(
        "ID", years=year, language="id", categories=("public", "government")
    )
    return dict(calendar.items())


def holidays_between(first: date, last: date) -> list[Holiday]:
    """Public holidays and cuti bersama from `first` to `last` inclusive, in date order."""
    found: list[Holiday] = []
    for year in range(first.year, last.year + 1):
        for day, name in _indonesian_holidays(year).items():
            if first <= day <= last:
                found.extend(Holiday(day, part.strip()) for part in name.split(";"))
    return sorted(found, key=lambda h: (h.day, h.name))


def is_holiday(day: date) -> bool:
    return day in _indonesian_holidays(day.year)


def is_business_day(day: date) -> bool:
    """Monday to Friday and not a public holiday or cuti bersama."""
    return day.weekday() < 5 and not is_holiday(day)


def add_business_days(day: date, count: int) -> date:
    """The date `count` business days after `day` (count >= 1)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    start = day + timedelta(days=1)
    # Holidays fall within a few weeks even around Idul Fitri: a 3-month horizon is plenty.
    horizon = start + timedelta(days=31 * 3 + 7 * count)
    days = rruleset()
    days.rrule(
        rrule(
            DAILY,
            byweekday=(MO, TU, WE, TH, FR),
            dtstart=datetime.combine(start, time.min),
            until=datetime.combine(horizon, time.min),
        )
    )
    for holiday in holidays_between(start, horizon):
        days.exdate(datetime.combine(holiday.day, time.min))
    for index, moment in enumerate(days, start=1):
        if index == count:
            return moment.date()
    raise ValueError("no business day found within the horizon")  # pragma: no cover
