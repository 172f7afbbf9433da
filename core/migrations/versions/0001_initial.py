"""Initial schema: staff, orders, requests, reviews and the audit event log.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.models import UTCDateTime

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("login", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("login"),
    )
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("marketplace", sa.String(20), nullable=False),
        sa.Column("order_id", sa.String(64), nullable=False),
        sa.Column("sku", sa.String(100), nullable=False),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("delivered_at", UTCDateTime(), nullable=True),
        sa.Column("courier", sa.String(100), nullable=True),
        sa.Column("awb", sa.String(100), nullable=True),
        sa.Column("last_logistics_update_at", UTCDateTime(), nullable=True),
        sa.Column("logistics_status", sa.String(100), nullable=True),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("marketplace", "order_id", "sku", name="uq_orders_key"),
    )
    op.create_index("ix_orders_order_id", "orders", ["order_id"])
    op.create_index("ix_orders_awb", "orders", ["awb"])
    op.create_index("ix_orders_delivered_at", "orders", ["delivered_at"])
    op.create_table(
        "request",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("marketplace", sa.String(20), nullable=False),
        sa.Column("request_id", sa.String(64), nullable=False),
        sa.Column("order_id", sa.String(64), nullable=False),
        sa.Column("request_type", sa.String(20), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("respond_by", UTCDateTime(), nullable=False),
        sa.Column("buyer_name", sa.String(200), nullable=True),
        sa.Column("buyer_comment", sa.Text(), nullable=True),
        sa.Column("reason", sa.String(500), nullable=True),
        sa.Column("sku", sa.String(100), nullable=False),
        sa.Column("product_name", sa.String(500), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("evidence_count", sa.Integer(), nullable=False),
        sa.Column("return_awb", sa.String(100), nullable=True),
        sa.Column("state", sa.String(30), nullable=False),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("claimed_by", sa.String(64), sa.ForeignKey("staff.login"), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("marketplace", "request_id", name="uq_request_key"),
    )
    op.create_index("ix_request_order_id", "request", ["order_id"])
    op.create_index("ix_request_return_awb", "request", ["return_awb"])
    op.create_index("ix_request_queue", "request", ["is_open", "request_type", "respond_by", "id"])
    op.create_table(
        "review",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("marketplace", sa.String(20), nullable=False),
        sa.Column("order_id", sa.String(64), nullable=False),
        sa.Column("sku", sa.String(100), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("marketplace", "order_id", "sku", name="uq_review_key"),
    )
    op.create_index("ix_review_order_id", "review", ["order_id"])
    op.create_index("ix_review_created_at", "review", ["created_at"])
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("terminal", sa.String(200), nullable=False),
        sa.Column("request_pk", sa.Integer(), sa.ForeignKey("request.id"), nullable=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("before_state", sa.String(30), nullable=True),
        sa.Column("after_state", sa.String(30), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_audit_event_request_pk", "audit_event", ["request_pk"])


def downgrade() -> None:
    for table in ("audit_event", "review", "request", "orders", "staff"):
        op.drop_table(table)
