"""End of day (DOMAIN.md §4): each point of the seed's checklist, checked against the store."""

from __future__ import annotations

from rich.console import RenderableType
from rich.padding import Padding
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from core import checklist
from core.i18n import N_, _, ngettext
from core.timing import due_words
from core.workflow import STATE_TITLES, TYPE_TITLES
from tui.base import PurnaScreen, step_cursor
from tui.text import lit
from tui.widgets.columns import Column, ResponsiveTable
from tui.widgets.key_footer import KeyFooter
from tui.widgets.status_bar import StatusBar

COLUMNS = (Column("mark", "", 4, priority=0), Column("text", "", 400, 20, priority=1))


class ChecklistScreen(PurnaScreen):
    TITLE = N_("End-of-day checklist")
    HELP = N_(
        "The checklist to finish the working day, checked against the store: every request "
        "answered, types checked, returns coordinated with the warehouse, reasons recorded, "
        "template replies used. Each point that does not hold lists the requests still "
        "missing it, most urgent first; Enter opens one."
    )
    BINDINGS = [
        # priority: these keys are the screen's, not the table widget's own
        Binding("enter", "open", N_("Open request"), priority=True),
        Binding("ctrl+r", "reload", N_("Reload"), show=False),
        Binding("up,k", "cursor(-1)", N_("Up"), show=False, priority=True),
        Binding("down,j", "cursor(1)", N_("Down"), show=False, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[int | None] = []  # the request of each table row, None for a point

    def compose(self) -> ComposeResult:
        yield StatusBar(self.screen_title())
        yield Static(id="checklist-summary")
        yield ResponsiveTable(COLUMNS, id="checklist-table", cursor_type="row", show_header=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self.purna.when_store_ready(self, self.action_reload)
        table.focus()

    def action_reload(self) -> None:
        store = self.purna.store
        if store is None:
            return
        points = checklist.end_of_day(store, self.purna.now())
        zone = self.purna.shop_zone
        table = self.query_one(ResponsiveTable)
        self.rows = []
        cells: list[dict[str, RenderableType]] = []
        heights: list[int | None] = []
        for point in points:
            mark = Text(" ✓ ", "bold green") if point.ok else Text(" ✗ ", "bold red")
            words = Text(_(point.title), "bold")
            if not point.ok:
                words.append("  " + ngettext("{n} missing", "{n} missing", point.missing)
                             .format(n=point.missing), "red")  # fmt: skip
                if point.extra:
                    words.append("  " + _("{n} unmatched parcels").format(n=point.extra), "red")
                if point.key == "claims":  # counted, not listed: the claims desk lists them
                    words.append("  " + _("(9 opens the claims desk)"), "dim")
            if point.auto_approved:  # counted apart: Purna can no longer answer them
                words.append("  " + ngettext(
                    "{n} auto-approved by the platform (check Seller Center)",
                    "{n} auto-approved by the platform (check Seller Center)",
                    point.auto_approved).format(n=point.auto_approved), "yellow")  # fmt: skip
            # its source (point.ref) is for the policy screen, not for staff
            cells.append({"mark": mark, "text": words})
            heights.append(None)  # a long point wraps: its count stays seen
            self.rows.append(None)
            for row in point.examples:
                cells.append({"mark": "", "text": Padding(Text.assemble(  # wraps indented
                    lit(row.request_id, "bold"), "  ", _(TYPE_TITLES[row.request_type]),
                    "  ", _(STATE_TITLES[row.state]), "  ",
                    due_words(row.respond_by, zone),
                    "  ", lit(row.claimed_by or "")), (0, 0, 0, 4))})  # fmt: skip
                heights.append(None)
                self.rows.append(row.pk)
        table.set_rows(cells, heights=heights)
        done = sum(1 for p in points if p.ok)
        self.query_one("#checklist-summary", Static).update(Text(
            _("{done} of {total} points hold.").format(done=done, total=len(points)),
            "bold green" if done == len(points) else "bold yellow"))  # fmt: skip

    def action_cursor(self, delta: int) -> None:
        step_cursor(self.query_one(DataTable), delta, len(self.rows))

    def action_open(self) -> None:
        from tui.screens.detail import DetailScreen

        row = self.query_one(DataTable).cursor_row
        if 0 <= row < len(self.rows) and self.rows[row] is not None:
            self.app.push_screen(DetailScreen(self.rows[row]))  # type: ignore[arg-type]

    def on_screen_resume(self) -> None:
        self.action_reload()
