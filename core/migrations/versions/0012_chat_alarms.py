"""Buyer chat alarms: which alarm of which waiting chat somebody acknowledged.

Revision ID: 0012_chat_alarms
Revises: 0011_claims_desk
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.models import UTCDateTime

revision: str = "0012_chat_alarms"
down_revision: str | None = "0011_claims_desk"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chat_alarm_ack",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("message_pk", sa.Integer(), sa.ForeignKey("chat_message.id"), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.Column("acknowledged_by", sa.String(64), nullable=False),
        sa.Column("acknowledged_at", UTCDateTime(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.UniqueConstraint("message_pk", "hours", name="uq_chat_alarm_ack"),
    )
    op.create_index("ix_chat_alarm_ack_message_pk", "chat_alarm_ack", ["message_pk"])


def downgrade() -> None:
    op.drop_index("ix_chat_alarm_ack_message_pk", "chat_alarm_ack")
    op.drop_table("chat_alarm_ack")
