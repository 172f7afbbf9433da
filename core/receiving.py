"""Receiving returned parcels: find the request by a scanned code, confirm receipt, inspect.

A scan is a return AWB or an order id. Receipt moves the request to "received" and
puts the item on the shelf in one transaction, which also starts the 48 h window to
dispute a wrong item (DOMAIN.md §2, §3 "Konfirmasi Penerimaan"). A code that matches
no request is recorded as an unmatched parcel, kept in quarantine and listed until
someone matches it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy import func, or_, select
from sqlmodel import Session, col

from core import audit, shelf
from core.actions import Done, Refused, acting, decide_in, locked
from core.claims_store import order_found_for_parcel
from core.db import Store
from core.i18n import N_, _
from core.models import Request, UnmatchedParcel
from core.queries import find_in
from core.rows import QUEUE_COLUMNS, QueueRow, queue_row
from core.workflow import CONDITIONS, FAULTY_CONDITIONS, RequestType, State, is_open

RETURN_TYPES = (RequestType.RETURN_REFUND.value, RequestType.EXCHANGE.value)


@dataclass(frozen=True)
class Parcel:
    parcel_id: int
    code: str
    received_at: datetime
    received_by: str
    note: str | None
    location: str | None


@dataclass(frozen=True)
class Lookup:
    """What a scanned code found: matching return/exchange requests, and earlier parcels."""

    code: str
    requests: tuple[QueueRow, ...]
    return_awbs: tuple[str | None, ...]  # beside each request
    parcels: tuple[Parcel, ...]  # unmatched parcels recorded under this code


# What the receiving desk does next with a scanned return, by the request's state
# (DOMAIN.md §1, §3: approve, receive, inspect, then decide on the request screen).
NEXT_AT_THE_DESK = {
    State.NEW: N_("The return is not approved in Purna yet: open the request (ctrl+o) "
                  "and approve it (a) first."),
    State.STOCK_CONFIRMED: N_("The exchange's return is not approved in Purna yet: "
                              "open the request (ctrl+o) and approve it first."),
    State.RETURN_APPROVED: N_("ctrl+r confirms receipt of this parcel."),
    State.RECEIVED: N_("ctrl+p records the inspection of the item."),
    State.INSPECTED: N_("Open the request (ctrl+o) to refund, dispute or ship the "
                        "replacement."),
}  # fmt: skip


def next_at_the_desk(kind: RequestType, state: State) -> tuple[str, bool]:
    """The receiving desk's next step for a request (translated), and whether one is left."""
    if not is_open(kind, state):
        return _("Already decided: nothing more to do here."), False
    return _(NEXT_AT_THE_DESK.get(state, N_("Open the request (ctrl+o) for its next step."))), True


def _code(text: str) -> str:
    return text.strip().upper()


def lookup(store: Store, code: str) -> Lookup:
    """Requests whose return AWB or order id is `code` (any case), open ones first."""
    wanted = _code(code)
    with store.read() as session:
        rows = session.execute(
            select(*(getattr(Request, name) for name in QUEUE_COLUMNS), Request.return_awb)
            .where(col(Request.request_type).in_(RETURN_TYPES),
                   or_(func.upper(col(Request.return_awb)) == wanted,
                       func.upper(col(Request.order_id)) == wanted))
            .order_by(col(Request.is_open).desc(), col(Request.respond_by), col(Request.id))
        ).all()  # fmt: skip
        parcels = _parcels(session, wanted)
    return Lookup(wanted, tuple(queue_row(r) for r in rows), tuple(r[-1] for r in rows), parcels)


def requests_for_parcel(store: Store, code: str) -> list[QueueRow]:
    """The requests an unmatched parcel may belong to, from what the clerk typed: its
    return AWB or order id, else the request id itself."""
    found = lookup(store, code).requests
    if found:
        return list(found)
    by_id = find_in(store, code)
    return [by_id] if by_id is not None else []


def _parcels(session: Session, code: str | None) -> tuple[Parcel, ...]:
    from core.models import ShelfItem

    statement = (
        select(UnmatchedParcel, ShelfItem.location)
        .join(
            ShelfItem,
            (col(ShelfItem.parcel_pk) == col(UnmatchedParcel.id))
            & col(ShelfItem.outcome).is_(None),
            isouter=True,
        )
        .where(col(UnmatchedParcel.matched_request_pk).is_(None))
        .order_by(col(UnmatchedParcel.received_at))
    )
    if code is not None:
        statement = statement.where(func.upper(col(UnmatchedParcel.code)) == code)
    return tuple(
        Parcel(p.id or 0, p.code, p.received_at, p.received_by, p.note, location)
        for p, location in session.execute(statement).all()
    )


def unmatched(store: Store) -> list[Parcel]:
    """Every parcel still waiting to be matched, oldest first."""
    with store.read() as session:
        return list(_parcels(session, None))


