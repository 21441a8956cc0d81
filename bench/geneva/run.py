#!/usr/bin/env python
"""Backfill Studio vs Geneva, side by side (issue 7). Not a test: it measures.

    .venv/bin/python bench/geneva/run.py                      # full run: 1M rows
    .venv/bin/python bench/geneva/run.py --rows 20000 --sleep-rows 4000   # quick check

Needs a Next build (`node node_modules/next/dist/bin/next build`). On first use it
creates Geneva's own virtual environment, bench/.venv-geneva, with
`pip install geneva` from PyPI (the project's .venv is never touched).

One table, written once with the project's pylance 8.0.0 and copied byte for
byte to each system (see bench/RESULTS.md for why), is backfilled by each
system with the same UDF source (`from geneva import udf`; Backfill Studio's
shim runs it unchanged), the same concurrency and rows per checkpoint:

- geneva      Geneva with its local Ray (`ray_cluster(local=True)`, what
              `local_ray_context()` wraps), one client process for all steps;
- ours-local  the built server (`next start`) through its HTTP API, local runner;
- ours-ray    the same, on a local Ray head the server starts (`kind: local-ray`).

Every produced column is compared (SHA-256 of (id, value) sorted by id) across
systems and with len(s) computed directly BEFORE any time is printed; a
mismatch aborts the report. Results: stdout and bench/out/geneva/results.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
os.environ.setdefault("LANCE_LOG", "error")

import dataset  # noqa: E402
import procs  # noqa: E402
from systems import GENEVA_PYTHON, ROOT, Geneva, Ours  # noqa: E402

UDFS = {
    # one Python call per row
    "scalar": ("t", "slen", '''from geneva import udf

@udf
def slen(s: str) -> int:
    return len(s)
'''),
    # one call per batch; utf8_length counts code points like len() and returns
    # int32 for `string`, hence the cast: every UDF yields the same int64 column
    "batched": ("t", "blen", '''import pyarrow as pa
import pyarrow.compute as pc
from geneva import udf

@udf(data_type=pa.int64())
def blen(s: pa.Array) -> pa.Array:
    return pc.cast(pc.utf8_length(s), pa.int64())
'''),
    # 1 ms of waiting per row: shows scheduling overhead, not compute
    "sleep": ("t_sleep", "sleep_len", '''import time
from geneva import udf

@udf
def sleep_len(s: str) -> int:
    time.sleep(0.001)
    return len(s)
'''),
}

# Crash test: batched, 1 ms a row, worked off in slices of 100 rows; each slice
# appends its row count to a counter file when done. The killed run plus the
# resumed run are thus counted to within 100 rows per call in flight, whatever
# each system checkpoints (work lost inside a call that was cut short included).
KILL_UDF = '''import os
import time
import pyarrow as pa
import pyarrow.compute as pc
from geneva import udf

COUNTER = {counter!r}

@udf(data_type=pa.int64())
def kill_len(s: pa.Array) -> pa.Array:
    fd = os.open(COUNTER, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        for i in range(0, len(s), 100):
            n = min(100, len(s) - i)
            time.sleep(0.001 * n)
            os.write(fd, b"%d\\n" % n)
    finally:
        os.close(fd)
    return pc.cast(pc.utf8_length(s), pa.int64())
'''


def loadavg() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def counted(path: str) -> int:
    try:
        with open(path) as f:
            return sum(int(x) for x in f.read().split())
    except FileNotFoundError:
        return 0


# ---------------------------------------------------------------------------- setup
def ensure_geneva_venv(spec: str) -> None:
    if os.path.exists(GENEVA_PYTHON):
        return
    venv = os.path.dirname(os.path.dirname(GENEVA_PYTHON))
    base = getattr(sys, "_base_executable", sys.executable)
    print(f"creating {venv} and installing {spec} from PyPI …", flush=True)
    subprocess.run([base, "-m", "venv", venv], check=True)
    r = subprocess.run([GENEVA_PYTHON, "-m", "pip", "install", "-q", spec], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"`pip install {spec}` failed (Geneva cannot run here):\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")


def machine() -> dict:
    info = {"nproc": os.cpu_count(), "python": platform.python_version(), "os": platform.platform()}
    with open("/proc/cpuinfo") as f:
        info["cpu"] = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "?")
    with open("/proc/meminfo") as f:
        info["ram"] = f"{int(f.readline().split()[1]) / 1024 / 1024:.1f} GiB"
    import lance
    import pyarrow as pa
    import ray

    pkg = json.load(open(os.path.join(ROOT, "node_modules/@lancedb/lancedb/package.json")))
    nxt = json.load(open(os.path.join(ROOT, "node_modules/next/package.json")))
    info["ours"] = {"pylance": lance.__version__, "pyarrow": pa.__version__, "ray": ray.__version__,
                    "@lancedb/lancedb": pkg["version"], "next": nxt["version"],
                    "node": subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()}
    info["commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return info


def make_tables(base: str, rows: int, sleep_rows: int, kill_rows: int, fragments: int) -> None:
    """Written once with the project's pylance (Lance file format 2.1, readable by
    both pylance 8 and Geneva's newer one) and then copied to every system."""
    import lance

    for name, n in (("t", rows), ("t_sleep", sleep_rows), ("t_kill", kill_rows)):
        if n:
            lance.write_dataset(dataset.rows(0, n), os.path.join(base, f"{name}.lance"), mode="create",
                                max_rows_per_file=-(-n // fragments), data_storage_version="2.1")


# ---------------------------------------------------------------------------- one system
def run_system(sysobj, a, db: str, rows_of: dict, udfs: list[str]) -> dict:
    res = {"steps": {}, "digests": {}}
    sampler = None
    try:
        sysobj.start()
        res["startupS"] = round(sysobj.startup_s, 2)
        if isinstance(sysobj, Geneva):
            res["rayInitS"] = round(sysobj.ray_init_s, 2)
            res["versions"] = sysobj.versions
        else:
            res["clusterStartS"] = round(sysobj.cluster_start_s, 2)
        sampler = procs.RssSampler(sysobj.root_pid)
        for u in udfs:
            table, col, src = UDFS[u]
            sysobj.add_column(table, col, src)
            load = loadavg()
            t0, t1 = sysobj.backfill(table, col)
            peak, nproc = sampler.peak(t0, t1)
            res["steps"][u] = {"wallS": t1 - t0, "rows": rows_of[table], "peakRssB": peak, "processes": nproc, "loadavg": load}
            res["digests"][f"{u}/full"] = sysobj.digest(table, col)
            print(f"  {sysobj.name} {u}: {t1 - t0:.2f} s", flush=True)
        if a.incremental:
            for table in sorted({UDFS[u][0] for u in udfs}):
                sysobj.append(table, rows_of[table], rows_of[table] // 100)
            for u in udfs:
                table, col, _ = UDFS[u]
                t0, t1 = sysobj.backfill(table, col)
                peak, _ = sampler.peak(t0, t1)
                res["steps"][u].update(incrS=t1 - t0, incrRows=rows_of[table] // 100, incrPeakRssB=peak)
                res["digests"][f"{u}/incr"] = sysobj.digest(table, col)
                print(f"  {sysobj.name} {u} incremental: {t1 - t0:.2f} s", flush=True)
        if a.kill:
            res["kill"] = kill_test(sysobj, a, db, rows_of["t_kill"])
            res["digests"]["kill/full"] = sysobj.digest("t_kill", "kill_len")
            print(f"  {sysobj.name} kill: {res['kill']}", flush=True)
    except BaseException:
        ok = False
        raise
    else:
        ok = True
    finally:
        if sampler:
            sampler.stop()
        sysobj.stop(graceful=ok)
    if isinstance(sysobj, Geneva):
        res["appliersActive"] = geneva_workers_seen(sysobj.logdir)
    return res


def geneva_workers_seen(logdir: str) -> dict:
    """How often each "(active/pending)" pair appears in Geneva's progress panel."""
    import re

    seen: dict = {}
    for f in os.listdir(logdir):
        if f.startswith("geneva-") and f.endswith(".log"):
            text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", open(os.path.join(logdir, f), errors="replace").read())
            for m in re.finditer(r"workers \(active/pending\): \((\d+/\d+)\)", text):
                seen[m.group(1)] = seen.get(m.group(1), 0) + 1
    return dict(sorted(seen.items()))


def kill_test(sysobj, a, db: str, n: int) -> dict:
    counter = os.path.join(db, "kill.counter")
    sysobj.add_column("t_kill", "kill_len", KILL_UDF.format(counter=counter))
    t0 = time.time()
    sysobj.backfill_start("t_kill", "kill_len")
    while counted(counter) < a.kill_at * n:
        if time.time() - t0 > 3600:
            raise RuntimeError("kill test: the UDF never reached the kill point")
        time.sleep(0.05)
    at_signal = counted(counter)
    t_kill = time.time()
    info = sysobj.crash(a.kill_mode)
    time.sleep(1.0)
    before = counted(counter)  # everything the killed run computed (late writers included)
    r0, r1 = sysobj.resume("t_kill", "kill_len")
    total = counted(counter)
    return {**info, "rows": n, "killAfterS": t_kill - t0, "rowsComputedAtSignal": at_signal,
            "rowsComputedByKilledRun": before, "rowsComputedByResume": total - before,
            "rowsComputedTotal": total, "rowsRedone": total - n, "resumeS": r1 - r0}


# ---------------------------------------------------------------------------- report
def verify(results: dict, expected: dict) -> list[str]:
    problems = []
    for key, exp in expected.items():
        for name, r in results.items():
            got = r["digests"].get(key)
            if got is None:
                continue
            if got != exp:
                problems.append(f"{key}: {name} produced {got}, expected {exp}")
    return problems


def report(results: dict, a, info: dict, cmd: str, load_start: str, load_end: str, udfs: list[str]) -> str:
    mib = lambda b: f"{b / 2**20:,.0f}"  # noqa: E731
    g = results.get("geneva")
    lines = [f"Command: `{cmd}`", "",
             f"Machine: {info['nproc']} cores ({info['cpu']}), {info['ram']}, {info['os']}; load average (1/5/15 min) "
             f"at start {load_start}, at end {load_end}. Commit {info['commit']}.", ""]
    if g:
        v = g["versions"]
        lines.append(f"Geneva side (bench/.venv-geneva): geneva {v['geneva']}, pylance {v['pylance']}, lancedb {v['lancedb']}, "
                     f"ray {v['ray']}, pyarrow {v['pyarrow']}, Python {v['python']}.")
    o = info["ours"]
    lines += [f"Ours (.venv + node_modules): pylance {o['pylance']}, @lancedb/lancedb {o['@lancedb/lancedb']}, ray {o['ray']}, "
              f"pyarrow {o['pyarrow']}, Next {o['next']}, Node {o['node']}, Python {info['python']}.", "",
              f"Concurrency {a.concurrency} for every system (Geneva: `concurrency={a.concurrency}` applier actors, "
              f"`intra_applier_concurrency=1`; ours: `concurrency: {a.concurrency}` workers/actors); "
              f"{a.checkpoint:,} rows per checkpoint (Geneva: `checkpoint_size` = min = max = {a.checkpoint}). "
              f"Ray workers of both Ray systems at nice {a.ray_worker_niceness} (`RAY_worker_niceness`).", "",
              "| UDF | system | rows | wall s | rows/s | peak RSS MiB (procs) | ours ÷ Geneva (wall) | +1% rows: re-run s | load avg at start |",
              "|---|---|---:|---:|---:|---:|---:|---:|---|"]
    ratios = []
    for u in udfs:
        for name, r in results.items():
            s = r["steps"][u]
            ratio = ""
            if g and name != "geneva":
                x = s["wallS"] / g["steps"][u]["wallS"]
                ratio = f"{x:.2f}"
                ratios.append(f"ratio_vs_geneva {u} {name.replace('ours-', '')} {x:.2f}")
            incr = f"{s['incrS']:.2f}" if "incrS" in s else "–"
            lines.append(f"| {u} | {name} | {s['rows']:,} | {s['wallS']:.2f} | {s['rows'] / s['wallS']:,.0f} | "
                         f"{mib(s['peakRssB'])} ({s['processes']}) | {ratio} | {incr} | {s['loadavg']} |")
    if g and g.get("appliersActive"):
        lines += ["", f"Geneva's own progress panel, workers (active/pending) seen during the run: {g['appliersActive']} "
                      f"(local Ray with {a.geneva_num_cpus or a.concurrency + 1:g} logical CPUs; applier memory "
                      f"reservation {'Geneva default' if a.geneva_applier_memory < 0 else a.geneva_applier_memory})."]
    lines += ["", "Fixed costs, not in the wall times above (paid once per client / server / cluster):", ""]
    for name, r in results.items():
        extra = f"; local Ray init {r['rayInitS']} s" if "rayInitS" in r else (f"; local-ray head start {r['clusterStartS']} s" if r.get("clusterStartS") else "")
        lines.append(f"- {name}: process start to ready {r['startupS']} s{extra}")
    if any("kill" in r for r in results.values()):
        lines += ["", f"SIGKILL once {a.kill_at:.0%} of the rows were computed (batched UDF, 1 ms a row, counting every 100 rows it computes; mode {a.kill_mode}):", "",
                  "| system | rows | killed after s | rows computed by the killed run | by the resumed run | redone (total − rows) | resume s | what was killed |",
                  "|---|---:|---:|---:|---:|---:|---:|---|"]
        for name, r in results.items():
            k = r.get("kill")
            if k:
                if a.kill_mode == "tree":
                    what = ("the Geneva client and its whole local Ray, at once" if name == "geneva"
                            else "the job's driver and its workers, at once")
                else:
                    what = "the Geneva client process (its local Ray fate-shares)" if name == "geneva" else "the job's driver process"
                lines.append(f"| {name} | {k['rows']:,} | {k['killAfterS']:.1f} | {k['rowsComputedByKilledRun']:,} | "
                             f"{k['rowsComputedByResume']:,} | {k['rowsRedone']:,} | {k['resumeS']:.2f} | {what} |")
    if ratios:
        lines += ["", "```", *ratios, "```"]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000, help="rows of the main table (scalar, batched UDFs)")
    ap.add_argument("--sleep-rows", type=int, default=100_000,
                    help="rows of the table for the 1 ms/row UDF (same generator); 1M rows = ~8 min a system at concurrency 2")
    ap.add_argument("--kill-rows", type=int, default=None, help="rows of the crash-test table (default: --sleep-rows)")
    ap.add_argument("--fragments", type=int, default=16)
    ap.add_argument("--systems", default="geneva,ours-local,ours-ray")
    ap.add_argument("--udfs", default="scalar,batched,sleep", help='comma list; "" runs only the crash test')
    ap.add_argument("--concurrency", type=int, default=2)
    ap.add_argument("--checkpoint", type=int, default=10_000, help="rows per checkpoint, all systems")
    # Not 0.5: 16 equal fragments and 2 workers in step put 50 % exactly at the end
    # of the 8th fragment, i.e. between UDF calls, which hides the work in flight.
    ap.add_argument("--kill-at", type=float, default=0.55, help="SIGKILL once this fraction of rows was computed")
    ap.add_argument("--ray-worker-niceness", type=int, default=0,
                    help="RAY_worker_niceness for both Ray systems (Ray's default is 15, which loses to any other load)")
    ap.add_argument("--kill-mode", choices=["driver", "tree"], default="driver",
                    help="driver: SIGKILL the Geneva client / our job driver; tree: that and its workers at once")
    # Out of the box Geneva ran ONE applier here at concurrency 2 (its panel:
    # "workers (active/pending): (1/1)"): each applier reserves 4 GiB of Ray
    # memory and each fragment writer 1 GiB, and its driver, job tracker and
    # writers 0.1 CPU each. Its documented per-job `memory=` override (0 =
    # unreserved) and one more logical CPU let both appliers run.
    ap.add_argument("--geneva-num-cpus", type=float, default=None,
                    help="logical CPUs of Geneva's local Ray (default concurrency + 1)")
    ap.add_argument("--geneva-applier-memory", type=int, default=0,
                    help="backfill(memory=) bytes per Geneva applier; 0 = unreserved (default); -1 = Geneva's default (4 GiB)")
    ap.add_argument("--no-incremental", dest="incremental", action="store_false")
    ap.add_argument("--no-kill", dest="kill", action="store_false")
    ap.add_argument("--geneva-spec", default="geneva", help="what `pip install` gets on first use")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "out", "geneva"))
    ap.add_argument("--keep", action="store_true", help="keep the temp databases")
    a = ap.parse_args()
    a.kill_rows = a.kill_rows or a.sleep_rows
    systems = [s.strip() for s in a.systems.split(",") if s.strip()]
    udfs = [u.strip() for u in a.udfs.split(",") if u.strip()]
    unknown = [s for s in systems if s not in ("geneva", "ours-local", "ours-ray")] + [u for u in udfs if u not in UDFS]
    if unknown:
        raise SystemExit(f"unknown: {unknown}")
    cmd = "$ " + " ".join(["bench/geneva/run.py", *sys.argv[1:]])
    os.makedirs(a.out, exist_ok=True)
    if "geneva" in systems:
        ensure_geneva_venv(a.geneva_spec)
    info = machine()
    load_start = loadavg()
    work = tempfile.mkdtemp(prefix="gbench-")
    print(f"work dir {work}; load {load_start}", flush=True)
    try:
        base = os.path.join(work, "base")
        need_sleep = "sleep" in udfs
        need_main = bool({"scalar", "batched"} & set(udfs))
        make_tables(base, a.rows if need_main else 0, a.sleep_rows if need_sleep else 0, a.kill_rows if a.kill else 0, a.fragments)
        rows_of = {"t": a.rows, "t_sleep": a.sleep_rows, "t_kill": a.kill_rows}
        results = {}
        logdir = os.path.join(a.out, "logs")
        shutil.rmtree(logdir, ignore_errors=True)
        for name in systems:
            db = os.path.join(work, name)
            shutil.copytree(base, db)
            os.makedirs(logdir, exist_ok=True)
            # Ray runs its workers at nice 15 by default; on this shared machine that
            # would hand the other sessions' work priority over both Ray systems only.
            ray_env = {"RAY_worker_niceness": str(a.ray_worker_niceness)}
            if name == "geneva":
                s = Geneva(db, logdir, num_cpus=a.geneva_num_cpus or a.concurrency + 1, concurrency=a.concurrency,
                           checkpoint=a.checkpoint, ray_env=ray_env,
                           applier_memory=None if a.geneva_applier_memory < 0 else a.geneva_applier_memory)
            else:
                s = Ours(name.split("-")[1], db, logdir, a.concurrency, a.checkpoint, ray_env=ray_env)
            print(f"{name} …", flush=True)
            results[name] = run_system(s, a, db, rows_of, udfs)
        load_end = loadavg()
        # Verify BEFORE anything is reported.
        expected = {}
        for u in udfs:
            n = rows_of[UDFS[u][0]]
            expected[f"{u}/full"] = dataset.expected_digest(n)
            if a.incremental:
                expected[f"{u}/incr"] = dataset.expected_digest(n + n // 100)
        if a.kill:
            expected["kill/full"] = dataset.expected_digest(a.kill_rows)
        problems = verify(results, expected)
        with open(os.path.join(a.out, "logs", "digests.json"), "w") as f:
            json.dump({"expected": expected, **{n: r["digests"] for n, r in results.items()}}, f, indent=1)
        if problems:
            print("VERIFICATION FAILED — no times reported:\n" + "\n".join(problems), file=sys.stderr)
            sys.exit(1)
        print(f"verified: {sum(len(r['digests']) for r in results.values())} columns, identical across "
              f"{', '.join(results)} and equal to len(s) computed directly", flush=True)
        md = report(results, a, info, cmd, load_start, load_end, udfs)
        with open(os.path.join(a.out, "results.json"), "w") as f:
            json.dump({"args": vars(a), "machine": info, "results": results, "loadStart": load_start, "loadEnd": load_end}, f, indent=1)
        with open(os.path.join(a.out, "results.md"), "w") as f:
            f.write(md + "\n")
        print(md)
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
