"""One terminal of the concurrency test, run in its own process (see test_concurrency.py)."""

from __future__ import annotations

import traceback
from typing import Any

from core import actions
from core.actions import Refused
from core.db import open_store
from core.workflow import RequestType
from tests.helpers import FIXED_NOW, code_of


def take_all(url: str, login: str) -> dict[str, Any]:
    """Take the next request of the queue until none is left."""
    store = open_store(url)
    taken, errors = [], []
    try:
        while True:
            try:
                row = actions.take_next(store, kind=RequestType.RESEND, login=login, now=FIXED_NOW)
            except Refused as refused:
                errors.append(f"refused: {refused.message}")
                break
            if row is None:
                break
            taken.append(row.pk)
    except Exception:  # anything else (e.g. "database is locked") would reach a user
        errors.append(traceback.format_exc())
    store.close()
    return {"login": login, "taken": taken, "errors": errors}


def reject_each(url: str, login: str, targets: list[tuple[int, int]]) -> dict[str, Any]:
    """Try to reject every request of `targets` (pk, version shown) in the same order."""
    store = open_store(url)
    done, refused_count, errors = [], 0, []
    for pk, version in targets:
        try:
            actions.decide(store, pk=pk, action="reject", login=login, version=version,
                           now=FIXED_NOW, confirmation=code_of(store, pk),
                           reject_reason="wrong_request_type")  # fmt: skip
            done.append(pk)
        except Refused:
            refused_count += 1  # another terminal was first: expected, and said so
        except Exception:
            errors.append(traceback.format_exc())
    store.close()
    return {"login": login, "done": done, "refused": refused_count, "errors": errors}


def first_login(url: str, login: str) -> dict[str, Any]:
    """A login starting Purna on a store without staff: the first one becomes supervisor."""
    from core import staff

    store = open_store(url)
    errors, supervisor = [], False
    try:
        supervisor = staff.ensure_first_supervisor(store, login, FIXED_NOW) is not None
    except Exception:
        errors.append(traceback.format_exc())
    store.close()
    return {"login": login, "supervisor": supervisor, "errors": errors}


def import_once(url: str, login: str, path: str) -> dict[str, Any]:
    """Import one file; another terminal may be importing the same file right now."""
    from pathlib import Path

    from core.errors import Busy
    from core.importer import import_file

    store = open_store(url)
    errors, outcome = [], ""
    try:
        result = import_file(store, Path(path), now=FIXED_NOW, actor=login)
        outcome = (f"inserted {result.inserted}" if result.inserted
                   else f"unchanged {result.unchanged}")  # fmt: skip
    except Busy:
        outcome = "busy"  # said in words: "another terminal is writing, try again"
    except Exception:
        errors.append(traceback.format_exc())
    store.close()
    return {"login": login, "outcome": outcome, "errors": errors}
