"""Handing a shift over: what is open, due, stuck or held by someone gone, and the PIC's notes.

The summary is built from the store for the shift on duty; handing over stores it as a
snapshot (so past handovers read as they were) with the outgoing PIC's notes, and the
incoming PIC acknowledges it. Both are audit events. Buyer names are masked in the
summary: it is meant to be pasted into a team chat (DOMAIN.md §7).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import and_, select
from sqlmodel import Session, col

from core import audit, claims_store, permissions, roster
from core.actions import Refused, acting
from core.db import Store
from core.i18n import N_, _
from core.models import AuditEvent, Handover, Request, Setting
from core.privacy import mask_contacts, mask_name
from core.queries import sample
from core.rows import QueueRow, iso_z
from core.shifts import Slot, previous_slot, slot_for
from core.workflow import RequestType, State

LISTED = 50  # requests kept per section in a summary (the count says how many in all)


@dataclass(frozen=True)
class Item:
    request_id: str
    order_id: str
    request_type: str
    state: str
    respond_by: str | None  # ISO 8601, UTC; None: the export had no request time
    sku: str
    buyer: str  # masked
    claimed_by: str | None
    answered: bool


@dataclass(frozen=True)
class Section:
    key: str
    count: int
    items: list[Item]

    @property
    def title(self) -> str:
        return SECTION_TITLES[self.key]


SECTION_TITLES = {
    "overdue": N_("Past the deadline: auto-approved by the platform (check Seller Center)"),
    "due_next_shift": N_("Due before the end of the next shift"),
    "open_refund_only": N_("Open: refund only"),
    "open_return_refund": N_("Open: return & refund"),
    "open_resend": N_("Open: resend"),
    "open_exchange": N_("Open: exchange"),
    "awaiting_parcel": N_("Returns approved, parcel not received yet"),
    "awaiting_inspection": N_("Received, not inspected yet"),
    "no_follow_up": N_("Decided without follow-up (goods sent without AWB)"),
    "claimed_off_shift": N_("Claimed by someone who is off shift"),
}


@dataclass(frozen=True)
class Summary:
    shift: str
    day: str
    start: str
    end: str
    pic: str | None
    next_shift: str
    next_day: str
    next_end: str
    next_pic: str | None
    generated_at: str
    sections: list[Section] = field(default_factory=list)
    notes: str = ""
    # the logistics claims desk (core.claims_store.Summary as a dict; {} in older snapshots)
    claims: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    def for_sharing(self) -> Summary:
        """The summary as it may leave the workstation: the PIC's notes with phone numbers,
        e-mails, accounts and addresses hidden (buyer names are masked already)."""
        return replace(self, notes=mask_contacts(self.notes))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Summary:
        sections = [Section(s["key"], s["count"], [Item(**i) for i in s["items"]])
                    for s in data.get("sections", [])]  # fmt: skip
        return cls(**{**data, "sections": sections})


def _item(row: QueueRow) -> Item:
    due = iso_z(row.respond_by) if row.respond_by else None
    return Item(row.request_id, row.order_id, row.request_type.value, row.state.value, due,
                row.sku, mask_name(row.buyer_name), row.claimed_by, row.answered)  # fmt: skip


def _section(session: Session, key: str, *conditions: Any) -> Section:
    """Open requests meeting `conditions`, most urgent first."""
    count, rows = sample(session, (col(Request.is_open).is_(True), *conditions), LISTED)
    return Section(key, count, [_item(row) for row in rows])


def _present(session: Session, since: datetime) -> set[str]:
    """Logins with any audit event since `since`: they are (or were) at work this shift."""
    return set(session.execute(
        select(AuditEvent.actor).where(col(AuditEvent.at) >= since).distinct()
    ).scalars())  # fmt: skip


def summarize(store: Store, now: datetime, duty: roster.OnDuty | None = None) -> Summary:
    """What the shift on duty (`duty`, if the caller has it) hands over, as of `now`."""
    now = now.astimezone(UTC)
    duty = duty or roster.on_duty(store, now)
    slot, following = duty.slot, duty.following
    waiting = col(Request.answered).is_(False)
    with store.read() as session:
        sections = [
            _section(session, "overdue", waiting, col(Request.respond_by) <= now),
            _section(
                session,
                "due_next_shift",
                waiting,
                col(Request.respond_by) > now,
                col(Request.respond_by) < following.end,
            ),
            *(
                _section(
                    session, f"open_{kind.value}", waiting, col(Request.request_type) == kind.value
                )
                for kind in RequestType
            ),
            _section(session, "awaiting_parcel", col(Request.state) == State.RETURN_APPROVED),
            _section(session, "awaiting_inspection", col(Request.state) == State.RECEIVED),
            _no_follow_up(session, now),
            _off_shift(session, slot, duty),
        ]
        notes = _draft(session, slot)
    claims = asdict(claims_store.summary(store, now))
    return Summary(
        shift=slot.name, day=slot.day.isoformat(), start=iso_z(slot.start), end=iso_z(slot.end),
        pic=duty.pic.login if duty.pic else None, next_shift=following.name,
        next_day=following.day.isoformat(), next_end=iso_z(following.end),
        next_pic=duty.following_pic.login if duty.following_pic else None,
        generated_at=iso_z(now), sections=sections, notes=notes, claims=claims,
    )  # fmt: skip


def _no_follow_up(session: Session, now: datetime) -> Section:
    """Goods sent (resend, replacement) in the last two weeks with no AWB recorded."""
    count, rows = sample(session, (
        col(Request.state).in_([State.RESENT.value, State.REPLACEMENT_SHIPPED.value]),
        col(Request.resend_awb).is_(None),
        col(Request.updated_at) >= now - timedelta(days=14),
    ), LISTED, order=(col(Request.updated_at), col(Request.id)))  # fmt: skip
    return Section("no_follow_up", count, [_item(row) for row in rows])


def _off_shift(session: Session, slot: Slot, duty: roster.OnDuty) -> Section:
    """Open requests held by someone who is neither PIC now or next, nor active this shift."""
    on = _present(session, slot.start) | {m.login for m in (duty.pic, duty.following_pic) if m}
    held = col(Request.claimed_by).is_not(None)
    return _section(session, "claimed_off_shift", held,
                    col(Request.claimed_by).not_in(sorted(on)) if on else held)  # fmt: skip


# --- notes, handing over, acknowledging -------------------------------------------------------


def _draft_key(slot: Slot) -> str:
    return f"handover_notes:{slot.key}"


def _draft(session: Session, slot: Slot) -> str:
    row = session.get(Setting, _draft_key(slot))
    return row.value if row else ""


def save_notes(store: Store, *, text: str, login: str, now: datetime) -> None:
    """Keep the outgoing PIC's notes for this shift until it is handed over."""
    slot = roster.on_duty(store, now).slot
    now = now.astimezone(UTC)
    with store.write() as session:
        acting(session, login, "handover_notes")
        row = session.get(Setting, _draft_key(slot))
        if row is None:
            row = Setting(key=_draft_key(slot), value=text.strip()[:500])
            session.add(row)
        else:
            row.value = text.strip()[:500]
        audit.append(session, at=now, actor=login, action="handover_notes", touches=[row],
                     detail={"shift": slot.key, "notes": row.value})  # fmt: skip


