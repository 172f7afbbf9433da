"""The morning screen: per request type, how many are open, overdue and due soon; which first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from core import policy
from core.deadlines import Band
from core.i18n import N_, _, ngettext
from core.timing import of_row
from core.workflow import TYPE_TITLES, RequestType
from tui.base import NAV_BINDINGS, PurnaScreen, step_cursor
from tui.text import lit
from tui.widgets.columns import Column, ResponsiveTable
from tui.widgets.detail_pane import BAND_STYLES
from tui.widgets.key_footer import KeyFooter
from tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from core.insight import Insight
    from core.reminders import HolidayLoad
    from core.rows import TypeSummary

QUEUE_KEYS = {kind: str(number) for number, kind in enumerate(RequestType, start=1)}

COUNT_KEYS = ("open", "overdue", "six", "day")


def _count_column(key: str, title: str, priority: int) -> Column:
    """A column of counts: as wide as its title, or as its title's longest word when the
    terminal is narrow (the title then wraps); never narrower than a count."""
    words = _(title)
    return Column(key, title, max(6, cell_len(words)), priority=priority, right=True,
                  minimum=max(6, *(cell_len(w) for w in words.split())), partly=False)  # fmt: skip


def dashboard_columns() -> list[Column]:
    """The type (with its key) and the counts fit at 80 columns; the most urgent request
    of each type is shown when there is room for it."""
    return [
        Column("type", N_("Request type"), 30, priority=0),
        _count_column("open", N_("Open now"), 1),
        _count_column("overdue", N_("Auto-approved"), 2),
        _count_column("six", N_("Within 6 h"), 3),
        _count_column("day", N_("Within 24 h"), 4),
        Column("urgent", N_("Most urgent"), urgent_width(), priority=5),
        Column("urgent_id", "", 18, 12, priority=6, is_id=True, grow=0),
    ]


def urgent_width() -> int:
    """As wide as the longest countdown or "auto-approved", as in the queues."""
    from tui.widgets.queue_table import _columns

    return next(c.width for c in _columns() if c.key == "time")


def bullets(lines: list[Text], mark: str = " •") -> Table:
    """`lines` as a bulleted list whose wrapped lines keep their indent."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for line in lines:
        grid.add_row(mark, line)
    return grid


