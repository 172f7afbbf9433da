"""Logistics claims (DOMAIN.md §2, §6; seed 003): the pure rules and data.

A parcel the courier lost or broke, or a wrong item sent back, can be claimed from the
platform in Seller Center > Pusat Bantuan > Log Tiket, topic "Aduan dan Pertikaian
(Berkaitan Logistik)", within 40 calendar days of the last logistics status update
(read as +39 days, to the end of that day in the shop's zone: core.deadlines), and only
with complete evidence. This module holds the scenarios and their evidence, the states
and their transitions, the window and its alarms, candidate detection from the words
exports carry, the ready-to-paste ticket text and the bulk claim spreadsheet. No
database, no UI, no clock of its own (`now` is a parameter). The store's side is
core.claims_store.

The ticket text and the bulk spreadsheet are written in Bahasa Indonesia whatever the
screen language: they go to the platform's Indonesian help centre, in its own words.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum
from pathlib import Path

from core import policy
from core.calendar import as_utc, local_date
from core.deadlines import claim_deadline, claim_last_day
from core.formatting import format_remaining, format_rupiah
from core.i18n import N_
from core.text import clean

TOPIC = "Aduan dan Pertikaian (Berkaitan Logistik)"
SOURCE = "DOMAIN.md §6; seed 003"


class Scenario(StrEnum):
    DAMAGED = "damaged"
    DAMAGED_FRUIT = "damaged_fruit"
    LOST = "lost"
    WRONG_ITEM_RETURNED = "wrong_item_returned"
    WRONG_ITEM_DELIVERED = "wrong_item_delivered"

    @property
    def title(self) -> str:
        """A catalog message (translate with `_()`)."""
        return SCENARIO_TITLES[self]

    @property
    def sub_topic(self) -> str:
        """The ticket's sub-topic, in the platform's words (never translated)."""
        return SUB_TOPICS[self]


SCENARIO_TITLES: dict[Scenario, str] = {
    Scenario.DAMAGED: N_("Damaged parcel"),
    Scenario.DAMAGED_FRUIT: N_("Damaged fruit"),
    Scenario.LOST: N_("Lost parcel"),
    Scenario.WRONG_ITEM_RETURNED: N_("Wrong item returned"),
    Scenario.WRONG_ITEM_DELIVERED: N_("Wrong item delivered"),
}
# Seed 003 "Skenario Pengajuan": the sub-topic under the topic, per scenario.
SUB_TOPICS: dict[Scenario, str] = {
    Scenario.DAMAGED: "Paket rusak",
    Scenario.DAMAGED_FRUIT: "Paket rusak",
    Scenario.LOST: "Paket Hilang",
    Scenario.WRONG_ITEM_RETURNED: (
        "Item/Paket yang dihantar tidak betul > Item yang salah dikembalikan"
    ),
    Scenario.WRONG_ITEM_DELIVERED: "Item/Paket yang dihantar tidak betul",
}


@dataclass(frozen=True)
class Evidence:
    """One item of a scenario's evidence checklist. `title` is a catalog message; `ticket`
    is the seed's own Indonesian words, as the ticket lists it."""

    key: str
    title: str
    ticket: str
    mandatory: bool
    source: str


_DAMAGED_SOURCE = "DOMAIN.md §6; seed 003 'Skenario 1 : Paket Rusak'"
_FRUIT_SOURCE = "DOMAIN.md §6; seed 003 'Skenario Khusus: ... Produk Kategori Buah'"
_RETURNED_SOURCE = "DOMAIN.md §6; seed 003 'Skenario 3 : Item yang Diantar/Diterima Tidak Benar'"
_GENERAL_SOURCE = "DOMAIN.md §6; seed 003 'Barang salah kirim karena alasan logistik'"