@dataclass(frozen=True)
class Record:
    """A handover as stored: who handed which shift to which, when, and its receipt."""

    handover_id: int
    shift: str
    day: date
    to_shift: str
    to_day: date
    handed_by: str
    handed_at: datetime
    notes: str
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    summary: Summary


def _record(row: Handover) -> Record:
    return Record(row.id or 0, row.shift, row.day, row.to_shift, row.to_day, row.handed_by,
                  row.handed_at, row.notes, row.acknowledged_by, row.acknowledged_at,
                  Summary.from_json(json.loads(row.summary)))  # fmt: skip


def hand_over(store: Store, *, login: str, now: datetime) -> Record:
    """Hand the shift on duty over to the next one; its PIC or a supervisor may."""
    now = now.astimezone(UTC)
    duty = roster.on_duty(store, now)
    summary = summarize(store, now, duty)
    with store.write() as session:
        member = acting(session, login, "hand_over")
        if not permissions.is_pic_or_supervisor(member, duty.pic.login if duty.pic else None):
            raise Refused(_("Only the PIC of this shift ({pic}) or a supervisor hands it over.")
                          .format(pic=duty.pic.login if duty.pic else "-"), "not_pic")  # fmt: skip
        existing = session.execute(select(Handover).where(
            col(Handover.day) == duty.slot.day, col(Handover.shift) == duty.slot.name)
        ).scalar_one_or_none()  # fmt: skip
        if existing is not None:
            raise Refused(_("This shift was handed over already, by {who}.").format(
                who=existing.handed_by), "done")  # fmt: skip
        row = Handover(shift=duty.slot.name, day=duty.slot.day, to_shift=duty.following.name,
                       to_day=duty.following.day, handed_by=login, handed_at=now,
                       notes=summary.notes, summary=json.dumps(summary.as_json()))  # fmt: skip
        session.add(row)
        session.flush()
        audit.append(session, at=now, actor=login, action="handover", touches=[row],
                     detail={"handover": row.id, "shift": duty.slot.key,
                             "to": duty.following.key, "notes": summary.notes})  # fmt: skip
        return _record(row)


def incoming(store: Store, now: datetime, duty: roster.OnDuty | None = None) -> Record | None:
    """The handover into the shift on duty (from the one before), if there was one."""
    shifts, zone = roster.plan(store), store.shop_zone
    slot = (duty or roster.on_duty(store, now)).slot
    earlier = previous_slot(slot, zone, shifts)
    with store.read() as session:
        row = session.execute(select(Handover).where(
            and_(col(Handover.to_day) == slot.day, col(Handover.to_shift) == slot.name,
                 col(Handover.day) == earlier.day, col(Handover.shift) == earlier.name))
        ).scalar_one_or_none()  # fmt: skip
    return _record(row) if row else None


