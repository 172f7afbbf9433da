"""Receiving returns, the return shelf and its labels, against a real SQLite store."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from core import actions, labels, receiving, shelf, staff
from core.actions import Refused
from core.db import Store
from core.models import AuditEvent, ShelfItem
from tests.core.test_actions import add_request, current
from tests.helpers import FIXED_NOW

WIB = ZoneInfo("Asia/Jakarta")
SUPERVISOR, STAFF = "dewi", "agus"


@pytest.fixture
def shop(store: Store) -> Store:
    staff.ensure_first_supervisor(store, SUPERVISOR, FIXED_NOW)
    staff.add(store, login=STAFF, name="Agus", role="staff", by=SUPERVISOR, now=FIXED_NOW)
    for code in ("RTR-A-01", "RTR-A-02"):
        shelf.add_location(store, code, "return", by=SUPERVISOR, now=FIXED_NOW)
    shelf.add_location(store, "KRT-01", "quarantine", by=SUPERVISOR, now=FIXED_NOW)
    return store


def approved_return(shop: Store, number: int = 1, **extra: object) -> int:
    values: dict[str, object] = {
        "state": "return_approved", "answered": True, "return_awb": f"JX00{number}",
        "responded_at": FIXED_NOW - timedelta(hours=20), "sku": "KPC30S-HTM-L",
    }  # fmt: skip
    values.update(extra)
    return add_request(shop, kind="return_refund", number=number, **values)


def test_lookup_by_return_awb_or_order_id_any_case(shop: Store) -> None:
    pk = approved_return(shop)
    add_request(shop, kind="refund_only", number=9, return_awb="JX001")  # not a return
    by_awb = receiving.lookup(shop, " jx001 ")
    assert [r.pk for r in by_awb.requests] == [pk] and by_awb.code == "JX001"
    order = current(shop, pk).order_id
    assert [r.pk for r in receiving.lookup(shop, order.lower()).requests] == [pk]
    assert receiving.lookup(shop, "NOPE").requests == ()


def test_a_code_can_match_several_requests(shop: Store) -> None:
    first = approved_return(shop, 1, order_id="ORD-SAME")
    second = add_request(shop, kind="exchange", number=2, order_id="ORD-SAME",
                         state="return_approved")  # fmt: skip
    assert {r.pk for r in receiving.lookup(shop, "ord-same").requests} == {first, second}


def test_receipt_is_one_step_with_time_person_and_shelf_place(shop: Store) -> None:
    pk = approved_return(shop)
    version = current(shop, pk).version
    receiving.confirm_receipt(shop, pk=pk, login=STAFF, version=version, now=FIXED_NOW)
    row = current(shop, pk)
    assert (row.state, row.received_at, row.claimed_by) == ("received", FIXED_NOW, STAFF)
    entries = shelf.contents(shop)
    assert [(e.reference, e.location, e.condition) for e in entries] == [
        (row.request_id, "RTR-A-01", None)
    ]
    # the 48 h window to dispute a wrong item runs from this receipt
    with pytest.raises(Refused):
        receiving.confirm_receipt(shop, pk=pk, login=STAFF, version=row.version, now=FIXED_NOW)


def test_receipt_needs_an_approved_return(shop: Store) -> None:
    pk = add_request(shop, kind="return_refund", return_awb="JX777")
    with pytest.raises(Refused) as refused:
        receiving.confirm_receipt(shop, pk=pk, login=STAFF, version=1, now=FIXED_NOW)
    assert refused.value.reason == "state"
    assert shelf.contents(shop) == []


def test_inspection_records_condition_note_evidence_and_moves_faulty_items(shop: Store) -> None:
    pk = approved_return(shop)
    version = receiving.confirm_receipt(shop, pk=pk, login=STAFF, version=1,
                                        now=FIXED_NOW).version  # fmt: skip
    receiving.inspect(shop, pk=pk, condition="wrong_item", note="Isi kaos putih, bukan hitam",
                      evidence=["IMG_2041.jpg", " VID_0007.mp4 ", ""], login=STAFF,
                      version=version, now=FIXED_NOW + timedelta(hours=1))  # fmt: skip
    row = current(shop, pk)
    assert (row.state, row.inspection) == ("inspected", "wrong_item")
    assert json.loads(row.inspection_evidence or "[]") == ["IMG_2041.jpg", "VID_0007.mp4"]
    assert [(e.location, e.condition) for e in shelf.contents(shop)] == [("KRT-01", "wrong_item")]
    # the outcome enables a dispute within 48 h of receipt, through the decision guards
    actions.set_check(shop, pk=pk, key="type_matches_comment", done=True, login=STAFF,
                      version=row.version, now=FIXED_NOW)  # fmt: skip
    actions.decide(shop, pk=pk, action="dispute", login=STAFF, version=row.version + 1,
                   now=FIXED_NOW + timedelta(hours=47), confirmation="8269")  # fmt: skip
    assert current(shop, pk).state == "disputed"


def test_an_as_described_item_enables_the_refund(shop: Store) -> None:
    pk = approved_return(shop)
    version = receiving.confirm_receipt(shop, pk=pk, login=STAFF, version=1,
                                        now=FIXED_NOW).version  # fmt: skip
    version = receiving.inspect(
        shop,
        pk=pk,
        condition="as_described",
        note="",
        evidence=[],
        login=STAFF,
        version=version,
        now=FIXED_NOW,
    ).version
    version = actions.set_check(shop, pk=pk, key="type_matches_comment", done=True, login=STAFF,
                                version=version, now=FIXED_NOW).version  # fmt: skip
    order = current(shop, pk).order_id
    actions.decide(shop, pk=pk, action="refund", login=STAFF, version=version, now=FIXED_NOW,
                   confirmation=order[-4:])  # fmt: skip
    assert current(shop, pk).state == "refunded"
    assert [e.location for e in shelf.contents(shop)] == ["RTR-A-01"]  # stays: may be restocked


def test_unmatched_parcel_waits_in_quarantine_until_matched(shop: Store) -> None:
    parcel = receiving.record_unmatched(shop, code="jx9999", note="tanpa label", login=STAFF,
                                        now=FIXED_NOW)  # fmt: skip
    assert (parcel.code, parcel.location) == ("JX9999", "KRT-01")
    assert [p.code for p in receiving.unmatched(shop)] == ["JX9999"]
    assert [p.code for p in receiving.lookup(shop, "JX9999").parcels] == ["JX9999"]
    # a later export brings the request with that return AWB; receiving it matches the parcel
    pk = approved_return(shop, 5, return_awb="JX9999")
    receiving.confirm_receipt(shop, pk=pk, login=STAFF, version=1, now=FIXED_NOW)
    assert receiving.unmatched(shop) == []
    [entry] = shelf.contents(shop)
    assert (entry.request_pk, entry.location) == (pk, "KRT-01")  # the item was not moved twice


def test_manual_match(shop: Store) -> None:
    parcel = receiving.record_unmatched(shop, code="BOX-1", note="", login=STAFF, now=FIXED_NOW)
    pk = approved_return(shop)
    receiving.match_parcel(shop, parcel_id=parcel.parcel_id, pk=pk, login=STAFF, now=FIXED_NOW)
    assert receiving.unmatched(shop) == []
    with pytest.raises(Refused):
        receiving.match_parcel(shop, parcel_id=parcel.parcel_id, pk=pk, login=STAFF,
                               now=FIXED_NOW)  # fmt: skip


def test_damaged_items_are_never_restocked(shop: Store) -> None:
    pk = approved_return(shop)
    version = receiving.confirm_receipt(shop, pk=pk, login=STAFF, version=1,
                                        now=FIXED_NOW).version  # fmt: skip
    [entry] = shelf.contents(shop)
    with pytest.raises(Refused, match="Periksa barang sebelum"):
        shelf.restock(shop, entry.item_id, login=STAFF, now=FIXED_NOW)
    receiving.inspect(shop, pk=pk, condition="damaged", note="", evidence=[], login=STAFF,
                      version=version, now=FIXED_NOW)  # fmt: skip
    with pytest.raises(Refused) as refused:
        shelf.restock(shop, entry.item_id, login=STAFF, now=FIXED_NOW)
    assert refused.value.reason == "guard" and "dijual lagi" in refused.value.message
    with pytest.raises(Refused):  # and it cannot leave quarantine for a sellable shelf
        shelf.move(shop, entry.item_id, "RTR-A-02", login=STAFF, now=FIXED_NOW)
    with pytest.raises(Refused):
        shelf.dispose(shop, entry.item_id, reason="", login=STAFF, now=FIXED_NOW)
    shelf.dispose(shop, entry.item_id, reason="Dikembalikan ke supplier", login=STAFF,
                  now=FIXED_NOW)  # fmt: skip
    assert shelf.contents(shop) == []


def test_restock_and_move_are_audited(shop: Store) -> None:
    pk = approved_return(shop)
    version = receiving.confirm_receipt(shop, pk=pk, login=STAFF, version=1,
                                        now=FIXED_NOW).version  # fmt: skip
    receiving.inspect(shop, pk=pk, condition="as_described", note="", evidence=[], login=STAFF,
                      version=version, now=FIXED_NOW)  # fmt: skip
    [entry] = shelf.contents(shop)
    shelf.move(shop, entry.item_id, "rtr-a-02", login=STAFF, now=FIXED_NOW)
    shelf.restock(shop, entry.item_id, login=STAFF, now=FIXED_NOW)
    with shop.read() as session:
        trail = list(session.execute(
            select(AuditEvent.action).where(AuditEvent.request_pk == pk).order_by(AuditEvent.id)
        ).scalars())  # fmt: skip
        item = session.execute(select(ShelfItem)).scalar_one()
    assert trail[-3:] == ["inspection_detail", "shelf_move", "restock"]
    assert (item.location, item.outcome, item.decided_by) == ("RTR-A-02", "restocked", STAFF)


def test_shelf_locations_are_checked_and_need_a_supervisor(shop: Store) -> None:
    with pytest.raises(Refused):
        shelf.add_location(shop, "RTR-C-01", "return", by=STAFF, now=FIXED_NOW)
    with pytest.raises(Refused):
        shelf.add_location(shop, "rak satu!", "return", by=SUPERVISOR, now=FIXED_NOW)
    with pytest.raises(Refused):
        shelf.add_location(shop, "RTR-A-01", "return", by=SUPERVISOR, now=FIXED_NOW)
    assert shelf.add_location(shop, "rtr-c-01", "return", by=SUPERVISOR,
                              now=FIXED_NOW).code == "RTR-C-01"  # fmt: skip


# --- labels ------------------------------------------------------------------------------


def test_label_carries_request_sku_condition_date_and_place(shop: Store) -> None:
    pk = approved_return(shop)
    version = receiving.confirm_receipt(shop, pk=pk, login=STAFF, version=1,
                                        now=FIXED_NOW).version  # fmt: skip
    receiving.inspect(shop, pk=pk, condition="damaged", note="", evidence=[], login=STAFF,
                      version=version, now=FIXED_NOW)  # fmt: skip
    [entry] = shelf.contents(shop)
    label = shelf.label_for(shop, entry.item_id, WIB)
    request_id = current(shop, pk).request_id
    assert label == labels.Label(
        reference=request_id,
        sku="KPC30S-HTM-L",
        condition="Rusak",
        received="22 Nov 2026",
        location="KRT-01",
        quarantine=True,
    )
    text = labels.label_text(label)
    lines = text.splitlines()
    assert len({len(line) for line in lines}) == 1  # a rectangle for any printer
    for part in (request_id, "KPC30S-HTM-L", "Rusak", "22 Nov 2026", "KRT-01", "KARANTINA"):
        assert part in text


def test_zpl_is_a_well_formed_label_with_a_barcode() -> None:
    label = labels.Label(
        reference="400000000000000001",
        sku="SKU^1~X_Y",
        condition="Rusak",
        received="22 Nov 2026",
        location="RTR-A-01",
        quarantine=False,
    )
    zpl = labels.label_zpl(label)
    assert zpl.startswith("^XA\n^CI28") and zpl.rstrip().endswith("^XZ")
    assert "^BCN" in zpl and "^FD400000000000000001^FS" in zpl
    assert "SKU_5E1_7EX_5FY" in zpl  # ^ ~ _ in data are hex-escaped, not commands
    assert zpl.count("^FD") == zpl.count("^FS") == 7
    assert "KARANTINA" not in zpl


def test_labels_are_written_and_sent_to_the_printer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    label = labels.Label(reference="4000/1", sku="S", condition="Sesuai", received="1 Jan 2026",
                         location="RTR-A-01", quarantine=False)  # fmt: skip
    text_path, zpl_path = labels.write_label(tmp_path / "labels", "4000/1", label)
    assert text_path.name == "4000_1.txt" and zpl_path.read_text().startswith("^XA")
    spool = tmp_path / "printed.zpl"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_lp = bin_dir / "lp"  # stands in for CUPS' lp (on the PATH): copies its input
    fake_lp.write_text(f"#!/bin/sh\ncat > {spool}\n")
    fake_lp.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    printer = labels.parse_printer("lp -d zebra -o raw")
    assert printer is not None and printer.argv == ("lp", "-d", "zebra", "-o", "raw")
    labels.send_to_printer(printer, labels.label_zpl(label))
    assert spool.read_text() == labels.label_zpl(label)


@pytest.mark.parametrize("command", [
    "sh -c 'touch /tmp/owned'", "bash", "tee /etc/passwd", "python3 -c 1", "./lp", "lp; rm -rf /",
    "tcp://printer", "tcp://:9100",
    # a program called lp anywhere but the system's folders runs whatever is there
    "/tmp/shared/lp -d zebra", "/home/dewi/bin/lpr", "/usr/bin/../../tmp/lp",
    # a bare word is a file lp would print (the printing user's keys, say)
    "lp -d zebra /home/agus/.ssh/id_rsa", "lpr -P x -- /etc/shadow", "lp -o raw secret.txt",
    # a "device" that is a path out of /dev/ would overwrite any file the printer may write
    "/dev/../home/agus/.bashrc", "/dev//shm/../../etc/passwd",
])  # fmt: skip
def test_the_printer_is_only_ever_a_print_program(command: str) -> None:
    with pytest.raises(ValueError):
        labels.parse_printer(command)
    assert labels.parse_printer("tcp://10.0.0.9:9100") == labels.Printer("tcp", host="10.0.0.9",
                                                                          port=9100)  # fmt: skip
    assert labels.parse_printer("lpr -P zebra").argv == ("lpr", "-P", "zebra")  # type: ignore[union-attr]
    assert labels.parse_printer("/usr/bin/lp -dzebra -n 2 -o raw").argv == (  # type: ignore[union-attr]
        "/usr/bin/lp", "-dzebra", "-n", "2", "-o", "raw")  # fmt: skip
    assert labels.parse_printer("") is None


def test_a_printer_device_is_never_a_file_or_a_symlink(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    link = tmp_path / "lp0"
    link.symlink_to(victim)
    for path in (victim, link):  # as if a /dev/ path led there: never written
        with pytest.raises(OSError):
            labels.send_to_printer(labels.Printer("device", device=str(path)), "^XA^XZ\n")
    assert victim.read_text() == "precious"
    with pytest.raises(OSError):  # a device that is not there is not created
        labels.send_to_printer(labels.Printer("device", device=str(tmp_path / "no")), "^XA")
    assert not (tmp_path / "no").exists()
    labels.send_to_printer(labels.Printer("device", device="/dev/null"), "^XA^XZ\n")


def test_a_planted_symlink_never_makes_a_label_overwrite_another_file(tmp_path: Path) -> None:
    folder = tmp_path / "labels"
    folder.mkdir(mode=0o770)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (folder / "4000_1.txt").symlink_to(victim)
    (folder / "4000_1.zpl").symlink_to(victim)
    label = labels.Label(reference="4000/1", sku="S", condition="Sesuai", received="1 Jan 2026",
                         location="RTR-A-01", quarantine=False)  # fmt: skip
    text_path, _zpl = labels.write_label(folder, "4000/1", label)
    assert victim.read_text() == "precious"
    assert not text_path.is_symlink() and "RTR-A-01" in text_path.read_text()


def test_labels_are_not_written_into_a_folder_anyone_may_write(tmp_path: Path) -> None:
    folder = tmp_path / "open"
    folder.mkdir()
    folder.chmod(0o777)
    label = labels.Label(reference="R", sku="S", condition="C", received="D", location="L",
                         quarantine=False)  # fmt: skip
    with pytest.raises(labels.LabelError):
        labels.write_label(folder, "R", label)
    folder.chmod(0o1777)  # like /tmp: others may plant the label's name first, or read it
    with pytest.raises(labels.LabelError):
        labels.write_label(folder, "R", label)
    assert list(folder.iterdir()) == []
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "elsewhere").mkdir()
    with pytest.raises(labels.LabelError):
        labels.write_label(link, "R", label)


def test_receiving_a_manually_matched_parcel_keeps_its_one_shelf_item(shop: Store) -> None:
    parcel = receiving.record_unmatched(shop, code="BOX-9", note="", login=STAFF, now=FIXED_NOW)
    pk = approved_return(shop)
    receiving.match_parcel(shop, parcel_id=parcel.parcel_id, pk=pk, login=STAFF, now=FIXED_NOW)
    # matching is a change of the request: a terminal that showed it before sees it anew
    with pytest.raises(actions.Stale):
        receiving.confirm_receipt(shop, pk=pk, login=STAFF, version=1, now=FIXED_NOW)
    receiving.confirm_receipt(shop, pk=pk, login=STAFF, version=current(shop, pk).version,
                              now=FIXED_NOW)  # fmt: skip
    assert [(e.request_pk, e.location) for e in shelf.contents(shop)] == [(pk, "KRT-01")]
