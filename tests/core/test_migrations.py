"""Alembic migrations: the models and the migrations agree; a store made by any earlier
migration, holding rows in every table of its time, upgrades to the newest with its data
and a trail that verifies (SQLite, and PostgreSQL where PURNA_TEST_PG_URL names a server)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import core.models  # noqa: F401
from core import audit
from core.db import current_revision, make_engine, migrate, open_store
from core.migrations import HEAD_REVISION, KNOWN_REVISIONS, MIGRATIONS_DIR

WHEN = datetime(2025, 1, 1, 3, 0, tzinfo=UTC)


def test_head_revision_constant_matches_the_scripts() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    scripts = ScriptDirectory.from_config(config)
    assert scripts.get_current_head() == HEAD_REVISION
    walked = [s.revision for s in scripts.walk_revisions()]
    assert list(reversed(walked)) == list(KNOWN_REVISIONS)  # every revision is known


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'm.db'}")
    with store.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata
        )
    store.close()
    assert diff == []


# --- a row in every table of an old store ---------------------------------------------------

# Values a real store of any revision could hold, per column name (anything else: by type).
KNOWN: dict[str, Any] = {
    "login": "dewi", "name": "Dewi", "role": "supervisor", "active": True,
    "marketplace": "tiktok_shop", "request_id": "4001", "order_id": "5701", "sku": "SKU-1",
    "request_type": "return_refund", "state": "received", "status": "delivered",
    "claimed_by": "dewi", "version": 3, "quantity": 1, "amount": 50_000, "evidence_count": 1,
    "rating": 2, "check_key": "type_matches_comment", "key": "shop_zone",
    "value": "Asia/Jakarta", "code": "RTR-A-01", "area": "return", "location": "RTR-A-01",
    "condition": "as_described", "inspection": "as_described", "shift": "Pagi",
    "to_shift": "Siang", "hours": 24, "notes": "catatan", "summary": "{}", "detail": "{}",
    "action": "note", "actor": "dewi", "terminal": "gudang-1", "answered": True,
    "is_open": True, "outcome": None, "parcel_pk": None, "request_pk": 1,
    "matched_request_pk": 1, "text": "cek CCTV",
    # 0008 claims
    "scenario": "damaged", "origin": "status", "basis": "update", "claim_pk": 1,
    "item_key": "awb_photo", "ref": "IMG_0001.jpg", "compensation_source": "typed",
    "opened_by": "dewi", "added_by": "dewi", "awb": "JX5801", "courier": "J&T Express",
    # 0009 insight
    "category": "product", "set_by": "dewi", "updated_by": "dewi", "review_pk": 1,
}  # fmt: skip
# Per table, where a column's value differs from another table's column of the same name.
KNOWN_IN: dict[str, dict[str, Any]] = {
    "claim": {"state": "draft", "compensation": None},
    "review_follow_up": {"state": "contacted"},
}
SKIP = {"id", "prev_hash", "hash", "event_id", "request_version"}


def _value(column: dict[str, Any]) -> Any:
    name = column["name"]
    if name in KNOWN:
        return KNOWN[name]
    kind = column["type"]
    if isinstance(kind, sa.Boolean):
        return True
    if isinstance(kind, sa.Integer):
        return 1
    if isinstance(kind, sa.Date):
        return date(2025, 1, 1)
    if isinstance(kind, sa.DateTime):
        return WHEN.replace(tzinfo=None)
    return "x"


def _fill(engine: sa.Engine) -> dict[str, int]:
    """One row in every table of the store as its revision left it; audit events chained
    as that Purna wrote them (and the head, where the revision keeps one)."""
    inspector = sa.inspect(engine)
    tables = [t for t in inspector.get_sorted_table_and_fkc_names() if t[0]]
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        for name, _fks in tables:
            if name in ("alembic_version", "audit_event"):
                continue
            columns = [c for c in inspector.get_columns(name) if c["name"] not in SKIP]
            row = {c["name"]: _value(c) for c in columns}
            row.update({k: v for k, v in KNOWN_IN.get(name, {}).items() if k in row})
            if name == "setting":
                row = {"key": "shop_zone", "value": "Asia/Jakarta"}
            conn.execute(sa.table(name, *(sa.column(k) for k in row)).insert().values(**row))
            counts[name] = 1
        # From 0006 on, rows point at their events and a request's events are numbered:
        # the request is made at version 1 by its own event, as that Purna did.
        numbered = any(c["name"] == "request_version"
                       for c in inspector.get_columns("audit_event"))  # fmt: skip
        prev = audit.GENESIS
        last = (0, prev)
        for number, action in enumerate(("staff_add", "import", "created"), start=1):
            mine = action == "created"
            version = 1 if numbered and mine else None
            after = "received" if version else None
            fields = audit._fields(WHEN, "dewi", "gudang-1", 1 if mine else None, action, None,
                                   after, "{}", version)  # fmt: skip
            digest = audit._digest(prev, fields)
            conn.execute(sa.text(
                "INSERT INTO audit_event (at, actor, terminal, request_pk, action, "
                "before_state, after_state, detail, prev_hash, hash"
                + (", request_version" if numbered else "") + ") VALUES (:at, 'dewi', "
                "'gudang-1', :pk, :action, NULL, :after, '{}', :prev, :hash"
                + (", :version" if numbered else "") + ")"
            ), {"at": WHEN.replace(tzinfo=None), "pk": 1 if mine else None, "action": action,
                "after": after, "prev": prev, "hash": digest, "version": version})  # fmt: skip
            prev, last = digest, (number, digest)
        if numbered:
            for name, _fks in tables:
                columns = {c["name"] for c in inspector.get_columns(name)}
                if "event_id" in columns:
                    conn.execute(sa.text(f'UPDATE "{name}" SET event_id = 3'))
            conn.execute(sa.text("UPDATE request SET version = 1"))
        counts["audit_event"] = 3
        head = (
            "setting" in counts
            and conn.execute(sa.text("SELECT 1 FROM setting WHERE key = 'audit_head'")).first()
        )
        if head:  # from 0003 the head names the newest event
            conn.execute(sa.text("UPDATE setting SET value = :v WHERE key = 'audit_head'"),
                         {"v": f"{last[0]}:{last[1]}"})  # fmt: skip
    return counts


def _counts(engine: sa.Engine, tables: dict[str, int]) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            name: int(conn.execute(sa.text(
                f'SELECT count(*) FROM "{name}"' + (
                    " WHERE key <> 'audit_head'" if name == "setting" else "")
            )).scalar_one())
            for name in tables
        }  # fmt: skip


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    pg_url = request.getfixturevalue("pg_url")
    name = f"purna_mig_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield pg_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.mark.parametrize("revision", KNOWN_REVISIONS[:-1])
def test_a_store_of_every_earlier_migration_upgrades_with_all_its_rows(
    empty_url: str, revision: str
) -> None:
    engine = make_engine(empty_url)
    migrate(engine, revision)
    assert current_revision(engine) == revision
    counts = _fill(engine)
    engine.dispose()

    store = open_store(empty_url)  # upgrades on open, as every command does
    assert current_revision(store.engine) == HEAD_REVISION
    after = _counts(store.engine, counts)
    anchored = KNOWN_REVISIONS.index(revision) < KNOWN_REVISIONS.index("0006_trust")
    assert after.pop("audit_event") >= counts.pop("audit_event") + anchored  # the anchors
    assert after == counts  # nothing lost
    with store.read() as session:
        verdict = audit.verify(session)
    assert verdict.intact, verdict  # every old row is anchored to the upgrade's events
    with store.engine.connect() as conn:
        row = conn.execute(sa.text("SELECT request_id, claimed_by, state FROM request")).one()
        item = conn.execute(sa.text("SELECT position, sku, amount FROM request_item")).one()
    assert tuple(row) == ("4001", "dewi", "received")
    assert tuple(item) == (1, "SKU-1", 50_000)  # the single SKU became the first item
    store.close()


def test_a_store_at_the_newest_migration_holds_claims_that_read_and_verify(
    empty_url: str,
) -> None:
    from core import claims_store

    engine = make_engine(empty_url)
    migrate(engine, HEAD_REVISION)
    counts = _fill(engine)
    engine.dispose()
    assert counts["claim"] == counts["claim_evidence"] == 1
    store = open_store(empty_url)
    rows = claims_store.list_claims(store, WHEN)
    shown = [(r.pk, r.order_id, r.scenario.value, r.state.value, r.window.last_day) for r in rows]
    assert shown == [(1, "5701", "damaged", "draft", date(2025, 2, 9))]
    detail = claims_store.claim_detail(store, 1, WHEN)
    assert detail.items[0].refs == ((1, "IMG_0001.jpg"),)
    with store.read() as session:
        assert audit.verify(session).intact
    store.close()


def test_0013_upgrades_a_0012_store_whose_claims_then_take_parcels_and_downgrades(
    empty_url: str,
) -> None:
    """A store made by 0012 (a claim, an alarm acknowledgement, an unmatched parcel) takes
    0013: the old claim reads as before, the parcel becomes a candidate and a claim; going
    back to 0012 drops only what the older schema cannot hold (claims with no order id)."""
    from core import claims_store

    engine = make_engine(empty_url)
    migrate(engine, "0012_chat_alarms")
    counts = _fill(engine)
    engine.dispose()
    assert counts["claim"] == counts["claim_alarm_ack"] == counts["unmatched_parcel"] == 1
    store = open_store(empty_url)
    assert current_revision(store.engine) == HEAD_REVISION
    rows = {r.pk: r for r in claims_store.list_claims(store, WHEN)}
    assert (rows[1].order_id, rows[1].parcel_pk, rows[1].scenario.value) == ("5701", None,
                                                                            "damaged")  # fmt: skip
    # the old store's parcel was matched (matched_request_pk 1): no candidate; unmatch it
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE unmatched_parcel SET matched_request_pk = NULL"))
    [candidate] = [r for r in claims_store.list_claims(store, WHEN) if r.parcel_pk is not None]
    assert (candidate.order_id, candidate.awb, candidate.state.value) == (None, "RTR-A-01",
                                                                         "candidate")  # fmt: skip
    pk = claims_store.open_parcel_claim(store, parcel_pk=candidate.parcel_pk or 0, login="dewi",
                                        now=WHEN)  # fmt: skip
    assert claims_store.claim_detail(store, pk, WHEN).row.parcel_pk == candidate.parcel_pk
    with store.read() as session:
        assert audit.verify(session).intact
    store.close()

    engine = make_engine(empty_url)
    _downgrade(engine, "0012_chat_alarms")
    with engine.connect() as conn:
        left = conn.execute(sa.text("SELECT id, order_id FROM claim")).all()
    engine.dispose()
    assert [tuple(r) for r in left] == [(1, "5701")]


def _downgrade(engine: sa.Engine, revision: str) -> None:
    """Alembic's downgrade, as core.db.migrate upgrades (SQLite rebuilds tables with its
    foreign keys off)."""
    from alembic import command

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        with conn.begin():
            config.attributes["connection"] = conn
            command.downgrade(config, revision)


def test_reply_rows_without_an_event_are_anchored_when_their_tables_join_the_audit(
    empty_url: str,
) -> None:
    """0014_reply_audit: a store of 0012 whose reply and chat rows point at no event (as
    nothing cross-checked them then) upgrades to a trail that verifies, those rows
    anchored to one `store_upgraded` event; rows that had their event keep it."""
    reply_tables = ("reply_template", "template_use", "chat_message", "holiday_mode")
    engine = make_engine(empty_url)
    migrate(engine, "0012_chat_alarms")
    counts = _fill(engine)
    with engine.begin() as conn:
        for table in reply_tables:
            conn.execute(sa.text(f'UPDATE "{table}" SET event_id = NULL'))
    engine.dispose()

    store = open_store(empty_url)
    assert current_revision(store.engine) == HEAD_REVISION
    assert _counts(store.engine, counts) == {**counts, "audit_event": counts["audit_event"] + 1}
    with store.engine.connect() as conn:
        anchor, action, detail = conn.execute(sa.text(
            "SELECT id, action, detail FROM audit_event ORDER BY id DESC LIMIT 1")).one()  # fmt: skip
        pointed = {table: conn.execute(sa.text(f'SELECT event_id FROM "{table}"')).scalar_one()
                   for table in (*reply_tables, "chat_alarm_ack")}  # fmt: skip
    assert action == "store_upgraded" and "chat_message" in detail
    assert pointed == {**dict.fromkeys(reply_tables, anchor), "chat_alarm_ack": 3}
    with store.read() as session:
        assert audit.verify(session).intact
    store.close()
