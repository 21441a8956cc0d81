"""Commit checkpointed values as one new column data file per fragment.

The file holds only this column's field, so the table's other columns are
never rewritten. A group of fragments is committed in one Lance transaction:
`DataReplacement` normally; `Merge` (tombstoning the field in the old file)
when compaction or an update left the field inside a multi-column file.
A conflict with another writer is retried on the latest version.
"""

from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass
from typing import Dict, List

import lance
import numpy as np
import pyarrow as pa
from lance.file import LanceFileWriter
from lance.fragment import DataFile

from . import provenance as prov
from .store import Store

TOMBSTONE = -2
MAX_CONFLICT_RETRIES = 10


class FragmentGone(Exception):
    pass


@dataclass
class FragmentWork:
    fragment: int
    checkpoints: List[str]  # checkpoint file paths: columns _rowaddr, value


@dataclass
class StagedFile:
    fragment: int
    data_file: DataFile
    shared_old: bool  # the field currently lives in a multi-column file
    bytes_written: int


_layouts: Dict[tuple, tuple] = {}


def column_layout(ds: lance.LanceDataset, column: str) -> tuple:
    """(field ids, column indices) of a data file holding just `column`.

    Nested types own several field ids (a struct and its children) and only
    leaves get column indices; rather than re-deriving Lance's rules, let Lance
    write a one-row dataset of the same field and map its ids onto ours (both
    are assigned in pre-order)."""
    field = ds.schema.field(column)
    key = (str(field.type), ds.data_storage_version)
    if key not in _layouts:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            probe = lance.write_dataset(pa.table({column: pa.nulls(1, field.type)}), tmp,
                                        data_storage_version=ds.data_storage_version)
            df = probe.get_fragments()[0].metadata.files[0]
            order = prov.column_field_ids(probe, column)
            _layouts[key] = ([order.index(i) for i in df.fields], list(df.column_indices))
    positions, indices = _layouts[key]
    ours = prov.column_field_ids(ds, column)
    return [ours[i] for i in positions], indices


def _assemble(ds: lance.LanceDataset, frag_id: int, column: str, field: pa.Field, work: FragmentWork,
              store: Store, table: str, col_ids: List[int], udf_version: str, input_sig: str):
    frag = ds.get_fragment(frag_id)
    if frag is None:
        raise FragmentGone(f"fragment {frag_id} no longer exists (compaction or delete during the backfill); re-run to recompute it")
    meta = frag.metadata
    n = meta.physical_rows
    old_file = prov.field_file(meta, col_ids)

    parts = [Store.read_checkpoint(p) for p in work.checkpoints]
    new = pa.concat_tables(parts) if parts else None
    new_offs = (new.column("_rowaddr").to_numpy() & np.uint64(0xFFFFFFFF)).astype(np.int64) if new else np.array([], np.int64)
    new_vals = new.column("value").combine_chunks() if new else pa.array([], field.type)

    # Keep values of rows this job did not compute (a filtered backfill).
    if old_file is not None:
        old = frag.to_table(columns=[column], with_row_address=True)
        old_offs = (old.column("_rowaddr").to_numpy() & np.uint64(0xFFFFFFFF)).astype(np.int64)
        old_vals = old.column(column).combine_chunks()
    else:
        old_offs, old_vals = np.array([], np.int64), pa.array([], field.type)
    if new_vals.type != field.type:
        new_vals = new_vals.cast(field.type)
    pool = pa.concat_arrays([old_vals, new_vals, pa.nulls(1, field.type)])
    null_idx = len(pool) - 1
    idx = np.full(n, null_idx, dtype=np.int64)
    idx[old_offs] = np.arange(len(old_offs))
    idx[new_offs] = len(old_offs) + np.arange(len(new_offs))
    values = pool.take(pa.array(idx))

    # Provenance: carry the old file's per-row versions, stamp the new rows.
    p_old = prov.load(store, table, column, old_file.path) if old_file is not None else None
    codes = np.full(n, prov.UNKNOWN, np.int32)
    versions: List[str] = []
    if p_old is not None and len(p_old.codes) == n and p_old.input_sig == input_sig:
        codes, versions = p_old.codes.copy(), list(p_old.versions)
    p_new = prov.Provenance(frag_id, input_sig, versions, codes)
    p_new.codes[new_offs] = p_new.code_for(udf_version)

    name = f"{uuid.uuid4().hex}.lance"
    path = os.path.join(ds.uri, "data", name)
    writer = LanceFileWriter(path, pa.schema([field]), version=ds.data_storage_version)
    writer.write_batch(pa.record_batch([values], schema=pa.schema([field])))
    writer.close()
    size = os.path.getsize(path)
    major, minor = (int(x) for x in ds.data_storage_version.split("."))
    ids, indices = column_layout(ds, column)
    df = DataFile(name, ids, indices, major, minor, size)
    prov.save(store, table, column, name, p_new)  # before the commit: see provenance.py
    shared = old_file is not None and not prov.is_own_file(old_file, ids)
    return StagedFile(frag_id, df, shared, size)


