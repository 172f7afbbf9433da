"""The export formats as data (core/marketplaces.py, shared/formats/marketplaces.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core import marketplaces as m
from core.export_files import drifted
from core.i18n import set_language
from core.marketplaces import (
    BY_ID,
    FORMATS,
    OrderStatus,
    ReturnOutcome,
    detect,
    order_status_of,
    request_type_of,
    return_outcome,
    return_status,
)
from core.tabular import normalise_header
from core.workflow import RequestType

SPEC = Path("/work/shared/formats/marketplaces.md")
MARKETPLACE_IDS = ("tiktok_returns", "tiktok_orders", "shopee_returns", "shopee_orders")
PURNA_HEADERS = {
    "purna_requests": "marketplace,request_id,order_id,request_type,created_at,sku,amount",
    "purna_orders": "order_id,sku,status,delivered_at",
    "purna_reviews": "order_id,sku,rating,comment,created_at",
}


def test_seven_formats_with_their_ids() -> None:
    assert [f.id for f in FORMATS] == [
        "tiktok_returns",
        "tiktok_orders",
        "shopee_returns",
        "shopee_orders",
        "purna_requests",
        "purna_orders",
        "purna_reviews",
    ]
    assert {f.kind for f in FORMATS} == {"requests", "orders", "reviews"}
    assert {BY_ID[i].marketplace for i in MARKETPLACE_IDS} == {"tiktok_shop", "shopee"}


@pytest.mark.parametrize("format_id", MARKETPLACE_IDS)
def test_verbatim_headers_as_the_spec_writes_them(format_id: str) -> None:
    """The header lists are the spec's text, comma-separated: compare word for word."""
    if not SPEC.exists():
        pytest.skip("the shared spec is not on this machine")
    fmt = BY_ID[format_id]
    spec = " ".join(SPEC.read_text(encoding="utf-8").split())
    assert ", ".join(fmt.headers) in spec
    assert set(fmt.key_headers) <= set(fmt.headers)
    assert set(fmt.personal) <= set(fmt.headers)


def test_header_counts() -> None:
    assert [len(BY_ID[i].headers) for i in MARKETPLACE_IDS] == [25, 65, 17, 37]


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.id)
def test_detect_every_format_from_its_full_header(fmt: m.Format) -> None:
    header = list(fmt.headers) or PURNA_HEADERS[fmt.id].split(",")
    assert detect(header) is fmt
    assert detect([normalise_header(h) for h in header]) is fmt
    assert detect([drifted(h, i) for i, h in enumerate(header)]) is fmt


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.id)
def test_detect_from_key_headers_alone(fmt: m.Format) -> None:
    assert detect(fmt.key_headers) is fmt


def test_detect_unknown_and_the_message_names_what_was_looked_for() -> None:
    set_language("en")
    assert detect(["a", "b", "c"]) is None
    assert detect([]) is None
    assert detect(["Order ID", "Order Status"]) is None  # TikTok orders need its second key
    looked = dict(m.looked_for())
    assert looked["TikTok Shop return/refund export"] == (
        "Return Order ID",
        "Return Logistics Tracking ID",
    )
    message = m.unplaced_message()
    for fmt in FORMATS:
        for key in fmt.key_headers:
            assert key in message
    assert "30" in message


def test_a_purna_file_with_marketplace_like_columns_stays_purna() -> None:
    # Purna's requests file holds order_id but not status: never TikTok/Shopee/orders.
    assert detect(PURNA_HEADERS["purna_requests"].split(",")).id == "purna_requests"


def test_return_exports_are_not_taken_for_order_exports() -> None:
    # Both hold the order number; only the order export holds its status column.
    assert detect(BY_ID["shopee_returns"].headers).id == "shopee_returns"
    assert detect(BY_ID["tiktok_returns"].headers).id == "tiktok_returns"


# --- fields ---------------------------------------------------------------------------


@pytest.mark.parametrize("format_id", MARKETPLACE_IDS)
def test_every_field_header_is_a_header_of_the_export(format_id: str) -> None:
    fmt = BY_ID[format_id]
    # Shopee's "less certain" columns, and the other names of its request time.
    known = set(fmt.headers) | set(m.SHOPEE_RETURNS_EXTRA)
    known |= {"Waktu Pengajuan", "Tanggal Pengembalian Diajukan"}
    for field in fmt.fields:
        assert set(field.headers) <= known, field.name
        assert not set(field.headers) & set(fmt.personal), field.name


@pytest.mark.parametrize("format_id", ["tiktok_returns", "shopee_returns"])
def test_request_exports_give_what_a_request_needs(format_id: str) -> None:
    names = {f.name for f in BY_ID[format_id].fields}
    assert {
        "request_id",
        "order_id",
        "request_type",
        "created_at",
        "buyer_comment" if format_id.startswith("tiktok") else "reason",
        "sku",
        "amount",
        "quantity",
        "return_awb",
        "platform_status",
        "platform_sub_status",
        "compensation_amount",
        "reason",
        "product_name",
    } <= names


