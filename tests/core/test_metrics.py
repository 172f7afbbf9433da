"""NRR, SFFR, their trend and recurring problems (DOMAIN.md §5) on a real store: an SQLite
file, and PostgreSQL where PURNA_TEST_PG_URL names a server."""

from __future__ import annotations

import itertools
import math
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, insert

from core import audit, metrics
from core.db import Store, open_store
from core.i18n import set_language
from core.metrics import Rate, SkuMetrics, Window
from core.models import Order, Request, Review, Setting
from core.reasons import Category
from tests.conftest import PG_URL_VAR
from tests.helpers import tamper

D = date(2026, 11, 22)  # the day the metrics are read for: window 23 Oct 00:00 to 22 Nov 00:00
FIRST = date(2026, 10, 23)  # first day of the window
JAKARTA = ZoneInfo("Asia/Jakarta")
MID = datetime(2026, 11, 5, 12, 0, tzinfo=JAKARTA)  # well inside the window
DAMAGED = "Kemasan atau produk rusak"  # product: seller's fault
WRONG = "Produk salah kirim"  # service: seller's fault
NOT_RECEIVED = "Paket tidak diterima"  # courier
CHANGED_MIND = "Berubah pikiran"  # buyer
UNKNOWN = "Ukuran tidak sesuai"  # nobody has classified it
_ids = itertools.count(1)


def local(day: date, hour: int = 0, minute: int = 0, second: int = 0, zone: str = "") -> datetime:
    return datetime.combine(
        day, time(hour, minute, second), tzinfo=ZoneInfo(zone or "Asia/Jakarta")
    )


def order(
    order_id: str, sku: str = "SKU-A", delivered: datetime | None = MID, shop: str = "tiktok_shop"
) -> dict[str, Any]:
    return {
        "marketplace": shop,
        "order_id": order_id,
        "sku": sku,
        "status": "delivered" if delivered else "in_transit",
        "delivered_at": delivered,
        "imported_at": MID,
        "updated_at": MID,
    }


def review(
    order_id: str, rating: int, at: datetime = MID, sku: str = "SKU-A", shop: str = "tiktok_shop"
) -> dict[str, Any]:
    return {
        "marketplace": shop,
        "order_id": order_id,
        "sku": sku,
        "rating": rating,
        "created_at": at,
        "imported_at": MID,
    }


def request(
    order_id: str,
    reason: str | None,
    at: datetime = MID,
    sku: str = "SKU-A",
    shop: str = "tiktok_shop",
) -> dict[str, Any]:
    number = next(_ids)
    return {
        "marketplace": shop,
        "request_id": f"R{number:04d}",
        "order_id": order_id,
        "request_type": "refund_only",
        "created_at": at,
        "respond_by": at + timedelta(hours=48),
        "reason": reason,
        "sku": sku,
        "amount": 10_000,
        "quantity": 1,
        "evidence_count": 0,
        "state": "refunded",
        "is_open": False,
        "version": 1,
        "imported_at": MID,
        "updated_at": MID,
    }


def add(
    store: Store,
    orders: list[dict[str, Any]] = (),  # type: ignore[assignment]
    reviews: list[dict[str, Any]] = (),  # type: ignore[assignment]
    requests: list[dict[str, Any]] = (),  # type: ignore[assignment]
) -> None:
    with store.write() as session:
        for model, rows in ((Order, orders), (Review, reviews), (Request, requests)):
            if rows:
                session.execute(insert(model), list(rows))


def set_zone(store: Store, name: str) -> None:
    with store.write() as session:
        session.add(Setting(key="shop_zone", value=name))
    store.forget_settings()


