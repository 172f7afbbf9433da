"""Reading exports as they come out of Seller Center (core/tabular.py)."""

from __future__ import annotations

import inspect
import io
import tracemalloc
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from core import tabular
from core.export_files import Quirks, sample_rows, write_export
from core.marketplaces import BY_ID
from core.tabular import Table, TableError, normalise_header, read_table

NOW = datetime(2026, 11, 21, 10, 0)
TIKTOK_ORDER_HEADER = ",".join(BY_ID["tiktok_orders"].headers)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def xlsx(tmp_path: Path, name: str, rows: list[list[object]], at: str = "A1") -> Path:
    """A workbook whose first sheet holds `rows` from cell `at` (openpyxl, normal mode)."""
    book = Workbook()
    sheet = book.active
    first = sheet[at]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.cell(first.row + r, first.column + c, value)
    book.create_sheet("Other").append(["ignored"])
    path = tmp_path / name
    book.save(path)
    return path


def rows_of(table: Table) -> list[tuple[int, list[object]]]:
    return list(table.rows)


def cell(table: Table, cells: list[object], header: str) -> object:
    return cells[table.header.index(normalise_header(header))]


@pytest.fixture(params=["csv", "xlsx"])
def suffix(request: pytest.FixtureRequest) -> str:
    return f".{request.param}"


# --- header names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Request ID", "request_id"),
        (" REQUEST_ID ", "request_id"),
        ("\ufeffOrder ID", "order_id"),
        ("Status Pembatalan/ Pengembalian", "status_pembatalan_pengembalian"),
        ("Status  Pembatalan/Pengembalian", "status_pembatalan_pengembalian"),
        ("Phone #", "phone"),
        ("Weight(kg)", "weight_kg"),
        ("Username (Pembeli)", "username_pembeli"),
        ("No.\u00a0Pesanan", "no_pesanan"),
        (None, ""),
        (2024, "2024"),
    ],
)
def test_normalise_header(raw: object, expected: str) -> None:
    assert normalise_header(raw) == expected


# --- finding the header -----------------------------------------------------------------


def test_header_below_title_rows(tmp_path: Path, suffix: str) -> None:
    titles = ("Laporan Pengembalian, Toko Madu", "Periode: 2026-11-01 - 2026-11-21")
    path = write_export(
        tmp_path / f"shopee{suffix}",
        "shopee_returns",
        sample_rows("shopee_returns", 2, NOW),
        Quirks(title_rows=titles),
    )
    table = read_table(path)
    assert table.format is BY_ID["shopee_returns"]
    assert table.header_line == 3
    assert table.header[:2] == ["no_pengembalian", "no_pesanan"]
    assert table.raw_header[0] == "No. Pengembalian"
    rows = rows_of(table)
    assert [line for line, _ in rows] == [4, 5]
    assert cell(table, rows[0][1], "No. Pengembalian").startswith("2311")


def test_title_rows_with_blank_rows_and_a_late_xlsx_header(tmp_path: Path) -> None:
    header = list(BY_ID["shopee_orders"].headers)
    data = ["2311000001ABCD", "Selesai"] + [None] * (len(header) - 2)
    path = xlsx(tmp_path, "o.xlsx", [["Laporan Pesanan"], [], [], header, data], at="B3")
    table = read_table(path)
    assert table.format is BY_ID["shopee_orders"]
    assert table.header_line == 6
    [(line, cells)] = rows_of(table)
    assert line == 7
    assert cell(table, cells, "No. Pesanan") == "2311000001ABCD"


def test_a_header_after_row_30_is_not_searched(tmp_path: Path) -> None:
    lines = [f"catatan {n}" for n in range(30)] + ["request_id,request_type", "R1,resend"]
    table = read_table(write(tmp_path, "late.csv", "\n".join(lines) + "\n"))
    assert table.format is None
    assert table.header == ["catatan_0"]
    assert table.header_line == 1


