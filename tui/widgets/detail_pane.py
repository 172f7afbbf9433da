"""Everything needed to judge one request: type, deadline, buyer's words, order, checklist."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from core.deadlines import Band
from core.formatting import format_date, format_local, format_rupiah
from core.i18n import _
from core.marketplaces import order_status_title
from core.timing import Status, Timing, of_row
from core.trail import reject_reason_title
from core.workflow import CONDITIONS, STATE_TITLES, TYPE_TITLES
from tui.text import lit, plain

if TYPE_CHECKING:
    from core.queries import RequestDetail
    from core.tags import Tag

MARKETPLACE_NAMES = {"tiktok_shop": "TikTok Shop", "tokopedia": "Tokopedia", "shopee": "Shopee"}

BAND_STYLES = {
    Band.OVERDUE: "bold white on red",
    Band.URGENT: "bold red",
    Band.SOON: "yellow",
    Band.LATER: "green",
}


# Below this many cells the checklist and notes go under the facts instead of beside them.
SIDE_BY_SIDE_WIDTH = 100


def render_detail(
    detail: RequestDetail, now: datetime, zone: tzinfo, width: int = SIDE_BY_SIDE_WIDTH
) -> RenderableType:
    """Facts on the left, the type's checklist and notes on the right; on a narrow terminal
    (80 columns) the checklist and notes follow below the facts."""
    row = detail.row
    shown = of_row(row, now)
    claimed = lit(
        f"{detail.claimed_by_name or row.claimed_by} ({row.claimed_by})"
        if row.claimed_by
        else _("nobody yet")
    )
    if shown.status is Status.DECIDED:
        timing = Text(" " + shown.label + " ", "bold reverse")
    elif shown.status is Status.ANSWERED:
        timing = Text(" " + shown.label + " ", "bold green reverse")
    elif shown.status is Status.COUNTING:
        timing = Text(f" {shown.label} {shown.countdown} ", BAND_STYLES[shown.urgent])
    else:  # auto-approved by the platform, or a deadline Purna cannot know
        timing = Text(f" {shown.explanation} ", BAND_STYLES[Band.OVERDUE])
    title = Text.assemble(
        lit(row.request_id, "bold"),
        "  ",
        (f" {_(TYPE_TITLES[row.request_type])} ", "bold reverse"),
        "  ",
        (_(STATE_TITLES[row.state]), "bold"),
        "   ",
        timing,
        "   ",
        (_("Claimed by") + ": ", "dim"),
        claimed,
    )
    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column(ratio=1)
    if row.respond_by is not None and row.created_at is not None:
        facts.add_row(
            _("Respond by"),
            Text.assemble(
                (format_local(row.respond_by, zone, weekday=True), "bold"),
                " ",
                (_("(48 h after {created})").format(created=format_local(row.created_at, zone)),
                 "dim"),
            ),
        )  # fmt: skip
    else:
        facts.add_row(_("Respond by"), Text(timing_of_unknown(), "bold yellow"))
    if detail.respond_by_business_day is not None:
        facts.add_row(
            "",
            Text(
                _("'2 working days' would be {day}: for information only.").format(
                    day=format_date(detail.respond_by_business_day, weekday=True)
                ),
                "dim",
            ),
        )
    facts.add_row(
        _("Order"),
        Text.assemble(
            lit(row.order_id, "bold"),
            "  ",
            MARKETPLACE_NAMES.get(row.marketplace, plain(row.marketplace)),
            "  ",
            (format_rupiah(row.amount), "bold"),
        ),
    )
    facts.add_row(_("Items") if len(detail.items) > 1 else _("Product"), items_text(detail))
    facts.add_row(_("Buyer"), lit(row.buyer_name or "-"))
    facts.add_row(_("Reason"), lit(detail.reason or "-", "bold"))
    if detail.tag is not None:
        facts.add_row(_("Category"), tag_text(detail.tag))
    facts.add_row(
        _("Buyer comment"),
        lit(f"“{detail.buyer_comment}”" if detail.buyer_comment else "-", "italic", lines=True),
    )
    if detail.evidence_count is None:
        evidence = _("the export does not say: look at the buyer's evidence in Seller Center")
    elif detail.evidence_count:
        evidence = _("{n} photo(s)/video(s) attached").format(n=detail.evidence_count)
    else:
        evidence = _("none attached: ask for a clear photo or video first")
    facts.add_row(_("Evidence"), Text(evidence, "yellow" if not detail.evidence_count else ""))
    if detail.return_awb:
        facts.add_row(_("Return AWB"), lit(detail.return_awb))
    facts.add_row(_("Delivery"), _delivery(detail, zone))
    if detail.responded_at:
        facts.add_row(_("Answered"), format_local(detail.responded_at, zone))
    if detail.holding_reply_at:
        words = (
            _("recorded {when} (Purna sends nothing); the 48 h deadline still counts")
            if not detail.row.answered
            else _("recorded {when} (Purna sends nothing)")
        )
        facts.add_row(_("Holding reply"), Text(words.format(
            when=format_local(detail.holding_reply_at, zone)), "yellow"))  # fmt: skip
    if detail.received_at:
        received = format_local(detail.received_at, zone)
        if detail.inspection:
            received += "  · " + _(CONDITIONS.get(detail.inspection, detail.inspection))
        facts.add_row(_("Return received"), received)
    if detail.resend_awb:
        facts.add_row(_("New AWB"), lit(detail.resend_awb))
    if detail.reject_reason:
        facts.add_row(_("Rejected because"),
                      Text(reject_reason_title(detail.reject_reason), "bold"))  # fmt: skip
        if detail.reject_note:
            facts.add_row(_("Reject note"), lit(detail.reject_note, lines=True))

    side = Table.grid(padding=(0, 1))
    side.add_column(no_wrap=True)
    side.add_column(ratio=1)
    side.add_row(
        "",
        Text(
            _("Checklist for {type} (c to tick)").format(type=_(TYPE_TITLES[row.request_type])),
            "bold underline",
        ),
    )
    for check in detail.checks:
        if check.done_by and check.done_at:
            done = _("{who}, {when}").format(
                who=check.done_by, when=format_local(check.done_at, zone)
            )
            side.add_row(
                Text("[x]", "bold green"),
                Text.assemble(_(check.item.title), lit(f" ({done})", "dim")),
            )
        else:
            side.add_row(Text("[ ]", "bold yellow"), Text(_(check.item.title)))
    if detail.notes:
        side.add_row("", Text(_("Notes"), "bold underline"))
        for at, author, note in detail.notes:
            side.add_row("", Text.assemble(lit(f"{format_local(at, zone)} {author}: ", "dim"),
                                           lit(note, lines=True)))  # fmt: skip

    if width < SIDE_BY_SIDE_WIDTH:
        body: RenderableType = Group(facts, Text(""), side)
    else:
        grid = Table.grid(padding=(0, 2), expand=True)
        grid.add_column(ratio=3)
        grid.add_column(ratio=2)
        grid.add_row(facts, side)
        body = grid
    warning = mismatch_text(detail)
    return Group(title, warning, body) if warning is not None else Group(title, body)


def items_text(detail: RequestDetail) -> Text:
    """Every SKU of the request, one per line: name, SKU, quantity, amount, condition."""
    if not detail.items:  # a request without items (never from an import): its summary
        return lit(f"{detail.row.product_name or '-'} · SKU {detail.row.sku} ×{detail.quantity}")
    text = Text()
    for index, item in enumerate(detail.items):
        if index:
            text.append("\n")
        text.append(lit(f"{item.product_name or '-'} · SKU {item.sku} ×{item.quantity}"))
        if len(detail.items) > 1:
            text.append(f"  {format_rupiah(item.amount)}", "dim")
        if item.condition:
            text.append("  " + _(CONDITIONS.get(item.condition, item.condition)), "bold")
    return text


def timing_of_unknown() -> str:
    return Timing(Status.UNKNOWN).explanation


def mismatch_text(detail: RequestDetail) -> Text | None:
    """A warning when the buyer's words suggest another request type (DOMAIN.md §1)."""
    if not detail.mismatches:
        return None
    text = Text()
    for found in detail.mismatches:
        text.append("⚠ ", "bold yellow")
        text.append(
            _("The buyer's words suggest {type} (“{words}”): check the type before deciding.")
            .format(type=_(TYPE_TITLES[found.suggests]), words=plain("”, “".join(found.words))),
            "bold yellow",
        )  # fmt: skip
        text.append("\n")  # its source (found.ref) is for the policy screen, not for staff
    text.rstrip()
    return text


