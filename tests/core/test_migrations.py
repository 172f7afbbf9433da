"""Alembic migrations: the models and the migrations agree; old databases upgrade with their data."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import core.models  # noqa: F401
from core.db import current_revision, make_engine, migrate, open_store
from core.migrations import HEAD_REVISION, MIGRATIONS_DIR


def test_head_revision_constant_matches_the_scripts() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'm.db'}")
    with store.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata
        )
    store.close()
    assert diff == []


def test_a_database_made_by_the_first_migration_upgrades_with_its_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    migrate(engine, "0001_initial")
    assert current_revision(engine) == "0001_initial"
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO staff (login, name, role, active, created_at) "
            "VALUES ('dewi', 'Dewi', 'supervisor', 1, '2025-01-01 00:00:00.000000')"
        )
        conn.exec_driver_sql(
            "INSERT INTO request (marketplace, request_id, order_id, request_type, created_at, "
            "respond_by, sku, quantity, amount, evidence_count, state, is_open, claimed_by, "
            "version, imported_at, updated_at) VALUES ('tiktok_shop', 'R1', 'O1', 'resend', "
            "'2025-01-01 00:00:00.000000', '2025-01-03 00:00:00.000000', 'SKU', 1, 50000, 0, "
            "'new', 1, 'dewi', 3, '2025-01-01 00:00:00.000000', '2025-01-01 00:00:00.000000')"
        )
    engine.dispose()

    store = open_store(url)  # upgrades on open, as every command does
    assert current_revision(store.engine) == HEAD_REVISION
    with store.engine.begin() as conn:
        row = conn.exec_driver_sql(
            "SELECT request_id, claimed_by, version, state FROM request"
        ).one()
        assert tuple(row) == ("R1", "dewi", 3, "new")
        # the tables the later migration added work with the old rows
        conn.exec_driver_sql(
            "INSERT INTO request_note (request_pk, author, at, text) "
            "VALUES (1, 'dewi', '2025-01-01 01:00:00.000000', 'cek CCTV')"
        )
    store.close()