def test_unknown_format_keeps_the_first_non_empty_row(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "x.csv", "\n\na,b,c\n1,2,3\n"))
    assert (table.format, table.header, table.header_line) == (None, ["a", "b", "c"], 3)
    assert rows_of(table) == [(4, ["1", "2", "3"])]


def test_formats_argument_limits_the_search(tmp_path: Path) -> None:
    path = write(tmp_path, "r.csv", "title\nrequest_id,request_type\nR1,resend\n")
    assert read_table(path).header_line == 2
    plain = read_table(path, formats=())
    assert (plain.format, plain.header_line, plain.header) == (None, 1, ["title"])


# --- TikTok's description row -------------------------------------------------------------


def test_description_row_is_skipped(tmp_path: Path, suffix: str) -> None:
    path = write_export(
        tmp_path / f"tiktok{suffix}",
        "tiktok_orders",
        sample_rows("tiktok_orders", 3, NOW),
        Quirks(description_row=True),
    )
    table = read_table(path)
    assert table.format is BY_ID["tiktok_orders"]
    assert table.description_line == 2
    rows = rows_of(table)
    assert [line for line, _ in rows] == [3, 4, 5]
    assert cell(table, rows[0][1], "Order ID") == "570000000000000000"


def test_a_real_first_row_is_never_skipped(tmp_path: Path, suffix: str) -> None:
    path = write_export(
        tmp_path / f"tiktok{suffix}", "tiktok_orders", sample_rows("tiktok_orders", 2, NOW)
    )
    table = read_table(path)
    assert table.description_line is None
    assert [line for line, _ in rows_of(table)] == [2, 3]


@pytest.mark.parametrize(
    "first",
    [
        # ids never hold spaces; words elsewhere in the row do not make it a description
        {"Order ID": "576123456789012345", "Buyer Message": "Tolong kirim cepat ya kak."},
        {"Order ID": "INV/20261120/MPL/1", "Product Name": "Madu Hutan 500 gram asli"},
        {"Order ID": "", "Product Name": "Platform unique order ID."},  # no id: not prose
        {"Order ID": "576123456789012345 ", "Cancelation/Return Type": "Return and refund"},
    ],
)
def test_description_rule_keeps_data_rows(tmp_path: Path, first: dict[str, str]) -> None:
    header = BY_ID["tiktok_orders"].headers
    line = ",".join(f'"{first.get(h, "")}"' for h in header)
    table = read_table(write(tmp_path, "t.csv", TIKTOK_ORDER_HEADER + "\n" + line + "\n"))
    assert table.description_line is None
    assert len(rows_of(table)) == 1


def test_description_row_with_a_number_cell_is_data(tmp_path: Path) -> None:
    header = list(BY_ID["tiktok_orders"].headers)
    row: list[object] = [None] * len(header)
    row[0] = "Platform unique order ID."
    row[header.index("Quantity")] = 2
    table = read_table(xlsx(tmp_path, "t.xlsx", [header, row]))
    assert table.description_line is None
    assert len(rows_of(table)) == 1


def test_purna_files_have_no_description_rule(tmp_path: Path) -> None:
    content = "request_id,request_type,order_id\nR 1,resend,O 1\n"
    table = read_table(write(tmp_path, "r.csv", content))
    assert table.description_line is None
    assert rows_of(table) == [(2, ["R 1", "resend", "O 1"])]


# --- CSV ---------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters(tmp_path: Path, delimiter: str) -> None:
    path = write_export(
        tmp_path / "r.csv",
        "shopee_returns",
        sample_rows("shopee_returns", 2, NOW),
        Quirks(delimiter=delimiter, title_rows=("Laporan, Toko; Madu\tHutan",), amounts="dotted"),
    )
    table = read_table(path)
    assert table.format is BY_ID["shopee_returns"]
    assert len(table.header) == 21
    rows = rows_of(table)
    assert cell(table, rows[0][1], "Total Pengembalian Dana") == "10.000"


