"""The seller metrics' speed beside the same SQL run raw with sqlite3, in one run.

    python -m bench.metrics [--orders N] [--reviews N] [--requests N] [--rounds N] [--db PATH]

Fills an SQLite store (deterministic: a fixed seed) with 1,000,000 orders (one in ten
with a second SKU), 200,000 reviews and 60,000 return/refund requests spread over
180 days, then measures NRR and SFFR for one day, shop-wide and per SKU
(`core.metrics.shop_metrics`), against the same three statements run on a bare
`sqlite3` connection; also the 12-week trend and the recurring-problem flags. Medians of
several runs after a warm-up, first without the metrics' indexes (for comparison), then on
the schema as migrated, which has them (`INDEXES`, made by migration 0007). Nothing here
is a test, it only reports.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sqlite3
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from statistics import median

from core import metrics
from core.db import open_store
from core.reasons import seller_fault_texts
from core.rows import sqlite_time

AT = date(2026, 11, 22)  # the shop-local day measured: its window is the 30 days before
DAYS = 180  # orders are spread over this many days before AT
SKUS = 2_000
MARKETPLACES = ("tiktok_shop", "tiktok_shop", "tiktok_shop", "tokopedia", "shopee")
# What buyers give, as exported; two texts nobody has classified yet.
REASONS = (
    "Kemasan atau produk rusak", "Produk tidak sesuai deskripsi",
    "Produk cacat atau tidak berfungsi", "Produk salah kirim",
    "Paket sudah diterima, tetapi isinya tidak lengkap", "Paket tidak diterima",
    "Berubah pikiran", "Barang rusak", "Barang tidak sesuai pesanan", "Belum menerima pesanan",
    "Package or product is damaged", "Wrong product sent", "No longer needed",
    "Ukuran tidak sesuai", "Lainnya",
)  # fmt: skip


# The metrics' indexes (migration 0007 makes them): the window's delivered lines and
# reviews read from the index alone, requests found by creation time.
INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_orders_delivered_lines"
    " ON orders (delivered_at, marketplace, order_id, sku)",
    "CREATE INDEX IF NOT EXISTS ix_review_created_rating"
    " ON review (created_at, rating, marketplace, order_id, sku)",
    "CREATE INDEX IF NOT EXISTS ix_request_created_at ON request (created_at)",
)


def fill(path: Path, orders: int, reviews: int, requests: int) -> dict[str, int]:
    """Create the store at `path` (Purna's schema) and fill it with raw executemany."""
    open_store(f"sqlite:///{path}").close()  # the schema, by the migrations
    rng = random.Random(20261122)
    end = datetime(2026, 11, 22, tzinfo=UTC)
    first = end - timedelta(days=DAYS)
    span = DAYS * 86_400
    stamp = sqlite_time(end)
    lines: list[tuple[object, ...]] = []
    delivered: list[tuple[str, str, str, int]] = []
    for number in range(orders):
        # orders come in time order, as exports do; 4 % never delivered (yet)
        placed = number * span // orders
        shop = MARKETPLACES[number % len(MARKETPLACES)]
        order_id = f"{576_000_000_000_000_000 + number}"
        gone = rng.random() < 0.04
        arrived = None if gone else placed + rng.randint(86_400, 5 * 86_400)
        at = None if arrived is None else sqlite_time(first + timedelta(seconds=arrived))
        skus = [rng.randrange(SKUS)]
        if rng.random() < 0.1:
            skus.append((skus[0] + 1 + rng.randrange(SKUS - 1)) % SKUS)
        for code in skus:
            sku = f"SKU-{code:05d}"
            status = "in_transit" if at is None else "delivered"
            lines.append((shop, order_id, sku, status, at, stamp, stamp))
            if arrived is not None:
                delivered.append((shop, order_id, sku, arrived))
    review_rows = []
    for shop, order_id, sku, arrived in rng.sample(delivered, reviews):
        rating = rng.choices((5, 4, 3, 2, 1), (70, 15, 6, 4, 5))[0]
        created = first + timedelta(seconds=arrived + rng.randint(600, 6 * 86_400))
        review_rows.append((shop, order_id, sku, rating, sqlite_time(created), stamp))
    request_rows = []
    for number, (shop, order_id, sku, arrived) in enumerate(rng.sample(delivered, requests)):
        created = first + timedelta(seconds=arrived + rng.randint(600, 5 * 86_400))
        at = sqlite_time(created)
        due = sqlite_time(created + timedelta(hours=48))
        request_rows.append((shop, f"40{number:016d}", order_id, "return_refund", at, due,
                             rng.choice(REASONS), sku, 50_000, stamp, stamp))  # fmt: skip
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = OFF")
    with db:
        db.executemany(
            "INSERT INTO orders (marketplace, order_id, sku, status, delivered_at, imported_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            lines,
        )
        db.executemany(
            "INSERT INTO review (marketplace, order_id, sku, rating, created_at, imported_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            review_rows,
        )
        db.executemany(
            "INSERT INTO request (marketplace, request_id, order_id, request_type, created_at,"
            " respond_by, reason, sku, amount, quantity, evidence_count, state, is_open,"
            " version, answered, imported_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0, 'refunded', 0, 1, 1, ?, ?)",
            request_rows,
        )
    db.execute("ANALYZE")
    db.close()
    return {"orders": orders, "lines": len(lines), "reviews": reviews, "requests": requests}


def timed(rounds: int, action: Callable[[], object]) -> float:
    """Median milliseconds of `action` over `rounds` runs, after one warm-up."""
    action()
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.metrics", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--reviews", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=60_000)
    parser.add_argument("--rounds", type=int, default=7, help="timed runs per figure")
    parser.add_argument("--db", type=Path, help="keep the filled store here (reused if present)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="purna-bench-") as tmp:
        path = args.db or Path(tmp) / "metrics.db"
        if not path.exists():
            print(f"Filling {path.name}: {args.orders:,} orders, {args.reviews:,} reviews, "
                  f"{args.requests:,} requests…", flush=True)  # fmt: skip
            start = time.perf_counter()
            sizes = fill(path, args.orders, args.reviews, args.requests)
            print(f"  {sizes['lines']:,} order lines in {time.perf_counter() - start:.1f} s")
        db = sqlite3.connect(path)
        for statement in INDEXES:  # a kept store may hold them from an earlier run
            db.execute("DROP INDEX IF EXISTS " + statement.split(" EXISTS ")[1].split()[0])
        db.close()
        print("\nWithout the metrics' indexes (for comparison):", flush=True)
        report(path, args.rounds)
        db = sqlite3.connect(path)
        for statement in INDEXES:
            print(f"  {statement}")
            db.execute(statement)
        db.execute("ANALYZE")
        db.close()
        print("Schema as migrated (with the metrics' indexes):", flush=True)
        report(path, args.rounds)


def report(path: Path, rounds: int) -> None:
    store = open_store(f"sqlite:///{path}")
    zone = store.shop_zone
    window = metrics.metric_window(AT, zone)
    weeks = [metrics.metric_window(AT - timedelta(weeks=i), zone) for i in range(11, -1, -1)]
    raw = sqlite3.connect(path)
    texts = [r[0] for r in raw.execute(*metrics.reasons_query(window.start, window.end, True))]
    fault = seller_fault_texts(texts)
    day_queries = [
        metrics.reasons_query(window.start, window.end, True),
        metrics.shop_query(window, fault, True),
        metrics.sku_query(window, fault, True),
    ]
    trend_queries = [
        metrics.reasons_query(weeks[0].start, weeks[-1].end, True),
        *(metrics.shop_query(week, fault, True) for week in weeks),
    ]

    def run_raw(queries: list[metrics.Query]) -> Callable[[], object]:
        return lambda: [raw.execute(q.sql, q.params).fetchall() for q in queries]

    shown = metrics.shop_metrics(store, AT)
    now = datetime.combine(AT, datetime.min.time(), tzinfo=zone) + timedelta(hours=10)
    # (figure, Purna ms, raw ms, budget in ms or None): the budget is the issue's, for the
    # day's metrics only; the trend and the flags are reported for information.
    figures = [
        ("NRR + SFFR, shop and per SKU", timed(rounds, lambda: metrics.shop_metrics(store, AT)),
         timed(rounds, run_raw(day_queries)), 1000.0),
        ("trend, 12 weekly points", timed(rounds, lambda: metrics.trend(store, AT)),
         timed(rounds, run_raw(trend_queries)), None),
        ("recurring problems", timed(max(3, rounds // 2), lambda: metrics.recurring(store, now)),
         None, None),
    ]  # fmt: skip
    flags = metrics.recurring(store, now)
    raw.close()
    store.close()

    print(f"Python {platform.python_version()} · SQLite {sqlite3.sqlite_version} · "
          f"{os.cpu_count()} CPUs · medians of {rounds} runs")  # fmt: skip
    print(f"window {window.as_json()['from']} to {window.as_json()['to']}: "
          f"{shown.nrr.denominator:,} orders delivered, NRR {shown.nrr.numerator:,} "
          f"({metrics.format_rate(shown.nrr)}), SFFR {shown.sffr.numerator:,} "
          f"({metrics.format_rate(shown.sffr)}), {len(shown.skus):,} SKUs, "
          f"{len(flags)} flagged")  # fmt: skip
    print(f"{'figure':<32}{'Purna':>11}{'raw sqlite3':>13}{'ratio':>8}{'budget':>16}")
    for name, ours, base, limit in figures:
        line = f"{name:<32}{ours:>8.1f} ms"
        if base is not None:
            line += f"{base:>10.1f} ms{ours / base:>7.2f}x"
        if limit is not None and base is not None:
            ok = ours < limit and ours / base <= 2
            line += f"{f'< {limit / 1000:g} s, ≤ 2x':>16}  {'ok' if ok else 'OVER'}"
        print(line)


if __name__ == "__main__":
    main()
