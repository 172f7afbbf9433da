"""The policy table: every rule named once, with value, unit and a DOMAIN.md source."""

from datetime import timedelta

import pytest

from core import policy
from core.i18n import _


def test_every_rule_has_a_source_and_a_translated_title() -> None:
    keys = [r.key for r in policy.POLICY]
    assert len(keys) == len(set(keys))
    for entry in policy.POLICY:
        assert entry.source.startswith(("DOMAIN.md", "Purna")), entry.key
        assert entry.value > 0
        assert _(entry.title), entry.key


def test_domain_section_2_values() -> None:
    assert policy.RESPOND_WINDOW.delta == timedelta(hours=48)
    assert policy.WRONG_ITEM_REJECT_WINDOW.delta == timedelta(hours=48)
    assert policy.CHAT_REPLY_HARD.delta == timedelta(hours=24)
    assert policy.CHAT_REPLY_TARGET.delta == timedelta(hours=12)
    assert policy.LOGISTICS_CLAIM_DAYS.delta == timedelta(days=39)
    assert policy.LOGISTICS_COMPLAINT_PROCESSING.delta == timedelta(hours=72)
    assert policy.rule("bulk_claim_min_orders").value == 20


def test_non_duration_rule_refuses_delta() -> None:
    with pytest.raises(ValueError):
        _ = policy.BULK_CLAIM_MIN_ORDERS.delta
