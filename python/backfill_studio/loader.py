"""Load UDF source text, find its one `@udf`, and validate it against a table
schema. Every problem becomes a `UdfError` with a kind, a message naming the
problem, and a line/column where one is known (the editor shows it inline)."""

from __future__ import annotations

import ast
import hashlib
import inspect
import linecache
import traceback
import typing
from dataclasses import dataclass
from typing import Any, Callable, List, Optional

import pyarrow as pa

from .arrow_types import annotation_to_arrow, scalar_input_problem
from .udf import UDF

SOURCE_FILENAME = "<udf>"


class UdfError(Exception):
    def __init__(self, kind: str, message: str, line: Optional[int] = None, column: Optional[int] = None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.line = line
        self.column = column

    def to_json(self) -> dict:
        return {"kind": self.kind, "message": self.message, "line": self.line, "column": self.column}


@dataclass
class LoadedUdf:
    udf: UDF
    name: str
    kind: str  # "scalar" | "array" | "record_batch"
    stateful: bool
    params: List[str]
    annotations: dict
    input_columns: List[str]
    data_type: pa.DataType
    version: str
    def_line: int
    param_pos: dict  # parameter -> (line, column), for editor markers

    def instantiate(self) -> Callable:
        """The callable that processes data: the function, or a new instance of
        a stateful class (its `setup()` is left to the caller, once per worker)."""
        return self.udf.target() if self.stateful else self.udf.target

    def describe(self) -> dict:
        u = self.udf
        return {
            "name": self.name,
            "kind": self.kind,
            "stateful": self.stateful,
            "inputColumns": self.input_columns,
            "dataType": str(self.data_type),
            "version": self.version,
            "numCpus": u.num_cpus,
            "numGpus": u.num_gpus,
            "memory": u.memory,
            "checkpointSize": u.checkpoint_size,
            "timeout": u.timeout,
            "onError": u.on_error.describe(),
        }


def source_version(source: str) -> str:
    """Hash of the normalized source: formatting and comments do not count."""
    normalized = ast.dump(ast.parse(source), include_attributes=False)
    return hashlib.sha256(normalized.encode()).hexdigest()[:16]


def _error_line(exc: BaseException) -> Optional[int]:
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename == SOURCE_FILENAME:
            return frame.lineno
    return None


def _exec_source(source: str) -> dict:
    try:
        code = compile(source, SOURCE_FILENAME, "exec")
    except SyntaxError as e:
        return_msg = f"{e.msg} (line {e.lineno}, column {e.offset})" if e.lineno else e.msg
        raise UdfError("syntax", f"syntax error: {return_msg}", e.lineno, e.offset) from None
    except (ValueError, UnicodeError) as e:  # NUL bytes, lone surrogates: not Python source at all
        raise UdfError("syntax", f"syntax error: {e}") from None
    # Register the text so tracebacks show the user's lines.
    linecache.cache[SOURCE_FILENAME] = (len(source), None, source.splitlines(True), SOURCE_FILENAME)
    ns: dict = {"__name__": "__udf__", "__builtins__": __builtins__}
    try:
        exec(code, ns)
    except (UdfError, MemoryError):  # out of memory is the sandbox's to report, not a UDF bug
        raise
    except Exception as e:  # the module body itself raised (bad import, bad @udf args...)
        raise UdfError("load", f"{type(e).__name__}: {e}", _error_line(e)) from None
    return ns


def _signature(fn: Callable, skip_self: bool):
    sig = inspect.signature(fn)
    params = list(sig.parameters.values())
    if skip_self and params and params[0].name == "self":
        params = params[1:]
    try:
        hints = typing.get_type_hints(fn)
    except Exception:  # unresolvable string annotations: fall back to raw ones
        hints = {p.name: p.annotation for p in params}
        hints["return"] = sig.return_annotation
    return params, hints


def load_udf(source: str) -> LoadedUdf:
    """Execute the source and describe its single UDF (no schema checks)."""
    if not isinstance(source, str) or not source.strip():
        raise UdfError("empty", "source is empty: define one function or class decorated with @udf")
    ns = _exec_source(source)
    found = [v for k, v in ns.items() if isinstance(v, UDF) and not k.startswith("__")]
    found = list({id(v): v for v in found}.values())
    if not found:
        raise UdfError("no_udf", "no @udf found: decorate one function or class with @udf")
    if len(found) > 1:
        names = ", ".join(sorted(u.name for u in found))
        raise UdfError("several_udfs", f"several @udf definitions found ({names}); define exactly one per column")
    u = found[0]
    target = u.target
    stateful = u.is_class
    fn = target.__call__ if stateful else target
    def_line, param_pos = _positions(source, u.name, stateful)
    if stateful and not callable(getattr(target, "__call__", None)):
        raise UdfError("signature", f"class {u.name} must define __call__", def_line)
    params, hints = _signature(fn, skip_self=stateful)
    if any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params):
        raise UdfError("signature", f"{u.name}: *args/**kwargs parameters are not supported; name each input", def_line)
    names = [p.name for p in params]
    anns = {p.name: hints.get(p.name, inspect.Parameter.empty) for p in params}
    ret = hints.get("return", inspect.Parameter.empty)

    if len(params) == 1 and anns[names[0]] is pa.RecordBatch:
        kind = "record_batch"
    elif params and all(anns[n] is pa.Array for n in names):
        kind = "array"
    else:
        kind = "scalar"
    if not params:
        raise UdfError("signature", f"{u.name} takes no parameters: name the input columns as parameters", def_line)

    dt = u.data_type
    if dt is not None and not isinstance(dt, pa.DataType):
        raise UdfError("data_type", f"data_type must be a pyarrow DataType such as pa.int64(), got {dt!r}", def_line)
    if dt is None:
        if kind != "scalar":
            raise UdfError("data_type", f"data_type is required for batched ({kind}) UDFs: add data_type=pa.<type>() to @udf", def_line)
        dt = annotation_to_arrow(ret) if ret is not inspect.Parameter.empty else None
        if dt is None:
            what = "no return annotation" if ret is inspect.Parameter.empty else f"return annotation {ret!r} has no Arrow mapping"
            raise UdfError(
                "data_type",
                f"data_type is required: {u.name} has {what}; annotate the return type (int, float, str, bool, bytes) or pass data_type=",
                def_line,
            )

    if u.input_columns is not None:
        cols = list(u.input_columns)
        if kind != "record_batch" and len(cols) != len(names):
            raise UdfError("input_columns", f"input_columns has {len(cols)} names but {u.name} takes {len(names)} parameters", def_line)
    else:
        cols = [] if kind == "record_batch" else names
    version = u.version or source_version(source)
    return LoadedUdf(u, u.name, kind, stateful, names, anns, cols, dt, str(version), def_line, param_pos)


