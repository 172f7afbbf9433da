"""Decisions: receipt, inspection, first response, holding reply, resend AWB; audit head.

The audit head (setting `audit_head` = "<id>:<hash>" of the newest event) lets
`purna audit verify` notice a deleted last event, which the hash chain alone cannot.

Revision ID: 0003_decisions
Revises: 0002_notes_checks_settings
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.models import UTCDateTime

revision: str = "0003_decisions"
down_revision: str | None = "0002_notes_checks_settings"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

GENESIS = "0" * 64


def upgrade() -> None:
    with op.batch_alter_table("request") as batch:
        batch.drop_index("ix_request_queue")
        batch.add_column(sa.Column("responded_at", UTCDateTime(), nullable=True))
        batch.add_column(
            sa.Column("answered", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("holding_reply_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("received_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("inspection", sa.String(20), nullable=True))
        batch.add_column(sa.Column("resend_awb", sa.String(100), nullable=True))
        batch.create_index(
            "ix_request_queue", ["is_open", "request_type", "answered", "respond_by", "id"]
        )
    connection = op.get_bind()
    last = connection.execute(
        sa.text("SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1")
    ).first()
    head = f"{last[0]}:{last[1]}" if last else f"0:{GENESIS}"
    connection.execute(
        sa.text("INSERT INTO setting (key, value) VALUES ('audit_head', :head)"), {"head": head}
    )


def downgrade() -> None:
    op.execute("DELETE FROM setting WHERE key = 'audit_head'")
    with op.batch_alter_table("request") as batch:
        batch.drop_index("ix_request_queue")
        for column in ("resend_awb", "inspection", "received_at", "holding_reply_at",
                       "answered", "responded_at"):  # fmt: skip
            batch.drop_column(column)
        batch.create_index("ix_request_queue", ["is_open", "request_type", "respond_by", "id"])
