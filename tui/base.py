"""What every Purna screen shares: translated key labels, the back keys, the status bar.

Binding descriptions are written in English with `N_()` and translated per instance,
so that the language chosen at start-up (or in a test) applies to the footer and help.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from rich.text import Text
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable

from core.i18n import N_, _

if TYPE_CHECKING:
    from tui.app import PurnaApp

T = TypeVar("T")


def translate_bindings(node: DOMNode) -> None:
    """Replace the English descriptions of `node`'s bindings with the current language."""
    for key, bindings in node._bindings.key_to_bindings.items():
        node._bindings.key_to_bindings[key] = [
            replace(
                b,
                description=_(b.description) if b.description else "",
                group=Binding.Group(_(b.group.description), b.group.compact) if b.group else None,
            )
            for b in bindings
        ]


# Escape can arrive late over slow SSH links, so "back" also has a letter key. Help comes
# right after it, so that a narrow footer that cuts its end never cuts `?`.
BACK_BINDINGS = [
    Binding("escape", "back", N_("Back")),
    Binding("b", "back", N_("Back"), show=False),
    Binding("question_mark", "app.help", N_("Help")),
]

# For screens whose body is one long scrolling text (they name it in SCROLL_BODY).
SCROLL_BINDINGS = [
    Binding("up,k", "scroll(-1)", N_("Scroll up"), show=False),
    Binding("down,j", "scroll(1)", N_("Scroll down"), show=False),
]


# Lists whose screen moves the cursor with `action_cursor(delta)` (clamped to the rows, as
# `step_cursor` does): j/k and the arrows step, g/G jump to the first or last row, as in
# the queues (tui.widgets.queue_table).
JUMP = 1_000_000
LIST_BINDINGS = [
    Binding("up,k", "cursor(-1)", N_("Up"), show=False),
    Binding("down,j", "cursor(1)", N_("Down"), show=False),
    Binding("g", f"cursor({-JUMP})", N_("First row"), show=False),
    Binding("G", f"cursor({JUMP})", N_("Last row"), show=False),
]


# The app's keys again, shown in the footer of the screens that have room for them (the
# dashboard and the queues).
# The digits are one group in the footer ("1…9 Screens"), so that at 80 columns the
# footer still has room for the screen's own keys and `?`; help names each digit.
SCREENS = Binding.Group(N_("Screens"), compact=True)
NAV_BINDINGS = [
    Binding("1", "app.queue('refund_only')", N_("Refunds"), group=SCREENS),
    Binding("2", "app.queue('return_refund')", N_("Returns"), group=SCREENS),
    Binding("3", "app.queue('resend')", N_("Resends"), group=SCREENS),
    Binding("4", "app.queue('exchange')", N_("Exchanges"), group=SCREENS),
    Binding("5", "app.open('receiving')", N_("Receiving"), group=SCREENS),
    Binding("6", "app.open('shelf')", N_("Shelf"), group=SCREENS),
    Binding("7", "app.open('handover')", N_("Handover"), group=SCREENS),
    Binding("8", "app.open('checklist')", N_("End of day"), group=SCREENS),
    Binding("9", "app.open('claims')", N_("Claims"), group=SCREENS),
    Binding("0", "app.open('reviews')", N_("Reviews"), group=SCREENS),
]
# A queue shows every screen's digit too (one "1…0 Screens" entry), and the dashboard's key.
QUEUE_BINDINGS = [Binding("d", "app.dashboard", N_("Dashboard")), *NAV_BINDINGS]


def step_cursor(table: DataTable[Any], delta: int, rows: int) -> None:
    """Move `table`'s row cursor by `delta`, staying within its first `rows` rows."""
    if rows:
        table.move_cursor(row=max(0, min(rows - 1, table.cursor_row + delta)))


class PurnaScreen(Screen[None]):
    """A full screen of the workstation. `TITLE` names it in the status bar."""

    TITLE = ""
    BINDINGS = BACK_BINDINGS
    HELP = ""  # a few sentences shown above the key list in help (a catalog message)
    SCROLL_BODY = ""  # CSS selector of the widget SCROLL_BINDINGS move

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    @property
    def purna(self) -> PurnaApp:
        return self.app  # type: ignore[return-value]

    def screen_title(self) -> str:
        return _(self.TITLE)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # nothing to go back to from the bottom screen: hide the key
        return not (action == "back" and self.app.screen_stack[0] is self)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_scroll(self, delta: int) -> None:
        self.query_one(self.SCROLL_BODY).scroll_relative(y=delta, animate=False)

    def action_reload(self) -> None:
        """Read what the screen shows from the store again (screens that show data)."""

    async def act(self, change: Callable[[], object], *, reload: bool = True) -> bool:
        """Run one change in core off the UI thread (a busy store or a slow printer never
        freezes the screen). If it is refused, say why and what is missing; either way the
        screen reads its data again (unless `reload` is False: a file written changes
        nothing shown), so it never shows a state that is gone."""
        return await self.act_for(lambda: (change(), True)[1], reload=reload) is not None

    async def act_for(self, change: Callable[[], T], *, reload: bool = True) -> T | None:
        """`act` for a change whose result the screen needs: the result, or None if the
        change was not done."""
        from core.errors import PurnaError

        try:
            return await asyncio.to_thread(change)
        except PurnaError as problem:
            self.tell_not_done(problem)
            return None
        finally:
            if reload:
                self.action_reload()

    def load(self, read: Callable[[], T], show: Callable[[T], None],
             failed: Callable[[Text], object]) -> None:  # fmt: skip
        """Read what the screen shows in a worker thread (a busy store never freezes the
        screen), then `show` it; a failed read goes to `failed` as words, no traceback."""
        self.run_worker(self._load(read, show, failed), exclusive=True, group="load")

    async def _load(self, read: Callable[[], T], show: Callable[[T], None],
                    failed: Callable[[Text], object]) -> None:  # fmt: skip
        from core.errors import PurnaError

        try:
            value = await asyncio.to_thread(read)
        except Exception as error:
            shown = error.message if isinstance(error, PurnaError) else str(error)
            failed(Text(_("Could not read the store: {error}").format(error=shown), "bold red"))
            return
        show(value)

    def tell_not_done(self, problem: Exception) -> None:
        """Say why a change was not done: changed elsewhere, refused (with what is
        missing), or the store was busy or failed (nothing was changed)."""
        from core.errors import PurnaError, Refused, Stale
        from tui.screens.dialogs import MessageDialog
        from tui.text import lit

        if isinstance(problem, Stale):
            self.app.push_screen(MessageDialog(_("Changed on another terminal"), problem.message))
        elif isinstance(problem, Refused):
            body = lit(problem.message, lines=True)
            for title in problem.missing:
                body.append("\n [ ] ", "bold red")
                body.append(_(title))
            self.app.push_screen(MessageDialog(_("Not done"), body))
        elif isinstance(problem, PurnaError):
            self.app.push_screen(MessageDialog(_("Not done"), problem.message))


class PurnaModal(ModalScreen[None]):
    BINDINGS = BACK_BINDINGS

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def action_back(self) -> None:
        self.dismiss()
