"""Every user-facing string is in the Indonesian catalog, and the compiled catalog is current."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.helpers import ROOT

CATALOG = ROOT / "core" / "locale" / "id" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def source_messages() -> set[str]:
    found: set[str] = set()
    for folder in ("core", "tui"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder, keywords={"_": None, "N_": None}, method_map=[("**.py", "python")]
        ):
            found.add(_first(message))
    return found


def test_every_source_message_is_translated_to_indonesian() -> None:
    with (CATALOG / "purna.po").open("rb") as handle:
        catalog = {_first(m.id): m.string for m in read_po(handle) if m.id}
    missing = sorted(
        m for m in source_messages() if not catalog.get(m) or not all(_all(catalog[m]))
    )
    assert missing == [], "run the catalog update in README.md and translate these"


def _first(value: str | tuple[str, ...]) -> str:
    return value if isinstance(value, str) else value[0]


def _all(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def test_translations_keep_every_placeholder() -> None:
    with (CATALOG / "purna.po").open("rb") as handle:
        for message in read_po(handle):
            if message.id and message.string:
                wanted = sorted(PLACEHOLDER.findall(_first(message.id)))
                for translation in _all(message.string):
                    assert sorted(PLACEHOLDER.findall(translation)) == wanted, message.id


def test_compiled_catalog_matches_the_po_file() -> None:
    with (CATALOG / "purna.po").open("rb") as handle:
        po = {_first(m.id): _all(m.string) for m in read_po(handle) if m.id}
    with (CATALOG / "purna.mo").open("rb") as handle:
        mo = {_first(m.id): _all(m.string) for m in read_mo(handle) if m.id}
    assert mo == po, "recompile: pybabel compile -d core/locale -D purna"


def test_core_never_imports_textual() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "core").rglob("*.py")
        if re.search(r"^\s*(from|import)\s+textual", path.read_text(), re.M)
    ]
    assert offenders == []


def test_screens_never_build_sql() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in Path(ROOT / "tui").rglob("*.py")
        if re.search(r"^\s*(from|import)\s+(sqlalchemy|sqlmodel)", path.read_text(), re.M)
    ]
    assert offenders == []


def test_no_staff_words_name_internal_references() -> None:
    """Staff read plain words; the rules' sources are for supervisors on the policy screen,
    which reads them from the policy table, not from the catalog (issue 10)."""
    internal = [m for m in source_messages() if "DOMAIN.md" in m or "seed 0" in m]
    assert internal == []
