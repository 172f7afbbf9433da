"""The conduct check (DOMAIN.md §7; seed 004 §4.2): rules, spans, masking, the labelled set."""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import conduct
from core.conduct import RULES, WHY, Finding, check, evaluate, load_labelled, mask, ok
from core.i18n import _
from tests.helpers import ROOT

LABELLED = ROOT / "tests" / "data" / "conduct_messages.jsonl"
# A second set of 208 messages written apart from the first (issue 13). Its first 128 were
# measured before the check was tuned on them (precision 0.986, recall 0.911), its last 80
# after that tuning, blind (precision 1.000, recall 0.920); both halves were then fixed with
# general patterns (English threats and insults, "rating 5", "cari masalah", the seller at
# the buyer's home, money returned outside the app), never with the messages themselves.
SECOND_SET = ROOT / "tests" / "data" / "conduct_holdout.jsonl"
# A third set of 262 messages (106 hard negatives), written before reading the check's
# rules: untouched it measured precision 0.986, recall 0.872; then fixed with general rules
# (meetings and COD outside the app, spaced domains, spelled-out accounts, rewards tied to
# returns, English cross-selling, money schemes), checked on other phrasings
# (tests/core/test_conduct_probes.py).
FRESH_SET = ROOT / "tests" / "data" / "conduct_fresh.jsonl"
# A fourth set of 307 messages (137 hard negatives), written before reading the check or
# the other sets (issue 13): untouched precision 0.974, recall 0.893; after aligning its
# labels with the conventions of the sets above (QR codes are links, messenger links are
# contacts, a threat about a review or return is review pressure too, "bayar di luar
# aplikasi" is a payment outside) precision 0.981, recall 0.894. Then fixed with general
# families (digits split by emoji, messenger names with suffixes or as product features,
# spelled-out shorteners, group invite links, fake engagement for sale, down payments by
# transfer, fee-dodging payments, money paid to the shop is no refund, English cancel and
# refund phrasings, threats naming the review or return, self-blame is no insult).
ROUND4_SET = ROOT / "tests" / "data" / "conduct_round4.jsonl"
# Four blind probe sets, each written after the previous round's fixes and labelled before
# being run, with new phrasings rather than paraphrases. Untouched: 93 messages (40
# negatives) precision 1.000, recall 0.717; 109 messages (49 negatives) precision 1.000,
# recall 0.733; 100 messages (44 negatives) precision 0.956, recall 0.768 (these three
# hunt for odd wordings); 105 everyday messages (45 negatives) precision 1.000, recall
# 0.967. Each was then fixed with general families (see the commits), never with the
# messages themselves.
ROUND4_PROBES = [
    ROOT / "tests" / "data" / "conduct_round4b.jsonl",
    ROOT / "tests" / "data" / "conduct_round4c.jsonl",
    ROOT / "tests" / "data" / "conduct_round4d.jsonl",
    ROOT / "tests" / "data" / "conduct_round4e.jsonl",
]
# A fifth set of 257 messages (108 hard negatives) in everyday seller chat (typos, "gw",
# "b5", emoji stars, broadcasts, angry replies), written before reading the check or the
# other sets (issue 13). Untouched: precision 0.971, recall 0.906; after aligning its labels
# with the conventions above (e-wallet numbers are bank, QR codes links, cheaper-website
# offers spam too) the same. Then fixed with general families ("siap-siap nyesel", sanctions
# written as "= blokir", "blokir permanen", doubled or phonetic "cancell/cansel/kensel",
# "gausah" as a negator, the buyer's own cancel wish, marketing to past buyers, income
# schemes, fakes and goods without BPOM, "b5" and star emoji, asking for an e-mail,
# mocking the buyer's purse, paying by bank "cheaper than in the app", courier counters
# on a street, the buyer told they may edit a review any time), checked on other phrasings;
# twelve further blind batches (recall 0.375-0.952 untouched) are in test_conduct_probes.py.
ROUND5_SET = ROOT / "tests" / "data" / "conduct_round5.jsonl"
# Written blind in a grader's voice (seed 004 §4.2 paraphrased, 3-4 surface forms per
# rule, 77 hard negatives). Untouched: precision 0.959, recall 0.922 (tp 118, fp 5, fn 10);
# misses were letter-spaced words, abbreviations ("dl", "lg"), dares and prize scams; false
# alarms a courier's counter, a ship-from city, a denied "KW?" question.
ROUND6_SET = ROOT / "tests" / "data" / "conduct_round6.jsonl"
# Written blind (220 messages, 88 hard negatives: order ids, AWBs, invoices, prices, the
# platform's own payment, refund and voucher features), labelled before running. Untouched:
# precision 0.969, recall 0.962 (tp 127, fp 4, fn 5); 14 labels then aligned with the
# conventions above (e-wallet numbers are bank, messenger links contacts, payment links and
# QR links only, threats about reviews threat too, "ga usah lewat aplikasi" a payment
# outside). Fixed with general families: a cancel put on the buyer's side, people sent to
# "alamatmu", "miskin banyak nuntut", "tidur sama aku", "anjir" as praise, cheaper on
# another marketplace, the buyer's new address, calls reported, "di checkout", COD at a
# named place, the own website only with buying or prices.
ROUND7_SET = ROOT / "tests" / "data" / "conduct_round7.jsonl"


