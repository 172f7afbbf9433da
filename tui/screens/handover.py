"""Shift handover: what the shift on duty leaves open, the PIC's notes, handing over, and
acknowledging the handover that came in. Past handovers read as they were handed over."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime, tzinfo

from rich.console import Group, RenderableType
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from core import claims_store, handover, reminders, roster
from core.formatting import format_date, format_local
from core.handover import Record, Summary
from core.i18n import N_, _
from tui.base import SCROLL_BINDINGS, PurnaScreen
from tui.screens.dashboard import bullets, holiday_text
from tui.screens.dialogs import EntryDialog, PromptDialog
from tui.text import lit
from tui.widgets.columns import Column, ResponsiveTable
from tui.widgets.key_footer import KeyFooter
from tui.widgets.status_bar import StatusBar

URGENT_SECTIONS = {"overdue", "due_next_shift", "claimed_off_shift"}


def _when(value: str, zone: tzinfo) -> str:
    return format_local(datetime.fromisoformat(value.replace("Z", "+00:00")), zone)


def _day(value: date | str, weekday: bool = True) -> str:
    """A shift's day as people read it (`Sen, 23 Nov 2026`), never ISO."""
    return format_date(date.fromisoformat(value) if isinstance(value, str) else value,
                       weekday=weekday)  # fmt: skip


def render_summary(summary: Summary, zone: tzinfo) -> RenderableType:
    """A handover summary, grouped and most urgent first, as the screen shows it."""
    parts: list[RenderableType] = [lit(_(
        "Shift {shift} {day} until {end} · PIC {pic}  →  {next} until {next_end} · PIC {next_pic}"
    ).format(shift=summary.shift, day=_day(summary.day), end=_when(summary.end, zone),
             pic=summary.pic or "-", next=summary.next_shift,
             next_end=_when(summary.next_end, zone), next_pic=summary.next_pic or "-"),
        "bold")]  # fmt: skip
    parts.append(lit(_("PIC's notes: ") + (summary.notes or _("(none yet)")),
                     "italic" if summary.notes else "dim", lines=True))  # fmt: skip
    if summary.claims:  # 9 opens the claims desk
        urgent = summary.claims.get("alarms", 0) or summary.claims.get("follow_up", 0)
        parts.append(Text("\n" + claims_store.summary_words(summary.claims) + "  (9)",
                          "bold red" if urgent else "bold"))  # fmt: skip
    for section in summary.sections:
        style = "bold red" if section.key in URGENT_SECTIONS and section.count else "bold"
        parts.append(Text(f"\n{_(section.title)} ({section.count})", style))
        if section.items:  # wrapped lines keep their indent
            parts.append(bullets([lit(handover.item_line(i, zone)) for i in section.items], "  •"))
        if section.count > len(section.items):
            parts.append(Text("  " + _("… and {n} more").format(
                n=section.count - len(section.items)), "dim"))  # fmt: skip
    return Group(*parts)


