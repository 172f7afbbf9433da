"""The seller metrics NRR and SFFR (DOMAIN.md §5), per shop and per SKU, their weekly trend,
and the SKUs that are recurring problems.

For a shop-local day D the window runs from 00:00 of D−30 to 00:00 of D in the shop's
zone (`METRIC_WINDOW`), as UTC instants, start included, end excluded.

- Denominator: distinct orders (marketplace, order_id) with a line delivered in the
  window; the same order id on two marketplaces is two orders.
- NRR numerator: those orders with a review of at most `NEGATIVE_RATING_MAX` stars
  created in the window (an order counts once, however many reviews it has).
- SFFR numerator (Purna's reading, `SFFR_WINDOW`): those orders with a return/refund
  request created in the window whose reason is the seller's fault (`core.reasons`,
  supervisor overrides included). A reason nobody has classified yet does not count;
  `ShopMetrics.unclassified` lists it for a supervisor.
- Per SKU: the same over the SKU's order lines; a review counts for the SKU it rates
  (marketplace, order_id, sku), a request for the SKUs it names (`REQUEST_ITEMS`).

Recurring problems (`recurring`): a SKU whose NRR or SFFR is well above the shop's, or
with several seller-fault requests of one category within a few days (thresholds:
`core.policy.RECURRING`), with the cases behind it.

Counting stays in the database, one statement for the shop (both metrics) and one for
the SKUs: the window's delivered lines are read once for the denominators; numerators
come from the few reviews and requests in the window, each checked against its order
line by an index probe. The trend runs the shop statement once per point. Nothing here
reads a clock: `at` and `now` are parameters.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any, Literal, NamedTuple

from sqlalchemy import text
from sqlmodel import Session

from core.calendar import local_date, start_of_local_day
from core.db import Store
from core.i18n import N_, _, current_language
from core.policy import (
    METRIC_WINDOW,
    NEGATIVE_RATING_MAX,
    RECURRING_CATEGORY_CASES,
    RECURRING_CATEGORY_DAYS,
    RECURRING_CHANCE,
    RECURRING_MIN_CASES,
    RECURRING_MIN_ORDERS,
    RECURRING_RATE_RATIO,
)
from core.reasons import NO_OVERRIDES, Category, Overrides, classify, seller_fault_texts
from core.reasons import unclassified_texts as _unclassified_texts
from core.rows import from_sqlite_time, iso_z, sqlite_time

# The items a request is about: (marketplace, order_id, sku) with the request's time and
# reason. The ONE place that knows where a request's SKUs live: when requests carry
# several items in a table of their own, only this changes.
REQUEST_ITEMS = (
    "SELECT id AS request_pk, request_id, marketplace, order_id, sku, created_at, reason"
    " FROM request"
)


@dataclass(frozen=True)
class Window:
    """A metric window: UTC instants, `start` included, `end` excluded."""

    start: datetime
    end: datetime

    def as_json(self) -> dict[str, str]:
        return {"from": iso_z(self.start), "to": iso_z(self.end)}


def metric_window(at: date, shop_zone: tzinfo) -> Window:
    """The window of shop-local day `at`: 00:00 of at−30 to 00:00 of at, in the shop's zone."""
    return Window(
        start_of_local_day(at - METRIC_WINDOW.delta, shop_zone),
        start_of_local_day(at, shop_zone),
    )


@dataclass(frozen=True)
class Rate:
    """`numerator` of `denominator` orders; `value` is None when there were no orders."""

    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    def as_json(self) -> dict[str, Any]:
        return {"value": self.value, "numerator": self.numerator, "denominator": self.denominator}


NO_ORDERS = Rate(0, 0)


def format_rate(rate: Rate) -> str:
    """`2,5%` (Indonesian) or `2.5%`; an em dash when there were no orders."""
    if rate.value is None:
        return "—"
    from babel.numbers import format_percent  # imported on first use: slow to load

    locale = "id_ID" if current_language() == "id" else "en_US"
    return format_percent(rate.value, "#,##0.0%", locale=locale)


