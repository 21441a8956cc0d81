"""The job driver: runs one backfill job from its job directory.

It reads the persisted plan, skips fragments already committed (commit log)
and batches already checkpointed, feeds the rest to `concurrency` worker
processes, commits finished fragments in groups, and reports progress as JSON
lines on its event channel. Re-running it on the same job directory resumes:
only batches that were in flight when it died are computed again.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import queue
import sys
import time
from collections import defaultdict, deque
from typing import Dict, List, Optional

from .commit import FragmentWork, commit_fragments
from .lifeline import die_with_parent
from .planner import load_plan
from .store import Store, append_jsonl, batch_key, read_jsonl
from .worker import worker_main

COMMIT_INTERVAL_S = 2.0
PREFETCH = 2  # tasks queued per worker: one running, one ready
MAX_CRASHES_PER_BATCH = 3


class Events:
    """JSON lines on a private fd; fd 1 is pointed at stderr so prints from
    UDFs and libraries become log lines instead of corrupting events.

    Every event is also appended to `<job_dir>/events.jsonl`: a driver running
    elsewhere (a Ray job) reports through the shared job directory."""

    def __init__(self, job_dir: Optional[str] = None, fd: Optional[int] = None) -> None:
        if fd is None:  # else the caller has already done this (job_host.py, before starting workers)
            fd = os.dup(1)
            os.dup2(2, 1)
        sys.stdout = os.fdopen(1, "w", buffering=1)
        # BFS_EVENTS=file (the Ray runner): events only in the file, so the job's log stays a log.
        self.out = os.fdopen(fd, "w", buffering=1) if os.environ.get("BFS_EVENTS") != "file" else None
        self.file = None
        if job_dir:
            self.attach(job_dir)

    def attach(self, job_dir: str) -> None:
        """Also append events to the job's events.jsonl (a warm host learns its job late)."""
        self.file = open(os.path.join(job_dir, "events.jsonl"), "a", buffering=1)

    def flush(self) -> None:
        for out in (self.out, self.file, sys.stdout, sys.stderr):
            try:
                if out is not None:
                    out.flush()
            except (OSError, ValueError):
                pass

    def emit(self, event: str, **fields) -> None:
        line = json.dumps({"event": event, "ts": time.time(), **fields}) + "\n"
        for out in (self.out, self.file):
            if out is None:
                continue
            try:
                out.write(line)
                out.flush()
            except (OSError, ValueError):
                pass  # a closed pipe (the server went away) must not stop the job


class WarmWorkers:
    """Worker processes a warm host (job_host.py) started before its job: they
    have imported everything and wait for the job's params on their queue."""

    def __init__(self, ctx, result_q, procs: Dict[int, dict]):
        self.ctx, self.result_q, self.procs = ctx, result_q, procs


