"""A queue of requests that loads only the rows it shows, with a live countdown per row.

Rows come a page at a time from a `QueueSource` (the store), so a queue of 5,000
requests opens as fast as one of 50. The countdown to `respond_by` is recomputed on
every repaint (once a second) and coloured by urgency band; the band is also written
out, so it reads on a monochrome terminal too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar, Protocol

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from core.deadlines import Band
from core.formatting import format_remaining, format_rupiah
from core.i18n import N_, _, current_language
from core.timing import Status, Timing, of_row
from core.workflow import STATE_TITLES
from tui.base import translate_bindings
from tui.text import plain
from tui.widgets.columns import Column, fit, keep_end, layout

if TYPE_CHECKING:
    from core.rows import QueueRow


class QueueSource(Protocol):
    def count(self) -> int: ...

    def page(self, offset: int, limit: int) -> list[QueueRow]: ...


# The columns by what matters most when the terminal is narrow (lower priority number
# is kept longer): the time left, the request id, the amount and the band always fit at
# 80 columns; the order id, buyer and SKU follow as the width allows (the pane below shows
# the highlighted request in full). Ids are shortened at the start, keeping their end.
def _columns() -> tuple[Column, ...]:
    return _columns_in(current_language())


@lru_cache(maxsize=4)
def _columns_in(language: str) -> tuple[Column, ...]:
    samples = (timedelta(hours=47, minutes=59, seconds=59), timedelta(hours=23, minutes=59),
               timedelta(minutes=59, seconds=59))  # fmt: skip
    labels = [format_remaining(s) for s in samples]
    # the label of the common overdue case fits too; a rarer longer one (deadline unknown)
    # runs on into the band column, which is empty then
    labels.append(Timing(Status.AUTO_APPROVED).label)
    bands = [_(band.title) for band in Band]
    time_width = max(cell_len(text) for text in [*labels, _(TIME_TITLE)])
    band_width = max(cell_len(text) for text in [*bands, _(BAND_TITLE)])
    return (
        Column("time", TIME_TITLE, time_width, priority=0),
        Column("band", BAND_TITLE, band_width, priority=3),
        Column("request", N_("Request"), 18, 12, priority=1, is_id=True),
        Column("order", N_("Order"), 20, 12, priority=6, is_id=True),
        Column("buyer", N_("Buyer"), 20, 10, priority=7),
        Column("sku", N_("SKU"), 18, 8, priority=8),
        Column("amount", N_("Amount"), 12, priority=2, right=True),
        Column("state", N_("State"), 13, 8, priority=4),
        Column("claimed", N_("Claimed"), 8, 5, priority=5, short=N_("By")),
        Column("product", N_("Product"), 40, 16, priority=9, extra=True),
    )


TIME_TITLE = N_("Time left")
BAND_TITLE = N_("Band")


BAND_CLASSES = {
    Band.OVERDUE: "queue-table--overdue",
    Band.URGENT: "queue-table--urgent",
    Band.SOON: "queue-table--soon",
    Band.LATER: "queue-table--later",
}


def column_widths(available: int) -> list[tuple[Column, int]]:
    """The columns shown in `available` cells, each with its width (see tui.widgets.columns)."""
    return _layout_in(current_language(), available)


@lru_cache(maxsize=16)
def _layout_in(language: str, available: int) -> list[tuple[Column, int]]:
    return layout(_columns_in(language), available)


class QueueTable(ScrollView, can_focus=True):
    """The rows of one queue, most urgent first. Enter opens the highlighted request."""

    PAGE_SIZE = 64

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "queue-table--header",
        "queue-table--cursor",
        "queue-table--empty",
        "queue-table--answered",
        *BAND_CLASSES.values(),
    }

    DEFAULT_CSS = """
    QueueTable {
        height: 1fr;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
    }
    QueueTable > .queue-table--header { text-style: bold; background: $boost; }
    QueueTable > .queue-table--cursor { background: $accent 40%; }
    QueueTable:focus > .queue-table--cursor { background: $accent; color: $text; text-style: bold; }
    QueueTable > .queue-table--empty { color: $text-muted; text-style: italic; }
    QueueTable > .queue-table--overdue { background: $error; color: $text; text-style: bold; }
    QueueTable > .queue-table--urgent { color: $error; text-style: bold; }
    QueueTable > .queue-table--soon { color: $warning; }
    QueueTable > .queue-table--later { color: $success; }
    QueueTable > .queue-table--answered { color: $text-muted; }
    """

    BINDINGS = [
        Binding("enter", "select", N_("Open")),
        Binding("up,k", "cursor_up", N_("Up"), show=False),
        Binding("down,j", "cursor_down", N_("Down"), show=False),
        Binding("n,pagedown", "page_down", N_("Next page"), show=False),
        Binding("p,pageup", "page_up", N_("Previous page"), show=False),
        Binding("g,home", "first", N_("First row"), show=False),
        Binding("G,end", "last", N_("Last row"), show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        def __init__(self, table: QueueTable, row: QueueRow | None) -> None:
            super().__init__()
            self.table = table
            self.row = row

    class Selected(Message):
        def __init__(self, table: QueueTable, row: QueueRow) -> None:
            super().__init__()
            self.table = table
            self.row = row

    def __init__(
        self,
        source: QueueSource,
        now: Callable[[], datetime],
        *,
        empty_text: Callable[[], str],
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        translate_bindings(self)
        self.source = source
        self.now = now
        self.empty_text = empty_text
        self.row_count = 0
        self._pages: dict[int, list[QueueRow]] = {}
        self._loaded = False

    # --- data ---------------------------------------------------------------------

    def reload(self, keep_pk: int | None = None, position: int | None = None) -> None:
        """Count the rows again and drop cached pages; keep the cursor at `position` if given."""
        self.row_count = self.source.count()
        self._pages.clear()
        self._loaded = True
        self.virtual_size = Size(self.size.width, self.row_count + 1)
        target = self.cursor if position is None else position
        self.cursor = max(0, min(target, self.row_count - 1))
        self.refresh()

    def row_at(self, index: int) -> QueueRow | None:
        if not 0 <= index < self.row_count:
            return None
        page_number, offset = divmod(index, self.PAGE_SIZE)
        page = self._pages.get(page_number)
        if page is None:
            page = self.source.page(page_number * self.PAGE_SIZE, self.PAGE_SIZE)
            self._pages[page_number] = page
        return page[offset] if offset < len(page) else None

    @property
    def highlighted(self) -> QueueRow | None:
        return self.row_at(self.cursor)

    @property
    def pages_loaded(self) -> int:
        return len(self._pages)

    # --- cursor ---------------------------------------------------------------------

    @property
    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def watch_cursor(self, old: int, new: int) -> None:
        top = round(self.scroll_offset.y)
        if new < top:
            self.scroll_to(y=new, animate=False, immediate=True)
        elif new >= top + self._visible_rows:
            self.scroll_to(y=new - self._visible_rows + 1, animate=False, immediate=True)
        self.refresh()
        self.post_message(self.Highlighted(self, self.highlighted))

    def _move(self, delta: int) -> None:
        if self.row_count:
            self.cursor = max(0, min(self.row_count - 1, self.cursor + delta))

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_page_down(self) -> None:
        self._move(self._visible_rows)

    def action_page_up(self) -> None:
        self._move(-self._visible_rows)

    def action_first(self) -> None:
        self._move(-self.row_count)

    def action_last(self) -> None:
        self._move(self.row_count)

    def action_select(self) -> None:
        row = self.highlighted
        if row is not None:
            self.post_message(self.Selected(self, row))

    # --- drawing ----------------------------------------------------------------------

    def on_mount(self) -> None:
        self.set_interval(1.0, self.refresh)  # the countdowns tick

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.row_count + 1)

    @staticmethod
    def _cell(column: Column, text: str, width: int) -> str:
        if column.is_id:
            return keep_end(text, width).ljust(width)
        if column.right:  # money: the column is as wide as the widest amount, never cut
            return text.rjust(width)
        return fit(text, width)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        shown = column_widths(width)
        base = self.rich_style
        if y == 0:
            line = " ".join(
                (c.header(w).rjust(w) if c.right else fit(c.header(w), w)) for c, w in shown
            )
            style = base + self.get_component_rich_style("queue-table--header")
            return Strip([Segment(set_cell_size(line, width), style)], width)
        index = round(self.scroll_offset.y) + y - 1
        if self.row_count == 0:
            if y == 1 and self._loaded:
                style = base + self.get_component_rich_style("queue-table--empty")
                empty = " " + plain(self.empty_text())
                return Strip([Segment(set_cell_size(empty, width), style)], width)
            return Strip.blank(width, base)
        row = self.row_at(index)
        if row is None:
            return Strip.blank(width, base)
        return self._render_row(row, index == self.cursor, shown, width, base)

    def _render_row(
        self, row: QueueRow, is_cursor: bool, shown: list[tuple[Column, int]], width: int,
        base: Style,
    ) -> Strip:  # fmt: skip
        timing = of_row(row, self.now())  # core decides: countdown, auto-approved, unknown...
        if timing.status in (Status.ANSWERED, Status.DECIDED):  # no countdown, no alarm colour
            band_style = self.get_component_rich_style("queue-table--answered")
        else:
            band_style = self.get_component_rich_style(BAND_CLASSES[timing.urgent])
        row_style = (
            base + self.get_component_rich_style("queue-table--cursor") if is_cursor else base
        )
        cells = {
            # the countdown, or what happened instead (auto-approved, answered...) in full
            "time": timing.countdown or timing.label,
            "band": timing.label if timing.countdown else "",
            "request": plain(row.request_id),
            "order": plain(row.order_id),
            "buyer": plain(row.buyer_name or "-"),
            "sku": plain(row.sku) + (f" +{row.item_count - 1}" if row.item_count > 1 else ""),
            "amount": format_rupiah(row.amount),
            "state": _(STATE_TITLES[row.state]),
            "claimed": plain(row.claimed_by or ""),
            "product": plain(row.product_name or ""),
        }
        segments = []
        keys = [column.key for column, _w in shown]
        if not timing.countdown and "band" in keys and keys.index("band") == keys.index("time") + 1:
            # the label uses the band column too: both are about the deadline
            both = shown[keys.index("time")][1] + 1 + shown[keys.index("band")][1]
            cells["time"] = fit(cells["time"], both)
            shown = [(c, both if c.key == "time" else w) for c, w in shown if c.key != "band"]
        for number, (column, w) in enumerate(shown):
            text = self._cell(column, cells[column.key], w)
            style = row_style + band_style if column.key in ("time", "band") else row_style
            if number:
                segments.append(Segment(" ", row_style))
            segments.append(Segment(text, style))
        return Strip(segments).adjust_cell_length(width, row_style)