@dataclass(frozen=True)
class SkuMetrics:
    sku: str
    nrr: Rate
    sffr: Rate

    @property
    def cases(self) -> int:
        return self.nrr.numerator + self.sffr.numerator

    def as_json(self) -> dict[str, Any]:
        return {"sku": self.sku, "nrr": self.nrr.as_json(), "sffr": self.sffr.as_json()}


def _worst_first(sku: SkuMetrics) -> tuple[int, float, str]:
    # Most problem orders first (what weighs most on the shop's rates), then highest rate.
    worst = max(sku.nrr.value or 0.0, sku.sffr.value or 0.0)
    return (-sku.cases, -worst, sku.sku)


@dataclass(frozen=True)
class ShopMetrics:
    """NRR and SFFR of shop-local day `at`, shop-wide and per SKU (worst first)."""

    at: date
    window: Window
    nrr: Rate
    sffr: Rate
    skus: tuple[SkuMetrics, ...]
    # Reason texts of requests in the window nobody has classified: not in SFFR until a
    # supervisor does.
    unclassified: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The `purna metrics --json` object (shared/formats/CLI.md)."""
        return {
            "at": self.at.isoformat(),
            "window": self.window.as_json(),
            "nrr": self.nrr.as_json(),
            "sffr": self.sffr.as_json(),
            "skus": [sku.as_json() for sku in self.skus],
        }


@dataclass(frozen=True)
class TrendPoint:
    """The shop's NRR and SFFR as they stood on shop-local day `at` (its own 30-day window)."""

    at: date
    window: Window
    nrr: Rate
    sffr: Rate

    def as_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "window": self.window.as_json(),
            "nrr": self.nrr.as_json(),
            "sffr": self.sffr.as_json(),
        }


# --- SQL ---------------------------------------------------------------------------------


class Query(NamedTuple):
    """One statement with `:name` parameters, values already in the driver's form."""

    sql: str
    params: dict[str, Any]


def _time(moment: datetime, sqlite: bool) -> Any:
    """A bound time as stored: SQLite text, or a naive UTC datetime (see models.UTCDateTime)."""
    return sqlite_time(moment) if sqlite else moment.astimezone(UTC).replace(tzinfo=None)


def _read_time(value: Any) -> datetime:
    return from_sqlite_time(value) if isinstance(value, str) else value.replace(tzinfo=UTC)


def _in_list(column: str, prefix: str, values: Sequence[str]) -> tuple[str, dict[str, Any]]:
    """`column IN (:prefix_0, …)` and its parameters; never true for no values."""
    if not values:
        return "1 = 0", {}
    names = [f"{prefix}_{i}" for i in range(len(values))]
    marks = ", ".join(f":{name}" for name in names)
    return f"{column} IN ({marks})", dict(zip(names, values, strict=True))


def reasons_query(start: datetime, end: datetime, sqlite: bool) -> Query:
    """The distinct reason texts of requests created from `start` to before `end`."""
    sql = (
        f"SELECT DISTINCT q.reason FROM ({REQUEST_ITEMS}) q"
        " WHERE q.created_at >= :start AND q.created_at < :end"
    )
    return Query(sql, {"start": _time(start, sqlite), "end": _time(end, sqlite)})


def _delivered(alias: str, with_sku: bool) -> str:
    """`alias` (a review or request row) is about an order line delivered in the window
    (`:start`, `:end`): on its order (marketplace, order_id), and on its SKU if `with_sku`.
    An index probe per row of the small side, never a pass over the delivered lines."""
    sku = f" AND o.sku = {alias}.sku" if with_sku else ""
    return (
        "EXISTS (SELECT 1 FROM orders o"
        f" WHERE o.marketplace = {alias}.marketplace AND o.order_id = {alias}.order_id{sku}"
        " AND o.delivered_at >= :start AND o.delivered_at < :end)"
    )


def _window_params(window: Window, sqlite: bool) -> dict[str, Any]:
    return {
        "start": _time(window.start, sqlite),
        "end": _time(window.end, sqlite),
        "rating_max": NEGATIVE_RATING_MAX.value,
    }


