"""Logistics claims in the store: the claims desk's reads and writes (rules: core.claims).

Candidates are found, never stored: order lines whose logistics status says damaged,
lost or destroyed, returns inspected as a wrong, incomplete or damaged item, returns
approved but never received, and parcels received at the desk that match no request
(keyed by the parcel: their order id is unknown until someone finds it). A
candidate becomes a claim (a `claim` row, state draft) when someone opens it; staff can
also open a claim on any order by hand. Every write is one transaction that asks
core.permissions ("claims_work"), checks the claim's version and the guard, changes the
row and appends one audit event. Reads return frozen dataclasses with everything decided:
the effective state (expired once the window closed), countdown, alarm, what is missing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlmodel import Session, col

from core import audit, permissions, policy
from core.calendar import as_utc, start_of_local_day
from core.claims import (
    CONFIRMATIONS,
    EVIDENCE,
    UNFILED,
    UNMATCHED_PARCEL_SCENARIO,
    ClaimState,
    Confirmation,
    Evidence,
    Missing,
    Scenario,
    TicketFacts,
    Urgency,
    Window,
    actions_from,
    alarm_days,
    countdown,
    days_left,
    delivery_days,
    editable,
    effective_state,
    evidence_item,
    find_transition,
    fruit_late,
    missing,
    needs_follow_up,
    scenario_of_inspection,
    scenario_of_status,
    step_blockers,
    ticket_text,
    urgency,
    window,
    write_bulk_xlsx,
)
from core.db import Store
from core.deadlines import claim_basis
from core.errors import Refused, Stale
from core.formatting import format_date, format_rupiah
from core.i18n import _
from core.models import Claim, ClaimAlarmAck, ClaimEvidence, Order, Request, UnmatchedParcel
from core.workflow import FAULTY_CONDITIONS, State

MAX_REF = 500  # characters of one evidence file path or id
_STATUS_KEYWORDS = ("rusak", "damaged", "broken", "hilang", "lost", "musnah", "destroyed")


@dataclass(frozen=True)
class ClaimRow:
    """One line of the claims queue: a stored claim or a candidate (`pk` None)."""

    pk: int | None
    marketplace: str | None  # None with the order id: an unmatched parcel's, not found yet
    order_id: str | None
    scenario: Scenario
    state: ClaimState  # effective: an unfiled claim past its window reads as expired
    origin: str  # status | inspection | not_returned | parcel | manual
    request_pk: int | None
    parcel_pk: int | None  # the unmatched parcel it is about (origin "parcel")
    awb: str | None
    courier: str | None
    window: Window
    days_left: int | None  # shop-local days to the last day (0: today; < 0: past)
    countdown: str
    alarm: int | None  # the claim alarm crossed (7, 2, 1 days), if any
    urgency: Urgency  # how loudly the window is shown (core.claims.urgency)
    follow_up: bool  # filed, no answer after 72 h
    missing: Missing
    amount_claimed: int | None
    compensation: int | None
    compensation_source: str | None
    filed_at: datetime | None
    version: int

    @property
    def is_candidate(self) -> bool:
        return self.pk is None

    @property
    def label(self) -> str:
        """What names it on a screen: the order id, or the parcel's code while its order is
        not known (text from a scan: show it literally)."""
        if self.order_id is not None:
            return self.order_id
        return _("parcel {code}").format(code=self.awb or "?")

    @property
    def unfiled(self) -> bool:
        """A candidate or draft: its window still threatens and its missing items count."""
        return self.state in UNFILED

    @property
    def expired(self) -> bool:
        return self.state is ClaimState.EXPIRED

    @property
    def can_open(self) -> bool:
        """Enter opens it: a stored claim's screen, or a live candidate made a draft."""
        return not self.is_candidate or self.state is ClaimState.CANDIDATE

    @property
    def editable(self) -> bool:
        """Evidence and confirmations may still change (core.claims.EDITABLE)."""
        return not self.is_candidate and editable(self.state)

    @property
    def needs_order(self) -> bool:
        """A stored parcel claim whose order id is still to be typed."""
        return not self.is_candidate and self.order_id is None and self.editable

    def blockers(self, action: str) -> tuple[str, ...]:
        """What is missing before `action` may be recorded (catalog messages; empty: go)."""
        return step_blockers(action, self.missing)

    @property
    def ready(self) -> bool:
        """A draft with nothing missing and its window open: it can be filed now."""
        return self.state is ClaimState.DRAFT and not self.missing

    @property
    def actions(self) -> tuple[str, ...]:
        return actions_from(self.state)

    def as_json(self) -> dict[str, Any]:
        """The `purna claims --json` element (shared/formats/CLI.md)."""
        basis = self.window.basis_at
        return {
            "claim_id": self.pk,
            "marketplace": self.marketplace,
            "order_id": self.order_id,  # null: an unmatched parcel's, order not found yet
            "parcel_id": self.parcel_pk,
            "awb": self.awb,
            "courier": self.courier,
            "scenario": self.scenario.value,
            "state": self.state.value,
            "last_update": _iso(basis),
            "last_update_basis": self.window.basis or None,
            "file_by": self.window.last_day.isoformat() if self.window.last_day else None,
            "file_by_end": _iso(self.window.deadline),
            "days_left": self.days_left,
            "alarm_days": self.alarm,
            "follow_up": self.follow_up,
            "missing": [e.key for e in self.missing.items]
            + [c.value for c in self.missing.confirmations],
            "amount_claimed": self.amount_claimed,
            "compensation": self.compensation,
            "filed_at": _iso(self.filed_at),
        }


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class ItemView:
    """One line of a claim's evidence checklist, with what is attached to it."""

    item: Evidence
    refs: tuple[tuple[int, str], ...]  # (evidence row id, file path or id)

    @property
    def done(self) -> bool:
        return bool(self.refs)


