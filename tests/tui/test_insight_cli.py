"""`purna metrics` and `purna review-week` as shared/formats/CLI.md promises them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.db import Store
from tests.helpers import FIXED_NOW, TEST_LOGIN
from tui.cli import main


@pytest.fixture
def db(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("PURNA_NOW", FIXED_NOW.isoformat())
    monkeypatch.setattr("core.identity.current_login", lambda: TEST_LOGIN)
    return demo_store.url


def test_metrics_json_has_the_documented_shape(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics", "--json", "--db", db]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"at", "window", "nrr", "sffr", "skus"}
    assert data["at"] == "2026-11-22"
    assert data["window"] == {"from": "2026-10-22T17:00:00Z", "to": "2026-11-21T17:00:00Z"}
    for rate in (data["nrr"], data["sffr"]):
        assert set(rate) == {"value", "numerator", "denominator"}
        assert rate["value"] == pytest.approx(rate["numerator"] / rate["denominator"])
    sku = data["skus"][0]
    assert set(sku) == {"sku", "nrr", "sffr"}
    assert main(["metrics", "--json", "--at", "2026-11-15", "--db", db]) == 0
    earlier = json.loads(capsys.readouterr().out)
    assert earlier["window"]["to"] == "2026-11-14T17:00:00Z"


def test_metrics_as_text_and_bad_usage(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "metrics", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "NRR: " in out and "orders delivered" in out and "Ukuran tidak sesuai" in out
    with pytest.raises(SystemExit) as usage:
        main(["metrics", "--at", "22-11-2026", "--db", db])
    assert usage.value.code == 2


def test_review_week_json_text_and_xlsx(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["review-week", "--json", "--db", db]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["week"] == {"from": "2026-11-14T17:00:00Z", "to": "2026-11-21T17:00:00Z"}
    assert data["recurring"] and data["reviews_without_follow_up"]
    assert set(data["nrr"]) == {"now", "last_week"}
    path = tmp_path / "minggu.xlsx"
    assert main(["--lang", "en", "review-week", "--xlsx", str(path), "--db", db]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Weekly review: 15 Nov 2026 to 21 Nov 2026")
    assert "Recurring problems:" in out
    assert load_workbook(path).sheetnames[0] == "Summary"
    assert main(["review-week", "--xlsx", str(tmp_path / "no" / "such" / "x.xlsx"),
                 "--db", db]) == 1  # fmt: skip
    assert "purna:" in capsys.readouterr().err


def test_reading_commands_never_create_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "purna.bd"
    for command in (["metrics"], ["metrics", "--json"], ["review-week"]):
        assert main([*command, "--db", str(typo)]) == 1
    assert not typo.exists()
