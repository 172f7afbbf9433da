"""Buyer chat in the store: importing chat files, the chat queue, marking abusive
messages and the Seller Center ticket, holiday-mode periods and the Monday evaluation.

The rules (turns, deadlines, the evaluation) are core.chat's; this module reads and
writes the tables (ChatMessage, HolidayMode). The file format is shared/formats/README.md
"chats". A ticket leaves the workstation, so buyer names and contacts in it are masked
(core.privacy).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlmodel import col

from core import audit, cells, chat
from core.calendar import local_date, start_of_local_day
from core.db import Store
from core.errors import Refused
from core.formatting import format_local
from core.i18n import _
from core.models import ChatAlarmAck, ChatMessage, HolidayMode
from core.permissions import require
from core.privacy import mask_contacts, mask_name

MARKETPLACES = ("tiktok_shop", "tokopedia", "shopee")
SENDERS = {"buyer": "buyer", "pembeli": "buyer", "seller": "seller", "penjual": "seller",
           "shop": "seller", "toko": "seller"}  # fmt: skip
YES = {"1", "true", "yes", "ya", "y"}
NO = {"", "0", "false", "no", "tidak", "n"}
REQUIRED = ("conversation_id", "message_id", "sender", "sent_at", "text")
CONTEXT = 5  # messages of history around each marked message in a ticket


class ChatImportFailed(Refused):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors), "import")
        self.errors = errors


@dataclass(frozen=True)
class ChatImport:
    rows: int
    inserted: int
    unchanged: int


def _row(cells_: dict[str, object], zone: object) -> dict[str, object]:
    """One file row as ChatMessage fields; cells.Invalid names the first bad column."""
    out: dict[str, object] = {}
    for name in REQUIRED:
        if not cells.text(cells_.get(name), name):  # type: ignore[arg-type]
            raise cells.Invalid(f"{name}: " + _("required"))
    marketplace = cells.text(cells_.get("marketplace"), "marketplace").lower() or "tiktok_shop"  # type: ignore[arg-type]
    if marketplace not in MARKETPLACES:
        raise cells.Invalid("marketplace: " + _("one of {choices}").format(
            choices=", ".join(MARKETPLACES)))  # fmt: skip
    out["marketplace"] = marketplace
    for name in ("conversation_id", "message_id"):
        try:
            out[name] = cells.identifier(cells_[name], name)  # type: ignore[arg-type]
        except cells.Invalid as exc:
            raise cells.Invalid(f"{name}: {exc}") from None
    order = cells.text(cells_.get("order_id"), "order_id")  # type: ignore[arg-type]
    out["order_id"] = order or None
    sender = cells.text(cells_["sender"]).lower()  # type: ignore[arg-type]
    if sender not in SENDERS:
        raise cells.Invalid("sender: " + _("buyer or seller, not {value!r}").format(value=sender))
    out["sender"] = SENDERS[sender]
    out["staff"] = cells.text(cells_.get("staff"), "staff")[:64] or None  # type: ignore[arg-type]
    out["buyer_name"] = cells.text(cells_.get("buyer_name"), "buyer_name") or None  # type: ignore[arg-type]
    try:
        out["sent_at"] = cells.parse_time(cells_["sent_at"], zone)  # type: ignore[arg-type]
    except cells.Invalid as exc:
        raise cells.Invalid(f"sent_at: {exc}") from None
    try:
        out["text"] = cells.text(cells_["text"], "comment")  # type: ignore[arg-type]
    except cells.Invalid as exc:
        raise cells.Invalid(f"text: {exc}") from None
    flag = cells.text(cells_.get("auto_reply")).lower()  # type: ignore[arg-type]
    if flag not in YES | NO:
        raise cells.Invalid("auto_reply: " + _("yes or no, not {value!r}").format(value=flag))
    out["auto_reply"] = flag in YES
    if out["auto_reply"] and out["sender"] != "seller":
        raise cells.Invalid("auto_reply: " + _("only the shop's messages are auto-replies"))
    return out


def import_chats(store: Store, path: Path, *, login: str, now: datetime) -> ChatImport:
    """Read a chat file (CSV or XLSX) all-or-nothing; messages already stored stay as they
    are (with their marks). Raises ChatImportFailed with one `file:line: column: problem`
    per bad row."""
    from core.tabular import TableError, read_table

    now = now.astimezone(UTC)
    zone = store.shop_zone
    try:
        table = read_table(path, formats=[])
        header = table.header
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            raise ChatImportFailed([f"{path}:{table.header_line}: " + _(
                "not a chat file: the columns {names} are missing").format(
                names=", ".join(missing))])  # fmt: skip
        parsed: list[dict[str, object]] = []
        errors: list[str] = []
        for line, record in table.rows:
            values = dict(zip(header, record, strict=False))
            if all(v in (None, "") for v in values.values()):
                continue
            try:
                parsed.append(_row(values, zone))
            except cells.Invalid as exc:
                errors.append(f"{path}:{line}: {exc}")
    except TableError as exc:
        raise ChatImportFailed([f"{path}: {exc}"]) from None
    except OSError as exc:
        raise ChatImportFailed([f"{path}: {exc.strerror or exc}"]) from None
    if errors:
        raise ChatImportFailed(errors)
    with store.write() as session:
        actor = require(session, login, "chat_import")
        keys = {(str(r["marketplace"]), str(r["conversation_id"])) for r in parsed}
        existing: set[tuple[str, str, str]] = set()
        for marketplace, conversation in keys:
            existing.update(
                (marketplace, conversation, message)
                for message in session.execute(
                    select(ChatMessage.message_id).where(
                        col(ChatMessage.marketplace) == marketplace,
                        col(ChatMessage.conversation_id) == conversation,
                    )
                ).scalars()
            )
        new = []
        for r in parsed:
            key = (str(r["marketplace"]), str(r["conversation_id"]), str(r["message_id"]))
            if key in existing:
                continue
            existing.add(key)
            new.append(ChatMessage(**r))  # type: ignore[arg-type]
        session.add_all(new)
        audit.append(session, at=now, actor=actor.login, action="chat_import", touches=new,
                     detail={"file": path.name, "rows": len(parsed), "new": len(new)})  # fmt: skip
    return ChatImport(len(parsed), len(new), len(parsed) - len(new))


def _line(r: ChatMessage) -> chat.Line:
    return chat.Line(r.id or 0, r.marketplace, r.conversation_id, r.order_id, r.sender,
                     r.staff, r.sent_at, r.text, r.auto_reply, r.mark, r.buyer_name)  # fmt: skip


def _lines(store: Store, since: datetime | None = None) -> list[chat.Line]:
    with store.read() as session:
        query = select(ChatMessage)
        if since is not None:  # whole conversations that had a message since then
            recent = select(ChatMessage.conversation_id).where(col(ChatMessage.sent_at) >= since)
            query = query.where(col(ChatMessage.conversation_id).in_(recent))
        rows = session.execute(query).scalars().all()
        return [_line(r) for r in rows]


def all_turns(store: Store) -> list[chat.Turn]:
    return chat.turns(_lines(store))


def queue(store: Store) -> list[chat.Turn]:
    """Unanswered buyer messages, soonest 24 h deadline first."""
    return chat.waiting(all_turns(store))


def conversation(store: Store, marketplace: str, conversation_id: str) -> list[chat.Line]:
    with store.read() as session:
        rows = session.execute(
            select(ChatMessage).where(col(ChatMessage.marketplace) == marketplace,
                                      col(ChatMessage.conversation_id) == conversation_id)
            .order_by(col(ChatMessage.sent_at), col(ChatMessage.id))
        ).scalars().all()  # fmt: skip
        return [_line(r) for r in rows]


def mark(store: Store, *, pk: int, mark: str | None, login: str, now: datetime) -> None:
    """Mark a buyer's message as abusive (seed 004 §5.3), or clear the mark (None)."""
    now = now.astimezone(UTC)
    if mark is not None and mark not in chat.MARKS:
        raise Refused(_("Unknown mark: {mark}.").format(mark=mark), "input")
    with store.write() as session:
        actor = require(session, login, "chat_mark")
        row = session.get(ChatMessage, pk)
        if row is None:
            raise Refused(_("This message is no longer in the store."), "missing")
        if row.sender != "buyer":
            raise Refused(_("Only a buyer's messages can be marked."), "input")
        before = row.mark
        row.mark, row.marked_by, row.marked_at = mark, actor.login, now
        audit.append(session, at=now, actor=actor.login, action="chat_mark", touches=[row],
                     detail={"message": pk, "mark": mark, "before": before})  # fmt: skip


