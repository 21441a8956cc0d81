"""Make a process die with its parent, so a SIGKILLed server or driver never
leaves orphans computing (and later racing a resumed job)."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from typing import Optional

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: Optional[int] = None) -> None:
    """`parent`: the pid that started us, as the parent knows it (Node passes it
    as BFS_PARENT_PID). Asking getppid() is not enough: a parent killed while we
    were still importing (seconds on busy cores) has already been replaced by
    init, and we would wait for it forever."""
    if parent is None:
        given = os.environ.pop("BFS_PARENT_PID", "")  # ours only: not for our own children
        parent = int(given) if given.isdigit() else os.getppid()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except OSError:
            pass
    if os.getppid() != parent:  # gone before PDEATHSIG was armed
        os._exit(137)
    # Belt and braces (PDEATHSIG follows the parent *thread*; other OSes lack it).
    def watch():
        while True:
            if os.getppid() != parent:
                os._exit(137)
            time.sleep(0.5)

    threading.Thread(target=watch, daemon=True).start()