def rules(text: str) -> set[str]:
    return {f.rule for f in check(text)}


def spans(text: str, rule: str) -> list[str]:
    return [f.text for f in check(text) if f.rule == rule]


# --- contact -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Halo kak, chat aja ke 0812-3456-7890 ya", "0812-3456-7890"),
        ("nomornya 0812 3456 7890 kak", "0812 3456 7890"),
        ("hubungi 0813.9988.7766", "0813.9988.7766"),
        ("silakan ke +62 812 3456 7890", "+62 812 3456 7890"),
        ("hubungi 6281234567890 ya", "6281234567890"),
        ("nomernya O812 4455 6677 kak", "O812 4455 6677"),
        ("telp kantor (022) 7301234", "(022) 7301234"),
        ("nomor ini 0 8 1 9 - 2 2 3 3 - 4 4 5 5 kak", "0 8 1 9 - 2 2 3 3 - 4 4 5 5"),
        (
            "kontak: nol delapan satu dua tiga empat lima enam tujuh delapan sembilan nol",
            "nol delapan satu dua tiga empat lima enam tujuh delapan sembilan nol",
        ),
        ("admin kosong delapan lima dua, 1234, 5678 ya", "kosong delapan lima dua, 1234, 5678"),
    ],
)
def test_phone_numbers_in_every_written_form(text: str, number: str) -> None:
    found = [f for f in check(text) if f.kind == "phone"]
    assert [f.text for f in found] == [number]
    assert found[0].rule == "contact"
    assert text[found[0].start : found[0].end] == number


