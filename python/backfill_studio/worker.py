"""Backfill workers. `BatchWorker` loads the UDF once (a stateful UDF's
`setup()` runs here, once) and computes batches, each ending in an atomic
checkpoint write before it is reported done. The same class serves a local
worker process (`worker_main`) and a Ray actor (`ray_executor.py`)."""

from __future__ import annotations

import os
import sys
import time
import traceback
from typing import Optional

import lance
import pyarrow as pa

from .executor import BatchFailed, Executor
from .loader import UdfError, check_against_schema, load_udf
from .lifeline import die_with_parent
from .reader import addresses, read_inputs
from .store import Store


class WorkerSetupError(Exception):
    def __init__(self, message: str, tb: str):
        super().__init__(message)
        self.message = message
        self.traceback = tb


class BatchWorker:
    def __init__(self, params: dict):
        try:
            self.store = Store(params["dbUri"], params.get("stateDir"))
            self.ds = lance.dataset(self.store.table_uri(params["table"]))
            self.loaded = check_against_schema(load_udf(params["source"]), self.ds.schema, params["column"])
            self.loaded.version = params["udfVersion"]
            self.executor = Executor(self.loaded)
        except Exception as e:  # noqa: BLE001 - reported to the driver as data
            msg = e.message if isinstance(e, UdfError) else f"{type(e).__name__}: {e}"
            raise WorkerSetupError(msg, traceback.format_exc()) from e

    def run(self, batch_id: int, fragment: int, offsets, path: str) -> dict:
        """Compute one batch and checkpoint it. Returns {"type": "done" | "failed" | "io_failed", ...}."""
        t0 = time.perf_counter()
        try:
            batch = read_inputs(self.ds, fragment, offsets, self.loaded.input_columns)
            t1 = time.perf_counter()
            result = self.executor.run(batch)
        except BatchFailed as bf:
            err = bf.error.to_json()
            addrs = addresses(fragment, offsets)
            err["rowAddress"] = int(addrs[bf.error.index]) if bf.error.index < len(addrs) else None
            return {"type": "failed", "batch": batch_id, "error": err}
        except Exception as e:  # reading failed (not the user's code)
            return {"type": "failed", "batch": batch_id,
                    "error": {"errorType": type(e).__name__, "message": str(e), "traceback": traceback.format_exc(),
                              "rowAddress": None, "action": "failed"}}
        t2 = time.perf_counter()
        rowaddr = batch.column("_rowaddr")
        try:
            self.store.write_checkpoint(path, pa.table({"_rowaddr": rowaddr, "value": result.values}),
                                        {"udf_version": self.loaded.version, "fragment": fragment})
        except OSError as e:  # a full disk, a read-only or vanished state dir: not the UDF's fault, no retry helps
            return {"type": "io_failed", "batch": batch_id,
                    "message": f"cannot write the checkpoint {path}: [Errno {e.errno}] {e.strerror or e}"}
        errs = []
        addr_np = rowaddr.to_numpy()
        for e in result.errors:
            d = e.to_json()
            d["rowAddress"] = int(addr_np[e.index])
            errs.append(d)
        return {"type": "done", "batch": batch_id, "rows": int(batch.num_rows), "errors": errs,
                "readMs": (t1 - t0) * 1000, "udfMs": (t2 - t1) * 1000, "writeMs": (time.perf_counter() - t2) * 1000}


def worker_main(worker_id: int, params, task_q, result_q, driver_pid: Optional[int] = None) -> None:
    """A local worker process: batches arrive on `task_q`, results go to `result_q`.

    `params` None: a warm worker (job_host.py), started before its job. It says
    "warm" once imported, then waits for the job's params as its first task
    (None instead: no job for it, exit)."""
    die_with_parent(driver_pid)
    if params is None:
        result_q.put({"type": "warm", "worker": worker_id, "pid": os.getpid()})
        params = task_q.get()
        if params is None:
            _exit_now(result_q)
    try:
        worker = BatchWorker(params)
    except WorkerSetupError as e:
        result_q.put({"type": "setup_failed", "worker": worker_id, "message": e.message, "traceback": e.traceback})
        return
    result_q.put({"type": "ready", "worker": worker_id, "pid": os.getpid()})
    while True:
        task = task_q.get()
        if task is None:
            _exit_now(result_q)
        res = worker.run(*task)
        result_q.put({**res, "worker": worker_id})
        if res["type"] == "io_failed":
            _exit_now(result_q)  # the next batch could not be saved either: don't compute it for nothing


def _exit_now(result_q) -> None:
    """Every result is already checkpointed and sent: skip interpreter teardown
    (~0.5 s with Lance loaded) once the queue's feeder thread has flushed."""
    try:
        result_q.close()
        result_q.join_thread()
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(0)