class DashboardScreen(PurnaScreen):
    TITLE = N_("Dashboard")
    HELP = N_(
        "One line per request type: open requests, those past the platform's deadline, and "
        "those due within 6 and 24 hours. Press the type's number (1 to 4) from any screen "
        "to open its queue, or move to a line and press Enter. On a short terminal, Down "
        "past the last type scrolls to the holidays, claims and rules below; Up scrolls back."
    )
    BINDINGS = [
        # priority: these keys are the dashboard's, not the table widget's own
        Binding("enter", "open_selected", N_("Open queue"), priority=True),
        Binding("q", "app.quit", N_("Quit")),
        Binding("p", "app.open('policy')", N_("Rules")),
        Binding("c", "app.open('chat')", N_("Chat")),
        Binding("e", "app.open('templates')", N_("Templates")),
        Binding("n", "app.open('metrics')", N_("NRR/SFFR")),
        Binding("w", "app.open('weekly')", N_("Weekly review")),
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
        yield ResponsiveTable(
            dashboard_columns(), id="dash-table", cursor_type="row", zebra_stripes=True
        )
        yield Static(id="dash-insight").set_styles("display: none;")
        yield Static(_("Opening the database…"), id="dash-status")
        yield Static(id="dash-holidays")
        yield Static(id="dash-claims")  # shown once the claims are read
        yield Static(self._rules_text(), id="dash-rules")
        yield KeyFooter()

    def _rules_text(self) -> Group:
        """The rules in words; their sources are for supervisors (the policy screen)."""
        lines = []
        for entry in (policy.RESPOND_WINDOW, policy.DASHBOARD_CHECKS_PER_DAY):
            line = Text(_(entry.title))
            line.append(f": {entry.value} {_(entry.unit.title)}", "bold")
            if entry.note:
                line.append("\n" + _(entry.note), "dim")
            lines.append(line)
        return Group(Text(_("Rules Purna watches"), "bold"), bullets(lines))

    def on_mount(self) -> None:
        table = self.query_one("#dash-table", ResponsiveTable)
        waiting = dict.fromkeys(COUNT_KEYS, "…")
        rows = [
            {"type": Text.assemble((QUEUE_KEYS[kind], "bold"), "  ", _(TYPE_TITLES[kind])),
             **waiting}
            for kind in RequestType
        ]  # fmt: skip
        rows.append({"type": Text("   " + _("All types"), "bold"), **waiting})
        table.set_rows(rows, keys=[*(kind.value for kind in RequestType), "total"])
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
        self.run_worker(self._read_claims, thread=True, exclusive=True, group="dashboard-claims")
        self.run_worker(self._read_insight, thread=True, exclusive=True, group="dash-insight")

    def _read_claims(self) -> None:
        """The claims desk in one line (core.claims_store.summary), under the holidays."""
        from core import claims_store

        store = self.purna.store
        if store is None:
            return
        counts = claims_store.summary(store, self.purna.now())
        urgent = counts.alarms or counts.follow_up
        line = Text(claims_store.summary_words(counts) + "  (9)", "bold red" if urgent else "")
        self.app.call_from_thread(self._show_claims, line)

    def _show_claims(self, line: Text) -> None:
        shown = self.query_one("#dash-claims", Static)
        shown.update(line)
        shown.display = True

    def _read_insight(self) -> Insight:
        from core import insight

        store = self.purna.store
        assert store is not None
        return insight.dashboard(store, self.purna.now())

    def _read_counts(self) -> tuple[list[TypeSummary], list[HolidayLoad]]:
        from core import queries, reminders

        store = self.purna.store
        assert store is not None
        now = self.purna.now()
        summaries = queries.dashboard_of(store, now)
        return summaries, reminders.holiday_forecast(store, now)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "dash-insight" and event.state is WorkerState.SUCCESS:
            shown = self.query_one("#dash-insight", Static)
            shown.update(insight_text(event.worker.result))  # type: ignore[arg-type]
            shown.display = True
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
        table = self.query_one("#dash-table", ResponsiveTable)
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

    def _set_counts(self, table: ResponsiveTable, row: str, values: tuple[int, ...]) -> None:
        open_, overdue, six, day = values
        table.set_cell(row, "open", Text(str(open_), "bold"))
        table.set_cell(
            row,
            "overdue",
            Text(str(overdue), BAND_STYLES[Band.OVERDUE]) if overdue else Text("0", "dim"),
        )
        table.set_cell(row, "six", Text(str(six), "bold red") if six else Text("0", "dim"))
        table.set_cell(row, "day", Text(str(day), "yellow") if day else Text("0", "dim"))

    def _tick(self) -> None:
        if not self.summaries:
            return
        now = self.purna.now()
        table = self.query_one("#dash-table", ResponsiveTable)
        for summary in self.summaries:
            row = summary.most_urgent
            if row is None:
                cell = Text("-", "dim")  # nothing open: the count says 0
                table.set_cell(summary.request_type.value, "urgent_id", "")
            else:
                shown = of_row(row, now)
                cell = Text(shown.countdown or shown.label, BAND_STYLES[shown.urgent])
                table.set_cell(summary.request_type.value, "urgent_id", lit(row.request_id))
            table.set_cell(summary.request_type.value, "urgent", cell)

    def action_cursor(self, delta: int) -> None:
        """Up/Down move the cursor over the types; Down past the last type scrolls the rest
        of the dashboard (holidays, claims, rules) into view on a short terminal, and Up
        scrolls it back before it moves the cursor again."""
        table = self.query_one("#dash-table", ResponsiveTable)
        if (delta > 0 and table.cursor_row >= len(RequestType) - 1) or delta < 0 < self.scroll_y:
            self.scroll_relative(y=delta, animate=False)
            return
        # the "all types" row below the types is a total, not a queue
        step_cursor(table, delta, len(RequestType))

    def action_open_selected(self) -> None:
        table = self.query_one("#dash-table", ResponsiveTable)
        index = min(table.cursor_row, len(RequestType) - 1)
        self.purna.open_queue(list(RequestType)[index])


def holiday_text(loads: list[HolidayLoad]) -> Group:
    """Holidays of the next 14 days with the requests due on them (the clock keeps running)."""
    from core.formatting import format_date

    title = Text(_("Holidays in the next 14 days: the platform keeps counting"), "bold")
    if not loads:
        return Group(title, Text(" " + _("none"), "dim"))
    lines = []
    for load in loads:
        line = Text(format_date(load.holiday.day, weekday=True), "bold")
        line.append(f"  {load.holiday.name}  ")
        due = ngettext("{n} request due", "{n} requests due", load.due).format(n=load.due)
        line.append(due, "bold red" if load.due else "dim")
        lines.append(line)
    return Group(title, bullets(lines))


def insight_text(found: Insight) -> Group:
    """Negative reviews waiting (key 0), recurring problems (w), reasons to classify (n)."""
    reviews = Text(_("Negative reviews (key 0): "), "bold")
    reviews.append(_("{new} new, {contacted} contacted").format(
        new=found.reviews.new, contacted=found.reviews.contacted),
        "bold yellow" if found.reviews.new else "")  # fmt: skip
    lines = [reviews]
    flags = Text(_("Recurring problems (key w): "), "bold")
    if found.flags:
        flags.append(ngettext("{n} SKU", "{n} SKUs", len(found.flags)).format(
            n=len(found.flags)), "bold red")  # fmt: skip
        flags.append(": ")
        flags.append_text(lit(", ".join(f.sku for f in found.flags[:3])))
        if len(found.flags) > 3:
            flags.append(" …")
    else:
        flags.append(_("none"), "dim")
    lines.append(flags)
    if found.unclassified:
        lines.append(Text(ngettext(
            "{n} reason text nobody has classified (key n: a supervisor classifies it once)",
            "{n} reason texts nobody has classified (key n: a supervisor classifies each once)",
            found.unclassified).format(n=found.unclassified), "yellow"))  # fmt: skip
    return Group(*lines)
