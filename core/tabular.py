"""Reading a Seller Center export (CSV or the first sheet of an XLSX) as header + numbered rows.

Exports come as the marketplace wrote them (shared/formats/marketplaces.md, "Quirks"):
- the header is the first row, within the first 30, that holds the key headers of a
  known format (core.marketplaces); title rows above it are skipped. A file of no known
  format keeps its first non-empty row as header (the importer then asks for --kind);
- a row of column descriptions right under the header (TikTok's order export) is
  skipped when its id cells are sentences: an id never holds a space, so a real data
  row is never taken for one;
- CSV: `,`, `;` or tab, chosen as the one that makes a known header (else the most
  columns); UTF-8 with or without BOM; quoted cells may hold newlines;
- XLSX: Purna's streaming reader (core/xlsx.py) reads the sheet row by row in bounded
  memory, only the columns an import needs, never trusting the declared `<dimension>`;
  a workbook it cannot read goes to python-calamine (about 13x faster than openpyxl
  read-only, see bench/imports.py), and a sheet too big for calamine's in-memory grid to
  openpyxl; cells keep their type (text, int/float, datetime/date);
- header names are normalised (case, spaces, punctuation, BOM) so spelling drift matches;
- cells of personal columns (recipient, phone, address) are blanked before any row
  leaves this module: Purna never reads them.

Line numbers are what a user sees: a CSV record is numbered by the physical line it
starts on (a quoted comment may span several), an XLSX row by its sheet row number.
Rows are streamed: memory does not grow with the number of rows (CSV, streamed XLSX).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import chain
from pathlib import Path
from typing import IO, TYPE_CHECKING

from core.i18n import N_, _

if TYPE_CHECKING:
    from core.marketplaces import Format

Cell = str | int | float | bool | datetime | date | time | timedelta | None
Record = tuple[int, list[Cell]]  # (line number, cells)

HEADER_SEARCH_ROWS = 30  # marketplaces.md "Quirks": the header is within the first 30 rows
DELIMITERS = (",", ";", "\t")  # marketplaces.md "Quirks": Excel in an Indonesian locale uses ;
HEAD_BYTES = 256 * 1024  # enough text to hold 30 records of any real export
# calamine holds the whole sheet in memory: a dense grid of about 32 bytes per cell, empty
# or not, plus the text (100,000 x 66 filled cells ~ 0.6 GB). Above
# this estimate the sheet is streamed with openpyxl instead (flat memory, ~10x slower).
XLSX_MEMORY_BUDGET = 1 << 30
GRID_CELL_BYTES = 32
MAX_LINES_NAMED = 20  # a TableError's message names at most this many lines
NUL_PROBLEM = N_(
    "holds a NUL character, so this is not a plain text export (export it again as CSV UTF-8)"
)


class TableError(Exception):
    """The file cannot be read as a table at all; `lines` are the file lines it concerns
    (every one of them, so a report names each line to fix, not only the first)."""

    def __init__(self, problem: str, lines: Sequence[int] = ()) -> None:
        self.problem = problem
        self.lines = tuple(lines)
        shown = ", ".join(map(str, self.lines[:MAX_LINES_NAMED]))
        if len(self.lines) > MAX_LINES_NAMED:
            shown += ", …"
        super().__init__(
            _("line {line}: {problem}").format(line=shown, problem=problem) if lines else problem
        )


@dataclass
class Table:
    path: Path
    header: list[str]  # normalised: lower case, words joined by "_"
    rows: Iterator[Record]  # (line number, cells), after the header
    format: Format | None = None  # the known format the header matched
    header_line: int = 1
    raw_header: list[str] = field(default_factory=list)  # as written in the file
    description_line: int | None = None  # the skipped row of column descriptions
    reader: str = ""  # "csv", "xlsx" (core.xlsx), "calamine" or "openpyxl"
    narrow: Callable[[set[int]], None] | None = None  # see `only`

    def only(self, columns: set[int]) -> None:
        """Read only these columns of the rows still to come (the XLSX stream skips the
        others' cells; a CSV is read whole). The header is always read whole."""
        if self.narrow is not None:
            self.narrow(columns)


_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalise_header(name: object) -> str:
    """`Request ID`, `request-id`, ` REQUEST_ID ` -> `request_id`; `Phone #` -> `phone`,
    `Status Pembatalan/ Pengembalian` -> `status_pembatalan_pengembalian`."""
    text = "" if name is None else str(name)
    text = unicodedata.normalize("NFKC", text.replace("\ufeff", "")).casefold()
    return _NON_WORD.sub("_", text).strip("_")


def read_table(path: Path, formats: Sequence[Format] | None = None) -> Table:
    """Open `path` and find its header among `formats` (default: every known format).

    Raises TableError, in words for a shop clerk, when the file cannot be read as a
    table; a row that cannot be read later raises TableError from `rows`.
    """
    if formats is None:
        from core.marketplaces import FORMATS

        formats = FORMATS
    magic = _magic(path)
    narrow = None
    if magic.startswith(b"PK\x03\x04") or magic.startswith(b"PK\x05\x06"):
        records, reader, narrow = _xlsx_records(path)
    elif magic.startswith(b"\xd0\xcf\x11\xe0") or path.suffix.lower() in (".xls", ".xlsx", ".xlsm"):
        # An OLE file is an old .xls (or a password-protected workbook).
        raise TableError(_("not an XLSX workbook (old .xls files: save as .xlsx or CSV first)"))
    else:
        records, reader = _csv_records(path, formats), "csv"
    table = _assemble(path, records, formats, reader)
    table.narrow = narrow
    return table


# --- opening ---------------------------------------------------------------------------


def _magic(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            magic = handle.read(8)
    except FileNotFoundError:
        raise TableError(_("file not found")) from None
    except IsADirectoryError:
        raise TableError(_("is a folder, not a file")) from None
    except PermissionError:
        if path.is_dir():
            raise TableError(_("is a folder, not a file")) from None
        raise TableError(
            _("no permission to read this file (ask whoever manages this computer)")
        ) from None
    except OSError as exc:
        raise TableError(_("cannot read the file ({error})").format(error=exc.strerror)) from None
    if not magic:
        raise TableError(_("the file is empty"))
    return magic


def _assemble(
    path: Path, records: Iterator[Record], formats: Sequence[Format], reader: str
) -> Table:
    from core.marketplaces import PERSONAL_HEADERS, detect

    seen: list[Record] = []
    header: Record | None = None
    found: Format | None = None
    for record in records:
        seen.append(record)
        if _blank(record[1]):
            continue
        found = detect(record[1], formats)
        if found is not None:
            header = record
            break
        if len(seen) >= HEADER_SEARCH_ROWS:
            break
    if header is None:  # no known format: the first non-empty row, as before
        header = next((r for r in seen if not _blank(r[1])), None)
        if header is None:
            header = next((r for r in records if not _blank(r[1])), None)
            if header is None:
                raise TableError(
                    _("the first sheet is empty") if reader != "csv" else _("the file is empty")
                )
            seen = [header]
    rest: Iterator[Record] = chain(seen[seen.index(header) + 1 :], records)
    raw_header = ["" if c is None else str(c).replace("\ufeff", "") for c in header[1]]
    names = [normalise_header(c) for c in raw_header]

    description_line = None
    if found is not None and found.id_headers:
        following = next(rest, None)
        if following is not None:
            if _is_description(following[1], names, found.id_headers):
                description_line = following[0]
            else:
                rest = chain((following,), rest)

    hidden = [i for i, name in enumerate(names) if name in PERSONAL_HEADERS]
    rows = _masked(rest, hidden)
    return Table(path, names, rows, found, header[0], raw_header, description_line, reader)


def _blank(cells: Sequence[Cell]) -> bool:
    return all(c is None or (c.__class__ is str and not c.strip()) for c in cells)  # type: ignore[union-attr]


_LETTER = re.compile(r"[^\W\d_]")


def _is_description(cells: Sequence[Cell], names: list[str], id_headers: Iterable[str]) -> bool:
    """A row of column descriptions: its id cells are sentences (`Platform unique order ID.`).

    A platform id never holds a space, so a row whose id cells are words is not data; a
    typed cell (number, date) means data too.
    """
    wanted = {normalise_header(h) for h in id_headers}
    ids = [cells[i] if i < len(cells) else None for i, n in enumerate(names) if n in wanted]
    if any(c is not None and not isinstance(c, str) for c in cells):
        return False
    prose = [c for c in ids if isinstance(c, str) and len(c.split()) > 1 and _LETTER.search(c)]
    one_token = [c for c in ids if isinstance(c, str) and len(c.split()) == 1]
    return bool(prose) and not one_token


def _masked(rows: Iterator[Record], hidden: list[int]) -> Iterator[Record]:
    """The rows with personal cells blanked (a generator even when there are none)."""
    if not hidden:
        yield from rows
        return
    for line, cells in rows:
        width = len(cells)
        for position in hidden:
            if position < width:
                cells[position] = None
        yield line, cells


# --- CSV --------------------------------------------------------------------------------


def _csv_records(path: Path, formats: Sequence[Format]) -> Iterator[Record]:
    head = _csv_head(path)
    delimiter = _sniff_delimiter(head, formats)
    return _csv_stream(path, delimiter)


def _csv_head(path: Path) -> str:
    """The first HEAD_BYTES of the file as text, or TableError for binary / non-UTF-8."""
    with path.open("rb") as handle:
        raw = handle.read(HEAD_BYTES)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise TableError(_("text saved as UTF-16; save the export as CSV UTF-8"))
    if b"\x00" in raw:
        if _mostly_control(raw):
            raise TableError(_("not a text file (binary content)"))
        raise TableError(_(NUL_PROBLEM), _nul_lines(path))
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        text = decoder.decode(raw, final=len(raw) < HEAD_BYTES)
    except UnicodeDecodeError as exc:
        if _mostly_control(raw):
            raise TableError(_("not a text file (binary content)")) from None
        line = raw[: exc.start].count(b"\n") + 1
        raise TableError(_("not UTF-8 text (save the export as CSV UTF-8)"), [line]) from None
    if not text.strip():
        raise TableError(_("the file is empty"))
    return text


def _mostly_control(raw: bytes) -> bool:
    """Binary junk, not text in another encoding: many control bytes (a latin-1 CSV has none;
    buyer text may hold a few)."""
    controls = sum(1 for b in raw[:4096] if b < 32 and b not in b"\t\n\r\x0b\x0c")
    return controls * 20 > min(len(raw), 4096)


def _head_records(head: str, delimiter: str) -> list[list[str]]:
    records: list[list[str]] = []
    reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter, strict=True)
    try:
        for cells in reader:
            records.append(cells)
            if len(records) >= HEADER_SEARCH_ROWS:
                break
    except csv.Error:
        pass  # the head may end inside a quoted cell; what was read is enough to sniff
    return records


def _sniff_delimiter(head: str, formats: Sequence[Format]) -> str:
    """The delimiter that makes a known header soonest; else the one giving the first
    non-empty row the most columns."""
    from core.marketplaces import detect

    best: tuple[int, int, int] | None = None
    widest: tuple[int, int] = (0, 0)
    for rank, delimiter in enumerate(DELIMITERS):
        records = _head_records(head, delimiter)
        first = next((r for r in records if not _blank(r)), [])
        widest = max(widest, (len(first), -rank))
        for index, cells in enumerate(records):
            if not _blank(cells) and detect(cells, formats) is not None:
                candidate = (index, -len(cells), rank)
                best = candidate if best is None else min(best, candidate)
                break
    if best is not None:
        return DELIMITERS[best[2]]
    return DELIMITERS[-widest[1]]


def _csv_stream(path: Path, delimiter: str) -> Iterator[Record]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise TableError(_("cannot read the file ({error})").format(error=exc.strerror)) from None
    reader = csv.reader(_checked_lines(handle, path), delimiter=delimiter, strict=True)
    try:
        start = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise TableError(_csv_problem(exc), [start]) from None
            yield start, cells  # type: ignore[misc]
            start = reader.line_num + 1
    finally:
        handle.close()


def _checked_lines(handle: Iterable[str], path: Path) -> Iterator[str]:
    """The file's lines, refusing NUL characters and bytes that are not UTF-8."""
    try:
        for line in handle:
            if "\x00" in line:
                raise TableError(_(NUL_PROBLEM), _nul_lines(path))
            yield line
    except UnicodeDecodeError:
        raise TableError(
            _("not UTF-8 text (save the export as CSV UTF-8)"), [_bad_utf8_line(path)]
        ) from None


def _nul_lines(path: Path) -> list[int]:
    """Every line of the file that holds a NUL byte (read again, in chunks)."""
    found: list[int] = []
    line = 1
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            start = 0
            while (at := chunk.find(b"\x00", start)) >= 0:
                line += chunk.count(b"\n", start, at)
                if not found or found[-1] != line:
                    found.append(line)
                start = at + 1
            line += chunk.count(b"\n", start)
    return found


def _bad_utf8_line(path: Path) -> int:
    """The line holding the first byte that is not UTF-8 (read again, in chunks)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return line + chunk[: exc.start].count(b"\n")
            line += chunk.count(b"\n")
    return line


def _csv_problem(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return _("a cell is longer than {limit} characters").format(limit=csv.field_size_limit())
    if "unexpected end of data" in text or "expected after" in text:
        return _('a quoted cell is not closed properly (check the " marks)')
    return _("not a well-formed CSV line ({error})").format(error=text)


# --- XLSX -------------------------------------------------------------------------------


def _xlsx_records(
    path: Path,
) -> tuple[Iterator[Record], str, Callable[[set[int]], None] | None]:
    """The sheet's rows: streamed by core.xlsx (flat memory, only the columns asked for),
    else by calamine (whole sheet in memory, within a budget), else by openpyxl."""
    from core import xlsx

    try:
        stream = xlsx.Rows(path)
    except xlsx.Unreadable:
        stream = None
    if stream is not None:
        return _xlsx_stream(stream), "xlsx", stream.only
    records, reader = _other_xlsx_records(path)
    return records, reader, None


def _xlsx_stream(stream: object) -> Iterator[Record]:
    """core.xlsx rows; a sheet it cannot read after all is TableError, in words."""
    from core import xlsx

    assert isinstance(stream, xlsx.Rows)
    try:
        yield from stream
    except (xlsx.Unreadable, *xlsx.DAMAGED) as exc:
        raise TableError(_("not a readable XLSX workbook ({error})").format(error=exc)) from None
    finally:
        stream.close()


def _other_xlsx_records(path: Path) -> tuple[Iterator[Record], str]:
    if _calamine_bytes(path) <= XLSX_MEMORY_BUDGET:
        try:
            return _calamine_records(path), "calamine"
        except TableError:
            pass  # an unusual workbook calamine refuses: openpyxl may still read it
    return _openpyxl_records(path), "openpyxl"


def _calamine_bytes(path: Path) -> int:
    """The memory calamine would take for the sheets: a dense grid of rows x columns
    (GRID_CELL_BYTES each, empty or not) plus the text. One stray cell far away (XFD1048576)
    would ask for hundreds of GB and abort the process, so the extent is measured, not
    taken from the declared <dimension>."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if "xl/workbook.xml" not in {i.filename for i in infos}:
                raise TableError(
                    _("a ZIP archive, not an XLSX workbook (take the export out of it first)")
                )
            sheets = [i for i in infos if i.filename.startswith("xl/worksheets/")]
            text = sum(i.file_size for i in infos if i.filename == "xl/sharedStrings.xml")
            text += sum(i.file_size for i in sheets)
            if text > XLSX_MEMORY_BUDGET:
                return text  # no need to measure: too big already
            grid = 0
            for info in sheets:
                with archive.open(info) as part:
                    rows, columns = _sheet_extent(part)
                grid = max(grid, rows * columns * GRID_CELL_BYTES)
    except TableError:
        raise
    except Exception as exc:
        raise TableError(_("not a readable XLSX workbook ({error})").format(error=exc)) from None
    return grid + text


_REF = re.compile(rb' r="([A-Z]{0,3})(\d{1,7})"')


def _sheet_extent(part: IO[bytes]) -> tuple[int, int]:
    """(last row, last column) of a sheet's XML, from the last cell reference of each row.

    Cells are written in column order within a row, so the reference just before each
    `</row>` is the row's rightmost cell; rows are found with bytes.find, not a parser.
    """
    last_row = last_column = 0
    tail = b""
    while chunk := part.read(1 << 20):
        data = tail + chunk
        position = 0
        while (end := data.find(b"row>", position)) >= 0:
            start = data.rfind(b' r="', position, end)
            ref = _REF.match(data, start) if start >= 0 else None
            if ref:
                last_row = max(last_row, int(ref.group(2)))
                last_column = max(last_column, _column_number(ref.group(1)))
            position = end + 4
        tail = data[position:]
    return last_row, max(last_column, 1)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _failed(exc: BaseException) -> bool:
    """An error of a reader library on a damaged file (a Rust panic is a BaseException)."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def _calamine_records(path: Path) -> Iterator[Record]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheet = book.get_sheet_by_index(0)
    except BaseException as exc:
        if not _failed(exc):
            raise
        raise TableError(_("not a readable XLSX workbook ({error})").format(error=exc)) from None
    # iter_rows() starts at sheet row 1 (empty rows above the data included), so the
    # count is the sheet row number; tests pin this with title rows above the header.
    return _guarded(enumerate(_typed(sheet.iter_rows()), start=1), book.close)


def _typed(rows: Iterator[list[Cell]]) -> Iterator[list[Cell]]:
    """calamine gives every number as float and empty cells as "": give whole numbers as int
    (as openpyxl does) and empty cells as None. Text is tested first: most cells are text."""
    text, real, exact = str, float, 2.0**53
    for row in rows:
        yield [
            (v or None)
            if v.__class__ is text
            else int(v)  # type: ignore[arg-type]
            if v.__class__ is real and v.is_integer() and -exact < v < exact  # type: ignore[union-attr]
            else v
            for v in row
        ]


def _openpyxl_records(path: Path) -> Iterator[Record]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        # Never trust the declared <dimension>: some exports say A1 for a 66-column sheet.
        sheet.reset_dimensions()  # type: ignore[union-attr]
        rows = sheet.iter_rows(values_only=True)  # type: ignore[union-attr]
    except BaseException as exc:
        if not _failed(exc):
            raise
        raise TableError(_("not a readable XLSX workbook ({error})").format(error=exc)) from None
    return _guarded(((n, list(cells)) for n, cells in enumerate(rows, start=1)), book.close)


def _guarded(
    records: Iterator[tuple[int, list[Cell]]], close: Callable[[], None]
) -> Iterator[Record]:
    """Rows of a workbook, a library error mid-sheet as TableError; the book closed at the end."""
    line = 0
    try:
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            except BaseException as exc:
                if not _failed(exc):
                    raise
                raise TableError(
                    _("not a readable XLSX workbook ({error})").format(error=exc), [line + 1]
                ) from None
            line = record[0]
            yield record
    finally:
        close()
