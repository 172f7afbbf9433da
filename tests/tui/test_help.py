"""Help (`?`) on every screen names every key of the screen's footer in its text: the key
list below it is built from the bindings, the text is written by hand and must keep up."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest
from textual.binding import Binding

import tui.screens
from core.i18n import _
from tui.base import PurnaScreen
from tui.screens.help import key_name


def _screens() -> list[type[PurnaScreen]]:
    for module in pkgutil.iter_modules(tui.screens.__path__):
        importlib.import_module(f"tui.screens.{module.name}")
    found: list[type[PurnaScreen]] = []
    todo = list(PurnaScreen.__subclasses__())
    while todo:
        screen = todo.pop()
        found.append(screen)
        todo.extend(screen.__subclasses__())
    return sorted(found, key=lambda s: (s.__module__, s.__name__))


def _footer_keys(screen: type[PurnaScreen]) -> list[tuple[str, str]]:
    """(key, description) of the screen's own footer keys: shown, described, and acting
    on the screen (the app's keys, `app.…`, are the same everywhere and listed by help)."""
    keys = []
    for cls in screen.__mro__:
        if not cls.__module__.startswith("tui.screens."):
            continue
        for binding in cls.__dict__.get("BINDINGS", []):
            if (isinstance(binding, Binding) and binding.show and binding.description
                    and not binding.action.startswith("app.")):  # fmt: skip
                keys.append((binding.key, binding.description))
    return keys


def _named(key: str, text: str) -> bool:
    """`key` written as a key in `text`: on its own, not part of a word ("g changes…",
    "(x)", "Enter opens…"); a letter key is matched in its case."""
    return any(
        re.search(r"(?<![\w'’])" + re.escape(key_name(k)) + r"(?![\w'’])", text)
        for k in key.split(",")
    )


@pytest.mark.parametrize("screen", _screens(), ids=lambda s: s.__name__)
def test_help_text_names_every_key_of_the_footer(screen: type[PurnaScreen]) -> None:
    keys = _footer_keys(screen)
    if not keys:
        return
    assert screen.HELP, f"{screen.__name__} has keys but no help text"
    for text in (screen.HELP, _(screen.HELP)):  # the English text and the one shown
        missing = [f"{key} ({description})" for key, description in keys
                   if not _named(key, text)]  # fmt: skip
        assert not missing, f"{screen.__name__}: help does not name {', '.join(missing)}"
