"""Dialogs of a decision: confirm before acting, why an action is blocked, the checklist, a note.

The confirm dialog is the last line of defence against a wrong key: it names the
action in plain words and its own colour (refund and reject never look alike), shows
the request type, order, amount, buyer comment and checks, and starts with the focus
on Cancel. Escape, Enter or Space on Cancel, and any letter, do nothing; confirming
takes Tab to the confirm button and then Enter, and for money the order id's last
characters typed first. So no single key, and no key held down, completes an action.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from core import guards
from core.actions import wrong_code_message
from core.errors import PurnaError
from core.formatting import format_local, format_rupiah
from core.i18n import N_, _
from core.workflow import ACTION_TITLES, STATE_TITLES, TYPE_TITLES
from tui.base import translate_bindings
from tui.text import lit, plain
from tui.widgets.detail_pane import items_text, mismatch_text

if TYPE_CHECKING:
    from core.guards import Option
    from core.queries import RequestDetail
    from core.reject_reasons import RejectReason

# How each action looks: its banner colour class and the words on it.
CATEGORIES = {
    "refund": "money",
    "reject": "reject",
    "resend": "goods",
    "ship_replacement": "goods",
    "approve_return": "approve",
    "dispute": "dispute",
}
BANNERS = {
    "refund": N_("REFUND {amount} TO THE BUYER"),
    "reject": N_("REJECT THE BUYER'S REQUEST"),
    "resend": N_("SEND THE ITEM AGAIN"),
    "ship_replacement": N_("SHIP THE REPLACEMENT"),
    "approve_return": N_("APPROVE THE RETURN"),
    "dispute": N_("DISPUTE THE RETURNED ITEM"),
}
# What the decision means once it is made on the platform. Purna itself only records it
# (RECORDS_ONLY says so, with where it must also be done), so none of these says it happens.
CONSEQUENCES = {
    "refund": N_("Once done on the platform, the buyer gets the money back. It cannot be undone."),
    "reject": N_("Once done on the platform, the buyer's request is refused. It cannot be undone."),
    "resend": N_("The goods leave the warehouse again. It cannot be undone."),
    "ship_replacement": N_("The replacement leaves the warehouse. It cannot be undone."),
    "approve_return": N_("Once done on the platform, the buyer may send the item back for a "
                         "refund. It cannot be undone."),
    "dispute": N_("Once done on the platform, the return is disputed. It cannot be undone."),
}  # fmt: skip
RECORDS_ONLY = N_(
    "Purna records the decision; it sends nothing to the marketplace. Do the same in {console}."
)

DIALOG_CSS = """
Dialog { align: center middle; }
Dialog #dialog {
    width: 96; max-width: 100%; height: auto; max-height: 100%;
    border: thick $primary; background: $surface; padding: 0 1;
}
Dialog #banner { width: 100%; content-align: center middle; text-style: bold; padding: 0 1; }
Dialog .money #banner { background: $error; color: $text; }
Dialog .reject #banner { background: $primary; color: $text; }
Dialog .goods #banner { background: $secondary; color: $text; }
Dialog .approve #banner, Dialog .dispute #banner { background: $warning; color: $background; }
Dialog .step #banner { background: $boost; }
Dialog .money { border: thick $error; }
Dialog .reject { border: thick $primary; }
Dialog #buttons { height: 1; margin: 1 0 0 0; align-horizontal: center; }
Dialog #buttons Button { margin: 0 2; min-width: 12; }
Dialog #buttons Button:focus { text-style: bold reverse; }
Dialog #dialog Input { border: none; height: 1; padding: 0 1; margin: 0; background: $boost; }
Dialog #dialog Input:focus { background: $accent 40%; }
Dialog #dialog Static { margin: 0 0 1 0; }
Dialog #dialog .hint, Dialog #dialog .label { margin: 0; }
Dialog #dialog RadioSet { margin: 0 0 1 0; border: none; }
Dialog #dialog RadioButton { margin: 0; }
Dialog #body { height: auto; scrollbar-size-vertical: 1; }
"""

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """The base of every Purna dialog: centred, its CSS once, translated keys, and a body
    that scrolls so the focused control is always on screen (80x24 and up). Escape, or
    `b` outside a text field, dismisses it with None."""

    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [
        Binding("escape", "back", N_("Cancel")),
        Binding("b", "back", N_("Back"), show=False),
        Binding("up", "scroll_body(-1)", N_("Scroll up"), show=False),
        Binding("down", "scroll_body(1)", N_("Scroll down"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    # Lines around a dialog's scrolling body: frame, banner, buttons and the hint under them.
    CHROME = 8

    def action_back(self) -> None:
        self.dismiss(None)

    def action_scroll_body(self, delta: int) -> None:
        found = self.query("#body") or self.query("#dialog")
        if found:
            found.first().scroll_relative(y=delta, animate=False)

    def on_resize(self, event: events.Resize) -> None:
        # The banner and the buttons stay in view; the body between them scrolls (80x24).
        found = self.query("#body")
        if found:
            found.first().styles.max_height = max(4, event.size.height - self.CHROME)


def scroll_body() -> VerticalScroll:
    """The part of a dialog between its banner and its buttons: scrolls, never takes focus."""
    box = VerticalScroll(id="body")
    box.can_focus = False
    return box


def body_box(category: str) -> VerticalScroll:
    """The dialog's frame: scrolls when taller than the terminal; Tab skips it."""
    box = VerticalScroll(id="dialog", classes=category)
    box.can_focus = False
    return box


