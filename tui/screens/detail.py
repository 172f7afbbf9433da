"""One request on the whole screen, and every decision on it, each through a dialog.

Only the keys of actions the request's type and state allow appear. Irreversible and
state-changing actions open the confirm dialog; missing checks open an explanation
instead (a supervisor gets the dialog with a reason to write). Whatever core refuses
(a stale version, another person's claim, a refund above the limit) is shown in a
message and the request is read again.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer

from core import actions, queries, receiving, shelf
from core.i18n import N_, _
from core.queries import RequestDetail
from core.staff import not_staff_message
from core.timing import due_words
from core.workflow import ACTION_TITLES, RequestType
from tui.base import SCROLL_BINDINGS, PurnaScreen
from tui.labels import issue_and_tell
from tui.screens.dialogs import (
    ChecklistDialog,
    DecisionDialog,
    DecisionInput,
    MessageDialog,
    NoteDialog,
    blocked_body,
)
from tui.text import plain
from tui.widgets.detail_pane import DetailPane
from tui.widgets.status_bar import StatusBar

# Keys of decisions. Refund (u) and reject (x) sit far apart on the keyboard.
DECISION_KEYS = (
    ("u", "refund", N_("Refund")),
    ("x", "reject", N_("Reject")),
    ("a", "approve_return", N_("Approve return")),
    ("w", "dispute", N_("Dispute")),
    ("s", "send", N_("Send goods")),
    ("e", "request_evidence", N_("Request evidence")),
    ("p", "confirm_receipt", N_("Confirm receipt")),
    ("i", "inspect", N_("Inspect")),
    ("l", "check_log", N_("Log checked")),
    ("o", "confirm_stock", N_("Confirm stock")),
    ("f", "offer_refund", N_("Offer refund (no stock)")),
)


class DetailScreen(PurnaScreen):
    TITLE = N_("Request")
    HELP = N_(
        "Everything known about one request and every decision on it. Keys appear only for "
        "what this request's type and state allow. Each decision opens a dialog showing the "
        "type, order, amount, buyer comment and checks; the focus starts on Cancel, and "
        "money needs the order id's last characters typed. c ticks checks, m records a "
        "holding reply (it does not stop the 48 h clock), n adds a note, h shows the "
        "history, t takes or releases the request."
    )
    SCROLL_BODY = "DetailPane"
    BINDINGS = [
        *(Binding(key, f"decide('{action}')", title) for key, action, title in DECISION_KEYS),
        Binding("c", "checklist", N_("Checks")),
        Binding("m", "holding_reply", N_("Holding reply")),
        Binding("n", "note", N_("Note")),
        Binding("h", "history", N_("History")),
        Binding("t", "claim", N_("Take/release")),
        Binding("ctrl+r", "reload", N_("Reload"), show=False),
        *SCROLL_BINDINGS,
    ]

    def __init__(self, pk: int) -> None:
        super().__init__()
        self.pk = pk

    def compose(self) -> ComposeResult:
        yield StatusBar(self.screen_title())
        yield DetailPane(self.purna.now, lambda: self.purna.shop_zone, classes="full")
        yield Footer(compact=True)

    @property
    def pane(self) -> DetailPane:
        return self.query_one(DetailPane)

    @property
    def detail(self) -> RequestDetail | None:
        return self.pane.detail

    def on_mount(self) -> None:
        self.action_reload()
        self.set_interval(1.0, self.pane.refresh_detail)

    def action_reload(self) -> None:
        store = self.purna.store
        if store is None:
            self.pane.show(None, self.purna.store_error or "")
            return
        with store.read() as session:
            detail = queries.request_detail(session, self.pk, store.shop_zone)
        self.pane.show(detail, _("This request is no longer in the store."))
        self.refresh_bindings()

    # --- which keys apply -----------------------------------------------------------

    def _action_for(self, name: str) -> str:
        detail = self.detail
        if name == "send" and detail is not None:
            return "resend" if detail.row.request_type is RequestType.RESEND else "ship_replacement"
        return name

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        detail = self.detail
        if action == "decide":
            if detail is None:
                return False
            return detail.option(self._action_for(str(parameters[0])), self.purna.now()) is not None
        if action in ("checklist", "holding_reply"):
            return detail is not None and detail.row.state is not None and _open(detail)
        if action in ("note", "history", "claim"):
            return detail is not None
        return super().check_action(action, parameters)

    # --- decisions ----------------------------------------------------------------------

    def action_decide(self, name: str) -> None:
        detail = self.detail
        if detail is None:
            return
        action = self._action_for(name)
        option = detail.option(action, self.purna.now())
        if option is None:
            return
        member = self.purna.member
        title = _(ACTION_TITLES[action])
        if member is None:
            self._message(_("Not possible: {action}").format(action=title),
                          not_staff_message(self.purna.login))  # fmt: skip
            return
        if option.missing and not member.is_supervisor:
            body = blocked_body(detail, option, self.purna.shop_zone)
            self._message(_("Not yet: {action}").format(action=title), body)
            return
        version = detail.row.version  # what the person saw: a change since is refused
        if action == "inspect":
            self._inspect(detail, version)
            return

        def decided(result: DecisionInput | None) -> None:
            if result is not None:
                self._decide(action, version, result)

        self.app.push_screen(
            DecisionDialog(detail, option, self.purna.shop_zone, override=bool(option.missing)),
            decided,  # type: ignore[arg-type]
        )

    def _decide(self, action: str, version: int, given: DecisionInput) -> None:
        store, detail = self.purna.store, self.detail
        if store is None or detail is None:
            return
        if action == "confirm_receipt":  # receipt also puts the item on the shelf
            done = self.attempt(
                lambda: receiving.confirm_receipt(
                    store, pk=self.pk, login=self.purna.login, version=version, now=self.purna.now()
                )
            )
            if done:
                issue_and_tell(self, shelf.items_of_request(store, self.pk))
        else:
            done = self.attempt(lambda: actions.decide(
                store, pk=self.pk, action=action, login=self.purna.login, version=version,
                now=self.purna.now(), confirmation=given.confirmation,
                override_reason=given.override_reason, awb=given.awb, inspection=given.inspection,
            ))  # fmt: skip
        if done:
            self.notify(
                _("{action} recorded for order {order}. Do the same in Seller Center.").format(
                    action=_(ACTION_TITLES[action]), order=plain(detail.row.order_id)
                ),
                title=_("Done"),
                timeout=8,
                markup=False,
            )

    def _inspect(self, detail: RequestDetail, version: int) -> None:
        from tui.screens.inspection import Inspection, InspectionDialog

        store = self.purna.store
        if store is None:
            return
        locations = shelf.locations_of_request(store, self.pk)

        def inspected(result: Inspection | None) -> None:
            if result is not None and self.attempt(lambda: receiving.inspect(
                store, pk=self.pk, condition=result.conditions, note=result.note,
                evidence=result.evidence, login=self.purna.login, version=version,
                now=self.purna.now(), location=result.location)):  # fmt: skip
                issue_and_tell(self, shelf.items_of_request(store, self.pk))

        dialog = InspectionDialog(detail, self.purna.shop_zone, locations)
        self.app.push_screen(dialog, inspected)  # type: ignore[arg-type]

    def _message(self, title: str, body: Text | str) -> None:
        self.app.push_screen(MessageDialog(title, body))

    # --- the rest ---------------------------------------------------------------------------

    def action_checklist(self) -> None:
        detail = self.detail
        store = self.purna.store
        if detail is None or store is None:
            return

        def toggle(key: str, done: bool) -> RequestDetail | None:
            current = self.detail
            if current is None:
                return None
            ok = self.attempt(lambda: actions.set_check(
                store, pk=self.pk, key=key, done=done, login=self.purna.login,
                version=current.row.version, now=self.purna.now(),
            ))  # fmt: skip
            return self.detail if ok else None

        self.app.push_screen(ChecklistDialog(detail, self.purna.shop_zone, toggle))

    def action_holding_reply(self) -> None:
        detail, store = self.detail, self.purna.store
        if detail is None or store is None:
            return
        if self.attempt(lambda: actions.holding_reply(
            store, pk=self.pk, login=self.purna.login, now=self.purna.now()
        )):  # fmt: skip
            self.notify(
                _("Holding reply recorded (Purna sends nothing: write it in the buyer's chat). "
                  "The platform still approves on its own, {due}: decide before then.").format(
                    due=due_words(detail.row.respond_by, self.purna.shop_zone)),
                title=_("Holding reply"),
                timeout=10,
                markup=False,
            )  # fmt: skip

    def action_note(self) -> None:
        store = self.purna.store
        if store is None:
            return

        def written(text: str | None) -> None:
            if text:
                self.attempt(
                    lambda: actions.add_note(
                        store, pk=self.pk, text=text, login=self.purna.login, now=self.purna.now()
                    )
                )

        self.app.push_screen(NoteDialog(), written)  # type: ignore[arg-type]

    def action_history(self) -> None:
        from tui.screens.history import HistoryScreen

        detail = self.detail
        if detail is not None:
            self.app.push_screen(HistoryScreen(self.pk, detail.row.request_id))

    def action_claim(self) -> None:
        detail, store = self.detail, self.purna.store
        if detail is None or store is None:
            return
        change = actions.release if detail.row.claimed_by else actions.claim
        self.attempt(
            lambda: change(
                store,
                pk=self.pk,
                login=self.purna.login,
                version=detail.row.version,
                now=self.purna.now(),
            )
        )


def _open(detail: RequestDetail) -> bool:
    from core.workflow import is_open

    return is_open(detail.row.request_type, detail.row.state)
