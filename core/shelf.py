"""The labelled return shelf: locations, what lies where and for how long, restock or dispose.

Damaged, wrong and incomplete items live in the quarantine area and can never be
restocked, so they are not resold (DOMAIN.md §4 "Labeli Produk Retur dengan Benar").
Every placement, move and outcome is an audit event.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from sqlalchemy import Select, func, select
from sqlmodel import Session, col

from core import audit, permissions
from core.actions import Refused, acting, locked
from core.db import Store
from core.formatting import format_local_date
from core.i18n import N_, _
from core.labels import Label
from core.models import Request, RequestItem, ShelfItem, ShelfLocation, UnmatchedParcel
from core.workflow import CONDITIONS, FAULTY_CONDITIONS

AREAS = ("return", "quarantine")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,39}$")
MIN_DISPOSE_REASON = 5


@dataclass(frozen=True)
class Location:
    code: str
    area: str
    active: bool
    items: int


@dataclass(frozen=True)
class Entry:
    """One item on the shelf, as the shelf screen lists it."""

    item_id: int
    location: str
    area: str
    reference: str  # request id, or the parcel's code while unmatched
    request_pk: int | None
    sku: str | None
    condition: str | None  # None: not inspected yet
    placed_at: datetime
    placed_by: str

    def age_days(self, now: datetime) -> int:
        return max(0, (now - self.placed_at).days)

    @property
    def restockable(self) -> bool:
        return can_restock(self.condition)


def can_restock(condition: str | None) -> bool:
    """Only an item inspected and found as described goes back into stock (DOMAIN.md §4)."""
    return condition is not None and condition not in FAULTY_CONDITIONS


# --- locations -------------------------------------------------------------------------


def add_location(store: Store, code: str, area: str, *, by: str, now: datetime) -> Location:
    code = code.strip().upper()
    if not _CODE.match(code):
        raise Refused(_("'{code}' is not a shelf code (letters, digits and -, e.g. RTR-A-01)")
                      .format(code=code), "input")  # fmt: skip
    if area not in AREAS:
        raise Refused(_("The area must be return or quarantine."), "input")
    with store.write() as session:
        acting(session, by, "shelf_add")
        if session.get(ShelfLocation, code) is not None:
            raise Refused(_("Shelf location {code} exists already.").format(code=code), "input")
        location = ShelfLocation(code=code, area=area, active=True, created_at=now)
        session.add(location)
        audit.append(session, at=now, actor=by, action="shelf_location", touches=[location],
                     detail={"code": code, "area": area})  # fmt: skip
    return Location(code, area, True, 0)


def locations(store: Store) -> list[Location]:
    with store.read() as session:
        counts = dict(session.execute(
            select(ShelfItem.location, func.count()).where(col(ShelfItem.outcome).is_(None))
            .group_by(ShelfItem.location)
        ).all())  # fmt: skip
        rows = session.execute(select(ShelfLocation).order_by(col(ShelfLocation.code))).scalars()
        return [Location(r.code, r.area, r.active, int(counts.get(r.code, 0))) for r in rows]


def _area_of(session: Session, code: str) -> str:
    location = session.get(ShelfLocation, code.strip().upper())
    if location is None or not location.active:
        raise Refused(_("There is no shelf location {code}.").format(code=code), "input")
    return location.area


def pick_location(session: Session, area: str) -> str:
    """The location of `area` holding the fewest items (ties: the first by code)."""
    load = (
        select(ShelfLocation.code, func.count(ShelfItem.id))
        .join(
            ShelfItem,
            (col(ShelfItem.location) == col(ShelfLocation.code)) & col(ShelfItem.outcome).is_(None),
            isouter=True,
        )
        .where(col(ShelfLocation.area) == area, col(ShelfLocation.active).is_(True))
        .group_by(ShelfLocation.code)
        .order_by(func.count(ShelfItem.id), col(ShelfLocation.code))
        .limit(1)
    )
    found = session.execute(load).first()
    if found is None:
        raise Refused(_(
            "No shelf location in the {area} area yet. A supervisor adds one with: "
            "purna shelf add RTR-A-01{flag}"
        ).format(area=_(AREA_TITLES[area]), flag=" --quarantine" if area == "quarantine" else ""),
            "input")  # fmt: skip
    return str(found[0])


AREA_TITLES = {"return": N_("return"), "quarantine": N_("quarantine")}


def area_for(condition: str | None) -> str:
    return "quarantine" if condition in FAULTY_CONDITIONS else "return"


# --- placing and moving (inside the caller's transaction) -------------------------------------


def place_in(
    session: Session, *, login: str, now: datetime, location: str | None,
    request: Request | None = None, parcel: UnmatchedParcel | None = None,
    condition: str | None = None, request_item: RequestItem | None = None,
) -> ShelfItem:  # fmt: skip
    """Put a received item on the shelf: at `location`, or where its area has most room."""
    area = area_for(condition) if request is not None else "quarantine"
    code = location.strip().upper() if location else pick_location(session, area)
    if _area_of(session, code) != "quarantine" and (
        request is None or condition in FAULTY_CONDITIONS
    ):
        raise Refused(_("Damaged, wrong and unmatched items belong in quarantine."), "input")
    sku = request_item.sku if request_item else (request.sku if request else None)
    item = ShelfItem(
        request_pk=request.id if request else None, parcel_pk=parcel.id if parcel else None,
        request_item_pk=request_item.id if request_item else None,
        sku=sku, condition=condition, location=code, placed_at=now, placed_by=login,
    )  # fmt: skip
    session.add(item)
    session.flush()
    audit.append(session, at=now, actor=login, action="shelf_place", request=request,
                 before_state=request.state if request else None, touches=[item],
                 detail={"item": item.id, "location": code,
                         "parcel": parcel.code if parcel else None})  # fmt: skip
    return item


def active_items_of(session: Session, request_pk: int) -> list[ShelfItem]:
    """The request's items on the shelf now (one per returned SKU), in the export's order."""
    return list(session.execute(
        select(ShelfItem)
        .where(col(ShelfItem.request_pk) == request_pk, col(ShelfItem.outcome).is_(None))
        .order_by(col(ShelfItem.request_item_pk), col(ShelfItem.id))
    ).scalars())  # fmt: skip


def request_items(session: Session, request_pk: int) -> list[RequestItem]:
    return list(session.execute(
        select(RequestItem).where(col(RequestItem.request_pk) == request_pk)
        .order_by(col(RequestItem.position))
    ).scalars())  # fmt: skip


def shelve_received(
    session: Session, request: Request, *, login: str, now: datetime, location: str | None
) -> None:
    """Receipt: every item of the request not on the shelf yet gets a place (a parcel
    matched before it came with one already lies there, and stays)."""
    lying = {i.request_item_pk for i in active_items_of(session, request.id or 0)}
    for part in request_items(session, request.id or 0):
        if part.id not in lying:
            place_in(session, login=login, now=now, location=location, request=request,
                     request_item=part)  # fmt: skip


def file_inspected_in(
    session: Session, request: Request, part: RequestItem, condition: str, location: str, *,
    login: str, now: datetime,
) -> ShelfItem:  # fmt: skip
    """After inspection an item lies in its condition's area: at `location` if given, else
    where it is if that area is right, else where the area has most room."""
    item = next((i for i in active_items_of(session, request.id or 0)
                 if i.request_item_pk == part.id), None)  # fmt: skip
    if item is None:
        return place_in(session, login=login, now=now, location=location or None,
                        request=request, condition=condition, request_item=part)  # fmt: skip
    item.condition = condition
    area = area_for(condition)
    if location:
        target = location
    elif (here := session.get(ShelfLocation, item.location)) and here.active and here.area == area:
        target = item.location
    else:
        target = pick_location(session, area)
    move_in(session, item, target, login=login, now=now)
    return item


def locations_of_request(store: Store, request_pk: int) -> dict[int | None, str]:
    """Where the request's items lie on the shelf now, by request item."""
    with store.read() as session:
        return {i.request_item_pk: i.location for i in active_items_of(session, request_pk)}