def confirm_receipt(
    store: Store, *, pk: int, login: str, version: int, now: datetime, location: str = ""
) -> Done:
    """Konfirmasi Penerimaan: the request becomes "received" and its item goes on the shelf.

    An unmatched parcel recorded earlier under the request's return AWB or order id is
    matched now, and its item stays where it already lies.
    """
    now = now.astimezone(UTC)
    with store.write() as session:
        done = decide_in(session, store, pk=pk, action="confirm_receipt", login=login,
                         version=version, now=now)  # fmt: skip
        request = locked(session, pk)
        codes = {_code(c) for c in (request.return_awb, request.order_id) if c}
        for parcel in [p for c in codes for p in _parcels(session, c)]:
            _match_in(session, parcel.parcel_id, request, login, now)
        shelf.shelve_received(session, request, login=login, now=now, location=location or None)
        return replace(done, version=request.version)  # the shelf's events count too


def overall(conditions: list[str]) -> str:
    """The request's inspection from its items': as described only if every item is; else
    the first fault found (one faulty item makes the return disputable, never restockable)."""
    return next((c for c in conditions if c in FAULTY_CONDITIONS), "as_described")


def inspect(
    store: Store,
    *,
    pk: int,
    condition: str | dict[int, str],
    note: str,
    evidence: list[str],
    login: str,
    version: int,
    now: datetime,
    location: str = "",
) -> Done:
    """Record what inspection found, per item (`condition` by request item id, or one
    condition for every item); a faulty item moves to quarantine in the same step."""
    now = now.astimezone(UTC)
    refs = [ref.strip() for ref in evidence if ref.strip()]
    with store.write() as session:
        parts = shelf.request_items(session, pk)
        given = condition if isinstance(condition, dict) else {p.id or 0: condition for p in parts}
        found = [given.get(p.id or 0, "") for p in parts]
        if not parts or any(c not in CONDITIONS for c in found):
            raise Refused(_("Say what condition each item is in."), "input")
        done = decide_in(session, store, pk=pk, action="inspect", login=login, version=version,
                         now=now, inspection=overall(found))  # fmt: skip
        request = locked(session, pk)
        request.inspection_note = note.strip() or None
        request.inspection_evidence = json.dumps(refs, ensure_ascii=False) if refs else None
        places = {}
        for part, state in zip(parts, found, strict=True):
            part.condition = state
            places[part.sku] = shelf.file_inspected_in(session, request, part, state, location,
                                                       login=login, now=now).location  # fmt: skip
        detail = {"conditions": {p.sku: c for p, c in zip(parts, found, strict=True)},
                  "note": note.strip(), "evidence": refs, "locations": places}  # fmt: skip
        audit.append(session, at=now, actor=login, action="inspection_detail", request=request,
                     before_state=request.state, detail=detail)  # fmt: skip
        return replace(done, version=request.version)  # the shelf's events count too


def record_unmatched(
    store: Store, *, code: str, note: str, login: str, now: datetime, location: str = ""
) -> Parcel:
    """Keep a parcel nobody can match yet: listed, and placed in quarantine."""
    now = now.astimezone(UTC)
    wanted = _code(code)
    if not wanted:
        raise Refused(_("Scan or type the parcel's code first."), "input")
    with store.write() as session:
        acting(session, login, "parcel_record")
        parcel = UnmatchedParcel(code=wanted, received_at=now, received_by=login,
                                 note=note.strip() or None)  # fmt: skip
        session.add(parcel)
        session.flush()
        item = shelf.place_in(session, login=login, now=now, location=location or None,
                              parcel=parcel)  # fmt: skip
        detail = {"code": wanted, "parcel": parcel.id, "location": item.location}
        audit.append(session, at=now, actor=login, action="parcel_unmatched", touches=[parcel],
                     detail=detail)  # fmt: skip
        return Parcel(parcel.id or 0, wanted, now, login, parcel.note, item.location)


def _match_in(
    session: Session, parcel_id: int, request: Request, login: str, now: datetime
) -> None:
    from core.models import ShelfItem

    parcel = session.get(UnmatchedParcel, parcel_id)
    if parcel is None or parcel.matched_request_pk is not None:
        raise Refused(_("This parcel is matched already."), "state")
    parcel.matched_request_pk, parcel.matched_at, parcel.matched_by = request.id, now, login
    items = list(session.execute(
        select(ShelfItem).where(
            col(ShelfItem.parcel_pk) == parcel_id, col(ShelfItem.outcome).is_(None)
        )
    ).scalars())  # fmt: skip
    first = next(iter(shelf.request_items(session, request.id or 0)), None)
    for item in items:  # the parcel's box stands for the request's first item until receipt
        item.request_pk, item.sku = request.id, first.sku if first else request.sku
        item.request_item_pk = first.id if first else None
    audit.append(session, at=now, actor=login, action="parcel_matched", request=request,
                 before_state=request.state, touches=[parcel, *items],
                 detail={"code": parcel.code, "parcel": parcel_id})  # fmt: skip
    order_found_for_parcel(session, parcel_id, request.marketplace, request.order_id, login,
                           now)  # fmt: skip


def match_parcel(store: Store, *, parcel_id: int, pk: int, login: str, now: datetime) -> None:
    """Tie an unmatched parcel to the request it turned out to belong to."""
    now = now.astimezone(UTC)
    with store.write() as session:
        acting(session, login, "parcel_match")
        request = session.get(Request, pk)
        if request is not None:
            request = locked(session, pk)
        if request is None or request.request_type not in RETURN_TYPES:
            raise Refused(_("Only a return or exchange request can receive a parcel."), "input")
        _match_in(session, parcel_id, request, login, now)
