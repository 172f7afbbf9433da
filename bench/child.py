"""One measured run in a fresh process: `python -m bench.child SCENARIO [DB_PATH]`.

Prints one JSON object of timings (milliseconds). Times from process start are
measured against BENCH_T0, the wall-clock time the parent noted just before spawning.
Every app runs headless at 120x40, as over SSH but without a terminal to draw on.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from statistics import median
from typing import Any

T0 = float(os.environ.get("BENCH_T0", time.time()))
SIZE = (120, 40)
CURSOR_MOVES = 120
results: dict[str, Any] = {}


def since_start() -> float:
    return (time.time() - T0) * 1000


async def after_refresh(app: Any) -> float:
    """Wait for the next repaint; return the perf_counter time it finished."""
    done: asyncio.Future[float] = asyncio.get_running_loop().create_future()
    app.call_after_refresh(lambda: done.set_result(time.perf_counter()))
    return await done


async def cursor_costs(app: Any, widget: Any) -> list[float]:
    """Cost of one move: the key's action plus rendering the widget's visible lines.

    Measured inside the app; waiting for the next frame would only measure the
    60 fps refresh cadence. The compositor's own work is the same for both apps.
    """
    from textual.geometry import Region

    region = Region(0, 0, *widget.size)
    costs = []
    for _ in range(CURSOR_MOVES):
        start = time.perf_counter()
        widget.action_cursor_down()
        widget.render_lines(region)
        costs.append((time.perf_counter() - start) * 1000)
        await after_refresh(app)  # let the app draw and settle before the next move
    return costs


def bare_rows(count: int) -> list[tuple[str, ...]]:
    return [
        (
            f"{n}j 00m",
            "< 24 j",
            f"40{n:016d}",
            f"57{n:016d}",
            f"Pembeli {n}",
            f"SKU-{n:03d}",
            f"Rp{10_000 + n * 1_000:,}".replace(",", "."),
            "Baru",
            "",
        )
        for n in range(count)
    ]


def bare_app(with_table: bool) -> Any:
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import DataTable, Footer

    class TableScreen(Screen[None]):
        def compose(self) -> ComposeResult:
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns(
                "Sisa",
                "Status",
                "Permintaan",
                "Pesanan",
                "Pembeli",
                "SKU",
                "Jumlah",
                "Tahap",
                "Diklaim",
            )
            table.add_rows(bare_rows(SIZE[1] - 2))  # one screenful
            table.focus()

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            if with_table:
                table: DataTable[str] = DataTable()
                table.add_columns("Jenis", "Terbuka", "Lewat batas")
                yield table
            yield Footer()

        def on_mount(self) -> None:
            self.run_worker(self.measure())

        async def measure(self) -> None:
            await after_refresh(self)
            results["first_frame"] = since_start()
            if not with_table:  # the queue scenario: push a screenful of rows, then move
                start = time.perf_counter()
                await self.push_screen(TableScreen())
                results["queue_open"] = (await after_refresh(self) - start) * 1000
                table = self.screen.query_one(DataTable)
                results["cursor"] = median(await cursor_costs(self, table))
            self.exit()

    return Bare()


def purna_app(db_path: str, queue: bool) -> Any:
    from core.i18n import set_language

    set_language("id")
    from core.workflow import RequestType
    from tui.app import PurnaApp
    from tui.screens.dashboard import DashboardScreen
    from tui.widgets.queue_table import QueueTable

    counted: asyncio.Event = asyncio.Event()
    show_counts = DashboardScreen.show_counts

    def show_counts_and_note(screen: DashboardScreen, summaries: Any) -> None:
        show_counts(screen, summaries)
        screen.call_after_refresh(counted.set)

    DashboardScreen.show_counts = show_counts_and_note  # type: ignore[method-assign]

    class Measured(PurnaApp):
        def on_mount(self) -> None:
            super().on_mount()
            self.run_worker(self.measure(), group="bench")

        async def measure(self) -> None:
            await after_refresh(self)
            results["first_frame"] = since_start()
            await counted.wait()
            results["counts"] = since_start()
            if queue:
                while self.store is None:  # the queue is measured with the store open
                    await asyncio.sleep(0.01)
                await asyncio.sleep(0.3)  # and the dashboard's own reload done
                start = time.perf_counter()
                self.open_queue(RequestType.REFUND_ONLY)
                await after_refresh(self)
                while (
                    not self.screen.query(QueueTable)
                    or not self.screen.query_one(QueueTable).row_count
                ):
                    await after_refresh(self)
                results["queue_open"] = (time.perf_counter() - start) * 1000
                table = self.screen.query_one(QueueTable)
                results["queue_rows"] = table.row_count
                results["pages_loaded"] = table.pages_loaded
                results["cursor"] = median(await cursor_costs(self, table))
                pane = self.screen.query_one("#queue-detail")
                start = time.perf_counter()
                self.screen._load_detail()
                await after_refresh(self)
                results["detail"] = (time.perf_counter() - start) * 1000
                assert pane.detail is not None
            self.exit()

    return Measured(f"sqlite:///{db_path}")


def main() -> None:
    scenario = sys.argv[1]
    if scenario == "bare-start":
        app = bare_app(with_table=True)
    elif scenario == "bare-queue":
        app = bare_app(with_table=False)
    elif scenario in ("purna-start", "purna-queue"):
        app = purna_app(sys.argv[2], queue=scenario == "purna-queue")
    else:
        raise SystemExit(f"unknown scenario {scenario}")
    app.run(headless=True, size=SIZE)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
