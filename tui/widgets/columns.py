"""Tables that fit the terminal: from 80x24 up, columns are chosen by the width there is.

Each column has a priority, a preferred width and a minimum. When the row does not fit,
the lowest-priority columns are dropped first; the columns kept then grow towards their
preferred width in priority order. An id that must still be shortened keeps its
distinctive end (`…1022680060`): ids of one marketplace share their first digits, so a
cut end would make them all look alike. Counts and money are never cut: a column that
holds them has its minimum equal to its width. A column is never narrower than the longest
word of its title in the language shown, so a header is never cut inside a word.

`ResponsiveTable` is a `DataTable` built on this: the screen gives it every cell of every
row by column key, and the table shows the columns that fit, again after each resize.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual.widgets import DataTable

from core.i18n import _

ELLIPSIS = "…"


def fit(text: str, width: int) -> str:
    """`text` padded or cut to `width` cells; a cut end shows as `…` (names, SKUs)."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + ELLIPSIS if width > 0 else ""


def keep_end(text: str, width: int) -> str:
    """`text` in at most `width` cells, cut at the START when too long (ids): `…1022680060`."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    tail = text
    while tail and cell_len(tail) > width - 1:
        tail = tail[1:]
    return ELLIPSIS + tail


def keep_end_text(value: Text, width: int) -> Text:
    """`keep_end` for a styled rich Text (the style of the kept characters is kept)."""
    plain = value.plain
    if cell_len(plain) <= width:
        return value
    kept = keep_end(plain, width)
    start = len(plain) - (len(kept) - len(ELLIPSIS))
    return Text.assemble((ELLIPSIS, value.style), value[start:])


@dataclass(frozen=True)
class Column:
    """One column a table may show. `priority`: lower is kept longer when space is short."""

    key: str
    title: str  # a catalog message (N_), translated when the table is drawn
    width: int  # preferred width in cells
    minimum: int = 0  # narrowest useful width (0: the preferred width, never shrunk)
    priority: int = 5
    right: bool = False  # numbers and money: right aligned
    is_id: bool = False  # shortened at the start, keeping the distinctive end
    partly: bool = True  # may grow part of the way to its width (False: all or nothing)
    grow: int | None = None  # order of growing towards `width` (default: the priority)
    extra: bool = False  # shown only when every other column has its preferred width
    short: str = ""  # a shorter title (N_) for when the column is narrower than `title`

    @property
    def narrowest(self) -> int:
        """The minimum, or the (short) title's longest word if that is wider: a header
        wraps between words, never inside one ("Dipak/ai", "Dikl…")."""
        return max(self.minimum or self.width, title_word(self.short or self.title))

    def header(self, width: int) -> str:
        """The title in the current language, or the short one when the column is narrower
        than the title's longest word."""
        if self.short and title_word(self.title) > width:
            return _(self.short)
        return _(self.title) if self.title else ""


def title_word(title: str) -> int:
    """Cells of the longest word of `title` (a catalog message) in the current language."""
    return max((cell_len(word) for word in _(title).split()), default=0) if title else 0


def layout(columns: Sequence[Column], available: int, gap: int = 1) -> list[tuple[Column, int]]:
    """The columns that fit in `available` cells (`gap` cells between or around each), in
    their order, each with its width. The highest-priority column is always kept."""
    kept = list(columns)

    def needed(cols: list[Column]) -> int:
        return sum(c.narrowest for c in cols) + gap * max(0, len(cols) - 1)

    while len(kept) > 1 and needed(kept) > available:
        kept.remove(max(kept, key=lambda c: (c.priority, kept.index(c))))
    widths = {c.key: c.narrowest for c in kept}
    spare = available - needed(kept)
    for column in sorted(kept, key=lambda c: c.priority if c.grow is None else c.grow):
        grow = max(0, min(spare, column.width - widths[column.key]))
        if not column.partly and grow < column.width - widths[column.key]:
            continue
        widths[column.key] += grow
        spare -= grow
    short = any(widths[c.key] < c.width for c in kept if not c.extra)
    if short and any(c.extra for c in kept):
        return layout([c for c in columns if not c.extra], available, gap)
    return [(c, widths[c.key]) for c in kept]


