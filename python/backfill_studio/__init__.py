"""Backfill Studio's data plane: UDF loading, preview, planning, workers,
checkpoints and commits. Works from URIs and explicit parameters only, so the
same code runs in a local worker process and inside Ray tasks."""

from .policy import Fail, Retry, Skip, fail_fast, retry_all, retry_transient, skip_on_error
from .udf import UDF, udf

__all__ = ["udf", "UDF", "Retry", "Skip", "Fail", "retry_transient", "retry_all", "skip_on_error", "fail_fast"]