EVIDENCE: dict[Scenario, tuple[Evidence, ...]] = {
    Scenario.DAMAGED: (
        Evidence("awb_photo", N_("Photo of the AWB (tracking number) on the parcel"),
                 "Foto AWB/Nomor Resi pada paket", True, _DAMAGED_SOURCE),
        Evidence("outer_packaging", N_("Photo of the outer packaging and its layers, damage "
                                       "marked"),
                 "Foto bagian luar kemasan & lapisan kemasan paket, bagian yang rusak ditandai",
                 True, _DAMAGED_SOURCE),
        Evidence("inside_opened", N_("Photo of the inside of the parcel when opened, damage "
                                     "marked"),
                 "Foto bagian dalam paket saat dibuka, bagian yang rusak ditandai", True,
                 _DAMAGED_SOURCE),
        Evidence("damaged_part", N_("Photo of the damaged part of the product, marked"),
                 "Foto bagian produk yang rusak, ditandai", True, _DAMAGED_SOURCE),
        Evidence("unboxing_video", N_("Unboxing video of the parcel"), "Video Unboxing Paket",
                 False, _DAMAGED_SOURCE),
    ),
    Scenario.DAMAGED_FRUIT: (
        Evidence("all_sides_awb", N_("Photo or video of every side of the parcel, AWB "
                                     "visible"),
                 "Foto/video seluruh sisi kemasan paket dengan AWB/Nomor Resi terlihat", True,
                 _FRUIT_SOURCE),
        Evidence("fruit_damage", N_("Photo of the damage to the product"),
                 "Foto kerusakan pada produk", False, _FRUIT_SOURCE),
        Evidence("fruit_in_box", N_("Photo of the fruit in its box before handing it to the "
                                    "courier"),
                 "Foto kondisi buah di dalam box kemasan sebelum dikirimkan kepada penyedia "
                 "logistik", False, _FRUIT_SOURCE),
    ),
    Scenario.LOST: (),  # the order id only (seed 003 "Skenario 2 : Paket Hilang")
    Scenario.WRONG_ITEM_RETURNED: (
        Evidence("outer_before_shipping", N_("Photo or MP4/MOV video of the outer package "
                                             "before shipping, AWB visible"),
                 "Foto atau video (MP4/MOV) paket luar sebelum pengiriman, nomor resi terlihat",
                 True, _RETURNED_SOURCE),
        Evidence("returned_package_item", N_("Photo or MP4/MOV video of the returned package "
                                             "and the item received, AWB visible"),
                 "Foto atau video (MP4/MOV) paket luar yang dikembalikan dan barang yang "
                 "diterima penjual, nomor resi terlihat", True, _RETURNED_SOURCE),
        Evidence("real_item_or_weight", N_("Photo or video of the real item before shipping, "
                                           "or the packing list or parcel weight"),
                 "Foto atau video barang yang sebenarnya sebelum pengiriman / foto daftar "
                 "kemasan atau bukti berat paket", False, _RETURNED_SOURCE),
    ),
    Scenario.WRONG_ITEM_DELIVERED: (
        Evidence("packed_with_label", N_("Photos and video of the goods when packed, label "
                                         "and AWB clearly visible"),
                 "Foto dan video barang saat dikemas, label pengiriman dan nomor resi terlihat "
                 "jelas", True, _GENERAL_SOURCE),
        Evidence("received_differs", N_("Photo or video showing the parcel received differs "
                                        "from the one sent"),
                 "Foto atau video yang menunjukkan paket yang diterima berbeda dengan paket "
                 "yang dikirim", True, _GENERAL_SOURCE),
    ),
}  # fmt: skip


class Confirmation(StrEnum):
    SEAL_INTACT = "seal_intact"
    AWB_MATCHES = "awb_matches"

    @property
    def title(self) -> str:
        return CONFIRMATION_TITLES[self]

    @property
    def ticket(self) -> str:
        return CONFIRMATION_TICKET[self]


CONFIRMATION_TITLES: dict[Confirmation, str] = {
    Confirmation.SEAL_INTACT: N_("Outer packaging and seal intact"),
    Confirmation.AWB_MATCHES: N_("Order id matches the AWB on the evidence"),
}
CONFIRMATION_TICKET: dict[Confirmation, str] = {
    Confirmation.SEAL_INTACT: "Kemasan luar dan perekat masih utuh",
    Confirmation.AWB_MATCHES: "ID pesanan sesuai dengan nomor resi/AWB pada bukti",
}
# Which confirmations each scenario needs before filing. The order id must match the AWB
# on the evidence wherever there is evidence (seed 003 "Input ID Pesanan yang Valid ...
# (WAJIB)"); intact outer packaging and seal is the validity rule of a wrong item
# ("Aturan Penilaian" 1), not of a parcel that arrived broken or never arrived.
CONFIRMATIONS: dict[Scenario, tuple[Confirmation, ...]] = {
    Scenario.DAMAGED: (Confirmation.AWB_MATCHES,),
    Scenario.DAMAGED_FRUIT: (Confirmation.AWB_MATCHES,),
    Scenario.LOST: (),
    Scenario.WRONG_ITEM_RETURNED: (Confirmation.SEAL_INTACT, Confirmation.AWB_MATCHES),
    Scenario.WRONG_ITEM_DELIVERED: (Confirmation.SEAL_INTACT, Confirmation.AWB_MATCHES),
}