@pytest.mark.parametrize("format_id", ["tiktok_orders", "shopee_orders"])
def test_order_exports_give_what_an_order_needs(format_id: str) -> None:
    names = {f.name for f in BY_ID[format_id].fields}
    assert {
        "order_id",
        "sku",
        "quantity",
        "status",
        "delivered_at",
        "courier",
        "awb",
        "created_at",
        "shipped_at",
        "amount",
    } <= names


def test_column_maps_follow_the_spec() -> None:
    tiktok = BY_ID["tiktok_returns"].column_map()
    assert tiktok["return_unit_price"] == "amount"
    assert tiktok["time_requested"] == "created_at"
    assert tiktok["buyer_username"] == "buyer_name"
    assert tiktok["buyer_note"] == "buyer_comment"
    assert tiktok["return_logistics_tracking_id"] == "return_awb"
    orders = BY_ID["tiktok_orders"].column_map()
    assert orders["delivered_time"] == "delivered_at"
    assert orders["shipping_provider_name"] == "courier"
    assert orders["tracking_id"] == "awb"
    shopee = BY_ID["shopee_returns"].column_map()
    assert shopee["total_pengembalian_dana"] == "amount"
    assert shopee["solusi_pengembalian_barang_dana"] == "request_type"
    for name in ("waktu_pengembalian_diajukan", "waktu_pengajuan", "tanggal_pengembalian_diajukan"):
        assert shopee[name] == "created_at"
    shopee_orders = BY_ID["shopee_orders"].column_map()
    assert shopee_orders["waktu_pesanan_selesai"] == "delivered_at"
    assert shopee_orders["opsi_pengiriman"] == "courier"
    assert shopee_orders["no_resi"] == "awb"


def test_seller_sku_first_then_sku_id() -> None:
    fmt = BY_ID["tiktok_returns"]
    header = list(fmt.headers)
    located = fmt.locate(header)
    assert located["sku"] == (header.index("Seller SKU"), header.index("SKU ID"))
    cells: list[object] = [None] * len(header)
    cells[header.index("SKU ID")] = "1729384756"
    assert m.first_value(cells, located["sku"]) == "1729384756"
    cells[header.index("Seller SKU")] = "MDU-500"
    assert m.first_value(cells, located["sku"]) == "MDU-500"
    cells[header.index("Seller SKU")] = "  "
    assert m.first_value(cells, located["sku"]) == "1729384756"


def test_missing_optional_columns_are_fine_missing_required_are_named() -> None:
    fmt = BY_ID["tiktok_returns"]
    optional = {
        "Return Quantity",
        "Return Sub Status",
        "Refund Time",
        "Compensation Status",
        "Compensation Amount",
    }
    header = [h for h in fmt.headers if h not in optional]
    assert fmt.missing_required(header) == []
    assert detect(header) is fmt
    assert [f.name for f in fmt.missing_required([h for h in header if h != "Time Requested"])] == [
        "created_at"
    ]
    # Seller SKU is enough without SKU ID and the other way round.
    assert fmt.missing_required([h for h in header if h != "SKU ID"]) == []
    assert fmt.missing_required([h for h in header if h != "Seller SKU"]) == []


def test_shopee_request_time_is_optional_but_read_when_present() -> None:
    fmt = BY_ID["shopee_returns"]
    assert fmt.missing_required(fmt.headers) == []
    assert fmt.field("created_at").required is False
    assert fmt.locate([*fmt.headers, "Waktu Pengajuan"])["created_at"] == (len(fmt.headers),)


def test_times_are_local_without_offset() -> None:
    assert BY_ID["tiktok_returns"].time_format == "%d/%m/%Y %H:%M:%S"
    assert BY_ID["shopee_orders"].time_format == "%Y-%m-%d %H:%M"


def test_personal_columns_are_listed() -> None:
    tiktok = set(BY_ID["tiktok_orders"].personal)
    assert {
        "Recipient",
        "Phone #",
        "Zipcode",
        "Province",
        "Regency and City",
        "Districts",
        "Villages",
        "Detail Address",
        "Additional address information",
    } <= tiktok
    assert set(BY_ID["shopee_orders"].personal) == {
        "Nama Penerima",
        "No. Telepon",
        "Alamat Pengiriman",
        "Kota/Kabupaten",
        "Provinsi",
    }
    assert {"phone", "recipient", "no_telepon", "kota_kabupaten"} <= m.PERSONAL_HEADERS
    assert "buyer_username" not in m.PERSONAL_HEADERS  # stored, shown masked


def test_titles_are_catalog_messages() -> None:
    source = Path(m.__file__).read_text(encoding="utf-8")
    for fmt in FORMATS:
        assert re.search(r'title=N_\("' + re.escape(fmt.title) + r'"\)', source)


