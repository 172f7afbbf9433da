"""Receiving returned parcels at the warehouse door, scanner in hand.

The cursor stays in the scan field: a barcode scanner types the return AWB or order
id and ends with Enter. The matching request is shown with its next step; every key
of this screen is a ctrl key, so a scan can never trigger an action by itself.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from rich.table import Table
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from core import queries, receiving, shelf
from core.db import Store
from core.deadlines import dispute_advised_by
from core.formatting import format_local, format_rupiah
from core.i18n import N_, _
from core.queries import RequestDetail
from core.receiving import Lookup, Parcel
from core.workflow import CONDITIONS, STATE_TITLES, TYPE_TITLES
from tui.base import PurnaScreen
from tui.labels import issue_and_tell
from tui.screens.dialogs import ChooseDialog, EntryDialog, MessageDialog, PromptDialog
from tui.text import lit
from tui.widgets.columns import Column, ResponsiveTable
from tui.widgets.detail_pane import items_text
from tui.widgets.key_footer import KeyFooter
from tui.widgets.status_bar import StatusBar


class ScanInput(Input):
    """The scan field. `?` opens help and `!` acknowledges alarms: no code contains them."""

    async def _on_key(self, event: events.Key) -> None:
        # `?` and `!` never appear in an AWB or order id: they keep their meaning here
        if event.character in ("?", "!"):
            event.stop()
            event.prevent_default()
            if event.character == "?":
                self.app.action_help()  # type: ignore[attr-defined]
            else:
                self.app.action_acknowledge_alarms()  # type: ignore[attr-defined]
            return
        await super()._on_key(event)

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        # so the footer still shows `?` Help while the cursor is in the field
        return character not in ("?", "!") and super().check_consume_key(key, character)


UNMATCHED_COLUMNS = (
    Column("code", N_("Code"), 18, 12, priority=0, is_id=True),
    Column("recorded", N_("Recorded"), 17, priority=1),
    Column("by", N_("By"), 8, 6, priority=3),
    Column("shelf", N_("Shelf"), 10, 8, priority=2),
    Column("note", N_("Note"), 50, 10, priority=4),
)


class ReceivingScreen(PurnaScreen):
    TITLE = N_("Receiving returns")
    HELP = N_(
        "Scan the return AWB or the order id of a parcel (or type it and press Enter). "
        "The matching return or exchange request is shown with its next step: ctrl+r "
        "confirms receipt (the request becomes received, the item gets a shelf place and a "
        "label, and the 48 h window to dispute a wrong item starts), ctrl+p records the "
        "inspection, ctrl+o opens the request to refund or dispute. A code that matches "
        "nothing can be recorded as an unmatched parcel (ctrl+t); it waits in quarantine "
        "until it is matched (ctrl+g). ctrl+l prints the label again. The keys are ctrl "
        "keys because letters go into the scan field; Escape or ctrl+b goes back."
    )
    BINDINGS = [
        Binding("ctrl+r", "receive", N_("Confirm receipt")),
        Binding("ctrl+p", "inspect", N_("Inspect")),
        Binding("ctrl+o", "open", N_("Open request")),
        Binding("ctrl+t", "unmatched", N_("Record unmatched parcel")),
        Binding("ctrl+g", "match", N_("Match parcel")),
        Binding("ctrl+l", "label", N_("Print label")),
        Binding("ctrl+b", "back", N_("Back"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.found: Lookup | None = None
        self.detail: RequestDetail | None = None
        self.locations: dict[int | None, str] = {}  # where the shown request's items lie
        self.parcel: Parcel | None = None

    def compose(self) -> ComposeResult:
        yield StatusBar(self.screen_title())
        yield Static(_("Scan the return AWB or the order id:"), id="scan-label")
        yield ScanInput(placeholder=_("scan or type, then Enter"), id="scan")
        yield Static(id="scan-result")
        yield Static(id="unmatched-title")
        table = ResponsiveTable(UNMATCHED_COLUMNS, id="unmatched", cursor_type="none")
        table.can_focus = False
        yield table
        yield KeyFooter()

    @property
    def scan(self) -> ScanInput:
        return self.query_one(ScanInput)

    def on_mount(self) -> None:
        self._show()
        self.scan.focus()
        self.action_reload()

    def on_screen_resume(self) -> None:
        self.action_reload()  # the request may have been decided on its own screen

    # --- scanning ----------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        code = event.value.strip()
        self.scan.value = ""
        if code and self.purna.store is not None:
            self._scanned(code)

    @work(exclusive=True, group="scan")
    async def _scanned(self, code: str) -> None:
        store = self.purna.store
        if store is None:
            return
        self.found = found = await asyncio.to_thread(receiving.lookup, store, code)
        self.detail, self.locations, self.parcel = None, {}, None
        requests = found.requests
        if len(requests) == 1:
            await self._choose(requests[0].pk)
        elif len(requests) > 1:
            options = [
                (self._option(row, awb), row.pk)
                for row, awb in zip(requests, found.return_awbs, strict=True)
            ]
            self._show()
            pk = await self.app.push_screen_wait(ChooseDialog(
                _("{n} requests match {code}").format(n=len(requests), code=found.code),
                _("Which parcel is this?"), options))  # fmt: skip
            if pk is not None:
                await self._choose(pk)
            self.scan.focus()
        elif found.parcels:
            self.parcel = found.parcels[0]
        self._show()

    def _option(self, row: queries.QueueRow, awb: str | None) -> Text:
        return Text.assemble(lit(row.request_id, "bold"), "  ", _(TYPE_TITLES[row.request_type]),
                             "  ", _(STATE_TITLES[row.state]), "  ", lit(row.sku),
                             "  ", lit(awb or "-", "dim"))  # fmt: skip

    async def _choose(self, pk: int) -> None:
        store = self.purna.store
        if store is None:
            return
        self.detail, self.locations = await asyncio.to_thread(self._read_request, store, pk)

    @staticmethod
    def _read_request(store: Store, pk: int) -> tuple[RequestDetail | None, dict[int, str]]:
        return queries.detail_of(store, pk), shelf.locations_of_request(store, pk)

    def action_reload(self) -> None:
        self._reload()

    @work(exclusive=True, group="reload")
    async def _reload(self) -> None:
        store = self.purna.store
        if self.detail is not None and store is not None:
            self.detail, self.locations = await asyncio.to_thread(
                self._read_request, store, self.detail.row.pk
            )
        self._show()
        await self._refresh_unmatched()
        if self.app.screen is self:
            self.scan.focus()

    # --- what the screen shows -----------------------------------------------------------

    def _show(self) -> None:
        self.query_one("#scan-result", Static).update(self._result())
        self.refresh_bindings()

    def _result(self) -> Text | Table:
        zone = self.purna.shop_zone
        if self.detail is not None:
            return self._request_panel(self.detail)
        if self.parcel is not None:
            parcel = self.parcel
            message = _(
                "{code} was recorded as an unmatched parcel on {when} by {who} and lies in "
                "{place}. When you know its request, press ctrl+g to match it."
            ).format(code=parcel.code, when=format_local(parcel.received_at, zone),
                     who=parcel.received_by, place=parcel.location or "-")  # fmt: skip
            return lit(message, "bold yellow")
        if self.found is not None:
            return lit(_(
                "{code} matches no return or exchange request. Check the code on the parcel; "
                "if it is right, press ctrl+t to record it as an unmatched parcel: it goes to "
                "quarantine and stays on the list below until someone matches it."
            ).format(code=self.found.code), "bold red")  # fmt: skip
        return Text(_("Waiting for a scan."), "dim")

    def _request_panel(self, detail: RequestDetail) -> Table:
        row = detail.row
        zone = self.purna.shop_zone
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(_("Request"), Text.assemble(
            lit(row.request_id, "bold"), "  ", (f" {_(TYPE_TITLES[row.request_type])} ", "reverse"),
            "  ", (_(STATE_TITLES[row.state]), "bold")))  # fmt: skip
        grid.add_row(_("Order"), lit(f"{row.order_id}   {format_rupiah(row.amount)}"))
        grid.add_row(_("Items") if len(detail.items) > 1 else _("Product"), items_text(detail))
        grid.add_row(_("Buyer"), lit(row.buyer_name or "-"))
        grid.add_row(_("Reason"), lit(detail.reason or "-"))
        grid.add_row(
            _("Buyer comment"), lit(f"“{detail.buyer_comment or '-'}”", "italic", lines=True)
        )
        grid.add_row(_("Return AWB"), lit(detail.return_awb or "-"))
        if detail.received_at:
            until = dispute_advised_by(detail.received_at, zone)
            advice = _("{when}; a wrong item is best disputed before {until}, later by a "
                       "logistics claim")  # fmt: skip
            grid.add_row(_("Received"), advice.format(when=format_local(detail.received_at, zone),
                                                      until=format_local(until, zone)))  # fmt: skip
        if detail.inspection:
            grid.add_row(_("Condition"), Text(_(CONDITIONS[detail.inspection]), "bold"))
        if self.locations:
            places = ", ".join(sorted(set(self.locations.values())))
            grid.add_row(_("Shelf"), lit(places, "bold"))
        grid.add_row(_("Next"), self._next_step(detail))
        return grid

    def _next_step(self, detail: RequestDetail) -> Text:
        message, left = receiving.next_at_the_desk(detail.row.request_type, detail.row.state)
        return Text(message, "bold green" if left else "dim")

    async def _refresh_unmatched(self) -> None:
        store = self.purna.store
        table = self.query_one("#unmatched", ResponsiveTable)
        parcels = await asyncio.to_thread(receiving.unmatched, store) if store is not None else []
        table.set_rows([
            {"code": lit(parcel.code),
             "recorded": format_local(parcel.received_at, self.purna.shop_zone),
             "by": lit(parcel.received_by), "shelf": lit(parcel.location or "-"),
             "note": lit(parcel.note or "")}
            for parcel in parcels
        ])  # fmt: skip
        self.query_one("#unmatched-title", Static).update(Text(
            _("Unmatched parcels: {n}").format(n=len(parcels)), "bold"))  # fmt: skip

    # --- keys ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        detail = self.detail
        if action in ("receive", "inspect"):  # what the request's workflow allows now
            step = "confirm_receipt" if action == "receive" else "inspect"
            return detail is not None and detail.option(step, self.purna.now()) is not None
        if action == "open":
            return detail is not None
        if action == "unmatched":
            return self.found is not None and not self.found.requests and not self.found.parcels
        if action == "match":
            return self.parcel is not None
        if action == "label":
            return self.parcel is not None or (detail is not None and bool(self.locations))
        return super().check_action(action, parameters)

    @work(exclusive=True, group="change")
    async def action_receive(self) -> None:
        detail, store = self.detail, self.purna.store
        if detail is None or store is None:
            return
        if await self.act(lambda: receiving.confirm_receipt(
            store, pk=detail.row.pk, login=self.purna.login, version=detail.row.version,
            now=self.purna.now())):  # fmt: skip
            await self._issue_label(lambda: shelf.items_of_request(store, detail.row.pk))

    @work(exclusive=True, group="change")
    async def action_inspect(self) -> None:
        from tui.screens.inspection import InspectionDialog

        detail, store = self.detail, self.purna.store
        if detail is None or store is None:
            return
        dialog = InspectionDialog(detail, self.purna.shop_zone, self.locations)
        result = await self.app.push_screen_wait(dialog)
        if result is None:
            self.scan.focus()
            return
        if await self.act(lambda: receiving.inspect(
            store, pk=detail.row.pk, condition=result.conditions, note=result.note,
            evidence=result.evidence, login=self.purna.login, version=detail.row.version,
            now=self.purna.now(), location=result.location)):  # fmt: skip
            await self._issue_label(lambda: shelf.items_of_request(store, detail.row.pk))

    def action_open(self) -> None:
        from tui.screens.detail import DetailScreen

        if self.detail is not None:
            self.app.push_screen(DetailScreen(self.detail.row.pk))

    @work(exclusive=True, group="change")
    async def action_unmatched(self) -> None:
        found, store = self.found, self.purna.store
        if found is None or store is None:
            return
        note = await self.app.push_screen_wait(EntryDialog(
            _("Record an unmatched parcel"),
            _("{code} goes to quarantine and onto the list of unmatched parcels.").format(
                code=found.code),
            _("Record parcel"), field=_("note: what is in it, where it came from (optional)"),
        ))  # fmt: skip
        if note is None:
            self.scan.focus()
            return
        parcel = await self.act_for(lambda: receiving.record_unmatched(
            store, code=found.code, note=note, login=self.purna.login, now=self.purna.now(),
        ))  # fmt: skip
        if parcel is not None:
            self.parcel, self.found = parcel, None
            self._show()
            await self._issue_label(lambda: shelf.item_of_parcel(store, parcel.parcel_id))

    @work(exclusive=True, group="change")
    async def action_match(self) -> None:
        parcel, store = self.parcel, self.purna.store
        if parcel is None or store is None:
            return
        code = await self.app.push_screen_wait(PromptDialog(
            _("Match parcel {code}").format(code=parcel.code),
            _("Type the request id, return AWB or order id it belongs to."),
            _("Find request"), field=_("request id, return AWB or order id"), minimum=1,
        ))  # fmt: skip
        if not code:
            self.scan.focus()
            return
        candidates = await asyncio.to_thread(receiving.requests_for_parcel, store, code)
        if len(candidates) != 1:
            self.app.push_screen(MessageDialog(_("Not done"), _(
                "{code} matches {n} return or exchange requests; give a code that matches one."
            ).format(code=code, n=len(candidates))))  # fmt: skip
            return
        pk = candidates[0].pk
        if await self.act(lambda: receiving.match_parcel(
            store, parcel_id=parcel.parcel_id, pk=pk, login=self.purna.login,
            now=self.purna.now())):  # fmt: skip
            self.parcel, self.found = None, None
            await self._choose(pk)
            self._show()

    @work(exclusive=True, group="change")
    async def action_label(self) -> None:
        store, parcel, detail = self.purna.store, self.parcel, self.detail
        if store is None:
            return
        if parcel is not None:
            await self._issue_label(lambda: shelf.item_of_parcel(store, parcel.parcel_id))
        elif detail is not None:
            await self._issue_label(lambda: shelf.items_of_request(store, detail.row.pk))

    async def _issue_label(self, items: Callable[[], int | list[int] | None]) -> None:
        await issue_and_tell(self, await asyncio.to_thread(items))
