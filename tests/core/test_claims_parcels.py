"""Unmatched parcels on the claims desk (issue 12 point 1): a parcel received at the desk
that matches no request is a claim candidate (a wrong return, DOMAIN.md §6), keyed by the
parcel, its window counted from its receipt; matched, it leaves the candidates. Against a
real SQLite file, and PostgreSQL where PURNA_TEST_PG_URL names a server."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlmodel import col

from core import audit, claims_store, handover, receiving, settings, shelf
from core.claims import ORDER_ID_TITLE, ClaimState, Scenario
from core.db import Store
from core.errors import Refused, Stale
from core.models import AuditEvent, Claim, Request
from tests.core.test_actions import add_request
from tests.core.test_claims_store import MP, STAFF, SUPERVISOR, pg_store, setup_shop
from tests.helpers import FIXED_NOW

__all__ = ["pg_store"]  # the PostgreSQL fixture, shared with the other claims store tests

WIB = ZoneInfo("Asia/Jakarta")
RECEIVED = FIXED_NOW - timedelta(hours=5)  # 22 Nov 2026 05:00 WIB


def with_quarantine(store: Store) -> Store:
    shelf.add_location(store, "KRT-01", "quarantine", by=SUPERVISOR, now=FIXED_NOW)
    return store


@pytest.fixture
def shop(store: Store, tmp_path: Path) -> Store:
    return with_quarantine(setup_shop(store, tmp_path))


def parcel(store: Store, code: str = "jx7777", when: datetime = RECEIVED) -> int:
    return receiving.record_unmatched(store, code=code, note="tanpa label", login=STAFF,
                                      now=when).parcel_id  # fmt: skip


def parcel_rows(store: Store, now: datetime = FIXED_NOW) -> list[claims_store.ClaimRow]:
    return [r for r in claims_store.list_claims(store, now) if r.parcel_pk is not None]


def test_an_unmatched_parcel_is_a_wrong_return_candidate_keyed_by_the_parcel(shop: Store) -> None:
    pk = parcel(shop)
    [row] = parcel_rows(shop)
    assert (row.pk, row.parcel_pk, row.order_id, row.marketplace, row.awb) == (
        None, pk, None, None, "JX7777",
    )  # fmt: skip
    assert (row.scenario, row.state, row.origin) == (
        Scenario.WRONG_ITEM_RETURNED, ClaimState.CANDIDATE, "parcel",
    )  # fmt: skip
    # the window counts from the receipt at the desk: +39 days, to the end of that WIB day
    assert (row.window.basis, row.window.basis_at) == ("received", RECEIVED)
    assert row.window.last_day == date(2026, 12, 31)
    assert row.window.deadline == datetime(2026, 12, 31, 23, 59, 59, 999999, tzinfo=WIB)
    assert "JX7777" in row.label  # named by its code
    assert ORDER_ID_TITLE in row.missing.titles  # the ticket will need the order id
    # the JSON keeps the contract's keys: no order id yet, the code as the AWB
    shown = row.as_json()
    assert (shown["order_id"], shown["awb"], shown["scenario"], shown["state"]) == (
        None, "JX7777", "wrong_item_returned", "candidate",
    )  # fmt: skip
    assert (shown["last_update"], shown["file_by"], shown["parcel_id"]) == (
        "2026-11-21T22:00:00Z", "2026-12-31", pk,
    )  # fmt: skip


def test_two_parcels_with_the_same_code_are_two_candidates(shop: Store) -> None:
    first, second = parcel(shop, "BOX-1"), parcel(shop, "BOX-1", RECEIVED + timedelta(hours=1))
    assert sorted(r.parcel_pk for r in parcel_rows(shop)) == [first, second]


def test_a_matched_parcel_leaves_the_candidates(shop: Store) -> None:
    pk = parcel(shop, "RT0031")
    other = parcel(shop, "BOX-2")
    request = add_request(shop, kind="return_refund", number=31, state="return_approved",
                          answered=True, responded_at=FIXED_NOW - timedelta(days=1))  # fmt: skip
    receiving.match_parcel(shop, parcel_id=pk, pk=request, login=STAFF, now=FIXED_NOW)
    assert [r.parcel_pk for r in parcel_rows(shop)] == [other]
    with pytest.raises(Refused):  # and cannot be opened as a parcel's claim any more
        claims_store.open_parcel_claim(shop, parcel_pk=pk, login=STAFF, now=FIXED_NOW)


def test_a_parcel_matched_by_the_receipt_of_its_return_leaves_the_candidates(shop: Store) -> None:
    request = add_request(shop, kind="return_refund", number=32, state="return_approved",
                          answered=True, responded_at=FIXED_NOW - timedelta(days=1),
                          return_awb="RT0032")  # fmt: skip
    parcel(shop, "rt0032")
    assert len(parcel_rows(shop)) == 1
    receiving.confirm_receipt(shop, pk=request, login=STAFF, version=1, now=FIXED_NOW)
    assert parcel_rows(shop) == []


def test_a_parcel_claim_takes_the_order_of_the_request_its_parcel_is_matched_to(
    shop: Store,
) -> None:
    """Staff open the claim first and find the parcel's request later: matching it gives
    the claim that request's order id (audited), so it need not be typed again."""
    pk = parcel(shop, "BOX-9")
    claim = claims_store.open_parcel_claim(shop, parcel_pk=pk, login=STAFF, now=FIXED_NOW)
    request = add_request(shop, kind="return_refund", number=33, state="return_approved",
                          answered=True, responded_at=FIXED_NOW - timedelta(days=1))  # fmt: skip
    receiving.match_parcel(shop, parcel_id=pk, pk=request, login=STAFF, now=FIXED_NOW)
    row = claims_store.claim_detail(shop, claim, FIXED_NOW).row
    with shop.read() as session:
        wanted = session.get(Request, request)
        assert wanted is not None
        assert (row.marketplace, row.order_id) == (wanted.marketplace, wanted.order_id)
        actions = session.execute(select(AuditEvent.action).order_by(col(AuditEvent.id))).scalars()
        assert list(actions)[-2:] == ["parcel_matched", "claim_order"]
        assert audit.verify(session).intact


