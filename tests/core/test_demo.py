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
    placed = [o["created_at"] for o in data["orders"]]
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


def test_the_demo_shop_comes_as_real_export_files_imported_as_a_shop_would(
    store: Store,
) -> None:
    from sqlalchemy import func, select

    from core import audit
    from core.models import AuditEvent, Request, RequestItem

    demo.load(store, FIXED_NOW, "wati")
    folder = demo.exports_folder(store)
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["chats.csv", "reviews.csv", "shopee-orders.csv", "shopee-returns.xlsx",
                     "tiktok-orders.xlsx", "tiktok-returns.csv"]  # fmt: skip
    with store.read() as session:
        formats = set(session.execute(select(Request.source_format)).scalars())
        several = session.execute(
            select(func.count()).select_from(Request).where(Request.item_count > 1)
        ).scalar_one()
        items = session.execute(select(func.count()).select_from(RequestItem)).scalar_one()
        imports = session.execute(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "import")
        ).scalar_one()
        assert audit.verify(session).intact  # every state reached through core actions
        open_count = session.execute(
            select(func.count()).select_from(Request).where(Request.is_open)
        ).scalar_one()
    assert formats == {"tiktok_returns", "shopee_returns"}
    assert several > 0 and items > 540 and imports == 5
    assert open_count == 300
    assert demo.is_demo_only(store)
