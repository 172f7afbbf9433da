"""Return/refund reason texts and their category: product, service, courier or buyer.

One table (`REASON_TEXTS`) maps the reasons the marketplaces show (TikTok Shop by
Tokopedia and Shopee, in Indonesian and English) to the categories of DOMAIN.md §5
(seed 001 "Jenis Ulasan Negatif"): product- and service-related reasons are the
seller's fault and count in SFFR; courier delays and the buyer's own reasons do not
("keterlambatan karena pengiriman atau kurir tidak dianggap sebagai ulasan terkait
penjual"). Texts are matched after `normalise()` (case, whitespace, punctuation).
A text the table does not know is never guessed: `classify()` returns None so that a
supervisor classifies it once; that choice comes back as an `overrides` entry, keyed
by the normalised text, and wins over the table.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType

from core.i18n import N_


class Category(StrEnum):
    PRODUCT = "product"
    SERVICE = "service"
    COURIER = "courier"
    BUYER = "buyer"

    @property
    def seller_fault(self) -> bool:
        """Whether the platform holds the seller responsible (DOMAIN.md §5 table)."""
        return self in (Category.PRODUCT, Category.SERVICE)

    @property
    def title(self) -> str:
        """The category as a catalog message (translate with `_()`)."""
        return CATEGORY_TITLES[self]


CATEGORY_TITLES: Mapping[Category, str] = MappingProxyType({
    Category.PRODUCT: N_("Product-related"),
    Category.SERVICE: N_("Service-related"),
    Category.COURIER: N_("Courier or delivery (not the seller's fault)"),
    Category.BUYER: N_("Buyer's own reason (not the seller's fault)"),
})  # fmt: skip

Overrides = Mapping[str, Category | str]
NO_OVERRIDES: Overrides = MappingProxyType({})

# The reason texts as the platforms show them (data, not translations: matched in any
# language). Sources: DOMAIN.md §5 and seed 001; TikTok Shop's refund reasons for the
# ID market (Partner Center "Refund reasons"); Shopee's reasons as its help pages list
# them; the older Tokopedia wording. "Lainnya / Other" is deliberately absent: it says
# nothing about fault, so it goes to a supervisor like any unknown text. So is
# "Ukuran tidak sesuai": the buyer's wrong size, a size not as described and a wrong
# size sent all read that way.
REASON_TEXTS: Mapping[Category, tuple[str, ...]] = MappingProxyType({
    Category.PRODUCT: (
        # TikTok Shop by Tokopedia
        "Produk tidak sesuai deskripsi",
        "Product doesn't match description",
        "Item doesn't match description",
        "Produk cacat atau tidak berfungsi",
        "Product is defective or doesn't work",
        "Defective item",
        "Kemasan atau produk rusak",
        "Package or product is damaged",
        "Damaged item or packaging",
        "Produk diduga palsu",
        "Diduga palsu",
        "Produk palsu",
        "Suspected counterfeit",
        # seed 001 "Ulasan terkait produk"
        "Produk cacat atau kurang bermutu",
        "Produk kurang bermutu",
        "Gambar atau klaim menyesatkan",
        "Gambar menyesatkan",
        "Klaim menyesatkan",
        # Shopee
        "Barang rusak",
        "Barang cacat",
        "Barang tidak berfungsi",
        "Barang tidak sesuai deskripsi",
        "Produk cacat",
        "Produk rusak",
        "Produk cacat (Contoh: produk penyok, ada goresan, atau retak)",
        "Produk tidak berfungsi dengan baik",
        "Produk tidak original",
        "Produk tidak asli",
        "Produk berbeda dengan deskripsi/foto",
        "Produk tidak sesuai dengan deskripsi/foto",
        "Received a product with physical damage (e.g. dented, scratched, shattered)",
        "Received a faulty product (e.g. malfunction, does not work as intended)",
        "Received a counterfeit product",
        "Product is different from description/image",
        "Physical damage",
        "Faulty product",
        "Counterfeit product",
    ),
    Category.SERVICE: (
        # TikTok Shop by Tokopedia
        "Produk salah kirim",
        "Salah kirim produk",
        "Wrong product sent",
        "Wrong product was sent",
        "Wrong item was sent",
        "Paket sudah diterima, tetapi isinya tidak lengkap",
        "Missing product or accessories",
        "Package received but missing item",
        # seed 001 "Ulasan terkait layanan"
        "Menerima produk, ukuran, atau warna yang salah",
        "Ukuran atau warna salah",
        "Ada komponen hilang",
        "Komponen hilang",
        "Hadiah tidak diberikan",
        "Hadiah gratis tidak diberikan",
        "Balasan chat lambat atau tidak membantu",
        "Chat lambat",
        "Respons yang kasar atau tidak profesional",
        "Respons kasar",
        # Shopee
        "Barang tidak sesuai pesanan",
        "Barang tidak lengkap",
        "Salah kirim barang",
        "Produk salah",
        "Produk salah (ukuran, warna, atau beda produk)",
        "Produk salah (Contoh: ukuran, warna, atau produk berbeda)",
        "Produk tidak lengkap",
        "Produk tidak lengkap/kosong",
        "Produk tidak lengkap/kosong (Contoh: bagian produk ada yang hilang atau kurang)",
        "Pesanan sampai namun tidak lengkap/kosong",
        "Received the wrong product(s) (e.g. wrong size, wrong colour, different product)",
        "Received wrong product(s)",
        "Received an incomplete product (missing quantity or accessories)",
        "Incomplete product",
        "Wrong product",
    ),
    Category.COURIER: (
        # TikTok Shop by Tokopedia
        "Paket tidak diterima",
        "Produk tidak diterima",
        "Package wasn't received",
        "Package not received",
        "Paket hilang",
        "Package lost",
        "Package delivery failed",
        "Pengiriman terlambat",
        "Missed estimated delivery date",
        "Product wouldn't arrive on time",
        # Shopee
        "Belum menerima pesanan",
        "Tidak menerima pesanan",
        "Pesanan tidak diterima",
        "Produk tidak sampai",
        "Pesanan tidak sampai",
        "Did not receive the order",
        "Did not receive order",
    ),
    Category.BUYER: (
        "Berubah pikiran",
        "No longer needed",
        "Tidak dibutuhkan lagi",
        "Tidak lagi dibutuhkan",
        "Change of mind",
        "Changed my mind",
        "Salah pesan",
        "Ordered by mistake",
        "Ordered incorrect size",
        "Ingin model atau warna lain",
    ),
})  # fmt: skip

_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")
_NOT_WORD = re.compile(r"[\W_]+")
_PARENTHESES = re.compile(r"\([^()]*\)")
_SEPARATORS = re.compile(r"\s*[/|]\s*")


def normalise(text: str) -> str:
    """`text` for matching: NFKC, case-folded, apostrophes dropped ("doesn't" = "doesnt"),
    every other run of punctuation or whitespace one space, no space at either end."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NOT_WORD.sub(" ", _APOSTROPHES.sub("", folded)).split())


