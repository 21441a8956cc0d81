"""Backfill planning: which rows to compute, grouped by fragment and cut into
checkpoint-sized batches.

Default (no where): rows whose value is NULL, plus rows whose provenance says
they were computed by another UDF version or from input files that have since
changed. An explicit where is honoured as given (every matching row).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional

import lance
import numpy as np
import pyarrow as pa

from . import provenance as prov
from .store import Store, atomic_write_bytes


class PlanError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Plan:
    read_version: int
    addresses: np.ndarray  # uint64 row addresses to compute, sorted
    checkpoint_size: int
    input_sigs: Dict[int, str]
    counts: dict = field(default_factory=dict)

    def batches(self) -> List[tuple]:
        """[(fragment, offsets ndarray)] in fragment order; deterministic, so a
        resumed job finds the same checkpoint keys."""
        out = []
        if not len(self.addresses):
            return out
        frags = (self.addresses >> np.uint64(32)).astype(np.int64)
        offsets = (self.addresses & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        bounds = np.flatnonzero(np.diff(frags)) + 1
        for part_f, part_o in zip(np.split(frags, bounds), np.split(offsets, bounds)):
            f = int(part_f[0])
            for i in range(0, len(part_o), self.checkpoint_size):
                out.append((f, part_o[i:i + self.checkpoint_size]))
        return out


def fragment_summary(batches: List[tuple]) -> dict:
    """Per planned fragment: rows and batches (columnar, compact for 100k fragments)."""
    ids: List[int] = []
    rows: List[int] = []
    counts: List[int] = []
    for frag, offs in batches:
        if not ids or ids[-1] != frag:
            ids.append(frag)
            rows.append(0)
            counts.append(0)
        rows[-1] += len(offs)
        counts[-1] += 1
    return {"ids": ids, "rows": rows, "batches": counts}


def field_ids(ds: lance.LanceDataset, names: List[str]) -> List[int]:
    ids = []
    for n in names:
        top = n.split(".")[0]
        f = ds.lance_schema.field(top)
        if f is None:
            raise PlanError(f"unknown column '{n}'")
        ids.append(f.id())
    return ids


def _addresses(ds: lance.LanceDataset, where: Optional[str]) -> np.ndarray:
    try:
        t = ds.to_table(columns=[], with_row_address=True, filter=where)
    except Exception as e:  # Lance's parser/planner message names the problem
        raise PlanError(f"invalid where {where!r}: {_clean(e)}") from None
    return t.column("_rowaddr").to_numpy().astype(np.uint64)


def _clean(e: Exception) -> str:
    """Lance's message without Rust source paths, wrappers and repeated causes."""
    msg = re.sub(r",\s*/\S+\.rs:\d+:\d+", "", str(e))
    msg = re.split(r"\s*Caused by:", msg)[0]
    msg = re.sub(r"^.*?lance error:\s*", "", msg)
    while True:
        stripped = re.sub(r"^(Invalid user input|LanceError\(\w+\)):\s*", "", msg)
        if stripped == msg:
            return msg.strip()
        msg = stripped


def validate_where(ds: lance.LanceDataset, where: str) -> None:
    try:
        ds.scanner(columns=[], with_row_address=True, filter=where, limit=1).to_table()
    except Exception as e:
        raise PlanError(f"invalid where {where!r}: {_clean(e)}") from None


def make_plan(store: Store, table: str, ds: lance.LanceDataset, column: str, udf_version: str,
              input_columns: List[str], where: Optional[str], checkpoint_size: int) -> Plan:
    if column not in ds.schema.names:
        raise PlanError(f"column '{column}' not found")
    if checkpoint_size < 1:
        raise PlanError("checkpointSize must be >= 1")
    where = where.strip() if isinstance(where, str) and where.strip() else None
    matching = _addresses(ds, where)
    q = f"`{column}` IS NULL"
    null_addrs = _addresses(ds, f"({where}) AND {q}" if where else q)

    col_ids = prov.column_field_ids(ds, column)
    field_ids(ds, input_columns)  # unknown input columns fail here
    in_ids = [i for c in input_columns for i in prov.column_field_ids(ds, c.split(".")[0])]
    frag_meta = {f.fragment_id: f.metadata for f in ds.get_fragments()}
    input_sigs = {fid: prov.input_signature(m, in_ids) for fid, m in frag_meta.items()}

    # Non-NULL matching rows: done or stale, by fragment provenance.
    non_null = np.setdiff1d(matching, null_addrs, assume_unique=True)
    stale_parts = []
    reasons = {"versionChanged": 0, "inputsChanged": 0, "rewritten": 0}
    if len(non_null):
        frags = (non_null >> np.uint64(32)).astype(np.int64)
        bounds = np.flatnonzero(np.diff(frags)) + 1
        for part in np.split(non_null, bounds):
            fid = int(part[0] >> np.uint64(32))
            meta = frag_meta[fid]
            df = prov.field_file(meta, col_ids)
            p = prov.load(store, table, column, df.path) if df is not None else None
            if p is not None and p.input_sig != input_sigs[fid]:
                stale_parts.append(part)
                reasons["inputsChanged"] += len(part)
            elif p is not None:
                offs = (part & np.uint64(0xFFFFFFFF)).astype(np.int64)
                cur = p.versions.index(udf_version) if udf_version in p.versions else -2
                bad = part[p.codes[offs] != cur]
                stale_parts.append(bad)
                reasons["versionChanged"] += len(bad)
            elif df is not None and not prov.is_own_file(df, col_ids):
                # Values came with a rewrite of whole rows (update, compaction,
                # an append that carried values): inputs may differ, recompute.
                stale_parts.append(part)
                reasons["rewritten"] += len(part)
            # else: a column-only file we did not write: trust it, like Geneva.
    stale = np.concatenate(stale_parts) if stale_parts else np.array([], dtype=np.uint64)

    if where is not None:
        todo = matching
    else:
        todo = np.union1d(null_addrs, stale).astype(np.uint64)
    todo.sort()
    plan = Plan(ds.version, todo, checkpoint_size, input_sigs)
    batches = plan.batches()
    plan.counts = {
        "rowsMatching": int(len(matching)),
        "rowsNull": int(len(null_addrs)),
        "rowsStale": int(len(stale)),
        "staleReasons": reasons,
        "rowsDone": int(len(matching) - len(null_addrs) - len(stale)),
        "rowsToCompute": int(len(todo)),
        "fragments": int(len({b[0] for b in batches})),
        "batches": len(batches),
        "explicitWhere": where is not None,
        "readVersion": ds.version,
    }
    return plan


def save_plan(path: str, plan: Plan) -> None:
    t = pa.table({"_rowaddr": pa.array(plan.addresses, pa.uint64())})
    t = t.replace_schema_metadata({"read_version": str(plan.read_version), "checkpoint_size": str(plan.checkpoint_size)})
    sink = pa.BufferOutputStream()
    with pa.ipc.new_file(sink, t.schema) as w:
        w.write_table(t)
    atomic_write_bytes(path, sink.getvalue().to_pybytes())


def load_plan(path: str, input_sigs: Dict[int, str]) -> Plan:
    with pa.memory_map(path) as src:
        t = pa.ipc.open_file(src).read_all()
    md = t.schema.metadata
    addrs = t.column("_rowaddr").to_numpy().astype(np.uint64)
    return Plan(int(md[b"read_version"]), addrs, int(md[b"checkpoint_size"]), input_sigs)
