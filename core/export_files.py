"""Writing real-shaped Seller Center exports, for tests, the benchmark and the demo.

`write_export(path, format_id, rows, quirks)` writes one of the four marketplace formats
of core.marketplaces as CSV or XLSX (from the path's suffix) with the verbatim header
list of shared/formats/marketplaces.md, from rows given as dicts of Purna's canonical
fields (`request_id`, `amount`, `platform_status`...). A key that is a verbatim header
(`"Order Substatus"`) is written as is. Times are written as the platform writes them,
local shop time without offset. `Quirks` adds what real files carry: title rows, the
TikTok order description row, `;`, a wrong XLSX dimension, amounts as text, Indonesian
status words, missing optional columns, header spelling drift, a BOM.

`sample_rows()` makes plausible rows (ids, SKUs, statuses, times) for any format.
"""

from __future__ import annotations

import csv
import random
import re
import shutil
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from core.marketplaces import (
    BY_ID,
    COUNT,
    ID,
    MONEY,
    ORDER_STATUS,
    REQUEST_TYPE,
    RETURN_STATUS,
    SHOPEE_RETURNS_EXTRA,
    TIME,
    Field,
    Format,
    OrderStatus,
    ReturnOutcome,
)
from core.workflow import RequestType

SHOP_ZONE = ZoneInfo("Asia/Jakarta")
AMOUNT_STYLES = ("number", "digits", "dotted", "rupiah")  # 89000 / "89000" / "89.000" / "Rp89.000"


@dataclass(frozen=True)
class Quirks:
    title_rows: tuple[str, ...] = ()  # one-cell rows above the header (Shopee)
    description_row: bool = False  # a row of column descriptions under the header (TikTok)
    delimiter: str = ","  # CSV only
    bom: bool = False
    wrong_dimension: bool = False  # XLSX only: declare <dimension ref="A1"/>
    amounts: str = "number"  # one of AMOUNT_STYLES
    indonesian: bool = False  # status and type words in Indonesian
    omit: frozenset[str] = frozenset()  # verbatim headers to leave out (optional columns)
    drift: bool = False  # header spelling drift: case, doubled spaces, "/ " vs "/"
    extra_headers: tuple[str, ...] = ()  # unknown columns appended, left empty
    shopee_extra: bool = True  # Shopee returns: the "less certain" columns (request time, AWB)
    time_cells: bool = False  # XLSX only: times as date cells instead of text
    numeric_ids: bool = False  # XLSX only: ids as number cells (a damaged re-save)


# --- the platform's words for Purna's values ---------------------------------------------

_TYPE_WORDS: dict[str, dict[RequestType, str]] = {
    "tiktok": {
        RequestType.REFUND_ONLY: "Refund only",
        RequestType.RETURN_REFUND: "Return and refund",
        RequestType.RESEND: "Replacement",
    },
    "tiktok_id": {
        RequestType.REFUND_ONLY: "Hanya Pengembalian Dana",
        RequestType.RETURN_REFUND: "Pengembalian Barang & Dana",
        RequestType.RESEND: "Pengiriman Ulang",
    },
    "shopee": {
        RequestType.REFUND_ONLY: "Pengembalian Dana Saja",
        RequestType.RETURN_REFUND: "Pengembalian Barang dan Dana",
    },
}
_OUTCOME_WORDS: dict[str, dict[ReturnOutcome, str]] = {
    "en": {
        ReturnOutcome.WAITING_SELLER: "To process",
        ReturnOutcome.IN_PROGRESS: "In process",
        ReturnOutcome.COMPLETED: "Completed",
        ReturnOutcome.CANCELLED: "Canceled",
        ReturnOutcome.REJECTED: "Refund rejected",
    },
    "id": {
        ReturnOutcome.WAITING_SELLER: "Menunggu Respon Penjual",
        ReturnOutcome.IN_PROGRESS: "Dalam Proses",
        ReturnOutcome.COMPLETED: "Pengembalian Selesai",
        ReturnOutcome.CANCELLED: "Dibatalkan",
        ReturnOutcome.REJECTED: "Ditolak",
    },
}
_ORDER_WORDS: dict[str, dict[OrderStatus, str]] = {
    "en": {
        OrderStatus.UNPAID: "Unpaid",
        OrderStatus.TO_SHIP: "To ship",
        OrderStatus.IN_TRANSIT: "Shipped",
        OrderStatus.DELIVERED: "Completed",
        OrderStatus.CANCELLED: "Cancelled",
    },
    "id": {
        OrderStatus.UNPAID: "Belum dibayar",
        OrderStatus.TO_SHIP: "Perlu dikirim",
        OrderStatus.IN_TRANSIT: "Dikirim",
        OrderStatus.DELIVERED: "Selesai",
        OrderStatus.CANCELLED: "Dibatalkan",
    },
    "shopee": {  # the Seller Centre's order tabs
        OrderStatus.UNPAID: "Belum Bayar",
        OrderStatus.TO_SHIP: "Perlu Dikirim",
        OrderStatus.IN_TRANSIT: "Dikirim",
        OrderStatus.DELIVERED: "Selesai",
        OrderStatus.CANCELLED: "Batal",
    },
}

