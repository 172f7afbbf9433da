"""Reply templates and buyer chat on screen (issue 13; DOMAIN.md §2, §4, §7).

- ReplyDialog (key r on a request): choose a template, see it filled for the request and
  checked against the conduct rules, copy it (y) to paste into the buyer's chat; the copy
  is recorded as a use. Purna sends nothing.
- HoldingReplyDialog (key m on a request): the holding reply's words, the "holding"
  template filled to start with, checked as they are typed; ctrl+s copies them and records
  the holding reply, refused while a conduct rule is broken.
- TemplatesScreen (key e on the dashboard): the library; supervisors add, edit, delete.
- ChatScreen (key c on the dashboard): unanswered buyer messages with their 24 h deadline
  and 12 h target; Enter opens the conversation, w shows the Monday evaluation.
- ConversationScreen: the messages; m marks a buyer's message as abusive, t drafts the
  Seller Center ticket (buyer contacts masked).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from core import chat, chat_store, permissions, templates, templates_store
from core.chat import Turn
from core.conduct import Finding, check
from core.formatting import format_local, format_remaining
from core.i18n import N_, _
from core.privacy import mask_name
from core.queries import RequestDetail
from core.templates_store import TemplateRow
from tui.base import LIST_BINDINGS, PurnaScreen, step_cursor
from tui.screens.dialogs import (
    ChooseDialog,
    Dialog,
    MessageDialog,
    PromptDialog,
    body_box,
    scroll_body,
)
from tui.text import lit, plain
from tui.widgets.columns import Column, ResponsiveTable
from tui.widgets.key_footer import KeyFooter
from tui.widgets.status_bar import StatusBar


def findings_text(filled: templates.Filled) -> Text:
    """What the conduct check found in a filled reply, or that it found nothing."""
    return conduct_text(filled.findings)


def conduct_text(findings: Sequence[Finding]) -> Text:
    """Conduct findings (the words, the rule, why), or that none was found."""
    if not findings:
        return Text(_("Conduct check: no rule broken."), "green")
    text = Text(_("Conduct check: fix these before sending."), "bold red")
    for finding in findings:
        text.append("\n - ")
        text.append(lit(templates.conduct_line(finding)))
    return text


def filled_for(detail: RequestDetail, row: TemplateRow, zone: object) -> templates.Filled:
    """`row` filled with this request's values (buyer, order, type, deadline, AWB…)."""
    awb = detail.return_awb or (detail.order.awb if detail.order else None)
    values = templates.values(
        language=row.language, buyer_name=detail.row.buyer_name,
        order_id=detail.row.order_id, request_id=detail.row.request_id,
        request_type=detail.row.request_type, respond_by=detail.row.respond_by, awb=awb,
        amount=detail.row.amount, sku=detail.row.sku, product=detail.row.product_name,
        zone=zone,  # type: ignore[arg-type]
    )  # fmt: skip
    return templates.fill(row.body, values)


class HoldingReplyDialog(Dialog["str | None"]):
    """The holding reply's words: checked as typed; ctrl+s returns them when no rule is broken."""

    BINDINGS = [Binding("ctrl+s", "done", N_("Copy and record"))]
    DEFAULT_CSS = """
    HoldingReplyDialog TextArea { height: 6; }
    """

    def __init__(self, detail: RequestDetail, start: str) -> None:
        super().__init__()
        self.detail, self.start = detail, start

    def compose(self) -> ComposeResult:
        with body_box("step"):
            yield Static(lit(_("Holding reply to the buyer: order {order}").format(
                order=self.detail.row.order_id)), id="banner")  # fmt: skip
            yield TextArea(self.start, id="holding-text", soft_wrap=True)
            yield Static(id="findings")
            hint = _("Write or change the words; ctrl+s copies them and records the holding "
                     "reply (not while a conduct rule is broken; Purna sends nothing: paste "
                     "them into the buyer's chat). It does not stop the 48 h clock. Escape "
                     "cancels.")  # fmt: skip
            yield Static(classes="hint", content=Text(hint, "dim"))

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()
        self._show()

    def _show(self) -> None:
        findings = check(self.query_one(TextArea).text)
        self.query_one("#findings", Static).update(conduct_text(findings))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._show()

    def action_done(self) -> None:
        text = self.query_one(TextArea).text.strip()
        if not text:
            self.app.bell()
            self.notify(_("The reply is empty."), severity="error", markup=False)
            return
        if check(text):
            self._show()
            self.app.bell()
            self.notify(_("Not copied: the reply breaks a conduct rule."), severity="error",
                        markup=False)  # fmt: skip
            return
        self.dismiss(text)