def test_semicolon_file_whose_cells_hold_commas(tmp_path: Path) -> None:
    content = (
        "request_id;request_type;buyer_comment;amount\n"
        'R1;resend;"pecah, tumpah, rusak";Rp1.000,00\n'
    )
    table = read_table(write(tmp_path, "r.csv", content))
    assert table.header == ["request_id", "request_type", "buyer_comment", "amount"]
    assert rows_of(table) == [(2, ["R1", "resend", "pecah, tumpah, rusak", "Rp1.000,00"])]


def test_bom_and_crlf(tmp_path: Path) -> None:
    path = write(tmp_path, "r.csv", "\ufeffRequest ID,Request Type\r\nR1,resend\r\n")
    table = read_table(path)
    assert table.header == ["request_id", "request_type"]
    assert table.raw_header == ["Request ID", "Request Type"]
    assert rows_of(table) == [(2, ["R1", "resend"])]


def test_line_numbers_count_newlines_inside_quotes(tmp_path: Path) -> None:
    content = (
        "Judul laporan\n"
        "request_id,request_type,buyer_comment\n"
        'R1,resend,"satu\ndua\r\ntiga"\n'
        "\n"
        "R2,resend,ok\n"
    )
    table = read_table(write(tmp_path, "r.csv", content))
    assert table.header_line == 2
    assert rows_of(table) == [
        (3, ["R1", "resend", "satu\ndua\r\ntiga"]),
        (6, []),
        (7, ["R2", "resend", "ok"]),
    ]


def test_csv_cells_are_text_and_ids_keep_every_digit(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "r.csv", "request_id,request_type\n5761234567890123456,1\n"))
    assert rows_of(table) == [(2, ["5761234567890123456", "1"])]


def test_buyer_text_with_markup_control_characters_and_emoji(tmp_path: Path) -> None:
    note = "[bold]hai[/] \x1b[31m <b>x</b> 😡 \u202e"
    table = read_table(
        write(tmp_path, "r.csv", f'request_id,request_type,note\nR1,resend,"{note}"\n')
    )
    assert rows_of(table)[0][1][2] == note


# --- XLSX --------------------------------------------------------------------------------


def test_xlsx_types_are_kept(tmp_path: Path) -> None:
    header = ["request_id", "request_type", "quantity", "amount", "created_at", "day", "big"]
    row = ["576123456789012345", "resend", 2, 89000.5, datetime(2026, 11, 21, 14, 5, 7)]
    row += [date(2026, 11, 21), 576123456789012345]
    table = read_table(xlsx(tmp_path, "r.xlsx", [header, row]))
    [(line, cells)] = rows_of(table)
    assert line == 2
    assert cells[0] == "576123456789012345"  # text stays text
    assert cells[2] == 2 and isinstance(cells[2], int)
    assert cells[3] == 89000.5
    assert cells[4] == datetime(2026, 11, 21, 14, 5, 7)
    assert cells[5] in (date(2026, 11, 21), datetime(2026, 11, 21))  # a date cell
    assert isinstance(cells[6], int | float) and not isinstance(cells[6], str)  # never converted


def test_xlsx_line_numbers_are_sheet_rows(tmp_path: Path) -> None:
    rows = [["request_id", "request_type"], ["R1", "resend"], [], [], ["R2", "exchange"]]
    table = read_table(xlsx(tmp_path, "r.xlsx", rows, at="C4"))
    assert table.header_line == 4
    numbered = [(line, cells) for line, cells in rows_of(table) if any(cells)]
    assert [line for line, _ in numbered] == [5, 8]


def _without_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    """As for a workbook core.xlsx cannot place: the other readers take over."""
    from core import xlsx

    def refuse(path: Path) -> None:
        raise xlsx.Unreadable("test")

    monkeypatch.setattr(xlsx, "Rows", refuse)


@pytest.fixture(params=["xlsx", "calamine", "openpyxl"])
def xlsx_reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param != "xlsx":
        _without_stream(monkeypatch)
    if request.param == "openpyxl":  # the path for sheets over the memory budget
        monkeypatch.setattr(tabular, "XLSX_MEMORY_BUDGET", 0)
    return str(request.param)