def evidence_item(scenario: Scenario, key: str) -> Evidence | None:
    return next((e for e in EVIDENCE[scenario] if e.key == key), None)


# --- states --------------------------------------------------------------------------------


class ClaimState(StrEnum):
    CANDIDATE = "candidate"  # found by Purna, nobody has opened it yet (not stored)
    DRAFT = "draft"  # opened: evidence being gathered
    FILED = "filed"  # the ticket is in Seller Center
    ANSWERED = "answered"  # the platform replied, no outcome yet
    COMPENSATED = "compensated"
    REFUSED = "refused"
    EXPIRED = "expired"  # the window closed before it was filed

    @property
    def title(self) -> str:
        return STATE_TITLES[self]


STATE_TITLES: dict[ClaimState, str] = {
    ClaimState.CANDIDATE: N_("Candidate"),
    ClaimState.DRAFT: N_("Draft"),
    ClaimState.FILED: N_("Filed"),
    ClaimState.ANSWERED: N_("Answered"),
    ClaimState.COMPENSATED: N_("Compensated"),
    ClaimState.REFUSED: N_("Refused"),
    ClaimState.EXPIRED: N_("Expired"),
}
UNFILED = frozenset({ClaimState.CANDIDATE, ClaimState.DRAFT})  # the window still threatens
WAITING = frozenset({ClaimState.FILED, ClaimState.ANSWERED})  # the platform has it
FINAL = frozenset({ClaimState.COMPENSATED, ClaimState.REFUSED, ClaimState.EXPIRED})
# A stored claim's evidence and confirmations may change until the platform's outcome
# closes it: an expired or filed claim's record can still be completed (what the platform
# asks later, what the audit should show); a compensated or refused one stays as it was.
EDITABLE = frozenset({ClaimState.DRAFT, ClaimState.FILED, ClaimState.ANSWERED,
                      ClaimState.EXPIRED})  # fmt: skip


def editable(state: ClaimState) -> bool:
    return state in EDITABLE


@dataclass(frozen=True)
class Transition:
    before: ClaimState
    after: ClaimState
    action: str
    automatic: bool  # happens by itself when the window closes: no one chooses it
    source: str


_C = ClaimState
TRANSITIONS: tuple[Transition, ...] = (
    Transition(_C.CANDIDATE, _C.DRAFT, "open", False, "Purna (issue 12)"),
    Transition(_C.CANDIDATE, _C.EXPIRED, "expire", True, "DOMAIN.md §2, §6 (40-day window)"),
    Transition(_C.DRAFT, _C.FILED, "file", False, SOURCE + " 'Meminta Bantuan pada Platform'"),
    Transition(_C.DRAFT, _C.EXPIRED, "expire", True, "DOMAIN.md §2, §6 (40-day window)"),
    Transition(_C.FILED, _C.ANSWERED, "answer", False, "DOMAIN.md §2 (72 h processing)"),
    Transition(_C.FILED, _C.COMPENSATED, "compensate", False, SOURCE),
    Transition(_C.FILED, _C.REFUSED, "refuse", False, SOURCE),
    Transition(_C.ANSWERED, _C.COMPENSATED, "compensate", False, SOURCE),
    Transition(_C.ANSWERED, _C.REFUSED, "refuse", False, SOURCE),
)
del _C

ACTION_TITLES: dict[str, str] = {
    "open": N_("Open claim"),
    "file": N_("Mark filed"),
    "answer": N_("Platform answered"),
    "compensate": N_("Compensation received"),
    "refuse": N_("Claim refused"),
    "expire": N_("Window closed"),
}


def find_transition(before: ClaimState, action: str) -> Transition | None:
    return next((t for t in TRANSITIONS if t.before is before and t.action == action), None)


def actions_from(state: ClaimState) -> tuple[str, ...]:
    """The actions a person may choose in `state` (never the automatic ones)."""
    return tuple(t.action for t in TRANSITIONS if t.before is state and not t.automatic)


def effective_state(stored: ClaimState, deadline: datetime | None, now: datetime) -> ClaimState:
    """The state as it stands at `now`: a claim not filed by the end of its last day has
    expired (kept and shown, never deleted). Without a known deadline nothing expires."""
    if stored in UNFILED and deadline is not None and now > deadline:
        return ClaimState.EXPIRED
    return stored


