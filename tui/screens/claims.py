"""The logistics claims queue: every claim and candidate, soonest last day to file first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from core import claims_store
from core.claims import ClaimState, Scenario, Urgency, is_bulk
from core.claims_store import ClaimRow
from core.formatting import format_date, format_rupiah, parse_local_time
from core.i18n import N_, _, ngettext
from core.policy import BULK_CLAIM_MIN_ORDERS
from tui.base import LIST_BINDINGS, PurnaScreen, step_cursor
from tui.screens.claim import ClaimScreen, pick_marketplace
from tui.screens.dialogs import ChooseDialog, EntryDialog, MessageDialog, PromptDialog
from tui.text import lit, plain
from tui.widgets.columns import Column, ResponsiveTable
from tui.widgets.key_footer import KeyFooter
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
URGENCY_STYLES = {Urgency.NONE: "", Urgency.WARNING: "yellow", Urgency.CRITICAL: "bold red"}


class ClaimsScreen(PurnaScreen):
    TITLE = N_("Logistics claims")
    HELP = N_(
        "Every logistics claim and claim candidate, soonest last day to file first; expired "
        "ones stay listed. A claim must be filed in Seller Center > Pusat Bantuan > Log Tiket "
        "by the end of its last day (the last logistics update + 39 days, shop time), with "
        "every mandatory piece of evidence. A parcel received at the desk that matches no "
        "request is listed too, by its code, until it is matched. Enter or o opens the claim "
        "(a candidate becomes a draft claim first), n opens a claim by hand on any order, x "
        "writes the bulk claim spreadsheet of every claim ready to file (the platform asks "
        "for it from 20 orders on). Every change is recorded in the audit trail."
    )
    BINDINGS = [
        Binding("enter", "open_claim", N_("Open claim"), priority=True),
        Binding("o", "open_claim", N_("Open claim"), show=False),
        Binding("n", "new_claim", N_("Claim by hand")),
        Binding("x", "bulk", N_("Bulk spreadsheet")),
        Binding("ctrl+r", "reload", N_("Reload"), show=False),
        *LIST_BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ClaimRow] = []

    def compose(self) -> ComposeResult:
        yield StatusBar(self.screen_title())
        yield Static(id="claims-summary")
        yield ResponsiveTable(COLUMNS, id="claims-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

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
        summary = claims_store.summary(store, now, self.rows)
        keep = self.table.cursor_row
        shown = []
        for row in self.rows:
            left = Text(row.countdown, URGENCY_STYLES[row.urgency])
            if row.follow_up:
                left = Text(_("follow up: no answer after 72 h"), "bold yellow")
            shown.append({
                "last_day": format_date(row.window.last_day) if row.window.last_day else "?",
                "left": left,
                "scenario": _(row.scenario.title),
                "state": Text(_(row.state.title), _STATE_STYLES.get(row.state, "")),
                "order": lit(row.label),
                "missing": str(len(row.missing.titles)) if row.unfiled else "",
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
            return row is not None and row.can_open
        if action in ("new_claim", "bulk"):
            return self.purna.store is not None
        return super().check_action(action, parameters)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    def action_cursor(self, delta: int) -> None:
        step_cursor(self.table, delta, len(self.rows))

    # Dialogs are awaited in workers; keys typed ahead wait in the app until the dialog
    # in front has taken its focus (tui/app.py), so they reach it, never the queue under it.

    @work(exclusive=True, group="claims")
    async def action_open_claim(self) -> None:
        """Enter or o: the claim's own screen; a candidate is opened as a draft first."""
        row, store = self.current, self.purna.store
        if row is None or store is None:
            return
        if row.pk is not None:
            self.app.push_screen(ClaimScreen(row.pk))
            return
        if not row.can_open:
            return
        login, parcel = self.purna.login, row.parcel_pk
        body = _("A draft claim ({scenario}) starts its evidence checklist.").format(
            scenario=_(row.scenario.title))  # fmt: skip
        if parcel is not None:
            title = _("Open a claim on parcel {code}").format(code=plain(row.awb or "?"))
            body += " " + _("The parcel matches no request: type its order id on the claim "
                            "once it is found (the ticket needs it).")  # fmt: skip
        else:
            title = _("Open a claim on order {order}").format(order=plain(row.order_id or ""))
        if await self.app.push_screen_wait(PromptDialog(title, body, _("Open claim"))) is None:
            return
        if parcel is not None:
            await self._open(lambda: claims_store.open_parcel_claim(
                store, parcel_pk=parcel, login=login, now=self.purna.now()))  # fmt: skip
        else:
            await self._open_order(row.marketplace or "", row.order_id or "", row.scenario)

    async def _open_order(self, marketplace: str, order_id: str, scenario: Scenario,
                          basis_at: datetime | None = None) -> None:  # fmt: skip
        store, login = self.purna.store, self.purna.login
        if store is not None:
            await self._open(lambda: claims_store.open_claim(
                store, marketplace=marketplace, order_id=order_id, scenario=scenario,
                login=login, now=self.purna.now(), basis_at=basis_at))  # fmt: skip

    async def _open(self, opening: Callable[[], int]) -> None:
        """Open a claim in core off the UI thread, then its screen; a refusal is shown
        instead."""
        pk = await self.act_for(opening)
        if pk is not None:
            self.app.push_screen(ClaimScreen(pk))

    @work(exclusive=True, group="claims")
    async def action_new_claim(self) -> None:
        """n: a claim by hand on any order (the order id typed, then its marketplace and
        scenario; for an order the store does not hold, its last logistics update)."""
        store = self.purna.store
        if store is None:
            return
        order_id = await self.app.push_screen_wait(EntryDialog(
            _("Open a claim by hand"),
            _("Type the order id, as Seller Center shows it."),
            _("Next"), field=_("order id"), minimum=1,
        ))  # fmt: skip
        if not order_id:
            return
        picked = await pick_marketplace(self, store, order_id)
        if picked is None:
            return
        marketplace, known = picked
        scenarios = list(Scenario)
        index = await self.app.push_screen_wait(ChooseDialog(
            _("Scenario"), _("What happened to the parcel of order {order}?").format(
                order=plain(order_id)),
            [(_(s.title), n) for n, s in enumerate(scenarios)]))  # fmt: skip
        if index is None:
            return
        basis_at = None
        if not known:  # the store holds no logistics update of this order: ask for it
            text = await self.app.push_screen_wait(EntryDialog(
                _("Last logistics update"),
                _("The store holds no logistics update of this order, so its last day to "
                  "file is unknown. Type the last logistics update from Seller Center (shop "
                  "time), like 2026-11-20 14:30, or leave it empty."),
                _("Open claim"), field=_("YYYY-MM-DD HH:MM"),
            ))  # fmt: skip
            if text is None:
                return
            basis_at = parse_local_time(text, self.purna.shop_zone) if text else None
            if text and basis_at is None:
                self.app.push_screen(MessageDialog(_("Not done"), _(
                    "'{typed}' is not a date and time like 2026-11-20 14:30: nothing was "
                    "opened."
                ).format(typed=plain(text))))  # fmt: skip
                return
        await self._open_order(marketplace, order_id, scenarios[index], basis_at)

    @work(exclusive=True, group="claims")
    async def action_bulk(self) -> None:
        """x: the bulk claim spreadsheet of every claim ready to file, to a path confirmed."""
        store = self.purna.store
        if store is None:
            return
        ready = sum(1 for r in self.rows if r.ready)
        if not ready:
            self.app.push_screen(MessageDialog(_("Bulk claim spreadsheet"), _(
                "No claim is ready to file: a draft is ready once every mandatory item and "
                "confirmation is there and its window is open."
            ), error=False))  # fmt: skip
            return
        rule = (_("From {n} orders on, the platform asks for this spreadsheet, attached to one "
                  "ticket.") if is_bulk(ready) else _(
                  "Below {n} orders, file one ticket per order, or attach this spreadsheet to "
                  "one ticket for several orders."))  # fmt: skip
        body = Text.assemble(
            (ngettext("{count} claim is ready to file.", "{count} claims are ready to file.",
                      ready).format(count=ready), "bold"), " ",
            rule.format(n=BULK_CLAIM_MIN_ORDERS.value), "\n",
            (_("Writing the file changes no claim: mark each one filed (t on the claim) once "
               "the ticket is in Seller Center."), "dim"),
        )  # fmt: skip
        suggested = claims_store.bulk_path(self.purna.now(), self.purna.shop_zone)
        path = await self.app.push_screen_wait(EntryDialog(
            _("Bulk claim spreadsheet"), body, _("Write"), field=_("file path (.xlsx)"),
            minimum=1, value=str(suggested)))  # fmt: skip
        if not path:
            return
        now = self.purna.now()
        count = await self.act_for(lambda: claims_store.write_bulk(store, Path(path), now))
        if count is not None:
            self.notify(ngettext("{count} claim written to {path}",
                                 "{count} claims written to {path}",
                                 count).format(count=count, path=plain(path)),
                        title=_("Bulk claim spreadsheet"), timeout=10, markup=False)  # fmt: skip
