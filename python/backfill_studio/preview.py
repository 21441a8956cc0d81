"""Preview a UDF on sample rows, showing each row's output or error.

Every row runs, whatever the UDF's policy: preview exists to show errors, so a
failing row becomes an error entry instead of stopping the others."""

from __future__ import annotations

import contextlib
import hashlib
import io
import time
from typing import Optional

import lance
import numpy as np
import pyarrow as pa

from .executor import BatchResult, Executor
from .jsonsafe import to_json
from .loader import validate
from .policy import skip_on_error
from .planner import PlanError, _clean
from .sandbox import MIB, LimitError, Limits, guard

MAX_LIMIT = 1000
CHUNK = 50
LOG_TAIL = 20000
_executors: dict = {}  # source hash -> Executor: a stateful setup() runs once per source


def _sample(ds: lance.LanceDataset, columns, limit: int, where: Optional[str], sample: str) -> pa.Table:
    try:
        if sample == "random":
            addrs = ds.to_table(columns=[], with_row_address=True, filter=where).column("_rowaddr").to_numpy()
            if len(addrs) > limit:
                addrs = np.sort(np.random.default_rng().choice(addrs, size=limit, replace=False))
            return ds._take_rows(addrs.tolist(), columns=list(columns) + ["_rowaddr"])
        return ds.to_table(columns=list(columns), filter=where, limit=limit, with_row_address=True)
    except Exception as e:
        raise PlanError(f"invalid where {where!r}: {_clean(e)}") from None


class _TailLog(io.TextIOBase):
    """Captured prints: the last LOG_TAIL characters, so printing in a loop
    cannot grow the reply (or the process) without bound."""

    def __init__(self):
        self.tail = ""

    def writable(self) -> bool:
        return True

    def write(self, s: str) -> int:
        self.tail = (self.tail + s[-LOG_TAIL:])[-LOG_TAIL:]
        return len(s)


def _run_chunked(ex: Executor, batch: pa.RecordBatch, max_bytes: int, in_bytes: int):
    """Scalar UDFs run per row anyway: run them CHUNK rows at a time and stop
    as soon as inputs + outputs pass the output limit (a 1 GB output fails
    after a few MB, not after filling memory). Batched UDFs see one batch."""
    if ex.loaded.kind != "scalar":
        result = ex.run(batch)
        _check_size(in_bytes + result.values.nbytes, max_bytes, batch.num_rows, batch.num_rows)
        return result
    values, errors, size = [], [], in_bytes
    for start in range(0, batch.num_rows, CHUNK):
        part = ex.run(batch.slice(start, CHUNK))
        values.append(part.values)
        for e in part.errors:
            e.index += start
            errors.append(e)
        size += part.values.nbytes
        _check_size(size, max_bytes, start + len(part.values), batch.num_rows)
    return BatchResult(pa.concat_arrays(values) if values else pa.array([], type=ex.dtype), errors)


def _check_size(size: int, max_bytes: int, done: int, total: int) -> None:
    if size > max_bytes:
        raise LimitError(f"output larger than {max_bytes // MIB} MB: {done} of {total} rows already make "
                         f"{size / MIB:.0f} MB of inputs and outputs; preview fewer rows or return smaller values")


def preview(uri: str, source: str, limit: int = 20, where: Optional[str] = None, sample: str = "first",
            column: Optional[str] = None) -> dict:
    max_bytes = Limits.from_env().max_output_bytes
    ds = lance.dataset(uri)
    loaded = validate(source, ds.schema, output_column=column)
    described = loaded.describe()  # before preview's own error policy replaces the UDF's
    key = hashlib.sha256(source.encode()).hexdigest()
    logs = _TailLog()
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(logs), contextlib.redirect_stderr(logs):
        ex = _executors.get(key)
        if ex is None:
            _executors.clear()  # keep one warm instance, not one per keystroke
            ex = Executor(loaded)
            ex.fn = guard(ex.fn)  # out of memory ends the preview, not just one row
            _executors[key] = ex
        ex.policy = skip_on_error()
        ex.timeout = loaded.udf.timeout
        table = _sample(ds, loaded.input_columns, limit, where or None, sample).combine_chunks()
        t1 = time.perf_counter()
        batch = table.to_batches()[0] if table.num_rows else None
        result = _run_chunked(ex, batch, max_bytes, table.nbytes) if batch is not None else None
        t2 = time.perf_counter()
    rows = []
    if result is not None:
        errs = {e.index: e for e in result.errors}
        outs = result.values.to_pylist()
        inputs = {c: table.column(c).to_pylist() for c in loaded.input_columns}
        addrs = table.column("_rowaddr").to_pylist()
        for i in range(table.num_rows):
            row = {"rowAddress": addrs[i], "input": {c: to_json(inputs[c][i]) for c in loaded.input_columns},
                   "output": to_json(outs[i])}
            if i in errs:
                e = errs[i]
                row["error"] = {"type": e.error_type, "message": e.message, "traceback": e.traceback}
            rows.append(row)
    return {
        "rows": rows,
        "outputType": str(result.values.type) if result is not None else str(loaded.data_type),
        "declaredType": str(loaded.data_type),
        "udf": described,
        "elapsedMs": round((time.perf_counter() - t0) * 1000, 2),
        "udfMs": round((t2 - t1) * 1000, 2),
        "logs": logs.tail,
    }