def test_open_a_parcel_claim_then_its_order_id_then_file(shop: Store) -> None:
    pk = parcel(shop)
    claim = claims_store.open_parcel_claim(shop, parcel_pk=pk, login=STAFF, now=FIXED_NOW)
    [row] = parcel_rows(shop)  # the candidate became the claim: listed once
    assert (row.pk, row.state, row.origin, row.awb, row.order_id) == (
        claim, ClaimState.DRAFT, "parcel", "JX7777", None,
    )  # fmt: skip
    assert row.needs_order and row.editable and row.window.last_day == date(2026, 12, 31)
    with pytest.raises(Refused, match="JX7777"):
        claims_store.open_parcel_claim(shop, parcel_pk=pk, login=STAFF, now=FIXED_NOW)
    version = row.version
    for key in ("outer_before_shipping", "returned_package_item"):
        version = claims_store.attach_evidence(shop, pk=claim, item_key=key, ref=f"{key}.mp4",
                                               login=STAFF, version=version, now=FIXED_NOW)  # fmt: skip
    for which in ("seal_intact", "awb_matches"):
        version = claims_store.set_confirmation(shop, pk=claim, confirmation=which, value=True,
                                                login=STAFF, version=version, now=FIXED_NOW)  # fmt: skip
    # everything but the order id: filing waits for it, and the screen is told so
    detail = claims_store.claim_detail(shop, claim, FIXED_NOW)
    assert detail.row.blockers("file") == (ORDER_ID_TITLE,)
    assert detail.row.blockers("answer") == ()
    assert "ID Pesanan: -" in detail.ticket and "JX7777" in detail.ticket
    with pytest.raises(Refused) as refused:
        claims_store.change_state(shop, pk=claim, action="file", login=STAFF, version=version,
                                  now=FIXED_NOW)  # fmt: skip
    assert refused.value.missing == (ORDER_ID_TITLE,)
    with pytest.raises(Stale):
        claims_store.set_order(shop, pk=claim, marketplace=MP, order_id="5804", login=STAFF,
                               version=version - 1, now=FIXED_NOW)  # fmt: skip
    with pytest.raises(Refused):
        claims_store.set_order(shop, pk=claim, marketplace=MP, order_id="  ", login=STAFF,
                               version=version, now=FIXED_NOW)  # fmt: skip
    version = claims_store.set_order(shop, pk=claim, marketplace=MP, order_id=" 5804 ",
                                     login=STAFF, version=version, now=FIXED_NOW)  # fmt: skip
    row = claims_store.claim_detail(shop, claim, FIXED_NOW).row
    assert (row.order_id, row.marketplace, row.courier, row.awb) == ("5804", MP, "JNE", "JX7777")
    assert not row.needs_order and row.ready and row.label == "5804"
    with pytest.raises(Refused):  # given once
        claims_store.set_order(shop, pk=claim, marketplace=MP, order_id="5805", login=STAFF,
                               version=version, now=FIXED_NOW)  # fmt: skip
    claims_store.change_state(shop, pk=claim, action="file", login=STAFF, version=version,
                              now=FIXED_NOW)  # fmt: skip
    assert claims_store.claim_detail(shop, claim, FIXED_NOW).row.state is ClaimState.FILED
    with shop.read() as session:
        actions = session.execute(
            select(AuditEvent.action).where(col(AuditEvent.action).like("claim_%"))
        ).scalars().all()  # fmt: skip
        assert actions[0] == "claim_open" and "claim_order" in actions
        assert audit.verify(session).intact
        assert session.get(Claim, claim).parcel_pk == pk  # type: ignore[union-attr]


