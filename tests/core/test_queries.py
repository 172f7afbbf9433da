"""What the screens read: counts per band at the boundaries, order, filter, pages."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert

from core import queries
from core.db import Store
from core.models import Request
from core.workflow import RequestType
from tests.helpers import FIXED_NOW


def add(store: Store, *deadlines: timedelta, kind: str = "resend", **extra: object) -> None:
    rows = []
    for number, left in enumerate(deadlines):
        respond_by = FIXED_NOW + left
        rows.append(
            {
                "marketplace": "tiktok_shop",
                "request_id": f"{kind}-{number}-{left}",
                "order_id": f"O{number}",
                "request_type": kind,
                "created_at": respond_by - timedelta(hours=48),
                "respond_by": respond_by,
                "sku": f"SKU-{number}",
                "amount": 1000,
                "quantity": 1,
                "evidence_count": 0,
                "state": "new",
                "is_open": True,
                "version": 1,
                "imported_at": FIXED_NOW,
                "updated_at": FIXED_NOW,
                **extra,
            }
        )
    with store.write() as session:
        session.execute(insert(Request), rows)


def test_dashboard_bands_at_their_boundaries(store: Store) -> None:
    add(
        store,
        timedelta(hours=-5),
        timedelta(0),
        timedelta(seconds=1),
        timedelta(hours=6) - timedelta(seconds=1),
        timedelta(hours=6),
        timedelta(hours=24) - timedelta(seconds=1),
        timedelta(hours=24),
        timedelta(hours=40),
    )
    add(store, timedelta(hours=1), kind="exchange", state="rejected", is_open=False)
    with store.read() as session:
        summaries = {s.request_type: s for s in queries.dashboard(session, FIXED_NOW)}
    resend = summaries[RequestType.RESEND]
    assert (resend.open, resend.overdue, resend.within_6h, resend.within_24h) == (8, 2, 2, 4)
    assert resend.most_urgent is not None
    assert resend.most_urgent.respond_by == FIXED_NOW - timedelta(hours=5)
    exchange = summaries[RequestType.EXCHANGE]
    assert (exchange.open, exchange.most_urgent) == (0, None)


def test_pages_are_in_deadline_order_and_stable(store: Store) -> None:
    add(store, *[timedelta(minutes=m) for m in (50, 10, 30, 10, 40, 20)])
    with store.read() as session:
        whole = queries.queue_page(session, RequestType.RESEND, 0, 100)
        paged = [
            r
            for offset in range(0, 6, 2)
            for r in queries.queue_page(session, RequestType.RESEND, offset, 2)
        ]
        assert paged == whole
        assert [r.respond_by for r in whole] == sorted(r.respond_by for r in whole)
        assert queries.queue_position(session, RequestType.RESEND, whole[4].pk) == 4


def test_filter_matches_order_sku_buyer_and_escapes_wildcards(store: Store) -> None:
    add(store, timedelta(hours=1), buyer_name="Siti Rahma")
    add(store, timedelta(hours=2), kind="exchange", sku="A_%B", buyer_name="Budi")
    with store.read() as session:
        assert queries.queue_count(session, None, "siti") == 1
        assert queries.queue_count(session, None, "sku-0") == 1
        assert queries.queue_count(session, None, "o0") == 2
        assert queries.queue_count(session, None, "_%") == 1  # literal, not a wildcard
        assert queries.queue_count(session, RequestType.RESEND, "budi") == 0


def test_detail_of_a_demo_request(demo_store: Store) -> None:
    with demo_store.read() as session:
        row = queries.queue_page(session, RequestType.RETURN_REFUND, 0, 1)[0]
        detail = queries.request_detail(session, row.pk, demo_store.shop_zone)
        assert queries.request_detail(session, 999_999, demo_store.shop_zone) is None
    assert detail is not None
    assert detail.row == row
    assert detail.checks[0].item.key == "type_matches_comment"
    assert detail.order is not None and detail.order.claim_last_day is not None
    assert detail.respond_by_business_day >= row.respond_by.date()


def test_quick_dashboard_gives_the_same_answer_as_the_store(demo_store: Store) -> None:
    from core import quick
    from core.location import sqlite_file

    path = sqlite_file(demo_store.url)
    assert path is not None
    for now in (
        FIXED_NOW,
        FIXED_NOW + timedelta(hours=7, seconds=1),
        FIXED_NOW - timedelta(days=1),
    ):
        with demo_store.read() as session:
            assert quick.dashboard(path, now) == queries.dashboard(session, now)


def test_quick_dashboard_at_band_boundaries(store: Store) -> None:
    from core import quick
    from core.location import sqlite_file

    add(store, timedelta(0), timedelta(seconds=1), timedelta(hours=6), timedelta(hours=24))
    path = sqlite_file(store.url)
    assert path is not None
    with store.read() as session:
        assert quick.dashboard(path, FIXED_NOW) == queries.dashboard(session, FIXED_NOW)


def test_quick_dashboard_declines_what_it_cannot_read(tmp_path: Path) -> None:
    from core import quick
    from core.db import make_engine, migrate

    assert quick.dashboard(tmp_path / "missing.db", FIXED_NOW) is None
    (tmp_path / "junk.db").write_text("not a database")
    assert quick.dashboard(tmp_path / "junk.db", FIXED_NOW) is None
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate(engine, "0001_initial")  # an older schema: wait for the store to upgrade it
    engine.dispose()
    assert quick.dashboard(tmp_path / "old.db", FIXED_NOW) is None
