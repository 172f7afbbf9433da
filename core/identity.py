"""Who is at this terminal: the OS account of this process, and where it connects from.

Who acts is the process's real user id mapped to its account name: never an environment
variable (LOGNAME, USER and friends are set by whoever starts the process). Kept free of
database imports: the workstation asks before its first frame.
"""

from __future__ import annotations

import os
import socket


def current_login() -> str:
    """The OS account of the real user id running Purna (as logged in over SSH)."""
    if not hasattr(os, "getuid"):  # Windows: the account the process runs as
        return os.getlogin()
    uid = os.getuid()
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except KeyError:  # an account without a passwd entry (bare containers): still name it
        return f"uid{uid}"


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