@dataclass(frozen=True)
class ClaimDetail:
    row: ClaimRow
    items: tuple[ItemView, ...]
    confirmations: tuple[tuple[Confirmation, bool], ...]
    ticket: str  # ready to paste (Bahasa Indonesia)
    shipped_at: datetime | None
    delivered_at: datetime | None
    delivery_days: int | None  # pickup to delivery (the fruit fact)
    fruit_late: bool | None  # damaged fruit only: delivery took longer than the seed's days
    export_compensation: int | None  # the return export's Compensation Amount, if any
    ticket_ref: str | None
    note: str | None
    opened_by: str | None
    facts: TicketFacts = field(repr=False)


# --- facts about an order ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Facts:
    marketplace: str | None
    order_id: str | None
    awb: str | None
    courier: str | None
    basis_at: datetime | None
    basis: str
    shipped_at: datetime | None
    delivered_at: datetime | None


def _min(values: list[datetime | None]) -> datetime | None:
    known = [v for v in values if v is not None]
    return min(known) if known else None


def _order_facts(lines: Sequence[Order]) -> _Facts:
    first = lines[0]
    shipped = _min([o.shipped_at for o in lines])
    delivered = _min([o.delivered_at for o in lines])
    # the earliest of the lines' updates: the window never ends after the platform's
    basis_at, basis = claim_basis(_min([o.last_logistics_update_at for o in lines]), delivered,
                                  shipped)  # fmt: skip
    return _Facts(
        first.marketplace, first.order_id,
        next((o.awb for o in lines if o.awb), None),
        next((o.courier for o in lines if o.courier), None),
        basis_at, basis, shipped, delivered,
    )  # fmt: skip


def _orders(session: Session, marketplace: str, order_id: str) -> list[Order]:
    return list(session.execute(
        select(Order).where(col(Order.marketplace) == marketplace, col(Order.order_id) == order_id)
        .order_by(col(Order.id))
    ).scalars())  # fmt: skip


@dataclass(frozen=True)
class _Candidate:
    facts: _Facts
    scenario: Scenario
    origin: str
    request_pk: int | None
    parcel_pk: int | None = None

    @property
    def key(self) -> tuple[str | None, str | None, int | None]:
        return (self.facts.marketplace, self.facts.order_id, self.parcel_pk)


def _candidates(session: Session, now: datetime) -> list[_Candidate]:
    """Every candidate the store's orders, inspections and overdue returns show (claimed
    ones included). The order lines behind them are read in one go, not one query each."""
    lowered = [func.lower(col(Order.logistics_status)), func.lower(col(Order.sub_status))]
    matches = or_(*(c.like(f"%{word}%") for c in lowered for word in _STATUS_KEYWORDS))
    groups: dict[tuple[str, str], list[Order]] = defaultdict(list)
    for order in session.execute(select(Order).where(matches).order_by(col(Order.id))).scalars():
        groups[(order.marketplace, order.order_id)].append(order)
    statuses = [
        (key, scenario) for key, hits in groups.items()
        if (scenario := next((s for o in hits if (s := scenario_of_status(
            o.logistics_status, o.sub_status))), None)) is not None
    ]  # fmt: skip
    inspected = session.execute(
        select(Request).where(
            col(Request.inspection).in_(sorted(FAULTY_CONDITIONS)),
            col(Request.received_at).is_not(None),
        ).order_by(col(Request.id))
    ).scalars().all()  # fmt: skip
    # returns approved `RETURN_EXPECTED_DAYS` ago or more whose parcel never came back: a
    # lost-parcel candidate (DOMAIN.md §6, "no parcel arrived"), its window counted from the
    # approval, the last moment Purna knows the return was on its way (policy note)
    missing = session.execute(
        select(Request).where(
            col(Request.state) == State.RETURN_APPROVED.value,
            col(Request.received_at).is_(None),
            col(Request.responded_at).is_not(None),
            col(Request.responded_at) <= now - policy.RETURN_EXPECTED_DAYS.delta,
        ).order_by(col(Request.id))
    ).scalars().all()  # fmt: skip
    lines = _orders_by_key(
        session,
        {key for key, _s in statuses}
        | {(r.marketplace, r.order_id) for r in (*inspected, *missing)},
    )
    found = [_Candidate(_order_facts(lines[key]), scenario, "status", None)
             for key, scenario in statuses]  # fmt: skip
    for request in inspected:
        scenario = scenario_of_inspection(request.inspection)
        assert scenario is not None
        found.append(_return_candidate(request, lines, scenario, request.received_at,
                                       "received", "inspection"))  # fmt: skip
    for request in missing:
        found.append(_return_candidate(request, lines, Scenario.LOST, request.responded_at,
                                       "approved", "not_returned"))  # fmt: skip
    return found + _parcel_candidates(session)


