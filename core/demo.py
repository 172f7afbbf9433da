"""A deterministic, realistic demo shop: staff, a month of orders and reviews, ~300 open requests.

The data is the same on every run except for its anchor, `now`: every time is an
offset from it, so a demo started today always has overdue and nearly due requests.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, text

from core import audit
from core.db import Store
from core.deadlines import respond_by
from core.models import (
    Order,
    Request,
    Review,
    Setting,
)
from core.workflow import (
    CHECKLISTS,
    CONDITIONS,
    TERMINAL_STATES,
    RequestType,
    State,
)

SEED = 20261122
OPEN_REQUESTS = 300
CLOSED_REQUESTS = 240
ORDERS = 1500

STAFF = (
    ("dewi", "Dewi Lestari", "supervisor"),
    ("agus", "Agus Saputra", "staff"),
    ("rina", "Rina Wulandari", "staff"),
    ("bayu", "Bayu Pratama", "staff"),
    ("sari", "Sari Handayani", "staff"),
)

FIRST_NAMES = (
    "Siti",
    "Budi",
    "Ayu",
    "Rizky",
    "Putri",
    "Andi",
    "Nur",
    "Dimas",
    "Fitri",
    "Agung",
    "Indah",
    "Yusuf",
    "Lina",
    "Hendra",
    "Wulan",
    "Fajar",
    "Mega",
    "Arif",
    "Ratna",
    "Eko",
    "Dian",
    "Bagus",
    "Nadia",
    "Ilham",
    "Citra",
    "Teguh",
    "Rahmawati",
    "Joko",
    "Anisa",
    "Wahyu",
)
LAST_NAMES = (
    "Rahmawati",
    "Santoso",
    "Nugroho",
    "Hidayat",
    "Kusuma",
    "Siregar",
    "Simanjuntak",
    "Wijaya",
    "Pratiwi",
    "Setiawan",
    "Lubis",
    "Nasution",
    "Purnomo",
    "Halim",
    "Gunawan",
    "Hasibuan",
    "Sitompul",
    "Permana",
    "Susanti",
    "Saragih",
    "Tanjung",
    "Utami",
    "Manurung",
    "Firmansyah",
)


@dataclass(frozen=True)
class Product:
    sku_stem: str
    name: str
    price: int
    variants: tuple[str, ...]
    category: str  # wear | gadget | food | home | beauty


PRODUCTS = (
    Product(
        "KPC30S",
        "Kaos Polos Cotton Combed 30s",
        45_000,
        ("HTM-M", "HTM-L", "HTM-XL", "PTH-M", "PTH-L", "NVY-L"),
        "wear",
    ),
    Product(
        "HVS", "Hijab Voal Segi Empat Motif", 39_000, ("MOCCA", "DUSTY", "SAGE", "HITAM"), "wear"
    ),
    Product("SNK-PR", "Sepatu Sneakers Pria Kanvas", 189_000, ("40", "41", "42", "43"), "wear"),
    Product("TMB500", "Tumbler Stainless 500ml Vakum", 79_000, ("SLV", "HTM", "PNK"), "home"),
    Product("PB10K", "Powerbank 10000mAh Fast Charging", 159_000, ("HTM", "PTH"), "gadget"),
    Product("CSG-IP15", "Casing HP iPhone 15 Bening Anti Kuning", 25_000, ("CLR",), "gadget"),
    Product("KMJ-FLN", "Kemeja Flanel Lengan Panjang", 119_000, ("M", "L", "XL"), "wear"),
    Product(
        "JNS-SLM", "Celana Jeans Slim Fit Pria", 169_000, ("30", "31", "32", "33", "34"), "wear"
    ),
    Product("DST-RYN", "Daster Rayon Busui Friendly", 55_000, ("ALLSIZE",), "wear"),
    Product("MKN-KTN", "Mukena Katun Jepang Dewasa", 135_000, ("PUTIH", "CREAM"), "wear"),
    Product("SRM-VC", "Serum Vitamin C 20ml", 89_000, ("20ML",), "beauty"),
    Product("MDU-500", "Madu Hutan Asli 500g", 98_000, ("500G",), "food"),
    Product("KRP-SGK", "Keripik Singkong Balado 250g", 22_000, ("PEDAS", "ORI"), "food"),
    Product("SMB-BWG", "Sambal Bawang Botol 150ml", 28_000, ("ORI", "EXTRA"), "food"),
    Product("MGA-HM", "Mangga Harum Manis 1kg", 45_000, ("1KG",), "food"),
    Product("TWS-X9", "Earphone TWS Bluetooth 5.3", 149_000, ("HTM", "PTH"), "gadget"),
    Product("SPR-KSR", "Seprai Katun Jepang 160x200", 185_000, ("ABU", "BIRU", "CREAM"), "home"),
    Product("RJG-LPT", "Ransel Laptop 15 inch Waterproof", 229_000, ("HTM", "NVY"), "wear"),
    Product("JAM-DGT", "Jam Tangan Digital Sport", 99_000, ("HTM",), "gadget"),
    Product("PIR-KRM", "Piring Keramik Set 6 pcs", 149_000, ("PUTIH",), "home"),
    Product("BLD-MNI", "Blender Mini Portable USB", 119_000, ("PTH", "HJU"), "gadget"),
    Product("LMP-LED", "Lampu LED Sensor Gerak", 35_000, ("PUTIH",), "gadget"),
    Product("TAS-SLP", "Tas Selempang Wanita Kulit", 159_000, ("CKL", "HTM"), "wear"),
    Product("KAC-MTA", "Kacamata Anti Radiasi", 65_000, ("HTM",), "wear"),
)

COURIERS = (
    ("J&T Express", "JX"),
    ("SiCepat", "0045"),
    ("JNE", "CGK"),
    ("AnterAja", "1100"),
    ("SPX Express", "SPXID"),
    ("Ninja Xpress", "NLIDAP"),
    ("ID Express", "IDE"),
)

ANY = ("wear", "gadget", "food", "home", "beauty")

# Per type: (marketplace reason, categories it fits, buyer comments), as buyers write them.
# A few comments deliberately suggest another type (size words on a refund-only request,
# "tidak lengkap" on an exchange): the first source of wrong decisions (DOMAIN.md §1).
REQUEST_STORIES: dict[RequestType, tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]] = {
    RequestType.REFUND_ONLY: (
        (
            "Kemasan atau produk rusak",
            ("food", "beauty"),
            ("Botolnya pecah pas sampai, isinya tumpah semua ke kardus.",),
        ),
        (
            "Kemasan atau produk rusak",
            ("home", "gadget"),
            ("Paket penyok parah, barang di dalam retak. Sudah saya fotokan.",),
        ),
        ("Kemasan atau produk rusak", ANY, ("Barang sampai rusak, lihat video unboxing saya.",)),
        (
            "Paket sudah diterima, tetapi isinya tidak lengkap",
            ANY,
            (
                "Pesan 2 yang datang cuma 1.",
                "Bonusnya tidak ada, padahal di deskripsi dapat free gift.",
            ),
        ),
        (
            "Paket sudah diterima, tetapi isinya tidak lengkap",
            ("gadget",),
            ("Kabel chargernya tidak ada di dalam kotak.",),
        ),
        (
            "Produk tidak sesuai deskripsi",
            ("wear",),
            (
                "Warnanya beda jauh dengan foto.",
                "Katanya katun tapi bahannya panas dan tipis.",
                "Ukurannya kekecilan, mau tukar ke ukuran L saja.",
            ),
        ),
        (
            "Produk tidak diterima",
            ANY,
            (
                "Status terkirim tapi saya tidak terima paketnya.",
                "Kurir bilang sudah diantar, tetangga juga tidak ada yang terima.",
            ),
        ),
    ),
    RequestType.RETURN_REFUND: (
        (
            "Produk cacat atau tidak berfungsi",
            ("gadget",),
            (
                "Tidak mau menyala sama sekali, sudah dicas semalaman.",
                "Sebelah kanan tidak bunyi, sudah dicoba reset.",
                "Baru dipakai sehari sudah mati total.",
            ),
        ),
        (
            "Produk tidak sesuai deskripsi",
            ("wear",),
            (
                "Jahitannya lepas di bagian lengan, tidak sesuai foto.",
                "Ukurannya kebesaran dan modelnya beda dari foto.",
            ),
        ),
        (
            "Produk palsu",
            ("beauty", "gadget"),
            ("Beda dengan yang saya beli di toko resmi, curiga palsu.",),
        ),
        (
            "Salah kirim produk",
            ANY,
            (
                "Saya pesan warna hitam yang datang lain. Mau kembalikan saja.",
                "Barang yang datang bukan yang saya pesan.",
            ),
        ),
    ),
    RequestType.RESEND: (
        (
            "Salah kirim produk",
            ("wear",),
            ("Pesan ukuran L yang dikirim M, tolong kirim ulang yang benar.",),
        ),
        ("Salah kirim produk", ("food",), ("Yang datang rasa original, saya pesan pedas.",)),
        (
            "Paket sudah diterima, tetapi isinya tidak lengkap",
            ANY,
            (
                "Jumlahnya kurang satu dari yang saya pesan.",
                "Isi paket tidak lengkap, tolong kirimkan kekurangannya.",
            ),
        ),
        (
            "Kemasan atau produk rusak",
            ("food", "home"),
            (
                "Banyak yang pecah dan penyok, tolong dikirim ulang.",
                "Sampai dalam keadaan rusak, minta dikirim ulang.",
            ),
        ),
    ),
    RequestType.EXCHANGE: (
        (
            "Ukuran tidak sesuai",
            ("wear",),
            (
                "Ukurannya kekecilan, mau tukar satu ukuran lebih besar.",
                "Kesempitan, mau tukar ukuran yang lebih besar.",
                "Kebesaran sedikit, tolong tukar ke ukuran di bawahnya.",
            ),
        ),
        (
            "Ingin model atau warna lain",
            ("wear", "home", "gadget"),
            (
                "Mau tukar warna, yang ini kurang cocok.",
                "Boleh tukar ke warna hitam?",
            ),
        ),
        ("Salah kirim produk", ANY, ("Barang tidak lengkap, aksesorisnya tidak ada.",)),
    ),
}

TYPE_MIX = (
    (RequestType.REFUND_ONLY, 0.36),
    (RequestType.RETURN_REFUND, 0.30),
    (RequestType.RESEND, 0.17),
    (RequestType.EXCHANGE, 0.17),
)

REVIEW_TEXTS = {
    5: (
        "Barang bagus, pengiriman cepat. Mantap!",
        "Sesuai foto, bahannya adem.",
        "Packing rapi, seller ramah. Recommended.",
        "Sudah langganan, tidak pernah kecewa.",
    ),
    4: (
        "Bagus, cuma pengiriman agak lama.",
        "Oke sesuai harga.",
        "Lumayan, warnanya sedikit beda.",
    ),
    3: ("Biasa saja.", "Ukurannya agak kecil dari biasanya.", "Kemasan kurang rapi."),
    2: (
        "Bahannya tipis, tidak sesuai deskripsi.",
        "Kemasan penyok, barang lecet.",
        "Chat lama dibalas.",
    ),
    1: (
        "Barang rusak, seller tidak tanggap.",
        "Salah kirim warna, kecewa.",
        "Isi tidak lengkap, tidak akan beli lagi.",
    ),
}


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _order_id(rng: random.Random, marketplace: str, at: datetime) -> str:
    if marketplace == "shopee":
        tail = "".join(rng.choice("ABCDEFGHJKMNPQRSTUVWXYZ0123456789") for _ in range(8))
        return f"{at:%y%m%d}{tail}"
    return "57" + _digits(rng, 16)


def _awb(rng: random.Random, prefix: str) -> str:
    return prefix + _digits(rng, 14 - len(prefix) if len(prefix) < 6 else 10)


def _marketplace(rng: random.Random) -> str:
    # Tokopedia orders come in TikTok Shop's export (marketplaces.md): two exports in all
    return "tiktok_shop" if rng.random() < 0.8 else "shopee"


def _buyer(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def is_empty(store: Store) -> bool:
    with store.read() as session:
        total = sum(
            session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Request, Order, Review)
        )
    return total == 0


def clear(store: Store, *, login: str) -> None:
    """Empty a demo store (`purna demo --reset`): only a supervisor of a store holding
    nothing but demo data may; a store with the shop's own data is refused for everyone."""
    from sqlmodel import SQLModel

    from core.errors import Refused
    from core.i18n import _
    from core.permissions import require

    if not is_demo_only(store):
        raise Refused(_(
            "This database holds the shop's own data (imported files or decisions on them), "
            "not only the demo: nothing was deleted. Use another file for the demo, e.g. "
            "purna demo --db demo.db"
        ), "not_demo")  # fmt: skip
    with store.write() as session:
        require(session, login, "demo_reset")
        connection = session.connection()
        dialect = connection.dialect.name
        for statement in audit.DROP_APPEND_ONLY[dialect]:
            connection.exec_driver_sql(statement)
        # children before parents, as the foreign keys demand
        for table in reversed(SQLModel.metadata.sorted_tables):
            session.execute(delete(table))
        for statement in audit.APPEND_ONLY[dialect]:
            connection.exec_driver_sql(statement)
    store.forget_settings()