def _cancel_first_hint() -> Static:
    """Shown under every form dialog: how to move and why Enter alone does nothing risky."""
    return Static(classes="hint", content=Text(_(
        "Focus starts on Cancel. Tab moves to the next field; Enter on the action "
        "button confirms; Escape cancels."
    ), "dim"))  # fmt: skip


def _field_first_hint() -> Static:
    """Shown under a dialog that opens in its text field."""
    return Static(classes="hint", content=Text(_(
        "Type in the field; Tab moves to the buttons; Enter on the action button confirms; "
        "Escape cancels."
    ), "dim"))  # fmt: skip


class DecisionInput(NamedTuple):
    confirmation: str
    override_reason: str
    awb: str
    inspection: str
    reject_reason: str = ""
    note: str = ""
    version: int | None = None  # the request's version after checks ticked in the dialog


def summary(detail: RequestDetail, zone: tzinfo) -> Table:
    """Type, order, amount and the buyer's words: what must be in view before deciding."""
    row = detail.row
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(_("Request type"), Text(_(TYPE_TITLES[row.request_type]), "bold"))
    grid.add_row(_("Order"), Text.assemble(lit(row.order_id, "bold"), lit(f"   {row.request_id}")))
    grid.add_row(_("Amount"), Text(format_rupiah(row.amount), "bold"))
    grid.add_row(_("Items") if len(detail.items) > 1 else _("Product"), items_text(detail))
    grid.add_row(_("Reason"), lit(detail.reason or "-"))
    grid.add_row(
        _("Buyer comment"),
        lit(f"“{detail.buyer_comment}”" if detail.buyer_comment else "-", "italic", lines=True),
    )
    grid.add_row(_("State"), _(STATE_TITLES[row.state]))
    return grid


CHECK_LETTERS = "asdf"  # home-row keys, the same in the checklist and in a decision


def check_letters(detail: RequestDetail) -> dict[str, str]:
    """The letter of each of the request type's checks, by check key, in checklist order."""
    return {c.item.key: letter for letter, c in zip(CHECK_LETTERS, detail.checks, strict=False)}


def checks_text(detail: RequestDetail, form: guards.Form, zone: tzinfo) -> Text:
    """The checks done, then exactly the missing ones that block this action: those the
    person may tick here with their letter, then those no tick can supply."""
    letters = check_letters(detail)
    text = Text(_("Checks"), "bold")
    for check in detail.checks:
        if check.done_by and check.done_at:
            text.append("\n [x] ", "bold green")
            text.append(_(check.item.title))
            text.append(plain(f"  ({check.done_by}, {format_local(check.done_at, zone)})"), "dim")
    if form.missing:
        text.append("\n")
        text.append(_("Blocking this decision:"), "bold red")
    for requirement in form.tickable:
        letter = letters.get(requirement.key, " ")
        text.append("\n ")
        text.append(f" {letter} ", "bold reverse")
        text.append(" [ ] ", "bold red")
        text.append(_(requirement.title), "red")
    for requirement in form.blocking:
        text.append("\n     [ ] ", "bold red")
        text.append(_(requirement.title), "red")
    for warning in form.warnings:
        text.append("\n  !  ", "bold yellow")
        text.append(_(warning.title), "yellow")
        if warning.advice:
            text.append(" " + _(warning.advice), "yellow")
    if form.tickable:
        text.append("\n")
        text.append(_("Press a check's letter once it is done: it is ticked here and recorded."),
                    "dim")  # fmt: skip
    return text


