"""Logistics claims: a claim per order and scenario, and the evidence attached to it.

Revision ID: 0008_claims
Revises: 0007_exports
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.models import UTCDateTime

revision: str = "0008_claims"
down_revision: str | None = "0007_exports"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claim",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("marketplace", sa.String(20), nullable=False),
        sa.Column("order_id", sa.String(64), nullable=False),
        sa.Column("scenario", sa.String(30), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("request_pk", sa.Integer(), sa.ForeignKey("request.id"), nullable=True),
        sa.Column("awb", sa.String(100), nullable=True),
        sa.Column("courier", sa.String(100), nullable=True),
        sa.Column("basis_at", UTCDateTime(), nullable=True),
        sa.Column("basis", sa.String(20), nullable=False),
        sa.Column("deadline", UTCDateTime(), nullable=True),
        sa.Column("seal_intact", sa.Boolean(), nullable=False),
        sa.Column("awb_matches", sa.Boolean(), nullable=False),
        sa.Column("amount_claimed", sa.BigInteger(), nullable=True),
        sa.Column("compensation", sa.BigInteger(), nullable=True),
        sa.Column("compensation_source", sa.String(10), nullable=True),
        sa.Column("ticket_ref", sa.String(100), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("opened_by", sa.String(64), nullable=False),
        sa.Column("opened_at", UTCDateTime(), nullable=False),
        sa.Column("filed_at", UTCDateTime(), nullable=True),
        sa.Column("answered_at", UTCDateTime(), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.UniqueConstraint("marketplace", "order_id", "scenario", name="uq_claim_key"),
    )
    op.create_index("ix_claim_order_id", "claim", ["order_id"])
    op.create_index("ix_claim_state_deadline", "claim", ["state", "deadline"])
    op.create_table(
        "claim_evidence",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("claim_pk", sa.Integer(), sa.ForeignKey("claim.id"), nullable=False),
        sa.Column("item_key", sa.String(40), nullable=False),
        sa.Column("ref", sa.String(500), nullable=False),
        sa.Column("added_by", sa.String(64), nullable=False),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
    )
    op.create_index("ix_claim_evidence_claim_pk", "claim_evidence", ["claim_pk"])


def downgrade() -> None:
    op.drop_index("ix_claim_evidence_claim_pk", table_name="claim_evidence")
    op.drop_table("claim_evidence")
    op.drop_index("ix_claim_state_deadline", table_name="claim")
    op.drop_index("ix_claim_order_id", table_name="claim")
    op.drop_table("claim")