def move_in(session: Session, item: ShelfItem, location: str, *, login: str, now: datetime) -> None:
    code = location.strip().upper()
    area = _area_of(session, code)
    if item.condition in FAULTY_CONDITIONS and area != "quarantine":
        raise Refused(_("Damaged, wrong and unmatched items belong in quarantine."), "input")
    if item.request_pk is None and area != "quarantine":
        raise Refused(_("Damaged, wrong and unmatched items belong in quarantine."), "input")
    if code == item.location:
        return
    before, item.location = item.location, code
    _item_event(
        session, item, "shelf_move", login, now, {"item": item.id, "from": before, "to": code}
    )


def _item_event(
    session: Session, item: ShelfItem, action: str, login: str, now: datetime,
    detail: dict[str, object],
) -> None:  # fmt: skip
    """The audit event of a change to a shelf item (and to its request, when it has one)."""
    request = locked(session, item.request_pk) if item.request_pk else None
    audit.append(session, at=now, actor=login, action=action, request=request,
                 before_state=request.state if request else None, touches=[item],
                 detail=detail)  # fmt: skip


# --- the shelf screen ---------------------------------------------------------------------------


def _with_reference() -> Select[tuple[ShelfItem, str, str | None, str | None]]:
    """Shelf items with their location's area and the request id or parcel code they carry."""
    return (
        select(ShelfItem, ShelfLocation.area, Request.request_id, UnmatchedParcel.code)
        .join(ShelfLocation, col(ShelfLocation.code) == col(ShelfItem.location))
        .join(Request, col(Request.id) == col(ShelfItem.request_pk), isouter=True)
        .join(UnmatchedParcel, col(UnmatchedParcel.id) == col(ShelfItem.parcel_pk), isouter=True)
    )


