"""What a login that is not staff of this shop sees: no buyer data, only who to ask."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from core.i18n import N_, _
from core.permissions import not_staff_message
from tui.base import PurnaScreen
from tui.text import lit
from tui.widgets.key_footer import KeyFooter
from tui.widgets.status_bar import StatusBar


class NotStaffScreen(PurnaScreen):
    TITLE = N_("Not registered")
    HELP = N_(
        "This login is not registered as staff of this shop, so Purna shows no requests "
        "and no buyer data here. A supervisor registers you with the command on the screen; "
        "then start Purna again."
    )
    BINDINGS = [Binding("q", "app.quit", N_("Quit"))]
    DEFAULT_CSS = """
    NotStaffScreen { align: center middle; }
    NotStaffScreen > #not-staff {
        width: 76; max-width: 100%; height: auto; border: thick $warning; padding: 1 2;
    }
    """

    def compose(self) -> ComposeResult:
        yield StatusBar(self.screen_title())
        with Vertical(id="not-staff"):
            yield Static(Text(_("You are not registered as staff here"), "bold"))
            yield Static(lit("\n" + not_staff_message(self.purna.login), lines=True))
            yield Static(Text("\n" + _("q quits."), "dim"))
        yield KeyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "back" and super().check_action(action, parameters)
