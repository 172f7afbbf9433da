"""Purna's own data beside a request: notes and ticked checks; shop settings.

Revision ID: 0002_notes_checks_settings
Revises: 0001_initial
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.models import UTCDateTime

revision: str = "0002_notes_checks_settings"
down_revision: str | None = "0001_initial"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "request_note",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("request_pk", sa.Integer(), sa.ForeignKey("request.id"), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_index("ix_request_note_request_pk", "request_note", ["request_pk"])
    op.create_table(
        "request_check",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("request_pk", sa.Integer(), sa.ForeignKey("request.id"), nullable=False),
        sa.Column("check_key", sa.String(40), nullable=False),
        sa.Column("done_by", sa.String(64), nullable=False),
        sa.Column("done_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("request_pk", "check_key", name="uq_request_check"),
    )
    op.create_index("ix_request_check_request_pk", "request_check", ["request_pk"])
    op.create_table(
        "setting",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(500), nullable=False),
    )


def downgrade() -> None:
    for table in ("setting", "request_check", "request_note"):
        op.drop_table(table)
