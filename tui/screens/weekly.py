"""The weekly review (core.weekly): NRR and SFFR against last week, the week's top
reasons, the worst SKUs, recurring problems with their cases, and the 1-2 star reviews
still without a follow-up; `x` writes it as an XLSX file for the owner. `w` on the
dashboard."""

from __future__ import annotations

from datetime import timedelta, tzinfo
from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from core import weekly
from core.calendar import local_date
from core.formatting import format_date, format_local
from core.i18n import N_, _
from core.metrics import format_rate
from core.reasons import Category
from core.tags import CATEGORY_NAMES
from core.weekly import WeekReview
from tui.base import SCROLL_BINDINGS, PurnaScreen
from tui.screens.dialogs import EntryDialog
from tui.text import lit
from tui.widgets.key_footer import KeyFooter
from tui.widgets.status_bar import StatusBar

CASES_SHOWN = 5  # cases listed under each recurring problem (the XLSX has them all)


def _category(category: Category | None) -> str:
    return _(CATEGORY_NAMES[category]) if category else _("not classified")


def _heading(text: str) -> Text:
    return Text("\n" + text, "bold underline")


def review_body(review: WeekReview, zone: tzinfo) -> list[RenderableType]:
    """The review as renderables, section by section (texts from files shown literally)."""
    first = local_date(review.week.start, zone)
    last = local_date(review.week.end - timedelta(seconds=1), zone)
    parts: list[RenderableType] = [Text(_("Week {first} to {last}").format(
        first=format_date(first), last=format_date(last)), "bold")]  # fmt: skip
    current, before_week = review.now_metrics, review.last_week
    for name, now, before in (("NRR", current.nrr, before_week.nrr),
                              ("SFFR", current.sffr, before_week.sffr)):  # fmt: skip
        line = Text(f"{name} ", "bold")
        line.append(format_rate(now), "bold")
        line.append(" " + _("({n} of {d})").format(n=now.numerator, d=now.denominator), "dim")
        line.append("  " + _("a week ago") + " " + format_rate(before))
        line.append("  " + weekly.change_words(now, before),
                    "bold red" if (now.value or 0) > (before.value or 0) else "green")  # fmt: skip
        parts.append(line)

    parts.append(_heading(_("Top reasons of the week's requests")))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_column(no_wrap=True, style="dim")
    for reason in review.reasons:
        grid.add_row(str(reason.requests), lit(reason.reason), _category(reason.category))
    parts.append(grid if review.reasons else Text(" " + _("none"), "dim"))

    parts.append(_heading(_("Worst SKUs (30 days)")))
    skus = Table.grid(padding=(0, 1))
    skus.add_column(ratio=1)
    for _column in range(3):
        skus.add_column(justify="right", no_wrap=True)
    for sku in review.worst:
        skus.add_row(lit(sku.sku), f"NRR {format_rate(sku.nrr)} ({sku.nrr.numerator})",
                     f"SFFR {format_rate(sku.sffr)} ({sku.sffr.numerator})",
                     _("{d} delivered").format(d=sku.nrr.denominator))  # fmt: skip
    parts.append(skus if review.worst else Text(" " + _("none"), "dim"))

    parts.append(_heading(_("Recurring problems ({n})").format(n=len(review.flags))))
    for flag in review.flags:
        head = Text("⚑ ", "bold red")
        head.append_text(lit(flag.sku, "bold"))
        head.append(": " + "; ".join(w.text() for w in flag.why))
        parts.append(head)
        for case in flag.cases[-CASES_SHOWN:]:
            what = (_("review {stars}★").format(stars=case.rating) if case.kind == "review"
                    else _("request {id}").format(id=case.request_id or ""))  # fmt: skip
            line = Text(f"    {format_local(case.at, zone)}  ", "dim")
            line.append_text(lit(what))
            line.append("  ")
            line.append_text(lit(case.order_id))
            if case.reason:
                line.append("  ")
                line.append_text(lit(case.reason, "italic"))
            parts.append(line)
        if len(flag.cases) > CASES_SHOWN:
            parts.append(Text("    " + _("and {n} earlier cases (in the XLSX)").format(
                n=len(flag.cases) - CASES_SHOWN), "dim"))  # fmt: skip
    if not review.flags:
        parts.append(Text(" " + _("none"), "dim"))

    parts.append(_heading(_("1-2 star reviews without a follow-up ({n}): key 0").format(
        n=len(review.waiting))))  # fmt: skip
    for item in review.waiting:
        line = Text(f" {format_local(item.created_at, zone)}  ")
        line.append("★" * item.rating, "bold red")
        line.append("  ")
        line.append_text(lit(item.order_id))
        line.append("  ")
        line.append_text(lit(item.sku))
        line.append(f"  {_category(item.category)}", "dim")
        parts.append(line)
    if not review.waiting:
        parts.append(Text(" " + _("none"), "dim"))
    return parts


class WeeklyScreen(PurnaScreen):
    TITLE = N_("Weekly review")
    HELP = N_(
        "Every week (negative ratings and return reasons are checked weekly): NRR and SFFR "
        "against a week ago, the top reasons of the week's requests, the worst SKUs, the "
        "recurring problems with their cases, and the 1-2 star reviews still without a "
        "follow-up. x writes it as an XLSX file for the owner."
    )
    SCROLL_BODY = "#weekly-body"
    DEFAULT_CSS = """
    WeeklyScreen #weekly-body { height: 1fr; padding: 0 1; }
    """
    BINDINGS = [
        Binding("x", "export", N_("Export XLSX")),
        Binding("ctrl+r", "reload", N_("Reload"), show=False),
        *SCROLL_BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.review: WeekReview | None = None

    def compose(self) -> ComposeResult:
        yield StatusBar(self.screen_title())
        with VerticalScroll(id="weekly-body"):
            yield Static(id="weekly-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#weekly-body").focus()
        self.purna.when_store_ready(self, self.action_reload)

    def action_reload(self) -> None:
        """Read the review in a worker: a busy store shows "loading…", never a frozen screen."""
        store = self.purna.store
        shown = self.query_one("#weekly-text", Static)
        if store is None:
            shown.update(Text(self.purna.store_error or "", "bold red"))
            return
        if self.review is None:
            shown.update(Text(_("loading…"), "dim"))
        now = self.purna.now()
        self.load(lambda: weekly.week_review(store, now), self._show, shown.update)

    def _show(self, review: WeekReview) -> None:
        self.review = review
        self.query_one("#weekly-text", Static).update(
            Group(*review_body(review, self.purna.shop_zone))
        )
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export":
            return self.review is not None  # nothing to write before the review is read
        return super().check_action(action, parameters)

    @work(exclusive=True, group="export")
    async def action_export(self) -> None:
        store = self.purna.store
        review = self.review
        if store is None or review is None:
            return
        default = f"~/{weekly.default_name(review)}"  # short, and core expands it
        answer = await self.app.push_screen_wait(EntryDialog(
            _("Export the weekly review"),
            _("An XLSX workbook for the owner: summary, reasons, SKUs, recurring problems and "
              "reviews to follow up (buyers' contacts masked)."),
            _("Write"), field=_("file"), minimum=1, value=default,
        ))  # fmt: skip
        if answer is None:
            return
        now = self.purna.now()  # the review shown is written as it is (no second read)
        if not await self.act(lambda: weekly.export(store, Path(answer), now, review),
                              reload=False):  # fmt: skip
            return
        self.notify(_("Written: {file}").format(file=Path(answer).expanduser()),
                    title=_("Weekly review"), markup=False)  # fmt: skip