# What TikTok's description row says under a few columns; the others get a plain sentence.
_DESCRIPTIONS = {
    "Order ID": "Platform unique order ID.",
    "SKU ID": "Platform unique SKU ID.",
    "Seller SKU": "SKU code set by the seller.",
    "Tracking ID": "Tracking number of the package.",
    "Quantity": "Number of items of this SKU.",
}


def headers_of(fmt: Format, quirks: Quirks = Quirks()) -> list[str]:
    """The header row the file will carry (verbatim, before drift)."""
    names = list(fmt.headers)
    if fmt.id == "shopee_returns" and quirks.shopee_extra:
        names += SHOPEE_RETURNS_EXTRA
    names = [n for n in names if n not in quirks.omit]
    return names + list(quirks.extra_headers)


def drifted(name: str, position: int) -> str:
    """Spelling drift seen in re-saved exports, a different one per column."""
    variants = (
        str.upper,
        str.lower,
        lambda h: h.replace(" ", "  "),
        lambda h: h.replace("/ ", "/") if "/ " in h else h.replace("/", "/ "),
        lambda h: f" {h.title()} ",
    )
    return variants[position % len(variants)](name)


def write_export(
    path: Path,
    format_id: str,
    rows: Iterable[Mapping[str, object]],
    quirks: Quirks = Quirks(),
    zone: tzinfo = SHOP_ZONE,
) -> Path:
    """Write `rows` as a `format_id` export at `path` (.csv or .xlsx) and return the path."""
    fmt = BY_ID[format_id]
    if not fmt.headers:
        raise ValueError(f"{format_id} is Purna's own format: write it with csv directly")
    if quirks.amounts not in AMOUNT_STYLES:
        raise ValueError(f"amounts must be one of {AMOUNT_STYLES}")
    names = headers_of(fmt, quirks)
    fields = {name: _field_for(fmt, name) for name in names}
    # A field with fallback columns (TikTok Seller SKU, else SKU ID): the first present
    # column gets the field, the others the platform's own id (`sku_id`).
    sources = {}
    for name, found in fields.items():
        if found is not None:
            first = next(h for h in found.headers if h in fields)
            sources[name] = found.name if name == first else f"{found.name}_id"
    xlsx = path.suffix.lower() == ".xlsx"
    header = [drifted(n, i) if quirks.drift else n for i, n in enumerate(names)]
    if quirks.bom and xlsx:
        header[0] = "\ufeff" + header[0]
    cell = _CellWriter(fmt, quirks, zone, xlsx)
    body = ([cell(fields[n], sources.get(n, n), n, row) for n in names] for row in rows)
    lines: list[list[object]] = [[title] for title in quirks.title_rows] + [header]
    if quirks.description_row:
        lines.append([_DESCRIPTIONS.get(n, f"The {n.lower()} of this row.") for n in names])
    if xlsx:
        _write_xlsx(path, lines, body)
        if quirks.wrong_dimension:
            _declare_dimension(path, "A1")
    else:
        _write_csv(path, lines, body, quirks)
    return path


