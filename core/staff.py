"""Who may act: staff records with a role, matched to the OS login at the terminal.

The first login on an empty store becomes its supervisor, so a new shop can start at
once; after that only a supervisor adds people. An unknown login may look but not act.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import col

from core import audit
from core.db import Store
from core.errors import Refused
from core.i18n import _
from core.models import Staff
from core.permissions import Member, find, not_staff_message, require

ROLES = ("staff", "supervisor")
_LOGIN = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
# Members and the staff check live in core.permissions (the one rule of who may do what).
__all__ = ["ROLES", "Member", "StaffError", "add", "ensure_first_supervisor", "find",
           "list_staff", "not_staff_message"]  # fmt: skip


class StaffError(Refused):
    """A staff change was refused; the message says why."""

    def __init__(self, message: str, reason: str = "input") -> None:
        super().__init__(message, reason)


def _member(row: Staff) -> Member:
    return Member(row.login, row.name, row.role, row.active)


def list_staff(store: Store) -> list[Member]:
    with store.read() as session:
        rows = session.execute(select(Staff).order_by(col(Staff.login))).scalars().all()
    return [_member(row) for row in rows]


def ensure_first_supervisor(store: Store, login: str, now: datetime) -> Member | None:
    """On a store without any staff, make `login` its supervisor; returns it if so."""
    with store.write() as session:
        store.lock(session, "staff")  # two first logins at once: exactly one supervisor
        if session.execute(select(func.count()).select_from(Staff)).scalar_one():
            return None
        row = Staff(login=login, name=login, role="supervisor", active=True, created_at=now)
        session.add(row)
        audit.append(session, at=now, actor=login, action="staff_add", touches=[row],
                     detail={"login": login, "role": "supervisor", "first": True})  # fmt: skip
        return _member(row)


def add(store: Store, *, login: str, name: str, role: str, by: str, now: datetime) -> Member:
    """Register `login`; `by` must be a supervisor (or the store has no staff yet)."""
    if not _LOGIN.match(login):
        raise StaffError(_("'{login}' is not a valid login name").format(login=login))
    if role not in ROLES:
        raise StaffError(_("the role must be staff or supervisor"))
    if not name.strip():
        raise StaffError(_("a name is needed"))
    with store.write() as session:
        store.lock(session, "staff")
        require(session, by, "staff_add")
        existing = session.execute(
            select(Staff).where(col(Staff.login) == login)
        ).scalar_one_or_none()
        if existing is not None and existing.active:
            raise StaffError(_("'{login}' is already registered").format(login=login))
        if existing is not None:  # a former member comes back
            existing.name, existing.role, existing.active = name.strip(), role, True
            row = existing
        else:
            row = Staff(login=login, name=name.strip(), role=role, active=True, created_at=now)
            session.add(row)
        audit.append(session, at=now, actor=by, action="staff_add", touches=[row],
                     detail={"login": login, "name": name.strip(), "role": role})  # fmt: skip
        return _member(row)
