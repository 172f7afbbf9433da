"""The negative-review queue: reviews of 1-2 stars (DOMAIN.md §5, seed 001), oldest first,
each with its category, the order and request it belongs to, and its follow-up.

A review's category is product, service or courier (not the seller's: seed 001
"keterlambatan karena pengiriman atau kurir tidak dianggap sebagai ulasan terkait
penjual"): set by staff, else taken from a request on the same order (core.tags), else
not known yet. The follow-up goes new → contacted → resolved, or no action, with a note.
Following up means listening and fixing (seed 002, seed 001 "Memberikan Layanan
Premium"); Purna never suggests asking the buyer to change or delete a review (DOMAIN.md
§5, §7), and says so on the screen. Every write asks core.permissions
("review_follow_up"), checks the version the person saw and appends one audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from core import audit
from core.actions import acting
from core.db import Store
from core.errors import Refused, Stale
from core.i18n import N_, _
from core.models import Request, Review, ReviewFollowUp
from core.policy import NEGATIVE_RATING_MAX
from core.reasons import Category
from core.rows import iso_z
from core.tags import overrides_in, tag_of

MAX_NOTE = 2_000  # characters


class FollowUp(StrEnum):
    NEW = "new"
    CONTACTED = "contacted"
    RESOLVED = "resolved"
    NO_ACTION = "no_action"

    @property
    def title(self) -> str:
        return FOLLOW_UP_TITLES[self]

    @property
    def done(self) -> bool:
        """Nothing more to do: resolved, or decided that nothing will be done."""
        return self in (FollowUp.RESOLVED, FollowUp.NO_ACTION)


FOLLOW_UP_TITLES = {
    FollowUp.NEW: N_("new"),
    FollowUp.CONTACTED: N_("contacted"),
    FollowUp.RESOLVED: N_("resolved"),
    FollowUp.NO_ACTION: N_("no action"),
}
# The categories a review can have (seed 001 "Jenis Ulasan Negatif"): a buyer's own
# reason is a return's, not a review's.
REVIEW_CATEGORIES = (Category.PRODUCT, Category.SERVICE, Category.COURIER)


@dataclass(frozen=True)
class NegativeReview:
    """One 1-2 star review as the queue shows it (texts as the marketplace gave them)."""

    pk: int
    marketplace: str
    order_id: str
    sku: str
    rating: int
    comment: str | None
    created_at: datetime
    category: Category | None
    category_from_request: bool  # the category is the linked request's, nobody set one
    request_pk: int | None  # a request on the same order (the same SKU's first)
    request_id: str | None
    state: FollowUp
    note: str | None
    updated_by: str | None
    updated_at: datetime | None
    version: int  # 0: never followed up

    def as_json(self) -> dict[str, Any]:
        """For `purna review-week --json` (the comment's contacts masked)."""
        from core.privacy import mask_contacts

        return {
            "marketplace": self.marketplace,
            "order_id": self.order_id,
            "sku": self.sku,
            "rating": self.rating,
            "comment": mask_contacts(self.comment),
            "created_at": iso_z(self.created_at),
            "category": self.category.value if self.category else None,
            "request_id": self.request_id,
            "follow_up": self.state.value,
            "note": mask_contacts(self.note),
        }


@dataclass(frozen=True)
class Counts:
    """For the dashboard: reviews waiting (new), contacted, and all still open."""

    new: int
    contacted: int
    oldest_new: datetime | None

    @property
    def open(self) -> int:
        return self.new + self.contacted


def _linked(session: Session, reviews: list[Any]) -> dict[tuple[str, str], list[Any]]:
    """Requests on the reviewed orders: (marketplace, order_id) → [(pk, request_id, sku,
    category, reason)], oldest first."""
    orders = {(r.marketplace, r.order_id) for r in reviews}
    found: dict[tuple[str, str], list[Any]] = {}
    if not orders:
        return found
    ids = sorted({o for _m, o in orders})
    for chunk in range(0, len(ids), 500):
        rows = session.execute(
            select(Request.marketplace, Request.order_id, Request.id, Request.request_id,
                   Request.sku, Request.category, Request.reason)
            .where(col(Request.order_id).in_(ids[chunk:chunk + 500]))
            .order_by(col(Request.created_at), col(Request.id))
        ).all()  # fmt: skip
        for shop, order, *rest in rows:
            if (shop, order) in orders:
                found.setdefault((shop, order), []).append(rest)
    return found


def negative_reviews(store: Store, *, done: bool = False) -> list[NegativeReview]:
    """The 1-2 star reviews, oldest first; without `done`, only those still to follow up
    (new or contacted)."""
    with store.read() as session:
        query = (
            select(Review, ReviewFollowUp)
            .join(ReviewFollowUp, col(ReviewFollowUp.review_pk) == col(Review.id), isouter=True)
            .where(col(Review.rating) <= NEGATIVE_RATING_MAX.value)
            .order_by(col(Review.created_at), col(Review.id))
        )
        if not done:
            query = query.where(
                col(ReviewFollowUp.state).is_(None)
                | col(ReviewFollowUp.state).in_([FollowUp.NEW.value, FollowUp.CONTACTED.value])
            )
        rows = session.execute(query).all()
        reviews = [r for r, _f in rows]
        linked = _linked(session, reviews)
        shop = overrides_in(session)
        found = []
        for review, follow in rows:
            requests = linked.get((review.marketplace, review.order_id), [])
            same = [q for q in requests if q[2] == review.sku] or requests
            request = same[0] if same else None
            category = Category(follow.category) if follow and follow.category else None
            from_request = False
            if category is None and request is not None:
                tag = tag_of(request[3], request[4], shop)
                if tag.category in REVIEW_CATEGORIES:
                    category, from_request = tag.category, True
            found.append(NegativeReview(
                pk=review.id or 0, marketplace=review.marketplace, order_id=review.order_id,
                sku=review.sku, rating=review.rating, comment=review.comment,
                created_at=review.created_at, category=category,
                category_from_request=from_request,
                request_pk=request[0] if request else None,
                request_id=request[1] if request else None,
                state=FollowUp(follow.state) if follow else FollowUp.NEW,
                note=follow.note if follow else None,
                updated_by=follow.updated_by if follow else None,
                updated_at=follow.updated_at if follow else None,
                version=follow.version if follow else 0,
            ))  # fmt: skip
    return found


def counts(store: Store) -> Counts:
    """How many 1-2 star reviews wait for a follow-up (new) or are being followed (contacted)."""
    with store.read() as session:
        state = func.coalesce(ReviewFollowUp.state, FollowUp.NEW.value)
        rows = session.execute(
            select(state, func.count(), func.min(Review.created_at))
            .select_from(Review)
            .join(ReviewFollowUp, col(ReviewFollowUp.review_pk) == col(Review.id), isouter=True)
            .where(col(Review.rating) <= NEGATIVE_RATING_MAX.value)
            .group_by(state)
        ).all()  # fmt: skip
    by_state = {s: (int(n), first) for s, n, first in rows}
    new, oldest = by_state.get(FollowUp.NEW.value, (0, None))
    if isinstance(oldest, str):
        from core.rows import from_sqlite_time

        oldest = from_sqlite_time(oldest)
    elif oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=UTC)
    return Counts(new, by_state.get(FollowUp.CONTACTED.value, (0, None))[0], oldest)


