"""A queue per request type: open requests, most urgent first, and the highlighted one's detail."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Input, Static

from core import queries
from core.i18n import N_, _
from core.rows import QueueRow
from core.workflow import TYPE_TITLES, RequestType
from tui.base import QUEUE_BINDINGS, PurnaScreen
from tui.widgets.detail_pane import DetailPane
from tui.widgets.key_footer import KeyFooter
from tui.widgets.queue_table import QueueTable
from tui.widgets.status_bar import StatusBar


class QueueScreen(PurnaScreen):
    HELP = N_(
        "Open requests of one type, most urgent first: the time left until the platform "
        "approves on its own, coloured by band (overdue, under 6 hours, under 24 hours, later). "
        "The pane below shows the highlighted request. Press / to filter by order id, SKU or "
        "buyer; Enter on the filter keeps it, Escape clears it. j/k move, n/p page, g/G jump "
        "to the first or last row. Enter opens a request to decide on it; t takes the most "
        "urgent request nobody has claimed yet and opens it."
    )
    BINDINGS = [
        Binding("slash", "filter", N_("Filter")),
        Binding("t", "take_next", N_("Take next")),
        Binding("r", "reload", N_("Reload"), show=False),
        *QUEUE_BINDINGS,
    ]
    RELOAD_SECONDS = 20.0
    DETAIL_DELAY = 0.08  # let a held arrow key move the cursor before loading the detail

    def __init__(self, kind: RequestType) -> None:
        super().__init__()
        self.kind = kind
        self.source: queries.StoreQueue | None = None
        self._detail_timer: Timer | None = None

    def screen_title(self) -> str:
        return _("Queue: {type}").format(type=_(TYPE_TITLES[self.kind]))

    def compose(self) -> ComposeResult:
        yield StatusBar(self.screen_title())
        with Horizontal(id="queue-heading"):
            yield Static(id="queue-title")
            yield Input(placeholder=_("filter: order id, SKU or buyer"), id="queue-filter")
        yield QueueTable(_NoSource(), self.purna.now, empty_text=self._empty_text, id="queue-table")
        yield DetailPane(self.purna.now, lambda: self.purna.shop_zone, id="queue-detail")
        yield KeyFooter()

    @property
    def table(self) -> QueueTable:
        return self.query_one(QueueTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#queue-filter", Input)

    def on_mount(self) -> None:
        self.filter_input.display = False
        self.table.focus()
        self._show_title()
        self.purna.when_store_ready(self, self._store_ready)

    def _store_ready(self) -> None:
        store = self.purna.store
        if store is None:
            self.query_one("#queue-detail", DetailPane).show(None, self.purna.store_error or "")
            return
        self.source = queries.StoreQueue(store, self.kind)
        self.table.source = self.source
        self.call_after_refresh(self._record_review)  # after the rows are on screen
        self.table.reload(position=0)
        self._show_title()
        self.set_interval(self.RELOAD_SECONDS, self.action_reload)
        self.set_interval(1.0, self.query_one("#queue-detail", DetailPane).refresh_detail)

    def _record_review(self) -> None:
        """Opening a queue is a review of it: the reminders count from here."""
        if self.purna.store is not None and self.purna.member is not None:
            self.run_worker(self._write_review, thread=True, group="review")

    def _write_review(self) -> None:
        from core import reminders

        store = self.purna.store
        assert store is not None
        reminders.record_review(store, login=self.purna.login, kind=self.kind.value,
                                now=self.purna.now())  # fmt: skip
        self.app.call_from_thread(self.purna.check_reminders)

    def _empty_text(self) -> str:
        if self.source is not None and self.source.text:
            return _("No open request matches “{text}”. Escape clears the filter.").format(
                text=self.source.text
            )
        return _("No open requests of this type. Well done.")

    def _show_title(self) -> None:
        title = Text.assemble((f" {_(TYPE_TITLES[self.kind])} ", "bold reverse"), "  ")
        if self.source is None:
            title.append(_("loading…"), "dim")
        else:
            title.append(_("{n} open").format(n=self.table.row_count), "bold")
            if self.source.text:
                title.append("  " + _("filter: “{text}”").format(text=self.source.text), "yellow")
        self.query_one("#queue-title", Static).update(title)

    # --- reacting to the table ---------------------------------------------------------

    def on_queue_table_highlighted(self, event: QueueTable.Highlighted) -> None:
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._detail_timer = self.set_timer(self.DETAIL_DELAY, self._load_detail)

    def _load_detail(self) -> None:
        pane = self.query_one("#queue-detail", DetailPane)
        row = self.table.highlighted
        store = self.purna.store
        if row is None or store is None:
            pane.show(None, "")
            return
        pane.show(queries.detail_of(store, row.pk))

    def on_queue_table_selected(self, event: QueueTable.Selected) -> None:
        from tui.screens.detail import DetailScreen

        self.app.push_screen(DetailScreen(event.row.pk))

    # --- actions -----------------------------------------------------------------------

    def action_reload(self) -> None:
        """Read the queue again (other terminals, imports), keeping the cursor on its request."""
        if self.source is None:
            return
        current = self.table.highlighted
        position = self.source.position(current.pk) if current else None
        self.table.reload(position=position)
        self._show_title()
        self._load_detail()

    @work(exclusive=True, group="take")
    async def action_take_next(self) -> None:
        """Claim the most urgent unclaimed request of this queue and open it."""
        from core import actions
        from tui.screens.detail import DetailScreen

        store = self.purna.store
        if store is None:
            return
        taken = await self.act_for(lambda: (actions.take_next(
            store, kind=self.kind, login=self.purna.login, now=self.purna.now()),))  # fmt: skip
        if taken is None:  # refused, or the store was busy: already said
            return
        row = taken[0]
        if row is None:
            self.notify(
                _(
                    "Nothing to take: every open request of this queue is claimed or "
                    "auto-approved by the platform."
                )
            )
            return
        self.app.push_screen(DetailScreen(row.pk))

    def action_filter(self) -> None:
        self.filter_input.display = True
        self.filter_input.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.source is not None and event.input.id == "queue-filter":
            self.source.text = event.value.strip()
            self.table.reload(position=0)
            self._show_title()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.filter_input.display = False
        self.table.focus()

    def action_back(self) -> None:
        """Escape clears an active filter first; a second Escape leaves the queue."""
        if self.filter_input.has_focus or (self.source is not None and self.source.text):
            self.filter_input.value = ""
            self.filter_input.display = False
            if self.source is not None:
                self.source.text = ""
                self.table.reload(position=0)
                self._show_title()
            self.table.focus()
            return
        super().action_back()


class _NoSource:
    """The table's source until the store is open."""

    def count(self) -> int:
        return 0

    def page(self, offset: int, limit: int) -> list[QueueRow]:
        return []
