"""One request on the whole screen, and every decision on it, each through a dialog.

Only the keys of actions the request's type and state allow appear. Irreversible and
state-changing actions open the confirm dialog; missing checks open an explanation
instead (a supervisor gets the dialog with a reason to write). Whatever core refuses
(a stale version, another person's claim, a refund above the limit) is shown in a
message and the request is read again.
"""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding

from core import actions, guards, permissions, queries, receiving, reject_reasons, shelf
from core.db import Store
from core.errors import PurnaError
from core.i18n import N_, _
from core.queries import RequestDetail
from core.staff import not_staff_message
from core.tags import set_category
from core.workflow import ACTION_TITLES
from tui.base import SCROLL_BINDINGS, PurnaScreen
from tui.labels import issue_and_tell
from tui.screens.dialogs import (
    ChecklistDialog,
    DecisionDialog,
    MessageDialog,
    NoteDialog,
    blocked_body,
)
from tui.text import plain
from tui.widgets.detail_pane import DetailPane
from tui.widgets.key_footer import KeyFooter
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
        "what this request's type and state allow: u refund, x reject, a approve the return, "
        "w dispute, s send the goods, e request evidence, p confirm receipt, i inspect, "
        "l log checked, o confirm stock, f offer a refund when there is no stock. Each "
        "decision opens a dialog showing the type, order, amount, buyer comment and checks; "
        "the focus starts on Cancel, and money needs the order id's last characters typed. "
        "c ticks checks, m records a holding reply (it does not stop the 48 h clock), n adds "
        "a note, h shows the history, t takes or releases the request, r fills a reply "
        "template and copies it, g changes the reason's category (of this request; for a "
        "reason text nobody has classified, a supervisor's choice applies to every request "
        "with it)."
    )
    SCROLL_BODY = "DetailPane"
    BINDINGS = [
        *(Binding(key, f"decide('{action}')", title) for key, action, title in DECISION_KEYS),
        Binding("c", "checklist", N_("Checks")),
        Binding("m", "holding_reply", N_("Holding reply")),
        Binding("n", "note", N_("Note")),
        Binding("r", "reply", N_("Reply")),
        Binding("h", "history", N_("History")),
        Binding("t", "claim", N_("Take/release")),
        Binding("g", "category", N_("Category")),
        Binding("ctrl+r", "reload", N_("Reload"), show=False),
        *SCROLL_BINDINGS,
    ]

    def __init__(self, pk: int) -> None:
        super().__init__()
        self.pk = pk
        self._pending = ""  # the action whose dialog is open (its checks may be ticked)
        self._passed = False  # whether the deadline had passed when the keys were last shown

    def compose(self) -> ComposeResult:
        yield StatusBar(self.screen_title())
        yield DetailPane(self.purna.now, lambda: self.purna.shop_zone, classes="full")
        yield KeyFooter()

    @property
    def pane(self) -> DetailPane:
        return self.query_one(DetailPane)

    @property
    def detail(self) -> RequestDetail | None:
        return self.pane.detail

    def on_mount(self) -> None:
        self.action_reload()
        self.set_interval(1.0, self._tick_clock)

    def _tick_clock(self) -> None:
        """Every second: the countdown, and every key again when the deadline just passed
        (the platform approved it on its own: core then refuses decisions and replies)."""
        self.pane.refresh_detail()
        passed = self._deadline_passed()
        if passed != self._passed:
            self._passed = passed
            self.refresh_bindings()

    def _deadline_passed(self) -> bool:
        detail = self.detail
        return detail is not None and detail.row.auto_approved(self.purna.now())

    def action_reload(self) -> None:
        store = self.purna.store
        if store is None:
            self.pane.show(None, self.purna.store_error or "")
            return
        detail = queries.detail_of(store, self.pk)
        self.pane.show(detail, _("This request is no longer in the store."))
        self._passed = self._deadline_passed()
        self.refresh_bindings()

    # --- which keys apply -----------------------------------------------------------

    def _action_for(self, name: str) -> str:
        return self.detail.action_for(name) if self.detail is not None else name

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        detail = self.detail
        if action == "decide":
            if detail is None:
                return False
            return detail.option(self._action_for(str(parameters[0])), self.purna.now()) is not None
        # core says what it would refuse: no holding reply once the platform auto-approved
        if action == "checklist":
            return detail is not None and detail.may_tick_checks()
        if action == "holding_reply":
            return detail is not None and detail.may_hold_reply(self.purna.now())
        if action in ("note", "history", "claim", "reply", "category"):
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
        form = self._form(detail, action)
        if form is None:
            return
        if form.blocking and not form.may_override:  # no tick in the dialog can help
            body = blocked_body(detail, option, self.purna.shop_zone)
            self._message(_("Not yet: {action}").format(action=title), body)
            return
        if action == "inspect":
            self._inspect(detail)
            return
        self._decide(action, DecisionDialog(detail, form, self.purna.shop_zone, tick=self._tick))

    def _form(self, detail: RequestDetail, action: str) -> guards.Form | None:
        """What the dialog of `action` asks, as core decides it for this person now."""
        option = detail.option(action, self.purna.now())
        member = self.purna.member
        if option is None or member is None:
            return None
        row = detail.row
        return guards.form(row.request_type, row.marketplace, row.order_id, option,
                           may_override=permissions.allows(member, "override_checks"))  # fmt: skip

    def _tick(self, key: str, version: int) -> tuple[RequestDetail, guards.Form | None]:
        """Tick one check from inside a decision dialog (run off the UI thread)."""
        store = self.purna.store
        if store is None:
            raise PurnaError(_("The store is not open."))
        actions.set_check(store, pk=self.pk, key=key, done=True, login=self.purna.login,
                          version=version, now=self.purna.now())  # fmt: skip
        detail = queries.detail_of(store, self.pk)
        if detail is None:
            raise PurnaError(_("This request is no longer in the store."))
        return detail, self._form(detail, self._pending) if self._pending else None

    @work(exclusive=True, group="decision")
    async def _decide(self, action: str, dialog: DecisionDialog) -> None:
        self._pending = action
        detail = self.detail
        if detail is None:
            return
        given = await self.app.push_screen_wait(dialog)
        self._pending = ""
        store = self.purna.store
        if given is None or store is None:
            self.action_reload()  # checks ticked in the dialog show at once
            return
        version = given.version if given.version is not None else detail.row.version
        now = self.purna.now()
        if action == "confirm_receipt":  # receipt also puts the item on the shelf
            done = await self.act(lambda: receiving.confirm_receipt(
                store, pk=self.pk, login=self.purna.login, version=version, now=now))  # fmt: skip
            if done:
                await self._labels(store)
        else:
            done = await self.act(lambda: actions.decide(
                store, pk=self.pk, action=action, login=self.purna.login, version=version,
                now=now, confirmation=given.confirmation, override_reason=given.override_reason,
                awb=given.awb, inspection=given.inspection, reject_reason=given.reject_reason,
                note=given.note,
            ))  # fmt: skip
        if done:
            self.notify(
                _("{action} recorded in Purna for order {order}. Purna sends nothing: do the "
                  "same in {console}.").format(
                    action=_(ACTION_TITLES[action]), order=plain(detail.row.order_id),
                    console=reject_reasons.console(detail.row.marketplace)),
                title=_("Recorded"),
                timeout=8,
                markup=False,
            )  # fmt: skip

    async def _labels(self, store: Store) -> None:
        items = await asyncio.to_thread(shelf.items_of_request, store, self.pk)
        await issue_and_tell(self, items)

    @work(exclusive=True, group="decision")
    async def _inspect(self, detail: RequestDetail) -> None:
        from tui.screens.inspection import InspectionDialog

        store = self.purna.store
        if store is None:
            return
        version = detail.row.version  # what the person saw: a change since is refused
        locations = await asyncio.to_thread(shelf.locations_of_request, store, self.pk)
        dialog = InspectionDialog(detail, self.purna.shop_zone, locations)
        result = await self.app.push_screen_wait(dialog)
        if result is not None and await self.act(lambda: receiving.inspect(
            store, pk=self.pk, condition=result.conditions, note=result.note,
            evidence=result.evidence, login=self.purna.login, version=version,
            now=self.purna.now(), location=result.location)):  # fmt: skip
            await self._labels(store)

    def _message(self, title: str, body: Text | str) -> None:
        self.app.push_screen(MessageDialog(title, body))

    # --- the rest ---------------------------------------------------------------------------

    def action_checklist(self) -> None:
        detail = self.detail
        store = self.purna.store
        if detail is None or store is None:
            return

        async def toggle(key: str, done: bool) -> RequestDetail | None:
            current = self.detail
            if current is None:
                return None
            ok = await self.act(lambda: actions.set_check(
                store, pk=self.pk, key=key, done=done, login=self.purna.login,
                version=current.row.version, now=self.purna.now(),
            ))  # fmt: skip
            return self.detail if ok else None

        self.app.push_screen(ChecklistDialog(detail, self.purna.shop_zone, toggle))

    @work(exclusive=True, group="decision")
    async def action_holding_reply(self) -> None:
        detail, store = self.detail, self.purna.store
        if detail is None or store is None:
            return
        from tui.screens.replies import HoldingReplyDialog

        row = detail.row
        if not detail.may_hold_reply(self.purna.now()):  # the key is hidden then: a race
            # refused before any word is written, as core would refuse it after
            self._message(_("Not done"), actions.auto_approved_message(
                row.respond_by, self.purna.shop_zone))  # fmt: skip
            return
        start = await self.act_for(lambda: self._holding_start(detail))
        if start is None:  # the store was busy: already said
            return
        text = await self.app.push_screen_wait(HoldingReplyDialog(detail, start))
        if not text:
            return
        now = self.purna.now()
        if await self.act(lambda: actions.holding_reply(
            store, pk=self.pk, login=self.purna.login, now=now, text=text)):  # fmt: skip
            self.app.copy_to_clipboard(text)
            self.notify(
                actions.holding_reply_words(
                    answered=detail.row.answered, respond_by=detail.row.respond_by, now=now,
                    zone=self.purna.shop_zone,
                    console=reject_reasons.console(detail.row.marketplace)),
                title=_("Holding reply"),
                timeout=10,
                markup=False,
            )  # fmt: skip

    def _holding_start(self, detail: RequestDetail) -> str:
        """The words a holding reply starts from: the "holding" template filled for this
        request (in the shop's language first), or nothing when the library has none."""
        from core import templates_store
        from tui.screens.replies import filled_for

        store = self.purna.store
        if store is None:
            return ""
        library = templates_store.library(store, login=self.purna.login, now=self.purna.now())
        rows = [r for r in library if r.key == "holding"]
        return filled_for(detail, rows[0], self.purna.shop_zone).text if rows else ""

    @work(exclusive=True, group="decision")
    async def action_note(self) -> None:
        store = self.purna.store
        if store is None:
            return
        text = await self.app.push_screen_wait(NoteDialog())
        if text:
            await self.act(lambda: actions.add_note(
                store, pk=self.pk, text=text, login=self.purna.login, now=self.purna.now(),
            ))  # fmt: skip

    @work(exclusive=True, group="decision")
    async def action_reply(self) -> None:
        """r: a template filled for this request, conduct-checked, copied (tui.screens.replies)."""
        from core import templates_store
        from tui.screens.replies import ReplyDialog

        detail, store = self.detail, self.purna.store
        if detail is None or store is None:
            return
        rows = await self.act_for(lambda: templates_store.library(
            store, login=self.purna.login, now=self.purna.now()))  # fmt: skip
        if rows is None:
            return
        if not rows:
            self._message(_("No reply templates"), _("Ask a supervisor to add templates (e on "
                                                     "the dashboard)."))  # fmt: skip
            return

        async def use(row: templates_store.TemplateRow) -> bool:
            return await self.act(lambda: templates_store.record_use(
                store, key=row.key, language=row.language, request_pk=self.pk,
                login=self.purna.login, now=self.purna.now()))  # fmt: skip

        self.app.push_screen(ReplyDialog(detail, rows, self.purna.shop_zone, use))

    @work(exclusive=True, group="decision")
    async def action_category(self) -> None:
        """Change the reason's category (core.tags.set_category): this request, or, for a
        supervisor on a text nobody has classified, every request with that text."""
        from core.reasons import Category
        from core.tags import Source, classifies_text
        from tui.screens.dialogs import ChooseDialog

        detail, store, member = self.detail, self.purna.store, self.purna.member
        if detail is None or store is None or detail.tag is None:
            return
        whole_text = classifies_text(permissions.allows(member, "classify_reason"),
                                     detail.tag, detail.reason)  # fmt: skip
        choices = list(Category)
        options: list[tuple[Text | str, int]] = [(_(c.title), n) for n, c in enumerate(choices)]
        if detail.tag.source is Source.REQUEST:
            options.append((_("Back to the reason's own category"), len(choices)))
        body = (_("Nobody has classified this reason text yet: your choice applies to every "
                  "request that gives it, now and in later imports.") if whole_text
                else _("The choice applies to this request only: other requests with the "
                       "same reason text keep theirs."))  # fmt: skip
        title = _("Reason category: {reason}").format(reason=plain(detail.reason or "-"))
        chosen = await self.app.push_screen_wait(ChooseDialog(title, body, options))
        if chosen is None:
            return
        category = choices[chosen] if chosen < len(choices) else None
        version, now = detail.row.version, self.purna.now()
        await self.act(lambda: set_category(store, pk=self.pk, category=category,
                                             login=self.purna.login, version=version,
                                             now=now))  # fmt: skip

    def action_history(self) -> None:
        from tui.screens.history import HistoryScreen

        detail = self.detail
        if detail is not None:
            self.app.push_screen(HistoryScreen(self.pk, detail.row.request_id))

    @work(exclusive=True, group="decision")
    async def action_claim(self) -> None:
        detail, store = self.detail, self.purna.store
        if detail is None or store is None:
            return
        change = actions.release if detail.row.claimed_by else actions.claim
        await self.act(
            lambda: change(
                store,
                pk=self.pk,
                login=self.purna.login,
                version=detail.row.version,
                now=self.purna.now(),
            )
        )
