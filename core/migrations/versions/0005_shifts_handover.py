"""Shifts and handover: PIC per shift, handovers, queue reviews, acknowledged alarms.

Revision ID: 0005_shifts_handover
Revises: 0004_returns_shelf
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.models import UTCDateTime

revision: str = "0005_shifts_handover"
down_revision: str | None = "0004_returns_shelf"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "shift_pic",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("shift", sa.String(40), nullable=False),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("login", sa.String(64), sa.ForeignKey("staff.login"), nullable=False),
        sa.Column("assigned_by", sa.String(64), nullable=False),
        sa.Column("assigned_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("shift", "day", name="uq_shift_pic"),
    )
    op.create_table(
        "handover",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("shift", sa.String(40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("to_shift", sa.String(40), nullable=False),
        sa.Column("to_day", sa.Date(), nullable=False),
        sa.Column("handed_by", sa.String(64), nullable=False),
        sa.Column("handed_at", UTCDateTime(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("acknowledged_by", sa.String(64), nullable=True),
        sa.Column("acknowledged_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_handover_to", "handover", ["to_day", "to_shift"])
    op.create_table(
        "queue_review",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("login", sa.String(64), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("request_type", sa.String(20), nullable=False),
    )
    op.create_index("ix_queue_review_at", "queue_review", ["at"])
    op.create_table(
        "alarm_ack",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("request_pk", sa.Integer(), sa.ForeignKey("request.id"), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.Column("acknowledged_by", sa.String(64), nullable=False),
        sa.Column("acknowledged_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("request_pk", "hours", name="uq_alarm_ack"),
    )
    op.create_index("ix_alarm_ack_request_pk", "alarm_ack", ["request_pk"])


def downgrade() -> None:
    for table in ("alarm_ack", "queue_review", "handover", "shift_pic"):
        op.drop_table(table)
