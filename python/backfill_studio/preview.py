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

from .executor import Executor
from .jsonsafe import to_json
from .loader import validate
from .policy import skip_on_error
from .planner import PlanError, _clean

MAX_LIMIT = 1000
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


def preview(uri: str, source: str, limit: int = 20, where: Optional[str] = None, sample: str = "first",
            column: Optional[str] = None) -> dict:
    ds = lance.dataset(uri)
    loaded = validate(source, ds.schema, output_column=column)
    described = loaded.describe()  # before preview's own error policy replaces the UDF's
    key = hashlib.sha256(source.encode()).hexdigest()
    logs = io.StringIO()
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(logs), contextlib.redirect_stderr(logs):
        ex = _executors.get(key)
        if ex is None:
            ex = Executor(loaded)
            _executors.clear()  # keep one warm instance, not one per keystroke
            _executors[key] = ex
        ex.policy = skip_on_error()
        ex.timeout = loaded.udf.timeout
        table = _sample(ds, loaded.input_columns, limit, where or None, sample).combine_chunks()
        t1 = time.perf_counter()
        batch = table.to_batches()[0] if table.num_rows else None
        result = ex.run(batch) if batch is not None else None
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
        "logs": logs.getvalue()[-20000:],
    }
