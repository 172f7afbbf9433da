"""Logistics claims, the pure rules (core.claims): window, alarms, evidence, transitions,
candidate words, the ticket text and the bulk spreadsheet (DOMAIN.md §2, §6; seed 003)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from core import claims, policy
from core.claims import (
    EVIDENCE,
    TRANSITIONS,
    ClaimState,
    Confirmation,
    Scenario,
    TicketFacts,
    window,
)

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


# --- the window: +39 days, to the end of that shop-local day --------------------------------


def test_seed_003_first_example_read_as_plus_39_days() -> None:
    # "1 Januari 2024 ... Hari ke-40 ... 10 Februari 2024": the seed's +40; DOMAIN.md §2
    # takes the earlier day of the two examples.
    win = window(datetime(2024, 1, 1, 9, 0, tzinfo=WIB), "update", WIB)
    assert win.last_day == date(2024, 2, 9)
    assert win.deadline == datetime(2024, 2, 9, 23, 59, 59, 999999, tzinfo=WIB)


def test_seed_003_second_example() -> None:
    # "1 Februari 2024 ... Hari ke-40 adalah tanggal 11 Maret 2024" (2024 is a leap year)
    win = window(datetime(2024, 2, 1, 15, 0, tzinfo=WIB), "update", WIB)
    assert win.last_day == date(2024, 3, 11)


def test_window_across_month_end() -> None:
    assert window(datetime(2025, 1, 31, 12, 0, tzinfo=WIB), "update", WIB).last_day == date(
        2025, 3, 11
    )  # 28 days in February 2025
    assert window(datetime(2024, 1, 31, 12, 0, tzinfo=WIB), "update", WIB).last_day == date(
        2024, 3, 10
    )  # 29 in February 2024


def test_window_across_year_end() -> None:
    assert window(datetime(2025, 12, 1, 8, 0, tzinfo=WIB), "update", WIB).last_day == date(
        2026, 1, 9
    )
    assert window(datetime(2025, 12, 31, 23, 30, tzinfo=WIB), "update", WIB).last_day == date(
        2026, 2, 8
    )


def test_a_utc_evening_is_the_next_day_in_jakarta() -> None:
    # 31 Dec 2025 18:00 UTC is 1 Jan 2026 01:00 WIB: counted from 1 Jan
    win = window(utc(2025, 12, 31, 18, 0), "update", WIB)
    assert win.last_day == date(2026, 2, 9)
    assert win.deadline == utc(2026, 2, 9, 16, 59, 59, 999999)


@pytest.mark.parametrize(
    ("zone", "day", "end_utc"),
    [
        (WIB, date(2024, 2, 9), utc(2024, 2, 9, 16, 59, 59, 999999)),
        (WITA, date(2024, 2, 9), utc(2024, 2, 9, 15, 59, 59, 999999)),
        (WIT, date(2024, 2, 10), utc(2024, 2, 10, 14, 59, 59, 999999)),
        (timezone(timedelta(hours=-5)), date(2024, 2, 9), utc(2024, 2, 10, 4, 59, 59, 999999)),
    ],
)
def test_window_in_every_shop_zone(zone: timezone, day: date, end_utc: datetime) -> None:
    update = utc(2024, 1, 1, 14, 30)  # 21:30 WIB, 22:30 WITA, 23:30 WIT, 09:30 -05
    if zone is WIT:
        update = utc(2024, 1, 1, 15, 30)  # 00:30 WIT on 2 Jan
    win = window(update, "update", zone)
    assert win.last_day == day
    assert win.deadline == end_utc


def test_no_basis_no_window() -> None:
    win = window(None, "", WIB)
    assert (win.last_day, win.deadline) == (None, None)
    assert claims.countdown(None, utc(2024, 1, 1)) == ""
    assert claims.alarm_days(None, utc(2024, 1, 1)) is None


def test_days_left_counts_shop_days() -> None:
    last = date(2024, 2, 9)
    assert claims.days_left(last, datetime(2024, 2, 9, 23, 0, tzinfo=WIB), WIB) == 0
    assert claims.days_left(last, datetime(2024, 2, 8, 0, 1, tzinfo=WIB), WIB) == 1
    assert claims.days_left(last, datetime(2024, 2, 10, 0, 0, tzinfo=WIB), WIB) == -1


def test_alarms_at_7_2_and_1_days() -> None:
    deadline = claims.window(datetime(2024, 1, 1, 9, 0, tzinfo=WIB), "update", WIB).deadline
    assert deadline is not None
    assert claims.alarm_days(deadline, deadline - timedelta(days=8)) is None
    assert claims.alarm_days(deadline, deadline - timedelta(days=7)) == 7
    assert claims.alarm_days(deadline, deadline - timedelta(days=3)) == 7
    assert claims.alarm_days(deadline, deadline - timedelta(days=2)) == 2
    assert claims.alarm_days(deadline, deadline - timedelta(hours=30)) == 2
    assert claims.alarm_days(deadline, deadline - timedelta(hours=5)) == 1
    assert claims.alarm_days(deadline, deadline + timedelta(seconds=1)) is None
    assert [r.value for r in policy.CLAIM_ALARMS] == [7, 2, 1]


def test_filed_without_answer_after_72_hours_is_followed_up() -> None:
    filed = utc(2024, 1, 5, 3, 0)
    assert not claims.needs_follow_up(ClaimState.FILED, filed, filed + timedelta(hours=71))
    assert claims.needs_follow_up(ClaimState.FILED, filed, filed + timedelta(hours=72))
    assert not claims.needs_follow_up(ClaimState.ANSWERED, filed, filed + timedelta(days=9))


def test_fruit_delivery_days() -> None:
    shipped = utc(2024, 1, 1, 3, 0)
    assert claims.delivery_days(shipped, shipped + timedelta(days=6, hours=2)) == 6
    assert claims.fruit_late(6) is True
    assert claims.fruit_late(5) is False
    assert claims.fruit_late(None) is None
    assert claims.delivery_days(None, shipped) is None


# --- states ------------------------------------------------------------------------------------

EXPECTED = {
    (ClaimState.CANDIDATE, "open"): ClaimState.DRAFT,
    (ClaimState.CANDIDATE, "expire"): ClaimState.EXPIRED,
    (ClaimState.DRAFT, "file"): ClaimState.FILED,
    (ClaimState.DRAFT, "expire"): ClaimState.EXPIRED,
    (ClaimState.FILED, "answer"): ClaimState.ANSWERED,
    (ClaimState.FILED, "compensate"): ClaimState.COMPENSATED,
    (ClaimState.FILED, "refuse"): ClaimState.REFUSED,
    (ClaimState.ANSWERED, "compensate"): ClaimState.COMPENSATED,
    (ClaimState.ANSWERED, "refuse"): ClaimState.REFUSED,
}


@pytest.mark.parametrize(("before", "action"), list(EXPECTED))
def test_every_transition(before: ClaimState, action: str) -> None:
    found = claims.find_transition(before, action)
    assert found is not None and found.after is EXPECTED[(before, action)]
    assert found.source
    assert (action in claims.actions_from(before)) is (not found.automatic)


def test_no_other_transition() -> None:
    assert {(t.before, t.action) for t in TRANSITIONS} == set(EXPECTED)
    for state in claims.FINAL:
        assert claims.actions_from(state) == ()
    assert claims.find_transition(ClaimState.FILED, "file") is None
    assert claims.find_transition(ClaimState.DRAFT, "compensate") is None


def test_unfiled_claims_expire_at_the_end_of_the_last_day() -> None:
    deadline = utc(2024, 2, 9, 16, 59, 59, 999999)
    for stored in (ClaimState.CANDIDATE, ClaimState.DRAFT):
        assert claims.effective_state(stored, deadline, deadline) is stored
        later = deadline + timedelta(microseconds=1)
        assert claims.effective_state(stored, deadline, later) is ClaimState.EXPIRED
    for stored in (ClaimState.FILED, ClaimState.ANSWERED, ClaimState.COMPENSATED):
        assert claims.effective_state(stored, deadline, deadline + timedelta(days=9)) is stored
    assert claims.effective_state(ClaimState.DRAFT, None, deadline) is ClaimState.DRAFT


# --- evidence ---------------------------------------------------------------------------------


def test_evidence_per_scenario_follows_domain_6() -> None:
    mandatory = {s: [e.key for e in EVIDENCE[s] if e.mandatory] for s in Scenario}
    assert mandatory[Scenario.DAMAGED] == [
        "awb_photo", "outer_packaging", "inside_opened", "damaged_part",
    ]  # fmt: skip
    assert [e.key for e in EVIDENCE[Scenario.DAMAGED] if not e.mandatory] == ["unboxing_video"]
    assert mandatory[Scenario.DAMAGED_FRUIT] == ["all_sides_awb"]
    assert mandatory[Scenario.LOST] == [] and EVIDENCE[Scenario.LOST] == ()
    assert mandatory[Scenario.WRONG_ITEM_RETURNED] == [
        "outer_before_shipping", "returned_package_item",
    ]  # fmt: skip
    assert len(mandatory[Scenario.WRONG_ITEM_DELIVERED]) == 2
    for items in EVIDENCE.values():
        for item in items:
            assert item.source.startswith("DOMAIN.md §6; seed 003")


def test_missing_names_items_and_confirmations() -> None:
    lacking = claims.missing(Scenario.WRONG_ITEM_RETURNED, {"outer_before_shipping"}, set())
    assert [e.key for e in lacking.items] == ["returned_package_item"]
    assert lacking.confirmations == (Confirmation.SEAL_INTACT, Confirmation.AWB_MATCHES)
    assert len(lacking.titles) == 3 and lacking
    done = claims.missing(
        Scenario.WRONG_ITEM_RETURNED,
        {"outer_before_shipping", "returned_package_item"},
        {"seal_intact", "awb_matches"},
    )
    assert not done
    assert not claims.missing(Scenario.LOST, set(), set())  # the order id is enough


# --- candidates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "scenario"),
    [
        ("Paket Rusak", Scenario.DAMAGED),
        ("PAKET  RUSAK", Scenario.DAMAGED),
        ("Package damaged", Scenario.DAMAGED),
        ("Paket Hilang", Scenario.LOST),
        ("Package lost", Scenario.LOST),
        ("Paket Dimusnahkan", Scenario.DAMAGED_FRUIT),
        ("Package destroyed", Scenario.DAMAGED_FRUIT),
        ("Terkirim", None),
        ("Delivered", None),
        ("Dalam Pengiriman", None),
        ("Closed", None),  # "lost" only as a whole word
        (None, None),
    ],
)
def test_scenario_of_a_logistics_status(text: str | None, scenario: Scenario | None) -> None:
    assert claims.scenario_of_status(text) is scenario


def test_scenario_of_an_inspection() -> None:
    assert claims.scenario_of_inspection("wrong_item") is Scenario.WRONG_ITEM_RETURNED
    assert claims.scenario_of_inspection("incomplete") is Scenario.WRONG_ITEM_RETURNED
    assert claims.scenario_of_inspection("damaged") is Scenario.DAMAGED
    assert claims.scenario_of_inspection("as_described") is None
    assert claims.scenario_of_inspection(None) is None


# --- the ticket and the bulk spreadsheet ---------------------------------------------------------


def facts(order_id: str = "576912345678901234", **extra: object) -> TicketFacts:
    values: dict[str, object] = {
        "marketplace": "tiktok_shop", "order_id": order_id, "awb": "JX1234567890",
        "courier": "J&T Express", "scenario": Scenario.DAMAGED,
        "window": window(datetime(2024, 2, 1, 10, 0, tzinfo=WIB), "update", WIB),
        "shipped_at": datetime(2024, 1, 27, 9, 0, tzinfo=WIB),
        "delivered_at": datetime(2024, 2, 1, 10, 0, tzinfo=WIB),
        "evidence": tuple((e, ("IMG_0001.jpg",) if e.mandatory else ())
                          for e in EVIDENCE[Scenario.DAMAGED]),
        "confirmed": frozenset({"awb_matches"}), "amount_claimed": 189_000,
    }  # fmt: skip
    values.update(extra)
    return TicketFacts(**values)  # type: ignore[arg-type]


def test_ticket_text_for_a_damaged_parcel() -> None:
    text = claims.ticket_text(facts(), WIB)
    lines = text.splitlines()
    assert lines[:5] == [
        "Topik: Aduan dan Pertikaian (Berkaitan Logistik)",
        "Sub-topik: Paket rusak",
        "ID Pesanan: 576912345678901234",
        "Nomor Resi (AWB): JX1234567890",
        "Ekspedisi: J&T Express",
    ]
    assert "Batas pengajuan klaim: 11 Maret 2024" in lines
    assert (
        "Status logistik terakhir (pembaruan status logistik terakhir): 1 Februari 2024 10:00 WIB"
        in lines
    )
    assert "Nilai klaim: Rp189.000" in lines
    assert "1. [WAJIB] Foto AWB/Nomor Resi pada paket: IMG_0001.jpg" in lines
    assert "5. [Opsional] Video Unboxing Paket: -" in lines
    assert "ID pesanan sesuai dengan nomor resi/AWB pada bukti: ya" in lines


def test_ticket_text_for_lost_and_fruit_and_hostile_text() -> None:
    lost = claims.ticket_text(facts(scenario=Scenario.LOST, evidence=()), WIB)
    assert "Sub-topik: Paket Hilang" in lost and "cukup ID pesanan" in lost
    fruit = claims.ticket_text(
        facts(scenario=Scenario.DAMAGED_FRUIT, evidence=(), courier="Si\x1b[2JCepat"), WIB
    )
    assert "Lama pengiriman: 5 hari" in fruit
    assert "\x1b" not in fruit and "Si␛[2JCepat" in fruit
    wrong = claims.ticket_text(facts(scenario=Scenario.WRONG_ITEM_RETURNED, evidence=()), WIB)
    assert "Item yang salah dikembalikan" in wrong
    assert "Kemasan luar dan perekat masih utuh: belum" in wrong


def test_bulk_from_20_orders() -> None:
    assert not claims.is_bulk(19)
    assert claims.is_bulk(policy.BULK_CLAIM_MIN_ORDERS.value)


def test_bulk_spreadsheet_one_row_per_claim_ids_stay_text(tmp_path: Path) -> None:
    many = [facts(f"57691234567890{n:04d}") for n in range(20)]
    many.append(facts('=HYPERLINK("http://x")', awb="+62812"))
    path = claims.write_bulk_xlsx(tmp_path / "bulk.xlsx", many, WIB)
    sheet = load_workbook(path).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == claims.BULK_HEADERS
    assert len(rows) == 22
    assert rows[1][:5] == (1, "576912345678900000", "JX1234567890", "J&T Express", "Paket rusak")
    assert rows[1][6].date() == date(2024, 3, 11)  # type: ignore[union-attr]
    assert rows[1][7] == 189_000
    assert rows[-1][1] == '=HYPERLINK("http://x")'
    assert sheet.cell(row=22, column=2).data_type == "s"  # text, never a formula


# --- what the claim screens show, decided here (issue 10 point 6) ---------------------------


def test_urgency_of_the_claim_alarms() -> None:
    assert claims.urgency(None) is claims.Urgency.NONE
    assert claims.urgency(7) is claims.Urgency.WARNING
    assert claims.urgency(2) is claims.Urgency.CRITICAL
    assert claims.urgency(1) is claims.Urgency.CRITICAL


def test_which_states_keep_their_evidence_open() -> None:
    assert {s for s in ClaimState if claims.editable(s)} == {
        ClaimState.DRAFT, ClaimState.FILED, ClaimState.ANSWERED, ClaimState.EXPIRED,
    }  # fmt: skip


def test_only_filing_waits_for_what_is_missing_and_the_order_id_counts() -> None:
    lacking = claims.missing(Scenario.LOST, set(), set(), has_order=False)
    assert lacking and lacking.titles == (claims.ORDER_ID_TITLE,)
    assert claims.step_blockers("file", lacking) == (claims.ORDER_ID_TITLE,)
    assert claims.step_blockers("answer", lacking) == ()
    assert not claims.missing(Scenario.LOST, set(), set())
    full = claims.missing(Scenario.WRONG_ITEM_RETURNED, set(), set(), has_order=False)
    assert full.titles[0] == claims.ORDER_ID_TITLE and len(full.titles) == 5


def test_an_unmatched_parcel_is_a_wrong_return() -> None:
    # DOMAIN.md §6: "the seller got a wrong return"; its evidence is seed 003 Skenario 3's
    assert claims.UNMATCHED_PARCEL_SCENARIO is Scenario.WRONG_ITEM_RETURNED
    keys = [e.key for e in EVIDENCE[claims.UNMATCHED_PARCEL_SCENARIO] if e.mandatory]
    assert keys == ["outer_before_shipping", "returned_package_item"]


def test_ticket_of_a_parcel_whose_order_is_not_known() -> None:
    facts = TicketFacts(
        marketplace=None, order_id=None, awb="JX7777", courier=None,
        scenario=Scenario.WRONG_ITEM_RETURNED,
        window=window(datetime(2026, 11, 22, 5, 0, tzinfo=WIB), "received", WIB),
    )  # fmt: skip
    text = claims.ticket_text(facts, WIB)
    assert "ID Pesanan: -" in text and "Nomor Resi (AWB): JX7777" in text
    assert "retur diterima penjual" in text and "31 Desember 2026" in text
