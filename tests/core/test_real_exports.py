"""Real exports in (issue 9): TikTok Shop and Shopee files as Seller Center gives them, with
the headers of shared/formats/marketplaces.md verbatim, each quirk, returns of several
SKUs, the platform's outcome winning over stale local state, unknown values refused, dry
runs, and values a shop cannot have refused line by line (issue 8)."""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from sqlalchemy import func, select, text

from core import audit, staff
from core.db import Store
from core.export_files import Quirks, write_export
from core.importer import ImportFailed, import_file
from core.models import AuditEvent, Order, Request, RequestItem
from tests.helpers import FIXED_NOW

NOW = FIXED_NOW  # Sun 22 Nov 2026, 10:00 WIB

TIKTOK_RETURNS_HEADER = (
    "Return Order ID,Order ID,Order Amount,Order Status,Order Substatus,Payment Method,SKU ID,"
    "Seller SKU,Product Name,SKU Name,Buyer Username,Return Type,Time Requested,Return Reason,"
    "Return unit price,Return Quantity,Return Logistics Tracking ID,Return Status,"
    "Return Sub Status,Refund Time,Dispute Status,Appeal Status,Compensation Status,"
    "Compensation Amount,Buyer Note"
)


def tiktok_return(rid: str, order: str, sku: str, kind: str, at: str, price: str, status: str,
                  awb: str = "", qty: str = "1", note: str = "") -> str:  # fmt: skip
    return (
        f"{rid},{order},150000,Completed,Delivered,COD,1729{sku[-3:]:0>15},{sku},Madu Hutan,"
        f"Default,siti_r,{kind},{at},Produk tidak sesuai deskripsi,{price},{qty},{awb},{status},"
        f",,,,,,{note}"
    )


@pytest.fixture
def shop(store: Store) -> Store:
    staff.ensure_first_supervisor(store, "dewi", NOW)
    return store


def run(store: Store, path: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    return import_file(store, path, now=NOW, actor="dewi", **kwargs)  # type: ignore[arg-type]


def requests(store: Store) -> dict[str, Request]:
    with store.read() as session:
        return {r.request_id: r for r in session.execute(select(Request)).scalars()}


def items(store: Store, pk: int) -> list[tuple[str, int, int]]:
    with store.read() as session:
        return [
            (i.sku, i.quantity, i.amount)
            for i in session.execute(
                select(RequestItem)
                .where(RequestItem.request_pk == pk)
                .order_by(RequestItem.position)
            ).scalars()
        ]


def intact(store: Store) -> bool:
    with store.read() as session:
        return audit.verify(session).intact


# --- TikTok Shop return/refund export --------------------------------------------------------


def test_tiktok_returns_as_they_come_one_request_per_return_with_its_items(
    shop: Store, tmp_path: Path
) -> None:
    path = tmp_path / "Return_Refund_20261122.csv"
    path.write_text("\n".join([
        TIKTOK_RETURNS_HEADER,
        tiktok_return("4039281736452910001", "576843219876543210", "MDU-500", "Return and refund",
                      "21/11/2026 10:15:00", "Rp98.000", "To process", "JX7781203344", "2"),
        tiktok_return("4039281736452910001", "576843219876543210", "MDU-250", "Return and refund",
                      "21/11/2026 10:15:00", "45000", "To process", "JX7781203344"),
        tiktok_return("4039281736452910002", "576843219876543211", "KPC-M", "Refund only",
                      "20/11/2026 08:00:00", "89.000", "Completed"),
    ]) + "\n", encoding="utf-8")  # fmt: skip
    result = run(shop, path)
    assert result.format_id == "tiktok_returns"
    assert (result.rows, result.records, result.inserted) == (3, 2, 2)
    assert (result.arrived_closed, result.unknown_deadlines) == (1, 0)
    found = requests(shop)
    first = found["4039281736452910001"]
    assert (first.request_type, first.marketplace, first.order_id) == (
        "return_refund",
        "tiktok_shop",
        "576843219876543210",
    )
    assert (first.amount, first.quantity, first.item_count, first.sku) == (143_000, 3, 2, "MDU-500")
    assert items(shop, first.id or 0) == [("MDU-500", 2, 98_000), ("MDU-250", 1, 45_000)]
    assert first.created_at == datetime(2026, 11, 21, 3, 15, tzinfo=UTC)  # 10:15 WIB, day first
    assert first.respond_by == first.created_at + timedelta(hours=48)
    assert (first.state, first.is_open, first.return_awb) == ("new", True, "JX7781203344")
    assert (first.platform_status, first.platform_outcome) == ("To process", "waiting_seller")
    done = found["4039281736452910002"]
    assert (done.state, done.is_open, done.platform_outcome) == ("closed", False, "completed")
    assert intact(shop)


def test_the_same_export_again_changes_nothing(shop: Store, tmp_path: Path) -> None:
    path = tmp_path / "returns.csv"
    path.write_text(TIKTOK_RETURNS_HEADER + "\n" + tiktok_return(
        "4001", "5701", "MDU-500", "Refund only", "21/11/2026 10:15:00", "98000", "To process"
    ) + "\n")  # fmt: skip
    run(shop, path)
    with shop.read() as session:
        before = session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
    again = run(shop, path)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 1)
    with shop.read() as session:
        assert session.execute(select(func.count()).select_from(AuditEvent)).scalar_one() == before


