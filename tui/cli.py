"""The `purna` command (shared/formats/CLI.md): the workstation and its sub-commands.

Heavy modules (SQLAlchemy, Textual) are imported only by the commands that need
them, so `purna --help` and `purna queue` start quickly.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from core import __version__
from core.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, set_language

if TYPE_CHECKING:
    from core.db import Store

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
NOW_VAR = "PURNA_NOW"  # a fixed clock for tests and reproducible demos (ISO 8601)


def _clock() -> Callable[[], datetime]:
    fixed = os.environ.get(NOW_VAR)
    if not fixed:
        return lambda: datetime.now(UTC)
    moment = datetime.fromisoformat(fixed)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return lambda: moment


def _common(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--db",
        metavar="URL",
        default=default,
        help=_(
            "database: an SQLAlchemy URL or an SQLite file path (default: $PURNA_DB, "
            "else an SQLite file in your data directory)"
        ),
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=default,
        help=_("language of the screens and messages (default: $PURNA_LANG, else id)"),
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="purna",
        description=_("Purna: the after-sales workstation. Without a command, opens it."),
    )
    parser.add_argument("--version", action="version", version=f"purna {__version__}")
    _common(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser(
        "demo",
        help=_("fill an empty database with demo data, then open the workstation"),
        description=_(
            "Fill the database with a deterministic demo shop (only if it is empty), "
            "then open the workstation."
        ),
    )
    demo.add_argument(
        "--reset",
        action="store_true",
        help=_("delete everything in the database first, then load the demo"),
    )
    demo.add_argument(
        "--no-open",
        action="store_true",
        help=_("load the demo data but do not open the workstation"),
    )
    _common(demo, suppress=True)

    importer = commands.add_parser(
        "import",
        help=_("import requests, orders or reviews exports (CSV or XLSX)"),
        description=_(
            "Import Seller Center exports. Each file is all-or-nothing: if any row "
            "is bad, nothing of that file is written and every problem is printed "
            "as FILE:LINE: column: problem."
        ),
    )
    importer.add_argument("files", nargs="+", metavar="FILE", type=Path)
    importer.add_argument(
        "--kind",
        choices=("requests", "orders", "reviews"),
        help=_("what the files hold (default: read from the headers)"),
    )
    _common(importer, suppress=True)

    queue = commands.add_parser(
        "queue",
        help=_("print the open requests, most urgent first"),
        description=_("Print the open requests, most urgent first."),
    )
    queue.add_argument(
        "--type",
        dest="request_type",
        choices=("refund_only", "return_refund", "resend", "exchange"),
        help=_("only this request type"),
    )
    queue.add_argument("--json", action="store_true", help=_("print a JSON array"))
    _common(queue, suppress=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # Choose the language before building the parser, so that --help is translated too.
    language = os.environ.get("PURNA_LANG") or DEFAULT_LANGUAGE
    for index, arg in enumerate(args_list):
        if arg == "--lang" and index + 1 < len(args_list):
            language = args_list[index + 1]
        elif arg.startswith("--lang="):
            language = arg.split("=", 1)[1]
    set_language(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    args = build_parser().parse_args(args_list)
    try:
        if args.command == "import":
            return run_import(args)
        if args.command == "queue":
            return run_queue(args)
        if args.command == "demo":
            return run_demo(args)
        return run_app(args.db)
    except KeyboardInterrupt:
        return EXIT_FAILED
    except BrokenPipeError:  # `purna queue | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _open(db: str | None) -> Store:
    from core.db import StoreError, open_store

    try:
        return open_store(db)
    except StoreError as exc:
        print(f"purna: {exc}", file=sys.stderr)
        raise SystemExit(EXIT_FAILED) from None


def run_app(db: str | None, store: Store | None = None) -> int:
    from tui.app import PurnaApp

    PurnaApp(db, store=store, clock=_clock()).run()
    return EXIT_OK


def run_demo(args: argparse.Namespace) -> int:
    from core import demo
    from core.identity import current_login

    store = _open(args.db)
    if args.reset:
        demo.clear(store)
    if demo.is_empty(store):
        counts = demo.load(store, _clock()(), current_login())
        print(
            _(
                "Demo data loaded into {db}: {requests} requests, {orders} orders, "
                "{reviews} reviews."
            ).format(db=store.describe(), **counts)
        )
    else:
        print(
            _("{db} already holds data: opening it as it is (use --reset to start over).").format(
                db=store.describe()
            )
        )
    if args.no_open:
        store.close()
        return EXIT_OK
    return run_app(args.db, store)


def run_import(args: argparse.Namespace) -> int:
    from core.identity import current_login
    from core.importer import ImportFailed, import_file

    store = _open(args.db)
    failed = False
    now = _clock()()
    for path in args.files:
        try:
            result = import_file(store, path, now=now, actor=current_login(), kind=args.kind)
        except ImportFailed as exc:
            failed = True
            for error in exc.errors:
                print(error, file=sys.stderr)
            print(
                _("{file}: nothing imported ({n} problems)").format(file=path, n=len(exc.errors)),
                file=sys.stderr,
            )
            continue
        print(
            _(
                "{file}: {rows} {kind} rows: {inserted} new, {updated} updated, "
                "{unchanged} unchanged"
            ).format(
                file=path,
                rows=result.rows,
                kind=result.kind,
                inserted=result.inserted,
                updated=result.updated,
                unchanged=result.unchanged,
            )
        )
    store.close()
    return EXIT_FAILED if failed else EXIT_OK


def run_queue(args: argparse.Namespace) -> int:
    from core import queries
    from core.deadlines import urgency_band
    from core.formatting import format_remaining, format_rupiah
    from core.workflow import STATE_TITLES, TYPE_TITLES, RequestType

    store = _open(args.db)
    kind = RequestType(args.request_type) if args.request_type else None
    with store.read() as session:
        rows = queries.queue_page(session, kind, 0, 1_000_000)
    store.close()
    if args.json:
        json.dump([row.as_json() for row in rows], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return EXIT_OK
    now = _clock()()
    table = [
        (
            _("Time left"),
            _("Band"),
            _("Type"),
            _("Request"),
            _("Order"),
            _("SKU"),
            _("Amount"),
            _("State"),
            _("Claimed"),
        )
    ]
    for row in rows:
        table.append(
            (
                format_remaining(row.respond_by - now),
                _(urgency_band(row.respond_by, now).title),
                _(TYPE_TITLES[row.request_type]),
                row.request_id,
                row.order_id,
                row.sku,
                format_rupiah(row.amount),
                _(STATE_TITLES[row.state]),
                row.claimed_by or "",
            )
        )
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    for line in table:
        cells = [
            cell.rjust(width) if index == 6 else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())
    if not rows:
        print(_("No open requests."))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
