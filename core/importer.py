"""Import of requests, orders and reviews exports (see shared/formats/README.md).

All-or-nothing per file: every row is checked first and, if any is bad, nothing is
written and every problem is reported as `FILE:LINE: column: problem`. Rows are keyed
by marketplace + id, so importing the same file again changes nothing, and a newer
export updates the marketplace's columns of a request without touching Purna's own
state, claim, notes, checks or audit trail.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, select, update

from core import audit, permissions
from core.deadlines import respond_by
from core.formatting import parse_rupiah
from core.i18n import _
from core.models import Order, Request, Review
from core.tabular import Cell, TableError, read_table
from core.workflow import RequestType, parse_request_type

KINDS = ("requests", "orders", "reviews")
MARKETPLACES = ("tiktok_shop", "tokopedia", "shopee")
DEFAULT_MARKETPLACE = "tiktok_shop"
LOOKUP_CHUNK = 2000  # ids per query when reading rows already stored


@dataclass(frozen=True)
class RowError:
    path: str
    line: int
    column: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.column}: {self.problem}"


class ImportFailed(Exception):
    """Nothing was written; `errors` lists every problem found."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("\n".join(map(str, errors)))
        self.errors = errors


@dataclass(frozen=True)
class ImportResult:
    path: str
    kind: str
    rows: int
    inserted: int
    updated: int
    unchanged: int


class Invalid(ValueError):
    """A cell's problem, in words for the user."""


# --- cell parsers: Cell -> value, raising Invalid -----------------------------------


def _text(cell: Cell) -> str:
    if cell.__class__ is str:
        return cell.strip()  # type: ignore[union-attr]
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # an id typed into a spreadsheet number cell
    return str(cell).strip()


def _int(cell: Cell) -> int:
    if cell.__class__ is str and cell.isdigit():  # type: ignore[union-attr]
        return int(cell)  # type: ignore[arg-type]
    if isinstance(cell, bool):
        raise Invalid(_("not a whole number"))
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        if cell.is_integer():
            return int(cell)
        raise Invalid(_("not a whole number"))
    text = _text(cell)
    if not re.fullmatch(r"[+-]?\d+", text):
        raise Invalid(_("not a whole number: {value!r}").format(value=text))
    return int(text)


def _money(cell: Cell) -> int:
    if cell.__class__ is str and cell.isdigit():  # type: ignore[union-attr]
        return int(cell)  # type: ignore[arg-type]
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        value = _int(cell)
    else:
        text = _text(cell)
        try:
            value = parse_rupiah(text)
        except ValueError:
            raise Invalid(
                _("not an amount in rupiah: {value!r} (write Rp1.234.567 or 1234567)").format(
                    value=text
                )
            ) from None
    if value < 0:
        raise Invalid(_("must not be negative"))
    return value


_ZONE_WORDS = {"wib": 7, "wita": 8, "wit": 9}
_SUFFIX = re.compile(r"\s*\b(wib|wita|wit)$", re.I)
_DAY_FIRST = re.compile(
    r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$"
)
_SLASHED_ISO = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def parse_time(cell: Cell, shop_zone: tzinfo) -> datetime:
    """A time from an export as UTC. Naive times are the shop's wall clock.

    Accepts ISO 8601 (with offset or `Z`), `YYYY-MM-DD HH:MM[:SS]`, `YYYY/MM/DD ...`,
    `DD/MM/YYYY HH:MM[:SS]` (day first, as Indonesian exports write it), a trailing
    `WIB`/`WITA`/`WIT`, and spreadsheet date cells. A date alone means 00:00.
    """
    if cell.__class__ is str and cell and (cell[-1].isdigit() or cell[-1] in "Zz"):  # type: ignore[index]
        try:  # the common case: ISO 8601 or YYYY-MM-DD HH:MM, no zone word
            moment = datetime.fromisoformat(cell)  # type: ignore[arg-type]
        except ValueError:
            moment = _parse_time_text(cell)  # type: ignore[arg-type]
    elif isinstance(cell, datetime):
        moment = cell
    elif isinstance(cell, date):
        moment = datetime(cell.year, cell.month, cell.day)
    else:
        text = _text(cell)
        zone: tzinfo | None = None
        suffix = _SUFFIX.search(text)
        if suffix:
            zone = timezone(timedelta(hours=_ZONE_WORDS[suffix.group(1).lower()]))
            text = text[: suffix.start()].strip()
        moment = _parse_time_text(text)
        if zone is not None:
            if moment.tzinfo is not None:
                raise Invalid(_("has both an offset and a zone name: {value!r}").format(value=text))
            moment = moment.replace(tzinfo=zone)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=shop_zone)
    return moment.astimezone(UTC)


