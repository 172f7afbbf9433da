"""The dashboard's first counts read with the standard library, while SQLAlchemy loads.

Importing SQLAlchemy and SQLModel takes longer than drawing the first frame, and the
morning PIC wants the counts at once. For an SQLite store already at the newest
schema this module answers `queries.dashboard` with plain `sqlite3`, read-only; a
test keeps both answers equal. Anything unusual (no file, an older schema, an error)
returns None and the workstation waits for the store as usual.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from core.deadlines import band_limits
from core.migrations import HEAD_REVISION
from core.rows import QUEUE_COLUMNS, TypeSummary, from_sqlite_time, queue_row, sqlite_time
from core.workflow import RequestType

_COUNTS = """
SELECT request_type, count(*),
       coalesce(sum(answered = 0 AND respond_by <= :now), 0),
       coalesce(sum(answered = 0 AND respond_by > :now AND respond_by < :urgent_end), 0),
       coalesce(sum(answered = 0 AND respond_by > :now AND respond_by < :soon_end), 0),
       coalesce(sum(answered = 0 AND respond_by IS NULL), 0)
FROM request WHERE is_open = 1 GROUP BY request_type
"""
_FIRST = (
    f"SELECT {', '.join(QUEUE_COLUMNS)} FROM request "
    "WHERE is_open = 1 AND request_type = ? ORDER BY answered, respond_by NULLS FIRST, id "
    "LIMIT 1"
)
_TIMES = (QUEUE_COLUMNS.index("created_at"), QUEUE_COLUMNS.index("respond_by"))


def dashboard(path: Path, now: datetime) -> list[TypeSummary] | None:
    """Same answer as `core.queries.dashboard`, or None if this file cannot give it quickly."""
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2)
    except sqlite3.Error:
        return None
    try:
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        if version is None or version[0] != HEAD_REVISION:
            return None
        urgent_end, soon_end = band_limits(now)
        bounds = {
            "now": sqlite_time(now),
            "urgent_end": sqlite_time(urgent_end),
            "soon_end": sqlite_time(soon_end),
        }
        counts = {row[0]: row[1:] for row in connection.execute(_COUNTS, bounds)}
        summaries = []
        for kind in RequestType:
            total, overdue, six, day, unknown = counts.get(kind.value, (0, 0, 0, 0, 0))
            first = None
            if total:
                values = list(connection.execute(_FIRST, (kind.value,)).fetchone())
                for index in _TIMES:
                    if values[index] is not None:
                        values[index] = from_sqlite_time(values[index])
                first = queue_row(values)
            summaries.append(TypeSummary(kind, total, overdue, six, day, first, unknown))
        return summaries
    except sqlite3.Error:
        return None
    finally:
        connection.close()
