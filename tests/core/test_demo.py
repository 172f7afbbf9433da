"""The demo shop: deterministic, realistic, always with urgent work relative to now."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from zoneinfo import ZoneInfo

from core import demo
from core.db import Store
from core.deadlines import Band, urgency_band
from tests.helpers import FIXED_NOW

WIB = ZoneInfo("Asia/Jakarta")


def test_same_data_every_time_relative_to_now() -> None:
    first = demo.build(FIXED_NOW, WIB)
    assert first == demo.build(FIXED_NOW, WIB)
    later = demo.build(FIXED_NOW + timedelta(days=3), WIB)
    assert [r["request_id"] for r in later["requests"]] == [
        r["request_id"] for r in first["requests"]
    ]
    assert later["requests"][0]["created_at"] - first["requests"][0]["created_at"] == timedelta(
        days=3
    )


def test_about_300_open_requests_over_four_types_with_urgent_ones() -> None:
    data = demo.build(FIXED_NOW, WIB)
    open_ = [r for r in data["requests"] if r["is_open"]]
    assert len(open_) == 300
    per_type = Counter(r["request_type"] for r in open_)
    assert set(per_type) == {"refund_only", "return_refund", "resend", "exchange"}
    assert min(per_type.values()) >= 30
    bands = Counter(urgency_band(r["respond_by"], FIXED_NOW) for r in open_)
    assert bands[Band.OVERDUE] >= 10 and bands[Band.URGENT] >= 10


def test_a_month_of_orders_and_reviews_with_indonesian_data() -> None:
    data = demo.build(FIXED_NOW, WIB)
    placed = [o["last_logistics_update_at"] for o in data["orders"]]
    assert FIXED_NOW - min(placed) >= timedelta(days=28)
    assert {o["courier"] for o in data["orders"]} >= {"J&T Express", "SiCepat", "JNE"}
    ratings = Counter(r["rating"] for r in data["reviews"])
    assert ratings[1] + ratings[2] > 0 and ratings[5] > ratings[1]
    assert all(r["amount"] > 0 and r["sku"] for r in data["requests"])


def test_loading_adds_the_current_login_as_supervisor(store: Store) -> None:
    counts = demo.load(store, FIXED_NOW, "wati")
    assert counts["requests"] == 540
    assert not demo.is_empty(store)
    from sqlalchemy import select

    from core.models import Staff

    with store.read() as session:
        roles = dict(session.execute(select(Staff.login, Staff.role)).all())
    assert roles["wati"] == "supervisor"
