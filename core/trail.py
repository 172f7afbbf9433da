"""An audit event's detail in words, for the history screen (and anything else showing one).

The audit trail stores keys (`type_matches_comment`, `right_item_received`, `damaged`);
people read titles. Every title comes from the table that defines the key (the checklists,
the guards, the reject reasons, the inspection conditions, the platform outcomes, the reason
categories), translated here, so no screen spells a key out. Unknown keys (from an older
Purna, or a future one) are shown as they are rather than dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.i18n import _
from core.workflow import CHECKLISTS, CONDITIONS, OUTCOME_TITLES


def check_title(key: str) -> str:
    """The checklist item `key` (any request type) as its translated title."""
    for items in CHECKLISTS.values():
        for item in items:
            if item.key == key:
                return _(item.title)
    from core.guards import REQUIREMENTS

    for requirements in REQUIREMENTS.values():
        for requirement in requirements:
            if requirement.key == key:
                return _(requirement.title)
    return key


def reject_reason_title(key: str) -> str:
    """The reject reason `key` (core.reject_reasons) as its translated title."""
    from core.reject_reasons import title_of

    title = title_of(key)
    return _(title) if title else key


def _condition(key: object) -> str:
    return _(CONDITIONS[key]) if isinstance(key, str) and key in CONDITIONS else str(key)


def _outcome(key: object) -> str:
    return _(OUTCOME_TITLES[key]) if isinstance(key, str) and key in OUTCOME_TITLES else str(key)


def _category(key: object) -> str:
    from core.reasons import Category

    try:
        return _(Category(str(key)).title)
    except ValueError:
        return str(key)


def describe(action: str, detail: Mapping[str, Any]) -> str:
    """The words of one event's `detail`: override reason, checks, reject reason and note,
    AWB, condition, note text, the platform's status, shelf places..."""
    from core.formatting import format_rupiah

    parts: list[str] = []
    if detail.get("override_reason"):
        parts.append(_("OVERRIDE: {reason}").format(reason=detail["override_reason"]))
        overridden = detail.get("overridden") or ()
        if overridden:
            parts.append(_("without: {checks}").format(
                checks=", ".join(check_title(str(k)) for k in overridden)))  # fmt: skip
    if "check" in detail:
        parts.append(check_title(str(detail["check"])))
    if detail.get("reject_reason"):
        parts.append(_("reason: {reason}").format(
            reason=reject_reason_title(str(detail["reject_reason"]))))  # fmt: skip
    if "amount" in detail and isinstance(detail["amount"], int):
        parts.append(format_rupiah(detail["amount"]))
    if detail.get("awb"):
        parts.append(_("AWB {awb}").format(awb=detail["awb"]))
    if detail.get("inspection"):
        parts.append(_condition(detail["inspection"]))
    conditions = detail.get("conditions")
    if isinstance(conditions, dict):
        parts.extend(f"{sku}: {_condition(c)}" for sku, c in conditions.items())
    if detail.get("note"):
        parts.append(_("note: {text}").format(text=detail["note"]))
    if detail.get("text"):
        parts.append(str(detail["text"]))
    if detail.get("holder"):
        parts.append(_("claimed by {who} until then").format(who=detail["holder"]))
    if action == "reason_tag" and "category" in detail:
        chosen = detail["category"]
        parts.append(_category(chosen) if chosen else _("not classified"))
    if "from" in detail and "to" in detail:
        parts.append(f"{detail['from']} → {detail['to']}")
    elif detail.get("location") and action in ("shelf_place", "restock", "shelf_location"):
        parts.append(_("shelf {location}").format(location=detail["location"]))
    if action == "dispose" and detail.get("reason"):
        parts.append(str(detail["reason"]))
    if detail.get("code") and action in ("parcel_matched", "parcel_unmatched"):
        parts.append(_("parcel {code}").format(code=detail["code"]))
    if detail.get("platform_status"):
        parts.append(_("platform: {status}").format(status=_outcome(detail["platform_status"])))
    if detail.get("file"):
        parts.append(_("file {name}").format(name=detail["file"]))
    if "changed" in detail:
        parts.append(", ".join(detail["changed"]))
    return "; ".join(parts)
