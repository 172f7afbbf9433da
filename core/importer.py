"""Import of exports as Seller Center gives them (core.marketplaces) and of Purna's own files.

A file is recognised by its headers and read as a stream (core.tabular); each row becomes
canonical values (core.cells, which refuses values a shop cannot have). Rows are written
in chunks inside ONE write transaction, so memory stays flat for any file size while the
file is still all-or-nothing: any bad row rolls everything back, and every bad row is
reported as `FILE:LINE: column: problem`. A dry run does the same and always rolls back.

- Requests: the rows of one request (TikTok writes one row per returned SKU) become one
  request with several items. New requests get their own "created" event; a newer export
  updates the marketplace's fields of a request (an "import_update" event) and never
  Purna's own state, notes, checks or trail, except that the platform's outcome wins:
  completed, cancelled and rejected close the request ("closed by the platform"), and a
  rejected one the buyer appealed comes back (core.workflow.PLATFORM_CLOSES). A request
  without a known request time gets no deadline; the summary says how many.
- Orders fill order lines (status, delivery, courier, AWB, logistics status where the file
  has them); recipient, phone and address columns never leave core.tabular.
- Importing the same file again changes nothing (rows are keyed by marketplace + id).
Only staff may import (core.permissions); imports of one store take turns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update

from core import audit, cells, marketplaces, permissions, reading
from core.cells import Invalid
from core.deadlines import respond_by
from core.errors import PurnaError
from core.i18n import _
from core.marketplaces import Field, Format
from core.models import AuditEvent, Order, Request, RequestItem, Review
from core.tabular import TableError, read_table
from core.workflow import State, platform_answered, platform_closes

KINDS = ("requests", "orders", "reviews")
MARKETPLACES = ("tiktok_shop", "tokopedia", "shopee")
DEFAULT_MARKETPLACE = "tiktok_shop"
CHUNK = 2000  # requests, orders or reviews written at a time
LOOKUP_CHUNK = 2000

audit_table = AuditEvent.__table__  # type: ignore[attr-defined]

# Purna's own format for each kind (--kind with a file of unknown headers)
OWN_FORMATS = {"requests": "purna_requests", "orders": "purna_orders", "reviews": "purna_reviews"}

# The fields each kind stores (the rest of a format is read only where noted).
REQUEST_FIELDS = (
    "marketplace", "order_id", "request_type", "created_at", "buyer_name", "buyer_comment",
    "reason", "evidence_count", "return_awb", "platform_status", "platform_sub_status",
    "compensation_amount", "refunded_at",
)  # fmt: skip
ITEM_FIELDS = ("sku", "product_name", "variation", "quantity", "amount")
ORDER_FIELDS = (
    "status", "delivered_at", "courier", "awb", "last_logistics_update_at", "logistics_status",
    "quantity", "amount", "created_at", "shipped_at", "sub_status",
)  # fmt: skip
REVIEW_FIELDS = ("rating", "comment", "created_at")


@dataclass(frozen=True)
class RowError:
    path: str
    line: int
    column: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.column}: {self.problem}"


def table_errors(shown: str, exc: TableError) -> list[RowError]:
    """One report line per file line the table error concerns (line 0: the whole file)."""
    return [RowError(shown, line, "-", exc.problem) for line in exc.lines or (0,)]


class ImportFailed(PurnaError):
    """Nothing was written; `errors` lists every problem found."""

    def __init__(self, errors: list[RowError], format_title: str = "") -> None:
        super().__init__("\n".join(map(str, errors)), "import")
        self.errors = errors
        self.format_title = format_title


@dataclass
class ImportResult:
    path: str
    kind: str
    format_id: str
    format_title: str  # English catalog message: show with _()
    rows: int = 0  # data rows read
    records: int = 0  # requests, order lines or reviews they make
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0  # requests the platform's outcome closed now
    reopened: int = 0
    answered: int = 0  # open requests the platform shows answered there (in process)
    arrived_closed: int = 0  # new requests the platform had already closed
    unknown_deadlines: int = 0  # open requests without a request time
    dry_run: bool = False


# --- reading rows ----------------------------------------------------------------------


def _marketplace(cell: Any) -> str:
    written = cells.text(cell).lower().replace(" ", "_")
    if not written:
        return DEFAULT_MARKETPLACE
    if written in MARKETPLACES:
        return written
    raise Invalid(_("unknown marketplace {value!r} (use {choices})").format(
        value=cells.text(cell), choices=", ".join(MARKETPLACES)))  # fmt: skip


def _table_value(reader: Callable[[object], Any], what: str, known: str) -> Callable[[Any], Any]:
    """A reader of a platform word (type, status): unknown values are reported, never guessed."""

    def read(cell: Any) -> Any:
        found = reader(cell)
        if found is None:
            raise Invalid(_(
                "unknown {what} {value!r}: Purna does not guess, so nothing of this file was "
                "imported (known: {known})"
            ).format(what=what, value=cells.text(cell), known=known))  # fmt: skip
        return found.value if hasattr(found, "value") else found

    return read


def _known(table: dict[str, Any], own: tuple[str, ...] = ()) -> str:
    """Some of a value table's words, for the message about an unknown one."""
    words = [*own, *(k for k in table if k not in own)]
    return ", ".join(words[:8]) + (", …" if len(words) > 8 else "")


