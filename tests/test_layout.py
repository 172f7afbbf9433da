"""The layout ARCHITECTURE.md promises: rules in core, no UI there, no database in the shell."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import ROOT


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def _store_calls(path: Path) -> set[str]:
    """`x.read()`, `x.write()`… called on something named like a store or a session."""
    return {
        f"{node.func.value.id}.{node.func.attr}"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in ("store", "session", "engine", "connection", "conn")
    }  # fmt: skip


def test_core_never_imports_the_terminal_ui() -> None:
    for path in sorted((ROOT / "core").rglob("*.py")):
        assert not _imports(path) & {"textual", "tui"}, path


def test_the_shell_opens_no_database_session() -> None:
    """Screens and commands call core, which reads and writes the store."""
    for path in sorted((ROOT / "tui").rglob("*.py")):
        assert not _imports(path) & {"sqlalchemy", "sqlmodel", "psycopg"}, path
        opened = {call for call in _store_calls(path)
                  if call.split(".")[1] in ("read", "write", "execute", "begin", "connect",
                                            "raw_connection", "exec")}  # fmt: skip
        assert not opened, (path, opened)