def _parse_time_text(text: str) -> datetime:
    problem = Invalid(
        _("not a date and time: {value!r} (write 2024-01-31 14:05 or an ISO 8601 time)").format(
            value=text
        )
    )
    if not text:
        raise problem
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    for pattern, order in ((_DAY_FIRST, (3, 2, 1)), (_SLASHED_ISO, (1, 2, 3))):
        match = pattern.match(text)
        if match:
            groups = match.groups()
            year, month, day = (int(groups[i - 1]) for i in order)
            hour, minute, second = (int(g) if g else 0 for g in groups[3:6])
            try:
                return datetime(year, month, day, hour, minute, second)
            except ValueError:
                raise problem from None
    raise problem


def _marketplace(cell: Cell) -> str:
    text = _text(cell).lower().replace(" ", "_")
    if not text:
        return DEFAULT_MARKETPLACE
    if text in MARKETPLACES:
        return text
    raise Invalid(
        _("unknown marketplace {value!r} (use {choices})").format(
            value=_text(cell), choices=", ".join(MARKETPLACES)
        )
    )


def _request_type(cell: Cell) -> str:
    try:
        return parse_request_type(_text(cell)).value
    except ValueError:
        raise Invalid(
            _("unknown request type {value!r} (use {choices} or the Indonesian label)").format(
                value=_text(cell), choices=", ".join(t.value for t in RequestType)
            )
        ) from None


# Indonesian order statuses seen in exports, and the words Purna stores for them.
_ORDER_STATUS = {
    "selesai": "delivered",
    "terkirim": "delivered",
    "diterima": "delivered",
    "pesanan_selesai": "delivered",
    "dikirim": "in_transit",
    "dalam_pengiriman": "in_transit",
    "dalam_perjalanan": "in_transit",
    "dibatalkan": "cancelled",
    "batal": "cancelled",
    "canceled": "cancelled",
}


def _order_status(cell: Cell) -> str:
    text = re.sub(r"[\s-]+", "_", _text(cell).lower())
    return _ORDER_STATUS.get(text, text)


# --- column specifications ------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    parse: Callable[[Cell], Any] | None = None  # None: text
    max_length: int = 0
    default: Any = None
    time: bool = False  # parsed with the shop's zone


_SPECS: dict[str, tuple[Column, ...]] = {
    "requests": (
        Column("marketplace", False, _marketplace, default=DEFAULT_MARKETPLACE),
        Column("request_id", True, max_length=64),
        Column("order_id", True, max_length=64),
        Column("request_type", True, _request_type),
        Column("created_at", True, time=True),
        Column("buyer_name", False, max_length=200),
        Column("buyer_comment", False),
        Column("reason", False, max_length=500),
        Column("sku", True, max_length=100),
        Column("product_name", False, max_length=500),
        Column("quantity", False, _int, default=1),
        Column("amount", True, _money),
        Column("evidence_count", False, _int, default=0),
        Column("return_awb", False, max_length=100),
    ),
    "orders": (
        Column("marketplace", False, _marketplace, default=DEFAULT_MARKETPLACE),
        Column("order_id", True, max_length=64),
        Column("sku", True, max_length=100),
        Column("status", True, _order_status, max_length=40),
        Column("delivered_at", False, time=True),
        Column("courier", False, max_length=100),
        Column("awb", False, max_length=100),
        Column("last_logistics_update_at", False, time=True),
        Column("logistics_status", False, max_length=100),
    ),
    "reviews": (
        Column("marketplace", False, _marketplace, default=DEFAULT_MARKETPLACE),
        Column("order_id", True, max_length=64),
        Column("sku", True, max_length=100),
        Column("rating", True, _int),
        Column("comment", False),
        Column("created_at", True, time=True),
    ),
}

