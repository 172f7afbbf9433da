"""Reason categories in the store: a request's category, and supervisors' categories of
reason texts nobody had classified (DOMAIN.md §4 "return-reason log", §5 reason table).

A request's category is, in this order: the one staff tagged it with (`request.category`,
key `g` on the request screen); the category a supervisor gave its reason text
(`reason_class`, once for every request with that text); `core.reasons`' table. A text
none of these knows is *unclassified*: listed once (`to_classify`) for a supervisor.

NRR and SFFR (core.metrics) follow the buyer's reason text, as the platform does, with
the supervisors' categories of texts as `overrides`; a tag on one request is the shop's
own reason log (the weekly review's top reasons, the end-of-day checklist) and never
lowers SFFR. Every write is one transaction: permission (core.permissions), change,
audit event.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlmodel import Session, col

from core import audit
from core.actions import Done, acting, fresh, locked
from core.db import Store
from core.errors import Refused
from core.i18n import N_, _
from core.models import ReasonClass, Request
from core.reasons import Category, Overrides, classify, normalise


class Source(StrEnum):
    """Where a request's category comes from."""

    REQUEST = "request"  # staff tagged this request
    SHOP = "shop"  # a supervisor classified its reason text
    TABLE = "table"  # core.reasons' table of marketplace texts


SOURCE_TITLES = {
    Source.REQUEST: N_("tagged on this request"),
    Source.SHOP: N_("classified by a supervisor"),
    Source.TABLE: N_("the marketplace's reason"),
}
# Short names for narrow places (a queue column, the dashboard); titles are in core.reasons.
CATEGORY_NAMES = {
    Category.PRODUCT: N_("product"),
    Category.SERVICE: N_("service"),
    Category.COURIER: N_("courier"),
    Category.BUYER: N_("buyer"),
}


@dataclass(frozen=True)
class Tag:
    """A request's category and where it comes from; `category` None: nobody knows yet."""

    category: Category | None
    source: Source | None

    @property
    def unknown(self) -> bool:
        return self.category is None


UNKNOWN = Tag(None, None)


def overrides_in(session: Session) -> dict[str, Category]:
    """The supervisors' categories of reason texts, keyed by `normalise(text)`."""
    rows = session.execute(select(ReasonClass.key, ReasonClass.category)).all()
    return {key: Category(category) for key, category in rows}


def overrides(store: Store) -> dict[str, Category]:
    with store.read() as session:
        return overrides_in(session)


def tag_of(tagged: str | None, reason: str | None, shop: Overrides) -> Tag:
    """The category of a request tagged `tagged` (or not) with reason text `reason`."""
    if tagged:
        return Tag(Category(tagged), Source.REQUEST)
    if reason and reason.strip():
        chosen = classify(reason, shop)
        if chosen is not None:
            known = classify(reason)
            source = Source.TABLE if known is chosen and _shop_free(reason, shop) else Source.SHOP
            return Tag(chosen, source)
    return UNKNOWN


def _shop_free(reason: str, shop: Overrides) -> bool:
    return normalise(reason) not in shop


@dataclass(frozen=True)
class Unclassified:
    """A reason text no table and no supervisor knows, with how many requests give it."""

    text: str
    requests: int


def to_classify(store: Store) -> list[Unclassified]:
    """Every reason text of a request that nobody has classified, most requests first:
    each text once, however many requests give it."""
    with store.read() as session:
        shop = overrides_in(session)
        counts = _reason_counts(session)
    found = [Unclassified(text, n) for text, n in counts.items() if classify(text, shop) is None]
    return sorted(found, key=lambda u: (-u.requests, u.text))


def _reason_counts(session: Session) -> Counter[str]:
    """How many requests give each reason text (as stored; empty texts left out)."""
    rows = session.execute(select(Request.reason, func.count()).group_by(col(Request.reason))).all()
    return Counter({reason: int(n) for reason, n in rows if reason and reason.strip()})