class HandoverScreen(PurnaScreen):
    TITLE = N_("Shift handover")
    HELP = N_(
        "What the shift on duty hands over, grouped and most urgent first: overdue requests, "
        "those due before the next shift ends, open requests per type, returns waiting for "
        "their parcel or inspection, goods sent without AWB, requests held by someone who is "
        "off shift, and the PIC's notes. w writes the notes, s hands the shift over (the "
        "summary is kept as it is then), a acknowledges the handover that came in, p shows "
        "past handovers, i lets a supervisor assign the next shift's PIC. Buyer names are "
        "masked: purna handover prints the same summary for a team chat."
    )
    SCROLL_BODY = "#handover-body"
    BINDINGS = [
        Binding("w", "notes", N_("Notes")),
        Binding("s", "hand_over", N_("Hand over")),
        Binding("a", "acknowledge", N_("Acknowledge")),
        Binding("p", "past", N_("Past handovers")),
        Binding("i", "assign", N_("Assign PIC")),
        Binding("ctrl+r", "reload", N_("Reload"), show=False),
        *SCROLL_BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summary: Summary | None = None
        self.incoming: Record | None = None
        self.outgoing: Record | None = None

    def compose(self) -> ComposeResult:
        yield StatusBar(self.screen_title())
        yield Static(id="handover-state")
        with VerticalScroll(id="handover-body"):
            yield Static(id="handover-holidays")
            yield Static(id="handover-summary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.purna.when_store_ready(self, self.action_reload)

    def action_reload(self) -> None:
        store = self.purna.store
        if store is None:
            return
        now = self.purna.now()
        self.summary, self.incoming, self.outgoing = handover.desk(store, now)
        zone = self.purna.shop_zone
        self.query_one("#handover-state", Static).update(self._state_text(zone))
        holidays = reminders.holiday_forecast(store, now)
        self.query_one("#handover-holidays", Static).update(holiday_text(holidays))
        self.query_one("#handover-summary", Static).update(render_summary(self.summary, zone))
        self.refresh_bindings()

    def _state_text(self, zone: tzinfo) -> Text:
        text = Text()
        record = self.incoming
        if record is None:
            text.append(_("No handover came in for this shift."), "dim")
        else:
            text.append(_("Handed in by {who} ({shift}) at {when}.").format(
                who=record.handed_by, shift=record.shift,
                when=format_local(record.handed_at, zone)), "bold")  # fmt: skip
            if record.acknowledged_by and record.acknowledged_at:
                text.append("  " + _("Acknowledged by {who} at {when}.").format(
                    who=record.acknowledged_by, when=format_local(record.acknowledged_at, zone)),
                    "green")  # fmt: skip
            else:
                text.append("  " + _("Not acknowledged yet: a acknowledges it."), "bold yellow")
        if self.outgoing is not None:
            text.append("\n" + _("This shift was handed over by {who} at {when}.").format(
                who=self.outgoing.handed_by, when=format_local(self.outgoing.handed_at, zone)),
                "bold green")  # fmt: skip
        return text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "acknowledge":
            return self.incoming is not None and not self.incoming.acknowledged_by
        if action == "hand_over":
            return self.outgoing is None
        if action == "assign":
            return self.purna.member is not None and self.purna.member.is_supervisor
        return super().check_action(action, parameters)

    async def act(self, change: Callable[[], object]) -> bool:
        done = await super().act(change)
        self.purna.check_reminders()  # the header's PIC may have changed
        return done

    @work(exclusive=True, group="change")
    async def action_notes(self) -> None:
        store = self.purna.store
        if store is None or self.summary is None:
            return
        text = await self.app.push_screen_wait(
            EntryDialog(_("Notes for the next shift"),
                         _("What the next PIC must know (saved until you hand over)."),
                         _("Save notes"), field=_("notes"), value=self.summary.notes))  # fmt: skip
        if text is not None:
            await self.act(lambda: handover.save_notes(
                store, text=text, login=self.purna.login, now=self.purna.now()))  # fmt: skip

    @work(exclusive=True, group="change")
    async def action_hand_over(self) -> None:
        store, summary = self.purna.store, self.summary
        if store is None or summary is None:
            return
        counts = ", ".join(f"{_(s.title)}: {s.count}" for s in summary.sections
                           if s.key in URGENT_SECTIONS)  # fmt: skip
        answer = await self.app.push_screen_wait(
            PromptDialog(_("Hand over shift {shift}").format(shift=summary.shift),
                         _("The summary as it is now and your notes go to {next} (PIC {pic}). "
                           "{counts}").format(next=summary.next_shift,
                                              pic=summary.next_pic or "-", counts=counts),
                         _("Hand over")))  # fmt: skip
        if answer is not None:
            await self.act(lambda: handover.hand_over(store, login=self.purna.login,
                                                      now=self.purna.now()))  # fmt: skip

    @work(exclusive=True, group="change")
    async def action_acknowledge(self) -> None:
        store, record = self.purna.store, self.incoming
        if store is None or record is None:
            return
        if await self.app.push_screen_wait(AcknowledgeDialog(record, self.purna.shop_zone)) is None:
            return
        await self.act(lambda: handover.acknowledge(
            store, handover_id=record.handover_id, login=self.purna.login,
            now=self.purna.now()))  # fmt: skip

    def action_past(self) -> None:
        self.app.push_screen(PastHandoversScreen())

    @work(exclusive=True, group="change")
    async def action_assign(self) -> None:
        store = self.purna.store
        if store is None:
            return
        duty = await asyncio.to_thread(roster.on_duty, store, self.purna.now())
        following = duty.following
        login = await self.app.push_screen_wait(
            EntryDialog(_("PIC of {shift} on {day}").format(shift=following.name,
                                                             day=_day(following.day)),
                         _("Who is in charge of the next shift?"), _("Assign"),
                         field=_("login"), minimum=1,
                         value=duty.following_pic.login if duty.following_pic else ""))  # fmt: skip
        if login:
            await self.act(lambda: roster.assign(
                store, shift=following.name, login=login, day=following.day,
                by=self.purna.login, now=self.purna.now()))  # fmt: skip


class AcknowledgeDialog(PromptDialog):
    """The handover that came in, read before acknowledging it (focus starts on Cancel)."""

    def __init__(self, record: Record, zone: tzinfo) -> None:
        body = Group(
            Text(
                _("From {who}, shift {shift} {day}, handed over {when}.").format(
                    who=record.handed_by,
                    shift=record.shift,
                    day=_day(record.day),
                    when=format_local(record.handed_at, zone),
                ),
                "bold",
            ),
            lit(_("PIC's notes: ") + (record.notes or _("(none)")), "italic", lines=True),
            Text(""),
            *(
                Text(
                    f"{_(s.title)}: {s.count}",
                    "bold red" if s.key in URGENT_SECTIONS and s.count else "",
                )
                for s in record.summary.sections
            ),
        )
        super().__init__(_("Acknowledge the handover"), body, _("Acknowledge"))  # type: ignore[arg-type]


PAST_COLUMNS = (
    Column("at", N_("Handed over"), 17, priority=0),
    Column("shift", N_("Shift"), 20, 16, priority=1),
    Column("to", N_("To"), 20, 16, priority=3),
    Column("by", N_("By"), 8, 6, priority=2),
    Column("ack", N_("Acknowledged"), 30, 12, priority=4),
)


class PastHandoversScreen(PurnaScreen):
    TITLE = N_("Past handovers")
    HELP = N_("Every handover, newest first. Enter reads one as it was handed over.")
    BINDINGS = [Binding("enter", "open", N_("Read"), priority=True)]

    def compose(self) -> ComposeResult:
        yield StatusBar(self.screen_title())
        yield ResponsiveTable(PAST_COLUMNS, id="past-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(ResponsiveTable)
        store = self.purna.store
        self.records = handover.past(store) if store is not None else []
        zone = self.purna.shop_zone
        rows = []
        for record in self.records:
            ack = _("not yet")
            if record.acknowledged_by and record.acknowledged_at:
                ack = f"{record.acknowledged_by}, {format_local(record.acknowledged_at, zone)}"
            rows.append({"at": format_local(record.handed_at, zone),
                         "shift": lit(f"{record.shift} {_day(record.day, False)}"),
                         "to": lit(f"{record.to_shift} {_day(record.to_day, False)}"),
                         "by": lit(record.handed_by), "ack": lit(ack)})  # fmt: skip
        table.set_rows(rows)
        table.focus()

    def action_open(self) -> None:
        row = self.query_one(DataTable).cursor_row
        if 0 <= row < len(self.records):
            self.app.push_screen(HandoverRecordScreen(self.records[row]))


class HandoverRecordScreen(PurnaScreen):
    TITLE = N_("Handover")
    SCROLL_BODY = "#handover-body"
    BINDINGS = [
        *SCROLL_BINDINGS,
    ]

    def __init__(self, record: Record) -> None:
        super().__init__()
        self.record = record

    def compose(self) -> ComposeResult:
        yield StatusBar(self.screen_title())
        with VerticalScroll(id="handover-body"):
            yield Static(id="handover-summary")
        yield KeyFooter()

    def on_mount(self) -> None:
        zone = self.purna.shop_zone
        record = self.record
        head = Text(_("Handed over by {who} at {when}.").format(
            who=record.handed_by, when=format_local(record.handed_at, zone)), "bold")  # fmt: skip
        if record.acknowledged_by and record.acknowledged_at:
            head.append(
                "  "
                + _("Acknowledged by {who} at {when}.").format(
                    who=record.acknowledged_by, when=format_local(record.acknowledged_at, zone)
                )
            )
        self.query_one("#handover-summary", Static).update(
            Group(head, Text(""), render_summary(record.summary, zone))
        )
