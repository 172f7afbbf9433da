"""How money, durations and times look to a user: `Rp1.234.567`, `5 jam 12 mnt`, `22 Nov 19:05 WIB`.

One place for these so that every screen, export and command prints them alike.
Babel is imported lazily: this module sits on the path to the first frame.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from core.i18n import _, current_language

if TYPE_CHECKING:
    from core.policy import Rule

_RUPIAH = re.compile(r"^\s*(-)?\s*(?:rp\.?)?\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:,0+)?\s*$", re.I)


def format_rupiah(amount: int) -> str:
    """Integer rupiah as the platforms show it: `Rp1.234.567` (dot groups, no decimals)."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


def parse_local_time(text: str, zone: tzinfo) -> datetime | None:
    """`2026-11-20 14:30` (or a date alone, read as its start) typed in shop time, or None."""
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), pattern).replace(tzinfo=zone)
        except ValueError:
            continue
    return None


def parse_rupiah(text: str) -> int:
    """Read `Rp1.234.567`, `1.234.567`, `1234567` (or `Rp 1.234.567,00`) as integer rupiah.

    Raises ValueError for anything else, including decimals that are not zero:
    the rupiah has no minor unit in marketplace exports.
    """
    match = _RUPIAH.match(text)
    if not match:
        raise ValueError(text)
    value = int(match.group(2).replace(".", ""))
    return -value if match.group(1) else value


def format_remaining(delta: timedelta) -> str:
    """The one countdown of every screen and command, that no one misreads:
    `1 hr 2 jam`, `2 jam 05 mnt`, `12 mnt 05 dtk` (id) or `1 d 2 h`, `2 h 05 min`,
    `12 min 05 s` (en). (`1h` means a day in Indonesian and an hour to many readers, so
    units are words.) A deadline already past reads as past: `lewat 1 hr 2 jam`,
    `overdue by 1 d 2 h`. Whole seconds, rounded towards zero.
    """
    total = int(delta.total_seconds())
    body = _duration(abs(total))
    return _("overdue by {time}").format(time=body) if total < 0 else body


def _duration(total: int) -> str:
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    if days:
        return _("{days} d {hours} h").format(days=days, hours=hours)
    if hours:
        return _("{hours} h {minutes:02d} min").format(hours=hours, minutes=minutes)
    return _("{minutes} min {seconds:02d} s").format(minutes=minutes, seconds=seconds)


def format_rule_value(rule: Rule) -> str:
    """A policy entry's value with its unit, as the policy screen and `purna policy` show it:
    `48 jam`, `Rp1.000.000`."""
    from core.policy import Unit

    if rule.unit is Unit.RUPIAH:
        return format_rupiah(rule.value)
    return f"{rule.value} {_(rule.unit.title)}"


def _babel_locale() -> str:
    return "id_ID" if current_language() == "id" else "en_GB"


def format_local(
    moment: datetime, zone: tzinfo, *, year: bool = False, weekday: bool = False
) -> str:
    """`moment` in the shop's zone: `22 Nov 19:05 WIB`, with year or weekday on request."""
    from babel.dates import format_datetime

    local = moment.astimezone(zone)
    pattern = ("EEE " if weekday else "") + ("d MMM y" if year else "d MMM") + " HH:mm"
    text = format_datetime(local, pattern, locale=_babel_locale())
    return f"{text} {local.tzname()}"


def format_local_date(moment: datetime, zone: tzinfo, *, weekday: bool = False) -> str:
    """The shop-local date of `moment`: `Sen, 24 Nov 2026` or `24 Nov 2026`."""
    from babel.dates import format_date

    local = moment.astimezone(zone)
    return format_date(
        local.date(), ("EEE, " if weekday else "") + "d MMM y", locale=_babel_locale()
    )


def format_date(day: date, *, weekday: bool = False) -> str:
    """A calendar date (`datetime.date`): `9 Feb 2024`."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(day, ("EEE, " if weekday else "") + "d MMM y", locale=_babel_locale())


def text_table(rows: Sequence[Sequence[str]], right: Collection[int] = ()) -> list[str]:
    """`rows` (the first one the header) as aligned plain-text lines for a command's
    output; the columns numbered in `right` (numbers, money) are right aligned."""
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(cell.rjust(width) if i in right else cell.ljust(width)
                  for i, (cell, width) in enumerate(zip(row, widths, strict=True))).rstrip()
        for row in rows
    ]  # fmt: skip