def test_the_platforms_outcome_closes_and_an_appeal_reopens(shop: Store, tmp_path: Path) -> None:
    def export(status: str) -> Path:
        path = tmp_path / f"returns-{status.replace(' ', '_')}.csv"
        path.write_text(TIKTOK_RETURNS_HEADER + "\n" + tiktok_return(
            "4001", "5701", "MDU-500", "Return and refund", "21/11/2026 10:15:00", "98000", status
        ) + "\n")  # fmt: skip
        return path

    run(shop, export("To process"))
    assert requests(shop)["4001"].is_open
    result = run(shop, export("Refund rejected"))
    assert result.closed == 1
    closed = requests(shop)["4001"]
    assert (closed.state, closed.is_open, closed.platform_outcome) == ("closed", False, "rejected")
    with shop.read() as session:
        event = session.execute(
            select(AuditEvent).where(AuditEvent.action == "platform_closed")
        ).scalar_one()
    assert '"platform_status": "rejected"' in event.detail and event.after_state == "closed"
    result = run(shop, export("To process"))  # the buyer appealed: back in the queue
    assert result.reopened == 1
    back = requests(shop)["4001"]
    assert (back.state, back.is_open) == ("new", True)
    assert intact(shop)


def test_in_process_on_the_platform_is_answered_there_and_never_shown_auto_approved(
    shop: Store, tmp_path: Path
) -> None:
    """marketplaces.md: "In process" = the seller acted; only "To process" keeps the 48 h
    clock. Requested 4 days ago, it is neither overdue nor auto-approved."""
    from core.timing import Status, of_row

    def export(name: str, *rows: tuple[str, str]) -> Path:
        path = tmp_path / f"{name}.csv"
        path.write_text(TIKTOK_RETURNS_HEADER + "\n" + "\n".join(tiktok_return(
            rid, "57" + rid, "MDU-500", "Return and refund", "18/11/2026 10:15:00", "98000", status
        ) for rid, status in rows) + "\n")  # fmt: skip
        return path

    first = run(shop, export("first", ("4001", "In process"), ("4002", "To process")))
    assert first.answered == 1
    found = requests(shop)
    assert (found["4001"].answered, found["4001"].is_open, found["4001"].state) == (
        True, True, "new")  # fmt: skip
    assert of_row(found["4001"], NOW).status is Status.ANSWERED
    assert of_row(found["4002"], NOW).status is Status.AUTO_APPROVED
    later = run(shop, export("later", ("4001", "In process"), ("4002", "Dalam Proses")))
    assert (later.answered, later.updated) == (1, 1)  # 4002: its status changed
    assert of_row(requests(shop)["4002"], NOW).status is Status.ANSWERED
    with shop.read() as session:
        event = session.execute(
            select(AuditEvent).where(AuditEvent.action == "platform_answered")
        ).scalar_one()
    assert '"platform_status": "in_progress"' in event.detail
    again = run(shop, export("later", ("4001", "In process"), ("4002", "Dalam Proses")))
    assert (again.answered, again.unchanged) == (0, 2)
    assert intact(shop)