def _positions(source: str, name: str, stateful: bool):
    """Line of the `def`/`class` (not its decorator) and of each parameter."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and node.name == name:
            fn = node
            if stateful and isinstance(node, ast.ClassDef):
                fn = next((b for b in node.body if isinstance(b, ast.FunctionDef) and b.name == "__call__"), None)
            args = fn.args.args if fn is not None and not isinstance(fn, ast.ClassDef) else []
            return node.lineno, {a.arg: (a.lineno, a.col_offset + 1) for a in args}
    return 1, {}


def check_against_schema(loaded: LoadedUdf, schema: pa.Schema, output_column: Optional[str] = None) -> LoadedUdf:
    """Check input columns exist and can feed the UDF. A RecordBatch UDF with no
    input_columns reads every column except its own output."""
    available = {f.name: f.type for f in schema}
    if loaded.kind == "record_batch" and not loaded.input_columns:
        loaded.input_columns = [n for n in available if n != output_column]
    for i, col in enumerate(loaded.input_columns):
        param = loaded.params[i] if i < len(loaded.params) and loaded.kind != "record_batch" else None
        line, column = loaded.param_pos.get(param, (loaded.def_line, None)) if param else (loaded.def_line, None)
        if loaded.udf.input_columns is not None:
            line, column = loaded.def_line, None  # named in @udf(input_columns=...), not by the parameter
        if col not in available:
            close = ", ".join(sorted(available))
            raise UdfError("input_column", f"unknown input column '{col}' (table columns: {close})", line, column)
        if col == output_column:
            raise UdfError("input_column", f"column '{col}' cannot be an input of its own UDF", line, column)
        if loaded.kind == "scalar":
            problem = scalar_input_problem(loaded.params[i], loaded.annotations[loaded.params[i]], col, available[col])
            if problem:
                raise UdfError("input_type", problem, line, column)
    return loaded


def validate(source: str, schema: pa.Schema, output_column: Optional[str] = None) -> LoadedUdf:
    return check_against_schema(load_udf(source), schema, output_column)


def format_user_traceback(exc: BaseException) -> str:
    """Traceback trimmed to the user's frames (our executor frames are noise)."""
    tb = traceback.extract_tb(exc.__traceback__)
    frames = [f for f in tb if f.filename == SOURCE_FILENAME or "backfill_studio" not in f.filename]
    lines = ["Traceback (most recent call last):\n"] + traceback.format_list(frames)
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines)


__all__ = ["UdfError", "LoadedUdf", "load_udf", "validate", "check_against_schema", "source_version", "format_user_traceback"]
