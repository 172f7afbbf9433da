"""The negative-review queue (key 0): 1-2 star reviews, oldest first, with their category,
order, request and follow-up (core.review_queue)."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from core import review_queue
from core.formatting import format_local
from core.i18n import N_, _
from core.review_queue import REVIEW_CATEGORIES, FollowUp, NegativeReview
from core.tags import CATEGORY_NAMES
from tui.base import LIST_BINDINGS, PurnaScreen, step_cursor
from tui.screens.dialogs import ChooseDialog, EntryDialog
from tui.text import lit, plain
from tui.widgets.columns import Column, ResponsiveTable
from tui.widgets.key_footer import KeyFooter
from tui.widgets.status_bar import StatusBar

# At 80 columns: when, stars, category, follow-up and the order; SKU, request and the
# comment follow as the width allows.
COLUMNS = (
    Column("when", N_("Reviewed"), 16, priority=0),
    Column("stars", N_("Stars"), 7, priority=1),
    Column("category", N_("Category"), 9, priority=1),
    Column("state", N_("Follow-up"), 10, priority=1),
    Column("order", N_("Order"), 19, 14, priority=0, is_id=True),
    Column("sku", N_("SKU"), 16, 10, priority=3),
    Column("request", N_("Request"), 19, 12, priority=4, is_id=True),
    Column("comment", N_("Comment"), 40, 16, priority=5),
)
_STATE_STYLES = {
    FollowUp.NEW: "bold yellow",
    FollowUp.CONTACTED: "bold",
    FollowUp.RESOLVED: "green",
    FollowUp.NO_ACTION: "dim",
}
NEVER = N_(
    "Listen, fix what failed, compensate where the product failed. Never ask the buyer to "
    "change or delete a review, and never offer anything for a better one."
)


def category_cell(review: NegativeReview) -> Text:
    if review.category is None:
        return Text("?", "yellow")
    return Text(_(CATEGORY_NAMES[review.category]), "" if review.category_from_request else "bold")


def linked_text(review: NegativeReview) -> Text:
    """The review's order and the request on it, whole (the table may cut or drop them)."""
    line = Text(_("Order") + ": ", "dim")
    line.append_text(lit(review.order_id))
    line.append("  " + _("Request") + ": ", "dim")
    if review.request_id is None:
        line.append(_("none in Purna"), "yellow")
    else:
        line.append_text(lit(review.request_id, "bold"))
        line.append("  (Enter)", "dim")
    return line