@pytest.mark.parametrize(
    "text",
    [
        "chat WA aja ya kak",
        "Kak fotonya kirim via whatsapp saja",
        "chat ke wasap admin aja kak",
        "kak bisa ke w4 kami aja",
        "kak bisa japri ke line @sinarjaya88 ya",
        "add line kami ya kak: tokobaju_murah",
        "kontak telegram kami t.me/adminjaya",
        "langsung chat wa.me/6281298765432 ya",
        "DM ig @kedaiherbal.id aja kak",
        "ig kami kedai.kopi.nusantara kak, dm aja disana",
        "boleh minta nomor hp nya kak?",
        "email kami cs.tokomurah@gmail.com",
        "email aja ke adminshop [at] gmail [dot] com",
        "retur.kencana at yahoo dot co dot id",
        "Toko offline kami di Jl. Raya Bogor No. 45, Cimanggis kak",
        "Gudang kami di Gg. Melati No. 3, Kec. Cilandak kak, boleh mampir",
        "kalau mau cepat datang langsung ke toko aja kak",
    ],
)
def test_contact_details_and_invitations(text: str) -> None:
    assert "contact" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Halo kak, pesanan 576843219876543210 sudah kami kirim dengan resi JX7781203344 ya",
        "Nomor pesanan 231122ABCD1234 sudah kami proses",
        "Resi kakak SPXID0092771, estimasi 2-3 hari",
        "AWB 00455426495256 sudah di-pickup kurir tgl 22/11/2024 jam 14.30",
        "Resi NLIDAP9924907642 dalam perjalanan",
        "Invoice INV/20241122/MPL/123456789 sudah terbit",
        "no resi 0021 2345 6789 0 dari Anteraja",
        "resi baru JNE 1234 5678 9012 345",
        "Harga Rp89.000, varian putih 95k, hitam 89rb",
        "Kak, tgl 08-12-2024 10.30 paket sampai",
        "jam operasional CS Senin-Sabtu 08.00-17.00 WIB",
        "SKU BJ-0921-HTM-XL stoknya tinggal 3 pcs",
        "nomor BPOM NA18211200123",
        "Wa'alaikumsalam kak, pesanannya sudah diproses ya",
        "maaf kak kami tidak bisa kasih nomor WA, semua komunikasi lewat chat ini ya",
        "Kak, kalau ada kendala hubungi Pusat Bantuan di aplikasi",
        "Nomor HP penerima tidak aktif, mohon update lewat detail pesanan",
        "Paketnya sudah jalan ya kak, posisi di gudang sortir Jakarta Timur",
        "Kurir JNE ada kendala di wilayah Kec. Pakis",
        "kak, alamat pengiriman di Jl. Melati 5 sudah benar ya?",
    ],
)
def test_hard_negatives_for_contact(text: str) -> None:
    assert "contact" not in rules(text)


def test_an_e_wallet_number_is_an_account_not_a_contact() -> None:
    found = check("ongkir tambahan kirim ke shopeepay 0821-9876-5432 ya kak")
    assert [(f.rule, f.kind, f.text) for f in found] == [("bank", "ewallet", "0821-9876-5432")]


# --- link --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("panduan di https://bit.ly/panduan-blender-x2 ya", "https://bit.ly/panduan-blender-x2"),
        ("Video cara pasang: s.id/pasangrak ya kak", "s.id/pasangrak"),
        ("ukuran 42 ada kak, cek di www.tokosepatuku.com ya", "www.tokosepatuku.com"),
        ("cek resi bisa di cekresi.com ya", "cekresi.com"),
        ("form di forms.gle/Ab12Cd34.", "forms.gle/Ab12Cd34"),
    ],
)
def test_third_party_links(text: str, link: str) -> None:
    assert spans(text, "link") == [link]


@pytest.mark.parametrize(
    "text",
    [
        "scan QR ini aja ya kak untuk bayar ongkir",
        "Sudah kami kirim barcode pembayaran kak",
        "bayar kekurangannya pakai QRIS toko kami aja kak",
    ],
)
def test_qr_payment_offers(text: str) -> None:
    assert {(f.rule, f.kind) for f in check(text)} >= {("link", "qr")}


@pytest.mark.parametrize(
    "text",
    [
        "Kak, link pelacakan bisa dibuka dari detail pesanan di aplikasi, klik 'Lacak'",
        "kakak bisa bayar pakai QRIS saat checkout di aplikasi",
        "Rp1.250.000 sudah termasuk ongkir",
        "a.n. Bapak Joko, Jl. Kenanga",
    ],
)
def test_hard_negatives_for_link(text: str) -> None:
    assert "link" not in rules(text)


# --- bank and refunds outside the platform -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("norek BNI 0123456789 an Siti", "0123456789"),
        ("no rek: 0987 6543 21 (BRI) a/n Toko Makmur", "0987 6543 21"),
        ("rekening CIMB Niaga 7600 1234 5678 a.n. CV Sentosa", "7600 1234 5678"),
        ("kak bisa transfer ke rekening mandiri kami 137-00-1234567-8", "137-00-1234567-8"),
        ("silakan tf ke BCA 1234567890 a.n. Budi Santoso", "1234567890"),
        ("dp nya kirim ke DANA 0812 3344 5566 ya kak", "0812 3344 5566"),
    ],
)
def test_account_numbers(text: str, number: str) -> None:
    assert spans(text, "bank") == [number]


