"""Shop-wide settings a supervisor may change, each checked before it is stored.

`shop_zone` (IANA name, default Asia/Jakarta), `refund_supervisor_above` (rupiah,
default from the policy table), `label_dir` and `label_printer` (where shelf labels go),
`shop_language` (id or en: the language the shop writes to its buyers in; reply templates
in it come first).
Changes are audited.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core import audit, policy
from core.db import Store
from core.errors import Refused
from core.formatting import parse_rupiah
from core.i18n import _
from core.models import Setting
from core.permissions import require
from core.shifts import DEFAULT_TEXT as DEFAULT_PLAN
from core.shifts import ShiftError, parse_plan, plan_text


class SettingError(Refused):
    """The setting was not changed; the message says why."""

    def __init__(self, message: str, reason: str = "input") -> None:
        super().__init__(message, reason)


def _zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingError(
            _("'{value}' is not a time zone (e.g. Asia/Jakarta, Asia/Makassar)").format(value=value)
        ) from None
    return value


def _amount(value: str) -> str:
    try:
        amount = parse_rupiah(value)
    except ValueError:
        raise SettingError(_("'{value}' is not an amount in rupiah").format(value=value)) from None
    if amount < 0:
        raise SettingError(_("the amount must not be negative"))
    return str(amount)


def _folder(value: str) -> str:
    if value and not Path(value).expanduser().is_absolute():
        raise SettingError(_("write the folder as a full path, e.g. /srv/purna/labels"))
    return value


def _printer(value: str) -> str:
    from core.labels import parse_printer

    try:
        parse_printer(value)
    except ValueError as exc:
        raise SettingError(str(exc)) from None
    return value


def _plan(value: str) -> str:
    try:
        return plan_text(parse_plan(value))
    except ShiftError as exc:
        raise SettingError(
            _(
                "the shifts must follow one another and cover 24 hours, written like "
                '"Pagi=07:00-15:00, Siang=15:00-23:00, Malam=23:00-07:00" ({problem})'
            ).format(problem=exc)
        ) from None


def _switch(value: str) -> str:
    if value.lower() not in ("on", "off"):
        raise SettingError(_("write on or off"))
    return value.lower()


def _language(value: str) -> str:
    from core.templates import LANGUAGES

    if value.lower() not in LANGUAGES:
        raise SettingError(_("write id or en"))
    return value.lower()


def _per_day(value: str) -> str:
    if not value.isdigit() or not 1 <= int(value) <= 48:
        raise SettingError(_("write a number of times per day from 1 to 48"))
    return value


DEFAULTS: dict[str, str] = {
    "shifts": DEFAULT_PLAN,
    "campaign_mode": "off",
    "review_per_day": str(policy.DASHBOARD_CHECKS_PER_DAY.value),
    "campaign_review_per_day": str(policy.CAMPAIGN_CHECKS_PER_DAY.value),
    "refund_supervisor_above": str(policy.REFUND_SUPERVISOR_ABOVE.value),
    "shop_zone": policy.DEFAULT_SHOP_ZONE,
    "label_dir": "",  # empty: the labels folder beside the default database
    # e.g. "lp -d zebra -o raw", "tcp://10.0.0.9:9100"; empty: labels are written as files only
    "label_printer": "",
    "shop_language": "id",  # the buyers' language: Indonesian marketplaces
}
_CHECKS: dict[str, Callable[[str], str]] = {
    "shifts": _plan,
    "campaign_mode": _switch,
    "review_per_day": _per_day,
    "campaign_review_per_day": _per_day,
    "refund_supervisor_above": _amount,
    "shop_zone": _zone,
    "label_dir": _folder,
    "label_printer": _printer,
    "shop_language": _language,
}


def current(store: Store, key: str) -> str:
    """The value of setting `key` now: stored, else its default."""
    return store.setting(key, DEFAULTS[key])


def label_dir(store: Store) -> Path:
    """Where label files are written (setting label_dir, else the user's data folder)."""
    configured = current(store, "label_dir")
    if configured:
        return Path(configured).expanduser()
    from core.location import default_path

    return default_path().parent / "labels"


def read_all(store: Store) -> dict[str, str]:
    with store.read() as session:
        return {key: (session.get(Setting, key) or Setting(key=key, value=default)).value
                for key, default in DEFAULTS.items()}  # fmt: skip


def change(store: Store, key: str, value: str, *, by: str, now: datetime) -> str:
    """Store `value` for `key` after checking it; only a supervisor may."""
    if key not in DEFAULTS:
        raise SettingError(_("unknown setting {key!r}").format(key=key))
    value = _CHECKS[key](value.strip())
    with store.write() as session:
        require(session, by, "setting")
        row = session.get(Setting, key)
        before = row.value if row else DEFAULTS[key]
        if row is None:
            row = Setting(key=key, value=value)
            session.add(row)
        else:
            row.value = value
        audit.append(session, at=now, actor=by, action="setting", touches=[row],
                     detail={"key": key, "before": before, "after": value})  # fmt: skip
    store.forget_settings()
    return value