def test_a_request_decided_in_purna_and_completed_on_the_platform_stays_decided(
    shop: Store, tmp_path: Path
) -> None:
    from core import actions

    path = tmp_path / "r.csv"
    path.write_text(TIKTOK_RETURNS_HEADER + "\n" + tiktok_return(
        "4001", "5701", "MDU-500", "Refund only", "21/11/2026 10:15:00", "98000", "To process"
    ) + "\n")  # fmt: skip
    run(shop, path)
    pk = requests(shop)["4001"].id or 0
    version = requests(shop)["4001"].version
    actions.decide(shop, pk=pk, action="reject", login="dewi", version=version, now=NOW,
                   override_reason="pembeli salah jenis permintaan", confirmation="5701",
                   reject_reason="wrong_request_type")  # fmt: skip
    path.write_text(path.read_text().replace("To process", "Completed"))
    assert run(shop, path).closed == 0  # already decided: nothing to close
    assert requests(shop)["4001"].state == "rejected"
    assert intact(shop)


def test_an_unknown_status_value_is_reported_and_nothing_is_imported(
    shop: Store, tmp_path: Path
) -> None:
    path = tmp_path / "r.csv"
    path.write_text("\n".join([
        TIKTOK_RETURNS_HEADER,
        tiktok_return("4001", "5701", "A", "Refund only", "21/11/2026 10:15:00", "1000",
                      "To process"),
        tiktok_return("4002", "5702", "B", "Refund only", "21/11/2026 10:15:00", "1000",
                      "Menunggu Keajaiban"),
    ]) + "\n")  # fmt: skip
    with pytest.raises(ImportFailed) as failure:
        run(shop, path)
    [error] = failure.value.errors
    assert (error.line, error.column) == (3, "platform_status")
    assert "Menunggu Keajaiban" in error.problem
    assert requests(shop) == {}


def test_ids_an_indonesian_excel_turned_into_numbers_are_refused(
    shop: Store, tmp_path: Path
) -> None:
    """A CSV re-saved through Excel in an Indonesian locale: `;` between cells, and long ids
    shown as numbers with a decimal comma (`5,76843E+17`). Their digits are gone: two
    returns would share one id. Refused, with how to export again; never stored."""
    lines = [
        tiktok_return("RID", "OID", "MDU-500", "Refund only", "21/11/2026 10:15", "98000",
                      "To process"),
        tiktok_return("RID", "OID", "MDU-250", "Refund only", "21/11/2026 11:40", "45000",
                      "To process"),
    ]  # fmt: skip
    text = "\n".join([TIKTOK_RETURNS_HEADER, *lines]).replace(",", ";") + "\n"
    path = tmp_path / "returns.csv"
    path.write_text(text.replace("RID", "5,76843E+17").replace("OID", "5,77123E+17"))
    with pytest.raises(ImportFailed) as failure:
        run(shop, path)
    found = {(e.line, e.column) for e in failure.value.errors}
    assert {(2, "request_id"), (2, "order_id"), (3, "request_id"), (3, "order_id")} <= found
    assert "5,76843E+17" in failure.value.errors[0].problem
    assert requests(shop) == {}


def test_tiktok_returns_xlsx_with_a_wrong_declared_size_and_date_cells(
    shop: Store, tmp_path: Path
) -> None:
    rows = [
        {"request_id": "4039281736452910001", "order_id": "576843219876543210", "sku": "MDU-500",
         "request_type": "return_refund", "created_at": datetime(2026, 11, 21, 10, 15),
         "amount": 98_000, "quantity": 1, "platform_status": "waiting_seller",
         "return_awb": "JX1", "buyer_name": "siti"},
        {"request_id": "4039281736452910001", "order_id": "576843219876543210", "sku": "MDU-250",
         "request_type": "return_refund", "created_at": datetime(2026, 11, 21, 10, 15),
         "amount": 45_000, "quantity": 1, "platform_status": "waiting_seller",
         "return_awb": "JX1", "buyer_name": "siti"},
    ]  # fmt: skip
    path = write_export(tmp_path / "returns.xlsx", "tiktok_returns", rows,
                        Quirks(wrong_dimension=True, time_cells=True, amounts="rupiah"))  # fmt: skip
    result = run(shop, path)
    assert (result.format_id, result.records) == ("tiktok_returns", 1)
    request = requests(shop)["4039281736452910001"]
    assert (request.amount, request.item_count) == (143_000, 2)
    assert request.created_at == datetime(2026, 11, 21, 3, 15, tzinfo=UTC)