def _converter(spec: Field, clock: cells.Clock) -> Callable[[Any], Any]:
    kind = spec.value
    if kind == marketplaces.ID:
        return lambda cell: cells.identifier(cell, spec.name)
    if kind == marketplaces.TIME:
        return clock.time
    if kind == marketplaces.MONEY:
        return cells.money
    if kind == marketplaces.COUNT:
        return {"evidence_count": cells.evidence, "rating": cells.rating,
                "returned_quantity": cells.count}.get(spec.name, cells.quantity)  # fmt: skip
    if kind == marketplaces.REQUEST_TYPE:
        own = ("refund_only", "return_refund", "resend", "exchange")
        return _table_value(marketplaces.request_type_of, _("request type"),
                            _known(marketplaces.REQUEST_TYPES, own))  # fmt: skip
    if kind == marketplaces.RETURN_STATUS:
        outcome = _table_value(marketplaces.return_outcome, _("return status"),
                               _known(marketplaces.RETURN_OUTCOMES))  # fmt: skip
        return lambda cell: (cells.text(cell, "platform_status"), outcome(cell))
    if kind == marketplaces.ORDER_STATUS:
        return _table_value(marketplaces.order_status_of, _("order status"),
                            _known(marketplaces.ORDER_STATUSES))  # fmt: skip
    if kind == marketplaces.MARKETPLACE:
        return _marketplace
    return lambda cell: cells.text(cell, spec.name)


