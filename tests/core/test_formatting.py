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


_H, _M, _S = timedelta(hours=1), timedelta(minutes=1), timedelta(seconds=1)


@pytest.mark.parametrize(
    ("delta", "indonesian", "english"),
    [
        (timedelta(0), "0 mnt 00 dtk", "0 min 00 s"),
        (59 * _S, "0 mnt 59 dtk", "0 min 59 s"),
        (59 * _M + 59 * _S, "59 mnt 59 dtk", "59 min 59 s"),
        (_H, "1 jam 00 mnt", "1 h 00 min"),
        (2 * _H + 5 * _M, "2 jam 05 mnt", "2 h 05 min"),
        (23 * _H + 59 * _M, "23 jam 59 mnt", "23 h 59 min"),
        (24 * _H, "1 hr 0 jam", "1 d 0 h"),
        (26 * _H + 3 * _M, "1 hr 2 jam", "1 d 2 h"),
        (48 * _H, "2 hr 0 jam", "2 d 0 h"),
        (-_S, "lewat 0 mnt 01 dtk", "overdue by 0 min 01 s"),
        (-(3 * _H + _M), "lewat 3 jam 01 mnt", "overdue by 3 h 01 min"),
        (-(26 * _H), "lewat 1 hr 2 jam", "overdue by 1 d 2 h"),
    ],
)
def test_format_remaining_in_both_languages(
    delta: timedelta, indonesian: str, english: str
) -> None:
    """Units are words in both languages: `1h` means a day (hari) in Indonesian and an hour
    to many readers, so no countdown uses a one-letter unit; past deadlines read as past."""
    set_language("id")
    assert format_remaining(delta) == indonesian
    set_language("en")
    try:
        assert format_remaining(delta) == english
    finally:
        set_language("id")


def test_format_remaining_drops_parts_of_a_second() -> None:
    assert format_remaining(timedelta(seconds=59, microseconds=999_999)) == "0 mnt 59 dtk"


def test_format_local_shows_shop_zone() -> None:
    moment = datetime(2026, 8, 17, 1, 5, tzinfo=UTC)
    assert format_local(moment, ZoneInfo("Asia/Jakarta")) == "17 Agu 08:05 WIB"
    assert format_local(moment, ZoneInfo("Asia/Makassar"), year=True) == "17 Agu 2026 09:05 WITA"
    assert format_local(moment, ZoneInfo("Asia/Jayapura")).endswith("10:05 WIT")
