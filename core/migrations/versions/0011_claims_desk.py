"""Claims desk: acknowledged claim alarms (7, 2 and 1 days before the last day to file).

Revision ID: 0011_claims_desk
Revises: 0010_replies
Create Date: 2026-12-09
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.models import UTCDateTime

revision: str = "0011_claims_desk"
down_revision: str | None = "0010_replies"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claim_alarm_ack",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("marketplace", sa.String(20), nullable=False),
        sa.Column("order_id", sa.String(64), nullable=False),
        sa.Column("scenario", sa.String(30), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("acknowledged_by", sa.String(64), nullable=False),
        sa.Column("acknowledged_at", UTCDateTime(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.UniqueConstraint(
            "marketplace", "order_id", "scenario", "days", name="uq_claim_alarm_ack"
        ),
    )


def downgrade() -> None:
    op.drop_table("claim_alarm_ack")