def build(
    now: datetime, zone: tzinfo, extra_supervisor: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The demo rows, as plain dicts per table, anchored at `now` (shop zone `zone`)."""
    now = now.astimezone(UTC).replace(microsecond=0)
    rng = random.Random(SEED)
    staff = [
        {
            "login": login,
            "name": name,
            "role": role,
            "active": True,
            "created_at": now - timedelta(days=90),
        }
        for login, name, role in STAFF
    ]
    if extra_supervisor and extra_supervisor not in {s["login"] for s in staff}:
        staff.append(
            {
                "login": extra_supervisor,
                "name": extra_supervisor,
                "role": "supervisor",
                "active": True,
                "created_at": now,
            }
        )

    orders: list[dict[str, Any]] = []
    for _ in range(ORDERS):
        marketplace = _marketplace(rng)
        placed = now - timedelta(days=rng.uniform(2, 33), minutes=rng.randint(0, 1439))
        product = rng.choice(PRODUCTS)
        courier, prefix = rng.choice(COURIERS)
        roll = rng.random()
        status = "delivered" if roll < 0.88 else "in_transit" if roll < 0.95 else "cancelled"
        delivered = placed + timedelta(days=rng.uniform(1, 5)) if status == "delivered" else None
        if delivered and delivered > now:
            status, delivered = "in_transit", None
        shipped = None if status == "cancelled" else min(placed + timedelta(hours=20), now)
        orders.append(
            {
                "marketplace": marketplace,
                "order_id": _order_id(rng, marketplace, placed),
                "sku": f"{product.sku_stem}-{rng.choice(product.variants)}",
                "status": status,
                "created_at": placed,
                "shipped_at": shipped,
                "delivered_at": delivered,
                "courier": None if status == "cancelled" else courier,
                "awb": None if status == "cancelled" else _awb(rng, prefix),
                "quantity": 1,
                "amount": product.price,
                "tokopedia_invoice": f"INV/{placed:%Y%m%d}/MPL/{_digits(rng, 10)}"
                if marketplace == "tiktok_shop" and rng.random() < 0.25
                else None,
                "_product": product,
            }
        )
    delivered_orders = [o for o in orders if o["status"] == "delivered"]

    requests: list[dict[str, Any]] = []
    used: set[tuple[str, str]] = set()
    kinds = [k for k, _ in TYPE_MIX]
    weights = [w for _, w in TYPE_MIX]

    def make_request(created: datetime, state: State, kind: RequestType) -> dict[str, Any]:
        # Shopee's export knows refunds and returns only: resends and exchanges are TikTok's
        pool = (
            delivered_orders
            if kind in (RequestType.REFUND_ONLY, RequestType.RETURN_REFUND)
            else [o for o in delivered_orders if o["marketplace"] == "tiktok_shop"]
        )
        order = rng.choice(pool)
        while (order["order_id"], order["sku"]) in used:
            order = rng.choice(pool)
        used.add((order["order_id"], order["sku"]))
        product: Product = order["_product"]
        fitting = [st for st in REQUEST_STORIES[kind] if product.category in st[1]]
        reason, _categories, comments = rng.choice(fitting or REQUEST_STORIES[kind])
        quantity = 2 if rng.random() < 0.12 else 1
        amount = product.price * quantity
        if kind is RequestType.REFUND_ONLY and rng.random() < 0.08:
            amount = product.price * quantity * rng.choice((8, 10, 12))  # a big-ticket claim
        return {
            "marketplace": order["marketplace"],
            "request_id": ("40" + _digits(rng, 16))
            if order["marketplace"] != "shopee"
            else "RR" + _digits(rng, 12),
            "order_id": order["order_id"],
            "request_type": kind.value,
            "created_at": created,
            "respond_by": respond_by(created, zone),
            "buyer_name": _buyer(rng),
            "buyer_comment": rng.choice(comments),
            "reason": reason,
            "sku": order["sku"],
            "product_name": product.name,
            "quantity": quantity,
            "amount": amount,
            "evidence_count": 0 if rng.random() < 0.22 else rng.randint(1, 5),
            "return_awb": None,
            "state": state.value,
            "is_open": state not in TERMINAL_STATES[kind],
            "received_at": None,
            "inspection": None,
            "inspection_note": None,
            "answered": state not in (State.NEW, State.EVIDENCE_REQUESTED),
            "responded_at": None
            if state in (State.NEW, State.EVIDENCE_REQUESTED)
            else created + timedelta(hours=rng.uniform(1, 30)),
            "claimed_by": None,
            "items": [(order["sku"], product.name, quantity, amount)],
        }

    for index in range(OPEN_REQUESTS):
        kind = rng.choices(kinds, weights)[0]
        if index < 18:  # overdue: the platform may already have acted; the PIC must know
            left = -timedelta(minutes=rng.randint(20, 30 * 60))
        else:
            left = timedelta(minutes=rng.randint(8, 48 * 60 - 5))
        created = now + left - timedelta(hours=48)
        state = State.NEW
        if kind is RequestType.REFUND_ONLY and rng.random() < 0.15:
            state = State.EVIDENCE_REQUESTED
        request = make_request(created, state, kind)
        if kind is RequestType.RETURN_REFUND and rng.random() < 0.5:
            courier, prefix = rng.choice(COURIERS)
            request["return_awb"] = _awb(rng, prefix)
        if rng.random() < 0.15:
            request["claimed_by"] = rng.choice(STAFF[1:])[0]
        if (
            kind is RequestType.RETURN_REFUND
            and request["marketplace"] == "tiktok_shop"
            and (rng.random() < 0.12)
        ):  # a return of two SKUs of one order: one request, two items, two export rows
            second = rng.choice([p for p in PRODUCTS if p.category == "wear"])
            sku = f"{second.sku_stem}-{rng.choice(second.variants)}"
            line = next(o for o in orders if o["order_id"] == request["order_id"])
            orders.append({**line, "sku": sku, "amount": second.price, "_product": second})
            request["items"].append((sku, second.name, 1, second.price))
            request["amount"] += second.price
        requests.append(request)

    _advance_returns(requests, now, random.Random(SEED + 2))

    closed_states = {
        RequestType.REFUND_ONLY: (State.REFUNDED, State.REJECTED),
        RequestType.RETURN_REFUND: (State.REFUNDED, State.REFUNDED, State.DISPUTED, State.REJECTED),
        RequestType.RESEND: (State.RESENT, State.REJECTED),
        RequestType.EXCHANGE: (State.REPLACEMENT_SHIPPED, State.OFFERED_REFUND),
    }
    received_rng = random.Random(SEED + 3)
    for _ in range(CLOSED_REQUESTS):
        kind = rng.choices(kinds, weights)[0]
        created = now - timedelta(days=rng.uniform(2.5, 30))
        request = make_request(created, rng.choice(closed_states[kind]), kind)
        if request["state"] in ("refunded", "disputed", "replacement_shipped"):
            # the parcel came back and was inspected before the decision
            received = created + timedelta(days=received_rng.uniform(1.5, 2.4))
            faulty = request["state"] == "disputed"
            request.update(
                received_at=min(received, now - timedelta(hours=3)),
                inspection=received_rng.choice(("damaged", "wrong_item"))
                if faulty
                else "as_described",
            )
        requests.append(request)
    requests.sort(key=lambda r: r["created_at"])

    reviews: list[dict[str, Any]] = []
    for order in rng.sample(delivered_orders, k=min(600, len(delivered_orders))):
        stars = rng.choices((5, 4, 3, 2, 1), (62, 20, 8, 5, 5))[0]
        reviews.append(
            {
                "marketplace": order["marketplace"],
                "order_id": order["order_id"],
                "sku": order["sku"],
                "rating": stars,
                "comment": rng.choice(REVIEW_TEXTS[stars]),
                "created_at": min(order["delivered_at"] + timedelta(hours=rng.uniform(2, 96)), now),
            }
        )
    reviews += _reviews_of_requests(requests, reviews, now)
    for order in orders:
        del order["_product"]
    return {"staff": staff, "orders": orders, "requests": requests, "reviews": reviews}


# Buyers who asked for a refund of a faulty product often rate it low too: the negative-
# review queue links such a review to its order's request (core.review_queue).
LINKED_REVIEWS = 12
_FAULT_REASONS = ("Kemasan atau produk rusak", "Salah kirim produk", "Produk palsu",
                  "Produk tidak sesuai deskripsi", "Produk tidak diterima")  # fmt: skip


def _reviews_of_requests(requests: list[dict[str, Any]], reviews: list[dict[str, Any]],
                         now: datetime) -> list[dict[str, Any]]:  # fmt: skip
    rng = random.Random(SEED + 4)
    taken = {(r["marketplace"], r["order_id"], r["sku"]) for r in reviews}
    closed = [r for r in requests if not r["is_open"] and r["reason"] in _FAULT_REASONS]
    found = []
    for request in rng.sample(closed, k=min(LINKED_REVIEWS, len(closed))):
        key = (request["marketplace"], request["order_id"], request["sku"])
        if key in taken:
            continue
        taken.add(key)
        stars = rng.choice((1, 2))
        found.append({
            "marketplace": key[0], "order_id": key[1], "sku": key[2], "rating": stars,
            "comment": rng.choice(REVIEW_TEXTS[stars]),
            "created_at": min(request["created_at"] + timedelta(hours=rng.uniform(1, 20)), now),
        })  # fmt: skip
    return found


def _advance_returns(requests: list[dict[str, Any]], now: datetime, rng: random.Random) -> None:
    """Move some open returns and exchanges along: approved, parcel received, inspected."""
    for request in requests:
        kind = RequestType(request["request_type"])
        if kind not in (RequestType.RETURN_REFUND, RequestType.EXCHANGE):
            continue
        roll = rng.random()
        if roll >= 0.6:
            continue
        answered = request["created_at"] + timedelta(hours=rng.uniform(1, 20))
        if answered > now - timedelta(hours=2):
            continue
        _courier, prefix = rng.choice(COURIERS)
        request.update(
            state=State.RETURN_APPROVED.value,
            answered=True,
            responded_at=answered,
            return_awb=request["return_awb"] or _awb(rng, prefix),
        )
        if roll < 0.3:
            continue
        received = now - timedelta(hours=rng.uniform(0.5, 40))
        if received <= answered:
            continue
        request.update(state=State.RECEIVED.value, received_at=received)
        if roll < 0.45:
            request.update(
                state=State.INSPECTED.value,
                inspection=rng.choices(list(CONDITIONS), (70, 12, 10, 8))[0],
                inspection_note="Dicek di meja retur, video unboxing disimpan.",
            )


# --- writing the shop as its exports, then importing them ----------------------------------


def exports_folder(store: Store) -> Path:
    """Where `purna demo` writes the shop's export files (README: "demo-exports" beside
    the database file), so a newcomer can open them and import them again."""
    from core.location import default_path, sqlite_file

    database = sqlite_file(store.url)
    base = database.parent if database is not None else default_path().parent
    return base / "demo-exports"


def _platform_outcome(request: dict[str, Any]) -> str:
    """What the platform's export says of a demo request (core.marketplaces.ReturnOutcome)."""
    state = State(request["state"])
    if state in (State.NEW, State.EVIDENCE_REQUESTED):
        return "waiting_seller"
    if request["is_open"]:
        return "in_progress"
    return "rejected" if state is State.REJECTED else "completed"


