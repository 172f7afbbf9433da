"""Which database: `--db`, else $PURNA_DB, else an SQLite file in the user's data directory.

No SQLAlchemy here: the workstation decides before its first frame.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "PURNA_DB"


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("purna", appauthor=False)) / "purna.db"


def resolve_url(given: str | None = None) -> str:
    """The database URL: `given`, else $PURNA_DB, else the default SQLite file.

    A bare file path is taken as an SQLite file.
    """
    url = given or os.environ.get(ENV_VAR) or ""
    if not url:
        return f"sqlite:///{default_path()}"
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    return url


def short_name(url: str) -> str:
    """The SQLite file's name, or the server URL without its password (for status lines)."""
    path = sqlite_file(url)
    if path is not None:
        return f"{path.name} (SQLite)"
    if "@" in url and "://" in url:  # drop a password: scheme://user:secret@host
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        return f"{scheme}://{credentials.split(':', 1)[0]}@{host}"
    return url


def sqlite_file(url: str) -> Path | None:
    """The file of an SQLite URL (`sqlite:///relative` or `sqlite:////absolute`), else None."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url:
        return None
    path = url[len(prefix) :]
    return Path(path) if path and path != ":memory:" else None