@pytest.mark.parametrize("header_referenced", [False, True])
def test_tiktok_returns_xlsx_whose_cells_carry_no_reference(
    shop: Store, tmp_path: Path, header_referenced: bool
) -> None:
    """`r` on a cell is optional in OOXML: a writer may leave it out and write every cell in
    column order, or only on the header. Every row after the header must still be read, in
    its columns (the stream narrowed to the needed columns used to lose all rows after the
    first)."""
    lines = [
        tiktok_return(f"40392817364529100{n:02}", f"5768432198765432{n:02}", f"MDU-{n:03}",
                      "Return and refund", f"21/11/2026 10:{n:02}:00", str(1000 * n), "To process",
                      awb=f"JX{n}")
        for n in range(1, 6)
    ]  # fmt: skip
    rows = [TIKTOK_RETURNS_HEADER.split(",")] + [line.split(",") for line in lines]

    def cell(r: int, c: int, v: str) -> str:
        ref = f' r="{chr(65 + c)}{r}"' if header_referenced and r == 1 else ""  # A..Y
        return f'<c{ref} t="inlineStr"><is><t>{v}</t></is></c>' if v else f"<c{ref}/>"

    sheet = "".join(
        f'<row r="{r}">' + "".join(cell(r, c, v) for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    path = tmp_path / "returns.xlsx"
    book = Workbook()
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = re.sub(
        r"<sheetData\s*/>|<sheetData>.*</sheetData>", f"<sheetData>{sheet}</sheetData>", xml
    ).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    result = run(shop, path)
    assert (result.format_id, result.records) == ("tiktok_returns", 5)
    found = requests(shop)
    assert sorted(found) == [f"40392817364529100{n:02}" for n in range(1, 6)]
    last = found["4039281736452910005"]
    assert (last.sku, last.amount, last.return_awb) == ("MDU-005", 5000, "JX5")
    assert last.created_at == datetime(2026, 11, 21, 3, 5, tzinfo=UTC)


def test_tiktok_returns_xlsx_saved_in_the_1904_date_system(shop: Store, tmp_path: Path) -> None:
    """Excel for Mac may keep a workbook in the 1904 date system: its date cells count
    from 1904, and read from 1900 every request time would be 4 years and a day early
    (a request of this week shown as long overdue)."""
    book = Workbook()
    book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    sheet.append(TIKTOK_RETURNS_HEADER.split(","))
    row = tiktok_return("4039281736452910001", "576843219876543210", "MDU-500",
                        "Refund only", "", "98000", "To process").split(",")  # fmt: skip
    row[TIKTOK_RETURNS_HEADER.split(",").index("Time Requested")] = datetime(2026, 11, 21, 10, 15)
    sheet.append(row)
    sheet["M2"].number_format = "dd/mm/yyyy hh:mm:ss"
    path = tmp_path / "returns.xlsx"
    book.save(path)
    assert b'date1904="1"' in zipfile.ZipFile(path).read("xl/workbook.xml")
    run(shop, path)
    request = requests(shop)["4039281736452910001"]
    assert request.created_at == datetime(2026, 11, 21, 3, 15, tzinfo=UTC)  # 10:15 WIB


# --- TikTok Shop order export ------------------------------------------------------------------


def test_tiktok_orders_with_the_description_row_and_no_personal_data_kept(
    shop: Store, tmp_path: Path
) -> None:
    rows = list(__import__("core.export_files", fromlist=["sample_rows"]).sample_rows(
        "tiktok_orders", 40, datetime(2026, 11, 12, 20, 0)))  # fmt: skip
    path = write_export(tmp_path / "orders.csv", "tiktok_orders", rows,
                        Quirks(description_row=True, indonesian=True, amounts="dotted"))  # fmt: skip
    result = run(shop, path)
    assert (result.format_id, result.kind, result.inserted) == ("tiktok_orders", "orders", 40)
    with shop.read() as session:
        statuses = set(session.execute(select(Order.status)).scalars())
        delivered = session.execute(
            select(Order).where(Order.status == "delivered").limit(1)
        ).scalar_one()
    assert statuses <= {"unpaid", "to_ship", "in_transit", "delivered", "cancelled"}
    assert delivered.delivered_at is not None and delivered.awb and delivered.courier
    dump = "\n".join(shop.engine.raw_connection().iterdump())
    for secret in ("Penerima 1", "(+62)812", "Jl. Mawar"):  # recipient, phone, address
        assert secret not in dump


def test_tiktok_orders_xlsx_missing_optional_columns_and_drifted_headers(
    shop: Store, tmp_path: Path
) -> None:
    from core.export_files import sample_rows

    rows = list(sample_rows("tiktok_orders", 10, datetime(2026, 11, 12, 20, 0)))
    omit = frozenset({"Delivered Time", "Tracking ID", "Shipping Provider Name", "Quantity"})
    path = write_export(tmp_path / "orders.xlsx", "tiktok_orders", rows,
                        Quirks(omit=omit, drift=True))  # fmt: skip
    assert run(shop, path).inserted == 10


# --- Shopee ------------------------------------------------------------------------------------


SHOPEE_RETURNS = (
    "Laporan Pengembalian Barang/Dana;;;\n"
    "Periode: 01/11/2026 - 22/11/2026;;;\n"
    "No. Pengembalian;No. Pesanan;Tanggal Pesanan Dibuat;Kode Variasi;Variasi;"
    "Status  Pembatalan/Pengembalian;Tipe Pengembalian;Jumlah Produk Dikembalikan;"
    "Solusi Pengembalian Barang/Dana;Alasan Pengembalian;Total Pengembalian Dana;"
    "Waktu Pengembalian Dana Selesai;Status Pengembalian Barang;Pelepasan Dana;"
    "Ongkos Kirim Pengiriman;Ongkos Kirim Pengembalian;Jumlah Kompensasi\n"
    "2311220AB12RXY;231122ABCD1234;2026-11-18 09:00;KPC-M;Hitam,M;Permintaan Pengembalian;"
    "Barang;1;Pengembalian Barang dan Dana;Ukuran tidak sesuai;Rp89.000;;;;;;\n"
    "2311220AB13RXZ;231122ABCD1235;2026-11-18 09:30;MDU-500;;Pengembalian Selesai;Dana;1;"
    "Pengembalian Dana Saja;Barang rusak;45.000;2026-11-21 10:00;;;;;Rp5.000\n"
)


def test_shopee_returns_below_title_rows_with_semicolons_and_no_request_time(
    shop: Store, tmp_path: Path
) -> None:
    path = tmp_path / "shopee.csv"
    path.write_text(SHOPEE_RETURNS, encoding="utf-8-sig")
    result = run(shop, path)
    assert (result.format_id, result.inserted) == ("shopee_returns", 2)
    assert (result.arrived_closed, result.unknown_deadlines) == (1, 1)  # never invented
    found = requests(shop)
    open_one = found["2311220AB12RXY"]
    assert (open_one.marketplace, open_one.request_type, open_one.amount) == (
        "shopee",
        "return_refund",
        89_000,
    )
    assert open_one.created_at is None and open_one.respond_by is None
    assert found["2311220AB13RXZ"].compensation_amount == 5_000


def test_shopee_returns_and_orders_xlsx_in_indonesian(shop: Store, tmp_path: Path) -> None:
    from core.export_files import sample_rows

    returns = list(sample_rows("shopee_returns", 12, datetime(2026, 11, 12, 20, 0)))
    path = write_export(tmp_path / "r.xlsx", "shopee_returns", returns,
                        Quirks(title_rows=("Laporan",), indonesian=True))  # fmt: skip
    result = run(shop, path)
    assert (result.format_id, result.inserted, result.unknown_deadlines) == (
        "shopee_returns",
        12,
        0,
    )
    orders = list(sample_rows("shopee_orders", 12, datetime(2026, 11, 12, 20, 0)))
    path = write_export(tmp_path / "o.xlsx", "shopee_orders", orders, Quirks(indonesian=True))
    assert run(shop, path).format_id == "shopee_orders"
    dump = "\n".join(shop.engine.raw_connection().iterdump())
    assert "Jl. Melati" not in dump and "Penerima 1" not in dump


# --- what the importer says --------------------------------------------------------------------


def test_a_file_of_no_known_format_lists_the_headers_looked_for(
    shop: Store, tmp_path: Path
) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Nomor,Tanggal,Jumlah\n1,2026-11-21,5\n")
    with pytest.raises(ImportFailed) as failure:
        run(shop, path)
    message = str(failure.value)
    for key in ("Return Order ID", "No. Pengembalian", "Cancelation/Return Type", "--kind"):
        assert key in message


def test_a_dry_run_says_what_would_happen_and_writes_nothing(shop: Store, tmp_path: Path) -> None:
    path = tmp_path / "shopee.csv"
    path.write_text(SHOPEE_RETURNS)
    result = run(shop, path, dry_run=True)
    assert (result.dry_run, result.inserted, result.arrived_closed) == (True, 2, 1)
    assert requests(shop) == {}
    with shop.read() as session:
        assert "import" not in set(session.execute(select(AuditEvent.action)).scalars())


@pytest.mark.parametrize(
    ("column", "cell", "words"),
    [
        ("amount", "99999999999999999999", "Rp1.000.000.000"),
        ("amount", "-5000", "negatif"),
        ("created_at", "9999-01-01 10:00", "masa depan"),
        ("created_at", "0001-01-01 10:00", "2000"),
        ("created_at", "2026-11-25 10:00", "masa depan"),  # three days ahead
        ("quantity", "²", "bilangan bulat"),
        ("quantity", "٣", "bilangan bulat"),
        ("quantity", "10001", "10.000"),
        ("evidence_count", "1001", "1.000"),
        ("request_id", "5.76843E+17", "angka"),
        ("request_id", "576843201234567890.0", "angka"),  # a float written out by a script
        ("order_id", '"5,76843E+17"', "angka"),  # a spreadsheet in Indonesian: decimal comma
    ],
)
def test_values_a_shop_cannot_have_are_refused_line_by_line(
    shop: Store, tmp_path: Path, column: str, cell: str, words: str
) -> None:
    header = ["request_id", "order_id", "request_type", "created_at", "sku", "amount",
              "quantity", "evidence_count", "buyer_name"]  # fmt: skip
    good = ["R1", "O1", "resend", "2026-11-21 10:00", "S", "1000", "1", "0", "Siti"]
    bad = [*good]
    bad[0] = "R2"
    bad[header.index(column)] = cell
    path = tmp_path / "r.csv"
    path.write_text("\n".join(",".join(r) for r in (header, good, bad, good[:1] + ["x"] * 8)))
    with pytest.raises(ImportFailed) as failure:
        run(shop, path)
    errors = [e for e in failure.value.errors if e.line == 3]
    assert [e.column for e in errors] == [column]
    assert words.lower() in errors[0].problem.lower()
    assert any(e.line == 4 for e in failure.value.errors)  # the other bad rows reported too
    assert requests(shop) == {}


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
CELL = st.one_of(TEXT, st.integers(-10**21, 10**21).map(str), st.sampled_from([
    "", " ", "Rp1.234.567", "1.234,00", "31/02/2024 10:00", "2026-11-21 10:00", "²", "1e5",
    "NaN", "-0", "Hanya Pengembalian Dana", "exchange", "[/x]", "\x1b[2J",
]))  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(CELL, min_size=9, max_size=9), min_size=1, max_size=6))
def test_random_cells_never_raise_anything_but_the_importers_own_error(
    store: Store, tmp_path_factory: pytest.TempPathFactory, table: list[list[str]]
) -> None:
    import csv

    staff.ensure_first_supervisor(store, "dewi", NOW)
    path = tmp_path_factory.mktemp("fuzz") / "r.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["request_id", "order_id", "request_type", "created_at", "sku",
                         "amount", "quantity", "evidence_count", "buyer_name"])  # fmt: skip
        writer.writerows(table)
    try:
        run(store, path)
    except ImportFailed as failure:
        assert failure.errors and all(e.line >= 0 for e in failure.errors)
    with store.read() as session:
        assert audit.verify(session).intact


