"""Every screen at 80x24, the default of PuTTY and many phone SSH clients: snapshots with
the fixed clock and the demo data, and the things a person must be able to read there."""

from __future__ import annotations

from typing import Any

import pytest
from rich.console import Console

from core.db import Store
from core.workflow import RequestType
from tests.helpers import make_app, settled
from tui.screens.dashboard import COUNT_KEYS
from tui.widgets.columns import Column, keep_end, layout
from tui.widgets.detail_pane import DetailPane, render_detail
from tui.widgets.queue_table import QueueTable
from tui.widgets.status_bar import StatusLine

SMALL = (80, 24)


async def _settle(pilot: Any) -> None:
    await settled(pilot)
    await pilot.pause(0.1)  # the debounced detail pane and the resized tables draw


def _snap(snap_compare: Any, app: Any, press: list[str]) -> bool:
    """The screen after `press`, each key settled before the next and before the picture
    (a loaded machine draws late: a picture taken right after the last key was flaky)."""

    async def keys_then_settle(pilot: Any) -> None:
        await _settle(pilot)
        for key in press:
            if key != "_":  # "_" was snap_compare's pause: settling replaces it
                await pilot.press(key)
                await _settle(pilot)

    return bool(snap_compare(app, terminal_size=SMALL, run_before=keys_then_settle))


# --- snapshots ------------------------------------------------------------------------


def test_dashboard_80x24(snap_compare: Any, demo_store: Store) -> None:
    assert _snap(snap_compare, make_app(demo_store), [])


@pytest.mark.parametrize("key", ["1", "2", "3", "4"])
def test_queue_80x24(snap_compare: Any, demo_store: Store, key: str) -> None:
    assert _snap(snap_compare, make_app(demo_store), [key])


def test_queue_filtered_80x24(snap_compare: Any, demo_store: Store) -> None:
    assert _snap(snap_compare, make_app(demo_store), ["1", "_", "slash", *"kpc"])


def test_detail_80x24(snap_compare: Any, demo_store: Store) -> None:
    assert _snap(snap_compare, make_app(demo_store), ["3", "_", "j", "enter"])


def test_detail_scrolled_80x24(snap_compare: Any, demo_store: Store) -> None:
    keys = ["3", "_", "j", "enter", "_", *["j"] * 8]
    assert _snap(snap_compare, make_app(demo_store), keys)


def test_history_80x24(snap_compare: Any, demo_store: Store) -> None:
    assert _snap(snap_compare, make_app(demo_store), ["1", "_", "enter", "_", "h"])


def test_receiving_80x24(snap_compare: Any, demo_store: Store) -> None:
    assert _snap(snap_compare, make_app(demo_store), ["5"])


def test_shelf_80x24(snap_compare: Any, demo_store: Store) -> None:
    assert _snap(snap_compare, make_app(demo_store), ["6"])


def test_handover_80x24(snap_compare: Any, demo_store: Store) -> None:
    assert _snap(snap_compare, make_app(demo_store), ["7"])


def test_past_handovers_80x24(snap_compare: Any, demo_store: Store) -> None:
    assert _snap(snap_compare, make_app(demo_store), ["7", "_", "p"])


def test_handover_record_80x24(snap_compare: Any, demo_store: Store) -> None:
    assert _snap(snap_compare, make_app(demo_store), ["7", "_", "p", "_", "enter"])


def test_checklist_80x24(snap_compare: Any, demo_store: Store) -> None:
    assert _snap(snap_compare, make_app(demo_store), ["8"])


def test_not_staff_80x24(snap_compare: Any, demo_store: Store) -> None:
    assert _snap(snap_compare, make_app(demo_store, login="tamu"), [])


# --- what must be readable at 80x24 ----------------------------------------------------


def _line(widget: Any, y: int) -> str:
    return "".join(segment.text for segment in widget.render_line(y))


def _plain(renderable: Any, width: int) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


