"""The export formats Purna reads, as data: four Seller Center exports and Purna's own three.

Source: `shared/formats/marketplaces.md` (verbatim headers, key headers, quirks and
status values of the TikTok Shop by Tokopedia and Shopee Indonesia exports, collected
from open-source tools that parse real files) and `shared/formats/README.md` (Purna's
own format). Each table below names the section of marketplaces.md it comes from.

A format is recognised from its headers, never from the file's name: `detect()` takes
a header row and returns the `Format` whose key headers it holds. A format maps its
(normalised) headers to Purna's canonical field names; several headers for one field
are fallbacks in order (TikTok `Seller SKU`, else `SKU ID`). Value tables turn the
platform's words (English or Indonesian, any case or spacing) into Purna's request
types, return outcomes and order statuses; an unknown value gives None, never a guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from core.i18n import N_, _
from core.tabular import HEADER_SEARCH_ROWS, normalise_header
from core.workflow import MARKETPLACE_LABELS, RequestType

# --- the shape of a format ------------------------------------------------------------------

# What kind of value a field holds, so a reader knows how to check it.
ID = "id"  # text only: an id stored as a number cell has already lost digits
TEXT = "text"
TIME = "time"  # local shop time without offset
MONEY = "money"  # integer rupiah: 89000, 89.000, Rp89.000 or a number cell
COUNT = "count"  # a whole number
REQUEST_TYPE = "request_type"  # see request_type_of()
RETURN_STATUS = "return_status"  # see return_outcome()
ORDER_STATUS = "order_status"  # see order_status_of()
MARKETPLACE = "marketplace"  # Purna's own files: tiktok_shop, tokopedia, shopee


@dataclass(frozen=True)
class Field:
    """One canonical field and the headers that may carry it, in order of preference."""

    name: str
    headers: tuple[str, ...]  # verbatim, as the export writes them
    required: bool = False  # the file is refused when none of `headers` is present
    value: str = TEXT

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(normalise_header(h) for h in self.headers)


@dataclass(frozen=True)
class Format:
    id: str
    title: str  # English, marked with N_(): show with _(fmt.title)
    kind: str  # "requests", "orders" or "reviews"
    marketplace: str | None  # None: Purna's own file names it per row
    key_headers: tuple[str, ...]  # verbatim; all present = this format
    headers: tuple[str, ...]  # verbatim full header list in export order (empty for Purna's)
    fields: tuple[Field, ...]
    personal: tuple[str, ...] = ()  # verbatim headers never read or stored
    id_headers: tuple[str, ...] = ()  # platform ids: never contain spaces (description-row rule)
    time_format: str | None = None  # strftime pattern of its times (local, no offset)
    source: str = ""  # the section of marketplaces.md

    @property
    def keys(self) -> tuple[str, ...]:
        """The key headers, normalised."""
        return tuple(normalise_header(h) for h in self.key_headers)

    def column_map(self) -> dict[str, str]:
        """Normalised header -> canonical field name."""
        return {key: f.name for f in self.fields for key in f.keys}

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def locate(self, header: Sequence[str]) -> dict[str, tuple[int, ...]]:
        """Canonical field -> the positions in `header` (normalised) that carry it, preferred
        first. Fields with none of their headers present are left out."""
        index: dict[str, int] = {}
        for position, name in enumerate(header):
            index.setdefault(normalise_header(name), position)
        located = {}
        for f in self.fields:
            positions = tuple(index[k] for k in f.keys if k in index)
            if positions:
                located[f.name] = positions
        return located

    def missing_required(self, header: Sequence[str]) -> list[Field]:
        present = {normalise_header(h) for h in header}
        return [f for f in self.fields if f.required and not present.intersection(f.keys)]


def first_value(cells: Sequence[object], positions: Sequence[int]) -> object:
    """The first non-empty cell among `positions` (a field's fallback columns), else None."""
    for position in positions:
        if position < len(cells):
            cell = cells[position]
            if cell is not None and not (isinstance(cell, str) and not cell.strip()):
                return cell
    return None


def _headers(text: str) -> tuple[str, ...]:
    """A header list as marketplaces.md writes it: comma-separated, wrapped anywhere."""
    return tuple(" ".join(name.split()) for name in text.split(","))


# --- TikTok Shop by Tokopedia: return/refund export (marketplaces.md, same title) ------------

TIKTOK_TIME = "%d/%m/%Y %H:%M:%S"  # marketplaces.md "Quirks": local shop time, day first
SHOPEE_TIME = "%Y-%m-%d %H:%M"

TIKTOK_RETURNS = Format(
    id="tiktok_returns",
    title=N_("TikTok Shop return/refund export"),
    kind="requests",
    marketplace="tiktok_shop",
    key_headers=("Return Order ID", "Return Logistics Tracking ID"),
    headers=_headers(
        """
        Return Order ID, Order ID, Order Amount, Order Status, Order Substatus, Payment
        Method, SKU ID, Seller SKU, Product Name, SKU Name, Buyer Username, Return Type,
        Time Requested, Return Reason, Return unit price, Return Quantity, Return Logistics
        Tracking ID, Return Status, Return Sub Status, Refund Time, Dispute Status, Appeal
        Status, Compensation Status, Compensation Amount, Buyer Note
        """
    ),
    fields=(
        # One row per returned SKU: rows sharing a Return Order ID are one request.
        Field("request_id", ("Return Order ID",), True, ID),
        Field("order_id", ("Order ID",), True, ID),
        Field("request_type", ("Return Type",), True, REQUEST_TYPE),
        Field("created_at", ("Time Requested",), True, TIME),  # starts the 48 h clock
        Field("buyer_name", ("Buyer Username",)),
        Field("buyer_comment", ("Buyer Note",)),
        Field("reason", ("Return Reason",)),
        Field("sku", ("Seller SKU", "SKU ID"), True),
        Field("product_name", ("Product Name",)),
        Field("variation", ("SKU Name",)),
        Field("quantity", ("Return Quantity",), value=COUNT),
        # The refund amount of this row, not a unit price to multiply by the quantity.
        Field("amount", ("Return unit price",), True, MONEY),
        Field("return_awb", ("Return Logistics Tracking ID",)),
        Field("platform_status", ("Return Status",), value=RETURN_STATUS),
        Field("platform_sub_status", ("Return Sub Status",)),
        Field("refunded_at", ("Refund Time",), value=TIME),
        Field("dispute_status", ("Dispute Status",)),
        Field("appeal_status", ("Appeal Status",)),
        Field("compensation_status", ("Compensation Status",)),
        Field("compensation_amount", ("Compensation Amount",), value=MONEY),
        Field("order_amount", ("Order Amount",), value=MONEY),
        Field("order_status", ("Order Status",), value=ORDER_STATUS),
        Field("order_sub_status", ("Order Substatus",)),
    ),
    id_headers=("Return Order ID", "Order ID"),
    time_format=TIKTOK_TIME,
    source="marketplaces.md, TikTok Shop by Tokopedia: return/refund export",
)

# --- TikTok Shop by Tokopedia: order export --------------------------------------------------

TIKTOK_ORDERS = Format(
    id="tiktok_orders",
    title=N_("TikTok Shop order export"),
    kind="orders",
    marketplace="tiktok_shop",  # Tokopedia orders too: see `tokopedia_invoice`
    key_headers=("Order ID", "Cancelation/Return Type"),
    headers=_headers(
        """
        Order ID, Order Status, Order Substatus, Cancelation/Return Type, Normal or
        Pre-order, SKU ID, Seller SKU, Product Name, Variation, Quantity, Sku Quantity of
        return, SKU Unit Original Price, SKU Subtotal Before Discount, SKU Platform
        Discount, SKU Seller Discount, SKU Subtotal After Discount, Shipping Fee After
        Discount, Original Shipping Fee, Shipping Fee Seller Discount, Shipping Fee Platform
        Discount, Distance Shipping Fee, Distance Fee, Order Refund Amount, Payment platform
        discount, Buyer Service Fee, Handling Fee, Shipping Insurance, Item Insurance, Order
        Amount, Created Time, Paid Time, RTS Time, Shipped Time, Delivered Time, Cancelled
        Time, Cancel By, Cancel Reason, Fulfillment Type, Warehouse Name, Tracking ID,
        Delivery Option, Shipping Provider Name, Buyer Message, Buyer Username, Recipient,
        Phone #, Zipcode, Country, Province, Regency and City, Districts, Villages, Detail
        Address, Additional address information, Payment Method, Weight(kg), Product
        Category, Package ID, Purchase Channel, Seller Note, Checked Status, Checked Marked
        by, Tokopedia Invoice Number, Order Channel, Creator Handle
        """
    ),
    fields=(
        Field("order_id", ("Order ID",), True, ID),  # one row per SKU of an order
        Field("sku", ("Seller SKU", "SKU ID"), True),
        Field("status", ("Order Status",), True, ORDER_STATUS),
        Field("sub_status", ("Order Substatus",)),
        Field("cancel_return_type", ("Cancelation/Return Type",)),
        Field("product_name", ("Product Name",)),
        Field("variation", ("Variation",)),
        Field("quantity", ("Quantity",), value=COUNT),
        Field("returned_quantity", ("Sku Quantity of return",), value=COUNT),
        Field("amount", ("Order Amount",), value=MONEY),
        Field("sku_amount", ("SKU Subtotal After Discount",), value=MONEY),
        Field("refund_amount", ("Order Refund Amount",), value=MONEY),
        Field("created_at", ("Created Time",), value=TIME),
        Field("paid_at", ("Paid Time",), value=TIME),
        Field("shipped_at", ("Shipped Time",), value=TIME),
        Field("delivered_at", ("Delivered Time",), value=TIME),  # the metrics' delivery date
        Field("cancelled_at", ("Cancelled Time",), value=TIME),
        Field("cancel_reason", ("Cancel Reason",)),
        Field("awb", ("Tracking ID",)),
        Field("courier", ("Shipping Provider Name",)),
        Field("buyer_name", ("Buyer Username",)),
        Field("buyer_comment", ("Buyer Message",)),
        Field("package_id", ("Package ID",), value=ID),
        Field("tokopedia_invoice", ("Tokopedia Invoice Number",)),
    ),
    personal=_headers(
        # "Recipient, Phone # and the address columns are personal data" (marketplaces.md).
        """
        Recipient, Phone #, Zipcode, Country, Province, Regency and City, Districts,
        Villages, Detail Address, Additional address information
        """
    ),
    id_headers=("Order ID",),
    time_format=TIKTOK_TIME,
    source="marketplaces.md, TikTok Shop by Tokopedia: order export",
)

# --- Shopee Seller Centre (Indonesia): return/refund export ---------------------------------

SHOPEE_RETURNS = Format(
    id="shopee_returns",
    title=N_("Shopee return/refund export"),
    kind="requests",
    marketplace="shopee",
    key_headers=("No. Pengembalian", "No. Pesanan", "Solusi Pengembalian Barang/Dana"),
    headers=_headers(
        """
        No. Pengembalian, No. Pesanan, Tanggal Pesanan Dibuat, Kode Variasi, Variasi, Status
        Pembatalan/ Pengembalian, Tipe Pengembalian, Jumlah Produk Dikembalikan, Solusi
        Pengembalian Barang/Dana, Alasan Pengembalian, Total Pengembalian Dana, Waktu
        Pengembalian Dana Selesai, Status Pengembalian Barang, Pelepasan Dana, Ongkos Kirim
        Pengiriman, Ongkos Kirim Pengembalian, Jumlah Kompensasi
        """
    ),
    fields=(
        Field("request_id", ("No. Pengembalian",), True, ID),
        Field("order_id", ("No. Pesanan",), True, ID),
        Field("request_type", ("Solusi Pengembalian Barang/Dana",), True, REQUEST_TYPE),
        # "Less certain" columns (accepted when present). Without a request time the file
        # still imports, but Purna cannot know those deadlines and must say so.
        Field(
            "created_at",
            ("Waktu Pengembalian Diajukan", "Waktu Pengajuan", "Tanggal Pengembalian Diajukan"),
            value=TIME,
        ),
        Field("sku", ("Nomor Referensi SKU", "Kode Variasi"), True),
        Field("product_name", ("Nama Produk",)),
        Field("variation", ("Variasi",)),
        Field("quantity", ("Jumlah Produk Dikembalikan",), value=COUNT),
        Field("reason", ("Alasan Pengembalian",)),
        Field("amount", ("Total Pengembalian Dana",), True, MONEY),
        Field("return_awb", ("No. Resi Pengembalian",)),
        Field("platform_status", ("Status Pembatalan/ Pengembalian",), value=RETURN_STATUS),
        # The state of the goods' return: the nearest to TikTok's `Return Sub Status`.
        Field("platform_sub_status", ("Status Pengembalian Barang",)),
        Field("platform_return_type", ("Tipe Pengembalian",)),
        Field("refunded_at", ("Waktu Pengembalian Dana Selesai",), value=TIME),
        Field("order_created_at", ("Tanggal Pesanan Dibuat",), value=TIME),
        Field("fund_release", ("Pelepasan Dana",)),
        Field("shipping_fee", ("Ongkos Kirim Pengiriman",), value=MONEY),
        Field("return_shipping_fee", ("Ongkos Kirim Pengembalian",), value=MONEY),
        Field("compensation_amount", ("Jumlah Kompensasi",), value=MONEY),
    ),
    id_headers=("No. Pengembalian", "No. Pesanan"),
    time_format=SHOPEE_TIME,
    source="marketplaces.md, Shopee Seller Centre (Indonesia): return/refund export",
)

# The less certain Shopee return columns, written only when asked (see export_files).
SHOPEE_RETURNS_EXTRA = (
    "Waktu Pengembalian Diajukan",
    "Nomor Referensi SKU",
    "Nama Produk",
    "No. Resi Pengembalian",
)

# --- Shopee Seller Centre (Indonesia): order export ------------------------------------------

SHOPEE_ORDERS = Format(
    id="shopee_orders",
    title=N_("Shopee order export"),
    kind="orders",
    marketplace="shopee",
    # marketplaces.md names no key headers here: the order number and the order status
    # are the two no other format holds together (the return export has no Status Pesanan).
    key_headers=("No. Pesanan", "Status Pesanan"),
    headers=_headers(
        """
        No. Pesanan, Status Pesanan, Status Pembatalan/ Pengembalian, No. Resi, Opsi
        Pengiriman, Antar ke counter/ pick-up, Alasan Pembatalan, SKU Induk, Nomor Referensi
        SKU, Nama Produk, Nama Variasi, Harga Awal, Harga Setelah Diskon, Jumlah, Subtotal
        Pesanan, Total Diskon, Diskon Dari Penjual, Diskon Dari Platform, Ongkos Kirim
        Dibayar oleh Pembeli, Estimasi Potongan Biaya Pengiriman, Ongkos Kirim Pengembalian
        Barang, Perkiraan Ongkos Kirim, Total Pembayaran, Metode Pembayaran, Waktu Pesanan
        Dibuat, Waktu Pembayaran Dilakukan, Waktu Pengiriman Diatur, Waktu Pesanan Selesai,
        Pesanan Harus Dikirimkan Sebelum, Catatan dari Pembeli, Catatan, Username (Pembeli),
        Nama Penerima, No. Telepon, Alamat Pengiriman, Kota/Kabupaten, Provinsi
        """
    ),
    fields=(
        Field("order_id", ("No. Pesanan",), True, ID),
        Field("sku", ("Nomor Referensi SKU", "SKU Induk"), True),
        Field("status", ("Status Pesanan",), True, ORDER_STATUS),
        Field("cancel_return_status", ("Status Pembatalan/ Pengembalian",)),
        Field("cancel_reason", ("Alasan Pembatalan",)),
        Field("product_name", ("Nama Produk",)),
        Field("variation", ("Nama Variasi",)),
        Field("quantity", ("Jumlah",), value=COUNT),
        Field("unit_price", ("Harga Setelah Diskon",), value=MONEY),
        Field("amount", ("Total Pembayaran",), value=MONEY),
        Field("created_at", ("Waktu Pesanan Dibuat",), value=TIME),
        Field("paid_at", ("Waktu Pembayaran Dilakukan",), value=TIME),
        Field("shipped_at", ("Waktu Pengiriman Diatur",), value=TIME),
        Field("delivered_at", ("Waktu Pesanan Selesai",), value=TIME),  # completion time
        Field("ship_by", ("Pesanan Harus Dikirimkan Sebelum",), value=TIME),
        Field("awb", ("No. Resi",)),
        Field("courier", ("Opsi Pengiriman",)),
        Field("buyer_name", ("Username (Pembeli)",)),
        Field("buyer_comment", ("Catatan dari Pembeli",)),
    ),
    personal=_headers("Nama Penerima, No. Telepon, Alamat Pengiriman, Kota/Kabupaten, Provinsi"),
    id_headers=("No. Pesanan",),
    time_format=SHOPEE_TIME,
    source="marketplaces.md, Shopee Seller Centre (Indonesia): order export",
)

# --- Purna's own formats (shared/formats/README.md); key headers as core.importer had them ---


def _own(name: str, required: bool = False, value: str = TEXT) -> Field:
    return Field(name, (name,), required, value)


PURNA_REQUESTS = Format(
    id="purna_requests",
    title=N_("Purna requests file"),
    kind="requests",
    marketplace=None,
    key_headers=("request_id", "request_type"),
    headers=(),
    fields=(
        _own("marketplace", value=MARKETPLACE),
        _own("request_id", True, ID),
        _own("order_id", True, ID),
        _own("request_type", True, REQUEST_TYPE),
        _own("created_at", True, TIME),
        _own("buyer_name"),
        _own("buyer_comment"),
        _own("reason"),
        _own("sku", True),
        _own("product_name"),
        _own("quantity", value=COUNT),
        _own("amount", True, MONEY),
        _own("evidence_count", value=COUNT),
        _own("return_awb"),
    ),
    source="README.md, requests",
)

PURNA_ORDERS = Format(
    id="purna_orders",
    title=N_("Purna orders file"),
    kind="orders",
    marketplace=None,
    key_headers=("order_id", "status"),
    headers=(),
    fields=(
        _own("marketplace", value=MARKETPLACE),
        _own("order_id", True, ID),
        _own("sku", True),
        _own("status", True, ORDER_STATUS),
        _own("delivered_at", value=TIME),
        _own("courier"),
        _own("awb"),
        _own("last_logistics_update_at", value=TIME),
        _own("logistics_status"),
    ),
    source="README.md, orders",
)

PURNA_REVIEWS = Format(
    id="purna_reviews",
    title=N_("Purna reviews file"),
    kind="reviews",
    marketplace=None,
    key_headers=("rating",),
    headers=(),
    fields=(
        _own("marketplace", value=MARKETPLACE),
        _own("order_id", True, ID),
        _own("sku", True),
        _own("rating", True, COUNT),
        _own("comment"),
        _own("created_at", True, TIME),
    ),
    source="README.md, reviews",
)

# Detection order: the marketplace exports first (more key headers), Purna's own last.
FORMATS: tuple[Format, ...] = (
    TIKTOK_RETURNS,
    TIKTOK_ORDERS,
    SHOPEE_RETURNS,
    SHOPEE_ORDERS,
    PURNA_REQUESTS,
    PURNA_ORDERS,
    PURNA_REVIEWS,
)
BY_ID: dict[str, Format] = {f.id: f for f in FORMATS}

# Every personal column of every format, normalised: the reader blanks these cells so
# they never reach the importer (marketplaces.md: "must not store them").
PERSONAL_HEADERS: frozenset[str] = frozenset(
    normalise_header(h) for f in FORMATS for h in f.personal
)


def detect(header: Iterable[object], formats: Iterable[Format] = FORMATS) -> Format | None:
    """The format whose key headers are all in `header` (verbatim or normalised).

    When several match, the one with the most key headers wins, then the earlier one.
    """
    present = {normalise_header(h) for h in header}
    best: Format | None = None
    for candidate in formats:
        keys = candidate.keys
        if set(keys) <= present and (best is None or len(keys) > len(best.keys)):
            best = candidate
    return best


def looked_for(formats: Iterable[Format] = FORMATS) -> list[tuple[str, tuple[str, ...]]]:
    """(translated title, verbatim key headers) of each format, for a file Purna cannot place."""
    return [(_(f.title), f.key_headers) for f in formats]


def unplaced_message(formats: Iterable[Format] = FORMATS) -> str:
    """In words for a clerk: which headers Purna looked for and found in none of the rows."""
    wanted = "; ".join(f"{title} ({', '.join(keys)})" for title, keys in looked_for(formats))
    return _(
        "no known export header found in the first {rows} rows; Purna looks for: {wanted}"
    ).format(rows=HEADER_SEARCH_ROWS, wanted=wanted)


# --- value tables ------------------------------------------------------------------------


def value_key(value: object) -> str:
    """`  Return  and Refund ` / `RETURN_AND_REFUND` -> `return and refund`."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value)).casefold()
    return " ".join(text.replace("_", " ").split())


# Return/refund types -> Purna request types. TikTok: marketplaces.md "Return Type values"
# and its API's `return_type`; Shopee: "Solusi Pengembalian Barang/Dana"; plus Purna's own
# values and the Indonesian labels of core.workflow (DOMAIN.md §1).
REQUEST_TYPES: dict[str, RequestType] = {
    "refund only": RequestType.REFUND_ONLY,
    "return and refund": RequestType.RETURN_REFUND,
    "return & refund": RequestType.RETURN_REFUND,
    # A bare "Refund" (the API's REFUND) is left out: in a hand-made file it could mean
    # either refund type, and Purna does not guess.
    "replacement": RequestType.RESEND,  # API REPLACEMENT: Purna's resend
    "replacment": RequestType.RESEND,  # older API copies spell it so
    "pengembalian barang dan dana": RequestType.RETURN_REFUND,
    "pengembalian dana saja": RequestType.REFUND_ONLY,
    **{value_key(label): kind for label, kind in MARKETPLACE_LABELS.items()},
    **{value_key(kind.value): kind for kind in RequestType},
}


def request_type_of(value: object) -> RequestType | None:
    """The Purna request type for a platform's return type value, or None when unknown."""
    return REQUEST_TYPES.get(value_key(value))


class ReturnOutcome(StrEnum):
    """Where the platform says a return/refund request stands."""

    WAITING_SELLER = "waiting_seller"  # the seller must respond (the 48 h clock runs)
    IN_PROGRESS = "in_progress"  # the seller acted; the buyer ships or the parcel returns
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    REJECTED = "rejected"  # closed, but the buyer may appeal: it can come back

    @property
    def is_open(self) -> bool:
        return self in (ReturnOutcome.WAITING_SELLER, ReturnOutcome.IN_PROGRESS)


# TikTok `Return Status` (marketplaces.md: "Return Status values seen") and Shopee
# `Status Pembatalan/ Pengembalian` ("Seen or expected"), English and Indonesian.
RETURN_OUTCOMES: dict[str, ReturnOutcome] = {
    "to process": ReturnOutcome.WAITING_SELLER,
    "menunggu respon penjual": ReturnOutcome.WAITING_SELLER,
    "permintaan pengembalian": ReturnOutcome.WAITING_SELLER,
    "in process": ReturnOutcome.IN_PROGRESS,
    "dalam proses": ReturnOutcome.IN_PROGRESS,
    "completed": ReturnOutcome.COMPLETED,
    "selesai": ReturnOutcome.COMPLETED,
    "pengembalian selesai": ReturnOutcome.COMPLETED,
    "canceled": ReturnOutcome.CANCELLED,
    "cancelled": ReturnOutcome.CANCELLED,
    "dibatalkan": ReturnOutcome.CANCELLED,
    "refund rejected": ReturnOutcome.REJECTED,
    "rejected": ReturnOutcome.REJECTED,
    "ditolak": ReturnOutcome.REJECTED,
}


def return_outcome(value: object) -> ReturnOutcome | None:
    """The outcome for a platform return status value, or None when unknown (report it)."""
    return RETURN_OUTCOMES.get(value_key(value))


@dataclass(frozen=True)
class ReturnStatus:
    outcome: ReturnOutcome
    sub_status: str | None  # verbatim: which step of "In process" (TikTok Return Sub Status)


def return_status(status: object, sub_status: object = None) -> ReturnStatus | None:
    """The outcome with the platform's sub-status kept beside it, or None when unknown.

    The sub-status only refines an open request (who holds the parcel); its values are
    not documented, so it is kept verbatim for the screen, never interpreted.
    """
    outcome = return_outcome(status)
    if outcome is None:
        return None
    detail = " ".join(str(sub_status).split()) if sub_status not in (None, "") else None
    return ReturnStatus(outcome, detail if outcome.is_open else None)


class OrderStatus(StrEnum):
    UNPAID = "unpaid"
    TO_SHIP = "to_ship"
    IN_TRANSIT = "in_transit"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


ORDER_STATUS_TITLES: dict[str, str] = {
    OrderStatus.UNPAID: N_("unpaid"),
    OrderStatus.TO_SHIP: N_("to ship"),
    OrderStatus.IN_TRANSIT: N_("in transit"),
    OrderStatus.DELIVERED: N_("delivered"),
    OrderStatus.CANCELLED: N_("cancelled"),
}


def order_status_title(status: str) -> str:
    """Purna's order status in words (a catalog message; an old store's own word as it is)."""
    return ORDER_STATUS_TITLES.get(status, status)


# TikTok `Order Status` (marketplaces.md, order export) and Shopee `Status Pesanan`
# (its Seller Centre tabs), plus the words Purna's own order files use (README.md).
ORDER_STATUSES: dict[str, OrderStatus] = {
    "unpaid": OrderStatus.UNPAID,
    "belum dibayar": OrderStatus.UNPAID,
    "belum bayar": OrderStatus.UNPAID,
    "to ship": OrderStatus.TO_SHIP,
    "awaiting shipment": OrderStatus.TO_SHIP,
    "awaiting collection": OrderStatus.TO_SHIP,
    "perlu dikirim": OrderStatus.TO_SHIP,
    "shipped": OrderStatus.IN_TRANSIT,
    "in transit": OrderStatus.IN_TRANSIT,
    "dikirim": OrderStatus.IN_TRANSIT,
    "sedang dikirim": OrderStatus.IN_TRANSIT,
    "dalam pengiriman": OrderStatus.IN_TRANSIT,
    "dalam perjalanan": OrderStatus.IN_TRANSIT,
    "delivered": OrderStatus.DELIVERED,
    "completed": OrderStatus.DELIVERED,
    "selesai": OrderStatus.DELIVERED,
    "pesanan selesai": OrderStatus.DELIVERED,
    "terkirim": OrderStatus.DELIVERED,
    "diterima": OrderStatus.DELIVERED,
    "cancelled": OrderStatus.CANCELLED,
    "canceled": OrderStatus.CANCELLED,
    "dibatalkan": OrderStatus.CANCELLED,
    "batal": OrderStatus.CANCELLED,
    **{value_key(s.value): s for s in OrderStatus},
}


def order_status_of(value: object) -> OrderStatus | None:
    """Purna's order status for a platform's order status value, or None when unknown."""
    return ORDER_STATUSES.get(value_key(value))


class UnknownValue(ValueError):
    """A status or type value no table knows: reported with file and line, never guessed."""

    def __init__(self, field: str, value: object) -> None:
        self.field = field
        self.value = value
        super().__init__(
            _("unknown {field} value {value!r}: Purna does not guess; tell your supervisor").format(
                field=field, value=value
            )
        )


_READERS = {
    REQUEST_TYPE: request_type_of,
    RETURN_STATUS: return_outcome,
    ORDER_STATUS: order_status_of,
}


def translate(field: Field, value: object) -> object:
    """A table value (request type, return status, order status) as Purna's word.

    Raises UnknownValue for a value no table knows; other fields pass through."""
    reader = _READERS.get(field.value)
    if reader is None:
        return value
    found = reader(value)
    if found is None:
        raise UnknownValue(field.name, value)
    return found


_SPACE = re.compile(r"\s")


def looks_like_id(cell: object) -> bool:
    """A platform id is one token: no spaces (TikTok's are 18-19 digits, Shopee's letters and
    digits). Used to tell a description row from a data row."""
    return isinstance(cell, str) and bool(cell.strip()) and not _SPACE.search(cell.strip())
