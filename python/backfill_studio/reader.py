"""Read a batch's input columns straight from Lance, by row address."""

from __future__ import annotations

from typing import List

import lance
import numpy as np
import pyarrow as pa


def addresses(fragment: int, offsets: np.ndarray) -> np.ndarray:
    return (np.uint64(fragment) << np.uint64(32)) | offsets.astype(np.uint64)


def read_inputs(ds: lance.LanceDataset, fragment: int, offsets: np.ndarray, columns: List[str]) -> pa.RecordBatch:
    """Rows at `offsets` of `fragment`, in order, with a `_rowaddr` column.

    A contiguous range of a fragment without deletions is a plain range scan
    (fast); anything else is a take by address. Rows deleted since planning
    are dropped: the result may be shorter than `offsets`."""
    cols = [c for c in columns if c != "_rowaddr"]
    first, n = int(offsets[0]), len(offsets)
    frag = ds.get_fragment(fragment)
    if frag is None:
        raise LookupError(f"fragment {fragment} no longer exists")
    contiguous = int(offsets[-1]) - first + 1 == n
    if contiguous and frag.metadata.deletion_file is None:
        t = frag.to_table(columns=cols, offset=first, limit=n, with_row_address=True)
    else:
        t = ds._take_rows(addresses(fragment, offsets).tolist(), columns=cols + ["_rowaddr"])
    t = t.combine_chunks()
    if t.num_rows == 0:
        fields = [ds.schema.field(c) for c in cols] + [pa.field("_rowaddr", pa.uint64())]
        return pa.RecordBatch.from_pylist([], schema=pa.schema(fields))
    return t.to_batches()[0]
