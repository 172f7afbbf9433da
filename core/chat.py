"""Buyer chat: response times, the chat queue and the Monday evaluation (DOMAIN.md §2, §7).

Pure: no database, clock or UI. A conversation's messages become *turns*: a turn starts
with a buyer message nobody has answered yet, takes in the buyer's next messages and ends
with the shop's first reply after it; an auto-reply or FAQ answer counts as a reply (seed
004 §6.2). A turn must be answered within 24 h (policy CHAT_REPLY_HARD, seed 004 §5.1.1,
§5.2.1) and should be within 12 h (CHAT_REPLY_TARGET, seed 001).

The Monday evaluation (seed 004 §6.2) covers the 7 calendar days before the Monday,
without weekends, public holidays (core.calendar, the `holidays` package) and the days
the shop was in holiday mode; a turn belongs to the day its first buyer message arrived.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from core import policy
from core.calendar import is_holiday, local_date
from core.formatting import text_table
from core.i18n import N_

HARD = policy.CHAT_REPLY_HARD.delta
TARGET = policy.CHAT_REPLY_TARGET.delta
# A waiting buyer rings like a request (core.reminders): when the 12 h target passes (12 h
# left of the 24 h), then at the request alarms' thresholds below that (6 h, 1 h left).
_AT_TARGET = int((HARD - TARGET).total_seconds() // 3600)
ALARM_HOURS = tuple(sorted({_AT_TARGET, *(r.value for r in policy.ALARMS if r.value < _AT_TARGET)},
                           reverse=True))  # fmt: skip
# What staff may mark a buyer's message as (seed 004 §5.3): the Seller Center ticket.
MARKS: dict[str, str] = {
    "harassment": N_("Harassment or abuse"),
    "threat": N_("Threat or obscene, abusive words"),
    "unreasonable": N_("Unreasonable demand (guarantee, refund, discount)"),
    "ad": N_("Advertising or irrelevant message"),
}
# The same kinds, short, for counts in the evaluation (seed 004 §5.3 names them: harassment,
# threats, unreasonable demands, irrelevant ads).
MARK_NAMES: dict[str, str] = {
    "harassment": N_("harassment"),
    "threat": N_("threat"),
    "unreasonable": N_("unreasonable demand"),
    "ad": N_("advertising"),
}


def _mark_order(kind: str) -> int:
    return list(MARKS).index(kind) if kind in MARKS else len(MARKS)


AUTO_REPLY = "auto-reply"  # the staff column of turns the shop's auto-reply answered
NOBODY = "-"  # the staff column of turns nobody answered


@dataclass(frozen=True)
class Line:
    """One chat message as the store holds it."""

    pk: int
    marketplace: str
    conversation_id: str
    order_id: str | None
    sender: str  # buyer | seller
    staff: str | None
    sent_at: datetime
    text: str
    auto_reply: bool = False
    mark: str | None = None
    buyer_name: str | None = None


@dataclass(frozen=True)
class Turn:
    """Buyer messages waiting for the shop, and the reply that answered them (if any)."""

    marketplace: str
    conversation_id: str
    order_id: str | None
    buyer_name: str | None
    started_at: datetime
    messages: tuple[Line, ...]
    reply: Line | None = None

    @property
    def deadline(self) -> datetime:
        return self.started_at + HARD

    @property
    def target(self) -> datetime:
        return self.started_at + TARGET

    @property
    def answered(self) -> bool:
        return self.reply is not None

    @property
    def waited(self) -> timedelta | None:
        return None if self.reply is None else self.reply.sent_at - self.started_at

    @property
    def answered_by(self) -> str:
        if self.reply is None:
            return NOBODY
        if self.reply.auto_reply:
            return AUTO_REPLY
        return self.reply.staff or NOBODY

    def within(self, limit: timedelta) -> bool:
        waited = self.waited
        return waited is not None and waited <= limit


def turns(lines: Iterable[Line]) -> list[Turn]:
    """The turns of every conversation in `lines` (any order), oldest first."""
    by_conversation: dict[tuple[str, str], list[Line]] = {}
    for line in lines:
        by_conversation.setdefault((line.marketplace, line.conversation_id), []).append(line)
    found: list[Turn] = []
    for (marketplace, conversation), messages in by_conversation.items():
        messages.sort(key=lambda m: (m.sent_at, m.pk))
        waiting: list[Line] = []
        order_id: str | None = None
        buyer: str | None = None
        for message in messages:
            order_id = message.order_id or order_id
            if message.sender == "buyer":
                buyer = message.buyer_name or buyer
                waiting.append(message)
            elif waiting:
                found.append(Turn(marketplace, conversation, order_id, buyer,
                                  waiting[0].sent_at, tuple(waiting), message))  # fmt: skip
                waiting = []
        if waiting:
            found.append(Turn(marketplace, conversation, order_id, buyer, waiting[0].sent_at,
                              tuple(waiting)))  # fmt: skip
    found.sort(key=lambda t: (t.started_at, t.conversation_id))
    return found


def crossed(turn: Turn, now: datetime) -> int | None:
    """The closest alarm threshold (hours left to the 24 h deadline) a waiting turn has
    crossed at `now`; None once answered, before the first threshold, or past the deadline
    (the queue shows it overdue)."""
    left = turn.deadline - now
    if turn.answered or left <= timedelta(0):
        return None
    hits = [hours for hours in ALARM_HOURS if left <= timedelta(hours=hours)]
    return min(hits) if hits else None


def waiting(all_turns: Iterable[Turn]) -> list[Turn]:
    """The chat queue: turns nobody answered, soonest hard deadline first."""
    return sorted((t for t in all_turns if not t.answered), key=lambda t: t.deadline)


# --- the Monday evaluation --------------------------------------------------------------


def evaluation_monday(day: date) -> date:
    """The Monday on or before `day`: the evaluation that covers the week before it."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Day:
    day: date
    counted: bool
    why: str = ""  # weekend | holiday | holiday_mode


