"""Reason texts to categories (DOMAIN.md §5, seed 001 "Jenis Ulasan Negatif")."""

from __future__ import annotations

import pytest

from core.i18n import _
from core.reasons import (
    REASON_TEXTS,
    TABLE,
    Category,
    classify,
    normalise,
    seller_fault_texts,
    unclassified_texts,
)


def test_normalise_ignores_case_whitespace_and_punctuation() -> None:
    assert normalise("  Produk  TIDAK sesuai\tdeskripsi. ") == "produk tidak sesuai deskripsi"
    assert normalise("Product doesn’t match description!") == "product doesnt match description"
    assert normalise("Product doesn't match description") == "product doesnt match description"
    assert normalise("Produk tidak lengkap/kosong") == "produk tidak lengkap kosong"
    assert normalise("Paket sudah diterima,tetapi isinya tidak lengkap") == normalise(
        "Paket sudah diterima, tetapi isinya tidak lengkap"
    )
    # full-width letters, as pasted from a phone
    assert normalise("Ｐｒｏｄｕｋ ＣＡＣＡＴ") == "produk cacat"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # DOMAIN.md §5 table, TikTok Shop by Tokopedia, both languages
        ("Produk tidak sesuai deskripsi", Category.PRODUCT),
        ("Product doesn't match description", Category.PRODUCT),
        ("Produk cacat atau tidak berfungsi", Category.PRODUCT),
        ("Product is defective or doesn't work", Category.PRODUCT),
        ("Kemasan atau produk rusak", Category.PRODUCT),
        ("Package or product is damaged", Category.PRODUCT),
        ("Produk salah kirim", Category.SERVICE),
        ("Wrong product sent", Category.SERVICE),
        ("Paket sudah diterima, tetapi isinya tidak lengkap", Category.SERVICE),
        ("Missing product or accessories", Category.SERVICE),
        ("Paket tidak diterima", Category.COURIER),
        ("Package wasn't received", Category.COURIER),
        ("Berubah pikiran", Category.BUYER),
        ("No longer needed", Category.BUYER),
        # Shopee
        ("Barang rusak", Category.PRODUCT),
        ("Barang tidak sesuai pesanan", Category.SERVICE),
        ("Produk tidak lengkap", Category.SERVICE),
        ("Belum menerima pesanan", Category.COURIER),
        ("Produk berbeda dengan deskripsi/foto", Category.PRODUCT),
        ("Produk tidak lengkap/kosong", Category.SERVICE),
        # the demo shop's wording
        ("Salah kirim produk", Category.SERVICE),
        ("Produk tidak diterima", Category.COURIER),
        ("Produk palsu", Category.PRODUCT),
    ],
)
def test_marketplace_reasons_have_their_category(text: str, category: Category) -> None:
    assert classify(text) is category
    assert classify(text.upper() + " ") is category


def test_seller_fault_is_product_and_service_only() -> None:
    assert Category.PRODUCT.seller_fault
    assert Category.SERVICE.seller_fault
    assert not Category.COURIER.seller_fault  # seed 001: "tidak dianggap ... terkait penjual"
    assert not Category.BUYER.seller_fault


def test_remarks_in_parentheses_and_bilingual_texts() -> None:
    assert classify("Produk cacat (Contoh: produk penyok, ada goresan, atau retak)") is (
        Category.PRODUCT
    )
    assert classify("Barang rusak (foto terlampir)") is Category.PRODUCT
    assert classify("Produk tidak sesuai deskripsi / Product doesn't match description") is (
        Category.PRODUCT
    )
    assert classify("Berubah pikiran / No longer needed") is Category.BUYER
    # the two sides disagree, or one is unknown: nobody guesses
    assert classify("Berubah pikiran / Wrong product sent") is None
    assert classify("Berubah pikiran / something else") is None


def test_unknown_texts_are_none_until_a_supervisor_classifies_them() -> None:
    assert classify("Ukuran tidak sesuai") is None  # ambiguous on purpose: see REASON_TEXTS
    assert classify("Lainnya") is None
    assert classify("Other") is None
    assert classify("") is None
    assert classify("   ") is None
    assert classify(None) is None
    overrides = {normalise("Ukuran tidak sesuai"): Category.BUYER}
    assert classify("UKURAN tidak sesuai.", overrides) is Category.BUYER
    assert classify("Ukuran tidak sesuai", {"ukuran tidak sesuai": "service"}) is Category.SERVICE


def test_an_override_wins_over_the_table() -> None:
    assert classify("Kemasan atau produk rusak") is Category.PRODUCT
    overrides = {"kemasan atau produk rusak": Category.COURIER}
    assert classify("Kemasan atau produk rusak", overrides) is Category.COURIER


def test_seller_fault_texts_for_sql_in() -> None:
    stored = [
        "Kemasan atau produk rusak",
        "Produk salah kirim",
        "Paket tidak diterima",
        "Berubah pikiran",
        "Ukuran tidak sesuai",
        None,
        "Kemasan atau produk rusak",
    ]
    assert seller_fault_texts(stored) == ("Kemasan atau produk rusak", "Produk salah kirim")
    overrides = {"ukuran tidak sesuai": Category.SERVICE}
    assert seller_fault_texts(stored, overrides) == (
        "Kemasan atau produk rusak",
        "Produk salah kirim",
        "Ukuran tidak sesuai",
    )
    assert unclassified_texts(stored) == ("Ukuran tidak sesuai",)
    assert unclassified_texts(stored, overrides) == ()
    assert unclassified_texts(["", "  ", None]) == ()


def test_the_table_is_consistent_and_titled() -> None:
    count = sum(len(texts) for texts in REASON_TEXTS.values())
    assert len(TABLE) <= count and len(TABLE) > 60
    for category, texts in REASON_TEXTS.items():
        for text in texts:
            assert TABLE[normalise(text)] is category, text
    for category in Category:
        assert _(category.title)
        assert category in REASON_TEXTS
