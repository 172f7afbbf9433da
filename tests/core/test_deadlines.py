"""Deadlines and urgency bands (DOMAIN.md §2), at boundaries and across time zones."""

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from core.deadlines import (
    Band,
    chat_reply_deadlines,
    claim_deadline,
    claim_last_day,
    claim_window_open,
    dispute_advised_by,
    respond_by,
    respond_by_business_days,
    urgency_band,
)

WIB = ZoneInfo("Asia/Jakarta")  # UTC+7
WITA = ZoneInfo("Asia/Makassar")  # UTC+8
WIT = ZoneInfo("Asia/Jayapura")  # UTC+9


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- respond_by: 48 calendar hours ------------------------------------------------


def test_respond_by_is_48_hours_after_creation() -> None:
    created = datetime(2026, 11, 20, 10, 15, tzinfo=WIB)
    assert respond_by(created, WIB) == utc(2026, 11, 22, 3, 15)


def test_respond_by_crosses_month_and_year_end() -> None:
    assert respond_by(datetime(2026, 12, 31, 23, 30, tzinfo=WIB), WIB) == datetime(
        2027, 1, 2, 23, 30, tzinfo=WIB
    )
    # 2028 is a leap year: 28 Feb + 2 days = 1 Mar
    assert respond_by(datetime(2028, 2, 28, 12, 0, tzinfo=WIB), WIB) == datetime(
        2028, 3, 1, 12, 0, tzinfo=WIB
    )


def test_respond_by_ignores_weekends_and_holidays() -> None:
    # Created on Friday before Idul Fitri 2025 (31 Mar, cuti bersama to 7 Apr):
    # the platform's clock does not stop, so neither does ours.
    created = datetime(2025, 3, 28, 16, 0, tzinfo=WIB)
    assert respond_by(created, WIB) == datetime(2025, 3, 30, 16, 0, tzinfo=WIB)


@pytest.mark.parametrize(("text_zone", "local_hour"), [(WIB, 9), (WITA, 10), (WIT, 11)])
def test_respond_by_same_instant_from_wib_wita_wit(text_zone: ZoneInfo, local_hour: int) -> None:
    # 02:00 UTC is 09:00 WIB, 10:00 WITA and 11:00 WIT: one instant, one deadline.
    created = datetime(2026, 3, 1, local_hour, 0, tzinfo=text_zone)
    assert respond_by(created, WIB) == utc(2026, 3, 3, 2, 0)


def test_naive_time_is_read_in_the_shop_zone() -> None:
    naive = datetime(2026, 3, 1, 9, 0)
    assert respond_by(naive, WIB) == utc(2026, 3, 3, 2, 0)
    assert respond_by(naive, WIT) == utc(2026, 3, 3, 0, 0)


def test_business_day_reading_is_never_earlier_than_48_hours() -> None:
    # Friday 28 Mar 2025: 2 business days skip the weekend, Nyepi week and Idul Fitri.
    created = datetime(2025, 3, 28, 16, 0, tzinfo=WIB)
    info = respond_by_business_days(created, WIB)
    assert info == date(2025, 4, 9)  # 31 Mar-7 Apr are holidays/cuti bersama; 8 and 9 Apr work
    assert datetime.combine(info, datetime.min.time(), WIB) > respond_by(created, WIB)


def test_business_days_skip_weekend() -> None:
    created = datetime(2026, 11, 20, 10, 0, tzinfo=WIB)  # a Friday
    assert respond_by_business_days(created, WIB) == date(2026, 11, 24)  # Tuesday


# --- wrong item sent back: Purna advises disputing within 48 h of receipt ---------


def test_dispute_is_advised_within_48_hours_of_receipt() -> None:
    received = datetime(2026, 1, 31, 22, 0, tzinfo=WIB)
    assert dispute_advised_by(received, WIB) == datetime(2026, 2, 2, 22, 0, tzinfo=WIB)


