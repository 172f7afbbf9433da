"""The logistics claims queue: every claim and candidate, soonest last day to file first."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from core import claims_store
from core.claims import ClaimState
from core.claims_store import ClaimRow
from core.formatting import format_date, format_rupiah
from core.i18n import N_, _
from tui.base import PurnaScreen, step_cursor
from tui.screens.dialogs import PromptDialog
from tui.text import lit
from tui.widgets.columns import Column, ResponsiveTable
from tui.widgets.status_bar import StatusBar

# At 80 columns: last day, countdown, scenario, state and order; what is missing, AWB
# and courier follow as the width allows.
COLUMNS = (
    Column("last_day", N_("Last day"), 11, priority=0),
    Column("left", N_("Time left"), 14, 10, priority=1),
    Column("scenario", N_("Scenario"), 15, 13, priority=2),
    Column("state", N_("State"), 12, 9, priority=1),
    Column("order", N_("Order"), 19, priority=0, is_id=True),
    Column("missing", N_("Missing"), 7, priority=3, right=True),
    Column("awb", N_("AWB"), 16, 8, priority=4, is_id=True),
    Column("courier", N_("Courier"), 12, 8, priority=5),
)
_STATE_STYLES = {
    ClaimState.CANDIDATE: "yellow",
    ClaimState.DRAFT: "bold",
    ClaimState.EXPIRED: "dim",
    ClaimState.COMPENSATED: "green",
    ClaimState.REFUSED: "red",
}


class ClaimsScreen(PurnaScreen):
    TITLE = N_("Logistics claims")
    HELP = N_(
        "Every logistics claim and claim candidate, soonest last day to file first; expired "
        "ones stay listed. A claim must be filed in Seller Center > Pusat Bantuan > Log Tiket "
        "by the end of its last day (the last logistics update + 39 days, shop time), with "
        "every mandatory piece of evidence. o opens a candidate as a draft claim. Every "
        "change is recorded in the audit trail."
    )
    BINDINGS = [
        Binding("o", "open_claim", N_("Open claim")),
        Binding("ctrl+r", "reload", N_("Reload"), show=False),
        Binding("up,k", "cursor(-1)", N_("Up"), show=False),
        Binding("down,j", "cursor(1)", N_("Down"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ClaimRow] = []

    def compose(self) -> ComposeResult:
        yield StatusBar(self.screen_title())
        yield Static(id="claims-summary")
        yield ResponsiveTable(COLUMNS, id="claims-table", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    @property
    def table(self) -> ResponsiveTable:
        return self.query_one("#claims-table", ResponsiveTable)

    def on_mount(self) -> None:
        self.action_reload()
        self.table.focus()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        store = self.purna.store
        if store is None:
            return
        now = self.purna.now()
        self.rows = claims_store.list_claims(store, now)
        summary = claims_store.summary(store, now)
        keep = self.table.cursor_row
        shown = []
        for row in self.rows:
            left = Text(row.countdown)
            if row.alarm is not None:
                left.stylize("bold red" if row.alarm <= 2 else "yellow")
            if row.follow_up:
                left = Text(_("follow up: no answer after 72 h"), "bold yellow")
            unfiled = row.state in (ClaimState.CANDIDATE, ClaimState.DRAFT)
            shown.append({
                "last_day": format_date(row.window.last_day) if row.window.last_day else "?",
                "left": left,
                "scenario": _(row.scenario.title),
                "state": Text(_(row.state.title), _STATE_STYLES.get(row.state, "")),
                "order": lit(row.order_id),
                "missing": str(len(row.missing.titles)) if unfiled else "",
                "awb": lit(row.awb or "-"),
                "courier": lit(row.courier or "-"),
            })  # fmt: skip
        self.table.set_rows(shown)
        if self.rows:
            self.table.move_cursor(row=min(keep, len(self.rows) - 1))
        line = _(
            "{unfiled} to file ({alarms} within 7 days, {today} due today)  ·  {expired} "
            "expired  ·  {follow} to follow up  ·  recovered this month: {money}"
        ).format(
            unfiled=summary.unfiled, alarms=summary.alarms, today=summary.due_today,
            expired=summary.expired, follow=summary.follow_up,
            money=format_rupiah(summary.recovered_this_month),
        )  # fmt: skip
        self.query_one("#claims-summary", Static).update(Text(line, "bold"))
        self.refresh_bindings()

    @property
    def current(self) -> ClaimRow | None:
        row = self.table.cursor_row
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_claim":
            row = self.current
            return row is not None and row.is_candidate and row.state is ClaimState.CANDIDATE
        return super().check_action(action, parameters)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    def action_cursor(self, delta: int) -> None:
        step_cursor(self.table, delta, len(self.rows))

    def action_open_claim(self) -> None:
        row, store = self.current, self.purna.store
        if row is None or store is None or not row.is_candidate:
            return
        dialog = PromptDialog(
            _("Open a claim on order {order}").format(order=row.order_id),
            _("A draft claim ({scenario}) starts its evidence checklist.").format(
                scenario=_(row.scenario.title)
            ),
            _("Open claim"),
        )
        login, now = self.purna.login, self.purna.now()

        def open_it() -> None:
            claims_store.open_claim(store, marketplace=row.marketplace, order_id=row.order_id,
                                    scenario=row.scenario, login=login, now=now)  # fmt: skip

        self.app.push_screen(dialog, lambda answer: answer is not None and self.attempt(open_it))