class ReplyDialog(Dialog[None]):
    """Choose a template, see it filled for this request, copy it with y."""

    BINDINGS = [Binding("y", "copy", N_("Copy"))]
    # The list leaves room for the filled text and the check under it (80x24: 7 templates
    # at a time); the title stays above the part that scrolls, as in the other dialogs.
    DEFAULT_CSS = """
    ReplyDialog #templates { max-height: 40vh; }
    """

    def __init__(self, detail: RequestDetail, rows: list[TemplateRow], zone: object,
                 use: object) -> None:  # fmt: skip
        super().__init__()
        self.detail, self.rows, self.zone, self.use = detail, rows, zone, use
        self.chosen = 0

    def compose(self) -> ComposeResult:
        with body_box("step"):
            yield Static(lit(_("Reply to the buyer: order {order}").format(
                order=self.detail.row.order_id)), id="banner")  # fmt: skip
            with scroll_body():
                yield OptionList(*(
                    Option(lit(f"{r.key} ({r.language}): {r.title}"), id=str(i))
                    for i, r in enumerate(self.rows)
                ), id="templates")  # fmt: skip
                yield Static(id="filled")
                yield Static(id="findings")
            yield Static(classes="hint", content=Text(_(
                "Arrows choose a template; y copies the filled text (Purna sends nothing: "
                "paste it into the buyer's chat); Escape closes."), "dim"))  # fmt: skip

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._show()

    def filled(self) -> templates.Filled:
        return filled_for(self.detail, self.rows[self.chosen], self.zone)

    def _show(self) -> None:
        filled = self.filled()
        body = lit(filled.text, lines=True)
        if filled.empty:
            body.append("\n")
            body.append(_("No value for: {names}").format(names=", ".join(filled.empty)),
                        "yellow")  # fmt: skip
        self.query_one("#filled", Static).update(body)
        self.query_one("#findings", Static).update(findings_text(filled))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.chosen = int(event.option.id)
            self._show()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        await self.action_copy()

    async def action_copy(self) -> None:
        filled = self.filled()
        if filled.findings:
            self.app.bell()
            self.notify(_("Not copied: the reply breaks a conduct rule."), severity="error",
                        markup=False)  # fmt: skip
            return
        row = self.rows[self.chosen]
        if not await self.use(row):  # type: ignore[operator]
            return
        self.app.copy_to_clipboard(filled.text)
        self.notify(_("Copied (also shown above): paste it into the buyer's chat."),
                    title=_("Reply"), markup=False)  # fmt: skip


TEMPLATE_COLUMNS = (
    Column("key", N_("Key"), 18, 12, priority=0),
    Column("language", N_("Lang."), 5, priority=0),
    Column("uses", N_("Uses"), 5, priority=1, right=True),
    Column("title", N_("Title"), 40, 16, priority=0),
    Column("updated", N_("Changed by"), 12, 8, priority=3),
)


class TemplateEditDialog(Dialog["bool | None"]):
    """Add or change a template; ctrl+s saves, refused with every reason (conduct too)."""

    BINDINGS = [Binding("ctrl+s", "save", N_("Save"))]
    DEFAULT_CSS = """
    TemplateEditDialog #keys { height: auto; }
    TemplateEditDialog #keys Input { width: 1fr; }
    TemplateEditDialog TextArea { height: 7; }
    """

    def __init__(self, row: TemplateRow | None, save: object) -> None:
        super().__init__()
        self.row, self.save = row, save

    def compose(self) -> ComposeResult:
        row = self.row
        with body_box("step"):
            yield Static(lit(_("New template") if row is None else _("Edit template {key} ({lang})")
                             .format(key=row.key, lang=row.language)), id="banner")  # fmt: skip
            with Horizontal(id="keys"):
                yield Input(value=row.key if row else "", placeholder=_("key, e.g. holding"),
                            id="key", disabled=row is not None)  # fmt: skip
                yield Input(value=row.language if row else "id", placeholder="id / en",
                            id="language", disabled=row is not None)  # fmt: skip
            yield Input(value=plain(row.title) if row else "", placeholder=_("title"),
                        id="title")  # fmt: skip
            yield TextArea(row.body if row else "", id="body-text", soft_wrap=True)
            yield Static(id="problems")
            yield Static(classes="hint", content=Text(_(
                "Placeholders: {names}. Tab moves; ctrl+s saves; Escape cancels.").format(
                names=" ".join("{" + n + "}" for n in templates.VARIABLES)), "dim"))  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#title" if self.row else "#key", Input).focus()

    async def action_save(self) -> None:
        values = {name: self.query_one(f"#{name}", Input).value.strip()
                  for name in ("key", "language", "title")}  # fmt: skip
        body = self.query_one(TextArea).text.strip()
        problem = await self.save(values["key"], values["language"], values["title"], body)  # type: ignore[operator]
        if problem:
            self.app.bell()
            self.query_one("#problems", Static).update(lit(problem, "bold red", lines=True))
            return
        self.dismiss(True)


