"""Alembic migrations of the store. `HEAD_REVISION` lets a start-up skip Alembic when current.

Add a migration with:  alembic -x url=sqlite:///dev.db revision -m "what changes"
(run from this folder's parent with `-c` pointing at no file: see env.py), then
update HEAD_REVISION; tests/core/test_migrations.py checks both.
"""

from pathlib import Path

MIGRATIONS_DIR = Path(__file__).parent
HEAD_REVISION = "0005_shifts_handover"
