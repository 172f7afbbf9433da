"""NRR and SFFR (DOMAIN.md §5; core.metrics): the shop's, with numerators and
denominators, their 12-week trend as a chart, and per SKU, worst first, flagged SKUs
marked (core.metrics.recurring). `n` on the dashboard."""

from __future__ import annotations

import math

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static
from textual_plotext import PlotextPlot

from core import insight, permissions, tags
from core.formatting import format_local
from core.i18n import N_, _, ngettext
from core.metrics import Rate, ShopMetrics, TrendPoint, format_rate
from core.reasons import Category
from tui.base import LIST_BINDINGS, PurnaScreen, step_cursor
from tui.screens.dialogs import ChooseDialog
from tui.text import lit
from tui.widgets.columns import Column, ResponsiveTable
from tui.widgets.key_footer import KeyFooter
from tui.widgets.status_bar import StatusBar

COLUMNS = (
    Column("sku", N_("SKU"), 20, 12, priority=0, is_id=True),
    Column("nrr", N_("NRR"), 7, priority=0, right=True),
    Column("negative", N_("1-2★"), 5, priority=1, right=True),
    Column("sffr", N_("SFFR"), 7, priority=0, right=True),
    Column("fault", N_("Seller fault"), 12, 6, priority=1, right=True),
    Column("orders", N_("Delivered"), 9, priority=0, right=True),
    Column("flag", N_("Recurring problem"), 40, 10, priority=2),
)
WEEKS = 12


def runs(xs: list[int], values: list[float | None]) -> list[list[tuple[int, float]]]:
    """The stretches of weeks that have a rate, each drawn as its own line, so that a
    week without one stays a gap instead of a line drawn across it."""
    found: list[list[tuple[int, float]]] = [[]]
    for x, value in zip(xs, values, strict=True):
        if value is None:
            if found[-1]:
                found.append([])
        else:
            found[-1].append((x, value))
    return [run for run in found if run]


def rate_text(name: str, rate: Rate) -> Text:
    """`NRR 4,7%  59 of 1.250 orders delivered`."""
    line = Text(f"{name} ", "bold")
    line.append(format_rate(rate), "bold red" if rate.numerator else "bold")
    line.append("  " + _("{n} of {d} orders delivered").format(n=rate.numerator,
                                                               d=rate.denominator))  # fmt: skip
    return line


def percent_ticks(top: float) -> list[float]:
    """Round, evenly spaced y-axis marks from 0 to just above `top` (a rate in percent):
    steps of 1, 2, 5, 10, 20… so that the marks never read 9.5, 14.3, 23.8."""
    step = 1.0
    while top / step > 5:
        for factor in (2.0, 2.5, 2.0):  # 1 → 2 → 5 → 10 → 20 → 50 …
            step *= factor
            if top / step <= 5:
                break
    count = max(1, math.ceil(top / step)) if top > 0 else 1
    return [step * i for i in range(count + 1)]


