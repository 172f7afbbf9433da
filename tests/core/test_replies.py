"""Reply templates, buyer chat turns, the chat queue, marks and tickets, the Monday
evaluation (issue 13; DOMAIN.md §2, §4, §7; seed 004 §5.3, §6.2)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from core import chat, chat_store, checklist, staff, templates, templates_store
from core.db import Store
from core.errors import NotAllowed, Refused
from core.workflow import RequestType
from tests.helpers import FIXED_NOW, ROOT

SUPERVISOR, STAFF = "dewi", "agus"
SAMPLE = ROOT / "tests" / "data" / "chats_sample.csv"
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)  # Tuesday 1 Dec 2026, 10:00 WIB


@pytest.fixture
def people(store: Store) -> Store:
    staff.ensure_first_supervisor(store, SUPERVISOR, FIXED_NOW)
    staff.add(store, login=STAFF, name="Agus", role="staff", by=SUPERVISOR, now=FIXED_NOW)
    return store


# --- templates ----------------------------------------------------------------------------


def test_the_default_library_breaks_no_rule_and_uses_known_placeholders() -> None:
    assert {lang for _k, lang, _t, _b in templates.DEFAULTS} == {"id", "en"}
    for key, lang, title, body in templates.DEFAULTS:
        assert templates.problems(key, lang, title, body) == [], key


def test_fill_puts_the_request_in_and_names_what_is_empty() -> None:
    from zoneinfo import ZoneInfo

    given = templates.values(
        language="id", buyer_name="Siti Rahma", order_id="5701", request_id="4001",
        request_type=RequestType.RETURN_REFUND, respond_by=FIXED_NOW, awb=None,
        amount=150_000, sku="SKU-1", product=None, zone=ZoneInfo("Asia/Jakarta"),
    )  # fmt: skip
    filled = templates.fill("Kak {buyer}, {request_type} {order} resi {awb}: {amount}", given)
    assert filled.text == "Kak Siti, Pengembalian Barang & Dana 5701 resi …: Rp150.000"
    assert filled.empty == ("awb",)
    assert filled.findings == ()


@pytest.mark.parametrize(("language", "start"), [
    ("id", "Halo Kak, terima kasih sudah menghubungi kami. Kami sedang memproses permintaan "
           "Pengembalian Dana untuk pesanan 5701."),
    ("en", "Hi, thank you for contacting us. We are processing your refund request for "
           "order 5701 "),
])  # fmt: skip
def test_a_holding_reply_without_the_buyers_name_reads_naturally(language: str,
                                                                 start: str) -> None:  # fmt: skip
    from zoneinfo import ZoneInfo

    given = templates.values(
        language=language, buyer_name=None, order_id="5701", request_id="4001",
        request_type=RequestType.REFUND_ONLY, respond_by=FIXED_NOW, awb=None, amount=150_000,
        sku="SKU-1", product=None, zone=ZoneInfo("Asia/Jakarta"),
    )  # fmt: skip
    body = next(b for k, lang, _t, b in templates.DEFAULTS if k == "holding" and lang == language)
    filled = templates.fill(body, given)
    assert filled.text.startswith(start)
    assert "…" not in filled.text and filled.empty == ()
    for key, lang, _title, other in templates.DEFAULTS:  # every default reads without a name
        if lang == language:
            text = templates.fill(other, {**given, "awb": "JX1"}).text
            assert "…" not in text and "  " not in text and " ," not in text, key
    assert templates.fill("{buyer}, paketnya sudah dikirim ya", given).text == (
        "paketnya sudah dikirim ya"
    )


def test_templates_list_the_shops_language_first(people: Store) -> None:
    from core import settings

    templates_store.seed_defaults(people, login=SUPERVISOR, now=NOW)
    shown = [(r.key, r.language) for r in templates_store.list_templates(people)]
    assert shown[:3] == [("evidence", "id"), ("evidence", "en"), ("holding", "id")]
    settings.change(people, "shop_language", "en", by=SUPERVISOR, now=NOW)
    shown = [(r.key, r.language) for r in templates_store.list_templates(people)]
    assert shown[:3] == [("evidence", "en"), ("evidence", "id"), ("holding", "en")]
    with pytest.raises(settings.SettingError):
        settings.change(people, "shop_language", "jv", by=SUPERVISOR, now=NOW)


def test_a_template_breaking_a_conduct_rule_is_not_saved(people: Store) -> None:
    with pytest.raises(Refused) as refused:
        templates_store.save(people, key="promo", language="id", title="Promo",
                             body="Kak {buyer}, kasih bintang 5 dapat voucher 10rb ya",
                             login=SUPERVISOR, now=NOW, new=True)  # fmt: skip
    assert "review" in refused.value.message
    with pytest.raises(Refused, match=r"\{pembeli\}"):
        templates_store.save(people, key="x", language="id", title="X", body="Kak {pembeli}",
                             login=SUPERVISOR, now=NOW, new=True)  # fmt: skip
    with pytest.raises(Refused) as refused:  # a clean body does not carry a breaking title
        templates_store.save(people, key="tf", language="id",
                             title="Refund bisa via transfer BCA 1234567890",
                             body="Kak {buyer}, refund diproses lewat aplikasi ya",
                             login=SUPERVISOR, now=NOW, new=True)  # fmt: skip
    assert "bank" in refused.value.message
    assert templates_store.list_templates(people) == []


def test_only_supervisors_edit_templates_and_uses_are_counted(people: Store) -> None:
    assert templates_store.seed_defaults(people, login=SUPERVISOR, now=NOW) == len(
        templates.DEFAULTS
    )
    assert templates_store.seed_defaults(people, login=SUPERVISOR, now=NOW) == 0
    with pytest.raises(NotAllowed):
        templates_store.save(people, key="holding", language="id", title="X", body="Halo",
                             login=STAFF, now=NOW, new=False)  # fmt: skip
    templates_store.save(people, key="holding", language="id", title="Tunggu", body="Halo {buyer}",
                         login=SUPERVISOR, now=NOW, new=False)  # fmt: skip
    assert templates_store.get(people, "holding", "id").body == "Halo {buyer}"
    templates_store.record_use(people, key="holding", language="id", request_pk=None,
                               login=STAFF, now=NOW)  # fmt: skip
    assert templates_store.get(people, "holding", "id").uses == 1
    assert templates_store.uses_since(people, NOW - timedelta(hours=1)) == 1
    templates_store.delete(people, key="holding", language="id", login=SUPERVISOR, now=NOW)
    with pytest.raises(Refused):
        templates_store.get(people, "holding", "id")


def test_the_checklist_counts_a_template_copied_for_a_request(demo_store: Store) -> None:
    def waiting() -> int:
        point = next(p for p in checklist.end_of_day(demo_store, FIXED_NOW) if p.key == "templates")
        return point.missing

    before = waiting()
    assert before > 0
    point = next(p for p in checklist.end_of_day(demo_store, FIXED_NOW) if p.key == "templates")
    pk = point.examples[0].pk
    login = demo_store_supervisor(demo_store)
    templates_store.record_use(demo_store, key="holding", language="id", request_pk=pk,
                               login=login, now=FIXED_NOW)  # fmt: skip
    assert waiting() == before - 1


def demo_store_supervisor(store: Store) -> str:
    return next(m.login for m in staff.list_staff(store) if m.role == "supervisor")


# --- chat turns and the queue --------------------------------------------------------------


def line(pk: int, sender: str, hours: float, *, staff_: str | None = None, auto: bool = False,
         conversation: str = "C1") -> chat.Line:  # fmt: skip
    at = datetime(2026, 11, 23, 2, 0, tzinfo=UTC) + timedelta(hours=hours)
    return chat.Line(pk, "shopee", conversation, "5701", sender, staff_, at, "x", auto)


def test_turns_group_buyer_messages_until_the_shop_replies() -> None:
    found = chat.turns([
        line(1, "buyer", 0), line(2, "buyer", 1), line(3, "seller", 13, staff_="dewi"),
        line(4, "seller", 14, staff_="dewi"), line(5, "buyer", 20),
    ])  # fmt: skip
    assert [(len(t.messages), t.answered) for t in found] == [(2, True), (1, False)]
    first = found[0]
    assert first.waited == timedelta(hours=13)
    assert not first.within(chat.TARGET) and first.within(chat.HARD)
    assert chat.waiting(found) == [found[1]]
    assert found[1].deadline == found[1].started_at + timedelta(hours=24)


def test_an_auto_reply_counts_as_a_reply() -> None:
    found = chat.turns([line(1, "buyer", 0), line(2, "seller", 0.01, auto=True)])
    assert found[0].answered and found[0].answered_by == chat.AUTO_REPLY


def test_the_evaluation_leaves_out_weekends_holidays_and_holiday_mode() -> None:
    # week of Monday 30 Mar 2026: 23-27 Mar, Nyepi 19 Mar is the week before; take a week
    # with a holiday: Monday 6 Apr 2026 covers 30 Mar - 5 Apr, Good Friday 3 Apr 2026
    days = chat.evaluation_days(date(2026, 4, 6), [(date(2026, 3, 31), date(2026, 3, 31))])
    why = {d.day: d.why for d in days if not d.counted}
    assert why == {date(2026, 3, 31): "holiday_mode", date(2026, 4, 3): "holiday",
                   date(2026, 4, 4): "weekend", date(2026, 4, 5): "weekend"}  # fmt: skip
    assert chat.evaluation_monday(date(2026, 4, 8)) == date(2026, 4, 6)


@pytest.mark.parametrize(
    ("monday", "left_out"),
    [
        # Idul Fitri 2027 (holidays package, estimated 10-11 Mar), Nyepi Mon 8 Mar, and the
        # cuti bersama of 9 and 12 Mar (core.calendar counts them as holidays)
        (
            date(2027, 3, 15),
            {
                8: "holiday",
                9: "holiday",
                10: "holiday",
                11: "holiday",
                12: "holiday",
                13: "weekend",
                14: "weekend",
            },
        ),
        # New Year 2027 on a Friday
        (date(2027, 1, 4), {1: "holiday", 2: "weekend", 3: "weekend"}),
        # Christmas 2028 on a Monday, judged on New Year's Day 2029
        (date(2029, 1, 1), {25: "holiday", 30: "weekend", 31: "weekend"}),
        # Pancasila Day on the Monday of the week
        (date(2026, 6, 8), {1: "holiday", 6: "weekend", 7: "weekend"}),
    ],
)
def test_the_evaluation_weeks_around_holidays(monday: date, left_out: dict[int, str]) -> None:
    days = chat.evaluation_days(monday, [])
    assert [d.day for d in days] == [monday - timedelta(days=n) for n in range(7, 0, -1)]
    assert {d.day.day: d.why for d in days if not d.counted} == left_out


def test_the_evaluation_reads_the_start_day_on_the_shops_clock() -> None:
    from zoneinfo import ZoneInfo

    wit = ZoneInfo("Asia/Jayapura")
    found = chat.turns([  # Fri 5 Jun 2026 23:30 WIT, then Sat 00:30 WIT (Fri 22:30 WIB)
        chat.Line(1, "shopee", "C1", None, "buyer", None,
                  datetime(2026, 6, 5, 14, 30, tzinfo=UTC), "x"),
        chat.Line(2, "shopee", "C2", None, "buyer", None,
                  datetime(2026, 6, 5, 15, 30, tzinfo=UTC), "x"),
    ])  # fmt: skip
    assert chat.evaluate(found, date(2026, 6, 8), [], wit, NOW).shop.turns == 1
    jakarta = ZoneInfo("Asia/Jakarta")
    assert chat.evaluate(found, date(2026, 6, 8), [], jakarta, NOW).shop.turns == 2


def test_the_evaluation_rates_per_person_and_shop() -> None:
    from zoneinfo import ZoneInfo

    found = chat.turns([
        line(1, "buyer", 0), line(2, "seller", 2, staff_="dewi"),  # Mon 23 Nov, 2 h
        line(3, "buyer", 24, conversation="C2"),  # Tue, answered after 20 h
        line(4, "seller", 44, staff_="andi", conversation="C2"),
        line(5, "buyer", 48, conversation="C3"),  # Wed, never answered
        line(6, "buyer", 120, conversation="C4"),  # Sat 28 Nov: weekend, left out
    ])  # fmt: skip
    result = chat.evaluate(found, date(2026, 11, 30), [], ZoneInfo("Asia/Jakarta"), NOW)
    assert (result.shop.turns, result.shop.within_12h, result.shop.within_24h) == (3, 1, 2)
    assert result.staff["dewi"].rate(1) == 1.0
    assert result.staff[chat.NOBODY].within_24h == 0
    text = "\n".join(chat.report_lines(result))
    assert "33%" in text and "67%" in text


def test_the_evaluation_counts_marks_inside_its_window_by_their_kind() -> None:
    """A turn that began on Friday 27 Nov may run on: a mark on its message of Monday 30 Nov
    is outside the evaluated days (23-29 Nov) and not counted; each mark is named by its
    kind (seed 004 §5.3), never all as abusive."""
    from dataclasses import replace
    from zoneinfo import ZoneInfo

    from core.i18n import set_language

    found = chat.turns([
        replace(line(1, "buyer", 0), mark="unreasonable"),  # Mon 23 Nov
        replace(line(2, "buyer", 1), mark="ad"),
        line(3, "seller", 2, staff_="dewi"),
        line(4, "buyer", 96, conversation="C2"),  # Fri 27 Nov 10:00 WIB
        replace(line(5, "buyer", 168, conversation="C2"), mark="threat"),  # Mon 30 Nov
    ])  # fmt: skip
    result = chat.evaluate(found, date(2026, 11, 30), [], ZoneInfo("Asia/Jakarta"), NOW)
    assert result.marks == {"unreasonable": 1, "ad": 1} and result.marked == 2
    assert result.as_json()["marked_by_kind"] == {"ad": 1, "unreasonable": 1}
    set_language("en")
    text = "\n".join(chat.report_lines(result))
    assert "2 buyer messages marked for a Seller Center ticket (1 × unreasonable demand, " \
           "1 × advertising)" in text  # fmt: skip
    assert "abusive" not in text and "threat" not in text
    set_language("id")
    assert "kasar" not in "\n".join(chat.report_lines(result))


# --- the store: import, marks, ticket ------------------------------------------------------


def test_import_is_all_or_nothing_and_idempotent(people: Store, tmp_path: Path) -> None:
    done = chat_store.import_chats(people, SAMPLE, login=STAFF, now=NOW)
    assert (done.rows, done.inserted) == (7, 7)
    again = chat_store.import_chats(people, SAMPLE, login=STAFF, now=NOW)
    assert (again.inserted, again.unchanged) == (0, 7)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "conversation_id,message_id,sender,sent_at,text,auto_reply\n"
        "C9,1,buyer,2026-11-30 10:00,halo,\n"
        "C9,2,robot,2026-11-30 10:00,halo,\n"
        "C9,3,buyer,kemarin,halo,\n"
        "C9,4,buyer,2026-11-30 10:00,halo,yes\n",
        encoding="utf-8",
    )
    with pytest.raises(chat_store.ChatImportFailed) as failed:
        chat_store.import_chats(people, bad, login=STAFF, now=NOW)
    assert [e.split(":")[1] for e in failed.value.errors] == ["3", "4", "5"]
    assert "sender" in failed.value.errors[0]
    assert all(t.conversation_id != "C9" for t in chat_store.all_turns(people))
    queue = chat_store.queue(people)
    assert [t.conversation_id for t in queue] == ["C3"]


def test_marks_and_the_ticket_mask_the_buyer(people: Store) -> None:
    chat_store.import_chats(people, SAMPLE, login=STAFF, now=NOW)
    lines = chat_store.conversation(people, "tiktok_shop", "C1")
    abusive = next(m for m in lines if "goblok" in m.text)
    with pytest.raises(Refused):
        chat_store.mark(people, pk=lines[1].pk, mark="threat", login=STAFF, now=NOW)  # the shop's
    chat_store.mark(people, pk=abusive.pk, mark="harassment", login=STAFF, now=NOW)
    ticket = chat_store.ticket(people, "tiktok_shop", "C1")
    assert "goblok" in ticket and ">>" in ticket
    assert "081234567890" not in ticket and "[telepon]" in ticket
    assert "Siti Rahma" not in ticket and "S*** R****" in ticket
    assert chat_store.ticket(people, "tiktok_shop", "C2") == ""


def test_holiday_mode_is_a_supervisors_and_leaves_days_out(people: Store) -> None:
    chat_store.import_chats(people, SAMPLE, login=STAFF, now=NOW)
    with pytest.raises(NotAllowed):
        chat_store.add_holiday_mode(people, first=date(2026, 11, 24), last=date(2026, 11, 24),
                                    login=STAFF, now=NOW)  # fmt: skip
    before = chat_store.evaluation(people, date(2026, 12, 1), NOW)
    chat_store.add_holiday_mode(people, first=date(2026, 11, 24), last=date(2026, 11, 24),
                                login=SUPERVISOR, now=NOW)  # fmt: skip
    after = chat_store.evaluation(people, date(2026, 12, 1), NOW)
    assert after.shop.turns == before.shop.turns - 1
    assert after.as_json()["left_out"][0] == {"day": "2026-11-24", "why": "holiday_mode"}


# --- chat alarms ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("waited", "alarm"),
    [(11.99, None), (12, 12), (18, 6), (22.5, 6), (23, 1), (23.99, 1), (24, None)],
)
def test_a_waiting_buyer_rings_at_the_target_then_6_and_1_hours_before_24(
    waited: float, alarm: int | None
) -> None:
    turn = chat.turns([line(1, "buyer", 0)])[0]
    assert chat.crossed(turn, turn.started_at + timedelta(hours=waited)) == alarm


def test_chat_alarms_are_acknowledged_once_and_answered_chats_never_ring(
    people: Store, tmp_path: Path
) -> None:
    path = tmp_path / "chats.csv"
    path.write_text(
        "conversation_id,message_id,order_id,sender,staff,buyer_name,sent_at,text,auto_reply\n"
        "W1,1,5801,buyer,,Siti,2026-11-30 20:00,kak paketnya belum sampai,\n"  # 14 h waiting: target passed
        "W2,1,5802,buyer,,Budi,2026-11-30 11:30,halo kak,\n"  # 22.5 h: 1.5 h left
        "W3,1,5803,buyer,,Rina,2026-11-30 11:00,halo,\n"
        "W3,2,5803,seller,agus,,2026-11-30 12:00,halo kak,\n"  # answered
    )
    chat_store.import_chats(people, path, login=STAFF, now=NOW)
    found = chat_store.alarms(people, NOW)
    assert [(a.conversation_id, a.hours) for a in found] == [("W2", 6), ("W1", 12)]
    assert chat_store.acknowledge_alarms(people, found, login=STAFF, now=NOW) == 3  # 12+6, 12
    assert chat_store.alarms(people, NOW) == []
    later = chat_store.alarms(people, NOW + timedelta(minutes=45))  # W2 now under 1 h
    assert [(a.conversation_id, a.hours) for a in later] == [("W2", 1)]
    with pytest.raises(NotAllowed):
        chat_store.acknowledge_alarms(people, later, login="tamu", now=NOW)


# --- the audit trail covers the reply tables ------------------------------------------------


def test_every_table_with_an_event_id_is_cross_checked_by_verify() -> None:
    from sqlmodel import SQLModel

    from core import audit

    with_event = {t.name for t in SQLModel.metadata.sorted_tables if "event_id" in t.c}
    assert with_event == set(audit.AUDITED_TABLES)


def _write(store: Store, table: str) -> None:
    """One audited write that makes a row of `table` (its newest event is that write's)."""
    if table == "reply_template":
        templates_store.save(store, key="tunggu", language="id", title="Tunggu",
                             body="Kak {buyer}, mohon ditunggu ya.", login=SUPERVISOR, now=NOW,
                             new=True)  # fmt: skip
    elif table == "template_use":
        templates_store.record_use(store, key="holding", language="id", request_pk=None,
                                   login=STAFF, now=NOW)  # fmt: skip
    elif table == "chat_message":
        chat_store.import_chats(store, SAMPLE, login=STAFF, now=NOW)
    else:
        chat_store.add_holiday_mode(store, first=date(2026, 12, 24), last=date(2026, 12, 26),
                                    login=SUPERVISOR, now=NOW)  # fmt: skip


@pytest.mark.parametrize("table", ["reply_template", "template_use", "chat_message",
                                   "holiday_mode"])  # fmt: skip
def test_verify_names_a_reply_table_row_whose_event_was_deleted(people: Store, table: str) -> None:
    """Deleting the newest event and pointing the head at the one before leaves a chain
    that fits: only the row that event wrote can tell (core.audit)."""
    import sqlalchemy as sa

    from core import audit
    from core.models import AuditEvent
    from tests.helpers import tamper

    _write(people, table)
    with people.read() as session:
        assert audit.verify(session).intact
        newest = session.execute(sa.select(sa.func.max(AuditEvent.id))).scalar_one()
        before = session.execute(
            sa.select(AuditEvent.id, AuditEvent.hash).where(AuditEvent.id == newest - 1)
        ).one()
    tamper(people, f"DELETE FROM audit_event WHERE id = {newest}",
           f"UPDATE setting SET value = '{before[0]}:{before[1]}' WHERE key = 'audit_head'")  # fmt: skip
    with people.read() as session:
        verdict = audit.verify(session)
    assert not verdict.intact
    assert table in verdict.reason and f"#{newest}" in verdict.reason
