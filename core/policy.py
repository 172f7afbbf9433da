"""The policy table: every deadline and threshold Purna enforces, with value, unit and source.

One named entry per rule of DOMAIN.md §2 (and the few thresholds Purna adds itself),
so that a supervisor can read what is enforced and why (`POLICY`), and so that code
asks for `RESPOND_WINDOW.delta` instead of writing `48` somewhere. Where the sources
disagree, the entry takes the reading safer for the seller and `note` says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from core.i18n import N_


class Unit(StrEnum):
    HOURS = "hours"
    DAYS = "days"
    BUSINESS_DAYS = "business days"
    PER_DAY = "times per day"
    ORDERS = "orders"
    STARS = "stars"
    RUPIAH = "rupiah"
    PERCENT = "percent"
    PIECES = "pieces"
    FILES = "files"
    YEAR = "year"

    @property
    def title(self) -> str:
        """The unit as a catalog message (translate with `_()`)."""
        return _UNIT_TITLES[self]


_UNIT_TITLES = {
    Unit.HOURS: N_("hours"),
    Unit.DAYS: N_("days"),
    Unit.BUSINESS_DAYS: N_("business days"),
    Unit.PER_DAY: N_("times per day"),
    Unit.ORDERS: N_("orders"),
    Unit.STARS: N_("stars"),
    Unit.RUPIAH: N_("rupiah"),
    Unit.PERCENT: N_("percent"),
    Unit.PIECES: N_("pieces"),
    Unit.FILES: N_("files"),
    Unit.YEAR: N_("year"),
}


@dataclass(frozen=True)
class Rule:
    """One policy entry. `title` and `note` are catalog messages (translate with `_()`)."""

    key: str
    value: int
    unit: Unit
    title: str
    source: str
    note: str = ""

    @property
    def delta(self) -> timedelta:
        """The rule as a duration (hours or calendar days only)."""
        if self.unit is Unit.HOURS:
            return timedelta(hours=self.value)
        if self.unit is Unit.DAYS:
            return timedelta(days=self.value)
        raise ValueError(f"{self.key} is measured in {self.unit.value}, not a duration")


RESPOND_WINDOW = Rule(
    "respond_window",
    48,
    Unit.HOURS,
    N_("Respond to an after-sales request, or the platform auto-approves it"),
    "DOMAIN.md §2; seed 000 'Kesalahan Umum' row 1",
    N_(
        "The checklist says '2 hari kerja'; business days only ever make it later, "
        "so 48 calendar hours from creation is the hard deadline."
    ),
)
RESPOND_BUSINESS_DAYS = Rule(
    "respond_business_days",
    2,
    Unit.BUSINESS_DAYS,
    N_("Respond within 2 working days (shown for information, never used to extend)"),
    "DOMAIN.md §2; seed 000 checklist",
)
WRONG_ITEM_REJECT_WINDOW = Rule(
    "wrong_item_reject_window",
    48,
    Unit.HOURS,
    N_("Reject a return whose received item the seller believes correct"),
    "DOMAIN.md §2, §6; seed 003 'Masih dalam Masa Purna Jual'",
    N_(
        "48 calendar hours from the request's creation: the same clock as any response "
        "(respond-by). Not a limit on disputing a wrong item the buyer sent back."
    ),
)
# Purna's own advice, not a platform rule: the 48 hours of seed 003 have no stated start and
# count from creation (above); a wrong or damaged item that came back is best disputed soon
# after receipt, and later claimed as logistics (§6). Past it Purna warns, never blocks.
DISPUTE_ADVICE_WINDOW = Rule(
    "dispute_advice_window",
    48,
    Unit.HOURS,
    N_("Dispute a wrong or damaged returned item on the platform (Purna's advice)"),
    "DOMAIN.md §2, §6; Purna's advice (the seed's 48 h count from creation)",
    N_(
        "48 hours from receipt of the returned parcel; later Purna warns and points to a "
        "logistics claim (40 days), it never blocks."
    ),
)
CHAT_REPLY_HARD = Rule(
    "chat_reply_hard",
    24,
    Unit.HOURS,
    N_("Reply to a buyer chat message (enforced by the platform)"),
    "DOMAIN.md §2; seed 004 §5.1.1, §5.2.1",
)
CHAT_REPLY_TARGET = Rule(
    "chat_reply_target",
    12,
    Unit.HOURS,
    N_("Reply to a buyer chat message (premium service target)"),
    "DOMAIN.md §2; seed 001 'Memberikan Layanan Premium'",
)
LOGISTICS_CLAIM_DAYS = Rule(
    "logistics_claim_days",
    39,
    Unit.DAYS,
    N_("File a logistics claim: last day = date of the last logistics update + 39 days"),
    "DOMAIN.md §2, §6; seed 003 'Jangka Waktu Klaim'",
    N_(
        "The seed's two examples disagree (+40 and +39 days); the earlier day is used, "
        "counted in the shop's time zone, until 23:59:59 that day."
    ),
)
LOGISTICS_COMPLAINT_PROCESSING = Rule(
    "logistics_complaint_processing",
    72,
    Unit.HOURS,
    N_("Platform answers a logistics complaint (flag a ticket with no answer after this)"),
    "DOMAIN.md §2; seed 003 'Waktu Pemrosesan Keluhan'",
)
FRUIT_MIN_DELIVERY_DAYS = Rule(
    "fruit_min_delivery_days",
    5,
    Unit.DAYS,
    N_("Damaged fruit is compensated only if delivery took longer than this from pickup"),
    "DOMAIN.md §2; seed 003 'Skenario Khusus'",
)
BULK_CLAIM_MIN_ORDERS = Rule(
    "bulk_claim_min_orders",
    20,
    Unit.ORDERS,
    N_("From this many orders, a logistics claim goes in the bulk claim spreadsheet"),
    "DOMAIN.md §6; seed 003 'Panduan Proses Kompensasi Barang Hilang'",
)
RETURN_EXPECTED_DAYS = Rule(
    "return_expected_days", 14, Unit.DAYS,
    N_("A return parcel not received this long after the return was approved becomes a "
       "lost-parcel claim candidate"),
    "DOMAIN.md §6 ('no parcel arrived': 40 days from the last logistics update); Purna's "
    "reading: two weeks is longer than a return takes in Indonesia, and leaves 25 days to file",
    N_("Counted from the approval: Purna sees no logistics update of the return, so the window "
       "ends no later than the platform's."),
)  # fmt: skip
# Claim alarms (issue 12): like a request's 24/6/1 h alarms, on the scale of the 40-day window.
_CLAIM_ALARM_SOURCE = "DOMAIN.md §2, §6 (40-day window); Purna (issue 12: claim alarms)"
CLAIM_ALARM_7D = Rule(
    "claim_alarm_7d", 7, Unit.DAYS,
    N_("First claim alarm: the last day to file a logistics claim is this close"),
    _CLAIM_ALARM_SOURCE,
)  # fmt: skip
CLAIM_ALARM_2D = Rule(
    "claim_alarm_2d", 2, Unit.DAYS,
    N_("Second claim alarm: the last day to file a logistics claim is this close"),
    _CLAIM_ALARM_SOURCE,
)  # fmt: skip
CLAIM_ALARM_1D = Rule(
    "claim_alarm_1d", 1, Unit.DAYS,
    N_("Last claim alarm: the last day to file a logistics claim is this close"),
    _CLAIM_ALARM_SOURCE,
)  # fmt: skip
CLAIM_ALARMS = (CLAIM_ALARM_7D, CLAIM_ALARM_2D, CLAIM_ALARM_1D)
DASHBOARD_CHECKS_PER_DAY = Rule(
    "dashboard_checks_per_day",
    2,
    Unit.PER_DAY,
    N_("Check the Returns & Refunds dashboard at least this often (more during campaigns)"),
    "DOMAIN.md §2; seed 000 tip and 'Kesalahan Umum' row 1",
)
REVIEW_INTERVAL = Rule(
    "review_interval",
    7,
    Unit.DAYS,
    N_("Review negative ratings and return reasons"),
    "DOMAIN.md §2; seed 001 'Rutin Memantau Ulasan yang Diterima'",
)
CS_EVALUATION_WINDOW = Rule(
    "cs_evaluation_window",
    7,
    Unit.DAYS,
    N_("Customer-service evaluation every Monday over the last 7 calendar days"),
    "DOMAIN.md §2; seed 004 §6.2",
    N_(
        "Weekends and public holidays are excluded; no evaluation in holiday mode; "
        "auto-replies count as replies."
    ),
)
NEGATIVE_RATING_MAX = Rule(
    "negative_rating_max",
    2,
    Unit.STARS,
    N_("A rating of this many stars or fewer is a negative review"),
    "DOMAIN.md §5; seed 001 'Rating Produk Rendah'",
)
METRIC_WINDOW = Rule(
    "metric_window",
    30,
    Unit.DAYS,
    N_("Window of the NRR and SFFR metrics"),
    "DOMAIN.md §5; seed 001 'Tingkat Ulasan Negatif (NRR)'",
)
URGENT_WITHIN = Rule(
    "urgent_within",
    6,
    Unit.HOURS,
    N_("Urgency band 'urgent': the deadline is less than this far away"),
    "Purna (issue 2: urgency bands)",
)
SOON_WITHIN = Rule(
    "soon_within",
    24,
    Unit.HOURS,
    N_("Urgency band 'soon': the deadline is less than this far away"),
    "Purna (issue 2: urgency bands)",
)

REFUND_SUPERVISOR_ABOVE = Rule(
    "refund_supervisor_above", 1_000_000, Unit.RUPIAH,
    N_("A refund above this amount needs a supervisor (setting refund_supervisor_above)"),
    "Purna (issue 3: who is acting)",
)  # fmt: skip

CAMPAIGN_CHECKS_PER_DAY = Rule(
    "campaign_checks_per_day",
    6,
    Unit.PER_DAY,
    N_("During a campaign, check the queues at least this often"),
    "DOMAIN.md §2 ('more during campaigns'); Purna sets 6 (every 4 hours)",
)
ALARM_24H = Rule(
    "alarm_24h",
    24,
    Unit.HOURS,
    N_("First alarm: a request's deadline is this close"),
    "Purna (issue 5: reminders)",
)
ALARM_6H = Rule(
    "alarm_6h",
    6,
    Unit.HOURS,
    N_("Second alarm: a request's deadline is this close"),
    "Purna (issue 5: reminders)",
)
ALARM_1H = Rule(
    "alarm_1h",
    1,
    Unit.HOURS,
    N_("Last alarm: a request's deadline is this close"),
    "Purna (issue 5: reminders)",
)
ALARMS = (ALARM_24H, ALARM_6H, ALARM_1H)
HOLIDAY_LOOKAHEAD = Rule(
    "holiday_lookahead", 14, Unit.DAYS,
    N_("Holidays shown ahead, so cover can be planned (the platform keeps counting)"),
    "DOMAIN.md §2 (calendar days); Purna (issue 5)",
)  # fmt: skip

SFFR_WINDOW = Rule(
    "sffr_window", METRIC_WINDOW.value, Unit.DAYS,
    N_("Window of the SFFR metric: the same days and delivered orders as NRR"),
    "DOMAIN.md §5 (Purna's reading); seed 001 'Tingkat Pengembalian Barang/Dana (SFFR)'",
    N_("Purna's reading: the seed gives SFFR no window or denominator. Orders delivered in "
       "the window; counted when a return or refund request created in the window gives a "
       "product- or service-related reason."),
)  # fmt: skip

# Recurring problems (issue: seller metrics): a SKU complained about again and again should
# be fixed, changed or taken down (DOMAIN.md §5; seed 001 "Rutin Memantau Ulasan").
_RECURRING_SOURCE = "Purna (issue: recurring problems); DOMAIN.md §5, seed 001 'Rutin Memantau'"
RECURRING_RATE_RATIO = Rule(
    "recurring_rate_ratio", 200, Unit.PERCENT,
    N_("Recurring problem: a SKU's NRR or SFFR is at least this share of the shop's"),
    _RECURRING_SOURCE,
    N_("200 percent is twice the shop's rate over the same 30 days; the SKU also needs the "
       "minimum cases and delivered orders, and the chance, below."),
)  # fmt: skip
RECURRING_MIN_CASES = Rule(
    "recurring_min_cases", 3, Unit.ORDERS,
    N_("Recurring problem by rate: at least this many of the SKU's orders are cases"),
    _RECURRING_SOURCE,
    N_("So that one bad review on three orders is not an alarm."),
)  # fmt: skip
RECURRING_MIN_ORDERS = Rule(
    "recurring_min_orders", 10, Unit.ORDERS,
    N_("Recurring problem by rate: at least this many of the SKU's orders delivered"),
    _RECURRING_SOURCE,
)  # fmt: skip
RECURRING_CHANCE = Rule(
    "recurring_chance", 1, Unit.PERCENT,
    N_("Recurring problem by rate: that many cases would arise by chance, at the shop's "
       "rate, at most this often"),
    _RECURRING_SOURCE,
    N_("A binomial test. Without it, at a shop rate of 1.7 percent, one SKU in seven with 80 "
       "orders would reach 3 cases, twice that rate, by luck alone."),
)  # fmt: skip
RECURRING_CATEGORY_CASES = Rule(
    "recurring_category_cases", 3, Unit.ORDERS,
    N_("Recurring problem: this many of a SKU's orders with seller-fault requests of one "
       "category in a short time"),
    _RECURRING_SOURCE,
    N_("Product- and service-related reasons only: courier and buyer reasons are not the "
       "seller's."),
)  # fmt: skip
RECURRING_CATEGORY_DAYS = Rule(
    "recurring_category_days", 7, Unit.DAYS,
    N_("Recurring problem: the short time for cases of one category (the last days up to now)"),
    _RECURRING_SOURCE,
    N_("The weekly review of negative ratings and return reasons then sees every cluster."),
)  # fmt: skip
RECURRING = (
    RECURRING_RATE_RATIO,
    RECURRING_MIN_CASES,
    RECURRING_MIN_ORDERS,
    RECURRING_CHANCE,
    RECURRING_CATEGORY_CASES,
    RECURRING_CATEGORY_DAYS,
)

# Values a shop cannot have: an import refuses them line by line instead of storing a typo
# (or an attack) that would then steer deadlines, money or counts.
_BOUNDS_SOURCE = "Purna (issue 8: values a shop can't have)"
MAX_REQUEST_AMOUNT = Rule(
    "max_request_amount", 1_000_000_000, Unit.RUPIAH,
    N_("An imported amount above this is refused as impossible (per request or order line)"),
    _BOUNDS_SOURCE,
)  # fmt: skip
MAX_QUANTITY = Rule(
    "max_quantity", 10_000, Unit.PIECES,
    N_("An imported quantity above this is refused as impossible"),
    _BOUNDS_SOURCE,
)  # fmt: skip
MAX_EVIDENCE = Rule(
    "max_evidence", 1_000, Unit.FILES,
    N_("An imported evidence count above this is refused as impossible"),
    _BOUNDS_SOURCE,
)  # fmt: skip
EARLIEST_YEAR = Rule(
    "earliest_year", 2000, Unit.YEAR,
    N_("An imported date before this year is refused as impossible"),
    _BOUNDS_SOURCE,
)  # fmt: skip
FUTURE_TOLERANCE = Rule(
    "future_tolerance", 1, Unit.DAYS,
    N_("An imported date more than this far in the future is refused as impossible"),
    _BOUNDS_SOURCE,
    N_("A day allows for clocks and time zones; an export cannot hold later events."),
)  # fmt: skip
IMPORT_BOUNDS = (MAX_REQUEST_AMOUNT, MAX_QUANTITY, MAX_EVIDENCE, EARLIEST_YEAR, FUTURE_TOLERANCE)

POLICY: tuple[Rule, ...] = (
    RESPOND_WINDOW,
    RESPOND_BUSINESS_DAYS,
    WRONG_ITEM_REJECT_WINDOW,
    DISPUTE_ADVICE_WINDOW,
    CHAT_REPLY_HARD,
    CHAT_REPLY_TARGET,
    LOGISTICS_CLAIM_DAYS,
    LOGISTICS_COMPLAINT_PROCESSING,
    FRUIT_MIN_DELIVERY_DAYS,
    BULK_CLAIM_MIN_ORDERS,
    RETURN_EXPECTED_DAYS,
    *CLAIM_ALARMS,
    DASHBOARD_CHECKS_PER_DAY,
    REVIEW_INTERVAL,
    CS_EVALUATION_WINDOW,
    NEGATIVE_RATING_MAX,
    METRIC_WINDOW,
    URGENT_WITHIN,
    SOON_WITHIN,
    REFUND_SUPERVISOR_ABOVE,
    CAMPAIGN_CHECKS_PER_DAY,
    *ALARMS,
    HOLIDAY_LOOKAHEAD,
    *IMPORT_BOUNDS,
    SFFR_WINDOW,
    *RECURRING,
)

DEFAULT_SHOP_ZONE = "Asia/Jakarta"


def rule(key: str) -> Rule:
    """The policy entry named `key`."""
    for entry in POLICY:
        if entry.key == key:
            return entry
    raise KeyError(key)
