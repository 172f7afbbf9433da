"""The top of every screen: where you are, the shift on duty and its PIC, the shop's clock,
who is at the keyboard, and, when there is one, the banner of alarms and reminders."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from core.formatting import format_local
from core.i18n import _
from tui.text import plain


class StatusLine(Widget):
    """`Purna · <screen> · shift and PIC` on the left; shop time and the login on the right."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $foreground; }
    """

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def render(self) -> Text:
        """Everything that fits in one line. On a narrow terminal the pieces shorten in this
        order: the weekday and the `user:` label go, the `Purna` badge goes, the screen's
        title is cut, then the shift text; the clock and the login always stay."""
        app = self.app
        width = self.size.width
        duty = getattr(app, "duty", None)
        shift = Text()
        if duty is not None:
            if duty.pic is not None:
                shift = Text(plain(_("Shift {shift} · PIC {pic}").format(
                    shift=duty.slot.name, pic=duty.pic.name)), "bold cyan")  # fmt: skip
            else:
                shift = Text(plain(_("Shift {shift} · no PIC assigned").format(
                    shift=duty.slot.name)), "bold yellow")  # fmt: skip
        now = app.now()  # type: ignore[attr-defined]
        zone = app.shop_zone  # type: ignore[attr-defined]
        member = app.member  # type: ignore[attr-defined]
        login = plain(app.login)  # type: ignore[attr-defined]
        if member is None and app.store is not None:  # type: ignore[attr-defined]
            who = Text(plain(_("{login}: not staff").format(login=login)), "bold yellow")
            short_who = who
        else:
            who = Text(_("user: {login}").format(login=login), "dim")
            short_who = Text(login, "dim")
            if member is not None and member.is_supervisor:
                who.append(" (" + _("supervisor") + ")", "dim")
        right = Text.assemble(format_local(now, zone, weekday=True), "  ", who, " ")
        if right.cell_len + 40 > width:
            right = Text.assemble(format_local(now, zone), "  ", short_who, " ")
        badge = Text(" Purna ", "bold reverse")
        title = Text(self.title_text, "bold")
        room = width - right.cell_len - 1  # at least one space before the clock
        left = Text.assemble(badge, "  ", title, "   " if shift else "", shift)
        if left.cell_len > room:
            left = Text.assemble(" ", title, "  " if shift else "", shift)
        if left.cell_len > room:  # cut the title, keeping 12 cells of it
            keep = max(12, title.cell_len - (left.cell_len - room))
            if keep < title.cell_len:
                title.truncate(keep, overflow="ellipsis")
            left = Text.assemble(" ", title, "  " if shift else "", shift)
        if left.cell_len > room:
            left.truncate(max(0, room), overflow="ellipsis")
        gap = max(1, width - left.cell_len - right.cell_len)
        return Text.assemble(left, " " * gap, right, no_wrap=True, overflow="ellipsis")


class StatusBar(Vertical):
    """The status line and, below it, the app's banner (alarms, overdue review) if any."""

    DEFAULT_CSS = """
    StatusBar { dock: top; height: auto; }
    StatusBar > #banner-line {
        height: auto; background: $error 30%; color: $text; padding: 0 1; display: none;
    }
    StatusBar > #banner-line.shown { display: block; }
    """

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        yield StatusLine(self.title_text)
        yield Static(id="banner-line")

    def on_mount(self) -> None:
        self.set_interval(1.0, self.tick)
        self.tick()

    def tick(self) -> None:
        if not self.query(StatusLine):  # reminders can arrive before the bar is composed
            return
        self.query_one(StatusLine).refresh()
        banner_for = getattr(self.app, "banner_for", None)
        banner = banner_for(self.app.size.width) if banner_for else None
        line = self.query_one("#banner-line", Static)
        line.set_class(bool(banner), "shown")
        if banner:
            line.update(banner)
