"""The shift plan and who is PIC of which shift (DOMAIN.md §4: one PIC per shift).

The plan is the `shifts` setting; a supervisor assigns a PIC to a shift for one day or
for every day (a day's own assignment wins). `on_duty` answers the header's question:
which shift is on now, who is its PIC, and which shift comes next.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlmodel import Session, col

from core import audit, settings
from core.actions import Refused
from core.db import Store
from core.i18n import _
from core.models import ShiftPic
from core.permissions import Member, find, require
from core.shifts import Shift, Slot, next_slot, parse_plan, slot_at


def plan(store: Store) -> tuple[Shift, ...]:
    return parse_plan(settings.current(store, "shifts"))


@dataclass(frozen=True)
class OnDuty:
    slot: Slot
    pic: Member | None
    following: Slot
    following_pic: Member | None


def pic_of(session: Session, slot: Slot) -> Member | None:
    """The PIC of `slot`: assigned for its day, else for every day."""
    rows = session.execute(
        select(ShiftPic).where(col(ShiftPic.shift) == slot.name,
                               (col(ShiftPic.day) == slot.day) | col(ShiftPic.day).is_(None))
    ).scalars().all()  # fmt: skip
    chosen = next((r for r in rows if r.day == slot.day), None) or next(
        (r for r in rows if r.day is None), None
    )
    return find(session, chosen.login) if chosen else None


def on_duty(store: Store, now: datetime) -> OnDuty:
    shifts, zone = plan(store), store.shop_zone
    slot = slot_at(now, zone, shifts)
    following = next_slot(slot, zone, shifts)
    with store.read() as session:
        return OnDuty(slot, pic_of(session, slot), following, pic_of(session, following))


def assign(
    store: Store, *, shift: str, login: str, day: date | None, by: str, now: datetime
) -> None:
    """Make `login` PIC of `shift` on `day` (every day if None). Supervisors only."""
    if shift not in {s.name for s in plan(store)}:
        raise Refused(_("There is no shift called {shift}.").format(shift=shift), "input")
    with store.write() as session:
        require(session, by, "shift_pic")
        if find(session, login) is None:
            raise Refused(_("{login} is not registered as staff.").format(login=login), "input")
        row = session.execute(
            select(ShiftPic).where(col(ShiftPic.shift) == shift, col(ShiftPic.day) == day)
            if day is not None
            else select(ShiftPic).where(col(ShiftPic.shift) == shift, col(ShiftPic.day).is_(None))
        ).scalar_one_or_none()
        before = row.login if row else None
        if row is None:
            row = ShiftPic(shift=shift, day=day, login=login, assigned_by=by,
                           assigned_at=now.astimezone(UTC))  # fmt: skip
            session.add(row)
        else:
            row.login, row.assigned_by, row.assigned_at = login, by, now.astimezone(UTC)
        audit.append(session, at=now, actor=by, action="pic_assigned", touches=[row],
                     detail={"shift": shift, "day": day.isoformat() if day else None,
                             "login": login, "before": before})  # fmt: skip


def assignments(store: Store) -> list[tuple[str, date | None, str]]:
    """(shift, day or None, login) of every assignment, every-day ones first."""
    with store.read() as session:
        rows = session.execute(select(ShiftPic)).scalars().all()
    return sorted(((r.shift, r.day, r.login) for r in rows),
                  key=lambda a: (a[1] is not None, a[1] or date.min, a[0]))  # fmt: skip