class ReviewsScreen(PurnaScreen):
    TITLE = N_("Negative reviews")
    HELP = N_(
        "Reviews of 1 or 2 stars, oldest first, with their category (product, service, or "
        "courier: not the seller's fault), their order and the request on it. c sets the "
        "category, f records the follow-up (contacted, resolved, no action) with a note, "
        "Enter opens the order's request, a shows the reviews already done too. Every change "
        "is recorded in the audit trail."
    )
    BINDINGS = [
        Binding("f", "follow_up", N_("Follow up")),
        Binding("c", "category", N_("Category")),
        Binding("enter", "open_request", N_("Request"), priority=True),
        Binding("a", "toggle_done", N_("All/open")),
        Binding("ctrl+r", "reload", N_("Reload"), show=False),
        *LIST_BINDINGS,
    ]

    DEFAULT_CSS = """
    ReviewsScreen #reviews-summary { height: auto; padding: 0 1; }
    ReviewsScreen #reviews-table { height: 1fr; }
    ReviewsScreen #reviews-selected { height: auto; max-height: 7; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[NegativeReview] = []
        self.show_done = False

    def compose(self) -> ComposeResult:
        yield StatusBar(self.screen_title())
        yield Static(id="reviews-summary")
        yield ResponsiveTable(COLUMNS, id="reviews-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="reviews-selected")
        yield KeyFooter()

    @property
    def table(self) -> ResponsiveTable:
        return self.query_one("#reviews-table", ResponsiveTable)

    def on_mount(self) -> None:
        self.action_reload()
        self.table.focus()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        store = self.purna.store
        if store is None:
            return
        zone = self.purna.shop_zone
        self.rows = review_queue.negative_reviews(store, done=self.show_done)
        counts = review_queue.counts(store)
        keep = self.table.cursor_row
        self.table.set_rows([
            {
                "when": format_local(r.created_at, zone),
                "stars": Text("★" * r.rating, "bold red"),
                "category": category_cell(r),
                "state": Text(_(r.state.title), _STATE_STYLES[r.state]),
                "order": lit(r.order_id),
                "sku": lit(r.sku),
                "request": lit(r.request_id or "-"),
                "comment": lit(r.comment or "-"),
            }
            for r in self.rows
        ])  # fmt: skip
        if self.rows:
            self.table.move_cursor(row=min(keep, len(self.rows) - 1))
        shown = _("all") if self.show_done else _("still to follow up")
        line = _("{new} new · {contacted} contacted · showing {shown}").format(
            new=counts.new, contacted=counts.contacted, shown=shown)  # fmt: skip
        self.query_one("#reviews-summary", Static).update(Text(line, "bold"))
        self._show_selected()
        self.refresh_bindings()

    @property
    def current(self) -> NegativeReview | None:
        row = self.table.cursor_row
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _show_selected(self) -> None:
        review = self.current
        lines: list[Text] = []
        if review is not None:
            lines.append(linked_text(review))
            lines.append(lit(f"“{review.comment}”" if review.comment else "-", "italic",
                             lines=True))  # fmt: skip
            if review.note:
                note = Text(_("Note") + ": ", "dim")
                note.append_text(lit(review.note, lines=True))
                if review.updated_by:
                    note.append(f"  ({review.updated_by})", "dim")
                lines.append(note)
        elif not self.rows:
            lines.append(Text(_("No 1-2 star review waits for a follow-up."), "dim"))
        lines.append(Text(_(NEVER), "dim"))
        self.query_one("#reviews-selected", Static).update(Group(*lines))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("follow_up", "category"):
            return self.current is not None
        if action == "open_request":  # without a request, Enter says so
            return self.current is not None
        return super().check_action(action, parameters)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_selected()
        self.refresh_bindings()

    def action_cursor(self, delta: int) -> None:
        step_cursor(self.table, delta, len(self.rows))

    def action_toggle_done(self) -> None:
        self.show_done = not self.show_done
        self.action_reload()

    def action_open_request(self) -> None:
        from tui.screens.detail import DetailScreen

        review = self.current
        if review is None:
            return
        if review.request_pk is None:
            self.notify(_("No request on order {order} in Purna: nothing to open.").format(
                order=plain(review.order_id)), severity="warning", markup=False)  # fmt: skip
            return
        self.app.push_screen(DetailScreen(review.request_pk))

    @work(exclusive=True, group="review")
    async def action_category(self) -> None:
        review, store = self.current, self.purna.store
        if review is None or store is None:
            return
        options: list[tuple[Text | str, int]] = [
            (_(c.title), n) for n, c in enumerate(REVIEW_CATEGORIES)
        ]
        chosen = await self.app.push_screen_wait(ChooseDialog(
            _("Category of the review of order {order}").format(order=review.order_id),
            _("Delivery delays are the courier's, not the seller's fault."),
            options,
        ))  # fmt: skip
        if chosen is None:
            return
        login, now = self.purna.login, self.purna.now()
        await self.act(lambda: review_queue.set_category(
            store, review_pk=review.pk, category=REVIEW_CATEGORIES[chosen], login=login,
            version=review.version, now=now))  # fmt: skip

    @work(exclusive=True, group="review")
    async def action_follow_up(self) -> None:
        review, store = self.current, self.purna.store
        if review is None or store is None:
            return
        states = [s for s in FollowUp if s is not FollowUp.NEW]
        options: list[tuple[Text | str, int]] = [(_(s.title), n) for n, s in enumerate(states)]
        chosen = await self.app.push_screen_wait(ChooseDialog(
            _("Follow-up of the review of order {order}").format(order=review.order_id),
            _(NEVER), options,
        ))  # fmt: skip
        if chosen is None:
            return
        state = states[chosen]
        note = await self.app.push_screen_wait(EntryDialog(
            _("Follow-up: {state}").format(state=_(state.title)),
            _("What was done, or why nothing will be: the next person reads it. Enter saves."),
            _("Save"), field=_("note"), minimum=1, value=review.note or "",
        ))  # fmt: skip
        if note is None:
            return
        login, now = self.purna.login, self.purna.now()
        await self.act(lambda: review_queue.follow_up(
            store, review_pk=review.pk, state=state, note=note, login=login,
            version=review.version, now=now))  # fmt: skip