def _delivery(detail: RequestDetail, zone: tzinfo) -> Text:
    order = detail.order
    if order is None:
        return Text(_("order not imported yet"), "dim")
    pieces: list[str | tuple[str, str] | Text] = [
        lit(order.courier or "-"),
        "  ",
        lit(order.awb or ""),
        "  ",
        lit(order.logistics_status or _(order_status_title(order.status))),
    ]
    if order.delivered_at:
        pieces += ["  ", _("delivered {when}").format(when=format_local(order.delivered_at, zone))]
    if order.claim_last_day:
        until = _("logistics claim until {day}").format(day=format_date(order.claim_last_day))
        if order.claim_basis == "delivered":
            until += " " + _("(counted from the delivery: the export has no logistics update)")
        elif order.claim_basis == "shipped":
            until += " " + _("(counted from the shipping: the export has no logistics update)")
        pieces += ["  ", (until, "dim")]
    return Text.assemble(*pieces)


class DetailPane(VerticalScroll, can_focus=False):
    """Shows one request's `RequestDetail`; `show(None)` clears it."""

    DEFAULT_CSS = """
    DetailPane {
        height: auto;
        max-height: 45%;
        border-top: heavy $primary;
        padding: 0 1;
    }
    DetailPane.full { max-height: 100%; height: 1fr; border-top: none; }
    """

    def __init__(
        self, now: Callable[[], datetime], zone: Callable[[], tzinfo], **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.now = now
        self.zone = zone
        self.detail: RequestDetail | None = None
        self._body = Static(Text(""))

    def compose(self):  # type: ignore[no-untyped-def]
        yield self._body

    def show(self, detail: RequestDetail | None, placeholder: str = "") -> None:
        self.detail = detail
        self.refresh_detail(placeholder)

    def refresh_detail(self, placeholder: str = "") -> None:
        if self.detail is None:
            self._body.update(Text(placeholder, "dim italic"))
        else:
            width = self.scrollable_content_region.width or self.app.size.width
            self._body.update(render_detail(self.detail, self.now(), self.zone(), width))

    def on_resize(self) -> None:
        if self.detail is not None:  # the layout depends on the width
            self.refresh_detail()


def tag_text(tag: Tag) -> Text:
    """A request's reason category (core.tags): red for the seller's fault, yellow when
    nobody has classified its reason yet."""
    from core.tags import category_label

    style = "yellow" if tag.category is None else "red" if tag.category.seller_fault else ""
    return Text(category_label(tag), style)
