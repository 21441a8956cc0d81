"""A backfill worker process: load the UDF once (stateful `setup()` runs here,
once), then compute batches sent by the driver, each ending in an atomic
checkpoint write before it is reported done."""

from __future__ import annotations

import os
import time
import traceback

import lance
import pyarrow as pa

from .executor import BatchFailed, Executor
from .loader import UdfError, check_against_schema, load_udf
from .lifeline import die_with_parent
from .reader import addresses, read_inputs
from .store import Store


def worker_main(worker_id: int, params: dict, task_q, result_q) -> None:
    die_with_parent()
    try:
        store = Store(params["dbUri"], params.get("stateDir"))
        ds = lance.dataset(store.table_uri(params["table"]))
        loaded = check_against_schema(load_udf(params["source"]), ds.schema, params["column"])
        loaded.version = params["udfVersion"]
        executor = Executor(loaded)
    except (UdfError, Exception) as e:  # noqa: BLE001 - reported to the driver as data
        msg = e.message if isinstance(e, UdfError) else f"{type(e).__name__}: {e}"
        result_q.put({"type": "setup_failed", "worker": worker_id, "message": msg, "traceback": traceback.format_exc()})
        return
    result_q.put({"type": "ready", "worker": worker_id, "pid": os.getpid()})
    while True:
        task = task_q.get()
        if task is None:
            return
        batch_id, fragment, offsets, path = task
        t0 = time.perf_counter()
        try:
            batch = read_inputs(ds, fragment, offsets, loaded.input_columns)
            t1 = time.perf_counter()
            result = executor.run(batch)
        except BatchFailed as bf:
            err = bf.error.to_json()
            addrs = addresses(fragment, offsets)
            err["rowAddress"] = int(addrs[bf.error.index]) if bf.error.index < len(addrs) else None
            result_q.put({"type": "failed", "worker": worker_id, "batch": batch_id, "error": err})
            continue
        except Exception as e:  # reading failed (not the user's code)
            result_q.put({"type": "failed", "worker": worker_id, "batch": batch_id,
                          "error": {"errorType": type(e).__name__, "message": str(e), "traceback": traceback.format_exc(),
                                    "rowAddress": None, "action": "failed"}})
            continue
        t2 = time.perf_counter()
        rowaddr = batch.column("_rowaddr")
        store.write_checkpoint(path, pa.table({"_rowaddr": rowaddr, "value": result.values}),
                               {"udf_version": loaded.version, "fragment": fragment})
        errs = []
        addr_np = rowaddr.to_numpy()
        for e in result.errors:
            d = e.to_json()
            d["rowAddress"] = int(addr_np[e.index])
            errs.append(d)
        result_q.put({"type": "done", "worker": worker_id, "batch": batch_id, "rows": int(batch.num_rows),
                      "errors": errs, "readMs": (t1 - t0) * 1000, "udfMs": (t2 - t1) * 1000,
                      "writeMs": (time.perf_counter() - t2) * 1000})

