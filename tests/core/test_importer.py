"""Import of requests, orders and reviews exports (shared/formats/README.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select, text

from core import staff
from core.cells import Clock, parse_time
from core.db import Store
from core.importer import ImportFailed, import_file
from core.models import AuditEvent, Order, Request, RequestCheck, RequestNote, Review
from tests.helpers import FIXED_NOW

WIB = ZoneInfo("Asia/Jakarta")

REQUESTS_CSV = """\ufeffMarketplace,Request ID,Order ID,Request Type,Created At,Buyer Name,Buyer Comment,Reason,SKU,Product Name,Quantity,Amount,Evidence Count,Return AWB,Something Else
tiktok_shop,4001,5701,Hanya Pengembalian Dana,2026-11-21 10:00,Siti Rahma,"Botolnya pecah,
isinya tumpah",Kemasan atau produk rusak,MDU-500,Madu Hutan 500g,1,Rp98.000,3,,ignored
tokopedia,4002,INV/20261120/MPL/1,Pengembalian Barang & Dana,2026-11-21T09:00:00+08:00,Budi,Tidak menyala,Produk cacat,PB10K-HTM,Powerbank,2,"1.234.567",0,JX123,
,4003,5703,resend,21/11/2026 08:30,,,,SMB-BWG,,,125000,,,
shopee,4004,5704,Penukaran,2026-11-21 07:00 WITA,Ayu,Ukuran M kekecilan,Ukuran,KPC-M,Kaos,1,45000,1,,
"""


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def count(store: Store, model: type) -> int:
    with store.read() as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def requests_by_id(store: Store) -> dict[str, Request]:
    with store.read() as session:
        return {r.request_id: r for r in session.execute(select(Request)).scalars()}


def run(store: Store, path: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    staff.ensure_first_supervisor(store, "tester", FIXED_NOW)  # only staff may import
    return import_file(store, path, now=FIXED_NOW, actor="tester", **kwargs)  # type: ignore[arg-type]


# --- the happy path ---------------------------------------------------------------------


def test_requests_csv_with_labels_money_forms_and_free_header_case(
    store: Store, tmp_path: Path
) -> None:
    result = run(store, write(tmp_path, "requests.csv", REQUESTS_CSV))
    assert (result.kind, result.rows, result.inserted) == ("requests", 4, 4)
    rows = requests_by_id(store)
    first = rows["4001"]
    assert first.request_type == "refund_only"
    assert first.amount == 98_000
    assert first.buyer_comment == "Botolnya pecah,\nisinya tumpah"
    assert first.created_at == datetime(2026, 11, 21, 3, 0, tzinfo=UTC)  # 10:00 WIB
    assert first.respond_by == first.created_at + timedelta(hours=48)
    assert (first.state, first.is_open, first.version) == ("new", True, 1)
    second = rows["4002"]
    assert (second.marketplace, second.request_type, second.amount, second.quantity) == (
        "tokopedia",
        "return_refund",
        1_234_567,
        2,
    )
    assert second.created_at == datetime(2026, 11, 21, 1, 0, tzinfo=UTC)  # 09:00 WITA (+08:00)
    assert second.return_awb == "JX123"
    third = rows["4003"]
    assert third.marketplace == "tiktok_shop"  # default
    assert (third.quantity, third.evidence_count, third.buyer_name) == (1, 0, None)
    assert third.created_at == datetime(2026, 11, 21, 1, 30, tzinfo=UTC)  # day first, WIB
    fourth = rows["4004"]
    assert (fourth.request_type, fourth.marketplace) == ("exchange", "shopee")
    assert fourth.created_at == datetime(2026, 11, 20, 23, 0, tzinfo=UTC)  # 07:00 WITA


def test_semicolon_separated_csv(store: Store, tmp_path: Path) -> None:
    content = REQUESTS_CSV.replace(",", ";").replace('"1.234.567"', "1.234.567")
    content = content.replace("pecah;\nisinya", "pecah,\nisinya")
    assert run(store, write(tmp_path, "r.csv", content)).inserted == 4


def test_xlsx_first_sheet_with_date_and_number_cells(store: Store, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["REQUEST_ID", "order_id", "request_type", "created_at", "sku", "amount", "evidence_count"]
    )
    sheet.append(
        ["4011", "5711", "Pengiriman Ulang", datetime(2026, 11, 21, 14, 5), 12345, 150000, 2]
    )
    sheet.append(["4012", "5712", "exchange", "2026-11-21 15:00", "SKU-B", "Rp1.500.000", None])
    book.create_sheet("Notes").append(["ignored"])
    path = tmp_path / "requests.xlsx"
    book.save(path)
    assert run(store, path).inserted == 2
    rows = requests_by_id(store)
    assert rows["4011"].order_id == "5711" and rows["4011"].sku == "12345"  # a number SKU is text
    assert rows["4011"].created_at == datetime(2026, 11, 21, 7, 5, tzinfo=UTC)
    assert rows["4012"].amount == 1_500_000


def test_ids_that_arrived_as_numbers_are_refused_never_guessed(
    store: Store, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["request_id", "order_id", "request_type", "created_at", "sku", "amount"])
    sheet.append([576843219876543210, "5711", "resend", "2026-11-21 15:00", "S", 1000])
    sheet.append(["4012", 5.7684321987654e17, "resend", "2026-11-21 15:00", "S", 1000])
    path = tmp_path / "requests.xlsx"
    book.save(path)
    with pytest.raises(ImportFailed) as failure:
        run(store, path)
    assert [(e.line, e.column) for e in failure.value.errors] == [
        (2, "request_id"),
        (3, "order_id"),
    ]
    assert "angka" in failure.value.errors[0].problem
    assert count(store, Request) == 0


def test_orders_and_reviews(store: Store, tmp_path: Path) -> None:
    orders = write(
        tmp_path,
        "orders.csv",
        (
            "order_id,sku,status,delivered_at,courier,awb,last_logistics_update_at,logistics_status\n"
            "5701,MDU-500,delivered,2026-11-10 12:00,J&T Express,JX1,2026-11-10 12:00,Terkirim\n"
            "5702,PB10K,Dalam Pengiriman,,SiCepat,0045,2026-11-20 08:00,Dalam Pengiriman\n"
            "5703,KPC-M,Selesai,2026-11-09,JNE,CGK1,,\n"
        ),
    )
    result = run(store, orders)
    assert (result.kind, result.inserted) == ("orders", 3)
    with store.read() as session:
        statuses = dict(session.execute(select(Order.order_id, Order.status)).all())
    assert statuses == {"5701": "delivered", "5702": "in_transit", "5703": "delivered"}
    with store.read() as session:
        line = session.execute(select(Order).where(Order.order_id == "5701")).scalar_one()
        event = session.get(AuditEvent, line.event_id)
    assert (line.marketplace, line.sku, line.courier, line.awb) == (
        "tiktok_shop", "MDU-500", "J&T Express", "JX1")  # fmt: skip
    assert line.quantity == 1  # no quantity column: one piece
    assert line.delivered_at == datetime(2026, 11, 10, 5, 0, tzinfo=UTC)
    assert line.imported_at == line.updated_at == FIXED_NOW
    assert (line.source_format, event.action) == ("purna_orders", "import")
    reviews = write(
        tmp_path,
        "reviews.csv",
        (
            "order_id,sku,rating,comment,created_at\n"
            "5701,MDU-500,1,Botol pecah,2026-11-11 09:00\n"
            "5703,KPC-M,5,,2026-11-10 09:00\n"
        ),
    )
    assert run(store, reviews).kind == "reviews"
    assert count(store, Review) == 2
    with store.read() as session:
        review = session.execute(select(Review).where(Review.order_id == "5701")).scalar_one()
    assert (review.rating, review.comment, review.imported_at) == (1, "Botol pecah", FIXED_NOW)
    assert review.created_at == datetime(2026, 11, 11, 2, 0, tzinfo=UTC) and review.event_id


# --- all or nothing ------------------------------------------------------------------------


def test_every_bad_row_is_reported_and_nothing_is_written(store: Store, tmp_path: Path) -> None:
    bad = write(
        tmp_path,
        "bad.csv",
        (
            "request_id,order_id,request_type,created_at,sku,amount,quantity,evidence_count\n"
            "R1,O1,refund_only,2026-11-21 10:00,SKU,Rp10.000,1,0\n"
            "R2,O2,refund,2026-11-21 10:00,SKU,10000,1,0\n"
            "R3,O3,exchange,kemarin,SKU,12.5,0,-1\n"
            ",O4,resend,2026-11-21 10:00,,10000,1,0\n"
            "R1,O5,resend,2026-11-21 10:00,SKU,10000,1,0\n"
        ),
    )
    with pytest.raises(ImportFailed) as failure:
        run(store, bad)
    lines = [(e.line, e.column) for e in failure.value.errors]
    assert lines == [
        (3, "request_type"),
        (4, "created_at"),
        (4, "quantity"),
        (4, "amount"),
        (4, "evidence_count"),
        (5, "request_id"),
        (5, "sku"),
        (6, "order_id"),  # the same request again, for another order: not one request
        (6, "request_type"),
    ]
    problems = [str(e) for e in failure.value.errors]
    assert "'refund'" in problems[0] and "refund_only" in problems[0]
    assert problems[1].endswith(
        "created_at: bukan tanggal dan jam: 'kemarin' (tulis 2024-01-31 14:05 atau waktu ISO 8601)"
    )
    assert problems[5].endswith("request_id: kosong")
    assert count(store, Request) == 0
    with store.read() as session:  # nothing but the importer's first login
        assert session.execute(select(AuditEvent.action)).scalars().all() == ["staff_add"]


def test_missing_required_column_is_reported_on_line_1(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "r.csv", "request_id,request_type,order_id,sku\nR1,resend,O1,S\n")
    with pytest.raises(ImportFailed) as failure:
        run(store, path)
    assert [str(e) for e in failure.value.errors] == [
        f"{path}:1: created_at: kolom wajib tidak ada",
        f"{path}:1: amount: kolom wajib tidak ada",
    ]


def test_line_numbers_count_multi_line_comments(store: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "r.csv",
        (
            "request_id,order_id,request_type,created_at,sku,amount,buyer_comment\n"
            'R1,O1,resend,2026-11-21 10:00,S,1000,"satu\ndua\ntiga"\n'
            "R2,O2,resend,2026-11-21 10:00,S,seribu,\n"
        ),
    )
    with pytest.raises(ImportFailed) as failure:
        run(store, path)
    assert failure.value.errors[0].line == 5


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.csv", "", "berkas kosong"),
        ("latin1.csv", None, "bukan teks UTF-8"),
        ("unknown.csv", "a,b,c\n1,2,3\n", "--kind"),
        ("fake.xlsx", "request_id,order_id\n", "bukan buku kerja XLSX"),
    ],
)
def test_unreadable_files_are_refused_clearly(
    store: Store, tmp_path: Path, name: str, content: str | None, problem: str
) -> None:
    path = tmp_path / name
    if content is None:
        path.write_bytes("request_id,buyer_name\nR1,Andr\xe9\n".encode("latin-1"))
    else:
        path.write_text(content)
    with pytest.raises(ImportFailed) as failure:
        run(store, path)
    assert problem in str(failure.value)
    assert str(failure.value).startswith(f"{path}:")


def test_missing_file(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="tidak ditemukan"):
        run(store, tmp_path / "nope.csv")


def test_delivered_order_needs_delivered_at_and_rating_is_1_to_5(
    store: Store, tmp_path: Path
) -> None:
    orders = write(tmp_path, "o.csv", "order_id,sku,status,delivered_at\n1,S,delivered,\n")
    with pytest.raises(ImportFailed, match="delivered_at: wajib diisi jika status delivered"):
        run(store, orders)
    reviews = write(tmp_path, "v.csv", "order_id,sku,rating,created_at\n1,S,6,2026-11-01\n")
    with pytest.raises(ImportFailed, match="rating: harus 1 sampai 5"):
        run(store, reviews)


# --- re-import and updates ------------------------------------------------------------------


def snapshot(store: Store) -> list[tuple[object, ...]]:
    with store.engine.connect() as conn:
        return [
            tuple(row)
            for table in ("request", "orders", "review", "audit_event", "request_note")
            for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY id"))
        ]


def test_importing_the_same_file_again_changes_nothing(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "requests.csv", REQUESTS_CSV)
    run(store, path)
    staff.add(store, login="other", name="Other", role="staff", by="tester", now=FIXED_NOW)
    before = snapshot(store)
    result = import_file(store, path, now=FIXED_NOW + timedelta(hours=3), actor="other")
    assert (result.inserted, result.updated, result.unchanged) == (0, 0, 4)
    assert snapshot(store) == before


def test_a_newer_export_updates_the_request_but_keeps_purnas_own_data(
    store: Store, tmp_path: Path
) -> None:
    run(store, write(tmp_path, "requests.csv", REQUESTS_CSV))
    pk = requests_by_id(store)["4001"].id
    later = FIXED_NOW + timedelta(hours=1)
    with store.write() as session:
        session.execute(
            text(
                "UPDATE request SET state = 'evidence_requested', claimed_by = NULL WHERE id = :pk"
            ),
            {"pk": pk},
        )
        session.add(RequestNote(request_pk=pk, author="ani", at=later, text="minta video"))
        session.add(
            RequestCheck(request_pk=pk, check_key="evidence_reviewed", done_by="ani", done_at=later)
        )
    events_before = count(store, AuditEvent)
    newer = REQUESTS_CSV.replace("Rp98.000,3", "Rp90.000,5").replace(
        "2026-11-21 10:00,Siti", "2026-11-21 09:00,Siti"
    )
    result = import_file(store, write(tmp_path, "newer.csv", newer), now=later, actor="tester")
    assert (result.updated, result.unchanged) == (1, 3)
    request = requests_by_id(store)["4001"]
    assert (request.amount, request.evidence_count) == (90_000, 5)
    assert request.respond_by == datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # moved with created_at
    assert request.state == "evidence_requested"  # Purna's own state untouched
    assert request.version == 2
    assert count(store, RequestNote) == 1 and count(store, RequestCheck) == 1
    with store.read() as session:
        events = session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars().all()
    assert len(events) == events_before + 3  # the import, its update, the import's summary
    update_event = next(e for e in events if e.action == "import_update")
    assert update_event.request_pk == pk and '"amount": [98000, 90000]' in update_event.detail


def test_kind_can_be_forced(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "order_id,sku,status,delivered_at\n1,S,cancelled,\n")
    assert run(store, path, kind="orders").kind == "orders"
    with pytest.raises(ImportFailed, match="kolom wajib tidak ada"):
        run(store, path, kind="reviews")


# --- time parsing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2026-11-21 10:00", datetime(2026, 11, 21, 3, 0, tzinfo=UTC)),
        ("2026-11-21T10:00:00Z", datetime(2026, 11, 21, 10, 0, tzinfo=UTC)),
        ("2026-11-21T10:00:00+09:00", datetime(2026, 11, 21, 1, 0, tzinfo=UTC)),
        ("2026-11-21 10:00 WIT", datetime(2026, 11, 21, 1, 0, tzinfo=UTC)),
        ("2026/11/21 10:00:30", datetime(2026, 11, 21, 3, 0, 30, tzinfo=UTC)),
        ("01/02/2024 00:30", datetime(2024, 1, 31, 17, 30, tzinfo=UTC)),  # 1 Feb, day first
        ("2024-02-01", datetime(2024, 1, 31, 17, 0, tzinfo=UTC)),
        (datetime(2026, 1, 1, 0, 0), datetime(2025, 12, 31, 17, 0, tzinfo=UTC)),
    ],
)
def test_parse_time_forms(cell: object, expected: datetime) -> None:
    assert parse_time(cell, WIB) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("cell", ["", "31/02/2024 10:00", "2024-13-01", "10:00", "besok"])
def test_parse_time_refuses(cell: str) -> None:
    with pytest.raises(ValueError):
        parse_time(cell, WIB)


@pytest.mark.parametrize(
    "zone", ["Asia/Jakarta", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe"]
)
def test_clock_reads_tiktok_times_as_parse_time_does(zone: str) -> None:
    """The clock's fast path (the hour's offset cached) gives parse_time's moment, also in
    the hours a zone's clocks jump (a gap) or repeat (a fold), half-hour jumps included."""
    shop = ZoneInfo(zone)
    clock = Clock(shop, datetime(2026, 12, 1, tzinfo=UTC))
    start = datetime(2025, 1, 1)
    for minutes in range(0, 366 * 24 * 60, 37):
        written = (start + timedelta(minutes=minutes)).strftime("%d/%m/%Y %H:%M:%S")
        assert clock.time(written) == parse_time(written, shop), written
    for odd in ("01/11/2026 +9:15:00", "01/11/2026T10:15:00"):  # what int() reads, it reads
        assert clock.time(odd) == parse_time(odd, shop)
    for bad in ("31/02/2026 10:00:00", "01/11/2026 24:00:00", "01/11/2026 10:15:60"):
        with pytest.raises(ValueError):
            clock.time(bad)
