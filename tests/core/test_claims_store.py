"""The claims desk in the store (core.claims_store): candidates, claims, evidence, states,
money, permissions and the audit trail, against a real SQLite file (and PostgreSQL where
PURNA_TEST_PG_URL names a server)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from sqlalchemy import select
from sqlmodel import col

from core import audit, checklist, claims_store, handover, staff
from core.claims import ClaimState, Confirmation, Scenario
from core.db import Store, open_store
from core.errors import NotAllowed, Refused, Stale
from core.importer import import_file
from core.models import AuditEvent, Request
from tests.core.test_actions import add_request
from tests.helpers import FIXED_NOW

WIB = ZoneInfo("Asia/Jakarta")
SUPERVISOR, STAFF = "dewi", "agus"
MP = "tiktok_shop"
RET_ORDER = "5700000000078269"  # the order of test_actions.add_request number 7
ORDERS = (
    "order_id,sku,status,delivered_at,courier,awb,last_logistics_update_at,logistics_status\n"
    "5801,MDU-500,in_transit,,J&T Express,JX5801,2026-11-10 12:00,Paket Rusak\n"
    "5801,PB10K,in_transit,,J&T Express,JX5801,2026-11-10 12:00,Paket Rusak\n"
    "5802,KPC-M,in_transit,,SiCepat,SC5802,2026-10-14 12:00,Paket Hilang\n"
    "5803,MGA-1,in_transit,,JNE,CGK5803,2026-10-01 09:00,Paket Dimusnahkan\n"
    "5804,MDU-500,delivered,2026-11-09 10:00,JNE,CGK5804,2026-11-09 10:00,Terkirim\n"
    "5805,MDU-500,in_transit,,Anteraja,AA5805,2026-11-20 10:00,Package lost\n"
)


def setup_shop(store: Store, tmp_path: Path) -> Store:
    staff.ensure_first_supervisor(store, SUPERVISOR, FIXED_NOW)
    staff.add(store, login=STAFF, name="Agus", role="staff", by=SUPERVISOR, now=FIXED_NOW)
    path = tmp_path / "orders.csv"
    path.write_text(ORDERS, encoding="utf-8")
    import_file(store, path, now=FIXED_NOW, actor=STAFF)
    return store


@pytest.fixture
def shop(store: Store, tmp_path: Path) -> Store:
    return setup_shop(store, tmp_path)


def wrong_return(store: Store, number: int = 7, **extra: object) -> int:
    values: dict[str, object] = {
        "state": "inspected", "answered": True, "return_awb": "RT0007",
        "received_at": FIXED_NOW - timedelta(days=1), "inspection": "wrong_item",
    }  # fmt: skip
    values.update(extra)
    return add_request(store, kind="return_refund", number=number, **values)


def row_of(store: Store, order_id: str) -> claims_store.ClaimRow:
    return next(r for r in claims_store.list_claims(store, FIXED_NOW) if r.order_id == order_id)


def test_candidates_come_from_statuses_and_inspections_soonest_first(shop: Store) -> None:
    wrong_return(shop)
    rows = claims_store.list_claims(shop, FIXED_NOW)
    shown = [(r.order_id, r.scenario, r.state, r.window.last_day) for r in rows]
    assert shown == [
        ("5803", Scenario.DAMAGED_FRUIT, ClaimState.EXPIRED, date(2026, 11, 9)),
        ("5802", Scenario.LOST, ClaimState.CANDIDATE, date(2026, 11, 22)),
        ("5801", Scenario.DAMAGED, ClaimState.CANDIDATE, date(2026, 12, 19)),
        ("5805", Scenario.LOST, ClaimState.CANDIDATE, date(2026, 12, 29)),
        (RET_ORDER, Scenario.WRONG_ITEM_RETURNED, ClaimState.CANDIDATE,
         date(2026, 12, 30)),
    ]  # fmt: skip
    today = rows[1]
    assert (today.days_left, today.alarm, today.awb, today.courier) == (0, 1, "SC5802", "SiCepat")
    assert rows[2].alarm is None and rows[2].days_left == 27
    assert rows[0].countdown == ""  # expired: no countdown
    returned = rows[-1]
    assert (returned.origin, returned.awb, returned.window.basis) == (
        "inspection", "RT0007", "received",
    )  # fmt: skip
    assert all(r.is_candidate for r in rows)


def test_open_a_candidate_and_any_order_by_hand(shop: Store) -> None:
    pk = claims_store.open_claim(shop, marketplace=MP, order_id="5801",
                                 scenario=Scenario.DAMAGED, login=STAFF, now=FIXED_NOW)  # fmt: skip
    row = row_of(shop, "5801")
    assert (row.pk, row.state, row.origin, row.awb, row.version) == (
        pk, ClaimState.DRAFT, "status", "JX5801", 1,
    )  # fmt: skip
    assert sum(1 for r in claims_store.list_claims(shop, FIXED_NOW) if r.order_id == "5801") == 1
    with pytest.raises(Refused, match="5801"):
        claims_store.open_claim(shop, marketplace=MP, order_id="5801",
                                scenario="damaged", login=STAFF, now=FIXED_NOW)  # fmt: skip
    # an order the store has, with no damage status: its delivery starts the window
    claims_store.open_claim(shop, marketplace=MP, order_id="5804",
                            scenario=Scenario.WRONG_ITEM_DELIVERED, login=STAFF, now=FIXED_NOW)  # fmt: skip
    hand = row_of(shop, "5804")
    assert (hand.origin, hand.window.last_day) == ("manual", date(2026, 12, 18))
    # an order the store does not know: no window until the last update is typed
    claims_store.open_claim(shop, marketplace=MP, order_id="9999", scenario="lost",
                            login=STAFF, now=FIXED_NOW)  # fmt: skip
    unknown = row_of(shop, "9999")
    assert unknown.window.last_day is None and unknown.state is ClaimState.DRAFT
    assert claims_store.list_claims(shop, FIXED_NOW)[-1].order_id == "9999"  # unknown last
    claims_store.open_claim(shop, marketplace=MP, order_id="9998", scenario="lost",
                            login=STAFF, now=FIXED_NOW,
                            basis_at=datetime(2026, 11, 1, 8, 0, tzinfo=WIB))  # fmt: skip
    assert row_of(shop, "9998").window.last_day == date(2026, 12, 10)
    with pytest.raises(Refused):
        claims_store.open_claim(shop, marketplace=MP, order_id=" ", scenario="lost",
                                login=STAFF, now=FIXED_NOW)  # fmt: skip


def test_filing_is_refused_while_evidence_or_a_confirmation_is_missing(shop: Store) -> None:
    wrong_return(shop)
    pk = claims_store.open_claim(shop, marketplace=MP, order_id=RET_ORDER,
                                 scenario=Scenario.WRONG_ITEM_RETURNED, login=STAFF,
                                 now=FIXED_NOW)  # fmt: skip
    version = row_of(shop, RET_ORDER).version
    version = claims_store.attach_evidence(shop, pk=pk, item_key="outer_before_shipping",
                                           ref="/srv/bukti/5707-kemas.mp4", login=STAFF,
                                           version=version, now=FIXED_NOW)  # fmt: skip
    with pytest.raises(Refused) as refused:
        claims_store.change_state(shop, pk=pk, action="file", login=STAFF, version=version,
                                  now=FIXED_NOW)  # fmt: skip
    assert refused.value.reason == "missing"
    assert len(refused.value.missing) == 3  # one item and both confirmations
    assert row_of(shop, RET_ORDER).missing.titles == refused.value.missing
    version = claims_store.attach_evidence(shop, pk=pk, item_key="returned_package_item",
                                           ref="IMG_2231.jpg", login=STAFF, version=version,
                                           now=FIXED_NOW)  # fmt: skip
    for which in Confirmation:
        version = claims_store.set_confirmation(shop, pk=pk, confirmation=which, value=True,
                                                login=STAFF, version=version, now=FIXED_NOW)  # fmt: skip
    assert row_of(shop, RET_ORDER).ready
    with pytest.raises(Stale):
        claims_store.change_state(shop, pk=pk, action="file", login=STAFF, version=version - 1,
                                  now=FIXED_NOW)  # fmt: skip
    with pytest.raises(Refused, match="butir bukti"):
        claims_store.attach_evidence(shop, pk=pk, item_key="awb_photo", ref="x.jpg",
                                     login=STAFF, version=version, now=FIXED_NOW)  # fmt: skip
    after = claims_store.change_state(shop, pk=pk, action="file", login=STAFF, version=version,
                                      now=FIXED_NOW, ticket_ref="TK-123")  # fmt: skip
    assert after is ClaimState.FILED
    detail = claims_store.claim_detail(shop, pk, FIXED_NOW)
    assert detail.ticket_ref == "TK-123" and detail.row.filed_at == FIXED_NOW
    assert "Item yang salah dikembalikan" in detail.ticket
    assert "IMG_2231.jpg" in detail.ticket
    with shop.read() as session:
        actions = list(session.execute(
            select(AuditEvent.action).where(col(AuditEvent.action).like("claim%"))
            .order_by(col(AuditEvent.id))
        ).scalars())  # fmt: skip
        assert actions == ["claim_open", "claim_evidence", "claim_evidence", "claim_confirm",
                           "claim_confirm", "claim_file"]  # fmt: skip
        assert audit.verify(session).intact


def test_detach_evidence_and_lost_parcels_need_only_the_order_id(shop: Store) -> None:
    pk = claims_store.open_claim(shop, marketplace=MP, order_id="5805", scenario="lost",
                                 login=STAFF, now=FIXED_NOW)  # fmt: skip
    assert row_of(shop, "5805").ready
    damaged = claims_store.open_claim(shop, marketplace=MP, order_id="5801", scenario="damaged",
                                      login=STAFF, now=FIXED_NOW)  # fmt: skip
    version = claims_store.attach_evidence(shop, pk=damaged, item_key="awb_photo", ref="a.jpg",
                                           login=STAFF, version=1, now=FIXED_NOW)  # fmt: skip
    detail = claims_store.claim_detail(shop, damaged, FIXED_NOW)
    ((evidence_pk, _ref),) = detail.items[0].refs
    version = claims_store.detach_evidence(shop, pk=damaged, evidence_pk=evidence_pk,
                                           login=STAFF, version=version, now=FIXED_NOW)  # fmt: skip
    assert not claims_store.claim_detail(shop, damaged, FIXED_NOW).items[0].done
    assert claims_store.change_state(shop, pk=pk, action="file", login=STAFF, version=1,
                                     now=FIXED_NOW) is ClaimState.FILED  # fmt: skip


def test_an_expired_claim_is_kept_and_cannot_be_filed(shop: Store) -> None:
    pk = claims_store.open_claim(shop, marketplace=MP, order_id="5803",
                                 scenario=Scenario.DAMAGED_FRUIT, login=STAFF, now=FIXED_NOW)  # fmt: skip
    row = row_of(shop, "5803")
    assert row.state is ClaimState.EXPIRED and row.actions == ()
    with pytest.raises(Refused, match="9 Nov 2026") as refused:
        claims_store.change_state(shop, pk=pk, action="file", login=STAFF, version=row.version,
                                  now=FIXED_NOW)  # fmt: skip
    assert refused.value.reason == "expired"


def test_follow_up_answer_compensation_and_the_months_total(shop: Store) -> None:
    pk = claims_store.open_claim(shop, marketplace=MP, order_id="5805", scenario="lost",
                                 login=STAFF, now=FIXED_NOW)  # fmt: skip
    version = claims_store.set_amount_claimed(shop, pk=pk, amount=250_000, login=STAFF,
                                              version=1, now=FIXED_NOW)  # fmt: skip
    claims_store.change_state(shop, pk=pk, action="file", login=STAFF, version=version,
                              now=FIXED_NOW)  # fmt: skip
    later = FIXED_NOW + timedelta(hours=72)
    row = next(r for r in claims_store.list_claims(shop, later) if r.pk == pk)
    assert row.follow_up and row.amount_claimed == 250_000
    assert claims_store.summary(shop, later).follow_up == 1
    claims_store.change_state(shop, pk=pk, action="answer", login=STAFF, version=row.version,
                              now=later)  # fmt: skip
    row = next(r for r in claims_store.list_claims(shop, later) if r.pk == pk)
    assert not row.follow_up and row.state is ClaimState.ANSWERED
    with pytest.raises(Refused, match="kompensasi"):
        claims_store.change_state(shop, pk=pk, action="compensate", login=STAFF,
                                  version=row.version, now=later)  # fmt: skip
    claims_store.change_state(shop, pk=pk, action="compensate", login=STAFF,
                              version=row.version, now=later, amount=200_000)  # fmt: skip
    row = next(r for r in claims_store.list_claims(shop, later) if r.pk == pk)
    assert (row.state, row.compensation, row.compensation_source) == (
        ClaimState.COMPENSATED, 200_000, "typed",
    )  # fmt: skip
    assert claims_store.recovered_total(shop, date(2026, 11, 1)) == 200_000
    assert claims_store.recovered_total(shop, date(2026, 12, 1)) == 0
    with pytest.raises(Refused):
        claims_store.attach_evidence(shop, pk=pk, item_key="x", ref="y", login=STAFF,
                                     version=row.version, now=later)  # fmt: skip


def test_compensation_from_the_return_export(shop: Store) -> None:
    wrong_return(shop, compensation_amount=95_000)
    pk = claims_store.open_claim(shop, marketplace=MP, order_id=RET_ORDER,
                                 scenario="wrong_item_returned", login=STAFF, now=FIXED_NOW)  # fmt: skip
    with shop.write() as session:  # as if filed on the platform and answered
        session.execute(sa.text("UPDATE claim SET state = 'filed' WHERE id = :pk"), {"pk": pk})
    assert claims_store.claim_detail(shop, pk, FIXED_NOW).export_compensation == 95_000
    claims_store.change_state(shop, pk=pk, action="compensate", login=STAFF, version=1,
                              now=FIXED_NOW)  # fmt: skip
    row = row_of(shop, RET_ORDER)
    assert (row.compensation, row.compensation_source) == (95_000, "export")


def test_only_staff_work_on_claims(shop: Store) -> None:
    with pytest.raises(NotAllowed):
        claims_store.open_claim(shop, marketplace=MP, order_id="5801", scenario="damaged",
                                login="tamu", now=FIXED_NOW)  # fmt: skip
    assert row_of(shop, "5801").is_candidate


def test_every_transition_in_the_store(shop: Store) -> None:
    for order_id, path in (("5805", ("file", "answer", "refuse")),
                           ("5802", ("file", "refuse"))):  # fmt: skip
        pk = claims_store.open_claim(shop, marketplace=MP, order_id=order_id, scenario="lost",
                                     login=STAFF, now=FIXED_NOW)  # fmt: skip
        for action in path:
            version = row_of(shop, order_id).version
            claims_store.change_state(shop, pk=pk, action=action, login=STAFF,
                                      version=version, now=FIXED_NOW)  # fmt: skip
        assert row_of(shop, order_id).state is ClaimState.REFUSED
        with pytest.raises(Refused):
            claims_store.change_state(shop, pk=pk, action="file", login=STAFF,
                                      version=row_of(shop, order_id).version, now=FIXED_NOW)  # fmt: skip


def test_bulk_spreadsheet_of_every_ready_claim(shop: Store, tmp_path: Path) -> None:
    with pytest.raises(Refused):
        claims_store.write_bulk(shop, tmp_path / "none.xlsx", FIXED_NOW)
    for order_id in ("5802", "5805"):
        claims_store.open_claim(shop, marketplace=MP, order_id=order_id, scenario="lost",
                                login=STAFF, now=FIXED_NOW)  # fmt: skip
    claims_store.open_claim(
        shop, marketplace=MP, order_id="5801", scenario="damaged", login=STAFF, now=FIXED_NOW
    )  # fmt: skip (not ready: no evidence)
    count = claims_store.write_bulk(shop, tmp_path / "bulk.xlsx", FIXED_NOW)
    sheet = load_workbook(tmp_path / "bulk.xlsx").active
    assert sheet is not None
    ids = [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert count == 2 and ids == ["5802", "5805"]


def test_summary_for_dashboard_handover_and_end_of_day(shop: Store) -> None:
    wrong_return(shop)
    found = claims_store.summary(shop, FIXED_NOW)
    assert (found.unfiled, found.alarms, found.due_today, found.expired) == (4, 1, 1, 1)
    assert (found.follow_up, found.ready, found.recovered_this_month) == (0, 0, 0)
    words = claims_store.summary_words(found)
    assert "4" in words and "Rp0" in words
    # the handover keeps the counts in its snapshot and says them in its text
    summary = handover.summarize(shop, FIXED_NOW)
    assert summary.claims["unfiled"] == 4 and summary.claims["alarms"] == 1
    assert claims_store.summary_words(summary.claims) in handover.as_text(summary, WIB)
    again = handover.Summary.from_json(json.loads(json.dumps(summary.as_json())))
    assert again.claims == summary.claims
    old = {k: v for k, v in summary.as_json().items() if k != "claims"}  # before issue 12
    assert handover.Summary.from_json(old).claims == {}
    # the end-of-day checklist: one claim within 7 days of its last day is one missing
    point = next(p for p in checklist.end_of_day(shop, FIXED_NOW) if p.key == "claims")
    assert point.missing == 1 and not point.ok


def test_bulk_file_is_never_overwritten_and_a_bad_path_is_refused(
    shop: Store, tmp_path: Path
) -> None:
    pk = claims_store.open_claim(shop, marketplace=MP, order_id="5802", scenario="lost",
                                 login=STAFF, now=FIXED_NOW)  # fmt: skip
    assert claims_store.claim_detail(shop, pk, FIXED_NOW).row.ready
    taken = tmp_path / "taken.xlsx"
    taken.write_bytes(b"keep me")
    for path, reason in ((taken, "exists"), (Path("relative.xlsx"), "input"),
                         (tmp_path / "klaim.csv", "input"),
                         (tmp_path / "no-such-folder" / "k.xlsx", "io")):  # fmt: skip
        with pytest.raises(Refused) as refused:
            claims_store.write_bulk(shop, path, FIXED_NOW)
        assert refused.value.reason == reason
    assert taken.read_bytes() == b"keep me"
    assert claims_store.write_bulk(shop, tmp_path / "k.xlsx", FIXED_NOW) == 1
    assert claims_store.bulk_path(FIXED_NOW, WIB).name == "klaim-logistik-20261122-1000.xlsx"


def test_marketplaces_of_an_order(shop: Store) -> None:
    assert claims_store.order_marketplaces(shop, " 5801 ") == [MP]
    assert claims_store.order_marketplaces(shop, "nope") == []


@pytest.fixture
def pg_store(pg_url: str, tmp_path: Path) -> Iterator[Store]:
    name = f"purna_claims_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    opened = open_store(pg_url.rsplit("/", 1)[0] + f"/{name}")
    try:
        yield setup_shop(opened, tmp_path)
    finally:
        opened.close()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def test_claims_on_postgresql(pg_store: Store) -> None:
    pk = claims_store.open_claim(pg_store, marketplace=MP, order_id="5801", scenario="damaged",
                                 login=STAFF, now=FIXED_NOW)  # fmt: skip
    version = 1
    for key in ("awb_photo", "outer_packaging", "inside_opened", "damaged_part"):
        version = claims_store.attach_evidence(pg_store, pk=pk, item_key=key, ref=f"{key}.jpg",
                                               login=STAFF, version=version, now=FIXED_NOW)  # fmt: skip
    version = claims_store.set_confirmation(pg_store, pk=pk, confirmation="awb_matches",
                                            value=True, login=STAFF, version=version,
                                            now=FIXED_NOW)  # fmt: skip
    claims_store.change_state(pg_store, pk=pk, action="file", login=STAFF, version=version,
                              now=FIXED_NOW)  # fmt: skip
    rows = claims_store.list_claims(pg_store, FIXED_NOW)
    assert [r.order_id for r in rows][:2] == ["5803", "5802"]
    assert row_of(pg_store, "5801").state is ClaimState.FILED
    with pg_store.read() as session:
        assert audit.verify(session).intact
        assert session.get(Request, 1) is None


def test_claim_alarms_at_7_2_and_1_days_and_their_acknowledgement(shop: Store) -> None:
    # 5802 (lost, last update 14 Oct 12:00 WIB): last day 22 Nov, today: the 1-day alarm
    found = claims_store.alarms(shop, FIXED_NOW)
    assert [(a.order_id, a.scenario, a.days) for a in found] == [("5802", Scenario.LOST, 1)]
    assert claims_store.acknowledge_alarms(shop, found, login=STAFF, now=FIXED_NOW) == 3
    assert claims_store.alarms(shop, FIXED_NOW) == []  # never repeats
    # within a week of 5805's last day (29 Dec), its 7-day alarm; then the 2-day one
    week = datetime(2026, 12, 23, 12, 0, tzinfo=WIB)
    assert [(a.order_id, a.days) for a in claims_store.alarms(shop, week)] == [("5805", 7)]
    assert claims_store.acknowledge_alarms(shop, claims_store.alarms(shop, week), login=STAFF,
                                           now=week) == 1  # fmt: skip
    later = datetime(2026, 12, 28, 12, 0, tzinfo=WIB)
    assert [(a.order_id, a.days) for a in claims_store.alarms(shop, later)] == [("5805", 2)]
    with shop.read() as session:
        events = (
            session.execute(
                select(AuditEvent.detail).where(col(AuditEvent.action) == "claim_alarm_ack")
            )
            .scalars()
            .all()
        )
        assert len(events) == 2 and audit.verify(session).intact
    with pytest.raises(NotAllowed):
        claims_store.acknowledge_alarms(shop, claims_store.alarms(shop, later),
                                        login="stranger", now=later)  # fmt: skip


def test_a_return_never_received_becomes_a_lost_parcel_candidate_after_two_weeks(
    shop: Store,
) -> None:
    """DOMAIN.md §6 "no parcel arrived": 14 days (policy) after the approval, counted from it."""
    approved = FIXED_NOW - timedelta(days=14)
    add_request(shop, kind="return_refund", number=31, state="return_approved", answered=True,
                responded_at=approved, return_awb="RT0031")  # fmt: skip
    add_request(shop, kind="return_refund", number=32, state="return_approved", answered=True,
                responded_at=approved + timedelta(minutes=1), return_awb="RT0032")  # fmt: skip
    add_request(shop, kind="return_refund", number=33, state="received", answered=True,
                responded_at=approved - timedelta(days=3),
                received_at=FIXED_NOW - timedelta(days=1))  # fmt: skip
    rows = {r.order_id: r for r in claims_store.list_claims(shop, FIXED_NOW)}
    lost = rows["5700000000318269"]
    assert (lost.scenario, lost.origin, lost.awb, lost.window.basis) == (
        Scenario.LOST,
        "not_returned",
        "RT0031",
        "approved",
    )
    # 40 days from the approval, read as +39 days to the end of that shop-local day
    assert lost.window.last_day == (approved.astimezone(ZoneInfo("Asia/Jakarta"))
                                    + timedelta(days=39)).date()  # fmt: skip
    assert "5700000000328269" not in rows  # a minute short of two weeks
    assert "5700000000338269" not in rows  # it came back


def test_candidate_windows_on_the_shops_clock_over_29_february(store: Store) -> None:
    """DOMAIN.md §6: the last update's shop-local date + 39 days, to 23:59:59 that day; an
    order of several lines counts from its earliest update; without one, from shipping."""
    from core.models import Order, Setting

    wit = ZoneInfo("Asia/Jayapura")

    def lost(order_id: str, sku: str, update: datetime | None, **more: datetime) -> dict:
        return {"marketplace": "tiktok_shop", "order_id": order_id, "sku": sku,
                "status": "in_transit", "last_logistics_update_at": update,
                "logistics_status": "Paket Hilang", "imported_at": FIXED_NOW,
                "updated_at": FIXED_NOW, **more}  # fmt: skip

    with store.write() as session:
        session.add(Setting(key="shop_zone", value="Asia/Jayapura"))
        session.execute(sa.insert(Order), [
            lost("L1", "A", datetime(2028, 1, 21, 23, 59, 59, tzinfo=wit)),
            lost("L2", "A", datetime(2028, 1, 22, 0, 0, 0, tzinfo=wit)),
            lost("L3", "A", datetime(2028, 1, 22, 10, tzinfo=wit)),
            lost("L3", "B", datetime(2028, 1, 20, 10, tzinfo=wit)),
            lost("L4", "A", None, shipped_at=datetime(2028, 1, 21, 23, tzinfo=wit)),
        ])  # fmt: skip
    store.forget_settings()

    def rows(now: datetime) -> dict[str | None, claims_store.ClaimRow]:
        return {r.order_id: r for r in claims_store.list_claims(store, now)}

    found = rows(datetime(2028, 2, 1, tzinfo=wit))
    assert {k: r.window.last_day for k, r in found.items()} == {
        "L1": date(2028, 2, 29), "L2": date(2028, 3, 1), "L3": date(2028, 2, 28),
        "L4": date(2028, 2, 29),
    }  # fmt: skip
    last_second = rows(datetime(2028, 2, 29, 23, 59, 59, tzinfo=wit))["L1"]
    assert (last_second.state, last_second.days_left) == (ClaimState.CANDIDATE, 0)
    after = rows(datetime(2028, 3, 1, tzinfo=wit))
    assert after["L1"].state is ClaimState.EXPIRED
    assert after["L2"].state is ClaimState.CANDIDATE
