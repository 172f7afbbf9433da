"""Alembic migrations of the store. `HEAD_REVISION` lets a start-up skip Alembic when current.

Add a migration with:  alembic -x url=sqlite:///dev.db revision -m "what changes"
(run from this folder's parent with `-c` pointing at no file: see env.py), then
add it to KNOWN_REVISIONS (a store at a revision not listed is refused as foreign);
tests/core/test_migrations.py checks both.
"""

from pathlib import Path

MIGRATIONS_DIR = Path(__file__).parent
KNOWN_REVISIONS = (
    "0001_initial",
    "0002_notes_checks_settings",
    "0003_decisions",
    "0004_returns_shelf",
    "0005_shifts_handover",
    "0006_trust",
    "0007_exports",
    "0008_claims",
    "0009_insight",
    "0010_replies",
    "0011_claims_desk",
    "0012_chat_alarms",
    "0013_parcel_claims",
    "0014_reply_audit",
)
HEAD_REVISION = KNOWN_REVISIONS[-1]