async def test_dashboard_counts_are_whole_at_80x24(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        await _settle(pilot)
        table = app.screen.query_one("#dash-table")
        assert set(COUNT_KEYS) <= set(table.shown_keys())
        shown = dict(table._shown)
        total = [str(table.get_cell("total", key)) for key in COUNT_KEYS]
        assert total[0] == str(sum(s.open for s in app.screen.summaries))
        for (column, width), value in zip(
            ((c, w) for c, w in shown.items() if c.key in COUNT_KEYS), total, strict=True
        ):
            assert len(value) <= width, (column.key, value, width)


async def test_dashboard_scrolls_to_the_claims_and_rules_at_80x24(demo_store: Store) -> None:
    """Down past the last type brings the claims line and the rules into view; Up scrolls
    back before it moves the cursor, and Enter still opens the selected type's queue."""
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        await _settle(pilot)
        screen = app.screen
        table = screen.query_one("#dash-table")
        claims = screen.query_one("#dash-claims")
        assert claims.display and claims.region.bottom > screen.region.bottom - 2  # hidden
        await pilot.press(*["down"] * 3)
        assert table.cursor_row == len(RequestType) - 1 and screen.scroll_y == 0
        for _press in range(40):
            await pilot.press("down")
        await _settle(pilot)
        assert table.cursor_row == len(RequestType) - 1
        assert screen.scroll_y > 0
        footer = screen.query_one("KeyFooter")
        for shown in (claims, screen.query_one("#dash-rules")):
            assert shown.region.y >= 0 and shown.region.bottom <= footer.region.y, shown
        assert "Klaim" in "".join(s.text for s in claims.render_line(0))
        for _press in range(40):
            await pilot.press("up")
        await _settle(pilot)
        assert screen.scroll_y == 0 and table.cursor_row == 0
        await pilot.press("enter")
        await _settle(pilot)
        assert app.screen is not screen  # the first type's queue


async def test_queue_row_shows_the_ids_end_at_80x24(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("1")
        await _settle(pilot)
        table = app.screen.query_one(QueueTable)
        rows = [table.row_at(i) for i in range(5)]
        lines = [_line(table, y + 1) for y in range(5)]
        for row, line in zip(rows, lines, strict=True):
            assert row is not None
            assert row.request_id[-10:] in line  # the distinctive end, never a common prefix
            assert f"{row.amount:,}".replace(",", ".") in line  # money whole
            assert len(line) <= 80


async def test_status_line_fits_80_columns(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("1")
        await _settle(pilot)
        line = app.screen.query_one(StatusLine).render()
        assert line.cell_len <= 80
        assert "10:00" in line.plain and "tester" in line.plain  # the clock and who
        assert "PIC" in line.plain


async def test_request_screen_at_80x24_shows_the_key_facts(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("1", "enter")
        await _settle(pilot)
        pane = app.screen.query_one(DetailPane)
        detail = pane.detail
        assert detail is not None
        width = pane.scrollable_content_region.width
        assert width < 80
        text = _plain(render_detail(detail, app.now(), app.shop_zone, width), width)
        top = "\n".join(text.splitlines()[:12])
        assert detail.row.request_id in top and detail.row.order_id in top
        assert f"{detail.row.amount:,}".replace(",", ".") in top


def test_dashboard_shows_no_internal_references() -> None:
    from tui.screens.dashboard import DashboardScreen

    text = _plain(DashboardScreen._rules_text(None), 80)  # type: ignore[arg-type]
    assert "DOMAIN.md" not in text and "seed" not in text
    # a wrapped bullet line keeps its hanging indent
    lines = [line for line in text.splitlines() if line.strip()]
    assert all(line.startswith((" •", "   ")) for line in lines[1:]), lines


def test_layout_drops_low_priority_columns_before_cutting_an_id() -> None:
    columns = [
        Column("id", "Id", 18, 12, priority=0, is_id=True),
        Column("amount", "Amount", 12, priority=1, right=True),
        Column("note", "Note", 30, 10, priority=2),
    ]
    assert [c.key for c, _w in layout(columns, 80)] == ["id", "amount", "note"]
    assert [(c.key, w) for c, w in layout(columns, 32)] == [("id", 18), ("amount", 12)]
    assert [(c.key, w) for c, w in layout(columns, 26)] == [("id", 13), ("amount", 12)]
    assert keep_end("404243263838402665", 12) == "…63838402665"
    assert keep_end("RR38050", 12) == "RR38050"


@pytest.mark.parametrize("language", ["id", "en"])
def test_no_column_header_is_cut_inside_a_word(language: str) -> None:
    """At any width from 60 columns up, a header shown is its title or its short title,
    and no word of it is wider than its column: "Dipak/ai", "Dikl…" were cut at 80x24."""
    from core.i18n import set_language
    from tui.screens import claims, handover, history, metrics, receiving, replies, reviews, shelf
    from tui.widgets.queue_table import _columns

    set_language(language)
    tables = {
        "claims": claims.COLUMNS, "past handovers": handover.PAST_COLUMNS,
        "history": history.COLUMNS, "metrics": metrics.COLUMNS,
        "receiving": receiving.UNMATCHED_COLUMNS, "templates": replies.TEMPLATE_COLUMNS,
        "chat": replies.CHAT_COLUMNS, "messages": replies.MESSAGE_COLUMNS,
        "reviews": reviews.COLUMNS, "shelf": shelf.COLUMNS, "queue": _columns(),
    }  # fmt: skip
    for name, columns in tables.items():
        for available in range(60, 200):
            for column, width in layout(columns, available, 2):
                words = column.header(width).split()
                assert all(len(word) <= width for word in words), (name, available, column.key)


async def test_headers_and_states_are_whole_at_80x24(demo_store: Store) -> None:
    """The queue names who claimed a request "Oleh" (Diklaim needs 7 cells, the column has
    5), the templates' count column is as wide as "Dipakai", and a request's history shows
    the highlighted event's state change whole under the table (the column cuts it)."""
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        await _settle(pilot)
        await pilot.press("1")
        await _settle(pilot)
        header = _line(app.screen.query_one(QueueTable), 0)
        assert header.split()[-1] == "Oleh" and "…" not in header
        await pilot.press("enter")
        await _settle(pilot)
        await pilot.press("h")
        await _settle(pilot)
        await pilot.press("down", "down")
        await _settle(pilot)
        detail = app.screen.query_one("#history-detail")
        shown = " ".join("".join(s.text for s in detail.render_line(y))
                         for y in range(detail.size.height))  # fmt: skip
        assert "Tahap: Baru → Bukti diminta" in shown
        await pilot.press("d", "e")
        await _settle(pilot)
        table = app.screen.query_one("#templates-table")
        assert dict((c.key, w) for c, w in table._shown)["uses"] >= len("Dipakai")


def test_every_type_fits_the_dashboard_at_80_columns() -> None:
    from tui.screens.dashboard import dashboard_columns

    kept = [c.key for c, _w in layout(dashboard_columns(), 78 - 2, 2)]
    assert kept[:5] == ["type", *COUNT_KEYS]
    assert len(RequestType) == 4


# --- the footer -----------------------------------------------------------------------


@pytest.mark.parametrize("keys", [[], ["1", "enter"], ["5"], ["6"], ["7"]])
async def test_the_footer_shows_every_key_of_the_screen_at_80_columns(
    demo_store: Store, keys: list[str]
) -> None:
    """No key is cut at the edge: the footer takes a second line when one is not enough."""
    from tui.widgets.key_footer import KeyFooter

    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        for key in keys:
            await pilot.press(key)
            await settled(pilot)
        footer = app.screen.query_one(KeyFooter)
        lines = [line.plain for line in footer._lines(80)]
        assert all(len(line) <= 80 for line in lines)
        assert footer.size.height == len(lines)
        shown = " ".join(lines)
        for key, description, _enabled in footer.pairs():
            assert f"{key} {description}" in shown
        assert "? " in shown  # help is always there


async def test_the_footer_is_one_line_when_the_keys_fit(demo_store: Store) -> None:
    from tui.widgets.key_footer import KeyFooter

    app = make_app(demo_store)
    async with app.run_test(size=(200, 50)) as pilot:
        await settled(pilot)
        assert app.screen.query_one(KeyFooter).size.height == 1
