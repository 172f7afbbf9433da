"""Inspecting a returned parcel: each item's condition, a note, evidence and a shelf place.

A parcel holds every item of the request; each gets its own condition. Anything but "as
described" sends that item to quarantine and, on the request screen, opens the way to a
dispute; every item as described opens the refund. The common case is three keys from
the receiving screen: ctrl+p opens this, `a` marks every item as described (the focus
moves to Save), Enter saves.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING, NamedTuple

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Input, Static

from core.deadlines import dispute_advised_by
from core.formatting import format_local, format_rupiah
from core.i18n import N_, _
from core.workflow import CONDITIONS, FAULTY_CONDITIONS
from tui.screens.dialogs import Dialog, body_box, scroll_body, summary
from tui.text import lit

if TYPE_CHECKING:
    from core.queries import RequestDetail

CONDITION_KEYS = tuple(CONDITIONS)  # 1 as described, 2 damaged, 3 wrong item, 4 incomplete


class Inspection(NamedTuple):
    conditions: dict[int, str]  # by request item id
    note: str
    evidence: list[str]
    location: str


class InspectionDialog(Dialog["Inspection | None"]):
    """Dismisses with an Inspection, or None when cancelled."""

    DEFAULT_CSS = """
    InspectionDialog #items { height: auto; margin: 0 0 1 0; }
    """
    BINDINGS = [
        Binding("a", "all_as_described", N_("All as described")),
        *(Binding(str(n), f"mark('{key}')", _t, show=False)
          for n, (key, _t) in enumerate(CONDITIONS.items(), start=1)),
        Binding("up,k", "move(-1)", N_("Previous item"), show=False),
        Binding("down,j", "move(1)", N_("Next item"), show=False),
    ]  # fmt: skip

    def __init__(
        self, detail: RequestDetail, zone: tzinfo, locations: dict[int | None, str]
    ) -> None:
        super().__init__()
        self.detail = detail
        self.zone = zone
        self.parts = list(detail.items)
        self.current = 0
        self.conditions: dict[int, str] = {
            p.item_pk: p.condition for p in self.parts if p.condition
        }
        first = next(iter(locations.values()), "")
        self.location = first if len(set(locations.values())) <= 1 else ""

    def compose(self) -> ComposeResult:
        detail = self.detail
        with body_box("step"):
            yield Static(_("INSPECT THE RETURNED PARCEL"), id="banner")
            with scroll_body():
                yield Static(summary(detail, self.zone))
                if detail.received_at:
                    until = dispute_advised_by(detail.received_at, self.zone)
                    yield Static(Text(_(
                        "Received {when}. A wrong or damaged item is best disputed before {until}; "
                        "later, file a logistics claim."
                    ).format(when=format_local(detail.received_at, self.zone),
                             until=format_local(until, self.zone)), "bold"))  # fmt: skip
                yield Static(id="items")
                yield Static(Text(_(
                    "↑↓ choose an item; 1 as described, 2 damaged, 3 wrong item, 4 incomplete; "
                    "a: every item as described."
                ), "dim"), classes="hint")  # fmt: skip
                yield Input(placeholder=_("note: what was found (optional)"), id="note")
                yield Input(
                    placeholder=_("evidence: photo/video files or ids, separated by commas"),
                    id="evidence")  # fmt: skip
                yield Input(value=self.location, id="location",
                            placeholder=_("shelf location (empty: Purna picks one)"))  # fmt: skip
                yield Static(id="where", classes="hint")
            with Horizontal(id="buttons"):
                yield Button(_("Cancel"), id="cancel", compact=True)
                yield Button(_("Save inspection"), id="confirm", compact=True, variant="primary",
                             disabled=True)  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()
        self._show()

    # --- choosing conditions ---------------------------------------------------------------

    def action_move(self, delta: int) -> None:
        if self.parts:
            self.current = max(0, min(len(self.parts) - 1, self.current + delta))
            self._show()

    def action_mark(self, condition: str) -> None:
        if self.parts:
            self.conditions[self.parts[self.current].item_pk] = condition
            if self.current < len(self.parts) - 1:
                self.current += 1
            self._show()
            self._focus_save_when_done()

    def action_all_as_described(self) -> None:
        for part in self.parts:
            self.conditions[part.item_pk] = "as_described"
        self._show()
        self._focus_save_when_done()

    def _focus_save_when_done(self) -> None:
        if self._complete():
            self.query_one("#confirm", Button).focus()

    def _complete(self) -> bool:
        return bool(self.parts) and all(p.item_pk in self.conditions for p in self.parts)

    def _show(self) -> None:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_column(no_wrap=True, justify="right")
        grid.add_column(no_wrap=True)
        for index, part in enumerate(self.parts):
            mark = "▶" if index == self.current else " "
            state = self.conditions.get(part.item_pk)
            shown = Text(_(CONDITIONS[state]) if state else _("not inspected"),
                         "bold red" if state in FAULTY_CONDITIONS else
                         ("bold green" if state else "yellow"))  # fmt: skip
            grid.add_row(Text(mark, "bold"), lit(f"{part.sku} ×{part.quantity}"),
                         format_rupiah(part.amount), shown)  # fmt: skip
        self.query_one("#items", Static).update(grid)
        self.query_one("#confirm", Button).disabled = not self._complete()
        faulty = sorted({c for c in self.conditions.values() if c in FAULTY_CONDITIONS})
        hint = self.query_one("#where", Static)
        if faulty:
            location = self.query_one("#location", Input)
            if location.value == self.location:
                location.value = ""  # let Purna pick a place in quarantine
            hint.update(Text(_(
                "A damaged, wrong or incomplete item goes to quarantine and is never restocked."
            ), "bold yellow"))  # fmt: skip
        else:
            hint.update("")

    # --- leaving -----------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # Enter in a field never saves

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id != "confirm" or not self._complete():
            self.dismiss(None)
            return
        evidence = [ref for ref in self.query_one("#evidence", Input).value.split(",")]
        self.dismiss(Inspection(
            dict(self.conditions), self.query_one("#note", Input).value, evidence,
            self.query_one("#location", Input).value.strip(),
        ))  # fmt: skip
