"""A queue of requests that loads only the rows it shows, with a live countdown per row.

Rows come a page at a time from a `QueueSource` (the store), so a queue of 5,000
requests opens as fast as one of 50. The countdown to `respond_by` is recomputed on
every repaint (once a second) and coloured by urgency band; the band is also written
out, so it reads on a monochrome terminal too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
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
from core.formatting import format_rupiah
from core.i18n import N_, _
from core.timing import Status, of_row
from core.workflow import STATE_TITLES
from tui.base import translate_bindings
from tui.text import plain

if TYPE_CHECKING:
    from core.rows import QueueRow


class QueueSource(Protocol):
    def count(self) -> int: ...

    def page(self, offset: int, limit: int) -> list[QueueRow]: ...


@dataclass(frozen=True)
class QueueColumn:
    title: str  # catalog message
    width: int
    minimum: int
    right: bool = False


COLUMNS = (
    QueueColumn(N_("Time left"), 13, 13),
    QueueColumn(N_("Band"), 14, 8),
    QueueColumn(N_("Request"), 18, 12),
    QueueColumn(N_("Order"), 20, 12),
    QueueColumn(N_("Buyer"), 14, 8),
    QueueColumn(N_("SKU"), 14, 8),
    QueueColumn(N_("Amount"), 12, 12, right=True),
    QueueColumn(N_("State"), 13, 8),
    QueueColumn(N_("Claimed"), 8, 5),
)


def fit(text: str, width: int) -> str:
    """`text` padded or cut to `width` cells; a cut shows as `…`."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…" if width > 0 else ""


BAND_CLASSES = {
    Band.OVERDUE: "queue-table--overdue",
    Band.URGENT: "queue-table--urgent",
    Band.SOON: "queue-table--soon",
    Band.LATER: "queue-table--later",
}


def column_widths(available: int) -> list[int]:
    """Each column's width so that the row fits `available` cells (shrinks text columns)."""
    widths = [c.width for c in COLUMNS]
    excess = sum(widths) + len(widths) - 1 - available
    for index in (4, 3, 5, 2, 7, 8, 1, 0):  # buyer, order, sku, request, state, claimed, band
        if excess <= 0:
            break
        give = min(excess, widths[index] - COLUMNS[index].minimum)
        widths[index] -= give
        excess -= give
    return widths


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

    def _cells(self, texts: list[str], widths: list[int]) -> str:
        parts = []
        for text, width, column in zip(texts, widths, COLUMNS, strict=True):
            cell = fit(text, width)
            parts.append(cell.rstrip().rjust(width) if column.right else cell)
        return " ".join(parts)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        widths = column_widths(width)
        base = self.rich_style
        if y == 0:
            titles = [_(c.title) for c in COLUMNS]
            style = base + self.get_component_rich_style("queue-table--header")
            return Strip([Segment(set_cell_size(self._cells(titles, widths), width), style)], width)
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
        return self._render_row(row, index == self.cursor, widths, width, base)

    def _render_row(
        self, row: QueueRow, is_cursor: bool, widths: list[int], width: int, base: Style
    ) -> Strip:
        shown = of_row(row, self.now())  # core decides: countdown, auto-approved, unknown...
        left, label = shown.countdown, shown.label
        if shown.status in (Status.ANSWERED, Status.DECIDED):  # no countdown, no alarm colour
            band_style = self.get_component_rich_style("queue-table--answered")
        else:
            band_style = self.get_component_rich_style(BAND_CLASSES[shown.urgent])
        row_style = (
            base + self.get_component_rich_style("queue-table--cursor") if is_cursor else base
        )
        first = fit(left, widths[0]) + " " + fit(label, widths[1])
        rest = self._cells(
            [
                "",
                "",
                plain(row.request_id),
                plain(row.order_id),
                plain(row.buyer_name or "-"),
                plain(row.sku) + (f" +{row.item_count - 1}" if row.item_count > 1 else ""),
                format_rupiah(row.amount),
                _(STATE_TITLES[row.state]),
                plain(row.claimed_by or ""),
            ],
            widths,
        )[widths[0] + widths[1] + 2 :]
        segments = [Segment(first, row_style + band_style), Segment(" " + rest, row_style)]
        return Strip(segments).adjust_cell_length(width, row_style)