_TYPE_WORD = {RequestType.EXCHANGE: "Penukaran"}  # TikTok's Indonesian label (DOMAIN.md §1)


def write_exports(folder: Path, data: dict[str, list[dict[str, Any]]]) -> list[Path]:
    """The demo shop as Seller Center would give it: TikTok Shop and Shopee order and
    return/refund exports (with their quirks), and a reviews file in Purna's own format."""
    import csv

    from core.export_files import Quirks, write_export

    folder.mkdir(parents=True, exist_ok=True)
    orders = {m: [o for o in data["orders"] if o["marketplace"] == m]
              for m in ("tiktok_shop", "shopee")}  # fmt: skip
    returns: dict[str, list[dict[str, Any]]] = {"tiktok_shop": [], "shopee": []}
    for request in data["requests"]:
        kind = RequestType(request["request_type"])
        for sku, name, quantity, amount in request["items"]:
            returns[request["marketplace"]].append({
                **request, "sku": sku, "product_name": name, "quantity": quantity,
                "amount": amount, "request_type": _TYPE_WORD.get(kind, kind.value),
                "platform_status": _platform_outcome(request),
            })  # fmt: skip
    paths = [
        write_export(folder / "tiktok-orders.xlsx", "tiktok_orders", orders["tiktok_shop"],
                     Quirks(description_row=True)),
        write_export(folder / "shopee-orders.csv", "shopee_orders", orders["shopee"],
                     Quirks(delimiter=";", title_rows=("Laporan Pesanan",), amounts="rupiah")),
        write_export(folder / "tiktok-returns.csv", "tiktok_returns", returns["tiktok_shop"]),
        write_export(folder / "shopee-returns.xlsx", "shopee_returns", returns["shopee"],
                     Quirks(title_rows=("Laporan Pengembalian Barang/Dana",))),
    ]  # fmt: skip
    reviews = folder / "reviews.csv"
    with reviews.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["marketplace", "order_id", "sku", "rating", "comment", "created_at"])
        for review in data["reviews"]:
            writer.writerow([review["marketplace"], review["order_id"], review["sku"],
                             review["rating"], review["comment"],
                             review["created_at"].isoformat()])  # fmt: skip
    return [*paths, reviews]


