"""The `purna` command as shared/formats/CLI.md promises it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core import __version__
from tests.helpers import FIXED_NOW, tamper
from tui.cli import main

REQUESTS = (
    "request_id,order_id,request_type,created_at,sku,amount\n"
    "R1,O1,Hanya Pengembalian Dana,2026-11-21 10:00,SKU-1,Rp10.000\n"
    "R2,O2,exchange,2026-11-20 09:00,SKU-2,20000\n"
)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("PURNA_NOW", FIXED_NOW.isoformat())
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"purna {__version__}"
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("demo", "import", "queue", "--db", "--lang"):
        assert command in out
    with pytest.raises(SystemExit):
        main(["--lang", "en", "import", "--help"])
    assert "all-or-nothing" in capsys.readouterr().out


def test_a_garbled_fixed_clock_is_a_sentence_not_a_traceback(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "requests.csv"
    path.write_text(REQUESTS)
    assert main(["import", str(path), "--db", db]) == 0
    capsys.readouterr()
    monkeypatch.setenv("PURNA_NOW", "garbage\x1b[2J")
    assert main(["queue", "--db", db]) == 1
    err = capsys.readouterr().err
    assert "PURNA_NOW" in err and "Traceback" not in err and "\x1b" not in err


def test_import_then_queue_json(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "requests.csv"
    path.write_text(REQUESTS)
    assert main(["import", str(path), "--db", db]) == 0
    assert "2 baru" in capsys.readouterr().out
    assert main(["import", "--dry-run", str(path), "--db", db]) == 0
    assert "uji coba" in capsys.readouterr().out
    assert main(["queue", "--json", "--db", db]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [i["request_id"] for i in items] == ["R2", "R1"]  # most urgent first
    first = items[0]
    assert first["items"] == [{"sku": "SKU-2", "quantity": 1, "amount": 20000}]
    assert first["state"] == "auto_approved" and first["return_awb"] is None
    assert "buyer_name" not in first and first["buyer"] == "-"
    assert {
        "request_id",
        "marketplace",
        "order_id",
        "request_type",
        "state",
        "created_at",
        "respond_by",
        "amount",
        "sku",
        "claimed_by",
    } <= set(first)
    assert first["respond_by"] == "2026-11-22T02:00:00Z"
    assert first["created_at"] == "2026-11-20T02:00:00Z"
    assert (first["request_type"], first["amount"], first["claimed_by"]) == (
        "exchange",
        20000,
        None,
    )
    assert main(["queue", "--type", "refund_only", "--json", "--db", db]) == 0
    assert [i["request_id"] for i in json.loads(capsys.readouterr().out)] == ["R1"]


def test_queue_as_text_in_both_languages(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "requests.csv"
    path.write_text(REQUESTS)
    main(["import", str(path), "--db", db])
    capsys.readouterr()
    main(["queue", "--db", db])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["Sisa", "Status"]
    assert "disetujui otomatis" in lines[1] and "Rp20.000" in lines[1]  # past its 48 h
    assert "1 hr 0 jam" in lines[2]  # R1: due 23 Nov 10:00 WIB, a day away
    main(["queue", "--db", db, "--lang", "en"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Time left") and "auto-approved" in lines[1]


def test_bad_file_exits_1_with_one_line_per_problem(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.csv"
    good.write_text(REQUESTS)
    bad = tmp_path / "bad.csv"
    bad.write_text("request_id,order_id,request_type,created_at,sku,amount\nR9,O9,x,y,S,z\n")
    assert main(["import", str(bad), str(good), "--db", db]) == 1
    captured = capsys.readouterr()
    errors = captured.err.splitlines()
    assert errors[0].startswith(f"{bad}:2: request_type: jenis permintaan tidak dikenal 'x'")
    assert errors[1:3] == [
        f"{bad}:2: created_at: bukan tanggal dan jam: 'y' (tulis 2024-01-31 14:05 atau waktu ISO 8601)",
        f"{bad}:2: amount: bukan jumlah rupiah: 'z' (tulis Rp1.234.567 atau 1234567)",
    ]
    assert "good.csv: Berkas permintaan Purna" in captured.out  # the good file still went in
    assert "2 baris: 2 permintaan: 2 baru" in captured.out
    main(["queue", "--json", "--db", db])
    assert len(json.loads(capsys.readouterr().out)) == 2


def test_demo_loads_once_and_reset_starts_over(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--no-open", "--db", db]) == 0
    assert "Data demo dimuat" in capsys.readouterr().out
    assert main(["demo", "--no-open", "--db", db]) == 0
    assert "sudah berisi data" in capsys.readouterr().out
    assert main(["demo", "--no-open", "--reset", "--db", db]) == 0
    assert "Data demo dimuat" in capsys.readouterr().out
    main(["queue", "--json", "--db", db])
    assert len(json.loads(capsys.readouterr().out)) == 300


def test_database_from_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PURNA_DB", str(tmp_path / "env.db"))
    path = tmp_path / "requests.csv"
    path.write_text(REQUESTS)
    assert main(["import", str(path)]) == 0  # a command that writes creates the store
    capsys.readouterr()
    assert main(["queue", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
    assert (tmp_path / "env.db").exists()


def test_reading_commands_never_create_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "purna.bd"
    for command in (["queue"], ["queue", "--json"], ["handover"], ["audit", "verify"],
                    ["shelf", "list"], ["shift", "list"], ["setting"], ["claims"],
                    ["claims", "--json"]):  # fmt: skip
        assert main([*command, "--db", str(typo)]) == 1
        assert str(typo) in capsys.readouterr().err
    assert not typo.exists()


def test_unusable_database_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["queue", "--db", "nonsense://x"]) == 1
    assert capsys.readouterr().err.startswith("purna: jenis database tidak dikenal")


def test_the_installed_console_command_runs(tmp_path: Path) -> None:
    purna = Path(sys.executable).parent / "purna"
    result = subprocess.run([str(purna), "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == f"purna {__version__}"


def test_staff_first_login_becomes_supervisor_then_only_supervisors_add(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("core.identity.current_login", lambda: "dewi")
    assert main(["staff", "list", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "dewi adalah orang pertama" in out and "dewi  supervisor" in out
    assert main(["staff", "add", "agus", "--name", "Agus Saputra", "--db", db]) == 0
    assert "agus (Agus Saputra) ditambahkan sebagai staf" in capsys.readouterr().out
    monkeypatch.setattr("core.identity.current_login", lambda: "agus")
    assert main(["staff", "add", "rina", "--name", "Rina", "--db", db]) == 1
    assert "hanya supervisor" in capsys.readouterr().err.lower()
    assert main(["staff", "add", "bad login!", "--name", "X", "--db", db]) == 1


def test_audit_verify_names_the_first_broken_event(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from core.db import open_store

    main(["demo", "--no-open", "--db", db])
    main(["staff", "list", "--db", db])
    capsys.readouterr()
    assert main(["audit", "verify", "--db", db]) == 0
    assert "Jejak audit utuh" in capsys.readouterr().out
    opened = open_store(db)
    tamper(opened, "UPDATE audit_event SET actor = 'siapa' WHERE id = 1")
    opened.close()
    assert main(["audit", "verify", "--db", db]) == 1
    assert "rusak pada kejadian #1" in capsys.readouterr().err


def test_settings_are_checked_and_only_supervisors_change_them(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("core.identity.current_login", lambda: "dewi")
    main(["staff", "list", "--db", db])
    capsys.readouterr()
    assert main(["setting", "refund_supervisor_above", "Rp2.500.000", "--db", db]) == 0
    assert capsys.readouterr().out.strip() == "refund_supervisor_above = 2500000"
    assert main(["setting", "shop_zone", "Mars/Olympus", "--db", db]) == 1
    assert "bukan zona waktu" in capsys.readouterr().err
    assert main(["setting", "--db", db]) == 0
    assert "shop_zone = Asia/Jakarta" in capsys.readouterr().out


def test_setting_names_offered_by_the_command_are_the_stores_settings() -> None:
    from core.settings import DEFAULTS
    from tui.cli import SETTINGS

    assert sorted(SETTINGS) == sorted(DEFAULTS)  # the command lists them without the store


CLAIM_ORDERS = (
    "order_id,sku,status,delivered_at,courier,awb,last_logistics_update_at,logistics_status\n"
    "5801,MDU-500,in_transit,,J&T Express,JX5801,2026-11-10 12:00,Paket Rusak\n"
    "5802,KPC-M,in_transit,,SiCepat,SC5802,2026-10-14 23:30,Package lost\n"
    "5803,MGA-1,in_transit,,JNE,CGK5803,2026-10-01 09:00,Paket Dimusnahkan\n"
    "5804,MDU-500,delivered,2026-11-09 10:00,JNE,CGK5804,2026-11-09 10:00,Terkirim\n"
)


def test_claims_json_and_text(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "orders.csv"
    path.write_text(CLAIM_ORDERS)
    assert main(["import", str(path), "--db", db]) == 0
    capsys.readouterr()
    assert main(["claims", "--json", "--db", db]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [(i["order_id"], i["scenario"], i["state"], i["file_by"]) for i in items] == [
        ("5803", "damaged_fruit", "expired", "2026-11-09"),  # expired ones included
        ("5802", "lost", "candidate", "2026-11-22"),  # 23:30 WIB on 14 Oct: + 39 days
        ("5801", "damaged", "candidate", "2026-12-19"),
    ]
    lost = items[1]
    assert (lost["awb"], lost["courier"], lost["last_update"]) == (
        "SC5802", "SiCepat", "2026-10-14T16:30:00Z",
    )  # fmt: skip
    assert {"order_id", "awb", "courier", "scenario", "state", "last_update", "file_by"} <= set(
        lost
    )
    assert main(["claims", "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4 and "5803" in lines[1] and "JX5801" in lines[3]
    assert main(["claims", "--db", db, "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Last day") and "Expired" in lines[1] and "Lost parcel" in lines[2]


def test_policy_lists_every_rule_with_sources_for_supervisors_only(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from core import policy

    monkeypatch.setattr("core.identity.current_login", lambda: "dewi")
    main(["staff", "list", "--db", db])  # dewi: the first person, the supervisor
    main(["staff", "add", "agus", "--name", "Agus Saputra", "--db", db])
    capsys.readouterr()
    assert main(["policy", "--json", "--db", db]) == 0
    rules = json.loads(capsys.readouterr().out)
    assert [r["key"] for r in rules] == [r.key for r in policy.POLICY]
    respond = rules[0]
    assert (respond["value"], respond["unit"]) == (48, "hours")
    assert respond["source"].startswith("DOMAIN.md")
    assert main(["--lang", "en", "policy", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "48 hours  Respond to an after-sales request" in out
    assert "Source: DOMAIN.md §2" in out

    monkeypatch.setattr("core.identity.current_login", lambda: "agus")  # staff
    assert main(["policy", "--json", "--db", db]) == 0
    assert all(r["source"] is None for r in json.loads(capsys.readouterr().out))
    assert main(["--lang", "en", "policy", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "DOMAIN.md" not in out and "Ask a supervisor where a rule comes from." in out
    assert "Rp1.000.000" in out  # money as money, not "1000000 rupiah"
