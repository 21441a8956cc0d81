"""Per-row provenance of committed UDF values.

Each column data file we commit gets a sidecar saying, for every physical row
of its fragment, which UDF version computed it, and from which input files.
The sidecar is keyed by the data file's name and written *before* the commit,
so it is valid exactly when that file is the one the fragment references.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import List, Optional

import numpy as np

from .store import Store, atomic_write_json

UNKNOWN = -1


def column_field_ids(ds, column: str) -> List[int]:
    """The field ids a column owns, in pre-order (a struct owns its children)."""
    def walk(f):
        ids = [f.id()]
        for c in f.children():
            ids += walk(c)
        return ids
    return walk(ds.lance_schema.field(column))


def is_own_file(data_file, column_ids: List[int]) -> bool:
    """True when the file holds this column only (as our commits write it)."""
    return set(data_file.fields) <= set(column_ids)


def field_file(fragment_meta, column_ids: List[int]):
    """The data file of a fragment that holds the column, or None (all NULL).
    Files list leaf ids only, so a struct is found by any of its ids."""
    wanted = set(column_ids)
    for df in fragment_meta.files:
        if wanted & set(df.fields):
            return df
    return None


def input_signature(fragment_meta, input_field_ids: List[int]) -> str:
    """Hash of the data files that hold the UDF's inputs in this fragment: it
    changes when any input column of the fragment is rewritten."""
    wanted = set(input_field_ids)
    paths = sorted(df.path for df in fragment_meta.files if wanted & set(df.fields))
    return hashlib.sha256("\n".join(paths).encode()).hexdigest()[:16]


@dataclass
class Provenance:
    fragment: int
    input_sig: str
    versions: List[str]
    codes: np.ndarray  # int32 per physical row: index into versions, or UNKNOWN

    def to_json(self) -> dict:
        runs = []
        codes = self.codes
        if len(codes):
            change = np.flatnonzero(np.diff(codes)) + 1
            starts = np.concatenate([[0], change])
            ends = np.concatenate([change, [len(codes)]])
            runs = [[int(s), int(e), int(codes[s])] for s, e in zip(starts, ends)]
        return {"fragment": self.fragment, "inputSig": self.input_sig, "versions": self.versions,
                "rows": int(len(codes)), "runs": runs}

    @staticmethod
    def from_json(d: dict) -> "Provenance":
        codes = np.full(d["rows"], UNKNOWN, dtype=np.int32)
        for s, e, c in d["runs"]:
            codes[s:e] = c
        return Provenance(d["fragment"], d["inputSig"], list(d["versions"]), codes)

    def code_for(self, version: str) -> int:
        if version not in self.versions:
            self.versions.append(version)
        return self.versions.index(version)


def load(store: Store, table: str, column: str, data_file: str) -> Optional[Provenance]:
    try:
        with open(store.provenance_path(table, column, data_file)) as f:
            return Provenance.from_json(json.load(f))
    except (FileNotFoundError, json.JSONDecodeError, KeyError):
        return None


def save(store: Store, table: str, column: str, data_file: str, prov: Provenance) -> None:
    atomic_write_json(store.provenance_path(table, column, data_file), prov.to_json())