def test_a_request_to_pay_into_the_shops_account_without_a_number() -> None:
    assert rules("silakan tf ke rek kami ya kak, nomornya saya kirim setelah ini") == {"bank"}


@pytest.mark.parametrize(
    "text",
    [
        "Mohon maaf kak, biar cepat saya transfer balik aja uangnya ya",
        "refund lewat DANA aja kak, kirim no dananya",
        "Dana dikembalikan via rekening ya kak, boleh minta nomor rekening kakak?",
        "selisih harganya kami tf ke gopay kakak ya",
        "refund manual aja ya kak, lebih cepet drpd nunggu platform",
        "bayar di luar aplikasi biar murah kak",
        "kak retur gak usah lewat aplikasi, nanti uangnya kami tf langsung",
    ],
)
def test_refunds_and_payments_outside_the_platform(text: str) -> None:
    assert "offplatform_refund" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "refund diproses oleh platform ya kak, masuk ke metode pembayaran awal",
        "Dana refund Rp210.000 sudah dikembalikan ke ShopeePay kakak oleh Shopee ya",
        "dana akan dikembalikan ke rekening kakak oleh Tokopedia",
        "Kak, kami tidak menerima transfer di luar aplikasi ya, hati-hati penipuan",
        "kak tdk perlu transfer apa pun ya, semua pembayaran lewat aplikasi",
        "Maaf kak, kami tidak menyediakan pembayaran lewat rekening pribadi",
        "iya kak, bisa bayar pakai ShopeePay atau transfer bank saat checkout di aplikasi",
        "Sudah kami refund via sistem Rp45.000 untuk item yang kurang ya kak",
        "Paket sdh diterima a.n. Bapak Joko tgl 21/11 pkl 10.15",
    ],
)
def test_hard_negatives_for_money(text: str) -> None:
    assert rules(text) & {"bank", "offplatform_refund"} == set()


# --- cancel ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "tolong batalkan pesanannya ya kak, stok kami habis",
        "cancel aja ya kak, warnanya kosong",
        "mohon ajukan pembatalan dari sisi kakak ya",
        "Kak bisa dicancel dulu ordernya? nanti checkout ulang",
        "pls cancel order yg ini kak",
        "maaf kak, silakan klik batalkan pesanan di aplikasi karena barang kosong",
    ],
)
def test_asking_the_buyer_to_cancel(text: str) -> None:
    assert "cancel" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kak jangan cancel dulu ya, stoknya besok sudah ready",
        "Kak, harap tidak membatalkan pesanan ya, barang sudah dikemas",
        "Maaf kak barang sudah di kurir, jadi tidak bisa dibatalkan",
        "pesanan akan otomatis dibatalkan sistem kalau tidak dikirim dalam 3 hari",
        "kak kalau mau batal, bisa ajukan pembatalan sendiri di aplikasi",
        "Mohon maaf kak, pengajuan pembatalan dari kakak sudah kami setujui",
    ],
)
def test_hard_negatives_for_cancel(text: str) -> None:
    assert "cancel" not in rules(text)


# --- review ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Kak nanti kami kasih voucher 20rb kalau kasih bintang 5 ya",
        "voucher diskon cuma buat yg kasih ulasan bintang 5 kak",
        "tolong ubah ulasannya jadi bintang 5 ya kak",
        "hapus review nya ya kak nanti kami kasih cashback 10rb",
        "Kak rating 1 nya bisa dinaikin ga? kami refund ongkirnya deh",
        "kalau kasih bintang 1 saya laporkan akun kakak",
        "Saya tahu alamat Anda, jadi sebaiknya Anda memberi ulasan yang baik.",
    ],
)
def test_review_manipulation(text: str) -> None:
    assert "review" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "mohon beri ulasan jujur ya kak, masukan kakak sangat berarti",
        "Terima kasih kak sudah kasih bintang 5, semoga cocok",
        "mohon maaf kak, ulasan tidak bisa kami ubah dari sisi penjual",
        "Kalau berkenan boleh kasih ulasan ya, apa pun penilaiannya kami terima",
        "Voucher toko berlaku di checkout ya kak, min belanja 100rb",
    ],
)
def test_hard_negatives_for_review(text: str) -> None:
    assert "review" not in rules(text)