def test_wrong_declared_dimension_reads_every_column(tmp_path: Path, xlsx_reader: str) -> None:
    path = write_export(
        tmp_path / "t.xlsx",
        "tiktok_orders",
        sample_rows("tiktok_orders", 3, NOW),
        Quirks(wrong_dimension=True, extra_headers=("Extra",), description_row=True),
    )
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert b'<dimension ref="A1"/>' in sheet
    table = read_table(path)
    assert table.reader == xlsx_reader
    assert len(table.header) == 66
    assert table.format is BY_ID["tiktok_orders"]
    assert table.description_line == 2
    rows = rows_of(table)
    assert [line for line, _ in rows] == [3, 4, 5]
    assert cell(table, rows[2][1], "Shipping Provider Name") == "JNE"


def test_both_xlsx_readers_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_export(
        tmp_path / "t.xlsx",
        "tiktok_returns",
        sample_rows("tiktok_returns", 20, NOW),
        Quirks(time_cells=True),
    )
    stream = read_table(path)
    stream_rows = [(n, [c for c in cells if c is not None]) for n, cells in stream.rows]
    _without_stream(monkeypatch)
    fast = read_table(path)
    fast_rows = [(n, [c for c in cells if c is not None]) for n, cells in fast.rows]
    monkeypatch.setattr(tabular, "XLSX_MEMORY_BUDGET", 0)
    slow = read_table(path)
    slow_rows = [(n, [c for c in cells if c is not None]) for n, cells in slow.rows]
    assert (stream.reader, fast.reader, slow.reader) == ("xlsx", "calamine", "openpyxl")
    assert stream.header == fast.header == slow.header
    assert stream_rows == fast_rows == slow_rows
    created = cell(fast, next(read_table(path).rows)[1], "Time Requested")
    assert isinstance(created, datetime)


def test_a_stray_far_cell_is_streamed_not_gridded(tmp_path: Path) -> None:
    """calamine would ask for a 16,384 x 1,048,576 grid (hundreds of GB) and abort."""
    book = Workbook()
    book.active.append(["request_id", "request_type"])
    book.active.append(["R1", "resend"])
    book.active["XFD1048576"] = "catatan"
    book.save(tmp_path / "far.xlsx")
    table = read_table(tmp_path / "far.xlsx")
    assert table.reader == "xlsx"  # streamed: the far cell costs one long row, no grid
    filled = [(line, [c for c in cells if c is not None]) for line, cells in table.rows]
    assert [row for row in filled if row[1]] == [(2, ["R1", "resend"]), (1048576, ["catatan"])]


def test_only_the_columns_asked_for_are_read_after_the_header(tmp_path: Path) -> None:
    path = write_export(tmp_path / "t.xlsx", "tiktok_orders", sample_rows("tiktok_orders", 5, NOW))
    table = read_table(path)
    wanted = {table.header.index("order_id"), table.header.index("tracking_id")}
    table.only(wanted)
    rows = [cells for _line, cells in table.rows]
    for cells in rows[1:]:  # the first was read whole, to tell it from a description row
        assert {i for i, c in enumerate(cells) if c is not None} == wanted


def test_the_stream_reads_shared_strings_dates_rich_text_and_escapes(tmp_path: Path) -> None:
    """What Excel writes (openpyxl here): shared strings, date cells, numbers, booleans."""
    book = Workbook()
    sheet = book.active
    sheet.append(["request_id", "request_type", "created_at", "amount", "flag", "note"])
    sheet.append(["R1", "resend", datetime(2026, 11, 21, 10, 0), 89_000, True, "a & b <c>"])
    sheet.append(["R2", "resend", datetime(2026, 11, 21, 10, 0, 30), 1.5, False, None])
    book.save(tmp_path / "excel.xlsx")
    table = read_table(tmp_path / "excel.xlsx")
    rows = [cells for _line, cells in table.rows]
    assert table.reader == "xlsx"
    assert rows[0] == ["R1", "resend", datetime(2026, 11, 21, 10, 0), 89_000, True, "a & b <c>"]
    assert rows[1][2:5] == [datetime(2026, 11, 21, 10, 0, 30), 1.5, False]


