// Node's @lancedb/lancedb 0.31 (Lance 8.0) and the Python data plane's pinned
// pylance 8.0 read each other's writes, including our column commits.
import * as lancedb from "@lancedb/lancedb";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { py, pyJson } from "../helpers/python";
import { tempDir } from "../helpers/server";

// lancedb is CommonJS: build Arrow data with its instance (dual-package hazard).
const arrow: typeof import("apache-arrow") = createRequire(import.meta.url)("apache-arrow");

describe("Node <-> Python cross-read", () => {
  it("pylance reads a table written by Node, including appends and new columns", async () => {
    const db = tempDir();
    const conn = await lancedb.connect(db);
    const schema = new arrow.Schema([
      new arrow.Field("id", new arrow.Int64(), true),
      new arrow.Field("name", new arrow.Utf8(), true),
      new arrow.Field("score", new arrow.Float32(), true),
    ]);
    const rows = (from: number, n: number) =>
      Array.from({ length: n }, (_, k) => ({ id: from + k, name: `n${from + k}`, score: (from + k) / 4 }));
    const t = await conn.createTable("from_node", rows(0, 500), { schema });
    await t.add(rows(500, 250));
    await t.addColumns([{ name: "double_score", valueSql: "CAST(score * 2 AS DOUBLE)" }]);
    const got = pyJson(`
import sys, json, lance
ds = lance.dataset(sys.argv[1] + "/from_node.lance")
t = ds.to_table().sort_by("id")
print(json.dumps({"n": t.num_rows, "frags": len(ds.get_fragments()), "names": t.column("name").to_pylist()[::250],
                  "score": t.column("score").to_pylist()[749], "dbl": t.column("double_score").to_pylist()[3]}))
`, [db]);
    expect(got).toEqual({ n: 750, frags: 2, names: ["n0", "n250", "n500"], score: 749 / 4, dbl: 1.5 });
  });

  it("Node reads a table written by pylance and a column committed by the data plane", async () => {
    const db = tempDir();
    py(`
import sys, lance, pyarrow as pa
from backfill_studio.columns import add_column
from backfill_studio.commit import commit_fragments, FragmentWork
from backfill_studio.store import Store
db = sys.argv[1]
t = pa.table({"id": pa.array(range(3000), pa.int64()), "s": [f"v{i}" for i in range(3000)],
              "tags": pa.array([[i, i + 1] for i in range(3000)], pa.list_(pa.int32()))})
ds = lance.write_dataset(t, db + "/from_py.lance", max_rows_per_file=1000)
add_column(ds, "slen", "from geneva import udf\\n@udf\\ndef slen(s: str) -> int:\\n    return len(s)\\n")
store = Store(db)
ds = lance.dataset(db + "/from_py.lance")
works = []
for f in ds.get_fragments():
    rows = f.to_table(columns=["s"], with_row_address=True)
    path = store.checkpoint_path("from_py", "slen", f"test-{f.fragment_id}")
    vals = pa.array([len(x) for x in rows.column("s").to_pylist()], pa.int64())
    store.write_checkpoint(path, pa.table({"_rowaddr": rows.column("_rowaddr"), "value": vals}), {})
    works.append(FragmentWork(f.fragment_id, [path]))
commit_fragments(store, "from_py", "slen", "v1", {}, works)
`, [db]);
    const conn = await lancedb.connect(db);
    const t = await conn.openTable("from_py");
    expect(await t.countRows()).toBe(3000);
    const rows = await t.query().select(["id", "s", "slen", "tags"]).toArray();
    rows.sort((a, b) => Number(a.id) - Number(b.id));
    expect(rows.map((r) => Number(r.slen))).toEqual(Array.from({ length: 3000 }, (_, i) => `v${i}`.length));
    expect(Array.from(rows[2999].tags.toArray())).toEqual([2999, 3000]);
    const field = (await t.schema()).fields.find((f) => f.name === "slen")!;
    expect(JSON.parse(field.metadata.get("backfill_studio.udf")!).name).toBe("slen");
    expect(await t.countRows("slen IS NULL")).toBe(0);
  });
});