def _field_for(fmt: Format, header: str) -> Field | None:
    return next((f for f in fmt.fields if header in f.headers), None)


class _CellWriter:
    """One cell's text or value, as the platform writes it."""

    def __init__(self, fmt: Format, quirks: Quirks, zone: tzinfo, xlsx: bool) -> None:
        self.fmt, self.quirks, self.zone, self.xlsx = fmt, quirks, zone, xlsx
        language = "id" if quirks.indonesian or fmt.marketplace == "shopee" else "en"
        if fmt.marketplace == "shopee":
            self.types = _TYPE_WORDS["shopee"]
        else:
            self.types = _TYPE_WORDS["tiktok_id" if quirks.indonesian else "tiktok"]
        self.outcomes = _OUTCOME_WORDS[language]
        self.orders = _ORDER_WORDS["shopee" if fmt.marketplace == "shopee" else language]

    def __call__(
        self, field: Field | None, source: str, header: str, row: Mapping[str, object]
    ) -> object:
        if header in row:
            return self._plain(row[header])
        if field is None:
            return None
        value = row.get(source)
        if value is None or value == "":
            return None
        kind = field.value
        if kind == TIME:
            return self._time(value)
        if kind == MONEY:
            return self._money(value)
        if kind == REQUEST_TYPE:
            return self._word(value, RequestType, self.types)
        if kind == RETURN_STATUS:
            return self._word(value, ReturnOutcome, self.outcomes)
        if kind == ORDER_STATUS:
            return self._word(value, OrderStatus, self.orders)
        if kind == COUNT and isinstance(value, int):
            return value if self.xlsx else str(value)
        if kind == ID and self.quirks.numeric_ids and self.xlsx and str(value).isdigit():
            return int(str(value))
        return self._plain(value)

    def _plain(self, value: object) -> object:
        if value is None or (self.xlsx and isinstance(value, int | float | date)):
            return value
        return str(value)

    def _time(self, value: object) -> object:
        if isinstance(value, datetime):
            moment = value.astimezone(self.zone).replace(tzinfo=None) if value.tzinfo else value
        elif isinstance(value, date):
            moment = datetime(value.year, value.month, value.day)
        else:
            return str(value)  # already the platform's text (or a wrong one, for a test)
        if self.xlsx and self.quirks.time_cells:
            return moment
        return moment.strftime(self.fmt.time_format or "%Y-%m-%d %H:%M")

    def _money(self, value: object) -> object:
        if not isinstance(value, int):
            return str(value)
        style = self.quirks.amounts
        if style == "number":
            return value if self.xlsx else str(value)
        if style == "digits":
            return str(value)
        dotted = f"{value:,}".replace(",", ".")
        return dotted if style == "dotted" else f"Rp{dotted}"

    @staticmethod
    def _word(value: object, enum: type, words: Mapping[object, str]) -> str:
        try:
            member = enum(value)
        except ValueError:
            return str(value)  # not one of Purna's values: written verbatim
        if member not in words:
            raise ValueError(f"this export has no word for {member.value!r}")
        return words[member]


def _write_csv(
    path: Path, lines: list[list[object]], body: Iterator[list[object]], quirks: Quirks
) -> None:
    encoding = "utf-8-sig" if quirks.bom else "utf-8"
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=quirks.delimiter, lineterminator="\r\n")
        writer.writerows(lines)
        writer.writerows(body)


def _write_xlsx(path: Path, lines: list[list[object]], body: Iterator[list[object]]) -> None:
    from openpyxl import Workbook

    from core.xlsx_write import save_book, streamed

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1")
    for line in lines:
        sheet.append([streamed(sheet, v) for v in line])
    for line in body:
        sheet.append([streamed(sheet, v) for v in line])
    save_book(book, path)