def test_sheet_extent_is_measured() -> None:
    xml = (
        b'<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="BN1"><v>1</v></c>'
        b'</row><row r="7" spans="1:3"><c r="C7"/></row><x:row r="9"></x:row></sheetData>'
        b"</worksheet>"
    )
    assert tabular._sheet_extent(io.BytesIO(xml)) == (9, 66)


# --- personal columns --------------------------------------------------------------------


@pytest.mark.parametrize("format_id", ["tiktok_orders", "shopee_orders"])
def test_personal_cells_never_leave_the_reader(tmp_path: Path, suffix: str, format_id: str) -> None:
    path = write_export(tmp_path / f"o{suffix}", format_id, sample_rows(format_id, 3, NOW))
    assert "Penerima 1" in path.read_bytes().decode("latin-1") or suffix == ".xlsx"
    table = read_table(path)
    personal = {normalise_header(h) for h in BY_ID[format_id].personal}
    for _line, cells in table.rows:
        for name, value in zip(table.header, cells, strict=False):
            if name in personal:
                assert value is None
            elif name in ("no_pesanan", "order_id"):
                assert value


# --- streaming ---------------------------------------------------------------------------


def test_rows_are_a_generator(tmp_path: Path, suffix: str) -> None:
    path = write_export(
        tmp_path / f"r{suffix}", "tiktok_returns", sample_rows("tiktok_returns", 3, NOW)
    )
    table = read_table(path)
    assert inspect.isgenerator(table.rows)
    assert iter(table.rows) is table.rows


def test_a_200000_row_csv_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("request_id,request_type,order_id,buyer_comment\n")
        for n in range(200_000):
            handle.write(f'R{n},resend,O{n},"komentar pembeli nomor {n}, panjang"\n')
    tracemalloc.start()
    try:
        count, last = 0, 0
        for last, _cells in read_table(path).rows:  # noqa: B007 - the last line is checked
            count += 1
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (count, last) == (200_000, 200_001)
    assert path.stat().st_size > 10_000_000
    assert peak < 2_000_000  # a few rows and read buffers, never the file


# --- files that are not tables -------------------------------------------------------------


def refused(path: Path) -> str:
    with pytest.raises(TableError) as failure:
        table = read_table(path)
        for _ in table.rows:
            pass
    return str(failure.value)


def test_not_found_and_folder(tmp_path: Path) -> None:
    assert refused(tmp_path / "nope.csv") == "berkas tidak ditemukan"
    assert refused(tmp_path) == "ini folder, bukan berkas"


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "r.csv", "a,b\n")

    def denied(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)  # tests may run as root: chmod would not stop it
    assert "no permission" in refused(path) or "izin" in refused(path)


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\r\n  \n"])
def test_empty(tmp_path: Path, content: bytes) -> None:
    assert refused(write(tmp_path, "e.csv", content)) == "berkas kosong"


def test_empty_sheet(tmp_path: Path) -> None:
    assert refused(xlsx(tmp_path, "e.xlsx", [])) == "lembar pertama kosong"


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = write(
        tmp_path, "l.csv", "request_id,buyer_name\nR1,Budi\nR2,Andr\xe9\n".encode("latin-1")
    )
    assert refused(path) == "baris 3: bukan teks UTF-8 (simpan ekspor sebagai CSV UTF-8)"


def test_not_utf8_far_down_a_streamed_file(tmp_path: Path) -> None:
    head = "request_id,request_type\n" + "".join(f"R{n},resend\n" for n in range(40_000))
    path = write(tmp_path, "l.csv", head.encode() + b"R\xe9,resend\n")
    assert refused(path).startswith("baris 40002:")


def test_utf16(tmp_path: Path) -> None:
    path = write(tmp_path, "u.csv", "request_id\tx\n".encode("utf-16"))
    assert "UTF-16" in refused(path)