# --- the window ----------------------------------------------------------------------------

BASIS_TITLES: dict[str, str] = {
    "update": N_("last logistics update"),
    "delivered": N_("delivery (no later logistics update known)"),
    "shipped": N_("shipping (no later logistics update known)"),
    "received": N_("receipt of the return (its last logistics update is not known)"),
    "approved": N_(
        "approval of the return, never received (its last logistics update is not known)"
    ),
    "": N_("unknown: check the last logistics update in Seller Center"),
}
_BASIS_TICKET = {
    "update": "pembaruan status logistik terakhir",
    "delivered": "paket terkirim",
    "shipped": "paket dikirim",
    "received": "retur diterima penjual",
    "approved": "retur disetujui, paket retur tidak pernah diterima",
    "": "",
}


@dataclass(frozen=True)
class Window:
    """When a claim must be filed: counted from `basis_at` (what `basis` says it is)."""

    basis_at: datetime | None
    basis: str  # "update" | "delivered" | "shipped" | "received" | "approved" | ""
    last_day: date | None  # shop-local
    deadline: datetime | None  # the end of `last_day`, UTC


def window(basis_at: datetime | None, basis: str, shop_zone: tzinfo) -> Window:
    if basis_at is None:
        return Window(None, "", None, None)
    return Window(
        as_utc(basis_at, shop_zone),
        basis,
        claim_last_day(basis_at, shop_zone),
        claim_deadline(basis_at, shop_zone),
    )


def days_left(last_day: date, now: datetime, shop_zone: tzinfo) -> int:
    """Whole shop-local days from today to the last day: 0 on the last day, < 0 after it."""
    return (last_day - local_date(now, shop_zone)).days


def alarm_days(deadline: datetime | None, now: datetime) -> int | None:
    """The claim alarm crossed at `now` (7, 2 or 1: the nearest), or None when none is
    (further away, past the deadline, or no deadline known). Policy CLAIM_ALARMS."""
    if deadline is None or now > deadline:
        return None
    left = deadline - now
    crossed = [r.value for r in policy.CLAIM_ALARMS if left <= r.delta]
    return min(crossed) if crossed else None


class Urgency(StrEnum):
    """How loudly a claim's window is shown: at the 2-day alarm and after it, critical
    (Purna's choice, like a request's last hours); at the 7-day alarm, a warning."""

    NONE = ""
    WARNING = "warning"
    CRITICAL = "critical"


def urgency(alarm: int | None) -> Urgency:
    """The urgency of a claim alarm (policy CLAIM_ALARMS): the 2- and 1-day ones critical."""
    if alarm is None:
        return Urgency.NONE
    return Urgency.CRITICAL if alarm <= policy.CLAIM_ALARM_2D.value else Urgency.WARNING


def countdown(deadline: datetime | None, now: datetime) -> str:
    """Time left to file (`12 hr 3 jam`), `lewat …` once past; empty without a deadline."""
    return "" if deadline is None else format_remaining(deadline - now)


def needs_follow_up(state: ClaimState, filed_at: datetime | None, now: datetime) -> bool:
    """A filed claim the platform has not answered within its 72 h processing time
    (policy LOGISTICS_COMPLAINT_PROCESSING): follow it up in Log Tiket."""
    return (
        state is ClaimState.FILED
        and filed_at is not None
        and now - filed_at >= policy.LOGISTICS_COMPLAINT_PROCESSING.delta
    )


def delivery_days(shipped_at: datetime | None, delivered_at: datetime | None) -> int | None:
    """Whole days from handing the parcel to the courier to its delivery (the fruit fact)."""
    if shipped_at is None or delivered_at is None or delivered_at < shipped_at:
        return None
    return (delivered_at - shipped_at) // timedelta(days=1)


def fruit_late(days: int | None) -> bool | None:
    """Whether delivery took longer than policy FRUIT_MIN_DELIVERY_DAYS (the seed's condition
    for compensating damaged fruit); None when unknown. Shown, never decided on alone."""
    return None if days is None else days > policy.FRUIT_MIN_DELIVERY_DAYS.value


# --- evidence and confirmations: what is missing ------------------------------------------


# DOMAIN.md §6, seed 003 "Input ID Pesanan yang Valid ... (WAJIB)": a ticket needs the
# order id; a claim about an unmatched parcel has none until someone finds it.
ORDER_ID_TITLE = N_("The parcel's order id (the ticket needs it)")


