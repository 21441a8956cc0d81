#!/usr/bin/env python
"""The worker's per-row code path without the job around it (no engine code changed).

    .venv/bin/python bench/probe_worker_path.py     # ~1 min

On the benchmark's 1M-row table (16 fragments of 62,500 rows):
1. In one warm process: one full scan of `s` vs `reader.read_inputs` over the
   same rows cut into 10k / 50k / 100k-row batches (what workers call).
2. In fresh processes: `read_inputs` + `Executor.run` of the scalar `len(s)`
   UDF over the 16 fragments, three passes each (pass 0 is a cold process).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:0] = [HERE, os.path.join(ROOT, "python")]
os.environ.setdefault("LANCE_LOG", "error")

import lance  # noqa: E402
import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402

from backfill_studio.reader import read_inputs  # noqa: E402
from bench_local import UDFS, make_strings  # noqa: E402

ROWS, PER_FRAG = 1_000_000, 62_500

FRESH = r'''
import sys, time, numpy as np, lance
from backfill_studio.reader import read_inputs
from backfill_studio.loader import load_udf
from backfill_studio.executor import Executor
ds = lance.dataset(sys.argv[1])
ex = Executor(load_udf(open(sys.argv[2]).read()))
for p in range(3):
    r = u = 0.0
    for f in range(16):
        t0 = time.perf_counter()
        b = read_inputs(ds, f, np.arange(62500, dtype=np.uint32), ["s"])
        t1 = time.perf_counter()
        ex.run(b)
        r += t1 - t0
        u += time.perf_counter() - t1
    print(f"| {p} | {r:.2f} | {u:.2f} |")
'''


def med(f, n=3) -> float:
    ts = []
    for _ in range(n):
        t0 = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts)


def main() -> int:
    d = tempfile.mkdtemp(prefix="bfs-probe-")
    uri = f"{d}/t.lance"
    lance.write_dataset(pa.table({"s": make_strings(ROWS)}), uri, max_rows_per_file=PER_FRAG)
    ds = lance.dataset(uri)
    frags = len(ds.get_fragments())
    print(f"load average: {open('/proc/loadavg').read().split()[0]}")
    print("| read of `s`, 1M rows, warm process | s (median of 3) |")
    print("|---|---:|")
    print(f"| one scan, `ds.to_table(columns=['s'])` | {med(lambda: ds.to_table(columns=['s'])):.2f} |")

    for ck in (10_000, 50_000, 100_000):
        def batches(ck=ck):
            for f in range(frags):
                for st in range(0, PER_FRAG, ck):
                    read_inputs(ds, f, np.arange(st, min(st + ck, PER_FRAG), dtype=np.uint32), ["s"])
        print(f"| `read_inputs`, {ck:,}-row batches | {med(batches):.2f} |")
    with open(f"{d}/udf.py", "w") as f:
        f.write(UDFS["scalar"])
    print()
    print("| pass (fresh process) | read_inputs s | Executor.run (`len`) s |")
    print("|---:|---:|---:|")
    for _ in range(2):
        subprocess.run([sys.executable, "-c", FRESH, uri, f"{d}/udf.py"], check=True,
                       env={**os.environ, "PYTHONPATH": os.path.join(ROOT, "python")})
    import shutil

    shutil.rmtree(d, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