SHELF = (
    *(f"RTR-A-{n:02d}" for n in range(1, 9)),
    *(f"RTR-B-{n:02d}" for n in range(1, 5)),
)
QUARANTINE = ("KRT-01", "KRT-02")
UNMATCHED_CODES = ("JX7781203344", "SPXID0092771")
PICS = (("Pagi", "dewi"), ("Siang", "agus"), ("Malam", "bayu"))
NOTES = (
    "Sudah minta video unboxing ke pembeli lewat chat.",
    "Cek CCTV packing tanggal order, tunggu tim gudang.",
    "Stok pengganti dicek besok pagi.",
)


def load(store: Store, now: datetime, actor: str) -> dict[str, int]:
    """Fill an empty store with the demo shop: its exports imported as a shop would, then
    the staff's own work (checks, approvals, receipts, inspections, claims, notes, the shelf,
    shifts and last shift's handover) done through the same core actions as the screens."""
    from core import importer, shelf
    from core import staff as people

    now = now.astimezone(UTC).replace(microsecond=0)
    data = build(now, store.shop_zone, extra_supervisor=actor)
    start = now - timedelta(days=90)
    people.ensure_first_supervisor(store, actor, start)
    for login, name, role in STAFF:
        if login != actor:
            people.add(store, login=login, name=name, role=role, by=actor, now=start)
    for code in (*SHELF, *QUARANTINE):
        shelf.add_location(store, code, "quarantine" if code in QUARANTINE else "return",
                           by=actor, now=start)  # fmt: skip
    for path in write_exports(exports_folder(store), data):
        importer.import_file(store, path, now=now, actor=actor, detail={"demo": True})
    _work(store, data, now, random.Random(SEED + 1))
    _warehouse_and_shifts(store, now, actor)
    _replies(store, now, actor)
    _follow_ups(store, now)
    _mark(store, now, actor, {k: len(v) for k, v in data.items()})
    return {k: len(v) for k, v in data.items()}


