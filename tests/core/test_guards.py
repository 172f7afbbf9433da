"""Guards before actions and the signs of a wrong request type (DOMAIN.md §1-§3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core import guards
from core.guards import Facts, missing, type_mismatch
from core.workflow import WORKFLOWS, RequestType

NOW = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)


def facts(kind: RequestType, *checks: str, **extra: object) -> Facts:
    values: dict[str, object] = {"evidence_count": 0, "received_at": None, "inspection": None,
                                 "amount": 100_000}  # fmt: skip
    values.update(extra)
    return Facts(request_type=kind, checks=frozenset(checks), **values)  # type: ignore[arg-type]


def keys(found: list[guards.Requirement]) -> list[str]:
    return [r.key for r in found]


def test_every_irreversible_action_needs_the_type_checked() -> None:
    for kind, steps in WORKFLOWS.items():
        for step in steps:
            if step.irreversible:
                assert guards.TYPE_CHECKED in guards.requirements(kind, step.action), step


def test_refund_only_refund_needs_evidence_attached_and_reviewed() -> None:
    kind = RequestType.REFUND_ONLY
    assert keys(missing("refund", facts(kind), NOW)) == [
        "type_matches_comment",
        "evidence_attached",
        "evidence_reviewed",
    ]
    ticked = facts(kind, "type_matches_comment", "evidence_reviewed")
    assert keys(missing("refund", ticked, NOW)) == ["evidence_attached"]  # ticked, but no photo
    assert missing("refund", facts(kind, "type_matches_comment", "evidence_reviewed",
                                   evidence_count=2), NOW) == []  # fmt: skip


def test_return_refund_refund_needs_receipt_and_passed_inspection() -> None:
    kind = RequestType.RETURN_REFUND
    base = facts(kind, "type_matches_comment", inspection="damaged", received_at=NOW)
    assert keys(missing("refund", base, NOW)) == ["inspection_passed"]
    done = facts(kind, "type_matches_comment", inspection="as_described", received_at=NOW)
    assert missing("refund", done, NOW) == []
    # a tick without the receipt Purna records is not a receipt (DOMAIN.md §3)
    ticked = facts(kind, "type_matches_comment", "receipt_confirmed", inspection="as_described")
    assert keys(missing("refund", ticked, NOW)) == ["receipt_confirmed"]


def test_checks_an_action_records_are_never_ticked_by_hand() -> None:
    assert guards.RECORDED == {
        "receipt_confirmed": "confirm_receipt",
        "condition_inspected": "inspect",
        "stock_confirmed": "confirm_stock",
    }
    assert not guards.by_hand("receipt_confirmed") and guards.by_hand("unboxing_video")


def test_a_dispute_after_48_hours_warns_and_points_to_a_logistics_claim() -> None:
    from core.guards import warnings

    kind = RequestType.RETURN_REFUND
    received = NOW - timedelta(hours=47, minutes=59)
    ok = facts(kind, "type_matches_comment", inspection="damaged", received_at=received)
    assert missing("dispute", ok, NOW) == [] and warnings("dispute", ok, NOW) == []
    late = facts(kind, "type_matches_comment", inspection="damaged",
                 received_at=NOW - timedelta(hours=48))  # fmt: skip
    assert missing("dispute", late, NOW) == []  # never blocked (DOMAIN.md §2, as corrected)
    [warning] = warnings("dispute", late, NOW)
    assert warning.key == "within_dispute_window" and "logistics claim" in warning.advice


def test_resend_needs_log_and_slip_and_exchange_needs_stock() -> None:
    assert keys(
        missing(
            "resend",
            facts(RequestType.RESEND, "type_matches_comment", "warehouse_log_checked"),
            NOW,
        )
    ) == ["packing_slip_checked"]
    assert keys(missing("ship_replacement", facts(RequestType.EXCHANGE, "type_matches_comment"),
                        NOW)) == ["stock_confirmed"]  # fmt: skip


def test_supervisor_threshold_and_confirmation_code() -> None:
    assert guards.needs_supervisor("refund", 1_000_001, 1_000_000)
    assert not guards.needs_supervisor("refund", 1_000_000, 1_000_000)
    assert not guards.needs_supervisor("reject", 9_000_000, 1_000_000)
    assert guards.confirmation_code("INV/20261025/MPL/8740148269") == "8269"
    assert guards.confirmation_code("261103ahT1yz44") == "YZ44"


@pytest.mark.parametrize(
    ("kind", "comment", "reason", "suggests"),
    [
        (
            RequestType.REFUND_ONLY,
            "Ukurannya kekecilan, mau tukar ke L",
            None,
            RequestType.EXCHANGE,
        ),
        (RequestType.RETURN_REFUND, "Size M kebesaran", "", RequestType.EXCHANGE),
        (
            RequestType.EXCHANGE,
            "Barang tidak lengkap, kabelnya tidak ada",
            None,
            RequestType.RESEND,
        ),
        (RequestType.EXCHANGE, "", "Salah kirim produk", RequestType.RESEND),
        (RequestType.RESEND, "Saya mau uang kembali saja", None, RequestType.REFUND_ONLY),
    ],
)
def test_words_that_suggest_another_type(
    kind: RequestType, comment: str, reason: str | None, suggests: RequestType
) -> None:
    found = type_mismatch(kind, comment, reason)
    assert [m.suggests for m in found] == [suggests]
    assert found[0].ref.startswith("DOMAIN.md §1")


@pytest.mark.parametrize(
    ("kind", "comment"),
    [
        (RequestType.EXCHANGE, "Ukuran M kekecilan, mau tukar ke L."),
        (RequestType.REFUND_ONLY, "Botolnya pecah pas sampai, isinya tumpah."),
        (RequestType.EXCHANGE, "Mau tukar warna, yang sage kurang cocok."),  # "kurang" alone
        (RequestType.RESEND, "Pesan ukuranku L tapi"),  # "ukuranku" is not "ukuran"
    ],
)
def test_no_warning_when_the_words_fit_the_type(kind: RequestType, comment: str) -> None:
    assert type_mismatch(kind, comment) == []


def test_every_irreversible_decision_needs_the_typed_code() -> None:
    from core.guards import needs_code

    for kind, action in [("refund_only", "refund"), ("refund_only", "reject"),
                         ("return_refund", "approve_return"), ("return_refund", "dispute"),
                         ("resend", "resend"), ("exchange", "ship_replacement")]:  # fmt: skip
        assert needs_code(RequestType(kind), action), (kind, action)
    assert not needs_code(RequestType.REFUND_ONLY, "request_evidence")


def test_the_form_splits_tickable_checks_from_facts_and_offers_reject_reasons() -> None:
    from core.guards import Option, form
    from core.reject_reasons import reasons_for

    given = Facts(RequestType.REFUND_ONLY, 0, frozenset(), None, None, 150_000)
    lacking = tuple(missing("refund", given, NOW))
    made = form(RequestType.REFUND_ONLY, "shopee", "5700018269", Option("refund", True, lacking),
                may_override=False)  # fmt: skip
    assert made.code == "8269" and made.console == "Shopee Seller Centre"
    assert [r.key for r in made.tickable] == ["type_matches_comment", "evidence_reviewed"]
    assert [r.key for r in made.blocking] == ["evidence_attached"]
    assert not made.may_override and made.reasons == ()
    reject = form(RequestType.RETURN_REFUND, "tiktok_shop", "1", Option("reject", True, ()),
                  may_override=True)  # fmt: skip
    assert reject.reasons == reasons_for("tiktok_shop", RequestType.RETURN_REFUND)
    assert not reject.may_override  # nothing missing: nothing to override
    assert all(r.ref for r in reject.reasons)  # every reason names its source