def test_the_seeds_reject_window_is_the_respond_by_clock_not_a_dispute_limit() -> None:
    """DOMAIN.md §2: the 48 h to reject count from the request's creation, like any response;
    the receipt + 48 h advice is Purna's own and says so."""
    from core import policy

    assert policy.WRONG_ITEM_REJECT_WINDOW.delta == policy.RESPOND_WINDOW.delta
    assert "creation" in policy.WRONG_ITEM_REJECT_WINDOW.note
    assert "Purna's advice" in policy.DISPUTE_ADVICE_WINDOW.source


# --- logistics claim: last update + 39 days, to the end of that local day ---------


def test_claim_seed_003_first_example() -> None:
    assert claim_last_day(datetime(2024, 1, 1, 10, 0, tzinfo=WIB), WIB) == date(2024, 2, 9)


def test_claim_seed_003_second_example() -> None:
    # 2024 is a leap year: the answer depends on 29 February.
    assert claim_last_day(datetime(2024, 2, 1, 10, 0, tzinfo=WIB), WIB) == date(2024, 3, 11)


def test_claim_deadline_is_end_of_the_local_day() -> None:
    deadline = claim_deadline(datetime(2024, 1, 1, 10, 0, tzinfo=WIB), WIB)
    local = deadline.astimezone(WIB)
    assert (local.date(), local.hour, local.minute, local.second) == (date(2024, 2, 9), 23, 59, 59)
    assert deadline.tzinfo == UTC


def test_claim_update_just_before_and_after_local_midnight() -> None:
    # 23:59 WIB on 1 Jan is still 1 Jan in the shop; 00:00 WIB on 2 Jan is the next day,
    # although both are 1 Jan in UTC.
    before = datetime(2024, 1, 1, 23, 59, tzinfo=WIB)
    after = datetime(2024, 1, 2, 0, 0, tzinfo=WIB)
    assert before.astimezone(UTC).date() == after.astimezone(UTC).date() == date(2024, 1, 1)
    assert claim_last_day(before, WIB) == date(2024, 2, 9)
    assert claim_last_day(after, WIB) == date(2024, 2, 10)


def test_claim_update_given_in_utc_uses_the_shop_date() -> None:
    # 20:00 UTC on 31 Jan is 03:00 WIB on 1 Feb.
    assert claim_last_day(utc(2024, 1, 31, 20, 0), WIB) == date(2024, 3, 11)


def test_claim_update_in_wit_for_a_wib_shop() -> None:
    # 06:30 WIT on 1 Jan is 04:30 WIB the same day; 05:30 WIT on 1 Jan is 03:30 WIB.
    assert claim_last_day(datetime(2024, 1, 1, 6, 30, tzinfo=WIT), WIB) == date(2024, 2, 9)
    # 01:00 WIT on 1 Jan is 23:00 WIB on 31 Dec
    assert claim_last_day(datetime(2024, 1, 1, 1, 0, tzinfo=WIT), WIB) == date(2024, 2, 8)


def test_claim_window_open_until_the_last_second() -> None:
    update = datetime(2024, 2, 1, 10, 0, tzinfo=WIB)
    assert claim_window_open(update, datetime(2024, 3, 11, 23, 59, 59, tzinfo=WIB), WIB)
    assert not claim_window_open(update, datetime(2024, 3, 12, 0, 0, tzinfo=WIB), WIB)


def test_claim_naive_update_is_shop_time() -> None:
    assert claim_last_day(datetime(2024, 1, 1, 23, 30), WIB) == date(2024, 2, 9)
    assert claim_last_day(datetime(2024, 1, 1, 23, 30), timezone(timedelta(hours=-5))) == date(
        2024, 2, 9
    )


