"""Replies and conduct: reply templates and their uses, buyer chat messages, holiday mode.

Revision ID: 0010_replies
Revises: 0009_insight
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.models import UTCDateTime

revision: str = "0010_replies"
down_revision: str | None = "0009_insight"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reply_template",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("language", sa.String(5), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.UniqueConstraint("key", "language", name="uq_reply_template_key"),
    )
    op.create_table(
        "template_use",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("template_key", sa.String(64), nullable=False),
        sa.Column("language", sa.String(5), nullable=False),
        sa.Column("request_pk", sa.Integer(), sa.ForeignKey("request.id"), nullable=True),
        sa.Column("login", sa.String(64), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
    )
    op.create_index("ix_template_use_request_pk", "template_use", ["request_pk"])
    op.create_index("ix_template_use_at", "template_use", ["at"])
    op.create_table(
        "chat_message",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("marketplace", sa.String(20), nullable=False),
        sa.Column("conversation_id", sa.String(64), nullable=False),
        sa.Column("message_id", sa.String(64), nullable=False),
        sa.Column("order_id", sa.String(64), nullable=True),
        sa.Column("sender", sa.String(10), nullable=False),
        sa.Column("staff", sa.String(64), nullable=True),
        sa.Column("buyer_name", sa.String(200), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("auto_reply", sa.Boolean(), nullable=False),
        sa.Column("mark", sa.String(20), nullable=True),
        sa.Column("marked_by", sa.String(64), nullable=True),
        sa.Column("marked_at", UTCDateTime(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.UniqueConstraint("marketplace", "conversation_id", "message_id", name="uq_chat_message"),
    )
    op.create_index(
        "ix_chat_message_conversation",
        "chat_message",
        ["marketplace", "conversation_id", "sent_at"],
    )
    op.create_index("ix_chat_message_sent_at", "chat_message", ["sent_at"])
    op.create_table(
        "holiday_mode",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("set_by", sa.String(64), nullable=False),
        sa.Column("set_at", UTCDateTime(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("holiday_mode")
    op.drop_index("ix_chat_message_sent_at", table_name="chat_message")
    op.drop_index("ix_chat_message_conversation", table_name="chat_message")
    op.drop_table("chat_message")
    op.drop_index("ix_template_use_at", table_name="template_use")
    op.drop_index("ix_template_use_request_pk", table_name="template_use")
    op.drop_table("template_use")
    op.drop_table("reply_template")
