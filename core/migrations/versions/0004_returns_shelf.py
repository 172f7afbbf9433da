"""Receiving returns: inspection condition, note and evidence; shelf and unmatched parcels.

Inspection results of 0003 ("passed" / "failed") become conditions ("as_described" /
"damaged"): a failed inspection is at least a damaged item.

Revision ID: 0004_returns_shelf
Revises: 0003_decisions
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.models import UTCDateTime

revision: str = "0004_returns_shelf"
down_revision: str | None = "0003_decisions"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("request") as batch:
        batch.add_column(sa.Column("inspection_note", sa.Text(), nullable=True))
        batch.add_column(sa.Column("inspection_evidence", sa.Text(), nullable=True))
    op.execute("UPDATE request SET inspection = 'as_described' WHERE inspection = 'passed'")
    op.execute("UPDATE request SET inspection = 'damaged' WHERE inspection = 'failed'")
    op.create_table(
        "shelf_location",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("area", sa.String(20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "unmatched_parcel",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(100), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("received_by", sa.String(64), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("matched_request_pk", sa.Integer(), sa.ForeignKey("request.id"), nullable=True),
        sa.Column("matched_at", UTCDateTime(), nullable=True),
        sa.Column("matched_by", sa.String(64), nullable=True),
    )
    op.create_index("ix_unmatched_parcel_code", "unmatched_parcel", ["code"])
    op.create_table(
        "shelf_item",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("request_pk", sa.Integer(), sa.ForeignKey("request.id"), nullable=True),
        sa.Column("parcel_pk", sa.Integer(), sa.ForeignKey("unmatched_parcel.id"), nullable=True),
        sa.Column("sku", sa.String(100), nullable=True),
        sa.Column("condition", sa.String(20), nullable=True),
        sa.Column("location", sa.String(40), sa.ForeignKey("shelf_location.code"), nullable=False),
        sa.Column("placed_at", UTCDateTime(), nullable=False),
        sa.Column("placed_by", sa.String(64), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("decided_by", sa.String(64), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
    )
    op.create_index("ix_shelf_item_request_pk", "shelf_item", ["request_pk"])
    op.create_index("ix_shelf_item_active", "shelf_item", ["outcome", "location"])


def downgrade() -> None:
    for table in ("shelf_item", "unmatched_parcel", "shelf_location"):
        op.drop_table(table)
    op.execute("UPDATE request SET inspection = 'passed' WHERE inspection = 'as_described'")
    op.execute(
        "UPDATE request SET inspection = 'failed' WHERE inspection IS NOT NULL "
        "AND inspection <> 'passed'"
    )
    with op.batch_alter_table("request") as batch:
        batch.drop_column("inspection_evidence")
        batch.drop_column("inspection_note")
