"""Reason categories in the store (core.tags), the negative-review queue
(core.review_queue) and the weekly review (core.weekly), on the demo shop."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from sqlalchemy import select, update

from core import audit, checklist, demo, metrics, review_queue, staff, tags, weekly
from core.db import Store, open_store
from core.errors import NotAllowed, Refused, Stale
from core.models import Request, Review
from core.reasons import Category
from core.review_queue import FollowUp
from tests.conftest import PG_URL_VAR
from tests.helpers import FIXED_NOW, TEST_LOGIN

UNKNOWN = "Ukuran tidak sesuai"  # the demo's text nobody has classified


def _request(store: Store, reason: str) -> tuple[int, int]:
    with store.read() as session:
        pk, version = session.execute(
            select(Request.id, Request.version)
            .where(Request.reason == reason)
            .order_by(Request.id)
            .limit(1)
        ).one()
    return pk, version


def _detail_tag(store: Store, pk: int) -> tags.Tag:
    from core import queries

    with store.read() as session:
        detail = queries.request_detail(session, pk, store.shop_zone)
    assert detail is not None and detail.tag is not None
    return detail.tag


@pytest.fixture(scope="module")
def _pg_demo() -> Iterator[tuple[Any, str]]:
    """A PostgreSQL database holding the demo shop, copied for each test (CREATE DATABASE
    … TEMPLATE): loaded once per module, dropped at the end."""
    server = os.environ.get(PG_URL_VAR)
    if not server:
        pytest.skip(f"{PG_URL_VAR} is not set: no PostgreSQL server to test against")
    name = f"purna_insight_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        loaded = open_store(server.rsplit("/", 1)[0] + f"/{name}")
        demo.load(loaded, FIXED_NOW, TEST_LOGIN)
        loaded.close()  # a template database takes no connections while it is copied
        yield admin, name
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def shop(request: pytest.FixtureRequest) -> Iterator[Store]:
    """The demo shop on SQLite and on PostgreSQL: reason tags (core.tags) and the
    negative-review queue (core.review_queue) must read and write alike on both."""
    if request.param == "sqlite":
        yield request.getfixturevalue("demo_store")
        return
    admin, template = request.getfixturevalue("_pg_demo")
    name = f"purna_insight_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    opened = open_store(os.environ[PG_URL_VAR].rsplit("/", 1)[0] + f"/{name}")
    try:
        yield opened
    finally:
        opened.close()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _verified(store: Store) -> None:
    with store.read() as session:
        assert audit.verify(session).intact


# --- reason categories ---------------------------------------------------------------------


def test_every_request_shows_its_category_and_where_it_comes_from(shop: Store) -> None:
    pk, _v = _request(shop, "Kemasan atau produk rusak")
    assert _detail_tag(shop, pk) == tags.Tag(Category.PRODUCT, tags.Source.TABLE)
    pk, _v = _request(shop, UNKNOWN)
    assert _detail_tag(shop, pk) == tags.UNKNOWN
    assert tags.to_classify(shop) == [tags.Unclassified(UNKNOWN, 12)]


def test_staff_tag_one_request_audited_and_stale_versions_refused(shop: Store) -> None:
    staff.add(shop, login="agus2", name="Agus", role="staff", by=TEST_LOGIN, now=FIXED_NOW)
    pk, version = _request(shop, "Kemasan atau produk rusak")
    done = tags.set_category(shop, pk=pk, category=Category.COURIER, login="agus2",
                             version=version, now=FIXED_NOW)  # fmt: skip
    assert done is False  # a tag on this request, not the text
    assert _detail_tag(shop, pk) == tags.Tag(Category.COURIER, tags.Source.REQUEST)
    other = _request(shop, "Kemasan atau produk rusak")
    assert other[0] == pk  # (the first) and the others keep the table's category
    with pytest.raises(Stale):
        tags.tag_request(shop, pk=pk, category=Category.BUYER, login="agus2",
                         version=version, now=FIXED_NOW)  # fmt: skip
    tags.tag_request(shop, pk=pk, category=None, login="agus2", version=version + 1,
                     now=FIXED_NOW)  # fmt: skip
    assert _detail_tag(shop, pk).source is tags.Source.TABLE
    with shop.read() as session:
        from core.models import AuditEvent

        events = session.execute(select(AuditEvent.action, AuditEvent.actor)
                                 .where(AuditEvent.request_pk == pk)
                                 .order_by(AuditEvent.id.desc()).limit(2)).all()  # type: ignore[union-attr]  # fmt: skip
    assert [tuple(e) for e in events] == [("reason_tag", "agus2")] * 2
    _verified(shop)


def test_a_supervisor_classifies_an_unknown_text_once_for_every_request(
    shop: Store,
) -> None:
    staff.add(shop, login="agus2", name="Agus", role="staff", by=TEST_LOGIN, now=FIXED_NOW)
    pk, version = _request(shop, UNKNOWN)
    with pytest.raises(NotAllowed):
        tags.classify_text(shop, text=UNKNOWN, category=Category.BUYER, login="agus2",
                           now=FIXED_NOW)  # fmt: skip
    # staff's g tags only their request; the text stays flagged
    assert not tags.set_category(shop, pk=pk, category=Category.BUYER, login="agus2",
                                 version=version, now=FIXED_NOW)  # fmt: skip
    assert tags.to_classify(shop) == [tags.Unclassified(UNKNOWN, 12)]
    before = metrics.shop_metrics(shop, FIXED_NOW.date(), tags.overrides(shop))
    other, other_version = next(
        (p, v) for p, v in _all(shop, UNKNOWN) if p != pk
    )  # fmt: skip
    assert tags.set_category(shop, pk=other, category=Category.SERVICE, login=TEST_LOGIN,
                             version=other_version, now=FIXED_NOW)  # fmt: skip
    assert tags.to_classify(shop) == []
    assert tags.overrides(shop) == {"ukuran tidak sesuai": Category.SERVICE}
    assert _detail_tag(shop, other) == tags.Tag(Category.SERVICE, tags.Source.SHOP)
    assert _detail_tag(shop, pk).source is tags.Source.REQUEST  # staff's tag stays
    after = metrics.shop_metrics(shop, FIXED_NOW.date(), tags.overrides(shop))
    assert after.unclassified == ()
    assert after.sffr.numerator > before.sffr.numerator  # now counted as the seller's fault
    with pytest.raises(Refused):
        tags.classify_text(shop, text="  ukuran TIDAK sesuai ", category="service",
                           login=TEST_LOGIN, now=FIXED_NOW)  # fmt: skip
    _verified(shop)


def _all(store: Store, reason: str) -> list[tuple[int, int]]:
    with store.read() as session:
        rows = session.execute(select(Request.id, Request.version)
                               .where(Request.reason == reason)).all()  # fmt: skip
    return [(p, v) for p, v in rows]


def test_end_of_day_reasons_point_uses_the_categories(shop: Store) -> None:
    point = next(p for p in checklist.end_of_day(shop, FIXED_NOW) if p.key == "reasons")
    open_unknown = [r for r in point.examples]
    assert point.missing == len(open_unknown) >= 1
    for row in open_unknown:
        tags.tag_request(shop, pk=row.pk, category=Category.BUYER, login=TEST_LOGIN,
                         version=row.version, now=FIXED_NOW)  # fmt: skip
    point = next(p for p in checklist.end_of_day(shop, FIXED_NOW) if p.key == "reasons")
    assert point.ok


# --- the negative-review queue -------------------------------------------------------------


def test_negative_reviews_oldest_first_with_their_order_and_request(shop: Store) -> None:
    queue = review_queue.negative_reviews(shop)
    assert queue and all(r.rating <= 2 for r in queue)
    assert [r.created_at for r in queue] == sorted(r.created_at for r in queue)
    linked = [r for r in queue if r.request_id]
    assert linked, "the demo links some reviews to their order's request"
    assert any(r.category_from_request and r.category for r in linked)
    counts = review_queue.counts(shop)
    assert counts.new + counts.contacted == len(queue)
    with shop.read() as session:
        negative = session.execute(select(Review).where(Review.rating <= 2)).scalars().all()
    assert len(review_queue.negative_reviews(shop, done=True)) == len(negative)


def test_follow_up_states_with_a_note_audited(shop: Store) -> None:
    first = review_queue.negative_reviews(shop)[0]
    with pytest.raises(Refused):  # moving on needs a note
        review_queue.follow_up(shop, review_pk=first.pk, state=FollowUp.CONTACTED, note=" ",
                               login=TEST_LOGIN, version=first.version, now=FIXED_NOW)  # fmt: skip
    version = review_queue.follow_up(
        shop, review_pk=first.pk, state=FollowUp.CONTACTED,
        note="Chat pembeli: tanya kekurangan produk", login=TEST_LOGIN, version=first.version,
        now=FIXED_NOW,
    )  # fmt: skip
    assert version == first.version + 1
    with pytest.raises(Stale):
        review_queue.follow_up(shop, review_pk=first.pk, state=FollowUp.RESOLVED,
                               note="x", login=TEST_LOGIN, version=first.version,
                               now=FIXED_NOW)  # fmt: skip
    version = review_queue.set_category(shop, review_pk=first.pk, category="courier",
                                        login=TEST_LOGIN, version=version,
                                        now=FIXED_NOW)  # fmt: skip
    with pytest.raises(Refused):
        review_queue.set_category(shop, review_pk=first.pk, category="buyer",
                                  login=TEST_LOGIN, version=version, now=FIXED_NOW)  # fmt: skip
    review_queue.follow_up(shop, review_pk=first.pk, state=FollowUp.RESOLVED,
                           note="Dikirim ulang", login=TEST_LOGIN, version=version,
                           now=FIXED_NOW + timedelta(hours=1))  # fmt: skip
    assert first.pk not in {r.pk for r in review_queue.negative_reviews(shop)}
    done = {r.pk: r for r in review_queue.negative_reviews(shop, done=True)}[first.pk]
    assert (done.state, done.category, done.note) == (FollowUp.RESOLVED, Category.COURIER,
                                                      "Dikirim ulang")  # fmt: skip
    _verified(shop)


def test_a_review_above_two_stars_cannot_be_followed_here(shop: Store) -> None:
    with shop.read() as session:
        pk = session.execute(select(Review.id).where(Review.rating >= 3).limit(1)).scalar_one()
    with pytest.raises(Refused):
        review_queue.follow_up(shop, review_pk=pk, state="contacted", note="x",
                               login=TEST_LOGIN, version=0, now=FIXED_NOW)  # fmt: skip


def test_not_staff_may_not_follow_up(shop: Store) -> None:
    first = review_queue.negative_reviews(shop)[0]
    with pytest.raises(NotAllowed):
        review_queue.follow_up(shop, review_pk=first.pk, state="no_action", note="x",
                               login="stranger", version=0, now=FIXED_NOW)  # fmt: skip


# --- the weekly review ---------------------------------------------------------------------


def test_weekly_review_of_the_demo_shop(demo_store: Store, tmp_path: Path) -> None:
    review = weekly.week_review(demo_store, FIXED_NOW)
    assert review.at == FIXED_NOW.date()
    assert review.week.end - review.week.start == timedelta(days=7)
    assert review.reasons[0].requests >= review.reasons[-1].requests
    assert review.flags, "the demo has a flagged SKU"
    assert review.worst and all(s.cases for s in review.worst)
    assert review.waiting and all(r.state is FollowUp.NEW for r in review.waiting)
    data = review.as_json()
    assert set(data) == {"at", "week", "nrr", "sffr", "reasons", "categories", "worst_skus",
                         "recurring", "reviews_without_follow_up"}  # fmt: skip
    assert data["nrr"]["now"]["denominator"] == review.now_metrics.nrr.denominator
    path = weekly.write_xlsx(review, tmp_path / "week.xlsx", demo_store.shop_zone)
    book = load_workbook(path)
    assert len(book.sheetnames) == 5
    reasons = book.worksheets[1]
    assert reasons.max_row == len(review.reasons) + 1
    assert book.worksheets[0]["B3"].number_format == "0.0%"


def test_weekly_review_reads_each_days_shop_metrics_once(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Today's NRR/SFFR serve both the figures and the recurring problems (one read each
    for today and a week ago), and the flags are the same as read on their own."""
    read = metrics.shop_metrics
    days: list[object] = []

    def counted(store: Store, at: object, *args: object) -> metrics.ShopMetrics:
        days.append(at)
        return read(store, at, *args)  # type: ignore[arg-type]

    alone = metrics.recurring(demo_store, FIXED_NOW, tags.overrides(demo_store))
    monkeypatch.setattr(metrics, "shop_metrics", counted)
    review = weekly.week_review(demo_store, FIXED_NOW)
    assert sorted(days) == [review.at - timedelta(days=7), review.at]  # type: ignore[type-var]
    assert list(review.flags) == alone


