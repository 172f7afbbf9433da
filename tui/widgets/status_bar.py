"""The top line of every screen: where you are, the shop's clock, who is at the keyboard."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from core.formatting import format_local
from core.i18n import _


class StatusBar(Widget):
    """`Purna · <screen>` on the left; shop time and the acting login on the right."""

    DEFAULT_CSS = """
    StatusBar {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def on_mount(self) -> None:
        self.set_interval(1.0, self.refresh)

    def render(self) -> Text:
        app = self.app
        left = Text.assemble((" Purna ", "bold reverse"), "  ", (self.title_text, "bold"))
        now = app.now()  # type: ignore[attr-defined]
        zone = app.shop_zone  # type: ignore[attr-defined]
        member = app.member  # type: ignore[attr-defined]
        if member is not None:
            who = Text(_("user: {login}").format(login=app.login), "dim")  # type: ignore[attr-defined]
            if member.is_supervisor:
                who.append(" (" + _("supervisor") + ")", "dim")
        elif app.store is not None:  # type: ignore[attr-defined]
            who = Text(_("{login}: not staff, view only").format(login=app.login),  # type: ignore[attr-defined]
                       "bold yellow")  # fmt: skip
        else:
            who = Text(_("user: {login}").format(login=app.login), "dim")  # type: ignore[attr-defined]
        right = Text.assemble(format_local(now, zone, year=True, weekday=True), "  ", who, " ")
        width = self.size.width
        gap = max(1, width - left.cell_len - right.cell_len)
        return Text.assemble(left, " " * gap, right)
