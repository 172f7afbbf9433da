"""How money, durations and times look to a user: `Rp1.234.567`, `5 jam 12 mnt`, `22 Nov 19:05 WIB`.

One place for these so that every screen, export and command prints them alike.
Babel is imported lazily: this module sits on the path to the first frame.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo

from core.i18n import _, current_language

_RUPIAH = re.compile(r"^\s*(-)?\s*(?:rp\.?)?\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:,0+)?\s*$", re.I)


def format_rupiah(amount: int) -> str:
    """Integer rupiah as the platforms show it: `Rp1.234.567` (dot groups, no decimals)."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


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
    """A countdown no one misreads: `1 hr 2 jam`, `5 jam 12 mnt`, `12 mnt 05 dtk` (id) or
    `1 day 2 h`, `5 h 12 min`, `12 min 05 s` (en). (`1h` means a day in Indonesian and an
    hour to many readers, so units are words.) Negative durations get a minus sign.
    """
    total = int(delta.total_seconds())
    sign = "-" if total < 0 else ""
    total = abs(total)
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    if days:
        body = _("{days} day {hours} h").format(days=days, hours=hours)
    elif hours:
        body = _("{hours} h {minutes:02d} min").format(hours=hours, minutes=minutes)
    else:
        body = _("{minutes} min {seconds:02d} s").format(minutes=minutes, seconds=seconds)
    return sign + body


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