# --- threat, harassment ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "saya akan melaporkan Anda sebagai pembeli jahat",
        "awas kamu ya",
        "kami laporkan ke polisi kalau barangnya tidak dikembalikan",
        "saya sebar data kamu ke grup seller",
        "lihat aja nanti, kamu bakal nyesel",
        "kami tuntut secara hukum",
    ],
)
def test_threats(text: str) -> None:
    assert "threat" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kami sudah laporkan ke pihak ekspedisi soal paket yang hilang",
        "awas barangnya mudah pecah ya kak",
        "kami tidak akan melaporkan kakak, tenang saja",
    ],
)
def test_hard_negatives_for_threat(text: str) -> None:
    assert "threat" not in rules(text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("baca deskripsi dong, goblok banget sih", "goblok"),
        ("g0bl0k bgt sih lu", "g0bl0k"),
        ("kamu tuh b0d0h atau gimana", "b0d0h"),
        ("anjing, udah dikirim masih aja komplain", "anjing,"),
        ("bgst emang lu", "bgst"),
        ("dasar miskin, barang 20rb aja diributin", "dasar miskin"),
    ],
)
def test_harassment(text: str, word: str) -> None:
    found = spans(text, "harassment")
    assert found and word.rstrip(",") in found[0]


@pytest.mark.parametrize(
    "text",
    [
        "Makanan anjing dan kucing kami kirim terpisah ya kak",
        "boneka monyet ready kak",
        "Paketnya sudah jalan ya kak",
    ],
)
def test_hard_negatives_for_harassment(text: str) -> None:
    assert "harassment" not in rules(text)


# --- spam --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "follow IG kami ya kak buat info promo",
        "join grup WA kami untuk promo member kak",
        "cek produk lain kami di toko sebelah kak lebih lengkap",
        "beli di website kami lebih murah loh kak",
        "Ada flash sale 50% semua produk hari ini, buruan checkout",
        "kak main slot gacor yuk",
    ],
)
def test_spam(text: str) -> None:
    assert "spam" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "iya kak kode voucher TOKOHEMAT10 masih berlaku, dipakai di checkout ya",
        "Harga coret Rp150.000 jadi Rp99.000 itu diskon dari platform kak",
        "Kak, stok ready 12 pcs. Minimal pembelian grosir 6 pcs dapat harga 75rb/pcs",
        "Maaf menunggu lama kak, antrian chat banyak krn harbolnas",
    ],
)
def test_hard_negatives_for_spam(text: str) -> None:
    assert "spam" not in rules(text)


# --- the platform's own wording is clean -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Kak, silakan klik Ajukan Pengembalian di aplikasi lalu pilih alasan barang rusak ya",
        "Silakan lanjut lewat fitur chat ini aja kak",
        "Kalau ada kendala bisa hubungi Pusat Bantuan di aplikasi ya kak",
        "Voucher toko berlaku di checkout ya kak",
        "refund diproses oleh platform ya kak",
        "Untuk retur silakan ajukan retur di aplikasi ya kak",
        "mohon beri ulasan jujur ya kak",
    ],
)
def test_platform_features_are_fine(text: str) -> None:
    assert ok(text)
    assert check(text) == []


# --- findings: shape, spans, order, merging ----------------------------------------------


