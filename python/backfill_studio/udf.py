"""The `@udf` decorator: Geneva-compatible UDF declarations.

`udf` only records metadata; nothing here imports Lance or runs user code, so
the same object can be built on the control plane (validation) and in workers.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, Optional

from .policy import ErrorPolicy, parse_on_error

UDF_ARGS = (
    "data_type",
    "version",
    "input_columns",
    "num_cpus",
    "num_gpus",
    "memory",
    "checkpoint_size",
    "batch_size",
    "on_error",
    "error_handling",
    "timeout",
    "cuda",
    "field_metadata",
    "min_checkpoint_size",
    "max_checkpoint_size",
    "task_size",
    "auto_backfill",
    "manifest",
)


class UDF:
    """A user function (or stateful class) plus its `@udf` arguments.

    Calling it calls the user's function unchanged, so users can test it as
    written (the habit of Lance's `BatchUDF`).
    """

    def __init__(self, target: Any, **options: Any) -> None:
        unknown = set(options) - set(UDF_ARGS)
        if unknown:
            raise TypeError(f"@udf got unexpected argument(s): {', '.join(sorted(unknown))}")
        self.target = target
        self.is_class = inspect.isclass(target)
        self.name = getattr(target, "__name__", "udf")
        self.data_type = options.get("data_type")
        self.version: Optional[str] = options.get("version")
        self.input_columns = options.get("input_columns")
        num_gpus = options.get("num_gpus")
        if options.get("cuda") and not num_gpus:
            num_gpus = 1.0
        self.num_cpus = float(options["num_cpus"]) if options.get("num_cpus") is not None else 1.0
        self.num_gpus = float(num_gpus) if num_gpus is not None else 0.0
        self.memory = int(options["memory"]) if options.get("memory") is not None else None
        size = options.get("checkpoint_size") or options.get("batch_size")
        self.checkpoint_size = int(size) if size is not None else None
        self.timeout = float(options["timeout"]) if options.get("timeout") is not None else None
        self.field_metadata = options.get("field_metadata") or {}
        self.on_error: ErrorPolicy = parse_on_error(options.get("on_error") or options.get("error_handling"))
        functools.update_wrapper(self, target, updated=())

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.target(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        # Class attributes stay reachable through the decorated name (C.MODEL).
        if name == "target":
            raise AttributeError(name)
        return getattr(self.target, name)

    def __repr__(self) -> str:
        return f"<udf {self.name}>"


def udf(func: Optional[Callable] = None, **options: Any):
    """Decorate a function or a callable class as a UDF.

    Works bare (`@udf`) and with arguments (`@udf(data_type=pa.int64())`).
    """
    if func is None:
        return lambda f: UDF(f, **options)
    return UDF(func, **options)