_KEYS = {
    "requests": ("marketplace", "request_id"),
    "orders": ("marketplace", "order_id", "sku"),
    "reviews": ("marketplace", "order_id", "sku"),
}
_MODELS: dict[str, Any] = {"requests": Request, "orders": Order, "reviews": Review}


def detect_kind(header: Iterable[str]) -> str | None:
    names = set(header)
    if {"request_id", "request_type"} <= names:
        return "requests"
    if "rating" in names:
        return "reviews"
    if {"order_id", "status"} <= names:
        return "orders"
    return None


def _check_row(kind: str, values: dict[str, Any]) -> list[tuple[str, str]]:
    """Rules across columns of one row: (column, problem) pairs."""
    # Columns that failed to parse are absent from `values` and already reported.
    problems: list[tuple[str, str]] = []
    if kind == "requests":
        if values.get("quantity", 1) < 1:
            problems.append(("quantity", _("must be at least 1")))
        if values.get("evidence_count", 0) < 0:
            problems.append(("evidence_count", _("must not be negative")))
    elif kind == "reviews":
        if "rating" in values and not 1 <= values["rating"] <= 5:
            problems.append(("rating", _("must be from 1 to 5")))
    elif (
        kind == "orders"
        and values.get("status") == "delivered"
        and "delivered_at" in values
        and values["delivered_at"] is None
    ):
        problems.append(("delivered_at", _("is required when the status is delivered")))
    return problems


def _converter(column: Column, shop_zone: tzinfo) -> Callable[[Cell], Any] | None:
    """One function per column that turns a non-empty cell into its value (raising Invalid)."""
    if column.time:
        return lambda cell: parse_time(cell, shop_zone)
    if column.parse is None:
        return None  # text: the loop keeps a string cell as it is
    parse = column.parse
    if parse in (_marketplace, _request_type, _order_status):
        # Few distinct values, many rows: remember each answer (errors are not cached).
        known: dict[Cell, Any] = {}

        def remembered(cell: Cell) -> Any:
            if cell in known:
                return known[cell]
            value = known[cell] = parse(cell)
            return value

        return remembered
    return parse


