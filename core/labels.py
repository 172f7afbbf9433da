"""Shelf labels for returned items: printable text and ZPL for thermal label printers.

A label carries what a warehouse hand needs without a screen: the request id (also as
a Code 128 barcode), SKU, condition, date received and shelf location. ZPL is written
for a 4 x 2 inch label at 203 dpi; field data is hex-escaped (^FH) so that a `^` or `~`
in a buyer-supplied text cannot break the label.
"""

from __future__ import annotations

import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

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


def write_label(folder: Path, name: str, label: Label) -> tuple[Path, Path]:
    """Write `name`.txt and `name`.zpl into `folder`; returns both paths."""
    folder.mkdir(parents=True, exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "label"
    text_path, zpl_path = folder / f"{safe}.txt", folder / f"{safe}.zpl"
    text_path.write_text(label_text(label), encoding="utf-8")
    zpl_path.write_text(label_zpl(label), encoding="utf-8")
    return text_path, zpl_path


def send_to_printer(command: str, zpl: str) -> None:
    """Pipe the ZPL to the configured printer command (e.g. `lp -d zebra -o raw`)."""
    subprocess.run(shlex.split(command), input=zpl.encode(), check=True, timeout=20,
                   capture_output=True)  # fmt: skip
