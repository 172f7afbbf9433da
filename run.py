#!/usr/bin/env python3
"""Set-up and run Purna from a fresh checkout with nothing but Python 3.11+.

    python3 run.py demo [ARGS...]   start the workstation on demo data (SQLite file)
    python3 run.py test [ARGS...]   run the whole test suite (ARGS go to pytest)
    python3 run.py bench [NAME] [ARGS...]  run the speed benchmark (or bench/NAME.py)
    python3 run.py purna [ARGS...]  any other `purna` command

The first run creates `.venv/` beside this file and installs Purna into it with the
exact versions pinned in `constraints.txt`; later runs reuse it and reinstall only
when `pyproject.toml` or `constraints.txt` changed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _stamp(extras: str) -> str:
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "constraints.txt"):
        digest.update((ROOT / name).read_bytes())
    digest.update(extras.encode())
    return digest.hexdigest()


def ensure_env(extras: str) -> None:
    """Create the virtual environment and install Purna with `extras` if needed."""
    if sys.version_info < (3, 11):  # noqa: UP036 (run.py must explain itself on old Pythons)
        sys.exit(f"Purna needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    stamp_file = VENV / f".purna-installed-{extras or 'base'}"
    wanted = _stamp(extras)
    if stamp_file.exists() and stamp_file.read_text() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        print("Creating the virtual environment in .venv/ ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    target = f".[{extras}]" if extras else "."
    print(f"Installing Purna{f' [{extras}]' if extras else ''} into .venv/ ...", flush=True)
    subprocess.run(
        [
            str(PYTHON),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-c",
            str(ROOT / "constraints.txt"),
            "-e",
            target,
        ],
        cwd=ROOT,
        check=True,
    )
    stamp_file.write_text(wanted)


def _exec(argv: list[str]) -> None:
    os.chdir(ROOT)
    if os.name == "nt":  # no exec on Windows: run and pass the exit code on
        sys.exit(subprocess.call(argv))
    os.execv(argv[0], argv)


def main(args: list[str]) -> None:
    command, rest = (args[0], args[1:]) if args else ("help", [])
    if command == "demo":
        ensure_env("")
        _exec([str(BIN / "purna"), "demo", *rest])
    elif command == "test":
        ensure_env("test")
        _exec([str(PYTHON), "-m", "pytest", *rest])
    elif command == "bench":
        ensure_env("test")
        # `bench imports` runs bench/imports.py, `bench metrics` bench/metrics.py, ...
        if rest and (ROOT / "bench" / f"{rest[0]}.py").exists():
            _exec([str(PYTHON), "-m", f"bench.{rest[0]}", *rest[1:]])
        _exec([str(PYTHON), "-m", "bench", *rest])
    elif command == "purna":
        ensure_env("")
        _exec([str(BIN / "purna"), *rest])
    else:
        print(__doc__)
        sys.exit(0 if command in ("help", "-h", "--help") else 2)


if __name__ == "__main__":
    main(sys.argv[1:])