@dataclass
class _Parsed:
    kind: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def parse_file(path: Path, shop_zone: tzinfo, kind: str | None = None) -> _Parsed:
    """Read and check every row of `path`; nothing is written here."""
    shown = str(path)
    try:
        table = read_table(path)
    except TableError as exc:
        raise ImportFailed([RowError(shown, 0, "-", str(exc))]) from None
    header = table.header
    found = detect_kind(header)
    if kind is None:
        if found is None:
            problem = _(
                "cannot tell whether this is a requests, orders or reviews file from its "
                "headers; name the kind with --kind"
            )
            raise ImportFailed([RowError(shown, 1, "-", problem)])
        kind = found
    elif kind not in KINDS:
        problem = _("unknown kind {kind!r}").format(kind=kind)
        raise ImportFailed([RowError(shown, 1, "-", problem)])
    parsed = _Parsed(kind)
    specs = _SPECS[kind]
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        if name in index and name in {c.name for c in specs}:
            parsed.errors.append(RowError(shown, 1, name, _("column appears twice")))
        index.setdefault(name, position)
    for column in specs:
        if column.required and column.name not in index:
            parsed.errors.append(RowError(shown, 1, column.name, _("required column is missing")))
    if parsed.errors:
        raise ImportFailed(parsed.errors)

    # Columns present in the file, with their converter; absent ones just take defaults.
    plan = [
        (c.name, index[c.name], _converter(c, shop_zone), c.required, c.default, c.max_length)
        for c in specs
        if c.name in index
    ]
    absent = {c.name: c.default for c in specs if c.name not in index}
    columns = len(header)
    key_names = _KEYS[kind]
    seen: dict[tuple[Any, ...], int] = {}
    try:
        for line, cells in table.rows:
            if len(cells) < columns:
                cells = cells + [None] * (columns - len(cells))
            values = absent.copy()
            row_errors: list[RowError] = []
            blank = True
            for name, position, convert, required, default, max_length in plan:
                cell = cells[position]
                if cell.__class__ is str:
                    cell = cell.strip()  # type: ignore[union-attr]
                    if not cell:
                        cell = None
                if cell is None:
                    if required:
                        row_errors.append(RowError(shown, line, name, _("is empty")))
                    values[name] = default
                    continue
                blank = False
                try:
                    value = convert(cell) if convert is not None else _text(cell)
                    if max_length and value.__class__ is str and len(value) > max_length:
                        raise Invalid(_("longer than {n} characters").format(n=max_length))
                except Invalid as exc:
                    row_errors.append(RowError(shown, line, name, str(exc)))
                    continue
                values[name] = value
            if blank:
                continue  # an empty line, or one with only columns Purna does not read
            problems = _check_row(kind, values)
            if problems:
                row_errors.extend(RowError(shown, line, col, text) for col, text in problems)
            if not row_errors:
                key = tuple([values[k] for k in key_names])
                if key in seen:
                    problem = _("same {key} as line {line}").format(
                        key=key_names[-1], line=seen[key]
                    )
                    row_errors.append(RowError(shown, line, key_names[-1], problem))
                else:
                    seen[key] = line
            if row_errors:
                parsed.errors.extend(row_errors)
            else:
                values["_line"] = line
                parsed.rows.append(values)
    except TableError as exc:
        parsed.errors.append(RowError(shown, 0, "-", str(exc)))
    if parsed.errors:
        raise ImportFailed(parsed.errors)
    return parsed


# --- writing ------------------------------------------------------------------------


def _imported_columns(kind: str) -> list[str]:
    names = [c.name for c in _SPECS[kind]]
    return [*names, "respond_by"] if kind == "requests" else names


def import_file(
    store: Any,
    path: Path,
    *,
    now: datetime,
    actor: str,
    kind: str | None = None,
) -> ImportResult:
    """Check `path` and write it to `store` in one transaction; raise ImportFailed if bad.

    Only staff may import (core.permissions). Every new request gets its own "created"
    event (version 1), every changed request an "import_update" event; orders and
    reviews point at the file's import event.
    """
    zone = store.shop_zone
    parsed = parse_file(path, zone, kind)
    kind = parsed.kind
    model = _MODELS[kind]
    table = model.__table__
    key_names = _KEYS[kind]
    compared = [c for c in _imported_columns(kind) if c not in key_names]
    now = now.astimezone(UTC)
    for values in parsed.rows:
        if kind == "requests":
            values["respond_by"] = respond_by(values["created_at"], zone)

    inserted: list[dict[str, Any]] = []
    changed: list[tuple[dict[str, Any], dict[str, Any], dict[str, tuple[Any, Any]]]] = []
    with store.write() as session:
        store.lock(session, "import")  # two terminals importing one file: one writes
        permissions.require(session, actor, "import")
        existing: dict[tuple[Any, ...], Any] = {}
        wanted = [tuple([v[k] for k in key_names]) for v in parsed.rows]
        found = store.existing_ids(session, table, key_names, wanted)
        if found:  # read the stored values only of rows that are there, to compare
            extra = [table.c.version, table.c.state] if kind == "requests" else []
            columns = [table.c.id, *[table.c[k] for k in key_names], *extra]
            columns += [table.c[c] for c in compared]
            ids = list(found.values())
            for start in range(0, len(ids), LOOKUP_CHUNK):
                statement = select(*columns).where(
                    table.c.id.in_(ids[start : start + LOOKUP_CHUNK])
                )
                if kind == "requests":  # a decision on another terminal waits for us
                    statement = statement.with_for_update()
                for row in session.execute(statement).mappings():
                    existing[tuple([row[k] for k in key_names])] = row
        for values, key in zip(parsed.rows, wanted, strict=True):
            old = existing.get(key)
            if old is None:
                inserted.append(values)
                continue
            diff = {c: (old[c], values[c]) for c in compared if old[c] != values[c]}
            if diff:
                changed.append((values, dict(old), diff))
        if inserted or changed:
            event = audit.append(session, at=now, actor=actor, action="import", detail={
                "file": path.name, "kind": kind, "rows": len(parsed.rows),
                "inserted": len(inserted), "updated": len(changed),
            })  # fmt: skip
            _write(store, session, table, kind, path, inserted, changed, event.id or 0, actor, now)
    return ImportResult(
        str(path),
        kind,
        len(parsed.rows),
        len(inserted),
        len(changed),
        len(parsed.rows) - len(inserted) - len(changed),
    )


