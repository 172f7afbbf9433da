"""Inspecting a returned item: its condition, a note, evidence references and its shelf place.

Anything but "as described" sends the item to quarantine and, on the request screen,
opens the way to a dispute within 48 h of receipt; "as described" opens the refund.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING, NamedTuple

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from core.deadlines import wrong_item_reject_by
from core.formatting import format_local
from core.i18n import _
from core.workflow import CONDITIONS, FAULTY_CONDITIONS
from tui.base import PurnaModal
from tui.screens.dialogs import DIALOG_CSS, summary
from tui.widgets.detail_pane import mismatch_text

if TYPE_CHECKING:
    from core.queries import RequestDetail


class Inspection(NamedTuple):
    condition: str
    note: str
    evidence: list[str]
    location: str


class InspectionDialog(PurnaModal):
    """Dismisses with an Inspection, or None when cancelled."""

    DEFAULT_CSS = DIALOG_CSS

    def __init__(self, detail: RequestDetail, zone: tzinfo, location: str | None) -> None:
        super().__init__()
        self.detail = detail
        self.zone = zone
        self.location = location or ""

    def compose(self) -> ComposeResult:
        detail = self.detail
        with Vertical(id="dialog", classes="step"):
            yield Static(_("INSPECT THE RETURNED ITEM"), id="banner")
            yield Static(summary(detail, self.zone))
            warning = mismatch_text(detail)
            if warning is not None:
                yield Static(warning)
            if detail.received_at:
                yield Static(Text(_(
                    "Received {when}: a wrong or damaged item can be disputed until {until}."
                ).format(when=format_local(detail.received_at, self.zone),
                         until=format_local(wrong_item_reject_by(detail.received_at, self.zone),
                                            self.zone)), "bold"))  # fmt: skip
            with RadioSet(id="condition"):
                for key, title in CONDITIONS.items():
                    yield RadioButton(_(title), id=key)
            yield Input(placeholder=_("note: what was found"), id="note")
            yield Input(placeholder=_("evidence: photo/video files or ids, separated by commas"),
                        id="evidence")  # fmt: skip
            yield Input(value=self.location, id="location",
                        placeholder=_("shelf location (empty: Purna picks one)"))  # fmt: skip
            yield Static(id="where", classes="hint")
            with Horizontal(id="buttons"):
                yield Button(_("Cancel"), id="cancel", compact=True)
                yield Button(_("Save inspection"), id="confirm", compact=True, variant="primary",
                             disabled=True)  # fmt: skip

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()
        self._update()

    def _condition(self) -> str:
        pressed = self.query_one(RadioSet).pressed_button
        return pressed.id or "" if pressed is not None else ""

    def _update(self) -> None:
        condition = self._condition()
        self.query_one("#confirm", Button).disabled = not condition
        hint = self.query_one("#where", Static)
        if condition in FAULTY_CONDITIONS:
            hint.update(Text(_(
                "A {condition} item goes to quarantine and is never restocked."
            ).format(condition=_(CONDITIONS[condition]).lower()), "bold yellow"))  # fmt: skip
        else:
            hint.update("")

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        condition = self._condition()
        location = self.query_one("#location", Input)
        if condition in FAULTY_CONDITIONS and location.value == self.location:
            location.value = ""  # let Purna pick a place in quarantine
        self._update()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id != "confirm" or not self._condition():
            self.dismiss(None)
            return
        evidence = [ref for ref in self.query_one("#evidence", Input).value.split(",")]
        self.dismiss(Inspection(  # type: ignore[arg-type]
            self._condition(), self.query_one("#note", Input).value, evidence,
            self.query_one("#location", Input).value.strip(),
        ))  # fmt: skip
