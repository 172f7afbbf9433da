"""Decisions against a real SQLite store: guards, confirmation, roles, stale versions, audit."""

from __future__ import annotations

import json
from datetime import timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import select

from core import actions, audit, staff
from core.actions import Refused, Stale
from core.db import Store
from core.models import AuditEvent, Request, RequestCheck, RequestItem
from core.workflow import RequestType
from tests.helpers import FIXED_NOW, tamper

SUPERVISOR, STAFF, OTHER = "dewi", "agus", "rina"
KINDS = [kind.value for kind in RequestType]


@pytest.fixture
def shop(store: Store) -> Store:
    staff.ensure_first_supervisor(store, SUPERVISOR, FIXED_NOW)
    for login in (STAFF, OTHER):
        staff.add(store, login=login, name=login.title(), role="staff", by=SUPERVISOR,
                  now=FIXED_NOW)  # fmt: skip
    return store


def add_request(store: Store, kind: str = "refund_only", **extra: Any) -> int:
    number = extra.pop("number", 1)
    row = {
        "marketplace": "tiktok_shop", "request_id": f"4{KINDS.index(kind)}{number:016d}",
        "order_id": f"57000000{number:04d}8269", "request_type": kind,
        "created_at": FIXED_NOW - timedelta(hours=10),
        "respond_by": FIXED_NOW + timedelta(hours=38), "sku": "SKU", "amount": 150_000,
        "quantity": 1, "evidence_count": 2, "state": "new", "is_open": True, "version": 0,
        "imported_at": FIXED_NOW, "updated_at": FIXED_NOW, **extra,
    }  # fmt: skip
    with store.write() as session:  # as an import creates it: version 1 is its first event
        request = Request(**row)
        session.add(request)
        session.flush()
        session.add(RequestItem(request_pk=request.id or 0, position=1, sku=request.sku,
                                product_name=request.product_name, quantity=request.quantity,
                                amount=request.amount, condition=request.inspection))  # fmt: skip
        audit.append(session, at=FIXED_NOW, actor="tester", action="created", request=request,
                     detail={"test": True})  # fmt: skip
        return int(request.id or 0)


def tick(store: Store, pk: int, *keys: str, login: str = STAFF) -> int:
    version = current(store, pk).version
    for key in keys:
        version = actions.set_check(store, pk=pk, key=key, done=True, login=login,
                                    version=version, now=FIXED_NOW).version  # fmt: skip
    return version


def current(store: Store, pk: int) -> Request:
    with store.read() as session:
        row = session.get(Request, pk)
        assert row is not None
        return row


def events(store: Store) -> list[AuditEvent]:
    with store.read() as session:
        return list(session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars())


def test_refund_with_its_checks_and_the_order_ids_last_characters(shop: Store) -> None:
    pk = add_request(shop)
    version = tick(shop, pk, "type_matches_comment", "evidence_reviewed")
    done = actions.decide(shop, pk=pk, action="refund", login=STAFF, version=version,
                          now=FIXED_NOW, confirmation="8269")  # fmt: skip
    row = current(shop, pk)
    assert (row.state, row.is_open, row.answered, row.claimed_by) == ("refunded", False, True,
                                                                      STAFF)  # fmt: skip
    assert row.responded_at == FIXED_NOW and done.version == row.version
    last = events(shop)[-1]
    assert (last.action, last.actor, last.before_state, last.after_state) == (
        "refund",
        STAFF,
        "new",
        "refunded",
    )
    assert '"amount": 150000' in last.detail


def test_a_refused_action_changes_nothing(shop: Store) -> None:
    pk = add_request(shop)
    before, trail = current(shop, pk), len(events(shop))
    with pytest.raises(Refused) as refused:
        actions.decide(shop, pk=pk, action="refund", login=STAFF, version=before.version,
                       now=FIXED_NOW, confirmation="8269")  # fmt: skip
    assert refused.value.reason == "guard"
    assert len(refused.value.missing) == 2  # type not checked, evidence not reviewed
    after = current(shop, pk)
    assert (after.state, after.version, after.claimed_by) == ("new", before.version, None)
    assert len(events(shop)) == trail


