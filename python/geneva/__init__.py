"""Compatibility shim: `from geneva import udf` works without Geneva installed,
so UDF source written for Geneva runs here unchanged."""

from backfill_studio import UDF, Fail, Retry, Skip, fail_fast, retry_all, retry_transient, skip_on_error, udf

__all__ = ["udf", "UDF", "Retry", "Skip", "Fail", "retry_transient", "retry_all", "skip_on_error", "fail_fast"]
