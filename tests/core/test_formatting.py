"""Money, countdowns and local times as users read them."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.numbers import format_decimal

from core.formatting import format_local, format_remaining, format_rupiah, parse_rupiah
from core.i18n import set_language


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "Rp0"),
        (999, "Rp999"),
        (1000, "Rp1.000"),
        (1234567, "Rp1.234.567"),
        (-25000, "-Rp25.000"),
    ],
)
def test_format_rupiah(amount: int, text: str) -> None:
    assert format_rupiah(amount) == text


@pytest.mark.parametrize("amount", [0, 7, 1000, 1234567, 98765432100])
def test_rupiah_grouping_matches_babel_id_ID(amount: int) -> None:
    assert format_rupiah(amount) == "Rp" + format_decimal(amount, locale="id_ID")


@pytest.mark.parametrize(
    "text",
    ["Rp1.234.567", "1.234.567", "1234567", "rp 1.234.567", "Rp1.234.567,00", " Rp. 1.234.567 "],
)
def test_parse_rupiah_accepts_the_export_forms(text: str) -> None:
    assert parse_rupiah(text) == 1234567


@pytest.mark.parametrize(
    "text", ["", "Rp", "12,50", "1.23", "1.2345", "abc", "Rp1.234,56", "1 234"]
)
def test_parse_rupiah_refuses_the_rest(text: str) -> None:
    with pytest.raises(ValueError):
        parse_rupiah(text)


def test_format_remaining_in_both_languages() -> None:
    set_language("id")  # `1h` would read as an hour to many: units are words
    assert format_remaining(timedelta(days=1, hours=2, minutes=3)) == "1 hr 2 jam"
    assert format_remaining(timedelta(hours=5, minutes=12)) == "5 jam 12 mnt"
    assert format_remaining(timedelta(minutes=12, seconds=5)) == "12 mnt 05 dtk"
    assert format_remaining(-timedelta(hours=3, minutes=1)) == "-3 jam 01 mnt"
    set_language("en")
    try:
        assert format_remaining(timedelta(days=1, hours=2)) == "1 day 2 h"
        assert format_remaining(timedelta(hours=5, minutes=12)) == "5 h 12 min"
    finally:
        set_language("id")


def test_format_local_shows_shop_zone() -> None:
    moment = datetime(2026, 8, 17, 1, 5, tzinfo=UTC)
    assert format_local(moment, ZoneInfo("Asia/Jakarta")) == "17 Agu 08:05 WIB"
    assert format_local(moment, ZoneInfo("Asia/Makassar"), year=True) == "17 Agu 2026 09:05 WITA"
    assert format_local(moment, ZoneInfo("Asia/Jayapura")).endswith("10:05 WIT")
