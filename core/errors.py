"""Every refusal a user can meet, as one exception family with a message for people.

A `PurnaError` means nothing (more) was changed; its `message` says what happened,
what was kept and what to do next. Screens show it in a dialog, commands print it and
exit 1: no condition a user can cause ends in a traceback.
"""

from __future__ import annotations

from datetime import datetime


class PurnaError(Exception):
    """A condition a person caused or can fix. `reason` is a short code for tests and logs."""

    def __init__(self, message: str, reason: str = "error") -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


class Refused(PurnaError):
    """A change was refused and nothing was changed. `missing` lists unmet checks
    (catalog messages) when the refusal is about them."""

    def __init__(
        self, message: str, reason: str = "refused", missing: tuple[str, ...] = ()
    ) -> None:
        super().__init__(message, reason)
        self.missing = missing


class NotAllowed(Refused):
    """The person at the terminal may not do this (core.permissions)."""


class Stale(Refused):
    """Another terminal changed the request after it was shown here."""

    def __init__(self, message: str, changed_by: str | None, changed_at: datetime | None) -> None:
        super().__init__(message, "stale")
        self.changed_by = changed_by
        self.changed_at = changed_at


class Busy(PurnaError):
    """Another terminal holds the write lock longer than we wait: nothing was changed."""


class StoreError(PurnaError):
    """The store cannot be opened or used; the message says what to do."""

    def __init__(self, message: str, reason: str = "store") -> None:
        super().__init__(message, reason)