# --- value tables -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Refund only", RequestType.REFUND_ONLY),
        ("  REFUND   ONLY ", RequestType.REFUND_ONLY),
        ("Return and refund", RequestType.RETURN_REFUND),
        ("RETURN_AND_REFUND", RequestType.RETURN_REFUND),
        ("REPLACEMENT", RequestType.RESEND),
        ("Pengembalian Barang dan Dana", RequestType.RETURN_REFUND),
        ("Pengembalian Dana Saja", RequestType.REFUND_ONLY),
        ("Hanya Pengembalian Dana", RequestType.REFUND_ONLY),
        ("Pengembalian Barang & Dana", RequestType.RETURN_REFUND),
        ("Pengiriman Ulang", RequestType.RESEND),
        ("Penukaran", RequestType.EXCHANGE),
        ("exchange", RequestType.EXCHANGE),
        ("refund_only", RequestType.REFUND_ONLY),
        ("Tukar tambah", None),
        ("refund", None),  # refund only, or return and refund? never guessed
        ("", None),
        (None, None),
    ],
)
def test_request_types(value: object, expected: RequestType | None) -> None:
    assert request_type_of(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("To process", ReturnOutcome.WAITING_SELLER),
        ("Menunggu Respon Penjual", ReturnOutcome.WAITING_SELLER),
        ("Permintaan Pengembalian", ReturnOutcome.WAITING_SELLER),
        ("In process", ReturnOutcome.IN_PROGRESS),
        ("dalam  proses", ReturnOutcome.IN_PROGRESS),
        ("Completed", ReturnOutcome.COMPLETED),
        ("Pengembalian Selesai", ReturnOutcome.COMPLETED),
        ("Selesai", ReturnOutcome.COMPLETED),
        ("Canceled", ReturnOutcome.CANCELLED),
        ("Cancelled", ReturnOutcome.CANCELLED),
        ("DIBATALKAN", ReturnOutcome.CANCELLED),
        ("Refund rejected", ReturnOutcome.REJECTED),
        ("Ditolak", ReturnOutcome.REJECTED),
        ("Sedang ditinjau", None),
        ("", None),
    ],
)
def test_return_outcomes(value: str, expected: ReturnOutcome | None) -> None:
    assert return_outcome(value) is expected


def test_open_outcomes_and_the_sub_status() -> None:
    assert {o for o in ReturnOutcome if o.is_open} == {
        ReturnOutcome.WAITING_SELLER,
        ReturnOutcome.IN_PROGRESS,
    }
    found = return_status("In process", "  Awaiting buyer  shipment ")
    assert found == m.ReturnStatus(ReturnOutcome.IN_PROGRESS, "Awaiting buyer shipment")
    assert return_status("Completed", "Refunded") == m.ReturnStatus(ReturnOutcome.COMPLETED, None)
    assert return_status("To process", "") == m.ReturnStatus(ReturnOutcome.WAITING_SELLER, None)
    assert return_status("Menunggu", "x") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Unpaid", OrderStatus.UNPAID),
        ("Belum dibayar", OrderStatus.UNPAID),
        ("To ship", OrderStatus.TO_SHIP),
        ("Perlu Dikirim", OrderStatus.TO_SHIP),
        ("Shipped", OrderStatus.IN_TRANSIT),
        ("Dikirim", OrderStatus.IN_TRANSIT),
        ("Delivered", OrderStatus.DELIVERED),
        ("Completed", OrderStatus.DELIVERED),
        ("Selesai", OrderStatus.DELIVERED),
        ("Cancelled", OrderStatus.CANCELLED),
        ("Canceled", OrderStatus.CANCELLED),
        ("Dibatalkan", OrderStatus.CANCELLED),
        ("in_transit", OrderStatus.IN_TRANSIT),
        ("Dalam Pengiriman", OrderStatus.IN_TRANSIT),
        ("On hold", None),
        ("Pengembalian", None),
    ],
)
def test_order_statuses(value: str, expected: OrderStatus | None) -> None:
    assert order_status_of(value) is expected


def test_an_unknown_value_is_an_error_that_names_it() -> None:
    fmt = BY_ID["shopee_returns"]
    status = fmt.field("platform_status")
    assert m.translate(status, "Dibatalkan") is ReturnOutcome.CANCELLED
    with pytest.raises(m.UnknownValue) as failure:
        m.translate(status, "Sedang Banding")
    assert failure.value.value == "Sedang Banding"
    assert "Sedang Banding" in str(failure.value)
    assert m.translate(fmt.field("reason"), "apa saja") == "apa saja"  # not a table field


def test_every_table_word_is_already_a_key() -> None:
    for table in (m.REQUEST_TYPES, m.RETURN_OUTCOMES, m.ORDER_STATUSES):
        assert all(m.value_key(k) == k for k in table)