def test_a_nul_character_is_refused_with_its_line(shop: Store, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("request_id,order_id,request_type,created_at,sku,amount,buyer_name\n"
                    "R1,O1,resend,2026-11-21 10:00,S,1000,Siti\n"
                    "R2,O2,resend,2026-11-21 10:00,S,1000,a\x00b\n")  # fmt: skip
    with pytest.raises(ImportFailed, match=r"3.*NUL"):
        run(shop, path)
    assert requests(shop) == {}


def test_every_line_with_a_nul_character_is_named_by_its_own_line(
    shop: Store, tmp_path: Path
) -> None:
    path = tmp_path / "r.csv"
    names = {2: "a\x00b", 5: "\x00", 6: "x\x00"}
    rows = [f"R{n},O{n},resend,2026-11-21 10:00,S,1000,{names.get(n, 'Siti')}" for n in range(1, 9)]
    path.write_text("request_id,order_id,request_type,created_at,sku,amount,buyer_name\n"
                    + "\n".join(rows) + "\n")  # fmt: skip
    with pytest.raises(ImportFailed) as failure:
        run(shop, path)
    assert [(e.line, "NUL" in e.problem) for e in failure.value.errors] == [
        (3, True),
        (6, True),
        (7, True),
    ]
    assert requests(shop) == {}


def test_an_update_of_items_keeps_their_inspection(shop: Store, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    lines = [
        TIKTOK_RETURNS_HEADER,
        tiktok_return("4001", "5701", "MDU-500", "Return and refund", "21/11/2026 10:15:00",
                      "98000", "In process", "JX1"),
        tiktok_return("4001", "5701", "MDU-250", "Return and refund", "21/11/2026 10:15:00",
                      "45000", "In process", "JX1"),
    ]  # fmt: skip
    path.write_text("\n".join(lines) + "\n")
    run(shop, path)
    pk = requests(shop)["4001"].id
    with shop.write() as session:
        session.execute(text("UPDATE request_item SET condition = 'damaged' WHERE sku = 'MDU-250'"))
    path.write_text("\n".join(lines).replace("45000", "40000") + "\n")
    assert run(shop, path).updated == 1
    assert items(shop, pk or 0) == [("MDU-500", 1, 98_000), ("MDU-250", 1, 40_000)]
    with shop.read() as session:
        assert (
            session.execute(
                text("SELECT condition FROM request_item WHERE sku = 'MDU-250'")
            ).scalar_one()
            == "damaged"
        )
    assert requests(shop)["4001"].amount == 138_000


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="a second process needs fork")
def test_a_big_file_read_by_a_second_process_imports_the_same_and_reports_the_same(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core import reading

    rows = [tiktok_return(f"58{n:016d}", f"57{n:016d}", f"SKU-{n % 3}", "Return and refund",
                          "20/11/2026 10:00:00", "50000", "To process")
            for n in range(5_000)]  # fmt: skip
    good = tmp_path / "returns.csv"
    good.write_text("\n".join([TIKTOK_RETURNS_HEADER, *rows]))
    bad = tmp_path / "bad.csv"
    broken = [*rows]
    broken[10] = broken[10].replace("Return and refund", "Tukar tambah")
    broken[4_500] = broken[4_500].replace("20/11/2026", "31/02/2026")
    bad.write_text("\n".join([TIKTOK_RETURNS_HEADER, *broken]))
    staff.ensure_first_supervisor(store, "dewi", NOW)

    def problems() -> list[tuple[int, str]]:
        with pytest.raises(ImportFailed) as failure:
            run(store, bad)
        return [(e.line, e.column) for e in failure.value.errors]

    here = problems()
    monkeypatch.setattr(reading, "BIG_FILE", 0)  # every file now goes to a second process
    apart = problems()
    assert apart == here == [(12, "request_type"), (4_502, "created_at")]
    assert requests(store) == {}

    result = run(store, good)
    assert (result.inserted, result.rows) == (5_000, 5_000)
    assert len(requests(store)) == 5_000 and intact(store)
