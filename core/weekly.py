"""The weekly review (DOMAIN.md §2 "review negative ratings and return reasons: weekly";
seed 001 "Rutin Memantau": "Cek rating ulasan negatif dan alasan pengembalian barang/dana
setiap minggu"): the week's top return reasons, the worst SKUs, NRR and SFFR against last
week, the recurring problems with their cases, and the 1-2 star reviews still without a
follow-up; as a screen, `purna review-week [--json]` and an XLSX file for the owner.

The week is the 7 shop-local days before day D (00:00 of D−7 to 00:00 of D); NRR and
SFFR are the platform's 30-day figures as they stood on D and on D−7 (core.metrics).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from core import metrics, review_queue
from core.calendar import local_date, start_of_local_day
from core.db import Store
from core.i18n import _, current_language
from core.metrics import Flag, Rate, ShopMetrics, SkuMetrics, Window
from core.models import Request
from core.reasons import Category
from core.review_queue import NegativeReview
from core.tags import CATEGORY_NAMES, overrides_in, tag_of

TOP = 10  # reasons and SKUs listed


@dataclass(frozen=True)
class ReasonCount:
    """One reason text of the week's requests, its category, and how many gave it."""

    reason: str
    category: Category | None
    requests: int

    def as_json(self) -> dict[str, Any]:
        return {"reason": self.reason, "category": self.category.value if self.category else None,
                "requests": self.requests}  # fmt: skip


@dataclass(frozen=True)
class WeekReview:
    at: date  # the day after the week
    week: Window
    now_metrics: ShopMetrics  # NRR/SFFR on `at`
    last_week: ShopMetrics  # on `at` − 7 days
    reasons: tuple[ReasonCount, ...]  # most requests first
    categories: tuple[tuple[Category | None, int], ...]  # the week's requests per category
    worst: tuple[SkuMetrics, ...]  # SKUs with cases, worst first
    flags: tuple[Flag, ...]
    waiting: tuple[NegativeReview, ...]  # 1-2 star reviews still new, oldest first

    def as_json(self) -> dict[str, Any]:
        """The `purna review-week --json` object."""
        return {
            "at": self.at.isoformat(),
            "week": self.week.as_json(),
            "nrr": {"now": self.now_metrics.nrr.as_json(),
                    "last_week": self.last_week.nrr.as_json()},
            "sffr": {"now": self.now_metrics.sffr.as_json(),
                     "last_week": self.last_week.sffr.as_json()},
            "reasons": [r.as_json() for r in self.reasons],
            "categories": {(c.value if c else "unclassified"): n for c, n in self.categories},
            "worst_skus": [s.as_json() for s in self.worst],
            "recurring": [f.as_json() for f in self.flags],
            "reviews_without_follow_up": [r.as_json() for r in self.waiting],
        }  # fmt: skip