def _negative(with_sku: bool) -> str:
    """Reviews of at most NEGATIVE_RATING_MAX stars created in the window, on delivered lines."""
    return (
        "FROM review r WHERE r.created_at >= :start AND r.created_at < :end"
        f" AND r.rating <= :rating_max AND {_delivered('r', with_sku)}"
    )


def _fault(in_reasons: str, with_sku: bool) -> str:
    """Requests with a seller-fault reason created in the window, on delivered lines."""
    return (
        f"FROM ({REQUEST_ITEMS}) q WHERE q.created_at >= :start AND q.created_at < :end"
        f" AND {in_reasons} AND {_delivered('q', with_sku)}"
    )


def shop_query(window: Window, reasons: Sequence[str], sqlite: bool) -> Query:
    """One row: orders delivered in `window`, those with a negative review, those with a
    seller-fault request (`reasons`).

    Orders are counted from the delivered lines (one pass over the window); the numerators
    from the few reviews and requests in the window, each checked against its order.
    """
    in_reasons, params = _in_list("q.reason", "reason", reasons)
    params.update(_window_params(window, sqlite))
    sql = f"""
SELECT
    (SELECT count(*) FROM (SELECT DISTINCT o.marketplace, o.order_id FROM orders o
        WHERE o.delivered_at >= :start AND o.delivered_at < :end) d),
    (SELECT count(*) FROM (SELECT DISTINCT r.marketplace, r.order_id {_negative(False)}) n),
    (SELECT count(*) FROM (SELECT DISTINCT q.marketplace, q.order_id
        {_fault(in_reasons, False)}) f)"""
    return Query(sql, params)


def sku_query(window: Window, reasons: Sequence[str], sqlite: bool) -> Query:
    """Per SKU: its order lines delivered in `window`, those with a negative review of that
    SKU, those with a seller-fault request naming that SKU: rows (sku, orders, nrr, sffr).

    (marketplace, order_id, sku) is unique in `orders`: a line is one order of its SKU.
    """
    in_reasons, params = _in_list("q.reason", "reason", reasons)
    params.update(_window_params(window, sqlite))
    sql = f"""
SELECT l.sku, l.orders, coalesce(n.cases, 0), coalesce(f.cases, 0)
FROM (SELECT o.sku, count(*) AS orders FROM orders o
      WHERE o.delivered_at >= :start AND o.delivered_at < :end GROUP BY o.sku) l
LEFT JOIN (SELECT x.sku, count(*) AS cases FROM (SELECT DISTINCT r.marketplace, r.order_id,
           r.sku {_negative(True)}) x GROUP BY x.sku) n ON n.sku = l.sku
LEFT JOIN (SELECT x.sku, count(*) AS cases FROM (SELECT DISTINCT q.marketplace, q.order_id,
           q.sku {_fault(in_reasons, True)}) x GROUP BY x.sku) f ON f.sku = l.sku"""
    return Query(sql, params)


def _rows(session: Session, query: Query) -> list[Sequence[Any]]:
    return list(session.execute(text(query.sql), query.params).all())


def _reasons(session: Session, start: datetime, end: datetime, sqlite: bool) -> list[str | None]:
    return [row[0] for row in _rows(session, reasons_query(start, end, sqlite))]


def _shop_rates(
    session: Session, window: Window, reasons: Sequence[str], sqlite: bool
) -> tuple[Rate, Rate]:
    ((orders, negative, fault),) = _rows(session, shop_query(window, reasons, sqlite))
    return Rate(int(negative), int(orders)), Rate(int(fault), int(orders))


# --- the public reads --------------------------------------------------------------------


def shop_metrics(store: Store, at: date, overrides: Overrides = NO_OVERRIDES) -> ShopMetrics:
    """NRR and SFFR for shop-local day `at` (the 30 days before it), shop-wide and per SKU."""
    window = metric_window(at, store.shop_zone)
    sqlite = store.is_sqlite
    with store.read() as session:
        texts = _reasons(session, window.start, window.end, sqlite)
        fault = seller_fault_texts(texts, overrides)
        nrr, sffr = _shop_rates(session, window, fault, sqlite)
        skus = [
            SkuMetrics(sku, Rate(int(n), int(den)), Rate(int(s), int(den)))
            for sku, den, n, s in _rows(session, sku_query(window, fault, sqlite))
        ]
    return ShopMetrics(
        at=at,
        window=window,
        nrr=nrr,
        sffr=sffr,
        skus=tuple(sorted(skus, key=_worst_first)),
        unclassified=_unclassified_texts(texts, overrides),
    )


