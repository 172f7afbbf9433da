"""Dialogs of a decision: confirm before acting, why an action is blocked, the checklist, a note.

The confirm dialog is the last line of defence against a wrong key: it names the
action in plain words and its own colour (refund and reject never look alike), shows
the request type, order, amount, buyer comment and checks, and starts with the focus
on Cancel. Escape, Enter or Space on Cancel, and any letter, do nothing; confirming
takes Tab to the confirm button and then Enter, and for money the order id's last
characters typed first. So no single key, and no key held down, completes an action.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, NamedTuple

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from core import guards
from core.formatting import format_local, format_rupiah
from core.i18n import N_, _
from core.workflow import ACTION_TITLES, CONDITIONS, STATE_TITLES, TYPE_TITLES
from tui.base import PurnaModal
from tui.text import lit, plain
from tui.widgets.detail_pane import items_text, mismatch_text

if TYPE_CHECKING:
    from core.guards import Option
    from core.queries import RequestDetail

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
CONSEQUENCES = {
    "refund": N_("The money goes back to the buyer. This cannot be undone."),
    "reject": N_("The buyer's request is refused. This cannot be undone."),
    "resend": N_("Goods leave the warehouse again. This cannot be undone."),
    "ship_replacement": N_("The replacement leaves the warehouse. This cannot be undone."),
    "approve_return": N_("The buyer may send the item back for a refund. This cannot be undone."),
    "dispute": N_("The return is disputed with the platform. This cannot be undone."),
}

DIALOG_CSS = """
DecisionDialog, MessageDialog, ChecklistDialog, NoteDialog { align: center middle; }
#dialog {
    width: 96; height: auto; max-height: 95%;
    border: thick $primary; background: $surface; padding: 0 1;
}
#banner { width: 100%; content-align: center middle; text-style: bold; padding: 0 1; }
.money #banner { background: $error; color: $text; }
.reject #banner { background: $primary; color: $text; }
.goods #banner { background: $secondary; color: $text; }
.approve #banner, .dispute #banner { background: $warning; color: $background; }
.step #banner { background: $boost; }
.money { border: thick $error; }
.reject { border: thick $primary; }
#buttons { height: 1; margin: 1 0; align-horizontal: center; }
#buttons Button { margin: 0 2; min-width: 12; }
#buttons Button:focus { text-style: bold reverse; }
#dialog Input { border: none; height: 1; padding: 0 1; margin: 0 0 1 0; background: $boost; }
#dialog Input:focus { background: $accent 40%; }
#dialog Static { margin: 0 0 1 0; }
#dialog .hint { margin: 0; }
#dialog RadioSet { margin: 0 0 1 0; border: none; }
#dialog RadioButton { margin: 0; }
"""


def _cancel_first_hint() -> Static:
    """Shown under every form dialog: how to move and why Enter alone does nothing risky."""
    return Static(classes="hint", content=Text(_(
        "Focus starts on Cancel. Tab moves to the next field; Enter on the action "
        "button confirms; Escape cancels."
    ), "dim"))  # fmt: skip


class DecisionInput(NamedTuple):
    confirmation: str
    override_reason: str
    awb: str
    inspection: str


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


def checks_text(detail: RequestDetail, option: Option, zone: tzinfo) -> Text:
    missing = {r.key for r in option.missing}
    text = Text(_("Checks"), "bold")
    for check in detail.checks:
        if check.done_by and check.done_at:
            text.append("\n [x] ", "bold green")
            text.append(_(check.item.title))
            text.append(plain(f"  ({check.done_by}, {format_local(check.done_at, zone)})"), "dim")
        else:
            needed = check.item.key in missing
            text.append("\n [ ] ", "bold red" if needed else "bold yellow")
            text.append(_(check.item.title), "red" if needed else "")
    for requirement in option.missing:
        if requirement.key not in {c.item.key for c in detail.checks}:
            text.append("\n [ ] ", "bold red")
            text.append(_(requirement.title), "red")
    return text


class DecisionDialog(PurnaModal):
    """Confirm one workflow action on one request; dismisses with the inputs or None."""

    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [Binding("escape", "back", N_("Cancel"))]

    def __init__(
        self, detail: RequestDetail, option: Option, zone: tzinfo, *, override: bool
    ) -> None:
        super().__init__()
        self.detail = detail
        self.option = option
        self.zone = zone
        self.override = override  # a supervisor confirming despite missing checks
        self.money = option.action in guards.MONEY_ACTIONS
        self.expected = guards.confirmation_code(detail.row.order_id)

    def compose(self) -> ComposeResult:
        action = self.option.action
        category = CATEGORIES.get(action, "step") if self.option.irreversible else "step"
        amount = format_rupiah(self.detail.row.amount)
        banner = _(BANNERS[action]).format(amount=amount) if action in BANNERS else (
            _(ACTION_TITLES[action]).upper()
        )  # fmt: skip
        with Vertical(id="dialog", classes=category):
            yield Static(banner, id="banner")
            if action in CONSEQUENCES:
                yield Static(Text(_(CONSEQUENCES[action]), "bold"))
            yield Static(summary(self.detail, self.zone))
            warning = mismatch_text(self.detail)
            if warning is not None:
                yield Static(warning, id="mismatch")
            yield Static(checks_text(self.detail, self.option, self.zone))
            if self.override:
                yield Static(Text(_(
                    "Checks are missing. As a supervisor you may go ahead anyway: write why "
                    "(at least {n} characters). The reason goes into the audit trail."
                ).format(n=10), "bold red"))  # fmt: skip
                yield Input(placeholder=_("reason for overriding the missing checks"),
                            id="reason")  # fmt: skip
            if action in ("resend", "ship_replacement"):
                yield Input(placeholder=_("AWB of the new parcel (may be added later)"), id="awb")
            if action == "inspect":
                with RadioSet(id="inspection"):
                    for condition, title in CONDITIONS.items():
                        yield RadioButton(_(title), id=condition)
            if self.money:
                yield Static(lit(_(
                    "Type the last {n} characters of order {order} to confirm:"
                ).format(n=guards.CONFIRM_CHARS, order=self.detail.row.order_id)))  # fmt: skip
                yield Input(max_length=guards.CONFIRM_CHARS, id="code",
                            placeholder="_" * guards.CONFIRM_CHARS)  # fmt: skip
            with Horizontal(id="buttons"):
                yield Button(_("Cancel"), id="cancel", compact=True)
                label = _(ACTION_TITLES[action]) + (f" {amount}" if self.money else "")  # ours
                variant = "error" if self.money else "primary"
                yield Button(label, id="confirm", variant=variant, disabled=True, compact=True)
            yield _cancel_first_hint()

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()
        self._update()

    def _value(self, widget_id: str) -> str:
        found = self.query(f"#{widget_id}")
        return found.first(Input).value.strip() if found else ""

    def _inspection(self) -> str:
        found = self.query("#inspection")
        if not found:
            return ""
        pressed = found.first(RadioSet).pressed_button
        return pressed.id or "" if pressed is not None else ""

    def _ready(self) -> bool:
        if self.money and self._value("code").upper() != self.expected:
            return False
        if self.override and len(self._value("reason")) < 10:
            return False
        return not (self.option.action == "inspect" and not self._inspection())

    def _update(self) -> None:
        self.query_one("#confirm", Button).disabled = not self._ready()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._update()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self._update()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # Enter in a field never confirms: only the action button does

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "confirm" and self._ready():
            self.dismiss(DecisionInput(self._value("code"), self._value("reason"),
                                       self._value("awb"), self._inspection()))  # fmt: skip
        else:
            self.dismiss(None)


class MessageDialog(PurnaModal):
    """Why something was not done (blocked, refused, stale), to be acknowledged."""

    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [Binding("enter", "back", N_("Close")), Binding("b", "back", N_("Back"), show=False)]

    def __init__(self, title: str, body: Text | str, *, error: bool = True) -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.error = error

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="money" if self.error else "step"):
            yield Static(lit(self.title_text), id="banner")
            yield Static(lit(self.body, lines=True) if isinstance(self.body, str) else self.body)
            yield Static(Text(_("Enter, Escape or b closes this message."), "dim"))


def blocked_body(detail: RequestDetail, option: Option, zone: tzinfo) -> Text:
    text = Text(_("These checks are not done yet:"), "bold")
    for requirement in option.missing:
        text.append("\n [ ] ", "bold red")
        text.append(_(requirement.title))
        text.append(f"  [{requirement.ref}]", "dim")
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


class ChecklistDialog(PurnaModal):
    """Tick or untick the type's checks with letter keys; each change is saved at once."""

    DEFAULT_CSS = DIALOG_CSS
    LETTERS = "asdf"  # home-row keys, away from the digits that switch queues

    def __init__(
        self,
        detail: RequestDetail,
        zone: tzinfo,
        toggle: Callable[[str, bool], RequestDetail | None],
    ) -> None:
        super().__init__()
        self.detail = detail
        self.zone = zone
        self.toggle = toggle
        for letter, check in zip(self.LETTERS, detail.checks, strict=False):
            self._bindings.bind(letter, f"flip('{check.item.key}')",
                                _("Tick or untick: {check}").format(check=_(check.item.title)),
                                show=False)  # fmt: skip

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="step"):
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
            text.append(f" {letter} ", "bold reverse")
            text.append(" [x] " if done else " [ ] ", "bold green" if done else "bold yellow")
            text.append(_(check.item.title))
            if done and check.done_at:
                text.append(plain(f"  ({check.done_by}, {format_local(check.done_at, self.zone)})"),
                            "dim")  # fmt: skip
            text.append(f"\n     {check.item.ref}\n", "dim")
        self.query_one("#items", Static).update(text)

    def action_flip(self, key: str) -> None:
        done = any(c.item.key == key and c.done_by for c in self.detail.checks)
        updated = self.toggle(key, not done)
        if updated is None:
            self.dismiss()
            return
        self.detail = updated
        self._show()