class Driver:
    def __init__(self, job_dir: str, events: Events, warm: Optional[WarmWorkers] = None, host: Optional[dict] = None):
        self.job_dir = job_dir
        self.ev = events
        self.warm = warm
        self.host = host  # set on a warm host: its pid and when it was ready
        with open(os.path.join(job_dir, "params.json")) as f:
            self.p = json.load(f)
        with open(os.path.join(job_dir, "plan.json")) as f:
            self.plan_meta = json.load(f)
        self.store = Store(self.p["dbUri"], self.p.get("stateDir"))
        self.input_sigs = {int(k): v for k, v in self.plan_meta["inputSigs"].items()}
        self.plan = load_plan(os.path.join(job_dir, "plan.arrow"), self.input_sigs)
        self.commits_path = os.path.join(job_dir, "commits.jsonl")
        self.errors_path = os.path.join(job_dir, "errors.jsonl")

    # -- bookkeeping -----------------------------------------------------------
    def _prepare(self):
        t, c, v = self.p["table"], self.p["column"], self.p["udfVersion"]
        committed = {f for rec in read_jsonl(self.commits_path) for f in rec.get("fragments", [])}
        self.batches = []  # (fragment, offsets, path)
        self.frag_batches: Dict[int, List[int]] = defaultdict(list)
        self.done: set = set()
        self.committed = committed
        for i, (frag, offs) in enumerate(self.plan.batches()):
            path = self.store.checkpoint_path(t, c, batch_key(c, v, frag, offs, self.input_sigs.get(frag, "")))
            self.batches.append((frag, offs, path))
            self.frag_batches[frag].append(i)
            if frag in committed or os.path.exists(path):
                self.done.add(i)
        self.rows_of = lambda ids: sum(len(self.batches[i][1]) for i in ids)
        # Batches still missing per fragment; a fragment at 0 is ready to commit.
        self.remaining = {f: sum(1 for i in ids if i not in self.done) for f, ids in self.frag_batches.items()}
        self.ready = {f for f, n in self.remaining.items() if n == 0 and f not in committed}
        self.rows_committed = sum(self.rows_of(self.frag_batches[f]) for f in committed if f in self.frag_batches)
        self.rows_checkpointed = self.rows_of(self.done)
        # A row that fails again in a resumed run is still one failed row.
        self.failed_rows = {e.get("rowAddress") for e in read_jsonl(self.errors_path) if e.get("rowAddress") is not None}

    def _counts(self) -> dict:
        return {"rowsPlanned": int(len(self.plan.addresses)), "rowsCheckpointed": self.rows_checkpointed,
                "rowsCommitted": self.rows_committed, "rowsFailed": len(self.failed_rows),
                "batches": len(self.batches), "batchesDone": len(self.done),
                "fragments": len(self.frag_batches), "fragmentsCommitted": len(self.committed)}

    def _ready_fragments(self) -> List[int]:
        return sorted(self.ready)

    def _batch_done(self, i: int) -> None:
        self.done.add(i)
        f = self.batches[i][0]
        self.remaining[f] -= 1
        if self.remaining[f] == 0:
            self.ready.add(f)

    # -- commit ------------------------------------------------------------------
    def _commit(self, frags: List[int]) -> None:
        if not frags:
            return
        t0 = time.time()
        works = [FragmentWork(f, [self.batches[i][2] for i in self.frag_batches[f]]) for f in frags]
        res = commit_fragments(self.store, self.p["table"], self.p["column"], self.p["udfVersion"], self.input_sigs, works)
        append_jsonl(self.commits_path, [{"fragments": res["fragments"], "version": res["version"], "ts": time.time()}])
        self.ready.difference_update(frags)  # committed, or failed for good
        for f in res["fragments"]:
            self.committed.add(f)
            self.rows_committed += self.rows_of(self.frag_batches[f])
            for i in self.frag_batches[f]:  # committed: the checkpoints have served
                try:
                    os.unlink(self.batches[i][2])
                except FileNotFoundError:
                    pass
        for f, msg in res["failed"].items():
            self.failed_frags[f] = msg
            self.ev.emit("fragment_failed", fragment=f, message=msg)
        self.ev.emit("commit", committedFragments=res["fragments"], version=res["version"], bytes=res["bytes"],
                     ms=round((time.time() - t0) * 1000), **self._counts())

    # -- main loop -------------------------------------------------------------
    def run(self) -> int:
        self._prepare()
        self.failed_frags: Dict[int, str] = {}
        per_frag = defaultdict(int)
        for i in self.done:
            f = self.batches[i][0]
            if f not in self.committed:
                per_frag[f] += 1
        extra = {"host": self.host} if self.host else {}
        self.ev.emit("started", pid=os.getpid(), doneByFragment=sorted(per_frag.items()), **extra, **self._counts())
        pending = deque(i for i in range(len(self.batches)) if i not in self.done)
        # Fragments fully checkpointed by an earlier run are committed first.
        self._commit(self._ready_fragments())
        if pending:
            rc = self._compute(pending)
            if rc != 0:
                return rc
        self._commit(self._ready_fragments())
        if self.failed_frags:
            msg = "; ".join(f"fragment {f}: {m}" for f, m in sorted(self.failed_frags.items()))
            self.ev.emit("failed", error=f"{len(self.failed_frags)} fragment(s) could not be committed: {msg}", **self._counts())
            return 1
        self.ev.emit("succeeded", **self._counts())
        return 0

    def _compute(self, pending: deque) -> int:
        if self.p.get("executor") == "ray":
            from .ray_executor import compute_on_ray  # imports ray: only on this path
            failure = compute_on_ray(self, pending)
        else:
            failure = self._compute_local(pending)
        if failure is not None:
            note = ""
            try:
                self._commit(self._ready_fragments())  # keep what is complete
            except Exception as e:  # e.g. the same full disk: report the first failure, mention this one
                note = f" (committing the finished fragments failed too: {type(e).__name__}: {e})"
            if failure.get("io"):
                error = f"{failure['message']}; free space (or fix the state directory) and resume: checkpoints written so far are kept"
            else:
                where = f" at row address {failure['rowAddress']}" if failure.get("rowAddress") is not None else ""
                error = f"UDF error{where}: {failure['errorType']}: {failure['message']}"
            self.ev.emit("failed", error=error + note, errorType=failure["errorType"], traceback=failure.get("traceback", ""),
                         **self._counts())
            return 1
        return 0

    def on_result(self, wid, msg: dict) -> Optional[dict]:
        """Fold one worker result (local process or Ray actor); returns a job failure or None."""
        if msg["type"] == "io_failed":  # the batch was computed but could not be checkpointed
            return {"errorType": "CheckpointWriteError", "message": msg["message"], "traceback": "", "rowAddress": None, "io": True}
        if msg["type"] == "done":
            i = msg["batch"]
            self._batch_done(i)
            self.rows_checkpointed += len(self.batches[i][1])
            self._record_errors(msg["errors"])
            self.ev.emit("batch", worker=wid, fragment=self.batches[i][0], rows=msg["rows"],
                         errors=len(msg["errors"]), readMs=round(msg["readMs"], 1),
                         udfMs=round(msg["udfMs"], 1), writeMs=round(msg["writeMs"], 1), **self._counts())
            return None
        self._record_errors([msg["error"]])
        return msg["error"]

    def maybe_commit(self, last_commit: float, pending) -> float:
        ready = self._ready_fragments()
        if ready and (time.time() - last_commit >= COMMIT_INTERVAL_S or not pending):
            self._commit(ready)
            return time.time()
        return last_commit

    def _compute_local(self, pending: deque) -> Optional[dict]:
        n_workers = max(1, min(int(self.p.get("concurrency", 2)), len(pending)))
        workers: Dict[int, dict] = {}
        crashes: Dict[int, int] = defaultdict(int)
        next_id = [0]
        if self.warm is not None:
            # Pre-started workers get the params as their first task; those not
            # needed are killed (they never saw a UDF: no teardown to wait for).
            ctx, result_q = self.warm.ctx, self.warm.result_q
            for wid, w in sorted(self.warm.procs.items()):
                if len(workers) < n_workers and w["proc"].exitcode is None:
                    w["q"].put(self.p)
                    workers[wid] = {"proc": w["proc"], "q": w["q"], "inflight": deque(), "ready": False}
                else:
                    w["proc"].kill()
            next_id[0] = max(self.warm.procs, default=-1) + 1
        else:
            ctx = mp.get_context("spawn")
            result_q = ctx.Queue()

        def start_worker():
            wid = next_id[0]
            next_id[0] += 1
            q = ctx.Queue()
            proc = ctx.Process(target=worker_main, args=(wid, self.p, q, result_q, os.getpid()), daemon=True)
            proc.start()
            workers[wid] = {"proc": proc, "q": q, "inflight": deque(), "ready": False}

        def feed(wid):
            w = workers[wid]
            while len(w["inflight"]) < PREFETCH and pending:
                i = pending.popleft()
                frag, offs, path = self.batches[i]
                w["q"].put((i, frag, offs, path))
                w["inflight"].append(i)

        while len(workers) < n_workers:
            start_worker()
        last_commit = time.time()
        failure: Optional[dict] = None
        try:
            while (pending or any(w["inflight"] for w in workers.values())) and failure is None:
                try:
                    msg = result_q.get(timeout=0.25)
                except queue.Empty:
                    msg = None
                if msg is not None:
                    wid = msg["worker"]
                    kind = msg["type"]
                    if kind == "ready":
                        workers[wid]["ready"] = True
                        self.ev.emit("worker", worker=wid, state="ready", pid=msg["pid"])
                        feed(wid)
                    elif kind == "setup_failed":
                        failure = {"errorType": "SetupError", "message": msg["message"], "traceback": msg["traceback"]}
                    elif kind in ("done", "failed", "io_failed"):
                        workers[wid]["inflight"].remove(msg["batch"])
                        failure = self.on_result(wid, msg)
                        if failure is None:
                            feed(wid)
                # A worker that died (OOM, SIGKILL, segfault) loses only what it had in flight.
                for wid, w in list(workers.items()):
                    if failure is None and w["proc"].exitcode is not None and (w["inflight"] or pending):
                        lost = list(w["inflight"])
                        for i in lost:
                            crashes[i] += 1
                            if crashes[i] >= MAX_CRASHES_PER_BATCH:
                                failure = {"errorType": "WorkerCrashed", "message":
                                           f"worker exited with code {w['proc'].exitcode} {crashes[i]} times on a batch of fragment {self.batches[i][0]}",
                                           "traceback": "", "rowAddress": None, "action": "failed"}
                        pending.extendleft(reversed(lost))
                        self.ev.emit("worker", worker=wid, state="died", exitCode=w["proc"].exitcode, requeued=len(lost))
                        del workers[wid]
                        start_worker()
                last_commit = self.maybe_commit(last_commit, pending)
        finally:
            # Every result the driver counted is already checkpointed (atomic
            # files), and a worker holds no other state worth saving: stop them
            # at once. Waiting for a graceful exit cost 0.2 s a job (a join
            # deadline), and interpreter teardown with Lance ~0.5-2 s before that.
            for w in workers.values():
                w["proc"].kill()
            for w in workers.values():
                w["proc"].join(timeout=1.0)
        return failure

    def _record_errors(self, errors: List[dict]) -> None:
        if not errors:
            return
        self.failed_rows.update(e["rowAddress"] for e in errors if e.get("rowAddress") is not None)
        now = time.time()
        append_jsonl(self.errors_path, [{"jobId": self.p["jobId"], "ts": now, **{k: v for k, v in e.items() if k != "index"}}
                                        for e in errors])