def _write(
    store: Any, session: Any, table: Any, kind: str, path: Path, inserted: list[dict[str, Any]],
    changed: list[tuple[dict[str, Any], dict[str, Any], dict[str, tuple[Any, Any]]]],
    event_id: int, actor: str, now: datetime,
) -> None:  # fmt: skip
    """Insert the new rows and update the changed ones, each tied to its audit event."""
    connection = session.connection()
    lines = [row.pop("_line") for row in inserted]
    if inserted:
        for row in inserted:
            row["imported_at"] = now
            row["event_id"] = event_id
            if kind != "reviews":
                row["updated_at"] = now
            if kind == "requests":
                row.update(state="new", is_open=True, version=1)
        store.bulk_insert(session, table, inserted)
    if kind == "requests" and inserted:
        keys = [(row["marketplace"], row["request_id"]) for row in inserted]
        pks = store.existing_ids(session, table, ("marketplace", "request_id"), keys)
        created = [pks[key] for key in keys]
        events = audit.append_many(connection, [
            audit.Spec(at=now, actor=actor, action="created", request_pk=pk, request_version=1,
                       after_state="new", detail={"file": path.name, "line": line})
            for pk, line in zip(created, lines, strict=True)
        ])  # fmt: skip
        connection.execute(
            update(table).where(table.c.id == bindparam("_id")).values(event_id=bindparam("_e")),
            [{"_id": pk, "_e": e} for pk, e in zip(created, events, strict=True)],
        )
    if not changed:
        return
    updates = [{"_id": old["id"], **{c: values[c] for c in diff}} for values, old, diff in changed]
    if kind == "requests":
        events = audit.append_many(connection, [
            audit.Spec(at=now, actor=actor, action="import_update", request_pk=old["id"],
                       request_version=old["version"] + 1, before_state=old["state"],
                       after_state=old["state"], detail={
                           "file": path.name, "line": values["_line"],
                           "changed": {c: [_plain(a), _plain(b)] for c, (a, b) in diff.items()},
                       })
            for values, old, diff in changed
        ])  # fmt: skip
        for row, (_values, old, _diff), event in zip(updates, changed, events, strict=True):
            row.update(_version=old["version"] + 1, _event=event)
    else:
        for row in updates:
            row["_event"] = event_id
    _apply_updates(session, table, kind, updates, now)


def _apply_updates(
    session: Any, table: Any, kind: str, updates: list[dict[str, Any]], now: datetime
) -> None:
    # One UPDATE per distinct set of changed columns, executed for many rows at once.
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in updates:
        groups.setdefault(tuple(sorted(k for k in row if not k.startswith("_"))), []).append(row)
    for columns, rows in groups.items():
        values: dict[str, Any] = {c: bindparam(c) for c in columns}
        values["event_id"] = bindparam("_event")
        if kind != "reviews":
            values["updated_at"] = now
        if kind == "requests":
            values["version"] = bindparam("_version")
        statement = update(table).where(table.c.id == bindparam("_id")).values(**values)
        session.connection().execute(statement, rows)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime | date) else value
