"""Insight: a request's reason category, supervisors' categories of reason texts, and the
follow-up of negative reviews.

Revision ID: 0009_insight
Revises: 0008_claims
Create Date: 2026-12-14
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.models import UTCDateTime

revision: str = "0009_insight"
down_revision: str | None = "0008_claims"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("request", sa.Column("category", sa.String(20), nullable=True))
    op.create_table(
        "reason_class",
        sa.Column("key", sa.String(500), primary_key=True),
        sa.Column("text", sa.String(500), nullable=False),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("set_by", sa.String(64), nullable=False),
        sa.Column("set_at", UTCDateTime(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
    )
    op.create_table(
        "review_follow_up",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("review_pk", sa.Integer(), sa.ForeignKey("review.id"), nullable=False),
        sa.Column("category", sa.String(20), nullable=True),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.UniqueConstraint("review_pk"),
    )


def downgrade() -> None:
    op.drop_table("review_follow_up")
    op.drop_table("reason_class")
    with op.batch_alter_table("request") as batch:
        batch.drop_column("category")
