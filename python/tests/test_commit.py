import os
import tempfile
import unittest
from unittest import mock

import lance
import pyarrow as pa

from backfill_studio import commit as commit_mod
from backfill_studio.columns import add_column
from backfill_studio.commit import FragmentWork, commit_fragments
from backfill_studio.store import Store

UDF = "from geneva import udf\n@udf\ndef d(id: int) -> int:\n    return id * 2\n"


class CommitTest(unittest.TestCase):
    def setUp(self):
        self.db = tempfile.mkdtemp()
        ds = lance.write_dataset(pa.table({"id": pa.array(range(20), pa.int64()), "s": [str(i) for i in range(20)]}),
                                 os.path.join(self.db, "t.lance"), max_rows_per_file=10)
        add_column(ds, "d", UDF)
        self.store = Store(self.db)

    def works(self, value):
        ds = lance.dataset(self.store.table_uri("t"))
        out = []
        for f in ds.get_fragments():
            rows = f.to_table(columns=["id"], with_row_address=True)
            path = self.store.checkpoint_path("t", "d", f"k{f.fragment_id}-{value}")
            vals = pa.array([value(i) for i in rows.column("id").to_pylist()], pa.int64())
            self.store.write_checkpoint(path, pa.table({"_rowaddr": rows.column("_rowaddr"), "value": vals}), {})
            out.append(FragmentWork(f.fragment_id, [path]))
        return out

    def test_only_the_column_file_is_added_and_other_columns_untouched(self):
        before = {f.fragment_id: [d.path for d in f.metadata.files] for f in lance.dataset(self.store.table_uri("t")).get_fragments()}
        res = commit_fragments(self.store, "t", "d", "v1", {}, self.works(lambda i: i * 2))
        ds = lance.dataset(self.store.table_uri("t"))
        self.assertEqual(ds.to_table(columns=["d"]).column(0).to_pylist(), [i * 2 for i in range(20)])
        for f in ds.get_fragments():
            files = [d.path for d in f.metadata.files]
            self.assertEqual(files[:-1], before[f.fragment_id])  # old files kept as they were
            self.assertEqual(len(files), len(before[f.fragment_id]) + 1)
        self.assertEqual(res["fragments"], [0, 1])

    def test_conflict_is_retried_on_the_latest_version(self):
        real_commit = lance.LanceDataset.commit
        calls = {"n": 0}

        def racing_commit(uri, op, read_version=None, **kw):
            calls["n"] += 1
            if calls["n"] == 1:  # another writer commits this column between our read and our commit
                with mock.patch.object(commit_mod.lance.LanceDataset, "commit", real_commit):
                    commit_fragments(self.store, "t", "d", "v0", {}, self.works(lambda i: -i))
            return real_commit(uri, op, read_version=read_version, **kw)

        works = self.works(lambda i: i + 100)
        with mock.patch.object(commit_mod.lance.LanceDataset, "commit", side_effect=racing_commit):
            res = commit_fragments(self.store, "t", "d", "v1", {}, works)
        self.assertGreaterEqual(res["retries"], 1)
        ds = lance.dataset(self.store.table_uri("t"))
        self.assertEqual(ds.to_table(columns=["d"]).column(0).to_pylist(), [i + 100 for i in range(20)])


if __name__ == "__main__":
    unittest.main()
