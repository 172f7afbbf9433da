"""An audit event's detail in words (core.trail): titles, never the keys the trail stores."""

from __future__ import annotations

import pytest

from core import actions, queries, staff, trail
from core.db import Store
from core.i18n import set_language
from tests.core.test_actions import SUPERVISOR, add_request, current, tick
from tests.helpers import FIXED_NOW

STAFF = "agus"


@pytest.fixture
def shop(store: Store) -> Store:
    staff.ensure_first_supervisor(store, SUPERVISOR, FIXED_NOW)
    staff.add(store, login=STAFF, name="Agus", role="staff", by=SUPERVISOR, now=FIXED_NOW)
    return store


def _reject(shop: Store, pk: int, reason: str, note: str) -> None:
    version = tick(shop, pk, "type_matches_comment")
    actions.decide(shop, pk=pk, action="reject", login=STAFF, version=version, now=FIXED_NOW,
                   confirmation="8269", reject_reason=reason, note=note)  # fmt: skip


def test_the_reject_reason_and_note_are_read_back_in_words(shop: Store) -> None:
    set_language("en")
    pk = add_request(shop)
    _reject(shop, pk, "right_item_received", "Video unboxing menunjukkan barang benar")
    detail = queries.detail_of(shop, pk)
    assert detail is not None and current(shop, pk).state == "rejected"
    assert (detail.reject_reason, detail.reject_note) == (
        "right_item_received", "Video unboxing menunjukkan barang benar")  # fmt: skip
    assert trail.reject_reason_title(detail.reject_reason) == (
        "The buyer received the right item, as ordered"
    )
    words = {e.action: trail.describe(e.action, e.detail) for e in queries.history_of(shop, pk)}
    assert "reason: The buyer received the right item, as ordered" in words["reject"]
    assert "note: Video unboxing menunjukkan barang benar" in words["reject"]
    assert words["check"] == "Request type matches the buyer's comment and reason"
    assert "type_matches_comment" not in " ".join(words.values())


def test_a_request_never_rejected_has_no_reject_reason(shop: Store) -> None:
    pk = add_request(shop)
    detail = queries.detail_of(shop, pk)
    assert detail is not None and (detail.reject_reason, detail.reject_note) == (None, None)


def test_titles_are_translated_and_unknown_keys_kept() -> None:
    set_language("id")
    assert trail.reject_reason_title("no_clear_evidence") != "no_clear_evidence"
    assert "type_matches_comment" not in trail.describe("check", {"check": "type_matches_comment"})
    assert trail.describe("check", {"check": "from_a_later_purna"}) == "from_a_later_purna"
    set_language("en")
    said = trail.describe(
        "refund",
        {
            "override_reason": "Video lewat chat, tiket 4471",
            "overridden": ["evidence_reviewed"],
            "amount": 150000,
        },
    )
    assert said.startswith("OVERRIDE: Video lewat chat, tiket 4471; without: ")
    assert "evidence_reviewed" not in said
    assert trail.describe("inspect", {"inspection": "damaged"}) == "Damaged"
    assert trail.describe("platform_closed", {"file": "x.xlsx", "line": 3,
                                              "platform_status": "completed"}) == (
        "platform: completed; file x.xlsx")  # fmt: skip
    assert trail.describe("shelf_move", {"item": 6, "from": "RTR-A-06", "to": "KRT-01"}) == (
        "RTR-A-06 → KRT-01"
    )


def test_the_request_screen_asks_core_whether_a_holding_reply_may_be_recorded(
    shop: Store,
) -> None:
    """Past respond-by without a decision the platform approved it (DOMAIN.md §2): the
    detail says no holding reply, as core.actions.holding_reply refuses one."""
    from datetime import timedelta

    pk = add_request(shop, respond_by=FIXED_NOW + timedelta(hours=1))
    detail = queries.detail_of(shop, pk)
    assert detail is not None and detail.may_hold_reply(FIXED_NOW)
    later = FIXED_NOW + timedelta(hours=2)
    assert not detail.may_hold_reply(later) and detail.may_tick_checks()
    with pytest.raises(actions.Refused) as refused:
        actions.holding_reply(shop, pk=pk, login=STAFF, now=later)
    assert refused.value.reason == "auto_approved"
