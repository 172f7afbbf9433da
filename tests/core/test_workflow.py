"""Request types, states and transitions as data."""

import pytest

from core.workflow import (
    CHECKLISTS,
    TERMINAL_STATES,
    WORKFLOWS,
    RequestType,
    State,
    find_transition,
    is_open,
    parse_request_type,
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("refund_only", RequestType.REFUND_ONLY),
        ("Hanya Pengembalian Dana", RequestType.REFUND_ONLY),
        ("PENGEMBALIAN BARANG & DANA", RequestType.RETURN_REFUND),
        ("  pengiriman   ulang ", RequestType.RESEND),
        ("Penukaran", RequestType.EXCHANGE),
    ],
)
def test_parse_request_type(text: str, kind: RequestType) -> None:
    assert parse_request_type(text) is kind


def test_unknown_type_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_request_type("refund")


def test_terminal_states() -> None:
    closed = State.CLOSED  # the platform may close any request
    assert TERMINAL_STATES[RequestType.REFUND_ONLY] == {State.REFUNDED, State.REJECTED, closed}
    assert TERMINAL_STATES[RequestType.RETURN_REFUND] == {
        State.REFUNDED,
        State.REJECTED,
        State.DISPUTED,
        closed,
    }
    assert TERMINAL_STATES[RequestType.RESEND] == {State.RESENT, State.REJECTED, closed}
    assert TERMINAL_STATES[RequestType.EXCHANGE] == {
        State.REPLACEMENT_SHIPPED,
        State.OFFERED_REFUND,
        State.REJECTED,
        closed,
    }


def test_the_platforms_outcome_closes_or_leaves_open() -> None:
    from core.workflow import platform_closes

    assert [platform_closes(o) for o in ("waiting_seller", "in_progress", None, "?")] == [
        False,
        False,
        False,
        False,
    ]
    assert all(platform_closes(o) for o in ("completed", "cancelled", "rejected"))
    for kind in RequestType:
        assert is_open(kind, State.NEW)


def test_return_refund_needs_receipt_and_inspection_before_refund() -> None:
    kind = RequestType.RETURN_REFUND
    assert find_transition(kind, State.NEW, "refund") is None
    assert find_transition(kind, State.RECEIVED, "refund") is None
    step = find_transition(kind, State.INSPECTED, "refund")
    assert step is not None and step.irreversible


def test_every_refund_and_reject_is_irreversible_and_cited() -> None:
    for steps in WORKFLOWS.values():
        for step in steps:
            assert step.ref.startswith("DOMAIN.md")
            if step.action in ("refund", "reject"):
                assert step.irreversible


def test_every_type_has_a_checklist_starting_with_the_type_check() -> None:
    for kind in RequestType:
        items = CHECKLISTS[kind]
        assert items[0].key == "type_matches_comment"
        assert len({i.key for i in items}) == len(items)