def trend(
    store: Store, at: date, weeks: int = 12, overrides: Overrides = NO_OVERRIDES
) -> tuple[TrendPoint, ...]:
    """The shop's NRR and SFFR as they stood every 7 days, `weeks` points ending on `at`,
    oldest first (each point its own 30-day window: the platform's figure on that day)."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    zone = store.shop_zone
    days = [at - timedelta(weeks=i) for i in range(weeks - 1, -1, -1)]
    windows = [metric_window(day, zone) for day in days]
    sqlite = store.is_sqlite
    with store.read() as session:
        texts = _reasons(session, windows[0].start, windows[-1].end, sqlite)
        fault = seller_fault_texts(texts, overrides)
        rates = [_shop_rates(session, window, fault, sqlite) for window in windows]
    return tuple(
        TrendPoint(day, window, nrr, sffr)
        for day, window, (nrr, sffr) in zip(days, windows, rates, strict=True)
    )


# --- recurring problems ------------------------------------------------------------------

WHY_MESSAGES: Mapping[str, str] = {
    "nrr": N_(
        "Negative reviews on {cases} of {orders} delivered orders (NRR {rate}), "
        "at least {ratio} times the shop's {shop_rate}"
    ),
    "sffr": N_(
        "Seller-fault returns or refunds on {cases} of {orders} delivered orders "
        "(SFFR {rate}), at least {ratio} times the shop's {shop_rate}"
    ),
    "category": N_(
        "{cases} orders with a return or refund request of one category within {days} days: "
        "{category}"
    ),
}


@dataclass(frozen=True)
class Why:
    """One reason a SKU is flagged: a rate well above the shop's (`nrr`, `sffr`), or a
    cluster of requests of one category (`category`)."""

    rule: Literal["nrr", "sffr", "category"]
    cases: int
    rate: Rate | None = None  # the SKU's, for nrr and sffr
    shop: Rate | None = None  # the shop's, for nrr and sffr
    category: Category | None = None  # for category
    days: int = 0  # for category

    @property
    def message(self) -> str:
        """The catalog message behind `text()`."""
        return WHY_MESSAGES[self.rule]

    def text(self) -> str:
        """The reason, translated into the current language."""
        if self.rule == "category":
            assert self.category is not None
            return _(self.message).format(
                cases=self.cases, days=self.days, category=_(self.category.title)
            )
        assert self.rate is not None and self.shop is not None
        return _(self.message).format(
            cases=self.cases,
            orders=self.rate.denominator,
            rate=format_rate(self.rate),
            ratio=f"{RECURRING_RATE_RATIO.value / 100:g}",
            shop_rate=format_rate(self.shop),
        )


@dataclass(frozen=True)
class Case:
    """A negative review or a return/refund request behind a flag."""

    kind: Literal["review", "request"]
    pk: int  # review.id or request.id
    marketplace: str
    order_id: str
    sku: str
    at: datetime  # when the review or request was created (UTC)
    request_id: str | None = None  # the marketplace's id, for requests
    rating: int | None = None  # for reviews
    reason: str | None = None  # for requests, as the marketplace gave it
    category: Category | None = None  # for requests

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.pk,
            "marketplace": self.marketplace,
            "order_id": self.order_id,
            "sku": self.sku,
            "at": iso_z(self.at),
            "request_id": self.request_id,
            "rating": self.rating,
            "reason": self.reason,
            "category": None if self.category is None else self.category.value,
        }


@dataclass(frozen=True)
class Flag:
    """A SKU that is a recurring problem: why, its rates over the window, and its cases."""

    sku: str
    why: tuple[Why, ...]
    nrr: Rate
    sffr: Rate
    cases: tuple[Case, ...] = field(default=())  # oldest first

    @property
    def orders(self) -> int:
        """How many distinct orders the cases are about."""
        return len({(c.marketplace, c.order_id) for c in self.cases})

    def as_json(self) -> dict[str, Any]:
        return {
            "sku": self.sku,
            "why": [{"rule": w.rule, "text": w.text()} for w in self.why],
            "nrr": self.nrr.as_json(),
            "sffr": self.sffr.as_json(),
            "cases": [c.as_json() for c in self.cases],
        }


def chance_at_least(cases: int, orders: int, rate: float) -> float:
    """The chance of `cases` or more among `orders` when each is a case with probability
    `rate` (binomial upper tail, summed in logs so that large SKUs do not underflow)."""
    if cases <= 0 or rate >= 1:
        return 1.0
    if cases > orders or rate <= 0:
        return 0.0
    log_p, log_q, top = math.log(rate), math.log1p(-rate), math.lgamma(orders + 1)
    terms: list[float] = []
    peak = -math.inf
    for i in range(cases, orders + 1):
        term = top - math.lgamma(i + 1) - math.lgamma(orders - i + 1)
        term += i * log_p + (orders - i) * log_q
        terms.append(term)
        peak = max(peak, term)
        if i > orders * rate and term < peak - 40:
            break  # past the mode the terms shrink ever faster: the rest is negligible
    return min(1.0, math.exp(peak) * math.fsum(math.exp(t - peak) for t in terms))


def rate_flags(sku: SkuMetrics, shop_nrr: Rate, shop_sffr: Rate) -> list[Why]:
    """Which of the SKU's rates are well above the shop's: at least `RECURRING_RATE_RATIO`
    percent of it, with at least `RECURRING_MIN_CASES` cases and `RECURRING_MIN_ORDERS`
    delivered orders, and at most a `RECURRING_CHANCE` percent chance of that many cases
    at the shop's rate."""
    pairs: tuple[tuple[Literal["nrr", "sffr"], Rate, Rate], ...] = (
        ("nrr", sku.nrr, shop_nrr),
        ("sffr", sku.sffr, shop_sffr),
    )
    found: list[Why] = []
    for rule, mine, shop in pairs:
        if (
            mine.denominator >= RECURRING_MIN_ORDERS.value
            and mine.numerator >= RECURRING_MIN_CASES.value
            and shop.denominator
            # mine/den >= ratio% of shop, in integers: exact at the edge
            and 100 * mine.numerator * shop.denominator
            >= RECURRING_RATE_RATIO.value * shop.numerator * mine.denominator
            and 100
            * chance_at_least(mine.numerator, mine.denominator, shop.numerator / shop.denominator)
            <= RECURRING_CHANCE.value
        ):
            found.append(Why(rule, mine.numerator, rate=mine, shop=shop))
    return found


