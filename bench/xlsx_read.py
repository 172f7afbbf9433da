"""XLSX reading speed and memory: openpyxl read-only vs python-calamine vs Purna's read_table.

    python -m bench.xlsx_read [--rows 100000] [--file PATH] [--rounds 1]

Writes a TikTok Shop order export (core.export_files: the 65 verbatim headers of
shared/formats/marketplaces.md plus one unknown column = 66) unless --file names one,
then reads every cell of it in a fresh child process per reader and round:

- openpyxl  : load_workbook(read_only=True, data_only=True), iter_rows(values_only=True)
- calamine  : CalamineWorkbook.from_path(...).get_sheet_by_index(0).iter_rows()
- read_table: core.tabular.read_table (header detection, types, personal columns blanked)
- read_table streamed: the same, forced onto its openpyxl path (sheets over the budget)
- read_table csv: the same rows as a CSV file, for scale

Figures: seconds (median), the ratio to calamine, peak RSS (ru_maxrss of the child: it
counts calamine's Rust memory, which tracemalloc cannot see) and its growth over the
child's RSS right before reading. Nothing here is a test; it only reports.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
READERS = ("openpyxl", "calamine", "read_table", "read_table streamed", "read_table csv")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child(reader: str, path: Path) -> dict[str, float]:
    """Read every cell of `path` with `reader`; runs in its own process."""
    import python_calamine  # noqa: F401 - imported before the baseline, as in the app
    from openpyxl import load_workbook

    from core import tabular

    baseline = _rss_mb()
    start = time.perf_counter()
    cells = 0
    if reader == "openpyxl":
        book = load_workbook(path, read_only=True, data_only=True)
        for row in book.worksheets[0].iter_rows(values_only=True):
            cells += len(row)
        book.close()
    elif reader == "calamine":
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        for row in book.get_sheet_by_index(0).iter_rows():
            cells += len(row)
        book.close()
    else:
        if reader == "read_table streamed":
            tabular.XLSX_MEMORY_BUDGET = 0
        target = path.with_suffix(".csv") if reader == "read_table csv" else path
        table = tabular.read_table(target)
        cells += len(table.header)
        for _line, row in table.rows:
            cells += len(row)
    seconds = time.perf_counter() - start
    peak = _rss_mb()
    return {"seconds": seconds, "cells": cells, "peak_mb": peak, "growth_mb": peak - baseline}


def run_child(reader: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.xlsx_read", "--child", reader, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        timeout=1800,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def make_files(folder: Path, rows: int) -> Path:
    from core.export_files import Quirks, sample_rows, write_export

    quirks = Quirks(extra_headers=("Bench Extra Column",))
    start = datetime(2026, 11, 21, 10, 0)
    path = folder / "tiktok_orders.xlsx"
    began = time.perf_counter()
    write_export(path, "tiktok_orders", sample_rows("tiktok_orders", rows, start), quirks)
    written = time.perf_counter() - began
    write_export(
        path.with_suffix(".csv"), "tiktok_orders", sample_rows("tiktok_orders", rows, start), quirks
    )
    size = path.stat().st_size / 1e6
    print(f"wrote {rows:,} rows x 66 columns in {written:.1f} s: {path} ({size:.1f} MB)")
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--file", type=Path, help="an XLSX to read (and its .csv twin, if any)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--child", nargs=2, metavar=("READER", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]))))
        return

    with tempfile.TemporaryDirectory(prefix="purna-bench-") as folder:
        path = args.file or make_files(Path(folder), args.rows)
        readers = [r for r in READERS if r != "read_table csv" or path.with_suffix(".csv").exists()]
        results: dict[str, dict[str, float]] = {}
        for reader in readers:
            rounds = [run_child(reader, path) for _ in range(args.rounds)]
            results[reader] = {key: median(r[key] for r in rounds) for key in rounds[0]}
            figure = results[reader]
            print(
                f"  {reader:<20} {figure['seconds']:7.2f} s  peak {figure['peak_mb']:7.0f} MB"
                f"  (+{figure['growth_mb']:.0f} MB)  {figure['cells']:,.0f} cells yielded",
                flush=True,
            )
    fastest = results["calamine"]
    print("\nreader                 seconds  x calamine   peak RSS  growth while reading")
    for reader, figure in results.items():
        print(
            f"{reader:<20} {figure['seconds']:9.2f} {figure['seconds'] / fastest['seconds']:10.1f}x"
            f" {figure['peak_mb']:8.0f} MB {figure['growth_mb']:8.0f} MB"
        )
    print(
        f"\nopenpyxl / calamine time: {results['openpyxl']['seconds'] / fastest['seconds']:.1f}x;"
        f" calamine / openpyxl memory growth:"
        f" {fastest['growth_mb'] / max(results['openpyxl']['growth_mb'], 1):.1f}x"
    )


if __name__ == "__main__":
    main()
