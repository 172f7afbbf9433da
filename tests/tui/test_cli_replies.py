"""`purna check-message`, `template`, `chat`, `cs-report` and `holiday-mode` (CLI.md)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tui.cli import main

SAMPLE = ROOT / "tests" / "data" / "chats_sample.csv"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr("core.identity.current_login", lambda: "dewi")
    return str(tmp_path / "purna.db")


def test_check_message_exit_codes_json_and_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    message = tmp_path / "m.txt"
    message.write_text("Kak, WA aja ke 0812-3456-7890 ya", encoding="utf-8")
    assert main(["check-message", "--json", str(message)]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False
    assert {f["rule"] for f in out["findings"]} == {"contact"}
    phone = next(f for f in out["findings"] if f["text"] == "0812-3456-7890")
    assert (phone["start"], phone["end"]) == (15, 29) and phone["why"]
    monkeypatch.setattr(
        "sys.stdin", io.StringIO("Resi JP1234567890 sudah dikirim\ntf ke BCA 1234567890\n")
    )
    assert main(["check-message", "--lines", "--json"]) == 1
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [r["ok"] for r in rows] == [True, False]
    monkeypatch.setattr("sys.stdin", io.StringIO("Pesanan 5701 sudah kami kirim, Rp150.000"))
    assert main(["check-message"]) == 0
    assert main(["check-message", str(tmp_path / "missing.txt")]) == 1


def test_template_commands(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    text = "Kak {buyer}, pesanan {order} sedang kami proses."
    assert main(["template", "add", "proses", "--title", "Proses", "--text", text, "--db", db]) == 0
    assert main(["template", "show", "proses", "--db", db]) == 0
    assert text in capsys.readouterr().out
    bad = "Kak {buyer}, chat WA 081234567890 aja"
    assert main(["template", "edit", "proses", "--text", bad, "--db", db]) == 1
    assert "contact" in capsys.readouterr().err
    assert main(["template", "list", "--json", "--db", db]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows == [{"key": "proses", "language": "id", "title": "Proses", "text": text,
                     "uses": 0}]  # fmt: skip
    assert main(["template", "delete", "proses", "--db", db]) == 0
    assert main(["template", "show", "proses", "--db", db]) == 1


def test_chat_import_list_and_cs_report(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["chat", "import", str(SAMPLE), "--db", db]) == 0
    monkeypatch.setenv("PURNA_NOW", "2026-12-01T03:00:00Z")
    capsys.readouterr()
    assert main(["chat", "list", "--json", "--db", db]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["conversation_id"], r["buyer"], r["deadline"]) for r in rows] == [
        ("C3", "A**", "2026-12-01T13:00:00Z")
    ]
    assert main(["holiday-mode", "add", "2026-11-25", "2026-11-25", "--db", db]) == 0
    assert main(["cs-report", "--week", "2026-12-02", "--json", "--db", db]) == 0
    capsys.readouterr()
    assert main(["cs-report", "--week", "2026-12-02", "--json", "--db", db]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["monday"] == "2026-11-30"
    assert {"day": "2026-11-25", "why": "holiday_mode"} in report["left_out"]
    assert report["shop"]["turns"] == 2 and report["staff"]["dewi"]["within_24h"] == 1
    assert main(["cs-report", "--db", db, "--lang", "en"]) == 0
    assert "Within 12 h" in capsys.readouterr().out


def test_holiday_mode_lists_without_an_action(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Its help says "list or record": no action lists, as `list` does (exit 0, not usage)."""
    assert main(["holiday-mode", "add", "2026-11-25", "2026-11-26", "--db", db]) == 0
    capsys.readouterr()
    assert main(["holiday-mode", "--db", db]) == 0
    bare = capsys.readouterr().out
    assert main(["holiday-mode", "list", "--db", db]) == 0
    assert bare == capsys.readouterr().out and "2026" in bare


def test_a_chat_file_given_to_import_points_to_chat_import(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(SAMPLE), "--db", db, "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "purna chat import" in err and "looked for" not in err