def evaluation_days(monday: date, holiday_mode: Sequence[tuple[date, date]]) -> list[Day]:
    """The 7 calendar days before `monday`, each counted or left out with the reason."""
    days = []
    for offset in range(7, 0, -1):
        day = monday - timedelta(days=offset)
        if day.weekday() >= 5:
            days.append(Day(day, False, "weekend"))
        elif is_holiday(day):
            days.append(Day(day, False, "holiday"))
        elif any(first <= day <= last for first, last in holiday_mode):
            days.append(Day(day, False, "holiday_mode"))
        else:
            days.append(Day(day, True))
    return days


@dataclass
class Rate:
    """Turns of one staff member (or the shop): how many answered within 12 h and 24 h."""

    turns: int = 0
    within_12h: int = 0
    within_24h: int = 0
    pending: int = 0  # unanswered and still inside 24 h: not judged yet

    @property
    def judged(self) -> int:
        return self.turns - self.pending

    def rate(self, within: int) -> float | None:
        return within / self.judged if self.judged else None

    def as_json(self) -> dict[str, object]:
        return {
            "turns": self.turns,
            "judged": self.judged,
            "pending": self.pending,
            "within_12h": self.within_12h,
            "within_24h": self.within_24h,
            "rate_12h": self.rate(self.within_12h),
            "rate_24h": self.rate(self.within_24h),
        }


@dataclass(frozen=True)
class Evaluation:
    monday: date
    days: tuple[Day, ...]
    shop: Rate
    staff: dict[str, Rate] = field(default_factory=dict)
    # buyer messages of the counted turns sent on a counted day, marked for a Seller Center
    # ticket (seed 004 §5.3), per kind (a key of MARKS)
    marks: dict[str, int] = field(default_factory=dict)

    @property
    def marked(self) -> int:
        return sum(self.marks.values())

    def as_json(self) -> dict[str, object]:
        counted = [d.day.isoformat() for d in self.days if d.counted]
        return {
            "monday": self.monday.isoformat(),
            "from": self.days[0].day.isoformat(),
            "to": self.days[-1].day.isoformat(),
            "counted_days": counted,
            "left_out": [
                {"day": d.day.isoformat(), "why": d.why} for d in self.days if not d.counted
            ],
            "shop": self.shop.as_json(),
            "staff": {name: rate.as_json() for name, rate in sorted(self.staff.items())},
            "marked_messages": self.marked,
            "marked_by_kind": dict(sorted(self.marks.items())),
        }


