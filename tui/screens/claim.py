"""One logistics claim on the whole screen: its window, evidence checklist, confirmations,
money, state changes and the ready-to-paste ticket (DOMAIN.md §2, §6; seed 003).

Every change goes through core.claims_store (one audited transaction each); a state
change is confirmed in a dialog whose focus starts on Cancel. Filing while a mandatory
item or confirmation is missing is refused with the missing ones named.
"""

from __future__ import annotations

import asyncio
from datetime import tzinfo

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from core import claims_store
from core.claims import ACTION_TITLES, BASIS_TITLES, Confirmation, Scenario, Urgency
from core.claims_store import ClaimDetail
from core.db import Store
from core.errors import PurnaError
from core.formatting import format_date, format_local, format_rupiah, parse_rupiah
from core.i18n import N_, _, ngettext
from core.policy import FRUIT_MIN_DELIVERY_DAYS
from tui.base import SCROLL_BINDINGS, PurnaScreen
from tui.screens.dialogs import ChooseDialog, EntryDialog, MessageDialog, PromptDialog
from tui.text import lit, plain
from tui.widgets.detail_pane import MARKETPLACE_NAMES
from tui.widgets.key_footer import KeyFooter
from tui.widgets.status_bar import StatusBar

# One letter per evidence item, in checklist order (d, b, j, k are the app's own keys).
EVIDENCE_LETTERS = "asfgh"
CONFIRMATION_KEYS = {Confirmation.SEAL_INTACT: "u", Confirmation.AWB_MATCHES: "i"}
# What recording each state change means; Purna sends nothing to the platform.
STEP_WORDS = {
    "file": N_("Record that the ticket is filed in Seller Center > Pusat Bantuan > Log Tiket. "
               "The platform answers within 72 hours; after that the claim is flagged for "
               "follow-up."),
    "answer": N_("Record that the platform answered the ticket, with no outcome yet."),
    "compensate": N_("Record the compensation the platform paid. Without a typed amount, the "
                     "return export's Compensation Amount is taken."),
    "refuse": N_("Record that the platform refused the claim. The claim is closed."),
}  # fmt: skip


URGENCY_STYLES = {Urgency.NONE: "bold", Urgency.WARNING: "bold yellow",
                  Urgency.CRITICAL: "bold red"}  # fmt: skip