def outgoing(store: Store, now: datetime, duty: roster.OnDuty | None = None) -> Record | None:
    """The handover of the shift on duty, once it is handed over."""
    slot = (duty or roster.on_duty(store, now)).slot
    with store.read() as session:
        row = session.execute(select(Handover).where(
            col(Handover.day) == slot.day, col(Handover.shift) == slot.name)
        ).scalar_one_or_none()  # fmt: skip
    return _record(row) if row else None


class Desk(NamedTuple):
    """Everything the handover screen shows, read for one shift on duty."""

    summary: Summary
    incoming: Record | None
    outgoing: Record | None


def desk(store: Store, now: datetime) -> Desk:
    duty = roster.on_duty(store, now)
    return Desk(summarize(store, now, duty), incoming(store, now, duty),
                outgoing(store, now, duty))  # fmt: skip


def acknowledge(store: Store, *, handover_id: int, login: str, now: datetime) -> None:
    """The incoming PIC (or a supervisor) confirms having read the handover."""
    now = now.astimezone(UTC)
    with store.write() as session:
        member = acting(session, login, "handover_ack")
        row = session.get(Handover, handover_id)
        if row is None:
            raise Refused(_("There is no such handover."), "input")
        if row.acknowledged_by:
            raise Refused(_("{who} acknowledged this handover already.").format(
                who=row.acknowledged_by), "done")  # fmt: skip
        target = _slot_named(store, row.to_shift, row.to_day)
        pic = roster.pic_of(session, target) if target is not None else None
        if not permissions.is_pic_or_supervisor(member, pic.login if pic else None):
            raise Refused(_("Only the incoming PIC ({pic}) or a supervisor acknowledges.")
                          .format(pic=pic.login if pic else "-"), "not_pic")  # fmt: skip
        row.acknowledged_by, row.acknowledged_at = login, now
        shift = f"{row.to_day}:{row.to_shift}"
        audit.append(session, at=now, actor=login, action="handover_ack", touches=[row],
                     detail={"handover": row.id, "shift": shift})  # fmt: skip


def _slot_named(store: Store, name: str, day: date) -> Slot | None:
    for shift in roster.plan(store):
        if shift.name == name:
            return slot_for(shift, day, store.shop_zone)
    return None


def past(store: Store, limit: int = 60) -> list[Record]:
    """Handovers, newest first."""
    with store.read() as session:
        rows = (
            session.execute(select(Handover).order_by(col(Handover.handed_at).desc()).limit(limit))
            .scalars()
            .all()
        )
    return [_record(row) for row in rows]


def item_line(item: Item, zone: Any) -> str:
    """One request of a summary in words, for a chat message or the screen."""
    from core.timing import due_words
    from core.workflow import STATE_TITLES, TYPE_TITLES

    respond_by = (datetime.fromisoformat(item.respond_by.replace("Z", "+00:00"))
                  if item.respond_by else None)  # fmt: skip
    parts = [item.request_id, _(TYPE_TITLES[RequestType(item.request_type)]),
             _(STATE_TITLES[State(item.state)])]  # fmt: skip
    if not item.answered:
        parts.append(due_words(respond_by, zone))
    parts += [f"SKU {item.sku}", item.buyer]
    if item.claimed_by:
        parts.append(_("claimed by {who}").format(who=item.claimed_by))
    return " · ".join(parts)


def as_text(summary: Summary, zone: Any, *, per_section: int = 10) -> str:
    """The summary as plain text to paste into a team chat (buyer names already masked)."""
    from core.formatting import format_date, format_local

    def when(value: str) -> str:
        return format_local(datetime.fromisoformat(value.replace("Z", "+00:00")), zone)

    lines = [
        _("Handover of shift {shift} {day} (until {end}) · PIC {pic} → {next} · PIC {next_pic}")
        .format(shift=summary.shift, day=format_date(date.fromisoformat(summary.day), weekday=True),
                end=when(summary.end),
                pic=summary.pic or "-", next=summary.next_shift, next_pic=summary.next_pic or "-"),
        _("As of {when}").format(when=when(summary.generated_at)),
    ]  # fmt: skip
    if summary.notes:
        lines += ["", _("PIC's notes:"), *(f"  {line}" for line in summary.notes.splitlines())]
    if summary.claims:
        lines += ["", claims_store.summary_words(summary.claims)]
    for section in summary.sections:
        lines += ["", f"{_(section.title)} ({section.count})"]
        lines += [f"  - {item_line(item, zone)}" for item in section.items[:per_section]]
        if section.count > per_section:
            lines.append("  " + _("… and {n} more").format(n=section.count - per_section))
    return "\n".join(lines) + "\n"