def _follow_row(
    session: Session, review_pk: int, version: int, login: str, now: datetime
) -> tuple[ReviewFollowUp, bool]:
    review = session.get(Review, review_pk)
    if review is None or review.rating > NEGATIVE_RATING_MAX.value:
        raise Refused(_("This review is no longer in the negative-review queue."), "missing")
    row = session.execute(
        select(ReviewFollowUp).where(col(ReviewFollowUp.review_pk) == review_pk)
        .with_for_update()
    ).scalar_one_or_none()  # fmt: skip
    current = row.version if row is not None else 0
    if current != version:
        raise Stale(_("Not done: someone followed up this review after it was shown here. "
                      "The screen shows it again as it is now; check it and try again."),
                    None, None)  # fmt: skip
    if row is None:
        row = ReviewFollowUp(review_pk=review_pk, state=FollowUp.NEW.value, updated_by=login,
                             updated_at=now, version=0)  # fmt: skip
        session.add(row)
        return row, True
    return row, False


def _event(session: Session, row: ReviewFollowUp, login: str, now: datetime,
           action: str, before: str, **detail: Any) -> int:  # fmt: skip
    row.version += 1
    row.updated_by, row.updated_at = login, now
    review = session.get(Review, row.review_pk)
    assert review is not None
    audit.append(session, at=now, actor=login, action=action, before_state=before,
                 after_state=row.state, touches=[row],
                 detail={"review": row.review_pk, "marketplace": review.marketplace,
                         "order_id": review.order_id, "sku": review.sku, **detail})  # fmt: skip
    return row.version


def follow_up(
    store: Store, *, review_pk: int, state: FollowUp | str, note: str, login: str,
    version: int, now: datetime,
) -> int:  # fmt: skip
    """Record a review's follow-up state with a note (what was done or why nothing will
    be); returns its new version. Moving on from new needs a note."""
    now = now.astimezone(UTC)
    chosen = FollowUp(state)
    text = note.strip()
    if len(text) > MAX_NOTE:
        raise Refused(_("The note is longer than {n} characters.").format(n=MAX_NOTE), "input")
    if chosen is not FollowUp.NEW and not text:
        raise Refused(_("Write what was done (or why nothing will be) in the note first."),
                      "input")  # fmt: skip
    with store.write() as session:
        actor = acting(session, login, "review_follow_up")
        row, _created = _follow_row(session, review_pk, version, actor.login, now)
        before = row.state
        if before == chosen.value and (row.note or "") == text:
            raise Refused(_("Nothing to change."), "input")
        row.state, row.note = chosen.value, text or row.note
        return _event(session, row, actor.login, now, "review_follow_up", before,
                      state=chosen.value, note=text)  # fmt: skip


def set_category(
    store: Store, *, review_pk: int, category: Category | str, login: str, version: int,
    now: datetime,
) -> int:  # fmt: skip
    """Set a review's category (product, service or courier); returns its new version."""
    now = now.astimezone(UTC)
    chosen = Category(category)
    if chosen not in REVIEW_CATEGORIES:
        raise Refused(_("A review is about the product, the service or the courier."), "input")
    with store.write() as session:
        actor = acting(session, login, "review_follow_up")
        row, _created = _follow_row(session, review_pk, version, actor.login, now)
        if row.category == chosen.value:
            raise Refused(_("Nothing to change."), "input")
        was = row.category
        row.category = chosen.value
        return _event(session, row, actor.login, now, "review_category", row.state,
                      category=chosen.value, was=was)  # fmt: skip