@pytest.fixture(scope="module")
def pg_store() -> Iterator[Store]:
    """One PostgreSQL database for this module's tests, dropped at the end."""
    server = os.environ.get(PG_URL_VAR)
    if not server:
        pytest.skip(f"{PG_URL_VAR} is not set: no PostgreSQL server to test against")
    name = f"purna_metrics_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        opened = open_store(server.rsplit("/", 1)[0] + f"/{name}")
        yield opened
        opened.close()
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store: the same SQL must count alike on both backends."""
    if request.param == "sqlite":
        opened = open_store(f"sqlite:///{tmp_path / 'purna.db'}")
        yield opened
        opened.close()
        return
    shared: Store = request.getfixturevalue("pg_store")
    # start each test afresh: the trail's guard is lifted for the clean-up only
    tamper(shared, "TRUNCATE orders, review, request, setting RESTART IDENTITY CASCADE",
           *audit.APPEND_ONLY["postgresql"][1:])  # fmt: skip
    shared.forget_settings()
    yield shared


# --- the window --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "start", "end"),
    [
        (
            "Asia/Jakarta",
            datetime(2026, 10, 22, 17, tzinfo=UTC),
            datetime(2026, 11, 21, 17, tzinfo=UTC),
        ),
        (
            "Asia/Makassar",
            datetime(2026, 10, 22, 16, tzinfo=UTC),
            datetime(2026, 11, 21, 16, tzinfo=UTC),
        ),
        (
            "Asia/Jayapura",
            datetime(2026, 10, 22, 15, tzinfo=UTC),
            datetime(2026, 11, 21, 15, tzinfo=UTC),
        ),
    ],
)
def test_window_is_the_30_shop_days_before_d(zone: str, start: datetime, end: datetime) -> None:
    window = metrics.metric_window(D, ZoneInfo(zone))
    assert window == Window(start, end)
    assert window.as_json() == {
        "from": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "to": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


@pytest.mark.parametrize(
    ("at", "zone", "first"),
    [
        (date(2027, 3, 1), "Asia/Jakarta", date(2027, 1, 30)),  # no 29 Feb 2027
        (date(2028, 3, 1), "Asia/Jakarta", date(2028, 1, 31)),  # 29 Feb 2028 in the window
        (date(2027, 1, 1), "Asia/Jayapura", date(2026, 12, 2)),  # across the year end
    ],
)
def test_window_over_odd_dates(at: date, zone: str, first: date) -> None:
    # DOMAIN.md §5: from 00:00 of D-30 to 00:00 of D, shop time
    window = metrics.metric_window(at, ZoneInfo(zone))
    assert window.start == local(first, zone=zone)
    assert window.end == local(at, zone=zone)


def test_a_leap_day_delivery_and_review_count(store: Store) -> None:
    add(
        store,
        orders=[
            order("p1", delivered=local(date(2028, 1, 31))),  # the first instant: in
            order("p2", delivered=local(date(2028, 1, 30), 23, 59, 59)),  # before: out
            order("p3", delivered=local(date(2028, 2, 29), 23, 59, 59)),  # the last second: in
        ],
        reviews=[review("p3", 2, local(date(2028, 2, 29), 23, 59, 59))],
    )
    assert metrics.shop_metrics(store, date(2028, 3, 1)).nrr == Rate(1, 2)


@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"])
def test_reviews_count_from_00_00_of_the_first_day_to_before_00_00_of_d(
    store: Store, zone: str
) -> None:
    if zone != "Asia/Jakarta":
        set_zone(store, zone)
    day_before = FIRST - timedelta(days=1)
    last = D - timedelta(days=1)
    reviewed = {
        "before-start": local(day_before, 23, 59, 59, zone),  # not counted
        "at-start": local(FIRST, 0, 0, 0, zone),  # counted
        "last-minute": local(last, 23, 59, 59, zone),  # counted
        "at-end": local(D, 0, 0, 0, zone),  # not counted
    }
    add(
        store,
        orders=[order(name, delivered=local(FIRST, 12, zone=zone)) for name in reviewed],
        reviews=[review(name, 1, at) for name, at in reviewed.items()],
    )
    shop = metrics.shop_metrics(store, D)
    assert shop.nrr == Rate(2, 4)
    assert shop.nrr.value == 0.5
    assert shop.skus == (SkuMetrics("SKU-A", Rate(2, 4), Rate(0, 4)),)


def test_an_order_delivered_at_the_window_start_counts_one_at_its_end_does_not(
    store: Store,
) -> None:
    window = metrics.metric_window(D, JAKARTA)
    add(
        store,
        orders=[
            order("at-start", delivered=window.start),
            order("just-before-end", delivered=window.end - timedelta(microseconds=1)),
            order("at-end", delivered=window.end),
            order("just-before-start", delivered=window.start - timedelta(microseconds=1)),
        ],
        reviews=[review(name, 2) for name in ("at-start", "at-end", "just-before-start")],
    )
    shop = metrics.shop_metrics(store, D)
    assert shop.nrr == Rate(1, 2)  # only at-start has a review among the delivered


def test_orders_not_delivered_are_not_in_the_denominator(store: Store) -> None:
    add(
        store,
        orders=[order("delivered"), order("in-transit", delivered=None)],
        reviews=[review("delivered", 5), review("in-transit", 1)],
        requests=[request("in-transit", DAMAGED)],
    )
    shop = metrics.shop_metrics(store, D)
    assert shop.nrr == Rate(0, 1)
    assert shop.sffr == Rate(0, 1)


def test_an_order_with_several_negative_reviews_counts_once(store: Store) -> None:
    add(
        store,
        orders=[order("two-skus", "SKU-A"), order("two-skus", "SKU-B"), order("fine", "SKU-A")],
        reviews=[
            review("two-skus", 1, sku="SKU-A"),
            review("two-skus", 2, sku="SKU-B", at=MID + timedelta(days=1)),
            review("fine", 3),  # 3 stars is not negative
        ],
        requests=[
            request("two-skus", DAMAGED, sku="SKU-A"),
            request("two-skus", WRONG, sku="SKU-B"),
        ],
    )
    shop = metrics.shop_metrics(store, D)
    assert shop.nrr == Rate(1, 2)
    assert shop.sffr == Rate(1, 2)
    skus = {s.sku: s for s in shop.skus}
    assert skus["SKU-A"] == SkuMetrics("SKU-A", Rate(1, 2), Rate(1, 2))
    assert skus["SKU-B"] == SkuMetrics("SKU-B", Rate(1, 1), Rate(1, 1))


def test_the_same_order_id_on_two_marketplaces_is_two_orders(store: Store) -> None:
    add(
        store,
        orders=[order("SAME-1", shop="tiktok_shop"), order("SAME-1", shop="shopee")],
        reviews=[review("SAME-1", 1, shop="shopee")],
        requests=[request("SAME-1", DAMAGED, shop="tiktok_shop")],
    )
    shop = metrics.shop_metrics(store, D)
    assert shop.nrr == Rate(1, 2)
    assert shop.sffr == Rate(1, 2)
    assert shop.skus == (SkuMetrics("SKU-A", Rate(1, 2), Rate(1, 2)),)


# --- SFFR and reasons --------------------------------------------------------------------


def test_sffr_counts_seller_fault_reasons_only(store: Store) -> None:
    reasons = {"damaged": DAMAGED, "wrong": WRONG, "courier": NOT_RECEIVED, "buyer": CHANGED_MIND,
               "unknown": UNKNOWN, "none": None}  # fmt: skip
    add(
        store,
        orders=[order(name) for name in (*reasons, "quiet")],
        requests=[request(name, reason) for name, reason in reasons.items()],
    )
    shop = metrics.shop_metrics(store, D)
    assert shop.sffr == Rate(2, 7)
    assert shop.unclassified == (UNKNOWN,)
    assert shop.nrr == Rate(0, 7)


def test_an_unknown_reason_counts_once_a_supervisor_classifies_it(store: Store) -> None:
    add(store, orders=[order("A"), order("B")], requests=[request("A", UNKNOWN)])
    assert metrics.shop_metrics(store, D).sffr == Rate(0, 2)
    as_service = metrics.shop_metrics(store, D, {"ukuran tidak sesuai": Category.SERVICE})
    assert as_service.sffr == Rate(1, 2)
    assert as_service.unclassified == ()
    as_buyer = metrics.shop_metrics(store, D, {"ukuran tidak sesuai": Category.BUYER})
    assert as_buyer.sffr == Rate(0, 2)
    assert as_buyer.unclassified == ()
    # an override may also correct the table
    assert metrics.shop_metrics(store, D, {"ukuran tidak sesuai": "product"}).sffr == Rate(1, 2)


def test_requests_count_only_when_created_in_the_window(store: Store) -> None:
    window = metrics.metric_window(D, JAKARTA)
    add(
        store,
        orders=[order(name) for name in ("early", "first", "last", "late")],
        requests=[
            request("early", DAMAGED, at=window.start - timedelta(seconds=1)),
            request("first", DAMAGED, at=window.start),
            request("last", WRONG, at=window.end - timedelta(seconds=1)),
            request("late", WRONG, at=window.end),
        ],
    )
    assert metrics.shop_metrics(store, D).sffr == Rate(2, 4)


def test_per_sku_matches_reviews_and_requests_on_their_own_sku(store: Store) -> None:
    add(
        store,
        orders=[
            order("O1", "SKU-A"),
            order("O1", "SKU-B"),
            order("O2", "SKU-B"),
            order("O3", "SKU-C"),
        ],
        reviews=[review("O1", 1, sku="SKU-B")],
        requests=[request("O1", DAMAGED, sku="SKU-A"), request("O2", NOT_RECEIVED, sku="SKU-B")],
    )
    shop = metrics.shop_metrics(store, D)
    assert shop.nrr == Rate(1, 3)
    assert shop.sffr == Rate(1, 3)
    assert shop.skus == (  # worst first: most problem orders, then highest rate, then code
        SkuMetrics("SKU-A", Rate(0, 1), Rate(1, 1)),
        SkuMetrics("SKU-B", Rate(1, 2), Rate(0, 2)),
        SkuMetrics("SKU-C", Rate(0, 1), Rate(0, 1)),
    )


def test_an_empty_store_has_no_rates_and_no_division_error(store: Store) -> None:
    shop = metrics.shop_metrics(store, D)
    assert shop.nrr == Rate(0, 0) and shop.nrr.value is None
    assert shop.sffr.value is None
    assert shop.skus == ()
    assert shop.as_json()["nrr"] == {"value": None, "numerator": 0, "denominator": 0}
    assert metrics.format_rate(shop.nrr) == "—"
    assert [p.nrr.value for p in metrics.trend(store, D)] == [None] * 12
    assert metrics.recurring(store, local(D, 10)) == []


def test_json_shape_of_purna_metrics(store: Store) -> None:
    add(store, orders=[order("A"), order("B")], reviews=[review("A", 1)])
    data = metrics.shop_metrics(store, D).as_json()
    assert data == {
        "at": "2026-11-22",
        "window": {"from": "2026-10-22T17:00:00Z", "to": "2026-11-21T17:00:00Z"},
        "nrr": {"value": 0.5, "numerator": 1, "denominator": 2},
        "sffr": {"value": 0.0, "numerator": 0, "denominator": 2},
        "skus": [
            {
                "sku": "SKU-A",
                "nrr": {"value": 0.5, "numerator": 1, "denominator": 2},
                "sffr": {"value": 0.0, "numerator": 0, "denominator": 2},
            }
        ],
    }


def test_format_rate_follows_the_language() -> None:
    from core.i18n import set_language

    assert metrics.format_rate(Rate(1, 40)) == "2,5%"
    set_language("en")
    assert metrics.format_rate(Rate(1, 40)) == "2.5%"


# --- trend -------------------------------------------------------------------------------


def test_trend_has_one_point_a_week_each_with_its_own_window(store: Store) -> None:
    add(
        store,
        orders=[order("old", delivered=local(date(2026, 9, 10), 12)), order("new")],
        reviews=[review("old", 1, at=local(date(2026, 9, 12), 9))],
        requests=[request("new", WRONG)],
    )
    points = metrics.trend(store, D)
    assert [p.at for p in points] == [D - timedelta(weeks=i) for i in range(11, -1, -1)]
    assert points[-1].window == metrics.metric_window(D, JAKARTA)
    by_day = {p.at: p for p in points}
    # "old": delivered 10 Sep, reviewed 12 Sep: in the windows of 13 Sep to 4 Oct (30 days)
    assert by_day[date(2026, 9, 6)].nrr == Rate(0, 0)
    assert by_day[date(2026, 9, 13)].nrr == Rate(1, 1)
    assert by_day[date(2026, 10, 4)].nrr == Rate(1, 1)
    assert by_day[date(2026, 10, 11)].nrr == Rate(0, 0)
    assert by_day[D].nrr == Rate(0, 1)
    assert by_day[D].sffr == Rate(1, 1)
    assert points[-1].as_json()["sffr"] == {"value": 1.0, "numerator": 1, "denominator": 1}
    assert len(metrics.trend(store, D, weeks=4)) == 4
    with pytest.raises(ValueError):
        metrics.trend(store, D, weeks=0)


# --- recurring problems ------------------------------------------------------------------


def shop_with(store: Store, sku: str, delivered: int, negative: int, others: int = 200) -> None:
    """`sku` with `delivered` orders of which `negative` got 1 star, beside `others` orders
    of SKU-OK of which 2 got 1 star."""
    orders = [order(f"{sku}-{n}", sku) for n in range(delivered)]
    orders += [order(f"OK-{n}", "SKU-OK") for n in range(others)]
    reviews = [review(f"{sku}-{n}", 1, sku=sku) for n in range(negative)]
    reviews += [review(f"OK-{n}", 1, sku="SKU-OK") for n in range(2)]
    add(store, orders=orders, reviews=reviews)


NOW = local(D, 10)


def test_one_bad_review_on_three_orders_is_not_an_alarm(store: Store) -> None:
    shop_with(store, "SKU-X", delivered=3, negative=1)
    assert metrics.recurring(store, NOW) == []


def test_minimum_cases_not_reached_then_reached(store: Store) -> None:
    set_language("en")
    # a shop rate so low (0.2 %) that only the minimum of cases holds 2 of 10 back
    shop_with(store, "SKU-X", delivered=10, negative=2, others=2_000)
    skus = {s.sku: s for s in metrics.shop_metrics(store, D).skus}
    assert metrics.rate_flags(skus["SKU-X"], Rate(4, 2_010), Rate(0, 2_010)) == []
    assert metrics.chance_at_least(2, 10, 4 / 2_010) < 0.001  # the chance would allow it
    assert metrics.recurring(store, NOW) == []
    add(store, reviews=[review("SKU-X-2", 2, sku="SKU-X")])
    (flag,) = metrics.recurring(store, NOW)
    assert flag.sku == "SKU-X"
    assert flag.nrr == Rate(3, 10)
    assert [w.rule for w in flag.why] == ["nrr"]
    assert flag.why[0].shop == Rate(5, 2_010)
    assert flag.why[0].text() == (
        "Negative reviews on 3 of 10 delivered orders (NRR 30.0%), at least 2 times the shop's 0.2%"
    )
    assert [(c.kind, c.order_id, c.rating) for c in flag.cases] == [
        ("review", "SKU-X-0", 1),
        ("review", "SKU-X-1", 1),
        ("review", "SKU-X-2", 2),
    ]
    assert all(c.at == MID for c in flag.cases)
    assert flag.orders == 3


def test_minimum_delivered_orders_not_reached(store: Store) -> None:
    shop_with(store, "SKU-X", delivered=9, negative=3)
    assert metrics.recurring(store, NOW) == []


def test_rate_ratio_edge() -> None:
    shop = Rate(100, 10_000)  # 1 %
    at_twice = SkuMetrics("X", Rate(20, 1_000), Rate(0, 1_000))  # 2 %: exactly twice
    assert [w.rule for w in metrics.rate_flags(at_twice, shop, Rate(0, 10_000))] == ["nrr"]
    below = Rate(101, 10_000)  # 1.01 %: twice is 2.02 %
    assert metrics.rate_flags(at_twice, below, Rate(0, 10_000)) == []
    both = SkuMetrics("X", Rate(20, 1_000), Rate(25, 1_000))
    assert [w.rule for w in metrics.rate_flags(both, shop, Rate(100, 10_000))] == ["nrr", "sffr"]


def test_a_rate_above_the_shops_by_luck_is_not_flagged() -> None:
    # 3 of 10 where the shop has 15 %: twice the rate, but 18 % likely by chance alone
    sku = SkuMetrics("X", Rate(3, 10), Rate(0, 10))
    assert metrics.chance_at_least(3, 10, 0.15) == pytest.approx(0.17980, abs=1e-5)
    assert metrics.rate_flags(sku, Rate(6, 40), Rate(0, 40)) == []
    # the same SKU where the shop has 2.5 %: 0.2 % likely, flagged
    assert [w.rule for w in metrics.rate_flags(sku, Rate(1, 40), Rate(0, 40))] == ["nrr"]


@pytest.mark.parametrize(
    ("cases", "orders", "rate"),
    [(3, 10, 0.1), (6, 80, 0.017), (34, 1_000, 0.017), (5, 5, 0.3), (1, 1, 0.5), (2, 400, 0.001)],
)
def test_chance_is_the_binomial_upper_tail(cases: int, orders: int, rate: float) -> None:
    exact = sum(
        math.comb(orders, i) * rate**i * (1 - rate) ** (orders - i)
        for i in range(cases, orders + 1)
    )
    assert metrics.chance_at_least(cases, orders, rate) == pytest.approx(exact, rel=1e-9)


def test_chance_edges_and_large_skus() -> None:
    assert metrics.chance_at_least(0, 10, 0.1) == 1.0
    assert metrics.chance_at_least(11, 10, 0.1) == 0.0
    assert metrics.chance_at_least(1, 10, 0.0) == 0.0
    assert metrics.chance_at_least(1, 10, 1.0) == 1.0
    # 50,000 orders: no underflow, and quickly
    assert 0 < metrics.chance_at_least(100, 50_000, 0.001) < 1e-8


def test_cases_of_one_category_within_7_days(store: Store) -> None:
    set_language("en")
    recent = [NOW - timedelta(days=6, hours=23), NOW - timedelta(days=2), NOW - timedelta(hours=1)]
    add(
        store,
        orders=[order(f"C{n}", "SKU-C") for n in range(6)],
        requests=[request(f"C{n}", reason, at=at, sku="SKU-C")
                  for n, (reason, at) in enumerate(zip((DAMAGED, WRONG, DAMAGED), recent, strict=True))],
    )  # fmt: skip
    assert metrics.recurring(store, NOW) == []  # product 2, service 1: no category has 3
    add(store, requests=[request("C3", NOT_RECEIVED, at=NOW - timedelta(hours=2), sku="SKU-C"),
                         request("C4", CHANGED_MIND, at=NOW - timedelta(hours=2), sku="SKU-C"),
                         request("C5", DAMAGED, at=NOW - timedelta(days=8), sku="SKU-C")])  # fmt: skip
    assert metrics.recurring(store, NOW) == []  # courier, buyer, and a case 8 days old
    add(store, requests=[request("C5", "Barang rusak", at=NOW - timedelta(days=3), sku="SKU-C")])
    (flag,) = metrics.recurring(store, NOW)
    assert flag.sku == "SKU-C"
    (why,) = flag.why
    assert (why.rule, why.cases, why.category, why.days) == ("category", 3, Category.PRODUCT, 7)
    assert why.text() == (
        "3 orders with a return or refund request of one category within 7 days: Product-related"
    )
    assert [(c.kind, c.order_id, c.category, c.reason) for c in flag.cases] == [
        ("request", "C0", Category.PRODUCT, DAMAGED),
        ("request", "C5", Category.PRODUCT, "Barang rusak"),
        ("request", "C2", Category.PRODUCT, DAMAGED),
    ]
    assert all(c.request_id and c.request_id.startswith("R") for c in flag.cases)
    assert flag.as_json()["cases"][0]["at"].endswith("Z")


def test_a_category_cluster_needs_distinct_orders(store: Store) -> None:
    add(
        store,
        orders=[order("C0", "SKU-C"), order("C1", "SKU-C")],
        requests=[request(name, DAMAGED, at=NOW - timedelta(hours=h), sku="SKU-C")
                  for name, h in (("C0", 1), ("C0", 2), ("C1", 3))],
    )  # fmt: skip
    assert metrics.recurring(store, NOW) == []


def test_an_override_can_make_a_cluster(store: Store) -> None:
    add(
        store,
        orders=[order(f"U{n}", "SKU-U") for n in range(3)],
        requests=[request(f"U{n}", UNKNOWN, at=NOW - timedelta(hours=n + 1), sku="SKU-U")
                  for n in range(3)],
    )  # fmt: skip
    assert metrics.recurring(store, NOW) == []
    (flag,) = metrics.recurring(store, NOW, {"ukuran tidak sesuai": Category.SERVICE})
    assert flag.why[0].category is Category.SERVICE


def test_sffr_flag_lists_the_seller_fault_requests(store: Store) -> None:
    orders = [order(f"S{n}", "SKU-S") for n in range(10)]
    orders += [order(f"OK-{n}", "SKU-OK") for n in range(200)]
    # spread over the window so that no 7 days hold three of one category
    days = [MID - timedelta(days=12), MID, MID + timedelta(days=12)]
    requests = [request(f"S{n}", DAMAGED if n else WRONG, at=at, sku="SKU-S")
                for n, at in enumerate(days)]  # fmt: skip
    requests.append(request("S9", CHANGED_MIND, sku="SKU-S"))  # not a case
    requests.append(request("OK-1", DAMAGED, sku="SKU-OK"))
    add(store, orders=orders, requests=requests)
    (flag,) = metrics.recurring(store, NOW)
    assert flag.sku == "SKU-S"
    assert [w.rule for w in flag.why] == ["sffr"]
    assert flag.sffr == Rate(3, 10)
    assert [(c.order_id, c.reason, c.category) for c in flag.cases] == [
        ("S0", WRONG, Category.SERVICE),
        ("S1", DAMAGED, Category.PRODUCT),
        ("S2", DAMAGED, Category.PRODUCT),
    ]


def test_unclassified_reasons_for_a_supervisor(store: Store) -> None:
    add(store, requests=[request("A", UNKNOWN), request("B", DAMAGED), request("C", "Lainnya")])
    window = metrics.metric_window(D, JAKARTA)
    assert metrics.unclassified_reasons(store, window.start, window.end) == ("Lainnya", UNKNOWN)
    assert metrics.unclassified_reasons(
        store, window.start, window.end, {"lainnya": Category.BUYER}
    ) == (UNKNOWN,)