def recurring(
    store: Store, now: datetime, overrides: Overrides = NO_OVERRIDES,
    today: ShopMetrics | None = None,
) -> list[Flag]:  # fmt: skip
    """The SKUs that are recurring problems at `now`, most problem orders first.

    A SKU is flagged when, over today's metric window, its NRR or SFFR is at least
    `RECURRING_RATE_RATIO` percent of the shop's (with the minimum cases and delivered
    orders), or when `RECURRING_CATEGORY_CASES` of its orders got a seller-fault request
    of one category in the `RECURRING_CATEGORY_DAYS` days before `now`. Its cases are
    those behind each reason: negative reviews, seller-fault requests, the cluster.
    `today`: the shop's metrics of `now`'s day when the caller has read them already.
    """
    day = local_date(now, store.shop_zone)
    if today is None or today.at != day:
        today = shop_metrics(store, day, overrides)
    window, sqlite = today.window, store.is_sqlite
    why: dict[str, list[Why]] = defaultdict(list)
    for sku in today.skus:
        why[sku.sku].extend(rate_flags(sku, today.nrr, today.sffr))
    by_nrr = sorted(s for s, found in why.items() if any(w.rule == "nrr" for w in found))
    by_sffr = sorted(s for s, found in why.items() if any(w.rule == "sffr" for w in found))

    cases: dict[str, set[Case]] = defaultdict(set)
    recent = Window(now - RECURRING_CATEGORY_DAYS.delta, now)
    with store.read() as session:
        fault = seller_fault_texts(_reasons(session, recent.start, recent.end, sqlite), overrides)
        clusters: dict[tuple[str, Category], list[Case]] = defaultdict(list)
        for case in _request_cases(session, recent, fault, None, sqlite, overrides):
            if case.category is not None:
                clusters[(case.sku, case.category)].append(case)
        for (sku_code, category), found in sorted(clusters.items()):
            orders = {(c.marketplace, c.order_id) for c in found}
            if len(orders) >= RECURRING_CATEGORY_CASES.value:
                days = RECURRING_CATEGORY_DAYS.value
                why[sku_code].append(Why("category", len(orders), category=category, days=days))
                cases[sku_code].update(found)
        if by_nrr:
            for case in _review_cases(session, window, by_nrr, sqlite):
                cases[case.sku].add(case)
        if by_sffr:
            texts = _reasons(session, window.start, window.end, sqlite)
            fault = seller_fault_texts(texts, overrides)
            for case in _request_cases(session, window, fault, by_sffr, sqlite, overrides):
                cases[case.sku].add(case)

    rates = {s.sku: s for s in today.skus}
    flags = [
        Flag(
            sku=sku_code,
            why=tuple(reasons),
            nrr=rates[sku_code].nrr if sku_code in rates else NO_ORDERS,
            sffr=rates[sku_code].sffr if sku_code in rates else NO_ORDERS,
            cases=tuple(sorted(cases[sku_code], key=lambda c: (c.at, c.kind, c.pk))),
        )
        for sku_code, reasons in why.items()
        if reasons
    ]
    return sorted(flags, key=lambda f: (-f.orders, f.sku))


