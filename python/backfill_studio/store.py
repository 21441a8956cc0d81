"""Where durable state lives, and how it is written atomically.

Layout under the state root (default `<db>/.backfill-studio`, which LanceDB
does not list as a table because it has no `.lance` suffix):

  checkpoints/<table>/<column>/<key>.arrow   one finished batch each
  provenance/<table>/<column>/<datafile>.json  which UDF version computed each
                                               row of a committed column file
  jobs/<id>/                                 params, plan, commit log, errors
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from typing import Any, Iterable, Optional

import pyarrow as pa


def fsync_dir(path: str) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: str, data: bytes) -> None:
    """Write-then-rename, fsynced: a reader sees the whole file or none."""
    d = os.path.dirname(path)
    os.makedirs(d, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(d)


def atomic_write_json(path: str, obj: Any) -> None:
    atomic_write_bytes(path, json.dumps(obj).encode())


def append_jsonl(path: str, records: Iterable[dict]) -> None:
    """Append lines and fsync; a torn last line is ignored by `read_jsonl`."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "a") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
        f.flush()
        os.fsync(f.fileno())


def read_jsonl(path: str) -> list:
    out = []
    try:
        with open(path) as f:
            for line in f:
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError:
                    pass  # torn write at a crash
    except FileNotFoundError:
        pass
    return out


def _safe(name: str) -> str:
    # Table and column names become path segments; keep them unambiguous.
    return name.replace("%", "%25").replace("/", "%2F")


class Store:
    def __init__(self, db_uri: str, state_dir: Optional[str] = None):
        self.db_uri = db_uri
        self.root = state_dir or os.environ.get("BFS_STATE_DIR") or os.path.join(db_uri, ".backfill-studio")

    def table_uri(self, table: str) -> str:
        return os.path.join(self.db_uri, f"{table}.lance")

    def checkpoint_dir(self, table: str, column: str) -> str:
        return os.path.join(self.root, "checkpoints", _safe(table), _safe(column))

    def checkpoint_path(self, table: str, column: str, key: str) -> str:
        return os.path.join(self.checkpoint_dir(table, column), f"{key}.arrow")

    def provenance_path(self, table: str, column: str, data_file: str) -> str:
        return os.path.join(self.root, "provenance", _safe(table), _safe(column), os.path.basename(data_file) + ".json")

    def job_dir(self, job_id: str) -> str:
        return os.path.join(self.root, "jobs", job_id)

    # -- checkpoints ---------------------------------------------------------
    def write_checkpoint(self, path: str, table: pa.Table, meta: dict) -> None:
        table = table.replace_schema_metadata({k: str(v) for k, v in meta.items()})
        sink = pa.BufferOutputStream()
        with pa.ipc.new_file(sink, table.schema) as w:
            w.write_table(table)
        atomic_write_bytes(path, sink.getvalue().to_pybytes())

    @staticmethod
    def read_checkpoint(path: str) -> pa.Table:
        with pa.memory_map(path) as src:
            return pa.ipc.open_file(src).read_all()


def batch_key(column: str, udf_version: str, fragment: int, offsets, input_sig: str) -> str:
    """Checkpoint key: column, UDF version, fragment, row range (and the exact
    offsets, for filtered plans with gaps) and the input data signature."""
    h = hashlib.sha256()
    first, last = int(offsets[0]), int(offsets[-1])
    h.update(f"{column}\0{udf_version}\0{fragment}\0{first}-{last}\0{len(offsets)}\0{input_sig}\0".encode())
    if last - first + 1 != len(offsets):
        h.update(memoryview(offsets.astype("uint32", copy=False)).tobytes())
    return f"f{fragment}-r{first}-{last}-{h.hexdigest()[:24]}"
