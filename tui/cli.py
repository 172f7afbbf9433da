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
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from core import __version__
from core.formatting import text_table
from core.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, _, set_language

if TYPE_CHECKING:
    from core.db import Store

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# core.settings.DEFAULTS, without importing the store for --help
SETTINGS = (
    "campaign_mode", "campaign_review_per_day", "label_dir", "label_printer",
    "refund_supervisor_above", "review_per_day", "shifts", "shop_language", "shop_zone",
)  # fmt: skip
ROLE_TITLES = {"staff": N_("staff"), "supervisor": N_("supervisor")}
# A fixed clock (ISO 8601) for tests and reproducible output of the commands that only
# read; every change is recorded at the real time, whatever this says.
NOW_VAR = "PURNA_NOW"


def _clock() -> Callable[[], datetime]:
    fixed = os.environ.get(NOW_VAR)
    if not fixed:
        return lambda: datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(fixed)
    except ValueError:
        from core.errors import Refused

        raise Refused(_("${var} is not a date and time: {value!r} (write e.g. "
                        "2026-11-21T10:00+07:00, or unset it)").format(var=NOW_VAR, value=fixed),
                      "input") from None  # fmt: skip
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
        help=_("import Seller Center exports (TikTok Shop, Shopee) or Purna files, CSV or XLSX"),
        description=_(
            "Import the return/refund and order exports of TikTok Shop and Shopee Seller "
            "Center as they come (CSV or XLSX), or Purna's own requests, orders and reviews "
            "files; the format is recognised from the headers. Each file is all-or-nothing: "
            "if any row is bad, nothing of that file is written and every problem is printed "
            "as FILE:LINE: column: problem."
        ),
    )
    importer.add_argument("files", nargs="+", metavar="FILE", type=Path)
    importer.add_argument(
        "--kind",
        choices=("requests", "orders", "reviews"),
        help=_("what the files hold (default: read from the headers)"),
    )
    importer.add_argument(
        "--dry-run",
        action="store_true",
        help=_("show what would be new, updated, closed and refused; write nothing"),
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

    claim_list = commands.add_parser(
        "claims",
        help=_("print the logistics claims and claim candidates, soonest last day first"),
        description=_(
            "Print every logistics claim and claim candidate, expired ones included, "
            "soonest last day to file first."
        ),
    )
    claim_list.add_argument("--json", action="store_true", help=_("print a JSON array"))
    _common(claim_list, suppress=True)

    rates = commands.add_parser(
        "metrics",
        help=_("print NRR and SFFR for the shop and per SKU (the 30 days before DATE)"),
        description=_(
            "Print the negative review rate (NRR) and the seller-fault return/refund rate "
            "(SFFR) of the 30 days before DATE (shop-local date, default today), with their "
            "numerators and denominators, for the shop and per SKU, worst first."
        ),
    )
    rates.add_argument("--at", type=date.fromisoformat, metavar="YYYY-MM-DD",
                       help=_("the day after the window (default: today, shop time)"))  # fmt: skip
    rates.add_argument("--json", action="store_true", help=_("print a JSON object"))
    _common(rates, suppress=True)

    week = commands.add_parser(
        "review-week",
        help=_("print the weekly review: top reasons, worst SKUs, NRR/SFFR against last week"),
        description=_(
            "The weekly review of the 7 days before today (shop time): the top return "
            "reasons, the worst SKUs, NRR and SFFR against a week ago, recurring problems "
            "with their cases, and the 1-2 star reviews still without a follow-up."
        ),
    )
    week.add_argument("--json", action="store_true", help=_("print a JSON object"))
    week.add_argument("--xlsx", type=Path, metavar="FILE",
                      help=_("also write it as an XLSX workbook for the owner"))  # fmt: skip
    _common(week, suppress=True)

    people = commands.add_parser(
        "staff", help=_("list or add the staff who may act"),
        description=_("Staff records: the OS login of each person, their name and role. "
                      "The first login on an empty database becomes its supervisor; after "
                      "that only a supervisor adds people."),
    )  # fmt: skip
    people_commands = people.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    listing = people_commands.add_parser("list", help=_("list the staff"))
    _common(listing, suppress=True)
    adding = people_commands.add_parser("add", help=_("add a person (supervisors only)"))
    adding.add_argument("login", help=_("their OS login, as they log in over SSH"))
    adding.add_argument("--name", required=True, help=_("their full name"))
    adding.add_argument("--role", choices=("staff", "supervisor"), default="staff")
    _common(adding, suppress=True)

    trail = commands.add_parser("audit", help=_("check the audit trail"))
    trail_commands = trail.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = trail_commands.add_parser(
        "verify", help=_("check that no audit event was changed or deleted"),
        description=_("Check every audit event against the hash chain. Exit 1 naming the "
                      "first event that was changed or deleted."),
    )  # fmt: skip
    _common(verify, suppress=True)

    shelves = commands.add_parser(
        "shelf", help=_("list or add return shelf locations"),
        description=_("Locations of the labelled return shelf (e.g. RTR-A-01). Damaged, wrong "
                      "and unmatched items go to locations of the quarantine area."),
    )  # fmt: skip
    shelf_commands = shelves.add_subparsers(dest="shelf_command", metavar="ACTION", required=True)
    shelf_list = shelf_commands.add_parser("list", help=_("list the shelf locations"))
    _common(shelf_list, suppress=True)
    shelf_add = shelf_commands.add_parser("add", help=_("add a location (supervisors only)"))
    shelf_add.add_argument("code", help=_("the location's code, e.g. RTR-A-01"))
    shelf_add.add_argument("--quarantine", action="store_true",
                           help=_("for damaged, wrong and unmatched items"))  # fmt: skip
    _common(shelf_add, suppress=True)

    hand = commands.add_parser(
        "handover", help=_("print the handover summary of the shift on duty"),
        description=_("The shift on duty's handover summary, buyer names masked, ready to "
                      "paste into a team chat (or JSON)."),
    )  # fmt: skip
    hand.add_argument("--json", action="store_true", help=_("print JSON"))
    _common(hand, suppress=True)

    shifts = commands.add_parser(
        "shift", help=_("show the shifts and their PICs, change them (supervisors only)"),
        description=_("The shift plan (default Pagi 07:00-15:00, Siang 15:00-23:00, Malam "
                      "23:00-07:00, shop time) and the PIC of each shift."),
    )  # fmt: skip
    shift_commands = shifts.add_subparsers(dest="shift_command", metavar="ACTION", required=True)
    shift_list = shift_commands.add_parser("list", help=_("the plan, who is on duty now, PICs"))
    _common(shift_list, suppress=True)
    shift_set = shift_commands.add_parser("set", help=_("change the plan"))
    shift_set.add_argument("plan", help='"Pagi=07:00-15:00, Siang=15:00-23:00, Malam=23:00-07:00"')
    _common(shift_set, suppress=True)
    shift_pic = shift_commands.add_parser("pic", help=_("assign the PIC of a shift"))
    shift_pic.add_argument("shift", help=_("the shift's name, e.g. Pagi"))
    shift_pic.add_argument("login", help=_("the PIC's login"))
    shift_pic.add_argument("--day", type=date.fromisoformat, metavar="YYYY-MM-DD",
                           help=_("only on this day (default: every day)"))  # fmt: skip
    _common(shift_pic, suppress=True)

    rules = commands.add_parser(
        "policy",
        help=_("print the rules Purna enforces (with their sources for supervisors)"),
        description=_("Print every deadline and limit Purna enforces with its value and "
                      "unit; supervisors also see where each rule comes from."),
    )  # fmt: skip
    rules.add_argument("--json", action="store_true", help=_("print a JSON array"))
    _common(rules, suppress=True)

    settings = commands.add_parser(
        "setting", help=_("show or change a shop setting (supervisors only)"),
        description=_("Without arguments, list the settings; with KEY, show one; with KEY "
                      "VALUE, change it (supervisors only)."),
    )  # fmt: skip
    settings.add_argument("key", nargs="?", choices=SETTINGS)
    settings.add_argument("value", nargs="?")
    _common(settings, suppress=True)
    _reply_commands(commands)
    return parser


def _reply_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """check-message, template, chat, cs-report and holiday-mode (issue 13)."""
    checking = commands.add_parser(
        "check-message", help=_("check a message against the conduct rules"),
        description=_("The conduct check (the platform's conduct rules for sellers) on a "
                      "message from FILE or standard input: exit 0 when it breaks no rule, 1 "
                      "when it does."),
    )  # fmt: skip
    checking.add_argument("file", nargs="?", type=Path, metavar="FILE")
    checking.add_argument("--json", action="store_true", help=_("print JSON"))
    checking.add_argument("--lines", action="store_true",
                          help=_("each input line is one message"))  # fmt: skip
    _common(checking, suppress=True)

    tpl = commands.add_parser(
        "template", help=_("list, show, add, edit or delete reply templates"),
        description=_("Reply templates with {placeholders} filled from a request. Adding, "
                      "editing and deleting is for supervisors; a template that breaks a "
                      "conduct rule is not saved."),
    )  # fmt: skip
    tpl_commands = tpl.add_subparsers(dest="template_command", metavar="ACTION", required=True)
    tpl_list = tpl_commands.add_parser("list", help=_("list the templates and their uses"))
    tpl_list.add_argument("--language", dest="template_lang", choices=("id", "en"))
    tpl_list.add_argument("--json", action="store_true", help=_("print a JSON array"))
    _common(tpl_list, suppress=True)
    for name, helptext in (("show", _("print one template")),
                           ("add", _("add a template (supervisors only)")),
                           ("edit", _("change a template (supervisors only)")),
                           ("delete", _("delete a template (supervisors only)"))):  # fmt: skip
        sub = tpl_commands.add_parser(name, help=helptext)
        sub.add_argument("key", help=_("the template's key, e.g. holding"))
        sub.add_argument("--language", dest="template_lang", choices=("id", "en"), default="id",
                         help=_("its language (default id)"))  # fmt: skip
        if name in ("add", "edit"):
            sub.add_argument("--title", help=_("its title"))
            sub.add_argument("--text", help=_("its text (default: FILE or standard input)"))
            sub.add_argument("--file", type=Path, help=_("read the text from this file"))
        _common(sub, suppress=True)

    chats = commands.add_parser(
        "chat", help=_("import buyer chats or list the unanswered ones"),
        description=_("Buyer chat messages (the chats file format): import a file, or list "
                      "the unanswered buyer messages with their 24 h deadline."),
    )  # fmt: skip
    chat_commands = chats.add_subparsers(dest="chat_command", metavar="ACTION", required=True)
    chat_import = chat_commands.add_parser("import", help=_("import chat files (CSV or XLSX)"))
    chat_import.add_argument("files", nargs="+", metavar="FILE", type=Path)
    _common(chat_import, suppress=True)
    chat_list = chat_commands.add_parser("list", help=_("unanswered buyer messages"))
    chat_list.add_argument("--json", action="store_true", help=_("print a JSON array"))
    _common(chat_list, suppress=True)

    report = commands.add_parser(
        "cs-report", help=_("the Monday customer-service evaluation"),
        description=_("Response rates within 24 h and 12 h for the 7 calendar days before "
                      "the Monday of DATE (default: this week's), without weekends, public "
                      "holidays and holiday mode; per staff member and for the shop."),
    )  # fmt: skip
    report.add_argument("--week", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help=_("a day of the evaluation's week (default: today)"))  # fmt: skip
    report.add_argument("--json", action="store_true", help=_("print JSON"))
    _common(report, suppress=True)

    mode = commands.add_parser(
        "holiday-mode", help=_("list or record the shop's holiday-mode periods"),
        description=_("Days the shop was in the platform's holiday mode are left out of the "
                      "Monday evaluation. Without an action, lists the periods."),
    )  # fmt: skip
    _common(mode, suppress=True)
    # `list` is the default action: the command's help says "list or record"
    mode.set_defaults(mode_command="list")
    mode_commands = mode.add_subparsers(dest="mode_command", metavar="[ACTION]")
    mode_list = mode_commands.add_parser("list", help=_("list the periods"))
    _common(mode_list, suppress=True)
    mode_add = mode_commands.add_parser("add", help=_("record a period (supervisors only)"))
    mode_add.add_argument("first", type=date.fromisoformat, metavar="FIRST")
    mode_add.add_argument("last", type=date.fromisoformat, metavar="LAST")
    _common(mode_add, suppress=True)


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
    commands: dict[str | None, Callable[[argparse.Namespace], int]] = {
        "import": run_import, "queue": run_queue, "demo": run_demo, "staff": run_staff,
        "claims": run_claims, "metrics": run_metrics, "review-week": run_review_week,
        "audit": run_audit, "setting": run_setting, "shelf": run_shelf,
        "handover": run_handover, "shift": run_shift, "policy": run_policy,
        "check-message": run_check_message, "template": run_template, "chat": run_chat,
        "cs-report": run_cs_report, "holiday-mode": run_holiday_mode,
    }  # fmt: skip
    try:
        return commands.get(args.command, lambda a: run_app(a.db))(args)
    except KeyboardInterrupt:
        return EXIT_FAILED
    except BrokenPipeError:  # `purna queue | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # every refusal a user can cause, in words, never a traceback
        return _failed(exc)


def _failed(exc: Exception) -> int:
    from core.errors import PurnaError

    if isinstance(exc, PurnaError):
        _say(exc.message)
    elif type(exc).__module__.startswith(("sqlalchemy", "psycopg", "sqlite3")):
        _say(_("the database failed: {error}. Nothing more was changed; try again.").format(
            error=getattr(exc, "orig", exc)))  # fmt: skip
    else:
        raise exc
    return EXIT_FAILED


def _say(message: str) -> None:
    from core.text import clean

    print(f"purna: {clean(message, lines=True)}", file=sys.stderr)


def _out(*parts: object) -> None:
    """Print text that may hold a buyer's or a file's words: never a control sequence."""
    from core.text import clean

    print(" ".join(clean(p, lines=True) for p in parts))


def _login() -> str:
    """Who runs this command: the OS account of the process (core.identity), never $USER."""
    from core import identity

    return identity.current_login()


def _open(db: str | None, *, create: bool) -> Store:
    """The store: commands that only read never create one (StoreError, exit 1)."""
    from core.db import open_store

    return open_store(db, create=create)


def _allowed(store: Store, command: str, *, first: bool = False) -> str:
    """The caller's login if core.permissions lets them run `command`, else NotAllowed.

    With `first`, on a store without any staff the caller becomes its first supervisor
    (a new shop starts with whoever sets it up; exactly one, even if many start at once).
    """
    from core import permissions, staff

    login = _login()
    if first and staff.ensure_first_supervisor(store, login, _real_now()):
        print(_("{login} is the first person here and becomes the supervisor.").format(
            login=login))  # fmt: skip
    permissions.require_command(store, login, command)
    return login


def _real_now() -> datetime:
    """Changes are recorded at the real time: $PURNA_NOW only steers what reading shows."""
    return datetime.now(UTC)


def run_app(db: str | None, store: Store | None = None) -> int:
    from tui.app import PurnaApp

    PurnaApp(db, store=store).run()
    return EXIT_OK


def run_demo(args: argparse.Namespace) -> int:
    from core import demo

    store = _open(args.db, create=True)
    login = _login()
    if args.reset:
        demo.clear(store, login=login)
    if demo.is_empty(store):
        counts = demo.load(store, _real_now(), login)
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
    from core.importer import ImportFailed, import_file

    store = _open(args.db, create=not args.dry_run)
    login = _allowed(store, "import", first=not args.dry_run)
    failed = False
    for path in args.files:
        try:
            result = import_file(store, path, now=_real_now(), actor=login, kind=args.kind,
                                 dry_run=args.dry_run)  # fmt: skip
        except ImportFailed as exc:
            failed = True
            for error in exc.errors:
                _say_line(str(error))
            title = f" ({_(exc.format_title)})" if exc.format_title else ""
            _say_line(_("{file}{format}: nothing imported ({n} problems)").format(
                file=path, format=title, n=len(exc.errors)))  # fmt: skip
            continue
        _out(import_summary(result))
    store.close()
    return EXIT_FAILED if failed else EXIT_OK


def import_summary(result: object) -> str:
    """What an import did (or, in a dry run, would do), in words."""
    from core.importer import ImportResult

    assert isinstance(result, ImportResult)
    kinds = {"requests": _("requests"), "orders": _("order lines"), "reviews": _("reviews")}
    lines = [
        (_("{file}: {format} (would be imported: dry run, nothing written)") if result.dry_run
         else _("{file}: {format}")).format(file=result.path, format=_(result.format_title)),
        "  " + _("{rows} rows: {records} {kind}: {inserted} new, {updated} updated, "
                 "{unchanged} unchanged").format(
            rows=result.rows, records=result.records, kind=kinds[result.kind],
            inserted=result.inserted, updated=result.updated, unchanged=result.unchanged),
    ]  # fmt: skip
    if result.kind == "requests":
        lines.append("  " + _(
            "{closed} closed by the platform now, {arrived} already closed when they arrived, "
            "{reopened} reopened"
        ).format(closed=result.closed, arrived=result.arrived_closed,
                 reopened=result.reopened))  # fmt: skip
        if result.answered:
            lines.append("  " + _(
                "{n} open requests already answered on the platform (in process): their 48 h "
                "clock has stopped"
            ).format(n=result.answered))  # fmt: skip
        lines.append("  " + _(
            "{n} open requests without a request time: Purna cannot know their deadline "
            "(check them in Seller Center)"
        ).format(n=result.unknown_deadlines))  # fmt: skip
    return "\n".join(lines)


def _say_line(text: str) -> None:
    from core.text import clean

    print(clean(text), file=sys.stderr)


def run_queue(args: argparse.Namespace) -> int:
    from core import queries
    from core.formatting import format_rupiah
    from core.text import clean
    from core.timing import of_row
    from core.workflow import STATE_TITLES, TYPE_TITLES, RequestType

    store = _open(args.db, create=False)
    _allowed(store, "queue")
    kind = RequestType(args.request_type) if args.request_type else None
    now = _clock()()
    rows, items = queries.whole_queue(store, kind, with_items=args.json)
    store.close()
    if args.json:
        _json([row.as_json(now, [i.as_json() for i in items.get(row.pk, [])]) for row in rows])
        return EXIT_OK
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
        shown = of_row(row, now)
        table.append(
            (
                shown.countdown,
                shown.label,
                _(TYPE_TITLES[row.request_type]),
                clean(row.request_id),
                clean(row.order_id),
                clean(row.sku),
                format_rupiah(row.amount),
                _(STATE_TITLES[row.state]),
                row.claimed_by or "",
            )
        )
    print("\n".join(text_table(table, right={6})))
    if not rows:
        print(_("No open requests."))
    return EXIT_OK


def run_claims(args: argparse.Namespace) -> int:
    from core import claims_store
    from core.formatting import format_date
    from core.text import clean

    store = _open(args.db, create=False)
    _allowed(store, "claims")
    now = _clock()()
    rows = claims_store.list_claims(store, now)
    store.close()
    if args.json:
        _json([row.as_json() for row in rows])
        return EXIT_OK
    table = [(_("Last day"), _("Time left"), _("Scenario"), _("State"), _("Order"), _("AWB"),
              _("Courier"), _("Missing"))]  # fmt: skip
    for row in rows:
        left = row.countdown
        if row.follow_up:
            left = _("follow up: no answer after 72 h")
        table.append((
            format_date(row.window.last_day) if row.window.last_day else "?",
            left,
            _(row.scenario.title),
            _(row.state.title),
            clean(row.label),
            clean(row.awb),
            clean(row.courier),
            str(len(row.missing.titles)) if row.unfiled else "",
        ))  # fmt: skip
    print("\n".join(text_table(table)))
    if not rows:
        print(_("No logistics claims or claim candidates."))
    return EXIT_OK


def run_metrics(args: argparse.Namespace) -> int:
    """`purna metrics` (shared/formats/CLI.md): NRR and SFFR, shop and per SKU."""
    from core import metrics, tags
    from core.calendar import local_date
    from core.formatting import format_local

    store = _open(args.db, create=False)
    _allowed(store, "metrics")
    day = args.at or local_date(_clock()(), store.shop_zone)
    shown = metrics.shop_metrics(store, day, tags.overrides(store))
    zone = store.shop_zone
    store.close()
    if args.json:
        _json(shown.as_json())
        return EXIT_OK
    _out(
        _("NRR and SFFR of the 30 days from {start} to before {end}").format(
            start=format_local(shown.window.start, zone), end=format_local(shown.window.end, zone)
        )
    )
    for name, rate in (("NRR", shown.nrr), ("SFFR", shown.sffr)):
        _out(
            _("{name}: {rate} ({n} of {d} orders delivered)").format(
                name=name, rate=metrics.format_rate(rate), n=rate.numerator, d=rate.denominator
            )
        )
    if shown.unclassified:
        _out(
            _(
                "Reasons nobody has classified yet (not in SFFR until a supervisor does): {texts}"
            ).format(texts="; ".join(shown.unclassified))
        )
    table = [(_("SKU"), "NRR", _("cases"), "SFFR", _("cases"), _("orders"))]
    for sku in shown.skus:
        table.append(
            (
                _clean(sku.sku),
                metrics.format_rate(sku.nrr),
                str(sku.nrr.numerator),
                metrics.format_rate(sku.sffr),
                str(sku.sffr.numerator),
                str(sku.nrr.denominator),
            )
        )
    if shown.skus:
        print("\n".join(text_table(table, right=range(1, len(table[0])))))
    else:
        print(_("No orders delivered in this window."))
    return EXIT_OK  # fmt: skip


def _clean(text: str) -> str:
    from core.text import clean

    return clean(text)


def run_review_week(args: argparse.Namespace) -> int:
    """`purna review-week`: the weekly review (core.weekly), as text, JSON or XLSX."""
    from core import weekly

    store = _open(args.db, create=False)
    _allowed(store, "review-week")
    now = _clock()()
    review = weekly.week_review(store, now)
    zone = store.shop_zone
    if args.xlsx is not None:
        weekly.export(store, args.xlsx, now)  # refused in words (exit 1), nothing written
    store.close()
    if args.json:
        _json(review.as_json())
    else:
        _out(weekly.as_text(review, zone).rstrip("\n"))
    if args.xlsx is not None:
        print(_("Written: {file}").format(file=args.xlsx), file=sys.stderr)
    return EXIT_OK  # fmt: skip


def _json(value: object) -> None:
    """JSON for scripts: control characters escaped, C1 ones too (a terminal may act on them)."""
    from core.text import clean

    text = json.dumps(value, ensure_ascii=False, indent=1)
    sys.stdout.write("".join(
        f"\\u{ord(c):04x}" if c != "\n" and clean(c) != c else c for c in text
    ))  # fmt: skip
    sys.stdout.write("\n")


def run_staff(args: argparse.Namespace) -> int:
    from core import staff

    store = _open(args.db, create=True)
    if args.staff_command == "add":
        login = _allowed(store, "staff add", first=True)
        member = staff.add(store, login=args.login, name=args.name, role=args.role, by=login,
                           now=_real_now())  # fmt: skip
        _out(
            _("Added {login} ({name}) as {role}.").format(
                login=member.login, name=member.name, role=_(ROLE_TITLES[member.role])
            )
        )
        return EXIT_OK
    _allowed(store, "staff list", first=True)
    members = staff.list_staff(store)
    width = max((len(m.login) for m in members), default=5)
    for member in members:
        state = "" if member.active else "  " + _("(inactive)")
        _out(f"{member.login:<{width}}  {_(ROLE_TITLES[member.role]):<10}  {member.name}{state}")
    return EXIT_OK


def run_audit(args: argparse.Namespace) -> int:
    from core import audit

    store = _open(args.db, create=False)
    _allowed(store, "audit verify")
    verdict = audit.verify_store(store)
    if verdict.intact:
        print(_("The audit trail is intact: {n} events.").format(n=verdict.events))
        return EXIT_OK
    if verdict.broken is None:
        _say(_("The audit trail is broken: {reason}.").format(reason=verdict.reason))
    elif verdict.action is None:
        _say(_("The audit trail is broken at event #{id}: {reason}.").format(
            id=verdict.broken, reason=verdict.reason))  # fmt: skip
    else:
        _say(_(
            "The audit trail is broken at event #{id} ({action} by {actor}, request "
            "{request}): {reason}."
        ).format(id=verdict.broken, action=verdict.action, actor=verdict.actor,
                 request=verdict.request or "-", reason=verdict.reason))  # fmt: skip
    return EXIT_FAILED


def run_shelf(args: argparse.Namespace) -> int:
    from core import shelf

    store = _open(args.db, create=args.shelf_command == "add")
    if args.shelf_command == "add":
        login = _allowed(store, "shelf add", first=True)
        area = "quarantine" if args.quarantine else "return"
        added = shelf.add_location(store, args.code, area, by=login, now=_real_now())
        print(_("Added shelf location {code} ({area}).").format(
            code=added.code, area=_(shelf.AREA_TITLES[area])))  # fmt: skip
        return EXIT_OK
    _allowed(store, "shelf list")
    for location in shelf.locations(store):
        state = "" if location.active else "  " + _("(inactive)")
        print(f"{location.code:<14} {_(shelf.AREA_TITLES[location.area]):<11} "
              f"{location.items:>4}{state}")  # fmt: skip
    return EXIT_OK


def run_handover(args: argparse.Namespace) -> int:
    from core import handover

    store = _open(args.db, create=False)
    _allowed(store, "handover")
    summary = handover.summarize(store, _clock()()).for_sharing()
    if args.json:
        _json(summary.as_json())
    else:
        _out(handover.as_text(summary, store.shop_zone).rstrip("\n"))
    return EXIT_OK


def run_shift(args: argparse.Namespace) -> int:
    from core import roster, settings
    from core.formatting import format_local

    store = _open(args.db, create=args.shift_command != "list")
    if args.shift_command == "set":
        login = _allowed(store, "shift set", first=True)
        settings.change(store, "shifts", args.plan, by=login, now=_real_now())
    elif args.shift_command == "pic":
        login = _allowed(store, "shift pic", first=True)
        roster.assign(store, shift=args.shift, login=args.login, day=args.day, by=login,
                      now=_real_now())  # fmt: skip
    else:
        _allowed(store, "shift list")
    now = _clock()()
    duty = roster.on_duty(store, now)
    zone = store.shop_zone
    for shift in roster.plan(store):
        _out(shift.describe())
    _out(_("On duty: {shift} until {end}, PIC {pic}; next {next}, PIC {next_pic}").format(
        shift=duty.slot.name, end=format_local(duty.slot.end, zone),
        pic=duty.pic.login if duty.pic else "-", next=duty.following.name,
        next_pic=duty.following_pic.login if duty.following_pic else "-"))  # fmt: skip
    every_day = _("every day")
    for shift, day, login in roster.assignments(store):
        _out(f"  {shift:<8} {day.isoformat() if day else every_day:<12} {login}")
    return EXIT_OK


def run_setting(args: argparse.Namespace) -> int:
    from core import settings

    changing = args.key is not None and args.value is not None
    store = _open(args.db, create=changing)
    if not changing:
        _allowed(store, "setting list")
        for key, value in settings.read_all(store).items():
            if args.key in (None, key):
                _out(f"{key} = {value}")
        return EXIT_OK
    login = _allowed(store, "setting change", first=True)
    value = settings.change(store, args.key, args.value, by=login, now=_real_now())
    _out(f"{args.key} = {value}")
    return EXIT_OK


def run_policy(args: argparse.Namespace) -> int:
    """The policy table (core.policy); sources only for those core.permissions allows."""
    from core import permissions, policy
    from core.formatting import format_rule_value

    store = _open(args.db, create=False)
    login = _allowed(store, "policy")
    sources = permissions.allows(permissions.member_of(store, login), "policy_sources")
    if args.json:
        print(json.dumps([
            {"key": rule.key, "value": rule.value, "unit": rule.unit.value,
             "rule": _(rule.title), "note": _(rule.note) if rule.note else "",
             "source": rule.source if sources else None}
            for rule in policy.POLICY
        ], ensure_ascii=False, indent=1))  # fmt: skip
        return EXIT_OK
    for rule in policy.POLICY:
        _out(f"{format_rule_value(rule):>16}  {_(rule.title)}")
        if rule.note:
            _out(" " * 18 + _(rule.note))
        if sources:
            _out(" " * 18 + _("Source: {source}").format(source=rule.source))
    if not sources:
        _out(_("Ask a supervisor where a rule comes from."))
    return EXIT_OK


# --- replies and conduct (issue 13) -------------------------------------------------------


def run_check_message(args: argparse.Namespace) -> int:
    from core.conduct import check

    try:
        text = (args.file.read_text(encoding="utf-8-sig") if args.file is not None
                else sys.stdin.read())  # fmt: skip
    except (OSError, UnicodeDecodeError) as exc:
        _say(_("cannot read {file}: {error}").format(file=args.file, error=exc))
        return EXIT_FAILED
    messages = text.splitlines() if args.lines else [text]
    failed = False
    for message in messages:
        findings = check(message)
        failed = failed or bool(findings)
        if args.json:
            sys.stdout.write(json.dumps({"ok": not findings,
                                         "findings": [f.as_dict() for f in findings]},
                                        ensure_ascii=False) + "\n")  # fmt: skip
            continue
        if not findings:
            if not args.lines:
                print(_("No conduct rule broken."))
            continue
        if args.lines:
            _out(message)
        for f in findings:
            _out(f"  {f.start}-{f.end} {f.rule}: “{f.text}”: {_(f.why)}")
    return EXIT_FAILED if failed else EXIT_OK


def run_template(args: argparse.Namespace) -> int:
    from core import templates_store

    command = args.template_command
    writing = command in ("add", "edit", "delete")
    store = _open(args.db, create=writing)
    login = _allowed(store, f"template {command}", first=writing)
    if command == "list":
        rows = templates_store.list_templates(store, args.template_lang)
        if args.json:
            _json([{"key": r.key, "language": r.language, "title": r.title, "text": r.body,
                    "uses": r.uses} for r in rows])  # fmt: skip
            return EXIT_OK
        for r in rows:
            _out(f"{r.key:<18} {r.language:<3} {r.uses:>5}  {r.title}")
        if not rows:
            print(_("No templates."))
        return EXIT_OK
    if command == "show":
        row = templates_store.get(store, args.key, args.template_lang)
        _out(f"{row.key} ({row.language}): {row.title}")
        _out(row.body)
        return EXIT_OK
    if command == "delete":
        templates_store.delete(store, key=args.key, language=args.template_lang, login=login,
                               now=_real_now())  # fmt: skip
        print(
            _("Deleted template {key} ({language}).").format(
                key=args.key, language=args.template_lang
            )
        )
        return EXIT_OK
    body = args.text
    if body is None:
        body = (args.file.read_text(encoding="utf-8-sig") if args.file is not None
                else sys.stdin.read())  # fmt: skip
    body = body.strip("\n")
    title = args.title
    if command == "edit":
        current = templates_store.get(store, args.key, args.template_lang)
        title = title or current.title
        if not body:
            body = current.body
    if not title:
        _say(_("a new template needs --title"))
        return EXIT_USAGE
    row = templates_store.save(
        store,
        key=args.key,
        language=args.template_lang,
        title=title,
        body=body,
        login=login,
        now=_real_now(),
        new=command == "add",
    )
    print(_("Saved template {key} ({language}).").format(key=row.key, language=row.language))
    return EXIT_OK


def run_chat(args: argparse.Namespace) -> int:
    from core import chat_store
    from core.formatting import format_local, format_remaining
    from core.privacy import mask_name

    if args.chat_command == "import":
        store = _open(args.db, create=True)
        login = _allowed(store, "chat import", first=True)
        failed = False
        for path in args.files:
            try:
                done = chat_store.import_chats(store, path, login=login, now=_real_now())
            except chat_store.ChatImportFailed as exc:
                failed = True
                for error in exc.errors:
                    _say_line(error)
                _say_line(_("{file}: nothing imported ({n} problems)").format(
                    file=path, n=len(exc.errors)))  # fmt: skip
                continue
            _out(
                _("{file}: {rows} chat messages: {new} new, {unchanged} unchanged").format(
                    file=path, rows=done.rows, new=done.inserted, unchanged=done.unchanged
                )
            )
        store.close()
        return EXIT_FAILED if failed else EXIT_OK
    store = _open(args.db, create=False)
    _allowed(store, "chat list")
    now = _clock()()
    rows = chat_store.queue(store)
    zone = store.shop_zone
    store.close()
    if args.json:
        _json([{"marketplace": t.marketplace, "conversation_id": t.conversation_id,
                "order_id": t.order_id, "buyer": mask_name(t.buyer_name),
                "waiting_since": t.started_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
                "target": t.target.astimezone(UTC).isoformat().replace("+00:00", "Z"),
                "deadline": t.deadline.astimezone(UTC).isoformat().replace("+00:00", "Z"),
                "messages": len(t.messages)} for t in rows])  # fmt: skip
        return EXIT_OK
    for t in rows:
        left = t.deadline - now
        shown = format_remaining(left) if left.total_seconds() > 0 else _("overdue")
        _out(
            f"{shown:>10}  {format_local(t.deadline, zone)}  {t.conversation_id}  "
            f"{t.order_id or '-'}  {mask_name(t.buyer_name)}  ({len(t.messages)})"
        )
    if not rows:
        print(_("No unanswered buyer messages."))
    return EXIT_OK


def run_cs_report(args: argparse.Namespace) -> int:
    from core import chat_store
    from core.chat import report_lines

    store = _open(args.db, create=False)
    _allowed(store, "cs-report")
    result = chat_store.evaluation(store, args.week, _clock()())
    store.close()
    if args.json:
        _json(result.as_json())
    else:
        _out("\n".join(report_lines(result)))
    return EXIT_OK


def run_holiday_mode(args: argparse.Namespace) -> int:
    from core import chat_store
    from core.formatting import format_date

    store = _open(args.db, create=args.mode_command == "add")
    if args.mode_command == "add":
        login = _allowed(store, "holiday-mode add", first=True)
        chat_store.add_holiday_mode(store, first=args.first, last=args.last, login=login,
                                    now=_real_now())  # fmt: skip
    else:
        _allowed(store, "holiday-mode list")
    for first, last, by in chat_store.holiday_modes(store):
        _out(f"{format_date(first)} - {format_date(last)}  {by}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
