"""UDF columns: add a nullable all-NULL field carrying the UDF in its metadata
(no data rewrite), replace a column's UDF, and read the UDF back. Any process
that opens the table (Node, Python, Ray) finds the UDF with the column."""

from __future__ import annotations

import json
import re
from typing import Optional

import lance
import pyarrow as pa

from .arrow_types import deserialize_type, serialize_type
from .loader import LoadedUdf, validate

UDF_KEY = "backfill_studio.udf"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_\- ]{0,127}$")


class ColumnError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def udf_metadata(loaded: LoadedUdf, source: str) -> dict:
    spec = loaded.describe()
    spec["source"] = source
    spec["dataTypeIpc"] = serialize_type(loaded.data_type)
    return {
        UDF_KEY: json.dumps(spec),
        # Geneva's keys too, so its tooling recognises a computed column.
        "virtual_column": "true",
        "virtual_column.udf_backend": "backfill_studio",
        "virtual_column.udf_name": loaded.name,
        "virtual_column.udf_inputs": json.dumps(loaded.input_columns),
        **{str(k): str(v) for k, v in (loaded.udf.field_metadata or {}).items()},
    }


def read_udf(ds: lance.LanceDataset, column: str) -> Optional[dict]:
    field = ds.schema.field(column) if column in ds.schema.names else None
    if field is None or not field.metadata or UDF_KEY.encode() not in field.metadata:
        return None
    return json.loads(field.metadata[UDF_KEY.encode()])


def spec_type(spec: dict) -> pa.DataType:
    return deserialize_type(spec["dataTypeIpc"])


def add_column(ds: lance.LanceDataset, name: str, source: str) -> dict:
    if not isinstance(name, str) or not _NAME.match(name):
        raise ColumnError(400, f"invalid column name {name!r}: use letters, digits, '_', '-' or spaces, starting with a letter or '_'")
    if name in ds.schema.names:
        raise ColumnError(409, f"column '{name}' already exists")
    loaded = validate(source, ds.schema, output_column=name)
    ds.add_columns(pa.field(name, loaded.data_type, nullable=True, metadata=udf_metadata(loaded, source)))
    return read_udf(lance.dataset(ds.uri), name)


def replace_udf(ds: lance.LanceDataset, column: str, source: str) -> dict:
    """Point the column at a new UDF. Existing values stay; the version changes,
    so the next default backfill recomputes rows made by the old version."""
    if column not in ds.schema.names:
        raise ColumnError(404, f"column '{column}' not found")
    if read_udf(ds, column) is None:
        raise ColumnError(400, f"column '{column}' has no UDF: only UDF columns can have their UDF replaced")
    loaded = validate(source, ds.schema, output_column=column)
    current = ds.schema.field(column).type
    if loaded.data_type != current:
        raise ColumnError(400, f"the new UDF returns {loaded.data_type} but column '{column}' is {current}; "
                               "drop and re-add the column to change its type")
    md = udf_metadata(loaded, source)
    old = {k.decode(): v.decode() for k, v in (ds.schema.field(column).metadata or {}).items()}
    for k in list(old):
        if k == UDF_KEY or k.startswith("virtual_column"):
            del old[k]
    ds.replace_field_metadata(column, {**old, **md})
    return read_udf(lance.dataset(ds.uri), column)
