"""A deterministic, realistic demo shop: staff, a month of orders and reviews, ~300 open requests.

The data is the same on every run except for its anchor, `now`: every time is an
offset from it, so a demo started today always has overdue and nearly due requests.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlmodel import col

from core import audit
from core.db import Store
from core.deadlines import respond_by
from core.models import (
    Handover,
    Order,
    QueueReview,
    Request,
    RequestCheck,
    RequestNote,
    Review,
    Setting,
    ShelfItem,
    ShelfLocation,
    ShiftPic,
    Staff,
    UnmatchedParcel,
)
from core.rows import iso_z
from core.workflow import (
    CHECKLISTS,
    CONDITIONS,
    FAULTY_CONDITIONS,
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
    if marketplace == "tokopedia":
        return f"INV/{at:%Y%m%d}/MPL/{_digits(rng, 10)}"
    if marketplace == "shopee":
        tail = "".join(rng.choice("ABCDEFGHJKMNPQRSTUVWXYZ0123456789") for _ in range(8))
        return f"{at:%y%m%d}{tail}"
    return "57" + _digits(rng, 16)


def _awb(rng: random.Random, prefix: str) -> str:
    return prefix + _digits(rng, 14 - len(prefix) if len(prefix) < 6 else 10)


def _marketplace(rng: random.Random) -> str:
    roll = rng.random()
    return "tiktok_shop" if roll < 0.7 else "tokopedia" if roll < 0.9 else "shopee"


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
        logistics = {
            "delivered": "Terkirim",
            "in_transit": "Dalam Pengiriman",
            "cancelled": "Dibatalkan",
        }[status]
        if status == "delivered" and rng.random() < 0.015:
            logistics = rng.choice(("Paket Rusak", "Paket Hilang"))
        last_update = delivered or (placed + timedelta(days=1) if status != "cancelled" else placed)
        orders.append(
            {
                "marketplace": marketplace,
                "order_id": _order_id(rng, marketplace, placed),
                "sku": f"{product.sku_stem}-{rng.choice(product.variants)}",
                "status": status,
                "delivered_at": delivered,
                "courier": None if status == "cancelled" else courier,
                "awb": None if status == "cancelled" else _awb(rng, prefix),
                "last_logistics_update_at": min(last_update, now),
                "logistics_status": logistics,
                "imported_at": now,
                "updated_at": now,
                "_product": product,
            }
        )
    delivered_orders = [o for o in orders if o["status"] == "delivered"]

    requests: list[dict[str, Any]] = []
    used: set[tuple[str, str]] = set()
    kinds = [k for k, _ in TYPE_MIX]
    weights = [w for _, w in TYPE_MIX]

    def make_request(created: datetime, state: State, kind: RequestType) -> dict[str, Any]:
        order = rng.choice(delivered_orders)
        while (order["order_id"], order["sku"]) in used:
            order = rng.choice(delivered_orders)
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
            "version": 1,
            "imported_at": now,
            "updated_at": now,
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
                "imported_at": now,
            }
        )
    for order in orders:
        del order["_product"]
    return {"staff": staff, "orders": orders, "requests": requests, "reviews": reviews}


SHELF = (
    *(f"RTR-A-{n:02d}" for n in range(1, 9)),
    *(f"RTR-B-{n:02d}" for n in range(1, 5)),
)
QUARANTINE = ("KRT-01", "KRT-02")
UNMATCHED_CODES = ("JX7781203344", "SPXID0092771")


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


def _shelve(session: Any, store: Store, now: datetime, rng: random.Random) -> list[dict[str, Any]]:
    """Shelf items for the demo's received returns, and two parcels nobody could match."""
    received = session.execute(
        select(Request.id, Request.sku, Request.inspection, Request.received_at)
        .where(
            col(Request.received_at).is_not(None),
            # older items were restocked or disposed of long ago
            col(Request.received_at) > now - timedelta(days=12),
        )
        .order_by(Request.id)
    ).all()
    first_items = dict(session.execute(
        text("SELECT request_pk, id FROM request_item WHERE position = 1")
    ).all())  # fmt: skip
    items = []
    for pk, sku, condition, at in received:
        place = rng.choice(QUARANTINE if condition in FAULTY_CONDITIONS else SHELF)
        items.append(
            {
                "request_pk": pk,
                "request_item_pk": first_items[pk],
                "parcel_pk": None,
                "sku": sku,
                "condition": condition,
                "location": place,
                "placed_at": at,
                "placed_by": rng.choice(STAFF)[0],
            }
        )
    return items


