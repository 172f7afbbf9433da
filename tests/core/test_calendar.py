"""Shop-local days, holidays from the `holidays` package, business days."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from core.calendar import (
    add_business_days,
    as_utc,
    end_of_local_day,
    holidays_between,
    is_business_day,
    local_date,
    start_of_local_day,
)

WIB = ZoneInfo("Asia/Jakarta")


def test_idul_fitri_2025_with_cuti_bersama() -> None:
    found = holidays_between(date(2025, 3, 28), date(2025, 4, 8))
    days = {h.day for h in found}
    assert date(2025, 3, 31) in days  # Hari Raya Idul Fitri
    assert date(2025, 4, 7) in days  # cuti bersama
    assert any(h.is_cuti_bersama for h in found)
    assert all(h.name[0].isupper() for h in found)
    assert any("Idul Fitri" in h.name for h in found)


def test_business_days() -> None:
    assert not is_business_day(date(2026, 11, 21))  # Saturday
    assert is_business_day(date(2026, 11, 23))  # Monday
    assert not is_business_day(date(2025, 8, 17))  # Independence Day (a Sunday anyway)
    assert not is_business_day(date(2025, 8, 18))  # cuti bersama, Monday
    assert add_business_days(date(2025, 8, 15), 1) == date(2025, 8, 19)


def test_add_business_days_rejects_zero() -> None:
    with pytest.raises(ValueError):
        add_business_days(date(2025, 1, 1), 0)


def test_as_utc_and_local_day_edges() -> None:
    assert as_utc(datetime(2026, 1, 1, 0, 0), WIB) == datetime(2025, 12, 31, 17, 0, tzinfo=UTC)
    assert local_date(datetime(2025, 12, 31, 17, 0, tzinfo=UTC), WIB) == date(2026, 1, 1)
    assert local_date(datetime(2025, 12, 31, 16, 59, 59, tzinfo=UTC), WIB) == date(2025, 12, 31)
    assert start_of_local_day(date(2026, 1, 1), WIB) == datetime(2025, 12, 31, 17, tzinfo=UTC)
    end = end_of_local_day(date(2026, 1, 31), WIB)
    assert end.astimezone(WIB).date() == date(2026, 1, 31)
    assert (end.astimezone(WIB).hour, end.astimezone(WIB).minute) == (23, 59)