def contents(store: Store) -> list[Entry]:
    """Every item still on the shelf, by location and then oldest first."""
    with store.read() as session:
        rows = session.execute(
            _with_reference()
            .where(col(ShelfItem.outcome).is_(None))
            .order_by(col(ShelfItem.location), col(ShelfItem.placed_at), col(ShelfItem.id))
        ).all()
    return [
        Entry(item.id or 0, item.location, area, request_id or parcel_code or "?",
              item.request_pk, item.sku, item.condition, item.placed_at, item.placed_by)
        for item, area, request_id, parcel_code in rows
    ]  # fmt: skip


def _active(session: Session, item_id: int) -> ShelfItem:
    item = session.execute(
        select(ShelfItem).where(col(ShelfItem.id) == item_id).with_for_update()
    ).scalar_one_or_none()
    if item is None or item.outcome is not None:
        raise Refused(_("This item is no longer on the shelf."), "state")
    return item


def restock(store: Store, item_id: int, *, login: str, now: datetime) -> None:
    """Put an inspected, as-described item back into sellable stock."""
    now = now.astimezone(UTC)
    with store.write() as session:
        acting(session, login, "restock")
        item = _active(session, item_id)
        if item.condition is None:
            raise Refused(_("Inspect the item before restocking it."), "guard")
        if not can_restock(item.condition):
            raise Refused(_(
                "A {condition} item is never restocked: it must not be resold. Dispose of it "
                "or send it back to the supplier."
            ).format(condition=_(CONDITIONS[item.condition]).lower()), "guard")  # fmt: skip
        item.outcome, item.decided_at, item.decided_by = "restocked", now, login
        _item_event(
            session, item, "restock", login, now, {"item": item.id, "location": item.location}
        )


def dispose(store: Store, item_id: int, *, reason: str, login: str, now: datetime) -> None:
    """Take an item off the shelf for good (destroyed, back to supplier), with a reason."""
    now = now.astimezone(UTC)
    if len(reason.strip()) < MIN_DISPOSE_REASON:
        raise Refused(_("Write what happens to the item (at least {n} characters).")
                      .format(n=MIN_DISPOSE_REASON), "input")  # fmt: skip
    with store.write() as session:
        acting(session, login, "dispose")
        item = _active(session, item_id)
        item.outcome, item.decided_at, item.decided_by = "disposed", now, login
        item.reason = reason.strip()
        _item_event(
            session, item, "dispose", login, now, {"item": item.id, "reason": reason.strip()}
        )


def move(store: Store, item_id: int, location: str, *, login: str, now: datetime) -> None:
    with store.write() as session:
        acting(session, login, "shelf_move")
        move_in(session, _active(session, item_id), location, login=login,
                now=now.astimezone(UTC))  # fmt: skip


def label_for(store: Store, item_id: int, zone: tzinfo) -> Label:
    """The label of a shelf item, in the shop's language and time zone."""
    with store.read() as session:
        row = session.execute(_with_reference().where(col(ShelfItem.id) == item_id)).first()
    if row is None:
        raise Refused(_("This item is no longer on the shelf."), "state")
    item, area, request_id, parcel_code = row
    condition = _(CONDITIONS[item.condition]) if item.condition else _("not inspected yet")
    return Label(
        reference=request_id or parcel_code or "?", sku=item.sku or "-", condition=condition,
        received=format_local_date(item.placed_at, zone), location=item.location,
        quarantine=area == "quarantine",
    )  # fmt: skip


@dataclass(frozen=True)
class Issued:
    """A label written to files, and whether the printer took it (or why not)."""

    text_path: str
    zpl_path: str
    printed: bool
    problem: str = ""


def issue_label(store: Store, item_id: int, zone: tzinfo, *, login: str) -> Issued:
    """Write the item's label (text and ZPL) and send it to the label printer if one is set.

    A printer that fails or hangs never loses the label: the files are written first.
    """
    from core.labels import LabelError, label_zpl, parse_printer, send_to_printer, write_label
    from core.settings import current, label_dir

    with store.read() as session:
        permissions.require(session, login, "label")
    label = label_for(store, item_id, zone)
    try:
        text_path, zpl_path = write_label(label_dir(store), f"{label.reference}-{item_id}", label)
    except LabelError as exc:
        raise Refused(str(exc), "label") from None
    try:
        printer = parse_printer(current(store, "label_printer"))
    except ValueError as exc:  # set before the setting was checked: never run it
        return Issued(str(text_path), str(zpl_path), False, str(exc))
    if printer is None:
        return Issued(str(text_path), str(zpl_path), False)
    try:
        send_to_printer(printer, label_zpl(label))
    except (OSError, subprocess.SubprocessError) as exc:
        return Issued(str(text_path), str(zpl_path), False, str(exc))
    return Issued(str(text_path), str(zpl_path), True)


def items_of_request(store: Store, request_pk: int) -> list[int]:
    """The shelf items of a request (one per SKU), for their labels."""
    with store.read() as session:
        return [i.id or 0 for i in active_items_of(session, request_pk)]


def item_of_parcel(store: Store, parcel_id: int) -> int | None:
    with store.read() as session:
        return session.execute(
            select(ShelfItem.id).where(
                col(ShelfItem.parcel_pk) == parcel_id, col(ShelfItem.outcome).is_(None)
            )
        ).scalar_one_or_none()
