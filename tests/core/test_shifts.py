"""Shift boundaries: midnight, the start and end instants, other zones, plan checks."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from core.shifts import (
    DEFAULT_SHIFTS,
    DEFAULT_TEXT,
    ShiftError,
    next_slot,
    parse_plan,
    plan_text,
    previous_slot,
    slot_at,
)

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


@pytest.mark.parametrize(
    ("moment", "name", "day"),
    [
        (wib(2026, 11, 22, 7, 0), "Pagi", date(2026, 11, 22)),  # start is inclusive
        (wib(2026, 11, 22, 14, 59, 59), "Pagi", date(2026, 11, 22)),
        (wib(2026, 11, 22, 15, 0), "Siang", date(2026, 11, 22)),  # end is exclusive
        (wib(2026, 11, 22, 22, 59), "Siang", date(2026, 11, 22)),
        (wib(2026, 11, 22, 23, 0), "Malam", date(2026, 11, 22)),
        (wib(2026, 11, 23, 0, 0), "Malam", date(2026, 11, 22)),  # after midnight: yesterday's
        (wib(2026, 11, 23, 6, 59, 59), "Malam", date(2026, 11, 22)),
        (wib(2026, 11, 23, 7, 0), "Pagi", date(2026, 11, 23)),
        (wib(2026, 12, 31, 23, 30), "Malam", date(2026, 12, 31)),  # over the year's end
        (wib(2027, 1, 1, 3, 0), "Malam", date(2026, 12, 31)),
    ],
)
def test_shift_on_duty(moment: datetime, name: str, day: date) -> None:
    slot = slot_at(moment, WIB)
    assert (slot.name, slot.day) == (name, day)
    assert slot.start <= moment < slot.end


def test_night_shift_runs_into_the_next_day() -> None:
    slot = slot_at(wib(2026, 11, 23, 2, 0), WIB)
    assert slot.start == wib(2026, 11, 22, 23, 0) and slot.end == wib(2026, 11, 23, 7, 0)
    assert slot.key == "2026-11-22:Malam"
    following = next_slot(slot, WIB)
    assert (following.name, following.day) == ("Pagi", date(2026, 11, 23))
    assert previous_slot(following, WIB) == slot


def test_utc_moment_and_other_shop_zone() -> None:
    moment = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)  # 06:30 WIB, 07:30 WITA on 23 Nov
    assert slot_at(moment, WIB).name == "Malam"
    assert slot_at(moment, WITA).name == "Pagi"


def test_plans_are_parsed_and_checked() -> None:
    assert parse_plan(DEFAULT_TEXT) == DEFAULT_SHIFTS
    assert plan_text(DEFAULT_SHIFTS) == DEFAULT_TEXT
    two = parse_plan("Siang=08:00-20:00, Malam=20:00-08:00")
    assert slot_at(wib(2026, 11, 22, 7, 59), WIB, two).name == "Malam"
    for bad in (
        "Pagi=07:00-15:00",
        "A=07:00-15:00, B=16:00-07:00",
        "A=00:00-00:00",
        "A=07:00-19:00, A=19:00-07:00",
        "A=25:00-07:00, B=07:00-01:00",
        "nonsense",
    ):
        with pytest.raises(ShiftError):
            parse_plan(bad)
    assert DEFAULT_SHIFTS[2].start == time(23)