def _work(store: Store, data: dict[str, list[dict[str, Any]]], now: datetime,
          rng: random.Random) -> None:  # fmt: skip
    """What the staff did on the open requests, at the times they did it."""
    with store.read() as session:
        pks = dict(session.execute(select(Request.request_id, Request.id)).all())
    staff = [login for login, _name, role in STAFF if role == "staff"]
    for request in data["requests"]:
        if request["is_open"]:
            who = request["claimed_by"] or rng.choice(staff)
            _work_on(store, request, pks[request["request_id"]], who, now, rng)


def _work_on(store: Store, request: dict[str, Any], pk: int, who: str, now: datetime,
             rng: random.Random) -> None:  # fmt: skip
    from core import actions, receiving
    from core.guards import confirmation_code

    kind, state = RequestType(request["request_type"]), State(request["state"])
    created, answered = request["created_at"], request["responded_at"]
    advanced = state in (State.RETURN_APPROVED, State.RECEIVED, State.INSPECTED)
    version = 1
    if request["claimed_by"]:  # taken first; deciding also takes an unclaimed request
        version = actions.claim(store, pk=pk, login=who, version=version,
                                now=min(created + timedelta(minutes=10), now)).version  # fmt: skip
    checks = [i.key for i in CHECKLISTS[kind]][: rng.choice((0, 0, 1, 1, 2))]
    if advanced and "type_matches_comment" not in checks:
        checks.insert(0, "type_matches_comment")  # checked before the return was approved
    for number, key in enumerate(checks):
        if key in ("receipt_confirmed", "condition_inspected", "stock_confirmed"):
            continue  # receipt, inspection and confirming stock tick their own checks
        version = actions.set_check(store, pk=pk, key=key, done=True, login=who, version=version,
                                    now=min(created + timedelta(minutes=30 + 20 * number), now),
                                    ).version  # fmt: skip
    if state is State.EVIDENCE_REQUESTED:
        asked = created + timedelta(hours=1)
        version = actions.decide(store, pk=pk, action="request_evidence", login=who,
                                 version=version, now=asked).version  # fmt: skip
    if advanced:
        if kind is RequestType.EXCHANGE:
            version = actions.decide(store, pk=pk, action="confirm_stock", login=who,
                                     version=version,
                                     now=answered - timedelta(minutes=20)).version  # fmt: skip
        version = actions.decide(store, pk=pk, action="approve_return", login=who,
                                 version=version, now=answered,
                                 confirmation=confirmation_code(request["order_id"]),
                                 ).version  # fmt: skip
    if state in (State.RECEIVED, State.INSPECTED):
        received = request["received_at"]
        version = receiving.confirm_receipt(store, pk=pk, login=who, version=version,
                                            now=received).version  # fmt: skip
        if state is State.INSPECTED:
            version = receiving.inspect(
                store, pk=pk, condition=request["inspection"], note=request["inspection_note"],
                evidence=[], login=who, version=version,
                now=min(received + timedelta(minutes=25), now),
            ).version  # fmt: skip
    if rng.random() < 0.06:
        actions.add_note(store, pk=pk, text=rng.choice(NOTES), login=who,
                         now=min(created + timedelta(hours=1), now))  # fmt: skip


