"""Shared fixtures: a fixed clock, a temporary SQLite store, the demo data set, snapshots in snapshots/."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import pytest_textual_snapshot
from pytest_textual_snapshot import SVGImageExtension

from core import demo
from core.db import Store, open_store
from core.i18n import set_language
from tests.helpers import FIXED_NOW, ROOT, TEST_LOGIN

PG_URL_VAR = "PURNA_TEST_PG_URL"


class PurnaSnapshots(SVGImageExtension):
    """Keep snapshot baselines under the top-level snapshots/ folder, one folder per test file."""

    @classmethod
    def dirname(cls, *, test_location) -> str:  # type: ignore[no-untyped-def, override]
        return str(ROOT / "snapshots" / Path(test_location.filepath).stem)


pytest_textual_snapshot.SVGImageExtension = PurnaSnapshots  # type: ignore[misc]


TEST_TERMINAL = "gudang-1 /dev/pts/3"


@pytest.fixture(autouse=True)
def _language_and_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in Bahasa Indonesia, with no database or clock from the environment,
    and audit events name the same terminal on every machine."""
    for name in ("PURNA_DB", "PURNA_NOW", "PURNA_LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("core.audit.terminal_name", lambda: TEST_TERMINAL)
    # a text field's cursor blinks every 0.5 s: a picture taken near that moment had it or
    # not (a flaky snapshot); in tests a focused field's cursor simply stays on
    monkeypatch.setattr("textual.widgets.Input._toggle_cursor", lambda self: None)
    set_language("id")
    yield
    set_language("id")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty store in a real SQLite file."""
    opened = open_store(f"sqlite:///{tmp_path / 'purna.db'}")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    template = open_store(f"sqlite:///{path}")
    with pytest.MonkeyPatch.context() as patch:  # made once, whichever test asks first
        patch.setattr("core.audit.terminal_name", lambda: TEST_TERMINAL)
        demo.load(template, FIXED_NOW, TEST_LOGIN)
    with template.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    template.close()
    return path


@pytest.fixture
def demo_store(tmp_path: Path, _demo_template: Path) -> Iterator[Store]:
    """A store holding the demo shop anchored at FIXED_NOW (a copy per test)."""
    path = tmp_path / "demo.db"
    shutil.copy(_demo_template, path)
    opened = open_store(f"sqlite:///{path}")
    yield opened
    opened.close()


@pytest.fixture
def pg_url() -> str:
    url = os.environ.get(PG_URL_VAR)
    if not url:
        pytest.skip(
            f"{PG_URL_VAR} is not set: no PostgreSQL server to test against (.ci/run sets it)"
        )
    return url