PICS = (("Pagi", "dewi"), ("Siang", "agus"), ("Malam", "bayu"))


def _roster(session: Any, store: Store, now: datetime) -> None:
    """A PIC for every shift, a queue review hours ago, and the last shift's handover."""
    from core.shifts import DEFAULT_SHIFTS, previous_slot, slot_at

    pics = dict(PICS)
    for shift, login in PICS:
        session.add(ShiftPic(shift=shift, day=None, login=login, assigned_by=STAFF[0][0],
                             assigned_at=now - timedelta(days=60)))  # fmt: skip
    session.add(QueueReview(login="dewi", at=now - timedelta(hours=5), request_type="refund_only"))
    zone = store.shop_zone
    slot = slot_at(now, zone, DEFAULT_SHIFTS)
    earlier = previous_slot(slot, zone, DEFAULT_SHIFTS)
    notes = ("Dua paket retur tanpa label di karantina. Cek CCTV packing untuk pesanan "
             "tumbler yang pecah.")  # fmt: skip
    snapshot = {
        "shift": earlier.name, "day": earlier.day.isoformat(), "start": iso_z(earlier.start),
        "end": iso_z(earlier.end), "pic": pics[earlier.name], "next_shift": slot.name,
        "next_day": slot.day.isoformat(), "next_end": iso_z(slot.end),
        "next_pic": pics[slot.name], "generated_at": iso_z(earlier.end), "sections": [],
        "notes": notes,
    }  # fmt: skip
    session.add(Handover(shift=earlier.name, day=earlier.day, to_shift=slot.name,
                         to_day=slot.day, handed_by=pics[earlier.name],
                         handed_at=min(earlier.end - timedelta(minutes=10), now), notes=notes,
                         summary=json.dumps(snapshot)))  # fmt: skip