def _warehouse_and_shifts(store: Store, now: datetime, actor: str) -> None:
    """Two parcels nobody could match, a PIC per shift, a queue review hours ago, and the
    handover of the shift before this one."""
    from core import handover, receiving, reminders, roster
    from core.shifts import previous_slot, slot_at

    for number, code in enumerate(UNMATCHED_CODES):
        receiving.record_unmatched(store, code=code, login=STAFF[1][0],
                                   note="Tanpa label pesanan, isi: kaos hitam" if number == 0
                                   else "", now=now - timedelta(hours=5 + 20 * number))  # fmt: skip
    for shift, login in PICS:
        roster.assign(store, shift=shift, login=login, day=None, by=actor,
                      now=now - timedelta(days=60))  # fmt: skip
    reminders.record_review(store, login="dewi", kind="refund_only", now=now - timedelta(hours=5))
    slot = slot_at(now, store.shop_zone, roster.plan(store))
    earlier = previous_slot(slot, store.shop_zone, roster.plan(store))
    outgoing = dict(PICS)[earlier.name]
    handover.save_notes(store, text="Dua paket retur tanpa label di karantina. Cek CCTV "
                        "packing untuk pesanan tumbler yang pecah.", login=outgoing,
                        now=min(earlier.end - timedelta(minutes=20), now))  # fmt: skip
    handover.hand_over(store, login=outgoing, now=min(earlier.end - timedelta(minutes=10), now))