def _remembered(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Few distinct values, many rows (types, statuses): each answer once (errors are not)."""
    known: dict[Any, Any] = {}

    def read(cell: Any) -> Any:
        try:
            return known[cell]
        except (KeyError, TypeError):
            value = convert(cell)
            if cell.__class__ is str:
                known[cell] = value
            return value

    return read


@dataclass
class _Plan:
    """How to read one file: its format and, per stored field, the columns and the reader."""

    path: Path
    shown: str
    format: Format
    kind: str
    columns: list[tuple[str, tuple[int, ...], Callable[[Any], Any], bool]]
    present: frozenset[str]  # fields the file holds (only these update stored rows)
    status_column: str | None = None  # the raw platform status (kept verbatim too)


_CATEGORICAL = (marketplaces.REQUEST_TYPE, marketplaces.RETURN_STATUS, marketplaces.ORDER_STATUS,
                marketplaces.MARKETPLACE)  # fmt: skip


def is_chat_header(names: list[str]) -> bool:
    """Whether normalised headers `names` are those of Purna's chat format (core.chat_store),
    which `purna chat import` reads, not the general import."""
    from core.chat_store import REQUIRED

    return all(name in names for name in REQUIRED)


def _plan(path: Path, table: Any, kind: str | None, clock: cells.Clock) -> _Plan:
    shown = str(path)
    fmt = table.format
    if kind is not None and (fmt is None or fmt.marketplace is None):
        fmt = marketplaces.BY_ID[OWN_FORMATS[kind]]  # a Purna file: the kind named wins
    if fmt is None and is_chat_header(table.header):
        raise ImportFailed([RowError(shown, table.header_line, "-", _(
            "this is a Purna chat file: import it with purna chat import"))])  # fmt: skip
    if fmt is None:
        problem = (
            marketplaces.unplaced_message()
            + "; "
            + _("for a Purna file with other headers, name its kind with --kind")
        )
        raise ImportFailed([RowError(shown, table.header_line, "-", problem)])
    if kind is not None and fmt.kind != kind:
        raise ImportFailed([RowError(shown, table.header_line, "-", _(
            "this is a {format} (it holds {kind}), not a {wanted} file"
        ).format(format=_(fmt.title), kind=fmt.kind, wanted=kind))])  # fmt: skip
    errors = []
    names = table.header
    for spec in fmt.missing_required(names):
        problem = _("required column is missing")
        if spec.headers != (spec.name,):
            problem += " " + _("(looked for: {headers})").format(headers=" / ".join(spec.headers))
        errors.append(RowError(shown, table.header_line, spec.headers[0], problem))
    located = fmt.locate(names)
    for spec in fmt.fields:
        keys = set(spec.keys)
        if spec.required and sum(1 for n in names if n in keys) > len(keys):
            errors.append(RowError(shown, table.header_line, spec.headers[0],
                                   _("column appears twice")))  # fmt: skip
    if errors:
        raise ImportFailed(errors, fmt.title)
    wanted = _stored_fields(fmt.kind)
    columns = []
    for spec in fmt.fields:
        if spec.name not in located or spec.name not in wanted:
            continue
        convert = _converter(spec, clock)
        if spec.value in _CATEGORICAL:
            convert = _remembered(convert)
        columns.append((spec.name, located[spec.name], convert, spec.required))
    present = frozenset(name for name, *_rest in columns)
    table.only({position for _name, positions, *_rest in columns for position in positions})
    return _Plan(path, shown, fmt, fmt.kind, columns, present)


def _stored_fields(kind: str) -> frozenset[str]:
    if kind == "requests":
        return frozenset({"request_id", *REQUEST_FIELDS, *ITEM_FIELDS})
    if kind == "orders":
        return frozenset({"marketplace", "order_id", "sku", *ORDER_FIELDS})
    return frozenset({"marketplace", "order_id", "sku", *REVIEW_FIELDS})


def _rows(plan: _Plan, table: Any, errors: list[RowError]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, values) of every good row; problems go to `errors` (all of them, every row)."""
    columns = plan.columns
    shown = plan.shown
    default_market = plan.format.marketplace
    # most fields have one column: read it directly (several are spelling variants)
    singles = [positions[0] if len(positions) == 1 else None for _n, positions, *_r in columns]
    fields = [(*spec, single) for spec, single in zip(columns, singles, strict=True)]
    for line, row in table.rows:
        width = len(row)
        values: dict[str, Any] = {}
        problems: list[RowError] = []
        blank = True
        for name, positions, convert, required, single in fields:
            if single is not None:
                cell = row[single] if single < width else None
                if cell.__class__ is str:
                    cell = cell.strip() or None
            else:
                cell = None
                for position in positions:
                    if position < width:
                        found = row[position]
                        if found.__class__ is str:
                            found = found.strip()
                        if found is not None and found != "":
                            cell = found
                            break
            if cell is None:
                if required:
                    problems.append(RowError(shown, line, name, _("is empty")))
                continue
            blank = False
            try:
                values[name] = convert(cell)
            except Invalid as exc:
                problems.append(RowError(shown, line, name, str(exc)))
        if blank:
            continue  # an empty line, or one with only columns Purna does not read
        if default_market is not None:
            values["marketplace"] = default_market
        else:
            values.setdefault("marketplace", DEFAULT_MARKETPLACE)
        if plan.kind == "orders" and values.get("status") == "delivered" and (
            "delivered_at" in plan.present and values.get("delivered_at") is None
            and plan.format.marketplace is None
        ):  # fmt: skip
            problems.append(RowError(shown, line, "delivered_at",
                                     _("is required when the status is delivered")))  # fmt: skip
        if problems:
            errors.extend(problems)
            continue
        yield line, values


# --- the import ------------------------------------------------------------------------


class _DryRun(Exception):
    """Raised at the end of a dry run so that the write transaction rolls back."""


def import_file(
    store: Any,
    path: Path,
    *,
    now: datetime,
    actor: str,
    kind: str | None = None,
    dry_run: bool = False,
    detail: dict[str, Any] | None = None,
) -> ImportResult:
    """Check `path` and write it to `store` in one transaction (or only say what it would
    write, with `dry_run`); raise ImportFailed, having written nothing, if any row is bad."""
    now = now.astimezone(UTC)
    if kind is not None and kind not in KINDS:
        raise ImportFailed([RowError(str(path), 0, "-", _("unknown kind {kind!r}").format(
            kind=kind))])  # fmt: skip
    clock = cells.Clock(store.shop_zone, now)
    try:
        table = read_table(path)
        plan = _plan(path, table, kind, clock)
    except TableError as exc:
        raise ImportFailed(table_errors(str(path), exc)) from None
    result = ImportResult(str(path), plan.kind, plan.format.id, plan.format.title,
                          dry_run=dry_run)  # fmt: skip
    errors: list[RowError] = []
    # a big file is read by a second process while this one writes (before the write
    # transaction opens: the reader is forked and must not share it)
    size = _size(path)
    with reading.few_collections(size):
        rows = reading.in_parallel(lambda found: _rows(plan, table, found), errors, size)
        try:
            with store.write() as session:
                store.lock(session, "import")  # two terminals importing one file: one writes
                permissions.require(session, actor, "import")
                writer = _WRITERS[plan.kind](store, session, plan, result, actor, now)
                writer.detail = detail or {}
                try:
                    writer.run(rows, errors)
                except TableError as exc:
                    errors.extend(table_errors(plan.shown, exc))
                if errors:
                    raise ImportFailed(errors, plan.format.title)
                writer.finish()
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
    return result


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


# --- writing ---------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime | date) else value


class _Writer:
    """Writes one kind of record in chunks; stops writing (but keeps reading) after an error."""

    key_names: tuple[str, ...] = ()

    def __init__(self, store: Any, session: Any, plan: _Plan, result: ImportResult, actor: str,
                 now: datetime) -> None:  # fmt: skip
        self.store, self.session, self.plan, self.result = store, session, plan, result
        self.actor, self.now = actor, now
        self.connection = session.connection()
        self.seen: dict[tuple[Any, ...], int] = {}  # key -> first line, over the whole file
        self.event_id = 0
        self.detail: dict[str, Any] = {}  # extra words for the file's event (the demo's flag)

    def file_event(self) -> int:
        """The import's own event, written before the first row that changes anything."""
        if not self.event_id:
            self.event_id = audit.append(self.session, at=self.now, actor=self.actor,
                                         action="import", detail={
                                             "file": self.plan.path.name,
                                             "format": self.plan.format.id, **self.detail,
                                         }).id or 0  # fmt: skip
        return self.event_id

    def run(self, rows: Iterator[tuple[int, dict[str, Any]]], errors: list[RowError]) -> None:
        chunk: list[tuple[int, dict[str, Any]]] = []
        for line, values in rows:
            self.result.rows += 1
            chunk.append((line, values))
            if len(chunk) >= CHUNK:
                self._take(chunk, errors)
                chunk = []
        self._take(chunk, errors)

    def _take(self, chunk: list[tuple[int, dict[str, Any]]], errors: list[RowError]) -> None:
        records = self.group(chunk, errors)
        if records and not errors:  # after a bad row nothing more is written
            self.write(records)

    def group(self, chunk: list[tuple[int, dict[str, Any]]],
              errors: list[RowError]) -> list[Any]:  # fmt: skip
        raise NotImplementedError

    def write(self, records: list[Any]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """After the last chunk: the file event's counts."""
        if self.event_id:
            counts = {"rows": self.result.rows, "inserted": self.result.inserted,
                      "updated": self.result.updated, "closed": self.result.closed}  # fmt: skip
            # the counts are known only now: a second event closes the import
            audit.append(self.session, at=self.now, actor=self.actor, action="import_done",
                         detail={"file": self.plan.path.name, **counts, **self.detail})  # fmt: skip

    def existing(self, table: Any, keys: list[tuple[Any, ...]], columns: list[Any],
                 lock: bool = False) -> dict[tuple[Any, ...], Any]:  # fmt: skip
        """Stored rows of `keys`, as mappings, by key."""
        found = self.store.existing_ids(self.session, table, self.key_names, keys)
        rows: dict[tuple[Any, ...], Any] = {}
        ids = list(found.values())
        for start in range(0, len(ids), LOOKUP_CHUNK):
            statement = select(table.c.id, *[table.c[k] for k in self.key_names], *columns).where(
                table.c.id.in_(ids[start : start + LOOKUP_CHUNK]))  # fmt: skip
            if lock:  # a decision on another terminal waits for this import
                statement = statement.with_for_update()
            for row in self.session.execute(statement).mappings():
                rows[tuple(row[k] for k in self.key_names)] = row
        return rows


@dataclass
class _Request:
    line: int
    values: dict[str, Any]
    items: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


class _RequestWriter(_Writer):
    key_names = ("marketplace", "request_id")

    def group(self, chunk: list[tuple[int, dict[str, Any]]],
              errors: list[RowError]) -> list[_Request]:  # fmt: skip
        """The rows of one request (one per SKU) as one request with items."""
        grouped: dict[tuple[Any, ...], _Request] = {}
        for line, values in chunk:
            key = (values["marketplace"], values["request_id"])
            item = {name: values.get(name) for name in ITEM_FIELDS}
            item["quantity"] = item["quantity"] or 1
            request = grouped.get(key)
            if request is None and key in self.seen:  # its first rows came in an earlier chunk
                request = grouped[key] = _Request(self.seen[key], values, lines=[])
                request.values["_continued"] = True
            if request is None:
                self.seen[key] = line
                request = grouped[key] = _Request(line, values)
            else:
                first = request.values
                for name in ("order_id", "request_type"):
                    if name in values and first.get(name) != values[name]:
                        errors.append(RowError(self.plan.shown, line, name, _(
                            "differs from line {line} of the same request"
                        ).format(line=request.line)))  # fmt: skip
            request.items.append(item)
            request.lines.append(line)
        return list(grouped.values())

    def write(self, records: list[_Request]) -> None:
        table = Request.__table__  # type: ignore[attr-defined]
        zone = self.store.shop_zone
        for request in records:
            values, items = request.values, request.items
            values.update(
                amount=sum(i["amount"] for i in items),
                quantity=sum(i["quantity"] for i in items),
                sku=items[0]["sku"], product_name=items[0]["product_name"],
                item_count=len(items),
            )  # fmt: skip
            if "created_at" in values:
                values["respond_by"] = respond_by(values["created_at"], zone)
            if "platform_status" in values:
                values["platform_status"], values["platform_outcome"] = values["platform_status"]
        continued = [r for r in records if r.values.pop("_continued", False)]
        fresh = [r for r in records if r not in continued]
        keys = [(r.values["marketplace"], r.values["request_id"]) for r in fresh]
        compared = self._compared()
        stored = self.existing(table, keys, [table.c[c] for c in compared] + [
            table.c.version, table.c.state, table.c.is_open, table.c.answered],
            lock=True)  # fmt: skip
        new = [r for r, key in zip(fresh, keys, strict=True) if key not in stored]
        old = [(r, stored[key]) for r, key in zip(fresh, keys, strict=True) if key in stored]
        if new:
            self._insert(new)
        if old:
            self._update(old, compared)
        if continued:
            self._extend(continued)

    def _compared(self) -> list[str]:
        """The columns a newer export may change: those the file holds, and what follows."""
        present = self.plan.present
        columns = [c for c in REQUEST_FIELDS if c in present and c != "marketplace"]
        columns += ["amount", "quantity", "sku", "product_name", "item_count"]
        if "created_at" in present:
            columns.append("respond_by")
        if "platform_status" in present:
            columns.append("platform_outcome")
        return columns

    # -- new requests --

    def _insert(self, new: list[_Request]) -> None:
        table = Request.__table__  # type: ignore[attr-defined]
        event = self.file_event()
        present = self.plan.present
        rows = []
        for request in new:
            v = request.values
            closed = platform_closes(v.get("platform_outcome"))
            answered = not closed and platform_answered(v.get("platform_outcome"))
            row = {
                "marketplace": v["marketplace"], "request_id": v["request_id"],
                "order_id": v["order_id"], "request_type": v["request_type"],
                "created_at": v.get("created_at"), "respond_by": v.get("respond_by"),
                "buyer_name": v.get("buyer_name"), "buyer_comment": v.get("buyer_comment"),
                "reason": v.get("reason"), "sku": v["sku"], "product_name": v.get("product_name"),
                "quantity": v["quantity"], "amount": v["amount"],
                # the marketplaces' exports do not say: unknown, not none
                "evidence_count": v.get("evidence_count", 0 if "evidence_count" in present
                                        else None),
                "return_awb": v.get("return_awb"), "item_count": v["item_count"],
                "platform_status": v.get("platform_status"),
                "platform_outcome": v.get("platform_outcome"),
                "platform_sub_status": v.get("platform_sub_status"),
                "compensation_amount": v.get("compensation_amount"),
                "refunded_at": v.get("refunded_at"), "source_format": self.plan.format.id,
                "state": State.CLOSED.value if closed else State.NEW.value,
                "is_open": not closed, "claimed_by": None, "version": 1,
                "answered": answered, "imported_at": self.now, "updated_at": self.now,
                "event_id": event,
            }  # fmt: skip
            rows.append(row)
            self.result.inserted += 1
            self.result.records += 1
            if answered:
                self.result.answered += 1
            if closed:
                self.result.arrived_closed += 1
            elif v.get("created_at") is None:
                self.result.unknown_deadlines += 1
        self.store.bulk_insert(self.session, table, rows)
        keys = [(r["marketplace"], r["request_id"]) for r in rows]
        pks = self.store.existing_ids(self.session, table, self.key_names, keys)
        created = [pks[key] for key in keys]
        self._items(zip(created, (r.items for r in new), strict=True))
        events = audit.append_many(self.connection, [
            audit.Spec(at=self.now, actor=self.actor, action="created", request_pk=pk,
                       request_version=1, after_state=row["state"],
                       detail={"line": request.line, **({"platform_status": row["platform_outcome"]}
                                                        if row["state"] == State.CLOSED.value
                                                        else {})})
            for pk, row, request in zip(created, rows, new, strict=True)
        ])  # fmt: skip
        self.store.bulk_update(self.session, table, [
            {"id": pk, "event_id": e} for pk, e in zip(created, events, strict=True)])  # fmt: skip

    def _items(self, pairs: Any) -> None:
        table = RequestItem.__table__  # type: ignore[attr-defined]
        rows = [
            {"request_pk": pk, "position": position, "sku": item["sku"],
             "product_name": item.get("product_name"), "variation": item.get("variation"),
             "quantity": item["quantity"], "amount": item["amount"], "condition": None}
            for pk, items in pairs for position, item in enumerate(items, start=1)
        ]  # fmt: skip
        self.store.bulk_insert(self.session, table, rows)

    # -- requests already stored --

    def _update(self, old: list[tuple[_Request, Any]], compared: list[str]) -> None:
        """A newer export of stored requests: its fields, its items, the platform's outcome."""
        table = Request.__table__  # type: ignore[attr-defined]
        stored_items = self._stored_items([row["id"] for _request, row in old])
        specs: list[audit.Spec] = []
        changes: list[dict[str, Any]] = []  # per changed request: new values and version
        item_changes: list[tuple[int, list[dict[str, Any]]]] = []
        reopened: list[tuple[dict[str, Any], int]] = []  # (change, index of its spec)
        for request, row in old:
            self.result.records += 1
            values, pk, file = request.values, row["id"], self.plan.path.name
            diff = {c: (row[c], values[c]) for c in compared if c in values and row[c] != values[c]}
            wanted = [tuple(i.get(n) for n in ITEM_FIELDS) for i in request.items]
            if [item[:5] for item in stored_items.get(pk, [])] != wanted:
                diff["items"] = (len(stored_items.get(pk, [])), len(wanted))
                item_changes.append((pk, request.items))
            version, state, open_now = row["version"], row["state"], row["is_open"]
            change: dict[str, Any] = {"_id": pk}
            if diff:
                version += 1
                change.update({c: values[c] for c in diff if c != "items"})
                specs.append(audit.Spec(
                    at=self.now, actor=self.actor, action="import_update", request_pk=pk,
                    request_version=version, before_state=state, after_state=state,
                    detail={"file": file, "line": request.line,
                            "changed": {c: [_plain(a), _plain(b)] for c, (a, b) in diff.items()}},
                ))  # fmt: skip
                self.result.updated += 1
            outcome = values.get("platform_outcome")
            reopening = False
            if open_now and platform_closes(outcome):
                version += 1
                change.update(state=State.CLOSED.value, is_open=False)
                specs.append(audit.Spec(
                    at=self.now, actor=self.actor, action="platform_closed", request_pk=pk,
                    request_version=version, before_state=state, after_state=State.CLOSED.value,
                    detail={"file": file, "line": request.line, "platform_status": outcome},
                ))  # fmt: skip
                self.result.closed += 1
                open_now = False
            elif state == State.CLOSED.value and outcome and not platform_closes(outcome):
                version += 1
                if platform_answered(outcome):  # the reopening event says so (its status)
                    change.update(answered=True)
                reopened.append((change, len(specs)))
                specs.append(audit.Spec(
                    at=self.now, actor=self.actor, action="platform_reopened", request_pk=pk,
                    request_version=version, before_state=state, after_state=State.NEW.value,
                    detail={"file": file, "line": request.line, "platform_status": outcome},
                ))  # fmt: skip
                self.result.reopened += 1
                open_now = reopening = True
            if open_now and not reopening and not row["answered"] and platform_answered(outcome):
                version += 1
                change.update(answered=True)
                specs.append(audit.Spec(
                    at=self.now, actor=self.actor, action="platform_answered", request_pk=pk,
                    request_version=version, before_state=state, after_state=state,
                    detail={"file": file, "line": request.line, "platform_status": outcome},
                ))  # fmt: skip
                self.result.answered += 1
            deadline = values["respond_by"] if "respond_by" in values else row["respond_by"]
            if open_now and deadline is None:
                self.result.unknown_deadlines += 1
            if version == row["version"]:
                self.result.unchanged += 1
                continue
            change["_version"] = version
            changes.append(change)
        if not changes:
            return
        if reopened:
            self._reopen(specs, reopened)
        self.file_event()
        events = audit.append_many(self.connection, specs)
        last_event = {spec.request_pk: event for spec, event in zip(specs, events, strict=True)}
        if item_changes:
            self._replace_items(item_changes)
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for change in changes:
            change["_event"] = last_event[change["_id"]]
            columns = tuple(sorted(k for k in change if not k.startswith("_")))
            groups.setdefault(columns, []).append(change)
        for columns, rows in groups.items():
            assigned: dict[str, Any] = {c: bindparam(c) for c in columns}
            assigned.update(version=bindparam("_version"), event_id=bindparam("_event"),
                            updated_at=self.now)  # fmt: skip
            self.connection.execute(
                update(table).where(table.c.id == bindparam("_id")).values(**assigned), rows
            )

    def _reopen(self, specs: list[audit.Spec], reopened: list[tuple[dict[str, Any], int]]) -> None:
        """A request the platform reopens (the buyer appealed) goes back to the state it was
        closed from: the before-state of its last "closed by the platform" event."""
        pks = [change["_id"] for change, _index in reopened]
        last = (
            select(audit_table.c.request_pk, audit_table.c.before_state)
            .where(audit_table.c.action == "platform_closed",
                   audit_table.c.request_pk.in_(pks))
            .order_by(audit_table.c.id)
        )  # fmt: skip
        before = {pk: state for pk, state in self.connection.execute(last)}  # the newest wins
        for change, index in reopened:
            state = before.get(change["_id"]) or State.NEW.value
            change.update(state=state, is_open=True)
            spec = specs[index]
            specs[index] = audit.Spec(
                spec.at,
                spec.actor,
                spec.action,
                spec.request_pk,
                spec.request_version,
                spec.before_state,
                state,
                spec.detail,
            )

    def _stored_items(self, pks: list[int]) -> dict[int, list[tuple[Any, ...]]]:
        table = RequestItem.__table__  # type: ignore[attr-defined]
        found: dict[int, list[tuple[Any, ...]]] = {}
        for start in range(0, len(pks), LOOKUP_CHUNK):
            for row in self.session.execute(
                select(table.c.request_pk, table.c.sku, table.c.product_name, table.c.variation,
                       table.c.quantity, table.c.amount, table.c.condition)
                .where(table.c.request_pk.in_(pks[start : start + LOOKUP_CHUNK]))
                .order_by(table.c.request_pk, table.c.position)
            ):  # fmt: skip
                found.setdefault(row[0], []).append(tuple(row[1:]))
        return found

    def _replace_items(self, changes: list[tuple[int, list[dict[str, Any]]]]) -> None:
        """A newer export's items; an inspected item keeps its condition (same SKU)."""
        table = RequestItem.__table__  # type: ignore[attr-defined]
        pks = [pk for pk, _items in changes]
        conditions = {
            (pk, sku): condition
            for pk, rows in self._stored_items(pks).items()
            for sku, *_rest, condition in rows
            if condition
        }
        self.connection.execute(delete(table).where(table.c.request_pk.in_(pks)))
        rows = [
            {"request_pk": pk, "position": position, "sku": item["sku"],
             "product_name": item.get("product_name"), "variation": item.get("variation"),
             "quantity": item["quantity"], "amount": item["amount"],
             "condition": conditions.get((pk, item["sku"]))}
            for pk, items in changes for position, item in enumerate(items, start=1)
        ]  # fmt: skip
        self.connection.execute(insert(table), rows)

    # -- a request whose rows span two chunks --

    def _extend(self, continued: list[_Request]) -> None:
        """More items of a request written by an earlier chunk of this same file."""
        table = Request.__table__  # type: ignore[attr-defined]
        keys = [(r.values["marketplace"], r.values["request_id"]) for r in continued]
        stored = self.existing(table, keys, [table.c.amount, table.c.quantity,
                                             table.c.item_count])  # fmt: skip
        items = RequestItem.__table__  # type: ignore[attr-defined]
        for request, key in zip(continued, keys, strict=True):
            row = stored[key]
            start = row["item_count"]
            self.connection.execute(insert(items), [
                {"request_pk": row["id"], "position": start + n, "sku": i["sku"],
                 "product_name": i.get("product_name"), "variation": i.get("variation"),
                 "quantity": i["quantity"], "amount": i["amount"], "condition": None}
                for n, i in enumerate(request.items, start=1)
            ])  # fmt: skip
            self.connection.execute(update(table).where(table.c.id == row["id"]).values(
                amount=row["amount"] + sum(i["amount"] for i in request.items),
                quantity=row["quantity"] + sum(i["quantity"] for i in request.items),
                item_count=start + len(request.items),
            ))  # fmt: skip


class _OrderWriter(_Writer):
    key_names = ("marketplace", "order_id", "sku")
    table = Order.__table__  # type: ignore[attr-defined]
    fields = ORDER_FIELDS

    def group(self, chunk: list[tuple[int, dict[str, Any]]],
              errors: list[RowError]) -> list[tuple[int, dict[str, Any]]]:  # fmt: skip
        """Order lines; the same SKU twice in one order is one line (quantities added)."""
        lines: dict[tuple[Any, ...], tuple[int, dict[str, Any]]] = {}
        out: list[tuple[int, dict[str, Any]]] = []
        pick = itemgetter(*self.key_names)
        for line, values in chunk:
            key = pick(values)
            if key in lines:
                first = lines[key][1]
                first["quantity"] = (first.get("quantity") or 1) + (values.get("quantity") or 1)
                continue
            if key in self.seen:
                errors.append(RowError(self.plan.shown, line, "sku", _(
                    "same order and SKU as line {line}").format(line=self.seen[key])))  # fmt: skip
                continue
            self.seen[key] = line
            lines[key] = (line, values)
            out.append((line, values))
        return out

    def _compared(self) -> list[str]:
        return [c for c in self.fields if c in self.plan.present]

    def write(self, records: list[tuple[int, dict[str, Any]]]) -> None:
        table = self.table
        compared = self._compared()
        pick = itemgetter(*self.key_names)
        keys = [pick(v) for _line, v in records]
        stored = self.existing(table, keys, [table.c[c] for c in compared])
        new, changed = [], []
        for (_line, values), key in zip(records, keys, strict=True):
            self.result.records += 1
            old = stored.get(key)
            if old is None:
                new.append(values)
                continue
            diff = [c for c in compared if old[c] != values.get(c)]
            if diff:
                changed.append({"_id": old["id"], **{c: values.get(c) for c in diff}})
            else:
                self.result.unchanged += 1
        if not new and not changed:
            return
        event = self.file_event()
        if new:
            lines = self.new_values(new, event)
            self.store.insert_records(self.session, table, self.new_columns(), lines)
            self.result.inserted += len(new)
        if changed:
            groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
            for change in changed:
                groups.setdefault(tuple(sorted(k for k in change if k != "_id")), []).append(change)
            for columns, rows in groups.items():
                values = {c: bindparam(c) for c in columns}
                values.update(event_id=event, **self.touched())
                self.connection.execute(
                    update(table).where(table.c.id == bindparam("_id")).values(**values), rows
                )
            self.result.updated += len(changed)

    def touched(self) -> dict[str, Any]:
        return {"updated_at": self.now}

    # New lines go to the store as lists in `new_columns()` order, not a dict each: building
    # and then unpicking 100,000 dicts was a fifth of the writing process's time.

    def new_columns(self) -> list[str]:
        return [*self.key_names, *self.fields, "source_format", "imported_at", "updated_at",
                "event_id"]  # fmt: skip

    def new_values(self, new: list[dict[str, Any]], event: int) -> list[list[Any]]:
        key = itemgetter(*self.key_names)
        fields = self.fields
        after = (self.plan.format.id, self.now, self.now, event)
        quantity = len(self.key_names) + fields.index("quantity")
        records = []
        for values in new:
            record = [*key(values), *map(values.get, fields), *after]
            record[quantity] = record[quantity] or 1  # a line without one is one piece
            records.append(record)
        return records


class _ReviewWriter(_OrderWriter):
    table = Review.__table__  # type: ignore[attr-defined]
    fields = REVIEW_FIELDS

    def group(self, chunk: list[tuple[int, dict[str, Any]]],
              errors: list[RowError]) -> list[tuple[int, dict[str, Any]]]:  # fmt: skip
        out = []
        pick = itemgetter(*self.key_names)
        for line, values in chunk:
            key = pick(values)
            if key in self.seen:
                errors.append(RowError(self.plan.shown, line, "sku", _(
                    "same order and SKU as line {line}").format(line=self.seen[key])))  # fmt: skip
                continue
            self.seen[key] = line
            out.append((line, values))
        return out

    def touched(self) -> dict[str, Any]:
        return {}

    def new_columns(self) -> list[str]:
        return [*self.key_names, *self.fields, "imported_at", "event_id"]

    def new_values(self, new: list[dict[str, Any]], event: int) -> list[list[Any]]:
        key = itemgetter(*self.key_names)
        after = (self.now, event)
        return [[*key(values), *map(values.get, self.fields), *after] for values in new]


_WRITERS: dict[str, type[_Writer]] = {
    "requests": _RequestWriter,
    "orders": _OrderWriter,
    "reviews": _ReviewWriter,
}

__all__ = ["ImportFailed", "ImportResult", "RowError", "import_file"]