class TemplatesScreen(PurnaScreen):
    TITLE = N_("Reply templates")
    HELP = N_(
        "The shop's reply templates in Indonesian and English, with how often each was "
        "used. Supervisors add (a), edit (Enter) and delete (x) them; a template that breaks "
        "a conduct rule is not saved. On a request, r fills a template and copies it."
    )
    BINDINGS = [
        Binding("a", "add", N_("Add")),
        Binding("enter", "edit", N_("Edit"), priority=True),
        Binding("x", "delete", N_("Delete")),
        *LIST_BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[TemplateRow] = []

    def compose(self) -> ComposeResult:
        yield StatusBar(self.screen_title())
        yield ResponsiveTable(TEMPLATE_COLUMNS, id="templates-table", cursor_type="row")
        yield Static(id="template-body", classes="preview")
        yield KeyFooter()

    @property
    def table(self) -> ResponsiveTable:
        return self.query_one("#templates-table", ResponsiveTable)

    def on_mount(self) -> None:
        self.reload()
        self.table.focus()
        self._seed()

    @work(exclusive=True, group="change")
    async def _seed(self) -> None:
        """The default library on first use, written off the UI thread."""
        store = self.purna.store
        if store is not None:
            await self.act(lambda: templates_store.library(
                store, login=self.purna.login, now=self.purna.now()), reload=False)  # fmt: skip
            self.reload()

    def reload(self) -> None:
        store = self.purna.store
        if store is None:
            return
        keep = self.table.cursor_row
        self.rows = templates_store.list_templates(store)
        self.table.set_rows([
            {"key": lit(r.key), "language": r.language, "uses": str(r.uses),
             "title": lit(r.title), "updated": lit(r.updated_by)}
            for r in self.rows
        ])  # fmt: skip
        if self.rows:
            self.table.move_cursor(row=min(keep, len(self.rows) - 1))
        self._preview()
        self.refresh_bindings()

    @property
    def current(self) -> TemplateRow | None:
        row = self.table.cursor_row
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _preview(self) -> None:
        row = self.current
        found = self.query("#template-body")
        if found:
            found.first(Static).update(lit(row.body, lines=True) if row else
                                       Text(_("No templates yet."), "dim"))  # fmt: skip

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._preview()
        self.refresh_bindings()

    def action_cursor(self, delta: int) -> None:
        step_cursor(self.table, delta, len(self.rows))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add", "edit", "delete"):
            if not permissions.allows(self.purna.member, "template_edit"):
                return False
            return action == "add" or self.current is not None
        return super().check_action(action, parameters)

    def _saver(self, new: bool) -> object:
        store, login = self.purna.store, self.purna.login

        async def save(key: str, language: str, title: str, body: str) -> str:
            """Save off the UI thread; a refusal's words stay in the dialog."""
            from core.errors import PurnaError

            if store is None:
                return _("The store is not open.")
            try:
                await asyncio.to_thread(
                    templates_store.save, store, key=key, language=language, title=title,
                    body=body, login=login, now=self.purna.now(), new=new)  # fmt: skip
            except PurnaError as problem:
                return problem.message
            return ""

        return save

    def action_add(self) -> None:
        self.app.push_screen(TemplateEditDialog(None, self._saver(True)), lambda _r: self.reload())

    def action_edit(self) -> None:
        if self.current is not None:
            self.app.push_screen(TemplateEditDialog(self.current, self._saver(False)),
                                 lambda _r: self.reload())  # fmt: skip

    @work(exclusive=True, group="change")
    async def action_delete(self) -> None:
        row, store = self.current, self.purna.store
        if row is None or store is None:
            return
        dialog = PromptDialog(_("Delete template {key} ({lang})").format(key=row.key,
                              lang=row.language), lit(row.body, lines=True), _("Delete"),
                              danger=True)  # fmt: skip
        if await self.app.push_screen_wait(dialog) is not None:
            await self.act(lambda: templates_store.delete(
                store, key=row.key, language=row.language, login=self.purna.login,
                now=self.purna.now()))  # fmt: skip
        self.reload()


# --- the chat queue ------------------------------------------------------------------------

CHAT_COLUMNS = (
    Column("left", N_("Time left"), 13, priority=0),  # a countdown is never cut
    Column("target", N_("12 h target"), 17, 17, priority=2),
    Column("conversation", N_("Chat"), 12, 8, priority=0, is_id=True),
    Column("order", N_("Order"), 19, 8, priority=1, is_id=True),
    Column("buyer", N_("Buyer"), 16, 10, priority=4),
    Column("count", N_("Msgs"), 4, priority=4, right=True),
    Column("text", N_("First message"), 40, 12, priority=5),
)


def left_text(turn: Turn, now: datetime) -> Text:
    """The countdown to the 24 h deadline, coloured by the chat alarm it crossed
    (core.chat.crossed: the banner rings at the same thresholds)."""
    from core.chat import crossed

    left = turn.deadline - now
    if left.total_seconds() <= 0:
        return Text(_("overdue"), "bold red reverse")
    shown = Text(format_remaining(left))
    hours = crossed(turn, now)
    if hours is not None and hours <= 1:
        shown.stylize("bold red")
    elif hours is not None and hours <= 6:
        shown.stylize("yellow")
    return shown


class ChatScreen(PurnaScreen):
    TITLE = N_("Buyer chat")
    HELP = N_(
        "Buyer chat messages nobody has answered yet, soonest deadline first. The platform "
        "wants a reply within 24 hours (enforced) and 12 hours (target); an auto-reply counts "
        "as a reply. Import chats with: purna chat import FILE. Enter opens a conversation; "
        "w shows the Monday evaluation (the 7 days before the Monday, without weekends, "
        "public holidays and holiday mode)."
    )
    BINDINGS = [
        Binding("enter", "open", N_("Open"), priority=True),
        Binding("w", "report", N_("Monday evaluation")),
        *LIST_BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.turns: list[Turn] = []

    def compose(self) -> ComposeResult:
        yield StatusBar(self.screen_title())
        yield Static(id="chat-summary")
        yield ResponsiveTable(CHAT_COLUMNS, id="chat-table", cursor_type="row")
        yield KeyFooter()

    @property
    def table(self) -> ResponsiveTable:
        return self.query_one("#chat-table", ResponsiveTable)

    def on_mount(self) -> None:
        self.reload()
        self.table.focus()
        self.set_interval(30.0, self.reload)

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        store = self.purna.store
        if store is None:
            return
        now = self.purna.now()
        zone = self.purna.shop_zone
        keep = self.table.cursor_row
        self.turns = chat_store.queue(store)
        self.table.set_rows([
            {"left": left_text(t, now),
             "target": Text(format_local(t.target, zone), "dim" if t.target > now else "yellow"),
             "conversation": lit(t.conversation_id), "order": lit(t.order_id or "-"),
             "buyer": mask_name(t.buyer_name), "count": str(len(t.messages)),
             "text": lit(t.messages[0].text)}
            for t in self.turns
        ])  # fmt: skip
        if self.turns:
            self.table.move_cursor(row=min(keep, len(self.turns) - 1))
        overdue = sum(1 for t in self.turns if t.deadline <= now)
        late = sum(1 for t in self.turns if t.target <= now)
        line = _(
            "{n} buyer conversations wait for a reply  ·  {late} past the 12 h target  ·  "
            "{overdue} past 24 h"
        ).format(n=len(self.turns), late=late, overdue=overdue)
        if not self.turns:
            line = _("No buyer message waits for a reply.")
        self.query_one("#chat-summary", Static).update(Text(line, "bold"))
        self.refresh_bindings()

    @property
    def current(self) -> Turn | None:
        row = self.table.cursor_row
        return self.turns[row] if 0 <= row < len(self.turns) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            return self.current is not None
        return super().check_action(action, parameters)

    def action_cursor(self, delta: int) -> None:
        step_cursor(self.table, delta, len(self.turns))

    def action_open(self) -> None:
        turn = self.current
        if turn is not None:
            self.app.push_screen(ConversationScreen(turn.marketplace, turn.conversation_id))

    @work(exclusive=True, group="report")
    async def action_report(self) -> None:
        store = self.purna.store
        if store is None:
            return
        now = self.purna.now()  # the 7 days are read off the UI thread
        result = await self.act_for(lambda: chat_store.evaluation(store, None, now), reload=False)
        if result is None:
            return
        self.app.push_screen(
            MessageDialog(_("Monday evaluation"), "\n".join(chat.report_lines(result)), error=False)
        )


MESSAGE_COLUMNS = (
    Column("at", N_("Time"), 16, priority=0),  # a time is never cut
    Column("who", N_("From"), 10, 6, priority=0),
    Column("mark", N_("Mark"), 12, 6, priority=1),
    Column("text", N_("Message"), 70, 20, priority=0),
)


class ConversationScreen(PurnaScreen):
    TITLE = N_("Conversation")
    HELP = N_(
        "One buyer conversation, oldest first. m marks the buyer's message under the cursor "
        "as harassment, a threat, an unreasonable demand or an irrelevant ad; "
        "t drafts the Seller Center ticket with the marked messages and the chat around "
        "them, buyer contacts masked, ready to copy."
    )
    BINDINGS = [
        Binding("m", "mark", N_("Mark")),
        Binding("t", "ticket", N_("Ticket")),
        *LIST_BINDINGS,
    ]

    def __init__(self, marketplace: str, conversation_id: str) -> None:
        super().__init__()
        self.marketplace, self.conversation_id = marketplace, conversation_id
        self.lines: list[chat.Line] = []

    def screen_title(self) -> str:
        return _("Conversation {id}").format(id=plain(self.conversation_id))

    def compose(self) -> ComposeResult:
        yield StatusBar(self.screen_title())
        yield ResponsiveTable(MESSAGE_COLUMNS, id="messages-table", cursor_type="row")
        yield KeyFooter()

    @property
    def table(self) -> ResponsiveTable:
        return self.query_one("#messages-table", ResponsiveTable)

    def on_mount(self) -> None:
        self.reload()
        self.table.focus()

    def reload(self) -> None:
        store = self.purna.store
        if store is None:
            return
        zone = self.purna.shop_zone
        keep = self.table.cursor_row
        self.lines = chat_store.conversation(store, self.marketplace, self.conversation_id)
        rows = []
        for line in self.lines:
            if line.sender == "buyer":
                who = Text(_("Buyer"), "bold")
            else:
                who = Text(_("auto-reply") if line.auto_reply else (line.staff or _("Shop")))
            mark = Text(_(chat.MARKS[line.mark]), "bold red") if line.mark else Text("")
            rows.append({"at": format_local(line.sent_at, zone), "who": who, "mark": mark,
                         "text": lit(line.text)})  # fmt: skip
        self.table.set_rows(rows)
        if self.lines:
            self.table.move_cursor(row=min(keep, len(self.lines) - 1))
        self.refresh_bindings()

    @property
    def current(self) -> chat.Line | None:
        row = self.table.cursor_row
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mark":
            line = self.current
            return (line is not None and line.sender == "buyer"
                    and permissions.allows(self.purna.member, "chat_mark"))  # fmt: skip
        if action == "ticket":
            return any(line.mark for line in self.lines)
        return super().check_action(action, parameters)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    def action_cursor(self, delta: int) -> None:
        step_cursor(self.table, delta, len(self.lines))

    @work(exclusive=True, group="change")
    async def action_mark(self) -> None:
        line, store = self.current, self.purna.store
        if line is None or store is None:
            return
        keys = list(chat.MARKS)
        options: list[tuple[Text | str, int]] = [
            (_(title), index) for index, title in enumerate(chat.MARKS.values())
        ]
        options.append((_("No mark (clear it)"), len(keys)))
        dialog = ChooseDialog(_("Mark this buyer message"), line.text, options)
        index = await self.app.push_screen_wait(dialog)
        if index is None:
            return
        mark = keys[index] if index < len(keys) else None
        await self.act(lambda: chat_store.mark(
            store, pk=line.pk, mark=mark, login=self.purna.login,
            now=self.purna.now()))  # fmt: skip
        self.reload()

    def action_ticket(self) -> None:
        store = self.purna.store
        if store is None:
            return
        text = chat_store.ticket(store, self.marketplace, self.conversation_id)
        self.app.push_screen(TicketDialog(text))


class TicketDialog(Dialog[None]):
    """The Seller Center ticket, shown for copying; y copies it."""

    BINDINGS = [Binding("y", "copy", N_("Copy"))]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with body_box("step"):
            yield Static(_("Seller Center ticket"), id="banner")
            yield Static(lit(self.text, lines=True))
            yield Static(Text(_("y copies it; file it in Seller Center > Pusat Bantuan. "
                                "Escape closes."), "dim"))  # fmt: skip
            yield Button(_("Close"), id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.text)
        self.notify(_("Ticket copied."), markup=False)