@pytest.mark.parametrize(
    ("update", "zone", "last_day"),
    [
        # DOMAIN.md §2/§6: shop-local date of the last update + 39 days, over 29 Feb 2028
        (datetime(2028, 1, 20, 10, 0, tzinfo=WIB), WIB, date(2028, 2, 28)),
        (datetime(2028, 1, 21, 10, 0, tzinfo=WIB), WIB, date(2028, 2, 29)),
        (datetime(2028, 1, 22, 10, 0, tzinfo=WIB), WIB, date(2028, 3, 1)),
        (datetime(2027, 1, 21, 10, 0, tzinfo=WIB), WIB, date(2027, 3, 1)),  # no 29 Feb 2027
        # across the year end
        (datetime(2026, 11, 22, 10, 0, tzinfo=WIB), WIB, date(2026, 12, 31)),
        (datetime(2026, 11, 23, 10, 0, tzinfo=WIB), WIB, date(2027, 1, 1)),
        (datetime(2026, 12, 31, 10, 0, tzinfo=WIB), WIB, date(2027, 2, 8)),
        # the shop's own midnight in WITA and WIT shops (UTC given)
        (utc(2026, 1, 31, 15, 59, 59), WITA, date(2026, 3, 11)),
        (utc(2026, 1, 31, 16, 0, 0), WITA, date(2026, 3, 12)),
        (utc(2026, 1, 31, 14, 59, 59), WIT, date(2026, 3, 11)),
        (utc(2026, 1, 31, 15, 0, 0), WIT, date(2026, 3, 12)),
    ],
)
def test_claim_last_day_on_odd_dates(update: datetime, zone: ZoneInfo, last_day: date) -> None:
    assert claim_last_day(update, zone) == last_day
    end = claim_deadline(update, zone).astimezone(zone)
    assert (end.date(), end.hour, end.minute, end.second) == (last_day, 23, 59, 59)


def test_auto_approved_from_the_respond_by_instant() -> None:
    # DOMAIN.md §2: 48 h is the hard deadline; past it the platform has approved on its own
    from core.timing import Status, timing

    due = respond_by(datetime(2026, 12, 30, 0, 0, 1, tzinfo=WIB), WIB)  # 1 Jan 00:00:01 WIB
    second = timedelta(seconds=1)
    assert timing(False, True, due, due - second).status is Status.COUNTING
    assert timing(False, True, due, due - second).left == second
    assert timing(False, True, due, due).status is Status.AUTO_APPROVED
    assert timing(False, True, due, due + second).status is Status.AUTO_APPROVED
    assert timing(False, False, due, due + second).status is Status.DECIDED


# --- chat replies --------------------------------------------------------------


def test_chat_reply_deadlines() -> None:
    sent = datetime(2026, 11, 22, 21, 0, tzinfo=WIB)
    deadlines = chat_reply_deadlines(sent, WIB)
    assert deadlines.target == datetime(2026, 11, 23, 9, 0, tzinfo=WIB)
    assert deadlines.hard == datetime(2026, 11, 23, 21, 0, tzinfo=WIB)


# --- urgency bands ---------------------------------------------------------------


NOW = utc(2026, 11, 22, 12, 0)


@pytest.mark.parametrize(
    ("left", "band"),
    [
        (timedelta(hours=-30), Band.OVERDUE),
        (timedelta(seconds=-1), Band.OVERDUE),
        (timedelta(0), Band.OVERDUE),
        (timedelta(seconds=1), Band.URGENT),
        (timedelta(hours=6) - timedelta(seconds=1), Band.URGENT),
        (timedelta(hours=6), Band.SOON),
        (timedelta(hours=24) - timedelta(seconds=1), Band.SOON),
        (timedelta(hours=24), Band.LATER),
        (timedelta(days=3), Band.LATER),
    ],
)
def test_urgency_band_boundaries(left: timedelta, band: Band) -> None:
    assert urgency_band(NOW + left, NOW) is band


def test_bands_sort_most_urgent_first() -> None:
    assert sorted([Band.LATER, Band.OVERDUE, Band.SOON, Band.URGENT], key=lambda b: b.value) == [
        Band.OVERDUE,
        Band.URGENT,
        Band.SOON,
        Band.LATER,
    ]