class MetricsScreen(PurnaScreen):
    TITLE = N_("Seller metrics")
    HELP = N_(
        "NRR: the share of orders delivered in the 30 days before today that got a 1-2 star "
        "review in those days. SFFR (Purna's reading): the share with a return or refund "
        "request of the seller's fault (product or service) in those days. The chart shows "
        "both as they stood each week; the table shows each SKU, worst first, with the "
        "recurring problems. r lets a supervisor classify reason texts nobody has classified."
    )
    BINDINGS = [
        Binding("r", "classify", N_("Classify reasons")),
        Binding("ctrl+r", "reload", N_("Reload"), show=False),
        *LIST_BINDINGS,
    ]
    DEFAULT_CSS = """
    MetricsScreen #metrics-summary { height: auto; padding: 0 1; }
    MetricsScreen #metrics-chart { height: 9; }
    MetricsScreen #metrics-table { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.shown: ShopMetrics | None = None
        self.unclassified: list[tags.Unclassified] = []

    def compose(self) -> ComposeResult:
        yield StatusBar(self.screen_title())
        yield Static(id="metrics-summary")
        yield PlotextPlot(id="metrics-chart")
        yield ResponsiveTable(COLUMNS, id="metrics-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    @property
    def table(self) -> ResponsiveTable:
        return self.query_one("#metrics-table", ResponsiveTable)

    def on_mount(self) -> None:
        self.table.focus()
        self.purna.when_store_ready(self, self.action_reload)

    def action_reload(self) -> None:
        """Read the figures in a worker: a busy store shows "loading…", never a frozen screen."""
        store = self.purna.store
        summary = self.query_one("#metrics-summary", Static)
        if store is None:
            summary.update(Text(self.purna.store_error or "", "bold red"))
            return
        if self.shown is None:
            summary.update(Text(_("loading…"), "dim"))
        now = self.purna.now()
        self.load(lambda: insight.metrics_view(store, now, WEEKS), self._show, summary.update)

    def _show(self, view: insight.MetricsView) -> None:
        zone = self.purna.shop_zone
        self.shown = shown = view.shown
        flags = view.flags
        self.unclassified = list(view.unclassified)
        summary = Text(_("30 days from {start} to before {end}").format(
            start=format_local(shown.window.start, zone),
            end=format_local(shown.window.end, zone)), "dim")  # fmt: skip
        summary.append("\n")
        summary.append_text(rate_text("NRR", shown.nrr))
        summary.append("   ")
        summary.append_text(rate_text("SFFR", shown.sffr))
        if self.unclassified:
            summary.append("\n")
            summary.append(ngettext(
                "{n} reason text nobody has classified is not in SFFR yet (r: a supervisor "
                "classifies it once)",
                "{n} reason texts nobody has classified are not in SFFR yet (r: a supervisor "
                "classifies each once)", len(self.unclassified)).format(n=len(self.unclassified)),
                "yellow")  # fmt: skip
        self.query_one("#metrics-summary", Static).update(summary)
        self._chart(view.points)
        keep = self.table.cursor_row
        rows = []
        for sku in shown.skus:
            flag = flags.get(sku.sku)
            rows.append({
                "sku": lit(sku.sku),
                "nrr": format_rate(sku.nrr),
                "negative": str(sku.nrr.numerator),
                "sffr": format_rate(sku.sffr),
                "fault": str(sku.sffr.numerator),
                "orders": str(sku.nrr.denominator),
                "flag": Text("⚑ " + "; ".join(w.text() for w in flag.why), "bold red")
                if flag else "",
            })  # fmt: skip
        self.table.set_rows(rows)
        if rows:
            self.table.move_cursor(row=min(keep, len(rows) - 1))
        self.refresh_bindings()

    def _chart(self, points: tuple[TrendPoint, ...]) -> None:
        """Every week on the x axis, 0 today; a week whose 30 days had no delivered order
        has no rate (its denominator is 0, DOMAIN.md §5) and is left as a gap: drawing
        it as 0 % would read as a perfect month."""
        chart = self.query_one(PlotextPlot)
        plt = chart.plt
        plt.clear_data()
        plt.clear_figure()
        xs = list(range(1 - len(points), 1))  # weeks before today: …, -2, -1, 0
        for name, values, color in (
            ("NRR", [p.nrr.value for p in points], "red"),
            ("SFFR", [p.sffr.value for p in points], "blue"),
        ):
            for n, run in enumerate(runs(xs, values)):
                plt.plot([x for x, _v in run], [v * 100 for _x, v in run],
                         label=name if n == 0 else None, color=color,
                         marker="braille")  # fmt: skip
        if xs:
            plt.xlim(xs[0], xs[-1])
            plt.xticks(xs[::-2][::-1])
        shown = [v * 100 for p in points for v in (p.nrr.value, p.sffr.value) if v is not None]
        ticks = percent_ticks(max(shown, default=0.0))
        plt.ylim(0, ticks[-1])
        plt.yticks(ticks, [f"{t:g}%" for t in ticks])  # evenly spaced, whole steps
        plt.title(_("Rate (%), last {n} weeks (0: today; each point its own 30 days)").format(
            n=len(points)))  # fmt: skip
        chart.refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "classify":
            return bool(self.unclassified) and permissions.allows(self.purna.member,
                                                                  "classify_reason")  # fmt: skip
        return super().check_action(action, parameters)

    def action_cursor(self, delta: int) -> None:
        step_cursor(self.table, delta, len(self.shown.skus) if self.shown else 0)

    @work(exclusive=True, group="classify")
    async def action_classify(self) -> None:
        store = self.purna.store
        if store is None or not self.unclassified:
            return
        texts = [(lit(u.text).append(_("  ({n} requests)").format(n=u.requests), "dim"), n)
                 for n, u in enumerate(self.unclassified)]  # fmt: skip
        which = await self.app.push_screen_wait(ChooseDialog(
            _("Reason texts nobody has classified"),
            _("Choose one: its category applies to every request that gives it."),
            texts))  # fmt: skip
        if which is None:
            return
        text = self.unclassified[which].text
        choices = list(Category)
        chosen = await self.app.push_screen_wait(ChooseDialog(
            _("Category of: {reason}").format(reason=text),
            _("Product and service count in SFFR as the seller's fault; courier and the "
              "buyer's own reasons do not."),
            [(_(c.title), n) for n, c in enumerate(choices)]))  # fmt: skip
        if chosen is None:
            return
        login, now = self.purna.login, self.purna.now()
        await self.act(lambda: tags.classify_text(store, text=text, category=choices[chosen],
                                                  login=login, now=now))  # fmt: skip