def test_weekly_xlsx_keeps_a_formula_looking_reason_as_text(
    demo_store: Store, tmp_path: Path
) -> None:
    with demo_store.write() as session:
        session.execute(update(Request).where(Request.reason == UNKNOWN)
                        .values(reason="=HYPERLINK(\"http://x\")"))  # fmt: skip
    review = weekly.week_review(demo_store, FIXED_NOW)
    book = load_workbook(weekly.write_xlsx(review, tmp_path / "w.xlsx", demo_store.shop_zone))
    cells = [c for row in book.worksheets[1].iter_rows() for c in row if c.value
             and str(c.value).startswith("=")]  # fmt: skip
    assert cells and all(c.data_type == "s" for c in cells)


def test_weekly_xlsx_replaces_a_planted_symlink_and_never_writes_its_target(
    demo_store: Store, tmp_path: Path
) -> None:
    """A shared folder: someone plants the file's name as a link to a file of the person
    exporting (their ~/.bashrc, say). The export replaces the link; the target is kept."""
    victim = tmp_path / "victim"
    victim.write_text("precious")
    link = tmp_path / "week.xlsx"
    link.symlink_to(victim)
    weekly.export(demo_store, link, FIXED_NOW)
    assert victim.read_text() == "precious"
    assert not link.is_symlink() and len(load_workbook(link).sheetnames) == 5
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".purna-")] == []


def test_change_words() -> None:
    from core.i18n import set_language
    from core.metrics import Rate, format_rate

    set_language("en")
    assert weekly.change_words(Rate(5, 100), Rate(3, 100)) == "up 2 points"
    assert weekly.change_words(Rate(3, 100), Rate(5, 100)) == "down 2 points"
    assert weekly.change_words(Rate(3, 100), Rate(6, 200)) == "no change"
    assert weekly.change_words(Rate(3, 100), Rate(0, 0)) == "—"
    # the rates as shown (5.3% and 5.4%), not their unrounded difference (0.18 -> 0.2)
    assert (format_rate(Rate(66, 1254)), format_rate(Rate(53, 974))) == ("5.3%", "5.4%")
    assert weekly.change_words(Rate(66, 1254), Rate(53, 974)) == "down 0.1 points"