def _review_cases(
    session: Session, window: Window, skus: Sequence[str], sqlite: bool
) -> list[Case]:
    """The negative reviews in `window` of the `skus`' lines delivered in `window`."""
    in_skus, params = _in_list("r.sku", "sku", skus)
    params.update(_window_params(window, sqlite))
    sql = (
        "SELECT r.id, r.marketplace, r.order_id, r.sku, r.created_at, r.rating"
        f" {_negative(True)} AND {in_skus}"
    )
    return [
        Case("review", pk, shop, order, sku, _read_time(at), rating=rating)
        for pk, shop, order, sku, at, rating in _rows(session, Query(sql, params))
    ]


def _request_cases(
    session: Session,
    window: Window,
    reasons: Sequence[str],
    skus: Sequence[str] | None,
    sqlite: bool,
    overrides: Overrides,
) -> list[Case]:
    """Requests created in `window` with one of `reasons`. With `skus`: those naming one of
    them on a line delivered in `window` (SFFR's cases); without: all (a cluster's)."""
    in_reasons, params = _in_list("q.reason", "reason", reasons)
    params.update(_window_params(window, sqlite))
    columns = "q.request_pk, q.request_id, q.marketplace, q.order_id, q.sku, q.created_at, q.reason"
    if skus is None:
        sql = (
            f"SELECT {columns} FROM ({REQUEST_ITEMS}) q"
            f" WHERE q.created_at >= :start AND q.created_at < :end AND {in_reasons}"
        )
    else:
        in_skus, sku_params = _in_list("q.sku", "sku", skus)
        params.update(sku_params)
        sql = f"SELECT {columns} {_fault(in_reasons, True)} AND {in_skus}"
    categories = {text: classify(text, overrides) for text in reasons}
    found = []
    for pk, request_id, shop, order, sku, at, reason in _rows(session, Query(sql, params)):
        category = categories.get(reason)
        found.append(Case("request", pk, shop, order, sku, _read_time(at), request_id,
                          reason=reason, category=category))  # fmt: skip
    return found


def unclassified_reasons(
    store: Store, start: datetime, end: datetime, overrides: Overrides = NO_OVERRIDES
) -> tuple[str, ...]:
    """Reason texts of requests created from `start` to before `end` that nobody has
    classified yet: what a supervisor should classify once."""
    with store.read() as session:
        texts: Iterable[str | None] = _reasons(session, start, end, store.is_sqlite)
        return _unclassified_texts(texts, overrides)
