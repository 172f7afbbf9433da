"""`?` on any screen: what the screen is for and every key it answers to."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.keys import format_key
from textual.screen import Screen
from textual.widgets import Static

from core.i18n import N_, _
from tui.base import PurnaModal, PurnaScreen

KEY_NAMES = {
    "escape": "Esc",
    "enter": "Enter",
    "up": "↑",
    "down": "↓",
    "slash": "/",
    "question_mark": "?",
    "ctrl+q": "Ctrl+Q",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "home": "Home",
    "end": "End",
    "space": "Space",
    "tab": "Tab",
}


def key_name(key: str) -> str:
    """A key as it is typed: `!`, `/`, `Esc`, `ctrl+r`, never Textual's `exclamation_mark`."""
    return KEY_NAMES.get(key) or format_key(key)


def _declared_by_purna(node: DOMNode) -> set[str]:
    """Actions bound in the BINDINGS of Purna's own classes of `node` (not Textual's)."""
    actions: set[str] = set()
    for cls in type(node).__mro__:
        if cls.__module__.startswith("tui."):
            for binding in cls.__dict__.get("BINDINGS", []):
                actions.add(binding.action if isinstance(binding, Binding) else binding[1])
    return actions


def key_list(screen: Screen[object]) -> list[tuple[str, str]]:
    """(keys, description) for every Purna key active on `screen`, one line per action.

    Keys that Textual's widgets bring along (DataTable's Home/End, focus cycling) are
    left out: they are untranslated and nothing in Purna needs them.
    """
    lines: dict[tuple[str, str], list[str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or binding.action not in _declared_by_purna(active.node):
            continue
        lines.setdefault((binding.action, binding.description), []).append(key_name(key))
    return [(" / ".join(keys), description) for (_action, description), keys in lines.items()]


class HelpScreen(PurnaModal):
    """Help for the screen below it; Escape, b or ? closes it."""

    BINDINGS = [Binding("question_mark", "back", N_("Close help"))]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 84; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    """

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.target = screen

    def compose(self) -> ComposeResult:
        target = self.target
        title = target.screen_title() if isinstance(target, PurnaScreen) else ""
        help_text = _(target.HELP) if isinstance(target, PurnaScreen) and target.HELP else ""
        keys = Table.grid(padding=(0, 2))
        keys.add_column(style="bold", no_wrap=True)
        keys.add_column()
        for key, description in key_list(target):
            keys.add_row(key, description)
        with VerticalScroll():
            yield Static(Text(_("Help: {screen}").format(screen=title), "bold underline"))
            # first, so that even at 80x24 a person sees how to leave without scrolling
            yield Static(Text(_("↑↓ scroll · Escape, b or ? closes this help"), "dim"))
            if help_text:
                yield Static(Text("\n" + help_text + "\n"))
            yield Static(Text(_("Keys"), "bold"))
            yield Static(keys)
            yield Static(
                Text(
                    "\n"
                    + _(
                        "Everything works from the keyboard. Escape can arrive late over some SSH "
                        "links: b does the same. Press Escape, b or ? to close this help."
                    ),
                    "dim",
                )
            )
