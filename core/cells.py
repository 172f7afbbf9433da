"""Reading one cell of an export as a Purna value, or saying in words why it cannot be one.

Cells arrive as the file holds them (core.tabular): text, int/float, datetime/date.
Every reader refuses what a shop cannot have (policy IMPORT_BOUNDS: an amount above
Rp1.000.000.000, a quantity above 10,000, a date before 2000 or more than a day ahead),
digits that are not ASCII (`²`, `٣`), a NUL character, and an id that arrived as a number
(a spreadsheet has already dropped its last digits: marketplaces.md "Quirks"). Problems
are `Invalid` with a message for a shop clerk; nothing else is ever raised.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from core import policy
from core.formatting import format_rupiah
from core.i18n import _
from core.tabular import Cell


class Invalid(ValueError):
    """A cell's problem, in words for the user."""


# Model column sizes: longer text is refused rather than cut.
MAX_LENGTH = {
    "request_id": 64, "order_id": 64, "sku": 100, "product_name": 500, "variation": 200,
    "buyer_name": 200, "reason": 500, "return_awb": 100, "awb": 100, "courier": 100,
    "logistics_status": 100, "platform_status": 60, "platform_sub_status": 100,
    "buyer_comment": 5000, "comment": 5000, "status": 40,
}  # fmt: skip
DEFAULT_MAX_LENGTH = 500

_ASCII_INT = re.compile(r"[+-]?[0-9]+", re.ASCII)
_GROUPED = re.compile(r"[0-9]{1,3}(?:([.,])[0-9]{3})+", re.ASCII)  # 1.234.567 or 1,234,567
_ZERO_CENTS = re.compile(r"([0-9]+)[.,]0{1,2}", re.ASCII)  # 89000.00 / 89000,0
_MONEY_PREFIX = re.compile(r"^\s*(-)?\s*(?:rp\.?|idr)?\s*", re.I)
_ZONE_WORDS = {"wib": 7, "wita": 8, "wit": 9}
_SUFFIX = re.compile(r"\s*\b(wib|wita|wit)$", re.I)
_CLOCK = r"(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]+)?)?)?$"
_DAY_FIRST = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})" + _CLOCK, re.ASCII)
_YEAR_FIRST = re.compile(r"([0-9]{4})[/-]([0-9]{1,2})[/-]([0-9]{1,2})" + _CLOCK, re.ASCII)


def text(cell: Cell, name: str = "") -> str:
    """Text as written (trimmed); a number cell becomes its digits. NUL is refused."""
    if cell.__class__ is str:
        value = cell.strip()  # type: ignore[union-attr]
    elif isinstance(cell, bool):
        value = "TRUE" if cell else "FALSE"
    elif isinstance(cell, int):
        value = str(cell)
    elif isinstance(cell, float):
        value = str(int(cell)) if cell.is_integer() else repr(cell)
    elif isinstance(cell, datetime | date | time):
        value = cell.isoformat()
    else:
        value = "" if cell is None else str(cell).strip()
    if "\x00" in value:
        raise Invalid(_("holds a NUL character (export the file again)"))
    limit = MAX_LENGTH.get(name, DEFAULT_MAX_LENGTH)
    if len(value) > limit:
        raise Invalid(_("longer than {n} characters").format(n=limit))
    return value


def identifier(cell: Cell, name: str = "") -> str:
    """A platform id: text only. A number cell has lost digits (18-19 digit ids do not fit a
    spreadsheet number), so it is refused with how to export again; never guessed."""
    if cell.__class__ is str and cell.isascii() and cell.isalnum() and len(cell) <= 64:  # type: ignore[union-attr]
        return cell  # type: ignore[return-value]  # the common case: letters and digits only
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        raise Invalid(_(
            "the id arrived as a number ({value}), so the spreadsheet may have dropped digits; "
            "download the export again and open it without re-saving (or format the column "
            "as Text before saving)"
        ).format(value=_number_text(cell)))  # fmt: skip
    value = text(cell, name)
    # 5.76843E+17, 5,76843E+17 (a spreadsheet in Indonesian), 576843201234567890.0: a number
    if re.fullmatch(r"[0-9]+(?:[.,][0-9]*)?[eE][+-]?[0-9]+|[0-9]+[.,]0+", value, re.ASCII):
        raise Invalid(_(
            "the id is written as {value}: a spreadsheet has turned it into a number and "
            "dropped digits; download the export again and import it as it came"
        ).format(value=value))  # fmt: skip
    if any(ch.isspace() for ch in value):
        raise Invalid(_("an id holds no spaces: {value!r}").format(value=value))
    return value


def _number_text(cell: int | float) -> str:
    if isinstance(cell, float) and math.isfinite(cell) and cell.is_integer():
        return f"{cell:.0f}"
    return str(cell)


