"""Writers of real-shaped Seller Center exports (core/export_files.py)."""

from __future__ import annotations

import csv
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.export_files import Quirks, headers_of, sample_rows, write_export
from core.marketplaces import (
    BY_ID,
    OrderStatus,
    ReturnOutcome,
    first_value,
    order_status_of,
    request_type_of,
    return_outcome,
)
from core.tabular import read_table
from core.workflow import RequestType

MARKETPLACE_IDS = ("tiktok_returns", "tiktok_orders", "shopee_returns", "shopee_orders")
NOW = datetime(2026, 11, 21, 10, 0)


def first_rows(path: Path) -> list[list[object]]:
    if path.suffix == ".xlsx":
        book = load_workbook(path, read_only=True)
        rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
        return rows
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def values(path: Path) -> list[dict[str, object]]:
    """Each row of `path` as canonical field -> the cell read back."""
    table = read_table(path)
    assert table.format is not None
    located = table.format.locate(table.header)
    return [
        {name: first_value(cells, positions) for name, positions in located.items()}
        for _line, cells in table.rows
    ]


@pytest.fixture(params=["csv", "xlsx"])
def suffix(request: pytest.FixtureRequest) -> str:
    return f".{request.param}"


@pytest.mark.parametrize("format_id", MARKETPLACE_IDS)
def test_verbatim_header_row(tmp_path: Path, format_id: str, suffix: str) -> None:
    path = write_export(tmp_path / f"x{suffix}", format_id, sample_rows(format_id, 2, NOW))
    rows = first_rows(path)
    expected = list(BY_ID[format_id].headers)
    if format_id == "shopee_returns":
        expected += ["Waktu Pengembalian Diajukan", "Nomor Referensi SKU", "Nama Produk"]
        expected += ["No. Resi Pengembalian"]
    assert rows[0] == expected
    assert len(rows) == 3
    assert read_table(path).format is BY_ID[format_id]


def test_tiktok_return_round_trip(tmp_path: Path, suffix: str) -> None:
    row = {
        "request_id": "576543210987654321",
        "order_id": "576000000000000001",
        "request_type": RequestType.RETURN_REFUND,
        "created_at": datetime(2026, 11, 21, 3, 4, 5, tzinfo=UTC),  # 10:04:05 WIB
        "buyer_name": "siti.r",
        "buyer_comment": '=SUM(A1) "kutip", koma\nbaris baru',
        "reason": "Kemasan atau produk rusak",
        "sku": "MDU-500",
        "sku_id": "1729384756",
        "quantity": 2,
        "amount": 98_000,
        "return_awb": "JX0001",
        "platform_status": ReturnOutcome.IN_PROGRESS,
        "Return Sub Status": "Awaiting buyer shipment",
    }
    path = write_export(tmp_path / f"r{suffix}", "tiktok_returns", [row], Quirks(amounts="rupiah"))
    [got] = values(path)
    assert got["request_id"] == "576543210987654321"
    assert got["created_at"] == "21/11/2026 10:04:05"
    assert got["buyer_comment"] == '=SUM(A1) "kutip", koma\nbaris baru'  # text, never a formula
    assert got["sku"] == "MDU-500"
    assert got["amount"] == "Rp98.000"
    assert got["quantity"] in (2, "2")
    assert request_type_of(got["request_type"]) is RequestType.RETURN_REFUND
    assert return_outcome(got["platform_status"]) is ReturnOutcome.IN_PROGRESS
    assert got["platform_sub_status"] == "Awaiting buyer shipment"


def test_shopee_times_and_words(tmp_path: Path) -> None:
    rows = list(sample_rows("shopee_returns", 5, NOW))
    path = write_export(tmp_path / "s.csv", "shopee_returns", rows)
    got = values(path)
    assert got[0]["created_at"] == rows[0]["created_at"].strftime("%Y-%m-%d %H:%M")  # type: ignore[attr-defined]
    assert len(str(got[0]["created_at"])) == len("2026-11-21 09:58")
    assert [return_outcome(g["platform_status"]) for g in got] == list(ReturnOutcome)
    assert {request_type_of(g["request_type"]) for g in got} == {
        RequestType.REFUND_ONLY,
        RequestType.RETURN_REFUND,
    }
    assert got[0]["platform_status"] == "Menunggu Respon Penjual"


def test_resend_has_no_shopee_word(tmp_path: Path) -> None:
    row = {"request_id": "1", "request_type": RequestType.RESEND}
    with pytest.raises(ValueError, match="resend"):
        write_export(tmp_path / "s.csv", "shopee_returns", [row])


def test_order_statuses_in_both_languages(tmp_path: Path, suffix: str) -> None:
    rows = list(sample_rows("tiktok_orders", 5, NOW))
    english = values(write_export(tmp_path / f"e{suffix}", "tiktok_orders", rows))
    assert [g["status"] for g in english] == [
        "Unpaid",
        "To ship",
        "Shipped",
        "Completed",
        "Cancelled",
    ]
    indonesian = values(
        write_export(tmp_path / f"i{suffix}", "tiktok_orders", rows, Quirks(indonesian=True))
    )
    assert [order_status_of(g["status"]) for g in indonesian] == list(OrderStatus)
    assert indonesian[4]["status"] == "Dibatalkan"
    shopee = values(write_export(tmp_path / f"s{suffix}", "shopee_orders", rows))
    assert [order_status_of(g["status"]) for g in shopee] == list(OrderStatus)


