"""Shifts: which one is on now, when it ends, and the next one (DOMAIN.md §4: one PIC per shift).

Shifts are wall-clock windows in the shop's zone that together cover the whole day,
e.g. Pagi 07:00-15:00, Siang 15:00-23:00, Malam 23:00-07:00. A shift crossing
midnight belongs to the day it started: at 02:00 on 23 Nov it is still the Malam
shift of 22 Nov. Pure functions: the time is always a parameter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

DAY = timedelta(days=1)


@dataclass(frozen=True)
class Shift:
    name: str
    start: time
    end: time

    @property
    def length(self) -> timedelta:
        start = datetime.combine(date.min, self.start)
        end = datetime.combine(date.min, self.end)
        return (end - start) if end > start else (end - start + DAY)

    def describe(self) -> str:
        return f"{self.name} {self.start:%H:%M}-{self.end:%H:%M}"


DEFAULT_TEXT = "Pagi=07:00-15:00, Siang=15:00-23:00, Malam=23:00-07:00"  # issue 5


@dataclass(frozen=True)
class Slot:
    """One shift on one day: `day` is the shop-local date it starts on."""

    shift: Shift
    day: date
    start: datetime  # UTC
    end: datetime  # UTC

    @property
    def key(self) -> str:
        return f"{self.day.isoformat()}:{self.shift.name}"

    @property
    def name(self) -> str:
        return self.shift.name


class ShiftError(ValueError):
    """A shift plan that does not cover the day exactly once."""


_ENTRY = re.compile(r"^\s*([^=,]+?)\s*=\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def parse_plan(text: str) -> tuple[Shift, ...]:
    """`Pagi=07:00-15:00, Siang=15:00-23:00, Malam=23:00-07:00` as shifts, checked."""
    shifts = []
    for part in text.split(","):
        match = _ENTRY.match(part)
        if not match:
            raise ShiftError(part.strip())
        name, h1, m1, h2, m2 = match.groups()
        try:
            shifts.append(Shift(name, time(int(h1), int(m1)), time(int(h2), int(m2))))
        except ValueError:
            raise ShiftError(part.strip()) from None
    check_plan(shifts)
    return tuple(shifts)


def check_plan(shifts: list[Shift] | tuple[Shift, ...]) -> None:
    """Shifts must follow one another without gap or overlap and add up to 24 hours."""
    if not shifts:
        raise ShiftError("no shifts")
    if len({s.name for s in shifts}) != len(shifts):
        raise ShiftError("two shifts with the same name")
    if any(s.start == s.end for s in shifts):
        raise ShiftError("a shift must not start and end at the same time")
    ordered = sorted(shifts, key=lambda s: s.start)
    for current, following in zip(ordered, [*ordered[1:], ordered[0]], strict=True):
        if current.end != following.start:
            raise ShiftError(f"{current.name} must end when {following.name} starts")
    if sum((s.length for s in shifts), timedelta()) != DAY:
        raise ShiftError("the shifts must add up to 24 hours")


DEFAULT_SHIFTS = parse_plan(DEFAULT_TEXT)


def plan_text(shifts: tuple[Shift, ...]) -> str:
    return ", ".join(f"{s.name}={s.start:%H:%M}-{s.end:%H:%M}" for s in shifts)


def slot_for(shift: Shift, day: date, zone: tzinfo) -> Slot:
    """`shift` on the shop-local `day`."""
    start = datetime.combine(day, shift.start, tzinfo=zone)
    return Slot(shift, day, start.astimezone(UTC), (start + shift.length).astimezone(UTC))


def slot_at(moment: datetime, zone: tzinfo, shifts: tuple[Shift, ...] = DEFAULT_SHIFTS) -> Slot:
    """The shift on duty at `moment` (start inclusive, end exclusive)."""
    local = moment.astimezone(zone)
    for day in (local.date(), local.date() - DAY):
        for shift in shifts:
            slot = slot_for(shift, day, zone)
            if slot.start <= moment.astimezone(UTC) < slot.end:
                return slot
    raise ShiftError("no shift covers this moment")  # pragma: no cover (plans are checked)


def next_slot(slot: Slot, zone: tzinfo, shifts: tuple[Shift, ...] = DEFAULT_SHIFTS) -> Slot:
    return slot_at(slot.end, zone, shifts)


def previous_slot(slot: Slot, zone: tzinfo, shifts: tuple[Shift, ...] = DEFAULT_SHIFTS) -> Slot:
    return slot_at(slot.start - timedelta(seconds=1), zone, shifts)