def whole(cell: Cell, *, low: int, high: int) -> int:
    """A whole number from `low` to `high`, in ASCII digits (`²` and `٣` are refused)."""
    if cell.__class__ is str and cell.isascii() and cell.isdigit() and len(cell) <= 12:  # type: ignore[union-attr]
        value = int(cell)  # type: ignore[arg-type]
    elif isinstance(cell, bool):
        raise Invalid(_("not a whole number"))
    elif isinstance(cell, int):
        value = cell
    elif isinstance(cell, float):
        if not math.isfinite(cell) or not cell.is_integer():
            raise Invalid(_("not a whole number: {value}").format(value=cell))
        value = int(cell)
    else:
        written = text(cell)
        if not _ASCII_INT.fullmatch(written):
            raise Invalid(_("not a whole number: {value!r}").format(value=written))
        if len(written) > 12:
            raise Invalid(_("must be at most {n}").format(n=f"{high:,}".replace(",", ".")))
        value = int(written)
    if value < low:
        raise Invalid(_("must be at least {n}").format(n=low))
    if value > high:
        raise Invalid(_("must be at most {n}").format(n=f"{high:,}".replace(",", ".")))
    return value


def quantity(cell: Cell) -> int:
    return whole(cell, low=1, high=policy.MAX_QUANTITY.value)


def count(cell: Cell) -> int:
    """A count that may be 0 (returned quantity)."""
    return whole(cell, low=0, high=policy.MAX_QUANTITY.value)


def evidence(cell: Cell) -> int:
    return whole(cell, low=0, high=policy.MAX_EVIDENCE.value)


def rating(cell: Cell) -> int:
    try:
        return whole(cell, low=1, high=5)
    except Invalid:
        raise Invalid(_("must be from 1 to 5")) from None


def money(cell: Cell) -> int:
    """Integer rupiah: 89000, 89.000, 1.234.567, Rp89.000, Rp 89.000,00 or a number cell.
    Negative amounts, amounts with real cents and impossible amounts are refused."""
    bound = policy.MAX_REQUEST_AMOUNT.value
    if cell.__class__ is str and cell.isascii() and cell.isdigit() and len(cell) <= 15:  # type: ignore[union-attr]
        value = int(cell)  # type: ignore[arg-type]  # the common case, fast
    elif isinstance(cell, bool):
        raise Invalid(_("not an amount in rupiah"))
    elif isinstance(cell, int | float):
        if not math.isfinite(cell) or not float(cell).is_integer():
            raise Invalid(_("not a whole amount in rupiah: {value}").format(value=cell))
        value = int(cell)
    else:
        written = text(cell)
        prefix = _MONEY_PREFIX.match(written)
        sign = bool(prefix and prefix.group(1))
        body = written[prefix.end() :].replace(" ", "") if prefix else written
        value = _rupiah_digits(body)
        if value is None:
            raise Invalid(_(
                "not an amount in rupiah: {value!r} (write Rp1.234.567 or 1234567)"
            ).format(value=written))  # fmt: skip
        if sign:
            value = -value
    if value < 0:
        raise Invalid(_("must not be negative"))
    if value > bound:
        raise Invalid(_("above {limit}: no single request or order is that large").format(
            limit=format_rupiah(bound)))  # fmt: skip
    return value


def _rupiah_digits(body: str) -> int | None:
    if _ASCII_INT.fullmatch(body) and not body.startswith(("+", "-")):
        return int(body) if len(body) <= 15 else 10**15
    grouped = _GROUPED.fullmatch(body)
    if grouped:
        return int(re.sub(r"[.,]", "", body))
    cents = _ZERO_CENTS.fullmatch(body)
    if cents:
        return int(cents.group(1)) if len(cents.group(1)) <= 15 else 10**15
    if body.endswith((",00", ",0")) and _GROUPED.fullmatch(body.rsplit(",", 1)[0]):
        return int(re.sub(r"[.]", "", body.rsplit(",", 1)[0]))
    return None