def test_findings_carry_rule_span_text_reason_and_kind() -> None:
    text = "Halo kak, biar cepet chat WA aja ya ke 0812-3456-7890 😊"
    found = check(text)
    assert [f.kind for f in found] == ["messenger", "phone"]
    for finding in found:
        assert isinstance(finding, Finding)
        assert finding.rule in RULES
        assert text[finding.start : finding.end] == finding.text
        assert finding.why in WHY.values()
    assert found[1].why == "A phone number takes the buyer off the platform"


def test_findings_are_sorted_and_overlapping_spans_of_a_rule_are_merged() -> None:
    text = "link grup diskon: chat.whatsapp.com/KxY12abc, kak bisa ke w4 kami 0812 4455 6677"
    found = check(text)
    assert [f.start for f in found] == sorted(f.start for f in found)
    for rule in RULES:
        mine = [f for f in found if f.rule == rule]
        for first, second in itertools.pairwise(mine):
            assert first.end <= second.start


def test_as_dict_matches_the_cli_contract() -> None:
    (finding,) = [f for f in check("norek BNI 0123456789 an Siti") if f.rule == "bank"]
    data = finding.as_dict()
    assert {"rule", "start", "end", "text", "why"} <= set(data)
    assert data["rule"] == "bank" and data["text"] == "0123456789"
    assert data["why"] == _(finding.why)  # in the current language


def test_spans_use_offsets_of_the_original_text_with_wide_characters() -> None:
    text = "😊🙏 İstanbul ẞ kak chat WA 0812-3456-7890"
    for finding in check(text):
        assert text[finding.start : finding.end] == finding.text
    assert "0812-3456-7890" in spans(text, "contact")


# --- mask --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("chat WA ke 0812-3456-7890 ya", "chat WA ke [telepon] ya"),
        ("email cs.tokomurah@gmail.com ya", "email [email] ya"),
        ("tf ke BCA 1234567890 a.n. Budi", "tf ke BCA [rekening] a.n. Budi"),
        ("gopay toko: 0896-1122-3344 kak", "gopay toko: [rekening] kak"),
        ("cek di https://bit.ly/abc ya", "cek di [tautan] ya"),
        ("DM ig @kedaiherbal.id aja", "DM ig [kontak] aja"),
        (
            "Toko offline kami di Jl. Raya Bogor No. 45, Cimanggis kak",
            "Toko offline kami di [alamat] kak",
        ),
        (
            "pesanan 576843219876543210 resi JX7781203344 total Rp89.000",
            "pesanan 576843219876543210 resi JX7781203344 total Rp89.000",
        ),
    ],
)
def test_mask(text: str, masked: str) -> None:
    assert mask(text) == masked


def test_mask_hides_data_even_where_it_breaks_no_rule() -> None:
    text = "kak, alamat pengiriman di Jl. Melati 5 sudah benar ya?"
    assert ok(text)
    assert "Melati" not in mask(text)


# --- the labelled set --------------------------------------------------------------------


def test_labelled_set_meets_the_target() -> None:
    rows = load_labelled(LABELLED)
    overall, _per_rule, differences = evaluate(rows)
    assert overall.recall >= 0.95, differences
    assert overall.precision >= 0.90, differences


# Each later set: at least 150 messages, 60 of them hard negatives, at the target.
LATER_SETS = {
    "second": [SECOND_SET], "fresh": [FRESH_SET], "fourth": [ROUND4_SET],
    "fourth_probes": ROUND4_PROBES, "fifth": [ROUND5_SET], "sixth": [ROUND6_SET],
    "seventh": [ROUND7_SET],
}  # fmt: skip


@pytest.mark.parametrize("name", LATER_SETS)
def test_later_labelled_sets_meet_the_target(name: str) -> None:
    rows = [row for path in LATER_SETS[name] for row in load_labelled(path)]
    assert len(rows) >= 150
    assert sum(1 for _text, expected in rows if not expected) >= 60  # hard negatives
    overall, _per_rule, differences = evaluate(rows)
    assert overall.recall >= 0.95, differences
    assert overall.precision >= 0.90, differences


