"""Process-tree helpers for the benchmark: descendants, summed RSS sampled in a
thread, and targeted kills (only processes this benchmark started)."""

from __future__ import annotations

import os
import signal
import threading
import time

PAGE = os.sysconf("SC_PAGE_SIZE")


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        # comm may contain spaces/parens: fields resume after the last ')'.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(d))
    return kids


def tree(root: int) -> list[int]:
    kids = _children_map()
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def pids_with(needle: str) -> list[int]:
    """Pids whose command line contains `needle` (e.g. our private Ray temp dir)."""
    me = os.getpid()
    return [int(d) for d in os.listdir("/proc") if d.isdigit() and int(d) != me and needle in cmdline(int(d))]


def kill_all_with(needle: str, timeout: float = 10.0) -> int:
    """SIGKILL every process whose command line holds `needle`; returns how many."""
    n = 0
    deadline = time.time() + timeout
    while time.time() < deadline:
        left = pids_with(needle)
        if not left:
            break
        for p in left:
            try:
                os.kill(p, signal.SIGKILL)
                n += 1
            except OSError:
                pass
        time.sleep(0.2)
    return n


def kill_now(pids: list[int]) -> None:
    for p in dict.fromkeys(pids):
        try:
            os.kill(p, signal.SIGKILL)
        except OSError:
            pass


def end(pids: dict[int, str], grace: float = 10.0) -> None:
    """SIGTERM, then SIGKILL, the given processes that still run the same
    command line (a pid may have been reused meanwhile)."""
    alive = lambda: [p for p, c in pids.items() if c and cmdline(p) == c]  # noqa: E731
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 2.0)):
        for p in alive():
            try:
                os.kill(p, sig)
            except OSError:
                pass
        deadline = time.time() + wait
        while alive() and time.time() < deadline:
            time.sleep(0.1)


class RssSampler:
    """Samples the summed RSS of root's process tree every `period` seconds.
    Shared pages (libraries, Ray's object store) count once per process, as
    `ps` would show them; the same method is used for every system."""

    def __init__(self, root: int, period: float = 0.25):
        self.root, self.period = root, period
        self.samples: list[tuple[float, int, int]] = []  # (time, bytes, processes)
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            pids = tree(self.root)
            self.samples.append((time.time(), sum(rss(p) for p in pids), len(pids)))
            self._stop.wait(self.period)

    def peak(self, t0: float, t1: float) -> tuple[int, int]:
        """(peak bytes, processes at that sample) within [t0, t1]."""
        win = [s for s in self.samples if t0 <= s[0] <= t1]
        if not win:
            return (0, 0)
        best = max(win, key=lambda s: s[1])
        return best[1], best[2]

    def stop(self) -> None:
        self._stop.set()
        self._t.join()
