#!/usr/bin/env python
"""What-if probes for the local runner's fixed cost (no engine code changed).

    .venv/bin/python bench/probe_startup.py        # ~1 min

1. Process start-up order. Today the driver imports lance (via its modules) and
   only then spawns its workers, which import lance again: the imports run one
   after the other. "before" spawns the workers first and imports in the parent
   while they start, so the imports overlap. Measured: time until the parent
   and every worker have lance imported.
2. Process exit. A Python process with lance loaded takes a while to tear
   down at exit; `os._exit` after flushing skips it.
"""

from __future__ import annotations

import multiprocessing as mp
import statistics
import subprocess
import sys
import tempfile
import time


def _child(q):
    import lance  # noqa: F401

    q.put(time.time())


def startup(mode: str, n: int) -> float:
    code = f"import sys; sys.path.insert(0, {repr(sys.path[0])}); import probe_startup as p; p._startup_main({mode!r}, {n})"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return float(out.strip().splitlines()[-1])


def _startup_main(mode: str, n: int) -> None:
    t0 = time.time()
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    if mode == "after":  # today's order
        import lance  # noqa: F401
    ps = [ctx.Process(target=_child, args=(q,)) for _ in range(n)]
    for p in ps:
        p.start()
    if mode == "before":
        import lance  # noqa: F401,F811
    ready = max(q.get() for _ in ps)
    for p in ps:
        p.join()
    print(ready - t0)


EXIT = r'''
import os, sys, time
import lance, pyarrow as pa
d = sys.argv[2]
lance.write_dataset(pa.table({"a": list(range(1000))}), d + "/t.lance")
lance.dataset(d + "/t.lance").to_table()
print(time.time(), flush=True)
if sys.argv[1] == "os_exit":
    sys.stdout.flush(); sys.stderr.flush(); os._exit(0)
'''


def exit_time(mode: str) -> float:
    with tempfile.TemporaryDirectory(prefix="bfs-probe-") as d:
        p = subprocess.Popen([sys.executable, "-c", EXIT, mode, d], stdout=subprocess.PIPE, text=True)
        t = float(p.stdout.readline())
        p.wait()
        return time.time() - t


def main() -> int:
    reps = 3
    print(f"load average: {open('/proc/loadavg').read().split()[0]}")
    print("| start-up | workers | time until driver + workers have imported lance, s (median; all) |")
    print("|---|---:|---|")
    for n in (1, 2):
        for mode in ("after", "before"):
            ts = [startup(mode, n) for _ in range(reps)]
            label = "driver imports, then spawns (today)" if mode == "after" else "spawn first, import while they start"
            print(f"| {label} | {n} | {statistics.median(ts):.2f} ({', '.join(f'{t:.2f}' for t in ts)}) |")
    print()
    print("| exit | seconds from last statement to process gone (median; all) |")
    print("|---|---|")
    for mode in ("normal", "os_exit"):
        ts = [exit_time(mode) for _ in range(reps)]
        print(f"| {mode} | {statistics.median(ts):.2f} ({', '.join(f'{t:.2f}' for t in ts)}) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
