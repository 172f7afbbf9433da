"""Translation of user-facing text (gettext), Bahasa Indonesia by default.

Source strings are English; the `id` catalog in `core/locale/` translates them.
`_()` looks the text up in the language chosen with `set_language()`, so strings
must be translated when shown, not at import time: module-level text is marked
with `N_()` (extracted into the catalog, translated later by `_()`).
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "purna"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def set_language(language: str) -> None:
    """Switch every later `_()` call to `language` (`id` or `en`)."""
    global _current, _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    if language == "en":
        _current = gettext.NullTranslations()
    else:
        _current = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language])
    _language = language


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """Translate `message` into the current language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for the catalog without translating it now."""
    return message


set_language(DEFAULT_LANGUAGE)