class Clock:
    """Times of one import: the shop's zone for times without an offset, and `now` to
    refuse dates no export can hold."""

    def __init__(self, zone: tzinfo, now: datetime) -> None:
        self.zone = zone
        self.earliest = datetime(policy.EARLIEST_YEAR.value, 1, 1, tzinfo=zone).astimezone(UTC)
        self.latest = now.astimezone(UTC) + policy.FUTURE_TOLERANCE.delta
        self._read: dict[str, datetime] = {}  # exports repeat times (created, paid, ...)
        # "+07:00" by wall-clock hour ("21/11/2026 10"), "" where the zone's offset changes
        # within that hour (see _day_first)
        self._offsets: dict[str, str] = {}

    def time(self, cell: Cell) -> datetime:
        if cell.__class__ is str:
            known = self._read.get(cell)  # type: ignore[call-overload]
            if known is not None:
                return known
            moment = self._day_first(cell) or parse_time(cell, self.zone)  # type: ignore[arg-type]
        else:
            moment = parse_time(cell, self.zone)
        if moment < self.earliest:
            raise Invalid(_("before {year}: no export holds such a date").format(
                year=policy.EARLIEST_YEAR.value))  # fmt: skip
        if moment > self.latest:
            raise Invalid(_("more than a day in the future: no export holds such a date"))
        if cell.__class__ is str:
            if len(self._read) >= 65_536:  # bounded: a long file's times rarely come back
                self._read.clear()
            self._read[cell] = moment  # type: ignore[index]
        return moment

    def _day_first(self, written: str) -> datetime | None:
        """`21/11/2026 10:15:00` (TikTok's form, every time cell of its exports) in UTC, or
        None for anything else. The same moment parse_time gives, about twice as fast: one
        C parse with the hour's offset written in, instead of int() six times and a lookup
        in the zone's transitions per cell."""
        w = written
        if len(w) != 19 or w[2] != "/" or w[5] != "/" or not w.isascii():
            return None
        offset = self._offsets.get(w[:13])
        if offset is None:
            if len(self._offsets) >= 65_536:  # bounded, as _read
                self._offsets.clear()
            offset = self._offsets[w[:13]] = self._hour_offset(w)
        if not offset:
            return None
        try:
            return _iso(f"{w[6:10]}-{w[3:5]}-{w[0:2]}{w[10:]}{offset}").astimezone(UTC)
        except ValueError:
            return None  # parse_time says what is wrong

    def _hour_offset(self, w: str) -> str:
        """The zone's UTC offset throughout the wall-clock hour of `w` as `+07:00`, or "" if
        it changes within that hour or is not whole minutes. Within one hour the offset is
        the very `utcoffset` that parse_time's astimezone subtracts (fold 0 alike)."""
        try:
            hour = datetime(int(w[6:10]), int(w[3:5]), int(w[0:2]), int(w[11:13]))
            first = hour.replace(tzinfo=self.zone).utcoffset()
            last = (hour + _HOUR_END).replace(tzinfo=self.zone).utcoffset()
        except (ValueError, OverflowError):
            return ""
        if first is None or first != last or first % timedelta(minutes=1):
            return ""
        minutes = int(first / timedelta(minutes=1))
        sign = "-" if minutes < 0 else "+"
        return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


_HOUR_END = timedelta(minutes=59, seconds=59, microseconds=999_999)
_iso = datetime.fromisoformat


def parse_time(cell: Cell, shop_zone: tzinfo) -> datetime:
    """A time from an export as UTC. Naive times are the shop's wall clock.

    Accepts ISO 8601 (with offset or `Z`), `YYYY-MM-DD HH:MM[:SS]`, `YYYY/MM/DD ...`,
    `DD/MM/YYYY HH:MM[:SS]` (day first, as Indonesian exports write it), a trailing
    `WIB`/`WITA`/`WIT`, and spreadsheet date cells. A date alone means 00:00.
    """
    if isinstance(cell, datetime):
        moment = cell
    elif isinstance(cell, date):
        moment = datetime(cell.year, cell.month, cell.day)
    elif isinstance(cell, int | float) and not isinstance(cell, bool):
        raise Invalid(_("a number, not a date and time: {value}").format(value=cell))
    elif cell.__class__ is str and (moment := _quick_time(cell)) is not None:  # type: ignore[arg-type]
        pass
    else:
        written = text(cell)
        zone: tzinfo | None = None
        suffix = _SUFFIX.search(written)
        if suffix:
            zone = timezone(timedelta(hours=_ZONE_WORDS[suffix.group(1).lower()]))
            written = written[: suffix.start()].strip()
        moment = _parse_time_text(written)
        if zone is not None:
            if moment.tzinfo is not None:
                raise Invalid(_("has both an offset and a zone name: {value!r}").format(
                    value=written))  # fmt: skip
            moment = moment.replace(tzinfo=zone)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=shop_zone)
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise Invalid(_("not a date and time: {value!r}").format(value=str(cell))) from None


def _quick_time(written: str) -> datetime | None:
    """The two forms real exports use, read without regular expressions (most cells):
    `2026-11-21 10:15[:00]` (ISO, Shopee) and `21/11/2026 10:15:00` (TikTok, day first)."""
    if len(written) == 19 and written[2] == "/" and written[5] == "/" and written.isascii():
        w = written
        try:
            return datetime(int(w[6:10]), int(w[3:5]), int(w[0:2]), int(w[11:13]), int(w[14:16]),
                            int(w[17:19]))  # fmt: skip
        except ValueError:
            return None
    if written[:4].isdigit() and written.isascii():
        try:
            return datetime.fromisoformat(written)
        except ValueError:
            return None
    return None


def _parse_time_text(written: str) -> datetime:
    problem = Invalid(_(
        "not a date and time: {value!r} (write 2024-01-31 14:05 or an ISO 8601 time)"
    ).format(value=written))  # fmt: skip
    if not written or not written.isascii():
        raise problem
    for pattern, order in ((_DAY_FIRST, (3, 2, 1)), (_YEAR_FIRST, (1, 2, 3))):
        match = pattern.match(written)
        if match:
            groups = match.groups()
            year, month, day = (int(groups[i - 1]) for i in order)
            hour, minute, second = (int(g) if g else 0 for g in groups[3:6])
            try:
                return datetime(year, month, day, hour, minute, second)
            except ValueError:
                raise problem from None
    try:
        return datetime.fromisoformat(written)
    except ValueError:
        raise problem from None
