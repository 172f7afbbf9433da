"""Reading a Seller Center export (CSV or the first sheet of an XLSX) as header + numbered rows.

Line numbers are what a user sees: the header is line 1 in both formats; a CSV
record spanning several lines (a quoted comment with a newline) is numbered by the
line it starts on.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from core.i18n import _

Cell = str | int | float | datetime | date | None


class TableError(Exception):
    """The file cannot be read as a table at all."""


@dataclass
class Table:
    path: Path
    header: list[str]  # normalised: lower case, words joined by "_"
    rows: Iterator[tuple[int, list[Cell]]]  # (line number, cells)


_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalise_header(name: object) -> str:
    """`Request ID`, `request-id`, ` REQUEST_ID ` -> `request_id`."""
    text = "" if name is None else str(name)
    return _NON_WORD.sub("_", text.strip().lstrip("\ufeff").lower()).strip("_")


def read_table(path: Path) -> Table:
    if not path.exists():
        raise TableError(_("file not found"))
    if path.is_dir():
        raise TableError(_("is a folder, not a file"))
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic == b"PK\x03\x04":
        return _read_xlsx(path)
    if path.suffix.lower() in (".xls", ".xlsx", ".xlsm"):
        raise TableError(_("not an XLSX workbook (old .xls files: save as .xlsx or CSV first)"))
    return _read_csv(path)


def _read_csv(path: Path) -> Table:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise TableError(
            _("line {line}: not UTF-8 text (save the export as CSV UTF-8)").format(line=line)
        ) from exc
    if "\x00" in text[:4096]:
        raise TableError(_("not a text file (binary content)"))
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    lines = io.StringIO(text, newline="")
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        header_cells = next(reader)
    except StopIteration:
        raise TableError(_("the file is empty")) from None
    except csv.Error as exc:
        raise TableError(_("line {line}: {problem}").format(line=1, problem=exc)) from exc

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        start = reader.line_num + 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise TableError(
                    _("line {line}: {problem}").format(line=start, problem=exc)
                ) from exc
            yield start, list(cells)
            start = reader.line_num + 1

    return Table(path, [normalise_header(h) for h in header_cells], rows())


def _read_xlsx(path: Path) -> Table:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TableError(_("not a readable XLSX workbook ({error})").format(error=exc)) from exc
    sheet = book.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    try:
        header_cells = next(values)
    except StopIteration:
        book.close()
        raise TableError(_("the first sheet is empty")) from None

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        try:
            for number, cells in enumerate(values, start=2):
                yield number, list(cells)
        finally:
            book.close()

    return Table(path, [normalise_header(h) for h in header_cells], rows())