def test_unknown_words_are_written_verbatim(tmp_path: Path) -> None:
    row = {"request_id": "1", "request_type": "Tukar tambah", "platform_status": "Banding"}
    [got] = values(write_export(tmp_path / "u.csv", "tiktok_returns", [row]))
    assert (got["request_type"], got["platform_status"]) == ("Tukar tambah", "Banding")


@pytest.mark.parametrize(
    ("style", "csv_text", "xlsx_value"),
    [
        ("number", "89000", 89000),
        ("digits", "89000", "89000"),
        ("dotted", "89.000", "89.000"),
        ("rupiah", "Rp89.000", "Rp89.000"),
    ],
)
def test_amount_styles(tmp_path: Path, style: str, csv_text: str, xlsx_value: object) -> None:
    row = {"request_id": "1", "amount": 89_000}
    for suffix, expected in ((".csv", csv_text), (".xlsx", xlsx_value)):
        path = write_export(tmp_path / f"a{suffix}", "tiktok_returns", [row], Quirks(amounts=style))
        assert values(path)[0]["amount"] == expected


def test_title_rows_description_row_and_bom(tmp_path: Path) -> None:
    quirks = Quirks(title_rows=("Laporan",), description_row=True, bom=True, delimiter=";")
    path = write_export(
        tmp_path / "t.csv", "tiktok_orders", sample_rows("tiktok_orders", 1, NOW), quirks
    )
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfLaporan\r\nOrder ID;Order Status;")
    assert b"Platform unique order ID." in raw
    table = read_table(path)
    assert (table.header_line, table.description_line) == (2, 3)


def test_missing_optional_columns_and_extra_ones(tmp_path: Path, suffix: str) -> None:
    omit = frozenset({"Return Quantity", "Return Sub Status", "Refund Time", "Compensation Amount"})
    quirks = Quirks(omit=omit, extra_headers=("Kolom Baru",))
    assert "Return Quantity" not in headers_of(BY_ID["tiktok_returns"], quirks)
    path = write_export(
        tmp_path / f"m{suffix}", "tiktok_returns", sample_rows("tiktok_returns", 2, NOW), quirks
    )
    table = read_table(path)
    assert table.format is BY_ID["tiktok_returns"]
    assert table.header[-1] == "kolom_baru"
    assert "return_quantity" not in table.header
    assert BY_ID["tiktok_returns"].missing_required(table.header) == []


def test_shopee_without_the_less_certain_columns(tmp_path: Path) -> None:
    path = write_export(
        tmp_path / "s.csv",
        "shopee_returns",
        sample_rows("shopee_returns", 1, NOW),
        Quirks(shopee_extra=False),
    )
    table = read_table(path)
    assert len(table.header) == 17
    [got] = values(path)
    assert "created_at" not in got  # Purna must then say it cannot know the deadline
    assert got["sku"] == "MDU-500"  # Kode Variasi carries the SKU


def test_header_drift_still_detected(tmp_path: Path, suffix: str) -> None:
    for format_id in MARKETPLACE_IDS:
        path = write_export(
            tmp_path / f"{format_id}{suffix}",
            format_id,
            sample_rows(format_id, 1, NOW),
            Quirks(drift=True),
        )
        header = first_rows(path)[0]
        assert header != list(headers_of(BY_ID[format_id]))
        assert read_table(path).format is BY_ID[format_id]


def test_wrong_dimension_is_declared(tmp_path: Path) -> None:
    path = write_export(
        tmp_path / "w.xlsx",
        "tiktok_orders",
        sample_rows("tiktok_orders", 2, NOW),
        Quirks(wrong_dimension=True),
    )
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert sheet.count(b"<dimension ") == 1
    assert sheet.index(b'<dimension ref="A1"/>') < sheet.index(b"<sheetData")
    book = load_workbook(path, read_only=True)
    assert book.worksheets[0].max_column == 1  # what a trusting reader sees
    book.close()
    assert len(read_table(path).header) == 65


def test_time_cells_and_numeric_ids(tmp_path: Path) -> None:
    quirks = Quirks(time_cells=True, numeric_ids=True)
    row = {"order_id": "576000000000000001", "created_at": NOW, "status": OrderStatus.DELIVERED}
    [got] = values(write_export(tmp_path / "c.xlsx", "tiktok_orders", [row], quirks))
    assert got["created_at"] == NOW
    assert isinstance(got["order_id"], int | float)  # the damaged re-save the importer refuses


def test_personal_columns_are_written_like_a_real_file(tmp_path: Path) -> None:
    path = write_export(tmp_path / "p.csv", "shopee_orders", sample_rows("shopee_orders", 1, NOW))
    header, row = first_rows(path)[:2]
    assert row[header.index("Nama Penerima")] == "Penerima 0"
    assert row[header.index("No. Telepon")] == "6281200000000"


def test_purna_formats_are_not_written_here(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_export(tmp_path / "p.csv", "purna_requests", [])
