"""Many terminals, one SQLite file: 8 processes race for the same queue and the same requests.

No request may be claimed twice, no action applied twice, and no "database is locked"
(or any other error) may reach a user.
"""

from __future__ import annotations

import multiprocessing
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, insert, select

from core import audit, staff
from core.db import open_store
from core.models import AuditEvent, Request, RequestCheck
from tests.core import race_worker
from tests.helpers import FIXED_NOW, add_requests

PROCESSES = 8
ROUNDS = 200
LOGINS = [f"kasir{n}" for n in range(PROCESSES)]


@pytest.fixture(params=["sqlite", "postgresql"])
def race_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each kind (PostgreSQL only where PURNA_TEST_PG_URL is set)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'race.db'}"
        return
    server = request.getfixturevalue("pg_url")
    name = f"purna_race_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield server.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def make_shop(url: str) -> str:
    store = open_store(url)
    staff.ensure_first_supervisor(store, "dewi", FIXED_NOW)
    for login in LOGINS:
        staff.add(store, login=login, name=login, role="staff", by="dewi", now=FIXED_NOW)
    rows = []
    for number in range(ROUNDS):
        for kind in ("resend", "refund_only"):  # a queue to take from; requests to reject
            rows.append({
                "marketplace": "tiktok_shop", "request_id": f"{kind}-{number}",
                "order_id": f"57{number:016d}", "request_type": kind,
                "created_at": FIXED_NOW - timedelta(hours=1, minutes=number),
                "respond_by": FIXED_NOW + timedelta(hours=47) - timedelta(minutes=number),
                "sku": "SKU", "amount": 50_000, "quantity": 1, "evidence_count": 1,
                "state": "new", "is_open": True, "version": 1, "imported_at": FIXED_NOW,
                "updated_at": FIXED_NOW,
            })  # fmt: skip
    add_requests(store, rows)
    with store.write() as session:
        refunds = (
            session.execute(select(Request.id).where(Request.request_type == "refund_only"))
            .scalars()
            .all()
        )
        session.execute(insert(RequestCheck), [
            {"request_pk": pk, "check_key": "type_matches_comment", "done_by": "dewi",
             "done_at": FIXED_NOW} for pk in refunds
        ])  # fmt: skip
    store.close()
    return url


def test_eight_terminals_race_for_one_queue_and_one_request(race_url: str) -> None:
    url = make_shop(race_url)
    context = multiprocessing.get_context("spawn")
    with context.Pool(PROCESSES) as pool:
        taking = pool.starmap(race_worker.take_all, [(url, login) for login in LOGINS])
    claimed = [pk for result in taking for pk in result["taken"]]
    assert [e for r in taking for e in r["errors"]] == []
    assert len(claimed) == ROUNDS and len(set(claimed)) == ROUNDS  # each once, all of them
    assert sum(1 for r in taking if r["taken"]) > 1  # they really raced

    store = open_store(url)
    with store.read() as session:
        targets = [(pk, 1) for pk in session.execute(
            select(Request.id).where(Request.request_type == "refund_only").order_by(Request.id)
        ).scalars()]  # fmt: skip
    with context.Pool(PROCESSES) as pool:
        rejecting = pool.starmap(race_worker.reject_each,
                                 [(url, login, targets) for login in LOGINS])  # fmt: skip
    assert [e for r in rejecting for e in r["errors"]] == []
    done = Counter(pk for result in rejecting for pk in result["done"])
    assert set(done) == {pk for pk, _ in targets} and set(done.values()) == {1}
    assert sum(r["refused"] for r in rejecting) == ROUNDS * (PROCESSES - 1)

    with store.read() as session:
        rejects = session.execute(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "reject")
        ).scalar_one()
        claims = session.execute(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "claim")
        ).scalar_one()
        assert (rejects, claims) == (ROUNDS, ROUNDS)
        assert audit.verify(session).intact  # one unbroken chain from 8 writers
    store.close()


def test_eight_first_logins_at_once_make_exactly_one_supervisor(race_url: str) -> None:
    open_store(race_url).close()  # the schema exists; nobody is staff yet
    context = multiprocessing.get_context("spawn")
    with context.Pool(PROCESSES) as pool:
        results = pool.starmap(race_worker.first_login, [(race_url, login) for login in LOGINS])
    assert [e for r in results for e in r["errors"]] == []
    assert sum(1 for r in results if r["supervisor"]) == 1
    store = open_store(race_url)
    assert [(m.login, m.role) for m in staff.list_staff(store)] == [
        (next(r["login"] for r in results if r["supervisor"]), "supervisor")
    ]
    store.close()


def test_three_terminals_importing_one_file_write_it_once(race_url: str, tmp_path: Path) -> None:
    store = open_store(race_url)
    staff.ensure_first_supervisor(store, "dewi", FIXED_NOW)
    for login in LOGINS[:3]:
        staff.add(store, login=login, name=login, role="staff", by="dewi", now=FIXED_NOW)
    store.close()
    path = tmp_path / "requests.csv"
    lines = ["request_id,order_id,request_type,created_at,sku,amount"]
    lines += [f"R{n},O{n},resend,2026-11-21 10:00,SKU-{n % 7},{10_000 + n}" for n in range(3000)]
    path.write_text("\n".join(lines) + "\n")
    context = multiprocessing.get_context("spawn")
    with context.Pool(3) as pool:
        results = pool.starmap(race_worker.import_once,
                               [(race_url, login, str(path)) for login in LOGINS[:3]])  # fmt: skip
    assert [e for r in results for e in r["errors"]] == []
    outcomes = sorted(r["outcome"] for r in results)
    assert outcomes.count("inserted 3000") == 1
    assert all(o in ("inserted 3000", "unchanged 3000", "busy") for o in outcomes), outcomes
    store = open_store(race_url)
    with store.read() as session:
        assert session.execute(select(func.count()).select_from(Request)).scalar_one() == 3000
        assert audit.verify(session).intact
    store.close()
