"""Reply audit: the tables of replies and chat (reply templates, template uses, buyer chat
messages with their abusive-buyer marks, holiday-mode periods) join `core.audit.AUDITED_TABLES`,
so `purna audit verify` names a row of theirs whose event is gone.

Their rows already carry `event_id` (0010) and every write since fills it; a row that has
none (written before these tables were cross-checked) is anchored to one `store_upgraded`
event, as 0006 did for the tables of its time, so that the check starts from an intact store.

Revision ID: 0014_reply_audit
Revises: 0013_parcel_claims
Create Date: 2026-12-01
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0014_reply_audit"
down_revision: str | None = "0013_parcel_claims"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

TABLES = ("reply_template", "template_use", "chat_message", "holiday_mode")


def upgrade() -> None:
    from core import audit
    from core.identity import current_login

    connection = op.get_bind()
    counts = {
        table: int(connection.execute(
            sa.text(f'SELECT count(*) FROM "{table}" WHERE event_id IS NULL')).scalar_one())
        for table in TABLES
    }  # fmt: skip
    if not any(counts.values()):
        return
    [anchor] = audit.append_many(connection, [audit.Spec(
        at=datetime.now(UTC), actor=current_login(), action="store_upgraded",
        detail={"rows": {t: n for t, n in counts.items() if n}})])  # fmt: skip
    for table in TABLES:
        connection.execute(
            sa.text(f'UPDATE "{table}" SET event_id = :e WHERE event_id IS NULL'), {"e": anchor}
        )


def downgrade() -> None:
    """Nothing to undo in the schema: the anchor event stays, as every event does."""