def tag_request(
    store: Store, *, pk: int, category: Category | str | None, login: str, version: int,
    now: datetime,
) -> Done:  # fmt: skip
    """Tag request `pk` with `category` (None: back to its reason text's category)."""
    now = now.astimezone(UTC)
    chosen = None if category is None else Category(category)
    with store.write() as session:
        actor = acting(session, login, "tag_reason")
        row = locked(session, pk)
        fresh(session, row, version, store.shop_zone)
        before = tag_of(row.category, row.reason, overrides_in(session))
        if (chosen.value if chosen else None) == row.category:
            raise Refused(_("Nothing to change."), "input")
        row.category = chosen.value if chosen else None
        event = audit.append(session, at=now, actor=actor.login, action="reason_tag",
                             request=row, before_state=row.state,
                             detail={"category": row.category, "reason": row.reason,
                                     "was": before.category.value if before.category
                                     else None})  # fmt: skip
        return Done(row.id or 0, "reason_tag", row.state, row.state, row.version, event.id or 0)


def classify_text(
    store: Store, *, text: str, category: Category | str, login: str, now: datetime
) -> int:
    """A supervisor's category for reason `text`: from now on every request with that text
    (in any case or spacing) has it, and SFFR counts it when it is the seller's fault.
    Returns how many requests give that text."""
    now = now.astimezone(UTC)
    chosen = Category(category)
    key = normalise(text or "")
    if not key:
        raise Refused(_("This request has no reason text to classify."), "input")
    with store.write() as session:
        actor = acting(session, login, "classify_reason")
        row = session.get(ReasonClass, key)
        was = row.category if row is not None else None
        if row is None:
            row = ReasonClass(key=key, text=text.strip()[:500], category=chosen.value,
                              set_by=actor.login, set_at=now)  # fmt: skip
            session.add(row)
        elif row.category == chosen.value:
            raise Refused(_("Nothing to change."), "input")
        else:
            row.category, row.set_by, row.set_at = chosen.value, actor.login, now
        audit.append(session, at=now, actor=actor.login, action="reason_classify", touches=[row],
                     detail={"text": row.text, "category": chosen.value, "was": was})  # fmt: skip
        counts = _reason_counts(session)
        return sum(n for t, n in counts.items() if normalise(t) == key)


def category_label(tag: Tag) -> str:
    """`Product-related (the seller's fault) · the marketplace's reason`, translated."""
    if tag.category is None:
        return _("not classified yet: a supervisor classifies this reason once")
    assert tag.source is not None
    shown = _(tag.category.title)
    if tag.category.seller_fault:
        shown = _("{category} (the seller's fault)").format(category=shown)
    return f"{shown} · {_(SOURCE_TITLES[tag.source])}"


def classifies_text(may_classify: bool, tag: Tag, reason: str | None) -> bool:
    """Whether choosing a category for a request classifies its reason text for every
    request: a supervisor's choice on a text nobody has classified yet. Everyone else
    (and a supervisor on a known text) tags this one request."""
    return may_classify and tag.category is None and bool(reason and reason.strip())


def set_category(
    store: Store, *, pk: int, category: Category | str | None, login: str, version: int,
    now: datetime,
) -> bool:  # fmt: skip
    """What key `g` does: classify the request's reason text for every request (a
    supervisor, on a text nobody classified: `classifies_text`), else tag this request.
    Returns True when the text was classified."""
    from core import permissions

    with store.read() as session:
        member = permissions.find(session, login)
        row = session.get(Request, pk)
        if row is None:
            raise Refused(_("This request is no longer in the store."), "missing")
        tag = tag_of(row.category, row.reason, overrides_in(session))
        reason = row.reason
    may = permissions.allows(member, "classify_reason")
    if category is not None and classifies_text(may, tag, reason):
        assert reason is not None
        classify_text(store, text=reason, category=category, login=login, now=now)
        return True
    tag_request(store, pk=pk, category=category, login=login, version=version, now=now)
    return False
