"""Arrow/Python values to JSON-safe values (the control plane speaks JSON)."""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import math
from typing import Any

import numpy as np

MAX_BYTES = 2 * 1024 * 1024


def to_json(v: Any) -> Any:
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, (bytes, bytearray, memoryview)):
        b = bytes(v)
        # Binary travels tagged, so the UI can tell it from text (and show images).
        return {"$bytes": base64.b64encode(b).decode() if len(b) <= MAX_BYTES else None, "size": len(b)}
    if isinstance(v, dict):
        return {str(k): to_json(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [to_json(x) for x in v]
    if isinstance(v, np.ndarray):
        return to_json(v.tolist())
    if isinstance(v, np.generic):
        return to_json(v.item())
    if isinstance(v, (dt.datetime, dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, dt.timedelta):
        return v.total_seconds()
    if isinstance(v, decimal.Decimal):
        return str(v)
    return repr(v)