def run_job(job_dir: str) -> int:
    events = Events(job_dir)
    die_with_parent()
    return drive(job_dir, events)


def drive(job_dir: str, events: Events, warm: Optional[WarmWorkers] = None, host: Optional[dict] = None) -> int:
    """Run the job; a local job's process then exits at once (see `exit_now`)."""
    driver = None
    try:
        driver = Driver(job_dir, events, warm, host)
        rc = driver.run()
    except Exception as e:  # the driver itself failed: say why, as an event
        import traceback

        events.emit("failed", error=f"driver error: {type(e).__name__}: {e}", errorType=type(e).__name__,
                    traceback=traceback.format_exc())
        rc = 1
    if driver is None or driver.p.get("executor") != "ray":  # a Ray driver disconnects from Ray at exit
        exit_now(events, rc, warm)
    return rc


def exit_now(events: Events, rc: int, warm: Optional[WarmWorkers] = None) -> None:
    """Everything counted is committed or checkpointed and fsynced, and the
    events are flushed: skip interpreter teardown, which takes ~0.5 s with
    Lance loaded (bench/probe_startup.py) and which the user would wait for."""
    for w in (warm.procs.values() if warm else ()):
        if w["proc"].exitcode is None:
            w["proc"].kill()
    events.flush()
    try:  # what a normal exit does first: unlink the queues' semaphores (else the
        # resource tracker warns of "leaked semaphore objects" into the job's log)
        from multiprocessing import util

        util._run_finalizers(0)
    except Exception:  # noqa: BLE001 - exiting anyway
        pass
    os._exit(rc)
