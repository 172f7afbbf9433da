"""Import speed and memory, each figure beside a baseline measured in the same run.

    python3 run.py bench imports [--order-rows 100000] [--request-rows 200000] [--rounds 1]

1. A TikTok Shop order export of --order-rows rows x 66 columns (the 65 verbatim headers
   of shared/formats/marketplaces.md plus one unknown column), as XLSX. Baseline: reading
   every cell with python-calamine, the fastest well-kept XLSX reader (openpyxl read-only
   is shown too). Purna: `purna import` of the same file into a fresh SQLite store, from
   opening the file to the commit.
2. A Purna requests file of --request-rows rows. Baseline: importing it into an empty
   store (all inserts). Purna: re-importing a day-later file with the same requests and
   changed amounts, comments and evidence counts (all updates, audited).

Every figure is measured in a fresh child process: seconds and peak RSS (ru_maxrss, which
counts calamine's Rust memory that tracemalloc cannot see). Nothing here is a test; it
only reports, with the issue's budgets beside the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child(scenario: str, path: Path, db: Path) -> dict[str, float]:
    """One measured run; executed in its own process by `run_child`."""
    import python_calamine  # noqa: F401 - loaded before timing, as in the app

    from core.db import open_store
    from core.importer import import_file
    from core.staff import ensure_first_supervisor

    cells = 0
    store = open_store(f"sqlite:///{db}") if scenario.startswith("import") else None
    if store is not None:
        ensure_first_supervisor(store, "bench", NOW)
    start, cpu = time.perf_counter(), time.process_time()
    if scenario == "calamine":
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        for row in book.get_sheet_by_index(0).iter_rows():
            cells += len(row)
        book.close()
    elif scenario == "openpyxl":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        for row in book.worksheets[0].iter_rows(values_only=True):
            cells += len(row)
        book.close()
    else:
        result = import_file(store, path, now=NOW, actor="bench")
        cells = result.inserted + result.updated
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    if store is not None:
        store.close()
    reader = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the forked reader
    return {"seconds": seconds, "cpu": cpu, "peak_mib": _peak_mib(), "reader_mib": reader,
            "rows": cells}  # fmt: skip


def run_child(scenario: str, path: Path, db: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.imports", "--child", scenario, str(path), str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        timeout=1800,
        check=False,
    )
    if done.returncode:
        sys.exit(f"{scenario} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def measured(rounds: int, scenario: str, path: Path, db: Path, seed: Path | None = None) -> dict:
    """Median of `rounds` fresh runs; `seed` is copied to `db` before each (or db removed)."""
    runs = []
    for _ in range(rounds):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        if seed is not None:
            shutil.copy(seed, db)
        runs.append(run_child(scenario, path, db))
    return {key: median(r[key] for r in runs) for key in runs[0]}


def order_export(folder: Path, rows: int) -> Path:
    from core.export_files import Quirks, sample_rows, write_export

    path = folder / "tiktok_orders.xlsx"
    start = datetime(2026, 11, 1, 10, 0)
    quirks = Quirks(extra_headers=("Bench Extra Column",))
    write_export(path, "tiktok_orders", sample_rows("tiktok_orders", rows, start), quirks)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.imports",
                                     description=__doc__.splitlines()[0])  # fmt: skip
    parser.add_argument("--order-rows", type=int, default=100_000)
    parser.add_argument("--request-rows", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=1, help="fresh processes per figure")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        scenario, path, db = args.child
        print(json.dumps(child(scenario, Path(path), Path(db))))
        return

    from bench.fill import write_requests_csv
    from core.db import open_store
    from core.importer import import_file
    from core.staff import ensure_first_supervisor

    with tempfile.TemporaryDirectory(prefix="purna-bench-") as tmp:
        folder = Path(tmp)
        print(f"Writing a TikTok Shop order export, {args.order_rows:,} rows x 66 columns…",
              flush=True)  # fmt: skip
        orders = order_export(folder, args.order_rows)
        db = folder / "store.db"
        print("Reading and importing it…", flush=True)
        calamine = measured(args.rounds, "calamine", orders, db)
        openpyxl = measured(args.rounds, "openpyxl", orders, db)
        purna_orders = measured(args.rounds, "import", orders, db)

        print(f"Writing two requests files of {args.request_rows:,} rows…", flush=True)
        first, later = folder / "requests.csv", folder / "requests-later.csv"
        write_requests_csv(first, args.request_rows, NOW)
        write_requests_csv(later, args.request_rows, NOW, changed=True)
        seed = folder / "seed.db"
        store = open_store(f"sqlite:///{seed}")
        ensure_first_supervisor(store, "bench", NOW)
        import_file(store, first, now=NOW, actor="bench")
        store.close()
        print("Inserting and updating them…", flush=True)
        insert = measured(args.rounds, "import", first, db)
        update = measured(args.rounds, "import-update", later, db, seed=seed)

    from core import __version__

    print(f"\nPurna {__version__} · Python {platform.python_version()} · {os.cpu_count()} CPUs"
          f" · {datetime.now(UTC):%Y-%m-%d} · medians of {args.rounds} round(s)")  # fmt: skip
    print(f"{'figure':<44}{'Purna':>9}{'baseline':>10}{'ratio':>8}{'budget':>9}")
    lines = [
        (f"{args.order_rows:,}-row order XLSX: seconds", purna_orders["seconds"],
         calamine["seconds"], 2.0, "s"),
        ("  peak memory (baseline: calamine read)", purna_orders["peak_mib"],
         calamine["peak_mib"], None, "MiB"),
        (f"{args.request_rows:,}-row update re-import: seconds", update["seconds"],
         insert["seconds"], 3.0, "s"),
        ("  peak memory (baseline: the insert)", update["peak_mib"], insert["peak_mib"],
         None, "MiB"),
    ]  # fmt: skip
    for name, ours, base, budget, unit in lines:
        ratio = ours / base
        if budget is None:  # memory: the bound is absolute, 300 MiB
            verdict, limit = ("ok" if ours < 300 else "OVER"), "< 300 MiB"
        else:
            verdict, limit = ("ok" if ratio <= budget else "OVER"), f"≤ {budget:g}x"
        shown = f"{ours:.2f} {unit}" if unit == "s" else f"{ours:.0f} {unit}"
        basis = f"{base:.2f} {unit}" if unit == "s" else f"{base:.0f} {unit}"
        print(f"{name:<44}{shown:>9}{basis:>10}{ratio:>7.2f}x{limit:>11}  {verdict}")
    print(f"\nopenpyxl read-only, for comparison: {openpyxl['seconds']:.2f} s"
          f" ({openpyxl['seconds'] / calamine['seconds']:.1f}x calamine),"
          f" peak {openpyxl['peak_mib']:.0f} MiB; rows per second: order import"
          f" {args.order_rows / purna_orders['seconds']:,.0f}, request update"
          f" {args.request_rows / update['seconds']:,.0f},"
          f" insert {args.request_rows / insert['seconds']:,.0f}")  # fmt: skip
    print(f"Peak memory of the second process reading the file (shares pages with the"
          f" importer): order import {purna_orders['reader_mib']:.0f} MiB, update"
          f" {update['reader_mib']:.0f} MiB.")  # fmt: skip


if __name__ == "__main__":
    main()
