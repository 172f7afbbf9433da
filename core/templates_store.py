"""Reply templates in the store: the library, supervisors' edits and every real use.

Every save runs the template's checks (core.templates.problems: conduct rules included),
so a template that breaks a rule of DOMAIN.md §7 is never stored. A use is recorded when a
person copies a filled template for a request: the end-of-day checklist counts them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlmodel import col

from core import audit
from core.db import Store
from core.errors import Refused
from core.i18n import _
from core.models import ReplyTemplate, TemplateUse
from core.permissions import require
from core.templates import DEFAULTS, problems


@dataclass(frozen=True)
class TemplateRow:
    key: str
    language: str
    title: str
    body: str
    uses: int
    updated_by: str
    updated_at: datetime


def list_templates(store: Store, language: str | None = None) -> list[TemplateRow]:
    """Every template (or those of one language) with its uses, by key, the shop's
    language (setting shop_language) first: a list opens on a template staff can send."""
    from core.settings import current

    first = current(store, "shop_language")
    with store.read() as session:
        uses = dict(
            ((key, lang), int(n))
            for key, lang, n in session.execute(
                select(TemplateUse.template_key, TemplateUse.language, func.count()).group_by(
                    col(TemplateUse.template_key), col(TemplateUse.language)
                )
            )
        )
        query = select(ReplyTemplate).order_by(col(ReplyTemplate.key), col(ReplyTemplate.language))
        if language is not None:
            query = query.where(col(ReplyTemplate.language) == language)
        rows = session.execute(query).scalars().all()
        return [
            TemplateRow(
                r.key,
                r.language,
                r.title,
                r.body,
                uses.get((r.key, r.language), 0),
                r.updated_by,
                r.updated_at,
            )
            for r in sorted(rows, key=lambda r: (r.key, r.language != first, r.language))
        ]


def get(store: Store, key: str, language: str) -> TemplateRow:
    for row in list_templates(store, language):
        if row.key == key:
            return row
    raise Refused(_("There is no template {key} ({language}).").format(key=key, language=language),
                  "missing")  # fmt: skip


def save(
    store: Store, *, key: str, language: str, title: str, body: str, login: str,
    now: datetime, new: bool,
) -> TemplateRow:  # fmt: skip
    """Add (`new`) or change a template; refused with every reason when it may not be saved."""
    now = now.astimezone(UTC)
    found = problems(key, language, title, body)
    if found:
        raise Refused(_("The template was not saved:") + "\n- " + "\n- ".join(found), "conduct")
    with store.write() as session:
        actor = require(session, login, "template_edit")
        row = session.execute(
            select(ReplyTemplate).where(col(ReplyTemplate.key) == key,
                                        col(ReplyTemplate.language) == language)
        ).scalar_one_or_none()  # fmt: skip
        if new and row is not None:
            raise Refused(_("A template {key} ({language}) already exists: edit it instead.")
                          .format(key=key, language=language), "exists")  # fmt: skip
        if not new and row is None:
            raise Refused(_("There is no template {key} ({language}).").format(
                key=key, language=language), "missing")  # fmt: skip
        if row is None:
            row = ReplyTemplate(key=key, language=language, title=title.strip(), body=body,
                                created_by=actor.login, created_at=now, updated_by=actor.login,
                                updated_at=now)  # fmt: skip
            session.add(row)
        else:
            row.title, row.body, row.updated_by, row.updated_at = (
                title.strip(), body, actor.login, now)  # fmt: skip
        audit.append(session, at=now, actor=actor.login,
                     action="template_add" if new else "template_edit", touches=[row],
                     detail={"key": key, "language": language, "body": body})  # fmt: skip
    return get(store, key, language)


def delete(store: Store, *, key: str, language: str, login: str, now: datetime) -> None:
    now = now.astimezone(UTC)
    with store.write() as session:
        actor = require(session, login, "template_edit")
        row = session.execute(
            select(ReplyTemplate).where(col(ReplyTemplate.key) == key,
                                        col(ReplyTemplate.language) == language)
        ).scalar_one_or_none()  # fmt: skip
        if row is None:
            raise Refused(_("There is no template {key} ({language}).").format(
                key=key, language=language), "missing")  # fmt: skip
        session.delete(row)
        audit.append(session, at=now, actor=actor.login, action="template_delete",
                     detail={"key": key, "language": language, "body": row.body})  # fmt: skip


def record_use(
    store: Store, *, key: str, language: str, request_pk: int | None, login: str,
    now: datetime,
) -> None:  # fmt: skip
    """A person copied this template, filled, for a request (or for a chat)."""
    now = now.astimezone(UTC)
    with store.write() as session:
        actor = require(session, login, "template_use")
        use = TemplateUse(template_key=key, language=language, request_pk=request_pk,
                          login=actor.login, at=now)  # fmt: skip
        session.add(use)
        audit.append(session, at=now, actor=actor.login, action="template_use",
                     request_pk=request_pk, touches=[use],
                     detail={"key": key, "language": language})  # fmt: skip


def uses_since(store: Store, since: datetime) -> int:
    with store.read() as session:
        return int(session.execute(
            select(func.count()).select_from(TemplateUse)
            .where(col(TemplateUse.at) >= since.astimezone(UTC))
        ).scalar_one())  # fmt: skip


def library(store: Store, *, login: str, now: datetime) -> list[TemplateRow]:
    """The template library for `login`; on its first use by staff the default one is put
    in. A library already there is only read (no write lock on every reply)."""
    from core.permissions import member_of

    rows = list_templates(store)
    if not rows and member_of(store, login) is not None:
        seed_defaults(store, login=login, now=now)
        rows = list_templates(store)
    return rows


def seed_defaults(store: Store, *, login: str, now: datetime) -> int:
    """Put the default library in a store that has no template yet; returns how many."""
    now = now.astimezone(UTC)
    with store.write() as session:
        if session.execute(select(func.count()).select_from(ReplyTemplate)).scalar_one():
            return 0
        rows = [
            ReplyTemplate(
                key=key,
                language=lang,
                title=title,
                body=body,
                created_by=login,
                created_at=now,
                updated_by=login,
                updated_at=now,
            )
            for key, lang, title, body in DEFAULTS
        ]
        session.add_all(rows)
        audit.append(session, at=now, actor=login, action="template_defaults", touches=rows,
                     detail={"templates": len(rows)})  # fmt: skip
        return len(rows)
