"""Who is at this terminal: the OS login (as over SSH) and where they connect from.

Kept free of database imports: the workstation asks before its first frame.
"""

from __future__ import annotations

import getpass
import os
import socket


def current_login() -> str:
    """The OS login of the person at this terminal."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in a bare container: still name the account
        return f"uid{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def terminal_name() -> str:
    """Where an action came from: host, tty and SSH client address when there is one."""
    parts = [socket.gethostname()]
    tty = os.environ.get("SSH_TTY")
    if not tty:
        try:
            tty = os.ttyname(0)
        except OSError:
            tty = ""
    if tty:
        parts.append(tty)
    client = os.environ.get("SSH_CLIENT", "").split(" ")[0]
    if client:
        parts.append(f"from {client}")
    return " ".join(parts)[:200]
