"""Writing XLSX workbooks for people (weekly review, bulk claims, export files) with
openpyxl, one way: text from files and marketplaces stays text (a SKU or reason that
starts with "=" is never a formula) and loses the control characters XML cannot hold."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter


def clean(value: object) -> object:
    """`value` with characters XML 1.0 cannot hold removed, if it is text."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def append_rows(sheet: Any, rows: Iterable[Sequence[object]],
                formats: dict[int, str] | None = None) -> None:  # fmt: skip
    """Append `rows` to a (normal) openpyxl sheet: text kept as text, dates as
    yyyy-mm-dd, and column index -> number format from `formats` (e.g. "0.0%")."""
    for row in rows:
        sheet.append([clean(v) for v in row])
        for index, cell in enumerate(sheet[sheet.max_row]):
            if isinstance(cell.value, str):
                cell.data_type = "s"
            elif formats and index in formats and cell.value is not None:
                cell.number_format = formats[index]
            elif isinstance(cell.value, date) and not isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd"


def streamed(sheet: Any, value: object) -> object:
    """One value for a write-only sheet's `append`: text that looks like a formula goes
    in a cell marked as text; anything else as it is (cheap for big files)."""
    value = clean(value)
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"
        return cell
    return value


def set_widths(sheet: Any, widths: Sequence[int]) -> None:
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width


def save_book(book: Any, path: Path) -> None:
    """Save `book` to `path` without following a symlink someone planted there (a shared
    folder): written to a new file beside it, then renamed over the name (the link itself
    is replaced, its target never touched). Raises OSError; a half-written file is removed."""
    path = Path(path)
    temporary = _new_file_beside(path)
    try:
        book.save(temporary)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _new_file_beside(path: Path) -> Path:
    """A new, empty file in `path`'s folder, created exclusively with the mode a plain
    create would give (0666 less the umask, applied by the system: the process-wide umask
    is never changed, other threads may be creating files)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for _attempt in range(100):
        candidate = path.parent / f".purna-{secrets.token_hex(6)}.xlsx"
        try:
            os.close(os.open(candidate, flags, 0o666))
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(path.parent)
