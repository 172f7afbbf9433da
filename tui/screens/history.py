"""A request's history: every audit event, oldest first (who, when, what, from where)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from core import queries, trail
from core.formatting import format_local
from core.i18n import N_, _, ngettext
from core.workflow import ACTION_TITLES, STATE_TITLES, State
from tui.base import PurnaScreen
from tui.text import lit, plain
from tui.widgets.columns import Column, ResponsiveTable
from tui.widgets.key_footer import KeyFooter
from tui.widgets.status_bar import StatusBar

# At 80 columns every column stays, narrower; the pane below shows the event in full.
COLUMNS = (
    Column("when", N_("When"), 17, priority=0),
    Column("who", N_("Who"), 8, 6, priority=2),
    Column("what", N_("What"), 24, 12, priority=1),
    Column("state", N_("State"), 27, 12, priority=3),
    Column("details", N_("Details"), 40, 10, priority=4),
)


def _state(value: str | None) -> str:
    return _(STATE_TITLES[State(value)]) if value else ""


def state_change(entry: queries.HistoryEntry) -> str:
    """The state before the event, and after it if the event changed it."""
    change = _state(entry.before_state)
    if entry.after_state and entry.after_state != entry.before_state:
        change += " → " + _state(entry.after_state)
    return change


def describe(entry: queries.HistoryEntry) -> str:
    """The event's detail in words (core.trail): override reason, check, reject reason..."""
    return trail.describe(entry.action, entry.detail)


class HistoryScreen(PurnaScreen):
    TITLE = N_("History")
    HELP = N_(
        "Every change to this request, oldest first: who did it, when, from which terminal, "
        "and the state before and after. The trail is append-only and hash-chained: "
        "purna audit verify finds any edited or deleted event."
    )

    def __init__(self, pk: int, request_id: str) -> None:
        super().__init__()
        self.pk = pk
        self.request_id = request_id
        self.entries: list[queries.HistoryEntry] = []

    def screen_title(self) -> str:
        return _("History of {request}").format(request=plain(self.request_id))

    def compose(self) -> ComposeResult:
        yield StatusBar(self.screen_title())
        yield Static(id="history-summary")
        yield ResponsiveTable(COLUMNS, id="history-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="history-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(ResponsiveTable)
        store = self.purna.store
        if store is None:
            return
        entries = queries.history_of(store, self.pk)
        self.entries = entries
        zone = self.purna.shop_zone
        rows = []
        for entry in entries:
            change = state_change(entry)
            rows.append({
                "when": format_local(entry.at, zone),
                "who": lit(entry.actor),
                "what": lit(_(ACTION_TITLES[entry.action]) if entry.action in ACTION_TITLES
                            else entry.action, "bold"),
                "state": change,
                "details": lit(describe(entry)),
            })  # fmt: skip
        table.set_rows(rows)
        count = ngettext("{n} event", "{n} events", len(entries)).format(n=len(entries))
        self.query_one("#history-summary", Static).update(Text(count, "dim"))
        table.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The highlighted event in full: every detail and the terminal it came from."""
        entry = self.entries[event.cursor_row] if event.cursor_row < len(self.entries) else None
        if entry is None:
            return
        text = Text.assemble((f"#{entry.event_id}  ", "bold"), lit(_("terminal: {terminal}").format(
            terminal=entry.terminal or "-"), "dim"))  # fmt: skip
        change = state_change(entry)
        if change:  # whole: the column cuts it at 80 columns ("Bukti diminta → Dito…")
            text.append("\n" + _("State") + ": ", "dim")
            text.append(change.strip(), "bold")
        details = describe(entry)
        if details:
            text.append("\n")
            text.append(lit(details, lines=True))
        self.query_one("#history-detail", Static).update(text)