@pytest.mark.parametrize(
    "path",
    [
        LABELLED, SECOND_SET, FRESH_SET, ROUND4_SET, *ROUND4_PROBES, ROUND5_SET, ROUND6_SET,
        ROUND7_SET,
    ],
)  # fmt: skip
def test_labelled_set_uses_only_known_rules(path: Path) -> None:
    for line in path.read_text(encoding="utf-8").splitlines():
        assert set(json.loads(line)["rules"]) <= set(RULES)


def test_evaluate_command_prints_scores_and_misses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "set.jsonl"
    data.write_text(
        json.dumps({"text": "chat WA aja kak", "rules": ["contact"]})
        + "\n"
        + json.dumps({"text": "Stok ready kak", "rules": ["spam"]})
        + "\n",
        encoding="utf-8",
    )
    assert conduct.main(["--evaluate", str(data)]) == 0
    out = capsys.readouterr().out
    assert "messages: precision 1.000 recall 0.500" in out
    assert "spam" in out and "MISS missing=spam extra=-: Stok ready kak" in out


def test_speed_of_a_500_character_message() -> None:
    rows = [text for text, _rules in load_labelled(LABELLED)]
    message = " ".join(rows)[:500]
    check(message)
    runs = 50
    # CPU time of this process: a busy machine (parallel workers, other jobs) slows the wall
    # clock, not the check
    start = time.process_time()
    for _run in range(runs):
        check(message)
    assert (time.process_time() - start) / runs < 0.02  # 4-5 ms typical; slack for slow CI


# --- translations ------------------------------------------------------------------------


def test_every_reason_reads_in_indonesian() -> None:
    from core.i18n import _

    for message in WHY.values():
        assert _(message) != message  # translated in the catalog (tests/test_i18n.py too)


# --- robustness --------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_never_raises_and_spans_stay_inside(text: str) -> None:
    for finding in check(text):
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
        assert finding.rule in RULES
    assert isinstance(mask(text), str)


_CHAT_PIECES = st.sampled_from(
    [
        "kak", "0812", "3456", "7890", "-", " ", ".", "@", "WA", "Jl.", "No.", "12", "bintang 5",
        "voucher", "tf", "BCA", "rek", "nol", "delapan", "http://", "www.", ".com", "cancel",
        "aja", "goblok", "awas", "lu", "promo", "buruan", "Rp", "89.000", "RT 02/RW 05", "O",
        "\n", "?", "!", "ulasan", "hapus", "refund", "manual", "[at]", "gmail", "[dot]",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_CHAT_PIECES, max_size=60).map("".join))
def test_never_raises_on_chat_like_noise(text: str) -> None:
    for finding in check(text):
        assert text[finding.start : finding.end] == finding.text
    mask(text)


def test_long_unbroken_text_stays_fast() -> None:
    # sentence-level lookups are computed once per message: no quadratic blow-up
    text = ("tolong cancel aja kak, tf ke rek kami 0812 " * 200)[:8000]
    start = time.perf_counter()
    check(text)
    mask(text)
    assert time.perf_counter() - start < 2.0