@dataclass(frozen=True)
class Missing:
    items: tuple[Evidence, ...]
    confirmations: tuple[Confirmation, ...]
    order_id: bool = False  # the order id itself is not known yet

    def __bool__(self) -> bool:
        return bool(self.items or self.confirmations or self.order_id)

    @property
    def titles(self) -> tuple[str, ...]:
        """Catalog messages naming everything missing: the order id, evidence, confirmations."""
        return (
            ((ORDER_ID_TITLE,) if self.order_id else ())
            + tuple(e.title for e in self.items)
            + tuple(c.title for c in self.confirmations)
        )


def missing(
    scenario: Scenario, attached: Collection[str], confirmed: Collection[str],
    *, has_order: bool = True,
) -> Missing:  # fmt: skip
    """The mandatory evidence items (keys in `attached` have at least one file or id),
    confirmations and order id still missing before the claim may be filed (DOMAIN.md §6:
    late or incomplete evidence makes a claim invalid)."""
    return Missing(
        tuple(e for e in EVIDENCE[scenario] if e.mandatory and e.key not in attached),
        tuple(c for c in CONFIRMATIONS[scenario] if c.value not in confirmed),
        not has_order,
    )


def step_blockers(action: str, lacking: Missing) -> tuple[str, ...]:
    """What must be there before `action` may be recorded (catalog messages): only filing
    waits, for everything mandatory (DOMAIN.md §6); the other steps wait for nothing."""
    return lacking.titles if action == "file" else ()


# --- candidates ----------------------------------------------------------------------------

# Logistics status words, Indonesian and English, as the platforms and couriers write them
# ("Paket Rusak", "Package damaged", "Paket Hilang", "Lost", "Paket Dimusnahkan",
# "Destroyed"). Matched on whole words, any case; a destroyed parcel is the fruit scenario
# (seed 003 lists "Paket Dimusnahkan" only there).
_STATUS_WORDS: tuple[tuple[Scenario, frozenset[str]], ...] = (
    (Scenario.DAMAGED_FRUIT, frozenset({"dimusnahkan", "musnah", "destroyed"})),
    (Scenario.LOST, frozenset({"hilang", "lost"})),
    (Scenario.DAMAGED, frozenset({"rusak", "damaged", "broken"})),
)
_WORD = re.compile(r"[^\W_]+")


def scenario_of_status(*texts: str | None) -> Scenario | None:
    """The claim scenario a logistics status (or order sub-status) names, or None."""
    words = {w.casefold() for text in texts if text for w in _WORD.findall(text)}
    return next((s for s, names in _STATUS_WORDS if words & names), None)


# Inspection conditions of a returned item (core.workflow.CONDITIONS) that make a claim.
_INSPECTION_SCENARIOS: dict[str, Scenario] = {
    "wrong_item": Scenario.WRONG_ITEM_RETURNED,
    "incomplete": Scenario.WRONG_ITEM_RETURNED,
    "damaged": Scenario.DAMAGED,
}


def scenario_of_inspection(condition: str | None) -> Scenario | None:
    return _INSPECTION_SCENARIOS.get(condition or "")


# A parcel received at the desk that matches no request is a return the seller got but
# did not expect: "the seller got a wrong return" (DOMAIN.md §6, the general rule "Barang
# salah kirim karena alasan logistik"; seed 003 "Skenario 3": "menerima pengembalian
# barang / retur dari pembeli yang tidak sesuai"). Its window counts from its receipt at
# the desk, the last logistics moment Purna knows (basis "received").
UNMATCHED_PARCEL_SCENARIO = Scenario.WRONG_ITEM_RETURNED


# --- the ticket and the bulk spreadsheet ---------------------------------------------------


@dataclass(frozen=True)
class TicketFacts:
    """Everything the ticket of one claim says. Text fields came from files: cleaned here."""

    marketplace: str | None
    order_id: str | None  # None: a parcel's claim whose order is not found yet
    awb: str | None
    courier: str | None
    scenario: Scenario
    window: Window
    shipped_at: datetime | None = None
    delivered_at: datetime | None = None
    evidence: tuple[tuple[Evidence, tuple[str, ...]], ...] = ()  # each item with its refs
    confirmed: frozenset[str] = frozenset()
    amount_claimed: int | None = None
    note: str = ""


def _id_date(day: date) -> str:
    from babel.dates import format_date

    return format_date(day, "d MMMM y", locale="id_ID")


def _id_moment(moment: datetime, zone: tzinfo) -> str:
    local = moment.astimezone(zone)
    return f"{_id_date(local.date())} {local:%H:%M} {local.tzname()}"


