"""Purna's speed, each figure beside a baseline measured in the same run.

    python3 run.py bench [--rounds N] [--import-rows N]

Fills a store with 100,000 requests (5,000 open, all in one queue), then measures:
cold start to the first frame and to the dashboard's counts (vs a bare Textual app
showing one DataTable), opening the 5,000-request queue (vs pushing a screen with a
bare DataTable of one screenful), one cursor move inside the app, the queue query
(vs the same SQL in raw sqlite3) and import speed (vs csv + executemany). Medians of
several rounds in fresh processes; nothing here is a test, it only reports.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from statistics import median

from bench.fill import fill, write_requests_csv

ROOT = Path(__file__).resolve().parent.parent


def child(scenario: str, db: Path) -> dict[str, float]:
    env = dict(os.environ, BENCH_T0=repr(time.time()))
    done = subprocess.run(
        [sys.executable, "-m", "bench.child", scenario, str(db)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def rounds(count: int, run: Callable[[], dict[str, float]]) -> dict[str, float]:
    results = [run() for _ in range(count)]
    return {key: median(r[key] for r in results) for key in results[0]}


def timed(repeat: int, action: Callable[[], object]) -> float:
    """Median milliseconds of `action` over `repeat` runs (after one warm-up)."""
    action()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return median(samples)


def query_figures(db: Path) -> tuple[float, float]:
    from core import queries
    from core.db import open_store
    from core.workflow import RequestType

    store = open_store(f"sqlite:///{db}")
    statement = queries.queue_statement(RequestType.REFUND_ONLY, 0, 64)
    sql = str(statement.compile(store.engine, compile_kwargs={"literal_binds": True}))

    def ours() -> None:
        with store.read() as session:
            rows = queries.queue_page(session, RequestType.REFUND_ONLY, 0, 64)
        assert len(rows) == 64

    raw = sqlite3.connect(db)

    def baseline() -> None:
        assert len(raw.execute(sql).fetchall()) == 64

    figure = timed(300, ours), timed(300, baseline)
    raw.close()
    store.close()
    return figure


def import_figures(folder: Path, rows: int, repeat: int) -> tuple[float, float]:
    """Seconds to import `rows` requests with Purna, and with csv + executemany."""
    from core.db import open_store
    from core.importer import import_file
    from core.staff import ensure_first_supervisor

    export = folder / "requests.csv"
    write_requests_csv(export, rows, datetime.now(UTC))
    ours, baseline = [], []
    for number in range(repeat):
        store = open_store(f"sqlite:///{folder / f'import-{number}.db'}")
        ensure_first_supervisor(store, "bench", datetime.now(UTC))
        start = time.perf_counter()
        result = import_file(store, export, now=datetime.now(UTC), actor="bench")
        ours.append(time.perf_counter() - start)
        assert result.inserted == rows
        store.close()

        target = folder / f"raw-{number}.db"
        open_store(f"sqlite:///{target}").close()  # the same schema, made before timing
        start = time.perf_counter()
        connection = sqlite3.connect(target)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        with export.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            next(reader)
            values = [
                (r[0], r[1], r[2], r[3], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11])
                for r in reader
            ]
        connection.executemany(
            "INSERT INTO request (marketplace, request_id, order_id, request_type, created_at,"
            " respond_by, buyer_name, buyer_comment, reason, sku, product_name, quantity,"
            " amount, evidence_count, state, is_open, version, imported_at, updated_at)"
            " VALUES ('tiktok_shop', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', 1, 1,"
            " datetime('now'), datetime('now'))",
            values,
        )
        connection.commit()
        connection.close()
        baseline.append(time.perf_counter() - start)
    return median(ours), median(baseline)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="fresh processes per figure")
    parser.add_argument("--import-rows", type=int, default=20_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="purna-bench-") as tmp:
        folder = Path(tmp)
        db = folder / "big.db"
        print(f"Filling {db.name} with 100,000 requests (5,000 open)…", flush=True)
        fill(db, datetime.now(UTC)).close()

        print(f"Cold starts, {args.rounds} rounds each…", flush=True)
        bare_start = rounds(args.rounds, lambda: child("bare-start", db))
        purna_start = rounds(args.rounds, lambda: child("purna-start", db))
        print("Queue and cursor…", flush=True)
        bare_queue = rounds(args.rounds, lambda: child("bare-queue", db))
        purna_queue = rounds(args.rounds, lambda: child("purna-queue", db))
        print("Queue query…", flush=True)
        query_ours, query_raw = query_figures(db)
        print(f"Import of {args.import_rows:,} rows…", flush=True)
        import_ours, import_raw = import_figures(folder, args.import_rows, 3)

    first = bare_start["first_frame"]
    lines = [
        ("cold start to first frame", purna_start["first_frame"], first, 1.5, "ms"),
        ("cold start to dashboard counts", purna_start["counts"], first, 2.5, "ms"),
        (f"open queue of {purna_queue['queue_rows']:,.0f} requests", purna_queue["queue_open"],
         bare_queue["queue_open"], 2.0, "ms"),
        ("queue query, first page of 64", query_ours, query_raw, 2.0, "ms"),
        ("import, seconds per 10,000 rows", import_ours * 10_000 / args.import_rows,
         import_raw * 10_000 / args.import_rows, 3.0, "s"),
    ]  # fmt: skip
    print()
    print(f"Purna {_version()} · Python {platform.python_version()} · {os.cpu_count()} CPUs · "
          f"{datetime.now(UTC):%Y-%m-%d} · medians of {args.rounds} rounds")  # fmt: skip
    print(f"{'figure':<36}{'Purna':>11}{'baseline':>11}{'ratio':>8}{'budget':>9}")
    for name, ours, base, budget, unit in lines:
        ratio = ours / base
        verdict = "ok" if ratio <= budget else "OVER"
        print(f"{name:<36}{_fmt(ours, unit):>11}{_fmt(base, unit):>11}{ratio:>7.2f}x"
              f"{'≤ ' + format(budget, 'g') + 'x':>9}  {verdict}")  # fmt: skip
    cursor = purna_queue["cursor"]
    print(f"{'one cursor move, inside the app':<36}{_fmt(cursor, 'ms'):>11}"
          f"{_fmt(bare_queue['cursor'], 'ms'):>11}{cursor / bare_queue['cursor']:>7.2f}x"
          f"{'< 16 ms':>9}  {'ok' if cursor < 16 else 'OVER'}")  # fmt: skip
    print(f"{'detail pane, once the cursor rests':<36}{_fmt(purna_queue['detail'], 'ms'):>11}")
    print(
        f"\nrows per second imported: Purna {args.import_rows / import_ours:,.0f}, "
        f"csv + executemany {args.import_rows / import_raw:,.0f}; "
        f"queue pages loaded on opening: {purna_queue['pages_loaded']:.0f}"
    )


def _fmt(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"


def _version() -> str:
    from core import __version__

    return __version__


if __name__ == "__main__":
    main()