@pytest.mark.parametrize("code", ["", "826", "1234", "8269 x"])
def test_refund_needs_the_right_confirmation(shop: Store, code: str) -> None:
    pk = add_request(shop)
    version = tick(shop, pk, "type_matches_comment", "evidence_reviewed")
    with pytest.raises(Refused) as refused:
        actions.decide(shop, pk=pk, action="refund", login=STAFF, version=version,
                       now=FIXED_NOW, confirmation=code)  # fmt: skip
    assert refused.value.reason == "confirmation"


def test_supervisor_override_needs_a_written_reason_and_is_audited(shop: Store) -> None:
    pk = add_request(shop, evidence_count=0)
    version = current(shop, pk).version
    with pytest.raises(Refused, match="supervisor"):
        actions.decide(
            shop,
            pk=pk,
            action="reject",
            login=STAFF,
            version=version,
            now=FIXED_NOW,
            override_reason="pembeli sudah membatalkan lewat chat",
            confirmation="8269",
            reject_reason="wrong_request_type",
        )
    with pytest.raises(Refused) as short:
        actions.decide(shop, pk=pk, action="reject", login=SUPERVISOR, version=version,
                       now=FIXED_NOW, override_reason="ok", confirmation="8269", reject_reason="wrong_request_type")  # fmt: skip
    assert short.value.reason == "input"
    actions.decide(
        shop,
        pk=pk,
        action="reject",
        login=SUPERVISOR,
        version=version,
        now=FIXED_NOW,
        override_reason="Pembeli membatalkan lewat chat, tiket 991",
        confirmation="8269",
        reject_reason="wrong_request_type",
    )
    last = events(shop)[-1]
    assert last.action == "reject" and "tiket 991" in last.detail
    assert '"overridden": ["type_matches_comment"]' in last.detail


def test_big_refunds_need_a_supervisor(shop: Store) -> None:
    pk = add_request(shop, amount=1_500_000)
    version = tick(shop, pk, "type_matches_comment", "evidence_reviewed")
    with pytest.raises(Refused) as refused:
        actions.decide(shop, pk=pk, action="refund", login=STAFF, version=version,
                       now=FIXED_NOW, confirmation="8269")  # fmt: skip
    assert refused.value.reason == "supervisor" and "Rp1.000.000" in refused.value.message
    actions.decide(shop, pk=pk, action="refund", login=SUPERVISOR, version=version,
                   now=FIXED_NOW, confirmation="8269")  # fmt: skip
    assert current(shop, pk).state == "refunded"


def test_a_stale_version_is_refused_with_who_and_when(shop: Store) -> None:
    pk = add_request(shop)
    seen = current(shop, pk).version
    tick(shop, pk, "type_matches_comment", login=OTHER)  # another terminal
    with pytest.raises(Stale) as stale:
        actions.decide(
            shop,
            pk=pk,
            action="reject",
            login=STAFF,
            version=seen,
            now=FIXED_NOW,
            confirmation="8269",
            reject_reason="wrong_request_type",
        )
    assert stale.value.changed_by == OTHER
    assert "rina" in stale.value.message and "22 Nov 10:00 WIB" in stale.value.message
    assert current(shop, pk).state == "new"


def test_someone_elses_claim_blocks_staff_not_supervisors(shop: Store) -> None:
    pk = add_request(shop)
    version = actions.claim(shop, pk=pk, login=OTHER, version=1, now=FIXED_NOW).version
    version = tick(shop, pk, "type_matches_comment", login=OTHER)
    with pytest.raises(Refused) as refused:
        actions.decide(
            shop,
            pk=pk,
            action="reject",
            login=STAFF,
            version=version,
            now=FIXED_NOW,
            confirmation="8269",
            reject_reason="wrong_request_type",
        )
    assert refused.value.reason == "claimed"
    actions.decide(shop, pk=pk, action="reject", login=SUPERVISOR, version=version,
                   now=FIXED_NOW, confirmation="8269", reject_reason="wrong_request_type")  # fmt: skip
    assert current(shop, pk).state == "rejected"