def test_an_order_with_a_claim_from_its_parcel_shows_no_other_candidate(shop: Store) -> None:
    claim = claims_store.open_parcel_claim(shop, parcel_pk=parcel(shop), login=STAFF,
                                           now=FIXED_NOW)  # fmt: skip
    claims_store.set_order(shop, pk=claim, marketplace=MP, order_id="5801", login=STAFF,
                           version=1, now=FIXED_NOW)  # fmt: skip
    rows = [r for r in claims_store.list_claims(shop, FIXED_NOW) if r.order_id == "5801"]
    assert [(r.pk, r.scenario) for r in rows] == [(claim, Scenario.WRONG_ITEM_RETURNED)]


def test_parcel_alarms_are_acknowledged_by_the_parcel(shop: Store) -> None:
    first, second = parcel(shop, "BOX-1"), parcel(shop, "BOX-2", RECEIVED + timedelta(days=3))
    # 25 Dec 2026 12:00 WIB: BOX-1's last day (31 Dec) is 7 days away, BOX-2's not yet
    week = datetime(2026, 12, 25, 12, 0, tzinfo=WIB)
    found = [a for a in claims_store.alarms(shop, week) if a.parcel_pk is not None]
    assert [(a.parcel_pk, a.order_id, a.days, a.last_day) for a in found] == [
        (first, None, 7, date(2026, 12, 31))
    ]
    assert "BOX-1" in found[0].label
    claims_store.acknowledge_alarms(shop, found, login=STAFF, now=week)
    assert not [a for a in claims_store.alarms(shop, week) if a.parcel_pk is not None]
    # the claim opened on it keeps the acknowledgement (it is the same parcel)
    claims_store.open_parcel_claim(shop, parcel_pk=first, login=STAFF, now=week)
    assert not [a for a in claims_store.alarms(shop, week) if a.parcel_pk == first]
    later = datetime(2026, 12, 30, 12, 0, tzinfo=WIB)
    assert sorted((a.parcel_pk, a.days) for a in claims_store.alarms(shop, later)
                  if a.parcel_pk is not None) == [(first, 2), (second, 7)]  # fmt: skip
    # after its last day the candidate is kept, expired
    gone = datetime(2027, 1, 1, 0, 0, tzinfo=WIB)
    assert {r.parcel_pk: r.state for r in parcel_rows(shop, gone)}[first] is ClaimState.EXPIRED