def ticket(store: Store, marketplace: str, conversation_id: str) -> str:
    """The Seller Center ticket about an abusive buyer (seed 004 §5.3): the marked messages
    and the history around them, buyer names and contacts masked. Empty when none is marked."""
    lines = conversation(store, marketplace, conversation_id)
    marked = [i for i, line in enumerate(lines) if line.mark]
    if not marked:
        return ""
    zone = store.shop_zone
    shown: set[int] = set()
    for index in marked:
        shown.update(range(max(0, index - CONTEXT), min(len(lines), index + CONTEXT + 1)))
    order = next((line.order_id for line in lines if line.order_id), None)
    titles = [chat.MARKS[mark] for i in marked if (mark := lines[i].mark)]
    kinds = sorted({_(title) for title in titles})
    out = [
        _("Report of a buyer's conduct (seller guidelines for customer service §5.3)"),
        _("Conversation: {conversation}").format(conversation=conversation_id),
        _("Order: {order}").format(order=order or "-"),
        _("Buyer: {buyer}").format(
            buyer=mask_name(next((line.buyer_name for line in lines if line.buyer_name), None))
        ),
        _("What happened: {kinds}").format(kinds="; ".join(kinds)),
        _("We ask that these messages be reviewed and left out of our performance evaluation."),
        "",
        _("Chat history ({n} marked messages, marked with >>):").format(n=len(marked)),
    ]
    previous = -1
    for index in sorted(shown):
        if previous >= 0 and index != previous + 1:
            out.append("   …")
        previous = index
        line = lines[index]
        who = _("Buyer") if line.sender == "buyer" else (
            _("Shop (auto-reply)") if line.auto_reply else _("Shop"))  # fmt: skip
        flag = ">>" if line.mark else "  "
        kind = f" [{_(chat.MARKS[line.mark])}]" if line.mark else ""
        out.append(f"{flag} {format_local(line.sent_at, zone)}  {who}{kind}: "
                   f"{mask_contacts(line.text)}")  # fmt: skip
    return "\n".join(out)