def ticket_text(facts: TicketFacts, shop_zone: tzinfo) -> str:
    """The ready-to-paste ticket for Log Tiket > Hubungi Kami, one order id per ticket."""
    dash = "-"
    lines = [
        f"Topik: {TOPIC}",
        f"Sub-topik: {facts.scenario.sub_topic}",
        f"ID Pesanan: {clean(facts.order_id) or dash}",
        f"Nomor Resi (AWB): {clean(facts.awb) or dash}",
        f"Ekspedisi: {clean(facts.courier) or dash}",
    ]
    if facts.shipped_at is not None:
        lines.append(f"Tanggal dikirim: {_id_moment(facts.shipped_at, shop_zone)}")
    if facts.delivered_at is not None:
        lines.append(f"Tanggal terkirim: {_id_moment(facts.delivered_at, shop_zone)}")
    win = facts.window
    if win.basis_at is not None and win.last_day is not None:
        lines.append(
            f"Status logistik terakhir ({_BASIS_TICKET[win.basis]}): "
            f"{_id_moment(win.basis_at, shop_zone)}"
        )
        lines.append(f"Batas pengajuan klaim: {_id_date(win.last_day)}")
    if facts.scenario is Scenario.DAMAGED_FRUIT:
        days = delivery_days(facts.shipped_at, facts.delivered_at)
        if days is not None:
            lines.append(f"Lama pengiriman: {days} hari")
    if facts.amount_claimed is not None:
        lines.append(f"Nilai klaim: {format_rupiah(facts.amount_claimed)}")
    if facts.scenario is Scenario.LOST:
        lines.append("Bukti: tidak perlu (paket hilang, cukup ID pesanan)")
    else:
        lines.append("Bukti terlampir:")
        for number, (item, refs) in enumerate(facts.evidence, start=1):
            kind = "WAJIB" if item.mandatory else "Opsional"
            shown = ", ".join(clean(r) for r in refs) if refs else dash
            lines.append(f"{number}. [{kind}] {item.ticket}: {shown}")
    for confirmation in CONFIRMATIONS[facts.scenario]:
        answer = "ya" if confirmation.value in facts.confirmed else "belum"
        lines.append(f"{confirmation.ticket}: {answer}")
    if facts.note.strip():
        lines.append(f"Catatan: {clean(facts.note.strip())}")
    return "\n".join(lines)


BULK_HEADERS = (
    "No",
    "ID Pesanan",
    "Nomor Resi (AWB)",
    "Ekspedisi",
    "Jenis Keluhan",
    "Status Logistik Terakhir",
    "Batas Pengajuan",
    "Nilai Klaim (Rp)",
    "Bukti",
)


def is_bulk(count: int) -> bool:
    """From policy BULK_CLAIM_MIN_ORDERS orders on, claims go in the bulk spreadsheet."""
    return count >= policy.BULK_CLAIM_MIN_ORDERS.value


def bulk_rows(claims: Iterable[TicketFacts], shop_zone: tzinfo) -> list[list[object]]:
    """One row per claim, under BULK_HEADERS (ids stay text; dates are shop-local days)."""
    rows: list[list[object]] = []
    for number, facts in enumerate(claims, start=1):
        win = facts.window
        refs = "; ".join(
            f"{item.ticket}: {', '.join(clean(r) for r in found)}"
            for item, found in facts.evidence
            if found
        )
        rows.append([
            number,
            clean(facts.order_id),
            clean(facts.awb),
            clean(facts.courier),
            facts.scenario.sub_topic,
            local_date(win.basis_at, shop_zone) if win.basis_at else None,
            win.last_day,
            facts.amount_claimed,
            refs,
        ])  # fmt: skip
    return rows


def write_bulk_xlsx(path: Path, claims: Sequence[TicketFacts], shop_zone: tzinfo) -> Path:
    """The bulk claim spreadsheet (seed 003 "Panduan Proses Kompensasi Barang Hilang dalam
    Jumlah Banyak"), written with openpyxl. Text from files stays text, never a formula."""
    from openpyxl import Workbook

    from core.xlsx_write import append_rows, save_book, set_widths

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Klaim Logistik"
    sheet.append(list(BULK_HEADERS))
    append_rows(sheet, bulk_rows(claims, shop_zone))  # an id or file name "=…" stays text
    set_widths(sheet, (5, 24, 22, 18, 40, 14, 14, 14, 60))
    save_book(book, path)
    return path