def _table() -> dict[str, Category]:
    table: dict[str, Category] = {}
    for category, texts in REASON_TEXTS.items():
        for text in texts:
            key = normalise(text)
            if table.setdefault(key, category) is not category:
                raise ValueError(f"reason {text!r} is listed under two categories")
    return table


TABLE: Mapping[str, Category] = MappingProxyType(_table())


def _lookup(key: str, overrides: Overrides) -> Category | None:
    chosen = overrides.get(key)
    if chosen is not None:
        return Category(chosen)
    return TABLE.get(key)


def classify(text: str | None, overrides: Overrides = NO_OVERRIDES) -> Category | None:
    """The category of reason `text`, or None when nobody has classified it yet.

    `overrides` maps `normalise(text)` to a supervisor's choice and wins over the table.
    Tried in turn: the whole text; the text without remarks in parentheses (Shopee adds
    examples: "Produk cacat (Contoh: …)"); the parts of a bilingual "ID / EN" text,
    which must all be known and agree.
    """
    if text is None or not text.strip():
        return None
    found = _lookup(normalise(text), overrides)
    if found is not None:
        return found
    bare = _PARENTHESES.sub(" ", text)
    if bare != text:
        found = _lookup(normalise(bare), overrides)
        if found is not None:
            return found
    parts = [p for p in _SEPARATORS.split(bare) if normalise(p)]
    if len(parts) > 1:
        categories = {_lookup(normalise(p), overrides) for p in parts}
        if len(categories) == 1:
            return categories.pop()  # None when no part is known
    return None


def seller_fault_texts(
    texts: Iterable[str | None], overrides: Overrides = NO_OVERRIDES
) -> tuple[str, ...]:
    """Those of `texts` (distinct reasons as stored) that are the seller's fault, sorted:
    the values of an SQL `reason IN (…)`."""
    return tuple(sorted({
        t for t in texts if t is not None and (c := classify(t, overrides)) and c.seller_fault
    }))  # fmt: skip


def unclassified_texts(
    texts: Iterable[str | None], overrides: Overrides = NO_OVERRIDES
) -> tuple[str, ...]:
    """Those of `texts` nobody has classified yet (for a supervisor), sorted; empty texts
    are left out: there is nothing to classify."""
    return tuple(sorted({
        t for t in texts if t is not None and t.strip() and classify(t, overrides) is None
    }))  # fmt: skip