def test_unknown_login_is_refused_clearly(shop: Store) -> None:
    pk = add_request(shop)
    with pytest.raises(Refused) as refused:
        actions.decide(
            shop,
            pk=pk,
            action="reject",
            login="tamu",
            version=1,
            now=FIXED_NOW,
            confirmation="8269",
            reject_reason="wrong_request_type",
        )
    assert refused.value.reason == "not_staff"
    assert "purna staff add tamu" in refused.value.message


def test_impossible_transitions_are_refused(shop: Store) -> None:
    pk = add_request(shop, kind="return_refund")
    version = tick(shop, pk, "type_matches_comment")
    with pytest.raises(Refused) as refused:  # no refund before the parcel is back
        actions.decide(
            shop,
            pk=pk,
            action="refund",
            login=SUPERVISOR,
            version=version,
            now=FIXED_NOW,
            confirmation="8269",
            override_reason="x" * 20,
        )
    assert refused.value.reason == "state"


def test_return_refund_path_with_receipt_inspection_and_a_late_dispute(shop: Store) -> None:
    pk = add_request(shop, kind="return_refund")
    version = tick(shop, pk, "type_matches_comment")
    for step, extra in (("approve_return", {"confirmation": "8269"}), ("confirm_receipt", {}),
                        ("inspect", {"inspection": "wrong_item"})):  # fmt: skip
        version = actions.decide(shop, pk=pk, action=step, login=STAFF, version=version,
                                 now=FIXED_NOW, **extra).version  # fmt: skip
    row = current(shop, pk)
    assert (row.state, row.received_at, row.inspection) == ("inspected", FIXED_NOW, "wrong_item")
    late = FIXED_NOW + timedelta(hours=48, seconds=1)  # a warning now, never a block
    actions.decide(
        shop, pk=pk, action="dispute", login=STAFF, version=version, now=late, confirmation="8269"
    )
    assert current(shop, pk).state == "disputed"
    with shop.read() as session:
        ticks = set(session.execute(select(RequestCheck.check_key)).scalars())
    assert {"receipt_confirmed", "condition_inspected"} <= ticks


def test_receipt_is_confirmed_by_receiving_never_by_a_tick(shop: Store) -> None:
    """DOMAIN.md §3: confirming receipt is the action Purna records (received_at); ticking it
    on a return not even approved would put a receipt in the trail before any parcel."""
    from core import queries

    pk = add_request(shop, kind="return_refund")
    version = tick(shop, pk, "type_matches_comment")
    for key, done in (("receipt_confirmed", True), ("condition_inspected", True)):
        with pytest.raises(Refused) as refused:
            actions.set_check(shop, pk=pk, key=key, done=done, login=STAFF, version=version,
                              now=FIXED_NOW)  # fmt: skip
        assert refused.value.reason == "recorded"
    for step, extra in (("approve_return", {"confirmation": "8269"}), ("confirm_receipt", {})):
        version = actions.decide(shop, pk=pk, action=step, login=STAFF, version=version,
                                 now=FIXED_NOW, **extra).version  # fmt: skip
    detail = queries.detail_of(shop, pk)
    assert detail is not None
    assert {c.item.key for c in detail.checks if c.done_by} == {"type_matches_comment",
                                                                "receipt_confirmed"}  # fmt: skip
    with pytest.raises(Refused):  # nor unticked once the parcel is in
        actions.set_check(shop, pk=pk, key="receipt_confirmed", done=False, login=STAFF,
                          version=version, now=FIXED_NOW)  # fmt: skip


