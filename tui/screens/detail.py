"""One request on the whole screen: the detail pane with room for the full comment and notes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer

from core import queries
from core.i18n import N_, _
from tui.base import PurnaScreen
from tui.widgets.detail_pane import DetailPane
from tui.widgets.status_bar import StatusBar


class DetailScreen(PurnaScreen):
    TITLE = N_("Request")
    HELP = N_(
        "Everything known about one request: the deadline, the buyer's words, the order and "
        "delivery, and the checklist of its type. Escape or b goes back to the queue."
    )
    BINDINGS = [
        Binding("r", "reload", N_("Reload")),
        Binding("up,k", "scroll(-1)", N_("Scroll up"), show=False),
        Binding("down,j", "scroll(1)", N_("Scroll down"), show=False),
    ]

    def __init__(self, pk: int) -> None:
        super().__init__()
        self.pk = pk

    def compose(self) -> ComposeResult:
        yield StatusBar(self.screen_title())
        yield DetailPane(self.purna.now, lambda: self.purna.shop_zone, classes="full")
        yield Footer()

    def on_mount(self) -> None:
        self.action_reload()
        self.set_interval(1.0, self.query_one(DetailPane).refresh_detail)

    def action_reload(self) -> None:
        store = self.purna.store
        pane = self.query_one(DetailPane)
        if store is None:
            pane.show(None, self.purna.store_error or "")
            return
        with store.read() as session:
            detail = queries.request_detail(session, self.pk, store.shop_zone)
        pane.show(detail, _("This request is no longer in the store."))

    def action_scroll(self, delta: int) -> None:
        self.query_one(DetailPane).scroll_relative(y=delta, animate=False)