def evaluate(
    all_turns: Iterable[Turn], monday: date, holiday_mode: Sequence[tuple[date, date]],
    zone: tzinfo, now: datetime,
) -> Evaluation:  # fmt: skip
    """Response rates within 12 h and 24 h of the turns that began on counted days."""
    days = evaluation_days(monday, holiday_mode)
    counted = {d.day for d in days if d.counted}
    shop = Rate()
    staff: dict[str, Rate] = {}
    marks: dict[str, int] = {}
    for turn in all_turns:
        if local_date(turn.started_at, zone) not in counted:
            continue
        for message in turn.messages:  # a turn may run past the window: its own day counts
            if message.mark and local_date(message.sent_at, zone) in counted:
                marks[message.mark] = marks.get(message.mark, 0) + 1
        who = staff.setdefault(turn.answered_by, Rate())
        for rate in (shop, who):
            rate.turns += 1
            if not turn.answered and now < turn.deadline:
                rate.pending += 1
            rate.within_12h += turn.within(TARGET)
            rate.within_24h += turn.within(HARD)
    return Evaluation(monday, tuple(days), shop, staff, marks)


LEFT_OUT = {
    "weekend": N_("weekend"),
    "holiday": N_("public holiday"),
    "holiday_mode": N_("holiday mode"),
}


def _percent(rate: Rate, within: int) -> str:
    value = rate.rate(within)
    return "-" if value is None else f"{value * 100:.0f}%"


def report_lines(result: Evaluation) -> list[str]:
    """The evaluation as text: days counted and left out, then the shop and each person."""
    from core.formatting import format_date
    from core.i18n import _, ngettext

    days = result.days
    lines = [
        _("Customer-service evaluation of Monday {monday}: {first} to {last}").format(
            monday=format_date(result.monday),
            first=format_date(days[0].day),
            last=format_date(days[-1].day),
        ),
        _("Counted days: {days}").format(
            days=", ".join(format_date(d.day, weekday=True) for d in days if d.counted) or "-"
        ),
    ]
    for d in days:
        if not d.counted:
            lines.append("  " + _("left out: {day} ({why})").format(
                day=format_date(d.day, weekday=True), why=_(LEFT_OUT[d.why])))  # fmt: skip
    head = (_("Who"), _("Turns"), _("Within 12 h"), _("Within 24 h"), _("Waiting"))
    table = [head]
    rows = [(_("Shop"), result.shop), *sorted(result.staff.items())]
    for name, rate in rows:
        shown = {AUTO_REPLY: _("auto-reply"), NOBODY: _("no reply")}.get(name, name)
        table.append((shown, str(rate.turns), _percent(rate, rate.within_12h),
                      _percent(rate, rate.within_24h), str(rate.pending)))  # fmt: skip
    lines.append("")
    lines.extend(text_table(table, right=range(1, len(head))))
    if result.marked:
        lines.append("")
        kinds = ", ".join(
            f"{n} × {_(MARK_NAMES.get(kind, kind))}"
            for kind, n in sorted(result.marks.items(), key=lambda item: _mark_order(item[0]))
        )
        lines.append(
            ngettext(
                "{n} buyer message marked for a Seller Center ticket ({kinds}): it leaves the "
                "evaluation only once Seller Center verifies the ticket.",
                "{n} buyer messages marked for a Seller Center ticket ({kinds}): they leave the "
                "evaluation only once Seller Center verifies the ticket.",
                result.marked,
            ).format(n=result.marked, kinds=kinds)
        )
    if not result.shop.turns:
        lines.append(_("No buyer messages arrived on the counted days."))
    return lines
