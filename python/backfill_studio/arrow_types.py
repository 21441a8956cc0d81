"""Arrow type helpers: Geneva's annotation mapping, exact (de)serialization of
data types for storage in field metadata, and input compatibility checks."""

from __future__ import annotations

import base64
import inspect
import typing
from typing import Any, Optional

import numpy as np
import pyarrow as pa

# Geneva's mapping; note float -> float32, not float64.
PY_TO_ARROW = {
    int: pa.int64(),
    float: pa.float32(),
    str: pa.string(),
    bool: pa.bool_(),
    bytes: pa.binary(),
    np.int64: pa.int64(),
    np.int32: pa.int32(),
    np.float32: pa.float32(),
    np.float64: pa.float64(),
    np.bool_: pa.bool_(),
}


def annotation_to_arrow(ann: Any) -> Optional[pa.DataType]:
    """Map a return annotation to an Arrow type, or None if it has no mapping."""
    if isinstance(ann, pa.DataType):
        return ann
    if ann in PY_TO_ARROW:
        return PY_TO_ARROW[ann]
    origin = typing.get_origin(ann)
    args = typing.get_args(ann)
    if origin is typing.Union and len(args) == 2 and type(None) in args:  # Optional[T]
        return annotation_to_arrow(next(a for a in args if a is not type(None)))
    if origin in (list, typing.List) and len(args) == 1:
        inner = annotation_to_arrow(args[0])
        return pa.list_(inner) if inner is not None else None
    return None


def serialize_type(dt: pa.DataType) -> str:
    """Exact, round-trippable encoding (an IPC schema with one field)."""
    return base64.b64encode(pa.schema([pa.field("v", dt)]).serialize().to_pybytes()).decode()


def deserialize_type(s: str) -> pa.DataType:
    return pa.ipc.read_schema(pa.py_buffer(base64.b64decode(s))).field(0).type


def _kind(dt: pa.DataType) -> str:
    t = pa.types
    if t.is_boolean(dt):
        return "bool"
    if t.is_integer(dt):
        return "int"
    if t.is_floating(dt) or t.is_decimal(dt):
        return "float"
    if t.is_string(dt) or t.is_large_string(dt) or getattr(t, "is_string_view", lambda _: False)(dt):
        return "str"
    if t.is_binary(dt) or t.is_large_binary(dt) or t.is_fixed_size_binary(dt):
        return "bytes"
    if t.is_list(dt) or t.is_large_list(dt) or t.is_fixed_size_list(dt):
        return "list"
    if t.is_struct(dt):
        return "struct"
    return "other"


# Which column kinds can feed a scalar parameter with this annotation.
_ACCEPTS = {
    int: {"int"},
    float: {"float", "int"},
    str: {"str"},
    bytes: {"bytes"},
    bool: {"bool"},
    dict: {"struct"},
    list: {"list"},
    np.ndarray: {"list"},
}


def scalar_input_problem(param: str, ann: Any, column: str, dt: pa.DataType) -> Optional[str]:
    """Return a message if a column of type `dt` cannot feed a scalar parameter
    annotated `ann` (no annotation accepts anything)."""
    if ann is inspect.Parameter.empty or ann is Any:
        return None
    origin = typing.get_origin(ann) or ann
    if origin is typing.Union:
        args = [a for a in typing.get_args(ann) if a is not type(None)]
        origin = typing.get_origin(args[0]) or args[0] if len(args) == 1 else None
    if origin in (typing.List,):
        origin = list
    accepted = _ACCEPTS.get(origin)
    if accepted is None:
        return None  # an annotation we don't model: let it run
    kind = _kind(dt)
    if kind in accepted:
        return None
    name = getattr(origin, "__name__", str(origin))
    return f"parameter '{param}' is annotated {name} but input column '{column}' has type {dt}"