def test_binary_junk(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    assert refused(write(tmp_path, "p.csv", png)) == "bukan berkas teks (isinya biner)"
    noise = bytes((n * 37 + 11) % 256 for n in range(3000)).replace(b"\x00", b"\x01")
    assert refused(write(tmp_path, "n.csv", noise)) == "bukan berkas teks (isinya biner)"


def test_nul_bytes(tmp_path: Path) -> None:
    assert "biner" in refused(write(tmp_path, "z.csv", b"request_id,x\nR1,\x00\x00\n"))
    late = b"request_id,x\n" + b"R1,y\n" * 60_000 + b"R2,\x00\n"
    message = refused(write(tmp_path, "z2.csv", late))
    assert "60002" in message and "NUL" in message
    several = b"request_id,x\n" + b"R1,y\n" * 70_000 + b"R2,\x00\n" + b"R3,\x00 \x00\n"
    with pytest.raises(TableError) as failure:
        for _ in read_table(write(tmp_path, "z3.csv", several)).rows:
            pass
    assert failure.value.lines == (70_002, 70_003)


def test_broken_xlsx(tmp_path: Path) -> None:
    good = write_export(
        tmp_path / "g.xlsx", "tiktok_returns", sample_rows("tiktok_returns", 50, NOW)
    )
    broken = write(tmp_path, "b.xlsx", good.read_bytes()[: good.stat().st_size // 2])
    assert refused(broken).startswith("buku kerja XLSX tidak bisa dibaca")


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("export.csv", "a,b\n")
    assert "ZIP" in refused(write(tmp_path, "export.xlsx", buffer.getvalue()))


def test_old_xls(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    expected = "bukan buku kerja XLSX (berkas .xls lama: simpan dulu sebagai .xlsx atau CSV)"
    assert refused(write(tmp_path, "old.xls", ole)) == expected
    assert refused(write(tmp_path, "old.csv", ole)) == expected  # content, not the name
    assert refused(write(tmp_path, "fake.xlsx", "a,b\n1,2\n")) == expected


def test_unclosed_quote_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "q.csv", 'request_id,request_type\nR1,resend\nR2,"resend\n')
    assert refused(path).startswith("baris 3:")


def test_messages_in_english(tmp_path: Path) -> None:
    from core.i18n import set_language

    set_language("en")
    assert refused(tmp_path / "nope.csv") == "file not found"


_XLSX_BYTES: list[bytes] = []


def _valid_xlsx() -> bytes:
    if not _XLSX_BYTES:
        buffer = io.BytesIO()
        book = Workbook()
        book.active.append(["request_id", "request_type", "created_at"])
        book.active.append(["R1", "resend", datetime(2026, 1, 1)])
        book.save(buffer)
        _XLSX_BYTES.append(buffer.getvalue())
    return _XLSX_BYTES[0]


@st.composite
def junk(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(["f.csv", "f.xlsx", "f.xls", "f", "f.txt"]))
    kind = draw(st.sampled_from(["bytes", "text", "zip", "mutated"]))
    if kind == "bytes":
        data = draw(st.binary(max_size=600))
    elif kind == "text":
        data = draw(st.text(max_size=300)).encode("utf-8", "surrogatepass")
    elif kind == "zip":
        data = b"PK\x03\x04" + draw(st.binary(max_size=400))
    else:
        data = bytearray(_valid_xlsx())
        for _ in range(draw(st.integers(1, 8))):
            position = draw(st.integers(0, len(data) - 1))
            data[position] = draw(st.integers(0, 255))
        if draw(st.booleans()):
            data = data[: draw(st.integers(0, len(data)))]
        data = bytes(data)
    return name, data


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=junk())
def test_arbitrary_bytes_raise_only_table_error(tmp_path: Path, case: tuple[str, bytes]) -> None:
    name, data = case
    path = tmp_path / name
    path.write_bytes(data)
    try:
        table = read_table(path)
        for _line, cells in table.rows:
            assert isinstance(cells, list)
    except TableError as exc:
        assert str(exc)
