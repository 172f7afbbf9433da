"""The key footer: every key the screen in front offers, on as many lines as it needs.

Textual's own footer is one line that cuts whatever does not fit; at 80 columns a
request screen's keys run past the edge and the last ones (`g` category, `t` claim) were
never seen. This footer packs "key description" pairs into lines of the screen's width,
never splitting a pair, and grows a line only when the keys do not fit on one. Bindings
of one group are shown once ("1…0 Screens"), as Textual's footer does.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen


class KeyFooter(Widget, can_focus=False):
    COMPONENT_CLASSES = {"key-footer--key", "key-footer--disabled"}
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: auto;
        max-height: 4;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyFooter > .key-footer--key {
        color: $footer-key-foreground;
        text-style: bold;
    }
    KeyFooter > .key-footer--disabled {
        text-style: dim;
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh(layout=True)

    def pairs(self) -> list[tuple[str, str, bool]]:
        """(key as typed, description, enabled) of every shown key, groups combined."""
        by_action: defaultdict[str, list[tuple[Binding, bool]]] = defaultdict(list)
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show:
                by_action[binding.action].append((binding, enabled))
        shown: list[tuple[str, str, bool]] = []
        groups: dict[str, int] = {}  # group description -> its index in `shown`
        for bindings in by_action.values():
            binding, enabled = bindings[0]
            key = self.app.get_key_display(binding)
            group = binding.group
            if group is None:
                shown.append((key, binding.description, enabled))
            elif group.description in groups:  # "1…9": the group's first and last key
                first, _description, any_enabled = shown[groups[group.description]]
                shown[groups[group.description]] = (
                    f"{first.split('…')[0]}…{key}",
                    group.description,
                    any_enabled or enabled,
                )
            else:
                groups[group.description] = len(shown)
                shown.append((key, group.description, enabled))
        return shown

    def _lines(self, width: int) -> list[Text]:
        key_style = self.get_component_rich_style("key-footer--key", partial=True)
        dim_style = self.get_component_rich_style("key-footer--disabled", partial=True)
        lines: list[Text] = [Text()]
        for key, description, enabled in self.pairs():
            pair = Text(no_wrap=True, end="")
            pair.append(f" {key}", key_style)
            pair.append(f" {description}")
            if not enabled:
                pair.stylize(dim_style)
            if lines[-1].cell_len and lines[-1].cell_len + cell_len(pair.plain) > width:
                lines.append(Text())
            lines[-1].append_text(pair)
        return lines

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return len(self._lines(max(width, 1)))

    def render(self) -> Text:
        return Text("\n").join(self._lines(max(self.size.width, 1)))
