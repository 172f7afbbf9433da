"""Shelf labels for returned items: printable text and ZPL for thermal label printers.

A label carries what a warehouse hand needs without a screen: the request id (also as
a Code 128 barcode), SKU, condition, date received and shelf location. ZPL is written
for a 4 x 2 inch label at 203 dpi; field data is hex-escaped (^FH) so that a `^` or `~`
in a buyer-supplied text cannot break the label.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import socket
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

from core.i18n import _

TEXT_WIDTH = 40  # characters inside the frame of the text label


@dataclass(frozen=True)
class Label:
    reference: str  # request id, or the parcel's own code while unmatched
    sku: str
    condition: str  # already in words, in the shop's language
    received: str  # date, as the shop reads it
    location: str
    quarantine: bool
    heading: str = "PURNA · RETUR"


def _fit(text: str, width: int = TEXT_WIDTH) -> str:
    return text[:width].ljust(width)


def label_text(label: Label) -> str:
    """A framed plain-text label for any printer (fixed width, ASCII frame)."""
    lines = [
        label.heading + ("  [KARANTINA]" if label.quarantine else ""),
        label.reference,
        f"SKU   {label.sku}",
        f"KOND  {label.condition}",
        f"TGL   {label.received}",
        f"RAK   {label.location}",
    ]
    border = "+" + "-" * (TEXT_WIDTH + 2) + "+"
    return "\n".join([border, *(f"| {_fit(line)} |" for line in lines), border]) + "\n"


def _field(text: str) -> str:
    """ZPL field data, hex-escaped with `_` (used with ^FH_) where ZPL would misread it."""
    out = []
    for char in text:
        if char in "^~_" or ord(char) < 32:
            out.append("".join(f"_{byte:02X}" for byte in char.encode()))
        else:
            out.append(char)
    return "".join(out)


def label_zpl(label: Label) -> str:
    """The same label in ZPL II: UTF-8 (^CI28), text fields and a Code 128 barcode."""
    rows = [
        ("^FO30,20^A0N,30,30", label.heading + (" [KARANTINA]" if label.quarantine else "")),
        ("^FO30,60^A0N,28,28", label.reference),
        ("^FO30,170^A0N,26,26", f"SKU {label.sku}"),
        ("^FO30,205^A0N,26,26", f"KOND {label.condition}"),
        ("^FO30,240^A0N,26,26", f"TGL {label.received}"),
        ("^FO30,275^A0N,40,40", f"RAK {label.location}"),
    ]
    body = [f"{place}^FH_^FD{_field(text)}^FS" for place, text in rows]
    barcode = f"^FO30,95^BY2^BCN,60,N,N,N^FH_^FD{_field(label.reference)}^FS"
    return "\n".join(["^XA", "^CI28", "^PW812", "^LL406", *body, barcode, "^XZ"]) + "\n"


class LabelError(Exception):
    """A label could not be written or printed; the message says why (files are kept)."""


def _open_folder(folder: Path) -> int:
    """The label folder, opened without following a symlink; made (0700) if missing.

    A folder anyone may write to is refused, /tmp-like sticky ones too: a file planted
    there could stand in for a label, or a name taken first stop labels being written.
    A group-writable one (the shop's `purna` group) is fine.
    """
    if not folder.exists() and not folder.is_symlink():
        folder.mkdir(parents=True, mode=0o700)
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.open(folder, flags)
    except OSError as exc:
        raise LabelError(_("{folder} is not a folder Purna can use ({error})").format(
            folder=folder, error=exc.strerror)) from None  # fmt: skip
    mode = os.fstat(handle).st_mode
    if mode & stat.S_IWOTH:
        os.close(handle)
        raise LabelError(_(
            "Anyone may write to {folder}: labels are not written there. A supervisor sets "
            "another folder with: purna setting label_dir DIR"
        ).format(folder=folder))  # fmt: skip
    return handle


def _write_new(folder: int, name: str, text: str) -> None:
    """Write `name` inside `folder` as a new file: an existing entry (a planted symlink
    too) is removed first, never followed, and the create is exclusive."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(name, dir_fd=folder)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    handle = os.open(name, flags, 0o640, dir_fd=folder)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)


def write_label(folder: Path, name: str, label: Label) -> tuple[Path, Path]:
    """Write `name`.txt and `name`.zpl into `folder`; returns both paths."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name).lstrip(".") or "label"
    handle = _open_folder(folder)
    try:
        _write_new(handle, f"{safe}.txt", label_text(label))
        _write_new(handle, f"{safe}.zpl", label_zpl(label))
    except OSError as exc:
        raise LabelError(f"{folder / safe}: {exc.strerror}") from None
    finally:
        os.close(handle)
    return folder / f"{safe}.txt", folder / f"{safe}.zpl"


# --- the printer -------------------------------------------------------------------------

PRINT_PROGRAMS = ("lp", "lpr")  # CUPS; the label goes as raw ZPL (e.g. `lp -d zebra -o raw`)
# Where a print program may be named by its full path: system folders only (root's). A
# program called `lp` in a folder staff may write to would run as whoever prints.
PROGRAM_FOLDERS = ("/usr/bin", "/bin")
# lp's and lpr's options that take a value (`-d zebra`, `-o raw`, `-# 2`); any other word
# that is not an option would be a file name, and lp would print that file instead.
VALUE_OPTIONS = frozenset("dhnoqtHPUiCJT#")


@dataclass(frozen=True)
class Printer:
    """Where labels go: a CUPS command (no shell), a raw TCP port, or a device file."""

    kind: str  # command | tcp | device
    argv: tuple[str, ...] = ()
    host: str = ""
    port: int = 0
    device: str = ""


def parse_printer(value: str) -> Printer | None:
    """The `label_printer` setting: `lp -d zebra -o raw`, `tcp://10.0.0.9:9100` or
    `/dev/usb/lp0`; empty for none. Anything else (a shell, a script) is refused: the
    command runs as whoever prints, so it may only be a print program."""
    value = value.strip()
    if not value:
        return None
    if value.startswith("tcp://"):
        host, _sep, port = value[len("tcp://") :].rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(_("write tcp://HOST:PORT, e.g. tcp://10.0.0.9:9100"))
        return Printer("tcp", host=host.strip("[]"), port=int(port))
    if value.startswith("/dev/"):
        if os.path.normpath(value) != value:  # /dev/../home/x: not a device
            raise ValueError(
                _("the printer device must be a plain path under /dev/, such as /dev/usb/lp0")
            )
        return Printer("device", device=value)
    try:
        argv = tuple(shlex.split(value))
    except ValueError as exc:
        raise ValueError(str(exc)) from None
    if not argv or not _print_program(argv[0]) or not _only_options(argv[1:]):
        raise ValueError(_(
            "the printer must be lp or lpr with its options (e.g. lp -d zebra -o raw), "
            "tcp://HOST:PORT or a device such as /dev/usb/lp0"
        ))  # fmt: skip
    return Printer("command", argv=argv)


def _print_program(word: str) -> bool:
    """`lp`/`lpr` (found on the printing user's PATH), or /usr/bin/lp and the like."""
    if "/" not in word:
        return word in PRINT_PROGRAMS
    folder, _sep, name = word.rpartition("/")
    return name in PRINT_PROGRAMS and folder in PROGRAM_FOLDERS


def _only_options(words: tuple[str, ...]) -> bool:
    """Options and their values only: a bare word (a file for lp to print) is refused."""
    expect_value = False
    for word in words:
        if expect_value:
            expect_value = False
        elif word.startswith("-") and word != "--":
            expect_value = len(word) == 2 and word[1] in VALUE_OPTIONS
        else:
            return False
    return True


def send_to_printer(printer: Printer, zpl: str, timeout: float = 20) -> None:
    """Send the ZPL to the printer; raises OSError or subprocess errors on failure."""
    data = zpl.encode()
    if printer.kind == "command":
        subprocess.run(list(printer.argv), input=data, check=True, timeout=timeout,
                       capture_output=True, shell=False)  # fmt: skip
    elif printer.kind == "tcp":
        with socket.create_connection((printer.host, printer.port), timeout=timeout) as conn:
            conn.sendall(data)
    else:  # a device: never created, never through a symlink, never a regular file
        flags = os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NOCTTY", 0)
        handle = os.open(printer.device, flags)
        with os.fdopen(handle, "wb") as device:
            if not stat.S_ISCHR(os.fstat(handle).st_mode):
                raise OSError(_("{device} is not a printer device").format(device=printer.device))
            device.write(data)