# Ticks one check of the shown request (by key, at the version shown) and returns the
# request and the action's form as they are now; raises core.errors.PurnaError if refused.
Ticker = Callable[[str, int], "tuple[RequestDetail, guards.Form | None]"]


class DecisionDialog(Dialog["DecisionInput | None"]):
    """Confirm one workflow action on one request; dismisses with the inputs or None.

    The missing checks that block the action can be ticked here with their letters; a
    reject takes a reason by its digit and an optional note; an irreversible action takes
    the order id's last characters. After the last tick or the reason, the focus moves to
    the next thing to fill in; the action button comes right after the code field.
    """

    def __init__(
        self,
        detail: RequestDetail,
        form: guards.Form,
        zone: tzinfo,
        *,
        tick: Ticker | None = None,
    ) -> None:
        super().__init__()
        self.detail = detail
        self.form = form
        self.zone = zone
        self.tick = tick
        self.reason: RejectReason | None = None
        self.problem = ""  # why the last tick was refused
        for key, letter in check_letters(detail).items():
            self._bindings.bind(letter, f"tick('{key}')", show=False)
        for number, reason in enumerate(form.reasons, start=1):
            self._bindings.bind(str(number), f"choose('{reason.key}')", show=False)

    def compose(self) -> ComposeResult:
        form, detail = self.form, self.detail
        action = form.action
        irreversible = bool(form.code) or action in CATEGORIES
        category = CATEGORIES.get(action, "step") if irreversible else "step"
        amount = format_rupiah(detail.row.amount)
        banner = _(BANNERS[action]).format(amount=amount) if action in BANNERS else (
            _(ACTION_TITLES[action]).upper()
        )  # fmt: skip
        with body_box(category):
            yield Static(banner, id="banner")
            yield from self._body(detail, form)
            with Horizontal(id="buttons"):
                label = _("Record: {action}").format(action=_(ACTION_TITLES[action]))
                if action in guards.MONEY_ACTIONS:
                    label += f" {amount}"
                variant = "error" if category == "money" else "primary"
                yield Button(label, id="confirm", variant=variant, disabled=True, compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)
            yield _cancel_first_hint()

    def _body(self, detail: RequestDetail, form: guards.Form) -> ComposeResult:
        action = form.action
        with scroll_body():
            words = Text()
            if action in CONSEQUENCES:
                words.append(_(CONSEQUENCES[action]) + " ", "bold")
            words.append(_(RECORDS_ONLY).format(console=form.console))
            yield Static(words, id="consequence")
            yield Static(summary(detail, self.zone))
            warning = mismatch_text(detail)
            if warning is not None:
                yield Static(warning, id="mismatch")
            yield Static(id="checks")
            if form.may_override:
                yield Static(Text(_(
                    "As a supervisor you may go ahead without the missing checks: write why "
                    "(at least {n} characters). The reason goes into the audit trail."
                ).format(n=form.min_reason), "bold red"), id="override-help")  # fmt: skip
                yield Input(placeholder=_("reason for overriding the missing checks"),
                            id="reason")  # fmt: skip
            if form.reasons:
                yield Static(id="reasons")
                yield Input(placeholder=_("note for the audit trail (optional)"), id="note")
            if form.asks_awb:
                yield Input(placeholder=_("AWB of the new parcel (may be added later)"), id="awb")
            if form.code:
                yield Static(lit(_(
                    "Type the last {n} characters of order {order} to confirm:"
                ).format(n=guards.CONFIRM_CHARS, order=detail.row.order_id)),
                    classes="label")  # fmt: skip
                yield Input(max_length=guards.CONFIRM_CHARS, id="code",
                            placeholder="_" * guards.CONFIRM_CHARS)  # fmt: skip
                yield Static(id="code-state", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()
        self._update()

    def _value(self, widget_id: str) -> str:
        found = self.query(f"#{widget_id}")
        return found.first(Input).value.strip() if found else ""

    # --- what is still needed ---------------------------------------------------------------

    def _code_right(self) -> bool:
        return not self.form.code or self._value("code").upper() == self.form.code

    def _checks_settled(self) -> bool:
        """No missing check blocks, or a supervisor wrote a long enough reason."""
        if not self.form.missing:
            return True
        return self.form.may_override and len(self._value("reason")) >= self.form.min_reason

    def _reason_settled(self) -> bool:
        if not self.form.reasons:
            return True
        reason = self.reason
        return reason is not None and (not reason.needs_note or bool(self._value("note")))

    def _ready(self) -> bool:
        return self._checks_settled() and self._reason_settled() and self._code_right()

    def _update(self) -> None:
        self.query_one("#checks", Static).update(self._checks())
        if self.form.reasons:
            self.query_one("#reasons", Static).update(self._reasons())
        if self.form.code:
            self.query_one("#code-state", Static).update(self._code_state())
        for widget in self.query("#override-help, #reason"):
            widget.display = self.form.may_override  # gone once every check is ticked
        self.query_one("#confirm", Button).disabled = not self._ready()

    def _checks(self) -> Text:
        text = checks_text(self.detail, self.form, self.zone)
        if self.problem:
            text.append("\n")
            text.append(lit(self.problem, "bold red"))
        return text

    def _reasons(self) -> Text:
        text = Text(_("Reason for rejecting (press its number):"), "bold")
        for number, reason in enumerate(self.form.reasons, start=1):
            chosen = reason is self.reason
            text.append("\n ")
            text.append(f" {number} ", "bold reverse")
            text.append(" (•) " if chosen else " ( ) ", "bold green" if chosen else "")
            text.append(_(reason.title), "bold" if chosen else "")
        return text

    def _code_state(self) -> Text:
        typed = self._value("code")
        if not typed and self.focused is not None and self.focused.id == "code":
            # the focus moved here by itself after a tick or a reason: say so, since the
            # hint under the buttons speaks of where the focus starts
            return Text(_("The cursor is in this field: type the {n} characters now.").format(
                n=guards.CONFIRM_CHARS), "bold")  # fmt: skip
        if len(typed) < guards.CONFIRM_CHARS:
            return Text("")
        if self._code_right():
            return Text(_("The code is right. Tab goes to the button; Enter records."),
                        "bold green")  # fmt: skip
        return lit(wrong_code_message(typed, self.detail.row.order_id), "bold red")

    def _next_field(self) -> None:
        """After a tick or a reason: move the focus to the next thing to fill in."""
        if self.form.tickable:
            return  # more checks to tick first (their letters must never type into a field)
        if self.form.missing and self.form.may_override and not self._checks_settled():
            self.query_one("#reason", Input).focus()
        elif self.form.reasons and self.reason is None:
            return
        elif self.reason is not None and self.reason.needs_note and not self._value("note"):
            self.query_one("#note", Input).focus()
        elif self.form.code and not self._code_right():
            self.query_one("#code", Input).focus()
        elif self._ready():
            self.query_one("#confirm", Button).focus()

    # --- keys -------------------------------------------------------------------------------

    async def action_tick(self, key: str) -> None:
        if self.tick is None or key not in {r.key for r in self.form.tickable}:
            return
        try:
            detail, form = await asyncio.to_thread(self.tick, key, self.detail.row.version)
        except PurnaError as refused:
            self.problem = refused.message
            self._update()
            return
        if form is None:  # the action no longer applies (the request moved on)
            self.dismiss(None)
            return
        self.detail, self.form, self.problem = detail, form, ""
        self._update()
        self._next_field()

    def action_choose(self, key: str) -> None:
        self.reason = next((r for r in self.form.reasons if r.key == key), None)
        self._update()
        self._next_field()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._update()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if self.is_mounted and self.query("#confirm"):
            self._update()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # Enter in a field never confirms: only the action button does

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "confirm" and not self._ready():
            self.app.bell()  # not ready (a wrong code, a check left): stay, it says what
            return
        if event.button.id == "confirm":
            self.dismiss(DecisionInput(
                self._value("code"), self._value("reason") if self.form.missing else "",
                self._value("awb"), "", self.reason.key if self.reason else "",
                self._value("note"), self.detail.row.version,
            ))  # fmt: skip
        else:
            self.dismiss(None)


class MessageDialog(Dialog[None]):
    """Why something was not done (blocked, refused, stale), to be acknowledged."""

    BINDINGS = [Binding("enter", "back", N_("Close"))]

    def __init__(self, title: str, body: Text | str, *, error: bool = True) -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.error = error

    def compose(self) -> ComposeResult:
        with body_box("money" if self.error else "step"):
            yield Static(lit(self.title_text), id="banner")
            yield Static(lit(self.body, lines=True) if isinstance(self.body, str) else self.body)
            yield Static(Text(_("Enter, Escape or b closes this message."), "dim"))


def blocked_body(detail: RequestDetail, option: Option, zone: tzinfo) -> Text:
    text = Text(_("These checks block it:"), "bold")
    for requirement in option.missing:
        text.append("\n [ ] ", "bold red")
        text.append(_(requirement.title))
    text.append("\n\n")
    text.append(_(
        "Tick the checks with c once they are done. A supervisor may go ahead without "
        "them, with a written reason."
    ))  # fmt: skip
    warning = mismatch_text(detail)
    if warning is not None:
        text.append("\n\n")
        text.append(warning)
    return text


class ChecklistDialog(Dialog[None]):
    """Tick or untick the type's checks with letter keys; each change is saved at once."""

    LETTERS = CHECK_LETTERS  # home-row keys, away from the digits that switch queues

    def __init__(
        self,
        detail: RequestDetail,
        zone: tzinfo,
        toggle: Callable[[str, bool], Awaitable[RequestDetail | None]],
    ) -> None:
        super().__init__()
        self.detail = detail
        self.zone = zone
        self.toggle = toggle
        for letter, check in zip(self.LETTERS, detail.checks, strict=False):
            if not guards.by_hand(check.item.key):  # an action records it (core.guards)
                continue
            self._bindings.bind(letter, f"flip('{check.item.key}')",
                                _("Tick or untick: {check}").format(check=_(check.item.title)),
                                show=False)  # fmt: skip

    def compose(self) -> ComposeResult:
        with body_box("step"):
            yield Static(_("Checklist: {type}").format(
                type=_(TYPE_TITLES[self.detail.row.request_type])), id="banner")  # fmt: skip
            yield Static(id="items")
            yield Static(Text(_(
                "Press a letter to tick or untick that check; it is saved at once and "
                "recorded in the audit trail. Escape closes."
            ), "dim"))  # fmt: skip

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        text = Text()
        for letter, check in zip(self.LETTERS, self.detail.checks, strict=False):
            done = bool(check.done_by)
            recorded = guards.RECORDED.get(check.item.key)
            text.append(f" {letter} " if recorded is None else "   ", "bold reverse")
            text.append(" [x] " if done else " [ ] ", "bold green" if done else "bold yellow")
            text.append(_(check.item.title))
            if recorded is not None and not done:
                text.append("  " + _("(ticked by doing it: {action})").format(
                    action=_(ACTION_TITLES[recorded])), "dim")  # fmt: skip
            if done and check.done_at:
                text.append(plain(f"  ({check.done_by}, {format_local(check.done_at, self.zone)})"),
                            "dim")  # fmt: skip
            text.append("\n")
        self.query_one("#items", Static).update(text)

    async def action_flip(self, key: str) -> None:
        done = any(c.item.key == key and c.done_by for c in self.detail.checks)
        updated = await self.toggle(key, not done)
        if updated is None:
            self.dismiss()
            return
        self.detail = updated
        self._show()


class NoteDialog(Dialog["str | None"]):
    """Write a note beside the request; Enter saves, Escape cancels."""

    def compose(self) -> ComposeResult:
        with body_box("step"):
            yield Static(_("Note"), id="banner")
            yield Input(placeholder=_("what the next person should know"), id="note")
            yield Static(Text(_("Enter saves the note; Escape cancels."), "dim"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)


def when_text(moment: datetime | None, zone: tzinfo) -> str:
    return format_local(moment, zone) if moment else "-"


class PromptDialog(Dialog["str | None"]):
    """Confirm a smaller step, with one optional text field. Focus starts in the field, so
    what is typed right after the key that opened the dialog lands there; Enter in it
    moves on to Cancel (a held Enter cancels, never confirms), or, with `enter_takes`, for
    entries that change nothing irreversible, takes the text. Without a field the focus
    starts on Cancel.

    Dismisses with the field's text ("" without a field) or None when cancelled.
    """

    def __init__(
        self, title: str, body: Text | str, confirm: str, *, field: str = "", minimum: int = 0,
        value: str = "", danger: bool = False, enter_takes: bool = False,
    ) -> None:  # fmt: skip
        super().__init__()
        self.title_text, self.body, self.confirm_label = title, body, confirm
        self.field, self.minimum, self.value, self.danger = field, minimum, value, danger
        self.enter_takes = enter_takes and not danger

    def compose(self) -> ComposeResult:
        with body_box("money" if self.danger else "step"):
            yield Static(lit(self.title_text), id="banner")
            yield Static(lit(self.body, lines=True) if isinstance(self.body, str) else self.body)
            if self.field:
                # a value typed elsewhere (notes) may hold control characters: shown safe
                yield Input(value=plain(self.value), placeholder=self.field, id="field")
            with Horizontal(id="buttons"):
                yield Button(_("Cancel"), id="cancel", compact=True)
                yield Button(self.confirm_label, id="confirm", compact=True,
                             variant="error" if self.danger else "primary")  # fmt: skip
            if self.enter_takes:
                yield Static(Text(_("Enter takes what is typed; Escape cancels."), "dim"),
                             classes="hint")  # fmt: skip
            else:
                yield _field_first_hint() if self.field else _cancel_first_hint()

    def on_mount(self) -> None:
        self.query_one("#field" if self.field else "#cancel").focus()
        self._update()

    def _text(self) -> str:
        found = self.query("#field")
        return found.first(Input).value.strip() if found else ""

    def _update(self) -> None:
        self.query_one("#confirm", Button).disabled = len(self._text()) < self.minimum

    def on_input_changed(self, event: Input.Changed) -> None:
        self._update()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.enter_takes:
            if len(self._text()) >= self.minimum:
                self.dismiss(self._text())
        else:  # never confirms a step: on to Cancel, so a held Enter only cancels
            self.query_one("#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "confirm" and len(self._text()) >= self.minimum:
            self.dismiss(self._text())
        else:
            self.dismiss(None)


class EntryDialog(PromptDialog):
    """A small text entry (a file path, an id, an amount, a note) where typing is the
    point: the focus starts in the field and Enter takes it, Escape cancels. For entries
    that change nothing irreversible; state changes use PromptDialog."""

    def __init__(self, title: str, body: Text | str, confirm: str, *, field: str,
                 minimum: int = 0, value: str = "") -> None:  # fmt: skip
        super().__init__(title, body, confirm, field=field, minimum=minimum, value=value,
                         enter_takes=True)  # fmt: skip


class ChooseDialog(Dialog["int | None"]):
    """Pick one of several; dismisses with the chosen value or None."""

    def __init__(self, title: str, body: str, options: list[tuple[Text | str, int]]) -> None:
        super().__init__()
        self.title_text, self.body, self.options = title, body, options

    def compose(self) -> ComposeResult:
        from textual.widgets import OptionList
        from textual.widgets.option_list import Option

        with body_box("step"):
            yield Static(lit(self.title_text), id="banner")
            yield Static(lit(self.body, lines=True))
            yield OptionList(*(
                Option(label if isinstance(label, Text) else lit(label), id=str(value))
                for label, value in self.options
            ))  # fmt: skip
            yield Static(classes="hint", content=Text(_(
                "Arrows choose, Enter takes it, Escape cancels."), "dim"))  # fmt: skip

    def on_option_list_option_selected(self, event: object) -> None:
        option = event.option  # type: ignore[attr-defined]
        self.dismiss(int(option.id))