FOLLOW_UPS = (
    ("contacted", "Chat pembeli: minta maaf, tanya detail kerusakan. Menunggu balasan."),
    ("resolved", "Kirim ulang aksesori yang kurang; pembeli sudah terima."),
    ("no_action", "Keterlambatan kurir, bukan kesalahan toko; dicatat saja."),
)


def _follow_ups(store: Store, now: datetime) -> None:
    """The oldest 1-2 star reviews already followed up by the staff (core.review_queue)."""
    from core import review_queue

    for (state, note), review in zip(FOLLOW_UPS, review_queue.negative_reviews(store),
                                     strict=False):  # fmt: skip
        version = review.version
        if state == "no_action":
            version = review_queue.set_category(store, review_pk=review.pk, category="courier",
                                                login="sari", version=version,
                                                now=now - timedelta(days=2))  # fmt: skip
        review_queue.follow_up(store, review_pk=review.pk, state=state, note=note, login="sari",
                               version=version, now=now - timedelta(days=2))  # fmt: skip


def _mark(store: Store, now: datetime, actor: str, counts: dict[str, int]) -> None:
    """This store holds a demo: `purna demo --reset` may wipe it (core.demo.is_demo_only)."""
    with store.write() as session:
        marker = Setting(key=DEMO_MARKER, value=now.isoformat())
        session.add(marker)
        audit.append(session, at=now, actor=actor, action="demo_loaded", touches=[marker],
                     detail=counts)  # fmt: skip