def test_a_hand_tick_of_a_recorded_check_from_an_older_purna_does_not_count(shop: Store) -> None:
    from core import queries

    pk = add_request(shop, kind="return_refund")
    with shop.write() as session:
        session.add(RequestCheck(request_pk=pk, check_key="receipt_confirmed", done_by=STAFF,
                                 done_at=FIXED_NOW))  # fmt: skip
    detail = queries.detail_of(shop, pk)
    assert detail is not None and not any(c.done_by for c in detail.checks)


def test_holding_reply_never_moves_the_deadline(shop: Store) -> None:
    pk = add_request(shop)
    before = current(shop, pk)
    actions.holding_reply(shop, pk=pk, login=STAFF, now=FIXED_NOW)
    after = current(shop, pk)
    assert after.respond_by == before.respond_by and not after.answered
    assert after.holding_reply_at == FIXED_NOW and after.state == "new"
    assert events(shop)[-1].action == "holding_reply"


def test_holding_reply_words_are_conduct_checked_and_kept(shop: Store) -> None:
    pk = add_request(shop)
    with pytest.raises(Refused) as refused:
        actions.holding_reply(shop, pk=pk, login=STAFF, now=FIXED_NOW,
                              text="Sabar ya kak, wa aja ke 0812 3456 7890")  # fmt: skip
    assert refused.value.reason == "conduct" and "0812 3456 7890" in str(refused.value)
    with pytest.raises(Refused):
        actions.holding_reply(shop, pk=pk, login=STAFF, now=FIXED_NOW, text="  ")
    assert current(shop, pk).holding_reply_at is None  # nothing recorded
    words = "Kak, permintaan pesanan kakak sedang kami cek, kami kabari besok ya"
    actions.holding_reply(shop, pk=pk, login=STAFF, now=FIXED_NOW, text=f" {words}\n")
    assert current(shop, pk).holding_reply_at == FIXED_NOW
    assert json.loads(events(shop)[-1].detail)["text"] == words


def test_take_next_claims_the_most_urgent_unclaimed_once(shop: Store) -> None:
    late = add_request(shop, number=1, respond_by=FIXED_NOW + timedelta(hours=30))
    soon = add_request(shop, number=2, respond_by=FIXED_NOW + timedelta(hours=2))
    taken = add_request(shop, number=3, respond_by=FIXED_NOW + timedelta(hours=1),
                        claimed_by=OTHER)  # fmt: skip
    first = actions.take_next(shop, kind=RequestType.REFUND_ONLY, login=STAFF, now=FIXED_NOW)
    second = actions.take_next(shop, kind=RequestType.REFUND_ONLY, login=STAFF, now=FIXED_NOW)
    assert first is not None and second is not None
    assert (first.pk, second.pk) == (soon, late)
    assert actions.take_next(shop, kind=RequestType.REFUND_ONLY, login=STAFF, now=FIXED_NOW) is None
    assert current(shop, taken).claimed_by == OTHER


def test_take_next_never_hands_out_a_request_the_platform_has_auto_approved(shop: Store) -> None:
    add_request(shop, number=1, respond_by=FIXED_NOW - timedelta(minutes=1))  # auto-approved
    due = add_request(shop, number=2, respond_by=FIXED_NOW + timedelta(hours=5))
    first = actions.take_next(shop, kind=RequestType.REFUND_ONLY, login=STAFF, now=FIXED_NOW)
    assert first is not None and first.pk == due
    assert actions.take_next(shop, kind=RequestType.REFUND_ONLY, login=STAFF, now=FIXED_NOW) is None


def test_release_by_holder_or_supervisor(shop: Store) -> None:
    pk = add_request(shop)
    version = actions.claim(shop, pk=pk, login=OTHER, version=1, now=FIXED_NOW).version
    with pytest.raises(Refused):
        actions.release(shop, pk=pk, login=STAFF, version=version, now=FIXED_NOW)
    actions.release(shop, pk=pk, login=SUPERVISOR, version=version, now=FIXED_NOW)
    assert current(shop, pk).claimed_by is None