def _parcel_candidates(session: Session) -> list[_Candidate]:
    """Parcels received at the desk that match no request yet: a wrong return each
    (core.claims.UNMATCHED_PARCEL_SCENARIO), keyed by the parcel, its code as the AWB and
    its window counted from its receipt. Matched to a request, it is no candidate."""
    parcels = session.execute(
        select(UnmatchedParcel).where(col(UnmatchedParcel.matched_request_pk).is_(None))
        .order_by(col(UnmatchedParcel.id))
    ).scalars()  # fmt: skip
    return [
        _Candidate(_parcel_facts(p.code, p.received_at), UNMATCHED_PARCEL_SCENARIO, "parcel",
                   None, p.id)
        for p in parcels
    ]  # fmt: skip


def _parcel_facts(code: str, received_at: datetime) -> _Facts:
    return _Facts(None, None, code, None, received_at, "received", None, None)


def _return_candidate(request: Request, lines: dict[tuple[str, str], list[Order]],
                      scenario: Scenario, basis_at: datetime | None, basis: str,
                      origin: str) -> _Candidate:  # fmt: skip
    """A candidate from a return: its window from `basis_at`, the outbound facts if known."""
    outbound = lines.get((request.marketplace, request.order_id))
    sent = _order_facts(outbound) if outbound else None
    facts = _Facts(request.marketplace, request.order_id, request.return_awb, None, basis_at,
                   basis, sent.shipped_at if sent else None,
                   sent.delivered_at if sent else None)  # fmt: skip
    return _Candidate(facts, scenario, origin, request.id)


def _orders_by_key(
    session: Session, keys: set[tuple[str, str]]
) -> dict[tuple[str, str], list[Order]]:
    """The order lines of every (marketplace, order id) in `keys`, a few queries in all."""
    found: dict[tuple[str, str], list[Order]] = defaultdict(list)
    ids = sorted({order_id for _market, order_id in keys})
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(Order).where(col(Order.order_id).in_(ids[start:start + 500]))
            .order_by(col(Order.id))
        ).scalars()  # fmt: skip
        for order in rows:
            key = (order.marketplace, order.order_id)
            if key in keys:
                found[key].append(order)
    return found


def _export_compensation(
    session: Session, marketplace: str | None, order_id: str | None
) -> int | None:
    """What the return export says the platform compensated for the order, if anything."""
    if marketplace is None or order_id is None:
        return None
    value = session.execute(
        select(func.max(Request.compensation_amount)).where(
            col(Request.marketplace) == marketplace, col(Request.order_id) == order_id
        )
    ).scalar_one_or_none()
    return int(value) if value else None


# --- reads ------------------------------------------------------------------------------------


def _row(
    *, pk: int | None, facts: _Facts, scenario: Scenario, stored: ClaimState, origin: str,
    request_pk: int | None, parcel_pk: int | None, attached: set[str], confirmed: set[str],
    now: datetime, zone: tzinfo, amount_claimed: int | None = None, compensation: int | None = None,
    compensation_source: str | None = None, filed_at: datetime | None = None, version: int = 0,
) -> ClaimRow:  # fmt: skip
    win = window(facts.basis_at, facts.basis, zone)
    state = effective_state(stored, win.deadline, now)
    unfiled = state in UNFILED
    alarm = alarm_days(win.deadline, now) if unfiled else None
    return ClaimRow(
        pk=pk, marketplace=facts.marketplace, order_id=facts.order_id, scenario=scenario,
        state=state, origin=origin, request_pk=request_pk, parcel_pk=parcel_pk, awb=facts.awb,
        courier=facts.courier, window=win,
        days_left=days_left(win.last_day, now, zone) if win.last_day else None,
        countdown=countdown(win.deadline, now) if unfiled else "",
        alarm=alarm, urgency=urgency(alarm),
        follow_up=needs_follow_up(state, filed_at, now),
        missing=missing(scenario, attached, confirmed, has_order=facts.order_id is not None),
        amount_claimed=amount_claimed,
        compensation=compensation, compensation_source=compensation_source,
        filed_at=filed_at, version=version,
    )  # fmt: skip


def _claim_facts(claim: Claim) -> _Facts:
    return _Facts(claim.marketplace, claim.order_id, claim.awb, claim.courier, claim.basis_at,
                  claim.basis if claim.basis_at else "", None, None)  # fmt: skip


def _confirmed(claim: Claim) -> set[str]:
    return {c.value for c, on in ((Confirmation.SEAL_INTACT, claim.seal_intact),
                                  (Confirmation.AWB_MATCHES, claim.awb_matches)) if on}  # fmt: skip


