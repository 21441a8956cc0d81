#!/usr/bin/env python
"""Local-runner benchmark (issue 2, "Benchmark"). Not a test: it measures.

    .venv/bin/python bench/bench_local.py            # full run (~5 min on 2 idle cores)
    .venv/bin/python bench/bench_local.py --quick    # 200k rows, one checkpoint size

Part 0, fixed cost: fresh-process probes (interpreter start, `import lance`,
teardown at exit) and a 2,000-row backfill, whose time is all start-up and stop.

Part 1, throughput: a 1M-row table (16 fragments, string column `s` of ~200
UTF-8 bytes a row) gets a UDF column, and a backfill job runs exactly as the
server runs it: `service.handle("plan", jobDir=...)`, `params.json`, then
`python -m backfill_studio run-job <dir>` in a fresh process (the local
runner's command line and environment). The run is timed from process start to
exit ("cold"). "warm" (the server's default when it has a host ready) starts
`job-host` as the server does, waits until it is idle, then times from handing
it the job directory to its exit; its start-up is reported separately
(`--paths warm,cold`, default both). The limit is the same Python function over the same column read from the
same Lance dataset in one warm process, with no framework:
`[fn(v) for v in col.to_pylist()]` + `pa.array(...)` (scalar), or one call
`fn(col)` (batched). Every produced column is checked equal to the limit's
output before its time is reported.

Part 2, bytes: a 1M-row table with ~1 KB a row of other data gets a float32 UDF
column; the bytes the backfill adds under `<db>/t.lance` (new data files,
manifests, transaction files) are compared with rows x 4 bytes. The state dir
`<db>/.backfill-studio` is outside the dataset directory and not counted.

Results: a markdown summary on stdout and bench/out/results.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYDIR = os.path.join(ROOT, "python")
sys.path.insert(0, PYDIR)
os.environ.setdefault("LANCE_LOG", "error")

import lance  # noqa: E402
import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402

from backfill_studio.columns import add_column  # noqa: E402
from backfill_studio.loader import load_udf  # noqa: E402
from backfill_studio.service import handle  # noqa: E402

UDFS = {
    # Scalar: one Python call per row; returns the number of code points.
    "scalar": '''
from backfill_studio import udf

@udf
def slen(s: str) -> int:
    return len(s)
''',
    # Batched: one call per batch. utf8_length counts code points (like len()),
    # returns int32 for `string`; cast so the column is the same int64 as above.
    "batched": '''
import pyarrow as pa
import pyarrow.compute as pc
from backfill_studio import udf

@udf(data_type=pa.int64())
def blen(s: pa.Array) -> pa.Array:
    return pc.cast(pc.utf8_length(s), pa.int64())
''',
}

FLOAT_UDF = '''
import pyarrow as pa
import pyarrow.compute as pc
from backfill_studio import udf

@udf(data_type=pa.float32())
def wave(id: pa.Array) -> pa.Array:
    return pc.cast(pc.sin(pc.cast(id, pa.float64())), pa.float32())
'''


# -- machine ---------------------------------------------------------------------
def machine() -> dict:
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = "?"
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram": mem, "python": platform.python_version(),
            "pyarrow": pa.__version__, "pylance": lance.__version__, "numpy": np.__version__,
            "os": platform.platform(), "commit": commit}


# -- data ------------------------------------------------------------------------
def make_strings(rows: int, seed: int = 7) -> pa.Array:
    """~200 UTF-8 bytes a row (150-250), mostly ASCII with some 2- and 3-byte
    characters, unique per row (no dictionary-encoding windfall)."""
    rng = np.random.default_rng(seed)
    alphabet = list("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ") + ["é", "ß", "ü", "中", "文"]
    prefixes = []
    for _ in range(1009):
        n = int(rng.integers(140, 240))
        prefixes.append("".join(rng.choice(alphabet, n)))
    return pa.array([f"{prefixes[i % 1009]}#{i}" for i in range(rows)], pa.string())


def loadavg() -> str:
    try:
        with open("/proc/loadavg") as f:
            return f.read().split()[0]
    except OSError:
        return "?"


def dir_files(path: str) -> dict:
    out = {}
    for d, _, files in os.walk(path):
        for f in files:
            p = os.path.join(d, f)
            out[os.path.relpath(p, path)] = os.path.getsize(p)
    return out


# -- the limit -------------------------------------------------------------------
def limit_run(uri: str, kind: str, fn) -> tuple:
    """One warm-process pass; returns (output array, timings)."""
    c0 = time.process_time()
    out, tm = _limit_run(uri, kind, fn)
    tm["cpu"] = time.process_time() - c0
    return out, tm


def _limit_run(uri: str, kind: str, fn) -> tuple:
    t0 = time.perf_counter()
    ds = lance.dataset(uri)
    col = ds.to_table(columns=["s"]).column("s")
    t1 = time.perf_counter()
    if kind == "scalar":
        vals = col.to_pylist()
        t2 = time.perf_counter()
        res = [fn(v) for v in vals]
        t3 = time.perf_counter()
        out = pa.array(res, pa.int64())
        t4 = time.perf_counter()
        return out, {"read": t1 - t0, "toPylist": t2 - t1, "calls": t3 - t2, "toArrow": t4 - t3, "total": t4 - t0}
    arr = col.combine_chunks()
    t2 = time.perf_counter()
    out = fn(arr)
    t3 = time.perf_counter()
    return out, {"read": t1 - t0, "combine": t2 - t1, "call": t3 - t2, "total": t3 - t0}


COLD_LIMIT = r'''
import sys, time, lance, pyarrow as pa
sys.path.insert(0, sys.argv[3])
from backfill_studio.loader import load_udf
fn = load_udf(open(sys.argv[2]).read()).udf.target
col = lance.dataset(sys.argv[1]).to_table(columns=["s"]).column("s")
if sys.argv[4] == "scalar":
    out = pa.array([fn(v) for v in col.to_pylist()], pa.int64())
else:
    out = fn(col.combine_chunks())
'''


def cold_limit(uri: str, kind: str, workdir: str) -> float:
    """The limit in a fresh interpreter, imports included (context only)."""
    src = os.path.join(workdir, f"udf_{kind}.py")
    with open(src, "w") as f:
        f.write(UDFS[kind])
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", COLD_LIMIT, uri, src, PYDIR, kind], check=True,
                   env={**os.environ, "LANCE_LOG": "error"})
    return time.perf_counter() - t0


# -- a backfill, as the server runs it ----------------------------------------------
def start_host(env: dict, log) -> tuple:
    """A warm job host as the local runner starts it (server/runners/local/job-hosts.ts):
    `job-host --workers <server default concurrency>`; returns (process, host_ready event)
    once it is idle: driver and workers have imported everything."""
    workers = int(os.environ.get("BENCH_HOST_WORKERS") or max(1, min(os.cpu_count() or 1, 8)))  # override: experiments only
    proc = subprocess.Popen([sys.executable, "-m", "backfill_studio", "job-host", "--workers", str(workers)], cwd=ROOT,
                            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True)
    line = proc.stdout.readline()
    ready = json.loads(line) if line.startswith("{") else None
    if not ready or ready.get("event") != "host_ready":
        proc.kill()
        raise RuntimeError(f"job host did not become ready: {line!r}")
    return proc, ready


def backfill(db: str, table: str, column: str, source: str, ckpt: int, conc: int, workdir: str, path: str = "cold") -> dict:
    uri = f"{db}/{table}.lance"
    t0 = time.perf_counter()
    add_column(lance.dataset(uri), column, source)
    t_add = time.perf_counter() - t0
    before = dir_files(uri)
    job_id = f"bench-{column}"
    job_dir = os.path.join(db, ".backfill-studio", "jobs", job_id)
    t0 = time.perf_counter()
    res = handle({"id": 1, "method": "plan", "params": {"dbUri": db, "table": table, "column": column,
                                                        "checkpointSize": ckpt, "jobDir": job_dir}})
    t_plan = time.perf_counter() - t0
    if "error" in res:
        raise RuntimeError(f"plan failed: {res['error']}")
    plan, spec = res["result"], res["result"]["udfSpec"]
    with open(os.path.join(job_dir, "params.json"), "w") as f:
        json.dump({"jobId": job_id, "dbUri": db, "table": table, "column": column, "source": spec["source"],
                   "udfVersion": spec["version"], "inputColumns": spec["inputColumns"],
                   "concurrency": conc, "checkpointSize": plan["checkpointSize"]}, f)
    env = {**os.environ, "PYTHONPATH": PYDIR, "PYTHONUNBUFFERED": "1", "LANCE_LOG": "error"}
    log_path = os.path.join(workdir, f"{column}.driver.log")
    load = loadavg()
    host_ready = None
    with open(log_path, "w") as log:
        ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        if path == "warm":
            # What a user pays on the warm path: the server started the host earlier
            # (after the previous job, or at server start); the job's time runs from
            # the hand-off of its directory to the host's exit.
            host, host_ready = start_host(env, log)
            t_start = time.time()
            stdout, _ = host.communicate(job_dir + "\n")
            rc = host.returncode
        else:
            t_start = time.time()
            proc = subprocess.run([sys.executable, "-m", "backfill_studio", "run-job", job_dir], cwd=ROOT, env=env,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True)
            stdout, rc = proc.stdout, proc.returncode
        t_end = time.time()
        ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU of the driver and its workers (joined by the driver, so counted in
    # its children): far less sensitive to other load than wall time. On the
    # warm path it includes the host's start-up before the hand-off.
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    events = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    events = [e for e in events if e["event"] != "host_ready"]
    if rc != 0 or not events or events[-1]["event"] != "succeeded":
        with open(log_path) as f:
            raise RuntimeError(f"{path} job failed (rc {rc}): {events[-1:]}\n{f.read()[-3000:]}")
    after = dir_files(uri)
    return {"plan": plan, "events": events, "tStart": t_start, "tEnd": t_end, "addColumnS": t_add, "planS": t_plan,
            "loadavg": load, "cpuS": cpu, "before": before, "after": after, "path": path,
            "hostStartS": host_ready["startS"] if host_ready else None}


def breakdown(r: dict, rows: int) -> dict:
    ev = r["events"]
    ts = lambda name: [e["ts"] for e in ev if e["event"] == name]  # noqa: E731
    started, succeeded = ts("started")[0], ts("succeeded")[0]
    ready = [e["ts"] for e in ev if e["event"] == "worker" and e.get("state") == "ready"]
    batches = [e for e in ev if e["event"] == "batch"]
    commits = [e for e in ev if e["event"] == "commit"]
    wall = r["tEnd"] - r["tStart"]
    # Steady state: rows finished after the first batch, over the time between
    # the first and the last batch (all workers up, no start-up or teardown).
    steady_rows = sum(b["rows"] for b in batches[1:])
    steady_s = batches[-1]["ts"] - batches[0]["ts"]
    last_commit = commits[-1]["ts"] if commits else succeeded
    return {
        "rows": rows, "wallS": wall, "rowsPerS": rows / wall,
        "driverSpanS": succeeded - started,
        "bootS": started - r["tStart"],  # interpreter + imports + plan load, before "started"
        "firstWorkerReadyS": min(ready) - started, "lastWorkerReadyS": max(ready) - started,
        "firstBatchS": batches[0]["ts"] - started,
        "lastBatchS": batches[-1]["ts"] - started,
        "tailS": succeeded - batches[-1]["ts"],  # after the last batch: final commit + workers stopped
        "joinS": succeeded - max(last_commit, batches[-1]["ts"]),  # workers told to stop and joined
        "steadyRowsPerS": steady_rows / steady_s if steady_s > 0 else float("nan"),
        "exitS": r["tEnd"] - succeeded,  # workers told to stop, joined; interpreter exit
        "batches": len(batches),
        "readS": sum(b["readMs"] for b in batches) / 1000,
        "udfS": sum(b["udfMs"] for b in batches) / 1000,
        "writeS": sum(b["writeMs"] for b in batches) / 1000,
        "commits": len(commits), "commitS": sum(c["ms"] for c in commits) / 1000,
        "commitBytes": sum(c["bytes"] for c in commits),
        "finalCommitS": commits[-1]["ms"] / 1000 if commits else 0.0,
        "addColumnS": r["addColumnS"], "planS": r["planS"], "loadavg": r.get("loadavg"),
        "cpuS": r["cpuS"], "path": r["path"], "hostStartS": r["hostStartS"] or 0.0,
    }


# -- parts ---------------------------------------------------------------------------
def throughput(args, workdir: str, out: dict) -> None:
    db = os.path.join(workdir, "db")
    uri = f"{db}/t.lance"
    rows, frags = args.rows, args.fragments
    t0 = time.perf_counter()
    s = make_strings(rows)
    t = pa.table({"id": pa.array(np.arange(rows, dtype=np.int64)), "s": s})
    lance.write_dataset(t, uri, max_rows_per_file=-(-rows // frags))
    del t
    out["table"] = {"rows": rows, "fragments": len(lance.dataset(uri).get_fragments()),
                    "sBytes": int(s.nbytes), "sDataBytesPerRow": round((s.nbytes - 4 * (rows + 1)) / rows, 1),
                    "buildS": round(time.perf_counter() - t0, 2), "dataStorageVersion": lance.dataset(uri).data_storage_version}
    print(f"# table: {out['table']}", file=sys.stderr)

    out["limit"], out["runs"] = {}, []
    expected = {}
    fns = {}
    for kind in args.udfs:
        fn = fns[kind] = load_udf(UDFS[kind]).udf.target  # the very function the engine calls
        passes = []
        for _ in range(args.limit_repeats):
            res, tm = limit_run(uri, kind, fn)
            passes.append(tm)
        expected[kind] = res
        med = {k: statistics.median(p[k] for p in passes) for k in passes[0]}
        out["limit"][kind] = {"median": med, "passes": passes, "rowsPerS": rows / med["total"],
                              "coldProcessS": cold_limit(uri, kind, workdir)}
        print(f"# limit {kind}: {med['total']:.3f}s median of {len(passes)} ({rows / med['total']:,.0f} rows/s); "
              f"cold process {out['limit'][kind]['coldProcessS']:.2f}s", file=sys.stderr)
    assert expected.get("scalar") is None or expected.get("batched") is None or expected["scalar"].equals(expected["batched"])

    # Repeats are the outer loop, so machine noise spreads over every configuration.
    n = 0
    for rep in range(args.repeats):
        for kind in args.udfs:
            for ckpt in args.checkpoints:
                for conc, path in [(c, p) for c in args.concurrency for p in args.paths]:
                    n += 1
                    column = f"c{n}_{kind}_{ckpt}_{conc}_{path}"
                    # A limit pass right before each run: the ratio compares two
                    # measurements taken under the same machine conditions.
                    lres, ltm = limit_run(uri, kind, fns[kind])
                    if not lres.equals(expected[kind]):
                        raise AssertionError("limit pass output changed")
                    out["limit"][kind]["passes"].append(ltm)
                    r = backfill(db, "t", column, UDFS[kind], ckpt, conc, workdir, path)
                    got = lance.dataset(uri).to_table(columns=[column]).column(column).combine_chunks()
                    if not got.equals(expected[kind]):
                        raise AssertionError(f"{column}: produced column differs from the limit computation")
                    b = breakdown(r, rows)
                    lim = rows / ltm["total"]
                    b.update(kind=kind, checkpointSize=ckpt, concurrency=conc, rep=rep, verified=True,
                             limitS=ltm["total"], limitCpuS=ltm["cpu"],
                             ratio=b["rowsPerS"] / lim, ratioDriverSpan=(rows / b["driverSpanS"]) / lim,
                             ratioSteady=b["steadyRowsPerS"] / lim, cpuRatio=ltm["cpu"] / b["cpuS"])
                    out["runs"].append(b)
                    print(f"# {column} ({path}): wall {b['wallS']:.2f}s ({b['rowsPerS']:,.0f} rows/s, x{b['ratio']:.2f} of limit; "
                          f"steady x{b['ratioSteady']:.2f}) boot {b['bootS']:.2f} workers-ready {b['lastWorkerReadyS']:.2f} "
                          f"last-batch {b['lastBatchS']:.2f} tail {b['tailS']:.2f} (join {b['joinS']:.2f}) exit {b['exitS']:.2f} | "
                          f"read {b['readS']:.2f} udf {b['udfS']:.2f} ckpt-write {b['writeS']:.2f} "
                          f"commits {b['commits']} ({b['commitS']:.2f}s) cpu {b['cpuS']:.2f}s load {b['loadavg']} "
                          f"| limit {ltm['total']:.2f}s", file=sys.stderr)
    _limit_medians(out, rows)


def _limit_medians(out: dict, rows: int) -> None:
    for lim in out["limit"].values():
        ps = lim["passes"]
        lim["median"] = {k: statistics.median(p[k] for p in ps) for k in ps[0]}
        lim["rowsPerS"] = rows / lim["median"]["total"]
        lim["minS"], lim["maxS"] = min(p["total"] for p in ps), max(p["total"] for p in ps)


def summarize(runs: list) -> list:
    """Median of the repeats of each configuration (min-max of wall kept)."""
    groups = {}
    for b in runs:
        groups.setdefault((b["kind"], b["checkpointSize"], b["concurrency"], b["path"]), []).append(b)
    out = []
    for (kind, ckpt, conc, path), bs in groups.items():
        med = {k: statistics.median(b[k] for b in bs) for k, v in bs[0].items()
               if isinstance(v, (int, float)) and not isinstance(v, bool)}
        med.update(kind=kind, checkpointSize=ckpt, concurrency=conc, path=path, n=len(bs),
                   wallMin=min(b["wallS"] for b in bs), wallMax=max(b["wallS"] for b in bs))
        out.append(med)
    return out


PROBE = r"""
import sys, time
t1 = time.time()
import lance
t2 = time.time()
print(t1, t2, flush=True)
"""


def probes(n: int = 3) -> dict:
    """Fixed costs of one Python process with lance: interpreter start, `import
    lance`, and teardown at exit (median of n fresh processes)."""
    rows = []
    for _ in range(n):
        t0 = time.time()
        p = subprocess.Popen([sys.executable, "-c", PROBE], stdout=subprocess.PIPE, text=True)
        t1, t2 = map(float, p.stdout.readline().split())
        p.wait()
        t3 = time.time()
        rows.append({"interpreterS": t1 - t0, "importLanceS": t2 - t1, "teardownS": t3 - t2})
    imp = subprocess.run([sys.executable, "-X", "importtime", "-c", "import lance"], capture_output=True, text=True).stderr
    cum = {}
    for line in imp.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            cum[parts[2].strip()] = int(parts[1]) / 1e6
    med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
    return {"median": med, "runs": rows, "importtimeLanceS": cum.get("lance"),
            "importtimeLanceNamespaceS": cum.get("lance.namespace"), "importtimePyarrowS": cum.get("pyarrow")}


def fixed_cost(args, workdir: str, out: dict) -> None:
    """A backfill of 2,000 rows (2 fragments, 2 batches): nothing to compute,
    so its wall and CPU time are the per-job fixed cost."""
    db = os.path.join(workdir, "dbf")
    lance.write_dataset(pa.table({"s": make_strings(2000)}), f"{db}/f.lance", max_rows_per_file=1000)
    out["fixed"] = []
    for rep in range(args.repeats):
        for conc, path in [(c, p) for c in args.concurrency for p in args.paths]:
            r = backfill(db, "f", f"c{rep}_{conc}_{path}", UDFS["scalar"], 1000, conc, workdir, path)
            b = breakdown(r, 2000)
            b.update(concurrency=conc, rep=rep)
            out["fixed"].append(b)
            print(f"# fixed cost, {path}, concurrency {conc}: wall {b['wallS']:.2f}s cpu {b['cpuS']:.2f}s boot {b['bootS']:.2f} "
                  f"workers-ready +{b['lastWorkerReadyS']:.2f} tail {b['tailS']:.2f} (join {b['joinS']:.2f}) "
                  f"exit {b['exitS']:.2f} load {b['loadavg']}", file=sys.stderr)


def bytes_written(args, workdir: str, out: dict) -> None:
    db = os.path.join(workdir, "dbw")
    uri = f"{db}/w.lance"
    rows, frags = args.bytes_rows, args.fragments
    t0 = time.perf_counter()
    rng = np.random.default_rng(11)
    payload = pa.FixedSizeBinaryArray.from_buffers(pa.binary(1000), rows, [None, pa.py_buffer(rng.bytes(rows * 1000))])
    lance.write_dataset(pa.table({"id": pa.array(np.arange(rows, dtype=np.int64)), "payload": payload}), uri,
                        max_rows_per_file=-(-rows // frags))
    del payload
    base = dir_files(uri)
    build = time.perf_counter() - t0
    uri_before_add = dict(base)
    r = backfill(db, "w", "f32", FLOAT_UDF, args.bytes_checkpoint, 2, workdir)
    # add_column's own commit (metadata only) happened before `before`.
    add_bytes = sum(v for k, v in r["before"].items() if k not in uri_before_add)
    new = {k: v for k, v in r["after"].items() if k not in r["before"]}
    changed = {k: r["after"][k] - r["before"][k] for k in r["before"] if k in r["after"] and r["after"][k] != r["before"][k]}
    cats = {}
    for k, v in new.items():
        top = k.split(os.sep)[0]
        cats.setdefault(top, [0, 0])
        cats[top][0] += 1
        cats[top][1] += v
    total = sum(new.values()) + sum(changed.values())
    col_bytes = rows * 4
    ds = lance.dataset(uri)
    got = ds.to_table(columns=["f32"]).column("f32").combine_chunks()
    ids = ds.to_table(columns=["id"]).column("id").combine_chunks()
    want = load_udf(FLOAT_UDF).udf.target(ids)
    if not got.equals(want):
        raise AssertionError("f32: produced column differs from the direct computation")
    b = breakdown(r, rows)
    state = dir_files(os.path.join(db, ".backfill-studio"))
    out["bytes"] = {"stateDirBytes": sum(state.values()),
                    "stateDirProvenanceBytes": sum(v for k, v in state.items() if k.startswith("provenance")),
                    "stateDirJobBytes": sum(v for k, v in state.items() if k.startswith("jobs")),
                    "rows": rows, "fragments": frags, "otherBytesPerRow": 1000 + 8, "datasetBytesBefore": sum(base.values()),
                    "buildS": round(build, 2), "checkpointSize": args.bytes_checkpoint, "concurrency": 2,
                    "addColumnBytes": add_bytes, "backfillBytes": total, "byDir": cats, "changedExisting": changed,
                    "columnBytes": col_bytes, "columnBytesWithValidity": col_bytes + -(-rows // 8),
                    "ratio": total / col_bytes, "ratioWithValidity": total / (col_bytes + -(-rows // 8)),
                    "commits": b["commits"], "commitBytesReported": b["commitBytes"], "verified": True, "wallS": b["wallS"]}
    print(f"# bytes: {json.dumps(out['bytes'])}", file=sys.stderr)


# -- report ---------------------------------------------------------------------------
def fmt_md(out: dict) -> str:
    L = []
    m = out["machine"]
    L.append(f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['ram']} RAM; {m['os']}")
    L.append(f"Python {m['python']}, pyarrow {m['pyarrow']}, pylance {m['pylance']}, numpy {m['numpy']}; commit {m['commit']}")
    L.append(f"Load average (1 min) at the start: {out.get('loadavgStart')}, at the end: {out.get('loadavgEnd')}")
    if "probes" in out:
        pr = out["probes"]
        md = pr["median"]
        L.append(f"One fresh Python process (median of {len(pr['runs'])}): interpreter {md['interpreterS']:.2f} s, "
                 f"`import lance` {md['importLanceS']:.2f} s (-X importtime: lance {pr['importtimeLanceS']:.2f} s, of which "
                 f"lance.namespace {pr['importtimeLanceNamespaceS']:.2f} s), teardown at exit {md['teardownS']:.2f} s")
    L.append("")
    if out.get("fixed"):
        L.append("Fixed cost of one job (a 2,000-row backfill: 2 fragments, 2 batches; median of repeats, seconds):")
        L.append("")
        L.append("| path | conc | wall | CPU (driver+workers; warm: incl. host start-up) | boot (start or hand-off→`started`) | "
                 "last worker ready | tail (→`succeeded`) | of which join | exit | host start-up before hand-off |")
        L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for path in dict.fromkeys(b["path"] for b in out["fixed"]):
            for conc in sorted({b["concurrency"] for b in out["fixed"]}, reverse=True):
                bs = [b for b in out["fixed"] if b["concurrency"] == conc and b["path"] == path]
                m = {k: statistics.median(b[k] for b in bs) for k in ("wallS", "cpuS", "bootS", "lastWorkerReadyS", "tailS", "joinS", "exitS", "hostStartS")}
                L.append(f"| {path} | {conc} | {m['wallS']:.2f} | {m['cpuS']:.2f} | {m['bootS']:.2f} | +{m['lastWorkerReadyS']:.2f} | "
                         f"{m['tailS']:.2f} | {m['joinS']:.2f} | {m['exitS']:.2f} | {m['hostStartS']:.2f} |")
        L.append("")
    if "table" in out:
        t = out["table"]
        L.append(f"Table: {t['rows']:,} rows, {t['fragments']} fragments, `s` = {t['sDataBytesPerRow']} UTF-8 bytes/row, "
                 f"data storage {t['dataStorageVersion']}")
        L.append("")
        L.append("Limit (one warm process; median of all passes: one before the runs and one right before each run):")
        L.append("")
        L.append("| UDF | passes | read s | python/compute s | total s (min-max) | rows/s | CPU s | same in a fresh process (imports incl.) s |")
        L.append("|---|---:|---:|---:|---:|---:|---:|---:|")
        for kind, lim in out["limit"].items():
            md = lim["median"]
            comp = " + ".join(f"{k} {v:.3f}" for k, v in md.items() if k not in ("read", "total", "cpu"))
            L.append(f"| {kind} | {len(lim['passes'])} | {md['read']:.3f} | {comp} | {md['total']:.3f} ({lim['minS']:.2f}-{lim['maxS']:.2f}) | "
                     f"{lim['rowsPerS']:,.0f} | {md['cpu']:.2f} | "
                     f"{lim['coldProcessS']:.2f} |")
        L.append("")
        summ = summarize(out["runs"])
        reps = max(x["n"] for x in summ)
        L.append(f"Backfills: `run-job` from process start to exit, median of {reps} run(s) each; every column was verified "
                 "equal to the limit's output. Ratios divide by the limit pass taken right before each run (then the median over "
                 "repeats); *steady* = rows/s between the first and the last finished batch.")
        L.append("")
        L.append("| path | UDF | ckpt rows | conc | batches | wall s (min-max) | rows/s | limit s | **ours/limit** | driver span s | span/limit | "
                 "steady/limit | CPU s (driver+workers) | limit CPU / ours |")
        L.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for b in summ:
            L.append(f"| {b['path']} | {b['kind']} | {b['checkpointSize']:,} | {b['concurrency']} | {b['batches']:.0f} | {b['wallS']:.2f} "
                     f"({b['wallMin']:.2f}-{b['wallMax']:.2f}) | {b['rowsPerS']:,.0f} | {b['limitS']:.2f} | **{b['ratio']:.2f}** | "
                     f"{b['driverSpanS']:.2f} | {b['ratioDriverSpan']:.2f} | {b['ratioSteady']:.2f} | {b['cpuS']:.2f} | "
                     f"{b['cpuRatio']:.2f} |")
        L.append("")
        L.append("Where the wall time goes (medians, seconds). Phases are on the wall clock; Σ columns are summed over "
                 "batches (with 2 workers they overlap):")
        L.append("")
        L.append("| path | UDF | ckpt | conc | boot (start→`started`) | 1st worker ready | last worker ready | last batch | "
                 "tail (→`succeeded`) | of which join | exit | Σread | Σudf | Σckpt write | commits | Σcommit | plan (before run) |")
        L.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for b in summ:
            L.append(f"| {b['path']} | {b['kind']} | {b['checkpointSize']:,} | {b['concurrency']} | {b['bootS']:.2f} | "
                     f"+{b['firstWorkerReadyS']:.2f} | +{b['lastWorkerReadyS']:.2f} | +{b['lastBatchS']:.2f} | {b['tailS']:.2f} | "
                     f"{b['joinS']:.2f} | {b['exitS']:.2f} | {b['readS']:.2f} | {b['udfS']:.2f} | {b['writeS']:.2f} | "
                     f"{b['commits']:.0f} | {b['commitS']:.2f} | {b['planS']:.2f} |")
        L.append("")
    if "bytes" in out:
        w = out["bytes"]
        L.append(f"Bytes: {w['rows']:,} rows x {w['otherBytesPerRow']} B of other data ({w['datasetBytesBefore']:,} B on disk), "
                 f"float32 column, checkpoint {w['checkpointSize']:,}, concurrency 2, {w['commits']} commit(s)")
        L.append("")
        L.append("| what | files | bytes |")
        L.append("|---|---:|---:|")
        for k, (nf, nb) in sorted(w["byDir"].items()):
            L.append(f"| new under `{k}/` | {nf} | {nb:,} |")
        if w["changedExisting"]:
            L.append(f"| existing files that changed size | {len(w['changedExisting'])} | {sum(w['changedExisting'].values()):,} |")
        L.append(f"| **backfill total** | | **{w['backfillBytes']:,}** |")
        L.append(f"| column's own size, rows x 4 | | {w['columnBytes']:,} |")
        L.append(f"| **ratio** | | **{w['ratio']:.3f}x** ({w['ratioWithValidity']:.3f}x against rows x 4 + a validity bitmap) |")
        L.append(f"| not counted: add_column before it (metadata only) | | {w['addColumnBytes']:,} |")
        L.append(f"| not counted: `<db>/.backfill-studio` after the job (provenance sidecars {w['stateDirProvenanceBytes']:,}, "
                 f"job dir incl. plan.arrow {w['stateDirJobBytes']:,}; checkpoints are deleted after commit) | | "
                 f"{w['stateDirBytes']:,} |")
    return "\n".join(L) + "\n"


def ratio_lines(out: dict) -> str:
    """Plain lines for scripts: ours/limit per configuration (median over
    repeats), and the commit-bytes ratio."""
    lines = []
    summ = summarize(out["runs"]) if out.get("runs") else []
    for b in summ:
        lines.append(f"ratio_local_vs_limit {b['path']} {b['kind']} ckpt={b['checkpointSize']} conc={b['concurrency']} {b['ratio']:.2f}")
    for path, kind in dict.fromkeys((b["path"], b["kind"]) for b in summ):
        rs = [b["ratio"] for b in summ if b["kind"] == kind and b["path"] == path]
        lines.append(f"ratio_local_vs_limit {path} {kind} range {min(rs):.2f}-{max(rs):.2f} (goal >= 0.85)")
    if "bytes" in out:
        lines.append(f"bytes_ratio_float32_commit {out['bytes']['ratio']:.3f} (goal <= 1.2)")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--fragments", type=int, default=16)
    ap.add_argument("--checkpoints", default="10000,50000,100000")
    ap.add_argument("--concurrency", default="2,1")
    ap.add_argument("--udfs", default="scalar,batched")
    ap.add_argument("--paths", default="warm,cold", help="warm: a pre-started job host, timed from hand-off; "
                    "cold: `run-job` in a fresh process, timed from its start")
    ap.add_argument("--repeats", type=int, default=2, help="runs of each backfill configuration")
    ap.add_argument("--limit-repeats", type=int, default=1, help="limit passes before the runs (one more precedes each run)")
    ap.add_argument("--bytes-rows", type=int, default=1_000_000)
    ap.add_argument("--bytes-checkpoint", type=int, default=50_000)
    ap.add_argument("--skip-throughput", action="store_true")
    ap.add_argument("--skip-bytes", action="store_true")
    ap.add_argument("--skip-probes", action="store_true")
    ap.add_argument("--quick", action="store_true", help="200k rows, checkpoint 50k only, concurrency 2 only")
    ap.add_argument("--workdir", help="default: a temp dir, removed afterwards")
    ap.add_argument("--keep", action="store_true", help="keep the work dir")
    ap.add_argument("--wait-quiet", type=float, default=0, metavar="S",
                    help="first wait up to S seconds for the 1-min load average to drop below --quiet-below")
    ap.add_argument("--quiet-below", type=float, default=0.5)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "out"))
    args = ap.parse_args()
    if args.quick:
        args.rows, args.bytes_rows, args.checkpoints, args.concurrency = 200_000, 200_000, "50000", "2"
    args.checkpoints = [int(x) for x in args.checkpoints.split(",")]
    args.concurrency = [int(x) for x in args.concurrency.split(",")]
    args.udfs = [u for u in args.udfs.split(",") if u]
    args.paths = [p for p in args.paths.split(",") if p]

    deadline = time.time() + args.wait_quiet
    while args.wait_quiet and float(loadavg().replace("?", "0")) >= args.quiet_below and time.time() < deadline:
        time.sleep(10)
    if float(loadavg().replace("?", "0")) >= 1.0:
        print(f"# WARNING: load average {loadavg()} at the start: other processes share this machine; "
              "wall times will be inflated (CPU-second columns less so)", file=sys.stderr)
    workdir = args.workdir or tempfile.mkdtemp(prefix="bfs-bench-")
    os.makedirs(workdir, exist_ok=True)
    t0 = time.perf_counter()
    out = {"command": " ".join([os.path.relpath(sys.executable, ROOT)] + [os.path.relpath(sys.argv[0], ROOT)] + sys.argv[1:]),
           "machine": machine(), "startedAt": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "loadavgStart": loadavg()}
    try:
        if not args.skip_probes:
            out["probes"] = probes()
        if not args.skip_probes:
            fixed_cost(args, workdir, out)
        if not args.skip_throughput:
            throughput(args, workdir, out)
        if not args.skip_bytes:
            bytes_written(args, workdir, out)
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    out["loadavgEnd"] = loadavg()
    out["totalS"] = round(time.perf_counter() - t0, 1)
    md = fmt_md(out) + f"\nTotal benchmark time: {out['totalS']} s\n"
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(out, f, indent=1, default=str)
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(md)
    print(md)
    print(ratio_lines(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
