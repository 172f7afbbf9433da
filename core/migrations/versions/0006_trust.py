"""Trust: rows point at the event that last wrote them; numbered request events; the trail
refuses UPDATE and DELETE.

Rows already in an upgraded store are anchored to one `store_upgraded` event, and each
request is carried over at its current version by a `carried_over` event, so that
`purna audit verify` can cross-check every row from here on.

Revision ID: 0006_trust
Revises: 0005_shifts_handover
Create Date: 2026-11-30
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0006_trust"
down_revision: str | None = "0005_shifts_handover"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

TABLES = (
    "request", "orders", "review", "staff", "setting", "shelf_location", "shelf_item",
    "unmatched_parcel", "shift_pic", "handover", "alarm_ack", "queue_review",
)  # fmt: skip


def upgrade() -> None:
    from core import audit
    from core.identity import current_login

    op.add_column("audit_event", sa.Column("request_version", sa.Integer(), nullable=True))
    for table in TABLES:
        op.add_column(table, sa.Column("event_id", sa.Integer(), nullable=True))
    connection = op.get_bind()
    counts = {
        table: int(connection.execute(sa.text(
            f"SELECT count(*) FROM \"{table}\"" + (" WHERE key <> 'audit_head'"
                                                   if table == "setting" else "")
        )).scalar_one())
        for table in TABLES
    }  # fmt: skip
    if any(counts.values()):
        now = datetime.now(UTC)
        who = current_login()
        [anchor] = audit.append_many(connection, [audit.Spec(
            at=now, actor=who, action="store_upgraded", detail={"rows": counts})])  # fmt: skip
        for table in TABLES:
            connection.execute(sa.text(f'UPDATE "{table}" SET event_id = :e'), {"e": anchor})
        requests = connection.execute(
            sa.text("SELECT id, version, state FROM request ORDER BY id")
        ).all()
        ids = audit.append_many(connection, [
            audit.Spec(at=now, actor=who, action=audit.CARRIED_OVER, request_pk=pk,
                       request_version=version, before_state=state, after_state=state)
            for pk, version, state in requests
        ])  # fmt: skip
        connection.execute(
            sa.text("UPDATE request SET event_id = :e WHERE id = :pk"),
            [{"e": event, "pk": pk} for event, (pk, _v, _s) in zip(ids, requests, strict=True)],
        )
    for statement in audit.APPEND_ONLY[connection.dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    from core import audit

    for statement in audit.DROP_APPEND_ONLY[op.get_bind().dialect.name]:
        op.execute(statement)
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("event_id")
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_column("request_version")
