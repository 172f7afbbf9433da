"""The labelled return shelf: what lies where and for how long; restock, dispose, move, label."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from core import shelf
from core.formatting import format_local
from core.i18n import N_, _, ngettext
from core.shelf import Entry
from core.workflow import CONDITIONS, FAULTY_CONDITIONS
from tui.base import LIST_BINDINGS, PurnaScreen, step_cursor
from tui.labels import issue_and_tell
from tui.screens.dialogs import EntryDialog, PromptDialog
from tui.text import lit, plain
from tui.widgets.columns import Column, ResponsiveTable
from tui.widgets.key_footer import KeyFooter
from tui.widgets.status_bar import StatusBar

# At 80 columns: location, request, SKU, condition and days; area, placing and who
# placed it follow as the width allows.
COLUMNS = (
    Column("location", N_("Location"), 10, 8, priority=0),
    Column("area", N_("Area"), 10, 8, priority=5),
    Column("reference", N_("Request or parcel"), 18, 12, priority=1, is_id=True),
    Column("sku", N_("SKU"), 16, 8, priority=3),
    Column("condition", N_("Condition"), 15, 10, priority=2),
    Column("days", N_("Days"), 5, priority=1, right=True),
    Column("placed", N_("Placed"), 17, priority=6),
    Column("by", N_("By"), 8, 6, priority=7),
)


class ShelfScreen(PurnaScreen):
    TITLE = N_("Return shelf")
    HELP = N_(
        "Everything on the return shelf, by location and then oldest first. Damaged, wrong "
        "and unmatched items lie in quarantine and can never be restocked. r restocks an "
        "inspected item that is as described, x disposes of an item (with a reason), m moves "
        "it to another location, l prints its label again, / filters by location, request "
        "or SKU. Every change is recorded in the audit trail."
    )
    BINDINGS = [
        Binding("r", "restock", N_("Restock")),
        Binding("x", "dispose", N_("Dispose")),
        Binding("m", "move", N_("Move")),
        Binding("l", "label", N_("Label")),
        Binding("slash", "filter", N_("Filter")),
        Binding("ctrl+r", "reload", N_("Reload"), show=False),
        *LIST_BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.everything: list[Entry] = []  # as read from the store
        self.entries: list[Entry] = []  # those the filter lets through, as listed
        self.text = ""

    def compose(self) -> ComposeResult:
        yield StatusBar(self.screen_title())
        yield Static(id="shelf-summary")
        yield Input(placeholder=_("filter: location, request or SKU"), id="shelf-filter")
        yield ResponsiveTable(COLUMNS, id="shelf-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    @property
    def table(self) -> ResponsiveTable:
        return self.query_one("#shelf-table", ResponsiveTable)

    def on_mount(self) -> None:
        self.query_one("#shelf-filter", Input).display = False
        self.action_reload()
        self.table.focus()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        store = self.purna.store
        if store is None:
            return
        self.everything = shelf.contents(store)
        self._list()

    def _list(self) -> None:
        keep = self.table.cursor_row
        self.entries = [e for e in self.everything if self._matches(e)]
        now, zone = self.purna.now(), self.purna.shop_zone
        rows = []
        for entry in self.entries:
            quarantine = entry.area == "quarantine"
            condition = _(CONDITIONS[entry.condition]) if entry.condition else _("not inspected")
            style = "bold red" if entry.condition in FAULTY_CONDITIONS else (
                "yellow" if entry.condition is None else "")  # fmt: skip
            rows.append({
                "location": lit(entry.location, "bold"),
                "area": Text(_(shelf.AREA_TITLES[entry.area]), "red" if quarantine else ""),
                "reference": lit(entry.reference), "sku": lit(entry.sku or "-"),
                "condition": Text(condition, style), "days": str(entry.age_days(now)),
                "placed": format_local(entry.placed_at, zone), "by": lit(entry.placed_by),
            })  # fmt: skip
        self.table.set_rows(rows)
        if self.entries:
            self.table.move_cursor(row=min(keep, len(self.entries) - 1))
        waiting = sum(1 for e in self.entries if e.condition is None)
        quarantined = sum(1 for e in self.entries if e.area == "quarantine")
        summary = ngettext("{n} item on the shelf", "{n} items on the shelf",
                           len(self.entries)).format(n=len(self.entries))  # fmt: skip
        summary += "  ·  " + _("{q} in quarantine, {w} not inspected yet").format(
            q=quarantined, w=waiting
        )
        if self.text:
            summary += "  ·  " + _("filter: “{text}”").format(text=plain(self.text))
        self.query_one("#shelf-summary", Static).update(Text(summary, "bold"))
        self.refresh_bindings()

    def _matches(self, entry: Entry) -> bool:
        text = self.text.lower()
        return not text or any(
            text in (value or "").lower() for value in (entry.location, entry.reference, entry.sku)
        )

    @property
    def current(self) -> Entry | None:
        row = self.table.cursor_row
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("restock", "dispose", "move", "label"):
            entry = self.current
            if entry is None:
                return False
            if action == "restock":
                return entry.restockable
        return super().check_action(action, parameters)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    def action_cursor(self, delta: int) -> None:
        step_cursor(self.table, delta, len(self.entries))

    # --- changes ----------------------------------------------------------------------------

    @work(exclusive=True, group="change")
    async def action_restock(self) -> None:
        entry, store = self.current, self.purna.store
        if entry is None or store is None:
            return
        dialog = PromptDialog(
            _("Restock {reference}").format(reference=entry.reference),
            _("The item from {location} goes back into sellable stock.").format(
                location=entry.location
            ),
            _("Restock"),
        )
        if await self.app.push_screen_wait(dialog) is not None:
            await self.act(lambda: shelf.restock(store, entry.item_id, login=self.purna.login,
                                                 now=self.purna.now()))  # fmt: skip

    @work(exclusive=True, group="change")
    async def action_dispose(self) -> None:
        entry, store = self.current, self.purna.store
        if entry is None or store is None:
            return
        dialog = PromptDialog(
            _("Dispose of {reference}").format(reference=entry.reference),
            _("The item leaves the shelf for good. Write what happens to it."),
            _("Dispose"),
            field=_("e.g. destroyed, back to the supplier"),
            minimum=shelf.MIN_DISPOSE_REASON,
            danger=True,
        )
        reason = await self.app.push_screen_wait(dialog)
        if reason:
            await self.act(lambda: shelf.dispose(
                store, entry.item_id, reason=reason, login=self.purna.login,
                now=self.purna.now()))  # fmt: skip

    @work(exclusive=True, group="change")
    async def action_move(self) -> None:
        entry, store = self.current, self.purna.store
        if entry is None or store is None:
            return
        dialog = EntryDialog(
            _("Move {reference}").format(reference=entry.reference),
            _("From {location} to:").format(location=entry.location),
            _("Move"),
            field=_("shelf location, e.g. RTR-A-02"),
            minimum=2,
        )
        code = await self.app.push_screen_wait(dialog)
        if code:
            await self.act(lambda: shelf.move(store, entry.item_id, code, login=self.purna.login,
                                              now=self.purna.now()))  # fmt: skip

    @work(exclusive=True, group="change")
    async def action_label(self) -> None:
        entry, store = self.current, self.purna.store
        if entry is None or store is None:
            return
        await issue_and_tell(self, entry.item_id)

    def action_filter(self) -> None:
        field = self.query_one("#shelf-filter", Input)
        field.display = True
        field.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.text = event.value.strip()
        self.table.move_cursor(row=0)  # a new filter lists from its first match
        self._list()  # filtering needs no new read

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    def action_back(self) -> None:
        field = self.query_one("#shelf-filter", Input)
        if field.has_focus or self.text:
            field.value, self.text, field.display = "", "", False
            self._list()
            self.table.focus()
            return
        super().action_back()
