"""The end-of-day checklist of DOMAIN.md §4 (seed 000 "Checklist Akhir"), checked against the store.

Each point says whether it holds and, if not, which requests are still missing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session, col

from core import policy
from core.calendar import local_date, start_of_local_day
from core.db import Store
from core.i18n import N_
from core.models import Request, RequestCheck, TemplateUse, UnmatchedParcel
from core.queries import sample
from core.rows import QueueRow
from core.workflow import State

SHOWN = 8  # requests listed under a point that does not hold
# Unanswered this long, the buyer should have had a template holding reply: the
# platform's 12 h reply target for buyer messages (policy CHAT_REPLY_TARGET).
HOLDING_AFTER = policy.CHAT_REPLY_TARGET.delta


@dataclass(frozen=True)
class Point:
    key: str
    title: str  # catalog message
    ref: str
    missing: int
    examples: tuple[QueueRow, ...]
    extra: int = 0  # e.g. unmatched parcels, which are not requests
    # said beside the point, never failing it: requests the platform approved on its own
    # (DOMAIN.md §2), which staff can no longer answer in Purna (check Seller Center)
    auto_approved: int = 0

    @property
    def ok(self) -> bool:
        return self.missing == 0 and self.extra == 0


def _rows(session: Session, *conditions: ColumnElement[bool]) -> tuple[int, tuple[QueueRow, ...]]:
    count, rows = sample(session, (col(Request.is_open).is_(True), *conditions), SHOWN)
    return count, tuple(rows)


def _unclassified(session: Session) -> list[str]:
    """The stored reason texts nobody has classified (core.tags): their requests need a tag."""
    from core.reasons import classify
    from core.tags import overrides_in

    shop = overrides_in(session)
    texts = session.execute(select(Request.reason).distinct()).scalars()
    return [t for t in texts if t and t.strip() and classify(t, shop) is None]


def end_of_day(store: Store, now: datetime) -> list[Point]:
    now = now.astimezone(UTC)
    today = start_of_local_day(local_date(now, store.shop_zone), store.shop_zone)
    typed = select(RequestCheck.request_pk).where(
        col(RequestCheck.check_key) == "type_matches_comment"
    )
    # Seed 000's "answer every request" is about requests staff can still answer: one past
    # its respond-by time without a decision was approved by the platform on its own, and
    # Purna refuses new decisions and holding replies on it (DOMAIN.md §2). Those are
    # counted apart, so that the points can hold (an unknown deadline is never assumed past).
    deadline = col(Request.respond_by)
    waiting = (col(Request.answered).is_(False), deadline.is_(None) | (deadline > now))
    with store.read() as session:
        unanswered = _rows(session, *waiting)
        auto_approved = int(session.execute(
            select(func.count()).select_from(Request)
            .where(col(Request.is_open).is_(True), col(Request.answered).is_(False),
                   deadline <= now)
        ).scalar_one())  # fmt: skip
        untyped = _rows(session, *waiting, col(Request.id).not_in(typed))
        waiting_parcel = _rows(session, col(Request.state) == State.RECEIVED.value)
        parcels = int(session.execute(
            select(func.count()).select_from(UnmatchedParcel)
            .where(col(UnmatchedParcel.matched_request_pk).is_(None))
        ).scalar_one())  # fmt: skip
        unknown = _unclassified(session)
        untagged = _rows(
            session,
            col(Request.updated_at) >= today,
            col(Request.category).is_(None),
            (col(Request.reason).is_(None))
            | (col(Request.reason) == "")
            | col(Request.reason).in_(unknown),
        )
        # a template copied for the request from its screen is a real use (core.templates_store)
        templated = select(TemplateUse.request_pk).where(col(TemplateUse.request_pk).is_not(None))
        no_template = _rows(session, *waiting, col(Request.holding_reply_at).is_(None),
                            col(Request.id).not_in(templated),
                            col(Request.created_at) <= now - HOLDING_AFTER)  # fmt: skip
    return [
        Point("answered", N_("Every request that can still be answered is answered (even if "
                             "still under investigation)"),
              "DOMAIN.md §2, §4; seed 000 checklist 1", *unanswered,
              auto_approved=auto_approved),
        Point("types_checked", N_("Every request's type checked against the buyer's comment"),
              "DOMAIN.md §1, §4; seed 000 checklist 2", *untyped),
        Point("warehouse", N_("Warehouse coordinated for every return: received items "
                              "inspected, unknown parcels matched"),
              "DOMAIN.md §3, §4; seed 000 checklist 3", *waiting_parcel, extra=parcels),
        Point("reasons", N_("Every request handled today has its reason tagged: product, "
                            "service, courier or buyer (g on the request)"),
              "DOMAIN.md §4; seed 000 checklist 4", *untagged),
        Point("templates", N_("Every request waiting over 12 hours got a template holding "
                              "reply"),
              "DOMAIN.md §2, §4; seed 000 checklist 5", *no_template),
        _claims_point(store, now),
    ]  # fmt: skip


def _claims_point(store: Store, now: datetime) -> Point:
    """Logistics claims (DOMAIN.md §2, §6): none left unfiled within 7 days of its last day
    (the first claim alarm), none filed over 72 h ago without an answer and not followed up.
    Counts only: the claims desk (key 9) lists them."""
    from core import claims_store

    counts = claims_store.summary(store, now)
    return Point("claims", N_("Logistics claims: none unfiled within 7 days of its last day, "
                              "none filed over 72 hours ago still unanswered"),
                 "DOMAIN.md §2, §6; seed 003", counts.alarms + counts.follow_up, ())  # fmt: skip