Cells = dict[str, RenderableType]


@dataclass
class _Row:
    cells: Cells
    key: str | None = None
    height: int | None = 1
    extra: dict[str, Any] = field(default_factory=dict)


class ResponsiveTable(DataTable[Any]):
    """A DataTable showing the `Column`s that fit its width. Rows are given whole (every
    column's cell by key, `set_rows`/`add`); cells of id columns are shortened at the start."""

    DEFAULT_CSS = """
    ResponsiveTable { scrollbar-size-vertical: 1; overflow-x: hidden; }
    """

    def __init__(self, columns: Sequence[Column], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.column_specs = tuple(columns)
        self._rows: list[_Row] = []
        self._shown: list[tuple[Column, int]] = []

    # --- what is shown ---------------------------------------------------------------

    def available_width(self) -> int:
        """Cells for the columns: the table's width less its scrollbar and cell padding."""
        width = self.size.width or self.app.size.width
        return max(10, width - 1)  # a vertical scrollbar may come with more rows

    def shown_keys(self) -> list[str]:
        return [c.key for c, _w in self._shown]

    def _choose(self) -> list[tuple[Column, int]]:
        gap = 2 * self.cell_padding
        # every column has its padding on both sides: count it as one gap each
        return layout(self.column_specs, self.available_width() - gap, gap)

    def _cell(
        self, column: Column, width: int, value: RenderableType, wraps: bool
    ) -> RenderableType:
        if column.is_id:
            if isinstance(value, Text):
                return keep_end_text(value, width)
            if isinstance(value, str):
                return Text(keep_end(value, width))
        if isinstance(value, str):
            value = Text(value)
        if isinstance(value, Text):
            value = value.copy()
            if column.right:
                value.justify = "right"
            elif not wraps and value.cell_len > width:  # a cut shows as `…`
                value.truncate(width, overflow="ellipsis")
        return value

    def _add_columns(self) -> None:
        for column, width in self._shown:
            title = column.header(width)
            self.add_column(Text(title, justify="right") if column.right else title,
                            key=column.key, width=width)  # fmt: skip
        # a title wider than its column (a narrow column of counts) wraps onto a second line
        if self.show_header:
            long = any(cell_len(c.header(w)) > w for c, w in self._shown)
            self.header_height = 2 if long else 1

    def _rebuild(self) -> None:
        cursor = self.cursor_row
        self._shown = self._choose()
        self.clear(columns=True)
        self._add_columns()
        for row in self._rows:
            self._add_shown(row)
        if self._rows:
            self.move_cursor(row=min(cursor, len(self._rows) - 1), animate=False)

    def _add_shown(self, row: _Row) -> None:
        self.add_row(
            *(self._cell(c, w, row.cells.get(c.key, ""), row.height != 1) for c, w in self._shown),
            key=row.key,
            height=row.height,
        )

    def on_resize(self, event: events.Resize) -> None:
        if self._choose() != self._shown:
            self._rebuild()

    def on_mount(self) -> None:
        self._rebuild()

    # --- rows ------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Cells], *, keys: Sequence[str | None] | None = None,
                 heights: Sequence[int | None] | None = None) -> None:  # fmt: skip
        """Show `rows` (each a dict of cells by column key) instead of the ones shown."""
        self._rows = [
            _Row(cells, keys[i] if keys else None, heights[i] if heights else 1)
            for i, cells in enumerate(rows)
        ]
        cursor = self.cursor_row
        self.clear()
        if not self._shown:
            self._shown = self._choose()
            self._add_columns()
        for row in self._rows:
            self._add_shown(row)
        if self._rows:
            self.move_cursor(row=min(cursor, len(self._rows) - 1), animate=False)

    def set_cell(self, row_key: str, column_key: str, value: RenderableType) -> None:
        """Change one cell; it is kept for when its column is shown again."""
        for row in self._rows:
            if row.key == row_key:
                row.cells[column_key] = value
                break
        for column, width in self._shown:
            if column.key == column_key:
                self.update_cell(row_key, column_key, self._cell(column, width, value, False))
