"""The morning screen: per request type, how many are open, overdue and due soon; which first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static
from textual.worker import Worker, WorkerState

from core import policy
from core.deadlines import Band
from core.i18n import N_, _, ngettext
from core.timing import of_row
from core.workflow import TYPE_TITLES, RequestType
from tui.base import NAV_BINDINGS, PurnaScreen, step_cursor
from tui.text import lit
from tui.widgets.detail_pane import BAND_STYLES
from tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from core.reminders import HolidayLoad
    from core.rows import TypeSummary

QUEUE_KEYS = {kind: str(number) for number, kind in enumerate(RequestType, start=1)}


class DashboardScreen(PurnaScreen):
    TITLE = N_("Dashboard")
    HELP = N_(
        "One line per request type: open requests, those past the platform's deadline, and "
        "those due within 6 and 24 hours. Press the type's number (1 to 4) from any screen "
        "to open its queue, or move to a line and press Enter."
    )
    BINDINGS = [
        # priority: these keys are the dashboard's, not the table widget's own
        Binding("enter", "open_selected", N_("Open queue"), priority=True),
        Binding("q", "app.quit", N_("Quit")),
        Binding("up,k", "cursor(-1)", N_("Up"), show=False, priority=True),
        Binding("down,j", "cursor(1)", N_("Down"), show=False, priority=True),
        *NAV_BINDINGS,
    ]
    REFRESH_SECONDS = 30.0

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list[TypeSummary] = []

    def compose(self) -> ComposeResult:
        yield StatusBar(self.screen_title())
        yield Static(Text(_("After-sales requests open now"), "bold"), id="dash-heading")
        table: DataTable[object] = DataTable(id="dash-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(_("Opening the database…"), id="dash-status")
        yield Static(id="dash-holidays")
        yield Static(self._rules_text(), id="dash-rules")
        yield Footer(compact=True)

    def _rules_text(self) -> Text:
        lines = Text(_("Rules Purna watches"), "bold")
        for entry in (policy.RESPOND_WINDOW, policy.DASHBOARD_CHECKS_PER_DAY):
            lines.append("\n • ")
            lines.append(_(entry.title))
            lines.append(f": {entry.value} {_(entry.unit.title)}", "bold")
            if entry.note:
                lines.append("\n   " + _(entry.note))
            lines.append(f"\n   {entry.source}", "dim")
        return lines

    def on_mount(self) -> None:
        table = self.query_one("#dash-table", DataTable)
        table.add_column(_("Key"), key="key", width=6)
        table.add_column(_("Request type"), key="type", width=27)
        table.add_column(_("Open now"), key="open", width=8)
        table.add_column(_("Auto-approved"), key="overdue", width=18)
        table.add_column(_("Within 6 h"), key="six", width=11)
        table.add_column(_("Within 24 h"), key="day", width=12)
        table.add_column(_("Most urgent"), key="urgent", width=24)
        for kind in RequestType:
            table.add_row(
                QUEUE_KEYS[kind], _(TYPE_TITLES[kind]), "…", "…", "…", "…", "", key=kind.value
            )
        table.add_row("", Text(_("All types"), "bold"), "…", "…", "…", "…", "", key="total")
        table.focus()
        self.purna.quick_dashboard.subscribe(self, self._quick_counts)
        self.purna.when_store_ready(self, self._store_ready)
        self.set_interval(1.0, self._tick)

    def _store_ready(self) -> None:
        if self.purna.store_error:
            self.query_one("#dash-status", Static).update(Text(self.purna.store_error, "bold red"))
            return
        self.load_counts()
        self.set_interval(self.REFRESH_SECONDS, self.load_counts)

    def _quick_counts(self, summaries: list[TypeSummary]) -> None:
        if not self.summaries:  # the store's own answer, when it comes, replaces these
            self.show_counts(summaries)

    def on_screen_resume(self) -> None:
        if self.purna.store is not None:
            self.load_counts()

    def load_counts(self) -> None:
        self.run_worker(self._read_counts, thread=True, exclusive=True, group="dashboard")

    def _read_counts(self) -> tuple[list[TypeSummary], list[HolidayLoad]]:
        from core import queries, reminders

        store = self.purna.store
        assert store is not None
        now = self.purna.now()
        with store.read() as session:
            summaries = queries.dashboard(session, now)
        return summaries, reminders.holiday_forecast(store, now)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "dashboard":
            return
        if event.state is WorkerState.SUCCESS:
            summaries, holidays = event.worker.result  # type: ignore[misc]
            self.show_counts(summaries)
            self.show_holidays(holidays)
        elif event.state is WorkerState.ERROR:
            self.query_one("#dash-status", Static).update(
                Text(_("Could not read the store: {error}").format(error=event.worker.error), "red")
            )

    def show_counts(self, summaries: list[TypeSummary]) -> None:
        self.summaries = summaries
        table = self.query_one("#dash-table", DataTable)
        totals = [0, 0, 0, 0]
        for summary in summaries:
            values = (summary.open, summary.overdue, summary.within_6h, summary.within_24h)
            totals = [a + b for a, b in zip(totals, values, strict=True)]
            self._set_counts(table, summary.request_type.value, values)
        self._set_counts(table, "total", tuple(totals))
        self._tick()
        self.query_one("#dash-status", Static).update(
            Text(
                _(
                    "Auto-approved: past the 48 h respond-by time with no decision, so the "
                    "platform has approved them (check Seller Center)."
                )
                + "\n"
                + _("Counts refresh every {n} seconds. Database: {db}").format(
                    n=int(self.REFRESH_SECONDS),
                    db=self.purna.db_label,
                ),
                "dim",
            )
        )

    def show_holidays(self, loads: list[HolidayLoad]) -> None:
        self.query_one("#dash-holidays", Static).update(holiday_text(loads))
        self.purna.settle_startup("dashboard")

    def _set_counts(self, table: DataTable[object], row: str, values: tuple[int, ...]) -> None:
        open_, overdue, six, day = values
        table.update_cell(row, "open", Text(str(open_), "bold"))
        table.update_cell(
            row,
            "overdue",
            Text(str(overdue), BAND_STYLES[Band.OVERDUE]) if overdue else Text("0", "dim"),
        )
        table.update_cell(row, "six", Text(str(six), "bold red") if six else Text("0", "dim"))
        table.update_cell(row, "day", Text(str(day), "yellow") if day else Text("0", "dim"))

    def _tick(self) -> None:
        if not self.summaries:
            return
        now = self.purna.now()
        table = self.query_one("#dash-table", DataTable)
        for summary in self.summaries:
            row = summary.most_urgent
            if row is None:
                cell = Text(_("nothing open"), "dim")
            else:
                shown = of_row(row, now)
                cell = Text.assemble(
                    (f"{shown.countdown or shown.label:>13}", BAND_STYLES[shown.urgent]),
                    "  ",
                    lit(row.request_id),
                )
            table.update_cell(summary.request_type.value, "urgent", cell)

    def action_cursor(self, delta: int) -> None:
        # the "all types" row below the types is a total, not a queue
        step_cursor(self.query_one("#dash-table", DataTable), delta, len(RequestType))

    def action_open_selected(self) -> None:
        table = self.query_one("#dash-table", DataTable)
        index = min(table.cursor_row, len(RequestType) - 1)
        self.purna.open_queue(list(RequestType)[index])


def holiday_text(loads: list[HolidayLoad]) -> Text:
    """Holidays of the next 14 days with the requests due on them (the clock keeps running)."""
    from core.formatting import format_date

    text = Text(_("Holidays in the next 14 days: the platform keeps counting"), "bold")
    if not loads:
        text.append("\n " + _("none"), "dim")
        return text
    for load in loads:
        text.append("\n • ")
        text.append(format_date(load.holiday.day, weekday=True), "bold")
        text.append(f"  {load.holiday.name}  ")
        due = ngettext("{n} request due", "{n} requests due", load.due).format(n=load.due)
        text.append(due, "bold red" if load.due else "dim")
    return text