class NoteDialog(PurnaModal):
    """Write a note beside the request; Enter saves, Escape cancels."""

    DEFAULT_CSS = DIALOG_CSS

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="step"):
            yield Static(_("Note"), id="banner")
            yield Input(placeholder=_("what the next person should know"), id="note")
            yield Static(Text(_("Enter saves the note; Escape cancels."), "dim"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)  # type: ignore[arg-type]


def when_text(moment: datetime | None, zone: tzinfo) -> str:
    return format_local(moment, zone) if moment else "-"


class PromptDialog(PurnaModal):
    """Confirm a smaller step, with one optional text field; focus starts on Cancel.

    Dismisses with the field's text ("" without a field) or None when cancelled.
    """

    DEFAULT_CSS = DIALOG_CSS

    def __init__(
        self, title: str, body: Text | str, confirm: str, *, field: str = "", minimum: int = 0,
        value: str = "", danger: bool = False,
    ) -> None:  # fmt: skip
        super().__init__()
        self.title_text, self.body, self.confirm_label = title, body, confirm
        self.field, self.minimum, self.value, self.danger = field, minimum, value, danger

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="money" if self.danger else "step"):
            yield Static(lit(self.title_text), id="banner")
            yield Static(lit(self.body, lines=True) if isinstance(self.body, str) else self.body)
            if self.field:
                yield Input(value=self.value, placeholder=self.field, id="field")
            with Horizontal(id="buttons"):
                yield Button(_("Cancel"), id="cancel", compact=True)
                yield Button(self.confirm_label, id="confirm", compact=True,
                             variant="error" if self.danger else "primary")  # fmt: skip
            yield _cancel_first_hint()

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()
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

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "confirm" and len(self._text()) >= self.minimum:
            self.dismiss(self._text())  # type: ignore[arg-type]
        else:
            self.dismiss(None)


class ChooseDialog(PurnaModal):
    """Pick one of several; dismisses with the chosen value or None."""

    DEFAULT_CSS = DIALOG_CSS

    def __init__(self, title: str, body: str, options: list[tuple[Text | str, int]]) -> None:
        super().__init__()
        self.title_text, self.body, self.options = title, body, options

    def compose(self) -> ComposeResult:
        from textual.widgets import OptionList
        from textual.widgets.option_list import Option

        with Vertical(id="dialog", classes="step"):
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
        self.dismiss(int(option.id))  # type: ignore[arg-type]
