"""Run a loaded UDF over one Arrow batch, applying its error policy and per-row
timeout. Shared by preview, local workers and (later) Ray tasks."""

from __future__ import annotations

import signal
import threading
import time
from dataclasses import dataclass, field
from typing import Any, List, Optional

import pyarrow as pa

from .loader import LoadedUdf, format_user_traceback
from .policy import Matcher


@dataclass
class RowError:
    index: int  # position in the batch
    error_type: str
    message: str
    traceback: str
    action: str  # "skipped" | "failed"
    attempts: int = 1

    def to_json(self) -> dict:
        return {"index": self.index, "errorType": self.error_type, "message": self.message,
                "traceback": self.traceback, "action": self.action, "attempts": self.attempts}


class BatchFailed(Exception):
    """The policy said fail: the batch (and so the job) fails with this error."""

    def __init__(self, error: RowError):
        super().__init__(f"{error.error_type}: {error.message}")
        self.error = error


@dataclass
class BatchResult:
    values: pa.Array
    errors: List[RowError] = field(default_factory=list)


class Executor:
    """Holds one callable (a stateful UDF's instance lives as long as this)."""

    def __init__(self, loaded: LoadedUdf, run_setup: bool = True):
        self.loaded = loaded
        self.fn = loaded.instantiate()
        if loaded.stateful and run_setup and callable(getattr(self.fn, "setup", None)):
            self.fn.setup()
        self.policy = loaded.udf.on_error
        self.timeout = loaded.udf.timeout
        self.dtype = loaded.data_type

    # -- public -------------------------------------------------------------
    def run(self, batch: pa.RecordBatch) -> BatchResult:
        if self.loaded.kind == "scalar":
            return self._run_scalar(batch)
        return self._run_batched(batch)

    # -- scalar: one call per row --------------------------------------------
    def _run_scalar(self, batch: pa.RecordBatch) -> BatchResult:
        cols = [batch.column(c).to_pylist() for c in self.loaded.input_columns]
        n = batch.num_rows
        out: List[Any] = [None] * n
        errors: List[RowError] = []
        fn = self.fn
        rows = list(zip(*cols)) if len(cols) > 1 else None
        start = 0
        while start < n:
            i = start
            try:
                if self.timeout:
                    for i in range(start, n):
                        out[i] = self._with_timeout(fn, rows[i] if rows else (cols[0][i],))
                elif rows is None:
                    col = cols[0]
                    for i in range(start, n):
                        out[i] = fn(col[i])
                else:
                    for i in range(start, n):
                        out[i] = fn(*rows[i])
                break
            except Exception as exc:  # row i failed: apply the policy, then go on after it
                args = rows[i] if rows else (cols[0][i],)
                out[i], err = self._recover(exc, lambda: self._call_row(fn, args), i)
                if err:
                    errors.append(err)
                start = i + 1
        return BatchResult(self._to_arrow(out, errors), errors)

    def _call_row(self, fn, args):
        return self._with_timeout(fn, args) if self.timeout else fn(*args)

    def _with_timeout(self, fn, args):
        if threading.current_thread() is not threading.main_thread():
            return fn(*args)  # SIGALRM only works on the main thread

        def on_alarm(signum, frame):
            raise TimeoutError(f"row exceeded timeout of {self.timeout}s")

        old = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, self.timeout)
        try:
            return fn(*args)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)

    def _recover(self, exc: Exception, again, index: int):
        """Apply the policy to a failure; return (value, RowError or None)."""
        attempts = 1
        while True:
            m: Optional[Matcher] = self.policy.decide(exc)
            if m is not None and m.action == "retry" and attempts < m.max_attempts:
                time.sleep(m.delay(attempts))
                attempts += 1
                try:
                    return again(), None
                except Exception as e:  # the retry failed too
                    exc = e
                    continue
            err = RowError(index, type(exc).__name__, str(exc), format_user_traceback(exc),
                           "skipped" if m is not None and m.action == "skip" else "failed", attempts)
            if err.action == "failed":
                raise BatchFailed(err) from exc
            return None, err

    def _to_arrow(self, out: List[Any], errors: List[RowError]) -> pa.Array:
        try:
            return pa.array(out, type=self.dtype)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
            pass
        # Find the rows whose values don't fit the declared type; they are UDF errors.
        for i, v in enumerate(out):
            try:
                pa.array([v], type=self.dtype)
            except Exception as e:
                exc = TypeError(f"UDF returned {v!r} ({type(v).__name__}), which is not a valid {self.dtype}: {e}")
                out[i], err = self._recover(exc, lambda: None, i)
                if err:
                    errors.append(err)
        errors.sort(key=lambda e: e.index)
        return pa.array(out, type=self.dtype)

    # -- batched: one call per batch -----------------------------------------
    def _run_batched(self, batch: pa.RecordBatch) -> BatchResult:
        if self.loaded.kind == "record_batch":
            arg = batch.select(self.loaded.input_columns) if self.loaded.input_columns else batch
            call = lambda: self.fn(arg)  # noqa: E731
        else:
            arrays = [batch.column(c) for c in self.loaded.input_columns]
            call = lambda: self.fn(*arrays)  # noqa: E731

        def once():
            return self._check_batch(call(), batch.num_rows)

        try:
            return BatchResult(once())
        except Exception as exc:
            try:
                values, err = self._recover(exc, once, 0)
            except BatchFailed:
                raise
            if values is not None:
                return BatchResult(values)
            # skip: every row of the batch becomes NULL and is recorded
            errors = [RowError(i, err.error_type, err.message, err.traceback, "skipped", err.attempts)
                      for i in range(batch.num_rows)]
            return BatchResult(pa.nulls(batch.num_rows, type=self.dtype), errors)

    def _check_batch(self, result: Any, n: int) -> pa.Array:
        if isinstance(result, pa.ChunkedArray):
            result = result.combine_chunks()
        if not isinstance(result, pa.Array):
            result = pa.array(result, type=self.dtype)
        if len(result) != n:
            raise ValueError(f"batched UDF returned {len(result)} values for {n} input rows")
        if result.type != self.dtype:
            try:
                result = result.cast(self.dtype)
            except Exception:
                raise TypeError(f"UDF returned {result.type}, but its data_type is {self.dtype}") from None
        return result