def _is_conflict(e: Exception) -> bool:
    s = str(e).lower()
    return "conflict" in s or "retryable" in s or "concurrent" in s


def _merge_op(ds: lance.LanceDataset, staged: Dict[int, StagedFile], column: str):
    col_ids = set(prov.column_field_ids(ds, column))
    frags = []
    for f in ds.get_fragments():
        m = f.metadata
        s = staged.get(m.id)
        if s is not None:
            files = []
            for df in m.files:
                if col_ids & set(df.fields) and not prov.is_own_file(df, list(col_ids)):
                    df = DataFile(df.path, [TOMBSTONE if x in col_ids else x for x in df.fields], df.column_indices,
                                  df.file_major_version, df.file_minor_version, df.file_size_bytes)
                elif col_ids & set(df.fields):
                    continue  # our previous file for this column: replaced
                files.append(df)
            files.append(s.data_file)
            m.files = files
        frags.append(m)
    return lance.LanceOperation.Merge(frags, ds.schema)


def commit_fragments(store: Store, table: str, column: str, udf_version: str, input_sigs: Dict[int, str],
                     works: List[FragmentWork]) -> dict:
    """Stage one file per fragment, then commit them together. Returns
    {version, fragments, failed: {frag: message}, bytes}."""
    uri = store.table_uri(table)
    ds = lance.dataset(uri)
    field = ds.schema.field(column)
    col_ids = prov.column_field_ids(ds, column)
    staged: Dict[int, StagedFile] = {}
    failed: Dict[int, str] = {}
    for w in works:
        try:
            staged[w.fragment] = _assemble(ds, w.fragment, column, field, w, store, table, col_ids, udf_version,
                                           input_sigs.get(w.fragment, ""))
        except FragmentGone as e:
            failed[w.fragment] = str(e)
    if not staged:
        return {"version": ds.version, "fragments": [], "failed": failed, "bytes": 0}

    attempt = 0
    while True:
        try:
            if any(s.shared_old for s in staged.values()):
                op = _merge_op(ds, staged, column)
            else:
                op = lance.LanceOperation.DataReplacement(
                    [lance.LanceOperation.DataReplacementGroup(s.fragment, s.data_file) for s in staged.values()])
            new_ds = lance.LanceDataset.commit(uri, op, read_version=ds.version)
            break
        except Exception as e:
            if not _is_conflict(e) or attempt >= MAX_CONFLICT_RETRIES:
                raise
            attempt += 1
            time.sleep(min(0.05 * 2 ** attempt, 2.0))
            ds = lance.dataset(uri)  # retry the same files on the latest version
    return {"version": new_ds.version, "fragments": sorted(staged), "failed": failed,
            "bytes": sum(s.bytes_written for s in staged.values()), "retries": attempt}