DEMO_MARKER = "demo_loaded_at"  # a setting: this store was filled by `purna demo`


# Buyer chats of the demo (issue 13): (conversation, order, buyer, hours, words, reply:
# (hours after, staff or "auto", words) or None, mark). Answered chats come `hours` after
# 08:00 on the Monday a week before the last evaluation (so the Monday evaluation has a
# week to show); unanswered ones `hours` before now.
CHATS: tuple[tuple[str, str, str, float, str, tuple[float, str, str] | None, str | None], ...] = (
    ("CV-1001", "5801", "Siti Rahma", 2, "Kak, paket saya kok belum sampai ya?",
     (2.0, "agus", "Halo Kak, paketnya sedang transit di Jakarta, estimasi besok tiba."), None),
    ("CV-1002", "5802", "Budi Santoso", 26, "ukuran L masih ada?",
     (0.01, "auto", "Terima kasih sudah menghubungi kami, admin segera membalas."), None),
    ("CV-1003", "5803", "Rudi Hartono", 50, "Barang rusak, saya mau retur",
     (14.0, "rina", "Mohon maaf Kak, silakan ajukan pengembalian lewat aplikasi ya."), None),
    ("CV-1004", "5804", "Ayu Lestari", 74, "Kapan restock warna hitam?",
     (30.0, "bayu", "Minggu depan Kak, terima kasih sudah menunggu."), None),
    ("CV-1005", "5805", "Joko Susilo", 98,
     "Dasar toko goblok, kirim barang rusak. Kembalikan 2x lipat atau saya viralkan!",
     (3.0, "agus", "Mohon maaf Kak, kami bantu proses pengembalian lewat aplikasi."), "threat"),
    ("CV-1006", "5806", "Dewi Anggraini", 122, "Resi pengiriman saya berapa ya kak?",
     (1.0, "sari", "Resinya JX5806123 ya Kak, bisa dicek di menu Pesanan."), None),
    ("CV-1007", "5807", "Nur Hidayah", 20, "Kak, sudah saya kirim foto barangnya",
     None, None),
    ("CV-1008", "5808", "Agus Wijaya", 13, "Halo, retur saya sudah diterima belum?",
     None, None),
    ("CV-1009", None, "Putri Ayu", 3, "Promo judi online gacor, klik link di bio!",
     None, "ad"),
    ("CV-1010", "5810", "Hendra Gunawan", 22.5, "Barangnya beda warna kak",
     None, None),
)  # fmt: skip


def _replies(store: Store, now: datetime, actor: str) -> None:
    """Reply templates, the buyer chats (as a chats file, imported), uses and marks."""
    import csv

    from core import chat_store, templates_store
    from core.calendar import local_date
    from core.chat import evaluation_monday

    templates_store.seed_defaults(store, login=actor, now=now - timedelta(days=30))
    path = exports_folder(store) / "chats.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    zone = store.shop_zone
    monday = evaluation_monday(local_date(now, zone)) - timedelta(days=7)
    week = datetime(monday.year, monday.month, monday.day, 8, tzinfo=zone)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["marketplace", "conversation_id", "message_id", "order_id", "sender",
                      "staff", "buyer_name", "sent_at", "text", "auto_reply"])  # fmt: skip
        for conversation, order, buyer, hours, words, reply, _marked in CHATS:
            asked = (now - timedelta(hours=hours)).astimezone(zone)
            if reply is not None:
                asked = week + timedelta(hours=hours)
            out.writerow(["tiktok_shop", conversation, "1", order or "", "buyer", "", buyer,
                          asked.strftime("%Y-%m-%d %H:%M:%S"), words, ""])  # fmt: skip
            if reply is not None:
                after, who, answer = reply
                at = (asked + timedelta(hours=after)).strftime("%Y-%m-%d %H:%M:%S")
                auto = who == "auto"
                out.writerow(["tiktok_shop", conversation, "2", order or "", "seller",
                              "" if auto else who, "", at, answer,
                              "yes" if auto else ""])  # fmt: skip
    chat_store.import_chats(store, path, login=actor, now=now)
    for conversation, _order, _buyer, _hours, _words, _reply, mark in CHATS:
        if mark is not None:
            first = chat_store.conversation(store, "tiktok_shop", conversation)[0]
            chat_store.mark(store, pk=first.pk, mark=mark, login="agus", now=now)
    for key, login in (("holding", "agus"), ("evidence", "rina"), ("holding", "sari")):
        templates_store.record_use(store, key=key, language="id", request_pk=None, login=login,
                                   now=now - timedelta(hours=2))  # fmt: skip


def is_demo_only(store: Store) -> bool:
    """True for a store that holds nothing but demo data (what `purna demo --reset` may wipe):
    filled by `purna demo`, and no file of the shop's own imported since."""

    with store.read() as session:
        if session.get(Setting, DEMO_MARKER) is None:
            return False
        real = session.execute(text(
            "SELECT 1 FROM audit_event WHERE action = 'import' "
            "AND detail NOT LIKE '%\"demo\": true%' LIMIT 1"
        )).first()  # fmt: skip
    return real is None
