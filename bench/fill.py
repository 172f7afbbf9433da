"""A large store for the benchmark: 100,000 requests of which 5,000 are open."""

from __future__ import annotations

import csv
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from core.db import Store, open_store
from core.deadlines import respond_by
from core.models import Request
from core.workflow import TERMINAL_STATES, RequestType

KINDS = list(RequestType)
CLOSED = {kind: sorted(TERMINAL_STATES[kind]) for kind in KINDS}


def fill(path: Path, now: datetime, total: int = 100_000, open_count: int = 5_000) -> Store:
    """Create `path` with `total` requests, the first `open_count` of them open."""
    store = open_store(f"sqlite:///{path}")
    zone = store.shop_zone
    rng = random.Random(7)
    rows = []
    for number in range(total):
        is_open = number < open_count
        # every open request in one queue: the largest queue a PIC could face
        kind = RequestType.REFUND_ONLY if is_open else KINDS[number % 4]
        if is_open:
            created = now - timedelta(hours=48) + timedelta(minutes=rng.randint(-600, 2870))
            state = "new"
        else:
            created = now - timedelta(days=rng.uniform(3, 365))
            state = rng.choice(CLOSED[kind]).value
        rows.append(
            {
                "marketplace": "tiktok_shop",
                "request_id": f"40{number:016d}",
                "order_id": f"57{number:016d}",
                "request_type": kind.value,
                "created_at": created,
                "respond_by": respond_by(created, zone),
                "buyer_name": f"Pembeli {number % 997}",
                "buyer_comment": "Barang rusak saat diterima",
                "reason": "Kemasan atau produk rusak",
                "sku": f"SKU-{number % 301:03d}",
                "product_name": "Produk uji",
                "quantity": 1,
                "amount": 10_000 + number % 500 * 1_000,
                "evidence_count": number % 4,
                "return_awb": None,
                "state": state,
                "is_open": is_open,
                "claimed_by": None,
                "version": 1,
                "imported_at": now,
                "updated_at": now,
            }
        )
    with store.write() as session:
        store.bulk_insert(session, Request.__table__, rows)  # type: ignore[attr-defined]
    return store


def write_requests_csv(path: Path, count: int, now: datetime, *, changed: bool = False) -> None:
    """A requests export of `count` rows, as Seller Center would give it; `changed` gives
    the same requests a day later: other amounts, comments and evidence counts."""
    rng = random.Random(11)
    labels = (
        "Hanya Pengembalian Dana",
        "Pengembalian Barang & Dana",
        "Pengiriman Ulang",
        "Penukaran",
    )
    start = now.astimezone(UTC).replace(tzinfo=None) - timedelta(days=20)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "request_id",
                "order_id",
                "request_type",
                "created_at",
                "buyer_name",
                "buyer_comment",
                "reason",
                "sku",
                "product_name",
                "quantity",
                "amount",
                "evidence_count",
            ]
        )
        for number in range(count):
            writer.writerow(
                [
                    f"41{number:016d}",
                    f"58{number:016d}",
                    rng.choice(labels),
                    (start + timedelta(seconds=number * 19 * 86_400 // count)).strftime(
                        "%Y-%m-%d %H:%M:%S"
                    ),
                    "Siti Rahma",
                    "Botolnya pecah, tolong cepat" if changed else "Botolnya pecah pas sampai",
                    "Kemasan atau produk rusak",
                    f"SKU-{number % 301:03d}",
                    "Madu Hutan Asli 500g",
                    1,
                    f"Rp{98_000 + number % 50 * 1_000 + changed * 500:,}".replace(",", "."),
                    number % 4 + changed,
                ]
            )