def test_dashboard_handover_and_end_of_day_count_parcels(shop: Store) -> None:
    before = claims_store.summary(shop, FIXED_NOW)
    parcel(shop)
    after = claims_store.summary(shop, FIXED_NOW)
    assert after.unfiled == before.unfiled + 1 and after.alarms == before.alarms
    assert handover.summarize(shop, FIXED_NOW).claims["unfiled"] == after.unfiled


def test_parcel_claims_on_postgresql(pg_store: Store) -> None:
    store = with_quarantine(pg_store)
    pk = parcel(store, "PG-1")
    parcel(store, "PG-2")
    claim = claims_store.open_parcel_claim(store, parcel_pk=pk, login=STAFF, now=FIXED_NOW)
    assert sorted((r.awb, r.state.value) for r in parcel_rows(store)) == [
        ("PG-1", "draft"), ("PG-2", "candidate"),
    ]  # fmt: skip
    found = [a for a in claims_store.alarms(store, datetime(2026, 12, 25, 12, 0, tzinfo=WIB))
             if a.parcel_pk is not None]  # fmt: skip
    assert len(found) == 2
    claims_store.acknowledge_alarms(store, found, login=STAFF, now=FIXED_NOW)
    claims_store.set_order(store, pk=claim, marketplace=MP, order_id="5804", login=STAFF,
                           version=1, now=FIXED_NOW)  # fmt: skip
    assert claims_store.claim_detail(store, claim, FIXED_NOW).row.order_id == "5804"
    with store.read() as session:
        assert audit.verify(session).intact


@pytest.mark.parametrize(
    ("zone", "received", "last_day"),
    [
        # 31 Dec 2026 18:00 UTC is 1 Jan 2027 01:00 WIB: counted from 1 Jan, across the year
        ("Asia/Jakarta", datetime(2026, 12, 31, 18, 0, tzinfo=UTC), date(2027, 2, 9)),
        # the same moment in a zone where it is still 31 Dec
        ("America/Bogota", datetime(2026, 12, 31, 18, 0, tzinfo=UTC), date(2027, 2, 8)),
        # 31 Jan 2027 23:30 WIB, through a 28-day February
        ("Asia/Jakarta", datetime(2027, 1, 31, 23, 30, tzinfo=WIB), date(2027, 3, 11)),
        # 23:30 WIB on 30 Nov is already 1 Dec 01:30 in Jayapura (WIT)
        ("Asia/Jayapura", datetime(2026, 11, 30, 23, 30, tzinfo=WIB), date(2027, 1, 9)),
    ],
)
def test_a_parcels_window_from_its_receipt_in_the_shop_zone(
    shop: Store, zone: str, received: datetime, last_day: date
) -> None:
    settings.change(shop, "shop_zone", zone, by=SUPERVISOR, now=FIXED_NOW)
    shop.forget_settings()
    parcel(shop, "TZ-1", received)
    [row] = parcel_rows(shop, received)
    assert row.window.basis_at == received and row.window.last_day == last_day
    end = datetime.combine(last_day, time.max, tzinfo=ZoneInfo(zone))
    assert row.window.deadline == end
    assert row.state is ClaimState.CANDIDATE
    assert parcel_rows(shop, end)[0].state is ClaimState.CANDIDATE  # the whole last day
    assert parcel_rows(shop, end + timedelta(microseconds=1))[0].state is ClaimState.EXPIRED