class ClaimScreen(PurnaScreen):
    TITLE = N_("Logistics claim")
    HELP = N_(
        "One logistics claim: the last day to file it (the last logistics update + 39 days, "
        "to the end of that day in shop time), its evidence checklist and the ready-to-paste "
        "ticket for Seller Center > Pusat Bantuan > Log Tiket. Press an item's letter to "
        "attach a file path or id to it, x to take one off, u and i to tick or untick the "
        "confirmations, m to type the amount claimed, t to record the next step (filed, "
        "answered, compensated, refused) and c to copy the ticket text. On a claim about a "
        "parcel that matched no request, o types its order id once it is found. A claim "
        "cannot be marked filed while a mandatory item or the order id is missing. Every "
        "change is in the audit trail."
    )
    SCROLL_BODY = "#claim-body"
    BINDINGS = [
        *(Binding(letter, f"attach({n})", N_("Attach evidence"), show=False)
          for n, letter in enumerate(EVIDENCE_LETTERS)),
        Binding("x", "detach", N_("Detach")),
        Binding("u", "confirm('seal_intact')", N_("Seal intact")),
        Binding("i", "confirm('awb_matches')", N_("Id matches AWB")),
        Binding("o", "order", N_("Order id")),
        Binding("m", "amount", N_("Amount")),
        Binding("t", "step", N_("Next step")),
        Binding("c", "copy", N_("Copy ticket")),
        Binding("ctrl+r", "reload", N_("Reload"), show=False),
        *SCROLL_BINDINGS,
    ]  # fmt: skip

    def __init__(self, pk: int) -> None:
        super().__init__()
        self.pk = pk
        self.detail: ClaimDetail | None = None

    def compose(self) -> ComposeResult:
        yield StatusBar(self.screen_title())
        with VerticalScroll(id="claim-body"):
            yield Static(id="claim-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.purna.when_store_ready(self, self.action_reload)
        self.set_interval(30.0, self.action_reload)  # the countdown and expiry move on

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        store = self.purna.store
        text = self.query_one("#claim-text", Static)
        if store is None:
            text.update(Text(self.purna.store_error or "", "bold red"))
            return
        try:
            self.detail = claims_store.claim_detail(store, self.pk, self.purna.now())
        except PurnaError as problem:
            self.detail = None
            text.update(lit(problem.message, "bold red"))
        else:
            text.update(render_claim(self.detail, self.purna.shop_zone))
        self.refresh_bindings()

    # --- which keys apply -------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        detail = self.detail
        if action in ("attach", "detach", "confirm", "order", "amount", "step", "copy"):
            if detail is None:
                return False
        else:
            return super().check_action(action, parameters)
        editable = detail.row.editable
        if action == "order":
            return detail.row.needs_order
        if action == "attach":
            return editable and int(str(parameters[0])) < len(detail.items)
        if action == "detach":
            return editable and any(i.refs for i in detail.items)
        if action == "confirm":
            return editable and any(c.value == parameters[0] for c, _on in detail.confirmations)
        if action == "step":
            return bool(detail.row.actions)
        return True

    # --- changes ---------------------------------------------------------------------------
    @work(exclusive=True, group="claim")
    async def action_attach(self, index: int) -> None:
        detail, store = self.detail, self.purna.store
        if detail is None or store is None or index >= len(detail.items):
            return
        item = detail.items[index].item
        kind = _("mandatory") if item.mandatory else _("optional")
        body = _("{item} ({kind}). Type the path of the photo or video file, or its id where "
                 "it is kept; it is listed in the ticket.").format(item=_(item.title),
                                                                    kind=kind)  # fmt: skip
        version = detail.row.version
        ref = await self.app.push_screen_wait(EntryDialog(
            _("Attach evidence"), body, _("Attach"), field=_("file path or id"),
            minimum=1))  # fmt: skip
        if ref:
            await self.act(lambda: claims_store.attach_evidence(
                store, pk=self.pk, item_key=item.key, ref=ref, login=self.purna.login,
                version=version, now=self.purna.now()))  # fmt: skip

    @work(exclusive=True, group="claim")
    async def action_detach(self) -> None:
        detail, store = self.detail, self.purna.store
        if detail is None or store is None:
            return
        options: list[tuple[Text | str, int]] = [
            (Text.assemble((_(view.item.title), "dim"), "\n  ", lit(ref)), pk)
            for view in detail.items for pk, ref in view.refs
        ]  # fmt: skip
        version = detail.row.version
        chosen = await self.app.push_screen_wait(ChooseDialog(
            _("Detach evidence"), _("Which file or id comes off the checklist? The audit "
                                    "trail keeps a record of it."), options))  # fmt: skip
        if chosen is not None:
            await self.act(lambda: claims_store.detach_evidence(
                store, pk=self.pk, evidence_pk=chosen, login=self.purna.login,
                version=version, now=self.purna.now()))  # fmt: skip

    @work(exclusive=True, group="claim")
    async def action_confirm(self, key: str) -> None:
        detail, store = self.detail, self.purna.store
        if detail is None or store is None:
            return
        now_on = next((on for c, on in detail.confirmations if c.value == key), None)
        if now_on is None:
            return
        version = detail.row.version
        await self.act(lambda: claims_store.set_confirmation(
            store, pk=self.pk, confirmation=key, value=not now_on, login=self.purna.login,
            version=version, now=self.purna.now()))  # fmt: skip

    @work(exclusive=True, group="claim")
    async def action_order(self) -> None:
        """o: the order id found for a parcel's claim, then its marketplace where the store
        does not tell it."""
        detail, store = self.detail, self.purna.store
        if detail is None or store is None or not detail.row.needs_order:
            return
        version = detail.row.version
        order_id = await self.app.push_screen_wait(EntryDialog(
            _("Order id"),
            _("The order this parcel belongs to, as Seller Center shows it: the ticket needs "
              "it, and it must match the AWB on the evidence."),
            _("Save"), field=_("order id"), minimum=1,
        ))  # fmt: skip
        if not order_id:
            return
        picked = await pick_marketplace(self, store, order_id)
        if picked is not None:
            await self.act(lambda: claims_store.set_order(
                store, pk=self.pk, marketplace=picked[0], order_id=order_id,
                login=self.purna.login, version=version, now=self.purna.now()))  # fmt: skip

    @work(exclusive=True, group="claim")
    async def action_amount(self) -> None:
        detail, store = self.detail, self.purna.store
        if detail is None or store is None:
            return
        current = detail.row.amount_claimed
        version = detail.row.version
        typed = await self.app.push_screen_wait(EntryDialog(
            _("Amount claimed"),
            _("The amount claimed from the platform, in rupiah (for example 125.000). Leave "
              "it empty to clear it."),
            _("Save"), field=_("amount in rupiah"),
            value=str(current) if current is not None else ""))  # fmt: skip
        if typed is None:
            return
        amount = self._rupiah(typed) if typed else None
        if typed and amount is None:
            return
        await self.act(lambda: claims_store.set_amount_claimed(
            store, pk=self.pk, amount=amount, login=self.purna.login, version=version,
            now=self.purna.now()))  # fmt: skip

    def _rupiah(self, typed: str) -> int | None:
        try:
            return parse_rupiah(typed)
        except ValueError:
            self.app.push_screen(MessageDialog(_("Not done"), _(
                "'{typed}' is not an amount in rupiah: write it like 125.000 or Rp125.000."
            ).format(typed=plain(typed))))  # fmt: skip
            return None

    @work(exclusive=True, group="claim")
    async def action_step(self) -> None:
        detail, store = self.detail, self.purna.store
        if detail is None or store is None or not detail.row.actions:
            return
        actions = detail.row.actions
        options: list[tuple[Text | str, int]] = [
            (_(ACTION_TITLES[a]), n) for n, a in enumerate(actions)
        ]
        index = await self.app.push_screen_wait(ChooseDialog(
            _("Next step"), _("Claim on order {order}: {state} now.").format(
                order=plain(detail.row.label), state=_(detail.row.state.title)),
            options))  # fmt: skip
        if index is None:
            return
        action = actions[index]
        title = _(ACTION_TITLES[action])
        lacking = detail.row.blockers(action)
        if lacking:  # the step must wait: say what for
            body = Text(_("Still missing:"), "bold")
            for name in lacking:
                body.append("\n [ ] ", "bold red")
                body.append(_(name))
            self.app.push_screen(MessageDialog(_("Not yet: {action}").format(action=title),
                                               body))  # fmt: skip
            return
        field, value, minimum = "", "", 0
        if action == "file":
            field = _("ticket number from Log Tiket (optional)")
        elif action == "compensate":
            field = _("compensation received, in rupiah")
            found = detail.export_compensation
            value, minimum = (str(found) if found else ""), 1
        body = Text.assemble(
            (_(STEP_WORDS[action]), "bold"), "\n",
            _("Order {order} · {scenario} · {state} → {action}").format(
                order=plain(detail.row.label), scenario=_(detail.row.scenario.title),
                state=_(detail.row.state.title), action=title),
        )  # fmt: skip
        if action == "compensate" and detail.export_compensation:
            body.append("\n" + _("The return export shows {amount}.").format(
                amount=format_rupiah(detail.export_compensation)), "dim")  # fmt: skip
        version = detail.row.version
        given = await self.app.push_screen_wait(PromptDialog(
            title, body, _("Record: {action}").format(action=title), field=field,
            minimum=minimum, value=value, danger=action == "refuse"))  # fmt: skip
        if given is None:
            return
        amount = None
        if action == "compensate":
            amount = self._rupiah(given)
            if amount is None:
                return
        await self.act(lambda: claims_store.change_state(
            store, pk=self.pk, action=action, login=self.purna.login, version=version,
            now=self.purna.now(), amount=amount,
            ticket_ref=given if action == "file" else ""))  # fmt: skip

    def action_copy(self) -> None:
        detail = self.detail
        if detail is None:
            return
        self.app.copy_to_clipboard(detail.ticket)
        self.notify(_("The ticket text was sent to the terminal's clipboard (where the "
                      "terminal allows it); it is also shown on this screen."),
                    title=_("Copy ticket"), markup=False)  # fmt: skip


def render_claim(detail: ClaimDetail, zone: tzinfo) -> RenderableType:
    """The whole claim as the screen shows it, most pressing first."""
    row = detail.row
    head = Text.assemble((_(row.scenario.title), "bold"), "  ·  ",
                         (_(row.state.title), "bold reverse"), "  ")  # fmt: skip
    if row.follow_up:
        head.append(_("no answer after 72 h: follow the ticket up in Log Tiket"), "bold yellow")
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(ratio=1)
    market = MARKETPLACE_NAMES.get(row.marketplace or "", row.marketplace)
    if row.order_id is None:  # a parcel that matched no request: its order is still unknown
        grid.add_row(_("Order"), Text(_("not known yet: o types it (the ticket needs it)"),
                                      "bold red"))  # fmt: skip
    else:
        grid.add_row(_("Order"), Text.assemble(lit(row.order_id, "bold"), "  ",
                                               lit(market or "")))  # fmt: skip
    grid.add_row(_("AWB"), Text.assemble(lit(row.awb or "-", "bold"), "  ",
                                         lit(row.courier or "-")))  # fmt: skip
    grid.add_row(_("Shipped"), format_local(detail.shipped_at, zone) if detail.shipped_at else "-")
    grid.add_row(
        _("Delivered"), format_local(detail.delivered_at, zone) if detail.delivered_at else "-"
    )
    if row.scenario is Scenario.DAMAGED_FRUIT:
        grid.add_row(_("Fruit"), _fruit_text(detail.delivery_days, detail.fruit_late))
    grid.add_row(_("Last day"), _window_text(detail, zone))
    parts: list[RenderableType] = [head, grid, Text(""), _evidence_text(detail, zone)]
    parts += [Text(""), _money_text(detail)]
    parts += [Text(""), Text(_("Ticket text, ready to paste (c copies it):"), "bold")]
    parts.append(lit(detail.ticket, lines=True))
    return Group(*parts)


def _fruit_text(days: int | None, late: bool | None) -> Text:
    if days is None:
        return Text(_("delivery time unknown: check pickup and delivery in Seller Center"),
                    "yellow")  # fmt: skip
    words = _("delivered in {days} days: more than {limit}, the seed's condition for "
              "compensating damaged fruit") if late else _(
              "delivered in {days} days: not more than {limit}; the platform decides case by "
              "case")  # fmt: skip
    text = Text(words.format(days=days, limit=FRUIT_MIN_DELIVERY_DAYS.value),
                "bold" if late else "yellow")  # fmt: skip
    text.append("  " + _("(Purna never decides eligibility)"), "dim")
    return text


def _window_text(detail: ClaimDetail, zone: tzinfo) -> Text:
    row = detail.row
    win = row.window
    if win.last_day is None or win.basis_at is None:
        unknown = BASIS_TITLES[""]  # "unknown: check the last logistics update ..."
        return Text(_(unknown), "bold red")  # core left it unknown: say so, loudly
    text = Text(format_date(win.last_day, weekday=True), "bold")
    text.append("  " + _("until 23:59 shop time"), "dim")
    if row.expired:
        text.append("  " + _("expired: the platform refuses later claims"), "bold red")
    elif row.countdown:
        style = URGENCY_STYLES[row.urgency]
        text.append("  " + _("{left} left").format(left=row.countdown), style)
        if row.alarm is not None:
            text.append("  " + _("alarm: {n} days or less").format(n=row.alarm), style)
    text.append("\n" + _("counted from the {basis}: {when}").format(
        basis=_(BASIS_TITLES[win.basis]), when=format_local(win.basis_at, zone)),
        "dim")  # fmt: skip
    return text


def _evidence_text(detail: ClaimDetail, zone: tzinfo) -> RenderableType:
    """The checklist: each item with its letter, mark and what is attached (wrapped lines
    keep their indent), the confirmations with their keys, then whether it can be filed."""
    row = detail.row
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    if not detail.items:
        grid.add_row("", "", Text(_("None needed: the order id alone (lost parcel).")))
    for letter, view in zip(EVIDENCE_LETTERS, detail.items, strict=False):
        mandatory = view.item.mandatory
        mark = Text("[x]" if view.done else "[ ]",
                    "bold green" if view.done else ("bold red" if mandatory else ""))  # fmt: skip
        words = Text(_(view.item.title))
        words.append("  " + (_("mandatory") if mandatory else _("optional")), "dim")
        for _pk, ref in view.refs:
            words.append("\n")
            words.append(lit(ref, "cyan"))
        grid.add_row(Text(f" {letter} ", "bold reverse"), mark, words)
    for confirmation, on in detail.confirmations:
        grid.add_row(Text(f" {CONFIRMATION_KEYS[confirmation]} ", "bold reverse"),
                     Text("[x]" if on else "[ ]", "bold green" if on else "bold red"),
                     Text(_(confirmation.title)))  # fmt: skip
    status = Text()
    if row.unfiled:
        if row.missing:
            status.append(ngettext(
                "Cannot be filed yet: {n} mandatory item or confirmation missing ([ ] in red).",
                "Cannot be filed yet: {n} mandatory items or confirmations missing ([ ] in red).",
                len(row.missing.titles)).format(n=len(row.missing.titles)), "bold red")  # fmt: skip
        else:
            status.append(_("Complete: ready to file (t)."), "bold green")
    elif row.filed_at is not None:
        status.append(_("Filed {when}").format(when=format_local(row.filed_at, zone)))
        if detail.ticket_ref:
            status.append("  " + _("ticket {ref}").format(ref=plain(detail.ticket_ref)))
    return Group(Text(_("Evidence"), "bold"), grid, status)


def _money_text(detail: ClaimDetail) -> Text:
    row = detail.row
    text = Text(_("Money"), "bold")
    text.append("\n  " + _("Amount claimed: {amount}").format(
        amount=format_rupiah(row.amount_claimed) if row.amount_claimed else "-"))  # fmt: skip
    text.append("   " + _("Compensation received: {amount}").format(
        amount=format_rupiah(row.compensation) if row.compensation else "-"))  # fmt: skip
    if detail.export_compensation and not row.compensation:
        text.append("\n  " + _("The return export shows a compensation of {amount}.").format(
            amount=format_rupiah(detail.export_compensation)), "yellow")  # fmt: skip
    return text


async def pick_marketplace(
    screen: PurnaScreen, store: Store, order_id: str
) -> tuple[str, bool] | None:
    """The marketplace of `order_id`: the store's if it holds the order in one, else the
    person's choice; with whether the store knows the order (None: cancelled)."""
    known = await asyncio.to_thread(claims_store.order_marketplaces, store, order_id)
    if len(known) == 1:
        return known[0], True
    names = known or list(MARKETPLACE_NAMES)
    body = _("Order {order} is in more than one marketplace: choose one.")
    if not known:
        body = _("Order {order} is not in the store: choose its marketplace.")
    options: list[tuple[Text | str, int]] = [
        (MARKETPLACE_NAMES.get(m, m), n) for n, m in enumerate(names)
    ]
    index = await screen.app.push_screen_wait(ChooseDialog(
        _("Marketplace"), body.format(order=plain(order_id)), options))  # fmt: skip
    return None if index is None else (names[index], bool(known))