def change_words(now: Rate, before: Rate) -> str:
    """`up 1.2 points`, `down 0.4 points`, `no change`, or `—` when either has no orders."""
    if now.value is None or before.value is None:
        return "—"
    from decimal import ROUND_HALF_EVEN, Decimal

    from babel.numbers import format_decimal

    # the difference of the two rates as shown (one decimal, babel's half-even rounding),
    # so that "5,3% … a week ago 5,4%" reads "down 0,1 points", never 0,2
    def percent(value: float) -> Decimal:
        return (Decimal(repr(value)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)

    points = float(percent(now.value) - percent(before.value))
    locale = "id_ID" if current_language() == "id" else "en_US"  # 0,1 poin, as the rates

    def shown(value: float) -> str:
        return format_decimal(value, "#,##0.#", locale=locale)

    if points > 0:
        return _("up {points} points").format(points=shown(points))
    if points < 0:
        return _("down {points} points").format(points=shown(-points))
    return _("no change")


def week_review(store: Store, now: datetime) -> WeekReview:
    """The review of the 7 shop days before today (shop zone), as of `now`."""
    zone = store.shop_zone
    today = local_date(now, zone)
    week = Window(start_of_local_day(today - timedelta(days=7), zone),
                  start_of_local_day(today, zone))  # fmt: skip
    with store.read() as session:
        shop = overrides_in(session)
        rows = session.execute(
            select(Request.reason, Request.category)
            .where(col(Request.created_at) >= week.start, col(Request.created_at) < week.end)
        ).all()  # fmt: skip
    reasons: Counter[tuple[str, Category | None]] = Counter()
    per_category: Counter[Category | None] = Counter()
    for reason, tagged in rows:
        tag = tag_of(tagged, reason, shop)
        per_category[tag.category] += 1
        if reason and reason.strip():
            reasons[(reason.strip(), tag.category)] += 1
    top = sorted(reasons.items(), key=lambda item: (-item[1], item[0][0]))[:TOP]
    current = metrics.shop_metrics(store, today, shop)
    before = metrics.shop_metrics(store, today - timedelta(days=7), shop)
    order = {c: n for n, c in enumerate((*Category, None))}
    return WeekReview(
        at=today,
        week=week,
        now_metrics=current,
        last_week=before,
        reasons=tuple(ReasonCount(text, category, n) for (text, category), n in top),
        categories=tuple(sorted(per_category.items(), key=lambda i: order[i[0]])),
        worst=tuple(s for s in current.skus if s.cases)[:TOP],
        flags=tuple(metrics.recurring(store, now, shop, current)),  # today's metrics read once
        waiting=tuple(r for r in review_queue.negative_reviews(store)
                      if r.state is review_queue.FollowUp.NEW),
    )  # fmt: skip


# --- the owner's XLSX ----------------------------------------------------------------------


def _category_name(category: Category | None) -> str:
    return _(CATEGORY_NAMES[category]) if category else _("not classified")


def _percent(rate: Rate) -> float | None:
    return rate.value


def write_xlsx(review: WeekReview, path: Path, shop_zone: Any) -> Path:
    """The weekly review as an XLSX workbook for the owner: a summary sheet, then reasons,
    SKUs, recurring problems and reviews without a follow-up. Text from files stays text
    (never a formula); buyers' comments leave with their contacts masked."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from core.formatting import format_date, format_local
    from core.privacy import mask_contacts
    from core.xlsx_write import append_rows, save_book, set_widths

    book = Workbook()
    fresh = [book.active]  # the workbook's first, empty sheet: the summary's

    def sheet_of(title: str, headers: list[str], rows: list[list[Any]], widths: list[int],
                 percent: tuple[int, ...] = ()) -> None:  # fmt: skip
        sheet = fresh.pop() if fresh else book.create_sheet()
        assert sheet is not None
        sheet.title = title[:31]
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        append_rows(sheet, rows, dict.fromkeys(percent, "0.0%"))  # a SKU "=…" stays text
        set_widths(sheet, widths)

    first_day = local_date(review.week.start, shop_zone)
    last_day = local_date(review.week.end - timedelta(seconds=1), shop_zone)
    now_m, last_m = review.now_metrics, review.last_week
    summary: list[list[Any]] = [
        [_("Week"), f"{format_date(first_day)} – {format_date(last_day)}", None, None],
        [_("NRR (30 days) now"), _percent(now_m.nrr), now_m.nrr.numerator,
         now_m.nrr.denominator],
        [_("NRR (30 days) a week ago"), _percent(last_m.nrr), last_m.nrr.numerator,
         last_m.nrr.denominator],
        [_("SFFR (30 days) now"), _percent(now_m.sffr), now_m.sffr.numerator,
         now_m.sffr.denominator],
        [_("SFFR (30 days) a week ago"), _percent(last_m.sffr), last_m.sffr.numerator,
         last_m.sffr.denominator],
        *([_("Requests: {category}").format(category=_category_name(c)), n, None, None]
          for c, n in review.categories),
        [_("Recurring problems"), len(review.flags), None, None],
        [_("Negative reviews without a follow-up"), len(review.waiting), None, None],
    ]  # fmt: skip
    sheet_of(_("Summary"), [_("What"), _("Value"), _("Orders with a case"),
                            _("Orders delivered")], summary, [40, 26, 20, 18], (1,))  # fmt: skip
    sheet_of(_("Reasons"), [_("Reason"), _("Category"), _("Requests")],
             [[r.reason, _category_name(r.category), r.requests] for r in review.reasons],
             [60, 16, 10])  # fmt: skip
    sheet_of(_("SKUs"), [_("SKU"), _("NRR"), _("Negative reviews"), _("SFFR"),
                         _("Seller-fault requests"), _("Orders delivered")],
             [[s.sku, s.nrr.value, s.nrr.numerator, s.sffr.value, s.sffr.numerator,
               s.nrr.denominator] for s in review.worst],
             [24, 10, 16, 10, 20, 16], (1, 3))  # fmt: skip
    flag_rows: list[list[Any]] = []
    for flag in review.flags:
        why = "; ".join(w.text() for w in flag.why)
        for case in flag.cases:
            kind = _("review {stars}★").format(stars=case.rating) if case.kind == "review" \
                else _("request {id}").format(id=case.request_id or "")  # fmt: skip
            flag_rows.append([flag.sku, why, kind, case.order_id,
                              format_local(case.at, shop_zone), case.reason or "",
                              _category_name(case.category) if case.category else ""])  # fmt: skip
        if not flag.cases:
            flag_rows.append([flag.sku, why, "", "", "", "", ""])
    sheet_of(_("Recurring problems"), [_("SKU"), _("Why"), _("Case"), _("Order"), _("When"),
                                       _("Reason"), _("Category")], flag_rows,
             [24, 60, 18, 22, 18, 40, 14])  # fmt: skip
    sheet_of(_("Reviews to follow up"), [_("Reviewed"), _("Stars"), _("Order"), _("SKU"),
                                         _("Category"), _("Request"), _("Comment")],
             [[format_local(r.created_at, shop_zone), r.rating, r.order_id, r.sku,
               _category_name(r.category), r.request_id or "", mask_contacts(r.comment)]
              for r in review.waiting],
             [18, 6, 22, 20, 14, 20, 60])  # fmt: skip
    save_book(book, path)
    return path


def default_name(review: WeekReview) -> str:
    """`purna-review-week-2026-11-22.xlsx`."""
    return f"purna-review-week-{review.at.isoformat()}.xlsx"


def rate_line(name: str, now: Rate, before: Rate) -> str:
    """`NRR 4,7% (59 of 1.250), a week ago 4,9% (48 of 983): down 0.2 points`."""
    from core.metrics import format_rate

    return _("{name} {rate} ({n} of {d}), a week ago {before} ({bn} of {bd}): {change}").format(
        name=name, rate=format_rate(now), n=now.numerator, d=now.denominator,
        before=format_rate(before), bn=before.numerator, bd=before.denominator,
        change=change_words(now, before),
    )  # fmt: skip


def as_text(review: WeekReview, shop_zone: Any) -> str:
    """The weekly review as plain text (`purna review-week`); texts from files cleaned."""
    from core.formatting import format_date, format_local
    from core.metrics import format_rate
    from core.text import clean

    first = local_date(review.week.start, shop_zone)
    last = local_date(review.week.end - timedelta(seconds=1), shop_zone)
    lines = [
        _("Weekly review: {first} to {last}").format(first=format_date(first),
                                                      last=format_date(last)),
        "  " + rate_line("NRR", review.now_metrics.nrr, review.last_week.nrr),
        "  " + rate_line("SFFR", review.now_metrics.sffr, review.last_week.sffr),
        "",
        _("Top reasons of the week's requests:"),
    ]  # fmt: skip
    lines += [f"  {r.requests:>4}  {clean(r.reason)}  ({_category_name(r.category)})"
              for r in review.reasons] or ["  " + _("none")]  # fmt: skip
    lines += ["", _("Worst SKUs (30 days):")]
    worst = _("{sku}: NRR {nrr} ({n}), SFFR {sffr} ({s}) of {d} orders")
    lines += ["  " + worst.format(
        sku=clean(s.sku), nrr=format_rate(s.nrr), n=s.nrr.numerator, sffr=format_rate(s.sffr),
        s=s.sffr.numerator, d=s.nrr.denominator) for s in review.worst]  # fmt: skip
    if not review.worst:
        lines.append("  " + _("none"))
    lines += ["", _("Recurring problems:")]
    for flag in review.flags:
        lines.append(f"  {clean(flag.sku)}: " + "; ".join(w.text() for w in flag.why))
        for case in flag.cases:
            what = (_("review {stars}★").format(stars=case.rating) if case.kind == "review"
                    else _("request {id}").format(id=clean(case.request_id or "")))  # fmt: skip
            reason = f"  {clean(case.reason)}" if case.reason else ""
            lines.append(f"      {format_local(case.at, shop_zone)}  {what}  "
                         f"{clean(case.order_id)}{reason}")  # fmt: skip
    if not review.flags:
        lines.append("  " + _("none"))
    lines += ["", _("1-2 star reviews without a follow-up: {n}").format(n=len(review.waiting))]
    for item in review.waiting:
        lines.append(f"  {format_local(item.created_at, shop_zone)}  {item.rating}★  "
                     f"{clean(item.order_id)}  {clean(item.sku)}  "
                     f"{_category_name(item.category)}")  # fmt: skip
    return "\n".join(lines) + "\n"


def export(store: Store, path: Path, now: datetime, review: WeekReview | None = None) -> Path:
    """Write the weekly review of `now` to `path` (XLSX); a folder that cannot be written
    is refused in words, nothing written. `review`: the one already read (the screen's),
    so the file holds what the person saw and the store is not read again."""
    from core.errors import Refused

    if review is None:
        review = week_review(store, now)
    target = path.expanduser()
    try:
        return write_xlsx(review, target, store.shop_zone)
    except OSError as exc:
        raise Refused(_("Could not write {file}: {error}. Nothing was written.").format(
            file=target, error=exc.strerror or exc), "io") from None  # fmt: skip
