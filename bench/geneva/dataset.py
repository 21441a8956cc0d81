"""The benchmark's synthetic table, identical for every system.

Row i is a pure function of i (no RNG state carried across calls), so the base
table and the 1 % append are the same bytes whichever process writes them:

- id int64 = i
- s  string: one of 1,009 fixed prefixes (140-240 characters, mostly ASCII with
  some 2- and 3-byte characters, so len() != byte length) + "#<i>", ~215 UTF-8
  bytes, unique per row
- x  float64 = a fixed pseudo-random value in [0, 1000)

Imported by both virtual environments (the project's .venv and Geneva's), so it
uses only numpy and pyarrow.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

ALPHABET = list("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ") + ["é", "ß", "ü", "中", "文"]
N_PREFIXES = 1009
SCHEMA = pa.schema([("id", pa.int64()), ("s", pa.string()), ("x", pa.float64())])

_prefixes: list[str] | None = None


def _prefix_table() -> list[str]:
    global _prefixes
    if _prefixes is None:
        rng = np.random.default_rng(7)
        out = []
        for _ in range(N_PREFIXES):
            n = int(rng.integers(140, 240))
            out.append("".join(rng.choice(ALPHABET, n)))
        _prefixes = out
    return _prefixes


def rows(start: int, count: int) -> pa.Table:
    """Rows start .. start+count-1."""
    p = _prefix_table()
    ids = np.arange(start, start + count, dtype=np.int64)
    # Knuth multiplicative hash -> [0, 1000): deterministic per id, no RNG state.
    x = ((ids.astype(np.uint64) * np.uint64(2654435761)) % np.uint64(1_000_003)).astype(np.float64) / 1000.003
    s = pa.array([f"{p[i % N_PREFIXES]}#{i}" for i in range(start, start + count)], pa.string())
    return pa.table([pa.array(ids), s, pa.array(x)], schema=SCHEMA)


def digest(table: pa.Table, column: str) -> dict:
    """Order-independent fingerprint of a computed column: SHA-256 over the
    int64 bytes of (id, value) sorted by id, plus row and null counts."""
    import hashlib

    t = table.select(["id", column]).sort_by("id")
    ids = t.column("id").combine_chunks()
    vals = t.column(column).combine_chunks()
    h = hashlib.sha256()
    h.update(ids.cast(pa.int64()).to_numpy().tobytes())
    h.update(str(vals.type).encode())
    h.update(vals.fill_null(-1).cast(pa.int64()).to_numpy().tobytes())
    return {"rows": len(t), "nulls": vals.null_count, "sha256": h.hexdigest()}


def expected_digest(count: int) -> dict:
    """What every system must produce for len(s) over rows 0..count-1."""
    import pyarrow.compute as pc

    t = rows(0, count)
    out = pa.table({"id": t.column("id"), "v": pc.cast(pc.utf8_length(t.column("s")), pa.int64())})
    return digest(out, "v")
