"""A warm job host: a local job's driver, started before its job.

The local runner keeps one idle host so a job does not wait ~2 s for each
fresh process to import Lance (driver, then workers). The host imports the
driver's modules and starts `n` worker processes that import theirs, all at
once; when every worker has said "warm" it emits `host_ready` and waits for
one line on stdin: the job directory. It then runs that job exactly as
`run-job` would (same Driver, same events, same process group, same
lifeline) and exits. A host runs one job: no process that ran a user's UDF
ever serves another job. EOF on stdin (the server closed it) ends an idle
host; so does its parent's death (lifeline).

This module imports nothing heavy at the top: spawned workers import it to
find their target, and the parent's own imports overlap with theirs.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import sys
import time

from .lifeline import die_with_parent

WARM_TIMEOUT_S = 120.0


def _warm_worker(worker_id: int, task_q, result_q) -> None:
    from .worker import worker_main  # imports lance, pyarrow, the executor

    worker_main(worker_id, None, task_q, result_q)


def host_main(n_workers: int) -> int:
    t0 = time.time()
    die_with_parent()
    # Events go to a private copy of fd 1; fd 1 itself becomes stderr before any
    # worker inherits it, so prints from UDFs are log lines (as in driver.Events).
    events_fd = os.dup(1)
    os.dup2(2, 1)
    ctx = mp.get_context("spawn")
    result_q = ctx.Queue()
    procs = {}
    for wid in range(max(0, n_workers)):
        q = ctx.Queue()
        proc = ctx.Process(target=_warm_worker, args=(wid, q, result_q), daemon=True)
        proc.start()
        procs[wid] = {"proc": proc, "q": q}
    # While the workers import, so does this process (2 cores: overlapped, not serial).
    from .driver import Events, WarmWorkers, drive, exit_now

    events = Events(None, fd=events_fd)
    warm = WarmWorkers(ctx, result_q, procs)
    waiting = set(procs)
    deadline = time.time() + WARM_TIMEOUT_S
    while waiting:
        try:
            msg = result_q.get(timeout=0.5)
        except queue.Empty:
            msg = None
        if msg is not None and msg.get("type") == "warm":
            procs[msg["worker"]]["pid"] = msg["pid"]
            waiting.discard(msg["worker"])
        if any(procs[w]["proc"].exitcode is not None for w in waiting) or time.time() > deadline:
            print("job host: a worker did not start", file=sys.stderr)
            exit_now(events, 1, warm)
    ready = time.time()
    events.emit("host_ready", pid=os.getpid(), workers=[p["pid"] for p in procs.values()], startS=round(ready - t0, 3))
    line = sys.stdin.readline()
    job_dir = line.strip()
    if not job_dir:  # the server let go of this host
        exit_now(events, 0, warm)
    handed = time.time()
    events.attach(job_dir)
    host = {"pid": os.getpid(), "warmWorkers": len(procs), "startS": round(ready - t0, 3),
            "idleS": round(handed - ready, 3), "handedAt": handed}
    return drive(job_dir, events, warm, host)
