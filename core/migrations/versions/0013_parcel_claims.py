"""Claims about unmatched parcels: a claim (and its alarm acknowledgement) keyed by the
parcel, its order id and marketplace unknown until someone finds them.

Revision ID: 0013_parcel_claims
Revises: 0012_chat_alarms
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_parcel_claims"
down_revision: str | None = "0012_chat_alarms"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claim") as batch:
        batch.alter_column("marketplace", existing_type=sa.String(20), nullable=True)
        batch.alter_column("order_id", existing_type=sa.String(64), nullable=True)
        batch.add_column(sa.Column("parcel_pk", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_claim_parcel_pk", "unmatched_parcel", ["parcel_pk"], ["id"])
    op.create_index("ix_claim_parcel_pk", "claim", ["parcel_pk"], unique=True)
    with op.batch_alter_table("claim_alarm_ack") as batch:
        batch.alter_column("marketplace", existing_type=sa.String(20), nullable=True)
        batch.alter_column("order_id", existing_type=sa.String(64), nullable=True)
        batch.add_column(sa.Column("parcel_pk", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_claim_alarm_ack_parcel_pk", "unmatched_parcel", ["parcel_pk"], ["id"]
        )
    op.create_index(
        "uq_claim_alarm_ack_parcel", "claim_alarm_ack", ["parcel_pk", "scenario", "days"],
        unique=True,
    )  # fmt: skip


def downgrade() -> None:
    # the older schema cannot hold a claim without an order id: those rows go
    op.execute("DELETE FROM claim_alarm_ack WHERE order_id IS NULL")
    op.execute(
        "DELETE FROM claim_evidence WHERE claim_pk IN (SELECT id FROM claim WHERE order_id IS NULL)"
    )
    op.execute("DELETE FROM claim WHERE order_id IS NULL")
    op.drop_index("uq_claim_alarm_ack_parcel", "claim_alarm_ack")
    with op.batch_alter_table("claim_alarm_ack") as batch:
        batch.drop_constraint("fk_claim_alarm_ack_parcel_pk", type_="foreignkey")
        batch.drop_column("parcel_pk")
        batch.alter_column("order_id", existing_type=sa.String(64), nullable=False)
        batch.alter_column("marketplace", existing_type=sa.String(20), nullable=False)
    op.drop_index("ix_claim_parcel_pk", "claim")
    with op.batch_alter_table("claim") as batch:
        batch.drop_constraint("fk_claim_parcel_pk", type_="foreignkey")
        batch.drop_column("parcel_pk")
        batch.alter_column("order_id", existing_type=sa.String(64), nullable=False)
        batch.alter_column("marketplace", existing_type=sa.String(20), nullable=False)