# --- phrasings that are not in the labelled set ------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kak, biar gampang kita lanjut di WhatsApp ya", {"contact"}),
        ("kak kalau di Bandung bisa COD-an di toko kami", {"contact"}),
        ("Toko kami di Pasar Baru blok C no 12, bisa datang langsung", {"contact"}),
        ("lihat review asli di youtube kami: youtu.be/xyz123", {"link"}),
        ("untuk pelunasan silakan ke rekening BCA kami ya kak", {"bank"}),
        ("kak rekeningnya apa? nanti kami kirim refund", {"offplatform_refund"}),
        ("ga usah ajukan pengembalian kak, kami tf langsung 50rb", {"offplatform_refund"}),
        ("order lewat WA aja kak", {"contact", "offplatform_refund"}),
        ("sebaiknya kakak batalkan saja pesanannya", {"cancel"}),
        ("kak tolong tarik ulasan negatifnya ya", {"review"}),
        ("awas aja kalau kakak kasih bintang jelek", {"review", "threat"}),
        ("kami sebarkan chat ini ke medsos biar semua tahu kelakuan kakak", {"threat"}),
        ("dasar kere", {"harassment"}),
        ("kak, kamu cantik, boleh minta foto pribadi?", {"harassment"}),
        ("kak, kami juga jual sepatu dan tas, mampir ke etalase ya", {"spam"}),
        ("pesan lewat tokomurah.com aja kak, lebih banyak diskon", {"link", "spam"}),
        ("Kalau pesanan belum dikirim, kakak bisa ajukan pembatalan di menu pesanan", set()),
        ("Kak, diskon member berlaku otomatis kalau kakak follow toko di aplikasi", set()),
        ("Saldo refund masuk ke ShopeePay kakak dalam 1x24 jam setelah disetujui", set()),
        ("Baik kak, alamat sudah kami sesuaikan: Jl. Anggrek 7 Blok B, Bekasi", set()),
        ("Kak, kalau ulasan mau diubah bisa lewat menu Penilaian Saya di aplikasi", set()),
        ("Kurir J&T biasanya menghubungi lewat telepon sebelum antar ya kak", set()),
        ("Kalau ada pihak yang mengaku admin kami dan minta transfer, abaikan ya kak", set()),
    ],
)
def test_new_phrasings(text: str, expected: set[str]) -> None:
    assert rules(text) == expected


# --- fourth round: the trigger words of the new families in harmless use ------------------


@pytest.mark.parametrize(
    "text",
    [
        "Kak, kurir sedang cari alamat kakak, mohon angkat telepon",
        "dasar kainnya tebal kak",
        "Kakak bisa cek link di bio toko di aplikasi",
        "tau akibatnya kalau kabel dicolok terbalik: korslet",
        "Voucher 10rb sudah masuk ke akun kakak, bisa dipakai belanja lagi kapan saja",
        "Ukuran celananya pas-pasan di saya kak",
        "kak, kirim foto kaki meja yang patah ya",
        "Kak ga usah checkout lagi, pesanannya sudah masuk",
        "rating produk bagus kak. Tolong diganti warnanya jadi merah ya",
        "Pembayaran via transfer bank sudah kami terima kak",
        "maaf kak, saya bodoh banget tadi salah kirim warna",
        "Smartwatch ini bisa notifikasi WA, IG, dan Line kak",
        "Kakak bisa pilih ambil di gerai Indomaret terdekat lewat aplikasi",
        "saya mau beli yang merah juga? promonya masih?",
        "Barang diterima tanggal 08-12-2026 jam 10",
        "Kalau kasih ulasan + foto, kakak dapat poin dari aplikasi",
        "toko kami yang jual di aplikasi ini saja kak",
        "masa gitu aja ga bisa kak? coba restart ya",
        "you are not a joke to us, sorry",
        "please pay via the app to our account at checkout",
        "Kami sudah laporkan akun palsu yang mengatasnamakan toko kami ke platform",
        "Kalau ada yang minta kakak transfer ke rekening pribadi, itu penipuan ya kak",
        "Kakak bisa cek link di bio toko di aplikasi",
        "Maaf kak, kami tidak bisa transfer langsung, refund hanya lewat Shopee",
    ],
)
def test_hard_negatives_for_the_fourth_round_families(text: str) -> None:
    assert rules(text) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WA 0813👉4455👉6677 kak", {"contact"}),
        ("kontak ke 08-12-34-56-78-90 aja", {"contact"}),
        ("kak DP dulu 50% via transfer ya", {"bank"}),
        ("trf ke dana 0812 3456 7890 ya kak", {"bank"}),
        ("ongkir returnya nanti kami ganti lewat dana ya", {"offplatform_refund"}),
        (
            "batalkan pengajuan pengembaliannya ya kak, nanti saya refund manual",
            {"offplatform_refund"},
        ),
        ("kalau retur kakak saya masukin daftar hitam", {"review", "threat"}),
    ],
)
def test_fourth_round_families(text: str, expected: set[str]) -> None:
    assert rules(text) == expected
