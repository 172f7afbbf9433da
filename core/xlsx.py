"""Reading the first sheet of an XLSX export as a stream of rows, in flat memory.

A 100,000-row Seller Center order export holds 6.6 million cells; the fastest well-kept
reader (python-calamine) holds them all in memory at once (about 300 MB for that sheet,
bench/imports.py), the streaming one (openpyxl) takes ten times as long. An import needs
a dozen of the 66 columns, so this reader decompresses the sheet's XML in chunks and
picks only the cells of the columns asked for (`Rows.only`) with compiled patterns,
giving the same cell types calamine does: text, int/float, datetime for cells styled as
dates, bool. The sheet's declared `<dimension>` is never trusted.

It reads what spreadsheet programs and Seller Center write: shared and inline strings,
rich-text runs, formula results, Excel's `_x000D_` escapes, rows and cells without an
`r` reference. A workbook it cannot place (another XML dialect, a prefixed namespace)
raises `Unreadable`, and core.tabular falls back to calamine or openpyxl.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath

Cell = str | int | float | bool | datetime | None

CHUNK = 1 << 22  # bytes of sheet XML decompressed at a time
EXCEL_EPOCH = datetime(1899, 12, 30)  # serial day 0 of the 1900 date system
EXCEL_EPOCH_1904 = datetime(1904, 1, 1)  # serial day 0 of the 1904 system (Excel for Mac)
_DATE_1904 = re.compile(rb'<workbookPr\b[^>]*\bdate1904="(?:1|true)"')


class Unreadable(Exception):
    """Not an XLSX workbook this reader understands (the caller tries another reader)."""


# What a damaged or unusual ZIP raises while it is read (an encrypted one: RuntimeError).
DAMAGED = (
    zipfile.BadZipFile, zlib.error, struct.error, OSError, EOFError, KeyError, ValueError,
    IndexError, NotImplementedError, RuntimeError, UnicodeDecodeError,
)  # fmt: skip


_ROW = re.compile(rb"<row\b([^>]*?)(/>|>(.*?)</row>)", re.S)
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
# The usual shape (Excel, openpyxl, Seller Center): `r` first; a plain value or inline text
# caught by the pattern itself, anything else (formulas, rich text) read afterwards.
_FAST = (
    rb'<c r="(%s)\d+"([^>]*?)(?:/>|>'
    rb"(?:<v>([^<]*)</v>|<is><t(?:\s[^>]*)?>([^<]*)</t></is>|(.*?))</c>)"
)
# The same with the row number, for reading a whole block of rows in one pass once the
# columns are narrowed (the row number is in every cell's reference). The two commonest
# cells, inline text and a shared string without a style, are matched as literal shapes
# first: a third less regex time than scanning their attributes (bench/imports.py).
_FAST_ROWS = (
    rb'<c r="(%s)(\d+)"(?: t="inlineStr"><is><t>([^<]*)</t></is></c>| t="s"><v>(\d+)</v></c>'
    rb"|([^>]*?)(?:/>|>(?:<v>([^<]*)</v>|<is><t(?:\s[^>]*)?>([^<]*)</t></is>|(.*?))</c>))"
)
_ANY_COLUMN = rb"[A-Z]{1,3}"
_REF = re.compile(rb'\br="([A-Z]{1,3})\d*"')
_TYPE = re.compile(rb'\bt="(\w+)"')
_STYLE = re.compile(rb'\bs="(\d+)"')
_VALUE = re.compile(rb"<v>(.*?)</v>", re.S)
_TEXT = re.compile(rb"<t\b[^>]*>(.*?)</t>|<t\b[^>]*/>", re.S)
_SI = re.compile(rb"<si>(.*?)</si>|<si\s*/>", re.S)
_PHONETIC = re.compile(rb"<rPh\b.*?</rPh>", re.S)
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
# Built-in number formats that are dates or times (ECMA-376 §18.8.30).
_DATE_FORMATS = frozenset({*range(14, 23), 27, 30, 36, 45, 46, 47, 50, 57})
_DATE_CODE = re.compile(r"[dmyhs]", re.I)


def _entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name.startswith("#x"):
        return chr(int(name[2:], 16))
    if name.startswith("#"):
        return chr(int(name[1:]))
    return _NAMED[name]


def _unescape(raw: bytes) -> str:
    text = raw.decode("utf-8")
    if "&" in text:
        text = _ENTITY.sub(_entity, text)
    if "_x" in text:  # Excel writes control characters as _x000D_
        text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text


def _rich(raw: bytes) -> str:
    """The text of a string item: one <t>, or rich-text runs (phonetic hints left out)."""
    if b"<rPh" in raw:
        raw = _PHONETIC.sub(b"", raw)
    return "".join(_unescape(m.group(1) or b"") for m in _TEXT.finditer(raw))


def column_number(letters: str) -> int:
    """`A` -> 0, `Z` -> 25, `AA` -> 26."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Rows:
    """The rows of a sheet: (sheet row number, cells). `only(columns)` narrows the columns
    read from here on (the header is read whole, the data then only where needed)."""

    def __init__(self, path: Path) -> None:
        try:
            self.archive = zipfile.ZipFile(path)
            self.sheet = self._first_sheet()
            self.strings = self._shared_strings()
            self.dates = self._date_styles()
            # A workbook saved in the 1904 date system counts its date cells from 1904:
            # read with the 1900 epoch, every time would be 4 years and a day early.
            book = self._part("xl/workbook.xml")
            self.epoch = EXCEL_EPOCH_1904 if _DATE_1904.search(book) else EXCEL_EPOCH
        except Unreadable:
            raise
        except DAMAGED as exc:
            raise Unreadable(str(exc)) from None
        self.wanted: frozenset[int] | None = None
        self._wanted_cell: re.Pattern[bytes] | None = None  # cells of wanted columns, by `r`
        self._fast = re.compile(_FAST % _ANY_COLUMN, re.S)
        self._plain: bool | None = None  # every cell has `r` first (decided on the header)
        self._columns: dict[bytes, int] = {}
        self._fast_rows: re.Pattern[bytes] | None = None

    def only(self, columns: set[int] | frozenset[int]) -> None:
        self.wanted = frozenset(columns)
        letters = b"|".join(column_letters(c).encode() for c in sorted(columns)) or b"@"
        # cells of other columns are never even matched (their XML is only scanned)
        wanted = rb'<c\b(?=[^>]*\br="(?:' + letters + rb")\d)"
        self._wanted_cell = re.compile(wanted + rb"([^>]*?)(?:/>|>(.*?)</c>)", re.S)
        self._fast = re.compile(_FAST % letters, re.S)
        self._fast_rows = re.compile(_FAST_ROWS % letters, re.S)

    def close(self) -> None:
        self.archive.close()

    # --- the workbook's parts ----------------------------------------------------------

    def _part(self, name: str) -> bytes:
        return self.archive.read(name)

    def _first_sheet(self) -> str:
        names = set(self.archive.namelist())
        if "xl/workbook.xml" not in names:
            raise Unreadable("no xl/workbook.xml")
        book = self._part("xl/workbook.xml")
        if re.search(rb"<\w+:workbook\b", book):
            raise Unreadable("prefixed namespace")
        sheet = re.search(rb'<sheet\b[^>]*\br:id="([^"]+)"', book) or re.search(
            rb'<sheet\b[^>]*\bid="([^"]+)"', book
        )
        if sheet is None:
            raise Unreadable("no sheet")
        rels = self._part("xl/_rels/workbook.xml.rels").decode("utf-8")
        for attributes in re.findall(r"<Relationship\b([^>]*)/?>", rels):
            found = dict(re.findall(r'(\w+)="([^"]*)"', attributes))
            if found.get("Id") == sheet.group(1).decode():
                target = found["Target"]
                path = (target.lstrip("/") if target.startswith("/")
                        else str(PurePosixPath("xl") / target))  # fmt: skip
                if path not in names:
                    raise Unreadable(f"no {path}")
                return path
        raise Unreadable("sheet relationship not found")

    def _shared_strings(self) -> list[str]:
        if "xl/sharedStrings.xml" not in self.archive.namelist():
            return []
        raw = self._part("xl/sharedStrings.xml")
        return [_rich(m.group(1) or b"") for m in _SI.finditer(raw)]

    def _date_styles(self) -> frozenset[int]:
        """Indices of the cell styles whose number format shows a date or time."""
        if "xl/styles.xml" not in self.archive.namelist():
            return frozenset()
        styles = self._part("xl/styles.xml").decode("utf-8")
        pattern = r'<numFmt\b[^>]*numFmtId="(\d+)"[^>]*formatCode="([^"]*)"'
        custom = {int(number): code for number, code in re.findall(pattern, styles)}
        block = re.search(r"<cellXfs\b[^>]*>(.*?)</cellXfs>", styles, re.S)
        if block is None:
            return frozenset()
        dates = set()
        for index, xf in enumerate(re.findall(r"<xf\b([^>]*)/?>", block.group(1))):
            found = re.search(r'numFmtId="(\d+)"', xf)
            number = int(found.group(1)) if found else 0
            code = custom.get(number)
            if number in _DATE_FORMATS or (code and _is_date_code(code)):
                dates.add(index)
        return frozenset(dates)

    # --- the rows -------------------------------------------------------------------------

    def __iter__(self) -> Iterator[tuple[int, list[Cell]]]:
        try:
            stream = self.archive.open(self.sheet)
        except DAMAGED as exc:
            raise Unreadable(str(exc)) from None
        with stream:
            tail = b""
            number = 0
            started = False
            while True:
                try:
                    chunk = stream.read(CHUNK)
                except DAMAGED as exc:
                    raise Unreadable(str(exc)) from None
                data = tail + chunk
                if not started:
                    head = data.find(b"<sheetData")
                    if head < 0 and chunk:
                        tail = data
                        continue
                    if re.search(rb"<\w+:sheetData\b", data[: max(head, 0) + 200]):
                        raise Unreadable("prefixed namespace")
                    started = True
                cut = data.rfind(b"</row>")
                if chunk and cut < 0:
                    tail = data
                    continue
                end = len(data) if not chunk else cut + 6
                block, tail = data[:end], data[end:]
                if self._plain and self._fast_rows is not None and _referenced(block):
                    yield from self._block(block)
                    if not chunk:
                        return
                    continue
                for match in _ROW.finditer(block):
                    found = _ROW_NUMBER.search(match.group(1))
                    number = int(found.group(1)) if found else number + 1
                    yield number, self._cells(match.group(3) or b"")
                if not chunk:
                    return

    def _block(self, block: bytes) -> Iterator[tuple[int, list[Cell]]]:
        """Every row of a block with a cell in the wanted columns, in one pass (rows with
        none of them hold nothing the caller reads). Inline text, shared strings and plain
        numbers, most of a sheet, are read inline; anything else goes through `_fast_value`."""
        assert self._fast_rows is not None and self.wanted is not None
        width = max(self.wanted, default=-1) + 1
        strings = self.strings
        known = len(strings)
        columns = self._columns
        current = b""
        cells: list[Cell] = []
        cells_found = self._fast_rows.findall(block)
        for letters, row, text, shared, attributes, value, inline, body in cells_found:
            if row != current:
                if current:
                    yield int(current), cells
                current, cells = row, [None] * width
            position = columns.get(letters)
            if position is None:
                position = columns[letters] = column_number(letters.decode())
            if text:
                cells[position] = (text.decode("utf-8") if b"&" not in text and b"_x" not in text
                                   else _unescape(text))  # fmt: skip
            elif shared:
                index = int(shared)
                cells[position] = strings[index] or None if index < known else None
            elif value and attributes == b' t="s"':
                index = int(value)
                cells[position] = strings[index] or None if index < known else None
            elif value and (not attributes or attributes == b' t="n"'):
                number = float(value)
                cells[position] = (int(number) if number.is_integer() and abs(number) < 2.0**53
                                   else number)  # fmt: skip
            elif inline and b"&" not in inline and b"_x" not in inline:
                cells[position] = inline.decode("utf-8")
            else:
                cells[position] = self._fast_value(attributes, value, inline, body)
        if current:
            yield int(current), cells

    def _fast_value(self, attributes: bytes, value: bytes, inline: bytes, body: bytes) -> Cell:
        if inline:
            return _unescape(inline) if b"&" in inline or b"_x" in inline \
                else inline.decode("utf-8")  # fmt: skip
        if value:
            if not attributes or attributes == b' t="n"':
                number = float(value)
                return int(number) if number.is_integer() and abs(number) < 2.0**53 else number
            if attributes == b' t="s"':
                index = int(value)
                return self.strings[index] or None if index < len(self.strings) else None
            return self._value(attributes, b"<v>" + value + b"</v>")
        if body:
            return self._value(attributes, body)
        return None

    def _cells(self, raw: bytes) -> list[Cell]:
        if self._plain is None:  # the first row decides: does this writer put `r` first?
            self._plain = raw.count(b"<c") == len(re.findall(rb'<c r="', raw))
        if not self._plain or not _referenced(raw):
            return self._general(raw)
        cells: list[Cell] = []
        columns = self._columns
        for letters, attributes, value, inline, body in self._fast.findall(raw):
            position = columns.get(letters)
            if position is None:
                position = columns[letters] = column_number(letters.decode())
            if position >= len(cells):
                cells.extend([None] * (position - len(cells) + 1))
            cells[position] = self._fast_value(attributes, value, inline, body)
        return cells

    def _general(self, raw: bytes) -> list[Cell]:
        """Cells of any shape (`r` anywhere or missing: the next column then). A row with a
        cell lacking `r` is read cell by cell, every cell counted, so that its positions hold
        (the pattern for the wanted columns finds cells by their `r`)."""
        cells: list[Cell] = []
        position = -1
        wanted = self.wanted
        pattern = self._wanted_cell
        if pattern is None or _cell_count(raw) != len(_REF.findall(raw)):
            pattern = _CELL
        for attributes, body in pattern.findall(raw):
            ref = _REF.search(attributes)
            position = column_number(ref.group(1).decode()) if ref else position + 1
            if wanted is not None and position not in wanted:
                continue
            if position >= len(cells):
                cells.extend([None] * (position - len(cells) + 1))
            cells[position] = self._value(attributes, body)
        return cells

    def _value(self, attributes: bytes, body: bytes) -> Cell:
        kind = _TYPE.search(attributes)
        kind_name = kind.group(1) if kind else b"n"
        if kind_name == b"inlineStr":
            return _rich(body) or None
        value = _VALUE.search(body) if body else None
        if value is None:
            return None
        raw = value.group(1)
        if kind_name == b"s":
            index = int(raw)
            return (self.strings[index] or None) if index < len(self.strings) else None
        if kind_name in (b"str", b"d"):
            return _unescape(raw) or None
        if kind_name == b"b":
            return raw == b"1"
        if kind_name == b"e":
            return None
        number = float(raw)
        style = _STYLE.search(attributes)
        if style is not None and int(style.group(1)) in self.dates:
            try:  # to the millisecond, as spreadsheets keep it (days are binary fractions)
                return self.epoch + timedelta(milliseconds=round(number * 86_400_000))
            except OverflowError:
                return number
        if number.is_integer() and abs(number) < 2.0**53:
            return int(number)
        return number


def _cell_count(raw: bytes) -> int:
    """The cells in a stretch of sheet XML (`<c ...>`, `<c>`, `<c/>`; not `<col>`)."""
    return raw.count(b"<c ") + raw.count(b"<c>") + raw.count(b"<c/>")


def _referenced(raw: bytes) -> bool:
    """Whether every cell in a stretch of sheet XML starts with its `r` reference. A cell
    without one is placed by counting, which the fast patterns (that find cells by `r`)
    cannot do."""
    return _cell_count(raw) == raw.count(b'<c r="')


def _is_date_code(code: str) -> bool:
    """A custom number format showing a date: d, m, y, h or s outside quotes and brackets."""
    plain = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code)
    return bool(_DATE_CODE.search(plain))