def _attached(session: Session, pks: Sequence[int]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = defaultdict(set)
    for start in range(0, len(pks), 2000):
        for claim_pk, key in session.execute(
            select(ClaimEvidence.claim_pk, ClaimEvidence.item_key)
            .where(col(ClaimEvidence.claim_pk).in_(pks[start : start + 2000]))
        ).all():  # fmt: skip
            found[claim_pk].add(key)
    return found


def _stored_row(claim: Claim, attached: set[str], now: datetime, zone: tzinfo) -> ClaimRow:
    return _row(
        pk=claim.id, facts=_claim_facts(claim), scenario=Scenario(claim.scenario),
        stored=ClaimState(claim.state), origin=claim.origin, request_pk=claim.request_pk,
        parcel_pk=claim.parcel_pk, attached=attached, confirmed=_confirmed(claim), now=now,
        zone=zone,
        amount_claimed=claim.amount_claimed, compensation=claim.compensation,
        compensation_source=claim.compensation_source, filed_at=claim.filed_at,
        version=claim.version,
    )  # fmt: skip


def _sort_key(row: ClaimRow) -> tuple[int, date, str, str]:
    last = row.window.last_day
    return (last is None, last or date.max, row.order_id or row.awb or "", row.scenario.value)


def list_claims(store: Store, now: datetime) -> list[ClaimRow]:
    """Every claim and candidate, expired ones included, soonest last day to file first
    (claims without a known window last). An order with a claim shows no candidate."""
    zone = store.shop_zone
    now = now.astimezone(UTC)
    with store.read() as session:
        claims = list(session.execute(select(Claim).order_by(col(Claim.id))).scalars())
        attached = _attached(session, [c.id or 0 for c in claims])
        candidates = _candidates(session, now)
    rows = [_stored_row(c, attached.get(c.id or 0, set()), now, zone) for c in claims]
    taken = {(c.marketplace, c.order_id, None) for c in claims if c.order_id is not None}
    taken |= {(None, None, c.parcel_pk) for c in claims if c.parcel_pk is not None}
    seen: set[tuple[str | None, str | None, int | None]] = set()
    for candidate in candidates:
        key = candidate.key
        if key in taken or key in seen:
            continue
        seen.add(key)
        rows.append(_row(pk=None, facts=candidate.facts, scenario=candidate.scenario,
                         stored=ClaimState.CANDIDATE, origin=candidate.origin,
                         request_pk=candidate.request_pk, parcel_pk=candidate.parcel_pk,
                         attached=set(), confirmed=set(), now=now, zone=zone))  # fmt: skip
    return sorted(rows, key=_sort_key)


@dataclass(frozen=True)
class Summary:
    """What the dashboard, the handover and the end-of-day checklist show of the claims."""

    unfiled: int  # candidates and drafts still in their window
    alarms: int  # of those, within 7 days of their last day
    due_today: int  # of those, whose last day is today
    expired: int
    follow_up: int  # filed, no answer after 72 h
    ready: int  # drafts that can be filed now
    recovered_this_month: int  # rupiah


def summary_words(counts: Summary | dict[str, int]) -> str:
    """The claims in one sentence, as the dashboard, the handover and the end-of-day checklist
    say it (`counts`: a Summary, or its dict kept in a handover snapshot)."""
    values = asdict(counts) if isinstance(counts, Summary) else counts

    def get(key: str) -> int:
        return int(values.get(key, 0))

    return _(
        "Logistics claims: {unfiled} to file ({alarms} within 7 days, {today} due today) · "
        "{follow} filed with no answer after 72 h (follow up) · {expired} expired · "
        "recovered this month: {money}"
    ).format(unfiled=get("unfiled"), alarms=get("alarms"), today=get("due_today"),
             follow=get("follow_up"), expired=get("expired"),
             money=format_rupiah(get("recovered_this_month")))  # fmt: skip


def summary(store: Store, now: datetime, rows: list[ClaimRow] | None = None) -> Summary:
    """The desk in numbers; `rows`: `list_claims` already read for `now` (not read again)."""
    rows = list_claims(store, now) if rows is None else rows
    open_rows = [r for r in rows if r.unfiled]
    zone = store.shop_zone
    return Summary(
        unfiled=len(open_rows),
        alarms=sum(1 for r in open_rows if r.alarm is not None),
        due_today=sum(1 for r in open_rows if r.days_left == 0),
        expired=sum(1 for r in rows if r.state is ClaimState.EXPIRED),
        follow_up=sum(1 for r in rows if r.follow_up),
        ready=sum(1 for r in rows if r.ready),
        recovered_this_month=recovered_total(store, now.astimezone(zone).date()),
    )


def recovered_total(store: Store, month: date) -> int:
    """Rupiah compensated on claims closed as compensated in `month` (shop-local), any day
    of that month given."""
    zone = store.shop_zone
    first = month.replace(day=1)
    following = (first.replace(year=first.year + 1, month=1) if first.month == 12
                 else first.replace(month=first.month + 1))  # fmt: skip
    with store.read() as session:
        total = session.execute(
            select(func.coalesce(func.sum(Claim.compensation), 0)).where(
                col(Claim.state) == ClaimState.COMPENSATED.value,
                col(Claim.closed_at) >= start_of_local_day(first, zone),
                col(Claim.closed_at) < start_of_local_day(following, zone),
            )
        ).scalar_one()
    return int(total)


def claim_detail(store: Store, pk: int, now: datetime) -> ClaimDetail:
    """One claim with its checklist, confirmations and ready-to-paste ticket."""
    zone = store.shop_zone
    now = now.astimezone(UTC)
    with store.read() as session:
        claim = session.get(Claim, pk)
        if claim is None:
            raise Refused(_("This claim is no longer in the store."), "missing")
        refs: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for evidence in session.execute(
            select(ClaimEvidence).where(col(ClaimEvidence.claim_pk) == pk)
            .order_by(col(ClaimEvidence.id))
        ).scalars():  # fmt: skip
            refs[evidence.item_key].append((evidence.id or 0, evidence.ref))
        known = claim.marketplace is not None and claim.order_id is not None
        lines = _orders(session, claim.marketplace or "", claim.order_id or "") if known else []
        outbound = _order_facts(lines) if lines else None
        export = _export_compensation(session, claim.marketplace, claim.order_id)
    row = _stored_row(claim, {k for k, v in refs.items() if v}, now, zone)
    scenario = Scenario(claim.scenario)
    items = tuple(ItemView(e, tuple(refs.get(e.key, ()))) for e in EVIDENCE[scenario])
    confirmed = _confirmed(claim)
    shipped = outbound.shipped_at if outbound else None
    delivered = outbound.delivered_at if outbound else None
    facts = TicketFacts(
        marketplace=claim.marketplace, order_id=claim.order_id, awb=claim.awb,
        courier=claim.courier, scenario=scenario, window=row.window, shipped_at=shipped,
        delivered_at=delivered,
        evidence=tuple((i.item, tuple(r for _pk, r in i.refs)) for i in items),
        confirmed=frozenset(confirmed), amount_claimed=claim.amount_claimed,
    )  # fmt: skip
    return ClaimDetail(
        row=row, items=items,
        confirmations=tuple((c, c.value in confirmed) for c in CONFIRMATIONS[scenario]),
        ticket=ticket_text(facts, zone), shipped_at=shipped, delivered_at=delivered,
        delivery_days=delivery_days(shipped, delivered), export_compensation=export,
        fruit_late=(fruit_late(delivery_days(shipped, delivered))
                    if scenario is Scenario.DAMAGED_FRUIT else None),
        ticket_ref=claim.ticket_ref, note=claim.note, opened_by=claim.opened_by, facts=facts,
    )  # fmt: skip


def ready_claims(store: Store, now: datetime) -> list[ClaimRow]:
    """Drafts that can be filed now (complete, window open), soonest last day first."""
    return [r for r in list_claims(store, now) if r.ready]


def write_bulk(store: Store, path: Path, now: datetime) -> int:
    """The bulk claim spreadsheet of every ready claim, one row each; returns the count.
    An existing file is never overwritten; a folder that cannot be written is refused."""
    rows = ready_claims(store, now)
    if not rows:
        raise Refused(_("No claim is ready to file: nothing was written."), "empty")
    path = path.expanduser()
    if not path.is_absolute():
        raise Refused(_("Write the file's full path, e.g. /home/you/klaim.xlsx."), "input")
    if path.suffix.lower() != ".xlsx":
        raise Refused(_("The bulk claim spreadsheet is an .xlsx file: end the name with "
                        ".xlsx."), "input")  # fmt: skip
    if path.exists():
        raise Refused(_("{path} already exists: nothing was written. Choose another name.")
                      .format(path=path), "exists")  # fmt: skip
    details = [claim_detail(store, r.pk or 0, now).facts for r in rows]
    try:
        write_bulk_xlsx(path, details, store.shop_zone)
    except OSError as problem:
        raise Refused(_("Could not write {path} ({problem}): nothing was written.").format(
            path=path, problem=problem.strerror or problem), "io") from None  # fmt: skip
    return len(rows)


def bulk_path(now: datetime, zone: tzinfo) -> Path:
    """Where the bulk spreadsheet is offered to go: beside the default database, named by
    the shop-local minute (the person may type another path)."""
    from core.location import default_path

    stamp = now.astimezone(zone).strftime("%Y%m%d-%H%M")
    return default_path().parent / f"klaim-logistik-{stamp}.xlsx"


def order_marketplaces(store: Store, order_id: str) -> list[str]:
    """The marketplaces whose orders or requests in the store carry `order_id` (for
    opening a claim by hand on any order)."""
    wanted = order_id.strip()
    with store.read() as session:
        found = set(session.execute(
            select(Order.marketplace).where(col(Order.order_id) == wanted).distinct()
        ).scalars()) | set(session.execute(
            select(Request.marketplace).where(col(Request.order_id) == wanted).distinct()
        ).scalars())  # fmt: skip
    return sorted(found)


# --- writes -----------------------------------------------------------------------------------


def _acting(session: Session, login: str) -> None:
    permissions.require(session, login, "claims_work")


def _locked(session: Session, pk: int, version: int | None) -> Claim:
    claim = session.execute(
        select(Claim).where(col(Claim.id) == pk).with_for_update()
    ).scalar_one_or_none()
    if claim is None:
        raise Refused(_("This claim is no longer in the store."), "missing")
    if version is not None and claim.version != version:
        message = _("Not done: this claim was changed after it was shown here. The screen "
                    "shows it again as it is now; check it and try again.")  # fmt: skip
        raise Stale(message, None, None)
    return claim


def _has_claim(session: Session, marketplace: str, order_id: str, scenario: str) -> bool:
    """Whether the order has a claim of this scenario already (one per order and kind)."""
    return session.execute(
        select(Claim.id).where(col(Claim.marketplace) == marketplace,
                               col(Claim.order_id) == order_id,
                               col(Claim.scenario) == scenario)
    ).first() is not None  # fmt: skip


def _event(
    session: Session, claim: Claim, *, login: str, now: datetime, action: str,
    before: str | None = None, touches: Sequence[Any] = (), **detail: Any,
) -> None:  # fmt: skip
    claim.version += 1
    claim.updated_at = now
    audit.append(session, at=now, actor=login, action=action, before_state=before,
                 after_state=claim.state, touches=[claim, *touches],
                 detail={"claim": claim.id, "order_id": claim.order_id,
                         "scenario": claim.scenario,
                         **({"parcel": claim.parcel_pk} if claim.parcel_pk else {}),
                         **detail})  # fmt: skip


def open_claim(
    store: Store, *, marketplace: str, order_id: str, scenario: Scenario | str, login: str,
    now: datetime, basis_at: datetime | None = None,
) -> int:  # fmt: skip
    """Open a claim (state draft) on an order: a candidate's, or any order by hand. Its
    AWB, courier and window come from the store's orders (or the return inspected); a
    typed `basis_at` (the last logistics update, read from Seller Center) wins over them.
    Returns the claim's id."""
    now = now.astimezone(UTC)
    order_id = order_id.strip()
    marketplace = marketplace.strip()
    if not order_id or not marketplace:
        raise Refused(_("Type the order id first."), "input")
    try:
        kind = Scenario(scenario)
    except ValueError:
        raise Refused(_("Choose the claim's scenario."), "input") from None
    zone = store.shop_zone
    with store.write() as session:
        _acting(session, login)
        if _has_claim(session, marketplace, order_id, kind.value):
            raise Refused(_("Order {order} already has a claim of this kind.").format(
                order=order_id), "exists")  # fmt: skip
        candidate = next((c for c in _candidates(session, now)
                          if (c.facts.marketplace, c.facts.order_id) == (marketplace, order_id)
                          and c.scenario is kind), None)  # fmt: skip
        lines = _orders(session, marketplace, order_id)
        if candidate is not None:
            facts, origin, request_pk = candidate.facts, candidate.origin, candidate.request_pk
        elif lines:
            facts, origin, request_pk = _order_facts(lines), "manual", None
        else:
            facts = _Facts(marketplace, order_id, None, None, None, "", None, None)
            origin, request_pk = "manual", None
        basis_on, basis = facts.basis_at, facts.basis
        if basis_at is not None:
            basis_on, basis = as_utc(basis_at, zone), "update"
        win = window(basis_on, basis, zone)
        claim = Claim(
            marketplace=marketplace, order_id=order_id, scenario=kind.value,
            state=ClaimState.DRAFT.value, origin=origin, request_pk=request_pk, awb=facts.awb,
            courier=facts.courier, basis_at=win.basis_at, basis=win.basis,
            deadline=win.deadline, opened_by=login, opened_at=now, updated_at=now, version=0,
        )  # fmt: skip
        session.add(claim)
        session.flush()
        _event(session, claim, login=login, now=now, action="claim_open",
               before=ClaimState.CANDIDATE.value, origin=origin,
               file_by=win.last_day.isoformat() if win.last_day else None)  # fmt: skip
        return claim.id or 0


def open_parcel_claim(store: Store, *, parcel_pk: int, login: str, now: datetime) -> int:
    """Open a claim (state draft, a wrong return) on a parcel received at the desk that
    matches no request: keyed by the parcel, its code as the AWB, its window counted from
    its receipt. Its order id is typed later (`set_order`). Returns the claim's id."""
    now = now.astimezone(UTC)
    zone = store.shop_zone
    with store.write() as session:
        _acting(session, login)
        parcel = session.get(UnmatchedParcel, parcel_pk)
        if parcel is None:
            raise Refused(_("This parcel is no longer in the store."), "missing")
        if parcel.matched_request_pk is not None:
            raise Refused(_("This parcel is matched to a request now: open the claim from "
                            "the request's order instead."), "state")  # fmt: skip
        exists = session.execute(select(Claim.id).where(col(Claim.parcel_pk) == parcel_pk)).first()
        if exists is not None:
            raise Refused(_("Parcel {code} already has a claim.").format(code=parcel.code),
                          "exists")  # fmt: skip
        facts = _parcel_facts(parcel.code, parcel.received_at)
        win = window(facts.basis_at, facts.basis, zone)
        claim = Claim(
            marketplace=None, order_id=None, parcel_pk=parcel_pk,
            scenario=UNMATCHED_PARCEL_SCENARIO.value, state=ClaimState.DRAFT.value,
            origin="parcel", awb=facts.awb, basis_at=win.basis_at, basis=win.basis,
            deadline=win.deadline, opened_by=login, opened_at=now, updated_at=now, version=0,
        )  # fmt: skip
        session.add(claim)
        session.flush()
        _event(session, claim, login=login, now=now, action="claim_open", touches=[parcel],
               before=ClaimState.CANDIDATE.value, origin="parcel", code=parcel.code,
               file_by=win.last_day.isoformat() if win.last_day else None)  # fmt: skip
        return claim.id or 0


def set_order(
    store: Store, *, pk: int, marketplace: str, order_id: str, login: str, version: int,
    now: datetime,
) -> int:  # fmt: skip
    """Give a parcel's claim the order id someone found for it (the ticket needs one, and
    it must match the AWB on the evidence: DOMAIN.md §6). Returns the claim's new version."""
    now = now.astimezone(UTC)
    order_id, marketplace = order_id.strip(), marketplace.strip()
    if not order_id or not marketplace:
        raise Refused(_("Type the order id first."), "input")
    if len(order_id) > 64:
        raise Refused(_("An order id has at most {n} characters.").format(n=64), "input")
    with store.write() as session:
        _acting(session, login)
        claim = _locked(session, pk, version)
        _editable(claim)
        if claim.order_id is not None:
            raise Refused(_("This claim has its order id already."), "state")
        if _has_claim(session, marketplace, order_id, claim.scenario):
            raise Refused(_("Order {order} already has a claim of this kind.").format(
                order=order_id), "exists")  # fmt: skip
        _give_order(session, claim, marketplace, order_id, login, now)
        return claim.version


def order_found_for_parcel(
    session: Session,
    parcel_pk: int,
    marketplace: str,
    order_id: str,
    login: str,
    now: datetime,
) -> None:
    """A parcel's claim still without an order id takes its request's order once the
    parcel is matched (in the matching write), unless that order has such a claim
    already: then the order id stays for staff to settle with `o`."""
    claim = session.execute(
        select(Claim).where(col(Claim.parcel_pk) == parcel_pk, col(Claim.order_id).is_(None))
    ).scalar_one_or_none()
    if claim is None:
        return
    if _has_claim(session, marketplace, order_id, claim.scenario):
        return
    _give_order(session, claim, marketplace, order_id, login, now, matched=True)


def _give_order(session: Session, claim: Claim, marketplace: str, order_id: str, login: str,
                now: datetime, **detail: Any) -> None:  # fmt: skip
    """The claim names its order now (typed, or from the matched parcel's request)."""
    lines = _orders(session, marketplace, order_id)
    claim.marketplace, claim.order_id = marketplace, order_id
    claim.courier = claim.courier or next((o.courier for o in lines if o.courier), None)
    _event(session, claim, login=login, now=now, action="claim_order", before=claim.state,
           marketplace=marketplace, **detail)  # fmt: skip


def attach_evidence(
    store: Store, *, pk: int, item_key: str, ref: str, login: str, version: int, now: datetime
) -> int:
    """Attach a file path or id to one evidence item; returns the claim's new version."""
    now = now.astimezone(UTC)
    text = ref.strip()
    if not text:
        raise Refused(_("Type the file path or id of the evidence first."), "input")
    if len(text) > MAX_REF:
        raise Refused(_("That is longer than {n} characters: give the file's path or id.")
                      .format(n=MAX_REF), "input")  # fmt: skip
    with store.write() as session:
        _acting(session, login)
        claim = _locked(session, pk, version)
        _editable(claim)
        if evidence_item(Scenario(claim.scenario), item_key) is None:
            raise Refused(_("This scenario has no such evidence item."), "input")
        row = ClaimEvidence(claim_pk=pk, item_key=item_key, ref=text, added_by=login,
                            added_at=now)  # fmt: skip
        session.add(row)
        session.flush()
        _event(session, claim, login=login, now=now, action="claim_evidence",
               before=claim.state, touches=[row], item=item_key, ref=text)  # fmt: skip
        return claim.version


def detach_evidence(
    store: Store, *, pk: int, evidence_pk: int, login: str, version: int, now: datetime
) -> int:
    """Take a wrongly attached file or id off the checklist (the audit trail keeps it)."""
    now = now.astimezone(UTC)
    with store.write() as session:
        _acting(session, login)
        claim = _locked(session, pk, version)
        _editable(claim)
        row = session.get(ClaimEvidence, evidence_pk)
        if row is None or row.claim_pk != pk:
            raise Refused(_("This evidence is no longer attached."), "missing")
        item, text = row.item_key, row.ref
        session.delete(row)
        _event(session, claim, login=login, now=now, action="claim_evidence_removed",
               before=claim.state, item=item, ref=text)  # fmt: skip
        return claim.version


def set_confirmation(
    store: Store, *, pk: int, confirmation: Confirmation | str, value: bool, login: str,
    version: int, now: datetime,
) -> int:  # fmt: skip
    """Tick (or untick) "outer packaging and seal intact" / "order id matches the AWB"."""
    now = now.astimezone(UTC)
    which = Confirmation(confirmation)
    with store.write() as session:
        _acting(session, login)
        claim = _locked(session, pk, version)
        _editable(claim)
        if which is Confirmation.SEAL_INTACT:
            claim.seal_intact = value
        else:
            claim.awb_matches = value
        _event(session, claim, login=login, now=now, action="claim_confirm",
               before=claim.state, confirmation=which.value, value=value)  # fmt: skip
        return claim.version


def set_amount_claimed(
    store: Store, *, pk: int, amount: int | None, login: str, version: int, now: datetime
) -> int:
    """Record the amount claimed from the platform (integer rupiah; None clears it)."""
    now = now.astimezone(UTC)
    if amount is not None and amount <= 0:
        raise Refused(_("The amount must be more than Rp0."), "input")
    with store.write() as session:
        _acting(session, login)
        claim = _locked(session, pk, version)
        claim.amount_claimed = amount
        _event(session, claim, login=login, now=now, action="claim_amount",
               before=claim.state, amount=amount)  # fmt: skip
        return claim.version


def _editable(claim: Claim) -> None:
    if not editable(ClaimState(claim.state)):  # stored: never candidate, never expired
        raise Refused(_("This claim is closed: its evidence is kept as it was."), "state")


def change_state(
    store: Store, *, pk: int, action: str, login: str, version: int, now: datetime,
    amount: int | None = None, ticket_ref: str = "",
) -> ClaimState:  # fmt: skip
    """Move a claim on (core.claims.TRANSITIONS): file, answer, compensate, refuse.

    Filing is refused while a mandatory evidence item or confirmation is missing (the
    refusal names them) or once the window closed. Compensation takes the amount typed,
    else the return export's Compensation Amount / Jumlah Kompensasi for the order.
    """
    now = now.astimezone(UTC)
    zone = store.shop_zone
    with store.write() as session:
        _acting(session, login)
        claim = _locked(session, pk, version)
        stored = ClaimState(claim.state)
        state = effective_state(stored, claim.deadline, now)
        transition = find_transition(state, action)
        if transition is None or transition.automatic:
            if state is ClaimState.EXPIRED and action == "file" and claim.deadline:
                day = format_date(claim.deadline.astimezone(zone).date())
                raise Refused(_(
                    "The last day to file this claim was {day}: the platform refuses later "
                    "claims. The claim stays listed as expired."
                ).format(day=day), "expired")  # fmt: skip
            raise Refused(_("This claim cannot go from {state} that way.").format(
                state=_(state.title)), "state")  # fmt: skip
        detail: dict[str, Any] = {}
        if action == "file":
            attached = set(session.execute(
                select(ClaimEvidence.item_key).where(col(ClaimEvidence.claim_pk) == pk)
            ).scalars())  # fmt: skip
            lacking = missing(Scenario(claim.scenario), attached, _confirmed(claim),
                              has_order=claim.order_id is not None)  # fmt: skip
            if lacking:
                names = "; ".join(_(t) for t in lacking.titles)
                raise Refused(_("Not filed: still missing: {missing}.").format(missing=names),
                              "missing", lacking.titles)  # fmt: skip
            claim.filed_at = now
            claim.ticket_ref = ticket_ref.strip()[:100] or claim.ticket_ref
            detail["ticket_ref"] = claim.ticket_ref
        elif action == "answer":
            claim.answered_at = now
        elif action == "compensate":
            source = "typed"
            if amount is None:
                amount = _export_compensation(session, claim.marketplace, claim.order_id)
                source = "export"
            if amount is None or amount <= 0:
                raise Refused(_("Type the compensation received (no export shows it)."),
                              "input")  # fmt: skip
            claim.compensation, claim.compensation_source = amount, source
            claim.closed_at = now
            detail.update(amount=amount, source=source, shown=format_rupiah(amount))
        elif action == "refuse":
            claim.closed_at = now
        claim.state = transition.after.value
        _event(session, claim, login=login, now=now, action=f"claim_{action}",
               before=stored.value, **detail)  # fmt: skip
        return transition.after


# --- claim alarms (7, 2 and 1 days before the last day: policy CLAIM_ALARMS) --------------------


@dataclass(frozen=True)
class ClaimAlarm:
    """An unfiled claim or candidate whose last day to file is `days` away or closer."""

    marketplace: str | None
    order_id: str | None
    scenario: Scenario
    days: int  # the threshold crossed: 7, 2 or 1
    last_day: date
    parcel_pk: int | None = None  # an unmatched parcel's: acknowledged by the parcel
    label: str = ""  # what names it (ClaimRow.label): hostile text, show it literally

    @property
    def key(self) -> tuple[str | None, str | None, int | None, str, int]:
        """Who it is about and which alarm: by the parcel where there is one (its order id
        may be found later), else by the order."""
        if self.parcel_pk is not None:
            return (None, None, self.parcel_pk, self.scenario.value, self.days)
        return (self.marketplace, self.order_id, None, self.scenario.value, self.days)


def _acks(session: Session, found: Sequence[ClaimAlarm]) -> set[tuple[Any, ...]]:
    """The keys (ClaimAlarm.key) of the acknowledgements on the orders or parcels of `found`."""
    orders = sorted({a.order_id for a in found if a.parcel_pk is None and a.order_id})
    parcels = sorted({a.parcel_pk for a in found if a.parcel_pk is not None})
    rows = session.execute(
        select(ClaimAlarmAck.marketplace, ClaimAlarmAck.order_id, ClaimAlarmAck.parcel_pk,
               ClaimAlarmAck.scenario, ClaimAlarmAck.days)
        .where(or_(col(ClaimAlarmAck.order_id).in_(orders),
                   col(ClaimAlarmAck.parcel_pk).in_(parcels)))
    ).all()  # fmt: skip
    return {tuple(row) for row in rows}


def alarms(store: Store, now: datetime) -> list[ClaimAlarm]:
    """Claim alarms nobody acknowledged yet, soonest last day first (like a request's
    24/6/1 h alarms in core.reminders; the same `!` acknowledges both)."""
    found = [
        ClaimAlarm(r.marketplace, r.order_id, r.scenario, r.alarm, r.window.last_day,
                   r.parcel_pk, r.label)
        for r in list_claims(store, now)
        if r.alarm is not None and r.window.last_day is not None and r.unfiled
    ]  # fmt: skip
    if not found:
        return []
    with store.read() as session:
        seen = _acks(session, found)
    return [a for a in found if a.key not in seen]


def acknowledge_alarms(
    store: Store, found: Sequence[ClaimAlarm], *, login: str, now: datetime
) -> int:
    """Record that `login` saw these claim alarms (and every wider threshold they passed)."""
    if not found:
        return 0
    now = now.astimezone(UTC)
    thresholds = sorted(rule.value for rule in policy.CLAIM_ALARMS)
    with store.write() as session:
        permissions.require(session, login, "alarm_ack")
        existing = _acks(session, found)
        acks: list[ClaimAlarmAck] = []
        for alarm in found:
            for days in (d for d in thresholds if d >= alarm.days):
                key = replace(alarm, days=days).key
                if key in existing:
                    continue
                existing.add(key)
                market, order, parcel, scenario, _days = key
                acks.append(ClaimAlarmAck(marketplace=market, order_id=order, parcel_pk=parcel,
                                          scenario=scenario, days=days, acknowledged_by=login,
                                          acknowledged_at=now))  # fmt: skip
        session.add_all(acks)
        session.flush()
        if acks:
            audit.append(session, at=now, actor=login, action="claim_alarm_ack", touches=acks,
                         detail={"alarms": [[a.marketplace, a.order_id, a.scenario, a.days]
                                            + ([a.parcel_pk] if a.parcel_pk else [])
                                            for a in acks]})  # fmt: skip
    return len(acks)