def test_the_trail_stays_intact_and_tampering_shows(shop: Store) -> None:
    pk = add_request(shop)
    tick(shop, pk, "type_matches_comment")
    actions.add_note(shop, pk=pk, text="Minta video unboxing", login=STAFF, now=FIXED_NOW)
    actions.decide(shop, pk=pk, action="reject", login=STAFF, version=current(shop, pk).version,
                   now=FIXED_NOW, confirmation="8269", reject_reason="wrong_request_type")  # fmt: skip
    with shop.read() as session:
        assert audit.verify(session).intact
    newest = events(shop)[-1].id
    tamper(shop, f"DELETE FROM audit_event WHERE id = {newest}")
    with shop.read() as session:
        verdict = audit.verify(session)
    assert verdict.broken == newest and "hilang" in verdict.reason


def test_a_reject_records_the_platform_reason_and_note_and_checks_the_code(shop: Store) -> None:
    pk = add_request(shop)
    version = tick(shop, pk, "type_matches_comment")
    with pytest.raises(Refused) as wrong:
        actions.decide(shop, pk=pk, action="reject", login=STAFF, version=version,
                       now=FIXED_NOW, confirmation="1234", reject_reason="right_item_received")  # fmt: skip
    assert "1234" in wrong.value.message
    with pytest.raises(Refused):
        actions.decide(shop, pk=pk, action="reject", login=STAFF, version=version,
                       now=FIXED_NOW, confirmation="8269", reject_reason="made_up")  # fmt: skip
    with pytest.raises(Refused):  # another reason needs a note
        actions.decide(shop, pk=pk, action="reject", login=STAFF, version=version,
                       now=FIXED_NOW, confirmation="8269", reject_reason="other")  # fmt: skip
    actions.decide(shop, pk=pk, action="reject", login=STAFF, version=version, now=FIXED_NOW,
                   confirmation="8269", reject_reason="no_clear_evidence",
                   note="video tidak memperlihatkan kerusakan")  # fmt: skip
    detail = json.loads(events(shop)[-1].detail)
    assert detail["reject_reason"] == "no_clear_evidence"
    assert detail["note"] == "video tidak memperlihatkan kerusakan"
    assert current(shop, pk).state == "rejected"


def test_holding_reply_words_are_true_for_the_request() -> None:
    from core.i18n import set_language

    set_language("en")
    zone = timezone(timedelta(hours=7))
    counting = actions.holding_reply_words(answered=False, respond_by=FIXED_NOW + timedelta(hours=2),
                                           now=FIXED_NOW, zone=zone, console="X")  # fmt: skip
    assert "sends nothing" in counting and "22 Nov 12:00" in counting
    answered = actions.holding_reply_words(answered=True, respond_by=FIXED_NOW - timedelta(hours=9),
                                           now=FIXED_NOW, zone=zone, console="X")  # fmt: skip
    assert "already answered" in answered and "before" not in answered


@pytest.mark.parametrize(
    ("kind", "action"),
    [("refund_only", "reject"), ("return_refund", "approve_return"), ("resend", "reject")],
)
def test_every_irreversible_decision_needs_the_code_whoever_calls(
    shop: Store, kind: str, action: str
) -> None:
    pk = add_request(shop, kind=kind)
    version = tick(shop, pk, "type_matches_comment")
    with pytest.raises(Refused) as refused:
        actions.decide(shop, pk=pk, action=action, login=STAFF, version=version, now=FIXED_NOW,
                       reject_reason="wrong_request_type")  # fmt: skip
    assert refused.value.reason == "confirmation"
    assert current(shop, pk).state == "new"


def test_a_reject_without_one_of_the_platform_s_reasons_is_refused(shop: Store) -> None:
    pk = add_request(shop)
    version = tick(shop, pk, "type_matches_comment")
    with pytest.raises(Refused) as refused:
        actions.decide(shop, pk=pk, action="reject", login=STAFF, version=version, now=FIXED_NOW,
                       confirmation="8269")  # fmt: skip
    assert refused.value.reason == "input" and current(shop, pk).state == "new"