def _declare_dimension(path: Path, ref: str) -> None:
    """Rewrite the first sheet to declare `<dimension ref=...>` (a quirk of some exports)."""
    part = "xl/worksheets/sheet1.xml"
    temporary = path.with_suffix(".tmp.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(temporary, "w") as target:
        for info in source.infolist():
            with source.open(info) as reader, target.open(info, "w") as writer:
                if info.filename != part:
                    shutil.copyfileobj(reader, writer)
                    continue
                head = reader.read(1 << 16)
                head = re.sub(rb"<dimension [^>]*/>", b"", head)
                tag = f'<dimension ref="{ref}"/>'.encode()
                head = re.sub(
                    rb"(<sheetViews|<sheetFormatPr|<sheetData)", tag + rb"\1", head, count=1
                )
                writer.write(head)
                shutil.copyfileobj(reader, writer)
    temporary.replace(path)


# --- sample rows -------------------------------------------------------------------------

_SKUS = ("MDU-500", "PB10K-HTM", "KPC-M", "SMB-BWG", "TSB-01", "SRM-30")
_PRODUCTS = ("Madu Hutan 500g", "Powerbank 10000mAh", "Kaos Polos M", "Sambal Bawang")
_REASONS = (
    "Kemasan atau produk rusak",
    "Produk tidak sesuai deskripsi",
    "Product is defective or doesn't work",
    "Missing product or accessories",
)
_COURIERS = ("J&T Express", "SiCepat", "JNE", "AnterAja")


def sample_rows(
    format_id: str, count: int, start: datetime, seed: int = 7
) -> Iterator[dict[str, object]]:
    """`count` plausible rows of `format_id`, times going back from `start` (shop time)."""
    fmt = BY_ID[format_id]
    rng = random.Random(seed)
    tiktok = fmt.marketplace == "tiktok_shop"
    for number in range(count):
        when = start - timedelta(minutes=7 * number + rng.randint(0, 6))
        order_id = f"57{number:016d}" if tiktok else f"2311{number:06d}{_letters(rng, 4)}"
        sku = _SKUS[number % len(_SKUS)]
        row: dict[str, object] = {
            "order_id": order_id,
            "sku": sku,
            "sku_id": f"17{number % 997:017d}",
            "product_name": _PRODUCTS[number % len(_PRODUCTS)],
            "variation": "Default",
            "quantity": 1 + number % 3,
            "buyer_name": f"pembeli{number % 991}",
            "created_at": when,
        }
        if fmt.kind == "requests":
            kind = (
                RequestType.REFUND_ONLY,
                RequestType.RETURN_REFUND,
                RequestType.RESEND if tiktok else RequestType.REFUND_ONLY,
            )[number % 3]
            row |= {
                "request_id": f"46{number:016d}"
                if tiktok
                else f"2311{number:06d}R{_letters(rng, 3)}",
                "request_type": kind,
                "reason": _REASONS[number % len(_REASONS)],
                "buyer_comment": "Botolnya pecah, isinya tumpah" if number % 2 else "",
                "amount": 10_000 + (number % 50) * 1_000,
                "order_amount": 25_000 + (number % 50) * 1_000,
                "return_awb": f"JX{number:010d}" if kind != RequestType.REFUND_ONLY else "",
                "platform_status": list(ReturnOutcome)[number % 5],
                "order_created_at": when - timedelta(days=3),
            }
        else:
            status = list(OrderStatus)[number % 5]
            shipped = when + timedelta(days=1)
            row |= {
                "status": status,
                "amount": 25_000 + (number % 50) * 1_000,
                "sku_amount": 20_000 + (number % 50) * 1_000,
                "paid_at": when + timedelta(minutes=5),
                "shipped_at": shipped
                if status in (OrderStatus.IN_TRANSIT, OrderStatus.DELIVERED)
                else None,
                "delivered_at": shipped + timedelta(days=2)
                if status == OrderStatus.DELIVERED
                else None,
                "awb": f"JP{number:010d}",
                "courier": _COURIERS[number % len(_COURIERS)],
                # Personal columns are filled as a real file has them, so tests can prove
                # the reader never lets them out.
                "Recipient": f"Penerima {number}",
                "Phone #": f"(+62)812{number:08d}",
                "Detail Address": f"Jl. Mawar No. {number}",
                "Nama Penerima": f"Penerima {number}",
                "No. Telepon": f"62812{number:08d}",
                "Alamat Pengiriman": f"Jl. Melati No. {number}",
            }
        yield row


def _letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(n))
