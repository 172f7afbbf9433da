"""Property: no sequence of actions reaches a terminal state without that action's guards.

A hypothesis state machine works one request per run as a staff member would: ticking
and unticking checks, waiting, taking the moves the current state allows and, now and
then, any move at all. An oracle written here from DOMAIN.md (not from core.guards)
judges every irreversible decision that went through; refused ones must change nothing.
"""

from __future__ import annotations

import atexit
import itertools
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from core import actions, staff
from core.actions import Refused
from core.db import Store, open_store
from core.workflow import (
    CHECKLISTS,
    TERMINAL_STATES,
    WORKFLOWS,
    RequestType,
    State,
    transitions_from,
)
from tests.core.test_actions import add_request, current
from tests.helpers import FIXED_NOW

ALL_KEYS = sorted({item.key for items in CHECKLISTS.values() for item in items})
ALL_ACTIONS = sorted({step.action for steps in WORKFLOWS.values() for step in steps})
_numbers = itertools.count(1)
_store: Store | None = None


def shared_store() -> Store:
    """One SQLite file for every run (each run works its own request)."""
    global _store
    if _store is None:
        folder = Path(tempfile.mkdtemp(prefix="purna-property-"))
        atexit.register(shutil.rmtree, folder, True)
        _store = open_store(f"sqlite:///{folder / 'property.db'}")
        staff.ensure_first_supervisor(_store, "dewi", FIXED_NOW)
        staff.add(_store, login="agus", name="Agus", role="staff", by="dewi", now=FIXED_NOW)
    return _store


@dataclass
class Model:
    """What has really happened to the request, as the oracle understands it."""

    kind: str
    evidence: int
    checks: set[str] = field(default_factory=set)
    received_at: datetime | None = None
    inspection: str | None = None


def allowed(model: Model, action: str, now: datetime) -> bool:
    """DOMAIN.md §1-§3 and §6, restated: may this irreversible action happen now?"""
    typed = "type_matches_comment" in model.checks
    rules = {
        ("refund_only", "refund"): typed and model.evidence > 0
        and "evidence_reviewed" in model.checks,
        ("return_refund", "refund"): typed and "receipt_confirmed" in model.checks
        and model.inspection == "as_described",
        ("return_refund", "dispute"): typed and model.inspection in ("damaged", "wrong_item", "incomplete")
        and model.received_at is not None and now < model.received_at + timedelta(hours=48),
        ("resend", "resend"): typed and {"warehouse_log_checked", "packing_slip_checked"}
        <= model.checks,
        ("exchange", "ship_replacement"): typed and "stock_confirmed" in model.checks,
    }  # fmt: skip
    return rules.get((model.kind, action), typed)  # reject, approve_return: the type check


class OneRequest(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.store = shared_store()
        self.now = FIXED_NOW
        self.decided_by: str | None = None

    @initialize(kind=st.sampled_from([k.value for k in RequestType]), evidence=st.integers(0, 2))
    def new_request(self, kind: str, evidence: int) -> None:
        self.pk = add_request(self.store, kind=kind, number=next(_numbers),
                              evidence_count=evidence)  # fmt: skip
        self.model = Model(kind, evidence)
        self.kind = RequestType(kind)

    def _try(self, change: object) -> bool:
        before = current(self.store, self.pk)
        try:
            change(before)  # type: ignore[operator]
        except Refused as refused:
            event(f"refused: {refused.reason}")
            after = current(self.store, self.pk)
            assert (after.state, after.version) == (before.state, before.version)
            return False
        return True

    # One rule with weighted choices: mostly moves the state allows and ticks, so that
    # long paths (receipt, inspection, then refund) are walked, sometimes anything at all.
    STEPS = ("allowed",) * 5 + ("tick",) * 4 + ("untick", "any", "any", "wait")

    @rule(data=st.data())
    def step(self, data: st.DataObject) -> None:
        kind = data.draw(st.sampled_from(self.STEPS))
        if kind == "wait":
            self.now += timedelta(hours=data.draw(st.integers(1, 30)))
        elif kind in ("tick", "untick"):
            own = [item.key for item in CHECKLISTS[self.kind]]
            key = data.draw(st.one_of(*[st.sampled_from(own)] * 4, st.sampled_from(ALL_KEYS)))
            done = kind == "tick"
            if self._try(lambda row: actions.set_check(
                self.store, pk=self.pk, key=key, done=done, login="agus", version=row.version,
                now=self.now,
            )):  # fmt: skip
                (self.model.checks.add if done else self.model.checks.discard)(key)
        else:
            result = data.draw(
                st.sampled_from(["as_described", "damaged", "wrong_item", "incomplete"])
            )
            state = State(current(self.store, self.pk).state)
            moves = sorted({step.action for step in transitions_from(self.kind, state)})
            if kind == "any" or not moves:
                moves = ALL_ACTIONS
            self._decide(data.draw(st.sampled_from(moves)), result)

    def _decide(self, action: str, result: str) -> None:
        now = self.now
        if not self._try(lambda row: actions.decide(
            self.store, pk=self.pk, action=action, login="agus", version=row.version, now=now,
            confirmation=row.order_id[-4:], inspection=result,
        )):  # fmt: skip
            return
        irreversible = {s.action for s in WORKFLOWS[self.kind] if s.irreversible}
        if action in irreversible:
            assert allowed(self.model, action, now), (self.kind, action, self.model)
            self.decided_by = action
            event(f"went through: {self.kind.value}/{action}")
        if action == "confirm_receipt":
            self.model.checks.add("receipt_confirmed")
            self.model.received_at = now
        if action == "inspect":
            self.model.checks.add("condition_inspected")
            self.model.inspection = result
        if action == "confirm_stock":
            self.model.checks.add("stock_confirmed")

    @invariant()
    def terminal_only_by_a_guarded_decision(self) -> None:
        if not hasattr(self, "pk"):
            return
        state = State(current(self.store, self.pk).state)
        if state in TERMINAL_STATES[self.kind] and state is not State.OFFERED_REFUND:
            assert self.decided_by is not None


OneRequest.TestCase.settings = settings(max_examples=250, stateful_step_count=20, deadline=None)
TestNoTerminalStateWithoutGuards = OneRequest.TestCase
