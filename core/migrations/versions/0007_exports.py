"""Real exports: requests with several items, the platform's status beside Purna's, requests
without a known request time, richer orders, and the metrics' indexes.

Every existing request's single SKU becomes its first item.

Revision ID: 0007_exports
Revises: 0006_trust
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.models import UTCDateTime

revision: str = "0007_exports"
down_revision: str | None = "0006_trust"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "request_item",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("request_pk", sa.Integer(), sa.ForeignKey("request.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(100), nullable=False),
        sa.Column("product_name", sa.String(500), nullable=True),
        sa.Column("variation", sa.String(200), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("condition", sa.String(20), nullable=True),
        sa.UniqueConstraint("request_pk", "position", name="uq_request_item"),
    )
    op.create_index("ix_request_item_request_pk", "request_item", ["request_pk"])
    with op.batch_alter_table("request") as batch:
        batch.alter_column("created_at", existing_type=UTCDateTime(), nullable=True)
        batch.alter_column("respond_by", existing_type=UTCDateTime(), nullable=True)
        batch.alter_column("evidence_count", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("item_count", sa.Integer(), nullable=False,
                                   server_default="1"))  # fmt: skip
        batch.add_column(sa.Column("platform_status", sa.String(60), nullable=True))
        batch.add_column(sa.Column("platform_outcome", sa.String(20), nullable=True))
        batch.add_column(sa.Column("platform_sub_status", sa.String(100), nullable=True))
        batch.add_column(sa.Column("compensation_amount", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("refunded_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("source_format", sa.String(20), nullable=True))
        batch.create_index("ix_request_created_at", ["created_at"])
    op.execute(
        "INSERT INTO request_item (request_pk, position, sku, product_name, quantity, amount, "
        "condition) SELECT id, 1, sku, product_name, quantity, amount, inspection FROM request"
    )
    with op.batch_alter_table("orders") as batch:
        batch.add_column(sa.Column("quantity", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("amount", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("created_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("shipped_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("sub_status", sa.String(100), nullable=True))
        batch.add_column(sa.Column("source_format", sa.String(20), nullable=True))
        batch.drop_index("ix_orders_delivered_at")
        batch.create_index(
            "ix_orders_delivered_lines", ["delivered_at", "marketplace", "order_id", "sku"]
        )
    with op.batch_alter_table("review") as batch:
        batch.drop_index("ix_review_created_at")
        batch.create_index(
            "ix_review_created_rating", ["created_at", "rating", "marketplace", "order_id", "sku"]
        )
    with op.batch_alter_table("shelf_item") as batch:
        batch.add_column(sa.Column("request_item_pk", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_shelf_item_request_item", "request_item", ["request_item_pk"], ["id"]
        )
    op.execute(
        "UPDATE shelf_item SET request_item_pk = (SELECT i.id FROM request_item i "
        "WHERE i.request_pk = shelf_item.request_pk AND i.position = 1) "
        "WHERE request_pk IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("shelf_item") as batch:
        batch.drop_constraint("fk_shelf_item_request_item", type_="foreignkey")
        batch.drop_column("request_item_pk")
    with op.batch_alter_table("review") as batch:
        batch.drop_index("ix_review_created_rating")
        batch.create_index("ix_review_created_at", ["created_at"])
    with op.batch_alter_table("orders") as batch:
        batch.drop_index("ix_orders_delivered_lines")
        batch.create_index("ix_orders_delivered_at", ["delivered_at"])
        for column in ("source_format", "sub_status", "shipped_at", "created_at", "amount",
                       "quantity"):  # fmt: skip
            batch.drop_column(column)
    with op.batch_alter_table("request") as batch:
        batch.drop_index("ix_request_created_at")
        for column in ("source_format", "refunded_at", "compensation_amount",
                       "platform_sub_status", "platform_outcome", "platform_status",
                       "item_count"):  # fmt: skip
            batch.drop_column(column)
    op.drop_table("request_item")