def load(store: Store, now: datetime, actor: str) -> dict[str, int]:
    """Write the demo shop into an empty store; returns row counts per table."""
    data = build(now, store.shop_zone, extra_supervisor=actor)
    now = now.astimezone(UTC).replace(microsecond=0)
    rng = random.Random(SEED + 1)
    with store.write() as session:
        for model, rows in (
            (Staff, data["staff"]),
            (Order, data["orders"]),
            (Request, data["requests"]),
            (Review, data["reviews"]),
        ):
            store.bulk_insert(session, model.__table__, rows)  # type: ignore[attr-defined]
        store.bulk_insert(
            session,
            ShelfLocation.__table__,
            [  # type: ignore[attr-defined]
                {
                    "code": code,
                    "area": "quarantine" if code in QUARANTINE else "return",
                    "active": True,
                    "created_at": now - timedelta(days=90),
                }
                for code in (*SHELF, *QUARANTINE)
            ],
        )
        session.execute(text(
            "INSERT INTO request_item (request_pk, position, sku, product_name, quantity, "
            "amount, condition) SELECT id, 1, sku, product_name, quantity, amount, inspection "
            "FROM request"
        ))  # fmt: skip
        store.bulk_insert(session, ShelfItem.__table__, _shelve(session, store, now, rng))  # type: ignore[attr-defined]
        for number, code in enumerate(UNMATCHED_CODES):
            at = now - timedelta(hours=5 + 20 * number)
            parcel = UnmatchedParcel(
                code=code,
                received_at=at,
                received_by=STAFF[1][0],
                note="Tanpa label pesanan, isi: kaos hitam" if number == 0 else None,
            )
            session.add(parcel)
            session.flush()
            session.add(
                ShelfItem(
                    parcel_pk=parcel.id,
                    location=QUARANTINE[number],
                    placed_at=at,
                    placed_by=STAFF[1][0],
                )
            )
        open_rows = session.execute(
            select(
                Request.id,
                Request.request_type,
                Request.created_at,
                Request.received_at,
                Request.inspection,
            )
            .where(Request.is_open)
            .order_by(Request.id)
        ).all()
        checks, notes = [], []
        for pk, kind, created, received, inspection in open_rows:
            items = CHECKLISTS[RequestType(kind)]
            keys = [item.key for item in items[: rng.choice((0, 0, 1, 1, 2))]]
            if received is not None:  # receipt and inspection tick their own checks
                keys = [k for k in keys if k not in ("receipt_confirmed", "condition_inspected")]
                keys.append("receipt_confirmed")
                if inspection:
                    keys.append("condition_inspected")
            for key in keys:
                done_at = created + timedelta(hours=rng.uniform(0.5, 3))
                if key == "receipt_confirmed" and received is not None:
                    done_at = received
                checks.append(
                    {
                        "request_pk": pk,
                        "check_key": key,
                        "done_by": rng.choice(STAFF)[0],
                        "done_at": done_at,
                    }
                )
            if rng.random() < 0.06:
                notes.append(
                    {
                        "request_pk": pk,
                        "author": rng.choice(STAFF)[0],
                        "at": created + timedelta(hours=1),
                        "text": rng.choice(
                            (
                                "Sudah minta video unboxing ke pembeli lewat chat.",
                                "Cek CCTV packing tanggal order, tunggu tim gudang.",
                                "Stok pengganti dicek besok pagi.",
                            )
                        ),
                    }
                )
        if checks:
            store.bulk_insert(
                session, RequestCheck.__table__, [c for c in checks if c["done_at"] <= now]
            )  # type: ignore[attr-defined]
        if notes:
            store.bulk_insert(session, RequestNote.__table__, notes)  # type: ignore[attr-defined]
        _roster(session, store, now)
        marker = Setting(key=DEMO_MARKER, value=now.isoformat())
        session.add(marker)
        counts = {k: len(v) for k, v in data.items()}
        event = audit.append(session, at=now, actor=actor, action="demo_loaded",
                             touches=[marker], detail=counts)  # fmt: skip
        _tie_to_events(session, event.id or 0, actor, now)
    return {k: len(v) for k, v in data.items()}


def _tie_to_events(session: Any, event_id: int, actor: str, now: datetime) -> None:
    """Every demo row is written by the demo's event; each request gets its own first event."""
    from sqlalchemy import text

    connection = session.connection()
    for table in audit.AUDITED_TABLES:
        connection.execute(text(f'UPDATE "{table}" SET event_id = :e WHERE event_id IS NULL'),
                           {"e": event_id})  # fmt: skip
    requests = connection.execute(text("SELECT id, state FROM request ORDER BY id")).all()
    events = audit.append_many(connection, [
        audit.Spec(at=now, actor=actor, action="created", request_pk=pk, request_version=1,
                   after_state=state, detail={"demo": True})
        for pk, state in requests
    ])  # fmt: skip
    connection.execute(
        text("UPDATE request SET event_id = :e WHERE id = :pk"),
        [{"e": e, "pk": pk} for e, (pk, _s) in zip(events, requests, strict=True)],
    )


DEMO_MARKER = "demo_loaded_at"  # a setting: this store was filled by `purna demo`


def is_demo_only(store: Store) -> bool:
    """True for a store that holds nothing but demo data (what `purna demo --reset` may wipe):
    filled by `purna demo`, and no file of the shop's own imported since."""
    from sqlalchemy import text

    with store.read() as session:
        if session.get(Setting, DEMO_MARKER) is None:
            return False
        real = session.execute(text(
            "SELECT 1 FROM audit_event WHERE action = 'import' "
            "AND detail NOT LIKE '%\"demo\": true%' LIMIT 1"
        )).first()  # fmt: skip
    return real is None
