"""Geneva's side of the benchmark. Runs ONLY in Geneva's own virtual environment
(bench/.venv-geneva, `pip install geneva`), never in the project's .venv.

    bench/.venv-geneva/bin/python bench/geneva/geneva_side.py serve --db DIR --ray-temp DIR --num-cpus 2

Starts Geneva's local Ray once (`ray_cluster(local=True)`, what
`Connection.local_ray_context()` wraps, with a private temp dir so the
orchestrator can find and clean up exactly these Ray processes), then executes
JSON commands read from stdin, one a line, and answers each with one line
`@@BENCH {json}` on stdout (Geneva's own progress output goes to stderr/stdout
too; the orchestrator only reads the @@BENCH lines):

    {"op": "add_column", "table", "column", "source"}       UDF source text, `from geneva import udf`
    {"op": "backfill", "table", "column", "concurrency", "checkpoint"}
    {"op": "append", "table", "start", "count"}             rows from dataset.rows()
    {"op": "digest", "table", "column"}
    {"op": "exit"}
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import dataset  # noqa: E402
import geneva  # noqa: E402
from geneva.runners.ray._mgr import ray_cluster  # noqa: E402

_out = sys.stdout


def reply(obj: dict) -> None:
    # Own line even if a progress bar left the cursor mid-line.
    _out.write("\n@@BENCH " + json.dumps(obj) + "\n")
    _out.flush()


def load_udf(source: str, name: str):
    # A module name that is not importable, so cloudpickle ships the function
    # by value to the Ray workers (as it would for a notebook-defined UDF).
    ns: dict = {"__name__": f"bench_udf_{name}"}
    exec(compile(source, f"<udf {name}>", "exec"), ns)
    udfs = [v for v in ns.values() if isinstance(v, geneva.transformer.UDF)]
    if len(udfs) != 1:
        raise ValueError(f"expected one @udf in the source of {name}, found {len(udfs)}")
    return udfs[0]


def handle(db, cmd: dict) -> dict:
    op = cmd["op"]
    if op == "add_column":
        tbl = db.open_table(cmd["table"])
        t0 = time.time()
        tbl.add_columns({cmd["column"]: load_udf(cmd["source"], cmd["column"])})
        return {"t0": t0, "t1": time.time()}
    if op == "backfill":
        tbl = db.open_table(cmd["table"])
        c = int(cmd["checkpoint"])
        t0 = time.time()
        # Same concurrency and rows per checkpoint as ours; adaptive sizing pinned
        # to that size (min = max) so both checkpoint the same number of rows.
        extra = {"memory": int(cmd["memory"])} if cmd.get("memory") is not None else {}
        res = tbl.backfill(cmd["column"], concurrency=int(cmd["concurrency"]), checkpoint_size=c,
                           min_checkpoint_size=c, max_checkpoint_size=c, _admission_check=False, **extra)
        t1 = time.time()
        return {"t0": t0, "t1": t1, "jobId": res.job_id, "status": res.status}
    if op == "append":
        tbl = db.open_table(cmd["table"])
        t0 = time.time()
        tbl.add(dataset.rows(int(cmd["start"]), int(cmd["count"])))
        return {"t0": t0, "t1": time.time()}
    if op == "digest":
        import lance

        ds = lance.dataset(os.path.join(db_uri, cmd["table"] + ".lance"))
        return dataset.digest(ds.to_table(columns=["id", cmd["column"]]), cmd["column"])
    raise ValueError(f"unknown op {op}")


db_uri = ""


def main() -> None:
    global db_uri
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["serve"])
    ap.add_argument("--db", required=True)
    ap.add_argument("--ray-temp", required=True)
    ap.add_argument("--num-cpus", type=int, default=2)
    a = ap.parse_args()
    db_uri = a.db
    db = geneva.connect(a.db)
    t0 = time.time()
    with ray_cluster(local=True, log_to_driver=False, logging_level=logging.WARNING,
                     ray_init_kwargs={"num_cpus": a.num_cpus, "_temp_dir": a.ray_temp}):
        import ray

        reply({"ready": True, "rayInitS": time.time() - t0, "pid": os.getpid(),
               "versions": {"geneva": geneva.__version__, "ray": ray.__version__,
                            "pylance": __import__("lance").__version__,
                            "lancedb": __import__("lancedb").__version__,
                            "pyarrow": __import__("pyarrow").__version__,
                            "python": sys.version.split()[0]}})
        for line in sys.stdin:
            if not line.strip():
                continue
            cmd = json.loads(line)
            if cmd["op"] == "exit":
                reply({"ok": True})
                break
            try:
                reply({"ok": True, **handle(db, cmd)})
            except Exception as e:  # reported, the orchestrator aborts
                reply({"ok": False, "error": f"{type(e).__name__}: {e}", "trace": traceback.format_exc()[-4000:]})


if __name__ == "__main__":
    main()