# --- holiday mode and the Monday evaluation ----------------------------------------------


def holiday_modes(store: Store) -> list[tuple[date, date, str]]:
    with store.read() as session:
        return [
            (r.first_day, r.last_day, r.set_by)
            for r in session.execute(
                select(HolidayMode).order_by(col(HolidayMode.first_day))
            ).scalars()
        ]


def add_holiday_mode(store: Store, *, first: date, last: date, login: str, now: datetime) -> None:
    """Record that the shop was (or will be) in holiday mode from `first` to `last`."""
    if last < first:
        raise Refused(_("The last day is before the first."), "input")
    if (last - first).days > 366:
        raise Refused(_("A holiday-mode period is at most a year."), "input")
    now = now.astimezone(UTC)
    with store.write() as session:
        actor = require(session, login, "holiday_mode")
        row = HolidayMode(first_day=first, last_day=last, set_by=actor.login, set_at=now)
        session.add(row)
        audit.append(session, at=now, actor=actor.login, action="holiday_mode", touches=[row],
                     detail={"first": first.isoformat(), "last": last.isoformat()})  # fmt: skip


def evaluation(store: Store, day: date | None, now: datetime) -> chat.Evaluation:
    """The Monday evaluation of the week before `day`'s Monday (default: today's)."""
    zone = store.shop_zone
    monday = chat.evaluation_monday(day if day is not None else local_date(now, zone))
    modes = [(first, last) for first, last, _by in holiday_modes(store)]
    # the conversations active since the 7 days began (a day early: a turn may start the
    # evening before and be judged in the week), not every message ever stored
    since = start_of_local_day(monday - timedelta(days=8), zone)
    turns = chat.turns(_lines(store, since=since))
    return chat.evaluate(turns, monday, modes, zone, now.astimezone(UTC))


# --- alarms -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChatAlarm:
    message_pk: int  # the turn's first waiting message
    marketplace: str
    conversation_id: str
    deadline: datetime
    hours: int  # the threshold crossed: hours left to the 24 h deadline (chat.ALARM_HOURS)


def alarms(store: Store, now: datetime) -> list[ChatAlarm]:
    """Waiting buyers whose crossed threshold nobody acknowledged, soonest deadline first
    (the same `!` acknowledges them with the request and claim alarms)."""
    now = now.astimezone(UTC)
    # only a turn begun within the last 24 h can ring: read those conversations, not all
    recent = chat.waiting(chat.turns(_lines(store, since=now - chat.HARD)))
    found = [
        ChatAlarm(t.messages[0].pk, t.marketplace, t.conversation_id, t.deadline, hours)
        for t in recent
        if (hours := chat.crossed(t, now)) is not None
    ]
    if not found:
        return []
    with store.read() as session:
        seen = {tuple(row) for row in session.execute(
            select(ChatAlarmAck.message_pk, ChatAlarmAck.hours)
            .where(col(ChatAlarmAck.message_pk).in_([a.message_pk for a in found]))
        ).all()}  # fmt: skip
    return [a for a in found if (a.message_pk, a.hours) not in seen]


def acknowledge_alarms(store: Store, found: list[ChatAlarm], *, login: str, now: datetime) -> int:
    """Record that `login` saw these chat alarms (and every wider threshold they passed)."""
    if not found:
        return 0
    now = now.astimezone(UTC)
    with store.write() as session:
        require(session, login, "alarm_ack")
        existing = {tuple(row) for row in session.execute(
            select(ChatAlarmAck.message_pk, ChatAlarmAck.hours)
            .where(col(ChatAlarmAck.message_pk).in_([a.message_pk for a in found]))
        ).all()}  # fmt: skip
        acks: list[ChatAlarmAck] = []
        for alarm in found:
            for hours in (h for h in chat.ALARM_HOURS if h >= alarm.hours):
                if (alarm.message_pk, hours) not in existing:
                    existing.add((alarm.message_pk, hours))
                    acks.append(ChatAlarmAck(
                        message_pk=alarm.message_pk, hours=hours, acknowledged_by=login,
                        acknowledged_at=now,
                    ))  # fmt: skip
        session.add_all(acks)
        session.flush()
        if acks:
            audit.append(session, at=now, actor=login, action="chat_alarm_ack", touches=acks,
                         detail={"alarms": [[a.message_pk, a.hours] for a in acks]})  # fmt: skip
    return len(acks)
